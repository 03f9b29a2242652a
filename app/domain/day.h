/*
 * day: a cohort's course days. The plan makes them; project leaders move,
 * re-time, cancel, restore and add them, and every change is kept as the
 * day's history (whose length becomes the calendar SEQUENCE). The writes
 * with their transaction and notice mail are course_day_change and
 * course_day_add (course.h); here are their parts and the rules.
 */
#ifndef MESTRING_DAY_H
#define MESTRING_DAY_H

#include "date.h"
#include "result.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct cohort;
struct db;
struct form_invalid;
struct plan;

enum day_kind {
	DAY_TEACHING,
	DAY_WEEKLY_TEACHING,
	DAY_COMPANY_VISIT,
	DAY_PHYSICAL_TRAINING,
	DAY_NUTRITION,
	DAY_OTHER,
	DAY_KIND__MAX
};

extern const char *const day_kind_names[DAY_KIND__MAX + 1];
/* The kinds a project leader may add by hand, NULL-terminated. */
extern const char *const day_added_kinds[];
/* The statuses a day can have, NULL-terminated. */
extern const char *const day_statuses[];
const char *day_kind_label(const char *kind);
const char *day_status_label(const char *status);
/* The Danish word of a history row's change ("Flyttet"), or NULL. */
const char *day_change_label(const char *change);

struct day {
	int64_t id, cohort_id;
	date_t date;
	int start, end; /* minutes after midnight */
	char kind[24], status[12];
	/* UTF-8: 4 bytes a character */
	char title[801], note[8001], cancel_reason[2001];
	int generated, sequence;
};

/*
 * Loads day id and (into c) its cohort, when a may see the cohort. 0, 1
 * when there is no such day or a does not see it (404 either way), -1 on
 * error.
 */
int day_get(struct db *db, const struct actor *a, int64_t id, struct day *d,
	    struct cohort *c);

/* Every day of a cohort (cohort_get checked it is visible), by date. */
typedef void (*day_fn)(void *ctx, const struct day *d);
int day_list(struct db *db, int64_t cohort_id, day_fn fn, void *ctx);

/* One change of a day's history. */
struct day_history {
	int64_t at; /* seconds since 1970 */
	char actor[256];
	char change[16]; /* "created", "moved", ... (day_change_label) */
	date_t old_date; /* 0 for "created" */
	int old_start, old_end;
	date_t new_date;
	int new_start, new_end;
	char reason[2001];
};
typedef void (*day_history_fn)(void *ctx, const struct day_history *h);
int day_history_each(struct db *db, int64_t day_id, day_history_fn fn,
		     void *ctx);

/* Active (not cancelled) days of a cohort on date d: their ids, at most
 * max; returns how many, or -1. For closure-day clashes. */
int day_on(struct db *db, int64_t cohort_id, date_t d, int64_t *ids, int max);

/*
 * Replaces the cohort's generated days that were never changed with the
 * plan's days, keeping changed and added days (and not doubling a day the
 * plan would put on a date that already has one of its kind). In w's
 * transaction. 0 or -1.
 */
int day_rebuild(struct db *w, int64_t cohort_id, const struct plan *p);

/* A change of a day: what the page's or API's form says. */
enum day_status_change { DAY_KEEP, DAY_CANCEL, DAY_RESTORE };

struct day_edit {
	date_t date;	   /* 0: unchanged */
	int start, end;	   /* -1: unchanged */
	const char *title; /* NULL: unchanged */
	const char *note;  /* NULL: unchanged */
	enum day_status_change status;
	const char *reason; /* for a cancellation or a move */
};

/* Checks e against day d of cohort c. RESULT_OK, or RESULT_INVALID with
 * bad->message (no field: the rule is the day's). */
int day_check_edit(struct db *db, const struct cohort *c, const struct day *d,
		   const struct day_edit *e, struct form_invalid *bad);
/* The history name of what e does to d ("moved", "cancelled", ...), or
 * NULL when it changes nothing. */
const char *day_change_name(const struct day *d, const struct day_edit *e);
/*
 * Applies e to d as a in w's open transaction: the row, the history row
 * named change and the audit row. *now gets the day as it is after. 0 or
 * -1.
 */
int day_write(struct db *w, const struct actor *a, const struct day *d,
	      const struct day_edit *e, const char *change, struct day *now);

/* A day added by hand. */
struct day_input {
	date_t date;
	int start, end;	  /* minutes */
	const char *kind; /* one of day_added_kinds */
	const char *title;
};

/* Checks in for cohort c. RESULT_OK, or RESULT_INVALID with bad. */
int day_check_add(struct db *db, const struct cohort *c,
		  const struct day_input *in, struct form_invalid *bad);
/* Adds in to c as a in w's open transaction, with its "created" history
 * and audit rows; *id gets the new day's. 0 or -1. */
int day_insert(struct db *w, const struct actor *a, const struct cohort *c,
	       const struct day_input *in, int64_t *id);

#endif
