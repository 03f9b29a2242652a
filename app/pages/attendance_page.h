/*
 * attendance_page: a course day's attendance for its instructors and
 * project leaders: the day page with one radio group per participant, its
 * save, and the API twins, which read the marks through the same reader
 * (status_<participant>, minutes_<participant>, note_<participant>) and
 * save them through attendance_mark_day.
 */
#ifndef MESTRING_ATTENDANCE_PAGE_H
#define MESTRING_ATTENDANCE_PAGE_H

struct req;

int attendance_page_day(struct req *r);	 /* GET /days/{id}/attendance */
int attendance_page_save(struct req *r); /* POST /days/{id}/attendance */
/* GET and PUT /api/v1/days/{id}/attendance; the PUT takes a list
 * [{"participant_id", "status", "minutes", "note"}] and answers the day as
 * the GET does. */
int attendance_api_day(struct req *r);
int attendance_api_save(struct req *r);

#endif
