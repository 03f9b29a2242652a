/*
 * HTTP tests of the outcome report: the page, its per job centre summary
 * for a viewer of many job centres, the CSV bytes (BOM, quoting, formula
 * guard) and its audit row, the JSON numbers, who may see which cohorts,
 * and the filter's validation. Fixture cohorts end in 2099 (and 2097 for
 * the summary) so the year filter isolates them from the demo's.
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

/* Names that CSV and HTML must carry intact. */
#define QUOTED_NAME  "Rapport \"test\"; hold"
#define FORMULA_NAME "=Formel hold"

/* Job centres the demo does not have, each with cohorts ending in 2097,
 * so that the demo project leader sees more than five job centres. */
#define EXTRA_CENTRES 6

static struct {
	int64_t quoted, formula, cancelled; /* cohort ids */
	int64_t aarhus, odense;		    /* job centre ids */
	int64_t extra[EXTRA_CENTRES];	    /* "Jobcenter Testby 1".."6" */
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
static int64_t add_cohort(struct server *s, const char *name, const char *state,
			  const char *first_day, const char *course_end)
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
	return harness_sql_int(s, "SELECT id FROM cohort WHERE name = ?1", name,
			       NULL);
}

/* add_cohort, moved to job centre centre. */
static int64_t add_cohort_at(struct server *s, int64_t centre, const char *name,
			     const char *state, const char *first_day,
			     const char *course_end)
{
	int64_t id = add_cohort(s, name, state, first_day, course_end);
	char a[24], b[24];

	snprintf(a, sizeof(a), "%lld", (long long)centre);
	snprintf(b, sizeof(b), "%lld", (long long)id);
	sql(s, "UPDATE cohort SET job_centre_id = ?1 WHERE id = ?2", a, b,
	    NULL);
	return id;
}

/* A participant of the demo caseworker with the outcomes named ("" for
 * none); started gives a start date. */
static void add_participant(struct server *s, int64_t cohort,
			    const char *status, int started, const char *at_end,
			    const char *six_months)
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
 * Six job centres of their own, each with a 2097 cohort "Summahold N" of
 * Mestringshuset that the demo instructor works on. Testby 1 has a second
 * cohort, 1b; the two hold 5 referred, 4 started, 3 completed; at end job
 * 2 and other 1; six months later job 1 and education 1. Testby 2 also
 * has a cancelled cohort with a participant, counted nowhere. The other
 * cohorts have nobody yet.
 */
static void fixture_extra(struct server *s)
{
	char name[64], id[24];
	int64_t c;
	int i;

	for (i = 0; i < EXTRA_CENTRES; i++) {
		snprintf(name, sizeof(name), "Jobcenter Testby %d", i + 1);
		sql(s,
		    "INSERT INTO organisation (name, kind, created_at) "
		    "VALUES (?1, 'job_centre', 0)",
		    name, NULL);
		fx.extra[i] = harness_sql_int(s,
					      "SELECT id FROM organisation "
					      "WHERE name = ?1",
					      name, NULL);
		snprintf(name, sizeof(name), "Summahold %d", i + 1);
		c = add_cohort_at(s, fx.extra[i], name, "referral_open",
				  "2097-02-18", "2097-06-14");
		snprintf(id, sizeof(id), "%lld", (long long)c);
		sql(s,
		    "INSERT INTO cohort_staff (cohort_id, user_id, role) "
		    "SELECT ?1, id, 'instructor' FROM user WHERE email = "
		    "'" HARNESS_INSTRUCTOR "'",
		    id, NULL);
	}
	/* Twice on one cohort, which must still count once. */
	sql(s,
	    "INSERT INTO cohort_staff (cohort_id, user_id, role) SELECT "
	    "c.id, u.id, 'consultant' FROM cohort c, user u WHERE c.name = "
	    "'Summahold 1' AND u.email = '" HARNESS_INSTRUCTOR "'",
	    NULL);
	c = add_cohort_at(s, fx.extra[0], "Summahold 1b", "planning",
			  "2097-03-04", "2097-06-28");
	add_participant(s, c, "completed", 1, "job", "job");
	add_participant(s, c, "completed", 1, "job", "education");
	add_participant(s, c, "dropped_out", 1, "", "");
	c = harness_sql_int(s,
			    "SELECT id FROM cohort WHERE name = "
			    "'Summahold 1'",
			    NULL);
	add_participant(s, c, "completed", 1, "other", "");
	add_participant(s, c, "referred", 0, "", "");
	c = add_cohort_at(s, fx.extra[1], "Aflyst summahold", "cancelled",
			  "2097-02-18", "2097-06-14");
	add_participant(s, c, "completed", 1, "job", "job");
}

