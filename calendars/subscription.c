/*
 * subscription: calendar links. A token is 32 random bytes; the database
 * keeps its BLAKE2b hash (to find it) and a sealed copy (to print it
 * again), never its text. Pages for a participant's handout, rotate and
 * revoke, staff's own links, and their API twins.
 */
#include "subscription.h"

#include "audit.h"
#include "buf.h"
#include "cohort.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "participant.h"
#include "participant_load.h"
#include "secret.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sub_kind_names[FEED_KIND__MAX + 1] = {
	[FEED_PARTICIPANT] = "participant",
	[FEED_INSTRUCTOR] = "instructor",
	[FEED_STAFF] = "staff",
	[FEED_COHORT] = "cohort",
	[FEED_KIND__MAX] = NULL,
};

enum sub_sql {
	SUB_SQL_FIND,
	SUB_SQL_LIVE,
	SUB_SQL_EVER,
	SUB_SQL_ADD,
	SUB_SQL_REVOKE,
	SUB_SQL_PLACE,
	SUB_SQL_LEADS,
	SUB_SQL_IS_LEADER,
	SUB_SQL__MAX
};

static const char *const sub_sql[SUB_SQL__MAX] = {
	/* A staff member's link dies with their account, a project leader's
	 * cohort link when they leave the cohort's staff. */
	[SUB_SQL_FIND] =
		"SELECT s.kind, s.subject_id FROM calendar_subscription s "
		"LEFT JOIN user u ON u.id = s.owner_id WHERE s.token_hash = ?1 "
		"AND s.revoked_at IS NULL AND (s.owner_id IS NULL OR "
		"u.active = 1) AND (s.kind != 'cohort' OR EXISTS (SELECT 1 "
		"FROM cohort_staff c WHERE c.cohort_id = s.subject_id AND "
		"c.user_id = s.owner_id AND c.role = 'project_leader'))",
	[SUB_SQL_LIVE] = "SELECT token_enc FROM calendar_subscription WHERE "
			 "kind = ?1 AND subject_id = ?2 AND ifnull(owner_id, "
			 "0) = ?3 AND revoked_at IS NULL",
	[SUB_SQL_EVER] = "SELECT count(*) FROM calendar_subscription WHERE "
			 "kind = ?1 AND subject_id = ?2 AND ifnull(owner_id, "
			 "0) = ?3",
	[SUB_SQL_ADD] = "INSERT INTO calendar_subscription (kind, subject_id, "
			"owner_id, token_hash, token_enc, created_at, "
			"created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[SUB_SQL_REVOKE] = "UPDATE calendar_subscription SET revoked_at = ?4, "
			   "revoked_by = ?5 WHERE kind = ?1 AND subject_id = "
			   "?2 AND ifnull(owner_id, 0) = ?3 AND revoked_at IS "
			   "NULL",
	[SUB_SQL_PLACE] = "SELECT name, venue_name, venue_address FROM cohort "
			  "WHERE id = ?1",
	[SUB_SQL_LEADS] =
		"SELECT c.id, c.name FROM cohort c JOIN cohort_staff s ON "
		"s.cohort_id = c.id WHERE s.user_id = ?1 AND s.role = "
		"'project_leader' AND c.state != 'cancelled' AND "
		"c.internship_end >= ?2 ORDER BY c.first_teaching_day, c.id",
	[SUB_SQL_IS_LEADER] = "SELECT count(*) FROM cohort_staff WHERE "
			      "cohort_id = ?1 AND user_id = ?2 AND role = "
			      "'project_leader'",
};

/* Whose link: kind and subject, and the user whose own link it is (0 for
 * a participant's, which staff hand to the citizen). */
struct sub_key {
	enum feed_kind kind;
	int64_t subject, owner;
};

#define SUB_TOKEN_SIZE (SUBSCRIPTION_TOKEN_LEN + 1)
#define SUB_URL_MAX 400

/* Tokens. */

