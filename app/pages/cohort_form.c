/*
 * cohort_form: the cohort form's fields declared once (form_spec), the
 * teaching weekdays and the target group read beside them, over the
 * cohort the change starts from.
 */
#include "cohort_form.h"

#include "course.h"
#include "db.h"
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct form_spec cohort_form_spec[] = {
	{"name", "Holdets navn", FIELD_TEXT, false, 1, 200, NULL},
	{"job_centre_id", "Jobcenter", FIELD_INT, false, 1, 9007199254740991L,
	 NULL},
	{"provider_id", "Udbyder", FIELD_INT, false, 1, 9007199254740991L,
	 NULL},
	{"org_model", "Organisationsmodel", FIELD_INT, false, 1, 3, NULL},
	{"venue_name", "Undervisningssted", FIELD_TEXT, false, 1, 200, NULL},
	{"venue_address", "Adresse", FIELD_TEXT, false, 1, 300, NULL},
	{"first_teaching_day", "Første undervisningsdag", FIELD_DATE, false, 0,
	 0, NULL},
	{"prep_weeks", "Forberedelse (uger)", FIELD_INT, false, 1, 4, NULL},
	{"teaching_weeks", "Undervisning (uger)", FIELD_INT, false, 2, 4, NULL},
	{"internship_weeks", "Praktik (uger)", FIELD_INT, false, 1, 52, NULL},
	{"weekly_teaching_weekday", "Ugentlig undervisningsdag", FIELD_INT,
	 false, 1, 5, NULL},
	{"start_time", "Starttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"end_time", "Sluttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"capacity", "Antal pladser", FIELD_INT, false, COHORT_CAPACITY_MIN,
	 COHORT_CAPACITY_MAX, NULL},
	{"absence_streak", "Fravær uden afbud i træk før opfølgning", FIELD_INT,
	 false, 1, 20, NULL},
	{"attendance_floor", "Fremmøde under (procent) før opfølgning",
	 FIELD_INT, false, 1, 100, NULL},
};
enum {
	CF_NAME,
	CF_JOB_CENTRE,
	CF_PROVIDER,
	CF_MODEL,
	CF_VENUE,
	CF_ADDRESS,
	CF_FIRST_DAY,
	CF_PREP,
	CF_TEACHING,
	CF_INTERNSHIP,
	CF_WEEKLY,
	CF_START,
	CF_END,
	CF_CAPACITY,
	CF_STREAK,
	CF_FLOOR,
	CF__N
};

void cohort_form_free(struct cohort_form *cf)
{
	free(cf->criteria_text);
	cf->criteria_text = NULL;
}

/* Copies a validated text into a fixed field. */
#define COHORT_FORM_COPY(dst, v) snprintf((dst), sizeof(dst), "%s", (v).s)

static void cohort_form_apply(struct cohort_input *in,
			      const struct form_value *v)
{
	struct cohort *c = &in->c;
	struct plan_input *p = &c->plan;

	if (v[CF_NAME].present)
		COHORT_FORM_COPY(c->name, v[CF_NAME]);
	if (v[CF_JOB_CENTRE].present)
		c->job_centre_id = v[CF_JOB_CENTRE].i;
	if (v[CF_PROVIDER].present)
		c->provider_id = v[CF_PROVIDER].i;
	if (v[CF_MODEL].present)
		c->org_model = (int)v[CF_MODEL].i;
	if (v[CF_VENUE].present)
		COHORT_FORM_COPY(c->venue_name, v[CF_VENUE]);
	if (v[CF_ADDRESS].present)
		COHORT_FORM_COPY(c->venue_address, v[CF_ADDRESS]);
	if (v[CF_FIRST_DAY].present)
		p->first_teaching_day = (date_t)v[CF_FIRST_DAY].i;
	if (v[CF_PREP].present)
		p->prep_weeks = (int)v[CF_PREP].i;
	if (v[CF_TEACHING].present)
		p->teaching_weeks = (int)v[CF_TEACHING].i;
	if (v[CF_INTERNSHIP].present)
		p->internship_weeks = (int)v[CF_INTERNSHIP].i;
	if (v[CF_WEEKLY].present)
		p->weekly_teaching_weekday = (int)v[CF_WEEKLY].i;
	if (v[CF_START].present)
		p->start_min = (int)v[CF_START].i;
	if (v[CF_END].present)
		p->end_min = (int)v[CF_END].i;
	if (v[CF_CAPACITY].present)
		c->capacity = (int)v[CF_CAPACITY].i;
	if (v[CF_STREAK].present)
		in->triggers.absence_streak = (int)v[CF_STREAK].i;
	if (v[CF_FLOOR].present)
		in->triggers.attendance_floor = (int)v[CF_FLOOR].i;
}

