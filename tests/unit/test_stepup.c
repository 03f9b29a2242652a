/*
 * Unit tests for stepup.c and stepup_plan.c: the generator (the rise from
 * pattern to target, the teaching day, the 37 hours, public holidays at
 * Easter and Christmas, the cohort's closure days, an internship starting
 * and ending mid-week, days spread over the week), the check of an edited
 * plan and its Danish messages naming the week and the day, and the save:
 * the weeks, their history with who and why, the version and the
 * internship's sequence moved, the audit row, a reason needed for a
 * change, fewer hours on a day gone by allowed but not more, a stale
 * version a conflict, and refusals that write nothing.
 */
#include "actor.h"
#include "course.h"
#include "date.h"
#include "db.h"
#include "form.h"
#include "holiday.h"
#include "internship.h"
#include "participant.h"
#include "secret.h"
#include "stepup.h"
#include "stepup_plan.h"
#include "testdb.h"
#include "testworld.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const struct actor caseworker = {2, 1, ROLE_CASEWORKER,
					"sb@test.invalid", NULL};
static const struct actor consultant = {3, 1, ROLE_CONSULTANT,
					"vk@test.invalid", NULL};
static const struct actor mentor = {4, 2, ROLE_MENTOR, "me@test.invalid", NULL};

#define MAXW INTERNSHIP_WEEKS_MAX

struct fixture {
	struct testdb t;
	int64_t cohort, participant, company;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || testworld_open(&f->t, 4) < 0)
		return -1;
	f->cohort = testworld_cohort(f->t.db, 70, 0);
	if (f->cohort < 0)
		return -1;
	f->participant = testworld_participant(f->t.db, f->cohort, "Anna",
					       "2025-01-06");
	testdb_exec(f->t.db, "INSERT INTO company (organisation_id, name, cvr, "
			     "employees, created_at, updated_at) VALUES (1, "
			     "'Værkstedet', '91300028', 20, 0, 0)");
	f->company = db_last_id(f->t.db);
	*state = f;
	return 0;
}

/* A new internship of the fixture's participant, teaching day Wednesday. */
static int64_t add_internship(struct fixture *f, date_t start, date_t end,
			      const char *status)
{
	char a[DATE_ISO_LEN + 1], b[DATE_ISO_LEN + 1], sql[512];

	date_format_iso(start, a);
	date_format_iso(end, b);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO internship (participant_id, company_id, "
		 "start_on, end_on, status, teaching_weekday, created_at, "
		 "updated_at) VALUES (%lld, %lld, '%s', '%s', '%s', 3, 0, 0)",
		 (long long)f->participant, (long long)f->company, a, b,
		 status);
	testdb_exec(f->t.db, sql);
	return db_last_id(f->t.db);
}

