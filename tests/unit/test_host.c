/*
 * Unit tests for host.c through the API the host pages, the staff pages
 * and the follow-up share: the token helper; a link issued, found, renewed
 * (the old one revoked), revoked, expired 30 days after the end and
 * unknown, each told apart; who may issue; what the host's view holds (only
 * the items the citizen shared in the latest version); a week's feedback
 * saved, read back and replaced; and every refusal writing nothing.
 */
#include "actor.h"
#include "agreement.h"
#include "course.h"
#include "db.h"
#include "form.h"
#include "host.h"
#include "participant.h"
#include "secret.h"
#include "testdb.h"
#include "testworld.h"
#include "token.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The job centre's caseworker (the citizen's own), an instructor of the
 * cohort and the citizen's mentor. */
static const struct actor caseworker = {2, 1, ROLE_CASEWORKER,
					"sb@test.invalid", NULL};
static const struct actor instructor = {5, 2, ROLE_INSTRUCTOR,
					"ud@test.invalid", NULL};
static const struct actor mentor = {4, 2, ROLE_MENTOR, "me@test.invalid", NULL};

struct fixture {
	struct testdb t;
	int64_t cohort, anna, bo, internship, other;
	date_t start; /* Monday two weeks ago: this week is week 3 */
};

static void exec(struct db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void exec(struct db *db, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	testdb_exec(db, sql);
}

static int64_t add_participant(struct fixture *f, const char *name)
{
	return testworld_participant(f->t.db, f->cohort, name, "2025-01-06");
}

/* An internship of participant at company 1 from f->start for 11 weeks,
 * planned Monday, Wednesday and Thursday 4 hours, Friday the teaching
 * day. */
static int64_t add_internship(struct fixture *f, int64_t participant)
{
	char start[DATE_ISO_LEN + 1], end[DATE_ISO_LEN + 1];
	char monday[DATE_ISO_LEN + 1];
	int64_t id;
	int w;

	date_format_iso(f->start, start);
	date_format_iso(date_add_days(f->start, 7 * 11 - 3), end);
	exec(f->t.db,
	     "INSERT INTO internship (participant_id, company_id, contact_id, "
	     "start_on, end_on, status, teaching_weekday, created_by, "
	     "created_at, updated_at) VALUES (%lld, 1, 1, '%s', '%s', "
	     "'running', 5, 3, 0, 0)",
	     (long long)participant, start, end);
	id = db_last_id(f->t.db);
	for (w = 1; w <= 11; w++) {
		date_format_iso(date_add_days(f->start, 7 * (w - 1)), monday);
		exec(f->t.db,
		     "INSERT INTO internship_week (internship_id, week, "
		     "monday, mon, tue, wed, thu, fri, updated_at) VALUES "
		     "(%lld, %d, '%s', 240, 0, 240, 240, 0, 0)",
		     (long long)id, w, monday);
	}
	return id;
}

/* Saves a version of participant's guide as the caseworker, with the
 * alarm signals and support answers, consent and the items shared. */
static void guide(struct fixture *f, int64_t id, bool support, bool alarms,
		  bool company)
{
	struct agreement_input in;
	struct form_invalid bad = {0};
	struct participant p;
	int version = 0;

	memset(&in, 0, sizeof(in));
	in.answers[AGREEMENT_PURPOSE] = "Afklaring af skånebehov";
	in.answers[AGREEMENT_SUPPORT_NEEDED] = "Faste opgaver og ro";
	in.answers[AGREEMENT_ALARM_SIGNALS] =
		"- Trækker sig fra frokosten\n\n- Kommer for sent\r\n";
	in.answers[AGREEMENT_CRISIS_SUPPORT] = "Ring til mentoren";
	in.answers[AGREEMENT_HOST_MAY_KNOW] = "Har brug for pauser";
	in.consent = true;
	in.share_given = true;
	in.share[AGREEMENT_SHARE_SUPPORT] = support;
	in.share[AGREEMENT_SHARE_ALARMS] = alarms;
	in.share[AGREEMENT_SHARE_COMPANY] = company;
	in.citizen_signed_on = date_today();
	assert_int_equal(participant_get(f->t.db, &caseworker, id, &p), 0);
	assert_int_equal(
		agreement_save(f->t.db, &caseworker, &p, &in, &version, &bad),
		RESULT_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || testworld_open(&f->t, 5) < 0)
		return -1;
	/* The links name the consultant in full. */
	testdb_exec(f->t.db, "UPDATE user SET name = 'Vera Konsulent' WHERE "
			     "id = 3");
	f->cohort = testworld_cohort(f->t.db, 70, 0);
	if (f->cohort < 0)
		return -1;
	testdb_exec(f->t.db,
		    "INSERT INTO company (id, organisation_id, name, cvr, "
		    "address, employees, created_at, updated_at) VALUES (1, "
		    "1, 'Tømrer Hansen ApS', '91300028', 'Savværksvej 2', 12, "
		    "0, 0), (2, 1, 'Andet Firma', '91300036', '', 40, 0, 0)");
	testdb_exec(f->t.db,
		    "INSERT INTO company_contact (id, company_id, name, role, "
		    "email, phone, active, created_at, updated_at) VALUES "
		    "(1, 1, 'Kim Kontakt', 'Mester', 'kim@test.invalid', "
		    "'12345678', 1, 0, 0), (2, 1, 'Lis Lærling', "
		    "'Svend', 'lis@test.invalid', '', 1, 0, 0), (3, 2, "
		    "'Ole Anden', '', '', '', 1, 0, 0), (4, 1, 'Gammel', '', "
		    "'', '', 0, 0, 0)");
	f->start = date_add_days(date_monday(date_today()), -14);
	f->anna = add_participant(f, "Anna Andersen");
	f->bo = add_participant(f, "Bo Bertelsen");
	f->internship = add_internship(f, f->anna);
	f->other = add_internship(f, f->bo);
	*state = f;
	return 0;
}

/* Issues a link to contact on internship id as a; the result. */
static int issue(struct fixture *f, const struct actor *a, int64_t id,
		 int64_t contact, char token[TOKEN_SIZE])
{
	struct form_invalid bad = {0};
	struct participant p;
	struct internship i;
	int rc;

	assert_int_equal(internship_get(f->t.db, a, id, &i, &p), 0);
	rc = host_link_issue(f->t.db, a, &p, &i, contact, token, &bad);
	internship_free(&i);
	return rc;
}

static void tokens_are_long_random_and_checked(void **state)
{
	char a[TOKEN_SIZE], b[TOKEN_SIZE];
	unsigned char h1[TOKEN_HASH_LEN], h2[TOKEN_HASH_LEN];

	(void)state;
	token_new(a);
	token_new(b);
	assert_int_equal(strlen(a), TOKEN_LEN);
	assert_string_not_equal(a, b);
	assert_true(token_well_formed(a));
	assert_false(token_well_formed(NULL));
	assert_false(token_well_formed("kort"));
	b[5] = '/';
	assert_false(token_well_formed(b));
	token_hash(a, h1);
	token_hash(a, h2);
	assert_memory_equal(h1, h2, TOKEN_HASH_LEN);
}

static void a_link_is_issued_found_and_renewed(void **state)
{
	struct fixture *f = *state;
	char t1[TOKEN_SIZE], t2[TOKEN_SIZE], again[TOKEN_SIZE];
	struct host_link link;

	assert_int_equal(issue(f, &caseworker, f->internship, 1, t1),
			 RESULT_OK);
	assert_int_equal(host_link_find(f->t.db, t1, &link), HOST_LINK_VALID);
	assert_int_equal(link.internship_id, f->internship);
	assert_int_equal(link.contact_id, 1);
	assert_int_equal(link.participant_id, f->anna);
	assert_string_equal(link.contact, "Kim Kontakt");
	assert_string_equal(link.label, "vært: Kim Kontakt");
	assert_string_equal(link.internship.company, "Tømrer Hansen ApS");
	assert_false(link.internship.full);
	assert_null(link.internship.purpose);
	/* Who to contact: the consultant who made it. */
	assert_string_equal(link.staff, "Vera Konsulent");
	assert_string_equal(link.staff_email, "vk@test.invalid");
	assert_int_equal(link.expires_on,
			 date_add_days(link.internship.end_on, 30));
	/* The text is never stored: only its hash and a sealed copy. */
	assert_int_equal(testdb_count(f->t.db,
				      "SELECT count(*) FROM host_link WHERE "
				      "instr(token_enc, '%s') > 0 OR "
				      "instr(token_hash, '%s') > 0",
				      t1, t1),
			 0);
	assert_int_equal(host_link_token(f->t.db, f->internship, 1, again), 0);
	assert_string_equal(again, t1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE action = "
			     "'participant.host_link_issue' AND actor_id = 2 "
			     "AND subject_id = %lld",
			     (long long)f->anna),
		1);

	/* A fresh one revokes the old. */
	assert_int_equal(issue(f, &caseworker, f->internship, 1, t2),
			 RESULT_OK);
	assert_string_not_equal(t1, t2);
	assert_int_equal(host_link_find(f->t.db, t1, &link), HOST_LINK_REVOKED);
	assert_string_equal(link.staff, "Vera Konsulent");
	assert_int_equal(host_link_find(f->t.db, t2, &link), HOST_LINK_VALID);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM host_link WHERE "
			     "internship_id = %lld AND contact_id = 1 AND "
			     "revoked_at IS NULL",
			     (long long)f->internship),
		1);
	/* One per person: another contact's link lives beside it. */
	assert_int_equal(issue(f, &caseworker, f->internship, 2, t1),
			 RESULT_OK);
	assert_int_equal(host_link_find(f->t.db, t2, &link), HOST_LINK_VALID);
	assert_int_equal(host_link_find(f->t.db, t1, &link), HOST_LINK_VALID);
	assert_int_equal(link.contact_id, 2);
}

