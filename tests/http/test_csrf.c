/*
 * HTTP tests for CSRF defences: every state-changing route refuses a
 * missing, wrong or borrowed token with 403 and writes nothing (checked in
 * the database, audit log included); the login form's own double-submit
 * token; and the API login's JSON-only content type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"

#define TARGET "csrf-target@test.invalid"

enum token_mode {
	TOKEN_NONE,
	TOKEN_WRONG,	/* well-formed, but nobody's */
	TOKEN_BORROWED, /* another session's valid token */
	TOKEN_IN_BODY,	/* API: the right token, but not in the header */
	TOKEN_RIGHT,
	TOKEN__MAX
};

static const char *const token_mode_names[TOKEN__MAX] = {
	"no token", "wrong token", "another session's token",
	"token in the body", "right token"};

struct csrf_case {
	const char *method, *path;
	bool api;
	const char *body;    /* form fields or JSON, without a token */
	const char *check;   /* SQL whose number must not change */
	long ok;	     /* status with the right token; 0: not tried */
	bool path_target_id; /* the path ends in TARGET's id */
};

static const struct csrf_case csrf_cases[] = {
	{"POST", "/users", false,
	 "email=csrf-new%40test.invalid&name=Ny&role=mentor&organisation_id=1"
	 "&password=long-enough-password",
	 "SELECT count(*) FROM user", 0, false},
	{"POST", "/organisations", false, "name=CSRF+ApS&kind=provider",
	 "SELECT count(*) FROM organisation", 303, false},
	{"POST", "/users/", false, "", /* deactivate, path completed below */
	 "SELECT count(*) FROM user WHERE active = 0", 303, true},
	{"PATCH", "/api/v1/users/", true, "{\"name\":\"Endret Navn\"}",
	 "SELECT count(*) FROM user WHERE name = 'Endret Navn'", 200, true},
	{"PUT", "/api/v1/session/password", true,
	 "{\"current_password\":\"" HARNESS_PASSWORD
	 "\",\"new_password\":\"another-password-1\"}",
	 "SELECT count(*) FROM user WHERE password_changed_at != created_at", 0,
	 false},
	{"POST", "/logout", false, "",
	 "SELECT count(*) FROM session s JOIN user u ON u.id = s.user_id "
	 "WHERE u.email = '" HARNESS_ADMIN "'",
	 303, false},
	{"DELETE", "/api/v1/session", true, NULL,
	 "SELECT count(*) FROM session s JOIN user u ON u.id = s.user_id "
	 "WHERE u.email = '" HARNESS_ADMIN "'",
	 204, false},
};

/* Builds the request of c in mode: the body, with a token where the mode
 * puts one, goes to body; a header line to header. */
static void csrf_request(const struct csrf_case *c, enum token_mode mode,
			 const char *token, const char *path, struct buf *body,
			 struct buf *header, struct request *rq)
{
	buf_reset(body);
	buf_reset(header);
	memset(rq, 0, sizeof(*rq));
	rq->method = c->method;
	rq->path = path;
	if (c->api) {
		buf_puts(body, c->body ? c->body : "");
		if (mode == TOKEN_IN_BODY) {
			buf_truncate(body, body->len ? body->len - 1 : 0);
			buf_printf(body, "%s\"csrf\":\"%s\"}",
				   body->len > 1 ? "," : "{", token);
		} else if (mode != TOKEN_NONE) {
			buf_printf(header, "X-CSRF-Token: %s", token);
			rq->headers[0] = header->data;
		}
		rq->content_type = body->len ? "application/json" : NULL;
	} else {
		buf_puts(body, c->body);
		if (mode != TOKEN_NONE)
			buf_printf(body, "%scsrf=%s", body->len ? "&" : "",
				   token);
		rq->content_type = "application/x-www-form-urlencoded";
	}
	rq->body = body->len ? body->data : NULL;
	rq->len = body->len;
}

/* One case in one mode, by admin. */
static void csrf_try(struct client *admin, const struct csrf_case *c,
		     enum token_mode mode, const char *borrowed)
{
	struct server *s = admin->srv;
	struct buf body = BUF_INIT(0), header = BUF_INIT(0), path = BUF_INIT(0);
	struct response r = RESPONSE_INIT;
	struct request rq;
	const char *token;
	int64_t before, audit;
	long want;

