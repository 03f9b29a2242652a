/*
 * HTTP tests of the calendar feeds (GET and HEAD /calendar/{token}): a
 * participant's feed read by libical and by python3-icalendar and compared
 * with the rows, cancelled days, the daylight-saving changeovers,
 * conditional requests, HEAD, unknown and revoked links, byte-identical
 * answers, and what a feed must never say.
 */
#include "fixtures.h"
#include "fixtures_cal.h"
#include "ics_read.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define COHORT "Feedholdet"
#define NAME   "Freja Feedsen"
#define OTHER  "Gustav Andenmand"
#define NOTES  "Fortalte om angst og ADHD"

/* What the tests share: one participant on one cohort, and her link. */
static int64_t cohort_id, participant_id, other_id, day_spring, day_autumn;
static char token[48];

/* ---- Links ---- */

static long get_feed(struct server *s, const char *tok, const char *method,
		     const char *h1, const char *h2, struct response *r)
{
	struct client *c = client_new(s);
	char path[128];
	struct request rq = {0};
	long status;

	snprintf(path, sizeof(path), "/calendar/%s", tok);
	rq.method = method;
	rq.path = path;
	rq.headers[0] = h1;
	rq.headers[1] = h1 ? h2 : NULL;
	status = client_send(c, &rq, r);
	client_free(c);
	return status;
}

/* ---- Reading a feed back ---- */

static icalcomponent *parse_libical(const struct response *r)
{
	return ics_read_libical(r->body.data);
}

static icalcomponent *find_event(icalcomponent *cal, const char *uid)
{
	return ics_read_event(cal, uid);
}

static cJSON *parse_python(const struct response *r)
{
	return ics_read_python(r->body.data, r->body.len);
}

