/*
 * HTTP tests of the internship's calendars: the employer feed of an
 * internship (its planned days with hours, the weekly teaching day and the
 * status meetings, read back by libical and by python3-icalendar, and
 * nothing of CPR, health or the agreement guide), SEQUENCE and stable
 * UIDs across changes, days after an early end shown cancelled, the
 * employer link's API and pages (made, read, renewed and revoked, audited,
 * stored as a hash, never logged) and who may have it, the participant's
 * feed with the internship's days and meetings, and the staff feeds of
 * those who follow the internship.
 */
#include "fixtures_cal.h"
#include "ics_read.h"

#include "db.h"
#include "form.h"
#include "holiday.h"
#include "internship.h"
#include "participant.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COHORT	"Praktikkalenderhold"
#define NAME	"Freja Praktiksen"
#define COMPANY "Værkstedet Nord ApS"
#define CONTACT "Hanne Kontaktsen"
/* In the agreement guide, which the feed must never show. */
#define PURPOSE "Afklare lagerarbejde trods angst"
#define ALARMS	"Trækker sig og svarer ikke"
#define WHO	"Freja, Hanne og virksomhedskonsulenten"

static struct {
	int64_t participant, company, contact, internship;
	date_t start, end;
	int teaching;	      /* the teaching weekday, 1..5 */
	date_t meeting_timed; /* week 1's status meeting, 10:00 */
	date_t meeting_open;  /* week 2's, no time */
	char cpr[12], host[64];
	char participant_token[48];
} t;

/* The minutes of the plan's first two weeks, Monday..Friday, with none on
 * the teaching day (set in setup). */
static int week1[5] = {180, 0, 180, 0, 0};
static int week2[5] = {210, 0, 240, 195, 0};

/* ---- Helpers ---- */

static void server_host(const struct server *s, char out[64])
{
	const char *h = strstr(s->base, "://") + 3;

	snprintf(out, 64, "%.*s", (int)strcspn(h, ":/"), h);
}

static void uid_of(char *out, size_t len, const char *what)
{
	snprintf(out, len, "internship-%lld-%s@%s", (long long)t.internship,
		 what, t.host);
}

static void day_uid(char *out, size_t len, date_t d, const char *prefix)
{
	int y, m, day;
	char what[40];

	date_to_civil(d, &y, &m, &day);
	snprintf(what, sizeof(what), "%s%04d%02d%02d", prefix, y, m, day);
	uid_of(out, len, what);
}

static void iso(date_t d, char out[16])
{
	date_format_iso(d, out);
}

/* "YYYY-MM-DDT00:00:00", python's reading of an all-day start. */
static void midnight(date_t d, char out[24])
{
	char day[16];

	iso(d, day);
	snprintf(out, 24, "%.10sT00:00:00", day);
}

/* The employer link of the internship through the API, as c: its https
 * path into path. */
static void employer_link(struct client *c, char *path, size_t len)
{
	struct response r = RESPONSE_INIT;
	char api[96];
	cJSON *j;

	snprintf(api, sizeof(api), "/api/v1/internships/%lld/calendar",
		 (long long)t.internship);
	assert_int_equal(client_api(c, "GET", api, NULL, &r), 200);
	j = response_json(&r);
	assert_non_null(harness_json_string(j, "https"));
	assert_non_null(harness_json_string(j, "webcal"));
	assert_true(strncmp(harness_json_string(j, "webcal"), "webcal://", 9) ==
		    0);
	fixture_cal_path(harness_json_string(j, "https"), path, len);
	cJSON_Delete(j);
	response_free(&r);
}

static int64_t sequence_now(struct server *s)
{
	char id[24];

	return harness_sql_int(s,
			       "SELECT sequence FROM internship WHERE id = ?1",
			       fixture_num(t.internship, id), NULL);
}

