/*
 * user: staff accounts (admin, project leader, caseworker, enterprise
 * consultant, instructor, mentor) in an organisation. The administrator
 * (or the system: the demo, the command line) sees and changes them; the
 * rules hold whichever way in (page, API, command line).
 */
#ifndef MESTRING_USER_H
#define MESTRING_USER_H

#include "password.h"
#include "result.h"
#include "role.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

struct user {
	int64_t id, organisation_id, created_at, updated_at;
	char email[256], name[801]; /* name: 200 characters of UTF-8 */
	char organisation[801];	    /* its name */
	enum role role;
	bool active;
};

/* What a create sets, or an update changes. On create every field but
 * active is required. */
struct user_input {
	const char *email;	   /* NULL: unchanged */
	const char *name;	   /* NULL: unchanged */
	int role;		   /* enum role, or -1: unchanged */
	int64_t organisation_id;   /* 0: unchanged */
	const char *password_hash; /* user_password_hash's; NULL: unchanged */
	int active;		   /* 0, 1, or -1: unchanged */
};

/*
 * Checks a new password against the rule and hashes it into hash, before
 * the writer is taken (argon2id is slow by design). RESULT_INVALID (field
 * "password") when it is too short or long, RESULT_FAILED when it could
 * not be hashed.
 */
enum result user_password_hash(const char *password,
			       char hash[PASSWORD_HASH_LEN],
			       struct form_invalid *bad);

/* User id into *out: 0 found, 1 not (or not for a), -1 error. */
int user_get(struct db *db, const struct actor *a, int64_t id,
	     struct user *out);
/* The id of the user with that e-mail; 0 if none, -1 on error. */
int64_t user_find(struct db *db, const char *email);

/* Which users a list shows. */
struct user_filter {
	int role;		 /* enum role, or -1: any */
	int64_t organisation_id; /* 0: any */
	bool inactive;		 /* deactivated users too */
};
typedef int (*user_fn)(void *ctx, const struct user *u);
/* Calls fn for each user of f (active first, then by name) that a may
 * see, until fn returns -1. 0, or -1 on error (or when fn stopped). */
int user_each(struct db *db, const struct actor *a, const struct user_filter *f,
	      user_fn fn, void *ctx);

/*
 * Creates a user with its audit row (user.create) in one transaction on
 * the writer w, which the caller holds; *id_out (may be NULL) gets the
 * id. RESULT_INVALID with bad->field "organisation_id" when the
 * organisation does not exist, RESULT_CONFLICT (field "email") when the
 * e-mail is taken, RESULT_REFUSED unless a is an administrator or the
 * system. bad->message always says it in Danish.
 */
enum result user_create(struct db *w, const struct actor *a,
			const struct user_input *in, int64_t *id_out,
			struct form_invalid *bad);
/*
 * Changes user id the same way, audited as user.deactivate, user.activate,
 * user.password_reset (a new password alone) or user.update; a
 * deactivation or a new password ends the user's sessions. Also
 * RESULT_NOT_FOUND, and RESULT_REFUSED when administrators would
 * deactivate themselves or give up their own role.
 */
enum result user_update(struct db *w, const struct actor *a, int64_t id,
			const struct user_input *in, struct form_invalid *bad);

#endif
