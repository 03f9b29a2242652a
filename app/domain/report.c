/*
 * report: the catalogue's table 1 (referred, started, completed and the
 * outcomes at course end and six months later) per cohort and job centre,
 * as a page, as CSV for Danish Excel and as JSON. Counts only, no names.
 */
#include "report.h"

#include "audit.h"
#include "cohort.h"
#include "db.h"
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The eleven numbers, in the order of struct report_row, from the counts
 * the database's triggers keep per cohort (report_count in
 * sql/0003-participants.sql); a cohort without participants has no row.
 */
#define REPORT_COUNTS                                                        \
	"coalesce(k.referred, 0), coalesce(k.started, 0), "                 \
	"coalesce(k.completed, 0), coalesce(k.job, 0), "                    \
	"coalesce(k.education, 0), coalesce(k.extended_internship, 0), "    \
	"coalesce(k.other, 0), coalesce(k.job_6m, 0), "                     \
	"coalesce(k.education_6m, 0), "                                     \
	"coalesce(k.extended_internship_6m, 0), coalesce(k.other_6m, 0) "

/*
 * The ids of the cohorts COHORT_VISIBLE_SQL (cohort.h) lets ?1-?3 see, its
 * branches one after the other: each reads its own index
 * (cohort_job_centre, cohort_provider, cohort_staff_user), where the OR
 * with an EXISTS scans every cohort in the country. For "c.id IN" only:
 * IN makes a set of it, so UNION ALL skips a second de-duplication. Keep
 * the two in step.
 */
#define REPORT_VISIBLE_IDS                                                   \
	"(SELECT id FROM cohort WHERE ?3 IN ('project_leader', "             \
	"'caseworker', 'consultant') AND job_centre_id = ?2 UNION ALL "      \
	"SELECT id FROM cohort WHERE ?3 IN ('project_leader', 'caseworker', " \
	"'consultant') AND provider_id = ?2 UNION ALL SELECT cohort_id FROM " \
	"cohort_staff WHERE user_id = ?1) "

/* Not cancelled cohorts whose internship ends in year ?6 (0: any year). */
#define REPORT_CURRENT                                                       \
	"c.state != 'cancelled' AND (?6 = 0 OR substr(c.internship_end, 1, " \
	"4) = printf('%04d', ?6)) "

#define REPORT_ITEM_FROM                                                     \
	"SELECT c.id, c.name, c.job_centre_id, jc.name, c.internship_end, "  \
	REPORT_COUNTS "FROM cohort c JOIN organisation jc ON jc.id = "       \
	"c.job_centre_id LEFT JOIN report_count k ON k.cohort_id = c.id "

/* REPORT_COUNTS summed over a job centre's cohorts. */
#define REPORT_SUMS                                                          \
	"coalesce(sum(k.referred), 0), coalesce(sum(k.started), 0), "       \
	"coalesce(sum(k.completed), 0), coalesce(sum(k.job), 0), "          \
	"coalesce(sum(k.education), 0), "                                   \
	"coalesce(sum(k.extended_internship), 0), "                         \
	"coalesce(sum(k.other), 0), coalesce(sum(k.job_6m), 0), "           \
	"coalesce(sum(k.education_6m), 0), "                                \
	"coalesce(sum(k.extended_internship_6m), 0), "                      \
	"coalesce(sum(k.other_6m), 0) "

enum report_sql {
	REPORT_SQL_COHORT,
	REPORT_SQL_LIST,
	REPORT_SQL_CENTRE_LIST,
	REPORT_SQL_SUMMARY,
	REPORT_SQL_CENTRES,
	REPORT_SQL__MAX
};

