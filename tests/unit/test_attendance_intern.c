/*
 * Unit tests for attendance_intern.c and its place in attendance_stats.c
 * and the grid: the planned days of a step-up plan within the
 * internship's dates and up to today, the days a host reported replacing
 * them, the numbers ("mødt X af Y planlagte"), the cohort sheet's rows
 * and totals keeping course days and internship days apart, and the SVG
 * grid drawing internship days as a block of their own.
 */
#include "attendance_grid.h"
#include "attendance_intern.h"
#include "attendance_stats.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "testdb.h"
#include "testworld.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int setup(void **state)
{
	static struct testdb t;

	if (testdb_open(&t, true) < 0)
		return -1;
	testdb_seed_staff(t.db);
	/* A cohort with a course day on 2024-03-07 (Thursday, its teaching
	 * day); participants 1 (interning Monday and Wednesday from
	 * 2024-03-04, three weeks) and 2 (no internship). */
	testworld_cohort_row(t.db, 2024);
	testdb_exec(
		t.db,
		"INSERT INTO course_day (id, cohort_id, date, start_min, "
		"end_min, kind, status, generated, created_at, updated_at) "
		"VALUES (1, 1, '2024-03-07', 540, 900, 'teaching', "
		"'planned', 1, 0, 0); "
		"INSERT INTO participant (id, cohort_id, name, cpr_enc, "
		"cpr_hash, birth_year, caseworker_id, health_enc, status, "
		"referred_on, started_on, created_at, updated_at) VALUES "
		"(1, 1, 'Anna', X'00', randomblob(32), 1980, 1, X'00', "
		"'started', '2023-11-10', '2023-12-10', 0, 0), "
		"(2, 1, 'Bo', X'00', randomblob(32), 1981, 1, X'00', "
		"'started', '2023-11-10', '2023-12-10', 0, 0); "
		"INSERT INTO company (id, organisation_id, name, cvr, "
		"employees, created_at, updated_at) VALUES (1, 1, 'Firma', "
		"'91300028', 20, 0, 0); "
		"INSERT INTO company_contact (id, company_id, name, "
		"created_at, updated_at) VALUES (1, 1, 'Vært', 0, 0); "
		"INSERT INTO internship (id, participant_id, company_id, "
		"contact_id, start_on, end_on, status, teaching_weekday, "
		"created_at, updated_at) VALUES (1, 1, 1, 1, '2024-03-05', "
		"'2024-03-22', 'running', 4, 0, 0); "
		"INSERT INTO internship_week (internship_id, week, monday, "
		"mon, wed, updated_at) VALUES (1, 1, '2024-03-04', 180, 180, "
		"0), (1, 2, '2024-03-11', 240, 240, 0), (1, 3, "
		"'2024-03-18', 300, 300, 0); "
		"INSERT INTO host_link (id, internship_id, contact_id, "
		"token_hash, token_enc, created_at) VALUES (1, 1, 1, "
		"randomblob(32), X'00', 0); "
		"INSERT INTO host_feedback (id, internship_id, week, "
		"contact_id, link_id, created_at, updated_at) VALUES (1, 1, 1, "
		"1, 1, 0, 0), (2, 1, 2, 1, 1, 0, 0); "
		/* Week 1: Wednesday as planned (Monday is before the
		 * start). Week 2: Monday fewer hours, Wednesday absent. */
		"INSERT INTO host_day (internship_id, date, status, "
		"planned_min, worked_min, feedback_id) VALUES (1, "
		"'2024-03-06', 'as_planned', 180, 180, 1), (1, '2024-03-11', "
		"'fewer_hours', 240, 120, 2), (1, '2024-03-13', 'absent', "
		"240, 0, 2)");
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	return testdb_remove(*state);
}

static struct db *db_of(void **state)
{
	return ((struct testdb *)*state)->db;
}

static void planned_and_reported_days_count_apart(void **state)
{
	const int64_t people[2] = {1, 2};
	struct attendance_intern in;
	char text[64];

	/* Up to Monday of week 3: Wednesday of week 1, Monday and
	 * Wednesday of week 2, Monday of week 3 (not reported). */
	assert_int_equal(attendance_intern_load(db_of(state), people, 2, 0, 0,
						testdb_date("2024-03-18"), &in),
			 0);
	assert_int_equal(in.ndates, 4);
	assert_int_equal(in.dates[0], testdb_date("2024-03-06"));
	assert_int_equal(in.dates[3], testdb_date("2024-03-18"));
	assert_int_equal(in.n[0].planned, 4);
	assert_int_equal(in.n[0].as_planned, 1);
	assert_int_equal(in.n[0].fewer, 1);
	assert_int_equal(in.n[0].absent, 1);
	assert_int_equal(in.n[0].not_reported, 1);
	assert_int_equal(in.n[0].minutes, 300);
	assert_int_equal(attendance_intern_met(&in.n[0]), 2);
	attendance_intern_text(&in.n[0], text, sizeof(text));
	assert_string_equal(text, "mødt 2 af 4 planlagte");
	assert_int_equal(in.cells[0 * in.ndates + 0],
			 ATTENDANCE_INTERN_AS_PLANNED);
	assert_int_equal(in.cells[0 * in.ndates + 2], ATTENDANCE_INTERN_ABSENT);
	assert_int_equal(in.cells[0 * in.ndates + 3],
			 ATTENDANCE_INTERN_NOT_REPORTED);
	/* Bo has no internship: every cell empty, nothing planned. */
	assert_int_equal(in.n[1].planned, 0);
	assert_int_equal(in.cells[1 * in.ndates + 0], ATTENDANCE_INTERN_NONE);
	attendance_intern_free(&in);

	/* A period of week 2 only. */
	assert_int_equal(attendance_intern_load(db_of(state), people, 1,
						testdb_date("2024-03-11"),
						testdb_date("2024-03-17"),
						testdb_date("2024-04-30"), &in),
			 0);
	assert_int_equal(in.ndates, 2);
	assert_int_equal(in.n[0].planned, 2);
	assert_int_equal(in.n[0].minutes, 120);
	attendance_intern_free(&in);
}

