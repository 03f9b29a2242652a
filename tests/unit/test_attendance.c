/*
 * Unit tests for the attendance domain through the API that the day page,
 * the API and the demo share, with actors instead of requests: a day
 * marked with its audit rows, "taken" row, flags and same-day mail; a
 * correction kept as history; who may mark and what a save refuses (the
 * mark and field named, nothing written); the rest marked present or
 * announced; absence announced ahead and withdrawn, and who reads its
 * comments; the start pages' days.
 */
#include "absence.h"
#include "actor.h"
#include "attendance.h"
#include "attendance_flag.h"
#include "attendance_mark.h"
#include "course.h"
#include "db.h"
#include "form.h"
#include "secret.h"
#include "testdb.h"
#include "testworld.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The provider's project leader, the job centre's caseworker and
 * enterprise consultant, the cohort's mentor and instructor, and an
 * instructor of no cohort. */
static const struct actor leader = {1, 2, ROLE_PROJECT_LEADER,
				    "pl@test.invalid", NULL};
static const struct actor caseworker = {2, 1, ROLE_CASEWORKER,
					"sb@test.invalid", NULL};
static const struct actor consultant = {3, 1, ROLE_CONSULTANT,
					"vk@test.invalid", NULL};
static const struct actor mentor = {4, 2, ROLE_MENTOR, "me@test.invalid", NULL};
static const struct actor instructor = {5, 2, ROLE_INSTRUCTOR,
					"ud@test.invalid", NULL};
static const struct actor stranger = {6, 2, ROLE_INSTRUCTOR, "ud2@test.invalid",
				      NULL};

struct fixture {
	struct testdb t;
	int64_t cohort, anna, bo;
};

/* A started participant of the cohort (30 days ago), of the caseworker and
 * with the mentor. */
static int64_t add_participant(struct fixture *f, const char *name)
{
	char d[DATE_ISO_LEN + 1];

	date_format_iso(date_add_days(date_today(), -30), d);
	return testworld_participant(f->t.db, f->cohort, name, d);
}

/* A course day of the cohort offset days from today, 09:00-15:00. */
static int64_t add_day(struct fixture *f, int offset)
{
	char sql[512], d[DATE_ISO_LEN + 1];

	date_format_iso(date_add_days(date_today(), offset), d);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO course_day (cohort_id, date, start_min, end_min, "
		 "kind, title, generated, created_at, updated_at) VALUES "
		 "(%lld, '%s', 540, 900, 'teaching', '', 0, 0, 0)",
		 (long long)f->cohort, d);
	testdb_exec(f->t.db, sql);
	return db_last_id(f->t.db);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || testworld_open(&f->t, 6) < 0)
		return -1;
	f->cohort = testworld_cohort(f->t.db, 70, 5);
	if (f->cohort < 0)
		return -1;
	f->anna = add_participant(f, "Anna");
	f->bo = add_participant(f, "Bo");
	*state = f;
	return 0;
}

static int mark(struct fixture *f, const struct actor *a, int64_t day,
		const struct attendance_mark *m, size_t n, bool rest,
		long *bad_mark, struct form_invalid *bad)
{
	struct attendance_marks in = {m, n, rest};

	return attendance_mark_day(f->t.db, a, day, &in, bad_mark, bad);
}

static void a_day_is_marked_with_audit_taken_flags_and_mail(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	int64_t d1 = add_day(f, -3), d2 = add_day(f, -1);
	struct attendance_mark m[2] = {
		{f->anna, ATTENDANCE_PRESENT, 0, NULL},
		{f->bo, ATTENDANCE_ABSENT, 0, "Ingen besked"},
	};
	long bad_mark = 0;
	char text[96];

	assert_int_equal(mark(f, &instructor, d1, m, 2, false, &bad_mark, &bad),
			 RESULT_OK);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM attendance WHERE "
			     "day_id = %lld AND actor_id = 5 AND version = 1",
			     (long long)d1),
		2);
	/* Everyone enrolled has a mark: the day is taken. */
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM attendance_taken WHERE "
			     "day_id = %lld AND actor_id = 5",
			     (long long)d1),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE action = "
			     "'participant.attendance_mark' AND actor_id = "
			     "5 AND detail = 'kursusdag %lld, version 1'",
			     (long long)d1),
		2);
	/* The note is sealed. */
	assert_int_equal(testdb_count(f->t.db,
				      "SELECT count(*) FROM attendance WHERE "
				      "instr(note_enc, 'Ingen') > 0"),
			 0);
	/* Absent without notice: one mail each to caseworker and mentor. */
	assert_int_equal(testdb_count(f->t.db,
				      "SELECT count(*) FROM outbox WHERE "
				      "kind = 'absence' AND recipient IN "
				      "('sb@test.invalid', "
				      "'me@test.invalid')"),
			 2);
	/* Twice in a row flags Bo (the default streak is 2). */
	m[1].note = NULL;
	assert_int_equal(mark(f, &leader, d2, m, 2, false, &bad_mark, &bad),
			 RESULT_OK);
	assert_int_equal(
		attendance_flag_text(f->t.db, f->bo, text, sizeof(text)), 0);
	assert_string_equal(text, "2 fravær uden afbud i træk");
	assert_int_equal(
		attendance_flag_text(f->t.db, f->anna, text, sizeof(text)), 0);
	assert_string_equal(text, "");
}

