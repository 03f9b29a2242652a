/*
 * Unit tests for ical (the iCalendar writer) and feed_build: the bytes are
 * read back by libical and by Debian's python3-icalendar (an independent
 * parser, through tests/data/ics_check.py) and compared with what went in:
 * local times on both daylight-saving changeovers, escaping, folding, and
 * which rows of a small database each kind of feed holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "feed.h"
#include "form.h"
#include "ics.h"
#include "ics_read.h"
#include "testdb.h"

#define DAY 86400

/* ---- Reading a feed back ---- */

/* Every physical line ends in CRLF, holds at most 75 octets of valid
 * UTF-8 and no other CR or LF. The number of lines. */
static int check_lines(const struct buf *b)
{
	const char *p = b->data, *end = b->data + b->len, *eol;
	int lines = 0;

	assert_true(b->len > 2);
	while (p < end) {
		eol = memchr(p, '\r', (size_t)(end - p));
		assert_non_null(eol);
		assert_true(eol + 1 < end && eol[1] == '\n');
		assert_null(memchr(p, '\n', (size_t)(eol - p)));
		if ((size_t)(eol - p) > ICAL_LINE_MAX)
			fail_msg("line of %zu octets: %.*s", (size_t)(eol - p),
				 (int)(eol - p), p);
		assert_true(form_utf8_valid(p, (size_t)(eol - p)));
		lines++;
		p = eol + 2;
	}
	return lines;
}

static icalcomponent *parse_libical(const struct buf *b)
{
	return ics_read_libical(b->data);
}

static icalcomponent *find_event(icalcomponent *cal, const char *uid)
{
	icalcomponent *ev = ics_read_event(cal, uid);

	if (ev == NULL)
		fail_msg("no event %s", uid);
	return ev;
}

static int count_events(icalcomponent *cal)
{
	return icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT);
}

/* A date-time property of ev: its TZID must be Copenhagen, *local gets
 * "YYYYMMDDTHHMMSS" and *utc the instant through the feed's own
 * VTIMEZONE, as "YYYYMMDDTHHMMSSZ". */
static void event_time(icalcomponent *cal, icalcomponent *ev,
		       icalproperty_kind kind, char local[16],
		       char utc[ICAL_UTC_LEN])
{
	icalproperty *p = icalcomponent_get_first_property(ev, kind);
	icalparameter *tzid;
	icaltimezone *zone = icalcomponent_get_timezone(cal, ICAL_TZID);
	struct icaltimetype t;

	assert_non_null(p);
	assert_non_null(zone);
	tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	assert_non_null(tzid);
	assert_string_equal(icalparameter_get_tzid(tzid), ICAL_TZID);
	t = kind == ICAL_DTSTART_PROPERTY ? icalproperty_get_dtstart(p)
					  : icalproperty_get_dtend(p);
	assert_false(icaltime_is_utc(t));
	snprintf(local, 16, "%04d%02d%02dT%02d%02d%02d", t.year, t.month, t.day,
		 t.hour, t.minute, t.second);
	ics_format_utc((int64_t)icaltime_as_timet_with_zone(t, zone), utc);
}

static const char *x_property(icalcomponent *c, const char *name)
{
	icalproperty *p;

	for (p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY))
		if (strcmp(icalproperty_get_x_name(p), name) == 0)
			return icalproperty_get_x(p);
	return NULL;
}

/* The feed read by python3-icalendar, as ics_check.py prints it. */
static cJSON *parse_python(const struct buf *b)
{
	return ics_read_python(b->data, b->len);
}

static const cJSON *py_event(const cJSON *root, const char *uid)
{
	const cJSON *ev = ics_read_py_event(root, uid);

	if (ev == NULL)
		fail_msg("python3-icalendar found no event %s", uid);
	return ev;
}

static const char *py_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItem(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int py_count(const cJSON *root)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(root, "events"));
}

/* Both parsers agree that uid starts at local "YYYY-MM-DDTHH:MM:SS" in
 * Copenhagen, which is the UTC instant utc. */
static void expect_start(icalcomponent *cal, const cJSON *py, const char *uid,
			 const char *local, const char *utc)
{
	char l[16], u[ICAL_UTC_LEN], want[16];
	const cJSON *ev = py_event(py, uid);

	snprintf(want, sizeof(want), "%.4s%.2s%.2sT%.2s%.2s%.2s", local,
		 local + 5, local + 8, local + 11, local + 14, local + 17);
	event_time(cal, find_event(cal, uid), ICAL_DTSTART_PROPERTY, l, u);
	assert_string_equal(l, want);
	assert_string_equal(u, utc);
	assert_string_equal(py_str(ev, "start"), local);
	assert_string_equal(py_str(ev, "start_utc"), utc);
	assert_string_equal(py_str(ev, "tzid"), ICAL_TZID);
}

/* ---- The writer ---- */