static const cJSON *py_event(const cJSON *root, const char *uid)
{
	return ics_read_py_event(root, uid);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the lines of text (changed in place) and joins them again into
 * out. */
static void sorted_lines(char *text, struct buf *out)
{
	char *lines[512], *save = NULL, *l;
	size_t n = 0, i;

	for (l = strtok_r(text, "\n", &save); l && n < 512;
	     l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	qsort(lines, n, sizeof(lines[0]), cmp_str);
	buf_reset(out);
	for (i = 0; i < n; i++)
		buf_printf(out, "%s\n", lines[i]);
}

/* "day-1|2026-03-29T09:00:00|LOCATION|STATUS" per event, as the
 * independent parser read them, sorted; the UID's host must be host. */
static void python_lines(const cJSON *py, const char *host, struct buf *out)
{
	struct buf all = BUF_INIT(0);
	const cJSON *ev;

	cJSON_ArrayForEach(ev, cJSON_GetObjectItem(py, "events"))
	{
		const char *uid = harness_json_string(ev, "uid");
		const char *at = strchr(uid, '@');
		const char *loc = harness_json_string(ev, "location");

		assert_non_null(at);
		assert_string_equal(at + 1, host);
		assert_string_equal(harness_json_string(ev, "tzid"),
				    "Europe/Copenhagen");
		buf_printf(&all, "%.*s|%s|%s|%s\n", (int)(at - uid), uid,
			   harness_json_string(ev, "start"), loc ? loc : "",
			   harness_json_string(ev, "status"));
	}
	sorted_lines(all.data, out);
	buf_free(&all);
}

/* The same lines from the database: the participant's course days (not
 * cancelled long ago) and her talks. */
static void database_lines(struct server *s, struct buf *out)
{
	char text[16384], pid[24];

	harness_sql_text(
		s, text, sizeof(text),
		"SELECT group_concat(x, char(10)) FROM (SELECT 'day-' || d.id "
		"|| '|' || d.date || 'T' || printf('%02d:%02d:00', "
		"d.start_min / 60, d.start_min % 60) || '|' || c.venue_name || "
		"', ' || c.venue_address || '|' || CASE d.status WHEN "
		"'cancelled' THEN 'CANCELLED' ELSE 'CONFIRMED' END AS x FROM "
		"participant p JOIN cohort c ON c.id = p.cohort_id JOIN "
		"course_day d ON d.cohort_id = c.id WHERE p.id = ?1 AND "
		"(d.status != 'cancelled' OR d.updated_at > strftime('%s', "
		"'now') - 30 * 86400) UNION ALL SELECT 'talk-' || t.id || '|' "
		"|| t.date || 'T' || printf('%02d:%02d:00', t.start_min / 60, "
		"t.start_min % 60) || '|' || t.place || '|' || CASE t.status "
		"WHEN 'cancelled' THEN 'CANCELLED' ELSE 'CONFIRMED' END FROM "
		"prep_talk t WHERE t.participant_id = ?1)",
		fixture_num(participant_id, pid), NULL);
	assert_true(strlen(text) < sizeof(text) - 1);
	sorted_lines(text, out);
}

/* The host part of the server's address, "127.0.0.1". */
static void server_host(const struct server *s, char out[64])
{
	const char *h = strstr(s->base, "://") + 3;

	snprintf(out, 64, "%.*s", (int)strcspn(h, ":/"), h);
}

static void expect_no_secrets(const struct response *r, const char *cpr)
{
	static const char *const words[] = {
		NAME,
		"Freja",
		OTHER,
		"Gustav",
		NOTES,
		"angst",
		"ADHD",
		"psykisk",
		"Psykisk",
		"mestringsforløb",
		"Mestringsforløb",
		"Sofie Nielsen",
		"Lokalet er optaget",
		NULL,
	};
	char digits[16];
	size_t i;

	for (i = 0; words[i]; i++)
		if (fixture_body_has(r, words[i]))
			fail_msg("the feed says \"%s\"", words[i]);
	assert_false(fixture_body_has(r, cpr));
	snprintf(digits, sizeof(digits), "%.6s%.4s", cpr, cpr + 7);
	assert_false(fixture_body_has(r, digits));
}

/* ---- Setup ---- */

static char cpr_main[12], cpr_other[12];

static int feeds_setup(void **state)
{
	struct server *s;
	struct client *cw;
	char id[24], day[16], body[512];
	long status;
	struct response r = RESPONSE_INIT;

	if (harness_setup(state) != 0)
		return -1;
	s = *state;
	cohort_id = fixture_new_cohort(s, COHORT, 3, NULL, true);
	cw = fixture_login(s, HARNESS_CASEWORKER);
	fixture_cpr(14, 2, 1994, 5121, cpr_main, NULL);
	fixture_cpr(15, 2, 1994, 5131, cpr_other, NULL);
	participant_id = fixture_refer(cw, cohort_id, NAME, cpr_main, NULL);
	other_id = fixture_refer(cw, cohort_id, OTHER, cpr_other, NULL);
	/* Admitted, not started: every day of the cohort is hers. */
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE participant SET status = "
					  "'admitted' WHERE id IN (?1, ?2)",
					  fixture_num(participant_id, id),
					  fixture_num(other_id, body), NULL),
			 0);
	/* Two days on the changeovers of 2026, added as a leader would. */
	assert_int_equal(
		harness_sql_exec(s, NULL, 0,
				 "INSERT INTO course_day (cohort_id, date, "
				 "start_min, end_min, kind, generated, "
				 "created_at, updated_at) VALUES (?1, "
				 "'2026-03-29', 540, 900, 'teaching', 0, "
				 "1770000000, 1770000000), (?1, '2026-10-25', "
				 "540, 900, 'weekly_teaching', 0, 1770000000, "
				 "1770000000)",
				 fixture_num(cohort_id, id), NULL),
		0);
	day_spring = harness_sql_int(s,
				     "SELECT id FROM course_day WHERE "
				     "cohort_id = ?1 AND date = '2026-03-29'",
				     id, NULL);
	day_autumn = harness_sql_int(s,
				     "SELECT id FROM course_day WHERE "
				     "cohort_id = ?1 AND date = '2026-10-25'",
				     id, NULL);
	/* Her talks: one planned, one held with notes; the other's too. */
	fixture_day_from_now(s, 10, day);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", \"start_time\": "
		 "\"10:00\", \"end_time\": \"11:00\", \"place\": "
		 "\"Jobcentret, lokale 4\"}",
		 day);
	status = fixture_step(cw, participant_id, "talks", body, &r);
	assert_int_equal(status, 201);
	response_free(&r);
	fixture_day_from_now(s, -5, day);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", \"start_time\": "
		 "\"13:00\", \"end_time\": \"13:45\", \"notes\": \"" NOTES
		 "\"}",
		 day);
	assert_int_equal(fixture_step(cw, participant_id, "talks", body, &r),
			 201);
	response_free(&r);
	assert_int_equal(fixture_step(cw, other_id, "talks", body, &r), 201);
	response_free(&r);
	client_free(cw);
	fixture_cal_token("FeedTest_token-", token);
	fixture_cal_link(s, "participant", participant_id, 0, token);
	return 0;
}

