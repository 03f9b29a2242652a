/*
 * Unit tests for date: civil conversions against known day numbers (from an
 * independent implementation, Python's datetime), strict parsing, ISO weeks
 * and the Danish names and formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"

struct civil_case {
	int y, m, d;
	date_t days;
	int weekday;
};

/* Day numbers and ISO weekdays from Python's datetime. */
static const struct civil_case civil_cases[] = {
	{1970, 1, 1, 0, 4},	 {1969, 12, 31, -1, 3},
	{1900, 1, 1, -25567, 1}, {2000, 2, 29, 11016, 2},
	{2000, 3, 1, 11017, 3},	 {2024, 2, 29, 19782, 4},
	{2026, 2, 3, 20487, 2},	 {2200, 12, 31, 84370, 3},
	{1, 1, 1, -719162, 1},	 {9999, 12, 31, 2932896, 5},
};

static void civil_dates_map_to_known_day_numbers(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(civil_cases) / sizeof(civil_cases[0]); i++) {
		const struct civil_case *c = &civil_cases[i];
		int y, m, d;

		assert_int_equal(date_from_civil(c->y, c->m, c->d), c->days);
		date_to_civil(c->days, &y, &m, &d);
		assert_int_equal(y, c->y);
		assert_int_equal(m, c->m);
		assert_int_equal(d, c->d);
		assert_int_equal(date_weekday(c->days), c->weekday);
	}
}

/* Walks every day of 1600-2400 so every leap rule is crossed. */
static void every_day_round_trips_and_follows_the_previous(void **state)
{
	date_t first = date_from_civil(1600, 1, 1);
	date_t last = date_from_civil(2400, 12, 31);
	int py = 1599, pm = 12, pd = 31, pw = date_weekday(first - 1);
	date_t d;

	(void)state;
	for (d = first; d <= last; d++) {
		int y, m, day;

		date_to_civil(d, &y, &m, &day);
		assert_int_equal(date_from_civil(y, m, day), d);
		assert_true(date_civil_valid(y, m, day));
		if (day == 1) {
			assert_int_equal(pd, date_days_in_month(py, pm));
			assert_true((m == pm + 1 && y == py) ||
				    (m == 1 && pm == 12 && y == py + 1));
		} else {
			assert_int_equal(day, pd + 1);
			assert_int_equal(m, pm);
			assert_int_equal(y, py);
		}
		assert_int_equal(date_weekday(d), pw % 7 + 1);
		py = y;
		pm = m;
		pd = day;
		pw = date_weekday(d);
	}
	assert_int_equal(last - first + 1, 801 * 365 + 195);
}

static void leap_years_follow_the_gregorian_rule(void **state)
{
	(void)state;
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2100));
	assert_false(date_is_leap(2026));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	assert_int_equal(date_days_in_month(2026, 0), 0);
	assert_int_equal(date_days_in_month(2026, 13), 0);
}

struct parse_case {
	const char *s;
	int ok;
	int y, m, d;
};

static const struct parse_case parse_cases[] = {
	{"2026-02-03", 1, 2026, 2, 3},
	{"2024-02-29", 1, 2024, 2, 29},
	{"2000-02-29", 1, 2000, 2, 29},
	{"1900-01-01", 1, 1900, 1, 1},
	{"2200-12-31", 1, 2200, 12, 31},
	{"2026-02-29", 0, 0, 0, 0}, /* not a leap year */
	{"1900-02-29", 0, 0, 0, 0}, /* century, not a leap year */
	{"2026-04-31", 0, 0, 0, 0},
	{"2026-00-10", 0, 0, 0, 0},
	{"2026-13-01", 0, 0, 0, 0},
	{"2026-01-00", 0, 0, 0, 0},
	{"1899-12-31", 0, 0, 0, 0}, /* before DATE_YEAR_MIN */
	{"2201-01-01", 0, 0, 0, 0}, /* after DATE_YEAR_MAX */
	{"2026-1-05", 0, 0, 0, 0},
	{"2026-01-5", 0, 0, 0, 0},
	{"2026-01-05 ", 0, 0, 0, 0},
	{" 2026-01-05", 0, 0, 0, 0},
	{"2026-01-05T00:00", 0, 0, 0, 0},
	{"2026/01/05", 0, 0, 0, 0},
	{"20260105", 0, 0, 0, 0},
	{"+026-01-05", 0, 0, 0, 0},
	{"2026-+1-05", 0, 0, 0, 0},
	{"2026-01--5", 0, 0, 0, 0},
	{"05-01-2026", 0, 0, 0, 0},
	{"２026-01-05", 0, 0, 0, 0}, /* a full-width digit */
	{"", 0, 0, 0, 0},
};

static void iso_dates_parse_strictly(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		date_t d = 12345;
		int rc = date_parse_iso(c->s, &d);

		if (c->ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(d, date_from_civil(c->y, c->m, c->d));
		} else {
			assert_int_equal(rc, -1);
			assert_int_equal(d, 12345); /* untouched */
		}
	}
	assert_int_equal(date_parse_iso(NULL, &(date_t){0}), -1);
}