/*
 * Once per server: two 2099 cohorts of Jobcenter Aarhus and a cancelled
 * one. The quoted cohort: 6 referred, 5 started, 4 completed; at end one
 * of each kind; six months later job 2, education 1, other 1. The formula
 * cohort: 2 referred, 1 started, nothing else. And fixture_extra.
 */
static void fixture(struct server *s)
{
	if (fx.quoted)
		return;
	fixture_extra(s);
	fx.aarhus = harness_sql_int(s,
				    "SELECT id FROM organisation WHERE "
				    "name = 'Jobcenter Aarhus'",
				    NULL);
	fx.odense = harness_sql_int(s,
				    "SELECT id FROM organisation WHERE "
				    "name = 'Jobcenter Odense'",
				    NULL);
	fx.quoted = add_cohort(s, QUOTED_NAME, "referral_open", "2099-02-16",
			       "2099-06-12");
	fx.formula = add_cohort(s, FORMULA_NAME, "referral_open", "2099-03-02",
				"2099-06-26");
	fx.cancelled = add_cohort(s, "Aflyst rapporthold", "cancelled",
				  "2099-02-23", "2099-06-19");
	assert_true(fx.quoted > 0 && fx.formula > 0 && fx.cancelled > 0);
	add_participant(s, fx.quoted, "completed", 1, "job", "job");
	add_participant(s, fx.quoted, "completed", 1, "education", "education");
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
	fixture(s);
	return fixture_login(s, email);
}

