/*
 * user: staff accounts. The checks live in user_save, which the pages, the
 * API and the command line all call, so a rule holds whichever way in.
 */
#include "user.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "organisation.h"
#include "password.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum user_sql {
	USER_SQL_ADD,
	USER_SQL_GET,
	USER_SQL_LIST,
	USER_SQL_SET_EMAIL,
	USER_SQL_SET_NAME,
	USER_SQL_SET_ROLE,
	USER_SQL_SET_ORG,
	USER_SQL_SET_ACTIVE,
	USER_SQL_SET_HASH,
	USER_SQL_END_SESSIONS,
	USER_SQL_BY_EMAIL,
	USER_SQL__MAX
};

#define USER_COLUMNS                                                        \
	"u.id, u.email, u.name, u.role, u.organisation_id, o.name, "       \
	"u.active, u.created_at, u.updated_at "

static const char *const user_sql[USER_SQL__MAX] = {
	[USER_SQL_ADD] =
		"INSERT INTO user (email, name, role, organisation_id, "
		"password_hash, active, created_at, updated_at, "
		"password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6, ?6)",
	[USER_SQL_GET] = "SELECT " USER_COLUMNS "FROM user u JOIN organisation "
			 "o ON o.id = u.organisation_id WHERE u.id = ?1",
	[USER_SQL_LIST] =
		"SELECT " USER_COLUMNS "FROM user u JOIN organisation o ON "
		"o.id = u.organisation_id WHERE (?1 = '' OR u.role = ?1) AND "
		"(?2 = 0 OR u.organisation_id = ?2) AND (?3 = 1 OR u.active = 1) "
		"ORDER BY u.active DESC, u.name COLLATE NOCASE, u.id",
	[USER_SQL_SET_EMAIL] = "UPDATE user SET email = ?2, updated_at = ?3 "
			       "WHERE id = ?1 AND email != ?2",
	[USER_SQL_SET_NAME] = "UPDATE user SET name = ?2, updated_at = ?3 "
			      "WHERE id = ?1 AND name != ?2",
	[USER_SQL_SET_ROLE] = "UPDATE user SET role = ?2, updated_at = ?3 "
			      "WHERE id = ?1 AND role != ?2",
	[USER_SQL_SET_ORG] = "UPDATE user SET organisation_id = ?2, updated_at "
			     "= ?3 WHERE id = ?1 AND organisation_id != ?2",
	[USER_SQL_SET_ACTIVE] = "UPDATE user SET active = ?2, updated_at = ?3 "
				"WHERE id = ?1 AND active != ?2",
	[USER_SQL_SET_HASH] =
		"UPDATE user SET password_hash = ?2, password_changed_at = ?3, "
		"updated_at = ?3 WHERE id = ?1",
	[USER_SQL_END_SESSIONS] = "DELETE FROM session WHERE user_id = ?1",
	[USER_SQL_BY_EMAIL] = "SELECT id FROM user WHERE email = ?1",
};

const char *user_result_message(enum user_result res)
{
	switch (res) {
	case USER_OK: return "Gemt.";
	case USER_DUPLICATE:
		return "Der findes allerede en bruger med den e-mail.";
	case USER_NO_ORG: return "Organisationen findes ikke.";
	case USER_NOT_FOUND: return "Brugeren findes ikke.";
	case USER_WEAK: return "Adgangskoden skal være mindst 12 tegn.";
	case USER_SELF:
		return "Du kan ikke deaktivere dig selv eller fjerne din egen "
		       "administratorrolle.";
	default: return "Der opstod en fejl. Intet blev gemt.";
	}
}

static enum user_result user_result_of(enum db_result rc)
{
	return rc == DB_OK ? USER_OK
	       : rc == DB_CONSTRAINT ? USER_DUPLICATE
				     : USER_FAIL;
}

/* Runs one "set" statement; adds what changed to detail. */
static enum user_result user_set(struct db *w, enum user_sql which, int64_t id,
				 const char *text, int64_t num,
				 struct buf *detail, const char *what)
{
	sqlite3_stmt *st = db_stmt(w, user_sql[which]);
	enum db_result rc;

