/*
 * HTTP tests of the internship host's link: the host's page (the intern,
 * the plan, only the items the citizen shared: no CPR number, barriers,
 * diagnosis, course attendance or another intern), a week written, read
 * back, replaced and printed, every refusal writing nothing, the form's
 * own token, the stop, the link's expiry 30 days after the end and its
 * renewal and revocation by staff (the old link closed, the new one
 * working), the staff's API twins with their roles and audit, and the
 * token kept out of the log.
 */
#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define COHORT	 "Testhold praktikvært"
#define CONTACT	 "Kim Kontaktperson"
#define SUPPORT	 "Faste opgaver og en rolig arbejdsplads"
#define ALARMS	 "Trækker sig fra frokosten"
#define MAY_KNOW "Har brug for korte pauser"
#define REASON	 "Diagnose: PTSD efter ulykke"
#define ABSENCE	 "Tandlægebesøg om formiddagen"

struct fixture {
	int64_t pid, other, internship, other_internship, company;
	int64_t contact, contact2;
	char cpr[12], cpr_digits[11];
	char monday[16]; /* the internship's first Monday: two weeks ago */
};

static struct fixture fx;

static const char *num(int64_t n, char out[24])
{
	return fixture_num(n, out);
}

/* A running internship of pid at the company, from fx.monday for eleven
 * weeks, planned Monday, Wednesday and Thursday four hours (Friday the
 * teaching day), made by the demo consultant. Its id. */
static int64_t make_internship(struct server *s, int64_t pid)
{
	char p[24], c[24], k[24], id[24];
	int64_t iid;

	fixture_sql(
		s,
		"INSERT INTO internship (participant_id, company_id, "
		"contact_id, "
		"start_on, end_on, status, teaching_weekday, created_by, "
		"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, date(?4, '+74 "
		"days'), 'running', 5, (SELECT id FROM user WHERE email = ?5), "
		"0, 0)",
		num(pid, p), num(fx.company, c), num(fx.contact, k), fx.monday,
		HARNESS_CONSULTANT, NULL);
	iid = harness_sql_int(s,
			      "SELECT max(id) FROM internship WHERE "
			      "participant_id = ?1",
			      p, NULL);
	fixture_sql(
		s,
		"WITH RECURSIVE w(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM "
		"w "
		"WHERE n < 11) INSERT INTO internship_week (internship_id, "
		"week, "
		"monday, mon, tue, wed, thu, fri, updated_at) SELECT ?1, n, "
		"date(?2, printf('+%d days', 7 * (n - 1))), 240, 0, 240, 240, "
		"0, "
		"0 FROM w",
		num(iid, id), fx.monday, NULL);
	return iid;
}

