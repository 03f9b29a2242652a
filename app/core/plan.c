/*
 * plan: turns a cohort's choices into phase dates and course days (rules in
 * plan.h). One allocation per plan, sized up front from the week counts, so
 * deriving a plan costs microseconds and cannot half-fail.
 */
#include "plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "holiday.h"

_Static_assert(PLAN_WARNINGS_MAX >= PLAN_WARN__MAX + PLAN_INTERNSHIP_WEEKS_MAX,
	       "room for every length warning and one skipped day a week");

/*
 * How far a search for the nearest working day may look: past Christmas and
 * any run of closure days a venue could sensibly have.
 */
#define PLAN_WORKDAY_SEARCH_DAYS 62

static const char *const plan_phase_names[PLAN_PHASE__MAX] = {
	[PLAN_BEFORE] = "Før forløbet",
	[PLAN_REFERRAL] = "Henvisning",
	[PLAN_PREPARATION] = "Forberedelse",
	[PLAN_TEACHING] = "Undervisning",
	[PLAN_INTERNSHIP] = "Praktik og opfølgning",
	[PLAN_AFTERCARE] = "Efterværn",
};

static const char *const plan_day_kind_names[PLAN_DAY_KIND__MAX] = {
	[PLAN_DAY_TEACHING] = "Undervisning",
	[PLAN_DAY_WEEKLY_TEACHING] = "Ugentlig undervisningsdag",
};

static const char *const plan_warning_texts[PLAN_WARN__MAX] = {
	[PLAN_WARN_SHORT_COURSE] = "Forløbet er kortere end 18 uger.",
	[PLAN_WARN_SHORT_PREPARATION] =
		"Forberedelsen er kortere end de anbefalede 2–4 uger.",
	[PLAN_WARN_SHORT_TEACHING] =
		"Undervisningsforløbet er kortere end de anbefalede 4 uger.",
	[PLAN_WARN_FEW_TEACHING_WEEKDAYS] =
		"Der er færre end 4 undervisningsdage om ugen.",
	[PLAN_WARN_SHORT_INTERNSHIP] = "Praktikken er kortere end 12 uger.",
	[PLAN_WARN_WEEKLY_ON_HOLIDAY] =
		"En ugentlig undervisningsdag falder på en helligdag og er "
		"sprunget over.",
	[PLAN_WARN_WEEKLY_ON_CLOSURE] =
		"En ugentlig undervisningsdag falder på en lukkedag og er "
		"sprunget over.",
};

/* Why a day is not a working day. */
enum plan_off {
	PLAN_OFF_NONE,
	PLAN_OFF_WEEKEND,
	PLAN_OFF_HOLIDAY,
	PLAN_OFF_CLOSURE,
};

static bool plan_is_closure(const struct plan_input *in, date_t d)
{
	size_t i;

	/* A linear scan: closures are few, and sorting would need a copy. */
	for (i = 0; i < in->nclosures; i++) {
		if (in->closures[i] == d)
			return true;
	}
	return false;
}

/* *name (may be NULL) gets the holiday's name for PLAN_OFF_HOLIDAY. */
static enum plan_off plan_day_off(const struct plan_input *in, date_t d,
				  const char **name)
{
	if (date_is_weekend(d))
		return PLAN_OFF_WEEKEND;
	if (holiday_is(d, in->skip_customary, name))
		return PLAN_OFF_HOLIDAY;
	if (plan_is_closure(in, d))
		return PLAN_OFF_CLOSURE;
	return PLAN_OFF_NONE;
}

bool plan_is_working_day(const struct plan_input *in, date_t d)
{
	return in && plan_day_off(in, d, NULL) == PLAN_OFF_NONE;
}

/*
 * The nearest working day from d in direction step (+1 or -1), d included;
 * fallback when none lies within PLAN_WORKDAY_SEARCH_DAYS.
 */
static date_t plan_working_day_from(const struct plan_input *in, date_t d,
				    int step, date_t fallback)
{
	int i;

	for (i = 0; i < PLAN_WORKDAY_SEARCH_DAYS; i++) {
		date_t day = date_add_days(d, i * step);

		if (plan_is_working_day(in, day))
			return day;
	}
	return fallback;
}

