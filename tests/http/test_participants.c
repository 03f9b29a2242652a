/*
 * HTTP tests of the participant's course: referral and its validation
 * (CPR numbers, duplicates, closed cohorts), visitation with the cohort's
 * size limits and waiting list, status changes, outcomes at course end and
 * six months later, the start page's due follow-ups, changes, lists and
 * the CPR search. Who may see what is in test_participant_access.c.
 */
#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define REASON		  "Borgeren har angst i store grupper og svaert ved at moede op."
#define WISHES		  "Vil gerne arbejde med dyr."
#define DIGITS		  "CPR-nummeret skal have 10 cifre (ddmmåå-xxxx)."
#define ADMITTED	  "{\"decision\": \"admitted\"}"
#define ODENSE_CASEWORKER "sagsbehandler.odense@demo.invalid"
#define COHORT		  "Deltagerhold"

/*
 * A fresh valid CPR number born in `year` (1900-2036), "DDMMYY-SSSS", with
 * its ten digits in digits (may be NULL); fixture_cpr says which serials
 * go with which century.
 */
static void fresh_cpr(int year, char out[12], char digits[11])
{
	static unsigned n;

	n++;
	/* Day, month and serial all come from n: no two alike. */
	fixture_cpr(1 + n % 28, 1 + (n / 28) % 12, year,
		    (year < 2000 ? 1000 : 4000) + n % 1000, out, digits);
}

/* What a referral says beside the cohort, name and CPR number. */
#define RECORD                                                                 \
	", \"phone\": \"20 30 40 50\", \"email\": "                            \
	"\"borger@example.invalid\", \"address\": \"Skovvej 3, 8000 "          \
	"Aarhus C\", \"barriers\": [\"anxiety\", \"adhd\"], "                  \
	"\"substance\": \"none\", \"reason\": \"" REASON "\", "                \
	"\"wishes\": \"" WISHES "\", \"criteria\": [{\"answer\": "             \
	"\"yes\", \"note\": \"Angst\"}, {\"answer\": true}, "                  \
	"{\"answer\": \"no\", \"note\": \"Over aldersgraensen\"}, "            \
	"{\"answer\": \"yes\"}, {\"answer\": \"yes\"}]"

/* POSTs a referral of the full record as c. The status. */
static long refer(struct client *c, int64_t cohort, const char *name,
		  const char *cpr, struct response *r)
{
	return fixture_referral(c, cohort, name, cpr, RECORD, r);
}

/* Refers a new citizen born in year as the demo caseworker; the id. */
static int64_t refer_new(struct server *s, int64_t cohort, const char *name,
			 int year)
{
	char cpr[12];

	fresh_cpr(year, cpr, NULL);
	return fixture_refer(fixture_as(s, HARNESS_CASEWORKER), cohort, name,
			     cpr, RECORD);
}

/* fixture_step, asserting a 422 naming field. */
static void refused(struct client *c, int64_t id, const char *what,
		    const char *json, const char *field)
{
	struct response r = RESPONSE_INIT;

	fixture_step(c, id, what, json, &r);
	harness_expect_error(&r, 422, field);
	response_free(&r);
}

/* A referral refused with a 422 naming field. */
static void refer_refused(struct client *c, int64_t cohort, const char *name,
			  const char *cpr, const char *field)
{
	struct response r = RESPONSE_INIT;

	refer(c, cohort, name, cpr, &r);
	harness_expect_error(&r, 422, field);
	response_free(&r);
}

/* The visitation's answer as JSON (caller deletes); asserts 200. */
static cJSON *visit(struct server *s, int64_t id, const char *decision)
{
	struct response r = RESPONSE_INIT;
	char body[128];
	cJSON *j;

	snprintf(body, sizeof(body),
		 "{\"decision\": \"%s\", \"notes\": \"Motiveret.\"}", decision);
	assert_int_equal(fixture_step(fixture_as(s, HARNESS_LEADER), id,
				      "visitation", body, &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	return j;
}

static void admit(struct server *s, int64_t id)
{
	cJSON *j = visit(s, id, "admitted");

	assert_string_equal(harness_json_string(j, "status"), "admitted");
	cJSON_Delete(j);
}

/* Moves a status as the demo caseworker; asserts the answer. */
static void move(struct server *s, int64_t id, const char *json,
		 const char *want)
{
	struct response r = RESPONSE_INIT;
	cJSON *j;

	assert_int_equal(fixture_step(fixture_as(s, HARNESS_CASEWORKER), id,
				      "status", json, &r),
			 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "status"), want);
	cJSON_Delete(j);
	response_free(&r);
}

/*
 * The tests cannot wait for a course to happen, so after the referrals
 * (which need a cohort whose teaching lies ahead) they move the cohort's
 * stored phase dates to days relative to today: prep_start, internship
 * start and end, the others kept in order around them. The server reads
 * these columns on every request; nothing else depends on them.
 */
static void cohort_dates(struct server *s, int64_t cohort, int prep,
			 int internship_start, int internship_end)
{
	char id[24], a[24], b[24], c[24], err[256];

	snprintf(a, sizeof(a), "%+d days", prep);
	snprintf(b, sizeof(b), "%+d days", internship_start);
	snprintf(c, sizeof(c), "%+d days", internship_end);
	assert_int_equal(harness_sql_exec(s, err, sizeof(err),
					  "UPDATE cohort SET referral_start = "
					  "date('now', ?2, '-28 days'), "
					  "prep_start = date('now', ?2), "
					  "first_teaching_day = date('now', "
					  "?3, '-28 days'), teaching_end = "
					  "date('now', ?3, '-3 days'), "
					  "internship_start = date('now', ?3), "
					  "internship_end = date('now', ?4), "
					  "aftercare_start = date('now', ?4, "
					  "'+1 day') WHERE id = ?1",
					  fixture_num(cohort, id), a, b, c,
					  NULL),
			 0);
}

static void status_is(struct server *s, int64_t id, const char *want)
{
	char got[32], text[24];

	harness_sql_text(s, got, sizeof(got),
			 "SELECT status FROM participant WHERE id = ?1",
			 fixture_num(id, text), NULL);
	assert_string_equal(got, want);
}

#define HISTORY                                                                \
	"SELECT count(*) FROM participant_status WHERE participant_id = ?1"
/* The i-th item of j's array member list, or NULL. */
static const cJSON *nth(const cJSON *j, const char *list, int i)
{
	return cJSON_GetArrayItem(harness_json_at(j, list), i);
}

/* Referral. */

static void referral_answers_201_with_the_cpr_masked(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true), id;
	char cpr[12], digits[11], masked[12];
	cJSON *j;

	fresh_cpr(1994, cpr, digits);
	snprintf(masked, sizeof(masked), "%.6s-xxxx", digits);
	assert_int_equal(refer(fixture_as(s, HARNESS_CASEWORKER), cohort,
			       "Anna Henvist", cpr, &r),
			 201);
	assert_false(fixture_body_has(&r, digits));
	assert_false(fixture_body_has(&r, cpr));
	j = response_json(&r);
	id = harness_json_int(j, "id");
	assert_true(id > 0);
	assert_int_equal(harness_json_int(j, "cohort_id"), cohort);
	assert_string_equal(harness_json_string(j, "name"), "Anna Henvist");
	assert_string_equal(harness_json_string(j, "status"), "referred");
	assert_string_equal(harness_json_string(j, "cpr"), masked);
	assert_int_equal(harness_json_int(j, "caseworker_id"),
			 harness_user_id(s, HARNESS_CASEWORKER));
	assert_int_equal(harness_json_int(j, "birth_year"), 1994);
	assert_string_equal(harness_json_string(j, "phone"), "20 30 40 50");
	assert_string_equal(harness_json_string(j, "reason"), REASON);
	assert_string_equal(harness_json_string(j, "wishes"), WISHES);
	assert_string_equal(harness_json_string(j, "substance"), "none");
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "barriers")), 2);
	assert_string_equal(nth(j, "barriers", 0)->valuestring, "anxiety");
	/* The cohort's five target-group criteria, answered one by one. */
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "criteria")), 5);
	assert_string_equal(
		harness_json_string(nth(j, "criteria", 1), "answer"), "yes");
	assert_string_equal(
		harness_json_string(nth(j, "criteria", 2), "answer"), "no");
	assert_string_equal(harness_json_string(nth(j, "criteria", 2), "note"),
			    "Over aldersgraensen");
	assert_true(strlen(harness_json_string(nth(j, "criteria", 0), "text")) >
		    0);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "history")), 1);
	assert_string_equal(harness_json_string(nth(j, "history", 0), "to"),
			    "referred");
	cJSON_Delete(j);
	response_free(&r);

	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant WHERE id = ?1 "
			     "AND length(cpr_hash) = 32 AND birth_year = 1994 "
			     "AND referred_on = date('now', 'localtime')",
			     id),
		1);
	assert_int_equal(fixture_rows(s, HISTORY, id), 1);
	assert_int_equal(
		fixture_rows(
			s,
			FIXTURE_AUDITED(
				"participant.create") " AND actor = "
						      "'" HARNESS_CASEWORKER
						      "'",
			id),
		1);
}

