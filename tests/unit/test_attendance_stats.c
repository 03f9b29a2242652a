/*
 * Unit tests for attendance_stats: the follow-up flags that
 * attendance_flag_refresh keeps (streaks of absence without notice, the
 * rate over the last two weeks, what does not count, flags that stay or
 * go), the rounding of percentages and the SVG grid's symbols, legend,
 * titles and escaping.
 */
#include "attendance_flag.h"
#include "attendance_grid.h"
#include "attendance_stats.h"
#include "attendance_stats_page.h"
#include "db.h"
#include "embed.h"
#include "html.h"
#include "testdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static void iso(int offset, char out[DATE_ISO_LEN + 1])
{
	date_format_iso(date_add_days(date_today(), offset), out);
}

/* A cohort with the default triggers (2 in a row, 75 %). */
static int64_t add_cohort(struct db *db)
{
	testdb_exec(
		db,
		"INSERT INTO cohort (name, job_centre_id, provider_id, "
		"org_model, venue_name, venue_address, first_teaching_day, "
		"prep_weeks, teaching_weeks, teaching_weekdays, start_min, "
		"end_min, internship_weeks, weekly_teaching_weekday, "
		"capacity, state, referral_start, prep_start, teaching_end, "
		"internship_start, internship_end, aftercare_start, "
		"created_at, updated_at) VALUES ('Hold', 1, 2, 1, 'Huset', "
		"'Vejen 1', '2025-02-03', 4, 4, 15, 540, 900, 12, 3, 10, "
		"'referral_open', '2024-12-02', '2025-01-06', '2025-02-28', "
		"'2025-03-03', '2025-05-23', '2025-05-26', 0, 0)");
	return db_last_id(db);
}

/* A participant of cohort, started `started` days from today. */
static int64_t add_participant(struct db *db, int64_t cohort, int started)
{
	char sql[512], d[DATE_ISO_LEN + 1];

	iso(started, d);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO participant (cohort_id, name, cpr_enc, cpr_hash, "
		 "birth_year, caseworker_id, health_enc, status, referred_on, "
		 "started_on, created_at, updated_at) VALUES (%lld, 'Borger', "
		 "X'00', randomblob(32), 1998, 1, X'00', 'started', "
		 "'2024-12-10', '%s', 0, 0)",
		 (long long)cohort, d);
	testdb_exec(db, sql);
	return db_last_id(db);
}

static int64_t add_day(struct db *db, int64_t cohort, int offset,
		       bool cancelled)
{
	char sql[512], d[DATE_ISO_LEN + 1];

	iso(offset, d);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO course_day (cohort_id, date, start_min, end_min, "
		 "kind, status, generated, created_at, updated_at) VALUES "
		 "(%lld, '%s', 540, 900, 'teaching', '%s', 0, 0, 0)",
		 (long long)cohort, d, cancelled ? "cancelled" : "planned");
	testdb_exec(db, sql);
	return db_last_id(db);
}

static void add_mark(struct db *db, int64_t day, int64_t participant,
		     const char *status)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO attendance (day_id, participant_id, status, at) "
		 "VALUES (%lld, %lld, '%s', 0)",
		 (long long)day, (long long)participant, status);
	testdb_exec(db, sql);
}

/* A mark on a day `offset` days from today. */
struct mark {
	int offset;
	const char *status;
	bool cancelled;
};

#define MARKS_MAX 8

