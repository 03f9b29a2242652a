/*
 * fixtures_internship: internships for the HTTP tests, written into the
 * database directly (as the internship's own pages would make them), so
 * tests of what hangs on an internship need not go through its forms.
 */
#ifndef MESTRING_FIXTURES_INTERNSHIP_H
#define MESTRING_FIXTURES_INTERNSHIP_H

#include "harness.h"

#include <stdint.h>

/* The CVR number of the company fixture_internship places interns with. */
#define FIXTURE_COMPANY_CVR "91300028"

/*
 * A planned internship of participant at a company kept by its cohort's
 * job centre (one per job centre, made on first use), starting on the
 * Monday weeks_ahead weeks on and ending on the Friday twelve weeks later,
 * with the cohort's weekly teaching day. The new internship's id.
 */
int64_t fixture_internship(struct server *s, int64_t participant,
			   int weeks_ahead);

#endif