static void invalid_cprs_are_refused_and_nothing_written(void **state)
{
	static const struct {
		const char *cpr, *message;
	} cases[] = {
		{"310490-1234", "CPR-nummeret indeholder ikke en gyldig "
				"fødselsdato."},
		{"300290-1234", "CPR-nummeret indeholder ikke en gyldig "
				"fødselsdato."},
		{"010190-123", DIGITS},	 /* nine digits */
		{"01019O-1234", DIGITS}, /* a letter O */
		{"abcdefghij", DIGITS},
		{"", NULL},
	};
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t before = harness_sql_int(s, "SELECT count(*) FROM participant",
					 NULL);
	char future[12], body[256];
	cJSON *j;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		refer(c, cohort, "Ugyldig Cpr", cases[i].cpr, &r);
		harness_expect_error(&r, 422, "cpr");
		if (cases[i].message) {
			j = response_json(&r);
			assert_string_equal(
				harness_json_string(j, "error.message"),
				cases[i].message);
			cJSON_Delete(j);
		}
		response_free(&r);
	}
	/* A birth date after today (the seventh digit 4 puts YY in the
	 * 2000s up to 2036). */
	harness_sql_text(s, future, sizeof(future),
			 "SELECT strftime('%d%m', 'now', '+400 days') || "
			 "substr(strftime('%Y', 'now', '+400 days'), 3) || "
			 "'-4321'",
			 NULL);
	refer(c, cohort, "Ugyldig Cpr", future, &r);
	harness_expect_error(&r, 422, "cpr");
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "error.message"),
			    "CPR-nummerets fødselsdato ligger i fremtiden.");
	cJSON_Delete(j);
	response_free(&r);
	/* No CPR number at all. */
	snprintf(body, sizeof(body),
		 "{\"cohort_id\": %lld, \"name\": \"Ugyldig Cpr\"}",
		 (long long)cohort);
	client_api(c, "POST", "/api/v1/participants", body, &r);
	harness_expect_error(&r, 422, "cpr");
	response_free(&r);

	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM participant", NULL),
		before);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'participant.create' AND "
					 "subject_id NOT IN (SELECT id FROM "
					 "participant)",
					 NULL),
			 0);
}

static void
duplicates_are_refused_on_the_same_and_overlapping_cohorts(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t a = fixture_new_cohort(s, COHORT, 8, NULL, true);
	int64_t b = fixture_new_cohort(s, COHORT, 10, NULL,
				       true); /* overlaps a */
	int64_t later = fixture_new_cohort(s, COHORT, 8 + 30, NULL, true);
	char cpr[12], digits[11], text[24];
	int64_t first, before;
	cJSON *j;

	fresh_cpr(1990, cpr, digits);
	assert_int_equal(refer(c, a, "Dorte Dobbelt", cpr, &r), 201);
	j = response_json(&r);
	first = harness_json_int(j, "id");
	cJSON_Delete(j);
	response_free(&r);
	before = harness_sql_int(s, "SELECT count(*) FROM participant", NULL);

	/* The same cohort, in either spelling. */
	refer_refused(c, a, "Dorte Dobbelt", cpr, "cpr");
	refer_refused(c, a, "Dorte Dobbelt", digits, "cpr");
	/* A cohort whose period overlaps. */
	refer_refused(c, b, "Dorte Dobbelt", cpr, "cpr");
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM participant", NULL),
		before);

	/* A cohort that begins after a's period ends takes her. */
	assert_int_equal(refer(c, later, "Dorte Dobbelt", cpr, &r), 201);
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE cpr_hash = (SELECT cpr_hash "
					 "FROM participant WHERE id = ?1)",
					 fixture_num(first, text), NULL),
			 2);

	/* Once re-referred from a, she may be referred to b. */
	admit(s, first);
	move(s, first,
	     "{\"status\": \"re_referred\", \"reason\": \"Passer ikke.\", "
	     "\"dialogue\": [\"citizen\", \"caseworker\"]}",
	     "re_referred");
	assert_int_equal(refer(c, b, "Dorte Dobbelt", cpr, &r), 201);
	response_free(&r);
	/* But never twice to a. */
	refer_refused(c, a, "Dorte Dobbelt", cpr, "cpr");
}

static void referral_to_a_cohort_not_open_is_refused(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, false);
	char cpr[12], text[24];

	fresh_cpr(1991, cpr, NULL);
	refer(fixture_as(s, HARNESS_CASEWORKER), cohort, "Plan Lagt", cpr, &r);
	harness_expect_error(&r, 422, "cohort_id");
	assert_true(response_has(&r, "ikke åbent for henvisning"));
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE cohort_id = ?1",
					 fixture_num(cohort, text), NULL),
			 0);
	/* A cohort that does not exist is no better. */
	refer_refused(fixture_as(s, HARNESS_CASEWORKER), 999999, "Plan Lagt",
		      cpr, "cohort_id");
}

