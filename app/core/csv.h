/*
 * csv: CSV for Danish Excel: UTF-8 with a byte order mark, ';' between
 * cells and CRLF after rows. A cell that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) is written
 * with a leading apostrophe, so it shows as the text it is.
 */
#ifndef MESTRING_CSV_H
#define MESTRING_CSV_H

#include "buf.h"

#include <stdint.h>

/* The byte order mark that makes Excel read UTF-8. */
void csv_start(struct buf *b);
/* A text cell, quoted when needed, guarded against formulas; a ';'
 * before it unless it is the row's first. */
void csv_text(struct buf *b, const char *s, int first);
void csv_int(struct buf *b, int64_t v, int first);
void csv_end_row(struct buf *b);

#endif
