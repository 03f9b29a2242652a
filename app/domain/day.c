/*
 * day: course days and their history. Every change goes through day_apply,
 * which checks it against the cohort's calendar, bumps the day's sequence,
 * appends a history row and an audit row, all in one transaction.
 */
#include "day.h"

#include "audit.h"
#include "cohort.h"
#include "db.h"
#include "holiday.h"
#include "http.h"
#include "outbox.h"
#include "plan.h"
#include "subscription.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const day_kind_names[DAY_KIND__MAX + 1] = {
	"teaching",          "weekly_teaching", "company_visit",
	"physical_training", "nutrition",       "other",
	NULL,
};

static const char *const day_kind_labels[DAY_KIND__MAX] = {
	"Undervisning",   "Ugentlig undervisningsdag", "Virksomhedsbesøg",
	"Fysisk træning", "Kost og ernæring",          "Andet",
};

/* Kinds a project leader may add by hand (the plan makes the first two). */
static const char *const day_added_kinds[] = {
	"teaching", "company_visit", "physical_training", "nutrition", "other",
	NULL,
};

const char *day_kind_label(const char *kind)
{
	int i;

	for (i = 0; i < DAY_KIND__MAX; i++)
		if (strcmp(kind, day_kind_names[i]) == 0)
			return day_kind_labels[i];
	return "";
}

const char *day_status_label(const char *status)
{
	return strcmp(status, "cancelled") == 0 ? "Aflyst"
	       : strcmp(status, "moved") == 0   ? "Flyttet"
						: "Planlagt";
}

enum day_sql {
	DAY_SQL_CLEAR_GENERATED,
	DAY_SQL_KEPT,
	DAY_SQL_ADD,
	DAY_SQL_LIST,
	DAY_SQL_GET,
	DAY_SQL_UPDATE,
	DAY_SQL_HISTORY_ADD,
	DAY_SQL_HISTORY,
	DAY_SQL_WAS_MOVED,
	DAY_SQL_SAME_KIND,
	DAY_SQL_ON,
	DAY_SQL_CLOSED,
	DAY_SQL__MAX
};

#define DAY_COLUMNS                                                          \
	"id, cohort_id, date, start_min, end_min, kind, status, title, note, " \
	"cancel_reason, generated, sequence "

static const char *const day_sql[DAY_SQL__MAX] = {
	[DAY_SQL_CLEAR_GENERATED] = "DELETE FROM course_day WHERE cohort_id = "
				    "?1 AND generated = 1 AND sequence = 0",
	[DAY_SQL_KEPT] = "SELECT date, kind FROM course_day WHERE cohort_id = "
			 "?1",
	[DAY_SQL_ADD] =
		"INSERT INTO course_day (cohort_id, date, start_min, end_min, "
		"kind, title, generated, created_at, updated_at) VALUES (?1, "
		"?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
	[DAY_SQL_LIST] = "SELECT " DAY_COLUMNS "FROM course_day WHERE "
			 "cohort_id = ?1 ORDER BY date, start_min, id",
	[DAY_SQL_GET] = "SELECT " DAY_COLUMNS "FROM course_day WHERE id = ?1",
	[DAY_SQL_UPDATE] =
		"UPDATE course_day SET date = ?2, start_min = ?3, end_min = ?4, "
		"status = ?5, title = ?6, note = ?7, cancel_reason = ?8, "
		"sequence = sequence + 1, updated_at = ?9 WHERE id = ?1",
	[DAY_SQL_HISTORY_ADD] =
		"INSERT INTO course_day_change (day_id, at, actor_id, actor, "
		"change, old_date, old_start, old_end, new_date, new_start, "
		"new_end, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"?10, ?11, ?12)",
	[DAY_SQL_HISTORY] =
		"SELECT at, actor, change, old_date, old_start, old_end, "
		"new_date, new_start, new_end, reason FROM course_day_change "
		"WHERE day_id = ?1 ORDER BY id",
	[DAY_SQL_WAS_MOVED] = "SELECT count(*) FROM course_day_change WHERE "
			      "day_id = ?1 AND change = 'moved'",
	[DAY_SQL_SAME_KIND] =
		"SELECT count(*) FROM course_day WHERE cohort_id = ?1 AND date "
		"= ?2 AND kind = ?3 AND status != 'cancelled' AND id != ?4",
	[DAY_SQL_ON] = "SELECT id FROM course_day WHERE cohort_id = ?1 AND "
		       "date = ?2 AND status != 'cancelled' ORDER BY id",
	[DAY_SQL_CLOSED] = "SELECT count(*) FROM closure_day WHERE cohort_id "
			   "= ?1 AND date = ?2",
};

