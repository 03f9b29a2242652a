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
	STEPUP_DIM_SETTING,	   /* the physical setting */
	STEPUP_DIM_TASKS,
	STEPUP_DIM_RESPONSIBILITY,
	STEPUP_DIM_PREDICTABILITY,
	STEPUP_DIM_INTENSITY,	   /* work intensity */
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
	int week;			   /* 1 .. INTERNSHIP_WEEKS_MAX */
	date_t monday;
	int minutes[STEPUP_DAYS];	   /* Monday .. Friday */
	int dims[STEPUP_DIM__MAX];	   /* -1, 0, 1 */
	date_t meeting_on;		   /* 0: no status meeting */
	int meeting_min;		   /* minutes after midnight; -1 none */
	char *meeting_who;		   /* owned by the plan; never NULL */
	int version;			   /* moved by every change */
};

struct stepup_plan {
	int64_t internship_id;
	size_t n;			   /* weeks, in order */
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
	int minute;	  /* -1: no time set */
	const char *who;
};
typedef void (*stepup_meeting_fn)(void *ctx, const struct stepup_meeting *m);
/* The status meetings of internship_id (0: of every internship) from
 * from to to (inclusive), by date and time. 0 or -1. */
int stepup_meetings_each(struct db *db, int64_t internship_id, date_t from,
			 date_t to, stepup_meeting_fn fn, void *ctx);

#endif
