/*
 * day_notice: the mail that tells the caseworkers and mentors of a
 * cohort's citizens about a course day changed at short notice, because
 * subscribed calendars (Google's above all) may take a day to show it.
 * course.c queues it with the change.
 */
#ifndef MESTRING_DAY_NOTICE_H
#define MESTRING_DAY_NOTICE_H

#include "date.h"

#include <stdint.h>

struct db;

/* A course day's change. */
struct day_notice {
	int64_t day_id, cohort_id;
	const char *change; /* day.h's history name: "cancelled", "moved",
			       "retimed", "restored" (others send nothing) */
	date_t old_date, new_date;
	int old_start, old_end, new_start, new_end; /* minutes */
};

/*
 * When the day starts within the next 48 hours (old or new time), queues
 * one mail per caseworker and mentor of the cohort's admitted and started
 * participants, in w's open transaction. The number of mails queued (0
 * when the change needs none), or -1. The caller calls outbox_wake()
 * after its commit.
 */
int day_notice_queue(struct db *w, const struct day_notice *c);

#endif
