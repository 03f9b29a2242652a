/*
 * cohort_api: cohorts as JSON. The same reader (cohort_form_read) and the
 * same domain calls as the pages; errors name the field.
 */
#include "cohort_api.h"

#include "cohort.h"
#include "cohort_form.h"
#include "cohort_load.h"
#include "course.h"
#include "db.h"
#include "http.h"

#include <string.h>

static void cohort_json_phase(cJSON *phases, const char *name, date_t from,
			      date_t to)
{
	cJSON *o = cJSON_AddObjectToObject(phases, name);
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(from, iso);
	cJSON_AddStringToObject(o, "start", iso);
	if (to) {
		date_format_iso(to, iso);
		cJSON_AddStringToObject(o, "end", iso);
	}
}

static void cohort_json_staff(void *ctx, const struct cohort_staff_member *m)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "user_id", (double)m->user_id);
	cJSON_AddStringToObject(o, "name", m->name);
	cJSON_AddStringToObject(o, "role", m->role);
	cJSON_AddItemToArray(ctx, o);
}

static void cohort_json_conflict(void *ctx, const struct cohort_conflict *x)
{
	cJSON *o = cJSON_CreateObject();
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(x->date, iso);
	cJSON_AddStringToObject(o, "date", iso);
	cJSON_AddStringToObject(o, "instructor", x->instructor);
	cJSON_AddStringToObject(o, "other_cohort", x->other_cohort);
	cJSON_AddItemToArray(ctx, o);
}

/* What the list shows of a cohort. */
static cJSON *cohort_json_basics(const struct cohort *c)
{
	cJSON *o = cJSON_CreateObject(), *a, *phases;
	char iso[DATE_ISO_LEN + 1], hhmm[6];
	int i;

	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "status", cohort_status_names[c->status]);
	cJSON_AddNumberToObject(o, "capacity", c->capacity);
	date_format_iso(c->plan.first_teaching_day, iso);
	cJSON_AddStringToObject(o, "first_teaching_day", iso);
	cJSON_AddNumberToObject(o, "job_centre_id", (double)c->job_centre_id);
	cJSON_AddStringToObject(o, "job_centre", c->job_centre);
	cJSON_AddNumberToObject(o, "provider_id", (double)c->provider_id);
	cJSON_AddStringToObject(o, "provider", c->provider);
	cJSON_AddNumberToObject(o, "org_model", c->org_model);
	cJSON_AddStringToObject(o, "venue_name", c->venue_name);
	cJSON_AddStringToObject(o, "venue_address", c->venue_address);
	cJSON_AddNumberToObject(o, "prep_weeks", c->plan.prep_weeks);
	cJSON_AddNumberToObject(o, "teaching_weeks", c->plan.teaching_weeks);
	cJSON_AddNumberToObject(o, "internship_weeks",
				c->plan.internship_weeks);
	a = cJSON_AddArrayToObject(o, "teaching_weekdays");
	for (i = 1; i <= 7; i++)
		if (c->plan.teaching_weekdays & PLAN_WEEKDAY_BIT(i))
			cJSON_AddItemToArray(a, cJSON_CreateNumber(i));
	cJSON_AddNumberToObject(o, "weekly_teaching_weekday",
				c->plan.weekly_teaching_weekday);
	date_format_hhmm(c->plan.start_min, hhmm);
	cJSON_AddStringToObject(o, "start_time", hhmm);
	date_format_hhmm(c->plan.end_min, hhmm);
	cJSON_AddStringToObject(o, "end_time", hhmm);
	if (c->status == COHORT_CANCELLED)
		cJSON_AddStringToObject(o, "cancel_reason", c->cancel_reason);
	phases = cJSON_AddObjectToObject(o, "phases");
	cohort_json_phase(phases, "referral", c->referral_start,
			  date_add_days(c->prep_start, -1));
	cohort_json_phase(phases, "preparation", c->prep_start,
			  date_add_days(c->plan.first_teaching_day, -1));
	cohort_json_phase(phases, "teaching", c->plan.first_teaching_day,
			  c->teaching_end);
	cohort_json_phase(phases, "internship", c->internship_start,
			  c->internship_end);
	cohort_json_phase(phases, "aftercare", c->aftercare_start, 0);
	return o;
}

