/*
 * HTTP tests for what a security test of the running server found (issue
 * 11): requests malformed on the wire are refused with a clear status,
 * pipelined requests are all answered, and slow or idle clients do not
 * keep others from an answer. Raw sockets, because libcurl sends only
 * well-formed HTTP.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

/* The status of the first answer in raw bytes, or 0. */
static int first_status(const struct buf *b)
{
	int status = 0;

	if (b->len < 12 || sscanf(b->data, "HTTP/1.1 %d", &status) != 1)
		return 0;
	return status;
}

/* How many answers the raw bytes hold. */
static int answers(const struct buf *b)
{
	const char *p = b->data, *end = b->data + b->len;
	int n = 0;

	while (p < end &&
	       (p = memmem(p, (size_t)(end - p), "HTTP/1.1 ", 9)) != NULL) {
		n++;
		p += 9;
	}
	return n;
}

static int raw_status(const struct server *s, const char *req, struct buf *out)
{
	harness_raw(s, req, strlen(req), out, 2000);
	return first_status(out);
}

static bool has(const struct buf *b, const char *needle)
{
	return b->len && memmem(b->data, b->len, needle, strlen(needle));
}

/* Pipelined requests are each answered, in order. */
static void test_pipelined_requests_are_all_answered(void **state)
{
	struct server *s = *state;
	struct buf out = BUF_INIT(0);
	static const char three[] =
		"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
		"GET /login HTTP/1.1\r\nHost: x\r\n\r\n"
		"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	static const char post_then_get[] =
		"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
		"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
		"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	static const char chunked_then_get[] =
		"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
		"Content-Type: application/json\r\n"
		"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
		"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

	harness_raw(s, three, strlen(three), &out, 3000);
	assert_int_equal(answers(&out), 3);
	assert_true(has(&out, "<form"));
	harness_raw(s, post_then_get, strlen(post_then_get), &out, 3000);
	assert_int_equal(answers(&out), 2);
	assert_int_equal(first_status(&out), 422);
	assert_true(has(&out, "\r\n\r\nok\n"));
	harness_raw(s, chunked_then_get, strlen(chunked_then_get), &out, 3000);
	assert_int_equal(answers(&out), 2);
	buf_free(&out);
}

/* An answer that leaves a body unread says the connection ends, so a
 * client never mistakes the rest of that body for its next request. */
static void test_an_unread_body_closes_the_connection(void **state)
{
	struct server *s = *state;
	struct buf out = BUF_INIT(0);
	static const char big[] =
		"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
		"Content-Type: application/json\r\nContent-Length: "
		"999999\r\n\r\n"
		"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
	static const char anonymous[] =
		"POST /logout HTTP/1.1\r\nHost: x\r\n"
		"Content-Type: application/x-www-form-urlencoded\r\n"
		"Content-Length: 20\r\n\r\nGET /healthz HTTP/1.1";

	assert_int_equal(raw_status(s, big, &out), 413);
	assert_true(has(&out, "Connection: close\r\n"));
	assert_int_equal(answers(&out), 1);
	assert_int_equal(raw_status(s, anonymous, &out), 303);
	assert_true(has(&out, "Connection: close\r\n"));
	assert_int_equal(answers(&out), 1);
	buf_free(&out);
}