static int setup(void **state)
{
	struct client *c;
	struct response r = RESPONSE_INIT;
	char path[96], body[1024], today[16];

	if (harness_setup(state) < 0)
		return -1;
	struct server *s = *state;

	memset(&fx, 0, sizeof(fx));
	harness_sql_text(s, fx.monday, sizeof(fx.monday),
			 "SELECT date('now', 'weekday 1', '-21 days')", NULL);
	fixture_day_from_now(s, 0, today);
	fixture_cpr(14, 3, 1990, 5511, fx.cpr, fx.cpr_digits);
	c = fixture_login(s, HARNESS_CASEWORKER);
	fx.pid = fixture_refer(
		c, fixture_demo_cohort(s, COHORT), "Vera Værtspraktikant",
		fx.cpr,
		", \"barriers\": [\"anxiety\", \"adhd\"], \"reason\": \"" REASON
		"\"");
	fx.other = fixture_demo_participant(s, COHORT, "Otto Andenpraktikant",
					    "150390-5512");
	fixture_sql(
		s,
		"INSERT INTO company (organisation_id, name, cvr, address, "
		"employees, created_at, updated_at) VALUES ((SELECT id FROM "
		"organisation WHERE name = 'Jobcenter Aarhus'), 'Værtsfirma "
		"Test ApS', '91400014', 'Havnegade 4, 8000 Aarhus C', 25, 0, "
		"0)",
		NULL);
	fx.company = harness_sql_int(
		s, "SELECT id FROM company WHERE cvr = '91400014'", NULL);
	fixture_sql(
		s,
		"INSERT INTO company_contact (company_id, name, role, email, "
		"phone, created_at, updated_at) VALUES (?1, ?2, 'Mester', "
		"'kim@firma.invalid', '12345678', 0, 0), (?1, 'Lise Anden', "
		"'', "
		"'lise@firma.invalid', '', 0, 0)",
		num(fx.company, path), CONTACT, NULL);
	fx.contact = harness_sql_int(
		s, "SELECT id FROM company_contact WHERE name = ?1", CONTACT,
		NULL);
	fx.contact2 = harness_sql_int(
		s, "SELECT id FROM company_contact WHERE name = 'Lise Anden'",
		NULL);
	fx.internship = make_internship(s, fx.pid);
	fx.other_internship = make_internship(s, fx.other);

	/* The guide: support shared, alarm signals and what the company may
	 * know not. */
	snprintf(body, sizeof(body),
		 "{\"purpose\": \"Afklaring\", \"support_needed\": \"" SUPPORT
		 "\", \"alarm_signals\": \"" ALARMS "\\nKommer for sent\", "
		 "\"host_may_know\": \"" MAY_KNOW "\", \"citizen_consent\": "
		 "true, \"citizen_signed_on\": \"%s\", \"share_support\": "
		 "true, \"share_alarms\": false, \"share_company\": false}",
		 today);
	assert_int_equal(fixture_step(c, fx.pid, "agreement", body, &r), 201);
	response_free(&r);
	/* Course attendance of its own: an absence announced. */
	snprintf(body, sizeof(body),
		 "{\"first_date\": \"%s\", \"comment\": \"" ABSENCE "\"}",
		 today);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/absences",
		 (long long)fx.pid);
	client_api(c, "POST", path, body, NULL);
	client_free(c);
	return 0;
}

/* A fresh link for contact to internship as email through the API: its
 * token (the last part of the URL) into token. */
static void issue(struct server *s, const char *email, int64_t internship,
		  int64_t contact, char token[64])
{
	struct client *c = fixture_login(s, email);
	struct response r = RESPONSE_INIT;
	char path[96], body[64];
	const char *url;
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/internships/%lld/host-links",
		 (long long)internship);
	snprintf(body, sizeof(body), "{\"contact_id\": %lld}",
		 (long long)contact);
	if (client_api(c, "POST", path, body, &r) != 201)
		fail_msg("issue: %ld %s", r.status, r.body.data);
	j = response_json(&r);
	url = harness_json_string(j, "url");
	assert_non_null(url);
	assert_non_null(strstr(url, "/host/"));
	snprintf(token, 64, "%s", strstr(url, "/host/") + 6);
	assert_int_equal(strlen(token), 43);
	cJSON_Delete(j);
	response_free(&r);
	client_free(c);
}

static void host_path(char *out, size_t len, const char *token,
		      const char *tail)
{
	snprintf(out, len, "/host/%s%s", token, tail ? tail : "");
}

/* GETs the host page of token as c: the status; the form's token into
 * csrf (may be NULL). */
static long open_page(struct client *c, const char *token, const char *tail,
		      struct response *r, char csrf[80])
{
	char path[160];
	long status;

	host_path(path, sizeof(path), token, tail);
	status = client_get(c, path, r);
	if (csrf && status == 200)
		assert_int_equal(harness_page_csrf(r->body.data, csrf, 80), 0);
	return status;
}

/* POSTs fields (with the form token csrf, when not NULL) to the host's
 * action. */
static long post(struct client *c, const char *token, const char *action,
		 const char *csrf, const char *fields, struct response *r)
{
	struct buf form = BUF_INIT(0);
	char path[160];
	long status;

	host_path(path, sizeof(path), token, action);
	if (csrf)
		buf_printf(&form, "csrf=%s&", csrf);
	buf_puts(&form, fields);
	{
		struct request rq = {
			.method = "POST",
			.path = path,
			.content_type = "application/x-www-form-urlencoded",
			.body = form.data,
		};

		status = client_send(c, &rq, r);
	}
	buf_free(&form);
	return status;
}

