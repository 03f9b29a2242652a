/*
 * HTTP tests of the hosts' follow-up through a real SMTP server on
 * loopback (tests/data/smtp_sink.py): a host's week with an absence
 * without notice and "please call me" mails the consultant, the
 * caseworker and the mentor once, through the server's own job; the
 * reminders of a week without feedback on the right days (the job's
 * function driven with chosen dates on the server's database: the host
 * with their link, again two working days later, then the consultant),
 * none for an ended or postponed internship; no mail holding a name, a
 * CPR number or a word on health. Then the consultant's start page with
 * the signals (marked seen), the week's feedback as CSV and XLSX
 * (audited, no CPR), and the host's days in the attendance numbers.
 */
#include "config.h"
#include "db.h"
#include "fixtures.h"
#include "host_followup.h"
#include "secret.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

/* Every wait is bounded, so a broken sender fails instead of hanging. */
#define WAIT_MS 20000

#define COHORT	"Testhold opfølgning"
#define CITIZEN "Frida Følgeborger"
#define OTHER	"Gustav Fremtidsborger"
#define HOST	"vaert.opfolgning@firma.invalid"
#define REASON	"Diagnose: depression og angst"
#define ALARM	"Trækker sig fra frokosten"

struct fixture {
	struct server s;
	struct smtp_sink m;
	int64_t pid, other, company, contact, cohort;
	int64_t internship;		  /* weeks ago: the signals */
	int64_t future, postponed, ended; /* 2030: the reminders */
	char cpr[12], cpr_digits[11], monday[16], week[16];
	char token[64];
	size_t base; /* the demo's own mails, delivered before the tests */
};

static struct fixture fx;

/* An internship of pid from monday, status, made by the demo consultant,
 * with a plan of `weeks` weeks: Monday, Wednesday and Thursday four
 * hours (Friday the teaching day). Its id. */
static int64_t make_internship(int64_t pid, const char *monday,
			       const char *status, int weeks)
{
	char p[24], c[24], k[24], n[24], id[24];
	int64_t iid;

	fixture_sql(
		&fx.s,
		"INSERT INTO internship (participant_id, company_id, "
		"contact_id, "
		"start_on, end_on, status, teaching_weekday, created_by, "
		"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, date(?4, '+74 "
		"days'), ?5, 5, (SELECT id FROM user WHERE email = ?6), 0, 0)",
		fixture_num(pid, p), fixture_num(fx.company, c),
		fixture_num(fx.contact, k), monday, status, HARNESS_CONSULTANT,
		NULL);
	iid = harness_sql_int(&fx.s, "SELECT max(id) FROM internship", NULL);
	fixture_sql(
		&fx.s,
		"WITH RECURSIVE w(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM "
		"w "
		"WHERE n < CAST(?3 AS INTEGER)) INSERT INTO internship_week "
		"(internship_id, week, "
		"monday, mon, tue, wed, thu, fri, updated_at) SELECT ?1, n, "
		"date(?2, printf('+%d days', 7 * (n - 1))), 240, 0, 240, 240, "
		"0, "
		"0 FROM w",
		fixture_num(iid, id), monday, fixture_num(weeks, n), NULL);
	return iid;
}

/* A fresh host link for the contact person through the API: its token. */
static void issue(int64_t internship, char token[64])
{
	struct client *c = fixture_login(&fx.s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	char path[96], body[64];
	const char *url;
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/internships/%lld/host-links",
		 (long long)internship);
	snprintf(body, sizeof(body), "{\"contact_id\": %lld}",
		 (long long)fx.contact);
	if (client_api(c, "POST", path, body, &r) != 201)
		fail_msg("issue: %ld %s", r.status, r.body.data);
	j = response_json(&r);
	url = harness_json_string(j, "url");
	assert_non_null(url);
	snprintf(token, 64, "%s", strstr(url, "/host/") + 6);
	cJSON_Delete(j);
	response_free(&r);
	client_free(c);
}