/* Security finding 9, on the wire. */
static void test_malformed_requests_are_refused(void **state)
{
	struct server *s = *state;
	struct buf out = BUF_INIT(0), many = BUF_INIT(0);
	int i;

	/* HTTP/1.1 needs Host; HTTP/1.0 does not. */
	assert_int_equal(raw_status(s, "GET /healthz HTTP/1.1\r\n\r\n", &out),
			 400);
	assert_true(has(&out, "Host"));
	assert_int_equal(raw_status(s, "GET /healthz HTTP/1.0\r\n\r\n", &out),
			 200);
	/* Two Content-Lengths, even equal, or one with Transfer-Encoding. */
	assert_int_equal(
		raw_status(s,
			   "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
			   "Content-Type: application/json\r\nContent-Length: "
			   "5\r\n"
			   "Content-Length: 0\r\n\r\n{\"a\":",
			   &out),
		400);
	assert_int_equal(
		raw_status(s,
			   "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
			   "Content-Type: application/json\r\nContent-Length: "
			   "2\r\n"
			   "Content-Length: 2\r\n\r\n{}",
			   &out),
		400);
	assert_int_equal(
		raw_status(s,
			   "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
			   "Content-Type: application/json\r\nContent-Length: "
			   "2\r\n"
			   "Transfer-Encoding: "
			   "chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
			   &out),
		400);
	/* A bad chunk size is a broken body, not an empty one (422). */
	assert_int_equal(
		raw_status(
			s,
			"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
			"Content-Type: application/json\r\n"
			"Transfer-Encoding: chunked\r\n\r\nzz\r\n{\"a\":1}\r\n"
			"0\r\n\r\n",
			&out),
		400);
	assert_true(has(&out, "chunked"));
	/* Two cookies of one name would be a planted session. */
	assert_int_equal(raw_status(s,
				    "GET /start HTTP/1.1\r\nHost: x\r\n"
				    "Cookie: a=1\r\nCookie: b=2\r\n\r\n",
				    &out),
			 400);
	/* Headers past what the server keeps are refused, not ignored. */
	buf_puts(&many, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
	for (i = 0; i < 70; i++)
		buf_printf(&many, "X-Filler-%d: %d\r\n", i, i);
	buf_puts(&many, "\r\n");
	assert_int_equal(raw_status(s, many.data, &out), 431);
	/* Sixty are fine. */
	buf_reset(&many);
	buf_puts(&many, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
	for (i = 0; i < 60; i++)
		buf_printf(&many, "X-Filler-%d: %d\r\n", i, i);
	buf_puts(&many, "\r\n");
	assert_int_equal(raw_status(s, many.data, &out), 200);
	buf_free(&many);
	buf_free(&out);
}

static long post_session(struct server *s, const char *body, size_t len,
			 struct response *r)
{
	struct client *c = client_new(s);
	struct request rq = {.method = "POST",
			     .path = "/api/v1/session",
			     .content_type = "application/json",
			     .body = body,
			     .len = len};
	long status = client_send(c, &rq, r);

	client_free(c);
	return status;
}

/*
 * Security finding 1: a JSON body nested about 700 levels deep (1.4 KB)
 * sent to the login API overflowed a worker's stack inside cJSON and
 * killed the server. Nesting is bounded before any parser recurses.
 */
static void test_deep_json_is_refused_and_the_server_lives(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	struct client *c;
	struct buf deep = BUF_INIT(0);
	int i;

	for (i = 0; i < 800; i++)
		buf_putc(&deep, '[');
	for (i = 0; i < 800; i++)
		buf_putc(&deep, ']');
	assert_int_equal(post_session(s, deep.data, deep.len, &r), 400);
	harness_expect_error(&r, 400, NULL);
	assert_true(response_has(&r, "dybt"));
	response_free(&r);
	/* Nested objects, and deep inside a normal-looking body. */
	buf_reset(&deep);
	buf_puts(&deep, "{\"email\":\"a@b.dk\",\"password\":\"x\",\"x\":");
	for (i = 0; i < 5000; i++)
		buf_puts(&deep, "{\"a\":");
	buf_puts(&deep, "1");
	for (i = 0; i < 5000; i++)
		buf_putc(&deep, '}');
	buf_putc(&deep, '}');
	assert_int_equal(post_session(s, deep.data, deep.len, &r), 400);
	response_free(&r);
	/* The same to a logged-in API route. */
	c = client_new(s);
	assert_int_equal(
		client_api_login(c, HARNESS_LEADER, HARNESS_PASSWORD, NULL),
		200);
	assert_int_equal(
		client_api(c, "POST", "/api/v1/cohorts", deep.data, &r), 400);
	response_free(&r);
	client_free(c);
	/* Still here. */
	c = client_new(s);
	assert_int_equal(client_get(c, "/healthz", NULL), 200);
	client_free(c);
	assert_int_equal(s->died, 0);
	buf_free(&deep);
}

/* Security finding 9, in JSON bodies: each is refused with a clear error
 * instead of being read as something else. */
static void test_lax_json_is_refused(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	static const char trailing[] = "{\"email\":\"" HARNESS_ADMIN
				       "\",\"password\":\"x\"} xyz";
	static const char nul[] = "{\"email\":\"" HARNESS_ADMIN
				  "\\u0000@evil.dk\",\"password\":\"x\"}";
	static const char twice[] =
		"{\"email\":\"a@b.dk\",\"email\":\"" HARNESS_ADMIN
		"\",\"password\":\"x\"}";
	static const char boolean[] = "{\"email\":true,\"password\":\"x\"}";
	static const char number[] = "{\"email\":\"" HARNESS_ADMIN
				     "\",\"password\":12345678}";
	static const char object[] = "{\"email\":{\"a\":\"" HARNESS_ADMIN
				     "\"},\"password\":\"x\"}";
	static const char records[] =
		"{\"email\":[{\"a\":1}],\"password\":\"x\"}";

	assert_int_equal(post_session(s, trailing, 0, &r), 400);
	assert_true(response_has(&r, "efter"));
	response_free(&r);
	assert_int_equal(post_session(s, nul, 0, &r), 400);
	response_free(&r);
	assert_int_equal(post_session(s, twice, 0, &r), 400);
	response_free(&r);
	/* true is no longer the text "1", nor a number a password. */
	assert_int_equal(post_session(s, boolean, 0, &r), 422);
	harness_expect_error(&r, 422, "email");
	response_free(&r);
	assert_int_equal(post_session(s, number, 0, &r), 422);
	harness_expect_error(&r, 422, "password");
	response_free(&r);
	/* An object where none is read is named, not dropped. */
	assert_int_equal(post_session(s, object, 0, &r), 400);
	assert_true(response_has(&r, "email"));
	response_free(&r);
	assert_int_equal(post_session(s, records, 0, &r), 400);
	assert_true(response_has(&r, "email"));
	response_free(&r);
}

/* GET url with a timeout; the status, or 0 when no answer came. */
static long get_within(const char *url, long timeout_ms)
{
	CURL *curl = curl_easy_init();
	long status = 0;

	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	if (curl_easy_perform(curl) == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);
	return status;
}

/*
 * Security finding 3: seventeen connections sending a header byte every
 * two seconds, or sixteen idle keep-alive connections, made /healthz wait
 * ten seconds and more. A hundred slow ones and sixteen idle ones from
 * one address now leave room for everyone else. (The bound is generous:
 * the fault was a wait of ten seconds or more, not a slow answer.)
 */
static void test_slow_and_idle_clients_do_not_stall_others(void **state)
{
	struct server *s = *state;
	static const char keep[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
	char url[96], reply[1024];
	int slow[100], idle[16];
	size_t i;
	int round;

	for (i = 0; i < 16; i++) {
		idle[i] = harness_connect(s);
		assert_true(send(idle[i], keep, strlen(keep), MSG_NOSIGNAL) >
			    0);
		assert_true(recv(idle[i], reply, sizeof(reply), 0) > 0);
	}
	for (i = 0; i < 100; i++) {
		slow[i] = harness_connect(s);
		assert_true(send(slow[i], "GET /healthz HTTP/1.1\r\nHo", 25,
				 MSG_NOSIGNAL) == 25);
	}
	snprintf(url, sizeof(url), "%s/healthz", s->base);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 100; i++)
			send(slow[i], "s", 1, MSG_NOSIGNAL);
		if (get_within(url, 5000) != 200)
			fail_msg("no answer within 5 s in round %d", round);
		sleep(2);
	}
	for (i = 0; i < 100; i++)
		close(slow[i]);
	for (i = 0; i < 16; i++)
		close(idle[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipelined_requests_are_all_answered),
		cmocka_unit_test(test_an_unread_body_closes_the_connection),
		cmocka_unit_test(test_malformed_requests_are_refused),
		cmocka_unit_test(
			test_deep_json_is_refused_and_the_server_lives),
		cmocka_unit_test(test_lax_json_is_refused),
		cmocka_unit_test(
			test_slow_and_idle_clients_do_not_stall_others),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
