/*
 * day: course days and their history. A change is checked against the
 * cohort's calendar (day_check_edit), then written with a bumped sequence,
 * a history row and an audit row (day_write) in the caller's transaction;
 * course.c adds the notice mail and owns the transaction.
 */
#include "day.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "cohort.h"
#include "db.h"
#include "form.h"
#include "holiday.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const day_kind_names[DAY_KIND__MAX + 1] = {
	"teaching",
	"weekly_teaching",
	"company_visit",
	"physical_training",
	"nutrition",
	"other",
	NULL,
};

static const char *const day_kind_labels[DAY_KIND__MAX] = {
	"Undervisning",	  "Ugentlig undervisningsdag", "Virksomhedsbesøg",
	"Fysisk træning", "Kost og ernæring",	       "Andet",
};

/* The plan makes the first two kinds. */
const char *const day_added_kinds[] = {
	"teaching",  "company_visit", "physical_training",
	"nutrition", "other",	      NULL,
};

const char *const day_statuses[] = {"planned", "moved", "cancelled", NULL};

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
	       : strcmp(status, "moved") == 0	? "Flyttet"
						: "Planlagt";
}

const char *day_change_label(const char *change)
{
	static const struct {
		const char *name, *label;
	} labels[] = {
		{"created", "Oprettet"},      {"moved", "Flyttet"},
		{"retimed", "Nyt tidspunkt"}, {"edited", "Rettet"},
		{"cancelled", "Aflyst"},      {"restored", "Gendannet"},
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(change, labels[i].name) == 0)
			return labels[i].label;
	return NULL;
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

#define DAY_COLUMNS                                                            \
	"id, cohort_id, date, start_min, end_min, kind, status, title, note, " \
	"cancel_reason, generated, sequence "

static const struct db_sql day_sql[DAY_SQL__MAX] = {
	[DAY_SQL_CLEAR_GENERATED] = {"DELETE FROM course_day WHERE cohort_id "
				     "= ?1 AND generated = 1 AND sequence = 0",
				     "i"},
	[DAY_SQL_KEPT] = {"SELECT date, kind FROM course_day WHERE cohort_id "
			  "= ?1",
			  "i"},
	[DAY_SQL_ADD] =
		{"INSERT INTO course_day (cohort_id, date, start_min, end_min, "
		 "kind, title, generated, created_at, updated_at) VALUES (?1, "
		 "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
		 "itiittii"},
	[DAY_SQL_LIST] = {"SELECT " DAY_COLUMNS "FROM course_day WHERE "
			  "cohort_id = ?1 ORDER BY date, start_min, id",
			  "i"},
	[DAY_SQL_GET] = {"SELECT " DAY_COLUMNS "FROM course_day WHERE id = ?1",
			 "i"},
	[DAY_SQL_UPDATE] =
		{"UPDATE course_day SET date = ?2, start_min = ?3, end_min = "
		 "?4, status = ?5, title = ?6, note = ?7, cancel_reason = ?8, "
		 "sequence = sequence + 1, updated_at = ?9 WHERE id = ?1",
		 "itiitttti"},
	/* actor_id NULL and actor "system" for the system; the old time
	 * NULL for a day created by hand. */
	[DAY_SQL_HISTORY_ADD] =
		{"INSERT INTO course_day_change (day_id, at, actor_id, actor, "
		 "change, old_date, old_start, old_end, new_date, new_start, "
		 "new_end, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		 "?10, ?11, ?12)",
		 "iiIttTIItiit"},
	[DAY_SQL_HISTORY] =
		{"SELECT at, actor, change, old_date, old_start, old_end, "
		 "new_date, new_start, new_end, reason FROM course_day_change "
		 "WHERE day_id = ?1 ORDER BY id",
		 "i"},
	[DAY_SQL_WAS_MOVED] = {"SELECT count(*) FROM course_day_change WHERE "
			       "day_id = ?1 AND change = 'moved'",
			       "i"},
	/* Another active day of the kind on the date (?4: the day itself,
	 * or 0 for a day not yet there). */
	[DAY_SQL_SAME_KIND] =
		{"SELECT count(*) FROM course_day WHERE cohort_id = ?1 AND "
		 "date "
		 "= ?2 AND kind = ?3 AND status != 'cancelled' AND id != ?4",
		 "itti"},
	[DAY_SQL_ON] = {"SELECT id FROM course_day WHERE cohort_id = ?1 AND "
			"date = ?2 AND status != 'cancelled' ORDER BY id",
			"it"},
	[DAY_SQL_CLOSED] = {"SELECT count(*) FROM closure_day WHERE "
			    "cohort_id = ?1 AND date = ?2",
			    "it"},
};

