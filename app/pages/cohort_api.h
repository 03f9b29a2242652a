/*
 * cohort_api: the cohort's JSON twins of the pages (cohort_page.h): the
 * list, one cohort with its plan, staff and target group, create and
 * change. They read input with cohort_form_read as the pages do.
 */
#ifndef MESTRING_COHORT_API_H
#define MESTRING_COHORT_API_H

struct req;

int cohort_api_list(struct req *r);   /* GET /api/v1/cohorts */
int cohort_api_create(struct req *r); /* POST /api/v1/cohorts */
int cohort_api_get(struct req *r);    /* GET /api/v1/cohorts/{id} */
int cohort_api_update(struct req *r); /* PATCH /api/v1/cohorts/{id} */

#endif
