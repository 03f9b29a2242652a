/*
 * Unit tests for report_cohort: the catalogue's numbers of one cohort from
 * participants in every status, with and without a start date, and with
 * every kind of outcome at course end and six months later.
 */
#include "db.h"
#include "report.h"
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

struct fixture {
	struct testdb t;
	int64_t full, empty, small; /* cohort ids */
};

static int64_t add_cohort(struct db *db, const char *name)
{
	char sql[1024];

	snprintf(
		sql, sizeof(sql),
		"INSERT INTO cohort (name, job_centre_id, provider_id, "
		"org_model, venue_name, venue_address, first_teaching_day, "
		"prep_weeks, teaching_weeks, teaching_weekdays, start_min, "
		"end_min, internship_weeks, weekly_teaching_weekday, "
		"capacity, state, referral_start, prep_start, teaching_end, "
		"internship_start, internship_end, aftercare_start, "
		"created_at, updated_at) VALUES ('%s', 1, 2, 1, 'Huset', "
		"'Vejen 1, 8000 Aarhus C', '2025-02-03', 4, 4, 15, 540, 900, "
		"12, 3, 10, 'referral_open', '2024-12-02', '2025-01-06', "
		"'2025-02-28', '2025-03-03', '2025-05-23', '2025-05-26', 0, 0)",
		name);
	testdb_exec(db, sql);
	return db_last_id(db);
}

/* A participant of cohort in status, started or not, with the outcomes
 * named (NULL: none recorded). */
static void add_participant(struct db *db, int64_t cohort, const char *status,
			    bool started, const char *at_end,
			    const char *six_months)
{
	static const char *const timings[2] = {"end", "six_months"};
	const char *kinds[2] = {at_end, six_months};
	char sql[1024];
	int64_t id;
	int i;

	snprintf(sql, sizeof(sql),
		 "INSERT INTO participant (cohort_id, name, cpr_enc, cpr_hash, "
		 "birth_year, caseworker_id, health_enc, status, referred_on, "
		 "started_on, created_at, updated_at) VALUES (%lld, 'Borger', "
		 "X'00', randomblob(32), 1998, 1, X'00', '%s', '2024-12-10', "
		 "%s, 0, 0)",
		 (long long)cohort, status, started ? "'2025-01-06'" : "NULL");
	testdb_exec(db, sql);
	id = db_last_id(db);
	for (i = 0; i < 2; i++) {
		if (kinds[i] == NULL)
			continue;
		snprintf(sql, sizeof(sql),
			 "INSERT INTO outcome (participant_id, timing, kind, "
			 "hours_per_week, other_kind, recorded_on, actor, "
			 "created_at, updated_at) VALUES (%lld, '%s', '%s', "
			 "%s, %s, '2025-05-23', 'test', 0, 0)",
			 (long long)id, timings[i], kinds[i],
			 strcmp(kinds[i], "job") == 0 ? "37" : "NULL",
			 strcmp(kinds[i], "other") == 0 ? "'clarification'"
							: "NULL");
		testdb_exec(db, sql);
	}
}

/* The cases of the full cohort. */
static const struct {
	const char *status;
	bool started;
	const char *at_end, *six_months;
} cases[] = {
	{"referred", false, NULL, NULL},
	{"admitted", false, NULL, NULL},
	{"waiting", false, NULL, NULL},
	{"not_admitted", false, NULL, NULL},
	{"started", true, NULL, NULL},
	{"re_referred", true, NULL, NULL},
	{"dropped_out", true, "other", NULL},
	{"completed", true, "job", "job"},
	{"completed", true, "education", "job"},
	{"completed", true, "extended_internship", "other"},
	{"completed", true, "other", "education"},
	{"completed", true, "extended_internship", "extended_internship"},
	{"completed", true, NULL, NULL},
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	size_t i;

	assert_int_equal(testdb_open(&f->t, true), 0);
	testdb_seed_staff(f->t.db);
	f->full = add_cohort(f->t.db, "Fuldt hold");
	f->empty = add_cohort(f->t.db, "Tomt hold");
	f->small = add_cohort(f->t.db, "Lille hold");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		add_participant(f->t.db, f->full, cases[i].status,
				cases[i].started, cases[i].at_end,
				cases[i].six_months);
	add_participant(f->t.db, f->small, "completed", true, "job", NULL);
	add_participant(f->t.db, f->small, "dropped_out", false, NULL, "other");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(testdb_remove(&f->t), 0);
	free(f);
	return 0;
}

static void assert_row(const struct report_row *got,
		       const struct report_row *want)
{
	assert_int_equal(got->referred, want->referred);
	assert_int_equal(got->started, want->started);
	assert_int_equal(got->completed, want->completed);
	assert_int_equal(got->job, want->job);
	assert_int_equal(got->education, want->education);
	assert_int_equal(got->extended_internship, want->extended_internship);
	assert_int_equal(got->other, want->other);
	assert_int_equal(got->job_6m, want->job_6m);
	assert_int_equal(got->education_6m, want->education_6m);
	assert_int_equal(got->extended_internship_6m,
			 want->extended_internship_6m);
	assert_int_equal(got->other_6m, want->other_6m);
}

static void counts_every_status_and_outcome(void **state)
{
	struct fixture *f = *state;
	/* 13 rows of cases; 9 with a start date; 6 completed (one of them
	 * without outcomes); a drop-out's end outcome counts too. */
	const struct report_row want = {
		.referred = 13,
		.started = 9,
		.completed = 6,
		.job = 1,
		.education = 1,
		.extended_internship = 2,
		.other = 2,
		.job_6m = 2,
		.education_6m = 1,
		.extended_internship_6m = 1,
		.other_6m = 1,
	};
	struct report_row got;

	memset(&got, 0x55, sizeof(got));
	assert_int_equal(report_cohort(f->t.db, f->full, &got), 0);
	assert_row(&got, &want);
}

