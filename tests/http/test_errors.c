/*
 * HTTP tests for error answers: Danish pages outside /api/ and JSON inside
 * it, 404, 405 with Allow, 413 at the body caps, 403 by role, 400 for bad
 * encodings and too many fields, and what an anonymous caller is told.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixtures.h"
#include "harness.h"

#define FORM_MAX (64 * 1024)
#define JSON_MAX (256 * 1024)

static const char form_type[] = "application/x-www-form-urlencoded";

/* Asserts a Danish HTML error page. */
static void expect_page(const struct response *r, long status,
			const char *title)
{
	if (r->status != status)
		fail_msg("status %ld, want %ld", r->status, status);
	assert_string_equal(response_header(r, "Content-Type"),
			    "text/html; charset=utf-8");
	assert_true(response_has(r, "<html lang=\"da\">"));
	if (!response_has(r, title))
		fail_msg("no \"%s\" on the %ld page", title, status);
}

static void test_unknown_page_is_danish_404(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;

	client_get(c, "/no/such/page", &r);
	expect_page(&r, 404, "Siden findes ikke");
	client_get(c, "/users/0", &r); /* ids start at 1 */
	expect_page(&r, 404, "Siden findes ikke");
	response_free(&r);
	client_free(c);
}

static void test_unknown_api_path_is_json_404(void **state)
{
	static const char *const paths[] = {"/api/v1/no-such", "/api",
					    "/api/v1/users/abc"};
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	cJSON *j;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		client_get(c, paths[i], &r);
		harness_expect_error(&r, 404, NULL);
		assert_string_equal(response_header(&r, "Content-Type"),
				    "application/json");
		j = response_json(&r);
		assert_string_equal(harness_json_string(j, "error.code"),
				    "not_found");
		cJSON_Delete(j);
	}
	response_free(&r);
	client_free(c);
}

static void test_known_user_missing_is_404(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;

	client_api(admin, "GET", "/api/v1/users/999999", NULL, &r);
	harness_expect_error(&r, 404, NULL);
	client_get(admin, "/users/999999", &r);
	expect_page(&r, 404, "Siden findes ikke");
	response_free(&r);
	client_free(admin);
}

static void test_wrong_method_is_405_with_allow(void **state)
{
	static const struct {
		const char *method, *path, *allow;
	} cases[] = {
		{"DELETE", "/login", "GET, POST"},
		{"PUT", "/users", "GET, POST"},
		{"PATCH", "/login", "GET, POST"},
		{"POST", "/healthz", "GET"},
		{"DELETE", "/api/v1/users", "GET, POST"},
		{"PUT", "/api/v1/session", "POST, GET, DELETE"},
	};
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct request rq = {.method = cases[i].method,
				     .path = cases[i].path};
		const char *allow;

		if (client_send(c, &rq, &r) != 405)
			fail_msg("%s %s: %ld", cases[i].method, cases[i].path,
				 r.status);
		allow = response_header(&r, "Allow");
		if (allow == NULL || strcmp(allow, cases[i].allow) != 0)
			fail_msg("%s %s: Allow: %s, want %s", cases[i].method,
				 cases[i].path, allow ? allow : "(none)",
				 cases[i].allow);
		if (strncmp(cases[i].path, "/api/", 5) == 0)
			harness_expect_error(&r, 405, NULL);
		else
			expect_page(&r, 405, "Metoden er ikke tilladt");
	}
	response_free(&r);
	client_free(c);
}

/* A method the server does not know (OPTIONS) on a known path: a 405 must
 * say what is allowed (RFC 9110, 15.5.6), or 501 must say it is unknown. */
static void test_unknown_method_says_what_is_allowed(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct request rq = {.method = "OPTIONS", .path = "/login"};

	client_send(c, &rq, &r);
	if (!(r.status == 501 ||
	      (r.status == 405 && response_header(&r, "Allow"))))
		fail_msg("OPTIONS /login: %ld, Allow: %s", r.status,
			 response_header(&r, "Allow")
				 ? response_header(&r, "Allow")
				 : "(none)");
	response_free(&r);
	client_free(c);
}

