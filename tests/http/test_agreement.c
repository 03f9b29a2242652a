/*
 * HTTP tests of the internship agreement guide: versions that stay
 * readable, the print page (answers, signature lines, no CPR number),
 * sealed answers, consent and what the host may be told, validation,
 * who may read and save it, and the audit of every save and read.
 */
#include "fixtures.h"

#include "agreement.h"
#include "db.h"
#include "secret.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define LEADER_ODENSE "projektleder.odense@demo.invalid"
#define COHORT	      "Testhold aftaleguide"

/* A new participant of the demo caseworker on COHORT; its CPR number's
 * ten digits into cpr (may be NULL). Returns its id. */
static int64_t new_participant(struct server *s, const char *name, char cpr[16])
{
	static unsigned n;
	char dashed[12];

	n++;
	fixture_cpr(n % 29, 7, 1991, 4300 + n % 29, dashed, cpr);
	return fixture_demo_participant(s, COHORT, name, dashed);
}

static long save(struct client *c, int64_t pid, const char *json,
		 struct response *r)
{
	return fixture_step(c, pid, "agreement", json, r);
}

static int64_t count(struct server *s, const char *sql, int64_t pid,
		     const char *arg)
{
	char id[24];

	return harness_sql_int(s, sql, fixture_num(pid, id), arg, NULL);
}

/* agreement_host_text, run here against the server's own database and
 * key: the text, or NULL. Caller frees with secret_free. */
static char *host_text(struct server *s, int64_t pid)
{
	static bool keyed;
	char key[400], *out = (char *)"unset";
	struct db *db;

	if (!keyed) {
		assert_int_equal(secret_key_path(s->db, key, sizeof(key)), 0);
		assert_int_equal(secret_init(key), 0);
		keyed = true;
	}
	db = db_open(s->db, DB_READER);
	assert_non_null(db);
	assert_int_equal(agreement_host_text(db, pid, &out), 0);
	db_close(db);
	return out;
}

static void versions_stay_readable_and_sealed(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Guide Versioner", NULL);
	const cJSON *versions;
	char body[1024], path[96], yesterday[16];
	cJSON *j;

	assert_int_equal(save(c, pid,
			      "{\"purpose\": \"Afklare kontorarbejde\", "
			      "\"hours\": \"Fire timer om dagen\", "
			      "\"host_may_know\": \"Har brug for pauser\"}",
			      &r),
			 201);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(harness_json_int(j, "participant_id"), pid);
	assert_int_equal(harness_json_int(j, "latest.version"), 1);
	assert_string_equal(harness_json_string(j, "latest.purpose"),
			    "Afklare kontorarbejde");
	assert_string_equal(harness_json_string(j, "latest.alarm_signals"), "");
	assert_true(
		cJSON_IsFalse(harness_json_at(j, "latest.citizen_consent")));
	assert_true(cJSON_IsNull(harness_json_at(j, "latest.consultant_id")));
	assert_string_equal(harness_json_string(j, "latest.actor"),
			    HARNESS_CASEWORKER);
	cJSON_Delete(j);

	fixture_day_from_now(s, -1, yesterday);
	snprintf(body, sizeof(body),
		 "{\"purpose\": \"Afklare lager og logistik\", "
		 "\"alarm_signals\": \"Trækker sig og svarer ikke\", "
		 "\"host_may_know\": \"Har brug for faste pauser\", "
		 "\"citizen_consent\": true, \"citizen_signed_on\": \"%s\", "
		 "\"consultant_id\": %lld, \"consultant_signed_on\": \"%s\"}",
		 yesterday, (long long)harness_user_id(s, HARNESS_CONSULTANT),
		 yesterday);
	assert_int_equal(save(c, pid, body, &r), 201);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(harness_json_int(j, "latest.version"), 2);
	assert_true(cJSON_IsTrue(harness_json_at(j, "latest.citizen_consent")));
	assert_string_equal(harness_json_string(j, "latest.citizen_signed_on"),
			    yesterday);
	assert_int_equal(harness_json_int(j, "latest.consultant_id"),
			 harness_user_id(s, HARNESS_CONSULTANT));
	/* A save is the whole guide: what was left out is empty. */
	assert_string_equal(harness_json_string(j, "latest.hours"), "");
	versions = harness_json_at(j, "versions");
	assert_int_equal(cJSON_GetArraySize(versions), 2);
	assert_int_equal(
		harness_json_int(cJSON_GetArrayItem(versions, 0), "version"),
		2);
	assert_int_equal(
		harness_json_int(cJSON_GetArrayItem(versions, 1), "version"),
		1);
	cJSON_Delete(j);

	/* Both versions are rows; no answer is readable in them. */
	assert_int_equal(count(s,
			       "SELECT group_concat(version || ':' || "
			       "citizen_consent, ',') = '1:0,2:1' FROM (SELECT "
			       "* FROM agreement WHERE participant_id = ?1 "
			       "ORDER BY version)",
			       pid, NULL),
			 1);
	assert_int_equal(count(s,
			       "SELECT count(*) FROM agreement WHERE "
			       "participant_id = ?1 AND instr(content_enc, "
			       "CAST(?2 AS BLOB)) = 0",
			       pid, "kontorarbejde"),
			 2);
	assert_int_equal(count(s,
			       "SELECT count(*) FROM agreement WHERE "
			       "participant_id = ?1 AND instr(content_enc, "
			       "CAST(?2 AS BLOB)) = 0",
			       pid, "faste pauser"),
			 2);
	assert_int_equal(count(s,
			       "SELECT count(*) FROM audit WHERE action = "
			       "'participant.agreement_save' AND subject_id = "
			       "?1 AND detail IN ('version 1', 'version 2')",
			       pid, NULL),
			 2);

	/* GET reads the latest, and is audited. */
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/agreement",
		 (long long)pid);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(harness_json_int(j, "latest.version"), 2);
	assert_string_equal(harness_json_string(j, "latest.alarm_signals"),
			    "Trækker sig og svarer ikke");
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "versions")), 2);
	cJSON_Delete(j);
	assert_true(count(s,
			  "SELECT count(*) FROM audit WHERE action = "
			  "'participant.agreement_read' AND subject_id = ?1 "
			  "AND detail = 'version 2'",
			  pid, NULL) >= 1);
	client_free(c);
}

