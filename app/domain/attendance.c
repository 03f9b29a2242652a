/*
 * attendance: reading a course day's marks: the day and who may mark it,
 * its roster with marks, notes and absence announced ahead (both sealed),
 * and the start pages' lists of days.
 */
#include "attendance.h"

#include "actor.h"
#include "array.h"
#include "cohort.h"
#include "db.h"
#include "role.h"
#include "secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const attendance_status_names[ATTENDANCE_STATUS__MAX + 1] = {
	"present", "late", "left_early", "announced", "sick", "absent", NULL,
};

static const char *const attendance_status_labels[ATTENDANCE_STATUS__MAX] = {
	"Til stede",   "For sent", "Gået tidligt",
	"Meldt afbud", "Syg",	   "Fravær uden afbud",
};

const char attendance_mark_refused[] =
	"Kun holdets undervisere og projektledere registrerer fremmøde.";

const char *attendance_status_label(enum attendance_status s)
{
	return (unsigned)s < ATTENDANCE_STATUS__MAX
		       ? attendance_status_labels[s]
		       : "";
}

int attendance_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < ATTENDANCE_STATUS__MAX; i++)
		if (strcmp(name, attendance_status_names[i]) == 0)
			return i;
	return -1;
}

bool attendance_status_has_minutes(enum attendance_status s)
{
	return s == ATTENDANCE_LATE || s == ATTENDANCE_LEFT_EARLY;
}

bool attendance_status_attended(enum attendance_status s)
{
	return s == ATTENDANCE_PRESENT || s == ATTENDANCE_LATE ||
	       s == ATTENDANCE_LEFT_EARLY;
}

bool attendance_enrolled(date_t started_on, date_t ended_on, date_t day)
{
	return started_on != 0 && started_on <= day &&
	       (ended_on == 0 || day <= ended_on);
}

enum attendance_sql {
	ATT_SQL_DAY,
	ATT_SQL_STAFF,
	ATT_SQL_ROSTER,
	ATT_SQL_TAKEN,
	ATT_SQL_TODAY,
	ATT_SQL_UNTAKEN_INSTRUCTOR,
	ATT_SQL_UNTAKEN_LEADER,
	ATT_SQL__MAX
};

/* The cohorts a project leader follows: their organisation's, and those
 * they are on the staff of. ?1 user, ?2 organisation. */
#define ATT_LEADER_COHORTS                                                     \
	"SELECT id FROM cohort WHERE job_centre_id = ?2 UNION SELECT id FROM " \
	"cohort WHERE provider_id = ?2 UNION SELECT cohort_id FROM "           \
	"cohort_staff WHERE user_id = ?1 AND role = 'project_leader'"
/* An instructor's: ?1 user (?2 is bound but not used). */
#define ATT_INSTRUCTOR_COHORTS                                                 \
	"SELECT cohort_id FROM cohort_staff WHERE user_id = ?1 AND role = "    \
	"'instructor'"

/* Past course days without marks: ?3 the first day looked at, ?4 today,
 * ?5 minutes after midnight now. */
#define ATT_UNTAKEN(cohorts)                                                   \
	"SELECT d.id, d.date, d.start_min, d.end_min, c.id, c.name FROM "      \
	"course_day d JOIN cohort c ON c.id = d.cohort_id WHERE d.cohort_id "  \
	"IN (" cohorts ") AND d.date BETWEEN ?3 AND ?4 AND d.status != "       \
	"'cancelled' AND c.state != 'cancelled' AND (d.date < ?4 OR "          \
	"d.end_min <= ?5) AND NOT EXISTS (SELECT 1 FROM attendance_taken t "   \
	"WHERE t.day_id = d.id) ORDER BY d.date DESC, d.start_min DESC, "      \
	"c.name LIMIT 50"

