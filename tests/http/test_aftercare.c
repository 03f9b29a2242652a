/*
 * HTTP tests of aftercare ("efterværn"): only after the participant has
 * started, its period and level rules, sealed notes and who reads them,
 * who may register it, the page form and the audit row.
 */
#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define LEADER_ODENSE "projektleder.odense@demo.invalid"
#define COHORT	      "Testhold efterværn"

#define NOT_STARTED                                                            \
	"Efterværn kan først registreres, når borgeren er startet i "       \
	"forløbet."

/* A new participant of the demo caseworker on COHORT. */
static int64_t new_participant(struct server *s, const char *name)
{
	static unsigned n;
	char cpr[12];

	n++;
	fixture_cpr(n, 11, 1989, 4500 + n, cpr, NULL);
	return fixture_demo_participant(s, COHORT, name, cpr);
}

/* Marks the participant started on 2025-01-06, as the status step would. */
static void start(struct server *s, int64_t pid)
{
	char id[24];

	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE participant SET status = "
					  "'started', started_on = "
					  "'2025-01-06' WHERE id = ?1",
					  fixture_num(pid, id), NULL),
			 0);
}

static long add(struct client *c, int64_t pid, const char *json,
		struct response *r)
{
	return fixture_step(c, pid, "aftercare", json, r);
}

static int64_t rows(struct server *s, int64_t pid)
{
	return fixture_rows(s,
			    "SELECT count(*) FROM aftercare WHERE "
			    "participant_id = ?1",
			    pid);
}

static void aftercare_only_after_the_start(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Efter Start");
	char id[32];
	cJSON *j;

	add(c, pid, "{\"level\": 2, \"start_on\": \"2025-06-02\"}", &r);
	harness_expect_error(&r, 422, NULL);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "error.message"),
			    NOT_STARTED);
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(rows(s, pid), 0);

	start(s, pid);
	assert_int_equal(add(c, pid,
			     "{\"level\": 2, \"start_on\": \"2025-06-02\", "
			     "\"end_on\": \"2025-08-29\", \"with_mentor\": "
			     "true, \"notes\": \"Mentor hver mandag, "
			     "angstanfald i maj\"}",
			     &r),
			 201);
	j = response_json(&r);
	response_free(&r);
	assert_true(harness_json_int(j, "id") > 0);
	assert_int_equal(harness_json_int(j, "level"), 2);
	assert_string_equal(harness_json_string(j, "start_on"), "2025-06-02");
	assert_string_equal(harness_json_string(j, "end_on"), "2025-08-29");
	assert_true(cJSON_IsTrue(harness_json_at(j, "with_mentor")));
	assert_string_equal(harness_json_string(j, "notes"),
			    "Mentor hver mandag, angstanfald i maj");
	cJSON_Delete(j);
	/* Level 1 always has a mentor; an open end is null. */
	assert_int_equal(
		add(c, pid, "{\"level\": 1, \"start_on\": \"2025-09-01\"}", &r),
		201);
	j = response_json(&r);
	response_free(&r);
	assert_true(cJSON_IsTrue(harness_json_at(j, "with_mentor")));
	assert_true(cJSON_IsNull(harness_json_at(j, "end_on")));
	cJSON_Delete(j);

	snprintf(id, sizeof(id), "%lld", (long long)pid);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM aftercare WHERE "
					 "participant_id = ?1 AND notes_enc IS "
					 "NOT NULL AND instr(notes_enc, "
					 "CAST(?2 AS BLOB)) = 0",
					 id, "angstanfald", NULL),
			 1);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'participant.aftercare_add' "
					 "AND subject_id = ?1",
					 id, NULL),
			 2);
	client_free(c);
}

