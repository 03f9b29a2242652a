/*
 * course: the writes that span nouns, each in one transaction on the
 * writer connection the caller holds (db_writer_lock), shared by pages,
 * API and the demo: a cohort saved with its rebuilt course days and
 * refreshed attendance flags; a course day changed or added, with its
 * history and the 48-hour notice mail; closure days added with what
 * becomes of the course days on them. Each returns an enum result
 * (result.h) with *bad filled when it is not RESULT_OK or RESULT_FAILED.
 */
#ifndef MESTRING_COURSE_H
#define MESTRING_COURSE_H

#include "closure.h"
#include "cohort.h"
#include "day.h"
#include "result.h"

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/*
 * Creates the cohort in says (a project leader of one of its two
 * organisations), its target group (the catalogue's example when none is
 * given), a as its first project leader, its course days from the plan,
 * and the audit row. *id gets the new cohort's. RESULT_OK,
 * RESULT_INVALID (cohort_check's rules), RESULT_REFUSED or RESULT_FAILED.
 */
int course_cohort_create(struct db *w, const struct actor *a,
			 const struct cohort_input *in, int64_t *id,
			 struct form_invalid *bad);

/*
 * Changes cohort old (loaded by cohort_get) to what in says: the row, the
 * target group when given, the course days rebuilt when the plan changed,
 * the attendance flags refreshed when the triggers changed, and the audit
 * row. Places below the admitted participants are refused. RESULT_OK,
 * RESULT_INVALID, RESULT_REFUSED (not a's to manage) or RESULT_FAILED.
 */
int course_cohort_update(struct db *w, const struct actor *a,
			 const struct cohort *old,
			 const struct cohort_input *in,
			 struct form_invalid *bad);

/*
 * Applies e to day d of cohort c (both loaded by day_get): the day, its
 * history, the audit row and, when the day is within 48 hours, the notice
 * mail (the outbox is woken after the commit). Nothing is written when e
 * changes nothing. RESULT_OK, RESULT_INVALID (bad->message: day.c's rules;
 * no field), RESULT_REFUSED or RESULT_FAILED.
 */
int course_day_change(struct db *w, const struct actor *a,
		      const struct cohort *c, const struct day *d,
		      const struct day_edit *e, struct form_invalid *bad);

/* Adds the day in to cohort c with its history and audit rows; *id gets
 * the day's. RESULT_OK, RESULT_INVALID (no field), RESULT_REFUSED or
 * RESULT_FAILED. */
int course_day_add(struct db *w, const struct actor *a, const struct cohort *c,
		   const struct day_input *in, int64_t *id,
		   struct form_invalid *bad);

/*
 * Adds b's closure days to cohort c and does, to every active course day
 * on one of them, what choices[0..n) say (closure_choice_of), checking
 * each move or cancellation as course_day_change does, with the audit row;
 * all or nothing. RESULT_OK, RESULT_INVALID (field "resolutions": a day
 * without a choice, or a choice day.c's rules refuse), RESULT_REFUSED or
 * RESULT_FAILED.
 */
int course_closures_add(struct db *w, const struct actor *a,
			const struct cohort *c, const struct closure_batch *b,
			const struct closure_choice *choices, size_t n,
			struct form_invalid *bad);

#endif
