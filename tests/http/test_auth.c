/*
 * HTTP tests for logging in and out (page and API), the session cookie and
 * row, idle and absolute timeouts, changing one's own password and the
 * confirm step, each checked in the answers, the session table and the
 * audit log. All logins come from 127.0.0.1, whose failure budget is 20 per
 * 15 minutes: this file stays well below it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"
#include "harness.h"

#define SESSION_COOKIE "mestring_session"

/* Rows of the session table holding the hash of this client's cookie. */
static int64_t session_rows(struct client *c, const char *token)
{
	char hex[65];

	harness_token_hash_hex(token, hex);
	return harness_sql_int(c->srv,
			       "SELECT count(*) FROM session WHERE "
			       "lower(hex(token_hash)) = ?1",
			       hex, NULL);
}

static void session_token(struct client *c, char *out, size_t outlen)
{
	if (client_cookie(c, SESSION_COOKIE, out, outlen) < 0)
		fail_msg("no session cookie in the jar");
}

/* Audit rows of action by actor (an e-mail) from the loopback client. */
static int64_t audit_rows(struct server *s, const char *action,
			  const char *actor)
{
	return harness_sql_int(s,
			       "SELECT count(*) FROM audit WHERE action = ?1 "
			       "AND actor = ?2 AND client = '127.0.0.1'",
			       action, actor, NULL);
}

static void test_page_login_sets_httponly_lax_cookie(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	const char *cookie = NULL, *h;
	char token[128];
	size_t i;

	assert_int_equal(client_login(c, HARNESS_ADMIN, HARNESS_PASSWORD, &r),
			 303);
	assert_string_equal(response_header(&r, "Location"), "/start");
	for (i = 0; (h = response_header_nth(&r, "Set-Cookie", i)); i++)
		if (strncmp(h, SESSION_COOKIE "=", 17) == 0)
			cookie = h;
	assert_non_null(cookie);
	assert_non_null(strstr(cookie, "; HttpOnly"));
	assert_non_null(strstr(cookie, "; SameSite=Lax"));
	assert_null(strstr(cookie, "Secure"));
	assert_non_null(strstr(cookie, "; Path=/"));
	session_token(c, token, sizeof(token));
	assert_int_equal(strlen(token), 43); /* 256 bits, base64url */
	assert_int_equal(client_get(c, "/start", &r), 200);
	assert_true(response_has(&r, "Anne S"));
	response_free(&r);
	client_free(c);
}

/* The database holds a 32-byte hash of the token, never the token. */
static void test_session_row_holds_hash_not_token(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	char token[128];

	assert_int_equal(
		client_api_login(c, HARNESS_MENTOR, HARNESS_PASSWORD, NULL),
		200);
	session_token(c, token, sizeof(token));
	assert_int_equal(session_rows(c, token), 1);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM session WHERE "
					 "length(token_hash) != 32 OR "
					 "typeof(token_hash) != 'blob'",
					 NULL),
			 0);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM session WHERE "
					 "instr(CAST(token_hash AS TEXT), ?1) "
					 "OR instr(csrf, ?1)",
					 token, NULL),
			 0);
	client_free(c);
}

static void test_login_is_audited_with_actor_and_client(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	int64_t id = harness_user_id(s, HARNESS_INSTRUCTOR);
	int64_t before = audit_rows(s, "login", HARNESS_INSTRUCTOR);
	char actor_id[32];

	snprintf(actor_id, sizeof(actor_id), "%lld", (long long)id);
	assert_int_equal(
		client_login(c, HARNESS_INSTRUCTOR, HARNESS_PASSWORD, NULL),
		303);
	assert_int_equal(audit_rows(s, "login", HARNESS_INSTRUCTOR),
			 before + 1);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'login' AND actor_id = ?1 "
					 "AND subject_type = 'user' AND "
					 "subject_id = ?1",
					 actor_id, NULL),
			 before + 1);
	client_free(c);
}

/* A wrong password and an unknown e-mail get the same Danish answer, by
 * page and by API, and each is audited as login.failed. */
