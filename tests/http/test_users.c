/*
 * HTTP tests for the administration of accounts and organisations, by page
 * and by API: creating, refusing duplicates and bad input, editing,
 * deactivating (which ends sessions at once), reactivating, resetting a
 * password, the admin's protection against locking themselves out, and the
 * audit row every change leaves with the admin as actor.
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

static const char *const roles[] = {"admin",	  "project_leader",
				    "caseworker", "consultant",
				    "instructor", "mentor"};

/* Audit rows of action on user or organisation id, by the demo admin. */
static int64_t audit_by_admin(struct server *s, const char *action,
			      int64_t subject_id)
{
	char id[32], admin[32];

	snprintf(id, sizeof(id), "%lld", (long long)subject_id);
	snprintf(admin, sizeof(admin), "%lld",
		 (long long)harness_user_id(s, HARNESS_ADMIN));
	return harness_sql_int(s,
			       "SELECT count(*) FROM audit WHERE action = ?1 "
			       "AND subject_id = ?2 AND actor_id = ?3 AND "
			       "actor = ?4 AND client = '127.0.0.1'",
			       action, id, admin, HARNESS_ADMIN, NULL);
}

static int64_t user_count(struct server *s)
{
	return harness_sql_int(s, "SELECT count(*) FROM user", NULL);
}

/* The path of user id under prefix, with an optional suffix. */
static const char *user_path(struct buf *b, const char *prefix, int64_t id,
			     const char *suffix)
{
	buf_reset(b);
	buf_printf(b, "%s%lld%s", prefix, (long long)id, suffix);
	return b->data;
}

static int64_t org_id(struct server *s, const char *name)
{
	return harness_sql_int(s, "SELECT id FROM organisation WHERE name = ?1",
			       name, NULL);
}

/* Every role, spread over every organisation, by API: 201 with the user,
 * the row, the audit row, and a working login. */
/* The ids of the first max organisations, in order. Their number. */
static size_t org_ids(struct server *s, int64_t *ids, size_t max)
{
	char after[32];
	size_t n;

	for (n = 0; n < max; n++) {
		snprintf(after, sizeof(after), "%lld",
			 (long long)(n ? ids[n - 1] : 0));
		ids[n] = harness_sql_int(
			s, "SELECT min(id) FROM organisation WHERE id > ?1",
			after, NULL);
		if (ids[n] == 0)
			break;
	}
	return n;
}

/* Creates ny-ROLE@test.invalid in org by API; asserts the 201 answer.
 * The new id. */
static int64_t api_create(struct client *admin, const char *role, int64_t org)
{
	struct response r = RESPONSE_INIT;
	struct buf json = BUF_INIT(0), email = BUF_INIT(0);
	int64_t id;
	cJSON *j;

	buf_printf(&email, "ny-%s@test.invalid", role);
	buf_printf(&json,
		   "{\"email\":\"%s\",\"name\":\"Ny %s\",\"role\":\"%s\","
		   "\"organisation_id\":%lld,\"password\":\"%s\"}",
		   email.data, role, role, (long long)org, HARNESS_PASSWORD);
	if (client_api(admin, "POST", "/api/v1/users", json.data, &r) != 201)
		fail_msg("create %s: %ld %s", role, r.status, r.body.data);
	j = response_json(&r);
	id = harness_json_int(j, "id");
	assert_int_equal(id, harness_user_id(admin->srv, email.data));
	assert_string_equal(harness_json_string(j, "email"), email.data);
	assert_string_equal(harness_json_string(j, "role"), role);
	assert_int_equal(harness_json_int(j, "organisation_id"), org);
	assert_true(cJSON_IsTrue(harness_json_at(j, "active")));
	assert_null(harness_json_at(j, "password_hash"));
	cJSON_Delete(j);
	response_free(&r);
	buf_free(&json);
	buf_free(&email);
	return id;
}