static bool sub_token_ok(const char *t)
{
	size_t i;

	for (i = 0; t[i]; i++) {
		char c = t[i];

		if (i >= SUBSCRIPTION_TOKEN_LEN ||
		    !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return i == SUBSCRIPTION_TOKEN_LEN;
}

static void sub_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}

static void sub_new_token(char out[SUB_TOKEN_SIZE])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SUB_TOKEN_SIZE, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

int subscription_find(struct db *db, const char *token, enum feed_kind *kind,
		      int64_t *subject_id)
{
	unsigned char hash[32];
	sqlite3_stmt *st;
	int rc, k;

	if (token == NULL || !sub_token_ok(token))
		return 1;
	st = db_stmt(db, sub_sql[SUB_SQL_FIND]);
	if (st == NULL)
		return -1;
	sub_hash(token, hash);
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		for (k = 0; k < FEED_KIND__MAX; k++)
			if (strcmp(db_text(st, 0), sub_kind_names[k]) == 0)
				break;
		*kind = (enum feed_kind)k;
		*subject_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return *kind == FEED_KIND__MAX ? 1 : 0;
	return rc == SQLITE_DONE ? 1 : -1;
}

/* Binds ?1..?3 of a statement that names a key. */
static void sub_bind_key(sqlite3_stmt *st, const struct sub_key *k)
{
	sqlite3_bind_text(st, 1, sub_kind_names[k->kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, k->subject);
	sqlite3_bind_int64(st, 3, k->owner);
}

/* The live token of k into token (when not NULL). 0 live, 1 none, -1
 * error (a sealed copy that does not open is one: logged, no value). */
static int sub_live(struct db *db, const struct sub_key *k,
		    char token[SUB_TOKEN_SIZE])
{
	sqlite3_stmt *st = db_stmt(db, sub_sql[SUB_SQL_LIVE]);
	char *plain = NULL;
	int rc, out = -1;

	if (st == NULL)
		return -1;
	sub_bind_key(st, k);
	rc = db_step(db, st);
	if (rc == SQLITE_DONE)
		out = 1;
	else if (rc == SQLITE_ROW && token == NULL)
		out = 0;
	else if (rc == SQLITE_ROW) {
		plain = secret_column(st, 0);
		if (plain && strlen(plain) == SUBSCRIPTION_TOKEN_LEN) {
			memcpy(token, plain, SUB_TOKEN_SIZE);
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

/* How many links k ever had, live or revoked; -1 on error. */
static int64_t sub_ever(struct db *db, const struct sub_key *k)
{
	sqlite3_stmt *st = db_stmt(db, sub_sql[SUB_SQL_EVER]);
	int64_t n = -1;

	if (st == NULL)
		return -1;
	sub_bind_key(st, k);
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Revokes k's live link in w's transaction: how many (0 or 1), or -1. */
static int sub_revoke_key(struct db *w, const struct sub_key *k,
			  int64_t actor)
{
	sqlite3_stmt *st = db_stmt(w, sub_sql[SUB_SQL_REVOKE]);

	if (st == NULL)
		return -1;
	sub_bind_key(st, k);
	sqlite3_bind_int64(st, 4, http_now());
	if (actor)
		sqlite3_bind_int64(st, 5, actor);
	if (db_exec_stmt(w, st) != DB_OK)
		return -1;
	return db_changes(w);
}

/* Revokes k's live link, if any, and makes a new one whose token goes
 * into token, in w's transaction. 0 or -1. */
static int sub_issue(struct db *w, const struct sub_key *k, int64_t actor,
		     char token[SUB_TOKEN_SIZE])
{
	sqlite3_stmt *st;
	unsigned char hash[32];

	if (sub_revoke_key(w, k, actor) < 0)
		return -1;
	st = db_stmt(w, sub_sql[SUB_SQL_ADD]);
	if (st == NULL)
		return -1;
	sub_new_token(token);
	sub_hash(token, hash);
	sub_bind_key(st, k);
	if (k->owner)
		sqlite3_bind_int64(st, 3, k->owner);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_blob(st, 4, hash, sizeof(hash), SQLITE_TRANSIENT);
	if (secret_bind(st, 5, token) < 0) {
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_bind_int64(st, 6, http_now());
	if (actor)
		sqlite3_bind_int64(st, 7, actor);
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

/* Links and the QR code. */

/* The https and webcal addresses of token. 0, or -1 when too long. */
static int sub_urls(const char *token, char https[SUB_URL_MAX],
		    char webcal[SUB_URL_MAX])
{
	const char *base = config_get()->base_url;
	const char *host = strstr(base, "://");
	int a, b;

	host = host ? host + 3 : base;
	a = snprintf(https, SUB_URL_MAX, "%s/calendar/%s.ics", base, token);
	b = snprintf(webcal, SUB_URL_MAX, "webcal://%s/calendar/%s.ics",
		     host, token);
	return a < 0 || a >= SUB_URL_MAX || b < 0 || b >= SUB_URL_MAX ? -1
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

/*
 * Sets https, webcal, qr_path and qr_size on v for token. The QR code
 * holds the https address: every phone's camera app opens https, while
 * webcal:// is left alone by most Android cameras; iPhones offer to
 * subscribe from the printed webcal address.
 */
static int sub_view_links(struct view *v, const char *token)
{
	char https[SUB_URL_MAX], webcal[SUB_URL_MAX];
	struct buf path = BUF_INIT(0);
	int size = 0, rc = -1;

	if (sub_urls(token, https, webcal) == 0 &&
	    subscription_qr_path(https, &path, &size) == 0) {
		view_set(v, "https", https);
		view_set(v, "webcal", webcal);
		view_set(v, "qr_path", path.data);
		view_set_int(v, "qr_size", size);
		rc = 0;
	}
	sodium_memzero(https, sizeof(https));
	sodium_memzero(webcal, sizeof(webcal));
	buf_free(&path);
	return rc;
}

/* A participant's link. */

static bool sub_may_manage(const struct participant *p)
{
	/* Mentors print the handout with the citizen; those who work with
	 * the citizen's course (consultants, instructors, caseworker,
	 * project leaders) also cut a link off. See docs/security.md. */
	return p->access >= PARTICIPANT_ACCESS_WORK;
}

int subscription_participant_view(struct req *r, const struct participant *p,
				  struct view *v)
{
	struct sub_key k = {FEED_PARTICIPANT, p->id, 0};
	int live = sub_live(r->db, &k, NULL);
	int64_t ever = live == 1 ? sub_ever(r->db, &k) : 1;

	if (live < 0 || ever < 0)
		return -1;
	view_set_bool(v, "may_calendar", p->access >= PARTICIPANT_ACCESS_CONTACT);
	view_set_bool(v, "may_calendar_manage", sub_may_manage(p));
	view_set_bool(v, "calendar_live", live == 0);
	view_set_bool(v, "calendar_revoked", live == 1 && ever > 0);
	return 0;
}

enum sub_state { SUB_LIVE, SUB_REVOKED };

/*
 * The live token of p's link for r's user to see: an audited read; or,
 * when p never had a link, a new one, written with its audit row in one
 * transaction. A revoked link is not made again here (*state SUB_REVOKED):
 * that is what rotate is for. 0 or -1.
 */
static int sub_participant_open(struct req *r, const struct participant *p,
				const char *detail, char token[SUB_TOKEN_SIZE],
				enum sub_state *state)
{
	struct sub_key k = {FEED_PARTICIPANT, p->id, 0};
	int64_t ever;
	struct db *w;
	int rc = sub_live(r->db, &k, token);

	*state = SUB_LIVE;
	if (rc < 0)
		return -1;
	ever = rc == 1 ? sub_ever(r->db, &k) : 1;
	if (ever < 0)
		return -1;
	if (rc == 1 && ever > 0)
		*state = SUB_REVOKED;
	if (rc == 0 || ever > 0)
		return participant_audit(NULL, r, "calendar.read", p, NULL,
					 detail);
	w = db_writer_lock();
	rc = -1;
	if (db_begin(w) == 0) {
		/* Another request may have made it since our read. */
		int live = sub_live(w, &k, token);

		if (live == 0)
			rc = participant_audit(w, r, "calendar.read", p, NULL,
					       detail);
		else if (live == 1 &&
			 sub_issue(w, &k, r->session->user_id, token) == 0)
			rc = participant_audit(w, r, "calendar.create", p,
					       NULL, detail);
		if (rc == 0 && db_commit(w) < 0)
			rc = -1;
	}
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

/* Rotates (new token into token) or revokes p's link, with the audit row.
 * 0, 403 (sent), or -1. */
static int sub_participant_change(struct req *r, const struct participant *p,
				  bool rotate, char token[SUB_TOKEN_SIZE])
{
	struct sub_key k = {FEED_PARTICIPANT, p->id, 0};
	struct db *w;
	int rc = -1, n;

	if (!sub_may_manage(p))
		return http_error(r, 403, "Du har ikke adgang til at ændre "
					  "borgerens kalenderlink.");
	w = db_writer_lock();
	if (db_begin(w) == 0) {
		if (rotate) {
			if (sub_issue(w, &k, r->session->user_id, token) == 0)
				rc = participant_audit(w, r, "calendar.rotate",
						       p, NULL, NULL);
		} else {
			/* Revoking what is already revoked changes nothing
			 * and is not audited. */
			n = sub_revoke_key(w, &k, r->session->user_id);
			rc = n;
			if (n > 0)
				rc = participant_audit(w, r, "calendar.revoke",
						       p, NULL, NULL);
		}
		if (rc == 0 && db_commit(w) < 0)
			rc = -1;
	}
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

/* The handout's cohort name and venue, read without the cohort rule: a
 * mentor helps a mentee whose cohort they do not staff. */
static int sub_view_place(struct db *db, int64_t cohort, struct view *v)
{
	sqlite3_stmt *st = db_stmt(db, sub_sql[SUB_SQL_PLACE]);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		view_set(v, "cohort_name", db_text(st, 0));
		view_set(v, "venue_name", db_text(st, 1));
		view_set(v, "venue_address", db_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int subscription_handout(struct req *r)
{
	char token[SUB_TOKEN_SIZE] = "";
	enum sub_state state;
	struct participant p;
	struct view *v = NULL;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	v = view_new();
	if (v == NULL ||
	    sub_participant_open(r, &p, "handout", token, &state) < 0 ||
	    sub_view_place(r->db, p.cohort_id, v) < 0 ||
	    (state == SUB_LIVE && sub_view_links(v, token) < 0)) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	view_set(v, "title", "Kalender til telefonen");
	view_set_int(v, "id", p.id);
	view_set_bool(v, "live", state == SUB_LIVE);
	view_set_bool(v, "may_manage", sub_may_manage(&p));
	view_set_bool(v, "rotated", http_query(r, "ny") != NULL);
	rc = http_page(r, 200, "calendar_handout.html", v);
out:
	sodium_memzero(token, sizeof(token));
	view_free(v);
	return rc;
}

static int sub_participant_post(struct req *r, bool rotate)
{
	char token[SUB_TOKEN_SIZE] = "", loc[80];
	struct participant p;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	rc = sub_participant_change(r, &p, rotate, token);
	sodium_memzero(token, sizeof(token));
	if (rc > 0)
		return rc;
	if (rc < 0)
		return http_error(r, 500, NULL);
	snprintf(loc, sizeof(loc), "/participants/%lld/calendar%s",
		 (long long)p.id, rotate ? "?ny=1" : "");
	return http_redirect(r, loc);
}

int subscription_rotate(struct req *r)
{
	return sub_participant_post(r, true);
}

int subscription_revoke(struct req *r)
{
	return sub_participant_post(r, false);
}

/* {"https": ..., "webcal": ...} of token. */
static int sub_api_links(struct req *r, const char *token)
{
	char https[SUB_URL_MAX], webcal[SUB_URL_MAX];
	cJSON *o;

	if (sub_urls(token, https, webcal) < 0)
		return http_error(r, 500, NULL);
	o = cJSON_CreateObject();
	if (o == NULL || !cJSON_AddStringToObject(o, "https", https) ||
	    !cJSON_AddStringToObject(o, "webcal", webcal)) {
		cJSON_Delete(o);
		return http_error(r, 500, NULL);
	}
	sodium_memzero(https, sizeof(https));
	sodium_memzero(webcal, sizeof(webcal));
	return http_json(r, 200, o);
}

int subscription_api_get(struct req *r)
{
	char token[SUB_TOKEN_SIZE] = "";
	enum sub_state state;
	struct participant p;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	if (sub_participant_open(r, &p, "api", token, &state) < 0)
		rc = http_error(r, 500, NULL);
	else if (state == SUB_REVOKED)
		rc = http_error(r, 409, "Borgerens kalenderlink er "
					"tilbagekaldt. Lav et nyt.");
	else
		rc = sub_api_links(r, token);
	sodium_memzero(token, sizeof(token));
	return rc;
}

int subscription_api_rotate(struct req *r)
{
	char token[SUB_TOKEN_SIZE] = "";
	struct participant p;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	rc = sub_participant_change(r, &p, true, token);
	if (rc == 0)
		rc = sub_api_links(r, token);
	else if (rc < 0)
		rc = http_error(r, 500, NULL);
	sodium_memzero(token, sizeof(token));
	return rc;
}

int subscription_api_revoke(struct req *r)
{
	struct participant p;
	cJSON *o;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	rc = sub_participant_change(r, &p, false, NULL);
	if (rc > 0)
		return rc;
	if (rc < 0)
		return http_error(r, 500, NULL);
	o = cJSON_CreateObject();
	if (o == NULL || !cJSON_AddBoolToObject(o, "revoked", true)) {
		cJSON_Delete(o);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, o);
}

/* Staff's own links. */

struct sub_own {
	struct sub_key key;
	char name[COHORT_TEXT(200)]; /* the cohort's, for FEED_COHORT */
	char token[SUB_TOKEN_SIZE];
};

struct sub_own_list {
	struct sub_own *items;
	size_t n, cap;
};

static struct sub_own *sub_own_add(struct sub_own_list *l, enum feed_kind kind,
				   int64_t subject, int64_t owner)
{
	struct sub_own *grown;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;

		grown = realloc(l->items, cap * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		l->items = grown;
		l->cap = cap;
	}
	grown = &l->items[l->n++];
	memset(grown, 0, sizeof(*grown));
	grown->key = (struct sub_key){kind, subject, owner};
	return grown;
}

static void sub_own_free(struct sub_own_list *l)
{
	if (l->items)
		sodium_memzero(l->items, l->cap * sizeof(*l->items));
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* The feeds r's user has of their own: everyone on staff but the
 * administrator (who holds no talks) their talks, instructors their
 * teaching days, project leaders one per cohort they lead that is not
 * cancelled or over. 0 or -1. */
static int sub_own_load(struct req *r, struct sub_own_list *l)
{
	const struct session *s = r->session;
	char today[DATE_ISO_LEN + 1];
	struct sub_own *o;
	sqlite3_stmt *st;
	int rc;

	if (s->role == ROLE_ADMIN)
		return 0;
	if (sub_own_add(l, FEED_STAFF, s->user_id, s->user_id) == NULL)
		return -1;
	if (s->role == ROLE_INSTRUCTOR &&
	    sub_own_add(l, FEED_INSTRUCTOR, s->user_id, s->user_id) == NULL)
		return -1;
	if (s->role != ROLE_PROJECT_LEADER)
		return 0;
	st = db_stmt(r->db, sub_sql[SUB_SQL_LEADS]);
	if (st == NULL)
		return -1;
	date_format_iso(date_today(), today);
	sqlite3_bind_int64(st, 1, s->user_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		o = sub_own_add(l, FEED_COHORT, sqlite3_column_int64(st, 0),
				s->user_id);
		if (o == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		snprintf(o->name, sizeof(o->name), "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int sub_own_audit(struct db *w, struct req *r, const char *action,
			 const struct sub_key *k)
{
	struct audit_entry e = audit_for(r, action);
	char detail[64];

	snprintf(detail, sizeof(detail), "%s %lld", sub_kind_names[k->kind],
		 (long long)k->subject);
	e.subject_type = "user";
	e.subject_id = r->session->user_id;
	e.subject = r->session->email;
	e.detail = detail;
	return audit_write(w, &e);
}

/* Makes the links of l that have none yet, in one transaction. */
static int sub_own_issue(struct req *r, struct sub_own_list *l,
			 const bool *missing)
{
	struct db *w = db_writer_lock();
	int rc = db_begin(w);
	size_t i;

	for (i = 0; rc == 0 && i < l->n; i++) {
		struct sub_own *o = &l->items[i];
		int live;

		if (!missing[i])
			continue;
		/* Another request may have made it since our read. */
		live = sub_live(w, &o->key, o->token);
		if (live < 0)
			rc = -1;
		else if (live == 1 &&
			 (sub_issue(w, &o->key, r->session->user_id,
				    o->token) < 0 ||
			  sub_own_audit(w, r, "calendar.create", &o->key) < 0))
			rc = -1;
	}
	if (rc == 0 && db_commit(w) < 0)
		rc = -1;
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

static void sub_own_view(struct view *v, const struct sub_own *o)
{
	static const char *const labels[FEED_KIND__MAX] = {
		[FEED_INSTRUCTOR] = "Mine undervisningsdage",
		[FEED_STAFF] = "Mine samtaler og møder",
		[FEED_COHORT] = "Holdet",
	};
	static const char *const about[FEED_KIND__MAX] = {
		[FEED_INSTRUCTOR] = "Dagene på de hold, du underviser.",
		[FEED_STAFF] = "Dine forberedelsessamtaler med deltagerne.",
		[FEED_COHORT] = "Alle holdets kursusdage.",
	};

	if (o->key.kind == FEED_COHORT)
		view_setf(v, "label", "%s %s", labels[FEED_COHORT], o->name);
	else
		view_set(v, "label", labels[o->key.kind]);
	view_set(v, "about", about[o->key.kind]);
	view_set(v, "kind", sub_kind_names[o->key.kind]);
	view_set_int(v, "subject", (long)o->key.subject);
	sub_view_links(v, o->token);
}

int subscription_account_view(struct req *r, struct view *v)
{
	struct sub_own_list l = {0};
	bool *missing = NULL, any = false;
	size_t i;
	int rc = -1, live;

	view_list(v, "calendars");
	view_set_bool(v, "calendar_rotated",
		      http_query(r, "kalender") != NULL);
	if (sub_own_load(r, &l) < 0)
		goto out;
	missing = calloc(l.n ? l.n : 1, sizeof(*missing));
	if (missing == NULL)
		goto out;
	for (i = 0; i < l.n; i++) {
		live = sub_live(r->db, &l.items[i].key, l.items[i].token);
		if (live < 0)
			goto out;
		missing[i] = live == 1;
		any = any || missing[i];
	}
	if (any && sub_own_issue(r, &l, missing) < 0)
		goto out;
	for (i = 0; i < l.n; i++)
		sub_own_view(view_add(v, "calendars"), &l.items[i]);
	rc = view_failed(v) ? -1 : 0;
out:
	free(missing);
	sub_own_free(&l);
	return rc;
}

static const char *const sub_own_kinds[] = {"instructor", "staff", "cohort",
					    NULL};

static const struct form_spec sub_rotate_form[] = {
	{"kind", "Kalender", FIELD_ENUM, true, 0, 0, sub_own_kinds},
	{"subject", "Hold", FIELD_INT, false, 1, INT32_MAX, NULL},
};
enum { SR_KIND, SR_SUBJECT, SR__N };

/* Is k one of r's user's own links? */
static int sub_own_check(struct req *r, const struct sub_key *k)
{
	const struct session *s = r->session;
	sqlite3_stmt *st;
	int64_t n = -1;

	switch (k->kind) {
	case FEED_STAFF:
		return s->role != ROLE_ADMIN;
	case FEED_INSTRUCTOR:
		return s->role == ROLE_INSTRUCTOR;
	case FEED_COHORT:
		if (s->role != ROLE_PROJECT_LEADER)
			return 0;
		break;
	default:
		return 0;
	}
	st = db_stmt(r->db, sub_sql[SUB_SQL_IS_LEADER]);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, k->subject);
	sqlite3_bind_int64(st, 2, s->user_id);
	if (db_step(r->db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n < 0 ? -1 : n > 0;
}

int subscription_account_rotate(struct req *r)
{
	static const enum feed_kind kinds[] = {FEED_INSTRUCTOR, FEED_STAFF,
					       FEED_COHORT};
	char token[SUB_TOKEN_SIZE] = "";
	struct form_value v[SR__N];
	struct sub_key k;
	struct db *w;
	int rc, mine;

	if (form_validate(&r->form, sub_rotate_form, SR__N, v, NULL) < 0)
		return http_error(r, 422, "Vælg en kalender.");
	k.kind = kinds[v[SR_KIND].i];
	k.owner = r->session->user_id;
	k.subject = k.kind == FEED_COHORT ? v[SR_SUBJECT].i : k.owner;
	form_values_free(v, SR__N);
	mine = sub_own_check(r, &k);
	if (mine < 0)
		return http_error(r, 500, NULL);
	if (mine == 0)
		return http_error(r, 403, "Det er ikke din kalender.");
	w = db_writer_lock();
	rc = -1;
	if (db_begin(w) == 0 && sub_issue(w, &k, k.owner, token) == 0 &&
	    sub_own_audit(w, r, "calendar.rotate", &k) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
	db_rollback(w);
	db_writer_unlock(w);
	sodium_memzero(token, sizeof(token));
	if (rc < 0)
		return http_error(r, 500, NULL);
	return http_redirect(r, "/account?kalender=ny#kalender");
}