static void print_shows_answers_without_the_cpr_number(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	char cpr[16], dashed[24], path[96];
	int64_t pid = new_participant(s, "Guide Udskrift", cpr);

	assert_int_equal(
		client_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
		303);
	/* Version 1 and 2 through the page's form. */
	snprintf(path, sizeof(path), "/participants/%lld/agreement",
		 (long long)pid);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&form, "purpose", "Første formål <b>",
					 "company_wishes",
					 "En lille virksomhed\nmed "
					 "faste rammer",
					 NULL),
			    &r),
		303);
	snprintf(path, sizeof(path), "/participants/%lld/agreement?saved=1",
		 (long long)pid);
	assert_string_equal(response_header(&r, "Location"), path);
	response_free(&r);
	snprintf(path, sizeof(path), "/participants/%lld/agreement",
		 (long long)pid);
	assert_int_equal(client_post(c, path,
				     harness_form(&form, "purpose",
						  "Andet formål", NULL),
				     &r),
			 303);
	response_free(&r);

	/* The latest, and version 1 on request. */
	snprintf(path, sizeof(path), "/participants/%lld/agreement/print",
		 (long long)pid);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Aftaleguide til virksomhedspraktik"));
	assert_true(response_has(&r, "Guide Udskrift"));
	assert_true(response_has(&r, "Andet formål"));
	assert_false(response_has(&r, "Første formål"));
	assert_true(response_has(&r, "Borgerens navn"));
	assert_true(response_has(&r, "Konsulentens navn"));
	assert_true(response_has(&r, "Hvad skal/må virksomheden vide?"));
	response_free(&r);
	snprintf(path, sizeof(path),
		 "/participants/%lld/agreement/print?version=1",
		 (long long)pid);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Første formål &lt;b&gt;"));
	assert_true(response_has(&r, "<p>En lille virksomhed</p>"));
	assert_true(response_has(&r, "<p>med faste rammer</p>"));
	/* No CPR number, in any form, and no place for one. */
	snprintf(dashed, sizeof(dashed), "%.6s-%s", cpr, cpr + 6);
	assert_false(response_has(&r, cpr));
	assert_false(response_has(&r, dashed));
	assert_false(response_has(&r, cpr + 6));
	dashed[6] = '\0';
	assert_false(response_has(&r, dashed));
	assert_false(response_has(&r, "Cpr"));
	assert_false(response_has(&r, "CPR"));
	response_free(&r);
	snprintf(path, sizeof(path),
		 "/participants/%lld/agreement/print?version=3",
		 (long long)pid);
	assert_int_equal(client_get(c, path, &r), 404);
	response_free(&r);
	snprintf(path, sizeof(path),
		 "/participants/%lld/agreement/print?version=x",
		 (long long)pid);
	assert_int_equal(client_get(c, path, &r), 404);
	response_free(&r);
	assert_true(count(s,
			  "SELECT count(*) FROM audit WHERE action = "
			  "'participant.agreement_read' AND subject_id = ?1 "
			  "AND detail = 'version 1'",
			  pid, NULL) == 1);

	/* The guide's page: the latest answers and both versions. */
	snprintf(path, sizeof(path), "/participants/%lld/agreement",
		 (long long)pid);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, ">Andet formål</textarea>"));
	snprintf(path, sizeof(path),
		 "/participants/%lld/agreement/print?version=1",
		 (long long)pid);
	assert_true(response_has(&r, path));
	assert_false(response_has(&r, cpr));
	response_free(&r);
	/* A page error keeps what was typed. */
	snprintf(path, sizeof(path), "/participants/%lld/agreement",
		 (long long)pid);
	assert_int_equal(
		client_post(c, path,
			    harness_form(&form, "purpose", "Tredje formål",
					 "citizen_consent", "1", NULL),
			    &r),
		422);
	assert_true(response_has(&r, "Skriv datoen for borgerens underskrift"));
	assert_true(response_has(&r, ">Tredje formål</textarea>"));
	response_free(&r);
	assert_int_equal(count(s,
			       "SELECT count(*) FROM agreement WHERE "
			       "participant_id = ?1",
			       pid, NULL),
			 2);
	buf_free(&form);
	client_free(c);
}

