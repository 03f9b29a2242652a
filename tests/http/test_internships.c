/*
 * HTTP tests of the internship's pages and API: every route as the
 * project leader, the consultant, the caseworker, the instructor, the
 * citizen's mentor, another citizen's mentor and staff of another
 * organisation; 403, 404 and 422 with nothing written; no start before
 * the agreement guide's consent, through the API and the page; the
 * participant page's panel, the new form pre-filled, the internship's
 * page with its timeline and step forms, the printable agreement without
 * CPR number; and the audit row of every read.
 */
#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define COHORT	     "Testhold praktik"
#define OTHER_MENTOR "mentor.aisha@demo.invalid"
#define OTHER_ORG    "sagsbehandler.odense@demo.invalid"
#define READ_AUDITED FIXTURE_AUDITED("participant.internship_read")
#define COUNT_WRITTEN                                                          \
	"SELECT (SELECT count(*) FROM internship) + (SELECT count(*) FROM "    \
	"internship_status) + (SELECT sum(sequence) FROM internship) + "       \
	"(SELECT count(*) FROM audit WHERE action LIKE "                       \
	"'participant.internship_%' AND action != "                            \
	"'participant.internship_read')"

static int64_t company, contact;

/* A citizen of the demo caseworker on COHORT, mentored by the demo
 * mentor, with a guide (consent: with the citizen's consent). Its CPR
 * number's ten digits into digits. */
static int64_t citizen(struct server *s, const char *name, bool consent,
		       char digits[11])
{
	static unsigned n;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	char dashed[12], body[256], today[16], id[24];
	int64_t pid;

	n++;
	fixture_cpr(1 + n % 28, 9, 1990, 5100 + n, dashed, digits);
	pid = fixture_demo_participant(s, COHORT, name, dashed);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE participant SET mentor_id = "
					  "(SELECT id FROM user WHERE email = "
					  "?1) WHERE id = ?2",
					  HARNESS_MENTOR, fixture_num(pid, id),
					  NULL),
			 0);
	fixture_day_from_now(s, 0, today);
	snprintf(body, sizeof(body),
		 "{\"purpose\": \"Afklare lagerarbejde\", "
		 "\"internship_wishes\": \"Pakke ordrer\"%s%s%s}",
		 consent ? ", \"citizen_consent\": true, "
			   "\"citizen_signed_on\": \""
			 : "",
		 consent ? today : "", consent ? "\"" : "");
	fixture_answers(c, pid, "agreement", body, 201);
	return pid;
}

/* The company of Jobcenter Aarhus that the tests place citizens with. */
static void make_company(struct server *s)
{
	char id[24];

	if (company)
		return;
	assert_int_equal(
		harness_sql_exec(s, NULL, 0,
				 "INSERT INTO company (organisation_id, "
				 "name, cvr, address, employees, "
				 "created_at, updated_at) VALUES ("
				 "(SELECT id FROM organisation WHERE "
				 "name = 'Jobcenter Aarhus'), "
				 "'Lagerhuset A/S', '91300044', "
				 "'Havnevej 1, 8000 Aarhus C', 3, 0, 0)",
				 NULL),
		0);
	company = harness_sql_int(s,
				  "SELECT id FROM company WHERE cvr = "
				  "'91300044'",
				  NULL);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "INSERT INTO company_contact "
					  "(company_id, name, role, email, "
					  "phone, created_at, updated_at) "
					  "VALUES (?1, 'Karen Lagerchef', "
					  "'Lagerchef', 'karen@lager.invalid', "
					  "'86000000', 0, 0)",
					  fixture_num(company, id), NULL),
			 0);
	contact = harness_sql_int(s,
				  "SELECT max(id) FROM company_contact WHERE "
				  "company_id = ?1",
				  id, NULL);
}

/* Makes an internship of pid through the API as the consultant; its id. */
static int64_t internship(struct server *s, int64_t pid)
{
	struct response r = RESPONSE_INIT;
	char path[96], body[160];
	int64_t id;
	cJSON *j;

	make_company(s);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/internships",
		 (long long)pid);
	snprintf(body, sizeof(body),
		 "{\"company_id\": %lld, \"contact_id\": %lld}",
		 (long long)company, (long long)contact);
	assert_int_equal(client_api(fixture_as(s, HARNESS_CONSULTANT), "POST",
				    path, body, &r),
			 201);
	j = response_json(&r);
	id = harness_json_int(j, "id");
	cJSON_Delete(j);
	response_free(&r);
	return id;
}

