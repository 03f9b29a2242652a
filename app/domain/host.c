/*
 * host: the host's links (a token's hash to find it, a sealed copy to send
 * it again, never its text in a log), the view a link opens, and the weekly
 * feedback with the days it reports. A link's reads and writes are audited
 * with the host as the actor ("vært: NAME"), who has no user row.
 */
#include "host.h"

#include "actor.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "log.h"
#include "participant.h"
#include "rule.h"
#include "secret.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const host_day_names[HOST_DAY__MAX + 1] = {
	"as_planned", "fewer_hours", "sick", "absent", NULL,
};

const char *const host_day_labels[HOST_DAY__MAX] = {
	"Som planlagt",
	"Færre timer",
	"Syg",
	"Udeblevet uden besked",
};

int host_day_parse(const char *name)
{
	int i;

	for (i = 0; name && host_day_names[i]; i++)
		if (strcmp(host_day_names[i], name) == 0)
			return i;
	return -1;
}

enum host_sql {
	HOST_SQL_FIND,
	HOST_SQL_INTERNSHIP,
	HOST_SQL_STAFF,
	HOST_SQL_CONTACT,
	HOST_SQL_REVOKE_LIVE,
	HOST_SQL_ADD,
	HOST_SQL_REVOKE,
	HOST_SQL_LINKS,
	HOST_SQL_TOKEN,
	HOST_SQL_LIVE,
	HOST_SQL_NAME,
	HOST_SQL_FEEDBACK_PUT,
	HOST_SQL_FEEDBACK_ID,
	HOST_SQL_DAYS_CLEAR,
	HOST_SQL_DAY_ADD,
	HOST_SQL_FEEDBACK,
	HOST_SQL_FEEDBACK_DAYS,
	HOST_SQL_DAYS,
	HOST_SQL__MAX
};

