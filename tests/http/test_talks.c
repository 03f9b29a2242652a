/*
 * HTTP tests of preparation talks: planning and changing them through the
 * API and the page forms, their validation, who may read the notes, the
 * mentor's narrower rights, 404s for talks of invisible participants,
 * encrypted notes and the audit rows.
 */
#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define LEADER_ODENSE "projektleder.odense@demo.invalid"
#define COHORT	      "Testhold samtaler"

/* A new participant of the demo caseworker on COHORT with the demo mentor
 * as mentor; a fresh CPR number each time. Returns its id. */
static int64_t new_participant(struct server *s, const char *name)
{
	static unsigned n;
	char cpr[12], mentor[24], id[24];
	int64_t pid;

	n++;
	fixture_cpr(n, 3, 1992, 4100 + n, cpr, NULL);
	pid = fixture_demo_participant(s, COHORT, name, cpr);
	fixture_num(harness_user_id(s, HARNESS_MENTOR), mentor);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE participant SET mentor_id = "
					  "?1 WHERE id = ?2",
					  mentor, fixture_num(pid, id), NULL),
			 0);
	return pid;
}

/* POSTs a talk; the answer's JSON (caller deletes) when it is 201, else
 * NULL with the status in *status. */
static cJSON *add_talk(struct client *c, int64_t pid, const char *json,
		       long *status)
{
	struct response r = RESPONSE_INIT;
	cJSON *j = NULL;

	*status = fixture_step(c, pid, "talks", json, &r);
	if (*status == 201)
		j = response_json(&r);
	response_free(&r);
	return j;
}

static long patch_talk(struct client *c, int64_t tid, const char *json,
		       struct response *r)
{
	char path[64];

	snprintf(path, sizeof(path), "/api/v1/talks/%lld", (long long)tid);
	return client_api(c, "PATCH", path, json, r);
}

/* The talk tid in the list the client gets for pid, or NULL. */
static const cJSON *find_talk(const cJSON *list, int64_t tid)
{
	const cJSON *t;

	cJSON_ArrayForEach(
		t,
		harness_json_at(list, "talks")) if (harness_json_int(t, "id") ==
						    tid) return t;
	return NULL;
}

static cJSON *list_talks(struct client *c, int64_t pid, long expect)
{
	struct response r = RESPONSE_INIT;
	char path[80];
	cJSON *j = NULL;

	snprintf(path, sizeof(path), "/api/v1/participants/%lld/talks",
		 (long long)pid);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), expect);
	if (expect == 200)
		j = response_json(&r);
	response_free(&r);
	return j;
}

static int64_t audit_count(struct server *s, const char *action, int64_t pid,
			   const char *detail)
{
	char id[32];

	snprintf(id, sizeof(id), "%lld", (long long)pid);
	return harness_sql_int(s,
			       "SELECT count(*) FROM audit WHERE action = ?1 "
			       "AND subject_type = 'participant' AND "
			       "subject_id = ?2 AND (?3 = '' OR detail = ?3)",
			       action, id, detail ? detail : "", NULL);
}

