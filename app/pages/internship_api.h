/*
 * internship_api: the JSON twins of the internship pages. An internship
 * is {"id", "participant_id", "company_id", "contact_id", "status",
 * "start", "end", "purpose", ...}; a status step goes through PATCH with
 * "status" (see docs/api.md).
 */
#ifndef MESTRING_INTERNSHIP_API_H
#define MESTRING_INTERNSHIP_API_H

struct req;

int internship_api_list(struct req *r);	  /* GET .../{id}/internships */
int internship_api_create(struct req *r); /* POST .../{id}/internships */
int internship_api_get(struct req *r);	  /* GET /api/v1/internships/{id} */
int internship_api_update(struct req *r); /* PATCH .../internships/{id} */

#endif
