/*
 * auth: who is calling. A session is a random 256-bit token in an
 * HttpOnly cookie, stored only as a hash; login failures are throttled per
 * account, device and client address in memory. Passwords are password.c.
 */
#include "auth.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "password.h"
#include "secret.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUTH_TOKEN_BYTES 32
#define AUTH_TOKEN_B64                                                         \
	sodium_base64_ENCODED_LEN(AUTH_TOKEN_BYTES,                            \
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING)
#define AUTH_TOUCH_SECONDS 60

enum auth_sql {
	AUTH_SQL_SESSION,
	AUTH_SQL_SESSION_ADD,
	AUTH_SQL_SESSION_TOUCH,
	AUTH_SQL_SESSION_DELETE,
	AUTH_SQL_SESSION_PURGE,
	AUTH_SQL_SESSION_CONFIRM,
	AUTH_SQL_SESSIONS_OTHERS_DELETE,
	AUTH_SQL_USER_BY_EMAIL,
	AUTH_SQL_USER_HASH,
	AUTH_SQL_USER_SET_HASH,
	AUTH_SQL__MAX
};

static const struct db_sql auth_sql[AUTH_SQL__MAX] = {
	[AUTH_SQL_SESSION] =
		{"SELECT s.id, s.user_id, s.csrf, s.created_at, s.seen_at, "
		 "s.confirmed_at, u.email, u.name, u.role, u.organisation_id, "
		 "u.active FROM session s JOIN user u ON u.id = s.user_id "
		 "WHERE s.token_hash = ?1",
		 "b"},
	[AUTH_SQL_SESSION_ADD] =
		{"INSERT INTO session (token_hash, user_id, csrf, created_at, "
		 "seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
		 "biti"},
	[AUTH_SQL_SESSION_TOUCH] =
		{"UPDATE session SET seen_at = ?2 WHERE id = ?1", "ii"},
	[AUTH_SQL_SESSION_DELETE] = {"DELETE FROM session WHERE id = ?1", "i"},
	[AUTH_SQL_SESSION_PURGE] =
		{"DELETE FROM session WHERE seen_at < ?1 OR created_at < ?2",
		 "ii"},
	[AUTH_SQL_SESSION_CONFIRM] =
		{"UPDATE session SET confirmed_at = ?2 WHERE id = ?1", "ii"},
	[AUTH_SQL_SESSIONS_OTHERS_DELETE] =
		{"DELETE FROM session WHERE user_id = ?1 AND id != ?2", "ii"},
	[AUTH_SQL_USER_BY_EMAIL] =
		{"SELECT id, password_hash, active, name FROM user "
		 "WHERE email = ?1",
		 "t"},
	[AUTH_SQL_USER_HASH] = {"SELECT password_hash FROM user WHERE id = ?1",
				"i"},
	[AUTH_SQL_USER_SET_HASH] = {"UPDATE user SET password_hash = ?2, "
				    "password_changed_at = ?3, "
				    "updated_at = ?3 WHERE id = ?1",
				    "iti"},
};

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

/* A hash to verify against when the e-mail is unknown, so that a wrong
 * e-mail takes as long as a wrong password. */
static char auth_dummy_hash[PASSWORD_HASH_LEN];
static pthread_once_t auth_dummy_once = PTHREAD_ONCE_INIT;

static void auth_dummy_init(void)
{
	unsigned char pw[16];
	char hex[33];

	randombytes_buf(pw, sizeof(pw));
	sodium_bin2hex(hex, sizeof(hex), pw, sizeof(pw));
	password_hash(hex, auth_dummy_hash);
}

/*
 * Throttling, after OWASP's device cookies: a browser that has logged in
 * to an account gets a signed device cookie for it, and its failures count
 * against that device alone, so an attacker guessing a password (who has
 * no such cookie) cannot lock the owner out. Attempts without a valid
 * device cookie share the account's allowance of untrusted attempts, and
 * an address with many untrusted failures is slowed to one attempt every
 * few seconds rather than locked, so an office behind one address keeps
 * working. Counters live in a 4-way set-associative table keyed by a
 * secret-keyed hash, so nobody can aim collisions at another's counter.
 */