static void issuing_is_refused_with_nothing_written(void **state)
{
	struct fixture *f = *state;
	char t[TOKEN_SIZE];
	int64_t before = testdb_count(f->t.db,
				      "SELECT count(*) FROM host_link");

	assert_int_equal(issue(f, &mentor, f->internship, 1, t),
			 RESULT_REFUSED);
	assert_string_equal(t, "");
	/* A contact of another company, and an inactive one. */
	assert_int_equal(issue(f, &caseworker, f->internship, 3, t),
			 RESULT_INVALID);
	assert_int_equal(issue(f, &caseworker, f->internship, 4, t),
			 RESULT_INVALID);
	assert_int_equal(issue(f, &caseworker, f->internship, 99, t),
			 RESULT_INVALID);
	assert_int_equal(
		testdb_count(f->t.db, "SELECT count(*) FROM host_link"),
		before);
}

static void links_expire_30_days_after_the_end(void **state)
{
	struct fixture *f = *state;
	char t[TOKEN_SIZE], end[DATE_ISO_LEN + 1];
	struct host_link link;
	int64_t id = add_internship(f, f->anna);

	assert_int_equal(issue(f, &caseworker, id, 1, t), RESULT_OK);
	date_format_iso(date_add_days(date_today(), -30), end);
	exec(f->t.db,
	     "UPDATE internship SET start_on = '2025-01-06', end_on = '%s' "
	     "WHERE id = %lld",
	     end, (long long)id);
	assert_int_equal(host_link_find(f->t.db, t, &link), HOST_LINK_VALID);
	date_format_iso(date_add_days(date_today(), -31), end);
	exec(f->t.db, "UPDATE internship SET end_on = '%s' WHERE id = %lld",
	     end, (long long)id);
	assert_int_equal(host_link_find(f->t.db, t, &link), HOST_LINK_EXPIRED);
	assert_int_equal(link.expires_on, date_add_days(date_today(), -1));
	assert_string_equal(link.staff, "Vera Konsulent");
	/* No fresh link for an internship that long over. */
	assert_int_equal(issue(f, &caseworker, id, 1, t), RESULT_REFUSED);
}

