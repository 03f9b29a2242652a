/*
 * attendance_stats_page: a cohort's attendance numbers for its project
 * leaders, instructors and (their own citizens') caseworkers: the page
 * with the grid and a table, the grid as SVG, the JSON twin, and the
 * participant page's numbers. The exports are attendance_export.h.
 */
#ifndef MESTRING_ATTENDANCE_STATS_PAGE_H
#define MESTRING_ATTENDANCE_STATS_PAGE_H

#include <stdint.h>

struct attendance_scope;
struct attendance_sheet;
struct cohort;
struct db;
struct req;
struct view;

/* GET /cohorts/{id}/attendance and .svg; ?from=&to= (ISO) narrow it. */
int attendance_stats_page_show(struct req *r);
int attendance_stats_page_svg(struct req *r);
/* GET /api/v1/cohorts/{id}/attendance. */
int attendance_stats_api(struct req *r);

/*
 * The path's cohort, the period of ?from=&to= and the sheet for r's user
 * (attendance_stats_scope): 0 (free s with attendance_sheet_free), or the
 * status of the answer already sent (403, 404, 422, 500).
 */
int attendance_stats_page_sheet(struct req *r, struct cohort *c,
				struct attendance_scope *sc,
				struct attendance_sheet *s);

/*
 * The participant page's numbers of participant id over the whole course
 * as the child view "attendance" of v (with its "flag" sentence when
 * flagged; nothing for someone who never started), for the partial
 * attendance_stats_participant.html. The caller has checked and audited
 * the read (the numbers count sick days: health fields). 0 or -1.
 */
int attendance_stats_page_participant(struct db *db, int64_t participant_id,
				      struct view *v);

#endif
