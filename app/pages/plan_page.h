/*
 * plan_page: an internship's step-up plan ("optrapningsplan"): the page
 * with its picture, the generator's form, one week's form (hours per day,
 * the six dimensions of the "mixerpult", the status meeting) and the
 * history of changes; its post; and the API twins, which read a week and
 * a generation through the same readers as the page.
 */
#ifndef MESTRING_PLAN_PAGE_H
#define MESTRING_PLAN_PAGE_H

struct req;

int plan_page_show(struct req *r); /* GET /internships/{id}/plan[?week=N] */
int plan_page_save(struct req *r); /* POST /internships/{id}/plan */
int plan_api_get(struct req *r);   /* GET /api/v1/internships/{id}/plan */
int plan_api_put(struct req *r);   /* PUT /api/v1/internships/{id}/plan */

#endif
