/*
 * organisation: the organisations staff belong to: reading them, and
 * creating and renaming them with their audit rows. The pages are
 * app/pages/organisations.c, the command line app/cli/org_cli.c.
 */
#include "organisation.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "form.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum organisation_sql {
	ORG_SQL_EXISTS,
	ORG_SQL_BY_NAME,
	ORG_SQL_LIST,
	ORG_SQL_ADD,
	ORG_SQL_UPDATE,
	ORG_SQL_GET,
	ORG_SQL__MAX
};

static const struct db_sql organisation_sql[ORG_SQL__MAX] = {
	[ORG_SQL_EXISTS] = {"SELECT 1 FROM organisation WHERE id = ?1", "i"},
	[ORG_SQL_BY_NAME] = {"SELECT id FROM organisation WHERE name = ?1 OR "
			     "CAST(id AS TEXT) = ?1",
			     "t"},
	[ORG_SQL_LIST] =
		{"SELECT o.id, o.name, o.kind, (SELECT count(*) FROM user u "
		 "WHERE u.organisation_id = o.id AND u.active) "
		 "FROM organisation o ORDER BY o.name COLLATE NOCASE",
		 ""},
	[ORG_SQL_ADD] = {"INSERT INTO organisation (name, kind, created_at) "
			 "VALUES (?1, ?2, ?3)",
			 "tti"},
	[ORG_SQL_UPDATE] =
		{"UPDATE organisation SET name = ?2, kind = ?3 WHERE id = ?1",
		 "itt"},
	[ORG_SQL_GET] =
		{"SELECT id, name, kind, 0 FROM organisation WHERE id = ?1",
		 "i"},
};

static const char organisation_taken[] =
	"Der findes allerede en organisation med det navn.";

bool organisation_exists(struct db *db, int64_t id)
{
	sqlite3_stmt *st = DB_BIND(db, &organisation_sql[ORG_SQL_EXISTS],
				   DB_INT(id));
	bool found;

	if (st == NULL)
		return false;
	found = db_step(db, st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

int64_t organisation_find(struct db *db, const char *name_or_id)
{
	int64_t id;

	if (db_scalar(db,
		      DB_BIND(db, &organisation_sql[ORG_SQL_BY_NAME],
			      DB_TEXT(name_or_id)),
		      &id) < 0)
		return -1;
	return id;
}

/* A row of ORG_SQL_LIST or ORG_SQL_GET into *o. */
static void organisation_read(sqlite3_stmt *st, struct organisation *o)
{
	int kind = org_kind_parse(db_text(st, 2));

	o->id = sqlite3_column_int64(st, 0);
	snprintf(o->name, sizeof(o->name), "%s", db_text(st, 1));
	o->kind = kind < 0 ? ORG_KIND__MAX : (enum org_kind)kind;
	o->active_users = sqlite3_column_int64(st, 3);
}

int organisation_get(struct db *db, const struct actor *a, int64_t id,
		     struct organisation *out)
{
	sqlite3_stmt *st = DB_BIND(db, &organisation_sql[ORG_SQL_GET],
				   DB_INT(id));
	int rc;

	(void)a; /* every member of staff sees every organisation */
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		organisation_read(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int organisation_each(struct db *db, const struct actor *a, organisation_fn fn,
		      void *ctx)
{
	sqlite3_stmt *st = DB_BIND0(db, &organisation_sql[ORG_SQL_LIST]);
	struct organisation o;
	int rc;

	(void)a;
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		organisation_read(st, &o);
		if (fn(ctx, &o) < 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes. */

static enum result organisation_refuse(struct form_invalid *bad, enum result rc,
				       const char *field, const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s",
		 message ? message : "");
	return rc;
}

/* The administrator and the system (the demo, the command line). */
static bool organisation_may_change(const struct actor *a)
{
	return a->role == ROLE_ADMIN || (a->user_id == 0 && a->email != NULL);
}

/* Inserts (id 0) or updates, with the audit row, in w's transaction. */
static enum result organisation_write(struct db *w, const struct actor *a,
				      int64_t *id,
				      const struct organisation_input *in,
				      struct form_invalid *bad)
{
	const char *kind = org_kind_names[in->kind];
	struct audit_entry e = audit_by(a, *id ? AUDIT_ORGANISATION_UPDATE
					       : AUDIT_ORGANISATION_CREATE);
	enum db_result rc;

	if (*id)
		rc = DB_RUN(w, &organisation_sql[ORG_SQL_UPDATE], DB_INT(*id),
			    DB_TEXT(in->name), DB_TEXT(kind));
	else
		rc = DB_RUN(w, &organisation_sql[ORG_SQL_ADD],
			    DB_TEXT(in->name), DB_TEXT(kind),
			    DB_INT(time(NULL))); /* http_now's clock */
	if (rc == DB_CONSTRAINT)
		return organisation_refuse(bad, RESULT_CONFLICT, "name",
					   organisation_taken);
	if (rc != DB_OK)
		return RESULT_FAILED;
	if (*id && db_changes(w) == 0)
		return organisation_refuse(bad, RESULT_NOT_FOUND, NULL, NULL);
	if (*id == 0)
		*id = db_last_id(w);
	e.subject_type = "organisation";
	e.subject_id = *id;
	e.subject = in->name;
	e.detail = kind;
	return audit_write(w, &e) < 0 ? RESULT_FAILED : RESULT_OK;
}

/* Create or update in one transaction. */
static enum result organisation_save(struct db *w, const struct actor *a,
				     int64_t *id,
				     const struct organisation_input *in,
				     struct form_invalid *bad)
{
	enum result rc;

	organisation_refuse(bad, RESULT_OK, NULL, NULL);
	if (!organisation_may_change(a))
		return organisation_refuse(
			bad, RESULT_REFUSED, NULL,
			"Kun administratorer kan oprette og rette "
			"organisationer.");
	if ((unsigned)in->kind >= ORG_KIND__MAX)
		return organisation_refuse(bad, RESULT_INVALID, "kind",
					   "Type er ugyldig.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	rc = organisation_write(w, a, id, in, bad);
	return db_finish(w, rc);
}

enum result organisation_create(struct db *w, const struct actor *a,
				const struct organisation_input *in,
				int64_t *id_out, struct form_invalid *bad)
{
	int64_t id = 0;
	enum result rc = organisation_save(w, a, &id, in, bad);

	if (rc == RESULT_OK && id_out)
		*id_out = id;
	return rc;
}

enum result organisation_update(struct db *w, const struct actor *a, int64_t id,
				const struct organisation_input *in,
				struct form_invalid *bad)
{
	if (id <= 0)
		return organisation_refuse(bad, RESULT_NOT_FOUND, NULL, NULL);
	return organisation_save(w, a, &id, in, bad);
}