static void test_api_creates_users_of_every_role(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN),
		      *probe = client_new(s);
	struct buf email = BUF_INIT(0);
	int64_t orgs[5];
	size_t i;

	assert_int_equal(org_ids(s, orgs, 5), 5);
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		int64_t id = api_create(admin, roles[i], orgs[i % 5]);

		assert_int_equal(audit_by_admin(s, "user.create", id), 1);
		buf_reset(&email);
		buf_printf(&email, "ny-%s@test.invalid", roles[i]);
		assert_int_equal(client_api_login(probe, email.data,
						  HARNESS_PASSWORD, NULL),
				 200);
	}
	buf_free(&email);
	client_free(admin);
	client_free(probe);
}

static void test_page_creates_user_and_shows_it(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0), org = BUF_INIT(0), loc = BUF_INIT(0);
	int64_t id;

	assert_int_equal(client_get(admin, "/users/new", &r), 200);
	buf_printf(&org, "%lld",
		   (long long)org_id(s, "Jobcenter K\xc3\xb8"
					"benhavn"));
	harness_form(&form, "email", "side@test.invalid", "name",
		     "S\xc3\xb8ren Side", "role", "caseworker",
		     "organisation_id", org.data, "password",
		     "page-password-123", NULL);
	assert_int_equal(client_post(admin, "/users", form.data, &r), 303);
	id = harness_user_id(s, "side@test.invalid");
	assert_true(id > 0);
	assert_string_equal(response_header(&r, "Location"),
			    user_path(&loc, "/users/", id, "?saved=1"));
	assert_int_equal(client_get(admin, loc.data, &r), 200);
	assert_true(response_has(&r, "side@test.invalid"));
	assert_true(response_has(&r, "S\xc3\xb8ren Side"));
	assert_int_equal(audit_by_admin(s, "user.create", id), 1);
	assert_int_equal(client_get(admin, "/users", &r), 200);
	assert_true(response_has(&r, "side@test.invalid"));
	response_free(&r);
	buf_free(&form);
	buf_free(&org);
	buf_free(&loc);
	client_free(admin);
}

/* E-mails are unique whatever their case: 409, and no row. */
static void test_duplicate_email_is_409(void **state)
{
	static const char *const emails[] = {HARNESS_CASEWORKER,
					     "SAGSBEHANDLER@Demo.Invalid"};
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf json = BUF_INIT(0), form = BUF_INIT(0);
	int64_t before = user_count(s);
	size_t i;

	for (i = 0; i < sizeof(emails) / sizeof(emails[0]); i++) {
		buf_reset(&json);
		buf_printf(&json,
			   "{\"email\":\"%s\",\"name\":\"Dublet\",\"role\":"
			   "\"mentor\",\"organisation_id\":1,\"password\":"
			   "\"%s\"}",
			   emails[i], HARNESS_PASSWORD);
		client_api(admin, "POST", "/api/v1/users", json.data, &r);
		harness_expect_error(&r, 409, NULL);
		harness_form(&form, "email", emails[i], "name", "Dublet",
			     "role", "mentor", "organisation_id", "1",
			     "password", HARNESS_PASSWORD, NULL);
		assert_int_equal(client_post(admin, "/users", form.data, &r),
				 409);
		assert_true(response_has(&r, "Der findes allerede en bruger"));
	}
	assert_int_equal(user_count(s), before);
	response_free(&r);
	buf_free(&json);
	buf_free(&form);
	client_free(admin);
}

static void test_invalid_user_is_422_with_field(void **state)
{
	static const struct {
		const char *what, *email, *role, *org, *password, *field;
	} cases[] = {
		{"11-character password", "kort@test.invalid", "mentor", "1",
		 "elevenchars", "password"},
		{"unknown organisation", "org@test.invalid", "mentor", "999999",
		 HARNESS_PASSWORD, "organisation_id"},
		{"invalid e-mail", "not-an-email", "mentor", "1",
		 HARNESS_PASSWORD, "email"},
		{"unknown role", "rolle@test.invalid", "boss", "1",
		 HARNESS_PASSWORD, "role"},
	};
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf json = BUF_INIT(0), form = BUF_INIT(0);
	int64_t before = user_count(s);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&json);
		buf_printf(&json,
			   "{\"email\":\"%s\",\"name\":\"Ugyldig\",\"role\":"
			   "\"%s\",\"organisation_id\":%s,\"password\":"
			   "\"%s\"}",
			   cases[i].email, cases[i].role, cases[i].org,
			   cases[i].password);
		client_api(admin, "POST", "/api/v1/users", json.data, &r);
		if (r.status != 422)
			fail_msg("%s: %ld", cases[i].what, r.status);
		harness_expect_error(&r, 422, cases[i].field);
		harness_form(&form, "email", cases[i].email, "name", "Ugyldig",
			     "role", cases[i].role, "organisation_id",
			     cases[i].org, "password", cases[i].password, NULL);
		if (client_post(admin, "/users", form.data, &r) != 422)
			fail_msg("page, %s: %ld", cases[i].what, r.status);
		assert_true(response_has(&r, "error-message"));
	}
	assert_int_equal(user_count(s), before);
	response_free(&r);
	buf_free(&json);
	buf_free(&form);
	client_free(admin);
}