static void host_text_needs_the_latest_consent(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Guide Samtykke", NULL);
	int64_t none = new_participant(s, "Guide Ingen", NULL);
	char body[512], yesterday[16], *text;

	text = host_text(s, none);
	assert_null(text);
	assert_int_equal(
		save(c, pid, "{\"host_may_know\": \"Tåler ikke larm\"}", &r),
		201);
	response_free(&r);
	/* No consent: the host is told nothing. */
	text = host_text(s, pid);
	assert_null(text);
	fixture_day_from_now(s, -1, yesterday);
	snprintf(body, sizeof(body),
		 "{\"host_may_know\": \"Tåler ikke larm\", "
		 "\"citizen_consent\": true, \"citizen_signed_on\": \"%s\"}",
		 yesterday);
	assert_int_equal(save(c, pid, body, &r), 201);
	response_free(&r);
	text = host_text(s, pid);
	assert_non_null(text);
	assert_string_equal(text, "Tåler ikke larm");
	secret_free(text);
	/* Consent withdrawn in a later version counts. */
	assert_int_equal(save(c, pid,
			      "{\"host_may_know\": \"Tåler ikke larm\", "
			      "\"citizen_consent\": false}",
			      &r),
			 201);
	response_free(&r);
	text = host_text(s, pid);
	assert_null(text);
	client_free(c);
}

static void invalid_guides_are_refused(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Guide Fejl", NULL);
	char body[9000], tomorrow[16], yesterday[16];

	save(c, pid, "{}", &r);
	harness_expect_error(&r, 422, "purpose");
	response_free(&r);
	save(c, pid, "{\"purpose\": \"   \"}", &r);
	harness_expect_error(&r, 422, "purpose");
	response_free(&r);
	save(c, pid, "{\"purpose\": \"X\", \"citizen_consent\": true}", &r);
	harness_expect_error(&r, 422, "citizen_signed_on");
	response_free(&r);
	fixture_day_from_now(s, 2, tomorrow);
	fixture_day_from_now(s, -1, yesterday);
	snprintf(body, sizeof(body),
		 "{\"purpose\": \"X\", \"citizen_consent\": true, "
		 "\"citizen_signed_on\": \"%s\"}",
		 tomorrow);
	save(c, pid, body, &r);
	harness_expect_error(&r, 422, "citizen_signed_on");
	response_free(&r);
	/* The consultant must be a consultant. */
	snprintf(body, sizeof(body),
		 "{\"purpose\": \"X\", \"consultant_id\": %lld}",
		 (long long)harness_user_id(s, HARNESS_CASEWORKER));
	save(c, pid, body, &r);
	harness_expect_error(&r, 422, "consultant_id");
	response_free(&r);
	snprintf(body, sizeof(body),
		 "{\"purpose\": \"X\", \"consultant_signed_on\": \"%s\"}",
		 yesterday);
	save(c, pid, body, &r);
	harness_expect_error(&r, 422, "consultant_id");
	response_free(&r);
	save(c, pid,
	     "{\"purpose\": \"X\", \"citizen_signed_on\": \"2024-02-30\"}", &r);
	harness_expect_error(&r, 422, "citizen_signed_on");
	response_free(&r);
	/* 4001 characters where 4000 are allowed. */
	memcpy(body, "{\"hours\": \"", 11);
	memset(body + 11, 'x', 4001);
	memcpy(body + 11 + 4001, "\"}", 3);
	save(c, pid, body, &r);
	harness_expect_error(&r, 422, "hours");
	response_free(&r);
	assert_int_equal(count(s,
			       "SELECT count(*) FROM agreement WHERE "
			       "participant_id = ?1",
			       pid, NULL),
			 0);
	assert_int_equal(count(s,
			       "SELECT count(*) FROM audit WHERE action = "
			       "'participant.agreement_save' AND subject_id = "
			       "?1",
			       pid, NULL),
			 0);
	client_free(c);
}

