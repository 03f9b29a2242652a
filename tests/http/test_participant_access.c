/*
 * HTTP tests of who may see and do what with a participant: every role's
 * view of the record, the CPR number revealed only on a confirmed password
 * and a stated purpose, the audit of reads, lists, searches and changes
 * with the access log, the pages, and a scan of the database and logs for
 * plain CPR numbers and health text.
 */
#define _GNU_SOURCE /* memmem */

#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#define LEADER_ODENSE	 "projektleder.odense@demo.invalid"
#define OTHER_CASEWORKER "sagsbehandler.to@demo.invalid"
/* The reveal's purpose as sent (a choice) and as the audit row says it. */
#define PURPOSE	      "payment"
#define PURPOSE_LABEL "Udbetaling eller indberetning til ydelsessystemet"
/* A note to a reveal, which may name people: sealed, never in the clear. */
#define REVEAL_NOTE "Ringede til bostøtten Gitte Hald om flytning"
#define COHORT	    "Adgangshold"
/* Health text that must never reach the database in the clear. */
#define REASON "Frygter kantinen paa tredje sal og bliver hjemme hver mandag."

static int setup(void **state)
{
	if (harness_setup(state) < 0)
		return -1;
	/* A second caseworker of Jobcenter Aarhus, not the citizens'. */
	harness_add_user(*state, OTHER_CASEWORKER, "caseworker");
	return 0;
}

/* Every CPR number this file gives the server, for the final scan. */
static char given[64][11];
static int given_n;

/*
 * A fresh valid CPR number born in `year` (1900-1999), "DDMMYY-SSSS";
 * remembered in given[].
 */
static void fresh_cpr(int year, char out[12])
{
	static unsigned n;

	n++;
	assert_true(given_n < 64);
	fixture_cpr(1 + (n * 5) % 28, 1 + (n / 28 + 6) % 12, year,
		    2500 + n % 1000, out, given[given_n++]);
}

/* What a referral says beside the cohort, name and CPR number. */
#define RECORD                                                                 \
	", \"phone\": \"20 30 40 50\", \"email\": "                            \
	"\"borger@example.invalid\", \"address\": \"Skovvej 3, 8000 "          \
	"Aarhus C\", \"barriers\": [\"anxiety\"], \"substance\": "             \
	"\"in_treatment\", \"reason\": \"" REASON "\", \"wishes\": "           \
	"\"Lager.\", \"criteria\": [{\"answer\": \"yes\", \"note\": "          \
	"\"Angst\"}]"

/* Refers a citizen born in year with the full record as the demo
 * caseworker; the id, and the CPR number in cpr (may be NULL). */
static int64_t refer(struct server *s, int64_t cohort, const char *name,
		     int year, char cpr[12])
{
	char own[12];

	fresh_cpr(year, cpr ? cpr : own);
	return fixture_refer(fixture_as(s, HARNESS_CASEWORKER), cohort, name,
			     cpr ? cpr : own, RECORD);
}

static void admit(struct server *s, int64_t id)
{
	fixture_answers(
		fixture_as(s, HARNESS_LEADER), id, "visitation",
		"{\"decision\": \"admitted\", \"notes\": \"Motiveret.\"}", 200);
}

/* GET /api/v1/participants/{id} as email; the JSON on 200 (caller
 * deletes), else NULL; the raw answer in r when not NULL. */
static cJSON *get_as(struct server *s, const char *email, int64_t id,
		     long expect, struct response *r)
{
	struct response own = RESPONSE_INIT;
	struct response *a = r ? r : &own;
	char path[64];
	cJSON *j = NULL;

	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	assert_int_equal(client_api(fixture_as(s, email), "GET", path, NULL, a),
			 expect);
	if (expect == 200)
		j = response_json(a);
	if (r == NULL)
		response_free(&own);
	return j;
}

static long page_as(struct server *s, const char *email, const char *fmt_path,
		    int64_t id, struct response *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/participants/%lld%s", (long long)id,
		 fmt_path);
	return client_get(fixture_as(s, email), path, r);
}

static bool has_key(const cJSON *j, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(j, key) != NULL;
}

static bool bytes_have(const char *data, size_t len, const char *s)
{
	return memmem(data, len, s, strlen(s)) != NULL;
}

/* Neither the CPR number's ten digits, its "DDMMYY-SSSS" form, nor (when
 * prefix) its birth date followed by the dash is in r's body. */
static void body_has_no_cpr(const struct response *r, const char *cpr,
			    bool prefix)
{
	char digits[11], birth[8];

	snprintf(digits, sizeof(digits), "%.6s%.4s", cpr, cpr + 7);
	snprintf(birth, sizeof(birth), "%.7s", cpr);
	assert_false(fixture_body_has(r, digits));
	assert_false(fixture_body_has(r, cpr));
	if (prefix)
		assert_false(fixture_body_has(r, birth));
}

/* Who sees what. */