static const char *const report_sql[REPORT_SQL__MAX] = {
	[REPORT_SQL_COHORT] = "SELECT " REPORT_COUNTS "FROM cohort c LEFT "
			      "JOIN report_count k ON k.cohort_id = c.id "
			      "WHERE c.id = ?1",
	[REPORT_SQL_LIST] = REPORT_ITEM_FROM
		"WHERE c.id IN " REPORT_VISIBLE_IDS "AND " REPORT_CURRENT
		"ORDER BY jc.name, jc.id, c.first_teaching_day, c.id",
	/* One job centre (?5) has few cohorts: read them by its index and
	 * test each for visibility. */
	[REPORT_SQL_CENTRE_LIST] = REPORT_ITEM_FROM
		"WHERE c.job_centre_id = ?5 AND " COHORT_VISIBLE_SQL("c")
		"AND " REPORT_CURRENT "ORDER BY c.first_teaching_day, c.id",
	[REPORT_SQL_SUMMARY] =
		"SELECT jc.id, jc.name, count(*), " REPORT_SUMS
		"FROM cohort c JOIN organisation jc ON jc.id = c.job_centre_id "
		"LEFT JOIN report_count k ON k.cohort_id = c.id "
		"WHERE c.id IN " REPORT_VISIBLE_IDS "AND " REPORT_CURRENT
		"GROUP BY jc.id ORDER BY jc.name, jc.id",
	[REPORT_SQL_CENTRES] =
		"SELECT DISTINCT jc.id, jc.name FROM cohort c JOIN "
		"organisation jc ON jc.id = c.job_centre_id WHERE c.id IN "
		REPORT_VISIBLE_IDS "AND c.state != 'cancelled' "
		"ORDER BY jc.name, jc.id",
};

/* Numbers. */

#define REPORT_NUMBERS 11

/* The row's numbers in column order (see REPORT_COUNTS). */
static void report_numbers(const struct report_row *n,
			   int64_t out[REPORT_NUMBERS])
{
	const int64_t v[REPORT_NUMBERS] = {
		n->referred,    n->started,
		n->completed,   n->job,
		n->education,   n->extended_internship,
		n->other,       n->job_6m,
		n->education_6m, n->extended_internship_6m,
		n->other_6m,
	};

	memcpy(out, v, sizeof(v));
}

static void report_read_numbers(sqlite3_stmt *st, int col,
				struct report_row *n)
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

static void report_add(struct report_row *sum, const struct report_row *n)
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
	sqlite3_stmt *st = db_stmt(db, report_sql[REPORT_SQL_COHORT]);
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort_id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		report_read_numbers(st, 0, out);
	sqlite3_reset(st);
	/* No such cohort: zeros, as for one without participants. */
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The filtered list. */

struct report_filter {
	int64_t job_centre_id; /* 0: every job centre */
	long year;             /* 0: every year */
};

static const struct form_spec report_filter_form[] = {
	{"job_centre_id", "Jobcenter", FIELD_INT, false, 1, 9007199254740991L,
	 NULL},
	{"year", "År", FIELD_INT, false, 2000, 2100, NULL},
};
enum { RF_JOB_CENTRE, RF_YEAR, RF__N };

/* The query string's filter. 0, or -1 with *bad filled. */
static int report_filter_read(struct req *r, struct report_filter *f,
			      struct form_invalid *bad)
{
	struct form_value v[RF__N];

	memset(f, 0, sizeof(*f));
	if (form_validate(&r->query, report_filter_form, RF__N, v, bad) < 0) {
		/* The generic bounds message would quote 2^53 at the user. */
		snprintf(bad->message, sizeof(bad->message), "%s",
			 bad->field && strcmp(bad->field, "year") == 0
				 ? "Skriv året med fire cifre, mellem 2000 "
				   "og 2100."
				 : "Vælg et jobcenter fra listen.");
		return -1;
	}
	if (v[RF_JOB_CENTRE].present)
		f->job_centre_id = v[RF_JOB_CENTRE].i;
	if (v[RF_YEAR].present)
		f->year = v[RF_YEAR].i;
	form_values_free(v, RF__N);
	return 0;
}

struct report_item {
	int64_t cohort_id, job_centre_id;
	char cohort[801], job_centre[801]; /* 200 characters of UTF-8 */
	date_t course_end;
	struct report_row n;
};

struct report {
	struct report_item *items;
	size_t n, cap;
};

static void report_free(struct report *rep)
{
	free(rep->items);
	memset(rep, 0, sizeof(*rep));
}

