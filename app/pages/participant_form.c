/*
 * participant_form: the participant forms' fields declared once
 * (form_spec), the lists beside them (barriers, who took part in a
 * dialogue) and the target-group answers as per-item fields
 * (criterion_N, criterion_N_note).
 */
#include "participant_form.h"

#include "cohort.h"
#include "db.h"
#include "form.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARTICIPANT_ID_MAX 9007199254740991L

/* A referral or change. */

static const struct form_spec participant_form_spec[] = {
	{"cohort_id", "Hold", FIELD_INT, false, 1, PARTICIPANT_ID_MAX, NULL},
	{"name", "Navn", FIELD_TEXT, false, 1, PARTICIPANT_NAME_MAX, NULL},
	{"cpr", "CPR-nummer", FIELD_TEXT, false, 0, 20, NULL},
	{"phone", "Telefon", FIELD_TEXT, false, 0, 40, NULL},
	{"email", "E-mail", FIELD_EMAIL, false, 0, 254, NULL},
	{"address", "Adresse", FIELD_TEXT, false, 0, 300, NULL},
	{"caseworker_id", "Sagsbehandler", FIELD_INT, false, 1,
	 PARTICIPANT_ID_MAX, NULL},
	{"mentor_id", "Mentor", FIELD_INT, false, 0, PARTICIPANT_ID_MAX, NULL},
	{"barrier_other", "Anden barriere", FIELD_TEXT, false, 0, 200, NULL},
	{"substance", "Misbrug", FIELD_ENUM, false, 0, 0,
	 participant_substance_names},
	{"reason", "Begrundelse for henvisningen", FIELD_TEXTAREA, false, 0,
	 4000, NULL},
	{"wishes", "Borgerens egne ønsker", FIELD_TEXTAREA, false, 0, 4000,
	 NULL},
};
enum {
	PF_COHORT,
	PF_NAME,
	PF_CPR,
	PF_PHONE,
	PF_EMAIL,
	PF_ADDRESS,
	PF_CASEWORKER,
	PF_MENTOR,
	PF_BARRIER_OTHER,
	PF_SUBSTANCE,
	PF_REASON,
	PF_WISHES,
	PF__N
};

_Static_assert(PF__N == PARTICIPANT_FORM_FIELDS, "participant form fields");

/* The target group's answers, one item per criterion number. */
static const struct form_spec participant_criteria_spec[] = {
	{"criterion_", "Svaret på et kriterium", FIELD_TEXT, false, 0, 0, NULL},
	{"criterion_", "Noten til et kriterium", FIELD_TEXTAREA, false, 0, 0,
	 NULL},
};
static const char *const participant_criteria_suffixes[] = {NULL, "_note"};