static void each_role_sees_only_what_it_may(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char cpr[12], masked[12], path[64], body[96];
	int64_t id = refer(s, cohort, "Vera Synlig", 1990, cpr);
	cJSON *j;

	admit(s, id);
	snprintf(masked, sizeof(masked), "%.6s-xxxx", cpr);

	/* The citizen's caseworker: everything, the CPR number masked. */
	j = get_as(s, HARNESS_CASEWORKER, id, 200, &r);
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	assert_string_equal(harness_json_string(j, "cpr"), masked);
	assert_string_equal(harness_json_string(j, "reason"), REASON);
	assert_string_equal(harness_json_string(j, "substance"),
			    "in_treatment");
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "barriers")), 1);
	assert_true(has_key(j, "visitation"));
	cJSON_Delete(j);
	/* The cohort's project leader likewise. */
	j = get_as(s, HARNESS_LEADER, id, 200, NULL);
	assert_string_equal(harness_json_string(j, "cpr"), masked);
	assert_string_equal(harness_json_string(j, "reason"), REASON);
	cJSON_Delete(j);

	/* Another caseworker of the same job centre: not there at all. */
	get_as(s, OTHER_CASEWORKER, id, 404, NULL);
	assert_int_equal(page_as(s, OTHER_CASEWORKER, "", id, NULL), 404);

	/* The cohort's instructor: health and visitation, never the CPR. */
	j = get_as(s, HARNESS_INSTRUCTOR, id, 200, &r);
	body_has_no_cpr(&r, cpr, true);
	response_free(&r);
	assert_false(has_key(j, "cpr"));
	assert_string_equal(harness_json_string(j, "reason"), REASON);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "barriers")), 1);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "criteria")), 5);
	assert_string_equal(harness_json_string(j, "visitation.notes"),
			    "Motiveret.");
	cJSON_Delete(j);

	/* A consultant of the job centre: the work, no health. */
	j = get_as(s, HARNESS_CONSULTANT, id, 200, &r);
	body_has_no_cpr(&r, cpr, true);
	assert_false(fixture_body_has(&r, REASON));
	response_free(&r);
	assert_false(has_key(j, "cpr"));
	assert_false(has_key(j, "reason"));
	assert_false(has_key(j, "barriers"));
	assert_false(has_key(j, "criteria"));
	assert_false(has_key(j, "substance"));
	assert_false(has_key(j, "visitation"));
	assert_int_equal(harness_json_int(j, "birth_year"), 1990);
	assert_true(has_key(j, "history"));
	cJSON_Delete(j);

	/* The mentor on the cohort's staff: only a mentee of theirs. */
	get_as(s, HARNESS_MENTOR, id, 404, NULL);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	snprintf(body, sizeof(body), "{\"mentor_id\": %lld}",
		 (long long)harness_user_id(s, HARNESS_MENTOR));
	assert_int_equal(client_api(fixture_as(s, HARNESS_CASEWORKER), "PATCH",
				    path, body, &r),
			 200);
	response_free(&r);
	j = get_as(s, HARNESS_MENTOR, id, 200, &r);
	body_has_no_cpr(&r, cpr, true);
	assert_false(fixture_body_has(&r, REASON));
	response_free(&r);
	assert_string_equal(harness_json_string(j, "name"), "Vera Synlig");
	assert_string_equal(harness_json_string(j, "phone"), "20 30 40 50");
	assert_string_equal(harness_json_string(j, "email"),
			    "borger@example.invalid");
	assert_string_equal(harness_json_string(j, "address"),
			    "Skovvej 3, 8000 Aarhus C");
	assert_false(has_key(j, "cpr"));
	assert_false(has_key(j, "barriers"));
	assert_false(has_key(j, "reason"));
	assert_false(has_key(j, "substance"));
	assert_false(has_key(j, "birth_year"));
	assert_false(has_key(j, "history"));
	cJSON_Delete(j);

	/* A project leader of another organisation: 404, API and page. */
	get_as(s, LEADER_ODENSE, id, 404, NULL);
	assert_int_equal(page_as(s, LEADER_ODENSE, "", id, NULL), 404);
	/* The administrator has no business with citizens. */
	get_as(s, HARNESS_ADMIN, id, 403, NULL);
	assert_int_equal(page_as(s, HARNESS_ADMIN, "", id, NULL), 403);
}

static void lists_show_each_role_its_own(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t id = refer(s, cohort, "Liv Liste", 1991, NULL);
	int64_t ids[600];
	char path[80];
	bool cpr;
	int n;

	snprintf(path, sizeof(path), "/api/v1/participants?cohort_id=%lld",
		 (long long)cohort);
	assert_int_equal(client_api(fixture_as(s, HARNESS_CASEWORKER), "GET",
				    path, NULL, &r),
			 200);
	n = fixture_list_ids(&r, ids, 600, &cpr);
	response_free(&r);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], id);
	assert_true(cpr);

	assert_int_equal(client_api(fixture_as(s, HARNESS_INSTRUCTOR), "GET",
				    path, NULL, &r),
			 200);
	n = fixture_list_ids(&r, ids, 600, &cpr);
	response_free(&r);
	assert_int_equal(n, 1);
	assert_false(cpr);

	assert_int_equal(client_api(fixture_as(s, OTHER_CASEWORKER), "GET",
				    path, NULL, &r),
			 200);
	assert_int_equal(fixture_list_ids(&r, ids, 600, &cpr), 0);
	response_free(&r);
	assert_int_equal(
		client_api(fixture_as(s, LEADER_ODENSE), "GET", path, NULL, &r),
		200);
	assert_int_equal(fixture_list_ids(&r, ids, 600, &cpr), 0);
	response_free(&r);
	/* The mentor has no mentee here. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_MENTOR), "GET", path,
				    NULL, &r),
			 200);
	n = fixture_list_ids(&r, ids, 600, &cpr);
	response_free(&r);
	assert_false(fixture_in_list(ids, n < 600 ? n : 600, id));
}

static void roles_may_only_do_their_part(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t id = refer(s, cohort, "Bo Beskyttet", 1992, NULL);
	char path[64], body[128], cpr[12];

	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	snprintf(body, sizeof(body), "{\"mentor_id\": %lld}",
		 (long long)harness_user_id(s, HARNESS_MENTOR));
	assert_int_equal(client_api(fixture_as(s, HARNESS_CASEWORKER), "PATCH",
				    path, body, &r),
			 200);
	response_free(&r);

	/* Instructors do not change the record, nor see the CPR or log. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_INSTRUCTOR), "PATCH",
				    path, "{\"phone\": \"11111111\"}", &r),
			 403);
	response_free(&r);
	fixture_answers(fixture_as(s, HARNESS_INSTRUCTOR), id, "cpr",
			"{\"purpose\": \"" PURPOSE "\"}", 403);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/access",
		 (long long)id);
	assert_int_equal(client_api(fixture_as(s, HARNESS_INSTRUCTOR), "GET",
				    path, NULL, &r),
			 403);
	response_free(&r);
	/* Mentors neither visit, move nor record outcomes. */
	fixture_answers(fixture_as(s, HARNESS_MENTOR), id, "visitation",
			"{\"decision\": \"admitted\"}", 403);
	fixture_answers(fixture_as(s, HARNESS_MENTOR), id, "status",
			"{\"status\": \"dropped_out\", \"reason\": \"x\"}",
			403);
	fixture_answers(fixture_as(s, HARNESS_MENTOR), id, "outcomes",
			"{\"timing\": \"end\", \"kind\": \"education\"}", 403);
	/* Consultants and caseworkers do not hold the visitation. */
	fixture_answers(fixture_as(s, HARNESS_CONSULTANT), id, "visitation",
			"{\"decision\": \"admitted\"}", 403);
	fixture_answers(fixture_as(s, HARNESS_CASEWORKER), id, "visitation",
			"{\"decision\": \"admitted\"}", 403);
	/* Those who do not see the citizen get 404 where the role may act. */
	fixture_answers(fixture_as(s, LEADER_ODENSE), id, "visitation",
			"{\"decision\": \"admitted\"}", 404);
	fixture_answers(fixture_as(s, OTHER_CASEWORKER), id, "status",
			"{\"status\": \"dropped_out\", \"reason\": \"x\"}",
			404);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	assert_int_equal(client_api(fixture_as(s, OTHER_CASEWORKER), "PATCH",
				    path, "{\"phone\": \"11111111\"}", &r),
			 404);
	response_free(&r);
	/* A project leader of another organisation cannot refer to it. */
	fresh_cpr(1970, cpr);
	snprintf(body, sizeof(body),
		 "{\"cohort_id\": %lld, \"name\": \"X\", \"cpr\": \"%s\"}",
		 (long long)cohort, cpr);
	client_api(fixture_as(s, LEADER_ODENSE), "POST", "/api/v1/participants",
		   body, &r);
	harness_expect_error(&r, 422, "cohort_id");
	response_free(&r);

	/* Nothing of it was written. */
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant WHERE id = ?1 "
			     "AND status = 'referred' AND phone = '20 30 40 "
			     "50' AND visitation_on IS NULL",
			     id),
		1);
	assert_int_equal(
		fixture_rows(s,
			     "SELECT count(*) FROM participant_status WHERE "
			     "participant_id = ?1",
			     id),
		1);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.cpr_reveal"), id),
		0);
}

