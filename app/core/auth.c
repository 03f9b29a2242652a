/*
 * auth: who is calling. Passwords are argon2id (libsodium); a session is a
 * random 256-bit token in an HttpOnly cookie, stored only as a hash; login
 * failures are throttled per account and per client address in memory.
 */
#include "auth.h"

#include "audit.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "secret.h"
#include "subscription.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define AUTH_TOKEN_BYTES 32
#define AUTH_TOKEN_B64   sodium_base64_ENCODED_LEN(AUTH_TOKEN_BYTES, \
				sodium_base64_VARIANT_URLSAFE_NO_PADDING)
#define AUTH_LOGIN_COOKIE "mestring_login"
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

static const char *const auth_sql[AUTH_SQL__MAX] = {
	[AUTH_SQL_SESSION] =
		"SELECT s.id, s.user_id, s.csrf, s.created_at, s.seen_at, "
		"s.confirmed_at, u.email, u.name, u.role, u.organisation_id, "
		"u.active FROM session s JOIN user u ON u.id = s.user_id "
		"WHERE s.token_hash = ?1",
	[AUTH_SQL_SESSION_ADD] =
		"INSERT INTO session (token_hash, user_id, csrf, created_at, "
		"seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
	[AUTH_SQL_SESSION_TOUCH] = "UPDATE session SET seen_at = ?2 "
				   "WHERE id = ?1",
	[AUTH_SQL_SESSION_DELETE] = "DELETE FROM session WHERE id = ?1",
	[AUTH_SQL_SESSION_PURGE] = "DELETE FROM session WHERE seen_at < ?1 "
				   "OR created_at < ?2",
	[AUTH_SQL_SESSION_CONFIRM] = "UPDATE session SET confirmed_at = ?2 "
				     "WHERE id = ?1",
	[AUTH_SQL_SESSIONS_OTHERS_DELETE] =
		"DELETE FROM session WHERE user_id = ?1 AND id != ?2",
	[AUTH_SQL_USER_BY_EMAIL] = "SELECT id, password_hash, active, name "
				   "FROM user WHERE email = ?1",
	[AUTH_SQL_USER_HASH] = "SELECT password_hash FROM user WHERE id = ?1",
	[AUTH_SQL_USER_SET_HASH] =
		"UPDATE user SET password_hash = ?2, password_changed_at = ?3, "
		"updated_at = ?3 WHERE id = ?1",
};

/* Passwords. */

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static int auth_hash_slot_take(void);
static void auth_hash_slot_give(void);

