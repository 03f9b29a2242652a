/*
 * HTTP tests for the headers every answer carries (pages, errors, JSON,
 * assets, redirects, CivetWeb's own errors), the asset handler's caching
 * and its refusal of path tricks, and the health check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"

struct header_case {
	const char *what;
	const char *method;
	const char *path;
	bool admin; /* sent with an admin's session */
	long status;
	bool cacheable; /* an asset: may be cached, so no "no-store" */
};

static const struct header_case header_cases[] = {
	{"login page", "GET", "/login", false, 200, false},
	{"login page, HEAD", "HEAD", "/login", false, 200, false},
	{"root redirect", "GET", "/", false, 303, false},
	{"login-first redirect", "GET", "/start", false, 303, false},
	{"404 page", "GET", "/no/such/page", false, 404, false},
	{"404 JSON", "GET", "/api/v1/no-such", false, 404, false},
	{"401 JSON", "GET", "/api/v1/users", false, 401, false},
	{"405 page", "DELETE", "/login", false, 405, false},
	{"403 login form", "POST", "/login", false, 403, false},
	{"health", "GET", "/healthz", false, 200, false},
	{"asset", "GET", "/static/style.css", false, 200, true},
	{"script asset", "GET", "/static/app.js", false, 200, true},
	{"favicon", "GET", "/favicon.ico", false, 200, true},
	{"start page", "GET", "/start", true, 200, false},
	{"users page", "GET", "/users", true, 200, false},
	{"audit page", "GET", "/audit", true, 200, false},
	{"session JSON", "GET", "/api/v1/session", true, 200, false},
	{"users JSON", "GET", "/api/v1/users", true, 200, false},
	{"login page when in", "GET", "/login", true, 303, false},
	{"404 page when in", "GET", "/users/999999", true, 404, false},
};

/* The security headers of http.c, asserted on one answer. */
static void expect_security_headers(const char *what, const struct response *r,
				    bool cacheable)
{
	const char *csp = response_header(r, "Content-Security-Policy");
	const char *nosniff = response_header(r, "X-Content-Type-Options");
	const char *referrer = response_header(r, "Referrer-Policy");
	const char *cache = response_header(r, "Cache-Control");

	if (csp == NULL || strstr(csp, "frame-ancestors 'none'") == NULL ||
	    strstr(csp, "unsafe-inline") != NULL)
		fail_msg("%s: Content-Security-Policy: %s", what,
			 csp ? csp : "(none)");
	if (nosniff == NULL || strcmp(nosniff, "nosniff") != 0)
		fail_msg("%s: X-Content-Type-Options: %s", what,
			 nosniff ? nosniff : "(none)");
	if (referrer == NULL || strcmp(referrer, "no-referrer") != 0)
		fail_msg("%s: Referrer-Policy: %s", what,
			 referrer ? referrer : "(none)");
	if (!cacheable && (cache == NULL || strstr(cache, "no-store") == NULL))
		fail_msg("%s: Cache-Control: %s", what,
			 cache ? cache : "(none)");
	if (cacheable && cache && strstr(cache, "no-store"))
		fail_msg("%s: an asset must be cacheable: %s", what, cache);
}

static void test_every_answer_carries_security_headers(void **state)
{
	struct server *s = *state;
	struct client *anon = client_new(s), *admin = client_new(s);
	struct response r = RESPONSE_INIT;
	size_t i;

	assert_int_equal(
		client_login(admin, HARNESS_ADMIN, HARNESS_PASSWORD, NULL),
		303);
	for (i = 0; i < sizeof(header_cases) / sizeof(header_cases[0]); i++) {
		const struct header_case *c = &header_cases[i];
		struct request rq = {.method = c->method, .path = c->path};
		long status;

		if (strcmp(c->method, "POST") == 0) {
			rq.content_type = "application/x-www-form-urlencoded";
			rq.body = "email=x%40y.dk&password=y";
		}
		status = client_send(c->admin ? admin : anon, &rq, &r);
		if (status != c->status)
			fail_msg("%s: %s %s gave %ld, want %ld", c->what,
				 c->method, c->path, status, c->status);
		expect_security_headers(c->what, &r, c->cacheable);
	}
	response_free(&r);
	client_free(anon);
	client_free(admin);
}

/* A request CivetWeb refuses before our dispatcher runs (a header past
 * max_request_size) is answered by server_http_error: same defences. */
