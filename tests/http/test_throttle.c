/*
 * HTTP tests for login throttling, on a server of their own so that the
 * accounts and the loopback address they lock do not hinder other tests:
 * five untrusted failures lock an account (even against the right
 * password) for browsers that have not logged in to it before, a success
 * clears the count, the owner's own browser (its device cookie) keeps its
 * own allowance, fifty untrusted failures from one address slow it, and
 * X-Forwarded-For counts only from a configured proxy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <pthread.h>
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

/*
 * Untrusted failures spread over unknown e-mails add up for the address,
 * which is then slowed (one attempt every few seconds), not locked: a
 * browser that has logged in before keeps its own allowance.
 */
static void test_fifty_failures_slow_the_address(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s), *known = client_new(s);
	struct buf email = BUF_INIT(0);
	int64_t i;
	long status = 401;

	/* The mentor's own browser, from before the storm. */
	assert_int_equal(
		client_api_login(known, HARNESS_MENTOR, HARNESS_PASSWORD, NULL),
		200);
	/* Earlier tests' untrusted failures count too, so the slowing may
	 * come before fifty more, never after. */
	for (i = 0; i < ADDRESS_MAX && status == 401; i++) {
		buf_reset(&email);
		buf_printf(&email, "guess-%lld@test.invalid", (long long)i);
		status = client_api_login(c, email.data, "not-the-password",
					  NULL);
		if (status != 401 && status != 429)
			fail_msg("failure %lld: %ld", (long long)i + 1, status);
	}
	assert_int_equal(
		client_api_login(c, HARNESS_MENTOR, HARNESS_PASSWORD, NULL),
		429);
	assert_int_equal(audit_rows(s, "login.throttled", HARNESS_MENTOR), 1);
	/* The owner's browser is not locked out. */
	assert_int_equal(
		client_api_login(known, HARNESS_MENTOR, HARNESS_PASSWORD, NULL),
		200);
	buf_free(&email);
	client_free(c);
	client_free(known);
}

/*
 * Security finding 4: five wrong passwords locked an account from
 * everywhere, the owner's browser included. The attacker (no device
 * cookie) is locked out; the owner's browser, which has logged in before,
 * still gets in, and its own failures count against it alone.
 */
static void test_the_owners_browser_is_not_locked_out(void **state)
{
	struct server *s = *state;
	struct client *owner = client_new(s), *attacker = client_new(s);
	struct client *page = client_new(s);
	struct response r = RESPONSE_INIT;
	char device[256], forged[256];
	int i;

	assert_int_equal(client_api_login(owner, HARNESS_CONSULTANT,
					  HARNESS_PASSWORD, NULL),
			 200);
	assert_int_equal(
		client_cookie(owner, "mestring_device", device, sizeof(device)),
		0);
	assert_int_equal(
		client_login(page, HARNESS_CONSULTANT, HARNESS_PASSWORD, NULL),
		303);
	fail_logins(attacker, HARNESS_CONSULTANT, 5);
	assert_int_equal(client_api_login(attacker, HARNESS_CONSULTANT,
					  HARNESS_PASSWORD, NULL),
			 429);
	/* The owner, through the API and the login page alike. */
	assert_int_equal(client_api_login(owner, HARNESS_CONSULTANT,
					  HARNESS_PASSWORD, NULL),
			 200);
	assert_int_equal(client_logout(page), 303);
	assert_int_equal(
		client_login(page, HARNESS_CONSULTANT, HARNESS_PASSWORD, &r),
		303);
	response_free(&r);
	/* A device cookie is the account's: another account's attempts
	 * from that browser are untrusted, and a forged one is nothing. */
	snprintf(forged, sizeof(forged), "%.*s0", (int)strlen(device) - 1,
		 device);
	if (strcmp(forged, device) == 0)
		forged[strlen(forged) - 1] = '1';
	client_set_cookie(attacker, "mestring_device", forged);
	assert_int_equal(client_api_login(attacker, HARNESS_CONSULTANT,
					  HARNESS_PASSWORD, NULL),
			 429);
	/* A stolen cookie of another browser gives its allowance only,
	 * which wrong passwords then spend. */
	for (i = 0; i < 10; i++)
		assert_int_equal(client_api_login(owner, HARNESS_CONSULTANT,
						  "not-the-password", NULL),
				 401);
	assert_int_equal(client_api_login(owner, HARNESS_CONSULTANT,
					  HARNESS_PASSWORD, NULL),
			 429);
	client_free(owner);
	client_free(attacker);
	client_free(page);
}