static void test_wrong_password_and_unknown_email_are_401(void **state)
{
	static const char *const emails[] = {HARNESS_LEADER,
					     "nobody@demo.invalid"};
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char token[128];
	size_t i;

	for (i = 0; i < 2; i++) {
		int64_t before = audit_rows(s, "login.failed", emails[i]);
		cJSON *j;

		assert_int_equal(
			client_login(c, emails[i], "wrong-password-1", &r),
			401);
		assert_true(response_has(&r, HARNESS_BAD_LOGIN));
		assert_int_equal(
			client_api_login(c, emails[i], "wrong-password-1", &r),
			401);
		harness_expect_error(&r, 401, NULL);
		j = response_json(&r);
		assert_string_equal(harness_json_string(j, "error.message"),
				    HARNESS_BAD_LOGIN);
		cJSON_Delete(j);
		assert_int_equal(audit_rows(s, "login.failed", emails[i]),
				 before + 2);
	}
	assert_int_equal(client_cookie(c, SESSION_COOKIE, token, sizeof(token)),
			 -1);
	response_free(&r);
	client_free(c);
}

static void test_deactivated_user_cannot_log_in(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_login(s, HARNESS_ADMIN);
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	int64_t id = harness_add_user(s, "inactive@test.invalid", "mentor");

	buf_printf(&path, "/api/v1/users/%lld", (long long)id);
	assert_int_equal(client_api(admin, "PATCH", path.data,
				    "{\"active\":false}", NULL),
			 200);
	assert_int_equal(
		client_login(c, "inactive@test.invalid", HARNESS_PASSWORD, &r),
		401);
	assert_true(response_has(&r, HARNESS_BAD_LOGIN));
	assert_int_equal(client_api_login(c, "inactive@test.invalid",
					  HARNESS_PASSWORD, &r),
			 401);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM session s JOIN "
					 "user u ON u.id = s.user_id WHERE "
					 "u.email = 'inactive@test.invalid'",
					 NULL),
			 0);
	response_free(&r);
	buf_free(&path);
	client_free(admin);
	client_free(c);
}

/* Logging out deletes the row; the old cookie, replayed, is anonymous. */
static void test_page_logout_deletes_session_and_old_cookie(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s), *replay = client_new(s);
	struct response r = RESPONSE_INIT;
	int64_t before = audit_rows(s, "logout", HARNESS_CASEWORKER);
	char token[128];

	assert_int_equal(
		client_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
		303);
	session_token(c, token, sizeof(token));
	assert_int_equal(session_rows(c, token), 1);
	assert_int_equal(client_post(c, "/logout", "", &r), 303);
	assert_string_equal(response_header(&r, "Location"), "/login?out=1");
	assert_non_null(strstr(response_header(&r, "Set-Cookie"), "Max-Age=0"));
	assert_int_equal(session_rows(c, token), 0);
	assert_int_equal(audit_rows(s, "logout", HARNESS_CASEWORKER),
			 before + 1);
	client_set_cookie(replay, SESSION_COOKIE, token);
	assert_int_equal(client_get(replay, "/start", &r), 303);
	assert_string_equal(response_header(&r, "Location"), "/login");
	assert_int_equal(client_api(replay, "GET", "/api/v1/session", NULL, &r),
			 401);
	harness_expect_error(&r, 401, NULL);
	response_free(&r);
	client_free(c);
	client_free(replay);
}

static void test_api_login_and_logout(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s), *replay = client_new(s);
	struct response r = RESPONSE_INIT;
	int64_t before = audit_rows(s, "logout", HARNESS_CONSULTANT);
	char token[128];
	cJSON *j;

	assert_int_equal(
		client_api_login(c, HARNESS_CONSULTANT, HARNESS_PASSWORD, &r),
		200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "user.email"),
			    HARNESS_CONSULTANT);
	assert_string_equal(harness_json_string(j, "user.role"), "consultant");
	assert_int_equal(strlen(harness_json_string(j, "csrf")), 64);
	cJSON_Delete(j);
	assert_int_equal(client_api(c, "GET", "/api/v1/session", NULL, &r),
			 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "csrf"), c->csrf);
	cJSON_Delete(j);
	session_token(c, token, sizeof(token));
	assert_int_equal(client_api(c, "DELETE", "/api/v1/session", NULL, &r),
			 204);
	assert_int_equal(session_rows(c, token), 0);
	assert_int_equal(audit_rows(s, "logout", HARNESS_CONSULTANT),
			 before + 1);
	client_set_cookie(replay, SESSION_COOKIE, token);
	assert_int_equal(client_api(replay, "GET", "/api/v1/session", NULL, &r),
			 401);
	response_free(&r);
	client_free(c);
	client_free(replay);
}