	if (st == NULL)
		return USER_FAIL;
	sqlite3_bind_int64(st, 1, id);
	if (text)
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, num);
	sqlite3_bind_int64(st, 3, http_now());
	rc = db_exec_stmt(w, st);
	if (rc == DB_CONSTRAINT && which == USER_SQL_SET_ORG)
		return USER_NO_ORG;
	if (rc == DB_OK && db_changes(w) > 0)
		buf_printf(detail, "%s%s", detail->len ? ", " : "", what);
	return user_result_of(rc);
}

static enum user_result user_insert(struct db *w, const struct user_input *in,
				    const char *hash, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(w, user_sql[USER_SQL_ADD]);
	enum db_result rc;

	if (st == NULL)
		return USER_FAIL;
	if (!organisation_exists(w, in->organisation_id))
		return USER_NO_ORG;
	sqlite3_bind_text(st, 1, in->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_name(in->role), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, in->organisation_id);
	sqlite3_bind_text(st, 5, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, http_now());
	rc = db_exec_stmt(w, st);
	*id = db_last_id(w);
	return user_result_of(rc);
}

static enum user_result user_end_sessions(struct db *w, int64_t id)
{
	sqlite3_stmt *st = db_stmt(w, user_sql[USER_SQL_END_SESSIONS]);

	if (st == NULL)
		return USER_FAIL;
	sqlite3_bind_int64(st, 1, id);
	return user_result_of(db_exec_stmt(w, st));
}

/* Applies the changed fields of in to user id, inside w's transaction. */
static enum user_result user_apply(struct db *w, int64_t id,
				   const struct user_input *in,
				   const char *hash, struct buf *detail)
{
	enum user_result res = USER_OK;

	if (in->email)
		res = user_set(w, USER_SQL_SET_EMAIL, id, in->email, 0, detail,
			       "e-mail");
	if (res == USER_OK && in->name)
		res = user_set(w, USER_SQL_SET_NAME, id, in->name, 0, detail,
			       "navn");
	if (res == USER_OK && in->role >= 0)
		res = user_set(w, USER_SQL_SET_ROLE, id, role_name(in->role), 0,
			       detail, "rolle");
	if (res == USER_OK && in->organisation_id > 0) {
		if (!organisation_exists(w, in->organisation_id))
			return USER_NO_ORG;
		res = user_set(w, USER_SQL_SET_ORG, id, NULL,
			       in->organisation_id, detail, "organisation");
	}
	if (res == USER_OK && in->active >= 0)
		res = user_set(w, USER_SQL_SET_ACTIVE, id, NULL, in->active,
			       detail, in->active ? "aktiveret" : "deaktiveret");
	if (res == USER_OK && hash)
		res = user_set(w, USER_SQL_SET_HASH, id, hash, 0, detail,
			       "adgangskode");
	/* A deactivated user or a reset password ends every session. */
	if (res == USER_OK && (in->active == 0 || hash))
		res = user_end_sessions(w, id);
	return res;
}

/* Reading users. */

struct user_row {
	int64_t id, organisation_id, created_at, updated_at;
	char email[256], name[801], role[32], organisation[801]; /* UTF-8 */
	bool active;
};

/* A row into *out, a struct user_row. */
static void user_row_read(sqlite3_stmt *st, void *out)
{
	struct user_row *u = out;

	u->id = sqlite3_column_int64(st, 0);
	snprintf(u->email, sizeof(u->email), "%s", db_text(st, 1));
	snprintf(u->name, sizeof(u->name), "%s", db_text(st, 2));
	snprintf(u->role, sizeof(u->role), "%s", db_text(st, 3));
	u->organisation_id = sqlite3_column_int64(st, 4);
	snprintf(u->organisation, sizeof(u->organisation), "%s",
		 db_text(st, 5));
	u->active = sqlite3_column_int(st, 6) == 1;
	u->created_at = sqlite3_column_int64(st, 7);
	u->updated_at = sqlite3_column_int64(st, 8);
}

/* 0 found, 1 not found, -1 error. */
static int user_get(struct db *db, int64_t id, struct user_row *u)
{
	return db_row_by_id(db, user_sql[USER_SQL_GET], id, user_row_read, u);
}