static void test_api_edits_name_role_and_organisation(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0), json = BUF_INIT(0);
	int64_t id = harness_add_user(s, "rediger@test.invalid", "mentor");
	int64_t odense = org_id(s, "Jobcenter Odense");
	char detail[200];
	cJSON *j;

	buf_printf(&json,
		   "{\"name\":\"Nyt Navn\",\"role\":\"instructor\","
		   "\"organisation_id\":%lld}",
		   (long long)odense);
	assert_int_equal(client_api(admin, "PATCH",
				    user_path(&path, "/api/v1/users/", id, ""),
				    json.data, &r),
			 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "name"), "Nyt Navn");
	assert_string_equal(harness_json_string(j, "role"), "instructor");
	assert_int_equal(harness_json_int(j, "organisation_id"), odense);
	cJSON_Delete(j);
	assert_int_equal(audit_by_admin(s, "user.update", id), 1);
	harness_sql_text(s, detail, sizeof(detail),
			 "SELECT detail FROM audit WHERE action = "
			 "'user.update' ORDER BY id DESC LIMIT 1",
			 NULL);
	assert_non_null(strstr(detail, "navn"));
	assert_non_null(strstr(detail, "rolle"));
	assert_non_null(strstr(detail, "organisation"));
	response_free(&r);
	buf_free(&path);
	buf_free(&json);
	client_free(admin);
}

/* The page sends every field of the form. */
static void test_page_edits_every_field(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0), form = BUF_INIT(0);
	int64_t id = harness_add_user(s, "sideret@test.invalid", "mentor");
	char org[32];

	snprintf(org, sizeof(org), "%lld",
		 (long long)org_id(s, "Mestringshuset ApS"));
	harness_form(&form, "email", "sideret-ny@test.invalid", "name",
		     "Sidenavn", "role", "project_leader", "organisation_id",
		     org, NULL);
	assert_int_equal(client_post(admin, user_path(&path, "/users/", id, ""),
				     form.data, &r),
			 303);
	assert_string_equal(response_header(&r, "Location"),
			    user_path(&path, "/users/", id, "?saved=1"));
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM user WHERE "
					 "email = 'sideret-ny@test.invalid' "
					 "AND name = 'Sidenavn' AND role = "
					 "'project_leader' AND "
					 "organisation_id = ?1",
					 org, NULL),
			 1);
	assert_int_equal(audit_by_admin(s, "user.update", id), 1);
	response_free(&r);
	buf_free(&path);
	buf_free(&form);
	client_free(admin);
}

/* Sessions of a user, counted in the database. */
static int64_t sessions_of(struct server *s, int64_t id)
{
	char n[32];

	snprintf(n, sizeof(n), "%lld", (long long)id);
	return harness_sql_int(s,
			       "SELECT count(*) FROM session WHERE "
			       "user_id = ?1",
			       n, NULL);
}