static void revoked_and_unknown_links_are_told_apart(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	char t[TOKEN_SIZE], fake[TOKEN_SIZE];
	struct host_link link;
	struct participant p;
	struct internship i;

	assert_int_equal(issue(f, &caseworker, f->other, 1, t), RESULT_OK);
	assert_int_equal(host_link_find(f->t.db, t, &link), HOST_LINK_VALID);
	assert_int_equal(internship_get(f->t.db, &caseworker, f->other, &i, &p),
			 0);
	assert_int_equal(
		host_link_revoke(f->t.db, &instructor, &p, &i, link.id, &bad),
		RESULT_REFUSED);
	assert_int_equal(
		host_link_revoke(f->t.db, &caseworker, &p, &i, link.id, &bad),
		RESULT_OK);
	assert_int_equal(
		host_link_revoke(f->t.db, &caseworker, &p, &i, link.id, &bad),
		RESULT_NOT_FOUND);
	internship_free(&i);
	assert_int_equal(host_link_find(f->t.db, t, &link), HOST_LINK_REVOKED);
	assert_int_equal(host_link_token(f->t.db, f->other, 1, fake), 1);
	token_new(fake);
	assert_int_equal(host_link_find(f->t.db, fake, &link),
			 HOST_LINK_UNKNOWN);
	assert_int_equal(host_link_find(f->t.db, "../etc", &link),
			 HOST_LINK_UNKNOWN);
	assert_int_equal(host_link_find(f->t.db, NULL, &link),
			 HOST_LINK_UNKNOWN);
}

