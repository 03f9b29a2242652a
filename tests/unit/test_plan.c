/*
 * Unit tests for plan: exact phase dates and course days for hand-worked
 * cohorts (Easter, Grundlovsdag, Christmas, Store bededag before and after
 * 2024, closure days), every invalid input, and invariants over 16 years.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "holiday.h"
#include "plan.h"

#define D(y, m, d) date_from_civil((y), (m), (d))

static void defaults(struct plan_input *in, date_t first)
{
	plan_input_defaults(in);
	in->first_teaching_day = first;
}

static void assert_days(const struct plan *p, enum plan_day_kind kind,
			const date_t *want, size_t n)
{
	size_t i, j = 0;

	for (i = 0; i < p->ndays; i++) {
		if (p->days[i].kind != kind)
			continue;
		assert_true(j < n);
		assert_int_equal(p->days[i].date, want[j]);
		j++;
	}
	assert_int_equal(j, n);
}

static void defaults_are_the_documented_ones(void **state)
{
	struct plan_input in;

	(void)state;
	memset(&in, 0xa5, sizeof(in));
	plan_input_defaults(&in);
	assert_int_equal(in.first_teaching_day, 0);
	assert_int_equal(in.prep_weeks, 4);
	assert_int_equal(in.teaching_weeks, 4);
	assert_int_equal(in.teaching_weekdays, 0x0f); /* Monday-Thursday */
	assert_int_equal(in.internship_weeks, 12);
	assert_int_equal(in.weekly_teaching_weekday, DATE_FRIDAY);
	assert_int_equal(in.start_min, 9 * 60);
	assert_int_equal(in.end_min, 14 * 60);
	assert_true(in.skip_customary);
	assert_null(in.closures);
	assert_int_equal(in.nclosures, 0);
}

/*
 * First teaching day Monday 2 March 2026: 16 teaching days (Easter 2026 is
 * after the teaching weeks), Langfredag 3 April and Grundlovsdag 5 June take
 * two of the twelve Fridays of the internship.
 */
static void default_plan_from_2_march_2026(void **state)
{
	const date_t fridays[] = {
		D(2026, 4, 10), D(2026, 4, 17), D(2026, 4, 24), D(2026, 5, 1),
		D(2026, 5, 8),	D(2026, 5, 15), D(2026, 5, 22), D(2026, 5, 29),
		D(2026, 6, 12), D(2026, 6, 19),
	};
	struct plan_input in;
	struct plan p;
	struct plan_error err;
	size_t i;

	(void)state;
	defaults(&in, D(2026, 3, 2));
	assert_int_equal(plan_derive(&in, &p, &err), 0);
	assert_int_equal(err.code, PLAN_ERR_NONE);
	assert_int_equal(p.referral_start, D(2026, 1, 5));
	assert_int_equal(p.referral_deadline, D(2026, 1, 30));
	assert_int_equal(p.prep_start, D(2026, 2, 2));
	assert_int_equal(p.prep_end, D(2026, 2, 27));
	assert_int_equal(p.teaching_start, D(2026, 3, 2));
	assert_int_equal(p.teaching_end, D(2026, 3, 26));
	assert_int_equal(p.internship_start, D(2026, 3, 30));
	assert_int_equal(p.internship_end, D(2026, 6, 19));
	assert_int_equal(p.aftercare_start, D(2026, 6, 22));
	assert_int_equal(p.total_weeks, 20);
	assert_int_equal(p.nteaching_days, 16);
	assert_int_equal(p.nweekly_days, 10);
	assert_int_equal(p.ndays, 26);
	assert_days(&p, PLAN_DAY_WEEKLY_TEACHING, fridays, 10);
	for (i = 0; i < p.ndays; i++) {
		assert_int_equal(p.days[i].start_min, 9 * 60);
		assert_int_equal(p.days[i].end_min, 14 * 60);
	}
	assert_int_equal(p.nwarnings, 2);
	assert_int_equal(p.warnings[0].code, PLAN_WARN_WEEKLY_ON_HOLIDAY);
	assert_int_equal(p.warnings[0].date, D(2026, 4, 3));
	assert_string_equal(p.warnings[0].name, "Langfredag");
	assert_int_equal(p.warnings[1].code, PLAN_WARN_WEEKLY_ON_HOLIDAY);
	assert_int_equal(p.warnings[1].date, D(2026, 6, 5));
	assert_string_equal(p.warnings[1].name, "Grundlovsdag");
	plan_free(&p);
}

