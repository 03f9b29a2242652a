/*
 * Unit tests for a participant's domain writes through the API that pages,
 * the API and the demo share, with actors instead of requests: a referral
 * with its history and audit row, the duplicate refused and audited on the
 * other record, the target group's size, who may change a record, the
 * waiting list when the places are taken, a talk's notes kept from a new
 * holder, and the rules of aftercare and the agreement guide.
 */
#include "actor.h"
#include "aftercare.h"
#include "agreement.h"
#include "course.h"
#include "db.h"
#include "form.h"
#include "participant.h"
#include "progress.h"
#include "referral.h"
#include "secret.h"
#include "talk.h"
#include "testdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The provider's project leader, two caseworkers of the job centre, and
 * the cohort's mentor and instructor. */
static const struct actor leader = {1, 2, ROLE_PROJECT_LEADER,
				    "pl@test.invalid", NULL};
static const struct actor caseworker = {2, 1, ROLE_CASEWORKER,
					"sb@test.invalid", NULL};
static const struct actor mentor = {4, 2, ROLE_MENTOR, "me@test.invalid", NULL};

static struct testdb tdb;
static int64_t cohort_id;

/* A cohort of 8 places, open for referral, with a mentor and an
 * instructor on its staff. */
static void fixture_cohort(struct db *w)
{
	struct form_invalid bad = {0};
	struct cohort_input in;
	struct cohort c;
	date_t d = date_add_days(date_today(), 70);

	memset(&in, 0, sizeof(in));
	cohort_defaults(&in.c, &leader);
	while (!plan_is_working_day(&in.c.plan, d) || date_weekday(d) > 4)
		d = date_add_days(d, 1);
	snprintf(in.c.name, sizeof(in.c.name), "Testhold");
	in.c.job_centre_id = 1;
	in.c.provider_id = 2;
	in.c.capacity = COHORT_CAPACITY_MIN;
	snprintf(in.c.venue_name, sizeof(in.c.venue_name), "Huset");
	snprintf(in.c.venue_address, sizeof(in.c.venue_address),
		 "Vejen 1, 8000 Aarhus C");
	in.c.plan.first_teaching_day = d;
	in.triggers = cohort_default_triggers;
	assert_int_equal(
		course_cohort_create(w, &leader, &in, &cohort_id, &bad),
		RESULT_OK);
	assert_int_equal(cohort_get(w, &leader, cohort_id, &c), 0);
	assert_int_equal(
		cohort_set_state(w, &leader, &c, "referral_open", NULL, &bad),
		RESULT_OK);
	assert_int_equal(cohort_staff_add(w, &leader, &c, 4, "mentor", &bad),
			 RESULT_OK);
	assert_int_equal(
		cohort_staff_add(w, &leader, &c, 5, "instructor", &bad),
		RESULT_OK);
}

static int setup(void **state)
{
	char key[160];

	(void)state;
	if (testdb_open(&tdb, true) < 0)
		return -1;
	snprintf(key, sizeof(key), "%s/t.key", tdb.dir);
	if (secret_init(key) < 0)
		return -1;
	testdb_exec(tdb.db, "INSERT INTO organisation (id, name, kind, "
			    "created_at) VALUES (1, 'Jobcenter Aarhus', "
			    "'job_centre', 0), (2, 'Mestringshuset ApS', "
			    "'provider', 0)");
	testdb_exec(
		tdb.db,
		"INSERT INTO user (id, email, name, role, "
		"organisation_id, password_hash, created_at, updated_at, "
		"password_changed_at) VALUES "
		"(1, 'pl@test.invalid', 'Leder', 'project_leader', 2, 'x', "
		"0, 0, 0), "
		"(2, 'sb@test.invalid', 'Sagsbehandler', 'caseworker', 1, "
		"'x', 0, 0, 0), "
		"(3, 'sb2@test.invalid', 'Anden', 'caseworker', 1, 'x', 0, "
		"0, 0), "
		"(4, 'me@test.invalid', 'Mentor', 'mentor', 2, 'x', 0, 0, "
		"0), "
		"(5, 'ud@test.invalid', 'Underviser', 'instructor', 2, 'x', "
		"0, 0, 0)");
	fixture_cohort(tdb.db);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	secret_shutdown();
	return testdb_remove(&tdb);
}

