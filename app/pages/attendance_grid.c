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

/* The grid with its internship days, as the drawing reads it. */
struct ag_grid {
	const char *title;
	size_t nrows, ndays;
	const char *const *names;
	const date_t *dates;
	const enum attendance_cell *cells;
	const int *minutes;
	size_t nintern;
	const date_t *intern_dates;
	const enum attendance_intern_cell *intern_cells;
	const int *intern_minutes;
};

static struct ag_grid ag_of(const struct attendance_grid *g,
			    const struct attendance_grid_intern *in)
{
	struct ag_grid a = {g->title, g->nrows, g->ndays,   g->names,
			    g->dates, g->cells, g->minutes, 0,
			    NULL,     NULL,	NULL};

	if (in && in->n) {
		a.nintern = in->n;
		a.intern_dates = in->dates;
		a.intern_cells = in->cells;
		a.intern_minutes = in->minutes;
	}
	return a;
}

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

/* Internship days: a dashed frame tells them from course days. */
static const struct ag_look ag_intern_look[ATTENDANCE_INTERN__MAX] = {
	[ATTENDANCE_INTERN_NONE] = {"", "Ingen praktik", "#ffffff", AG_INK},
	[ATTENDANCE_INTERN_AS_PLANNED] = {"P", "Praktik: mødt som planlagt",
					  "#3f8f6a", "#ffffff"},
	[ATTENDANCE_INTERN_FEWER] = {"p", "Praktik: færre timer", "#f2c14e",
				     AG_INK},
	[ATTENDANCE_INTERN_SICK] = {"S", "Praktik: syg", "#8a6aa8", "#ffffff"},
	[ATTENDANCE_INTERN_ABSENT] = {"\u2717", "Praktik: udeblevet uden afbud",
				      "#b3261e", "#ffffff"},
	[ATTENDANCE_INTERN_NOT_REPORTED] = {"?",
					    "Praktik: ikke meldt af værten",
					    "#eef0f3", AG_MUTED},
};

/* The gap between the course days and the internship days. */
#define AG_GAP AG_CELL

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

const char *attendance_intern_symbol(enum attendance_intern_cell c)
{
	return (unsigned)c < ATTENDANCE_INTERN__MAX ? ag_intern_look[c].symbol
						    : "";
}

