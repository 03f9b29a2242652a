/*
 * user: staff accounts (admin, project leader, caseworker, enterprise
 * consultant, instructor, mentor) in an organisation. One set of operations
 * serves the pages, the JSON API and the command line.
 */
#ifndef MESTRING_USER_H
#define MESTRING_USER_H

#include "role.h"

#include <stdbool.h>
#include <stdint.h>

struct db;
struct req;
struct audit_entry;

struct user_input {
	const char *email; /* NULL: unchanged (edit) */
	const char *name;
	int role;                /* enum role, or -1: unchanged */
	int64_t organisation_id; /* 0: unchanged */
	const char *password;    /* NULL: unchanged */
	int active;              /* 0, 1, or -1: unchanged */
};

enum user_result {
	USER_OK = 0,
	USER_FAIL = -1,
	USER_DUPLICATE = -2,  /* e-mail taken */
	USER_NO_ORG = -3,     /* organisation does not exist */
	USER_NOT_FOUND = -4,
	USER_WEAK = -5,       /* password too short or long */
	USER_SELF = -6,       /* an admin may not lock themselves out */
};

/* Danish explanation of a result. */
const char *user_result_message(enum user_result res);

/*
 * Creates (id 0) or changes (id > 0) a user in one write transaction with
 * its audit row; by is the actor (its action is replaced). On create every
 * field of in is required. *id_out gets the user's id.
 */
enum user_result user_save(int64_t id, const struct user_input *in,
			   const struct audit_entry *by, int64_t *id_out);

/* Page and API handlers. */
int user_list_page(struct req *r);
int user_new_page(struct req *r);
int user_create(struct req *r);
int user_edit_page(struct req *r);
int user_update(struct req *r);
int user_reset_password(struct req *r);
int user_deactivate(struct req *r);
int user_activate(struct req *r);
int user_api_list(struct req *r);
int user_api_get(struct req *r);
int user_api_create(struct req *r);
int user_api_update(struct req *r);

/* `mestring user add|passwd|disable|list`. Exit status. */
int user_cli(int argc, char **argv);

#endif
