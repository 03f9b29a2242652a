/*
 * users: the administrator's user pages and their API twins, with the one
 * reader of a user's fields that `mestring user add` shares.
 */
#ifndef MESTRING_USERS_H
#define MESTRING_USERS_H

#include "form.h"
#include "password.h"
#include "result.h"
#include "user.h"

struct req;

int users_list_page(struct req *r);	 /* GET /users */
int users_new_page(struct req *r);	 /* GET /users/new */
int users_create(struct req *r);	 /* POST /users */
int users_edit_page(struct req *r);	 /* GET /users/{id} */
int users_update(struct req *r);	 /* POST /users/{id} */
int users_reset_password(struct req *r); /* POST /users/{id}/password */
int users_deactivate(struct req *r);	 /* POST /users/{id}/deactivate */
int users_activate(struct req *r);	 /* POST /users/{id}/activate */
int users_api_list(struct req *r);	 /* GET /api/v1/users */
int users_api_get(struct req *r);	 /* GET /api/v1/users/{id} */
int users_api_create(struct req *r);	 /* POST /api/v1/users */
int users_api_update(struct req *r);	 /* PATCH /api/v1/users/{id} */

/* Which fields a reading takes: all but "active" (create), the four that
 * the edit page shows, or any of them, each optional (the API's PATCH). */
enum users_fields { USERS_CREATE, USERS_EDIT, USERS_PATCH };

#define USERS_FIELDS_MAX 6

/* A user's fields read from a form; in points into the rest. */
struct users_form {
	struct form_value v[USERS_FIELDS_MAX];
	char hash[PASSWORD_HASH_LEN];
	struct user_input in;
};

/*
 * Validates f, fills u->in, and hashes the password given (before the
 * writer is taken). RESULT_OK (free u with users_form_free), or
 * RESULT_INVALID or RESULT_FAILED with bad filled.
 */
enum result users_read(const struct form *f, enum users_fields which,
		       struct users_form *u, struct form_invalid *bad);
void users_form_free(struct users_form *u);

#endif
