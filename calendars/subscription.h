/*
 * subscription: the secret links of calendar feeds. One live token per
 * subscriber and purpose, stored as a hash (for look-up) and sealed (for
 * reprinting); the participant's printable handout with its QR code, rotate
 * and revoke, and staff's own links on /account. (The 48-hour change mail
 * is the domain's: day_notice.h.)
 */
#ifndef MESTRING_SUBSCRIPTION_H
#define MESTRING_SUBSCRIPTION_H

#include "feed.h"

#include <stdbool.h>
#include <stdint.h>

struct buf;
struct db;
struct participant;
struct req;
struct view;

/* Token text: 32 random bytes in URL-safe base64 without padding. */
#define SUBSCRIPTION_TOKEN_LEN 43

/*
 * Finds a live subscription by its raw token (as it comes in the URL,
 * without ".ics"). 0 and *kind, *subject_id set when live; 1 when unknown,
 * malformed or revoked, or when its owner may no longer have it (a user
 * deactivated, a project leader off the cohort): the same answer, so a
 * caller cannot tell which; -1 on a database error. Never logs the token.
 */
int subscription_find(struct db *db, const char *token, enum feed_kind *kind,
		      int64_t *subject_id);

/*
 * The QR code (level M, 8-bit) of text as SVG path data: one square per
 * dark module, offset by the 4-module quiet zone, into path (appended);
 * *size gets the side of the whole symbol with its quiet zone, for the
 * viewBox. 0 or -1.
 */
int subscription_qr_path(const char *text, struct buf *path, int *size);

/* The participant page's "Kalender" panel: whether there is a live link
 * and what r's user may do with it. 0 or -1. */
int subscription_participant_view(struct req *r, const struct participant *p,
				  struct view *v);
/* The account page's "Kalenderabonnement" section: r's user's own feeds,
 * each made on first view. 0 or -1. */
int subscription_account_view(struct req *r, struct view *v);

/* Pages: the handout, rotate and revoke of a participant's link. */
int subscription_handout(struct req *r);
int subscription_rotate(struct req *r);
int subscription_revoke(struct req *r);
/* POST /account/calendar/rotate: one of r's user's own links. */
int subscription_account_rotate(struct req *r);

/* API: {"https", "webcal"} of a participant's link; rotate; revoke. */
int subscription_api_get(struct req *r);
int subscription_api_rotate(struct req *r);
int subscription_api_revoke(struct req *r);

#endif
