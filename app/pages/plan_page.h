/*
 * plan_page: an internship's step-up plan ("optrapningsplan"): the page
 * with its picture, the generator's form, one week's form (hours per day,
 * the six dimensions of the "mixerpult", the status meeting) and the
 * history of changes; and its post. The API twins are plan_api.c; both
 * read through plan_form.c.
 */
#ifndef MESTRING_PLAN_PAGE_H
#define MESTRING_PLAN_PAGE_H

struct req;

int plan_page_show(struct req *r); /* GET /internships/{id}/plan[?week=N] */
int plan_page_save(struct req *r); /* POST /internships/{id}/plan */

#endif