static void write_calendar(struct buf *b, const struct ics_event *ev, size_t n)
{
	size_t i;

	assert_int_equal(ics_begin(b, "Mit forløb"), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(ics_event(b, &ev[i]), 0);
	assert_int_equal(ics_end(b), 0);
	check_lines(b);
}

static struct ics_event event_at(const char *uid, const char *iso, int start,
				 int end)
{
	struct ics_event e = {0};

	assert_int_equal(date_parse_iso(iso, &e.date), 0);
	e.uid = uid;
	e.stamp = 1767225600; /* 2026-01-01T00:00:00Z */
	e.start_min = start;
	e.end_min = end;
	e.summary = "Undervisning";
	return e;
}

static void calendar_has_publishing_properties(void **state)
{
	struct buf b = BUF_INIT(0);
	icalcomponent *cal, *tz;
	icalproperty *p;
	cJSON *py;

	(void)state;
	write_calendar(&b, NULL, 0);
	/* The exact lines clients look for. */
	assert_non_null(strstr(b.data, "BEGIN:VCALENDAR\r\nPRODID:"));
	assert_non_null(strstr(b.data, "\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(b.data, "\r\nCALSCALE:GREGORIAN\r\n"));
	assert_non_null(strstr(b.data, "\r\nMETHOD:PUBLISH\r\n"));
	assert_non_null(strstr(b.data, "\r\nNAME:Mit forløb\r\n"));
	assert_non_null(strstr(b.data, "\r\nX-WR-CALNAME:Mit forløb\r\n"));
	assert_non_null(
		strstr(b.data, "\r\nX-WR-TIMEZONE:Europe/Copenhagen\r\n"));
	assert_non_null(
		strstr(b.data, "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));
	assert_non_null(strstr(b.data, "\r\nX-PUBLISHED-TTL:PT1H\r\n"));
	assert_true(b.len > 17 &&
		    strcmp(b.data + b.len - 15, "END:VCALENDAR\r\n") == 0);

	cal = parse_libical(&b);
	assert_int_equal(
		icalproperty_get_method(icalcomponent_get_first_property(
			cal, ICAL_METHOD_PROPERTY)),
		ICAL_METHOD_PUBLISH);
	p = icalcomponent_get_first_property(cal, ICAL_NAME_PROPERTY);
	assert_non_null(p);
	assert_string_equal(icalproperty_get_name(p), "Mit forløb");
	assert_non_null(icalcomponent_get_first_property(
		cal, ICAL_REFRESHINTERVAL_PROPERTY));
	assert_string_equal(x_property(cal, "X-WR-CALNAME"), "Mit forløb");
	assert_string_equal(x_property(cal, "X-PUBLISHED-TTL"), "PT1H");
	/* One compact zone: a summer and a winter rule, nothing more. */
	assert_int_equal(
		icalcomponent_count_components(cal, ICAL_VTIMEZONE_COMPONENT),
		1);
	tz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	assert_int_equal(
		icalcomponent_count_components(tz, ICAL_XDAYLIGHT_COMPONENT),
		1);
	assert_int_equal(
		icalcomponent_count_components(tz, ICAL_XSTANDARD_COMPONENT),
		1);
	assert_true(b.len < 1200);
	icalcomponent_free(cal);

	py = parse_python(&b);
	assert_string_equal(py_str(py, "name"), "Mit forløb");
	assert_string_equal(py_str(py, "method"), "PUBLISH");
	assert_string_equal(py_str(py, "version"), "2.0");
	assert_int_equal(py_count(py), 0);
	cJSON_Delete(py);
	buf_free(&b);
}

static void local_times_hold_on_both_changeovers(void **state)
{
	struct ics_event ev[] = {
		/* The days before, on and after each changeover. */
		event_at("a@t", "2026-03-28", 540, 900),
		event_at("b@t", "2026-03-29", 540, 900),
		event_at("c@t", "2026-03-30", 540, 900),
		event_at("d@t", "2026-10-24", 540, 900),
		event_at("e@t", "2026-10-25", 540, 900),
		event_at("f@t", "2026-10-26", 540, 900),
		/* Inside the skipped and the repeated hour. */
		event_at("g@t", "2026-10-25", 150, 170),
		event_at("h@t", "2027-03-28", 540, 1440),
	};
	struct buf b = BUF_INIT(0);
	icalcomponent *cal;
	char l[16], u[ICAL_UTC_LEN];
	cJSON *py;

	(void)state;
	write_calendar(&b, ev, sizeof(ev) / sizeof(ev[0]));
	assert_non_null(strstr(b.data, "\r\nDTSTART;TZID=Europe/Copenhagen:"
				       "20260329T090000\r\nDTEND;TZID=Europe/"
				       "Copenhagen:20260329T150000\r\n"));
	cal = parse_libical(&b);
	py = parse_python(&b);
	assert_int_equal(count_events(cal), 8);
	assert_int_equal(py_count(py), 8);
	expect_start(cal, py, "a@t", "2026-03-28T09:00:00", "20260328T080000Z");
	expect_start(cal, py, "b@t", "2026-03-29T09:00:00", "20260329T070000Z");
	expect_start(cal, py, "c@t", "2026-03-30T09:00:00", "20260330T070000Z");
	expect_start(cal, py, "d@t", "2026-10-24T09:00:00", "20261024T070000Z");
	expect_start(cal, py, "e@t", "2026-10-25T09:00:00", "20261025T080000Z");
	expect_start(cal, py, "f@t", "2026-10-26T09:00:00", "20261026T080000Z");
	/* 15:00 on the changeover days. */
	event_time(cal, find_event(cal, "b@t"), ICAL_DTEND_PROPERTY, l, u);
	assert_string_equal(l, "20260329T150000");
	assert_string_equal(u, "20260329T130000Z");
	event_time(cal, find_event(cal, "e@t"), ICAL_DTEND_PROPERTY, l, u);
	assert_string_equal(l, "20261025T150000");
	assert_string_equal(u, "20261025T140000Z");
	/* 24:00 is written as the next midnight. */
	event_time(cal, find_event(cal, "h@t"), ICAL_DTEND_PROPERTY, l, u);
	assert_string_equal(l, "20270329T000000");
	assert_string_equal(u, "20270328T220000Z");
	assert_string_equal(py_str(py_event(py, "h@t"), "end"),
			    "2027-03-29T00:00:00");
	icalcomponent_free(cal);
	cJSON_Delete(py);
	buf_free(&b);
}

static void text_is_escaped_and_read_back_unchanged(void **state)
{
	struct ics_event e = event_at("x@t", "2026-05-05", 600, 660);
	struct buf b = BUF_INIT(0);
	icalcomponent *cal, *ev;
	cJSON *py;

	(void)state;
	e.summary = "A\\B;C,D\nE\r\nF\rG\tH";
	e.location = "Vestergade 1, 8000 Aarhus C";
	e.description = "kontrol\x01tegn og \xff ugyldig";
	e.cancelled = true;
	e.sequence = 3;
	write_calendar(&b, &e, 1);
	assert_non_null(strstr(
		b.data, "\r\nSUMMARY:A\\\\B\\;C\\,D\\nE\\nF\\nG\tH\r\n"));
	assert_non_null(strstr(
		b.data, "\r\nLOCATION:Vestergade 1\\, 8000 Aarhus C\r\n"));
	assert_non_null(strstr(b.data, "\r\nDESCRIPTION:kontroltegn og "
				       "\xef\xbf\xbd ugyldig\r\n"));
	assert_non_null(strstr(b.data, "\r\nSTATUS:CANCELLED\r\n"));
	assert_non_null(strstr(b.data, "\r\nSEQUENCE:3\r\n"));
	assert_non_null(strstr(b.data, "\r\nDTSTAMP:20260101T000000Z\r\n"));
	assert_non_null(
		strstr(b.data, "\r\nLAST-MODIFIED:20260101T000000Z\r\n"));

	cal = parse_libical(&b);
	ev = find_event(cal, "x@t");
	assert_string_equal(icalcomponent_get_summary(ev),
			    "A\\B;C,D\nE\nF\nG\tH");
	assert_string_equal(icalcomponent_get_location(ev),
			    "Vestergade 1, 8000 Aarhus C");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 3);
	icalcomponent_free(cal);

	py = parse_python(&b);
	assert_string_equal(py_str(py_event(py, "x@t"), "summary"),
			    "A\\B;C,D\nE\nF\nG\tH");
	assert_string_equal(py_str(py_event(py, "x@t"), "location"),
			    "Vestergade 1, 8000 Aarhus C");
	assert_string_equal(py_str(py_event(py, "x@t"), "description"),
			    "kontroltegn og \xef\xbf\xbd ugyldig");
	assert_string_equal(py_str(py_event(py, "x@t"), "status"), "CANCELLED");
	cJSON_Delete(py);
	buf_free(&b);
}

static void long_text_folds_between_characters(void **state)
{
	/* 1-, 2-, 3- and 4-byte characters and escapes, shifted by 0..4
	 * octets so that every kind of character meets the fold. */
	static const char unit[] = "æ€😀a,;\\ø";
	struct buf b = BUF_INIT(0), text = BUF_INIT(0);
	struct ics_event e = event_at("fold@t", "2026-06-01", 540, 600);
	icalcomponent *cal;
	int shift, i, lines;
	cJSON *py;

	(void)state;
	for (shift = 0; shift < 5; shift++) {
		buf_reset(&b);
		buf_reset(&text);
		for (i = 0; i < shift; i++)
			buf_putc(&text, 'x');
		for (i = 0; i < 30; i++)
			buf_puts(&text, unit);
		e.summary = text.data;
		write_calendar(&b, &e, 1);
		lines = check_lines(&b);
		assert_true(lines > 40);
		/* Continuation lines start with one space. */
		assert_non_null(strstr(b.data, "\r\n "));
		cal = parse_libical(&b);
		assert_string_equal(
			icalcomponent_get_summary(find_event(cal, "fold@t")),
			text.data);
		icalcomponent_free(cal);
		py = parse_python(&b);
		assert_string_equal(py_str(py_event(py, "fold@t"), "summary"),
				    text.data);
		cJSON_Delete(py);
	}
	/* A line of exactly 75 octets is not folded. */
	buf_reset(&b);
	buf_reset(&text);
	for (i = 0; i < 75 - 8; i++)
		buf_putc(&text, 'y');
	assert_int_equal(ics_text_line(&b, "SUMMARY", text.data), 0);
	assert_int_equal(b.len, 77);
	buf_free(&b);
	buf_free(&text);
}

static void utc_times_are_formatted_exactly(void **state)
{
	char out[ICAL_UTC_LEN];

	(void)state;
	ics_format_utc(0, out);
	assert_string_equal(out, "19700101T000000Z");
	ics_format_utc(1767225600 + 13 * 3600 + 4 * 60 + 5, out);
	assert_string_equal(out, "20260101T130405Z");
	ics_format_utc(951782400, out); /* 2000-02-29 */
	assert_string_equal(out, "20000229T000000Z");
	ics_format_utc(-1, out);
	assert_string_equal(out, "19691231T235959Z");
}

/* ---- feed_build against a small database ---- */

struct fixture {
	struct testdb t;
	int64_t now;
};

/*
 * Two cohorts. On cohort 1 (whose name holds words that must never reach a
 * participant's feed): Anna (started 2026-03-01), Bo (started earlier),
 * Carla (only referred). Day 1 is before Anna's start, day 4 was cancelled
 * two days ago, day 5 31 days ago, day 6 was moved; days 2, 3, 8 and 9
 * fall on and next to the changeovers. Talks: Anna 1 and 2 (2 cancelled),
 * Bo 3, Carla 4. Dennis is on cohort 2 with day 7.
 */
static const char fixture_sql[] =
	"INSERT INTO organisation VALUES (1, 'Jobcenter T', 'job_centre', 0),"
	" (2, 'Udbyder T', 'provider', 0);"
	"INSERT INTO user (id, email, name, role, organisation_id, "
	"password_hash, created_at, updated_at, password_changed_at) VALUES "
	"(1, 'sb@t.invalid', 'Sofie Sagsbehandler', 'caseworker', 1, 'x', 0, "
	"0, 0), (2, 'ul@t.invalid', 'Ulla Underviser', 'instructor', 2, 'x', "
	"0, 0, 0), (3, 'pl@t.invalid', 'Per Leder', 'project_leader', 2, 'x', "
	"0, 0, 0);"
	"INSERT INTO cohort (id, name, job_centre_id, provider_id, org_model, "
	"venue_name, venue_address, first_teaching_day, prep_weeks, "
	"teaching_weeks, teaching_weekdays, start_min, end_min, "
	"internship_weeks, weekly_teaching_weekday, capacity, state, "
	"referral_start, prep_start, teaching_end, internship_start, "
	"internship_end, aftercare_start, created_at, updated_at) VALUES "
	"(1, 'Mestringsforløb ADHD Aarhus', 1, 2, 1, 'Mestringshuset', "
	"'Vestergade 1, 8000 Aarhus C', '2026-03-02', 2, 4, 15, 540, 900, 12, "
	"3, 12, 'referral_open', '2026-01-01', '2026-02-16', '2026-03-27', "
	"'2026-03-30', '2026-06-19', '2026-06-22', 1000, 1000), "
	"(2, 'Andet hold', 1, 2, 1, 'Andet sted', 'Andenvej 2', '2026-03-02', "
	"2, 4, 15, 540, 900, 12, 3, 12, 'referral_open', '2026-01-01', "
	"'2026-02-16', '2026-03-27', '2026-03-30', '2026-06-19', "
	"'2026-06-22', 1000, 1000);"
	"INSERT INTO cohort_staff VALUES (1, 2, 'instructor'), "
	"(1, 3, 'project_leader');"
	"INSERT INTO participant (id, cohort_id, name, cpr_enc, cpr_hash, "
	"birth_year, caseworker_id, health_enc, status, referred_on, "
	"started_on, ended_on, created_at, updated_at) VALUES "
	"(1, 1, 'Anna Testesen', X'00', zeroblob(32), 1990, 1, X'00', "
	"'started', '2026-01-10', '2026-03-01', NULL, 1000, 2000), "
	"(2, 1, 'Bo Andersen', X'00', zeroblob(32), 1991, 1, X'00', "
	"'started', '2026-01-10', '2026-02-16', NULL, 1000, 2000), "
	"(3, 1, 'Carla Henvist', X'00', zeroblob(32), 1992, 1, X'00', "
	"'referred', '2026-01-10', NULL, NULL, 1000, 2000), "
	"(4, 2, 'Dennis Andethold', X'00', zeroblob(32), 1993, 1, X'00', "
	"'started', '2026-01-10', '2026-02-16', NULL, 1000, 2000);"
	"INSERT INTO course_day (id, cohort_id, date, start_min, end_min, "
	"kind, status, title, cancel_reason, generated, sequence, created_at, "
	"updated_at) VALUES "
	"(1, 1, '2026-02-20', 540, 900, 'teaching', 'planned', '', '', 1, 0, "
	"1000, 1500), "
	"(2, 1, '2026-03-29', 540, 900, 'teaching', 'planned', '', '', 1, 0, "
	"1000, 1500), "
	"(3, 1, '2026-10-25', 540, 900, 'weekly_teaching', 'planned', '', '', "
	"1, 0, 1000, 1500), "
	"(4, 1, '2026-04-01', 540, 900, 'company_visit', 'cancelled', "
	"'Psykisk førstehjælp', 'Underviseren er syg', 0, 2, 1000, "
	"strftime('%s', 'now') - 2 * 86400), "
	"(5, 1, '2026-04-02', 540, 900, 'teaching', 'cancelled', '', '', 1, "
	"1, 1000, strftime('%s', 'now') - 31 * 86400), "
	"(6, 1, '2026-04-08', 600, 960, 'teaching', 'moved', '', '', 1, 1, "
	"1000, 1500), "
	"(7, 2, '2026-04-01', 540, 900, 'teaching', 'planned', '', '', 1, 0, "
	"1000, 1500), "
	"(8, 1, '2026-03-28', 540, 900, 'teaching', 'planned', '', '', 1, 0, "
	"1000, 1500), "
	"(9, 1, '2026-10-24', 540, 900, 'weekly_teaching', 'planned', '', "
	"'', 1, 0, 1000, 1500);"
	"INSERT INTO prep_talk (id, participant_id, kind, staff_id, date, "
	"start_min, end_min, place, notes_enc, status, sequence, created_at, "
	"updated_at) VALUES "
	"(1, 1, 'caseworker', 1, '2026-02-10', 600, 660, "
	"'Jobcentret, lokale 4', X'0102', 'planned', 0, 1000, 1500), "
	"(2, 1, 'mentor', NULL, '2026-02-12', 600, 660, '', NULL, "
	"'cancelled', 1, 1000, strftime('%s', 'now') - 3 * 86400), "
	"(3, 2, 'caseworker', 1, '2026-02-11', 600, 660, 'Jobcentret', NULL, "
	"'planned', 0, 1000, 1500), "
	"(4, 3, 'instructor', 2, '2026-02-13', 600, 660, 'Mestringshuset', "
	"NULL, 'planned', 0, 1000, 1500);";

static int feed_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];

	assert_non_null(f);
	assert_int_equal(config_load(NULL, "https://kalender.example.dk:8443",
				     err, sizeof(err)),
			 0);
	assert_int_equal(testdb_open(&f->t, true), 0);
	testdb_exec(f->t.db, fixture_sql);
	f->now = (int64_t)time(NULL);
	*state = f;
	return 0;
}

static int feed_teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(testdb_remove(&f->t), 0);
	free(f);
	return 0;
}

static void sql(struct fixture *f, const char *text)
{
	testdb_exec(f->t.db, text);
}

static void build(struct fixture *f, enum subscription_kind kind, int64_t id,
		  struct buf *b, int64_t *lm)
{
	buf_reset(b);
	assert_int_equal(feed_build(f->t.db, kind, id, b, lm), 0);
	check_lines(b);
}

/* The feed holds exactly the UIDs in want (NULL-ended), per both parsers. */
static void expect_uids(icalcomponent *cal, const cJSON *py,
			const char *const *want)
{
	int n = 0;

	for (; want[n]; n++) {
		find_event(cal, want[n]);
		py_event(py, want[n]);
	}
	assert_int_equal(count_events(cal), n);
	assert_int_equal(py_count(py), n);
}

static void no_forbidden_words(const struct buf *b, const char *const *words)
{
	for (; *words; words++)
		if (strstr(b->data, *words))
			fail_msg("the feed says \"%s\"", *words);
}

static const char *const participant_never[] = {
	"Anna",	     "Testesen",   "Bo Andersen", "Carla",
	"Dennis",    "Sofie",	   "Ulla",	  "Mestringsforløb",
	"mestring ", "ADHD",	   "Psykisk",	  "psykisk",
	"syg",	     "Andet sted", "Per Leder",	  "\x01\x02",
	NULL,
};

static void participant_feed_holds_own_days_and_talks(void **state)
{
	struct fixture *f = *state;
	static const char *const uids[] = {
		"day-2@kalender.example.dk",
		"day-3@kalender.example.dk",
		"day-4@kalender.example.dk",
		"day-6@kalender.example.dk",
		"day-8@kalender.example.dk",
		"day-9@kalender.example.dk",
		"talk-1@kalender.example.dk",
		"talk-2@kalender.example.dk",
		NULL,
	};
	struct buf b = BUF_INIT(0);
	icalcomponent *cal, *ev;
	const cJSON *pe;
	int64_t lm = 0;
	cJSON *py;

	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm);
	cal = parse_libical(&b);
	py = parse_python(&b);
	assert_string_equal(py_str(py, "name"), "Mit forløb");
	/* Not day 1 (before her start), 5 (cancelled a month ago), 7 (the
	 * other cohort), nor other participants' talks. */
	expect_uids(cal, py, uids);
	no_forbidden_words(&b, participant_never);

	ev = find_event(cal, "day-2@kalender.example.dk");
	assert_string_equal(icalcomponent_get_summary(ev), "Undervisning");
	assert_string_equal(icalcomponent_get_location(ev),
			    "Mestringshuset, Vestergade 1, 8000 Aarhus C");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
	assert_int_equal(icalcomponent_get_sequence(ev), 0);
	expect_start(cal, py, "day-2@kalender.example.dk",
		     "2026-03-29T09:00:00", "20260329T070000Z");
	expect_start(cal, py, "day-8@kalender.example.dk",
		     "2026-03-28T09:00:00", "20260328T080000Z");
	expect_start(cal, py, "day-3@kalender.example.dk",
		     "2026-10-25T09:00:00", "20261025T080000Z");
	expect_start(cal, py, "day-9@kalender.example.dk",
		     "2026-10-24T09:00:00", "20261024T070000Z");
	assert_string_equal(icalcomponent_get_summary(find_event(
				    cal, "day-3@kalender.example.dk")),
			    "Ugentlig undervisningsdag");

	/* The cancelled company visit: "Aflyst", its sequence, no reason and
	 * no title from the project leader. */
	ev = find_event(cal, "day-4@kalender.example.dk");
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Aflyst: Virksomhedsbesøg");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 2);
	pe = py_event(py, "day-4@kalender.example.dk");
	assert_string_equal(py_str(pe, "status"), "CANCELLED");
	assert_string_equal(py_str(pe, "summary"), "Aflyst: Virksomhedsbesøg");

	/* The moved day carries its new time. */
	expect_start(cal, py, "day-6@kalender.example.dk",
		     "2026-04-08T10:00:00", "20260408T080000Z");
	assert_int_equal(icalcomponent_get_sequence(
				 find_event(cal, "day-6@kalender.example.dk")),
			 1);

	/* Talks: who with, where; never the notes. */
	ev = find_event(cal, "talk-1@kalender.example.dk");
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Samtale med sagsbehandler");
	assert_string_equal(icalcomponent_get_location(ev),
			    "Jobcentret, lokale 4");
	expect_start(cal, py, "talk-1@kalender.example.dk",
		     "2026-02-10T10:00:00", "20260210T090000Z");
	ev = find_event(cal, "talk-2@kalender.example.dk");
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Aflyst: Samtale med mentor");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 1);

	/* DTSTAMP and LAST-MODIFIED are the row's change time. */
	assert_non_null(strstr(b.data, "UID:day-2@kalender.example.dk\r\n"
				       "DTSTAMP:19700101T002500Z\r\n"
				       "LAST-MODIFIED:19700101T002500Z\r\n"));
	/* The newest change: day 5 leaving the feed a day ago. */
	assert_true(lm >= f->now - DAY - 2 && lm <= f->now - DAY + 2);
	icalcomponent_free(cal);
	cJSON_Delete(py);
	buf_free(&b);
}

