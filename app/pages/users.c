/*
 * users: the administrator's pages for staff accounts and their API twins.
 * Both read a user's fields through users_read and answer the domain's
 * result (app/domain/user.c) each in its own way.
 */
#include "users.h"

#include "db.h"
#include "http.h"
#include "organisations.h"

#include <stdio.h>
#include <string.h>

/* The same names on pages, in the API and on the command line. */
static const struct form_spec users_spec[USERS_FIELDS_MAX] = {
	{"email", "E-mail", FIELD_EMAIL, true, 3, 254, NULL},
	{"name", "Navn", FIELD_TEXT, true, 1, 200, NULL},
	{"role", "Rolle", FIELD_ENUM, true, 0, 0, role_names},
	{"organisation_id", "Organisation", FIELD_INT, true, 1,
	 9007199254740991L, NULL},
	{"password", "Adgangskode", FIELD_PASSWORD, true, PASSWORD_MIN,
	 PASSWORD_MAX, NULL},
	{"active", "Aktiv", FIELD_BOOL, false, 0, 0, NULL},
};
enum { UF_EMAIL, UF_NAME, UF_ROLE, UF_ORG, UF_PASSWORD, UF_ACTIVE, UF__N };

/* Validates the fields of which into u->v. 0 or -1 with bad. */
static int users_validate(const struct form *f, enum users_fields which,
			  struct users_form *u, struct form_invalid *bad)
{
	struct form_spec spec[UF__N];
	size_t i;

	switch (which) {
	case USERS_CREATE:
		return form_validate(f, users_spec, UF_ACTIVE, u->v, bad);
	case USERS_EDIT:
		return form_validate(f, users_spec, UF_PASSWORD, u->v, bad);
	case USERS_PATCH:
		break;
	}
	/* Only the fields given change; each is validated as on create. */
	memcpy(spec, users_spec, sizeof(spec));
	for (i = 0; i < UF__N; i++)
		spec[i].required = false;
	return form_validate(f, spec, UF__N, u->v, bad);
}

enum result users_read(const struct form *f, enum users_fields which,
		       struct users_form *u, struct form_invalid *bad)
{
	const struct form_value *v = u->v;
	bool patch = which == USERS_PATCH;
	enum result rc;

	memset(u, 0, sizeof(*u));
	if (users_validate(f, which, u, bad) < 0)
		return RESULT_INVALID;
	u->in.email = !patch || v[UF_EMAIL].present ? v[UF_EMAIL].s : NULL;
	u->in.name = !patch || v[UF_NAME].present ? v[UF_NAME].s : NULL;
	u->in.role = !patch || v[UF_ROLE].present ? role_parse(v[UF_ROLE].s)
						  : -1;
	u->in.organisation_id = !patch || v[UF_ORG].present ? v[UF_ORG].i : 0;
	u->in.active = patch && form_get(f, "active") ? (int)v[UF_ACTIVE].i
						      : -1;
	if (which == USERS_CREATE || (patch && v[UF_PASSWORD].present)) {
		rc = user_password_hash(v[UF_PASSWORD].s, u->hash, bad);
		if (rc != RESULT_OK) {
			users_form_free(u);
			return rc;
		}
		u->in.password_hash = u->hash;
	}
	return RESULT_OK;
}

void users_form_free(struct users_form *u)
{
	form_values_free(u->v, UF__N);
	sodium_memzero(u->hash, sizeof(u->hash));
	memset(&u->in, 0, sizeof(u->in));
}

/* Creates (id 0, *id gets the new one) or changes user *id. */
static enum result users_save(struct req *r, int64_t *id,
			      const struct user_input *in,
			      struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct db *w = db_writer_lock();
	enum result rc = *id ? user_update(w, &a, *id, in, bad)
			     : user_create(w, &a, in, id, bad);

	db_writer_unlock(w);
	return rc;
}

/* The status a refused change answers: the self-lockout is the input's
 * fault, as the other refusals are. */
static int users_status(enum result rc)
{
	switch (rc) {
	case RESULT_OK:
		return 200;
	case RESULT_CONFLICT:
		return 409;
	case RESULT_NOT_FOUND:
		return 404;
	case RESULT_INVALID:
	case RESULT_REFUSED:
		return 422;
	default:
		return 500;
	}
}

/* The pages. */

