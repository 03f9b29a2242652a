/*
 * fixtures_cal: companies, internships, plan weeks and calendar links for
 * the tests of the internship's calendars.
 */
#include "fixtures_cal.h"

#include "company.h"
#include "db.h"
#include "form.h"
#include "internship.h"
#include "participant.h"
#include "role.h"
#include "secret.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

struct db *fixture_cal_db(struct server *s)
{
	static bool keyed;
	char key[400];
	struct db *db;

	if (!keyed) {
		assert_int_equal(secret_key_path(s->db, key, sizeof(key)), 0);
		assert_int_equal(secret_init(key), 0);
		keyed = true;
	}
	db = db_open(s->db, DB_WRITER);
	assert_non_null(db);
	return db;
}

struct actor fixture_cal_actor(struct server *s, const char *email)
{
	struct actor a = {0};
	char role[32], id[24];
	int r;

	a.user_id = harness_user_id(s, email);
	assert_true(a.user_id > 0);
	a.organisation_id = harness_sql_int(s,
					    "SELECT organisation_id FROM user "
					    "WHERE id = ?1",
					    fixture_num(a.user_id, id), NULL);
	harness_sql_text(s, role, sizeof(role),
			 "SELECT role FROM user WHERE id = ?1", id, NULL);
	r = role_parse(role);
	assert_true(r >= 0);
	a.role = (enum role)r;
	a.email = email;
	return a;
}

int64_t fixture_cal_company(struct db *w, const struct actor *a,
			    const char *name, const char *cvr,
			    const char *contact_name, int64_t *contact)
{
	struct company_contact_input k = {0};
	struct company_input in = {0};
	struct form_invalid bad = {0};
	static const struct db_sql get = {"SELECT id FROM company_contact "
					  "WHERE company_id = ?1",
					  "i"};
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	k.name = contact_name;
	k.role = "Værkfører";
	k.email = "kontakt@virksomhed.invalid";
	k.phone = "12 34 56 78";
	k.active = 1;
	in.name = name;
	in.cvr = cvr;
	in.address = "Industrivej 7, 8200 Aarhus N";
	in.employees = 20;
	in.cap_statement = 0;
	in.contacts = &k;
	in.ncontacts = 1;
	rc = company_create(w, a, &in, &id, &bad);
	if (rc != RESULT_OK)
		fail_msg("company_create: %d %s", rc, bad.message);
	if (contact) {
		st = DB_BIND(w, &get, DB_INT(id));
		assert_non_null(st);
		assert_int_equal(db_step(w, st), SQLITE_ROW);
		*contact = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return id;
}

int64_t fixture_cal_internship(struct db *w, const struct actor *a,
			       int64_t participant, int64_t company,
			       int64_t contact)
{
	struct internship_input in = {0};
	struct form_invalid bad = {0};
	struct participant p;
	int64_t id = 0;
	int rc;

	assert_int_equal(participant_get(w, a, participant, &p), 0);
	in.company_id = company;
	in.contact_id = contact;
	in.workplace_address = "";
	rc = internship_create(w, a, &p, &in, &id, NULL, &bad);
	if (rc != RESULT_OK)
		fail_msg("internship_create: %d %s", rc, bad.message);
	return id;
}

void fixture_cal_dates(struct server *s, int64_t internship, date_t *start,
		       date_t *end, int *teaching_weekday)
{
	char id[24], text[16];

	fixture_num(internship, id);
	harness_sql_text(s, text, sizeof(text),
			 "SELECT start_on FROM internship WHERE id = ?1", id,
			 NULL);
	assert_int_equal(date_parse_iso(text, start), 0);
	harness_sql_text(s, text, sizeof(text),
			 "SELECT end_on FROM internship WHERE id = ?1", id,
			 NULL);
	assert_int_equal(date_parse_iso(text, end), 0);
	*teaching_weekday = (int)harness_sql_int(
		s, "SELECT teaching_weekday FROM internship WHERE id = ?1", id,
		NULL);
}

void fixture_cal_week(struct server *s, int64_t internship, int week,
		      const int minutes[5], date_t meeting_on, int meeting_min,
		      const char *who)
{
	char id[24], wk[24], monday[16], mins[5][24], on[16], at[24], err[256];
	date_t start, end;
	int weekday, d;

	fixture_cal_dates(s, internship, &start, &end, &weekday);
	date_format_iso(date_add_days(date_monday(start), 7 * (week - 1)),
			monday);
	for (d = 0; d < 5; d++)
		fixture_num(minutes[d], mins[d]);
	if (meeting_on)
		date_format_iso(meeting_on, on);
	fixture_num(meeting_min, at);
	if (harness_sql_exec(
		    s, err, sizeof(err),
		    "INSERT OR REPLACE INTO internship_week (internship_id, "
		    "week, monday, mon, tue, wed, thu, fri, meeting_on, "
		    "meeting_min, meeting_who, updated_at) VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?6, ?7, ?8, nullif(?9, ''), nullif(CAST(?10 AS "
		    "INTEGER), -1), ?11, strftime('%s', 'now'))",
		    fixture_num(internship, id), fixture_num(week, wk), monday,
		    mins[0], mins[1], mins[2], mins[3], mins[4],
		    meeting_on ? on : "", at, who ? who : "", NULL) != 0)
		fail_msg("week: %s", err);
	assert_int_equal(harness_sql_exec(s, NULL, 0,
					  "UPDATE internship SET sequence = "
					  "sequence + 1, updated_at = "
					  "strftime('%s', 'now') WHERE id = ?1",
					  id, NULL),
			 0);
}

void fixture_cal_token(const char *seed, char out[48])
{
	size_t i, n = strlen(seed);

	for (i = 0; i < 43; i++)
		out[i] = seed[i % n];
	out[43] = '\0';
}

void fixture_cal_link(struct server *s, const char *kind, int64_t subject,
		      int64_t owner, const char *tok)
{
	char hex[65], sql[512], subj[24], own[24], err[256];

	assert_int_equal(strlen(tok), 43);
	harness_token_hash_hex(tok, hex);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO calendar_subscription (kind, subject_id, "
		 "owner_id, token_hash, token_enc, created_at) VALUES (?1, ?2, "
		 "nullif(CAST(?3 AS INTEGER), 0), X'%s', X'00', "
		 "strftime('%%s', 'now'))",
		 hex);
	if (harness_sql_exec(s, err, sizeof(err), sql, kind,
			     fixture_num(subject, subj),
			     fixture_num(owner, own), NULL) != 0)
		fail_msg("link: %s", err);
}

long fixture_cal_feed(struct server *s, const char *tok, struct response *r)
{
	struct client *c = client_new(s);
	struct request rq = {0};
	char path[160];
	long status;

	if (tok[0] == '/')
		snprintf(path, sizeof(path), "%s", tok);
	else
		snprintf(path, sizeof(path), "/calendar/%s", tok);
	rq.path = path;
	status = client_send(c, &rq, r);
	client_free(c);
	return status;
}

void fixture_cal_path(const char *https, char *out, size_t len)
{
	const char *p = strstr(https, "/calendar/");

	assert_non_null(p);
	snprintf(out, len, "%s", p);
}
