/*
 * day: a cohort's course days. The plan makes them; project leaders move,
 * re-time, cancel, restore and add them, and every change is kept as the
 * day's history (whose length becomes the calendar SEQUENCE).
 */
#ifndef MESTRING_DAY_H
#define MESTRING_DAY_H

#include "date.h"

#include <stdint.h>

struct cJSON;
struct cohort;
struct db;
struct plan;
struct req;
struct view;

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
const char *day_kind_label(const char *kind);
const char *day_status_label(const char *status);

/*
 * Replaces the cohort's generated days that were never changed with the
 * plan's days, keeping changed and added days (and not doubling a day the
 * plan would put on a date that already has one of its kind). In w's
 * transaction. 0 or -1.
 */
int day_rebuild(struct db *w, int64_t cohort_id, const struct plan *p);

/* Sets a day's "date" (ISO), "date_da", "start" and "end" (HH:MM) on v,
 * for every page that shows a course day. */
void day_view_when(struct view *v, date_t date, int start, int end);
/* The same as the JSON members "date", "start" and "end" of o. */
void day_json_when(struct cJSON *o, date_t date, int start, int end);

/* Adds the list "days" to v for the cohort page. 0 or -1. */
int day_view_list(struct db *db, int64_t cohort_id, struct view *v);

/* Active (not cancelled) days of a cohort on date d: their ids, at most
 * max; returns how many, or -1. For closure-day clashes. */
int day_on(struct db *db, int64_t cohort_id, date_t d, int64_t *ids,
	   int max);

/*
 * Cancels day id of cohort c for a closure day, or moves it to new_date,
 * inside w's transaction, with history and audit by the request's user.
 * 0, 422 with *error (the move or cancellation breaks a rule), or -1.
 */
int day_resolve_clash(struct db *w, struct req *r, const struct cohort *c,
		      int64_t id, date_t new_date, const char *reason,
		      const char **error);

int day_page(struct req *r);
int day_update(struct req *r);
int day_cancel(struct req *r);
int day_restore(struct req *r);
int day_add(struct req *r);
int day_api_list(struct req *r);
int day_api_get(struct req *r);
int day_api_update(struct req *r);
int day_api_add(struct req *r);

#endif