/* Easter inside the teaching weeks: Skærtorsdag and 2. påskedag fall out. */
static void easter_inside_the_teaching_weeks_is_skipped(void **state)
{
	const date_t teaching[] = {
		D(2026, 3, 16), D(2026, 3, 17), D(2026, 3, 18), D(2026, 3, 19),
		D(2026, 3, 23), D(2026, 3, 24), D(2026, 3, 25), D(2026, 3, 26),
		D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 1),	D(2026, 4, 7),
		D(2026, 4, 8),	D(2026, 4, 9),
	};
	struct plan_input in;
	struct plan p;

	(void)state;
	defaults(&in, D(2026, 3, 16));
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.referral_start, D(2026, 1, 19));
	assert_int_equal(p.referral_deadline, D(2026, 2, 13));
	assert_int_equal(p.prep_start, D(2026, 2, 16));
	assert_int_equal(p.prep_end, D(2026, 3, 13));
	assert_int_equal(p.nteaching_days, 14);
	assert_days(&p, PLAN_DAY_TEACHING, teaching, 14);
	assert_int_equal(p.teaching_end, D(2026, 4, 9));
	assert_int_equal(p.internship_start, D(2026, 4, 13));
	assert_int_equal(p.internship_end, D(2026, 7, 3));
	assert_int_equal(p.aftercare_start, D(2026, 7, 6));
	/* Grundlovsdag, Friday 5 June 2026, is the one Friday lost. */
	assert_int_equal(p.nweekly_days, 11);
	assert_int_equal(p.nwarnings, 1);
	assert_int_equal(p.warnings[0].date, D(2026, 6, 5));
	plan_free(&p);

	/* Without customary days off, 5 June is an ordinary Friday. */
	in.skip_customary = false;
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.nteaching_days, 14);
	assert_int_equal(p.nweekly_days, 12);
	assert_int_equal(p.nwarnings, 0);
	assert_non_null(plan_day_on(&p, D(2026, 6, 5)));
	plan_free(&p);
}

/* A Tuesday start after Easter: preparation ends before Skærtorsdag. */
static void
a_start_after_easter_ends_preparation_before_the_holidays(void **state)
{
	struct plan_input in;
	struct plan p;

	(void)state;
	defaults(&in, D(2026, 4, 7));
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.prep_start, D(2026, 3, 9));
	assert_int_equal(p.referral_deadline, D(2026, 3, 6));
	assert_int_equal(p.prep_end, D(2026, 4, 1));
	assert_int_equal(p.teaching_start, D(2026, 4, 7));
	assert_int_equal(p.nteaching_days, 15);
	assert_int_equal(p.days[0].date, D(2026, 4, 7));
	assert_int_equal(p.teaching_end, D(2026, 4, 30));
	assert_int_equal(p.internship_start, D(2026, 5, 4));
	plan_free(&p);
}

/* Shorter phases, Monday-Wednesday-Friday teaching, a Monday weekly day. */
static void shorter_phases_and_other_weekdays(void **state)
{
	const date_t teaching[] = {
		D(2026, 9, 7),	D(2026, 9, 9),	D(2026, 9, 11),
		D(2026, 9, 14), D(2026, 9, 16), D(2026, 9, 18),
	};
	struct plan_input in;
	struct plan p;
	size_t i;

	(void)state;
	defaults(&in, D(2026, 9, 7));
	in.prep_weeks = 2;
	in.teaching_weeks = 2;
	in.teaching_weekdays = PLAN_WEEKDAY_BIT(DATE_MONDAY) |
			       PLAN_WEEKDAY_BIT(DATE_WEDNESDAY) |
			       PLAN_WEEKDAY_BIT(DATE_FRIDAY);
	in.weekly_teaching_weekday = DATE_MONDAY;
	in.start_min = 8 * 60 + 30;
	in.end_min = 12 * 60;
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.prep_start, D(2026, 8, 24));
	assert_int_equal(p.referral_deadline, D(2026, 8, 21));
	assert_days(&p, PLAN_DAY_TEACHING, teaching, 6);
	assert_int_equal(p.teaching_end, D(2026, 9, 18));
	assert_int_equal(p.internship_start, D(2026, 9, 21));
	assert_int_equal(p.internship_end, D(2026, 12, 11));
	assert_int_equal(p.aftercare_start, D(2026, 12, 14));
	assert_int_equal(p.nweekly_days, 12);
	for (i = 0; i < p.ndays; i++) {
		assert_int_equal(p.days[i].start_min, 8 * 60 + 30);
		assert_int_equal(p.days[i].end_min, 12 * 60);
		if (p.days[i].kind == PLAN_DAY_WEEKLY_TEACHING)
			assert_int_equal(date_weekday(p.days[i].date),
					 DATE_MONDAY);
	}
	assert_int_equal(p.total_weeks, 16);
	assert_int_equal(p.nwarnings, 3);
	assert_int_equal(p.warnings[0].code, PLAN_WARN_SHORT_COURSE);
	assert_int_equal(p.warnings[0].value, 16);
	assert_int_equal(p.warnings[1].code, PLAN_WARN_SHORT_TEACHING);
	assert_int_equal(p.warnings[1].value, 2);
	assert_int_equal(p.warnings[2].code, PLAN_WARN_FEW_TEACHING_WEEKDAYS);
	assert_int_equal(p.warnings[2].value, 3);
	plan_free(&p);
}

