/*
 * report_page: the report's page (one table per job centre, or one row
 * per job centre when there are many), its CSV export for Danish Excel
 * (audited before any byte leaves) and its JSON, all from report.h.
 */
#include "report_page.h"

#include "cohort.h"
#include "cohort_load.h"
#include "csv.h"
#include "db.h"
#include "http.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More job centres than this and the page shows one row per job centre. */
#define REPORT_LIST_CENTRES 5

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

/* The page. */

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
			view_setf(row, "href",
				  "/reports?job_centre_id=%lld"
				  "&year=%ld",
				  (long long)c->id, f->year);
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

/* The select's option of a job centre. */
struct report_option {
	struct view *v;
	int64_t selected;
};

static void report_view_option(void *ctx, int64_t id, const char *name)
{
	const struct report_option *opt = ctx;
	struct view *o = view_add(opt->v, "job_centres");

	view_set_int(o, "id", (long)id);
	view_set(o, "name", name);
	view_set_bool(o, "selected", id == opt->selected);
}

/* The select's job centres: those of the cohorts the user may see. A
 * summary of every year names the same ones (sum, else NULL). */
static int report_view_centres(struct req *r, struct view *v, int64_t selected,
			       const struct report_summary *sum)
{
	struct actor a = http_actor(r);
	struct report_option opt = {v, selected};
	size_t i;

	view_list(v, "job_centres");
	if (sum == NULL)
		return report_centres(r->db, &a, report_view_option, &opt);
	for (i = 0; i < sum->n; i++)
		report_view_option(&opt, sum->centres[i].id,
				   sum->centres[i].name);
	return 0;
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

int report_page_show(struct req *r)
{
	struct actor a = http_actor(r);
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
		rc = report_summary_load(r->db, &a, &f, &sum);
	if (rc == 0)
		rc = report_view_centres(
			r, v, f.job_centre_id,
			f.job_centre_id == 0 && f.year == 0 ? &sum : NULL);
	if (rc < 0)
		goto out;
	if (sum.n > REPORT_LIST_CENTRES) {
		report_view_summary(v, &f, &sum);
	} else {
		rc = report_load(r->db, &a, &f, &rep);
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

/* CSV for Danish Excel (csv.h): UTF-8 with BOM, ';' and CRLF. */

static const char report_csv_header[] =
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

	csv_start(b);
	buf_puts(b, report_csv_header);
	for (i = 0; i < rep->n; i++) {
		const struct report_item *it = &rep->items[i];

		csv_text(b, it->job_centre, 1);
		csv_text(b, it->cohort, 0);
		/* A date, never a formula: as it is. */
		date_format_iso(it->course_end, iso);
		buf_printf(b, ";%s", iso);
		report_numbers(&it->n, num);
		for (k = 0; k < REPORT_NUMBERS; k++)
			csv_int(b, num[k], 0);
		csv_end_row(b);
	}
}

int report_page_csv(struct req *r)
{
	struct actor a = http_actor(r);
	struct buf out = BUF_INIT(0);
	struct form_invalid bad = {0};
	struct report_filter f;
	struct report rep = {0};
	struct db *w;
	int rc;

	if (report_filter_read(r, &f, &bad) < 0)
		return http_error(r, 422, bad.message);
	rc = report_load(r->db, &a, &f, &rep);
	if (rc == 0) {
		w = db_writer_lock();
		rc = report_export_audit(w, &a, &f, rep.n);
		db_writer_unlock(w);
	}
	if (rc < 0) {
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
			     int64_t education, int64_t extended, int64_t other)
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
	int rc = cohort_load(r, r->params[0], &c, false);

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
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct report_filter f;
	struct report rep = {0};
	cJSON *root, *centres;
	size_t i = 0, j, k;

	if (report_filter_read(r, &f, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	if (report_load(r->db, &a, &f, &rep) < 0) {
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
