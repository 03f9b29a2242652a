/*
 * HTTP tests of marking attendance: a full day, "all present" and then
 * the exceptions, corrections with their history, absence announced
 * ahead, days a participant was not enrolled, refused saves that write
 * nothing, who may mark, the JSON contract and the same-day mail.
 */
#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define COHORT	      "Testhold fremmøde"
#define INSTRUCTOR_2  "psykolog.henrik@demo.invalid"
#define LEADER_ODENSE "projektleder.odense@demo.invalid"

/* A course day of cohort on the day `offset` days from today, 09:00-15:00
 * (360 minutes), written directly: the plan puts no days in the past. */
static int64_t new_day(struct server *s, int64_t cohort, int offset)
{
	char day[16], id[24], err[256];

	fixture_day_from_now(s, offset, day);
	if (harness_sql_exec(s, err, sizeof(err),
			     "INSERT INTO course_day (cohort_id, date, "
			     "start_min, end_min, kind, generated, "
			     "created_at, updated_at) VALUES (?1, ?2, 540, "
			     "900, 'teaching', 0, 0, 0)",
			     fixture_num(cohort, id), day, NULL) != 0)
		fail_msg("course day: %s", err);
	return harness_sql_int(s, "SELECT max(id) FROM course_day", NULL);
}

/* A participant of the demo caseworker on COHORT with the demo mentor,
 * started `started` days from today (negative: ago) and, when ended is
 * not 0, ended `ended` days from today. A fresh CPR number each time. */
static int64_t participant(struct server *s, const char *name, int started,
			   int ended)
{
	static unsigned n;
	char cpr[12], mentor[24], id[24], from[16], to[16], err[256];
	int64_t pid;

	n++;
	fixture_cpr(n, 5, 1994, 5200 + n, cpr, NULL);
	pid = fixture_demo_participant(s, COHORT, name, cpr);
	fixture_day_from_now(s, started, from);
	fixture_day_from_now(s, ended, to);
	fixture_num(harness_user_id(s, HARNESS_MENTOR), mentor);
	if (harness_sql_exec(s, err, sizeof(err),
			     "UPDATE participant SET mentor_id = ?1, status = "
			     "CASE WHEN ?4 THEN 'dropped_out' ELSE 'started' "
			     "END, started_on = ?2, ended_on = CASE WHEN ?4 "
			     "THEN ?3 END WHERE id = ?5",
			     mentor, from, to, ended ? "1" : "0",
			     fixture_num(pid, id), NULL) != 0)
		fail_msg("participant: %s", err);
	return pid;
}

static int64_t cohort_id(struct server *s)
{
	return fixture_demo_cohort(s, COHORT);
}

static long get_day(struct client *c, int64_t day, struct response *r)
{
	char path[64];

	snprintf(path, sizeof(path), "/days/%lld/attendance", (long long)day);
	return client_get(c, path, r);
}

static long post_day(struct client *c, int64_t day, const char *fields,
		     struct response *r)
{
	char path[64];

	snprintf(path, sizeof(path), "/days/%lld/attendance", (long long)day);
	return client_post(c, path, fields, r);
}

static long put_day(struct client *c, int64_t day, const char *json,
		    struct response *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/days/%lld/attendance",
		 (long long)day);
	return client_api(c, "PUT", path, json, r);
}

/* Rows of a table for a day (?1). */
static int64_t day_rows(struct server *s, const char *table, int64_t day)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE day_id = ?1",
		 table);
	return fixture_rows(s, sql, day);
}

/* A column of a participant's mark on a day, as an integer or text. */
static int64_t mark_int(struct server *s, int64_t day, int64_t pid,
			const char *column)
{
	char sql[160], d[24], p[24];

	snprintf(sql, sizeof(sql),
		 "SELECT %s FROM attendance WHERE day_id = ?1 AND "
		 "participant_id = ?2",
		 column);
	return harness_sql_int(s, sql, fixture_num(day, d), fixture_num(pid, p),
			       NULL);
}

static void mark_status(struct server *s, int64_t day, int64_t pid,
			char out[32])
{
	char d[24], p[24];

	harness_sql_text(s, out, 32,
			 "SELECT status FROM attendance WHERE day_id = ?1 AND "
			 "participant_id = ?2",
			 fixture_num(day, d), fixture_num(pid, p), NULL);
}

