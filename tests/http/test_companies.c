/*
 * HTTP tests of the host companies: registering one with its contacts
 * through the API and the pages, the CVR check and every other refusal
 * writing nothing, changes and contacts with their audit rows, the cap
 * and its statement, the search, the internships a viewer may see, and
 * who sees and changes what (a mentor only a mentee's host's name,
 * address and contacts).
 */
#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define COHORT "Testhold virksomheder"
/* Valid CVR numbers (modulus 11) that the demo does not use. */
#define CVR_A "11223346"
#define CVR_B "33445563"
#define CVR_C "44556677"
#define CVR_D "55667780"
#define CVR_E "66778894"
/* 12345678 fails the modulus-11 check. */
#define CVR_BAD "12345678"

static int64_t companies(struct server *s, const char *cvr)
{
	return harness_sql_int(s, "SELECT count(*) FROM company WHERE cvr = ?1",
			       cvr, NULL);
}

static int64_t company_id(struct server *s, const char *cvr)
{
	return harness_sql_int(s, "SELECT id FROM company WHERE cvr = ?1", cvr,
			       NULL);
}

/* Audit rows of action about company id. */
static int64_t audited(struct server *s, const char *action, int64_t id)
{
	char n[24];

	return harness_sql_int(s,
			       "SELECT count(*) FROM audit WHERE action = ?1 "
			       "AND subject_type = 'company' AND subject_id = "
			       "?2",
			       action, fixture_num(id, n), NULL);
}

/* POSTs a company as c through the API; the status, the answer in r. */
static long create(struct client *c, const char *json, struct response *r)
{
	return client_api(c, "POST", "/api/v1/companies", json, r);
}

/* A company of the consultant's job centre made through the API; its id. */
static int64_t make_company(struct server *s, const char *name, const char *cvr,
			    int employees)
{
	struct response r = RESPONSE_INIT;
	char body[512];
	int64_t id;
	cJSON *j;

	snprintf(body, sizeof(body),
		 "{\"name\": \"%s\", \"cvr\": \"%s\", \"address\": "
		 "\"Havnegade 1, 8000 Aarhus C\", \"employees\": %d, "
		 "\"contacts\": [{\"name\": \"Kontakt %s\", \"role\": "
		 "\"Mester\", \"email\": \"kontakt@%s.invalid\", \"phone\": "
		 "\"+45 12 34 56 78\"}]}",
		 name, cvr, employees, cvr, cvr);
	if (create(fixture_as(s, HARNESS_CONSULTANT), body, &r) != 201)
		fail_msg("create %s: %ld %s", name, r.status, r.body.data);
	j = response_json(&r);
	id = harness_json_int(j, "id");
	cJSON_Delete(j);
	response_free(&r);
	return id;
}