static int participant_form_invalid(struct form_invalid *bad, const char *field,
				    const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

void participant_form_free(struct participant_form *pf)
{
	size_t i;

	if (pf->v[PF_CPR].s)
		sodium_memzero(pf->v[PF_CPR].s, strlen(pf->v[PF_CPR].s));
	form_values_free(pf->v, PF__N);
	sodium_memzero(pf->cpr, sizeof(pf->cpr));
	free(pf->barriers);
	pf->barriers = NULL;
	for (i = 0; i < COHORT_CRITERIA_MAX; i++) {
		free(pf->answers[i][0]);
		free(pf->answers[i][1]);
		pf->answers[i][0] = pf->answers[i][1] = NULL;
	}
	memset(&pf->in, 0, sizeof(pf->in));
}

/*
 * barriers: repeated values of participant_barrier_names. On a page the
 * hidden barriers_given says an empty set of boxes was sent; in JSON the
 * key itself does.
 */
static int participant_form_barriers(const struct form *f, const cJSON *json,
				     struct participant_form *pf,
				     struct form_invalid *bad)
{
	const cJSON *list = json ? cJSON_GetObjectItemCaseSensitive(json,
								    "barriers")
				 : NULL;
	const cJSON *el;
	size_t i, n = form_count(f, "barriers");

	if (n == 0 && !form_get(f, "barriers_given") && list == NULL)
		return RESULT_OK;
	/* The server leaves anything but scalars out of the form: refuse
	 * it here rather than store a shorter list than was sent. */
	if (list && !cJSON_IsArray(list))
		return participant_form_invalid(bad, "barriers",
						"barriers skal være en liste.");
	cJSON_ArrayForEach(el, list) if (
		!cJSON_IsString(
			el)) return participant_form_invalid(bad, "barriers",
							     "barriers skal "
							     "være "
							     "en liste af "
							     "tekster.");
	pf->barriers = calloc(n ? n : 1, sizeof(*pf->barriers));
	if (pf->barriers == NULL)
		return RESULT_FAILED;
	for (i = 0; i < n; i++) {
		const char *b = form_get_nth(f, "barriers", i);

		if (*participant_choice_label(participant_barrier_names,
					      participant_barrier_labels,
					      b) == '\0')
			return participant_form_invalid(bad, "barriers",
							"Ukendt barriere: "
							"vælg ADHD, angst, "
							"depression eller "
							"andet.");
		pf->barriers[i] = b;
	}
	pf->in.barriers_given = true;
	pf->in.barriers = pf->barriers;
	pf->in.nbarriers = n;
	return RESULT_OK;
}

struct participant_form_items {
	const struct form *f;
	struct participant_form *pf;
};

/* Is the field stem + id + suffix in f (given, even empty)? */
static bool participant_form_given(const struct form *f, long long id,
				   const char *suffix)
{
	char name[48];

	snprintf(name, sizeof(name), "criterion_%lld%s", id, suffix);
	return form_get(f, name) != NULL;
}

/* Criterion id's answer ("yes", "no" or "": not answered) and note (one
 * line of at most 500 characters); a field not given leaves the old. */
static int participant_form_answer(void *ctx, long long id,
				   const struct form_value *v,
				   struct form_invalid *bad)
{
	struct participant_form_items *it = ctx;
	struct referral_input *in = &it->pf->in;
	const char *answer = v[0].s, *note = v[1].s;
	char **keep;

	if (id > in->criteria_top)
		in->criteria_top = id;
	if (*answer && strcmp(answer, "yes") != 0 &&
	    strcmp(answer, "no") != 0) {
		bad->field = "criteria";
		snprintf(bad->message, sizeof(bad->message),
			 "Svar ja eller nej til kriterium %lld.", id);
		return -1;
	}
	if (form_utf8_length(note) > 500 || strpbrk(note, "\r\n\t")) {
		bad->field = "criteria";
		snprintf(bad->message, sizeof(bad->message),
			 "Noten til kriterium %lld må højst være 500 tegn på "
			 "én linje.",
			 id);
		return -1;
	}
	/* Past the cohort's criteria: referral.c refuses it by number. */
	if (id > COHORT_CRITERIA_MAX)
		return 0;
	keep = it->pf->answers[id - 1];
	if (participant_form_given(it->f, id, "") &&
	    (keep[0] = strdup(answer)) == NULL)
		return -1;
	if (participant_form_given(it->f, id, "_note") &&
	    (keep[1] = strdup(note)) == NULL)
		return -1;
	in->criteria[id - 1].answer = keep[0];
	in->criteria[id - 1].note = keep[1];
	return 0;
}

static int participant_form_criteria(const struct form *f,
				     struct participant_form *pf,
				     struct form_invalid *bad)
{
	struct participant_form_items it = {f, pf};

	if (form_validate_items(f, participant_criteria_spec,
				participant_criteria_suffixes, 2,
				COHORT_CRITERIA_MAX + 1,
				participant_form_answer, &it, bad) == 0)
		return RESULT_OK;
	/* The form's criteria are one field to the user. */
	bad->field = "criteria";
	return RESULT_INVALID;
}

int participant_form_read(const struct form *f, const cJSON *json,
			  enum participant_form_mode mode,
			  struct participant_form *out,
			  struct form_invalid *bad)
{
	struct form_value *v = out->v;
	struct referral_input *in = &out->in;
	bool full = mode == PARTICIPANT_FORM_EDIT;
	const char *error = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (form_validate(f, participant_form_spec, PF__N, v, bad) < 0)
		return RESULT_INVALID;
	in->cohort_id = v[PF_COHORT].present ? v[PF_COHORT].i : 0;
	in->name = v[PF_NAME].present ? v[PF_NAME].s : NULL;
	in->phone = v[PF_PHONE].present || full ? v[PF_PHONE].s : NULL;
	in->email = v[PF_EMAIL].present || full ? v[PF_EMAIL].s : NULL;
	in->address = v[PF_ADDRESS].present || full ? v[PF_ADDRESS].s : NULL;
	in->caseworker_id = v[PF_CASEWORKER].present ? v[PF_CASEWORKER].i : 0;
	in->mentor_id = v[PF_MENTOR].present || full ? v[PF_MENTOR].i : -1;
	in->barrier_other = v[PF_BARRIER_OTHER].present || full
				    ? v[PF_BARRIER_OTHER].s
				    : NULL;
	in->substance = v[PF_SUBSTANCE].present || full ? v[PF_SUBSTANCE].s
							: NULL;
	in->reason = v[PF_REASON].present || full ? v[PF_REASON].s : NULL;
	in->wishes = v[PF_WISHES].present || full ? v[PF_WISHES].s : NULL;
	if (v[PF_CPR].present) {
		if (cpr_parse(v[PF_CPR].s, out->cpr, NULL, &error) < 0)
			return participant_form_invalid(bad, "cpr", error);
		in->cpr = out->cpr;
	} else if (mode == PARTICIPANT_FORM_REFER) {
		return participant_form_invalid(bad, "cpr",
						"CPR-nummer skal udfyldes.");
	}
	rc = participant_form_barriers(f, json, out, bad);
	if (rc == RESULT_OK)
		rc = participant_form_criteria(f, out, bad);
	return rc;
}

int participant_form_json(struct form *f, const cJSON *json)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(json, "criteria");
	const cJSON *el, *a, *n;
	char name[32];
	int i = 0;

	if (list == NULL || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list) ||
	    cJSON_GetArraySize(list) > COHORT_CRITERIA_MAX)
		return -1;
	cJSON_ArrayForEach(el, list)
	{
		const char *answer = "";

		i++;
		if (!cJSON_IsObject(el))
			return -1;
		a = cJSON_GetObjectItemCaseSensitive(el, "answer");
		n = cJSON_GetObjectItemCaseSensitive(el, "note");
		if (cJSON_IsBool(a))
			answer = cJSON_IsTrue(a) ? "yes" : "no";
		else if (cJSON_IsString(a))
			answer = a->valuestring;
		else if (a && !cJSON_IsNull(a))
			return -1;
		if (n && !cJSON_IsNull(n) && !cJSON_IsString(n))
			return -1;
		snprintf(name, sizeof(name), "criterion_%d", i);
		if (form_add(f, name, answer) < 0)
			return -1;
		snprintf(name, sizeof(name), "criterion_%d_note", i);
		if (form_add(f, name, cJSON_IsString(n) ? n->valuestring : "") <
		    0)
			return -1;
	}
	return 0;
}

