/*
 * closure_page: a cohort's closure days on pages and in the API: a day
 * typed in, an iCalendar file fetched, the preview of the course days
 * they hit, the leader's choices for those days, and deleting one.
 */
#ifndef MESTRING_CLOSURE_PAGE_H
#define MESTRING_CLOSURE_PAGE_H

#include <stdint.h>

struct db;
struct req;
struct view;

/* Adds the list "closures" ({id, date, date_da, reason, source}) to v,
 * for the cohort page. 0 or -1. */
int closure_view_list(struct db *db, int64_t cohort_id, struct view *v);

int closure_page_add(struct req *r);	/* POST /cohorts/{id}/closures */
int closure_page_import(struct req *r); /* POST .../closures/import */
int closure_page_apply(struct req *r);	/* POST .../closures/apply */
int closure_page_delete(struct req *r); /* POST /closures/{id}/delete */

int closure_api_list(struct req *r);	/* GET .../closures */
int closure_api_preview(struct req *r); /* POST .../closures/preview */
int closure_api_apply(struct req *r);	/* POST .../closures */

#endif