static void unchanged_schedule_gives_identical_bytes(void **state)
{
	struct fixture *f = *state;
	struct buf a = BUF_INIT(0), b = BUF_INIT(0);
	int64_t lm_a, lm_b;

	build(f, SUBSCRIPTION_PARTICIPANT, 1, &a, &lm_a);
	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm_b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_int_equal(lm_a, lm_b);

	/* A change to someone else's talk or another cohort's day changes
	 * nothing here. */
	sql(f, "UPDATE prep_talk SET start_min = 620, sequence = sequence + 1, "
	       "updated_at = strftime('%s', 'now') WHERE id = 3");
	sql(f, "UPDATE course_day SET start_min = 600, sequence = sequence + "
	       "1, updated_at = strftime('%s', 'now') WHERE id = 7");
	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm_b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_int_equal(lm_a, lm_b);

	/* Her own day re-timed: new bytes, newer Last-Modified. */
	sql(f, "UPDATE course_day SET start_min = 600, sequence = sequence + "
	       "1, updated_at = strftime('%s', 'now') WHERE id = 2");
	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm_b);
	assert_true(a.len != b.len || memcmp(a.data, b.data, a.len) != 0);
	assert_true(lm_b >= f->now && lm_b > lm_a);
	assert_non_null(strstr(b.data, "UID:day-2@kalender.example.dk\r\n"));
	assert_non_null(strstr(b.data, "SEQUENCE:1\r\nDTSTART;TZID=Europe/"
				       "Copenhagen:20260329T100000\r\n"));
	sql(f, "UPDATE course_day SET start_min = 540, updated_at = 1500 "
	       "WHERE id = 2");
	buf_free(&a);
	buf_free(&b);
}