static int64_t rows(struct server *s, const char *q, int64_t id)
{
	return fixture_rows(s, q, id);
}

static void the_page_shows_the_plan_and_only_what_was_shared(void **state)
{
	struct server *s = *state;
	struct client *host = client_new(s);
	struct response r = RESPONSE_INIT;
	struct buf log = BUF_INIT(0);
	char token[64];

	issue(s, HARNESS_CASEWORKER, fx.internship, fx.contact, token);
	assert_int_equal(open_page(host, token, NULL, &r, NULL), 200);
	assert_true(response_has(&r, "Vera Værtspraktikant"));
	assert_true(response_has(&r, "Værtsfirma Test ApS"));
	assert_true(response_has(&r, "Optrapningsplan"));
	assert_true(response_has(&r, "<td class=\"\">4 t</td>"));
	assert_true(response_has(&r, "Undervisning"));
	assert_true(response_has(&r, SUPPORT));
	assert_true(response_has(&r, "Meld om ugen"));
	/* Works without JavaScript: no script at all. */
	assert_false(response_has(&r, "<script"));
	/* Nothing the citizen did not share, nothing of the record. */
	assert_false(response_has(&r, ALARMS));
	assert_false(response_has(&r, MAY_KNOW));
	assert_false(response_has(&r, fx.cpr));
	assert_false(response_has(&r, fx.cpr_digits));
	assert_false(response_has(&r, "Angst"));
	assert_false(response_has(&r, "ADHD"));
	assert_false(response_has(&r, "PTSD"));
	assert_false(response_has(&r, "Diagnose"));
	assert_false(response_has(&r, "Afklaring"));
	assert_false(response_has(&r, ABSENCE));
	assert_false(response_has(&r, "Til stede"));
	assert_false(response_has(&r, "fremmøde"));
	assert_false(response_has(&r, "Otto Andenpraktikant"));
	assert_string_equal(response_header(&r, "Referrer-Policy"),
			    "no-referrer");
	response_free(&r);
	/* Audited as the host. */
	assert_int_equal(
		rows(s,
		     "SELECT count(*) FROM audit WHERE action = "
		     "'participant.host_view' AND actor = 'vært: " CONTACT
		     "' AND actor_id IS NULL AND subject_id = ?1",
		     fx.pid),
		1);
	/* The print page, and the token never in the log. */
	assert_int_equal(open_page(host, token, "/print", &r, NULL), 200);
	assert_true(response_has(&r, "Det har I skrevet"));
	assert_false(response_has(&r, fx.cpr));
	response_free(&r);
	assert_true(
		harness_log_wait(s, "access GET /host/{token}/print", &log));
	assert_null(strstr(log.data, token));
	buf_free(&log);
	client_free(host);
}

static void alarms_and_the_companys_words_show_once_shared(void **state)
{
	struct server *s = *state;
	struct client *host = client_new(s);
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	char token[64], body[512], today[16];

	fixture_day_from_now(s, 0, today);
	snprintf(body, sizeof(body),
		 "{\"alarm_signals\": \"" ALARMS "\\nKommer for sent\", "
		 "\"host_may_know\": \"" MAY_KNOW "\", \"citizen_consent\": "
		 "true, \"citizen_signed_on\": \"%s\", \"share_support\": "
		 "false, \"share_alarms\": true, \"share_company\": true}",
		 today);
	assert_int_equal(fixture_step(c, fx.other, "agreement", body, NULL),
			 201);
	issue(s, HARNESS_CASEWORKER, fx.other_internship, fx.contact, token);
	assert_int_equal(open_page(host, token, NULL, &r, NULL), 200);
	assert_true(response_has(&r, "Otto Andenpraktikant"));
	assert_true(response_has(&r, ALARMS));
	assert_true(response_has(&r, MAY_KNOW));
	assert_true(response_has(&r, "name=\"alarm_1\""));
	assert_true(response_has(&r, "name=\"alarm_2\""));
	assert_false(response_has(&r, "Vera Værtspraktikant"));
	response_free(&r);
	client_free(c);
	client_free(host);
}

