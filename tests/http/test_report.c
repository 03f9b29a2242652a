/*
 * HTTP tests of the outcome report: the page, the CSV bytes (BOM, quoting,
 * formula guard) and its audit row, the JSON numbers, who may see which
 * cohorts, and the filter's validation. Fixture cohorts end in 2099 so the
 * year filter isolates them from whatever the demo holds.
 */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define LEADER_ODENSE "projektleder.odense@demo.invalid"

/* Names that CSV and HTML must carry intact. */
#define QUOTED_NAME  "Rapport \"test\"; hold"
#define FORMULA_NAME "=Formel hold"

static struct {
	int64_t quoted, formula, cancelled; /* cohort ids */
	int64_t aarhus, odense;             /* job centre ids */
} fx;

static void sql(struct server *s, const char *statement, ...)
	__attribute__((sentinel));

/* Runs statement with up to four text arguments (NULL-ended). */
static void sql(struct server *s, const char *statement, ...)
{
	const char *a[4] = {NULL, NULL, NULL, NULL};
	char err[256];
	va_list ap;
	int i;

	va_start(ap, statement);
	for (i = 0; i < 4; i++) {
		a[i] = va_arg(ap, const char *);
		if (a[i] == NULL)
			break;
	}
	va_end(ap);
	if (harness_sql_exec(s, err, sizeof(err), statement, a[0], a[1], a[2],
			     a[3], NULL) != 0)
		fail_msg("%s: %s", statement, err);
}

/* A copy of a demo cohort of Jobcenter Aarhus and Mestringshuset (whom
 * the demo project leader works for) with its own name, state and dates. */
static int64_t add_cohort(struct server *s, const char *name,
			  const char *state, const char *first_day,
			  const char *course_end)
{
	sql(s,
	    "INSERT INTO cohort (name, job_centre_id, provider_id, org_model, "
	    "venue_name, venue_address, first_teaching_day, prep_weeks, "
	    "teaching_weeks, teaching_weekdays, start_min, end_min, "
	    "internship_weeks, weekly_teaching_weekday, capacity, state, "
	    "referral_start, prep_start, teaching_end, internship_start, "
	    "internship_end, aftercare_start, created_at, updated_at) SELECT "
	    "?1, job_centre_id, provider_id, org_model, venue_name, "
	    "venue_address, ?3, prep_weeks, teaching_weeks, "
	    "teaching_weekdays, start_min, end_min, internship_weeks, "
	    "weekly_teaching_weekday, capacity, ?2, referral_start, "
	    "prep_start, teaching_end, internship_start, ?4, "
	    "aftercare_start, created_at, updated_at FROM cohort WHERE "
	    "job_centre_id = (SELECT id FROM organisation WHERE name = "
	    "'Jobcenter Aarhus') AND provider_id = (SELECT id FROM "
	    "organisation WHERE name = 'Mestringshuset ApS') ORDER BY id "
	    "LIMIT 1",
	    name, state, first_day, course_end, NULL);
	return harness_sql_int(s, "SELECT id FROM cohort WHERE name = ?1",
			       name, NULL);
}

/* A participant of the demo caseworker with the outcomes named ("" for
 * none); started gives a start date. */
static void add_participant(struct server *s, int64_t cohort,
			    const char *status, int started,
			    const char *at_end, const char *six_months)
{
	const char *timing[2] = {"end", "six_months"}, *kind[2];
	char id[24];
	int i;

	kind[0] = at_end;
	kind[1] = six_months;
	snprintf(id, sizeof(id), "%lld", (long long)cohort);
	sql(s,
	    "INSERT INTO participant (cohort_id, name, cpr_enc, cpr_hash, "
	    "birth_year, caseworker_id, health_enc, status, referred_on, "
	    "started_on, created_at, updated_at) VALUES (?1, 'Testborger', "
	    "X'00', randomblob(32), 1998, (SELECT id FROM user WHERE email = "
	    "'" HARNESS_CASEWORKER "'), X'00', ?2, '2099-01-05', CASE WHEN "
	    "?3 = '1' THEN '2099-02-16' END, 0, 0)",
	    id, status, started ? "1" : "0", NULL);
	for (i = 0; i < 2; i++)
		if (*kind[i])
			sql(s,
			    "INSERT INTO outcome (participant_id, timing, "
			    "kind, hours_per_week, other_kind, recorded_on, "
			    "actor, created_at, updated_at) VALUES ((SELECT "
			    "max(id) FROM participant), ?1, ?2, CASE WHEN ?2 "
			    "= 'job' THEN 30 END, CASE WHEN ?2 = 'other' THEN "
			    "'none' END, '2099-06-12', 'test', 0, 0)",
			    timing[i], kind[i], NULL);
}

