/*
 * host: the internship host's link, what the host may see through it, and
 * the weekly feedback the host gives. A contact person of the host company
 * has no account: a 256-bit token (token.h) is their credential, one live
 * link per contact person and internship, so it is known who wrote what.
 * The host sees the intern's name, the company, the dates, the status, the
 * step-up plan and ONLY the agreement-guide items the citizen shared in its
 * latest version (agreement_host_view): never a CPR number, barriers,
 * diagnoses, course attendance or another intern.
 */
#ifndef MESTRING_HOST_H
#define MESTRING_HOST_H

#include "agreement.h"
#include "date.h"
#include "internship.h"
#include "result.h"
#include "stepup.h"
#include "token.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;
struct participant;

/* A host link's address under the configured base URL, with its NUL. */
#define HOST_URL_MAX 400

/* Links. */

/* What a token opens. */
enum host_link_state {
	HOST_LINK_VALID,
	HOST_LINK_EXPIRED, /* past host_link.days_after_end after the end */
	HOST_LINK_REVOKED, /* revoked, or replaced by a fresh one */
	HOST_LINK_UNKNOWN, /* malformed or never issued */
};

/*
 * A link found by its token: the internship as a host may see it (not
 * full: no purpose, tasks or reasons), the contact person it was made for,
 * and who to contact when it no longer works (the member of staff who made
 * the internship; else a consultant of the cohort).
 */
struct host_link {
	int64_t id, internship_id, contact_id, participant_id;
	char contact[INTERNSHIP_TEXT(800)]; /* the contact person's name */
	/* "vært: NAME": the host as the audit and the timeline name them. */
	char label[INTERNSHIP_TEXT(800) + 16];
	date_t expires_on; /* the last day it opens */
	int64_t created_at, revoked_at;
	struct internship internship; /* full == false */
	char staff[801], staff_email[255], staff_organisation[801];
};

/*
 * The link of token (the raw text from the URL). Returns its enum
 * host_link_state (link filled for every state but UNKNOWN, so a page can
 * say who to contact), or -1 on a database error. Never logs the token.
 */
int host_link_find(struct db *db, const char *token, struct host_link *link);

/*
 * Issues a fresh link for contact_id (an active contact person of i's
 * company) to internship i of p (loaded for a), revoking that person's
 * live one, with its audit row, in one transaction on the writer w the
 * caller holds. token gets the new token: show it once, never log it.
 * RESULT_OK, RESULT_REFUSED (a may not write p's internships; an ended
 * internship past its link's days), RESULT_INVALID (contact_id),
 * RESULT_FAILED.
 */
int host_link_issue(struct db *w, const struct actor *a,
		    const struct participant *p, const struct internship *i,
		    int64_t contact_id, char token[TOKEN_SIZE],
		    struct form_invalid *bad);
/* Revokes link_id of internship i (of p, loaded for a) when live, audited,
 * in one transaction on w. RESULT_OK, RESULT_REFUSED, RESULT_NOT_FOUND (no
 * such live link of i), RESULT_FAILED. */
int host_link_revoke(struct db *w, const struct actor *a,
		     const struct participant *p, const struct internship *i,
		     int64_t link_id, struct form_invalid *bad);

/* The links of an internship for staff, newest first. Texts live until fn
 * returns. */
struct host_link_row {
	int64_t id, contact_id;
	const char *contact, *contact_email;
	const char *created_by;		/* the member of staff's name, or "" */
	int64_t created_at, revoked_at; /* revoked_at 0: live */
	date_t expires_on;
	enum host_link_state state; /* VALID, EXPIRED or REVOKED */
};
typedef void (*host_link_fn)(void *ctx, const struct host_link_row *l);
int host_links_each(struct db *db, const struct internship *i, host_link_fn fn,
		    void *ctx);

/* The live token of contact_id's link to internship_id into token (for a
 * reminder mail). 0 live, 1 none, -1 on error. Never log it. */
int host_link_token(struct db *db, int64_t internship_id, int64_t contact_id,
		    char token[TOKEN_SIZE]);
/* The host page's address of token into url. 0, or -1 when it does not
 * fit. */
int host_link_url(const char *token, char url[HOST_URL_MAX]);
/* The last day a link to an internship ending on end opens (the rule
 * host_link.days_after_end on that day, 30 by default). */
int host_link_expiry(struct db *db, date_t end, date_t *last);

/* The host's view. */

/* The most alarm signals offered to tick (one per line of the answer). */
#define HOST_ALARMS_MAX 16