static int report_push(struct report *rep, sqlite3_stmt *st)
{
	struct report_item *it, *grown;

	if (rep->n == rep->cap) {
		size_t cap = rep->cap ? rep->cap * 2 : 32;

		grown = realloc(rep->items, cap * sizeof(*grown));
		if (grown == NULL)
			return -1;
		rep->items = grown;
		rep->cap = cap;
	}
	it = &rep->items[rep->n++];
	memset(it, 0, sizeof(*it));
	it->cohort_id = sqlite3_column_int64(st, 0);
	snprintf(it->cohort, sizeof(it->cohort), "%s", db_text(st, 1));
	it->job_centre_id = sqlite3_column_int64(st, 2);
	snprintf(it->job_centre, sizeof(it->job_centre), "%s", db_text(st, 3));
	date_parse_iso(db_text(st, 4), &it->course_end);
	report_read_numbers(st, 5, &it->n);
	return 0;
}

/* The visible cohorts matching f, grouped by job centre. Free with
 * report_free, also after an error. 0 or -1. */
static int report_load(struct req *r, const struct report_filter *f,
		       struct report *rep)
{
	sqlite3_stmt *st = db_stmt(r->db, report_sql[f->job_centre_id
						? REPORT_SQL_CENTRE_LIST
						: REPORT_SQL_LIST]);
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (st == NULL)
		return -1;
	cohort_bind_viewer(st, r->session);
	sqlite3_bind_int64(st, 5, f->job_centre_id);
	sqlite3_bind_int64(st, 6, f->year);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW)
		if (report_push(rep, st) < 0)
			break;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The end of the job centre group starting at items[i]. */
static size_t report_group_end(const struct report *rep, size_t i)
{
	size_t j = i;

	while (j < rep->n &&
	       rep->items[j].job_centre_id == rep->items[i].job_centre_id)
		j++;
	return j;
}

/* Per job centre totals, for a viewer who sees too many to list. */

/* More job centres than this and the page shows one row per job centre. */
#define REPORT_LIST_CENTRES 5

struct report_centre {
	int64_t id, cohorts;
	char name[801];
	struct report_row n;
};

struct report_summary {
	struct report_centre *centres;
	size_t n, cap;
};

static void report_summary_free(struct report_summary *sum)
{
	free(sum->centres);
	memset(sum, 0, sizeof(*sum));
}

static int report_summary_push(struct report_summary *sum, sqlite3_stmt *st)
{
	struct report_centre *c, *grown;

	if (sum->n == sum->cap) {
		size_t cap = sum->cap ? sum->cap * 2 : 16;

		grown = realloc(sum->centres, cap * sizeof(*grown));
		if (grown == NULL)
			return -1;
		sum->centres = grown;
		sum->cap = cap;
	}
	c = &sum->centres[sum->n++];
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	snprintf(c->name, sizeof(c->name), "%s", db_text(st, 1));
	c->cohorts = sqlite3_column_int64(st, 2);
	report_read_numbers(st, 3, &c->n);
	return 0;
}

/* The totals of the job centres of the visible cohorts in f's year. Free
 * with report_summary_free, also after an error. 0 or -1. */
static int report_summary_load(struct req *r, const struct report_filter *f,
			       struct report_summary *sum)
{
	sqlite3_stmt *st = db_stmt(r->db, report_sql[REPORT_SQL_SUMMARY]);
	int rc;

	memset(sum, 0, sizeof(*sum));
	if (st == NULL)
		return -1;
	cohort_bind_viewer(st, r->session);
	sqlite3_bind_int64(st, 6, f->year);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW)
		if (report_summary_push(sum, st) < 0)
			break;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The page. */

static const char *const report_number_names[REPORT_NUMBERS] = {
	"referred",	"started",	"completed",
	"job",		"education",	"extended_internship",
	"other",	"job_6m",	"education_6m",
	"extended_internship_6m", "other_6m",
};

static void report_view_numbers(struct view *v, const struct report_row *n)
{
	int64_t num[REPORT_NUMBERS];
	int i;

	report_numbers(n, num);
	for (i = 0; i < REPORT_NUMBERS; i++)
		view_set_int(v, report_number_names[i], (long)num[i]);
}

