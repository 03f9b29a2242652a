/*
 * company_api: the companies' JSON. A read answers what the viewer may
 * see (a mentor: name, address and active contacts only); a write answers
 * the company as it is after it, or the first problem with its field.
 */
#include "company_api.h"

#include "company.h"
#include "company_form.h"
#include "company_load.h"
#include "db.h"
#include "http.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

static int company_api_contact(void *ctx, const struct company_contact *k)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)k->id);
	cJSON_AddStringToObject(o, "name", k->name);
	cJSON_AddStringToObject(o, "role", k->role);
	cJSON_AddStringToObject(o, "email", k->email);
	cJSON_AddStringToObject(o, "phone", k->phone);
	cJSON_AddBoolToObject(o, "active", k->active);
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

/* The fields every full view of a company has (a list's rows too). */
static cJSON *company_api_basics(const struct company *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "cvr", c->cvr);
	cJSON_AddStringToObject(o, "address", c->address);
	cJSON_AddNumberToObject(o, "employees", c->employees);
	cJSON_AddNumberToObject(o, "organisation_id",
				(double)c->organisation_id);
	cJSON_AddStringToObject(o, "organisation", c->organisation);
	json_add_date(o, "cap_statement_on", c->cap_statement_on);
	return o;
}

static int company_api_internship(void *ctx, const struct company_internship *i)
{
	cJSON *o = cJSON_CreateObject();
	char iso[DATE_ISO_LEN + 1];

	cJSON_AddNumberToObject(o, "id", (double)i->id);
	cJSON_AddNumberToObject(o, "participant_id", (double)i->participant_id);
	cJSON_AddStringToObject(o, "participant", i->participant);
	cJSON_AddStringToObject(o, "status", i->status);
	date_format_iso(i->start_on, iso);
	cJSON_AddStringToObject(o, "start", iso);
	date_format_iso(i->end_on, iso);
	cJSON_AddStringToObject(o, "end", iso);
	cJSON_AddStringToObject(o, "contact", i->contact);
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

/* Company id as r's user sees it, with status. */
static int company_api_answer(struct req *r, int status, int64_t id)
{
	struct actor a = http_actor(r);
	enum company_sight sight;
	struct company_cap cap;
	struct company c;
	cJSON *o;
	int rc = company_load(r, id, &c, &sight);

	if (rc)
		return rc;
	if (sight == COMPANY_SIGHT_HOST) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)c.id);
		cJSON_AddStringToObject(o, "name", c.name);
		cJSON_AddStringToObject(o, "address", c.address);
		cJSON_AddBoolToObject(o, "limited", true);
		rc = company_contact_each(
			r->db, c.id, false, company_api_contact,
			cJSON_AddArrayToObject(o, "contacts"));
		goto out;
	}
	o = company_api_basics(&c);
	cJSON_AddBoolToObject(o, "may_change", company_may_change(&a, &c));
	rc = company_cap_on(r->db, &c, date_today(), &cap);
	if (rc == 0 && cap.known)
		cJSON_AddNumberToObject(o, "cap", cap.cap);
	else if (rc == 0)
		cJSON_AddNullToObject(o, "cap");
	cJSON_AddNumberToObject(o, "interns", cap.interns);
	if (rc == 0)
		rc = company_contact_each(
			r->db, c.id, true, company_api_contact,
			cJSON_AddArrayToObject(o, "contacts"));
	if (rc == 0)
		rc = company_load_internships(
			r, &c, company_api_internship,
			cJSON_AddArrayToObject(o, "internships"));
out:
	if (rc < 0) {
		cJSON_Delete(o);
		return http_error(r, 500, NULL);
	}
	return http_json(r, status, o);
}

int company_api_get(struct req *r)
{
	return company_api_answer(r, 200, r->params[0]);
}

/* The list's rows, each with its active contacts. */
struct company_api_rows {
	struct db *db;
	cJSON *list;
	struct company_cap_rule rule;
	bool rule_known, failed;
};