/* After login, the page goes to a local "next" only: never off-site. */
static void test_login_next_stays_on_site(void **state)
{
	static const struct {
		const char *next, *location;
	} cases[] = {
		{"/users", "/users"},
		{"//evil.example/x", "/start"},
		{"https://evil.example/", "/start"},
		{"/\\evil.example", "/start"},
	};
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	char csrf[80];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct client *c = client_new(s);
		struct request rq = {
			.method = "POST",
			.path = "/login",
			.content_type = "application/x-www-form-urlencoded"};

		assert_int_equal(client_get(c, "/login", &r), 200);
		assert_int_equal(
			harness_page_csrf(r.body.data, csrf, sizeof(csrf)), 0);
		rq.body = harness_form(
			&form, "csrf", csrf, "email", HARNESS_ADMIN, "password",
			HARNESS_PASSWORD, "next", cases[i].next, NULL);
		assert_int_equal(client_send(c, &rq, &r), 303);
		if (strcmp(response_header(&r, "Location"),
			   cases[i].location) != 0)
			fail_msg("next=%s went to %s", cases[i].next,
				 response_header(&r, "Location"));
		client_free(c);
	}
	response_free(&r);
	buf_free(&form);
}

/* What was typed is shown again, escaped: no markup gets through. */
static void test_login_page_escapes_what_was_typed(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;

	assert_int_equal(
		client_login(c, "\"><script>alert(1)</script>", "whatever", &r),
		401);
	assert_false(response_has(&r, "<script>alert"));
	assert_true(response_has(&r, "&quot;&gt;&lt;script&gt;alert(1)"));
	response_free(&r);
	client_free(c);
}

/* Timeouts: a session whose column is set back by seconds. */

static void age_session(struct client *c, const char *column, long seconds)
{
	char token[128], hex[65], back[32], err[200];
	struct buf sql = BUF_INIT(0);

	session_token(c, token, sizeof(token));
	harness_token_hash_hex(token, hex);
	snprintf(back, sizeof(back), "%ld", seconds);
	buf_printf(&sql,
		   "UPDATE session SET %s = %s - ?1 WHERE "
		   "lower(hex(token_hash)) = ?2",
		   column, column);
	if (harness_sql_exec(c->srv, err, sizeof(err), sql.data, back, hex,
			     NULL) != 0)
		fail_msg("aging the session: %s", err);
	buf_free(&sql);
}

/* Logs a caseworker in, ages the session, and asks for the start page. */
static void expect_after_aging(struct server *s, const char *column,
			       long seconds, bool still_in)
{
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char token[128];

	assert_int_equal(
		client_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
		303);
	session_token(c, token, sizeof(token));
	age_session(c, column, seconds);
	if (still_in) {
		char hex[65], recent[32];

		assert_int_equal(client_get(c, "/start", &r), 200);
		/* The visit renewed seen_at. */
		harness_token_hash_hex(token, hex);
		snprintf(recent, sizeof(recent), "%lld",
			 (long long)time(NULL) - 10);
		assert_int_equal(harness_sql_int(s,
						 "SELECT count(*) FROM session "
						 "WHERE lower(hex(token_hash)) "
						 "= ?1 AND seen_at >= ?2",
						 hex, recent, NULL),
				 1);
	} else {
		assert_int_equal(client_get(c, "/start", &r), 303);
		assert_string_equal(response_header(&r, "Location"), "/login");
		assert_int_equal(session_rows(c, token), 0);
	}
	response_free(&r);
	client_free(c);
}

