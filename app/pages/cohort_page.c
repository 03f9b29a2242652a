/*
 * cohort_page: the cohort's HTML pages. Each reads its input (the cohort
 * form through cohort_form_read), calls the domain (course.h for a save,
 * cohort.h for state and staff) and answers with a page, a redirect or
 * the form again with the field that is wrong.
 */
#include "cohort_page.h"

#include "closure_page.h"
#include "cohort.h"
#include "cohort_form.h"
#include "cohort_load.h"
#include "course.h"
#include "day_view.h"
#include "db.h"
#include "http.h"
#include "organisation.h"
#include "organisations.h"
#include "participant.h"
#include "participants.h"
#include "report.h"
#include "timeline.h"

#include <stdio.h>
#include <string.h>

/* To the cohort's page. */
static int cohort_page_redirect(struct req *r, int64_t id)
{
	char loc[64];

	snprintf(loc, sizeof(loc), "/cohorts/%lld", (long long)id);
	return http_redirect(r, loc);
}

static void cohort_view_date(struct view *v, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1], da[64], key[64];

	date_format_iso(d, iso);
	date_format_da(d, da, sizeof(da));
	view_set(v, name, iso);
	snprintf(key, sizeof(key), "%s_da", name);
	view_set(v, key, da);
}

static void cohort_view_basics(struct view *v, const struct cohort *c)
{
	char t[6];

	view_set_int(v, "id", c->id);
	view_set(v, "name", c->name);
	view_set(v, "status", cohort_status_names[c->status]);
	view_set(v, "status_label", cohort_status_label(c->status));
	view_set(v, "job_centre", c->job_centre);
	view_set(v, "provider", c->provider);
	view_set(v, "venue_name", c->venue_name);
	view_set(v, "venue_address", c->venue_address);
	view_set_int(v, "capacity", c->capacity);
	view_set(v, "cancel_reason", c->cancel_reason);
	view_set(v, "model_label", cohort_model_labels[c->org_model & 3]);
	cohort_view_date(v, "first_teaching_day", c->plan.first_teaching_day);
	date_format_hhmm(c->plan.start_min, t);
	view_set(v, "start_time", t);
	date_format_hhmm(c->plan.end_min, t);
	view_set(v, "end_time", t);
}

/* The list. */

static void cohort_list_row(void *ctx, const struct cohort *c, long days)
{
	struct view *row = view_add(ctx, "cohorts");

	cohort_view_basics(row, c);
	view_set_int(row, "days", days);
}