static void test_deactivation_ends_sessions_at_once(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN),
		      *user = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	int64_t id = harness_add_user(s, "deaktiver@test.invalid", "mentor");
	cJSON *j;

	assert_int_equal(client_login(user, "deaktiver@test.invalid",
				      HARNESS_PASSWORD, NULL),
			 303);
	assert_int_equal(client_get(user, "/start", NULL), 200);
	assert_int_equal(client_api(admin, "PATCH",
				    user_path(&path, "/api/v1/users/", id, ""),
				    "{\"active\":false}", &r),
			 200);
	j = response_json(&r);
	assert_true(cJSON_IsFalse(harness_json_at(j, "active")));
	cJSON_Delete(j);
	assert_int_equal(sessions_of(s, id), 0);
	assert_int_equal(client_get(user, "/start", &r), 303);
	assert_string_equal(response_header(&r, "Location"), "/login");
	assert_int_equal(audit_by_admin(s, "user.deactivate", id), 1);
	/* Back again by page; the user can log in. */
	assert_int_equal(
		client_post(admin, user_path(&path, "/users/", id, "/activate"),
			    "", &r),
		303);
	assert_int_equal(audit_by_admin(s, "user.activate", id), 1);
	assert_int_equal(client_login(user, "deaktiver@test.invalid",
				      HARNESS_PASSWORD, NULL),
			 303);
	/* And out again by page. */
	assert_int_equal(
		client_post(admin,
			    user_path(&path, "/users/", id, "/deactivate"), "",
			    &r),
		303);
	assert_int_equal(audit_by_admin(s, "user.deactivate", id), 2);
	assert_int_equal(sessions_of(s, id), 0);
	assert_int_equal(client_get(user, "/start", NULL), 303);
	response_free(&r);
	buf_free(&path);
	client_free(admin);
	client_free(user);
}

static void test_page_password_reset_ends_sessions(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN),
		      *page = client_new(s), *api = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	int64_t id = harness_add_user(s, "nulstil@test.invalid", "caseworker");

	assert_int_equal(client_login(page, "nulstil@test.invalid",
				      HARNESS_PASSWORD, NULL),
			 303);
	assert_int_equal(client_api_login(api, "nulstil@test.invalid",
					  HARNESS_PASSWORD, NULL),
			 200);
	assert_int_equal(sessions_of(s, id), 2);
	/* Too short: refused, sessions kept. */
	assert_int_equal(
		client_post(admin, user_path(&path, "/users/", id, "/password"),
			    "password=elevenchars", &r),
		422);
	assert_int_equal(sessions_of(s, id), 2);
	assert_int_equal(client_post(admin, path.data,
				     "password=reset-by-the-admin", &r),
			 303);
	assert_int_equal(sessions_of(s, id), 0);
	assert_int_equal(client_get(page, "/start", NULL), 303);
	assert_int_equal(client_api(api, "GET", "/api/v1/session", NULL, NULL),
			 401);
	assert_int_equal(audit_by_admin(s, "user.password_reset", id), 1);
	assert_int_equal(client_api_login(api, "nulstil@test.invalid",
					  HARNESS_PASSWORD, NULL),
			 401);
	assert_int_equal(client_api_login(api, "nulstil@test.invalid",
					  "reset-by-the-admin", NULL),
			 200);
	response_free(&r);
	buf_free(&path);
	client_free(admin);
	client_free(page);
	client_free(api);
}

static void test_api_password_reset_ends_sessions(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN),
		      *user = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	int64_t id = harness_add_user(s, "nulstil-api@test.invalid", "mentor");

	assert_int_equal(client_api_login(user, "nulstil-api@test.invalid",
					  HARNESS_PASSWORD, NULL),
			 200);
	client_api(admin, "PATCH", user_path(&path, "/api/v1/users/", id, ""),
		   "{\"password\":\"elevenchars\"}", &r);
	harness_expect_error(&r, 422, "password");
	assert_int_equal(sessions_of(s, id), 1);
	assert_int_equal(client_api(admin, "PATCH", path.data,
				    "{\"password\":\"reset-again-by-api\"}",
				    &r),
			 200);
	assert_int_equal(sessions_of(s, id), 0);
	assert_int_equal(client_api(user, "GET", "/api/v1/session", NULL, NULL),
			 401);
	assert_int_equal(audit_by_admin(s, "user.password_reset", id), 1);
	response_free(&r);
	buf_free(&path);
	client_free(admin);
	client_free(user);
}

/* An admin may not deactivate themselves nor drop their own admin role:
 * 422, and nothing changes or is audited. */