static int cohort_form_invalid(struct form_invalid *bad, const char *field,
			       const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

/* teaching_weekdays: checkboxes on pages, an array in JSON; each 1..5. */
static int cohort_form_weekdays(const struct form *f, unsigned *mask,
				struct form_invalid *bad)
{
	size_t i, n = form_count(f, "teaching_weekdays");
	unsigned m = 0;

	if (n == 0)
		return RESULT_OK;
	for (i = 0; i < n; i++) {
		const char *s = form_get_nth(f, "teaching_weekdays", i);

		if (s[0] == '\0' && n == 1)
			break;
		if (s[0] < '1' || s[0] > '5' || s[1] != '\0')
			return cohort_form_invalid(bad, "teaching_weekdays",
						   "Undervisningsdage skal "
						   "være hverdage (mandag til "
						   "fredag).");
		m |= PLAN_WEEKDAY_BIT(s[0] - '0');
	}
	*mask = m;
	return RESULT_OK;
}

/* target_group: one value per criterion (JSON array), or one text with a
 * criterion per line (the page's text area). */
static int cohort_form_criteria(const struct form *f, struct cohort_form *cf,
				struct form_invalid *bad)
{
	size_t i, n = form_count(f, "target_group"), total = 0, k = 0;
	char *p, *line, *save = NULL;

	if (n == 0)
		return RESULT_OK;
	for (i = 0; i < n; i++)
		total += strlen(form_get_nth(f, "target_group", i)) + 1;
	cf->criteria_text = malloc(total + 1);
	if (cf->criteria_text == NULL)
		return RESULT_FAILED;
	p = cf->criteria_text;
	for (i = 0; i < n; i++) {
		const char *s = form_get_nth(f, "target_group", i);
		size_t len = strlen(s);

		memcpy(p, s, len);
		p[len] = '\n';
		p += len + 1;
	}
	*p = '\0';
	cf->in.criteria_given = true;
	for (line = strtok_r(cf->criteria_text, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		while (*line == ' ' || *line == '\t' || *line == '-')
			line++;
		if (*line == '\0')
			continue;
		if (k == COHORT_CRITERIA_MAX || form_utf8_length(line) > 500 ||
		    !form_utf8_valid(line, strlen(line))) {
			bad->field = "target_group";
			snprintf(bad->message, sizeof(bad->message),
				 "Målgruppen kan have højst %d kriterier på "
				 "højst 500 tegn hver.",
				 COHORT_CRITERIA_MAX);
			return RESULT_INVALID;
		}
		cf->in.criteria[k++] = line;
	}
	cf->in.criteria[k] = NULL;
	return RESULT_OK;
}

int cohort_form_read(struct db *db, const struct form *f,
		     const struct cohort *base, struct cohort_form *out,
		     struct form_invalid *bad)
{
	struct form_value v[CF__N];
	int rc;

	memset(out, 0, sizeof(*out));
	out->in.c = *base;
	if (cohort_triggers_get(db, base->id, &out->in.triggers) < 0)
		return RESULT_FAILED;
	if (form_validate(f, cohort_form_spec, CF__N, v, bad) < 0)
		return RESULT_INVALID;
	cohort_form_apply(&out->in, v);
	form_values_free(v, CF__N);
	rc = cohort_form_weekdays(f, &out->in.c.plan.teaching_weekdays, bad);
	if (rc == RESULT_OK)
		rc = cohort_form_criteria(f, out, bad);
	return rc;
}

int cohort_form_create(struct db *db, const struct actor *a,
		       const struct form *f, int64_t *id,
		       struct form_invalid *bad)
{
	struct cohort_form cf;
	struct cohort base;
	struct db *w;
	int rc;

	cohort_defaults(&base, a);
	rc = cohort_form_read(db, f, &base, &cf, bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = course_cohort_create(w, a, &cf.in, id, bad);
		db_writer_unlock(w);
	}
	cohort_form_free(&cf);
	return rc;
}
