/*
 * internship_api: the participant's internships and one internship as
 * JSON, a new one, and a change or a status step through PATCH: a body
 * with "status" takes that step (with "reason", "on", "ended_by", "weeks",
 * "end" and "special_need" as the step needs them); without it, the
 * fields sent are changed. Input is read by internship_form.h as the
 * pages read it; every read is audited before it is answered.
 */
#include "internship_api.h"

#include "db.h"
#include "http.h"
#include "internship_form.h"
#include "internship_page.h"
#include "json.h"
#include "participant_load.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

static void internship_json_id(cJSON *o, const char *name, int64_t id)
{
	if (id)
		cJSON_AddNumberToObject(o, name, (double)id);
	else
		cJSON_AddNullToObject(o, name);
}

static void internship_json_text(cJSON *o, const char *name, const char *s,
				 bool full)
{
	if (full && s)
		cJSON_AddStringToObject(o, name, s);
	else
		cJSON_AddNullToObject(o, name);
}

/* i as the API's object (purpose, tasks and the special need are null for
 * a viewer who sees only the outline). */
static cJSON *internship_json(const struct internship *i)
{
	cJSON *o = cJSON_CreateObject(), *c;

	cJSON_AddNumberToObject(o, "id", (double)i->id);
	cJSON_AddNumberToObject(o, "participant_id", (double)i->participant_id);
	cJSON_AddNumberToObject(o, "company_id", (double)i->company_id);
	internship_json_id(o, "contact_id", i->contact_id);
	cJSON_AddStringToObject(o, "status",
				internship_status_names[i->status]);
	json_add_date(o, "start", i->start_on);
	json_add_date(o, "end", i->end_on);
	internship_json_text(o, "purpose", i->purpose, i->full);
	internship_json_text(o, "tasks", i->tasks, i->full);
	internship_json_text(o, "special_need", i->special_need, i->full);
	cJSON_AddStringToObject(o, "workplace_address", i->workplace_address);
	internship_json_id(o, "previous_id", i->previous_id);
	if ((unsigned)i->ended_by < INTERNSHIP_ENDER__MAX)
		cJSON_AddStringToObject(o, "ended_by",
					internship_ender_names[i->ended_by]);
	else
		cJSON_AddNullToObject(o, "ended_by");
	cJSON_AddNumberToObject(o, "teaching_weekday", i->teaching_weekday);
	cJSON_AddNumberToObject(o, "sequence", i->sequence);
	c = cJSON_AddObjectToObject(o, "company");
	cJSON_AddStringToObject(c, "name", i->company);
	cJSON_AddStringToObject(c, "cvr", i->company_cvr);
	cJSON_AddStringToObject(c, "address", i->company_address);
	c = cJSON_AddObjectToObject(o, "contact");
	cJSON_AddStringToObject(c, "name", i->contact);
	cJSON_AddStringToObject(c, "role", i->contact_role);
	cJSON_AddStringToObject(c, "email", i->contact_email);
	cJSON_AddStringToObject(c, "phone", i->contact_phone);
	return o;
}

static void internship_json_step(void *ctx, const struct internship_step_row *s)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "status",
				internship_status_names[s->status]);
	json_add_date(o, "on", s->on);
	cJSON_AddStringToObject(o, "actor", s->actor);
	if (s->reason)
		cJSON_AddStringToObject(o, "reason", s->reason);
	if ((unsigned)s->ended_by < INTERNSHIP_ENDER__MAX)
		cJSON_AddStringToObject(o, "ended_by",
					internship_ender_names[s->ended_by]);
	if (s->start_on)
		json_add_date(o, "start", s->start_on);
	if (s->end_on)
		json_add_date(o, "end", s->end_on);
	cJSON_AddItemToArray(ctx, o);
}

/* i with its timeline and warnings (given, or as stored), audited as a
 * read. NULL on error. */
