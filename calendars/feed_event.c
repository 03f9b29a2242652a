/*
 * feed_event: the state and rules the event sources of one feed share.
 */
#include "feed_event.h"

#include "db.h"

#include <stdio.h>

void feed_seen(struct feed *f, int64_t t)
{
	if (t > f->last_modified)
		f->last_modified = t;
}

bool feed_keep_cancelled(struct feed *f, int64_t at)
{
	if (at + FEED_CANCELLED_KEEP >= f->now) {
		if (at + FEED_CANCELLED_KEEP + 1 < f->expires)
			f->expires = at + FEED_CANCELLED_KEEP + 1;
		return true;
	}
	feed_seen(f, at + FEED_CANCELLED_KEEP);
	return false;
}

void feed_summary(char *out, size_t len, bool cancelled, const char *text,
		  const char *suffix)
{
	snprintf(out, len, "%s%s%s%s", cancelled ? "Aflyst: " : "", text,
		 suffix && *suffix ? " – " : "", suffix ? suffix : "");
}

int feed_rows(struct feed *f, const struct db_sql *q,
	      int (*event)(struct feed *f, struct sqlite3_stmt *st))
{
	sqlite3_stmt *st = DB_BIND(f->db, q, DB_INT(f->subject));
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(f->db, st)) == SQLITE_ROW)
		if (event(f, st) < 0)
			break;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
