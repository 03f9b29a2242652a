/*
 * attendance_grid: the attendance grid as SVG. Symbols carry the meaning
 * and colours help those who see them; every text is escaped.
 */
#include "attendance_grid.h"

#include "html.h"

#include <stdio.h>
#include <string.h>

/* Layout in viewBox units (about CSS pixels). */
#define AG_PAD	      8
#define AG_NAME_W     200
#define AG_NAME_CHARS 26 /* that fit AG_NAME_W at 12px */
#define AG_CELL	      30
#define AG_HEAD	      40
#define AG_LEGEND_GAP 18
#define AG_LEGEND_ROW 24
#define AG_LEGEND_COL 220
#define AG_MIN_W      (2 * AG_LEGEND_COL + 2 * AG_PAD)

#define AG_INK	 "#1d2330"
#define AG_MUTED "#5b6473"
#define AG_LINE	 "#d8dde6"

struct ag_look {
	const char *symbol, *label, *fill, *ink;
};

/* Symbols carry the meaning; colours help those who see them. */
static const struct ag_look ag_look[ATTENDANCE_CELL__MAX] = {
	[ATTENDANCE_CELL_NOT_MARKED] = {"", "Ikke registreret", "#ffffff",
					AG_INK},
	[ATTENDANCE_CELL_PRESENT] = {"\u2713", "Til stede", "#3f8f6a",
				     "#ffffff"},
	[ATTENDANCE_CELL_LATE] = {"\u25d4", "For sent", "#f2c14e", AG_INK},
	[ATTENDANCE_CELL_LEFT_EARLY] = {"\u25d1", "Gået tidligt", "#d9822b",
					AG_INK},
	[ATTENDANCE_CELL_ANNOUNCED] = {"A", "Meldt fravær", "#1f5f8b",
				       "#ffffff"},
	[ATTENDANCE_CELL_SICK] = {"S", "Syg", "#8a6aa8", "#ffffff"},
	[ATTENDANCE_CELL_ABSENT] = {"\u2717", "Fravær uden afbud", "#b3261e",
				    "#ffffff"},
	[ATTENDANCE_CELL_NOT_ENROLLED] = {"\u00b7", "Ikke indskrevet",
					  "#eef0f3", AG_MUTED},
};

/* The legend's order: the marks, then the two kinds of no mark. */
static const enum attendance_cell ag_legend[ATTENDANCE_CELL__MAX] = {
	ATTENDANCE_CELL_PRESENT,      ATTENDANCE_CELL_LATE,
	ATTENDANCE_CELL_LEFT_EARLY,   ATTENDANCE_CELL_ANNOUNCED,
	ATTENDANCE_CELL_SICK,	      ATTENDANCE_CELL_ABSENT,
	ATTENDANCE_CELL_NOT_ENROLLED, ATTENDANCE_CELL_NOT_MARKED,
};

const char *attendance_cell_symbol(enum attendance_cell c)
{
	return (unsigned)c < ATTENDANCE_CELL__MAX ? ag_look[c].symbol : "";
}

const char *attendance_cell_label(enum attendance_cell c)
{
	return (unsigned)c < ATTENDANCE_CELL__MAX ? ag_look[c].label : "";
}

enum attendance_cell attendance_grid_legend(int i)
{
	return i >= 0 && i < ATTENDANCE_CELL__MAX ? ag_legend[i]
						  : ATTENDANCE_CELL_NOT_MARKED;
}

/* A UTF-8 name of more than AG_NAME_CHARS characters cut to fit, with
 * "…" in place of the rest. */
static void ag_short_name(const char *name, char *out, size_t len)
{
	size_t chars = 0, cut = 0, i;

	for (i = 0; name[i]; i++) {
		if (((unsigned char)name[i] & 0xc0) == 0x80)
			continue;
		if (chars == AG_NAME_CHARS - 1)
			cut = i;
		chars++;
	}
	if (chars <= AG_NAME_CHARS)
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, "%.*s\u2026", (int)cut, name);
}

static void ag_desc(struct buf *b, const struct attendance_grid *g)
{
	char a[DATE_DA_LEN], z[DATE_DA_LEN];
	int i;

	buf_printf(b, "%zu deltagere og %zu kursusdage", g->nrows, g->ndays);
	if (g->ndays) {
		date_format_da(g->dates[0], a, sizeof(a));
		date_format_da(g->dates[g->ndays - 1], z, sizeof(z));
		buf_printf(b, " fra %s til %s", a, z);
	}
	buf_puts(b, ". Hver celle viser et symbol og en farve:");
	for (i = 0; i < ATTENDANCE_CELL__MAX; i++) {
		const struct ag_look *l = &ag_look[ag_legend[i]];

		if (l->symbol[0])
			buf_printf(b, " %s %s,", l->symbol, l->label);
		else
			buf_printf(b, " tom: %s.", l->label);
	}
}

