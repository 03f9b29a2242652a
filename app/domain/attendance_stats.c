/*
 * attendance_stats: a cohort's sheet of marks by participants and course
 * days, counted by the definitions in attendance_stats.h; who may see it;
 * and the audit rows of showing and exporting it.
 */
#include "attendance_stats.h"

#include "actor.h"
#include "array.h"
#include "attendance.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "participant.h"
#include "role.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum attendance_stats_sql {
	AS_SQL_COHORT_OF,
	AS_SQL_DAYS,
	AS_SQL_PEOPLE,
	AS_SQL_MARKS,
	AS_SQL__MAX
};

/* clang-format off */
static const struct db_sql attendance_stats_sql[AS_SQL__MAX] = {
	[AS_SQL_COHORT_OF] = {"SELECT cohort_id FROM participant WHERE id = "
		"?1", "i"},
	[AS_SQL_DAYS] = {"SELECT id, date, start_min, end_min FROM "
		"course_day WHERE cohort_id = ?1 AND status != 'cancelled' AND "
		"date BETWEEN ?2 AND ?3 ORDER BY date, start_min, id LIMIT 400",
		"itt"},
	/* ?2 a caseworker's own citizens only (0: all), ?3 one (0: all). */
	[AS_SQL_PEOPLE] = {"SELECT id, name, started_on, "
		"coalesce(ended_on, '') FROM participant WHERE cohort_id = ?1 "
		"AND started_on IS NOT NULL AND (?2 = 0 OR caseworker_id = ?2) "
		"AND (?3 = 0 OR id = ?3) ORDER BY name COLLATE NOCASE, id",
		"iii"},
	[AS_SQL_MARKS] = {"SELECT a.day_id, a.participant_id, a.status, "
		"a.minutes FROM course_day d JOIN attendance a ON a.day_id = "
		"d.id WHERE d.cohort_id = ?1 AND d.status != 'cancelled' AND "
		"d.date BETWEEN ?2 AND ?3 AND (?4 = 0 OR a.participant_id = ?4)",
		"itti"},
};
/* clang-format on */

/* Numbers. */

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

int64_t attendance_stats_hours_tenths(int64_t minutes)
{
	return (minutes * 10 + 30) / 60;
}

void attendance_stats_hours_text(int64_t minutes, char comma, char *out,
				 size_t len)
{
	int64_t t = attendance_stats_hours_tenths(minutes);

	snprintf(out, len, "%lld%c%lld", (long long)(t / 10), comma,
		 (long long)(t % 10));
}

/* The cell of a stored status (enum attendance_status + 1). */
static enum attendance_cell as_cell_of(const char *status)
{
	int s = attendance_status_parse(status);

	return s < 0 ? ATTENDANCE_CELL_NOT_MARKED
		     : (enum attendance_cell)(s + ATTENDANCE_CELL_PRESENT);
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
	attendance_intern_add(&to->intern, &n->intern);
}

/* Who sees what. */

int attendance_stats_scope(struct db *db, const struct actor *a, int64_t id,
			   struct cohort *c, struct attendance_scope *sc,
			   struct form_invalid *bad)
{
	int rc;

	if (a->role != ROLE_PROJECT_LEADER && a->role != ROLE_INSTRUCTOR &&
	    a->role != ROLE_CASEWORKER)
		return form_refuse(
			bad, RESULT_REFUSED, NULL,
			"Kun holdets projektledere og undervisere og "
			"borgernes sagsbehandlere kan se fremmødet.");
	rc = cohort_get(db, a, id, c);
	if (rc)
		return rc > 0 ? RESULT_NOT_FOUND : RESULT_FAILED;
	memset(sc, 0, sizeof(*sc));
	sc->cohort_id = c->id;
	sc->today = date_today();
	if (a->role == ROLE_CASEWORKER)
		sc->caseworker_id = a->user_id;
	return RESULT_OK;
}

int attendance_stats_period(struct attendance_scope *sc, date_t from, date_t to,
			    struct form_invalid *bad)
{
	char msg[96];

	if (from && to && to < from)
		return form_refuse(bad, RESULT_INVALID, "to",
				   "Til-datoen må ikke ligge før fra-datoen.");
	if (from && to && to - from >= ATTENDANCE_PERIOD_DAYS_MAX) {
		snprintf(msg, sizeof(msg),
			 "Perioden kan højst være et år (%d dage).",
			 ATTENDANCE_PERIOD_DAYS_MAX);
		return form_refuse(bad, RESULT_INVALID, "to", msg);
	}
	sc->from = from;
	sc->to = to;
	return RESULT_OK;
}

/* The sheet. */

void attendance_sheet_free(struct attendance_sheet *s)
{
	size_t i;

	for (i = 0; i < s->npeople; i++)
		free(s->people[i].name);
	free(s->days);
	free(s->people);
	free(s->cells);
	free(s->minutes);
	attendance_intern_free(&s->intern);
	memset(s, 0, sizeof(*s));
}

