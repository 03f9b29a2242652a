/*
 * HTTP tests of an internship's step-up plan: the page and its picture,
 * the generator and the week form, the API's generate and weeks, every
 * refusal (hours on the teaching day, above 37 a week, outside the
 * internship's dates, not whole or half hours, a change without a reason,
 * an ended internship, a role that may not) answering in Danish and
 * writing nothing, the history with who and why, the sequence moved for
 * the calendars, and the audit of reads and changes.
 */
#include "fixtures.h"
#include "fixtures_internship.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define COHORT "Testhold optrapningsplan"

static const char *const day_keys[5] = {"mon", "tue", "wed", "thu", "fri"};

/* A new participant of the demo caseworker on COHORT, mentored by the demo
 * mentor, with a planned internship three weeks on. Its id into *pid. */
static int64_t new_internship(struct server *s, const char *name, int64_t *pid)
{
	static unsigned n;
	char cpr[12], id[24];

	n++;
	fixture_cpr(1 + n % 28, 9, 1988, 5200 + n, cpr, NULL);
	*pid = fixture_demo_participant(s, COHORT, name, cpr);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE participant SET mentor_id = "
					  "(SELECT id FROM user WHERE email = "
					  "?1) WHERE id = ?2",
					  HARNESS_MENTOR, fixture_num(*pid, id),
					  NULL),
			 0);
	return fixture_internship(s, *pid, 3);
}

static int64_t scalar(struct server *s, const char *sql, int64_t id)
{
	char a[24];

	return harness_sql_int(s, sql, fixture_num(id, a), NULL);
}

static int64_t sequence(struct server *s, int64_t id)
{
	return scalar(s, "SELECT sequence FROM internship WHERE id = ?1", id);
}

static int64_t changes(struct server *s, int64_t id)
{
	return scalar(s,
		      "SELECT count(*) FROM internship_week_change WHERE "
		      "internship_id = ?1",
		      id);
}

static int teaching_day(struct server *s, int64_t id)
{
	return (int)scalar(s,
			   "SELECT teaching_weekday FROM internship WHERE id = "
			   "?1",
			   id);
}

static long put(struct client *c, int64_t id, const char *json,
		struct response *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/internships/%lld/plan",
		 (long long)id);
	return client_api(c, "PUT", path, json, r);
}

static long get_api(struct client *c, int64_t id, struct response *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/internships/%lld/plan",
		 (long long)id);
	return client_api(c, "GET", path, NULL, r);
}

static long get_page(struct client *c, int64_t id, const char *query,
		     struct response *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/internships/%lld/plan%s", (long long)id,
		 query ? query : "");
	return client_get(c, path, r);
}

static long post_page(struct client *c, int64_t id, const char *fields,
		      struct response *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/internships/%lld/plan", (long long)id);
	return client_post(c, path, fields, r);
}

#define GENERATE                                                               \
	"{\"generate\": {\"from\": {\"days\": 2, \"hours\": 3}, \"to\": "      \
	"{\"days\": 4, \"hours\": 6}}}"

/* The API's generation: 2 x 3 hours rising to 4 x 6 over twelve weeks,
 * never on the teaching day, the sequence moved, audited. */
static void api_generates_the_plan(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	int64_t pid, id = new_internship(s, "Plan Generering", &pid);
	const cJSON *weeks, *w;
	int teach = teaching_day(s, id), k = 0;
	char path[32];
	cJSON *j;

	assert_int_equal(put(c, id, GENERATE, &r), 200);
	j = response_json(&r);
	weeks = harness_json_at(j, "weeks");
	assert_int_equal(cJSON_GetArraySize(weeks), 12);
	cJSON_ArrayForEach(w, weeks)
	{
		k++;
		snprintf(path, sizeof(path), "hours.%s", day_keys[teach - 1]);
		assert_int_equal(harness_json_int(w, path), 0);
		assert_int_equal(harness_json_int(w, "week"), k);
		assert_int_equal(harness_json_int(w, "version"), 1);
	}
	w = cJSON_GetArrayItem(weeks, 0);
	assert_int_equal(harness_json_int(w, "total"), 6);
	assert_string_equal(harness_json_string(w, "dimensions.setting"),
			    "hold");
	assert_true(cJSON_IsNull(harness_json_at(w, "meeting")));
	w = cJSON_GetArrayItem(weeks, 11);
	assert_int_equal(harness_json_int(w, "total"), 24);
	assert_string_equal(harness_json_string(j, "teaching_day"),
			    day_keys[teach - 1]);
	assert_int_equal(harness_json_int(j, "week_hours_max"), 37);
	assert_int_equal(harness_json_int(j, "sequence"), 1);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "history")), 12);
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(sequence(s, id), 1);
	assert_int_equal(scalar(s,
				"SELECT count(*) FROM internship_week WHERE "
				"internship_id = ?1",
				id),
			 12);
	assert_true(scalar(s, FIXTURE_AUDITED("participant.plan_update"),
			   pid) == 1);
	assert_true(scalar(s, FIXTURE_AUDITED("participant.internship_read"),
			   pid) >= 1);
	/* A bad pattern: five days a week leaves no teaching day. */
	assert_int_equal(put(c, id,
			     "{\"generate\": {\"from\": {\"days\": 5, "
			     "\"hours\": 3}, \"to\": {\"days\": 4, \"hours\": "
			     "6}}, \"reason\": \"Igen\"}",
			     &r),
			 422);
	harness_expect_error(&r, 422, "from_days");
	response_free(&r);
	assert_int_equal(sequence(s, id), 1);
}