static int64_t audited(struct server *s, const char *action, int64_t pid)
{
	char p[24];

	return harness_sql_int(s,
			       "SELECT count(*) FROM audit WHERE action = ?1 "
			       "AND subject_type = 'participant' AND "
			       "subject_id = ?2",
			       action, fixture_num(pid, p), NULL);
}

/* Outbox rows of the absence mail that link to participant pid. */
static int64_t mails(struct server *s, int64_t pid, const char *to)
{
	char like[64];

	snprintf(like, sizeof(like), "%%/participants/%lld\n%%",
		 (long long)pid);
	return harness_sql_int(s,
			       "SELECT count(*) FROM outbox WHERE kind = "
			       "'absence' AND body LIKE ?1 AND (?2 = '' OR "
			       "recipient = ?2)",
			       like, to ? to : "", NULL);
}

static void instructor_marks_a_full_day(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	int64_t a = participant(s, "Anna Fuld", -30, 0);
	int64_t b = participant(s, "Bo Fuld", -30, 0);
	int64_t d = new_day(s, cohort_id(s), -7);
	char fields[256], status[32];

	assert_int_equal(get_day(c, d, &r), 200);
	assert_true(response_has(&r, "Anna Fuld"));
	assert_true(response_has(&r, "Bo Fuld"));
	assert_true(response_has(&r, "Alle til stede"));
	assert_true(response_has(&r, "Fravær uden afbud"));
	response_free(&r);
	assert_int_equal(day_rows(s, "attendance_taken", d), 0);

	/* Not everyone marked: saved, but the day is not taken yet. */
	snprintf(fields, sizeof(fields), "status_%lld=late&minutes_%lld=20",
		 (long long)a, (long long)a);
	assert_int_equal(post_day(c, d, fields, &r), 303);
	response_free(&r);
	mark_status(s, d, a, status);
	assert_string_equal(status, "late");
	assert_int_equal(mark_int(s, d, a, "minutes"), 20);
	assert_int_equal(mark_int(s, d, a, "version"), 1);
	/* Everyone on the day's roster, not only these two: the cohort has
	 * other participants made by other tests. */
	assert_int_equal(mark_int(s, d, b, "count(*)"), 0);

	snprintf(fields, sizeof(fields),
		 "status_%lld=late&minutes_%lld=20&status_%lld=sick&"
		 "note_%lld=Ringede+i+morges",
		 (long long)a, (long long)a, (long long)b, (long long)b);
	assert_int_equal(post_day(c, d, fields, &r), 303);
	response_free(&r);
	mark_status(s, d, b, status);
	assert_string_equal(status, "sick");
	/* a's mark did not change: no new version, no second audit row. */
	assert_int_equal(mark_int(s, d, a, "version"), 1);
	assert_int_equal(audited(s, "participant.attendance_mark", a), 1);
	assert_int_equal(audited(s, "participant.attendance_mark", b), 1);
	/* The note is sealed. */
	assert_int_equal(mark_int(s, d, b,
				  "note_enc IS NOT NULL AND instr(note_enc, "
				  "CAST('Ringede' AS BLOB)) = 0"),
			 1);
	/* The page shows it back to the instructor. */
	assert_int_equal(get_day(c, d, &r), 200);
	assert_true(response_has(&r, "Ringede i morges"));
	response_free(&r);
	/* Reads of the roster are audited too. */
	assert_true(audited(s, "participant.attendance_read", a) >= 1);
}

