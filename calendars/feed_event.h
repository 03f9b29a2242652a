/*
 * feed_event: what the event sources of a feed share while one feed is
 * rendered (calendars/feed.c for course days and talks,
 * calendars/feed_internship.c for internships): the feed being built, the
 * newest change seen, and the rule that keeps a cancelled event visible
 * for a while. Not for use outside the feed modules.
 */
#ifndef MESTRING_FEED_EVENT_H
#define MESTRING_FEED_EVENT_H

#include "subscription.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct db_sql;
struct sqlite3_stmt;

/* A cancelled event stays in the feed this long after the change, so
 * subscribers see it cancelled rather than silently gone. */
#define FEED_CANCELLED_KEEP (30 * 86400)

/* One feed being built. */
struct feed {
	struct db *db;
	enum subscription_kind kind;
	int64_t subject;
	struct buf *out;
	char host[256]; /* the right-hand side of every UID */
	int64_t now;
	int64_t last_modified;
	int64_t expires; /* when the bytes change with no row changing */
};

/* t is a change of the feed: Last-Modified is at least t. */
void feed_seen(struct feed *f, int64_t t);
/*
 * Should an event cancelled at `at` still be shown? Once its 30 days are
 * over it leaves the feed, and that moment counts as a change of the feed
 * so Last-Modified never goes back.
 */
bool feed_keep_cancelled(struct feed *f, int64_t at);
/* "[Aflyst: ]text[ – suffix]" into out. */
void feed_summary(char *out, size_t len, bool cancelled, const char *text,
		  const char *suffix);
/* Runs q with ?1 the feed's subject, event for every row (stopping at
 * the first that fails). 0 or -1. */
int feed_rows(struct feed *f, const struct db_sql *q,
	      int (*event)(struct feed *f, struct sqlite3_stmt *st));

#endif
