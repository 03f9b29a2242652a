/*
 * Unit tests for host_followup.c: working days around Easter, a week's
 * last planned day, the reminders of a week without feedback on the right
 * days and once each (the host on the last planned day with their link,
 * again two working days later, then the consultant), none for a week
 * with feedback or an ended or postponed internship, the signals of
 * feedback and a host's stop told once to the consultant (or the cohort's
 * consultants), the caseworker and the mentor, no mail holding a name, a
 * CPR number or a word on health, and marking a signal seen.
 */
#include "actor.h"
#include "date.h"
#include "db.h"
#include "host_followup.h"
#include "secret.h"
#include "testdb.h"
#include "testworld.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#define TOKEN "hostTOKEN0123456789abcdefghijklmnopqrstuvwx"

/* The consultant who made the internships (2), another consultant of the
 * cohort (4), one of another organisation (5). */
static const struct actor consultant = {2, 1, ROLE_CONSULTANT,
					"vk@test.invalid", NULL};
static const struct actor stranger = {5, 3, ROLE_CONSULTANT,
				      "fremmed@test.invalid", NULL};

enum { RUNNING = 1, POSTPONED = 2, ENDED = 3, BY_CASEWORKER = 4 };

struct fixture {
	struct testdb t;
};

static struct db *db_of(void **state)
{
	return ((struct fixture *)*state)->t.db;
}

/* Noon of a day on the local clock, as the job's now. */
static int64_t noon(const char *iso)
{
	struct tm tm = {0};

	assert_int_equal(
		sscanf(iso, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday),
		3);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static const struct db_sql link_sql = {
	"INSERT INTO host_link (internship_id, contact_id, token_hash, "
	"token_enc, created_at) VALUES (?1, 1, randomblob(32), ?2, 0)",
	"is"};

/* An internship of participant 1 at company 1 from 2030-03-04 (Monday),
 * status, made by user created_by, with a plan of two weeks: Monday and
 * Wednesday, three hours each (Thursday is the teaching day). */
static void add_internship(struct db *db, int64_t id, const char *status,
			   int64_t created_by)
{
	char sql[1024];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO internship (id, participant_id, company_id, "
		 "contact_id, start_on, end_on, status, teaching_weekday, "
		 "created_by, created_at, updated_at) VALUES (%lld, 1, 1, 1, "
		 "'2030-03-04', '2030-05-24', '%s', 4, %lld, 0, 0); "
		 "INSERT INTO internship_week (internship_id, week, monday, "
		 "mon, wed, updated_at) VALUES (%lld, 1, '2030-03-04', 180, "
		 "180, 0), (%lld, 2, '2030-03-11', 180, 180, 0)",
		 (long long)id, status, (long long)created_by, (long long)id,
		 (long long)id);
	testdb_exec(db, sql);
	assert_int_equal(DB_RUN(db, &link_sql, DB_INT(id), DB_SEALED(TOKEN)),
			 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	*state = f;
	if (f == NULL || testworld_keyed(&f->t) < 0)
		return -1;
	testdb_seed_staff(f->t.db);
	testdb_exec(f->t.db,
		    "INSERT INTO organisation (id, name, kind, created_at) "
		    "VALUES (3, 'Jobcenter Odense', 'job_centre', 0); "
		    "INSERT INTO user (id, email, name, role, organisation_id, "
		    "password_hash, created_at, updated_at, "
		    "password_changed_at) VALUES "
		    "(2, 'vk@test.invalid', 'Konsulent', 'consultant', 1, 'x', "
		    "0, 0, 0), (3, 'mentor@test.invalid', 'Mentor', 'mentor', "
		    "2, 'x', 0, 0, 0), (4, 'vk2@test.invalid', 'Konsulent to', "
		    "'consultant', 1, 'x', 0, 0, 0), (5, "
		    "'fremmed@test.invalid', 'Fremmed', 'consultant', 3, 'x', "
		    "0, 0, 0)");
	testworld_cohort_row(f->t.db, 2030);
	testdb_exec(
		f->t.db,
		"INSERT INTO cohort_staff (cohort_id, user_id, role) VALUES "
		"(1, 4, 'consultant'); "
		"INSERT INTO participant (id, cohort_id, name, cpr_enc, "
		"cpr_hash, birth_year, caseworker_id, mentor_id, health_enc, "
		"status, referred_on, started_on, created_at, updated_at) "
		"VALUES (1, 1, 'Birthe Testesen', X'00', randomblob(32), 1980, "
		"1, 3, X'00', 'started', '2029-11-10', '2029-12-10', 0, 0); "
		"INSERT INTO company (id, organisation_id, name, cvr, "
		"employees, created_at, updated_at) VALUES (1, 1, 'Firma', "
		"'91300028', 20, 0, 0); "
		"INSERT INTO company_contact (id, company_id, name, email, "
		"created_at, updated_at) VALUES (1, 1, 'Vært Værtsen', "
		"'vaert@firma.invalid', 0, 0)");
	add_internship(f->t.db, RUNNING, "running", 2);
	add_internship(f->t.db, POSTPONED, "postponed", 2);
	add_internship(f->t.db, ENDED, "ended", 2);
	return 0;
}

static int64_t mails(struct db *db, const char *where)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE %s",
		 where);
	return testdb_scalar(db, sql);
}