static void all_present_then_exceptions_and_a_correction(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	int64_t a = participant(s, "Alma Alle", -30, 0);
	int64_t b = participant(s, "Bent Alle", -30, 0);
	int64_t d = new_day(s, cohort_id(s), -6);
	int64_t user = harness_user_id(s, HARNESS_INSTRUCTOR), enrolled;
	char fields[256], status[32], day[24], p[24], uid[24];

	/* "All present" first: everyone enrolled and unmarked. */
	assert_int_equal(post_day(c, d, "rest=present", &r), 303);
	response_free(&r);
	enrolled = fixture_rows(s,
				"SELECT count(*) FROM participant p JOIN "
				"course_day d ON d.cohort_id = p.cohort_id "
				"WHERE d.id = ?1 AND p.started_on <= d.date "
				"AND (p.ended_on IS NULL OR p.ended_on >= "
				"d.date)",
				d);
	assert_true(enrolled >= 2);
	assert_int_equal(day_rows(s, "attendance", d), enrolled);
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM attendance WHERE "
				      "day_id = ?1 AND status != 'present'",
				      d),
			 0);
	assert_int_equal(day_rows(s, "attendance_taken", d), 1);

	/* Then the exception: a was late. */
	snprintf(fields, sizeof(fields), "status_%lld=late&minutes_%lld=15",
		 (long long)a, (long long)a);
	assert_int_equal(post_day(c, d, fields, &r), 303);
	response_free(&r);
	mark_status(s, d, a, status);
	assert_string_equal(status, "late");
	assert_int_equal(mark_int(s, d, a, "version"), 2);
	assert_int_equal(mark_int(s, d, b, "version"), 1);
	/* The history keeps what it was. */
	fixture_num(d, day);
	fixture_num(a, p);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM "
					 "attendance_change WHERE day_id = ?1 "
					 "AND participant_id = ?2 AND status = "
					 "'present' AND version = 1 AND "
					 "minutes = 0 AND changed_by = ?3",
					 day, p, fixture_num(user, uid), NULL),
			 1);
	assert_int_equal(audited(s, "participant.attendance_correct", a), 1);
	assert_int_equal(audited(s, "participant.attendance_correct", b), 0);
	/* The page says it was corrected and keeps the minutes. */
	assert_int_equal(get_day(c, d, &r), 200);
	assert_true(response_has(&r, "rettet"));
	assert_true(response_has(&r, "value=\"15\""));
	response_free(&r);
}

