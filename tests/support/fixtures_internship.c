/*
 * fixtures_internship: internships written straight into the test's
 * database next to the running server.
 */
#include "fixtures_internship.h"

#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

int64_t fixture_internship(struct server *s, int64_t participant,
			   int weeks_ahead)
{
	char pid[24], org[24], company[24], ahead[32];
	int64_t org_id, company_id;

	fixture_num(participant, pid);
	org_id = harness_sql_int(s,
				 "SELECT c.job_centre_id FROM participant p "
				 "JOIN cohort c ON c.id = p.cohort_id WHERE "
				 "p.id = ?1",
				 pid, NULL);
	assert_true(org_id > 0);
	fixture_num(org_id, org);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "INSERT OR IGNORE INTO company "
					  "(organisation_id, name, cvr, "
					  "employees, created_at, updated_at) "
					  "VALUES (?1, 'Testværkstedet', "
					  "'" FIXTURE_COMPANY_CVR
					  "', 20, 0, 0)",
					  org, NULL),
			 0);
	company_id = harness_sql_int(s,
				     "SELECT id FROM company WHERE "
				     "organisation_id = ?1 AND cvr = "
				     "'" FIXTURE_COMPANY_CVR "'",
				     org, NULL);
	assert_true(company_id > 0);
	fixture_num(company_id, company);
	snprintf(ahead, sizeof(ahead), "+%d days", 7 * weeks_ahead - 6);
	assert_int_equal(
		harness_sql_exec(
			s, NULL, 0,
			"INSERT INTO internship (participant_id, company_id, "
			"start_on, end_on, status, teaching_weekday, "
			"created_at, updated_at) SELECT p.id, ?2, date('now', "
			"?3, 'weekday 1'), date('now', ?3, 'weekday 1', '+81 "
			"days'), 'planned', c.weekly_teaching_weekday, 0, 0 "
			"FROM participant p JOIN cohort c ON c.id = "
			"p.cohort_id WHERE p.id = ?1",
			pid, company, ahead, NULL),
		0);
	return harness_sql_int(s,
			       "SELECT max(id) FROM internship WHERE "
			       "participant_id = ?1",
			       pid, NULL);
}