/* Nothing a host or a synced calendar must hold. */
static void expect_nothing_private(const struct response *r, bool own_name)
{
	static const char *const words[] = {
		"Praktiksen",
		PURPOSE,
		"angst",
		"Angst",
		ALARMS,
		"ADHD",
		"psykisk",
		"Psykisk",
		"diagnose",
		"Diagnose",
		"barriere",
		"Barriere",
		"mestringsforløb",
		"Mestringsforløb",
		COHORT,
		"Aftaleguide",
		"aftaleguide",
		"samtykke",
		NULL,
	};
	char digits[16];
	size_t i;

	for (i = 0; words[i]; i++)
		if (fixture_body_has(r, words[i]))
			fail_msg("the feed says \"%s\"", words[i]);
	if (!own_name && fixture_body_has(r, "Freja"))
		fail_msg("the feed names the citizen");
	assert_false(fixture_body_has(r, t.cpr));
	snprintf(digits, sizeof(digits), "%.6s%.4s", t.cpr, t.cpr + 7);
	assert_false(fixture_body_has(r, digits));
}

/* ---- Setup ---- */

static int setup(void **state)
{
	struct server *s;
	struct client *cw;
	struct response r = RESPONSE_INIT;
	struct actor consultant;
	struct db *w;
	char body[512], cvr[9] = "91300036";
	int d;

	if (harness_setup(state) != 0)
		return -1;
	s = *state;
	server_host(s, t.host);
	fixture_cpr(3, 4, 1990, 6121, t.cpr, NULL);
	t.participant = fixture_demo_participant(s, COHORT, NAME, t.cpr);
	/* An agreement guide whose words never leave the course. */
	cw = fixture_login(s, HARNESS_CASEWORKER);
	snprintf(body, sizeof(body),
		 "{\"purpose\": \"" PURPOSE "\", \"alarm_signals\": \"" ALARMS
		 "\", \"host_may_know\": \"Har brug for pauser\"}");
	assert_int_equal(fixture_step(cw, t.participant, "agreement", body, &r),
			 201);
	response_free(&r);
	client_free(cw);

	w = fixture_cal_db(s);
	consultant = fixture_cal_actor(s, HARNESS_CONSULTANT);
	t.company = fixture_cal_company(w, &consultant, COMPANY, cvr, CONTACT,
					&t.contact);
	t.internship = fixture_cal_internship(w, &consultant, t.participant,
					      t.company, t.contact);
	db_close(w);
	fixture_cal_dates(s, t.internship, &t.start, &t.end, &t.teaching);
	/* The plan never has hours on the teaching day. */
	for (d = 0; d < 5; d++)
		if (d + 1 == t.teaching)
			week1[d] = week2[d] = 0;
	/* Week 1's meeting on its Thursday (Tuesday when that teaches). */
	t.meeting_timed = date_add_days(date_monday(t.start),
					t.teaching == 4 ? 1 : 3);
	t.meeting_open = date_add_days(date_monday(t.start), 7 + 1);
	if (t.teaching == 2)
		t.meeting_open = date_add_days(t.meeting_open, 1);
	fixture_cal_week(s, t.internship, 1, week1, t.meeting_timed, 600, WHO);
	fixture_cal_week(s, t.internship, 2, week2, t.meeting_open, -1, "");
	fixture_cal_token("InternshipFeed_", t.participant_token);
	fixture_cal_link(s, "participant", t.participant, 0,
			 t.participant_token);
	return 0;
}

/* ---- The employer feed ---- */

/* The planned days of week (minutes m) from both parsers. */
static void expect_week(icalcomponent *cal, const cJSON *py, int week,
			const int m[5], int64_t seq)
{
	static const char *const hours[] = {"3 timer", "3½ timer", "4 timer",
					    "3 t 15 min"};
	static const int mins[] = {180, 210, 240, 195};
	char uid[160], start[24], end[24], want[64];
	const cJSON *pe;
	date_t d;
	int i, k;

	for (i = 0; i < 5; i++) {
		d = date_add_days(date_monday(t.start), 7 * (week - 1) + i);
		day_uid(uid, sizeof(uid), d, "");
		pe = ics_read_py_event(py, uid);
		if (m[i] == 0 || d < t.start || d > t.end) {
			assert_null(pe);
			continue;
		}
		assert_non_null(pe);
		for (k = 0; k < 4 && mins[k] != m[i]; k++)
			;
		assert_true(k < 4);
		snprintf(want, sizeof(want), "Praktik: %s", hours[k]);
		assert_string_equal(harness_json_string(pe, "summary"), want);
		midnight(d, start);
		midnight(date_add_days(d, 1), end);
		assert_string_equal(harness_json_string(pe, "start"), start);
		assert_string_equal(harness_json_string(pe, "end"), end);
		assert_null(harness_json_string(pe, "tzid"));
		assert_string_equal(harness_json_string(pe, "status"),
				    "CONFIRMED");
		assert_int_equal(harness_json_int(pe, "sequence"), seq);
		assert_non_null(ics_read_event(cal, uid));
		assert_string_equal(
			icalcomponent_get_summary(ics_read_event(cal, uid)),
			want);
	}
}