/*
 * A refused duplicate tells the caller that the citizen is on a course,
 * here one of another job centre's: that is a disclosure about the other
 * referral, so it is audited on that record, and nothing new is written.
 */
static void
a_refused_duplicate_is_audited_on_the_existing_referral(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t odense = harness_sql_int(s,
					 "SELECT id FROM cohort WHERE name "
					 "LIKE 'Odense vinter%' AND state = "
					 "'referral_open' AND "
					 "first_teaching_day > date('now', "
					 "'localtime') ORDER BY id LIMIT 1",
					 NULL);
	int64_t aarhus = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t existing, mine, before, mark;
	char cpr[12], digits[11], body[256], path[64], text[24], mk[24];
	cJSON *j;

	assert_true(odense > 0);
	/* Odense's caseworker refers the citizen to Odense's course. */
	fresh_cpr(1986, cpr, digits);
	snprintf(body, sizeof(body),
		 "{\"cohort_id\": %lld, \"name\": \"Dagny Dublet\", "
		 "\"cpr\": \"%s\"}",
		 (long long)odense, cpr);
	assert_int_equal(client_api(fixture_as(s, ODENSE_CASEWORKER), "POST",
				    "/api/v1/participants", body, &r),
			 201);
	j = response_json(&r);
	existing = harness_json_int(j, "id");
	cJSON_Delete(j);
	response_free(&r);
	assert_true(existing > 0);
	before = harness_sql_int(s, "SELECT count(*) FROM participant", NULL);
	mark = harness_sql_int(s, "SELECT max(id) FROM audit", NULL);

	/* Aarhus's caseworker refers the same citizen to an overlapping
	 * course: refused, and the refusal is on Odense's record. */
	refer_refused(c, aarhus, "Dagny Dublet", cpr, "cpr");
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM participant", NULL),
		before);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = "
					 "'participant.duplicate_refused' AND "
					 "subject_type = 'participant' AND "
					 "subject_id = ?1 AND actor = ?2",
					 fixture_num(existing, text),
					 HARNESS_CASEWORKER, NULL),
			 1);
	/* On that record only, and without the number. */
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "id > ?1 AND action = "
					 "'participant.duplicate_refused' AND "
					 "(subject_id IS NOT ?2 OR instr("
					 "coalesce(detail, '') || "
					 "coalesce(subject, ''), ?3))",
					 fixture_num(mark, mk),
					 fixture_num(existing, text), digits,
					 NULL),
			 0);

	/* A change of CPR number onto the same citizen likewise. */
	mine = refer_new(s, aarhus, "Dagny Anden", 1986);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)mine);
	snprintf(body, sizeof(body), "{\"cpr\": \"%s\"}", cpr);
	client_api(c, "PATCH", path, body, &r);
	harness_expect_error(&r, 422, "cpr");
	response_free(&r);
	assert_int_equal(
		fixture_rows(s,
			     FIXTURE_AUDITED("participant.duplicate_refused"),
			     existing),
		2);
	assert_int_equal(
		fixture_rows(s,
			     FIXTURE_AUDITED("participant.duplicate_refused"),
			     mine),
		0);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.update"), mine),
		0);
}

/* Visitation and admission. */

static void visitation_decides_and_a_refusal_needs_a_reason(void **state)
{
	struct server *s = *state;
	struct client *leader = fixture_as(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t no = refer_new(s, cohort, "Nina Nej", 1992);
	int64_t yes = refer_new(s, cohort, "Jens Ja", 1993);
	char tomorrow[16], body[128];
	const cJSON *h;
	cJSON *j;

	refused(leader, no, "visitation", "{\"decision\": \"not_admitted\"}",
		"reason");
	refused(leader, no, "visitation", "{\"decision\": \"maybe\"}",
		"decision");
	refused(leader, no, "visitation", "{\"notes\": \"Ingen afgørelse.\"}",
		"decision");
	harness_sql_text(s, tomorrow, sizeof(tomorrow),
			 "SELECT date('now', 'localtime', '+2 days')", NULL);
	snprintf(body, sizeof(body),
		 "{\"decision\": \"admitted\", \"date\": \"%s\"}", tomorrow);
	refused(leader, no, "visitation", body, "date");
	/* Nothing of the refused attempts was written. */
	status_is(s, no, "referred");
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant WHERE id = ?1 "
			     "AND visitation_on IS NULL AND visitation_enc IS "
			     "NULL",
			     no),
		1);
	assert_int_equal(fixture_rows(s, HISTORY, no), 1);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.visitation"), no),
		0);

	assert_int_equal(
		fixture_step(leader, no, "visitation",
			     "{\"decision\": \"not_admitted\", \"notes\": "
			     "\"Talte om gruppen.\", \"reason\": \"Markante "
			     "kognitive barrierer.\"}",
			     &r),
		200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "status"), "not_admitted");
	assert_string_equal(harness_json_string(j, "visitation.reason"),
			    "Markante kognitive barrierer.");
	assert_string_equal(harness_json_string(j, "visitation.notes"),
			    "Talte om gruppen.");
	assert_non_null(harness_json_string(j, "visitation.date"));
	assert_non_null(harness_json_string(j, "ended_on"));
	cJSON_Delete(j);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.visitation"), no),
		1);

	/* The cohort's instructor holds the talk and admits. */
	assert_int_equal(fixture_step(fixture_as(s, HARNESS_INSTRUCTOR), yes,
				      "visitation",
				      "{\"decision\": \"admitted\", \"notes\": "
				      "\"Klar til at gå i gang.\"}",
				      &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "status"), "admitted");
	assert_null(harness_json_at(j, "notice"));
	h = harness_json_at(j, "history");
	assert_int_equal(cJSON_GetArraySize(h), 2);
	assert_string_equal(
		harness_json_string(cJSON_GetArrayItem(h, 1), "from"),
		"referred");
	assert_string_equal(harness_json_string(cJSON_GetArrayItem(h, 1), "to"),
			    "admitted");
	assert_string_equal(harness_json_string(cJSON_GetArrayItem(h, 1), "by"),
			    HARNESS_INSTRUCTOR);
	cJSON_Delete(j);
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant WHERE id = ?1 "
			     "AND visitation_by = (SELECT id FROM user WHERE "
			     "email = '" HARNESS_INSTRUCTOR "')",
			     yes),
		1);
	/* Visitation is over once decided. */
	refused(leader, yes, "visitation", ADMITTED, "decision");
	refused(leader, no, "visitation", ADMITTED, "decision");
	status_is(s, no, "not_admitted");
}

