/*
 * attendance_flag: the follow-up flags, kept up to date at every save of a
 * day's marks (and when a cohort's triggers change), and read back for the
 * start pages and the numbers. The definitions of what counts are in
 * attendance_stats.h and docs/attendance-numbers.md.
 */
#ifndef MESTRING_ATTENDANCE_FLAG_H
#define MESTRING_ATTENDANCE_FLAG_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

/*
 * Recomputes the follow-up flags of the participants of day_id's cohort
 * who are enrolled on that day, in w's open transaction (call it after
 * saving the day's marks). Counting marks on course days that are not
 * cancelled, up to today, on days the participant was enrolled:
 * - 'streak' when the last N marks (N = cohort.absence_streak) are all
 *   'absent' (absence without notice);
 * - else 'rate' when attendance over the last ATTENDANCE_RATE_DAYS days
 *   (today and the 13 before), over the days marked then, is under
 *   cohort.attendance_floor percent;
 * - else the flag goes. A flag keeps its `since` while it stays.
 * Flags of the cohort's participants who are no longer 'started' go too.
 * Nothing for a day that is not there. 0, or -1 (logged) when the
 * database failed.
 */
int attendance_flag_refresh(struct db *w, int64_t day_id);
/* The same for a cohort whose triggers changed: through its latest course
 * day up to today (nothing when it has none). 0 or -1. */
int attendance_flag_refresh_cohort(struct db *w, int64_t cohort_id);

/* The flag of participant id as a Danish sentence into out ("3 fravær
 * uden afbud i træk", "Fremmøde 60 % de sidste 2 uger"; "" when none).
 * For whom the caller has checked may see the participant. 0 or -1. */
int attendance_flag_text(struct db *db, int64_t participant_id, char *out,
			 size_t len);

/* A flagged participant; texts live until the callback returns. */
struct attendance_flag_row {
	int64_t participant_id, cohort_id;
	const char *name, *cohort;
	const char *text; /* as attendance_flag_text */
};
typedef void (*attendance_flag_fn)(void *ctx,
				   const struct attendance_flag_row *f);
/*
 * The flagged participants a follows, still on their course, newest flag
 * first (at most 50): a caseworker's own citizens, a project leader's
 * cohorts' (their organisation's and those on whose staff they are).
 * Nothing for other roles. The caller audits the names it shows. 0 or -1.
 */
int attendance_flag_each(struct db *db, const struct actor *a,
			 attendance_flag_fn fn, void *ctx);

#endif
