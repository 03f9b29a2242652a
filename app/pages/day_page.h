/*
 * day_page: a course day's page and its edit forms, days added by hand,
 * and their API twins; one reader of the edit form for both.
 */
#ifndef MESTRING_DAY_PAGE_H
#define MESTRING_DAY_PAGE_H

struct req;

int day_page_show(struct req *r);    /* GET /days/{id} */
int day_page_update(struct req *r);  /* POST /days/{id} */
int day_page_cancel(struct req *r);  /* POST /days/{id}/cancel */
int day_page_restore(struct req *r); /* POST /days/{id}/restore */
int day_page_add(struct req *r);     /* POST /cohorts/{id}/days */

int day_api_list(struct req *r);   /* GET /api/v1/cohorts/{id}/days */
int day_api_add(struct req *r);	   /* POST /api/v1/cohorts/{id}/days */
int day_api_get(struct req *r);	   /* GET /api/v1/days/{id} */
int day_api_update(struct req *r); /* PATCH /api/v1/days/{id} */

#endif