void plan_input_defaults(struct plan_input *in)
{
	memset(in, 0, sizeof(*in));
	in->prep_weeks = PLAN_PREP_WEEKS_DEFAULT;
	in->teaching_weeks = PLAN_TEACHING_WEEKS_DEFAULT;
	in->teaching_weekdays = PLAN_WEEKDAYS_DEFAULT;
	in->internship_weeks = PLAN_INTERNSHIP_WEEKS_NORM;
	in->weekly_teaching_weekday = PLAN_DEFAULT_WEEKLY_WEEKDAY;
	in->start_min = PLAN_DEFAULT_START_MIN;
	in->end_min = PLAN_DEFAULT_END_MIN;
	in->skip_customary = true;
}

static int plan_fail(struct plan_error *err, enum plan_error_code code,
		     const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int plan_fail(struct plan_error *err, enum plan_error_code code,
		     const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	err->field = field;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

static int plan_popcount(unsigned v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Bounds of every number and mask; the first teaching day comes after. */
static int plan_check_bounds(const struct plan_input *in,
			     struct plan_error *err)
{
	int year = date_year(in->first_teaching_day);

	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX)
		return plan_fail(err, PLAN_ERR_DATE_RANGE, "first_teaching_day",
				 "Første undervisningsdag skal ligge mellem år "
				 "%d og %d.",
				 DATE_YEAR_MIN, DATE_YEAR_MAX);
	if (in->prep_weeks < PLAN_PREP_WEEKS_MIN ||
	    in->prep_weeks > PLAN_PREP_WEEKS_MAX)
		return plan_fail(err, PLAN_ERR_PREP_WEEKS, "prep_weeks",
				 "Forberedelsen skal vare %d–%d uger.",
				 PLAN_PREP_WEEKS_MIN, PLAN_PREP_WEEKS_MAX);
	if (in->teaching_weeks < PLAN_TEACHING_WEEKS_MIN ||
	    in->teaching_weeks > PLAN_TEACHING_WEEKS_MAX)
		return plan_fail(err, PLAN_ERR_TEACHING_WEEKS, "teaching_weeks",
				 "Undervisningen skal vare %d–%d uger.",
				 PLAN_TEACHING_WEEKS_MIN,
				 PLAN_TEACHING_WEEKS_MAX);
	if (in->internship_weeks < PLAN_INTERNSHIP_WEEKS_MIN ||
	    in->internship_weeks > PLAN_INTERNSHIP_WEEKS_MAX)
		return plan_fail(
			err, PLAN_ERR_INTERNSHIP_WEEKS, "internship_weeks",
			"Praktikken skal vare %d–%d uger.",
			PLAN_INTERNSHIP_WEEKS_MIN, PLAN_INTERNSHIP_WEEKS_MAX);
	if (in->teaching_weekdays & ~PLAN_WEEKDAYS_ALL)
		return plan_fail(err, PLAN_ERR_WEEKDAYS_INVALID,
				 "teaching_weekdays", "%s",
				 "Ugyldige undervisningsdage.");
	if (in->teaching_weekdays & PLAN_WEEKDAYS_WEEKEND)
		return plan_fail(
			err, PLAN_ERR_WEEKDAYS_WEEKEND, "teaching_weekdays",
			"%s", "Der kan ikke undervises lørdag eller søndag.");
	if (!in->teaching_weekdays)
		return plan_fail(err, PLAN_ERR_WEEKDAYS_EMPTY,
				 "teaching_weekdays", "%s",
				 "Vælg mindst én undervisningsdag om ugen.");
	if (in->weekly_teaching_weekday < DATE_MONDAY ||
	    in->weekly_teaching_weekday > DATE_FRIDAY)
		return plan_fail(err, PLAN_ERR_WEEKLY_WEEKDAY,
				 "weekly_teaching_weekday", "%s",
				 "Den ugentlige undervisningsdag i praktikken "
				 "skal være en hverdag (mandag–fredag).");
	if (in->start_min < 0 || in->end_min <= in->start_min ||
	    in->end_min > PLAN_MINUTES_PER_DAY)
		return plan_fail(err, PLAN_ERR_TIMES,
				 in->start_min < 0 ? "start_min" : "end_min",
				 "%s",
				 "Undervisningen skal slutte efter, at den "
				 "begynder, og senest kl. 24.00.");
	if (in->nclosures > PLAN_CLOSURES_MAX)
		return plan_fail(err, PLAN_ERR_CLOSURES, "closures",
				 "Der kan højst angives %d lukkedage.",
				 PLAN_CLOSURES_MAX);
	if (in->nclosures && !in->closures)
		return plan_fail(err, PLAN_ERR_ARGUMENT, "closures", "%s",
				 "Lukkedagene mangler.");
	return 0;
}

static int plan_first_day_off(const struct plan_input *in, enum plan_off off,
			      const char *name, struct plan_error *err)
{
	char day[DATE_DA_LEN];

	date_format_da(in->first_teaching_day, day, sizeof(day));
	switch (off) {
	case PLAN_OFF_WEEKEND:
		return plan_fail(err, PLAN_ERR_NOT_WORKING_DAY,
				 "first_teaching_day",
				 "Første undervisningsdag, %s, er ikke en "
				 "arbejdsdag.",
				 day);
	case PLAN_OFF_HOLIDAY:
		return plan_fail(
			err, PLAN_ERR_NOT_WORKING_DAY, "first_teaching_day",
			"Første undervisningsdag, %s, er %s og ikke en "
			"arbejdsdag.",
			day, name);
	case PLAN_OFF_CLOSURE:
		return plan_fail(
			err, PLAN_ERR_NOT_WORKING_DAY, "first_teaching_day",
			"Første undervisningsdag, %s, er en lukkedag.", day);
	case PLAN_OFF_NONE:
		break;
	}
	return plan_fail(err, PLAN_ERR_NOT_TEACHING_WEEKDAY,
			 "first_teaching_day",
			 "Første undervisningsdag, %s, er ikke en af holdets "
			 "undervisningsdage.",
			 day);
}

/* The first teaching day must be a working day among the chosen weekdays. */
static int plan_check_first_day(const struct plan_input *in,
				struct plan_error *err)
{
	date_t d = in->first_teaching_day;
	const char *name = NULL;
	enum plan_off off = plan_day_off(in, d, &name);

	if (off == PLAN_OFF_NONE &&
	    (in->teaching_weekdays & PLAN_WEEKDAY_BIT(date_weekday(d))))
		return 0;
	/* Only now format the date: the error path may be slow. */
	return plan_first_day_off(in, off, name, err);
}

static void plan_warn(struct plan *p, enum plan_warning_code code, date_t d,
		      int value, const char *name)
{
	struct plan_warning *w;

	/* Cannot overflow: PLAN_WARNINGS_MAX covers every warning once a week.
	 */
	if (p->nwarnings >= PLAN_WARNINGS_MAX)
		return;
	w = &p->warnings[p->nwarnings++];
	w->code = code;
	w->date = d;
	w->value = value;
	w->name = name;
}

static void plan_add_day(struct plan *p, const struct plan_input *in, date_t d,
			 enum plan_day_kind kind)
{
	struct plan_day *day = &p->days[p->ndays++];

	day->date = d;
	day->start_min = in->start_min;
	day->end_min = in->end_min;
	day->kind = kind;
	if (kind == PLAN_DAY_TEACHING)
		p->nteaching_days++;
	else
		p->nweekly_days++;
}

/* The teaching weeks start in the week of the first teaching day. */
static void plan_teaching_days(struct plan *p, const struct plan_input *in)
{
	date_t week = date_monday(in->first_teaching_day);
	int w, wd;

	for (w = 0; w < in->teaching_weeks; w++) {
		for (wd = DATE_MONDAY; wd <= DATE_FRIDAY; wd++) {
			date_t d = date_add_days(week, 7 * w + wd - 1);

			if (d < in->first_teaching_day)
				continue;
			if (!(in->teaching_weekdays & PLAN_WEEKDAY_BIT(wd)))
				continue;
			if (plan_day_off(in, d, NULL) != PLAN_OFF_NONE)
				continue;
			plan_add_day(p, in, d, PLAN_DAY_TEACHING);
			p->teaching_end = d;
		}
	}
}

/* One weekly teaching day per internship week, skipped on a day off. */
static void plan_weekly_days(struct plan *p, const struct plan_input *in)
{
	int w;

	for (w = 0; w < in->internship_weeks; w++) {
		date_t d = date_add_days(p->internship_start,
					 7 * w + in->weekly_teaching_weekday -
						 1);
		const char *name = NULL;

		switch (plan_day_off(in, d, &name)) {
		case PLAN_OFF_NONE:
			plan_add_day(p, in, d, PLAN_DAY_WEEKLY_TEACHING);
			break;
		case PLAN_OFF_HOLIDAY:
			plan_warn(p, PLAN_WARN_WEEKLY_ON_HOLIDAY, d, 0, name);
			break;
		case PLAN_OFF_CLOSURE:
			plan_warn(p, PLAN_WARN_WEEKLY_ON_CLOSURE, d, 0, NULL);
			break;
		case PLAN_OFF_WEEKEND:
			/* Unreachable: the weekday is checked to be 1..5. */
			break;
		}
	}
}

static void plan_length_warnings(struct plan *p, const struct plan_input *in)
{
	int per_week = plan_popcount(in->teaching_weekdays);

	if (p->total_weeks < PLAN_TOTAL_WEEKS_MIN)
		plan_warn(p, PLAN_WARN_SHORT_COURSE, 0, p->total_weeks, NULL);
	if (in->prep_weeks < PLAN_PREP_WEEKS_RECOMMENDED)
		plan_warn(p, PLAN_WARN_SHORT_PREPARATION, 0, in->prep_weeks,
			  NULL);
	if (in->teaching_weeks < PLAN_TEACHING_WEEKS_DEFAULT)
		plan_warn(p, PLAN_WARN_SHORT_TEACHING, 0, in->teaching_weeks,
			  NULL);
	if (per_week < PLAN_TEACHING_DAYS_PER_WEEK)
		plan_warn(p, PLAN_WARN_FEW_TEACHING_WEEKDAYS, 0, per_week,
			  NULL);
	if (in->internship_weeks < PLAN_INTERNSHIP_WEEKS_NORM)
		plan_warn(p, PLAN_WARN_SHORT_INTERNSHIP, 0,
			  in->internship_weeks, NULL);
}

/* Phase boundaries; the course days are filled in afterwards. */
static void plan_phase_dates(struct plan *p, const struct plan_input *in)
{
	date_t first = in->first_teaching_day;
	date_t week = date_monday(first);

	p->prep_start = date_add_days(week, -7 * in->prep_weeks);
	p->referral_start = date_add_days(p->prep_start,
					  -7 * PLAN_REFERRAL_WEEKS);
	p->referral_deadline = plan_working_day_from(
		in, date_add_days(p->prep_start, -1), -1,
		date_add_days(p->prep_start, -1));
	p->prep_end = plan_working_day_from(in, date_add_days(first, -1), -1,
					    date_add_days(first, -1));
	if (p->prep_end < p->prep_start)
		p->prep_end = date_add_days(first, -1);
	p->teaching_start = first;
	p->internship_start = date_add_days(week, 7 * in->teaching_weeks);
	p->internship_end = date_add_days(p->internship_start,
					  7 * in->internship_weeks - 3);
	p->aftercare_start = plan_working_day_from(
		in, date_add_days(p->internship_end, 1), 1,
		date_add_days(p->internship_end, 1));
	p->total_weeks = in->prep_weeks + in->teaching_weeks +
			 in->internship_weeks;
}

int plan_derive(const struct plan_input *in, struct plan *out,
		struct plan_error *err)
{
	size_t cap;

	if (err) {
		memset(err, 0, sizeof(*err));
		err->code = PLAN_ERR_NONE;
	}
	if (!out)
		return plan_fail(err, PLAN_ERR_ARGUMENT, NULL, "%s",
				 "Planen mangler.");
	memset(out, 0, sizeof(*out));
	if (!in)
		return plan_fail(err, PLAN_ERR_ARGUMENT, NULL, "%s",
				 "Planens oplysninger mangler.");
	if (plan_check_bounds(in, err) || plan_check_first_day(in, err))
		return -1;

	/* Every weekday of the teaching weeks plus one day a week after. */
	cap = (size_t)in->teaching_weeks * 5 + (size_t)in->internship_weeks;
	out->days = calloc(cap, sizeof(*out->days));
	if (!out->days)
		return plan_fail(err, PLAN_ERR_NOMEM, NULL, "%s",
				 "Der var ikke hukommelse nok til at beregne "
				 "planen.");
	plan_phase_dates(out, in);
	plan_teaching_days(out, in);
	plan_weekly_days(out, in);
	plan_length_warnings(out, in);
	return 0;
}

void plan_free(struct plan *p)
{
	if (!p)
		return;
	free(p->days);
	memset(p, 0, sizeof(*p));
}

enum plan_phase plan_phase_on(const struct plan *p, date_t d)
{
	if (d >= p->aftercare_start)
		return PLAN_AFTERCARE;
	if (d >= p->internship_start)
		return PLAN_INTERNSHIP;
	if (d >= p->teaching_start)
		return PLAN_TEACHING;
	if (d >= p->prep_start)
		return PLAN_PREPARATION;
	if (d >= p->referral_start)
		return PLAN_REFERRAL;
	return PLAN_BEFORE;
}

const struct plan_day *plan_day_on(const struct plan *p, date_t d)
{
	size_t lo = 0, hi = p->ndays;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->days[mid].date == d)
			return &p->days[mid];
		if (p->days[mid].date < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *plan_phase_name(enum plan_phase phase)
{
	if ((unsigned)phase >= PLAN_PHASE__MAX)
		return NULL;
	return plan_phase_names[phase];
}

const char *plan_day_kind_name(enum plan_day_kind kind)
{
	if ((unsigned)kind >= PLAN_DAY_KIND__MAX)
		return NULL;
	return plan_day_kind_names[kind];
}

const char *plan_warning_text(enum plan_warning_code code)
{
	if ((unsigned)code >= PLAN_WARN__MAX)
		return NULL;
	return plan_warning_texts[code];
}

static int plan_warning_print(const struct plan_warning *w, char *buf,
			      size_t len)
{
	char day[DATE_DA_LEN];

	switch (w->code) {
	case PLAN_WARN_SHORT_COURSE:
		return snprintf(buf, len,
				"Forløbet varer %d uger; et joborienteret "
				"mestringsforløb varer mindst %d uger.",
				w->value, PLAN_TOTAL_WEEKS_MIN);
	case PLAN_WARN_SHORT_PREPARATION:
		return snprintf(buf, len,
				"Forberedelsen varer %d uge; der anbefales 2–4 "
				"uger, gerne 4 for at finde en praktikplads.",
				w->value);
	case PLAN_WARN_SHORT_TEACHING:
		return snprintf(buf, len,
				"Undervisningsforløbet varer %d uger; det "
				"anbefales forlænget til 4 uger.",
				w->value);
	case PLAN_WARN_FEW_TEACHING_WEEKDAYS:
		return snprintf(buf, len,
				"Der undervises %d dage om ugen; forløbet er "
				"bygget op om 4 undervisningsdage om ugen.",
				w->value);
	case PLAN_WARN_SHORT_INTERNSHIP:
		return snprintf(buf, len,
				"Praktikken varer %d uger; normen er %d uger.",
				w->value, PLAN_INTERNSHIP_WEEKS_NORM);
	case PLAN_WARN_WEEKLY_ON_HOLIDAY:
		date_format_da(w->date, day, sizeof(day));
		return snprintf(buf, len,
				"Den ugentlige undervisningsdag %s falder på "
				"%s og er sprunget over.",
				day, w->name ? w->name : "en helligdag");
	case PLAN_WARN_WEEKLY_ON_CLOSURE:
		date_format_da(w->date, day, sizeof(day));
		return snprintf(buf, len,
				"Den ugentlige undervisningsdag %s falder på "
				"en lukkedag og er sprunget over.",
				day);
	case PLAN_WARN__MAX:
		break;
	}
	return -1;
}

int plan_warning_format(const struct plan_warning *w, char *buf, size_t len)
{
	int n;

	if (!buf || len == 0)
		return -1;
	n = w ? plan_warning_print(w, buf, len) : -1;
	if (n < 0 || (size_t)n >= len) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

int plan_bench_default(date_t first_teaching_day)
{
	struct plan_input in;
	struct plan p;
	int n;

	plan_input_defaults(&in);
	in.first_teaching_day = first_teaching_day;
	if (plan_derive(&in, &p, NULL))
		return -1;
	n = (int)p.ndays;
	plan_free(&p);
	return n;
}