enum user_result user_save(int64_t id, const struct user_input *in,
			   const struct audit_entry *by, int64_t *id_out)
{
	char hash[PASSWORD_HASH_LEN];
	struct audit_entry e = *by;
	struct buf detail = BUF_INIT(1024);
	struct user_row old = {0};
	enum user_result res;
	struct db *w;

	if (in->password && password_problem(in->password))
		return USER_WEAK;
	if (id != 0 && id == by->actor_id &&
	    (in->active == 0 ||
				   (in->role >= 0 && in->role != ROLE_ADMIN)))
		return USER_SELF;
	if (in->password && password_hash(in->password, hash) < 0)
		return USER_FAIL;
	w = db_writer_lock();
	if (db_begin(w) < 0) {
		res = USER_FAIL;
		goto out;
	}
	if (id == 0) {
		res = user_insert(w, in, hash, &id);
		e.action = "user.create";
		buf_printf(&detail, "rolle %s", role_name(in->role));
	} else {
		res = user_get(w, id, &old) == 0
			      ? user_apply(w, id, in, in->password ? hash : NULL,
					   &detail)
			      : USER_NOT_FOUND;
		e.action = in->active == 0   ? "user.deactivate"
			   : in->active == 1 ? "user.activate"
			   : in->password && !in->email
				   ? "user.password_reset"
				   : "user.update";
	}
	e.subject_type = "user";
	e.subject_id = id;
	e.subject = in->email ? in->email : old.email;
	e.detail = detail.data;
	if (res == USER_OK && (audit_write(w, &e) < 0 || db_commit(w) < 0))
		res = USER_FAIL;
out:
	db_rollback(w);
	db_writer_unlock(w);
	buf_free(&detail);
	sodium_memzero(hash, sizeof(hash));
	if (res == USER_OK && id_out)
		*id_out = id;
	return res;
}

typedef int (*user_row_fn)(void *ctx, const struct user_row *u);

