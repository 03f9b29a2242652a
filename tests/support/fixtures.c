/*
 * fixtures: demo logins, cohorts, CPR numbers and referrals shared by the
 * HTTP tests, built on the harness (see fixtures.h).
 */
#define _GNU_SOURCE /* memmem */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixtures.h"

#include <stdio.h>
#include <string.h>

/* Logins. */

struct client *fixture_login(struct server *s, const char *email)
{
	struct client *c = client_new(s);

	assert_int_equal(client_api_login(c, email, HARNESS_PASSWORD, NULL),
			 200);
	return c;
}

struct client *fixture_page_login(struct server *s, const char *email)
{
	struct client *c = client_new(s);

	assert_int_equal(client_login(c, email, HARNESS_PASSWORD, NULL), 303);
	return c;
}

/* Logged-in page-and-API clients, one per account, kept for the file. */
static struct {
	const char *email;
	struct client *c;
} fixture_clients[FIXTURE_CLIENTS];

struct client *fixture_as(struct server *s, const char *email)
{
	size_t i;

	for (i = 0; i < FIXTURE_CLIENTS; i++) {
		if (fixture_clients[i].email &&
		    strcmp(fixture_clients[i].email, email) == 0)
			return fixture_clients[i].c;
		if (fixture_clients[i].email == NULL) {
			fixture_clients[i].c = client_new(s);
			assert_int_equal(client_login(fixture_clients[i].c,
						      email, HARNESS_PASSWORD,
						      NULL),
					 303);
			fixture_clients[i].email = email;
			return fixture_clients[i].c;
		}
	}
	fail_msg("too many clients");
	return NULL;
}

int fixture_teardown(void **state)
{
	size_t i;

	for (i = 0; i < FIXTURE_CLIENTS; i++) {
		if (fixture_clients[i].c)
			client_free(fixture_clients[i].c);
		fixture_clients[i].c = NULL;
		fixture_clients[i].email = NULL;
	}
	return harness_teardown(state);
}

/* Cohorts. */

static int64_t fixture_org_id(struct server *s, const char *name)
{
	return harness_sql_int(s, "SELECT id FROM organisation WHERE name = ?1",
			       name, NULL);
}

/* Adds user (by e-mail) to the cohort's staff in role through the page. */
static void fixture_staff(struct server *s, int64_t cohort, const char *email,
			  const char *role)
{
	char path[64], fields[96];

	snprintf(path, sizeof(path), "/cohorts/%lld/staff", (long long)cohort);
	snprintf(fields, sizeof(fields), "user_id=%lld&role=%s",
		 (long long)harness_user_id(s, email), role);
	assert_int_equal(
		client_post(fixture_as(s, HARNESS_LEADER), path, fields, NULL),
		303);
}

int64_t fixture_new_cohort(struct server *s, const char *name, int weeks,
			   const char *extra, bool open)
{
	struct client *c = fixture_as(s, HARNESS_LEADER);
	struct response r = RESPONSE_INIT;
	char body[1024], day[16], mod[32], path[64];
	cJSON *j;
	int64_t id = 0;
	int tries;

	for (tries = 0; tries < 4 && id == 0; tries++) {
		snprintf(mod, sizeof(mod), "+%d days", (weeks + tries) * 7);
		/* A Tuesday: Easter and Whit Monday never fall on it. */
		harness_sql_text(s, day, sizeof(day),
				 "SELECT date('now', ?1, 'weekday 2')", mod,
				 NULL);
		snprintf(body, sizeof(body),
			 "{\"name\": \"%s\", \"job_centre_id\": %lld, "
			 "\"provider_id\": %lld, \"venue_name\": \"Huset\", "
			 "\"venue_address\": \"Vejen 1, 8000 Aarhus C\", "
			 "\"first_teaching_day\": \"%s\"%s}",
			 name, (long long)fixture_org_id(s, "Jobcenter Aarhus"),
			 (long long)fixture_org_id(s, "Mestringshuset ApS"),
			 day, extra ? extra : "");
		response_free(&r);
		if (client_api(c, "POST", "/api/v1/cohorts", body, &r) == 201) {
			j = response_json(&r);
			id = harness_json_int(j, "id");
			cJSON_Delete(j);
		}
	}
	response_free(&r);
	assert_true(id > 0);
	fixture_staff(s, id, HARNESS_INSTRUCTOR, "instructor");
	fixture_staff(s, id, HARNESS_MENTOR, "mentor");
	if (open) {
		snprintf(path, sizeof(path), "/api/v1/cohorts/%lld",
			 (long long)id);
		assert_int_equal(client_api(c, "PATCH", path,
					    "{\"status\": \"referral_open\"}",
					    &r),
				 200);
		response_free(&r);
	}
	return id;
}

