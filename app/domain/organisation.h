/*
 * organisation: job centres, course providers and psychiatry partners, the
 * organisations staff belong to. Every member of staff may see them; the
 * administrator (or the system) adds and changes them. Names are unique
 * regardless of case.
 */
#ifndef MESTRING_ORGANISATION_H
#define MESTRING_ORGANISATION_H

#include "result.h"
#include "role.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

struct organisation {
	int64_t id;
	char name[801]; /* 200 characters of UTF-8 */
	enum org_kind kind;
	int64_t active_users; /* lists only: its active users */
};

/* What a create or an update sets. */
struct organisation_input {
	const char *name; /* 1..200 characters (the form checks) */
	enum org_kind kind;
};

bool organisation_exists(struct db *db, int64_t id);
/* The id of the organisation with that name or decimal id; 0 if none,
 * -1 on error. */
int64_t organisation_find(struct db *db, const char *name_or_id);
/* Organisation id into *out: 0 found, 1 not, -1 error. */
int organisation_get(struct db *db, const struct actor *a, int64_t id,
		     struct organisation *out);

typedef int (*organisation_fn)(void *ctx, const struct organisation *o);
/* Calls fn for every organisation in name order, until fn returns -1.
 * 0, or -1 on error (or when fn stopped). */
int organisation_each(struct db *db, const struct actor *a, organisation_fn fn,
		      void *ctx);

/*
 * Creates an organisation with its audit row (organisation.create) in one
 * transaction on the writer w, which the caller holds; *id_out (may be
 * NULL) gets its id. RESULT_CONFLICT when the name is taken (bad names
 * "name"), RESULT_REFUSED unless a is an administrator or the system.
 */
enum result organisation_create(struct db *w, const struct actor *a,
				const struct organisation_input *in,
				int64_t *id_out, struct form_invalid *bad);
/* Changes organisation id the same way (organisation.update); also
 * RESULT_NOT_FOUND. */
enum result organisation_update(struct db *w, const struct actor *a, int64_t id,
				const struct organisation_input *in,
				struct form_invalid *bad);

#endif
