/*
 * feed_internship: the internship's events in the feeds: the planned
 * days with their hours and the weekly status meetings in the
 * participant's feed, the same with the weekly teaching day in the
 * employer's feed (for the host's contact person), and the status
 * meetings of the internships a member of staff follows in their own
 * feed. Sources of calendars/feed.c; docs/calendars.md says what each
 * event holds and why.
 */
#ifndef MESTRING_FEED_INTERNSHIP_H
#define MESTRING_FEED_INTERNSHIP_H

#include <stddef.h>

struct feed;

/* Each appends its events to f->out: 0 or -1. f->subject is the
 * participant (participant_*), the internship (employer_*) or the user
 * (staff_*). */
int feed_internship_participant_days(struct feed *f);
int feed_internship_participant_meetings(struct feed *f);
int feed_internship_employer_days(struct feed *f);
int feed_internship_employer_teaching(struct feed *f);
int feed_internship_employer_meetings(struct feed *f);
int feed_internship_staff_meetings(struct feed *f);

/* The employer feed's name, "Praktikant: <first name>", into name (its
 * own "Praktikant" when the internship is gone), and the internship's
 * last change seen. 0 or -1. */
int feed_internship_employer_name(struct feed *f, char *name, size_t len);

#endif
