/*
 * participant_form: the one reader of each participant form, for the pages
 * (a urlencoded body) and the API (JSON made a form) alike: a referral or a
 * change into referral.h's input, a visitation, status step or outcome into
 * progress.h's, a CPR reveal's purpose. Each runs the domain call with the
 * writer it takes, so page and API share it.
 */
#ifndef MESTRING_PARTICIPANT_FORM_H
#define MESTRING_PARTICIPANT_FORM_H

#include "cpr.h"
#include "date.h"
#include "form.h"
#include "participant.h"
#include "progress.h"
#include "referral.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct cJSON;
struct cohort;
struct db;

enum participant_form_mode {
	PARTICIPANT_FORM_REFER, /* a referral: a CPR number is required */
	PARTICIPANT_FORM_EDIT,	/* the page's whole form: empty clears */
	PARTICIPANT_FORM_PATCH, /* the API's change: only what is given */
};

#define PARTICIPANT_FORM_FIELDS 12

/* A referral or change read from a form, and what its input points into. */
struct participant_form {
	struct referral_input in;
	struct form_value v[PARTICIPANT_FORM_FIELDS];
	char cpr[CPR_DIGITS + 1];
	const char **barriers;		       /* into the form */
	char *answers[COHORT_CRITERIA_MAX][2]; /* answer, note */
};

/*
 * Reads f (and json, the API's body or NULL: "barriers" must be a list of
 * texts there) as mode says into out; free it with participant_form_free
 * in every case. The fields' own rules are checked here (the CPR number,
 * the barriers' and answers' values); the rest is referral.c's.
 * RESULT_OK, RESULT_INVALID with *bad, or RESULT_FAILED.
 */
int participant_form_read(const struct form *f, const struct cJSON *json,
			  enum participant_form_mode mode,
			  struct participant_form *out,
			  struct form_invalid *bad);
void participant_form_free(struct participant_form *pf);

/*
 * The API's "criteria": [{"answer": "yes", "note": "..."}] (or true/false
 * for the answer) added to f as the page's criterion_N and
 * criterion_N_note. 0, or -1 when json's criteria are not such a list.
 */
int participant_form_json(struct form *f, const struct cJSON *json);

/* The cohort_id of a referral form into *id: 0, or -1 when it is not a
 * cohort's id. */
int participant_form_cohort(const struct form *f, int64_t *id);

/*
 * Reads f as a referral and makes it as a on day on (referral_create,
 * taking the writer), for the page and the API. An enum result, with *id
 * or *bad.
 */
int participant_form_refer(struct db *db, const struct actor *a,
			   const struct form *f, const struct cJSON *json,
			   date_t on, int64_t *id, struct form_invalid *bad);
/* Reads f as a change of p (c its cohort) and makes it (referral_change):
 * mode PARTICIPANT_FORM_EDIT or _PATCH. An enum result with *bad. */
int participant_form_change(const struct actor *a, const struct participant *p,
			    const struct cohort *c, const struct form *f,
			    const struct cJSON *json,
			    enum participant_form_mode mode,
			    struct form_invalid *bad);

/*
 * Reads f as x's form (PARTICIPANT_VISITATION, _STATUS or _OUTCOME) and
 * takes that step for p (c its cohort) as a on day on (progress.h, taking
 * the writer). notice (may be NULL) gets a visitation's notice or "". An
 * enum result with *bad.
 */
int participant_form_step(const struct actor *a, enum participant_action x,
			  const struct participant *p, const struct cohort *c,
			  const struct form *f, date_t on,
			  char notice[PROGRESS_NOTICE_LEN],
			  struct form_invalid *bad);

/* Reads f's purpose ("purpose", "note") and reveals p's CPR number into
 * out (participant_reveal_cpr). An enum result with *bad. */
int participant_form_reveal(const struct actor *a, const struct participant *p,
			    const struct form *f, char out[CPR_MASKED_LEN],
			    struct form_invalid *bad);

/* An id field of f ("caseworker_id", ...) as a form shown again holds
 * it: its value, 0 when it is not an id, -1 when it is absent. */
int64_t participant_form_id(const struct form *f, const char *name);

#endif
