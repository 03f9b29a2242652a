/*
 * cohort_page: the cohort pages: the list, the new and edit forms and
 * their posts, the status and staff forms, the cohort page (which
 * composes its plan, days, closure days, roster, report row and
 * attendance links) and its two pictures. The API twins are cohort_api.h.
 */
#ifndef MESTRING_COHORT_PAGE_H
#define MESTRING_COHORT_PAGE_H

struct req;

int cohort_page_list(struct req *r);	     /* GET /cohorts */
int cohort_page_new(struct req *r);	     /* GET /cohorts/new */
int cohort_page_create(struct req *r);	     /* POST /cohorts */
int cohort_page_show(struct req *r);	     /* GET /cohorts/{id} */
int cohort_page_edit(struct req *r);	     /* GET /cohorts/{id}/edit */
int cohort_page_update(struct req *r);	     /* POST /cohorts/{id} */
int cohort_page_status(struct req *r);	     /* POST /cohorts/{id}/status */
int cohort_page_staff_add(struct req *r);    /* POST .../staff */
int cohort_page_staff_remove(struct req *r); /* POST .../staff/remove */
int cohort_page_timeline(struct req *r);     /* GET .../timeline.svg */
int cohort_page_capacity(struct req *r);     /* GET .../capacity.svg */

#endif
