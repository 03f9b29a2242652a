/*
 * Unit tests for course.c, the writes that span nouns, through the domain
 * API the pages and the demo use: a cohort created with its days, staff,
 * target group and audit row; who may create and change one; places not
 * below the admitted participants; days added by hand; and a day changed
 * at short notice mailing the citizens' caseworkers and mentors.
 */
#include "actor.h"
#include "course.h"
#include "db.h"
#include "form.h"
#include "plan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
};

/* The provider's project leader, a caseworker of the job centre, another
 * job centre's project leader, and a mentor. */
static const struct actor leader = {1, 2, ROLE_PROJECT_LEADER,
				    "pl@test.invalid", NULL};
static const struct actor caseworker = {2, 1, ROLE_CASEWORKER,
					"sb@test.invalid", NULL};
static const struct actor stranger = {3, 3, ROLE_PROJECT_LEADER,
				      "pl3@test.invalid", NULL};

static void exec(struct db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &err);

	if (rc != SQLITE_OK)
		fprintf(stderr, "%s\n%s\n", sql, err ? err : "");
	sqlite3_free(err);
	assert_int_equal(rc, SQLITE_OK);
}

static int64_t count(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int from, to;

	snprintf(f->dir, sizeof(f->dir), "/tmp/mestring-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	f->db = db_open(f->path, DB_WRITER);
	assert_non_null(f->db);
	assert_int_equal(db_migrate(f->db, &from, &to), 0);
	exec(f->db, "INSERT INTO organisation (id, name, kind, created_at) "
		    "VALUES (1, 'Jobcenter Aarhus', 'job_centre', 0), "
		    "(2, 'Mestringshuset ApS', 'provider', 0), "
		    "(3, 'Jobcenter Odense', 'job_centre', 0)");
	exec(f->db, "INSERT INTO user (id, email, name, role, "
		    "organisation_id, password_hash, created_at, updated_at, "
		    "password_changed_at) VALUES "
		    "(1, 'pl@test.invalid', 'Leder', 'project_leader', 2, 'x', "
		    "0, 0, 0), "
		    "(2, 'sb@test.invalid', 'Sagsbehandler', 'caseworker', 1, "
		    "'x', 0, 0, 0), "
		    "(3, 'pl3@test.invalid', 'Leder 3', 'project_leader', 3, "
		    "'x', 0, 0, 0), "
		    "(4, 'mentor@test.invalid', 'Mentor', 'mentor', 2, 'x', 0, "
		    "0, 0)");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[200];

	db_close(f->db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* A cohort of job centre 1 and provider 2 starting on a working day
 * Monday to Thursday some ten weeks ahead. */
static void new_cohort(struct cohort_input *in, const struct actor *a)
{
	date_t d = date_add_days(date_today(), 70);

	memset(in, 0, sizeof(*in));
	cohort_defaults(&in->c, a);
	while (!plan_is_working_day(&in->c.plan, d) || date_weekday(d) > 4)
		d = date_add_days(d, 1);
	snprintf(in->c.name, sizeof(in->c.name), "Testhold");
	in->c.job_centre_id = 1;
	in->c.provider_id = 2;
	snprintf(in->c.venue_name, sizeof(in->c.venue_name), "Huset");
	snprintf(in->c.venue_address, sizeof(in->c.venue_address),
		 "Vejen 1, 8000 Aarhus C");
	in->c.plan.first_teaching_day = d;
	in->triggers = cohort_default_triggers;
}

static int64_t create(struct db *db)
{
	struct form_invalid bad = {0};
	struct cohort_input in;
	int64_t id = 0;

	new_cohort(&in, &leader);
	assert_int_equal(course_cohort_create(db, &leader, &in, &id, &bad),
			 RESULT_OK);
	assert_true(id > 0);
	return id;
}

static void cohort_is_created_with_days_staff_and_audit(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f->db);
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM course_day WHERE cohort_id = %lld AND "
		 "generated = 1",
		 (long long)id);
	assert_true(count(f->db, sql) >= 16);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cohort_staff WHERE cohort_id = %lld AND "
		 "user_id = 1 AND role = 'project_leader'",
		 (long long)id);
	assert_int_equal(count(f->db, sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cohort_criterion WHERE cohort_id = %lld",
		 (long long)id);
	assert_int_equal(count(f->db, sql), 5);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE action = 'cohort.create' "
		 "AND subject_id = %lld AND actor = 'pl@test.invalid' AND "
		 "detail = 'plan'",
		 (long long)id);
	assert_int_equal(count(f->db, sql), 1);
}