static int setup(void **state)
{
	struct buf conf = BUF_INIT(0);
	struct client *c;
	char id[24], id2[24];
	date_t monday = 0;
	int rc = -1, year, week;

	(void)state;
	memset(&fx, 0, sizeof(fx));
	if (harness_smtp_start(&fx.m) < 0)
		return -1;
	harness_smtp_config(&fx.m, &conf);
	buf_puts(&conf, "base_url = https://mestring.test\n"
			"jobs_interval_seconds = 1\n");
	rc = harness_start_with(&fx.s, conf.data);
	buf_free(&conf);
	if (rc < 0) {
		harness_smtp_remove(&fx.m);
		return -1;
	}
	/* A Monday 22 to 28 days ago: its week's last planned day is past
	 * the follow-up's 14 days, so no reminder races the host. */
	harness_sql_text(&fx.s, fx.monday, sizeof(fx.monday),
			 "SELECT date('now', 'weekday 1', '-28 days')", NULL);
	fixture_cpr(17, 4, 1988, 6621, fx.cpr, fx.cpr_digits);
	c = fixture_login(&fx.s, HARNESS_CASEWORKER);
	fx.cohort = fixture_demo_cohort(&fx.s, COHORT);
	fx.pid = fixture_refer(c, fx.cohort, CITIZEN, fx.cpr,
			       ", \"barriers\": [\"anxiety\"], \"reason\": "
			       "\"" REASON "\"");
	{
		char json[512], today[16];

		fixture_day_from_now(&fx.s, 0, today);
		snprintf(json, sizeof(json),
			 "{\"purpose\": \"Afklaring\", \"alarm_signals\": "
			 "\"" ALARM "\", \"citizen_consent\": true, "
			 "\"citizen_signed_on\": \"%s\", \"share_alarms\": "
			 "true}",
			 today);
		fixture_answers(c, fx.pid, "agreement", json, 201);
	}
	client_free(c);
	fx.other = fixture_demo_participant(&fx.s, COHORT, OTHER,
					    "170488-6622");
	fixture_sql(
		&fx.s,
		"UPDATE participant SET mentor_id = (SELECT id FROM user WHERE "
		"email = ?1), status = 'started', started_on = date('now', "
		"'-60 "
		"days') WHERE id IN (?2, ?3)",
		HARNESS_MENTOR, fixture_num(fx.pid, id),
		fixture_num(fx.other, id2), NULL);
	fixture_sql(
		&fx.s,
		"INSERT INTO company (organisation_id, name, cvr, employees, "
		"created_at, updated_at) VALUES ((SELECT id FROM organisation "
		"WHERE name = 'Jobcenter Aarhus'), 'Opfølgning ApS', "
		"'91300044', "
		"25, 0, 0)",
		NULL);
	fx.company = harness_sql_int(
		&fx.s, "SELECT id FROM company WHERE cvr = '91300044'", NULL);
	fixture_sql(&fx.s,
		    "INSERT INTO company_contact (company_id, name, email, "
		    "created_at, "
		    "updated_at) VALUES (?1, 'Karin Kontakt', ?2, 0, 0)",
		    fixture_num(fx.company, id), HOST, NULL);
	fx.contact = harness_sql_int(
		&fx.s, "SELECT id FROM company_contact WHERE email = ?1", HOST,
		NULL);
	fx.internship = make_internship(fx.pid, fx.monday, "running", 1);
	fx.future = make_internship(fx.other, "2030-03-04", "running", 2);
	fx.postponed = make_internship(fx.other, "2030-03-04", "postponed", 2);
	fx.ended = make_internship(fx.other, "2030-03-04", "ended", 2);
	assert_int_equal(date_parse_iso(fx.monday, &monday), 0);
	week = date_iso_week(monday, &year);
	snprintf(fx.week, sizeof(fx.week), "%d-W%02d", year, week);
	/* The demo's follow-up mail first, so the tests count their own. */
	return harness_smtp_drain(&fx.s, &fx.m, WAIT_MS, &fx.base);
}