static void test_idle_31_minutes_logs_out(void **state)
{
	expect_after_aging(*state, "seen_at", 31 * 60, false);
}

static void test_session_older_than_12_hours_logs_out(void **state)
{
	expect_after_aging(*state, "created_at", 13 * 60 * 60, false);
}

/* 29 idle minutes is within the limit (and the visit renews seen_at). */
static void test_idle_29_minutes_still_works(void **state)
{
	expect_after_aging(*state, "seen_at", 29 * 60, true);
}

/* Changing one's own password. */

struct pw_case {
	const char *what;
	const char *current, *fresh;
	const char *field; /* the field the API names */
};

static const struct pw_case pw_refused[] = {
	{"wrong current", "not-my-password-1", "brand-new-password-1",
	 "current_password"},
	{"new too short", HARNESS_PASSWORD, "elevenchars", "new_password"},
};

/* After a change to fresh: this session goes on, the other is gone, the
 * old password is refused, the new works, and the audit says so. */
static void expect_password_changed(struct server *s, struct client *c,
				    struct client *other, const char *email,
				    const char *fresh)
{
	struct client *probe = client_new(s);
	char token[128];

	assert_int_equal(client_get(c, "/start", NULL), 200);
	session_token(other, token, sizeof(token));
	assert_int_equal(session_rows(other, token), 0);
	assert_int_equal(
		client_api(other, "GET", "/api/v1/session", NULL, NULL), 401);
	assert_int_equal(client_api_login(probe, email, HARNESS_PASSWORD, NULL),
			 401);
	assert_int_equal(client_api_login(probe, email, fresh, NULL), 200);
	assert_int_equal(audit_rows(s, "password.change", email), 1);
	client_free(probe);
}

static void test_page_password_change(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s), *other;
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	const char *email = "pw-page@test.invalid";
	size_t i;

	harness_add_user(s, email, "caseworker");
	assert_int_equal(client_login(c, email, HARNESS_PASSWORD, NULL), 303);
	other = fixture_login(s, email);
	for (i = 0; i < sizeof(pw_refused) / sizeof(pw_refused[0]); i++) {
		harness_form(&form, "current_password", pw_refused[i].current,
			     "new_password", pw_refused[i].fresh,
			     "new_password_repeat", pw_refused[i].fresh, NULL);
		if (client_post(c, "/account/password", form.data, &r) != 422)
			fail_msg("%s: %ld", pw_refused[i].what, r.status);
		assert_true(response_has(&r, "error-message"));
	}
	assert_int_equal(
		client_api(other, "GET", "/api/v1/session", NULL, NULL), 200);
	harness_form(&form, "current_password", HARNESS_PASSWORD,
		     "new_password", "a-new-page-password",
		     "new_password_repeat", "a-new-page-password", NULL);
	assert_int_equal(client_post(c, "/account/password", form.data, &r),
			 303);
	assert_string_equal(response_header(&r, "Location"),
			    "/account?changed=1");
	expect_password_changed(s, c, other, email, "a-new-page-password");
	response_free(&r);
	buf_free(&form);
	client_free(c);
	client_free(other);
}

static void test_api_password_change(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s), *other;
	struct response r = RESPONSE_INIT;
	struct buf json = BUF_INIT(0);
	const char *email = "pw-api@test.invalid";
	size_t i;

	harness_add_user(s, email, "mentor");
	assert_int_equal(client_api_login(c, email, HARNESS_PASSWORD, NULL),
			 200);
	other = fixture_login(s, email);
	for (i = 0; i < sizeof(pw_refused) / sizeof(pw_refused[0]); i++) {
		buf_reset(&json);
		buf_printf(&json,
			   "{\"current_password\":\"%s\","
			   "\"new_password\":\"%s\"}",
			   pw_refused[i].current, pw_refused[i].fresh);
		client_api(c, "PUT", "/api/v1/session/password", json.data, &r);
		harness_expect_error(&r, 422, pw_refused[i].field);
	}
	assert_int_equal(
		client_api(c, "PUT", "/api/v1/session/password",
			   "{\"current_password\":\"" HARNESS_PASSWORD
			   "\",\"new_password\":\"a-new-api-password\"}",
			   &r),
		204);
	expect_password_changed(s, c, other, email, "a-new-api-password");
	response_free(&r);
	buf_free(&json);
	client_free(c);
	client_free(other);
}

