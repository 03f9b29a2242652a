/*
 * feedback_export: the rows of host_overview_week_each copied, then
 * written as CSV (csv.h) or XLSX (xlsx.h), the export audited first.
 */
#include "feedback_export.h"

#include "actor.h"
#include "array.h"
#include "cohort.h"
#include "csv.h"
#include "date.h"
#include "db.h"
#include "form.h"
#include "host_overview.h"
#include "http.h"
#include "internship.h"
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The export's columns, in the CSV's and the XLSX's order. */
static const char *const fe_columns[] = {
	"Deltager",
	"Virksomhed",
	"Kontaktperson",
	"Status",
	"Praktikuge",
	"Planlagte timer",
	"Tilbagemelding",
	"Skrevet af",
	"Vurdering (1-5)",
	"Kommentar",
	"Tegn set",
	"Ring til mig",
	"Som planlagt",
	"Færre timer",
	"Syg",
	"Udeblevet uden afbud",
	"Timer mødt",
	"Opdateret",
};
#define FE_NCOLUMNS (sizeof(fe_columns) / sizeof(fe_columns[0]))

/* A row, copied out of the reader's callback. */
struct fe_row {
	int64_t participant_id;
	char *participant, *company, *contact, *written_by, *text, *alarms;
	enum internship_status status;
	int week, planned_min, rating, worked_min, days[4];
	bool feedback, call_me;
	int64_t updated_at;
};

struct fe_rows {
	struct fe_row *r;
	size_t n, cap;
	bool failed;
};

static void fe_rows_free(struct fe_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++) {
		free(rows->r[i].participant);
		free(rows->r[i].company);
		free(rows->r[i].contact);
		free(rows->r[i].written_by);
		free(rows->r[i].text);
		free(rows->r[i].alarms);
	}
	free(rows->r);
}

static void fe_collect(void *ctx, const struct host_overview_week_row *w)
{
	struct fe_rows *rows = ctx;
	struct buf alarms = BUF_INIT(0);
	struct fe_row *r;
	size_t i;

	if (rows->failed || array_reserve((void **)&rows->r, &rows->cap,
					  rows->n + 1, sizeof(*rows->r)) < 0) {
		rows->failed = true;
		return;
	}
	for (i = 0; i < w->nalarms; i++)
		buf_printf(&alarms, "%s%s", i ? "; " : "", w->alarms[i]);
	r = &rows->r[rows->n++];
	memset(r, 0, sizeof(*r));
	r->participant_id = w->participant_id;
	r->participant = strdup(w->participant);
	r->company = strdup(w->company);
	r->contact = strdup(w->contact);
	r->written_by = strdup(w->written_by ? w->written_by : "");
	r->text = strdup(w->text ? w->text : "");
	r->alarms = strdup(alarms.len ? alarms.data : "");
	r->status = w->status;
	r->week = w->week;
	r->planned_min = w->planned_min;
	r->feedback = w->feedback;
	r->rating = w->rating;
	r->call_me = w->call_me;
	r->worked_min = w->worked_min;
	memcpy(r->days, w->days, sizeof(r->days));
	r->updated_at = w->updated_at;
	if (r->participant == NULL || r->company == NULL ||
	    r->contact == NULL || r->written_by == NULL || r->text == NULL ||
	    r->alarms == NULL || buf_failed(&alarms))
		rows->failed = true;
	buf_free(&alarms);
}

/* Hours with a decimal comma, "7,5". */
static void fe_hours(int minutes, char *out, size_t len)
{
	int tenths = (minutes * 10 + 30) / 60;

	snprintf(out, len, "%d,%d", tenths / 10, tenths % 10);
}

/* Reads the cohort, the week and the rows; answers the request itself
 * when it cannot (0 then means go on). */
static int fe_load(struct req *r, struct cohort *c, date_t *monday,
		   struct fe_rows *rows)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	const char *week = http_query(r, "week");
	int rc;

	memset(rows, 0, sizeof(*rows));
	rc = cohort_get(r->db, &a, r->params[0], c);
	if (rc != 0)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	if (week == NULL || *week == '\0')
		*monday = date_monday(date_today());
	else if (host_overview_parse_week(week, monday) < 0)
		return http_error(r, 422,
				  "Ugen skal skrives som år og ugenummer, "
				  "for eksempel 2026-W10.");
	rc = host_overview_week_each(r->db, &a, c, *monday, fe_collect, rows,
				     NULL, &bad);
	if (rc == RESULT_OK && rows->failed)
		rc = RESULT_FAILED;
	if (rc != RESULT_OK) {
		fe_rows_free(rows);
		return http_result(r, rc, &bad);
	}
	return 0;
}

/* Commits the audit rows of file's export (before any byte leaves). */
static int fe_audit(struct req *r, const struct cohort *c, date_t monday,
		    const struct fe_rows *rows, const char *file)
{
	struct actor a = http_actor(r);
	int64_t *ids = calloc(rows->n + 1, sizeof(*ids));
	size_t n = 0, i, j;
	struct db *w;
	int rc;

	if (ids == NULL)
		return -1;
	for (i = 0; i < rows->n; i++) {
		for (j = 0; j < n && ids[j] != rows->r[i].participant_id; j++)
			;
		if (j == n)
			ids[n++] = rows->r[i].participant_id;
	}
	w = db_writer_lock();
	rc = host_overview_audit_export(w, &a, c, monday, ids, n, file);
	db_writer_unlock(w);
	free(ids);
	return rc;
}