static void the_view_holds_only_what_was_shared(void **state)
{
	struct fixture *f = *state;
	char t[TOKEN_SIZE];
	struct host_link link;
	struct host_view v;

	assert_int_equal(issue(f, &caseworker, f->internship, 1, t), RESULT_OK);
	assert_int_equal(host_link_find(f->t.db, t, &link), HOST_LINK_VALID);

	/* No guide yet: nothing of it. */
	assert_int_equal(host_view_load(f->t.db, &link, &v), 0);
	assert_string_equal(v.intern, "Anna Andersen");
	assert_int_equal(v.plan.n, 11);
	assert_int_equal(stepup_day_minutes(&v.plan, f->start), 240);
	assert_int_equal(v.nalarms, 0);
	assert_null(v.shared.answers[AGREEMENT_SUPPORT_NEEDED]);
	host_view_free(&v);

	/* Support only. */
	guide(f, f->anna, true, false, false);
	assert_int_equal(host_view_load(f->t.db, &link, &v), 0);
	assert_string_equal(v.shared.answers[AGREEMENT_SUPPORT_NEEDED],
			    "Faste opgaver og ro");
	assert_null(v.shared.answers[AGREEMENT_ALARM_SIGNALS]);
	assert_null(v.shared.answers[AGREEMENT_CRISIS_SUPPORT]);
	assert_null(v.shared.answers[AGREEMENT_HOST_MAY_KNOW]);
	assert_null(v.shared.answers[AGREEMENT_PURPOSE]);
	assert_int_equal(v.nalarms, 0);
	host_view_free(&v);

	/* The latest version decides: alarms and the company's words. */
	guide(f, f->anna, false, true, true);
	assert_int_equal(host_view_load(f->t.db, &link, &v), 0);
	assert_null(v.shared.answers[AGREEMENT_SUPPORT_NEEDED]);
	assert_string_equal(v.shared.answers[AGREEMENT_HOST_MAY_KNOW],
			    "Har brug for pauser");
	assert_int_equal(v.nalarms, 2);
	assert_string_equal(v.alarms[0], "Trækker sig fra frokosten");
	assert_string_equal(v.alarms[1], "Kommer for sent");
	host_view_free(&v);
}