int auth_hash_password(const char *password, char out[AUTH_HASH_LEN])
{
	int rc;

	if (auth_hash_slot_take() < 0) {
		log_warn("auth: no hashing slot came free in time");
		return -1;
	}
	rc = crypto_pwhash_str(out, password, strlen(password),
			       crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	auth_hash_slot_give();
	if (rc != 0) {
		log_error("auth: password hashing failed (out of memory?)");
		return -1;
	}
	return 0;
}

/* 1 right, 0 wrong, -1 when no hashing slot came free (busy). */
static int auth_verify(const char *hash, const char *password)
{
	int rc;

	if (auth_hash_slot_take() < 0) {
		log_warn("auth: no hashing slot came free in time");
		return -1;
	}
	rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	auth_hash_slot_give();
	return rc == 0 ? 1 : 0;
}

bool auth_verify_password(const char *hash, const char *password)
{
	return auth_verify(hash, password) == 1;
}

/* A hash to verify against when the e-mail is unknown, so that a wrong
 * e-mail takes as long as a wrong password. */
static char auth_dummy_hash[AUTH_HASH_LEN];
static pthread_once_t auth_dummy_once = PTHREAD_ONCE_INIT;

static void auth_dummy_init(void)
{
	unsigned char pw[16];
	char hex[33];

	randombytes_buf(pw, sizeof(pw));
	sodium_bin2hex(hex, sizeof(hex), pw, sizeof(pw));
	auth_hash_password(hex, auth_dummy_hash);
}

const char *auth_password_problem(const char *password)
{
	size_t chars = form_utf8_length(password);

	if (chars < AUTH_PASSWORD_MIN)
		return "Adgangskoden skal være mindst 12 tegn.";
	if (strlen(password) > AUTH_PASSWORD_MAX)
		return "Adgangskoden må højst være 256 tegn.";
	return NULL;
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

#define THROTTLE_SETS          1024
#define THROTTLE_WAYS          4
#define THROTTLE_WINDOW        (15 * 60)
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

/*
 * argon2id takes 64 MiB a hash: a login storm must not take a gigabyte.
 * At most this many hash at once (more would not be faster on the cores
 * there are); the rest wait their turn, for a while.
 */
#define AUTH_HASHING_MAX  2
#define AUTH_HASH_WAIT_MS 10000

static struct {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int busy;
} auth_hashing = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

/* Takes a hashing slot: 0, or -1 when none came free in time. */
static int auth_hash_slot_take(void)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += AUTH_HASH_WAIT_MS / 1000;
	pthread_mutex_lock(&auth_hashing.lock);
	while (auth_hashing.busy >= AUTH_HASHING_MAX && rc == 0)
		if (pthread_cond_timedwait(&auth_hashing.freed,
					   &auth_hashing.lock, &until) != 0)
			rc = -1;
	if (rc == 0)
		auth_hashing.busy++;
	pthread_mutex_unlock(&auth_hashing.lock);
	return rc;
}

static void auth_hash_slot_give(void)
{
	pthread_mutex_lock(&auth_hashing.lock);
	auth_hashing.busy--;
	pthread_cond_signal(&auth_hashing.freed);
	pthread_mutex_unlock(&auth_hashing.lock);
}

static const char auth_bad_login[] = "Forkert e-mail eller adgangskode.";
static const char auth_throttled[] =
	"For mange mislykkede loginforsøg. Vent 15 minutter, og prøv igen.";
static const char auth_busy[] =
	"Der er mange, der logger ind lige nu. Prøv igen om et øjeblik.";

/* Sessions. */

static void auth_token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}

static void auth_random_hex(char *out, size_t bytes)
{
	unsigned char raw[32];

	randombytes_buf(raw, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
}

static int auth_session_delete(int64_t id)
{
	struct db *w = db_writer_lock();
	sqlite3_stmt *st = db_stmt(w, auth_sql[AUTH_SQL_SESSION_DELETE]);
	int rc = -1;

	if (st) {
		sqlite3_bind_int64(st, 1, id);
		rc = db_exec_stmt(w, st) == DB_OK ? 0 : -1;
	}
	db_writer_unlock(w);
	return rc;
}

static int auth_session_touch(int64_t id, int64_t now)
{
	struct db *w = db_writer_lock();
	sqlite3_stmt *st = db_stmt(w, auth_sql[AUTH_SQL_SESSION_TOUCH]);
	int rc = -1;

	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
		rc = db_exec_stmt(w, st) == DB_OK ? 0 : -1;
	}
	db_writer_unlock(w);
	return rc;
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
	st = db_stmt(r->db, auth_sql[AUTH_SQL_SESSION]);
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_STATIC);
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
		return auth_session_delete(s->id);
	if (now - s->seen_at >= AUTH_TOUCH_SECONDS &&
	    auth_session_touch(s->id, now) < 0)
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

/* A safe place to go after login or confirming: a local path, or NULL. */
static const char *auth_next(const char *next)
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

/* Logging in, shared by the page and the API. */

enum auth_login_result {
	AUTH_LOGIN_OK,
	AUTH_LOGIN_BAD,
	AUTH_LOGIN_THROTTLED,
	AUTH_LOGIN_BUSY, /* no hashing slot came free in time */
	AUTH_LOGIN_ERROR,
};

static const struct form_spec auth_login_form[] = {
	{"email", "E-mail", FIELD_EMAIL, true, 3, 254, NULL},
	{"password", "Adgangskode", FIELD_PASSWORD, true, 1,
	 AUTH_PASSWORD_MAX, NULL},
};
enum { LOGIN_EMAIL, LOGIN_PASSWORD, LOGIN__N };

/* A login's account: id 0 when the e-mail is unknown. */
struct auth_account {
	int64_t id;
	bool active;
	char hash[AUTH_HASH_LEN];
};

/* Looks email up into *a. 0 or -1. */
static int auth_account_find(struct db *db, const char *email,
			     struct auth_account *a)
{
	sqlite3_stmt *st = db_stmt(db, auth_sql[AUTH_SQL_USER_BY_EMAIL]);
	int rc;

