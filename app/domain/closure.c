/*
 * closure: closure days and the two-step way they are added. Step one (a
 * date typed in, or an iCalendar URL fetched by the page) shows the new
 * days and the course days they clash with; step two (course_closures_add)
 * writes the closure days and the leader's choice for each clash in one
 * transaction, after checking the clashes again, so a stale preview can
 * never leave a day on a closed date.
 */
#include "closure.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "cohort.h"
#include "db.h"
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum closure_sql {
	CLOSURE_SQL_LIST,
	CLOSURE_SQL_ADD,
	CLOSURE_SQL_GET,
	CLOSURE_SQL_DELETE,
	CLOSURE_SQL_EXISTS,
	CLOSURE_SQL__MAX
};

static const struct db_sql closure_sql[CLOSURE_SQL__MAX] = {
	[CLOSURE_SQL_LIST] = {"SELECT id, cohort_id, date, reason, source "
			      "FROM closure_day WHERE cohort_id = ?1 ORDER BY "
			      "date",
			      "i"},
	[CLOSURE_SQL_ADD] = {"INSERT OR IGNORE INTO closure_day (cohort_id, "
			     "date, reason, source, created_at) VALUES (?1, "
			     "?2, ?3, ?4, ?5)",
			     "ittti"},
	[CLOSURE_SQL_GET] = {"SELECT id, cohort_id, date, reason, source FROM "
			     "closure_day WHERE id = ?1",
			     "i"},
	[CLOSURE_SQL_DELETE] = {"DELETE FROM closure_day WHERE id = ?1", "i"},
	[CLOSURE_SQL_EXISTS] = {"SELECT count(*) FROM closure_day WHERE "
				"cohort_id = ?1 AND date = ?2",
				"it"},
};

static void closure_read_row(sqlite3_stmt *st, struct closure *cl)
{
	cl->id = sqlite3_column_int64(st, 0);
	cl->cohort_id = sqlite3_column_int64(st, 1);
	cl->date = db_date(st, 2);
	snprintf(cl->reason, sizeof(cl->reason), "%s", db_text(st, 3));
	snprintf(cl->source, sizeof(cl->source), "%s", db_text(st, 4));
}

int closure_list(struct db *db, int64_t cohort_id, closure_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &closure_sql[CLOSURE_SQL_LIST],
				   DB_INT(cohort_id));
	struct closure cl;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		closure_read_row(st, &cl);
		fn(ctx, &cl);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int closure_get(struct db *db, const struct actor *a, int64_t id,
		struct closure *cl, struct cohort *c)
{
	sqlite3_stmt *st = DB_BIND(db, &closure_sql[CLOSURE_SQL_GET],
				   DB_INT(id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		closure_read_row(st, cl);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	return cohort_get(db, a, cl->cohort_id, c);
}

int closure_exists(struct db *db, int64_t cohort_id, date_t d)
{
	char iso[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	int rc, found = 0;

	date_format_iso(d, iso);
	st = DB_BIND(db, &closure_sql[CLOSURE_SQL_EXISTS], DB_INT(cohort_id),
		     DB_TEXT(iso));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		found = sqlite3_column_int64(st, 0) > 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? found : -1;
}

int closure_batch_add(struct closure_batch *b, date_t d, const char *reason)
{
	size_t i;
	long k;

	for (i = 0; i < b->n; i++)
		if (b->days[i].date == d)
			return 0;
	if (b->n == CLOSURE_BATCH_MAX)
		return -1;
	k = ARRAY_PUSH(b->days, b->n, b->cap);
	if (k < 0)
		return -1;
	b->days[k].date = d;
	snprintf(b->days[k].reason, sizeof(b->days[k].reason), "%s",
		 reason ? reason : "");
	return 0;
}

void closure_batch_free(struct closure_batch *b)
{
	free(b->days);
	b->days = NULL;
	b->n = b->cap = 0;
}

enum closure_action closure_choice_of(const struct closure_choice *choices,
				      size_t n, int64_t day_id, date_t *move_to)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (choices[i].day_id == day_id) {
			*move_to = choices[i].move_to;
			return choices[i].action;
		}
	return CLOSURE_NONE;
}

int closure_store(struct db *w, const struct cohort *c,
		  const struct closure_batch *b)
{
	char iso[DATE_ISO_LEN + 1];
	size_t i;

	for (i = 0; i < b->n; i++) {
		date_format_iso(b->days[i].date, iso);
		if (DB_RUN(w, &closure_sql[CLOSURE_SQL_ADD], DB_INT(c->id),
			   DB_TEXT(iso), DB_TEXT(b->days[i].reason),
			   DB_TEXT(b->source),
			   DB_INT((int64_t)time(NULL))) != DB_OK)
			return -1;
	}
	return 0;
}

int closure_delete(struct db *w, const struct actor *a, const struct cohort *c,
		   const struct closure *cl, struct form_invalid *bad)
{
	struct audit_entry e = audit_by(a, AUDIT_CLOSURE_DELETE);
	char date[DATE_ISO_LEN + 1];
	int rc = RESULT_FAILED;

	if (!cohort_may_manage(a, c)) {
		bad->field = NULL;
		snprintf(bad->message, sizeof(bad->message),
			 "Kun holdets projektledere kan ændre holdet.");
		return RESULT_REFUSED;
	}
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	date_format_iso(cl->date, date);
	e.subject_type = "cohort";
	e.subject_id = c->id;
	e.subject = c->name;
	e.detail = date;
	if (DB_RUN(w, &closure_sql[CLOSURE_SQL_DELETE], DB_INT(cl->id)) ==
		    DB_OK &&
	    audit_write(w, &e) == 0)
		rc = RESULT_OK;
	return db_finish(w, rc);
}
