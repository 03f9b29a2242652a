/*
 * Unit tests for closure_import: the fixtures under tests/data/ics parsed
 * into exact dates, hostile input refused without a crash, and fetching from
 * a small HTTP server that this test runs on a loopback port of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "closure_import.h"
#include "date.h"

/* ---- Helpers ---- */

/* Reads tests/data/ics/name; the caller frees the result. */
static char *read_fixture(const char *name, size_t *len)
{
	const char *dir = getenv("MESTRING_TEST_DATA");
	struct buf b = BUF_INIT(0);
	char path[4096], chunk[4096];
	FILE *fp;
	size_t n;

	if (!dir)
		dir = "tests/data";
	snprintf(path, sizeof(path), "%s/ics/%s", dir, name);
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s (set MESTRING_TEST_DATA)", path);
	do {
		n = fread(chunk, 1, sizeof(chunk), fp);
		buf_append(&b, chunk, n);
	} while (n > 0);
	fclose(fp);
	assert_false(buf_failed(&b));
	return buf_detach(&b, len);
}

static date_t day(const char *iso)
{
	date_t d = 0;

	if (date_parse_iso(iso, &d) < 0)
		fail_msg("bad date in test: %s", iso);
	return d;
}

/* "2026-01-01 2026-04-02", or with summaries one "date summary" a line. */
static char *list_text(const struct closure_list *l, bool summaries)
{
	struct buf b = BUF_INIT(0);
	char iso[DATE_ISO_LEN + 1];
	size_t i;

	for (i = 0; i < l->n; i++) {
		date_format_iso(l->days[i].date, iso);
		if (summaries)
			buf_printf(&b, "%s %s\n", iso, l->days[i].summary);
		else
			buf_printf(&b, "%s%s", i ? " " : "", iso);
	}
	return buf_detach(&b, NULL);
}

static void assert_list(const struct closure_list *l, const char *dates,
			const char *full)
{
	char *got = list_text(l, full != NULL);

	assert_non_null(got);
	assert_string_equal(got, full ? full : dates);
	free(got);
}

/* What every successful result promises, whatever the input. */
static void assert_well_formed(const struct closure_list *l, date_t from,
			       date_t to, size_t max_days)
{
	size_t i;

	assert_true(l->n <= max_days);
	assert_true(l->n == 0 || l->days != NULL);
	for (i = 0; i < l->n; i++) {
		assert_true(l->days[i].date >= from && l->days[i].date <= to);
		assert_true(i == 0 || l->days[i - 1].date < l->days[i].date);
		assert_true(memchr(l->days[i].summary, '\0',
				   CLOSURE_SUMMARY_SIZE) != NULL);
	}
}

static void assert_empty(const struct closure_list *l)
{
	assert_null(l->days);
	assert_int_equal(l->n, 0);
}

/* ---- Parsing fixtures ---- */

struct parse_case {
	const char *name; /* the behaviour, shown by cmocka */
	const char *file;
	const char *from, *to;
	size_t max_days;
	enum closure_import_error rc;
	const char *dates; /* expected when full is NULL */
	const char *full;  /* expected "date summary" lines */
	size_t skipped;
};