static void api_registers_a_company_with_its_contacts(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	const cJSON *contacts;
	char path[64];
	int64_t id;
	cJSON *j;

	assert_int_equal(
		create(c,
		       "{\"name\": \"Bageriet Kornet\", \"cvr\": \"" CVR_A
		       "\", \"address\": \"Bagergade 3, 8000 Aarhus C\", "
		       "\"employees\": 3, \"contacts\": [{\"name\": \"Hanne "
		       "Bager\", \"role\": \"Ejer\", \"email\": "
		       "\"Hanne@Kornet.invalid\", \"phone\": \"86 12 34 56\"}, "
		       "{\"name\": \"Ole Svend\", \"role\": \"Svend\"}]}",
		       &r),
		201);
	j = response_json(&r);
	response_free(&r);
	id = harness_json_int(j, "id");
	assert_true(id > 0);
	assert_string_equal(harness_json_string(j, "name"), "Bageriet Kornet");
	assert_string_equal(harness_json_string(j, "cvr"), CVR_A);
	assert_string_equal(harness_json_string(j, "address"),
			    "Bagergade 3, 8000 Aarhus C");
	assert_int_equal(harness_json_int(j, "employees"), 3);
	/* Three employees: one intern at a time, none now. */
	assert_int_equal(harness_json_int(j, "cap"), 1);
	assert_int_equal(harness_json_int(j, "interns"), 0);
	assert_true(cJSON_IsNull(harness_json_at(j, "cap_statement_on")));
	assert_true(cJSON_IsTrue(harness_json_at(j, "may_change")));
	assert_string_equal(harness_json_string(j, "organisation"),
			    "Jobcenter Aarhus");
	contacts = harness_json_at(j, "contacts");
	assert_int_equal(cJSON_GetArraySize(contacts), 2);
	assert_string_equal(
		harness_json_string(cJSON_GetArrayItem(contacts, 0), "name"),
		"Hanne Bager");
	/* The e-mail address as the form field makes it: lower case. */
	assert_string_equal(
		harness_json_string(cJSON_GetArrayItem(contacts, 0), "email"),
		"hanne@kornet.invalid");
	assert_string_equal(
		harness_json_string(cJSON_GetArrayItem(contacts, 1), "role"),
		"Svend");
	assert_true(harness_json_int(cJSON_GetArrayItem(contacts, 0), "id") >
		    0);
	cJSON_Delete(j);

	/* The rows and the audit: one create, one row per contact, by the
	 * consultant. */
	assert_int_equal(companies(s, CVR_A), 1);
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM company_contact "
				      "WHERE company_id = ?1",
				      id),
			 2);
	assert_int_equal(audited(s, "company.create", id), 1);
	assert_int_equal(audited(s, "company.contact", id), 2);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'company.create' AND actor "
					 "= ?1 AND subject = 'Bageriet Kornet'",
					 HARNESS_CONSULTANT, NULL),
			 1);

	/* Read back. */
	snprintf(path, sizeof(path), "/api/v1/companies/%lld", (long long)id);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "cvr"), CVR_A);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "contacts")), 2);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "internships")),
			 0);
	cJSON_Delete(j);
}

static void api_refuses_bad_input_and_writes_nothing(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	int64_t before = harness_sql_int(s, "SELECT count(*) FROM company",
					 NULL);
	int64_t contacts = harness_sql_int(
		s, "SELECT count(*) FROM company_contact", NULL);
	int64_t audit = harness_sql_int(
		s, "SELECT count(*) FROM audit WHERE action LIKE 'company.%'",
		NULL);
	const char *msg;
	cJSON *j;

	/* The modulus-11 check. */
	assert_int_equal(create(c,
				"{\"name\": \"Forkert CVR\", \"cvr\": "
				"\"" CVR_BAD "\", \"employees\": 4}",
				&r),
			 422);
	harness_expect_error(&r, 422, "cvr");
	j = response_json(&r);
	msg = harness_json_string(j, "error.message");
	assert_non_null(msg);
	assert_non_null(strstr(msg, "CVR-nummeret er ikke gyldigt"));
	cJSON_Delete(j);
	response_free(&r);
	/* Too short, a leading 0, letters. */
	assert_int_equal(create(c,
				"{\"name\": \"Kort\", \"cvr\": \"1234\", "
				"\"employees\": 4}",
				&r),
			 422);
	harness_expect_error(&r, 422, "cvr");
	assert_true(response_has(&r, "8 cifre"));
	response_free(&r);
	assert_int_equal(create(c,
				"{\"name\": \"Nul\", \"cvr\": \"01234567\", "
				"\"employees\": 4}",
				&r),
			 422);
	harness_expect_error(&r, 422, "cvr");
	response_free(&r);
	/* No name; employees out of bounds or not a number. */
	assert_int_equal(
		create(c, "{\"cvr\": \"" CVR_B "\", \"employees\": 4}", &r),
		422);
	harness_expect_error(&r, 422, "name");
	response_free(&r);
	assert_int_equal(create(c,
				"{\"name\": \"Mange\", \"cvr\": \"" CVR_B
				"\", \"employees\": 1000001}",
				&r),
			 422);
	harness_expect_error(&r, 422, "employees");
	response_free(&r);
	assert_int_equal(
		create(c, "{\"name\": \"Ingen\", \"cvr\": \"" CVR_B "\"}", &r),
		422);
	harness_expect_error(&r, 422, "employees");
	response_free(&r);
	/* A bad contact (its e-mail), or one that is not an object: the
	 * company is not written either. */
	assert_int_equal(create(c,
				"{\"name\": \"Kontaktfejl\", \"cvr\": "
				"\"" CVR_B "\", \"employees\": 4, "
				"\"contacts\": [{\"name\": \"A\"}, {\"name\": "
				"\"B\", \"email\": \"ikke-en-adresse\"}]}",
				&r),
			 422);
	harness_expect_error(&r, 422, "contacts");
	assert_true(response_has(&r, "Kontaktperson 2"));
	response_free(&r);
	assert_int_equal(create(c,
				"{\"name\": \"Kontaktfejl\", \"cvr\": "
				"\"" CVR_B "\", \"employees\": 4, "
				"\"contacts\": [\"Hanne\"]}",
				&r),
			 422);
	harness_expect_error(&r, 422, "contacts");
	response_free(&r);
	/* A contact without a name. */
	assert_int_equal(create(c,
				"{\"name\": \"Kontaktfejl\", \"cvr\": "
				"\"" CVR_B "\", \"employees\": 4, "
				"\"contacts\": [{\"role\": \"Mester\"}]}",
				&r),
			 422);
	harness_expect_error(&r, 422, "contacts");
	response_free(&r);
	/* A statement received tomorrow. */
	{
		char body[256], tomorrow[16];

		fixture_day_from_now(s, 1, tomorrow);
		snprintf(body, sizeof(body),
			 "{\"name\": \"Fremtid\", \"cvr\": \"" CVR_B
			 "\", \"employees\": 4, \"cap_statement_on\": \"%s\"}",
			 tomorrow);
		assert_int_equal(create(c, body, &r), 422);
		harness_expect_error(&r, 422, "cap_statement_on");
		response_free(&r);
	}

	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM company", NULL),
		before);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM company_contact",
					 NULL),
			 contacts);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action LIKE 'company.%'",
					 NULL),
			 audit);
}

