/*
 * company_page: the companies' pages. Each reads its input through
 * company_form, calls company.h and answers with a page, a redirect, or
 * the form again with every problem next to its field; a page offers
 * only what its viewer may do.
 */
#include "company_page.h"

#include "company.h"
#include "company_form.h"
#include "company_internship.h"
#include "company_load.h"
#include "db.h"
#include "http.h"
#include "internship.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest search a list takes, in characters. */
#define COMPANY_PAGE_QUERY_MAX 200

static const char company_page_create_refusal[] =
	"Kun virksomhedskonsulenter og projektledere kan registrere "
	"virksomheder.";
static const char company_page_change_refusal[] =
	"Kun virksomhedskonsulenter og projektledere i den organisation, der "
	"har registreret virksomheden, kan rette den.";

/* To the company's page. */
static int company_page_redirect(struct req *r, int64_t id, const char *at)
{
	char loc[96];

	snprintf(loc, sizeof(loc), "/companies/%lld%s", (long long)id,
		 at ? at : "");
	return http_redirect(r, loc);
}

static void company_page_date(struct view *v, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1] = "", da[64] = "", key[64];

	if (d) {
		date_format_iso(d, iso);
		date_format_da(d, da, sizeof(da));
	}
	view_set(v, name, iso);
	snprintf(key, sizeof(key), "%s_da", name);
	view_set(v, key, da);
}

/* What every view of a company shows. */
static void company_page_basics(struct view *v, const struct company *c)
{
	view_set_int(v, "id", c->id);
	view_set(v, "name", c->name);
	view_set(v, "cvr", c->cvr);
	view_set(v, "address", c->address);
	view_set_int(v, "employees", c->employees);
	view_set(v, "organisation", c->organisation);
}

/* Every problem as a list ("errors") and by its field ("error_NAME"), so
 * the form says each next to its field. */
static void company_page_problems(struct view *v,
				  const struct form_invalid *bad, size_t n)
{
	char key[64];
	size_t i;

	for (i = 0; i < n; i++) {
		view_set(view_add(v, "errors"), "message", bad[i].message);
		if (bad[i].field == NULL)
			continue;
		snprintf(key, sizeof(key), "error_%s", bad[i].field);
		view_set(v, key, bad[i].message);
	}
}

/* The list. */

struct company_page_rows {
	struct view *v;
	struct company_cap_rule rule;
	bool rule_known;
};

static int company_page_row(void *ctx, const struct company *c, int interns)
{
	struct company_page_rows *l = ctx;
	struct view *row = view_add(l->v, "companies");

	company_page_basics(row, c);
	view_set_int(row, "interns", interns);
	view_set_bool(row, "cap_known", l->rule_known);
	if (l->rule_known) {
		int cap = company_intern_cap(c->employees, &l->rule);

		view_set_int(row, "cap", cap);
		view_set_bool(row, "full", interns >= cap);
	}
	return 0;
}

int company_page_list(struct req *r)
{
	struct actor a = http_actor(r);
	const char *q = http_query(r, "q");
	struct company_page_rows l = {0};
	struct company_filter f = {0};
	int rc;

	if (a.role == ROLE_MENTOR)
		return http_error(r, 403, company_mentor_refusal);
	if (q == NULL)
		q = "";
	if (form_utf8_length(q) > COMPANY_PAGE_QUERY_MAX)
		return http_error(r, 422, "Søgningen må højst være 200 tegn.");
	l.v = view_new();
	if (l.v == NULL)
		return http_error(r, 500, NULL);
	rc = company_cap_rule_load(r->db, date_today(), &l.rule);
	l.rule_known = rc == 0;
	f.q = q;
	view_set(l.v, "title", "Virksomheder");
	view_set(l.v, "q", q);
	view_set_bool(l.v, "searched", *q != '\0');
	view_set_bool(l.v, "may_create", company_may_create(&a));
	view_list(l.v, "companies");
	if (rc >= 0)
		rc = company_list(r->db, &a, &f, company_page_row, &l);
	rc = rc >= 0 ? http_page(r, 200, "companies.html", l.v)
		     : http_error(r, 500, NULL);
	view_free(l.v);
	return rc;
}

/* The form. */

/* The fields of the form, and of a new company's first contact. */
static const char *const company_page_fields[] = {
	"name", "cvr", "address", "employees", "cap_statement_on", NULL,
};
static const char *const company_page_first[] = {
	"contact_name", "contact_role", "contact_email", "contact_phone", NULL,
};

/*
 * The form of company c (NULL: a new one) again with the values of f
 * (NULL: c's) and bad[0..n) beside their fields; status 200 for a fresh
 * form.
 */