static int teardown(void **state)
{
	int rc;

	(void)state;
	rc = harness_stop(&fx.s);
	harness_smtp_remove(&fx.m);
	return rc;
}

/* The messages to `to` whose subject holds subject and whose body holds
 * needle (NULL: any). */
static size_t mails_about(const char *to, const char *subject,
			  const char *needle)
{
	size_t i, n = 0, all = harness_smtp_count(&fx.m);
	const char *t, *s, *b;
	cJSON *j;

	for (i = fx.base + 1; i <= all; i++) {
		j = harness_smtp_message(&fx.m, i);
		if (j == NULL)
			continue;
		t = harness_json_string(j, "to");
		s = harness_json_string(j, "subject");
		b = harness_json_string(j, "body");
		if (t && strstr(t, to) && s && strstr(s, subject) &&
		    (needle == NULL || (b && strstr(b, needle))))
			n++;
		cJSON_Delete(j);
	}
	return n;
}

static size_t mails_to(const char *to, const char *subject)
{
	return mails_about(to, subject, NULL);
}

/* The body of the last message to `to`, into out. */
static void last_body(const char *to, char *out, size_t len)
{
	size_t i, all = harness_smtp_count(&fx.m);
	const char *t, *b;
	cJSON *j;

	*out = '\0';
	for (i = fx.base + 1; i <= all; i++) {
		j = harness_smtp_message(&fx.m, i);
		if (j == NULL)
			continue;
		t = harness_json_string(j, "to");
		b = harness_json_string(j, "body");
		if (t && strstr(t, to) && b)
			snprintf(out, len, "%s", b);
		cJSON_Delete(j);
	}
}

static void a_weeks_signals_mail_those_who_follow_once(void **state)
{
	struct client *host = client_new(&fx.s);
	struct response r = RESPONSE_INIT;
	char path[160], csrf[80], body[4096];
	struct buf form = BUF_INIT(0);

	(void)state;
	issue(fx.internship, fx.token);
	snprintf(path, sizeof(path), "/host/%s?uge=1", fx.token);
	assert_int_equal(client_get(host, path, &r), 200);
	assert_int_equal(harness_page_csrf(r.body.data, csrf, sizeof(csrf)), 0);
	response_free(&r);
	buf_printf(&form,
		   "csrf=%s&week=1&status_1=as_planned&status_3=fewer_hours&"
		   "hours_3=120&status_4=absent&rating=3&text=Stille+uge&"
		   "call_me=1&alarm_1=1",
		   csrf);
	snprintf(path, sizeof(path), "/host/%s/feedback", fx.token);
	{
		struct request rq = {
			.method = "POST",
			.path = path,
			.content_type = "application/x-www-form-urlencoded",
			.body = form.data,
		};

		assert_int_equal(client_send(host, &rq, &r), 303);
	}
	response_free(&r);
	buf_free(&form);
	/* The job (every second here) tells three signals to three
	 * people. */
	assert_true(harness_smtp_wait(&fx.m, fx.base + 9, WAIT_MS));
	assert_int_equal(mails_to(HARNESS_CONSULTANT, "aftalt tegn"), 1);
	assert_int_equal(mails_to(HARNESS_CASEWORKER, "aftalt tegn"), 1);
	assert_int_equal(mails_to(HARNESS_MENTOR, "aftalt tegn"), 1);
	assert_int_equal(mails_to(HARNESS_CONSULTANT, "udeblivelse uden afbud"),
			 1);
	assert_int_equal(mails_to(HARNESS_CASEWORKER, "udeblivelse uden afbud"),
			 1);
	assert_int_equal(mails_to(HARNESS_MENTOR, "udeblivelse uden afbud"), 1);
	assert_int_equal(mails_to(HARNESS_CONSULTANT, "ringet op"), 1);
	assert_int_equal(mails_to(HARNESS_CASEWORKER, "ringet op"), 1);
	assert_int_equal(mails_to(HARNESS_MENTOR, "ringet op"), 1);
	last_body(HARNESS_MENTOR, body, sizeof(body));
	snprintf(path, sizeof(path), "https://mestring.test/internships/%lld",
		 (long long)fx.internship);
	assert_non_null(strstr(body, path));
	/* Told once: more runs of the job send nothing more. */
	sleep(3);
	assert_int_equal(mails_about("", "", path), 9);
	assert_int_equal(fixture_rows(&fx.s,
				      "SELECT count(*) FROM host_alert WHERE "
				      "internship_id = ?1",
				      fx.internship),
			 3);
	client_free(host);
}

