/*
 * attendance_grid: the picture of a cohort's attendance, participants by
 * course days, as SVG made on the server: a symbol and a colour per cell,
 * a title per cell for screen readers, and a legend.
 */
#ifndef MESTRING_ATTENDANCE_GRID_H
#define MESTRING_ATTENDANCE_GRID_H

#include "attendance_stats.h"
#include "buf.h"
#include "date.h"

#include <stddef.h>

/* The grid as the SVG draws it: rows by columns, borrowed. */
struct attendance_grid {
	const char *title; /* "Fremmøde på <hold>" */
	size_t nrows, ndays;
	const char *const *names;	   /* nrows */
	const date_t *dates;		   /* ndays, ascending */
	const enum attendance_cell *cells; /* nrows * ndays, row by row */
	const int *minutes; /* the same: late/left-early minutes */
};

/* Internship days, drawn as a block of their own after the course days,
 * with a dashed frame: the grid's rows by n dates, borrowed. */
struct attendance_grid_intern {
	size_t n;
	const date_t *dates; /* ascending */
	const enum attendance_intern_cell *cells;
	const int *minutes; /* minutes worked */
};

/*
 * Appends the grid as one <svg role="img"> with a title, a description,
 * a <title> per cell ("Navn, dato: status") and a legend of symbols and
 * colours. 0, or -1 when out failed.
 */
int attendance_grid_svg(struct buf *out, const struct attendance_grid *g);
/* The same with internship days (in may be NULL or hold none). */
int attendance_grid_svg_intern(struct buf *out, const struct attendance_grid *g,
			       const struct attendance_grid_intern *in);
/* The picture's width and height in viewBox units (about CSS pixels). */
void attendance_grid_size(const struct attendance_grid *g, int *w, int *h);
void attendance_grid_size_intern(const struct attendance_grid *g,
				 const struct attendance_grid_intern *in,
				 int *w, int *h);
/* The legend's symbol ("" for a blank cell) and Danish label of a cell
 * status. */
const char *attendance_cell_symbol(enum attendance_cell c);
const char *attendance_cell_label(enum attendance_cell c);
/* The legend's i-th cell status (0 <= i < ATTENDANCE_CELL__MAX): the
 * marks, then the two kinds of no mark. */
enum attendance_cell attendance_grid_legend(int i);
/* The symbol and Danish label of an internship day's cell. */
const char *attendance_intern_symbol(enum attendance_intern_cell c);
const char *attendance_intern_label(enum attendance_intern_cell c);

#endif