static const struct parse_case parse_cases[] = {
	{"holidays_all_day_events_close_their_dates_with_first_summary",
	 "holidays-2026.ics", "2026-01-01", "2026-12-31", 0, CLOSURE_OK, NULL,
	 "2026-01-01 Nytårsdag\n"
	 "2026-04-02 Skærtorsdag\n"
	 "2026-04-03 Langfredag\n"
	 "2026-04-05 Påskedag\n"
	 "2026-04-06 2. påskedag\n"
	 "2026-05-14 Kristi himmelfartsdag\n"
	 "2026-05-24 Pinsedag\n"
	 "2026-05-25 2. pinsedag\n"
	 "2026-06-05 Grundlovsdag\n"
	 "2026-12-24 Juleaftensdag\n"
	 "2026-12-25 Juledag\n"
	 "2026-12-26 2. juledag\n"
	 "2026-12-31 Nytårsaftensdag\n",
	 0},
	{"window_keeps_only_days_between_from_and_to", "holidays-2026.ics",
	 "2026-04-03", "2026-05-24", 0, CLOSURE_OK,
	 "2026-04-03 2026-04-05 2026-04-06 2026-05-14 2026-05-24", NULL, 0},
	{"window_with_from_after_to_is_empty", "holidays-2026.ics",
	 "2026-12-31", "2026-01-01", 0, CLOSURE_OK, "", NULL, 0},
	{"max_days_equal_to_the_count_is_enough", "holidays-2026.ics",
	 "2026-01-01", "2026-12-31", 13, CLOSURE_OK,
	 "2026-01-01 2026-04-02 2026-04-03 2026-04-05 2026-04-06 2026-05-14 "
	 "2026-05-24 2026-05-25 2026-06-05 2026-12-24 2026-12-25 2026-12-26 "
	 "2026-12-31",
	 NULL, 0},
	{"one_day_more_than_max_days_is_refused", "holidays-2026.ics",
	 "2026-01-01", "2026-12-31", 12, CLOSURE_TOO_MANY_DAYS, NULL, NULL, 0},
	{"multi_day_all_day_events_close_up_to_but_not_dtend", "venue-2026.ics",
	 "2026-01-01", "2026-12-31", 0, CLOSURE_OK, NULL,
	 "2026-03-01 Slutdato før start\n"
	 "2026-07-13 Sommerlukning\n"
	 "2026-07-14 Sommerlukning\n"
	 "2026-07-15 Sommerlukning\n"
	 "2026-07-16 Sommerlukning\n"
	 "2026-07-17 Sommerlukning\n"
	 "2026-07-18 Sommerlukning\n"
	 "2026-07-19 Sommerlukning\n"
	 "2026-09-16 Personaledag\n"
	 "2026-10-12 Efterårsferie\n"
	 "2026-10-13 Efterårsferie\n"
	 "2026-10-14 Efterårsferie\n"
	 "2026-10-15 Efterårsferie\n"
	 "2026-10-16 Efterårsferie\n"
	 "2026-12-21 Juleferie\n"
	 "2026-12-22 Juleferie\n"
	 "2026-12-23 Juleferie\n"
	 "2026-12-24 Juleferie\n"
	 "2026-12-25 Juleferie\n"
	 "2026-12-26 Juleferie\n"
	 "2026-12-27 Juleferie\n"
	 "2026-12-28 Juleferie\n"
	 "2026-12-29 Juleferie\n"
	 "2026-12-30 Juleferie\n"
	 "2026-12-31 Juleferie\n",
	 0},
	{"multi_day_event_is_clipped_to_the_window", "venue-2026.ics",
	 "2026-07-17", "2026-10-12", 0, CLOSURE_OK,
	 "2026-07-17 2026-07-18 2026-07-19 2026-09-16 2026-10-12", NULL, 0},
	{"timed_events_close_every_copenhagen_date_they_touch",
	 "timed-2026.ics", "2026-01-01", "2026-12-31", 0, CLOSURE_OK, NULL,
	 "2026-03-02 UTC sent om aftenen\n"
	 "2026-03-10 Møde\n"
	 "2026-06-15 Over midnat\n"
	 "2026-06-16 Over midnat\n"
	 "2026-06-20 Slutter ved midnat\n"
	 "2026-07-01 Flydende tid\n"
	 "2026-07-02 Flydende tid\n"
	 "2026-08-02 New York\n"
	 "2026-08-05 Sti i TZID\n"
	 "2026-08-06 Ukendt tidszone\n"
	 "2026-09-02 Outlook\n"
	 "2026-10-25 Sommertid slutter\n"
	 "2026-11-02 Kursus over flere dage\n"
	 "2026-11-03 Kursus over flere dage\n"
	 "2026-11-04 Kursus over flere dage\n"
	 "2026-12-01 Uden slut\n",
	 0},
	{"rrule_rdate_exdate_and_overrides_expand_in_the_window",
	 "recurring.ics", "2026-01-01", "2029-12-31", 0, CLOSURE_OK, NULL,
	 "2026-01-02 Fredagslukning\n"
	 "2026-01-05 Aftenhold\n"
	 "2026-01-06 Aftenhold\n"
	 "2026-01-09 Fredagslukning\n"
	 "2026-01-19 Aftenhold\n"
	 "2026-01-20 Aftenhold\n"
	 "2026-01-23 Fredagslukning\n"
	 "2026-01-30 Fredagslukning\n"
	 "2026-02-03 Teammøde\n"
	 "2026-02-11 Teammøde (flyttet)\n"
	 "2026-02-27 Sidste fredag\n"
	 "2026-03-15 Generalforsamling\n"
	 "2026-03-27 Sidste fredag\n"
	 "2026-04-08 Inspektion\n"
	 "2026-04-10 Inspektion\n"
	 "2026-06-01 Hver time\n"
	 "2026-08-14 Personaledag\n"
	 "2026-12-25 Juledag\n"
	 "2027-03-01 Personaledag\n"
	 "2027-03-15 Generalforsamling\n"
	 "2027-08-14 Personaledag\n"
	 "2028-03-15 Generalforsamling\n"
	 "2028-12-25 Juledag\n"
	 "2029-03-15 Generalforsamling\n"
	 "2029-12-25 Juledag\n",
	 2},
	{"yearly_rule_from_2000_lands_on_the_same_days_far_ahead",
	 "recurring.ics", "2150-01-01", "2150-12-31", 0, CLOSURE_OK,
	 "2150-03-15 2150-12-25", NULL, 2},
	{"unbounded_daily_rule_gives_each_day_of_a_short_window",
	 "daily-unbounded.ics", "2026-03-01", "2026-03-05", 5, CLOSURE_OK,
	 "2026-03-01 2026-03-02 2026-03-03 2026-03-04 2026-03-05", NULL, 0},
	{"unbounded_daily_rule_is_capped_by_max_days", "daily-unbounded.ics",
	 "2026-01-01", "2026-12-31", 100, CLOSURE_TOO_MANY_DAYS, NULL, NULL, 0},
	{"unbounded_daily_rule_over_three_centuries_stops_quickly",
	 "daily-unbounded.ics", "1900-01-01", "2200-12-31", 0,
	 CLOSURE_TOO_MANY_DAYS, NULL, NULL, 0},
	{"cancelled_events_and_series_are_ignored", "cancelled.ics",
	 "2026-01-01", "2026-12-31", 0, CLOSURE_OK, "2026-03-11 2026-03-12",
	 NULL, 0},
	{"bom_lf_and_folded_lines_are_read_and_summaries_cleaned",
	 "folded-bom-lf.ics", "2026-01-01", "2026-12-31", 0, CLOSURE_OK, NULL,
	 "2026-03-04 Lukket på grund af vandskade i kælderen\n"
	 "2026-03-05 Linje et linje to, med komma og tabulator\n"
	 "2026-03-06 "
	 "ÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆÆ\n"
	 "2026-03-09 Ugyldig UTF-8 og styretegn og vendt\n",
	 0},
	{"html_page_is_not_icalendar", "not-ical.html", "2026-01-01",
	 "2026-12-31", 0, CLOSURE_NOT_ICALENDAR, NULL, NULL, 0},
	{"truncated_file_is_not_icalendar", "truncated.ics", "2026-01-01",
	 "2026-12-31", 0, CLOSURE_NOT_ICALENDAR, NULL, NULL, 0},
	{"vcard_is_not_icalendar", "vcard.vcf", "2026-01-01", "2026-12-31", 0,
	 CLOSURE_NOT_ICALENDAR, NULL, NULL, 0},
	{"gzip_file_itself_is_not_icalendar", "holidays-2026.ics.gz",
	 "2026-01-01", "2026-12-31", 0, CLOSURE_NOT_ICALENDAR, NULL, NULL, 0},
};

static void run_parse_case(void **state)
{
	const struct parse_case *t = *state;
	struct closure_list l = {.days = NULL};
	char err[256] = "x";
	size_t len;
	char *text = read_fixture(t->file, &len);
	enum closure_import_error rc;

	rc = closure_import_parse(text, len, day(t->from), day(t->to),
				  t->max_days, &l, err, sizeof(err));
	assert_int_equal(rc, t->rc);
	if (rc == CLOSURE_OK) {
		assert_string_equal(err, "");
		assert_list(&l, t->dates, t->full);
		assert_int_equal(l.skipped, t->skipped);
	} else {
		assert_empty(&l);
		assert_true(err[0] != '\0');
	}
	closure_list_free(&l);
	free(text);
}

/* ---- Hostile and malformed text held in the test ---- */