static void counts_only_the_cohorts_own_participants(void **state)
{
	struct fixture *f = *state;
	const struct report_row want = {
		.referred = 2,
		.started = 1,
		.completed = 1,
		.job = 1,
		.other_6m = 1,
	};
	struct report_row got;

	assert_int_equal(report_cohort(f->t.db, f->small, &got), 0);
	assert_row(&got, &want);
}

static void a_cohort_without_participants_is_all_zeros(void **state)
{
	struct fixture *f = *state;
	const struct report_row zero = {0};
	struct report_row got;

	memset(&got, 0x55, sizeof(got));
	assert_int_equal(report_cohort(f->t.db, f->empty, &got), 0);
	assert_row(&got, &zero);
	memset(&got, 0x55, sizeof(got));
	assert_int_equal(report_cohort(f->t.db, 999999, &got), 0);
	assert_row(&got, &zero);
}

static void later_changes_show_at_once(void **state)
{
	struct fixture *f = *state;
	struct report_row before, after;
	int64_t id = add_cohort(f->t.db, "Nyt hold");

	add_participant(f->t.db, id, "started", true, NULL, "other");
	assert_int_equal(report_cohort(f->t.db, id, &before), 0);
	add_participant(f->t.db, id, "completed", true, "extended_internship",
			"job");
	assert_int_equal(report_cohort(f->t.db, id, &after), 0);
	assert_int_equal(after.referred, before.referred + 1);
	assert_int_equal(after.started, before.started + 1);
	assert_int_equal(after.completed, before.completed + 1);
	assert_int_equal(after.extended_internship,
			 before.extended_internship + 1);
	assert_int_equal(after.job_6m, before.job_6m + 1);
	assert_int_equal(after.job, before.job);
	assert_int_equal(after.other_6m, before.other_6m);
}

/* The counts the triggers keep, against a recount from scratch of every
 * participant and outcome; 1 when every cohort agrees. */
static int64_t counts_agree(struct db *db)
{
	static const char sql[] =
		"SELECT count(*) = 0 FROM cohort c LEFT JOIN report_count k ON "
		"k.cohort_id = c.id WHERE (coalesce(k.referred, 0), "
		"coalesce(k.started, 0), coalesce(k.completed, 0), "
		"coalesce(k.job, 0), coalesce(k.other, 0), coalesce(k.job_6m, "
		"0), coalesce(k.education_6m, 0)) IS NOT (SELECT count(p.id), "
		"count(p.started_on), count(*) FILTER (WHERE p.status = "
		"'completed'), count(*) FILTER (WHERE e.kind = 'job'), "
		"count(*) FILTER (WHERE e.kind = 'other'), count(*) FILTER "
		"(WHERE s.kind = 'job'), count(*) FILTER (WHERE s.kind = "
		"'education') FROM participant p LEFT JOIN outcome e ON "
		"e.participant_id = p.id AND e.timing = 'end' LEFT JOIN "
		"outcome "
		"s ON s.participant_id = p.id AND s.timing = 'six_months' "
		"WHERE p.cohort_id = c.id)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t ok;

	assert_non_null(st);
	assert_int_equal(db_step(db, st), SQLITE_ROW);
	ok = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return ok;
}

static void kept_counts_survive_changes_and_deletes(void **state)
{
	struct fixture *f = *state;
	char err[256] = "";
	char *msg = NULL;

	assert_int_equal(counts_agree(f->t.db), 1);
	testdb_exec(f->t.db,
		    "UPDATE participant SET status = 'completed' WHERE "
		    "status = 'started'");
	testdb_exec(f->t.db,
		    "UPDATE participant SET started_on = NULL WHERE id = "
		    "(SELECT min(id) FROM participant WHERE started_on IS NOT "
		    "NULL)");
	testdb_exec(f->t.db,
		    "UPDATE outcome SET kind = 'job', other_kind = NULL, "
		    "hours_per_week = 20 WHERE kind = 'other'");
	testdb_exec(f->t.db,
		    "UPDATE outcome SET timing = 'six_months' WHERE id = "
		    "(SELECT min(o.id) FROM outcome o WHERE o.timing = 'end' "
		    "AND NOT EXISTS (SELECT 1 FROM outcome x WHERE "
		    "x.participant_id = o.participant_id AND x.timing = "
		    "'six_months'))");
	assert_int_equal(counts_agree(f->t.db), 1);
	testdb_exec(f->t.db,
		    "DELETE FROM outcome WHERE id = (SELECT max(id) FROM "
		    "outcome)");
	testdb_exec(f->t.db,
		    "DELETE FROM participant WHERE id = (SELECT max(id) FROM "
		    "participant WHERE id IN (SELECT participant_id FROM "
		    "outcome))");
	assert_int_equal(counts_agree(f->t.db), 1);
	/* A participant cannot move cohorts behind the counts' back. */
	snprintf(err, sizeof(err),
		 "UPDATE participant SET cohort_id = %lld "
		 "WHERE cohort_id = %lld",
		 (long long)f->empty, (long long)f->small);
	assert_int_not_equal(
		sqlite3_exec(db_handle(f->t.db), err, NULL, NULL, &msg),
		SQLITE_OK);
	sqlite3_free(msg);
	assert_int_equal(counts_agree(f->t.db), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_every_status_and_outcome),
		cmocka_unit_test(counts_only_the_cohorts_own_participants),
		cmocka_unit_test(a_cohort_without_participants_is_all_zeros),
		cmocka_unit_test(later_changes_show_at_once),
		cmocka_unit_test(kept_counts_survive_changes_and_deletes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