const char *attendance_intern_label(enum attendance_intern_cell c)
{
	return (unsigned)c < ATTENDANCE_INTERN__MAX ? ag_intern_look[c].label
						    : "";
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

static void ag_desc(struct buf *b, const struct ag_grid *g)
{
	char a[DATE_DA_LEN], z[DATE_DA_LEN];
	int i;

	buf_printf(b, "%zu deltagere og %zu kursusdage", g->nrows, g->ndays);
	if (g->ndays) {
		date_format_da(g->dates[0], a, sizeof(a));
		date_format_da(g->dates[g->ndays - 1], z, sizeof(z));
		buf_printf(b, " fra %s til %s", a, z);
	}
	if (g->nintern) {
		date_format_da(g->intern_dates[0], a, sizeof(a));
		date_format_da(g->intern_dates[g->nintern - 1], z, sizeof(z));
		buf_printf(b,
			   ", og for sig %zu praktikdage fra %s til %s med "
			   "stiplet kant",
			   g->nintern, a, z);
	}
	buf_puts(b, ". Hver celle viser et symbol og en farve:");
	for (i = 0; i < ATTENDANCE_CELL__MAX; i++) {
		const struct ag_look *l = &ag_look[ag_legend[i]];

		if (l->symbol[0])
			buf_printf(b, " %s %s,", l->symbol, l->label);
		else
			buf_printf(b, " tom: %s.", l->label);
	}
	for (i = 1; g->nintern && i < ATTENDANCE_INTERN__MAX; i++)
		buf_printf(b, " %s %s%s", ag_intern_look[i].symbol,
			   ag_intern_look[i].label,
			   i + 1 < ATTENDANCE_INTERN__MAX ? "," : ".");
}

/* The left edge of the internship block. */
static int ag_intern_x(const struct ag_grid *g)
{
	return AG_PAD + AG_NAME_W + (int)g->ndays * AG_CELL +
	       (g->ndays ? AG_GAP : 0);
}

/* Column j's x: the course days, then (j >= ndays) the internship days. */
static int ag_col_x(const struct ag_grid *g, size_t j)
{
	return j < g->ndays ? AG_PAD + AG_NAME_W + (int)j * AG_CELL
			    : ag_intern_x(g) + (int)(j - g->ndays) * AG_CELL;
}

static void ag_head(struct buf *b, const struct ag_grid *g)
{
	size_t j;

	for (j = 0; j < g->ndays + g->nintern; j++) {
		date_t day = j < g->ndays ? g->dates[j]
					  : g->intern_dates[j - g->ndays];
		int x = ag_col_x(g, j) + AG_CELL / 2;
		int m, d;
		const char *wd = date_weekday_short(date_weekday(day));

		date_to_civil(day, NULL, &m, &d);
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

static void ag_cell(struct buf *b, const struct ag_grid *g, size_t i, size_t j)
{
	enum attendance_cell c = g->cells[i * g->ndays + j];
	const struct ag_look *l =
		&ag_look[(unsigned)c < ATTENDANCE_CELL__MAX ? c : 0];
	int x = ag_col_x(g, j);
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

static void ag_intern_cell(struct buf *b, const struct ag_grid *g, size_t i,
			   size_t j)
{
	enum attendance_intern_cell c = g->intern_cells[i * g->nintern + j];
	const struct ag_look *l =
		&ag_intern_look[(unsigned)c < ATTENDANCE_INTERN__MAX ? c : 0];
	int x = ag_intern_x(g) + (int)j * AG_CELL;
	int y = AG_HEAD + (int)i * AG_CELL;
	char da[DATE_DA_LEN];

	if (c == ATTENDANCE_INTERN_NONE)
		return;
	date_format_da_short(g->intern_dates[j], da, sizeof(da));
	buf_puts(b, "<g class=\"intern\"><title>");
	html_text(b, g->names[i]);
	buf_puts(b, ", ");
	html_text(b, da);
	buf_puts(b, ": ");
	html_text(b, l->label);
	if (c == ATTENDANCE_INTERN_FEWER && g->intern_minutes)
		buf_printf(b, " (%d min.)",
			   g->intern_minutes[i * g->nintern + j]);
	buf_printf(b,
		   "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		   "height=\"%d\" rx=\"3\" fill=\"%s\" stroke=\"" AG_INK
		   "\" stroke-dasharray=\"3 2\"/>",
		   x + 1, y + 1, AG_CELL - 2, AG_CELL - 2, l->fill);
	buf_printf(b,
		   "<text x=\"%d\" y=\"%d\" font-size=\"15\" "
		   "text-anchor=\"middle\" fill=\"%s\">%s</text></g>\n",
		   x + AG_CELL / 2, y + AG_CELL / 2 + 5, l->ink, l->symbol);
}

static void ag_rows(struct buf *b, const struct ag_grid *g)
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
		for (j = 0; j < g->nintern; j++)
			ag_intern_cell(b, g, i, j);
	}
}

/* The internship days' legend rows, under the marks'. */
static void ag_intern_legend_draw(struct buf *b, int top)
{
	int i;

	for (i = 1; i < ATTENDANCE_INTERN__MAX; i++) {
		const struct ag_look *l = &ag_intern_look[i];
		int x = AG_PAD + ((i - 1) % 2) * AG_LEGEND_COL;
		int y = top + ((i - 1) / 2) * AG_LEGEND_ROW;

		buf_printf(b,
			   "<rect x=\"%d\" y=\"%d\" width=\"20\" "
			   "height=\"20\" rx=\"3\" fill=\"%s\" "
			   "stroke=\"" AG_INK "\" stroke-dasharray=\"3 2\"/>"
			   "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
			   "text-anchor=\"middle\" fill=\"%s\">%s</text>",
			   x, y, l->fill, x + 10, y + 15, l->ink, l->symbol);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">",
			   x + 28, y + 15);
		html_text(b, l->label);
		buf_puts(b, "</text>\n");
	}
}

/* Rows of the internship legend (none without internship days). */
#define AG_INTERN_LEGEND_ROWS(g) ((g)->nintern ? ATTENDANCE_INTERN__MAX / 2 : 0)

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
static void ag_size(const struct ag_grid *g, int *w, int *h)
{
	int width = 2 * AG_PAD + AG_NAME_W + (int)g->ndays * AG_CELL;

	if (g->nintern)
		width = ag_intern_x(g) + (int)g->nintern * AG_CELL + AG_PAD;
	*w = width < AG_MIN_W ? AG_MIN_W : width;
	*h = AG_HEAD + (int)g->nrows * AG_CELL + AG_LEGEND_GAP +
	     (ATTENDANCE_CELL__MAX / 2 + AG_INTERN_LEGEND_ROWS(g)) *
		     AG_LEGEND_ROW +
	     AG_PAD;
}

void attendance_grid_size(const struct attendance_grid *g, int *w, int *h)
{
	attendance_grid_size_intern(g, NULL, w, h);
}

void attendance_grid_size_intern(const struct attendance_grid *g,
				 const struct attendance_grid_intern *in,
				 int *w, int *h)
{
	struct ag_grid a = ag_of(g, in);

	ag_size(&a, w, h);
}

int attendance_grid_svg(struct buf *out, const struct attendance_grid *g)
{
	return attendance_grid_svg_intern(out, g, NULL);
}

int attendance_grid_svg_intern(struct buf *out,
			       const struct attendance_grid *pg,
			       const struct attendance_grid_intern *in)
{
	struct ag_grid a;
	const struct ag_grid *g = &a;
	int w, h;

	if (out == NULL || pg == NULL)
		return -1;
	a = ag_of(pg, in);
	if ((g->nrows && g->ndays && !g->cells) ||
	    (g->nrows && g->nintern && (!g->intern_cells || !g->intern_dates)))
		return -1;
	ag_size(g, &w, &h);
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
	if (g->nintern)
		ag_intern_legend_draw(out, AG_HEAD + (int)g->nrows * AG_CELL +
						   AG_LEGEND_GAP +
						   (ATTENDANCE_CELL__MAX / 2) *
							   AG_LEGEND_ROW);
	buf_puts(out, "</svg>\n");
	return buf_failed(out) ? -1 : 0;
}