static void caseworker_plans_and_changes_a_talk(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Talk Plan"), tid;
	char body[256], day[16], detail[64], id[32];
	long status;
	cJSON *j;

	fixture_day_from_now(s, 14, day);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"10:00\", \"end_time\": \"11:00\", "
		 "\"place\": \"Jobcentret, lokale 4\"}",
		 day);
	j = add_talk(c, pid, body, &status);
	assert_int_equal(status, 201);
	tid = harness_json_int(j, "id");
	assert_int_equal(harness_json_int(j, "participant_id"), pid);
	assert_string_equal(harness_json_string(j, "kind"), "caseworker");
	assert_string_equal(harness_json_string(j, "status"), "planned");
	assert_string_equal(harness_json_string(j, "date"), day);
	assert_string_equal(harness_json_string(j, "start_time"), "10:00");
	assert_string_equal(harness_json_string(j, "end_time"), "11:00");
	assert_string_equal(harness_json_string(j, "place"),
			    "Jobcentret, lokale 4");
	/* Held by the caseworker who planned it. */
	assert_int_equal(harness_json_int(j, "staff_id"),
			 harness_user_id(s, HARNESS_CASEWORKER));
	assert_string_equal(harness_json_string(j, "staff"), "Sofie Nielsen");
	assert_int_equal(harness_json_int(j, "sequence"), 0);
	cJSON_Delete(j);

	/* Only the fields given change; every change bumps the sequence. */
	assert_int_equal(patch_talk(c, tid,
				    "{\"place\": \"Biblioteket\", "
				    "\"end_time\": \"11:30\"}",
				    &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "place"), "Biblioteket");
	assert_string_equal(harness_json_string(j, "end_time"), "11:30");
	assert_string_equal(harness_json_string(j, "start_time"), "10:00");
	assert_string_equal(harness_json_string(j, "date"), day);
	assert_int_equal(harness_json_int(j, "sequence"), 1);
	cJSON_Delete(j);
	assert_int_equal(patch_talk(c, tid, "{\"status\": \"cancelled\"}", &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "status"), "cancelled");
	assert_int_equal(harness_json_int(j, "sequence"), 2);
	cJSON_Delete(j);

	snprintf(id, sizeof(id), "%lld", (long long)tid);
	assert_int_equal(harness_sql_int(s,
					 "SELECT sequence FROM prep_talk "
					 "WHERE id = ?1",
					 id, NULL),
			 2);
	snprintf(detail, sizeof(detail), "talk %lld caseworker",
		 (long long)tid);
	assert_int_equal(audit_count(s, "participant.talk_add", pid, detail),
			 1);
	assert_int_equal(audit_count(s, "participant.talk_update", pid, detail),
			 2);
	client_free(c);
}

static void held_talk_keeps_its_notes_sealed(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	int64_t pid = new_participant(s, "Talk Notes"), tid;
	char body[384], day[16], id[32];
	long status;
	cJSON *j;

	fixture_day_from_now(s, -7, day);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"09:00\", \"end_time\": \"09:45\", "
		 "\"notes\": \"Borgeren fortalte om angst for busser\"}",
		 day);
	j = add_talk(c, pid, body, &status);
	assert_int_equal(status, 201);
	/* Notes on a talk that is not in the future: it was held. */
	assert_string_equal(harness_json_string(j, "status"), "held");
	assert_string_equal(harness_json_string(j, "notes"),
			    "Borgeren fortalte om angst for busser");
	tid = harness_json_int(j, "id");
	cJSON_Delete(j);
	snprintf(id, sizeof(id), "%lld", (long long)tid);
	assert_int_equal(harness_sql_int(s,
					 "SELECT notes_enc IS NOT NULL AND "
					 "instr(notes_enc, CAST(?2 AS BLOB)) "
					 "= 0 FROM prep_talk WHERE id = ?1",
					 id, "angst for busser", NULL),
			 1);
	client_free(c);
}