static void a_hosts_stop_mails_those_who_follow(void **state)
{
	struct client *host = client_new(&fx.s);
	struct response r = RESPONSE_INIT;
	char path[160], csrf[80], today[16], url[96];
	struct buf form = BUF_INIT(0);

	(void)state;
	snprintf(path, sizeof(path), "/host/%s", fx.token);
	assert_int_equal(client_get(host, path, &r), 200);
	assert_int_equal(harness_page_csrf(r.body.data, csrf, sizeof(csrf)), 0);
	response_free(&r);
	fixture_day_from_now(&fx.s, 0, today);
	buf_printf(&form, "csrf=%s&on=%s&reason=Ingen+opgaver+lige+nu", csrf,
		   today);
	snprintf(path, sizeof(path), "/host/%s/stop", fx.token);
	{
		struct request rq = {
			.method = "POST",
			.path = path,
			.content_type = "application/x-www-form-urlencoded",
			.body = form.data,
		};

		assert_int_equal(client_send(host, &rq, &r), 303);
	}
	response_free(&r);
	buf_free(&form);
	snprintf(url, sizeof(url), "https://mestring.test/internships/%lld",
		 (long long)fx.internship);
	assert_true(harness_smtp_wait(&fx.m, fx.base + 12, WAIT_MS));
	sleep(2);
	assert_int_equal(mails_about(HARNESS_CONSULTANT, "stoppet", url), 1);
	assert_int_equal(mails_about(HARNESS_CASEWORKER, "stoppet", url), 1);
	assert_int_equal(mails_about(HARNESS_MENTOR, "stoppet", url), 1);
	assert_int_equal(mails_about("", "", url), 12);
	client_free(host);
}

/* host_followup_run on the server's database with a chosen day. */
static struct host_followup_counts run_on(struct db *w, const char *iso)
{
	struct host_followup_counts c;
	struct tm tm = {0};
	date_t d = 0;

	assert_int_equal(date_parse_iso(iso, &d), 0);
	assert_int_equal(
		sscanf(iso, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday),
		3);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	assert_int_equal(host_followup_run(w, d, (int64_t)mktime(&tm), &c), 0);
	return c;
}