static void cancelled_day_leaves_after_30_days(void **state)
{
	struct fixture *f = *state;
	struct buf b = BUF_INIT(0);
	int64_t lm;

	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm);
	assert_non_null(strstr(b.data, "UID:day-4@"));
	/* 29 days and 23 hours: still there. */
	sql(f, "UPDATE course_day SET updated_at = strftime('%s', 'now') - "
	       "30 * 86400 + 3600 WHERE id = 4");
	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm);
	assert_non_null(strstr(b.data, "UID:day-4@"));
	/* Past 30 days: gone, and that counts as the feed's last change. */
	sql(f, "UPDATE course_day SET updated_at = strftime('%s', 'now') - "
	       "30 * 86400 - 3600 WHERE id = 4");
	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm);
	assert_null(strstr(b.data, "UID:day-4@"));
	assert_non_null(strstr(b.data, "UID:day-6@"));
	assert_true(lm >= f->now - DAY - 2);
	sql(f, "UPDATE course_day SET updated_at = strftime('%s', 'now') - "
	       "2 * 86400 WHERE id = 4");
	buf_free(&b);
}

static void cancelled_cohort_cancels_its_days(void **state)
{
	struct fixture *f = *state;
	struct buf b = BUF_INIT(0);
	icalcomponent *cal, *ev;
	int64_t lm;

	/* As cohort.c cancels: the cohort's sequence moves by one. */
	sql(f, "UPDATE cohort SET state = 'cancelled', sequence = sequence + "
	       "1, updated_at = strftime('%s', 'now') WHERE id = 1");
	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm);
	cal = parse_libical(&b);
	ev = find_event(cal, "day-2@kalender.example.dk");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Aflyst: Undervisning");
	assert_int_equal(icalcomponent_get_sequence(ev), 1);
	/* Already cancelled days move with it. */
	assert_int_equal(icalcomponent_get_sequence(
				 find_event(cal, "day-4@kalender.example.dk")),
			 3);
	assert_true(lm >= f->now);
	icalcomponent_free(cal);
	buf_free(&b);
	/* Restored, the days are back with a sequence higher still, so
	 * calendars take the restore as the newer news. */
	sql(f, "UPDATE cohort SET state = 'referral_open', sequence = "
	       "sequence + 1, updated_at = strftime('%s', 'now') WHERE id = 1");
	build(f, SUBSCRIPTION_PARTICIPANT, 1, &b, &lm);
	cal = parse_libical(&b);
	ev = find_event(cal, "day-2@kalender.example.dk");
	assert_int_not_equal(icalcomponent_get_status(ev),
			     ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 2);
	icalcomponent_free(cal);
	sql(f, "UPDATE cohort SET sequence = 0, updated_at = 1000 WHERE id = "
	       "1");
	buf_free(&b);
}

