/*
 * attendance_intern: the planned days of the step-up plans and the days
 * hosts reported, laid out as a grid of participants by dates and
 * counted by attendance_intern.h's definitions.
 */
#include "attendance_intern.h"

#include "array.h"
#include "db.h"
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ai_sql { AI_SQL_PLAN, AI_SQL__MAX };

/* clang-format off */
static const struct db_sql ai_sql[AI_SQL__MAX] = {
	/* The plan's weeks of ?1's internships touching ?2..?3. */
	[AI_SQL_PLAN] = {"SELECT i.start_on, i.end_on, w.monday, w.mon, "
		"w.tue, w.wed, w.thu, w.fri FROM internship i JOIN "
		"internship_week w ON w.internship_id = i.id WHERE "
		"i.participant_id = ?1 AND w.monday <= ?3 AND w.monday >= "
		"date(?2, '-6 days') ORDER BY w.monday", "itt"},
};
/* clang-format on */

int attendance_intern_met(const struct attendance_intern_numbers *n)
{
	return n->as_planned + n->fewer;
}

void attendance_intern_add(struct attendance_intern_numbers *to,
			   const struct attendance_intern_numbers *n)
{
	to->planned += n->planned;
	to->as_planned += n->as_planned;
	to->fewer += n->fewer;
	to->sick += n->sick;
	to->absent += n->absent;
	to->not_reported += n->not_reported;
	to->minutes += n->minutes;
}

void attendance_intern_text(const struct attendance_intern_numbers *n,
			    char *out, size_t len)
{
	snprintf(out, len, "mødt %d af %d planlagte", attendance_intern_met(n),
		 n->planned);
}

void attendance_intern_free(struct attendance_intern *in)
{
	free(in->dates);
	free(in->cells);
	free(in->minutes);
	free(in->n);
	memset(in, 0, sizeof(*in));
}

/* A day of one participant before the grid is laid out. */
struct ai_day {
	size_t person;
	date_t date;
	enum attendance_intern_cell cell;
	int minutes;
};

struct ai_days {
	struct ai_day *d;
	size_t n, cap;
	size_t person;
	date_t from, to;
	int failed;
};

static void ai_push(struct ai_days *a, date_t d,
		    enum attendance_intern_cell cell, int minutes)
{
	size_t i;

	/* A reported day replaces the plan's (they come plan first). */
	for (i = a->n; i > 0 && a->d[i - 1].person == a->person; i--)
		if (a->d[i - 1].date == d) {
			if (cell != ATTENDANCE_INTERN_NOT_REPORTED) {
				a->d[i - 1].cell = cell;
				a->d[i - 1].minutes = minutes;
			}
			return;
		}
	if (array_reserve((void **)&a->d, &a->cap, a->n + 1, sizeof(*a->d)) <
	    0) {
		a->failed = 1;
		return;
	}
	a->d[a->n++] = (struct ai_day){a->person, d, cell, minutes};
}

