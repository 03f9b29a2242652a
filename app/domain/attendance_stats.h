/*
 * attendance_stats: what the attendance marks add up to. The follow-up
 * flags (attendance_flag), the numbers per participant and cohort, the SVG
 * grid of participants by days, the CSV and XLSX exports, the start pages'
 * attendance panels and the JSON numbers.
 *
 * Definitions (also in docs/attendance-numbers.md). Over a period, for one
 * participant, only course days that are not cancelled and on which the
 * participant is enrolled (ATTENDANCE_ENROLLED_SQL) count, and only days up
 * to today (a mark ahead, an announced absence, is shown but not counted):
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

#include "buf.h"
#include "date.h"

#include <stdbool.h>
#include <stdint.h>

struct db;
struct req;
struct view;

/*
 * Is participant alias p enrolled on the day whose ISO date is the SQL
 * expression d? From the day they started to the day they ended, both
 * included; a participant who never started is never enrolled. Days
 * outside count as "not enrolled", never as absent.
 */
#define ATTENDANCE_ENROLLED_SQL(p, d)                                          \
	"(" p ".started_on IS NOT NULL AND " p ".started_on <= " d " AND (" p  \
	".ended_on IS NULL OR " d " <= " p ".ended_on))"

/* Days the rate trigger looks back over, today included. */
#define ATTENDANCE_RATE_DAYS 14

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
 * 0, or -1 (logged) when the database failed.
 */
int attendance_stats_refresh(struct db *w, int64_t day_id);
/* The same for a cohort whose triggers changed: through its latest course
 * day up to today (nothing when it has none). 0 or -1. */
int attendance_stats_refresh_cohort(struct db *w, int64_t cohort_id);

/* One participant's (or a cohort's) counts; see the definitions above. */
struct attendance_numbers {
	int days_enrolled;
	int present, late, left_early, announced, sick, absent;
	int marked;
	int64_t minutes; /* attended */
};

/* Percent rounded half up, or -1 when nothing is marked. */
int attendance_stats_pct(const struct attendance_numbers *n);
int attendance_stats_commitment_pct(const struct attendance_numbers *n);

/* The status of one cell of the grid. */
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

/* The grid as the SVG draws it: rows by columns, borrowed. */
struct attendance_grid {
	const char *title; /* "Fremmøde på <hold>" */
	size_t nrows, ndays;
	const char *const *names;          /* nrows */
	const date_t *dates;               /* ndays, ascending */
	const enum attendance_cell *cells; /* nrows * ndays, row by row */
	const int *minutes; /* the same: late/left-early minutes */
};

/*
 * Appends the grid as one <svg role="img"> with a title, a description,
 * a <title> per cell ("Navn, dato: status") and a legend of symbols and
 * colours. 0, or -1 when out failed.
 */
int attendance_grid_svg(struct buf *out, const struct attendance_grid *g);
/* The legend's symbol and Danish label of a cell status. */
const char *attendance_cell_symbol(enum attendance_cell c);
const char *attendance_cell_label(enum attendance_cell c);

/*
 * The participant page's numbers over the whole course, as the child view
 * "attendance" of v (with its "flag" sentence when flagged), for the
 * partial attendance_stats_participant.html. The caller has checked and
 * audited the read. 0 or -1.
 */
int attendance_stats_view_participant(struct db *db, int64_t participant_id,
                                      struct view *v);

/*
 * The start page's attendance panels for r's user: flagged participants
 * ("flags", for caseworkers and project leaders) and past course days
 * without marks ("not_taken", for instructors and project leaders). 0 or
 * -1.
 */
int attendance_stats_start_view(struct req *r, struct view *v);

/* GET /cohorts/{id}/attendance, .svg, .csv, .xlsx; ?from=&to= (ISO). */
int attendance_stats_page(struct req *r);
int attendance_stats_svg(struct req *r);
int attendance_stats_csv(struct req *r);
int attendance_stats_xlsx(struct req *r);
/* GET /api/v1/cohorts/{id}/attendance. */
int attendance_stats_api(struct req *r);

#endif
