/*
 * attendance_export: a cohort's attendance numbers as files for Danish
 * Excel: CSV (through csv.h) and XLSX (libxlsxwriter), with the rows the
 * page shows. Each export is audited per participant before a byte leaves.
 */
#ifndef MESTRING_ATTENDANCE_EXPORT_H
#define MESTRING_ATTENDANCE_EXPORT_H

struct req;

/* GET /cohorts/{id}/attendance.csv and .xlsx; ?from=&to= (ISO). */
int attendance_export_csv(struct req *r);
int attendance_export_xlsx(struct req *r);

#endif
