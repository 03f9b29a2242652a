/*
 * HTTP tests of cohorts, their course days and closure days: creating and
 * validating, access by every role, editing days with their history,
 * status changes, closure-day clashes, and the pages.
 */
#include "fixtures.h"
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define LEADER_ODENSE "projektleder.odense@demo.invalid"

/* A Monday at least `weeks` weeks ahead, as ISO text. */
static void future_monday(struct server *s, int weeks, char out[16])
{
	char sql[128];

	snprintf(sql, sizeof(sql),
		 "SELECT date('now', '+%d days', 'weekday 1')", weeks * 7);
	harness_sql_text(s, out, 16, sql, NULL);
}

static int64_t org_id(struct server *s, const char *name)
{
	return harness_sql_int(s, "SELECT id FROM organisation WHERE name = ?1",
			       name, NULL);
}

static int64_t demo_cohort(struct server *s, const char *prefix)
{
	char like[64];

	snprintf(like, sizeof(like), "%s%%", prefix);
	return harness_sql_int(s, "SELECT id FROM cohort WHERE name LIKE ?1",
			       like, NULL);
}

/* Creates a cohort as the demo project leader starting the first working
 * Monday-ish at least `weeks` ahead; returns its id. */
static int64_t create_cohort(struct server *s, struct client *c, int weeks,
			     const char *extra)
{
	struct response r = RESPONSE_INIT;
	char body[1024], day[16];
	cJSON *j;
	int64_t id = 0;
	int tries;

	for (tries = 0; tries < 4 && id == 0; tries++) {
		future_monday(s, weeks + tries, day);
		/* Tuesday: Easter and Whit Monday never fall on it. */
		harness_sql_text(s, day, sizeof(day),
				 "SELECT date(?1, '+1 day')", day, NULL);
		snprintf(body, sizeof(body),
			 "{\"name\": \"Testhold\", \"job_centre_id\": %lld, "
			 "\"provider_id\": %lld, \"venue_name\": \"Huset\", "
			 "\"venue_address\": \"Vejen 1, 8000 Aarhus C\", "
			 "\"first_teaching_day\": \"%s\"%s}",
			 (long long)org_id(s, "Jobcenter Aarhus"),
			 (long long)org_id(s, "Mestringshuset ApS"), day,
			 extra ? extra : "");
		response_free(&r);
		if (client_api(c, "POST", "/api/v1/cohorts", body, &r) == 201) {
			j = response_json(&r);
			id = harness_json_int(j, "id");
			cJSON_Delete(j);
		}
	}
	response_free(&r);
	assert_true(id > 0);
	return id;
}

static void create_uses_defaults_and_derives_the_plan(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char path[64], ids[32];
	const cJSON *days, *d;
	cJSON *j;
	int64_t id = create_cohort(s, c, 10, NULL);
	int teaching = 0, weekly = 0;

	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld", (long long)id);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "status"), "planning");
	assert_int_equal(harness_json_int(j, "capacity"), 10);
	assert_int_equal(harness_json_int(j, "prep_weeks"), 4);
	assert_int_equal(harness_json_int(j, "teaching_weeks"), 4);
	assert_int_equal(harness_json_int(j, "internship_weeks"), 12);
	assert_int_equal(
		cJSON_GetArraySize(harness_json_at(j, "teaching_weekdays")), 4);
	assert_non_null(harness_json_string(j, "phases.preparation.start"));
	assert_non_null(harness_json_string(j, "phases.aftercare.start"));
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "target_group")),
			 5);
	assert_int_equal(harness_json_int(j, "total_weeks"), 20);
	cJSON_Delete(j);
	response_free(&r);

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/days",
		 (long long)id);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	days = harness_json_at(j, "days");
	cJSON_ArrayForEach(d, days)
	{
		const char *kind = harness_json_string(d, "kind");

		teaching += strcmp(kind, "teaching") == 0;
		weekly += strcmp(kind, "weekly_teaching") == 0;
		assert_string_equal(harness_json_string(d, "status"),
				    "planned");
	}
	/* 4 weeks of Monday-Thursday less any holidays; 12 weekly days less
	 * any that fall on one. */
	assert_in_range(teaching, 13, 16);
	assert_in_range(weekly, 10, 12);
	/* No course day falls on a weekend (SQLite: 0 Sunday, 6 Saturday). */
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM course_day "
					 "WHERE cohort_id = ?1 AND "
					 "strftime('%w', date) IN ('0', '6')",
					 ids, NULL),
			 0);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'cohort.create' AND "
					 "subject_id = ?1",
					 ids, NULL),
			 1);
	cJSON_Delete(j);
	response_free(&r);
	client_free(c);
}

