/*
 * subscription_participant: a citizen's calendar link, which staff print
 * on a handout for the citizen's phone: made on first view, rotated or
 * revoked by those who work with the citizen, every read and change in
 * the citizen's audit log. The participant is one its caller loaded for
 * the actor (its access says what that actor may see).
 */
#ifndef MESTRING_SUBSCRIPTION_PARTICIPANT_H
#define MESTRING_SUBSCRIPTION_PARTICIPANT_H

#include "cohort.h"
#include "result.h"
#include "subscription.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;
struct participant;

/* May the actor p was loaded for see p's link (everyone who sees the
 * citizen's contact details)? */
bool subscription_participant_may_see(const struct participant *p);
/* May they rotate and revoke it? Mentors print the handout with the
 * citizen; those who work with the citizen's course also cut a link
 * off. See docs/security.md. */
bool subscription_participant_may_manage(const struct participant *p);

/* The state of p's link into *state, without its token and unaudited
 * (the participant page says whether there is one). 0 or -1. */
int subscription_participant_state(struct db *db, const struct participant *p,
				   enum subscription_state *state);

/*
 * The token of p's link for a to see. A live link's token into token with
 * *state SUBSCRIPTION_LIVE, or *state SUBSCRIPTION_REVOKED (token
 * untouched): 0, with a's read in the audit log (detail says where:
 * "handout", "api"). 1 when p never had a link: the caller takes the
 * writer and calls subscription_participant_create. -1 on error.
 */
int subscription_participant_read(struct db *db, const struct actor *a,
				  const struct participant *p,
				  const char *detail,
				  char token[SUBSCRIPTION_TOKEN_SIZE],
				  enum subscription_state *state);
/*
 * Makes p's first link by a, audited as created, in one transaction on w
 * (taken by the caller); when another request has made it meanwhile, its
 * token, audited as read. 0 with the token, or -1.
 */
int subscription_participant_create(struct db *w, const struct actor *a,
				    const struct participant *p,
				    const char *detail,
				    char token[SUBSCRIPTION_TOKEN_SIZE]);

/*
 * Replaces p's link (live, revoked or none) with a new one whose token goes
 * into token, audited, in one transaction on w. RESULT_OK, RESULT_REFUSED
 * (bad->message says why), RESULT_FAILED.
 */
enum result subscription_participant_rotate(struct db *w, const struct actor *a,
					    const struct participant *p,
					    char token[SUBSCRIPTION_TOKEN_SIZE],
					    struct form_invalid *bad);
/* Cuts p's live link off, audited, in one transaction on w; a link
 * already revoked stays as it is, unaudited. As rotate answers. */
enum result subscription_participant_revoke(struct db *w, const struct actor *a,
					    const struct participant *p,
					    struct form_invalid *bad);

/* What the handout prints besides the link: the cohort and its venue. */
struct subscription_handout {
	char cohort_name[COHORT_TEXT(200)];
	char venue_name[COHORT_TEXT(200)], venue_address[COHORT_TEXT(300)];
};

/* The handout's place of p's cohort, read without the cohort rule: a
 * mentor helps a mentee whose cohort they do not staff. 0 (texts "" when
 * there is no such cohort) or -1. */
int subscription_participant_handout(struct db *db, const struct participant *p,
				     struct subscription_handout *out);

#endif
