/*
 * plan_form: what the step-up plan's page and API share: the readers of
 * a week and of a generation (the API makes its JSON into the page's
 * fields first), loading the path's internship, and saving under the
 * writer.
 */
#include "plan_form.h"

#include "db.h"
#include "http.h"
#include "participant.h"
#include "stepup_plan.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const plan_turns[] = {"down", "hold", "up", NULL};

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

/*
 * Hours as a person writes them: "", "3", "3,5", "3.5", "3.0" into
 * minutes; -1 when it is not whole or half hours (or more than 99).
 */
int plan_hours_parse(const char *s, int *minutes)
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

int plan_invalid(struct form_invalid *bad, const char *field,
		 const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

/* The Monday of week of i's plan. */
date_t plan_monday(const struct internship *i, int week)
{
	return date_add_days(date_monday(i->start_on), 7 * (week - 1));
}

/*
 * A week of i's plan from f (the page's form, or a week of the API's
 * body made into one) into *w (meeting_who allocated). RESULT_OK, or
 * RESULT_INVALID with *bad naming the week.
 */
int plan_week_read(const struct form *f, const struct internship *i,
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
int plan_generate_read(const struct form *f, struct stepup_pattern *from,
		       struct stepup_pattern *to, struct form_invalid *bad)
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
int plan_load(struct req *r, struct internship *i, struct participant *p)
{
	struct actor a = http_actor(r);
	int rc = internship_get(r->db, &a, r->params[0], i, p);

	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0)
		return http_error(r, 404, "Praktikken findes ikke.");
	return 0;
}

/* Loads the internship for a change: 0, or the status sent (404, 403). */
int plan_load_for_change(struct req *r, struct internship *i,
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
int plan_save(struct req *r, const struct participant *p,
	      const struct internship *i, const struct stepup_plan *plan,
	      const char *reason, struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct db *w = db_writer_lock();
	int rc = stepup_plan_save(w, &a, p, i, plan, reason, bad);

	db_writer_unlock(w);
	return rc;
}