static void test_civetweb_own_errors_carry_security_headers(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf big = BUF_INIT(0);
	struct request rq = {.path = "/login"};
	long status;

	buf_puts(&big, "X-Big: ");
	while (big.len < 20000)
		buf_puts(&big, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	rq.headers[0] = big.data;
	status = client_send(c, &rq, &r);
	assert_true(status >= 400 && status < 500);
	expect_security_headers("civetweb error", &r, false);
	response_free(&r);
	buf_free(&big);
	client_free(c);
}

static void test_asset_has_etag_long_max_age_and_revalidates(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf inm = BUF_INIT(0);
	struct request rq = {.path = "/static/style.css"};
	const char *etag, *cache;

	assert_int_equal(client_get(c, "/static/style.css", &r), 200);
	etag = response_header(&r, "ETag");
	cache = response_header(&r, "Cache-Control");
	assert_non_null(etag);
	assert_true(etag[0] == '"' && strlen(etag) > 2);
	assert_non_null(cache);
	assert_non_null(strstr(cache, "max-age=31536000"));
	assert_string_equal(response_header(&r, "Content-Type"),
			    "text/css; charset=utf-8");
	assert_true(r.body.len > 0);
	buf_printf(&inm, "If-None-Match: %s", etag);
	rq.headers[0] = inm.data;
	assert_int_equal(client_send(c, &rq, &r), 304);
	assert_int_equal(r.body.len, 0);
	assert_non_null(response_header(&r, "ETag"));
	expect_security_headers("304", &r, true);
	/* Another entity tag is not a match: the whole file again. */
	rq.headers[0] = "If-None-Match: \"0123\"";
	assert_int_equal(client_send(c, &rq, &r), 200);
	assert_true(r.body.len > 0);
	response_free(&r);
	buf_free(&inm);
	client_free(c);
}

static void test_asset_path_tricks_are_404(void **state)
{
	static const char *const paths[] = {
		"/static/../CMakeLists.txt",
		"/static/%2e%2e/%2e%2e/etc/passwd",
		"/static/..%2f..%2fetc%2fpasswd",
		"/static/.hidden",
		"/static/style.css/",
		"/static/",
		"/static/STYLE.CSS",
		"/static/sub/style.css",
	};
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		long status = client_get(c, paths[i], &r);

		if (status != 404)
			fail_msg("%s: %ld, want 404", paths[i], status);
		if (response_has(&r, "root:") || response_has(&r, "project("))
			fail_msg("%s: leaked a file", paths[i]);
	}
	response_free(&r);
	client_free(c);
}

/* A 404 from the asset route is a page with the layout, and with a session
 * it holds the user's name and CSRF token: it must not be cacheable. */
static void test_asset_route_error_is_not_cacheable(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	const char *cache;

	assert_int_equal(client_login(c, HARNESS_ADMIN, HARNESS_PASSWORD, NULL),
			 303);
	assert_int_equal(client_get(c, "/static/missing.css", &r), 404);
	assert_true(response_has(&r, c->csrf));
	cache = response_header(&r, "Cache-Control");
	if (cache == NULL || strstr(cache, "no-store") == NULL)
		fail_msg("404 page with a CSRF token has Cache-Control: %s",
			 cache ? cache : "(none)");
	response_free(&r);
	client_free(c);
}

/* No CORS: another origin's scripts may not read answers, so nothing
 * grants them, whatever Origin a request names. */
static void test_no_cors_grant_for_other_origins(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct request rq = {.path = "/api/v1/session",
			     .headers = {"Origin: https://evil.example"}};

	assert_int_equal(
		client_api_login(c, HARNESS_MENTOR, HARNESS_PASSWORD, NULL),
		200);
	assert_int_equal(client_send(c, &rq, &r), 200);
	assert_null(response_header(&r, "Access-Control-Allow-Origin"));
	assert_null(response_header(&r, "Access-Control-Allow-Credentials"));
	response_free(&r);
	client_free(c);
}

static void test_healthz_says_ok(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;

	assert_int_equal(client_get(c, "/healthz", &r), 200);
	assert_string_equal(r.body.data, "ok\n");
	assert_string_equal(response_header(&r, "Content-Type"),
			    "text/plain; charset=utf-8");
	response_free(&r);
	client_free(c);
}

/* A 204 has no body, and RFC 9110 (8.6) forbids Content-Length on it. */
static void test_no_content_answer_has_no_content_length(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;

	assert_int_equal(
		client_api_login(c, HARNESS_LEADER, HARNESS_PASSWORD, NULL),
		200);
	assert_int_equal(client_api(c, "DELETE", "/api/v1/session", NULL, &r),
			 204);
	assert_int_equal(r.body.len, 0);
	assert_null(response_header(&r, "Content-Length"));
	response_free(&r);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_answer_carries_security_headers),
		cmocka_unit_test(
			test_civetweb_own_errors_carry_security_headers),
		cmocka_unit_test(
			test_asset_has_etag_long_max_age_and_revalidates),
		cmocka_unit_test(test_asset_path_tricks_are_404),
		cmocka_unit_test(test_asset_route_error_is_not_cacheable),
		cmocka_unit_test(test_no_cors_grant_for_other_origins),
		cmocka_unit_test(test_healthz_says_ok),
		cmocka_unit_test(test_no_content_answer_has_no_content_length),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
