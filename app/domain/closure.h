/*
 * closure: a cohort's closure days, added by hand or imported from a remote
 * iCalendar file. Course days that fall on new closure days are listed, and
 * nothing changes until the project leader has said, for each, whether it
 * is cancelled, moved or kept: course_closures_add (course.h) writes a
 * batch and those choices in one transaction.
 */
#ifndef MESTRING_CLOSURE_H
#define MESTRING_CLOSURE_H

#include "date.h"
#include "result.h"

#include <stddef.h>
#include <stdint.h>

struct actor;
struct cohort;
struct db;
struct form_invalid;

#define CLOSURE_BATCH_MAX   366
#define CLOSURE_CLASHES_MAX 8 /* course days on one date */

struct closure {
	int64_t id, cohort_id;
	date_t date;
	char reason[801];
	char source[8]; /* "manual" or "import" */
};

/* The cohort's closure days (cohort_get checked it is visible), by date.
 * 0 or -1. */
typedef void (*closure_fn)(void *ctx, const struct closure *cl);
int closure_list(struct db *db, int64_t cohort_id, closure_fn fn, void *ctx);

/*
 * Loads closure day id and (into c) its cohort, when a may see the cohort.
 * 0, 1 when there is none or a does not see it (404 either way), -1.
 */
int closure_get(struct db *db, const struct actor *a, int64_t id,
		struct closure *cl, struct cohort *c);

/* Is d a closure day of the cohort? 1, 0, or -1. */
int closure_exists(struct db *db, int64_t cohort_id, date_t d);

/* New closure days, each date once, at most CLOSURE_BATCH_MAX. */
struct closure_new {
	date_t date;
	char reason[801];
};

struct closure_batch {
	struct closure_new *days;
	size_t n, cap;
	const char *source; /* "manual" or "import" */
};

/* Adds d (a date already in b is skipped). 0, or -1 when b is full or out
 * of memory. */
int closure_batch_add(struct closure_batch *b, date_t d, const char *reason);
void closure_batch_free(struct closure_batch *b);

/* What becomes of a course day on a new closure day. */
enum closure_action {
	CLOSURE_NONE, /* not said */
	CLOSURE_CANCEL,
	CLOSURE_MOVE,
	CLOSURE_KEEP,
};

struct closure_choice {
	int64_t day_id;
	enum closure_action action;
	date_t move_to; /* CLOSURE_MOVE */
};

/* The action the first choice for day_id says, and *move_to. */
enum closure_action closure_choice_of(const struct closure_choice *choices,
				      size_t n, int64_t day_id,
				      date_t *move_to);

/* Writes b's days for cohort c in w's open transaction (a date already
 * closed stays as it was). 0 or -1. */
int closure_store(struct db *w, const struct cohort *c,
		  const struct closure_batch *b);

/* Deletes closure day cl of c as a, in its own transaction on w with the
 * audit row. RESULT_OK, RESULT_REFUSED or RESULT_FAILED. */
int closure_delete(struct db *w, const struct actor *a, const struct cohort *c,
		   const struct closure *cl, struct form_invalid *bad);

#endif
