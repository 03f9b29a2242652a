/*
 * attendance_export: the CSV and XLSX exports of a cohort's attendance
 * numbers. The sheet, period and who may see it are the page's
 * (attendance_stats_page_sheet); the audit rows are committed first.
 */
#include "attendance_export.h"

#include "attendance_stats.h"
#include "attendance_stats_page.h"
#include "cohort.h"
#include "csv.h"
#include "db.h"
#include "http.h"
#include "xlsx.h"

#include <stdio.h>

/* The export's columns, in the CSV's and the XLSX's order. */
static const char *const ae_columns[] = {
	"Deltager",	"Dage indskrevet",
	"Til stede",	"For sent",
	"Gået tidligt", "Meldt fravær",
	"Syg",		"Fravær uden afbud",
	"Fremmøde %",	"Fremmøde inkl. meldt fravær %",
	"Timer",
};
#define AE_NCOLUMNS (sizeof(ae_columns) / sizeof(ae_columns[0]))

/* Commits the audit rows of file's export (before any byte leaves). */
static int ae_audit(struct req *r, const struct cohort *c,
		    const struct attendance_scope *sc,
		    const struct attendance_sheet *s, const char *file)
{
	struct actor a = http_actor(r);
	struct db *w = db_writer_lock();
	int rc = attendance_stats_audit_export(w, &a, c, sc, s, file);

	db_writer_unlock(w);
	return rc;
}

/* Sends out as an attachment fremmoede-<cohort>.<ext>. */
static int ae_send(struct req *r, const struct cohort *c, const char *type,
		   const char *ext, const struct buf *out)
{
	char disposition[128];

	snprintf(disposition, sizeof(disposition),
		 "Content-Disposition: attachment; "
		 "filename=\"fremmoede-%lld.%s\"\r\n",
		 (long long)c->id, ext);
	return http_send(r, 200, type, out->data, out->len, disposition);
}

/* CSV for Danish Excel: UTF-8 with BOM, ';', CRLF and decimal commas;
 * an empty cell for a percentage of nothing marked. */

static void ae_csv_pct(struct buf *b, int pct)
{
	if (pct < 0)
		buf_putc(b, ';');
	else
		csv_int(b, pct, 0);
}

static void ae_csv_row(struct buf *b, const char *name,
		       const struct attendance_numbers *n)
{
	const int counts[7] = {n->days_enrolled, n->present,   n->late,
			       n->left_early,	 n->announced, n->sick,
			       n->absent};
	char hours[32];
	size_t i;

	csv_text(b, name, 1);
	for (i = 0; i < 7; i++)
		csv_int(b, counts[i], 0);
	ae_csv_pct(b, attendance_stats_pct(n));
	ae_csv_pct(b, attendance_stats_commitment_pct(n));
	attendance_stats_hours_text(n->minutes, ',', hours, sizeof(hours));
	buf_printf(b, ";%s", hours);
	csv_end_row(b);
}

static void ae_csv(struct buf *b, const struct attendance_sheet *s)
{
	size_t i;

	csv_start(b);
	/* The header's names are ours: no quotes needed. */
	for (i = 0; i < AE_NCOLUMNS; i++)
		buf_printf(b, "%s%s", i ? ";" : "", ae_columns[i]);
	csv_end_row(b);
	for (i = 0; i < s->npeople; i++)
		ae_csv_row(b, s->people[i].name, &s->people[i].n);
	if (s->npeople)
		ae_csv_row(b, "I alt", &s->total);
}

int attendance_export_csv(struct req *r)
{
	struct buf out = BUF_INIT(0);
	struct attendance_sheet s = {0};
	struct attendance_scope sc;
	struct cohort c;
	int rc = attendance_stats_page_sheet(r, &c, &sc, &s);

	if (rc)
		return rc;
	ae_csv(&out, &s);
	if (buf_failed(&out) || ae_audit(r, &c, &sc, &s, "attendance.csv") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = ae_send(r, &c, "text/csv; charset=utf-8", "csv", &out);
	buf_free(&out);
	attendance_sheet_free(&s);
	return rc;
}

/* XLSX through xlsx_build (xlsx.h), which writes it aside and reads it
 * back. */

static void ae_xlsx_pct(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
			int pct)
{
	if (pct >= 0)
		worksheet_write_number(ws, row, col, pct, NULL);
}

static void ae_xlsx_row(lxw_worksheet *ws, lxw_row_t row, const char *name,
			const struct attendance_numbers *n, lxw_format *hours)
{
	const int counts[7] = {n->days_enrolled, n->present,   n->late,
			       n->left_early,	 n->announced, n->sick,
			       n->absent};
	lxw_col_t col;

	worksheet_write_string(ws, row, 0, name, NULL);
	for (col = 0; col < 7; col++)
		worksheet_write_number(ws, row, col + 1, counts[col], NULL);
	ae_xlsx_pct(ws, row, 8, attendance_stats_pct(n));
	ae_xlsx_pct(ws, row, 9, attendance_stats_commitment_pct(n));
	worksheet_write_number(
		ws, row, 10,
		(double)attendance_stats_hours_tenths(n->minutes) / 10.0,
		hours);
}

/* Fills the workbook with the sheet ctx (xlsx_fill_fn). 0 or -1. */
static int ae_xlsx_fill(lxw_workbook *wb, void *ctx)
{
	const struct attendance_sheet *s = ctx;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Fremmøde");
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *hours = workbook_add_format(wb);
	size_t i;

	format_set_bold(bold);
	format_set_num_format(hours, "0.0");
	if (ws == NULL)
		return -1;
	worksheet_set_column(ws, 0, 0, 32, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)AE_NCOLUMNS - 1, 12, NULL);
	for (i = 0; i < AE_NCOLUMNS; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, ae_columns[i],
				       bold);
	for (i = 0; i < s->npeople; i++)
		ae_xlsx_row(ws, (lxw_row_t)(i + 1), s->people[i].name,
			    &s->people[i].n, hours);
	if (s->npeople)
		ae_xlsx_row(ws, (lxw_row_t)(s->npeople + 1), "I alt", &s->total,
			    hours);
	return 0;
}

int attendance_export_xlsx(struct req *r)
{
	struct buf out = BUF_INIT(32 * 1024 * 1024);
	struct attendance_sheet s = {0};
	struct attendance_scope sc;
	struct cohort c;
	int rc = attendance_stats_page_sheet(r, &c, &sc, &s);

	if (rc)
		return rc;
	if (xlsx_build(&out, c.name, ae_xlsx_fill, &s) < 0 ||
	    ae_audit(r, &c, &sc, &s, "attendance.xlsx") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = ae_send(r, &c,
			     "application/vnd.openxmlformats-officedocument."
			     "spreadsheetml.sheet",
			     "xlsx", &out);
	buf_free(&out);
	attendance_sheet_free(&s);
	return rc;
}
