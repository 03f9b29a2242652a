/*
 * subscription: calendar links. A token is 32 random bytes; the database
 * keeps its BLAKE2b hash (to find it) and a sealed copy (to print it
 * again), never its text. The store, the links' addresses and QR code, and
 * staff's own links.
 */
#include "subscription.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "log.h"
#include "secret.h"
#include "token.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const subscription_kind_names[SUBSCRIPTION_KIND__MAX + 1] = {
	[SUBSCRIPTION_PARTICIPANT] = "participant",
	[SUBSCRIPTION_INSTRUCTOR] = "instructor",
	[SUBSCRIPTION_STAFF] = "staff",
	[SUBSCRIPTION_COHORT] = "cohort",
	[SUBSCRIPTION_EMPLOYER] = "employer",
	[SUBSCRIPTION_KIND__MAX] = NULL,
};

enum sub_sql {
	SUB_SQL_FIND,
	SUB_SQL_LIVE,
	SUB_SQL_EVER,
	SUB_SQL_ADD,
	SUB_SQL_REVOKE,
	SUB_SQL_LEADS,
	SUB_SQL_IS_LEADER,
	SUB_SQL__MAX
};

/* ?1..?3 of a statement that names a key: kind, subject, owner (0 for
 * none). */
static const struct db_sql sub_sql[SUB_SQL__MAX] = {
	/* A staff member's link dies with their account, a project leader's
	 * cohort link when they leave the cohort's staff, an employer's
	 * with its internship. */
	[SUB_SQL_FIND] =
		{"SELECT s.kind, s.subject_id FROM calendar_subscription s "
		 "LEFT JOIN user u ON u.id = s.owner_id WHERE s.token_hash = "
		 "?1 AND s.revoked_at IS NULL AND (s.owner_id IS NULL OR "
		 "u.active = 1) AND (s.kind != 'cohort' OR EXISTS (SELECT 1 "
		 "FROM cohort_staff c WHERE c.cohort_id = s.subject_id AND "
		 "c.user_id = s.owner_id AND c.role = 'project_leader')) AND "
		 "(s.kind != 'employer' OR EXISTS (SELECT 1 FROM internship i "
		 "WHERE i.id = s.subject_id))",
		 "b"},
	[SUB_SQL_LIVE] = {"SELECT token_enc FROM calendar_subscription WHERE "
			  "kind = ?1 AND subject_id = ?2 AND ifnull(owner_id, "
			  "0) = ?3 AND revoked_at IS NULL",
			  "tii"},
	[SUB_SQL_EVER] = {"SELECT count(*) FROM calendar_subscription WHERE "
			  "kind = ?1 AND subject_id = ?2 AND ifnull(owner_id, "
			  "0) = ?3",
			  "tii"},
	[SUB_SQL_ADD] = {"INSERT INTO calendar_subscription (kind, "
			 "subject_id, owner_id, token_hash, token_enc, "
			 "created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, "
			 "?6, ?7)",
			 "tiIbsiI"},
	[SUB_SQL_REVOKE] = {"UPDATE calendar_subscription SET revoked_at = "
			    "?4, revoked_by = ?5 WHERE kind = ?1 AND "
			    "subject_id = ?2 AND ifnull(owner_id, 0) = ?3 AND "
			    "revoked_at IS NULL",
			    "tiiiI"},
	[SUB_SQL_LEADS] =
		{"SELECT c.id, c.name FROM cohort c JOIN cohort_staff s ON "
		 "s.cohort_id = c.id WHERE s.user_id = ?1 AND s.role = "
		 "'project_leader' AND c.state != 'cancelled' AND "
		 "c.internship_end >= ?2 ORDER BY c.first_teaching_day, c.id",
		 "it"},
	[SUB_SQL_IS_LEADER] = {"SELECT count(*) FROM cohort_staff WHERE "
			       "cohort_id = ?1 AND user_id = ?2 AND role = "
			       "'project_leader'",
			       "ii"},
};

/* The DB_ARGs of ?1..?3 for key k (a pointer). */
#define SUB_KEY(k)                                                             \
	DB_TEXT(subscription_kind_names[(k)->kind]), DB_INT((k)->subject),     \
		DB_INT((k)->owner)

/* Tokens: app/core/token.h, the same for every secret link. */
_Static_assert(SUBSCRIPTION_TOKEN_LEN == TOKEN_LEN,
	       "a calendar token is a link token");

int subscription_find(struct db *db, const char *token,
		      enum subscription_kind *kind, int64_t *subject_id)
{
	unsigned char hash[32];
	sqlite3_stmt *st;
	int rc, k;

	if (!token_well_formed(token))
		return 1;
	token_hash(token, hash);
	st = DB_BIND(db, &sub_sql[SUB_SQL_FIND], DB_BLOB(hash, sizeof(hash)));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		for (k = 0; k < SUBSCRIPTION_KIND__MAX; k++)
			if (strcmp(db_text(st, 0),
				   subscription_kind_names[k]) == 0)
				break;
		*kind = (enum subscription_kind)k;
		*subject_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return *kind == SUBSCRIPTION_KIND__MAX ? 1 : 0;
	return rc == SQLITE_DONE ? 1 : -1;
}