static void test_admin_cannot_lock_themselves_out(void **state)
{
	static const char *const patches[] = {"{\"active\":false}",
					      "{\"role\":\"caseworker\"}"};
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	int64_t id = harness_user_id(s, HARNESS_ADMIN);
	int64_t audit = harness_sql_int(s, "SELECT count(*) FROM audit", NULL);
	size_t i;

	for (i = 0; i < sizeof(patches) / sizeof(patches[0]); i++) {
		client_api(admin, "PATCH",
			   user_path(&path, "/api/v1/users/", id, ""),
			   patches[i], &r);
		harness_expect_error(&r, 422, NULL);
	}
	assert_int_equal(
		client_post(admin,
			    user_path(&path, "/users/", id, "/deactivate"), "",
			    &r),
		422);
	assert_true(response_has(&r, "Du kan ikke deaktivere dig selv"));
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM user WHERE "
					 "email = ?1 AND active = 1 AND "
					 "role = 'admin'",
					 HARNESS_ADMIN, NULL),
			 1);
	assert_int_equal(harness_sql_int(s, "SELECT count(*) FROM audit", NULL),
			 audit);
	assert_int_equal(client_get(admin, "/start", NULL), 200);
	response_free(&r);
	buf_free(&path);
	client_free(admin);
}

/* When the edit page is shown again with an error after a refused
 * deactivation or reset, it still shows the user it is about. */
static void test_refused_action_page_still_shows_the_user(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	int64_t me = harness_user_id(s, HARNESS_ADMIN);
	int64_t other = harness_user_id(s, HARNESS_MENTOR);

	assert_int_equal(
		client_post(admin,
			    user_path(&path, "/users/", me, "/deactivate"), "",
			    &r),
		422);
	if (!response_has(&r, "value=\"" HARNESS_ADMIN "\""))
		fail_msg("the refused deactivation shows an empty form");
	assert_int_equal(
		client_post(admin,
			    user_path(&path, "/users/", other, "/password"),
			    "password=short", &r),
		422);
	if (!response_has(&r, "value=\"" HARNESS_MENTOR "\""))
		fail_msg("the refused password reset shows an empty form");
	response_free(&r);
	buf_free(&path);
	client_free(admin);
}

/* Names are data: shown escaped on every page that lists them. */
static void test_names_are_escaped_on_pages(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	int64_t id = harness_user_id(s, HARNESS_CONSULTANT);
	size_t i;

	assert_int_equal(client_api(admin, "PATCH",
				    user_path(&path, "/api/v1/users/", id, ""),
				    "{\"name\":\"<b onmouseover=x>Kasper\"}",
				    &r),
			 200);
	for (i = 0; i < 2; i++) {
		/* The list, then the user's own page. */
		if (i == 0) {
			buf_reset(&path);
			buf_puts(&path, "/users");
		} else {
			user_path(&path, "/users/", id, "");
		}
		assert_int_equal(client_get(admin, path.data, &r), 200);
		if (response_has(&r, "<b onmouseover") ||
		    !response_has(&r, "&lt;b onmouseover"))
			fail_msg("%s does not escape the name", path.data);
	}
	response_free(&r);
	buf_free(&path);
	client_free(admin);
}

static void test_organisation_create_refuses_duplicates(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	int64_t id;
	cJSON *j;

	assert_int_equal(client_api(admin, "POST", "/api/v1/organisations",
				    "{\"name\":\"Jobcenter Vejle\","
				    "\"kind\":\"job_centre\"}",
				    &r),
			 201);
	j = response_json(&r);
	id = harness_json_int(j, "id");
	assert_string_equal(harness_json_string(j, "name"), "Jobcenter Vejle");
	assert_string_equal(harness_json_string(j, "kind"), "job_centre");
	cJSON_Delete(j);
	assert_int_equal(id, org_id(s, "Jobcenter Vejle"));
	assert_int_equal(audit_by_admin(s, "organisation.create", id), 1);
	/* Names are unique whatever their case, by API and by page. */
	client_api(admin, "POST", "/api/v1/organisations",
		   "{\"name\":\"JOBCENTER vejle\",\"kind\":\"provider\"}", &r);
	harness_expect_error(&r, 409, NULL);
	assert_int_equal(client_post(admin, "/organisations",
				     "name=Jobcenter+Vejle&kind=job_centre",
				     &r),
			 409);
	assert_true(response_has(&r, "Der findes allerede en organisation"));
	client_api(admin, "POST", "/api/v1/organisations",
		   "{\"name\":\"Ukendt Type\",\"kind\":\"bank\"}", &r);
	harness_expect_error(&r, 422, "kind");
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM organisation "
					 "WHERE name LIKE '%vejle' OR name = "
					 "'Ukendt Type'",
					 NULL),
			 1);
	response_free(&r);
	client_free(admin);
}

