/*
 * stepup_plan: the step-up plan's writes (the draft generated for an
 * internship, the week-by-week save with its history) and the history
 * read back. The rules themselves are stepup.c's, pure.
 */
#include "stepup_plan.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "closure.h"
#include "db.h"
#include "form.h"
#include "participant.h"
#include "rule.h"
#include "secret.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The week maximum when the rule table has no row for the day: the law's
 * 37 hours (sql/0009-internship.sql). */
#define STEPUP_WEEK_MAX_DEFAULT (37 * 60)

enum stepup_plan_sql {
	SP_SQL_ADD,
	SP_SQL_SET,
	SP_SQL_HISTORY,
	SP_SQL_CREATED,
	SP_SQL_PAST_HISTORY,
	SP_SQL_PAST_DELETE,
	SP_SQL_SEQUENCE,
	SP_SQL_CHANGES,
	SP_SQL__MAX
};

#define SP_WEEK_MINUTES                                                        \
	"mon || ',' || tue || ',' || wed || ',' || thu || ',' || fri"

static const struct db_sql sp_sql[SP_SQL__MAX] = {
	[SP_SQL_ADD] = {"INSERT INTO internship_week (internship_id, week, "
			"monday, mon, tue, wed, thu, fri, dim_hours, "
			"dim_setting, dim_tasks, dim_responsibility, "
			"dim_predictability, dim_intensity, meeting_on, "
			"meeting_min, meeting_who, version, updated_at) VALUES "
			"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
			"?13, ?14, ?15, ?16, ?17, 1, ?18)",
			"iitiiiiiiiiiiiTIti"},
	[SP_SQL_SET] = {"UPDATE internship_week SET monday = ?3, mon = ?4, "
			"tue = ?5, wed = ?6, thu = ?7, fri = ?8, dim_hours = "
			"?9, dim_setting = ?10, dim_tasks = ?11, "
			"dim_responsibility = ?12, dim_predictability = ?13, "
			"dim_intensity = ?14, meeting_on = ?15, meeting_min = "
			"?16, meeting_who = ?17, version = version + 1, "
			"updated_at = ?18 WHERE internship_id = ?1 AND week = "
			"?2",
			"iitiiiiiiiiiiiTIti"},
	/* The week as it was, before its row changes: the change's version
	 * is the one the row gets. */
	[SP_SQL_HISTORY] = {"INSERT INTO internship_week_change "
			    "(internship_id, week, version, minutes, "
			    "reason_enc, actor_id, actor, at) SELECT "
			    "internship_id, week, version + 1, " SP_WEEK_MINUTES
			    ", ?3, ?4, ?5, ?6 FROM internship_week WHERE "
			    "internship_id = ?1 AND week = ?2",
			    "iiSIti"},
	/* A week first planned: nothing before it (minutes ''). */
	[SP_SQL_CREATED] = {"INSERT INTO internship_week_change "
			    "(internship_id, week, version, minutes, "
			    "reason_enc, actor_id, actor, at) VALUES (?1, ?2, "
			    "1, '', ?3, ?4, ?5, ?6)",
			    "iiSIti"},
	[SP_SQL_PAST_HISTORY] =
		{"INSERT INTO internship_week_change "
		 "(internship_id, week, version, minutes, "
		 "reason_enc, actor_id, actor, at) SELECT "
		 "internship_id, week, version + 1, " SP_WEEK_MINUTES
		 ", ?3, ?4, ?5, ?6 FROM "
		 "internship_week WHERE internship_id = ?1 "
		 "AND week > ?2",
		 "iiSIti"},
	[SP_SQL_PAST_DELETE] = {"DELETE FROM internship_week WHERE "
				"internship_id = ?1 AND week > ?2",
				"ii"},
	[SP_SQL_SEQUENCE] = {"UPDATE internship SET sequence = sequence + 1, "
			     "updated_at = ?2 WHERE id = ?1",
			     "ii"},
	/* Each change with the hours after it: the next change's hours
	 * before, or the week's as it is now (NULL: removed since). */
	[SP_SQL_CHANGES] = {"SELECT c.week, c.version, c.minutes, "
			    "coalesce(lead(c.minutes) OVER (PARTITION BY "
			    "c.week ORDER BY c.version, c.id), w.mon || ',' || "
			    "w.tue || ',' || w.wed || ',' || w.thu || ',' || "
			    "w.fri), c.reason_enc, c.actor, c.at FROM "
			    "internship_week_change c LEFT JOIN "
			    "internship_week w ON w.internship_id = "
			    "c.internship_id AND w.week = c.week WHERE "
			    "c.internship_id = ?1 ORDER BY c.at DESC, c.id "
			    "DESC LIMIT ?2",
			    "ii"},
};

/* The frame. */

struct sp_closed {
	struct stepup_frame *f;
	size_t cap;
	int failed;
};