/* ---- Tests ---- */

static void participant_feed_matches_the_database(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	struct buf want = BUF_INIT(0), got = BUF_INIT(0);
	char host[64], uid[96], path[96];
	icalcomponent *cal, *ev;
	const cJSON *pe;
	cJSON *py;
	int n = 0;

	assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &r), 200);
	assert_string_equal(response_header(&r, "Content-Type"),
			    "text/calendar; charset=utf-8");
	assert_string_equal(response_header(&r, "Cache-Control"),
			    "max-age=300");
	assert_int_equal(strlen(response_header(&r, "ETag")), 34);
	assert_int_equal(response_header(&r, "ETag")[0], '"');
	assert_non_null(strstr(response_header(&r, "Last-Modified"), " GMT"));
	assert_null(response_header(&r, "Set-Cookie"));
	assert_true(strncmp(r.body.data, "BEGIN:VCALENDAR\r\n", 17) == 0);

	server_host(s, host);
	py = parse_python(&r);
	assert_string_equal(harness_json_string(py, "name"), "Mit forløb");
	assert_string_equal(harness_json_string(py, "method"), "PUBLISH");
	python_lines(py, host, &got);
	database_lines(s, &want);
	assert_string_equal(got.data, want.data);
	/* A whole course: the plan's days, the two added ones, two talks. */
	n = cJSON_GetArraySize(cJSON_GetObjectItem(py, "events"));
	assert_true(n > 20);

	/* libical reads the same events, start for start. */
	cal = parse_libical(&r);
	assert_int_equal(
		icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), n);
	cJSON_ArrayForEach(pe, cJSON_GetObjectItem(py, "events"))
	{
		struct icaltimetype t;
		char local[24];

		ev = find_event(cal, harness_json_string(pe, "uid"));
		assert_non_null(ev);
		t = icalcomponent_get_dtstart(ev);
		snprintf(local, sizeof(local), "%04d-%02d-%02dT%02d:%02d:%02d",
			 t.year, t.month, t.day, t.hour, t.minute, t.second);
		assert_string_equal(local, harness_json_string(pe, "start"));
		assert_string_equal(icalcomponent_get_summary(ev),
				    harness_json_string(pe, "summary"));
	}
	/* Talks say who with, never what was said. */
	snprintf(path, sizeof(path), "talk-%lld@%s",
		 (long long)harness_sql_int(s,
					    "SELECT min(id) FROM prep_talk "
					    "WHERE participant_id = ?1",
					    fixture_num(participant_id, uid),
					    NULL),
		 host);
	ev = find_event(cal, path);
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Samtale med sagsbehandler");
	expect_no_secrets(&r, cpr_main);
	assert_false(fixture_body_has(&r, cpr_other));
	icalcomponent_free(cal);
	cJSON_Delete(py);
	buf_free(&want);
	buf_free(&got);
	response_free(&r);
}

