/*
 * organisations: the administrator's organisation page and its API twins,
 * and the organisation pickers other forms show.
 */
#ifndef MESTRING_ORGANISATIONS_H
#define MESTRING_ORGANISATIONS_H

#include <stdint.h>

struct db;
struct req;
struct view;

int organisations_page(struct req *r);	     /* GET /organisations */
int organisations_create(struct req *r);     /* POST /organisations */
int organisations_update(struct req *r);     /* POST /organisations/{id} */
int organisations_api_list(struct req *r);   /* GET /api/v1/organisations */
int organisations_api_create(struct req *r); /* POST /api/v1/organisations */
int organisations_api_update(struct req *r); /* PATCH .../{id} */

/* Adds the list "organisations" ({id, name, kind, kind_label, users,
 * selected}) to v. 0 or -1. */
int organisations_options(struct db *db, struct view *v, int64_t selected);
/* The same for one kind ("job_centre", ...) under the list name list. */
int organisations_options_of(struct db *db, struct view *v, const char *list,
			     const char *kind, int64_t selected);

#endif
