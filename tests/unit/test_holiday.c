/*
 * Unit tests for holiday: the computed calendar against the hand-checked
 * table in tests/data/holidays-2020-2035.txt (found through
 * MESTRING_TEST_DATA), known Easter dates, and the per-day query.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "holiday.h"

#define TABLE_FIRST_YEAR 2020
#define TABLE_LAST_YEAR	 2035
#define TABLE_MAX_ROWS	 ((TABLE_LAST_YEAR - TABLE_FIRST_YEAR + 1) * 16)

struct table_row {
	date_t date;
	char weekday[16];
	enum holiday_kind kind;
	char name[32];
};

struct table {
	struct table_row rows[TABLE_MAX_ROWS];
	size_t n;
};

static int copy_field(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		return -1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/* "date\tweekday\tkind\tname"; returns 0, or -1 for a malformed line. */
static int parse_row(const char *line, struct table_row *row)
{
	const char *f[4];
	size_t len[4];
	const char *p = line;
	int i;

	for (i = 0; i < 4; i++) {
		const char *end = strchr(p, i < 3 ? '\t' : '\n');

		if (!end)
			end = p + strlen(p);
		f[i] = p;
		len[i] = (size_t)(end - p);
		if (i < 3 && *end != '\t')
			return -1;
		p = end + 1;
	}
	if (date_parse_iso_n(f[0], len[0], &row->date))
		return -1;
	if (copy_field(row->weekday, sizeof(row->weekday), f[1], len[1]) ||
	    copy_field(row->name, sizeof(row->name), f[3], len[3]))
		return -1;
	if (len[2] == 6 && !memcmp(f[2], "public", 6))
		row->kind = HOLIDAY_PUBLIC;
	else if (len[2] == 9 && !memcmp(f[2], "customary", 9))
		row->kind = HOLIDAY_CUSTOMARY;
	else
		return -1;
	return 0;
}

static int load_table(void **state)
{
	const char *dir = getenv("MESTRING_TEST_DATA");
	char path[4096];
	struct table *t = NULL;
	char *line = NULL;
	size_t cap = 0;
	FILE *fp = NULL;
	int rc = -1;

	if (!dir)
		dir = "tests/data";
	if (snprintf(path, sizeof(path), "%s/holidays-2020-2035.txt", dir) >=
	    (int)sizeof(path))
		goto out;
	fp = fopen(path, "r");
	if (!fp) {
		print_error("cannot open %s (set MESTRING_TEST_DATA)\n", path);
		goto out;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		goto out;
	while (getline(&line, &cap, fp) > 0) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (t->n == TABLE_MAX_ROWS || parse_row(line, &t->rows[t->n])) {
			print_error("bad line in %s: %s", path, line);
			goto out;
		}
		t->n++;
	}
	*state = t;
	t = NULL;
	rc = 0;
out:
	free(line);
	free(t);
	if (fp)
		fclose(fp);
	return rc;
}

static int free_table(void **state)
{
	free(*state);
	return 0;
}

static void table_matches_holiday_list_for_every_year(void **state)
{
	const struct table *t = *state;
	size_t row = 0;
	int year;

	for (year = TABLE_FIRST_YEAR; year <= TABLE_LAST_YEAR; year++) {
		struct holiday list[HOLIDAY__MAX];
		int n = holiday_list(year, list, HOLIDAY__MAX);
		int i;

		/* Store bededag makes 14 until 2023, 13 from 2024. */
		assert_int_equal(n, year <= 2023 ? 14 : 13);
		for (i = 0; i < n; i++, row++) {
			const struct table_row *r = &t->rows[row];

			assert_true(row < t->n);
			assert_int_equal(list[i].date, r->date);
			assert_int_equal(list[i].kind, r->kind);
			assert_string_equal(list[i].name, r->name);
			assert_string_equal(holiday_name(list[i].id), r->name);
			assert_string_equal(
				date_weekday_name(date_weekday(r->date)),
				r->weekday);
		}
	}
	/* Nothing left over in the table. */
	assert_int_equal(row, t->n);
}

static void table_days_are_holidays_by_the_day_query(void **state)
{
	const struct table *t = *state;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct table_row *r = &t->rows[i];
		const char *name = NULL;
		bool shared = (i > 0 && t->rows[i - 1].date == r->date) ||
			      (i + 1 < t->n && t->rows[i + 1].date == r->date);

		assert_true(holiday_is(r->date, true, &name));
		if (r->kind == HOLIDAY_PUBLIC) {
			assert_true(holiday_is(r->date, false, &name));
			assert_string_equal(name, r->name);
		} else if (!shared) {
			assert_false(holiday_is(r->date, false, NULL));
			assert_true(holiday_is(r->date, true, &name));
			assert_string_equal(name, r->name);
		}
	}
}