static void invalid_cohorts_are_refused_and_nothing_written(void **state)
{
	static const struct {
		const char *extra, *field;
	} cases[] = {
		{", \"capacity\": 7", "capacity"},
		{", \"capacity\": 17", "capacity"},
		{", \"prep_weeks\": 5", "prep_weeks"},
		{", \"teaching_weeks\": 1", "teaching_weeks"},
		{", \"teaching_weekdays\": [6]", "teaching_weekdays"},
		{", \"org_model\": 4", "org_model"},
		{", \"start_time\": \"25:00\"", "start_time"},
	};
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char body[1024], day[16];
	int64_t before = harness_sql_int(s, "SELECT count(*) FROM cohort",
					 NULL);
	size_t i;

	future_monday(s, 10, day);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(body, sizeof(body),
			 "{\"name\": \"X\", \"job_centre_id\": %lld, "
			 "\"provider_id\": %lld, \"venue_name\": \"H\", "
			 "\"venue_address\": \"V\", \"first_teaching_day\": "
			 "\"%s\"%s}",
			 (long long)org_id(s, "Jobcenter Aarhus"),
			 (long long)org_id(s, "Mestringshuset ApS"), day,
			 cases[i].extra);
		client_api(c, "POST", "/api/v1/cohorts", body, &r);
		harness_expect_error(&r, 422, cases[i].field);
		response_free(&r);
	}
	/* A Saturday is no working day. */
	harness_sql_text(s, day, sizeof(day), "SELECT date(?1, '+5 days')", day,
			 NULL);
	snprintf(body, sizeof(body),
		 "{\"name\": \"X\", \"job_centre_id\": %lld, \"provider_id\": "
		 "%lld, \"venue_name\": \"H\", \"venue_address\": \"V\", "
		 "\"first_teaching_day\": \"%s\"}",
		 (long long)org_id(s, "Jobcenter Aarhus"),
		 (long long)org_id(s, "Mestringshuset ApS"), day);
	client_api(c, "POST", "/api/v1/cohorts", body, &r);
	harness_expect_error(&r, 422, "first_teaching_day");
	response_free(&r);
	/* The provider must be a provider. */
	snprintf(body, sizeof(body),
		 "{\"name\": \"X\", \"job_centre_id\": %lld, \"provider_id\": "
		 "%lld, \"venue_name\": \"H\", \"venue_address\": \"V\", "
		 "\"first_teaching_day\": \"2030-01-08\"}",
		 (long long)org_id(s, "Jobcenter Aarhus"),
		 (long long)org_id(s, "Jobcenter Odense"));
	client_api(c, "POST", "/api/v1/cohorts", body, &r);
	harness_expect_error(&r, 422, "provider_id");
	response_free(&r);
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM cohort", NULL),
		before);
	client_free(c);
}

static long get_as(struct server *s, const char *email, const char *path)
{
	struct client *c = client_new(s);
	long status;

	assert_int_equal(client_api_login(c, email, HARNESS_PASSWORD, NULL),
			 200);
	status = client_api(c, "GET", path, NULL, NULL);
	client_free(c);
	return status;
}