struct length_case {
	int prep, teaching, internship;
	int total;
	bool short_course;
};

/* The catalogue's figure: 18 weeks is the least, e.g. 4 + 2 + 12. */
static const struct length_case length_cases[] = {
	{4, 4, 12, 20, false}, {4, 2, 12, 18, false}, {2, 4, 12, 18, false},
	{1, 4, 12, 17, true},  {2, 2, 12, 16, true},  {4, 4, 9, 17, true},
	{4, 4, 10, 18, false}, {1, 2, 1, 4, true},    {4, 4, 52, 60, false},
};

static bool has_warning(const struct plan *p, enum plan_warning_code code)
{
	size_t i;

	for (i = 0; i < p->nwarnings; i++) {
		if (p->warnings[i].code == code)
			return true;
	}
	return false;
}

static void a_plan_under_18_weeks_is_warned_about(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(length_cases) / sizeof(length_cases[0]); i++) {
		const struct length_case *c = &length_cases[i];
		struct plan_input in;
		struct plan p;

		defaults(&in, D(2026, 3, 2));
		in.prep_weeks = c->prep;
		in.teaching_weeks = c->teaching;
		in.internship_weeks = c->internship;
		assert_int_equal(plan_derive(&in, &p, NULL), 0);
		assert_int_equal(p.total_weeks, c->total);
		/* Preparation Monday to internship Friday is the same span. */
		assert_int_equal(p.internship_end + 3 - p.prep_start,
				 7 * c->total);
		assert_int_equal(has_warning(&p, PLAN_WARN_SHORT_COURSE),
				 c->short_course);
		assert_int_equal(has_warning(&p, PLAN_WARN_SHORT_PREPARATION),
				 c->prep < 2);
		assert_int_equal(has_warning(&p, PLAN_WARN_SHORT_TEACHING),
				 c->teaching < 4);
		assert_int_equal(has_warning(&p, PLAN_WARN_SHORT_INTERNSHIP),
				 c->internship < 12);
		plan_free(&p);
	}
}

/* Closure days take teaching days, weekly days and the referral deadline. */
static void closure_days_are_never_course_days(void **state)
{
	const date_t closures[] = {
		D(2026, 3, 4),	/* a Wednesday of the teaching */
		D(2026, 4, 17), /* a Friday of the internship */
		D(2026, 1, 30), /* the Friday before preparation */
		D(2026, 3, 4),	/* a repeat is harmless */
		D(2026, 3, 7),	/* a Saturday changes nothing */
	};
	struct plan_input in;
	struct plan p;

	(void)state;
	defaults(&in, D(2026, 3, 2));
	in.closures = closures;
	in.nclosures = sizeof(closures) / sizeof(closures[0]);
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.referral_deadline, D(2026, 1, 29));
	assert_int_equal(p.nteaching_days, 15);
	assert_null(plan_day_on(&p, D(2026, 3, 4)));
	assert_non_null(plan_day_on(&p, D(2026, 3, 5)));
	assert_int_equal(p.nweekly_days, 9);
	assert_null(plan_day_on(&p, D(2026, 4, 17)));
	assert_int_equal(p.nwarnings, 3);
	assert_int_equal(p.warnings[0].code, PLAN_WARN_WEEKLY_ON_HOLIDAY);
	assert_int_equal(p.warnings[0].date, D(2026, 4, 3));
	assert_int_equal(p.warnings[1].code, PLAN_WARN_WEEKLY_ON_CLOSURE);
	assert_int_equal(p.warnings[1].date, D(2026, 4, 17));
	assert_null(p.warnings[1].name);
	assert_int_equal(p.warnings[2].code, PLAN_WARN_WEEKLY_ON_HOLIDAY);
	assert_int_equal(p.warnings[2].date, D(2026, 6, 5));
	plan_free(&p);
}

