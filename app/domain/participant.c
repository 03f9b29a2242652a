/*
 * participant: the citizen's record from referral to outcome. Who sees
 * what is decided once, in SQL (PARTICIPANT_ACCESS), and every read,
 * search and change is audited. CPR numbers and health fields are sealed
 * with app/secret.h before they reach the database.
 */
#include "participant.h"

#include "aftercare.h"
#include "agreement.h"
#include "attendance.h"
#include "attendance_stats.h"
#include "audit.h"
#include "cpr.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "secret.h"
#include "subscription.h"
#include "talk.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const participant_status_names[PARTICIPANT_STATUS__MAX + 1] = {
	"referred", "admitted",    "waiting",     "not_admitted", "started",
	"re_referred", "dropped_out", "completed", NULL,
};

static const char *const participant_status_labels[PARTICIPANT_STATUS__MAX] = {
	"Henvist",     "Optaget",         "På venteliste", "Ikke optaget",
	"Startet",     "Tilbagevisiteret", "Stoppet",       "Gennemført",
};

const char *participant_status_label(enum participant_status s)
{
	return (unsigned)s < PARTICIPANT_STATUS__MAX ? participant_status_labels[s]
						      : "";
}

int participant_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < PARTICIPANT_STATUS__MAX; i++)
		if (strcmp(name, participant_status_names[i]) == 0)
			return i;
	return -1;
}

#define PS(x) (1u << PARTICIPANT_##x)

/* Where each status may go. Visitation decides for referred and waiting
 * citizens; the rest are the course's own steps. Not admitted, re-referred,
 * dropped out and completed are final: a new course is a new referral. */
static const unsigned participant_next[PARTICIPANT_STATUS__MAX] = {
	[PARTICIPANT_REFERRED] = PS(ADMITTED) | PS(WAITING) | PS(NOT_ADMITTED),
	[PARTICIPANT_WAITING] = PS(ADMITTED) | PS(NOT_ADMITTED) |
				PS(RE_REFERRED),
	[PARTICIPANT_ADMITTED] = PS(STARTED) | PS(RE_REFERRED) |
				 PS(DROPPED_OUT),
	[PARTICIPANT_STARTED] = PS(COMPLETED) | PS(RE_REFERRED) |
				PS(DROPPED_OUT),
};

bool participant_transition_allowed(enum participant_status from,
				    enum participant_status to)
{
	if ((unsigned)from >= PARTICIPANT_STATUS__MAX ||
	    (unsigned)to >= PARTICIPANT_STATUS__MAX)
		return false;
	return (participant_next[from] & (1u << to)) != 0;
}

/* Statuses that hold a place on the cohort. */
#define PARTICIPANT_PLACED "('admitted', 'started', 'completed')"

static const char *const participant_barrier_names[] = {
	"adhd", "anxiety", "depression", "other", NULL,
};
static const char *const participant_barrier_labels[] = {
	"ADHD", "Angst", "Depression", "Andet",
};
static const char *const participant_substance_names[] = {
	"none", "in_treatment", "not_in_treatment", NULL,
};
static const char *const participant_substance_labels[] = {
	"Intet misbrug",
	"Misbrug, i behandling",
	"Misbrug, ikke i behandling",
};
static const char *const participant_dialogue_names[] = {
	"citizen", "instructor", "caseworker", "host", NULL,
};
static const char *const participant_dialogue_labels[] = {
	"Borgeren", "Underviseren", "Sagsbehandleren", "Praktikværten",
};
static const char *const participant_outcome_kinds[] = {
	"job", "education", "extended_internship", "other", NULL,
};
static const char *const participant_outcome_labels[] = {
	"Job", "Uddannelse", "Forlænget i praktik", "Andet",
};
static const char *const participant_other_kinds[] = {
	"upskilling", "clarification", "none", NULL,
};
static const char *const participant_other_labels[] = {
	"Opkvalificerende forløb", "Afklaring", "Ingen videre planer",
};
static const char *const participant_timings[] = {
	"end", "six_months", NULL,
};
static const char *const participant_timing_labels[] = {
	"Ved forløbets afslutning", "6 måneder efter",
};
static const char *const participant_decisions[] = {
	"admitted", "waiting", "not_admitted", NULL,
};

/* The label of name in names[] (NULL-terminated), or "". */
static const char *participant_label(const char *const *names,
				     const char *const *labels, const char *name)
{
	size_t i;

	for (i = 0; name && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return labels[i];
	return "";
}

/*
 * The viewer's access to p in cohort c, as SQL: ?1 user, ?2 organisation,
 * ?3 role (cohort_bind_viewer). Project leaders of the cohort's job centre
 * or provider (or on its staff) and the citizen's own caseworker see all;
 * the cohort's instructors the health fields; consultants of the cohort's
 * organisations or staff the work; a mentor their own mentees' contact.
 */
#define PARTICIPANT_ACCESS                                                    \
	"CASE WHEN ?3 = 'project_leader' AND (?2 IN (c.job_centre_id, "      \
	"c.provider_id) OR EXISTS (SELECT 1 FROM cohort_staff s WHERE "      \
	"s.cohort_id = c.id AND s.user_id = ?1 AND s.role = "                \
	"'project_leader')) THEN 4 "                                         \
	"WHEN ?3 = 'caseworker' AND p.caseworker_id = ?1 THEN 4 "           \
	"WHEN ?3 = 'instructor' AND EXISTS (SELECT 1 FROM cohort_staff s "   \
	"WHERE s.cohort_id = c.id AND s.user_id = ?1 AND s.role = "          \
	"'instructor') THEN 3 "                                              \
	"WHEN ?3 = 'consultant' AND (?2 IN (c.job_centre_id, c.provider_id) " \
	"OR EXISTS (SELECT 1 FROM cohort_staff s WHERE s.cohort_id = c.id "  \
	"AND s.user_id = ?1 AND s.role = 'consultant')) THEN 2 "             \
	"WHEN ?3 = 'mentor' AND p.mentor_id = ?1 THEN 1 ELSE 0 END "

#define PARTICIPANT_COLUMNS                                                 \
	"p.id, p.cohort_id, p.name, p.status, p.birth_year, p.phone, "     \
	"p.email, p.address, p.caseworker_id, coalesce(p.mentor_id, 0), "  \
	"uc.name, coalesce(um.name, ''), p.referred_on, "                  \
	"coalesce(p.visitation_on, ''), coalesce(p.started_on, ''), "      \
	"coalesce(p.ended_on, ''), " PARTICIPANT_ACCESS

#define PARTICIPANT_FROM                                                     \
	"FROM participant p JOIN cohort c ON c.id = p.cohort_id JOIN user uc " \
	"ON uc.id = p.caseworker_id LEFT JOIN user um ON um.id = p.mentor_id "

enum participant_sql {
	PARTICIPANT_SQL_GET,
	PARTICIPANT_SQL_SECRETS,
	PARTICIPANT_SQL_LIST_CASEWORKER,
	PARTICIPANT_SQL_LIST_MENTOR,
	PARTICIPANT_SQL_LIST_COHORTS,
	PARTICIPANT_SQL_BY_HASH,
	PARTICIPANT_SQL_DUPLICATE,
	PARTICIPANT_SQL_ADD,
	PARTICIPANT_SQL_UPDATE,
	PARTICIPANT_SQL_STATUS_SET,
	PARTICIPANT_SQL_HISTORY_ADD,
	PARTICIPANT_SQL_HISTORY,
	PARTICIPANT_SQL_VISITATION_SET,
	PARTICIPANT_SQL_PLACED,
	PARTICIPANT_SQL_WAITING_POSITION,
	PARTICIPANT_SQL_USER_FITS,
	PARTICIPANT_SQL_MENTOR_FITS,
	PARTICIPANT_SQL_OUTCOME_SET,
	PARTICIPANT_SQL_OUTCOMES,
	PARTICIPANT_SQL_ROSTER,
	PARTICIPANT_SQL_GROUP_AGES,
	PARTICIPANT_SQL_CASEWORKERS,
	PARTICIPANT_SQL_MENTORS,
	PARTICIPANT_SQL_DUE_CASEWORKER,
	PARTICIPANT_SQL_DUE_LEADER,
	PARTICIPANT_SQL_ACCESS_LOG,
	PARTICIPANT_SQL_CRITERIA,
	PARTICIPANT_SQL_VIEWER,
	PARTICIPANT_SQL__MAX
};

static const char *const participant_sql[PARTICIPANT_SQL__MAX] = {
	[PARTICIPANT_SQL_GET] = "SELECT " PARTICIPANT_COLUMNS PARTICIPANT_FROM
				"WHERE p.id = ?4",
	[PARTICIPANT_SQL_SECRETS] =
		"SELECT cpr_enc, health_enc, visitation_enc FROM participant "
		"WHERE id = ?1",
	/* Lists: ?4 cohort (0: all), ?5 status (''), ?6 name pattern (''). */
	[PARTICIPANT_SQL_LIST_CASEWORKER] =
		"SELECT " PARTICIPANT_COLUMNS ", c.name " PARTICIPANT_FROM
		"WHERE p.caseworker_id = ?1 AND (?4 = 0 OR p.cohort_id = ?4) "
		"AND (?5 = '' OR p.status = ?5) AND (?6 = '' OR p.name LIKE ?6 "
		"ESCAPE '\\') ORDER BY p.name, p.id LIMIT 500",
	[PARTICIPANT_SQL_LIST_MENTOR] =
		"SELECT " PARTICIPANT_COLUMNS ", c.name " PARTICIPANT_FROM
		"WHERE p.mentor_id = ?1 AND (?4 = 0 OR p.cohort_id = ?4) "
		"AND (?5 = '' OR p.status = ?5) AND (?6 = '' OR p.name LIKE ?6 "
		"ESCAPE '\\') ORDER BY p.name, p.id LIMIT 500",
	[PARTICIPANT_SQL_LIST_COHORTS] =
		"SELECT * FROM (SELECT " PARTICIPANT_COLUMNS "AS access, c.name "
		PARTICIPANT_FROM "WHERE p.cohort_id IN (SELECT c.id FROM "
		"cohort c WHERE " COHORT_VISIBLE_SQL("c") "AND (?4 = 0 OR c.id "
		"= ?4)) AND (?5 = '' OR p.status = ?5) AND (?6 = '' OR p.name "
		"LIKE ?6 ESCAPE '\\')) WHERE access > 0 ORDER BY 3, 1 LIMIT 500",
	[PARTICIPANT_SQL_BY_HASH] =
		"SELECT * FROM (SELECT " PARTICIPANT_COLUMNS "AS access, c.name "
		PARTICIPANT_FROM "WHERE p.cpr_hash = ?5) WHERE access = 4 "
		"ORDER BY 1 LIMIT 50",
	/* The same citizen on this cohort, or still on a cohort whose period
	 * overlaps ?3..?4. */
	[PARTICIPANT_SQL_DUPLICATE] =
		"SELECT p.id FROM participant p JOIN cohort c ON c.id = "
		"p.cohort_id WHERE p.cpr_hash = ?1 AND p.id != ?5 AND "
		"(p.cohort_id = ?2 OR (p.status NOT IN ('not_admitted', "
		"'re_referred', 'dropped_out') AND c.state != 'cancelled' AND "
		"c.referral_start <= ?4 AND c.internship_end >= ?3)) LIMIT 1",
	[PARTICIPANT_SQL_ADD] =
		"INSERT INTO participant (cohort_id, name, cpr_enc, cpr_hash, "
		"birth_year, phone, email, address, caseworker_id, mentor_id, "
		"health_enc, referred_on, created_by, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14, ?14)",
	[PARTICIPANT_SQL_UPDATE] =
		"UPDATE participant SET name = ?2, cpr_enc = coalesce(?3, "
		"cpr_enc), cpr_hash = coalesce(?4, cpr_hash), birth_year = ?5, "
		"phone = ?6, email = ?7, address = ?8, caseworker_id = ?9, "
		"mentor_id = ?10, health_enc = coalesce(?11, health_enc), "
		"updated_at = ?12 WHERE id = ?1",
	[PARTICIPANT_SQL_STATUS_SET] =
		"UPDATE participant SET status = ?2, started_on = CASE WHEN ?2 "
		"= 'started' THEN ?3 ELSE started_on END, ended_on = CASE WHEN "
		"?2 IN ('re_referred', 'dropped_out', 'completed', "
		"'not_admitted') THEN ?3 ELSE ended_on END, updated_at = ?4 "
		"WHERE id = ?1 AND status = ?5",
	[PARTICIPANT_SQL_HISTORY_ADD] =
		"INSERT INTO participant_status (participant_id, at, date, "
		"from_status, to_status, reason_enc, dialogue, actor_id, actor) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[PARTICIPANT_SQL_HISTORY] =
		"SELECT date, from_status, to_status, reason_enc, dialogue, "
		"actor, at FROM participant_status WHERE participant_id = ?1 "
		"ORDER BY id",
	[PARTICIPANT_SQL_VISITATION_SET] =
		"UPDATE participant SET visitation_on = ?2, visitation_by = ?3, "
		"visitation_enc = ?4 WHERE id = ?1",
	[PARTICIPANT_SQL_PLACED] = "SELECT count(*) FROM participant WHERE "
				   "cohort_id = ?1 AND status IN "
				   PARTICIPANT_PLACED,
	[PARTICIPANT_SQL_WAITING_POSITION] =
		"SELECT count(*) FROM participant WHERE cohort_id = ?1 AND "
		"status = 'waiting'",
	/* An active caseworker of the cohort's job centre. */
	[PARTICIPANT_SQL_USER_FITS] =
		"SELECT 1 FROM user u JOIN cohort c ON c.id = ?2 WHERE u.id = "
		"?1 AND u.active AND u.role = 'caseworker' AND "
		"u.organisation_id = c.job_centre_id",
	/* An active mentor on the cohort's staff. */
	[PARTICIPANT_SQL_MENTOR_FITS] =
		"SELECT 1 FROM user u JOIN cohort_staff s ON s.user_id = u.id "
		"AND s.cohort_id = ?2 AND s.role = 'mentor' WHERE u.id = ?1 AND "
		"u.active AND u.role = 'mentor'",
	[PARTICIPANT_SQL_OUTCOME_SET] =
		"INSERT INTO outcome (participant_id, timing, kind, "
		"hours_per_week, other_kind, note_enc, recorded_on, actor_id, "
		"actor, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9, ?10, ?10) ON CONFLICT (participant_id, timing) DO "
		"UPDATE SET kind = excluded.kind, hours_per_week = "
		"excluded.hours_per_week, other_kind = excluded.other_kind, "
		"note_enc = excluded.note_enc, recorded_on = "
		"excluded.recorded_on, actor_id = excluded.actor_id, actor = "
		"excluded.actor, updated_at = excluded.updated_at",
	[PARTICIPANT_SQL_OUTCOMES] =
		"SELECT timing, kind, coalesce(hours_per_week, 0), "
		"coalesce(other_kind, ''), note_enc, recorded_on, actor FROM "
		"outcome WHERE participant_id = ?1 ORDER BY timing = "
		"'six_months', id",
	/* The cohort's participants with the viewer's access to each. */
	[PARTICIPANT_SQL_ROSTER] =
		"SELECT * FROM (SELECT " PARTICIPANT_COLUMNS "AS access "
		PARTICIPANT_FROM "WHERE p.cohort_id = ?4) WHERE access > 0 "
		"ORDER BY status NOT IN " PARTICIPANT_PLACED ", 3, 1",
	[PARTICIPANT_SQL_GROUP_AGES] =
		"SELECT id, birth_year FROM participant WHERE cohort_id = ?1 "
		"AND status IN " PARTICIPANT_PLACED,
	[PARTICIPANT_SQL_CASEWORKERS] =
		"SELECT u.id, u.name FROM user u JOIN cohort c ON c.id = ?1 "
		"WHERE u.active AND u.role = 'caseworker' AND "
		"u.organisation_id = c.job_centre_id ORDER BY u.name",
	[PARTICIPANT_SQL_MENTORS] =
		"SELECT u.id, u.name FROM user u JOIN cohort_staff s ON "
		"s.user_id = u.id AND s.cohort_id = ?1 AND s.role = 'mentor' "
		"WHERE u.active ORDER BY u.name",
	/* Started participants whose six-month follow-up is due by ?2 and
	 * not recorded. */
	[PARTICIPANT_SQL_DUE_CASEWORKER] =
		"SELECT p.id, p.name, c.name, date(c.internship_end, '+6 "
		"months') AS due FROM participant p JOIN cohort c ON c.id = "
		"p.cohort_id WHERE p.caseworker_id = ?1 AND p.started_on IS NOT "
		"NULL AND due <= ?2 AND NOT EXISTS (SELECT 1 FROM outcome o "
		"WHERE o.participant_id = p.id AND o.timing = 'six_months') "
		"ORDER BY due, p.name LIMIT 50",
	[PARTICIPANT_SQL_DUE_LEADER] =
		/* The OR, not "?1 IN (...)", lets SQLite use both cohort
		 * indexes; report_count skips the cohorts whose every
		 * starter has a six-month outcome (most of a big
		 * organisation's history). */
		"SELECT p.id, p.name, c.name, date(c.internship_end, '+6 "
		"months') AS due FROM cohort c JOIN report_count rc ON "
		"rc.cohort_id = c.id AND rc.started > rc.job_6m + "
		"rc.education_6m + rc.extended_internship_6m + rc.other_6m "
		"JOIN participant p ON p.cohort_id = c.id WHERE "
		"(c.job_centre_id = ?1 OR c.provider_id = ?1) AND "
		"c.internship_end <= date(?2, '-6 months') AND p.started_on IS "
		"NOT NULL AND NOT EXISTS (SELECT 1 FROM outcome o WHERE "
		"o.participant_id = p.id AND o.timing = 'six_months') ORDER BY "
		"due, p.name LIMIT 50",
	[PARTICIPANT_SQL_ACCESS_LOG] =
		"SELECT at, actor, action, purpose, detail, count, "
		"coalesce(last_at, at) AS latest, note_enc FROM audit WHERE "
		"subject_type = 'participant' AND subject_id = ?1 ORDER BY "
		"latest DESC, id DESC LIMIT 1000",
	[PARTICIPANT_SQL_CRITERIA] = "SELECT text FROM cohort_criterion "
				     "WHERE cohort_id = ?1 ORDER BY position",
	[PARTICIPANT_SQL_VIEWER] = "SELECT role, organisation_id FROM user "
				   "WHERE id = ?1 AND active",
};

/* Loading and access. */

static date_t participant_date(sqlite3_stmt *st, int col)
{
	date_t d = 0;

	if (date_parse_iso(db_text(st, col), &d) < 0)
		d = 0;
	return d;
}

/* Reads PARTICIPANT_COLUMNS into p. */
static void participant_read_row(sqlite3_stmt *st, struct participant *p)
{
	int s;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->cohort_id = sqlite3_column_int64(st, 1);
	snprintf(p->name, sizeof(p->name), "%s", db_text(st, 2));
	s = participant_status_parse(db_text(st, 3));
	p->status = s < 0 ? PARTICIPANT_REFERRED : (enum participant_status)s;
	p->birth_year = sqlite3_column_int(st, 4);
	snprintf(p->phone, sizeof(p->phone), "%s", db_text(st, 5));
	snprintf(p->email, sizeof(p->email), "%s", db_text(st, 6));
	snprintf(p->address, sizeof(p->address), "%s", db_text(st, 7));
	p->caseworker_id = sqlite3_column_int64(st, 8);
	p->mentor_id = sqlite3_column_int64(st, 9);
	snprintf(p->caseworker, sizeof(p->caseworker), "%s", db_text(st, 10));
	snprintf(p->mentor, sizeof(p->mentor), "%s", db_text(st, 11));
	p->referred_on = participant_date(st, 12);
	p->visitation_on = participant_date(st, 13);
	p->started_on = participant_date(st, 14);
	p->ended_on = participant_date(st, 15);
	p->access = (enum participant_access)sqlite3_column_int(st, 16);
}

/* Binds ?1..?4 of COHORT_VISIBLE_SQL and today for s (what cohort.h's
 * COHORT_VIEWER_TODAY gives the checked binder), until these statements
 * move to it. */
static void participant_bind_viewer(sqlite3_stmt *st, const struct session *s)
{
	char today[DATE_ISO_LEN + 1];

	sqlite3_bind_int64(st, 1, s->user_id);
	sqlite3_bind_int64(st, 2, s->organisation_id);
	sqlite3_bind_text(st, 3, role_name(s->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, cohort_today(today), -1, SQLITE_TRANSIENT);
}

/* 0 found and visible, 1 not (either way 404), -1 error. */
static int participant_get(struct db *db, const struct session *s, int64_t id,
			   struct participant *p)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[PARTICIPANT_SQL_GET]);
	int rc;

	if (st == NULL)
		return -1;
	participant_bind_viewer(st, s);
	sqlite3_bind_int64(st, 4, id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		participant_read_row(st, p);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return p->access == PARTICIPANT_ACCESS_NONE ? 1 : 0;
	return rc == SQLITE_DONE ? 1 : -1;
}

int participant_access_of(struct db *db, int64_t user_id, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[PARTICIPANT_SQL_VIEWER]);
	struct session s = {0};
	struct participant p;
	int rc, role = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		role = role_parse(db_text(st, 0));
		s.organisation_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? PARTICIPANT_ACCESS_NONE : -1;
	if (role < 0)
		return PARTICIPANT_ACCESS_NONE;
	s.user_id = user_id;
	s.role = (enum role)role;
	rc = participant_get(db, &s, id, &p);
	if (rc < 0)
		return -1;
	return rc == 0 ? (int)p.access : PARTICIPANT_ACCESS_NONE;
}