/* The period as the statements bind it: the whole course when open. */
struct as_period {
	char from[DATE_ISO_LEN + 1], to[DATE_ISO_LEN + 1];
};

static void as_period_of(const struct attendance_scope *sc, struct as_period *p)
{
	if (sc->from)
		date_format_iso(sc->from, p->from);
	else
		snprintf(p->from, sizeof(p->from), "1900-01-01");
	if (sc->to)
		date_format_iso(sc->to, p->to);
	else
		snprintf(p->to, sizeof(p->to), "2200-12-31");
}

static int as_load_days(struct db *db, const struct attendance_scope *sc,
			const struct as_period *p, struct attendance_sheet *s)
{
	sqlite3_stmt *st = DB_BIND(db, &attendance_stats_sql[AS_SQL_DAYS],
				   DB_INT(sc->cohort_id), DB_TEXT(p->from),
				   DB_TEXT(p->to));
	int rc;

	if (st == NULL)
		return -1;
	s->days = calloc(ATTENDANCE_SHEET_DAYS_MAX, sizeof(*s->days));
	if (s->days == NULL) {
		sqlite3_reset(st);
		return -1;
	}
	while ((rc = db_step(db, st)) == SQLITE_ROW &&
	       s->ndays < ATTENDANCE_SHEET_DAYS_MAX) {
		struct attendance_sheet_day *d = &s->days[s->ndays++];

		d->id = sqlite3_column_int64(st, 0);
		d->date = db_date(st, 1);
		d->length = sqlite3_column_int(st, 3) -
			    sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static int as_load_people(struct db *db, const struct attendance_scope *sc,
			  struct attendance_sheet *s)
{
	sqlite3_stmt *st = DB_BIND(
		db, &attendance_stats_sql[AS_SQL_PEOPLE], DB_INT(sc->cohort_id),
		DB_INT(sc->caseworker_id), DB_INT(sc->participant_id));
	struct attendance_sheet_person *p;
	size_t cap = 0;
	long k;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		k = ARRAY_PUSH(s->people, s->npeople, cap);
		if (k < 0)
			break;
		p = &s->people[k];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->name = strdup(db_text(st, 1));
		if (p->name == NULL) {
			s->npeople--;
			break;
		}
		p->started = db_date(st, 2);
		p->ended = db_date(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static size_t as_day_index(const struct attendance_sheet *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->ndays; i++)
		if (s->days[i].id == id)
			return i;
	return SIZE_MAX;
}

static size_t as_person_index(const struct attendance_sheet *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->npeople; i++)
		if (s->people[i].id == id)
			return i;
	return SIZE_MAX;
}

static int as_load_marks(struct db *db, const struct attendance_scope *sc,
			 const struct as_period *p, struct attendance_sheet *s)
{
	sqlite3_stmt *st = DB_BIND(db, &attendance_stats_sql[AS_SQL_MARKS],
				   DB_INT(sc->cohort_id), DB_TEXT(p->from),
				   DB_TEXT(p->to), DB_INT(sc->participant_id));
	size_t last_day = 0, di, pi, k;
	int64_t day;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		day = sqlite3_column_int64(st, 0);
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
static void as_sheet_count(struct attendance_sheet *s, date_t today)
{
	size_t i, j, k;

	memset(&s->total, 0, sizeof(s->total));
	for (i = 0; i < s->npeople; i++) {
		struct attendance_sheet_person *p = &s->people[i];

		memset(&p->n, 0, sizeof(p->n));
		for (j = 0; j < s->ndays && s->days[j].date <= today; j++) {
			k = i * s->ndays + j;
			if (s->cells[k] == ATTENDANCE_CELL_NOT_ENROLLED)
				continue;
			p->n.days_enrolled++;
			as_count(&p->n, s->cells[k], s->days[j].length,
				 s->minutes[k]);
		}
		as_add(&s->total, &p->n);
	}
}

/* The people's internship days, counted into their numbers and the
 * totals. */
static int as_sheet_intern(struct db *db, const struct attendance_scope *sc,
			   struct attendance_sheet *s)
{
	int64_t *ids = calloc(s->npeople ? s->npeople : 1, sizeof(*ids));
	size_t i;
	int rc;

	if (ids == NULL)
		return -1;
	for (i = 0; i < s->npeople; i++)
		ids[i] = s->people[i].id;
	rc = attendance_intern_load(db, ids, s->npeople, sc->from, sc->to,
				    sc->today, &s->intern);
	free(ids);
	if (rc < 0)
		return -1;
	for (i = 0; i < s->npeople; i++) {
		s->people[i].n.intern = s->intern.n[i];
		attendance_intern_add(&s->total.intern, &s->intern.n[i]);
	}
	return 0;
}

/* Drops rows with no enrolled day among the columns (a period before a
 * participant started, or after they left). */
static void as_sheet_trim(struct attendance_sheet *s)
{
	size_t i, j, kept = 0;
	bool any;

	if (s->ndays == 0)
		return;
	for (i = 0; i < s->npeople; i++) {
		any = false;
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

int attendance_sheet_load(struct db *db, const struct attendance_scope *sc,
			  struct attendance_sheet *s)
{
	const struct attendance_sheet_person *p;
	struct as_period period;
	size_t i, j, n;

	memset(s, 0, sizeof(*s));
	as_period_of(sc, &period);
	if (as_load_days(db, sc, &period, s) < 0 ||
	    as_load_people(db, sc, s) < 0)
		goto fail;
	n = s->npeople * s->ndays;
	s->cells = calloc(n ? n : 1, sizeof(*s->cells));
	s->minutes = calloc(n ? n : 1, sizeof(*s->minutes));
	if (s->cells == NULL || s->minutes == NULL)
		goto fail;
	for (i = 0; i < s->npeople; i++) {
		p = &s->people[i];
		for (j = 0; j < s->ndays; j++)
			s->cells[i * s->ndays + j] =
				attendance_enrolled(p->started, p->ended,
						    s->days[j].date)
					? ATTENDANCE_CELL_NOT_MARKED
					: ATTENDANCE_CELL_NOT_ENROLLED;
	}
	if (as_load_marks(db, sc, &period, s) < 0)
		goto fail;
	/* One participant's page keeps its row. */
	if (sc->participant_id == 0)
		as_sheet_trim(s);
	as_sheet_count(s, sc->today);
	if (as_sheet_intern(db, sc, s) < 0)
		goto fail;
	return 0;
fail:
	attendance_sheet_free(s);
	return -1;
}

int attendance_stats_participant(struct db *db, int64_t participant_id,
				 struct attendance_numbers *n,
				 int64_t *cohort_id)
{
	sqlite3_stmt *st = DB_BIND(db, &attendance_stats_sql[AS_SQL_COHORT_OF],
				   DB_INT(participant_id));
	struct attendance_scope sc = {0};
	struct attendance_sheet s;
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		sc.cohort_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	sc.participant_id = participant_id;
	sc.today = date_today();
	if (attendance_sheet_load(db, &sc, &s) < 0)
		return -1;
	/* No row: never started. */
	rc = s.npeople == 1 ? 0 : 1;
	if (rc == 0) {
		*n = s.people[0].n;
		*cohort_id = sc.cohort_id;
	}
	attendance_sheet_free(&s);
	return rc;
}

/* Audit. */

static int64_t *as_ids(const struct attendance_sheet *s)
{
	int64_t *ids = calloc(s->npeople ? s->npeople : 1, sizeof(*ids));
	size_t i;

	for (i = 0; ids && i < s->npeople; i++)
		ids[i] = s->people[i].id;
	return ids;
}

int attendance_stats_audit_read(const struct actor *a,
				const struct attendance_sheet *s,
				const char *detail)
{
	int64_t *ids;
	int rc;

	if (s->npeople == 0)
		return 0;
	ids = as_ids(s);
	if (ids == NULL)
		return -1;
	rc = participant_audit_reads(a, AUDIT_PARTICIPANT_LIST, ids, s->npeople,
				     detail);
	free(ids);
	return rc;
}

/* The rows of an export in w's open transaction. */
static int as_audit_export_rows(struct db *w, const struct actor *a,
				const struct cohort *c,
				const struct attendance_sheet *s,
				const char *detail)
{
	struct audit_entry head = audit_by(a, AUDIT_ATTENDANCE_EXPORT);
	struct participant *p = calloc(1, sizeof(*p));
	size_t i;
	int rc = -1;

	head.subject_type = "cohort";
	head.subject_id = c->id;
	head.subject = c->name;
	head.detail = detail;
	if (p == NULL || audit_write(w, &head) < 0)
		goto out;
	for (i = 0; i < s->npeople; i++) {
		p->id = s->people[i].id;
		if (participant_audit_write(w, a, AUDIT_PARTICIPANT_EXPORT, p,
					    NULL, detail) < 0)
			goto out;
	}
	rc = 0;
out:
	free(p);
	return rc;
}

int attendance_stats_audit_export(struct db *w, const struct actor *a,
				  const struct cohort *c,
				  const struct attendance_scope *sc,
				  const struct attendance_sheet *s,
				  const char *file)
{
	char detail[128], from[DATE_ISO_LEN + 1] = "",
					      to[DATE_ISO_LEN + 1] = "";

	if (sc->from)
		date_format_iso(sc->from, from);
	if (sc->to)
		date_format_iso(sc->to, to);
	snprintf(detail, sizeof(detail), "%s %s..%s rows=%zu", file, from, to,
		 s->npeople);
	if (db_begin(w) < 0)
		return -1;
	return db_finish(w, as_audit_export_rows(w, a, c, s, detail));
}
