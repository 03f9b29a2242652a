/*
 * report: the catalogue's table 1 (referred, started, completed and the
 * outcomes at course end and six months later) per cohort and job centre,
 * from the counts the database keeps per cohort. Counts only, no names.
 */
#include "report.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "cohort.h"
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The eleven numbers, in the order of struct report_row, from the counts
 * the database's triggers keep per cohort (report_count in
 * sql/0003-participants.sql); a cohort without participants has no row.
 */
#define REPORT_COUNTS                                                          \
	"coalesce(k.referred, 0), coalesce(k.started, 0), "                    \
	"coalesce(k.completed, 0), coalesce(k.job, 0), "                       \
	"coalesce(k.education, 0), coalesce(k.extended_internship, 0), "       \
	"coalesce(k.other, 0), coalesce(k.job_6m, 0), "                        \
	"coalesce(k.education_6m, 0), "                                        \
	"coalesce(k.extended_internship_6m, 0), coalesce(k.other_6m, 0) "

/*
 * The ids of the cohorts COHORT_VISIBLE_SQL (cohort.h) lets ?1-?3 see, its
 * branches one after the other: each reads its own index
 * (cohort_job_centre, cohort_provider, cohort_staff_user), where the OR
 * with an EXISTS scans every cohort in the country. For "c.id IN" only:
 * IN makes a set of it, so UNION ALL skips a second de-duplication. Keep
 * the two in step.
 */
#define REPORT_VISIBLE_IDS                                                     \
	"(SELECT id FROM cohort WHERE ?3 IN ('project_leader', "               \
	"'caseworker', 'consultant') AND job_centre_id = ?2 UNION ALL "        \
	"SELECT id FROM cohort WHERE ?3 IN ('project_leader', 'caseworker', "  \
	"'consultant') AND provider_id = ?2 UNION ALL SELECT cohort_id FROM "  \
	"cohort_staff WHERE user_id = ?1) "

/* Not cancelled cohorts whose internship ends in year ?4 (0: any year). */
#define REPORT_CURRENT                                                         \
	"c.state != 'cancelled' AND (?4 = 0 OR substr(c.internship_end, 1, "   \
	"4) = printf('%04d', ?4)) "

#define REPORT_ITEM_FROM                                                       \
	"SELECT c.id, c.name, c.job_centre_id, jc.name, "                      \
	"c.internship_end, " REPORT_COUNTS                                     \
	"FROM cohort c JOIN organisation jc ON jc.id = "                       \
	"c.job_centre_id LEFT JOIN report_count k ON k.cohort_id = c.id "

/* REPORT_COUNTS summed over a job centre's cohorts. */
#define REPORT_SUMS                                                            \
	"coalesce(sum(k.referred), 0), coalesce(sum(k.started), 0), "          \
	"coalesce(sum(k.completed), 0), coalesce(sum(k.job), 0), "             \
	"coalesce(sum(k.education), 0), "                                      \
	"coalesce(sum(k.extended_internship), 0), "                            \
	"coalesce(sum(k.other), 0), coalesce(sum(k.job_6m), 0), "              \
	"coalesce(sum(k.education_6m), 0), "                                   \
	"coalesce(sum(k.extended_internship_6m), 0), "                         \
	"coalesce(sum(k.other_6m), 0) "

enum report_sql {
	REPORT_SQL_COHORT,
	REPORT_SQL_LIST,
	REPORT_SQL_CENTRE_LIST,
	REPORT_SQL_SUMMARY,
	REPORT_SQL_CENTRES,
	REPORT_SQL__MAX
};