int64_t participant_form_id(const struct form *f, const char *name)
{
	struct form_spec spec = {
		name, "", FIELD_INT, false, 1, PARTICIPANT_ID_MAX, NULL};
	struct form_value v;
	int64_t id = 0;

	if (form_get(f, name) == NULL)
		return -1;
	if (form_validate(f, &spec, 1, &v, NULL) == 0) {
		id = v.present ? v.i : 0;
		form_values_free(&v, 1);
	}
	return id;
}

int participant_form_cohort(const struct form *f, int64_t *id)
{
	*id = participant_form_id(f, "cohort_id");
	return *id > 0 ? 0 : -1;
}

int participant_form_refer(struct db *db, const struct actor *a,
			   const struct form *f, const cJSON *json, date_t on,
			   int64_t *id, struct form_invalid *bad)
{
	struct participant_form pf;
	struct cohort c;
	int64_t cohort = 0;
	struct db *w;
	int rc;

	/* The cohort first: a referral to a closed one is told so. */
	participant_form_cohort(f, &cohort);
	rc = referral_cohort(db, a, cohort, on, &c, bad);
	if (rc != RESULT_OK)
		return rc;
	rc = participant_form_read(f, json, PARTICIPANT_FORM_REFER, &pf, bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = referral_create(w, a, &pf.in, on, id, bad);
		db_writer_unlock(w);
	}
	participant_form_free(&pf);
	return rc;
}

