/*
 * user: staff accounts. The checks live in user_create and user_update,
 * which the pages, the API, the command line and the demo all call, so a
 * rule holds whichever way in.
 */
#include "user.h"

#include "actor.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "form.h"
#include "organisation.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

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

#define USER_COLUMNS                                                           \
	"u.id, u.email, u.name, u.role, u.organisation_id, o.name, "           \
	"u.active, u.created_at, u.updated_at "

static const struct db_sql user_sql[USER_SQL__MAX] = {
	[USER_SQL_ADD] =
		{"INSERT INTO user (email, name, role, organisation_id, "
		 "password_hash, active, created_at, updated_at, "
		 "password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6, "
		 "?6)",
		 "tttiti"},
	[USER_SQL_GET] = {"SELECT " USER_COLUMNS
			  "FROM user u JOIN organisation o ON "
			  "o.id = u.organisation_id WHERE u.id = ?1",
			  "i"},
	[USER_SQL_LIST] =
		{"SELECT " USER_COLUMNS "FROM user u JOIN organisation o ON "
		 "o.id = u.organisation_id WHERE (?1 = '' OR u.role = ?1) AND "
		 "(?2 = 0 OR u.organisation_id = ?2) AND (?3 = 1 OR u.active = "
		 "1) "
		 "ORDER BY u.active DESC, u.name COLLATE NOCASE, u.id",
		 "tii"},
	[USER_SQL_SET_EMAIL] = {"UPDATE user SET email = ?2, updated_at = ?3 "
				"WHERE id = ?1 AND email != ?2",
				"iti"},
	[USER_SQL_SET_NAME] = {"UPDATE user SET name = ?2, updated_at = ?3 "
			       "WHERE id = ?1 AND name != ?2",
			       "iti"},
	[USER_SQL_SET_ROLE] = {"UPDATE user SET role = ?2, updated_at = ?3 "
			       "WHERE id = ?1 AND role != ?2",
			       "iti"},
	[USER_SQL_SET_ORG] =
		{"UPDATE user SET organisation_id = ?2, updated_at = ?3 "
		 "WHERE id = ?1 AND organisation_id != ?2",
		 "iii"},
	[USER_SQL_SET_ACTIVE] = {"UPDATE user SET active = ?2, updated_at = ?3 "
				 "WHERE id = ?1 AND active != ?2",
				 "iii"},
	[USER_SQL_SET_HASH] = {"UPDATE user SET password_hash = ?2, "
			       "password_changed_at = ?3, "
			       "updated_at = ?3 WHERE id = ?1",
			       "iti"},
	[USER_SQL_END_SESSIONS] = {"DELETE FROM session WHERE user_id = ?1",
				   "i"},
	[USER_SQL_BY_EMAIL] = {"SELECT id FROM user WHERE email = ?1", "t"},
};

/* The one clock of the modules (http_now's), in the domain. */
static int64_t user_now(void)
{
	return (int64_t)time(NULL);
}

static enum result user_bad(struct form_invalid *bad, enum result rc,
			    const char *field, const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return rc;
}

static enum result user_failed(struct form_invalid *bad)
{
	return user_bad(bad, RESULT_FAILED, NULL,
			"Der opstod en fejl. Intet blev gemt.");
}

static enum result user_taken(struct form_invalid *bad)
{
	return user_bad(bad, RESULT_CONFLICT, "email",
			"Der findes allerede en bruger med den e-mail.");
}

static enum result user_no_org(struct form_invalid *bad)
{
	return user_bad(bad, RESULT_INVALID, "organisation_id",
			"Organisationen findes ikke.");
}

/* The administrator and the system (the demo, the command line). */
static bool user_may_see(const struct actor *a)
{
	return a->role == ROLE_ADMIN || (a->user_id == 0 && a->email != NULL);
}

enum result user_password_hash(const char *password,
			       char hash[PASSWORD_HASH_LEN],
			       struct form_invalid *bad)
{
	if (password == NULL || password_problem(password))
		return user_bad(bad, RESULT_INVALID, "password",
				"Adgangskoden skal være mindst 12 tegn.");
	if (password_hash(password, hash) < 0)
		return user_failed(bad);
	return RESULT_OK;
}

/* Reading users. */