/* The CPR number. */

static void cpr_reveal_needs_a_fresh_confirmation_and_a_purpose(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char cpr[12], text[24], uid[24];
	int64_t id = refer(s, cohort, "Cecilie Cpr", 1989, cpr);
	cJSON *j;

	fixture_num(harness_user_id(s, HARNESS_CASEWORKER), uid);
	assert_int_equal(
		client_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
		303);
	/* Logging in is no confirmation. */
	assert_int_equal(fixture_step(c, id, "cpr",
				      "{\"purpose\": \"" PURPOSE "\"}", &r),
			 403);
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	assert_int_equal(client_api(c, "POST", "/api/v1/session/confirm",
				    "{\"password\": \"wrong-password-1\"}", &r),
			 401);
	response_free(&r);
	fixture_answers(c, id, "cpr", "{\"purpose\": \"" PURPOSE "\"}", 403);

	assert_int_equal(client_api(c, "POST", "/api/v1/session/confirm",
				    "{\"password\": \"" HARNESS_PASSWORD "\"}",
				    &r),
			 204);
	response_free(&r);
	/* A purpose is required, and a real one. */
	fixture_step(c, id, "cpr", "{}", &r);
	harness_expect_error(&r, 422, "purpose");
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	fixture_step(c, id, "cpr", "{\"purpose\": \"se\"}", &r);
	harness_expect_error(&r, 422, "purpose");
	response_free(&r);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.cpr_reveal"), id),
		0);

	assert_int_equal(fixture_step(c, id, "cpr",
				      "{\"purpose\": \"" PURPOSE "\"}", &r),
			 200);
	j = response_json(&r);
	assert_string_equal(response_header(&r, "Cache-Control"), "no-store");
	response_free(&r);
	assert_int_equal(harness_json_int(j, "id"), id);
	assert_string_equal(harness_json_string(j, "cpr"), cpr);
	cJSON_Delete(j);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'participant.cpr_reveal' "
					 "AND subject_type = 'participant' AND "
					 "subject_id = ?1 AND actor = ?2 AND "
					 "actor_id = ?3 AND purpose = ?4",
					 fixture_num(id, text),
					 HARNESS_CASEWORKER, uid, PURPOSE_LABEL,
					 NULL),
			 1);

	/* Five minutes later the confirmation has run out. */
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE session SET confirmed_at = "
					  "confirmed_at - 301 WHERE user_id = "
					  "?1 AND confirmed_at > 0",
					  uid, NULL),
			 0);
	fixture_answers(c, id, "cpr", "{\"purpose\": \"" PURPOSE "\"}", 403);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.cpr_reveal"), id),
		1);

	/* A confirmed project leader of another organisation: still 404. */
	assert_int_equal(client_api(fixture_as(s, LEADER_ODENSE), "POST",
				    "/api/v1/session/confirm",
				    "{\"password\": \"" HARNESS_PASSWORD "\"}",
				    &r),
			 204);
	response_free(&r);
	assert_int_equal(fixture_step(fixture_as(s, LEADER_ODENSE), id, "cpr",
				      "{\"purpose\": \"" PURPOSE "\"}", &r),
			 404);
	body_has_no_cpr(&r, cpr, true);
	response_free(&r);
	client_free(c);
}

/* Security finding 8: the reveal's purpose was free text, shown verbatim
 * to the administrator. Now a choice, with a note sealed like the health
 * fields and shown only in the citizen's own access log. */
static void cpr_reveal_purpose_is_a_choice_with_a_sealed_note(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s), *admin = client_new(s);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char cpr[12], text[24], path[96];
	int64_t id = refer(s, cohort, "Norma Note", 1986, cpr);

	assert_int_equal(
		client_login(c, HARNESS_CASEWORKER, HARNESS_PASSWORD, NULL),
		303);
	assert_int_equal(client_api(c, "POST", "/api/v1/session/confirm",
				    "{\"password\": \"" HARNESS_PASSWORD "\"}",
				    &r),
			 204);
	response_free(&r);
	/* Free text is no longer a purpose. */
	fixture_step(c, id, "cpr",
		     "{\"purpose\": \"Indberetning til ydelsessystemet\"}", &r);
	harness_expect_error(&r, 422, "purpose");
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	/* "Other" needs a note. */
	fixture_step(c, id, "cpr", "{\"purpose\": \"other\"}", &r);
	harness_expect_error(&r, 422, "note");
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.cpr_reveal"), id),
		0);
	assert_int_equal(
		fixture_step(c, id, "cpr",
			     "{\"purpose\": \"other\", \"note\": \"" REVEAL_NOTE
			     "\"}",
			     &r),
		200);
	assert_true(response_has(&r, cpr));
	response_free(&r);
	fixture_num(id, text);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'participant.cpr_reveal' "
					 "AND subject_id = ?1 AND purpose = "
					 "'Andet (se noten)' AND note_enc IS "
					 "NOT NULL AND instr(purpose || "
					 "detail || subject, 'Gitte') = 0",
					 text, NULL),
			 1);
	/* The citizen's access log shows it to who sees the record... */
	snprintf(path, sizeof(path), "/participants/%lld/access",
		 (long long)id);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Andet (se noten)"));
	assert_true(response_has(&r, REVEAL_NOTE));
	response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/access",
		 (long long)id);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	assert_true(response_has(&r, REVEAL_NOTE));
	response_free(&r);
	/* ...the administrator's audit page and API do not. */
	assert_int_equal(
		client_login(admin, HARNESS_ADMIN, HARNESS_PASSWORD, NULL),
		303);
	assert_int_equal(
		client_get(admin, "/audit?action=participant.cpr_reveal", &r),
		200);
	assert_true(response_has(&r, "Andet (se noten)"));
	assert_false(response_has(&r, "Gitte"));
	response_free(&r);
	assert_int_equal(
		client_api(admin, "GET",
			   "/api/v1/audit?action=participant.cpr_reveal", NULL,
			   &r),
		200);
	assert_false(response_has(&r, "Gitte"));
	response_free(&r);
	/* The page offers the choices and keeps what was chosen. */
	snprintf(path, sizeof(path), "/participants/%lld/cpr", (long long)id);
	assert_int_equal(client_post(c, path, "purpose=other&note=kort", &r),
			 422);
	assert_true(response_has(&r, "value=\"other\" required checked"));
	assert_true(response_has(&r, ">kort</textarea>"));
	assert_true(response_has(&r, "Bekræftelse af borgerens identitet"));
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	client_free(c);
	client_free(admin);
}