static const struct db_sql host_sql[HOST_SQL__MAX] = {
	[HOST_SQL_FIND] = {"SELECT l.id, l.internship_id, l.contact_id, "
			   "l.created_at, coalesce(l.revoked_at, 0), k.name "
			   "FROM host_link l JOIN company_contact k ON k.id = "
			   "l.contact_id WHERE l.token_hash = ?1",
			   "b"},
	/* What a host may know of the internship: no purpose, tasks or
	 * reasons (they come from the citizen's own words). */
	[HOST_SQL_INTERNSHIP] =
		{"SELECT i.id, i.participant_id, p.cohort_id, i.company_id, "
		 "coalesce(i.contact_id, 0), coalesce(i.previous_id, 0), "
		 "co.name, co.cvr, co.address, coalesce(k.name, ''), "
		 "coalesce(k.role, ''), coalesce(k.email, ''), "
		 "coalesce(k.phone, ''), i.workplace_address, i.start_on, "
		 "i.end_on, i.status, coalesce(i.ended_by, ''), "
		 "i.teaching_weekday, i.sequence, i.created_at, i.updated_at, "
		 "coalesce(i.created_by, 0) FROM internship i JOIN "
		 "participant p ON p.id = i.participant_id JOIN company co ON "
		 "co.id = i.company_id LEFT JOIN company_contact k ON k.id = "
		 "i.contact_id WHERE i.id = ?1",
		 "i"},
	/* Who a host contacts: who made the internship while still active,
	 * else the cohort's consultant, else its project leader. */
	[HOST_SQL_STAFF] =
		{"SELECT name, email, org FROM (SELECT 0 AS k, u.name, "
		 "u.email, o.name AS org FROM user u JOIN organisation o ON "
		 "o.id = u.organisation_id WHERE u.id = ?1 AND u.active = 1 "
		 "UNION ALL SELECT CASE s.role WHEN 'consultant' THEN 1 ELSE 2 "
		 "END, u.name, u.email, o.name FROM cohort_staff s JOIN user u "
		 "ON u.id = s.user_id JOIN organisation o ON o.id = "
		 "u.organisation_id WHERE s.cohort_id = ?2 AND s.role IN "
		 "('consultant', 'project_leader') AND u.active = 1) ORDER BY "
		 "k, name LIMIT 1",
		 "ii"},
	[HOST_SQL_CONTACT] = {"SELECT active FROM company_contact WHERE id = "
			      "?1 AND company_id = ?2",
			      "ii"},
	[HOST_SQL_REVOKE_LIVE] = {"UPDATE host_link SET revoked_at = ?3, "
				  "revoked_by = ?4 WHERE internship_id = ?1 "
				  "AND contact_id = ?2 AND revoked_at IS NULL",
				  "iiiI"},
	[HOST_SQL_ADD] = {"INSERT INTO host_link (internship_id, contact_id, "
			  "token_hash, token_enc, created_at, created_by) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			  "iibsiI"},
	[HOST_SQL_REVOKE] = {"UPDATE host_link SET revoked_at = ?3, "
			     "revoked_by = ?4 WHERE id = ?1 AND internship_id "
			     "= ?2 AND revoked_at IS NULL",
			     "iiiI"},
	[HOST_SQL_LINKS] = {"SELECT l.id, l.contact_id, k.name, k.email, "
			    "coalesce(u.name, ''), l.created_at, "
			    "coalesce(l.revoked_at, 0) FROM host_link l JOIN "
			    "company_contact k ON k.id = l.contact_id LEFT "
			    "JOIN user u ON u.id = l.created_by WHERE "
			    "l.internship_id = ?1 ORDER BY l.id DESC LIMIT 200",
			    "i"},
	[HOST_SQL_TOKEN] = {"SELECT token_enc FROM host_link WHERE "
			    "internship_id = ?1 AND contact_id = ?2 AND "
			    "revoked_at IS NULL",
			    "ii"},
	[HOST_SQL_LIVE] = {"SELECT count(*) FROM host_link WHERE id = ?1 AND "
			   "revoked_at IS NULL",
			   "i"},
	[HOST_SQL_NAME] = {"SELECT name FROM participant WHERE id = ?1", "i"},
	[HOST_SQL_FEEDBACK_PUT] =
		{"INSERT INTO host_feedback (internship_id, week, contact_id, "
		 "link_id, rating, text_enc, alarms_enc, alarm, call_me, "
		 "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		 "?8, ?9, ?10, ?10) ON CONFLICT (internship_id, week) DO "
		 "UPDATE SET contact_id = excluded.contact_id, link_id = "
		 "excluded.link_id, rating = excluded.rating, text_enc = "
		 "excluded.text_enc, alarms_enc = excluded.alarms_enc, alarm = "
		 "excluded.alarm, call_me = excluded.call_me, updated_at = "
		 "excluded.updated_at",
		 "iiiiISSiii"},
	[HOST_SQL_FEEDBACK_ID] = {"SELECT id FROM host_feedback WHERE "
				  "internship_id = ?1 AND week = ?2",
				  "ii"},
	[HOST_SQL_DAYS_CLEAR] = {"DELETE FROM host_day WHERE internship_id = "
				 "?1 AND (feedback_id = ?2 OR date BETWEEN ?3 "
				 "AND ?4)",
				 "iitt"},
	[HOST_SQL_DAY_ADD] = {"INSERT INTO host_day (internship_id, date, "
			      "status, planned_min, worked_min, feedback_id) "
			      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			      "ittiii"},
	[HOST_SQL_FEEDBACK] =
		{"SELECT f.id, f.internship_id, f.contact_id, f.link_id, "
		 "f.week, k.name, coalesce(f.rating, 0), f.text_enc, "
		 "f.alarms_enc, f.alarm, f.call_me, f.created_at, "
		 "f.updated_at, i.start_on, i.participant_id FROM "
		 "host_feedback f JOIN internship i ON i.id = f.internship_id "
		 "JOIN company_contact k ON k.id = f.contact_id WHERE "
		 "f.internship_id = ?1 ORDER BY f.week",
		 "i"},
	[HOST_SQL_FEEDBACK_DAYS] = {"SELECT date, status, planned_min, "
				    "worked_min FROM host_day WHERE "
				    "feedback_id = ?1 ORDER BY date LIMIT 5",
				    "i"},
	[HOST_SQL_DAYS] = {"SELECT d.internship_id, i.participant_id, d.date, "
			   "d.status, d.planned_min, d.worked_min FROM "
			   "host_day d JOIN internship i ON i.id = "
			   "d.internship_id WHERE i.participant_id = ?1 AND "
			   "d.date BETWEEN ?2 AND ?3 ORDER BY d.date, "
			   "d.internship_id",
			   "itt"},
};

static int host_fail(struct form_invalid *bad, int result, const char *field,
		     const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return result;
}

/* The host as an actor: no user, named "vært: NAME" in the audit. */
static struct actor host_actor(const struct host_link *link, const char *client)
{
	return (struct actor){0, 0, ROLE__MAX, link->label, client};
}

