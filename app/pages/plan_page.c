/*
 * plan_page: the step-up plan's page. It edits one week at a time (a
 * whole plan's fields are more than a form may carry) or generates the
 * whole plan from a pattern and a target, reading them as the API does
 * (plan_form.c).
 */
#include "plan_page.h"

#include "http.h"
#include "internship.h"
#include "participant.h"
#include "plan_form.h"
#include "plan_picture.h"
#include "stepup.h"
#include "stepup_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const plan_turn_labels[] = {"Skru ned", "Hold", "Skru op"};

static const char *const plan_actions[] = {"generate", "week", NULL};

static const struct form_spec plan_post_spec[] = {
	{"action", "Handling", FIELD_ENUM, true, 0, 0, plan_actions},
	{"reason", "Begrundelse", FIELD_TEXTAREA, false, 0, STEPUP_REASON_MAX,
	 NULL},
};

static bool plan_may_edit(const struct actor *a, const struct participant *p,
			  const struct internship *i)
{
	return internship_may_write(a, p) && i->status != INTERNSHIP_ENDED &&
	       i->status != INTERNSHIP_ENDED_EARLY;
}

/* The page. */

static void plan_view_history(void *ctx, const struct stepup_change *c)
{
	struct view *item = view_add(ctx, "history"), *day;
	char when[DATE_DA_LEN], h[16];
	int d;

	view_set_int(item, "week", c->week);
	view_set_int(item, "version", c->version);
	date_format_da_moment(c->at, when, sizeof(when));
	view_set(item, "when", when);
	view_set(item, "actor", c->actor);
	view_set(item, "reason", c->reason);
	view_set_bool(item, "created", c->created);
	view_set_bool(item, "removed", c->removed);
	for (d = 0; d < STEPUP_DAYS; d++) {
		if (c->before[d] == c->after[d] && !c->created)
			continue;
		if (c->created && c->after[d] == 0)
			continue;
		day = view_add(item, "days");
		view_set(day, "day", date_weekday_short(d + 1));
		stepup_hours_text(c->before[d], h, sizeof(h));
		view_set(day, "before", h);
		stepup_hours_text(c->after[d], h, sizeof(h));
		view_set(day, "after", h);
	}
}

/* The week form's fields: from the form r posted (posted) or from w. */
static void plan_view_week(struct req *r, struct view *v,
			   const struct internship *i,
			   const struct stepup_week *w, bool posted)
{
	struct view *item, *opt;
	char h[16], iso[DATE_ISO_LEN + 1], hhmm[6], da[DATE_DA_LEN], name[32];
	const char *given;
	int d, t, turn;

	view_set_int(v, "week", w->week);
	view_set_int(v, "version", w->version);
	date_format_da(w->monday, da, sizeof(da));
	view_set(v, "week_from", da);
	date_format_iso(w->monday, iso);
	view_set(v, "week_min", iso);
	date_format_iso(date_add_days(w->monday, 6), iso);
	view_set(v, "week_max", iso);
	for (d = 0; d < STEPUP_DAYS; d++) {
		item = view_add(v, "day_fields");
		view_set(item, "name", stepup_day_names[d]);
		date_format_da_short(date_add_days(w->monday, d), da,
				     sizeof(da));
		view_setf(item, "label", "%s", da);
		view_set_bool(item, "teaching", d + 1 == i->teaching_weekday);
		stepup_hours_text(w->minutes[d], h, sizeof(h));
		given = posted ? form_get(&r->form, stepup_day_names[d]) : NULL;
		view_set(item, "value", given ? given : h);
	}
	for (d = 0; d < STEPUP_DIM__MAX; d++) {
		item = view_add(v, "dims");
		snprintf(name, sizeof(name), "dim_%s",
			 stepup_dimension_names[d]);
		view_set(item, "name", name);
		view_set(item, "label", stepup_dimension_labels[d]);
		given = posted ? form_get(&r->form, name) : NULL;
		turn = w->dims[d] + 1;
		for (t = 2; t >= 0; t--) {
			opt = view_add(item, "turns");
			view_set(opt, "value", plan_turns[t]);
			view_set(opt, "label", plan_turn_labels[t]);
			view_set_bool(opt, "selected",
				      given ? strcmp(given, plan_turns[t]) == 0
					    : t == turn);
		}
	}
	if (posted) {
		view_set(v, "meeting_on", form_get(&r->form, "meeting_on"));
		view_set(v, "meeting_time", form_get(&r->form, "meeting_time"));
		view_set(v, "meeting_who", form_get(&r->form, "meeting_who"));
		view_set(v, "reason", form_get(&r->form, "reason"));
		return;
	}
	if (w->meeting_on) {
		date_format_iso(w->meeting_on, iso);
		view_set(v, "meeting_on", iso);
	}
	if (w->meeting_min >= 0) {
		date_format_hhmm(w->meeting_min, hhmm);
		view_set(v, "meeting_time", hhmm);
	}
	view_set(v, "meeting_who", w->meeting_who ? w->meeting_who : "");
}