static struct host_followup_counts run(struct db *db, const char *today)
{
	struct host_followup_counts c;

	assert_int_equal(
		host_followup_run(db, testdb_date(today), noon(today), &c), 0);
	return c;
}

/* Days. */

static void working_days_skip_weekends_and_easter(void **state)
{
	(void)state;
	assert_true(host_followup_working_day(testdb_date("2030-03-04")));
	assert_false(host_followup_working_day(testdb_date("2030-03-09")));
	assert_false(host_followup_working_day(testdb_date("2030-04-19")));
	/* Wednesday 17 April 2030: Maundy Thursday, Good Friday, the
	 * weekend and Easter Monday pass; Tuesday is the first. */
	assert_int_equal(
		host_followup_working_days_after(testdb_date("2030-04-17"), 1),
		testdb_date("2030-04-23"));
	assert_int_equal(
		host_followup_working_days_after(testdb_date("2030-04-17"), 2),
		testdb_date("2030-04-24"));
	/* Friday to Tuesday. */
	assert_int_equal(
		host_followup_working_days_after(testdb_date("2030-03-08"), 2),
		testdb_date("2030-03-12"));
}

static void last_day_is_the_last_planned_within_the_dates(void **state)
{
	struct stepup_week w = {.week = 1,
				.monday = testdb_date("2030-03-04"),
				.minutes = {180, 0, 180, 0, 0}};

	(void)state;
	assert_int_equal(host_followup_last_day(&w, testdb_date("2030-03-04"),
						testdb_date("2030-05-24")),
			 testdb_date("2030-03-06"));
	/* The internship ends on Tuesday: Monday is its last. */
	assert_int_equal(host_followup_last_day(&w, testdb_date("2030-03-04"),
						testdb_date("2030-03-05")),
			 testdb_date("2030-03-04"));
	w.minutes[0] = 0;
	assert_int_equal(host_followup_last_day(&w, testdb_date("2030-03-04"),
						testdb_date("2030-03-05")),
			 0);
}

/* Reminders. */