/* An audit entry of action by the host of link about its participant. */
static struct audit_entry host_audit(const struct actor *host,
				     enum audit_action action,
				     const struct host_link *link,
				     char subject[48], const char *detail)
{
	struct audit_entry e = audit_by(host, action);

	/* The label names no one: the audit page is the administrator's. */
	snprintf(subject, 48, "deltager %lld", (long long)link->participant_id);
	e.subject_type = "participant";
	e.subject_id = link->participant_id;
	e.subject = subject;
	e.detail = detail;
	return e;
}

/* Links. */

int host_link_expiry(struct db *db, date_t end, date_t *last)
{
	double days = 30;
	int rc = rule_value(db, "host_link.days_after_end", end, &days);

	if (rc < 0)
		return -1;
	*last = date_add_days(end, (int)days);
	return 0;
}

#define HOST_COPY(dst, col) snprintf(dst, sizeof(dst), "%s", db_text(st, col))

/* The internship of a link as a host may see it, and who to contact, into
 * link. 0, 1 gone, -1. */
static int host_link_internship(struct db *db, struct host_link *link)
{
	sqlite3_stmt *st = DB_BIND(db, &host_sql[HOST_SQL_INTERNSHIP],
				   DB_INT(link->internship_id));
	struct internship *i = &link->internship;
	int64_t creator = 0;
	int rc, k;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		memset(i, 0, sizeof(*i));
		i->id = sqlite3_column_int64(st, 0);
		i->participant_id = sqlite3_column_int64(st, 1);
		i->cohort_id = sqlite3_column_int64(st, 2);
		i->company_id = sqlite3_column_int64(st, 3);
		i->contact_id = sqlite3_column_int64(st, 4);
		i->previous_id = sqlite3_column_int64(st, 5);
		HOST_COPY(i->company, 6);
		HOST_COPY(i->company_cvr, 7);
		HOST_COPY(i->company_address, 8);
		HOST_COPY(i->contact, 9);
		HOST_COPY(i->contact_role, 10);
		HOST_COPY(i->contact_email, 11);
		HOST_COPY(i->contact_phone, 12);
		HOST_COPY(i->workplace_address, 13);
		i->start_on = db_date(st, 14);
		i->end_on = db_date(st, 15);
		k = internship_status_parse(db_text(st, 16));
		i->status = k < 0 ? INTERNSHIP_PLANNED : k;
		i->ended_by = -1;
		for (k = 0; internship_ender_names[k]; k++)
			if (strcmp(internship_ender_names[k],
				   db_text(st, 17)) == 0)
				i->ended_by = k;
		i->teaching_weekday = sqlite3_column_int(st, 18);
		i->sequence = sqlite3_column_int(st, 19);
		i->created_at = sqlite3_column_int64(st, 20);
		i->updated_at = sqlite3_column_int64(st, 21);
		creator = sqlite3_column_int64(st, 22);
		i->full = false;
		link->participant_id = i->participant_id;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	st = DB_BIND(db, &host_sql[HOST_SQL_STAFF], DB_INT(creator),
		     DB_INT(i->cohort_id));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		HOST_COPY(link->staff, 0);
		HOST_COPY(link->staff_email, 1);
		HOST_COPY(link->staff_organisation, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return host_link_expiry(db, i->end_on, &link->expires_on) < 0 ? -1 : 0;
}

int host_link_find(struct db *db, const char *token, struct host_link *link)
{
	unsigned char hash[TOKEN_HASH_LEN];
	sqlite3_stmt *st;
	int rc;

	memset(link, 0, sizeof(*link));
	if (!token_well_formed(token))
		return HOST_LINK_UNKNOWN;
	token_hash(token, hash);
	st = DB_BIND(db, &host_sql[HOST_SQL_FIND], DB_BLOB(hash, sizeof(hash)));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		link->id = sqlite3_column_int64(st, 0);
		link->internship_id = sqlite3_column_int64(st, 1);
		link->contact_id = sqlite3_column_int64(st, 2);
		link->created_at = sqlite3_column_int64(st, 3);
		link->revoked_at = sqlite3_column_int64(st, 4);
		HOST_COPY(link->contact, 5);
		snprintf(link->label, sizeof(link->label), "vært: %s",
			 link->contact);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return HOST_LINK_UNKNOWN;
	if (rc != SQLITE_ROW)
		return -1;
	rc = host_link_internship(db, link);
	if (rc != 0)
		return rc < 0 ? -1 : HOST_LINK_UNKNOWN;
	if (link->revoked_at)
		return HOST_LINK_REVOKED;
	return date_today() > link->expires_on ? HOST_LINK_EXPIRED
					       : HOST_LINK_VALID;
}

int host_link_issue(struct db *w, const struct actor *a,
		    const struct participant *p, const struct internship *i,
		    int64_t contact_id, char token[TOKEN_SIZE],
		    struct form_invalid *bad)
{
	unsigned char hash[TOKEN_HASH_LEN];
	char detail[64];
	int64_t active = 0, now = (int64_t)time(NULL);
	date_t last;
	int rc;

	token[0] = '\0';
	rc = internship_check(a, p, bad);
	if (rc != RESULT_OK)
		return rc;
	if (host_link_expiry(w, i->end_on, &last) < 0)
		return RESULT_FAILED;
	if (date_today() > last)
		return host_fail(bad, RESULT_REFUSED, NULL,
				 "Praktikken sluttede for mere end 30 dage "
				 "siden. Der kan ikke sendes et nyt link.");
	rc = db_scalar(w,
		       DB_BIND(w, &host_sql[HOST_SQL_CONTACT],
			       DB_INT(contact_id), DB_INT(i->company_id)),
		       &active);
	if (rc < 0)
		return RESULT_FAILED;
	if (rc == 1 || active != 1)
		return host_fail(bad, RESULT_INVALID, "contact_id",
				 "Vælg en aktiv kontaktperson hos "
				 "virksomheden.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	token_new(token);
	token_hash(token, hash);
	snprintf(detail, sizeof(detail), "praktik %lld, kontaktperson %lld",
		 (long long)i->id, (long long)contact_id);
	rc = DB_RUN(w, &host_sql[HOST_SQL_REVOKE_LIVE], DB_INT(i->id),
		    DB_INT(contact_id), DB_INT(now),
		    DB_ID(a->user_id)) == DB_OK &&
			     DB_RUN(w, &host_sql[HOST_SQL_ADD], DB_INT(i->id),
				    DB_INT(contact_id),
				    DB_BLOB(hash, sizeof(hash)),
				    DB_SEALED(token), DB_INT(now),
				    DB_ID(a->user_id)) == DB_OK &&
			     participant_audit_write(
				     w, a, AUDIT_PARTICIPANT_HOST_LINK_ISSUE, p,
				     NULL, detail) == 0
		     ? 0
		     : -1;
	rc = db_finish(w, rc);
	if (rc != 0) {
		memset(token, 0, TOKEN_SIZE);
		return RESULT_FAILED;
	}
	return RESULT_OK;
}

int host_link_revoke(struct db *w, const struct actor *a,
		     const struct participant *p, const struct internship *i,
		     int64_t link_id, struct form_invalid *bad)
{
	char detail[64];
	int rc = internship_check(a, p, bad);

	if (rc != RESULT_OK)
		return rc;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	snprintf(detail, sizeof(detail), "praktik %lld, link %lld",
		 (long long)i->id, (long long)link_id);
	rc = DB_RUN(w, &host_sql[HOST_SQL_REVOKE], DB_INT(link_id),
		    DB_INT(i->id), DB_INT((int64_t)time(NULL)),
		    DB_ID(a->user_id)) == DB_OK
		     ? 0
		     : -1;
	if (rc == 0 && db_changes(w) == 0)
		rc = RESULT_NOT_FOUND;
	if (rc == 0 &&
	    participant_audit_write(w, a, AUDIT_PARTICIPANT_HOST_LINK_REVOKE, p,
				    NULL, detail) < 0)
		rc = -1;
	rc = db_finish(w, rc);
	if (rc == RESULT_NOT_FOUND)
		host_fail(bad, rc, NULL,
			  "Linket findes ikke eller er allerede "
			  "lukket.");
	return rc;
}

int host_links_each(struct db *db, const struct internship *i, host_link_fn fn,
		    void *ctx)
{
	sqlite3_stmt *st;
	struct host_link_row l;
	date_t last, today = date_today();
	int rc;

	if (host_link_expiry(db, i->end_on, &last) < 0)
		return -1;
	st = DB_BIND(db, &host_sql[HOST_SQL_LINKS], DB_INT(i->id));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(&l, 0, sizeof(l));
		l.id = sqlite3_column_int64(st, 0);
		l.contact_id = sqlite3_column_int64(st, 1);
		l.contact = db_text(st, 2);
		l.contact_email = db_text(st, 3);
		l.created_by = db_text(st, 4);
		l.created_at = sqlite3_column_int64(st, 5);
		l.revoked_at = sqlite3_column_int64(st, 6);
		l.expires_on = last;
		l.state = l.revoked_at	 ? HOST_LINK_REVOKED
			  : today > last ? HOST_LINK_EXPIRED
					 : HOST_LINK_VALID;
		fn(ctx, &l);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int host_link_token(struct db *db, int64_t internship_id, int64_t contact_id,
		    char token[TOKEN_SIZE])
{
	sqlite3_stmt *st = DB_BIND(db, &host_sql[HOST_SQL_TOKEN],
				   DB_INT(internship_id), DB_INT(contact_id));
	char *plain = NULL;
	int rc, out = -1;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_DONE) {
		out = 1;
	} else if (rc == SQLITE_ROW) {
		plain = secret_column(st, 0);
		if (plain && strlen(plain) == TOKEN_LEN) {
			memcpy(token, plain, TOKEN_SIZE);
			out = 0;
		} else {
			log_error("host: a sealed token does not open");
		}
		secret_free(plain);
	}
	sqlite3_reset(st);
	return out;
}

int host_link_url(const char *token, char url[HOST_URL_MAX])
{
	int n = snprintf(url, HOST_URL_MAX, "%s/host/%s",
			 config_get()->base_url, token);

	return n < 0 || n >= HOST_URL_MAX ? -1 : 0;
}

/* The host's view. */

void host_view_free(struct host_view *v)
{
	size_t k;

	stepup_plan_free(&v->plan);
	agreement_host_view_free(&v->shared);
	for (k = 0; k < v->nalarms; k++)
		free(v->alarms[k]);
	v->nalarms = 0;
}

/* The alarm signals of a shared answer, one per line (a list's "- " or
 * "* " dropped, blank lines skipped), into alarms. The count, or -1. */
static int host_alarms_split(const char *answer, char *alarms[HOST_ALARMS_MAX])
{
	const char *s = answer, *end;
	size_t n = 0, len;

	while (s && *s && n < HOST_ALARMS_MAX) {
		end = strchr(s, '\n');
		len = end ? (size_t)(end - s) : strlen(s);
		while (len &&
		       (*s == ' ' || *s == '\t' || *s == '-' || *s == '*')) {
			s++;
			len--;
		}
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\r' ||
			       s[len - 1] == '\t'))
			len--;
		if (len) {
			alarms[n] = strndup(s, len);
			if (alarms[n] == NULL)
				break;
			n++;
		}
		s = end ? end + 1 : NULL;
	}
	if (s && *s && n < HOST_ALARMS_MAX) {
		while (n)
			free(alarms[--n]);
		return -1;
	}
	return (int)n;
}