static void absence_announced_ahead_is_prefilled(void **state)
{
	struct server *s = *state;
	struct client *cw = fixture_as(s, HARNESS_CASEWORKER);
	struct client *in = fixture_as(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	int64_t a = participant(s, "Asta Afbud", -30, 0);
	int64_t d = new_day(s, cohort_id(s), 3);
	char path[80], body[256], first[16], last[16], fields[128], id[24];
	char radio[128];
	int64_t notice;
	cJSON *j;

	fixture_day_from_now(s, 2, first);
	fixture_day_from_now(s, 4, last);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/absences",
		 (long long)a);
	snprintf(body, sizeof(body),
		 "{\"first_date\": \"%s\", \"last_date\": \"%s\", "
		 "\"comment\": \"Tandlæge og kontrol\"}",
		 first, last);
	assert_int_equal(client_api(cw, "POST", path, body, &r), 201);
	j = response_json(&r);
	response_free(&r);
	notice = harness_json_int(j, "id");
	assert_true(notice > 0);
	assert_string_equal(harness_json_string(j, "first_date"), first);
	assert_string_equal(harness_json_string(j, "comment"),
			    "Tandlæge og kontrol");
	cJSON_Delete(j);
	fixture_num(notice, id);
	assert_int_equal(
		harness_sql_int(s,
				"SELECT instr(comment_enc, CAST('Tand' "
				"AS BLOB)) FROM absence_notice WHERE "
				"id = ?1",
				id, NULL),
		0);
	assert_int_equal(audited(s, "participant.absence_add", a), 1);

	/* The day page shows it chosen, with the comment. */
	assert_int_equal(get_day(in, d, &r), 200);
	snprintf(radio, sizeof(radio),
		 "name=\"status_%lld\" value=\"announced\" checked",
		 (long long)a);
	assert_true(response_has(&r, radio));
	assert_true(response_has(&r, "Tandlæge og kontrol"));
	response_free(&r);

	/* A future day takes only announced absence, and is not "taken". */
	snprintf(fields, sizeof(fields), "status_%lld=present", (long long)a);
	assert_int_equal(post_day(in, d, fields, &r), 422);
	assert_true(response_has(&r, "kun afbud"));
	response_free(&r);
	assert_int_equal(day_rows(s, "attendance", d), 0);
	snprintf(fields, sizeof(fields), "status_%lld=announced", (long long)a);
	assert_int_equal(post_day(in, d, fields, &r), 303);
	response_free(&r);
	assert_int_equal(day_rows(s, "attendance", d), 1);
	assert_int_equal(day_rows(s, "attendance_taken", d), 0);

	/* Refused: past dates, spans over 60 days, overlaps; consultants. */
	fixture_day_from_now(s, -1, first);
	snprintf(body, sizeof(body), "{\"first_date\": \"%s\"}", first);
	assert_int_equal(client_api(cw, "POST", path, body, &r), 422);
	harness_expect_error(&r, 422, "first_date");
	response_free(&r);
	fixture_day_from_now(s, 10, first);
	fixture_day_from_now(s, 71, last);
	snprintf(body, sizeof(body),
		 "{\"first_date\": \"%s\", \"last_date\": \"%s\"}", first,
		 last);
	assert_int_equal(client_api(cw, "POST", path, body, &r), 422);
	harness_expect_error(&r, 422, "last_date");
	response_free(&r);
	fixture_day_from_now(s, 3, first);
	snprintf(body, sizeof(body), "{\"first_date\": \"%s\"}", first);
	assert_int_equal(client_api(cw, "POST", path, body, &r), 422);
	response_free(&r);
	assert_int_equal(client_api(fixture_as(s, HARNESS_CONSULTANT), "POST",
				    path, body, &r),
			 403);
	response_free(&r);
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM absence_notice "
				      "WHERE participant_id = ?1",
				      a),
			 1);

	/* The mentor announces a day of their own mentee, on the page. */
	fixture_day_from_now(s, 20, first);
	snprintf(path, sizeof(path), "/participants/%lld/absences",
		 (long long)a);
	snprintf(fields, sizeof(fields), "first_date=%s&comment=Syg", first);
	assert_int_equal(
		client_post(fixture_as(s, HARNESS_MENTOR), path, fields, &r),
		303);
	response_free(&r);

	/* Withdrawn once; the day page then no longer pre-fills it. */
	snprintf(path, sizeof(path), "/api/v1/absences/%lld/withdraw",
		 (long long)notice);
	assert_int_equal(client_api(cw, "POST", path, "{}", &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_true(cJSON_IsTrue(harness_json_at(j, "withdrawn")));
	cJSON_Delete(j);
	assert_int_equal(client_api(cw, "POST", path, "{}", &r), 422);
	response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/absences",
		 (long long)a);
	assert_int_equal(client_api(in, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(cJSON_GetArraySize(harness_json_at(j, "absences")), 2);
	cJSON_Delete(j);
}

static void days_not_enrolled_are_never_marked(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	int64_t late = participant(s, "Lis Senere", -2, 0);
	int64_t left = participant(s, "Leo Stoppet", -40, -12);
	int64_t d = new_day(s, cohort_id(s), -5);
	const cJSON *p;
	char fields[128], path[80];
	int seen = 0;
	cJSON *j;

	assert_int_equal(get_day(c, d, &r), 200);
	assert_true(response_has(&r, "Ikke indskrevet"));
	assert_true(response_has(&r, "Lis Senere"));
	assert_true(response_has(&r, "Leo Stoppet"));
	snprintf(fields, sizeof(fields), "name=\"status_%lld\"",
		 (long long)late);
	assert_false(response_has(&r, fields));
	response_free(&r);

	snprintf(fields, sizeof(fields), "status_%lld=absent", (long long)late);
	assert_int_equal(post_day(c, d, fields, &r), 422);
	assert_true(response_has(&r, "ikke indskrevet"));
	response_free(&r);
	snprintf(fields, sizeof(fields), "status_%lld=present",
		 (long long)left);
	assert_int_equal(post_day(c, d, fields, &r), 422);
	response_free(&r);
	/* "All present" leaves them out. */
	assert_int_equal(post_day(c, d, "rest=present", &r), 303);
	response_free(&r);
	assert_int_equal(mark_int(s, d, late, "count(*)"), 0);
	assert_int_equal(mark_int(s, d, left, "count(*)"), 0);
	assert_int_equal(day_rows(s, "attendance_taken", d), 1);

	snprintf(path, sizeof(path), "/api/v1/days/%lld/attendance",
		 (long long)d);
	assert_int_equal(client_api(c, "GET", path, NULL, &r), 200);
	j = response_json(&r);
	response_free(&r);
	cJSON_ArrayForEach(p, harness_json_at(j, "roster"))
	{
		int64_t id = harness_json_int(p, "participant_id");

		if (id != late && id != left)
			continue;
		seen++;
		assert_true(cJSON_IsFalse(harness_json_at(p, "enrolled")));
		assert_true(cJSON_IsNull(harness_json_at(p, "status")));
		assert_string_equal(harness_json_string(p, "status_label"),
				    "Ikke indskrevet");
	}
	assert_int_equal(seen, 2);
	cJSON_Delete(j);
}

/* Asserts a refused page save of fields on day d wrote nothing. */
static void refused(struct server *s, struct client *c, int64_t d,
		    const char *fields)
{
	struct response r = RESPONSE_INIT;

	assert_int_equal(post_day(c, d, fields, &r), 422);
	assert_true(response_has(&r, "Fremmødet er ikke gemt"));
	response_free(&r);
	assert_int_equal(day_rows(s, "attendance", d), 0);
	assert_int_equal(day_rows(s, "attendance_change", d), 0);
	assert_int_equal(day_rows(s, "attendance_taken", d), 0);
}

static void refused_saves_write_nothing(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_INSTRUCTOR);
	int64_t a = participant(s, "Rita Afvist", -30, 0);
	int64_t b = participant(s, "Rune Afvist", -30, 0);
	int64_t d = new_day(s, cohort_id(s), -4);
	int64_t future = new_day(s, cohort_id(s), 5);
	int64_t cancelled = new_day(s, cohort_id(s), -3);
	int64_t other;
	int64_t audit_before = harness_sql_int(s,
					       "SELECT count(*) FROM audit "
					       "WHERE action LIKE "
					       "'participant.attendance_m%'",
					       NULL);
	int64_t outbox_before = harness_sql_int(s,
						"SELECT count(*) FROM "
						"outbox",
						NULL);
	char f[256], err[128], id[24], cpr[12];

	fixture_cpr(1, 1, 1990, 5999, cpr, NULL);
	other = fixture_demo_participant(s, COHORT, "Otto Fremmed", cpr);
	/* Each bad line spoils the whole save, good lines with it. */
	snprintf(f, sizeof(f), "status_%lld=present&status_%lld=sometimes",
		 (long long)a, (long long)b);
	refused(s, c, d, f);
	snprintf(f, sizeof(f),
		 "status_%lld=absent&status_%lld=late&minutes_%lld=-5",
		 (long long)a, (long long)b, (long long)b);
	refused(s, c, d, f);
	snprintf(f, sizeof(f), "status_%lld=left_early&minutes_%lld=361",
		 (long long)a, (long long)a);
	refused(s, c, d, f);
	snprintf(f, sizeof(f), "status_%lld=late&minutes_%lld=ti", (long long)a,
		 (long long)a);
	refused(s, c, d, f);
	snprintf(f, sizeof(f), "status_%lld=late", (long long)a);
	refused(s, c, d, f);
	/* Not on the roster: referred but never started, or no one. */
	snprintf(f, sizeof(f), "status_%lld=absent&status_%lld=present",
		 (long long)a, (long long)other);
	refused(s, c, d, f);
	snprintf(f, sizeof(f), "status_%lld=absent&status_999999=present",
		 (long long)a);
	refused(s, c, d, f);
	/* A future day, and a cancelled one. */
	snprintf(f, sizeof(f), "status_%lld=absent", (long long)a);
	refused(s, c, future, f);
	refused(s, c, future, "rest=present");
	assert_int_equal(harness_sql_exec(s, err, sizeof(err),
					  "UPDATE course_day SET status = "
					  "'cancelled' WHERE id = ?1",
					  fixture_num(cancelled, id), NULL),
			 0);
	refused(s, c, cancelled, f);
	refused(s, c, cancelled, "rest=present");

	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit "
					 "WHERE action LIKE "
					 "'participant.attendance_m%'",
					 NULL),
			 audit_before);
	assert_int_equal(
		harness_sql_int(s, "SELECT count(*) FROM outbox", NULL),
		outbox_before);

	/* The refused page keeps what was chosen. */
	{
		struct response r = RESPONSE_INIT;
		char radio[96];

		snprintf(f, sizeof(f), "status_%lld=late&minutes_%lld=999",
			 (long long)b, (long long)b);
		assert_int_equal(post_day(c, d, f, &r), 422);
		snprintf(radio, sizeof(radio),
			 "name=\"status_%lld\" value=\"late\" checked",
			 (long long)b);
		assert_true(response_has(&r, radio));
		assert_true(response_has(&r, "value=\"999\""));
		assert_true(response_has(&r, "Dagen varer kun 360 minutter."));
		response_free(&r);
	}
}

