/*
 * stepup: the step-up plan ("optrapningsplan") of an internship: minutes
 * per weekday per week for its whole length, the six "mixerpult"
 * dimensions of each week turned up, held or down, and the weekly status
 * meeting. Week 1 is the week (Monday to Sunday) of the internship's
 * start. The plan's rows are the internship's own (internship_week), each
 * change kept with who and why (internship_week_change).
 *
 * Reading here is by internship id: the caller has loaded the internship
 * for its viewer (internship_get) or holds a host's or a feed's link.
 * The rules (the generator, the check of an edited plan) are here too,
 * pure; saving, the draft for an internship and the history are
 * stepup_plan.h.
 */
#ifndef MESTRING_STEPUP_H
#define MESTRING_STEPUP_H

#include "date.h"
#include "internship.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* Monday to Friday: never hours on a Saturday or Sunday. */
#define STEPUP_DAYS 5
/* The longest text of who takes part in a status meeting, in characters. */
#define STEPUP_WHO_MAX 800

/* The six "mixerpult" dimensions, in the step-up plan guide's order. */
enum stepup_dimension {
	STEPUP_DIM_HOURS,
	STEPUP_DIM_SETTING, /* the physical setting */
	STEPUP_DIM_TASKS,
	STEPUP_DIM_RESPONSIBILITY,
	STEPUP_DIM_PREDICTABILITY,
	STEPUP_DIM_INTENSITY, /* work intensity */
	STEPUP_DIM__MAX
};
/* "hours", "setting", "tasks", "responsibility", "predictability",
 * "intensity": the API's keys. */
extern const char *const stepup_dimension_names[STEPUP_DIM__MAX + 1];
/* Danish: "Timer", "Fysiske rammer", ... */
extern const char *const stepup_dimension_labels[STEPUP_DIM__MAX];
/* A dimension's setting: -1 down, 0 held, 1 up; "down", "hold", "up". */
extern const char *const stepup_turn_names[3];

struct stepup_week {
	int week; /* 1 .. INTERNSHIP_WEEKS_MAX */
	date_t monday;
	int minutes[STEPUP_DAYS];  /* Monday .. Friday */
	int dims[STEPUP_DIM__MAX]; /* -1, 0, 1 */
	date_t meeting_on;	   /* 0: no status meeting */
	int meeting_min;	   /* minutes after midnight; -1 none */
	char *meeting_who;	   /* owned by the plan; never NULL */
	int version;		   /* moved by every change */
};

struct stepup_plan {
	int64_t internship_id;
	size_t n; /* weeks, in order */
	struct stepup_week *weeks;
};

/* Loads internship_id's plan (no weeks when none is made). 0 or -1. */
int stepup_plan_load(struct db *db, int64_t internship_id,
		     struct stepup_plan *plan);
void stepup_plan_free(struct stepup_plan *plan);

/* The week of the plan holding day d, or NULL. */
const struct stepup_week *stepup_plan_week(const struct stepup_plan *plan,
					   date_t d);
/* Minutes planned on day d (0: none, also for weekends). */
int stepup_day_minutes(const struct stepup_plan *plan, date_t d);
/* A week's planned minutes. */
int stepup_week_minutes(const struct stepup_week *w);
/* The plan's week number of day d for an internship starting on start
 * (1 for start's week; less than 1 before it). */
int stepup_week_number(date_t start, date_t d);

/* A status meeting, for calendars and start pages. Texts live until fn
 * returns. */
struct stepup_meeting {
	int64_t internship_id;
	int week;
	date_t on;
	int minute; /* -1: no time set */
	const char *who;
};
typedef void (*stepup_meeting_fn)(void *ctx, const struct stepup_meeting *m);
/* The status meetings of internship_id (0: of every internship) from
 * from to to (inclusive), by date and time. 0 or -1. */
int stepup_meetings_each(struct db *db, int64_t internship_id, date_t from,
			 date_t to, stepup_meeting_fn fn, void *ctx);

/* Hours are planned in whole or half hours. */
#define STEPUP_STEP_MIN 30
/* The most minutes on one day (an input bound, not a rule of law). */
#define STEPUP_DAY_MAX_MIN (12 * 60)
/* "mon" .. "fri": the API's keys of the weekdays. */
extern const char *const stepup_day_names[STEPUP_DAYS + 1];

/* Generating. */

/* A pattern of the plan: so many days a week of so many minutes. */
struct stepup_pattern {
	int days;    /* 1 .. STEPUP_DAYS - 1: the teaching day stays free */
	int minutes; /* a day: STEPUP_STEP_MIN .. STEPUP_DAY_MAX_MIN, whole
			or half hours */
};

/*
 * Whether from and to can be generated from: RESULT_OK, or RESULT_INVALID
 * with *bad naming the field ("from_days", "from_hours", "to_days",
 * "to_hours") in Danish.
 */
int stepup_pattern_check(const struct stepup_pattern *from,
			 const struct stepup_pattern *to,
			 struct form_invalid *bad);

/*
 * A plan for an internship from start to end (inclusive), rising evenly
 * week by week from pattern from in week 1 to pattern to in the last week
 * (days and hours each rounded; hours to half hours). Days are spread
 * over the week, the same days kept from week to week where they can be,
 * and never on teaching_weekday (1..5), a Saturday or Sunday, a public
 * holiday (holiday.h), a day of closed[0..nclosed) or outside start..end;
 * a week never holds more than week_max_minutes (the day's hours are cut
 * to fit). A planned day that is closed moves to another free day of the
 * week when there is one; else the week has fewer days, each with the
 * week's hours a day. Pure: reads nothing. Weeks go into out[0..max_weeks) with
 * the dimensions held (hours up in the weeks they rise), no meeting and
 * meeting_who NULL (every function here takes NULL as no one, and
 * stepup_plan_free frees it as it frees a loaded plan's). The weeks
 * written, version 0, or -1 when the patterns do not
 * pass stepup_pattern_check, the dates are backwards, or the weeks do not
 * fit max_weeks.
 */
int stepup_generate(const struct stepup_pattern *from,
		    const struct stepup_pattern *to, date_t start, date_t end,
		    int teaching_weekday, int week_max_minutes,
		    const date_t *closed, size_t nclosed,
		    struct stepup_week *out, size_t max_weeks);

/* Checking an edited plan. */

/* Where stepup_check found the first fault. */
struct stepup_fault {
	int week; /* the plan's week number */
	int day;  /* 0 Monday .. 4 Friday; -1: the week as a whole */
};

/*
 * The rules of stepup_generate for a plan as edited (the same internship's
 * start, end, teaching day, week maximum and closure days), and the
 * plan's own: week numbers 1 .. internship_weeks(start, end), each once;
 * minutes in whole or half hours, 0 .. STEPUP_DAY_MAX_MIN a day; the
 * dimensions -1, 0 or 1; a status meeting's day inside its week (Monday to
 * Sunday), its time only with a day, who takes part at most
 * STEPUP_WHO_MAX characters. RESULT_OK, or RESULT_INVALID with *bad (its
 * message names the week and the day, in Danish; its field the day's API
 * key, "hours", "week", "dimensions" or "meeting") and *fault (may be
 * NULL) where.
 */
int stepup_check(const struct stepup_plan *plan, date_t start, date_t end,
		 int teaching_weekday, int week_max_minutes,
		 const date_t *closed, size_t nclosed,
		 struct stepup_fault *fault, struct form_invalid *bad);

/* "37" or "37,5": minutes as Danish hours, into out (at least 16 bytes). */
void stepup_hours_text(int minutes, char *out, size_t len);

#endif