int cohort_page_list(struct req *r)
{
	struct actor a = http_actor(r);
	const char *status = http_query(r, "status");
	struct view *v = view_new();
	int i, rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	if (status == NULL || !*status)
		status = "";
	view_set(v, "title", "Hold");
	view_set_bool(v, "may_create", a.role == ROLE_PROJECT_LEADER);
	for (i = 0; i < COHORT_STATUS__MAX; i++) {
		struct view *o = view_add(v, "statuses");

		view_set(o, "value", cohort_status_names[i]);
		view_set(o, "label", cohort_status_label(i));
		view_set_bool(o, "selected",
			      strcmp(status, cohort_status_names[i]) == 0);
	}
	view_list(v, "cohorts");
	/* An unknown status shows no cohort, as the filter of none. */
	i = *status ? cohort_status_parse(status) : -1;
	rc = *status && i < 0 ? 0
			      : cohort_list(r->db, &a, i, cohort_list_row, v);
	rc = rc == 0 ? http_page(r, 200, "cohorts.html", v)
		     : http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

/* The form. */

static void cohort_form_view(struct req *r, struct view *v,
			     const struct cohort *c,
			     const char *const *criteria,
			     const struct cohort_triggers *tr)
{
	static const char *const weekdays[5] = {"Mandag", "Tirsdag", "Onsdag",
						"Torsdag", "Fredag"};
	struct buf text = BUF_INIT(16384);
	char t[6];
	int i;

	cohort_view_basics(v, c);
	organisations_options_of(r->db, v, "job_centres", "job_centre",
				 c->job_centre_id);
	organisations_options_of(r->db, v, "providers", "provider",
				 c->provider_id);
	view_set_int(v, "org_model", c->org_model);
	view_set_int(v, "prep_weeks", c->plan.prep_weeks);
	view_set_int(v, "teaching_weeks", c->plan.teaching_weeks);
	view_set_int(v, "internship_weeks", c->plan.internship_weeks);
	view_set_int(v, "absence_streak", tr->absence_streak);
	view_set_int(v, "attendance_floor", tr->attendance_floor);
	for (i = 1; i <= 5; i++) {
		struct view *d = view_add(v, "weekdays");

		view_set_int(d, "value", i);
		view_set(d, "label", weekdays[i - 1]);
		view_set_bool(d, "checked",
			      c->plan.teaching_weekdays & PLAN_WEEKDAY_BIT(i));
		view_set_bool(d, "weekly",
			      c->plan.weekly_teaching_weekday == i);
	}
	for (i = 1; i <= 3; i++) {
		struct view *m = view_add(v, "models");

		view_set_int(m, "value", i);
		view_set(m, "label", cohort_model_labels[i]);
		view_set_bool(m, "checked", c->org_model == i);
	}
	if (c->plan.first_teaching_day == 0)
		view_set(v, "first_teaching_day", "");
	date_format_hhmm(c->plan.start_min, t);
	view_set(v, "start_time", t);
	for (i = 0; criteria && criteria[i]; i++)
		buf_printf(&text, "%s%s", i ? "\n" : "", criteria[i]);
	view_set(v, "target_group", text.data);
	buf_free(&text);
}

/* t NULL: the stored triggers (the defaults for a new cohort). */
static int cohort_form_render(struct req *r, int status, const struct cohort *c,
			      const char *const *criteria,
			      const struct cohort_triggers *t,
			      const struct form_invalid *bad)
{
	struct cohort_triggers stored;
	struct view *v = view_new();
	int rc;

	if (t == NULL && cohort_triggers_get(r->db, c->id, &stored) == 0)
		t = &stored;
	if (v == NULL || t == NULL) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	view_set(v, "title", c->id ? "Ret hold" : "Nyt hold");
	view_set_bool(v, "editing", c->id != 0);
	view_set(v, "error", bad ? bad->message : NULL);
	view_set(v, "error_field", bad ? bad->field : NULL);
	cohort_form_view(r, v, c, criteria, t);
	rc = http_page(r, status, "cohort_form.html", v);
	view_free(v);
	return rc;
}

int cohort_page_new(struct req *r)
{
	struct actor a = http_actor(r);
	struct cohort c;

	cohort_defaults(&c, &a);
	return cohort_form_render(r, 200, &c, cohort_default_criteria, NULL,
				  NULL);
}

/* Saves the form over base (a new cohort, or old): to the cohort's page,
 * or the form again with what is wrong. */
static int cohort_page_save(struct req *r, const struct cohort *base,
			    const struct cohort *old)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct cohort_form cf;
	const char *const *criteria;
	int64_t id = old ? old->id : 0;
	struct db *w;
	int rc = cohort_form_read(r->db, &r->form, base, &cf, &bad);

	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = old ? course_cohort_update(w, &a, old, &cf.in, &bad)
			 : course_cohort_create(w, &a, &cf.in, &id, &bad);
		db_writer_unlock(w);
	}
	if (rc == RESULT_INVALID) {
		criteria = cf.in.criteria_given ? cf.in.criteria
			   : old		? NULL
						: cohort_default_criteria;
		rc = cohort_form_render(r, 422, &cf.in.c, criteria,
					&cf.in.triggers, &bad);
	} else if (rc != RESULT_OK) {
		rc = http_result(r, rc, &bad);
	} else {
		rc = cohort_page_redirect(r, id);
	}
	cohort_form_free(&cf);
	return rc;
}

