/*
 * referral: a citizen referred to a cohort, and the changes to the record
 * afterwards: contact details, caseworker and mentor, the CPR number
 * (sealed, and hashed so a citizen is never twice on a cohort or on two at
 * once) and the health fields with the target-group answers (sealed).
 */
#ifndef MESTRING_REFERRAL_H
#define MESTRING_REFERRAL_H

#include "cohort.h"
#include "participant.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* An answer to target-group criterion number i + 1: "yes", "no" or ""
 * (not answered), and a note of one line of at most 500 characters. */
struct referral_answer {
	const char *answer, *note; /* NULL: unchanged */
};

/*
 * A referral, or a change of a participant's record, as a reader made it
 * (texts are the caller's, already trimmed and checked field by field).
 * NULL or 0 leaves a field as it is: a referral's starting point is empty,
 * with a caseworker who refers as its caseworker.
 */
struct referral_input {
	int64_t cohort_id; /* a referral's; a change's only when given */
	const char *name;
	/* A CPR number as cpr_parse reads it (the birth year is its); NULL
	 * or "": not given. */
	const char *cpr;
	const char *phone, *email, *address;
	int64_t caseworker_id;
	int64_t mentor_id; /* -1: unchanged, 0: none */
	/* The health fields. barriers: values of participant_barrier_names,
	 * when barriers_given (an empty list clears them). */
	const char *barrier_other, *substance, *reason, *wishes;
	bool barriers_given;
	const char *const *barriers;
	size_t nbarriers;
	/* The target-group answers by number - 1; criteria_top is the
	 * highest number given (0: none, and a change keeps the old). */
	long long criteria_top;
	struct referral_answer criteria[COHORT_CRITERIA_MAX];
};

/*
 * Why a may not refer citizens to c on day on (a Danish sentence), or
 * NULL when they may: project leaders of the cohort and caseworkers, while
 * it is open for referral and teaching has not begun.
 */
const char *referral_closed(const struct actor *a, const struct cohort *c,
			    date_t on);
/*
 * The cohort of a referral: cohort_id as a sees it, open to a on day on.
 * RESULT_OK with *c, RESULT_INVALID (field "cohort_id") or RESULT_FAILED.
 */
int referral_cohort(struct db *db, const struct actor *a, int64_t cohort_id,
		    date_t on, struct cohort *c, struct form_invalid *bad);

/*
 * Refers the citizen in describes to in->cohort_id as a, as if on day on
 * (date_today() for requests; the demo plays history): the record, its
 * first status row and the audit row, in one transaction on the writer w
 * the caller holds. A citizen already on that cohort or on one of the same
 * period is refused (field "cpr"), and that refusal is audited on the
 * other referral's record. RESULT_OK with *id, RESULT_INVALID or
 * RESULT_FAILED.
 */
int referral_create(struct db *w, const struct actor *a,
		    const struct referral_input *in, date_t on, int64_t *id,
		    struct form_invalid *bad);
/*
 * Changes p (loaded for a; c its cohort) as in says, over the record as it
 * is inside the transaction (a change made meanwhile is built on, not
 * written over), with the audit row. RESULT_OK, RESULT_REFUSED (not a's to
 * edit), RESULT_INVALID or RESULT_FAILED.
 */
int referral_change(struct db *w, const struct actor *a,
		    const struct participant *p, const struct cohort *c,
		    const struct referral_input *in, struct form_invalid *bad);

/* Who the form offers: the active caseworkers of the cohort's job centre,
 * and the cohort's active mentors, by name. */
typedef void (*referral_person_fn)(void *ctx, int64_t id, const char *name);
int referral_caseworkers_each(struct db *db, int64_t cohort_id,
			      referral_person_fn fn, void *ctx);
int referral_mentors_each(struct db *db, int64_t cohort_id,
			  referral_person_fn fn, void *ctx);

#endif