static void who_may_mark(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	int64_t a = participant(s, "Viggo Vagt", -30, 0);
	int64_t d = new_day(s, cohort_id(s), -2);
	/* Who sees the cohort but may not mark is refused; who does not
	 * see it at all finds no day, as with an unknown one. */
	static const struct {
		const char *user;
		long status;
	} refused_users[] = {
		{INSTRUCTOR_2, 404},	   {LEADER_ODENSE, 404},
		{HARNESS_CASEWORKER, 403}, {HARNESS_MENTOR, 403},
		{HARNESS_CONSULTANT, 403}, {HARNESS_ADMIN, 403},
	};
	char fields[128], path[80];
	size_t i;

	snprintf(fields, sizeof(fields), "status_%lld=present", (long long)a);
	snprintf(path, sizeof(path), "/api/v1/days/%lld/attendance",
		 (long long)d);
	for (i = 0; i < sizeof(refused_users) / sizeof(refused_users[0]); i++) {
		struct client *c = fixture_as(s, refused_users[i].user);
		long want = refused_users[i].status;

		assert_int_equal(get_day(c, d, &r), want);
		response_free(&r);
		assert_int_equal(post_day(c, d, fields, &r), want);
		response_free(&r);
		assert_int_equal(client_api(c, "GET", path, NULL, &r), want);
		response_free(&r);
	}
	assert_int_equal(day_rows(s, "attendance", d), 0);

	/* The cohort's project leader marks too; an unknown day is 404. */
	assert_int_equal(get_day(fixture_as(s, HARNESS_LEADER), d, &r), 200);
	response_free(&r);
	assert_int_equal(post_day(fixture_as(s, HARNESS_LEADER), d, fields, &r),
			 303);
	response_free(&r);
	assert_int_equal(mark_int(s, d, a, "count(*)"), 1);
	assert_int_equal(get_day(fixture_as(s, HARNESS_INSTRUCTOR), 999999, &r),
			 404);
	response_free(&r);

	/* A participant the caller cannot see is not found for absence. */
	snprintf(path, sizeof(path), "/participants/%lld/absences",
		 (long long)a);
	assert_int_equal(client_get(fixture_as(s, LEADER_ODENSE), path, &r),
			 404);
	response_free(&r);
}