static void admissions_warn_above_ten_and_stop_at_sixteen(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, ", \"capacity\": 16",
					    true);
	int64_t ids[17], last;
	char name[32], text[24];
	const char *notice;
	cJSON *j;
	int i;

	for (i = 0; i < 17; i++) {
		snprintf(name, sizeof(name), "Stor Gruppe %02d", i + 1);
		ids[i] = refer_new(s, cohort, name, 1980 + i);
	}
	for (i = 0; i < 16; i++) {
		j = visit(s, ids[i], "admitted");
		assert_string_equal(harness_json_string(j, "status"),
				    "admitted");
		notice = harness_json_string(j, "notice");
		if (i < 10) {
			assert_null(notice);
		} else {
			/* The 11th to 16th: more than the recommended 8-10. */
			assert_non_null(notice);
			assert_non_null(strstr(notice, "anbefalede 8-10"));
		}
		cJSON_Delete(j);
	}
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE cohort_id = ?1 AND status = "
					 "'admitted'",
					 fixture_num(cohort, text), NULL),
			 16);

	/* The 17th is refused: 16 is the hard maximum. */
	last = ids[16];
	fixture_step(fixture_as(s, HARNESS_LEADER), last, "visitation",
		     ADMITTED, &r);
	harness_expect_error(&r, 422, "decision");
	assert_true(response_has(&r, "16"));
	response_free(&r);
	status_is(s, last, "referred");
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant WHERE id = ?1 "
			     "AND visitation_on IS NULL",
			     last),
		1);
	assert_int_equal(fixture_rows(s, HISTORY, last), 1);
	assert_int_equal(fixture_rows(s,
				      FIXTURE_AUDITED("participant.visitation"),
				      last),
			 0);

	/* The cohort page says the group is larger than recommended. */
	snprintf(name, sizeof(name), "/cohorts/%lld", (long long)cohort);
	assert_int_equal(client_get(fixture_as(s, HARNESS_LEADER), name, &r),
			 200);
	assert_true(response_has(&r, "Holdet har 16 optagne deltagere, flere "
				     "end de anbefalede 8-10."));
	response_free(&r);
}

static void a_full_cohort_puts_the_next_on_the_waiting_list(void **state)
{
	struct server *s = *state;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, ", \"capacity\": 8",
					    true);
	int64_t ids[10];
	char name[32], text[24];
	cJSON *j;
	int i;

	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "Lille Gruppe %02d", i + 1);
		ids[i] = refer_new(s, cohort, name, 1985 + i);
	}
	for (i = 0; i < 8; i++)
		admit(s, ids[i]);
	j = visit(s, ids[8], "admitted");
	assert_string_equal(harness_json_string(j, "status"), "waiting");
	assert_non_null(strstr(harness_json_string(j, "notice"),
			       "venteliste som nr. 1"));
	cJSON_Delete(j);
	j = visit(s, ids[9], "admitted");
	assert_string_equal(harness_json_string(j, "status"), "waiting");
	assert_non_null(strstr(harness_json_string(j, "notice"),
			       "venteliste som nr. 2"));
	cJSON_Delete(j);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE cohort_id = ?1 AND status = "
					 "'admitted'",
					 fixture_num(cohort, text), NULL),
			 8);

	/* Still full: a new visitation keeps the citizen waiting. */
	j = visit(s, ids[8], "admitted");
	assert_string_equal(harness_json_string(j, "status"), "waiting");
	cJSON_Delete(j);
	/* One leaves; the first on the list takes the place. */
	move(s, ids[0],
	     "{\"status\": \"dropped_out\", \"reason\": \"Flyttet.\"}",
	     "dropped_out");
	j = visit(s, ids[8], "admitted");
	assert_string_equal(harness_json_string(j, "status"), "admitted");
	cJSON_Delete(j);
	status_is(s, ids[9], "waiting");
}

/*
 * A waiting citizen visited again while the cohort is still full keeps
 * their place: the notice says they stay on the list, not a new number
 * behind themselves.
 */
static void a_waiting_citizen_visited_again_keeps_their_place(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, ", \"capacity\": 8",
					    true);
	int64_t ids[10];
	char name[32], text[24], path[64];
	const char *notice;
	cJSON *j;
	int i;

	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "Kø Gruppe %02d", i + 1);
		ids[i] = refer_new(s, cohort, name, 1975 + i);
	}
	for (i = 0; i < 8; i++)
		admit(s, ids[i]);
	j = visit(s, ids[8], "admitted");
	assert_non_null(strstr(harness_json_string(j, "notice"),
			       "venteliste som nr. 1"));
	cJSON_Delete(j);
	j = visit(s, ids[9], "admitted");
	assert_non_null(strstr(harness_json_string(j, "notice"),
			       "venteliste som nr. 2"));
	cJSON_Delete(j);

	for (i = 8; i < 10; i++) {
		j = visit(s, ids[i], "admitted");
		assert_string_equal(harness_json_string(j, "status"),
				    "waiting");
		notice = harness_json_string(j, "notice");
		assert_non_null(notice);
		assert_non_null(strstr(notice, "bliver på ventelisten"));
		assert_null(strstr(notice, "som nr."));
		cJSON_Delete(j);
		status_is(s, ids[i], "waiting");
		/* No move from waiting to waiting in the history. */
		assert_int_equal(fixture_rows(s, HISTORY, ids[i]), 2);
	}
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE cohort_id = ?1 AND status = "
					 "'waiting'",
					 fixture_num(cohort, text), NULL),
			 2);
	/* The page's visitation form too: to the citizen, still waiting. */
	snprintf(path, sizeof(path), "/participants/%lld/visitation",
		 (long long)ids[8]);
	assert_int_equal(client_post(fixture_as(s, HARNESS_LEADER), path,
				     "decision=admitted", &r),
			 303);
	assert_non_null(
		strstr(response_header(&r, "Location"), "besked=waiting"));
	response_free(&r);
	status_is(s, ids[8], "waiting");
}

/* Status changes. */