/* The shared items and alarm signals of participant_id into v. 0 or -1. */
static int host_shared_load(struct db *db, int64_t participant_id,
			    struct host_view *v)
{
	const char *signals;
	int n;

	if (agreement_host_view(db, participant_id, &v->shared) < 0)
		return -1;
	signals = v->shared.answers[AGREEMENT_ALARM_SIGNALS];
	if (signals == NULL)
		return 0;
	n = host_alarms_split(signals, v->alarms);
	if (n < 0)
		return -1;
	v->nalarms = (size_t)n;
	return 0;
}

int host_view_load(struct db *db, const struct host_link *link,
		   struct host_view *v)
{
	sqlite3_stmt *st;
	int rc;

	memset(v, 0, sizeof(*v));
	st = DB_BIND(db, &host_sql[HOST_SQL_NAME],
		     DB_INT(link->participant_id));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		snprintf(v->intern, sizeof(v->intern), "%s", db_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (stepup_plan_load(db, link->internship_id, &v->plan) < 0 ||
	    host_shared_load(db, link->participant_id, v) < 0) {
		host_view_free(v);
		return -1;
	}
	return 0;
}

int host_view_audit(const struct host_link *link, const char *detail,
		    const char *client)
{
	struct actor host = host_actor(link, client);
	struct audit_entry e;
	char subject[48];

	e = host_audit(&host, AUDIT_PARTICIPANT_HOST_VIEW, link, subject,
		       detail);
	return audit_write_reads(&e, 1);
}

/* Feedback. */

/* Is the link still good for writing today? */
static bool host_link_writable(struct db *w, const struct host_link *link,
			       date_t today)
{
	int64_t live = 0;

	if (link->revoked_at || today > link->expires_on)
		return false;
	return db_scalar(w,
			 DB_BIND(w, &host_sql[HOST_SQL_LIVE], DB_INT(link->id)),
			 &live) == 0 &&
	       live == 1;
}

/* The name of a day's field: "day_YYYY-MM-DD". */
static const char *host_day_field(date_t d, char out[16])
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(d, iso);
	snprintf(out, 16, "day_%s", iso);
	return out;
}

