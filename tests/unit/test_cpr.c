/*
 * Unit tests for cpr: accepted and refused spellings, the CPR office's
 * century table at each of its boundaries, real and impossible birth dates,
 * dates in the future, masking, formatting and ages around birthdays.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cpr.h"

#define FORM   "CPR-nummeret skal have 10 cifre (ddmmåå-xxxx)."
#define DATE   "CPR-nummeret indeholder ikke en gyldig fødselsdato."
#define FUTURE "CPR-nummerets fødselsdato ligger i fremtiden."

struct parse_case {
	const char *in;
	const char *error;  /* NULL: accepted */
	const char *digits; /* when accepted */
	int y, m, d;	    /* when accepted */
};

static const struct parse_case parse_cases[] = {
	/* Spellings. */
	{"010190-1234", NULL, "0101901234", 1990, 1, 1},
	{"0101901234", NULL, "0101901234", 1990, 1, 1},
	{"010190 1234", NULL, "0101901234", 1990, 1, 1},
	{"  010190-1234\t", NULL, "0101901234", 1990, 1, 1},
	{"\n0101901234 ", NULL, "0101901234", 1990, 1, 1},
	{"010190--1234", FORM, NULL, 0, 0, 0},
	{"010190- 1234", FORM, NULL, 0, 0, 0},
	{"010190  1234", FORM, NULL, 0, 0, 0},
	{"010190_1234", FORM, NULL, 0, 0, 0},
	{"01019-01234", FORM, NULL, 0, 0, 0},
	{"0101-901234", FORM, NULL, 0, 0, 0},
	{"01-01-90-1234", FORM, NULL, 0, 0, 0},
	{"010190-", FORM, NULL, 0, 0, 0},
	{"-0101901234", FORM, NULL, 0, 0, 0},
	{"0101901234-", FORM, NULL, 0, 0, 0},
	{"010190-123", FORM, NULL, 0, 0, 0},   /* 9 digits */
	{"010190123", FORM, NULL, 0, 0, 0},    /* 9 digits */
	{"010190-12345", FORM, NULL, 0, 0, 0}, /* 11 digits */
	{"01019012345", FORM, NULL, 0, 0, 0},  /* 11 digits */
	{"010190-12a4", FORM, NULL, 0, 0, 0},  /* a letter */
	{"O10190-1234", FORM, NULL, 0, 0, 0},  /* a capital O */
	{"abcdefghij", FORM, NULL, 0, 0, 0},
	{"010190-1234x", FORM, NULL, 0, 0, 0},
	{"010190-1234 5", FORM, NULL, 0, 0, 0},
	{"+010190-1234", FORM, NULL, 0, 0, 0},
	{"０10190-1234", FORM, NULL, 0, 0, 0}, /* a full-width digit */
	{"", FORM, NULL, 0, 0, 0},
	{"   ", FORM, NULL, 0, 0, 0},
	/* Dates that do not exist. */
	{"310490-1234", DATE, NULL, 0, 0, 0}, /* 31 April */
	{"310690-1234", DATE, NULL, 0, 0, 0}, /* 31 June */
	{"310990-1234", DATE, NULL, 0, 0, 0}, /* 31 September */
	{"311190-1234", DATE, NULL, 0, 0, 0}, /* 31 November */
	{"300490-1234", NULL, "3004901234", 1990, 4, 30},
	{"310190-1234", NULL, "3101901234", 1990, 1, 31},
	{"311290-1234", NULL, "3112901234", 1990, 12, 31},
	{"000190-1234", DATE, NULL, 0, 0, 0},
	{"320190-1234", DATE, NULL, 0, 0, 0},
	{"010090-1234", DATE, NULL, 0, 0, 0},
	{"011390-1234", DATE, NULL, 0, 0, 0},
	{"300290-1234", DATE, NULL, 0, 0, 0},
	/* 29 February: the century digit decides the year and so leapness. */
	{"290200-4234", NULL, "2902004234", 2000, 2, 29}, /* 2000, leap */
	{"290200-9234", NULL, "2902009234", 2000, 2, 29},
	{"290200-5234", NULL, "2902005234", 2000, 2, 29},
	{"290200-0234", DATE, NULL, 0, 0, 0}, /* 1900, not leap */
	{"290200-3234", DATE, NULL, 0, 0, 0},
	{"290204-0234", NULL, "2902040234", 1904, 2, 29},
	{"290204-4234", NULL, "2902044234", 2004, 2, 29},
	{"290296-5234", NULL, "2902965234", 1896, 2, 29},
	{"290297-5234", DATE, NULL, 0, 0, 0}, /* 1897 */
	{"290221-4234", DATE, NULL, 0, 0, 0}, /* 2021 */
	{"290296-4234", NULL, "2902964234", 1996, 2, 29},
	{"290296-9234", NULL, "2902969234", 1996, 2, 29},
	{"290295-2234", DATE, NULL, 0, 0, 0}, /* 1995 */
	{"280295-2234", NULL, "2802952234", 1995, 2, 28},
	/* Century boundaries that lie in the past. */
	{"010137-4234", NULL, "0101374234", 1937, 1, 1},
	{"010137-9234", NULL, "0101379234", 1937, 1, 1},
	{"010158-5234", NULL, "0101585234", 1858, 1, 1},
	{"010158-8234", NULL, "0101588234", 1858, 1, 1},
	{"010199-3234", NULL, "0101993234", 1999, 1, 1},
	{"010100-0234", NULL, "0101000234", 1900, 1, 1},
	{"010101-4234", NULL, "0101014234", 2001, 1, 1},
	/* ... and those whose 20xx side lies in the future. */
	{"010136-4234", FUTURE, NULL, 0, 0, 0}, /* 2036, not 1936 */
	{"010136-9234", FUTURE, NULL, 0, 0, 0},
	{"010157-5234", FUTURE, NULL, 0, 0, 0}, /* 2057, not 1857 */
	{"010157-8234", FUTURE, NULL, 0, 0, 0},
};

