/*
 * HTTP tests of the demo dataset: finished cohorts at all three job
 * centres with every kind of outcome, statuses across the set within each
 * cohort's capacity, internships in every status with a week of host
 * feedback that raised an alarm, no CPR number anywhere in plain text,
 * and the command line's refusal of an unknown scale. The national scale is too
 * slow for the suite; scripts/bench builds and measures it.
 */
#include "fixtures.h"
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define LEADER_ODENSE "projektleder.odense@demo.invalid"
#define LEADER_KBH    "projektleder.kbh@demo.invalid"

/* How many of the leader's cohorts the API calls finished, and of how
 * many job centres; the job centre ids go into seen[0..*n). */
static int finished_cohorts(struct server *s, const char *leader,
			    int64_t seen[8], int *n)
{
	struct client *c = fixture_login(s, leader);
	struct response r = RESPONSE_INIT;
	const cJSON *it;
	cJSON *j;
	int count = 0, k;

	assert_int_equal(client_api(c, "GET", "/api/v1/cohorts?status=finished",
				    NULL, &r),
			 200);
	j = response_json(&r);
	cJSON_ArrayForEach(it, harness_json_at(j, "cohorts"))
	{
		int64_t jc = harness_json_int(it, "job_centre_id");

		assert_string_equal(harness_json_string(it, "status"),
				    "finished");
		count++;
		for (k = 0; k < *n && seen[k] != jc; k++)
			;
		if (k == *n && *n < 8)
			seen[(*n)++] = jc;
	}
	cJSON_Delete(j);
	response_free(&r);
	client_free(c);
	return count;
}

static void finished_cohorts_at_all_three_job_centres(void **state)
{
	struct server *s = *state;
	int64_t seen[8];
	int n = 0;

	/* Each job centre's own project leader sees a finished cohort. */
	assert_true(finished_cohorts(s, LEADER_ODENSE, seen, &n) >= 1);
	assert_true(finished_cohorts(s, LEADER_KBH, seen, &n) >= 1);
	assert_true(finished_cohorts(s, HARNESS_LEADER, seen, &n) >= 1);
	assert_int_equal(n, 3);
	/* Finished by their dates, not by a state of their own. */
	assert_int_equal(
		harness_sql_int(s,
				"SELECT count(DISTINCT job_centre_id) "
				"FROM cohort WHERE state = "
				"'referral_open' AND internship_end < "
				"date('now') AND EXISTS (SELECT 1 FROM "
				"participant p WHERE p.cohort_id = "
				"cohort.id AND p.status = 'completed')",
				NULL),
		3);
}

static void every_outcome_kind_occurs(void **state)
{
	struct server *s = *state;

	assert_int_equal(harness_sql_int(s,
					 "SELECT count(DISTINCT kind) FROM "
					 "outcome WHERE timing = 'end'",
					 NULL),
			 4);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(DISTINCT other_kind) "
					 "FROM outcome WHERE timing = 'end'",
					 NULL),
			 3);
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM outcome WHERE kind = "
				    "'job' AND hours_per_week BETWEEN 1 AND 60",
				    NULL) >= 1);
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM outcome WHERE timing "
				    "= 'six_months'",
				    NULL) >= 1);
	/* Outcomes only for citizens who started, six months after the
	 * end at the earliest. */
	assert_int_equal(
		harness_sql_int(s,
				"SELECT count(*) FROM outcome o JOIN "
				"participant p ON p.id = "
				"o.participant_id JOIN cohort c ON "
				"c.id = p.cohort_id WHERE "
				"p.started_on IS NULL OR o.recorded_on "
				"< c.internship_end OR (o.timing = "
				"'six_months' AND o.recorded_on < "
				"date(c.internship_end, '+6 months'))",
				NULL),
		0);
}