static void status_changes_follow_the_course(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t id = refer_new(s, cohort, "Carl Gennemfoert", 1989);
	static const char *const course[] = {"referred", "admitted", "started",
					     "completed"};
	int64_t audits;
	char path[64];
	cJSON *j;
	int i;

	/* Referred: only visitation decides admission. */
	refused(c, id, "status", "{\"status\": \"waiting\"}", "status");
	refused(c, id, "status", "{\"status\": \"started\"}", "status");
	refused(c, id, "status", "{\"status\": \"flying\"}", "status");
	admit(s, id);

	/* Not before the preparation phase begins. */
	fixture_step(c, id, "status", "{\"status\": \"started\"}", &r);
	harness_expect_error(&r, 422, "date");
	assert_true(response_has(&r, "Forløbet begynder"));
	response_free(&r);
	status_is(s, id, "admitted");
	assert_int_equal(fixture_rows(s, HISTORY, id), 2);

	/* Preparation began ten days ago; the internship starts ahead. */
	cohort_dates(s, cohort, -10, 40, 120);
	move(s, id, "{\"status\": \"started\"}", "started");
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant WHERE id = ?1 "
			     "AND started_on = date('now', 'localtime')",
			     id),
		1);
	refused(c, id, "status", "{\"status\": \"completed\"}", "date");
	status_is(s, id, "started");

	/* The internship is under way: the course can be completed. */
	cohort_dates(s, cohort, -70, -10, 70);
	move(s, id, "{\"status\": \"completed\"}", "completed");

	/* Completed is final: no re-referral, and nothing written. */
	audits = fixture_rows(s, FIXTURE_AUDITED("participant.status"), id);
	refused(c, id, "status",
		"{\"status\": \"re_referred\", \"reason\": \"Forsøg.\", "
		"\"dialogue\": [\"citizen\"]}",
		"status");
	refused(c, id, "status",
		"{\"status\": \"dropped_out\", \"reason\": \"X\"}", "status");
	status_is(s, id, "completed");
	assert_int_equal(fixture_rows(s, HISTORY, id), 4);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.status"), id),
		audits);
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant WHERE id = ?1 "
			     "AND ended_on = date('now', 'localtime')",
			     id),
		1);

	/* The history tells the whole course, oldest first. */
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "history")), 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(
			harness_json_string(nth(j, "history", i), "to"),
			course[i]);
	assert_non_null(harness_json_string(j, "started_on"));
	assert_non_null(harness_json_string(j, "ended_on"));
	cJSON_Delete(j);
}

/*
 * The status step does not decide admission: that is the visitation's, held
 * by the cohort's instructors or project leaders (participant.h: "Visitation
 * moves referred and waiting"). A caseworker cannot skip it.
 */
static void the_status_step_does_not_admit_a_referred_citizen(void **state)
{
	struct server *s = *state;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t id = refer_new(s, cohort, "Sune Springer", 1989);

	refused(fixture_as(s, HARNESS_CASEWORKER), id, "status",
		"{\"status\": \"admitted\"}", "status");
	status_is(s, id, "referred");
	assert_int_equal(fixture_rows(s, HISTORY, id), 1);
}

static void re_referral_needs_a_reason_and_who_took_part(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t id = refer_new(s, cohort, "Rikke Retur", 1988);
	char path[64];
	const cJSON *last;
	cJSON *j;

	admit(s, id);
	refused(c, id, "status",
		"{\"status\": \"re_referred\", \"dialogue\": [\"citizen\"]}",
		"reason");
	refused(c, id, "status",
		"{\"status\": \"re_referred\", \"reason\": \"Har brug for "
		"behandling først.\"}",
		"dialogue");
	refused(c, id, "status",
		"{\"status\": \"re_referred\", \"reason\": \"Har brug for "
		"behandling først.\", \"dialogue\": [\"neighbour\"]}",
		"dialogue");
	refused(c, id, "status", "{\"status\": \"dropped_out\"}", "reason");
	status_is(s, id, "admitted");
	assert_int_equal(fixture_rows(s, HISTORY, id), 2);

	assert_int_equal(
		fixture_step(c, id, "status",
			     "{\"status\": \"re_referred\", \"reason\": \"Har "
			     "brug for behandling først.\", \"dialogue\": "
			     "[\"citizen\", \"instructor\", \"caseworker\"]}",
			     &r),
		200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "status"), "re_referred");
	last = nth(j, "history", 2);
	assert_non_null(last);
	assert_string_equal(harness_json_string(last, "from"), "admitted");
	assert_string_equal(harness_json_string(last, "to"), "re_referred");
	assert_string_equal(harness_json_string(last, "dialogue"),
			    "citizen,instructor,caseworker");
	assert_string_equal(harness_json_string(last, "reason"),
			    "Har brug for behandling først.");
	assert_string_equal(harness_json_string(last, "by"),
			    HARNESS_CASEWORKER);
	cJSON_Delete(j);
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant_status WHERE "
			     "participant_id = ?1 AND to_status = "
			     "'re_referred' AND dialogue = "
			     "'citizen,instructor,caseworker' AND reason_enc "
			     "IS NOT NULL",
			     id),
		1);
	/* The page shows who took part. */
	snprintf(path, sizeof(path), "/participants/%lld", (long long)id);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Deltog i dialogen: Borgeren, "
				     "Underviseren, Sagsbehandleren"));
	assert_true(response_has(&r, "Tilbagevisiteret"));
	response_free(&r);
}

/* Outcomes. */

static void outcome_row_is(struct server *s, int64_t id, const char *timing,
			   const char *kind, int hours, const char *other)
{
	char text[24], h[24];

	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM outcome WHERE "
					 "participant_id = ?1 AND timing = ?2 "
					 "AND kind = ?3 AND coalesce("
					 "hours_per_week, 0) = CAST(?4 AS "
					 "INTEGER) AND "
					 "coalesce(other_kind, '') = ?5",
					 fixture_num(id, text), timing, kind,
					 fixture_num(hours, h), other, NULL),
			 1);
}