static void reminders_go_on_their_days_once(void **state)
{
	struct db *db = db_of(state);
	struct host_followup_counts c;
	char body[2048] = "";

	/* Tuesday of week 1: its last planned day (Wednesday) not yet. */
	c = run(db, "2030-03-05");
	assert_int_equal(c.mails, 0);
	assert_int_equal(mails(db, "1"), 0);

	/* Wednesday morning: the host has not had the day yet. */
	assert_int_equal(host_followup_run(db, testdb_date("2030-03-06"),
					   noon("2030-03-06") - 4 * 3600, &c),
			 0);
	assert_int_equal(c.mails, 0);
	/* Wednesday noon: the host's first reminder, with their link. */
	c = run(db, "2030-03-06");
	assert_int_equal(c.reminders, 1);
	assert_int_equal(mails(db, "recipient = 'vaert@firma.invalid' AND "
				   "kind = 'host_reminder'"),
			 1);
	{
		sqlite3_stmt *st = db_stmt(
			db, "SELECT body FROM outbox WHERE kind = "
			    "'host_reminder'");
		assert_non_null(st);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(body, sizeof(body), "%s", db_text(st, 0));
		sqlite3_reset(st);
	}
	assert_non_null(strstr(body, "/host/" TOKEN));
	assert_non_null(strstr(body, "praktikkens uge 1 (uge 10 i"));
	/* Again the same day: nothing more. */
	c = run(db, "2030-03-06");
	assert_int_equal(c.mails, 0);
	/* Thursday: the second is not due before two working days. */
	c = run(db, "2030-03-07");
	assert_int_equal(c.mails, 0);
	/* Friday: the second. */
	c = run(db, "2030-03-08");
	assert_int_equal(c.reminders, 1);
	assert_int_equal(mails(db, "recipient = 'vaert@firma.invalid' AND "
				   "subject LIKE 'Anden påmindelse%'"),
			 1);
	/* Monday: the consultant who made it is told (not the cohort's
	 * other consultant); week 2 has not reached its last day. */
	c = run(db, "2030-03-11");
	assert_int_equal(c.told, 1);
	assert_int_equal(c.mails, 1);
	assert_int_equal(mails(db, "recipient = 'vk@test.invalid' AND kind = "
				   "'host_no_feedback'"),
			 1);
	c = run(db, "2030-03-11");
	assert_int_equal(c.mails, 0);
	/* Three rows for week 1 of the running internship, none for the
	 * postponed or ended ones. */
	assert_int_equal(testdb_scalar(db, "SELECT count(*) FROM "
					   "host_reminder WHERE "
					   "internship_id = 1 AND week = 1"),
			 3);
	assert_int_equal(testdb_scalar(db, "SELECT count(*) FROM "
					   "host_reminder WHERE "
					   "internship_id IN (2, 3)"),
			 0);
	assert_int_equal(mails(db, "1"), 3);
}

static void a_week_with_feedback_is_not_reminded(void **state)
{
	struct db *db = db_of(state);
	struct host_followup_counts c;
	int64_t before = mails(db, "1");

	testdb_exec(db, "INSERT INTO host_feedback (internship_id, week, "
			"contact_id, link_id, rating, created_at, updated_at) "
			"VALUES (1, 2, 1, 1, 4, 0, 0)");
	c = run(db, "2030-03-13");
	assert_int_equal(c.reminders, 0);
	c = run(db, "2030-03-18");
	assert_int_equal(c.mails, 0);
	assert_int_equal(mails(db, "1"), before);
	assert_int_equal(testdb_scalar(db, "SELECT count(*) FROM "
					   "host_reminder WHERE week = 2"),
			 0);
}

/* A step is never taken on the day of the one before it, even when the
 * server was down past its day: a catch-up sends one step a day. */
static void a_late_run_takes_one_step_a_day(void **state)
{
	struct db *db = db_of(state);
	struct host_followup_counts c;

	testdb_exec(db, "UPDATE internship SET status = 'running' WHERE id = "
			"2; DELETE FROM host_link WHERE internship_id = 2");
	/* Wednesday of week 2 was its last day; first run on Monday. */
	c = run(db, "2030-03-18");
	/* Week 1 and week 2 each get their first reminder (counted even
	 * without a link to send, so the consultant is told in time). */
	assert_int_equal(testdb_scalar(db, "SELECT count(*) FROM "
					   "host_reminder WHERE "
					   "internship_id = 2 AND kind = "
					   "'first'"),
			 2);
	assert_int_equal(c.reminders, 0);
	c = run(db, "2030-03-18");
	assert_int_equal(testdb_scalar(db, "SELECT count(*) FROM "
					   "host_reminder WHERE "
					   "internship_id = 2"),
			 2);
	c = run(db, "2030-03-19");
	assert_int_equal(testdb_scalar(db, "SELECT count(*) FROM "
					   "host_reminder WHERE "
					   "internship_id = 2 AND kind = "
					   "'second'"),
			 2);
	c = run(db, "2030-03-20");
	assert_int_equal(c.told, 2);
	testdb_exec(db, "UPDATE internship SET status = 'postponed' WHERE "
			"id = 2");
}