int participant_form_change(const struct actor *a, const struct participant *p,
			    const struct cohort *c, const struct form *f,
			    const cJSON *json, enum participant_form_mode mode,
			    struct form_invalid *bad)
{
	struct participant_form pf;
	struct db *w;
	int rc;

	if (!participant_may(a, p, PARTICIPANT_EDIT))
		return participant_refuse(bad);
	rc = participant_form_read(f, json, mode, &pf, bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = referral_change(w, a, p, c, &pf.in, bad);
		db_writer_unlock(w);
	}
	participant_form_free(&pf);
	return rc;
}

/* Visitation, status and outcomes. */

static const struct form_spec participant_visitation_spec[] = {
	{"date", "Dato for visitationssamtalen", FIELD_DATE, false, 0, 0, NULL},
	{"notes", "Noter fra samtalen", FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"decision", "Afgørelse", FIELD_ENUM, true, 0, 0, progress_decisions},
	{"reason", "Begrundelse", FIELD_TEXTAREA, false, 0, 2000, NULL},
};

static int participant_form_visit(const struct actor *a,
				  const struct participant *p,
				  const struct cohort *c, const struct form *f,
				  date_t on, char notice[PROGRESS_NOTICE_LEN],
				  struct form_invalid *bad)
{
	struct progress_visitation in;
	struct form_value v[4];
	struct db *w;
	int rc = progress_visit_check(a, p, bad);

	if (rc != RESULT_OK)
		return rc;
	if (form_validate(f, participant_visitation_spec, 4, v, bad) < 0)
		return RESULT_INVALID;
	in = (struct progress_visitation){
		.date = v[0].present ? (date_t)v[0].i : 0,
		.notes = v[1].s,
		.decision = (int)v[2].i,
		.reason = v[3].s,
	};
	w = db_writer_lock();
	rc = progress_visit(w, a, p, c, &in, on, notice, bad);
	db_writer_unlock(w);
	form_values_free(v, 4);
	return rc;
}

static const struct form_spec participant_status_spec[] = {
	{"status", "Status", FIELD_ENUM, true, 0, 0, participant_status_names},
	{"date", "Dato", FIELD_DATE, false, 0, 0, NULL},
	{"reason", "Begrundelse", FIELD_TEXTAREA, false, 0, 2000, NULL},
};

/* dialogue: who took part, repeated values; into out as "a,b". */
static int participant_form_dialogue(const struct form *f, char *out,
				     size_t len, struct form_invalid *bad)
{
	size_t i, n = form_count(f, "dialogue");

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *d = form_get_nth(f, "dialogue", i);

		if (*d == '\0')
			continue;
		if (*participant_choice_label(participant_dialogue_names,
					      participant_dialogue_labels,
					      d) == '\0')
			return participant_form_invalid(bad, "dialogue",
							"Ukendt deltager i "
							"dialogen.");
		if (strstr(out, d))
			continue;
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
			 out[0] ? "," : "", d);
	}
	return RESULT_OK;
}