static const struct db_sql attendance_sql[ATT_SQL__MAX] = {
	[ATT_SQL_DAY] = {"SELECT d.id, d.cohort_id, d.date, d.start_min, "
			 "d.end_min, d.kind, d.status, d.title, c.name, "
			 "c.job_centre_id, c.provider_id, c.state FROM "
			 "course_day d JOIN cohort c ON c.id = d.cohort_id "
			 "WHERE d.id = ?1",
			 "i"},
	[ATT_SQL_STAFF] = {"SELECT count(*) FROM cohort_staff WHERE "
			   "cohort_id = ?1 AND user_id = ?2 AND role = ?3",
			   "iit"},
	/* Everyone of the cohort who has started, with the day's mark and
	 * the absence announced ahead that covers the day (?2 day, ?3 its
	 * date); whether each is enrolled that day is decided in C. */
	[ATT_SQL_ROSTER] =
		{"SELECT p.id, p.name, p.started_on, coalesce(p.ended_on, ''), "
		 "p.caseworker_id, coalesce(p.mentor_id, 0), a.status, "
		 "coalesce(a.minutes, 0), a.note_enc, coalesce(a.version, 0), "
		 "coalesce(n.id, 0), coalesce(n.first_date, ''), "
		 "coalesce(n.last_date, ''), n.comment_enc FROM participant p "
		 "LEFT JOIN attendance a ON a.day_id = ?2 AND "
		 "a.participant_id = p.id LEFT JOIN absence_notice n ON n.id = "
		 "(SELECT max(x.id) FROM absence_notice x WHERE "
		 "x.participant_id = p.id AND x.withdrawn_at IS NULL AND "
		 "x.first_date <= ?3 AND x.last_date >= ?3) WHERE p.cohort_id "
		 "= ?1 AND p.started_on IS NOT NULL AND p.status IN "
		 "('started', 'completed', 'dropped_out', 're_referred') ORDER "
		 "BY p.name COLLATE NOCASE, p.id LIMIT 200",
		 "iit"},
	[ATT_SQL_TAKEN] = {"SELECT count(*) FROM attendance_taken WHERE "
			   "day_id = ?1",
			   "i"},
	/* ?1 today, ?2 user, ?3 role, ?4 organisation. */
	[ATT_SQL_TODAY] =
		{"SELECT d.id, d.date, d.start_min, d.end_min, d.kind, c.id, "
		 "c.name, EXISTS (SELECT 1 FROM attendance_taken t WHERE "
		 "t.day_id = d.id) FROM course_day d JOIN cohort c ON c.id = "
		 "d.cohort_id WHERE d.date = ?1 AND d.status != 'cancelled' "
		 "AND c.state != 'cancelled' AND (EXISTS (SELECT 1 FROM "
		 "cohort_staff s WHERE s.cohort_id = c.id AND s.user_id = ?2 "
		 "AND s.role = ?3) OR (?3 = 'project_leader' AND ?4 IN "
		 "(c.job_centre_id, c.provider_id))) ORDER BY d.start_min, "
		 "c.name, d.id LIMIT 50",
		 "titi"},
	[ATT_SQL_UNTAKEN_INSTRUCTOR] = {ATT_UNTAKEN(ATT_INSTRUCTOR_COHORTS),
					"iitti"},
	[ATT_SQL_UNTAKEN_LEADER] = {ATT_UNTAKEN(ATT_LEADER_COHORTS), "iitti"},
};