static int ai_plan(struct db *db, int64_t participant, struct ai_days *a)
{
	char f[DATE_ISO_LEN + 1], t[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	date_t start, end, monday, d;
	int rc, k;

	date_format_iso(a->from, f);
	date_format_iso(a->to, t);
	st = DB_BIND(db, &ai_sql[AI_SQL_PLAN], DB_INT(participant), DB_TEXT(f),
		     DB_TEXT(t));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		start = db_date(st, 0);
		end = db_date(st, 1);
		monday = db_date(st, 2);
		for (k = 0; k < 5; k++) {
			d = date_add_days(monday, k);
			if (sqlite3_column_int(st, 3 + k) > 0 && d >= start &&
			    d <= end && d >= a->from && d <= a->to)
				ai_push(a, d, ATTENDANCE_INTERN_NOT_REPORTED,
					0);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void ai_reported(void *ctx, const struct host_day_row *r)
{
	static const enum attendance_intern_cell cells[HOST_DAY__MAX] = {
		[HOST_DAY_AS_PLANNED] = ATTENDANCE_INTERN_AS_PLANNED,
		[HOST_DAY_FEWER_HOURS] = ATTENDANCE_INTERN_FEWER,
		[HOST_DAY_SICK] = ATTENDANCE_INTERN_SICK,
		[HOST_DAY_ABSENT] = ATTENDANCE_INTERN_ABSENT,
	};
	struct ai_days *a = ctx;

	if ((unsigned)r->status < HOST_DAY__MAX)
		ai_push(a, r->date, cells[r->status], r->worked_min);
}

static int ai_date_cmp(const void *x, const void *y)
{
	date_t a = *(const date_t *)x, b = *(const date_t *)y;

	return a < b ? -1 : a > b;
}

/* The columns: every date of a's days, once, ascending. */
static int ai_columns(const struct ai_days *a, struct attendance_intern *in)
{
	size_t i, n = 0;

	in->dates = calloc(a->n ? a->n : 1, sizeof(*in->dates));
	if (in->dates == NULL)
		return -1;
	for (i = 0; i < a->n; i++)
		in->dates[i] = a->d[i].date;
	qsort(in->dates, a->n, sizeof(*in->dates), ai_date_cmp);
	for (i = 0; i < a->n; i++)
		if (n == 0 || in->dates[n - 1] != in->dates[i])
			in->dates[n++] = in->dates[i];
	in->ndates = n < ATTENDANCE_INTERN_DAYS_MAX
			     ? n
			     : ATTENDANCE_INTERN_DAYS_MAX;
	return 0;
}

static size_t ai_column(const struct attendance_intern *in, date_t d)
{
	size_t lo = 0, hi = in->ndates, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (in->dates[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < in->ndates && in->dates[lo] == d ? lo : SIZE_MAX;
}

static void ai_count(struct attendance_intern_numbers *n,
		     enum attendance_intern_cell c, int minutes)
{
	n->planned++;
	n->minutes += minutes;
	switch (c) {
	case ATTENDANCE_INTERN_AS_PLANNED:
		n->as_planned++;
		break;
	case ATTENDANCE_INTERN_FEWER:
		n->fewer++;
		break;
	case ATTENDANCE_INTERN_SICK:
		n->sick++;
		break;
	case ATTENDANCE_INTERN_ABSENT:
		n->absent++;
		break;
	default:
		n->not_reported++;
		break;
	}
}

int attendance_intern_load(struct db *db, const int64_t *people, size_t npeople,
			   date_t from, date_t to, date_t today,
			   struct attendance_intern *out)
{
	struct ai_days a = {0};
	size_t i, col, k;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	a.from = from ? from : date_from_civil(1900, 1, 1);
	a.to = to && to < today ? to : today;
	out->npeople = npeople;
	out->n = calloc(npeople ? npeople : 1, sizeof(*out->n));
	if (out->n == NULL)
		goto out;
	for (i = 0; i < npeople && a.from <= a.to; i++) {
		a.person = i;
		if (ai_plan(db, people[i], &a) < 0 ||
		    host_days_each(db, people[i], a.from, a.to, ai_reported,
				   &a) < 0 ||
		    a.failed)
			goto out;
	}
	if (ai_columns(&a, out) < 0)
		goto out;
	k = npeople * out->ndates;
	out->cells = calloc(k ? k : 1, sizeof(*out->cells));
	out->minutes = calloc(k ? k : 1, sizeof(*out->minutes));
	if (out->cells == NULL || out->minutes == NULL)
		goto out;
	for (i = 0; i < a.n; i++) {
		col = ai_column(out, a.d[i].date);
		ai_count(&out->n[a.d[i].person], a.d[i].cell, a.d[i].minutes);
		if (col == SIZE_MAX)
			continue;
		k = a.d[i].person * out->ndates + col;
		out->cells[k] = a.d[i].cell;
		out->minutes[k] = a.d[i].minutes;
	}
	rc = 0;
out:
	free(a.d);
	if (rc < 0)
		attendance_intern_free(out);
	return rc;
}
