/*
 * Unit tests for the internship's status steps and the host's stop
 * through the domain API the pages, the API and the host's page share:
 * no start before the agreement guide's consent; every transition allowed
 * or refused; a postponement moving the dates and the step-up plan; an
 * extension that warns past 13 weeks and is refused past 26 without a
 * stated special need; a renewal linked to the internship it continues;
 * the host's stop; the host cap's warning; and nothing written (rows
 * counted) whenever a step is refused.
 */
#include "actor.h"
#include "agreement.h"
#include "course.h"
#include "date.h"
#include "db.h"
#include "form.h"
#include "internship.h"
#include "secret.h"
#include "testdb.h"
#include "testworld.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The job centre's caseworker and enterprise consultant, the cohort's
 * mentor and instructor (testworld's users 2 to 5). */
static const struct actor caseworker = {2, 1, ROLE_CASEWORKER,
					"sb@test.invalid", NULL};
static const struct actor consultant = {3, 1, ROLE_CONSULTANT,
					"vk@test.invalid", NULL};
static const struct actor mentor = {4, 2, ROLE_MENTOR, "me@test.invalid", NULL};
static const struct actor instructor = {5, 2, ROLE_INSTRUCTOR,
					"ud@test.invalid", NULL};

struct fixture {
	struct testdb t;
	int64_t cohort, company, contact, small, small_contact;
	int n; /* participants made */
};

/* Every row a step may write, added up: a refused step leaves it as it
 * was. */
static int64_t written(struct fixture *f)
{
	return testdb_count(f->t.db,
			    "SELECT (SELECT count(*) FROM "
			    "internship_status) + (SELECT count(*) FROM "
			    "audit) + (SELECT count(*) FROM "
			    "internship_week_change) + (SELECT sum(sequence) "
			    "FROM internship) + (SELECT count(*) FROM "
			    "internship)");
}

/* A started participant of the cohort, of the caseworker and with the
 * mentor; with the guide's consent when consent. */
static int64_t add_participant(struct fixture *f, bool consent)
{
	struct agreement_input in = {0};
	struct form_invalid bad = {0};
	struct participant p;
	char name[32];
	int64_t id;
	int version;

	snprintf(name, sizeof(name), "Deltager %d", ++f->n);
	id = testworld_participant(f->t.db, f->cohort, name, "2025-01-06");
	if (consent) {
		in.answers[AGREEMENT_PURPOSE] = "At prøve lagerarbejde";
		in.answers[AGREEMENT_INTERNSHIP_WISHES] = "Pakke varer";
		in.consent = true;
		in.citizen_signed_on = date_today();
		assert_int_equal(participant_get(f->t.db, &caseworker, id, &p),
				 0);
		assert_int_equal(agreement_save(f->t.db, &caseworker, &p, &in,
						&version, &bad),
				 RESULT_OK);
	}
	return id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || testworld_open(&f->t, 5) < 0)
		return -1;
	f->cohort = testworld_cohort(f->t.db, 70, 5);
	if (f->cohort < 0)
		return -1;
	/* A company of 100 employees (cap 15) and one of 4 (cap 1). */
	testdb_exec(f->t.db,
		    "INSERT INTO company (id, organisation_id, name, cvr, "
		    "address, employees, created_at, updated_at) VALUES (1, 1, "
		    "'Lageret A/S', '91300028', 'Havnen 2, 8000 Aarhus C', "
		    "100, 0, 0), (2, 1, 'Bageren', '91300036', 'Torvet 1', 4, "
		    "0, 0)");
	testdb_exec(f->t.db, "INSERT INTO company_contact (id, company_id, "
			     "name, role, email, phone, created_at, "
			     "updated_at) VALUES (1, 1, 'Karen Vært', "
			     "'Lagerchef', 'karen@test.invalid', '12345678', "
			     "0, 0), (2, 2, 'Bo Bager', 'Ejer', "
			     "'bo@test.invalid', '', 0, 0)");
	f->company = 1;
	f->contact = 1;
	f->small = 2;
	f->small_contact = 2;
	*state = f;
	return 0;
}