static void referred_citizen_sees_talks_but_no_days(void **state)
{
	struct fixture *f = *state;
	static const char *const uids[] = {"talk-4@kalender.example.dk", NULL};
	struct buf b = BUF_INIT(0);
	icalcomponent *cal;
	cJSON *py;

	build(f, SUBSCRIPTION_PARTICIPANT, 3, &b, NULL);
	cal = parse_libical(&b);
	py = parse_python(&b);
	expect_uids(cal, py, uids);
	assert_string_equal(icalcomponent_get_summary(find_event(cal, uids[0])),
			    "Samtale med underviser");
	icalcomponent_free(cal);
	cJSON_Delete(py);

	/* A participant that does not exist: an empty calendar. */
	build(f, SUBSCRIPTION_PARTICIPANT, 999, &b, NULL);
	cal = parse_libical(&b);
	assert_int_equal(count_events(cal), 0);
	icalcomponent_free(cal);
	buf_free(&b);
}

static void staff_feeds_hold_their_own_schedule(void **state)
{
	struct fixture *f = *state;
	static const char *const cohort_days[] = {
		"day-1@kalender.example.dk", "day-2@kalender.example.dk",
		"day-3@kalender.example.dk", "day-4@kalender.example.dk",
		"day-6@kalender.example.dk", "day-8@kalender.example.dk",
		"day-9@kalender.example.dk", NULL,
	};
	static const char *const talks[] = {
		"talk-1@kalender.example.dk",
		"talk-3@kalender.example.dk",
		NULL,
	};
	static const char *const staff_never[] = {
		"Anna", "Bo Andersen", "Carla", "Dennis", NULL,
	};
	struct buf b = BUF_INIT(0);
	icalcomponent *cal, *ev;
	cJSON *py;

	/* The instructor: every day of the cohort they teach, named. */
	build(f, SUBSCRIPTION_INSTRUCTOR, 2, &b, NULL);
	cal = parse_libical(&b);
	py = parse_python(&b);
	assert_string_equal(py_str(py, "name"), "Mine undervisningsdage");
	expect_uids(cal, py, cohort_days);
	assert_string_equal(icalcomponent_get_summary(find_event(
				    cal, "day-1@kalender.example.dk")),
			    "Undervisning – Mestringsforløb ADHD Aarhus");
	ev = find_event(cal, "day-4@kalender.example.dk");
	assert_string_equal(icalcomponent_get_description(ev),
			    "Dagen er aflyst.\nPsykisk førstehjælp");
	no_forbidden_words(&b, staff_never);
	icalcomponent_free(cal);
	cJSON_Delete(py);

	/* Someone who teaches nothing. */
	build(f, SUBSCRIPTION_INSTRUCTOR, 1, &b, NULL);
	cal = parse_libical(&b);
	assert_int_equal(count_events(cal), 0);
	icalcomponent_free(cal);

	/* The caseworker's own talks: a link, never the citizen's name. */
	build(f, SUBSCRIPTION_STAFF, 1, &b, NULL);
	cal = parse_libical(&b);
	py = parse_python(&b);
	expect_uids(cal, py, talks);
	ev = find_event(cal, "talk-3@kalender.example.dk");
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Forberedende samtale");
	assert_string_equal(icalcomponent_get_description(ev),
			    "https://kalender.example.dk:8443/participants/2");
	no_forbidden_words(&b, staff_never);
	icalcomponent_free(cal);
	cJSON_Delete(py);

	/* The cohort feed of a project leader. */
	build(f, SUBSCRIPTION_COHORT, 1, &b, NULL);
	cal = parse_libical(&b);
	py = parse_python(&b);
	assert_string_equal(py_str(py, "name"),
			    "Hold: Mestringsforløb ADHD Aarhus");
	expect_uids(cal, py, cohort_days);
	assert_string_equal(icalcomponent_get_summary(find_event(
				    cal, "day-1@kalender.example.dk")),
			    "Undervisning");
	no_forbidden_words(&b, staff_never);
	icalcomponent_free(cal);
	cJSON_Delete(py);

	assert_int_equal(
		feed_build(f->t.db, SUBSCRIPTION_KIND__MAX, 1, &b, NULL), -1);
	buf_free(&b);
}