#define THROTTLE_SETS	       1024
#define THROTTLE_WAYS	       4
#define THROTTLE_WINDOW	       (15 * 60)
#define THROTTLE_USER_MAX      5  /* untrusted failures per account */
#define THROTTLE_DEVICE_MAX    10 /* failures per device cookie */
#define THROTTLE_ADDRESS_MAX   50 /* untrusted failures before slowing */
#define THROTTLE_ADDRESS_PAUSE 10 /* seconds between attempts then */
#define THROTTLE_CONFIRM_MAX   5  /* wrong current passwords per account */
#define AUTH_DEVICE_COOKIE     "mestring_device"
#define AUTH_DEVICE_DAYS       180

struct throttle_slot {
	uint64_t key;
	int64_t window_start;
	int64_t last; /* the last counted failure */
	int failures;
};

static struct throttle_slot throttle[THROTTLE_SETS][THROTTLE_WAYS];
static unsigned char throttle_secret[crypto_shorthash_KEYBYTES];
static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t throttle_once = PTHREAD_ONCE_INIT;

static void throttle_init(void)
{
	randombytes_buf(throttle_secret, sizeof(throttle_secret));
}

static uint64_t throttle_key(const char *kind, const char *value)
{
	unsigned char out[crypto_shorthash_BYTES];
	struct buf b = BUF_INIT(1024);
	uint64_t key;

	pthread_once(&throttle_once, throttle_init);
	buf_printf(&b, "%s:%s", kind, value);
	crypto_shorthash(out, (const unsigned char *)b.data, b.len,
			 throttle_secret);
	buf_free(&b);
	memcpy(&key, out, sizeof(key));
	return key | 1; /* 0 marks an empty slot */
}

/* The slot for key in the current window; with create, claims one. */
static struct throttle_slot *throttle_slot(uint64_t key, int64_t now,
					   bool create)
{
	struct throttle_slot *set = throttle[key % THROTTLE_SETS], *old;
	int i;

	for (i = 0; i < THROTTLE_WAYS; i++)
		if (set[i].key == key) {
			if (now - set[i].window_start >= THROTTLE_WINDOW) {
				set[i].window_start = now;
				set[i].failures = 0;
			}
			return &set[i];
		}
	if (!create)
		return NULL;
	old = &set[0];
	for (i = 1; i < THROTTLE_WAYS; i++)
		if (set[i].window_start < old->window_start)
			old = &set[i];
	old->key = key;
	old->window_start = now;
	old->last = 0;
	old->failures = 0;
	return old;
}

/* Has key had max failures in the window? */
static bool throttle_over(uint64_t key, int max, int64_t now)
{
	struct throttle_slot *s;
	bool over;

	pthread_mutex_lock(&throttle_lock);
	s = throttle_slot(key, now, false);
	over = s && s->failures >= max;
	pthread_mutex_unlock(&throttle_lock);
	return over;
}

/* Past its allowance, an address gets one attempt every few seconds. */
static bool throttle_address_slowed(uint64_t key, int64_t now)
{
	struct throttle_slot *s;
	bool slowed;

	pthread_mutex_lock(&throttle_lock);
	s = throttle_slot(key, now, false);
	slowed = s && s->failures >= THROTTLE_ADDRESS_MAX &&
		 now - s->last < THROTTLE_ADDRESS_PAUSE;
	pthread_mutex_unlock(&throttle_lock);
	return slowed;
}

static void throttle_fail(uint64_t key, int64_t now)
{
	struct throttle_slot *s;

	pthread_mutex_lock(&throttle_lock);
	s = throttle_slot(key, now, true);
	s->failures++;
	s->last = now;
	pthread_mutex_unlock(&throttle_lock);
}

static void throttle_clear(uint64_t key, int64_t now)
{
	struct throttle_slot *s;

	pthread_mutex_lock(&throttle_lock);
	s = throttle_slot(key, now, false);
	if (s)
		s->failures = 0;
	pthread_mutex_unlock(&throttle_lock);
}

void auth_throttle_reset(void)
{
	pthread_mutex_lock(&throttle_lock);
	memset(throttle, 0, sizeof(throttle));
	pthread_mutex_unlock(&throttle_lock);
}

