/*
 * attendance: the marks of a course day (present, late, left early,
 * announced, sick, absent without notice), corrections with their history,
 * absence announced ahead, and the same-day mail when someone is absent
 * without notice. Numbers, the grid and exports are attendance_stats.c's.
 */
#ifndef MESTRING_ATTENDANCE_H
#define MESTRING_ATTENDANCE_H

#include "date.h"

#include <stdbool.h>
#include <stdint.h>

struct db;
struct req;
struct view;

/* The attendance.status values, in the order the day page offers them. */
enum attendance_status {
	ATTENDANCE_PRESENT,
	ATTENDANCE_LATE,
	ATTENDANCE_LEFT_EARLY,
	ATTENDANCE_ANNOUNCED,
	ATTENDANCE_SICK,
	ATTENDANCE_ABSENT,
	ATTENDANCE_STATUS__MAX
};

/* "present", "late", ... as in the database and the API; NULL-ended. */
extern const char *const attendance_status_names[ATTENDANCE_STATUS__MAX + 1];
/* "Til stede", "For sent", "Gået tidligt", "Meldt afbud", "Syg",
 * "Fravær uden afbud"; "" out of range. */
const char *attendance_status_label(enum attendance_status s);
/* enum attendance_status, or -1. */
int attendance_status_parse(const char *name);
/* Late and left early carry minutes (at least 1); the rest 0. */
bool attendance_status_has_minutes(enum attendance_status s);

/* What a day is for someone not enrolled on it: never an absence. */
#define ATTENDANCE_NOT_ENROLLED_LABEL "Ikke indskrevet"
/* A note on a mark, in characters. */
#define ATTENDANCE_NOTE_MAX 500

/*
 * Is a participant enrolled on day? From the day they started (started_on;
 * 0: never) to the day they left (ended_on; 0: not yet), both included.
 * The same rule as SQL is ATTENDANCE_ENROLLED_SQL in attendance_stats.h.
 */
bool attendance_enrolled(date_t started_on, date_t ended_on, date_t day);

/*
 * The start page's panel for instructors and project leaders: the list
 * "attendance_today" of their course days today (day_id, cohort_id,
 * cohort, kind_label, start, end, taken), links to /days/{id}/attendance,
 * and "attendance_today_shown" for the roles that mark. The template
 * attendance_today.html renders it. 0 or -1.
 */
int attendance_view_today(struct db *db, const struct req *r, struct view *v);
/*
 * The participant page's panel: the list "absence_notices" of current and
 * coming absence announced ahead (id, first_da, last_da, actor, not
 * withdrawn), without their comments (which may be about health and are on
 * /participants/{id}/absences for those who may read them), and
 * "absences_href". The caller audits the page's read. 0 or -1.
 */
int attendance_view_notices(struct db *db, int64_t participant_id,
                            struct view *v);

/* Pages. */
int attendance_day_page(struct req *r);
int attendance_day_save(struct req *r);
int attendance_absence_page(struct req *r);
int attendance_absence_add(struct req *r);
int attendance_absence_withdraw(struct req *r);

/* API. */
int attendance_api_day(struct req *r);
int attendance_api_day_save(struct req *r);
int attendance_api_absences(struct req *r);
int attendance_api_absence_add(struct req *r);
int attendance_api_absence_withdraw(struct req *r);

#endif