static void iso_dates_parse_from_unterminated_input(void **state)
{
	const char field[] = "2026-03-02&next=1";
	date_t d;

	(void)state;
	assert_int_equal(date_parse_iso_n(field, 10, &d), 0);
	assert_int_equal(d, date_from_civil(2026, 3, 2));
	assert_int_equal(date_parse_iso_n(field, 11, &d), -1);
	assert_int_equal(date_parse_iso_n(field, 9, &d), -1);
}

static void iso_format_round_trips_and_refuses_five_digit_years(void **state)
{
	char buf[DATE_ISO_LEN + 1];
	date_t d, back;

	(void)state;
	for (d = date_from_civil(1900, 1, 1);
	     d <= date_from_civil(2200, 12, 31); d += 17) {
		assert_int_equal(date_format_iso(d, buf), 0);
		assert_int_equal(strlen(buf), DATE_ISO_LEN);
		assert_int_equal(date_parse_iso(buf, &back), 0);
		assert_int_equal(back, d);
	}
	assert_int_equal(date_format_iso(date_from_civil(1, 1, 1), buf), 0);
	assert_string_equal(buf, "0001-01-01");
	assert_int_equal(date_format_iso(date_from_civil(10000, 1, 1), buf),
			 -1);
	assert_string_equal(buf, "");
	assert_int_equal(date_format_iso(date_from_civil(-1, 12, 31), buf), -1);
	assert_string_equal(buf, "");
}

struct week_case {
	int y, m, d;
	int week, iso_year;
	int monday_m, monday_d; /* the Monday of the week, month and day */
};

/* ISO weeks from Python's isocalendar(). */
static const struct week_case week_cases[] = {
	{2026, 1, 1, 1, 2026, 12, 29},	 {2021, 1, 1, 53, 2020, 12, 28},
	{2024, 12, 30, 1, 2025, 12, 30}, {2027, 1, 3, 53, 2026, 12, 28},
	{2008, 12, 29, 1, 2009, 12, 29}, {2026, 12, 31, 53, 2026, 12, 28},
	{2010, 1, 3, 53, 2009, 12, 28},	 {2026, 2, 3, 6, 2026, 2, 2},
	{2000, 3, 1, 9, 2000, 2, 28},
};

static void iso_weeks_belong_to_the_year_of_their_thursday(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(week_cases) / sizeof(week_cases[0]); i++) {
		const struct week_case *c = &week_cases[i];
		date_t d = date_from_civil(c->y, c->m, c->d);
		int iso_year = 0, m, day;

		assert_int_equal(date_iso_week(d, &iso_year), c->week);
		assert_int_equal(iso_year, c->iso_year);
		date_to_civil(date_monday(d), NULL, &m, &day);
		assert_int_equal(m, c->monday_m);
		assert_int_equal(day, c->monday_d);
		assert_int_equal(date_weekday(date_monday(d)), DATE_MONDAY);
	}
	assert_int_equal(date_iso_week(date_from_civil(2026, 6, 1), NULL), 23);
}

static void adding_days_crosses_months_years_and_leap_days(void **state)
{
	(void)state;
	assert_int_equal(date_add_days(date_from_civil(2024, 2, 28), 1),
			 date_from_civil(2024, 2, 29));
	assert_int_equal(date_add_days(date_from_civil(2026, 2, 28), 1),
			 date_from_civil(2026, 3, 1));
	assert_int_equal(date_add_days(date_from_civil(2026, 12, 31), 1),
			 date_from_civil(2027, 1, 1));
	assert_int_equal(date_add_days(date_from_civil(2026, 1, 1), -1),
			 date_from_civil(2025, 12, 31));
	assert_int_equal(date_add_days(date_from_civil(2026, 3, 2), 7 * 20),
			 date_from_civil(2026, 7, 20));
	assert_true(date_is_weekend(date_from_civil(2026, 2, 7)));
	assert_true(date_is_weekend(date_from_civil(2026, 2, 8)));
	assert_false(date_is_weekend(date_from_civil(2026, 2, 6)));
}

struct months_case {
	int y, m, d;
	int months;
	int ry, rm, rd;
};

static const struct months_case months_cases[] = {
	{2026, 1, 15, 1, 2026, 2, 15},	 {2026, 1, 15, 0, 2026, 1, 15},
	{2026, 8, 31, 6, 2027, 2, 28},	 {2027, 8, 31, 6, 2028, 2, 29},
	{2026, 1, 31, 1, 2026, 2, 28},	 {2024, 1, 31, 1, 2024, 2, 29},
	{2026, 3, 31, 1, 2026, 4, 30},	 {2026, 5, 31, -1, 2026, 4, 30},
	{2026, 3, 31, -1, 2026, 2, 28},	 {2024, 2, 29, 12, 2025, 2, 28},
	{2024, 2, 29, 48, 2028, 2, 29},	 {2099, 2, 28, 12, 2100, 2, 28},
	{2026, 11, 30, 2, 2027, 1, 30},	 {2026, 12, 15, 1, 2027, 1, 15},
	{2026, 1, 15, -1, 2025, 12, 15}, {2026, 1, 15, -13, 2024, 12, 15},
	{2026, 1, 15, -24, 2024, 1, 15}, {2026, 2, 3, 1200, 2126, 2, 3},
	{1, 1, 31, -1, 0, 12, 31},	 {0, 3, 31, -1, 0, 2, 29},
	{0, 1, 10, -1, -1, 12, 10},	 {-1, 12, 10, 1, 0, 1, 10},
};

