/*
 * participant_load: the participant of a request's path for its handler,
 * answered as every participant handler answers one that is not there or
 * not the user's to see (404), not theirs to change (403) or not readable
 * (500); and an internship of the path with its participant, likewise.
 */
#ifndef MESTRING_PARTICIPANT_LOAD_H
#define MESTRING_PARTICIPANT_LOAD_H

#include "participant.h"

#include <stdint.h>

struct cohort;
struct db;
struct internship;
struct req;

/*
 * Loads participant id and its cohort for r's user (participant_get and
 * participant_cohort). 0, or the status of the 404 or 500 it has already
 * sent. c may be NULL.
 */
int participant_for_request(struct req *r, int64_t id, struct participant *p,
			    struct cohort *c);
/*
 * The same for the path's {id}; with x other than PARTICIPANT_ACTION__MAX
 * also a 403 unless r's user may do x to the participant.
 */
int participant_load(struct req *r, struct participant *p, struct cohort *c,
		     enum participant_action x);
/*
 * Loads the internship of the path's {id} with its participant for r's
 * user (internship_get). 0 (internship_free *i), or the status of the 404
 * or 500 already sent.
 */
int internship_for_request(struct req *r, struct internship *i,
			   struct participant *p);

#endif