static void cpr_page_asks_for_the_password_first(void **state)
{
	struct server *s = *state;
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char cpr[12], path[64], next[96];
	int64_t id = refer(s, cohort, "Per Sideflow", 1988, cpr);
	const char *loc;

	assert_int_equal(
		client_login(c, HARNESS_LEADER, HARNESS_PASSWORD, NULL), 303);
	snprintf(path, sizeof(path), "/participants/%lld/cpr", (long long)id);
	assert_int_equal(client_get(c, path, &r), 303);
	loc = response_header(&r, "Location");
	assert_non_null(loc);
	assert_int_equal(strncmp(loc, "/confirm?next=", 14), 0);
	response_free(&r);
	/* Posting without the confirmation is refused outright. */
	assert_int_equal(client_post(c, path, "purpose=" PURPOSE, &r), 403);
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);

	assert_int_equal(client_get(c, "/confirm", &r), 200);
	response_free(&r);
	snprintf(next, sizeof(next), "password=" HARNESS_PASSWORD "&next=%s",
		 path);
	assert_int_equal(client_post(c, "/confirm", next, &r), 303);
	assert_string_equal(response_header(&r, "Location"), path);
	response_free(&r);

	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Hvorfor skal du se det fulde "
				     "CPR-nummer?"));
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	assert_int_equal(client_post(c, path, "purpose=", &r), 422);
	assert_true(response_has(&r, "error-message"));
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	assert_int_equal(client_post(c, path, "purpose=" PURPOSE, &r), 200);
	assert_true(response_has(&r, cpr));
	/* "Siden gemmes ikke i browseren", as the page says. */
	assert_string_equal(response_header(&r, "Cache-Control"), "no-store");
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'participant.cpr_reveal' "
					 "AND subject_id = ?1 AND actor = ?2 "
					 "AND purpose = ?3",
					 fixture_num(id, next), HARNESS_LEADER,
					 PURPOSE_LABEL, NULL),
			 1);
	client_free(c);
}

/* The audit and the access log. */

static void reads_lists_searches_and_changes_are_audited(void **state)
{
	static const char *const actions[] = {
		"participant.create", "participant.read",   "participant.list",
		"participant.search", "participant.update",
	};
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char cpr[12], path[96], body[64], text[24];
	int64_t id = refer(s, cohort, "Aud Itering", 1987, cpr);
	const cJSON *e;
	cJSON *j;
	size_t i;
	int g;

	assert_int_equal(page_as(s, HARNESS_CASEWORKER, "", id, &r), 200);
	response_free(&r);
	j = get_as(s, HARNESS_CASEWORKER, id, 200, NULL);
	cJSON_Delete(j);
	snprintf(path, sizeof(path), "/api/v1/participants?cohort_id=%lld",
		 (long long)cohort);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	response_free(&r);
	snprintf(body, sizeof(body), "{\"q\": \"%s\"}", cpr);
	assert_int_equal(
		client_api(c, "POST", "/api/v1/participants/search", body, &r),
		200);
	response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	assert_int_equal(
		client_api(c, "PATCH", path, "{\"address\": \"Torvet 1\"}", &r),
		200);
	response_free(&r);
	/* The instructor's read is in the log under the instructor. */
	j = get_as(s, HARNESS_INSTRUCTOR, id, 200, NULL);
	cJSON_Delete(j);

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (harness_sql_int(s,
				    "SELECT count(*) FROM audit WHERE "
				    "subject_type = 'participant' AND "
				    "subject_id = ?1 AND action = ?2 AND "
				    "actor = ?3",
				    fixture_num(id, text), actions[i],
				    HARNESS_CASEWORKER, NULL) < 1)
			fail_msg("no audit row %s", actions[i]);
	assert_int_equal(
		fixture_rows(s,
			     FIXTURE_AUDITED(
				     "participant.read") " AND detail = 'page'",
			     id),
		1);
	assert_int_equal(
		fixture_rows(s,
			     FIXTURE_AUDITED(
				     "participant.read") " AND actor = "
							 "'" HARNESS_INSTRUCTOR
							 "'",
			     id),
		1);

	/* No CPR number, whole or in part, anywhere in the audit table. */
	for (g = 0; g < given_n; g++) {
		char birth[7], dashed[12];

		snprintf(birth, sizeof(birth), "%.6s", given[g]);
		snprintf(dashed, sizeof(dashed), "%.6s-%.4s", given[g],
			 given[g] + 6);
		assert_int_equal(harness_sql_int(s,
						 "SELECT count(*) FROM audit "
						 "WHERE instr(actor || action "
						 "|| subject_type || subject "
						 "|| purpose || detail || "
						 "client, ?1) OR instr(actor "
						 "|| subject || purpose || "
						 "detail, ?2) OR instr(detail "
						 "|| purpose, ?3)",
						 given[g], dashed, birth, NULL),
				 0);
	}

	/* The access log answers who looked, when and why. */
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/access",
		 (long long)id);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	body_has_no_cpr(&r, cpr, true);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(harness_json_int(j, "participant_id"), id);
	{
		bool seen[5] = {false}, instructor = false;

		cJSON_ArrayForEach(e, harness_json_at(j, "entries"))
		{
			const char *a = harness_json_string(e, "action");
			const char *who = harness_json_string(e, "actor");

			assert_true(harness_json_int(e, "at") > 0);
			for (i = 0; i < 5; i++)
				if (strcmp(a, actions[i]) == 0 &&
				    strcmp(who, HARNESS_CASEWORKER) == 0)
					seen[i] = true;
			instructor |= strcmp(who, HARNESS_INSTRUCTOR) == 0;
		}
		for (i = 0; i < 5; i++)
			if (!seen[i])
				fail_msg("access log lacks %s", actions[i]);
		assert_true(instructor);
	}
	cJSON_Delete(j);
	/* Looking at the log is itself logged. */
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.access_log"), id),
		1);

	assert_int_equal(page_as(s, HARNESS_CASEWORKER, "/access", id, &r),
			 200);
	assert_true(response_has(&r, "Adgangslog for Aud Itering"));
	assert_true(response_has(&r, HARNESS_INSTRUCTOR));
	assert_true(response_has(&r, HARNESS_CASEWORKER));
	assert_true(response_has(&r, "Så borgerens oplysninger"));
	assert_true(response_has(&r, "Fandt borgeren ved søgning"));
	body_has_no_cpr(&r, cpr, true);
	response_free(&r);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.access_log"), id),
		2);
	/* Not for the instructor, nor another caseworker. */
	assert_int_equal(page_as(s, HARNESS_INSTRUCTOR, "/access", id, &r),
			 403);
	response_free(&r);
	assert_int_equal(page_as(s, OTHER_CASEWORKER, "/access", id, &r), 404);
	response_free(&r);
}

