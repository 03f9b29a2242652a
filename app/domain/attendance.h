/*
 * attendance: the marks of a course day (present, late, left early,
 * announced, sick, absent without notice) as they are read: the statuses,
 * who is enrolled on a day, the day with who may mark it, its roster with
 * the marks and the absence announced ahead, and the start pages' days
 * (today's, and past ones without marks). Saving marks is
 * attendance_mark.h, the follow-up flags attendance_flag.h, absence ahead
 * absence.h, the numbers attendance_stats.h.
 */
#ifndef MESTRING_ATTENDANCE_H
#define MESTRING_ATTENDANCE_H

#include "cohort.h"
#include "date.h"
#include "participant.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

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
/* Present, late and left early: the participant was there. */
bool attendance_status_attended(enum attendance_status s);

/* What a day is for someone not enrolled on it: never an absence. */
#define ATTENDANCE_NOT_ENROLLED_LABEL "Ikke indskrevet"
/* A note on a mark, or a comment on absence ahead, in characters. */
#define ATTENDANCE_NOTE_MAX 500
/* Most marks one save takes (a cohort has at most 16 places; the rest is
 * room for those who left and were replaced). */
#define ATTENDANCE_ITEMS_MAX 200
/* Days the follow-up looks back over, today included: the rate trigger
 * (attendance_flag.h) and the start pages' days without marks. */
#define ATTENDANCE_RATE_DAYS 14

/*
 * Is a participant enrolled on day? From the day they started (started_on;
 * 0: never) to the day they left (ended_on; 0: not yet), both included.
 * Days outside count as "not enrolled", never as absent.
 */
bool attendance_enrolled(date_t started_on, date_t ended_on, date_t day);
/* The same rule in SQL: is participant alias p enrolled on the day whose
 * ISO date is the SQL expression d? */
#define ATTENDANCE_ENROLLED_SQL(p, d)                                          \
	"(" p ".started_on IS NOT NULL AND " p ".started_on <= " d " AND (" p  \
	".ended_on IS NULL OR " d " <= " p ".ended_on))"

/* The day. */

struct attendance_day {
	int64_t id, cohort_id;
	date_t date;
	int start, end; /* minutes after midnight */
	char kind[24], status[12];
	char title[801];
	char cohort[COHORT_TEXT(200)];
	int64_t job_centre_id, provider_id;
	char cohort_state[16];
	bool may_mark; /* may the actor that loaded it mark it? */
};

/*
 * Loads course day id when a sees its cohort, with whether a may mark it
 * (the cohort's instructors, and its project leaders: those of its job
 * centre or provider and those on its staff). 0 found, 1 not there or not
 * visible (404 either way), -1 on error. A day seen but not a's to mark is
 * d->may_mark false (403, with attendance_mark_refused).
 */
int attendance_day_get(struct db *db, const struct actor *a, int64_t id,
		       struct attendance_day *d);
/* Why a may not mark a day it sees. */
extern const char attendance_mark_refused[];
/* The day, or its cohort, is cancelled: nothing is marked on it. */
bool attendance_day_cancelled(const struct attendance_day *d);
/* The day is after today: only absence announced ahead is marked. */
bool attendance_day_future(const struct attendance_day *d);

/* The roster. */

struct attendance_line {
	int64_t pid, caseworker_id, mentor_id; /* mentor 0: none */
	char name[PARTICIPANT_TEXT(PARTICIPANT_NAME_MAX)];
	date_t started_on, ended_on;
	bool enrolled;
	/* The saved mark. */
	bool marked;
	enum attendance_status status;
	int minutes, version;
	char *note; /* opened; "" for none */
	/* Absence announced ahead that covers the day (notice 0: none). */
	int64_t notice;
	date_t notice_first, notice_last;
	char *comment; /* opened; "" for none */
};

struct attendance_roster {
	struct attendance_line *lines;
	size_t n;
	bool taken; /* the day's attendance was saved in full */
};

/*
 * Everyone of d's cohort who has started, by name, with the day's marks
 * and absence announced ahead, for whom may mark d (d loaded by
 * attendance_day_get): 0 (free with attendance_roster_free), 1 when
 * d->may_mark is false, -1 on error.
 */
int attendance_roster_get(struct db *db, const struct attendance_day *d,
			  struct attendance_roster *ro);
void attendance_roster_free(struct attendance_roster *ro);
/* The line of participant pid, or NULL. */
const struct attendance_line *
attendance_roster_find(const struct attendance_roster *ro, int64_t pid);
/* Audits that a was shown the roster's participants (one read row each,
 * none for an empty roster). Never call it holding the writer. 0 or -1. */
int attendance_roster_audit(const struct actor *a,
			    const struct attendance_day *d,
			    const struct attendance_roster *ro);

/* The start pages' days. */

/* A course day of a list; its texts live until the callback returns. */
struct attendance_day_row {
	int64_t day_id, cohort_id;
	date_t date;
	int start, end;
	const char *kind; /* "teaching", ... */
	const char *cohort;
	bool taken;
};
typedef void (*attendance_day_fn)(void *ctx,
				  const struct attendance_day_row *d);
/*
 * a's course days today that are not cancelled, by start (at most 50):
 * an instructor's cohorts', a project leader's (their organisation's and
 * those on whose staff they are). Nothing for other roles. 0 or -1.
 */
int attendance_today_each(struct db *db, const struct actor *a,
			  attendance_day_fn fn, void *ctx);
/*
 * The same cohorts' course days of the last ATTENDANCE_RATE_DAYS days,
 * today's once they have ended, that were not cancelled and have no
 * saved attendance, newest first (at most 50). 0 or -1.
 */
int attendance_untaken_each(struct db *db, const struct actor *a,
			    attendance_day_fn fn, void *ctx);

#endif