static int participant_form_status(const struct actor *a,
				   const struct participant *p,
				   const struct cohort *c, const struct form *f,
				   date_t on, struct form_invalid *bad)
{
	struct progress_step in;
	struct form_value v[3];
	char dialogue[64];
	struct db *w;
	int rc;

	if (form_validate(f, participant_status_spec, 3, v, bad) < 0)
		return RESULT_INVALID;
	rc = participant_form_dialogue(f, dialogue, sizeof(dialogue), bad);
	if (rc == RESULT_OK) {
		in = (struct progress_step){
			.status = (int)v[0].i,
			.date = v[1].present ? (date_t)v[1].i : 0,
			.reason = v[2].s,
			.dialogue = dialogue,
		};
		w = db_writer_lock();
		rc = progress_step(w, a, p, c, &in, on, bad);
		db_writer_unlock(w);
	}
	form_values_free(v, 3);
	return rc;
}

static const struct form_spec participant_outcome_spec[] = {
	{"timing", "Tidspunkt", FIELD_ENUM, true, 0, 0, progress_timings},
	{"kind", "Resultat", FIELD_ENUM, true, 0, 0, progress_outcome_kinds},
	{"hours_per_week", "Timer om ugen", FIELD_INT, false, 1, 60, NULL},
	{"other_kind", "Andet", FIELD_ENUM, false, 0, 0, progress_other_kinds},
	{"note", "Note", FIELD_TEXTAREA, false, 0, 2000, NULL},
};

static int participant_form_outcome(const struct actor *a,
				    const struct participant *p,
				    const struct cohort *c,
				    const struct form *f, date_t on,
				    struct form_invalid *bad)
{
	struct progress_outcome in;
	struct form_value v[5];
	struct db *w;
	int rc;

	if (form_validate(f, participant_outcome_spec, 5, v, bad) < 0)
		return RESULT_INVALID;
	in = (struct progress_outcome){
		.timing = (int)v[0].i,
		.kind = (int)v[1].i,
		.hours = v[2].present ? (int)v[2].i : 0,
		.other_kind = v[3].present ? (int)v[3].i : -1,
		.note = v[4].present ? v[4].s : NULL,
	};
	w = db_writer_lock();
	rc = progress_outcome(w, a, p, c, &in, on, bad);
	db_writer_unlock(w);
	form_values_free(v, 5);
	return rc;
}

int participant_form_step(const struct actor *a, enum participant_action x,
			  const struct participant *p, const struct cohort *c,
			  const struct form *f, date_t on,
			  char notice[PROGRESS_NOTICE_LEN],
			  struct form_invalid *bad)
{
	if (notice)
		notice[0] = '\0';
	switch (x) {
	case PARTICIPANT_VISITATION:
		return participant_form_visit(a, p, c, f, on, notice, bad);
	case PARTICIPANT_STATUS:
		return participant_form_status(a, p, c, f, on, bad);
	case PARTICIPANT_OUTCOME:
		return participant_form_outcome(a, p, c, f, on, bad);
	default:
		return participant_refuse(bad);
	}
}

/* The CPR number. */

static const struct form_spec participant_purpose_spec[] = {
	{"purpose", "Formål", FIELD_ENUM, true, 0, 0, participant_cpr_purposes},
	{"note", "Note", FIELD_TEXTAREA, false, 0, 500, NULL},
};

int participant_form_reveal(const struct actor *a, const struct participant *p,
			    const struct form *f, char out[CPR_MASKED_LEN],
			    struct form_invalid *bad)
{
	struct participant_reveal in;
	struct form_value v[2];
	struct db *w;
	int rc;

	out[0] = '\0';
	if (form_validate(f, participant_purpose_spec, 2, v, bad) < 0)
		return RESULT_INVALID;
	in.purpose = (int)v[0].i;
	in.note = v[1].s;
	w = db_writer_lock();
	rc = participant_reveal_cpr(w, a, p, &in, out, bad);
	db_writer_unlock(w);
	form_values_free(v, 2);
	return rc;
}