static void who_may_read_and_save_the_guide(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_login(s, HARNESS_CASEWORKER);
	struct client *instructor = fixture_login(s, HARNESS_INSTRUCTOR);
	struct client *consultant = fixture_login(s, HARNESS_CONSULTANT);
	struct client *mentor = fixture_login(s, HARNESS_MENTOR);
	struct client *odense = fixture_login(s, LEADER_ODENSE);
	struct response r = RESPONSE_INIT;
	int64_t pid = new_participant(s, "Guide Adgang", NULL);
	char path[96], yesterday[16], body[256], mentor_id[32], id[32];
	cJSON *j;

	snprintf(mentor_id, sizeof(mentor_id), "%lld",
		 (long long)harness_user_id(s, HARNESS_MENTOR));
	snprintf(id, sizeof(id), "%lld", (long long)pid);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE participant SET mentor_id = "
					  "?1 WHERE id = ?2",
					  mentor_id, id, NULL),
			 0);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/agreement",
		 (long long)pid);
	/* Nothing yet: latest is null. */
	assert_int_equal(client_api(instructor, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_true(cJSON_IsNull(harness_json_at(j, "latest")));
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "versions")), 0);
	cJSON_Delete(j);

	/* The consultant fills it in and signs; they are the default
	 * consultant of their own signature. */
	fixture_day_from_now(s, -1, yesterday);
	snprintf(body, sizeof(body),
		 "{\"internship_wishes\": \"Gartneri\", "
		 "\"consultant_signed_on\": \"%s\"}",
		 yesterday);
	assert_int_equal(save(consultant, pid, body, &r), 201);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(harness_json_int(j, "latest.consultant_id"),
			 harness_user_id(s, HARNESS_CONSULTANT));
	cJSON_Delete(j);
	/* The instructor reads it. */
	assert_int_equal(client_api(instructor, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "latest.internship_wishes"),
			    "Gartneri");
	cJSON_Delete(j);
	/* The mentor sees the mentee but not the guide; another job centre
	 * does not see the participant at all. */
	client_api(mentor, "GET", path, NULL, &r);
	harness_expect_error(&r, 403, NULL);
	response_free(&r);
	save(mentor, pid, "{\"purpose\": \"X\"}", &r);
	harness_expect_error(&r, 403, NULL);
	response_free(&r);
	snprintf(path, sizeof(path), "/participants/%lld/agreement/print",
		 (long long)pid);
	assert_int_equal(client_get(mentor, path, NULL), 403);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/agreement",
		 (long long)pid);
	client_api(odense, "GET", path, NULL, &r);
	harness_expect_error(&r, 404, NULL);
	response_free(&r);
	save(odense, pid, "{\"purpose\": \"X\"}", &r);
	harness_expect_error(&r, 404, NULL);
	response_free(&r);
	assert_int_equal(count(s,
			       "SELECT count(*) FROM agreement WHERE "
			       "participant_id = ?1",
			       pid, NULL),
			 1);
	client_free(cw);
	client_free(instructor);
	client_free(consultant);
	client_free(mentor);
	client_free(odense);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(versions_stay_readable_and_sealed),
		cmocka_unit_test(print_shows_answers_without_the_cpr_number),
		cmocka_unit_test(host_text_needs_the_latest_consent),
		cmocka_unit_test(invalid_guides_are_refused),
		cmocka_unit_test(who_may_read_and_save_the_guide),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
