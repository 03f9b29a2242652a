/*
 * HTTP tests of calendar links: a participant's printable handout with its
 * QR code, tokens kept only as a hash and a sealed copy, rotate and revoke
 * (the old feed answers 404), every role's access, the JSON API, staff's
 * own links on /account, and the mail a change within 48 hours sends.
 */
#define _GNU_SOURCE /* memmem */

#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define OTHER_CASEWORKER "sagsbehandler.kalender@demo.invalid"
#define COHORT		 "Kalenderhold"
#define TOKEN_LEN	 43

static int setup(void **state)
{
	if (harness_setup(state) < 0)
		return -1;
	/* A caseworker of the same job centre whose citizens these are not. */
	harness_add_user(*state, OTHER_CASEWORKER, "caseworker");
	return 0;
}

/* A participant of the demo caseworker on COHORT, mentored by the demo
 * mentor and admitted. */
static int64_t new_participant(struct server *s, const char *name)
{
	static unsigned n;
	char cpr[12], mentor[24], id[24];
	int64_t pid;

	n++;
	fixture_cpr(n + 2, 4, 1991, 5300 + n, cpr, NULL);
	pid = fixture_demo_participant(s, COHORT, name, cpr);
	fixture_num(harness_user_id(s, HARNESS_MENTOR), mentor);
	assert_int_equal(
		harness_sql_exec(s, NULL, 0,
				 "UPDATE participant SET mentor_id = "
				 "?1, status = 'admitted' WHERE id = ?2",
				 mentor, fixture_num(pid, id), NULL),
		0);
	return pid;
}

/* The n-th (0-based) token in a body's "/calendar/TOKEN.ics" links into
 * out; false when there is none. */
static bool nth_token(const char *body, int n, char out[TOKEN_LEN + 1])
{
	const char *p = body, *end;

	out[0] = '\0';
	while ((p = strstr(p, "/calendar/")) != NULL) {
		p += strlen("/calendar/");
		end = strstr(p, ".ics");
		if (end == NULL || end - p != TOKEN_LEN)
			continue;
		if (n-- == 0) {
			memcpy(out, p, TOKEN_LEN);
			out[TOKEN_LEN] = '\0';
			return true;
		}
	}
	return false;
}

/* GETs pre + id + post. */
static long get_page(struct client *c, const char *pre, int64_t id,
		     const char *post, struct response *r)
{
	char path[96];

	snprintf(path, sizeof(path), "%s%lld%s", pre, (long long)id, post);
	return client_get(c, path, r);
}

/* The handout's token as c sees it (asserting 200), into out. */
static void handout_token(struct client *c, int64_t id, char out[TOKEN_LEN + 1])
{
	struct response r = RESPONSE_INIT;

	assert_int_equal(get_page(c, "/participants/", id, "/calendar", &r),
			 200);
	assert_true(nth_token(r.body.data, 0, out));
	response_free(&r);
}

static long feed_status(struct server *s, const char *token)
{
	struct client *anon = client_new(s);
	char path[96];
	long st;

	snprintf(path, sizeof(path), "/calendar/%s.ics", token);
	st = client_get(anon, path, NULL);
	client_free(anon);
	return st;
}

/* POSTs fields to pre + id + post. */
static long post_as(struct client *c, const char *pre, int64_t id,
		    const char *post, const char *fields, struct response *r)
{
	char path[96];

	snprintf(path, sizeof(path), "%s%lld%s", pre, (long long)id, post);
	return client_post(c, path, fields, r);
}

static bool has(const struct buf *b, const char *s)
{
	return memmem(b->data, b->len, s, strlen(s)) != NULL;
}

