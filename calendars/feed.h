/*
 * feed: the iCalendar feeds that participants and staff subscribe to,
 * built from a list of event sources (course days, preparation talks, and
 * later internship days and mentor appointments), and kept rendered with
 * their validators per reader connection, so a calendar client polling an
 * unchanged schedule costs next to nothing. The handler that serves them
 * by token is app/pages/feed_page.c.
 */
#ifndef MESTRING_FEED_H
#define MESTRING_FEED_H

#include "subscription.h"

#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct feed_answer;

/*
 * Builds the feed body of (kind, subject_id) into out (appended; the caller
 * owns out) and sets *last_modified (may be NULL) to the newest change time
 * of its rows, in Unix seconds (0 for an empty feed). The same rows give the
 * same bytes. Returns 0, or -1 on a database error or when out failed. A
 * subject that does not exist gives an empty calendar, not an error.
 */
int feed_build(struct db *db, enum subscription_kind kind, int64_t subject_id,
	       struct buf *out, int64_t *last_modified);

/* A feed ready to send, with its validators. */
struct feed_reply {
	const char *body;
	size_t len;
	const char *etag;      /* a quoted strong entity tag of the body */
	int64_t last_modified; /* Unix seconds */
	/* ETag, Last-Modified (IMF-fixdate) and Cache-Control (clients may
	 * keep a feed five minutes) as header lines, each ended by CRLF */
	const char *headers;
	struct feed_answer *own; /* private: not kept in a cache */
};

/*
 * The feed of (kind, subject) as reader db sees it: the rendering kept
 * with db while no commit has happened anywhere since (SQLite's data
 * version) and no cancelled event has left it, else rendered afresh in
 * one read transaction and kept (a few per reader, the least recently used
 * goes). A reader serves one request at a time, so no lock. *out points
 * into what db keeps, valid until the next feed_get on db; end it with
 * feed_reply_free. 0, or -1 (a database error; *out then holds nothing).
 */
int feed_get(struct db *db, enum subscription_kind kind, int64_t subject,
	     struct feed_reply *out);
/* Frees what *out holds of its own (nothing when it came from a cache). */
void feed_reply_free(struct feed_reply *out);

#endif