/* One week as the API puts it. */
static void week_json(char *out, size_t len, int week, const char *hours,
		      const char *extra)
{
	snprintf(out, len, "{\"weeks\": [{\"week\": %d, \"hours\": {%s}%s}]%s",
		 week, hours, "", extra ? extra : "}");
}

/* Every refusal of the API answers 422 in Danish, naming the week and
 * the day, and writes nothing. */
static void api_refuses_bad_weeks_and_writes_nothing(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	int64_t pid, id = new_internship(s, "Plan Afvisning", &pid);
	int teach = teaching_day(s, id), other = teach == 1 ? 2 : 1;
	char body[512], hours[160];
	int64_t before;
	cJSON *j;
	int k;

	assert_int_equal(put(c, id, GENERATE, &r), 200);
	response_free(&r);
	before = changes(s, id);
	/* Hours on the teaching day. */
	snprintf(hours, sizeof(hours), "\"%s\": 3", day_keys[teach - 1]);
	week_json(body, sizeof(body), 2, hours, ", \"reason\": \"Mere tid\"}");
	assert_int_equal(put(c, id, body, &r), 422);
	harness_expect_error(&r, 422, day_keys[teach - 1]);
	j = response_json(&r);
	assert_non_null(
		strstr(harness_json_string(j, "error.message"), "Uge 2, "));
	assert_non_null(strstr(harness_json_string(j, "error.message"),
			       "undervisningsdag"));
	cJSON_Delete(j);
	response_free(&r);
	/* Above 37 hours a week. */
	hours[0] = '\0';
	for (k = 0; k < 5; k++)
		if (k + 1 != teach)
			snprintf(hours + strlen(hours),
				 sizeof(hours) - strlen(hours), "%s\"%s\": 10",
				 hours[0] ? ", " : "", day_keys[k]);
	week_json(body, sizeof(body), 3, hours, ", \"reason\": \"Mere tid\"}");
	assert_int_equal(put(c, id, body, &r), 422);
	harness_expect_error(&r, 422, "hours");
	assert_true(response_has(&r, "Uge 3 har 40 timer, men en praktik må "
				     "højst have 37 timer om ugen."));
	response_free(&r);
	/* Outside the dates: a thirteenth week. */
	week_json(body, sizeof(body), 13, "\"mon\": 3",
		  ", \"reason\": \"Længere\"}");
	assert_int_equal(put(c, id, body, &r), 422);
	assert_true(response_has(&r, "Uge 13 ligger uden for praktikken, som "
				     "har uge 1 til 12."));
	response_free(&r);
	/* Not whole or half hours. */
	snprintf(hours, sizeof(hours), "\"%s\": 3.25", day_keys[other - 1]);
	week_json(body, sizeof(body), 4, hours, ", \"reason\": \"Kvart\"}");
	assert_int_equal(put(c, id, body, &r), 422);
	harness_expect_error(&r, 422, day_keys[other - 1]);
	assert_true(response_has(&r, "hele eller halve timer"));
	response_free(&r);
	/* A change of the plan needs a reason. */
	snprintf(hours, sizeof(hours), "\"%s\": 2.5", day_keys[other - 1]);
	week_json(body, sizeof(body), 4, hours, NULL);
	assert_int_equal(put(c, id, body, &r), 422);
	harness_expect_error(&r, 422, "reason");
	assert_true(
		response_has(&r, "Skriv hvorfor optrapningsplanen ændres."));
	response_free(&r);
	/* Neither weeks nor a generation. */
	assert_int_equal(put(c, id, "{\"reason\": \"x\"}", &r), 422);
	harness_expect_error(&r, 422, "weeks");
	response_free(&r);
	assert_int_equal(changes(s, id), before);
	assert_int_equal(sequence(s, id), 1);
	assert_int_equal(
		scalar(s,
		       "SELECT max(version) FROM internship_week WHERE "
		       "internship_id = ?1",
		       id),
		1);
}