/* Both parsers: uid starts at 09:00 Copenhagen time, which is utc. */
static void expect_nine(icalcomponent *cal, const cJSON *py, int64_t day,
			const char *host, const char *local, const char *utc)
{
	char uid[96], got[24];
	icalcomponent *ev;
	icalproperty *p;
	icaltimezone *zone = icalcomponent_get_timezone(cal,
							"Europe/Copenhagen");
	struct icaltimetype t, u;
	const cJSON *pe;

	snprintf(uid, sizeof(uid), "day-%lld@%s", (long long)day, host);
	ev = find_event(cal, uid);
	assert_non_null(ev);
	assert_non_null(zone);
	p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	assert_string_equal(
		icalparameter_get_tzid(icalproperty_get_first_parameter(
			p, ICAL_TZID_PARAMETER)),
		"Europe/Copenhagen");
	t = icalproperty_get_dtstart(p);
	snprintf(got, sizeof(got), "%04d-%02d-%02dT%02d:%02d:%02d", t.year,
		 t.month, t.day, t.hour, t.minute, t.second);
	assert_string_equal(got, local);
	/* Through the feed's own VTIMEZONE. */
	u = icaltime_from_timet_with_zone(icaltime_as_timet_with_zone(t, zone),
					  0, icaltimezone_get_utc_timezone());
	snprintf(got, sizeof(got), "%04d%02d%02dT%02d%02d%02dZ", u.year,
		 u.month, u.day, u.hour, u.minute, u.second);
	assert_string_equal(got, utc);
	pe = py_event(py, uid);
	assert_non_null(pe);
	assert_string_equal(harness_json_string(pe, "start"), local);
	assert_string_equal(harness_json_string(pe, "start_utc"), utc);
}

static void days_on_the_changeovers_keep_local_time(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	icalcomponent *cal;
	char host[64];
	cJSON *py;

	assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &r), 200);
	server_host(s, host);
	cal = parse_libical(&r);
	py = parse_python(&r);
	expect_nine(cal, py, day_spring, host, "2026-03-29T09:00:00",
		    "20260329T070000Z");
	expect_nine(cal, py, day_autumn, host, "2026-10-25T09:00:00",
		    "20261025T080000Z");
	assert_true(fixture_body_has(&r, "DTSTART;TZID=Europe/Copenhagen:"
					 "20261025T090000\r\n"));
	icalcomponent_free(cal);
	cJSON_Delete(py);
	response_free(&r);
}

static void unchanged_schedule_gives_identical_bytes(void **state)
{
	struct server *s = *state;
	struct response a = RESPONSE_INIT, b = RESPONSE_INIT;

	assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &a), 200);
	assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &b), 200);
	assert_int_equal(a.body.len, b.body.len);
	assert_memory_equal(a.body.data, b.body.data, a.body.len);
	assert_string_equal(response_header(&a, "ETag"),
			    response_header(&b, "ETag"));
	assert_string_equal(response_header(&a, "Last-Modified"),
			    response_header(&b, "Last-Modified"));
	/* ".ics" on the end is the same feed. */
	response_free(&b);
	{
		char ics[64];

		snprintf(ics, sizeof(ics), "%s.ics", token);
		assert_int_equal(get_feed(s, ics, NULL, NULL, NULL, &b), 200);
	}
	assert_string_equal(response_header(&a, "ETag"),
			    response_header(&b, "ETag"));
	response_free(&a);
	response_free(&b);
}

/* The server keeps rendered feeds per thread: a change written by another
 * process (here the test's own connection) must show at once, on every
 * thread, and so must a change in the server's own writer. */
static void changes_show_at_once_on_every_request(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char id[24], want[96];
	int i;

	for (i = 0; i < 12; i++) {
		assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &r), 200);
		response_free(&r);
	}
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE course_day SET start_min = "
					  "555, updated_at = updated_at + 1 "
					  "WHERE id = ?1",
					  fixture_num(day_spring, id), NULL),
			 0);
	snprintf(want, sizeof(want),
		 "DTSTART;TZID=Europe/Copenhagen:20260329T091500\r\n");
	for (i = 0; i < 12; i++) {
		assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &r), 200);
		assert_true(fixture_body_has(&r, want));
		response_free(&r);
	}
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE course_day SET start_min = "
					  "540, updated_at = updated_at - 1 "
					  "WHERE id = ?1",
					  id, NULL),
			 0);
	for (i = 0; i < 12; i++) {
		assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &r), 200);
		assert_false(fixture_body_has(&r, want));
		response_free(&r);
	}
}