static const struct {
	const char *name;
	int started; /* days from today */
	struct mark marks[MARKS_MAX];
	const char *reason; /* NULL: no flag */
	int streak, rate;
} cases[] = {
	{"two absences in a row",
	 -30,
	 {{-11, "present", false},
	  {-9, "present", false},
	  {-8, "present", false},
	  {-6, "present", false},
	  {-3, "absent", false},
	  {-1, "absent", false}},
	 "streak",
	 2,
	 67},
	{"one absence is no streak; 75 % is not under 75 %",
	 -30,
	 {{-6, "present", false},
	  {-4, "present", false},
	  {-3, "present", false},
	  {-1, "absent", false}},
	 NULL,
	 0,
	 0},
	{"low rate without a streak",
	 -30,
	 {{-5, "absent", false}, {-3, "absent", false}, {-1, "present", false}},
	 "rate",
	 0,
	 33},
	{"sick and announced break a streak and lower the rate",
	 -30,
	 {{-5, "absent", false}, {-3, "sick", false}, {-1, "absent", false}},
	 "rate",
	 1,
	 0},
	{"late and left early count as attended",
	 -30,
	 {{-4, "late", false},
	  {-2, "left_early", false},
	  {-1, "present", false}},
	 NULL,
	 0,
	 0},
	{"absences older than two weeks count for the streak only",
	 -60,
	 {{-30, "present", false},
	  {-20, "absent", false},
	  {-16, "absent", false}},
	 "streak",
	 2,
	 100},
	{"the day 14 days ago is outside the window",
	 -60,
	 {{-14, "absent", false},
	  {-13, "present", false},
	  {-1, "present", false}},
	 NULL,
	 0,
	 0},
	{"the window holds today and the 13 days before",
	 -60,
	 {{-13, "absent", false},
	  {-2, "present", false},
	  {-1, "present", false}},
	 "rate",
	 0,
	 67},
	{"cancelled days do not count",
	 -30,
	 {{-5, "present", false}, {-3, "absent", true}, {-1, "absent", true}},
	 NULL,
	 0,
	 0},
	{"days before the start do not count",
	 -4,
	 {{-8, "absent", false}, {-6, "absent", false}, {-2, "present", false}},
	 NULL,
	 0,
	 0},
	{"an announced absence ahead does not count yet",
	 -30,
	 {{-5, "present", false},
	  {-3, "present", false},
	  {-1, "present", false},
	  {2, "announced", false},
	  {4, "announced", false}},
	 NULL,
	 0,
	 0},
};

static void flags_follow_the_rules(void **state)
{
	struct testdb *f = *state;
	char sql[256];
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t cohort = add_cohort(f->db);
		int64_t p = add_participant(f->db, cohort, cases[i].started);
		int64_t last = 0;

		for (k = 0; k < MARKS_MAX && cases[i].marks[k].status; k++) {
			int64_t d = add_day(f->db, cohort,
					    cases[i].marks[k].offset,
					    cases[i].marks[k].cancelled);

			add_mark(f->db, d, p, cases[i].marks[k].status);
			if (cases[i].marks[k].offset < 0)
				last = d;
		}
		assert_int_equal(attendance_flag_refresh(f->db, last), 0);
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM attendance_flag WHERE "
			 "participant_id = %lld",
			 (long long)p);
		if (cases[i].reason == NULL) {
			if (testdb_scalar(f->db, sql) != 0)
				fail_msg("%s: flagged", cases[i].name);
			continue;
		}
		snprintf(
			sql, sizeof(sql),
			"SELECT (reason = '%s') * 1000000 + streak * 1000 + "
			"rate FROM attendance_flag WHERE participant_id = %lld "
			"AND cohort_id = %lld",
			cases[i].reason, (long long)p, (long long)cohort);
		if (testdb_scalar(f->db, sql) !=
		    1000000 + cases[i].streak * 1000 + cases[i].rate)
			fail_msg("%s: %lld", cases[i].name,
				 (long long)testdb_scalar(f->db, sql));
	}
}

