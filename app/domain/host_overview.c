/*
 * host_overview: the start page's lists of internships that need a look,
 * and a cohort's week of host feedback for export, each row of a
 * participant the viewer sees (participant.h's access rule in SQL).
 */
#include "host_overview.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "cohort.h"
#include "db.h"
#include "form.h"
#include "host.h"
#include "stepup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ov_sql {
	OV_SQL_NO_FEEDBACK,
	OV_SQL_ALERTS,
	OV_SQL_STARTING,
	OV_SQL_VISIBLE,
	OV_SQL_WEEK,
	OV_SQL__MAX
};

#define OV_FROM                                                                \
	"JOIN participant p ON p.id = i.participant_id JOIN cohort c ON "      \
	"c.id = p.cohort_id JOIN company co ON co.id = i.company_id "
#define OV_SEES "(" PARTICIPANT_ACCESS_SQL ") > 0 "

/* clang-format off */
static const struct db_sql ov_sql[OV_SQL__MAX] = {
	/* ?4 today, ?5 its Monday, ?6 its weekday (0 Monday .. 4 Friday
	 * and the weekend): a planned day of the week up to today. */
	[OV_SQL_NO_FEEDBACK] = {"SELECT i.id, i.participant_id, p.name, "
		"co.name, i.start_on, w.week FROM internship i JOIN "
		"internship_week w ON w.internship_id = i.id AND w.monday = ?5 "
		OV_FROM "WHERE i.status IN ('planned', 'trial', 'running', "
		"'extended') AND i.start_on <= ?4 AND i.end_on >= ?5 AND "
		"(w.mon > 0 OR (?6 >= 1 AND w.tue > 0) OR (?6 >= 2 AND w.wed > "
		"0) OR (?6 >= 3 AND w.thu > 0) OR (?6 >= 4 AND w.fri > 0)) AND "
		"NOT EXISTS (SELECT 1 FROM host_feedback f WHERE "
		"f.internship_id = i.id AND f.week = w.week) AND " OV_SEES
		"ORDER BY p.name COLLATE NOCASE, i.id LIMIT 50", "iittti"},
	[OV_SQL_ALERTS] = {"SELECT i.id, i.participant_id, p.name, co.name, "
		"i.start_on, a.week, a.id, a.kind, a.created_at FROM host_alert "
		"a JOIN internship i ON i.id = a.internship_id " OV_FROM
		"WHERE a.seen_at IS NULL AND a.created_at >= CAST(strftime("
		"'%s', ?4, '-30 days') AS INTEGER) AND " OV_SEES "ORDER BY "
		"a.created_at DESC, a.id DESC LIMIT 50", "iitt"},
	/* ?4 today, ?5 the last day of "soon". */
	[OV_SQL_STARTING] = {"SELECT * FROM (SELECT i.id, i.participant_id, "
		"p.name AS pname, co.name, i.start_on AS start, coalesce((SELECT "
		"g.citizen_consent FROM agreement g WHERE g.participant_id = "
		"p.id ORDER BY g.version DESC LIMIT 1), 0) AS consent, EXISTS "
		"(SELECT 1 FROM internship_week w WHERE w.internship_id = i.id "
		"AND w.mon + w.tue + w.wed + w.thu + w.fri > 0) AS planned "
		"FROM internship i " OV_FROM "WHERE i.status IN ('planned', "
		"'trial', 'postponed') AND i.start_on BETWEEN ?4 AND ?5 AND "
		OV_SEES ") WHERE consent = 0 OR planned = 0 ORDER BY start, pname "
		"COLLATE NOCASE LIMIT 50", "iittt"},
	[OV_SQL_VISIBLE] = {"SELECT i.participant_id, p.name, co.name, "
		"i.start_on FROM internship i " OV_FROM "WHERE i.id = ?4 AND "
		OV_SEES, "iiti"},
	/* ?4 the cohort, ?5..?6 the week: its participants seen at WORK
	 * access or more. */
	[OV_SQL_WEEK] = {"SELECT i.id, i.participant_id, p.name, co.name, "
		"coalesce(k.name, ''), i.status, i.start_on FROM internship i "
		OV_FROM "LEFT JOIN company_contact k ON k.id = i.contact_id "
		"WHERE p.cohort_id = ?4 AND i.start_on <= ?6 AND i.end_on >= ?5 "
		"AND (" PARTICIPANT_ACCESS_SQL ") >= 2 ORDER BY p.name COLLATE "
		"NOCASE, i.start_on, i.id LIMIT 2000", "iititt"},
};
/* clang-format on */