/* A found link of contact 1 to f->internship, with alarms shared. */
static void valid_link(struct fixture *f, struct host_link *link)
{
	char t[TOKEN_SIZE];

	guide(f, f->anna, true, true, true);
	assert_int_equal(issue(f, &caseworker, f->internship, 1, t), RESULT_OK);
	assert_int_equal(host_link_find(f->t.db, t, link), HOST_LINK_VALID);
}

struct read_back {
	int weeks, days, week, rating, nalarms;
	bool call_me, alarm;
	char text[64], alarm0[64], contact[64];
	int worked[STEPUP_DAYS];
	enum host_day_status status[STEPUP_DAYS];
};

static void read_week(void *ctx, const struct host_feedback_row *f)
{
	struct read_back *r = ctx;
	size_t k;

	r->weeks++;
	r->week = f->week;
	r->rating = f->rating;
	r->call_me = f->call_me;
	r->alarm = f->alarm;
	r->nalarms = (int)f->nalarms;
	r->days = (int)f->ndays;
	snprintf(r->text, sizeof(r->text), "%s", f->text);
	snprintf(r->contact, sizeof(r->contact), "%s", f->contact);
	snprintf(r->alarm0, sizeof(r->alarm0), "%s",
		 f->nalarms ? f->alarms[0] : "");
	for (k = 0; k < f->ndays; k++) {
		r->worked[k] = f->days[k].worked_min;
		r->status[k] = f->days[k].status;
	}
}

static void count_day(void *ctx, const struct host_day_row *d)
{
	int *n = ctx;

	(void)d;
	(*n)++;
}

static void a_week_is_saved_read_back_and_replaced(void **state)
{
	struct fixture *f = *state;
	struct form_invalid bad = {0};
	struct host_feedback_input in;
	struct read_back r;
	struct host_link link;
	int64_t id = 0;
	int days = 0;

	valid_link(f, &link);
	memset(&in, 0, sizeof(in));
	in.week = 1;
	in.days[0] = (struct host_day_input){f->start, HOST_DAY_AS_PLANNED, 0};
	in.days[1] = (struct host_day_input){date_add_days(f->start, 2),
					     HOST_DAY_FEWER_HOURS, 120};
	in.days[2] = (struct host_day_input){date_add_days(f->start, 3),
					     HOST_DAY_ABSENT, 0};
	in.ndays = 3;
	in.rating = 4;
	in.text = "God uge, men torsdag udeblev hun.";
	in.alarms = 1u << 1;
	in.call_me = true;
	assert_int_equal(host_feedback_save(f->t.db, &link, &in, date_today(),
					    "127.0.0.1", &id, &bad),
			 RESULT_OK);
	assert_true(id > 0);
	assert_int_equal(testdb_count(f->t.db,
				      "SELECT count(*) FROM host_day WHERE "
				      "feedback_id = %lld",
				      (long long)id),
			 3);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM host_feedback WHERE id = "
			     "%lld AND instr(text_enc, 'udeblev') = 0",
			     (long long)id),
		1);
	assert_int_equal(
		testdb_count(f->t.db,
			     "SELECT count(*) FROM audit WHERE action = "
			     "'participant.host_feedback' AND actor = 'vært: "
			     "Kim Kontakt' AND actor_id IS NULL AND detail = "
			     "'uge 1' AND subject_id = %lld",
			     (long long)f->anna),
		1);

	memset(&r, 0, sizeof(r));
	assert_int_equal(
		host_feedback_each(f->t.db, f->internship, read_week, &r), 0);
	assert_int_equal(r.weeks, 1);
	assert_int_equal(r.week, 1);
	assert_int_equal(r.rating, 4);
	assert_true(r.call_me);
	assert_true(r.alarm);
	assert_int_equal(r.nalarms, 1);
	assert_string_equal(r.alarm0, "Kommer for sent");
	assert_string_equal(r.text, "God uge, men torsdag udeblev hun.");
	assert_string_equal(r.contact, "Kim Kontakt");
	assert_int_equal(r.days, 3);
	assert_int_equal(r.worked[0], 240);
	assert_int_equal(r.worked[1], 120);
	assert_int_equal(r.worked[2], 0);
	assert_int_equal(r.status[2], HOST_DAY_ABSENT);
	assert_int_equal(host_days_each(f->t.db, f->anna, f->start,
					date_add_days(f->start, 6), count_day,
					&days),
			 0);
	assert_int_equal(days, 3);
	days = 0;
	assert_int_equal(
		host_days_each(f->t.db, f->anna, date_add_days(f->start, 3),
			       date_add_days(f->start, 30), count_day, &days),
		0);
	assert_int_equal(days, 1);

	/* Again: the week is replaced, its days with it. */
	in.ndays = 2;
	in.days[1].status = HOST_DAY_SICK;
	in.rating = 2;
	in.text = "";
	in.alarms = 0;
	in.call_me = false;
	assert_int_equal(host_feedback_save(f->t.db, &link, &in, date_today(),
					    NULL, NULL, &bad),
			 RESULT_OK);
	memset(&r, 0, sizeof(r));
	assert_int_equal(
		host_feedback_each(f->t.db, f->internship, read_week, &r), 0);
	assert_int_equal(r.weeks, 1);
	assert_int_equal(r.rating, 2);
	assert_false(r.call_me);
	assert_false(r.alarm);
	assert_string_equal(r.text, "");
	assert_int_equal(r.days, 2);
	assert_int_equal(r.worked[1], 0);
	assert_int_equal(testdb_count(f->t.db,
				      "SELECT count(*) FROM host_day WHERE "
				      "internship_id = %lld",
				      (long long)f->internship),
			 2);
}