static void each_role_sees_only_its_cohorts(void **state)
{
	struct server *s = *state;
	int64_t aarhus = demo_cohort(s, "Aarhus sensommer");
	int64_t odense = demo_cohort(s, "Odense efterår");
	char a[64], o[64];

	snprintf(a, sizeof(a), "/api/v1/cohorts/%lld", (long long)aarhus);
	snprintf(o, sizeof(o), "/api/v1/cohorts/%lld", (long long)odense);
	/* Project leaders: their organisation's cohorts, 404 for others. */
	assert_int_equal(get_as(s, HARNESS_LEADER, a), 200);
	assert_int_equal(get_as(s, LEADER_ODENSE, a), 404);
	assert_int_equal(get_as(s, LEADER_ODENSE, o), 200);
	/* A caseworker of Jobcenter Aarhus sees Aarhus, not Odense. */
	assert_int_equal(get_as(s, HARNESS_CASEWORKER, a), 200);
	assert_int_equal(get_as(s, HARNESS_CASEWORKER, o), 404);
	/* Instructors and mentors: cohorts they staff. The demo instructor
	 * teaches Aarhus sensommer but not Odense efterår. */
	assert_int_equal(get_as(s, HARNESS_INSTRUCTOR, a), 200);
	assert_int_equal(get_as(s, HARNESS_INSTRUCTOR, o), 404);
	assert_int_equal(get_as(s, HARNESS_MENTOR, a), 404);
	assert_int_equal(get_as(s, HARNESS_MENTOR, o), 200);
	/* The administrator sees no cohorts at all. */
	assert_int_equal(get_as(s, HARNESS_ADMIN, "/api/v1/cohorts"), 403);
}

static void only_project_leaders_change_cohorts(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char path[64];

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld",
		 (long long)demo_cohort(s, "Aarhus sensommer"));
	assert_int_equal(
		client_api_login(c, HARNESS_INSTRUCTOR, HARNESS_PASSWORD, NULL),
		200);
	assert_int_equal(client_api(c, "PATCH", path, "{\"capacity\": 12}", &r),
			 403);
	response_free(&r);
	assert_int_equal(client_api(c, "POST", "/api/v1/cohorts", "{}", &r),
			 403);
	response_free(&r);
	client_free(c);
	/* The Odense leader cannot change an Aarhus cohort either. */
	c = client_new(s);
	assert_int_equal(
		client_api_login(c, LEADER_ODENSE, HARNESS_PASSWORD, NULL),
		200);
	assert_int_equal(
		client_api(c, "PATCH", path, "{\"capacity\": 12}", NULL), 404);
	client_free(c);
}

/* The id of a future planned teaching day of the cohort. */
static int64_t future_day(struct server *s, int64_t cohort)
{
	char id[32];

	snprintf(id, sizeof(id), "%lld", (long long)cohort);
	return harness_sql_int(s,
			       "SELECT id FROM course_day WHERE cohort_id = ?1 "
			       "AND kind = 'teaching' AND status = 'planned' "
			       "AND date > date('now', '+1 day') ORDER BY date "
			       "LIMIT 1",
			       id, NULL);
}

static void days_move_cancel_and_restore_with_history(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = create_cohort(s, c, 20, NULL);
	int64_t day = future_day(s, cohort);
	char path[64], body[128], to[16], ids[32];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/days/%lld", (long long)day);
	snprintf(ids, sizeof(ids), "%lld", (long long)day);
	/* Friday of the same week is free in a Monday-Thursday plan. */
	harness_sql_text(s, to, sizeof(to),
			 "SELECT date(date, 'weekday 5') FROM course_day "
			 "WHERE id = ?1",
			 ids, NULL);
	snprintf(body, sizeof(body),
		 "{\"date\": \"%s\", \"reason\": \"Lokalet "
		 "er optaget\"}",
		 to);
	assert_int_equal(client_api(c, "PATCH", path, body, &r), 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "status"), "moved");
	assert_string_equal(harness_json_string(j, "date"), to);
	assert_int_equal(harness_json_int(j, "sequence"), 1);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "history")), 1);
	cJSON_Delete(j);
	response_free(&r);

	/* Weekends and cancelling without a reason are refused. */
	harness_sql_text(s, to, sizeof(to), "SELECT date(?1, '+1 day')", to,
			 NULL);
	snprintf(body, sizeof(body), "{\"date\": \"%s\"}", to);
	client_api(c, "PATCH", path, body, &r);
	harness_expect_error(&r, 422, NULL);
	response_free(&r);
	client_api(c, "PATCH", path, "{\"status\": \"cancelled\"}", &r);
	harness_expect_error(&r, 422, NULL);
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT sequence FROM course_day "
					 "WHERE id = ?1",
					 ids, NULL),
			 1);

	assert_int_equal(client_api(c, "PATCH", path,
				    "{\"status\": \"cancelled\", "
				    "\"cancel_reason\": \"Underviser syg\"}",
				    &r),
			 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "status"), "cancelled");
	assert_string_equal(harness_json_string(j, "cancel_reason"),
			    "Underviser syg");
	assert_int_equal(harness_json_int(j, "sequence"), 2);
	cJSON_Delete(j);
	response_free(&r);
	/* A cancelled day cannot be moved until it is restored. */
	client_api(c, "PATCH", path, "{\"start\": \"10:00\"}", &r);
	harness_expect_error(&r, 422, NULL);
	response_free(&r);
	assert_int_equal(
		client_api(c, "PATCH", path, "{\"status\": \"planned\"}", &r),
		200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "status"), "moved");
	assert_int_equal(harness_json_int(j, "sequence"), 3);
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'day.change' AND "
					 "subject_id = ?1",
					 ids, NULL),
			 3);
	client_free(c);
}