/*
 * Once per server: two 2099 cohorts of Jobcenter Aarhus and a cancelled
 * one. The quoted cohort: 6 referred, 5 started, 4 completed; at end one
 * of each kind; six months later job 2, education 1, other 1. The formula
 * cohort: 2 referred, 1 started, nothing else.
 */
static void fixture(struct server *s)
{
	if (fx.quoted)
		return;
	fx.aarhus = harness_sql_int(s, "SELECT id FROM organisation WHERE "
				    "name = 'Jobcenter Aarhus'", NULL);
	fx.odense = harness_sql_int(s, "SELECT id FROM organisation WHERE "
				    "name = 'Jobcenter Odense'", NULL);
	fx.quoted = add_cohort(s, QUOTED_NAME, "referral_open", "2099-02-16",
			       "2099-06-12");
	fx.formula = add_cohort(s, FORMULA_NAME, "referral_open",
				"2099-03-02", "2099-06-26");
	fx.cancelled = add_cohort(s, "Aflyst rapporthold", "cancelled",
				  "2099-02-23", "2099-06-19");
	assert_true(fx.quoted > 0 && fx.formula > 0 && fx.cancelled > 0);
	add_participant(s, fx.quoted, "completed", 1, "job", "job");
	add_participant(s, fx.quoted, "completed", 1, "education",
			"education");
	add_participant(s, fx.quoted, "completed", 1, "extended_internship",
			"job");
	add_participant(s, fx.quoted, "completed", 1, "other", "other");
	add_participant(s, fx.quoted, "dropped_out", 1, "", "");
	add_participant(s, fx.quoted, "referred", 0, "", "");
	add_participant(s, fx.formula, "started", 1, "", "");
	add_participant(s, fx.formula, "not_admitted", 0, "", "");
	add_participant(s, fx.cancelled, "completed", 1, "job", "job");
}

static struct client *login(struct server *s, const char *email)
{
	struct client *c = client_new(s);

	fixture(s);
	assert_int_equal(client_api_login(c, email, HARNESS_PASSWORD, NULL),
			 200);
	return c;
}

