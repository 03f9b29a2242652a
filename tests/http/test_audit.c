/*
 * HTTP tests for the audit log (the admin's page and API, their action
 * filter, and the database refusing to change a row) and for the access
 * log on the server's stderr, which names route patterns and never holds
 * a query string, a password or a token.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "fixtures.h"
#include "harness.h"

/* Occurrences of needle in haystack. */
static size_t count_of(const char *haystack, const char *needle)
{
	size_t n = 0;

	while ((haystack = strstr(haystack, needle)) != NULL) {
		n++;
		haystack += strlen(needle);
	}
	return n;
}

static void test_audit_page_lists_and_filters_by_action(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	int64_t logins;

	/* Newest first: the admin's own login heads the list. */
	assert_int_equal(client_get(admin, "/audit", &r), 200);
	assert_true(response_has(&r, "<code>login</code>"));
	assert_true(response_has(&r, HARNESS_ADMIN));
	assert_true(response_has(&r, "127.0.0.1"));
	assert_int_equal(client_get(admin, "/audit?action=login", &r), 200);
	logins = harness_sql_int(s,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'login' OR action LIKE 'login.%'",
				 NULL);
	assert_true(logins >= 1);
	assert_int_equal(count_of(r.body.data, "<code>"), logins);
	assert_false(response_has(&r, "<code>user.create</code>"));
	assert_false(response_has(&r, "<code>organisation.create</code>"));
	assert_int_equal(client_get(admin, "/audit?action=user.create", &r),
			 200);
	assert_true(response_has(&r, "<code>user.create</code>"));
	assert_false(response_has(&r, "<code>login</code>"));
	response_free(&r);
	client_free(admin);
}

static void test_audit_api_filters_by_action(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	const cJSON *entries, *e;
	cJSON *j;
	int64_t creates = harness_sql_int(s,
					  "SELECT count(*) FROM audit WHERE "
					  "action = 'user.create'",
					  NULL);

	assert_true(creates >= 6); /* the demo's users */
	assert_int_equal(client_api(admin, "GET",
				    "/api/v1/audit?action=user.create", NULL,
				    &r),
			 200);
	j = response_json(&r);
	entries = harness_json_at(j, "entries");
	assert_int_equal(cJSON_GetArraySize(entries), creates);
	cJSON_ArrayForEach(e, entries)
	{
		assert_string_equal(harness_json_string(e, "action"),
				    "user.create");
		assert_string_equal(harness_json_string(e, "subject_type"),
				    "user");
		assert_non_null(harness_json_string(e, "actor"));
	}
	cJSON_Delete(j);
	/* A filter's wildcard is a literal character, not "everything". */
	assert_int_equal(
		client_api(admin, "GET", "/api/v1/audit?actor=%25", NULL, &r),
		200);
	j = response_json(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "entries")), 0);
	cJSON_Delete(j);
	response_free(&r);
	client_free(admin);
}

/* The triggers refuse UPDATE and DELETE, whoever asks. */
static void test_audit_rows_cannot_change(void **state)
{
	static const char *const statements[] = {
		"UPDATE audit SET actor = 'someone else'",
		"DELETE FROM audit",
		"DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)",
	};
	struct server *s = *state;
	int64_t rows = harness_sql_int(s, "SELECT count(*) FROM audit", NULL);
	char err[200];
	size_t i;

	for (i = 0; i < sizeof(statements) / sizeof(statements[0]); i++) {
		int rc = harness_sql_exec(s, err, sizeof(err), statements[i],
					  NULL);

		if (rc == SQLITE_OK || strstr(err, "append-only") == NULL)
			fail_msg("%s: %d %s", statements[i], rc, err);
	}
	assert_int_equal(harness_sql_int(s, "SELECT count(*) FROM audit", NULL),
			 rows);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "actor = 'someone else'",
					 NULL),
			 0);
}

/*
 * Security finding 5: every view wrote read rows (9 for a cohort page, 61
 * for the participant list), and browsing grew the database without end.
 * Reads are one row per user, citizen, kind of read and hour with a count;
 * the citizen's access log still says who read, when, and how often.
 */
