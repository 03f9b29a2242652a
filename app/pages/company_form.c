/*
 * company_form: the company's and its contacts' fields declared once
 * (form_spec), each validated alone so that every bad one is named, then
 * the domain's own rules (company_check) for the fields that read.
 */
#include "company_form.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct form_spec company_form_spec[COMPANY_FORM_FIELDS] = {
	{"name", "Navn", FIELD_TEXT, false, 0, COMPANY_NAME_MAX, NULL},
	{"cvr", "CVR-nummer", FIELD_TEXT, false, 0, 20, NULL},
	{"address", "Adresse", FIELD_TEXT, false, 0, COMPANY_ADDRESS_MAX, NULL},
	{"employees", "Antal ordinært ansatte", FIELD_INT, false, 0,
	 COMPANY_EMPLOYEES_MAX, NULL},
	{"cap_statement_on", "Erklæring om praktikantloftet modtaget",
	 FIELD_DATE, false, 0, 0, NULL},
};
enum { CF_NAME, CF_CVR, CF_ADDRESS, CF_EMPLOYEES, CF_STATEMENT };

static const struct form_spec
	company_contact_spec[COMPANY_FORM_CONTACT_FIELDS] = {
		{"name", "Kontaktpersonens navn", FIELD_TEXT, false, 0, 200,
		 NULL},
		{"role", "Rolle", FIELD_TEXT, false, 0,
		 COMPANY_CONTACT_ROLE_MAX, NULL},
		{"email", "E-mail", FIELD_EMAIL, false, 0,
		 COMPANY_CONTACT_EMAIL_MAX, NULL},
		{"phone", "Telefon", FIELD_TEXT, false, 0,
		 COMPANY_CONTACT_PHONE_MAX, NULL},
		{"active", "Aktiv", FIELD_BOOL, false, 0, 0, NULL},
		{"id", "Kontaktpersonens id", FIELD_INT, false, 1,
		 9007199254740991L, NULL},
};
enum { KF_NAME, KF_ROLE, KF_EMAIL, KF_PHONE, KF_ACTIVE, KF_ID };

/* The names of a new company's first contact on its page form. */
static const char *const company_form_first_names[COMPANY_FORM_CONTACT_FIELDS] =
	{
		"contact_name",	 "contact_role",   "contact_email",
		"contact_phone", "contact_active", "contact_id",
};

const struct form_invalid *company_form_first(const struct company_problems *p)
{
	return p->n ? &p->bad[0] : NULL;
}

/*
 * Validates each of spec[0..n) alone into v[i] (names: the fields' own
 * names, or names[i]), so that every bad field is named; a bad one's value
 * stays NULL. A contact of a list (index > 0) is named "contacts" with
 * "Kontaktperson N: " before the message. The number of bad fields.
 */
static size_t company_form_fields(const struct form *f,
				  const struct form_spec *spec, size_t n,
				  const char *const *names, size_t index,
				  struct form_value *v,
				  struct company_problems *p)
{
	struct form_spec one;
	struct form_invalid b;
	char text[300];
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		one = spec[i];
		if (names)
			one.name = names[i];
		if (form_validate(f, &one, 1, &v[i], &b) == 0)
			continue;
		bad++;
		if (index == 0) {
			company_problem(p, one.name, b.message);
			continue;
		}
		snprintf(text, sizeof(text), "Kontaktperson %zu: %s", index,
			 b.message);
		company_problem(p, "contacts", text);
	}
	return bad;
}

/* A text of the input: NULL when it did not read, or when only the fields
 * given change (patch) and it was not given. */
static const char *company_form_text(const struct form *f, const char *name,
				     const struct form_value *v, bool patch)
{
	if (v->s == NULL || (patch && form_get(f, name) == NULL))
		return NULL;
	return v->s;
}

/* The CVR number without the spaces people write in it ("12 34 56 78"). */
static const char *company_form_cvr(const char *s, char *out, size_t len)
{
	size_t n = 0;

	if (s == NULL)
		return NULL;
	for (; *s && n + 1 < len; s++)
		if (*s != ' ')
			out[n++] = *s;
	out[n] = '\0';
	/* Longer than any CVR number: nine digits, which the domain
	 * refuses with the right words. */
	return *s ? "000000000" : out;
}

