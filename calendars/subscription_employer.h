/*
 * subscription_employer: the employer's calendar link of an internship,
 * for the host company's contact person: the intern's planned days and
 * hours, the weekly teaching day and the status meetings (the feed is
 * calendars/feed_internship.c). Made, read, renewed and revoked by staff
 * who may write the internship (internship_may_write); every read and
 * change in the citizen's audit log. The internship and its participant
 * are ones the caller loaded for the actor (internship_get).
 */
#ifndef MESTRING_SUBSCRIPTION_EMPLOYER_H
#define MESTRING_SUBSCRIPTION_EMPLOYER_H

#include "result.h"
#include "subscription.h"
#include "subscription_participant.h"

#include <stdbool.h>

struct actor;
struct db;
struct form_invalid;
struct internship;
struct participant;

/* May a see and change i's employer link (p: i's participant, loaded for
 * a)? Those who may write the internship. */
bool subscription_employer_may(const struct actor *a,
			       const struct participant *p);

/* The state of i's link (none, live, revoked), unread and unaudited: the
 * internship page says whether there is one. 0 or -1. */
int subscription_employer_state(struct db *db, const struct internship *i,
				enum subscription_state *state);

/*
 * The token of i's live link for a to see, audited as a read of p with
 * detail ("page", "api"): 0 with the token and *state LIVE, or 0 with
 * *state REVOKED or NONE (token untouched, nothing audited). -1 on error.
 * The caller has checked subscription_employer_may.
 */
int subscription_employer_read(struct db *db, const struct actor *a,
			       const struct participant *p,
			       const struct internship *i, const char *detail,
			       char token[SUBSCRIPTION_TOKEN_SIZE],
			       enum subscription_state *state);
/*
 * Makes i's link by a when none is live (never had one, or revoked),
 * audited as created; when another request made one meanwhile, its token,
 * audited as read. One transaction on w (taken by the caller). RESULT_OK
 * with the token, RESULT_REFUSED (bad->message says why), RESULT_FAILED.
 */
enum result subscription_employer_open(struct db *w, const struct actor *a,
				       const struct participant *p,
				       const struct internship *i,
				       const char *detail,
				       char token[SUBSCRIPTION_TOKEN_SIZE],
				       struct form_invalid *bad);
/* Replaces i's link (live, revoked or none) with a new one, audited, in
 * one transaction on w. As subscription_employer_open answers. */
enum result subscription_employer_rotate(struct db *w, const struct actor *a,
					 const struct participant *p,
					 const struct internship *i,
					 char token[SUBSCRIPTION_TOKEN_SIZE],
					 struct form_invalid *bad);
/* Cuts i's live link off, audited, in one transaction on w; a link
 * already revoked or never made stays as it is, unaudited. RESULT_OK,
 * RESULT_REFUSED, RESULT_FAILED. */
enum result subscription_employer_revoke(struct db *w, const struct actor *a,
					 const struct participant *p,
					 const struct internship *i,
					 struct form_invalid *bad);

#endif