/* The CPR search. */

/* POSTs q to the API search and the page search as email; asserts both
 * answer status, and that neither shows the CPR number. */
static void search_answers(struct server *s, const char *email, const char *q,
			   const char *cpr, long status)
{
	struct client *c = fixture_as(s, email);
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	char body[128];

	snprintf(body, sizeof(body), "{\"q\": \"%s\"}", q);
	assert_int_equal(
		client_api(c, "POST", "/api/v1/participants/search", body, &r),
		status);
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	harness_form(&form, "q", q, NULL);
	assert_int_equal(client_post(c, "/participants/search", form.data, &r),
			 status);
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);
	buf_free(&form);
}

/* The ids an API search for q finds as email (asserts 200). */
static int search_ids(struct server *s, const char *email, const char *q,
		      int64_t *ids, int max)
{
	struct response r = RESPONSE_INIT;
	char body[128];
	bool cpr;
	int n;

	snprintf(body, sizeof(body), "{\"q\": \"%s\"}", q);
	assert_int_equal(client_api(fixture_as(s, email), "POST",
				    "/api/v1/participants/search", body, &r),
			 200);
	n = fixture_list_ids(&r, ids, max, &cpr);
	response_free(&r);
	return n;
}

/*
 * Only those who see CPR numbers search by one, and they find only citizens
 * whose whole record they see: an instructor or consultant who knows a
 * number must not learn which of their participants has it.
 */
static void cpr_search_is_only_for_who_sees_the_whole_record(void **state)
{
	static const char *const refused[] = {HARNESS_INSTRUCTOR,
					      HARNESS_CONSULTANT};
	struct server *s = *state;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char cpr[12], digits[11], text[24];
	int64_t id = refer(s, cohort, "Kamma Kprsoeg", 1984, cpr);
	int64_t ids[8];
	size_t i;
	int n;

	snprintf(digits, sizeof(digits), "%.6s%.4s", cpr, cpr + 7);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		/* Both see the citizen by name... */
		search_answers(s, refused[i], "Kamma Kprsoeg", cpr, 200);
		n = search_ids(s, refused[i], "Kamma Kprsoeg", ids, 8);
		assert_int_equal(n, 1);
		assert_int_equal(ids[0], id);
		/* ...but not by number, in either spelling. */
		search_answers(s, refused[i], cpr, cpr, 403);
		search_answers(s, refused[i], digits, cpr, 403);
		assert_int_equal(harness_sql_int(s,
						 "SELECT count(*) FROM audit "
						 "WHERE subject_type = "
						 "'participant' AND subject_id "
						 "= ?1 AND action = "
						 "'participant.search' AND "
						 "actor = ?2 AND detail = 'cpr "
						 "search'",
						 fixture_num(id, text),
						 refused[i], NULL),
				 0);
	}

	/* A project leader of the cohort's organisation finds the citizen. */
	n = search_ids(s, HARNESS_LEADER, cpr, ids, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], id);
	search_answers(s, HARNESS_LEADER, cpr, cpr, 200);
	/* A caseworker who is not the citizen's finds nothing. */
	assert_int_equal(search_ids(s, OTHER_CASEWORKER, cpr, ids, 8), 0);
	assert_int_equal(search_ids(s, OTHER_CASEWORKER, digits, ids, 8), 0);
	/* The citizen's own caseworker does. */
	n = search_ids(s, HARNESS_CASEWORKER, digits, ids, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], id);
}

/* Handing over. */

/*
 * A caseworker who hands a citizen to a colleague no longer sees them. The
 * change is made, so the answer says so (the id, not visible) rather than
 * a 404, and the page goes to the list.
 */
