/*
 * stepup_plan: writing an internship's step-up plan and reading its
 * history. A plan is generated for the internship (stepup_plan_draft,
 * around stepup_generate) or edited week by week, checked against the
 * internship's frame (its dates, teaching day, the cohort's closure days
 * and the rule internship.week_hours_max), and saved in one transaction
 * with each changed week's old hours, who changed it and why, the
 * internship's iCalendar SEQUENCE moved and an audit row.
 */
#ifndef MESTRING_STEPUP_PLAN_H
#define MESTRING_STEPUP_PLAN_H

#include "date.h"
#include "internship.h"
#include "stepup.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;
struct participant;

/* What a plan of an internship is checked against. */
struct stepup_frame {
	date_t start, end;
	int teaching_weekday;
	int week_max_minutes; /* internship.week_hours_max on its start */
	date_t *closed;	      /* the cohort's closure days in start..end */
	size_t nclosed;
};
/* i's frame. 0 or -1; stepup_frame_free after 0. */
int stepup_frame_load(struct db *db, const struct internship *i,
		      struct stepup_frame *f);
void stepup_frame_free(struct stepup_frame *f);
/* stepup_check of plan in f. */
int stepup_frame_check(const struct stepup_frame *f,
		       const struct stepup_plan *plan,
		       struct stepup_fault *fault, struct form_invalid *bad);

/*
 * A plan generated for i from from to to (stepup_generate in i's frame)
 * into out, over the plan stored: a stored week keeps its meeting, its
 * dimensions but hours, its version (so saving it over a plan changed
 * meanwhile is a conflict), and the hours of its days before today (a day
 * gone by is not planned again). RESULT_OK (stepup_plan_free *out),
 * RESULT_INVALID with *bad, or RESULT_FAILED.
 */
int stepup_plan_draft(struct db *db, const struct internship *i,
		      const struct stepup_pattern *from,
		      const struct stepup_pattern *to, date_t today,
		      struct stepup_plan *out, struct form_invalid *bad);

/*
 * Saves plan's weeks for i (of p, both loaded for a) on the writer w the
 * caller holds, in one transaction: a week that is new is added, a week
 * that differs from the stored one is changed (its version moved, its
 * hours before kept in the history with who and reason), a stored week
 * past the internship's last week is removed (kept in the history), and
 * weeks plan does not name stay as they are. When anything changed, the
 * internship's sequence moves and an audit row is written; a plan that
 * changes nothing writes nothing.
 *
 * Refused (RESULT_REFUSED, nothing written) when a may not write i
 * (internship_may_write) or i has ended. RESULT_INVALID: stepup_check's
 * faults, a change of a stored plan without a reason, more hours on a day
 * gone by (fewer hours are always allowed), a reason too long.
 * RESULT_CONFLICT: a week given with a version (not 0) that is no longer
 * the stored one. RESULT_FAILED.
 */
int stepup_plan_save(struct db *w, const struct actor *a,
		     const struct participant *p, const struct internship *i,
		     const struct stepup_plan *plan, const char *reason,
		     struct form_invalid *bad);

/* The most characters of a reason for a change. */
#define STEPUP_REASON_MAX 2000

/* A change of the plan's history. Texts live until fn returns. */
struct stepup_change {
	int week, version;
	bool created;		 /* the week was first planned */
	bool removed;		 /* the week is no longer in the plan */
	int before[STEPUP_DAYS]; /* minutes before (0 when created) */
	int after[STEPUP_DAYS];	 /* and after */
	const char *reason;	 /* "" when none, or when !i->full */
	const char *actor;
	int64_t at;
};
typedef void (*stepup_change_fn)(void *ctx, const struct stepup_change *c);
/* i's plan changes, newest first, at most limit (0: all). 0 or -1. */
int stepup_history_each(struct db *db, const struct internship *i, size_t limit,
			stepup_change_fn fn, void *ctx);

#endif
