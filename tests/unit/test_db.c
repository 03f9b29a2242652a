/*
 * Unit tests for db: migrations on a fresh database and again, the
 * append-only audit table, the statement cache and constraint results.
 */
#include "db.h"
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

	assert_int_equal(testdb_open(f, false), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct testdb *f = *state;

	assert_int_equal(testdb_remove(f), 0);
	free(f);
	return 0;
}

/* Everything in sqlite_schema, as one string, to compare before/after. */
static char *schema(struct db *db)
{
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	char *out = calloc(1, 1);

	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
					    "SELECT type, name, sql FROM "
					    "sqlite_schema ORDER BY name",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(st, 2);
		size_t n = strlen(sql ? sql : "") + 1;

		out = realloc(out, len + n + 1);
		memcpy(out + len, sql ? sql : "", n - 1);
		len += n - 1;
		out[len++] = '\n';
		out[len] = '\0';
	}
	sqlite3_finalize(st);
	return out;
}

static void migrate_fresh_database_reaches_newest_version(void **state)
{
	struct testdb *f = *state;
	int from = -1, to = -1;

	assert_int_equal(db_migrate(f->db, &from, &to), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, db_schema_version());
	assert_true(to >= 1);
	assert_int_equal(testdb_scalar(f->db, "PRAGMA user_version"), to);
	assert_int_equal(testdb_scalar(f->db,
				       "SELECT count(*) FROM sqlite_schema "
				       "WHERE name IN ('user', 'session', "
				       "'audit', 'organisation')"),
			 4);
}