static void invalid_talks_are_refused(void **state)
{
	static const struct {
		const char *json, *field;
	} cases[] = {
		{"\"kind\": \"caseworker\", \"start_time\": \"11:00\", "
		 "\"end_time\": \"10:00\"",
		 "end_time"},
		{"\"kind\": \"caseworker\", \"start_time\": \"11:00\", "
		 "\"end_time\": \"11:00\"",
		 "end_time"},
		{"\"kind\": \"psychologist\", \"start_time\": \"10:00\", "
		 "\"end_time\": \"11:00\"",
		 "kind"},
		{"\"start_time\": \"10:00\", \"end_time\": \"11:00\"", "kind"},
		/* Held, but in the future. */
		{"\"kind\": \"caseworker\", \"start_time\": \"10:00\", "
		 "\"end_time\": \"11:00\", \"status\": \"held\"",
		 "status"},
		{"\"kind\": \"caseworker\", \"start_time\": \"25:00\", "
		 "\"end_time\": \"11:00\"",
		 "start_time"},
	};
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Talk Invalid"), tid;
	char body[512], day[16], id[32], path[80];
	long status;
	size_t i;
	cJSON *j;

	fixture_day_from_now(s, 21, day);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/talks",
		 (long long)pid);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(body, sizeof(body), "{\"date\": \"%s\", %s}", day,
			 cases[i].json);
		client_api(c, "POST", path, body, &r);
		harness_expect_error(&r, 422, cases[i].field);
		response_free(&r);
	}
	/* The instructor cannot hold a caseworker talk. */
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"staff_id\": %lld, \"date\": "
		 "\"%s\", \"start_time\": \"10:00\", \"end_time\": "
		 "\"11:00\"}",
		 (long long)harness_user_id(s, HARNESS_INSTRUCTOR), day);
	client_api(c, "POST", path, body, &r);
	harness_expect_error(&r, 422, "staff_id");
	response_free(&r);
	snprintf(id, sizeof(id), "%lld", (long long)pid);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM prep_talk "
					 "WHERE participant_id = ?1",
					 id, NULL),
			 0);

	/* A future talk cannot be marked held, nor made to end first. */
	snprintf(body, sizeof(body),
		 "{\"kind\": \"instructor\", \"staff_id\": %lld, \"date\": "
		 "\"%s\", \"start_time\": \"10:00\", \"end_time\": "
		 "\"11:00\"}",
		 (long long)harness_user_id(s, HARNESS_INSTRUCTOR), day);
	j = add_talk(c, pid, body, &status);
	assert_int_equal(status, 201);
	assert_string_equal(harness_json_string(j, "staff"), "Marianne Lund");
	tid = harness_json_int(j, "id");
	cJSON_Delete(j);
	patch_talk(c, tid, "{\"status\": \"held\"}", &r);
	harness_expect_error(&r, 422, "status");
	response_free(&r);
	patch_talk(c, tid, "{\"end_time\": \"09:00\"}", &r);
	harness_expect_error(&r, 422, "end_time");
	response_free(&r);
	/* Moved into the past it may be held. */
	fixture_day_from_now(s, -1, day);
	snprintf(body, sizeof(body), "{\"date\": \"%s\", \"status\": \"held\"}",
		 day);
	assert_int_equal(patch_talk(c, tid, body, &r), 200);
	response_free(&r);
	snprintf(id, sizeof(id), "%lld", (long long)tid);
	assert_int_equal(harness_sql_int(s,
					 "SELECT status = 'held' AND sequence "
					 "= 1 FROM prep_talk WHERE id = ?1",
					 id, NULL),
			 1);
	client_free(c);
}

