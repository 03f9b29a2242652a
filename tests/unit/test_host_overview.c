/*
 * Unit tests for host_overview.c: the start page's lists (a week without
 * feedback up to today, signals until seen, internships starting within
 * 14 days without consent or plan, today's status meetings), each only
 * for a viewer who sees the citizen; the ISO week of an export; and a
 * cohort's week of feedback, refused to mentors.
 */
#include "actor.h"
#include "cohort.h"
#include "date.h"
#include "db.h"
#include "form.h"
#include "host_overview.h"
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

static const struct actor consultant = {2, 1, ROLE_CONSULTANT,
					"vk@test.invalid", NULL};
static const struct actor mentor = {3, 2, ROLE_MENTOR, "mentor@test.invalid",
				    NULL};
static const struct actor stranger = {5, 3, ROLE_CONSULTANT,
				      "fremmed@test.invalid", NULL};

struct fixture {
	struct testdb t;
};

static struct db *db_of(void **state)
{
	return ((struct fixture *)*state)->t.db;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	*state = f;
	if (f == NULL || testworld_keyed(&f->t) < 0)
		return -1;
	testdb_seed_staff(f->t.db);
	testdb_exec(
		f->t.db,
		"INSERT INTO organisation (id, name, kind, created_at) VALUES "
		"(3, 'Jobcenter Odense', 'job_centre', 0); "
		"INSERT INTO user (id, email, name, role, organisation_id, "
		"password_hash, created_at, updated_at, password_changed_at) "
		"VALUES (2, 'vk@test.invalid', 'Konsulent', 'consultant', 1, "
		"'x', 0, 0, 0), (3, 'mentor@test.invalid', 'Mentor', "
		"'mentor', 2, 'x', 0, 0, 0), (5, 'fremmed@test.invalid', "
		"'Fremmed', 'consultant', 3, 'x', 0, 0, 0)");
	testworld_cohort_row(f->t.db, 2030);
	testdb_exec(
		f->t.db,
		"INSERT INTO participant (id, cohort_id, name, cpr_enc, "
		"cpr_hash, birth_year, caseworker_id, mentor_id, health_enc, "
		"status, referred_on, started_on, created_at, updated_at) "
		"VALUES (1, 1, 'Anna Aktiv', X'00', randomblob(32), 1980, 1, "
		"3, "
		"X'00', 'started', '2029-11-10', '2029-12-10', 0, 0), "
		"(2, 1, 'Bo Begynder', X'00', randomblob(32), 1981, 1, NULL, "
		"X'00', 'started', '2029-11-10', '2029-12-10', 0, 0); "
		"INSERT INTO company (id, organisation_id, name, cvr, "
		"employees, created_at, updated_at) VALUES (1, 1, 'Firma', "
		"'91300028', 20, 0, 0); "
		"INSERT INTO company_contact (id, company_id, name, "
		"created_at, updated_at) VALUES (1, 1, 'Vært', 0, 0); "
		/* Anna interns from 4 March, Monday and Wednesday, with a
		 * status meeting on Wednesday 13 March at 10:00. */
		"INSERT INTO internship (id, participant_id, company_id, "
		"contact_id, start_on, end_on, status, teaching_weekday, "
		"created_at, updated_at) VALUES (1, 1, 1, 1, '2030-03-04', "
		"'2030-05-24', 'running', 4, 0, 0); "
		"INSERT INTO internship_week (internship_id, week, monday, "
		"mon, wed, meeting_on, meeting_min, meeting_who, updated_at) "
		"VALUES (1, 1, '2030-03-04', 180, 180, NULL, NULL, '', 0), "
		"(1, 2, '2030-03-11', 180, 180, '2030-03-13', 600, "
		"'Konsulent og vært', 0); "
		/* Bo starts on 20 March, without consent or plan. */
		"INSERT INTO internship (id, participant_id, company_id, "
		"contact_id, start_on, end_on, status, teaching_weekday, "
		"created_at, updated_at) VALUES (2, 2, 1, 1, '2030-03-20', "
		"'2030-05-24', 'planned', 4, 0, 0); "
		"INSERT INTO host_link (id, internship_id, contact_id, "
		"token_hash, token_enc, created_at) VALUES (1, 1, 1, "
		"randomblob(32), X'00', 0); "
		"INSERT INTO host_alert (id, internship_id, week, kind, "
		"created_at) VALUES (1, 1, 1, 'alarm', "
		"strftime('%s', '2030-03-12'))");
	return 0;
}

static void the_lists_say_what_needs_a_look(void **state)
{
	struct host_overview o;

	assert_int_equal(host_overview_load(db_of(state), &consultant,
					    testdb_date("2030-03-13"), &o),
			 0);
	/* Week 2 began on Monday with a planned day: no feedback yet. */
	assert_int_equal(o.nno_feedback, 1);
	assert_int_equal(o.no_feedback[0].internship_id, 1);
	assert_int_equal(o.no_feedback[0].week, 2);
	assert_string_equal(o.no_feedback[0].participant, "Anna Aktiv");
	assert_string_equal(o.no_feedback[0].company, "Firma");
	assert_int_equal(o.nalerts, 1);
	assert_int_equal(o.alerts[0].alert, HOST_ALERT_ALARM);
	assert_int_equal(o.alerts[0].alert_id, 1);
	assert_int_equal(o.nstarting, 1);
	assert_int_equal(o.starting[0].internship_id, 2);
	assert_true(o.starting[0].no_consent);
	assert_true(o.starting[0].no_plan);
	assert_int_equal(o.nmeetings, 1);
	assert_int_equal(o.meetings[0].minute, 600);
	assert_string_equal(o.meetings[0].who, "Konsulent og vært");
	{
		int64_t ids[8];

		assert_int_equal(host_overview_participants(&o, ids, 8), 2);
	}
	host_overview_free(&o);
}