	memset(a, 0, sizeof(*a));
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
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
		return auth_verify(auth_dummy_hash, password) < 0 ? -1 : 0;
	}
	rc = auth_verify(a->hash, password);
	return rc == 1 && !a->active ? 0 : rc;
}

static int auth_session_create(struct req *r, int64_t user_id,
			       const char *email, char *token, char *csrf)
{
	unsigned char raw[AUTH_TOKEN_BYTES], hash[32];
	int64_t now = http_now();
	struct audit_entry e = audit_for(r, "login");
	struct db *w = db_writer_lock();
	sqlite3_stmt *st;
	int rc = -1;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, AUTH_TOKEN_B64, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	auth_token_hash(token, hash);
	auth_random_hex(csrf, 32);
	if (db_begin(w) < 0)
		goto out;
	st = db_stmt(w, auth_sql[AUTH_SQL_SESSION_PURGE]);
	if (st == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, now - AUTH_IDLE_SECONDS);
	sqlite3_bind_int64(st, 2, now - AUTH_MAX_SECONDS);
	if (db_exec_stmt(w, st) != DB_OK)
		goto out;
	st = db_stmt(w, auth_sql[AUTH_SQL_SESSION_ADD]);
	if (st == NULL)
		goto out;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	if (db_exec_stmt(w, st) != DB_OK)
		goto out;
	e.actor_id = user_id;
	e.actor = email;
	e.subject_type = "user";
	e.subject_id = user_id;
	e.subject = email;
	if (audit_write(w, &e) < 0 || db_commit(w) < 0)
		goto out;
	rc = 0;
out:
	sodium_memzero(raw, sizeof(raw));
	db_writer_unlock(w);
	return rc;
}

