/*
 * attendance_stats_page: the numbers handlers. Each reads the period of
 * its query the same way (attendance_stats_page_sheet), loads the sheet
 * for the user and audits the names it shows.
 */
#include "attendance_stats_page.h"

#include "attendance_flag.h"
#include "attendance_grid.h"
#include "attendance_stats.h"
#include "cohort.h"
#include "db.h"
#include "http.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct form_spec attendance_period_form[] = {
	{"from", "Fra", FIELD_DATE, false, 0, 0, NULL},
	{"to", "Til", FIELD_DATE, false, 0, 0, NULL},
};

/* Narrows sc to the period of the query q. An enum result. */
static int attendance_period_read(const struct form *q,
				  struct attendance_scope *sc,
				  struct form_invalid *bad)
{
	struct form_value v[2];
	int rc;

	if (form_validate(q, attendance_period_form, 2, v, bad) < 0)
		return RESULT_INVALID;
	rc = attendance_stats_period(sc, v[0].present ? (date_t)v[0].i : 0,
				     v[1].present ? (date_t)v[1].i : 0, bad);
	form_values_free(v, 2);
	return rc;
}

int attendance_stats_page_sheet(struct req *r, struct cohort *c,
				struct attendance_scope *sc,
				struct attendance_sheet *s)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	int rc = attendance_stats_scope(r->db, &a, r->params[0], c, sc, &bad);

	if (rc == RESULT_OK)
		rc = attendance_period_read(&r->query, sc, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	if (attendance_sheet_load(r->db, sc, s) < 0)
		return http_error(r, 500, NULL);
	return 0;
}

/* The grid of a sheet: names points into it, the caller frees *names and
 * *dates. 0 or -1. */
static int attendance_grid_of(const struct attendance_sheet *s,
			      const char *cohort, struct attendance_grid *g,
			      char *title, size_t len, const char ***names,
			      date_t **dates)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	*names = calloc(s->npeople ? s->npeople : 1, sizeof(**names));
	*dates = calloc(s->ndays ? s->ndays : 1, sizeof(**dates));
	if (*names == NULL || *dates == NULL)
		return -1;
	for (i = 0; i < s->npeople; i++)
		(*names)[i] = s->people[i].name;
	for (i = 0; i < s->ndays; i++)
		(*dates)[i] = s->days[i].date;
	snprintf(title, len, "Fremmøde på %s", cohort);
	g->title = title;
	g->nrows = s->npeople;
	g->ndays = s->ndays;
	g->names = *names;
	g->dates = *dates;
	g->cells = s->cells;
	g->minutes = s->minutes;
	return 0;
}

/* The internship days of a sheet for the grid, borrowed. */
static struct attendance_grid_intern
attendance_grid_intern_of(const struct attendance_sheet *s)
{
	return (struct attendance_grid_intern){s->intern.ndates,
					       s->intern.dates, s->intern.cells,
					       s->intern.minutes};
}

/* The page. */

static void attendance_view_pct(struct view *v, const char *name, int pct)
{
	if (pct < 0)
		view_set(v, name, "–");
	else
		view_setf(v, name, "%d %%", pct);
}

/* Internship days, told apart from course days ("intern_shown" when
 * there were any planned). */
static void attendance_view_intern(struct view *v,
				   const struct attendance_intern_numbers *n)
{
	char text[96], hours[32];

	view_set_bool(v, "intern_shown", n->planned > 0);
	attendance_intern_text(n, text, sizeof(text));
	view_set(v, "intern_text", text);
	view_set_int(v, "intern_planned", n->planned);
	view_set_int(v, "intern_met", attendance_intern_met(n));
	view_set_int(v, "intern_fewer", n->fewer);
	view_set_int(v, "intern_sick", n->sick);
	view_set_int(v, "intern_absent", n->absent);
	view_set_int(v, "intern_not_reported", n->not_reported);
	attendance_stats_hours_text(n->minutes, ',', hours, sizeof(hours));
	view_set(v, "intern_hours", hours);
}