static int64_t written(struct server *s)
{
	return harness_sql_int(s, COUNT_WRITTEN, NULL);
}

/* The path pattern with its "%lld" replaced by id. */
static void path_of(char *out, size_t len, const char *pattern, int64_t id)
{
	const char *at = strstr(pattern, "%lld");

	assert_non_null(at);
	snprintf(out, len, "%.*s%lld%s", (int)(at - pattern), pattern,
		 (long long)id, at + 4);
}

static long get(struct server *s, const char *who, const char *fmt, int64_t id,
		struct response *r)
{
	char path[128];

	path_of(path, sizeof(path), fmt, id);
	return client_get(fixture_as(s, who), path, r);
}

static long api(struct server *s, const char *who, const char *method,
		const char *fmt, int64_t id, const char *json,
		struct response *r)
{
	char path[128];

	path_of(path, sizeof(path), fmt, id);
	return client_api(fixture_as(s, who), method, path, json, r);
}

static long post(struct server *s, const char *who, const char *fmt, int64_t id,
		 const char *fields, struct response *r)
{
	char path[128];

	path_of(path, sizeof(path), fmt, id);
	return client_post(fixture_as(s, who), path, fields, r);
}

static void the_api_makes_reads_and_refuses(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t pid = citizen(s, "Praktik Api", false, NULL), id, before;
	char body[200];
	cJSON *j;

	make_company(s);
	/* 422: no company; 403: not theirs to make; 404: not seen. */
	before = written(s);
	assert_int_equal(api(s, HARNESS_CONSULTANT, "POST",
			     "/api/v1/participants/%lld/internships", pid,
			     "{\"company_id\": 0}", &r),
			 422);
	harness_expect_error(&r, 422, "company_id");
	response_free(&r);
	assert_int_equal(api(s, HARNESS_CONSULTANT, "POST",
			     "/api/v1/participants/%lld/internships", pid,
			     "{\"company_id\": 999999}", &r),
			 422);
	response_free(&r);
	snprintf(body, sizeof(body), "{\"company_id\": %lld}",
		 (long long)company);
	assert_int_equal(api(s, HARNESS_INSTRUCTOR, "POST",
			     "/api/v1/participants/%lld/internships", pid, body,
			     &r),
			 403);
	response_free(&r);
	assert_int_equal(api(s, HARNESS_MENTOR, "POST",
			     "/api/v1/participants/%lld/internships", pid, body,
			     &r),
			 403);
	response_free(&r);
	assert_int_equal(api(s, OTHER_ORG, "POST",
			     "/api/v1/participants/%lld/internships", pid, body,
			     &r),
			 404);
	response_free(&r);
	assert_int_equal(written(s), before);

	/* Made by the project leader: dates from the cohort's phase,
	 * purpose and tasks from the guide. */
	assert_int_equal(api(s, HARNESS_LEADER, "POST",
			     "/api/v1/participants/%lld/internships", pid, body,
			     &r),
			 201);
	j = response_json(&r);
	response_free(&r);
	id = harness_json_int(j, "id");
	assert_true(id > 0);
	assert_int_equal(harness_json_int(j, "participant_id"), pid);
	assert_int_equal(harness_json_int(j, "company_id"), company);
	assert_string_equal(harness_json_string(j, "status"), "planned");
	assert_string_equal(harness_json_string(j, "purpose"),
			    "Afklare lagerarbejde");
	assert_string_equal(harness_json_string(j, "tasks"), "Pakke ordrer");
	assert_string_equal(harness_json_string(j, "workplace_address"),
			    "Havnevej 1, 8000 Aarhus C");
	assert_non_null(harness_json_string(j, "start"));
	assert_non_null(harness_json_string(j, "end"));
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "timeline")), 1);
	cJSON_Delete(j);

	/* Read by all who see the citizen; the mentor without the texts. */
	assert_int_equal(api(s, HARNESS_CASEWORKER, "GET",
			     "/api/v1/internships/%lld", id, NULL, &r),
			 200);
	response_free(&r);
	assert_int_equal(api(s, HARNESS_INSTRUCTOR, "GET",
			     "/api/v1/internships/%lld", id, NULL, &r),
			 200);
	response_free(&r);
	assert_int_equal(api(s, HARNESS_MENTOR, "GET",
			     "/api/v1/internships/%lld", id, NULL, &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_true(cJSON_IsNull(harness_json_at(j, "purpose")));
	assert_string_equal(harness_json_string(j, "company.name"),
			    "Lagerhuset A/S");
	cJSON_Delete(j);
	assert_int_equal(api(s, OTHER_MENTOR, "GET", "/api/v1/internships/%lld",
			     id, NULL, &r),
			 404);
	response_free(&r);
	assert_int_equal(api(s, OTHER_ORG, "GET", "/api/v1/internships/%lld",
			     id, NULL, &r),
			 404);
	response_free(&r);
	assert_int_equal(api(s, HARNESS_CONSULTANT, "GET",
			     "/api/v1/participants/%lld/internships", pid, NULL,
			     &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "internships")),
			 1);
	cJSON_Delete(j);
	assert_int_equal(api(s, OTHER_MENTOR, "GET",
			     "/api/v1/participants/%lld/internships", pid, NULL,
			     &r),
			 404);
	response_free(&r);

	/* A change through PATCH; refused changes write nothing. */
	before = written(s);
	assert_int_equal(api(s, HARNESS_CONSULTANT, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"end\": \"2001-01-01\"}", &r),
			 422);
	harness_expect_error(&r, 422, "end");
	response_free(&r);
	assert_int_equal(api(s, HARNESS_INSTRUCTOR, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"workplace_address\": \"Et andet sted\"}", &r),
			 403);
	response_free(&r);
	assert_int_equal(api(s, HARNESS_MENTOR, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"workplace_address\": \"Et andet sted\"}", &r),
			 403);
	response_free(&r);
	assert_int_equal(api(s, OTHER_ORG, "PATCH", "/api/v1/internships/%lld",
			     id, "{\"workplace_address\": \"Et andet sted\"}",
			     &r),
			 404);
	response_free(&r);
	assert_int_equal(written(s), before);
	assert_int_equal(api(s, HARNESS_CASEWORKER, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"workplace_address\": \"Lagervej 9\"}", &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "workplace_address"),
			    "Lagervej 9");
	assert_int_equal(harness_json_int(j, "sequence"), 1);
	cJSON_Delete(j);
}