/* Teaching over Christmas and New Year, 2026-2027. */
static void teaching_across_the_new_year(void **state)
{
	const date_t teaching[] = {
		D(2026, 12, 14), D(2026, 12, 15), D(2026, 12, 16),
		D(2026, 12, 17), D(2026, 12, 21), D(2026, 12, 22),
		D(2026, 12, 23), D(2026, 12, 28), D(2026, 12, 29),
		D(2026, 12, 30), D(2027, 1, 4),	  D(2027, 1, 5),
		D(2027, 1, 6),	 D(2027, 1, 7),
	};
	struct plan_input in;
	struct plan p;

	(void)state;
	defaults(&in, D(2026, 12, 14));
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.prep_start, D(2026, 11, 16));
	assert_int_equal(p.referral_deadline, D(2026, 11, 13));
	assert_int_equal(p.prep_end, D(2026, 12, 11));
	/* Juleaftensdag and Nytårsaftensdag are Thursdays in 2026. */
	assert_days(&p, PLAN_DAY_TEACHING, teaching, 14);
	assert_int_equal(p.teaching_end, D(2027, 1, 7));
	assert_int_equal(p.internship_start, D(2027, 1, 11));
	assert_int_equal(p.internship_end, D(2027, 4, 2));
	/* Langfredag 26 March 2027; 2. påskedag is a Monday, not a Friday. */
	assert_int_equal(p.nweekly_days, 11);
	assert_int_equal(p.nwarnings, 1);
	assert_int_equal(p.warnings[0].date, D(2027, 3, 26));
	assert_int_equal(p.aftercare_start, D(2027, 4, 5));
	plan_free(&p);

	in.skip_customary = false;
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.nteaching_days, 16);
	assert_non_null(plan_day_on(&p, D(2026, 12, 24)));
	assert_non_null(plan_day_on(&p, D(2026, 12, 31)));
	plan_free(&p);
}

/* An internship ending at Christmas: aftercare waits for a working day. */
static void
aftercare_starts_on_the_first_working_day_after_christmas(void **state)
{
	struct plan_input in;
	struct plan p;

	(void)state;
	/* Ends on Juledag, Friday 25 December 2026: that Friday is skipped. */
	defaults(&in, D(2026, 9, 7));
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.internship_start, D(2026, 10, 5));
	assert_int_equal(p.internship_end, D(2026, 12, 25));
	assert_int_equal(p.aftercare_start, D(2026, 12, 28));
	assert_int_equal(p.nweekly_days, 11);
	assert_int_equal(p.nwarnings, 1);
	assert_string_equal(p.warnings[0].name, "Juledag");
	plan_free(&p);

	/* Ends Friday 23 December 2022; Monday the 26th is 2. juledag. */
	defaults(&in, D(2022, 9, 5));
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.internship_end, D(2022, 12, 23));
	assert_int_equal(p.aftercare_start, D(2022, 12, 27));
	assert_int_equal(p.nweekly_days, 12);
	plan_free(&p);
}

/* Store bededag was a holiday in 2023 and an ordinary Friday in 2024. */
static void store_bededag_2023_is_skipped_but_not_2024(void **state)
{
	struct plan_input in;
	struct plan p;

	(void)state;
	/* Teaching Monday-Friday over the Friday four weeks after Easter. */
	defaults(&in, D(2023, 4, 24));
	in.teaching_weekdays = PLAN_WEEKDAYS_MON_FRI;
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	/* 20 weekdays less Store bededag 5/5 and Kristi himmelfart 18/5. */
	assert_int_equal(p.nteaching_days, 18);
	assert_null(plan_day_on(&p, D(2023, 5, 5)));
	plan_free(&p);

	defaults(&in, D(2024, 4, 15));
	in.teaching_weekdays = PLAN_WEEKDAYS_MON_FRI;
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	/* 20 weekdays less Kristi himmelfart 9/5 only. */
	assert_int_equal(p.nteaching_days, 19);
	assert_non_null(plan_day_on(&p, D(2024, 4, 26)));
	plan_free(&p);

	/* The weekly Friday: Langfredag and Store bededag in 2023 ... */
	defaults(&in, D(2023, 2, 6));
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.internship_end, D(2023, 5, 26));
	assert_int_equal(p.nweekly_days, 10);
	assert_int_equal(p.nwarnings, 2);
	assert_string_equal(p.warnings[0].name, "Langfredag");
	assert_int_equal(p.warnings[1].date, D(2023, 5, 5));
	assert_string_equal(p.warnings[1].name, "Store bededag");
	plan_free(&p);

	/* ... and only Langfredag in 2024. */
	defaults(&in, D(2024, 2, 5));
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.internship_end, D(2024, 5, 24));
	assert_int_equal(p.nweekly_days, 11);
	assert_int_equal(p.nwarnings, 1);
	assert_int_equal(p.warnings[0].date, D(2024, 3, 29));
	assert_non_null(plan_day_on(&p, D(2024, 4, 26)));
	plan_free(&p);
}