/* A body of n bytes: "a=aaa...". */
static void fill_body(struct buf *b, size_t n)
{
	buf_reset(b);
	buf_puts(b, "a=");
	while (b->len < n)
		buf_putc(b, 'a');
}

static void test_bodies_past_the_caps_are_413(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_login(s, HARNESS_ADMIN);
	struct client *anon = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf body = BUF_INIT(0), json = BUF_INIT(0);
	struct request rq = {.method = "POST", .content_type = form_type};

	fill_body(&body, FORM_MAX + 1);
	rq.path = "/login";
	rq.body = body.data;
	client_send(anon, &rq, &r);
	expect_page(&r, 413, "Forespørgslen er for stor");
	rq.path = "/organisations";
	assert_int_equal(client_send(admin, &rq, &r), 413);
	/* Without Content-Length the cap holds while reading. */
	rq.headers[0] = "Transfer-Encoding: chunked";
	assert_int_equal(client_send(admin, &rq, &r), 413);
	rq.headers[0] = NULL;
	/* At the cap the size is fine (the form itself is not). */
	fill_body(&body, FORM_MAX);
	assert_int_not_equal(client_send(admin, &rq, &r), 413);
	buf_puts(&json, "{\"name\":\"");
	while (json.len < JSON_MAX)
		buf_putc(&json, 'x');
	buf_puts(&json, "\"}");
	client_api(admin, "POST", "/api/v1/organisations", json.data, &r);
	harness_expect_error(&r, 413, NULL);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM organisation "
					 "WHERE length(name) > 200",
					 NULL),
			 0);
	response_free(&r);
	buf_free(&body);
	buf_free(&json);
	client_free(admin);
	client_free(anon);
}

static void test_admin_routes_are_403_for_a_caseworker(void **state)
{
	static const struct {
		const char *method, *path;
		bool api;
	} cases[] = {
		{"GET", "/users", false},
		{"GET", "/users/1", false},
		{"GET", "/organisations", false},
		{"GET", "/audit", false},
		{"POST", "/users", false},
		{"GET", "/api/v1/users", true},
		{"POST", "/api/v1/users", true},
		{"GET", "/api/v1/audit", true},
	};
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t users = harness_sql_int(s, "SELECT count(*) FROM user", NULL);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *body = NULL;

		if (strcmp(cases[i].method, "POST") == 0)
			body = cases[i].api ? "{\"email\":\"x@test.invalid\"}"
					    : "email=x%40test.invalid";
		if (cases[i].api) {
			client_api(c, cases[i].method, cases[i].path, body, &r);
			harness_expect_error(&r, 403, NULL);
		} else if (body) {
			client_post(c, cases[i].path, body, &r);
			expect_page(&r, 403, "Adgang nægtet");
		} else {
			client_get(c, cases[i].path, &r);
			expect_page(&r, 403, "Adgang nægtet");
		}
	}
	assert_int_equal(harness_sql_int(s, "SELECT count(*) FROM user", NULL),
			 users);
	response_free(&r);
	client_free(c);
}

static void test_bad_forms_are_400(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	int64_t orgs = harness_sql_int(s, "SELECT count(*) FROM organisation",
				       NULL);
	int i;

	/* %C3%28: a lead byte followed by '(' is not UTF-8. */
	client_post(admin, "/organisations", "name=%C3%28&kind=provider", &r);
	expect_page(&r, 400, "Forkert forespørgsel");
	/* 63 fields and the token make 64: allowed; one more is not. */
	buf_puts(&form, "name=Felter+ApS&kind=provider");
	for (i = 0; i < 61; i++)
		buf_printf(&form, "&x%d=1", i);
	assert_int_equal(client_post(admin, "/organisations", form.data, &r),
			 303);
	buf_puts(&form, "&one=more");
	client_post(admin, "/organisations", form.data, &r);
	expect_page(&r, 400, "Forkert forespørgsel");
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM organisation", NULL),
		orgs + 1);
	response_free(&r);
	buf_free(&form);
	client_free(admin);
}