static void sp_closed_add(void *ctx, const struct closure *cl)
{
	struct sp_closed *c = ctx;
	long k;

	if (cl->date < c->f->start || cl->date > c->f->end)
		return;
	k = ARRAY_PUSH(c->f->closed, c->f->nclosed, c->cap);
	if (k < 0)
		c->failed = 1;
	else
		c->f->closed[k] = cl->date;
}

void stepup_frame_free(struct stepup_frame *f)
{
	free(f->closed);
	f->closed = NULL;
	f->nclosed = 0;
}

int stepup_frame_load(struct db *db, const struct internship *i,
		      struct stepup_frame *f)
{
	struct sp_closed c = {f, 0, 0};
	double hours = 0;
	int rc;

	memset(f, 0, sizeof(*f));
	f->start = i->start_on;
	f->end = i->end_on;
	f->teaching_weekday = i->teaching_weekday;
	rc = rule_value(db, "internship.week_hours_max", i->start_on, &hours);
	if (rc < 0)
		return -1;
	f->week_max_minutes = rc == 0 ? (int)(hours * 60 + 0.5)
				      : STEPUP_WEEK_MAX_DEFAULT;
	if (closure_list(db, i->cohort_id, sp_closed_add, &c) < 0 || c.failed) {
		stepup_frame_free(f);
		return -1;
	}
	return 0;
}

int stepup_frame_check(const struct stepup_frame *f,
		       const struct stepup_plan *plan,
		       struct stepup_fault *fault, struct form_invalid *bad)
{
	return stepup_check(plan, f->start, f->end, f->teaching_weekday,
			    f->week_max_minutes, f->closed, f->nclosed, fault,
			    bad);
}

/* The draft. */

static const struct stepup_week *sp_week(const struct stepup_plan *plan,
					 int week)
{
	size_t k;

	for (k = 0; k < plan->n; k++)
		if (plan->weeks[k].week == week)
			return &plan->weeks[k];
	return NULL;
}

int stepup_plan_draft(struct db *db, const struct internship *i,
		      const struct stepup_pattern *from,
		      const struct stepup_pattern *to, date_t today,
		      struct stepup_plan *out, struct form_invalid *bad)
{
	struct stepup_plan stored = {0};
	struct stepup_frame f;
	const struct stepup_week *was;
	struct stepup_week *w;
	int rc, n, d;
	size_t k;

	memset(out, 0, sizeof(*out));
	out->internship_id = i->id;
	rc = stepup_pattern_check(from, to, bad);
	if (rc != RESULT_OK)
		return rc;
	if (stepup_frame_load(db, i, &f) < 0)
		return RESULT_FAILED;
	if (stepup_plan_load(db, i->id, &stored) < 0) {
		stepup_frame_free(&f);
		return RESULT_FAILED;
	}
	rc = RESULT_FAILED;
	out->weeks = calloc(INTERNSHIP_WEEKS_MAX, sizeof(*out->weeks));
	if (out->weeks == NULL)
		goto out;
	n = stepup_generate(from, to, f.start, f.end, f.teaching_weekday,
			    f.week_max_minutes, f.closed, f.nclosed, out->weeks,
			    INTERNSHIP_WEEKS_MAX);
	if (n < 0) {
		rc = form_invalid_set(bad, RESULT_INVALID, "start_on",
				      "Praktikkens datoer giver ingen plan.");
		goto out;
	}
	out->n = (size_t)n;
	for (k = 0; k < out->n; k++) {
		w = &out->weeks[k];
		was = sp_week(&stored, w->week);
		if (was == NULL)
			continue;
		for (d = 0; d < STEPUP_DAYS; d++)
			if (date_add_days(w->monday, d) < today)
				w->minutes[d] = was->minutes[d];
		for (d = 1; d < STEPUP_DIM__MAX; d++)
			w->dims[d] = was->dims[d];
		w->meeting_on = was->meeting_on;
		w->meeting_min = was->meeting_min;
		w->meeting_who = strdup(was->meeting_who);
		w->version = was->version;
		if (w->meeting_who == NULL)
			goto out;
	}
	rc = RESULT_OK;
out:
	if (rc != RESULT_OK)
		stepup_plan_free(out);
	stepup_plan_free(&stored);
	stepup_frame_free(&f);
	return rc;
}

/* Saving. */

static const char *sp_who(const struct stepup_week *w)
{
	return w->meeting_who ? w->meeting_who : "";
}

static bool sp_same(const struct stepup_week *x, const struct stepup_week *y)
{
	return memcmp(x->minutes, y->minutes, sizeof(x->minutes)) == 0 &&
	       memcmp(x->dims, y->dims, sizeof(x->dims)) == 0 &&
	       x->meeting_on == y->meeting_on &&
	       x->meeting_min == y->meeting_min &&
	       strcmp(sp_who(x), sp_who(y)) == 0;
}