static void api_contract(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	int64_t a = participant(s, "Ada Api", -30, 0);
	int64_t b = participant(s, "Bjørn Api", -30, 0);
	int64_t d = new_day(s, cohort_id(s), -1);
	const cJSON *p;
	char body[512], status[32];
	int found = 0;
	cJSON *j;

	snprintf(body, sizeof(body),
		 "[{\"participant_id\": %lld, \"status\": \"present\"}, "
		 "{\"participant_id\": %lld, \"status\": \"left_early\", "
		 "\"minutes\": 45, \"note\": \"Hentede barn\"}]",
		 (long long)a, (long long)b);
	assert_int_equal(put_day(c, d, body, &r), 200);
	j = response_json(&r);
	response_free(&r);
	assert_int_equal(harness_json_int(j, "day.id"), d);
	assert_int_equal(harness_json_int(j, "day.minutes"), 360);
	cJSON_ArrayForEach(p, harness_json_at(j, "roster"))
	{
		if (harness_json_int(p, "participant_id") != b)
			continue;
		found++;
		assert_string_equal(harness_json_string(p, "status"),
				    "left_early");
		assert_int_equal(harness_json_int(p, "minutes"), 45);
		assert_string_equal(harness_json_string(p, "note"),
				    "Hentede barn");
		assert_int_equal(harness_json_int(p, "version"), 1);
		assert_true(cJSON_IsTrue(harness_json_at(p, "enrolled")));
	}
	assert_int_equal(found, 1);
	cJSON_Delete(j);
	mark_status(s, d, a, status);
	assert_string_equal(status, "present");

	/* Bad items name themselves; nothing is written. */
	snprintf(body, sizeof(body),
		 "[{\"participant_id\": %lld, \"status\": \"absent\"}, "
		 "{\"participant_id\": %lld, \"status\": \"away\"}]",
		 (long long)a, (long long)b);
	assert_int_equal(put_day(c, d, body, &r), 422);
	harness_expect_error(&r, 422, "1.status");
	response_free(&r);
	snprintf(body, sizeof(body),
		 "[{\"participant_id\": %lld, \"status\": \"late\", "
		 "\"minutes\": -1}]",
		 (long long)a);
	assert_int_equal(put_day(c, d, body, &r), 422);
	harness_expect_error(&r, 422, "0.minutes");
	response_free(&r);
	snprintf(body, sizeof(body),
		 "[{\"participant_id\": %lld, \"status\": \"late\", "
		 "\"minutes\": 400}]",
		 (long long)a);
	assert_int_equal(put_day(c, d, body, &r), 422);
	harness_expect_error(&r, 422, "0.minutes");
	response_free(&r);
	assert_int_equal(put_day(c, d,
				 "[{\"participant_id\": 999999, \"status\": "
				 "\"present\"}]",
				 &r),
			 422);
	harness_expect_error(&r, 422, "0.participant_id");
	response_free(&r);
	assert_int_equal(put_day(c, d, "[{\"status\": \"present\"}]", &r), 422);
	harness_expect_error(&r, 422, "0.participant_id");
	response_free(&r);
	mark_status(s, d, a, status);
	assert_string_equal(status, "present");
	assert_int_equal(mark_int(s, d, a, "version"), 1);
	assert_int_equal(fixture_rows(s,
				      "SELECT count(*) FROM attendance_change "
				      "WHERE day_id = ?1",
				      d),
			 0);

	/* Others may not use the API either. */
	assert_int_equal(
		put_day(fixture_as(s, HARNESS_CASEWORKER), d, "[]", &r), 403);
	response_free(&r);
}