/* The first column of q's only row, or -1. */
static int64_t attendance_count(struct db *db, sqlite3_stmt *st)
{
	int64_t n = -1;

	if (st == NULL)
		return -1;
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* The day. */

static void attendance_day_read(sqlite3_stmt *st, struct attendance_day *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->cohort_id = sqlite3_column_int64(st, 1);
	d->date = db_date(st, 2);
	d->start = sqlite3_column_int(st, 3);
	d->end = sqlite3_column_int(st, 4);
	snprintf(d->kind, sizeof(d->kind), "%s", db_text(st, 5));
	snprintf(d->status, sizeof(d->status), "%s", db_text(st, 6));
	snprintf(d->title, sizeof(d->title), "%s", db_text(st, 7));
	snprintf(d->cohort, sizeof(d->cohort), "%s", db_text(st, 8));
	d->job_centre_id = sqlite3_column_int64(st, 9);
	d->provider_id = sqlite3_column_int64(st, 10);
	snprintf(d->cohort_state, sizeof(d->cohort_state), "%s",
		 db_text(st, 11));
}

/* May a mark d (a seeing its cohort)? 1 yes, 0 no, -1 error. */
static int attendance_may_mark(struct db *db, const struct actor *a,
			       const struct attendance_day *d)
{
	int64_t n;

	if (a->role == ROLE_PROJECT_LEADER &&
	    (a->organisation_id == d->job_centre_id ||
	     a->organisation_id == d->provider_id))
		return 1;
	if (a->role != ROLE_INSTRUCTOR && a->role != ROLE_PROJECT_LEADER)
		return 0;
	n = attendance_count(db,
			     DB_BIND(db, &attendance_sql[ATT_SQL_STAFF],
				     DB_INT(d->cohort_id), DB_INT(a->user_id),
				     DB_TEXT(role_name(a->role))));
	return n < 0 ? -1 : n > 0;
}

int attendance_day_get(struct db *db, const struct actor *a, int64_t id,
		       struct attendance_day *d)
{
	sqlite3_stmt *st = DB_BIND(db, &attendance_sql[ATT_SQL_DAY],
				   DB_INT(id));
	struct cohort c;
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		attendance_day_read(st, d);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	/* A day of a cohort a does not see is not there, as an unknown day
	 * is not; the day itself is no secret (its cohort's name is). */
	rc = cohort_get(db, a, d->cohort_id, &c);
	if (rc)
		return rc;
	rc = attendance_may_mark(db, a, d);
	if (rc < 0)
		return -1;
	d->may_mark = rc == 1;
	return 0;
}

bool attendance_day_cancelled(const struct attendance_day *d)
{
	return strcmp(d->status, "cancelled") == 0 ||
	       strcmp(d->cohort_state, "cancelled") == 0;
}

bool attendance_day_future(const struct attendance_day *d)
{
	return d->date > date_today();
}

/* The roster. */

void attendance_roster_free(struct attendance_roster *ro)
{
	size_t i;

	for (i = 0; i < ro->n; i++) {
		secret_free(ro->lines[i].note);
		secret_free(ro->lines[i].comment);
	}
	free(ro->lines);
	memset(ro, 0, sizeof(*ro));
}

static int attendance_line_read(sqlite3_stmt *st,
				const struct attendance_day *d,
				struct attendance_line *l)
{
	int s;

	memset(l, 0, sizeof(*l));
	l->pid = sqlite3_column_int64(st, 0);
	snprintf(l->name, sizeof(l->name), "%s", db_text(st, 1));
	l->started_on = db_date(st, 2);
	l->ended_on = db_date(st, 3);
	l->caseworker_id = sqlite3_column_int64(st, 4);
	l->mentor_id = sqlite3_column_int64(st, 5);
	l->enrolled = attendance_enrolled(l->started_on, l->ended_on, d->date);
	s = attendance_status_parse(db_text(st, 6));
	l->marked = s >= 0;
	l->status = s >= 0 ? (enum attendance_status)s : ATTENDANCE_PRESENT;
	l->minutes = sqlite3_column_int(st, 7);
	l->note = secret_column(st, 8);
	l->version = sqlite3_column_int(st, 9);
	l->notice = sqlite3_column_int64(st, 10);
	l->notice_first = db_date(st, 11);
	l->notice_last = db_date(st, 12);
	l->comment = secret_column(st, 13);
	return l->note && l->comment ? 0 : -1;
}

int attendance_roster_get(struct db *db, const struct attendance_day *d,
			  struct attendance_roster *ro)
{
	char iso[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	size_t cap = 0;
	int64_t taken;
	long k;
	int rc;

	memset(ro, 0, sizeof(*ro));
	if (!d->may_mark)
		return 1;
	date_format_iso(d->date, iso);
	st = DB_BIND(db, &attendance_sql[ATT_SQL_ROSTER], DB_INT(d->cohort_id),
		     DB_INT(d->id), DB_TEXT(iso));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		k = ARRAY_PUSH(ro->lines, ro->n, cap);
		if (k < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (attendance_line_read(st, d, &ro->lines[k]) < 0) {
			rc = SQLITE_ERROR;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		taken = attendance_count(
			db, DB_BIND(db, &attendance_sql[ATT_SQL_TAKEN],
				    DB_INT(d->id)));
		ro->taken = taken > 0;
		if (taken >= 0)
			return 0;
	}
	attendance_roster_free(ro);
	return -1;
}

const struct attendance_line *
attendance_roster_find(const struct attendance_roster *ro, int64_t pid)
{
	size_t i;

	for (i = 0; i < ro->n; i++)
		if (ro->lines[i].pid == pid)
			return &ro->lines[i];
	return NULL;
}

int attendance_roster_audit(const struct actor *a,
			    const struct attendance_day *d,
			    const struct attendance_roster *ro)
{
	int64_t *ids;
	char detail[48];
	size_t i;
	int rc;

	if (ro->n == 0)
		return 0;
	ids = calloc(ro->n, sizeof(*ids));
	if (ids == NULL)
		return -1;
	for (i = 0; i < ro->n; i++)
		ids[i] = ro->lines[i].pid;
	snprintf(detail, sizeof(detail), "kursusdag %lld", (long long)d->id);
	rc = participant_audit_reads(a, AUDIT_PARTICIPANT_ATTENDANCE_READ, ids,
				     ro->n, detail);
	free(ids);
	return rc;
}

/* The start pages' days. */

/* Calls fn for each row of st (columns: id, date, start, end, then kind
 * at kind_col or none (-1), cohort id, cohort name, taken). 0 or -1. */
static int attendance_days_each(struct db *db, sqlite3_stmt *st, int kind_col,
				attendance_day_fn fn, void *ctx)
{
	struct attendance_day_row d;
	int rc, c;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		c = kind_col < 0 ? 4 : kind_col + 1;
		d.day_id = sqlite3_column_int64(st, 0);
		d.date = db_date(st, 1);
		d.start = sqlite3_column_int(st, 2);
		d.end = sqlite3_column_int(st, 3);
		d.kind = kind_col < 0 ? "" : db_text(st, kind_col);
		d.cohort_id = sqlite3_column_int64(st, c);
		d.cohort = db_text(st, c + 1);
		d.taken = kind_col >= 0 && sqlite3_column_int(st, c + 2) != 0;
		fn(ctx, &d);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static bool attendance_takes(const struct actor *a)
{
	return a->role == ROLE_INSTRUCTOR || a->role == ROLE_PROJECT_LEADER;
}

int attendance_today_each(struct db *db, const struct actor *a,
			  attendance_day_fn fn, void *ctx)
{
	char today[DATE_ISO_LEN + 1];

	if (!attendance_takes(a))
		return 0;
	date_format_iso(date_today(), today);
	return attendance_days_each(db,
				    DB_BIND(db, &attendance_sql[ATT_SQL_TODAY],
					    DB_TEXT(today), DB_INT(a->user_id),
					    DB_TEXT(role_name(a->role)),
					    DB_INT(a->organisation_id)),
				    4, fn, ctx);
}

/* Minutes after midnight now, local time. */
static int attendance_now_minutes(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return tm.tm_hour * 60 + tm.tm_min;
}

int attendance_untaken_each(struct db *db, const struct actor *a,
			    attendance_day_fn fn, void *ctx)
{
	bool leader = a->role == ROLE_PROJECT_LEADER;
	char today[DATE_ISO_LEN + 1], first[DATE_ISO_LEN + 1];

	if (!attendance_takes(a))
		return 0;
	date_format_iso(date_today(), today);
	date_format_iso(date_add_days(date_today(), 1 - ATTENDANCE_RATE_DAYS),
			first);
	return attendance_days_each(
		db,
		DB_BIND(db,
			&attendance_sql[leader ? ATT_SQL_UNTAKEN_LEADER
					       : ATT_SQL_UNTAKEN_INSTRUCTOR],
			DB_INT(a->user_id), DB_INT(a->organisation_id),
			DB_TEXT(first), DB_TEXT(today),
			DB_INT(attendance_now_minutes())),
		-1, fn, ctx);
}