static void report_view_item(struct view *g, const struct report_item *it)
{
	struct view *row = view_add(g, "cohorts");
	char da[DATE_DA_LEN];

	view_set_int(row, "id", (long)it->cohort_id);
	view_set(row, "name", it->cohort);
	date_format_da(it->course_end, da, sizeof(da));
	view_set(row, "course_end_da", da);
	report_view_numbers(row, &it->n);
}

static void report_view_groups(struct view *v, const struct report *rep)
{
	size_t i = 0, j, k;

	view_list(v, "groups");
	while (i < rep->n) {
		struct view *g = view_add(v, "groups");
		struct report_row total = {0};

		j = report_group_end(rep, i);
		view_set(g, "job_centre", rep->items[i].job_centre);
		for (k = i; k < j; k++) {
			report_view_item(g, &rep->items[k]);
			report_add(&total, &rep->items[k].n);
		}
		report_view_numbers(view_add(g, "total"), &total);
		i = j;
	}
}

/* One row per job centre, linked to its cohorts in the same year, and
 * the overall total. */
static void report_view_summary(struct view *v, const struct report_filter *f,
				const struct report_summary *sum)
{
	struct report_row all = {0};
	int64_t cohorts = 0;
	struct view *t;
	size_t i;

	view_set_bool(v, "summary", true);
	for (i = 0; i < sum->n; i++) {
		const struct report_centre *c = &sum->centres[i];
		struct view *row = view_add(v, "centre_rows");

		if (f->year)
			view_setf(row, "href", "/reports?job_centre_id=%lld"
				  "&year=%ld", (long long)c->id, f->year);
		else
			view_setf(row, "href", "/reports?job_centre_id=%lld",
				  (long long)c->id);
		view_set(row, "name", c->name);
		view_set_int(row, "cohorts", (long)c->cohorts);
		report_view_numbers(row, &c->n);
		report_add(&all, &c->n);
		cohorts += c->cohorts;
	}
	t = view_add(v, "overall");
	view_set_int(t, "cohorts", (long)cohorts);
	report_view_numbers(t, &all);
}

static void report_view_option(struct view *v, int64_t id, const char *name,
			       int64_t selected)
{
	struct view *o = view_add(v, "job_centres");

	view_set_int(o, "id", (long)id);
	view_set(o, "name", name);
	view_set_bool(o, "selected", id == selected);
}

/* The select's job centres: those of the cohorts the user may see. A
 * summary of every year names the same ones (sum, else NULL). */
static int report_view_centres(struct req *r, struct view *v,
			       int64_t selected,
			       const struct report_summary *sum)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	view_list(v, "job_centres");
	if (sum != NULL) {
		for (i = 0; i < sum->n; i++)
			report_view_option(v, sum->centres[i].id,
					   sum->centres[i].name, selected);
		return 0;
	}
	st = db_stmt(r->db, report_sql[REPORT_SQL_CENTRES]);
	if (st == NULL)
		return -1;
	cohort_bind_viewer(st, r->session);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW)
		report_view_option(v, sqlite3_column_int64(st, 0),
				   db_text(st, 1), selected);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The CSV link with the page's filter. */
static void report_csv_href(struct view *v, const struct report_filter *f)
{
	char href[128];
	int n = snprintf(href, sizeof(href), "/reports/outcomes.csv");

	if (f->job_centre_id)
		n += snprintf(href + n, sizeof(href) - (size_t)n,
			      "?job_centre_id=%lld",
			      (long long)f->job_centre_id);
	if (f->year)
		snprintf(href + n, sizeof(href) - (size_t)n, "%syear=%ld",
			 f->job_centre_id ? "&" : "?", f->year);
	view_set(v, "csv_href", href);
}