static void users_view_row(struct view *row, const struct user *u)
{
	view_set_int(row, "id", u->id);
	view_set(row, "email", u->email);
	view_set(row, "name", u->name);
	view_set(row, "role", role_name(u->role));
	view_set(row, "role_label", role_label(u->role));
	view_set_int(row, "organisation_id", u->organisation_id);
	view_set(row, "organisation", u->organisation);
	view_set_bool(row, "active", u->active);
}

static int users_view_add(void *ctx, const struct user *u)
{
	users_view_row(view_add(ctx, "users"), u);
	return 0;
}

static void users_role_options(struct view *v, const char *selected)
{
	int i;

	for (i = 0; i < ROLE__MAX; i++) {
		struct view *o = view_add(v, "roles");

		view_set(o, "value", role_names[i]);
		view_set(o, "label", role_label(i));
		view_set_bool(o, "selected",
			      selected && strcmp(selected, role_names[i]) == 0);
	}
}

int users_list_page(struct req *r)
{
	const char *role = http_query(r, "role");
	const char *inactive = http_query(r, "inactive");
	struct actor a = http_actor(r);
	struct user_filter f = {-1, 0, inactive != NULL};
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	f.role = role ? role_parse(role) : -1;
	if (f.role < 0)
		role = NULL;
	view_set(v, "title", "Brugere");
	view_set_bool(v, "show_inactive", inactive != NULL);
	view_set_bool(v, "created", http_query(r, "created") != NULL);
	users_role_options(v, role);
	view_list(v, "users");
	if (user_each(r->db, &a, &f, users_view_add, v) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, 200, "users.html", v);
	view_free(v);
	return rc;
}

/* The organisation a re-shown form had picked, or 0. */
static int64_t users_form_org(const struct form *f)
{
	static const struct form_spec spec[] = {
		{"organisation_id", "Organisation", FIELD_INT, false, 1,
		 9007199254740991L, NULL},
	};
	struct form_value v;
	int64_t id;

	if (form_validate(f, spec, 1, &v, NULL) < 0)
		return 0;
	id = v.present ? v.i : 0;
	form_values_free(&v, 1);
	return id;
}

/* The create/edit form, re-shown with the values given and an error. */
static int users_form_render(struct req *r, int status, int64_t id,
			     const struct user *u, const char *error)
{
	struct view *v = view_new();
	const char *role;
	int64_t org;
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", id ? "Rediger bruger" : "Ny bruger");
	view_set(v, "error", error);
	view_set_bool(v, "editing", id != 0);
	view_set_bool(v, "saved", http_query(r, "saved") != NULL);
	/* The stored user, unless the form being answered carries the
	 * fields (then the user sees what they typed). */
	if (u && form_get(&r->form, "email") == NULL) {
		users_view_row(v, u);
		role = role_name(u->role);
		org = u->organisation_id;
	} else {
		view_set_int(v, "id", id);
		view_set(v, "email", form_get(&r->form, "email"));
		view_set(v, "name", form_get(&r->form, "name"));
		role = form_get(&r->form, "role");
		org = u ? u->organisation_id : 0;
		if (form_get(&r->form, "organisation_id"))
			org = users_form_org(&r->form);
		view_set_bool(v, "active", u ? u->active : true);
	}
	users_role_options(v, role);
	if (organisations_options(r->db, v, org) < 0) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	rc = http_page(r, status, "user_form.html", v);
	view_free(v);
	return rc;
}

int users_new_page(struct req *r)
{
	return users_form_render(r, 200, 0, NULL, NULL);
}

int users_create(struct req *r)
{
	struct users_form u;
	struct form_invalid bad;
	enum result rc;
	char loc[64];
	int64_t id = 0;

	rc = users_read(&r->form, USERS_CREATE, &u, &bad);
	if (rc == RESULT_OK) {
		rc = users_save(r, &id, &u.in, &bad);
		users_form_free(&u);
	}
	if (rc != RESULT_OK)
		return users_form_render(r, users_status(rc), 0, NULL,
					 bad.message);
	snprintf(loc, sizeof(loc), "/users/%lld?saved=1", (long long)id);
	return http_redirect(r, loc);
}

int users_edit_page(struct req *r)
{
	struct actor a = http_actor(r);
	struct user u;
	int rc = user_get(r->db, &a, r->params[0], &u);

	if (rc != 0)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return users_form_render(r, 200, u.id, &u, NULL);
}

