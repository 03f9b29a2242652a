/*
 * participant_view: a participant as the pages show it (the fields every
 * list row and the page share) and as the API answers it (what the
 * viewer's access allows and no more).
 */
#ifndef MESTRING_PARTICIPANT_VIEW_H
#define MESTRING_PARTICIPANT_VIEW_H

#include "date.h"
#include "participant.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

struct db;
struct view;

/* name_da: d in Danish, "" for none. */
void participant_view_date(struct view *v, const char *name, date_t d);
/* The fields every list row and the participant page share. */
void participant_view_basics(struct view *v, const struct participant *p);

/*
 * p as JSON for its viewer: what p->access allows and no more. detail adds
 * the history, outcomes and (for health access) the sealed fields. NULL
 * when a sealed value cannot be read. The caller deletes it.
 */
cJSON *participant_json(struct db *db, const struct participant *p,
			bool detail);

#endif
