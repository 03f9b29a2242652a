/*
 * cohort_load: the cohort of a request's path for its handler, answered
 * as every cohort handler answers a cohort that is not there (404), not
 * the user's to change (403) or not readable (500).
 */
#ifndef MESTRING_COHORT_LOAD_H
#define MESTRING_COHORT_LOAD_H

#include <stdbool.h>
#include <stdint.h>

struct cohort;
struct req;

/*
 * Loads cohort id for r's user (cohort_get); when manage, only for a
 * project leader who may change it (cohort_may_manage). 0, or the status
 * of the 404, 403 or 500 it has already answered.
 */
int cohort_load(struct req *r, int64_t id, struct cohort *c, bool manage);

/* The 403 of a cohort that is not the user's to change. */
int cohort_load_refuse(struct req *r);

#endif