int64_t fixture_demo_cohort(struct server *s, const char *name)
{
	static char made[128];
	static int64_t id;
	char err[256], ids[32];

	if (id && strcmp(made, name) == 0)
		return id;
	if (harness_sql_exec(
		    s, err, sizeof(err),
		    "INSERT INTO cohort (name, job_centre_id, provider_id, "
		    "org_model, venue_name, venue_address, first_teaching_day, "
		    "prep_weeks, teaching_weeks, teaching_weekdays, start_min, "
		    "end_min, internship_weeks, weekly_teaching_weekday, "
		    "capacity, state, referral_start, prep_start, "
		    "teaching_end, "
		    "internship_start, internship_end, aftercare_start, "
		    "created_at, updated_at) SELECT ?1, job_centre_id, "
		    "provider_id, org_model, venue_name, venue_address, "
		    "date(first_teaching_day, o), prep_weeks, teaching_weeks, "
		    "teaching_weekdays, start_min, end_min, internship_weeks, "
		    "weekly_teaching_weekday, 16, 'referral_open', "
		    "date(referral_start, o, '-70 days'), date(prep_start, o), "
		    "date(teaching_end, o), date(internship_start, o), "
		    "date(internship_end, o), date(aftercare_start, o), "
		    "created_at, updated_at FROM (SELECT *, printf('%+d days', "
		    "CAST((julianday('now', '+70 days') - "
		    "julianday(first_teaching_day)) / 7 AS INTEGER) * 7) AS o "
		    "FROM cohort WHERE name LIKE 'Aarhus forår%' LIMIT 1)",
		    name, NULL) != 0)
		fail_msg("fixture cohort: %s", err);
	id = harness_sql_int(s, "SELECT id FROM cohort WHERE name = ?1", name,
			     NULL);
	assert_true(id > 0);
	snprintf(made, sizeof(made), "%s", name);
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	if (harness_sql_exec(s, err, sizeof(err),
			     "INSERT INTO cohort_staff (cohort_id, user_id, "
			     "role) SELECT ?1, user_id, role FROM cohort_staff "
			     "WHERE cohort_id = (SELECT id FROM cohort WHERE "
			     "name LIKE 'Aarhus forår%')",
			     ids, NULL) != 0)
		fail_msg("fixture staff: %s", err);
	return id;
}

/* Participants. */

void fixture_cpr(unsigned day, unsigned month, int year, unsigned serial,
		 char out[12], char digits[11])
{
	char text[48];

	snprintf(text, sizeof(text), "%02u%02u%02u%04u", day, month,
		 (unsigned)year % 100, serial);
	memcpy(out, text, 6);
	out[6] = '-';
	memcpy(out + 7, text + 6, 4);
	out[11] = '\0';
	if (digits) {
		memcpy(digits, text, 10);
		digits[10] = '\0';
	}
}

long fixture_referral(struct client *c, int64_t cohort, const char *name,
		      const char *cpr, const char *more, struct response *r)
{
	struct buf body = BUF_INIT(0);
	long status;

	buf_printf(&body,
		   "{\"cohort_id\": %lld, \"name\": \"%s\", \"cpr\": \"%s\"%s}",
		   (long long)cohort, name, cpr, more ? more : "");
	assert_false(buf_failed(&body));
	status = client_api(c, "POST", "/api/v1/participants", body.data, r);
	buf_free(&body);
	return status;
}

int64_t fixture_refer(struct client *c, int64_t cohort, const char *name,
		      const char *cpr, const char *more)
{
	struct response r = RESPONSE_INIT;
	cJSON *j;
	int64_t id;

	if (fixture_referral(c, cohort, name, cpr, more, &r) != 201)
		fail_msg("referral: %ld %s", r.status, r.body.data);
	j = response_json(&r);
	id = harness_json_int(j, "id");
	cJSON_Delete(j);
	response_free(&r);
	assert_true(id > 0);
	return id;
}

int64_t fixture_demo_participant(struct server *s, const char *cohort,
				 const char *name, const char *cpr)
{
	struct client *c = fixture_login(s, HARNESS_CASEWORKER);
	int64_t id;

	id = fixture_refer(c, fixture_demo_cohort(s, cohort), name, cpr, NULL);
	client_free(c);
	return id;
}

long fixture_step(struct client *c, int64_t id, const char *what,
		  const char *json, struct response *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/participants/%lld/%s",
		 (long long)id, what);
	return client_api(c, "POST", path, json, r);
}

void fixture_answers(struct client *c, int64_t id, const char *what,
		     const char *json, long status)
{
	struct response r = RESPONSE_INIT;

	assert_int_equal(fixture_step(c, id, what, json, &r), status);
	response_free(&r);
}

/* Small helpers. */

const char *fixture_num(int64_t n, char out[24])
{
	snprintf(out, 24, "%lld", (long long)n);
	return out;
}

void fixture_sql(struct server *s, const char *q, ...)
{
	const char *a[6] = {NULL};
	char err[256];
	va_list ap;
	int n = 0;

	va_start(ap, q);
	while (n < 6 && (a[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	if (harness_sql_exec(s, err, sizeof(err), q, a[0], a[1], a[2], a[3],
			     a[4], a[5], NULL) != 0)
		fail_msg("%s: %s", q, err);
}

void fixture_day_from_now(struct server *s, int days, char out[16])
{
	char mod[32];

	snprintf(mod, sizeof(mod), "%+d days", days);
	harness_sql_text(s, out, 16, "SELECT date('now', ?1)", mod, NULL);
}

int64_t fixture_rows(struct server *s, const char *sql, int64_t id)
{
	char text[24];

	return harness_sql_int(s, sql, fixture_num(id, text), NULL);
}

bool fixture_body_has(const struct response *r, const char *s)
{
	return memmem(r->body.data, r->body.len, s, strlen(s)) != NULL;
}

int fixture_list_ids(const struct response *r, int64_t *ids, int max,
		     bool *any_cpr)
{
	cJSON *j = response_json(r);
	const cJSON *p;
	int n = 0;

	if (any_cpr)
		*any_cpr = false;
	cJSON_ArrayForEach(p, harness_json_at(j, "participants"))
	{
		if (n < max)
			ids[n] = harness_json_int(p, "id");
		if (any_cpr && cJSON_GetObjectItemCaseSensitive(p, "cpr"))
			*any_cpr = true;
		n++;
	}
	cJSON_Delete(j);
	return n;
}

bool fixture_in_list(const int64_t *ids, int n, int64_t id)
{
	int i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}