int participant_for_request(struct req *r, int64_t id, struct participant *p,
			    struct cohort *c)
{
	struct actor a = http_actor(r);
	struct cohort own;
	int rc = participant_get(r->db, r->session, id, p);

	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0)
		return http_error(r, 404, NULL);
	/* The cohort without the cohort visibility rule: a mentor sees their
	 * mentee's cohort through the mentee. */
	rc = cohort_get(r->db, &a, p->cohort_id, c ? c : &own);
	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0 && p->access != PARTICIPANT_ACCESS_CONTACT)
		return http_error(r, 404, NULL);
	if (rc > 0 && c) {
		memset(c, 0, sizeof(*c));
		c->id = p->cohort_id;
	}
	return 0;
}

bool participant_may(const struct req *r, const struct participant *p,
		     const struct cohort *c, enum participant_action a)
{
	enum role role = r->session->role;
	enum participant_access x = p->access;

	(void)c;
	switch (a) {
	case PARTICIPANT_EDIT:
	case PARTICIPANT_OUTCOME:
	case PARTICIPANT_AFTERCARE:
	case PARTICIPANT_REVEAL_CPR:
		return x == PARTICIPANT_ACCESS_FULL &&
		       (role == ROLE_CASEWORKER || role == ROLE_PROJECT_LEADER);
	case PARTICIPANT_VISITATION:
		return x >= PARTICIPANT_ACCESS_HEALTH &&
		       (role == ROLE_INSTRUCTOR || role == ROLE_PROJECT_LEADER);
	case PARTICIPANT_STATUS:
		return x >= PARTICIPANT_ACCESS_HEALTH &&
		       (role == ROLE_INSTRUCTOR || role == ROLE_PROJECT_LEADER ||
			role == ROLE_CASEWORKER);
	case PARTICIPANT_TALKS:
		return x >= PARTICIPANT_ACCESS_CONTACT;
	case PARTICIPANT_AGREEMENT:
		return x >= PARTICIPANT_ACCESS_WORK;
	default:
		return false;
	}
}

int participant_audit(struct db *w, struct req *r, const char *action,
		      const struct participant *p, const char *purpose,
		      const char *detail)
{
	struct audit_entry e = audit_for(r, action);
	char subject[48];

	/* The label names no one: the audit page is the administrator's. */
	snprintf(subject, sizeof(subject), "deltager %lld", (long long)p->id);
	e.subject_type = "participant";
	e.subject_id = p->id;
	e.subject = subject;
	e.purpose = purpose;
	e.detail = detail;
	return w ? audit_write(w, &e) : audit_write_reads(&e, 1);
}

/* One audit row per participant in ids (a list or search shown), or with
 * none, one row without a subject; committed as reads. */
static int participant_audit_many(struct req *r, const char *action,
				  const int64_t *ids, size_t n,
				  const char *detail)
{
	struct audit_entry *e = calloc(n ? n : 1, sizeof(*e));
	char (*subject)[32] = calloc(n ? n : 1, sizeof(*subject));
	size_t i;
	int rc = -1;

	if (e && subject) {
		for (i = 0; i < (n ? n : 1); i++) {
			e[i] = audit_for(r, action);
			e[i].subject_type = "participant";
			e[i].detail = detail;
			if (n == 0)
				continue;
			snprintf(subject[i], sizeof(subject[i]),
				 "deltager %lld", (long long)ids[i]);
			e[i].subject_id = ids[i];
			e[i].subject = subject[i];
		}
		rc = audit_write_reads(e, n ? n : 1);
	}
	free(e);
	free(subject);
	return rc;
}

static int participant_count(struct db *db, enum participant_sql which,
			     int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[which]);
	int n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

int participant_admitted_count(struct db *db, int64_t cohort_id)
{
	return participant_count(db, PARTICIPANT_SQL_PLACED, cohort_id);
}

/* Does sql (?1 user, ?2 cohort) give a row? */
static bool participant_fits(struct db *db, enum participant_sql which,
			     int64_t user, int64_t cohort)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[which]);
	bool ok;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, user);
	sqlite3_bind_int64(st, 2, cohort);
	ok = db_step(db, st) == SQLITE_ROW;
	sqlite3_reset(st);
	return ok;
}

static int participant_invalid(struct form_invalid *bad, const char *field,
			       const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return 422;
}

static void participant_bind_date(sqlite3_stmt *st, int i, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	if (d == 0) {
		sqlite3_bind_null(st, i);
		return;
	}
	date_format_iso(d, iso);
	sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

/* Opens a sealed column as JSON; an empty object for NULL. NULL when the
 * value cannot be opened. Caller deletes. */
static cJSON *participant_sealed_json(sqlite3_stmt *st, int col)
{
	char *plain = secret_column(st, col);
	cJSON *j;

	if (plain == NULL)
		return NULL;
	j = *plain ? cJSON_Parse(plain) : cJSON_CreateObject();
	secret_free(plain);
	if (j && !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = NULL;
	}
	return j;
}

/* Wipes and frees a string cJSON printed. */
static void participant_wipe(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		cJSON_free(s);
	}
}

/* Seals j at parameter i. 0 or -1. */
static int participant_bind_json(sqlite3_stmt *st, int i, const cJSON *j)
{
	char *text = cJSON_PrintUnformatted(j);
	int rc;

	if (text == NULL)
		return -1;
	rc = secret_bind(st, i, text);
	participant_wipe(text);
	return rc;
}

/* Reading a referral or a change from a form or JSON. */

#define PARTICIPANT_ID_MAX 9007199254740991L

static const struct form_spec participant_form[] = {
	{"cohort_id", "Hold", FIELD_INT, false, 1, PARTICIPANT_ID_MAX, NULL},
	{"name", "Navn", FIELD_TEXT, false, 1, PARTICIPANT_NAME_MAX, NULL},
	{"cpr", "CPR-nummer", FIELD_TEXT, false, 0, 20, NULL},
	{"phone", "Telefon", FIELD_TEXT, false, 0, 40, NULL},
	{"email", "E-mail", FIELD_EMAIL, false, 0, 254, NULL},
	{"address", "Adresse", FIELD_TEXT, false, 0, 300, NULL},
	{"caseworker_id", "Sagsbehandler", FIELD_INT, false, 1,
	 PARTICIPANT_ID_MAX, NULL},
	{"mentor_id", "Mentor", FIELD_INT, false, 0, PARTICIPANT_ID_MAX, NULL},
	{"barrier_other", "Anden barriere", FIELD_TEXT, false, 0, 200, NULL},
	{"substance", "Misbrug", FIELD_ENUM, false, 0, 0,
	 participant_substance_names},
	{"reason", "Begrundelse for henvisningen", FIELD_TEXTAREA, false, 0,
	 4000, NULL},
	{"wishes", "Borgerens egne ønsker", FIELD_TEXTAREA, false, 0, 4000,
	 NULL},
};
enum {
	PF_COHORT,
	PF_NAME,
	PF_CPR,
	PF_PHONE,
	PF_EMAIL,
	PF_ADDRESS,
	PF_CASEWORKER,
	PF_MENTOR,
	PF_BARRIER_OTHER,
	PF_SUBSTANCE,
	PF_REASON,
	PF_WISHES,
	PF__N
};

/* A referral or change: the participant over its base, and the sealed
 * parts in the clear while they are being made. */
struct participant_input {
	struct participant p;
	char cpr[CPR_DIGITS + 1]; /* "" when not given */
	date_t birth;
	cJSON *health; /* owned; the whole health object */
	bool health_changed;
};

static void participant_input_free(struct participant_input *in)
{
	cJSON_Delete(in->health);
	in->health = NULL;
	sodium_memzero(in->cpr, sizeof(in->cpr));
}

/* JSON "criteria": [{"answer": "yes", "note": "..."}] (or true/false for
 * the answer) becomes the page's criterion_N and criterion_N_note. */
static int participant_json_criteria(struct req *r)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(r->json,
							     "criteria");
	const cJSON *el, *a, *n;
	char name[32];
	int i = 0;

	if (list == NULL || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > COHORT_CRITERIA_MAX)
		return -1;
	cJSON_ArrayForEach(el, list)
	{
		const char *answer = "";

		i++;
		if (!cJSON_IsObject(el))
			return -1;
		a = cJSON_GetObjectItemCaseSensitive(el, "answer");
		n = cJSON_GetObjectItemCaseSensitive(el, "note");
		if (cJSON_IsBool(a))
			answer = cJSON_IsTrue(a) ? "yes" : "no";
		else if (cJSON_IsString(a))
			answer = a->valuestring;
		else if (a && !cJSON_IsNull(a))
			return -1;
		if (n && !cJSON_IsNull(n) && !cJSON_IsString(n))
			return -1;
		snprintf(name, sizeof(name), "criterion_%d", i);
		if (form_add(&r->form, name, answer) < 0)
			return -1;
		snprintf(name, sizeof(name), "criterion_%d_note", i);
		if (form_add(&r->form, name,
			     cJSON_IsString(n) ? n->valuestring : "") < 0)
			return -1;
	}
	return 0;
}

/* A target-group criterion: 500 characters of UTF-8 and the NUL. */
#define PARTICIPANT_CRITERION_LEN PARTICIPANT_TEXT(500)

/* The cohort's criteria texts, in order. Returns how many, or -1. */
static int participant_criteria_texts(struct db *db, int64_t cohort,
				      char texts[][PARTICIPANT_CRITERION_LEN],
				      int max)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[PARTICIPANT_SQL_CRITERIA]);
	int n = 0, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort);
	while ((rc = db_step(db, st)) == SQLITE_ROW && n < max)
		snprintf(texts[n++], PARTICIPANT_CRITERION_LEN, "%s",
			 db_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

/* A string member of the health object ("" when absent). */
static const char *participant_health_text(const cJSON *h, const char *name)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(h, name);

	return cJSON_IsString(j) ? j->valuestring : "";
}