static void handout_shows_qr_links_and_steps(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	struct buf db = BUF_INIT(0), wal = BUF_INIT(0), err = BUF_INIT(0),
		   out = BUF_INIT(0);
	char token[TOKEN_LEN + 1], again[TOKEN_LEN + 1], hex[65], stored[80];
	char https[200], webcal[200], path[400];
	int64_t id = new_participant(s, "Rasmus Kalenderlæser");

	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM "
				      "calendar_subscription WHERE kind = "
				      "'participant' AND subject_id = ?1",
				      id),
			 0);
	assert_int_equal(get_page(cw, "/participants/", id, "/calendar", &r),
			 200);
	assert_true(nth_token(r.body.data, 0, token));
	snprintf(https, sizeof(https), "%s/calendar/%s.ics", s->base, token);
	snprintf(webcal, sizeof(webcal), "webcal://%s/calendar/%s.ics",
		 s->base + strlen("http://"), token);
	assert_true(response_has(&r, https));
	assert_true(response_has(&r, webcal));
	assert_true(response_has(&r, "<svg class=\"qr\""));
	assert_true(response_has(&r, "shape-rendering=\"crispEdges\""));
	assert_true(response_has(&r, "role=\"img\""));
	assert_true(response_has(&r, "aria-label=\"QR-kode"));
	assert_true(response_has(&r, "<path fill=\"#000\" d=\"M4 4h7v1h-7z"));
	assert_true(response_has(&r, "Tilføj abonnementskalender"));
	assert_true(response_has(&r, "Fra webadresse"));
	assert_true(response_has(&r, "Abonner fra internettet"));
	assert_true(response_has(&r, "Kalenderhold"));
	/* The handout names no one. */
	assert_false(response_has(&r, "Kalenderlæser"));
	response_free(&r);

	/* One live row, the hash of the token; the same link the next time,
	 * audited as a creation and then as a read. */
	harness_token_hash_hex(token, hex);
	harness_sql_text(s, stored, sizeof(stored),
			 "SELECT lower(hex(token_hash)) FROM "
			 "calendar_subscription WHERE kind = 'participant' AND "
			 "subject_id = ?1 AND revoked_at IS NULL",
			 fixture_num(id, path), NULL);
	assert_string_equal(stored, hex);
	handout_token(cw, id, again);
	assert_string_equal(again, token);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("calendar.create"), id), 1);
	assert_true(fixture_rows(s, FIXTURE_AUDITED("calendar.read"), id) >= 1);
	assert_int_equal(feed_status(s, token), 200);

	/* The token is nowhere in the clear: not in the database, the WAL
	 * or the server's logs. */
	assert_int_equal(harness_read_file(s->db, &db), 0);
	snprintf(path, sizeof(path), "%s-wal", s->db);
	if (harness_read_file(path, &wal) < 0)
		buf_reset(&wal);
	assert_int_equal(harness_read_file(s->err, &err), 0);
	assert_int_equal(harness_read_file(s->out, &out), 0);
	assert_true(db.len + wal.len > 0 && err.len > 0);
	assert_false(has(&db, token));
	assert_false(has(&wal, token));
	assert_false(has(&err, token));
	assert_false(has(&out, token));
	buf_free(&db);
	buf_free(&wal);
	buf_free(&err);
	buf_free(&out);
}

static void rotate_and_revoke_end_the_old_link(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_as(s, HARNESS_CASEWORKER);
	struct response r = RESPONSE_INIT;
	char one[TOKEN_LEN + 1], two[TOKEN_LEN + 1], three[TOKEN_LEN + 1];
	char loc[96];
	int64_t id = new_participant(s, "Sofie Skifter");

	handout_token(cw, id, one);
	assert_int_equal(feed_status(s, one), 200);

	assert_int_equal(
		post_as(cw, "/participants/", id, "/calendar/rotate", "", &r),
		303);
	snprintf(loc, sizeof(loc), "/participants/%lld/calendar?ny=1",
		 (long long)id);
	assert_non_null(response_header(&r, "Location"));
	assert_non_null(strstr(response_header(&r, "Location"), loc));
	response_free(&r);
	handout_token(cw, id, two);
	assert_string_not_equal(one, two);
	assert_int_equal(feed_status(s, one), 404);
	assert_int_equal(feed_status(s, two), 200);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("calendar.rotate"), id), 1);

	/* Revoked: 404 like a token that never was, and the handout says so
	 * instead of making a new link by itself. */
	assert_int_equal(
		post_as(cw, "/participants/", id, "/calendar/revoke", "", NULL),
		303);
	assert_int_equal(feed_status(s, two), 404);
	assert_int_equal(
		feed_status(s, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
		404);
	assert_int_equal(feed_status(s, "kort"), 404);
	assert_int_equal(get_page(cw, "/participants/", id, "/calendar", &r),
			 200);
	assert_true(response_has(&r, "tilbagekaldt"));
	assert_false(nth_token(r.body.data, 0, three));
	response_free(&r);
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM "
				      "calendar_subscription WHERE kind = "
				      "'participant' AND subject_id = ?1 AND "
				      "revoked_at IS NULL",
				      id),
			 0);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("calendar.revoke"), id), 1);

	/* The participant page's panel says it too; a new link works. */
	assert_int_equal(get_page(cw, "/participants/", id, "", &r), 200);
	assert_true(response_has(&r, "Kalenderlinket er tilbagekaldt"));
	response_free(&r);
	assert_int_equal(
		post_as(cw, "/participants/", id, "/calendar/rotate", "", NULL),
		303);
	handout_token(cw, id, three);
	assert_int_equal(feed_status(s, three), 200);
	assert_int_equal(feed_status(s, two), 404);
}