static void notes_are_only_for_health_access_and_own_staff(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_login(s, HARNESS_CASEWORKER);
	struct client *mentor = fixture_login(s, HARNESS_MENTOR);
	struct client *consultant = fixture_login(s, HARNESS_CONSULTANT);
	struct client *instructor = fixture_login(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Talk Mentor"), held, own;
	char body[384], past[16], future[16];
	const cJSON *t;
	long status;
	cJSON *j;

	fixture_day_from_now(s, -3, past);
	fixture_day_from_now(s, 10, future);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"09:00\", \"end_time\": \"10:00\", "
		 "\"notes\": \"Fortroligt om medicin\"}",
		 past);
	j = add_talk(cw, pid, body, &status);
	assert_int_equal(status, 201);
	held = harness_json_int(j, "id");
	cJSON_Delete(j);

	/* The mentor plans their own mentor talk; it is theirs. */
	snprintf(body, sizeof(body),
		 "{\"kind\": \"mentor\", \"date\": \"%s\", \"start_time\": "
		 "\"08:00\", \"end_time\": \"08:30\", \"place\": "
		 "\"Banegården\"}",
		 future);
	j = add_talk(mentor, pid, body, &status);
	assert_int_equal(status, 201);
	own = harness_json_int(j, "id");
	assert_int_equal(harness_json_int(j, "staff_id"),
			 harness_user_id(s, HARNESS_MENTOR));
	cJSON_Delete(j);
	snprintf(body, sizeof(body),
		 "{\"date\": \"%s\", \"status\": \"held\", \"notes\": "
		 "\"Mødte op til tiden\"}",
		 past);
	assert_int_equal(patch_talk(mentor, own, body, &r), 200);
	response_free(&r);

	/* Their own notes they read; the caseworker's they do not. */
	j = list_talks(mentor, pid, 200);
	t = find_talk(j, held);
	assert_non_null(t);
	assert_null(harness_json_at(t, "notes"));
	t = find_talk(j, own);
	assert_non_null(t);
	assert_string_equal(harness_json_string(t, "notes"),
			    "Mødte op til tiden");
	cJSON_Delete(j);
	/* The consultant sees the work, not the notes; the instructor sees
	 * the health fields and so the notes. */
	j = list_talks(consultant, pid, 200);
	assert_null(harness_json_at(find_talk(j, held), "notes"));
	assert_null(harness_json_at(find_talk(j, own), "notes"));
	cJSON_Delete(j);
	j = list_talks(instructor, pid, 200);
	assert_string_equal(harness_json_string(find_talk(j, held), "notes"),
			    "Fortroligt om medicin");
	cJSON_Delete(j);
	assert_true(audit_count(s, "participant.talk_read", pid, NULL) >= 3);

	/* A mentor changes no other kind of talk, and plans none. */
	patch_talk(mentor, held, "{\"place\": \"Hjemme\"}", &r);
	harness_expect_error(&r, 403, NULL);
	response_free(&r);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"08:00\", \"end_time\": \"08:30\"}",
		 future);
	assert_null(add_talk(mentor, pid, body, &status));
	assert_int_equal(status, 403);
	/* Nor turns their own talk into another kind. */
	patch_talk(mentor, own, "{\"kind\": \"consultant\"}", &r);
	harness_expect_error(&r, 403, NULL);
	response_free(&r);
	/* Someone who cannot read the notes cannot overwrite them. */
	patch_talk(consultant, held, "{\"notes\": \"Overskrevet\"}", &r);
	harness_expect_error(&r, 403, NULL);
	response_free(&r);
	j = list_talks(cw, pid, 200);
	assert_string_equal(harness_json_string(find_talk(j, held), "notes"),
			    "Fortroligt om medicin");
	assert_string_equal(harness_json_string(find_talk(j, held), "place"),
			    "");
	cJSON_Delete(j);
	client_free(cw);
	client_free(mentor);
	client_free(consultant);
	client_free(instructor);
}

/* Security finding 2: a consultant reassigned a caseworker's held talk to
 * themselves with PATCH {"kind":"consultant","staff_id":<self>} and the
 * answer carried the caseworker's sealed notes. */
static void nobody_takes_over_a_talk_whose_notes_they_may_not_read(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_login(s, HARNESS_CASEWORKER);
	struct client *consultant = fixture_login(s, HARNESS_CONSULTANT);
	struct client *leader = fixture_login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Talk Takeover"), held, planned;
	int64_t self = harness_user_id(s, HARNESS_CONSULTANT);
	char body[384], past[16], future[16], id[24];
	long status;
	cJSON *j;

	fixture_day_from_now(s, -2, past);
	fixture_day_from_now(s, 12, future);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"09:00\", \"end_time\": \"10:00\", "
		 "\"notes\": \"Angst for at tage bussen\"}",
		 past);
	j = add_talk(cw, pid, body, &status);
	assert_int_equal(status, 201);
	held = harness_json_int(j, "id");
	cJSON_Delete(j);

	/* The exact request of the report, and its page twin. */
	snprintf(body, sizeof(body),
		 "{\"kind\": \"consultant\", \"staff_id\": %lld}",
		 (long long)self);
	patch_talk(consultant, held, body, &r);
	harness_expect_error(&r, 403, NULL);
	assert_false(fixture_body_has(&r, "Angst"));
	response_free(&r);
	snprintf(body, sizeof(body), "/talks/%lld", (long long)held);
	snprintf(id, sizeof(id), "%lld", (long long)self);
	{
		struct client *page = client_new(s);
		struct buf f = BUF_INIT(0);

		assert_int_equal(client_login(page, HARNESS_CONSULTANT,
					      HARNESS_PASSWORD, NULL),
				 303);
		assert_int_equal(
			client_post(page, body,
				    harness_form(&f, "kind", "consultant",
						 "staff_id", id, NULL),
				    &r),
			403);
		assert_false(fixture_body_has(&r, "Angst"));
		response_free(&r);
		buf_free(&f);
		client_free(page);
	}
	/* A change of kind alone would make them the holder too. */
	patch_talk(consultant, held, "{\"kind\": \"consultant\"}", &r);
	harness_expect_error(&r, 403, NULL);
	response_free(&r);
	/* Nothing moved, and the notes are still not theirs to read. */
	assert_int_equal(
		harness_sql_int(
			s,
			"SELECT staff_id = ?2 AND kind = "
			"'caseworker' FROM prep_talk WHERE "
			"id = ?1",
			fixture_num(held, body),
			fixture_num(harness_user_id(s, HARNESS_CASEWORKER), id),
			NULL),
		1);
	j = list_talks(consultant, pid, 200);
	assert_null(harness_json_at(find_talk(j, held), "notes"));
	cJSON_Delete(j);
	assert_int_equal(audit_count(s, "participant.talk_update", pid, NULL),
			 0);

	/* Even someone who reads the notes does not hand written notes to
	 * a holder who may not read them... */
	snprintf(body, sizeof(body),
		 "{\"kind\": \"consultant\", \"staff_id\": %lld}",
		 (long long)self);
	patch_talk(leader, held, body, &r);
	harness_expect_error(&r, 422, "staff_id");
	response_free(&r);
	/* ...but a planned talk without notes moves to a consultant who
	 * works with the citizen. */
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"13:00\", \"end_time\": \"14:00\"}",
		 future);
	j = add_talk(cw, pid, body, &status);
	assert_int_equal(status, 201);
	planned = harness_json_int(j, "id");
	cJSON_Delete(j);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"consultant\", \"staff_id\": %lld}",
		 (long long)self);
	assert_int_equal(patch_talk(cw, planned, body, &r), 200);
	j = response_json(&r);
	assert_int_equal(harness_json_int(j, "staff_id"), self);
	cJSON_Delete(j);
	response_free(&r);
	client_free(cw);
	client_free(consultant);
	client_free(leader);
}

