/*
 * timeline: the cohort page's pictures as inline SVG made on the server (the
 * phase timeline of a course plan and the capacity bar), so people can look
 * rather than read, with the same facts in Danish words for screen readers.
 */
#ifndef MESTRING_TIMELINE_H
#define MESTRING_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "plan.h"

/* Aftercare is open-ended: drawn this many days wide, fading out. */
#define TIMELINE_AFTERCARE_DAYS 28
/* The longest range drawn (referral start to the end of aftercare). */
#define TIMELINE_RANGE_DAYS_MAX (3 * 366)
/* A today that is never drawn. */
#define TIMELINE_NO_TODAY INT32_MIN

enum timeline_phase {
	TIMELINE_REFERRAL,    /* Henvisning */
	TIMELINE_PREPARATION, /* Forberedelse */
	TIMELINE_TEACHING,    /* Undervisning */
	TIMELINE_INTERNSHIP,  /* Praktik og opfølgning */
	TIMELINE_AFTERCARE,   /* Efterværn */
	TIMELINE_PHASE__MAX,
};

/* First and last day, both inclusive; aftercare's end is not used. */
struct timeline_span {
	date_t start;
	date_t end;
};

/* A course day with what became of it. */
struct timeline_day {
	date_t date;
	enum plan_day_kind kind;
	bool cancelled;
};

/*
 * What timeline_svg draws. Each phase must start after the previous one
 * ended. Its bar runs until the next phase starts (as plan_phase_on counts),
 * and the label gives the span's own dates.
 *
 * Course days come from days when it is not NULL (with their statuses), else
 * from plan_days (all planned). Both are borrowed, in any order; days outside
 * the drawn range are counted in the words but not drawn.
 */
struct timeline {
	struct timeline_span phase[TIMELINE_PHASE__MAX];
	const struct timeline_day *days;
	size_t ndays;
	const struct plan_day *plan_days;
	size_t nplan_days;
	date_t today; /* marked when inside the drawn range */
};

/*
 * Fills t from p's phase dates and course days (borrowed: p must outlive t).
 * Point t->days at days with statuses afterwards to show cancellations.
 */
void timeline_from_plan(struct timeline *t, const struct plan *p, date_t today);

/*
 * Appends the phase timeline to out as one inline <svg role="img"> element.
 * Returns 0, or -1 when t is not valid (see struct timeline) or out failed;
 * out may then hold part of the picture.
 */
int timeline_svg(struct buf *out, const struct timeline *t);

/*
 * Appends the capacity bar: admitted participants against the recommended
 * band, the warning above it and the hard maximum, with the cohort's own
 * capacity marked. Returns 0, or -1 when admitted is negative, capacity is
 * outside COHORT_CAPACITY_MIN..COHORT_CAPACITY_MAX, or out failed. More
 * admitted than the maximum still draws: a full bar marked as over.
 */
int capacity_svg(struct buf *out, int admitted, int capacity);

#endif