static void attendance_view_numbers(struct view *v,
				    const struct attendance_numbers *n)
{
	char hours[32];

	view_set_int(v, "days_enrolled", n->days_enrolled);
	view_set_int(v, "present", n->present);
	view_set_int(v, "late", n->late);
	view_set_int(v, "left_early", n->left_early);
	view_set_int(v, "announced", n->announced);
	view_set_int(v, "sick", n->sick);
	view_set_int(v, "absent", n->absent);
	view_set_int(v, "not_marked", n->days_enrolled - n->marked);
	attendance_view_pct(v, "attendance", attendance_stats_pct(n));
	attendance_view_pct(v, "commitment",
			    attendance_stats_commitment_pct(n));
	attendance_stats_hours_text(n->minutes, ',', hours, sizeof(hours));
	view_set(v, "hours", hours);
	attendance_view_intern(v, &n->intern);
}

static void attendance_view_legend(struct view *v)
{
	enum attendance_cell c;
	struct view *l;
	int i;

	for (i = 0; i < ATTENDANCE_CELL__MAX; i++) {
		c = attendance_grid_legend(i);
		l = view_add(v, "legend");
		/* An empty white box in the picture. */
		view_set(l, "symbol",
			 attendance_cell_symbol(c)[0]
				 ? attendance_cell_symbol(c)
				 : "\u25a1");
		view_set(l, "label", attendance_cell_label(c));
	}
}

/* The internship days' symbols, when the grid has any. */
static void attendance_view_intern_legend(struct view *v, bool shown)
{
	struct view *l;
	int i;

	view_list(v, "intern_legend");
	for (i = ATTENDANCE_INTERN_AS_PLANNED;
	     shown && i < ATTENDANCE_INTERN__MAX; i++) {
		l = view_add(v, "intern_legend");
		view_set(l, "symbol", attendance_intern_symbol(i));
		view_set(l, "label", attendance_intern_label(i));
	}
}

/* "?from=...&to=..." of the period given, or "". */
static void attendance_query(const struct attendance_scope *sc, char *out,
			     size_t len)
{
	char from[DATE_ISO_LEN + 1] = "", to[DATE_ISO_LEN + 1] = "";

	if (sc->from)
		date_format_iso(sc->from, from);
	if (sc->to)
		date_format_iso(sc->to, to);
	snprintf(out, len, "%s%s%s%s", sc->from ? "?from=" : "", from,
		 sc->to ? (sc->from ? "&to=" : "?to=") : "", to);
}

static void attendance_period_label(const struct attendance_scope *sc,
				    char *out, size_t len)
{
	char a[DATE_DA_LEN] = "", z[DATE_DA_LEN] = "";

	if (sc->from)
		date_format_da(sc->from, a, sizeof(a));
	if (sc->to)
		date_format_da(sc->to, z, sizeof(z));
	if (a[0] && z[0])
		snprintf(out, len, "%s til %s", a, z);
	else if (a[0])
		snprintf(out, len, "Fra %s", a);
	else if (z[0])
		snprintf(out, len, "Til %s", z);
	else
		snprintf(out, len, "Hele forløbet");
}

static void attendance_view_period(struct view *v, const struct cohort *c,
				   const struct attendance_scope *sc)
{
	char iso[DATE_ISO_LEN + 1], q[64];
	char label[2 * DATE_DA_LEN + 8];

	date_format_iso(sc->from, iso);
	view_set(v, "from", sc->from ? iso : "");
	date_format_iso(sc->to, iso);
	view_set(v, "to", sc->to ? iso : "");
	attendance_period_label(sc, label, sizeof(label));
	view_set(v, "period_label", label);
	attendance_query(sc, q, sizeof(q));
	view_setf(v, "svg_href", "/cohorts/%lld/attendance.svg%s",
		  (long long)c->id, q);
	view_setf(v, "csv_href", "/cohorts/%lld/attendance.csv%s",
		  (long long)c->id, q);
	view_setf(v, "xlsx_href", "/cohorts/%lld/attendance.xlsx%s",
		  (long long)c->id, q);
}

static int attendance_page_view(struct req *r, const struct cohort *c,
				const struct attendance_scope *sc,
				const struct attendance_sheet *s,
				struct view *v)
{
	struct attendance_grid g;
	struct attendance_grid_intern gi;
	const char **names = NULL;
	date_t *dates = NULL;
	char title[1024], flag[96];
	struct view *row;
	size_t i;
	int w, h, rc = 0;