/* The week the page edits: ?week=N, or the posted one, else this week
 * when the internship runs, else week 1. */
static int plan_week_choice(struct req *r, const struct internship *i, int n,
			    bool posted)
{
	static const struct form_spec spec[] = {
		{"week", "Uge", FIELD_INT, false, 1, INTERNSHIP_WEEKS_MAX,
		 NULL},
	};
	struct form_value v;
	int week = 0;

	if (form_validate(posted ? &r->form : &r->query, spec, 1, &v, NULL) ==
	    0) {
		week = v.present ? (int)v.i : 0;
		form_values_free(&v, 1);
	}
	if (week < 1 || week > n)
		week = stepup_week_number(i->start_on, date_today());
	return week < 1 || week > n ? 1 : week;
}

/*
 * The page for i (of p) with plan as stored; error (may be NULL) and the
 * form r posted (action "week" or "generate") shown again.
 */
static int plan_render(struct req *r, int status, const struct internship *i,
		       const struct participant *p,
		       const struct stepup_plan *plan, const char *error,
		       const char *posted)
{
	struct actor a = http_actor(r);
	struct view *v = view_new(), *item;
	int n = internship_weeks(i->start_on, i->end_on), week, k, rc;
	bool week_posted = posted && strcmp(posted, "week") == 0;
	bool gen_posted = posted && strcmp(posted, "generate") == 0;
	const struct stepup_week *stored = NULL;
	struct stepup_week blank;
	char a_da[DATE_DA_LEN], b_da[DATE_DA_LEN];
	size_t s;

	if (v == NULL)
		return http_error(r, 500, NULL);
	week = plan_week_choice(r, i, n, week_posted);
	view_set(v, "title", "Optrapningsplan");
	view_set_int(v, "id", i->id);
	view_set_int(v, "participant_id", p->id);
	view_set(v, "name", p->name);
	view_set(v, "company", i->company);
	date_format_da(i->start_on, a_da, sizeof(a_da));
	date_format_da(i->end_on, b_da, sizeof(b_da));
	view_setf(v, "period", "%s til %s", a_da, b_da);
	view_set(v, "status", internship_status_labels[i->status]);
	view_set(v, "teaching_day", date_weekday_name(i->teaching_weekday));
	view_set(v, "error", error);
	view_set_bool(v, "saved", !error && http_query(r, "saved") != NULL);
	view_set_bool(v, "has_plan", plan->n > 0);
	/* The generator's form is open when there is no plan yet, or when
	 * it was what came back with an error. */
	view_set_bool(v, "gen_open", plan->n == 0 || gen_posted);
	view_set_bool(v, "may_edit", plan_may_edit(&a, p, i));
	view_set_bool(v, "ended",
		      i->status == INTERNSHIP_ENDED ||
			      i->status == INTERNSHIP_ENDED_EARLY);
	plan_picture_view(v, plan, i->teaching_weekday, date_today());
	/* The generator's form: what was posted, else 2 x 3 rising to 4 x 6
	 * hours (the example). */
	view_set(v, "from_days",
		 gen_posted ? form_get(&r->form, "from_days") : "2");
	view_set(v, "from_hours",
		 gen_posted ? form_get(&r->form, "from_hours") : "3");
	view_set(v, "to_days",
		 gen_posted ? form_get(&r->form, "to_days") : "4");
	view_set(v, "to_hours",
		 gen_posted ? form_get(&r->form, "to_hours") : "6");
	if (gen_posted)
		view_set(v, "gen_reason", form_get(&r->form, "reason"));
	for (k = 1; k <= n; k++) {
		item = view_add(v, "week_links");
		view_set_int(item, "week", k);
		view_set_bool(item, "current", k == week);
	}
	for (s = 0; s < plan->n; s++)
		if (plan->weeks[s].week == week)
			stored = &plan->weeks[s];
	if (stored == NULL) {
		memset(&blank, 0, sizeof(blank));
		blank.week = week;
		blank.monday = plan_monday(i, week);
		blank.meeting_min = -1;
		stored = &blank;
	}
	plan_view_week(r, v, i, stored, week_posted);
	view_list(v, "history");
	rc = stepup_history_each(r->db, i, PLAN_HISTORY_MAX, plan_view_history,
				 v);
	if (rc < 0 || view_failed(v))
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "plan.html", v);
	view_free(v);
	return rc;
}

