/*
 * HTTP tests for login throttling, on a server of their own so that the
 * accounts and the loopback address they lock do not hinder other tests:
 * five failures lock an account (even against the right password) until
 * the window passes, a success clears an account's count, and twenty
 * failures from one address lock every account from it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"

#define THROTTLED   "For mange mislykkede loginfors"
#define ADDRESS_MAX 50 /* THROTTLE_ADDRESS_MAX in app/auth.c */

static int64_t audit_rows(struct server *s, const char *action,
                          const char *actor)
{
	return harness_sql_int(s,
	                       "SELECT count(*) FROM audit WHERE action = ?1 "
	                       "AND actor = ?2 AND client = '127.0.0.1'",
	                       action, actor, NULL);
}

static void fail_logins(struct client *c, const char *email, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (client_api_login(c, email, "not-the-password", NULL) != 401)
			fail_msg("failure %d of %s was not a 401", i + 1,
			         email);
}

static void test_sixth_attempt_is_429_even_with_right_password(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char token[128];
	cJSON *j;

	fail_logins(c, HARNESS_LEADER, 5);
	assert_int_equal(client_login(c, HARNESS_LEADER, HARNESS_PASSWORD, &r),
	                 429);
	assert_true(response_has(&r, THROTTLED));
	assert_int_equal(
	    client_api_login(c, HARNESS_LEADER, HARNESS_PASSWORD, &r), 429);
	harness_expect_error(&r, 429, NULL);
	j = response_json(&r);
	assert_non_null(
	    strstr(harness_json_string(j, "error.message"), THROTTLED));
	cJSON_Delete(j);
	assert_int_equal(
	    client_cookie(c, "mestring_session", token, sizeof(token)), -1);
	assert_int_equal(audit_rows(s, "login.failed", HARNESS_LEADER), 5);
	assert_int_equal(audit_rows(s, "login.throttled", HARNESS_LEADER), 2);
	assert_int_equal(audit_rows(s, "login", HARNESS_LEADER), 0);
	response_free(&r);
	client_free(c);
}

/* The lock is the account's: another account logs in meanwhile. */
static void test_other_accounts_still_log_in(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);

	assert_int_equal(client_login(c, HARNESS_ADMIN, HARNESS_PASSWORD, NULL),
	                 303);
	client_free(c);
}

/* Four failures, a success, and four more: never locked. */
static void test_success_clears_the_accounts_failures(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);

	fail_logins(c, HARNESS_CASEWORKER, 4);
	assert_int_equal(
	    client_api_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
	    200);
	fail_logins(c, HARNESS_CASEWORKER, 4);
	assert_int_equal(
	    client_api_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
	    200);
	assert_int_equal(audit_rows(s, "login.throttled", HARNESS_CASEWORKER),
	                 0);
	client_free(c);
}

/* With a session, the current-password check of a password change is a
 * password oracle like the confirm step: it must be throttled as that is,
 * or a stolen session can guess the password without limit. */
static void test_wrong_current_passwords_are_throttled(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char before[200], after[200];
	int i;

	assert_int_equal(
	    client_api_login(c, HARNESS_INSTRUCTOR, HARNESS_PASSWORD, NULL),
	    200);
	harness_sql_text(s, before, sizeof(before),
	                 "SELECT password_hash FROM user WHERE email = ?1",
	                 HARNESS_INSTRUCTOR, NULL);
	for (i = 0; i < 5; i++) {
		client_api(c, "PUT", "/api/v1/session/password",
		           "{\"current_password\":\"guess-number-x\","
		           "\"new_password\":\"taken-over-password\"}",
		           &r);
		harness_expect_error(&r, 422, "current_password");
	}
	client_api(c, "PUT", "/api/v1/session/password",
	           "{\"current_password\":\"" HARNESS_PASSWORD
	           "\",\"new_password\":\"taken-over-password\"}",
	           &r);
	harness_expect_error(&r, 429, NULL);
	harness_sql_text(s, after, sizeof(after),
	                 "SELECT password_hash FROM user WHERE email = ?1",
	                 HARNESS_INSTRUCTOR, NULL);
	assert_string_equal(before, after);
	response_free(&r);
	client_free(c);
}

/* Failures spread over unknown e-mails still add up for the address. */
static void test_fifty_failures_lock_the_address(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct buf email = BUF_INIT(0);
	int64_t so_far = harness_sql_int(s,
	                                 "SELECT count(*) FROM audit WHERE "
	                                 "action = 'login.failed' AND client "
	                                 "= '127.0.0.1'",
	                                 NULL);
	int64_t i;
	long status = 401;

	/* Other failures (a confirm step) may count for the address too, so
	 * the lock may come a little early, never late. */
	assert_true(so_far < ADDRESS_MAX);
	for (i = so_far; i < ADDRESS_MAX && status == 401; i++) {
		buf_reset(&email);
		buf_printf(&email, "guess-%lld@test.invalid", (long long)i);
		status =
		    client_api_login(c, email.data, "not-the-password", NULL);
		if (status != 401 && status != 429)
			fail_msg("failure %lld: %ld", (long long)i + 1, status);
	}
	assert_int_equal(
	    client_api_login(c, HARNESS_MENTOR, HARNESS_PASSWORD, NULL), 429);
	assert_int_equal(audit_rows(s, "login.throttled", HARNESS_MENTOR), 1);
	buf_free(&email);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_sixth_attempt_is_429_even_with_right_password),
	    cmocka_unit_test(test_other_accounts_still_log_in),
	    cmocka_unit_test(test_success_clears_the_accounts_failures),
	    cmocka_unit_test(test_wrong_current_passwords_are_throttled),
	    /* Last: it locks the loopback address for the server. */
	    cmocka_unit_test(test_fifty_failures_lock_the_address),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
