/*
 * plan_page: the step-up plan's handlers. The page edits one week at a
 * time (a whole plan's fields are more than a form may carry) or
 * generates the whole plan from a pattern and a target; the API puts any
 * number of weeks, or a generation, at once. Both read a week through
 * plan_week_read and a generation through plan_generate_read, and save
 * with stepup_plan_save under the writer.
 */
#include "plan_page.h"

#include "db.h"
#include "http.h"
#include "internship.h"
#include "participant.h"
#include "plan_picture.h"
#include "stepup.h"
#include "stepup_plan.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most changes the page and the API show. */
#define PLAN_HISTORY_MAX 200

static const char *const plan_turns[] = {"down", "hold", "up", NULL};
static const char *const plan_turn_labels[] = {"Skru ned", "Hold", "Skru op"};

/* A week's form: the week, its days, its dimensions, its meeting. */
enum {
	PW_WEEK,
	PW_DAY,
	PW_DIM = PW_DAY + STEPUP_DAYS,
	PW_MEETING_ON = PW_DIM + STEPUP_DIM__MAX,
	PW_MEETING_TIME,
	PW_MEETING_WHO,
	PW_VERSION,
	PW__N
};

static const struct form_spec plan_week_spec[PW__N] = {
	{"week", "Uge", FIELD_INT, true, 1, INTERNSHIP_WEEKS_MAX, NULL},
	{"mon", "Mandag", FIELD_TEXT, false, 0, 8, NULL},
	{"tue", "Tirsdag", FIELD_TEXT, false, 0, 8, NULL},
	{"wed", "Onsdag", FIELD_TEXT, false, 0, 8, NULL},
	{"thu", "Torsdag", FIELD_TEXT, false, 0, 8, NULL},
	{"fri", "Fredag", FIELD_TEXT, false, 0, 8, NULL},
	{"dim_hours", "Timer", FIELD_ENUM, false, 0, 0, plan_turns},
	{"dim_setting", "Fysiske rammer", FIELD_ENUM, false, 0, 0, plan_turns},
	{"dim_tasks", "Opgaver", FIELD_ENUM, false, 0, 0, plan_turns},
	{"dim_responsibility", "Ansvar", FIELD_ENUM, false, 0, 0, plan_turns},
	{"dim_predictability", "Forudsigelighed", FIELD_ENUM, false, 0, 0,
	 plan_turns},
	{"dim_intensity", "Arbejdstempo", FIELD_ENUM, false, 0, 0, plan_turns},
	{"meeting_on", "Statusmødets dato", FIELD_DATE, false, 0, 0, NULL},
	{"meeting_time", "Statusmødets tidspunkt", FIELD_TIME, false, 0, 0,
	 NULL},
	{"meeting_who", "Hvem deltager i statusmødet", FIELD_TEXT, false, 0,
	 STEPUP_WHO_MAX, NULL},
	{"version", "Version", FIELD_INT, false, 0, INT_MAX, NULL},
};

/* A generation's form. */
enum { PG_FROM_DAYS, PG_FROM_HOURS, PG_TO_DAYS, PG_TO_HOURS, PG__N };

static const struct form_spec plan_generate_spec[PG__N] = {
	{"from_days", "Start: dage om ugen", FIELD_INT, true, 1,
	 STEPUP_DAYS - 1, NULL},
	{"from_hours", "Start: timer om dagen", FIELD_TEXT, true, 0, 8, NULL},
	{"to_days", "Mål: dage om ugen", FIELD_INT, true, 1, STEPUP_DAYS - 1,
	 NULL},
	{"to_hours", "Mål: timer om dagen", FIELD_TEXT, true, 0, 8, NULL},
};

static const char *const plan_actions[] = {"generate", "week", NULL};

static const struct form_spec plan_post_spec[] = {
	{"action", "Handling", FIELD_ENUM, true, 0, 0, plan_actions},
	{"reason", "Begrundelse", FIELD_TEXTAREA, false, 0, STEPUP_REASON_MAX,
	 NULL},
};

/*
 * Hours as a person writes them: "", "3", "3,5", "3.5", "3.0" into
 * minutes; -1 when it is not whole or half hours (or more than 99).
 */
