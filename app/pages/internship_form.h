/*
 * internship_form: the one reader of an internship's fields and of a step
 * of its timeline, for the pages (urlencoded forms) and the API (a JSON
 * body flattened into the same form), so both refuse the same input with
 * the same Danish message.
 */
#ifndef MESTRING_INTERNSHIP_FORM_H
#define MESTRING_INTERNSHIP_FORM_H

#include "form.h"
#include "internship.h"

/* The fields of a new internship or a change. */
enum {
	IF_COMPANY,
	IF_CONTACT,
	IF_PREVIOUS,
	IF_WORKPLACE,
	IF_PURPOSE,
	IF_TASKS,
	IF_SPECIAL_NEED,
	IF_START,
	IF_END,
	IF__N
};

struct internship_form {
	struct internship_input in; /* its texts point into v */
	struct form_value v[IF__N];
};

/*
 * f as an internship's input: a field not sent leaves it as it is (a new
 * one: as the draft says); "company_id", "contact_id" (0: nobody),
 * "previous_id", "workplace_address", "purpose", "tasks", "special_need",
 * "start" and "end". RESULT_OK (free with internship_form_free) or
 * RESULT_INVALID with *bad.
 */
int internship_form_read(const struct form *f, struct internship_form *out,
			 struct form_invalid *bad);
void internship_form_free(struct internship_form *out);

/* The fields of a step. */
enum {
	IS_STATUS,
	IS_ON,
	IS_REASON,
	IS_ENDED_BY,
	IS_WEEKS,
	IS_END,
	IS_SPECIAL_NEED,
	IS__N
};

struct internship_step_form {
	struct internship_step step; /* its texts point into v */
	struct form_value v[IS__N];
};

/*
 * f as a step: "status" (needed), "on", "reason", "ended_by" (citizen,
 * host, course), "weeks" (postponed), "end" (extended; postponed: the new
 * end) and "special_need". RESULT_OK (free with
 * internship_step_form_free) or RESULT_INVALID with *bad.
 */
int internship_form_step(const struct form *f, struct internship_step_form *out,
			 struct form_invalid *bad);
void internship_step_form_free(struct internship_step_form *out);

/* The name of a field the domain names (start_on, end_on) as the form and
 * the API call it (start, end). */
const char *internship_form_field(const char *field);

#endif