static void table_lists_every_holiday_between_its_years(void **state)
{
	const struct table *t = *state;
	date_t d = date_from_civil(TABLE_FIRST_YEAR, 1, 1);
	date_t last = date_from_civil(TABLE_LAST_YEAR, 12, 31);
	size_t row = 0, days = 0;

	/* Every day the query calls a holiday is in the table, and no other. */
	for (; d <= last; d++) {
		bool listed = row < t->n && t->rows[row].date == d;

		assert_int_equal(holiday_is(d, true, NULL), listed);
		while (row < t->n && t->rows[row].date == d)
			row++;
		days += listed;
	}
	assert_int_equal(row, t->n);
	/* 16 years of 13 dates, 4 with Store bededag, 3 shared 5 June. */
	assert_int_equal(days, 16 * 13 + 4 - 3);
}

struct easter_case {
	int y, m, d;
};

/* Known Easter Sundays, including the earliest and latest possible. */
static const struct easter_case easter_cases[] = {
	{2020, 4, 12}, {2021, 4, 4},  {2022, 4, 17}, {2023, 4, 9},
	{2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28},
	{2028, 4, 16}, {2029, 4, 1},  {2030, 4, 21}, {2031, 4, 13},
	{2032, 3, 28}, {2033, 4, 17}, {2034, 4, 9},  {2035, 3, 25},
	{1900, 4, 15}, {2000, 4, 23}, {2019, 4, 21}, {1818, 3, 22},
	{2285, 3, 22}, {1943, 4, 25}, {2038, 4, 25}, {1583, 4, 10},
};

/* 1900-2200 crosses 1943, whose Easter (25 April) is the latest possible. */
static void every_listed_holiday_is_found_by_the_day_query(void **state)
{
	int year;

	(void)state;
	for (year = DATE_YEAR_MIN; year <= DATE_YEAR_MAX; year++) {
		struct holiday list[HOLIDAY__MAX];
		int n = holiday_list(year, list, HOLIDAY__MAX);
		date_t d = date_from_civil(year, 1, 1);
		date_t end = date_from_civil(year + 1, 1, 1);
		int i, distinct = 0, found = 0;

		assert_true(n == 13 || n == 14);
		for (i = 0; i < n; i++) {
			struct holiday h;

			assert_int_equal(date_year(list[i].date), year);
			assert_true(holiday_lookup(list[i].date, true, &h));
			if (i > 0 && list[i - 1].date == list[i].date) {
				assert_int_equal(list[i].kind,
						 HOLIDAY_CUSTOMARY);
				continue;
			}
			assert_true(i == 0 || list[i - 1].date < list[i].date);
			assert_int_equal(h.id, list[i].id);
			distinct++;
		}
		for (; d < end; d++)
			found += holiday_is(d, true, NULL);
		assert_int_equal(found, distinct);
	}
}

static void easter_falls_on_the_known_sundays(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(easter_cases) / sizeof(easter_cases[0]); i++) {
		const struct easter_case *c = &easter_cases[i];

		assert_int_equal(holiday_easter(c->y),
				 date_from_civil(c->y, c->m, c->d));
	}
}

static void easter_is_a_sunday_between_22_march_and_25_april(void **state)
{
	int y;

	(void)state;
	for (y = 1583; y <= 4099; y++) {
		date_t e = holiday_easter(y);

		assert_int_equal(date_weekday(e), DATE_SUNDAY);
		assert_true(e >= date_from_civil(y, 3, 22));
		assert_true(e <= date_from_civil(y, 4, 25));
	}
}

struct bededag_case {
	int y, m, d;
	bool holiday;
};

static const struct bededag_case bededag_cases[] = {
	{2020, 5, 8, true},  {2021, 4, 30, true},  {2022, 5, 13, true},
	{2023, 5, 5, true},  {2024, 4, 26, false}, {2025, 5, 16, false},
	{2026, 5, 1, false},
};