static void flag_row(void *ctx, const struct attendance_flag_row *r)
{
	*(struct attendance_flag_row *)ctx = *r;
	((struct attendance_flag_row *)ctx)->name = NULL;
	((struct attendance_flag_row *)ctx)->cohort = NULL;
	((struct attendance_flag_row *)ctx)->text = NULL;
}

static void the_caseworker_sees_the_flag(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	struct attendance_flag_row seen = {0};
	struct attendance_mark m = {f->bo, ATTENDANCE_ABSENT, 0, NULL};
	long bad_mark;

	assert_int_equal(mark(f, &instructor, add_day(f, -4), &m, 1, false,
			      &bad_mark, &bad),
			 RESULT_OK);
	assert_int_equal(mark(f, &instructor, add_day(f, -2), &m, 1, false,
			      &bad_mark, &bad),
			 RESULT_OK);
	assert_int_equal(
		attendance_flag_each(f->t.db, &caseworker, flag_row, &seen), 0);
	assert_int_equal(seen.participant_id, f->bo);
	assert_int_equal(seen.cohort_id, f->cohort);
	/* Instructors follow days, not flags. */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(
		attendance_flag_each(f->t.db, &instructor, flag_row, &seen), 0);
	assert_int_equal(seen.participant_id, 0);
}

static void a_correction_keeps_the_old_mark(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	int64_t d = add_day(f, -2);
	struct attendance_mark m = {f->anna, ATTENDANCE_PRESENT, 0, NULL};
	long bad_mark;

	assert_int_equal(mark(f, &instructor, d, &m, 1, false, &bad_mark, &bad),
			 RESULT_OK);
	m.status = ATTENDANCE_LATE;
	m.minutes = 20;
	assert_int_equal(mark(f, &leader, d, &m, 1, false, &bad_mark, &bad),
			 RESULT_OK);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM attendance WHERE day_id "
			     "= %lld AND status = 'late' AND minutes = 20 "
			     "AND version = 2 AND actor_id = 1",
			     (long long)d),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM attendance_change WHERE "
			     "day_id = %lld AND status = 'present' AND "
			     "version = 1 AND changed_by = 1",
			     (long long)d),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE action = "
			     "'participant.attendance_correct' AND detail = "
			     "'kursusdag %lld, version 2'",
			     (long long)d),
		1);
	/* The same again changes nothing and is not written. */
	assert_int_equal(mark(f, &leader, d, &m, 1, false, &bad_mark, &bad),
			 RESULT_OK);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM attendance_change WHERE "
			     "day_id = %lld",
			     (long long)d),
		1);
}

