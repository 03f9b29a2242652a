/*
 * Unit tests for outbox_queue: a good mail becomes one due row; header
 * injection (CR or LF in the recipient, kind or subject), lists of
 * addresses and oversized texts are refused and write nothing.
 */
#include "db.h"
#include "outbox.h"
#include "testdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static int setup(void **state)
{
	struct testdb *f = calloc(1, sizeof(*f));

	if (f == NULL || testdb_open(f, true) < 0)
		return -1;
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

static int64_t count_rows(struct db *db)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
					    "SELECT count(*) FROM outbox", -1,
					    &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* outbox_queue in its own transaction, as a caller would. */
static int queue(struct db *db, const char *to, const char *kind,
		 const char *subject, const char *body)
{
	int rc;

	assert_int_equal(db_begin(db), 0);
	rc = outbox_queue(db, to, kind, subject, body);
	if (rc == 0)
		assert_int_equal(db_commit(db), 0);
	else
		db_rollback(db);
	return rc;
}

static void a_good_mail_becomes_one_due_row(void **state)
{
	struct testdb *f = *state;
	sqlite3_stmt *st = NULL;

	assert_int_equal(queue(f->db, "sagsbehandler@aarhus.dk", "absence",
			       "Fravær i dag",
			       "En deltager er ikke mødt.\nSe mere: "
			       "https://x.dk/participants/1\n"),
			 0);
	assert_int_equal(
		sqlite3_prepare_v2(db_handle(f->db),
				   "SELECT recipient, kind, subject, attempts, "
				   "sent_at IS NULL, next_at = created_at "
				   "FROM outbox",
				   -1, &st, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
			    "sagsbehandler@aarhus.dk");
	assert_string_equal((const char *)sqlite3_column_text(st, 1),
			    "absence");
	assert_string_equal((const char *)sqlite3_column_text(st, 2),
			    "Fravær i dag");
	assert_int_equal(sqlite3_column_int(st, 3), 0);
	assert_int_equal(sqlite3_column_int(st, 4), 1);
	assert_int_equal(sqlite3_column_int(st, 5), 1);
	sqlite3_finalize(st);
}

struct bad_mail {
	const char *to, *kind, *subject, *body;
};

static void injection_and_bad_input_are_refused(void **state)
{
	struct testdb *f = *state;
	static char long_subject[OUTBOX_SUBJECT_MAX + 2];
	static char long_body[OUTBOX_BODY_MAX + 2];
	const struct bad_mail bad[] = {
		{"a@b.dk\r\nBcc: x@y.dk", "absence", "S", "B"},
		{"a@b.dk\nBcc: x@y.dk", "absence", "S", "B"},
		{"a@b.dk", "absence", "S\r\nBcc: x@y.dk", "B"},
		{"a@b.dk", "absence", "S\nX-Evil: 1", "B"},
		{"a@b.dk", "absence", "S\r", "B"},
		{"a@b.dk", "abs\nence", "S", "B"},
		{"a@b.dk, c@d.dk", "absence", "S", "B"},
		{"<a@b.dk>", "absence", "S", "B"},
		{"Name a@b.dk", "absence", "S", "B"},
		{"nobody", "absence", "S", "B"},
		{"a@b@c.dk", "absence", "S", "B"},
		{"æ@b.dk", "absence", "S", "B"},
		{"a@b.dk", "absence", "", "B"},
		{"a@b.dk", "absence", "S", ""},
		{"a@b.dk", "", "S", "B"},
		{"a@b.dk", "absence", long_subject, "B"},
		{"a@b.dk", "absence", "S", long_body},
	};
	size_t i;

	memset(long_subject, 's', sizeof(long_subject) - 1);
	memset(long_body, 'b', sizeof(long_body) - 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (queue(f->db, bad[i].to, bad[i].kind, bad[i].subject,
			  bad[i].body) != -1)
			fail_msg("accepted case %zu", i);
	assert_int_equal(count_rows(f->db), 1); /* only the good one above */
}

static void texts_at_the_maxima_are_queued(void **state)
{
	struct testdb *f = *state;
	static char subject[OUTBOX_SUBJECT_MAX + 1];
	static char body[OUTBOX_BODY_MAX + 1];

	memset(subject, 's', OUTBOX_SUBJECT_MAX);
	memset(body, 'b', OUTBOX_BODY_MAX);
	assert_int_equal(queue(f->db, "a@b.dk", "absence", subject, body), 0);
	assert_int_equal(count_rows(f->db), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_mail_becomes_one_due_row),
		cmocka_unit_test(injection_and_bad_input_are_refused),
		cmocka_unit_test(texts_at_the_maxima_are_queued),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