static void only_what_the_viewer_sees(void **state)
{
	struct host_overview o;

	assert_int_equal(host_overview_load(db_of(state), &stranger,
					    testdb_date("2030-03-13"), &o),
			 0);
	assert_int_equal(o.nno_feedback + o.nalerts + o.nstarting + o.nmeetings,
			 0);
	host_overview_free(&o);
	/* The mentor sees their mentee's (Anna), not Bo's. */
	assert_int_equal(host_overview_load(db_of(state), &mentor,
					    testdb_date("2030-03-13"), &o),
			 0);
	assert_int_equal(o.nno_feedback, 1);
	assert_int_equal(o.nalerts, 1);
	assert_int_equal(o.nstarting, 0);
	assert_int_equal(o.nmeetings, 1);
	host_overview_free(&o);
}

static void lists_empty_as_things_are_done(void **state)
{
	struct db *db = db_of(state);
	struct host_overview o;

	testdb_exec(db, "INSERT INTO host_feedback (internship_id, week, "
			"contact_id, link_id, created_at, updated_at) VALUES "
			"(1, 2, 1, 1, 0, 0); UPDATE host_alert SET seen_at = "
			"200, seen_by = 2; INSERT INTO agreement "
			"(participant_id, version, content_enc, "
			"citizen_consent, actor, created_at) VALUES (2, 1, "
			"X'00', 1, 'x', 0)");
	assert_int_equal(host_overview_load(db, &consultant,
					    testdb_date("2030-03-13"), &o),
			 0);
	assert_int_equal(o.nno_feedback, 0);
	assert_int_equal(o.nalerts, 0);
	/* Consent now, but still no plan. */
	assert_int_equal(o.nstarting, 1);
	assert_false(o.starting[0].no_consent);
	assert_true(o.starting[0].no_plan);
	host_overview_free(&o);
	testdb_exec(db, "INSERT INTO internship_week (internship_id, week, "
			"monday, tue, updated_at) VALUES (2, 1, '2030-03-18', "
			"120, 0)");
	assert_int_equal(host_overview_load(db, &consultant,
					    testdb_date("2030-03-13"), &o),
			 0);
	assert_int_equal(o.nstarting, 0);
	host_overview_free(&o);
	/* Too far ahead: not yet "soon". */
	testdb_exec(db, "DELETE FROM internship_week WHERE internship_id = 2");
	assert_int_equal(host_overview_load(db, &consultant,
					    testdb_date("2030-03-05"), &o),
			 0);
	assert_int_equal(o.nstarting, 0);
	host_overview_free(&o);
}

static void iso_weeks_parse(void **state)
{
	date_t d = 0;

	(void)state;
	assert_int_equal(host_overview_parse_week("2026-W10", &d), 0);
	assert_int_equal(d, testdb_date("2026-03-02"));
	assert_int_equal(host_overview_parse_week("2026-W01", &d), 0);
	assert_int_equal(d, testdb_date("2025-12-29"));
	assert_int_equal(host_overview_parse_week("2026-W53", &d), 0);
	assert_int_equal(host_overview_parse_week("2025-W53", &d), -1);
	assert_int_equal(host_overview_parse_week("2026-W1", &d), -1);
	assert_int_equal(host_overview_parse_week("2026W10x", &d), -1);
	assert_int_equal(host_overview_parse_week("2026-W00", &d), -1);
	assert_int_equal(host_overview_parse_week(NULL, &d), -1);
}

struct week_rows {
	int n, with_feedback, planned_min;
	char name[64];
};

static void week_row(void *ctx, const struct host_overview_week_row *r)
{
	struct week_rows *w = ctx;

	w->n++;
	w->with_feedback += r->feedback;
	w->planned_min = r->planned_min;
	snprintf(w->name, sizeof(w->name), "%s", r->participant);
}

static void a_cohorts_week_for_who_may(void **state)
{
	struct db *db = db_of(state);
	struct form_invalid bad = {0};
	struct week_rows w = {0};
	struct cohort c;
	size_t rows = 0;

	assert_int_equal(cohort_get(db, &consultant, 1, &c), 0);
	assert_int_equal(host_overview_week_each(db, &consultant, &c,
						 testdb_date("2030-03-11"),
						 week_row, &w, &rows, &bad),
			 RESULT_OK);
	/* Anna's week 2 (fed back above); Bo starts later. */
	assert_int_equal(rows, 1);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.with_feedback, 1);
	assert_int_equal(w.planned_min, 360);
	assert_string_equal(w.name, "Anna Aktiv");
	memset(&w, 0, sizeof(w));
	assert_int_equal(host_overview_week_each(db, &consultant, &c,
						 testdb_date("2030-03-04"),
						 week_row, &w, &rows, &bad),
			 RESULT_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.with_feedback, 0);
	assert_int_equal(host_overview_week_each(db, &mentor, &c,
						 testdb_date("2030-03-11"),
						 week_row, &w, &rows, &bad),
			 RESULT_REFUSED);
	assert_non_null(strstr(bad.message, "Mentorer"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_lists_say_what_needs_a_look),
		cmocka_unit_test(only_what_the_viewer_sees),
		cmocka_unit_test(lists_empty_as_things_are_done),
		cmocka_unit_test(iso_weeks_parse),
		cmocka_unit_test(a_cohorts_week_for_who_may),
	};

	return cmocka_run_group_tests(tests, setup, testworld_teardown);
}