static void a_week_is_written_read_back_replaced_and_read_by_staff(void **state)
{
	struct server *s = *state;
	struct client *host = client_new(s);
	struct response r = RESPONSE_INIT;
	struct client *staff;
	char token[64], csrf[80], path[96];
	const cJSON *w;
	const char *loc;
	cJSON *j;

	issue(s, HARNESS_CONSULTANT, fx.internship, fx.contact, token);
	assert_int_equal(open_page(host, token, "?uge=1", &r, csrf), 200);
	assert_true(response_has(&r, "name=\"status_1\""));
	assert_true(response_has(&r, "name=\"status_3\""));
	assert_false(response_has(&r, "name=\"status_2\""));
	response_free(&r);
	assert_int_equal(post(host, token, "/feedback", csrf,
			      "week=1&status_1=as_planned&status_3=fewer_hours&"
			      "hours_3=120&status_4=absent&rating=4&"
			      "text=Godt+arbejde+med+lageret&call_me=1",
			      &r),
			 303);
	loc = response_header(&r, "Location");
	assert_non_null(loc);
	assert_non_null(strstr(loc, "gemt=1"));
	response_free(&r);
	assert_int_equal(open_page(host, token, "?uge=1&gemt=1", &r, NULL),
			 200);
	assert_true(response_has(&r, "Tak! Ugen er gemt."));
	assert_true(response_has(&r, "Godt arbejde med lageret"));
	assert_true(response_has(&r, "2 t af 4 t"));
	assert_true(response_has(&r, "Udeblevet uden besked"));
	assert_true(response_has(&r, "4 af 5"));
	assert_true(response_has(&r, "Bad om at blive ringet op."));
	response_free(&r);
	assert_int_equal(rows(s,
			      "SELECT count(*) FROM host_day WHERE "
			      "internship_id = ?1",
			      fx.internship),
			 3);
	assert_int_equal(rows(s,
			      "SELECT count(*) FROM audit WHERE action = "
			      "'participant.host_feedback' AND actor = 'vært: "
			      "" CONTACT "' AND subject_id = ?1",
			      fx.pid),
			 1);
	assert_int_equal(open_page(host, token, "/print", &r, NULL), 200);
	assert_true(response_has(&r, "Godt arbejde med lageret"));
	response_free(&r);

	/* Staff read it through the API, audited; a mentor may not. */
	staff = fixture_login(s, HARNESS_CASEWORKER);
	snprintf(path, sizeof(path), "/api/v1/internships/%lld/feedback",
		 (long long)fx.internship);
	assert_int_equal(client_api(staff, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "weeks")), 1);
	w = cJSON_GetArrayItem(harness_json_at(j, "weeks"), 0);
	assert_int_equal(harness_json_int(w, "week"), 1);
	assert_int_equal(harness_json_int(w, "rating"), 4);
	assert_string_equal(harness_json_string(w, "text"),
			    "Godt arbejde med lageret");
	assert_true(cJSON_IsTrue(harness_json_at(w, "call_me")));
	assert_int_equal(cJSON_GetArraySize(harness_json_at(w, "days")), 3);
	w = cJSON_GetArrayItem(harness_json_at(w, "days"), 1);
	assert_string_equal(harness_json_string(w, "status"), "fewer_hours");
	assert_int_equal(harness_json_int(w, "worked_minutes"), 120);
	assert_int_equal(harness_json_int(w, "planned_minutes"), 240);
	cJSON_Delete(j);
	response_free(&r);
	assert_true(rows(s, FIXTURE_AUDITED("participant.host_feedback_read"),
			 fx.pid) >= 1);
	client_free(staff);
	staff = fixture_login(s, HARNESS_MENTOR);
	assert_int_equal(client_api(staff, "GET", path, NULL, &r), 403);
	response_free(&r);
	client_free(staff);

	/* The same week again replaces it, its days with it. */
	assert_int_equal(open_page(host, token, "?uge=1", &r, csrf), 200);
	/* The form holds what the week said. */
	assert_true(response_has(&r, "Godt arbejde med lageret"));
	response_free(&r);
	assert_int_equal(post(host, token, "/feedback", csrf,
			      "week=1&status_1=sick&rating=2&text=", &r),
			 303);
	response_free(&r);
	assert_int_equal(rows(s,
			      "SELECT count(*) FROM host_day WHERE "
			      "internship_id = ?1",
			      fx.internship),
			 1);
	assert_int_equal(rows(s,
			      "SELECT count(*) FROM host_feedback WHERE "
			      "internship_id = ?1 AND rating = 2",
			      fx.internship),
			 1);
	client_free(host);
}

