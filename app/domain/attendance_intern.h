/*
 * attendance_intern: the internship days of participants, for their
 * attendance: the days the step-up plan holds hours (within the
 * internship's dates) and what the host reported of each (host.h's
 * host_day rows), told apart from course days. Over a period, for one
 * participant, only days up to today count:
 * - planned: days with hours in the plan, and days a host reported;
 * - met: reported as planned or with fewer hours; sick; absent (without
 *   notice); not reported: planned days no host has reported yet;
 * - minutes: the minutes worked, as the host reported them.
 */
#ifndef MESTRING_ATTENDANCE_INTERN_H
#define MESTRING_ATTENDANCE_INTERN_H

#include "date.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* One participant's internship day. */
enum attendance_intern_cell {
	ATTENDANCE_INTERN_NONE, /* no internship that day */
	ATTENDANCE_INTERN_AS_PLANNED,
	ATTENDANCE_INTERN_FEWER, /* fewer hours than planned */
	ATTENDANCE_INTERN_SICK,
	ATTENDANCE_INTERN_ABSENT, /* absent without notice */
	ATTENDANCE_INTERN_NOT_REPORTED,
	ATTENDANCE_INTERN__MAX
};

struct attendance_intern_numbers {
	int planned, as_planned, fewer, sick, absent, not_reported;
	int64_t minutes; /* worked */
};
/* Days met: as planned and with fewer hours. */
int attendance_intern_met(const struct attendance_intern_numbers *n);
void attendance_intern_add(struct attendance_intern_numbers *to,
			   const struct attendance_intern_numbers *n);
/* "mødt 7 af 9 planlagte" into out. */
void attendance_intern_text(const struct attendance_intern_numbers *n,
			    char *out, size_t len);

/* The internship days of people (rows) by dates (columns). */
struct attendance_intern {
	date_t *dates; /* ascending, at most ATTENDANCE_INTERN_DAYS_MAX */
	size_t ndates, npeople;
	enum attendance_intern_cell *cells;  /* npeople * ndates, by row */
	int *minutes;			     /* the same: minutes worked */
	struct attendance_intern_numbers *n; /* npeople */
};
#define ATTENDANCE_INTERN_DAYS_MAX 400

/*
 * The internship days of people[0..npeople) from from to to (inclusive;
 * 0: open), up to today. 0 (free with attendance_intern_free, also after
 * -1) or -1.
 */
int attendance_intern_load(struct db *db, const int64_t *people, size_t npeople,
			   date_t from, date_t to, date_t today,
			   struct attendance_intern *out);
void attendance_intern_free(struct attendance_intern *in);

#endif
