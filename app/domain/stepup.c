/*
 * stepup: the step-up plan of an internship, read week by week (the plan
 * is small, at most INTERNSHIP_WEEKS_MAX weeks, so it is read whole), and
 * its rules: the generator from a starting pattern to a target, and the
 * check of a plan as edited. Writing is stepup_plan.c.
 */
#include "stepup.h"

#include "db.h"
#include "form.h"
#include "holiday.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const stepup_dimension_names[STEPUP_DIM__MAX + 1] = {
	"hours",	  "setting",   "tasks", "responsibility",
	"predictability", "intensity", NULL,
};

const char *const stepup_dimension_labels[STEPUP_DIM__MAX] = {
	"Timer",  "Fysiske rammer",  "Opgaver",
	"Ansvar", "Forudsigelighed", "Arbejdstempo",
};

const char *const stepup_turn_names[3] = {"down", "hold", "up"};

const char *const stepup_day_names[STEPUP_DAYS + 1] = {
	"mon", "tue", "wed", "thu", "fri", NULL,
};

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

/* The rules: generating and checking. */

void stepup_hours_text(int minutes, char *out, size_t len)
{
	if (minutes % 60)
		snprintf(out, len, "%s%d,%d", minutes < 0 ? "-" : "",
			 abs(minutes) / 60, abs(minutes) % 60 * 10 / 60);
	else
		snprintf(out, len, "%d", minutes / 60);
}

static int stepup_pattern_one(const struct stepup_pattern *p, const char *days,
			      const char *hours, const char *which,
			      struct form_invalid *bad)
{
	if (p->days < 1 || p->days > STEPUP_DAYS - 1)
		return form_invalid_set(
			bad, RESULT_INVALID, days,
			"%s: antal dage om ugen skal være 1 til "
			"%d (undervisningsdagen er fri).",
			which, STEPUP_DAYS - 1);
	if (p->minutes < STEPUP_STEP_MIN || p->minutes > STEPUP_DAY_MAX_MIN)
		return form_invalid_set(
			bad, RESULT_INVALID, hours,
			"%s: timer om dagen skal være en halv til "
			"%d timer.",
			which, STEPUP_DAY_MAX_MIN / 60);
	if (p->minutes % STEPUP_STEP_MIN)
		return form_invalid_set(
			bad, RESULT_INVALID, hours,
			"%s: timer om dagen skal være hele eller "
			"halve timer (fx 3 eller 3,5).",
			which);
	return RESULT_OK;
}

int stepup_pattern_check(const struct stepup_pattern *from,
			 const struct stepup_pattern *to,
			 struct form_invalid *bad)
{
	int rc = stepup_pattern_one(from, "from_days", "from_hours", "Start",
				    bad);

	if (rc == RESULT_OK)
		rc = stepup_pattern_one(to, "to_days", "to_hours", "Mål", bad);
	return rc;
}

/* a + (b - a) * k / (n - 1), rounded half away from zero; a when n < 2. */
static int stepup_lerp(int a, int b, int k, int n)
{
	long num = (long)(b - a) * k, den = n - 1;

	if (n < 2)
		return a;
	return a + (int)(num >= 0 ? (2 * num + den) / (2 * den)
				  : -((-2 * num + den) / (2 * den)));
}

static bool stepup_in(const date_t *days, size_t n, date_t d)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (days[k] == d)
			return true;
	return false;
}

static int stepup_bits(unsigned mask)
{
	int n = 0;

	for (; mask; mask >>= 1)
		n += mask & 1u;
	return n;
}

/* How unevenly mask's days (bit 0 Monday) lie over the seven days of the
 * week: the sum of the squared gaps between them, round the weekend. */
static int stepup_unevenness(unsigned mask)
{
	int d, first = -1, last = -1, sum = 0;

	for (d = 0; d < STEPUP_DAYS; d++) {
		if (!(mask & (1u << d)))
			continue;
		if (last >= 0)
			sum += (d - last) * (d - last);
		else
			first = d;
		last = d;
	}
	if (first >= 0)
		sum += (first + 7 - last) * (first + 7 - last);
	return sum;
}

/*
 * The n days of the days in candidates (bits, Monday first) that change
 * least from keep and then lie most evenly; the lowest mask on a tie.
 */
static unsigned stepup_pick(unsigned candidates, int n, unsigned keep)
{
	unsigned mask, best = 0;
	int cost, best_cost = -1;

	for (mask = 0; mask < (1u << STEPUP_DAYS); mask++) {
		if ((mask & ~candidates) || stepup_bits(mask) != n)
			continue;
		cost = 1000 * stepup_bits(mask ^ keep) +
		       stepup_unevenness(mask);
		if (best_cost < 0 || cost < best_cost) {
			best_cost = cost;
			best = mask;
		}
	}
	return best;
}