static void statuses_span_the_course_within_capacity(void **state)
{
	struct server *s = *state;
	static const char *const statuses[] = {
		"referred", "admitted",	   "waiting",	  "not_admitted",
		"started",  "re_referred", "dropped_out", "completed",
	};
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (harness_sql_int(s,
				    "SELECT count(*) FROM participant WHERE "
				    "status = ?1",
				    statuses[i], NULL) < 1)
			fail_msg("no demo participant is %s", statuses[i]);
	/* Finished cohorts hold 9-12 citizens each. */
	assert_int_equal(
		harness_sql_int(s,
				"SELECT count(*) FROM cohort c WHERE "
				"c.state = 'referral_open' AND "
				"c.internship_end < date('now') AND "
				"(SELECT count(*) FROM participant p "
				"WHERE p.cohort_id = c.id) NOT BETWEEN "
				"9 AND 12",
				NULL),
		0);
	/* No cohort has more admitted places taken than it has. */
	assert_int_equal(
		harness_sql_int(s,
				"SELECT count(*) FROM cohort c WHERE "
				"(SELECT count(*) FROM participant p "
				"WHERE p.cohort_id = c.id AND p.status "
				"IN ('admitted', 'started', "
				"'completed')) > c.capacity",
				NULL),
		0);
	/* A re-referral records its reason and who took part. */
	assert_int_equal(
		harness_sql_int(s,
				"SELECT count(*) FROM "
				"participant_status WHERE to_status = "
				"'re_referred' AND (reason_enc IS NULL "
				"OR dialogue NOT LIKE '%citizen%')",
				NULL),
		0);
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM participant_status "
				    "WHERE to_status = 're_referred'",
				    NULL) >= 1);
	/* The demo caseworker has most Aarhus citizens, not all. */
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM participant p JOIN "
				    "user u ON u.id = p.caseworker_id WHERE "
				    "u.email = ?1",
				    HARNESS_CASEWORKER, NULL) >=
		    2 * harness_sql_int(s,
					"SELECT count(*) FROM participant p "
					"JOIN user u ON u.id = p.caseworker_id "
					"WHERE u.email = "
					"'sagsbehandler.thomas@demo.invalid'",
					NULL));
	/* One clearly older citizen, for the age hint. */
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM participant WHERE "
				    "birth_year <= CAST(strftime('%Y', 'now') "
				    "AS INTEGER) - 40",
				    NULL) >= 1);
}

static void internships_in_every_status_and_an_alarm(void **state)
{
	struct server *s = *state;
	static const char *const statuses[] = {
		"planned",  "trial", "running",	    "postponed",
		"extended", "ended", "ended_early",
	};
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (harness_sql_int(s,
				    "SELECT count(*) FROM internship WHERE "
				    "status = ?1",
				    statuses[i], NULL) < 1)
			fail_msg("no demo internship is %s", statuses[i]);
	/* Each with a plan, and never hours on the cohort's teaching day. */
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM internship i "
					 "WHERE NOT EXISTS (SELECT 1 FROM "
					 "internship_week w WHERE "
					 "w.internship_id = i.id)",
					 NULL),
			 0);
	assert_int_equal(
		harness_sql_int(s,
				"SELECT count(*) FROM internship_week w JOIN "
				"internship i ON i.id = w.internship_id "
				"WHERE CASE i.teaching_weekday WHEN 1 THEN "
				"w.mon WHEN 2 THEN w.tue WHEN 3 THEN w.wed "
				"WHEN 4 THEN w.thu ELSE w.fri END > 0",
				NULL),
		0);
	/* A running internship's status meeting today (the start page's);
	 * a day either side for the time zones of the test and the demo. */
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM internship_week w "
				    "JOIN internship i ON i.id = "
				    "w.internship_id WHERE i.status = "
				    "'running' AND w.meeting_on BETWEEN "
				    "date('now', '-1 day') AND date('now', "
				    "'+1 day')",
				    NULL) >= 1);
	/* A running internship can start only with the citizen's consent. */
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM internship i "
					 "WHERE i.status IN ('trial', "
					 "'running', 'extended') AND NOT "
					 "EXISTS (SELECT 1 FROM agreement g "
					 "WHERE g.participant_id = "
					 "i.participant_id AND "
					 "g.citizen_consent = 1)",
					 NULL),
			 0);
	/* The host's week that raised an alarm: a shared signal seen, a day
	 * absent without notice, "ring til mig", each told to the staff. */
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM host_feedback f "
				    "WHERE f.alarm = 1 AND f.call_me = 1 AND "
				    "EXISTS (SELECT 1 FROM host_day d WHERE "
				    "d.feedback_id = f.id AND d.status = "
				    "'absent')",
				    NULL) >= 1);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(DISTINCT kind) FROM "
					 "host_alert WHERE kind IN ('absent', "
					 "'alarm', 'call_me')",
					 NULL),
			 3);
	assert_true(harness_sql_int(s,
				    "SELECT count(*) FROM outbox WHERE kind = "
				    "'host_alarm' AND recipient = ?1",
				    HARNESS_CONSULTANT, NULL) >= 1);
}