static void cohort_status_follows_its_rules(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	int64_t id = create_cohort(s, c, 30, NULL);
	char path[64];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld", (long long)id);
	client_api(c, "PATCH", path, "{\"status\": \"running\"}", &r);
	harness_expect_error(&r, 422, "status");
	response_free(&r);
	client_api(c, "PATCH", path, "{\"status\": \"cancelled\"}", &r);
	harness_expect_error(&r, 422, "status");
	response_free(&r);
	assert_int_equal(client_api(c, "PATCH", path,
				    "{\"status\": \"referral_open\"}", &r),
			 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "status"), "referral_open");
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(client_api(c, "PATCH", path,
				    "{\"status\": \"cancelled\", "
				    "\"cancel_reason\": \"For få henviste\"}",
				    &r),
			 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "status"), "cancelled");
	cJSON_Delete(j);
	response_free(&r);
	/* The list filters by status. */
	assert_int_equal(client_api(c, "GET",
				    "/api/v1/cohorts?status=cancelled", NULL,
				    &r),
			 200);
	assert_true(response_has(&r, "For få henviste") ||
		    response_has(&r, "\"cancelled\""));
	assert_false(response_has(&r, "\"running\""));
	response_free(&r);
	client_free(c);
}

static void plan_of_a_started_cohort_cannot_change(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char path[64];
	int64_t id = demo_cohort(s, "Aarhus sensommer");
	int64_t days = harness_sql_int(s, "SELECT count(*) FROM course_day",
				       NULL);

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld", (long long)id);
	client_api(c, "PATCH", path, "{\"teaching_weeks\": 2}", &r);
	harness_expect_error(&r, 422, NULL);
	response_free(&r);
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM course_day", NULL),
		days);
	/* Capacity may still change, within its bounds. */
	assert_int_equal(client_api(c, "PATCH", path, "{\"capacity\": 12}", &r),
			 200);
	response_free(&r);
	client_free(c);
}