static void test_bad_json_is_400(void **state)
{
	static const char *const bodies[] = {
		"{",
		"[1,2]",
		"\"text\"",
		"{\"name\":\"\xc3\x28\"}",
		"{\"name\":1.5}",
	};
	struct server *s = *state;
	struct client *admin = fixture_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		client_api(admin, "POST", "/api/v1/organisations", bodies[i],
			   &r);
		if (r.status != 400)
			fail_msg("%s: %ld", bodies[i], r.status);
		harness_expect_error(&r, 400, NULL);
	}
	response_free(&r);
	client_free(admin);
}

/* Numbers past what a long long holds must be refused, not converted
 * (converting them is undefined behaviour in C). */
static void test_huge_json_numbers_are_refused(void **state)
{
	static const char *const bodies[] = {
		"{\"organisation_id\":1e300}",
		"{\"organisation_id\":-1e300}",
		"{\"organisation_id\":9223372036854775808}",
	};
	struct server *s = *state;
	struct client *admin = fixture_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	size_t i;

	buf_printf(&path, "/api/v1/users/%lld",
		   (long long)harness_user_id(s, HARNESS_MENTOR));
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		client_api(admin, "PATCH", path.data, bodies[i], &r);
		if (r.status != 400 && r.status != 422)
			fail_msg("%s: %ld", bodies[i], r.status);
	}
	assert_int_equal(client_get(admin, "/healthz", NULL), 200);
	response_free(&r);
	buf_free(&path);
	client_free(admin);
}

static void test_bad_query_string_is_400(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;

	client_get(c, "/login?x=%C3%28", &r);
	expect_page(&r, 400, "Forkert forespørgsel");
	response_free(&r);
	client_free(c);
}

/* CivetWeb decodes %00 into the path it hands us, where it ends the C
 * string: "/healthz%00.txt" must not be taken for "/healthz". */
static void test_nul_in_path_is_not_cut_short(void **state)
{
	static const char *const paths[] = {"/healthz%00.txt",
					    "/static/style.css%00.html"};
	struct server *s = *state;
	struct client *c = client_new(s);
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		long status = client_get(c, paths[i], NULL);

		if (status != 400 && status != 404)
			fail_msg("%s: %ld, want 400 or 404", paths[i], status);
	}
	client_free(c);
}

static void test_anonymous_is_sent_to_login(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	cJSON *j;

	assert_int_equal(client_get(c, "/start", &r), 303);
	assert_string_equal(response_header(&r, "Location"), "/login");
	assert_int_equal(client_get(c, "/users", &r), 303);
	assert_int_equal(client_get(c, "/", &r), 303);
	assert_string_equal(response_header(&r, "Location"), "/login");
	client_api(c, "GET", "/api/v1/users", NULL, &r);
	harness_expect_error(&r, 401, NULL);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "error.code"),
			    "unauthenticated");
	cJSON_Delete(j);
	client_api(c, "DELETE", "/api/v1/session", NULL, &r);
	harness_expect_error(&r, 401, NULL);
	response_free(&r);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_page_is_danish_404),
		cmocka_unit_test(test_unknown_api_path_is_json_404),
		cmocka_unit_test(test_known_user_missing_is_404),
		cmocka_unit_test(test_wrong_method_is_405_with_allow),
		cmocka_unit_test(test_unknown_method_says_what_is_allowed),
		cmocka_unit_test(test_bodies_past_the_caps_are_413),
		cmocka_unit_test(test_admin_routes_are_403_for_a_caseworker),
		cmocka_unit_test(test_bad_forms_are_400),
		cmocka_unit_test(test_bad_json_is_400),
		cmocka_unit_test(test_huge_json_numbers_are_refused),
		cmocka_unit_test(test_bad_query_string_is_400),
		cmocka_unit_test(test_nul_in_path_is_not_cut_short),
		cmocka_unit_test(test_anonymous_is_sent_to_login),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