static cJSON *internship_json_full(struct req *r, const struct internship *i,
				   const struct participant *p,
				   const struct internship_warnings *given)
{
	struct actor a = http_actor(r);
	struct internship_warnings w;
	cJSON *o, *list;
	int k;

	if (given)
		w = *given;
	else if (internship_warnings_get(r->db, i, &w) < 0)
		return NULL;
	if (internship_audit_read(&a, p, i, "api") < 0)
		return NULL;
	o = internship_json(i);
	if (internship_timeline_each(r->db, i, internship_json_step,
				     cJSON_AddArrayToObject(o, "timeline")) <
	    0) {
		cJSON_Delete(o);
		return NULL;
	}
	list = cJSON_AddArrayToObject(o, "warnings");
	for (k = 0; k < w.n; k++)
		cJSON_AddItemToArray(list, cJSON_CreateString(w.text[k]));
	return o;
}

/* Answers the stored internship id after a write (status), or the
 * domain's refusal. */
static int internship_api_answer(struct req *r, int rc, int64_t id, int status,
				 const struct internship_warnings *w,
				 struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct internship *i;
	struct participant p;
	cJSON *o = NULL;

	if (rc == RESULT_INVALID) {
		bad->field = internship_form_field(bad->field);
		return http_result(r, rc, bad);
	}
	if (rc != RESULT_OK)
		return http_result(r, rc, bad);
	i = calloc(1, sizeof(*i));
	if (i && internship_get(r->db, &a, id, i, &p) == 0) {
		o = internship_json_full(r, i, &p, w);
		internship_free(i);
	}
	free(i);
	return o ? http_json(r, status, o) : http_error(r, 500, NULL);
}

static void internship_json_add(void *ctx, const struct internship *i)
{
	cJSON_AddItemToArray(ctx, internship_json(i));
}

int internship_api_list(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant p;
	cJSON *root;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	if (participant_audit_read(&a, AUDIT_PARTICIPANT_INTERNSHIP_READ, &p,
				   NULL, "internships api") < 0)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "participant_id", (double)p.id);
	if (internship_each(r->db, &p, internship_json_add,
			    cJSON_AddArrayToObject(root, "internships")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

int internship_api_create(struct req *r)
{
	struct actor a = http_actor(r);
	struct internship_warnings warn;
	struct form_invalid bad = {0};
	struct internship_form fm;
	struct participant p;
	int64_t id = 0;
	struct db *w;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	rc = internship_check(&a, &p, &bad);
	if (rc == RESULT_OK)
		rc = internship_form_read(&r->form, &fm, &bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = internship_create(w, &a, &p, &fm.in, &id, &warn, &bad);
		db_writer_unlock(w);
		internship_form_free(&fm);
	}
	return internship_api_answer(r, rc, id, 201, &warn, &bad);
}

int internship_api_get(struct req *r)
{
	struct internship *i = calloc(1, sizeof(*i));
	struct participant p;
	cJSON *o;
	int rc = i ? internship_for_request(r, i, &p)
		   : http_error(r, 500, NULL);

	if (rc == 0) {
		o = internship_json_full(r, i, &p, NULL);
		rc = o ? http_json(r, 200, o) : http_error(r, 500, NULL);
		internship_free(i);
	}
	free(i);
	return rc;
}

int internship_api_update(struct req *r)
{
	struct actor a = http_actor(r);
	struct internship *i = calloc(1, sizeof(*i));
	struct internship_warnings warn;
	struct internship_step_form sf;
	struct form_invalid bad = {0};
	struct internship_form fm;
	struct participant p;
	bool step = form_get(&r->form, "status") != NULL;
	int64_t id;
	struct db *w;
	int rc = i ? internship_for_request(r, i, &p)
		   : http_error(r, 500, NULL);

	if (rc) {
		free(i);
		return rc;
	}
	id = i->id;
	rc = internship_check(&a, &p, &bad);
	if (rc == RESULT_OK && step)
		rc = internship_form_step(&r->form, &sf, &bad);
	else if (rc == RESULT_OK)
		rc = internship_form_read(&r->form, &fm, &bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = step ? internship_set_status(w, &a, &p, i, &sf.step, &warn,
						  &bad)
			  : internship_update(w, &a, &p, i, &fm.in, &warn,
					      &bad);
		db_writer_unlock(w);
		if (step)
			internship_step_form_free(&sf);
		else
			internship_form_free(&fm);
	}
	internship_free(i);
	free(i);
	return internship_api_answer(r, rc, id, 200, &warn, &bad);
}