int stepup_generate(const struct stepup_pattern *from,
		    const struct stepup_pattern *to, date_t start, date_t end,
		    int teaching_weekday, int week_max_minutes,
		    const date_t *closed, size_t nclosed,
		    struct stepup_week *out, size_t max_weeks)
{
	struct form_invalid bad;
	unsigned workdays = 0, free_days, base = 0, days;
	int n, k, d, want, minutes, cap, total, last_total = 0;
	struct stepup_week *w;
	date_t day;

	if (stepup_pattern_check(from, to, &bad) != RESULT_OK || end < start ||
	    week_max_minutes < STEPUP_STEP_MIN || teaching_weekday < 1 ||
	    teaching_weekday > STEPUP_DAYS)
		return -1;
	n = internship_weeks(start, end);
	if (n < 1 || (size_t)n > max_weeks)
		return -1;
	for (d = 0; d < STEPUP_DAYS; d++)
		if (d + 1 != teaching_weekday)
			workdays |= 1u << d;
	for (k = 0; k < n; k++) {
		w = &out[k];
		memset(w, 0, sizeof(*w));
		w->week = k + 1;
		w->monday = date_add_days(date_monday(start), 7 * k);
		w->meeting_min = -1;
		want = stepup_lerp(from->days, to->days, k, n);
		minutes = STEPUP_STEP_MIN *
			  stepup_lerp(from->minutes / STEPUP_STEP_MIN,
				      to->minutes / STEPUP_STEP_MIN, k, n);
		/* The days the week would have were it whole, the same
		 * from week to week; then those it can have. */
		base = stepup_pick(workdays, want, base);
		free_days = 0;
		for (d = 0; d < STEPUP_DAYS; d++) {
			day = date_add_days(w->monday, d);
			if ((workdays & (1u << d)) && day >= start &&
			    day <= end && !holiday_is(day, false, NULL) &&
			    !stepup_in(closed, nclosed, day))
				free_days |= 1u << d;
		}
		if (want > stepup_bits(free_days))
			want = stepup_bits(free_days);
		days = stepup_pick(free_days, want, base);
		if (want > 0) {
			cap = week_max_minutes / want / STEPUP_STEP_MIN *
			      STEPUP_STEP_MIN;
			if (minutes > cap)
				minutes = cap;
		}
		total = 0;
		for (d = 0; d < STEPUP_DAYS; d++)
			if (days & (1u << d)) {
				w->minutes[d] = minutes;
				total += minutes;
			}
		w->dims[STEPUP_DIM_HOURS] = k == 0 || total == last_total ? 0
					    : total > last_total	  ? 1
									  : -1;
		last_total = total;
	}
	return n;
}

/* The plan's checks. */

static const char *stepup_day_da(date_t d, char *out, size_t len)
{
	if (date_format_da(d, out, len) < 0)
		snprintf(out, len, "?");
	return out;
}

static int stepup_check_day(const struct stepup_week *w, int d, date_t start,
			    date_t end, int teaching_weekday,
			    const date_t *closed, size_t nclosed,
			    struct form_invalid *bad)
{
	const char *field = stepup_day_names[d], *holiday;
	date_t day = date_add_days(w->monday, d);
	char da[DATE_DA_LEN], edge[DATE_DA_LEN];
	int m = w->minutes[d];

	if (m < 0 || m > STEPUP_DAY_MAX_MIN)
		return form_invalid_set(
			bad, RESULT_INVALID, field,
			"Uge %d, %s: timerne skal være 0 til %d "
			"på en dag.",
			w->week, stepup_day_da(day, da, sizeof(da)),
			STEPUP_DAY_MAX_MIN / 60);
	if (m % STEPUP_STEP_MIN)
		return form_invalid_set(
			bad, RESULT_INVALID, field,
			"Uge %d, %s: timerne skal være hele eller "
			"halve timer (fx 3 eller 3,5).",
			w->week, stepup_day_da(day, da, sizeof(da)));
	if (m == 0)
		return RESULT_OK;
	stepup_day_da(day, da, sizeof(da));
	if (d + 1 == teaching_weekday)
		return form_invalid_set(
			bad, RESULT_INVALID, field,
			"Uge %d, %s: det er holdets "
			"undervisningsdag, som praktikværten skal "
			"give fri. Sæt timerne til 0.",
			w->week, da);
	if (day < start)
		return form_invalid_set(
			bad, RESULT_INVALID, field,
			"Uge %d, %s: praktikken begynder først %s. "
			"Sæt timerne til 0.",
			w->week, da, stepup_day_da(start, edge, sizeof(edge)));
	if (day > end)
		return form_invalid_set(
			bad, RESULT_INVALID, field,
			"Uge %d, %s: praktikken slutter %s. Sæt "
			"timerne til 0.",
			w->week, da, stepup_day_da(end, edge, sizeof(edge)));
	if (holiday_is(day, false, &holiday))
		return form_invalid_set(
			bad, RESULT_INVALID, field,
			"Uge %d, %s: det er %s, en helligdag. Sæt "
			"timerne til 0.",
			w->week, da, holiday);
	if (stepup_in(closed, nclosed, day))
		return form_invalid_set(bad, RESULT_INVALID, field,
					"Uge %d, %s: det er en lukkedag for "
					"holdet. Sæt timerne til 0.",
					w->week, da);
	return RESULT_OK;
}

