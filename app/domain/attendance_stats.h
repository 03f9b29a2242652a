/*
 * attendance_stats: what the attendance marks add up to: a cohort's sheet
 * of participants by course days over a period, with each participant's
 * numbers and the totals, for whom may see them; one participant's
 * numbers; and the audit of showing and exporting them.
 *
 * Definitions (also in docs/attendance-numbers.md). Over a period, for one
 * participant, only course days that are not cancelled and on which the
 * participant is enrolled (attendance_enrolled) count, and only days up to
 * today (a mark ahead, an announced absence, is shown but not counted):
 * - days enrolled: such days;
 * - marked days: such days with a mark; not marked = enrolled - marked;
 * - attendance % = (present + late + left early) / marked days;
 * - commitment % = (present + late + left early + announced) / marked days;
 * - minutes attended: the day's length (end - start) for present, the length
 *   less the mark's minutes (never below 0) for late and left early, 0 for
 *   announced, sick and absent; hours = minutes / 60.
 * Percentages are rounded half up to whole numbers, and are absent (-1)
 * when no day is marked. A cohort's totals add the counts of the rows
 * shown and take the percentages of the sums.
 */
#ifndef MESTRING_ATTENDANCE_STATS_H
#define MESTRING_ATTENDANCE_STATS_H

#include "attendance_intern.h"
#include "cohort.h"
#include "date.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* One participant's (or a cohort's) counts; see the definitions above. */
struct attendance_numbers {
	int days_enrolled;
	int present, late, left_early, announced, sick, absent;
	int marked;
	int64_t minutes; /* attended */
	/* Internship days, told apart: they count in none of the above
	 * (attendance_intern.h). */
	struct attendance_intern_numbers intern;
};

/* Percent rounded half up, or -1 when nothing is marked. */
int attendance_stats_pct(const struct attendance_numbers *n);
int attendance_stats_commitment_pct(const struct attendance_numbers *n);
/* Hours attended in tenths, rounded half up. */
int64_t attendance_stats_hours_tenths(int64_t minutes);
/* The same as text, "12,5" with comma ',' (Danish) or "12.5". */
void attendance_stats_hours_text(int64_t minutes, char comma, char *out,
				 size_t len);

/* The status of one cell of the sheet. */
enum attendance_cell {
	ATTENDANCE_CELL_NOT_MARKED,
	ATTENDANCE_CELL_PRESENT,
	ATTENDANCE_CELL_LATE,
	ATTENDANCE_CELL_LEFT_EARLY,
	ATTENDANCE_CELL_ANNOUNCED,
	ATTENDANCE_CELL_SICK,
	ATTENDANCE_CELL_ABSENT,
	ATTENDANCE_CELL_NOT_ENROLLED,
	ATTENDANCE_CELL__MAX
};

/* Columns of a sheet: more course days than any plan makes. */
#define ATTENDANCE_SHEET_DAYS_MAX 400
/* A period chosen spans at most a year. */
#define ATTENDANCE_PERIOD_DAYS_MAX 366

/* What to load: the cohort, the period, whose rows. */
struct attendance_scope {
	int64_t cohort_id;
	int64_t caseworker_id;	/* 0: every participant's */
	int64_t participant_id; /* 0: every participant */
	date_t from, to;	/* inclusive; 0: open (the whole course) */
	date_t today;		/* days after it are not counted */
};

/*
 * The scope of cohort id's numbers for a: the whole course, every
 * participant for the cohort's project leaders and instructors, a
 * caseworker's own citizens only; mentors and enterprise consultants
 * none. RESULT_OK with c and sc, RESULT_REFUSED (bad->message),
 * RESULT_NOT_FOUND (not there, or a does not see it) or RESULT_FAILED.
 */
int attendance_stats_scope(struct db *db, const struct actor *a, int64_t id,
			   struct cohort *c, struct attendance_scope *sc,
			   struct form_invalid *bad);
/* Narrows sc to from..to (0: open). RESULT_OK, or RESULT_INVALID (field
 * "to") when to is before from or the period is longer than
 * ATTENDANCE_PERIOD_DAYS_MAX days; sc is then left as it was. */
int attendance_stats_period(struct attendance_scope *sc, date_t from, date_t to,
			    struct form_invalid *bad);

struct attendance_sheet_day {
	int64_t id;
	date_t date;
	int length; /* minutes */
};

struct attendance_sheet_person {
	int64_t id;
	char *name;
	date_t started, ended; /* ended 0: still on the course */
	struct attendance_numbers n;
};

/* Participants (rows) by course days (columns) with the marks. */
struct attendance_sheet {
	struct attendance_sheet_day *days; /* by date, at most _DAYS_MAX */
	size_t ndays;
	struct attendance_sheet_person *people; /* by name */
	size_t npeople;
	enum attendance_cell *cells; /* npeople * ndays, row by row */
	int *minutes;		     /* the same: late/left-early minutes */
	struct attendance_numbers total;
	/* The people's internship days up to today (same rows). */
	struct attendance_intern intern;
};

/*
 * Loads sc's sheet: the cohort's course days in the period that are not
 * cancelled, its participants who started (without those with no enrolled
 * day among the columns, unless sc names one participant), their marks
 * and numbers, and their internship days in the period up to today. 0 (free
 * with attendance_sheet_free) or -1.
 */
int attendance_sheet_load(struct db *db, const struct attendance_scope *sc,
			  struct attendance_sheet *s);
void attendance_sheet_free(struct attendance_sheet *s);

/*
 * Participant id's numbers over the whole course (for whom the caller has
 * checked may see them) and *cohort_id their cohort: 0, 1 when there are
 * none (no such participant, or never started), -1 on error.
 */
int attendance_stats_participant(struct db *db, int64_t participant_id,
				 struct attendance_numbers *n,
				 int64_t *cohort_id);

/* Audits that a was shown the sheet's participants (one read row each,
 * detail saying where; none for an empty sheet). Never call it holding
 * the writer. 0 or -1. */
int attendance_stats_audit_read(const struct actor *a,
				const struct attendance_sheet *s,
				const char *detail);
/*
 * Audits an export of file ("attendance.csv") by a: one row about cohort
 * c (the file, sc's period, how many rows) and one per participant in the
 * sheet, so each citizen's access log shows it; committed on the writer w
 * the caller holds, before any byte leaves. 0 or -1.
 */
int attendance_stats_audit_export(struct db *w, const struct actor *a,
				  const struct cohort *c,
				  const struct attendance_scope *sc,
				  const struct attendance_sheet *s,
				  const char *file);

#endif
