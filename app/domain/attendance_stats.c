/*
 * attendance_stats: the follow-up flags kept on every save of a day, the
 * numbers and grid of a cohort's attendance (page, SVG, CSV, XLSX, JSON)
 * and the start pages' attendance panels. The definitions of the numbers
 * are in attendance_stats.h; marking itself is attendance.c's.
 */
#include "attendance_stats.h"

#include "audit.h"
#include "cohort.h"
#include "db.h"
#include "html.h"
#include "http.h"
#include "log.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Columns of a grid: more course days than any plan makes. */
#define AS_DAYS_MAX 400
/* A period chosen on the page spans at most a year. */
#define AS_PERIOD_DAYS_MAX 366
/* Rows of a start-page panel. */
#define AS_PANEL_MAX 50

#define AS_ENROLLED(p, d) ATTENDANCE_ENROLLED_SQL(p, d)

/* The cohorts a project leader follows: their organisation's, and those
 * they are on the staff of. ?1 user, ?2 organisation. */
#define AS_LEADER_COHORTS                                                      \
	"SELECT id FROM cohort WHERE job_centre_id = ?2 UNION SELECT id FROM " \
	"cohort WHERE provider_id = ?2 UNION SELECT cohort_id FROM "           \
	"cohort_staff WHERE user_id = ?1 AND role = 'project_leader'"
#define AS_INSTRUCTOR_COHORTS                                                  \
	"SELECT cohort_id FROM cohort_staff WHERE user_id = ?1 AND role = "    \
	"'instructor'"

#define AS_FLAG_COLUMNS                                                        \
	"SELECT f.participant_id, p.name, c.id, c.name, f.reason, f.streak, "  \
	"f.rate "

/* Past course days without marks: ?3 the first day looked at, ?4 today,
 * ?5 minutes after midnight now. */
#define AS_NOT_TAKEN(cohorts)                                                  \
	"SELECT d.id, d.date, d.start_min, d.end_min, c.id, c.name FROM "      \
	"course_day d JOIN cohort c ON c.id = d.cohort_id WHERE d.cohort_id "  \
	"IN (" cohorts ") AND d.date BETWEEN ?3 AND ?4 AND d.status != "       \
	"'cancelled' AND c.state != 'cancelled' AND (d.date < ?4 OR "          \
	"d.end_min <= ?5) AND NOT EXISTS (SELECT 1 FROM attendance_taken t "   \
	"WHERE t.day_id = d.id) ORDER BY d.date DESC, d.start_min DESC, "      \
	"c.name LIMIT 50"

enum as_sql {
	AS_SQL_DAY,
	AS_SQL_ENROLLED,
	AS_SQL_MARKS_OF,
	AS_SQL_FLAG_SET,
	AS_SQL_FLAG_CLEAR,
	AS_SQL_FLAG_STALE,
	AS_SQL_LATEST_DAY,
	AS_SQL_COHORT_OF,
	AS_SQL_SHEET_DAYS,
	AS_SQL_SHEET_PEOPLE,
	AS_SQL_SHEET_MARKS,
	AS_SQL_FLAG_OF,
	AS_SQL_FLAGS_CASEWORKER,
	AS_SQL_FLAGS_LEADER,
	AS_SQL_NOT_TAKEN_INSTRUCTOR,
	AS_SQL_NOT_TAKEN_LEADER,
	AS_SQL__MAX
};

/* clang-format off */
static const char *const as_sql[AS_SQL__MAX] = {
	[AS_SQL_DAY] = "SELECT d.cohort_id, d.date, c.absence_streak, "
		"c.attendance_floor FROM course_day d JOIN cohort c ON c.id = "
		"d.cohort_id WHERE d.id = ?1",
	[AS_SQL_ENROLLED] = "SELECT p.id FROM participant p WHERE "
		"p.cohort_id = ?1 AND " AS_ENROLLED("p", "?2"),
	/* Newest first, through the participant's index: a few dozen rows. */
	[AS_SQL_MARKS_OF] = "SELECT d.date, a.status FROM attendance a "
		"INDEXED BY attendance_participant JOIN course_day d ON d.id = "
		"a.day_id JOIN participant p ON p.id = a.participant_id WHERE "
		"a.participant_id = ?1 AND d.status != 'cancelled' AND d.date "
		"<= ?2 AND " AS_ENROLLED("p", "d.date") " ORDER BY d.date "
		"DESC, d.start_min DESC, d.id DESC",
	[AS_SQL_FLAG_SET] = "INSERT INTO attendance_flag (participant_id, "
		"cohort_id, reason, streak, rate, since) VALUES (?1, ?2, ?3, "
		"?4, ?5, ?6) ON CONFLICT (participant_id) DO UPDATE SET "
		"cohort_id = excluded.cohort_id, reason = excluded.reason, "
		"streak = excluded.streak, rate = excluded.rate",
	[AS_SQL_FLAG_CLEAR] = "DELETE FROM attendance_flag WHERE "
		"participant_id = ?1",
	[AS_SQL_FLAG_STALE] = "DELETE FROM attendance_flag WHERE cohort_id = "
		"?1 AND participant_id IN (SELECT id FROM participant WHERE "
		"cohort_id = ?1 AND status != 'started')",
	[AS_SQL_LATEST_DAY] = "SELECT id FROM course_day WHERE cohort_id = ?1 "
		"AND date <= ?2 AND status != 'cancelled' ORDER BY date DESC, "
		"start_min DESC LIMIT 1",
	[AS_SQL_COHORT_OF] = "SELECT cohort_id FROM participant WHERE id = ?1",
	[AS_SQL_SHEET_DAYS] = "SELECT id, date, start_min, end_min FROM "
		"course_day WHERE cohort_id = ?1 AND status != 'cancelled' AND "
		"date BETWEEN ?2 AND ?3 ORDER BY date, start_min, id LIMIT 400",
	/* ?2 a caseworker's own citizens only (0: all), ?3 one (0: all). */
	[AS_SQL_SHEET_PEOPLE] = "SELECT id, name, started_on, "
		"coalesce(ended_on, '') FROM participant WHERE cohort_id = ?1 "
		"AND started_on IS NOT NULL AND (?2 = 0 OR caseworker_id = ?2) "
		"AND (?3 = 0 OR id = ?3) ORDER BY name COLLATE NOCASE, id",
	[AS_SQL_SHEET_MARKS] = "SELECT a.day_id, a.participant_id, a.status, "
		"a.minutes FROM course_day d JOIN attendance a ON a.day_id = "
		"d.id WHERE d.cohort_id = ?1 AND d.status != 'cancelled' AND "
		"d.date BETWEEN ?2 AND ?3 AND (?4 = 0 OR a.participant_id = ?4)",
	[AS_SQL_FLAG_OF] = "SELECT reason, streak, rate FROM attendance_flag "
		"WHERE participant_id = ?1",
	[AS_SQL_FLAGS_CASEWORKER] = AS_FLAG_COLUMNS "FROM participant p JOIN "
		"attendance_flag f ON f.participant_id = p.id JOIN cohort c ON "
		"c.id = p.cohort_id WHERE p.caseworker_id = ?1 AND p.status = "
		"'started' ORDER BY f.since DESC, p.name LIMIT 50",
	[AS_SQL_FLAGS_LEADER] = AS_FLAG_COLUMNS "FROM attendance_flag f JOIN "
		"participant p ON p.id = f.participant_id JOIN cohort c ON "
		"c.id = f.cohort_id WHERE f.cohort_id IN (" AS_LEADER_COHORTS
		") AND p.status = 'started' ORDER BY f.since DESC, p.name "
		"LIMIT 50",
	[AS_SQL_NOT_TAKEN_INSTRUCTOR] = AS_NOT_TAKEN(AS_INSTRUCTOR_COHORTS),
	[AS_SQL_NOT_TAKEN_LEADER] = AS_NOT_TAKEN(AS_LEADER_COHORTS),
};
/* clang-format on */