static void conditional_requests_answer_304(void **state)
{
	struct server *s = *state;
	struct client *leader = fixture_as(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char etag[64], lm[64], inm[128], ims[128], weak[128], path[64];
	char cid[24];
	int64_t day;

	assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &r), 200);
	snprintf(etag, sizeof(etag), "%s", response_header(&r, "ETag"));
	snprintf(lm, sizeof(lm), "%s", response_header(&r, "Last-Modified"));
	response_free(&r);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	snprintf(ims, sizeof(ims), "If-Modified-Since: %s", lm);

	/* If-None-Match: 304 with both validators and no body. */
	assert_int_equal(get_feed(s, token, NULL, inm, NULL, &r), 304);
	assert_string_equal(response_header(&r, "ETag"), etag);
	assert_string_equal(response_header(&r, "Last-Modified"), lm);
	assert_non_null(
		strstr(response_header(&r, "Cache-Control"), "max-age=300"));
	assert_int_equal(r.body.len, 0);
	response_free(&r);
	snprintf(weak, sizeof(weak), "If-None-Match: \"x\", W/%s", etag);
	assert_int_equal(get_feed(s, token, NULL, weak, NULL, &r), 304);
	response_free(&r);
	assert_int_equal(get_feed(s, token, NULL, "If-None-Match: *", NULL, &r),
			 304);
	response_free(&r);

	/* If-Modified-Since alone. */
	assert_int_equal(get_feed(s, token, NULL, ims, NULL, &r), 304);
	assert_string_equal(response_header(&r, "ETag"), etag);
	assert_string_equal(response_header(&r, "Last-Modified"), lm);
	response_free(&r);
	assert_int_equal(get_feed(s, token, NULL,
				  "If-Modified-Since: Thu, 01 Jan 2015 "
				  "00:00:00 GMT",
				  NULL, &r),
			 200);
	response_free(&r);
	/* A date that is not one is ignored. */
	assert_int_equal(
		get_feed(s, token, NULL, "If-Modified-Since: gisp", NULL, &r),
		200);
	response_free(&r);

	/* If-None-Match decides before If-Modified-Since. */
	assert_int_equal(
		get_feed(s, token, NULL, "If-None-Match: \"other\"", ims, &r),
		200);
	assert_true(r.body.len > 0);
	response_free(&r);

	/* The schedule changes: the old ETag gets the new feed. */
	day = harness_sql_int(s,
			      "SELECT id FROM course_day WHERE cohort_id = ?1 "
			      "AND generated = 1 AND status = 'planned' AND "
			      "date > date('now') ORDER BY date DESC LIMIT 1",
			      fixture_num(cohort_id, cid), NULL);
	assert_true(day > 0);
	snprintf(path, sizeof(path), "/api/v1/days/%lld", (long long)day);
	assert_int_equal(client_api(leader, "PATCH", path,
				    "{\"start\": \"10:00\", \"reason\": "
				    "\"Lokalet er optaget\"}",
				    &r),
			 200);
	response_free(&r);
	assert_int_equal(get_feed(s, token, NULL, inm, NULL, &r), 200);
	assert_string_not_equal(response_header(&r, "ETag"), etag);
	assert_true(r.body.len > 0);
	response_free(&r);
}

static void head_has_headers_and_no_body(void **state)
{
	struct server *s = *state;
	struct response g = RESPONSE_INIT, h = RESPONSE_INIT;
	char len[32];

	assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &g), 200);
	assert_int_equal(get_feed(s, token, "HEAD", NULL, NULL, &h), 200);
	assert_int_equal(h.body.len, 0);
	snprintf(len, sizeof(len), "%zu", g.body.len);
	assert_string_equal(response_header(&h, "Content-Length"), len);
	assert_string_equal(response_header(&h, "ETag"),
			    response_header(&g, "ETag"));
	assert_string_equal(response_header(&h, "Last-Modified"),
			    response_header(&g, "Last-Modified"));
	assert_string_equal(response_header(&h, "Content-Type"),
			    "text/calendar; charset=utf-8");
	response_free(&g);
	response_free(&h);
}