/* The checked days of in into planned[] (the plan's minutes of each) and
 * worked[]. RESULT_OK or RESULT_INVALID with bad (field in fields). */
static int
host_days_check(const struct internship *i, const struct stepup_plan *plan,
		const struct host_feedback_input *in, date_t monday,
		date_t today, int planned[STEPUP_DAYS], int worked[STEPUP_DAYS],
		char fields[STEPUP_DAYS][16], struct form_invalid *bad)
{
	size_t k, j;
	date_t d;

	if (in->ndays > STEPUP_DAYS)
		return host_fail(bad, RESULT_INVALID, "week",
				 "Der er for mange dage i ugen.");
	for (k = 0; k < in->ndays; k++) {
		d = in->days[k].date;
		host_day_field(d, fields[k]);
		for (j = 0; j < k; j++)
			if (in->days[j].date == d)
				return host_fail(
					bad, RESULT_INVALID, fields[k],
					"Samme dag er meldt to gange.");
		planned[k] = stepup_day_minutes(plan, d);
		if (d < monday || d > date_add_days(monday, 6) ||
		    d < i->start_on || d > i->end_on || planned[k] <= 0)
			return host_fail(bad, RESULT_INVALID, fields[k],
					 "Dagen er ikke en planlagt "
					 "praktikdag i ugen.");
		if (d > today)
			return host_fail(bad, RESULT_INVALID, fields[k],
					 "Dagen er ikke kommet endnu.");
		switch (in->days[k].status) {
		case HOST_DAY_AS_PLANNED:
			worked[k] = planned[k];
			break;
		case HOST_DAY_FEWER_HOURS:
			worked[k] = in->days[k].worked_min;
			if (worked[k] <= 0 || worked[k] >= planned[k])
				return host_fail(bad, RESULT_INVALID, fields[k],
						 "Skriv hvor mange timer, "
						 "færre end planlagt og mere "
						 "end 0.");
			break;
		case HOST_DAY_SICK:
		case HOST_DAY_ABSENT:
			worked[k] = 0;
			break;
		default:
			return host_fail(bad, RESULT_INVALID, fields[k],
					 "Vælg hvordan dagen gik.");
		}
	}
	return RESULT_OK;
}