/* The contact of values v (read from f, whose names are names or the
 * spec's) as new (id 0) or a change of the fields given. */
static void company_form_contact(const struct form *f, const char *const *names,
				 const struct form_value *v, int64_t id,
				 struct company_contact_input *k)
{
	const char **texts[4];
	bool change = id != 0;
	const char *name;
	int i;

	memset(k, 0, sizeof(*k));
	k->id = id;
	texts[KF_NAME] = &k->name;
	texts[KF_ROLE] = &k->role;
	texts[KF_EMAIL] = &k->email;
	texts[KF_PHONE] = &k->phone;
	for (i = KF_NAME; i <= KF_PHONE; i++) {
		name = names ? names[i] : company_contact_spec[i].name;
		*texts[i] = company_form_text(f, name, &v[i], change);
	}
	name = names ? names[KF_ACTIVE] : "active";
	k->active = form_get(f, name) && v[KF_ACTIVE].s ? (int)v[KF_ACTIVE].i
							: -1;
}

/* Is any of the page's first-contact fields filled in? */
static bool company_form_has_first(const struct form *f)
{
	int i;
	const char *s;

	for (i = KF_NAME; i <= KF_PHONE; i++) {
		s = form_get(f, company_form_first_names[i]);
		if (s && s[strspn(s, " \t")] != '\0')
			return true;
	}
	return false;
}

/* A JSON scalar of a contact record into f as a form field; -1 for a
 * value no field takes (an object, a list, a fraction). */
static int company_form_json_field(struct form *f, const cJSON *item)
{
	char num[32];

	if (cJSON_IsNull(item))
		return 0;
	if (cJSON_IsString(item))
		return form_add_json(f, item->string, item->valuestring,
				     FORM_ORIGIN_TEXT);
	if (cJSON_IsBool(item))
		return form_add_json(f, item->string,
				     cJSON_IsTrue(item) ? "1" : "0",
				     FORM_ORIGIN_BOOL);
	if (cJSON_IsNumber(item) &&
	    item->valuedouble == floor(item->valuedouble) &&
	    fabs(item->valuedouble) < 9007199254740992.0) {
		snprintf(num, sizeof(num), "%lld",
			 (long long)item->valuedouble);
		return form_add_json(f, item->string, num, FORM_ORIGIN_NUMBER);
	}
	return -1;
}

/* The JSON's "contacts" records into cf (the API's create or change). 0,
 * or -1 when out of memory. */
static int company_form_records(const cJSON *json, bool patch,
				struct company_form *cf)
{
	struct company_problems *p = &cf->problems;
	const cJSON *list, *el, *item;
	struct form rec = FORM_INIT;
	char text[200];
	size_t i = 0, bad;
	int64_t id;

	list = json ? cJSON_GetObjectItemCaseSensitive(json, "contacts") : NULL;
	if (list == NULL || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list) ||
	    cJSON_GetArraySize(list) > COMPANY_CONTACTS_MAX) {
		company_problem(p, "contacts",
				"Kontaktpersoner skal være en liste af højst "
				"50 personer.");
		return 0;
	}
	cJSON_ArrayForEach(el, list)
	{
		snprintf(text, sizeof(text),
			 "Kontaktperson %zu: skal være et objekt med navn, "
			 "rolle, e-mail og telefon.",
			 i + 1);
		form_free(&rec);
		bad = 0;
		if (!cJSON_IsObject(el)) {
			company_problem(p, "contacts", text);
			bad++;
		} else {
			cJSON_ArrayForEach(item, el)
			{
				if (company_form_json_field(&rec, item) < 0 &&
				    !bad++)
					company_problem(p, "contacts", text);
			}
		}
		bad += company_form_fields(&rec, company_contact_spec,
					   COMPANY_FORM_CONTACT_FIELDS, NULL,
					   i + 1, cf->cv[i], p);
		cf->ncv = i + 1;
		id = cf->cv[i][KF_ID].present ? cf->cv[i][KF_ID].i : 0;
		if (id && !patch && !bad++)
			company_problem(p, "contacts",
					"En ny virksomhed har ingen "
					"kontaktpersoner at rette: udelad "
					"\"id\".");
		company_form_contact(&rec, NULL, cf->cv[i], id,
				     &cf->contacts[i]);
		if (bad == 0)
			company_contact_check(&cf->contacts[i],
					      COMPANY_CONTACT_LIST, i + 1, p);
		i++;
	}
	form_free(&rec);
	cf->in.contacts = cf->contacts;
	cf->in.ncontacts = i;
	return 0;
}