struct host_view {
	char intern[801]; /* the participant's name */
	struct stepup_plan plan;
	/* The shared items of the latest guide: answers[x] NULL when not
	 * shared (agreement.h). */
	struct agreement_host_view shared;
	/* The shared alarm signals one by one (the lines of the answer),
	 * what the feedback's boxes offer; none when not shared. */
	char *alarms[HOST_ALARMS_MAX];
	size_t nalarms;
};
/*
 * What the host of link may see (link found VALID); the internship itself
 * is link->internship. 0, or -1 (v then empty); host_view_free after
 * either. Reading it is the caller's to audit (host_view_audit).
 */
int host_view_load(struct db *db, const struct host_link *link,
		   struct host_view *v);
void host_view_free(struct host_view *v);
/* Audits a view through link as the host ("vært: NAME"), detail "side",
 * "udskrift", from client (may be NULL). Never call it holding the
 * writer. 0 or -1. */
int host_view_audit(const struct host_link *link, const char *detail,
		    const char *client);

/* Feedback. */

enum host_day_status {
	HOST_DAY_AS_PLANNED,
	HOST_DAY_FEWER_HOURS,
	HOST_DAY_SICK,
	HOST_DAY_ABSENT, /* absent without notice */
	HOST_DAY__MAX
};
/* "as_planned", "fewer_hours", "sick", "absent"; NULL-ended. */
extern const char *const host_day_names[HOST_DAY__MAX + 1];
/* "Som planlagt", "Færre timer", "Syg", "Udeblevet uden besked". */
extern const char *const host_day_labels[HOST_DAY__MAX];
/* The enum host_day_status of a name, or -1. */
int host_day_parse(const char *name);

/* The longest text of a week's feedback, in characters. */
#define HOST_TEXT_MAX 2000

/* A day of a week's feedback. */
struct host_day_input {
	date_t date;
	enum host_day_status status;
	int worked_min; /* fewer_hours: more than 0, less than planned */
};
struct host_feedback_input {
	int week; /* the plan's week, 1 .. */
	struct host_day_input days[STEPUP_DAYS];
	size_t ndays;
	int rating;	  /* 1 .. 5 */
	const char *text; /* "" or NULL: none; sealed */
	/* The shared alarm signals seen: bit k for host_view.alarms[k]. */
	unsigned alarms;
	bool call_me;
};

/*
 * Saves the week's feedback through link (found VALID; an expired or
 * revoked one is refused), replacing what the week held (its days with
 * it), with an audit row as the host, in one transaction on the writer w
 * the caller holds. Refused with nothing written: a week not yet begun (by
 * today), a day not planned (no minutes in the plan, outside the week or
 * the internship's dates, or still to come), the same day twice, fewer
 * hours not fewer than planned, a rating not 1 to 5, a text too long, an
 * alarm signal not shared. RESULT_OK with *id (may be NULL),
 * RESULT_INVALID (bad->field: "week", "day_YYYY-MM-DD", "rating", "text",
 * "alarms"), RESULT_REFUSED (the link), RESULT_FAILED.
 */
int host_feedback_save(struct db *w, const struct host_link *link,
		       const struct host_feedback_input *in, date_t today,
		       const char *client, int64_t *id,
		       struct form_invalid *bad);

/* A day the host reported. */
struct host_day_row {
	int64_t internship_id, participant_id;
	date_t date;
	enum host_day_status status;
	int planned_min, worked_min;
};

/* A week's feedback, opened. Texts live until fn returns. */
struct host_feedback_row {
	int64_t id, internship_id, contact_id, link_id;
	int week;
	date_t monday;
	const char *contact;		     /* who wrote it */
	int rating;			     /* 0: none */
	const char *text;		     /* "" when none */
	const char *alarms[HOST_ALARMS_MAX]; /* the signals seen */
	size_t nalarms;
	bool alarm, call_me;
	int64_t created_at, updated_at;
	struct host_day_row days[STEPUP_DAYS];
	size_t ndays;
};
typedef void (*host_feedback_fn)(void *ctx, const struct host_feedback_row *f);
/* The feedback of internship_id by week (oldest first). Reading it is the
 * caller's to audit (host_feedback_audit_read for staff). 0 or -1. */
int host_feedback_each(struct db *db, int64_t internship_id,
		       host_feedback_fn fn, void *ctx);
/* Audits a's read of i's feedback (detail "side", "api", "eksport").
 * Never call it holding the writer. 0 or -1. */
int host_feedback_audit_read(const struct actor *a, const struct internship *i,
			     const char *detail);

typedef void (*host_day_fn)(void *ctx, const struct host_day_row *d);
/* The days hosts reported for participant_id from from to to
 * (inclusive), by date, for attendance. 0 or -1. */
int host_days_each(struct db *db, int64_t participant_id, date_t from,
		   date_t to, host_day_fn fn, void *ctx);

#endif