static void participant_health_set(cJSON *h, const char *name,
				   const char *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(h, name);
	cJSON_AddStringToObject(h, name, value ? value : "");
}

/*
 * The target-group answers: criterion_N is yes, no or "" (not answered),
 * criterion_N_note at most 500 characters. When none is given the old
 * answers stay (a change) or all are unanswered (a referral). The texts are
 * kept with the answers, because a cohort's criteria may be edited later.
 */
static int participant_read_criteria(struct req *r, const struct form *f,
				     struct participant_input *in, bool create,
				     struct form_invalid *bad)
{
	char name[32], note_name[40];
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(in->health,
							    "criteria");
	cJSON *list;
	int n, i;
	bool given = false;

	for (i = 1; i <= COHORT_CRITERIA_MAX + 1 && !given; i++) {
		snprintf(name, sizeof(name), "criterion_%d", i);
		snprintf(note_name, sizeof(note_name), "criterion_%d_note", i);
		given = form_get(f, name) || form_get(f, note_name);
	}
	if (!given && !create)
		return 0;
	{
		char (*t)[PARTICIPANT_CRITERION_LEN] =
			calloc(COHORT_CRITERIA_MAX, PARTICIPANT_CRITERION_LEN);

		if (t == NULL)
			return 500;
		n = participant_criteria_texts(r->db, in->p.cohort_id, t,
					       COHORT_CRITERIA_MAX);
		list = cJSON_CreateArray();
		for (i = 0; n > 0 && i < n; i++) {
			const cJSON *prev = cJSON_GetArrayItem(old, i);
			const char *answer, *note;
			cJSON *o = cJSON_CreateObject();

			snprintf(name, sizeof(name), "criterion_%d", i + 1);
			snprintf(note_name, sizeof(note_name),
				 "criterion_%d_note", i + 1);
			answer = form_get(f, name);
			note = form_get(f, note_name);
			if (answer == NULL)
				answer = participant_health_text(prev, "answer");
			if (note == NULL)
				note = participant_health_text(prev, "note");
			cJSON_AddStringToObject(o, "text", t[i]);
			cJSON_AddStringToObject(o, "answer", answer);
			cJSON_AddStringToObject(o, "note", note);
			cJSON_AddItemToArray(list, o);
			if (strcmp(answer, "yes") && strcmp(answer, "no") &&
			    *answer) {
				bad->field = "criteria";
				snprintf(bad->message, sizeof(bad->message),
					 "Svar ja eller nej til kriterium %d.",
					 i + 1);
				n = -2;
			} else if (form_utf8_length(note) > 500 ||
				   strpbrk(note, "\r\n\t")) {
				bad->field = "criteria";
				snprintf(bad->message, sizeof(bad->message),
					 "Noten til kriterium %d må højst være "
					 "500 tegn på én linje.",
					 i + 1);
				n = -2;
			}
		}
		free(t);
	}
	snprintf(name, sizeof(name), "criterion_%d", n + 1);
	if (n >= 0 && form_get(f, name)) {
		cJSON_Delete(list);
		return participant_invalid(bad, "criteria",
					   "Holdets målgruppe har ikke så mange "
					   "kriterier.");
	}
	if (n < 0) {
		cJSON_Delete(list);
		return n == -2 ? 422 : 500;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(in->health, "criteria");
	cJSON_AddItemToObject(in->health, "criteria", list);
	in->health_changed = true;
	return 0;
}

/* barriers: repeated values of participant_barrier_names. On a page the
 * hidden barriers_given says an empty set of boxes was sent; in JSON the
 * key itself does. */
static int participant_read_barriers(struct req *r, const struct form *f,
				     struct participant_input *in,
				     struct form_invalid *bad)
{
	const cJSON *json = r->json ? cJSON_GetObjectItemCaseSensitive(
					      r->json, "barriers")
				    : NULL;
	const cJSON *el;
	size_t i, n = form_count(f, "barriers");
	cJSON *list;
	bool given = n > 0 || form_get(f, "barriers_given") || json;

	if (!given)
		return 0;
	/* The server leaves anything but scalars out of the form: refuse
	 * it here rather than store a shorter list than was sent. */
	if (json && !cJSON_IsArray(json))
		return participant_invalid(bad, "barriers",
					   "barriers skal være en liste.");
	cJSON_ArrayForEach(el, json)
		if (!cJSON_IsString(el))
			return participant_invalid(bad, "barriers",
						   "barriers skal være en liste "
						   "af tekster.");
	list = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		const char *b = form_get_nth(f, "barriers", i);

		if (*participant_label(participant_barrier_names,
				       participant_barrier_labels, b) == '\0') {
			cJSON_Delete(list);
			return participant_invalid(bad, "barriers",
						   "Ukendt barriere: vælg "
						   "ADHD, angst, depression "
						   "eller andet.");
		}
		cJSON_AddItemToArray(list, cJSON_CreateString(b));
	}
	cJSON_DeleteItemFromObjectCaseSensitive(in->health, "barriers");
	cJSON_AddItemToObject(in->health, "barriers", list);
	in->health_changed = true;
	return 0;
}

static bool participant_phone_ok(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789 +-()", *s))
			return false;
	return true;
}

/* Copies what the form gives over in (full: a page's whole form, where an
 * empty field clears). */
static void participant_apply(struct participant_input *in,
			      const struct form_value *v, bool full)
{
	struct participant *p = &in->p;
	static const int health[] = {PF_BARRIER_OTHER, PF_SUBSTANCE, PF_REASON,
				     PF_WISHES};
	static const char *const health_names[] = {"barrier_other",
						   "substance", "reason",
						   "wishes"};
	size_t i;

	if (v[PF_NAME].present)
		snprintf(p->name, sizeof(p->name), "%s", v[PF_NAME].s);
	if (v[PF_PHONE].present || full)
		snprintf(p->phone, sizeof(p->phone), "%s", v[PF_PHONE].s);
	if (v[PF_EMAIL].present || full)
		snprintf(p->email, sizeof(p->email), "%s", v[PF_EMAIL].s);
	if (v[PF_ADDRESS].present || full)
		snprintf(p->address, sizeof(p->address), "%s",
			 v[PF_ADDRESS].s);
	if (v[PF_CASEWORKER].present)
		p->caseworker_id = v[PF_CASEWORKER].i;
	if (v[PF_MENTOR].present || full)
		p->mentor_id = v[PF_MENTOR].i;
	for (i = 0; i < sizeof(health) / sizeof(health[0]); i++)
		if (v[health[i]].present || full) {
			participant_health_set(in->health, health_names[i],
					       v[health[i]].s);
			in->health_changed = true;
		}
}

/* The rules across fields and rows. 0, 422 with bad, or 500. */
static int participant_check(struct req *r, struct participant_input *in,
			     struct form_invalid *bad)
{
	struct participant *p = &in->p;

	if (p->name[0] == '\0')
		return participant_invalid(bad, "name", "Navn skal udfyldes.");
	if (p->phone[0] && !participant_phone_ok(p->phone))
		return participant_invalid(bad, "phone",
					   "Telefonnummeret må kun indeholde "
					   "cifre, mellemrum, +, - og "
					   "parenteser.");
	if (p->caseworker_id == 0)
		return participant_invalid(bad, "caseworker_id",
					   "Vælg borgerens sagsbehandler.");
	if (!participant_fits(r->db, PARTICIPANT_SQL_USER_FITS,
			      p->caseworker_id, p->cohort_id))
		return participant_invalid(bad, "caseworker_id",
					   "Sagsbehandleren skal være en aktiv "
					   "sagsbehandler i holdets "
					   "jobcenter.");
	if (p->mentor_id &&
	    !participant_fits(r->db, PARTICIPANT_SQL_MENTOR_FITS,
			      p->mentor_id, p->cohort_id))
		return participant_invalid(bad, "mentor_id",
					   "Mentoren skal være tilknyttet "
					   "holdet som mentor.");
	return 0;
}

/* Is the citizen already on this cohort, or on one whose period overlaps
 * it? The other referral's id, 0 for none, or -1 on error. */
static int64_t participant_duplicate(struct db *db, const unsigned char *hash,
				     const struct cohort *c, int64_t self)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[PARTICIPANT_SQL_DUPLICATE]);
	int64_t other = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, SECRET_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->id);
	participant_bind_date(st, 3, c->referral_start);
	participant_bind_date(st, 4, c->internship_end);
	sqlite3_bind_int64(st, 5, self);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		other = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? other : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * An audit row in a transaction of its own that waits for the disk: for
 * what must not be lost even by a power cut (a CPR number shown, a refused
 * duplicate that told the caller a citizen is on a course). 0 or -1.
 */
static int participant_audit_durable(struct req *r, const char *action,
				     const struct participant *p,
				     const char *purpose, const char *detail)
{
	struct db *w = db_writer_lock();
	int rc = -1;

	if (db_begin(w) == 0 &&
	    participant_audit(w, r, action, p, purpose, detail) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
	db_writer_unlock(w);
	return rc;
}

/* A refused duplicate still told the caller that the citizen is on a
 * course: that goes on the other referral's record. */
static void participant_audit_duplicate(struct req *r, int64_t other,
					int64_t cohort)
{
	struct participant p = {.id = other};
	char detail[64];

	snprintf(detail, sizeof(detail), "referral to cohort %lld refused",
		 (long long)cohort);
	if (participant_audit_durable(r, "participant.duplicate_refused", &p,
				      NULL, detail) < 0)
		log_error("participant: could not audit a refused duplicate");
}

/*
 * Reads f over in->p (the base: defaults for a referral, the stored
 * participant for a change) and in->health. 0, 422 with bad, or 500.
 */
static int participant_read(struct req *r, const struct form *f,
			    struct participant_input *in, bool create,
			    bool full, struct form_invalid *bad)
{
	struct form_value v[PF__N];
	const char *error = NULL;
	int rc;

	if (form_validate(f, participant_form, PF__N, v, bad) < 0)
		return 422;
	participant_apply(in, v, full);
	if (v[PF_CPR].present) {
		if (cpr_parse(v[PF_CPR].s, in->cpr, &in->birth, &error) < 0) {
			form_values_free(v, PF__N);
			return participant_invalid(bad, "cpr", error);
		}
		in->p.birth_year = date_year(in->birth);
	} else if (create) {
		form_values_free(v, PF__N);
		return participant_invalid(bad, "cpr",
					   "CPR-nummer skal udfyldes.");
	}
	sodium_memzero(v[PF_CPR].s, strlen(v[PF_CPR].s));
	form_values_free(v, PF__N);
	rc = participant_read_barriers(r, f, in, bad);
	if (rc == 0)
		rc = participant_read_criteria(r, f, in, create, bad);
	if (rc == 0)
		rc = participant_check(r, in, bad);
	return rc;
}

/* Saving. */

static void participant_bind_contact(sqlite3_stmt *st,
				     const struct participant *p)
{
	sqlite3_bind_int(st, 5, p->birth_year);
	sqlite3_bind_text(st, 6, p->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->address, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, p->caseworker_id);
	if (p->mentor_id)
		sqlite3_bind_int64(st, 10, p->mentor_id);
	else
		sqlite3_bind_null(st, 10);
}

/* Adds a status history row in w's transaction. reason may be NULL. */
static int participant_history_add(struct db *w, struct req *r, int64_t id,
				   date_t on, const char *from, const char *to,
				   const char *reason, const char *dialogue)
{
	sqlite3_stmt *st = db_stmt(w, participant_sql[PARTICIPANT_SQL_HISTORY_ADD]);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, http_now());
	participant_bind_date(st, 3, on);
	sqlite3_bind_text(st, 4, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, to, -1, SQLITE_STATIC);
	if (secret_bind(st, 6, reason && *reason ? reason : NULL) < 0)
		return -1;
	sqlite3_bind_text(st, 7, dialogue ? dialogue : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, r->session->user_id);
	sqlite3_bind_text(st, 9, r->session->email, -1, SQLITE_STATIC);
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

/* Hashes in's CPR number into hash and refuses it when the citizen is on
 * this cohort or one overlapping it (*dup gets that referral). 0, 422 with
 * bad, or 500. */
static int participant_unique(struct db *w, const struct participant_input *in,
			      const struct cohort *c,
			      unsigned char hash[SECRET_HASH_LEN], int64_t *dup,
			      struct form_invalid *bad)
{
	if (secret_hash(in->cpr, hash) < 0)
		return 500;
	*dup = participant_duplicate(w, hash, c, in->p.id);
	if (*dup < 0)
		return 500;
	if (*dup > 0)
		return participant_invalid(bad, "cpr",
					   "Borgeren er allerede henvist til "
					   "dette hold eller til et hold i "
					   "samme periode.");
	return 0;
}

/* Inserts a referral in w's transaction; *id gets the row. 0, 422 (a
 * duplicate) or 500. */
static int participant_insert(struct db *w, struct req *r,
			      struct participant_input *in,
			      const struct cohort *c, date_t on, int64_t *id,
			      int64_t *dup, struct form_invalid *bad)
{
	unsigned char hash[SECRET_HASH_LEN];
	sqlite3_stmt *st;
	int rc;

	rc = participant_unique(w, in, c, hash, dup, bad);
	if (rc)
		return rc;
	st = db_stmt(w, participant_sql[PARTICIPANT_SQL_ADD]);
	if (st == NULL)
		return 500;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_text(st, 2, in->p.name, -1, SQLITE_STATIC);
	if (secret_bind(st, 3, in->cpr) < 0)
		return 500;
	sqlite3_bind_blob(st, 4, hash, sizeof(hash), SQLITE_TRANSIENT);
	participant_bind_contact(st, &in->p);
	if (participant_bind_json(st, 11, in->health) < 0)
		return 500;
	participant_bind_date(st, 12, on);
	sqlite3_bind_int64(st, 13, r->session->user_id);
	sqlite3_bind_int64(st, 14, http_now());
	if (db_exec_stmt(w, st) != DB_OK)
		return 500;
	*id = db_last_id(w);
	in->p.id = *id;
	if (participant_history_add(w, r, *id, on, "", "referred", NULL,
				    NULL) < 0 ||
	    participant_audit(w, r, "participant.create", &in->p, NULL,
			      "referral") < 0)
		return 500;
	return 0;
}

static int participant_write_new(struct req *r, struct participant_input *in,
				 const struct cohort *c, date_t on, int64_t *id,
				 struct form_invalid *bad)
{
	struct db *w = db_writer_lock();
	int64_t dup = 0;
	int rc = 500;

	if (db_begin(w) == 0) {
		rc = participant_insert(w, r, in, c, on, id, &dup, bad);
		if (rc == 0 && db_commit(w) < 0)
			rc = 500;
	}
	db_rollback(w);
	db_writer_unlock(w);
	if (dup > 0)
		participant_audit_duplicate(r, dup, c->id);
	return rc;
}

static cJSON *participant_health_new(void)
{
	cJSON *h = cJSON_CreateObject();

	cJSON_AddArrayToObject(h, "barriers");
	cJSON_AddStringToObject(h, "barrier_other", "");
	cJSON_AddStringToObject(h, "substance", "");
	cJSON_AddArrayToObject(h, "criteria");
	cJSON_AddStringToObject(h, "reason", "");
	cJSON_AddStringToObject(h, "wishes", "");
	return h;
}

/* May r's user refer citizens to c on day on? NULL, or why not. */
static const char *participant_referral_closed(const struct req *r,
					       const struct cohort *c,
					       date_t on)
{
	struct actor a = http_actor(r);

	if (r->session->role == ROLE_PROJECT_LEADER &&
	    !cohort_may_manage(&a, c))
		return "Kun holdets projektledere og sagsbehandlere kan henvise "
		       "til holdet.";
	if (r->session->role != ROLE_PROJECT_LEADER &&
	    r->session->role != ROLE_CASEWORKER)
		return "Kun sagsbehandlere og projektledere kan henvise.";
	if (strcmp(c->state, "referral_open") != 0)
		return "Holdet er ikke åbent for henvisning.";
	if (on >= c->plan.first_teaching_day)
		return "Undervisningen er begyndt; holdet tager ikke imod flere "
		       "henvisninger.";
	return NULL;
}

int participant_create_from(struct req *r, const struct form *f, date_t on,
			    int64_t *id, struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct participant_input in;
	struct cohort c;
	const char *cohort = form_get(f, "cohort_id"), *closed;
	char *end = NULL;
	long long cid = cohort ? strtoll(cohort, &end, 10) : 0;
	int rc;

	memset(&in, 0, sizeof(in));
	if (cid <= 0 || end == NULL || *end != '\0' ||
	    (rc = cohort_get(r->db, &a, cid, &c)) > 0)
		return participant_invalid(bad, "cohort_id", "Vælg et hold.");
	if (rc < 0)
		return 500;
	closed = participant_referral_closed(r, &c, on);
	if (closed)
		return participant_invalid(bad, "cohort_id", closed);
	in.p.cohort_id = c.id;
	if (r->session->role == ROLE_CASEWORKER)
		in.p.caseworker_id = r->session->user_id;
	in.health = participant_health_new();
	if (in.health == NULL)
		return 500;
	rc = participant_read(r, f, &in, true, false, bad);
	if (rc == 0)
		rc = participant_write_new(r, &in, &c, on, id, bad);
	participant_input_free(&in);
	return rc;
}

/* Loads the sealed health object of p into *out (caller deletes). 0/-1. */
static int participant_health_load(struct db *db, int64_t id, cJSON **out)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[PARTICIPANT_SQL_SECRETS]);
	int rc = -1;

	*out = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (db_step(db, st) == SQLITE_ROW) {
		*out = participant_sealed_json(st, 1);
		rc = *out ? 0 : -1;
	}
	sqlite3_reset(st);
	return rc;
}