static void no_start_before_consent(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t pid = citizen(s, "Praktik Samtykke", false, NULL), id, before;
	char today[16], body[200], sid[24];
	cJSON *j;

	id = internship(s, pid);
	before = written(s);
	assert_int_equal(api(s, HARNESS_CONSULTANT, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"status\": \"running\"}", &r),
			 422);
	harness_expect_error(&r, 422, "status");
	assert_true(response_has(&r, "samtykke"));
	response_free(&r);
	assert_int_equal(post(s, HARNESS_CONSULTANT, "/internships/%lld/status",
			      id, "status=trial", &r),
			 422);
	assert_true(response_has(&r, "samtykke"));
	response_free(&r);
	/* A step that does not exist, and one not allowed from planned. */
	assert_int_equal(api(s, HARNESS_CONSULTANT, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"status\": \"ended\"}", &r),
			 422);
	response_free(&r);
	assert_int_equal(written(s), before);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM internship "
					 "WHERE id = ?1 AND status = 'planned'",
					 fixture_num(id, sid), NULL),
			 1);

	/* The guide's consent is saved: now it starts. */
	fixture_day_from_now(s, 0, today);
	snprintf(body, sizeof(body),
		 "{\"purpose\": \"Afklare lagerarbejde\", \"citizen_consent\": "
		 "true, \"citizen_signed_on\": \"%s\"}",
		 today);
	fixture_answers(fixture_as(s, HARNESS_CASEWORKER), pid, "agreement",
			body, 201);
	assert_int_equal(post(s, HARNESS_CONSULTANT, "/internships/%lld/status",
			      id, "status=trial", &r),
			 303);
	response_free(&r);
	assert_int_equal(api(s, HARNESS_CONSULTANT, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"status\": \"running\"}", &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "status"), "running");
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "timeline")), 3);
	cJSON_Delete(j);

	/* A stop needs who and why; with them it ends today. */
	before = written(s);
	assert_int_equal(api(s, HARNESS_CASEWORKER, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"status\": \"ended_early\", \"reason\": "
			     "\"Borgeren er syg\"}",
			     &r),
			 422);
	harness_expect_error(&r, 422, "ended_by");
	response_free(&r);
	assert_int_equal(api(s, HARNESS_CASEWORKER, "PATCH",
			     "/api/v1/internships/%lld", id,
			     "{\"status\": \"ended_early\", \"ended_by\": "
			     "\"nogen\", \"reason\": \"Borgeren er syg\"}",
			     &r),
			 422);
	response_free(&r);
	assert_int_equal(written(s), before);
}