static void handing_a_citizen_to_a_colleague_answers_not_visible(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	int64_t api = refer(s, cohort, "Hanne Handover", 1983, NULL);
	int64_t page = refer(s, cohort, "Henrik Handover", 1982, NULL);
	int64_t colleague = harness_user_id(s, OTHER_CASEWORKER);
	char path[64], body[96], text[24], who[24];
	cJSON *j;

	assert_true(colleague > 0);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)api);
	snprintf(body, sizeof(body), "{\"caseworker_id\": %lld}",
		 (long long)colleague);
	assert_int_equal(client_api(fixture_as(s, HARNESS_CASEWORKER), "PATCH",
				    path, body, &r),
			 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(harness_json_int(j, "id"), api);
	assert_true(cJSON_IsFalse(harness_json_at(j, "visible")));
	/* Nothing of the record the caller may no longer see. */
	assert_false(has_key(j, "name"));
	assert_false(has_key(j, "cpr"));
	assert_false(has_key(j, "reason"));
	cJSON_Delete(j);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE id = ?1 AND caseworker_id = ?2",
					 fixture_num(api, text),
					 fixture_num(colleague, who), NULL),
			 1);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.update"), api), 1);
	get_as(s, HARNESS_CASEWORKER, api, 404, NULL);
	j = get_as(s, OTHER_CASEWORKER, api, 200, NULL);
	assert_string_equal(harness_json_string(j, "name"), "Hanne Handover");
	cJSON_Delete(j);

	/* The edit page's whole form, with the colleague chosen. */
	assert_int_equal(page_as(s, HARNESS_CASEWORKER, "/edit", page, &r),
			 200);
	response_free(&r);
	harness_form(
		&form, "cohort_id", fixture_num(cohort, text), "barriers_given",
		"1", "name", "Henrik Handover", "cpr", "", "phone",
		"20 30 40 50", "email", "borger@example.invalid", "address",
		"Skovvej 3, 8000 Aarhus C", "caseworker_id",
		fixture_num(colleague, who), "mentor_id", "0", "criterion_1",
		"yes", "criterion_1_note", "Angst", "criterion_2_note", "",
		"criterion_3_note", "", "criterion_4_note", "",
		"criterion_5_note", "", "barriers", "anxiety", "barrier_other",
		"", "substance", "in_treatment", "reason", REASON, "wishes",
		"Lager.", NULL);
	snprintf(path, sizeof(path), "/participants/%lld", (long long)page);
	assert_int_equal(client_post(fixture_as(s, HARNESS_CASEWORKER), path,
				     form.data, &r),
			 303);
	assert_string_equal(response_header(&r, "Location"), "/participants");
	response_free(&r);
	buf_free(&form);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE id = ?1 AND caseworker_id = ?2",
					 fixture_num(page, text),
					 fixture_num(colleague, who), NULL),
			 1);
	assert_int_equal(page_as(s, HARNESS_CASEWORKER, "", page, NULL), 404);
	assert_int_equal(page_as(s, OTHER_CASEWORKER, "", page, &r), 200);
	assert_true(response_has(&r, "Henrik Handover"));
	assert_true(response_has(&r, REASON));
	response_free(&r);
	/* The list it lands on answers. */
	assert_int_equal(client_get(fixture_as(s, HARNESS_CASEWORKER),
				    "/participants", &r),
			 200);
	assert_false(response_has(&r, "Henrik Handover"));
	response_free(&r);
}

/* Pages. */

static void participant_pages_show_each_role_its_part(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char cpr[12], masked[12];
	int64_t id = refer(s, cohort, "Sidsel Side", 1986, cpr);

	snprintf(masked, sizeof(masked), "%.6s-xxxx", cpr);
	assert_int_equal(page_as(s, HARNESS_CASEWORKER, "", id, &r), 200);
	assert_true(response_has(&r, "Sidsel Side"));
	assert_true(response_has(&r, masked));
	assert_true(response_has(&r, REASON));
	body_has_no_cpr(&r, cpr, false);
	response_free(&r);

	assert_int_equal(page_as(s, HARNESS_INSTRUCTOR, "", id, &r), 200);
	assert_true(response_has(&r, "Sidsel Side"));
	assert_true(response_has(&r, REASON));
	assert_false(response_has(&r, "CPR-nummer"));
	body_has_no_cpr(&r, cpr, true);
	response_free(&r);

	assert_int_equal(page_as(s, HARNESS_CONSULTANT, "", id, &r), 200);
	assert_true(response_has(&r, "Sidsel Side"));
	assert_false(response_has(&r, REASON));
	body_has_no_cpr(&r, cpr, true);
	response_free(&r);

	/* The edit form is the caseworker's, and shows no CPR number. */
	assert_int_equal(page_as(s, HARNESS_CASEWORKER, "/edit", id, &r), 200);
	assert_true(response_has(&r, "Ret borgerens oplysninger"));
	body_has_no_cpr(&r, cpr, true);
	response_free(&r);
	assert_int_equal(page_as(s, HARNESS_INSTRUCTOR, "/edit", id, &r), 403);
	response_free(&r);
}

/*
 * A mentor sees contact details and the schedule only. The API leaves the
 * course history out for them; the page must not show it either (it names
 * staff and who took part in a re-referral dialogue).
 */
static void mentor_page_shows_contact_but_not_the_course(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char cpr[12], masked[12], path[64], body[96];
	int64_t id = refer(s, cohort, "Mette Mentee", 1985, cpr);

	snprintf(masked, sizeof(masked), "%.6s-xxxx", cpr);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)id);
	snprintf(body, sizeof(body), "{\"mentor_id\": %lld}",
		 (long long)harness_user_id(s, HARNESS_MENTOR));
	assert_int_equal(client_api(fixture_as(s, HARNESS_CASEWORKER), "PATCH",
				    path, body, &r),
			 200);
	response_free(&r);
	admit(s, id);
	fixture_answers(fixture_as(s, HARNESS_CASEWORKER), id, "status",
			"{\"status\": \"re_referred\", \"reason\": "
			"\"Behandling foerst.\", \"dialogue\": "
			"[\"citizen\", \"caseworker\"]}",
			200);

	assert_int_equal(page_as(s, HARNESS_MENTOR, "", id, &r), 200);
	assert_true(response_has(&r, "Mette Mentee"));
	assert_true(response_has(&r, "20 30 40 50"));
	assert_true(response_has(&r, "Skovvej 3, 8000 Aarhus C"));
	assert_false(response_has(&r, masked));
	assert_false(response_has(&r, REASON));
	assert_false(response_has(&r, "Behandling foerst."));
	assert_false(response_has(&r, "Barrierer"));
	body_has_no_cpr(&r, cpr, true);
	/* The course history: who decided what, and the dialogue. */
	assert_false(response_has(&r, "Deltog i dialogen"));
	assert_false(response_has(&r, HARNESS_LEADER));
	response_free(&r);
}

