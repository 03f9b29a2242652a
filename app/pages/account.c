/*
 * account: "Min konto" and the confirm step. The checks of the current
 * password, their throttling and the session's records are core auth's;
 * this composes the page (with the calendar links of
 * app/pages/calendar_page.c) and answers page and API alike.
 */
#include "account.h"

#include "auth.h"
#include "calendar_page.h"
#include "http.h"
#include "password.h"

#include <string.h>

/* Changing one's own password: one reader for page and API. */

static const struct form_spec account_password_form[] = {
	{"current_password", "Nuværende adgangskode", FIELD_PASSWORD, true, 1,
	 PASSWORD_MAX, NULL},
	{"new_password", "Ny adgangskode", FIELD_PASSWORD, true, PASSWORD_MIN,
	 PASSWORD_MAX, NULL},
	{"new_password_repeat", "Gentag ny adgangskode", FIELD_PASSWORD, false,
	 0, PASSWORD_MAX, NULL},
};
enum { PW_CURRENT, PW_NEW, PW_REPEAT, PW__N };

/* What went wrong with a change: its status, field and Danish reason. */
struct account_problem {
	int status; /* 0 when it was done */
	const char *field;
	const char *error;
};

/* Checks a password change whose fields are valid. */
static void account_password_check(struct req *r, const struct form_value *v,
				   struct account_problem *p)
{
	const char *problem;

	p->status = 422;
	p->field = "current_password";
	switch (auth_check_password(r, v[PW_CURRENT].s,
				    AUDIT_PASSWORD_CHANGE_FAILED)) {
	case AUTH_CHECK_THROTTLED:
		p->status = 429;
		p->error = AUTH_THROTTLED;
		return;
	case AUTH_CHECK_WRONG:
		p->error = "Den nuværende adgangskode er forkert.";
		return;
	case AUTH_CHECK_OK:
		break;
	}
	p->field = "new_password";
	problem = password_problem(v[PW_NEW].s);
	if (problem) {
		p->error = problem;
		return;
	}
	if (strcmp(v[PW_NEW].s, v[PW_CURRENT].s) == 0) {
		p->error = "Den nye adgangskode skal være en anden end den "
			   "nuværende.";
		return;
	}
	p->field = "new_password_repeat";
	/* The API has no second field to type it into. */
	if (!r->api && strcmp(v[PW_NEW].s, v[PW_REPEAT].s) != 0) {
		p->error = "De to nye adgangskoder er ikke ens.";
		return;
	}
	p->status = 0;
	p->field = NULL;
	p->error = NULL;
}

/* The shared half of the page and API password change. */
static void account_change_password(struct req *r, struct account_problem *p)
{
	struct form_value v[PW__N];
	struct form_invalid bad;

	if (form_validate(&r->form, account_password_form, PW__N, v, &bad) <
	    0) {
		p->status = 422;
		p->field = bad.field;
		p->error = bad.field && strcmp(bad.field, "new_password") == 0
				   ? "Adgangskoden skal være mindst 12 tegn."
				   : "Udfyld alle felter.";
		return;
	}
	account_password_check(r, v, p);
	if (p->status == 0 && auth_change_password(r, v[PW_NEW].s) < 0)
		p->status = 500;
	form_values_free(v, PW__N);
}

static int account_render(struct req *r, int status, const char *error,
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
	view_set_int(v, "min", PASSWORD_MIN);
	/* The user's own calendar links (app/pages/calendar_page.c). */
	if (calendar_view_account(r, v) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "account.html", v);
	view_free(v);
	return rc;
}

int account_page(struct req *r)
{
	return account_render(r, 200, NULL, http_query(r, "changed") != NULL);
}

int account_password(struct req *r)
{
	struct account_problem p;

	account_change_password(r, &p);
	if (p.status == 0)
		return http_redirect(r, "/account?changed=1");
	if (p.status == 500)
		return http_error(r, 500, NULL);
	return account_render(r, p.status, p.error, false);
}

int account_api_password(struct req *r)
{
	struct account_problem p;

	account_change_password(r, &p);
	if (p.status == 0)
		return http_send(r, 204, NULL, "", 0, NULL);
	if (p.status == 500 || p.status == 429)
		return http_error(r, p.status,
				  p.status == 429 ? p.error : NULL);
	return http_invalid(r, p.field, p.error);
}

/* Confirming one's password before sensitive data is shown. */

static int account_confirm_render(struct req *r, int status, const char *error)
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

int account_confirm_page(struct req *r)
{
	return account_confirm_render(r, 200, NULL);
}

/* Checks the password and records the confirmation. 0, 401, 429 or 500. */
static int account_do_confirm(struct req *r)
{
	switch (auth_check_password(r, form_get(&r->form, "password"),
				    AUDIT_PASSWORD_CONFIRM_FAILED)) {
	case AUTH_CHECK_THROTTLED:
		return 429;
	case AUTH_CHECK_WRONG:
		return 401;
	case AUTH_CHECK_OK:
		break;
	}
	return auth_confirm_session(r) < 0 ? 500 : 0;
}

int account_confirm(struct req *r)
{
	const char *next;

	switch (account_do_confirm(r)) {
	case 0:
		next = auth_next(form_get(&r->form, "next"));
		return http_redirect(r, next ? next : "/start");
	case 401:
		return account_confirm_render(r, 401, "Forkert adgangskode.");
	case 429:
		return account_confirm_render(r, 429, AUTH_THROTTLED);
	default:
		return http_error(r, 500, NULL);
	}
}

int account_api_confirm(struct req *r)
{
	int rc = account_do_confirm(r);

	if (rc == 0)
		return http_send(r, 204, NULL, "", 0, NULL);
	return http_error(r, rc,
			  rc == 401   ? "Forkert adgangskode."
			  : rc == 429 ? AUTH_THROTTLED
				      : NULL);
}