/*
 * Device cookies: "UID.NONCE.MAC", MAC a keyed hash (the field key's, so
 * cookies outlive a restart) of the user id and a random nonce. The nonce
 * names the device for throttling.
 */
#define AUTH_NONCE_HEX 32

static void auth_device_mac(int64_t uid, const char *nonce,
			    char hex[2 * SECRET_HASH_LEN + 1])
{
	unsigned char mac[SECRET_HASH_LEN];
	char text[96];

	snprintf(text, sizeof(text), "device:%lld:%s", (long long)uid, nonce);
	if (secret_hash(text, mac) < 0)
		memset(mac, 0, sizeof(mac)); /* never matches a cookie */
	sodium_bin2hex(hex, 2 * SECRET_HASH_LEN + 1, mac, sizeof(mac));
}

/* The device nonce of r's cookie when it is valid for uid, else "". */
static void auth_device_of(const struct req *r, int64_t uid,
			   char nonce[AUTH_NONCE_HEX + 1])
{
	char value[160], want[2 * SECRET_HASH_LEN + 1], *dot1, *dot2, *end;
	long long id;

	nonce[0] = '\0';
	if (uid <= 0 ||
	    http_cookie(r, AUTH_DEVICE_COOKIE, value, sizeof(value)) < 0)
		return;
	dot1 = strchr(value, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (dot2 == NULL || dot2 - dot1 - 1 != AUTH_NONCE_HEX ||
	    strlen(dot2 + 1) != 2 * SECRET_HASH_LEN)
		return;
	*dot1 = *dot2 = '\0';
	id = strtoll(value, &end, 10);
	if (*end || id != uid ||
	    strspn(dot1 + 1, "0123456789abcdef") != AUTH_NONCE_HEX)
		return;
	auth_device_mac(uid, dot1 + 1, want);
	if (sodium_memcmp(want, dot2 + 1, 2 * SECRET_HASH_LEN) == 0)
		memcpy(nonce, dot1 + 1, AUTH_NONCE_HEX + 1);
}

/* A fresh device cookie for uid on this browser. */
static void auth_device_issue(struct req *r, int64_t uid)
{
	char nonce[AUTH_NONCE_HEX + 1], mac[2 * SECRET_HASH_LEN + 1];
	char value[160];
	unsigned char raw[AUTH_NONCE_HEX / 2];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(nonce, sizeof(nonce), raw, sizeof(raw));
	auth_device_mac(uid, nonce, mac);
	snprintf(value, sizeof(value), "%lld.%s.%s", (long long)uid, nonce,
		 mac);
	http_set_cookie(r, AUTH_DEVICE_COOKIE, value, "/",
			AUTH_DEVICE_DAYS * 86400, true);
}

/* Sessions. */

static void auth_token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token),
			   NULL, 0);
}