/* The Monday `weeks` weeks from this week's. */
static date_t monday_in(int weeks)
{
	return date_add_days(date_monday(date_today()), 7 * weeks);
}

/* A new internship of participant pid at company from start for weeks
 * weeks (ending on that week's Friday), continuing previous (0: none).
 * Asserts it is made; its id. */
static int64_t make(struct fixture *f, int64_t pid, int64_t company,
		    int64_t contact, date_t start, int weeks, int64_t previous,
		    struct internship_warnings *warn)
{
	struct internship_input in = {0};
	struct form_invalid bad = {0};
	struct participant p;
	int64_t id = 0;
	int rc;

	in.company_id = company;
	in.contact_id = contact;
	in.previous_id = previous;
	in.start_on = start;
	in.end_on = date_add_days(date_monday(start), 7 * weeks - 3);
	assert_int_equal(participant_get(f->t.db, &consultant, pid, &p), 0);
	rc = internship_create(f->t.db, &consultant, &p, &in, &id, warn, &bad);
	if (rc != RESULT_OK)
		fail_msg("create: %d %s: %s", rc, bad.field ? bad.field : "",
			 bad.message);
	return id;
}

/* Takes step s for internship id as a; the result, *bad and *warn. */
static int step(struct fixture *f, const struct actor *a, int64_t id,
		const struct internship_step *s,
		struct internship_warnings *warn, struct form_invalid *bad)
{
	struct internship i;
	struct participant p;
	int rc;

	memset(bad, 0, sizeof(*bad));
	rc = internship_get(f->t.db, a, id, &i, &p);
	if (rc != 0)
		return rc < 0 ? RESULT_FAILED : RESULT_NOT_FOUND;
	rc = internship_set_status(f->t.db, a, &p, &i, s, warn, bad);
	internship_free(&i);
	return rc;
}

/* A step that must be taken. */
static void must(struct fixture *f, int64_t id, enum internship_status to,
		 const char *reason)
{
	struct internship_step s = {.status = to, .reason = reason};
	struct form_invalid bad;
	int rc = step(f, &consultant, id, &s, NULL, &bad);

	if (rc != RESULT_OK)
		fail_msg("%s: %d %s", internship_status_names[to], rc,
			 bad.message);
}

static enum internship_status status_of(struct fixture *f, int64_t id)
{
	struct internship i;
	enum internship_status s;

	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	s = i.status;
	internship_free(&i);
	return s;
}

/* Consent. */

static void no_start_before_consent(void **state)
{
	struct fixture *f = *state;
	int64_t pid = add_participant(f, false), id, before;
	struct internship_step s = {0};
	struct agreement_input in = {0};
	struct form_invalid bad;
	struct participant p;
	int version;

	id = make(f, pid, f->company, f->contact, monday_in(4), 12, 0, NULL);
	before = written(f);
	s.status = INTERNSHIP_TRIAL;
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "status");
	assert_non_null(strstr(bad.message, "samtykke"));
	s.status = INTERNSHIP_RUNNING;
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_int_equal(written(f), before);
	assert_int_equal(status_of(f, id), INTERNSHIP_PLANNED);

	/* A guide without consent is not enough. */
	in.answers[AGREEMENT_PURPOSE] = "At prøve et køkken";
	assert_int_equal(participant_get(f->t.db, &caseworker, pid, &p), 0);
	assert_int_equal(
		agreement_save(f->t.db, &caseworker, &p, &in, &version, &bad),
		RESULT_OK);
	before = written(f);
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_int_equal(written(f), before);

	/* With consent it starts: one timeline row, one audit row. */
	in.consent = true;
	in.citizen_signed_on = date_today();
	assert_int_equal(
		agreement_save(f->t.db, &caseworker, &p, &in, &version, &bad),
		RESULT_OK);
	before = testdb_count(f->t.db,
			      "SELECT count(*) FROM internship_status WHERE "
			      "internship_id = %lld",
			      (long long)id);
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad), RESULT_OK);
	assert_int_equal(status_of(f, id), INTERNSHIP_RUNNING);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM internship_status WHERE "
			     "internship_id = %lld AND status = 'running'",
			     (long long)id),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM internship_status WHERE "
			     "internship_id = %lld",
			     (long long)id),
		before + 1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE action = "
			     "'participant.internship_status' AND detail = "
			     "'internship %lld running'",
			     (long long)id),
		1);
	/* A new consent-less version stops nothing that runs, but a later
	 * internship cannot start on it. */
	(void)version;
}

