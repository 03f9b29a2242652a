/*
 * participant: a citizen referred to a cohort, from referral through
 * visitation, status changes and aftercare to the outcomes. Owns who may
 * see which part of a participant (participant_access), the audit of every
 * read, search, change and export, and the encrypted CPR and health fields.
 */
#ifndef MESTRING_PARTICIPANT_H
#define MESTRING_PARTICIPANT_H

#include "cohort.h"
#include "date.h"

#include <stdbool.h>
#include <stdint.h>

struct db;
struct form;
struct form_invalid;
struct req;
struct session;
struct view;

enum participant_status {
	PARTICIPANT_REFERRED,
	PARTICIPANT_ADMITTED,
	PARTICIPANT_WAITING,
	PARTICIPANT_NOT_ADMITTED,
	PARTICIPANT_STARTED,
	PARTICIPANT_RE_REFERRED,
	PARTICIPANT_DROPPED_OUT,
	PARTICIPANT_COMPLETED,
	PARTICIPANT_STATUS__MAX
};

extern const char *const participant_status_names[PARTICIPANT_STATUS__MAX + 1];
const char *participant_status_label(enum participant_status s);
/* enum participant_status, or -1. */
int participant_status_parse(const char *name);
/* May a participant in status from be moved to status to? (Visitation
 * moves referred and waiting; the status step does the rest.) */
bool participant_transition_allowed(enum participant_status from,
				    enum participant_status to);

/*
 * What a member of staff may see of a participant, from least to most:
 * mentors their own mentees' contact details and schedule; enterprise
 * consultants also the agreement guide, talks and outcomes; the cohort's
 * instructors also the health fields and visitation; the citizen's
 * caseworker and the cohort's project leaders everything, with the CPR
 * number masked and revealed on a confirmed, stated purpose.
 */
enum participant_access {
	PARTICIPANT_ACCESS_NONE,
	PARTICIPANT_ACCESS_CONTACT,
	PARTICIPANT_ACCESS_WORK,
	PARTICIPANT_ACCESS_HEALTH,
	PARTICIPANT_ACCESS_FULL,
};

/* Things staff do to a participant; participant_may says who. */
enum participant_action {
	PARTICIPANT_EDIT,       /* contact and health fields, caseworker */
	PARTICIPANT_VISITATION, /* the cohort's instructors, project leaders */
	PARTICIPANT_STATUS,     /* + the citizen's caseworker */
	PARTICIPANT_OUTCOME,    /* caseworker, project leaders */
	PARTICIPANT_AFTERCARE,  /* caseworker, project leaders */
	PARTICIPANT_TALKS,      /* all but mentors plan; mentors their own */
	PARTICIPANT_AGREEMENT,  /* caseworker, leaders, instructors, consultants */
	PARTICIPANT_REVEAL_CPR, /* caseworker, project leaders */
	PARTICIPANT_ACTION__MAX
};

#define PARTICIPANT_NAME_MAX 200

/* Text limits are in characters; a buffer holds four bytes for each (UTF-8)
 * and the NUL. Phone numbers and e-mail addresses are ASCII. */
#define PARTICIPANT_TEXT(chars) ((chars) * 4 + 1)

struct participant {
	int64_t id, cohort_id;
	char name[PARTICIPANT_TEXT(PARTICIPANT_NAME_MAX)];
	enum participant_status status;
	int birth_year;
	char phone[41], email[255], address[PARTICIPANT_TEXT(300)];
	int64_t caseworker_id, mentor_id; /* mentor 0: none */
	char caseworker[PARTICIPANT_TEXT(200)], mentor[PARTICIPANT_TEXT(200)];
	date_t referred_on, visitation_on, started_on, ended_on; /* 0: none */
	enum participant_access access; /* of the session that loaded it */
};

/*
 * Loads participant id and its cohort for r's user. 0, or the status of
 * the 404 (not there, or not for this user: the same answer) or 500 it has
 * already sent. c may be NULL.
 */
