/*
 * attendance_flag: keeps attendance_flag in step with the marks (a streak
 * of absence without notice, or a low rate over the last two weeks) and
 * reads the flags back.
 */
#include "attendance_flag.h"

#include "actor.h"
#include "array.h"
#include "attendance.h"
#include "db.h"
#include "log.h"
#include "role.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum attendance_flag_sql {
	AF_SQL_DAY,
	AF_SQL_ENROLLED,
	AF_SQL_MARKS_OF,
	AF_SQL_SET,
	AF_SQL_CLEAR,
	AF_SQL_STALE,
	AF_SQL_LATEST_DAY,
	AF_SQL_OF,
	AF_SQL_CASEWORKER,
	AF_SQL_LEADER,
	AF_SQL__MAX
};

#define AF_COLUMNS                                                             \
	"SELECT f.participant_id, p.name, c.id, c.name, f.reason, f.streak, "  \
	"f.rate "

/* clang-format off */
static const struct db_sql attendance_flag_sql[AF_SQL__MAX] = {
	[AF_SQL_DAY] = {"SELECT d.cohort_id, d.date, c.absence_streak, "
		"c.attendance_floor FROM course_day d JOIN cohort c ON c.id = "
		"d.cohort_id WHERE d.id = ?1", "i"},
	[AF_SQL_ENROLLED] = {"SELECT p.id FROM participant p WHERE "
		"p.cohort_id = ?1 AND " ATTENDANCE_ENROLLED_SQL("p", "?2"),
		"it"},
	/* Newest first, through the participant's index: a few dozen rows. */
	[AF_SQL_MARKS_OF] = {"SELECT d.date, a.status FROM attendance a "
		"INDEXED BY attendance_participant JOIN course_day d ON d.id = "
		"a.day_id JOIN participant p ON p.id = a.participant_id WHERE "
		"a.participant_id = ?1 AND d.status != 'cancelled' AND d.date "
		"<= ?2 AND " ATTENDANCE_ENROLLED_SQL("p", "d.date") " ORDER BY "
		"d.date DESC, d.start_min DESC, d.id DESC", "it"},
	[AF_SQL_SET] = {"INSERT INTO attendance_flag (participant_id, "
		"cohort_id, reason, streak, rate, since) VALUES (?1, ?2, ?3, "
		"?4, ?5, ?6) ON CONFLICT (participant_id) DO UPDATE SET "
		"cohort_id = excluded.cohort_id, reason = excluded.reason, "
		"streak = excluded.streak, rate = excluded.rate", "iitiii"},
	[AF_SQL_CLEAR] = {"DELETE FROM attendance_flag WHERE "
		"participant_id = ?1", "i"},
	[AF_SQL_STALE] = {"DELETE FROM attendance_flag WHERE cohort_id = ?1 "
		"AND participant_id IN (SELECT id FROM participant WHERE "
		"cohort_id = ?1 AND status != 'started')", "i"},
	[AF_SQL_LATEST_DAY] = {"SELECT id FROM course_day WHERE cohort_id = "
		"?1 AND date <= ?2 AND status != 'cancelled' ORDER BY date "
		"DESC, start_min DESC LIMIT 1", "it"},
	[AF_SQL_OF] = {"SELECT reason, streak, rate FROM attendance_flag "
		"WHERE participant_id = ?1", "i"},
	[AF_SQL_CASEWORKER] = {AF_COLUMNS "FROM participant p JOIN "
		"attendance_flag f ON f.participant_id = p.id JOIN cohort c ON "
		"c.id = p.cohort_id WHERE p.caseworker_id = ?1 AND p.status = "
		"'started' ORDER BY f.since DESC, p.name LIMIT 50", "i"},
	/* The cohorts a project leader follows: their organisation's, and
	 * those they are on the staff of (?1 user, ?2 organisation). */
	[AF_SQL_LEADER] = {AF_COLUMNS "FROM attendance_flag f JOIN "
		"participant p ON p.id = f.participant_id JOIN cohort c ON "
		"c.id = f.cohort_id WHERE f.cohort_id IN (SELECT id FROM cohort "
		"WHERE job_centre_id = ?2 UNION SELECT id FROM cohort WHERE "
		"provider_id = ?2 UNION SELECT cohort_id FROM cohort_staff "
		"WHERE user_id = ?1 AND role = 'project_leader') AND p.status "
		"= 'started' ORDER BY f.since DESC, p.name LIMIT 50", "ii"},
};
/* clang-format on */

/* Refreshing. */

struct af_day {
	int64_t cohort_id;
	char date[DATE_ISO_LEN + 1];
	int streak_n, floor;
};

