/*
 * demo_marks: attendance marks on the demo's past course days, as their
 * instructors would have made them, written directly in the caller's
 * transaction (the attendance module has no actor-based write yet). Both
 * scales use it; the same marks come out every run.
 */
#ifndef MESTRING_DEMO_MARKS_H
#define MESTRING_DEMO_MARKS_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/*
 * Marks every past, not cancelled course day of the cohorts from
 * first_cohort on, in w's open transaction, and counts the marks in
 * *marks. With leave_one, the most recent day of the first running cohort
 * stays unmarked, so the demo shows "attendance not taken". 0 or -1.
 */
int demo_marks_add(struct db *w, int64_t first_cohort, bool leave_one,
		   long *marks);

#endif
