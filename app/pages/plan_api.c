/*
 * plan_api: the step-up plan as JSON: GET answers the weeks and their
 * history; PUT takes weeks, or a generation, each made into the page's
 * fields and read by the same readers (plan_form.c).
 */
#include "plan_api.h"

#include "http.h"
#include "internship.h"
#include "participant.h"
#include "plan_form.h"
#include "stepup.h"
#include "stepup_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