static void cpr_numbers_parse_by_spelling_date_and_century(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		char digits[CPR_DIGITS + 1] = "stale";
		const char *error = "stale";
		date_t birth = -12345;
		int rc = cpr_parse(c->in, digits, &birth, &error);

		if ((rc == 0) != !c->error)
			print_message("case %zu: \"%s\" gave %d (%s)\n", i,
				      c->in, rc, error ? error : "no error");
		if (!c->error) {
			assert_int_equal(rc, 0);
			assert_null(error);
			assert_string_equal(digits, c->digits);
			assert_int_equal(birth,
					 date_from_civil(c->y, c->m, c->d));
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(error);
			assert_string_equal(error, c->error);
			assert_string_equal(digits, "");
			assert_int_equal(birth, -12345);
		}
	}
}

struct century_case {
	int yy, seventh, year;
};

static const struct century_case century_cases[] = {
	{0, 0, 1900},  {99, 0, 1999}, {36, 3, 1936}, {99, 3, 1999},
	{0, 4, 2000},  {36, 4, 2036}, {37, 4, 1937}, {99, 4, 1999},
	{0, 9, 2000},  {36, 9, 2036}, {37, 9, 1937}, {99, 9, 1999},
	{0, 5, 2000},  {57, 5, 2057}, {58, 5, 1858}, {99, 5, 1899},
	{57, 6, 2057}, {58, 6, 1858}, {57, 7, 2057}, {58, 7, 1858},
	{57, 8, 2057}, {58, 8, 1858}, {-1, 0, -1},   {100, 0, -1},
	{50, -1, -1},  {50, 10, -1},
};

static void century_follows_the_cpr_office_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(century_cases) / sizeof(century_cases[0]); i++) {
		const struct century_case *c = &century_cases[i];

		assert_int_equal(cpr_century_year(c->yy, c->seventh), c->year);
	}
}

/* A CPR number born on day d, with a century digit that reads it as 20xx. */
static void cpr_for(date_t d, char out[32])
{
	int y, m, day;

	date_to_civil(d, &y, &m, &day);
	assert_true(y >= 2000 && y <= 2057);
	snprintf(out, 32, "%02d%02d%02d%c123", day, m, y % 100,
		 y % 100 <= 36 ? '4' : '5');
}