/* The page's answer to a change of the user of the path that went rc. */
static int users_page_answer(struct req *r, enum result rc,
			     const struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct user u;
	char loc[64];
	int got;

	if (rc == RESULT_OK) {
		snprintf(loc, sizeof(loc), "/users/%lld?saved=1",
			 (long long)r->params[0]);
		return http_redirect(r, loc);
	}
	if (rc == RESULT_NOT_FOUND)
		return http_error(r, 404, NULL);
	got = user_get(r->db, &a, r->params[0], &u);
	if (got != 0)
		return http_error(r, got > 0 ? 404 : 500, NULL);
	return users_form_render(r, users_status(rc), u.id, &u, bad->message);
}

/* Applies in to the user of the path and answers the page. */
static int users_page_save(struct req *r, const struct user_input *in)
{
	struct form_invalid bad;
	int64_t id = r->params[0];

	return users_page_answer(r, users_save(r, &id, in, &bad), &bad);
}

int users_update(struct req *r)
{
	struct users_form u;
	struct form_invalid bad;
	enum result rc = users_read(&r->form, USERS_EDIT, &u, &bad);
	int status;

	if (rc != RESULT_OK)
		return users_page_answer(r, rc, &bad);
	status = users_page_save(r, &u.in);
	users_form_free(&u);
	return status;
}

int users_reset_password(struct req *r)
{
	struct user_input in = {.role = -1, .active = -1};
	const char *password = form_get(&r->form, "password");
	char hash[PASSWORD_HASH_LEN];
	struct form_invalid bad;
	enum result rc;
	int status;

	rc = user_password_hash(password ? password : "", hash, &bad);
	if (rc != RESULT_OK)
		return users_page_answer(r, rc, &bad);
	in.password_hash = hash;
	status = users_page_save(r, &in);
	sodium_memzero(hash, sizeof(hash));
	return status;
}

int users_deactivate(struct req *r)
{
	struct user_input in = {.role = -1, .active = 0};

	return users_page_save(r, &in);
}

int users_activate(struct req *r)
{
	struct user_input in = {.role = -1, .active = 1};

	return users_page_save(r, &in);
}

/* The API. */

static cJSON *users_json(const struct user *u)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)u->id);
	cJSON_AddStringToObject(o, "email", u->email);
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "role", role_name(u->role));
	cJSON_AddNumberToObject(o, "organisation_id",
				(double)u->organisation_id);
	cJSON_AddStringToObject(o, "organisation", u->organisation);
	cJSON_AddBoolToObject(o, "active", u->active);
	return o;
}

static int users_json_add(void *ctx, const struct user *u)
{
	cJSON_AddItemToArray(ctx, users_json(u));
	return 0;
}

int users_api_list(struct req *r)
{
	const char *role = http_query(r, "role");
	struct actor a = http_actor(r);
	struct user_filter f = {-1, 0, http_query(r, "inactive") != NULL};
	cJSON *root, *users;

	if (role && role_parse(role) < 0)
		return http_invalid(r, "role", "Ukendt rolle.");
	f.role = role ? role_parse(role) : -1;
	root = cJSON_CreateObject();
	users = cJSON_AddArrayToObject(root, "users");
	if (user_each(r->db, &a, &f, users_json_add, users) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int users_api_answer(struct req *r, int status, int64_t id)
{
	struct actor a = http_actor(r);
	struct user u;
	int rc = user_get(r->db, &a, id, &u);

	if (rc != 0)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return http_json(r, status, users_json(&u));
}

int users_api_get(struct req *r)
{
	return users_api_answer(r, 200, r->params[0]);
}

static int users_api_failed(struct req *r, enum result rc,
			    const struct form_invalid *bad)
{
	int status = users_status(rc);

	if (status == 422)
		return http_invalid(r, bad->field, bad->message);
	return http_error(r, status, bad->message);
}

/* Reads the fields of which and creates (id 0) or changes user id. */
static int users_api_save(struct req *r, enum users_fields which, int64_t id)
{
	struct users_form u;
	struct form_invalid bad;
	int status = id ? 200 : 201;
	enum result rc = users_read(&r->form, which, &u, &bad);

	if (rc == RESULT_OK) {
		rc = users_save(r, &id, &u.in, &bad);
		users_form_free(&u);
	}
	if (rc != RESULT_OK)
		return users_api_failed(r, rc, &bad);
	return users_api_answer(r, status, id);
}

int users_api_create(struct req *r)
{
	return users_api_save(r, USERS_CREATE, 0);
}

/* PATCH: only the fields given change; each is validated as on create. */
int users_api_update(struct req *r)
{
	return users_api_save(r, USERS_PATCH, r->params[0]);
}
