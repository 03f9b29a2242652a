/*
 * organisation: job centres, course providers and psychiatry partners, the
 * organisations staff belong to.
 */
#ifndef MESTRING_ORGANISATION_H
#define MESTRING_ORGANISATION_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct req;
struct view;
struct audit_entry;

bool organisation_exists(struct db *db, int64_t id);
/* The id of the organisation with that name or decimal id; 0 if none,
 * -1 on error. */
int64_t organisation_find(struct db *db, const char *name_or_id);
/* Adds the list "organisations" ({id, name, kind_label, selected}) to v. */
int organisation_options(struct db *db, struct view *v, int64_t selected);
/* The same for one kind ("job_centre", ...) under the list name list. */
int organisation_options_of(struct db *db, struct view *v, const char *list,
			    const char *kind, int64_t selected);
/* Creates an organisation with its audit row. Its id, 0 when the name is
 * taken, -1 on error. */
int64_t organisation_add(const char *name, const char *kind,
			 const struct audit_entry *by);

int organisation_list_page(struct req *r);
int organisation_create(struct req *r);
int organisation_update(struct req *r);
int organisation_api_list(struct req *r);
int organisation_api_create(struct req *r);
int organisation_api_update(struct req *r);

/* `mestring org add|list`. Exit status. */
int organisation_cli(int argc, char **argv);

#endif