static void auth_random_hex(char *out, size_t bytes)
{
	unsigned char raw[32];

	randombytes_buf(raw, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
}

/* Runs one statement of two integers on the writer, by itself. 0 or -1. */
static int auth_write(enum auth_sql which, int64_t a, int64_t b)
{
	struct db *w = db_writer_lock();
	enum db_result rc;

	if (which == AUTH_SQL_SESSION_DELETE)
		rc = DB_RUN(w, &auth_sql[which], DB_INT(a));
	else
		rc = DB_RUN(w, &auth_sql[which], DB_INT(a), DB_INT(b));
	db_writer_unlock(w);
	return rc == DB_OK ? 0 : -1;
}

static void auth_session_fill(struct session *s, sqlite3_stmt *st)
{
	int role;

	s->id = sqlite3_column_int64(st, 0);
	s->user_id = sqlite3_column_int64(st, 1);
	snprintf(s->csrf, sizeof(s->csrf), "%s", db_text(st, 2));
	s->created_at = sqlite3_column_int64(st, 3);
	s->seen_at = sqlite3_column_int64(st, 4);
	s->confirmed_at = sqlite3_column_int64(st, 5);
	snprintf(s->email, sizeof(s->email), "%s", db_text(st, 6));
	snprintf(s->name, sizeof(s->name), "%s", db_text(st, 7));
	role = role_parse(db_text(st, 8));
	s->role = role < 0 ? ROLE__MAX : (enum role)role;
	s->organisation_id = sqlite3_column_int64(st, 9);
}

bool auth_session_live(const struct session *s, int64_t now)
{
	return now - s->seen_at < AUTH_IDLE_SECONDS &&
	       now - s->created_at < AUTH_MAX_SECONDS && now >= s->created_at;
}

/* Sets r->session from a token when it names a live session. */
static int auth_session_from_token(struct req *r, const char *token)
{
	unsigned char hash[32];
	int64_t now = http_now();
	struct session *s = &r->session_storage;
	sqlite3_stmt *st;
	bool live;
	int rc;

	r->session = NULL;
	auth_token_hash(token, hash);
	st = DB_BIND(r->db, &auth_sql[AUTH_SQL_SESSION],
		     DB_BLOB(hash, sizeof(hash)));
	if (st == NULL)
		return -1;
	rc = db_step(r->db, st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	auth_session_fill(s, st);
	live = sqlite3_column_int(st, 10) == 1 && s->role != ROLE__MAX &&
	       auth_session_live(s, now);
	sqlite3_reset(st);
	if (!live)
		return auth_write(AUTH_SQL_SESSION_DELETE, s->id, 0);
	if (now - s->seen_at >= AUTH_TOUCH_SECONDS &&
	    auth_write(AUTH_SQL_SESSION_TOUCH, s->id, now) < 0)
		return -1;
	r->session = s;
	return 0;
}

int auth_load_session(struct req *r)
{
	char token[AUTH_TOKEN_B64 + 8];

	r->session = NULL;
	if (http_cookie(r, AUTH_SESSION_COOKIE, token, sizeof(token)) < 0 ||
	    strlen(token) != AUTH_TOKEN_B64 - 1)
		return 0;
	return auth_session_from_token(r, token);
}

bool auth_csrf_ok(const struct req *r, const char *token)
{
	size_t n;

	if (r->session == NULL || token == NULL)
		return false;
	n = strlen(r->session->csrf);
	return n > 0 && strlen(token) == n &&
	       sodium_memcmp(token, r->session->csrf, n) == 0;
}

bool auth_confirmed_recently(const struct req *r)
{
	return r->session &&
	       http_now() - r->session->confirmed_at <= AUTH_CONFIRM_SECONDS;
}

const char *auth_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    next[1] == '\\' || strlen(next) > 512 ||
	    strpbrk(next, "\r\n\t ") != NULL)
		return NULL;
	return next;
}

int auth_require_confirm(struct req *r)
{
	struct buf loc = BUF_INIT(2048);
	int rc;

	if (r->api || r->method != HTTP_GET)
		return http_error(r, 403, "Bekræft din adgangskode først.");
	buf_puts(&loc, "/confirm?next=");
	html_url_component(&loc, r->path);
	rc = buf_failed(&loc) ? http_error(r, 403, NULL)
			      : http_redirect(r, loc.data);
	buf_free(&loc);
	return rc;
}

/* An audit entry of r's actor about r's own user (the session's). */
static struct audit_entry auth_audit_self(const struct actor *a,
					  enum audit_action action)
{
	struct audit_entry e = audit_by(a, action);

	e.subject_type = "user";
	e.subject_id = a->user_id;
	e.subject = a->email;
	return e;
}

int auth_session_end(struct req *r)
{
	struct actor a = http_actor(r);
	struct audit_entry e = auth_audit_self(&a, AUDIT_LOGOUT);
	struct db *w = db_writer_lock();
	int rc = -1;

	if (db_begin(w) < 0)
		goto out;
	if (DB_RUN(w, &auth_sql[AUTH_SQL_SESSION_DELETE],
		   DB_INT(r->session->id)) == DB_OK &&
	    audit_write(w, &e) == 0)
		rc = 0;
	rc = db_finish(w, rc);
	if (rc == 0)
		http_set_cookie(r, AUTH_SESSION_COOKIE, "", "/", 0, false);
out:
	db_writer_unlock(w);
	return rc;
}

/* Logging in. */

/* A login's account: id 0 when the e-mail is unknown. */
struct auth_account {
	int64_t id;
	bool active;
	char hash[PASSWORD_HASH_LEN];
};

