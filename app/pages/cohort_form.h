/*
 * cohort_form: the one reader of a cohort from a form, for the pages (a
 * urlencoded body) and the API (JSON made a form) alike, into the
 * domain's struct cohort_input.
 */
#ifndef MESTRING_COHORT_FORM_H
#define MESTRING_COHORT_FORM_H

#include "cohort.h"

#include <stdint.h>

struct actor;
struct db;
struct form;
struct form_invalid;

/* A cohort read from a form, and the text its criteria point into. */
struct cohort_form {
	struct cohort_input in;
	char *criteria_text;
};

/*
 * Reads f over base (cohort_defaults for a new cohort, the stored cohort
 * for a change; the stored triggers of base->id, the defaults for 0): the
 * fields given change, the rest stay. out is filled as far as the reading
 * got, for the form to be shown again; free it with cohort_form_free in
 * every case. RESULT_OK, RESULT_INVALID with *bad, or RESULT_FAILED.
 */
int cohort_form_read(struct db *db, const struct form *f,
		     const struct cohort *base, struct cohort_form *out,
		     struct form_invalid *bad);
void cohort_form_free(struct cohort_form *cf);

/*
 * Reads f as a new cohort of a's and creates it (course_cohort_create,
 * taking the writer), as the API does. An enum result, with *id or *bad.
 */
int cohort_form_create(struct db *db, const struct actor *a,
		       const struct form *f, int64_t *id,
		       struct form_invalid *bad);

#endif