static void page_shows_the_numbers(void **state)
{
	struct server *s = *state;
	struct client *c = login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char want[256];

	/* The leader sees many job centres, but 2099's cohorts are all in
	 * one: listed, not summed. */
	assert_int_equal(client_get(c, "/reports?year=2099", &r), 200);
	assert_true(response_has(&r, "<h1>Resultater</h1>"));
	assert_false(response_has(&r, "Vælg et jobcenter for at se dets"));
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
		&r,
		"juni 2099</td><td class=\"num\">6</td><td class=\"num\">5"
		"</td><td class=\"num\">4</td><td class=\"num\">1</td><td "
		"class=\"num\">1</td><td class=\"num\">1</td><td class=\""
		"num\">1</td><td class=\"num\">2</td><td class=\"num\">1"
		"</td><td class=\"num\">0</td><td class=\"num\">1</td></tr>"));
	assert_true(response_has(
		&r,
		"I alt</th><td class=\"num\">8</td><td class=\"num\">6"
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
	int64_t before = harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'report.export'",
					 NULL);
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

	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'report.export'",
					 NULL),
			 before + 1);
	harness_sql_text(
		s, detail, sizeof(detail),
		"SELECT actor || ' ' || detail FROM audit WHERE action "
		"= 'report.export' ORDER BY id DESC LIMIT 1",
		NULL);
	assert_string_equal(detail, HARNESS_LEADER
			    " outcomes.csv "
			    "job_centre_id=all year=2099 rows=2");

	/* A refused filter exports nothing and writes no row. */
	assert_int_equal(client_get(c, "/reports/outcomes.csv?year=1999", &r),
			 422);
	response_free(&r);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'report.export'",
					 NULL),
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
	assert_string_equal(harness_json_string(j, "course_end"), "2099-06-12");
	assert_int_equal(harness_json_int(j, "referred"), 6);
	assert_int_equal(harness_json_int(j, "started"), 5);
	assert_int_equal(harness_json_int(j, "completed"), 4);
	assert_int_equal(harness_json_int(j, "at_end.job"), 1);
	assert_int_equal(harness_json_int(j, "at_end.education"), 1);
	assert_int_equal(harness_json_int(j, "at_end.extended_internship"), 1);
	assert_int_equal(harness_json_int(j, "at_end.other"), 1);
	assert_int_equal(harness_json_int(j, "six_months.job"), 2);
	assert_int_equal(harness_json_int(j, "six_months.education"), 1);
	assert_int_equal(harness_json_int(j, "six_months.extended_internship"),
			 0);
	assert_int_equal(harness_json_int(j, "six_months.other"), 1);
	cJSON_Delete(j);
	response_free(&r);

	assert_int_equal(
		client_api(c, "GET", "/api/v1/reports?year=2099", NULL, &r),
		200);
	j = response_json(&r);
	centres = harness_json_at(j, "job_centres");
	assert_int_equal(cJSON_GetArraySize(centres), 1);
	g = cJSON_GetArrayItem(centres, 0);
	assert_int_equal(harness_json_int(g, "id"), fx.aarhus);
	assert_string_equal(harness_json_string(g, "name"), "Jobcenter Aarhus");
	assert_int_equal(harness_json_int(g, "totals.referred"), 8);
	assert_int_equal(harness_json_int(g, "totals.started"), 6);
	assert_int_equal(harness_json_int(g, "totals.completed"), 4);
	assert_int_equal(harness_json_int(g, "totals.at_end.other"), 1);
	assert_int_equal(harness_json_int(g, "totals.six_months.job"), 2);
	cohorts = harness_json_at(g, "cohorts");
	assert_int_equal(cJSON_GetArraySize(cohorts), 2);
	assert_int_equal(
		harness_json_int(cJSON_GetArrayItem(cohorts, 0), "cohort_id"),
		fx.quoted);
	assert_string_equal(
		harness_json_string(cJSON_GetArrayItem(cohorts, 1), "cohort"),
		FORMULA_NAME);
	assert_int_equal(
		harness_json_int(cJSON_GetArrayItem(cohorts, 1), "started"), 1);
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
	assert_int_equal(
		client_api(c, "GET", "/api/v1/reports?year=2099", NULL, &r),
		200);
	j = response_json(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "job_centres")),
			 0);
	cJSON_Delete(j);
	response_free(&r);
	client_free(c);
}

#define SUMMARY_LINE "Vælg et jobcenter for at se dets hold."

/* How often s occurs in the body. */
static int occurrences(const struct response *r, const char *s)
{
	const char *p = r->body.data;
	int n = 0;

	while ((p = strstr(p, s)) != NULL) {
		n++;
		p += strlen(s);
	}
	return n;
}

/* A table row's n number cells, as the template writes them. */
static const char *cells(char *out, size_t len, const long *v, int count)
{
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < count; i++)
		n += (size_t)snprintf(out + n, len - n,
				      "<td class=\"num\">%ld</td>", v[i]);
	return out;
}

/* The leader's visible, not cancelled cohorts: the count, or the sum of
 * report_count's column (a column name, not user input). */
static int64_t leader_total(struct server *s, const char *what)
{
	char q[512];

	snprintf(q, sizeof(q),
		 "SELECT %s FROM cohort c JOIN user u ON u.email = ?1 LEFT "
		 "JOIN report_count k ON k.cohort_id = c.id WHERE c.state != "
		 "'cancelled' AND (u.organisation_id IN (c.job_centre_id, "
		 "c.provider_id) OR EXISTS (SELECT 1 FROM cohort_staff s WHERE "
		 "s.cohort_id = c.id AND s.user_id = u.id))",
		 what);
	return harness_sql_int(s, q, HARNESS_LEADER, NULL);
}

