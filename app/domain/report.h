/*
 * report: the outcome report that mirrors the evaluation catalogue's table
 * (referred, started, completed, job, education, extended internship,
 * other), per cohort and per job centre, at course end and six months
 * later. Counts and the names of cohorts and job centres only, never a
 * person. The page, CSV and JSON are app/pages/report_page.c.
 */
#ifndef MESTRING_REPORT_H
#define MESTRING_REPORT_H

#include "date.h"

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

/* One row of the table. */
struct report_row {
	int64_t referred, started, completed;
	int64_t job, education, extended_internship, other; /* at end */
	int64_t job_6m, education_6m, extended_internship_6m, other_6m;
};

/* The numbers of a row, in the order of struct report_row. */
#define REPORT_NUMBERS 11
extern const char *const report_number_names[REPORT_NUMBERS];
void report_numbers(const struct report_row *n, int64_t out[REPORT_NUMBERS]);
/* Adds n to sum. */
void report_add(struct report_row *sum, const struct report_row *n);

/* The numbers of cohort id (no visibility check: the caller's). 0, -1. */
int report_cohort(struct db *db, int64_t cohort_id, struct report_row *out);

/* Which cohorts: not cancelled, whose internship ends in year. */
struct report_filter {
	int64_t job_centre_id; /* 0: every job centre */
	long year;	       /* 0: every year */
};

/* A cohort's row. */
struct report_item {
	int64_t cohort_id, job_centre_id;
	char cohort[801], job_centre[801]; /* 200 characters of UTF-8 */
	date_t course_end;
	struct report_row n;
};

struct report {
	struct report_item *items; /* by job centre, then first day */
	size_t n, cap;
};

/* The cohorts a sees that match f, grouped by job centre. Free with
 * report_free, also after an error. 0 or -1. */
int report_load(struct db *db, const struct actor *a,
		const struct report_filter *f, struct report *rep);
void report_free(struct report *rep);
/* The end of the job centre group starting at items[i]. */
size_t report_group_end(const struct report *rep, size_t i);

/* A job centre's totals over its cohorts. */
struct report_centre {
	int64_t id, cohorts;
	char name[801];
	struct report_row n;
};

struct report_summary {
	struct report_centre *centres; /* by name */
	size_t n, cap;
};

/* The totals of the job centres of the cohorts a sees in f's year (f's
 * job centre is not used). Free with report_summary_free, also after an
 * error. 0 or -1. */
int report_summary_load(struct db *db, const struct actor *a,
			const struct report_filter *f,
			struct report_summary *sum);
void report_summary_free(struct report_summary *sum);

/* The job centres of the cohorts a sees (not cancelled), by name. */
typedef void (*report_centre_fn)(void *ctx, int64_t id, const char *name);
int report_centres(struct db *db, const struct actor *a, report_centre_fn fn,
		   void *ctx);

/* The CSV export's audit row by a, for f and the rows exported, in its
 * own transaction on w (committed before any byte leaves). 0 or -1. */
int report_export_audit(struct db *w, const struct actor *a,
			const struct report_filter *f, size_t rows);

#endif