struct invalid_case {
	const char *what;
	void (*change)(struct plan_input *in);
	enum plan_error_code code;
	const char *field;
};

static void prep_0(struct plan_input *in)
{
	in->prep_weeks = 0;
}
static void prep_5(struct plan_input *in)
{
	in->prep_weeks = 5;
}
static void teaching_1(struct plan_input *in)
{
	in->teaching_weeks = 1;
}
static void teaching_5(struct plan_input *in)
{
	in->teaching_weeks = 5;
}
static void internship_0(struct plan_input *in)
{
	in->internship_weeks = 0;
}
static void internship_53(struct plan_input *in)
{
	in->internship_weeks = 53;
}
static void mask_empty(struct plan_input *in)
{
	in->teaching_weekdays = 0;
}
static void mask_saturday(struct plan_input *in)
{
	in->teaching_weekdays |= PLAN_WEEKDAY_BIT(DATE_SATURDAY);
}
static void mask_sunday(struct plan_input *in)
{
	in->teaching_weekdays = PLAN_WEEKDAY_BIT(DATE_SUNDAY);
}
static void mask_bit_7(struct plan_input *in)
{
	in->teaching_weekdays |= 1u << 7;
}
static void weekly_0(struct plan_input *in)
{
	in->weekly_teaching_weekday = 0;
}
static void weekly_saturday(struct plan_input *in)
{
	in->weekly_teaching_weekday = DATE_SATURDAY;
}
static void times_reversed(struct plan_input *in)
{
	in->start_min = 14 * 60;
	in->end_min = 9 * 60;
}
static void times_empty(struct plan_input *in)
{
	in->end_min = in->start_min;
}
static void times_negative(struct plan_input *in)
{
	in->start_min = -1;
}
static void times_past_midnight(struct plan_input *in)
{
	in->end_min = 24 * 60 + 1;
}
static void first_saturday(struct plan_input *in)
{
	in->first_teaching_day = D(2026, 3, 7);
}
static void first_easter_monday(struct plan_input *in)
{
	in->first_teaching_day = D(2026, 4, 6);
}
static void first_grundlovsdag(struct plan_input *in)
{
	in->teaching_weekdays = PLAN_WEEKDAYS_MON_FRI;
	in->first_teaching_day = D(2026, 6, 5);
}
static void first_closed(struct plan_input *in)
{
	/* Static: the input borrows it after this function returns. */
	static date_t closed[1];

	closed[0] = D(2026, 3, 2);
	in->closures = closed;
	in->nclosures = 1;
}
static void first_friday_outside_mask(struct plan_input *in)
{
	in->first_teaching_day = D(2026, 3, 6);
}
static void first_1899(struct plan_input *in)
{
	in->first_teaching_day = D(1899, 3, 6);
}
static void first_2201(struct plan_input *in)
{
	in->first_teaching_day = D(2201, 3, 2);
}
static void closures_null(struct plan_input *in)
{
	in->nclosures = 2;
}
static void closures_too_many(struct plan_input *in)
{
	static date_t one[1];

	one[0] = D(2026, 5, 1);
	in->closures = one;
	in->nclosures = PLAN_CLOSURES_MAX + 1;
}

