/*
 * plan_api: an internship's step-up plan in the JSON API (docs/api-plan.md).
 */
#ifndef MESTRING_PLAN_API_H
#define MESTRING_PLAN_API_H

struct req;

int plan_api_get(struct req *r); /* GET /api/v1/internships/{id}/plan */
int plan_api_put(struct req *r); /* PUT /api/v1/internships/{id}/plan */

#endif
