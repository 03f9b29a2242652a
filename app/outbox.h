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

#define OUTBOX_SUBJECT_MAX 200
#define OUTBOX_BODY_MAX 8000

/*
 * Queues a mail to `to` in w's open transaction; kind says what caused it
 * ("absence", "day_change"). Call outbox_wake after the commit. 0 or -1.
 */
int outbox_queue(struct db *w, const char *to, const char *kind,
		 const char *subject, const char *body);

/* Tells the sender there is new mail (cheap; safe without a sender). */
void outbox_wake(void);

/* Starts and stops the sender thread (server only). 0 or -1. */
int outbox_start(void);
void outbox_stop(void);

#endif