static void pages_by_role(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char digits[11], sid[24];
	int64_t pid = citizen(s, "Praktik Sider", true, digits), id, before;

	/* The new form, pre-filled, for those who make internships. */
	make_company(s);
	assert_int_equal(get(s, HARNESS_CONSULTANT,
			     "/participants/%lld/internships/new", pid, &r),
			 200);
	assert_true(response_has(&r, "Lagerhuset A/S"));
	assert_true(response_has(&r, "Karen Lagerchef"));
	assert_true(response_has(&r, "Afklare lagerarbejde"));
	response_free(&r);
	assert_int_equal(get(s, HARNESS_INSTRUCTOR,
			     "/participants/%lld/internships/new", pid, &r),
			 403);
	response_free(&r);
	assert_int_equal(get(s, HARNESS_MENTOR,
			     "/participants/%lld/internships/new", pid, &r),
			 403);
	response_free(&r);
	assert_int_equal(get(s, OTHER_ORG, "/participants/%lld/internships/new",
			     pid, &r),
			 404);
	response_free(&r);

	/* Made through the page. */
	before = written(s);
	assert_int_equal(post(s, HARNESS_CASEWORKER,
			      "/participants/%lld/internships", pid,
			      "company_id=&start=ukendt", &r),
			 422);
	response_free(&r);
	assert_int_equal(written(s), before);
	{
		char fields[200];

		snprintf(fields, sizeof(fields),
			 "company_id=%lld&contact_id=%lld&workplace_address=",
			 (long long)company, (long long)contact);
		assert_int_equal(post(s, HARNESS_CASEWORKER,
				      "/participants/%lld/internships", pid,
				      fields, &r),
				 303);
	}
	assert_non_null(
		strstr(response_header(&r, "Location"), "/internships/"));
	response_free(&r);
	id = harness_sql_int(s,
			     "SELECT max(id) FROM internship WHERE "
			     "participant_id = ?1",
			     fixture_num(pid, sid), NULL);
	assert_true(id > 0);

	/* The participant page's panel. */
	assert_int_equal(
		get(s, HARNESS_CONSULTANT, "/participants/%lld", pid, &r), 200);
	assert_true(response_has(&r, "id=\"praktik\""));
	assert_true(response_has(&r, "Lagerhuset A/S"));
	assert_true(response_has(&r, "Opret praktik"));
	response_free(&r);
	assert_int_equal(get(s, HARNESS_MENTOR, "/participants/%lld", pid, &r),
			 200);
	assert_true(response_has(&r, "Lagerhuset A/S"));
	assert_false(response_has(&r, "Opret praktik"));
	response_free(&r);

	/* The internship's page: everyone who sees the citizen. */
	assert_int_equal(get(s, HARNESS_LEADER, "/internships/%lld", id, &r),
			 200);
	assert_true(response_has(&r, "Planlagt"));
	assert_true(response_has(&r, "action=\"/internships/"));
	assert_true(response_has(&r, "Begynd snuspraktik"));
	assert_true(response_has(&r, "Ret praktikken"));
	response_free(&r);
	assert_int_equal(
		get(s, HARNESS_CONSULTANT, "/internships/%lld", id, &r), 200);
	response_free(&r);
	assert_int_equal(
		get(s, HARNESS_CASEWORKER, "/internships/%lld", id, &r), 200);
	response_free(&r);
	assert_int_equal(
		get(s, HARNESS_INSTRUCTOR, "/internships/%lld", id, &r), 200);
	assert_true(response_has(&r, "Afklare lagerarbejde"));
	assert_false(response_has(&r, "Ret praktikken"));
	response_free(&r);
	assert_int_equal(get(s, HARNESS_MENTOR, "/internships/%lld", id, &r),
			 200);
	assert_true(response_has(&r, "Lagerhuset A/S"));
	assert_false(response_has(&r, "Afklare lagerarbejde"));
	assert_false(response_has(&r, "Udskriv praktikaftalen"));
	response_free(&r);
	assert_int_equal(get(s, OTHER_MENTOR, "/internships/%lld", id, &r),
			 404);
	response_free(&r);
	assert_int_equal(get(s, OTHER_ORG, "/internships/%lld", id, &r), 404);
	response_free(&r);

	/* Changes and steps through the page. */
	before = written(s);
	assert_int_equal(post(s, HARNESS_CONSULTANT, "/internships/%lld", id,
			      "start=ukendt", &r),
			 422);
	response_free(&r);
	assert_int_equal(post(s, HARNESS_INSTRUCTOR, "/internships/%lld", id,
			      "workplace_address=X", &r),
			 403);
	response_free(&r);
	assert_int_equal(post(s, HARNESS_MENTOR, "/internships/%lld/status", id,
			      "status=trial", &r),
			 403);
	response_free(&r);
	assert_int_equal(post(s, OTHER_ORG, "/internships/%lld/status", id,
			      "status=trial", &r),
			 404);
	response_free(&r);
	assert_int_equal(post(s, HARNESS_CONSULTANT, "/internships/%lld/status",
			      id, "status=postponed&weeks=3&reason=Ikke+klar",
			      &r),
			 422);
	assert_true(response_has(&r, "1 eller 2 uger"));
	response_free(&r);
	assert_int_equal(written(s), before);
	assert_int_equal(post(s, HARNESS_CONSULTANT, "/internships/%lld/status",
			      id, "status=postponed&weeks=1&reason=Ikke+klar",
			      &r),
			 303);
	response_free(&r);
	assert_int_equal(
		get(s, HARNESS_CONSULTANT, "/internships/%lld", id, &r), 200);
	assert_true(response_has(&r, "Udskudt"));
	assert_true(response_has(&r, "Ikke klar"));
	response_free(&r);

	/* The printable agreement: no CPR number; not for the mentor. */
	assert_int_equal(
		get(s, HARNESS_CONSULTANT, "/internships/%lld/print", id, &r),
		200);
	assert_true(response_has(&r, "Aftale om virksomhedspraktik"));
	assert_true(response_has(&r, "Praktik Sider"));
	assert_true(response_has(&r, "Lagerhuset A/S"));
	assert_true(response_has(&r, "Underskrift"));
	assert_false(response_has(&r, digits));
	assert_false(response_has(&r, "CPR-nummer"));
	response_free(&r);
	assert_int_equal(
		get(s, HARNESS_MENTOR, "/internships/%lld/print", id, &r), 403);
	response_free(&r);
	assert_int_equal(get(s, OTHER_ORG, "/internships/%lld/print", id, &r),
			 404);
	response_free(&r);
}