static void store_bededag_is_a_holiday_until_2023_only(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bededag_cases) / sizeof(bededag_cases[0]); i++) {
		const struct bededag_case *c = &bededag_cases[i];
		date_t d = date_from_civil(c->y, c->m, c->d);
		const char *name = NULL;

		/* Always the fourth Friday after Easter. */
		assert_int_equal(d, holiday_easter(c->y) + 26);
		assert_int_equal(date_weekday(d), DATE_FRIDAY);
		assert_int_equal(holiday_is(d, true, &name), c->holiday);
		if (c->holiday)
			assert_string_equal(name, "Store bededag");
	}
}

static void a_shared_5_june_reports_the_public_holiday(void **state)
{
	struct holiday h;
	const char *name = NULL;

	(void)state;
	assert_true(holiday_is(date_from_civil(2022, 6, 5), false, &name));
	assert_string_equal(name, "Pinsedag");
	assert_true(holiday_lookup(date_from_civil(2028, 6, 5), true, &h));
	assert_int_equal(h.id, HOLIDAY_WHIT_MONDAY);
	assert_int_equal(h.kind, HOLIDAY_PUBLIC);
	assert_string_equal(h.name, "2. pinsedag");
	assert_true(holiday_lookup(date_from_civil(2026, 6, 5), true, &h));
	assert_int_equal(h.id, HOLIDAY_CONSTITUTION_DAY);
	assert_int_equal(h.kind, HOLIDAY_CUSTOMARY);
	assert_false(holiday_lookup(date_from_civil(2026, 6, 5), false, &h));
}

static void ordinary_days_are_not_holidays(void **state)
{
	static const struct easter_case plain[] = {
		{2026, 1, 2}, {2026, 3, 31},  {2026, 4, 7},   {2026, 5, 15},
		{2026, 6, 4}, {2026, 12, 23}, {2026, 12, 27}, {2026, 12, 30},
		{2024, 5, 1}, {2026, 2, 3},
	};
	const char *name = "unchanged";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		date_t d = date_from_civil(plain[i].y, plain[i].m, plain[i].d);

		assert_false(holiday_is(d, true, &name));
		assert_false(holiday_lookup(d, true, NULL));
	}
	assert_string_equal(name, "unchanged");
}

static void holiday_list_refuses_small_buffers_and_bad_years(void **state)
{
	struct holiday list[HOLIDAY__MAX];

	(void)state;
	assert_int_equal(holiday_list(2024, list, 12), -1);
	assert_int_equal(holiday_list(2024, list, 13), 13);
	assert_int_equal(holiday_list(2023, list, 13), -1);
	assert_int_equal(holiday_list(2023, list, 14), 14);
	assert_int_equal(holiday_list(2024, NULL, 14), -1);
	assert_int_equal(holiday_list(1582, list, HOLIDAY__MAX), -1);
	assert_int_equal(holiday_list(10000, list, HOLIDAY__MAX), -1);
}

static void kinds_and_ids_have_danish_names(void **state)
{
	(void)state;
	assert_string_equal(holiday_kind_name(HOLIDAY_PUBLIC), "helligdag");
	assert_string_equal(holiday_kind_name(HOLIDAY_CUSTOMARY),
			    "sædvanlig fridag");
	assert_null(holiday_kind_name(HOLIDAY_KIND__MAX));
	assert_string_equal(holiday_name(HOLIDAY_NEW_YEARS_DAY), "Nytårsdag");
	assert_string_equal(holiday_name(HOLIDAY_ASCENSION_DAY),
			    "Kristi himmelfartsdag");
	assert_null(holiday_name(HOLIDAY__MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			table_matches_holiday_list_for_every_year, load_table,
			free_table),
		cmocka_unit_test_setup_teardown(
			table_days_are_holidays_by_the_day_query, load_table,
			free_table),
		cmocka_unit_test_setup_teardown(
			table_lists_every_holiday_between_its_years, load_table,
			free_table),
		cmocka_unit_test(
			every_listed_holiday_is_found_by_the_day_query),
		cmocka_unit_test(easter_falls_on_the_known_sundays),
		cmocka_unit_test(
			easter_is_a_sunday_between_22_march_and_25_april),
		cmocka_unit_test(store_bededag_is_a_holiday_until_2023_only),
		cmocka_unit_test(a_shared_5_june_reports_the_public_holiday),
		cmocka_unit_test(ordinary_days_are_not_holidays),
		cmocka_unit_test(
			holiday_list_refuses_small_buffers_and_bad_years),
		cmocka_unit_test(kinds_and_ids_have_danish_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