/* What saving a week does. */
enum sp_action { SP_KEEP, SP_ADD, SP_CHANGE };

/*
 * What saving plan over stored does to week w (*action), or the enum
 * result refusing it.
 */
static int sp_week_change(const struct stepup_plan *stored,
			  const struct stepup_week *w, date_t today,
			  enum sp_action *action, struct form_invalid *bad)
{
	const struct stepup_week *was = sp_week(stored, w->week);
	char da[DATE_DA_LEN];
	date_t day;
	int d;

	*action = SP_KEEP;
	if (was == NULL) {
		*action = SP_ADD;
		return RESULT_OK;
	}
	if (w->version && w->version != was->version)
		return form_invalid_set(
			bad, RESULT_CONFLICT, "version",
			"Uge %d er ændret af en anden, siden du "
			"hentede planen. Hent planen igen, og ret "
			"den derefter.",
			w->week);
	if (sp_same(w, was))
		return RESULT_OK;
	for (d = 0; d < STEPUP_DAYS; d++) {
		day = date_add_days(w->monday, d);
		if (day < today && w->minutes[d] > was->minutes[d]) {
			date_format_da(day, da, sizeof(da));
			return form_invalid_set(bad, RESULT_INVALID,
						stepup_day_names[d],
						"Uge %d, %s: dagen er gået, så "
						"timerne kan kun sættes ned.",
						w->week, da);
		}
	}
	*action = SP_CHANGE;
	return RESULT_OK;
}

static int sp_week_write(struct db *w, const struct actor *a,
			 const struct internship *i,
			 const struct stepup_week *wk, bool add,
			 const char *reason, int64_t now)
{
	char monday[DATE_ISO_LEN + 1], meeting[DATE_ISO_LEN + 1];
	const char *actor = a->email ? a->email : "system";
	const int *m = wk->minutes, *x = wk->dims;

	date_format_iso(wk->monday, monday);
	date_format_iso(wk->meeting_on, meeting);
	if (DB_RUN(w, &sp_sql[add ? SP_SQL_CREATED : SP_SQL_HISTORY],
		   DB_INT(i->id), DB_INT(wk->week), DB_SEALED(reason),
		   DB_ID(a->user_id), DB_TEXT(actor), DB_INT(now)) != DB_OK)
		return -1;
	return DB_RUN(w, &sp_sql[add ? SP_SQL_ADD : SP_SQL_SET], DB_INT(i->id),
		      DB_INT(wk->week), DB_TEXT(monday), DB_INT(m[0]),
		      DB_INT(m[1]), DB_INT(m[2]), DB_INT(m[3]), DB_INT(m[4]),
		      DB_INT(x[0]), DB_INT(x[1]), DB_INT(x[2]), DB_INT(x[3]),
		      DB_INT(x[4]), DB_INT(x[5]),
		      DB_TEXT(wk->meeting_on ? meeting : NULL),
		      wk->meeting_min >= 0 ? DB_INT(wk->meeting_min) : DB_NULL,
		      DB_TEXT(sp_who(wk)), DB_INT(now)) == DB_OK
		       ? 0
		       : -1;
}

/* Checks what may be checked before the transaction. */
static int sp_save_check(struct db *w, const struct actor *a,
			 const struct participant *p,
			 const struct internship *i,
			 const struct stepup_plan *plan, const char *reason,
			 struct form_invalid *bad)
{
	struct stepup_frame f;
	int rc;

	if (!internship_may_write(a, p))
		return form_invalid_set(
			bad, RESULT_REFUSED, NULL,
			"Du kan ikke ændre borgerens "
			"optrapningsplan. Det gør "
			"virksomhedskonsulenten, projektlederen og "
			"borgerens sagsbehandler.");
	if (i->status == INTERNSHIP_ENDED ||
	    i->status == INTERNSHIP_ENDED_EARLY)
		return form_invalid_set(bad, RESULT_REFUSED, NULL,
					"Praktikken er afsluttet, så dens "
					"optrapningsplan kan ikke ændres.");
	if (reason && (!form_utf8_valid(reason, strlen(reason)) ||
		       form_utf8_length(reason) > STEPUP_REASON_MAX))
		return form_invalid_set(bad, RESULT_INVALID, "reason",
					"Begrundelsen må højst fylde %d tegn.",
					STEPUP_REASON_MAX);
	if (stepup_frame_load(w, i, &f) < 0)
		return RESULT_FAILED;
	rc = stepup_frame_check(&f, plan, NULL, bad);
	stepup_frame_free(&f);
	return rc;
}