static void every_role_gets_its_due(void **state)
{
	struct server *s = *state;
	struct client *mentor = fixture_as(s, HARNESS_MENTOR);
	struct client *other = fixture_as(s, OTHER_CASEWORKER);
	struct client *instructor = fixture_as(s, HARNESS_INSTRUCTOR);
	struct client *admin = fixture_as(s, HARNESS_ADMIN);
	struct client *anon = client_new(s);
	struct client *api;
	struct response r = RESPONSE_INIT;
	char token[TOKEN_LEN + 1], path[96];
	int64_t id = new_participant(s, "Mads Mentee");
	long st;

	/* The mentor helps with the phone: sees and prints the handout, but
	 * does not cut the link off. */
	handout_token(mentor, id, token);
	assert_int_equal(get_page(mentor, "/participants/", id, "", &r), 200);
	assert_true(response_has(&r, "/participants/"));
	assert_true(response_has(&r, "/calendar\""));
	assert_false(response_has(&r, "/calendar/rotate"));
	response_free(&r);
	assert_int_equal(post_as(mentor, "/participants/", id,
				 "/calendar/rotate", "", NULL),
			 403);
	assert_int_equal(post_as(mentor, "/participants/", id,
				 "/calendar/revoke", "", NULL),
			 403);
	assert_int_equal(feed_status(s, token), 200);

	/* The cohort's instructor works with the citizen: may rotate. */
	assert_int_equal(get_page(instructor, "/participants/", id, "", &r),
			 200);
	assert_true(response_has(&r, "/calendar/rotate"));
	response_free(&r);

	/* Another caseworker's citizen is not there at all. */
	assert_int_equal(
		get_page(other, "/participants/", id, "/calendar", NULL), 404);
	assert_int_equal(post_as(other, "/participants/", id,
				 "/calendar/rotate", "", NULL),
			 404);
	api = fixture_login(s, OTHER_CASEWORKER);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/calendar",
		 (long long)id);
	assert_int_equal(client_api(api, "GET", path, NULL, NULL), 404);
	client_free(api);

	/* The administrator holds no citizens; no one logged in gets the
	 * login page or 401. */
	assert_int_equal(
		get_page(admin, "/participants/", id, "/calendar", NULL), 403);
	st = get_page(anon, "/participants/", id, "/calendar", NULL);
	assert_true(st == 302 || st == 303 || st == 401);
	assert_int_equal(client_api(anon, "GET", path, NULL, NULL), 401);
	client_free(anon);
	assert_int_equal(feed_status(s, token), 200);
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM "
				      "calendar_subscription WHERE kind = "
				      "'participant' AND subject_id = ?1",
				      id),
			 1);
}

