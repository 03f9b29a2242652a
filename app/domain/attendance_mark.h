/*
 * attendance_mark: saving a course day's marks. One call checks the marks
 * against the day and its roster and writes them in one transaction with
 * the corrections' history, the audit rows, the day's "taken" row, the
 * follow-up flags (attendance_flag.h) and the same-day mail when someone
 * is absent without notice; shared by the day page, the API and the demo.
 */
#ifndef MESTRING_ATTENDANCE_MARK_H
#define MESTRING_ATTENDANCE_MARK_H

#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* One participant's mark as given. */
struct attendance_mark {
	int64_t participant_id;
	int status;	  /* enum attendance_status, or -1: none of them */
	long minutes;	  /* late or left early by; kept for those only */
	const char *note; /* sealed; NULL or "" for none */
};

struct attendance_marks {
	const struct attendance_mark *marks;
	size_t n; /* at most ATTENDANCE_ITEMS_MAX */
	/* Also mark everyone else enrolled and not yet marked: present, or
	 * announced when they announced absence ahead for the day. */
	bool rest_present;
};

/*
 * Saves in's marks of course day day_id as a, in one transaction on the
 * writer w the caller holds. A mark that changes nothing is not written;
 * one that changes a saved mark keeps the old as history. The day counts
 * as taken once everyone enrolled on it has a mark. An absence without
 * notice that was not one before mails the participant's caseworker and
 * mentor (the outbox is woken after the commit). All or nothing.
 *
 * RESULT_OK; RESULT_NOT_FOUND (no such day, or a does not see it);
 * RESULT_REFUSED (not a's to mark: attendance_mark_refused);
 * RESULT_INVALID with bad->field ("participant_id", "status", "minutes",
 * "note", or NULL for the whole save) and *bad_mark the index in
 * in->marks of the mark refused (-1: the whole save): a cancelled day,
 * someone not on the roster or not enrolled that day or marked twice, an
 * unknown status, anything but "announced" on a day still to come,
 * minutes below 0 or past the day's length, late or left early without
 * minutes, a note over ATTENDANCE_NOTE_MAX characters or with control
 * characters; RESULT_FAILED.
 */
int attendance_mark_day(struct db *w, const struct actor *a, int64_t day_id,
			const struct attendance_marks *in, long *bad_mark,
			struct form_invalid *bad);

#endif