static void birth_dates_after_today_are_refused(void **state)
{
	char in[32], digits[CPR_DIGITS + 1];
	const char *error = NULL;
	date_t today = date_today(), birth = 0;

	(void)state;
	cpr_for(today, in);
	assert_int_equal(cpr_parse(in, digits, &birth, &error), 0);
	assert_int_equal(birth, today);
	assert_string_equal(digits, in);

	cpr_for(date_add_days(today, 1), in);
	assert_int_equal(cpr_parse(in, digits, &birth, &error), -1);
	assert_string_equal(error, FUTURE);
	assert_string_equal(digits, "");
}

static void parse_accepts_null_outputs_and_refuses_null_input(void **state)
{
	const char *error = NULL;

	(void)state;
	assert_int_equal(cpr_parse("010190-1234", NULL, NULL, NULL), 0);
	assert_int_equal(cpr_parse("310490-1234", NULL, NULL, NULL), -1);
	assert_int_equal(cpr_parse(NULL, NULL, NULL, &error), -1);
	assert_string_equal(error, FORM);
}

static void masking_hides_the_serial_and_formatting_shows_it(void **state)
{
	char out[CPR_MASKED_LEN];

	(void)state;
	cpr_mask("0101901234", out);
	assert_string_equal(out, "010190-xxxx");
	cpr_format("0101901234", out);
	assert_string_equal(out, "010190-1234");
	cpr_mask("3112999999", out);
	assert_string_equal(out, "311299-xxxx");
	cpr_format("3112990001", out);
	assert_string_equal(out, "311299-0001");

	/* Anything but ten digits shows nothing rather than a fragment. */
	cpr_mask("010190123", out);
	assert_string_equal(out, "");
	cpr_format("01019012345", out);
	assert_string_equal(out, "");
	cpr_format("010190-123", out);
	assert_string_equal(out, "");
	cpr_mask(NULL, out);
	assert_string_equal(out, "");
}

struct age_case {
	int by, bm, bd;
	int oy, om, od;
	int age;
};

static const struct age_case age_cases[] = {
	{1990, 6, 15, 2026, 6, 14, 35}, /* the day before */
	{1990, 6, 15, 2026, 6, 15, 36}, /* the birthday counts */
	{1990, 6, 15, 2026, 6, 16, 36},
	{1990, 6, 15, 2026, 5, 31, 35}, /* an earlier month, later day */
	{1990, 6, 15, 2026, 7, 1, 36},	/* a later month, earlier day */
	{1990, 6, 15, 1990, 6, 15, 0},
	{1990, 6, 15, 1991, 6, 14, 0},
	{1990, 12, 31, 2026, 1, 1, 35},
	{1990, 12, 31, 2026, 12, 31, 36},
	{1991, 1, 1, 2025, 12, 31, 34},
	{2000, 2, 29, 2025, 2, 28, 24}, /* common year: not yet */
	{2000, 2, 29, 2025, 3, 1, 25},	/* ... but on 1 March */
	{2000, 2, 29, 2024, 2, 28, 23},
	{2000, 2, 29, 2024, 2, 29, 24}, /* leap year: on the day */
	{1990, 6, 15, 1990, 6, 14, -1},
};

static void age_counts_whole_years_from_the_birthday_on(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(age_cases) / sizeof(age_cases[0]); i++) {
		const struct age_case *c = &age_cases[i];

		assert_int_equal(cpr_age(date_from_civil(c->by, c->bm, c->bd),
					 date_from_civil(c->oy, c->om, c->od)),
				 c->age);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			cpr_numbers_parse_by_spelling_date_and_century),
		cmocka_unit_test(century_follows_the_cpr_office_table),
		cmocka_unit_test(birth_dates_after_today_are_refused),
		cmocka_unit_test(
			parse_accepts_null_outputs_and_refuses_null_input),
		cmocka_unit_test(
			masking_hides_the_serial_and_formatting_shows_it),
		cmocka_unit_test(age_counts_whole_years_from_the_birthday_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