/* The statuses of the schema, in enum attendance_cell order from 1. */
static const char *const as_status_names[ATTENDANCE_CELL__MAX] = {
    [ATTENDANCE_CELL_PRESENT] = "present",
    [ATTENDANCE_CELL_LATE] = "late",
    [ATTENDANCE_CELL_LEFT_EARLY] = "left_early",
    [ATTENDANCE_CELL_ANNOUNCED] = "announced",
    [ATTENDANCE_CELL_SICK] = "sick",
    [ATTENDANCE_CELL_ABSENT] = "absent",
};

static enum attendance_cell as_cell_of(const char *status)
{
	int i;

	for (i = ATTENDANCE_CELL_PRESENT; i <= ATTENDANCE_CELL_ABSENT; i++)
		if (strcmp(status, as_status_names[i]) == 0)
			return (enum attendance_cell)i;
	return ATTENDANCE_CELL_NOT_MARKED;
}

static bool as_attended(enum attendance_cell c)
{
	return c == ATTENDANCE_CELL_PRESENT || c == ATTENDANCE_CELL_LATE ||
	       c == ATTENDANCE_CELL_LEFT_EARLY;
}

/* ---- Flags ------------------------------------------------------------- */

struct as_day_info {
	int64_t cohort_id;
	char date[DATE_ISO_LEN + 1];
	int streak_n, floor;
};

static void as_read_day_info(sqlite3_stmt *st, void *out)
{
	struct as_day_info *d = out;

	d->cohort_id = sqlite3_column_int64(st, 0);
	snprintf(d->date, sizeof(d->date), "%s", db_text(st, 1));
	d->streak_n = sqlite3_column_int(st, 2);
	d->floor = sqlite3_column_int(st, 3);
}

/* The ids of the participants enrolled on the day. Caller frees *ids. */
static int as_enrolled_ids(struct db *w, const struct as_day_info *d,
                           int64_t **ids, size_t *n)
{
	sqlite3_stmt *st = db_stmt(w, as_sql[AS_SQL_ENROLLED]);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, d->cohort_id);
	sqlite3_bind_text(st, 2, d->date, -1, SQLITE_STATIC);
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		if (*n == cap) {
			int64_t *grown;

			cap = cap ? cap * 2 : 16;
			grown = realloc(*ids, cap * sizeof(**ids));
			if (grown == NULL)
				break;
			*ids = grown;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

struct as_trend {
	int streak;           /* absences without notice, newest first */
	int attended, marked; /* over the rate window */
};

static int as_trend_of(struct db *w, int64_t participant, const char *today,
                       const char *window_start, struct as_trend *t)
{
	sqlite3_stmt *st = db_stmt(w, as_sql[AS_SQL_MARKS_OF]);
	bool in_streak = true;
	int rc;

	memset(t, 0, sizeof(*t));
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, participant);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		enum attendance_cell c = as_cell_of(db_text(st, 1));
		bool in_window = strcmp(db_text(st, 0), window_start) >= 0;

		if (in_streak && c == ATTENDANCE_CELL_ABSENT)
			t->streak++;
		else
			in_streak = false;
		if (in_window) {
			t->marked++;
			t->attended += as_attended(c);
		}
		if (!in_streak && !in_window)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static int as_flag_write(struct db *w, int64_t participant,
                         const struct as_day_info *d, const struct as_trend *t)
{
	sqlite3_stmt *st;
	bool streak = t->streak >= d->streak_n;
	bool rate = t->marked > 0 &&
	            (int64_t)t->attended * 100 < (int64_t)d->floor * t->marked;
	int pct =
	    t->marked ? (t->attended * 200 + t->marked) / (2 * t->marked) : 100;

	if (!streak && !rate) {
		st = db_stmt(w, as_sql[AS_SQL_FLAG_CLEAR]);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, participant);
		return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
	}
	st = db_stmt(w, as_sql[AS_SQL_FLAG_SET]);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, participant);
	sqlite3_bind_int64(st, 2, d->cohort_id);
	sqlite3_bind_text(st, 3, streak ? "streak" : "rate", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, t->streak);
	sqlite3_bind_int(st, 5, pct);
	sqlite3_bind_int64(st, 6, http_now());
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

int attendance_stats_refresh(struct db *w, int64_t day_id)
{
	struct as_day_info d;
	char today[DATE_ISO_LEN + 1], start[DATE_ISO_LEN + 1];
	int64_t *ids = NULL;
	sqlite3_stmt *st;
	size_t n = 0, i;
	int rc =
	    db_row_by_id(w, as_sql[AS_SQL_DAY], day_id, as_read_day_info, &d);

	if (rc != 0)
		return rc > 0 ? 0 : -1;
	date_format_iso(date_today(), today);
	date_format_iso(date_add_days(date_today(), 1 - ATTENDANCE_RATE_DAYS),
	                start);
	rc = as_enrolled_ids(w, &d, &ids, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		struct as_trend t;

		rc = as_trend_of(w, ids[i], today, start, &t);
		if (rc == 0)
			rc = as_flag_write(w, ids[i], &d, &t);
	}
	free(ids);
	if (rc == 0) {
		st = db_stmt(w, as_sql[AS_SQL_FLAG_STALE]);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, d.cohort_id);
		rc = db_exec_stmt(w, st) == DB_OK ? 0 : -1;
	}
	if (rc < 0)
		log_error("attendance_stats: could not refresh the flags of "
		          "day %lld",
		          (long long)day_id);
	return rc;
}