struct day_row {
	int64_t id, cohort_id;
	date_t date;
	int start, end;
	char kind[24], status[12];
	char title[801], note[8001], cancel_reason[2001]; /* UTF-8: 4 bytes a character */
	int generated, sequence;
};

/* A row into *out, a struct day_row. */
static void day_read_row(sqlite3_stmt *st, void *out)
{
	struct day_row *d = out;

	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->cohort_id = sqlite3_column_int64(st, 1);
	date_parse_iso(db_text(st, 2), &d->date);
	d->start = sqlite3_column_int(st, 3);
	d->end = sqlite3_column_int(st, 4);
	snprintf(d->kind, sizeof(d->kind), "%s", db_text(st, 5));
	snprintf(d->status, sizeof(d->status), "%s", db_text(st, 6));
	snprintf(d->title, sizeof(d->title), "%s", db_text(st, 7));
	snprintf(d->note, sizeof(d->note), "%s", db_text(st, 8));
	snprintf(d->cancel_reason, sizeof(d->cancel_reason), "%s",
		 db_text(st, 9));
	d->generated = sqlite3_column_int(st, 10);
	d->sequence = sqlite3_column_int(st, 11);
}

/* 0 found, 1 not found, -1 error. */
static int day_get(struct db *db, int64_t id, struct day_row *d)
{
	return db_row_by_id(db, day_sql[DAY_SQL_GET], id, day_read_row, d);
}

static int64_t day_count(struct db *db, enum day_sql which, int64_t a,
			 date_t d, const char *kind, int64_t b)
{
	sqlite3_stmt *st = db_stmt(db, day_sql[which]);
	char iso[DATE_ISO_LEN + 1];
	int64_t n = -1;

	if (st == NULL)
		return -1;
	date_format_iso(d, iso);
	sqlite3_bind_int64(st, 1, a);
	if (which != DAY_SQL_WAS_MOVED)
		sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
	if (kind)
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_int64(st, 4, b);
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Building from the plan. */

struct day_kept {
	date_t date;
	char kind[24];
};

static int day_insert(struct db *w, int64_t cohort, date_t d, int start,
		      int end, const char *kind, const char *title,
		      bool generated)
{
	sqlite3_stmt *st = db_stmt(w, day_sql[DAY_SQL_ADD]);
	char iso[DATE_ISO_LEN + 1];

	if (st == NULL)
		return -1;
	date_format_iso(d, iso);
	sqlite3_bind_int64(st, 1, cohort);
	sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, start);
	sqlite3_bind_int(st, 4, end);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, title ? title : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, generated ? 1 : 0);
	sqlite3_bind_int64(st, 8, http_now());
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

/* The days left after clearing; caller frees *out. */
static int day_load_kept(struct db *w, int64_t cohort, struct day_kept **out,
			 size_t *n)
{
	sqlite3_stmt *st = db_stmt(w, day_sql[DAY_SQL_KEPT]);
	struct day_kept *k = NULL, *grown;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort);
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			grown = realloc(k, cap * sizeof(*k));
			if (grown == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			k = grown;
		}
		date_parse_iso(db_text(st, 0), &k[*n].date);
		snprintf(k[*n].kind, sizeof(k[*n].kind), "%s", db_text(st, 1));
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(k);
		*n = 0;
		return -1;
	}
	*out = k;
	return 0;
}

static bool day_is_kept(const struct day_kept *k, size_t n, date_t d,
			const char *kind)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (k[i].date == d && strcmp(k[i].kind, kind) == 0)
			return true;
	return false;
}