/* Writes a change in w's transaction. 0, 422 or 500. */
static int participant_write_change(struct db *w, struct req *r,
				    struct participant_input *in,
				    const struct cohort *c, int64_t *dup,
				    struct form_invalid *bad)
{
	unsigned char hash[SECRET_HASH_LEN];
	sqlite3_stmt *st;
	char detail[64];

	if (in->cpr[0]) {
		int rc = participant_unique(w, in, c, hash, dup, bad);

		if (rc)
			return rc;
	}
	st = db_stmt(w, participant_sql[PARTICIPANT_SQL_UPDATE]);
	if (st == NULL)
		return 500;
	sqlite3_bind_int64(st, 1, in->p.id);
	sqlite3_bind_text(st, 2, in->p.name, -1, SQLITE_STATIC);
	if (in->cpr[0]) {
		if (secret_bind(st, 3, in->cpr) < 0)
			return 500;
		sqlite3_bind_blob(st, 4, hash, sizeof(hash), SQLITE_TRANSIENT);
	}
	participant_bind_contact(st, &in->p);
	if (in->health_changed && participant_bind_json(st, 11, in->health) < 0)
		return 500;
	sqlite3_bind_int64(st, 12, http_now());
	if (db_exec_stmt(w, st) != DB_OK)
		return 500;
	snprintf(detail, sizeof(detail), "contact%s%s",
		 in->health_changed ? ", health" : "", in->cpr[0] ? ", cpr" : "");
	return participant_audit(w, r, "participant.update", &in->p, NULL,
				 detail) < 0
		       ? 500
		       : 0;
}

/* Changes p from f (full: a page's whole form). 0, 422 with bad, or 500. */
static int participant_update_from(struct req *r, const struct participant *p,
				   const struct cohort *c, const struct form *f,
				   bool full, struct form_invalid *bad)
{
	struct participant_input in;
	const char *cohort = form_get(f, "cohort_id");
	char own[32];
	int64_t dup = 0;
	struct db *w;
	int rc = 500;

	memset(&in, 0, sizeof(in));
	snprintf(own, sizeof(own), "%lld", (long long)p->cohort_id);
	if (cohort && *cohort && strcmp(cohort, own) != 0)
		return participant_invalid(bad, "cohort_id",
					   "Et andet hold kræver en ny "
					   "henvisning.");
	/* The record is read inside the write transaction, so a change made
	 * meanwhile by someone else is built on, not written over. */
	w = db_writer_lock();
	if (db_begin(w) == 0 && participant_get(w, r->session, p->id, &in.p) == 0 &&
	    participant_health_load(w, p->id, &in.health) == 0) {
		rc = participant_read(r, f, &in, false, full, bad);
		if (rc == 0)
			rc = participant_write_change(w, r, &in, c, &dup, bad);
		if (rc == 0 && db_commit(w) < 0)
			rc = 500;
	}
	db_rollback(w);
	db_writer_unlock(w);
	if (dup > 0)
		participant_audit_duplicate(r, dup, c->id);
	participant_input_free(&in);
	return rc;
}

/* Visitation, status and outcomes. */

/* A notice for the user that outlives the call (one per thread). */
static _Thread_local char participant_notice[256];

/* Moves p from its status to `to` on day on, with the history row, in w's
 * transaction; a status changed meanwhile by someone else is a 422. */
static int participant_move(struct db *w, struct req *r,
			    const struct participant *p,
			    enum participant_status to, date_t on,
			    const char *reason, const char *dialogue,
			    struct form_invalid *bad)
{
	sqlite3_stmt *st = db_stmt(w, participant_sql[PARTICIPANT_SQL_STATUS_SET]);
	const char *from = participant_status_names[p->status];

	if (st == NULL)
		return 500;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, participant_status_names[to], -1,
			  SQLITE_STATIC);
	participant_bind_date(st, 3, on);
	sqlite3_bind_int64(st, 4, http_now());
	sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
	if (db_exec_stmt(w, st) != DB_OK)
		return 500;
	if (db_changes(w) != 1)
		return participant_invalid(bad, "status",
					   "Borgerens status er ændret imens. "
					   "Hent siden igen.");
	return participant_history_add(w, r, p->id, on, from,
				       participant_status_names[to], reason,
				       dialogue) < 0
		       ? 500
		       : 0;
}

/* The date field of f (default on): not after on, not before the
 * referral. 0 or 422. */
static int participant_event_date(const struct form_value *v,
				  const struct participant *p, date_t on,
				  date_t *out, struct form_invalid *bad)
{
	*out = v->present ? (date_t)v->i : on;
	if (*out > on)
		return participant_invalid(bad, "date",
					   "Datoen må ikke ligge i fremtiden.");
	if (*out < p->referred_on)
		return participant_invalid(bad, "date",
					   "Datoen ligger før henvisningen.");
	return 0;
}

/* Where an admission lands: admitted, the waiting list when the cohort's
 * places are taken, or a 422 past the hard maximum of 16. */
static int participant_admission(struct db *w, const struct cohort *c,
				 enum participant_status from,
				 enum participant_status *to,
				 struct form_invalid *bad)
{
	int placed = participant_admitted_count(w, c->id), waiting;

	if (placed < 0)
		return 500;
	if (placed >= COHORT_CAPACITY_MAX)
		return participant_invalid(bad, "decision",
					   "Holdet har allerede 16 optagne "
					   "deltagere, det højeste antal. Sæt "
					   "borgeren på venteliste.");
	if (placed >= c->capacity) {
		waiting = participant_count(w,
					    PARTICIPANT_SQL_WAITING_POSITION,
					    c->id);
		*to = PARTICIPANT_WAITING;
		if (from == PARTICIPANT_WAITING)
			snprintf(participant_notice, sizeof(participant_notice),
				 "Holdets %d pladser er stadig optaget. Borgeren "
				 "bliver på ventelisten.",
				 c->capacity);
		else
			snprintf(participant_notice, sizeof(participant_notice),
				 "Holdets %d pladser er optaget. Borgeren er sat "
				 "på venteliste som nr. %d.",
				 c->capacity, waiting + 1);
		return 0;
	}
	*to = PARTICIPANT_ADMITTED;
	if (placed + 1 > COHORT_CAPACITY_RECOMMENDED)
		snprintf(participant_notice, sizeof(participant_notice),
			 "Holdet har nu %d deltagere, flere end de anbefalede "
			 "8-10.",
			 placed + 1);
	return 0;
}

static const struct form_spec participant_visitation_form[] = {
	{"date", "Dato for visitationssamtalen", FIELD_DATE, false, 0, 0, NULL},
	{"notes", "Noter fra samtalen", FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"decision", "Afgørelse", FIELD_ENUM, true, 0, 0,
	 participant_decisions},
	{"reason", "Begrundelse", FIELD_TEXTAREA, false, 0, 2000, NULL},
};

static int participant_visitation_write(struct db *w, struct req *r,
					const struct participant *p,
					const struct cohort *c,
					const struct form_value *v, date_t day,
					struct form_invalid *bad)
{
	enum participant_status to = (enum participant_status)participant_status_parse(
		v[2].s);
	sqlite3_stmt *st;
	cJSON *j;
	int rc = 0;

	if (to == PARTICIPANT_ADMITTED)
		rc = participant_admission(w, c, p->status, &to, bad);
	if (rc)
		return rc;
	st = db_stmt(w, participant_sql[PARTICIPANT_SQL_VISITATION_SET]);
	if (st == NULL)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "notes", v[1].s);
	cJSON_AddStringToObject(j, "reason", v[3].s);
	sqlite3_bind_int64(st, 1, p->id);
	participant_bind_date(st, 2, day);
	sqlite3_bind_int64(st, 3, r->session->user_id);
	rc = participant_bind_json(st, 4, j);
	cJSON_Delete(j);
	if (rc < 0 || db_exec_stmt(w, st) != DB_OK)
		return 500;
	if (to != p->status)
		rc = participant_move(w, r, p, to, day, v[3].s, NULL, bad);
	if (rc == 0 && participant_audit(w, r, "participant.visitation", p,
					 NULL, participant_status_names[to]) < 0)
		rc = 500;
	return rc;
}

int participant_visitation_from(struct req *r, const struct participant *p,
				const struct cohort *c, const struct form *f,
				date_t on, struct form_invalid *bad,
				const char **notice)
{
	struct form_value v[4];
	struct db *w;
	date_t day;
	int rc;

	participant_notice[0] = '\0';
	if (notice)
		*notice = NULL;
	if (p->status != PARTICIPANT_REFERRED && p->status != PARTICIPANT_WAITING)
		return participant_invalid(bad, "decision",
					   "Visitationen er afsluttet for "
					   "denne borger.");
	if (form_validate(f, participant_visitation_form, 4, v, bad) < 0)
		return 422;
	rc = participant_event_date(&v[0], p, on, &day, bad);
	if (rc == 0 && strcmp(v[2].s, "not_admitted") == 0 && !v[3].present)
		rc = participant_invalid(bad, "reason",
					 "Skriv hvorfor borgeren ikke optages.");
	if (rc == 0) {
		w = db_writer_lock();
		rc = 500;
		if (db_begin(w) == 0) {
			rc = participant_visitation_write(w, r, p, c, v, day,
							  bad);
			if (rc == 0 && db_commit(w) < 0)
				rc = 500;
		}
		db_rollback(w);
		db_writer_unlock(w);
	}
	form_values_free(v, 4);
	if (rc == 0 && notice && participant_notice[0])
		*notice = participant_notice;
	return rc;
}

static const struct form_spec participant_status_form[] = {
	{"status", "Status", FIELD_ENUM, true, 0, 0, participant_status_names},
	{"date", "Dato", FIELD_DATE, false, 0, 0, NULL},
	{"reason", "Begrundelse", FIELD_TEXTAREA, false, 0, 2000, NULL},
};

/* dialogue: who took part, repeated values; into out as "a,b". */
static int participant_read_dialogue(const struct form *f, char *out,
				     size_t len, struct form_invalid *bad)
{
	size_t i, n = form_count(f, "dialogue");

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *d = form_get_nth(f, "dialogue", i);

		if (*d == '\0')
			continue;
		if (*participant_label(participant_dialogue_names,
				       participant_dialogue_labels, d) == '\0')
			return participant_invalid(bad, "dialogue",
						   "Ukendt deltager i "
						   "dialogen.");
		if (strstr(out, d))
			continue;
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
			 out[0] ? "," : "", d);
	}
	return 0;
}

/* The rules of a status step beyond the transition table. */
static int participant_status_rules(const struct participant *p,
				    const struct cohort *c,
				    enum participant_status to, date_t day,
				    const struct form_value *reason,
				    const char *dialogue,
				    struct form_invalid *bad)
{
	char da[DATE_DA_LEN];

	if (to == PARTICIPANT_NOT_ADMITTED || to == PARTICIPANT_WAITING ||
	    (to == PARTICIPANT_ADMITTED && p->status != PARTICIPANT_WAITING))
		return participant_invalid(bad, "status",
					   "Optagelse og venteliste afgøres "
					   "ved visitationen.");
	if (!participant_transition_allowed(p->status, to)) {
		snprintf(bad->message, sizeof(bad->message),
			 "En borger med status »%s« kan ikke få status »%s«.",
			 participant_status_label(p->status),
			 participant_status_label(to));
		bad->field = "status";
		return 422;
	}
	if ((to == PARTICIPANT_RE_REFERRED || to == PARTICIPANT_DROPPED_OUT) &&
	    !reason->present)
		return participant_invalid(bad, "reason",
					   "Skriv en begrundelse.");
	if (to == PARTICIPANT_RE_REFERRED && *dialogue == '\0')
		return participant_invalid(bad, "dialogue",
					   "Angiv hvem der deltog i dialogen "
					   "om tilbagevisiteringen.");
	if (to == PARTICIPANT_STARTED && day < c->prep_start) {
		date_format_da(c->prep_start, da, sizeof(da));
		snprintf(bad->message, sizeof(bad->message),
			 "Forløbet begynder %s.", da);
		bad->field = "date";
		return 422;
	}
	if (to == PARTICIPANT_COMPLETED && day < c->internship_start) {
		date_format_da(c->internship_start, da, sizeof(da));
		snprintf(bad->message, sizeof(bad->message),
			 "Forløbet kan gennemføres fra praktikken begynder, %s.",
			 da);
		bad->field = "date";
		return 422;
	}
	return 0;
}