struct text_case {
	const char *name;
	const char *text;
	enum closure_import_error rc;
	const char *dates;
	size_t skipped;
};

#define CAL(body)                                                              \
	"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//DA\r\n" body        \
	"END:VCALENDAR\r\n"
#define EVENT(body) "BEGIN:VEVENT\r\nUID:x\r\n" body "END:VEVENT\r\n"

static const struct text_case text_cases[] = {
	{"empty_text_is_not_icalendar", "", CLOSURE_NOT_ICALENDAR, NULL, 0},
	{"begin_alone_is_not_icalendar", "BEGIN:VCALENDAR",
	 CLOSURE_NOT_ICALENDAR, NULL, 0},
	{"end_alone_is_not_icalendar", "END:VCALENDAR\r\n",
	 CLOSURE_NOT_ICALENDAR, NULL, 0},
	{"bare_vevent_is_not_icalendar",
	 EVENT("DTSTART;VALUE=DATE:20260105\r\n"), CLOSURE_NOT_ICALENDAR, NULL,
	 0},
	{"mismatched_end_is_not_icalendar",
	 "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
	 CLOSURE_NOT_ICALENDAR, NULL, 0},
	{"junk_after_the_calendar_is_not_icalendar",
	 CAL("") "<html></html>\r\n", CLOSURE_NOT_ICALENDAR, NULL, 0},
	{"empty_calendar_closes_nothing", CAL(""), CLOSURE_OK, "", 0},
	{"lower_case_keywords_are_accepted",
	 "begin:vcalendar\r\nbegin:vevent\r\ndtstart;value=date:20260105\r\n"
	 "end:vevent\r\nend:vcalendar\r\n",
	 CLOSURE_OK, "2026-01-05", 0},
	{"two_calendars_in_one_file_are_both_read",
	 CAL(EVENT("DTSTART;VALUE=DATE:20260105\r\n"))
		 CAL(EVENT("DTSTART;VALUE=DATE:20260106\r\n")),
	 CLOSURE_OK, "2026-01-05 2026-01-06", 0},
	{"event_without_dtstart_is_skipped",
	 CAL(EVENT("SUMMARY:Ingen start\r\n")
		     EVENT("DTSTART;VALUE=DATE:20260105\r\n")),
	 CLOSURE_OK, "2026-01-05", 1},
	{"impossible_date_is_skipped",
	 CAL(EVENT("DTSTART;VALUE=DATE:20261340\r\n")), CLOSURE_OK, "", 1},
	{"rule_that_never_matches_ends",
	 CAL(EVENT("DTSTART;VALUE=DATE:20260105\r\n"
		   "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\n")),
	 CLOSURE_OK, "2026-01-05", 0},
	{"hourly_rule_is_skipped_but_its_first_day_kept",
	 CAL(EVENT("DTSTART:20260105T100000Z\r\n"
		   "RRULE:FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30\r\n")),
	 CLOSURE_OK, "2026-01-05", 1},
	{"malformed_rule_is_skipped",
	 CAL(EVENT("DTSTART;VALUE=DATE:20260105\r\nRRULE:FREQ=SOMETIMES\r\n")),
	 CLOSURE_OK, "2026-01-05", 1},
	{"timezone_with_a_secondly_rule_cannot_stall_the_parse",
	 CAL("BEGIN:VTIMEZONE\r\nTZID:Evil\r\nBEGIN:STANDARD\r\n"
	     "DTSTART:16010101T000000\r\nRRULE:FREQ=SECONDLY\r\n"
	     "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
	     "END:VTIMEZONE\r\n" EVENT(
		     "DTSTART;TZID=Evil:20260105T230000\r\n")),
	 CLOSURE_OK, "2026-01-05", 0},
	{"long_count_walk_is_cut_off_by_the_step_budget",
	 CAL(EVENT("DTSTART:19000101T000000Z\r\n"
		   "RRULE:FREQ=DAILY;COUNT=2000000;BYHOUR=0,1,2,3,4,5,6,7,8,9,"
		   "10,11,12,13,14,15,16,17,18,19,20,21,22,23\r\n")),
	 CLOSURE_TOO_MANY_DAYS, NULL, 0},
	{"four_levels_of_nesting_are_read",
	 CAL(EVENT("DTSTART;VALUE=DATE:20260105\r\nBEGIN:VALARM\r\n"
		   "BEGIN:X-NOTE\r\nX-A:1\r\nEND:X-NOTE\r\nEND:VALARM\r\n")),
	 CLOSURE_OK, "2026-01-05", 0},
	{"five_levels_of_nesting_are_too_deep",
	 CAL(EVENT("DTSTART;VALUE=DATE:20260105\r\nBEGIN:VALARM\r\n"
		   "BEGIN:X-NOTE\r\nBEGIN:X-MORE\r\nEND:X-MORE\r\n"
		   "END:X-NOTE\r\nEND:VALARM\r\n")),
	 CLOSURE_TOO_DEEP, NULL, 0},
	{"white_space_before_the_colon_still_nests",
	 CAL("BEGIN :X-A\r\nBEGIN\t:X-B\r\nbegin \x0b\x1c;X-C\r\n"
	     "BEGIN:X-D\r\nEND:X-D\r\nEND:X-C\r\nEND:X-B\r\nEND:X-A\r\n"),
	 CLOSURE_TOO_DEEP, NULL, 0},
	{"folded_keyword_still_nests",
	 CAL("BEGIN:X-A\r\nBEG\r\n IN:X-B\r\nB\r\n\tEGIN:X-C\r\n"
	     "BEGIN:X-D\r\nEND:X-D\r\nEND:X-C\r\nEND:X-B\r\nEND:X-A\r\n"),
	 CLOSURE_TOO_DEEP, NULL, 0},
	{"folded_event_is_read",
	 CAL("BEG\r\n IN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:2026\r\n"
	     " 0105\r\nE\r\n ND:VEVENT\r\n"),
	 CLOSURE_OK, "2026-01-05", 0},
	{"bare_cr_is_not_a_line_break",
	 "BEGIN:VCALENDAR\r\nEND:VCALENDAR                          "
	 "\rBEGIN:X-A\rBEGIN:X-B\rEND:X-B\rEND:X-A\r",
	 CLOSURE_NOT_ICALENDAR, NULL, 0},
	{"cr_only_file_is_not_icalendar",
	 "BEGIN:VCALENDAR\rBEGIN:VEVENT\rDTSTART;VALUE=DATE:20260105\r"
	 "END:VEVENT\rEND:VCALENDAR\r",
	 CLOSURE_NOT_ICALENDAR, NULL, 0},
	{"tzid_with_a_path_is_taken_as_copenhagen",
	 CAL(EVENT("DTSTART;TZID=/../../../../etc/passwd:20260105T230000\r\n")),
	 CLOSURE_OK, "2026-01-05", 0},
};

