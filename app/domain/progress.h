/*
 * progress: a participant's way through the course after the referral:
 * the visitation talk and its decision (admitted, the waiting list when the
 * places are taken, or not admitted), the status steps (started, completed,
 * re-referred, dropped out) with their history, and the outcomes at the
 * end and six months later.
 */
#ifndef MESTRING_PROGRESS_H
#define MESTRING_PROGRESS_H

#include "cohort.h"
#include "date.h"
#include "participant.h"
#include "result.h"

#include <stddef.h>

struct actor;
struct db;
struct form_invalid;

/* The stored names, NULL-terminated, and labels of the visitation's
 * decisions and of the outcomes' timings, kinds and kinds of "other". */
extern const char *const progress_decisions[];
extern const char *const progress_timings[];
extern const char *const progress_timing_labels[];
extern const char *const progress_outcome_kinds[];
extern const char *const progress_outcome_labels[];
extern const char *const progress_other_kinds[];
extern const char *const progress_other_labels[];

/* What the page says about where an admission landed, for the user. */
#define PROGRESS_NOTICE_LEN 256

struct progress_visitation {
	date_t date;	    /* of the talk; 0: the day of the call */
	const char *notes;  /* may be NULL */
	int decision;	    /* index in progress_decisions */
	const char *reason; /* required for "not_admitted"; may be NULL */
};

/*
 * Whether a may record p's visitation now (p referred or on the waiting
 * list). RESULT_OK, RESULT_REFUSED or RESULT_INVALID (field "decision").
 */
int progress_visit_check(const struct actor *a, const struct participant *p,
			 struct form_invalid *bad);
/*
 * Records the visitation of p (c its cohort) as a on day on, in one
 * transaction on the writer w the caller holds: an admission lands on the
 * waiting list when the cohort's places are taken (notice says so, and
 * when the group grows past 10), and is refused past 16. notice (may be
 * NULL) gets "" or a sentence. RESULT_OK, RESULT_REFUSED, RESULT_INVALID
 * or RESULT_FAILED.
 */
int progress_visit(struct db *w, const struct actor *a,
		   const struct participant *p, const struct cohort *c,
		   const struct progress_visitation *in, date_t on,
		   char notice[PROGRESS_NOTICE_LEN], struct form_invalid *bad);

struct progress_step {
	int status;	      /* enum participant_status */
	date_t date;	      /* 0: the day of the call */
	const char *reason;   /* may be NULL */
	const char *dialogue; /* "citizen,caseworker": who took part */
};

/*
 * Moves p (c its cohort) to in->status as a on day on, with the history
 * and audit rows, in one transaction on w. A status changed meanwhile by
 * someone else is refused (field "status"). RESULT_OK, RESULT_REFUSED,
 * RESULT_INVALID or RESULT_FAILED.
 */
int progress_step(struct db *w, const struct actor *a,
		  const struct participant *p, const struct cohort *c,
		  const struct progress_step *in, date_t on,
		  struct form_invalid *bad);

struct progress_outcome {
	int timing;	  /* index in progress_timings: 0 end, 1 six months */
	int kind;	  /* index in progress_outcome_kinds */
	int hours;	  /* a job's hours per week; 0: not given */
	int other_kind;	  /* index in progress_other_kinds; -1: not given */
	const char *note; /* sealed; may be NULL */
};

/* Records (or replaces) p's outcome of in->timing as a on day on, with the
 * audit row. RESULT_OK, RESULT_REFUSED, RESULT_INVALID or RESULT_FAILED. */
int progress_outcome(struct db *w, const struct actor *a,
		     const struct participant *p, const struct cohort *c,
		     const struct progress_outcome *in, date_t on,
		     struct form_invalid *bad);

#endif