static void who_may_mark_and_what_is_refused(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	int64_t d = add_day(f, -1), future = add_day(f, 3);
	struct attendance_mark m[2] = {
		{f->anna, ATTENDANCE_PRESENT, 0, NULL},
		{f->bo, -1, 0, NULL},
	};
	long bad_mark = 0;

	/* Seen but not theirs to mark; not seen at all. */
	assert_int_equal(mark(f, &consultant, d, m, 1, false, &bad_mark, &bad),
			 RESULT_REFUSED);
	assert_string_equal(bad.message, attendance_mark_refused);
	assert_int_equal(mark(f, &stranger, d, m, 1, false, &bad_mark, &bad),
			 RESULT_NOT_FOUND);
	assert_int_equal(
		mark(f, &ACTOR_SYSTEM, d, m, 1, false, &bad_mark, &bad),
		RESULT_NOT_FOUND);
	/* Each refusal names the mark and field. */
	assert_int_equal(mark(f, &instructor, d, m, 2, false, &bad_mark, &bad),
			 RESULT_INVALID);
	assert_int_equal(bad_mark, 1);
	assert_string_equal(bad.field, "status");
	m[1].status = ATTENDANCE_LEFT_EARLY;
	m[1].minutes = 361;
	assert_int_equal(mark(f, &instructor, d, m, 2, false, &bad_mark, &bad),
			 RESULT_INVALID);
	assert_int_equal(bad_mark, 1);
	assert_string_equal(bad.field, "minutes");
	assert_string_equal(bad.message, "Dagen varer kun 360 minutter.");
	m[1].minutes = 0;
	assert_int_equal(mark(f, &instructor, d, m, 2, false, &bad_mark, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "minutes");
	m[1] = m[0];
	assert_int_equal(mark(f, &instructor, d, m, 2, false, &bad_mark, &bad),
			 RESULT_INVALID);
	assert_int_equal(bad_mark, 1);
	assert_string_equal(bad.field, "participant_id");
	m[1].participant_id = 999999;
	assert_int_equal(mark(f, &instructor, d, m, 2, false, &bad_mark, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "participant_id");
	/* A day to come takes absence announced ahead only. */
	assert_int_equal(
		mark(f, &instructor, future, m, 1, false, &bad_mark, &bad),
		RESULT_INVALID);
	assert_int_equal(bad_mark, 0);
	assert_int_equal(
		mark(f, &instructor, future, NULL, 0, true, &bad_mark, &bad),
		RESULT_INVALID);
	assert_int_equal(bad_mark, -1);
	assert_null(bad.field);
	/* Nothing was written by any of them. */
	assert_int_equal(
		testdb_count(f->t.db, "SELECT count(*) FROM attendance"), 0);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE action LIKE "
			     "'participant.attendance_%%'"),
		0);
}

static void the_rest_is_present_or_announced(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	struct absence_input ahead = {date_today(), 0, "Tandlæge"};
	struct participant p;
	int64_t d = add_day(f, 0), id = 0;
	long bad_mark;

	assert_int_equal(participant_get(f->t.db, &caseworker, f->bo, &p), 0);
	assert_int_equal(
		absence_add(f->t.db, &caseworker, &p, &ahead, &id, &bad),
		RESULT_OK);
	assert_int_equal(
		mark(f, &instructor, d, NULL, 0, true, &bad_mark, &bad),
		RESULT_OK);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM attendance WHERE day_id "
			     "= %lld AND participant_id = %lld AND status = "
			     "'present'",
			     (long long)d, (long long)f->anna),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM attendance WHERE day_id "
			     "= %lld AND participant_id = %lld AND status = "
			     "'announced'",
			     (long long)d, (long long)f->bo),
		1);
}