	view_setf(v, "title", "Fremmøde – %s", c->name);
	view_set_int(v, "id", c->id);
	view_set(v, "name", c->name);
	attendance_view_period(v, c, sc);
	view_set_bool(v, "own_only", sc->caseworker_id != 0);
	attendance_view_legend(v);
	if (attendance_grid_of(s, c->name, &g, title, sizeof(title), &names,
			       &dates) < 0)
		rc = -1;
	gi = attendance_grid_intern_of(s);
	attendance_grid_size_intern(&g, &gi, &w, &h);
	view_set_int(v, "grid_width", w);
	view_set_int(v, "grid_height", h);
	view_setf(v, "grid_alt",
		  "Fremmøde for %zu deltagere på %zu kursusdage. Tallene står "
		  "i tabellen herunder.",
		  s->npeople, s->ndays);
	view_set_bool(v, "has_days", s->ndays > 0 || s->intern.ndates > 0);
	view_set_bool(v, "has_intern", s->total.intern.planned > 0);
	attendance_view_intern_legend(v, s->intern.ndates > 0);
	view_list(v, "rows");
	view_list(v, "intern_rows");
	for (i = 0; rc == 0 && i < s->npeople; i++) {
		row = view_add(v, "rows");
		view_set_int(row, "id", s->people[i].id);
		view_set(row, "name", s->people[i].name);
		attendance_view_numbers(row, &s->people[i].n);
		rc = attendance_flag_text(r->db, s->people[i].id, flag,
					  sizeof(flag));
		view_set(row, "flag", flag);
		if (s->people[i].n.intern.planned > 0) {
			row = view_add(v, "intern_rows");
			view_set_int(row, "id", s->people[i].id);
			view_set(row, "name", s->people[i].name);
			attendance_view_intern(row, &s->people[i].n.intern);
		}
	}
	if (s->npeople)
		attendance_view_numbers(view_add(v, "total"), &s->total);
	free(names);
	free(dates);
	return rc;
}

