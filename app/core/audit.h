/*
 * audit: the append-only record of who did what to whom, when and why.
 * Rows are written inside the caller's write transaction, so a change and
 * its audit row commit together or not at all.
 */
#ifndef MESTRING_AUDIT_H
#define MESTRING_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

/*
 * Every kind of audit row: its name in the database and the API (stable:
 * rows written years ago keep it) and the Danish words a citizen's access
 * log shows. A new action is a new line here.
 */
enum audit_action {
	AUDIT_LOGIN,
	AUDIT_LOGIN_FAILED,
	AUDIT_LOGIN_THROTTLED,
	AUDIT_LOGOUT,
	AUDIT_PASSWORD_CHANGE,
	AUDIT_PASSWORD_CHANGE_FAILED,
	AUDIT_PASSWORD_CONFIRM,
	AUDIT_PASSWORD_CONFIRM_FAILED,
	AUDIT_USER_CREATE,
	AUDIT_USER_UPDATE,
	AUDIT_USER_ACTIVATE,
	AUDIT_USER_DEACTIVATE,
	AUDIT_USER_PASSWORD_RESET,
	AUDIT_ORGANISATION_CREATE,
	AUDIT_ORGANISATION_UPDATE,
	AUDIT_COHORT_CREATE,
	AUDIT_COHORT_UPDATE,
	AUDIT_COHORT_STATUS,
	AUDIT_COHORT_STAFF_ADD,
	AUDIT_COHORT_STAFF_REMOVE,
	AUDIT_DAY_CHANGE,
	AUDIT_CLOSURE_ADD,
	AUDIT_CLOSURE_DELETE,
	AUDIT_COMPANY_CREATE,
	AUDIT_COMPANY_UPDATE,
	AUDIT_COMPANY_CONTACT,
	AUDIT_CALENDAR_CREATE,
	AUDIT_CALENDAR_READ,
	AUDIT_CALENDAR_ROTATE,
	AUDIT_CALENDAR_REVOKE,
	AUDIT_ATTENDANCE_EXPORT,
	AUDIT_REPORT_EXPORT,
	AUDIT_FEEDBACK_EXPORT,
	AUDIT_PARTICIPANT_READ,
	AUDIT_PARTICIPANT_LIST,
	AUDIT_PARTICIPANT_SEARCH,
	AUDIT_PARTICIPANT_CREATE,
	AUDIT_PARTICIPANT_UPDATE,
	AUDIT_PARTICIPANT_DUPLICATE_REFUSED,
	AUDIT_PARTICIPANT_VISITATION,
	AUDIT_PARTICIPANT_STATUS,
	AUDIT_PARTICIPANT_OUTCOME,
	AUDIT_PARTICIPANT_CPR_REVEAL,
	AUDIT_PARTICIPANT_ACCESS_LOG,
	AUDIT_PARTICIPANT_EXPORT,
	AUDIT_PARTICIPANT_TALK_ADD,
	AUDIT_PARTICIPANT_TALK_UPDATE,
	AUDIT_PARTICIPANT_TALK_READ,
	AUDIT_PARTICIPANT_AGREEMENT_SAVE,
	AUDIT_PARTICIPANT_AGREEMENT_READ,
	AUDIT_PARTICIPANT_AFTERCARE_ADD,
	AUDIT_PARTICIPANT_AFTERCARE_READ,
	AUDIT_PARTICIPANT_ATTENDANCE_MARK,
	AUDIT_PARTICIPANT_ATTENDANCE_CORRECT,
	AUDIT_PARTICIPANT_ATTENDANCE_READ,
	AUDIT_PARTICIPANT_ABSENCE_ADD,
	AUDIT_PARTICIPANT_ABSENCE_WITHDRAW,
	AUDIT_PARTICIPANT_ABSENCE_READ,
	AUDIT_PARTICIPANT_INTERNSHIP_READ,
	AUDIT_PARTICIPANT_INTERNSHIP_ADD,
	AUDIT_PARTICIPANT_INTERNSHIP_UPDATE,
	AUDIT_PARTICIPANT_INTERNSHIP_STATUS,
	AUDIT_PARTICIPANT_PLAN_UPDATE,
	AUDIT_PARTICIPANT_HOST_LINK_ISSUE,
	AUDIT_PARTICIPANT_HOST_LINK_REVOKE,
	AUDIT_PARTICIPANT_HOST_VIEW,
	AUDIT_PARTICIPANT_HOST_FEEDBACK,
	AUDIT_PARTICIPANT_HOST_FEEDBACK_READ,
	AUDIT_PARTICIPANT_HOST_ALERT_SEEN,
	AUDIT_DEMO_NATIONAL,
	AUDIT__MAX
};

const char *audit_action_name(enum audit_action a);  /* "participant.read" */
const char *audit_action_label(enum audit_action a); /* "Så borgerens ..." */
/* The action a stored name stands for, or -1. */
int audit_action_parse(const char *name);
/* The label of a stored name; the name itself when it is unknown. */
const char *audit_label_of(const char *name);

struct audit_entry {
	int64_t actor_id;	  /* 0: no logged-in actor */
	const char *actor;	  /* e-mail, "system", or a failed login's */
	const char *action;	  /* "login", "user.create", ... */
	const char *subject_type; /* "user", "organisation", ... or NULL */
	int64_t subject_id;	  /* 0: none */
	const char *subject;	  /* a readable label, or NULL */
	const char *purpose;	  /* why, when the action needs a reason */
	const char *detail;	  /* what changed, without special data */
	const char *client;	  /* remote address, or NULL */
	const char *note; /* free text that may name people: stored sealed
			     (secret.h), shown only with the citizen's record */
};

/* An entry of action by a (its user, e-mail and client address). */
struct audit_entry audit_by(const struct actor *a, enum audit_action action);
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

/* Reading the log back (the administrator's page and API). */

/* What to list: empty texts and zeros match everything. */
struct audit_filter {
	const char *actor;	  /* part of the actor, literally */
	const char *action;	  /* an action, or its group ("participant") */
	const char *subject;	  /* part of the subject, literally */
	const char *subject_type; /* exactly */
	int64_t subject_id;
	int64_t from, to; /* at >= from, at < to (Unix seconds) */
	int64_t before;	  /* rows with a smaller id (the next page) */
	int64_t limit;	  /* at most this many rows */
};

/* One row; its texts ("" when NULL) live until the callback returns. */
struct audit_row {
	int64_t id, at, subject_id;
	bool has_subject_id;
	const char *actor, *action, *subject_type, *subject, *purpose, *detail,
		*client;
};

typedef int (*audit_row_fn)(void *ctx, const struct audit_row *row);
/* Calls fn for each row f matches, newest first, until fn returns -1.
 * The rows seen, or -1 on error (or when fn stopped). */
int audit_list(struct db *db, const struct audit_filter *f, audit_row_fn fn,
	       void *ctx);

#endif