static int plan_hours_parse(const char *s, int *minutes)
{
	int h = 0, digits = 0, half = 0;

	for (; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
		h = h * 10 + (*s - '0');
	if (digits == 0 && *s == '\0') {
		*minutes = 0;
		return 0;
	}
	if (digits == 0 || digits > 2)
		return -1;
	if (*s == ',' || *s == '.') {
		s++;
		if (*s == '5')
			half = 1;
		else if (*s != '0')
			return -1;
		s++;
		if (*s == '0')
			s++;
	}
	if (*s != '\0')
		return -1;
	*minutes = h * 60 + half * 30;
	return 0;
}

static int plan_invalid(struct form_invalid *bad, const char *field,
			const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

/* The Monday of week of i's plan. */
static date_t plan_monday(const struct internship *i, int week)
{
	return date_add_days(date_monday(i->start_on), 7 * (week - 1));
}

/*
 * A week of i's plan from f (the page's form, or a week of the API's
 * body made into one) into *w (meeting_who allocated). RESULT_OK, or
 * RESULT_INVALID with *bad naming the week.
 */
static int plan_week_read(const struct form *f, const struct internship *i,
			  struct stepup_week *w, struct form_invalid *bad)
{
	struct form_value v[PW__N];
	char da[DATE_DA_LEN], msg[sizeof(bad->message)];
	int d;

	memset(w, 0, sizeof(*w));
	w->meeting_min = -1;
	if (form_validate(f, plan_week_spec, PW__N, v, bad) < 0) {
		snprintf(msg, sizeof(msg), "%s", bad->message);
		if (form_get(f, "week") && *form_get(f, "week"))
			snprintf(bad->message, sizeof(bad->message),
				 "Uge %.8s: %.200s", form_get(f, "week"), msg);
		return RESULT_INVALID;
	}
	w->week = (int)v[PW_WEEK].i;
	w->monday = plan_monday(i, w->week);
	for (d = 0; d < STEPUP_DAYS; d++)
		if (plan_hours_parse(v[PW_DAY + d].s, &w->minutes[d]) < 0) {
			date_format_da(date_add_days(w->monday, d), da,
				       sizeof(da));
			bad->field = plan_week_spec[PW_DAY + d].name;
			snprintf(bad->message, sizeof(bad->message),
				 "Uge %d, %s: skriv timerne som hele eller "
				 "halve timer (fx 3 eller 3,5).",
				 w->week, da);
			form_values_free(v, PW__N);
			return RESULT_INVALID;
		}
	for (d = 0; d < STEPUP_DIM__MAX; d++)
		w->dims[d] = v[PW_DIM + d].present ? (int)v[PW_DIM + d].i - 1
						   : 0;
	w->meeting_on = v[PW_MEETING_ON].present ? (date_t)v[PW_MEETING_ON].i
						 : 0;
	w->meeting_min = v[PW_MEETING_TIME].present ? (int)v[PW_MEETING_TIME].i
						    : -1;
	w->meeting_who = strdup(v[PW_MEETING_WHO].s);
	w->version = v[PW_VERSION].present ? (int)v[PW_VERSION].i : 0;
	form_values_free(v, PW__N);
	return w->meeting_who ? RESULT_OK : RESULT_FAILED;
}

/* A generation's patterns from f. RESULT_OK or RESULT_INVALID. */
static int plan_generate_read(const struct form *f, struct stepup_pattern *from,
			      struct stepup_pattern *to,
			      struct form_invalid *bad)
{
	struct form_value v[PG__N];
	int rc = RESULT_OK;

	if (form_validate(f, plan_generate_spec, PG__N, v, bad) < 0)
		return RESULT_INVALID;
	from->days = (int)v[PG_FROM_DAYS].i;
	to->days = (int)v[PG_TO_DAYS].i;
	if (plan_hours_parse(v[PG_FROM_HOURS].s, &from->minutes) < 0)
		rc = plan_invalid(bad, "from_hours",
				  "Start: skriv timer om dagen som hele eller "
				  "halve timer (fx 3 eller 3,5).");
	else if (plan_hours_parse(v[PG_TO_HOURS].s, &to->minutes) < 0)
		rc = plan_invalid(bad, "to_hours",
				  "Mål: skriv timer om dagen som hele eller "
				  "halve timer (fx 3 eller 3,5).");
	form_values_free(v, PG__N);
	return rc;
}

/* Loads the path's internship for r's viewer. 0, or the status sent. */
static int plan_load(struct req *r, struct internship *i, struct participant *p)
{
	struct actor a = http_actor(r);
	int rc = internship_get(r->db, &a, r->params[0], i, p);

	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0)
		return http_error(r, 404, "Praktikken findes ikke.");
	return 0;
}

static bool plan_may_edit(const struct actor *a, const struct participant *p,
			  const struct internship *i)
{
	return internship_may_write(a, p) && i->status != INTERNSHIP_ENDED &&
	       i->status != INTERNSHIP_ENDED_EARLY;
}

/* Loads the internship for a change: 0, or the status sent (404, 403). */
static int plan_load_for_change(struct req *r, struct internship *i,
				struct participant *p)
{
	struct actor a = http_actor(r);
	int rc = plan_load(r, i, p);

	if (rc)
		return rc;
	if (!internship_may_write(&a, p)) {
		internship_free(i);
		return http_error(r, 403,
				  "Du kan ikke ændre borgerens "
				  "optrapningsplan. Det gør "
				  "virksomhedskonsulenten, projektlederen og "
				  "borgerens sagsbehandler.");
	}
	return 0;
}

/* Saves plan under the writer. An enum result. */
static int plan_save(struct req *r, const struct participant *p,
		     const struct internship *i, const struct stepup_plan *plan,
		     const char *reason, struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct db *w = db_writer_lock();
	int rc = stepup_plan_save(w, &a, p, i, plan, reason, bad);

	db_writer_unlock(w);
	return rc;
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
	char h[16], iso[DATE_ISO_LEN + 1], hhmm[6], da[DATE_DA_LEN];
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
		view_setf(item, "name", "dim_%s", stepup_dimension_names[d]);
		view_set(item, "label", stepup_dimension_labels[d]);
		given = posted ? form_get(&r->form,
					  plan_week_spec[PW_DIM + d].name)
			       : NULL;
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

/* The API. */

static double plan_json_hours(int minutes)
{
	return minutes / 60.0;
}

static cJSON *plan_json_days(const int *minutes)
{
	cJSON *o = cJSON_CreateObject();
	int d;

	for (d = 0; d < STEPUP_DAYS; d++)
		cJSON_AddNumberToObject(o, stepup_day_names[d],
					plan_json_hours(minutes[d]));
	return o;
}

static cJSON *plan_json_week(const struct stepup_week *w)
{
	cJSON *o = cJSON_CreateObject(), *dims, *m;
	char iso[DATE_ISO_LEN + 1], hhmm[6];
	int d;

	cJSON_AddNumberToObject(o, "week", w->week);
	date_format_iso(w->monday, iso);
	cJSON_AddStringToObject(o, "monday", iso);
	cJSON_AddItemToObject(o, "hours", plan_json_days(w->minutes));
	cJSON_AddNumberToObject(o, "total",
				plan_json_hours(stepup_week_minutes(w)));
	dims = cJSON_AddObjectToObject(o, "dimensions");
	for (d = 0; d < STEPUP_DIM__MAX; d++)
		cJSON_AddStringToObject(dims, stepup_dimension_names[d],
					stepup_turn_names[w->dims[d] + 1]);
	if (w->meeting_on) {
		m = cJSON_AddObjectToObject(o, "meeting");
		date_format_iso(w->meeting_on, iso);
		cJSON_AddStringToObject(m, "date", iso);
		if (w->meeting_min >= 0) {
			date_format_hhmm(w->meeting_min, hhmm);
			cJSON_AddStringToObject(m, "time", hhmm);
		} else {
			cJSON_AddNullToObject(m, "time");
		}
		cJSON_AddStringToObject(m, "who",
					w->meeting_who ? w->meeting_who : "");
	} else {
		cJSON_AddNullToObject(o, "meeting");
	}
	cJSON_AddNumberToObject(o, "version", w->version);
	return o;
}

static void plan_json_change(void *ctx, const struct stepup_change *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "week", c->week);
	cJSON_AddNumberToObject(o, "version", c->version);
	cJSON_AddNumberToObject(o, "at", (double)c->at);
	cJSON_AddStringToObject(o, "actor", c->actor);
	cJSON_AddStringToObject(o, "reason", c->reason);
	cJSON_AddBoolToObject(o, "created", c->created);
	cJSON_AddBoolToObject(o, "removed", c->removed);
	cJSON_AddItemToObject(o, "before", plan_json_days(c->before));
	cJSON_AddItemToObject(o, "after", plan_json_days(c->after));
	cJSON_AddItemToArray(ctx, o);
}

/* The plan of i (of p) as JSON, audited as a read. */
static int plan_api_answer(struct req *r, const struct internship *i,
			   const struct participant *p)
{
	struct actor a = http_actor(r);
	struct stepup_plan plan = {0};
	struct stepup_frame f = {0};
	char iso[DATE_ISO_LEN + 1];
	cJSON *root, *weeks;
	size_t k;

	if (stepup_plan_load(r->db, i->id, &plan) < 0 ||
	    stepup_frame_load(r->db, i, &f) < 0 ||
	    internship_audit_read(&a, p, i, "plan api") < 0) {
		stepup_plan_free(&plan);
		return http_error(r, 500, NULL);
	}
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "internship_id", (double)i->id);
	date_format_iso(i->start_on, iso);
	cJSON_AddStringToObject(root, "start", iso);
	date_format_iso(i->end_on, iso);
	cJSON_AddStringToObject(root, "end", iso);
	cJSON_AddStringToObject(root, "teaching_day",
				stepup_day_names[i->teaching_weekday - 1]);
	cJSON_AddNumberToObject(root, "week_hours_max",
				plan_json_hours(f.week_max_minutes));
	cJSON_AddNumberToObject(root, "sequence", i->sequence);
	weeks = cJSON_AddArrayToObject(root, "weeks");
	for (k = 0; k < plan.n; k++)
		cJSON_AddItemToArray(weeks, plan_json_week(&plan.weeks[k]));
	stepup_plan_free(&plan);
	stepup_frame_free(&f);
	if (stepup_history_each(r->db, i, PLAN_HISTORY_MAX, plan_json_change,
				cJSON_AddArrayToObject(root, "history")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

int plan_api_get(struct req *r)
{
	struct internship i;
	struct participant p;
	int rc = plan_load(r, &i, &p);

	if (rc)
		return rc;
	rc = plan_api_answer(r, &i, &p);
	internship_free(&i);
	return rc;
}

/* A JSON scalar as a form field: numbers as numbers (for the INT
 * fields) or, as_text, as text (hours, which may be halves). */
static int plan_json_field(struct form *f, const char *name, const cJSON *item,
			   bool as_text)
{
	char num[32];

	if (item == NULL || cJSON_IsNull(item))
		return 0;
	if (cJSON_IsString(item))
		return form_add(f, name, item->valuestring);
	if (!cJSON_IsNumber(item))
		return 1;
	snprintf(num, sizeof(num), "%.6g", item->valuedouble);
	return as_text ? form_add(f, name, num)
		       : form_add_json(f, name, num, FORM_ORIGIN_NUMBER);
}

/* The members a JSON object may have (NULL-ended): the name of the first
 * other one, or NULL. */
static const char *plan_json_unknown(const cJSON *o, const char *const *names)
{
	const cJSON *m;
	size_t k;

	cJSON_ArrayForEach(m, o)
	{
		for (k = 0; names[k] && strcmp(names[k], m->string) != 0; k++)
			;
		if (names[k] == NULL)
			return m->string;
	}
	return NULL;
}

/* A week's members, as GET answers them (monday and total are read back
 * and ignored), and those of its meeting. */
static const char *const plan_week_members[] = {
	"week",	      "monday",	 "hours",   "total",
	"dimensions", "meeting", "version", NULL};
static const char *const plan_meeting_members[] = {"date", "time", "who", NULL};

/* The first member of week o (its hours, dimensions and meeting) that is
 * not one of the plan's, or NULL. */
static const char *plan_json_stranger(const cJSON *o)
{
	const cJSON *x;
	const char *name = plan_json_unknown(o, plan_week_members);

	x = cJSON_GetObjectItemCaseSensitive(o, "hours");
	if (name == NULL && cJSON_IsObject(x))
		name = plan_json_unknown(x, stepup_day_names);
	x = cJSON_GetObjectItemCaseSensitive(o, "dimensions");
	if (name == NULL && cJSON_IsObject(x))
		name = plan_json_unknown(x, stepup_dimension_names);
	x = cJSON_GetObjectItemCaseSensitive(o, "meeting");
	if (name == NULL && cJSON_IsObject(x))
		name = plan_json_unknown(x, plan_meeting_members);
	return name;
}

/*
 * One week of the body as the page's form: week, hours.mon..fri,
 * dimensions.NAME, meeting.date/time/who, version. 0, 1 when a member is
 * of the wrong kind, -1 out of memory.
 */
static int plan_json_week_form(const cJSON *o, struct form *f)
{
	const cJSON *hours = cJSON_GetObjectItemCaseSensitive(o, "hours");
	const cJSON *dims = cJSON_GetObjectItemCaseSensitive(o, "dimensions");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "meeting");
	char name[48];
	int d, rc;

	if (!cJSON_IsObject(o) || plan_json_stranger(o))
		return 1;
	rc = plan_json_field(
		f, "week", cJSON_GetObjectItemCaseSensitive(o, "week"), false);
	if (rc == 0)
		rc = plan_json_field(
			f, "version",
			cJSON_GetObjectItemCaseSensitive(o, "version"), false);
	if (rc == 0 && hours && !cJSON_IsObject(hours))
		rc = 1;
	for (d = 0; rc == 0 && hours && d < STEPUP_DAYS; d++)
		rc = plan_json_field(f, stepup_day_names[d],
				     cJSON_GetObjectItemCaseSensitive(
					     hours, stepup_day_names[d]),
				     true);
	if (rc == 0 && dims && !cJSON_IsObject(dims))
		rc = 1;
	for (d = 0; rc == 0 && dims && d < STEPUP_DIM__MAX; d++) {
		snprintf(name, sizeof(name), "dim_%s",
			 stepup_dimension_names[d]);
		rc = plan_json_field(f, name,
				     cJSON_GetObjectItemCaseSensitive(
					     dims, stepup_dimension_names[d]),
				     true);
	}
	if (rc == 0 && m && !cJSON_IsNull(m) && !cJSON_IsObject(m))
		rc = 1;
	if (rc == 0 && cJSON_IsObject(m)) {
		rc = plan_json_field(
			f, "meeting_on",
			cJSON_GetObjectItemCaseSensitive(m, "date"), true);
		if (rc == 0)
			rc = plan_json_field(
				f, "meeting_time",
				cJSON_GetObjectItemCaseSensitive(m, "time"),
				true);
		if (rc == 0)
			rc = plan_json_field(
				f, "meeting_who",
				cJSON_GetObjectItemCaseSensitive(m, "who"),
				true);
	}
	return rc;
}

/* The body's weeks into plan (at most INTERNSHIP_WEEKS_MAX). */
static int plan_json_weeks(const cJSON *weeks, const struct internship *i,
			   struct stepup_plan *plan, struct form_invalid *bad)
{
	struct form f = FORM_INIT;
	const cJSON *o;
	int rc = RESULT_OK, k = 0;

	if (!cJSON_IsArray(weeks) ||
	    cJSON_GetArraySize(weeks) > INTERNSHIP_WEEKS_MAX)
		return plan_invalid(bad, "weeks",
				    "Ugerne (weeks) skal være en liste af "
				    "højst 104 uger.");
	plan->weeks = calloc(INTERNSHIP_WEEKS_MAX, sizeof(*plan->weeks));
	if (plan->weeks == NULL)
		return RESULT_FAILED;
	cJSON_ArrayForEach(o, weeks)
	{
		k++;
		form_free(&f);
		rc = plan_json_week_form(o, &f);
		if (rc != 0) {
			if (rc > 0 && cJSON_IsObject(o) &&
			    plan_json_stranger(o))
				snprintf(bad->message, sizeof(bad->message),
					 "Uge nummer %d i listen har feltet "
					 "\"%.40s\", som en plan ikke har.",
					 k, plan_json_stranger(o));
			else if (rc > 0)
				snprintf(bad->message, sizeof(bad->message),
					 "Uge nummer %d i listen har et felt, "
					 "der ikke kan læses.",
					 k);
			bad->field = "weeks";
			rc = rc > 0 ? RESULT_INVALID : RESULT_FAILED;
			break;
		}
		rc = plan_week_read(&f, i, &plan->weeks[plan->n], bad);
		if (rc != RESULT_OK) {
			free(plan->weeks[plan->n].meeting_who);
			break;
		}
		plan->n++;
	}
	form_free(&f);
	return rc;
}

/* {"generate": {"from": {"days", "hours"}, "to": {...}}} into plan. */
static int plan_json_generate(struct req *r, const cJSON *g,
			      const struct internship *i,
			      struct stepup_plan *plan,
			      struct form_invalid *bad)
{
	static const char *const ends[2] = {"from", "to"};
	struct stepup_pattern from, to;
	struct form f = FORM_INIT;
	const cJSON *e;
	char name[32];
	int k, rc = 0;

	for (k = 0; k < 2 && rc == 0; k++) {
		e = cJSON_GetObjectItemCaseSensitive(g, ends[k]);
		if (!cJSON_IsObject(e)) {
			rc = 1;
			break;
		}
		snprintf(name, sizeof(name), "%s_days", ends[k]);
		rc = plan_json_field(
			&f, name, cJSON_GetObjectItemCaseSensitive(e, "days"),
			false);
		snprintf(name, sizeof(name), "%s_hours", ends[k]);
		if (rc == 0)
			rc = plan_json_field(
				&f, name,
				cJSON_GetObjectItemCaseSensitive(e, "hours"),
				true);
	}
	if (rc > 0)
		rc = plan_invalid(bad, "generate",
				  "Generering (generate) skal have \"from\" og "
				  "\"to\", hver med \"days\" og \"hours\".");
	else if (rc < 0)
		rc = RESULT_FAILED;
	else
		rc = plan_generate_read(&f, &from, &to, bad);
	form_free(&f);
	if (rc != RESULT_OK)
		return rc;
	return stepup_plan_draft(r->db, i, &from, &to, date_today(), plan, bad);
}

/* The members of a PUT's body. */
static const char *const plan_body_members[] = {"weeks", "generate", "reason",
						NULL};

int plan_api_put(struct req *r)
{
	static const struct form_spec spec[] = {
		{"reason", "Begrundelse", FIELD_TEXTAREA, false, 0,
		 STEPUP_REASON_MAX, NULL},
	};
	const cJSON *weeks = cJSON_GetObjectItemCaseSensitive(r->json, "weeks");
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(r->json, "generate");
	struct stepup_plan plan = {0};
	struct form_invalid bad = {0};
	struct form_value v;
	struct internship i;
	struct participant p;
	int rc = plan_load_for_change(r, &i, &p);

	if (rc)
		return rc;
	if (plan_json_unknown(r->json, plan_body_members)) {
		snprintf(bad.message, sizeof(bad.message),
			 "Feltet \"%.40s\" kendes ikke. Send \"weeks\" eller "
			 "\"generate\" og eventuelt \"reason\".",
			 plan_json_unknown(r->json, plan_body_members));
		internship_free(&i);
		return http_invalid(r, NULL, bad.message);
	}
	if (form_validate(&r->form, spec, 1, &v, &bad) < 0) {
		internship_free(&i);
		return http_result(r, RESULT_INVALID, &bad);
	}
	if ((weeks == NULL) == (g == NULL))
		rc = plan_invalid(&bad, "weeks",
				  "Send enten ugerne (weeks) eller en "
				  "generering (generate).");
	else if (g)
		rc = cJSON_IsObject(g)
			     ? plan_json_generate(r, g, &i, &plan, &bad)
			     : plan_invalid(
				       &bad, "generate",
				       "Generering (generate) skal være et "
				       "objekt.");
	else
		rc = plan_json_weeks(weeks, &i, &plan, &bad);
	if (rc == RESULT_OK)
		rc = plan_save(r, &p, &i, &plan, v.s, &bad);
	form_values_free(&v, 1);
	stepup_plan_free(&plan);
	if (rc == RESULT_OK) {
		/* The answer shows the sequence moved: read it again. */
		internship_free(&i);
		rc = plan_load(r, &i, &p);
		if (rc)
			return rc;
		rc = plan_api_answer(r, &i, &p);
	} else {
		rc = http_result(r, rc, &bad);
	}
	internship_free(&i);
	return rc;
}