static void test_reads_are_counted_on_one_row_an_hour(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char path[96], id_text[24], err[200];
	int64_t id, rows_before, rows_after, listed;
	int i;

	assert_int_equal(
		client_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
		303);
	id = harness_sql_int(s,
			     "SELECT p.id FROM participant p JOIN user u ON "
			     "u.id = p.caseworker_id WHERE u.email = ?1 "
			     "ORDER BY p.id LIMIT 1",
			     HARNESS_CASEWORKER, NULL);
	assert_true(id > 0);
	snprintf(id_text, sizeof(id_text), "%lld", (long long)id);
	snprintf(path, sizeof(path), "/participants/%lld", (long long)id);
	/* Warm up: the first view of the hour makes the rows. */
	assert_int_equal(client_get(c, path, NULL), 200);
	assert_int_equal(client_get(c, "/participants", NULL), 200);
	rows_before = harness_sql_int(s, "SELECT count(*) FROM audit", NULL);
	listed = harness_sql_int(s,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'participant.list' AND actor = ?1 AND "
				 "hour IS NOT NULL",
				 HARNESS_CASEWORKER, NULL);
	assert_true(listed > 1);
	for (i = 0; i < 30; i++) {
		assert_int_equal(client_get(c, path, NULL), 200);
		assert_int_equal(client_get(c, "/participants", NULL), 200);
	}
	rows_after = harness_sql_int(s, "SELECT count(*) FROM audit", NULL);
	/* Sixty views, no new rows (but a login or the hour turning). */
	if (rows_after != rows_before &&
	    harness_sql_int(s,
			    "SELECT count(DISTINCT hour) FROM audit WHERE "
			    "hour IS NOT NULL AND actor = ?1",
			    HARNESS_CASEWORKER, NULL) < 2)
		fail_msg("%lld rows before, %lld after sixty views",
			 (long long)rows_before, (long long)rows_after);
	/* Every read is counted. */
	assert_int_equal(harness_sql_int(s,
					 "SELECT sum(count) FROM audit WHERE "
					 "action = 'participant.read' AND "
					 "subject_id = ?1 AND actor = ?2 AND "
					 "detail = 'page'",
					 id_text, HARNESS_CASEWORKER, NULL),
			 31);
	assert_int_equal(harness_sql_int(s,
					 "SELECT sum(count) FROM audit WHERE "
					 "action = 'participant.list' AND "
					 "subject_id = ?1 AND actor = ?2",
					 id_text, HARNESS_CASEWORKER, NULL),
			 31);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'participant.read' AND "
					 "hour IS NOT NULL AND (last_at < at "
					 "OR last_at IS NULL) AND subject_id "
					 "= ?1",
					 id_text, NULL),
			 0);
	/* The access log says so. */
	snprintf(path, sizeof(path), "/participants/%lld/access",
		 (long long)id);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Så borgerens oplysninger"));
	assert_true(response_has(&r, "(31 gange)"));
	assert_true(response_has(&r, HARNESS_CASEWORKER));
	response_free(&r);

	/* A read row may only count up; nothing else of it changes. */
	assert_true(harness_sql_exec(s, err, sizeof(err),
				     "UPDATE audit SET count = count - 1 WHERE "
				     "hour IS NOT NULL",
				     NULL) != SQLITE_OK);
	assert_non_null(strstr(err, "append-only"));
	assert_true(harness_sql_exec(s, err, sizeof(err),
				     "UPDATE audit SET actor = 'x', count = "
				     "count + 1, last_at = at WHERE hour IS "
				     "NOT NULL",
				     NULL) != SQLITE_OK);
	assert_true(harness_sql_exec(s, err, sizeof(err),
				     "UPDATE audit SET count = count + 1, "
				     "last_at = at WHERE hour IS NULL",
				     NULL) != SQLITE_OK);
	client_free(c);
}

static void test_access_log_names_the_route_pattern(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct buf log = BUF_INIT(0), path = BUF_INIT(0), raw = BUF_INIT(0);
	int64_t id = harness_user_id(s, HARNESS_MENTOR);

	buf_printf(&path, "/users/%lld", (long long)id);
	assert_int_equal(client_get(admin, path.data, NULL), 200);
	assert_true(harness_log_wait(s, "access GET /users/{id} 200 ", &log));
	buf_printf(&raw, " %s ", path.data);
	assert_null(strstr(log.data, raw.data));
	buf_free(&log);
	buf_free(&path);
	buf_free(&raw);
	client_free(admin);
}

/* Fails the test when the log holds needle. */
static void expect_not_logged(const struct buf *log, const char *what,
			      const char *needle)
{
	if (strstr(log->data, needle) != NULL)
		fail_msg("the log holds %s: %s", what, needle);
}

/* Fails the test when an access line has a '?' (a query string). */
static void expect_no_query_logged(const struct buf *log)
{
	const char *line;

	for (line = strstr(log->data, " access "); line;
	     line = strstr(line + 1, " access ")) {
		size_t n = strcspn(line, "\n");

		if (memchr(line, '?', n) != NULL)
			fail_msg("a query string in the log: %.*s", (int)n,
				 line);
	}
}

/* Everything secret two sessions handle, then the whole log searched. */
static void test_access_log_holds_no_query_token_or_password(void **state)
{
	struct server *s = *state;
	struct client *page = fixture_page_login(s, HARNESS_ADMIN),
		      *api = client_new(s);
	struct buf log = BUF_INIT(0);
	char token[128], api_token[128];

	assert_int_equal(
		client_api_login(api, HARNESS_LEADER, HARNESS_PASSWORD, NULL),
		200);
	assert_int_equal(client_api_login(api, HARNESS_MENTOR,
					  "Wrong-Password-Secret", NULL),
			 401);
	assert_int_equal(
		client_cookie(page, "mestring_session", token, sizeof(token)),
		0);
	assert_int_equal(client_cookie(api, "mestring_session", api_token,
				       sizeof(api_token)),
			 0);
	client_get(page, "/users?role=mentor&q=QuerySecret", NULL);
	client_get(page, "/no-such?token=PathSecret", NULL);
	client_api(api, "GET", "/api/v1/session?x=ApiSecret", NULL, NULL);
	/* The last request's line is written after its answer. */
	assert_int_equal(
		client_api(page, "GET", "/api/v1/organisations", NULL, NULL),
		200);
	assert_true(harness_log_wait(s, "access GET /api/v1/organisations 200",
				     &log));
	assert_non_null(strstr(log.data, "access GET - 404"));
	expect_not_logged(&log, "the page session's token", token);
	expect_not_logged(&log, "the API session's token", api_token);
	expect_not_logged(&log, "a CSRF token", page->csrf);
	expect_not_logged(&log, "a CSRF token", api->csrf);
	expect_not_logged(&log, "a password", HARNESS_PASSWORD);
	expect_not_logged(&log, "a query value", "Secret");
	expect_no_query_logged(&log);
	buf_free(&log);
	client_free(page);
	client_free(api);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_page_lists_and_filters_by_action),
		cmocka_unit_test(test_audit_api_filters_by_action),
		cmocka_unit_test(test_audit_rows_cannot_change),
		cmocka_unit_test(test_reads_are_counted_on_one_row_an_hour),
		cmocka_unit_test(test_access_log_names_the_route_pattern),
		cmocka_unit_test(
			test_access_log_holds_no_query_token_or_password),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