int attendance_stats_page_show(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct attendance_sheet s = {0};
	struct attendance_scope sc;
	struct cohort c;
	struct view *v = NULL;
	int status = 200;
	int rc = attendance_stats_scope(r->db, &a, r->params[0], &c, &sc, &bad);

	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	/* A period that cannot be: the whole course, and why. */
	if (attendance_period_read(&r->query, &sc, &bad) != RESULT_OK)
		status = 422;
	v = view_new();
	if (v == NULL || attendance_sheet_load(r->db, &sc, &s) < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	view_set(v, "error", status == 422 ? bad.message : NULL);
	if (attendance_page_view(r, &c, &sc, &s, v) < 0 || view_failed(v) ||
	    attendance_stats_audit_read(&a, &s, "attendance") < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	rc = http_page(r, status, "attendance_stats.html", v);
out:
	view_free(v);
	attendance_sheet_free(&s);
	return rc;
}

int attendance_stats_page_svg(struct req *r)
{
	struct actor a = http_actor(r);
	struct buf out = BUF_INIT(8 * 1024 * 1024);
	struct attendance_sheet s = {0};
	struct attendance_scope sc;
	struct attendance_grid g;
	struct attendance_grid_intern gi;
	struct cohort c;
	const char **names = NULL;
	date_t *dates = NULL;
	char title[1024];
	int rc = attendance_stats_page_sheet(r, &c, &sc, &s);

	if (rc)
		return rc;
	gi = attendance_grid_intern_of(&s);
	if (attendance_grid_of(&s, c.name, &g, title, sizeof(title), &names,
			       &dates) < 0 ||
	    attendance_grid_svg_intern(&out, &g, &gi) < 0 ||
	    attendance_stats_audit_read(&a, &s, "attendance grid") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_send(r, 200, "image/svg+xml", out.data, out.len,
			       NULL);
	free(names);
	free(dates);
	buf_free(&out);
	attendance_sheet_free(&s);
	return rc;
}

/* The API. */

static void attendance_json_pct(cJSON *o, const char *name, int pct)
{
	if (pct < 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddNumberToObject(o, name, pct);
}

/* The internship days, told apart from the course days' numbers. */
static void attendance_json_intern(cJSON *o,
				   const struct attendance_intern_numbers *n)
{
	cJSON_AddNumberToObject(o, "planned", n->planned);
	cJSON_AddNumberToObject(o, "met", attendance_intern_met(n));
	cJSON_AddNumberToObject(o, "as_planned", n->as_planned);
	cJSON_AddNumberToObject(o, "fewer_hours", n->fewer);
	cJSON_AddNumberToObject(o, "sick", n->sick);
	cJSON_AddNumberToObject(o, "absent", n->absent);
	cJSON_AddNumberToObject(o, "not_reported", n->not_reported);
	cJSON_AddNumberToObject(o, "minutes_worked", (double)n->minutes);
}

static void attendance_json_numbers(cJSON *o,
				    const struct attendance_numbers *n)
{
	cJSON_AddNumberToObject(o, "days_enrolled", n->days_enrolled);
	cJSON_AddNumberToObject(o, "marked", n->marked);
	cJSON_AddNumberToObject(o, "not_marked", n->days_enrolled - n->marked);
	cJSON_AddNumberToObject(o, "present", n->present);
	cJSON_AddNumberToObject(o, "late", n->late);
	cJSON_AddNumberToObject(o, "left_early", n->left_early);
	cJSON_AddNumberToObject(o, "announced", n->announced);
	cJSON_AddNumberToObject(o, "sick", n->sick);
	cJSON_AddNumberToObject(o, "absent", n->absent);
	attendance_json_pct(o, "attendance_pct", attendance_stats_pct(n));
	attendance_json_pct(o, "commitment_pct",
			    attendance_stats_commitment_pct(n));
	cJSON_AddNumberToObject(o, "minutes_attended", (double)n->minutes);
	cJSON_AddNumberToObject(
		o, "hours_attended",
		(double)attendance_stats_hours_tenths(n->minutes) / 10.0);
	attendance_json_intern(cJSON_AddObjectToObject(o, "internship_days"),
			       &n->intern);
}

int attendance_stats_api(struct req *r)
{
	struct actor a = http_actor(r);
	struct attendance_sheet s = {0};
	struct attendance_scope sc;
	struct cohort c;
	cJSON *root, *list, *p;
	char flag[96];
	size_t i;
	int rc = attendance_stats_page_sheet(r, &c, &sc, &s);

	if (rc)
		return rc;
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "cohort_id", (double)c.id);
	json_add_date(root, "from", sc.from);
	json_add_date(root, "to", sc.to);
	list = cJSON_AddArrayToObject(root, "participants");
	for (i = 0; rc == 0 && i < s.npeople; i++) {
		p = cJSON_CreateObject();
		cJSON_AddNumberToObject(p, "participant_id",
					(double)s.people[i].id);
		cJSON_AddStringToObject(p, "name", s.people[i].name);
		attendance_json_numbers(p, &s.people[i].n);
		rc = attendance_flag_text(r->db, s.people[i].id, flag,
					  sizeof(flag));
		if (flag[0])
			cJSON_AddStringToObject(p, "flag", flag);
		cJSON_AddItemToArray(list, p);
	}
	attendance_json_numbers(cJSON_AddObjectToObject(root, "totals"),
				&s.total);
	if (rc < 0 ||
	    attendance_stats_audit_read(&a, &s, "attendance api") < 0) {
		cJSON_Delete(root);
		rc = http_error(r, 500, NULL);
	} else {
		rc = http_json(r, 200, root);
	}
	attendance_sheet_free(&s);
	return rc;
}

/* The participant page. */

int attendance_stats_page_participant(struct db *db, int64_t participant_id,
				      struct view *v)
{
	struct attendance_numbers n;
	int64_t cohort = 0;
	char flag[96];
	struct view *a;
	int rc = attendance_stats_participant(db, participant_id, &n, &cohort);

	if (rc)
		return rc < 0 ? -1 : 0;
	a = view_add(v, "attendance");
	view_set_int(a, "cohort_id", cohort);
	attendance_view_numbers(a, &n);
	rc = attendance_flag_text(db, participant_id, flag, sizeof(flag));
	view_set(a, "flag", flag);
	return rc;
}