static void cancelled_day_shows_then_leaves(void **state)
{
	struct server *s = *state;
	struct client *leader = fixture_as(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char cid[24], did[24], path[64], uid[96], host[64];
	icalcomponent *cal, *ev;
	int64_t day, seq;
	cJSON *py;
	const cJSON *pe;

	day = harness_sql_int(s,
			      "SELECT id FROM course_day WHERE cohort_id = ?1 "
			      "AND generated = 1 AND status = 'planned' AND "
			      "date > date('now') ORDER BY date LIMIT 1",
			      fixture_num(cohort_id, cid), NULL);
	assert_true(day > 0);
	seq = harness_sql_int(s,
			      "SELECT sequence FROM course_day WHERE id = ?1",
			      fixture_num(day, did), NULL);
	snprintf(path, sizeof(path), "/api/v1/days/%lld", (long long)day);
	assert_int_equal(
		client_api(leader, "PATCH", path,
			   "{\"status\": \"cancelled\", "
			   "\"cancel_reason\": \"Lokalet er optaget\"}",
			   &r),
		200);
	response_free(&r);

	assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &r), 200);
	server_host(s, host);
	snprintf(uid, sizeof(uid), "day-%lld@%s", (long long)day, host);
	cal = parse_libical(&r);
	ev = find_event(cal, uid);
	assert_non_null(ev);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), seq + 1);
	assert_int_equal(icalcomponent_get_sequence(ev),
			 harness_sql_int(s,
					 "SELECT sequence FROM course_day "
					 "WHERE id = ?1",
					 did, NULL));
	assert_true(strncmp(icalcomponent_get_summary(ev), "Aflyst: ", 8) == 0);
	py = parse_python(&r);
	pe = py_event(py, uid);
	assert_non_null(pe);
	assert_string_equal(harness_json_string(pe, "status"), "CANCELLED");
	assert_true(strncmp(harness_json_string(pe, "summary"), "Aflyst", 6) ==
		    0);
	assert_int_equal(harness_json_int(pe, "sequence"), seq + 1);
	/* The reason stays with staff. */
	expect_no_secrets(&r, cpr_main);
	icalcomponent_free(cal);
	cJSON_Delete(py);
	response_free(&r);

	/* 31 days after the cancellation it has left the feed. */
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE course_day SET updated_at = "
					  "strftime('%s', 'now') - 31 * 86400 "
					  "WHERE id = ?1",
					  did, NULL),
			 0);
	assert_int_equal(get_feed(s, token, NULL, NULL, NULL, &r), 200);
	assert_false(fixture_body_has(&r, uid));
	{
		struct buf want = BUF_INIT(0), got = BUF_INIT(0);

		py = parse_python(&r);
		python_lines(py, host, &got);
		database_lines(s, &want);
		assert_string_equal(got.data, want.data);
		cJSON_Delete(py);
		buf_free(&want);
		buf_free(&got);
	}
	response_free(&r);
}

static void unknown_and_revoked_links_answer_alike(void **state)
{
	struct server *s = *state;
	struct response a = RESPONSE_INIT, b = RESPONSE_INIT, c = RESPONSE_INIT;
	char revoked[48], unknown[48], id[24];
	struct buf log = BUF_INIT(0);

	fixture_cal_token("Revoked-link_", revoked);
	fixture_cal_token("Never-made_", unknown);
	fixture_cal_link(s, "participant", other_id, 0, revoked);
	assert_int_equal(get_feed(s, revoked, NULL, NULL, NULL, &a), 200);
	response_free(&a);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE calendar_subscription SET "
					  "revoked_at = strftime('%s', 'now') "
					  "WHERE subject_id = ?1 AND kind = "
					  "'participant'",
					  fixture_num(other_id, id), NULL),
			 0);
	assert_int_equal(get_feed(s, revoked, NULL, NULL, NULL, &a), 404);
	assert_int_equal(get_feed(s, unknown, NULL, NULL, NULL, &b), 404);
	assert_int_equal(get_feed(s, "kort", NULL, NULL, NULL, &c), 404);
	assert_int_equal(a.body.len, b.body.len);
	assert_memory_equal(a.body.data, b.body.data, a.body.len);
	assert_int_equal(a.body.len, c.body.len);
	assert_memory_equal(a.body.data, c.body.data, a.body.len);
	assert_null(response_header(&a, "ETag"));
	assert_non_null(
		strstr(response_header(&a, "Cache-Control"), "no-store"));
	response_free(&a);
	response_free(&b);
	response_free(&c);

	/* The access log names the route, never a token. */
	assert_true(harness_log_wait(s, "/calendar/{token} 404", &log));
	assert_null(strstr(log.data, token));
	assert_null(strstr(log.data, revoked));
	assert_null(strstr(log.data, unknown));
	buf_free(&log);
}

