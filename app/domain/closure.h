/*
 * closure: a cohort's closure days, added by hand or imported from a remote
 * iCalendar file. Course days that fall on new closure days are listed, and
 * nothing changes until the project leader has said, for each, whether it
 * is cancelled, moved or kept.
 */
#ifndef MESTRING_CLOSURE_H
#define MESTRING_CLOSURE_H

#include <stdint.h>

struct db;
struct req;
struct view;

/* Adds the list "closures" ({id, date, date_da, reason, source}) to v. */
int closure_view_list(struct db *db, int64_t cohort_id, struct view *v);

int closure_add(struct req *r);      /* POST /cohorts/{id}/closures */
int closure_import(struct req *r);   /* POST /cohorts/{id}/closures/import */
int closure_apply(struct req *r);    /* POST /cohorts/{id}/closures/apply */
int closure_delete(struct req *r);   /* POST /closures/{id}/delete */
int closure_api_list(struct req *r); /* GET /api/v1/cohorts/{id}/closures */
int closure_api_preview(struct req *r); /* POST .../closures/preview */
int closure_api_apply(struct req *r);   /* POST .../closures */

#endif