static int company_api_row(void *ctx, const struct company *c, int interns)
{
	struct company_api_rows *l = ctx;
	cJSON *o = company_api_basics(c);

	cJSON_AddItemToArray(l->list, o);
	cJSON_AddNumberToObject(o, "interns", interns);
	if (l->rule_known)
		cJSON_AddNumberToObject(
			o, "cap", company_intern_cap(c->employees, &l->rule));
	else
		cJSON_AddNullToObject(o, "cap");
	if (company_contact_each(l->db, c->id, false, company_api_contact,
				 cJSON_AddArrayToObject(o, "contacts")) < 0)
		l->failed = true;
	return l->failed ? -1 : 0;
}

int company_api_list(struct req *r)
{
	struct actor a = http_actor(r);
	const char *q = http_query(r, "q");
	struct company_filter f = {q};
	struct company_api_rows l = {0};
	cJSON *root;
	int rc;

	if (a.role == ROLE_MENTOR)
		return http_error(r, 403, company_mentor_refusal);
	if (q && form_utf8_length(q) > 200)
		return http_invalid(r, "q",
				    "Søgningen må højst være 200 tegn.");
	rc = company_cap_rule_load(r->db, date_today(), &l.rule);
	l.rule_known = rc == 0;
	l.db = r->db;
	root = cJSON_CreateObject();
	l.list = cJSON_AddArrayToObject(root, "companies");
	if (rc < 0 || company_list(r->db, &a, &f, company_api_row, &l) < 0 ||
	    l.failed) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

/* The body read as mode says: RESULT_OK with *out ready, or the status
 * sent for the first problem (422 naming its field). */
static int company_api_read(struct req *r, enum company_form_mode mode,
			    struct company_form *out)
{
	const struct form_invalid *bad;

	if (company_form_read(&r->form, r->json, mode, out) < 0)
		return http_error(r, 500, NULL);
	bad = company_form_first(&out->problems);
	return bad ? http_invalid(r, bad->field, bad->message) : 0;
}

int company_api_create(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct company_form *cf;
	int64_t id = 0;
	enum result res;
	struct db *w;
	int rc;

	if (!company_may_create(&a))
		return http_error(r, 403,
				  "Kun virksomhedskonsulenter og "
				  "projektledere kan registrere virksomheder.");
	cf = calloc(1, sizeof(*cf));
	if (cf == NULL)
		return http_error(r, 500, NULL);
	rc = company_api_read(r, COMPANY_FORM_POST, cf);
	if (rc == 0) {
		w = db_writer_lock();
		res = company_create(w, &a, &cf->in, &id, &bad);
		db_writer_unlock(w);
		rc = res == RESULT_OK ? company_api_answer(r, 201, id)
				      : http_result(r, res, &bad);
	}
	company_form_free(cf);
	free(cf);
	return rc;
}

/* PATCH: the fields given change ("cap_statement_on": null or "" says
 * the statement is not received); "contacts" records add (no "id") or
 * change contacts. */
int company_api_update(struct req *r)
{
	const cJSON *statement = cJSON_GetObjectItemCaseSensitive(
		r->json, "cap_statement_on");
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	enum company_sight sight;
	struct company_form *cf;
	struct company c;
	enum result res;
	struct db *w;
	int rc = company_load(r, r->params[0], &c, &sight);

	if (rc)
		return rc;
	if (sight != COMPANY_SIGHT_FULL || !company_may_change(&a, &c))
		return http_error(r, 403,
				  "Kun virksomhedskonsulenter og "
				  "projektledere i den organisation, der har "
				  "registreret virksomheden, kan rette den.");
	/* The flattening leaves a null out; here it clears the date. */
	if (cJSON_IsNull(statement) &&
	    form_add(&r->form, "cap_statement_on", "") < 0)
		return http_error(r, 500, NULL);
	cf = calloc(1, sizeof(*cf));
	if (cf == NULL)
		return http_error(r, 500, NULL);
	rc = company_api_read(r, COMPANY_FORM_PATCH, cf);
	if (rc == 0) {
		w = db_writer_lock();
		res = company_update(w, &a, c.id, &cf->in, &bad);
		db_writer_unlock(w);
		rc = res == RESULT_OK ? company_api_answer(r, 200, c.id)
				      : http_result(r, res, &bad);
	}
	company_form_free(cf);
	free(cf);
	return rc;
}