static int user_each(struct db *db, const char *role, int64_t org,
		     bool inactive, user_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, user_sql[USER_SQL_LIST]);
	struct user_row u;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, role ? role : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, org);
	sqlite3_bind_int(st, 3, inactive ? 1 : 0);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		user_row_read(st, &u);
		if (fn(ctx, &u) < 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Forms: the same names on pages and in the API. */

static const struct form_spec user_form[] = {
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

/* How many fields of user_form a create or an edit reads. */
#define USER_FIELDS(create) ((create) ? UF_ACTIVE : UF_PASSWORD)

/* Validates a create (all but active) or an edit (no password either). */
static int user_read_form(const struct form *f, bool create,
			  struct form_value *v, struct form_invalid *bad)
{
	return form_validate(f, user_form, USER_FIELDS(create), v, bad);
}

static struct user_input user_input_of(const struct form_value *v, bool create)
{
	struct user_input in = {
		.email = v[UF_EMAIL].s,
		.name = v[UF_NAME].s,
		.role = role_parse(v[UF_ROLE].s),
		.organisation_id = v[UF_ORG].i,
		.password = create ? v[UF_PASSWORD].s : NULL,
		.active = -1,
	};
	return in;
}

static void user_view_row(struct view *row, const struct user_row *u)
{
	int role = role_parse(u->role);

	view_set_int(row, "id", u->id);
	view_set(row, "email", u->email);
	view_set(row, "name", u->name);
	view_set(row, "role", u->role);
	view_set(row, "role_label", role_label(role < 0 ? ROLE__MAX : role));
	view_set_int(row, "organisation_id", u->organisation_id);
	view_set(row, "organisation", u->organisation);
	view_set_bool(row, "active", u->active);
}

static int user_view_add(void *ctx, const struct user_row *u)
{
	user_view_row(view_add(ctx, "users"), u);
	return 0;
}

static void user_role_options(struct view *v, const char *selected)
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

int user_list_page(struct req *r)
{
	const char *role = http_query(r, "role");
	const char *inactive = http_query(r, "inactive");
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	if (role && role_parse(role) < 0)
		role = NULL;
	view_set(v, "title", "Brugere");
	view_set_bool(v, "show_inactive", inactive != NULL);
	view_set_bool(v, "created", http_query(r, "created") != NULL);
	user_role_options(v, role);
	view_list(v, "users");
	if (user_each(r->db, role, 0, inactive != NULL, user_view_add, v) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, 200, "users.html", v);
	view_free(v);
	return rc;
}

/* The create/edit form, re-shown with the values given and an error. */
static int user_form_render(struct req *r, int status, int64_t id,
			    const struct user_row *u, const char *error)
{
	struct view *v = view_new();
	const char *role, *org;
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
		user_view_row(v, u);
		role = u->role;
		view_set_int(v, "organisation_id", u->organisation_id);
		org = NULL;
	} else {
		view_set_int(v, "id", id);
		view_set(v, "email", form_get(&r->form, "email"));
		view_set(v, "name", form_get(&r->form, "name"));
		role = form_get(&r->form, "role");
		org = form_get(&r->form, "organisation_id");
		view_set_bool(v, "active", u ? u->active : true);
	}
	user_role_options(v, role);
	if (organisation_options(r->db, v, org ? atoll(org)
				  : u ? u->organisation_id : 0) < 0) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	rc = http_page(r, status, "user_form.html", v);
	view_free(v);
	return rc;
}

int user_new_page(struct req *r)
{
	return user_form_render(r, 200, 0, NULL, NULL);
}

static int user_status_of(enum user_result res)
{
	switch (res) {
	case USER_OK: return 200;
	case USER_DUPLICATE: return 409;
	case USER_NOT_FOUND: return 404;
	case USER_NO_ORG:
	case USER_WEAK:
	case USER_SELF: return 422;
	default: return 500;
	}
}

int user_create(struct req *r)
{
	struct form_value v[UF__N] = {0};
	struct form_invalid bad;
	struct user_input in;
	struct audit_entry by = audit_for(r, "user.create");
	enum user_result res;
	char loc[64];
	int64_t id = 0;

	if (user_read_form(&r->form, true, v, &bad) < 0)
		return user_form_render(r, 422, 0, NULL, bad.message);
	in = user_input_of(v, true);
	res = user_save(0, &in, &by, &id);
	form_values_free(v, USER_FIELDS(true));
	if (res != USER_OK)
		return user_form_render(r, user_status_of(res), 0, NULL,
					user_result_message(res));
	snprintf(loc, sizeof(loc), "/users/%lld?saved=1", (long long)id);
	return http_redirect(r, loc);
}

int user_edit_page(struct req *r)
{
	struct user_row u;
	int rc = user_get(r->db, r->params[0], &u);

	if (rc != 0)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return user_form_render(r, 200, u.id, &u, NULL);
}

/* Applies in to the user of the path and answers the page. */
static int user_page_save(struct req *r, const struct user_input *in,
			  const char *action)
{
	struct audit_entry by = audit_for(r, action);
	enum user_result res = user_save(r->params[0], in, &by, NULL);
	struct user_row u;
	char loc[64];
	int rc;

	if (res == USER_OK) {
		snprintf(loc, sizeof(loc), "/users/%lld?saved=1",
			 (long long)r->params[0]);
		return http_redirect(r, loc);
	}
	if (res == USER_NOT_FOUND)
		return http_error(r, 404, NULL);
	rc = user_get(r->db, r->params[0], &u);
	if (rc != 0)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return user_form_render(r, user_status_of(res), u.id, &u,
				user_result_message(res));
}

int user_update(struct req *r)
{
	struct form_value v[UF__N] = {0};
	struct form_invalid bad;
	struct user_input in;
	struct user_row u;
	int rc;

	if (user_read_form(&r->form, false, v, &bad) < 0) {
		rc = user_get(r->db, r->params[0], &u);
		if (rc != 0)
			return http_error(r, rc > 0 ? 404 : 500, NULL);
		return user_form_render(r, 422, u.id, &u, bad.message);
	}
	in = user_input_of(v, false);
	rc = user_page_save(r, &in, "user.update");
	form_values_free(v, USER_FIELDS(false));
	return rc;
}

int user_reset_password(struct req *r)
{
	struct user_input in = {.role = -1, .active = -1};

	in.password = form_get(&r->form, "password");
	if (in.password == NULL)
		in.password = "";
	return user_page_save(r, &in, "user.password_reset");
}

int user_deactivate(struct req *r)
{
	struct user_input in = {.role = -1, .active = 0};

	return user_page_save(r, &in, "user.deactivate");
}

int user_activate(struct req *r)
{
	struct user_input in = {.role = -1, .active = 1};

	return user_page_save(r, &in, "user.activate");
}

/* The API. */

static cJSON *user_json(const struct user_row *u)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)u->id);
	cJSON_AddStringToObject(o, "email", u->email);
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "role", u->role);
	cJSON_AddNumberToObject(o, "organisation_id",
				(double)u->organisation_id);
	cJSON_AddStringToObject(o, "organisation", u->organisation);
	cJSON_AddBoolToObject(o, "active", u->active);
	return o;
}