static int company_page_form(struct req *r, int status, const struct company *c,
			     const struct form *f,
			     const struct form_invalid *bad, size_t n)
{
	struct view *v = view_new();
	char employees[24];
	size_t i;
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", c ? "Ret virksomhed" : "Ny virksomhed");
	view_set_bool(v, "editing", c != NULL);
	if (c) {
		company_page_basics(v, c);
		company_page_date(v, "cap_statement_on", c->cap_statement_on);
	}
	for (i = 0; f && company_page_fields[i]; i++)
		view_set(v, company_page_fields[i],
			 form_get(f, company_page_fields[i]));
	for (i = 0; f && c == NULL && company_page_first[i]; i++)
		view_set(v, company_page_first[i],
			 form_get(f, company_page_first[i]));
	if (f == NULL && c) {
		snprintf(employees, sizeof(employees), "%d", c->employees);
		view_set(v, "employees", employees);
	}
	company_page_date(v, "today", date_today());
	company_page_problems(v, bad, n);
	rc = http_page(r, status, "company_form.html", v);
	view_free(v);
	return rc;
}

int company_page_new(struct req *r)
{
	struct actor a = http_actor(r);

	if (!company_may_create(&a))
		return http_error(r, 403, company_page_create_refusal);
	return company_page_form(r, 200, NULL, NULL, NULL, 0);
}

/* The status of a page that shows a domain result again. */
static int company_page_status(enum result rc)
{
	return rc == RESULT_CONFLICT ? 409 : 422;
}