static void absence_ahead_is_announced_and_withdrawn(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	struct absence_input in = {date_add_days(date_today(), 2),
				   date_add_days(date_today(), 4), "Migræne"};
	struct absence_notice n;
	struct participant p;
	int64_t id = 0, other = 0;

	assert_int_equal(participant_get(f->t.db, &caseworker, f->anna, &p), 0);
	assert_int_equal(absence_add(f->t.db, &caseworker, &p, &in, &id, &bad),
			 RESULT_OK);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE action = "
			     "'participant.absence_add' AND subject_id = "
			     "%lld AND actor_id = 2",
			     (long long)f->anna),
		1);
	/* Overlapping, past, too long, or not theirs: refused. */
	in.first_date = date_add_days(date_today(), 4);
	in.last_date = 0;
	assert_int_equal(
		absence_add(f->t.db, &caseworker, &p, &in, &other, &bad),
		RESULT_INVALID);
	assert_string_equal(bad.field, "first_date");
	in.first_date = date_add_days(date_today(), -1);
	assert_int_equal(
		absence_add(f->t.db, &caseworker, &p, &in, &other, &bad),
		RESULT_INVALID);
	in.first_date = date_add_days(date_today(), 10);
	in.last_date = date_add_days(date_today(), 70);
	assert_int_equal(
		absence_add(f->t.db, &caseworker, &p, &in, &other, &bad),
		RESULT_INVALID);
	assert_string_equal(bad.field, "last_date");
	assert_int_equal(participant_get(f->t.db, &consultant, f->anna, &p), 0);
	assert_int_equal(
		absence_add(f->t.db, &consultant, &p, &in, &other, &bad),
		RESULT_REFUSED);
	/* The comment is for whom sees health fields: not the mentor. */
	assert_int_equal(absence_get(f->t.db, &mentor, id, &n, &p), 0);
	assert_null(n.comment);
	assert_true(absence_may_announce(&mentor, &p));
	absence_notice_free(&n);
	assert_int_equal(absence_get(f->t.db, &instructor, id, &n, &p), 0);
	assert_string_equal(n.comment, "Migræne");
	assert_int_equal(absence_withdraw(f->t.db, &instructor, &p, &n, &bad),
			 RESULT_OK);
	absence_notice_free(&n);
	assert_int_equal(absence_get(f->t.db, &instructor, id, &n, &p), 0);
	assert_true(n.withdrawn_at > 0);
	assert_string_equal(n.withdrawn_by, "ud@test.invalid");
	assert_int_equal(absence_withdraw(f->t.db, &instructor, &p, &n, &bad),
			 RESULT_INVALID);
	absence_notice_free(&n);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE action = "
			     "'participant.absence_withdraw' AND actor_id "
			     "= 5"),
		1);
	/* Not seen at all: not there. */
	assert_int_equal(absence_get(f->t.db, &stranger, id, &n, &p), 1);
}

static void day_row(void *ctx, const struct attendance_day_row *d)
{
	*(int64_t *)ctx = d->day_id;
}

static void the_start_pages_find_todays_and_untaken_days(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	int64_t yesterday = add_day(f, -1), found = 0;
	struct attendance_mark m = {f->anna, ATTENDANCE_PRESENT, 0, NULL};
	char sql[256], today[DATE_ISO_LEN + 1];
	long bad_mark;

	/* Today's day all day long, so that the test holds at any hour. */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO course_day (cohort_id, date, start_min, end_min, "
		 "kind, title, generated, created_at, updated_at) VALUES "
		 "(%lld, '%s', 0, 1439, 'teaching', '', 0, 0, 0)",
		 (long long)f->cohort, cohort_today(today));
	testdb_exec(f->t.db, sql);
	assert_int_equal(
		attendance_today_each(f->t.db, &instructor, day_row, &found),
		0);
	assert_int_equal(found, db_last_id(f->t.db));
	found = 0;
	assert_int_equal(
		attendance_untaken_each(f->t.db, &leader, day_row, &found), 0);
	assert_int_equal(found, yesterday);
	/* Marked in part is still untaken; in full, it is taken. */
	assert_int_equal(
		mark(f, &instructor, yesterday, &m, 1, false, &bad_mark, &bad),
		RESULT_OK);
	found = 0;
	assert_int_equal(
		attendance_untaken_each(f->t.db, &instructor, day_row, &found),
		0);
	assert_int_equal(found, yesterday);
	assert_int_equal(
		mark(f, &instructor, yesterday, NULL, 0, true, &bad_mark, &bad),
		RESULT_OK);
	found = 0;
	assert_int_equal(
		attendance_untaken_each(f->t.db, &instructor, day_row, &found),
		0);
	assert_int_equal(found, 0);
	/* Caseworkers take no attendance. */
	assert_int_equal(
		attendance_today_each(f->t.db, &caseworker, day_row, &found),
		0);
	assert_int_equal(found, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			a_day_is_marked_with_audit_taken_flags_and_mail, setup,
			testworld_teardown),
		cmocka_unit_test_setup_teardown(the_caseworker_sees_the_flag,
						setup, testworld_teardown),
		cmocka_unit_test_setup_teardown(a_correction_keeps_the_old_mark,
						setup, testworld_teardown),
		cmocka_unit_test_setup_teardown(
			who_may_mark_and_what_is_refused, setup,
			testworld_teardown),
		cmocka_unit_test_setup_teardown(
			the_rest_is_present_or_announced, setup,
			testworld_teardown),
		cmocka_unit_test_setup_teardown(
			absence_ahead_is_announced_and_withdrawn, setup,
			testworld_teardown),
		cmocka_unit_test_setup_teardown(
			the_start_pages_find_todays_and_untaken_days, setup,
			testworld_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