static void reminders_go_on_their_days_and_not_for_ended_ones(void **state)
{
	char key[400], err[200], token[64], body[4096], url[160];
	struct host_followup_counts c;
	size_t before;
	struct db *w;

	(void)state;
	issue(fx.future, token);
	assert_int_equal(config_load(fx.s.conf, fx.s.base, err, sizeof(err)),
			 0);
	assert_int_equal(secret_key_path(fx.s.db, key, sizeof(key)), 0);
	assert_int_equal(secret_init(key), 0);
	w = db_open(fx.s.db, DB_WRITER);
	assert_non_null(w);
	before = harness_smtp_count(&fx.m);

	/* Tuesday of week 1: its last planned day is Thursday. */
	c = run_on(w, "2030-03-05");
	assert_int_equal(c.mails, 0);
	/* Thursday: the host, with their link. */
	c = run_on(w, "2030-03-07");
	assert_int_equal(c.reminders, 1);
	assert_true(harness_smtp_wait(&fx.m, before + 1, WAIT_MS));
	assert_int_equal(mails_to(HOST, "Påmindelse"), 1);
	last_body(HOST, body, sizeof(body));
	snprintf(url, sizeof(url), "https://mestring.test/host/%s", token);
	assert_non_null(strstr(body, url));
	/* The same day again, and Friday: nothing. */
	c = run_on(w, "2030-03-07");
	assert_int_equal(c.mails, 0);
	c = run_on(w, "2030-03-08");
	assert_int_equal(c.mails, 0);
	/* Monday, two working days later: the second. */
	c = run_on(w, "2030-03-11");
	assert_int_equal(c.reminders, 1);
	assert_true(harness_smtp_wait(&fx.m, before + 2, WAIT_MS));
	assert_int_equal(mails_to(HOST, "Anden påmindelse"), 1);
	/* Tuesday: the consultant who made it is told. */
	c = run_on(w, "2030-03-12");
	assert_int_equal(c.told, 1);
	assert_true(harness_smtp_wait(&fx.m, before + 3, WAIT_MS));
	assert_int_equal(
		mails_to(HARNESS_CONSULTANT, "ingen tilbagemelding fra værten"),
		1);
	c = run_on(w, "2030-03-12");
	assert_int_equal(c.mails, 0);
	/* Nothing for the postponed and the ended internship. */
	assert_int_equal(fixture_rows(&fx.s,
				      "SELECT count(*) FROM host_reminder "
				      "WHERE internship_id = ?1",
				      fx.postponed),
			 0);
	assert_int_equal(fixture_rows(&fx.s,
				      "SELECT count(*) FROM host_reminder "
				      "WHERE internship_id = ?1",
				      fx.ended),
			 0);
	assert_int_equal(fixture_rows(&fx.s,
				      "SELECT count(*) FROM host_reminder "
				      "WHERE internship_id = ?1",
				      fx.future),
			 3);
	sleep(2);
	assert_int_equal(mails_to(HOST, "tilbagemelding om praktikken"), 2);
	snprintf(url, sizeof(url), "/internships/%lld", (long long)fx.future);
	assert_int_equal(mails_about("", "", url), 1);
	db_close(w);
	secret_shutdown();
}

static void no_mail_names_the_citizen_or_says_more(void **state)
{
	static const char *const words[] = {
		CITIZEN, "Frida",    OTHER,	 "Gustav",     "syg",
		"Syg",	 "diagnose", "Diagnose", "depression", "angst",
		"Angst", "helbred",  "misbrug",	 "medicin",    "barriere",
	};
	size_t i, k, all = harness_smtp_count(&fx.m);
	const char *subject, *body;
	cJSON *j;

	(void)state;
	assert_true(all >= fx.base + 15);
	for (i = fx.base + 1; i <= all; i++) {
		j = harness_smtp_message(&fx.m, i);
		assert_non_null(j);
		subject = harness_json_string(j, "subject");
		body = harness_json_string(j, "body");
		assert_non_null(subject);
		assert_non_null(body);
		for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
			if (strstr(subject, words[k]) || strstr(body, words[k]))
				fail_msg("mail %zu holds \"%s\"", i, words[k]);
		if (strstr(body, fx.cpr) || strstr(body, fx.cpr_digits))
			fail_msg("mail %zu holds the CPR number", i);
		cJSON_Delete(j);
	}
}

/* How many times needle is in r's body (the demo's own signals are on
 * the start page too). */