static void flags_keep_since_change_reason_and_go(void **state)
{
	struct testdb *f = *state;
	int64_t cohort = add_cohort(f->db);
	int64_t p = add_participant(f->db, cohort, -30);
	int64_t d1 = add_day(f->db, cohort, -3, false);
	int64_t d2 = add_day(f->db, cohort, -1, false);
	char sql[256];

	add_mark(f->db, d1, p, "absent");
	add_mark(f->db, d2, p, "absent");
	assert_int_equal(attendance_flag_refresh(f->db, d2), 0);
	snprintf(sql, sizeof(sql),
		 "UPDATE attendance_flag SET since = 7 WHERE participant_id = "
		 "%lld",
		 (long long)p);
	testdb_exec(f->db, sql);
	/* Three in a row needed now: the same flag, for the rate. */
	snprintf(sql, sizeof(sql),
		 "UPDATE cohort SET absence_streak = 3 WHERE id = %lld",
		 (long long)cohort);
	testdb_exec(f->db, sql);
	assert_int_equal(attendance_flag_refresh_cohort(f->db, cohort), 0);
	snprintf(sql, sizeof(sql),
		 "SELECT since * 10 + (reason = 'rate') FROM attendance_flag "
		 "WHERE participant_id = %lld",
		 (long long)p);
	assert_int_equal(testdb_scalar(f->db, sql), 71);
	/* Recovered: present on both days. */
	snprintf(sql, sizeof(sql),
		 "UPDATE attendance SET status = 'present' WHERE "
		 "participant_id = %lld",
		 (long long)p);
	testdb_exec(f->db, sql);
	assert_int_equal(attendance_flag_refresh(f->db, d1), 0);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM attendance_flag WHERE participant_id = "
		 "%lld",
		 (long long)p);
	assert_int_equal(testdb_scalar(f->db, sql), 0);
	/* A participant who left loses the flag at the next save. */
	snprintf(sql, sizeof(sql),
		 "UPDATE attendance SET status = 'absent' WHERE "
		 "participant_id = %lld",
		 (long long)p);
	testdb_exec(f->db, sql);
	assert_int_equal(attendance_flag_refresh(f->db, d2), 0);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM attendance_flag WHERE participant_id = "
		 "%lld",
		 (long long)p);
	assert_int_equal(testdb_scalar(f->db, sql), 1);
	snprintf(sql, sizeof(sql),
		 "UPDATE participant SET status = 'dropped_out' WHERE id = "
		 "%lld",
		 (long long)p);
	testdb_exec(f->db, sql);
	assert_int_equal(attendance_flag_refresh(f->db, d2), 0);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM attendance_flag WHERE participant_id = "
		 "%lld",
		 (long long)p);
	assert_int_equal(testdb_scalar(f->db, sql), 0);
	/* No such day: nothing to do. */
	assert_int_equal(attendance_flag_refresh(f->db, 999999), 0);
}

static void percentages_round_half_up(void **state)
{
	struct attendance_numbers n = {0};

	(void)state;
	assert_int_equal(attendance_stats_pct(&n), -1);
	assert_int_equal(attendance_stats_commitment_pct(&n), -1);
	n.marked = 8;
	n.present = 1; /* 12.5 % */
	assert_int_equal(attendance_stats_pct(&n), 13);
	n.marked = 3;
	n.present = 1;
	n.late = 1; /* 66.7 % */
	assert_int_equal(attendance_stats_pct(&n), 67);
	n.announced = 1;
	assert_int_equal(attendance_stats_commitment_pct(&n), 100);
	n.marked = 6;
	n.present = 1;
	n.late = 0;
	n.left_early = 0;
	n.announced = 0; /* 16.7 % */
	assert_int_equal(attendance_stats_pct(&n), 17);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (s = strstr(s, what); s; s = strstr(s + 1, what))
		n++;
	return n;
}

static void grid_draws_symbols_titles_and_legend(void **state)
{
	const char *names[2] = {
		"<b>Anna & Co</b>",
		"Et meget, meget langt navn på en deltager der ikke kan være "
		"der",
	};
	date_t dates[3];
	const enum attendance_cell cells[6] = {
		ATTENDANCE_CELL_PRESENT,    ATTENDANCE_CELL_LATE,
		ATTENDANCE_CELL_ABSENT,	    ATTENDANCE_CELL_NOT_ENROLLED,
		ATTENDANCE_CELL_NOT_MARKED, ATTENDANCE_CELL_SICK,
	};
	const int minutes[6] = {0, 15, 0, 0, 0, 0};
	struct attendance_grid g = {
		"Fremmøde på <hold>", 2, 3, names, dates, cells, minutes};
	struct buf out = BUF_INIT(0);
	int i;

	(void)state;
	dates[0] = date_from_civil(2026, 2, 3);
	dates[1] = date_from_civil(2026, 2, 4);
	dates[2] = date_from_civil(2026, 2, 5);
	assert_int_equal(attendance_grid_svg(&out, &g), 0);
	assert_non_null(strstr(out.data, "role=\"img\""));
	assert_non_null(
		strstr(out.data, "aria-labelledby=\"ag-title ag-desc\""));
	assert_non_null(strstr(out.data, "Fremmøde på &lt;hold&gt;"));
	assert_null(strstr(out.data, "<b>"));
	assert_null(strstr(out.data, "<hold>"));
	assert_non_null(strstr(out.data, "&lt;b&gt;Anna &amp; Co&lt;/b&gt;, "));
	assert_non_null(strstr(out.data, ": For sent (15 min.)</title>"));
	assert_non_null(strstr(out.data, "3/2</text>"));
	/* A title per cell, and one per picture. */
	assert_int_equal(count(out.data, "<g><title>"), 6);
	/* Long names are cut in the row label, whole in the titles. */
	assert_non_null(
		strstr(out.data, ">Et meget, meget langt nav\u2026</text>"));
	assert_non_null(strstr(out.data, names[1]));
	for (i = 0; i < ATTENDANCE_CELL__MAX; i++) {
		assert_non_null(strstr(out.data, attendance_cell_label(i)));
		if (attendance_cell_symbol(i)[0])
			assert_true(count(out.data,
					  attendance_cell_symbol(i)) >= 1);
	}
	/* Every symbol is in the legend, also those no cell uses. */
	assert_non_null(strstr(out.data, ">A</text>"));
	assert_non_null(strstr(out.data, "Meldt fravær"));
	assert_string_equal(out.data + out.len - 7, "</svg>\n");
	buf_free(&out);

	/* An empty grid is still a picture with its legend. */
	g.nrows = 0;
	g.ndays = 0;
	assert_int_equal(attendance_grid_svg(&out, &g), 0);
	assert_non_null(strstr(out.data, "0 deltagere og 0 kursusdage"));
	assert_non_null(strstr(out.data, "Ikke indskrevet"));
	buf_free(&out);
}