static void absence_without_notice_mails_caseworker_and_mentor(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	int64_t a = participant(s, "Mette Mailsen", -30, 0);
	int64_t d = new_day(s, cohort_id(s), -8);
	char fields[128], like[64];

	snprintf(fields, sizeof(fields), "status_%lld=absent", (long long)a);
	assert_int_equal(post_day(c, d, fields, &r), 303);
	response_free(&r);
	assert_int_equal(mails(s, a, NULL), 2);
	assert_int_equal(mails(s, a, HARNESS_CASEWORKER), 1);
	assert_int_equal(mails(s, a, HARNESS_MENTOR), 1);
	/* No name and no CPR number (with or without its dash). */
	snprintf(like, sizeof(like), "%%/participants/%lld\n%%", (long long)a);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM outbox WHERE "
					 "body LIKE ?1 AND (body LIKE "
					 "'%Mette%' OR body LIKE '%Mailsen%' "
					 "OR subject LIKE '%Mette%' OR body "
					 "GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9]"
					 "-[0-9][0-9][0-9][0-9]*' OR body "
					 "GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9]"
					 "[0-9][0-9][0-9][0-9]*')",
					 like, NULL),
			 0);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM outbox WHERE "
					 "body LIKE ?1 AND subject = 'Fravær "
					 "uden afbud' AND body LIKE 'En "
					 "deltager på et af dine hold var "
					 "fraværende uden afbud%'",
					 like, NULL),
			 2);

	/* Saving it again as it was sends nothing more; a correction to
	 * absent from something else does. */
	assert_int_equal(post_day(c, d, fields, &r), 303);
	response_free(&r);
	assert_int_equal(mails(s, a, NULL), 2);
	snprintf(fields, sizeof(fields), "status_%lld=sick", (long long)a);
	assert_int_equal(post_day(c, d, fields, &r), 303);
	response_free(&r);
	assert_int_equal(mails(s, a, NULL), 2);
	snprintf(fields, sizeof(fields), "status_%lld=absent", (long long)a);
	assert_int_equal(post_day(c, d, fields, &r), 303);
	response_free(&r);
	assert_int_equal(mails(s, a, NULL), 4);
	assert_int_equal(mark_int(s, d, a, "version"), 3);
}