static void referral_form_renders_and_refuses_a_bad_cpr(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	char path[64], cpr[12], text[24];
	struct buf form = BUF_INIT(0);
	int64_t before = harness_sql_int(s, "SELECT count(*) FROM participant",
					 NULL);
	const char *loc;

	snprintf(path, sizeof(path), "/cohorts/%lld/referral",
		 (long long)cohort);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Henvis borger"));
	assert_true(response_has(&r, "name=\"cpr\""));
	assert_true(response_has(&r, "Sofie Nielsen"));
	response_free(&r);
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_INSTRUCTOR), path, &r), 403);
	response_free(&r);

	harness_form(&form, "cohort_id", fixture_num(cohort, text), "name",
		     "Fejl Formular", "cpr", "320190-1234", "caseworker_id", "",
		     NULL);
	assert_int_equal(client_post(c, "/participants", form.data, &r), 422);
	assert_true(response_has(&r, "CPR-nummeret indeholder ikke en gyldig "
				     "fødselsdato."));
	assert_true(response_has(&r, "Fejl Formular"));
	response_free(&r);
	harness_form(&form, "cohort_id", fixture_num(cohort, text), "name",
		     "Fejl Formular", "cpr", "12345", NULL);
	assert_int_equal(client_post(c, "/participants", form.data, &r), 422);
	assert_true(response_has(&r, "CPR-nummeret skal have 10 cifre "
				     "(ddmmåå-xxxx)."));
	response_free(&r);
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM participant", NULL),
		before);

	/* A good one lands on the new participant's page. */
	fresh_cpr(1985, cpr);
	harness_form(&form, "cohort_id", fixture_num(cohort, text), "name",
		     "Rigtig Formular", "cpr", cpr, "barriers_given", "1",
		     "barriers", "depression", "reason", REASON, NULL);
	assert_int_equal(client_post(c, "/participants", form.data, &r), 303);
	loc = response_header(&r, "Location");
	assert_non_null(loc);
	assert_int_equal(strncmp(loc, "/participants/", 14), 0);
	assert_int_equal(strtoll(loc + 14, NULL, 10),
			 harness_sql_int(s,
					 "SELECT id FROM participant WHERE "
					 "name = 'Rigtig Formular'",
					 NULL));
	response_free(&r);
	buf_free(&form);
}

static void cohort_page_lists_the_roster_and_an_age_outlier(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	static const char *const young[] = {"Ung Alfa", "Ung Beta", "Ung Gamma",
					    "Ung Delta"};
	char path[64];
	int64_t old;
	size_t i;

	for (i = 0; i < 4; i++)
		admit(s, refer(s, cohort, young[i], 1998, NULL));
	old = refer(s, cohort, "Aeldre Anders", 1975, NULL);
	admit(s, old);

	snprintf(path, sizeof(path), "/cohorts/%lld", (long long)cohort);
	assert_int_equal(client_get(fixture_as(s, HARNESS_LEADER), path, &r),
			 200);
	for (i = 0; i < 4; i++)
		assert_true(response_has(&r, young[i]));
	assert_true(response_has(&r, "Aeldre Anders (ca. "));
	assert_true(response_has(&r, "er markant ældre end resten af holdet"));
	assert_false(response_has(&r, "Ung Alfa (ca. "));
	assert_false(response_has(&r, "markant yngre"));
	/* And the size against 8-10. */
	assert_true(response_has(&r, "Der er 5 optaget på holdet. Et hold bør "
				     "have mindst 8 deltagere."));
	response_free(&r);

	/* The instructor sees the roster; the mentor none of it. */
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_INSTRUCTOR), path, &r), 200);
	assert_true(response_has(&r, "Aeldre Anders"));
	response_free(&r);
	assert_int_equal(client_get(fixture_as(s, HARNESS_MENTOR), path, &r),
			 200);
	assert_false(response_has(&r, "Aeldre Anders"));
	assert_false(response_has(&r, "Ung Alfa"));
	response_free(&r);
	assert_int_equal(client_get(fixture_as(s, LEADER_ODENSE), path, &r),
			 404);
	response_free(&r);
	/* The roster shown is audited as a list, one row per citizen. */
	assert_true(fixture_rows(s,
				 FIXTURE_AUDITED(
					 "participant.list") " AND detail = "
							     "'cohort roster'",
				 old) >= 2);
}

/*
 * An age hint names a participant and their age, so only viewers who see
 * the whole group get it: a mentor sees their own mentee on the roster but
 * must not learn of an older participant they may not see.
 */
static void age_hints_are_only_for_who_sees_the_whole_group(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	static const char *const young[] = {"Yngre Ea", "Yngre Ib", "Yngre Oz",
					    "Yngre Uffe"};
	int64_t mentee = 0, id;
	char path[64], body[96];
	size_t i;

	for (i = 0; i < 4; i++) {
		id = refer(s, cohort, young[i], 1999, NULL);
		admit(s, id);
		if (i == 0)
			mentee = id;
	}
	admit(s, refer(s, cohort, "Gammel Gunnar", 1972, NULL));
	snprintf(path, sizeof(path), "/api/v1/participants/%lld",
		 (long long)mentee);
	snprintf(body, sizeof(body), "{\"mentor_id\": %lld}",
		 (long long)harness_user_id(s, HARNESS_MENTOR));
	assert_int_equal(client_api(fixture_as(s, HARNESS_CASEWORKER), "PATCH",
				    path, body, &r),
			 200);
	response_free(&r);

	snprintf(path, sizeof(path), "/cohorts/%lld", (long long)cohort);
	assert_int_equal(client_get(fixture_as(s, HARNESS_MENTOR), path, &r),
			 200);
	/* The mentor's roster is their mentee... */
	assert_true(response_has(&r, "Yngre Ea"));
	assert_false(response_has(&r, "Yngre Ib"));
	/* ...and no word of anyone's age. */
	assert_false(response_has(&r, "Gammel Gunnar"));
	assert_false(response_has(&r, "markant ældre"));
	assert_false(response_has(&r, "markant yngre"));
	assert_false(response_has(&r, "(ca. "));
	response_free(&r);

	/* The project leader sees the whole group, and the hint. */
	assert_int_equal(client_get(fixture_as(s, HARNESS_LEADER), path, &r),
			 200);
	assert_true(response_has(&r, "Gammel Gunnar (ca. "));
	assert_true(response_has(&r, "er markant ældre end resten af holdet"));
	response_free(&r);
	/* So does the cohort's instructor. */
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_INSTRUCTOR), path, &r), 200);
	assert_true(response_has(&r, "Gammel Gunnar (ca. "));
	response_free(&r);
}

/* Privacy at rest. */

static void scan(const char *what, const struct buf *b, const char *needle)
{
	if (bytes_have(b->data, b->len, needle))
		fail_msg("%s contains a CPR number or health text (%s)", what,
			 needle);
}