int report_page(struct req *r)
{
	const char *year = http_query(r, "year");
	struct report_filter f;
	struct form_invalid bad = {0};
	struct report_summary sum = {0};
	struct report rep = {0};
	struct view *v = view_new();
	int status = 200, rc = -1;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Resultater");
	view_set(v, "year", year);
	if (report_filter_read(r, &f, &bad) < 0) {
		status = 422;
		view_set(v, "error", bad.message);
		view_set(v, "error_field", bad.field);
		view_list(v, "groups");
		rc = report_view_centres(r, v, 0, NULL);
		goto out;
	}
	view_set_bool(v, "filtered", f.job_centre_id || f.year);
	report_csv_href(v, &f);
	/* Hundreds of cohorts make a page nobody reads and that is slow to
	 * make: past a few job centres, their totals, each linked to its
	 * cohorts. The exports keep every cohort. */
	rc = 0;
	if (f.job_centre_id == 0)
		rc = report_summary_load(r, &f, &sum);
	if (rc == 0)
		rc = report_view_centres(r, v, f.job_centre_id,
					 f.job_centre_id == 0 && f.year == 0
						 ? &sum
						 : NULL);
	if (rc < 0)
		goto out;
	if (sum.n > REPORT_LIST_CENTRES) {
		report_view_summary(v, &f, &sum);
	} else {
		rc = report_load(r, &f, &rep);
		if (rc == 0)
			report_view_groups(v, &rep);
	}
out:
	rc = rc == 0 ? http_page(r, status, "report.html", v)
		     : http_error(r, 500, NULL);
	report_summary_free(&sum);
	report_free(&rep);
	view_free(v);
	return rc;
}

/* CSV for Danish Excel: UTF-8 with BOM, ';' and CRLF. */

/* A quoted text field (RFC 4180); a leading =, +, -, @, tab or CR gets a
 * ' so a spreadsheet shows the text instead of running it as a formula. */