/* Security finding 6: a talk could be given to anyone, in any
 * organisation, who then saw its time and place in their own feed. */
static void talks_go_only_to_staff_who_see_the_participant(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Talk Outsider"), tid;
	int64_t stranger = harness_add_user(s, "fremmed.vk@demo.invalid",
					    "consultant");
	int64_t odense = harness_user_id(s,
					 "sagsbehandler.odense@demo.invalid");
	char body[384], future[16], num[24];
	long status;
	cJSON *j;

	/* A consultant of the cohort's job centre works with the citizen;
	 * a new one of Jobcenter Aarhus does too, so take them off it. */
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE user SET organisation_id = "
					  "(SELECT id FROM organisation WHERE "
					  "name LIKE '%Odense%' LIMIT 1) WHERE "
					  "id = ?1",
					  fixture_num(stranger, num), NULL),
			 0);
	fixture_day_from_now(s, 9, future);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"consultant\", \"staff_id\": %lld, \"date\": "
		 "\"%s\", \"start_time\": \"10:00\", \"end_time\": \"11:00\"}",
		 (long long)stranger, future);
	assert_null(add_talk(cw, pid, body, &status));
	assert_int_equal(status, 422);
	if (odense > 0) {
		snprintf(body, sizeof(body),
			 "{\"kind\": \"caseworker\", \"staff_id\": %lld, "
			 "\"date\": \"%s\", \"start_time\": \"10:00\", "
			 "\"end_time\": \"11:00\"}",
			 (long long)odense, future);
		assert_null(add_talk(cw, pid, body, &status));
		assert_int_equal(status, 422);
	}
	/* Nor by moving an existing talk. */
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"12:00\", \"end_time\": \"13:00\"}",
		 future);
	j = add_talk(cw, pid, body, &status);
	assert_int_equal(status, 201);
	tid = harness_json_int(j, "id");
	cJSON_Delete(j);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"consultant\", \"staff_id\": %lld}",
		 (long long)stranger);
	patch_talk(cw, tid, body, &r);
	harness_expect_error(&r, 422, "staff_id");
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM prep_talk WHERE "
					 "staff_id = ?1",
					 fixture_num(stranger, num), NULL),
			 0);
	client_free(cw);
}