static void employer_feed_holds_the_plan(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	char path[160], uid[160], want[24], line[256];
	int64_t seq = sequence_now(s);
	int teaching = 0, n, planned = 0, i;
	icalcomponent *cal;
	const cJSON *pe;
	cJSON *py;
	date_t d;

	employer_link(c, path, sizeof(path));
	assert_int_equal(fixture_cal_feed(s, path, &r), 200);
	assert_string_equal(response_header(&r, "Content-Type"),
			    "text/calendar; charset=utf-8");
	assert_non_null(response_header(&r, "ETag"));
	py = ics_read_python(r.body.data, r.body.len);
	cal = ics_read_libical(r.body.data);
	assert_string_equal(harness_json_string(py, "name"),
			    "Praktikant: Freja");
	assert_string_equal(harness_json_string(py, "method"), "PUBLISH");
	n = cJSON_GetArraySize(cJSON_GetObjectItem(py, "events"));
	assert_int_equal(
		icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), n);

	/* The planned days, all-day with their hours. */
	expect_week(cal, py, 1, week1, seq);
	expect_week(cal, py, 2, week2, seq);
	for (i = 0; i < 5; i++)
		planned += (week1[i] > 0) + (week2[i] > 0);

	/* Every teaching weekday of the internship but public holidays. */
	for (d = t.start; d <= t.end; d = date_add_days(d, 1)) {
		day_uid(uid, sizeof(uid), d, "teaching-");
		pe = ics_read_py_event(py, uid);
		if (date_weekday(d) != t.teaching ||
		    holiday_is(d, false, NULL)) {
			assert_null(pe);
			continue;
		}
		assert_non_null(pe);
		teaching++;
		assert_true(strstr(harness_json_string(pe, "summary"),
				   ": undervisning") != NULL);
		assert_true(harness_json_string(pe, "summary")[0] >= 'A' &&
			    harness_json_string(pe, "summary")[0] <= 'Z');
		midnight(d, want);
		assert_string_equal(harness_json_string(pe, "start"), want);
		assert_null(harness_json_string(pe, "location"));
		assert_int_equal(harness_json_int(pe, "sequence"), seq);
	}
	assert_true(teaching >= 8);
	if (t.teaching == 5)
		assert_true(fixture_body_has(&r, "SUMMARY:Fredag: undervisning"
						 "\r\n"));

	/* Week 1's meeting at 10:00 for an hour, week 2's without a time. */
	uid_of(uid, sizeof(uid), "meeting-1");
	pe = ics_read_py_event(py, uid);
	assert_non_null(pe);
	assert_string_equal(harness_json_string(pe, "summary"),
			    "Statusmøde om praktikken");
	iso(t.meeting_timed, want);
	assert_true(strncmp(harness_json_string(pe, "start"), want, 10) == 0);
	assert_string_equal(harness_json_string(pe, "start") + 10, "T10:00:00");
	assert_string_equal(harness_json_string(pe, "end") + 10, "T11:00:00");
	assert_string_equal(harness_json_string(pe, "tzid"),
			    "Europe/Copenhagen");
	assert_string_equal(harness_json_string(pe, "location"),
			    "Industrivej 7, 8200 Aarhus N");
	assert_string_equal(harness_json_string(pe, "description"),
			    "Praktikant: Freja");
	/* Who takes part is free text: never in a feed. */
	assert_false(fixture_body_has(&r, "Hanne og"));
	uid_of(uid, sizeof(uid), "meeting-2");
	pe = ics_read_py_event(py, uid);
	assert_non_null(pe);
	assert_string_equal(harness_json_string(pe, "summary"),
			    "Statusmøde om praktikken – tidspunkt aftales");
	midnight(t.meeting_open, want);
	assert_string_equal(harness_json_string(pe, "start"), want);

	/* The bytes: all-day days shown free, the hours in the summary. */
	day_uid(uid, sizeof(uid), date_add_days(date_monday(t.start), 7), "");
	iso(date_add_days(date_monday(t.start), 7), want);
	snprintf(line, sizeof(line), "UID:%s\r\nDTSTAMP:", uid);
	assert_true(fixture_body_has(&r, line));
	snprintf(line, sizeof(line),
		 "DTSTART;VALUE=DATE:%.4s%.2s%.2s\r\nDTEND;VALUE=DATE:", want,
		 want + 5, want + 8);
	assert_true(fixture_body_has(&r, line));
	assert_true(fixture_body_has(&r, "TRANSP:TRANSPARENT\r\n"));
	assert_true(fixture_body_has(&r, "SUMMARY:Praktik: 3½ timer\r\n"));
	assert_true(fixture_body_has(&r, "SUMMARY:Praktik: 3 t 15 min\r\n"));
	snprintf(line, sizeof(line), "SEQUENCE:%lld\r\n", (long long)seq);
	assert_true(fixture_body_has(&r, line));
	if (getenv("FEEDS_INTERNSHIP_DUMP"))
		fwrite(r.body.data, 1, r.body.len, stderr);

	/* Nothing else: days, teaching days and two meetings. */
	assert_int_equal(n, planned + teaching + 2);
	/* The host knows the intern's first name, nothing more. */
	expect_nothing_private(&r, true);
	assert_false(fixture_body_has(&r, "Mit forløb"));
	icalcomponent_free(cal);
	cJSON_Delete(py);
	response_free(&r);
}