static void run_text_case(void **state)
{
	const struct text_case *t = *state;
	struct closure_list l = {.days = NULL};
	char err[256];
	enum closure_import_error rc;

	rc = closure_import_parse(t->text, strlen(t->text), day("2026-01-01"),
				  day("2026-12-31"), 0, &l, err, sizeof(err));
	assert_int_equal(rc, t->rc);
	if (rc == CLOSURE_OK) {
		assert_list(&l, t->dates, NULL);
		assert_int_equal(l.skipped, t->skipped);
	} else {
		assert_empty(&l);
	}
	closure_list_free(&l);
}

static void not_icalendar_has_the_danish_message(void **state)
{
	struct closure_list l = {.days = NULL};
	char err[256];

	(void)state;
	assert_int_equal(closure_import_parse("<html>", 6, 0, 1, 0, &l, err,
					      sizeof(err)),
			 CLOSURE_NOT_ICALENDAR);
	assert_string_equal(err, "Filen er ikke en gyldig iCalendar-fil.");
	assert_int_equal(closure_import_parse(NULL, 10, 0, 1, 0, &l, NULL, 0),
			 CLOSURE_NOT_ICALENDAR);
	assert_empty(&l);
}

static void too_many_days_names_the_limit(void **state)
{
	struct closure_list l = {.days = NULL};
	size_t len;
	char *text = read_fixture("daily-unbounded.ics", &len);
	char err[256];

	(void)state;
	assert_int_equal(closure_import_parse(text, len, day("2026-01-01"),
					      day("2026-12-31"), 100, &l, err,
					      sizeof(err)),
			 CLOSURE_TOO_MANY_DAYS);
	assert_string_equal(
		err, "Kalenderen har mere end 100 lukkedage i perioden.");
	assert_empty(&l);
	free(text);
}

/*
 * Hostile nesting is parsed on a thread with a CivetWeb worker's stack
 * (about 100 KiB): libical frees components recursively, so nesting that
 * reached it would overflow here long before the 8 MiB of the main thread.
 */
#define WORKER_STACK (100 * 1024)

struct worker_parse {
	const char *text;
	size_t len;
	enum closure_import_error rc;
	size_t n;
	char err[256];
};

static void *worker_parse_run(void *arg)
{
	struct worker_parse *w = arg;
	struct closure_list l = {.days = NULL};

	w->rc = closure_import_parse(w->text, w->len, 0, 100000, 0, &l, w->err,
				     sizeof(w->err));
	w->n = l.n;
	closure_list_free(&l);
	return NULL;
}

static enum closure_import_error parse_on_worker_stack(const struct buf *b,
						       struct worker_parse *w)
{
	pthread_attr_t attr;
	pthread_t t;

	assert_false(buf_failed(b));
	w->text = b->data;
	w->len = b->len;
	assert_int_equal(pthread_attr_init(&attr), 0);
	assert_int_equal(pthread_attr_setstacksize(&attr, WORKER_STACK), 0);
	assert_int_equal(pthread_create(&t, &attr, worker_parse_run, w), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	pthread_attr_destroy(&attr);
	return w->rc;
}

static void nesting_bomb_is_refused_before_libical(void **state)
{
	struct buf b = BUF_INIT(0);
	struct worker_parse w;
	int i;

	(void)state;
	buf_puts(&b, "BEGIN:VCALENDAR\r\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "BEGIN:VEVENT\r\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "END:VEVENT\r\n");
	buf_puts(&b, "END:VCALENDAR\r\n");
	assert_int_equal(parse_on_worker_stack(&b, &w), CLOSURE_TOO_DEEP);
	assert_string_equal(w.err, "Kalenderfilen har BEGIN-blokke inden i "
				   "hinanden i mere end 4 niveauer.");
	buf_free(&b);
}

/*
 * libical splits on a bare CR after the last LF, where a scan that split
 * on LF alone saw one line: "END:VCALENDAR" and blanks, the rest beyond
 * what it looked at. 100,000 nested X-FOOs then reached libical.
 */
static void bare_cr_cannot_hide_a_nesting_bomb(void **state)
{
	struct buf b = BUF_INIT(0);
	struct worker_parse w;
	int i;

	(void)state;
	buf_puts(&b, "BEGIN:VCALENDAR\r\nEND:VCALENDAR"
		     "                          \r");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "BEGIN:X-FOO\r");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "END:X-FOO\r");
	assert_int_equal(parse_on_worker_stack(&b, &w), CLOSURE_NOT_ICALENDAR);
	buf_free(&b);
}

/* libical takes "BEGIN :X" for BEGIN (it trims the name); a scan that
 * wanted the colon right after BEGIN did not count it. */
static void white_space_cannot_hide_a_nesting_bomb(void **state)
{
	struct buf b = BUF_INIT(0);
	struct worker_parse w;
	int i;

	(void)state;
	buf_puts(&b, "BEGIN:VCALENDAR\r\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "BEGIN :X-FOO\r\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "END\t:X-FOO\r\n");
	buf_puts(&b, "END:VCALENDAR\r\n");
	assert_int_equal(parse_on_worker_stack(&b, &w), CLOSURE_TOO_DEEP);
	buf_free(&b);
}

/*
 * libical does not unfold a line that follows an empty one, so " END:X"
 * there is no END to it; a scan that unfolded it saw an END. Ends it did
 * not see and begins it saw twice let nesting grow that the scan missed.
 * libical now reads the scan's own unfolded copy.
 */
static void unfolding_after_an_empty_line_cannot_hide_nesting(void **state)
{
	struct buf b = BUF_INIT(0);
	struct worker_parse w;
	int i;

	(void)state;
	buf_puts(&b, "BEGIN:VCALENDAR\n");
	for (i = 0; i < 50000; i++)
		buf_puts(&b, "BEGIN:X-FOO\n\n END:X-FOO\n");
	for (i = 0; i < 50000; i++)
		buf_puts(&b, "\n BEGIN:X-BAR\nEND:X-BAR\n");
	buf_puts(&b, "END:VCALENDAR\n");
	assert_int_equal(parse_on_worker_stack(&b, &w), CLOSURE_OK);
	assert_int_equal(w.n, 0);
	buf_free(&b);
}