static void the_sheet_keeps_course_and_internship_days_apart(void **state)
{
	struct attendance_scope sc = {.cohort_id = 1,
				      .today = testdb_date("2024-03-20")};
	struct attendance_sheet s;

	assert_int_equal(attendance_sheet_load(db_of(state), &sc, &s), 0);
	/* One course day, not marked; the internship days are not in the
	 * course numbers. */
	assert_int_equal(s.ndays, 1);
	assert_int_equal(s.npeople, 2);
	assert_string_equal(s.people[0].name, "Anna");
	assert_int_equal(s.people[0].n.days_enrolled, 1);
	assert_int_equal(s.people[0].n.marked, 0);
	/* Up to Wednesday of week 3: five planned, two met. */
	assert_int_equal(s.people[0].n.intern.planned, 5);
	assert_int_equal(attendance_intern_met(&s.people[0].n.intern), 2);
	assert_int_equal(s.people[0].n.intern.not_reported, 2);
	assert_int_equal(s.people[1].n.intern.planned, 0);
	assert_int_equal(s.total.intern.planned, 5);
	assert_int_equal(s.total.intern.absent, 1);
	assert_int_equal(s.intern.ndates, 5);
	attendance_sheet_free(&s);
}

static void one_participants_numbers_hold_their_days(void **state)
{
	struct attendance_numbers n;
	int64_t cohort = 0;

	/* Today is long after the internship: all six planned days count
	 * (Monday of week 1 is before its start). */
	assert_int_equal(
		attendance_stats_participant(db_of(state), 1, &n, &cohort), 0);
	assert_int_equal(cohort, 1);
	assert_int_equal(n.intern.planned, 5);
	assert_int_equal(n.intern.not_reported, 2);
}

static void the_grid_draws_internship_days_apart(void **state)
{
	const char *names[1] = {"Anna"};
	const date_t dates[1] = {testdb_date("2024-03-07")};
	const enum attendance_cell cells[1] = {ATTENDANCE_CELL_PRESENT};
	const date_t idates[2] = {testdb_date("2024-03-06"),
				  testdb_date("2024-03-11")};
	const enum attendance_intern_cell icells[2] = {
		ATTENDANCE_INTERN_AS_PLANNED, ATTENDANCE_INTERN_FEWER};
	const int iminutes[2] = {180, 120};
	struct attendance_grid g = {"Fremmøde", 1,     1,   names,
				    dates,	cells, NULL};
	struct attendance_grid_intern gi = {2, idates, icells, iminutes};
	struct buf out = BUF_INIT(0), plain = BUF_INIT(0);
	int w1, h1, w2, h2;

	(void)state;
	assert_int_equal(attendance_grid_svg_intern(&out, &g, &gi), 0);
	assert_non_null(strstr(
		out.data, "Anna, ons. 6. mar.: Praktik: mødt som planlagt"));
	assert_non_null(strstr(out.data, "Praktik: mødt som planlagt"));
	assert_non_null(strstr(out.data, "Praktik: færre timer (120 min.)"));
	assert_non_null(strstr(out.data, "stroke-dasharray"));
	assert_non_null(strstr(out.data, "2 praktikdage"));
	/* Without internship days: the picture as it always was. */
	assert_int_equal(attendance_grid_svg(&plain, &g), 0);
	assert_null(strstr(plain.data, "Praktik"));
	attendance_grid_size(&g, &w1, &h1);
	attendance_grid_size_intern(&g, &gi, &w2, &h2);
	assert_true(h2 > h1);
	buf_free(&out);
	buf_free(&plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(planned_and_reported_days_count_apart),
		cmocka_unit_test(
			the_sheet_keeps_course_and_internship_days_apart),
		cmocka_unit_test(one_participants_numbers_hold_their_days),
		cmocka_unit_test(the_grid_draws_internship_days_apart),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