/* feed_get's answer is feed_build's bytes with validators that fit them. */
static void expect_reply(struct fixture *f, enum subscription_kind kind,
			 int64_t id, const char *want_in_body)
{
	struct buf b = BUF_INIT(0);
	struct feed_reply r;
	char line[128];
	int64_t lm;

	build(f, kind, id, &b, &lm);
	assert_int_equal(feed_get(f->t.db, kind, id, &r), 0);
	assert_int_equal(r.len, b.len);
	assert_memory_equal(r.body, b.data, b.len);
	assert_int_equal(r.last_modified, lm);
	assert_non_null(strstr(r.body, want_in_body));
	assert_int_equal(strlen(r.etag), 34);
	snprintf(line, sizeof(line), "ETag: %s\r\n", r.etag);
	assert_non_null(strstr(r.headers, line));
	assert_non_null(strstr(r.headers, "Cache-Control: max-age=300\r\n"));
	assert_non_null(strstr(r.headers, "Last-Modified: "));
	feed_reply_free(&r);
	buf_free(&b);
}

/*
 * The connection keeps what feed_get rendered: every answer is what
 * feed_build makes of the rows as they are now, after a commit and with
 * more feeds asked for than it keeps.
 */
static void kept_feeds_follow_every_commit(void **state)
{
	struct fixture *f = *state;
	struct feed_reply r;
	char etag[40];
	int round;

	expect_reply(f, SUBSCRIPTION_PARTICIPANT, 1, "X-WR-CALNAME:Mit forløb");
	assert_int_equal(feed_get(f->t.db, SUBSCRIPTION_PARTICIPANT, 1, &r), 0);
	snprintf(etag, sizeof(etag), "%s", r.etag);
	feed_reply_free(&r);
	sql(f, "UPDATE course_day SET start_min = 555, updated_at = 2500 "
	       "WHERE id = 2");
	expect_reply(f, SUBSCRIPTION_PARTICIPANT, 1,
		     "DTSTART;TZID=Europe/Copenhagen:20260329T091500");
	assert_int_equal(feed_get(f->t.db, SUBSCRIPTION_PARTICIPANT, 1, &r), 0);
	assert_string_not_equal(r.etag, etag);
	feed_reply_free(&r);
	/* Six feeds in turn, twice: more than a connection keeps. */
	for (round = 0; round < 2; round++) {
		expect_reply(f, SUBSCRIPTION_PARTICIPANT, 1, "day-2@");
		expect_reply(f, SUBSCRIPTION_PARTICIPANT, 2, "talk-3@");
		expect_reply(f, SUBSCRIPTION_PARTICIPANT, 4, "day-7@");
		expect_reply(f, SUBSCRIPTION_INSTRUCTOR, 2, "day-9@");
		expect_reply(f, SUBSCRIPTION_STAFF, 1, "talk-1@");
		expect_reply(f, SUBSCRIPTION_COHORT, 2,
			     "X-WR-CALNAME:Hold: "
			     "Andet hold");
	}
	sql(f, "UPDATE cohort SET name = 'Nyt navn', updated_at = 3000 "
	       "WHERE id = 2");
	expect_reply(f, SUBSCRIPTION_COHORT, 2, "X-WR-CALNAME:Hold: Nyt navn");
}