static void page_shows_the_numbers(void **state)
{
	struct server *s = *state;
	struct client *c = login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char want[256];

	assert_int_equal(client_get(c, "/reports?year=2099", &r), 200);
	assert_true(response_has(&r, "<h1>Resultater</h1>"));
	assert_true(response_has(&r, "<caption>"));
	assert_true(response_has(&r, "Status ved forløbets afslutning"));
	assert_true(response_has(&r, "Status 6 måneder efter"));
	assert_true(response_has(&r, "Andet dækker over opkvalificerende "
				     "forløb, afklaring og ingen videre "
				     "planer"));
	snprintf(want, sizeof(want),
		 "<a href=\"/cohorts/%lld\">Rapport &quot;test&quot;; "
		 "hold</a></th><td>fredag 12. juni 2099</td>",
		 (long long)fx.quoted);
	assert_true(response_has(&r, want));
	/* Referred, started, completed, at end, six months later. */
	assert_true(response_has(
		&r, "juni 2099</td><td class=\"num\">6</td><td class=\"num\">5"
		    "</td><td class=\"num\">4</td><td class=\"num\">1</td><td "
		    "class=\"num\">1</td><td class=\"num\">1</td><td class=\""
		    "num\">1</td><td class=\"num\">2</td><td class=\"num\">1"
		    "</td><td class=\"num\">0</td><td class=\"num\">1</td></tr>"));
	assert_true(response_has(
		&r, "I alt</th><td class=\"num\">8</td><td class=\"num\">6"
		    "</td><td class=\"num\">4</td><td class=\"num\">1</td><td "
		    "class=\"num\">1</td><td class=\"num\">1</td><td class=\""
		    "num\">1</td><td class=\"num\">2</td><td class=\"num\">1"
		    "</td><td class=\"num\">0</td><td class=\"num\">1</td></tr>"));
	/* Ordered by first teaching day; cancelled cohorts left out. */
	assert_true(strstr(r.body.data, "Rapport &quot;") <
		    strstr(r.body.data, "=Formel hold"));
	assert_false(response_has(&r, "Aflyst rapporthold"));
	assert_true(response_has(&r, "href=\"/reports/outcomes.csv?year=2099"
				     "\""));
	assert_true(response_has(&r, "Hent som CSV"));
	response_free(&r);

	/* Nothing ends in 2098: the empty state. */
	assert_int_equal(client_get(c, "/reports?year=2098", &r), 200);
	assert_true(response_has(&r, "Ingen hold matcher filteret."));
	assert_false(response_has(&r, "<caption>"));
	response_free(&r);

	/* The select offers the job centres of the visible cohorts. */
	assert_int_equal(client_get(c, "/reports", &r), 200);
	snprintf(want, sizeof(want), "<option value=\"%lld\">Jobcenter Odense",
		 (long long)fx.odense);
	assert_true(response_has(&r, want));
	snprintf(want, sizeof(want), "<option value=\"%lld\">Jobcenter Aarhus",
		 (long long)fx.aarhus);
	assert_true(response_has(&r, want));
	response_free(&r);
	client_free(c);
}

static const char csv_header[] =
	"\xEF\xBB\xBF"
	"Jobcenter;Hold;Forløbets afslutning;Henvist;Startet i forløb;"
	"Gennemført forløb;Job ved afslutning;Uddannelse ved afslutning;"
	"Forlænget i praktik ved afslutning;Andet ved afslutning;"
	"Job efter 6 måneder;Uddannelse efter 6 måneder;"
	"Forlænget i praktik efter 6 måneder;Andet efter 6 måneder\r\n";

static void csv_is_for_danish_excel_and_audited(void **state)
{
	struct server *s = *state;
	struct client *c = login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	const char *want =
		"\"Jobcenter Aarhus\";\"Rapport \"\"test\"\"; hold\";"
		"2099-06-12;6;5;4;1;1;1;1;2;1;0;1\r\n"
		"\"Jobcenter Aarhus\";\"'=Formel hold\";2099-06-26;2;1;0;0;0;0;"
		"0;0;0;0;0\r\n";
	int64_t before = harness_sql_int(s, "SELECT count(*) FROM audit WHERE "
					 "action = 'report.export'", NULL);
	char detail[128];

	assert_int_equal(client_get(c, "/reports/outcomes.csv?year=2099", &r),
			 200);
	assert_string_equal(response_header(&r, "Content-Type"),
			    "text/csv; charset=utf-8");
	assert_string_equal(response_header(&r, "Content-Disposition"),
			    "attachment; filename=\"resultater.csv\"");
	/* The whole file: BOM and header, then exactly the two rows. */
	assert_int_equal(r.body.len, strlen(csv_header) + strlen(want));
	assert_memory_equal(r.body.data, csv_header, strlen(csv_header));
	assert_string_equal(r.body.data + strlen(csv_header), want);
	response_free(&r);

	assert_int_equal(harness_sql_int(s, "SELECT count(*) FROM audit WHERE "
					 "action = 'report.export'", NULL),
			 before + 1);
	harness_sql_text(s, detail, sizeof(detail),
			 "SELECT actor || ' ' || detail FROM audit WHERE action "
			 "= 'report.export' ORDER BY id DESC LIMIT 1",
			 NULL);
	assert_string_equal(detail, HARNESS_LEADER " outcomes.csv "
				    "job_centre_id=all year=2099 rows=2");

	/* A refused filter exports nothing and writes no row. */
	assert_int_equal(client_get(c, "/reports/outcomes.csv?year=1999", &r),
			 422);
	response_free(&r);
	assert_int_equal(harness_sql_int(s, "SELECT count(*) FROM audit WHERE "
					 "action = 'report.export'", NULL),
			 before + 1);
	client_free(c);
}