static void no_plain_cpr_or_health_text_at_rest(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t cohort = fixture_new_cohort(s, COHORT, 6, NULL, true);
	struct buf db = BUF_INIT(256u << 20), wal = BUF_INIT(256u << 20);
	struct buf err = BUF_INIT(64u << 20), out = BUF_INIT(64u << 20);
	struct buf feed = BUF_INIT(1u << 20);
	struct client *phone;
	const char *link;
	cJSON *json;
	char cpr[12], path[512];
	struct stat st;
	int64_t id = 0;
	int i, g;

	for (i = 0; i < 3; i++)
		id = refer(s, cohort, "Privat Person", 1980 + i, cpr);
	/* One of them revealed, too. */
	assert_int_equal(client_api(fixture_as(s, HARNESS_LEADER), "POST",
				    "/api/v1/session/confirm",
				    "{\"password\": \"" HARNESS_PASSWORD "\"}",
				    &r),
			 204);
	response_free(&r);
	assert_int_equal(fixture_step(fixture_as(s, HARNESS_LEADER), id, "cpr",
				      "{\"purpose\": \"other\", \"note\": "
				      "\"" REVEAL_NOTE "\"}",
				      &r),
			 200);
	assert_true(response_has(&r, cpr));
	response_free(&r);

	/* The citizen's calendar feed, fetched by its subscription link as
	 * a phone would, joins the scan. */
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/calendar",
		 (long long)id);
	assert_int_equal(client_api(fixture_as(s, HARNESS_LEADER), "GET", path,
				    NULL, &r),
			 200);
	link = harness_json_string(json = response_json(&r), "https");
	assert_non_null(link);
	assert_non_null(strstr(link, "/calendar/"));
	snprintf(path, sizeof(path), "%s", strstr(link, "/calendar/"));
	cJSON_Delete(json);
	response_free(&r);
	phone = client_new(s);
	assert_int_equal(client_get(phone, path, &r), 200);
	client_free(phone);
	assert_true(response_has(&r, "BEGIN:VCALENDAR"));
	buf_append(&feed, r.body.data, r.body.len);
	response_free(&r);

	/* The server keeps running: what it has written so far is what a
	 * stolen disk would hold. */
	assert_int_equal(harness_read_file(s->db, &db), 0);
	snprintf(path, sizeof(path), "%s-wal", s->db);
	if (harness_read_file(path, &wal) < 0)
		buf_reset(&wal);
	assert_int_equal(harness_read_file(s->err, &err), 0);
	assert_int_equal(harness_read_file(s->out, &out), 0);
	assert_true(db.len + wal.len > 0);
	assert_true(err.len > 0); /* the access log has lines */
	assert_true(given_n >= 10);
	for (g = 0; g < given_n; g++) {
		char dashed[12], spaced[12];

		snprintf(dashed, sizeof(dashed), "%.6s-%.4s", given[g],
			 given[g] + 6);
		snprintf(spaced, sizeof(spaced), "%.6s %.4s", given[g],
			 given[g] + 6);
		scan("the database", &db, given[g]);
		scan("the database", &db, dashed);
		scan("the database", &db, spaced);
		scan("the WAL", &wal, given[g]);
		scan("the WAL", &wal, dashed);
		scan("the WAL", &wal, spaced);
		scan("the server's log", &err, given[g]);
		scan("the server's log", &err, dashed);
		scan("the server's stdout", &out, given[g]);
		scan("the server's stdout", &out, dashed);
		scan("the calendar feed", &feed, given[g]);
		scan("the calendar feed", &feed, dashed);
	}
	scan("the calendar feed", &feed, REASON);
	scan("the calendar feed", &feed, "Frygter kantinen");
	scan("the calendar feed", &feed, "ADHD");
	scan("the calendar feed", &feed, "angst");
	/* Nothing a subscriber sees names the course (PRODID is hidden). */
	scan("the calendar feed", &feed, "estringsforløb");
	scan("the calendar feed", &feed, "Mestring");
	scan("the database", &db, REASON);
	scan("the WAL", &wal, REASON);
	scan("the database", &db, "Frygter kantinen");
	scan("the WAL", &wal, "Frygter kantinen");
	scan("the server's log", &err, "Frygter kantinen");
	scan("the database", &db, REVEAL_NOTE);
	scan("the WAL", &wal, REVEAL_NOTE);
	scan("the server's log", &err, REVEAL_NOTE);
	/* The names are not secret: the scan finds what is there. */
	assert_true(bytes_have(db.data, db.len, "Privat Person") ||
		    bytes_have(wal.data, wal.len, "Privat Person"));

	/* The key lives beside the database, for the owner alone. */
	snprintf(path, sizeof(path), "%s.key", s->db);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	/* Security finding 7: so are the database and its WAL and shared
	 * memory files, which hold names and addresses in the clear. */
	for (i = 0; i < 3; i++) {
		static const char *const ext[] = {"", "-wal", "-shm"};

		snprintf(path, sizeof(path), "%s%s", s->db, ext[i]);
		if (stat(path, &st) < 0 && i > 0)
			continue;
		assert_int_equal(stat(path, &st), 0);
		if ((st.st_mode & 0777) != 0600)
			fail_msg("%s has mode %o", path,
				 (unsigned)(st.st_mode & 0777));
	}
	buf_free(&db);
	buf_free(&wal);
	buf_free(&err);
	buf_free(&out);
	buf_free(&feed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_role_sees_only_what_it_may),
		cmocka_unit_test(lists_show_each_role_its_own),
		cmocka_unit_test(roles_may_only_do_their_part),
		cmocka_unit_test(
			cpr_reveal_needs_a_fresh_confirmation_and_a_purpose),
		cmocka_unit_test(cpr_page_asks_for_the_password_first),
		cmocka_unit_test(
			cpr_reveal_purpose_is_a_choice_with_a_sealed_note),
		cmocka_unit_test(reads_lists_searches_and_changes_are_audited),
		cmocka_unit_test(
			cpr_search_is_only_for_who_sees_the_whole_record),
		cmocka_unit_test(
			handing_a_citizen_to_a_colleague_answers_not_visible),
		cmocka_unit_test(participant_pages_show_each_role_its_part),
		cmocka_unit_test(mentor_page_shows_contact_but_not_the_course),
		cmocka_unit_test(referral_form_renders_and_refuses_a_bad_cpr),
		cmocka_unit_test(
			cohort_page_lists_the_roster_and_an_age_outlier),
		cmocka_unit_test(
			age_hints_are_only_for_who_sees_the_whole_group),
		/* Last: it scans what all the others left behind. */
		cmocka_unit_test(no_plain_cpr_or_health_text_at_rest),
	};

	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