/* Signals. */

static void signals_are_told_once_to_those_who_follow(void **state)
{
	struct db *db = db_of(state);
	struct host_followup_counts c;
	char sql[512];
	int64_t before = mails(db, "1");

	snprintf(sql, sizeof(sql),
		 "INSERT INTO host_feedback (internship_id, week, contact_id, "
		 "link_id, rating, alarm, call_me, created_at, updated_at) "
		 "VALUES (1, 1, 1, 1, 2, 1, 1, %lld, %lld); "
		 "INSERT INTO host_day (internship_id, date, status, "
		 "planned_min, worked_min, feedback_id) VALUES (1, "
		 "'2030-03-04', 'absent', 180, 0, last_insert_rowid())",
		 (long long)noon("2030-03-20"), (long long)noon("2030-03-20"));
	testdb_exec(db, sql);
	c = run(db, "2030-03-20");
	assert_int_equal(c.alerts, 3);
	/* Three signals, each to the consultant, caseworker and mentor. */
	assert_int_equal(c.mails, 9);
	assert_int_equal(mails(db, "kind IN ('host_absent', 'host_alarm', "
				   "'host_call_me')"),
			 9);
	assert_int_equal(mails(db, "recipient = 'mentor@test.invalid'"), 3);
	assert_int_equal(mails(db, "recipient = 'sb@test.invalid'"), 3);
	assert_int_equal(mails(db, "recipient = 'vk@test.invalid' AND kind = "
				   "'host_call_me' AND body LIKE "
				   "'%/internships/1%'"),
			 1);
	/* The cohort's other consultant is not told: the maker is. */
	assert_int_equal(mails(db, "recipient = 'vk2@test.invalid'"), 0);
	/* Written again: told already. */
	testdb_exec(db, "UPDATE host_feedback SET updated_at = updated_at + 1 "
			"WHERE internship_id = 1 AND week = 1");
	c = run(db, "2030-03-20");
	assert_int_equal(c.alerts, 0);
	assert_int_equal(mails(db, "1"), before + 9);
}

static void a_stop_is_told_and_the_cohort_consultants_stand_in(void **state)
{
	struct db *db = db_of(state);
	struct host_followup_counts c;
	char sql[512];

	/* Made by the caseworker: the cohort's consultant is told. */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO internship (id, participant_id, company_id, "
		 "contact_id, start_on, end_on, status, ended_by, "
		 "teaching_weekday, created_by, created_at, updated_at) VALUES "
		 "(%d, 1, 1, 1, '2030-03-04', '2030-03-21', 'ended_early', "
		 "'host', 4, 1, 0, 0); INSERT INTO internship_status "
		 "(internship_id, status, on_date, contact_id, actor, "
		 "created_at) VALUES (%d, 'ended_early', '2030-03-21', 1, "
		 "'vært: Vært Værtsen', %lld)",
		 BY_CASEWORKER, BY_CASEWORKER, (long long)noon("2030-03-21"));
	testdb_exec(db, sql);
	c = run(db, "2030-03-21");
	assert_int_equal(c.alerts, 1);
	assert_int_equal(c.mails, 3);
	assert_int_equal(mails(db, "kind = 'host_stop' AND recipient IN "
				   "('vk2@test.invalid', 'sb@test.invalid', "
				   "'mentor@test.invalid')"),
			 3);
	assert_int_equal(testdb_scalar(db, "SELECT week FROM host_alert WHERE "
					   "kind = 'stop'"),
			 3);
	c = run(db, "2030-03-21");
	assert_int_equal(c.mails, 0);
}