static void every_read_is_audited(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t pid = citizen(s, "Praktik Revision", true, NULL), id, n;
	char sid[24];

	id = internship(s, pid);
	fixture_num(pid, sid);
	n = harness_sql_int(s, READ_AUDITED, sid, NULL);
	assert_int_equal(
		get(s, HARNESS_CONSULTANT, "/internships/%lld", id, &r), 200);
	response_free(&r);
	assert_int_equal(harness_sql_int(s, READ_AUDITED, sid, NULL), n + 1);
	assert_int_equal(api(s, HARNESS_MENTOR, "GET",
			     "/api/v1/internships/%lld", id, NULL, &r),
			 200);
	response_free(&r);
	assert_int_equal(harness_sql_int(s, READ_AUDITED, sid, NULL), n + 2);
	assert_int_equal(
		get(s, HARNESS_LEADER, "/internships/%lld/print", id, &r), 200);
	response_free(&r);
	assert_int_equal(harness_sql_int(s, READ_AUDITED, sid, NULL), n + 3);
	assert_int_equal(api(s, HARNESS_CASEWORKER, "GET",
			     "/api/v1/participants/%lld/internships", pid, NULL,
			     &r),
			 200);
	response_free(&r);
	assert_int_equal(harness_sql_int(s, READ_AUDITED, sid, NULL), n + 4);
	/* The new form shows the guide's purpose and tasks. */
	assert_int_equal(get(s, HARNESS_CONSULTANT,
			     "/participants/%lld/internships/new", pid, &r),
			 200);
	response_free(&r);
	assert_int_equal(harness_sql_int(s, READ_AUDITED, sid, NULL), n + 5);
	/* A refused read is not a read. */
	assert_int_equal(get(s, OTHER_ORG, "/internships/%lld", id, &r), 404);
	response_free(&r);
	assert_int_equal(harness_sql_int(s, READ_AUDITED, sid, NULL), n + 5);
	/* Each names the internship and how it was read. */
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "subject_id = ?1 AND action = "
					 "'participant.internship_read' AND "
					 "detail LIKE 'internship % print'",
					 sid, NULL),
			 1);
}