static void api_refuses_a_second_company_of_one_cvr(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t id = make_company(s, "Dobbelt A/S", CVR_C, 20);

	assert_true(id > 0);
	assert_int_equal(create(fixture_as(s, HARNESS_CONSULTANT),
				"{\"name\": \"Dobbelt igen\", \"cvr\": "
				"\"" CVR_C "\", \"employees\": 20}",
				&r),
			 409);
	harness_expect_error(&r, 409, NULL);
	assert_true(response_has(&r, "Dobbelt A/S"));
	response_free(&r);
	assert_int_equal(companies(s, CVR_C), 1);
	/* Another organisation keeps its own register: Mestringshuset's
	 * project leader may register the same company. */
	assert_int_equal(create(fixture_as(s, HARNESS_LEADER),
				"{\"name\": \"Dobbelt A/S\", \"cvr\": "
				"\"" CVR_C "\", \"employees\": 20}",
				&r),
			 201);
	response_free(&r);
	assert_int_equal(companies(s, CVR_C), 2);
}

static void api_changes_a_company_and_its_contacts(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	int64_t id = make_company(s, "Ændring ApS", CVR_D, 4);
	int64_t contact, updates;
	char path[64], body[256], yesterday[16];
	const cJSON *k;
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/companies/%lld", (long long)id);
	contact = harness_sql_int(s,
				  "SELECT id FROM company_contact WHERE "
				  "company_id = (SELECT id FROM company WHERE "
				  "cvr = ?1)",
				  CVR_D, NULL);
	/* A bad CVR number changes nothing, not even the fields beside it. */
	assert_int_equal(client_api(c, "PATCH", path,
				    "{\"employees\": 60, \"cvr\": "
				    "\"" CVR_BAD "\"}",
				    &r),
			 422);
	harness_expect_error(&r, 422, "cvr");
	response_free(&r);
	assert_int_equal(fixture_rows(s,
				      "SELECT employees FROM company WHERE id "
				      "= ?1",
				      id),
			 4);
	assert_int_equal(audited(s, "company.update", id), 0);
	/* A contact of another company is refused, with nothing written. */
	assert_int_equal(client_api(c, "PATCH", path,
				    "{\"employees\": 60, \"contacts\": "
				    "[{\"id\": 999999, \"name\": \"X\"}]}",
				    &r),
			 422);
	harness_expect_error(&r, 422, "contacts");
	response_free(&r);
	assert_int_equal(fixture_rows(s,
				      "SELECT employees FROM company WHERE id "
				      "= ?1",
				      id),
			 4);

	/* 60 employees: 10 for the first 50, 1 for the 10 beyond. */
	fixture_day_from_now(s, -1, yesterday);
	snprintf(body, sizeof(body),
		 "{\"employees\": 60, \"cap_statement_on\": \"%s\", "
		 "\"contacts\": [{\"id\": %lld, \"active\": false}, "
		 "{\"name\": \"Ny Mester\", \"phone\": \"12345678\"}]}",
		 yesterday, (long long)contact);
	assert_int_equal(client_api(c, "PATCH", path, body, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(harness_json_int(j, "employees"), 60);
	assert_int_equal(harness_json_int(j, "cap"), 11);
	assert_string_equal(harness_json_string(j, "cap_statement_on"),
			    yesterday);
	/* The name is left as it was. */
	assert_string_equal(harness_json_string(j, "name"), "Ændring ApS");
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "contacts")), 2);
	cJSON_ArrayForEach(k, harness_json_at(j, "contacts"))
	{
		if (harness_json_int(k, "id") == contact)
			assert_true(
				cJSON_IsFalse(harness_json_at(k, "active")));
		else
			assert_string_equal(harness_json_string(k, "name"),
					    "Ny Mester");
	}
	cJSON_Delete(j);
	assert_int_equal(audited(s, "company.update", id), 1);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'company.contact' AND "
					 "detail LIKE '%deaktiveret%'",
					 NULL),
			 1);
	/* The statement taken back (null); a change of nothing writes no
	 * audit row. */
	updates = audited(s, "company.update", id);
	assert_int_equal(client_api(c, "PATCH", path,
				    "{\"cap_statement_on\": null}", &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_true(cJSON_IsNull(harness_json_at(j, "cap_statement_on")));
	cJSON_Delete(j);
	assert_int_equal(audited(s, "company.update", id), updates + 1);
	assert_int_equal(
		client_api(c, "PATCH", path, "{\"employees\": 60}", &r), 200);
	response_free(&r);
	assert_int_equal(audited(s, "company.update", id), updates + 1);
}

/* The demo mentor becomes the mentor of a new participant of COHORT who
 * has an internship at company; the participant's id. */
static int64_t intern_at(struct server *s, int64_t company, const char *name,
			 unsigned serial, bool mentored)
{
	char cpr[12], pid[24], cid[24], err[200];
	int64_t id;

	fixture_cpr(3 + serial, 4, 1990, 5200 + serial, cpr, NULL);
	id = fixture_demo_participant(s, COHORT, name, cpr);
	fixture_num(id, pid);
	if (mentored)
		assert_int_equal(harness_sql_exec(s, err, sizeof(err),
						  "UPDATE participant SET "
						  "mentor_id = (SELECT id FROM "
						  "user WHERE email = ?1) "
						  "WHERE id = ?2",
						  HARNESS_MENTOR, pid, NULL),
				 0);
	assert_int_equal(harness_sql_exec(s, err, sizeof(err),
					  "INSERT INTO internship "
					  "(participant_id, company_id, "
					  "start_on, end_on, status, "
					  "teaching_weekday, created_at, "
					  "updated_at) VALUES (?1, ?2, "
					  "date('now', '-7 days'), date('now', "
					  "'+70 days'), 'running', 5, 0, 0)",
					  pid, fixture_num(company, cid), NULL),
			 0);
	return id;
}

static void who_sees_and_changes_a_company(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t id = make_company(s, "Synlig Smedie", CVR_E, 3);
	char path[64], page[64], n[24];
	int64_t reads;
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/companies/%lld", (long long)id);
	snprintf(page, sizeof(page), "/companies/%lld", (long long)id);
	/* Staff of its job centre see it; only consultants and project
	 * leaders change it. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_CASEWORKER), "GET",
				    path, NULL, &r),
			 200);
	j = response_json(&r);
	assert_true(cJSON_IsFalse(harness_json_at(j, "may_change")));
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(client_api(fixture_as(s, HARNESS_CASEWORKER), "PATCH",
				    path, "{\"employees\": 9}", &r),
			 403);
	response_free(&r);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CASEWORKER), page, &r), 200);
	assert_true(response_has(&r, "Synlig Smedie"));
	assert_false(response_has(&r, "Ret virksomheden"));
	assert_false(response_has(&r, "Tilføj kontaktperson"));
	assert_false(response_has(&r, "Deaktivér"));
	response_free(&r);
	/* The administrator works with no companies. */
	assert_int_equal(
		client_api(fixture_as(s, HARNESS_ADMIN), "GET", path, NULL, &r),
		403);
	response_free(&r);
	/* Mestringshuset's staff do not see it before one of their
	 * citizens interns there; its project leader may not change it,
	 * and is told why. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_INSTRUCTOR), "GET",
				    path, NULL, &r),
			 404);
	response_free(&r);
	assert_int_equal(client_api(fixture_as(s, HARNESS_LEADER), "PATCH",
				    path, "{\"employees\": 9}", &r),
			 404);
	response_free(&r);
	/* The mentor sees no list of companies, and is told why. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_MENTOR), "GET",
				    "/api/v1/companies", NULL, &r),
			 403);
	assert_true(response_has(&r, "Som mentor"));
	response_free(&r);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_MENTOR), "/companies", &r),
		403);
	assert_true(response_has(&r, "Som mentor"));
	response_free(&r);
	assert_int_equal(client_api(fixture_as(s, HARNESS_MENTOR), "GET", path,
				    NULL, &r),
			 404);
	response_free(&r);

	/* A citizen of the cohort interns there, with the demo mentor. */
	intern_at(s, id, "Praktikant Smedie", 1, true);
	/* Mestringshuset's project leader and instructor now see it, with
	 * the intern; the project leader still may not change it. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_INSTRUCTOR), "GET",
				    path, NULL, &r),
			 200);
	assert_true(response_has(&r, "Praktikant Smedie"));
	response_free(&r);
	assert_int_equal(client_api(fixture_as(s, HARNESS_LEADER), "PATCH",
				    path, "{\"employees\": 9}", &r),
			 403);
	assert_true(response_has(&r, "Kun virksomhedskonsulenter"));
	response_free(&r);
	assert_int_equal(client_get(fixture_as(s, HARNESS_LEADER), page, &r),
			 200);
	assert_false(response_has(&r, "Ret virksomheden"));
	response_free(&r);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_LEADER), "/companies", &r),
		200);
	/* Its own list is of Mestringshuset's companies. */
	assert_false(response_has(&r, "Synlig Smedie"));
	response_free(&r);
	/* The mentor sees the host's name, address and contacts; no CVR
	 * number, employees, cap or internships. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_MENTOR), "GET", path,
				    NULL, &r),
			 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "name"), "Synlig Smedie");
	assert_non_null(harness_json_string(j, "address"));
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "contacts")), 1);
	assert_null(harness_json_at(j, "cvr"));
	assert_null(harness_json_at(j, "employees"));
	assert_null(harness_json_at(j, "internships"));
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(client_get(fixture_as(s, HARNESS_MENTOR), page, &r),
			 200);
	assert_true(response_has(&r, "Kontakt " CVR_E));
	assert_false(response_has(&r, "CVR-nummer"));
	assert_false(response_has(&r, "Praktikant Smedie"));
	assert_false(response_has(&r, "Praktikantloft"));
	response_free(&r);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_MENTOR), "/companies/new", &r),
		403);
	response_free(&r);

	/* The consultant's page lists the intern, the cap (three employees:
	 * one) reached, and each name shown is an audited read. */
	snprintf(n, sizeof(n), "company %lld", (long long)id);
	reads = harness_sql_int(s,
				"SELECT ifnull(sum(count), 0) FROM audit WHERE "
				"action = 'participant.list' AND detail = ?1",
				n, NULL);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CONSULTANT), page, &r), 200);
	assert_true(response_has(&r, "Praktikant Smedie"));
	assert_true(response_has(&r, "Loftet er nået"));
	assert_true(response_has(&r, "Ret virksomheden"));
	response_free(&r);
	assert_true(harness_sql_int(s,
				    "SELECT ifnull(sum(count), 0) FROM audit "
				    "WHERE action = 'participant.list' AND "
				    "detail = ?1",
				    n, NULL) > reads);
	assert_int_equal(client_api(fixture_as(s, HARNESS_CONSULTANT), "GET",
				    path, NULL, &r),
			 200);
	j = response_json(&r);
	assert_int_equal(harness_json_int(j, "interns"), 1);
	assert_int_equal(harness_json_int(j, "cap"), 1);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "internships")),
			 1);
	assert_string_equal(
		harness_json_string(
			cJSON_GetArrayItem(harness_json_at(j, "internships"),
					   0),
			"status"),
		"running");
	cJSON_Delete(j);
	response_free(&r);
	/* An unknown company is 404 to everyone. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_CONSULTANT), "GET",
				    "/api/v1/companies/987654", NULL, &r),
			 404);
	response_free(&r);
}

static void list_and_search(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	const cJSON *first;
	char q[300];
	cJSON *j;

	make_company(s, "Søgbar Tømrer", "78901233", 8);
	assert_int_equal(client_get(c, "/companies", &r), 200);
	assert_true(response_has(&r, "Søgbar Tømrer"));
	assert_true(response_has(&r, "Ny virksomhed"));
	assert_true(response_has(&r, "href=\"/companies\""));
	response_free(&r);
	/* By a part of the name, any case, and by the CVR number's start. */
	assert_int_equal(client_get(c, "/companies?q=T%C3%B8MRER", &r), 200);
	assert_true(response_has(&r, "Søgbar Tømrer"));
	assert_false(response_has(&r, "Bageriet Kornet"));
	response_free(&r);
	assert_int_equal(
		client_api(c, "GET", "/api/v1/companies?q=789012", NULL, &r),
		200);
	j = response_json(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "companies")),
			 1);
	first = cJSON_GetArrayItem(harness_json_at(j, "companies"), 0);
	assert_string_equal(harness_json_string(first, "name"),
			    "Søgbar Tømrer");
	assert_int_equal(harness_json_int(first, "cap"), 1);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(first, "contacts")),
			 1);
	cJSON_Delete(j);
	response_free(&r);
	/* A wildcard is a character like any other. */
	assert_int_equal(client_get(c, "/companies?q=%25", &r), 200);
	assert_false(response_has(&r, "Søgbar Tømrer"));
	response_free(&r);
	/* A search has bounds. */
	memset(q, 'a', sizeof(q));
	memcpy(q, "/companies?q=", 13);
	q[13 + 201] = '\0';
	assert_int_equal(client_get(c, q, &r), 422);
	response_free(&r);
	/* The caseworker sees the list, without the button; the menu item
	 * is there for them and not for the mentor. */
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CASEWORKER), "/companies", &r),
		200);
	assert_true(response_has(&r, "Søgbar Tømrer"));
	assert_false(response_has(&r, "Ny virksomhed"));
	response_free(&r);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_MENTOR), "/start", &r), 200);
	assert_false(response_has(&r, "Virksomheder"));
	response_free(&r);
}