static int64_t count(struct fixture *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int64_t count(struct fixture *f, const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return testdb_scalar(f->t.db, sql);
}

/* The generator. */

static int week_total(const struct stepup_week *w)
{
	return stepup_week_minutes(w);
}

static int days_of(const struct stepup_week *w)
{
	int d, n = 0;

	for (d = 0; d < STEPUP_DAYS; d++)
		n += w->minutes[d] > 0;
	return n;
}

static void generate_rises_from_pattern_to_target(void **state)
{
	struct stepup_pattern from = {2, 180}, to = {4, 360};
	struct stepup_week w[MAXW];
	int n, k, d;

	(void)state;
	/* Twelve whole weeks without a public holiday. */
	n = stepup_generate(&from, &to, testdb_date("2026-08-31"),
			    testdb_date("2026-11-20"), 5, 37 * 60, NULL, 0, w,
			    MAXW);
	assert_int_equal(n, 12);
	assert_int_equal(days_of(&w[0]), 2);
	assert_int_equal(week_total(&w[0]), 2 * 180);
	assert_int_equal(days_of(&w[11]), 4);
	assert_int_equal(week_total(&w[11]), 4 * 360);
	assert_int_equal(w[0].week, 1);
	assert_true(w[0].monday == testdb_date("2026-08-31"));
	assert_true(w[11].monday == testdb_date("2026-11-16"));
	for (k = 1; k < n; k++) {
		assert_true(week_total(&w[k]) >= week_total(&w[k - 1]));
		assert_int_equal(w[k].dims[STEPUP_DIM_HOURS],
				 week_total(&w[k]) > week_total(&w[k - 1]));
		for (d = 0; d < STEPUP_DAYS; d++)
			assert_int_equal(w[k].minutes[d] % 30, 0);
		assert_int_equal(w[k].meeting_min, -1);
		assert_null(w[k].meeting_who);
	}
	/* Halfway is halfway: week 6 of 12 is 5/11 of the way. */
	assert_int_equal(days_of(&w[5]), 3);
	assert_int_equal(w[5].minutes[0], 270);
	/* Two days of four are never neighbours, and stay the same days. */
	assert_int_equal(w[0].minutes[0], 180);
	assert_int_equal(w[0].minutes[3], 180);
	assert_int_equal(w[1].minutes[0] > 0 && w[1].minutes[3] > 0, true);
}

static void generate_never_plans_the_teaching_day(void **state)
{
	struct stepup_pattern from = {4, 240}, to = {4, 480};
	struct stepup_week w[MAXW];
	int n, k, t;

	(void)state;
	for (t = 1; t <= 5; t++) {
		n = stepup_generate(&from, &to, testdb_date("2026-08-31"),
				    testdb_date("2026-11-20"), t, 37 * 60, NULL,
				    0, w, MAXW);
		assert_int_equal(n, 12);
		for (k = 0; k < n; k++) {
			assert_int_equal(w[k].minutes[t - 1], 0);
			assert_int_equal(days_of(&w[k]), 4);
		}
	}
	/* Five days is the teaching day too: not a pattern. */
	from.days = 5;
	assert_int_equal(stepup_generate(&from, &to, testdb_date("2026-08-31"),
					 testdb_date("2026-11-20"), 3, 37 * 60,
					 NULL, 0, w, MAXW),
			 -1);
}

static void generate_keeps_the_week_under_37_hours(void **state)
{
	struct stepup_pattern from = {4, 600}, to = {4, 720};
	struct stepup_week w[MAXW];
	int n, k;

	(void)state;
	n = stepup_generate(&from, &to, testdb_date("2026-08-31"),
			    testdb_date("2026-10-02"), 3, 37 * 60, NULL, 0, w,
			    MAXW);
	assert_int_equal(n, 5);
	for (k = 0; k < n; k++) {
		assert_true(week_total(&w[k]) <= 37 * 60);
		/* 37 hours over four days: 9 hours a day, in half hours. */
		assert_int_equal(w[k].minutes[0], 9 * 60);
		assert_int_equal(week_total(&w[k]), 36 * 60);
	}
}

static void generate_skips_easter_and_christmas(void **state)
{
	struct stepup_pattern p = {4, 240};
	struct stepup_week w[MAXW];
	date_t day;
	int n, k, d;

	(void)state;
	/* Easter 2027: Maundy Thursday 25 March, Good Friday 26 March,
	 * Easter Monday 29 March. */
	assert_true(holiday_easter(2027) == testdb_date("2027-03-28"));
	n = stepup_generate(&p, &p, testdb_date("2027-03-15"),
			    testdb_date("2027-04-30"), 3, 37 * 60, NULL, 0, w,
			    MAXW);
	assert_int_equal(n, 7);
	for (k = 0; k < n; k++)
		for (d = 0; d < STEPUP_DAYS; d++) {
			day = date_add_days(w[k].monday, d);
			if (holiday_is(day, false, NULL))
				assert_int_equal(w[k].minutes[d], 0);
		}
	/* The week of 22 March has Monday and Tuesday left (Wednesday
	 * is taught); the week after Tuesday, Thursday and Friday. */
	assert_int_equal(days_of(&w[1]), 2);
	assert_int_equal(w[1].minutes[3] + w[1].minutes[4], 0);
	assert_int_equal(days_of(&w[2]), 3);
	assert_int_equal(w[2].minutes[0], 0);
	/* Christmas: 25 and 26 December 2026 (Friday, Saturday) and New
	 * Year's Day 2027 (Friday). */
	n = stepup_generate(&p, &p, testdb_date("2026-12-14"),
			    testdb_date("2027-01-15"), 3, 37 * 60, NULL, 0, w,
			    MAXW);
	assert_int_equal(n, 5);
	assert_int_equal(w[1].minutes[4], 0); /* 25 December */
	assert_int_equal(w[2].minutes[4], 0); /* 1 January */
	assert_int_equal(days_of(&w[1]), 3);
	assert_int_equal(days_of(&w[0]), 4);
}

static void generate_skips_closure_days_and_moves_the_day(void **state)
{
	struct stepup_pattern p = {2, 240};
	struct stepup_week w[MAXW];
	date_t closed[2];
	int n;

	(void)state;
	n = stepup_generate(&p, &p, testdb_date("2026-08-31"),
			    testdb_date("2026-09-25"), 3, 37 * 60, NULL, 0, w,
			    MAXW);
	assert_int_equal(n, 4);
	/* Monday and Thursday when nothing is closed. */
	assert_int_equal(w[1].minutes[0], 240);
	assert_int_equal(w[1].minutes[3], 240);
	closed[0] = testdb_date("2026-09-07"); /* week 2's Monday */
	closed[1] = testdb_date("2026-09-17"); /* week 3's Thursday */
	n = stepup_generate(&p, &p, testdb_date("2026-08-31"),
			    testdb_date("2026-09-25"), 3, 37 * 60, closed, 2, w,
			    MAXW);
	assert_int_equal(n, 4);
	assert_int_equal(w[1].minutes[0], 0);
	assert_int_equal(w[2].minutes[3], 0);
	/* The week keeps its two days, on another free day. */
	assert_int_equal(days_of(&w[1]), 2);
	assert_int_equal(days_of(&w[2]), 2);
	assert_int_equal(w[1].minutes[2], 0);
	assert_int_equal(w[2].minutes[2], 0);
}

static void generate_keeps_inside_the_dates(void **state)
{
	struct stepup_pattern from = {4, 180}, to = {4, 300};
	struct stepup_week w[MAXW];
	date_t start = testdb_date("2026-09-02"),
	       end = testdb_date("2026-09-22");
	date_t day;
	int n, k, d;

	(void)state;
	/* A Wednesday to a Tuesday: four weeks touched. */
	n = stepup_generate(&from, &to, start, end, 1, 37 * 60, NULL, 0, w,
			    MAXW);
	assert_int_equal(n, internship_weeks(start, end));
	assert_int_equal(n, 4);
	for (k = 0; k < n; k++)
		for (d = 0; d < STEPUP_DAYS; d++) {
			day = date_add_days(w[k].monday, d);
			if (day < start || day > end)
				assert_int_equal(w[k].minutes[d], 0);
		}
	assert_int_equal(days_of(&w[0]), 3); /* Wednesday to Friday */
	assert_int_equal(days_of(&w[3]), 1); /* Tuesday (Monday taught) */
	assert_int_equal(w[3].minutes[1], 300);
	assert_int_equal(stepup_generate(&from, &to, end, start, 1, 37 * 60,
					 NULL, 0, w, MAXW),
			 -1);
	assert_int_equal(stepup_generate(&from, &to, start, end, 1, 37 * 60,
					 NULL, 0, w, 3),
			 -1);
}

static void patterns_are_checked_in_danish(void **state)
{
	struct stepup_pattern from = {2, 180}, to = {4, 195};
	struct form_invalid bad = {0};

	(void)state;
	assert_int_equal(stepup_pattern_check(&from, &to, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "to_hours");
	assert_string_equal(bad.message,
			    "Mål: timer om dagen skal være hele eller halve "
			    "timer (fx 3 eller 3,5).");
	from.days = 0;
	assert_int_equal(stepup_pattern_check(&from, &to, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "from_days");
	to.minutes = 13 * 60;
	from.days = 1;
	assert_int_equal(stepup_pattern_check(&from, &to, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "to_hours");
}

/* The check. */

/* A plan of n empty weeks from start's Monday. */
static void empty_plan(struct stepup_plan *plan, struct stepup_week *w, int n,
		       date_t start)
{
	int k;

	memset(w, 0, sizeof(*w) * (size_t)n);
	for (k = 0; k < n; k++) {
		w[k].week = k + 1;
		w[k].monday = date_add_days(date_monday(start), 7 * k);
		w[k].meeting_min = -1;
	}
	plan->internship_id = 0;
	plan->n = (size_t)n;
	plan->weeks = w;
}

static int check(const struct stepup_plan *plan, date_t start, date_t end,
		 const date_t *closed, size_t nclosed,
		 struct stepup_fault *fault, struct form_invalid *bad)
{
	return stepup_check(plan, start, end, 3, 37 * 60, closed, nclosed,
			    fault, bad);
}

static void check_names_the_week_and_day(void **state)
{
	date_t start = testdb_date("2027-03-17"),
	       end = testdb_date("2027-04-30");
	date_t closed = testdb_date("2027-04-13");
	struct stepup_week w[7];
	struct stepup_plan plan;
	struct stepup_fault fault;
	struct form_invalid bad = {0};

	(void)state;
	empty_plan(&plan, w, 7, start);
	assert_int_equal(check(&plan, start, end, &closed, 1, NULL, &bad),
			 RESULT_OK);
	/* The teaching day (Wednesday). */
	w[2].minutes[2] = 180;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "wed");
	assert_int_equal(fault.week, 3);
	assert_int_equal(fault.day, 2);
	assert_string_equal(bad.message,
			    "Uge 3, onsdag 31. marts 2027: det er holdets "
			    "undervisningsdag, som praktikværten skal give "
			    "fri. Sæt timerne til 0.");
	w[2].minutes[2] = 0;
	/* Before the start (a Wednesday): the Tuesday of week 1. */
	w[0].minutes[1] = 180;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.message,
			    "Uge 1, tirsdag 16. marts 2027: praktikken "
			    "begynder først onsdag 17. marts 2027. Sæt "
			    "timerne til 0.");
	w[0].minutes[1] = 0;
	/* Easter Monday. */
	w[2].minutes[0] = 180;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.message,
			    "Uge 3, mandag 29. marts 2027: det er 2. "
			    "påskedag, en helligdag. Sæt timerne til 0.");
	w[2].minutes[0] = 0;
	/* A closure day. */
	w[4].minutes[1] = 180;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.message,
			    "Uge 5, tirsdag 13. april 2027: det er en "
			    "lukkedag for holdet. Sæt timerne til 0.");
	w[4].minutes[1] = 0;
	/* Half hours only. */
	w[3].minutes[3] = 200;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "thu");
	assert_string_equal(bad.message,
			    "Uge 4, torsdag 8. april 2027: timerne skal "
			    "være hele eller halve timer (fx 3 eller 3,5).");
	/* Above 37 hours in the week. */
	w[3].minutes[0] = w[3].minutes[1] = w[3].minutes[3] = 600;
	w[3].minutes[4] = 450;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "hours");
	assert_int_equal(fault.day, -1);
	assert_string_equal(bad.message,
			    "Uge 4 har 37,5 timer, men en praktik må højst "
			    "have 37 timer om ugen.");
	w[3].minutes[4] = 420;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_OK);
	/* A week past the end. */
	w[6].week = 8;
	w[6].monday = date_add_days(w[6].monday, 7);
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.message, "Uge 8 ligger uden for praktikken, "
					 "som har uge 1 til 7.");
	w[6].week = 7;
	w[6].monday = date_add_days(w[6].monday, -7);
	/* The status meeting inside its week. */
	w[1].meeting_on = testdb_date("2027-04-01");
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "meeting");
	assert_string_equal(bad.message,
			    "Uge 2: statusmødet skal ligge i ugen, fra mandag "
			    "22. marts 2027 til søndag 28. marts 2027.");
	w[1].meeting_on = testdb_date("2027-03-25");
	w[1].meeting_min = 600;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_OK);
	/* A dimension is up, held or down. */
	w[1].dims[STEPUP_DIM_TASKS] = 2;
	assert_int_equal(check(&plan, start, end, &closed, 1, &fault, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.message, "Uge 2: Opgaver skal skrues op, "
					 "holdes eller skrues ned.");
}