/* PUTs plan's weeks (a GET's answer) back as c, asserting 200. */
static void put_back(struct client *c, int64_t id, const cJSON *plan)
{
	struct response r = RESPONSE_INIT;
	cJSON *back = cJSON_CreateObject();
	char *text;

	cJSON_AddItemToObject(
		back, "weeks",
		cJSON_Duplicate(harness_json_at(plan, "weeks"), 1));
	text = cJSON_PrintUnformatted(back);
	if (put(c, id, text, &r) != 200)
		fail_msg("%ld %s", r.status, r.body.data);
	response_free(&r);
	cJSON_free(text);
	cJSON_Delete(back);
}

/* A week changed with a reason: the version and sequence move, and the
 * history keeps who, why and the hours before and after; reduced hours
 * and the meeting and dimensions come back through the API. */
static void api_change_is_kept_with_who_and_why(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct client *m = fixture_as(s, HARNESS_MENTOR);
	struct response r = RESPONSE_INIT;
	int64_t pid, id = new_internship(s, "Plan Historik", &pid);
	int teach = teaching_day(s, id), other = teach == 1 ? 2 : 1;
	char body[768], monday[16], meeting[16], path[48];
	const cJSON *w, *h;
	cJSON *j;

	assert_int_equal(put(c, id, GENERATE, &r), 200);
	j = response_json(&r);
	snprintf(monday, sizeof(monday), "%s",
		 harness_json_string(
			 cJSON_GetArrayItem(harness_json_at(j, "weeks"), 4),
			 "monday"));
	cJSON_Delete(j);
	response_free(&r);
	harness_sql_text(s, meeting, sizeof(meeting),
			 "SELECT date(?1, '+3 days')", monday, NULL);
	snprintf(
		body, sizeof(body),
		"{\"weeks\": [{\"week\": 5, \"hours\": {\"%s\": 1.5}, "
		"\"dimensions\": {\"hours\": \"down\", \"tasks\": \"up\"}, "
		"\"meeting\": {\"date\": \"%s\", \"time\": \"10:00\", \"who\": "
		"\"Borger, kontaktperson og konsulent\"}, \"version\": 1}], "
		"\"reason\": \"Borgeren er træt om morgenen\"}",
		day_keys[other - 1], meeting);
	assert_int_equal(put(c, id, body, &r), 200);
	j = response_json(&r);
	w = cJSON_GetArrayItem(harness_json_at(j, "weeks"), 4);
	snprintf(path, sizeof(path), "hours.%s", day_keys[other - 1]);
	assert_true(cJSON_GetNumberValue(harness_json_at(w, path)) == 1.5);
	assert_int_equal(harness_json_int(w, "version"), 2);
	assert_string_equal(harness_json_string(w, "dimensions.hours"), "down");
	assert_string_equal(harness_json_string(w, "dimensions.tasks"), "up");
	assert_string_equal(harness_json_string(w, "meeting.date"), meeting);
	assert_string_equal(harness_json_string(w, "meeting.time"), "10:00");
	assert_int_equal(harness_json_int(j, "sequence"), 2);
	h = cJSON_GetArrayItem(harness_json_at(j, "history"), 0);
	assert_int_equal(harness_json_int(h, "week"), 5);
	assert_string_equal(harness_json_string(h, "actor"),
			    HARNESS_CASEWORKER);
	assert_string_equal(harness_json_string(h, "reason"),
			    "Borgeren er træt om morgenen");
	assert_true(cJSON_IsFalse(harness_json_at(h, "created")));
	snprintf(path, sizeof(path), "after.%s", day_keys[other - 1]);
	assert_true(cJSON_GetNumberValue(harness_json_at(h, path)) == 1.5);
	cJSON_Delete(j);
	response_free(&r);
	/* What GET answers, put back: nothing changes, nothing is written. */
	assert_int_equal(get_api(c, id, &r), 200);
	j = response_json(&r);
	response_free(&r);
	put_back(c, id, j);
	cJSON_Delete(j);
	assert_int_equal(sequence(s, id), 2);
	/* A member the plan does not have is refused, not dropped. */
	assert_int_equal(put(c, id,
			     "{\"weeks\": [{\"week\": 5, \"hours\": {\"sat\": "
			     "3}}], \"reason\": \"Lørdag\"}",
			     &r),
			 422);
	assert_true(
		response_has(&r, "feltet \\\"sat\\\", som en plan ikke har"));
	response_free(&r);
	assert_int_equal(put(c, id, "{\"weeks\": [], \"hvorfor\": \"x\"}", &r),
			 422);
	assert_true(response_has(&r, "kendes ikke"));
	response_free(&r);
	assert_int_equal(sequence(s, id), 2);
	/* The same version again is a conflict. */
	assert_int_equal(put(c, id, body, &r), 409);
	response_free(&r);
	assert_int_equal(sequence(s, id), 2);
	/* The mentor reads the plan, not the reasons. */
	assert_int_equal(get_api(m, id, &r), 200);
	j = response_json(&r);
	h = cJSON_GetArrayItem(harness_json_at(j, "history"), 0);
	assert_string_equal(harness_json_string(h, "reason"), "");
	cJSON_Delete(j);
	assert_false(response_has(&r, "træt"));
	response_free(&r);
	/* The page shows the change, the meeting and the picture. */
	assert_int_equal(get_page(c, id, "?week=5", &r), 200);
	assert_true(response_has(&r, "Borgeren er træt om morgenen"));
	assert_true(response_has(&r, "Borger, kontaktperson og konsulent"));
	assert_true(response_has(&r, "<svg"));
	assert_true(response_has(&r, "Optrapningsplan i 12 uger"));
	assert_true(response_has(&r, "<caption>Optrapningsplan: timer pr. "
				     "dag</caption>"));
	assert_true(response_has(&r, "<br>undervisning</th>"));
	assert_true(response_has(&r, "Ret uge 5"));
	response_free(&r);
}

