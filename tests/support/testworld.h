/*
 * testworld: the small world that the domain's unit tests build on, in a
 * testdb: organisations 1 "Jobcenter Aarhus" (job centre) and 2
 * "Mestringshuset ApS" (provider), up to six staff users, the secret key,
 * cohorts made the way the cohort form makes them (course_cohort_create)
 * and started participants. Users, by id:
 *   1 pl@test.invalid   "Leder"         project leader (2)
 *   2 sb@test.invalid   "Sagsbehandler" caseworker     (1)
 *   3 vk@test.invalid   "Konsulent"     consultant     (1)
 *   4 me@test.invalid   "Mentor"        mentor         (2)
 *   5 ud@test.invalid   "Underviser"    instructor     (2)
 *   6 ud2@test.invalid  "Anden"         instructor     (2)
 */
#ifndef MESTRING_TESTWORLD_H
#define MESTRING_TESTWORLD_H

#include <stdint.h>

struct db;
struct testdb;

/* testdb_open (migrated) and the secret key t.key in its folder, for
 * tests that seed their own organisations. 0 or -1. */
int testworld_keyed(struct testdb *t);
/* testworld_keyed, the two organisations and the first users of the six
 * (1 to 6). 0 or -1. */
int testworld_open(struct testdb *t, int users);
/* Shuts the secret key down and removes the database with its folder.
 * testdb_remove's 0 or -1. */
int testworld_close(struct testdb *t);
/* A cmocka teardown for a fixture that begins with its struct testdb
 * (calloc'd, or NULL): testworld_close, then frees it. testdb_remove's 0
 * or -1. */
int testworld_teardown(void **state);
/* A cohort "Testhold" of the two organisations made by the project leader,
 * its first teaching day days from today, with user instructor as its
 * instructor unless 0. The cohort's id, or -1. */
int64_t testworld_cohort(struct db *db, int days, int64_t instructor);
/* Cohort 1 "Hold" of organisations 1 and 2 as a bare row (no plan, no
 * days), open for referral from year-1's 5 November, prep from 10 December,
 * teaching from year's 7 January to 1 March, internship 4 March to 24 May
 * (weekly teaching day Thursday), aftercare from 27 May. */
void testworld_cohort_row(struct db *db, int year);
/* A participant of cohort, born 1998, started on started_on (ISO), of the
 * caseworker (2) and with the mentor (4). The participant's id. */
int64_t testworld_participant(struct db *db, int64_t cohort, const char *name,
			      const char *started_on);

#endif
