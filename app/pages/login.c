/*
 * login: the page and API ways in and out. The attempt itself (throttling,
 * the password, the session and its audit row) is auth_login_try in core;
 * here are the forms, the login form's own CSRF cookie and the answers.
 */
#include "login.h"

#include "auth.h"
#include "http.h"
#include "password.h"

#include <sodium.h>
#include <string.h>

#define LOGIN_COOKIE  "mestring_login"
#define LOGIN_PRE_LEN 64 /* hex characters of the login form's token */

static const char login_bad[] = "Forkert e-mail eller adgangskode.";
static const char login_busy[] =
	"Der er mange, der logger ind lige nu. Prøv igen om et øjeblik.";

/* The one reader of a login, for the page and the API. */
static const struct form_spec login_form[] = {
	{"email", "E-mail", FIELD_EMAIL, true, 3, 254, NULL},
	{"password", "Adgangskode", FIELD_PASSWORD, true, 1, PASSWORD_MAX,
	 NULL},
};
enum { LOGIN_EMAIL, LOGIN_PASSWORD, LOGIN__N };

static int login_render(struct req *r, int status, const char *email,
			const char *error)
{
	unsigned char raw[LOGIN_PRE_LEN / 2];
	char pre[LOGIN_PRE_LEN + 1];
	struct view *v = view_new();
	const char *next = auth_next(form_get(&r->form, "next"));
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	if (next == NULL)
		next = auth_next(http_query(r, "next"));
	/* Login CSRF: a double-submit token tied to a strict cookie. */
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pre, sizeof(pre), raw, sizeof(raw));
	http_set_cookie(r, LOGIN_COOKIE, pre, "/login", 3600, true);
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

int login_page(struct req *r)
{
	if (r->session)
		return http_redirect(r, "/start");
	return login_render(r, 200, "", NULL);
}

/* Does the form carry the token of the login cookie? */
static bool login_form_ours(struct req *r)
{
	const char *given = form_get(&r->form, "csrf");
	char pre[80];

	return http_cookie(r, LOGIN_COOKIE, pre, sizeof(pre)) == 0 &&
	       given != NULL && strlen(pre) == LOGIN_PRE_LEN &&
	       strlen(given) == LOGIN_PRE_LEN &&
	       sodium_memcmp(pre, given, LOGIN_PRE_LEN) == 0;
}

int login_post(struct req *r)
{
	char csrf[AUTH_CSRF_LEN + 1];
	struct form_value v[LOGIN__N];
	struct form_invalid bad;
	const char *next;
	int rc;

	if (!login_form_ours(r))
		return http_error(r, 403,
				  "Formularen er udløbet. Genindlæs "
				  "siden, og prøv igen.");
	if (form_validate(&r->form, login_form, LOGIN__N, v, &bad) < 0)
		return login_render(r, 401, form_get(&r->form, "email"),
				    login_bad);
	switch (auth_login_try(r, v[LOGIN_EMAIL].s, v[LOGIN_PASSWORD].s, false,
			       csrf)) {
	case AUTH_LOGIN_OK:
		next = auth_next(form_get(&r->form, "next"));
		rc = http_redirect(r, next ? next : "/start");
		break;
	case AUTH_LOGIN_BAD:
		rc = login_render(r, 401, v[LOGIN_EMAIL].s, login_bad);
		break;
	case AUTH_LOGIN_THROTTLED:
		rc = login_render(r, 429, v[LOGIN_EMAIL].s, AUTH_THROTTLED);
		break;
	case AUTH_LOGIN_BUSY:
		rc = login_render(r, 503, v[LOGIN_EMAIL].s, login_busy);
		break;
	default:
		rc = http_error(r, 500, NULL);
	}
	form_values_free(v, LOGIN__N);
	return rc;
}

int login_logout(struct req *r)
{
	if (auth_session_end(r) < 0)
		return http_error(r, 500, NULL);
	return http_redirect(r, "/login?out=1");
}

/* The API's session. */

static cJSON *login_session_json(const struct session *s, const char *csrf)
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

int login_api_login(struct req *r)
{
	char csrf[AUTH_CSRF_LEN + 1];
	struct form_value v[LOGIN__N];
	struct form_invalid bad;
	int rc;

	/* The JSON content type (checked before this runs) is the CSRF
	 * defence here: a cross-site form cannot send it. */
	if (form_validate(&r->form, login_form, LOGIN__N, v, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	switch (auth_login_try(r, v[LOGIN_EMAIL].s, v[LOGIN_PASSWORD].s, true,
			       csrf)) {
	case AUTH_LOGIN_OK:
		rc = http_json(r, 200, login_session_json(r->session, csrf));
		break;
	case AUTH_LOGIN_BAD:
		rc = http_error(r, 401, login_bad);
		break;
	case AUTH_LOGIN_THROTTLED:
		rc = http_error(r, 429, AUTH_THROTTLED);
		break;
	case AUTH_LOGIN_BUSY:
		rc = http_error(r, 503, login_busy);
		break;
	default:
		rc = http_error(r, 500, NULL);
	}
	form_values_free(v, LOGIN__N);
	return rc;
}

int login_api_logout(struct req *r)
{
	if (auth_session_end(r) < 0)
		return http_error(r, 500, NULL);
	return http_send(r, 204, NULL, "", 0, NULL);
}

int login_api_session(struct req *r)
{
	return http_json(r, 200,
			 login_session_json(r->session, r->session->csrf));
}