static void notes_stay_out_of_the_log(void **state)
{
	struct server *s = *state;
	struct client *c = fixture_as(s, HARNESS_INSTRUCTOR);
	struct response r = RESPONSE_INIT;
	struct buf log = BUF_INIT(0);
	int64_t a = participant(s, "Nina Note", -30, 0);
	int64_t d = new_day(s, cohort_id(s), -9);
	char fields[160];

	snprintf(fields, sizeof(fields),
		 "status_%lld=sick&note_%lld=Hemmelig+migr%%C3%%A6ne",
		 (long long)a, (long long)a);
	assert_int_equal(post_day(c, d, fields, &r), 303);
	response_free(&r);
	assert_int_equal(harness_read_file(s->err, &log), 0);
	assert_null(strstr(log.data, "Hemmelig"));
	buf_free(&log);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "detail LIKE '%Hemmelig%' OR detail "
					 "LIKE '%sick%'",
					 NULL),
			 0);
}

static void start_page_opens_todays_days(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	static const char *const offsets[] = {"+0 hours", "+1 hours",
					      "+2 hours"};
	char day[16], id[24], err[256], link[64];
	bool found = false;
	size_t i;

	/* Today is Copenhagen's for the server: UTC or an hour or two on. */
	for (i = 0; i < 3; i++) {
		harness_sql_text(s, day, sizeof(day), "SELECT date('now', ?1)",
				 offsets[i], NULL);
		if (harness_sql_exec(s, err, sizeof(err),
				     "INSERT INTO course_day (cohort_id, date, "
				     "start_min, end_min, kind, generated, "
				     "created_at, updated_at) SELECT ?1, ?2, "
				     "540, 900, 'teaching', 0, 0, 0 WHERE NOT "
				     "EXISTS (SELECT 1 FROM course_day WHERE "
				     "cohort_id = ?1 AND date = ?2)",
				     fixture_num(cohort_id(s), id), day,
				     NULL) != 0)
			fail_msg("course day: %s", err);
	}
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_INSTRUCTOR), "/start", &r),
		200);
	assert_true(response_has(&r, "Dagens kursusdage"));
	for (i = 0; i < 3; i++) {
		harness_sql_text(s, day, sizeof(day), "SELECT date('now', ?1)",
				 offsets[i], NULL);
		snprintf(link, sizeof(link), "/days/%lld/attendance",
			 (long long)harness_sql_int(
				 s,
				 "SELECT id FROM course_day WHERE cohort_id = "
				 "?1 AND date = ?2",
				 fixture_num(cohort_id(s), id), day, NULL));
		found = found || response_has(&r, link);
	}
	assert_true(found);
	response_free(&r);
	/* Not for caseworkers: they do not mark. */
	assert_int_equal(
		client_get(fixture_as(s, HARNESS_CASEWORKER), "/start", &r),
		200);
	assert_false(response_has(&r, "Dagens kursusdage"));
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(instructor_marks_a_full_day),
		cmocka_unit_test(all_present_then_exceptions_and_a_correction),
		cmocka_unit_test(absence_announced_ahead_is_prefilled),
		cmocka_unit_test(days_not_enrolled_are_never_marked),
		cmocka_unit_test(refused_saves_write_nothing),
		cmocka_unit_test(who_may_mark),
		cmocka_unit_test(api_contract),
		cmocka_unit_test(
			absence_without_notice_mails_caseworker_and_mentor),
		cmocka_unit_test(notes_stay_out_of_the_log),
		cmocka_unit_test(start_page_opens_todays_days),
	};

	return cmocka_run_group_tests(tests, harness_setup, fixture_teardown);
}