/* Looks email up into *a. 0 or -1. */
static int auth_account_find(struct db *db, const char *email,
			     struct auth_account *a)
{
	sqlite3_stmt *st;
	int rc;

	memset(a, 0, sizeof(*a));
	st = DB_BIND(db, &auth_sql[AUTH_SQL_USER_BY_EMAIL], DB_TEXT(email));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		a->id = sqlite3_column_int64(st, 0);
		snprintf(a->hash, sizeof(a->hash), "%s", db_text(st, 1));
		a->active = sqlite3_column_int(st, 2) == 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* 1 when password opens a, 0 when not, -1 when busy. An unknown e-mail
 * takes as long as a wrong password. */
static int auth_account_check(const struct auth_account *a,
			      const char *password)
{
	int rc;

	if (a->id == 0) {
		pthread_once(&auth_dummy_once, auth_dummy_init);
		return password_check(auth_dummy_hash, password) < 0 ? -1 : 0;
	}
	rc = password_check(a->hash, password);
	return rc == 1 && !a->active ? 0 : rc;
}

/* A new session of user_id (email) with its token and CSRF token, after
 * purging the expired ones, audited as a login by r's client. 0 or -1. */
static int auth_session_create(struct req *r, int64_t user_id,
			       const char *email, char *token, char *csrf)
{
	unsigned char raw[AUTH_TOKEN_BYTES], hash[32];
	int64_t now = http_now();
	struct actor a = http_actor(r);
	struct audit_entry e;
	struct db *w = db_writer_lock();
	int rc = -1;

	a.user_id = user_id;
	a.email = email;
	e = auth_audit_self(&a, AUDIT_LOGIN);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, AUTH_TOKEN_B64, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	auth_token_hash(token, hash);
	auth_random_hex(csrf, AUTH_CSRF_LEN / 2);
	if (db_begin(w) < 0)
		goto out;
	if (DB_RUN(w, &auth_sql[AUTH_SQL_SESSION_PURGE],
		   DB_INT(now - AUTH_IDLE_SECONDS),
		   DB_INT(now - AUTH_MAX_SECONDS)) == DB_OK &&
	    DB_RUN(w, &auth_sql[AUTH_SQL_SESSION_ADD],
		   DB_BLOB(hash, sizeof(hash)), DB_INT(user_id), DB_TEXT(csrf),
		   DB_INT(now)) == DB_OK &&
	    audit_write(w, &e) == 0)
		rc = 0;
	rc = db_finish(w, rc);
out:
	sodium_memzero(raw, sizeof(raw));
	db_writer_unlock(w);
	return rc;
}

/* A failed attempt about email, by r's actor, as its own row. */
static int auth_audit_failure(struct req *r, enum audit_action action,
			      const char *email)
{
	struct actor a = http_actor(r);
	struct audit_entry e = audit_by(&a, action);
	struct db *w = db_writer_lock();
	int rc;

	e.actor = email;
	e.subject_type = "user";
	e.subject = email;
	rc = audit_write(w, &e);
	db_writer_unlock(w);
	return rc;
}

/*
 * Throttled as the comment above throttle_key says: a valid device cookie
 * for the account spends the device's own allowance; anything else spends
 * the account's untrusted allowance and the address's, and is slowed when
 * the address is past its own.
 */
enum auth_login auth_login_try(struct req *r, const char *email,
			       const char *password, bool load,
			       char csrf[AUTH_CSRF_LEN + 1])
{
	int64_t now = http_now();
	uint64_t ukey = throttle_key("user", email);
	uint64_t akey = throttle_key("address", r->client), dkey = 0;
	char device[AUTH_NONCE_HEX + 1], token[AUTH_TOKEN_B64];
	struct auth_account a;
	bool blocked;
	int ok;

	if (auth_account_find(r->db, email, &a) < 0)
		return AUTH_LOGIN_ERROR;
	auth_device_of(r, a.id, device);
	if (device[0]) {
		dkey = throttle_key("device", device);
		blocked = throttle_over(dkey, THROTTLE_DEVICE_MAX, now);
	} else {
		blocked = throttle_over(ukey, THROTTLE_USER_MAX, now) ||
			  throttle_address_slowed(akey, now);
	}
	if (blocked) {
		auth_audit_failure(r, AUDIT_LOGIN_THROTTLED, email);
		return AUTH_LOGIN_THROTTLED;
	}
	ok = auth_account_check(&a, password);
	sodium_memzero(a.hash, sizeof(a.hash));
	if (ok < 0)
		return AUTH_LOGIN_BUSY;
	if (ok == 0) {
		if (dkey) {
			throttle_fail(dkey, now);
		} else {
			throttle_fail(ukey, now);
			throttle_fail(akey, now);
		}
		auth_audit_failure(r, AUDIT_LOGIN_FAILED, email);
		return AUTH_LOGIN_BAD;
	}
	if (dkey)
		throttle_clear(dkey, now);
	else
		throttle_clear(ukey, now);
	if (auth_session_create(r, a.id, email, token, csrf) < 0)
		return AUTH_LOGIN_ERROR;
	http_set_cookie(r, AUTH_SESSION_COOKIE, token, "/", -1, false);
	auth_device_issue(r, a.id);
	if (load && (auth_session_from_token(r, token) < 0 || !r->session))
		return AUTH_LOGIN_ERROR;
	return AUTH_LOGIN_OK;
}

/* The current password of a logged-in user. */

static bool auth_current_password_ok(struct req *r, const char *password)
{
	sqlite3_stmt *st = DB_BIND(r->db, &auth_sql[AUTH_SQL_USER_HASH],
				   DB_INT(r->session->user_id));
	bool ok = false;

	if (st == NULL)
		return false;
	if (db_step(r->db, st) == SQLITE_ROW)
		ok = password_verify(db_text(st, 0), password);
	sqlite3_reset(st);
	return ok;
}

/*
 * With a session, a wrong current password is a password oracle: counted
 * per account, apart from logins, so it cannot be used to lock the
 * owner's logins either.
 */
enum auth_check auth_check_password(struct req *r, const char *password,
				    enum audit_action failed)
{
	int64_t now = http_now();
	uint64_t ckey = throttle_key("confirm", r->session->email);