int plan_page_show(struct req *r)
{
	struct actor a = http_actor(r);
	struct stepup_plan plan = {0};
	struct internship i;
	struct participant p;
	int rc = plan_load(r, &i, &p);

	if (rc)
		return rc;
	if (stepup_plan_load(r->db, i.id, &plan) < 0 ||
	    internship_audit_read(&a, &p, &i, "plan") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = plan_render(r, 200, &i, &p, &plan, NULL, NULL);
	stepup_plan_free(&plan);
	internship_free(&i);
	return rc;
}

/* The post's plan: a generated whole, or the one week posted. */
static int plan_post_read(struct req *r, const struct internship *i,
			  bool generate, struct stepup_plan *plan,
			  struct form_invalid *bad)
{
	struct stepup_pattern from, to;
	int rc;

	memset(plan, 0, sizeof(*plan));
	plan->internship_id = i->id;
	if (generate) {
		rc = plan_generate_read(&r->form, &from, &to, bad);
		return rc == RESULT_OK
			       ? stepup_plan_draft(r->db, i, &from, &to,
						   date_today(), plan, bad)
			       : rc;
	}
	plan->weeks = calloc(1, sizeof(*plan->weeks));
	if (plan->weeks == NULL)
		return RESULT_FAILED;
	rc = plan_week_read(&r->form, i, &plan->weeks[0], bad);
	plan->n = rc == RESULT_OK ? 1 : 0;
	if (rc != RESULT_OK)
		free(plan->weeks[0].meeting_who);
	return rc;
}

int plan_page_save(struct req *r)
{
	struct stepup_plan plan = {0}, stored = {0};
	struct form_invalid bad = {0};
	struct form_value v[2];
	struct internship i;
	struct participant p;
	char loc[96];
	bool generate;
	int rc = plan_load_for_change(r, &i, &p), week = 0;

	if (rc)
		return rc;
	if (form_validate(&r->form, plan_post_spec, 2, v, &bad) < 0) {
		rc = RESULT_INVALID;
		goto answer;
	}
	generate = v[0].i == 0;
	rc = plan_post_read(r, &i, generate, &plan, &bad);
	if (rc == RESULT_OK) {
		week = generate ? 0 : plan.weeks[0].week;
		rc = plan_save(r, &p, &i, &plan, v[1].s, &bad);
	}
	form_values_free(v, 2);
answer:
	stepup_plan_free(&plan);
	if (rc == RESULT_OK) {
		internship_free(&i);
		if (week)
			snprintf(loc, sizeof(loc),
				 "/internships/%lld/plan?saved=1&week=%d",
				 (long long)r->params[0], week);
		else
			snprintf(loc, sizeof(loc),
				 "/internships/%lld/plan?saved=1",
				 (long long)r->params[0]);
		return http_redirect(r, loc);
	}
	if (rc == RESULT_INVALID || rc == RESULT_CONFLICT ||
	    rc == RESULT_REFUSED) {
		if (stepup_plan_load(r->db, i.id, &stored) < 0)
			rc = http_error(r, 500, NULL);
		else
			rc = plan_render(r,
					 rc == RESULT_INVALID	 ? 422
					 : rc == RESULT_CONFLICT ? 409
								 : 403,
					 &i, &p, &stored, bad.message,
					 form_get(&r->form, "action"));
		stepup_plan_free(&stored);
	} else {
		rc = http_result(r, rc, &bad);
	}
	internship_free(&i);
	return rc;
}