static void user_read(sqlite3_stmt *st, struct user *u)
{
	int role = role_parse(db_text(st, 3));

	u->id = sqlite3_column_int64(st, 0);
	snprintf(u->email, sizeof(u->email), "%s", db_text(st, 1));
	snprintf(u->name, sizeof(u->name), "%s", db_text(st, 2));
	u->role = role < 0 ? ROLE__MAX : (enum role)role;
	u->organisation_id = sqlite3_column_int64(st, 4);
	snprintf(u->organisation, sizeof(u->organisation), "%s",
		 db_text(st, 5));
	u->active = sqlite3_column_int(st, 6) == 1;
	u->created_at = sqlite3_column_int64(st, 7);
	u->updated_at = sqlite3_column_int64(st, 8);
}

int user_get(struct db *db, const struct actor *a, int64_t id, struct user *out)
{
	sqlite3_stmt *st;
	int rc;

	if (!user_may_see(a))
		return 1;
	st = DB_BIND(db, &user_sql[USER_SQL_GET], DB_INT(id));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		user_read(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int64_t user_find(struct db *db, const char *email)
{
	int64_t id;

	if (db_scalar(db,
		      DB_BIND(db, &user_sql[USER_SQL_BY_EMAIL], DB_TEXT(email)),
		      &id) < 0)
		return -1;
	return id;
}

int user_each(struct db *db, const struct actor *a, const struct user_filter *f,
	      user_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	struct user u;
	int rc;

	if (!user_may_see(a))
		return 0;
	st = DB_BIND(db, &user_sql[USER_SQL_LIST],
		     DB_TEXT(f->role >= 0 ? role_name(f->role) : ""),
		     DB_INT(f->organisation_id), DB_INT(f->inactive ? 1 : 0));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		user_read(st, &u);
		if (fn(ctx, &u) < 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Writing users, inside w's transaction. */

/* Runs one "set" statement of user id to text (or num when text is NULL);
 * adds what to detail when it changed something. */
static enum result user_set(struct db *w, enum user_sql which, int64_t id,
			    const char *text, int64_t num, struct buf *detail,
			    const char *what, struct form_invalid *bad)
{
	enum db_result rc;

	rc = DB_RUN(w, &user_sql[which], DB_INT(id),
		    text ? DB_TEXT(text) : DB_INT(num), DB_INT(user_now()));
	if (rc == DB_CONSTRAINT)
		return which == USER_SQL_SET_ORG ? user_no_org(bad)
						 : user_taken(bad);
	if (rc != DB_OK)
		return user_failed(bad);
	if (db_changes(w) > 0)
		buf_printf(detail, "%s%s", detail->len ? ", " : "", what);
	return RESULT_OK;
}

static enum result user_insert(struct db *w, const struct user_input *in,
			       int64_t *id, struct form_invalid *bad)
{
	enum db_result rc;

	if (!organisation_exists(w, in->organisation_id))
		return user_no_org(bad);
	rc = DB_RUN(w, &user_sql[USER_SQL_ADD], DB_TEXT(in->email),
		    DB_TEXT(in->name), DB_TEXT(role_name(in->role)),
		    DB_INT(in->organisation_id), DB_TEXT(in->password_hash),
		    DB_INT(user_now()));
	if (rc == DB_CONSTRAINT)
		return user_taken(bad);
	if (rc != DB_OK)
		return user_failed(bad);
	*id = db_last_id(w);
	return RESULT_OK;
}

/* Applies the changed fields of in to user id. */
static enum result user_apply(struct db *w, int64_t id,
			      const struct user_input *in, struct buf *detail,
			      struct form_invalid *bad)
{
	enum result rc = RESULT_OK;

	if (in->email)
		rc = user_set(w, USER_SQL_SET_EMAIL, id, in->email, 0, detail,
			      "e-mail", bad);
	if (rc == RESULT_OK && in->name)
		rc = user_set(w, USER_SQL_SET_NAME, id, in->name, 0, detail,
			      "navn", bad);
	if (rc == RESULT_OK && in->role >= 0)
		rc = user_set(w, USER_SQL_SET_ROLE, id, role_name(in->role), 0,
			      detail, "rolle", bad);
	if (rc == RESULT_OK && in->organisation_id > 0) {
		if (!organisation_exists(w, in->organisation_id))
			return user_no_org(bad);
		rc = user_set(w, USER_SQL_SET_ORG, id, NULL,
			      in->organisation_id, detail, "organisation", bad);
	}
	if (rc == RESULT_OK && in->active >= 0)
		rc = user_set(w, USER_SQL_SET_ACTIVE, id, NULL, in->active,
			      detail, in->active ? "aktiveret" : "deaktiveret",
			      bad);
	if (rc == RESULT_OK && in->password_hash)
		rc = user_set(w, USER_SQL_SET_HASH, id, in->password_hash, 0,
			      detail, "adgangskode", bad);
	/* A deactivated user or a reset password ends every session. */
	if (rc == RESULT_OK && (in->active == 0 || in->password_hash) &&
	    DB_RUN(w, &user_sql[USER_SQL_END_SESSIONS], DB_INT(id)) != DB_OK)
		rc = user_failed(bad);
	return rc;
}

/* Writes the audit row of a change of user id and ends the transaction. */
static enum result user_finish(struct db *w, struct audit_entry *e, int64_t id,
			       const char *subject, const struct buf *detail,
			       enum result rc, struct form_invalid *bad)
{
	e->subject_type = "user";
	e->subject_id = id;
	e->subject = subject;
	e->detail = detail->data;
	if (rc == RESULT_OK && audit_write(w, e) < 0)
		rc = user_failed(bad);
	rc = db_finish(w, rc);
	if (rc == RESULT_FAILED && bad->message[0] == '\0')
		user_failed(bad);
	return rc;
}

/* Refusals common to create and update, before any write. */
static enum result user_refused(const struct actor *a, struct form_invalid *bad)
{
	user_bad(bad, RESULT_OK, NULL, "");
	if (!user_may_see(a))
		return user_bad(bad, RESULT_REFUSED, NULL,
				"Kun administratorer kan oprette og rette "
				"brugere.");
	return RESULT_OK;
}

enum result user_create(struct db *w, const struct actor *a,
			const struct user_input *in, int64_t *id_out,
			struct form_invalid *bad)
{
	struct audit_entry e = audit_by(a, AUDIT_USER_CREATE);
	struct buf detail = BUF_INIT(1024);
	int64_t id = 0;
	enum result rc = user_refused(a, bad);

	if (rc != RESULT_OK)
		goto out;
	if (!in->email || !in->name || (unsigned)in->role >= ROLE__MAX ||
	    !in->password_hash) {
		rc = user_bad(bad, RESULT_INVALID, NULL, "Udfyld alle felter.");
		goto out;
	}
	if (db_begin(w) < 0) {
		rc = user_failed(bad);
		goto out;
	}
	rc = user_insert(w, in, &id, bad);
	buf_printf(&detail, "rolle %s", role_name(in->role));
	rc = user_finish(w, &e, id, in->email, &detail, rc, bad);
	if (rc == RESULT_OK && id_out)
		*id_out = id;
out:
	buf_free(&detail);
	return rc;
}

/* The action a change of in is audited as. */
static enum audit_action user_action(const struct user_input *in)
{
	if (in->active == 0)
		return AUDIT_USER_DEACTIVATE;
	if (in->active == 1)
		return AUDIT_USER_ACTIVATE;
	if (in->password_hash && !in->email)
		return AUDIT_USER_PASSWORD_RESET;
	return AUDIT_USER_UPDATE;
}

enum result user_update(struct db *w, const struct actor *a, int64_t id,
			const struct user_input *in, struct form_invalid *bad)
{
	struct audit_entry e = audit_by(a, user_action(in));
	struct buf detail = BUF_INIT(1024);
	struct user old = {0};
	enum result rc = user_refused(a, bad);

	if (rc != RESULT_OK)
		goto out;
	/* An administrator may not lock themselves out. */
	if (a->user_id != 0 && id == a->user_id &&
	    (in->active == 0 || (in->role >= 0 && in->role != ROLE_ADMIN))) {
		rc = user_bad(bad, RESULT_REFUSED, NULL,
			      "Du kan ikke deaktivere dig selv eller fjerne "
			      "din egen administratorrolle.");
		goto out;
	}
	if (db_begin(w) < 0) {
		rc = user_failed(bad);
		goto out;
	}
	if (user_get(w, a, id, &old) == 0)
		rc = user_apply(w, id, in, &detail, bad);
	else
		rc = user_bad(bad, RESULT_NOT_FOUND, NULL,
			      "Brugeren findes ikke.");
	rc = user_finish(w, &e, id, in->email ? in->email : old.email, &detail,
			 rc, bad);
out:
	buf_free(&detail);
	return rc;
}