static void api_gives_the_numbers(void **state)
{
	struct server *s = *state;
	struct client *c = login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	const cJSON *centres, *g, *cohorts;
	char path[96];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/report",
		 (long long)fx.quoted);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	assert_int_equal(harness_json_int(j, "cohort_id"), fx.quoted);
	assert_string_equal(harness_json_string(j, "cohort"), QUOTED_NAME);
	assert_int_equal(harness_json_int(j, "job_centre_id"), fx.aarhus);
	assert_string_equal(harness_json_string(j, "job_centre"),
			    "Jobcenter Aarhus");
	assert_string_equal(harness_json_string(j, "course_end"),
			    "2099-06-12");
	assert_int_equal(harness_json_int(j, "referred"), 6);
	assert_int_equal(harness_json_int(j, "started"), 5);
	assert_int_equal(harness_json_int(j, "completed"), 4);
	assert_int_equal(harness_json_int(j, "at_end.job"), 1);
	assert_int_equal(harness_json_int(j, "at_end.education"), 1);
	assert_int_equal(harness_json_int(j, "at_end.extended_internship"), 1);
	assert_int_equal(harness_json_int(j, "at_end.other"), 1);
	assert_int_equal(harness_json_int(j, "six_months.job"), 2);
	assert_int_equal(harness_json_int(j, "six_months.education"), 1);
	assert_int_equal(
		harness_json_int(j, "six_months.extended_internship"), 0);
	assert_int_equal(harness_json_int(j, "six_months.other"), 1);
	cJSON_Delete(j);
	response_free(&r);

	assert_int_equal(client_api(c, "GET", "/api/v1/reports?year=2099",
				    NULL, &r),
			 200);
	j = response_json(&r);
	centres = harness_json_at(j, "job_centres");
	assert_int_equal(cJSON_GetArraySize(centres), 1);
	g = cJSON_GetArrayItem(centres, 0);
	assert_int_equal(harness_json_int(g, "id"), fx.aarhus);
	assert_string_equal(harness_json_string(g, "name"),
			    "Jobcenter Aarhus");
	assert_int_equal(harness_json_int(g, "totals.referred"), 8);
	assert_int_equal(harness_json_int(g, "totals.started"), 6);
	assert_int_equal(harness_json_int(g, "totals.completed"), 4);
	assert_int_equal(harness_json_int(g, "totals.at_end.other"), 1);
	assert_int_equal(harness_json_int(g, "totals.six_months.job"), 2);
	cohorts = harness_json_at(g, "cohorts");
	assert_int_equal(cJSON_GetArraySize(cohorts), 2);
	assert_int_equal(harness_json_int(cJSON_GetArrayItem(cohorts, 0),
					  "cohort_id"),
			 fx.quoted);
	assert_string_equal(harness_json_string(cJSON_GetArrayItem(cohorts, 1),
						"cohort"),
			    FORMULA_NAME);
	assert_int_equal(harness_json_int(cJSON_GetArrayItem(cohorts, 1),
					  "started"),
			 1);
	cJSON_Delete(j);
	response_free(&r);

	/* Filtered to Odense: none of the Aarhus fixture. */
	snprintf(path, sizeof(path), "/api/v1/reports?job_centre_id=%lld",
		 (long long)fx.odense);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	assert_false(response_has(&r, "Rapport"));
	response_free(&r);
	client_free(c);
}