/* Refers name with the CPR number cpr as the caseworker, with mentor
 * (0: none). */
static int refer(const char *name, const char *cpr, int64_t with_mentor,
		 int64_t *id, struct form_invalid *bad)
{
	struct referral_input in;
	memset(&in, 0, sizeof(in));
	in.cohort_id = cohort_id;
	in.name = name;
	in.cpr = cpr;
	in.mentor_id = with_mentor;
	return referral_create(tdb.db, &caseworker, &in, date_today(), id, bad);
}

static int64_t count(const char *sql)
{
	return testdb_scalar(tdb.db, sql);
}

static void referral_has_history_audit_and_access(void **state)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	char sql[256];
	int64_t id = 0;

	(void)state;
	assert_int_equal(refer("Anna Andersen", "0101901234", 0, &id, &bad),
			 RESULT_OK);
	assert_true(id > 0);
	assert_int_equal(participant_get(tdb.db, &caseworker, id, &p), 0);
	assert_int_equal(p.access, PARTICIPANT_ACCESS_FULL);
	assert_int_equal(p.status, PARTICIPANT_REFERRED);
	assert_int_equal(p.caseworker_id, caseworker.user_id);
	assert_int_equal(p.birth_year, 1990);
	assert_int_equal(participant_cohort(tdb.db, &caseworker, &p, &c), 0);
	assert_int_equal(c.id, cohort_id);
	/* Not the mentor's mentee: not there for them. */
	assert_int_equal(participant_get(tdb.db, &mentor, id, &p), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM participant_status WHERE "
		 "participant_id = %lld AND to_status = 'referred' AND "
		 "actor = 'sb@test.invalid'",
		 (long long)id);
	assert_int_equal(count(sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE action = "
		 "'participant.create' AND subject_id = %lld AND detail = "
		 "'referral' AND actor_id = 2",
		 (long long)id);
	assert_int_equal(count(sql), 1);
	/* Sealed, never in the clear. */
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM participant WHERE id = %lld AND "
		 "instr(cpr_enc, '0101901234') = 0 AND cpr_hash IS NOT NULL",
		 (long long)id);
	assert_int_equal(count(sql), 1);
}

static void duplicate_is_refused_and_audited_on_the_other(void **state)
{
	struct form_invalid bad = {0};
	char sql[256];
	int64_t first = 0, again = 0;

	(void)state;
	assert_int_equal(refer("Bo Berg", "0202921234", 0, &first, &bad),
			 RESULT_OK);
	assert_int_equal(refer("Bo Berg", "020292-1234", 0, &again, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "cpr");
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE action = "
		 "'participant.duplicate_refused' AND subject_id = %lld",
		 (long long)first);
	assert_int_equal(count(sql), 1);
	assert_int_equal(count("SELECT count(*) FROM participant WHERE name = "
			       "'Bo Berg'"),
			 1);
}

