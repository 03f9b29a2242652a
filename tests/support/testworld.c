/*
 * testworld: the organisations, staff, cohorts and participants that the
 * domain's unit tests share (see testworld.h).
 */
#include "testworld.h"

#include "actor.h"
#include "cohort.h"
#include "course.h"
#include "date.h"
#include "db.h"
#include "form.h"
#include "secret.h"
#include "testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The project leader that makes the cohorts. */
static const struct actor leader = {1, 2, ROLE_PROJECT_LEADER,
				    "pl@test.invalid", NULL};

/* The users' rows, in the order of their ids. */
static const char *const users_sql[] = {
	"(1, 'pl@test.invalid', 'Leder', 'project_leader', 2, 'x', 0, 0, 0)",
	"(2, 'sb@test.invalid', 'Sagsbehandler', 'caseworker', 1, 'x', 0, 0, "
	"0)",
	"(3, 'vk@test.invalid', 'Konsulent', 'consultant', 1, 'x', 0, 0, 0)",
	"(4, 'me@test.invalid', 'Mentor', 'mentor', 2, 'x', 0, 0, 0)",
	"(5, 'ud@test.invalid', 'Underviser', 'instructor', 2, 'x', 0, 0, 0)",
	"(6, 'ud2@test.invalid', 'Anden', 'instructor', 2, 'x', 0, 0, 0)",
};

#define USERS_MAX ((int)(sizeof(users_sql) / sizeof(users_sql[0])))

int testworld_keyed(struct testdb *t)
{
	char key[160];

	if (testdb_open(t, true) < 0)
		return -1;
	snprintf(key, sizeof(key), "%s/t.key", t->dir);
	return secret_init(key) < 0 ? -1 : 0;
}

int testworld_open(struct testdb *t, int users)
{
	char sql[1024];
	size_t len;
	int i;

	if (users < 1 || users > USERS_MAX || testworld_keyed(t) < 0)
		return -1;
	testdb_exec(t->db, "INSERT INTO organisation (id, name, kind, "
			   "created_at) VALUES (1, 'Jobcenter Aarhus', "
			   "'job_centre', 0), (2, 'Mestringshuset ApS', "
			   "'provider', 0)");
	len = (size_t)snprintf(sql, sizeof(sql),
			       "INSERT INTO user (id, email, name, role, "
			       "organisation_id, password_hash, created_at, "
			       "updated_at, password_changed_at) VALUES ");
	for (i = 0; i < users && len < sizeof(sql); i++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s%s",
					i > 0 ? ", " : "", users_sql[i]);
	if (len >= sizeof(sql))
		return -1;
	testdb_exec(t->db, sql);
	return 0;
}

int testworld_close(struct testdb *t)
{
	secret_shutdown();
	return testdb_remove(t);
}

int testworld_teardown(void **state)
{
	struct testdb *t = *state;
	int rc;

	if (t == NULL)
		return 0;
	rc = testworld_close(t);
	free(t);
	return rc;
}

int64_t testworld_cohort(struct db *db, int days, int64_t instructor)
{
	struct form_invalid bad = {0};
	struct cohort_input in;
	struct cohort c;
	int64_t id = -1;

	memset(&in, 0, sizeof(in));
	cohort_defaults(&in.c, &leader);
	snprintf(in.c.name, sizeof(in.c.name), "Testhold");
	in.c.job_centre_id = 1;
	in.c.provider_id = 2;
	in.c.capacity = COHORT_CAPACITY_MIN;
	snprintf(in.c.venue_name, sizeof(in.c.venue_name), "Huset");
	snprintf(in.c.venue_address, sizeof(in.c.venue_address),
		 "Vejen 1, 8000 Aarhus C");
	in.c.plan.first_teaching_day = date_add_days(date_today(), days);
	in.triggers = cohort_default_triggers;
	if (course_cohort_create(db, &leader, &in, &id, &bad) != RESULT_OK)
		return -1;
	if (instructor > 0 &&
	    (cohort_get(db, &leader, id, &c) != 0 ||
	     cohort_staff_add(db, &leader, &c, instructor, "instructor",
			      &bad) != RESULT_OK))
		return -1;
	return id;
}

void testworld_cohort_row(struct db *db, int year)
{
	char sql[1024];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO cohort (id, name, job_centre_id, provider_id, "
		 "org_model, venue_name, venue_address, first_teaching_day, "
		 "prep_weeks, teaching_weeks, teaching_weekdays, start_min, "
		 "end_min, internship_weeks, weekly_teaching_weekday, "
		 "capacity, state, referral_start, prep_start, teaching_end, "
		 "internship_start, internship_end, aftercare_start, "
		 "created_at, updated_at) VALUES (1, 'Hold', 1, 2, 1, 'Huset', "
		 "'Vejen 1', '%04d-01-07', 4, 4, 15, 540, 900, 12, 4, 10, "
		 "'referral_open', '%04d-11-05', '%04d-12-10', '%04d-03-01', "
		 "'%04d-03-04', '%04d-05-24', '%04d-05-27', 0, 0)",
		 year, year - 1, year - 1, year, year, year, year);
	testdb_exec(db, sql);
}

int64_t testworld_participant(struct db *db, int64_t cohort, const char *name,
			      const char *started_on)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO participant (cohort_id, name, cpr_enc, "
		 "cpr_hash, birth_year, caseworker_id, mentor_id, health_enc, "
		 "status, referred_on, started_on, created_at, updated_at) "
		 "VALUES (%lld, '%s', X'00', randomblob(32), 1998, 2, 4, "
		 "X'00', 'started', '2024-12-10', '%s', 0, 0)",
		 (long long)cohort, name, started_on);
	testdb_exec(db, sql);
	return db_last_id(db);
}
