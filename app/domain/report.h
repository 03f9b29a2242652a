/*
 * report: the outcome report that mirrors the evaluation catalogue's table
 * (referred, started, completed, job, education, extended internship,
 * other), per cohort and per job centre, at course end and six months
 * later; as a page, CSV and JSON. Counts and the names of cohorts and job
 * centres only, never a person.
 */
#ifndef MESTRING_REPORT_H
#define MESTRING_REPORT_H

#include <stdint.h>

struct db;
struct req;
struct session;

/* One row of the table. */
struct report_row {
	int64_t referred, started, completed;
	int64_t job, education, extended_internship, other; /* at end */
	int64_t job_6m, education_6m, extended_internship_6m, other_6m;
};

/* The numbers of cohort id (no visibility check: the caller's). 0, -1. */
int report_cohort(struct db *db, int64_t cohort_id, struct report_row *out);

int report_page(struct req *r);       /* GET /reports */
int report_csv(struct req *r);        /* GET /reports/outcomes.csv */
int report_api_cohort(struct req *r); /* GET /api/v1/cohorts/{id}/report */
int report_api(struct req *r);        /* GET /api/v1/reports */

#endif