/* The confirm step. */

static void test_api_confirm_checks_password_and_records_time(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char token[128], hex[65], now[32];
	int64_t failed = audit_rows(s, "password.confirm_failed",
				    HARNESS_INSTRUCTOR);
	int64_t confirmed = audit_rows(s, "password.confirm",
				       HARNESS_INSTRUCTOR);

	assert_int_equal(
		client_api_login(c, HARNESS_INSTRUCTOR, HARNESS_PASSWORD, NULL),
		200);
	session_token(c, token, sizeof(token));
	harness_token_hash_hex(token, hex);
	client_api(c, "POST", "/api/v1/session/confirm",
		   "{\"password\":\"not-the-password\"}", &r);
	harness_expect_error(&r, 401, NULL);
	assert_int_equal(harness_sql_int(s,
					 "SELECT confirmed_at FROM session "
					 "WHERE lower(hex(token_hash)) = ?1",
					 hex, NULL),
			 0);
	assert_int_equal(client_api(c, "POST", "/api/v1/session/confirm",
				    "{\"password\":\"" HARNESS_PASSWORD "\"}",
				    &r),
			 204);
	snprintf(now, sizeof(now), "%lld", (long long)time(NULL) - 10);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM session WHERE "
					 "lower(hex(token_hash)) = ?1 AND "
					 "confirmed_at >= ?2",
					 hex, now, NULL),
			 1);
	assert_int_equal(
		audit_rows(s, "password.confirm_failed", HARNESS_INSTRUCTOR),
		failed + 1);
	assert_int_equal(audit_rows(s, "password.confirm", HARNESS_INSTRUCTOR),
			 confirmed + 1);
	response_free(&r);
	client_free(c);
}

static void test_page_confirm_goes_on_to_next(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);

	assert_int_equal(
		client_login(c, HARNESS_MENTOR, HARNESS_PASSWORD, NULL), 303);
	assert_int_equal(client_get(c, "/confirm?next=/account", &r), 200);
	harness_form(&form, "password", "not-the-password", "next", "/account",
		     NULL);
	assert_int_equal(client_post(c, "/confirm", form.data, &r), 401);
	assert_true(response_has(&r, "Forkert adgangskode."));
	harness_form(&form, "password", HARNESS_PASSWORD, "next", "/account",
		     NULL);
	assert_int_equal(client_post(c, "/confirm", form.data, &r), 303);
	assert_string_equal(response_header(&r, "Location"), "/account");
	response_free(&r);
	buf_free(&form);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_login_sets_httponly_lax_cookie),
		cmocka_unit_test(test_session_row_holds_hash_not_token),
		cmocka_unit_test(test_login_is_audited_with_actor_and_client),
		cmocka_unit_test(test_wrong_password_and_unknown_email_are_401),
		cmocka_unit_test(test_deactivated_user_cannot_log_in),
		cmocka_unit_test(
			test_page_logout_deletes_session_and_old_cookie),
		cmocka_unit_test(test_api_login_and_logout),
		cmocka_unit_test(test_login_next_stays_on_site),
		cmocka_unit_test(test_login_page_escapes_what_was_typed),
		cmocka_unit_test(test_idle_31_minutes_logs_out),
		cmocka_unit_test(test_session_older_than_12_hours_logs_out),
		cmocka_unit_test(test_idle_29_minutes_still_works),
		cmocka_unit_test(test_page_password_change),
		cmocka_unit_test(test_api_password_change),
		cmocka_unit_test(
			test_api_confirm_checks_password_and_records_time),
		cmocka_unit_test(test_page_confirm_goes_on_to_next),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