int participant_status_from(struct req *r, const struct participant *p,
			    const struct cohort *c, const struct form *f,
			    date_t on, struct form_invalid *bad)
{
	struct form_value v[3];
	enum participant_status to;
	char dialogue[64], detail[64];
	struct db *w;
	date_t day;
	int rc;

	if (form_validate(f, participant_status_form, 3, v, bad) < 0)
		return 422;
	to = (enum participant_status)v[0].i;
	rc = participant_read_dialogue(f, dialogue, sizeof(dialogue), bad);
	/* Taking someone off the waiting list is the visitation's call. */
	if (rc == 0 && to == PARTICIPANT_ADMITTED &&
	    !participant_may(r, p, c, PARTICIPANT_VISITATION))
		rc = participant_invalid(bad, "status",
					 "Kun holdets undervisere og "
					 "projektledere optager fra "
					 "ventelisten.");
	if (rc == 0)
		rc = participant_event_date(&v[1], p, on, &day, bad);
	if (rc == 0)
		rc = participant_status_rules(p, c, to, day, &v[2], dialogue,
					      bad);
	if (rc == 0) {
		w = db_writer_lock();
		rc = 500;
		if (db_begin(w) == 0) {
			rc = 0;
			if (to == PARTICIPANT_ADMITTED)
				rc = participant_admission(w, c, p->status,
							   &to, bad);
			if (rc == 0 && to == PARTICIPANT_WAITING)
				rc = participant_invalid(
					bad, "status",
					"Holdet er fuldt; borgeren bliver på "
					"ventelisten.");
			if (rc == 0)
				rc = participant_move(w, r, p, to, day, v[2].s,
						      dialogue, bad);
			snprintf(detail, sizeof(detail), "%s -> %s",
				 participant_status_names[p->status],
				 participant_status_names[to]);
			if (rc == 0 && participant_audit(w, r,
							 "participant.status",
							 p, NULL, detail) < 0)
				rc = 500;
			if (rc == 0 && db_commit(w) < 0)
				rc = 500;
		}
		db_rollback(w);
		db_writer_unlock(w);
	}
	form_values_free(v, 3);
	return rc;
}

static const struct form_spec participant_outcome_form[] = {
	{"timing", "Tidspunkt", FIELD_ENUM, true, 0, 0, participant_timings},
	{"kind", "Resultat", FIELD_ENUM, true, 0, 0, participant_outcome_kinds},
	{"hours_per_week", "Timer om ugen", FIELD_INT, false, 1, 60, NULL},
	{"other_kind", "Andet", FIELD_ENUM, false, 0, 0,
	 participant_other_kinds},
	{"note", "Note", FIELD_TEXTAREA, false, 0, 2000, NULL},
};

/* The day from which an outcome of timing (0 end, 1 six months) may be
 * recorded. */
static date_t participant_outcome_from_day(const struct cohort *c, long timing)
{
	return timing == 0 ? c->internship_end
			   : date_add_months(c->internship_end, 6);
}

static int participant_outcome_rules(const struct participant *p,
				     const struct cohort *c,
				     const struct form_value *v, date_t on,
				     struct form_invalid *bad)
{
	date_t from = participant_outcome_from_day(c, v[0].i);
	char da[DATE_DA_LEN];

	if (p->started_on == 0)
		return participant_invalid(bad, "timing",
					   "Kun borgere, der er startet i "
					   "forløbet, får et resultat.");
	if (on < from) {
		date_format_da(from, da, sizeof(da));
		snprintf(bad->message, sizeof(bad->message),
			 v[0].i == 0 ? "Forløbet er ikke slut. Resultatet ved "
				       "afslutningen kan registreres fra %s."
				     : "Opfølgningen efter 6 måneder kan "
				       "registreres fra %s.",
			 da);
		bad->field = "timing";
		return 422;
	}
	if (strcmp(v[1].s, "job") == 0 && !v[2].present)
		return participant_invalid(bad, "hours_per_week",
					   "Angiv timer om ugen for job.");
	if (strcmp(v[1].s, "job") != 0 && v[2].present)
		return participant_invalid(bad, "hours_per_week",
					   "Timer om ugen hører kun til job.");
	if (strcmp(v[1].s, "other") == 0 && !v[3].present)
		return participant_invalid(bad, "other_kind",
					   "Vælg opkvalificering, afklaring "
					   "eller ingen videre planer.");
	if (strcmp(v[1].s, "other") != 0 && v[3].present)
		return participant_invalid(bad, "other_kind",
					   "Underkategorien hører kun til "
					   "»Andet«.");
	return 0;
}

static int participant_outcome_write(struct db *w, struct req *r,
				     const struct participant *p,
				     const struct form_value *v, date_t on)
{
	sqlite3_stmt *st = db_stmt(w, participant_sql[PARTICIPANT_SQL_OUTCOME_SET]);
	char detail[64];

	if (st == NULL)
		return 500;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, v[0].s, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, v[1].s, -1, SQLITE_STATIC);
	if (v[2].present)
		sqlite3_bind_int64(st, 4, v[2].i);
	if (v[3].present)
		sqlite3_bind_text(st, 5, v[3].s, -1, SQLITE_STATIC);
	if (secret_bind(st, 6, v[4].present ? v[4].s : NULL) < 0)
		return 500;
	participant_bind_date(st, 7, on);
	sqlite3_bind_int64(st, 8, r->session->user_id);
	sqlite3_bind_text(st, 9, r->session->email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, http_now());
	if (db_exec_stmt(w, st) != DB_OK)
		return 500;
	snprintf(detail, sizeof(detail), "%s %s", v[0].s, v[1].s);
	return participant_audit(w, r, "participant.outcome", p, NULL,
				 detail) < 0
		       ? 500
		       : 0;
}

int participant_outcome_from(struct req *r, const struct participant *p,
			     const struct cohort *c, const struct form *f,
			     date_t on, struct form_invalid *bad)
{
	struct form_value v[5];
	struct db *w;
	int rc;

	if (form_validate(f, participant_outcome_form, 5, v, bad) < 0)
		return 422;
	rc = participant_outcome_rules(p, c, v, on, bad);
	if (rc == 0) {
		w = db_writer_lock();
		rc = 500;
		if (db_begin(w) == 0) {
			rc = participant_outcome_write(w, r, p, v, on);
			if (rc == 0 && db_commit(w) < 0)
				rc = 500;
		}
		db_rollback(w);
		db_writer_unlock(w);
	}
	form_values_free(v, 5);
	return rc;
}

/* Reading the sealed parts for display. */

/* The masked (or, with full, the whole) CPR number of p into out. 0/-1. */
static int participant_cpr_text(struct db *db, int64_t id, bool full,
				char out[CPR_MASKED_LEN])
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[PARTICIPANT_SQL_SECRETS]);
	char *plain = NULL;
	int rc = -1;

	out[0] = '\0';
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (db_step(db, st) == SQLITE_ROW)
		plain = secret_column(st, 0);
	sqlite3_reset(st);
	if (plain && strlen(plain) == CPR_DIGITS) {
		if (full)
			cpr_format(plain, out);
		else
			cpr_mask(plain, out);
		rc = 0;
	}
	secret_free(plain);
	return rc;
}

/* The visitation object ({notes, reason}) of p, or NULL. Caller deletes. */
static cJSON *participant_visitation_load(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[PARTICIPANT_SQL_SECRETS]);
	cJSON *j = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (db_step(db, st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 2) != SQLITE_NULL)
		j = participant_sealed_json(st, 2);
	sqlite3_reset(st);
	return j;
}

typedef void (*participant_row_fn)(void *ctx, sqlite3_stmt *st,
				   const struct participant *p);

/* Runs sql with ?1 = p's id and hands each row to fn. 0 or -1. */
static int participant_rows(struct db *db, enum participant_sql which,
			    const struct participant *p, participant_row_fn fn,
			    void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, participant_sql[which]);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		fn(ctx, st, p);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char *participant_dialogue_text(const char *list, char *out,
					     size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; participant_dialogue_names[i]; i++)
		if (strstr(list, participant_dialogue_names[i]))
			snprintf(out + strlen(out), len - strlen(out), "%s%s",
				 out[0] ? ", " : "",
				 participant_dialogue_labels[i]);
	return out;
}

/* JSON. */

static void participant_json_date(cJSON *o, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	if (d == 0) {
		cJSON_AddNullToObject(o, name);
		return;
	}
	date_format_iso(d, iso);
	cJSON_AddStringToObject(o, name, iso);
}

static void participant_json_history(void *ctx, sqlite3_stmt *st,
				     const struct participant *p)
{
	cJSON *o = cJSON_CreateObject();
	char *reason;

	cJSON_AddStringToObject(o, "date", db_text(st, 0));
	cJSON_AddStringToObject(o, "from", db_text(st, 1));
	cJSON_AddStringToObject(o, "to", db_text(st, 2));
	if (p->access >= PARTICIPANT_ACCESS_HEALTH) {
		reason = secret_column(st, 3);
		cJSON_AddStringToObject(o, "reason", reason ? reason : "");
		secret_free(reason);
	}
	cJSON_AddStringToObject(o, "dialogue", db_text(st, 4));
	cJSON_AddStringToObject(o, "by", db_text(st, 5));
	cJSON_AddItemToArray(ctx, o);
}

static void participant_json_outcome(void *ctx, sqlite3_stmt *st,
				     const struct participant *p)
{
	cJSON *o = cJSON_CreateObject();
	char *note;

	cJSON_AddStringToObject(o, "timing", db_text(st, 0));
	cJSON_AddStringToObject(o, "kind", db_text(st, 1));
	if (sqlite3_column_int(st, 2))
		cJSON_AddNumberToObject(o, "hours_per_week",
					sqlite3_column_int(st, 2));
	if (*db_text(st, 3))
		cJSON_AddStringToObject(o, "other_kind", db_text(st, 3));
	if (p->access >= PARTICIPANT_ACCESS_HEALTH) {
		note = secret_column(st, 4);
		cJSON_AddStringToObject(o, "note", note ? note : "");
		secret_free(note);
	}
	cJSON_AddStringToObject(o, "recorded_on", db_text(st, 5));
	cJSON_AddItemToArray(ctx, o);
}

/* The health object's members, copied into o. */
static void participant_json_health(cJSON *o, const cJSON *h)
{
	static const char *const names[] = {"barriers", "barrier_other",
					    "substance", "criteria", "reason",
					    "wishes"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *item = cJSON_GetObjectItemCaseSensitive(h, names[i]);

		if (item)
			cJSON_AddItemToObject(o, names[i],
					      cJSON_Duplicate(item, true));
	}
}

/*
 * p as JSON for its viewer: what p->access allows and no more. detail adds
 * the history, outcomes and (for health access) the sealed fields. NULL
 * when a sealed value cannot be read.
 */
static cJSON *participant_json(struct db *db, const struct participant *p,
			       bool detail)
{
	cJSON *o = cJSON_CreateObject(), *h = NULL, *vis;
	char cpr[CPR_MASKED_LEN];

	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddNumberToObject(o, "cohort_id", (double)p->cohort_id);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "status", participant_status_names[p->status]);
	if (p->access == PARTICIPANT_ACCESS_FULL) {
		if (participant_cpr_text(db, p->id, false, cpr) < 0)
			goto fail;
		cJSON_AddStringToObject(o, "cpr", cpr);
	}
	cJSON_AddStringToObject(o, "phone", p->phone);
	cJSON_AddStringToObject(o, "email", p->email);
	cJSON_AddStringToObject(o, "address", p->address);
	cJSON_AddNumberToObject(o, "caseworker_id", (double)p->caseworker_id);
	cJSON_AddStringToObject(o, "caseworker", p->caseworker);
	if (p->mentor_id) {
		cJSON_AddNumberToObject(o, "mentor_id", (double)p->mentor_id);
		cJSON_AddStringToObject(o, "mentor", p->mentor);
	} else {
		cJSON_AddNullToObject(o, "mentor_id");
	}
	participant_json_date(o, "referred_on", p->referred_on);
	participant_json_date(o, "started_on", p->started_on);
	participant_json_date(o, "ended_on", p->ended_on);
	if (p->access < PARTICIPANT_ACCESS_WORK)
		return o;
	cJSON_AddNumberToObject(o, "birth_year", p->birth_year);
	if (!detail)
		return o;
	if (p->access >= PARTICIPANT_ACCESS_HEALTH) {
		if (participant_health_load(db, p->id, &h) < 0)
			goto fail;
		participant_json_health(o, h);
		cJSON_Delete(h);
		vis = participant_visitation_load(db, p->id);
		if (vis) {
			participant_json_date(vis, "date", p->visitation_on);
			cJSON_AddItemToObject(o, "visitation", vis);
		}
	}
	if (participant_rows(db, PARTICIPANT_SQL_HISTORY, p,
			     participant_json_history,
			     cJSON_AddArrayToObject(o, "history")) < 0 ||
	    participant_rows(db, PARTICIPANT_SQL_OUTCOMES, p,
			     participant_json_outcome,
			     cJSON_AddArrayToObject(o, "outcomes")) < 0)
		goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

/* Lists and searches. */

struct participant_item {
	struct participant p;
	char cohort[PARTICIPANT_TEXT(200)];
};

struct participant_list {
	struct participant_item *items;
	size_t n, cap;
};

static void participant_list_free(struct participant_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* What a list asks for: a cohort (0: all), a status and a name part (""),
 * or a CPR hash (NULL: none). */
struct participant_filter {
	int64_t cohort_id;
	const char *status, *name;
	const unsigned char *hash;
};

static enum participant_sql participant_list_sql(const struct req *r,
						 const struct participant_filter *q)
{
	if (q->hash)
		return PARTICIPANT_SQL_BY_HASH;
	if (r->session->role == ROLE_CASEWORKER)
		return PARTICIPANT_SQL_LIST_CASEWORKER;
	if (r->session->role == ROLE_MENTOR)
		return PARTICIPANT_SQL_LIST_MENTOR;
	return PARTICIPANT_SQL_LIST_COHORTS;
}

/* Fills l with the participants r's user may see that match q. 0/-1. */
static int participant_list_load(struct req *r,
				 const struct participant_filter *q,
				 struct participant_list *l)
{
	sqlite3_stmt *st = db_stmt(r->db,
				   participant_sql[participant_list_sql(r, q)]);
	struct buf like = BUF_INIT(1024);
	const char *s;
	int rc;

	memset(l, 0, sizeof(*l));
	if (st == NULL)
		return -1;
	participant_bind_viewer(st, r->session);
	if (q->hash) {
		sqlite3_bind_blob(st, 5, q->hash, SECRET_HASH_LEN, SQLITE_STATIC);
	} else {
		if (q->name && *q->name) {
			buf_putc(&like, '%');
			for (s = q->name; *s; s++) {
				if (*s == '%' || *s == '_' || *s == '\\')
					buf_putc(&like, '\\');
				buf_putc(&like, *s);
			}
			buf_putc(&like, '%');
		}
		sqlite3_bind_int64(st, 4, q->cohort_id);
		sqlite3_bind_text(st, 5, q->status ? q->status : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 6, like.data, -1, SQLITE_STATIC);
	}
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 32;
			struct participant_item *grown =
				realloc(l->items, cap * sizeof(*grown));

			if (grown == NULL)
				break;
			l->items = grown;
			l->cap = cap;
		}
		participant_read_row(st, &l->items[l->n].p);
		snprintf(l->items[l->n].cohort, sizeof(l->items[0].cohort),
			 "%s", db_text(st, 17));
		l->n++;
	}
	sqlite3_reset(st);
	buf_free(&like);
	if (rc != SQLITE_DONE) {
		participant_list_free(l);
		return -1;
	}
	return 0;
}

/* Audits every participant of l as read by action. */
static int participant_list_audit(struct req *r, const char *action,
				  const struct participant_list *l,
				  const char *detail)
{
	int64_t *ids = calloc(l->n ? l->n : 1, sizeof(*ids));
	size_t i;
	int rc;

	if (ids == NULL)
		return -1;
	for (i = 0; i < l->n; i++)
		ids[i] = l->items[i].p.id;
	rc = participant_audit_many(r, action, ids, l->n, detail);
	free(ids);
	return rc;
}

static const char participant_cpr_search_refused[] =
	"Kun sagsbehandlere og projektledere kan søge på CPR-nummer.";

static bool participant_cpr_searcher(const struct req *r)
{
	return r->session->role == ROLE_CASEWORKER ||
	       r->session->role == ROLE_PROJECT_LEADER;
}

