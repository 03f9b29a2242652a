/*
 * aftercare: "efterværn" by need after the internship: level 1 (continued
 * internship and mentor), 2 (internship or mentor) or 3 (other activities
 * or the caseworker's follow-up, with or without a mentor), each with a
 * period and notes (sealed), for participants who started.
 */
#ifndef MESTRING_AFTERCARE_H
#define MESTRING_AFTERCARE_H

#include "date.h"
#include "participant.h"
#include "result.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* The catalogue's three levels (2013, p. 23), 1-based; [0] is "". */
extern const char *const aftercare_level_labels[4];
/* Why there is no aftercare before the start. */
extern const char aftercare_not_started[];

/* Who sees p's periods (enterprise consultants and up), and who their
 * notes (who sees health fields). */
bool aftercare_visible(const struct participant *p);
bool aftercare_notes_visible(const struct participant *p);

/* A period; its texts live until the callback returns. */
struct aftercare_period {
	int64_t id;
	int level;		       /* 1..3; 0 for a value out of range */
	const char *start_on, *end_on; /* ISO; end "" when open */
	bool with_mentor;
	const char *actor; /* the name of who registered it */
	const char *notes; /* NULL unless the notes are visible */
};
typedef void (*aftercare_fn)(void *ctx, const struct aftercare_period *a);
/* Calls fn for each period of p (loaded for its viewer), by start, or only
 * for period id when it is not 0. 0, or -1 on error. */
int aftercare_each(struct db *db, const struct participant *p, int64_t id,
		   aftercare_fn fn, void *ctx);

struct aftercare_input {
	int level; /* 1..3 */
	date_t start_on;
	date_t end_on;	   /* 0: open */
	bool with_mentor;  /* level 1 always is */
	const char *notes; /* sealed; may be NULL */
};

/* May a add a period to p now (the citizen's caseworker or the cohort's
 * project leaders, once p started)? RESULT_OK, RESULT_REFUSED or
 * RESULT_INVALID (no field). */
int aftercare_check(const struct actor *a, const struct participant *p,
		    struct form_invalid *bad);
/* Adds in to p with its audit row in one transaction on the writer w the
 * caller holds: not ending before it starts, not starting before p did.
 * RESULT_OK with *id, RESULT_REFUSED, RESULT_INVALID or RESULT_FAILED. */
int aftercare_add(struct db *w, const struct actor *a,
		  const struct participant *p, const struct aftercare_input *in,
		  int64_t *id, struct form_invalid *bad);

#endif