/* A change of the internship moves every event's SEQUENCE, and the UIDs
 * stay. */
static void changes_move_sequence_and_keep_uids(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	struct internship_input in = {0};
	struct form_invalid bad = {0};
	struct actor a = fixture_cal_actor(s, HARNESS_CONSULTANT);
	struct internship i;
	struct participant p;
	char path[160], uid[160], etag[64];
	int64_t before = sequence_now(s);
	icalcomponent *cal;
	const cJSON *pe;
	struct db *w;
	cJSON *py;

	employer_link(c, path, sizeof(path));
	assert_int_equal(fixture_cal_feed(s, path, &r), 200);
	snprintf(etag, sizeof(etag), "%s", response_header(&r, "ETag"));
	response_free(&r);

	w = fixture_cal_db(s);
	assert_int_equal(internship_get(w, &a, t.internship, &i, &p), 0);
	in.contact_id = -1;
	in.workplace_address = "Lagervej 3, 8200 Aarhus N";
	assert_int_equal(internship_update(w, &a, &p, &i, &in, NULL, &bad),
			 RESULT_OK);
	internship_free(&i);
	db_close(w);
	assert_int_equal(sequence_now(s), before + 1);

	assert_int_equal(fixture_cal_feed(s, path, &r), 200);
	assert_string_not_equal(response_header(&r, "ETag"), etag);
	py = ics_read_python(r.body.data, r.body.len);
	cal = ics_read_libical(r.body.data);
	expect_week(cal, py, 1, week1, before + 1);
	icalcomponent_free(cal);
	uid_of(uid, sizeof(uid), "meeting-1");
	pe = ics_read_py_event(py, uid);
	assert_non_null(pe);
	assert_int_equal(harness_json_int(pe, "sequence"), before + 1);
	assert_string_equal(harness_json_string(pe, "location"),
			    "Lagervej 3, 8200 Aarhus N");
	cJSON_Delete(py);
	response_free(&r);
}