/* The page's first contact of a new company into cf. */
static void company_form_first_contact(const struct form *f,
				       struct company_form *cf)
{
	struct company_problems *p = &cf->problems;

	if (!company_form_has_first(f))
		return;
	cf->ncv = 1;
	if (company_form_fields(f, company_contact_spec, KF_ACTIVE,
				company_form_first_names, 0, cf->cv[0],
				p) == 0) {
		company_form_contact(f, company_form_first_names, cf->cv[0], 0,
				     &cf->contacts[0]);
		company_contact_check(&cf->contacts[0],
				      COMPANY_CONTACT_PREFIXED, 1, p);
	}
	cf->in.contacts = cf->contacts;
	cf->in.ncontacts = 1;
}

int company_form_read(const struct form *f, const cJSON *json,
		      enum company_form_mode mode, struct company_form *out)
{
	bool patch = mode == COMPANY_FORM_PATCH;
	struct company_input *in = &out->in;
	struct form_value *v = out->v;
	struct company_input own;

	memset(out, 0, sizeof(*out));
	out->problems = (struct company_problems){0, out->bad,
						  COMPANY_FORM_PROBLEMS};
	company_form_fields(f, company_form_spec, COMPANY_FORM_FIELDS, NULL, 0,
			    v, &out->problems);
	in->name = company_form_text(f, "name", &v[CF_NAME], patch);
	in->cvr = company_form_cvr(
		company_form_text(f, "cvr", &v[CF_CVR], patch), out->cvr,
		sizeof(out->cvr));
	in->address = company_form_text(f, "address", &v[CF_ADDRESS], patch);
	in->employees = v[CF_EMPLOYEES].present ? (int)v[CF_EMPLOYEES].i : -1;
	in->cap_statement = v[CF_STATEMENT].s == NULL ? -1
			    : patch && !form_get(f, "cap_statement_on")
				    ? -1
				    : v[CF_STATEMENT].present;
	in->cap_statement_on = (date_t)v[CF_STATEMENT].i;
	/* An empty number on a whole form is a number left out. */
	if (patch && form_get(f, "employees") && !v[CF_EMPLOYEES].present &&
	    v[CF_EMPLOYEES].s)
		company_problem(&out->problems, "employees",
				"Antal ordinært ansatte skal udfyldes.");
	/* The company's own fields by the domain's rules (the contacts
	 * after, each named as its form names it). */
	own = *in;
	own.contacts = NULL;
	own.ncontacts = 0;
	company_check(&own, !patch, &out->problems);
	if (mode == COMPANY_FORM_NEW)
		company_form_first_contact(f, out);
	if (mode == COMPANY_FORM_POST || mode == COMPANY_FORM_PATCH)
		company_form_records(json, patch, out);
	return 0;
}

void company_form_free(struct company_form *cf)
{
	size_t i;

	form_values_free(cf->v, COMPANY_FORM_FIELDS);
	for (i = 0; i < cf->ncv && i < COMPANY_CONTACTS_MAX; i++)
		form_values_free(cf->cv[i], COMPANY_FORM_CONTACT_FIELDS);
	cf->ncv = 0;
}

void company_contact_form_read(const struct form *f, int64_t id,
			       struct company_contact_form *out)
{
	memset(out, 0, sizeof(*out));
	out->problems = (struct company_problems){0, out->bad, 8};
	company_form_fields(f, company_contact_spec, KF_ID, NULL, 0, out->v,
			    &out->problems);
	company_form_contact(f, NULL, out->v, id, &out->in);
	company_contact_check(&out->in, COMPANY_CONTACT_FIELDS, 0,
			      &out->problems);
}

void company_contact_form_free(struct company_contact_form *kf)
{
	form_values_free(kf->v, COMPANY_FORM_CONTACT_FIELDS);
}