/* Saving. */

static void load(struct fixture *f, const struct actor *a, int64_t id,
		 struct internship *i, struct participant *p)
{
	assert_int_equal(internship_get(f->t.db, a, id, i, p), 0);
}

static void generated(struct fixture *f, const struct internship *i,
		      struct stepup_plan *plan)
{
	struct stepup_pattern from = {2, 180}, to = {4, 360};
	struct form_invalid bad = {0};

	assert_int_equal(stepup_plan_draft(f->t.db, i, &from, &to, date_today(),
					   plan, &bad),
			 RESULT_OK);
	assert_true(plan->n > 0);
}

struct history {
	int n, created, changed;
	char reason[128];
	int before0, after0, week;
};

static void history_row(void *ctx, const struct stepup_change *c)
{
	struct history *h = ctx;

	h->n++;
	if (c->created) {
		h->created++;
		return;
	}
	h->changed++;
	if (h->changed == 1) {
		snprintf(h->reason, sizeof(h->reason), "%s", c->reason);
		h->before0 = c->before[0];
		h->after0 = c->after[0];
		h->week = c->week;
	}
}

static void save_writes_weeks_history_sequence_and_audit(void **state)
{
	struct fixture *f = *state;
	date_t start = date_add_days(date_monday(date_today()), 14);
	int64_t id = add_internship(f, start, date_add_days(start, 81),
				    "planned");
	struct form_invalid bad = {0};
	struct stepup_plan plan, stored;
	struct history h = {0};
	struct internship i;
	struct participant p;
	int n;

	load(f, &consultant, id, &i, &p);
	generated(f, &i, &plan);
	n = (int)plan.n;
	assert_int_equal(n, 12);
	/* A first plan needs no reason. */
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &plan,
					  NULL, &bad),
			 RESULT_OK);
	assert_int_equal(count(f,
			       "SELECT count(*) FROM internship_week WHERE "
			       "internship_id = %lld AND version = 1",
			       (long long)id),
			 n);
	assert_int_equal(count(f,
			       "SELECT sequence FROM internship WHERE id = "
			       "%lld",
			       (long long)id),
			 1);
	assert_int_equal(count(f,
			       "SELECT count(*) FROM audit WHERE action = "
			       "'participant.plan_update' AND subject_id = "
			       "%lld",
			       (long long)f->participant),
			 1);
	/* The same plan again changes nothing and writes nothing. */
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &plan,
					  NULL, &bad),
			 RESULT_OK);
	assert_int_equal(count(f,
			       "SELECT sequence FROM internship WHERE id = "
			       "%lld",
			       (long long)id),
			 1);
	stepup_plan_free(&plan);

	/* A change of the stored plan needs a reason. */
	assert_int_equal(stepup_plan_load(f->t.db, id, &stored), 0);
	stored.weeks[4].minutes[0] += 60;
	stored.weeks[4].meeting_on = date_add_days(stored.weeks[4].monday, 1);
	stored.weeks[4].meeting_min = 10 * 60;
	free(stored.weeks[4].meeting_who);
	stored.weeks[4].meeting_who = strdup("Konsulent, vært og borger");
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &stored,
					  "", &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "reason");
	assert_string_equal(bad.message,
			    "Skriv hvorfor optrapningsplanen ændres.");
	assert_int_equal(count(f,
			       "SELECT sequence FROM internship WHERE id = "
			       "%lld",
			       (long long)id),
			 1);
	/* The caseworker changes it: their own citizen. */
	internship_free(&i);
	load(f, &caseworker, id, &i, &p);
	assert_int_equal(stepup_plan_save(f->t.db, &caseworker, &p, &i, &stored,
					  "Borgeren kan mere.", &bad),
			 RESULT_OK);
	assert_int_equal(count(f,
			       "SELECT version FROM internship_week WHERE "
			       "internship_id = %lld AND week = 5",
			       (long long)id),
			 2);
	assert_int_equal(count(f,
			       "SELECT sequence FROM internship WHERE id = "
			       "%lld",
			       (long long)id),
			 2);
	assert_int_equal(count(f,
			       "SELECT count(*) FROM internship_week_change "
			       "WHERE internship_id = %lld AND actor = "
			       "'sb@test.invalid' AND reason_enc IS NOT NULL",
			       (long long)id),
			 1);
	/* Read back, newest first, the reason opened. */
	assert_int_equal(stepup_history_each(f->t.db, &i, 0, history_row, &h),
			 0);
	assert_int_equal(h.n, n + 1);
	assert_int_equal(h.created, n);
	assert_int_equal(h.changed, 1);
	assert_int_equal(h.week, 5);
	assert_string_equal(h.reason, "Borgeren kan mere.");
	assert_int_equal(h.after0, h.before0 + 60);

	/* A stale version is a conflict, and writes nothing. */
	stored.weeks[5].minutes[0] = 0;
	stored.weeks[5].version = 7;
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &stored,
					  "Ny plan", &bad),
			 RESULT_CONFLICT);
	stored.weeks[5].version = 0;
	/* Hours on the teaching day: refused, nothing written. */
	stored.weeks[5].minutes[2] = 120;
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &stored,
					  "Ny plan", &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "wed");
	assert_non_null(strstr(bad.message, "Uge 6, onsdag"));
	assert_int_equal(count(f,
			       "SELECT sequence FROM internship WHERE id = "
			       "%lld",
			       (long long)id),
			 2);
	assert_int_equal(count(f,
			       "SELECT count(*) FROM internship_week_change "
			       "WHERE internship_id = %lld",
			       (long long)id),
			 n + 1);
	/* A new draft keeps the weeks' meetings and their versions. */
	{
		struct stepup_pattern from = {1, 120}, to = {2, 240};

		assert_int_equal(stepup_plan_draft(f->t.db, &i, &from, &to,
						   date_today(), &plan, &bad),
				 RESULT_OK);
		assert_true(plan.weeks[4].meeting_on ==
			    date_add_days(plan.weeks[4].monday, 1));
		assert_int_equal(plan.weeks[4].meeting_min, 600);
		assert_string_equal(plan.weeks[4].meeting_who,
				    "Konsulent, vært og borger");
		assert_int_equal(plan.weeks[4].version, 2);
		assert_int_equal(plan.weeks[0].minutes[0], 120);
		stepup_plan_free(&plan);
	}
	stepup_plan_free(&stored);
	internship_free(&i);
}