/* Ended early: the planned days after the end stay a while, cancelled. */
static void days_after_an_early_end_are_cancelled(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT;
	char path[160], uid[160], id[24], end[16];
	date_t last = 0, stop;
	const cJSON *pe;
	cJSON *py;
	int i;

	/* The last planned day of week 2, and the day before it as the
	 * end (as internship_set_status writes an early end). */
	for (i = 4; i >= 0 && last == 0; i--)
		if (week2[i] > 0)
			last = date_add_days(date_monday(t.start), 7 + i);
	stop = date_add_days(last, -1);
	iso(stop, end);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE internship SET status = "
					  "'ended_early', ended_by = 'host', "
					  "end_on = ?2, sequence = sequence + "
					  "1, updated_at = strftime('%s', "
					  "'now') WHERE id = ?1",
					  fixture_num(t.internship, id), end,
					  NULL),
			 0);
	employer_link(c, path, sizeof(path));
	assert_int_equal(fixture_cal_feed(s, path, &r), 200);
	py = ics_read_python(r.body.data, r.body.len);
	day_uid(uid, sizeof(uid), last, "");
	pe = ics_read_py_event(py, uid);
	assert_non_null(pe);
	assert_string_equal(harness_json_string(pe, "status"), "CANCELLED");
	assert_true(strncmp(harness_json_string(pe, "summary"),
			    "Aflyst: ", 8) == 0);
	/* No teaching day after the end. */
	day_uid(uid, sizeof(uid), date_add_days(stop, 7), "teaching-");
	assert_null(ics_read_py_event(py, uid));
	cJSON_Delete(py);
	response_free(&r);
	/* Back as it was for the other tests. */
	iso(t.end, end);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE internship SET status = "
					  "'planned', ended_by = NULL, end_on "
					  "= ?2, sequence = sequence + 1, "
					  "updated_at = strftime('%s', 'now') "
					  "WHERE id = ?1",
					  id, end, NULL),
			 0);
}

/* ---- The employer link ---- */

static void employer_link_is_hashed_audited_and_revocable(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_CONSULTANT);
	struct response r = RESPONSE_INIT, unknown = RESPONSE_INIT;
	char path[160], again[160], api[96], tok[48], hex[65], id[24];
	char page[64];
	struct buf log = BUF_INIT(0);
	const char *token;

	employer_link(c, path, sizeof(path));
	/* The same link while it lives. */
	employer_link(c, again, sizeof(again));
	assert_string_equal(path, again);
	/* Stored as its hash and sealed, never as text. */
	token = path + strlen("/calendar/");
	snprintf(tok, sizeof(tok), "%.*s", (int)strcspn(token, "."), token);
	assert_int_equal(strlen(tok), 43);
	harness_token_hash_hex(tok, hex);
	fixture_num(t.internship, id);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM "
					 "calendar_subscription WHERE kind = "
					 "'employer' AND subject_id = ?1 AND "
					 "hex(token_hash) = upper(?2) AND "
					 "revoked_at IS NULL AND instr("
					 "token_enc, ?3) = 0",
					 id, hex, tok, NULL),
			 1);
	/* Made and read, in the citizen's audit log. */
	assert_true(fixture_rows(s, FIXTURE_AUDITED("calendar.create"),
				 t.participant) >= 1);
	assert_true(fixture_rows(s, FIXTURE_AUDITED("calendar.read"),
				 t.participant) >= 1);

	/* Revoked through the API: the feed answers as an unknown link. */
	snprintf(api, sizeof(api), "/api/v1/internships/%lld/calendar/revoke",
		 (long long)t.internship);
	assert_int_equal(client_api(c, "POST", api, "{}", &r), 200);
	assert_true(response_has(&r, "\"revoked\""));
	response_free(&r);
	assert_true(fixture_rows(s, FIXTURE_AUDITED("calendar.revoke"),
				 t.participant) >= 1);
	assert_int_equal(fixture_cal_feed(s, path, &r), 404);
	fixture_cal_token("Never-made-employer_", tok);
	assert_int_equal(fixture_cal_feed(s, tok, &unknown), 404);
	assert_int_equal(r.body.len, unknown.body.len);
	assert_memory_equal(r.body.data, unknown.body.data, r.body.len);
	response_free(&r);
	response_free(&unknown);

	/* The page says it is revoked and offers a new one. */
	snprintf(page, sizeof(page), "/internships/%lld/calendar",
		 (long long)t.internship);
	assert_int_equal(client_get(c, page, &r), 200);
	assert_true(response_has(&r, "tilbagekaldt"));
	assert_false(response_has(&r, "/calendar/"));
	response_free(&r);
	assert_int_equal(client_post(c, page, "", &r), 303);
	assert_non_null(strstr(response_header(&r, "Location"), "?ny=1"));
	response_free(&r);
	snprintf(api, sizeof(api), "%s?ny=1", page);
	assert_int_equal(client_get(c, api, &r), 200);
	assert_true(response_has(&r, "Der er lavet et nyt link"));
	assert_true(response_has(&r, "<svg class=\"qr\""));
	assert_true(response_has(&r, COMPANY));
	assert_false(response_has(&r, path));
	response_free(&r);
	employer_link(c, again, sizeof(again));
	assert_string_not_equal(path, again);
	assert_int_equal(fixture_cal_feed(s, again, &r), 200);
	response_free(&r);
	assert_int_equal(fixture_cal_feed(s, path, &r), 404);
	response_free(&r);

	/* Revoked on the page; the API makes a working one again. */
	snprintf(api, sizeof(api), "%s/revoke", page);
	assert_int_equal(client_post(c, api, "", &r), 303);
	response_free(&r);
	assert_int_equal(fixture_cal_feed(s, again, &r), 404);
	response_free(&r);
	employer_link(c, path, sizeof(path));
	assert_string_not_equal(path, again);
	assert_int_equal(fixture_cal_feed(s, path, &r), 200);
	response_free(&r);

	/* The access log names the route, never a token. */
	assert_true(harness_log_wait(s, "/calendar/{token} 404", &log));
	assert_null(strstr(log.data, path + strlen("/calendar/")));
	assert_null(strstr(log.data, again + strlen("/calendar/")));
	buf_free(&log);
}