/* The week's checks that need no database. RESULT_OK or RESULT_INVALID. */
static int host_week_check(const struct internship *i,
			   const struct host_feedback_input *in, date_t today,
			   date_t *monday, struct form_invalid *bad)
{
	if (in->week < 1 ||
	    in->week > internship_weeks(i->start_on, i->end_on) ||
	    in->week > INTERNSHIP_WEEKS_MAX)
		return host_fail(bad, RESULT_INVALID, "week",
				 "Praktikken har ikke den uge.");
	*monday = date_add_days(date_monday(i->start_on), 7 * (in->week - 1));
	if (*monday > today || (in->week == 1 && i->start_on > today))
		return host_fail(bad, RESULT_INVALID, "week",
				 "Ugen er ikke begyndt endnu. Du kan melde, "
				 "når ugen er i gang.");
	if (in->rating < 1 || in->rating > 5)
		return host_fail(bad, RESULT_INVALID, "rating",
				 "Vælg hvordan ugen gik, fra 1 til 5.");
	if (in->text && form_utf8_length(in->text) > HOST_TEXT_MAX)
		return host_fail(bad, RESULT_INVALID, "text",
				 "Skriv højst 2000 tegn om ugen.");
	if (in->text && !form_utf8_valid(in->text, strlen(in->text)))
		return host_fail(bad, RESULT_INVALID, "text",
				 "Teksten kan ikke læses.");
	return RESULT_OK;
}

/* The alarm signals seen, as the sealed JSON list of their texts into
 * *json (NULL when none). RESULT_OK, RESULT_INVALID, RESULT_FAILED. */
static int host_alarms_json(const struct host_view *v, unsigned seen,
			    char **json, struct form_invalid *bad)
{
	cJSON *list;
	size_t k;

	*json = NULL;
	if (seen == 0)
		return RESULT_OK;
	if (v->nalarms < 32 && (seen >> v->nalarms) != 0)
		return host_fail(bad, RESULT_INVALID, "alarms",
				 "Vælg kun blandt de alarmklokker, borgeren "
				 "har delt.");
	list = cJSON_CreateArray();
	for (k = 0; list && k < v->nalarms; k++)
		if ((seen & (1u << k)) &&
		    !cJSON_AddItemToArray(list,
					  cJSON_CreateString(v->alarms[k])))
			break;
	*json = list ? cJSON_PrintUnformatted(list) : NULL;
	cJSON_Delete(list);
	return *json ? RESULT_OK : RESULT_FAILED;
}