static void api_answers_the_links(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_login(s, HARNESS_CASEWORKER);
	struct client *mentor = fixture_login(s, HARNESS_MENTOR);
	struct response r = RESPONSE_INIT;
	char path[96], rot[112], rev[112], first[300], prefix[200];
	const char *https, *webcal;
	int64_t id = new_participant(s, "Anna Apiklient");
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/participants/%lld/calendar",
		 (long long)id);
	snprintf(rot, sizeof(rot), "%s/rotate", path);
	snprintf(rev, sizeof(rev), "%s/revoke", path);

	assert_int_equal(client_api(cw, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	https = harness_json_string(j, "https");
	webcal = harness_json_string(j, "webcal");
	assert_non_null(https);
	assert_non_null(webcal);
	snprintf(prefix, sizeof(prefix), "%s/calendar/", s->base);
	assert_int_equal(strncmp(https, prefix, strlen(prefix)), 0);
	assert_int_equal(strlen(https), strlen(prefix) + TOKEN_LEN + 4);
	assert_string_equal(https + strlen(https) - 4, ".ics");
	assert_int_equal(strncmp(webcal, "webcal://", 9), 0);
	assert_string_equal(webcal + 9, https + strlen("http://"));
	snprintf(first, sizeof(first), "%s", https);
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("calendar.create"), id), 1);

	/* The same links again; the mentor sees them too. */
	assert_int_equal(client_api(mentor, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "https"), first);
	cJSON_Delete(j);
	response_free(&r);

	/* Rotate: new links, the old feed gone. Not for the mentor. */
	assert_int_equal(client_api(mentor, "POST", rot, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(client_api(cw, "POST", rot, NULL, &r), 200);
	j = response_json(&r);
	assert_string_not_equal(harness_json_string(j, "https"), first);
	assert_int_equal(
		strncmp(harness_json_string(j, "webcal"), "webcal://", 9), 0);
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(feed_status(s, first + strlen(prefix)), 404);

	/* Revoke: the links are gone until someone rotates. */
	assert_int_equal(client_api(cw, "POST", rev, NULL, &r), 200);
	j = response_json(&r);
	assert_true(cJSON_IsTrue(harness_json_at(j, "revoked")));
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(client_api(cw, "GET", path, NULL, &r), 409);
	harness_expect_error(&r, 409, NULL);
	response_free(&r);
	client_free(cw);
	client_free(mentor);
}

/* The i-th own link of c's /account page; asserts 200. */
static void account_token(struct client *c, int i, char out[TOKEN_LEN + 1])
{
	struct response r = RESPONSE_INIT;

	assert_int_equal(client_get(c, "/account", &r), 200);
	assert_true(nth_token(r.body.data, i, out));
	response_free(&r);
}

static void staff_have_their_own_links(void **state)
{
	struct server *s = *state;
	struct client *ins = fixture_as(s, HARNESS_INSTRUCTOR);
	struct client *leader = fixture_as(s, HARNESS_LEADER);
	struct client *mentor = fixture_as(s, HARNESS_MENTOR);
	struct response r = RESPONSE_INIT;
	char staff[TOKEN_LEN + 1], teach[TOKEN_LEN + 1], t[TOKEN_LEN + 1];
	char uid[24];
	int64_t leader_id = harness_user_id(s, HARNESS_LEADER);

	/* Instructors: their talks (first) and their teaching days; each
	 * link four times on the page (https and webcal, each as href and
	 * text). */
	assert_int_equal(client_get(ins, "/account", &r), 200);
	assert_true(response_has(&r, "Kalenderabonnement"));
	assert_true(response_has(&r, "Mine samtaler og møder"));
	assert_true(response_has(&r, "Mine undervisningsdage"));
	assert_true(response_has(&r, "<svg class=\"qr\""));
	assert_true(nth_token(r.body.data, 0, staff));
	assert_true(nth_token(r.body.data, 4, teach));
	assert_string_not_equal(staff, teach);
	response_free(&r);
	assert_int_equal(feed_status(s, staff), 200);
	assert_int_equal(feed_status(s, teach), 200);
	fixture_num(harness_user_id(s, HARNESS_INSTRUCTOR), uid);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM "
					 "calendar_subscription WHERE owner_id "
					 "= ?1 AND subject_id = ?1 AND kind IN "
					 "('staff', 'instructor') AND "
					 "revoked_at IS NULL",
					 uid, NULL),
			 2);

	/* The same links on the next visit; rotating one ends it alone. */
	account_token(ins, 4, t);
	assert_string_equal(t, teach);
	assert_int_equal(client_post(ins, "/account/calendar/rotate",
				     "kind=instructor", &r),
			 303);
	response_free(&r);
	account_token(ins, 0, t);
	assert_string_equal(t, staff);
	account_token(ins, 4, t);
	assert_string_not_equal(t, teach);
	assert_int_equal(feed_status(s, teach), 404);
	assert_int_equal(feed_status(s, t), 200);
	assert_int_equal(feed_status(s, staff), 200);

	/* Not someone else's feeds. */
	assert_int_equal(client_post(ins, "/account/calendar/rotate",
				     "kind=cohort&subject=1", NULL),
			 403);
	assert_int_equal(client_post(mentor, "/account/calendar/rotate",
				     "kind=instructor", NULL),
			 403);
	assert_int_equal(client_post(leader, "/account/calendar/rotate",
				     "kind=cohort&subject=999999", NULL),
			 403);
	assert_int_equal(client_post(leader, "/account/calendar/rotate",
				     "kind=participant", NULL),
			 422);

	/* Mentors: their talks only. Project leaders: a link per cohort. */
	assert_int_equal(client_get(mentor, "/account", &r), 200);
	assert_true(response_has(&r, "Mine samtaler og møder"));
	assert_false(response_has(&r, "Mine undervisningsdage"));
	response_free(&r);
	fixture_demo_cohort(s, COHORT);
	assert_int_equal(client_get(leader, "/account", &r), 200);
	assert_true(response_has(&r, "Holdet " COHORT));
	response_free(&r);
	assert_true(fixture_rows(s,
				 "SELECT count(*) FROM calendar_subscription "
				 "WHERE kind = 'cohort' AND owner_id = ?1 AND "
				 "revoked_at IS NULL",
				 leader_id) >= 1);
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM audit WHERE "
				      "action = 'calendar.rotate' AND "
				      "actor_id = ?1",
				      harness_user_id(s, HARNESS_INSTRUCTOR)),
			 1);
}

