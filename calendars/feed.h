/*
 * feed: the iCalendar feeds that participants and staff subscribe to, built
 * from a list of event sources (course days, preparation talks, and later
 * internship days and mentor appointments), and the public handler that
 * serves them by subscription token with strong validators.
 */
#ifndef MESTRING_FEED_H
#define MESTRING_FEED_H

#include <stdint.h>

struct buf;
struct db;
struct req;

/* Whose schedule a feed holds; the subject id is of that kind. */
enum feed_kind {
	FEED_PARTICIPANT, /* participant.id: own course days and own talks */
	FEED_INSTRUCTOR,  /* users.id: days of cohorts they teach */
	FEED_STAFF,       /* users.id: their own preparation talks */
	FEED_COHORT,      /* cohort.id: every day of the cohort (leaders) */
	FEED_KIND__MAX
};

/*
 * Builds the feed body of (kind, subject_id) into out (appended; the caller
 * owns out) and sets *last_modified (may be NULL) to the newest change time
 * of its rows, in Unix seconds (0 for an empty feed). The same rows give the
 * same bytes. Returns 0, or -1 on a database error or when out failed. A
 * subject that does not exist gives an empty calendar, not an error.
 */
int feed_build(struct db *db, enum feed_kind kind, int64_t subject_id,
	       struct buf *out, int64_t *last_modified);

/* The public handler of GET and HEAD /calendar/{token}. */
int feed_serve(struct req *r);

#endif