static void outcomes_wait_for_the_course_end_and_six_months(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t id = refer_new(s, cohort, "Olga Resultat", 1987);
	int64_t never = refer_new(s, cohort, "Otto Aldrig", 1986);
	char text[24];
	cJSON *j;

	admit(s, id);
	admit(s, never);
	/* Never started: no outcome at all. */
	cohort_dates(s, cohort, -150, -100, -10);
	refused(c, never, "outcomes",
		"{\"timing\": \"end\", \"kind\": \"education\"}", "timing");

	/* Started, and the course still runs. */
	cohort_dates(s, cohort, -10, 40, 120);
	move(s, id, "{\"status\": \"started\"}", "started");
	fixture_step(c, id, "outcomes",
		     "{\"timing\": \"end\", \"kind\": \"job\", "
		     "\"hours_per_week\": 20}",
		     &r);
	harness_expect_error(&r, 422, "timing");
	assert_true(response_has(&r, "Forløbet er ikke slut"));
	response_free(&r);
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM outcome WHERE "
				      "participant_id = ?1",
				      id),
			 0);

	/* The course ended three days ago. */
	cohort_dates(s, cohort, -150, -100, -3);
	refused(c, id, "outcomes", "{\"timing\": \"end\", \"kind\": \"job\"}",
		"hours_per_week");
	refused(c, id, "outcomes",
		"{\"timing\": \"end\", \"kind\": \"job\", \"hours_per_week\": "
		"61}",
		"hours_per_week");
	refused(c, id, "outcomes", "{\"timing\": \"end\", \"kind\": \"other\"}",
		"other_kind");
	refused(c, id, "outcomes",
		"{\"timing\": \"end\", \"kind\": \"education\", "
		"\"hours_per_week\": 10}",
		"hours_per_week");
	refused(c, id, "outcomes",
		"{\"timing\": \"end\", \"kind\": \"job\", \"hours_per_week\": "
		"20, "
		"\"other_kind\": \"none\"}",
		"other_kind");
	refused(c, id, "outcomes", "{\"timing\": \"soon\", \"kind\": \"job\"}",
		"timing");
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM outcome WHERE "
				      "participant_id = ?1",
				      id),
			 0);

	/* Each kind with what it needs; one end outcome, the latest. */
	assert_int_equal(
		fixture_step(c, id, "outcomes",
			     "{\"timing\": \"end\", \"kind\": \"job\", "
			     "\"hours_per_week\": 20, \"note\": \"Lager.\"}",
			     &r),
		200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(nth(j, "outcomes", 0), "kind"),
			    "job");
	assert_int_equal(
		harness_json_int(nth(j, "outcomes", 0), "hours_per_week"), 20);
	cJSON_Delete(j);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM outcome WHERE "
					 "participant_id = ?1 AND timing = "
					 "'end' AND kind = 'job' AND "
					 "hours_per_week = 20 AND note_enc IS "
					 "NOT NULL",
					 fixture_num(id, text), NULL),
			 1);
	fixture_answers(c, id, "outcomes",
			"{\"timing\": \"end\", \"kind\": \"education\"}", 200);
	outcome_row_is(s, id, "end", "education", 0, "");
	fixture_answers(c, id, "outcomes",
			"{\"timing\": \"end\", \"kind\": "
			"\"extended_internship\"}",
			200);
	outcome_row_is(s, id, "end", "extended_internship", 0, "");
	fixture_answers(c, id, "outcomes",
			"{\"timing\": \"end\", \"kind\": \"other\", "
			"\"other_kind\": \"clarification\"}",
			200);
	outcome_row_is(s, id, "end", "other", 0, "clarification");
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM outcome WHERE "
				      "participant_id = ?1",
				      id),
			 1);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.outcome"), id), 4);

	/* Six months later: not before they have passed. */
	fixture_step(c, id, "outcomes",
		     "{\"timing\": \"six_months\", \"kind\": \"job\", "
		     "\"hours_per_week\": 30}",
		     &r);
	harness_expect_error(&r, 422, "timing");
	assert_true(response_has(&r, "6 måneder"));
	response_free(&r);
	cohort_dates(s, cohort, -340, -290, -215);
	assert_int_equal(
		fixture_step(c, id, "outcomes",
			     "{\"timing\": \"six_months\", \"kind\": \"job\", "
			     "\"hours_per_week\": 30}",
			     &r),
		200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "outcomes")), 2);
	assert_string_equal(
		harness_json_string(nth(j, "outcomes", 1), "timing"),
		"six_months");
	cJSON_Delete(j);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM outcome WHERE "
					 "participant_id = ?1 AND timing = "
					 "'six_months' AND kind = 'job' AND "
					 "hours_per_week = 30",
					 fixture_num(id, text), NULL),
			 1);
	/* The instructor records no outcomes. */
	fixture_step(fixture_as(s, HARNESS_INSTRUCTOR), id, "outcomes",
		     "{\"timing\": \"end\", \"kind\": \"education\"}", &r);
	assert_int_equal(r.status, 403);
	response_free(&r);
}

static void due_six_month_follow_ups_are_on_the_start_page(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t due = refer_new(s, cohort, "Frida Forfalden", 1984);
	int64_t waiting = refer_new(s, cohort, "Ulla Ustartet", 1983);
	char link[64];

	admit(s, due);
	admit(s, waiting);
	cohort_dates(s, cohort, -10, 40, 120);
	move(s, due, "{\"status\": \"started\"}", "started");
	/* Not yet due. */
	assert_int_equal(client_get(c, "/start", &r), 200);
	assert_false(response_has(&r, "Frida Forfalden"));
	response_free(&r);

	cohort_dates(s, cohort, -340, -290, -215);
	snprintf(link, sizeof(link), "/participants/%lld#resultater",
		 (long long)due);
	assert_int_equal(client_get(c, "/start", &r), 200);
	assert_true(response_has(&r, "Frida Forfalden"));
	assert_true(response_has(&r, link));
	/* Only those who started are followed up. */
	assert_false(response_has(&r, "Ulla Ustartet"));
	response_free(&r);

	/* Recorded, it leaves the list. */
	fixture_answers(c, due, "outcomes",
			"{\"timing\": \"six_months\", \"kind\": "
			"\"other\", \"other_kind\": \"upskilling\"}",
			200);
	assert_int_equal(client_get(c, "/start", &r), 200);
	assert_false(response_has(&r, "Frida Forfalden"));
	response_free(&r);
}

/* The names on the start page's due list are reads of those citizens. */
static void the_start_pages_due_list_is_audited(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t due = refer_new(s, cohort, "Asta Auditeret", 1983);
	char text[24];

	admit(s, due);
	cohort_dates(s, cohort, -10, 40, 120);
	move(s, due, "{\"status\": \"started\"}", "started");
	/* Not due yet: not shown, not audited. */
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CASEWORKER), "/start", &r),
		200);
	assert_false(response_has(&r, "Asta Auditeret"));
	response_free(&r);
	assert_int_equal(
		fixture_rows(
			s,
			FIXTURE_AUDITED("participant.list") " AND detail = "
							    "'follow-ups due'",
			due),
		0);

	cohort_dates(s, cohort, -340, -290, -215);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CASEWORKER), "/start", &r),
		200);
	assert_true(response_has(&r, "Asta Auditeret"));
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "subject_type = 'participant' AND "
					 "subject_id = ?1 AND action = "
					 "'participant.list' AND detail = "
					 "'follow-ups due' AND actor = ?2",
					 fixture_num(due, text),
					 HARNESS_CASEWORKER, NULL),
			 1);
	/* The project leader's list too. */
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_LEADER), "/start", &r), 200);
	assert_true(response_has(&r, "Asta Auditeret"));
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "subject_type = 'participant' AND "
					 "subject_id = ?1 AND action = "
					 "'participant.list' AND detail = "
					 "'follow-ups due' AND actor = ?2",
					 fixture_num(due, text), HARNESS_LEADER,
					 NULL),
			 1);
}

/* Changes, lists and search. */