static void no_mail_names_the_citizen_or_says_more(void **state)
{
	static const char *const words[] = {
		"Birthe",   "Testesen", "syg",	      "diagnos",
		"helbred",  "medicin",	"misbrug",    "psykisk",
		"barriere", "angst",	"depression", "cpr",
	};
	struct db *db = db_of(state);
	sqlite3_stmt *st = db_stmt(db, "SELECT subject || ' ' || body FROM "
				       "outbox");
	char lower[8192];
	size_t i, n = 0, k;
	const char *text;
	int digits;

	assert_non_null(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		text = db_text(st, 0);
		for (k = 0; text[k] && k + 1 < sizeof(lower); k++)
			lower[k] = (char)((text[k] >= 'A' && text[k] <= 'Z')
						  ? text[k] + 32
						  : text[k]);
		lower[k] = '\0';
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			char w[32];

			for (k = 0; words[i][k] && k + 1 < sizeof(w); k++)
				w[k] = (char)((words[i][k] >= 'A' &&
					       words[i][k] <= 'Z')
						      ? words[i][k] + 32
						      : words[i][k]);
			w[k] = '\0';
			if (strstr(lower, w))
				fail_msg("a mail holds \"%s\": %s", words[i],
					 text);
		}
		/* No run of six digits or more (a CPR number's). */
		for (k = 0, digits = 0; text[k]; k++) {
			digits = text[k] >= '0' && text[k] <= '9' ? digits + 1
								  : 0;
			if (digits >= 6 && !strstr(text, TOKEN))
				fail_msg("a mail holds six digits: %s", text);
		}
		n++;
	}
	sqlite3_reset(st);
	assert_true(n >= 10);
}

static void a_signal_is_marked_seen_by_those_who_follow(void **state)
{
	struct db *db = db_of(state);
	int64_t id = testdb_scalar(db, "SELECT id FROM host_alert WHERE kind "
				       "= 'call_me'");

	assert_true(id > 0);
	assert_int_equal(host_alert_mark_seen(db, &stranger, id, 100),
			 RESULT_NOT_FOUND);
	assert_int_equal(host_alert_mark_seen(db, &consultant, 99999, 100),
			 RESULT_NOT_FOUND);
	assert_int_equal(testdb_scalar(db, "SELECT count(*) FROM host_alert "
					   "WHERE seen_at IS NOT NULL"),
			 0);
	assert_int_equal(host_alert_mark_seen(db, &consultant, id, 100),
			 RESULT_OK);
	assert_int_equal(host_alert_mark_seen(db, &consultant, id, 200),
			 RESULT_OK);
	assert_int_equal(testdb_scalar(db, "SELECT seen_at * 10 + seen_by "
					   "FROM host_alert WHERE seen_at IS "
					   "NOT NULL"),
			 1002);
	assert_int_equal(testdb_scalar(db, "SELECT count(*) FROM audit WHERE "
					   "action = "
					   "'participant.host_alert_seen'"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(working_days_skip_weekends_and_easter),
		cmocka_unit_test(last_day_is_the_last_planned_within_the_dates),
		cmocka_unit_test(reminders_go_on_their_days_once),
		cmocka_unit_test(a_week_with_feedback_is_not_reminded),
		cmocka_unit_test(a_late_run_takes_one_step_a_day),
		cmocka_unit_test(signals_are_told_once_to_those_who_follow),
		cmocka_unit_test(
			a_stop_is_told_and_the_cohort_consultants_stand_in),
		cmocka_unit_test(no_mail_names_the_citizen_or_says_more),
		cmocka_unit_test(a_signal_is_marked_seen_by_those_who_follow),
	};

	return cmocka_run_group_tests(tests, setup, testworld_teardown);
}