int participant_for_request(struct req *r, int64_t id, struct participant *p,
			    struct cohort *c);
/*
 * What active user user_id may see of participant id, by the same rule as
 * participant_for_request: an enum participant_access
 * (PARTICIPANT_ACCESS_NONE for an inactive or unknown user), or -1 on
 * error. For checking a change of who holds a record before it is made.
 */
int participant_access_of(struct db *db, int64_t user_id, int64_t id);
/* May r's user do a to p (loaded with participant_for_request)? c may
 * be NULL: the rule needs only p's access and the role. */
bool participant_may(const struct req *r, const struct participant *p,
		     const struct cohort *c, enum participant_action a);
/*
 * Appends an audit row about p by r's user, inside w's transaction when w
 * is not NULL. Without w it is a read's row, written in a transaction of
 * its own that does not wait for the disk (db_begin_relaxed). purpose says
 * why (may be NULL), detail what (never CPR or health data). 0 or -1.
 */
int participant_audit(struct db *w, struct req *r, const char *action,
		      const struct participant *p, const char *purpose,
		      const char *detail);

/* The cohort's admitted places: admitted, started and completed. -1 on
 * error. */
int participant_admitted_count(struct db *db, int64_t cohort_id);

/*
 * Refers a citizen from a form (or JSON made a form) as r's user, as if on
 * day `on` (date_today() for requests; the demo plays history). 0 with
 * *id, 422 with *bad, or 500.
 */
int participant_create_from(struct req *r, const struct form *f, date_t on,
			    int64_t *id, struct form_invalid *bad);
/* Records the visitation talk and decision ("admitted", "waiting",
 * "not_admitted") from f; 0, or 422 (with *bad) or 500. *notice (may be
 * NULL) gets a Danish sentence when the decision was changed to the
 * waiting list or a warning applies. */
int participant_visitation_from(struct req *r, const struct participant *p,
				const struct cohort *c, const struct form *f,
				date_t on, struct form_invalid *bad,
				const char **notice);
/* Moves the status from f ("status", "date", "reason", "dialogue"). 0, or
 * 422 with *bad, or 500. */
int participant_status_from(struct req *r, const struct participant *p,
			    const struct cohort *c, const struct form *f,
			    date_t on, struct form_invalid *bad);
/* Records an outcome from f ("timing", "kind", "hours_per_week",
 * "other_kind", "note"). 0, 422 with *bad, or 500. */
int participant_outcome_from(struct req *r, const struct participant *p,
			     const struct cohort *c, const struct form *f,
			     date_t on, struct form_invalid *bad);

/* The cohort page's roster, capacity and group-composition hints, for
 * what r's user may see (audited as one read per participant shown). */
int participant_cohort_view(struct req *r, const struct cohort *c,
			    struct view *v);
/* The start page's panels: due six-month follow-ups. 0 or -1. */
int participant_start_view(struct req *r, struct view *v);

/* Pages. */
int participant_list_page(struct req *r);
int participant_search(struct req *r);
int participant_new_page(struct req *r);
int participant_create(struct req *r);
int participant_page(struct req *r);
int participant_edit_page(struct req *r);
int participant_update(struct req *r);
int participant_visitation(struct req *r);
int participant_set_status(struct req *r);
int participant_outcome(struct req *r);
int participant_cpr_page(struct req *r);
int participant_cpr_reveal(struct req *r);
int participant_access_page(struct req *r);

/* API. */
int participant_api_list(struct req *r);
int participant_api_create(struct req *r);
int participant_api_search(struct req *r);
int participant_api_get(struct req *r);
int participant_api_update(struct req *r);
int participant_api_visitation(struct req *r);
int participant_api_status(struct req *r);
int participant_api_outcome(struct req *r);
int participant_api_cpr(struct req *r);
int participant_api_access(struct req *r);

#endif