static void contact_and_barriers_change_with_patch(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t other = fixture_new_cohort(s, COHORT, 40, NULL, true);
	int64_t id = refer_new(s, cohort, "Pia Patch", 1982);
	char path[64], body[128], a[24], b[24];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	assert_int_equal(client_api(c, "PATCH", path,
				    "{\"phone\": \"+45 11 22 33 44\", "
				    "\"email\": \"pia@example.invalid\", "
				    "\"address\": \"Nyvej 2, 8200 Aarhus N\", "
				    "\"barriers\": [\"depression\"], "
				    "\"substance\": \"in_treatment\"}",
				    &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "phone"), "+45 11 22 33 44");
	assert_string_equal(harness_json_string(j, "email"),
			    "pia@example.invalid");
	assert_string_equal(harness_json_string(j, "address"),
			    "Nyvej 2, 8200 Aarhus N");
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "barriers")), 1);
	assert_string_equal(nth(j, "barriers", 0)->valuestring, "depression");
	assert_string_equal(harness_json_string(j, "substance"),
			    "in_treatment");
	/* What was not sent stays. */
	assert_string_equal(harness_json_string(j, "name"), "Pia Patch");
	assert_string_equal(harness_json_string(j, "reason"), REASON);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "criteria")), 5);
	cJSON_Delete(j);
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant WHERE id = ?1 "
			     "AND phone = '+45 11 22 33 44' AND address = "
			     "'Nyvej 2, 8200 Aarhus N'",
			     id),
		1);
	assert_int_equal(
		fixture_rows(s,
			     FIXTURE_AUDITED(
				     "participant.update") " AND detail = "
							   "'contact, health'",
			     id),
		1);

	/* Bad values are refused and change nothing. */
	client_api(c, "PATCH", path, "{\"phone\": \"ring mig\"}", &r);
	harness_expect_error(&r, 422, "phone");
	response_free(&r);
	client_api(c, "PATCH", path, "{\"barriers\": [\"flyskræk\"]}", &r);
	harness_expect_error(&r, 422, "barriers");
	response_free(&r);
	client_api(c, "PATCH", path, "{\"cpr\": \"320190-1234\"}", &r);
	harness_expect_error(&r, 422, "cpr");
	response_free(&r);
	snprintf(body, sizeof(body), "{\"cohort_id\": %lld}", (long long)other);
	client_api(c, "PATCH", path, body, &r);
	harness_expect_error(&r, 422, "cohort_id");
	response_free(&r);
	/* A mentor must be on the cohort's staff as mentor. */
	snprintf(body, sizeof(body), "{\"mentor_id\": %lld}",
		 (long long)harness_user_id(s, "mentor.aisha@demo.invalid"));
	client_api(c, "PATCH", path, body, &r);
	harness_expect_error(&r, 422, "mentor_id");
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE id = ?1 AND phone = '+45 11 22 "
					 "33 44' AND cohort_id = ?2 AND "
					 "mentor_id IS NULL",
					 fixture_num(id, a),
					 fixture_num(cohort, b), NULL),
			 1);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.update"), id), 1);

	/* An empty list clears the barriers. */
	assert_int_equal(client_api(c, "PATCH", path, "{\"barriers\": []}", &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "barriers")), 0);
	cJSON_Delete(j);
}

/* GET /api/v1/participants/{id} as c; the JSON (caller deletes). */
static cJSON *get_participant(struct client *c, int64_t id)
{
	struct response r = RESPONSE_INIT;
	char path[64];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	return j;
}

/*
 * The server leaves objects and arrays of objects out of the form it makes
 * of JSON, so a malformed list must be refused, not read as empty or as a
 * single text.
 */
static void barriers_must_be_a_list_of_texts(void **state)
{
	static const char *const bad[] = {
		"{\"barriers\": [{\"x\": 1}]}",
		"{\"barriers\": \"adhd\"}",
		"{\"barriers\": [\"adhd\", 3]}",
		"{\"barriers\": {\"adhd\": true}}",
	};
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t id = refer_new(s, cohort, "Bent Barriere", 1981);
	const cJSON *list;
	char path[64];
	cJSON *j;
	size_t i;

	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		client_api(c, "PATCH", path, bad[i], &r);
		harness_expect_error(&r, 422, "barriers");
		response_free(&r);
		j = get_participant(c, id);
		list = harness_json_at(j, "barriers");
		assert_int_equal(cJSON_GetArraySize(list), 2);
		assert_string_equal(nth(j, "barriers", 0)->valuestring,
				    "anxiety");
		assert_string_equal(nth(j, "barriers", 1)->valuestring, "adhd");
		cJSON_Delete(j);
	}
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.update"), id), 0);
	/* A list of texts still works. */
	assert_int_equal(client_api(c, "PATCH", path,
				    "{\"barriers\": [\"depression\"]}", &r),
			 200);
	response_free(&r);
}

/* n copies of unit, then tail, into out. */
static const char *repeat(char *out, size_t size, const char *unit, int n,
			  const char *tail)
{
	size_t len = 0, u = strlen(unit);
	int i;

	for (i = 0; i < n; i++) {
		assert_true(len + u < size);
		memcpy(out + len, unit, u);
		len += u;
	}
	assert_true(len + strlen(tail) < size);
	strcpy(out + len, tail);
	return out;
}

/*
 * Limits are in characters: a name of 151 characters with æ is 301 bytes
 * and must come back whole, as must 200 characters of å and an address of
 * 290 Ø; 201 characters are refused.
 */
static void names_and_addresses_keep_every_character_of_utf8(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t id = refer_new(s, cohort, "Æble Øresund", 1980);
	static char name[1024], longer[1024], address[1024], body[2560];
	char path[64], text[24];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	repeat(name, sizeof(name), "æ", 150, "a");
	repeat(address, sizeof(address), "Ø", 290, "");
	assert_int_equal(strlen(name), 301);
	snprintf(body, sizeof(body), "{\"name\": \"%s\", \"address\": \"%s\"}",
		 name, address);
	assert_int_equal(client_api(c, "PATCH", path, body, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "name"), name);
	assert_string_equal(harness_json_string(j, "address"), address);
	cJSON_Delete(j);
	j = get_participant(c, id);
	assert_string_equal(harness_json_string(j, "name"), name);
	assert_string_equal(harness_json_string(j, "address"), address);
	cJSON_Delete(j);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE id = ?1 AND name = ?2 AND "
					 "address = ?3",
					 fixture_num(id, text), name, address,
					 NULL),
			 1);
	/* The page shows the whole name too. */
	snprintf(path, sizeof(path), "/participants/%lld", (long long)id);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, name));
	response_free(&r);

	/* The limit itself: 200 characters. */
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	repeat(name, sizeof(name), "å", 200, "");
	snprintf(body, sizeof(body), "{\"name\": \"%s\"}", name);
	assert_int_equal(client_api(c, "PATCH", path, body, &r), 200);
	response_free(&r);
	j = get_participant(c, id);
	assert_string_equal(harness_json_string(j, "name"), name);
	cJSON_Delete(j);

	/* One more is refused, and the name stays. */
	snprintf(body, sizeof(body), "{\"name\": \"%s\"}",
		 repeat(longer, sizeof(longer), "æ", 201, ""));
	client_api(c, "PATCH", path, body, &r);
	harness_expect_error(&r, 422, "name");
	response_free(&r);
	j = get_participant(c, id);
	assert_string_equal(harness_json_string(j, "name"), name);
	cJSON_Delete(j);
}