static void closure_day_on_a_course_day_needs_a_decision(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = create_cohort(s, c, 40, NULL);
	int64_t day = future_day(s, cohort);
	char path[80], body[512], date[16], ids[32], cid[32];
	cJSON *j;

	snprintf(ids, sizeof(ids), "%lld", (long long)day);
	snprintf(cid, sizeof(cid), "%lld", (long long)cohort);
	harness_sql_text(s, date, sizeof(date),
			 "SELECT date FROM course_day WHERE id = ?1", ids,
			 NULL);
	snprintf(body, sizeof(body),
		 "{\"closures\": [{\"date\": \"%s\", \"reason\": \"Lokalet "
		 "lukket\"}]}",
		 date);
	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/closures/preview",
		 (long long)cohort);
	assert_int_equal(client_api(c, "POST", path, body, &r), 200);
	j = response_json(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "clashes")), 1);
	assert_int_equal(
		harness_json_int(
			cJSON_GetArrayItem(harness_json_at(j, "clashes"), 0),
			"day_id"),
		day);
	cJSON_Delete(j);
	response_free(&r);
	/* The preview wrote nothing; applying without a decision neither. */
	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/closures",
		 (long long)cohort);
	client_api(c, "POST", path, body, &r);
	harness_expect_error(&r, 422, "resolutions");
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM closure_day "
					 "WHERE cohort_id = ?1",
					 cid, NULL),
			 0);
	snprintf(body, sizeof(body),
		 "{\"closures\": [{\"date\": \"%s\", \"reason\": \"Lokalet "
		 "lukket\"}], \"resolutions\": [{\"day_id\": %lld, "
		 "\"action\": \"cancel\"}]}",
		 date, (long long)day);
	assert_int_equal(client_api(c, "POST", path, body, &r), 200);
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM closure_day "
					 "WHERE cohort_id = ?1",
					 cid, NULL),
			 1);
	harness_sql_text(s, date, sizeof(date),
			 "SELECT status FROM course_day WHERE id = ?1", ids,
			 NULL);
	assert_string_equal(date, "cancelled");
	client_free(c);
}

static void instructor_on_two_cohorts_the_same_day_is_flagged(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	int64_t a = create_cohort(s, c, 50, NULL);
	int64_t b = create_cohort(s, c, 50, NULL);
	int64_t teacher = harness_user_id(s, "psykolog.henrik@demo.invalid");
	char path[64], fields[96];
	cJSON *j;

	client_free(c);
	c = client_new(s);
	assert_int_equal(
		client_login(c, HARNESS_LEADER, HARNESS_PASSWORD, NULL), 303);
	snprintf(fields, sizeof(fields), "user_id=%lld&role=instructor",
		 (long long)teacher);
	snprintf(path, sizeof(path), "/cohorts/%lld/staff", (long long)a);
	assert_int_equal(client_post(c, path, fields, NULL), 303);
	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld", (long long)a);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	assert_int_equal(
		cJSON_GetArraySize(harness_json_at(j, "instructor_conflicts")),
		0);
	cJSON_Delete(j);
	response_free(&r);
	snprintf(path, sizeof(path), "/cohorts/%lld/staff", (long long)b);
	assert_int_equal(client_post(c, path, fields, NULL), 303);
	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld", (long long)a);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	assert_true(cJSON_GetArraySize(
			    harness_json_at(j, "instructor_conflicts")) > 0);
	assert_string_equal(
		harness_json_string(
			cJSON_GetArrayItem(harness_json_at(j, "instructor_"
							      "conflicts"),
					   0),
			"instructor"),
		"Henrik Bach");
	cJSON_Delete(j);
	response_free(&r);
	snprintf(path, sizeof(path), "/cohorts/%lld", (long long)a);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Henrik Bach underviser også"));
	response_free(&r);
	/* A mentor account cannot be put on the staff as an instructor. */
	snprintf(fields, sizeof(fields), "user_id=%lld&role=instructor",
		 (long long)harness_user_id(s, HARNESS_MENTOR));
	snprintf(path, sizeof(path), "/cohorts/%lld/staff", (long long)a);
	assert_int_equal(client_post(c, path, fields, NULL), 422);
	client_free(c);
}

static void import_from_the_servers_own_network_is_refused(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char path[80], body[160];
	int64_t id = demo_cohort(s, "København forår");
	int64_t before = harness_sql_int(s, "SELECT count(*) FROM closure_day",
					 NULL);

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/closures/preview",
		 (long long)id);
	client_free(c);
	c = client_new(s);
	assert_int_equal(client_api_login(c, "projektleder.kbh@demo.invalid",
					  HARNESS_PASSWORD, NULL),
			 200);
	snprintf(body, sizeof(body), "{\"url\": \"%s/healthz\"}", s->base);
	client_api(c, "POST", path, body, &r);
	harness_expect_error(&r, 422, "url");
	assert_true(response_has(&r, "internt netv"));
	response_free(&r);
	client_api(c, "POST", path, "{\"url\": \"ftp://example.org/x.ics\"}",
		   &r);
	harness_expect_error(&r, 422, "url");
	response_free(&r);
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM closure_day", NULL),
		before);
	client_free(c);
}