	token = mode == TOKEN_WRONG	 ? "0123456789abcdef0123456789abcdef"
					   "0123456789abcdef0123456789abcdef"
		: mode == TOKEN_BORROWED ? borrowed
					 : admin->csrf;
	buf_puts(&path, c->path);
	if (c->path_target_id)
		buf_printf(&path, "%lld%s",
			   (long long)harness_user_id(s, TARGET),
			   c->api ? "" : "/deactivate");
	csrf_request(c, mode, token, path.data, &body, &header, &rq);
	before = harness_sql_int(s, c->check, NULL);
	audit = harness_sql_int(s, "SELECT count(*) FROM audit", NULL);
	want = mode == TOKEN_RIGHT ? c->ok : 403;
	if (client_send(admin, &rq, &r) != want)
		fail_msg("%s %s with %s: %ld, want %ld: %.200s", c->method,
			 path.data, token_mode_names[mode], r.status, want,
			 r.body.data);
	if (mode != TOKEN_RIGHT &&
	    (harness_sql_int(s, c->check, NULL) != before ||
	     harness_sql_int(s, "SELECT count(*) FROM audit", NULL) != audit))
		fail_msg("%s %s with %s wrote to the database", c->method,
			 path.data, token_mode_names[mode]);
	/* The right token must change what the check counts, or the check
	 * could not have seen a forged write either. */
	if (mode == TOKEN_RIGHT && harness_sql_int(s, c->check, NULL) == before)
		fail_msg("%s %s with the right token changed nothing",
			 c->method, path.data);
	response_free(&r);
	buf_free(&body);
	buf_free(&header);
	buf_free(&path);
}

static void test_state_changes_need_the_sessions_token(void **state)
{
	struct server *s = *state;
	struct client *other = client_new(s), *admin;
	size_t i;
	int mode;

	harness_add_user(s, TARGET, "mentor");
	if (client_api_login(other, HARNESS_CASEWORKER, HARNESS_PASSWORD,
			     NULL) != 200)
		fail_msg("caseworker cannot log in");
	for (i = 0; i < sizeof(csrf_cases) / sizeof(csrf_cases[0]); i++) {
		/* A session per case: the right token may end it. */
		admin = client_new(s);
		if (client_api_login(admin, HARNESS_ADMIN, HARNESS_PASSWORD,
				     NULL) != 200)
			fail_msg("admin cannot log in");
		for (mode = 0; mode < TOKEN__MAX; mode++) {
			if (mode == TOKEN_IN_BODY && !csrf_cases[i].api)
				continue;
			if (mode == TOKEN_RIGHT && csrf_cases[i].ok == 0)
				continue;
			csrf_try(admin, &csrf_cases[i], mode, other->csrf);
		}
		client_free(admin);
	}
	client_free(other);
}

/* The login form is tied to the login cookie: a form posted from
 * elsewhere (no cookie, or a token not matching it) is refused. */
static void test_login_form_needs_its_cookie_and_token(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	struct request rq = {
		.method = "POST",
		.path = "/login",
		.content_type = "application/x-www-form-urlencoded"};
	const char *fake = "abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefab"
			   "cdefabcdefabcd";
	char token[80];
	int64_t logins = harness_sql_int(
		s, "SELECT count(*) FROM audit WHERE action = 'login'", NULL);
	struct client *c = client_new(s);

	/* No cookie at all. */
	rq.body = harness_form(&form, "csrf", fake, "email", HARNESS_ADMIN,
			       "password", HARNESS_PASSWORD, NULL);
	assert_int_equal(client_send(c, &rq, &r), 403);
	assert_true(response_has(&r, "Formularen er udløbet"));
	/* The cookie, but another token; then the cookie and no token. */
	assert_int_equal(client_get(c, "/login", &r), 200);
	assert_int_equal(harness_page_csrf(r.body.data, token, sizeof(token)),
			 0);
	assert_int_equal(client_send(c, &rq, &r), 403);
	rq.body = harness_form(&form, "email", HARNESS_ADMIN, "password",
			       HARNESS_PASSWORD, NULL);
	assert_int_equal(client_send(c, &rq, &r), 403);
	assert_int_equal(
		client_cookie(c, "mestring_session", token, sizeof(token)), -1);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'login'",
					 NULL),
			 logins);
	response_free(&r);
	buf_free(&form);
	client_free(c);
}

/* The API login's CSRF defence is its content type: a cross-site form
 * cannot send application/json. */
static void test_api_login_refuses_other_content_types(void **state)
{
	static const char *const types[] = {
		"text/plain", "application/x-www-form-urlencoded",
		"multipart/form-data; boundary=x", "application/jsonp"};
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char token[80];
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct request rq = {
			.method = "POST",
			.path = "/api/v1/session",
			.content_type = types[i],
			.body = "{\"email\":\"" HARNESS_ADMIN
				"\",\"password\":\"" HARNESS_PASSWORD "\"}"};

		client_send(c, &rq, &r);
		harness_expect_error(&r, 415, NULL);
	}
	assert_int_equal(
		client_cookie(c, "mestring_session", token, sizeof(token)), -1);
	response_free(&r);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_changes_need_the_sessions_token),
		cmocka_unit_test(test_login_form_needs_its_cookie_and_token),
		cmocka_unit_test(test_api_login_refuses_other_content_types),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