/* ?1..?3 the viewer (COHORT_VIEWER), ?4 the year, ?5 the job centre. */
static const struct db_sql report_sql[REPORT_SQL__MAX] = {
	[REPORT_SQL_COHORT] = {"SELECT " REPORT_COUNTS "FROM cohort c LEFT "
			       "JOIN report_count k ON k.cohort_id = c.id "
			       "WHERE c.id = ?1",
			       "i"},
	[REPORT_SQL_LIST] = {REPORT_ITEM_FROM
			     "WHERE c.id IN " REPORT_VISIBLE_IDS
			     "AND " REPORT_CURRENT
			     "ORDER BY jc.name, jc.id, c.first_teaching_day, "
			     "c.id",
			     "iiti"},
	/* One job centre (?5) has few cohorts: read them by its index and
	 * test each for visibility. */
	[REPORT_SQL_CENTRE_LIST] = {REPORT_ITEM_FROM
				    "WHERE c.job_centre_id = "
				    "?5 AND " COHORT_VISIBLE_SQL(
					    "c") "AND " REPORT_CURRENT
						 "ORDER BY "
						 "c.first_teaching_day, c.id",
				    "iitii"},
	[REPORT_SQL_SUMMARY] =
		{"SELECT jc.id, jc.name, count(*), " REPORT_SUMS
		 "FROM cohort c JOIN organisation jc ON jc.id = "
		 "c.job_centre_id LEFT JOIN report_count k ON k.cohort_id = "
		 "c.id WHERE c.id IN " REPORT_VISIBLE_IDS "AND " REPORT_CURRENT
		 "GROUP BY jc.id ORDER BY jc.name, jc.id",
		 "iiti"},
	[REPORT_SQL_CENTRES] =
		{"SELECT DISTINCT jc.id, jc.name FROM cohort c JOIN "
		 "organisation jc ON jc.id = c.job_centre_id WHERE c.id "
		 "IN " REPORT_VISIBLE_IDS "AND c.state != 'cancelled' "
		 "ORDER BY jc.name, jc.id",
		 "iit"},
};

/* Numbers. */

const char *const report_number_names[REPORT_NUMBERS] = {
	"referred",	"started",
	"completed",	"job",
	"education",	"extended_internship",
	"other",	"job_6m",
	"education_6m", "extended_internship_6m",
	"other_6m",
};

void report_numbers(const struct report_row *n, int64_t out[REPORT_NUMBERS])
{
	const int64_t v[REPORT_NUMBERS] = {
		n->referred,	 n->started,
		n->completed,	 n->job,
		n->education,	 n->extended_internship,
		n->other,	 n->job_6m,
		n->education_6m, n->extended_internship_6m,
		n->other_6m,
	};

	memcpy(out, v, sizeof(v));
}

static void report_read_numbers(sqlite3_stmt *st, int col, struct report_row *n)
{
	int64_t *const f[REPORT_NUMBERS] = {
		&n->referred,	  &n->started,
		&n->completed,	  &n->job,
		&n->education,	  &n->extended_internship,
		&n->other,	  &n->job_6m,
		&n->education_6m, &n->extended_internship_6m,
		&n->other_6m,
	};
	int i;

	for (i = 0; i < REPORT_NUMBERS; i++)
		*f[i] = sqlite3_column_int64(st, col + i);
}

void report_add(struct report_row *sum, const struct report_row *n)
{
	sum->referred += n->referred;
	sum->started += n->started;
	sum->completed += n->completed;
	sum->job += n->job;
	sum->education += n->education;
	sum->extended_internship += n->extended_internship;
	sum->other += n->other;
	sum->job_6m += n->job_6m;
	sum->education_6m += n->education_6m;
	sum->extended_internship_6m += n->extended_internship_6m;
	sum->other_6m += n->other_6m;
}