/* The writes of a checked week in w's open transaction. 0 or -1. */
static int host_feedback_write(struct db *w, const struct host_link *link,
			       const struct host_feedback_input *in,
			       date_t monday, const char *alarms,
			       const int planned[STEPUP_DAYS],
			       const int worked[STEPUP_DAYS], int64_t *id)
{
	char from[DATE_ISO_LEN + 1], to[DATE_ISO_LEN + 1];
	char day[DATE_ISO_LEN + 1];
	int64_t now = (int64_t)time(NULL);
	size_t k;

	date_format_iso(monday, from);
	date_format_iso(date_add_days(monday, 6), to);
	if (DB_RUN(w, &host_sql[HOST_SQL_FEEDBACK_PUT],
		   DB_INT(link->internship_id), DB_INT(in->week),
		   DB_INT(link->contact_id), DB_INT(link->id),
		   DB_INT(in->rating), DB_SEALED(in->text), DB_SEALED(alarms),
		   DB_INT(alarms != NULL), DB_INT(in->call_me),
		   DB_INT(now)) != DB_OK ||
	    db_scalar(w,
		      DB_BIND(w, &host_sql[HOST_SQL_FEEDBACK_ID],
			      DB_INT(link->internship_id), DB_INT(in->week)),
		      id) != 0 ||
	    DB_RUN(w, &host_sql[HOST_SQL_DAYS_CLEAR],
		   DB_INT(link->internship_id), DB_INT(*id), DB_TEXT(from),
		   DB_TEXT(to)) != DB_OK)
		return -1;
	for (k = 0; k < in->ndays; k++) {
		date_format_iso(in->days[k].date, day);
		if (DB_RUN(w, &host_sql[HOST_SQL_DAY_ADD],
			   DB_INT(link->internship_id), DB_TEXT(day),
			   DB_TEXT(host_day_names[in->days[k].status]),
			   DB_INT(planned[k]), DB_INT(worked[k]),
			   DB_INT(*id)) != DB_OK)
			return -1;
	}
	return 0;
}

int host_feedback_save(struct db *w, const struct host_link *link,
		       const struct host_feedback_input *in, date_t today,
		       const char *client, int64_t *id,
		       struct form_invalid *bad)
{
	const struct internship *i = &link->internship;
	struct actor host = host_actor(link, client);
	int planned[STEPUP_DAYS] = {0}, worked[STEPUP_DAYS] = {0};
	char fields[STEPUP_DAYS][16], subject[48], detail[32];
	struct host_view v = {0};
	struct audit_entry e;
	char *alarms = NULL;
	int64_t saved = 0;
	date_t monday = 0;
	int rc;

	memset(bad, 0, sizeof(*bad));
	rc = host_week_check(i, in, today, &monday, bad);
	if (rc != RESULT_OK)
		return rc;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	if (!host_link_writable(w, link, today)) {
		rc = host_fail(bad, RESULT_REFUSED, NULL,
			       "Linket er ikke længere gyldigt, så der kan "
			       "ikke skrives noget. Kontakt "
			       "virksomhedskonsulenten for et nyt link.");
		goto out;
	}
	rc = RESULT_FAILED;
	if (stepup_plan_load(w, i->id, &v.plan) < 0 ||
	    host_shared_load(w, i->participant_id, &v) < 0)
		goto out;
	rc = host_days_check(i, &v.plan, in, monday, today, planned, worked,
			     fields, bad);
	if (rc == RESULT_OK)
		rc = host_alarms_json(&v, in->alarms, &alarms, bad);
	if (rc != RESULT_OK)
		goto out;
	rc = host_feedback_write(w, link, in, monday, alarms, planned, worked,
				 &saved);
	if (rc == 0) {
		snprintf(detail, sizeof(detail), "uge %d", in->week);
		e = host_audit(&host, AUDIT_PARTICIPANT_HOST_FEEDBACK, link,
			       subject, detail);
		rc = audit_write(w, &e) < 0 ? -1 : 0;
	}
out:
	free(alarms);
	host_view_free(&v);
	rc = db_finish(w, rc);
	if (rc == RESULT_OK && id)
		*id = saved;
	return rc;
}

