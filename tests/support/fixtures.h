/*
 * fixtures: what the HTTP tests build on, over harness.h: demo users
 * logged in, cohorts to refer to, CPR numbers, referrals through the API,
 * and small JSON and number helpers. Like the harness, they fail the
 * running cmocka test themselves when a step does not work, so a test
 * reads as what it expects of the application.
 */
#ifndef MESTRING_FIXTURES_H
#define MESTRING_FIXTURES_H

#include "harness.h"

#include <stdbool.h>
#include <stdint.h>

/* Logins. */

/* A new client logged in as the demo user email through POST
 * /api/v1/session (asserts 200). The caller frees it with client_free. */
struct client *fixture_login(struct server *s, const char *email);
/* The same through the login page, as a browser (asserts 303); the
 * caller frees it. */
struct client *fixture_page_login(struct server *s, const char *email);
/* The client logged in as email through the login page (asserts 303),
 * made on first use and kept for the whole test file: the caller does not
 * free it, fixture_teardown does. Fails the test past FIXTURE_CLIENTS
 * accounts. */
#define FIXTURE_CLIENTS 16
struct client *fixture_as(struct server *s, const char *email);
/* cmocka group teardown of a file that uses fixture_as: frees its clients,
 * then harness_teardown. */
int fixture_teardown(void **state);

/* Cohorts. */

/*
 * A cohort of Jobcenter Aarhus and Mestringshuset named name, created
 * through the API by the demo project leader (fixture_as), its first
 * teaching day a Tuesday at least `weeks` ahead (later weeks are tried when
 * one is refused; extra: more JSON members, may be NULL), staffed through
 * the cohort page with the demo instructor and mentor and, when open, open
 * for referral. Returns its id.
 */
int64_t fixture_new_cohort(struct server *s, const char *name, int weeks,
			   const char *extra, bool open);
/*
 * A cohort open for referral that the demo caseworker, instructor,
 * consultant and mentor all work with: a copy of the demo's "Aarhus forår"
 * (whose dates follow the day the demo was made) named name, with its
 * staff, moved so that teaching starts in about ten weeks. Written into the
 * database directly, once: later calls with the same name return the same
 * id.
 */
int64_t fixture_demo_cohort(struct server *s, const char *name);

/* Participants. */

/*
 * The CPR number of a birth date and serial number as "DDMMYY-SSSS" into
 * out, and its ten digits into digits (may be NULL). The seventh digit puts
 * the year in its century: 1-3 for the 1900s, 4 for 2000-2036 and for
 * 1937-1999. Each test file picks its own numbers, so that they are fresh
 * on its server.
 */
void fixture_cpr(unsigned day, unsigned month, int year, unsigned serial,
		 char out[12], char digits[11]);
/* POSTs the referral {"cohort_id", "name", "cpr"} (more: further JSON
 * members after a comma, e.g. ", \"phone\": \"1\"", may be NULL) to
 * /api/v1/participants as c. The status; the answer in r (may be NULL). */
long fixture_referral(struct client *c, int64_t cohort, const char *name,
		      const char *cpr, const char *more, struct response *r);
/* The same, failing the test (with the status and body) unless it answers
 * 201. The new participant's id. */
int64_t fixture_refer(struct client *c, int64_t cohort, const char *name,
		      const char *cpr, const char *more);
/* Refers name with cpr and nothing more to fixture_demo_cohort(s, cohort)
 * as the demo caseworker, through a client of its own (freed here). The
 * new participant's id. */
int64_t fixture_demo_participant(struct server *s, const char *cohort,
				 const char *name, const char *cpr);
/* POSTs json to /api/v1/participants/{id}/{what} as c. The status; the
 * answer in r (may be NULL). */
long fixture_step(struct client *c, int64_t id, const char *what,
		  const char *json, struct response *r);
/* The same, asserting the status. */
void fixture_answers(struct client *c, int64_t id, const char *what,
		     const char *json, long status);

/* Small helpers. */

/* n as decimal text into out; returns out (for binding ?N). */
const char *fixture_num(int64_t n, char out[24]);
/* The date `days` from today (SQLite's 'now') as ISO text into out. */
void fixture_day_from_now(struct server *s, int days, char out[16]);
/* harness_sql_int of sql with ?1 bound to id. */
int64_t fixture_rows(struct server *s, const char *sql, int64_t id);
/* Runs q on s's database with up to six text arguments (NULL-ended),
 * failing the test on an error. */
void fixture_sql(struct server *s, const char *q, ...)
	__attribute__((sentinel));
/* SQL counting the audited events of action on the participant ?1 (a
 * read row counts every read of its hour). */
#define FIXTURE_AUDITED(action)                                                \
	"SELECT ifnull(sum(count), 0) FROM audit WHERE subject_type = "        \
	"'participant' AND subject_id = ?1 AND action = '" action "'"
/* Does r's body hold s (all of its bytes, not only up to a NUL)? */
bool fixture_body_has(const struct response *r, const char *s);
/* The ids of a participant list answer ("participants") into ids, at most
 * max of them; the whole count. any_cpr (may be NULL): whether any row has
 * a "cpr" member. */
int fixture_list_ids(const struct response *r, int64_t *ids, int max,
		     bool *any_cpr);
/* Is id one of the n ids? */
bool fixture_in_list(const int64_t *ids, int n, int64_t id);

#endif
