/*
 * absence: absence announced ahead ("afbud") for a participant, for one
 * day or a span of days, by their instructors, caseworker, mentor or
 * project leaders; withdrawn while it is not over. The day page shows it
 * pre-filled as "announced" (attendance.h's roster). Comments may be about
 * health: sealed, and shown only to whom sees health fields.
 */
#ifndef MESTRING_ABSENCE_H
#define MESTRING_ABSENCE_H

#include "date.h"
#include "participant.h"
#include "result.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* Longest absence announced ahead, in days. */
#define ABSENCE_DAYS_MAX 60

/* Who announces absence for p (loaded for a): p's instructors, caseworker,
 * mentor and project leaders (enterprise consultants do not). */
bool absence_may_announce(const struct actor *a, const struct participant *p);
/* Why a may not. */
extern const char absence_refused[];
/* Who reads the comments: who sees p's health fields. */
bool absence_comments_visible(const struct participant *p);

struct absence_notice {
	int64_t id, participant_id;
	date_t first, last;
	char *comment; /* opened ("" for none), or NULL when not visible */
	char actor[255];
	int64_t created_at, withdrawn_at; /* withdrawn 0: not */
	char withdrawn_by[255];		  /* an e-mail, or "" */
};
void absence_notice_free(struct absence_notice *n);

/*
 * Loads notice id and (into p) its participant when a sees them: 0 (free
 * n with absence_notice_free), 1 when there is no such notice or a does
 * not see its participant (404 either way), -1 on error.
 */
int absence_get(struct db *db, const struct actor *a, int64_t id,
		struct absence_notice *n, struct participant *p);
/* Notice id of p (loaded for its viewer): 0, 1 when it is not p's or not
 * there, -1. Free n with absence_notice_free. */
int absence_of(struct db *db, const struct participant *p, int64_t id,
	       struct absence_notice *n);

/* Every notice of p (loaded for its viewer), newest first (at most 100);
 * the notice lives until the callback returns. 0 or -1. */
typedef void (*absence_fn)(void *ctx, const struct absence_notice *n);
int absence_each(struct db *db, const struct participant *p, absence_fn fn,
		 void *ctx);
/* p's notices not withdrawn that end today or later, by first day (at
 * most 20), without comments (for the participant page). 0 or -1. */
int absence_current_each(struct db *db, const struct participant *p,
			 absence_fn fn, void *ctx);

struct absence_input {
	date_t first_date;
	date_t last_date;    /* 0: first_date only */
	const char *comment; /* sealed; NULL or "" for none */
};

/*
 * Announces in for p as a, with its audit row, in one transaction on the
 * writer w the caller holds: from today or later, not ending before it
 * begins, at most ABSENCE_DAYS_MAX days, not overlapping absence already
 * announced. RESULT_OK with *id, RESULT_REFUSED, RESULT_INVALID (field
 * "first_date" or "last_date") or RESULT_FAILED.
 */
int absence_add(struct db *w, const struct actor *a,
		const struct participant *p, const struct absence_input *in,
		int64_t *id, struct form_invalid *bad);
/*
 * Withdraws notice n of p (absence_get) as a, with its audit row.
 * RESULT_OK, RESULT_REFUSED, RESULT_INVALID (no field: already withdrawn,
 * or over) or RESULT_FAILED.
 */
int absence_withdraw(struct db *w, const struct actor *a,
		     const struct participant *p,
		     const struct absence_notice *n, struct form_invalid *bad);

#endif