static void answers_past_the_target_group_are_refused(void **state)
{
	struct form_invalid bad = {0};
	struct referral_input in;
	int64_t id = 0;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.cohort_id = cohort_id;
	in.name = "Cecilie Cort";
	in.cpr = "030393-1234";
	in.mentor_id = -1;
	/* The catalogue's example has five criteria. */
	in.criteria_top = 6;
	assert_int_equal(referral_create(tdb.db, &caseworker, &in, date_today(),
					 &id, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "criteria");
	in.criteria_top = 2;
	in.criteria[1].answer = "no";
	in.criteria[1].note = "Er 31 år.";
	assert_int_equal(referral_create(tdb.db, &caseworker, &in, date_today(),
					 &id, &bad),
			 RESULT_OK);
}

static void only_who_may_edit_changes_a_record(void **state)
{
	struct form_invalid bad = {0};
	struct referral_input in;
	struct participant p;
	struct cohort c;
	char sql[256];
	int64_t id = 0;

	(void)state;
	assert_int_equal(refer("Dan Dahl", "0404941234", 4, &id, &bad),
			 RESULT_OK);
	assert_int_equal(cohort_get(tdb.db, &leader, cohort_id, &c), 0);
	memset(&in, 0, sizeof(in));
	in.mentor_id = -1;
	in.phone = "+45 11 22 33 44";
	/* The mentor sees the mentee's contact details, and changes none. */
	assert_int_equal(participant_get(tdb.db, &mentor, id, &p), 0);
	assert_int_equal(p.access, PARTICIPANT_ACCESS_CONTACT);
	assert_int_equal(referral_change(tdb.db, &mentor, &p, &c, &in, &bad),
			 RESULT_REFUSED);
	assert_int_equal(participant_get(tdb.db, &caseworker, id, &p), 0);
	in.phone = "ring mig";
	assert_int_equal(
		referral_change(tdb.db, &caseworker, &p, &c, &in, &bad),
		RESULT_INVALID);
	assert_string_equal(bad.field, "phone");
	in.phone = "+45 11 22 33 44";
	assert_int_equal(
		referral_change(tdb.db, &caseworker, &p, &c, &in, &bad),
		RESULT_OK);
	assert_int_equal(participant_get(tdb.db, &caseworker, id, &p), 0);
	assert_string_equal(p.phone, "+45 11 22 33 44");
	assert_int_equal(p.mentor_id, 4);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE action = "
		 "'participant.update' AND subject_id = %lld AND detail = "
		 "'contact'",
		 (long long)id);
	assert_int_equal(count(sql), 1);
}

static void admission_past_the_places_goes_to_the_waiting_list(void **state)
{
	struct progress_visitation visit = {.decision = 0};
	char notice[PROGRESS_NOTICE_LEN], cpr[16];
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	int64_t id = 0;
	int i, placed;

	(void)state;
	assert_int_equal(cohort_get(tdb.db, &leader, cohort_id, &c), 0);
	placed = participant_admitted_count(tdb.db, cohort_id);
	for (i = placed; i <= c.capacity; i++) {
		snprintf(cpr, sizeof(cpr), "05059%d1234", i % 10);
		assert_int_equal(refer("Ventende", cpr, 0, &id, &bad),
				 RESULT_OK);
		assert_int_equal(participant_get(tdb.db, &leader, id, &p), 0);
		assert_int_equal(progress_visit(tdb.db, &leader, &p, &c, &visit,
						date_today(), notice, &bad),
				 RESULT_OK);
	}
	assert_int_equal(participant_admitted_count(tdb.db, cohort_id),
			 c.capacity);
	assert_int_equal(participant_get(tdb.db, &leader, id, &p), 0);
	assert_int_equal(p.status, PARTICIPANT_WAITING);
	assert_non_null(strstr(notice, "venteliste som nr. 1"));
	/* A second visitation of the one on the waiting list says so. */
	assert_int_equal(progress_visit(tdb.db, &leader, &p, &c, &visit,
					date_today(), notice, &bad),
			 RESULT_OK);
	assert_non_null(strstr(notice, "stadig optaget"));
	/* The caseworker does not visit. */
	assert_int_equal(participant_get(tdb.db, &caseworker, id, &p), 0);
	assert_int_equal(progress_visit(tdb.db, &caseworker, &p, &c, &visit,
					date_today(), notice, &bad),
			 RESULT_REFUSED);
}