/* Is there "DDMMYY-SSSS" with a day 01-31 and a month 01-12 in p[0..n)? */
static bool has_cpr_like(const char *p, size_t n)
{
	size_t i, k;

	for (i = 0; i + 11 <= n; i++) {
		const char *q = p + i;
		int dd, mm;

		if (q[6] != '-')
			continue;
		for (k = 0; k < 11; k++)
			if (k != 6 && (q[k] < '0' || q[k] > '9'))
				break;
		if (k < 11)
			continue;
		dd = (q[0] - '0') * 10 + (q[1] - '0');
		mm = (q[2] - '0') * 10 + (q[3] - '0');
		if (dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12)
			return true;
	}
	return false;
}

/* Does p[0..n) contain the text s? */
static bool has_text(const char *p, size_t n, const char *s)
{
	size_t i, k = strlen(s);

	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return true;
	return false;
}

static void no_cpr_number_in_plain_text(void **state)
{
	struct server *s = *state;
	struct buf b = BUF_INIT(0);
	char wal[340];
	static const char sample[] = "x 120399-3117 y";

	/* The detector finds what it looks for, and not an ISO date. */
	assert_true(has_cpr_like(sample, sizeof(sample) - 1));
	assert_false(has_cpr_like("2025-09-29 20 45 18 73", 22));

	assert_true(harness_sql_int(s, "SELECT count(*) FROM participant",
				    NULL) >= 40);
	/* Sealed: a version byte, nonce and MAC on ten digits. */
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM participant "
					 "WHERE length(cpr_enc) != 51 OR "
					 "typeof(cpr_enc) != 'blob'",
					 NULL),
			 0);
	/* No ten-digit run or DDMMYY-SSSS in the text columns. */
	assert_int_equal(
		harness_sql_int(s,
				"SELECT count(*) FROM participant "
				"WHERE name || ' ' || phone || ' ' || "
				"email || ' ' || address GLOB "
				"'*[0-9][0-9][0-9][0-9][0-9][0-9]"
				"[0-9][0-9][0-9][0-9]*' OR name || ' ' "
				"|| phone || ' ' || email || ' ' || "
				"address GLOB '*[0-9][0-9][0-9][0-9]"
				"[0-9][0-9]-[0-9][0-9][0-9][0-9]*'",
				NULL),
		0);
	/* Nor anywhere in the files; the names are there in the clear,
	 * which shows the scan reads what the demo wrote. */
	assert_int_equal(harness_read_file(s->db, &b), 0);
	assert_false(has_cpr_like(b.data, b.len));
	assert_true(has_text(b.data, b.len, "Torben Lykke"));
	snprintf(wal, sizeof(wal), "%s-wal", s->db);
	if (harness_read_file(wal, &b) == 0)
		assert_false(has_cpr_like(b.data, b.len));
	buf_free(&b);
}

static void leader_sees_a_demo_participant_with_outcomes(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_login(s, LEADER_ODENSE);
	struct response r = RESPONSE_INIT;
	char path[64];
	int64_t id = harness_sql_int(s,
				     "SELECT id FROM participant WHERE name = "
				     "'Emil Frandsen'",
				     NULL);

	assert_true(id > 0);
	snprintf(path, sizeof(path), "/participants/%lld", (long long)id);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Emil Frandsen"));
	assert_false(has_cpr_like(r.body.data, r.body.len));
	response_free(&r);
	client_free(c);
}

static void unknown_scale_is_refused(void **state)
{
	struct server *s = *state;
	struct buf out = BUF_INIT(0);
	char path[340], key[350];
	const char *argv[] = {"demo",		"--db",	    path,
			      "--scale",	"galactic", "--password",
			      HARNESS_PASSWORD, NULL};

	snprintf(path, sizeof(path), "%s/galactic.db", s->dir);
	snprintf(key, sizeof(key), "%s.key", path);
	assert_int_equal(harness_run(s, NULL, &out, argv), 2);
	assert_non_null(strstr(out.data, "--scale small|national"));
	/* Refused before anything was made. */
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_not_equal(access(key, F_OK), 0);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finished_cohorts_at_all_three_job_centres),
		cmocka_unit_test(every_outcome_kind_occurs),
		cmocka_unit_test(statuses_span_the_course_within_capacity),
		cmocka_unit_test(internships_in_every_status_and_an_alarm),
		cmocka_unit_test(no_cpr_number_in_plain_text),
		cmocka_unit_test(leader_sees_a_demo_participant_with_outcomes),
		cmocka_unit_test(unknown_scale_is_refused),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