static void pages_register_and_change_a_company(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	struct buf f = BUF_INIT(0);
	char path[64], edit[80], contacts[80], tomorrow[16], today[16];
	const char *loc;
	int64_t id, contact;

	assert_int_equal(client_get(c, "/companies/new", &r), 200);
	assert_true(response_has(&r, "CVR-nummer"));
	response_free(&r);
	/* Every problem at once, the values kept, nothing written. */
	assert_int_equal(
		client_post(c, "/companies",
			    harness_form(&f, "name", "", "cvr", CVR_BAD,
					 "employees", "mange", "contact_name",
					 "Lise Gartner", "contact_email",
					 "lise@", NULL),
			    &r),
		422);
	assert_true(response_has(&r, "Virksomhedens navn skal udfyldes."));
	assert_true(response_has(&r, "CVR-nummeret er ikke gyldigt"));
	assert_true(response_has(&r, "Antal ordinært ansatte"));
	assert_true(response_has(&r, "value=\"Lise Gartner\""));
	response_free(&r);
	assert_int_equal(companies(s, CVR_BAD), 0);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM company_contact "
					 "WHERE name = 'Lise Gartner'",
					 NULL),
			 0);
	/* The number as people write it, with spaces. */
	assert_int_equal(
		client_post(c, "/companies",
			    harness_form(&f, "name", "Gartneriet Rosen", "cvr",
					 "89 01 23 41", "address",
					 "Rosenvej 2, 8200 Aarhus N",
					 "employees", "25", "contact_name",
					 "Lise Gartner", "contact_role",
					 "Mester", "contact_email",
					 "lise@rosen.invalid", NULL),
			    &r),
		303);
	loc = response_header(&r, "Location");
	assert_non_null(loc);
	id = company_id(s, "89012341");
	snprintf(path, sizeof(path), "/companies/%lld", (long long)id);
	assert_string_equal(loc, path);
	response_free(&r);
	assert_int_equal(audited(s, "company.create", id), 1);

	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Gartneriet Rosen"));
	assert_true(response_has(&r, "Lise Gartner"));
	assert_true(response_has(&r, "højst 5 praktikant"));
	assert_true(response_has(&r, "er ikke modtaget"));
	response_free(&r);

	/* The edit form; a bad change writes nothing. */
	snprintf(edit, sizeof(edit), "/companies/%lld/edit", (long long)id);
	assert_int_equal(client_get(c, edit, &r), 200);
	assert_true(response_has(&r, "value=\"Gartneriet Rosen\""));
	assert_true(response_has(&r, "value=\"25\""));
	response_free(&r);
	/* Caseworkers never change companies: the route refuses them (a
	 * project leader who sees it is told why; see above). */
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CASEWORKER), edit, &r), 403);
	response_free(&r);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&f, "name", "Rosen", "cvr", CVR_BAD,
					 "address", "", "employees", "25",
					 "cap_statement_on", "", NULL),
			    &r),
		422);
	assert_true(response_has(&r, "CVR-nummeret er ikke gyldigt"));
	response_free(&r);
	assert_int_equal(audited(s, "company.update", id), 0);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&f, "name", "Gartneriet Rosen ApS",
					 "cvr", "89012341", "address",
					 "Rosenvej 4, 8200 Aarhus N",
					 "employees", "25", "cap_statement_on",
					 "", NULL),
			    &r),
		303);
	response_free(&r);
	assert_int_equal(audited(s, "company.update", id), 1);
	assert_int_equal(
		harness_sql_int(s,
				"SELECT count(*) FROM company WHERE "
				"name = 'Gartneriet Rosen ApS' AND "
				"address = 'Rosenvej 4, 8200 Aarhus N'",
				NULL),
		1);

	/* The statement's own form: not tomorrow, then today. */
	fixture_day_from_now(s, 1, tomorrow);
	fixture_day_from_now(s, 0, today);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&f, "form", "statement",
					 "cap_statement_on", tomorrow, NULL),
			    &r),
		422);
	assert_true(response_has(&r, "ikke er kommet endnu"));
	response_free(&r);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&f, "form", "statement",
					 "cap_statement_on", today, NULL),
			    &r),
		303);
	response_free(&r);
	{
		char on[16];

		harness_sql_text(s, on, sizeof(on),
				 "SELECT cap_statement_on FROM company WHERE "
				 "cvr = '89012341'",
				 NULL);
		assert_string_equal(on, today);
	}
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "er modtaget"));
	response_free(&r);

	/* Contacts: add one, refuse a bad one, change and deactivate. */
	snprintf(contacts, sizeof(contacts), "/companies/%lld/contacts",
		 (long long)id);
	assert_int_equal(
		client_post(c, contacts,
			    harness_form(&f, "name", "Per Gartner", "email",
					 "ikke-en-adresse", NULL),
			    &r),
		422);
	assert_true(response_has(&r, "E-mail"));
	assert_true(response_has(&r, "value=\"Per Gartner\""));
	response_free(&r);
	assert_int_equal(client_post(c, contacts,
				     harness_form(&f, "name", "Per Gartner",
						  "role", "Formand", "phone",
						  "+45 20 30 40 50", NULL),
				     &r),
			 303);
	response_free(&r);
	contact = harness_sql_int(s,
				  "SELECT id FROM company_contact WHERE name "
				  "= 'Per Gartner'",
				  NULL);
	assert_true(contact > 0);
	{
		char cid[24];

		fixture_num(contact, cid);
		assert_int_equal(
			client_post(c, contacts,
				    harness_form(&f, "contact_id", cid, "role",
						 "Driftsleder", NULL),
				    &r),
			303);
		response_free(&r);
		assert_int_equal(client_post(c, contacts,
					     harness_form(&f, "contact_id", cid,
							  "active", "0", NULL),
					     &r),
				 303);
		response_free(&r);
		/* Another company's contact is not found here. */
		assert_int_equal(
			client_post(c, contacts,
				    harness_form(&f, "contact_id", "987654",
						 "active", "0", NULL),
				    &r),
			404);
		response_free(&r);
	}
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM company_contact "
					 "WHERE name = 'Per Gartner' AND role "
					 "= 'Driftsleder' AND active = 0",
					 NULL),
			 1);
	/* Lise from the create, Per added, changed, deactivated. */
	assert_int_equal(audited(s, "company.contact", id), 4);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Deaktiveret"));
	assert_true(response_has(&r, "Genaktivér"));
	response_free(&r);
	/* Without the form's token nothing is written. */
	{
		struct client *raw = fixture_page_login(s, HARNESS_CONSULTANT);

		raw->csrf[0] = '\0';
		assert_int_equal(client_post(raw, contacts,
					     harness_form(&f, "name",
							  "Uden Token", NULL),
					     &r),
				 403);
		response_free(&r);
		client_free(raw);
	}
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM company_contact "
					 "WHERE name = 'Uden Token'",
					 NULL),
			 0);
	buf_free(&f);
}

