/*
 * participant_api: the participant's API handlers, the twins of
 * participant_page.c: the same loader, readers and domain calls, answered
 * with the participant as its viewer may see it.
 */
#include "participant_api.h"

#include "http.h"
#include "participant.h"
#include "participant_form.h"
#include "participant_load.h"
#include "participant_view.h"

#include <sodium.h>

/* Answers participant id as JSON. After a change (audit false) the
 * caller may no longer see the participant (a caseworker who handed the
 * citizen to a colleague): then only the id, with "visible": false. */
static int participant_api_answer(struct req *r, int status, int64_t id,
				  bool audit)
{
	struct actor a = http_actor(r);
	struct participant p;
	cJSON *j;
	int rc;

	if (!audit && participant_get(r->db, &a, id, &p) == 1) {
		j = cJSON_CreateObject();
		cJSON_AddNumberToObject(j, "id", (double)id);
		cJSON_AddBoolToObject(j, "visible", false);
		return http_json(r, status, j);
	}
	rc = participant_for_request(r, id, &p, NULL);
	if (rc)
		return rc;
	j = participant_json(r->db, &p, true);
	if (j == NULL ||
	    (audit && participant_audit_read(&a, AUDIT_PARTICIPANT_READ, &p,
					     NULL, "api") < 0)) {
		cJSON_Delete(j);
		return http_error(r, 500, NULL);
	}
	return http_json(r, status, j);
}

int participant_api_get(struct req *r)
{
	return participant_api_answer(r, 200, r->params[0], true);
}

int participant_api_create(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	int64_t id = 0;
	int rc;

	if (participant_form_json(&r->form, r->json) < 0)
		return http_invalid(r, "criteria",
				    "criteria skal være en liste af "
				    "{\"answer\": \"yes\"|\"no\", \"note\": "
				    "\"...\"}.");
	rc = participant_form_refer(r->db, &a, &r->form, r->json, date_today(),
				    &id, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return participant_api_answer(r, 201, id, false);
}

int participant_api_update(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, PARTICIPANT_EDIT);

	if (rc)
		return rc;
	if (participant_form_json(&r->form, r->json) < 0)
		return http_invalid(r, "criteria",
				    "Ugyldig liste af kriterier.");
	rc = participant_form_change(&a, &p, &c, &r->form, r->json,
				     PARTICIPANT_FORM_PATCH, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return participant_api_answer(r, 200, p.id, false);
}

/* The API twin of participant_page_step: answers the participant. */
static int participant_api_step(struct req *r, enum participant_action x)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	char notice[PROGRESS_NOTICE_LEN];
	struct participant p;
	struct cohort c;
	cJSON *j;
	int rc = participant_load(r, &p, &c, x);

	if (rc)
		return rc;
	rc = participant_form_step(&a, x, &p, &c, &r->form, date_today(),
				   notice, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	if (participant_get(r->db, &a, p.id, &p) != 0)
		return http_error(r, 500, NULL);
	j = participant_json(r->db, &p, true);
	if (j == NULL)
		return http_error(r, 500, NULL);
	if (notice[0])
		cJSON_AddStringToObject(j, "notice", notice);
	return http_json(r, 200, j);
}

int participant_api_visitation(struct req *r)
{
	return participant_api_step(r, PARTICIPANT_VISITATION);
}

int participant_api_status(struct req *r)
{
	return participant_api_step(r, PARTICIPANT_STATUS);
}

int participant_api_outcome(struct req *r)
{
	return participant_api_step(r, PARTICIPANT_OUTCOME);
}

int participant_api_cpr(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	char cpr[CPR_MASKED_LEN];
	struct participant p;
	struct cohort c;
	cJSON *j;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	rc = participant_form_reveal(&a, &p, &r->form, cpr, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", (double)p.id);
	cJSON_AddStringToObject(j, "cpr", cpr);
	sodium_memzero(cpr, sizeof(cpr));
	return http_json(r, 200, j);
}

static void participant_api_entry(void *ctx,
				  const struct participant_access_row *e)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "at", (double)e->at);
	cJSON_AddNumberToObject(o, "last_at", (double)e->latest);
	cJSON_AddNumberToObject(o, "count", e->count);
	cJSON_AddStringToObject(o, "actor", e->actor);
	cJSON_AddStringToObject(o, "action", e->action);
	cJSON_AddStringToObject(o, "purpose", e->purpose);
	if (e->note)
		cJSON_AddStringToObject(o, "note", e->note);
	cJSON_AddStringToObject(o, "detail", e->detail);
	cJSON_AddItemToArray(ctx, o);
}

int participant_api_access(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant p;
	struct cohort c;
	cJSON *root;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	if (participant_audit_read(&a, AUDIT_PARTICIPANT_ACCESS_LOG, &p, NULL,
				   "api") < 0)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "participant_id", (double)p.id);
	if (participant_access_each(r->db, &p, participant_api_entry,
				    cJSON_AddArrayToObject(root, "entries")) <
	    0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}