/* The cohort with its plan, target group, staff and the days its
 * instructors are booked on another cohort. */
static cJSON *cohort_json(struct db *db, const struct cohort *c)
{
	cJSON *o = cohort_json_basics(c), *a;
	struct cohort_criteria l;
	struct cohort_triggers t;
	struct plan p;
	char text[256];
	size_t k;

	if (cohort_plan(db, c, &p) == 0) {
		cJSON_AddNumberToObject(o, "total_weeks", p.total_weeks);
		a = cJSON_AddArrayToObject(o, "warnings");
		for (k = 0; k < p.nwarnings; k++) {
			plan_warning_format(&p.warnings[k], text, sizeof(text));
			cJSON_AddItemToArray(a, cJSON_CreateString(text));
		}
		plan_free(&p);
	}
	if (cohort_triggers_get(db, c->id, &t) == 0) {
		cJSON_AddNumberToObject(o, "absence_streak", t.absence_streak);
		cJSON_AddNumberToObject(o, "attendance_floor",
					t.attendance_floor);
	}
	a = cJSON_AddArrayToObject(o, "target_group");
	cohort_criteria_get(db, c->id, &l);
	for (k = 0; k < l.n; k++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l.text[k]));
	cohort_criteria_free(&l);
	cohort_staff_each(db, c->id, cohort_json_staff,
			  cJSON_AddArrayToObject(o, "staff"));
	cohort_conflict_each(db, c->id, cohort_json_conflict,
			     cJSON_AddArrayToObject(o, "instructor_conflicts"));
	return o;
}

static void cohort_json_add(void *ctx, const struct cohort *c, long days)
{
	(void)days;
	cJSON_AddItemToArray(ctx, cohort_json_basics(c));
}

int cohort_api_list(struct req *r)
{
	struct actor a = http_actor(r);
	const char *status = http_query(r, "status");
	cJSON *root;
	int s = -1;

	if (status && *status) {
		s = cohort_status_parse(status);
		if (s < 0)
			return http_invalid(r, "status", "Ukendt status.");
	}
	root = cJSON_CreateObject();
	if (cohort_list(r->db, &a, s, cohort_json_add,
			cJSON_AddArrayToObject(root, "cohorts")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int cohort_api_answer(struct req *r, int status, int64_t id)
{
	struct cohort c;
	int rc = cohort_load(r, id, &c, false);

	return rc ? rc : http_json(r, status, cohort_json(r->db, &c));
}

int cohort_api_get(struct req *r)
{
	return cohort_api_answer(r, 200, r->params[0]);
}

int cohort_api_create(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	int64_t id = 0;
	int rc = cohort_form_create(r->db, &a, &r->form, &id, &bad);

	return rc ? http_result(r, rc, &bad) : cohort_api_answer(r, 201, id);
}

/* PATCH: the fields given change; "status" then moves the state. */
int cohort_api_update(struct req *r)
{
	struct actor a = http_actor(r);
	const char *status = form_get(&r->form, "status");
	struct form_invalid bad = {0};
	struct cohort_form cf;
	struct cohort c;
	struct db *w;
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	rc = cohort_form_read(r->db, &r->form, &c, &cf, &bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = course_cohort_update(w, &a, &c, &cf.in, &bad);
		if (rc == RESULT_OK && status &&
		    strcmp(status, cohort_status_names[c.status]) != 0)
			rc = cohort_set_state(
				w, &a, &c, status,
				form_get(&r->form, "cancel_reason"), &bad);
		db_writer_unlock(w);
	}
	cohort_form_free(&cf);
	return rc ? http_result(r, rc, &bad) : cohort_api_answer(r, 200, c.id);
}
