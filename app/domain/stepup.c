/*
 * stepup: the step-up plan of an internship, read week by week. The plan
 * is small (at most INTERNSHIP_WEEKS_MAX weeks), so it is read whole.
 */
#include "stepup.h"

#include "db.h"

#include <stdlib.h>
#include <string.h>

const char *const stepup_dimension_names[STEPUP_DIM__MAX + 1] = {
	"hours",	  "setting",   "tasks", "responsibility",
	"predictability", "intensity", NULL,
};

const char *const stepup_dimension_labels[STEPUP_DIM__MAX] = {
	"Timer",	  "Fysiske rammer", "Opgaver", "Ansvar",
	"Forudsigelighed", "Arbejdstempo",
};

const char *const stepup_turn_names[3] = {"down", "hold", "up"};

enum stepup_sql {
	STEPUP_SQL_WEEKS,
	STEPUP_SQL_MEETINGS,
	STEPUP_SQL_MEETINGS_ONE,
	STEPUP_SQL__MAX
};

static const struct db_sql stepup_sql[STEPUP_SQL__MAX] = {
	[STEPUP_SQL_WEEKS] = {"SELECT week, monday, mon, tue, wed, thu, fri, "
			      "dim_hours, dim_setting, dim_tasks, "
			      "dim_responsibility, dim_predictability, "
			      "dim_intensity, meeting_on, meeting_min, "
			      "meeting_who, version FROM internship_week "
			      "WHERE internship_id = ?1 ORDER BY week",
			      "i"},
	[STEPUP_SQL_MEETINGS] = {"SELECT internship_id, week, meeting_on, "
				 "ifnull(meeting_min, -1), meeting_who FROM "
				 "internship_week WHERE meeting_on BETWEEN ?1 "
				 "AND ?2 ORDER BY meeting_on, meeting_min, "
				 "internship_id",
				 "tt"},
	[STEPUP_SQL_MEETINGS_ONE] = {"SELECT internship_id, week, meeting_on, "
				     "ifnull(meeting_min, -1), meeting_who "
				     "FROM internship_week WHERE "
				     "internship_id = ?3 AND meeting_on "
				     "BETWEEN ?1 AND ?2 ORDER BY meeting_on, "
				     "meeting_min",
				     "tti"},
};

void stepup_plan_free(struct stepup_plan *plan)
{
	size_t k;

	for (k = 0; k < plan->n; k++)
		free(plan->weeks[k].meeting_who);
	free(plan->weeks);
	plan->weeks = NULL;
	plan->n = 0;
}

int stepup_plan_load(struct db *db, int64_t internship_id,
		     struct stepup_plan *plan)
{
	sqlite3_stmt *st = DB_BIND(db, &stepup_sql[STEPUP_SQL_WEEKS],
				   DB_INT(internship_id));
	struct stepup_week *w;
	int rc = SQLITE_ERROR, d;

	memset(plan, 0, sizeof(*plan));
	plan->internship_id = internship_id;
	if (st == NULL)
		return -1;
	plan->weeks = calloc(INTERNSHIP_WEEKS_MAX, sizeof(*plan->weeks));
	if (plan->weeks == NULL)
		goto out;
	while (plan->n < INTERNSHIP_WEEKS_MAX &&
	       (rc = db_step(db, st)) == SQLITE_ROW) {
		w = &plan->weeks[plan->n];
		w->week = sqlite3_column_int(st, 0);
		w->monday = db_date(st, 1);
		for (d = 0; d < STEPUP_DAYS; d++)
			w->minutes[d] = sqlite3_column_int(st, 2 + d);
		for (d = 0; d < STEPUP_DIM__MAX; d++)
			w->dims[d] = sqlite3_column_int(st, 7 + d);
		w->meeting_on = sqlite3_column_type(st, 13) == SQLITE_NULL
					? 0
					: db_date(st, 13);
		w->meeting_min = sqlite3_column_type(st, 14) == SQLITE_NULL
					 ? -1
					 : sqlite3_column_int(st, 14);
		w->meeting_who = strdup(db_text(st, 15));
		w->version = sqlite3_column_int(st, 16);
		plan->n++;
		if (w->meeting_who == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	if (rc == SQLITE_ROW && plan->n == INTERNSHIP_WEEKS_MAX)
		rc = SQLITE_DONE; /* the table's CHECK holds no more */
out:
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		stepup_plan_free(plan);
		return -1;
	}
	return 0;
}

const struct stepup_week *stepup_plan_week(const struct stepup_plan *plan,
					   date_t d)
{
	date_t monday = date_monday(d);
	size_t k;

	for (k = 0; k < plan->n; k++)
		if (plan->weeks[k].monday == monday)
			return &plan->weeks[k];
	return NULL;
}

int stepup_day_minutes(const struct stepup_plan *plan, date_t d)
{
	const struct stepup_week *w = stepup_plan_week(plan, d);
	int wd = date_weekday(d);

	if (w == NULL || wd < 1 || wd > STEPUP_DAYS)
		return 0;
	return w->minutes[wd - 1];
}

int stepup_week_minutes(const struct stepup_week *w)
{
	int d, sum = 0;

	for (d = 0; d < STEPUP_DAYS; d++)
		sum += w->minutes[d];
	return sum;
}

int stepup_week_number(date_t start, date_t d)
{
	date_t from = date_monday(start), to = date_monday(d);

	return to >= from ? (int)((to - from) / 7) + 1
			  : -(int)((from - to + 6) / 7) + 1;
}

int stepup_meetings_each(struct db *db, int64_t internship_id, date_t from,
			 date_t to, stepup_meeting_fn fn, void *ctx)
{
	char a[DATE_ISO_LEN + 1], b[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	struct stepup_meeting m;
	int rc;

	date_format_iso(from, a);
	date_format_iso(to, b);
	st = internship_id
		     ? DB_BIND(db, &stepup_sql[STEPUP_SQL_MEETINGS_ONE],
			       DB_TEXT(a), DB_TEXT(b), DB_INT(internship_id))
		     : DB_BIND(db, &stepup_sql[STEPUP_SQL_MEETINGS], DB_TEXT(a),
			       DB_TEXT(b));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		m.internship_id = sqlite3_column_int64(st, 0);
		m.week = sqlite3_column_int(st, 1);
		m.on = db_date(st, 2);
		m.minute = sqlite3_column_int(st, 3);
		m.who = db_text(st, 4);
		fn(ctx, &m);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