void host_overview_free(struct host_overview *o)
{
	free(o->no_feedback);
	free(o->alerts);
	free(o->starting);
	free(o->meetings);
	memset(o, 0, sizeof(*o));
}

/* The columns every list starts with: internship, participant, name,
 * company, start. */
static void ov_read_head(sqlite3_stmt *st, struct host_overview_row *r)
{
	memset(r, 0, sizeof(*r));
	r->internship_id = sqlite3_column_int64(st, 0);
	r->participant_id = sqlite3_column_int64(st, 1);
	snprintf(r->participant, sizeof(r->participant), "%s", db_text(st, 2));
	snprintf(r->company, sizeof(r->company), "%s", db_text(st, 3));
	r->start_on = db_date(st, 4);
	r->minute = -1;
}

/* Reads st's rows into a list of at most HOST_OVERVIEW_MAX. */
static int ov_list(struct db *db, sqlite3_stmt *st,
		   struct host_overview_row **out, size_t *n,
		   void (*more)(sqlite3_stmt *st, struct host_overview_row *r))
{
	int rc = SQLITE_DONE;

	if (st == NULL)
		return -1;
	*out = calloc(HOST_OVERVIEW_MAX, sizeof(**out));
	if (*out == NULL) {
		sqlite3_reset(st);
		return -1;
	}
	while (*n < HOST_OVERVIEW_MAX && (rc = db_step(db, st)) == SQLITE_ROW) {
		ov_read_head(st, &(*out)[*n]);
		more(st, &(*out)[*n]);
		(*n)++;
	}
	if (*n == HOST_OVERVIEW_MAX)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void ov_more_week(sqlite3_stmt *st, struct host_overview_row *r)
{
	r->week = sqlite3_column_int(st, 5);
}

static void ov_more_alert(sqlite3_stmt *st, struct host_overview_row *r)
{
	int k = host_alert_parse(db_text(st, 7));

	r->week = sqlite3_column_int(st, 5);
	r->alert_id = sqlite3_column_int64(st, 6);
	r->alert = k < 0 ? HOST_ALERT_ALARM : (enum host_alert_kind)k;
	r->alert_at = sqlite3_column_int64(st, 8);
}

static void ov_more_starting(sqlite3_stmt *st, struct host_overview_row *r)
{
	r->no_consent = sqlite3_column_int(st, 5) == 0;
	r->no_plan = sqlite3_column_int(st, 6) == 0;
}

/* Today's meetings, before they are checked for the viewer. */
struct ov_meetings {
	struct stepup_meeting *m;
	char (*who)[INTERNSHIP_TEXT(800)];
	size_t n, cap;
	bool failed;
};

static void ov_meeting(void *ctx, const struct stepup_meeting *m)
{
	struct ov_meetings *o = ctx;

	if (o->failed)
		return;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 32;
		void *a = realloc(o->m, cap * sizeof(*o->m));
		void *b = a ? realloc(o->who, cap * sizeof(*o->who)) : NULL;

		if (a)
			o->m = a;
		if (b == NULL) {
			o->failed = true;
			return;
		}
		o->who = b;
		o->cap = cap;
	}
	o->m[o->n] = *m;
	snprintf(o->who[o->n], sizeof(o->who[0]), "%s", m->who ? m->who : "");
	o->n++;
}

static int ov_meetings(struct db *db, const struct actor *a, date_t today,
		       struct host_overview *o)
{
	struct ov_meetings all = {0};
	struct host_overview_row *r;
	sqlite3_stmt *st;
	size_t i;
	int rc = -1, step;

	o->meetings = calloc(HOST_OVERVIEW_MAX, sizeof(*o->meetings));
	if (o->meetings == NULL ||
	    stepup_meetings_each(db, 0, today, today, ov_meeting, &all) < 0 ||
	    all.failed)
		goto out;
	for (i = 0; i < all.n && o->nmeetings < HOST_OVERVIEW_MAX; i++) {
		st = DB_BIND(db, &ov_sql[OV_SQL_VISIBLE], COHORT_VIEWER(a),
			     DB_INT(all.m[i].internship_id));
		if (st == NULL)
			goto out;
		step = db_step(db, st);
		if (step == SQLITE_ROW) {
			r = &o->meetings[o->nmeetings++];
			memset(r, 0, sizeof(*r));
			r->internship_id = all.m[i].internship_id;
			r->participant_id = sqlite3_column_int64(st, 0);
			snprintf(r->participant, sizeof(r->participant), "%s",
				 db_text(st, 1));
			snprintf(r->company, sizeof(r->company), "%s",
				 db_text(st, 2));
			r->start_on = db_date(st, 3);
			r->week = all.m[i].week;
			r->minute = all.m[i].minute;
			snprintf(r->who, sizeof(r->who), "%s", all.who[i]);
		}
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			goto out;
	}
	rc = 0;
out:
	free(all.m);
	free(all.who);
	return rc;
}