	if (throttle_over(ckey, THROTTLE_CONFIRM_MAX, now))
		return AUTH_CHECK_THROTTLED;
	if (password == NULL || !auth_current_password_ok(r, password)) {
		throttle_fail(ckey, now);
		auth_audit_failure(r, failed, r->session->email);
		return AUTH_CHECK_WRONG;
	}
	return AUTH_CHECK_OK;
}

int auth_confirm_session(struct req *r)
{
	struct actor a = http_actor(r);
	struct audit_entry e = auth_audit_self(&a, AUDIT_PASSWORD_CONFIRM);
	struct db *w = db_writer_lock();
	int rc = -1;

	if (db_begin(w) < 0)
		goto out;
	if (DB_RUN(w, &auth_sql[AUTH_SQL_SESSION_CONFIRM],
		   DB_INT(r->session->id), DB_INT(http_now())) == DB_OK &&
	    audit_write(w, &e) == 0)
		rc = 0;
	rc = db_finish(w, rc);
out:
	db_writer_unlock(w);
	return rc;
}

int auth_change_password(struct req *r, const char *password)
{
	char hash[PASSWORD_HASH_LEN];
	struct actor a = http_actor(r);
	struct audit_entry e = auth_audit_self(&a, AUDIT_PASSWORD_CHANGE);
	struct db *w;
	int rc = -1;

	/* Hashed before the writer is taken: argon2id is slow by design. */
	if (password_hash(password, hash) < 0)
		return -1;
	w = db_writer_lock();
	if (db_begin(w) < 0)
		goto out;
	if (DB_RUN(w, &auth_sql[AUTH_SQL_USER_SET_HASH],
		   DB_INT(r->session->user_id), DB_TEXT(hash),
		   DB_INT(http_now())) == DB_OK &&
	    DB_RUN(w, &auth_sql[AUTH_SQL_SESSIONS_OTHERS_DELETE],
		   DB_INT(r->session->user_id),
		   DB_INT(r->session->id)) == DB_OK &&
	    audit_write(w, &e) == 0)
		rc = 0;
	rc = db_finish(w, rc);
out:
	db_writer_unlock(w);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}
