/*
 * testdb: temporary databases for unit tests, made and removed in one
 * place so that no test leaves files behind or repeats the dance.
 */
#include "testdb.h"

#include "db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int testdb_make(struct testdb *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/mestring-test-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/t.db", t->dir);
	return 0;
}

int testdb_open(struct testdb *t, bool migrate)
{
	if (testdb_make(t) < 0)
		return -1;
	t->db = db_open(t->path, DB_WRITER);
	if (t->db == NULL || (migrate && db_migrate(t->db, NULL, NULL) < 0))
		return -1;
	return 0;
}

int testdb_remove(struct testdb *t)
{
	char path[512];
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (t->db) {
		db_close(t->db);
		t->db = NULL;
	}
	d = opendir(t->dir);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", t->dir, e->d_name);
		if (unlink(path) != 0)
			rc = -1;
	}
	closedir(d);
	return rmdir(t->dir) == 0 ? rc : -1;
}

void testdb_exec(struct db *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "");
	sqlite3_free(err);
}

int64_t testdb_scalar(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void testdb_seed_staff(struct db *db)
{
	testdb_exec(db, "INSERT INTO organisation (id, name, kind, created_at) "
			"VALUES (1, 'Jobcenter Aarhus', 'job_centre', 0), "
			"(2, 'Mestringshuset ApS', 'provider', 0)");
	testdb_exec(db, "INSERT INTO user (id, email, name, role, "
			"organisation_id, password_hash, created_at, "
			"updated_at, password_changed_at) VALUES (1, "
			"'sb@test.invalid', 'Sagsbehandler', 'caseworker', 1, "
			"'x', 0, 0, 0)");
}

int64_t testdb_count(struct db *db, const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return testdb_scalar(db, sql);
}

date_t testdb_date(const char *iso)
{
	date_t d = 0;

	assert_int_equal(date_parse_iso(iso, &d), 0);
	return d;
}