static int auth_audit_failure(struct req *r, const char *action,
			      const char *email)
{
	struct audit_entry e = audit_for(r, action);
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
 * One login attempt, throttled as the comment above throttle_key says: a
 * valid device cookie for the account spends the device's own allowance;
 * anything else spends the account's untrusted allowance and the
 * address's, and is slowed when the address is past its own.
 */
static enum auth_login_result auth_try_login(struct req *r, const char *email,
					     const char *password, char *token,
					     char *csrf)
{
	int64_t now = http_now();
	uint64_t ukey = throttle_key("user", email);
	uint64_t akey = throttle_key("address", r->client), dkey = 0;
	char device[AUTH_NONCE_HEX + 1];
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
		auth_audit_failure(r, "login.throttled", email);
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
		auth_audit_failure(r, "login.failed", email);
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
	return AUTH_LOGIN_OK;
}

/* The login page. */

static int auth_login_render(struct req *r, int status, const char *email,
			     const char *error)
{
	char pre[65];
	struct view *v = view_new();
	const char *next = auth_next(form_get(&r->form, "next"));
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	if (next == NULL)
		next = auth_next(http_query(r, "next"));
	/* Login CSRF: a double-submit token tied to a strict cookie. */
	auth_random_hex(pre, 32);
	http_set_cookie(r, AUTH_LOGIN_COOKIE, pre, "/login", 3600, true);
	view_set(v, "title", "Log ind");
	view_set(v, "login_csrf", pre);
	view_set(v, "email", email);
	view_set(v, "error", error);
	view_set(v, "next", next);
	view_set_bool(v, "logged_out", http_query(r, "out") != NULL);
	rc = http_page(r, status, "login.html", v);
	view_free(v);
	return rc;
}

int auth_login_page(struct req *r)
{
	if (r->session)
		return http_redirect(r, "/start");
	return auth_login_render(r, 200, "", NULL);
}

int auth_login(struct req *r)
{
	char token[AUTH_TOKEN_B64], csrf[65], pre[80];
	struct form_value v[LOGIN__N];
	struct form_invalid bad;
	const char *given = form_get(&r->form, "csrf"), *next;
	int rc;

	if (http_cookie(r, AUTH_LOGIN_COOKIE, pre, sizeof(pre)) < 0 ||
	    given == NULL || strlen(pre) != 64 || strlen(given) != 64 ||
	    sodium_memcmp(pre, given, 64) != 0)
		return http_error(r, 403, "Formularen er udløbet. Genindlæs "
					  "siden, og prøv igen.");
	if (form_validate(&r->form, auth_login_form, LOGIN__N, v, &bad) < 0)
		return auth_login_render(r, 401, form_get(&r->form, "email"),
					 auth_bad_login);
	switch (auth_try_login(r, v[LOGIN_EMAIL].s, v[LOGIN_PASSWORD].s, token,
			       csrf)) {
	case AUTH_LOGIN_OK:
		next = auth_next(form_get(&r->form, "next"));
		rc = http_redirect(r, next ? next : "/start");
		break;
	case AUTH_LOGIN_BAD:
		rc = auth_login_render(r, 401, v[LOGIN_EMAIL].s,
				       auth_bad_login);
		break;
	case AUTH_LOGIN_THROTTLED:
		rc = auth_login_render(r, 429, v[LOGIN_EMAIL].s,
				       auth_throttled);
		break;
	case AUTH_LOGIN_BUSY:
		rc = auth_login_render(r, 503, v[LOGIN_EMAIL].s, auth_busy);
		break;
	default:
		rc = http_error(r, 500, NULL);
	}
	form_values_free(v, LOGIN__N);
	return rc;
}

static int auth_end_session(struct req *r)
{
	struct audit_entry e = audit_for(r, "logout");
	struct db *w = db_writer_lock();
	sqlite3_stmt *st = db_stmt(w, auth_sql[AUTH_SQL_SESSION_DELETE]);
	int rc = -1;

	if (st == NULL || db_begin(w) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, r->session->id);
	e.subject_type = "user";
	e.subject_id = r->session->user_id;
	e.subject = r->session->email;
	if (db_exec_stmt(w, st) != DB_OK || audit_write(w, &e) < 0 ||
	    db_commit(w) < 0)
		goto out;
	rc = 0;
	http_set_cookie(r, AUTH_SESSION_COOKIE, "", "/", 0, false);
out:
	db_writer_unlock(w);
	return rc;
}

int auth_logout(struct req *r)
{
	if (auth_end_session(r) < 0)
		return http_error(r, 500, NULL);
	return http_redirect(r, "/login?out=1");
}

/* Changing one's own password. */

static const struct form_spec auth_password_form[] = {
	{"current_password", "Nuværende adgangskode", FIELD_PASSWORD, true, 1,
	 AUTH_PASSWORD_MAX, NULL},
	{"new_password", "Ny adgangskode", FIELD_PASSWORD, true,
	 AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, NULL},
	{"new_password_repeat", "Gentag ny adgangskode", FIELD_PASSWORD, false,
	 0, AUTH_PASSWORD_MAX, NULL},
};
enum { PW_CURRENT, PW_NEW, PW_REPEAT, PW__N };

static bool auth_current_password_ok(struct req *r, const char *password)
{
	sqlite3_stmt *st = db_stmt(r->db, auth_sql[AUTH_SQL_USER_HASH]);
	bool ok = false;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, r->session->user_id);
	if (db_step(r->db, st) == SQLITE_ROW)
		ok = auth_verify_password(db_text(st, 0), password);
	sqlite3_reset(st);
	return ok;
}