static void pages_show_cohorts_timeline_and_days(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	char path[64];
	int64_t id = demo_cohort(s, "Aarhus sensommer");

	assert_int_equal(
		client_login(c, HARNESS_LEADER, HARNESS_PASSWORD, NULL), 303);
	assert_int_equal(client_get(c, "/cohorts", &r), 200);
	assert_true(response_has(&r, "Aarhus sensommer"));
	assert_true(response_has(&r, "Nyt hold"));
	response_free(&r);
	assert_int_equal(client_get(c, "/cohorts?status=cancelled", &r), 200);
	assert_true(response_has(&r, "Aarhus vinter"));
	assert_false(response_has(&r, "Aarhus sensommer"));
	response_free(&r);
	snprintf(path, sizeof(path), "/cohorts/%lld", (long long)id);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Praktik og opfølgning"));
	assert_true(response_has(&r, "timeline.svg"));
	/* Staff to add come from the cohort's own organisations (and the
	 * psychiatry partners), not from another job centre. */
	assert_true(response_has(&r, "Henrik Bach (Underviser"));
	assert_true(response_has(&r, "Jonas Madsen (Mentor"));
	assert_false(response_has(&r, "Peter Vinther"));
	assert_true(response_has(&r, "Undervisning"));
	response_free(&r);
	snprintf(path, sizeof(path), "/cohorts/%lld/timeline.svg",
		 (long long)id);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_string_equal(response_header(&r, "Content-Type"),
			    "image/svg+xml");
	assert_true(response_has(&r, "<svg"));
	assert_true(response_has(&r, "I dag"));
	response_free(&r);
	snprintf(path, sizeof(path), "/cohorts/%lld/capacity.svg",
		 (long long)id);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "<svg"));
	response_free(&r);
	assert_int_equal(client_get(c, "/cohorts/new", &r), 200);
	assert_true(response_has(&r, "ADHD, angst eller depression"));
	response_free(&r);
	client_free(c);
}

static void page_create_shows_danish_errors(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf f = BUF_INIT(0);
	int64_t before = harness_sql_int(s, "SELECT count(*) FROM cohort",
					 NULL);
	char jc[32], pr[32];

	snprintf(jc, sizeof(jc), "%lld",
		 (long long)org_id(s, "Jobcenter Aarhus"));
	snprintf(pr, sizeof(pr), "%lld",
		 (long long)org_id(s, "Mestringshuset ApS"));
	assert_int_equal(
		client_login(c, HARNESS_LEADER, HARNESS_PASSWORD, NULL), 303);
	harness_form(&f, "name", "Sidehold", "job_centre_id", jc, "provider_id",
		     pr, "venue_name", "Huset", "venue_address", "Vej 2",
		     "first_teaching_day", "2031-01-07", "capacity", "20",
		     NULL);
	assert_int_equal(client_post(c, "/cohorts", f.data, &r), 422);
	assert_true(response_has(&r, "Antal pladser"));
	response_free(&r);
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM cohort", NULL),
		before);
	buf_free(&f);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_uses_defaults_and_derives_the_plan),
		cmocka_unit_test(
			invalid_cohorts_are_refused_and_nothing_written),
		cmocka_unit_test(each_role_sees_only_its_cohorts),
		cmocka_unit_test(only_project_leaders_change_cohorts),
		cmocka_unit_test(days_move_cancel_and_restore_with_history),
		cmocka_unit_test(cohort_status_follows_its_rules),
		cmocka_unit_test(plan_of_a_started_cohort_cannot_change),
		cmocka_unit_test(closure_day_on_a_course_day_needs_a_decision),
		cmocka_unit_test(
			instructor_on_two_cohorts_the_same_day_is_flagged),
		cmocka_unit_test(
			import_from_the_servers_own_network_is_refused),
		cmocka_unit_test(pages_show_cohorts_timeline_and_days),
		cmocka_unit_test(page_create_shows_danish_errors),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