int host_overview_load(struct db *db, const struct actor *a, date_t today,
		       struct host_overview *o)
{
	char t[DATE_ISO_LEN + 1], mon[DATE_ISO_LEN + 1], soon[DATE_ISO_LEN + 1];
	date_t monday = date_monday(today);
	int weekday = (int)(today - monday);

	memset(o, 0, sizeof(*o));
	date_format_iso(today, t);
	date_format_iso(monday, mon);
	date_format_iso(date_add_days(today, HOST_OVERVIEW_SOON_DAYS), soon);
	if (ov_list(db,
		    DB_BIND(db, &ov_sql[OV_SQL_NO_FEEDBACK], COHORT_VIEWER(a),
			    DB_TEXT(t), DB_TEXT(mon),
			    DB_INT(weekday > 4 ? 4 : weekday)),
		    &o->no_feedback, &o->nno_feedback, ov_more_week) < 0)
		return -1;
	if (ov_list(db,
		    DB_BIND(db, &ov_sql[OV_SQL_ALERTS], COHORT_VIEWER(a),
			    DB_TEXT(t)),
		    &o->alerts, &o->nalerts, ov_more_alert) < 0)
		return -1;
	if (ov_list(db,
		    DB_BIND(db, &ov_sql[OV_SQL_STARTING], COHORT_VIEWER(a),
			    DB_TEXT(t), DB_TEXT(soon)),
		    &o->starting, &o->nstarting, ov_more_starting) < 0)
		return -1;
	return ov_meetings(db, a, today, o);
}

static size_t ov_add_ids(const struct host_overview_row *r, size_t n,
			 int64_t *ids, size_t have, size_t max)
{
	size_t i, j;

	for (i = 0; i < n && have < max; i++) {
		for (j = 0; j < have && ids[j] != r[i].participant_id; j++)
			;
		if (j == have)
			ids[have++] = r[i].participant_id;
	}
	return have;
}

size_t host_overview_participants(const struct host_overview *o, int64_t *ids,
				  size_t max)
{
	size_t n = 0;

	n = ov_add_ids(o->no_feedback, o->nno_feedback, ids, n, max);
	n = ov_add_ids(o->alerts, o->nalerts, ids, n, max);
	n = ov_add_ids(o->starting, o->nstarting, ids, n, max);
	return ov_add_ids(o->meetings, o->nmeetings, ids, n, max);
}

/* A cohort's week. */

int host_overview_parse_week(const char *s, date_t *monday)
{
	int year = 0, week = 0, n = 0, iso_year;
	date_t d;

	if (s == NULL || strlen(s) != 8 ||
	    sscanf(s, "%4d-W%2d%n", &year, &week, &n) != 2 || n != 8 ||
	    year < 2000 || year > 2100 || week < 1 || week > 53)
		return -1;
	/* Week 1 holds 4 January; a week 53 must be the year's own. */
	d = date_add_days(date_monday(date_from_civil(year, 1, 4)),
			  (week - 1) * 7);
	if (date_iso_week(d, &iso_year) != week || iso_year != year)
		return -1;
	*monday = d;
	return 0;
}

/* An internship of the week, read before its feedback is. */
struct ov_week_item {
	int64_t id, participant_id;
	char *participant, *company, *contact;
	int status;
	date_t start;
};

struct ov_week_ctx {
	struct host_overview_week_row row;
	host_overview_week_fn fn;
	void *ctx;
};

static void ov_week_feedback(void *ctx, const struct host_feedback_row *f)
{
	struct ov_week_ctx *w = ctx;
	size_t i;

	if (f->week != w->row.week || w->row.feedback)
		return;
	w->row.feedback = true;
	w->row.written_by = f->contact;
	w->row.rating = f->rating;
	w->row.text = f->text;
	w->row.nalarms = f->nalarms < 16 ? f->nalarms : 16;
	for (i = 0; i < w->row.nalarms; i++)
		w->row.alarms[i] = f->alarms[i];
	w->row.call_me = f->call_me;
	w->row.updated_at = f->updated_at;
	for (i = 0; i < f->ndays; i++) {
		if ((unsigned)f->days[i].status < 4)
			w->row.days[f->days[i].status]++;
		w->row.worked_min += f->days[i].worked_min;
	}
	w->fn(w->ctx, &w->row);
}