int attendance_stats_refresh_cohort(struct db *w, int64_t cohort_id)
{
	sqlite3_stmt *st = db_stmt(w, as_sql[AS_SQL_LATEST_DAY]);
	char today[DATE_ISO_LEN + 1];
	int64_t day = 0;
	int rc;

	if (st == NULL)
		return -1;
	date_format_iso(date_today(), today);
	sqlite3_bind_int64(st, 1, cohort_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	rc = db_step(w, st);
	if (rc == SQLITE_ROW)
		day = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	return attendance_stats_refresh(w, day);
}

/* ---- Numbers ----------------------------------------------------------- */

static int as_pct(int part, int whole)
{
	return whole > 0 ? (int)(((int64_t)part * 200 + whole) / (2 * whole))
	                 : -1;
}

int attendance_stats_pct(const struct attendance_numbers *n)
{
	return as_pct(n->present + n->late + n->left_early, n->marked);
}

int attendance_stats_commitment_pct(const struct attendance_numbers *n)
{
	return as_pct(n->present + n->late + n->left_early + n->announced,
	              n->marked);
}

/* Hours in tenths, rounded half up. */
static int64_t as_hours_tenths(int64_t minutes)
{
	return (minutes * 10 + 30) / 60;
}

/* "12,5" (Danish decimal comma) or "12.5". */
static void as_hours_text(int64_t minutes, char comma, char *out, size_t len)
{
	int64_t t = as_hours_tenths(minutes);

	snprintf(out, len, "%lld%c%lld", (long long)(t / 10), comma,
	         (long long)(t % 10));
}

static void as_count(struct attendance_numbers *n, enum attendance_cell c,
                     int length, int minutes)
{
	n->marked++;
	switch (c) {
	case ATTENDANCE_CELL_PRESENT:
		n->present++;
		n->minutes += length;
		break;
	case ATTENDANCE_CELL_LATE:
	case ATTENDANCE_CELL_LEFT_EARLY:
		if (c == ATTENDANCE_CELL_LATE)
			n->late++;
		else
			n->left_early++;
		n->minutes += length > minutes ? length - minutes : 0;
		break;
	case ATTENDANCE_CELL_ANNOUNCED:
		n->announced++;
		break;
	case ATTENDANCE_CELL_SICK:
		n->sick++;
		break;
	case ATTENDANCE_CELL_ABSENT:
		n->absent++;
		break;
	default:
		n->marked--;
		break;
	}
}

static void as_add(struct attendance_numbers *to,
                   const struct attendance_numbers *n)
{
	to->days_enrolled += n->days_enrolled;
	to->present += n->present;
	to->late += n->late;
	to->left_early += n->left_early;
	to->announced += n->announced;
	to->sick += n->sick;
	to->absent += n->absent;
	to->marked += n->marked;
	to->minutes += n->minutes;
}

/* ---- The sheet: a cohort's days, participants and marks ----------------- */

struct as_day {
	int64_t id;
	date_t date;
	int length; /* minutes */
};

struct as_person {
	int64_t id;
	char *name;
	date_t started, ended; /* ended 0: still on the course */
	struct attendance_numbers n;
};

struct as_sheet {
	struct as_day *days;
	size_t ndays;
	struct as_person *people;
	size_t npeople;
	enum attendance_cell *cells; /* npeople * ndays */
	int *minutes;
	struct attendance_numbers total;
	bool participant_only; /* one participant's page: keep the row */
};

/* What to load: the cohort, the period (ISO, inclusive), whose rows. */
struct as_scope {
	int64_t cohort_id;
	int64_t caseworker_id;  /* 0: every participant */
	int64_t participant_id; /* 0: every participant */
	char from[DATE_ISO_LEN + 1], to[DATE_ISO_LEN + 1];
	bool from_given, to_given;
	date_t today;
};

static void as_sheet_free(struct as_sheet *s)
{
	size_t i;

	for (i = 0; i < s->npeople; i++)
		free(s->people[i].name);
	free(s->days);
	free(s->people);
	free(s->cells);
	free(s->minutes);
	memset(s, 0, sizeof(*s));
}

static date_t as_date(sqlite3_stmt *st, int col)
{
	date_t d = 0;

	if (date_parse_iso(db_text(st, col), &d) < 0)
		d = 0;
	return d;
}

static bool as_enrolled(const struct as_person *p, date_t d)
{
	return p->started && p->started <= d && (!p->ended || d <= p->ended);
}

static void as_bind_scope(sqlite3_stmt *st, const struct as_scope *sc)
{
	sqlite3_bind_int64(st, 1, sc->cohort_id);
	sqlite3_bind_text(st, 2, sc->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sc->to, -1, SQLITE_STATIC);
}

static int as_load_days(struct db *db, const struct as_scope *sc,
                        struct as_sheet *s)
{
	sqlite3_stmt *st = db_stmt(db, as_sql[AS_SQL_SHEET_DAYS]);
	int rc;

	if (st == NULL)
		return -1;
	s->days = calloc(AS_DAYS_MAX, sizeof(*s->days));
	if (s->days == NULL)
		return -1;
	as_bind_scope(st, sc);
	while ((rc = db_step(db, st)) == SQLITE_ROW && s->ndays < AS_DAYS_MAX) {
		struct as_day *d = &s->days[s->ndays++];

		d->id = sqlite3_column_int64(st, 0);
		d->date = as_date(st, 1);
		d->length =
		    sqlite3_column_int(st, 3) - sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static int as_load_people(struct db *db, const struct as_scope *sc,
                          struct as_sheet *s)
{
	sqlite3_stmt *st = db_stmt(db, as_sql[AS_SQL_SHEET_PEOPLE]);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sc->cohort_id);
	sqlite3_bind_int64(st, 2, sc->caseworker_id);
	sqlite3_bind_int64(st, 3, sc->participant_id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct as_person *p;

		if (s->npeople == cap) {
			struct as_person *grown;

			cap = cap ? cap * 2 : 16;
			grown = realloc(s->people, cap * sizeof(*grown));
			if (grown == NULL)
				break;
			s->people = grown;
		}
		p = &s->people[s->npeople];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->name = strdup(db_text(st, 1));
		if (p->name == NULL)
			break;
		s->npeople++;
		p->started = as_date(st, 2);
		p->ended = as_date(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static size_t as_day_index(const struct as_sheet *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->ndays; i++)
		if (s->days[i].id == id)
			return i;
	return SIZE_MAX;
}

static size_t as_person_index(const struct as_sheet *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->npeople; i++)
		if (s->people[i].id == id)
			return i;
	return SIZE_MAX;
}

static int as_load_marks(struct db *db, const struct as_scope *sc,
                         struct as_sheet *s)
{
	sqlite3_stmt *st = db_stmt(db, as_sql[AS_SQL_SHEET_MARKS]);
	size_t last_day = 0;
	int rc;

	if (st == NULL)
		return -1;
	as_bind_scope(st, sc);
	sqlite3_bind_int64(st, 4, sc->participant_id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int64_t day = sqlite3_column_int64(st, 0);
		size_t di, pi, k;

		/* Rows come day by day: try the last day first. */
		di = last_day < s->ndays && s->days[last_day].id == day
		         ? last_day
		         : as_day_index(s, day);
		pi = as_person_index(s, sqlite3_column_int64(st, 1));
		if (di == SIZE_MAX || pi == SIZE_MAX)
			continue;
		last_day = di;
		k = pi * s->ndays + di;
		if (s->cells[k] == ATTENDANCE_CELL_NOT_ENROLLED)
			continue;
		s->cells[k] = as_cell_of(db_text(st, 2));
		s->minutes[k] = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Counts each row's days up to today, and the totals. */
static void as_sheet_count(struct as_sheet *s, date_t today)
{
	size_t i, j;

	memset(&s->total, 0, sizeof(s->total));
	for (i = 0; i < s->npeople; i++) {
		struct as_person *p = &s->people[i];

		memset(&p->n, 0, sizeof(p->n));
		for (j = 0; j < s->ndays && s->days[j].date <= today; j++) {
			size_t k = i * s->ndays + j;

			if (s->cells[k] == ATTENDANCE_CELL_NOT_ENROLLED)
				continue;
			p->n.days_enrolled++;
			as_count(&p->n, s->cells[k], s->days[j].length,
			         s->minutes[k]);
		}
		as_add(&s->total, &p->n);
	}
}

/* Drops rows with no enrolled day among the columns (a period before a
 * participant started, or after they left). */
static void as_sheet_trim(struct as_sheet *s)
{
	size_t i, j, kept = 0;

	if (s->ndays == 0 || s->participant_only)
		return;
	for (i = 0; i < s->npeople; i++) {
		bool any = false;

		for (j = 0; j < s->ndays && !any; j++)
			any = s->cells[i * s->ndays + j] !=
			      ATTENDANCE_CELL_NOT_ENROLLED;
		if (!any) {
			free(s->people[i].name);
			continue;
		}
		if (kept != i) {
			s->people[kept] = s->people[i];
			memmove(&s->cells[kept * s->ndays],
			        &s->cells[i * s->ndays],
			        s->ndays * sizeof(*s->cells));
			memmove(&s->minutes[kept * s->ndays],
			        &s->minutes[i * s->ndays],
			        s->ndays * sizeof(*s->minutes));
		}
		kept++;
	}
	s->npeople = kept;
}

static int as_sheet_load(struct db *db, const struct as_scope *sc,
                         struct as_sheet *s)
{
	size_t i, j, n;

	memset(s, 0, sizeof(*s));
	s->participant_only = sc->participant_id != 0;
	if (as_load_days(db, sc, s) < 0 || as_load_people(db, sc, s) < 0)
		goto fail;
	n = s->npeople * s->ndays;
	s->cells = calloc(n ? n : 1, sizeof(*s->cells));
	s->minutes = calloc(n ? n : 1, sizeof(*s->minutes));
	if (s->cells == NULL || s->minutes == NULL)
		goto fail;
	for (i = 0; i < s->npeople; i++)
		for (j = 0; j < s->ndays; j++)
			s->cells[i * s->ndays + j] =
			    as_enrolled(&s->people[i], s->days[j].date)
			        ? ATTENDANCE_CELL_NOT_MARKED
			        : ATTENDANCE_CELL_NOT_ENROLLED;
	if (as_load_marks(db, sc, s) < 0)
		goto fail;
	as_sheet_trim(s);
	as_sheet_count(s, sc->today);
	return 0;
fail:
	as_sheet_free(s);
	return -1;
}

/* ---- The grid as SVG --------------------------------------------------- */

/* Layout in viewBox units (about CSS pixels). */
#define AG_PAD        8
#define AG_NAME_W     200
#define AG_NAME_CHARS 26 /* that fit AG_NAME_W at 12px */
#define AG_CELL       30
#define AG_HEAD       40
#define AG_LEGEND_GAP 18
#define AG_LEGEND_ROW 24
#define AG_LEGEND_COL 220
#define AG_MIN_W      (2 * AG_LEGEND_COL + 2 * AG_PAD)

#define AG_INK   "#1d2330"
#define AG_MUTED "#5b6473"
#define AG_LINE  "#d8dde6"

struct ag_look {
	const char *symbol, *label, *fill, *ink;
};

/* Symbols carry the meaning; colours help those who see them. */
static const struct ag_look ag_look[ATTENDANCE_CELL__MAX] = {
    [ATTENDANCE_CELL_NOT_MARKED] = {"", "Ikke registreret", "#ffffff", AG_INK},
    [ATTENDANCE_CELL_PRESENT] = {"\u2713", "Til stede", "#3f8f6a", "#ffffff"},
    [ATTENDANCE_CELL_LATE] = {"\u25d4", "For sent", "#f2c14e", AG_INK},
    [ATTENDANCE_CELL_LEFT_EARLY] = {"\u25d1", "Gået tidligt", "#d9822b",
                                    AG_INK},
    [ATTENDANCE_CELL_ANNOUNCED] = {"A", "Meldt fravær", "#1f5f8b", "#ffffff"},
    [ATTENDANCE_CELL_SICK] = {"S", "Syg", "#8a6aa8", "#ffffff"},
    [ATTENDANCE_CELL_ABSENT] = {"\u2717", "Fravær uden afbud", "#b3261e",
                                "#ffffff"},
    [ATTENDANCE_CELL_NOT_ENROLLED] = {"\u00b7", "Ikke indskrevet", "#eef0f3",
                                      AG_MUTED},
};

/* The legend's order: the marks, then the two kinds of no mark. */
static const enum attendance_cell ag_legend[ATTENDANCE_CELL__MAX] = {
    ATTENDANCE_CELL_PRESENT,      ATTENDANCE_CELL_LATE,
    ATTENDANCE_CELL_LEFT_EARLY,   ATTENDANCE_CELL_ANNOUNCED,
    ATTENDANCE_CELL_SICK,         ATTENDANCE_CELL_ABSENT,
    ATTENDANCE_CELL_NOT_ENROLLED, ATTENDANCE_CELL_NOT_MARKED,
};

const char *attendance_cell_symbol(enum attendance_cell c)
{
	return (unsigned)c < ATTENDANCE_CELL__MAX ? ag_look[c].symbol : "";
}

const char *attendance_cell_label(enum attendance_cell c)
{
	return (unsigned)c < ATTENDANCE_CELL__MAX ? ag_look[c].label : "";
}

/* A UTF-8 name of more than AG_NAME_CHARS characters cut to fit, with
 * "…" in place of the rest. */
static void ag_short_name(const char *name, char *out, size_t len)
{
	size_t chars = 0, cut = 0, i;

	for (i = 0; name[i]; i++) {
		if (((unsigned char)name[i] & 0xc0) == 0x80)
			continue;
		if (chars == AG_NAME_CHARS - 1)
			cut = i;
		chars++;
	}
	if (chars <= AG_NAME_CHARS)
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, "%.*s\u2026", (int)cut, name);
}

static void ag_desc(struct buf *b, const struct attendance_grid *g)
{
	char a[DATE_DA_LEN], z[DATE_DA_LEN];
	int i;

	buf_printf(b, "%zu deltagere og %zu kursusdage", g->nrows, g->ndays);
	if (g->ndays) {
		date_format_da(g->dates[0], a, sizeof(a));
		date_format_da(g->dates[g->ndays - 1], z, sizeof(z));
		buf_printf(b, " fra %s til %s", a, z);
	}
	buf_puts(b, ". Hver celle viser et symbol og en farve:");
	for (i = 0; i < ATTENDANCE_CELL__MAX; i++) {
		const struct ag_look *l = &ag_look[ag_legend[i]];

		if (l->symbol[0])
			buf_printf(b, " %s %s,", l->symbol, l->label);
		else
			buf_printf(b, " tom: %s.", l->label);
	}
}

static void ag_head(struct buf *b, const struct attendance_grid *g)
{
	size_t j;

	for (j = 0; j < g->ndays; j++) {
		int x = AG_PAD + AG_NAME_W + (int)j * AG_CELL + AG_CELL / 2;
		int m, d;
		const char *wd = date_weekday_short(date_weekday(g->dates[j]));

		date_to_civil(g->dates[j], NULL, &m, &d);
		buf_printf(b,
		           "<text x=\"%d\" y=\"16\" font-size=\"9\" "
		           "text-anchor=\"middle\" fill=\"" AG_MUTED "\">",
		           x);
		html_text(b, wd);
		buf_printf(b,
		           "</text>\n<text x=\"%d\" y=\"32\" font-size=\"9.5\" "
		           "text-anchor=\"middle\">%d/%d</text>\n",
		           x, d, m);
	}
}

static void ag_cell(struct buf *b, const struct attendance_grid *g, size_t i,
                    size_t j)
{
	enum attendance_cell c = g->cells[i * g->ndays + j];
	const struct ag_look *l =
	    &ag_look[(unsigned)c < ATTENDANCE_CELL__MAX ? c : 0];
	int x = AG_PAD + AG_NAME_W + (int)j * AG_CELL;
	int y = AG_HEAD + (int)i * AG_CELL;
	char da[DATE_DA_LEN];

	date_format_da_short(g->dates[j], da, sizeof(da));
	buf_puts(b, "<g><title>");
	html_text(b, g->names[i]);
	buf_puts(b, ", ");
	html_text(b, da);
	buf_puts(b, ": ");
	html_text(b, l->label);
	if ((c == ATTENDANCE_CELL_LATE || c == ATTENDANCE_CELL_LEFT_EARLY) &&
	    g->minutes && g->minutes[i * g->ndays + j] > 0)
		buf_printf(b, " (%d min.)", g->minutes[i * g->ndays + j]);
	buf_printf(b,
	           "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	           "rx=\"3\" fill=\"%s\" stroke=\"" AG_LINE "\"/>",
	           x + 1, y + 1, AG_CELL - 2, AG_CELL - 2, l->fill);
	if (l->symbol[0])
		buf_printf(b,
		           "<text x=\"%d\" y=\"%d\" font-size=\"15\" "
		           "text-anchor=\"middle\" fill=\"%s\">%s</text>",
		           x + AG_CELL / 2, y + AG_CELL / 2 + 5, l->ink,
		           l->symbol);
	buf_puts(b, "</g>\n");
}

static void ag_rows(struct buf *b, const struct attendance_grid *g)
{
	char name[AG_NAME_CHARS * 4 + 8];
	size_t i, j;

	for (i = 0; i < g->nrows; i++) {
		int y = AG_HEAD + (int)i * AG_CELL;

		ag_short_name(g->names[i], name, sizeof(name));
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">",
		           AG_PAD, y + AG_CELL / 2 + 4);
		html_text(b, name);
		buf_puts(b, "</text>\n");
		for (j = 0; j < g->ndays; j++)
			ag_cell(b, g, i, j);
	}
}

static void ag_legend_draw(struct buf *b, int top)
{
	int i;

	for (i = 0; i < ATTENDANCE_CELL__MAX; i++) {
		const struct ag_look *l = &ag_look[ag_legend[i]];
		int x = AG_PAD + (i % 2) * AG_LEGEND_COL;
		int y = top + (i / 2) * AG_LEGEND_ROW;

		buf_printf(b,
		           "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"20\" "
		           "rx=\"3\" fill=\"%s\" stroke=\"" AG_LINE "\"/>",
		           x, y, l->fill);
		if (l->symbol[0])
			buf_printf(
			    b,
			    "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
			    "text-anchor=\"middle\" fill=\"%s\">%s</text>",
			    x + 10, y + 15, l->ink, l->symbol);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">",
		           x + 28, y + 15);
		html_text(b, l->label);
		buf_puts(b, "</text>\n");
	}
}

/* The picture's size in viewBox units. */
static void ag_size(const struct attendance_grid *g, int *w, int *h)
{
	int width = 2 * AG_PAD + AG_NAME_W + (int)g->ndays * AG_CELL;

	*w = width < AG_MIN_W ? AG_MIN_W : width;
	*h = AG_HEAD + (int)g->nrows * AG_CELL + AG_LEGEND_GAP +
	     (ATTENDANCE_CELL__MAX / 2) * AG_LEGEND_ROW + AG_PAD;
}

int attendance_grid_svg(struct buf *out, const struct attendance_grid *g)
{
	int w, h;

	if (out == NULL || g == NULL || (g->nrows && g->ndays && !g->cells))
		return -1;
	ag_size(g, &w, &h);
	buf_printf(out,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	           "class=\"attendance-grid\" width=\"%d\" height=\"%d\" "
	           "viewBox=\"0 0 %d %d\" role=\"img\" "
	           "aria-labelledby=\"ag-title ag-desc\" "
	           "font-family=\"system-ui, sans-serif\" fill=\"" AG_INK
	           "\">\n<title id=\"ag-title\">",
	           w, h, w, h);
	html_text(out, g->title ? g->title : "Fremmøde");
	buf_puts(out, "</title>\n<desc id=\"ag-desc\">");
	ag_desc(out, g);
	buf_puts(out, "</desc>\n");
	ag_head(out, g);
	ag_rows(out, g);
	ag_legend_draw(out, AG_HEAD + (int)g->nrows * AG_CELL + AG_LEGEND_GAP);
	buf_puts(out, "</svg>\n");
	return buf_failed(out) ? -1 : 0;
}

/* ---- Requests: who may see, which period ------------------------------- */

static const struct form_spec as_period_form[] = {
    {"from", "Fra", FIELD_DATE, false, 0, 0, NULL},
    {"to", "Til", FIELD_DATE, false, 0, 0, NULL},
};

/* The period of ?from=&to= into sc (the whole course when absent). 0, or
 * -1 with bad filled. */
static int as_period(const struct form *q, struct as_scope *sc,
                     struct form_invalid *bad)
{
	struct form_value v[2];

	snprintf(sc->from, sizeof(sc->from), "1900-01-01");
	snprintf(sc->to, sizeof(sc->to), "2200-12-31");
	sc->from_given = sc->to_given = false;
	if (form_validate(q, as_period_form, 2, v, bad) < 0)
		return -1;
	if (v[0].present && v[1].present && v[1].i < v[0].i) {
		bad->field = "to";
		snprintf(bad->message, sizeof(bad->message),
		         "Til-datoen må ikke ligge før fra-datoen.");
	} else if (v[0].present && v[1].present &&
	           v[1].i - v[0].i >= AS_PERIOD_DAYS_MAX) {
		bad->field = "to";
		snprintf(bad->message, sizeof(bad->message),
		         "Perioden kan højst være et år (%d dage).",
		         AS_PERIOD_DAYS_MAX);
	} else {
		bad->field = NULL;
	}
	if (bad->field == NULL && v[0].present) {
		date_format_iso((date_t)v[0].i, sc->from);
		sc->from_given = true;
	}
	if (bad->field == NULL && v[1].present) {
		date_format_iso((date_t)v[1].i, sc->to);
		sc->to_given = true;
	}
	form_values_free(v, 2);
	return bad->field ? -1 : 0;
}

/*
 * The path's cohort for r's user, and whose rows they see: the cohort's
 * project leaders and instructors every participant's, a caseworker their
 * own citizens'. Mentors and consultants never (the route keeps them out
 * too). 0, or the status already answered.
 */
static int as_cohort_for_request(struct req *r, struct cohort *c,
                                 struct as_scope *sc)
{
	enum role role = r->session->role;
	struct actor a;
	int rc;

	if (role != ROLE_PROJECT_LEADER && role != ROLE_INSTRUCTOR &&
	    role != ROLE_CASEWORKER)
		return http_error(r, 403,
		                  "Kun holdets projektledere og "
		                  "undervisere og borgernes "
		                  "sagsbehandlere kan se fremmødet.");
	a = http_actor(r);
	rc = cohort_get(r->db, &a, r->params[0], c);
	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	memset(sc, 0, sizeof(*sc));
	sc->cohort_id = c->id;
	sc->today = date_today();
	if (role == ROLE_CASEWORKER)
		sc->caseworker_id = r->session->user_id;
	return 0;
}

/* "?from=...&to=..." of the period given, or "". */
static void as_query(const struct as_scope *sc, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s%s", sc->from_given ? "?from=" : "",
	         sc->from_given ? sc->from : "",
	         sc->to_given ? (sc->from_given ? "&to=" : "?to=") : "",
	         sc->to_given ? sc->to : "");
}

static void as_period_label(const struct as_scope *sc, char *out, size_t len)
{
	char a[DATE_DA_LEN] = "", z[DATE_DA_LEN] = "";
	date_t d;

	if (sc->from_given && date_parse_iso(sc->from, &d) == 0)
		date_format_da(d, a, sizeof(a));
	if (sc->to_given && date_parse_iso(sc->to, &d) == 0)
		date_format_da(d, z, sizeof(z));
	if (a[0] && z[0])
		snprintf(out, len, "%s til %s", a, z);
	else if (a[0])
		snprintf(out, len, "Fra %s", a);
	else if (z[0])
		snprintf(out, len, "Til %s", z);
	else
		snprintf(out, len, "Hele forløbet");
}

/* ---- Audit ------------------------------------------------------------- */

/* The rows of an audit about the sheet's participants; subjects holds
 * "deltager N" labels for them. */
static void as_audit_rows(struct req *r, const struct as_sheet *s,
                          const char *action, const char *detail,
                          struct audit_entry *e, char (*subjects)[32])
{
	size_t i;

	for (i = 0; i < s->npeople; i++) {
		e[i] = audit_for(r, action);
		snprintf(subjects[i], sizeof(subjects[i]), "deltager %lld",
		         (long long)s->people[i].id);
		e[i].subject_type = "participant";
		e[i].subject_id = s->people[i].id;
		e[i].subject = subjects[i];
		e[i].detail = detail;
	}
}

/* The names shown are reads: one row per participant. 0 or -1. */
static int as_audit_reads(struct req *r, const struct as_sheet *s,
                          const char *detail)
{
	struct audit_entry *e;
	char(*subjects)[32];
	int rc = -1;

	if (s->npeople == 0)
		return 0;
	e = calloc(s->npeople, sizeof(*e));
	subjects = calloc(s->npeople, sizeof(*subjects));
	if (e && subjects) {
		as_audit_rows(r, s, "participant.list", detail, e, subjects);
		rc = audit_write_reads(e, s->npeople);
	}
	free(e);
	free(subjects);
	return rc;
}

/*
 * An export: one row about the cohort (the file, the period and how many
 * rows) and one per participant in it, so each citizen's access log shows
 * it; committed, and waited for on disk, before any byte leaves. 0 or -1.
 */
static int as_audit_export(struct req *r, const struct cohort *c,
                           const struct as_scope *sc, const struct as_sheet *s,
                           const char *file)
{
	struct audit_entry head = audit_for(r, "attendance.export");
	struct audit_entry *e = calloc(s->npeople ? s->npeople : 1, sizeof(*e));
	char(*subjects)[32] =
	    calloc(s->npeople ? s->npeople : 1, sizeof(*subjects));
	char detail[128];
	struct db *w;
	size_t i;
	int rc = -1;

	if (e == NULL || subjects == NULL)
		goto out;
	snprintf(detail, sizeof(detail), "%s %s..%s rows=%zu", file,
	         sc->from_given ? sc->from : "", sc->to_given ? sc->to : "",
	         s->npeople);
	head.subject_type = "cohort";
	head.subject_id = c->id;
	head.subject = c->name;
	head.detail = detail;
	as_audit_rows(r, s, "participant.export", detail, e, subjects);
	w = db_writer_lock();
	if (db_begin(w) == 0 && audit_write(w, &head) == 0) {
		for (i = 0; i < s->npeople; i++)
			if (audit_write(w, &e[i]) < 0)
				break;
		if (i == s->npeople && db_commit(w) == 0)
			rc = 0;
	}
	db_rollback(w);
	db_writer_unlock(w);
out:
	free(e);
	free(subjects);
	return rc;
}

/* ---- Flags of a cohort, for its rows ----------------------------------- */

/* The Danish reason of a flag into out. */
static void as_flag_text(const char *reason, int streak, int rate, char *out,
                         size_t len)
{
	if (strcmp(reason, "streak") == 0)
		snprintf(out, len, "%d fravær uden afbud i træk", streak);
	else
		snprintf(out, len, "Fremmøde %d %% de sidste 2 uger", rate);
}

/* The flag of participant id as Danish text into out ("" when none). */
static int as_flag_of(struct db *db, int64_t id, char *out, size_t len)
{
	sqlite3_stmt *st = db_stmt(db, as_sql[AS_SQL_FLAG_OF]);
	int rc;

	out[0] = '\0';
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		as_flag_text(db_text(st, 0), sqlite3_column_int(st, 1),
		             sqlite3_column_int(st, 2), out, len);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* ---- Views ------------------------------------------------------------- */

static void as_view_pct(struct view *v, const char *name, int pct)
{
	if (pct < 0)
		view_set(v, name, "–");
	else
		view_setf(v, name, "%d %%", pct);
}

static void as_view_numbers(struct view *v, const struct attendance_numbers *n)
{
	char hours[32];

	view_set_int(v, "days_enrolled", n->days_enrolled);
	view_set_int(v, "present", n->present);
	view_set_int(v, "late", n->late);
	view_set_int(v, "left_early", n->left_early);
	view_set_int(v, "announced", n->announced);
	view_set_int(v, "sick", n->sick);
	view_set_int(v, "absent", n->absent);
	view_set_int(v, "not_marked", n->days_enrolled - n->marked);
	as_view_pct(v, "attendance", attendance_stats_pct(n));
	as_view_pct(v, "commitment", attendance_stats_commitment_pct(n));
	as_hours_text(n->minutes, ',', hours, sizeof(hours));
	view_set(v, "hours", hours);
}

static void as_view_legend(struct view *v)
{
	int i;

	for (i = 0; i < ATTENDANCE_CELL__MAX; i++) {
		struct view *l = view_add(v, "legend");

		/* An empty white box in the picture. */
		view_set(l, "symbol", ag_look[ag_legend[i]].symbol[0]
					      ? ag_look[ag_legend[i]].symbol
					      : "\u25a1");
		view_set(l, "label", ag_look[ag_legend[i]].label);
	}
}

/* The grid of a sheet; names points into the sheet (caller frees names). */
static int as_grid_of(const struct as_sheet *s, const char *cohort,
                      struct attendance_grid *g, char *title, size_t len,
                      const char ***names, date_t **dates)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	*names = calloc(s->npeople ? s->npeople : 1, sizeof(**names));
	*dates = calloc(s->ndays ? s->ndays : 1, sizeof(**dates));
	if (*names == NULL || *dates == NULL)
		return -1;
	for (i = 0; i < s->npeople; i++)
		(*names)[i] = s->people[i].name;
	for (i = 0; i < s->ndays; i++)
		(*dates)[i] = s->days[i].date;
	snprintf(title, len, "Fremmøde på %s", cohort);
	g->title = title;
	g->nrows = s->npeople;
	g->ndays = s->ndays;
	g->names = *names;
	g->dates = *dates;
	g->cells = s->cells;
	g->minutes = s->minutes;
	return 0;
}

static int as_page_view(struct req *r, const struct cohort *c,
                        const struct as_scope *sc, const struct as_sheet *s,
                        struct view *v)
{
	struct attendance_grid g;
	const char **names = NULL;
	date_t *dates = NULL;
	char q[64], href[128], label[2 * DATE_DA_LEN + 8], title[1024];
	char flag[96];
	size_t i;
	int w, h, rc = 0;

	view_setf(v, "title", "Fremmøde – %s", c->name);
	view_set_int(v, "id", c->id);
	view_set(v, "name", c->name);
	view_set(v, "from", sc->from_given ? sc->from : "");
	view_set(v, "to", sc->to_given ? sc->to : "");
	as_period_label(sc, label, sizeof(label));
	view_set(v, "period_label", label);
	as_query(sc, q, sizeof(q));
	snprintf(href, sizeof(href), "/cohorts/%lld/attendance.svg%s",
	         (long long)c->id, q);
	view_set(v, "svg_href", href);
	snprintf(href, sizeof(href), "/cohorts/%lld/attendance.csv%s",
	         (long long)c->id, q);
	view_set(v, "csv_href", href);
	snprintf(href, sizeof(href), "/cohorts/%lld/attendance.xlsx%s",
	         (long long)c->id, q);
	view_set(v, "xlsx_href", href);
	view_set_bool(v, "own_only", sc->caseworker_id != 0);
	as_view_legend(v);
	if (as_grid_of(s, c->name, &g, title, sizeof(title), &names, &dates) <
	    0)
		rc = -1;
	ag_size(&g, &w, &h);
	view_set_int(v, "grid_width", w);
	view_set_int(v, "grid_height", h);
	view_setf(v, "grid_alt",
	          "Fremmøde for %zu deltagere på %zu kursusdage. Tallene står "
	          "i tabellen herunder.",
	          s->npeople, s->ndays);
	view_set_bool(v, "has_days", s->ndays > 0);
	view_list(v, "rows");
	for (i = 0; rc == 0 && i < s->npeople; i++) {
		struct view *row = view_add(v, "rows");

		view_set_int(row, "id", s->people[i].id);
		view_set(row, "name", s->people[i].name);
		as_view_numbers(row, &s->people[i].n);
		rc = as_flag_of(r->db, s->people[i].id, flag, sizeof(flag));
		view_set(row, "flag", flag);
	}
	if (s->npeople)
		as_view_numbers(view_add(v, "total"), &s->total);
	free(names);
	free(dates);
	return rc;
}

/* ---- Handlers ---------------------------------------------------------- */

int attendance_stats_page(struct req *r)
{
	struct form_invalid bad = {0};
	struct as_sheet s = {0};
	struct as_scope sc;
	struct cohort c;
	struct view *v = NULL;
	int status = 200, rc = as_cohort_for_request(r, &c, &sc);

	if (rc)
		return rc;
	if (as_period(&r->query, &sc, &bad) < 0) {
		/* Shown again with the whole course and the message. */
		struct form empty = FORM_INIT;
		struct form_invalid ignored;

		status = 422;
		as_period(&empty, &sc, &ignored);
	}
	v = view_new();
	if (v == NULL || as_sheet_load(r->db, &sc, &s) < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	view_set(v, "error", status == 422 ? bad.message : NULL);
	if (as_page_view(r, &c, &sc, &s, v) < 0 || view_failed(v) ||
	    as_audit_reads(r, &s, "attendance") < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	rc = http_page(r, status, "attendance_stats.html", v);
out:
	view_free(v);
	as_sheet_free(&s);
	return rc;
}

/* The cohort, period and sheet of a request; 0 or the status answered. */
static int as_sheet_for_request(struct req *r, struct cohort *c,
                                struct as_scope *sc, struct as_sheet *s)
{
	struct form_invalid bad = {0};
	int rc = as_cohort_for_request(r, c, sc);

	if (rc)
		return rc;
	if (as_period(&r->query, sc, &bad) < 0)
		return r->api ? http_invalid(r, bad.field, bad.message)
		              : http_error(r, 422, bad.message);
	if (as_sheet_load(r->db, sc, s) < 0)
		return http_error(r, 500, NULL);
	return 0;
}

int attendance_stats_svg(struct req *r)
{
	struct buf out = BUF_INIT(8 * 1024 * 1024);
	struct attendance_grid g;
	struct as_sheet s = {0};
	struct as_scope sc;
	struct cohort c;
	const char **names = NULL;
	date_t *dates = NULL;
	char title[1024];
	int rc = as_sheet_for_request(r, &c, &sc, &s);

	if (rc)
		return rc;
	if (as_grid_of(&s, c.name, &g, title, sizeof(title), &names, &dates) <
	        0 ||
	    attendance_grid_svg(&out, &g) < 0 ||
	    as_audit_reads(r, &s, "attendance grid") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc =
		    http_send(r, 200, "image/svg+xml", out.data, out.len, NULL);
	free(names);
	free(dates);
	buf_free(&out);
	as_sheet_free(&s);
	return rc;
}

/* CSV for Danish Excel: UTF-8 with BOM, ';', CRLF and decimal commas. */

/* A quoted text field (RFC 4180); a leading =, +, -, @, tab or CR gets a
 * ' so a spreadsheet shows the text instead of running it as a formula. */
static void as_csv_text(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* The export's columns, in the CSV's and the XLSX's order. */
static const char *const as_columns[] = {
    "Deltager",     "Dage indskrevet",
    "Til stede",    "For sent",
    "Gået tidligt", "Meldt fravær",
    "Syg",          "Fravær uden afbud",
    "Fremmøde %",   "Fremmøde inkl. meldt fravær %",
    "Timer",
};
#define AS_NCOLUMNS (sizeof(as_columns) / sizeof(as_columns[0]))

static void as_csv_pct(struct buf *b, int pct)
{
	if (pct < 0)
		buf_putc(b, ';');
	else
		buf_printf(b, ";%d", pct);
}

static void as_csv_row(struct buf *b, const char *name,
                       const struct attendance_numbers *n)
{
	char hours[32];

	as_csv_text(b, name);
	buf_printf(b, ";%d;%d;%d;%d;%d;%d;%d", n->days_enrolled, n->present,
	           n->late, n->left_early, n->announced, n->sick, n->absent);
	as_csv_pct(b, attendance_stats_pct(n));
	as_csv_pct(b, attendance_stats_commitment_pct(n));
	as_hours_text(n->minutes, ',', hours, sizeof(hours));
	buf_printf(b, ";%s\r\n", hours);
}

static void as_csv(struct buf *b, const struct as_sheet *s)
{
	size_t i;

	buf_puts(b, "\xEF\xBB\xBF");
	for (i = 0; i < AS_NCOLUMNS; i++)
		buf_printf(b, "%s%s", i ? ";" : "", as_columns[i]);
	buf_puts(b, "\r\n");
	for (i = 0; i < s->npeople; i++)
		as_csv_row(b, s->people[i].name, &s->people[i].n);
	if (s->npeople)
		as_csv_row(b, "I alt", &s->total);
}

int attendance_stats_csv(struct req *r)
{
	struct buf out = BUF_INIT(0);
	struct as_sheet s = {0};
	struct as_scope sc;
	struct cohort c;
	char disposition[128];
	int rc = as_sheet_for_request(r, &c, &sc, &s);

	if (rc)
		return rc;
	as_csv(&out, &s);
	if (buf_failed(&out) ||
	    as_audit_export(r, &c, &sc, &s, "attendance.csv") < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	snprintf(disposition, sizeof(disposition),
	         "Content-Disposition: attachment; "
	         "filename=\"fremmoede-%lld.csv\"\r\n",
	         (long long)c.id);
	rc = http_send(r, 200, "text/csv; charset=utf-8", out.data, out.len,
	               disposition);
out:
	buf_free(&out);
	as_sheet_free(&s);
	return rc;
}

/* XLSX through libxlsxwriter, which only writes files: one in a private
 * folder of our own (mode 0700), read back and removed with the folder. */

static void as_xlsx_pct(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        int pct)
{
	if (pct >= 0)
		worksheet_write_number(ws, row, col, pct, NULL);
}

static void as_xlsx_row(lxw_worksheet *ws, lxw_row_t row, const char *name,
                        const struct attendance_numbers *n, lxw_format *hours)
{
	const int counts[7] = {n->days_enrolled, n->present,   n->late,
	                       n->left_early,    n->announced, n->sick,
	                       n->absent};
	lxw_col_t col;

	worksheet_write_string(ws, row, 0, name, NULL);
	for (col = 0; col < 7; col++)
		worksheet_write_number(ws, row, col + 1, counts[col], NULL);
	as_xlsx_pct(ws, row, 8, attendance_stats_pct(n));
	as_xlsx_pct(ws, row, 9, attendance_stats_commitment_pct(n));
	worksheet_write_number(
	    ws, row, 10, (double)as_hours_tenths(n->minutes) / 10.0, hours);
}

/* Writes the workbook to path. 0 or -1. */
static int as_xlsx_write(const char *path, char *tmpdir,
                         const struct as_sheet *s, const char *cohort)
{
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE,
	                            .tmpdir = tmpdir,
	                            .use_zip64 = LXW_FALSE};
	lxw_doc_properties props = {0};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws;
	lxw_format *bold, *hours;
	size_t i;

	if (wb == NULL)
		return -1;
	props.title = (char *)cohort;
	workbook_set_properties(wb, &props);
	ws = workbook_add_worksheet(wb, "Fremmøde");
	bold = workbook_add_format(wb);
	hours = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_num_format(hours, "0.0");
	if (ws == NULL) {
		workbook_close(wb);
		return -1;
	}
	worksheet_set_column(ws, 0, 0, 32, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)AS_NCOLUMNS - 1, 12, NULL);
	for (i = 0; i < AS_NCOLUMNS; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, as_columns[i],
		                       bold);
	for (i = 0; i < s->npeople; i++)
		as_xlsx_row(ws, (lxw_row_t)(i + 1), s->people[i].name,
		            &s->people[i].n, hours);
	if (s->npeople)
		as_xlsx_row(ws, (lxw_row_t)(s->npeople + 1), "I alt", &s->total,
		            hours);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/*
 * libxlsxwriter's zip writer (minizip) keeps a 64 KiB buffer on the stack,
 * more than is left of a CivetWeb worker's ~100 KiB: the workbook is
 * written on a thread of its own with room to spare.
 */
#define AS_XLSX_STACK (1024 * 1024)

struct as_xlsx_job {
	const char *path;
	char *tmpdir;
	const struct as_sheet *s;
	const char *cohort;
	int rc;
};

static void *as_xlsx_run(void *arg)
{
	struct as_xlsx_job *job = arg;

	job->rc = as_xlsx_write(job->path, job->tmpdir, job->s, job->cohort);
	return NULL;
}

static int as_xlsx_write_aside(struct as_xlsx_job *job)
{
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	job->rc = -1;
	if (pthread_attr_init(&attr) != 0)
		return -1;
	rc = pthread_attr_setstacksize(&attr, AS_XLSX_STACK);
	if (rc == 0)
		rc = pthread_create(&t, &attr, as_xlsx_run, job);
	pthread_attr_destroy(&attr);
	if (rc != 0 || pthread_join(t, NULL) != 0)
		return -1;
	return job->rc;
}

/* Empties and removes the private folder, whatever the library left. */
static void as_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	if (rmdir(dir) < 0)
		log_error("attendance_stats: could not remove a temporary "
		          "folder");
}

/* The workbook's bytes into out. 0 or -1. */
static int as_xlsx(struct buf *out, const struct as_sheet *s,
                   const char *cohort)
{
	const char *base = getenv("TMPDIR");
	char dir[256], path[300];
	struct as_xlsx_job job = {path, dir, s, cohort, -1};
	int rc = -1;

	if (base == NULL || base[0] != '/' || strlen(base) > 200)
		base = "/tmp";
	snprintf(dir, sizeof(dir), "%s/mestring-xlsx-XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		log_error("attendance_stats: no temporary folder for XLSX");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/fremmoede.xlsx", dir);
	if (as_xlsx_write_aside(&job) == 0) {
		FILE *f = fopen(path, "rb");
		char chunk[16384];
		size_t n;

		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(out, chunk, n);
		if (f && !ferror(f) && !buf_failed(out))
			rc = 0;
		if (f)
			fclose(f);
	}
	as_rmdir(dir);
	return rc;
}

int attendance_stats_xlsx(struct req *r)
{
	struct buf out = BUF_INIT(32 * 1024 * 1024);
	struct as_sheet s = {0};
	struct as_scope sc;
	struct cohort c;
	char disposition[128];
	int rc = as_sheet_for_request(r, &c, &sc, &s);

	if (rc)
		return rc;
	if (as_xlsx(&out, &s, c.name) < 0 ||
	    as_audit_export(r, &c, &sc, &s, "attendance.xlsx") < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	snprintf(disposition, sizeof(disposition),
	         "Content-Disposition: attachment; "
	         "filename=\"fremmoede-%lld.xlsx\"\r\n",
	         (long long)c.id);
	rc = http_send(r, 200,
	               "application/vnd.openxmlformats-officedocument."
	               "spreadsheetml.sheet",
	               out.data, out.len, disposition);
out:
	buf_free(&out);
	as_sheet_free(&s);
	return rc;
}

/* ---- JSON -------------------------------------------------------------- */

static void as_json_pct(cJSON *o, const char *name, int pct)
{
	if (pct < 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddNumberToObject(o, name, pct);
}

static cJSON *as_json_numbers(cJSON *o, const struct attendance_numbers *n)
{
	cJSON_AddNumberToObject(o, "days_enrolled", n->days_enrolled);
	cJSON_AddNumberToObject(o, "marked", n->marked);
	cJSON_AddNumberToObject(o, "not_marked", n->days_enrolled - n->marked);
	cJSON_AddNumberToObject(o, "present", n->present);
	cJSON_AddNumberToObject(o, "late", n->late);
	cJSON_AddNumberToObject(o, "left_early", n->left_early);
	cJSON_AddNumberToObject(o, "announced", n->announced);
	cJSON_AddNumberToObject(o, "sick", n->sick);
	cJSON_AddNumberToObject(o, "absent", n->absent);
	as_json_pct(o, "attendance_pct", attendance_stats_pct(n));
	as_json_pct(o, "commitment_pct", attendance_stats_commitment_pct(n));
	cJSON_AddNumberToObject(o, "minutes_attended", (double)n->minutes);
	cJSON_AddNumberToObject(o, "hours_attended",
	                        (double)as_hours_tenths(n->minutes) / 10.0);
	return o;
}

int attendance_stats_api(struct req *r)
{
	struct as_sheet s = {0};
	struct as_scope sc;
	struct cohort c;
	cJSON *root, *list, *p;
	char flag[96];
	size_t i;
	int rc = as_sheet_for_request(r, &c, &sc, &s);

	if (rc)
		return rc;
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "cohort_id", (double)c.id);
	if (sc.from_given)
		cJSON_AddStringToObject(root, "from", sc.from);
	else
		cJSON_AddNullToObject(root, "from");
	if (sc.to_given)
		cJSON_AddStringToObject(root, "to", sc.to);
	else
		cJSON_AddNullToObject(root, "to");
	list = cJSON_AddArrayToObject(root, "participants");
	for (i = 0, rc = 0; rc == 0 && i < s.npeople; i++) {
		p = cJSON_CreateObject();
		cJSON_AddNumberToObject(p, "participant_id",
		                        (double)s.people[i].id);
		cJSON_AddStringToObject(p, "name", s.people[i].name);
		as_json_numbers(p, &s.people[i].n);
		rc = as_flag_of(r->db, s.people[i].id, flag, sizeof(flag));
		if (flag[0])
			cJSON_AddStringToObject(p, "flag", flag);
		cJSON_AddItemToArray(list, p);
	}
	as_json_numbers(cJSON_AddObjectToObject(root, "totals"), &s.total);
	if (rc < 0 || as_audit_reads(r, &s, "attendance api") < 0) {
		cJSON_Delete(root);
		rc = http_error(r, 500, NULL);
	} else {
		rc = http_json(r, 200, root);
	}
	as_sheet_free(&s);
	return rc;
}

/* ---- The participant page ---------------------------------------------- */

int attendance_stats_view_participant(struct db *db, int64_t participant_id,
                                      struct view *v)
{
	struct as_scope sc = {0};
	struct as_sheet s = {0};
	struct view *a;
	char flag[96];
	int64_t cohort = 0;
	sqlite3_stmt *st = db_stmt(db, as_sql[AS_SQL_COHORT_OF]);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, participant_id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		cohort = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	sc.cohort_id = cohort;
	sc.participant_id = participant_id;
	sc.today = date_today();
	snprintf(sc.from, sizeof(sc.from), "1900-01-01");
	snprintf(sc.to, sizeof(sc.to), "2200-12-31");
	if (as_sheet_load(db, &sc, &s) < 0)
		return -1;
	rc = 0;
	if (s.npeople == 1) {
		a = view_add(v, "attendance");
		view_set_int(a, "cohort_id", cohort);
		as_view_numbers(a, &s.people[0].n);
		rc = as_flag_of(db, participant_id, flag, sizeof(flag));
		view_set(a, "flag", flag);
	}
	as_sheet_free(&s);
	return rc;
}

/* ---- Start pages ------------------------------------------------------- */

static int as_now_minutes(void)
{
	time_t t = (time_t)http_now();
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return tm.tm_hour * 60 + tm.tm_min;
}

/* Flagged participants the user follows; their names are audited reads. */
static int as_start_flags(struct req *r, struct view *v)
{
	bool leader = r->session->role == ROLE_PROJECT_LEADER;
	sqlite3_stmt *st = db_stmt(
	    r->db,
	    as_sql[leader ? AS_SQL_FLAGS_LEADER : AS_SQL_FLAGS_CASEWORKER]);
	struct audit_entry e[AS_PANEL_MAX];
	char subjects[AS_PANEL_MAX][32], text[96];
	size_t n = 0;
	int rc;

	if (st == NULL)
		return -1;
	view_set_bool(v, "follows_attendance", true);
	view_list(v, "attendance_flags");
	sqlite3_bind_int64(st, 1, r->session->user_id);
	if (leader)
		sqlite3_bind_int64(st, 2, r->session->organisation_id);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW && n < AS_PANEL_MAX) {
		struct view *f = view_add(v, "attendance_flags");
		int64_t id = sqlite3_column_int64(st, 0);

		view_set_int(f, "id", id);
		view_set(f, "name", db_text(st, 1));
		view_set_int(f, "cohort_id", sqlite3_column_int64(st, 2));
		view_set(f, "cohort", db_text(st, 3));
		as_flag_text(db_text(st, 4), sqlite3_column_int(st, 5),
		             sqlite3_column_int(st, 6), text, sizeof(text));
		view_set(f, "reason", text);
		e[n] = audit_for(r, "participant.list");
		snprintf(subjects[n], sizeof(subjects[n]), "deltager %lld",
		         (long long)id);
		e[n].subject_type = "participant";
		e[n].subject_id = id;
		e[n].subject = subjects[n];
		e[n].detail = "attendance flags";
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return -1;
	return n ? audit_write_reads(e, n) : 0;
}

/* Course days of the user's cohorts, in the last two weeks, that ended
 * without marks and were not cancelled. */
static int as_start_not_taken(struct req *r, struct view *v)
{
	bool leader = r->session->role == ROLE_PROJECT_LEADER;
	sqlite3_stmt *st =
	    db_stmt(r->db, as_sql[leader ? AS_SQL_NOT_TAKEN_LEADER
	                                 : AS_SQL_NOT_TAKEN_INSTRUCTOR]);
	char today[DATE_ISO_LEN + 1], first[DATE_ISO_LEN + 1];
	char da[DATE_DA_LEN], a[6], z[6];
	int rc;

	if (st == NULL)
		return -1;
	view_set_bool(v, "takes_attendance", true);
	view_list(v, "not_taken");
	date_format_iso(date_today(), today);
	date_format_iso(date_add_days(date_today(), 1 - ATTENDANCE_RATE_DAYS),
	                first);
	sqlite3_bind_int64(st, 1, r->session->user_id);
	if (leader)
		sqlite3_bind_int64(st, 2, r->session->organisation_id);
	sqlite3_bind_text(st, 3, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, as_now_minutes());
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		struct view *d = view_add(v, "not_taken");

		view_set_int(d, "id", sqlite3_column_int64(st, 0));
		date_format_da(as_date(st, 1), da, sizeof(da));
		view_set(d, "date_da", da);
		date_format_hhmm(sqlite3_column_int(st, 2), a);
		date_format_hhmm(sqlite3_column_int(st, 3), z);
		view_setf(d, "time", "%s–%s", a, z);
		view_set_int(d, "cohort_id", sqlite3_column_int64(st, 4));
		view_set(d, "cohort", db_text(st, 5));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int attendance_stats_start_view(struct req *r, struct view *v)
{
	enum role role = r->session->role;
	int rc = 0;

	if (role == ROLE_CASEWORKER || role == ROLE_PROJECT_LEADER)
		rc = as_start_flags(r, v);
	if (rc == 0 && (role == ROLE_INSTRUCTOR || role == ROLE_PROJECT_LEADER))
		rc = as_start_not_taken(r, v);
	return rc;
}