/* The store. */

int subscription_live(struct db *db, const struct subscription_key *k,
		      char token[SUBSCRIPTION_TOKEN_SIZE])
{
	sqlite3_stmt *st = DB_BIND(db, &sub_sql[SUB_SQL_LIVE], SUB_KEY(k));
	char *plain = NULL;
	int rc, out = -1;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_DONE)
		out = 1;
	else if (rc == SQLITE_ROW && token == NULL)
		out = 0;
	else if (rc == SQLITE_ROW) {
		plain = secret_column(st, 0);
		if (plain && strlen(plain) == SUBSCRIPTION_TOKEN_LEN) {
			memcpy(token, plain, SUBSCRIPTION_TOKEN_SIZE);
			out = 0;
		} else {
			log_error("subscription: a sealed token does not open");
		}
		if (plain)
			secret_free(plain);
	}
	sqlite3_reset(st);
	return out;
}

int64_t subscription_count(struct db *db, const struct subscription_key *k)
{
	sqlite3_stmt *st = DB_BIND(db, &sub_sql[SUB_SQL_EVER], SUB_KEY(k));
	int64_t n = -1;

	if (st == NULL)
		return -1;
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int subscription_state_of(struct db *db, const struct subscription_key *k,
			  char *token, enum subscription_state *state)
{
	int live = subscription_live(db, k, token);
	int64_t ever;

	if (live < 0)
		return -1;
	*state = SUBSCRIPTION_LIVE;
	if (live == 0)
		return 0;
	ever = subscription_count(db, k);
	if (ever < 0)
		return -1;
	*state = ever > 0 ? SUBSCRIPTION_REVOKED : SUBSCRIPTION_NONE;
	return 0;
}

int subscription_revoke(struct db *w, const struct actor *a,
			const struct subscription_key *k)
{
	if (DB_RUN(w, &sub_sql[SUB_SQL_REVOKE], SUB_KEY(k),
		   DB_INT((int64_t)time(NULL)), DB_ID(a->user_id)) != DB_OK)
		return -1;
	return db_changes(w);
}

int subscription_issue(struct db *w, const struct actor *a,
		       const struct subscription_key *k,
		       char token[SUBSCRIPTION_TOKEN_SIZE])
{
	unsigned char hash[32];

	if (subscription_revoke(w, a, k) < 0)
		return -1;
	token_new(token);
	token_hash(token, hash);
	return DB_RUN(w, &sub_sql[SUB_SQL_ADD],
		      DB_TEXT(subscription_kind_names[k->kind]),
		      DB_INT(k->subject), DB_ID(k->owner),
		      DB_BLOB(hash, sizeof(hash)), DB_SEALED(token),
		      DB_INT((int64_t)time(NULL)), DB_ID(a->user_id)) == DB_OK
		       ? 0
		       : -1;
}

/* Links and the QR code. */

int subscription_urls(const char *token, char https[SUBSCRIPTION_URL_MAX],
		      char webcal[SUBSCRIPTION_URL_MAX])
{
	const char *base = config_get()->base_url;
	const char *host = strstr(base, "://");
	int a, b;

	host = host ? host + 3 : base;
	a = snprintf(https, SUBSCRIPTION_URL_MAX, "%s/calendar/%s.ics", base,
		     token);
	b = snprintf(webcal, SUBSCRIPTION_URL_MAX,
		     "webcal://%s/calendar/%s.ics", host, token);
	return a < 0 || a >= SUBSCRIPTION_URL_MAX || b < 0 ||
			       b >= SUBSCRIPTION_URL_MAX
		       ? -1
		       : 0;
}

int subscription_qr_path(const char *text, struct buf *path, int *size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int x, y, run, w;

	if (q == NULL)
		return -1;
	w = q->width;
	/* One rectangle per horizontal run of dark modules: a third of the
	 * bytes of one square each. */
	for (y = 0; y < w; y++) {
		for (x = 0; x < w; x += run ? run : 1) {
			run = 0;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			if (run)
				buf_printf(path, "M%d %dh%dv1h-%dz", x + 4,
					   y + 4, run, run);
		}
	}
	*size = w + 8;
	QRcode_free(q);
	return buf_failed(path) ? -1 : 0;
}

/* Staff's own links. */

static struct subscription_own *sub_own_add(struct subscription_own_list *l,
					    enum subscription_kind kind,
					    int64_t subject, int64_t owner)
{
	long i = ARRAY_PUSH(l->items, l->n, l->cap);

	if (i < 0)
		return NULL;
	memset(&l->items[i], 0, sizeof(l->items[i]));
	l->items[i].key = (struct subscription_key){kind, subject, owner};
	return &l->items[i];
}

void subscription_own_free(struct subscription_own_list *l)
{
	if (l->items)
		sodium_memzero(l->items, l->cap * sizeof(*l->items));
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* The cohorts a leads that are not cancelled or over, into l. 0 or -1. */
static int sub_own_led(struct db *db, const struct actor *a,
		       struct subscription_own_list *l)
{
	char today[DATE_ISO_LEN + 1];
	struct subscription_own *o;
	sqlite3_stmt *st;
	int rc;

	st = DB_BIND(db, &sub_sql[SUB_SQL_LEADS], DB_INT(a->user_id),
		     DB_TEXT(cohort_today(today)));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		o = sub_own_add(l, SUBSCRIPTION_COHORT,
				sqlite3_column_int64(st, 0), a->user_id);
		if (o == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		snprintf(o->name, sizeof(o->name), "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int subscription_own_load(struct db *db, const struct actor *a,
			  struct subscription_own_list *l)
{
	int64_t me = a->user_id;
	bool missing = false;
	size_t i;
	int live;

	memset(l, 0, sizeof(*l));
	if (a->role == ROLE_ADMIN || me == 0)
		return 0;
	if (sub_own_add(l, SUBSCRIPTION_STAFF, me, me) == NULL)
		return -1;
	if (a->role == ROLE_INSTRUCTOR &&
	    sub_own_add(l, SUBSCRIPTION_INSTRUCTOR, me, me) == NULL)
		return -1;
	if (a->role == ROLE_PROJECT_LEADER && sub_own_led(db, a, l) < 0)
		return -1;
	for (i = 0; i < l->n; i++) {
		live = subscription_live(db, &l->items[i].key,
					 l->items[i].token);
		if (live < 0)
			return -1;
		if (live == 1) {
			l->items[i].token[0] = '\0';
			missing = true;
		}
	}
	return missing ? 1 : 0;
}

/* The audit row of a change to a's own link k, in w's transaction. */
static int sub_own_audit(struct db *w, const struct actor *a,
			 enum audit_action action,
			 const struct subscription_key *k)
{
	struct audit_entry e = audit_by(a, action);
	char detail[64];

	snprintf(detail, sizeof(detail), "%s %lld",
		 subscription_kind_names[k->kind], (long long)k->subject);
	e.subject_type = "user";
	e.subject_id = a->user_id;
	e.subject = a->email;
	e.detail = detail;
	return audit_write(w, &e);
}

int subscription_own_issue(struct db *w, const struct actor *a,
			   struct subscription_own_list *l)
{
	int rc = db_begin(w);
	size_t i;

	for (i = 0; rc == 0 && i < l->n; i++) {
		struct subscription_own *o = &l->items[i];
		int live;

		if (o->token[0])
			continue;
		/* Another request may have made it since our read. */
		live = subscription_live(w, &o->key, o->token);
		if (live < 0)
			rc = -1;
		else if (live == 1 &&
			 (subscription_issue(w, a, &o->key, o->token) < 0 ||
			  sub_own_audit(w, a, AUDIT_CALENDAR_CREATE, &o->key) <
				  0))
			rc = -1;
	}
	return db_finish(w, rc);
}

/* Is k one of a's own links? 1, 0, or -1. */
static int sub_own_check(struct db *db, const struct actor *a,
			 const struct subscription_key *k)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	switch (k->kind) {
	case SUBSCRIPTION_STAFF:
		return a->role != ROLE_ADMIN;
	case SUBSCRIPTION_INSTRUCTOR:
		return a->role == ROLE_INSTRUCTOR;
	case SUBSCRIPTION_COHORT:
		if (a->role != ROLE_PROJECT_LEADER)
			return 0;
		break;
	default:
		return 0;
	}
	st = DB_BIND(db, &sub_sql[SUB_SQL_IS_LEADER], DB_INT(k->subject),
		     DB_INT(a->user_id));
	if (st == NULL)
		return -1;
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n < 0 ? -1 : n > 0;
}

enum result subscription_own_rotate(struct db *w, const struct actor *a,
				    enum subscription_kind kind,
				    int64_t subject, struct form_invalid *bad)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "";
	struct subscription_key k = {kind, subject, a->user_id};
	int mine, rc = RESULT_FAILED;

	if (kind != SUBSCRIPTION_COHORT)
		k.subject = a->user_id;
	mine = a->user_id ? sub_own_check(w, a, &k) : 0;
	if (mine < 0)
		return RESULT_FAILED;
	if (mine == 0) {
		bad->field = NULL;
		snprintf(bad->message, sizeof(bad->message),
			 "Det er ikke din kalender.");
		return RESULT_REFUSED;
	}
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	if (subscription_issue(w, a, &k, token) == 0 &&
	    sub_own_audit(w, a, AUDIT_CALENDAR_ROTATE, &k) == 0)
		rc = RESULT_OK;
	sodium_memzero(token, sizeof(token));
	return db_finish(w, rc);
}
