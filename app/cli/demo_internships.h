/*
 * demo_internships: the demo's internships. The small demo's are played
 * through the domain calls the pages use, each step as the member of
 * staff who would take it, so that every status of the timeline is there:
 * planned, trial, running, postponed, extended, ended and ended early,
 * with agreement guides, step-up plans, status meetings, hosts' links and
 * a week of host feedback that raised an alarm (and the follow-up mail it
 * queued). The national demo's go in with direct INSERTs, cheap enough
 * for scripts/bench.
 */
#ifndef MESTRING_DEMO_INTERNSHIPS_H
#define MESTRING_DEMO_INTERNSHIPS_H

#include "date.h"

#include <stdint.h>

struct db;

/* The small demo's internships, on its cohorts and companies as they are
 * today. 0, or -1 (said on stderr). */
int demo_internships_add(void);

/* What the national demo made. */
struct demo_internships_counts {
	long internships, weeks, steps;
};

/*
 * Internships for the citizens of the national demo's cohorts (ids from
 * first_cohort) whose internship phase has begun by today, at the
 * companies of the cohort's job centre, with their plan weeks and
 * timelines, in w's open transaction (committed and begun anew every
 * batch rows, as the national steps do). 0 or -1.
 */
int demo_internships_national(struct db *w, date_t today, int64_t first_cohort,
			      long batch, struct demo_internships_counts *made);

#endif
