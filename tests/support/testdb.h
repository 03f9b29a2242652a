/*
 * testdb: the temporary database of a unit test: a fresh folder under
 * /tmp holding t.db, opened as a writer (and migrated when asked), and
 * removed with everything in it afterwards; with small helpers to run SQL
 * on it that fail the running cmocka test when the SQL fails.
 */
#ifndef MESTRING_TESTDB_H
#define MESTRING_TESTDB_H

#include "date.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct testdb {
	char dir[64];	/* /tmp/mestring-test-XXXXXX */
	char path[128]; /* DIR/t.db */
	struct db *db;	/* the writer (testdb_open), or NULL */
};

/* Makes the folder and names the file, for tests that open it their own
 * way (db_pool_open). 0 or -1. */
int testdb_make(struct testdb *t);
/* testdb_make, then opens t->db as a writer, migrated when migrate. 0 or
 * -1. */
int testdb_open(struct testdb *t, bool migrate);
/* Closes t->db when open and removes the folder with what is in it. 0 or
 * -1. */
int testdb_remove(struct testdb *t);

/* Runs sql (one or more statements); fails the test with sql and the
 * error when it fails. */
void testdb_exec(struct db *db, const char *sql);
/* The first column of sql's first row, -1 when there is none; fails the
 * test when sql does not prepare. */
int64_t testdb_scalar(struct db *db, const char *sql);
/* testdb_scalar of the SQL that fmt makes (printf). */
int64_t testdb_count(struct db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The day of ISO text iso; fails the test when it is not one. */
date_t testdb_date(const char *iso);
/* Organisations 1 "Jobcenter Aarhus" (job centre) and 2 "Mestringshuset
 * ApS" (provider), and user 1, sb@test.invalid, a caseworker of the first:
 * what the tests of cohorts and their numbers build on. */
void testdb_seed_staff(struct db *db);

#endif