static void
talk_notes_never_pass_to_a_holder_who_may_not_read_them(void **state)
{
	struct talk_input in = {.kind = TALK_CASEWORKER,
				.staff_id = -1,
				.start = 600,
				.end = 660,
				.notes = "Taler om angst.",
				.status = -1};
	struct talk_input move = {.kind = TALK_MENTOR,
				  .staff_id = 4,
				  .start = -1,
				  .end = -1,
				  .status = -1};
	struct form_invalid bad = {0};
	struct participant p, seen;
	struct talk t;
	int64_t id = 0, talk = 0, other = 0;

	(void)state;
	in.date = date_today();
	assert_int_equal(refer("Eva Eriksen", "0606961234", 4, &id, &bad),
			 RESULT_OK);
	assert_int_equal(participant_get(tdb.db, &caseworker, id, &p), 0);
	assert_int_equal(talk_add(tdb.db, &caseworker, &p, &in, &talk, &bad),
			 RESULT_OK);
	assert_int_equal(talk_get(tdb.db, talk, &caseworker, &p, &t), 0);
	assert_int_equal(t.status, TALK_HELD);
	assert_int_equal(t.staff_id, caseworker.user_id);
	assert_string_equal(t.notes, "Taler om angst.");
	assert_int_equal(talk_change(tdb.db, &caseworker, &p, &t, &move, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "staff_id");
	/* The mentor plans their own mentor talks only, and reads no other
	 * talk's notes. */
	assert_int_equal(participant_get(tdb.db, &mentor, id, &seen), 0);
	assert_int_equal(talk_check(&mentor, &seen, &t, &bad), RESULT_REFUSED);
	assert_int_equal(talk_add(tdb.db, &mentor, &seen, &in, &other, &bad),
			 RESULT_REFUSED);
	talk_free(&t);
	assert_int_equal(talk_get(tdb.db, talk, &mentor, &seen, &t), 0);
	assert_null(t.notes);
	talk_free(&t);
}

static void aftercare_and_agreement_keep_their_rules(void **state)
{
	struct aftercare_input care = {.level = 2};
	struct agreement_input guide;
	struct form_invalid bad = {0};
	struct participant p;
	int64_t id = 0, period = 0;
	int version = 0;

	(void)state;
	care.start_on = date_today();
	assert_int_equal(refer("Finn Foss", "0707971234", 0, &id, &bad),
			 RESULT_OK);
	assert_int_equal(participant_get(tdb.db, &caseworker, id, &p), 0);
	/* Not started: no aftercare yet, and no field to blame. */
	assert_int_equal(
		aftercare_add(tdb.db, &caseworker, &p, &care, &period, &bad),
		RESULT_INVALID);
	assert_null(bad.field);
	memset(&guide, 0, sizeof(guide));
	assert_int_equal(
		agreement_save(tdb.db, &caseworker, &p, &guide, &version, &bad),
		RESULT_INVALID);
	assert_string_equal(bad.field, "purpose");
	guide.answers[AGREEMENT_PURPOSE] = "Afklare lagerarbejde.";
	guide.consent = true;
	assert_int_equal(
		agreement_save(tdb.db, &caseworker, &p, &guide, &version, &bad),
		RESULT_INVALID);
	assert_string_equal(bad.field, "citizen_signed_on");
	guide.citizen_signed_on = date_today();
	assert_int_equal(
		agreement_save(tdb.db, &caseworker, &p, &guide, &version, &bad),
		RESULT_OK);
	assert_int_equal(version, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(referral_has_history_audit_and_access),
		cmocka_unit_test(duplicate_is_refused_and_audited_on_the_other),
		cmocka_unit_test(answers_past_the_target_group_are_refused),
		cmocka_unit_test(only_who_may_edit_changes_a_record),
		cmocka_unit_test(
			admission_past_the_places_goes_to_the_waiting_list),
		cmocka_unit_test(
			talk_notes_never_pass_to_a_holder_who_may_not_read_them),
		cmocka_unit_test(aftercare_and_agreement_keep_their_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
