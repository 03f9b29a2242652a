/*
 * internship_form: reading an internship's fields and a step of its
 * timeline from a form (or a JSON body as one) into the domain's input.
 * Bounds are the domain's; the domain checks what needs the database.
 */
#include "internship_form.h"

#include <limits.h>
#include <string.h>

static const struct form_spec internship_form_spec[IF__N] = {
	[IF_COMPANY] = {"company_id", "Virksomhed", FIELD_INT, false, 1,
			LONG_MAX, NULL},
	[IF_CONTACT] = {"contact_id", "Kontaktperson", FIELD_INT, false, 0,
			LONG_MAX, NULL},
	[IF_PREVIOUS] = {"previous_id", "Praktikken, der fortsættes", FIELD_INT,
			 false, 1, LONG_MAX, NULL},
	[IF_WORKPLACE] = {"workplace_address", "Arbejdsstedets adresse",
			  FIELD_TEXT, false, 0, 1200, NULL},
	[IF_PURPOSE] = {"purpose", "Formål", FIELD_TEXTAREA, false, 0,
			INTERNSHIP_TEXT_MAX, NULL},
	[IF_TASKS] = {"tasks", "Arbejdsopgaver", FIELD_TEXTAREA, false, 0,
		      INTERNSHIP_TEXT_MAX, NULL},
	[IF_SPECIAL_NEED] = {"special_need", "Særligt behov", FIELD_TEXTAREA,
			     false, 0, INTERNSHIP_TEXT_MAX, NULL},
	[IF_START] = {"start", "Startdato", FIELD_DATE, false, 0, 0, NULL},
	[IF_END] = {"end", "Slutdato", FIELD_DATE, false, 0, 0, NULL},
};

/* A text field: NULL when not sent, so that it stays as it is. */
static const char *internship_form_text(const struct form *f, int k,
					const struct form_value *v,
					const struct form_spec *spec)
{
	return form_get(f, spec[k].name) ? v[k].s : NULL;
}

int internship_form_read(const struct form *f, struct internship_form *out,
			 struct form_invalid *bad)
{
	const struct form_spec *spec = internship_form_spec;
	struct internship_input *in = &out->in;
	const struct form_value *v = out->v;

	memset(out, 0, sizeof(*out));
	if (form_validate(f, spec, IF__N, out->v, bad) < 0)
		return RESULT_INVALID;
	in->company_id = v[IF_COMPANY].present ? v[IF_COMPANY].i : 0;
	in->contact_id = v[IF_CONTACT].present ? v[IF_CONTACT].i : -1;
	in->previous_id = v[IF_PREVIOUS].present ? v[IF_PREVIOUS].i : 0;
	in->workplace_address = internship_form_text(f, IF_WORKPLACE, v, spec);
	in->purpose = internship_form_text(f, IF_PURPOSE, v, spec);
	in->tasks = internship_form_text(f, IF_TASKS, v, spec);
	in->special_need = internship_form_text(f, IF_SPECIAL_NEED, v, spec);
	in->start_on = v[IF_START].present ? (date_t)v[IF_START].i : 0;
	in->end_on = v[IF_END].present ? (date_t)v[IF_END].i : 0;
	return RESULT_OK;
}

void internship_form_free(struct internship_form *out)
{
	form_values_free(out->v, IF__N);
}

static const struct form_spec internship_step_spec[IS__N] = {
	[IS_STATUS] = {"status", "Status", FIELD_ENUM, true, 0, 0,
		       internship_status_names},
	[IS_ON] = {"on", "Dato", FIELD_DATE, false, 0, 0, NULL},
	[IS_REASON] = {"reason", "Begrundelse", FIELD_TEXTAREA, false, 0,
		       INTERNSHIP_TEXT_MAX, NULL},
	[IS_ENDED_BY] = {"ended_by", "Hvem stoppede praktikken", FIELD_ENUM,
			 false, 0, 0, internship_ender_names},
	[IS_WEEKS] = {"weeks", "Uger", FIELD_INT, false, 0, 52, NULL},
	[IS_END] = {"end", "Ny slutdato", FIELD_DATE, false, 0, 0, NULL},
	[IS_SPECIAL_NEED] = {"special_need", "Særligt behov", FIELD_TEXTAREA,
			     false, 0, INTERNSHIP_TEXT_MAX, NULL},
};

int internship_form_step(const struct form *f, struct internship_step_form *out,
			 struct form_invalid *bad)
{
	struct internship_step *s = &out->step;
	const struct form_value *v = out->v;

	memset(out, 0, sizeof(*out));
	if (form_validate(f, internship_step_spec, IS__N, out->v, bad) < 0)
		return RESULT_INVALID;
	s->status = (enum internship_status)v[IS_STATUS].i;
	s->on = v[IS_ON].present ? (date_t)v[IS_ON].i : 0;
	s->reason = v[IS_REASON].s;
	s->ended_by = v[IS_ENDED_BY].present ? (int)v[IS_ENDED_BY].i : -1;
	s->weeks = v[IS_WEEKS].present ? (int)v[IS_WEEKS].i : 0;
	s->end_on = v[IS_END].present ? (date_t)v[IS_END].i : 0;
	s->special_need = v[IS_SPECIAL_NEED].s;
	return RESULT_OK;
}

void internship_step_form_free(struct internship_step_form *out)
{
	form_values_free(out->v, IS__N);
}

const char *internship_form_field(const char *field)
{
	if (field && strcmp(field, "start_on") == 0)
		return "start";
	if (field && strcmp(field, "end_on") == 0)
		return "end";
	return field;
}