static void adding_months_keeps_the_day_clamped_to_the_month(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(months_cases) / sizeof(months_cases[0]); i++) {
		const struct months_case *c = &months_cases[i];
		date_t d = date_from_civil(c->y, c->m, c->d);

		assert_int_equal(date_add_months(d, c->months),
				 date_from_civil(c->ry, c->rm, c->rd));
	}
}

static void danish_names_cover_every_day_and_month(void **state)
{
	static const char *const days[] = {"mandag",  "tirsdag", "onsdag",
					   "torsdag", "fredag",	 "lørdag",
					   "søndag"};
	static const char *const shorts[] = {"man.", "tirs.", "ons.", "tors.",
					     "fre.", "lør.",  "søn."};
	static const char *const months[] = {"januar",	"februar",  "marts",
					     "april",	"maj",	    "juni",
					     "juli",	"august",   "september",
					     "oktober", "november", "december"};
	int i;

	(void)state;
	for (i = 1; i <= 7; i++) {
		assert_string_equal(date_weekday_name(i), days[i - 1]);
		assert_string_equal(date_weekday_short(i), shorts[i - 1]);
	}
	for (i = 1; i <= 12; i++)
		assert_string_equal(date_month_name(i), months[i - 1]);
	assert_string_equal(date_month_short(5), "maj");
	assert_string_equal(date_month_short(9), "sep.");
	assert_null(date_weekday_name(0));
	assert_null(date_weekday_name(8));
	assert_null(date_weekday_short(0));
	assert_null(date_month_name(0));
	assert_null(date_month_name(13));
	assert_null(date_month_short(13));
}

struct da_case {
	int y, m, d;
	const char *full;
	const char *shortform;
};

static const struct da_case da_cases[] = {
	{2026, 2, 3, "tirsdag 3. februar 2026", "tirs. 3. feb."},
	{2026, 6, 5, "fredag 5. juni 2026", "fre. 5. jun."},
	{2026, 5, 14, "torsdag 14. maj 2026", "tors. 14. maj"},
	{2027, 1, 3, "søndag 3. januar 2027", "søn. 3. jan."},
	{2026, 9, 19, "lørdag 19. september 2026", "lør. 19. sep."},
};

static void danish_format_writes_weekday_day_month_year(void **state)
{
	char buf[DATE_DA_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(da_cases) / sizeof(da_cases[0]); i++) {
		const struct da_case *c = &da_cases[i];
		date_t d = date_from_civil(c->y, c->m, c->d);

		assert_int_equal(date_format_da(d, buf, sizeof(buf)), 0);
		assert_string_equal(buf, c->full);
		assert_int_equal(date_format_da_short(d, buf, sizeof(buf)), 0);
		assert_string_equal(buf, c->shortform);
	}
	/* Among the longest: a two-digit day in September. */
	assert_int_equal(
		date_format_da(date_from_civil(2200, 9, 24), buf, sizeof(buf)),
		0);
	assert_string_equal(buf, "onsdag 24. september 2200");
}

static void danish_format_refuses_a_short_buffer(void **state)
{
	char buf[23];
	date_t d = date_from_civil(2026, 2, 3);

	(void)state;
	/* "tirsdag 3. februar 2026" is 23 bytes before its NUL. */
	assert_int_equal(date_format_da(d, buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	assert_int_equal(date_format_da(d, buf, 0), -1);
	assert_int_equal(date_format_da_short(d, buf, 5), -1);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_dates_map_to_known_day_numbers),
		cmocka_unit_test(
			every_day_round_trips_and_follows_the_previous),
		cmocka_unit_test(leap_years_follow_the_gregorian_rule),
		cmocka_unit_test(iso_dates_parse_strictly),
		cmocka_unit_test(iso_dates_parse_from_unterminated_input),
		cmocka_unit_test(
			iso_format_round_trips_and_refuses_five_digit_years),
		cmocka_unit_test(
			iso_weeks_belong_to_the_year_of_their_thursday),
		cmocka_unit_test(
			adding_days_crosses_months_years_and_leap_days),
		cmocka_unit_test(
			adding_months_keeps_the_day_clamped_to_the_month),
		cmocka_unit_test(danish_names_cover_every_day_and_month),
		cmocka_unit_test(danish_format_writes_weekday_day_month_year),
		cmocka_unit_test(danish_format_refuses_a_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