int main(void)
{
	const struct CMUnitTest writer[] = {
		cmocka_unit_test(calendar_has_publishing_properties),
		cmocka_unit_test(local_times_hold_on_both_changeovers),
		cmocka_unit_test(text_is_escaped_and_read_back_unchanged),
		cmocka_unit_test(long_text_folds_between_characters),
		cmocka_unit_test(utc_times_are_formatted_exactly),
	};
	const struct CMUnitTest feeds[] = {
		cmocka_unit_test_setup_teardown(
			participant_feed_holds_own_days_and_talks, feed_setup,
			feed_teardown),
		cmocka_unit_test_setup_teardown(
			unchanged_schedule_gives_identical_bytes, feed_setup,
			feed_teardown),
		cmocka_unit_test_setup_teardown(
			cancelled_day_leaves_after_30_days, feed_setup,
			feed_teardown),
		cmocka_unit_test_setup_teardown(
			cancelled_cohort_cancels_its_days, feed_setup,
			feed_teardown),
		cmocka_unit_test_setup_teardown(
			referred_citizen_sees_talks_but_no_days, feed_setup,
			feed_teardown),
		cmocka_unit_test_setup_teardown(
			staff_feeds_hold_their_own_schedule, feed_setup,
			feed_teardown),
		cmocka_unit_test_setup_teardown(kept_feeds_follow_every_commit,
						feed_setup, feed_teardown),
	};
	int failed;

	failed = cmocka_run_group_tests_name("ical writer", writer, NULL, NULL);
	failed += cmocka_run_group_tests_name("feed_build", feeds, NULL, NULL);
	return failed;
}
