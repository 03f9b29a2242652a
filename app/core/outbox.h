/*
 * outbox: mail to staff. outbox_queue writes a message inside the caller's
 * write transaction; a sender thread delivers queued messages over SMTP
 * (libcurl) with retries and backoff, so a mail server that is down loses
 * nothing. Messages carry no names, CPR numbers or health data: only a
 * sentence on what happened and a link to the page that says the rest.
 */
#ifndef MESTRING_OUTBOX_H
#define MESTRING_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>

struct db;

#define OUTBOX_SUBJECT_MAX 200
#define OUTBOX_BODY_MAX	   8000

/*
 * Queues a mail to `to` in w's open transaction; kind says what caused it
 * ("absence", "day_change"). Call outbox_wake after the commit. 0, or -1
 * when the database says no or an argument is unfit: `to` is not one
 * plain ASCII address, kind or subject holds CR or LF, subject or body is
 * empty or longer than the maxima (bytes). Line ends in the body may be
 * LF or CRLF.
 */
int outbox_queue(struct db *w, const char *to, const char *kind,
		 const char *subject, const char *body);

/* Tells the sender there is new mail (cheap; safe without a sender). */
void outbox_wake(void);

/*
 * Starts the sender thread (server only, after db_pool_open): it wakes on
 * outbox_wake or every few seconds and sends due mail through the
 * configured SMTP server. Without smtp_url it only warns that mail stays
 * queued. 0 or -1. outbox_stop ends a send under way and joins it.
 */
int outbox_start(void);
void outbox_stop(void);

/* The administrator's view (app/pages/outbox_page.c), without bodies. */

struct outbox_counts {
	int64_t queued;	 /* not tried yet */
	int64_t failing; /* tried and waiting for another try */
	int64_t sent;
};
/* Counts the rows into out. 0 or -1. */
int outbox_count(struct db *db, struct outbox_counts *out);

/* One row; its texts live until the callback returns. */
struct outbox_row {
	int64_t id, created_at, next_at, sent_at;
	bool sent;
	int attempts;
	const char *recipient, *kind, *last_error;
};
typedef int (*outbox_row_fn)(void *ctx, const struct outbox_row *row);
/* Calls fn for at most max rows, waiting mail first, then newest first,
 * until fn returns -1. 0, or -1 on error (or when fn stopped). */
int outbox_list(struct db *db, int64_t max, outbox_row_fn fn, void *ctx);

#endif
