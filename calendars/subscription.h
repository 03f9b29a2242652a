/*
 * subscription: the secret links of calendar feeds. One live token per
 * subscriber and purpose, stored as a hash (for look-up) and sealed (for
 * reprinting). The store every kind of link shares, and staff's own links
 * on /account; a participant's link is subscription_participant.h, the
 * pages are app/pages/calendar_page.c.
 */
#ifndef MESTRING_SUBSCRIPTION_H
#define MESTRING_SUBSCRIPTION_H

#include "cohort.h"
#include "result.h"

#include <stddef.h>
#include <stdint.h>

struct actor;
struct buf;
struct db;
struct form_invalid;

/* Whose schedule a link opens; the subject id is of that kind. */
enum subscription_kind {
	SUBSCRIPTION_PARTICIPANT, /* participant.id: own days and own talks */
	SUBSCRIPTION_INSTRUCTOR,  /* user.id: days of cohorts they teach */
	SUBSCRIPTION_STAFF,	  /* user.id: their own preparation talks */
	SUBSCRIPTION_COHORT,	  /* cohort.id: every day of the cohort */
	SUBSCRIPTION_EMPLOYER,	  /* internship.id: the host's view of the
				     intern's plan (subscription_employer.h) */
	SUBSCRIPTION_KIND__MAX
};

/* The kinds' names in calendar_subscription.kind and forms; NULL-ended. */
extern const char *const subscription_kind_names[SUBSCRIPTION_KIND__MAX + 1];

/* Token text: 32 random bytes in URL-safe base64 without padding. */
#define SUBSCRIPTION_TOKEN_LEN	43
#define SUBSCRIPTION_TOKEN_SIZE (SUBSCRIPTION_TOKEN_LEN + 1)
/* The https and webcal addresses of a link, with their NUL. */
#define SUBSCRIPTION_URL_MAX 400

/*
 * Finds a live subscription by its raw token (as it comes in the URL,
 * without ".ics"). 0 and *kind, *subject_id set when live; 1 when unknown,
 * malformed or revoked, or when its owner may no longer have it (a user
 * deactivated, a project leader off the cohort): the same answer, so a
 * caller cannot tell which; -1 on a database error. Never logs the token.
 */
int subscription_find(struct db *db, const char *token,
		      enum subscription_kind *kind, int64_t *subject_id);

/* The store. */

/* Whose link: kind and subject, and the user whose own link it is (0 for
 * a participant's, which staff hand to the citizen). */
struct subscription_key {
	enum subscription_kind kind;
	int64_t subject, owner;
};

/* The live token of k into token (when not NULL). 0 live, 1 none, -1 on
 * error (a sealed copy that does not open is one: logged, no value). */
int subscription_live(struct db *db, const struct subscription_key *k,
		      char token[SUBSCRIPTION_TOKEN_SIZE]);
/* How many links k ever had, live or revoked; -1 on error. */
int64_t subscription_count(struct db *db, const struct subscription_key *k);
/* The state of a link (a participant's, an employer's). */
enum subscription_state {
	SUBSCRIPTION_NONE, /* never had one: made when first shown */
	SUBSCRIPTION_LIVE,
	SUBSCRIPTION_REVOKED, /* cut off; only a rotation makes a new one */
};
/* The state of k into *state, with its live token into token (when token
 * is not NULL and it is live). 0 or -1. */
int subscription_state_of(struct db *db, const struct subscription_key *k,
			  char *token, enum subscription_state *state);
/* Revokes k's live link, if any, and makes a new one whose token goes
 * into token, by a, in w's open transaction. 0 or -1. */
int subscription_issue(struct db *w, const struct actor *a,
		       const struct subscription_key *k,
		       char token[SUBSCRIPTION_TOKEN_SIZE]);
/* Revokes k's live link by a in w's open transaction: how many (0 or 1),
 * or -1. */
int subscription_revoke(struct db *w, const struct actor *a,
			const struct subscription_key *k);

/* The https and webcal addresses of token under the configured base URL.
 * 0, or -1 when they do not fit. */
int subscription_urls(const char *token, char https[SUBSCRIPTION_URL_MAX],
		      char webcal[SUBSCRIPTION_URL_MAX]);

/*
 * The QR code (level M, 8-bit) of text as SVG path data: one rectangle per
 * run of dark modules, offset by the 4-module quiet zone, into path
 * (appended); *size gets the side of the whole symbol with its quiet zone,
 * for the viewBox. 0 or -1.
 */
int subscription_qr_path(const char *text, struct buf *path, int *size);

/* Staff's own links. */

struct subscription_own {
	struct subscription_key key;
	char name[COHORT_TEXT(200)];	     /* the cohort's, for COHORT */
	char token[SUBSCRIPTION_TOKEN_SIZE]; /* "" until it has one */
};

struct subscription_own_list {
	struct subscription_own *items;
	size_t n, cap;
};

/*
 * The feeds a has of their own, with their live tokens: everyone on staff
 * but the administrator (who holds no talks) their talks, instructors
 * their teaching days, project leaders one per cohort they lead that is
 * not cancelled or over. 0 when every one has a live link, 1 when some
 * have none yet (subscription_own_issue makes them), -1 on error. Free l
 * with subscription_own_free, also after an error.
 */
int subscription_own_load(struct db *db, const struct actor *a,
			  struct subscription_own_list *l);
/* Makes the links of l that have no token yet, each with its audit row,
 * in one transaction on w (taken by the caller). 0 or -1. */
int subscription_own_issue(struct db *w, const struct actor *a,
			   struct subscription_own_list *l);
/* Forgets the tokens and frees l's items. */
void subscription_own_free(struct subscription_own_list *l);

/*
 * Replaces a's own link of kind (INSTRUCTOR, STAFF, or COHORT with the
 * cohort's id in subject; subject is ignored for the others) with a new
 * one, audited, in one transaction on w. RESULT_OK, RESULT_REFUSED when
 * it is not a's (bad->message says so), RESULT_FAILED.
 */
enum result subscription_own_rotate(struct db *w, const struct actor *a,
				    enum subscription_kind kind,
				    int64_t subject, struct form_invalid *bad);

#endif