/* Stores a new hash, ends the user's other sessions, audits. 0 or -1. */
static int auth_store_password(struct req *r, const char *password)
{
	char hash[AUTH_HASH_LEN];
	struct audit_entry e = audit_for(r, "password.change");
	struct db *w;
	sqlite3_stmt *st;
	int rc = -1;

	if (auth_hash_password(password, hash) < 0)
		return -1;
	w = db_writer_lock();
	if (db_begin(w) < 0)
		goto out;
	st = db_stmt(w, auth_sql[AUTH_SQL_USER_SET_HASH]);
	if (st == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, r->session->user_id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, http_now());
	if (db_exec_stmt(w, st) != DB_OK)
		goto out;
	st = db_stmt(w, auth_sql[AUTH_SQL_SESSIONS_OTHERS_DELETE]);
	if (st == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, r->session->user_id);
	sqlite3_bind_int64(st, 2, r->session->id);
	e.subject_type = "user";
	e.subject_id = r->session->user_id;
	e.subject = r->session->email;
	if (db_exec_stmt(w, st) != DB_OK || audit_write(w, &e) < 0 ||
	    db_commit(w) < 0)
		goto out;
	rc = 0;
out:
	db_writer_unlock(w);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* Checks a password change. NULL when fine, else the Danish reason;
 * *field names the field at fault. */
static const char *auth_password_change_problem(struct req *r,
						struct form_value *v,
						const char **field)
{
	int64_t now = http_now();
	uint64_t ckey = throttle_key("confirm", r->session->email);
	const char *problem;

	*field = "current_password";
	if (throttle_over(ckey, THROTTLE_CONFIRM_MAX, now))
		return auth_throttled;
	if (!auth_current_password_ok(r, v[PW_CURRENT].s)) {
		throttle_fail(ckey, now);
		auth_audit_failure(r, "password.change_failed",
				   r->session->email);
		return "Den nuværende adgangskode er forkert.";
	}
	*field = "new_password";
	problem = auth_password_problem(v[PW_NEW].s);
	if (problem)
		return problem;
	if (strcmp(v[PW_NEW].s, v[PW_CURRENT].s) == 0)
		return "Den nye adgangskode skal være en anden end den "
		       "nuværende.";
	*field = "new_password_repeat";
	if (!r->api && strcmp(v[PW_NEW].s, v[PW_REPEAT].s) != 0)
		return "De to nye adgangskoder er ikke ens.";
	return NULL;
}

static int auth_password_render(struct req *r, int status, const char *error,
				bool changed)
{
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Min konto");
	view_set(v, "email", r->session->email);
	view_set(v, "name", r->session->name);
	view_set(v, "role", role_label(r->session->role));
	view_set(v, "error", error);
	view_set_bool(v, "changed", changed);
	view_set_int(v, "min", AUTH_PASSWORD_MIN);
	/* The user's own calendar links (calendars/subscription.c). */
	if (subscription_account_view(r, v) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "account.html", v);
	view_free(v);
	return rc;
}

int auth_password_page(struct req *r)
{
	return auth_password_render(r, 200, NULL,
				    http_query(r, "changed") != NULL);
}

/* The shared half of the page and API password change. */
static int auth_change_password(struct req *r, const char **field,
				 const char **error)
{
	struct form_value v[PW__N];
	struct form_invalid bad;
	int rc = 422;

	if (form_validate(&r->form, auth_password_form, PW__N, v, &bad) < 0) {
		*field = bad.field;
		*error = bad.field && strcmp(bad.field, "new_password") == 0
				 ? "Adgangskoden skal være mindst 12 tegn."
				 : "Udfyld alle felter.";
		return 422;
	}
	*error = auth_password_change_problem(r, v, field);
	if (*error == NULL)
		rc = auth_store_password(r, v[PW_NEW].s) < 0 ? 500 : 0;
	else if (*error == auth_throttled)
		rc = 429;
	form_values_free(v, PW__N);
	return rc;
}

int auth_password(struct req *r)
{
	const char *field = NULL, *error = NULL;
	int rc = auth_change_password(r, &field, &error);

	if (rc == 0)
		return http_redirect(r, "/account?changed=1");
	if (rc == 500)
		return http_error(r, 500, NULL);
	return auth_password_render(r, rc, error, false);
}

int auth_api_password(struct req *r)
{
	const char *field = NULL, *error = NULL;
	int rc = auth_change_password(r, &field, &error);

	if (rc == 0)
		return http_send(r, 204, NULL, "", 0, NULL);
	if (rc == 500 || rc == 429)
		return http_error(r, rc, rc == 429 ? error : NULL);
	return http_invalid(r, field, error);
}

/* Confirming one's password before sensitive data is shown. */

static int auth_confirm_render(struct req *r, int status, const char *error)
{
	struct view *v = view_new();
	const char *next = auth_next(form_get(&r->form, "next"));
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	if (next == NULL)
		next = auth_next(http_query(r, "next"));
	view_set(v, "title", "Bekræft adgangskode");
	view_set(v, "next", next ? next : "/start");
	view_set(v, "error", error);
	rc = http_page(r, status, "confirm.html", v);
	view_free(v);
	return rc;
}

int auth_confirm_page(struct req *r)
{
	return auth_confirm_render(r, 200, NULL);
}

/* Checks the password and records the confirmation. 0, 401, 429 or 500. */
static int auth_do_confirm(struct req *r)
{
	const char *password = form_get(&r->form, "password");
	int64_t now = http_now();
	uint64_t ckey = throttle_key("confirm", r->session->email);
	struct audit_entry e = audit_for(r, "password.confirm");
	struct db *w;
	sqlite3_stmt *st;
	int rc = 500;

	/* With a session, a wrong current password is a password oracle:
	 * counted per account, apart from logins, so it cannot be used to
	 * lock the owner's logins either. */
	if (throttle_over(ckey, THROTTLE_CONFIRM_MAX, now))
		return 429;
	if (password == NULL || !auth_current_password_ok(r, password)) {
		throttle_fail(ckey, now);
		auth_audit_failure(r, "password.confirm_failed",
				   r->session->email);
		return 401;
	}
	w = db_writer_lock();
	st = db_stmt(w, auth_sql[AUTH_SQL_SESSION_CONFIRM]);
	if (st == NULL || db_begin(w) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, r->session->id);
	sqlite3_bind_int64(st, 2, now);
	e.subject_type = "user";
	e.subject_id = r->session->user_id;
	e.subject = r->session->email;
	if (db_exec_stmt(w, st) == DB_OK && audit_write(w, &e) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
out:
	db_writer_unlock(w);
	return rc;
}

int auth_confirm(struct req *r)
{
	const char *next;

	switch (auth_do_confirm(r)) {
	case 0:
		next = auth_next(form_get(&r->form, "next"));
		return http_redirect(r, next ? next : "/start");
	case 401:
		return auth_confirm_render(r, 401, "Forkert adgangskode.");
	case 429:
		return auth_confirm_render(r, 429, auth_throttled);
	default:
		return http_error(r, 500, NULL);
	}
}

int auth_api_confirm(struct req *r)
{
	int rc = auth_do_confirm(r);

	if (rc == 0)
		return http_send(r, 204, NULL, "", 0, NULL);
	return http_error(r, rc, rc == 401 ? "Forkert adgangskode."
			  : rc == 429 ? auth_throttled
				      : NULL);
}

/* The API's session. */

static cJSON *auth_session_json(const struct session *s, const char *csrf)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *user = cJSON_AddObjectToObject(root, "user");

	cJSON_AddStringToObject(root, "csrf", csrf);
	cJSON_AddNumberToObject(user, "id", (double)s->user_id);
	cJSON_AddStringToObject(user, "email", s->email);
	cJSON_AddStringToObject(user, "name", s->name);
	cJSON_AddStringToObject(user, "role", role_name(s->role));
	cJSON_AddNumberToObject(user, "organisation_id",
				(double)s->organisation_id);
	return root;
}

int auth_api_login(struct req *r)
{
	char token[AUTH_TOKEN_B64], csrf[65];
	struct form_value v[LOGIN__N];
	struct form_invalid bad;
	int rc;

	/* The JSON content type (checked before this runs) is the CSRF
	 * defence here: a cross-site form cannot send it. */
	if (form_validate(&r->form, auth_login_form, LOGIN__N, v, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	switch (auth_try_login(r, v[LOGIN_EMAIL].s, v[LOGIN_PASSWORD].s, token,
			       csrf)) {
	case AUTH_LOGIN_OK:
		if (auth_session_from_token(r, token) == 0 && r->session)
			rc = http_json(r, 200,
				       auth_session_json(r->session, csrf));
		else
			rc = http_error(r, 500, NULL);
		break;
	case AUTH_LOGIN_BAD:
		rc = http_error(r, 401, auth_bad_login);
		break;
	case AUTH_LOGIN_THROTTLED:
		rc = http_error(r, 429, auth_throttled);
		break;
	case AUTH_LOGIN_BUSY:
		rc = http_error(r, 503, auth_busy);
		break;
	default:
		rc = http_error(r, 500, NULL);
	}
	form_values_free(v, LOGIN__N);
	return rc;
}

int auth_api_logout(struct req *r)
{
	if (auth_end_session(r) < 0)
		return http_error(r, 500, NULL);
	return http_send(r, 204, NULL, "", 0, NULL);
}

int auth_api_session(struct req *r)
{
	return http_json(r, 200, auth_session_json(r->session,
						   r->session->csrf));
}