/* The writes, in w's open transaction. */
static int sp_save_rows(struct db *w, const struct actor *a,
			const struct participant *p, const struct internship *i,
			const struct stepup_plan *plan, const char *reason,
			struct form_invalid *bad)
{
	struct stepup_plan stored = {0};
	int64_t now = (int64_t)time(NULL), past = 0;
	int n = internship_weeks(i->start_on, i->end_on), rc = RESULT_OK;
	enum sp_action *what = NULL;
	int changed = 0;
	char detail[96];
	size_t k;

	if (stepup_plan_load(w, i->id, &stored) < 0)
		return RESULT_FAILED;
	what = calloc(plan->n + 1, sizeof(*what));
	if (what == NULL) {
		rc = RESULT_FAILED;
		goto out;
	}
	for (k = 0; k < plan->n && rc == RESULT_OK; k++) {
		rc = sp_week_change(&stored, &plan->weeks[k], date_today(),
				    &what[k], bad);
		changed += rc == RESULT_OK && what[k] != SP_KEEP;
	}
	for (k = 0; k < stored.n; k++)
		past += stored.weeks[k].week > n;
	if (rc != RESULT_OK)
		goto out;
	if (changed + past == 0)
		goto out; /* nothing to write */
	if (stored.n > 0 && (reason == NULL || *reason == '\0')) {
		rc = form_invalid_set(
			bad, RESULT_INVALID, "reason",
			"Skriv hvorfor optrapningsplanen ændres.");
		goto out;
	}
	rc = RESULT_FAILED;
	for (k = 0; k < plan->n; k++)
		if (what[k] != SP_KEEP &&
		    sp_week_write(w, a, i, &plan->weeks[k], what[k] == SP_ADD,
				  reason, now) < 0)
			goto out;
	if (past && (DB_RUN(w, &sp_sql[SP_SQL_PAST_HISTORY], DB_INT(i->id),
			    DB_INT(n), DB_SEALED(reason), DB_ID(a->user_id),
			    DB_TEXT(a->email ? a->email : "system"),
			    DB_INT(now)) != DB_OK ||
		     DB_RUN(w, &sp_sql[SP_SQL_PAST_DELETE], DB_INT(i->id),
			    DB_INT(n)) != DB_OK))
		goto out;
	if (DB_RUN(w, &sp_sql[SP_SQL_SEQUENCE], DB_INT(i->id), DB_INT(now)) !=
	    DB_OK)
		goto out;
	snprintf(detail, sizeof(detail), "internship %lld plan: %d weeks",
		 (long long)i->id, changed + (int)past);
	if (participant_audit_write(w, a, AUDIT_PARTICIPANT_PLAN_UPDATE, p,
				    NULL, detail) == 0)
		rc = RESULT_OK;
out:
	free(what);
	stepup_plan_free(&stored);
	return rc;
}

int stepup_plan_save(struct db *w, const struct actor *a,
		     const struct participant *p, const struct internship *i,
		     const struct stepup_plan *plan, const char *reason,
		     struct form_invalid *bad)
{
	int rc = sp_save_check(w, a, p, i, plan, reason, bad);

	if (rc != RESULT_OK)
		return rc;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	rc = sp_save_rows(w, a, p, i, plan, reason, bad);
	return db_finish(w, rc);
}

/* The history. */

/* "m,t,w,t,f" into minutes; false for '' or NULL (no week). */
static bool sp_minutes_parse(const char *s, int minutes[STEPUP_DAYS])
{
	int d, v;

	memset(minutes, 0, sizeof(int) * STEPUP_DAYS);
	if (s == NULL || *s == '\0')
		return false;
	for (d = 0; d < STEPUP_DAYS && *s; d++) {
		for (v = 0; *s >= '0' && *s <= '9'; s++)
			v = v * 10 + (*s - '0');
		minutes[d] = v;
		if (*s == ',')
			s++;
	}
	return true;
}

int stepup_history_each(struct db *db, const struct internship *i, size_t limit,
			stepup_change_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &sp_sql[SP_SQL_CHANGES], DB_INT(i->id),
				   DB_INT(limit ? (int64_t)limit : -1));
	struct stepup_change c;
	char *reason;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(&c, 0, sizeof(c));
		c.week = sqlite3_column_int(st, 0);
		c.version = sqlite3_column_int(st, 1);
		c.created = !sp_minutes_parse(
			(const char *)sqlite3_column_text(st, 2), c.before);
		c.removed = !sp_minutes_parse(
			(const char *)sqlite3_column_text(st, 3), c.after);
		c.actor = db_text(st, 5);
		c.at = sqlite3_column_int64(st, 6);
		reason = NULL;
		if (i->full && sqlite3_column_type(st, 4) != SQLITE_NULL) {
			reason = secret_column(st, 4);
			if (reason == NULL) {
				rc = SQLITE_ERROR;
				break;
			}
		}
		c.reason = reason ? reason : "";
		fn(ctx, &c);
		secret_free(reason);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