static void migrate_twice_changes_nothing(void **state)
{
	struct testdb *f = *state;
	int from = -1, to = -1;
	char *before, *after;

	assert_int_equal(db_migrate(f->db, NULL, NULL), 0);
	before = schema(f->db);
	assert_int_equal(db_migrate(f->db, &from, &to), 0);
	after = schema(f->db);
	assert_int_equal(from, to);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void pragmas_are_set_on_open(void **state)
{
	struct testdb *f = *state;
	sqlite3_stmt *st = NULL;

	assert_int_equal(testdb_scalar(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(testdb_scalar(f->db, "PRAGMA synchronous"),
			 2); /* FULL */
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db),
					    "PRAGMA journal_mode", -1, &st,
					    NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
}

static void audit_rows_cannot_be_updated_or_deleted(void **state)
{
	struct testdb *f = *state;
	char *msg = NULL;

	assert_int_equal(db_migrate(f->db, NULL, NULL), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO audit (at, actor, "
					"action) VALUES (1, 'x', 'login')"),
			 0);
	assert_int_not_equal(sqlite3_exec(db_handle(f->db),
					  "UPDATE audit SET actor = 'y'", NULL,
					  NULL, &msg),
			     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(db_handle(f->db), "DELETE FROM audit",
					  NULL, NULL, &msg),
			     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_equal(testdb_scalar(f->db,
				       "SELECT count(*) FROM audit WHERE "
				       "actor = 'x'"),
			 1);
}

static const char stmt_sql[] = "SELECT ?1 + 1";

static void statement_cache_returns_same_statement_reset(void **state)
{
	struct testdb *f = *state;
	sqlite3_stmt *a = db_stmt(f->db, stmt_sql), *b;

	assert_non_null(a);
	sqlite3_bind_int(a, 1, 41);
	assert_int_equal(db_step(f->db, a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 42);
	b = db_stmt(f->db, stmt_sql);
	assert_ptr_equal(a, b);
	/* Bindings were cleared: NULL + 1 is NULL. */
	assert_int_equal(db_step(f->db, b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(b, 0), SQLITE_NULL);
	sqlite3_reset(b);
}

static const char dup_sql[] = "INSERT INTO organisation (name, kind, "
			      "created_at) VALUES ('Jobcenter Vejle', "
			      "'job_centre', 0)";
static const char bad_kind_sql[] = "INSERT INTO organisation (name, kind, "
				   "created_at) VALUES ('X', 'bakery', 0)";

static void constraint_violations_are_told_apart(void **state)
{
	struct testdb *f = *state;

	assert_int_equal(db_migrate(f->db, NULL, NULL), 0);
	assert_int_equal(db_exec_stmt(f->db, db_stmt(f->db, dup_sql)), DB_OK);
	assert_int_equal(db_exec_stmt(f->db, db_stmt(f->db, dup_sql)),
			 DB_CONSTRAINT);
	assert_int_equal(db_exec_stmt(f->db, db_stmt(f->db, bad_kind_sql)),
			 DB_CONSTRAINT);
	assert_int_equal(
		testdb_scalar(f->db, "SELECT count(*) FROM organisation"), 1);
}

static void reader_cannot_write(void **state)
{
	struct testdb *f = *state;
	struct db *r;

	assert_int_equal(db_migrate(f->db, NULL, NULL), 0);
	r = db_open(f->path, DB_READER);
	assert_non_null(r);
	assert_int_equal(db_exec(r, "INSERT INTO audit (at, actor, action) "
				    "VALUES (1, 'x', 'y')"),
			 -1);
	db_close(r);
}

static void backup_copies_everything(void **state)
{
	struct testdb *f = *state;
	char copy[160];
	struct db *c;

	assert_int_equal(db_migrate(f->db, NULL, NULL), 0);
	assert_int_equal(db_exec_stmt(f->db, db_stmt(f->db, dup_sql)), DB_OK);
	snprintf(copy, sizeof(copy), "%s/copy.db", f->dir);
	assert_int_equal(db_backup(f->db, copy), 0);
	c = db_open(copy, DB_WRITER);
	assert_non_null(c);
	assert_int_equal(testdb_scalar(c, "SELECT count(*) FROM organisation"),
			 1);
	assert_int_equal(testdb_scalar(c, "PRAGMA user_version"),
			 db_schema_version());
	db_close(c);
}

/* The checked binder: kinds declared once per statement, checked at every
 * bind (issue 12). */
static const struct db_sql bind_sql[] = {
	{"CREATE TABLE IF NOT EXISTS t (a INTEGER, b TEXT, c BLOB, d REAL)",
	 ""},
	{"INSERT INTO t (a, b, c, d) VALUES (?1, ?2, ?3, ?4)", "iTBr"},
	{"SELECT count(*) FROM t WHERE a = ?1 AND b IS ?2", "iT"},
	{"SELECT ?1 + ?2", "ii"}, /* declared right, bound wrong below */
	{"SELECT ?1", "ii"},	  /* declares more than the SQL has */
};

static void binder_checks_count_and_kinds(void **state)
{
	struct testdb *f = *state;
	sqlite3_stmt *st;

	assert_int_equal(db_exec_stmt(f->db, DB_BIND0(f->db, &bind_sql[0])),
			 DB_OK);
	assert_int_equal(DB_RUN(f->db, &bind_sql[1], DB_INT(7), DB_TEXT("sju"),
				DB_BLOB("x", 1), DB_REAL(0.5)),
			 DB_OK);
	/* Upper case takes NULL, lower case does not; a text is no blob. */
	assert_int_equal(DB_RUN(f->db, &bind_sql[1], DB_INT(8), DB_NULL,
				DB_TEXT("x"), DB_REAL(1)),
			 DB_FAIL);
	assert_int_equal(DB_RUN(f->db, &bind_sql[1], DB_INT(8), DB_NULL,
				DB_BLOB(NULL, 0), DB_REAL(1)),
			 DB_OK);
	assert_int_equal(DB_RUN(f->db, &bind_sql[1], DB_NULL, DB_TEXT("x"),
				DB_NULL, DB_REAL(1)),
			 DB_FAIL);
	st = DB_BIND(f->db, &bind_sql[2], DB_INT(7), DB_TEXT("sju"));
	assert_non_null(st);
	assert_int_equal(db_step(f->db, st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);
	st = DB_BIND(f->db, &bind_sql[2], DB_INT(8), DB_NULL);
	assert_non_null(st);
	assert_int_equal(db_step(f->db, st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);
	/* A wrong kind, too few or too many arguments, or a declaration
	 * that does not match the SQL: no statement. */
	assert_null(DB_BIND(f->db, &bind_sql[3], DB_INT(1), DB_TEXT("2")));
	assert_null(DB_BIND(f->db, &bind_sql[3], DB_INT(1)));
	assert_null(
		DB_BIND(f->db, &bind_sql[3], DB_INT(1), DB_INT(2), DB_INT(3)));
	assert_null(DB_BIND(f->db, &bind_sql[4], DB_INT(1), DB_INT(2)));
	assert_int_equal(DB_RUN(f->db, &bind_sql[3], DB_TEXT("1"), DB_INT(2)),
			 DB_FAIL);
	/* One value, no row, or a failed bind. */
	{
		int64_t v = -5;

		assert_int_equal(db_scalar(f->db,
					   DB_BIND(f->db, &bind_sql[2],
						   DB_INT(7), DB_TEXT("sju")),
					   &v),
				 0);
		assert_int_equal(v, 1);
		assert_int_equal(db_scalar(f->db, NULL, &v), -1);
		assert_int_equal(v, 0);
	}
	/* Right again after a refusal: the cached statement is clean. */
	st = DB_BIND(f->db, &bind_sql[3], DB_INT(1), DB_INT(2));
	assert_non_null(st);
	assert_int_equal(db_step(f->db, st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 3);
	sqlite3_reset(st);
}

static void finish_commits_or_rolls_back(void **state)
{
	struct testdb *f = *state;

	assert_int_equal(db_exec(f->db, "CREATE TABLE u (x INTEGER)"), 0);
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO u VALUES (1)"), 0);
	assert_int_equal(db_finish(f->db, 0), 0);
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO u VALUES (2)"), 0);
	assert_int_equal(db_finish(f->db, 422), 422);
	assert_int_equal(
		testdb_scalar(f->db, "SELECT group_concat(x) = '1' FROM u"), 1);
}

static void date_column_reads_iso_or_zero(void **state)
{
	struct testdb *f = *state;
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db),
					    "SELECT '2026-12-03', NULL, "
					    "'2026-02-30', 'x'",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(db_date(st, 0), 20790);
	assert_int_equal(db_date(st, 1), 0);
	assert_int_equal(db_date(st, 2), 0);
	assert_int_equal(db_date(st, 3), 0);
	sqlite3_finalize(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			migrate_fresh_database_reaches_newest_version, setup,
			teardown),
		cmocka_unit_test_setup_teardown(migrate_twice_changes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(pragmas_are_set_on_open, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			audit_rows_cannot_be_updated_or_deleted, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			statement_cache_returns_same_statement_reset, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			constraint_violations_are_told_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(reader_cannot_write, setup,
						teardown),
		cmocka_unit_test_setup_teardown(binder_checks_count_and_kinds,
						setup, teardown),
		cmocka_unit_test_setup_teardown(finish_commits_or_rolls_back,
						setup, teardown),
		cmocka_unit_test_setup_teardown(date_column_reads_iso_or_zero,
						setup, teardown),
		cmocka_unit_test_setup_teardown(backup_copies_everything, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