static void lists_filter_by_cohort_and_status(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t a = refer_new(s, cohort, "Liste Alfa", 1981);
	int64_t b = refer_new(s, cohort, "Liste Beta", 1981);
	int64_t elsewhere = refer_new(
		s, fixture_new_cohort(s, COHORT, 40, NULL, true), "Liste Gamma",
		1981);
	int64_t ids[64];
	char path[128], cpr[12];
	int n;

	admit(s, a);
	snprintf(path, sizeof(path), "/api/v1/participants?cohort_id=%lld",
		 (long long)cohort);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	n = fixture_list_ids(&r, ids, 64, NULL);
	response_free(&r);
	assert_int_equal(n, 2);
	assert_true(fixture_in_list(ids, n, a) && fixture_in_list(ids, n, b));
	assert_false(fixture_in_list(ids, n, elsewhere));

	snprintf(path, sizeof(path),
		 "/api/v1/participants?cohort_id=%lld&status=admitted",
		 (long long)cohort);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	n = fixture_list_ids(&r, ids, 64, NULL);
	response_free(&r);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], a);

	assert_int_equal(
		client_api(c, "GET", "/api/v1/participants?q=Liste", NULL, &r),
		200);
	n = fixture_list_ids(&r, ids, 64, NULL);
	response_free(&r);
	assert_int_equal(n, 3);

	client_api(c, "GET", "/api/v1/participants?status=flying", NULL, &r);
	harness_expect_error(&r, 422, "status");
	response_free(&r);
	client_api(c, "GET", "/api/v1/participants?cohort_id=abc", NULL, &r);
	harness_expect_error(&r, 422, "cohort_id");
	response_free(&r);
	/* Six digits or more look like a CPR number: never in a URL. */
	client_api(c, "GET", "/api/v1/participants?q=010190", NULL, &r);
	harness_expect_error(&r, 422, "q");
	response_free(&r);
	fresh_cpr(1981, cpr, NULL);
	snprintf(path, sizeof(path), "/api/v1/participants?q=%s", cpr);
	client_api(c, "GET", path, NULL, &r);
	harness_expect_error(&r, 422, "q");
	response_free(&r);
	/* Five digits are a name search that finds nothing. */
	assert_int_equal(
		client_api(c, "GET", "/api/v1/participants?q=01019", NULL, &r),
		200);
	assert_int_equal(fixture_list_ids(&r, ids, 64, NULL), 0);
	response_free(&r);
}

static void cpr_search_goes_by_post_and_is_audited(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t ids[8], id, other;
	char cpr[12], digits[11], body[128], path[128], text[24];
	cJSON *j;

	fresh_cpr(1979, cpr, digits);
	assert_int_equal(refer(c, cohort, "Soeren Soeg", cpr, &r), 201);
	j = response_json(&r);
	id = harness_json_int(j, "id");
	cJSON_Delete(j);
	response_free(&r);
	other = refer_new(s, cohort, "Soeren Anden", 1979);

	snprintf(body, sizeof(body), "{\"q\": \"%s\"}", cpr);
	assert_int_equal(
		client_api(c, "POST", "/api/v1/participants/search", body, &r),
		200);
	assert_false(fixture_body_has(&r, digits));
	assert_int_equal(fixture_list_ids(&r, ids, 8, NULL), 1);
	assert_int_equal(ids[0], id);
	response_free(&r);
	/* Without the dash too. */
	snprintf(body, sizeof(body), "{\"q\": \"%s\"}", digits);
	assert_int_equal(
		client_api(c, "POST", "/api/v1/participants/search", body, &r),
		200);
	assert_int_equal(fixture_list_ids(&r, ids, 8, NULL), 1);
	assert_int_equal(ids[0], id);
	response_free(&r);
	/* Two searches, counted on the hour's read row. */
	assert_int_equal(harness_sql_int(s,
					 "SELECT sum(count) FROM audit WHERE "
					 "action = 'participant.search' AND "
					 "subject_type = 'participant' AND "
					 "subject_id = ?1 AND actor = ?2 AND "
					 "detail = 'cpr search'",
					 fixture_num(id, text),
					 HARNESS_CASEWORKER, NULL),
			 2);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.search"), other),
		0);

	/* A name search finds both. */
	assert_int_equal(client_api(c, "POST", "/api/v1/participants/search",
				    "{\"q\": \"Soeren\"}", &r),
			 200);
	assert_int_equal(fixture_list_ids(&r, ids, 8, NULL), 2);
	response_free(&r);
	/* An invalid CPR number is said so. */
	client_api(c, "POST", "/api/v1/participants/search",
		   "{\"q\": \"320179-1234\"}", &r);
	harness_expect_error(&r, 422, "q");
	response_free(&r);
	client_api(c, "POST", "/api/v1/participants/search", "{\"q\": \"S\"}",
		   &r);
	harness_expect_error(&r, 422, "q");
	response_free(&r);

	/* A CPR number in a GET's query string is refused, whatever the
	 * parameter is called: it would land in URLs and logs. */
	snprintf(path, sizeof(path), "/api/v1/participants?q=%s", digits);
	client_api(c, "GET", path, NULL, &r);
	harness_expect_error(&r, 422, "q");
	response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/participants?cpr=%s", digits);
	client_api(c, "GET", path, NULL, &r);
	harness_expect_error(&r, 422, "cpr");
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(referral_answers_201_with_the_cpr_masked),
		cmocka_unit_test(invalid_cprs_are_refused_and_nothing_written),
		cmocka_unit_test(
			duplicates_are_refused_on_the_same_and_overlapping_cohorts),
		cmocka_unit_test(referral_to_a_cohort_not_open_is_refused),
		cmocka_unit_test(
			a_refused_duplicate_is_audited_on_the_existing_referral),
		cmocka_unit_test(
			visitation_decides_and_a_refusal_needs_a_reason),
		cmocka_unit_test(admissions_warn_above_ten_and_stop_at_sixteen),
		cmocka_unit_test(
			a_full_cohort_puts_the_next_on_the_waiting_list),
		cmocka_unit_test(
			a_waiting_citizen_visited_again_keeps_their_place),
		cmocka_unit_test(status_changes_follow_the_course),
		cmocka_unit_test(
			the_status_step_does_not_admit_a_referred_citizen),
		cmocka_unit_test(re_referral_needs_a_reason_and_who_took_part),
		cmocka_unit_test(
			outcomes_wait_for_the_course_end_and_six_months),
		cmocka_unit_test(
			due_six_month_follow_ups_are_on_the_start_page),
		cmocka_unit_test(the_start_pages_due_list_is_audited),
		cmocka_unit_test(contact_and_barriers_change_with_patch),
		cmocka_unit_test(barriers_must_be_a_list_of_texts),
		cmocka_unit_test(
			names_and_addresses_keep_every_character_of_utf8),
		cmocka_unit_test(lists_filter_by_cohort_and_status),
		cmocka_unit_test(cpr_search_goes_by_post_and_is_audited),
	};

	return cmocka_run_group_tests(tests, harness_setup, fixture_teardown);
}