static const struct invalid_case invalid_cases[] = {
	{"prep 0", prep_0, PLAN_ERR_PREP_WEEKS, "prep_weeks"},
	{"prep 5", prep_5, PLAN_ERR_PREP_WEEKS, "prep_weeks"},
	{"teaching 1", teaching_1, PLAN_ERR_TEACHING_WEEKS, "teaching_weeks"},
	{"teaching 5", teaching_5, PLAN_ERR_TEACHING_WEEKS, "teaching_weeks"},
	{"internship 0", internship_0, PLAN_ERR_INTERNSHIP_WEEKS,
	 "internship_weeks"},
	{"internship 53", internship_53, PLAN_ERR_INTERNSHIP_WEEKS,
	 "internship_weeks"},
	{"no weekdays", mask_empty, PLAN_ERR_WEEKDAYS_EMPTY,
	 "teaching_weekdays"},
	{"saturday", mask_saturday, PLAN_ERR_WEEKDAYS_WEEKEND,
	 "teaching_weekdays"},
	{"sunday", mask_sunday, PLAN_ERR_WEEKDAYS_WEEKEND, "teaching_weekdays"},
	{"bit 7", mask_bit_7, PLAN_ERR_WEEKDAYS_INVALID, "teaching_weekdays"},
	{"weekly 0", weekly_0, PLAN_ERR_WEEKLY_WEEKDAY,
	 "weekly_teaching_weekday"},
	{"weekly saturday", weekly_saturday, PLAN_ERR_WEEKLY_WEEKDAY,
	 "weekly_teaching_weekday"},
	{"times reversed", times_reversed, PLAN_ERR_TIMES, "end_min"},
	{"times empty", times_empty, PLAN_ERR_TIMES, "end_min"},
	{"times negative", times_negative, PLAN_ERR_TIMES, "start_min"},
	{"times past midnight", times_past_midnight, PLAN_ERR_TIMES, "end_min"},
	{"first saturday", first_saturday, PLAN_ERR_NOT_WORKING_DAY,
	 "first_teaching_day"},
	{"first 2. påskedag", first_easter_monday, PLAN_ERR_NOT_WORKING_DAY,
	 "first_teaching_day"},
	{"first grundlovsdag", first_grundlovsdag, PLAN_ERR_NOT_WORKING_DAY,
	 "first_teaching_day"},
	{"first closed", first_closed, PLAN_ERR_NOT_WORKING_DAY,
	 "first_teaching_day"},
	{"first not a teaching weekday", first_friday_outside_mask,
	 PLAN_ERR_NOT_TEACHING_WEEKDAY, "first_teaching_day"},
	{"first 1899", first_1899, PLAN_ERR_DATE_RANGE, "first_teaching_day"},
	{"first 2201", first_2201, PLAN_ERR_DATE_RANGE, "first_teaching_day"},
	{"closures null", closures_null, PLAN_ERR_ARGUMENT, "closures"},
	{"closures too many", closures_too_many, PLAN_ERR_CLOSURES, "closures"},
};

static void each_invalid_input_is_rejected_with_a_message(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid_cases) / sizeof(invalid_cases[0]); i++) {
		const struct invalid_case *c = &invalid_cases[i];
		struct plan_input in;
		struct plan p;
		struct plan_error err;

		print_message("%s\n", c->what);
		defaults(&in, D(2026, 3, 2));
		c->change(&in);
		memset(&p, 0x5a, sizeof(p));
		assert_int_equal(plan_derive(&in, &p, &err), -1);
		assert_int_equal(err.code, c->code);
		assert_string_equal(err.field, c->field);
		assert_true(strlen(err.message) > 0);
		/* Left zeroed, so freeing it anyway is harmless. */
		assert_null(p.days);
		assert_int_equal(p.ndays, 0);
		plan_free(&p);
		/* And without an error struct. */
		assert_int_equal(plan_derive(&in, &p, NULL), -1);
	}
}

static void errors_explain_in_danish_why(void **state)
{
	struct plan_input in;
	struct plan p;
	struct plan_error err;

	(void)state;
	defaults(&in, D(2026, 4, 6));
	assert_int_equal(plan_derive(&in, &p, &err), -1);
	assert_string_equal(err.message,
			    "Første undervisningsdag, mandag 6. april 2026, er "
			    "2. påskedag og ikke en arbejdsdag.");
	defaults(&in, D(2026, 3, 7));
	assert_int_equal(plan_derive(&in, &p, &err), -1);
	assert_string_equal(err.message,
			    "Første undervisningsdag, lørdag 7. marts 2026, er "
			    "ikke en arbejdsdag.");
	defaults(&in, D(2026, 3, 6));
	assert_int_equal(plan_derive(&in, &p, &err), -1);
	assert_string_equal(err.message,
			    "Første undervisningsdag, fredag 6. marts 2026, er "
			    "ikke en af holdets undervisningsdage.");
	defaults(&in, D(2026, 3, 2));
	in.prep_weeks = 6;
	assert_int_equal(plan_derive(&in, &p, &err), -1);
	assert_string_equal(err.message, "Forberedelsen skal vare 1–4 uger.");
	assert_int_equal(plan_derive(NULL, &p, &err), -1);
	assert_int_equal(err.code, PLAN_ERR_ARGUMENT);
	assert_int_equal(plan_derive(&in, NULL, &err), -1);
	assert_int_equal(err.code, PLAN_ERR_ARGUMENT);
}