/* Does a search text look like (part of) a CPR number? Those go by POST
 * only, so they never reach a URL or a log. */
static bool participant_cpr_like(const char *s)
{
	int digits = 0;

	for (; s && *s; s++)
		if (*s >= '0' && *s <= '9')
			digits++;
	return digits >= 6;
}

/* The filter of a list from the query string. 0, or 422 with bad. */
static int participant_filter_query(struct req *r,
				    struct participant_filter *q,
				    struct form_invalid *bad)
{
	const char *cohort = http_query(r, "cohort_id");
	const char *status = http_query(r, "status");
	const char *name = http_query(r, "q");
	char *end = NULL;

	size_t i;

	memset(q, 0, sizeof(*q));
	/* Any other parameter is refused, and one that holds a CPR number is
	 * told why: it would land in URLs and logs. */
	for (i = 0; i < r->query.n; i++) {
		const struct form_field *x = &r->query.fields[i];

		if (strcmp(x->name, "cohort_id") == 0 ||
		    strcmp(x->name, "status") == 0 ||
		    strcmp(x->name, "q") == 0)
			continue;
		bad->field = x->name;
		snprintf(bad->message, sizeof(bad->message), "%s",
			 participant_cpr_like(x->value)
				 ? "Søg efter CPR-nummer med POST, så "
				   "nummeret ikke står i adressen."
				 : "Ukendt filter.");
		return 422;
	}
	if (cohort && *cohort) {
		long long id = strtoll(cohort, &end, 10);

		if (id <= 0 || *end)
			return participant_invalid(bad, "cohort_id",
						   "Ukendt hold.");
		q->cohort_id = id;
	}
	if (status && *status && participant_status_parse(status) < 0)
		return participant_invalid(bad, "status", "Ukendt status.");
	if (name && (form_utf8_length(name) > 100 ||
		     !form_utf8_valid(name, strlen(name))))
		return participant_invalid(bad, "q",
					   "Søgeteksten må højst være 100 "
					   "tegn.");
	if (participant_cpr_like(name))
		return participant_invalid(bad, "q",
					   "Søg efter CPR-nummer i "
					   "søgefeltet på siden (eller med "
					   "POST /api/v1/participants/search), "
					   "så nummeret ikke står i adressen.");
	q->status = status ? status : "";
	q->name = name ? name : "";
	return 0;
}

/* A search from a form's q: a whole CPR number goes by its keyed hash, any
 * other text by name. Only those who may see CPR numbers (cpr_searcher)
 * search by one, and find only citizens whose whole record they see, so
 * no one can match a number to a name they could not read. 0, 403, or 422
 * with bad. */
static int participant_filter_search(const struct form *f, bool cpr_searcher,
				     struct participant_filter *q,
				     unsigned char hash[SECRET_HASH_LEN],
				     struct form_invalid *bad)
{
	const char *text = form_get(f, "q");
	char digits[CPR_DIGITS + 1];
	const char *error = NULL;

	memset(q, 0, sizeof(*q));
	q->status = "";
	q->name = "";
	if (text == NULL || form_utf8_length(text) < 2 ||
	    form_utf8_length(text) > 100)
		return participant_invalid(bad, "q",
					   "Skriv 2-100 tegn: et navn eller "
					   "et CPR-nummer.");
	if (participant_cpr_like(text)) {
		if (!cpr_searcher)
			return 403;
		if (cpr_parse(text, digits, NULL, &error) < 0)
			return participant_invalid(bad, "q", error);
		if (secret_hash(digits, hash) < 0)
			return 500;
		sodium_memzero(digits, sizeof(digits));
		q->hash = hash;
		return 0;
	}
	q->name = text;
	return 0;
}

/* Views. */

static void participant_view_date(struct view *v, const char *name, date_t d)
{
	char da[DATE_DA_LEN], key[48];

	snprintf(key, sizeof(key), "%s_da", name);
	if (d == 0) {
		view_set(v, key, "");
		return;
	}
	date_format_da(d, da, sizeof(da));
	view_set(v, key, da);
}

/* The fields every list row and the page share. */
static void participant_view_basics(struct view *v, const struct participant *p)
{
	view_set_int(v, "id", p->id);
	view_set_int(v, "cohort_id", p->cohort_id);
	view_set(v, "name", p->name);
	view_set(v, "status", participant_status_names[p->status]);
	view_set(v, "status_label", participant_status_label(p->status));
	view_set(v, "caseworker", p->caseworker);
	view_set(v, "mentor", p->mentor);
	view_set(v, "phone", p->phone);
	view_set(v, "email", p->email);
	view_set(v, "address", p->address);
	view_set_bool(v, "show_work", p->access >= PARTICIPANT_ACCESS_WORK);
	if (p->access >= PARTICIPANT_ACCESS_WORK)
		view_set_int(v, "age", date_year(date_today()) - p->birth_year);
	participant_view_date(v, "referred_on", p->referred_on);
	participant_view_date(v, "started_on", p->started_on);
	participant_view_date(v, "ended_on", p->ended_on);
}

static void participant_view_history(void *ctx, sqlite3_stmt *st,
				     const struct participant *p)
{
	struct view *h = view_add(ctx, "history");
	char dialogue[128], *reason;
	date_t d = participant_date(st, 0);
	int from = participant_status_parse(db_text(st, 1));
	int to = participant_status_parse(db_text(st, 2));

	participant_view_date(h, "date", d);
	view_set(h, "to", db_text(st, 2));
	view_set(h, "to_label", to < 0 ? "" : participant_status_label(to));
	view_set(h, "from_label", from < 0 ? "" : participant_status_label(from));
	view_set(h, "by", db_text(st, 5));
	view_set(h, "dialogue", participant_dialogue_text(db_text(st, 4),
							  dialogue,
							  sizeof(dialogue)));
	if (p->access >= PARTICIPANT_ACCESS_HEALTH) {
		reason = secret_column(st, 3);
		view_set(h, "reason", reason ? reason : "");
		secret_free(reason);
	}
}

static void participant_view_outcome(void *ctx, sqlite3_stmt *st,
				     const struct participant *p)
{
	struct view *o = view_add(ctx, "outcomes");
	char *note;

	view_set(o, "timing_label",
		 participant_label(participant_timings,
				   participant_timing_labels, db_text(st, 0)));
	view_set(o, "kind_label",
		 participant_label(participant_outcome_kinds,
				   participant_outcome_labels, db_text(st, 1)));
	if (sqlite3_column_int(st, 2))
		view_set_int(o, "hours", sqlite3_column_int(st, 2));
	view_set(o, "other_label",
		 participant_label(participant_other_kinds,
				   participant_other_labels, db_text(st, 3)));
	if (p->access >= PARTICIPANT_ACCESS_HEALTH) {
		note = secret_column(st, 4);
		view_set(o, "note", note ? note : "");
		secret_free(note);
	}
	view_set(o, "recorded_on", db_text(st, 5));
}

static void participant_view_health(struct view *v, const cJSON *h)
{
	const cJSON *el;

	view_list(v, "barriers");
	cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(h, "barriers"))
		if (cJSON_IsString(el))
			view_set(view_add(v, "barriers"), "label",
				 participant_label(participant_barrier_names,
						   participant_barrier_labels,
						   el->valuestring));
	view_set(v, "barrier_other", participant_health_text(h, "barrier_other"));
	view_set(v, "substance_label",
		 participant_label(participant_substance_names,
				   participant_substance_labels,
				   participant_health_text(h, "substance")));
	view_list(v, "criteria");
	cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(h, "criteria"))
	{
		struct view *c = view_add(v, "criteria");
		const char *a = participant_health_text(el, "answer");

		view_set(c, "text", participant_health_text(el, "text"));
		view_set(c, "answer", a);
		view_set(c, "answer_label", strcmp(a, "yes") == 0  ? "Ja"
					    : strcmp(a, "no") == 0 ? "Nej"
								   : "Ikke besvaret");
		view_set(c, "note", participant_health_text(el, "note"));
	}
	view_set(v, "reason", participant_health_text(h, "reason"));
	view_set(v, "wishes", participant_health_text(h, "wishes"));
}

/* The status steps r's user may take from p's status, as a select. */
static void participant_view_steps(struct req *r, struct view *v,
				   const struct participant *p)
{
	static const enum participant_status steps[] = {
		PARTICIPANT_ADMITTED, PARTICIPANT_STARTED,
		PARTICIPANT_COMPLETED, PARTICIPANT_RE_REFERRED,
		PARTICIPANT_DROPPED_OUT,
	};
	size_t i;
	bool any = false;

	view_list(v, "steps");
	if (!participant_may(r, p, NULL, PARTICIPANT_STATUS))
		return;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct view *s;

		if (!participant_transition_allowed(p->status, steps[i]))
			continue;
		s = view_add(v, "steps");
		view_set(s, "value", participant_status_names[steps[i]]);
		view_set(s, "label", participant_status_label(steps[i]));
		any = true;
	}
	view_set_bool(v, "may_status", any);
	for (i = 0; participant_dialogue_names[i]; i++) {
		struct view *d = view_add(v, "dialogue_choices");

		view_set(d, "value", participant_dialogue_names[i]);
		view_set(d, "label", participant_dialogue_labels[i]);
	}
}

/* The outcome form's choices. */
static void participant_view_outcome_form(struct view *v)
{
	size_t i;

	for (i = 0; participant_timings[i]; i++) {
		struct view *t = view_add(v, "timings");

		view_set(t, "value", participant_timings[i]);
		view_set(t, "label", participant_timing_labels[i]);
	}
	for (i = 0; participant_outcome_kinds[i]; i++) {
		struct view *k = view_add(v, "outcome_kinds");

		view_set(k, "value", participant_outcome_kinds[i]);
		view_set(k, "label", participant_outcome_labels[i]);
	}
	for (i = 0; participant_other_kinds[i]; i++) {
		struct view *k = view_add(v, "other_kinds");

		view_set(k, "value", participant_other_kinds[i]);
		view_set(k, "label", participant_other_labels[i]);
	}
}

static const char *participant_notice_text(const char *code)
{
	if (code == NULL)
		return "";
	if (strcmp(code, "waiting") == 0)
		return "Holdets pladser er optaget. Borgeren er sat på "
		       "venteliste.";
	if (strcmp(code, "over") == 0)
		return "Holdet har nu flere deltagere end de anbefalede 8-10.";
	if (strcmp(code, "saved") == 0)
		return "Gemt.";
	return "";
}

static int participant_sealed_view(struct req *r, const struct participant *p,
				   struct view *v)
{
	cJSON *h = NULL, *vis;

	view_set_bool(v, "show_health", p->access >= PARTICIPANT_ACCESS_HEALTH);
	if (p->access < PARTICIPANT_ACCESS_HEALTH)
		return 0;
	if (participant_health_load(r->db, p->id, &h) < 0)
		return -1;
	participant_view_health(v, h);
	cJSON_Delete(h);
	vis = participant_visitation_load(r->db, p->id);
	view_set_bool(v, "visited", p->visitation_on != 0);
	participant_view_date(v, "visitation_on", p->visitation_on);
	view_set(v, "visitation_notes", participant_health_text(vis, "notes"));
	view_set(v, "visitation_reason", participant_health_text(vis, "reason"));
	cJSON_Delete(vis);
	return 0;
}

/* Pages. */

/* The path's participant ({id}) and cohort; see participant_for_request.
 * With a != PARTICIPANT_ACTION__MAX, also 403 unless r's user may do a. */
static int participant_load(struct req *r, struct participant *p,
			    struct cohort *c, enum participant_action a)
{
	int rc = participant_for_request(r, r->params[0], p, c);

	if (rc)
		return rc;
	if (a != PARTICIPANT_ACTION__MAX && !participant_may(r, p, c, a))
		return http_error(r, 403, "Du har ikke adgang til at gøre "
					  "dette for borgeren.");
	return 0;
}

static void participant_view_permissions(struct req *r, struct view *v,
					 const struct participant *p,
					 const struct cohort *c)
{
	view_set_bool(v, "show_cpr", p->access == PARTICIPANT_ACCESS_FULL);
	view_set_bool(v, "may_edit", participant_may(r, p, c, PARTICIPANT_EDIT));
	view_set_bool(v, "may_reveal",
		      participant_may(r, p, c, PARTICIPANT_REVEAL_CPR));
	view_set_bool(v, "may_visit",
		      participant_may(r, p, c, PARTICIPANT_VISITATION) &&
			      (p->status == PARTICIPANT_REFERRED ||
			       p->status == PARTICIPANT_WAITING));
	view_set_bool(v, "may_outcome",
		      participant_may(r, p, c, PARTICIPANT_OUTCOME) &&
			      p->started_on != 0);
}

static int participant_page_view(struct req *r, struct view *v,
				 const struct participant *p,
				 const struct cohort *c)
{
	char cpr[CPR_MASKED_LEN], today[DATE_ISO_LEN + 1];
	int rc = 0;

	view_set(v, "title", p->name);
	participant_view_basics(v, p);
	view_set(v, "cohort_name", c->name);
	participant_view_permissions(r, v, p, c);
	date_format_iso(date_today(), today);
	view_set(v, "today", today);
	view_set(v, "notice", participant_notice_text(http_query(r, "besked")));
	if (p->access == PARTICIPANT_ACCESS_FULL) {
		rc = participant_cpr_text(r->db, p->id, false, cpr);
		view_set(v, "cpr_masked", cpr);
	}
	participant_view_steps(r, v, p);
	participant_view_outcome_form(v);
	view_list(v, "history");
	view_list(v, "outcomes");
	if (rc == 0)
		rc = participant_sealed_view(r, p, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_WORK)
		rc = participant_rows(r->db, PARTICIPANT_SQL_HISTORY, p,
				      participant_view_history, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_WORK)
		rc = participant_rows(r->db, PARTICIPANT_SQL_OUTCOMES, p,
				      participant_view_outcome, v);
	if (rc == 0)
		rc = talk_view_list(r, p, v);
	if (rc == 0)
		rc = subscription_participant_view(r, p, v);
	if (rc == 0)
		rc = attendance_view_notices(r->db, p->id, v);
	/* The numbers count sick days: health information. */
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_HEALTH)
		rc = attendance_stats_view_participant(r->db, p->id, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_WORK)
		rc = agreement_view_summary(r, p, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_WORK)
		rc = aftercare_view_list(r, p, v);
	return rc;
}

int participant_page(struct req *r)
{
	struct participant p;
	struct cohort c;
	struct view *v;
	int rc = participant_load(r, &p, &c, PARTICIPANT_ACTION__MAX);

	if (rc)
		return rc;
	v = view_new();
	if (v == NULL || participant_page_view(r, v, &p, &c) < 0 ||
	    participant_audit(NULL, r, "participant.read", &p, NULL, "page") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, 200, "participant.html", v);
	view_free(v);
	return rc;
}

/* The list page, for a filter and the list it found. */
static int participant_list_render(struct req *r, int status,
				   const struct participant_filter *q,
				   const struct participant_list *l,
				   const char *error, bool searched)
{
	struct view *v = view_new();
	size_t i;
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Deltagere");
	view_set(v, "error", error);
	view_set(v, "q", q && !q->hash ? q->name : "");
	view_set_bool(v, "searched", searched);
	view_set_int(v, "count", l ? (long)l->n : 0);
	for (i = 0; i < PARTICIPANT_STATUS__MAX; i++) {
		struct view *s = view_add(v, "statuses");

		view_set(s, "value", participant_status_names[i]);
		view_set(s, "label", participant_status_label(i));
		view_set_bool(s, "selected", q && q->status &&
					     strcmp(q->status,
						    participant_status_names[i]) == 0);
	}
	view_list(v, "participants");
	for (i = 0; l && i < l->n; i++) {
		struct view *row = view_add(v, "participants");

		participant_view_basics(row, &l->items[i].p);
		view_set(row, "cohort", l->items[i].cohort);
	}
	rc = http_page(r, status, "participants.html", v);
	view_free(v);
	return rc;
}