static void save_is_refused_to_others_and_for_an_ended_one(void **state)
{
	struct fixture *f = *state;
	date_t start = date_add_days(date_monday(date_today()), 14);
	int64_t id = add_internship(f, start, date_add_days(start, 40),
				    "planned");
	struct form_invalid bad = {0};
	struct stepup_plan plan;
	struct internship i, mi;
	struct participant p, mp;

	load(f, &consultant, id, &i, &p);
	generated(f, &i, &plan);
	/* The mentor sees the plan but does not change it. */
	load(f, &mentor, id, &mi, &mp);
	assert_int_equal(
		stepup_plan_save(f->t.db, &mentor, &mp, &mi, &plan, NULL, &bad),
		RESULT_REFUSED);
	assert_non_null(strstr(bad.message, "optrapningsplan"));
	assert_int_equal(count(f,
			       "SELECT count(*) FROM internship_week WHERE "
			       "internship_id = %lld",
			       (long long)id),
			 0);
	internship_free(&mi);
	/* An ended internship keeps its plan as it was. */
	testdb_exec(f->t.db, "UPDATE internship SET status = 'ended_early' "
			     "WHERE id = (SELECT max(id) FROM internship)");
	internship_free(&i);
	load(f, &consultant, id, &i, &p);
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &plan,
					  NULL, &bad),
			 RESULT_REFUSED);
	assert_string_equal(bad.message, "Praktikken er afsluttet, så dens "
					 "optrapningsplan kan ikke ændres.");
	assert_int_equal(count(f,
			       "SELECT count(*) FROM internship_week WHERE "
			       "internship_id = %lld",
			       (long long)id) +
				 count(f,
				       "SELECT sequence FROM internship WHERE "
				       "id = %lld",
				       (long long)id),
			 0);
	stepup_plan_free(&plan);
	internship_free(&i);
}