static int ov_week_one(struct db *db, const struct ov_week_item *it,
		       date_t monday, host_overview_week_fn fn, void *ctx)
{
	struct ov_week_ctx w = {.fn = fn, .ctx = ctx};
	struct stepup_plan plan;
	const struct stepup_week *wk;

	w.row.internship_id = it->id;
	w.row.participant_id = it->participant_id;
	w.row.participant = it->participant;
	w.row.company = it->company;
	w.row.contact = it->contact;
	w.row.status = (enum internship_status)it->status;
	w.row.week = stepup_week_number(it->start, monday);
	w.row.written_by = w.row.text = "";
	if (stepup_plan_load(db, it->id, &plan) < 0)
		return -1;
	wk = stepup_plan_week(&plan, monday);
	w.row.planned_min = wk ? stepup_week_minutes(wk) : 0;
	stepup_plan_free(&plan);
	if (host_feedback_each(db, it->id, ov_week_feedback, &w) < 0)
		return -1;
	if (!w.row.feedback)
		fn(ctx, &w.row);
	return 0;
}

static void ov_week_items_free(struct ov_week_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].participant);
		free(items[i].company);
		free(items[i].contact);
	}
	free(items);
}

int host_overview_week_each(struct db *db, const struct actor *a,
			    const struct cohort *c, date_t monday,
			    host_overview_week_fn fn, void *ctx, size_t *rows,
			    struct form_invalid *bad)
{
	char from[DATE_ISO_LEN + 1], to[DATE_ISO_LEN + 1];
	struct ov_week_item *items = NULL, *it;
	size_t n = 0, cap = 0, i;
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	if (rows)
		*rows = 0;
	if (a->role == ROLE_MENTOR) {
		snprintf(bad->message, sizeof(bad->message),
			 "Mentorer ser ikke værternes tilbagemeldinger for et "
			 "helt hold.");
		return RESULT_REFUSED;
	}
	date_format_iso(monday, from);
	date_format_iso(date_add_days(monday, 6), to);
	st = DB_BIND(db, &ov_sql[OV_SQL_WEEK], COHORT_VIEWER(a), DB_INT(c->id),
		     DB_TEXT(from), DB_TEXT(to));
	if (st == NULL)
		return RESULT_FAILED;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (array_reserve((void **)&items, &cap, n + 1,
				  sizeof(*items)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		it = &items[n++];
		it->id = sqlite3_column_int64(st, 0);
		it->participant_id = sqlite3_column_int64(st, 1);
		it->participant = strdup(db_text(st, 2));
		it->company = strdup(db_text(st, 3));
		it->contact = strdup(db_text(st, 4));
		it->status = internship_status_parse(db_text(st, 5));
		it->start = db_date(st, 6);
		if (it->participant == NULL || it->company == NULL ||
		    it->contact == NULL || it->status < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ov_week_items_free(items, n);
		return RESULT_FAILED;
	}
	for (i = 0; i < n; i++)
		if (ov_week_one(db, &items[i], monday, fn, ctx) < 0) {
			ov_week_items_free(items, n);
			return RESULT_FAILED;
		}
	if (rows)
		*rows = n;
	ov_week_items_free(items, n);
	return RESULT_OK;
}

int host_overview_audit_export(struct db *w, const struct actor *a,
			       const struct cohort *c, date_t monday,
			       const int64_t *ids, size_t n, const char *file)
{
	struct audit_entry head = audit_by(a, AUDIT_FEEDBACK_EXPORT);
	struct participant *p = calloc(1, sizeof(*p));
	char detail[128], iso[DATE_ISO_LEN + 1];
	size_t i;
	int rc = -1;

	date_format_iso(monday, iso);
	snprintf(detail, sizeof(detail), "%s uge fra %s rows=%zu", file, iso,
		 n);
	head.subject_type = "cohort";
	head.subject_id = c->id;
	head.subject = c->name;
	head.detail = detail;
	if (p == NULL || db_begin(w) < 0) {
		free(p);
		return -1;
	}
	if (audit_write(w, &head) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		p->id = ids[i];
		if (participant_audit_write(w, a, AUDIT_PARTICIPANT_EXPORT, p,
					    NULL, detail) < 0)
			goto out;
	}
	rc = 0;
out:
	free(p);
	return db_finish(w, rc);
}