static void many_job_centres_are_summed(void **state)
{
	static const long testby1[12] = {2, 5, 4, 3, 2, 0, 0, 1, 1, 1, 0, 0};
	static const long empty[12] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	static const long all[12] = {7, 5, 4, 3, 2, 0, 0, 1, 1, 1, 0, 0};
	struct server *s = *state;
	struct client *c = login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char want[1024], num[512];
	const char *first, *last;
	int i;

	/* 2097: six job centres, so one row each and no cohort. */
	assert_int_equal(client_get(c, "/reports?year=2097", &r), 200);
	assert_true(response_has(&r, SUMMARY_LINE));
	assert_true(response_has(&r, "<caption>Deltagere og status pr. "
				     "jobcenter</caption>"));
	assert_int_equal(occurrences(&r, "<a href=\"/reports?job_centre_id="),
			 EXTRA_CENTRES);
	snprintf(want, sizeof(want),
		 "<tr><th scope=\"row\"><a href=\"/reports?job_centre_id="
		 "%lld&amp;year=2097\">Jobcenter Testby 1</a></th>%s</tr>",
		 (long long)fx.extra[0], cells(num, sizeof(num), testby1, 12));
	assert_true(response_has(&r, want));
	/* Testby 2's cancelled cohort and its participant count nowhere. */
	for (i = 1; i < EXTRA_CENTRES; i++) {
		snprintf(want, sizeof(want),
			 "<a href=\"/reports?job_centre_id=%lld&amp;year=2097"
			 "\">Jobcenter Testby %d</a></th>%s</tr>",
			 (long long)fx.extra[i], i + 1,
			 cells(num, sizeof(num), empty, 12));
		assert_true(response_has(&r, want));
	}
	snprintf(want, sizeof(want),
		 "<tr class=\"total\"><th scope=\"row\">I alt</th>%s</tr>",
		 cells(num, sizeof(num), all, 12));
	assert_true(response_has(&r, want));
	first = strstr(r.body.data, ">Jobcenter Testby 1</a>");
	last = strstr(r.body.data, ">Jobcenter Testby 6</a>");
	assert_true(first != NULL && last != NULL && first < last);
	assert_false(response_has(&r, "Summahold"));
	assert_false(response_has(&r, "href=\"/cohorts/"));
	assert_true(response_has(&r, "href=\"/reports/outcomes.csv?year=2097"
				     "\""));
	/* The select still offers job centres without a 2097 cohort. */
	snprintf(want, sizeof(want), "<option value=\"%lld\">Jobcenter Aarhus",
		 (long long)fx.aarhus);
	assert_true(response_has(&r, want));
	response_free(&r);

	/* Every year: the demo's three job centres as well, and the total
	 * of every cohort the leader sees. */
	assert_int_equal(client_get(c, "/reports", &r), 200);
	assert_true(response_has(&r, SUMMARY_LINE));
	assert_int_equal(occurrences(&r, "<a href=\"/reports?job_centre_id="),
			 EXTRA_CENTRES + 3);
	snprintf(want, sizeof(want),
		 "<a href=\"/reports?job_centre_id=%lld\">Jobcenter Aarhus"
		 "</a></th>",
		 (long long)fx.aarhus);
	assert_true(response_has(&r, want));
	snprintf(want, sizeof(want),
		 "<th scope=\"row\">I alt</th><td class=\"num\">%lld</td>"
		 "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>",
		 (long long)leader_total(s, "count(*)"),
		 (long long)leader_total(s, "coalesce(sum(k.referred), 0)"),
		 (long long)leader_total(s, "coalesce(sum(k.started), 0)"));
	assert_true(response_has(&r, want));
	assert_false(response_has(&r, "href=\"/cohorts/"));
	assert_false(response_has(&r, "Rapport &quot;test"));
	response_free(&r);
	client_free(c);
}

