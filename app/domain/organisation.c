/*
 * organisation: the organisations staff belong to, with their pages, API
 * and command line. Names are unique regardless of case.
 */
#include "organisation.h"

#include "audit.h"
#include "db.h"
#include "http.h"
#include "role.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum organisation_sql {
	ORG_SQL_EXISTS,
	ORG_SQL_BY_NAME,
	ORG_SQL_LIST,
	ORG_SQL_ADD,
	ORG_SQL_UPDATE,
	ORG_SQL_GET,
	ORG_SQL__MAX
};

static const char *const organisation_sql[ORG_SQL__MAX] = {
	[ORG_SQL_EXISTS] = "SELECT 1 FROM organisation WHERE id = ?1",
	[ORG_SQL_BY_NAME] = "SELECT id FROM organisation WHERE name = ?1 OR "
			    "CAST(id AS TEXT) = ?1",
	[ORG_SQL_LIST] = "SELECT o.id, o.name, o.kind, (SELECT count(*) FROM "
			 "user u WHERE u.organisation_id = o.id AND u.active) "
			 "FROM organisation o ORDER BY o.name COLLATE NOCASE",
	[ORG_SQL_ADD] = "INSERT INTO organisation (name, kind, created_at) "
			"VALUES (?1, ?2, ?3)",
	[ORG_SQL_UPDATE] = "UPDATE organisation SET name = ?2, kind = ?3 "
			   "WHERE id = ?1",
	[ORG_SQL_GET] = "SELECT id, name, kind FROM organisation WHERE id = ?1",
};

bool organisation_exists(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, organisation_sql[ORG_SQL_EXISTS]);
	bool found;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, id);
	found = db_step(db, st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

int64_t organisation_find(struct db *db, const char *name_or_id)
{
	sqlite3_stmt *st = db_stmt(db, organisation_sql[ORG_SQL_BY_NAME]);
	int64_t id = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name_or_id, -1, SQLITE_STATIC);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

typedef void (*organisation_fn)(void *ctx, sqlite3_stmt *st);

static int organisation_each(struct db *db, organisation_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, organisation_sql[ORG_SQL_LIST]);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		fn(ctx, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

struct organisation_pick {
	struct view *v;
	int64_t selected;
	const char *list; /* name of the view list */
	const char *kind; /* only this kind, or NULL for all */
};

static void organisation_view_add(void *ctx, sqlite3_stmt *st)
{
	struct organisation_pick *p = ctx;
	struct view *o;
	int kind = org_kind_parse(db_text(st, 2));

	if (p->kind && strcmp(p->kind, db_text(st, 2)) != 0)
		return;
	o = view_add(p->v, p->list);
	view_set_int(o, "id", sqlite3_column_int64(st, 0));
	view_set(o, "name", db_text(st, 1));
	view_set(o, "kind", db_text(st, 2));
	view_set(o, "kind_label", org_kind_label(kind < 0 ? ORG_KIND__MAX
							  : kind));
	view_set_int(o, "users", sqlite3_column_int64(st, 3));
	view_set_bool(o, "selected",
		      sqlite3_column_int64(st, 0) == p->selected);
}

int organisation_options(struct db *db, struct view *v, int64_t selected)
{
	struct organisation_pick p = {v, selected, "organisations", NULL};

	view_list(v, "organisations");
	return organisation_each(db, organisation_view_add, &p);
}

int organisation_options_of(struct db *db, struct view *v, const char *list,
			    const char *kind, int64_t selected)
{
	struct organisation_pick p = {v, selected, list, kind};

	view_list(v, list);
	return organisation_each(db, organisation_view_add, &p);
}

/* Inserts or (id > 0) updates, with the audit row. The id, 0 when the
 * name is taken, -1 on error or when id does not exist. */
static int64_t organisation_save(int64_t id, const char *name,
				 const char *kind,
				 const struct audit_entry *by)
{
	struct audit_entry e = *by;
	struct db *w = db_writer_lock();
	sqlite3_stmt *st;
	enum db_result rc = DB_FAIL;

	if (db_begin(w) < 0)
		goto out;
	st = db_stmt(w, organisation_sql[id ? ORG_SQL_UPDATE : ORG_SQL_ADD]);
	if (st == NULL)
		goto out;
	if (id) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, http_now());
	}
	rc = db_exec_stmt(w, st);
	if (rc != DB_OK)
		goto out;
	if (id && db_changes(w) == 0) {
		rc = DB_FAIL;
		goto out;
	}
	if (!id)
		id = db_last_id(w);
	e.action = by->action;
	e.subject_type = "organisation";
	e.subject_id = id;
	e.subject = name;
	e.detail = kind;
	if (audit_write(w, &e) < 0 || db_commit(w) < 0)
		rc = DB_FAIL;
out:
	db_rollback(w);
	db_writer_unlock(w);
	return rc == DB_OK ? id : rc == DB_CONSTRAINT ? 0 : -1;
}

int64_t organisation_add(const char *name, const char *kind,
			 const struct audit_entry *by)
{
	struct audit_entry e = *by;

	e.action = "organisation.create";
	return organisation_save(0, name, kind, &e);
}

static const struct form_spec organisation_form[] = {
	{"name", "Navn", FIELD_TEXT, true, 1, 200, NULL},
	{"kind", "Type", FIELD_ENUM, true, 0, 0, org_kind_names},
};
enum { OF_NAME, OF_KIND, OF__N };

static const char organisation_taken[] =
	"Der findes allerede en organisation med det navn.";

static void organisation_kinds(struct view *v, const char *selected)
{
	int i;

	for (i = 0; i < ORG_KIND__MAX; i++) {
		struct view *k = view_add(v, "kinds");

		view_set(k, "value", org_kind_names[i]);
		view_set(k, "label", org_kind_label(i));
		view_set_bool(k, "selected",
			      selected && strcmp(selected, org_kind_names[i]) ==
						  0);
	}
}