int participant_list_page(struct req *r)
{
	struct participant_filter q;
	struct participant_list l;
	struct form_invalid bad = {0};
	int rc;

	if (participant_filter_query(r, &q, &bad))
		return participant_list_render(r, 422, NULL, NULL, bad.message,
					       false);
	if (participant_list_load(r, &q, &l) < 0)
		return http_error(r, 500, NULL);
	if (participant_list_audit(r, "participant.list", &l, "list") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = participant_list_render(r, 200, &q, &l, NULL,
					     q.name[0] != '\0');
	participant_list_free(&l);
	return rc;
}

int participant_search(struct req *r)
{
	unsigned char hash[SECRET_HASH_LEN];
	struct participant_filter q;
	struct participant_list l;
	struct form_invalid bad = {0};
	int rc = participant_filter_search(&r->form, participant_cpr_searcher(r),
					   &q, hash, &bad);

	if (rc == 403)
		return http_error(r, 403, participant_cpr_search_refused);
	if (rc == 422)
		return participant_list_render(r, 422, NULL, NULL, bad.message,
					       false);
	if (rc || participant_list_load(r, &q, &l) < 0)
		return http_error(r, 500, NULL);
	if (participant_list_audit(r, "participant.search", &l,
				   q.hash ? "cpr search" : "name search") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = participant_list_render(r, 200, &q, &l, NULL, true);
	participant_list_free(&l);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* The referral and edit form. */

struct participant_form_source {
	const struct form *f;       /* a form sent back (422), or NULL */
	const struct participant *p; /* the stored participant, or NULL */
	const cJSON *health;        /* its health object, or NULL */
};

/* The value of a field: from the form sent back, else the stored one. */
static const char *participant_form_value(const struct participant_form_source *s,
					  const char *name, const char *stored)
{
	const char *v = s->f ? form_get(s->f, name) : NULL;

	if (s->f)
		return v ? v : "";
	return stored ? stored : "";
}

static void participant_form_people(struct req *r, struct view *v,
				    const struct cohort *c, int64_t caseworker,
				    int64_t mentor)
{
	static const enum participant_sql lists[] = {
		PARTICIPANT_SQL_CASEWORKERS, PARTICIPANT_SQL_MENTORS};
	static const char *const names[] = {"caseworkers", "mentors"};
	int64_t chosen[] = {caseworker, mentor};
	size_t i;

	for (i = 0; i < 2; i++) {
		sqlite3_stmt *st = db_stmt(r->db, participant_sql[lists[i]]);

		view_list(v, names[i]);
		if (st == NULL)
			continue;
		sqlite3_bind_int64(st, 1, c->id);
		while (db_step(r->db, st) == SQLITE_ROW) {
			struct view *o = view_add(v, names[i]);

			view_set_int(o, "id", sqlite3_column_int64(st, 0));
			view_set(o, "name", db_text(st, 1));
			view_set_bool(o, "selected", sqlite3_column_int64(st, 0) ==
							     chosen[i]);
		}
		sqlite3_reset(st);
	}
}

static bool participant_form_has(const struct participant_form_source *s,
				 const char *list, const char *value)
{
	const cJSON *el;
	size_t i;

	if (s->f) {
		for (i = 0; i < form_count(s->f, list); i++)
			if (strcmp(form_get_nth(s->f, list, i), value) == 0)
				return true;
		return false;
	}
	cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(s->health, list))
		if (cJSON_IsString(el) && strcmp(el->valuestring, value) == 0)
			return true;
	return false;
}

static void participant_form_choices(struct view *v,
				     const struct participant_form_source *s)
{
	const char *substance = participant_form_value(
		s, "substance", participant_health_text(s->health, "substance"));
	size_t i;

	for (i = 0; participant_barrier_names[i]; i++) {
		struct view *b = view_add(v, "barrier_choices");

		view_set(b, "value", participant_barrier_names[i]);
		view_set(b, "label", participant_barrier_labels[i]);
		view_set_bool(b, "checked",
			      participant_form_has(s, "barriers",
						   participant_barrier_names[i]));
	}
	for (i = 0; participant_substance_names[i]; i++) {
		struct view *o = view_add(v, "substance_choices");

		view_set(o, "value", participant_substance_names[i]);
		view_set(o, "label", participant_substance_labels[i]);
		view_set_bool(o, "selected",
			      strcmp(substance, participant_substance_names[i]) == 0);
	}
}

static int participant_form_criteria(struct req *r, struct view *v,
				     const struct cohort *c,
				     const struct participant_form_source *s)
{
	char (*t)[PARTICIPANT_CRITERION_LEN] =
		calloc(COHORT_CRITERIA_MAX, PARTICIPANT_CRITERION_LEN);
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(s->health,
							    "criteria");
	char name[32], note[40];
	int i, n;

	if (t == NULL)
		return -1;
	n = participant_criteria_texts(r->db, c->id, t, COHORT_CRITERIA_MAX);
	view_list(v, "criteria");
	for (i = 0; i < n; i++) {
		struct view *k = view_add(v, "criteria");
		const cJSON *prev = cJSON_GetArrayItem(old, i);
		const char *a;

		snprintf(name, sizeof(name), "criterion_%d", i + 1);
		snprintf(note, sizeof(note), "criterion_%d_note", i + 1);
		a = participant_form_value(s, name,
					   participant_health_text(prev, "answer"));
		view_set(k, "field", name);
		view_set(k, "note_field", note);
		view_set_int(k, "number", i + 1);
		view_set(k, "text", t[i]);
		view_set_bool(k, "yes", strcmp(a, "yes") == 0);
		view_set_bool(k, "no", strcmp(a, "no") == 0);
		view_set(k, "note", participant_form_value(
					    s, note, participant_health_text(prev,
									     "note")));
	}
	free(t);
	return n < 0 ? -1 : 0;
}

static int participant_form_render(struct req *r, int status,
				   const struct cohort *c,
				   const struct participant_form_source *s,
				   const struct form_invalid *bad)
{
	const struct participant *p = s->p;
	const cJSON *h = s->health;
	struct view *v = view_new();
	int64_t caseworker = p ? p->caseworker_id : r->session->user_id;
	int64_t mentor = p ? p->mentor_id : 0;
	const char *x;
	int rc = -1;

	if (v == NULL)
		return http_error(r, 500, NULL);
	if (s->f && (x = form_get(s->f, "caseworker_id")))
		caseworker = strtoll(x, NULL, 10);
	if (s->f && (x = form_get(s->f, "mentor_id")))
		mentor = strtoll(x, NULL, 10);
	view_set(v, "title", p ? "Ret borgerens oplysninger" : "Henvis borger");
	view_set_bool(v, "editing", p != NULL);
	view_set_int(v, "id", p ? p->id : 0);
	view_set_int(v, "cohort_id", c->id);
	view_set(v, "cohort_name", c->name);
	view_set(v, "error", bad ? bad->message : NULL);
	view_set(v, "error_field", bad ? bad->field : NULL);
	view_set(v, "name", participant_form_value(s, "name", p ? p->name : ""));
	view_set(v, "cpr", s->f ? participant_form_value(s, "cpr", "") : "");
	view_set(v, "phone", participant_form_value(s, "phone", p ? p->phone : ""));
	view_set(v, "email", participant_form_value(s, "email", p ? p->email : ""));
	view_set(v, "address",
		 participant_form_value(s, "address", p ? p->address : ""));
	view_set(v, "barrier_other",
		 participant_form_value(s, "barrier_other",
					participant_health_text(h, "barrier_other")));
	view_set(v, "reason", participant_form_value(
				      s, "reason", participant_health_text(h, "reason")));
	view_set(v, "wishes", participant_form_value(
				      s, "wishes", participant_health_text(h, "wishes")));
	participant_form_people(r, v, c, caseworker, mentor);
	participant_form_choices(v, s);
	if (participant_form_criteria(r, v, c, s) == 0)
		rc = http_page(r, status, "participant_form.html", v);
	else
		rc = http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

int participant_new_page(struct req *r)
{
	struct participant_form_source s = {0};
	struct form_invalid bad = {0};
	struct cohort c;
	const char *closed;
	struct actor a = http_actor(r);
	int rc = cohort_get(r->db, &a, r->params[0], &c);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	closed = participant_referral_closed(r, &c, date_today());
	if (closed)
		participant_invalid(&bad, "cohort_id", closed);
	return participant_form_render(r, 200, &c, &s, closed ? &bad : NULL);
}

/* To the participant's page, or to the list when the change took the
 * participant out of the user's sight. */
static int participant_redirect(struct req *r, int64_t id, const char *notice)
{
	struct participant p;
	char loc[96];

	if (participant_get(r->db, r->session, id, &p) == 1)
		return http_redirect(r, "/participants");

	snprintf(loc, sizeof(loc), "/participants/%lld%s%s", (long long)id,
		 notice ? "?besked=" : "", notice ? notice : "");
	return http_redirect(r, loc);
}

int participant_create(struct req *r)
{
	struct participant_form_source s = {&r->form, NULL, NULL};
	struct form_invalid bad = {0};
	struct cohort c;
	const char *cohort = form_get(&r->form, "cohort_id");
	struct actor a = http_actor(r);
	int64_t id = 0;
	int rc = participant_create_from(r, &r->form, date_today(), &id, &bad);

	if (rc == 0)
		return participant_redirect(r, id, NULL);
	if (rc != 422)
		return http_error(r, 500, NULL);
	if (cohort == NULL ||
	    cohort_get(r->db, &a, strtoll(cohort, NULL, 10), &c) != 0)
		return http_error(r, 422, bad.message);
	return participant_form_render(r, 422, &c, &s, &bad);
}

int participant_edit_page(struct req *r)
{
	struct participant_form_source s = {0};
	struct participant p;
	struct cohort c;
	cJSON *h = NULL;
	int rc = participant_load(r, &p, &c, PARTICIPANT_EDIT);

	if (rc)
		return rc;
	if (participant_health_load(r->db, p.id, &h) < 0 ||
	    participant_audit(NULL, r, "participant.read", &p, NULL, "edit") < 0) {
		cJSON_Delete(h);
		return http_error(r, 500, NULL);
	}
	s.p = &p;
	s.health = h;
	rc = participant_form_render(r, 200, &c, &s, NULL);
	cJSON_Delete(h);
	return rc;
}

int participant_update(struct req *r)
{
	struct participant_form_source s = {&r->form, NULL, NULL};
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, PARTICIPANT_EDIT);

	if (rc)
		return rc;
	rc = participant_update_from(r, &p, &c, &r->form, true, &bad);
	if (rc == 0)
		return participant_redirect(r, p.id, "saved");
	if (rc != 422)
		return http_error(r, 500, NULL);
	s.p = &p;
	return participant_form_render(r, 422, &c, &s, &bad);
}

/* Visitation, a status step or an outcome from r's form, as of today. */
static int participant_take_step(struct req *r, enum participant_action a,
				 const struct participant *p,
				 const struct cohort *c,
				 struct form_invalid *bad, const char **notice)
{
	if (a == PARTICIPANT_VISITATION)
		return participant_visitation_from(r, p, c, &r->form,
						   date_today(), bad, notice);
	if (a == PARTICIPANT_STATUS)
		return participant_status_from(r, p, c, &r->form, date_today(),
					       bad);
	return participant_outcome_from(r, p, c, &r->form, date_today(), bad);
}

/* The steps posted from the participant page. */
static int participant_step(struct req *r, enum participant_action a)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	const char *notice = NULL;
	int rc = participant_load(r, &p, &c, a);

	if (rc)
		return rc;
	rc = participant_take_step(r, a, &p, &c, &bad, &notice);
	if (rc == 422)
		return http_error(r, 422, bad.message);
	if (rc)
		return http_error(r, 500, NULL);
	if (notice)
		notice = strstr(notice, "venteliste") ? "waiting" : "over";
	return participant_redirect(r, p.id, notice ? notice : "saved");
}

int participant_visitation(struct req *r)
{
	return participant_step(r, PARTICIPANT_VISITATION);
}

int participant_set_status(struct req *r)
{
	return participant_step(r, PARTICIPANT_STATUS);
}

int participant_outcome(struct req *r)
{
	return participant_step(r, PARTICIPANT_OUTCOME);
}

/* Revealing the CPR number, and who has looked at a citizen. */

/* Why a CPR number is revealed: a closed list, so the audit row holds no
 * free text; what more there is to say goes in a note sealed like the
 * health fields (required for "other"). */
static const char *const participant_cpr_purposes[] = {
	"payment", "case_record", "authority", "identity", "data_request",
	"other", NULL,
};

static const char *const participant_cpr_purpose_labels[] = {
	"Udbetaling eller indberetning til ydelsessystemet",
	"Journalisering i borgerens sag",
	"Henvendelse til en anden myndighed",
	"Bekræftelse af borgerens identitet",
	"Borgerens anmodning om indsigt",
	"Andet (se noten)",
};

enum { CPR_PURPOSE_OTHER = 5 };

static const struct form_spec participant_purpose_form[] = {
	{"purpose", "Formål", FIELD_ENUM, true, 0, 0, participant_cpr_purposes},
	{"note", "Note", FIELD_TEXTAREA, false, 0, 500, NULL},
};
enum { PURPOSE_KIND, PURPOSE_NOTE, PURPOSE__N };

/* Reveals p's CPR number for the purpose in r's form into out, with the
 * audit row. 0, 422 with bad, or 500. */
static int participant_reveal(struct req *r, const struct participant *p,
			      char out[CPR_MASKED_LEN],
			      struct form_invalid *bad)
{
	struct form_value v[PURPOSE__N];
	struct audit_entry e = audit_for(r, "participant.cpr_reveal");
	char subject[48];
	struct db *w;
	int rc = 500;

	out[0] = '\0';
	if (form_validate(&r->form, participant_purpose_form, PURPOSE__N, v,
			  bad) < 0)
		return 422;
	if (v[PURPOSE_KIND].i == CPR_PURPOSE_OTHER &&
	    form_utf8_length(v[PURPOSE_NOTE].s) < 5) {
		form_values_free(v, PURPOSE__N);
		bad->field = "note";
		snprintf(bad->message, sizeof(bad->message),
			 "Skriv i noten, hvorfor du skal se CPR-nummeret.");
		return 422;
	}
	snprintf(subject, sizeof(subject), "deltager %lld", (long long)p->id);
	e.subject_type = "participant";
	e.subject_id = p->id;
	e.subject = subject;
	e.purpose = participant_cpr_purpose_labels[v[PURPOSE_KIND].i];
	e.note = v[PURPOSE_NOTE].s;
	/* Durable before the number is shown. */
	w = db_writer_lock();
	if (db_begin(w) == 0 && audit_write(w, &e) == 0 && db_commit(w) == 0 &&
	    participant_cpr_text(r->db, p->id, true, out) == 0)
		rc = 0;
	db_writer_unlock(w);
	form_values_free(v, PURPOSE__N);
	return rc;
}

/* The purposes to choose from, with what was posted kept. */
static void participant_cpr_choices(struct req *r, struct view *v)
{
	const char *given = form_get(&r->form, "purpose");
	const char *note = form_get(&r->form, "note");
	size_t i;

	for (i = 0; participant_cpr_purposes[i]; i++) {
		struct view *o = view_add(v, "purposes");

		view_set(o, "value", participant_cpr_purposes[i]);
		view_set(o, "label", participant_cpr_purpose_labels[i]);
		view_set_bool(o, "checked",
			      given && strcmp(given, participant_cpr_purposes[i]) ==
					       0);
	}
	view_set(v, "note", note && form_utf8_valid(note, strlen(note)) ? note
									  : "");
}

static int participant_cpr_render(struct req *r, int status,
				  const struct participant *p, const char *cpr,
				  const char *error)
{
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "CPR-nummer");
	view_set_int(v, "id", p->id);
	view_set(v, "name", p->name);
	view_set(v, "cpr", cpr);
	view_set_bool(v, "revealed", cpr && *cpr);
	view_set(v, "error", error);
	participant_cpr_choices(r, v);
	rc = http_page(r, status, "participant_cpr.html", v);
	view_free(v);
	return rc;
}