static void a_chosen_job_centre_lists_its_cohorts(void **state)
{
	static const long second[11] = {3, 3, 2, 2, 0, 0, 0, 1, 1, 0, 0};
	struct server *s = *state;
	struct client *c = login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char path[96], want[1024], num[512];
	int64_t id;

	snprintf(path, sizeof(path), "/reports?job_centre_id=%lld&year=2097",
		 (long long)fx.extra[0]);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_false(response_has(&r, SUMMARY_LINE));
	assert_true(response_has(&r, "<caption>Deltagere og status pr. hold, "
				     "Jobcenter Testby 1</caption>"));
	snprintf(want, sizeof(want),
		 "<option value=\"%lld\" selected>Jobcenter Testby 1",
		 (long long)fx.extra[0]);
	assert_true(response_has(&r, want));
	id = harness_sql_int(s,
			     "SELECT id FROM cohort WHERE name = "
			     "'Summahold 1b'",
			     NULL);
	snprintf(want, sizeof(want),
		 "<a href=\"/cohorts/%lld\">Summahold 1b</a></th><td>fredag "
		 "28. juni 2097</td>%s</tr>",
		 (long long)id, cells(num, sizeof(num), second, 11));
	assert_true(response_has(&r, want));
	assert_true(response_has(&r, ">Summahold 1</a>"));
	assert_false(response_has(&r, "Summahold 2"));
	assert_false(response_has(&r, "Rapport"));
	response_free(&r);

	/* Every year of one of the demo's job centres. */
	snprintf(path, sizeof(path), "/reports?job_centre_id=%lld",
		 (long long)fx.aarhus);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_false(response_has(&r, SUMMARY_LINE));
	assert_true(response_has(&r, ">Rapport &quot;test&quot;; hold</a>"));
	assert_false(response_has(&r, "Summahold"));
	assert_false(response_has(&r, "Jobcenter Odense</h2>"));
	response_free(&r);
	client_free(c);

	/* A project leader of one job centre still sees every cohort. */
	c = login(s, LEADER_ODENSE);
	assert_int_equal(client_get(c, "/reports", &r), 200);
	assert_false(response_has(&r, SUMMARY_LINE));
	assert_true(response_has(&r, "<caption>Deltagere og status pr. hold, "
				     "Jobcenter Odense</caption>"));
	assert_true(response_has(&r, "<a href=\"/cohorts/"));
	response_free(&r);
	client_free(c);
}

static void exports_keep_every_cohort(void **state)
{
	struct server *s = *state;
	struct client *c = login(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	const char *want =
		"\"Jobcenter Testby 1\";\"Summahold 1\";2097-06-14;2;1;1;0;0;0;"
		"1;0;0;0;0\r\n"
		"\"Jobcenter Testby 1\";\"Summahold 1b\";2097-06-28;3;3;2;2;0;"
		"0;0;1;1;0;0\r\n"
		"\"Jobcenter Testby 2\";\"Summahold 2\";2097-06-14;0;0;0;0;0;0;"
		"0;0;0;0;0\r\n"
		"\"Jobcenter Testby 3\";\"Summahold 3\";2097-06-14;0;0;0;0;0;0;"
		"0;0;0;0;0\r\n"
		"\"Jobcenter Testby 4\";\"Summahold 4\";2097-06-14;0;0;0;0;0;0;"
		"0;0;0;0;0\r\n"
		"\"Jobcenter Testby 5\";\"Summahold 5\";2097-06-14;0;0;0;0;0;0;"
		"0;0;0;0;0\r\n"
		"\"Jobcenter Testby 6\";\"Summahold 6\";2097-06-14;0;0;0;0;0;0;"
		"0;0;0;0;0\r\n";
	const cJSON *g;
	int cohorts = 0;
	cJSON *j;

	assert_int_equal(client_get(c, "/reports/outcomes.csv?year=2097", &r),
			 200);
	assert_int_equal(r.body.len, strlen(csv_header) + strlen(want));
	assert_string_equal(r.body.data + strlen(csv_header), want);
	response_free(&r);

	/* Every year: a line for each cohort the leader sees. */
	assert_int_equal(client_get(c, "/reports/outcomes.csv", &r), 200);
	assert_int_equal(occurrences(&r, "\r\n"),
			 1 + leader_total(s, "count(*)"));
	assert_true(response_has(&r, "\"Summahold 6\""));
	assert_true(response_has(&r, "\"Rapport \"\"test\"\"; hold\""));
	response_free(&r);

	assert_int_equal(
		client_api(c, "GET", "/api/v1/reports?year=2097", NULL, &r),
		200);
	j = response_json(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "job_centres")),
			 EXTRA_CENTRES);
	cJSON_ArrayForEach(g, harness_json_at(j, "job_centres"))
		cohorts += cJSON_GetArraySize(harness_json_at(g, "cohorts"));
	assert_int_equal(cohorts, 7);
	cJSON_Delete(j);
	response_free(&r);
	client_free(c);
}