static int user_json_add(void *ctx, const struct user_row *u)
{
	cJSON_AddItemToArray(ctx, user_json(u));
	return 0;
}

int user_api_list(struct req *r)
{
	const char *role = http_query(r, "role");
	cJSON *root = cJSON_CreateObject();
	cJSON *users = cJSON_AddArrayToObject(root, "users");

	if (role && role_parse(role) < 0) {
		cJSON_Delete(root);
		return http_invalid(r, "role", "Ukendt rolle.");
	}
	if (user_each(r->db, role, 0, http_query(r, "inactive") != NULL,
		      user_json_add, users) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int user_api_answer(struct req *r, int status, int64_t id)
{
	struct user_row u;
	int rc = user_get(r->db, id, &u);

	if (rc != 0)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return http_json(r, status, user_json(&u));
}

int user_api_get(struct req *r)
{
	return user_api_answer(r, 200, r->params[0]);
}

static int user_api_failed(struct req *r, enum user_result res)
{
	const char *field = res == USER_DUPLICATE ? "email"
			    : res == USER_NO_ORG  ? "organisation_id"
			    : res == USER_WEAK    ? "password"
						  : NULL;

	if (user_status_of(res) == 422)
		return http_invalid(r, field, user_result_message(res));
	return http_error(r, user_status_of(res), user_result_message(res));
}

int user_api_create(struct req *r)
{
	struct form_value v[UF__N] = {0};
	struct form_invalid bad;
	struct user_input in;
	struct audit_entry by = audit_for(r, "user.create");
	enum user_result res;
	int64_t id = 0;

	if (user_read_form(&r->form, true, v, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	in = user_input_of(v, true);
	res = user_save(0, &in, &by, &id);
	form_values_free(v, USER_FIELDS(true));
	if (res != USER_OK)
		return user_api_failed(r, res);
	return user_api_answer(r, 201, id);
}

/* PATCH: only the fields given change; each is validated as on create. */
int user_api_update(struct req *r)
{
	struct form_value v[UF__N] = {0};
	struct form_invalid bad;
	struct user_input in = {.role = -1, .active = -1};
	struct audit_entry by = audit_for(r, "user.update");
	struct form_spec spec[UF__N];
	enum user_result res;
	size_t i;

	memcpy(spec, user_form, sizeof(spec));
	for (i = 0; i < UF__N; i++)
		spec[i].required = false;
	if (form_validate(&r->form, spec, UF__N, v, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	in.email = v[UF_EMAIL].present ? v[UF_EMAIL].s : NULL;
	in.name = v[UF_NAME].present ? v[UF_NAME].s : NULL;
	in.role = v[UF_ROLE].present ? role_parse(v[UF_ROLE].s) : -1;
	in.organisation_id = v[UF_ORG].present ? v[UF_ORG].i : 0;
	in.password = v[UF_PASSWORD].present ? v[UF_PASSWORD].s : NULL;
	in.active = form_get(&r->form, "active") ? (int)v[UF_ACTIVE].i : -1;
	res = user_save(r->params[0], &in, &by, NULL);
	form_values_free(v, UF__N);
	if (res != USER_OK)
		return user_api_failed(r, res);
	return user_api_answer(r, 200, r->params[0]);
}

/* The command line. */

static void user_cli_usage(void)
{
	fprintf(stderr,
		"usage: mestring user add --db FILE --email E --name N --role R "
		"--org ORG [--password PW]\n"
		"       mestring user passwd --db FILE --email E [--password PW]\n"
		"       mestring user disable --db FILE --email E\n"
		"       mestring user list --db FILE\n"
		"Roles: admin, project_leader, caseworker, consultant, "
		"instructor, mentor.\n"
		"Without --password, the password is read from standard "
		"input.\n");
}

/* One line from stdin, without its newline; NULL on EOF. Caller frees. */
static char *user_cli_read_password(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, "Adgangskode: ");
	n = getline(&line, &cap, stdin);
	if (n <= 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static int64_t user_cli_find(const char *email)
{
	sqlite3_stmt *st = db_stmt(db_reader(), user_sql[USER_SQL_BY_EMAIL]);
	int64_t id = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	if (db_step(db_reader(), st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

static int user_cli_print(void *ctx, const struct user_row *u)
{
	(void)ctx;
	printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)u->id, u->email,
	       u->name, u->role, u->organisation, u->active ? "aktiv"
							     : "deaktiveret");
	return 0;
}

struct user_cli_args {
	const char *db, *email, *name, *role, *org, *password;
};

static int user_cli_parse(int argc, char **argv, struct user_cli_args *a)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'},
		{"role", required_argument, NULL, 'r'},
		{"org", required_argument, NULL, 'o'},
		{"password", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 'e': a->email = optarg; break;
		case 'n': a->name = optarg; break;
		case 'r': a->role = optarg; break;
		case 'o': a->org = optarg; break;
		case 'p': a->password = optarg; break;
		default: return -1;
		}
	}
	return a->db && optind == argc ? 0 : -1;
}

/* `user add`: the same validation as the page and the API. */
static int user_cli_add(struct user_cli_args *a, const char *password)
{
	struct audit_entry by = {.actor = "system", .client = "cli"};
	struct form f = FORM_INIT;
	struct form_value v[UF__N] = {0};
	struct form_invalid bad;
	struct user_input in;
	enum user_result res;
	char org[32];
	int rc = 1;

	snprintf(org, sizeof(org), "%lld",
		 (long long)organisation_find(db_reader(), a->org));
	if (form_add(&f, "email", a->email) < 0 ||
	    form_add(&f, "name", a->name) < 0 ||
	    form_add(&f, "role", a->role) < 0 ||
	    form_add(&f, "organisation_id", org) < 0 ||
	    form_add(&f, "password", password) < 0)
		goto out;
	if (user_read_form(&f, true, v, &bad) < 0) {
		fprintf(stderr, "mestring: %s\n",
			strcmp(bad.field, "organisation_id") == 0
				? "Organisationen findes ikke."
				: bad.message);
		goto out;
	}
	in = user_input_of(v, true);
	res = user_save(0, &in, &by, NULL);
	form_values_free(v, USER_FIELDS(true));
	if (res != USER_OK) {
		fprintf(stderr, "mestring: %s\n", user_result_message(res));
		goto out;
	}
	printf("%s: oprettet\n", a->email);
	rc = 0;
out:
	form_free(&f);
	return rc;
}

/* `user passwd` and `user disable`. */
static int user_cli_change(const char *cmd, struct user_cli_args *a,
			   const char *password)
{
	struct audit_entry by = {.actor = "system", .client = "cli"};
	struct user_input in = {.role = -1, .active = -1};
	enum user_result res;
	int64_t id = user_cli_find(a->email);

	if (id <= 0) {
		fprintf(stderr, "mestring: no user %s\n", a->email);
		return 1;
	}
	if (strcmp(cmd, "disable") == 0)
		in.active = 0;
	else
		in.password = password;
	res = user_save(id, &in, &by, NULL);
	if (res != USER_OK) {
		fprintf(stderr, "mestring: %s\n", user_result_message(res));
		return 1;
	}
	printf("%s: %s\n", a->email,
	       in.active == 0 ? "deaktiveret" : "ny adgangskode");
	return 0;
}

/* Runs one user command against an open pool. Exit status; 2 is usage. */
static int user_cli_run(const char *cmd, struct user_cli_args *a)
{
	bool add = strcmp(cmd, "add") == 0;
	bool disable = strcmp(cmd, "disable") == 0;
	char *typed = NULL;
	const char *password = a->password;
	int rc;

	if (strcmp(cmd, "list") == 0)
		return user_each(db_reader(), NULL, 0, true, user_cli_print,
				 NULL) < 0;
	if (a->email == NULL || (!add && !disable && strcmp(cmd, "passwd")) ||
	    (add && (!a->name || !a->role || !a->org)))
		return 2;
	if (!disable && password == NULL) {
		password = typed = user_cli_read_password();
		if (password == NULL)
			return 2;
	}
	rc = add ? user_cli_add(a, password)
		 : user_cli_change(cmd, a, password);
	if (typed) {
		sodium_memzero(typed, strlen(typed));
		free(typed);
	}
	return rc;
}

int user_cli(int argc, char **argv)
{
	struct user_cli_args a = {0};
	int rc;

	if (argc < 2 || user_cli_parse(argc - 1, argv + 1, &a) < 0) {
		user_cli_usage();
		return 2;
	}
	if (db_pool_open(a.db, 1) < 0 || auth_init() < 0)
		return 1;
	rc = user_cli_run(argv[1], &a);
	db_pool_close();
	if (rc == 2)
		user_cli_usage();
	return rc;
}