/* The page: a first plan generated by the project leader, a week saved
 * by the consultant with a reason, a refusal shown again in Danish with
 * nothing written, and the form with its CSRF token. */
static void page_generates_edits_and_refuses(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct client *l = fixture_as(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	int64_t pid, id = new_internship(s, "Plan Side", &pid);
	int teach = teaching_day(s, id), other = teach == 1 ? 2 : 1;
	struct buf f = BUF_INIT(0);
	char name[8], csrf[80];
	int64_t before;

	assert_int_equal(get_page(c, id, NULL, &r), 200);
	assert_true(response_has(&r, "Der er ingen optrapningsplan endnu."));
	assert_int_equal(harness_page_csrf(r.body.data, csrf, sizeof(csrf)), 0);
	assert_true(response_has(&r, "name=\"from_days\""));
	response_free(&r);
	assert_int_equal(
		post_page(l, id,
			  harness_form(&f, "action", "generate", "from_days",
				       "2", "from_hours", "3", "to_days", "4",
				       "to_hours", "6,5", NULL),
			  &r),
		303);
	assert_non_null(response_header(&r, "Location"));
	response_free(&r);
	assert_int_equal(sequence(s, id), 1);
	assert_int_equal(scalar(s,
				"SELECT max(mon + tue + wed + thu + fri) FROM "
				"internship_week WHERE internship_id = ?1",
				id),
			 4 * 390);
	/* A week with hours on the teaching day: shown again, nothing
	 * written. */
	before = changes(s, id);
	snprintf(name, sizeof(name), "%s", day_keys[teach - 1]);
	assert_int_equal(
		post_page(c, id,
			  harness_form(&f, "action", "week", "week", "2", name,
				       "3", "reason", "Prøve", NULL),
			  &r),
		422);
	assert_true(response_has(&r, "Uge 2, "));
	assert_true(response_has(&r, "undervisningsdag"));
	assert_true(response_has(&r, "role=\"alert\""));
	response_free(&r);
	assert_int_equal(changes(s, id), before);
	/* Not a number of hours. */
	snprintf(name, sizeof(name), "%s", day_keys[other - 1]);
	assert_int_equal(
		post_page(c, id,
			  harness_form(&f, "action", "week", "week", "2", name,
				       "tre", "reason", "Prøve", NULL),
			  &r),
		422);
	assert_true(response_has(&r, "skriv timerne som hele eller halve"));
	response_free(&r);
	/* A real change with a reason. */
	assert_int_equal(
		post_page(c, id,
			  harness_form(&f, "action", "week", "week", "2", name,
				       "2,5", "dim_setting", "up",
				       "meeting_time", "09:30", "reason",
				       "Ny arbejdsplads", NULL),
			  &r),
		422); /* a time without a day */
	assert_true(response_has(&r, "statusmødet skal have en dato"));
	response_free(&r);
	assert_int_equal(
		post_page(c, id,
			  harness_form(&f, "action", "week", "week", "2", name,
				       "2,5", "dim_setting", "up", "reason",
				       "Ny arbejdsplads", NULL),
			  &r),
		303);
	assert_true(strstr(response_header(&r, "Location"), "week=2") != NULL);
	response_free(&r);
	assert_int_equal(changes(s, id), before + 1);
	assert_int_equal(sequence(s, id), 2);
	assert_int_equal(scalar(s,
				"SELECT dim_setting FROM internship_week WHERE "
				"internship_id = ?1 AND week = 2",
				id),
			 1);
	assert_int_equal(get_page(c, id, "?week=2&saved=1", &r), 200);
	assert_true(response_has(&r, "Optrapningsplanen er gemt."));
	assert_true(response_has(&r, "Ny arbejdsplads"));
	assert_true(response_has(&r, HARNESS_CONSULTANT));
	response_free(&r);
	/* No CSRF token: refused before anything. */
	assert_int_equal(
		client_send(
			c,
			&(struct request){"POST",
					  "/internships/1/plan",
					  "application/x-www-form-urlencoded",
					  "action=week&week=2",
					  0,
					  {NULL}},
			&r),
		403);
	response_free(&r);
	buf_free(&f);
}

/* Who may: the mentor and instructor read, never change; an ended
 * internship's plan is not changed by anyone. */
static void roles_and_an_ended_internship(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct client *m = fixture_as(s, HARNESS_MENTOR);
	struct client *u = fixture_as(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	int64_t pid, id = new_internship(s, "Plan Roller", &pid);
	struct buf f = BUF_INIT(0);
	char a[24];

	assert_int_equal(put(c, id, GENERATE, &r), 200);
	response_free(&r);
	assert_int_equal(get_page(m, id, NULL, &r), 200);
	assert_true(response_has(&r, "<svg"));
	assert_false(response_has(&r, "name=\"action\""));
	response_free(&r);
	assert_int_equal(put(m, id, GENERATE, &r), 403);
	response_free(&r);
	assert_int_equal(post_page(m, id,
				   harness_form(&f, "action", "generate", NULL),
				   &r),
			 403);
	response_free(&r);
	assert_int_equal(get_api(u, id, &r), 200);
	response_free(&r);
	assert_int_equal(put(u, id, GENERATE, &r), 403);
	response_free(&r);
	/* Unknown internship. */
	assert_int_equal(get_api(c, 999999, &r), 404);
	response_free(&r);
	/* Ended: refused with the reason, nothing written. */
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE internship SET status = "
					  "'ended' WHERE id = ?1",
					  fixture_num(id, a), NULL),
			 0);
	assert_int_equal(
		put(c, id,
		    "{\"generate\": {\"from\": {\"days\": 1, \"hours\": 2}, "
		    "\"to\": {\"days\": 2, \"hours\": 2}}, \"reason\": \"Ny\"}",
		    &r),
		403);
	assert_true(response_has(&r, "Praktikken er afsluttet"));
	response_free(&r);
	assert_int_equal(sequence(s, id), 1);
	assert_int_equal(get_page(c, id, NULL, &r), 200);
	assert_true(response_has(&r, "Praktikken er afsluttet, så planen kan "
				     "ikke ændres."));
	assert_false(response_has(&r, "name=\"action\""));
	response_free(&r);
	buf_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_generates_the_plan),
		cmocka_unit_test(api_refuses_bad_weeks_and_writes_nothing),
		cmocka_unit_test(api_change_is_kept_with_who_and_why),
		cmocka_unit_test(page_generates_edits_and_refuses),
		cmocka_unit_test(roles_and_an_ended_internship),
	};

	return cmocka_run_group_tests(tests, harness_setup, fixture_teardown);
}