/* Day id's cohort and triggers. 0, 1 when there is no such day, -1. */
static int af_day_get(struct db *w, int64_t id, struct af_day *d)
{
	sqlite3_stmt *st = DB_BIND(w, &attendance_flag_sql[AF_SQL_DAY],
				   DB_INT(id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(w, st);
	if (rc == SQLITE_ROW) {
		d->cohort_id = sqlite3_column_int64(st, 0);
		snprintf(d->date, sizeof(d->date), "%s", db_text(st, 1));
		d->streak_n = sqlite3_column_int(st, 2);
		d->floor = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* The ids of the participants enrolled on the day. Caller frees *ids. */
static int af_enrolled_ids(struct db *w, const struct af_day *d, int64_t **ids,
			   size_t *n)
{
	sqlite3_stmt *st = DB_BIND(w, &attendance_flag_sql[AF_SQL_ENROLLED],
				   DB_INT(d->cohort_id), DB_TEXT(d->date));
	size_t cap = 0;
	long k;
	int rc;

	*ids = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		k = ARRAY_PUSH(*ids, *n, cap);
		if (k < 0)
			break;
		(*ids)[k] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

struct af_trend {
	int streak;	      /* absences without notice, newest first */
	int attended, marked; /* over the rate window */
};

static int af_trend_of(struct db *w, int64_t participant, const char *today,
		       const char *window_start, struct af_trend *t)
{
	sqlite3_stmt *st = DB_BIND(w, &attendance_flag_sql[AF_SQL_MARKS_OF],
				   DB_INT(participant), DB_TEXT(today));
	bool in_streak = true;
	int rc, s;

	memset(t, 0, sizeof(*t));
	if (st == NULL)
		return -1;
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		bool in_window = strcmp(db_text(st, 0), window_start) >= 0;

		s = attendance_status_parse(db_text(st, 1));
		if (in_streak && s == ATTENDANCE_ABSENT)
			t->streak++;
		else
			in_streak = false;
		if (in_window) {
			t->marked++;
			t->attended += s >= 0 && attendance_status_attended(s);
		}
		if (!in_streak && !in_window)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static int af_write(struct db *w, int64_t participant, const struct af_day *d,
		    const struct af_trend *t)
{
	bool streak = t->streak >= d->streak_n;
	bool rate = t->marked > 0 &&
		    (int64_t)t->attended * 100 < (int64_t)d->floor * t->marked;
	int pct = t->marked ? (t->attended * 200 + t->marked) / (2 * t->marked)
			    : 100;

	if (!streak && !rate)
		return DB_RUN(w, &attendance_flag_sql[AF_SQL_CLEAR],
			      DB_INT(participant)) == DB_OK
			       ? 0
			       : -1;
	return DB_RUN(w, &attendance_flag_sql[AF_SQL_SET], DB_INT(participant),
		      DB_INT(d->cohort_id), DB_TEXT(streak ? "streak" : "rate"),
		      DB_INT(t->streak), DB_INT(pct),
		      DB_INT((int64_t)time(NULL))) == DB_OK
		       ? 0
		       : -1;
}

int attendance_flag_refresh(struct db *w, int64_t day_id)
{
	char today[DATE_ISO_LEN + 1], start[DATE_ISO_LEN + 1];
	struct af_day d;
	struct af_trend t;
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc = af_day_get(w, day_id, &d);

	if (rc != 0)
		return rc > 0 ? 0 : -1;
	date_format_iso(date_today(), today);
	date_format_iso(date_add_days(date_today(), 1 - ATTENDANCE_RATE_DAYS),
			start);
	rc = af_enrolled_ids(w, &d, &ids, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		rc = af_trend_of(w, ids[i], today, start, &t);
		if (rc == 0)
			rc = af_write(w, ids[i], &d, &t);
	}
	free(ids);
	if (rc == 0 && DB_RUN(w, &attendance_flag_sql[AF_SQL_STALE],
			      DB_INT(d.cohort_id)) != DB_OK)
		rc = -1;
	if (rc < 0)
		log_error("attendance_flag: could not refresh the flags of "
			  "day %lld",
			  (long long)day_id);
	return rc;
}

int attendance_flag_refresh_cohort(struct db *w, int64_t cohort_id)
{
	char today[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	int64_t day = 0;
	int rc;

	date_format_iso(date_today(), today);
	st = DB_BIND(w, &attendance_flag_sql[AF_SQL_LATEST_DAY],
		     DB_INT(cohort_id), DB_TEXT(today));
	if (st == NULL)
		return -1;
	rc = db_step(w, st);
	if (rc == SQLITE_ROW)
		day = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	return attendance_flag_refresh(w, day);
}

/* Reading. */

static void af_text(const char *reason, int streak, int rate, char *out,
		    size_t len)
{
	if (strcmp(reason, "streak") == 0)
		snprintf(out, len, "%d fravær uden afbud i træk", streak);
	else
		snprintf(out, len, "Fremmøde %d %% de sidste 2 uger", rate);
}

int attendance_flag_text(struct db *db, int64_t participant_id, char *out,
			 size_t len)
{
	sqlite3_stmt *st = DB_BIND(db, &attendance_flag_sql[AF_SQL_OF],
				   DB_INT(participant_id));
	int rc;

	out[0] = '\0';
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		af_text(db_text(st, 0), sqlite3_column_int(st, 1),
			sqlite3_column_int(st, 2), out, len);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int attendance_flag_each(struct db *db, const struct actor *a,
			 attendance_flag_fn fn, void *ctx)
{
	struct attendance_flag_row f;
	sqlite3_stmt *st;
	char text[96];
	int rc;

	if (a->role != ROLE_CASEWORKER && a->role != ROLE_PROJECT_LEADER)
		return 0;
	if (a->role == ROLE_PROJECT_LEADER)
		st = DB_BIND(db, &attendance_flag_sql[AF_SQL_LEADER],
			     DB_INT(a->user_id), DB_INT(a->organisation_id));
	else
		st = DB_BIND(db, &attendance_flag_sql[AF_SQL_CASEWORKER],
			     DB_INT(a->user_id));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		f.participant_id = sqlite3_column_int64(st, 0);
		f.name = db_text(st, 1);
		f.cohort_id = sqlite3_column_int64(st, 2);
		f.cohort = db_text(st, 3);
		af_text(db_text(st, 4), sqlite3_column_int(st, 5),
			sqlite3_column_int(st, 6), text, sizeof(text));
		f.text = text;
		fn(ctx, &f);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