static void talks_of_invisible_participants_are_not_found(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_login(s, HARNESS_CASEWORKER);
	struct client *odense = fixture_login(s, LEADER_ODENSE);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Talk Hidden"), tid;
	char body[256], day[16], path[80];
	long status;
	cJSON *j;

	fixture_day_from_now(s, 5, day);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"10:00\", \"end_time\": \"11:00\"}",
		 day);
	j = add_talk(cw, pid, body, &status);
	assert_int_equal(status, 201);
	tid = harness_json_int(j, "id");
	cJSON_Delete(j);

	cJSON_Delete(list_talks(odense, pid, 404));
	assert_null(add_talk(odense, pid, body, &status));
	assert_int_equal(status, 404);
	patch_talk(odense, tid, "{\"place\": \"Odense\"}", &r);
	harness_expect_error(&r, 404, NULL);
	response_free(&r);
	/* A talk that does not exist answers the same. */
	patch_talk(cw, tid + 100000, "{\"place\": \"X\"}", &r);
	harness_expect_error(&r, 404, NULL);
	response_free(&r);
	snprintf(path, sizeof(path), "/talks/%lld", (long long)tid + 100000);
	assert_int_equal(client_post(cw, path, "place=X", NULL), 404);
	assert_int_equal(audit_count(s, "participant.talk_update", pid, NULL),
			 0);
	client_free(cw);
	client_free(odense);
}

static void page_forms_plan_and_change_talks(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	int64_t pid = new_participant(s, "Talk Page"), tid;
	char path[80], day[16], id[32];

	assert_int_equal(
		client_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
		303);
	fixture_day_from_now(s, 12, day);
	snprintf(path, sizeof(path), "/participants/%lld/talks",
		 (long long)pid);
	assert_int_equal(client_post(c, path,
				     harness_form(&form, "kind", "consultant",
						  "staff_id", "", "date", day,
						  "start_time", "13:00",
						  "end_time", "14:00", "place",
						  "Virksomheden <A&B>", NULL),
				     &r),
			 303);
	snprintf(path, sizeof(path), "/participants/%lld#samtaler",
		 (long long)pid);
	assert_string_equal(response_header(&r, "Location"), path);
	response_free(&r);
	snprintf(id, sizeof(id), "%lld", (long long)pid);
	tid = harness_sql_int(s,
			      "SELECT id FROM prep_talk WHERE participant_id "
			      "= ?1 AND kind = 'consultant' AND staff_id IS "
			      "NULL",
			      id, NULL);
	assert_true(tid > 0);

	/* Errors are a Danish 422 page. */
	snprintf(path, sizeof(path), "/participants/%lld/talks",
		 (long long)pid);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&form, "kind", "mentor", "date", day,
					 "start_time", "14:00", "end_time",
					 "13:00", NULL),
			    &r),
		422);
	assert_true(response_has(&r, "Sluttidspunktet skal ligge efter "
				     "starttidspunktet."));
	response_free(&r);

	snprintf(path, sizeof(path), "/talks/%lld", (long long)tid);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&form, "status", "cancelled", NULL),
			    &r),
		303);
	response_free(&r);
	snprintf(id, sizeof(id), "%lld", (long long)tid);
	assert_int_equal(harness_sql_int(s,
					 "SELECT status = 'cancelled' FROM "
					 "prep_talk WHERE id = ?1",
					 id, NULL),
			 1);

	/* The participant page shows the section, escaped. */
	snprintf(path, sizeof(path), "/participants/%lld", (long long)pid);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "id=\"samtaler\""));
	assert_true(response_has(&r, "Virksomheden &lt;A&amp;B&gt;"));
	assert_true(response_has(&r, "Aflyst"));
	response_free(&r);
	buf_free(&form);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(caseworker_plans_and_changes_a_talk),
		cmocka_unit_test(held_talk_keeps_its_notes_sealed),
		cmocka_unit_test(invalid_talks_are_refused),
		cmocka_unit_test(
			notes_are_only_for_health_access_and_own_staff),
		cmocka_unit_test(talks_of_invisible_participants_are_not_found),
		cmocka_unit_test(
			nobody_takes_over_a_talk_whose_notes_they_may_not_read),
		cmocka_unit_test(
			talks_go_only_to_staff_who_see_the_participant),
		cmocka_unit_test(page_forms_plan_and_change_talks),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