/* Reading feedback. */

/* The sealed JSON list of alarm signals of column col into f (the texts
 * kept in *o). 0 or -1. */
static int host_alarms_open(sqlite3_stmt *st, int col, cJSON **o,
			    struct host_feedback_row *f)
{
	char *text = secret_column(st, col);
	const cJSON *j;

	*o = NULL;
	if (text == NULL)
		return -1;
	if (*text)
		*o = cJSON_Parse(text);
	secret_free(text);
	cJSON_ArrayForEach(j, *o)
	{
		if (cJSON_IsString(j) && f->nalarms < HOST_ALARMS_MAX)
			f->alarms[f->nalarms++] = j->valuestring;
	}
	return 0;
}

/* The days of feedback f into it. 0 or -1. */
static int host_feedback_days(struct db *db, struct host_feedback_row *f,
			      int64_t participant_id)
{
	sqlite3_stmt *st = DB_BIND(db, &host_sql[HOST_SQL_FEEDBACK_DAYS],
				   DB_INT(f->id));
	struct host_day_row *d;
	int rc, s;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW && f->ndays < STEPUP_DAYS) {
		d = &f->days[f->ndays++];
		d->internship_id = f->internship_id;
		d->participant_id = participant_id;
		d->date = db_date(st, 0);
		s = host_day_parse(db_text(st, 1));
		d->status = s < 0 ? HOST_DAY_AS_PLANNED : s;
		d->planned_min = sqlite3_column_int(st, 2);
		d->worked_min = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int host_feedback_each(struct db *db, int64_t internship_id,
		       host_feedback_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &host_sql[HOST_SQL_FEEDBACK],
				   DB_INT(internship_id));
	struct host_feedback_row f;
	cJSON *alarms = NULL;
	char *text = NULL;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(&f, 0, sizeof(f));
		f.id = sqlite3_column_int64(st, 0);
		f.internship_id = sqlite3_column_int64(st, 1);
		f.contact_id = sqlite3_column_int64(st, 2);
		f.link_id = sqlite3_column_int64(st, 3);
		f.week = sqlite3_column_int(st, 4);
		f.contact = db_text(st, 5);
		f.rating = sqlite3_column_int(st, 6);
		text = secret_column(st, 7);
		f.text = text ? text : "";
		f.alarm = sqlite3_column_int(st, 9) == 1;
		f.call_me = sqlite3_column_int(st, 10) == 1;
		f.created_at = sqlite3_column_int64(st, 11);
		f.updated_at = sqlite3_column_int64(st, 12);
		f.monday = date_add_days(date_monday(db_date(st, 13)),
					 7 * (f.week - 1));
		if (text == NULL || host_alarms_open(st, 8, &alarms, &f) < 0 ||
		    host_feedback_days(db, &f, sqlite3_column_int64(st, 14)) <
			    0) {
			rc = SQLITE_ERROR;
			break;
		}
		fn(ctx, &f);
		cJSON_Delete(alarms);
		secret_free(text);
		alarms = NULL;
		text = NULL;
	}
	cJSON_Delete(alarms);
	secret_free(text);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int host_feedback_audit_read(const struct actor *a, const struct internship *i,
			     const char *detail)
{
	struct participant p;

	memset(&p, 0, sizeof(p));
	p.id = i->participant_id;
	return participant_audit_read(a, AUDIT_PARTICIPANT_HOST_FEEDBACK_READ,
				      &p, NULL, detail);
}

int host_days_each(struct db *db, int64_t participant_id, date_t from,
		   date_t to, host_day_fn fn, void *ctx)
{
	char a[DATE_ISO_LEN + 1], b[DATE_ISO_LEN + 1];
	struct host_day_row d;
	sqlite3_stmt *st;
	int rc, s;

	date_format_iso(from, a);
	date_format_iso(to, b);
	st = DB_BIND(db, &host_sql[HOST_SQL_DAYS], DB_INT(participant_id),
		     DB_TEXT(a), DB_TEXT(b));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof(d));
		d.internship_id = sqlite3_column_int64(st, 0);
		d.participant_id = sqlite3_column_int64(st, 1);
		d.date = db_date(st, 2);
		s = host_day_parse(db_text(st, 3));
		d.status = s < 0 ? HOST_DAY_AS_PLANNED : s;
		d.planned_min = sqlite3_column_int(st, 4);
		d.worked_min = sqlite3_column_int(st, 5);
		fn(ctx, &d);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