static void test_organisation_update(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	struct buf path = BUF_INIT(0);
	int64_t id;
	cJSON *j;

	assert_int_equal(client_api(admin, "POST", "/api/v1/organisations",
				    "{\"name\":\"Jobcenter Horsens\","
				    "\"kind\":\"job_centre\"}",
				    NULL),
			 201);
	id = org_id(s, "Jobcenter Horsens");
	buf_printf(&path, "/api/v1/organisations/%lld", (long long)id);
	assert_int_equal(client_api(admin, "PATCH", path.data,
				    "{\"name\":\"Jobcenter Horsens Syd\","
				    "\"kind\":\"job_centre\"}",
				    &r),
			 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "name"),
			    "Jobcenter Horsens Syd");
	cJSON_Delete(j);
	assert_int_equal(audit_by_admin(s, "organisation.update", id), 1);
	/* Another's name is taken; an unknown id is 404. */
	client_api(admin, "PATCH", path.data,
		   "{\"name\":\"Jobcenter Aarhus\",\"kind\":\"job_centre\"}",
		   &r);
	harness_expect_error(&r, 409, NULL);
	client_api(admin, "PATCH", "/api/v1/organisations/999999",
		   "{\"name\":\"Findes Ikke\",\"kind\":\"provider\"}", &r);
	harness_expect_error(&r, 404, NULL);
	assert_int_equal(org_id(s, "Jobcenter Horsens Syd"), id);
	response_free(&r);
	buf_free(&path);
	client_free(admin);
}

static void test_organisations_are_listed(void **state)
{
	struct server *s = *state;
	struct client *admin = fixture_page_login(s, HARNESS_ADMIN);
	struct response r = RESPONSE_INIT;
	const cJSON *item;
	cJSON *j;
	bool listed = false;

	assert_int_equal(client_post(admin, "/organisations",
				     "name=Side+ApS&kind=provider", &r),
			 303);
	assert_string_equal(response_header(&r, "Location"),
			    "/organisations?saved=1");
	assert_int_equal(
		client_api(admin, "GET", "/api/v1/organisations", NULL, &r),
		200);
	j = response_json(&r);
	assert_int_equal(
		cJSON_GetArraySize(harness_json_at(j, "organisations")),
		harness_sql_int(s, "SELECT count(*) FROM organisation", NULL));
	cJSON_ArrayForEach(item, harness_json_at(j, "organisations"))
	{
		if (harness_json_int(item, "id") == org_id(s, "Side ApS"))
			listed = true;
	}
	cJSON_Delete(j);
	assert_true(listed);
	assert_int_equal(client_get(admin, "/organisations", &r), 200);
	assert_true(response_has(&r, "Side ApS"));
	assert_true(response_has(&r, "Mestringshuset ApS"));
	response_free(&r);
	client_free(admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_creates_users_of_every_role),
		cmocka_unit_test(test_page_creates_user_and_shows_it),
		cmocka_unit_test(test_duplicate_email_is_409),
		cmocka_unit_test(test_invalid_user_is_422_with_field),
		cmocka_unit_test(test_api_edits_name_role_and_organisation),
		cmocka_unit_test(test_page_edits_every_field),
		cmocka_unit_test(test_deactivation_ends_sessions_at_once),
		cmocka_unit_test(test_page_password_reset_ends_sessions),
		cmocka_unit_test(test_api_password_reset_ends_sessions),
		cmocka_unit_test(test_admin_cannot_lock_themselves_out),
		cmocka_unit_test(test_refused_action_page_still_shows_the_user),
		cmocka_unit_test(test_names_are_escaped_on_pages),
		cmocka_unit_test(test_organisation_create_refuses_duplicates),
		cmocka_unit_test(test_organisation_update),
		cmocka_unit_test(test_organisations_are_listed),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