static void day_read_row(sqlite3_stmt *st, struct day *d)
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
	snprintf(d->note, sizeof(d->note), "%s", db_text(st, 8));
	snprintf(d->cancel_reason, sizeof(d->cancel_reason), "%s",
		 db_text(st, 9));
	d->generated = sqlite3_column_int(st, 10);
	d->sequence = sqlite3_column_int(st, 11);
}

/* Day id whatever its cohort: 0 found, 1 not, -1 error. */
static int day_row(struct db *db, int64_t id, struct day *d)
{
	sqlite3_stmt *st = DB_BIND(db, &day_sql[DAY_SQL_GET], DB_INT(id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		day_read_row(st, d);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int day_get(struct db *db, const struct actor *a, int64_t id, struct day *d,
	    struct cohort *c)
{
	int rc = day_row(db, id, d);

	return rc ? rc : cohort_get(db, a, d->cohort_id, c);
}

/* The first column of the one row q gives, or -1. */
static int64_t day_count(struct db *db, sqlite3_stmt *st)
{
	int64_t n = -1;

	if (st == NULL)
		return -1;
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int day_list(struct db *db, int64_t cohort_id, day_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &day_sql[DAY_SQL_LIST],
				   DB_INT(cohort_id));
	struct day d;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		day_read_row(st, &d);
		fn(ctx, &d);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int day_history_each(struct db *db, int64_t day_id, day_history_fn fn,
		     void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &day_sql[DAY_SQL_HISTORY],
				   DB_INT(day_id));
	struct day_history h;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(&h, 0, sizeof(h));
		h.at = sqlite3_column_int64(st, 0);
		snprintf(h.actor, sizeof(h.actor), "%s", db_text(st, 1));
		snprintf(h.change, sizeof(h.change), "%s", db_text(st, 2));
		h.old_date = db_date(st, 3);
		h.old_start = sqlite3_column_int(st, 4);
		h.old_end = sqlite3_column_int(st, 5);
		h.new_date = db_date(st, 6);
		h.new_start = sqlite3_column_int(st, 7);
		h.new_end = sqlite3_column_int(st, 8);
		snprintf(h.reason, sizeof(h.reason), "%s", db_text(st, 9));
		fn(ctx, &h);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int day_on(struct db *db, int64_t cohort_id, date_t d, int64_t *ids, int max)
{
	char iso[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	int n = 0, rc;

	date_format_iso(d, iso);
	st = DB_BIND(db, &day_sql[DAY_SQL_ON], DB_INT(cohort_id), DB_TEXT(iso));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW && n < max)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

/* Building from the plan. */

struct day_kept {
	date_t date;
	char kind[24];
};

static int day_insert_row(struct db *w, int64_t cohort, date_t d, int start,
			  int end, const char *kind, const char *title,
			  bool generated)
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(d, iso);
	return DB_RUN(w, &day_sql[DAY_SQL_ADD], DB_INT(cohort), DB_TEXT(iso),
		      DB_INT(start), DB_INT(end), DB_TEXT(kind),
		      DB_TEXT(title ? title : ""), DB_INT(generated ? 1 : 0),
		      DB_INT((int64_t)time(NULL))) == DB_OK
		       ? 0
		       : -1;
}

/* The days left after clearing; caller frees *out. */
static int day_load_kept(struct db *w, int64_t cohort, struct day_kept **out,
			 size_t *n)
{
	sqlite3_stmt *st = DB_BIND(w, &day_sql[DAY_SQL_KEPT], DB_INT(cohort));
	struct day_kept *k = NULL;
	size_t cap = 0;
	long i;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		i = ARRAY_PUSH(k, *n, cap);
		if (i < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		k[i].date = db_date(st, 0);
		snprintf(k[i].kind, sizeof(k[i].kind), "%s", db_text(st, 1));
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
	struct day_kept *kept = NULL;
	size_t nkept = 0, i;
	int rc = -1;

	if (DB_RUN(w, &day_sql[DAY_SQL_CLEAR_GENERATED], DB_INT(cohort_id)) !=
		    DB_OK ||
	    day_load_kept(w, cohort_id, &kept, &nkept) < 0)
		return -1;
	for (i = 0; i < p->ndays; i++) {
		const struct plan_day *pd = &p->days[i];
		const char *kind = pd->kind == PLAN_DAY_TEACHING
					   ? "teaching"
					   : "weekly_teaching";

		if (day_is_kept(kept, nkept, pd->date, kind))
			continue;
		if (day_insert_row(w, cohort_id, pd->date, pd->start_min,
				   pd->end_min, kind, NULL, true) < 0)
			goto out;
	}
	rc = 0;
out:
	free(kept);
	return rc;
}

/* The rules of a change. */

/* The date rules for a day of cohort c on d. NULL when fine. */
static const char *day_date_problem(struct db *db, const struct cohort *c,
				    date_t d, const char *kind, int64_t except)
{
	const char *holiday = NULL;
	char iso[DATE_ISO_LEN + 1];

	if (d < date_today())
		return "Datoen er overskredet.";
	if (date_weekday(d) > 5)
		return "Kursusdage ligger aldrig i weekenden.";
	if (holiday_is(d, c->plan.skip_customary, &holiday))
		return "Datoen er en helligdag eller fridag.";
	date_format_iso(d, iso);
	if (day_count(db, DB_BIND(db, &day_sql[DAY_SQL_CLOSED], DB_INT(c->id),
				  DB_TEXT(iso))) != 0)
		return "Holdet har lukkedag den dato.";
	if (day_count(db, DB_BIND(db, &day_sql[DAY_SQL_SAME_KIND],
				  DB_INT(c->id), DB_TEXT(iso), DB_TEXT(kind),
				  DB_INT(except))) != 0)
		return "Holdet har allerede en dag af den slags den dato.";
	return NULL;
}

/* Why e may not be done to d of cohort c, or NULL. */
static const char *day_edit_problem(struct db *db, const struct cohort *c,
				    const struct day *d,
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

static int day_invalid(struct form_invalid *bad, const char *message)
{
	bad->field = NULL;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

int day_check_edit(struct db *db, const struct cohort *c, const struct day *d,
		   const struct day_edit *e, struct form_invalid *bad)
{
	const char *problem = day_edit_problem(db, c, d, e);

	return problem ? day_invalid(bad, problem) : RESULT_OK;
}

const char *day_change_name(const struct day *d, const struct day_edit *e)
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

/* Writing. */

/* The history row of a change from old (NULL: a day created) to now. */
static int day_write_history(struct db *w, const struct actor *a,
			     const struct day *old, const struct day *now,
			     const char *change, const char *reason)
{
	char o[DATE_ISO_LEN + 1], n[DATE_ISO_LEN + 1];

	if (old)
		date_format_iso(old->date, o);
	date_format_iso(now->date, n);
	return DB_RUN(w, &day_sql[DAY_SQL_HISTORY_ADD], DB_INT(now->id),
		      DB_INT((int64_t)time(NULL)), DB_ID(a->user_id),
		      DB_TEXT(a->email ? a->email : "system"), DB_TEXT(change),
		      old ? DB_TEXT(o) : DB_NULL,
		      old ? DB_INT(old->start) : DB_NULL,
		      old ? DB_INT(old->end) : DB_NULL, DB_TEXT(n),
		      DB_INT(now->start), DB_INT(now->end),
		      DB_TEXT(reason ? reason : "")) == DB_OK
		       ? 0
		       : -1;
}

static int day_audit(struct db *w, const struct actor *a, const struct day *d,
		     const char *change)
{
	struct audit_entry e = audit_by(a, AUDIT_DAY_CHANGE);
	char subject[64];

	snprintf(subject, sizeof(subject), "kursusdag %lld", (long long)d->id);
	e.subject_type = "course_day";
	e.subject_id = d->id;
	e.subject = subject;
	e.detail = change;
	return audit_write(w, &e);
}

int day_write(struct db *w, const struct actor *a, const struct day *d,
	      const struct day_edit *e, const char *change, struct day *now)
{
	char iso[DATE_ISO_LEN + 1];
	int64_t moved;

	*now = *d;
	if (e->date)
		now->date = e->date;
	if (e->start >= 0)
		now->start = e->start;
	if (e->end >= 0)
		now->end = e->end;
	if (e->status == DAY_CANCEL) {
		snprintf(now->status, sizeof(now->status), "cancelled");
		snprintf(now->cancel_reason, sizeof(now->cancel_reason), "%s",
			 e->reason);
	} else if (e->status == DAY_RESTORE) {
		moved = day_count(w, DB_BIND(w, &day_sql[DAY_SQL_WAS_MOVED],
					     DB_INT(d->id)));
		snprintf(now->status, sizeof(now->status), "%s",
			 moved > 0 ? "moved" : "planned");
		now->cancel_reason[0] = '\0';
	} else if (now->date != d->date) {
		snprintf(now->status, sizeof(now->status), "moved");
	}
	if (e->title)
		snprintf(now->title, sizeof(now->title), "%s", e->title);
	if (e->note)
		snprintf(now->note, sizeof(now->note), "%s", e->note);
	date_format_iso(now->date, iso);
	if (DB_RUN(w, &day_sql[DAY_SQL_UPDATE], DB_INT(d->id), DB_TEXT(iso),
		   DB_INT(now->start), DB_INT(now->end), DB_TEXT(now->status),
		   DB_TEXT(e->title ? e->title : d->title),
		   DB_TEXT(e->note ? e->note : d->note),
		   DB_TEXT(now->cancel_reason),
		   DB_INT((int64_t)time(NULL))) != DB_OK ||
	    day_write_history(w, a, d, now, change, e->reason) < 0 ||
	    day_audit(w, a, now, change) < 0)
		return -1;
	now->sequence++;
	return 0;
}

/* Adding a day by hand. */

int day_check_add(struct db *db, const struct cohort *c,
		  const struct day_input *in, struct form_invalid *bad)
{
	const char *problem;
	int i;

	for (i = 0; day_added_kinds[i]; i++)
		if (in->kind && strcmp(in->kind, day_added_kinds[i]) == 0)
			break;
	if (day_added_kinds[i] == NULL)
		return day_invalid(bad, "Vælg en type.");
	problem = in->start >= in->end
			  ? "Sluttidspunktet skal ligge efter "
			    "starttidspunktet."
			  : day_date_problem(db, c, in->date, in->kind, 0);
	return problem ? day_invalid(bad, problem) : RESULT_OK;
}

int day_insert(struct db *w, const struct actor *a, const struct cohort *c,
	       const struct day_input *in, int64_t *id)
{
	struct day d = {0};

	if (day_insert_row(w, c->id, in->date, in->start, in->end, in->kind,
			   in->title, false) < 0)
		return -1;
	d.id = *id = db_last_id(w);
	d.cohort_id = c->id;
	d.date = in->date;
	d.start = in->start;
	d.end = in->end;
	if (day_write_history(w, a, NULL, &d, "created", NULL) < 0 ||
	    day_audit(w, a, &d, "created") < 0)
		return -1;
	return 0;
}