static void staff_see_the_cohorts_they_work_on(void **state)
{
	static const long testby1[12] = {1, 2, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0};
	static const long all[12] = {6, 2, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0};
	struct server *s = *state;
	struct client *c = login(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	char want[1024], num[512];
	int64_t staffed;

	/* Summahold 1 but not 1b, and counted once for two roles. */
	assert_int_equal(client_get(c, "/reports?year=2097", &r), 200);
	assert_true(response_has(&r, SUMMARY_LINE));
	assert_int_equal(occurrences(&r, "<a href=\"/reports?job_centre_id="),
			 EXTRA_CENTRES);
	snprintf(want, sizeof(want),
		 "<a href=\"/reports?job_centre_id=%lld&amp;year=2097\">"
		 "Jobcenter Testby 1</a></th>%s</tr>",
		 (long long)fx.extra[0], cells(num, sizeof(num), testby1, 12));
	assert_true(response_has(&r, want));
	snprintf(want, sizeof(want), "I alt</th>%s</tr>",
		 cells(num, sizeof(num), all, 12));
	assert_true(response_has(&r, want));
	response_free(&r);

	/* Every year: the demo cohorts they teach as well. */
	staffed = harness_sql_int(
		s,
		"SELECT count(DISTINCT c.id) FROM cohort c JOIN cohort_staff "
		"s ON s.cohort_id = c.id JOIN user u ON u.id = s.user_id "
		"WHERE u.email = ?1 AND c.state != 'cancelled'",
		HARNESS_INSTRUCTOR, NULL);
	assert_true(staffed > EXTRA_CENTRES);
	assert_int_equal(client_get(c, "/reports/outcomes.csv", &r), 200);
	assert_int_equal(occurrences(&r, "\r\n"), 1 + staffed);
	assert_false(response_has(&r, "Summahold 1b"));
	response_free(&r);
	snprintf(want, sizeof(want),
		 "<th scope=\"row\">I alt</th><td class=\"num\">%lld</td>",
		 (long long)staffed);
	assert_int_equal(client_get(c, "/reports", &r), 200);
	assert_true(response_has(&r, want));
	response_free(&r);
	client_free(c);
}

static void bad_filters_are_refused(void **state)
{
	static const char *const bad[] = {
		"year=1999",	   "year=2101",		  "year=abc",
		"year=20x5",	   "job_centre_id=0",	  "job_centre_id=-3",
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
		cmocka_unit_test(many_job_centres_are_summed),
		cmocka_unit_test(a_chosen_job_centre_lists_its_cohorts),
		cmocka_unit_test(exports_keep_every_cohort),
		cmocka_unit_test(staff_see_the_cohorts_they_work_on),
		cmocka_unit_test(bad_filters_are_refused),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