static int organisation_render(struct req *r, int status, const char *error)
{
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Organisationer");
	view_set(v, "error", error);
	view_set_bool(v, "saved", http_query(r, "saved") != NULL);
	if (error) {
		view_set(v, "name", form_get(&r->form, "name"));
		organisation_kinds(v, form_get(&r->form, "kind"));
	} else {
		organisation_kinds(v, NULL);
	}
	if (organisation_options(r->db, v, 0) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "organisations.html", v);
	view_free(v);
	return rc;
}

int organisation_list_page(struct req *r)
{
	return organisation_render(r, 200, NULL);
}

/* Validates and saves the form for id (0: new). 0 when saved, else the
 * status, with bad's message filled (empty for 404 and 500). */
static int organisation_from_form(struct req *r, int64_t id,
				  struct form_invalid *bad, int64_t *saved)
{
	struct form_value v[OF__N];
	struct audit_entry by = audit_for(
		r, id ? "organisation.update" : "organisation.create");
	int64_t got;

	bad->message[0] = '\0';
	if (form_validate(&r->form, organisation_form, OF__N, v, bad) < 0)
		return 422;
	got = organisation_save(id, v[OF_NAME].s, v[OF_KIND].s, &by);
	form_values_free(v, OF__N);
	bad->field = "name";
	if (got == 0) {
		snprintf(bad->message, sizeof(bad->message), "%s",
			 organisation_taken);
		return 409;
	}
	if (got < 0)
		return id && !organisation_exists(r->db, id) ? 404 : 500;
	*saved = got;
	return 0;
}

/* The page's answer to a create or update of id. */
static int organisation_page_save(struct req *r, int64_t id)
{
	struct form_invalid bad;
	int64_t saved;
	int status = organisation_from_form(r, id, &bad, &saved);

	if (status == 0)
		return http_redirect(r, "/organisations?saved=1");
	if (bad.message[0] == '\0')
		return http_error(r, status, NULL);
	return organisation_render(r, status, bad.message);
}

int organisation_create(struct req *r)
{
	return organisation_page_save(r, 0);
}

int organisation_update(struct req *r)
{
	return organisation_page_save(r, r->params[0]);
}

static void organisation_json_add(void *ctx, sqlite3_stmt *st)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
	cJSON_AddStringToObject(o, "name", db_text(st, 1));
	cJSON_AddStringToObject(o, "kind", db_text(st, 2));
	cJSON_AddNumberToObject(o, "active_users",
				(double)sqlite3_column_int64(st, 3));
	cJSON_AddItemToArray(ctx, o);
}

int organisation_api_list(struct req *r)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(root, "organisations");

	if (organisation_each(r->db, organisation_json_add, list) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int organisation_api_answer(struct req *r, int status, int64_t id)
{
	sqlite3_stmt *st = db_stmt(r->db, organisation_sql[ORG_SQL_GET]);
	cJSON *o;

	if (st == NULL)
		return http_error(r, 500, NULL);
	sqlite3_bind_int64(st, 1, id);
	if (db_step(r->db, st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return http_error(r, 404, NULL);
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)id);
	cJSON_AddStringToObject(o, "name", db_text(st, 1));
	cJSON_AddStringToObject(o, "kind", db_text(st, 2));
	sqlite3_reset(st);
	return http_json(r, status, o);
}

static int organisation_api_save(struct req *r, int64_t id)
{
	struct form_invalid bad;
	int64_t saved = 0;
	int status = organisation_from_form(r, id, &bad, &saved);

	if (status == 0)
		return organisation_api_answer(r, id ? 200 : 201, saved);
	if (status == 422)
		return http_invalid(r, bad.field, bad.message);
	return http_error(r, status, bad.message[0] ? bad.message : NULL);
}

int organisation_api_create(struct req *r)
{
	return organisation_api_save(r, 0);
}

int organisation_api_update(struct req *r)
{
	return organisation_api_save(r, r->params[0]);
}

static void organisation_cli_print(void *ctx, sqlite3_stmt *st)
{
	(void)ctx;
	printf("%lld\t%s\t%s\n", (long long)sqlite3_column_int64(st, 0),
	       db_text(st, 1), db_text(st, 2));
}

int organisation_cli(int argc, char **argv)
{
	struct audit_entry by = {.actor = "system", .client = "cli"};
	const char *db = NULL, *name = NULL, *kind = NULL;
	int i, rc = 2;
	int64_t id;

	for (i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--name") == 0)
			name = argv[i + 1];
		else if (strcmp(argv[i], "--kind") == 0)
			kind = argv[i + 1];
		else
			break;
	}
	if (argc < 2 || i != argc || db == NULL)
		goto usage;
	if (db_pool_open(db, 1) < 0)
		return 1;
	if (strcmp(argv[1], "list") == 0) {
		rc = organisation_each(db_reader(), organisation_cli_print,
				       NULL) < 0;
	} else if (strcmp(argv[1], "add") == 0 && name && kind &&
		   org_kind_parse(kind) >= 0) {
		id = organisation_add(name, kind, &by);
		if (id > 0)
			printf("%lld\t%s\n", (long long)id, name);
		else
			fprintf(stderr, "mestring: %s\n",
				id == 0 ? organisation_taken
					: "could not add the organisation");
		rc = id > 0 ? 0 : 1;
	}
	db_pool_close();
	if (rc != 2)
		return rc;
usage:
	fprintf(stderr, "usage: mestring org add --db FILE --name NAME --kind "
			"job_centre|provider|psychiatry\n"
			"       mestring org list --db FILE\n");
	return 2;
}