/* Transitions. */

static void transitions_follow_the_table(void **state)
{
	/* from planned, trial, running, postponed, extended, ended,
	 * ended_early to the same order. */
	static const char
		allowed[INTERNSHIP_STATUS__MAX][INTERNSHIP_STATUS__MAX + 1] = {
			"0111001", "1011001", "0000111", "1111001",
			"0000111", "0000000", "0000000",
		};
	int from, to;

	(void)state;
	for (from = 0; from < INTERNSHIP_STATUS__MAX; from++)
		for (to = 0; to < INTERNSHIP_STATUS__MAX; to++)
			if (internship_transition_allowed(from, to) !=
			    (allowed[from][to] == '1'))
				fail_msg("%s -> %s",
					 internship_status_names[from],
					 internship_status_names[to]);
	assert_false(internship_transition_allowed(INTERNSHIP_STATUS__MAX,
						   INTERNSHIP_PLANNED));
	assert_int_equal(internship_status_parse("ended_early"),
			 INTERNSHIP_ENDED_EARLY);
	assert_int_equal(internship_status_parse("cancelled"), -1);
}

static void every_step_through_the_domain(void **state)
{
	struct fixture *f = *state;
	int64_t pid = add_participant(f, true), id, before;
	struct internship_step s = {0};
	struct form_invalid bad;
	struct internship i;

	/* Ran 12 weeks up to last Friday. */
	id = make(f, pid, f->company, f->contact, monday_in(-12), 12, 0, NULL);
	must(f, id, INTERNSHIP_TRIAL, NULL);
	must(f, id, INTERNSHIP_PLANNED, NULL);
	must(f, id, INTERNSHIP_TRIAL, NULL);
	must(f, id, INTERNSHIP_RUNNING, NULL);

	/* Running: no way back, no postponing. */
	before = written(f);
	s.status = INTERNSHIP_PLANNED;
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "status");
	assert_string_equal(bad.message, "En praktik med status „I gang“ kan "
					 "ikke få status „Planlagt“.");
	s.status = INTERNSHIP_POSTPONED;
	s.weeks = 1;
	s.reason = "Ikke klar";
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	s.status = INTERNSHIP_TRIAL;
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	/* Ended before its end is a stop, not an end. */
	memset(&s, 0, sizeof(s));
	s.status = INTERNSHIP_ENDED;
	s.on = date_add_days(date_today(), -30);
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "on");
	/* Not the mentor's nor the instructor's to do. */
	s.on = 0;
	assert_int_equal(step(f, &mentor, id, &s, NULL, &bad), RESULT_REFUSED);
	assert_int_equal(step(f, &instructor, id, &s, NULL, &bad),
			 RESULT_REFUSED);
	assert_int_equal(written(f), before);

	/* Ended on its end (the default), then final. */
	must(f, id, INTERNSHIP_ENDED, NULL);
	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	assert_int_equal(i.status, INTERNSHIP_ENDED);
	assert_int_equal(i.ended_by, -1);
	internship_free(&i);
	before = written(f);
	for (s.status = 0; s.status < INTERNSHIP_STATUS__MAX; s.status++) {
		s.reason = "Hvorfor";
		s.ended_by = INTERNSHIP_BY_COURSE;
		assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
				 RESULT_INVALID);
	}
	assert_int_equal(written(f), before);

	/* A caseworker's own citizen: a stop, with who and why. */
	id = make(f, pid, f->company, f->contact, monday_in(2), 12, 0, NULL);
	memset(&s, 0, sizeof(s));
	s.status = INTERNSHIP_ENDED_EARLY;
	s.reason = "Borgeren er syg";
	s.ended_by = -1;
	before = written(f);
	assert_int_equal(step(f, &caseworker, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "ended_by");
	s.ended_by = INTERNSHIP_BY_CITIZEN;
	s.reason = "";
	assert_int_equal(step(f, &caseworker, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "reason");
	assert_int_equal(written(f), before);
	must(f, id, INTERNSHIP_TRIAL, NULL);
	s.reason = "Borgeren er syg";
	s.on = date_add_days(monday_in(2), 1);
	assert_int_equal(step(f, &caseworker, id, &s, NULL, &bad), RESULT_OK);
	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	assert_int_equal(i.status, INTERNSHIP_ENDED_EARLY);
	assert_int_equal(i.ended_by, INTERNSHIP_BY_CITIZEN);
	assert_int_equal(i.end_on, s.on);
	internship_free(&i);
}

/* The timeline as read back. */
struct seen {
	int n;
	enum internship_status last;
	char reason[128], actor[128];
	date_t start_on, end_on;
	int ended_by;
};

static void seen_step(void *ctx, const struct internship_step_row *r)
{
	struct seen *s = ctx;

	s->n++;
	s->last = r->status;
	snprintf(s->reason, sizeof(s->reason), "%s",
		 r->reason ? r->reason : "(null)");
	snprintf(s->actor, sizeof(s->actor), "%s", r->actor);
	s->start_on = r->start_on;
	s->end_on = r->end_on;
	s->ended_by = r->ended_by;
}

static void postponing_moves_the_dates_and_the_plan(void **state)
{
	struct fixture *f = *state;
	int64_t pid = add_participant(f, false), id, before;
	date_t start = monday_in(4), end;
	struct internship_step s = {0};
	struct form_invalid bad;
	struct internship i;
	struct seen seen = {0};
	char sql[512], iso[DATE_ISO_LEN + 1];

	id = make(f, pid, f->company, f->contact, start, 12, 0, NULL);
	end = date_add_days(start, 7 * 12 - 3);
	/* Two planned weeks. */
	date_format_iso(start, iso);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO internship_week (internship_id, week, monday, "
		 "mon, tue, updated_at) VALUES (%lld, 1, '%s', 180, 180, 0), "
		 "(%lld, 2, date('%s', '+7 days'), 240, 240, 0)",
		 (long long)id, iso, (long long)id, iso);
	testdb_exec(f->t.db, sql);

	before = written(f);
	s.status = INTERNSHIP_POSTPONED;
	s.reason = "Borgeren er ikke klar";
	s.weeks = 3;
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "weeks");
	s.weeks = 0;
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	s.weeks = 2;
	s.reason = NULL;
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "reason");
	assert_int_equal(written(f), before);

	/* The new first Monday is a closure day of the cohort. */
	date_format_iso(date_add_days(start, 14), iso);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO closure_day (cohort_id, date, source, "
		 "created_at) VALUES (%lld, '%s', 'manual', 0)",
		 (long long)f->cohort, iso);
	testdb_exec(f->t.db, sql);
	s.reason = "Borgeren er ikke klar";
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad), RESULT_OK);
	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	assert_int_equal(i.status, INTERNSHIP_POSTPONED);
	assert_int_equal(i.start_on, date_add_days(start, 14));
	assert_int_equal(i.end_on, date_add_days(end, 14));
	assert_int_equal(i.sequence, 1);
	assert_int_equal(
		internship_timeline_each(f->t.db, &i, seen_step, &seen), 0);
	internship_free(&i);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.last, INTERNSHIP_POSTPONED);
	assert_string_equal(seen.reason, "Borgeren er ikke klar");
	assert_string_equal(seen.actor, "Konsulent");
	assert_int_equal(seen.start_on, date_add_days(start, 14));
	assert_int_equal(seen.end_on, date_add_days(end, 14));
	/* The plan's weeks moved with it, and what they were is kept. */
	date_format_iso(date_add_days(start, 14), iso);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM internship_week WHERE "
			     "internship_id = %lld AND week = 1 AND monday "
			     "= '%s'",
			     (long long)id, iso),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM internship_week WHERE "
			     "internship_id = %lld AND week = 2 AND monday "
			     "= date('%s', '+7 days')",
			     (long long)id, iso),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM internship_week_change "
			     "WHERE internship_id = %lld",
			     (long long)id),
		2);
	assert_true(
		testdb_count(f->t.db,
			     "SELECT sum(mon + tue) FROM internship_week WHERE "
			     "internship_id = %lld",
			     (long long)id) <= 840);
	/* The closure day lost its hours; the week as it was is kept. */
	assert_int_equal(testdb_count(f->t.db,
				      "SELECT mon FROM internship_week WHERE "
				      "internship_id = %lld AND week = 1",
				      (long long)id),
			 0);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM internship_week_change "
			     "WHERE internship_id = %lld AND week = 1 AND "
			     "minutes = '180,180,0,0,0' AND actor = "
			     "'vk@test.invalid'",
			     (long long)id),
		1);

	/* Once more, one week, with the end where it was. */
	memset(&s, 0, sizeof(s));
	s.status = INTERNSHIP_POSTPONED;
	s.weeks = 1;
	s.reason = "Stadig ikke klar";
	s.end_on = date_add_days(end, 14);
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad), RESULT_OK);
	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	assert_int_equal(i.start_on, date_add_days(start, 21));
	assert_int_equal(i.end_on, date_add_days(end, 14));
	assert_int_equal(i.sequence, 2);
	internship_free(&i);
}

