/*
 * feedback_export: a cohort's week of host feedback as CSV and XLSX
 * (GET /cohorts/{id}/feedback.csv?week=2026-W10 and .xlsx), for staff who
 * see the cohort, with the rows of the citizens they see at work access;
 * audited before any byte leaves. No CPR number.
 */
#ifndef MESTRING_FEEDBACK_EXPORT_H
#define MESTRING_FEEDBACK_EXPORT_H

struct req;

int feedback_export_csv(struct req *r);
int feedback_export_xlsx(struct req *r);

#endif