static void who_may_have_the_employer_link(void **state)
{
	struct server *s = *state;
	static const struct {
		const char *email;
		long api, page;
	} cases[] = {
		{HARNESS_CONSULTANT, 200, 200},
		{HARNESS_CASEWORKER, 200, 200}, /* her own citizen */
		{HARNESS_LEADER, 200, 200},
		{HARNESS_INSTRUCTOR, 403, 403}, /* not a writer's role */
		{HARNESS_MENTOR, 403, 403},
		{HARNESS_ADMIN, 403, 403},
		/* Another job centre: the internship is not there. */
		{"sagsbehandler.odense@demo.invalid", 404, 404},
	};
	struct response r = RESPONSE_INIT;
	char api[96], page[96], rotate[112];
	size_t i;

	snprintf(api, sizeof(api), "/api/v1/internships/%lld/calendar",
		 (long long)t.internship);
	snprintf(page, sizeof(page), "/internships/%lld/calendar",
		 (long long)t.internship);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct client *c = fixture_as(s, cases[i].email);

		if (client_api(c, "GET", api, NULL, &r) != cases[i].api)
			fail_msg("%s: GET %s: %ld", cases[i].email, api,
				 r.status);
		if (cases[i].api == 200)
			assert_true(response_has(&r, "\"https\""));
		else
			assert_false(response_has(&r, "/calendar/"));
		response_free(&r);
		if (client_get(c, page, &r) != cases[i].page)
			fail_msg("%s: GET %s: %ld", cases[i].email, page,
				 r.status);
		response_free(&r);
		if (cases[i].api != 200) {
			snprintf(rotate, sizeof(rotate), "%s/rotate", api);
			assert_int_equal(
				client_api(c, "POST", rotate, "{}", &r),
				cases[i].api);
			response_free(&r);
		}
	}
	/* Without a session: the API says 401. */
	{
		struct client *anon = client_new(s);

		assert_int_equal(client_api(anon, "GET", api, NULL, &r), 401);
		response_free(&r);
		client_free(anon);
	}
}

/* ---- The participant's and staff's feeds ---- */