static void a_day_gone_by_is_only_reduced(void **state)
{
	struct fixture *f = *state;
	date_t start = date_add_days(date_monday(date_today()), -21);
	int64_t id = add_internship(f, start, date_add_days(start, 60),
				    "running");
	struct form_invalid bad = {0};
	struct stepup_plan plan, stored;
	struct stepup_pattern from = {3, 240}, to = {3, 240};
	struct internship i;
	struct participant p;
	int d;

	load(f, &consultant, id, &i, &p);
	assert_int_equal(stepup_plan_draft(f->t.db, &i, &from, &to,
					   date_today(), &plan, &bad),
			 RESULT_OK);
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &plan,
					  NULL, &bad),
			 RESULT_OK);
	stepup_plan_free(&plan);
	assert_int_equal(stepup_plan_load(f->t.db, id, &stored), 0);
	for (d = 0; stored.weeks[0].minutes[d] == 0; d++)
		;
	/* More hours on a day gone by: refused. */
	stored.weeks[0].minutes[d] += 60;
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &stored,
					  "Mere", &bad),
			 RESULT_INVALID);
	assert_non_null(strstr(bad.message, "Uge 1, "));
	assert_non_null(strstr(
		bad.message, "dagen er gået, så timerne kan kun sættes ned."));
	/* Fewer: allowed, with who and why. */
	stored.weeks[0].minutes[d] -= 120;
	assert_int_equal(stepup_plan_save(f->t.db, &consultant, &p, &i, &stored,
					  "Borgeren var syg", &bad),
			 RESULT_OK);
	assert_int_equal(count(f,
			       "SELECT count(*) FROM internship_week_change "
			       "WHERE internship_id = %lld AND week = 1 AND "
			       "version = 2",
			       (long long)id),
			 1);
	stepup_plan_free(&stored);
	/* A new draft over it keeps the days gone by as they are. */
	to.minutes = 300;
	assert_int_equal(stepup_plan_draft(f->t.db, &i, &from, &to,
					   date_today(), &plan, &bad),
			 RESULT_OK);
	assert_int_equal(plan.weeks[0].minutes[d], 180);
	assert_int_equal(plan.weeks[0].version, 2);
	stepup_plan_free(&plan);
	internship_free(&i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generate_rises_from_pattern_to_target),
		cmocka_unit_test(generate_never_plans_the_teaching_day),
		cmocka_unit_test(generate_keeps_the_week_under_37_hours),
		cmocka_unit_test(generate_skips_easter_and_christmas),
		cmocka_unit_test(generate_skips_closure_days_and_moves_the_day),
		cmocka_unit_test(generate_keeps_inside_the_dates),
		cmocka_unit_test(patterns_are_checked_in_danish),
		cmocka_unit_test(check_names_the_week_and_day),
		cmocka_unit_test(save_writes_weeks_history_sequence_and_audit),
		cmocka_unit_test(
			save_is_refused_to_others_and_for_an_ended_one),
		cmocka_unit_test(a_day_gone_by_is_only_reduced),
	};

	return cmocka_run_group_tests(tests, setup, testworld_teardown);
}
