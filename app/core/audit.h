/*
 * audit: the append-only record of who did what to whom, when and why.
 * Rows are written inside the caller's write transaction, so a change and
 * its audit row commit together or not at all.
 */
#ifndef MESTRING_AUDIT_H
#define MESTRING_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct req;

struct audit_entry {
	int64_t actor_id;         /* 0: no logged-in actor */
	const char *actor;        /* e-mail, "system", or a failed login's */
	const char *action;       /* "login", "user.create", ... */
	const char *subject_type; /* "user", "organisation", ... or NULL */
	int64_t subject_id;       /* 0: none */
	const char *subject;      /* a readable label, or NULL */
	const char *purpose;      /* why, when the action needs a reason */
	const char *detail;       /* what changed, without special data */
	const char *client;       /* remote address, or NULL */
	const char *note; /* free text that may name people: stored sealed
	                     (secret.h), shown only with the citizen's record */
};

/* An entry with the actor and client of r (anonymous when logged out). */
struct audit_entry audit_for(const struct req *r, const char *action);
/* Appends e. 0 or -1. */
int audit_write(struct db *w, const struct audit_entry *e);
/*
 * Records the reads e[0..n-1]: a read counts on the row of the same actor,
 * action, subject and detail in the same hour (first time in `at`, the
 * latest in `last_at`, how many in `count`), so browsing does not fill the
 * disk. They are committed together with other
 * threads' reads in one transaction that does not wait for the disk
 * (group commit; see db_begin_relaxed). Returns once they are committed:
 * 0, or -1 when they could not be. Takes the writer lock: never call it
 * holding the writer.
 */
int audit_write_reads(const struct audit_entry *e, size_t n);

/* GET /audit and GET /api/v1/audit: filtered, newest first. */
int audit_page(struct req *r);
int audit_api_list(struct req *r);

#endif