static void only_its_project_leaders_create_and_change_a_cohort(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	struct cohort_input in;
	struct cohort c;
	int64_t id = 0;

	new_cohort(&in, &caseworker);
	assert_int_equal(
		course_cohort_create(f->db, &caseworker, &in, &id, &bad),
		RESULT_REFUSED);
	/* Neither organisation is the other leader's. */
	new_cohort(&in, &stranger);
	in.c.provider_id = 2;
	assert_int_equal(course_cohort_create(f->db, &stranger, &in, &id, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "provider_id");
	assert_int_equal(count(f->db, "SELECT count(*) FROM cohort"), 0);

	id = create(f->db);
	assert_int_equal(cohort_get(f->db, &leader, id, &c), 0);
	in.c = c;
	in.c.capacity = 12;
	assert_int_equal(course_cohort_update(f->db, &stranger, &c, &in, &bad),
			 RESULT_REFUSED);
	assert_int_equal(course_cohort_update(f->db, &leader, &c, &in, &bad),
			 RESULT_OK);
	assert_int_equal(cohort_get(f->db, &leader, id, &c), 0);
	assert_int_equal(c.capacity, 12);
}

static void places_stay_at_or_above_the_admitted(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	struct cohort_input in;
	struct cohort c;
	int64_t id = create(f->db);
	char sql[512];
	int i;

	for (i = 0; i < 9; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO participant (cohort_id, name, cpr_enc, "
			 "cpr_hash, birth_year, caseworker_id, health_enc, "
			 "status, referred_on, created_at, updated_at) VALUES "
			 "(%lld, 'Borger', X'00', randomblob(32), 1998, 2, "
			 "X'00', 'admitted', '2024-12-10', 0, 0)",
			 (long long)id);
		exec(f->db, sql);
	}
	assert_int_equal(cohort_get(f->db, &leader, id, &c), 0);
	memset(&in, 0, sizeof(in));
	in.c = c;
	in.triggers = cohort_default_triggers;
	in.c.capacity = 8;
	assert_int_equal(course_cohort_update(f->db, &leader, &c, &in, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "capacity");
	assert_non_null(strstr(bad.message, "9 optagne"));
	in.c.capacity = 9;
	assert_int_equal(course_cohort_update(f->db, &leader, &c, &in, &bad),
			 RESULT_OK);
}

/* A day added by hand is refused on a date where the cohort already has
 * an active day of its kind, and taken of another kind. */
static void an_added_day_does_not_double_its_kind(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	struct cohort c;
	struct day_input in = {0};
	int64_t id = create(f->db), day = 0;

	assert_int_equal(cohort_get(f->db, &leader, id, &c), 0);
	in.date = date_add_days(c.plan.first_teaching_day, 1);
	while (date_weekday(in.date) > 5 ||
	       !plan_is_working_day(&c.plan, in.date))
		in.date = date_add_days(in.date, 1);
	in.start = 600;
	in.end = 660;
	in.kind = "nutrition";
	in.title = "Kost";
	assert_int_equal(course_day_add(f->db, &leader, &c, &in, &day, &bad),
			 RESULT_OK);
	assert_true(day > 0);
	assert_int_equal(course_day_add(f->db, &leader, &c, &in, &day, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.message,
			    "Holdet har allerede en dag af den slags den "
			    "dato.");
	in.kind = "company_visit";
	assert_int_equal(course_day_add(f->db, &leader, &c, &in, &day, &bad),
			 RESULT_OK);
	assert_int_equal(
		course_day_add(f->db, &caseworker, &c, &in, &day, &bad),
		RESULT_REFUSED);
}

/* Today's day re-timed: within 48 hours, so the caseworker and mentor of
 * the cohort's admitted citizen get one mail each. */
static void
a_day_changed_at_short_notice_mails_caseworker_and_mentor(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	struct day_edit e = {.start = 1, .end = -1};
	struct cohort c;
	struct day d;
	int64_t id = create(f->db), day;
	char sql[512], today[DATE_ISO_LEN + 1];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO participant (cohort_id, name, cpr_enc, "
		 "cpr_hash, birth_year, caseworker_id, mentor_id, health_enc, "
		 "status, referred_on, created_at, updated_at) VALUES (%lld, "
		 "'Borger', X'00', randomblob(32), 1998, 2, 4, X'00', "
		 "'admitted', '2024-12-10', 0, 0)",
		 (long long)id);
	exec(f->db, sql);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO course_day (cohort_id, date, start_min, end_min, "
		 "kind, title, generated, created_at, updated_at) VALUES "
		 "(%lld, '%s', 0, 1439, 'other', '', 0, 0, 0)",
		 (long long)id, cohort_today(today));
	exec(f->db, sql);
	day = db_last_id(f->db);
	assert_int_equal(day_get(f->db, &leader, day, &d, &c), 0);
	assert_int_equal(course_day_change(f->db, &leader, &c, &d, &e, &bad),
			 RESULT_OK);
	assert_int_equal(count(f->db, "SELECT count(*) FROM outbox WHERE "
				      "kind = 'day_change' AND recipient IN "
				      "('sb@test.invalid', "
				      "'mentor@test.invalid')"),
			 2);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM course_day_change WHERE day_id = %lld "
		 "AND change = 'retimed' AND actor_id = 1",
		 (long long)day);
	assert_int_equal(count(f->db, sql), 1);
	/* Nothing to change: no row, no mail. */
	assert_int_equal(day_get(f->db, &leader, day, &d, &c), 0);
	assert_int_equal(course_day_change(f->db, &leader, &c, &d, &e, &bad),
			 RESULT_OK);
	assert_int_equal(count(f->db, "SELECT count(*) FROM outbox"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			cohort_is_created_with_days_staff_and_audit, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			only_its_project_leaders_create_and_change_a_cohort,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			places_stay_at_or_above_the_admitted, setup, teardown),
		cmocka_unit_test_setup_teardown(
			an_added_day_does_not_double_its_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(
			a_day_changed_at_short_notice_mails_caseworker_and_mentor,
			setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