/* A course day of COHORT `days` from today, 09:00-15:00; its id. */
static int64_t day_in(struct server *s, int days)
{
	char date[16], cohort[24], err[200];
	int64_t c = fixture_demo_cohort(s, COHORT);

	fixture_day_from_now(s, days, date);
	assert_int_equal(harness_sql_exec(s, err, sizeof(err),
					  "INSERT INTO course_day (cohort_id, "
					  "date, start_min, end_min, kind, "
					  "title, generated, created_at, "
					  "updated_at) VALUES (?1, ?2, 540, "
					  "900, 'other', 'Ekstra dag', 0, 0, "
					  "0)",
					  fixture_num(c, cohort), date, NULL),
			 0);
	return harness_sql_int(s, "SELECT max(id) FROM course_day", NULL);
}

static int64_t mails_about(struct server *s, int64_t day, const char *to)
{
	char like[64];

	snprintf(like, sizeof(like), "%%/days/%lld%%", (long long)day);
	return harness_sql_int(s,
			       "SELECT count(*) FROM outbox WHERE kind = "
			       "'day_change' AND body LIKE ?1 AND "
			       "recipient LIKE ?2",
			       like, to, NULL);
}

static void a_change_within_48_hours_is_mailed(void **state)
{
	struct server *s = *state;
	struct client *leader = fixture_as(s, HARNESS_LEADER);
	char body[4000], like[64], subject[200];
	int64_t id = new_participant(s, "Peter Postmodtager");
	int64_t soon = day_in(s, 1), later = day_in(s, 10);

	(void)id;
	assert_int_equal(post_as(leader, "/days/", soon, "/cancel",
				 "cancel_reason=Underviseren+er+syg", NULL),
			 303);
	assert_int_equal(mails_about(s, soon, HARNESS_CASEWORKER), 1);
	assert_int_equal(mails_about(s, soon, HARNESS_MENTOR), 1);
	assert_int_equal(mails_about(s, soon, "%"), 2);
	snprintf(like, sizeof(like), "%%/days/%lld%%", (long long)soon);
	harness_sql_text(s, body, sizeof(body),
			 "SELECT body FROM outbox WHERE body LIKE ?1", like,
			 NULL);
	harness_sql_text(s, subject, sizeof(subject),
			 "SELECT subject FROM outbox WHERE body LIKE ?1", like,
			 NULL);
	assert_string_equal(subject, "Ændring i kursusdag");
	assert_non_null(strstr(body, "aflyst"));
	assert_non_null(strstr(body, "kl. 09:00–15:00"));
	assert_non_null(strstr(body, s->base));
	/* No names, and not the reason either. */
	assert_null(strstr(body, "Postmodtager"));
	assert_null(strstr(body, "Peter"));
	assert_null(strstr(body, "syg"));

	/* Restoring it is a change too (when tomorrow may hold a course
	 * day at all: not on a weekend or holiday). */
	if (post_as(leader, "/days/", soon, "/restore", "", NULL) == 303)
		assert_int_equal(mails_about(s, soon, "%"), 4);
	else
		assert_int_equal(mails_about(s, soon, "%"), 2);

	/* Ten days ahead: the calendars catch up in time. */
	assert_int_equal(post_as(leader, "/days/", later, "/cancel",
				 "cancel_reason=Lukket", NULL),
			 303);
	assert_int_equal(mails_about(s, later, "%"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handout_shows_qr_links_and_steps),
		cmocka_unit_test(rotate_and_revoke_end_the_old_link),
		cmocka_unit_test(every_role_gets_its_due),
		cmocka_unit_test(api_answers_the_links),
		cmocka_unit_test(staff_have_their_own_links),
		cmocka_unit_test(a_change_within_48_hours_is_mailed),
	};

	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