static void staff_feeds_hold_their_schedule(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char tok[48], host[64], uid[96], id[24];
	int64_t instructor = harness_user_id(s, HARNESS_INSTRUCTOR);
	int64_t caseworker = harness_user_id(s, HARNESS_CASEWORKER);
	int64_t leader = harness_user_id(s, HARNESS_LEADER);
	icalcomponent *cal;

	server_host(s, host);
	snprintf(uid, sizeof(uid), "day-%lld@%s", (long long)day_spring, host);

	/* The instructor of the cohort gets its days. */
	fixture_cal_token("Instructor_", tok);
	fixture_cal_link(s, "instructor", instructor, instructor, tok);
	assert_int_equal(get_feed(s, tok, NULL, NULL, NULL, &r), 200);
	cal = parse_libical(&r);
	assert_non_null(find_event(cal, uid));
	icalcomponent_free(cal);
	expect_no_secrets(&r, cpr_main);
	response_free(&r);

	/* The caseworker's own talks, by link and not by name. */
	fixture_cal_token("Caseworker_", tok);
	fixture_cal_link(s, "staff", caseworker, caseworker, tok);
	assert_int_equal(get_feed(s, tok, NULL, NULL, NULL, &r), 200);
	snprintf(uid, sizeof(uid), "talk-%lld@%s",
		 (long long)harness_sql_int(s,
					    "SELECT min(id) FROM prep_talk "
					    "WHERE participant_id = ?1",
					    fixture_num(participant_id, id),
					    NULL),
		 host);
	cal = parse_libical(&r);
	assert_non_null(find_event(cal, uid));
	assert_string_equal(icalcomponent_get_summary(find_event(cal, uid)),
			    "Forberedende samtale");
	icalcomponent_free(cal);
	expect_no_secrets(&r, cpr_main);
	response_free(&r);

	/* The project leader's cohort feed, while they lead it. */
	fixture_cal_token("Leader-feed_", tok);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "INSERT OR IGNORE INTO cohort_staff "
					  "VALUES (?1, ?2, 'project_leader')",
					  fixture_num(cohort_id, id),
					  fixture_num(leader, uid), NULL),
			 0);
	fixture_cal_link(s, "cohort", cohort_id, leader, tok);
	assert_int_equal(get_feed(s, tok, NULL, NULL, NULL, &r), 200);
	assert_true(fixture_body_has(&r, "X-WR-CALNAME:Hold: " COHORT "\r\n"));
	snprintf(uid, sizeof(uid), "day-%lld@%s", (long long)day_autumn, host);
	assert_true(fixture_body_has(&r, uid));
	response_free(&r);
}

/* A fresh live link of kind for (subject, owner), the old one revoked. */
static void fresh_link(struct server *s, const char *kind, int64_t subject,
		       int64_t owner, const char *tok)
{
	char subj[24], own[24];

	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE calendar_subscription SET "
					  "revoked_at = 1 WHERE kind = ?1 AND "
					  "subject_id = ?2 AND owner_id = ?3 "
					  "AND revoked_at IS NULL",
					  kind, fixture_num(subject, subj),
					  fixture_num(owner, own), NULL),
			 0);
	fixture_cal_link(s, kind, subject, owner, tok);
}

/* The body with its folded lines joined again (RFC 5545 3.1). */
static void unfold(const struct response *r, struct buf *out)
{
	size_t i;

	buf_reset(out);
	for (i = 0; i < r->body.len; i++) {
		if (r->body.data[i] == '\r' && i + 2 < r->body.len &&
		    r->body.data[i + 1] == '\n' && r->body.data[i + 2] == ' ') {
			i += 2;
			continue;
		}
		buf_putc(out, r->body.data[i]);
	}
}

/* The instructor's feed says where the days are held: a new venue is a
 * change of the feed, for If-Modified-Since as for If-None-Match, and of
 * each event's LAST-MODIFIED. */
