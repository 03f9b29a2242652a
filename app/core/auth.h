/*
 * auth: passwords (argon2id), sessions (random tokens stored hashed), login
 * throttling, CSRF tokens and the "confirm your password" step; with the
 * login, logout, password and confirm pages and their API twins.
 */
#ifndef MESTRING_AUTH_H
#define MESTRING_AUTH_H

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

struct req;
struct session;

#define AUTH_PASSWORD_MIN    12
#define AUTH_PASSWORD_MAX    256
#define AUTH_IDLE_SECONDS    (30 * 60)
#define AUTH_MAX_SECONDS     (12 * 60 * 60)
#define AUTH_CONFIRM_SECONDS (5 * 60)
#define AUTH_HASH_LEN        crypto_pwhash_STRBYTES
#define AUTH_SESSION_COOKIE  "mestring_session"

int auth_init(void);
/* Hashes password into out (AUTH_HASH_LEN bytes). 0 or -1. */
int auth_hash_password(const char *password, char out[AUTH_HASH_LEN]);
bool auth_verify_password(const char *hash, const char *password);
/* Danish reason a new password is refused, or NULL when it is fine. */
const char *auth_password_problem(const char *password);

/* Sets r->session from the cookie when it names a live session; expired
 * sessions are removed. 0, or -1 when the database failed. */
int auth_load_session(struct req *r);
/* Within both the idle and the absolute timeout at now? */
bool auth_session_live(const struct session *s, int64_t now);
bool auth_csrf_ok(const struct req *r, const char *token);
bool auth_confirmed_recently(const struct req *r);
/* Sends the caller to the confirm step (or 403 under /api/). */
int auth_require_confirm(struct req *r);

/* Handlers. */
int auth_login_page(struct req *r);
int auth_login(struct req *r);
int auth_logout(struct req *r);
int auth_password_page(struct req *r);
int auth_password(struct req *r);
int auth_confirm_page(struct req *r);
int auth_confirm(struct req *r);
int auth_api_login(struct req *r);
int auth_api_logout(struct req *r);
int auth_api_session(struct req *r);
int auth_api_password(struct req *r);
int auth_api_confirm(struct req *r);

/* For tests: forget every login failure. */
void auth_throttle_reset(void);

#endif