static size_t times_in(const struct response *r, const char *needle)
{
	const char *p = r->body.data;
	size_t n = 0;

	while (p && (p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

static void the_start_page_lists_signals_until_seen(void **state)
{
	struct client *c = fixture_page_login(&fx.s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	char path[64], id[24];
	size_t call_me;
	int64_t alert;

	(void)state;
	assert_int_equal(client_get(c, "/start", &r), 200);
	assert_true(response_has(&r, "Praktik: signaler fra værterne"));
	assert_true(response_has(&r, CITIZEN));
	call_me = times_in(&r, "Værten beder om et opkald");
	assert_true(call_me >= 1);
	assert_true(response_has(&r, "Udeblevet uden afbud"));
	assert_true(response_has(&r, "Statusmøder i dag"));
	response_free(&r);
	alert = harness_sql_int(&fx.s,
				"SELECT id FROM host_alert WHERE "
				"internship_id = ?1 AND kind = 'call_me'",
				fixture_num(fx.internship, id), NULL);
	assert_true(alert > 0);
	snprintf(path, sizeof(path), "/host-alerts/%lld/seen",
		 (long long)alert);
	/* Without the form's token: refused. */
	{
		struct request rq = {
			.method = "POST",
			.path = path,
			.content_type = "application/x-www-form-urlencoded",
			.body = "x=1",
		};

		assert_int_equal(client_send(c, &rq, NULL), 403);
	}
	assert_int_equal(client_post(c, path, "", &r), 303);
	response_free(&r);
	assert_int_equal(client_get(c, "/start", &r), 200);
	assert_int_equal(times_in(&r, "Værten beder om et opkald"),
			 call_me - 1);
	assert_true(response_has(&r, "Udeblevet uden afbud"));
	response_free(&r);
	assert_true(fixture_rows(&fx.s,
				 FIXTURE_AUDITED("participant.host_alert_seen"),
				 fx.pid) == 1);
	client_free(c);
	/* The API twin, for the absence's signal. */
	c = fixture_login(&fx.s, HARNESS_CASEWORKER);
	alert = harness_sql_int(&fx.s,
				"SELECT id FROM host_alert WHERE "
				"internship_id = ?1 AND kind = 'absent'",
				id, NULL);
	snprintf(path, sizeof(path), "/api/v1/host-alerts/%lld/seen",
		 (long long)alert);
	assert_int_equal(client_api(c, "POST", path, "{}", &r), 200);
	{
		cJSON *j = response_json(&r);

		assert_int_equal(harness_json_int(j, "id"), alert);
		assert_true(cJSON_IsTrue(harness_json_at(j, "seen")));
		cJSON_Delete(j);
	}
	response_free(&r);
	assert_int_equal(fixture_rows(&fx.s,
				      "SELECT count(*) FROM host_alert WHERE "
				      "internship_id = ?1 AND seen_at IS NULL "
				      "AND kind IN ('absent', 'call_me')",
				      fx.internship),
			 0);
	client_free(c);
	/* A mentor has no such panel. */
	c = fixture_page_login(&fx.s, HARNESS_MENTOR);
	assert_int_equal(client_get(c, "/start", &r), 200);
	assert_false(response_has(&r, "Praktik: signaler fra værterne"));
	response_free(&r);
	client_free(c);
}

static void the_weeks_feedback_exports_without_cpr(void **state)
{
	struct client *c = fixture_login(&fx.s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	char path[128];

	(void)state;
	/* The cohort page links the export for those who may. */
	{
		struct client *p = fixture_page_login(&fx.s,
						      HARNESS_CONSULTANT);

		snprintf(path, sizeof(path), "/cohorts/%lld",
			 (long long)fx.cohort);
		assert_int_equal(client_get(p, path, &r), 200);
		assert_true(response_has(&r, "/feedback.csv"));
		assert_true(response_has(&r, "/feedback.xlsx"));
		response_free(&r);
		client_free(p);
		p = fixture_page_login(&fx.s, HARNESS_MENTOR);
		assert_int_equal(client_get(p, path, &r), 200);
		assert_false(response_has(&r, "/feedback.csv"));
		response_free(&r);
		client_free(p);
	}
	snprintf(path, sizeof(path), "/cohorts/%lld/feedback.csv?week=%s",
		 (long long)fx.cohort, fx.week);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Deltager;Virksomhed;Kontaktperson"));
	assert_true(response_has(&r, CITIZEN));
	assert_true(response_has(&r, "Opfølgning ApS"));
	assert_true(response_has(&r, "Stille uge"));
	/* Planned 12 hours; the signal seen; as planned, fewer, sick,
	 * absent; 6 hours met. */
	assert_true(response_has(&r, ";1;12,0;\"Ja\";\"Karin Kontakt\";3;"
				     "\"Stille uge\";\"" ALARM "\";\"Ja\";1;1;"
				     "0;1;6,0;"));
	assert_false(response_has(&r, fx.cpr));
	assert_false(response_has(&r, fx.cpr_digits));
	assert_non_null(strstr(response_header(&r, "Content-Disposition"),
			       "tilbagemeldinger-"));
	response_free(&r);
	assert_true(fixture_rows(&fx.s,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'feedback.export' AND subject_id = ?1",
				 fx.cohort) == 1);
	assert_true(fixture_rows(&fx.s, FIXTURE_AUDITED("participant.export"),
				 fx.pid) >= 1);
	snprintf(path, sizeof(path), "/cohorts/%lld/feedback.xlsx?week=%s",
		 (long long)fx.cohort, fx.week);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_memory_equal(r.body.data, "PK", 2);
	response_free(&r);
	snprintf(path, sizeof(path), "/cohorts/%lld/feedback.csv?week=2026-W99",
		 (long long)fx.cohort);
	assert_int_equal(client_get(c, path, &r), 422);
	assert_true(response_has(&r, "for eksempel 2026-W10"));
	response_free(&r);
	client_free(c);
	/* Mentors may not. */
	c = fixture_login(&fx.s, HARNESS_MENTOR);
	snprintf(path, sizeof(path), "/cohorts/%lld/feedback.csv",
		 (long long)fx.cohort);
	assert_int_equal(client_get(c, path, &r), 403);
	response_free(&r);
	client_free(c);
}

static void the_hosts_days_count_as_internship_days(void **state)
{
	struct client *c = fixture_login(&fx.s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	const cJSON *p, *list;
	char path[96];
	cJSON *j;
	int i;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/attendance",
		 (long long)fx.cohort);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	list = harness_json_at(j, "participants");
	for (i = 0, p = NULL; i < cJSON_GetArraySize(list); i++)
		if (harness_json_int(cJSON_GetArrayItem(list, i),
				     "participant_id") == fx.pid)
			p = cJSON_GetArrayItem(list, i);
	assert_non_null(p);
	/* The one week's three planned days: met two (one with fewer
	 * hours), one absent; six hours worked. */
	assert_int_equal(harness_json_int(p, "internship_days.planned"), 3);
	assert_int_equal(harness_json_int(p, "internship_days.met"), 2);
	assert_int_equal(harness_json_int(p, "internship_days.fewer_hours"), 1);
	assert_int_equal(harness_json_int(p, "internship_days.absent"), 1);
	assert_int_equal(harness_json_int(p, "internship_days.minutes_worked"),
			 360);
	cJSON_Delete(j);
	response_free(&r);
	/* The page says it, told apart from course days. */
	snprintf(path, sizeof(path), "/cohorts/%lld/attendance",
		 (long long)fx.cohort);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "Praktikdage"));
	assert_true(response_has(&r, "Praktik: udeblevet uden afbud"));
	response_free(&r);
	snprintf(path, sizeof(path), "/participants/%lld", (long long)fx.pid);
	assert_int_equal(client_get(c, path, &r), 200);
	assert_true(response_has(&r, "mødt 2 af 3 planlagte"));
	response_free(&r);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_weeks_signals_mail_those_who_follow_once),
		cmocka_unit_test(a_hosts_stop_mails_those_who_follow),
		cmocka_unit_test(
			reminders_go_on_their_days_and_not_for_ended_ones),
		cmocka_unit_test(no_mail_names_the_citizen_or_says_more),
		cmocka_unit_test(the_start_page_lists_signals_until_seen),
		cmocka_unit_test(the_weeks_feedback_exports_without_cpr),
		cmocka_unit_test(the_hosts_days_count_as_internship_days),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