static int stepup_check_week(const struct stepup_week *w, date_t start,
			     date_t end, int teaching_weekday,
			     int week_max_minutes, const date_t *closed,
			     size_t nclosed, struct stepup_fault *fault,
			     struct form_invalid *bad)
{
	char a[DATE_DA_LEN], b[DATE_DA_LEN], h[16], max[16];
	const char *who = w->meeting_who ? w->meeting_who : "";
	int d, rc;

	for (d = 0; d < STEPUP_DAYS; d++) {
		rc = stepup_check_day(w, d, start, end, teaching_weekday,
				      closed, nclosed, bad);
		if (rc != RESULT_OK) {
			fault->day = d;
			return rc;
		}
	}
	if (stepup_week_minutes(w) > week_max_minutes) {
		stepup_hours_text(stepup_week_minutes(w), h, sizeof(h));
		stepup_hours_text(week_max_minutes, max, sizeof(max));
		return form_invalid_set(
			bad, RESULT_INVALID, "hours",
			"Uge %d har %s timer, men en praktik må "
			"højst have %s timer om ugen.",
			w->week, h, max);
	}
	for (d = 0; d < STEPUP_DIM__MAX; d++)
		if (w->dims[d] < -1 || w->dims[d] > 1)
			return form_invalid_set(
				bad, RESULT_INVALID, "dimensions",
				"Uge %d: %s skal skrues op, holdes "
				"eller skrues ned.",
				w->week, stepup_dimension_labels[d]);
	if (w->meeting_on && (w->meeting_on < w->monday ||
			      w->meeting_on > date_add_days(w->monday, 6)))
		return form_invalid_set(
			bad, RESULT_INVALID, "meeting",
			"Uge %d: statusmødet skal ligge i ugen, "
			"fra %s til %s.",
			w->week, stepup_day_da(w->monday, a, sizeof(a)),
			stepup_day_da(date_add_days(w->monday, 6), b,
				      sizeof(b)));
	if (w->meeting_min >= 0 && w->meeting_on == 0)
		return form_invalid_set(
			bad, RESULT_INVALID, "meeting",
			"Uge %d: statusmødet skal have en dato, "
			"når det har et tidspunkt.",
			w->week);
	if (w->meeting_min < -1 || w->meeting_min > 24 * 60 - 1)
		return form_invalid_set(
			bad, RESULT_INVALID, "meeting",
			"Uge %d: statusmødets tidspunkt skal være "
			"mellem 00:00 og 23:59.",
			w->week);
	if (!form_utf8_valid(who, strlen(who)) ||
	    form_utf8_length(who) > STEPUP_WHO_MAX)
		return form_invalid_set(
			bad, RESULT_INVALID, "meeting",
			"Uge %d: hvem der deltager i statusmødet, "
			"må højst fylde %d tegn.",
			w->week, STEPUP_WHO_MAX);
	return RESULT_OK;
}

int stepup_check(const struct stepup_plan *plan, date_t start, date_t end,
		 int teaching_weekday, int week_max_minutes,
		 const date_t *closed, size_t nclosed,
		 struct stepup_fault *fault, struct form_invalid *bad)
{
	struct stepup_fault here;
	const struct stepup_week *w;
	int n = internship_weeks(start, end), rc;
	bool seen[INTERNSHIP_WEEKS_MAX + 1] = {false};
	size_t k;

	if (fault == NULL)
		fault = &here;
	for (k = 0; k < plan->n; k++) {
		w = &plan->weeks[k];
		fault->week = w->week;
		fault->day = -1;
		if (w->week < 1 || w->week > n ||
		    w->week > INTERNSHIP_WEEKS_MAX)
			return form_invalid_set(
				bad, RESULT_INVALID, "week",
				"Uge %d ligger uden for praktikken, "
				"som har uge 1 til %d.",
				w->week, n);
		if (seen[w->week])
			return form_invalid_set(
				bad, RESULT_INVALID, "week",
				"Uge %d står flere gange i planen.", w->week);
		seen[w->week] = true;
		if (w->monday !=
		    date_add_days(date_monday(start), 7 * (w->week - 1)))
			return form_invalid_set(
				bad, RESULT_INVALID, "week",
				"Uge %d begynder ikke den mandag, "
				"praktikkens uge %d begynder.",
				w->week, w->week);
		rc = stepup_check_week(w, start, end, teaching_weekday,
				       week_max_minutes, closed, nclosed, fault,
				       bad);
		if (rc != RESULT_OK)
			return rc;
	}
	return RESULT_OK;
}