/* Sends out as an attachment tilbagemeldinger-<cohort>-<week>.<ext>. */
static int fe_send(struct req *r, const struct cohort *c, date_t monday,
		   const char *type, const char *ext, const struct buf *out)
{
	char disposition[160];
	int year, week = date_iso_week(monday, &year);

	snprintf(disposition, sizeof(disposition),
		 "Content-Disposition: attachment; "
		 "filename=\"tilbagemeldinger-%lld-%d-W%02d.%s\"\r\n",
		 (long long)c->id, year, week, ext);
	return http_send(r, 200, type, out->data, out->len, disposition);
}

static const char *fe_yes(bool b)
{
	return b ? "Ja" : "Nej";
}

static void fe_csv(struct buf *b, const struct fe_rows *rows)
{
	char hours[32], at[64];
	const struct fe_row *x;
	size_t i, k;

	csv_start(b);
	for (i = 0; i < FE_NCOLUMNS; i++)
		buf_printf(b, "%s%s", i ? ";" : "", fe_columns[i]);
	csv_end_row(b);
	for (i = 0; i < rows->n; i++) {
		x = &rows->r[i];
		csv_text(b, x->participant, 1);
		csv_text(b, x->company, 0);
		csv_text(b, x->contact, 0);
		csv_text(b, internship_status_labels[x->status], 0);
		csv_int(b, x->week, 0);
		fe_hours(x->planned_min, hours, sizeof(hours));
		buf_printf(b, ";%s", hours);
		csv_text(b, fe_yes(x->feedback), 0);
		if (!x->feedback) {
			for (k = 7; k < FE_NCOLUMNS; k++)
				buf_putc(b, ';');
			csv_end_row(b);
			continue;
		}
		csv_text(b, x->written_by, 0);
		if (x->rating > 0)
			csv_int(b, x->rating, 0);
		else
			buf_putc(b, ';');
		csv_text(b, x->text, 0);
		csv_text(b, x->alarms, 0);
		csv_text(b, fe_yes(x->call_me), 0);
		for (k = 0; k < 4; k++)
			csv_int(b, x->days[k], 0);
		fe_hours(x->worked_min, hours, sizeof(hours));
		buf_printf(b, ";%s", hours);
		date_format_da_moment(x->updated_at, at, sizeof(at));
		csv_text(b, at, 0);
		csv_end_row(b);
	}
}

int feedback_export_csv(struct req *r)
{
	struct buf out = BUF_INIT(0);
	struct fe_rows rows;
	struct cohort c;
	date_t monday;
	int rc = fe_load(r, &c, &monday, &rows);

	if (rc)
		return rc;
	fe_csv(&out, &rows);
	if (buf_failed(&out) ||
	    fe_audit(r, &c, monday, &rows, "tilbagemeldinger.csv") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = fe_send(r, &c, monday, "text/csv; charset=utf-8", "csv",
			     &out);
	buf_free(&out);
	fe_rows_free(&rows);
	return rc;
}

static int fe_xlsx_fill(lxw_workbook *wb, void *ctx)
{
	const struct fe_rows *rows = ctx;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Tilbagemeldinger");
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *hours = workbook_add_format(wb);
	const struct fe_row *x;
	char at[64];
	lxw_row_t row;
	size_t i, k;

	if (ws == NULL || bold == NULL || hours == NULL)
		return -1;
	format_set_bold(bold);
	format_set_num_format(hours, "0.0");
	worksheet_set_column(ws, 0, 2, 28, NULL);
	worksheet_set_column(ws, 3, (lxw_col_t)FE_NCOLUMNS - 1, 14, NULL);
	for (i = 0; i < FE_NCOLUMNS; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, fe_columns[i],
				       bold);
	for (i = 0; i < rows->n; i++) {
		x = &rows->r[i];
		row = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, row, 0, x->participant, NULL);
		worksheet_write_string(ws, row, 1, x->company, NULL);
		worksheet_write_string(ws, row, 2, x->contact, NULL);
		worksheet_write_string(
			ws, row, 3, internship_status_labels[x->status], NULL);
		worksheet_write_number(ws, row, 4, x->week, NULL);
		worksheet_write_number(
			ws, row, 5,
			(double)((x->planned_min * 10 + 30) / 60) / 10, hours);
		worksheet_write_string(ws, row, 6, fe_yes(x->feedback), NULL);
		if (!x->feedback)
			continue;
		worksheet_write_string(ws, row, 7, x->written_by, NULL);
		if (x->rating > 0)
			worksheet_write_number(ws, row, 8, x->rating, NULL);
		worksheet_write_string(ws, row, 9, x->text, NULL);
		worksheet_write_string(ws, row, 10, x->alarms, NULL);
		worksheet_write_string(ws, row, 11, fe_yes(x->call_me), NULL);
		for (k = 0; k < 4; k++)
			worksheet_write_number(ws, row, (lxw_col_t)(12 + k),
					       x->days[k], NULL);
		worksheet_write_number(
			ws, row, 16,
			(double)((x->worked_min * 10 + 30) / 60) / 10, hours);
		date_format_da_moment(x->updated_at, at, sizeof(at));
		worksheet_write_string(ws, row, 17, at, NULL);
	}
	return 0;
}

int feedback_export_xlsx(struct req *r)
{
	struct buf out = BUF_INIT(32 * 1024 * 1024);
	struct fe_rows rows;
	struct cohort c;
	date_t monday;
	int rc = fe_load(r, &c, &monday, &rows);

	if (rc)
		return rc;
	if (xlsx_build(&out, c.name, fe_xlsx_fill, &rows) < 0 ||
	    fe_audit(r, &c, monday, &rows, "tilbagemeldinger.xlsx") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = fe_send(r, &c, monday,
			     "application/vnd.openxmlformats-officedocument."
			     "spreadsheetml.sheet",
			     "xlsx", &out);
	buf_free(&out);
	fe_rows_free(&rows);
	return rc;
}