static void invalid_periods_are_refused(void **state)
{
	static const struct {
		const char *json, *field;
	} cases[] = {
		{"{\"level\": 2, \"start_on\": \"2025-06-02\", \"end_on\": "
		 "\"2025-06-01\"}",
		 "end_on"},
		{"{\"level\": 4, \"start_on\": \"2025-06-02\"}", "level"},
		{"{\"level\": 0, \"start_on\": \"2025-06-02\"}", "level"},
		{"{\"start_on\": \"2025-06-02\"}", "level"},
		{"{\"level\": 3}", "start_on"},
		{"{\"level\": 3, \"start_on\": \"2025-02-30\"}", "start_on"},
		/* Before the participant started. */
		{"{\"level\": 3, \"start_on\": \"2024-12-31\"}", "start_on"},
		{"{\"level\": 3, \"start_on\": \"2025-06-02\", "
		 "\"with_mentor\": \"maybe\"}",
		 "with_mentor"},
	};
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Efter Fejl");
	size_t i;

	start(s, pid);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		add(c, pid, cases[i].json, &r);
		harness_expect_error(&r, 422, cases[i].field);
		response_free(&r);
	}
	assert_int_equal(rows(s, pid), 0);
	client_free(c);
}

static void who_registers_and_reads_aftercare(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_login(s, HARNESS_CASEWORKER);
	struct client *leader = fixture_login(s, HARNESS_LEADER);
	struct client *instructor = fixture_login(s, HARNESS_INSTRUCTOR);
	struct client *consultant = fixture_login(s, HARNESS_CONSULTANT);
	struct client *odense = fixture_login(s, LEADER_ODENSE);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Efter Adgang");
	char path[80];
	cJSON *j;

	start(s, pid);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/aftercare",
		 (long long)pid);
	/* The cohort's project leader registers too. */
	assert_int_equal(add(leader, pid,
			     "{\"level\": 3, \"start_on\": \"2025-06-02\", "
			     "\"notes\": \"Opfølgning ved sagsbehandler\"}",
			     &r),
			 201);
	response_free(&r);
	assert_int_equal(client_api(cw, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "aftercare")),
			 1);
	assert_string_equal(
		harness_json_string(
			cJSON_GetArrayItem(harness_json_at(j, "aftercare"), 0),
			"notes"),
		"Opfølgning ved sagsbehandler");
	cJSON_Delete(j);
	/* Instructors and consultants neither add nor list through the
	 * API; another job centre does not find the participant. */
	add(instructor, pid, "{\"level\": 3, \"start_on\": \"2025-06-02\"}",
	    &r);
	harness_expect_error(&r, 403, NULL);
	response_free(&r);
	client_api(consultant, "GET", path, NULL, &r);
	harness_expect_error(&r, 403, NULL);
	response_free(&r);
	client_api(odense, "GET", path, NULL, &r);
	harness_expect_error(&r, 404, NULL);
	response_free(&r);
	add(odense, pid, "{\"level\": 3, \"start_on\": \"2025-06-02\"}", &r);
	harness_expect_error(&r, 404, NULL);
	response_free(&r);
	assert_int_equal(rows(s, pid), 1);
	client_free(cw);
	client_free(leader);
	client_free(instructor);
	client_free(consultant);
	client_free(odense);
}

static void page_form_registers_aftercare(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	int64_t pid = new_participant(s, "Efter Side");
	char path[80], loc[80];

	assert_int_equal(
		client_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
		303);
	snprintf(path, sizeof(path), "/participants/%lld/aftercare",
		 (long long)pid);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&form, "level", "2", "start_on",
					 "2025-06-02", NULL),
			    &r),
		422);
	assert_true(response_has(&r, "først registreres, når borgeren er "
				     "startet"));
	response_free(&r);
	start(s, pid);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&form, "level", "2", "start_on",
					 "2025-06-02", "with_mentor", "1",
					 "notes", "Mentor <ugentligt>", NULL),
			    &r),
		303);
	snprintf(loc, sizeof(loc), "/participants/%lld#efterv%%C3%%A6rn",
		 (long long)pid);
	assert_string_equal(response_header(&r, "Location"), loc);
	response_free(&r);
	assert_int_equal(rows(s, pid), 1);
	/* The participant page lists it, escaped. */
	snprintf(path, sizeof(path), "/participants/%lld", (long long)pid);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "id=\"efterværn\""));
	assert_true(response_has(&r, "Niveau 2: Praktik eller mentor"));
	assert_true(response_has(&r, "Mentor &lt;ugentligt&gt;"));
	response_free(&r);
	buf_free(&form);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aftercare_only_after_the_start),
		cmocka_unit_test(invalid_periods_are_refused),
		cmocka_unit_test(who_registers_and_reads_aftercare),
		cmocka_unit_test(page_form_registers_aftercare),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