/* A customary day is a working day when the cohort does not skip them. */
static void a_customary_first_day_is_allowed_when_not_skipped(void **state)
{
	struct plan_input in;
	struct plan p;

	(void)state;
	defaults(&in, D(2026, 6, 5));
	in.teaching_weekdays = PLAN_WEEKDAYS_MON_FRI;
	in.skip_customary = false;
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.days[0].date, D(2026, 6, 5));
	/* Friday start: the week is 1 June, so the weeks end 26 June. */
	assert_int_equal(p.nteaching_days, 16);
	assert_int_equal(p.internship_start, D(2026, 6, 29));
	plan_free(&p);
}

struct phase_case {
	date_t day;
	enum plan_phase phase;
};

static void each_day_falls_in_one_phase(void **state)
{
	const struct phase_case cases[] = {
		{D(2025, 12, 31), PLAN_BEFORE},
		{D(2026, 1, 4), PLAN_BEFORE},
		{D(2026, 1, 5), PLAN_REFERRAL},
		{D(2026, 1, 30), PLAN_REFERRAL},
		{D(2026, 2, 1), PLAN_REFERRAL},
		{D(2026, 2, 2), PLAN_PREPARATION},
		{D(2026, 3, 1), PLAN_PREPARATION},
		{D(2026, 3, 2), PLAN_TEACHING},
		{D(2026, 3, 29), PLAN_TEACHING},
		{D(2026, 3, 30), PLAN_INTERNSHIP},
		{D(2026, 6, 19), PLAN_INTERNSHIP},
		{D(2026, 6, 21), PLAN_INTERNSHIP},
		{D(2026, 6, 22), PLAN_AFTERCARE},
		{D(2030, 1, 1), PLAN_AFTERCARE},
	};
	struct plan_input in;
	struct plan p;
	size_t i;

	(void)state;
	defaults(&in, D(2026, 3, 2));
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(plan_phase_on(&p, cases[i].day),
				 cases[i].phase);
	plan_free(&p);
}