/* Saves in and asserts it is refused with result on field, nothing
 * written. */
static void refused(struct fixture *f, const struct host_link *link,
		    const struct host_feedback_input *in, int result,
		    const char *field)
{
	struct form_invalid bad = {0};
	int64_t feedback = testdb_count(f->t.db,
					"SELECT count(*) FROM host_feedback");
	int64_t days = testdb_count(f->t.db, "SELECT count(*) FROM host_day");
	int64_t audit = testdb_count(f->t.db, "SELECT count(*) FROM audit");

	assert_int_equal(host_feedback_save(f->t.db, link, in, date_today(),
					    NULL, NULL, &bad),
			 result);
	assert_true(bad.message[0] != '\0');
	if (field)
		assert_string_equal(bad.field, field);
	assert_int_equal(
		testdb_count(f->t.db, "SELECT count(*) FROM host_feedback"),
		feedback);
	assert_int_equal(testdb_count(f->t.db, "SELECT count(*) FROM host_day"),
			 days);
	assert_int_equal(testdb_count(f->t.db, "SELECT count(*) FROM audit"),
			 audit);
}

static void feedback_refusals_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct host_feedback_input in;
	struct host_link link, old;
	char field[16], iso[DATE_ISO_LEN + 1];
	char t[TOKEN_SIZE];

	valid_link(f, &link);
	memset(&in, 0, sizeof(in));
	in.week = 2;
	in.rating = 3;
	in.ndays = 1;
	in.days[0] = (struct host_day_input){date_add_days(f->start, 7),
					     HOST_DAY_AS_PLANNED, 0};

	/* A week not yet begun (this week is week 3). */
	in.week = 4;
	in.days[0].date = date_add_days(f->start, 21);
	refused(f, &link, &in, RESULT_INVALID, "week");
	in.week = 0;
	refused(f, &link, &in, RESULT_INVALID, "week");
	in.week = 40;
	refused(f, &link, &in, RESULT_INVALID, "week");
	in.week = 2;

	/* A day not planned (Tuesday), a day of another week, the teaching
	 * day, a Saturday. */
	in.days[0].date = date_add_days(f->start, 8);
	date_format_iso(in.days[0].date, iso);
	snprintf(field, sizeof(field), "day_%s", iso);
	refused(f, &link, &in, RESULT_INVALID, field);
	in.days[0].date = f->start;
	refused(f, &link, &in, RESULT_INVALID, NULL);
	in.days[0].date = date_add_days(f->start, 11);
	refused(f, &link, &in, RESULT_INVALID, NULL);
	in.days[0].date = date_add_days(f->start, 12);
	refused(f, &link, &in, RESULT_INVALID, NULL);
	in.days[0].date = date_add_days(f->start, 7);

	/* The same day twice; fewer hours that are not fewer. */
	in.ndays = 2;
	in.days[1] = in.days[0];
	refused(f, &link, &in, RESULT_INVALID, NULL);
	in.ndays = 1;
	in.days[0].status = HOST_DAY_FEWER_HOURS;
	in.days[0].worked_min = 240;
	refused(f, &link, &in, RESULT_INVALID, NULL);
	in.days[0].worked_min = 0;
	refused(f, &link, &in, RESULT_INVALID, NULL);
	in.days[0].status = HOST_DAY_AS_PLANNED;

	/* A planned day still to come, seen from Tuesday of week 2. */
	{
		struct form_invalid bad = {0};
		int64_t feedback = testdb_count(
			f->t.db, "SELECT count(*) FROM host_feedback");

		in.days[0].date = date_add_days(f->start, 9);
		assert_int_equal(host_feedback_save(f->t.db, &link, &in,
						    date_add_days(f->start, 8),
						    NULL, NULL, &bad),
				 RESULT_INVALID);
		assert_string_equal(bad.message, "Dagen er ikke kommet endnu.");
		assert_int_equal(
			testdb_count(f->t.db,
				     "SELECT count(*) FROM host_feedback"),
			feedback);
		in.days[0].date = date_add_days(f->start, 7);
	}

	/* The rating, the text, an alarm not shared. */
	in.rating = 0;
	refused(f, &link, &in, RESULT_INVALID, "rating");
	in.rating = 6;
	refused(f, &link, &in, RESULT_INVALID, "rating");
	in.rating = 3;
	{
		char *long_text = malloc(HOST_TEXT_MAX + 2);

		assert_non_null(long_text);
		memset(long_text, 'x', HOST_TEXT_MAX + 1);
		long_text[HOST_TEXT_MAX + 1] = '\0';
		in.text = long_text;
		refused(f, &link, &in, RESULT_INVALID, "text");
		in.text = NULL;
		free(long_text);
	}
	in.alarms = 1u << 2;
	refused(f, &link, &in, RESULT_INVALID, "alarms");
	in.alarms = 0;

	/* A revoked link: renewed, the old one writes nothing. */
	old = link;
	assert_int_equal(issue(f, &caseworker, f->internship, 1, t), RESULT_OK);
	refused(f, &old, &in, RESULT_REFUSED, NULL);
	/* An expired one. */
	assert_int_equal(host_link_find(f->t.db, t, &link), HOST_LINK_VALID);
	link.expires_on = date_add_days(date_today(), -1);
	refused(f, &link, &in, RESULT_REFUSED, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens_are_long_random_and_checked),
		cmocka_unit_test(a_link_is_issued_found_and_renewed),
		cmocka_unit_test(issuing_is_refused_with_nothing_written),
		cmocka_unit_test(links_expire_30_days_after_the_end),
		cmocka_unit_test(revoked_and_unknown_links_are_told_apart),
		cmocka_unit_test(the_view_holds_only_what_was_shared),
		cmocka_unit_test(a_week_is_saved_read_back_and_replaced),
		cmocka_unit_test(feedback_refusals_write_nothing),
	};

	return cmocka_run_group_tests(tests, setup, testworld_teardown);
}