static void extending_warns_and_refuses(void **state)
{
	struct fixture *f = *state;
	int64_t pid = add_participant(f, true), id, before;
	date_t start = monday_in(-2);
	struct internship_step s = {0};
	struct internship_warnings warn;
	struct form_invalid bad;
	struct internship i;

	id = make(f, pid, f->company, f->contact, start, 8, 0, NULL);
	/* Planned: not extended before it runs. */
	s.status = INTERNSHIP_EXTENDED;
	s.reason = "Går godt";
	s.end_on = date_add_days(start, 7 * 14 - 3);
	before = written(f);
	assert_int_equal(step(f, &consultant, id, &s, NULL, &bad),
			 RESULT_INVALID);
	must(f, id, INTERNSHIP_RUNNING, NULL);
	before = written(f);
	/* No reason; no new end; not past 12 weeks. */
	s.reason = "";
	assert_int_equal(step(f, &consultant, id, &s, &warn, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "reason");
	s.reason = "Går godt";
	s.end_on = 0;
	assert_int_equal(step(f, &consultant, id, &s, &warn, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "end_on");
	s.end_on = date_add_days(start, 7 * 12 - 3);
	assert_int_equal(step(f, &consultant, id, &s, &warn, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "end_on");
	/* 27 weeks without a stated special need. */
	s.end_on = date_add_days(start, 7 * 27 - 3);
	assert_int_equal(step(f, &consultant, id, &s, &warn, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "special_need");
	assert_non_null(strstr(bad.message, "26 uger"));
	assert_int_equal(written(f), before);

	/* 13 weeks: no warning. */
	s.end_on = date_add_days(start, 7 * 13 - 3);
	assert_int_equal(step(f, &consultant, id, &s, &warn, &bad), RESULT_OK);
	assert_int_equal(warn.codes & INTERNSHIP_WARN_WEEKS, 0);
	assert_int_equal(status_of(f, id), INTERNSHIP_EXTENDED);
	/* 14 weeks: a warning. */
	s.end_on = date_add_days(start, 7 * 14 - 3);
	assert_int_equal(step(f, &consultant, id, &s, &warn, &bad), RESULT_OK);
	assert_true(warn.codes & INTERNSHIP_WARN_WEEKS);
	assert_int_equal(warn.weeks, 14);
	assert_int_equal(warn.weeks_rule, 13);
	assert_int_equal(warn.n, 1);
	/* 27 weeks with a special need, kept sealed on the internship. */
	s.end_on = date_add_days(start, 7 * 27 - 3);
	s.special_need = "Borgeren har brug for længere tid i samme job";
	assert_int_equal(step(f, &consultant, id, &s, &warn, &bad), RESULT_OK);
	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	assert_int_equal(i.end_on, s.end_on);
	assert_string_equal(i.special_need, s.special_need);
	assert_string_equal(i.purpose, "At prøve lagerarbejde");
	assert_int_equal(i.sequence, 4);
	internship_free(&i);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM internship WHERE id = "
			     "%lld AND instr(content_enc, 'længere') > 0",
			     (long long)id),
		0);
}

static void a_renewal_is_linked_and_counted_with_its_chain(void **state)
{
	struct fixture *f = *state;
	int64_t pid = add_participant(f, true), first, second, before;
	date_t start = monday_in(-14);
	struct internship_warnings warn;
	struct internship_input in = {0};
	struct form_invalid bad;
	struct participant p;
	struct internship i;
	int64_t id = 0;
	date_t chain;

	first = make(f, pid, f->company, f->contact, start, 12, 0, NULL);
	must(f, first, INTERNSHIP_RUNNING, NULL);
	must(f, first, INTERNSHIP_ENDED, NULL);
	second = make(f, pid, f->company, f->contact, monday_in(-2), 4, first,
		      &warn);
	/* 12 + 4 weeks (with a week between): past 13, a warning. */
	assert_true(warn.codes & INTERNSHIP_WARN_WEEKS);
	assert_int_equal(internship_get(f->t.db, &consultant, second, &i, NULL),
			 0);
	assert_int_equal(i.previous_id, first);
	assert_int_equal(internship_chain_start(f->t.db, &i, &chain), 0);
	assert_int_equal(chain, start);
	/* Purpose and tasks came from the guide. */
	assert_string_equal(i.purpose, "At prøve lagerarbejde");
	internship_free(&i);

	/* A renewal past 26 weeks of the chain without a special need. */
	assert_int_equal(participant_get(f->t.db, &consultant, pid, &p), 0);
	in.company_id = f->company;
	in.contact_id = -1;
	in.previous_id = second;
	in.start_on = monday_in(3);
	in.end_on = date_add_days(monday_in(15), 4);
	before = written(f);
	assert_int_equal(internship_create(f->t.db, &consultant, &p, &in, &id,
					   NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "special_need");
	assert_int_equal(id, 0);
	/* Nor may it start before the one it continues ends. */
	in.end_on = date_add_days(monday_in(3), 4);
	in.start_on = date_add_days(monday_in(1), 1);
	assert_int_equal(internship_create(f->t.db, &consultant, &p, &in, &id,
					   NULL, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "start_on");
	assert_int_equal(written(f), before);
}

static void the_host_stops_it(void **state)
{
	struct fixture *f = *state;
	int64_t pid = add_participant(f, true), id, before;
	date_t start = monday_in(-3), on = date_add_days(date_today(), -1);
	struct form_invalid bad = {0};
	struct internship i;
	struct seen seen = {0};

	id = make(f, pid, f->company, f->contact, start, 12, 0, NULL);
	must(f, id, INTERNSHIP_RUNNING, NULL);
	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	before = written(f);
	assert_int_equal(internship_host_stop(f->t.db, &i, f->contact,
					      "vært: Karen Vært",
					      date_add_days(start, -1),
					      "Det går ikke", &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "on");
	assert_int_equal(internship_host_stop(f->t.db, &i, f->contact,
					      "vært: Karen Vært",
					      date_add_days(i.end_on, 1),
					      "Det går ikke", &bad),
			 RESULT_INVALID);
	assert_int_equal(internship_host_stop(f->t.db, &i, f->contact,
					      "vært: Karen Vært", on, "", &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "reason");
	assert_int_equal(written(f), before);

	assert_int_equal(internship_host_stop(
				 f->t.db, &i, f->contact, "vært: Karen Vært",
				 on, "Vi har ikke flere opgaver", &bad),
			 RESULT_OK);
	internship_free(&i);
	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	assert_int_equal(i.status, INTERNSHIP_ENDED_EARLY);
	assert_int_equal(i.ended_by, INTERNSHIP_BY_HOST);
	assert_int_equal(i.end_on, on);
	assert_int_equal(
		internship_timeline_each(f->t.db, &i, seen_step, &seen), 0);
	assert_int_equal(seen.last, INTERNSHIP_ENDED_EARLY);
	assert_string_equal(seen.actor, "vært: Karen Vært");
	assert_string_equal(seen.reason, "Vi har ikke flere opgaver");
	assert_int_equal(seen.ended_by, INTERNSHIP_BY_HOST);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM internship_status WHERE "
			     "internship_id = %lld AND contact_id = 1 AND "
			     "actor_id IS NULL",
			     (long long)id),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE actor = "
			     "'vært: Karen Vært' AND subject_id = %lld",
			     (long long)pid),
		1);
	/* Once stopped, a stop again is refused. */
	before = written(f);
	assert_int_equal(internship_host_stop(f->t.db, &i, f->contact,
					      "vært: Karen Vært", on, "Igen",
					      &bad),
			 RESULT_REFUSED);
	assert_int_equal(written(f), before);
	internship_free(&i);
}

static void the_host_cap_warns(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_participant(f, true), b = add_participant(f, true), id;
	struct internship_warnings warn;
	struct internship i;

	make(f, a, f->small, f->small_contact, monday_in(20), 12, 0, &warn);
	assert_int_equal(warn.codes & INTERNSHIP_WARN_CAP, 0);
	assert_int_equal(warn.cap, 1);
	id = make(f, b, f->small, f->small_contact, monday_in(24), 12, 0,
		  &warn);
	assert_true(warn.codes & INTERNSHIP_WARN_CAP);
	assert_int_equal(warn.interns, 2);
	assert_non_null(strstr(warn.text[0], "erklæring"));
	/* The employer's statement received: no warning. */
	testdb_exec(f->t.db, "UPDATE company SET cap_statement_on = "
			     "'2026-01-05' WHERE id = 2");
	assert_int_equal(internship_get(f->t.db, &consultant, id, &i, NULL), 0);
	assert_int_equal(internship_warnings_get(f->t.db, &i, &warn), 0);
	assert_int_equal(warn.codes & INTERNSHIP_WARN_CAP, 0);
	internship_free(&i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_start_before_consent),
		cmocka_unit_test(transitions_follow_the_table),
		cmocka_unit_test(every_step_through_the_domain),
		cmocka_unit_test(postponing_moves_the_dates_and_the_plan),
		cmocka_unit_test(extending_warns_and_refuses),
		cmocka_unit_test(
			a_renewal_is_linked_and_counted_with_its_chain),
		cmocka_unit_test(the_host_stops_it),
		cmocka_unit_test(the_host_cap_warns),
	};

	return cmocka_run_group_tests(tests, setup, testworld_teardown);
}