/*
 * Behind a reverse proxy every request comes from the proxy: its
 * X-Forwarded-For names the client, and only a configured proxy is
 * believed.
 */
static void test_forwarded_for_counts_only_from_a_trusted_proxy(void **state)
{
	struct server *s = *state;
	struct server proxied = {0};
	struct client *c;
	struct response r = RESPONSE_INIT;
	struct request rq = {.method = "POST",
			     .path = "/api/v1/session",
			     .content_type = "application/json",
			     .body = "{\"email\":\"" HARNESS_LEADER "\","
				     "\"password\":\"not-the-password\"}",
			     .headers = {"X-Forwarded-For: 203.0.113.7", NULL}};

	(void)s;
	assert_int_equal(harness_start_with(&proxied, "trusted_proxies = "
						      "127.0.0.1, ::1\n"),
			 0);
	c = client_new(&proxied);
	assert_int_equal(client_send(c, &rq, &r), 401);
	response_free(&r);
	assert_int_equal(harness_sql_int(&proxied,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'login.failed' AND client "
					 "= '203.0.113.7'",
					 NULL),
			 1);
	client_free(c);
	assert_int_equal(harness_stop(&proxied), 0);

	/* Without the setting, the header is anybody's to send: ignored.
	 * (The leader's untrusted attempts are spent on this server.) */
	rq.body = "{\"email\":\"nobody@test.invalid\","
		  "\"password\":\"not-the-password\"}";
	c = client_new(s);
	assert_int_equal(client_send(c, &rq, &r), 401);
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "client = '203.0.113.7'",
					 NULL),
			 0);
	client_free(c);
}

struct storm_login {
	const char *base;
	long status;
};

static size_t storm_discard(void *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

static void *storm_one(void *arg)
{
	struct storm_login *l = arg;
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: "
						       "application/json");
	CURL *curl = curl_easy_init();
	char url[128];

	snprintf(url, sizeof(url), "%s/api/v1/session", l->base);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS,
			 "{\"email\":\"" HARNESS_INSTRUCTOR
			 "\",\"password\":\"" HARNESS_PASSWORD "\"}");
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, storm_discard);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	if (curl_easy_perform(curl) == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &l->status);
	curl_easy_cleanup(curl);
	curl_slist_free_all(h);
	return NULL;
}

/* The server's peak resident memory in kB (VmHWM), or -1. */
static long peak_rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/*
 * Security finding 4, the memory half: sixteen logins at once took 1 GB
 * (argon2id takes 64 MiB each). Hashing is bounded, so a login storm stays
 * under about 300 MB, and every login is answered.
 */
static void test_a_login_storm_stays_small(void **state)
{
	struct server *s = *state;
	struct storm_login l[16];
	pthread_t t[16];
	long peak;
	int i, ok;

	for (i = 0; i < 16; i++) {
		l[i].base = s->base;
		l[i].status = 0;
		assert_int_equal(pthread_create(&t[i], NULL, storm_one, &l[i]),
				 0);
	}
	for (i = 0; i < 16; i++)
		pthread_join(t[i], NULL);
	/* Each login is answered: signed in, or, when the machine is so
	 * loaded that a hashing slot did not come free within its wait,
	 * the Danish "busy, try again" 503 (never a dropped connection or
	 * another error). On an idle machine all of them sign in. */
	for (i = 0, ok = 0; i < 16; i++) {
		if (l[i].status == 200)
			ok++;
		else if (l[i].status != 503)
			fail_msg("login %d of the storm: %ld", i, l[i].status);
	}
	print_message("%d of 16 logins at once signed in, the rest were "
		      "told to try again\n",
		      ok);
	assert_true(ok >= 2);
	peak = peak_rss_kb(s->pid);
	assert_true(peak > 0);
	print_message("peak resident memory after 16 logins at once: %ld kB\n",
		      peak);
	if (peak > 300 * 1024)
		fail_msg("peak resident memory %ld kB", peak);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_sixth_attempt_is_429_even_with_right_password),
		cmocka_unit_test(test_other_accounts_still_log_in),
		cmocka_unit_test(test_success_clears_the_accounts_failures),
		cmocka_unit_test(test_wrong_current_passwords_are_throttled),
		cmocka_unit_test(test_the_owners_browser_is_not_locked_out),
		cmocka_unit_test(test_a_login_storm_stays_small),
		cmocka_unit_test(
			test_forwarded_for_counts_only_from_a_trusted_proxy),
		/* Last: it slows the loopback address for the server. */
		cmocka_unit_test(test_fifty_failures_slow_the_address),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
