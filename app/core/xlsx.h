/*
 * xlsx: an XLSX workbook made in memory. libxlsxwriter only writes files,
 * and its zip writer keeps 64 KiB on the stack (more than a CivetWeb
 * worker has left): the workbook is written on a thread of its own, into
 * a private folder (mode 0700) that is read back and removed.
 */
#ifndef MESTRING_XLSX_H
#define MESTRING_XLSX_H

#include "buf.h"

#include <xlsxwriter.h>

/* Fills the new workbook wb (its sheets and cells). 0 or -1. */
typedef int (*xlsx_fill_fn)(lxw_workbook *wb, void *ctx);

/* The bytes of the workbook fill makes, titled title, into out. 0 or
 * -1 (logged). */
int xlsx_build(struct buf *out, const char *title, xlsx_fill_fn fill,
	       void *ctx);

#endif