static void participant_feed_has_internship_days_and_meetings(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char uid[160], want[160];
	const cJSON *pe;
	cJSON *py;
	int i;

	assert_int_equal(fixture_cal_feed(s, t.participant_token, &r), 200);
	py = ics_read_python(r.body.data, r.body.len);
	assert_string_equal(harness_json_string(py, "name"), "Mit forløb");
	for (i = 0; i < 5; i++) {
		date_t d = date_add_days(date_monday(t.start), i);

		day_uid(uid, sizeof(uid), d, "");
		pe = ics_read_py_event(py, uid);
		if (week1[i] == 0 || d < t.start) {
			assert_null(pe);
			continue;
		}
		assert_non_null(pe);
		assert_string_equal(harness_json_string(pe, "summary"),
				    "Praktik hos " COMPANY ": 3 timer");
		midnight(d, want);
		assert_string_equal(harness_json_string(pe, "start"), want);
	}
	uid_of(uid, sizeof(uid), "meeting-1");
	pe = ics_read_py_event(py, uid);
	assert_non_null(pe);
	assert_string_equal(harness_json_string(pe, "summary"),
			    "Statusmøde om praktikken");
	assert_string_equal(harness_json_string(pe, "start") + 10, "T10:00:00");
	/* The employer's teaching days are not hers: her course days are. */
	assert_false(fixture_body_has(&r, "teaching-"));
	/* The participant feed's rules hold: not even her own name. */
	expect_nothing_private(&r, false);
	assert_false(fixture_body_has(&r, CONTACT "\r\n"));
	cJSON_Delete(py);
	response_free(&r);
}

static void staff_feeds_hold_the_meetings_they_follow(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t consultant = harness_user_id(s, HARNESS_CONSULTANT);
	int64_t instructor = harness_user_id(s, HARNESS_INSTRUCTOR);
	int64_t other, cohort;
	char tok[48], uid[160], a[24], b[24], want[160];
	const cJSON *pe;
	cJSON *py;

	/* The consultant made the internship. */
	fixture_cal_token("StaffMeetings_", tok);
	fixture_cal_link(s, "staff", consultant, consultant, tok);
	assert_int_equal(fixture_cal_feed(s, tok, &r), 200);
	py = ics_read_python(r.body.data, r.body.len);
	uid_of(uid, sizeof(uid), "meeting-1");
	pe = ics_read_py_event(py, uid);
	assert_non_null(pe);
	assert_string_equal(harness_json_string(pe, "summary"),
			    "Statusmøde i praktik hos " COMPANY);
	snprintf(want, sizeof(want), "/internships/%lld",
		 (long long)t.internship);
	assert_non_null(strstr(harness_json_string(pe, "description"), want));
	uid_of(uid, sizeof(uid), "meeting-2");
	assert_non_null(ics_read_py_event(py, uid));
	/* Never the citizen, nor who takes part (it may name her). */
	expect_nothing_private(&r, false);
	assert_false(fixture_body_has(&r, "Hanne og"));
	/* No planned days in a staff feed. */
	day_uid(uid, sizeof(uid), t.meeting_timed, "");
	assert_false(fixture_body_has(&r, uid));
	cJSON_Delete(py);
	response_free(&r);

	/* A consultant on the cohort's staff follows it too. */
	other = harness_add_user(s, "konsulent.kalender@demo.invalid",
				 "consultant");
	cohort = harness_sql_int(s,
				 "SELECT cohort_id FROM participant WHERE id "
				 "= ?1",
				 fixture_num(t.participant, a), NULL);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "INSERT INTO cohort_staff VALUES "
					  "(?1, ?2, 'consultant')",
					  fixture_num(cohort, a),
					  fixture_num(other, b), NULL),
			 0);
	fixture_cal_token("OtherConsultant_", tok);
	fixture_cal_link(s, "staff", other, other, tok);
	assert_int_equal(fixture_cal_feed(s, tok, &r), 200);
	uid_of(uid, sizeof(uid), "meeting-1");
	assert_true(fixture_body_has(&r, uid));
	response_free(&r);

	/* The instructor follows no internship. */
	fixture_cal_token("InstructorStaff_", tok);
	fixture_cal_link(s, "staff", instructor, instructor, tok);
	assert_int_equal(fixture_cal_feed(s, tok, &r), 200);
	assert_false(fixture_body_has(&r, uid));
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(employer_feed_holds_the_plan),
		cmocka_unit_test(changes_move_sequence_and_keep_uids),
		cmocka_unit_test(days_after_an_early_end_are_cancelled),
		cmocka_unit_test(employer_link_is_hashed_audited_and_revocable),
		cmocka_unit_test(who_may_have_the_employer_link),
		cmocka_unit_test(
			participant_feed_has_internship_days_and_meetings),
		cmocka_unit_test(staff_feeds_hold_the_meetings_they_follow),
	};

	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