static void the_demo_has_companies_of_every_size(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	const char *aarhus = "(SELECT id FROM organisation WHERE name = "
			     "'Jobcenter Aarhus')";
	char sql[512];

	/* At least four of the job centre that makes the agreements, each
	 * with a contact, one so small that its cap is one intern. */
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM company c WHERE organisation_id = %s "
		 "AND created_by IS NOT NULL AND EXISTS (SELECT 1 FROM "
		 "company_contact k WHERE k.company_id = c.id)",
		 aarhus);
	assert_true(harness_sql_int(s, sql, NULL) >= 4);
	snprintf(sql, sizeof(sql),
		 "SELECT count(DISTINCT employees) FROM company WHERE "
		 "organisation_id = %s AND created_by IS NOT NULL",
		 aarhus);
	assert_true(harness_sql_int(s, sql, NULL) >= 4);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM company WHERE "
					 "name = 'Bageriet Kornblomsten' AND "
					 "employees = 3",
					 NULL),
			 1);
	/* Registered by the consultant through the domain: audited. */
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM audit WHERE action = "
				    "'company.create' AND actor = ?1 AND "
				    "client = 'demo'",
				    HARNESS_CONSULTANT, NULL) >= 4);
	assert_int_equal(client_get(fixture_as(s, HARNESS_CONSULTANT),
				    "/companies?q=Kornblomsten", &r),
			 200);
	assert_true(response_has(&r, "Bageriet Kornblomsten"));
	/* Three employees: none now, one at most. */
	assert_true(response_has(&r, "0 / 1"));
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_registers_a_company_with_its_contacts),
		cmocka_unit_test(api_refuses_bad_input_and_writes_nothing),
		cmocka_unit_test(api_refuses_a_second_company_of_one_cvr),
		cmocka_unit_test(api_changes_a_company_and_its_contacts),
		cmocka_unit_test(who_sees_and_changes_a_company),
		cmocka_unit_test(list_and_search),
		cmocka_unit_test(pages_register_and_change_a_company),
		cmocka_unit_test(the_demo_has_companies_of_every_size),
	};

	return cmocka_run_group_tests(tests, harness_setup, fixture_teardown);
}