static void nul_byte_is_not_icalendar(void **state)
{
	static const char text[] =
		"BEGIN:VCALENDAR\r\nX-A:\0b\r\nEND:VCALENDAR\r\n";
	struct closure_list l = {.days = NULL};

	(void)state;
	assert_int_equal(closure_import_parse(text, sizeof(text) - 1, 0, 1, 0,
					      &l, NULL, 0),
			 CLOSURE_NOT_ICALENDAR);
}

/*
 * What parsing damaged input may give: dates, or one of the refusals a
 * user can be shown (a rule mangled into one that never matches can run
 * into the expansion budget).
 */
static void assert_clean_outcome(enum closure_import_error rc, int round)
{
	if (rc != CLOSURE_OK && rc != CLOSURE_NOT_ICALENDAR &&
	    rc != CLOSURE_TOO_DEEP && rc != CLOSURE_TOO_MANY_DAYS)
		fail_msg("round %d gave %d", round, rc);
}

/* xorshift32: the same "random" bytes on every run. */
static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void random_binary_is_not_icalendar(void **state)
{
	struct closure_list l = {.days = NULL};
	unsigned char data[4096];
	uint32_t seed = 12345;
	size_t i, n;
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		n = 1 + next_random(&seed) % sizeof(data);
		for (i = 0; i < n; i++)
			data[i] = (unsigned char)next_random(&seed);
		assert_int_equal(closure_import_parse((char *)data, n, 0,
						      100000, 0, &l, NULL, 0),
				 CLOSURE_NOT_ICALENDAR);
		assert_empty(&l);
	}
}

