/*
 * roster: lists of participants as a member of staff may see them: the
 * list with its filters, the search by name or CPR number (by its keyed
 * hash, for those who see whole records only), a cohort's roster with the
 * ages of its group, and the six-month follow-ups that are due.
 */
#ifndef MESTRING_ROSTER_H
#define MESTRING_ROSTER_H

#include "date.h"
#include "participant.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* What a list asks for: a cohort (0: all), a status and a part of the
 * name ("" for any), or a CPR number (the text as given, NULL: none). */
struct roster_filter {
	int64_t cohort_id;
	const char *status, *name;
	const char *cpr;
};

struct roster_item {
	struct participant p;
	char cohort[PARTICIPANT_TEXT(200)];
};

struct roster {
	struct roster_item *items;
	size_t n, cap;
};
void roster_free(struct roster *l);

/* The message of a CPR search by someone who may not search by one. */
extern const char roster_cpr_refused[];
/* May a search by CPR number (caseworkers and project leaders)? */
bool roster_may_search_cpr(const struct actor *a);
/* Does a search text look like (part of) a CPR number (six digits or
 * more)? Those go by POST only, so they never reach a URL or a log. */
bool roster_cpr_like(const char *s);

/*
 * The participants a sees that match q (at most 500, by name): a
 * caseworker's own, a mentor's mentees, the rest those of the cohorts they
 * see. With q->cpr, only the citizens whose whole record a sees with that
 * number, so no one can match a number to a name they could not read.
 * RESULT_OK with *out (free with roster_free), RESULT_REFUSED (a may not
 * search by CPR), RESULT_INVALID (field "q": not a CPR number) or
 * RESULT_FAILED.
 */
int roster_list(struct db *db, const struct actor *a,
		const struct roster_filter *q, struct roster *out,
		struct form_invalid *bad);

/* The participants of cohort cohort_id that a sees, the placed first, by
 * name. 0 or -1; free *out with roster_free. */
int roster_cohort(struct db *db, const struct actor *a, int64_t cohort_id,
		  struct roster *out);

/* A placed participant's age this year, for the group's composition. */
struct roster_age {
	int64_t id;
	int age;
};
/* The ages of cohort_id's placed participants (at most max). How many,
 * or -1. */
int roster_ages(struct db *db, int64_t cohort_id, struct roster_age *out,
		size_t max);

/* A six-month follow-up that is due and not recorded. */
struct roster_due {
	int64_t id;
	const char *name, *cohort;
	date_t due;
};
typedef void (*roster_due_fn)(void *ctx, const struct roster_due *d);
/*
 * The follow-ups due by today (at most 50, the oldest first): a
 * caseworker's own citizens, a project leader's organisation's; *shown
 * says whether a has such a list at all. 0 or -1.
 */
int roster_due_each(struct db *db, const struct actor *a, bool *shown,
		    roster_due_fn fn, void *ctx);

#endif
