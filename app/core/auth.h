/*
 * auth: who is calling. Sessions (random tokens stored hashed), login
 * attempts throttled per account, device and client address, CSRF tokens
 * and the "confirm your password" step. The pages that use them are
 * app/pages/login.c and app/pages/account.c; passwords are password.h.
 */
#ifndef MESTRING_AUTH_H
#define MESTRING_AUTH_H

#include "audit.h"

#include <stdbool.h>
#include <stdint.h>

struct req;
struct session;

#define AUTH_IDLE_SECONDS    (30 * 60)
#define AUTH_MAX_SECONDS     (12 * 60 * 60)
#define AUTH_CONFIRM_SECONDS (5 * 60)
#define AUTH_SESSION_COOKIE  "mestring_session"
#define AUTH_CSRF_LEN	     64 /* hex characters of a session's token */
#define AUTH_THROTTLED                                                         \
	"For mange mislykkede loginforsøg. Vent 15 minutter, og prøv igen."

/* Initialises libsodium (sessions, passwords). 0 or -1. */
int auth_init(void);

/* Sessions. */

/* Sets r->session from the cookie when it names a live session; expired
 * sessions are removed. 0, or -1 when the database failed. */
int auth_load_session(struct req *r);
/* Within both the idle and the absolute timeout at now? */
bool auth_session_live(const struct session *s, int64_t now);
/* Ends r's session with its audit row and clears the cookie. 0 or -1. */
int auth_session_end(struct req *r);
bool auth_csrf_ok(const struct req *r, const char *token);
bool auth_confirmed_recently(const struct req *r);
/* Sends the caller to the confirm step (or 403 under /api/). */
int auth_require_confirm(struct req *r);
/* A safe place to go after login or confirming: next when it is a local
 * path, else NULL. */
const char *auth_next(const char *next);

/* Logging in, for the page and the API alike. */

enum auth_login {
	AUTH_LOGIN_OK,
	AUTH_LOGIN_BAD,
	AUTH_LOGIN_THROTTLED,
	AUTH_LOGIN_BUSY, /* no hashing slot came free in time */
	AUTH_LOGIN_ERROR,
};

/*
 * One login attempt of email with password from r's browser, throttled
 * and audited (login, login.failed, login.throttled). On AUTH_LOGIN_OK a
 * session exists, its cookie and a device cookie are set on r's answer,
 * csrf holds its CSRF token, and with load it is r->session too
 * (AUTH_LOGIN_ERROR when that fails).
 */
enum auth_login auth_login_try(struct req *r, const char *email,
			       const char *password, bool load,
			       char csrf[AUTH_CSRF_LEN + 1]);

/* The current password of r's logged-in user, for the confirm step and a
 * password change. */

enum auth_check {
	AUTH_CHECK_OK,
	AUTH_CHECK_WRONG,     /* audited as the caller's `failed` action */
	AUTH_CHECK_THROTTLED, /* too many wrong ones for the account */
};

/* Checks password (NULL is wrong) against r's user, counted against the
 * account's allowance of wrong current passwords. */
enum auth_check auth_check_password(struct req *r, const char *password,
				    enum audit_action failed);
/* Records that r's session confirmed its password now, audited. 0 or
 * -1. */
int auth_confirm_session(struct req *r);
/* Stores password (checked already) as r's user's, ends the user's other
 * sessions, audited as password.change. 0 or -1. */
int auth_change_password(struct req *r, const char *password);

/* For tests: forget every login failure. */
void auth_throttle_reset(void);

#endif