int report_cohort(struct db *db, int64_t cohort_id, struct report_row *out)
{
	sqlite3_stmt *st = DB_BIND(db, &report_sql[REPORT_SQL_COHORT],
				   DB_INT(cohort_id));
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		report_read_numbers(st, 0, out);
	sqlite3_reset(st);
	/* No such cohort: zeros, as for one without participants. */
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The filtered list. */

void report_free(struct report *rep)
{
	free(rep->items);
	memset(rep, 0, sizeof(*rep));
}

static int report_push(struct report *rep, sqlite3_stmt *st)
{
	struct report_item *it;
	long k = ARRAY_PUSH(rep->items, rep->n, rep->cap);

	if (k < 0)
		return -1;
	it = &rep->items[k];
	memset(it, 0, sizeof(*it));
	it->cohort_id = sqlite3_column_int64(st, 0);
	snprintf(it->cohort, sizeof(it->cohort), "%s", db_text(st, 1));
	it->job_centre_id = sqlite3_column_int64(st, 2);
	snprintf(it->job_centre, sizeof(it->job_centre), "%s", db_text(st, 3));
	it->course_end = db_date(st, 4);
	report_read_numbers(st, 5, &it->n);
	return 0;
}

int report_load(struct db *db, const struct actor *a,
		const struct report_filter *f, struct report *rep)
{
	sqlite3_stmt *st;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (f->job_centre_id)
		st = DB_BIND(db, &report_sql[REPORT_SQL_CENTRE_LIST],
			     COHORT_VIEWER(a), DB_INT(f->year),
			     DB_INT(f->job_centre_id));
	else
		st = DB_BIND(db, &report_sql[REPORT_SQL_LIST], COHORT_VIEWER(a),
			     DB_INT(f->year));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if (report_push(rep, st) < 0)
			break;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

size_t report_group_end(const struct report *rep, size_t i)
{
	size_t j = i;

	while (j < rep->n &&
	       rep->items[j].job_centre_id == rep->items[i].job_centre_id)
		j++;
	return j;
}

/* Per job centre totals. */

void report_summary_free(struct report_summary *sum)
{
	free(sum->centres);
	memset(sum, 0, sizeof(*sum));
}

static int report_summary_push(struct report_summary *sum, sqlite3_stmt *st)
{
	struct report_centre *c;
	long k = ARRAY_PUSH(sum->centres, sum->n, sum->cap);

	if (k < 0)
		return -1;
	c = &sum->centres[k];
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	snprintf(c->name, sizeof(c->name), "%s", db_text(st, 1));
	c->cohorts = sqlite3_column_int64(st, 2);
	report_read_numbers(st, 3, &c->n);
	return 0;
}

int report_summary_load(struct db *db, const struct actor *a,
			const struct report_filter *f,
			struct report_summary *sum)
{
	sqlite3_stmt *st = DB_BIND(db, &report_sql[REPORT_SQL_SUMMARY],
				   COHORT_VIEWER(a), DB_INT(f->year));
	int rc;

	memset(sum, 0, sizeof(*sum));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if (report_summary_push(sum, st) < 0)
			break;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int report_centres(struct db *db, const struct actor *a, report_centre_fn fn,
		   void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &report_sql[REPORT_SQL_CENTRES],
				   COHORT_VIEWER(a));
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		fn(ctx, sqlite3_column_int64(st, 0), db_text(st, 1));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The export's audit. */

int report_export_audit(struct db *w, const struct actor *a,
			const struct report_filter *f, size_t rows)
{
	struct audit_entry e = audit_by(a, AUDIT_REPORT_EXPORT);
	char detail[128], centre[24] = "all", year[8] = "all";

	if (f->job_centre_id)
		snprintf(centre, sizeof(centre), "%lld",
			 (long long)f->job_centre_id);
	if (f->year)
		snprintf(year, sizeof(year), "%ld", f->year);
	snprintf(detail, sizeof(detail),
		 "outcomes.csv job_centre_id=%s year=%s rows=%zu", centre, year,
		 rows);
	e.subject_type = "report";
	e.subject = "Resultater";
	e.detail = detail;
	if (db_begin(w) < 0)
		return -1;
	return db_finish(w, audit_write(w, &e) == 0 ? 0 : -1);
}