/* POSTs fields and expects status with nothing written. */
static void refused(struct server *s, struct client *host, const char *token,
		    const char *csrf, const char *fields, long status,
		    const char *says)
{
	struct response r = RESPONSE_INIT;
	int64_t feedback = rows(s, "SELECT count(*) FROM host_feedback", 0);
	int64_t days = rows(s, "SELECT count(*) FROM host_day", 0);

	if (post(host, token, "/feedback", csrf, fields, &r) != status)
		fail_msg("%s: %ld %s", fields, r.status, r.body.data);
	if (says && !response_has(&r, says))
		fail_msg("%s: does not say %s: %s", fields, says, r.body.data);
	response_free(&r);
	assert_int_equal(rows(s, "SELECT count(*) FROM host_feedback", 0),
			 feedback);
	assert_int_equal(rows(s, "SELECT count(*) FROM host_day", 0), days);
}

static void refusals_write_nothing(void **state)
{
	struct server *s = *state;
	struct client *host = client_new(s);
	struct response r = RESPONSE_INIT;
	char token[64], csrf[80], wrong[80];

	issue(s, HARNESS_CASEWORKER, fx.other_internship, fx.contact2, token);
	assert_int_equal(open_page(host, token, NULL, &r, csrf), 200);
	response_free(&r);
	/* The form's own token: none, or another. */
	refused(s, host, token, NULL, "week=2&status_1=as_planned&rating=3",
		403, "Formularen er udløbet");
	snprintf(wrong, sizeof(wrong), "%s", csrf);
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	refused(s, host, token, wrong, "week=2&status_1=as_planned&rating=3",
		403, NULL);
	/* A week not begun, a day not planned, fewer hours without hours,
	 * no rating, an alarm signal not offered, a text too long. */
	refused(s, host, token, csrf, "week=5&status_1=as_planned&rating=3",
		422, "Ugen er ikke begyndt endnu");
	refused(s, host, token, csrf, "week=2&status_2=as_planned&rating=3",
		422, "ikke en planlagt praktikdag");
	refused(s, host, token, csrf, "week=2&status_5=as_planned&rating=3",
		422, "ikke en planlagt praktikdag");
	refused(s, host, token, csrf, "week=2&status_6=as_planned&rating=3",
		422, "mandag til fredag");
	refused(s, host, token, csrf, "week=2&status_1=fewer_hours&rating=3",
		422, "hvor mange timer");
	refused(s, host, token, csrf,
		"week=2&status_1=fewer_hours&hours_1=240&rating=3", 422,
		"færre end planlagt");
	refused(s, host, token, csrf, "week=2&status_1=as_planned", 422, NULL);
	refused(s, host, token, csrf, "week=2&status_1=ukendt&rating=3", 422,
		NULL);
	refused(s, host, token, csrf,
		"week=2&status_1=as_planned&rating=3&alarm_9=1", 422,
		"alarmklokker");
	/* An unknown token. */
	refused(s, host, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", csrf,
		"week=2&status_1=as_planned&rating=3", 404, NULL);
	client_free(host);
}