static void renewals_link_and_the_cap_warns(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t pid = citizen(s, "Praktik Fornyelse", true, NULL);
	int64_t other = citizen(s, "Praktik Anden", true, NULL), first, second;
	char path[96], fields[200], sid[24], end[16];
	cJSON *j;

	first = internship(s, pid);
	internship(s, other);
	/* Two interns in the same weeks at a company of three: the form
	 * warns of the cap. */
	assert_int_equal(get(s, HARNESS_CONSULTANT,
			     "/participants/%lld/internships/new", pid, &r),
			 200);
	assert_true(response_has(&r, "Loft over praktikanter"));
	response_free(&r);

	/* The renewal form continues the first; not another's. */
	snprintf(path, sizeof(path),
		 "/participants/%lld/internships/new?previous=%lld",
		 (long long)pid, (long long)first);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CONSULTANT), path, &r), 200);
	assert_true(response_has(&r, "name=\"previous_id\""));
	assert_true(response_has(&r, "fortsætter praktikken hos"));
	response_free(&r);
	snprintf(path, sizeof(path),
		 "/participants/%lld/internships/new?previous=%lld",
		 (long long)other, (long long)first);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CONSULTANT), path, &r), 404);
	response_free(&r);

	/* Made through the API, it starts after the first and links it. */
	harness_sql_text(s, end, sizeof(end),
			 "SELECT end_on FROM internship WHERE id = ?1",
			 fixture_num(first, sid), NULL);
	snprintf(fields, sizeof(fields),
		 "{\"company_id\": %lld, \"previous_id\": %lld, \"start\": "
		 "\"%s\"}",
		 (long long)company, (long long)first, end);
	assert_int_equal(api(s, HARNESS_CONSULTANT, "POST",
			     "/api/v1/participants/%lld/internships", pid,
			     fields, &r),
			 422);
	harness_expect_error(&r, 422, "start");
	response_free(&r);
	snprintf(fields, sizeof(fields),
		 "{\"company_id\": %lld, \"previous_id\": %lld}",
		 (long long)company, (long long)first);
	assert_int_equal(api(s, HARNESS_CONSULTANT, "POST",
			     "/api/v1/participants/%lld/internships", pid,
			     fields, &r),
			 201);
	j = response_json(&r);
	response_free(&r);
	second = harness_json_int(j, "id");
	assert_int_equal(harness_json_int(j, "previous_id"), first);
	assert_true(strcmp(harness_json_string(j, "start"), end) > 0);
	cJSON_Delete(j);
	assert_int_equal(
		get(s, HARNESS_CONSULTANT, "/internships/%lld", second, &r),
		200);
	snprintf(path, sizeof(path), "href=\"/internships/%lld\"",
		 (long long)first);
	assert_true(response_has(&r, path));
	response_free(&r);
	assert_int_equal(
		get(s, HARNESS_CONSULTANT, "/internships/%lld", first, &r),
		200);
	assert_true(response_has(&r, "Fortsat af"));
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_api_makes_reads_and_refuses),
		cmocka_unit_test(no_start_before_consent),
		cmocka_unit_test(pages_by_role),
		cmocka_unit_test(every_read_is_audited),
		cmocka_unit_test(renewals_link_and_the_cap_warns),
	};

	return cmocka_run_group_tests(tests, harness_setup, fixture_teardown);
}
