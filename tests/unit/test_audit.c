/*
 * The group commit of reads' audit rows: many threads at once, every row
 * committed exactly once with its own fields, each caller told success.
 */
#include "audit.h"
#include "db.h"
#include "testdb.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define THREADS 8
#define CALLS	60

struct worker {
	int id;
	int failures;
};

static void *worker_run(void *arg)
{
	struct worker *wk = arg;
	struct audit_entry e[3];
	char subject[3][32], detail[32];
	int call, i;

	for (call = 0; call < CALLS; call++) {
		snprintf(detail, sizeof(detail), "t%d c%d", wk->id, call);
		/* Every third call writes three rows at once. */
		for (i = 0; i < (call % 3 == 0 ? 3 : 1); i++) {
			memset(&e[i], 0, sizeof(e[i]));
			snprintf(subject[i], sizeof(subject[i]), "deltager %d",
				 wk->id * 1000 + i);
			e[i].actor_id = wk->id;
			e[i].actor = "test@demo.invalid";
			e[i].action = "participant.read";
			e[i].subject_type = "participant";
			e[i].subject_id = wk->id * 1000 + i;
			e[i].subject = subject[i];
			e[i].detail = detail;
		}
		if (audit_write_reads(e, (size_t)i) != 0)
			wk->failures++;
	}
	return NULL;
}

static int64_t count(const char *sql)
{
	sqlite3_stmt *st = db_stmt(db_reader(), sql);
	int64_t n;

	assert_non_null(st);
	assert_int_equal(db_step(db_reader(), st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

static void concurrent_reads_are_each_committed_once(void **state)
{
	pthread_t t[THREADS];
	struct worker wk[THREADS];
	int i;

	(void)state;
	for (i = 0; i < THREADS; i++) {
		wk[i].id = i + 1;
		wk[i].failures = 0;
		assert_int_equal(
			pthread_create(&t[i], NULL, worker_run, &wk[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(wk[i].failures, 0);
	}
	/* 60 calls: 20 of three rows and 40 of one. */
	assert_int_equal(count("SELECT count(*) FROM audit"),
			 THREADS * (20 * 3 + 40));
	/* Every (thread, call) is there, and its rows kept their fields. */
	assert_int_equal(count("SELECT count(DISTINCT detail) FROM audit"),
			 THREADS * CALLS);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE subject != "
			       "'deltager ' || subject_id OR subject_id / "
			       "1000 != actor_id OR detail NOT LIKE 't' || "
			       "actor_id || ' c%'"),
			 0);
	assert_int_equal(count("SELECT max(n) FROM (SELECT count(*) AS n "
			       "FROM audit GROUP BY detail, subject_id)"),
			 1);
}

static void nothing_to_write_is_fine(void **state)
{
	(void)state;
	assert_int_equal(audit_write_reads(NULL, 0), 0);
}

static struct testdb tdb;

static int setup(void **state)
{
	(void)state;
	if (testdb_make(&tdb) < 0)
		return -1;
	return db_pool_open(tdb.path, 4);
}

static int teardown(void **state)
{
	(void)state;
	db_pool_close();
	return testdb_remove(&tdb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent_reads_are_each_committed_once),
		cmocka_unit_test(nothing_to_write_is_fine),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