/* Garbage inside a well-formed frame reaches libical itself. */
static void garbage_inside_a_calendar_never_crashes(void **state)
{
	struct buf b = BUF_INIT(0);
	struct closure_list l = {.days = NULL};
	enum closure_import_error rc;
	uint32_t seed = 777;
	size_t i, n;
	int round;
	char ch;

	(void)state;
	for (round = 0; round < 300; round++) {
		buf_reset(&b);
		buf_puts(&b, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n");
		n = next_random(&seed) % 600;
		for (i = 0; i < n; i++) {
			ch = (char)(next_random(&seed) % 255 + 1);
			/* Lines that look like properties now and then. */
			if (next_random(&seed) % 16 == 0)
				buf_puts(&b, "\r\nDTSTART;VALUE=DATE:2026");
			buf_putc(&b, ch);
		}
		buf_puts(&b, "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
		rc = closure_import_parse(b.data, b.len, day("2026-01-01"),
					  day("2026-12-31"), 0, &l, NULL, 0);
		assert_clean_outcome(rc, round);
		if (rc == CLOSURE_OK)
			assert_well_formed(&l, day("2026-01-01"),
					   day("2026-12-31"), 1000);
		else
			assert_empty(&l);
		closure_list_free(&l);
	}
	buf_free(&b);
}

/* Every cut of a download short of END:VCALENDAR is refused, none crash. */
static void every_truncation_is_refused(void **state)
{
	struct closure_list l = {.days = NULL};
	enum closure_import_error rc;
	const char *end;
	size_t len, cut, whole;
	char *text = read_fixture("recurring.ics", &len);

	(void)state;
	end = strstr(text, "END:VCALENDAR");
	assert_non_null(end);
	whole = (size_t)(end - text) + strlen("END:VCALENDAR");
	for (cut = 0; cut <= len; cut++) {
		rc = closure_import_parse(text, cut, day("2026-01-01"),
					  day("2029-12-31"), 0, &l, NULL, 0);
		if (cut >= whole) {
			assert_int_equal(rc, CLOSURE_OK);
			assert_int_equal(l.n, 25);
		} else if (rc != CLOSURE_NOT_ICALENDAR) {
			fail_msg("cut at %zu of %zu gave %d", cut, len, rc);
		}
		closure_list_free(&l);
	}
	free(text);
}

/* Flipped bytes anywhere give a clean result or a clean refusal. */
static void mutated_bytes_never_break_the_result(void **state)
{
	struct closure_list l = {.days = NULL};
	enum closure_import_error rc;
	uint32_t seed = 4242;
	size_t len, i;
	char *text = read_fixture("timed-2026.ics", &len);
	char *copy = malloc(len);
	int round, k;

	(void)state;
	assert_non_null(copy);
	for (round = 0; round < 150; round++) {
		memcpy(copy, text, len);
		for (k = 0; k < 4; k++) {
			i = next_random(&seed) % len;
			copy[i] = (char)next_random(&seed);
		}
		rc = closure_import_parse(copy, len, day("2026-01-01"),
					  day("2026-12-31"), 0, &l, NULL, 0);
		assert_clean_outcome(rc, round);
		if (rc == CLOSURE_OK)
			assert_well_formed(&l, day("2026-01-01"),
					   day("2026-12-31"), 1000);
		else
			assert_empty(&l);
		closure_list_free(&l);
	}
	free(copy);
	free(text);
}

struct thread_job {
	const char *text;
	size_t len;
	const char *want;
	int failures;
};

static void *parse_repeatedly(void *arg)
{
	struct thread_job *job = arg;
	struct closure_list l = {.days = NULL};
	char *got;
	int i;

	for (i = 0; i < 20; i++) {
		if (closure_import_parse(job->text, job->len, day("2026-01-01"),
					 day("2026-12-31"), 0, &l, NULL,
					 0) != CLOSURE_OK) {
			job->failures++;
			continue;
		}
		got = list_text(&l, false);
		if (!got || strcmp(got, job->want) != 0)
			job->failures++;
		free(got);
		closure_list_free(&l);
	}
	return NULL;
}

/* libical is used from server threads; time zones must not be mixed up. */
static void parse_gives_the_same_days_in_several_threads(void **state)
{
	struct thread_job jobs[4];
	pthread_t threads[4];
	size_t len;
	char *text = read_fixture("timed-2026.ics", &len);
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		jobs[i] = (struct thread_job){
			text, len,
			"2026-03-02 2026-03-10 2026-06-15 2026-06-16 "
			"2026-06-20 "
			"2026-07-01 2026-07-02 2026-08-02 2026-08-05 "
			"2026-08-06 "
			"2026-09-02 2026-10-25 2026-11-02 2026-11-03 "
			"2026-11-04 "
			"2026-12-01",
			0};
		assert_int_equal(pthread_create(&threads[i], NULL,
						parse_repeatedly, &jobs[i]),
				 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	free(text);
}

static void error_messages_cover_every_code(void **state)
{
	int e;

	(void)state;
	for (e = 0; e < CLOSURE_ERROR__MAX; e++)
		assert_true(strlen(closure_import_error_message(e)) > 0);
	assert_string_equal(closure_import_error_message(CLOSURE_ERROR__MAX),
			    "Ukendt fejl.");
	assert_string_equal(closure_import_error_message(CLOSURE_NOT_ICALENDAR),
			    "Filen er ikke en gyldig iCalendar-fil.");
	assert_string_equal(closure_import_error_message(CLOSURE_TOO_DEEP),
			    "Kalenderfilen har BEGIN-blokke inden i hinanden i "
			    "mere end 4 niveauer.");
}

/* ---- A small HTTP server on loopback ---- */

struct server {
	int fd;
	int port;
	pthread_t thread;
	atomic_bool stop;
	atomic_int requests;
	pthread_mutex_t lock;
	char last_request[2048]; /* under lock */
	char *ics, *gz, *bomb, *html;
	size_t ics_len, gz_len, bomb_len, html_len;
};

static int send_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void respond(int fd, const char *status, const char *headers,
		    const void *body, size_t len)
{
	char head[512];

	snprintf(head, sizeof(head),
		 "HTTP/1.1 %s\r\nContent-Length: %zu\r\nConnection: close\r\n"
		 "%s\r\n",
		 status, len, headers);
	if (send_all(fd, head, strlen(head)) == 0 && len)
		send_all(fd, body, len);
}

static void redirect(int fd, const char *location)
{
	char headers[256];

	snprintf(headers, sizeof(headers), "Location: %s\r\n", location);
	respond(fd, "302 Found", headers, "", 0);
}

/* Streams calendar-looking lines until max bytes or the client gives up. */
static void stream(int fd, const char *head, size_t max)
{
	static const char line[] = "X-PADDING:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				   "aaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
	size_t sent = 0;

	if (send_all(fd, head, strlen(head)) < 0)
		return;
	while (sent < max && send_all(fd, line, sizeof(line) - 1) == 0)
		sent += sizeof(line) - 1;
}

/* Waits (at most 5 s) for the client to hang up. */
static void stall(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char tmp[256];

	while (poll(&p, 1, 5000) > 0 && recv(fd, tmp, sizeof(tmp), 0) > 0)
		;
}

static void route(struct server *s, int fd, const char *path)
{
	static const char ical[] = "Content-Type: text/calendar\r\n";
	static const char gzip[] = "Content-Type: text/calendar\r\n"
				   "Content-Encoding: gzip\r\n";
	static const char slow[] = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n"
				   "\r\nBEGIN:VCALENDAR\r\n";
	char next[64];
	int hop;

	if (strcmp(path, "/holidays.ics") == 0)
		respond(fd, "200 OK", ical, s->ics, s->ics_len);
	else if (strcmp(path, "/gzip.ics") == 0)
		respond(fd, "200 OK", gzip, s->gz, s->gz_len);
	else if (strcmp(path, "/bomb.ics") == 0)
		respond(fd, "200 OK", gzip, s->bomb, s->bomb_len);
	else if (strcmp(path, "/login.html") == 0)
		respond(fd, "200 OK", "Content-Type: text/html\r\n", s->html,
			s->html_len);
	else if (strcmp(path, "/server-error.ics") == 0)
		respond(fd, "500 Internal Server Error", "", "fejl", 4);
	else if (strcmp(path, "/big-length.ics") == 0)
		stream(fd,
		       "HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n"
		       "Connection: close\r\n\r\nBEGIN:VCALENDAR\r\n",
		       2000000);
	else if (strcmp(path, "/big-stream.ics") == 0)
		stream(fd,
		       "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
		       "BEGIN:VCALENDAR\r\n",
		       2000000);
	else if (strcmp(path, "/slow.ics") == 0) {
		if (send_all(fd, slow, strlen(slow)) == 0)
			stall(fd);
	} else if (sscanf(path, "/hop/%d", &hop) == 1 && hop > 0) {
		snprintf(next, sizeof(next), "/hop/%d", hop - 1);
		redirect(fd, next);
	} else if (strcmp(path, "/hop/0") == 0)
		redirect(fd, "/holidays.ics");
	else if (strcmp(path, "/to-file") == 0)
		redirect(fd, "file:///etc/passwd");
	else if (strcmp(path, "/to-ftp") == 0)
		redirect(fd, "ftp://127.0.0.1/closures.ics");
	else
		respond(fd, "404 Not Found", "", "ikke fundet", 11);
}

static void serve(struct server *s, int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char req[2048], path[256];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof(req) - 1 && poll(&p, 1, 2000) > 0) {
		n = recv(fd, req + len, sizeof(req) - 1 - len, 0);
		if (n <= 0)
			return;
		len += (size_t)n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[len] = '\0';
	pthread_mutex_lock(&s->lock);
	snprintf(s->last_request, sizeof(s->last_request), "%s", req);
	pthread_mutex_unlock(&s->lock);
	if (sscanf(req, "GET %255s HTTP/1.1", path) != 1)
		return;
	route(s, fd, path);
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	struct pollfd p = {.fd = s->fd, .events = POLLIN};
	int fd;

	while (!atomic_load(&s->stop)) {
		if (poll(&p, 1, 50) <= 0)
			continue;
		fd = accept(s->fd, NULL, NULL);
		if (fd < 0)
			continue;
		atomic_fetch_add(&s->requests, 1);
		serve(s, fd);
		close(fd);
	}
	return NULL;
}

/* A socket bound to 127.0.0.1 on a port the kernel picks. */
static int listen_loopback(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static int server_start(void **state)
{
	struct server *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	s->ics = read_fixture("holidays-2026.ics", &s->ics_len);
	s->gz = read_fixture("holidays-2026.ics.gz", &s->gz_len);
	s->bomb = read_fixture("bomb.ics.gz", &s->bomb_len);
	s->html = read_fixture("not-ical.html", &s->html_len);
	pthread_mutex_init(&s->lock, NULL);
	s->fd = listen_loopback(&s->port);
	if (s->fd < 0 || pthread_create(&s->thread, NULL, server_main, s) != 0)
		return -1;
	*state = s;
	return 0;
}

static int server_stop(void **state)
{
	struct server *s = *state;

	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	close(s->fd);
	pthread_mutex_destroy(&s->lock);
	free(s->ics);
	free(s->gz);
	free(s->bomb);
	free(s->html);
	free(s);
	return 0;
}

/* ---- Fetching ---- */

static const struct closure_import_limits test_limits = {
	.max_bytes = 64 * 1024,
	.timeout_ms = 5000,
	.max_redirects = 3,
	.max_days = 1000,
	.allow_private = true, /* the test's server is on loopback */
};

struct fetch_case {
	const char *path;
	long timeout_ms; /* 0: test_limits' */
	enum closure_import_error rc;
	const char *err; /* exact message; "" on success */
	const char *dates;
};

#define HOLIDAYS                                                               \
	"2026-01-01 2026-04-02 2026-04-03 2026-04-05 2026-04-06 2026-05-14 "   \
	"2026-05-24 2026-05-25 2026-06-05 2026-12-24 2026-12-25 2026-12-26 "   \
	"2026-12-31"

static const struct fetch_case fetch_cases[] = {
	{"/holidays.ics", 0, CLOSURE_OK, "", HOLIDAYS},
	{"/gzip.ics", 0, CLOSURE_OK, "", HOLIDAYS},
	{"/hop/2", 0, CLOSURE_OK, "", HOLIDAYS},
	{"/login.html", 0, CLOSURE_NOT_ICALENDAR,
	 "Filen er ikke en gyldig iCalendar-fil.", NULL},
	{"/missing.ics", 0, CLOSURE_HTTP_STATUS,
	 "Kalenderen kunne ikke hentes: serveren svarede 404.", NULL},
	{"/server-error.ics", 0, CLOSURE_HTTP_STATUS,
	 "Kalenderen kunne ikke hentes: serveren svarede 500.", NULL},
	{"/big-length.ics", 0, CLOSURE_TOO_LARGE, "Filen er større end 64 kB.",
	 NULL},
	{"/big-stream.ics", 0, CLOSURE_TOO_LARGE, "Filen er større end 64 kB.",
	 NULL},
	{"/bomb.ics", 0, CLOSURE_TOO_LARGE, "Filen er større end 64 kB.", NULL},
	{"/slow.ics", 500, CLOSURE_TIMEOUT,
	 "Serveren svarede ikke inden for 0,5 sekunder.", NULL},
	{"/hop/3", 0, CLOSURE_TOO_MANY_REDIRECTS,
	 "Serveren viderestillede mere end 3 gange.", NULL},
	{"/to-file", 0, CLOSURE_BAD_URL,
	 "Serveren viderestillede til en adresse, der ikke er http eller "
	 "https.",
	 NULL},
	{"/to-ftp", 0, CLOSURE_BAD_URL,
	 "Serveren viderestillede til en adresse, der ikke er http eller "
	 "https.",
	 NULL},
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void fetch_gives_the_documented_result_for_each_response(void **state)
{
	struct server *s = *state;
	struct closure_import_limits lim;
	struct closure_list l = {.days = NULL};
	struct timespec t0;
	char url[256], err[256];
	enum closure_import_error rc;
	size_t i;

	for (i = 0; i < sizeof(fetch_cases) / sizeof(fetch_cases[0]); i++) {
		const struct fetch_case *t = &fetch_cases[i];

		lim = test_limits;
		if (t->timeout_ms)
			lim.timeout_ms = t->timeout_ms;
		snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", s->port,
			 t->path);
		print_message("fetch %s\n", t->path);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = closure_import_fetch(url, day("2026-01-01"),
					  day("2026-12-31"), &lim, &l, err,
					  sizeof(err));
		assert_int_equal(rc, t->rc);
		assert_string_equal(err, t->err);
		if (rc == CLOSURE_OK)
			assert_list(&l, t->dates, NULL);
		else
			assert_empty(&l);
		/* Nothing waits for the server's stall or full stream. */
		assert_true(seconds_since(&t0) < 2.0);
		closure_list_free(&l);
	}
}

static void fetch_sends_user_agent_and_accepts_gzip(void **state)
{
	struct server *s = *state;
	struct closure_list l = {.days = NULL};
	char url[256];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/holidays.ics", s->port);
	assert_int_equal(
		closure_import_fetch(url, 0, 100000, &test_limits, &l, NULL, 0),
		CLOSURE_OK);
	pthread_mutex_lock(&s->lock);
	assert_non_null(
		strstr(s->last_request, "\r\nUser-Agent: mestring\r\n"));
	assert_non_null(strstr(s->last_request, "\r\nAccept-Encoding: "));
	assert_non_null(strstr(s->last_request, "gzip"));
	pthread_mutex_unlock(&s->lock);
	closure_list_free(&l);
}

struct bad_url {
	const char *url; /* PORT: the test server's port */
	const char *err;
};

static const struct bad_url bad_urls[] = {
	{"", "Angiv adressen på kalenderen."},
	{"ftp://x", "Adressen skal begynde med http:// eller https://."},
	{"javascript:alert(1)",
	 "Adressen skal begynde med http:// eller https://."},
	{"file:///etc/passwd",
	 "Adressen skal begynde med http:// eller https://."},
	{"127.0.0.1:PORT/holidays.ics",
	 "Adressen skal begynde med http:// eller https://."},
	{"webcal://127.0.0.1:PORT/holidays.ics",
	 "Adressen skal begynde med https:// (skift webcal:// ud med "
	 "https://)."},
	{"http://user:pass@127.0.0.1:PORT/holidays.ics",
	 "Adressen må ikke indeholde brugernavn eller adgangskode."},
	{"http://user@127.0.0.1:PORT/holidays.ics",
	 "Adressen må ikke indeholde brugernavn eller adgangskode."},
	{"http://:pass@127.0.0.1:PORT/holidays.ics",
	 "Adressen må ikke indeholde brugernavn eller adgangskode."},
	{"http://127.0.0.1:PORT/holidays .ics",
	 "Adressen må ikke indeholde mellemrum eller kontroltegn."},
	{"http://127.0.0.1:PORT/holidays.ics\r\nX-Evil: 1",
	 "Adressen må ikke indeholde mellemrum eller kontroltegn."},
	{"http://", "Adressen er ikke en gyldig webadresse."},
	{"http://127.0.0.1:99999/holidays.ics",
	 "Adressen er ikke en gyldig webadresse."},
};

/* Puts the server's port where the template says PORT. */
static void with_port(const char *tmpl, int port, char *out, size_t len)
{
	const char *at = strstr(tmpl, "PORT");

	if (at)
		snprintf(out, len, "%.*s%d%s", (int)(at - tmpl), tmpl, port,
			 at + 4);
	else
		snprintf(out, len, "%s", tmpl);
}

static void bad_urls_are_refused_without_a_request(void **state)
{
	struct server *s = *state;
	struct closure_list l = {.days = NULL};
	int before = atomic_load(&s->requests);
	char url[256], err[256];
	struct buf longurl = BUF_INIT(0);
	size_t i;

	for (i = 0; i < sizeof(bad_urls) / sizeof(bad_urls[0]); i++) {
		with_port(bad_urls[i].url, s->port, url, sizeof(url));
		print_message("bad url %zu\n", i);
		assert_int_equal(closure_import_fetch(url, 0, 100000,
						      &test_limits, &l, err,
						      sizeof(err)),
				 CLOSURE_BAD_URL);
		assert_string_equal(err, bad_urls[i].err);
		assert_empty(&l);
	}
	assert_int_equal(
		closure_import_fetch(NULL, 0, 1, NULL, &l, err, sizeof(err)),
		CLOSURE_BAD_URL);
	buf_printf(&longurl, "http://127.0.0.1:%d/", s->port);
	while (longurl.len <= 2048)
		buf_puts(&longurl, "aaaaaaaa");
	assert_int_equal(closure_import_fetch(longurl.data, 0, 1, NULL, &l, err,
					      sizeof(err)),
			 CLOSURE_BAD_URL);
	assert_string_equal(err, "Adressen er for lang.");
	buf_free(&longurl);
	assert_int_equal(atomic_load(&s->requests), before);
}

/* By default the server's own and private networks are off limits, so a
 * project leader cannot make it probe them: no request reaches them. */
static void private_addresses_are_refused_by_default(void **state)
{
	static const char *const hosts[] = {"127.0.0.1", "127.8.9.10",
					    "localhost"};
	struct server *s = *state;
	struct closure_list l = {.days = NULL};
	int before = atomic_load(&s->requests);
	char url[128], err[256];
	size_t i;

	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		snprintf(url, sizeof(url), "http://%s:%d/holidays.ics",
			 hosts[i], s->port);
		assert_int_equal(closure_import_fetch(url, 0, 100000, NULL, &l,
						      err, sizeof(err)),
				 CLOSURE_BAD_URL);
		assert_string_equal(err, "Adressen peger på et internt "
					 "netværk; kun offentlige kalendere "
					 "kan hentes.");
		assert_empty(&l);
	}
	assert_int_equal(atomic_load(&s->requests), before);
}

static void closed_port_is_a_fetch_error(void **state)
{
	struct closure_list l = {.days = NULL};
	char url[128], err[256];
	int port, fd = listen_loopback(&port);

	(void)state;
	assert_true(fd >= 0);
	close(fd); /* nothing listens there now */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/holidays.ics", port);
	assert_int_equal(closure_import_fetch(url, 0, 1, &test_limits, &l, err,
					      sizeof(err)),
			 CLOSURE_FETCH);
	assert_string_equal(err, "Kalenderen kunne ikke hentes: der kunne ikke "
				 "oprettes forbindelse til serveren.");
	assert_empty(&l);
}

int main(void)
{
	enum { NPARSE = sizeof(parse_cases) / sizeof(parse_cases[0]) };
	enum { NTEXT = sizeof(text_cases) / sizeof(text_cases[0]) };
	struct CMUnitTest table[NPARSE + NTEXT];
	const struct CMUnitTest parse_tests[] = {
		cmocka_unit_test(not_icalendar_has_the_danish_message),
		cmocka_unit_test(too_many_days_names_the_limit),
		cmocka_unit_test(nesting_bomb_is_refused_before_libical),
		cmocka_unit_test(bare_cr_cannot_hide_a_nesting_bomb),
		cmocka_unit_test(white_space_cannot_hide_a_nesting_bomb),
		cmocka_unit_test(
			unfolding_after_an_empty_line_cannot_hide_nesting),
		cmocka_unit_test(nul_byte_is_not_icalendar),
		cmocka_unit_test(random_binary_is_not_icalendar),
		cmocka_unit_test(garbage_inside_a_calendar_never_crashes),
		cmocka_unit_test(every_truncation_is_refused),
		cmocka_unit_test(mutated_bytes_never_break_the_result),
		cmocka_unit_test(parse_gives_the_same_days_in_several_threads),
		cmocka_unit_test(error_messages_cover_every_code),
	};
	const struct CMUnitTest fetch_tests[] = {
		cmocka_unit_test(
			fetch_gives_the_documented_result_for_each_response),
		cmocka_unit_test(fetch_sends_user_agent_and_accepts_gzip),
		cmocka_unit_test(bad_urls_are_refused_without_a_request),
		cmocka_unit_test(private_addresses_are_refused_by_default),
		cmocka_unit_test(closed_port_is_a_fetch_error),
	};
	size_t i;
	int failed = 0;

	/* Loopback requests must not wander off to a proxy from the CI. */
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	for (i = 0; i < NPARSE; i++)
		table[i] = (struct CMUnitTest){parse_cases[i].name,
					       run_parse_case, NULL, NULL,
					       (void *)&parse_cases[i]};
	for (i = 0; i < NTEXT; i++)
		table[NPARSE + i] = (struct CMUnitTest){
			text_cases[i].name, run_text_case, NULL, NULL,
			(void *)&text_cases[i]};
	failed += cmocka_run_group_tests_name("closure_import_fixtures", table,
					      NULL, NULL);
	failed += cmocka_run_group_tests(parse_tests, NULL, NULL);
	failed += cmocka_run_group_tests(fetch_tests, server_start,
					 server_stop);
	return failed;
}