/* The participant page's partial, rendered from the view it is given. */
static void participant_numbers_render(void **state)
{
	struct testdb *f = *state;
	const struct embed_file *file = embed_find(
		embed_templates, "attendance_stats_participant.html");
	int64_t cohort = add_cohort(f->db);
	int64_t p = add_participant(f->db, cohort, -30);
	int64_t d1 = add_day(f->db, cohort, -5, false);
	int64_t d2 = add_day(f->db, cohort, -3, false);
	int64_t d3 = add_day(f->db, cohort, -1, false);
	struct buf out = BUF_INIT(0);
	struct view *v = view_new();
	struct tpl *t;
	char err[256], sql[256];

	assert_non_null(file);
	t = tpl_compile(file->name, (const char *)file->data, file->size, err,
			sizeof(err));
	if (t == NULL)
		fail_msg("%s", err);
	add_mark(f->db, d1, p, "present");
	add_mark(f->db, d2, p, "late");
	snprintf(sql, sizeof(sql),
		 "UPDATE attendance SET minutes = 60 WHERE day_id = %lld",
		 (long long)d2);
	testdb_exec(f->db, sql);
	add_mark(f->db, d3, p, "absent");
	assert_int_equal(attendance_flag_refresh(f->db, d3), 0);
	assert_int_equal(attendance_stats_page_participant(f->db, p, v), 0);
	assert_int_equal(tpl_render_compiled(&out, t, v), 0);
	/* 2 of 3 days; 360 + 300 minutes. */
	assert_non_null(strstr(out.data, "id=\"fremmoede\""));
	assert_non_null(strstr(out.data, "<td class=\"num\">3</td>"));
	assert_non_null(strstr(out.data, "67 %"));
	assert_non_null(strstr(out.data, "11,0"));
	assert_non_null(strstr(out.data, "Fremmøde 67 % de sidste 2 uger"));
	buf_free(&out);
	view_free(v);

	/* Someone who never started has no numbers to show. */
	v = view_new();
	snprintf(sql, sizeof(sql),
		 "UPDATE participant SET started_on = NULL WHERE id = %lld",
		 (long long)p);
	testdb_exec(f->db, sql);
	assert_int_equal(attendance_stats_page_participant(f->db, p, v), 0);
	assert_int_equal(tpl_render_compiled(&out, t, v), 0);
	assert_null(strstr(out.data, "fremmoede"));
	buf_free(&out);
	view_free(v);
	tpl_free(t);
}

static int setup(void **state)
{
	struct testdb *f = calloc(1, sizeof(*f));

	assert_int_equal(testdb_open(f, true), 0);
	testdb_seed_staff(f->db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct testdb *f = *state;

	testdb_remove(f);
	free(f);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flags_follow_the_rules),
		cmocka_unit_test(flags_keep_since_change_reason_and_go),
		cmocka_unit_test(percentages_round_half_up),
		cmocka_unit_test(grid_draws_symbols_titles_and_legend),
		cmocka_unit_test(participant_numbers_render),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
