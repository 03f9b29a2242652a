/*
 * company_api: the host companies as JSON, the twins of company_page.c:
 * the same reader (company_form), loader (company_load) and domain calls.
 * A company is {"id", "name", "cvr", "address", "employees", "contacts":
 * [{"id", "name", "role", "email", "phone", "active"}], "cap", "interns",
 * "cap_statement_on", ...}; docs/api.md has the rest.
 */
#ifndef MESTRING_COMPANY_API_H
#define MESTRING_COMPANY_API_H

struct req;

int company_api_list(struct req *r);   /* GET /api/v1/companies[?q=] */
int company_api_create(struct req *r); /* POST /api/v1/companies */
int company_api_get(struct req *r);    /* GET /api/v1/companies/{id} */
int company_api_update(struct req *r); /* PATCH /api/v1/companies/{id} */

#endif