static void the_link_expires_and_is_renewed_and_revoked(void **state)
{
	struct server *s = *state;
	struct client *host = client_new(s);
	struct client *staff = fixture_login(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	char token[64], fresh[64], csrf[80], path[128], body[64], id[24];
	int64_t link, feedback;
	const char *url;

	issue(s, HARNESS_CASEWORKER, fx.internship, fx.contact2, token);
	assert_int_equal(open_page(host, token, NULL, &r, csrf), 200);
	response_free(&r);

	/* The end moved back 31 days: expired, saying who to contact. */
	num(fx.internship, id);
	fixture_sql(s,
		    "UPDATE internship SET end_on = date('now', '-31 days'), "
		    "start_on = date('now', '-120 days') WHERE id = ?1",
		    id, NULL);
	assert_int_equal(open_page(host, token, NULL, &r, NULL), 410);
	assert_true(response_has(&r, "Linket virker ikke længere"));
	assert_true(response_has(&r, "udløb"));
	assert_true(response_has(&r, HARNESS_CONSULTANT));
	assert_false(response_has(&r, "Vera Værtspraktikant"));
	response_free(&r);
	feedback = rows(s, "SELECT count(*) FROM host_feedback", 0);
	assert_int_equal(post(host, token, "/feedback", csrf,
			      "week=1&status_1=as_planned&rating=3", &r),
			 410);
	response_free(&r);
	assert_int_equal(post(host, token, "/stop", csrf,
			      "on=2020-01-01&reason=Slut", &r),
			 410);
	response_free(&r);
	assert_int_equal(rows(s, "SELECT count(*) FROM host_feedback", 0),
			 feedback);
	/* Thirty days after: still open. */
	fixture_sql(s,
		    "UPDATE internship SET end_on = date('now', '-30 days') "
		    "WHERE id = "
		    "?1",
		    id, NULL);
	assert_int_equal(open_page(host, token, NULL, &r, NULL), 200);
	response_free(&r);
	/* Back to running; staff send a fresh one in one click. */
	fixture_sql(
		s,
		"UPDATE internship SET start_on = ?2, end_on = date(?2, '+74 "
		"days') WHERE id = ?1",
		id, fx.monday, NULL);
	snprintf(path, sizeof(path), "/internships/%lld/host-links",
		 (long long)fx.internship);
	snprintf(body, sizeof(body), "contact_id=%lld", (long long)fx.contact2);
	assert_int_equal(client_post(staff, path, body, &r), 200);
	assert_true(response_has(&r, "Nyt link til praktikværten"));
	url = strstr(r.body.data, "/host/");
	assert_non_null(url);
	snprintf(fresh, 44, "%s", url + 6);
	response_free(&r);
	assert_string_not_equal(fresh, token);
	/* The old one is closed, the new one works. */
	assert_int_equal(open_page(host, token, NULL, &r, NULL), 410);
	assert_true(response_has(&r, "lukket"));
	response_free(&r);
	assert_int_equal(open_page(host, fresh, NULL, &r, NULL), 200);
	response_free(&r);
	assert_int_equal(rows(s,
			      "SELECT count(*) FROM host_link WHERE "
			      "internship_id = ?1 AND revoked_at IS NULL",
			      fx.internship),
			 2); /* one per contact person */

	/* Revoked by staff. */
	link = harness_sql_int(s,
			       "SELECT id FROM host_link WHERE internship_id = "
			       "?1 AND contact_id = ?2 AND revoked_at IS NULL",
			       id, num(fx.contact2, body), NULL);
	snprintf(path, sizeof(path), "/internships/%lld/host-links/%lld/revoke",
		 (long long)fx.internship, (long long)link);
	assert_int_equal(client_post(staff, path, "", &r), 303);
	response_free(&r);
	assert_int_equal(client_post(staff, path, "", &r), 404);
	response_free(&r);
	assert_int_equal(open_page(host, fresh, NULL, &r, NULL), 410);
	response_free(&r);
	assert_true(rows(s, FIXTURE_AUDITED("participant.host_link_revoke"),
			 fx.pid) == 1);
	client_free(staff);
	client_free(host);
}

static void staff_routes_by_role(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	struct client *c;
	char path[96], body[64];
	static const struct {
		const char *email;
		long issue, feedback;
	} who[] = {
		{HARNESS_CASEWORKER, 201, 200}, {HARNESS_CONSULTANT, 201, 200},
		{HARNESS_LEADER, 201, 200},	{HARNESS_INSTRUCTOR, 403, 200},
		{HARNESS_MENTOR, 403, 403},	{HARNESS_ADMIN, 403, 403},
	};
	size_t k;

	snprintf(body, sizeof(body), "{\"contact_id\": %lld}",
		 (long long)fx.contact);
	for (k = 0; k < sizeof(who) / sizeof(who[0]); k++) {
		c = fixture_login(s, who[k].email);
		snprintf(path, sizeof(path),
			 "/api/v1/internships/%lld/host-links",
			 (long long)fx.other_internship);
		if (client_api(c, "POST", path, body, &r) != who[k].issue)
			fail_msg("%s issue: %ld", who[k].email, r.status);
		response_free(&r);
		snprintf(path, sizeof(path),
			 "/api/v1/internships/%lld/feedback",
			 (long long)fx.other_internship);
		if (client_api(c, "GET", path, NULL, &r) != who[k].feedback)
			fail_msg("%s feedback: %ld", who[k].email, r.status);
		response_free(&r);
		client_free(c);
	}
	/* A contact of no company of the internship; an unknown internship. */
	c = fixture_login(s, HARNESS_CASEWORKER);
	snprintf(path, sizeof(path), "/api/v1/internships/%lld/host-links",
		 (long long)fx.other_internship);
	assert_int_equal(
		client_api(c, "POST", path, "{\"contact_id\": 99999}", &r),
		422);
	response_free(&r);
	assert_int_equal(client_api(c, "POST", path, "{}", &r), 422);
	response_free(&r);
	assert_int_equal(client_api(c, "POST",
				    "/api/v1/internships/999999/host-links",
				    body, &r),
			 404);
	response_free(&r);
	assert_true(rows(s, FIXTURE_AUDITED("participant.host_link_issue"),
			 fx.other) >= 3);
	client_free(c);
}

static void the_host_stops_the_internship(void **state)
{
	struct server *s = *state;
	struct client *host = client_new(s);
	struct response r = RESPONSE_INIT;
	char token[64], csrf[80], fields[128], today[16], id[24];

	issue(s, HARNESS_CASEWORKER, fx.other_internship, fx.contact, token);
	assert_int_equal(open_page(host, token, NULL, &r, csrf), 200);
	assert_true(response_has(&r, "Meld praktikken stoppet"));
	response_free(&r);
	assert_int_equal(post(host, token, "/stop", csrf, "reason=", &r), 422);
	response_free(&r);
	fixture_day_from_now(s, 0, today);
	snprintf(fields, sizeof(fields),
		 "on=%s&reason=Vi+har+ikke+flere+opgaver", today);
	assert_int_equal(post(host, token, "/stop", csrf, fields, &r), 303);
	response_free(&r);
	num(fx.other_internship, id);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM internship "
					 "WHERE id = ?1 AND status = "
					 "'ended_early' AND ended_by = 'host'",
					 id, NULL),
			 1);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM "
					 "internship_status WHERE "
					 "internship_id = ?1 AND actor = "
					 "'vært: " CONTACT "'",
					 id, NULL),
			 1);
	assert_int_equal(open_page(host, token, "?stoppet=1", &r, NULL), 200);
	assert_true(response_has(&r, "Praktikken er afsluttet."));
	response_free(&r);
	client_free(host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			the_page_shows_the_plan_and_only_what_was_shared),
		cmocka_unit_test(
			alarms_and_the_companys_words_show_once_shared),
		cmocka_unit_test(
			a_week_is_written_read_back_replaced_and_read_by_staff),
		cmocka_unit_test(refusals_write_nothing),
		cmocka_unit_test(the_link_expires_and_is_renewed_and_revoked),
		cmocka_unit_test(staff_routes_by_role),
		cmocka_unit_test(the_host_stops_the_internship),
	};

	return cmocka_run_group_tests(tests, setup, harness_teardown);
}