int participant_cpr_page(struct req *r)
{
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	return participant_cpr_render(r, 200, &p, NULL, NULL);
}

int participant_cpr_reveal(struct req *r)
{
	struct form_invalid bad = {0};
	char cpr[CPR_MASKED_LEN];
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	rc = participant_reveal(r, &p, cpr, &bad);
	if (rc == 422)
		rc = participant_cpr_render(r, 422, &p, NULL, bad.message);
	else if (rc)
		rc = http_error(r, 500, NULL);
	else
		rc = participant_cpr_render(r, 200, &p, cpr, NULL);
	sodium_memzero(cpr, sizeof(cpr));
	return rc;
}

/* Fills v's "entries" (or the JSON array) from the audit rows about p. */
static int participant_access_rows(struct req *r, const struct participant *p,
				   struct view *v, cJSON *list)
{
	sqlite3_stmt *st = db_stmt(r->db,
				   participant_sql[PARTICIPANT_SQL_ACCESS_LOG]);
	char when[DATE_DA_LEN];
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		int64_t at = sqlite3_column_int64(st, 0);
		int64_t latest = sqlite3_column_int64(st, 6);
		int count = sqlite3_column_int(st, 5);
		char *note = NULL;

		/* A sealed note (a CPR reveal's): for this log's readers,
		 * who see the whole record, and no one else. */
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			note = secret_column(st, 7);
			if (note == NULL) {
				rc = SQLITE_ERROR;
				break;
			}
		}

		if (v) {
			struct view *e = view_add(v, "entries");
			char hm[6];

			/* Reads are counted per hour: from first to last. */
			date_format_da_moment(at, when, sizeof(when));
			if (latest > at) {
				struct tm tm;
				time_t t = (time_t)latest;

				localtime_r(&t, &tm);
				date_format_hhmm(tm.tm_hour * 60 + tm.tm_min,
						 hm);
				view_setf(e, "when", "%s–%s", when, hm);
			} else {
				view_set(e, "when", when);
			}
			view_set(e, "actor", db_text(st, 1));
			view_set(e, "action",
				 audit_label_of(db_text(st, 2)));
			if (count > 1)
				view_setf(e, "times", "%d gange", count);
			view_set(e, "purpose", db_text(st, 3));
			view_set(e, "note", note);
			view_set(e, "detail", db_text(st, 4));
		} else {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddNumberToObject(o, "at", (double)at);
			cJSON_AddNumberToObject(o, "last_at", (double)latest);
			cJSON_AddNumberToObject(o, "count", count);
			cJSON_AddStringToObject(o, "actor", db_text(st, 1));
			cJSON_AddStringToObject(o, "action", db_text(st, 2));
			cJSON_AddStringToObject(o, "purpose", db_text(st, 3));
			if (note)
				cJSON_AddStringToObject(o, "note", note);
			cJSON_AddStringToObject(o, "detail", db_text(st, 4));
			cJSON_AddItemToArray(list, o);
		}
		secret_free(note);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int participant_access_page(struct req *r)
{
	struct participant p;
	struct cohort c;
	struct view *v;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	/* The look at the log is itself in the log, first. */
	if (participant_audit(NULL, r, "participant.access_log", &p, NULL,
			      NULL) < 0)
		return http_error(r, 500, NULL);
	v = view_new();
	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Adgangslog");
	view_set_int(v, "id", p.id);
	view_set(v, "name", p.name);
	view_list(v, "entries");
	rc = participant_access_rows(r, &p, v, NULL) < 0
		     ? http_error(r, 500, NULL)
		     : http_page(r, 200, "participant_access.html", v);
	view_free(v);
	return rc;
}

/* API. */

/* Answers participant id as JSON. After a change (audit false) the
 * caller may no longer see the participant (a caseworker who handed the
 * citizen to a colleague): then only the id, with "visible": false. */
static int participant_api_answer(struct req *r, int status, int64_t id,
				  bool audit)
{
	struct participant p;
	cJSON *j;
	int rc;

	if (!audit && participant_get(r->db, r->session, id, &p) == 1) {
		j = cJSON_CreateObject();
		cJSON_AddNumberToObject(j, "id", (double)id);
		cJSON_AddBoolToObject(j, "visible", false);
		return http_json(r, status, j);
	}
	rc = participant_for_request(r, id, &p, NULL);
	if (rc)
		return rc;
	j = participant_json(r->db, &p, true);
	if (j == NULL || (audit && participant_audit(NULL, r, "participant.read",
						     &p, NULL, "api") < 0)) {
		cJSON_Delete(j);
		return http_error(r, 500, NULL);
	}
	return http_json(r, status, j);
}

int participant_api_get(struct req *r)
{
	return participant_api_answer(r, 200, r->params[0], true);
}

static int participant_api_list_answer(struct req *r,
				       const struct participant_filter *q,
				       const char *action, const char *detail)
{
	struct participant_list l;
	cJSON *root, *list, *j;
	size_t i;

	if (participant_list_load(r, q, &l) < 0)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "participants");
	for (i = 0; i < l.n; i++) {
		j = participant_json(r->db, &l.items[i].p, false);
		if (j == NULL)
			break;
		cJSON_AddItemToArray(list, j);
	}
	if (i < l.n || participant_list_audit(r, action, &l, detail) < 0) {
		participant_list_free(&l);
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	participant_list_free(&l);
	return http_json(r, 200, root);
}

int participant_api_list(struct req *r)
{
	struct participant_filter q;
	struct form_invalid bad = {0};

	if (participant_filter_query(r, &q, &bad))
		return http_invalid(r, bad.field, bad.message);
	return participant_api_list_answer(r, &q, "participant.list", "api");
}

int participant_api_search(struct req *r)
{
	unsigned char hash[SECRET_HASH_LEN];
	struct participant_filter q;
	struct form_invalid bad = {0};
	int rc = participant_filter_search(&r->form, participant_cpr_searcher(r),
					   &q, hash, &bad);

	if (rc == 403)
		return http_error(r, 403, participant_cpr_search_refused);
	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, 500, NULL);
	rc = participant_api_list_answer(r, &q, "participant.search",
					 q.hash ? "cpr search" : "name search");
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int participant_api_create(struct req *r)
{
	struct form_invalid bad = {0};
	int64_t id = 0;
	int rc;

	if (participant_json_criteria(r) < 0)
		return http_invalid(r, "criteria",
				    "criteria skal være en liste af "
				    "{\"answer\": \"yes\"|\"no\", \"note\": "
				    "\"...\"}.");
	rc = participant_create_from(r, &r->form, date_today(), &id, &bad);
	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, rc, NULL);
	return participant_api_answer(r, 201, id, false);
}

int participant_api_update(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, PARTICIPANT_EDIT);

	if (rc)
		return rc;
	if (participant_json_criteria(r) < 0)
		return http_invalid(r, "criteria", "Ugyldig liste af kriterier.");
	rc = participant_update_from(r, &p, &c, &r->form, false, &bad);
	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, 500, NULL);
	return participant_api_answer(r, 200, p.id, false);
}

/* The API twin of participant_step: answers the participant. */
static int participant_api_step(struct req *r, enum participant_action a)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	const char *notice = NULL;
	cJSON *j;
	int rc = participant_load(r, &p, &c, a);

	if (rc)
		return rc;
	rc = participant_take_step(r, a, &p, &c, &bad, &notice);
	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, 500, NULL);
	if (participant_get(r->db, r->session, p.id, &p) != 0)
		return http_error(r, 500, NULL);
	j = participant_json(r->db, &p, true);
	if (j == NULL)
		return http_error(r, 500, NULL);
	if (notice)
		cJSON_AddStringToObject(j, "notice", notice);
	return http_json(r, 200, j);
}

int participant_api_visitation(struct req *r)
{
	return participant_api_step(r, PARTICIPANT_VISITATION);
}

int participant_api_status(struct req *r)
{
	return participant_api_step(r, PARTICIPANT_STATUS);
}

int participant_api_outcome(struct req *r)
{
	return participant_api_step(r, PARTICIPANT_OUTCOME);
}

int participant_api_cpr(struct req *r)
{
	struct form_invalid bad = {0};
	char cpr[CPR_MASKED_LEN];
	struct participant p;
	struct cohort c;
	cJSON *j;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	rc = participant_reveal(r, &p, cpr, &bad);
	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, 500, NULL);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", (double)p.id);
	cJSON_AddStringToObject(j, "cpr", cpr);
	sodium_memzero(cpr, sizeof(cpr));
	return http_json(r, 200, j);
}

int participant_api_access(struct req *r)
{
	struct participant p;
	struct cohort c;
	cJSON *root;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	if (participant_audit(NULL, r, "participant.access_log", &p, NULL,
			      "api") < 0)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "participant_id", (double)p.id);
	if (participant_access_rows(r, &p, NULL,
				    cJSON_AddArrayToObject(root, "entries")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

/* The cohort page and the start page. */

static int participant_compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The roster's row for id in the list, or NULL when the viewer does not
 * see that participant. */
static const struct participant *participant_in(const struct participant_list *l,
						int64_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i].p.id == id)
			return &l->items[i].p;
	return NULL;
}

/* A participant whose age is far (ten years or more) from the median of the
 * rest of the group gets a hint: the catalogue warns against one member
 * standing out, such as one much older than the others. */
#define PARTICIPANT_AGE_GAP 10

static int participant_age_hints(struct req *r, const struct cohort *c,
				 const struct participant_list *roster,
				 struct view *v)
{
	sqlite3_stmt *st = db_stmt(r->db,
				   participant_sql[PARTICIPANT_SQL_GROUP_AGES]);
	int64_t ids[COHORT_CAPACITY_MAX];
	int ages[COHORT_CAPACITY_MAX], rest[COHORT_CAPACITY_MAX];
	int year = date_year(date_today()), n = 0, i, j, k, median;
	char text[1200];

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	while (db_step(r->db, st) == SQLITE_ROW && n < COHORT_CAPACITY_MAX) {
		ids[n] = sqlite3_column_int64(st, 0);
		ages[n++] = year - sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	/* Only for viewers who see the whole group: a hint must not tell
	 * anyone the age of a participant they may not see. */
	for (i = 0; i < n; i++) {
		const struct participant *p = participant_in(roster, ids[i]);

		if (p == NULL || p->access < PARTICIPANT_ACCESS_WORK)
			return 0;
	}
	for (i = 0; n >= 3 && i < n; i++) {
		const struct participant *p = participant_in(roster, ids[i]);

		for (j = 0, k = 0; j < n; j++)
			if (j != i)
				rest[k++] = ages[j];
		qsort(rest, (size_t)k, sizeof(rest[0]), participant_compare_int);
		median = k % 2 ? rest[k / 2] : (rest[k / 2 - 1] + rest[k / 2]) / 2;
		if (abs(ages[i] - median) < PARTICIPANT_AGE_GAP)
			continue;
		snprintf(text, sizeof(text),
			 "%s (ca. %d år) er markant %s end resten af holdet "
			 "(typisk %d år). Overvej om gruppen passer til "
			 "borgeren.",
			 p->name, ages[i],
			 ages[i] > median ? "ældre" : "yngre", median);
		view_set(view_add(v, "group_hints"), "text", text);
	}
	return 0;
}

static void participant_size_hint(struct view *v, int admitted)
{
	char text[300];

	if (admitted > 0 && admitted < COHORT_CAPACITY_MIN)
		snprintf(text, sizeof(text),
			 "Der er %d optaget på holdet. Et hold bør have mindst "
			 "%d deltagere.",
			 admitted, COHORT_CAPACITY_MIN);
	else if (admitted > COHORT_CAPACITY_RECOMMENDED)
		snprintf(text, sizeof(text),
			 "Holdet har %d optagne deltagere, flere end de "
			 "anbefalede 8-10. På store hold er det lettere at "
			 "gemme sig, og sværere at dele sine barrierer.",
			 admitted);
	else
		return;
	view_set(view_add(v, "group_hints"), "text", text);
}

int participant_cohort_view(struct req *r, const struct cohort *c,
			    struct view *v)
{
	struct participant_list l = {0};
	sqlite3_stmt *st = db_stmt(r->db, participant_sql[PARTICIPANT_SQL_ROSTER]);
	int admitted = participant_admitted_count(r->db, c->id), rc, waiting = 0;

	if (st == NULL || admitted < 0)
		return -1;
	participant_bind_viewer(st, r->session);
	sqlite3_bind_int64(st, 4, c->id);
	view_list(v, "participants");
	view_list(v, "group_hints");
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		struct participant_item *grown;

		if (l.n == l.cap) {
			l.cap = l.cap ? l.cap * 2 : 16;
			grown = realloc(l.items, l.cap * sizeof(*grown));
			if (grown == NULL)
				break;
			l.items = grown;
		}
		participant_read_row(st, &l.items[l.n].p);
		waiting += l.items[l.n].p.status == PARTICIPANT_WAITING;
		participant_view_basics(view_add(v, "participants"),
					&l.items[l.n++].p);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		participant_list_free(&l);
		return -1;
	}
	view_set_int(v, "admitted", admitted);
	view_set_int(v, "waiting", waiting);
	view_set_bool(v, "may_refer",
		      participant_referral_closed(r, c, date_today()) == NULL);
	participant_size_hint(v, admitted);
	rc = participant_age_hints(r, c, &l, v);
	if (rc == 0 && l.n)
		rc = participant_list_audit(r, "participant.list", &l,
					    "cohort roster");
	participant_list_free(&l);
	return rc;
}

int participant_start_view(struct req *r, struct view *v)
{
	enum participant_sql which;
	sqlite3_stmt *st;
	char today[DATE_ISO_LEN + 1];
	int64_t ids[50];
	size_t n = 0;
	int rc;

	view_list(v, "due");
	if (r->session->role == ROLE_CASEWORKER)
		which = PARTICIPANT_SQL_DUE_CASEWORKER;
	else if (r->session->role == ROLE_PROJECT_LEADER)
		which = PARTICIPANT_SQL_DUE_LEADER;
	else
		return 0;
	view_set_bool(v, "follows_up", true);
	st = db_stmt(r->db, participant_sql[which]);
	if (st == NULL)
		return -1;
	date_format_iso(date_today(), today);
	sqlite3_bind_int64(st, 1, which == PARTICIPANT_SQL_DUE_CASEWORKER
					  ? r->session->user_id
					  : r->session->organisation_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW && n < 50) {
		struct view *d = view_add(v, "due");

		ids[n++] = sqlite3_column_int64(st, 0);
		view_set_int(d, "id", sqlite3_column_int64(st, 0));
		view_set(d, "name", db_text(st, 1));
		view_set(d, "cohort", db_text(st, 2));
		participant_view_date(d, "due", participant_date(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return -1;
	/* The names shown are reads too. */
	return n ? participant_audit_many(r, "participant.list", ids, n,
					  "follow-ups due")
		 : 0;
}
