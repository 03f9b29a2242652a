/*
 * outbox: mail to staff. outbox_queue writes a message inside the caller's
 * write transaction; a sender thread delivers queued messages over SMTP
 * (libcurl) with retries and backoff, so a mail server that is down loses
 * nothing. Messages carry no names, CPR numbers or health data: only a
 * sentence on what happened and a link to the page that says the rest.
 */
#ifndef MESTRING_OUTBOX_H
#define MESTRING_OUTBOX_H

struct db;
struct req;

#define OUTBOX_SUBJECT_MAX 200
#define OUTBOX_BODY_MAX 8000

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

/* GET /outbox (administrators): queued, failing and sent mail, without
 * the bodies. */
int outbox_page(struct req *r);

#endif