int company_page_create(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct company_form *cf;
	enum result res;
	int64_t id = 0;
	struct db *w;
	int rc;

	if (!company_may_create(&a))
		return http_error(r, 403, company_page_create_refusal);
	cf = calloc(1, sizeof(*cf));
	if (cf == NULL ||
	    company_form_read(&r->form, NULL, COMPANY_FORM_NEW, cf) < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	if (cf->problems.n) {
		rc = company_page_form(r, 422, NULL, &r->form, cf->bad,
				       cf->problems.n);
		goto out;
	}
	w = db_writer_lock();
	res = company_create(w, &a, &cf->in, &id, &bad);
	db_writer_unlock(w);
	if (res == RESULT_OK)
		rc = company_page_redirect(r, id, NULL);
	else if (res == RESULT_INVALID || res == RESULT_CONFLICT)
		rc = company_page_form(r, company_page_status(res), NULL,
				       &r->form, &bad, 1);
	else
		rc = http_result(r, res, &bad);
out:
	if (cf)
		company_form_free(cf);
	free(cf);
	return rc;
}

/* The company's page. */

static int company_page_contact_row(void *ctx, const struct company_contact *k)
{
	struct view *row = view_add(ctx, "contacts");

	view_set_int(row, "id", k->id);
	view_set(row, "name", k->name);
	view_set(row, "role", k->role);
	view_set(row, "email", k->email);
	view_set(row, "phone", k->phone);
	view_set_bool(row, "active", k->active);
	return 0;
}

static int company_page_internship_row(void *ctx,
				       const struct company_internship *i)
{
	struct view *row = view_add(ctx, "internships");
	int s = internship_status_parse(i->status);

	view_set_int(row, "id", i->id);
	view_set_int(row, "participant_id", i->participant_id);
	view_set(row, "participant", i->participant);
	view_set(row, "status", i->status);
	view_set(row, "status_label",
		 s >= 0 ? internship_status_labels[s] : i->status);
	company_page_date(row, "start", i->start_on);
	company_page_date(row, "end", i->end_on);
	view_set(row, "contact", i->contact);
	return 0;
}

/* The cap today, its statement and the form to record it. */
static int company_page_cap(struct req *r, struct view *v,
			    const struct company *c)
{
	struct company_cap cap;

	if (company_cap_on(r->db, c, date_today(), &cap) < 0)
		return -1;
	view_set_bool(v, "cap_known", cap.known);
	view_set_int(v, "cap", cap.cap);
	view_set(v, "cap_noun", cap.cap == 1 ? "praktikant" : "praktikanter");
	view_set_int(v, "interns", cap.interns);
	view_set_bool(v, "cap_full", cap.full && !cap.over);
	view_set_bool(v, "cap_over", cap.over);
	view_set_bool(v, "statement", cap.statement);
	company_page_date(v, "cap_statement_on", c->cap_statement_on);
	company_page_date(v, "today", date_today());
	return 0;
}

/*
 * Company id's page with bad (may be NULL) at the top; a failed contact
 * form's values (f, its contact_id: 0 for a new one) are shown again.
 */
static int company_page_render(struct req *r, int status, int64_t id,
			       const struct form_invalid *bad,
			       const struct form *f)
{
	struct actor a = http_actor(r);
	enum company_sight sight;
	struct company c;
	struct view *v;
	bool change;
	int rc = company_load(r, id, &c, &sight);

	if (rc)
		return rc;
	v = view_new();
	if (v == NULL)
		return http_error(r, 500, NULL);
	change = sight == COMPANY_SIGHT_FULL && company_may_change(&a, &c);
	view_set(v, "title", c.name);
	company_page_basics(v, &c);
	view_set_int(v, "company_id", c.id);
	view_set_bool(v, "full", sight == COMPANY_SIGHT_FULL);
	view_set_bool(v, "may_change", change);
	view_set_bool(v, "saved", http_query(r, "gemt") != NULL);
	if (bad && bad->message[0])
		company_page_problems(v, bad, 1);
	/* A new contact that did not save keeps what was typed. */
	if (f && form_get(f, "contact_id") == NULL) {
		view_set(v, "new_name", form_get(f, "name"));
		view_set(v, "new_role", form_get(f, "role"));
		view_set(v, "new_email", form_get(f, "email"));
		view_set(v, "new_phone", form_get(f, "phone"));
	}
	view_list(v, "contacts");
	view_list(v, "internships");
	rc = company_contact_each(r->db, c.id, change, company_page_contact_row,
				  v);
	if (rc == 0 && sight == COMPANY_SIGHT_FULL)
		rc = company_page_cap(r, v, &c);
	if (rc == 0 && sight == COMPANY_SIGHT_FULL)
		rc = company_load_internships(r, &c,
					      company_page_internship_row, v);
	rc = rc == 0 ? http_page(r, status, "company.html", v)
		     : http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

int company_page_show(struct req *r)
{
	return company_page_render(r, 200, r->params[0], NULL, NULL);
}

/* The company of the path for a change by r's user: 0, or the status
 * sent (404, 403 with the reason). */
static int company_page_for_change(struct req *r, struct company *c)
{
	struct actor a = http_actor(r);
	enum company_sight sight;
	int rc = company_load(r, r->params[0], c, &sight);

	if (rc)
		return rc;
	if (sight != COMPANY_SIGHT_FULL || !company_may_change(&a, c))
		return http_error(r, 403, company_page_change_refusal);
	return 0;
}

int company_page_edit(struct req *r)
{
	struct company c;
	int rc = company_page_for_change(r, &c);

	return rc ? rc : company_page_form(r, 200, &c, NULL, NULL, 0);
}

/*
 * The edit form, or the cap statement's form on the company's page
 * (form=statement, only cap_statement_on): the fields sent change.
 */
int company_page_update(struct req *r)
{
	const char *which = form_get(&r->form, "form");
	bool statement = which && strcmp(which, "statement") == 0;
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct company_form *cf = NULL;
	struct company c;
	enum result res;
	struct db *w;
	int rc = company_page_for_change(r, &c);

	if (rc)
		return rc;
	cf = calloc(1, sizeof(*cf));
	if (cf == NULL ||
	    company_form_read(&r->form, NULL, COMPANY_FORM_PATCH, cf) < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	if (cf->problems.n) {
		rc = statement ? company_page_render(r, 422, c.id, &cf->bad[0],
						     NULL)
			       : company_page_form(r, 422, &c, &r->form,
						   cf->bad, cf->problems.n);
		goto out;
	}
	w = db_writer_lock();
	res = company_update(w, &a, c.id, &cf->in, &bad);
	db_writer_unlock(w);
	if (res == RESULT_OK)
		rc = company_page_redirect(r, c.id, "?gemt=1");
	else if ((res == RESULT_INVALID || res == RESULT_CONFLICT) &&
		 !statement)
		rc = company_page_form(r, company_page_status(res), &c,
				       &r->form, &bad, 1);
	else if (res == RESULT_INVALID)
		rc = company_page_render(r, 422, c.id, &bad, NULL);
	else
		rc = http_result(r, res, &bad);
out:
	if (cf)
		company_form_free(cf);
	free(cf);
	return rc;
}

/* Which contact a contact form changes: contact_id, or none for a new
 * one. */
static const struct form_spec company_page_contact_id[] = {
	{"contact_id", "Kontaktperson", FIELD_INT, false, 1, 9007199254740991L,
	 NULL},
};

int company_page_contact(struct req *r)
{
	struct actor a = http_actor(r);
	struct company_contact_form kf;
	struct form_invalid bad = {0};
	struct form_value id;
	struct company c;
	enum result res;
	int64_t contact = 0;
	struct db *w;
	int rc = company_page_for_change(r, &c);

	if (rc)
		return rc;
	if (form_validate(&r->form, company_page_contact_id, 1, &id, &bad) < 0)
		return company_page_render(r, 422, c.id, &bad, NULL);
	contact = id.present ? id.i : 0;
	form_values_free(&id, 1);
	company_contact_form_read(&r->form, contact, &kf);
	if (kf.problems.n) {
		rc = company_page_render(r, 422, c.id, &kf.bad[0], &r->form);
		goto out;
	}
	w = db_writer_lock();
	res = company_contact_save(w, &a, c.id, &kf.in, NULL, &bad);
	db_writer_unlock(w);
	if (res == RESULT_OK)
		rc = company_page_redirect(r, c.id, "?gemt=1#kontaktpersoner");
	else if (res == RESULT_INVALID)
		rc = company_page_render(r, 422, c.id, &bad, &r->form);
	else
		rc = http_result(r, res, &bad);
out:
	company_contact_form_free(&kf);
	return rc;
}