int cohort_page_create(struct req *r)
{
	struct actor a = http_actor(r);
	struct cohort base;

	cohort_defaults(&base, &a);
	return cohort_page_save(r, &base, NULL);
}

int cohort_page_edit(struct req *r)
{
	struct cohort_criteria l;
	struct cohort c;
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	if (cohort_criteria_get(r->db, c.id, &l) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = cohort_form_render(r, 200, &c, (const char *const *)l.text,
					NULL, NULL);
	cohort_criteria_free(&l);
	return rc;
}

int cohort_page_update(struct req *r)
{
	struct cohort c;
	int rc = cohort_load(r, r->params[0], &c, true);

	return rc ? rc : cohort_page_save(r, &c, &c);
}

/* The cohort page. */

static void cohort_staff_view(void *ctx, const struct cohort_staff_member *m)
{
	struct view *s = view_add(ctx, "staff");

	view_set_int(s, "user_id", m->user_id);
	view_set(s, "name", m->name);
	view_set(s, "role", m->role);
	view_set(s, "role_label", cohort_staff_label(m->role));
}

static void cohort_conflict_view(void *ctx, const struct cohort_conflict *x)
{
	struct view *s = view_add(ctx, "conflicts");
	char da[64];

	date_format_da(x->date, da, sizeof(da));
	view_set(s, "date_da", da);
	view_set(s, "instructor", x->instructor);
	view_set(s, "other_cohort", x->other_cohort);
}

static void cohort_candidate_view(void *ctx, const struct cohort_candidate *u)
{
	struct view *s = view_add(ctx, "candidates");
	int role = role_parse(u->role);

	view_set_int(s, "id", u->user_id);
	view_set(s, "name", u->name);
	view_set(s, "role", u->role);
	view_set(s, "role_label", role_label(role < 0 ? ROLE__MAX : role));
	view_set(s, "organisation", u->organisation);
}

static void cohort_phase_view(struct view *v, const char *label, date_t from,
			      date_t to)
{
	struct view *ph = view_add(v, "phases");
	char da[64];

	view_set(ph, "label", label);
	date_format_da(from, da, sizeof(da));
	view_set(ph, "from", da);
	if (to) {
		date_format_da(to, da, sizeof(da));
		view_set(ph, "to", da);
	}
}

static void cohort_plan_view(struct view *v, const struct plan *p)
{
	char text[256];
	size_t i;

	cohort_phase_view(v, "Henvisning", p->referral_start,
			  p->referral_deadline);
	cohort_phase_view(v, "Forberedelse", p->prep_start, p->prep_end);
	cohort_phase_view(v, "Undervisning", p->teaching_start,
			  p->teaching_end);
	cohort_phase_view(v, "Praktik og opfølgning", p->internship_start,
			  p->internship_end);
	cohort_phase_view(v, "Efterværn", p->aftercare_start, 0);
	view_set_int(v, "total_weeks", p->total_weeks);
	view_set_int(v, "teaching_days", (long)p->nteaching_days);
	view_set_int(v, "weekly_days", (long)p->nweekly_days);
	view_list(v, "warnings");
	for (i = 0; i < p->nwarnings; i++) {
		plan_warning_format(&p->warnings[i], text, sizeof(text));
		view_set(view_add(v, "warnings"), "text", text);
	}
}

/* The cohort's row of the outcome report, once it has participants;
 * mentors see none. */
static int cohort_report_view(struct req *r, const struct actor *a,
			      const struct cohort *c, struct view *v)
{
	struct report_row n;
	struct view *t;

	if (a->role == ROLE_MENTOR)
		return 0;
	if (report_cohort(r->db, c->id, &n) < 0)
		return -1;
	if (n.referred == 0)
		return 0;
	t = view_add(v, "report");
	view_set_int(t, "referred", n.referred);
	view_set_int(t, "started", n.started);
	view_set_int(t, "completed", n.completed);
	view_set_int(t, "job", n.job);
	view_set_int(t, "education", n.education);
	view_set_int(t, "extended_internship", n.extended_internship);
	view_set_int(t, "other", n.other);
	return 0;
}

/* The week's host feedback to export: who works with the cohort but
 * mentors (feedback_export.c), this week by default. */
static void cohort_page_feedback(struct view *v, const struct actor *a)
{
	int year, week = date_iso_week(date_monday(date_today()), &year);

	view_set_bool(v, "sees_feedback",
		      a->role == ROLE_PROJECT_LEADER ||
			      a->role == ROLE_INSTRUCTOR ||
			      a->role == ROLE_CASEWORKER ||
			      a->role == ROLE_CONSULTANT);
	view_setf(v, "feedback_week", "%d-W%02d", year, week);
}

/* The attendance triggers, and links to the numbers for those who may
 * see them (attendance_stats.c: leaders, instructors, caseworkers). */
static int cohort_attendance_view(struct req *r, const struct actor *a,
				  const struct cohort *c, struct view *v)
{
	struct cohort_triggers t;

	if (cohort_triggers_get(r->db, c->id, &t) < 0)
		return -1;
	view_set_int(v, "absence_streak", t.absence_streak);
	view_set_int(v, "attendance_floor", t.attendance_floor);
	view_set_bool(v, "sees_attendance",
		      a->role == ROLE_PROJECT_LEADER ||
			      a->role == ROLE_INSTRUCTOR ||
			      a->role == ROLE_CASEWORKER);
	cohort_page_feedback(v, a);
	return 0;
}

/* The target group, staff, instructor conflicts and staff candidates. */
static int cohort_people_view(struct req *r, const struct actor *a,
			      const struct cohort *c, struct view *v)
{
	struct cohort_criteria l;
	size_t i;
	int rc;

	view_list(v, "criteria");
	view_list(v, "staff");
	view_list(v, "conflicts");
	view_list(v, "candidates");
	rc = cohort_criteria_get(r->db, c->id, &l);
	for (i = 0; i < l.n; i++)
		view_set(view_add(v, "criteria"), "text", l.text[i]);
	cohort_criteria_free(&l);
	if (rc == 0)
		rc = cohort_staff_each(r->db, c->id, cohort_staff_view, v);
	if (rc == 0)
		rc = cohort_conflict_each(r->db, c->id, cohort_conflict_view,
					  v);
	if (rc == 0 && cohort_may_manage(a, c))
		rc = cohort_candidate_each(r->db, c->id, cohort_candidate_view,
					   v);
	return rc;
}

int cohort_page_show(struct req *r)
{
	struct actor a = http_actor(r);
	struct cohort c;
	struct plan p = {0};
	struct view *v;
	int rc = cohort_load(r, r->params[0], &c, false);

	if (rc)
		return rc;
	v = view_new();
	if (v == NULL || cohort_plan(r->db, &c, &p) < 0) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	view_set(v, "title", c.name);
	cohort_view_basics(v, &c);
	cohort_plan_view(v, &p);
	view_set_bool(v, "over_recommended",
		      c.capacity > COHORT_CAPACITY_RECOMMENDED);
	view_set_bool(v, "may_manage", cohort_may_manage(&a, &c));
	view_set_bool(v, "planning", c.status == COHORT_PLANNING);
	view_set_bool(v, "referral_open", c.status == COHORT_REFERRAL_OPEN);
	view_set_bool(v, "cancelled", c.status == COHORT_CANCELLED);
	rc = cohort_attendance_view(r, &a, &c, v);
	if (rc == 0)
		rc = cohort_people_view(r, &a, &c, v);
	if (rc == 0)
		rc = day_view_list(r->db, c.id, v);
	if (rc == 0)
		rc = closure_view_list(r->db, c.id, v);
	if (rc == 0)
		rc = participants_cohort_view(r, &c, v);
	if (rc == 0)
		rc = cohort_report_view(r, &a, &c, v);
	plan_free(&p);
	rc = rc == 0 ? http_page(r, 200, "cohort.html", v)
		     : http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

/* Status and staff. */

static const struct form_spec cohort_status_form[] = {
	{"status", "Status", FIELD_ENUM, true, 0, 0, cohort_status_names},
	{"cancel_reason", "Begrundelse", FIELD_TEXT, false, 0, 500, NULL},
};

int cohort_page_status(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_value v[2];
	struct form_invalid bad = {0};
	struct cohort c;
	struct db *w;
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	if (form_validate(&r->form, cohort_status_form, 2, v, &bad) < 0)
		return http_error(r, 422, bad.message);
	w = db_writer_lock();
	rc = cohort_set_state(w, &a, &c, v[0].s, v[1].s, &bad);
	db_writer_unlock(w);
	form_values_free(v, 2);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return cohort_page_redirect(r, c.id);
}

static const struct form_spec cohort_staff_form[] = {
	{"user_id", "Medarbejder", FIELD_INT, true, 1, 9007199254740991L, NULL},
	{"role", "Rolle på holdet", FIELD_ENUM, true, 0, 0, cohort_staff_roles},
};

/* Adds or (remove) removes the form's staff member. */
static int cohort_page_staff(struct req *r, bool remove)
{
	struct actor a = http_actor(r);
	struct form_value v[2];
	struct form_invalid bad = {0};
	struct cohort c;
	struct db *w;
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	if (form_validate(&r->form, cohort_staff_form, 2, v, &bad) < 0)
		return http_error(r, 422, bad.message);
	w = db_writer_lock();
	rc = remove ? cohort_staff_remove(w, &a, &c, v[0].i, v[1].s, &bad)
		    : cohort_staff_add(w, &a, &c, v[0].i, v[1].s, &bad);
	db_writer_unlock(w);
	form_values_free(v, 2);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return cohort_page_redirect(r, c.id);
}

int cohort_page_staff_add(struct req *r)
{
	return cohort_page_staff(r, false);
}

int cohort_page_staff_remove(struct req *r)
{
	return cohort_page_staff(r, true);
}

/* The pictures. */

/* GET /cohorts/{id}/timeline.svg: the phase timeline as an image. */
int cohort_page_timeline(struct req *r)
{
	struct buf out = BUF_INIT(1024 * 1024);
	struct timeline t;
	struct plan p = {0};
	struct cohort c;
	int rc = cohort_load(r, r->params[0], &c, false);

	if (rc)
		return rc;
	if (cohort_plan(r->db, &c, &p) < 0)
		return http_error(r, 500, NULL);
	timeline_from_plan(&t, &p, date_today());
	rc = timeline_svg(&out, &t);
	plan_free(&p);
	if (rc < 0 || buf_failed(&out))
		rc = http_error(r, 500, NULL);
	else
		rc = http_send(r, 200, "image/svg+xml", out.data, out.len,
			       NULL);
	buf_free(&out);
	return rc;
}

/* GET /cohorts/{id}/capacity.svg: places taken against 8, 10 and 16. */
int cohort_page_capacity(struct req *r)
{
	struct buf out = BUF_INIT(256 * 1024);
	struct cohort c;
	int admitted, rc = cohort_load(r, r->params[0], &c, false);

	if (rc)
		return rc;
	admitted = participant_admitted_count(r->db, c.id);
	if (admitted < 0 || capacity_svg(&out, admitted, c.capacity) < 0 ||
	    buf_failed(&out))
		rc = http_error(r, 500, NULL);
	else
		rc = http_send(r, 200, "image/svg+xml", out.data, out.len,
			       NULL);
	buf_free(&out);
	return rc;
}