static void mentors_may_not_see_reports(void **state)
{
	struct server *s = *state;
	struct client *c = login(s, HARNESS_MENTOR);
	struct response r = RESPONSE_INIT;
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/report",
		 (long long)fx.quoted);
	assert_int_equal(client_get(c, "/reports", &r), 403);
	response_free(&r);
	assert_int_equal(client_get(c, "/reports/outcomes.csv", &r), 403);
	assert_false(response_has(&r, "Jobcenter;Hold"));
	response_free(&r);
	assert_int_equal(client_api(c, "GET", "/api/v1/reports", NULL, &r),
			 403);
	response_free(&r);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 403);
	response_free(&r);
	client_free(c);
}

static void others_see_only_their_cohorts(void **state)
{
	struct server *s = *state;
	struct client *c = login(s, LEADER_ODENSE);
	struct response r = RESPONSE_INIT;
	const cJSON *g;
	char path[96];
	cJSON *j;

	assert_int_equal(client_api(c, "GET", "/api/v1/reports", NULL, &r),
			 200);
	j = response_json(&r);
	cJSON_ArrayForEach(g, harness_json_at(j, "job_centres"))
		assert_int_not_equal(harness_json_int(g, "id"), fx.aarhus);
	cJSON_Delete(j);
	assert_false(response_has(&r, "Rapport"));
	response_free(&r);

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/report",
		 (long long)fx.quoted);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 404);
	response_free(&r);

	assert_int_equal(client_get(c, "/reports?year=2099", &r), 200);
	assert_false(response_has(&r, "Rapport"));
	assert_false(response_has(&r, "Jobcenter Aarhus"));
	response_free(&r);
	assert_int_equal(client_get(c, "/reports/outcomes.csv?year=2099", &r),
			 200);
	assert_int_equal(r.body.len, strlen(csv_header));
	response_free(&r);
	client_free(c);

	/* The demo instructor staffs none of the fixture cohorts. */
	c = login(s, HARNESS_INSTRUCTOR);
	assert_int_equal(client_api(c, "GET", "/api/v1/reports?year=2099",
				    NULL, &r),
			 200);
	j = response_json(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "job_centres")),
			 0);
	cJSON_Delete(j);
	response_free(&r);
	client_free(c);
}

static void bad_filters_are_refused(void **state)
{
	static const char *const bad[] = {
		"year=1999",	   "year=2101",	     "year=abc",
		"year=20x5",	   "job_centre_id=0", "job_centre_id=-3",
		"job_centre_id=x", "year=2099&year=2098",
	};
	struct server *s = *state;
	struct client *c = login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char path[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *field = bad[i][0] == 'y' ? "year" : "job_centre_id";

		snprintf(path, sizeof(path), "/api/v1/reports?%s", bad[i]);
		client_api(c, "GET", path, NULL, &r);
		harness_expect_error(&r, 422, field);
		response_free(&r);
		snprintf(path, sizeof(path), "/reports?%s", bad[i]);
		assert_int_equal(client_get(c, path, &r), 422);
		assert_true(response_has(&r, field[0] == 'y'
						     ? "Skriv året med fire "
						       "cifre, mellem 2000 og "
						       "2100."
						     : "Vælg et jobcenter fra "
						       "listen."));
		assert_false(response_has(&r, "<caption>"));
		response_free(&r);
		snprintf(path, sizeof(path), "/reports/outcomes.csv?%s",
			 bad[i]);
		assert_int_equal(client_get(c, path, &r), 422);
		response_free(&r);
	}
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(page_shows_the_numbers),
		cmocka_unit_test(csv_is_for_danish_excel_and_audited),
		cmocka_unit_test(api_gives_the_numbers),
		cmocka_unit_test(mentors_may_not_see_reports),
		cmocka_unit_test(others_see_only_their_cohorts),
		cmocka_unit_test(bad_filters_are_refused),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