static void ag_head(struct buf *b, const struct attendance_grid *g)
{
	size_t j;

	for (j = 0; j < g->ndays; j++) {
		int x = AG_PAD + AG_NAME_W + (int)j * AG_CELL + AG_CELL / 2;
		int m, d;
		const char *wd = date_weekday_short(date_weekday(g->dates[j]));

		date_to_civil(g->dates[j], NULL, &m, &d);
		buf_printf(b,
			   "<text x=\"%d\" y=\"16\" font-size=\"9\" "
			   "text-anchor=\"middle\" fill=\"" AG_MUTED "\">",
			   x);
		html_text(b, wd);
		buf_printf(b,
			   "</text>\n<text x=\"%d\" y=\"32\" font-size=\"9.5\" "
			   "text-anchor=\"middle\">%d/%d</text>\n",
			   x, d, m);
	}
}

static void ag_cell(struct buf *b, const struct attendance_grid *g, size_t i,
		    size_t j)
{
	enum attendance_cell c = g->cells[i * g->ndays + j];
	const struct ag_look *l =
		&ag_look[(unsigned)c < ATTENDANCE_CELL__MAX ? c : 0];
	int x = AG_PAD + AG_NAME_W + (int)j * AG_CELL;
	int y = AG_HEAD + (int)i * AG_CELL;
	char da[DATE_DA_LEN];

	date_format_da_short(g->dates[j], da, sizeof(da));
	buf_puts(b, "<g><title>");
	html_text(b, g->names[i]);
	buf_puts(b, ", ");
	html_text(b, da);
	buf_puts(b, ": ");
	html_text(b, l->label);
	if ((c == ATTENDANCE_CELL_LATE || c == ATTENDANCE_CELL_LEFT_EARLY) &&
	    g->minutes && g->minutes[i * g->ndays + j] > 0)
		buf_printf(b, " (%d min.)", g->minutes[i * g->ndays + j]);
	buf_printf(b,
		   "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		   "rx=\"3\" fill=\"%s\" stroke=\"" AG_LINE "\"/>",
		   x + 1, y + 1, AG_CELL - 2, AG_CELL - 2, l->fill);
	if (l->symbol[0])
		buf_printf(b,
			   "<text x=\"%d\" y=\"%d\" font-size=\"15\" "
			   "text-anchor=\"middle\" fill=\"%s\">%s</text>",
			   x + AG_CELL / 2, y + AG_CELL / 2 + 5, l->ink,
			   l->symbol);
	buf_puts(b, "</g>\n");
}

static void ag_rows(struct buf *b, const struct attendance_grid *g)
{
	char name[AG_NAME_CHARS * 4 + 8];
	size_t i, j;

	for (i = 0; i < g->nrows; i++) {
		int y = AG_HEAD + (int)i * AG_CELL;

		ag_short_name(g->names[i], name, sizeof(name));
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">",
			   AG_PAD, y + AG_CELL / 2 + 4);
		html_text(b, name);
		buf_puts(b, "</text>\n");
		for (j = 0; j < g->ndays; j++)
			ag_cell(b, g, i, j);
	}
}

static void ag_legend_draw(struct buf *b, int top)
{
	int i;

	for (i = 0; i < ATTENDANCE_CELL__MAX; i++) {
		const struct ag_look *l = &ag_look[ag_legend[i]];
		int x = AG_PAD + (i % 2) * AG_LEGEND_COL;
		int y = top + (i / 2) * AG_LEGEND_ROW;

		buf_printf(b,
			   "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"20\" "
			   "rx=\"3\" fill=\"%s\" stroke=\"" AG_LINE "\"/>",
			   x, y, l->fill);
		if (l->symbol[0])
			buf_printf(
				b,
				"<text x=\"%d\" y=\"%d\" font-size=\"13\" "
				"text-anchor=\"middle\" fill=\"%s\">%s</text>",
				x + 10, y + 15, l->ink, l->symbol);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">",
			   x + 28, y + 15);
		html_text(b, l->label);
		buf_puts(b, "</text>\n");
	}
}

/* The picture's size in viewBox units. */
void attendance_grid_size(const struct attendance_grid *g, int *w, int *h)
{
	int width = 2 * AG_PAD + AG_NAME_W + (int)g->ndays * AG_CELL;

	*w = width < AG_MIN_W ? AG_MIN_W : width;
	*h = AG_HEAD + (int)g->nrows * AG_CELL + AG_LEGEND_GAP +
	     (ATTENDANCE_CELL__MAX / 2) * AG_LEGEND_ROW + AG_PAD;
}

int attendance_grid_svg(struct buf *out, const struct attendance_grid *g)
{
	int w, h;

	if (out == NULL || g == NULL || (g->nrows && g->ndays && !g->cells))
		return -1;
	attendance_grid_size(g, &w, &h);
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		   "class=\"attendance-grid\" width=\"%d\" height=\"%d\" "
		   "viewBox=\"0 0 %d %d\" role=\"img\" "
		   "aria-labelledby=\"ag-title ag-desc\" "
		   "font-family=\"system-ui, sans-serif\" fill=\"" AG_INK
		   "\">\n<title id=\"ag-title\">",
		   w, h, w, h);
	html_text(out, g->title ? g->title : "Fremmøde");
	buf_puts(out, "</title>\n<desc id=\"ag-desc\">");
	ag_desc(out, g);
	buf_puts(out, "</desc>\n");
	ag_head(out, g);
	ag_rows(out, g);
	ag_legend_draw(out, AG_HEAD + (int)g->nrows * AG_CELL + AG_LEGEND_GAP);
	buf_puts(out, "</svg>\n");
	return buf_failed(out) ? -1 : 0;
}