static void names_and_warnings_read_in_danish(void **state)
{
	struct plan_warning w = {PLAN_WARN_WEEKLY_ON_HOLIDAY, D(2026, 6, 5), 0,
				 "Grundlovsdag"};
	char buf[200];

	(void)state;
	assert_string_equal(plan_phase_name(PLAN_REFERRAL), "Henvisning");
	assert_string_equal(plan_phase_name(PLAN_PREPARATION), "Forberedelse");
	assert_string_equal(plan_phase_name(PLAN_TEACHING), "Undervisning");
	assert_string_equal(plan_phase_name(PLAN_INTERNSHIP),
			    "Praktik og opfølgning");
	assert_string_equal(plan_phase_name(PLAN_AFTERCARE), "Efterværn");
	assert_null(plan_phase_name(PLAN_PHASE__MAX));
	assert_string_equal(plan_day_kind_name(PLAN_DAY_WEEKLY_TEACHING),
			    "Ugentlig undervisningsdag");
	assert_null(plan_day_kind_name(PLAN_DAY_KIND__MAX));
	assert_string_equal(plan_warning_text(PLAN_WARN_SHORT_COURSE),
			    "Forløbet er kortere end 18 uger.");
	assert_null(plan_warning_text(PLAN_WARN__MAX));

	assert_int_equal(plan_warning_format(&w, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Den ugentlige undervisningsdag fredag 5. "
				 "juni 2026 falder på Grundlovsdag og er "
				 "sprunget over.");
	w = (struct plan_warning){PLAN_WARN_SHORT_COURSE, 0, 16, NULL};
	assert_int_equal(plan_warning_format(&w, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Forløbet varer 16 uger; et joborienteret "
				 "mestringsforløb varer mindst 18 uger.");
	assert_int_equal(plan_warning_format(&w, buf, 20), -1);
	assert_string_equal(buf, "");
	w.code = PLAN_WARN__MAX;
	assert_int_equal(plan_warning_format(&w, buf, sizeof(buf)), -1);
}

static void every_warning_code_formats(void **state)
{
	char buf[300];
	int code;

	(void)state;
	for (code = 0; code < PLAN_WARN__MAX; code++) {
		struct plan_warning w = {(enum plan_warning_code)code,
					 D(2026, 4, 3), 2, "Langfredag"};

		assert_non_null(plan_warning_text(w.code));
		assert_int_equal(plan_warning_format(&w, buf, sizeof(buf)), 0);
		assert_true(strlen(buf) > 20);
	}
}

/*
 * Every valid first day of 2020-2035 under Monday-Friday teaching: days are
 * sorted, on weekdays, never holidays, inside their phases, one per week.
 */
static void every_start_gives_a_consistent_plan(void **state)
{
	date_t first;
	size_t plans = 0;

	(void)state;
	for (first = D(2020, 1, 1); first <= D(2035, 12, 31); first++) {
		struct plan_input in;
		struct plan p;
		size_t i;

		defaults(&in, first);
		in.teaching_weekdays = PLAN_WEEKDAYS_MON_FRI;
		if (!plan_is_working_day(&in, first)) {
			assert_int_equal(plan_derive(&in, &p, NULL), -1);
			continue;
		}
		assert_int_equal(plan_derive(&in, &p, NULL), 0);
		plans++;
		assert_int_equal(p.days[0].date, first);
		assert_int_equal(date_weekday(p.prep_start), DATE_MONDAY);
		assert_int_equal(date_weekday(p.internship_start), DATE_MONDAY);
		assert_int_equal(date_weekday(p.internship_end), DATE_FRIDAY);
		assert_true(plan_is_working_day(&in, p.referral_deadline));
		assert_true(p.referral_deadline < p.prep_start);
		assert_true(plan_is_working_day(&in, p.prep_end));
		assert_true(p.prep_end < first);
		assert_true(plan_is_working_day(&in, p.aftercare_start));
		assert_true(p.aftercare_start > p.internship_end);
		assert_int_equal(p.nteaching_days + p.nweekly_days, p.ndays);
		assert_int_equal(p.nweekly_days + p.nwarnings, 12);
		for (i = 0; i < p.ndays; i++) {
			const struct plan_day *d = &p.days[i];

			assert_false(date_is_weekend(d->date));
			assert_false(holiday_is(d->date, true, NULL));
			assert_true(i == 0 || p.days[i - 1].date < d->date);
			assert_ptr_equal(plan_day_on(&p, d->date), d);
			if (d->kind == PLAN_DAY_TEACHING) {
				assert_int_equal(plan_phase_on(&p, d->date),
						 PLAN_TEACHING);
			} else {
				assert_int_equal(plan_phase_on(&p, d->date),
						 PLAN_INTERNSHIP);
				assert_int_equal(date_weekday(d->date),
						 DATE_FRIDAY);
			}
		}
		assert_int_equal(p.days[p.nteaching_days - 1].date,
				 p.teaching_end);
		plan_free(&p);
	}
	/* 16 years of weekdays less the holidays on them. */
	assert_true(plans > 4000);
}

static void the_bench_hook_derives_a_default_plan(void **state)
{
	(void)state;
	assert_int_equal(plan_bench_default(D(2026, 3, 2)), 26);
	assert_int_equal(plan_bench_default(D(2026, 3, 7)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_the_documented_ones),
		cmocka_unit_test(default_plan_from_2_march_2026),
		cmocka_unit_test(easter_inside_the_teaching_weeks_is_skipped),
		cmocka_unit_test(
			a_start_after_easter_ends_preparation_before_the_holidays),
		cmocka_unit_test(shorter_phases_and_other_weekdays),
		cmocka_unit_test(a_plan_under_18_weeks_is_warned_about),
		cmocka_unit_test(closure_days_are_never_course_days),
		cmocka_unit_test(teaching_across_the_new_year),
		cmocka_unit_test(
			aftercare_starts_on_the_first_working_day_after_christmas),
		cmocka_unit_test(store_bededag_2023_is_skipped_but_not_2024),
		cmocka_unit_test(each_invalid_input_is_rejected_with_a_message),
		cmocka_unit_test(errors_explain_in_danish_why),
		cmocka_unit_test(
			a_customary_first_day_is_allowed_when_not_skipped),
		cmocka_unit_test(each_day_falls_in_one_phase),
		cmocka_unit_test(names_and_warnings_read_in_danish),
		cmocka_unit_test(every_warning_code_formats),
		cmocka_unit_test(every_start_gives_a_consistent_plan),
		cmocka_unit_test(the_bench_hook_derives_a_default_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