int day_rebuild(struct db *w, int64_t cohort_id, const struct plan *p)
{
	sqlite3_stmt *st = db_stmt(w, day_sql[DAY_SQL_CLEAR_GENERATED]);
	struct day_kept *kept = NULL;
	size_t nkept = 0, i;
	int rc = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort_id);
	if (db_exec_stmt(w, st) != DB_OK ||
	    day_load_kept(w, cohort_id, &kept, &nkept) < 0)
		return -1;
	for (i = 0; i < p->ndays; i++) {
		const struct plan_day *pd = &p->days[i];
		const char *kind = pd->kind == PLAN_DAY_TEACHING
					   ? "teaching"
					   : "weekly_teaching";

		if (day_is_kept(kept, nkept, pd->date, kind))
			continue;
		if (day_insert(w, cohort_id, pd->date, pd->start_min,
			       pd->end_min, kind, NULL, true) < 0)
			goto out;
	}
	rc = 0;
out:
	free(kept);
	return rc;
}

int day_on(struct db *db, int64_t cohort_id, date_t d, int64_t *ids, int max)
{
	sqlite3_stmt *st = db_stmt(db, day_sql[DAY_SQL_ON]);
	char iso[DATE_ISO_LEN + 1];
	int n = 0, rc;

	if (st == NULL)
		return -1;
	date_format_iso(d, iso);
	sqlite3_bind_int64(st, 1, cohort_id);
	sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
	while ((rc = db_step(db, st)) == SQLITE_ROW && n < max)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

/* Views. */

void day_view_when(struct view *v, date_t date, int start, int end)
{
	char iso[DATE_ISO_LEN + 1], da[DATE_DA_LEN], t[6];

	date_format_iso(date, iso);
	view_set(v, "date", iso);
	date_format_da(date, da, sizeof(da));
	view_set(v, "date_da", da);
	date_format_hhmm(start, t);
	view_set(v, "start", t);
	date_format_hhmm(end, t);
	view_set(v, "end", t);
}

void day_json_when(cJSON *o, date_t date, int start, int end)
{
	char iso[DATE_ISO_LEN + 1], t[6];

	date_format_iso(date, iso);
	cJSON_AddStringToObject(o, "date", iso);
	date_format_hhmm(start, t);
	cJSON_AddStringToObject(o, "start", t);
	date_format_hhmm(end, t);
	cJSON_AddStringToObject(o, "end", t);
}

static void day_view_row(struct view *v, const struct day_row *d)
{
	view_set_int(v, "id", d->id);
	day_view_when(v, d->date, d->start, d->end);
	view_set(v, "kind", d->kind);
	view_set(v, "kind_label", day_kind_label(d->kind));
	view_set(v, "status", d->status);
	view_set(v, "status_label", day_status_label(d->status));
	view_set_bool(v, "cancelled", strcmp(d->status, "cancelled") == 0);
	view_set(v, "title", d->title);
	view_set(v, "note", d->note);
	view_set(v, "cancel_reason", d->cancel_reason);
	view_set_int(v, "sequence", d->sequence);
}

int day_view_list(struct db *db, int64_t cohort_id, struct view *v)
{
	sqlite3_stmt *st = db_stmt(db, day_sql[DAY_SQL_LIST]);
	struct day_row d;
	int rc;

	if (st == NULL)
		return -1;
	view_list(v, "days");
	sqlite3_bind_int64(st, 1, cohort_id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		day_read_row(st, &d);
		day_view_row(view_add(v, "days"), &d);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Changing a day. */

enum day_status_change { DAY_KEEP, DAY_CANCEL, DAY_RESTORE };

struct day_edit {
	date_t date;       /* 0: unchanged */
	int start, end;    /* -1: unchanged */
	const char *title; /* NULL: unchanged */
	const char *note;
	enum day_status_change status;
	const char *reason; /* for a cancellation or a move */
};

/* The date rules for a day of cohort c on d. NULL when fine. */
static const char *day_date_problem(struct db *db, const struct cohort *c,
				    date_t d, const char *kind,
				    int64_t except)
{
	const char *holiday = NULL;

	if (d < date_today())
		return "Datoen er overskredet.";
	if (date_weekday(d) > 5)
		return "Kursusdage ligger aldrig i weekenden.";
	if (holiday_is(d, c->plan.skip_customary, &holiday))
		return "Datoen er en helligdag eller fridag.";
	if (day_count(db, DAY_SQL_CLOSED, c->id, d, NULL, 0) != 0)
		return "Holdet har lukkedag den dato.";
	if (day_count(db, DAY_SQL_SAME_KIND, c->id, d, kind, except) != 0)
		return "Holdet har allerede en dag af den slags den dato.";
	return NULL;
}

/* Checks e against the day and its cohort. NULL when fine. */
static const char *day_edit_problem(struct db *db, const struct cohort *c,
				    const struct day_row *d,
				    const struct day_edit *e)
{
	bool cancelled = strcmp(d->status, "cancelled") == 0;
	int start = e->start >= 0 ? e->start : d->start;
	int end = e->end >= 0 ? e->end : d->end;

	if (cancelled && e->status != DAY_RESTORE)
		return "Dagen er aflyst. Gendan den først.";
	if (!cancelled && e->status == DAY_RESTORE)
		return "Dagen er ikke aflyst.";
	if (e->status == DAY_CANCEL && (e->reason == NULL || !*e->reason))
		return "Skriv hvorfor dagen aflyses.";
	if ((e->date || e->status != DAY_KEEP) && d->date < date_today())
		return "Dagen er afholdt og kan ikke flyttes eller aflyses.";
	if (start >= end)
		return "Sluttidspunktet skal ligge efter starttidspunktet.";
	if (e->date && e->date != d->date)
		return day_date_problem(db, c, e->date, d->kind, d->id);
	if (e->status == DAY_RESTORE)
		return day_date_problem(db, c, d->date, d->kind, d->id);
	return NULL;
}

static const char *day_change_name(const struct day_row *d,
				   const struct day_edit *e)
{
	if (e->status == DAY_CANCEL)
		return "cancelled";
	if (e->status == DAY_RESTORE)
		return "restored";
	if (e->date && e->date != d->date)
		return "moved";
	if ((e->start >= 0 && e->start != d->start) ||
	    (e->end >= 0 && e->end != d->end))
		return "retimed";
	if ((e->title && strcmp(e->title, d->title)) ||
	    (e->note && strcmp(e->note, d->note)))
		return "edited";
	return NULL;
}

static int day_write_history(struct db *w, struct req *r,
			     const struct day_row *old,
			     const struct day_row *now, const char *change,
			     const char *reason)
{
	sqlite3_stmt *st = db_stmt(w, day_sql[DAY_SQL_HISTORY_ADD]);
	char a[DATE_ISO_LEN + 1], b[DATE_ISO_LEN + 1];

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now->id);
	sqlite3_bind_int64(st, 2, http_now());
	if (r->session) {
		sqlite3_bind_int64(st, 3, r->session->user_id);
		sqlite3_bind_text(st, 4, r->session->email, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, 4, "system", -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 5, change, -1, SQLITE_STATIC);
	if (old) {
		date_format_iso(old->date, a);
		sqlite3_bind_text(st, 6, a, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 7, old->start);
		sqlite3_bind_int(st, 8, old->end);
	}
	date_format_iso(now->date, b);
	sqlite3_bind_text(st, 9, b, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 10, now->start);
	sqlite3_bind_int(st, 11, now->end);
	sqlite3_bind_text(st, 12, reason ? reason : "", -1, SQLITE_STATIC);
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

static int day_audit(struct db *w, struct req *r, const struct day_row *d,
		     const char *change)
{
	struct audit_entry e = audit_for(r, "day.change");
	char subject[64];

	snprintf(subject, sizeof(subject), "kursusdag %lld",
		 (long long)d->id);
	e.subject_type = "course_day";
	e.subject_id = d->id;
	e.subject = subject;
	e.detail = change;
	return audit_write(w, &e);
}

/* A change close at hand also goes out by mail (subscribers' calendars may
 * be a day late); the caller wakes the outbox after its commit. */
static int day_notify(struct db *w, const struct day_row *old,
		      const struct day_row *now, const char *change)
{
	struct subscription_day_change c = {
		.day_id = now->id,
		.cohort_id = now->cohort_id,
		.change = change,
		.old_date = old->date,
		.new_date = now->date,
		.old_start = old->start,
		.old_end = old->end,
		.new_start = now->start,
		.new_end = now->end,
	};

	return subscription_day_notify(w, &c) < 0 ? -1 : 0;
}

/* Applies e to d in w's transaction. 0, or -1 (database). */
static int day_write(struct db *w, struct req *r, const struct day_row *d,
		     const struct day_edit *e, const char *change)
{
	sqlite3_stmt *st = db_stmt(w, day_sql[DAY_SQL_UPDATE]);
	struct day_row now = *d;
	char iso[DATE_ISO_LEN + 1];

	if (st == NULL)
		return -1;
	if (e->date)
		now.date = e->date;
	if (e->start >= 0)
		now.start = e->start;
	if (e->end >= 0)
		now.end = e->end;
	if (e->status == DAY_CANCEL) {
		snprintf(now.status, sizeof(now.status), "cancelled");
		snprintf(now.cancel_reason, sizeof(now.cancel_reason), "%s",
			 e->reason);
	} else if (e->status == DAY_RESTORE) {
		snprintf(now.status, sizeof(now.status), "%s",
			 day_count(w, DAY_SQL_WAS_MOVED, d->id, 0, NULL, 0) > 0
				 ? "moved"
				 : "planned");
		now.cancel_reason[0] = '\0';
	} else if (now.date != d->date) {
		snprintf(now.status, sizeof(now.status), "moved");
	}
	date_format_iso(now.date, iso);
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, now.start);
	sqlite3_bind_int(st, 4, now.end);
	sqlite3_bind_text(st, 5, now.status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->title ? e->title : d->title, -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->note ? e->note : d->note, -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 8, now.cancel_reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, http_now());
	if (db_exec_stmt(w, st) != DB_OK ||
	    day_write_history(w, r, d, &now, change, e->reason) < 0 ||
	    day_audit(w, r, &now, change) < 0 ||
	    day_notify(w, d, &now, change) < 0)
		return -1;
	return 0;
}

/* Checks and applies e to day d of cohort c in its own transaction.
 * 0 (also when nothing changed), 422 with *error, or 500. */
static int day_apply(struct req *r, const struct cohort *c,
		     const struct day_row *d, const struct day_edit *e,
		     const char **error)
{
	const char *change;
	struct db *w;
	int rc = 500;

	*error = day_edit_problem(r->db, c, d, e);
	if (*error)
		return 422;
	change = day_change_name(d, e);
	if (change == NULL)
		return 0;
	w = db_writer_lock();
	if (db_begin(w) == 0 && day_write(w, r, d, e, change) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
	db_rollback(w);
	db_writer_unlock(w);
	if (rc == 0)
		outbox_wake();
	return rc;
}

int day_resolve_clash(struct db *w, struct req *r, const struct cohort *c,
		      int64_t id, date_t new_date, const char *reason,
		      const char **error)
{
	struct day_edit e = {.start = -1, .end = -1, .reason = reason};
	struct day_row d;

	*error = NULL;
	if (day_get(w, id, &d) != 0 || d.cohort_id != c->id)
		return -1;
	if (new_date)
		e.date = new_date;
	else
		e.status = DAY_CANCEL;
	*error = day_edit_problem(w, c, &d, &e);
	if (*error)
		return 422;
	return day_write(w, r, &d, &e, new_date ? "moved" : "cancelled") < 0
		       ? -1
		       : 0;
}

/* Loads the path's day and its cohort as the session may see them. 0, or
 * the status already sent. */
static int day_load(struct req *r, struct day_row *d, struct cohort *c,
		    bool manage)
{
	int rc = day_get(r->db, r->params[0], d);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return cohort_for_request(r, d->cohort_id, c, manage);
}

/* The edit form, the same names on the page and in the API. */
static const char *const day_statuses[] = {"planned", "moved", "cancelled",
					   NULL};

static const struct form_spec day_form[] = {
	{"date", "Dato", FIELD_DATE, false, 0, 0, NULL},
	{"start", "Starttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"end", "Sluttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"title", "Titel", FIELD_TEXT, false, 0, 200, NULL},
	{"note", "Note", FIELD_TEXTAREA, false, 0, 2000, NULL},
	{"status", "Status", FIELD_ENUM, false, 0, 0, day_statuses},
	{"cancel_reason", "Begrundelse", FIELD_TEXT, false, 0, 500, NULL},
	{"reason", "Begrundelse", FIELD_TEXT, false, 0, 500, NULL},
};
enum { DF_DATE, DF_START, DF_END, DF_TITLE, DF_NOTE, DF_STATUS, DF_CANCEL,
       DF_REASON, DF__N };

/* Reads the edit; an end of 24:00 is not a FIELD_TIME, so days end by
 * 23:59 at the latest. */
static void day_edit_of(const struct form *f, const struct form_value *v,
			const struct day_row *d, struct day_edit *e)
{
	memset(e, 0, sizeof(*e));
	e->start = v[DF_START].present ? (int)v[DF_START].i : -1;
	e->end = v[DF_END].present ? (int)v[DF_END].i : -1;
	if (v[DF_DATE].present)
		e->date = (date_t)v[DF_DATE].i;
	if (form_get(f, "title"))
		e->title = v[DF_TITLE].s;
	if (form_get(f, "note"))
		e->note = v[DF_NOTE].s;
	e->reason = v[DF_CANCEL].present ? v[DF_CANCEL].s : v[DF_REASON].s;
	if (v[DF_STATUS].present) {
		bool was = strcmp(d->status, "cancelled") == 0;
		bool want = strcmp(v[DF_STATUS].s, "cancelled") == 0;

		e->status = want && !was   ? DAY_CANCEL
			    : !want && was ? DAY_RESTORE
					   : DAY_KEEP;
	}
}

static void day_history_view(struct view *v, sqlite3_stmt *st)
{
	static const struct {
		const char *name, *label;
	} labels[] = {
		{"created", "Oprettet"}, {"moved", "Flyttet"},
		{"retimed", "Nyt tidspunkt"}, {"edited", "Rettet"},
		{"cancelled", "Aflyst"}, {"restored", "Gendannet"},
	};
	struct view *h = view_add(v, "history");
	char when[32], t1[6], t2[6];
	time_t at = (time_t)sqlite3_column_int64(st, 0);
	struct tm tm;
	size_t i;

	localtime_r(&at, &tm);
	strftime(when, sizeof(when), "%d.%m.%Y %H:%M", &tm);
	view_set(h, "at", when);
	view_set(h, "actor", db_text(st, 1));
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(db_text(st, 2), labels[i].name) == 0)
			view_set(h, "change", labels[i].label);
	date_format_hhmm(sqlite3_column_int(st, 4), t1);
	date_format_hhmm(sqlite3_column_int(st, 5), t2);
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		view_setf(h, "before", "%s %s-%s", db_text(st, 3), t1, t2);
	date_format_hhmm(sqlite3_column_int(st, 7), t1);
	date_format_hhmm(sqlite3_column_int(st, 8), t2);
	view_setf(h, "after", "%s %s-%s", db_text(st, 6), t1, t2);
	view_set(h, "reason", db_text(st, 9));
}

static int day_history(struct db *db, int64_t id, struct view *v, cJSON *a)
{
	sqlite3_stmt *st = db_stmt(db, day_sql[DAY_SQL_HISTORY]);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (v)
			day_history_view(v, st);
		if (a) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddNumberToObject(o, "at",
						(double)sqlite3_column_int64(st,
									     0));
			cJSON_AddStringToObject(o, "actor", db_text(st, 1));
			cJSON_AddStringToObject(o, "change", db_text(st, 2));
			cJSON_AddStringToObject(o, "date", db_text(st, 6));
			cJSON_AddStringToObject(o, "reason", db_text(st, 9));
			cJSON_AddItemToArray(a, o);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int day_render(struct req *r, int status, const struct day_row *d,
		      const struct cohort *c, const char *error)
{
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Kursusdag");
	day_view_row(v, d);
	view_set(v, "day_title", d->title);
	view_set_int(v, "cohort_id", c->id);
	view_set(v, "cohort_name", c->name);
	view_set(v, "error", error);
	view_set_bool(v, "may_manage", cohort_may_manage(r->session, c));
	/* The day's instructors and project leaders take attendance;
	 * attendance.c checks it is their cohort. */
	view_set_bool(v, "may_mark",
		      strcmp(d->status, "cancelled") != 0 &&
			      (r->session->role == ROLE_INSTRUCTOR ||
			       r->session->role == ROLE_PROJECT_LEADER));
	view_set_bool(v, "saved", http_query(r, "saved") != NULL);
	view_list(v, "history");
	rc = day_history(r->db, d->id, v, NULL) < 0
		     ? http_error(r, 500, NULL)
		     : http_page(r, status, "day.html", v);
	view_free(v);
	return rc;
}

int day_page(struct req *r)
{
	struct day_row d;
	struct cohort c;
	int rc = day_load(r, &d, &c, false);

	return rc ? rc : day_render(r, 200, &d, &c, NULL);
}

/* The page's edits: every form posts to its own route, which says what
 * kind of change it is. */
static int day_page_change(struct req *r, enum day_status_change status)
{
	struct form_value v[DF__N];
	struct form_invalid bad;
	struct day_edit e;
	struct day_row d;
	struct cohort c;
	const char *error;
	char loc[64];
	int rc = day_load(r, &d, &c, true);

	if (rc)
		return rc;
	if (form_validate(&r->form, day_form, DF__N, v, &bad) < 0)
		return day_render(r, 422, &d, &c, bad.message);
	day_edit_of(&r->form, v, &d, &e);
	if (status != DAY_KEEP)
		e.status = status;
	rc = day_apply(r, &c, &d, &e, &error);
	form_values_free(v, DF__N);
	if (rc == 422)
		return day_render(r, 422, &d, &c, error);
	if (rc)
		return http_error(r, 500, NULL);
	snprintf(loc, sizeof(loc), "/days/%lld?saved=1", (long long)d.id);
	return http_redirect(r, loc);
}

int day_update(struct req *r)
{
	return day_page_change(r, DAY_KEEP);
}

int day_cancel(struct req *r)
{
	return day_page_change(r, DAY_CANCEL);
}

int day_restore(struct req *r)
{
	return day_page_change(r, DAY_RESTORE);
}

/* Adding a day by hand. */

static const struct form_spec day_add_form[] = {
	{"date", "Dato", FIELD_DATE, true, 0, 0, NULL},
	{"start", "Starttidspunkt", FIELD_TIME, true, 0, 0, NULL},
	{"end", "Sluttidspunkt", FIELD_TIME, true, 0, 0, NULL},
	{"kind", "Type", FIELD_ENUM, true, 0, 0, day_added_kinds},
	{"title", "Titel", FIELD_TEXT, false, 0, 200, NULL},
};
enum { DA_DATE, DA_START, DA_END, DA_KIND, DA_TITLE, DA__N };

/* Adds the day the form describes. 0 with *id, 422 with *error, or 500. */
static int day_add_from(struct req *r, const struct cohort *c, int64_t *id,
			const char **error, struct form_invalid *bad)
{
	struct form_value v[DA__N];
	struct day_row d = {0};
	struct db *w;
	int rc = 500;

	if (form_validate(&r->form, day_add_form, DA__N, v, bad) < 0) {
		*error = bad->message;
		return 422;
	}
	*error = v[DA_START].i >= v[DA_END].i
			 ? "Sluttidspunktet skal ligge efter starttidspunktet."
			 : day_date_problem(r->db, c, (date_t)v[DA_DATE].i,
					    v[DA_KIND].s, 0);
	if (*error) {
		form_values_free(v, DA__N);
		return 422;
	}
	w = db_writer_lock();
	if (db_begin(w) < 0 ||
	    day_insert(w, c->id, (date_t)v[DA_DATE].i, (int)v[DA_START].i,
		       (int)v[DA_END].i, v[DA_KIND].s, v[DA_TITLE].s,
		       false) < 0)
		goto out;
	d.id = *id = db_last_id(w);
	d.date = (date_t)v[DA_DATE].i;
	d.start = (int)v[DA_START].i;
	d.end = (int)v[DA_END].i;
	if (day_write_history(w, r, NULL, &d, "created", NULL) == 0 &&
	    day_audit(w, r, &d, "created") == 0 && db_commit(w) == 0)
		rc = 0;
out:
	db_rollback(w);
	db_writer_unlock(w);
	form_values_free(v, DA__N);
	return rc;
}

int day_add(struct req *r)
{
	struct form_invalid bad;
	const char *error = NULL;
	struct cohort c;
	char loc[64];
	int64_t id = 0;
	int rc = cohort_for_request(r, r->params[0], &c, true);

	if (rc)
		return rc;
	rc = day_add_from(r, &c, &id, &error, &bad);
	if (rc)
		return http_error(r, rc, error);
	snprintf(loc, sizeof(loc), "/days/%lld?saved=1", (long long)id);
	return http_redirect(r, loc);
}

/* The API. */

static cJSON *day_json(const struct day_row *d)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)d->id);
	cJSON_AddNumberToObject(o, "cohort_id", (double)d->cohort_id);
	day_json_when(o, d->date, d->start, d->end);
	cJSON_AddStringToObject(o, "kind", d->kind);
	cJSON_AddStringToObject(o, "status", d->status);
	cJSON_AddStringToObject(o, "title", d->title);
	cJSON_AddStringToObject(o, "note", d->note);
	if (strcmp(d->status, "cancelled") == 0)
		cJSON_AddStringToObject(o, "cancel_reason", d->cancel_reason);
	cJSON_AddNumberToObject(o, "sequence", d->sequence);
	return o;
}

int day_api_list(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, day_sql[DAY_SQL_LIST]);
	cJSON *root, *list;
	struct day_row d;
	struct cohort c;
	int rc = cohort_for_request(r, r->params[0], &c, false);

	if (rc)
		return rc;
	if (st == NULL)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "days");
	sqlite3_bind_int64(st, 1, c.id);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		day_read_row(st, &d);
		cJSON_AddItemToArray(list, day_json(&d));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int day_api_answer(struct req *r, int status, int64_t id)
{
	struct day_row d;
	cJSON *o;
	int rc = day_get(r->db, id, &d);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	o = day_json(&d);
	if (day_history(r->db, d.id, NULL,
			cJSON_AddArrayToObject(o, "history")) < 0) {
		cJSON_Delete(o);
		return http_error(r, 500, NULL);
	}
	return http_json(r, status, o);
}