static void report_csv_text(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static const char report_csv_header[] =
	"\xEF\xBB\xBF"
	"Jobcenter;Hold;Forløbets afslutning;Henvist;Startet i forløb;"
	"Gennemført forløb;Job ved afslutning;Uddannelse ved afslutning;"
	"Forlænget i praktik ved afslutning;Andet ved afslutning;"
	"Job efter 6 måneder;Uddannelse efter 6 måneder;"
	"Forlænget i praktik efter 6 måneder;Andet efter 6 måneder\r\n";

static void report_csv_rows(struct buf *b, const struct report *rep)
{
	char iso[DATE_ISO_LEN + 1];
	int64_t num[REPORT_NUMBERS];
	size_t i;
	int k;

	buf_puts(b, report_csv_header);
	for (i = 0; i < rep->n; i++) {
		const struct report_item *it = &rep->items[i];

		report_csv_text(b, it->job_centre);
		buf_putc(b, ';');
		report_csv_text(b, it->cohort);
		date_format_iso(it->course_end, iso);
		buf_printf(b, ";%s", iso);
		report_numbers(&it->n, num);
		for (k = 0; k < REPORT_NUMBERS; k++)
			buf_printf(b, ";%lld", (long long)num[k]);
		buf_puts(b, "\r\n");
	}
}

/* The export's audit row, committed before any byte leaves. 0 or -1. */
static int report_csv_audit(struct req *r, const struct report_filter *f,
			    size_t rows)
{
	struct audit_entry e = audit_for(r, "report.export");
	char detail[128], centre[24] = "all", year[8] = "all";
	struct db *w;
	int rc = -1;

	if (f->job_centre_id)
		snprintf(centre, sizeof(centre), "%lld",
			 (long long)f->job_centre_id);
	if (f->year)
		snprintf(year, sizeof(year), "%ld", f->year);
	snprintf(detail, sizeof(detail),
		 "outcomes.csv job_centre_id=%s year=%s rows=%zu", centre,
		 year, rows);
	e.subject_type = "report";
	e.subject = "Resultater";
	e.detail = detail;
	w = db_writer_lock();
	if (db_begin(w) == 0 && audit_write(w, &e) == 0 && db_commit(w) == 0)
		rc = 0;
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

int report_csv(struct req *r)
{
	struct buf out = BUF_INIT(0);
	struct form_invalid bad = {0};
	struct report_filter f;
	struct report rep = {0};
	int rc;

	if (report_filter_read(r, &f, &bad) < 0)
		return http_error(r, 422, bad.message);
	if (report_load(r, &f, &rep) < 0 ||
	    report_csv_audit(r, &f, rep.n) < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	report_csv_rows(&out, &rep);
	if (buf_failed(&out))
		rc = http_error(r, 500, NULL);
	else
		rc = http_send(r, 200, "text/csv; charset=utf-8", out.data,
			       out.len,
			       "Content-Disposition: attachment; "
			       "filename=\"resultater.csv\"\r\n");
out:
	buf_free(&out);
	report_free(&rep);
	return rc;
}

/* JSON. */

static void report_json_four(cJSON *o, const char *name, int64_t job,
			     int64_t education, int64_t extended,
			     int64_t other)
{
	cJSON *f = cJSON_AddObjectToObject(o, name);

	cJSON_AddNumberToObject(f, "job", (double)job);
	cJSON_AddNumberToObject(f, "education", (double)education);
	cJSON_AddNumberToObject(f, "extended_internship", (double)extended);
	cJSON_AddNumberToObject(f, "other", (double)other);
}

static void report_json_numbers(cJSON *o, const struct report_row *n)
{
	cJSON_AddNumberToObject(o, "referred", (double)n->referred);
	cJSON_AddNumberToObject(o, "started", (double)n->started);
	cJSON_AddNumberToObject(o, "completed", (double)n->completed);
	report_json_four(o, "at_end", n->job, n->education,
			 n->extended_internship, n->other);
	report_json_four(o, "six_months", n->job_6m, n->education_6m,
			 n->extended_internship_6m, n->other_6m);
}

static cJSON *report_json_cohort(const struct report_item *it)
{
	cJSON *o = cJSON_CreateObject();
	char iso[DATE_ISO_LEN + 1];

	cJSON_AddNumberToObject(o, "cohort_id", (double)it->cohort_id);
	cJSON_AddStringToObject(o, "cohort", it->cohort);
	cJSON_AddNumberToObject(o, "job_centre_id", (double)it->job_centre_id);
	cJSON_AddStringToObject(o, "job_centre", it->job_centre);
	date_format_iso(it->course_end, iso);
	cJSON_AddStringToObject(o, "course_end", iso);
	report_json_numbers(o, &it->n);
	return o;
}

int report_api_cohort(struct req *r)
{
	struct report_item it = {0};
	struct cohort c;
	int rc = cohort_for_request(r, r->params[0], &c, false);

	if (rc)
		return rc;
	if (report_cohort(r->db, c.id, &it.n) < 0)
		return http_error(r, 500, NULL);
	it.cohort_id = c.id;
	it.job_centre_id = c.job_centre_id;
	snprintf(it.cohort, sizeof(it.cohort), "%s", c.name);
	snprintf(it.job_centre, sizeof(it.job_centre), "%s", c.job_centre);
	it.course_end = c.internship_end;
	return http_json(r, 200, report_json_cohort(&it));
}

int report_api(struct req *r)
{
	struct form_invalid bad = {0};
	struct report_filter f;
	struct report rep = {0};
	cJSON *root, *centres;
	size_t i = 0, j, k;

	if (report_filter_read(r, &f, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	if (report_load(r, &f, &rep) < 0) {
		report_free(&rep);
		return http_error(r, 500, NULL);
	}
	root = cJSON_CreateObject();
	centres = cJSON_AddArrayToObject(root, "job_centres");
	while (i < rep.n) {
		cJSON *g = cJSON_CreateObject(), *list;
		struct report_row total = {0};

		j = report_group_end(&rep, i);
		cJSON_AddNumberToObject(g, "id",
					(double)rep.items[i].job_centre_id);
		cJSON_AddStringToObject(g, "name", rep.items[i].job_centre);
		for (k = i; k < j; k++)
			report_add(&total, &rep.items[k].n);
		report_json_numbers(cJSON_AddObjectToObject(g, "totals"),
				    &total);
		list = cJSON_AddArrayToObject(g, "cohorts");
		for (k = i; k < j; k++)
			cJSON_AddItemToArray(list,
					     report_json_cohort(&rep.items[k]));
		cJSON_AddItemToArray(centres, g);
		i = j;
	}
	report_free(&rep);
	return http_json(r, 200, root);
}
