/*
 * company_form: the one reader of a company and its contacts, for the
 * pages (a urlencoded body) and the API (JSON: its scalars made a form,
 * its "contacts" records read here) alike, into the domain's struct
 * company_input. It lists every problem at once, the form's own (a number
 * that is not one, a date that is not a date) and the domain's
 * (company_check), each naming its field, so a form can show them all
 * next to their fields.
 */
#ifndef MESTRING_COMPANY_FORM_H
#define MESTRING_COMPANY_FORM_H

#include "company.h"
#include "form.h"

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

#define COMPANY_FORM_FIELDS                                                    \
	5 /* name, cvr, address, employees,                                    \
	   cap_statement_on */
#define COMPANY_FORM_CONTACT_FIELDS                                            \
	6 /* name, role, email, phone, active,                                 \
	   id */
#define COMPANY_FORM_PROBLEMS 24

enum company_form_mode {
	COMPANY_FORM_NEW,   /* the page's new company, maybe a first contact
			       (contact_name, ...) */
	COMPANY_FORM_POST,  /* the API's new company, "contacts" records */
	COMPANY_FORM_PATCH, /* a change: the fields given change (the edit
			       page sends all, the statement's form only
			       cap_statement_on; "" there means none
			       received); the API's "contacts" records add
			       (no id) or change */
};

/* A company read from a form, the values its input points into, and what
 * is wrong with it. */
struct company_form {
	struct company_input in;
	struct company_contact_input contacts[COMPANY_CONTACTS_MAX];
	struct form_value v[COMPANY_FORM_FIELDS];
	struct form_value cv[COMPANY_CONTACTS_MAX][COMPANY_FORM_CONTACT_FIELDS];
	size_t ncv; /* contacts whose values cv holds */
	char cvr[16];
	struct form_invalid bad[COMPANY_FORM_PROBLEMS];
	struct company_problems problems; /* over bad */
};

/*
 * Reads f (and for the API json's "contacts", json may be NULL) as mode
 * says into out, with every problem in out->problems (0 of them: the
 * input is ready for company_create or company_update). Free out with
 * company_form_free in every case. 0, or -1 when out of memory.
 */
int company_form_read(const struct form *f, const struct cJSON *json,
		      enum company_form_mode mode, struct company_form *out);
void company_form_free(struct company_form *cf);

/* One contact read from a page's contact form (name, role, email, phone,
 * active) for company_contact_save. */
struct company_contact_form {
	struct company_contact_input in;
	struct form_value v[COMPANY_FORM_CONTACT_FIELDS];
	struct form_invalid bad[8];
	struct company_problems problems;
};

/* Reads f as a new contact (id 0) or a change of contact id (the fields
 * given change), problems as company_form_read's. Free out with
 * company_contact_form_free in every case. */
void company_contact_form_read(const struct form *f, int64_t id,
			       struct company_contact_form *out);
void company_contact_form_free(struct company_contact_form *kf);

/* The first problem, for an answer that names one (the API's "field" and
 * "message"); NULL when there is none. */
const struct form_invalid *company_form_first(const struct company_problems *p);

#endif