int day_api_get(struct req *r)
{
	struct day_row d;
	struct cohort c;
	int rc = day_load(r, &d, &c, false);

	return rc ? rc : day_api_answer(r, 200, d.id);
}

int day_api_update(struct req *r)
{
	struct form_value v[DF__N];
	struct form_invalid bad;
	struct day_edit e;
	struct day_row d;
	struct cohort c;
	const char *error;
	int rc = day_load(r, &d, &c, true);

	if (rc)
		return rc;
	if (form_validate(&r->form, day_form, DF__N, v, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	day_edit_of(&r->form, v, &d, &e);
	rc = day_apply(r, &c, &d, &e, &error);
	form_values_free(v, DF__N);
	if (rc == 422)
		return http_invalid(r, NULL, error);
	if (rc)
		return http_error(r, 500, NULL);
	return day_api_answer(r, 200, d.id);
}

int day_api_add(struct req *r)
{
	struct form_invalid bad = {0};
	const char *error = NULL;
	struct cohort c;
	int64_t id = 0;
	int rc = cohort_for_request(r, r->params[0], &c, true);

	if (rc)
		return rc;
	rc = day_add_from(r, &c, &id, &error, &bad);
	if (rc == 422)
		return http_invalid(r, bad.field, error);
	if (rc)
		return http_error(r, rc, NULL);
	return day_api_answer(r, 201, id);
}