static void venue_change_moves_last_modified(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char tok[48], lm[64], ims[128], id[24], want[64], stamp[32];
	int64_t instructor = harness_user_id(s, HARNESS_INSTRUCTOR);

	fixture_cal_token("VenueMove_", tok);
	fresh_link(s, "instructor", instructor, instructor, tok);
	assert_int_equal(get_feed(s, tok, NULL, NULL, NULL, &r), 200);
	snprintf(lm, sizeof(lm), "%s", response_header(&r, "Last-Modified"));
	response_free(&r);
	snprintf(ims, sizeof(ims), "If-Modified-Since: %s", lm);
	assert_int_equal(get_feed(s, tok, NULL, ims, NULL, &r), 304);
	response_free(&r);

	assert_int_equal(
		harness_sql_exec(s, NULL, 0,
				 "UPDATE cohort SET venue_address = "
				 "'Nyvej 2, 8000 Aarhus C', updated_at "
				 "= strftime('%s', 'now') + 5 WHERE id "
				 "= ?1",
				 fixture_num(cohort_id, id), NULL),
		0);
	assert_int_equal(get_feed(s, tok, NULL, ims, NULL, &r), 200);
	assert_true(fixture_body_has(&r, "Nyvej 2"));
	assert_string_not_equal(response_header(&r, "Last-Modified"), lm);
	harness_sql_text(s, stamp, sizeof(stamp),
			 "SELECT strftime('%Y%m%dT%H%M%SZ', updated_at, "
			 "'unixepoch') FROM cohort WHERE id = ?1",
			 fixture_num(cohort_id, id), NULL);
	snprintf(want, sizeof(want), "LAST-MODIFIED:%s\r\n", stamp);
	assert_true(fixture_body_has(&r, want));
	response_free(&r);
}

/* A cohort name of 200 characters is legal in any script: the cohort
 * feed's name carries all of it, not a cut UTF-8 sequence. */
static void long_cohort_name_stays_whole(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	struct buf name = BUF_INIT(0), line = BUF_INIT(0), body = BUF_INIT(0);
	int64_t leader = harness_user_id(s, HARNESS_LEADER);
	char tok[48], id[24], uid[24];
	int i;

	for (i = 0; i < 200; i++)
		buf_puts(&name, "\xe2\x82\xac"); /* EURO SIGN, 3 bytes */
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "INSERT OR IGNORE INTO cohort_staff "
					  "VALUES (?1, ?2, 'project_leader')",
					  fixture_num(cohort_id, id),
					  fixture_num(leader, uid), NULL),
			 0);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE cohort SET name = ?2 WHERE "
					  "id = ?1",
					  fixture_num(cohort_id, id), name.data,
					  NULL),
			 0);
	fixture_cal_token("LongName_", tok);
	fresh_link(s, "cohort", cohort_id, leader, tok);
	assert_int_equal(get_feed(s, tok, NULL, NULL, NULL, &r), 200);
	assert_false(fixture_body_has(&r, "\xef\xbf\xbd")); /* U+FFFD */
	unfold(&r, &body);
	buf_printf(&line, "\r\nX-WR-CALNAME:Hold: %s\r\n", name.data);
	assert_non_null(strstr(body.data, line.data));
	response_free(&r);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE cohort SET name = ?2 WHERE "
					  "id = ?1",
					  fixture_num(cohort_id, id), COHORT,
					  NULL),
			 0);
	buf_free(&name);
	buf_free(&line);
	buf_free(&body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(participant_feed_matches_the_database),
		cmocka_unit_test(days_on_the_changeovers_keep_local_time),
		cmocka_unit_test(unchanged_schedule_gives_identical_bytes),
		cmocka_unit_test(changes_show_at_once_on_every_request),
		cmocka_unit_test(conditional_requests_answer_304),
		cmocka_unit_test(head_has_headers_and_no_body),
		cmocka_unit_test(cancelled_day_shows_then_leaves),
		cmocka_unit_test(unknown_and_revoked_links_answer_alike),
		cmocka_unit_test(staff_feeds_hold_their_schedule),
		cmocka_unit_test(venue_change_moves_last_modified),
		cmocka_unit_test(long_cohort_name_stays_whole),
	};

	return cmocka_run_group_tests(tests, feeds_setup, fixture_teardown);
}
