/*
 * aftercare_page: the aftercare handlers. A post is checked for who may
 * make it before its form is read (aftercare_check), read by
 * aftercare_form_read and made by aftercare_add with the writer.
 */
#include "aftercare_page.h"

#include "aftercare.h"
#include "db.h"
#include "http.h"
#include "participant_load.h"

#include <stdio.h>
#include <string.h>

static const struct form_spec aftercare_form[] = {
	{"level", "Niveau", FIELD_INT, true, 1, 3, NULL},
	{"start_on", "Startdato", FIELD_DATE, true, 0, 0, NULL},
	{"end_on", "Slutdato", FIELD_DATE, false, 0, 0, NULL},
	{"with_mentor", "Med mentor", FIELD_BOOL, false, 0, 0, NULL},
	{"notes", "Noter", FIELD_TEXTAREA, false, 0, 4000, NULL},
};
enum { ACF_LEVEL, ACF_START, ACF_END, ACF_MENTOR, ACF_NOTES, ACF__N };

/* Adds a period to p from r's form as r's user. An enum result with *id
 * or *bad. */
static int aftercare_form_add(struct req *r, const struct participant *p,
			      int64_t *id, struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct aftercare_input in;
	struct form_value v[ACF__N];
	struct db *w;
	int rc = aftercare_check(&a, p, bad);

	if (rc != RESULT_OK)
		return rc;
	if (form_validate(&r->form, aftercare_form, ACF__N, v, bad) < 0)
		return RESULT_INVALID;
	in = (struct aftercare_input){
		.level = (int)v[ACF_LEVEL].i,
		.start_on = (date_t)v[ACF_START].i,
		.end_on = v[ACF_END].present ? (date_t)v[ACF_END].i : 0,
		.with_mentor = v[ACF_MENTOR].i != 0,
		.notes = v[ACF_NOTES].present ? v[ACF_NOTES].s : NULL,
	};
	w = db_writer_lock();
	rc = aftercare_add(w, &a, p, &in, id, bad);
	db_writer_unlock(w);
	form_values_free(v, ACF__N);
	return rc;
}

/* The participant page. */

static void aftercare_view_row(void *ctx, const struct aftercare_period *a)
{
	struct view *v = view_add(ctx, "aftercare");
	char da[DATE_DA_LEN];
	date_t d;

	view_set_int(v, "level", a->level);
	view_set(v, "level_label", aftercare_level_labels[a->level]);
	view_set(v, "start_on", a->start_on);
	if (date_parse_iso(a->start_on, &d) == 0 &&
	    date_format_da(d, da, sizeof(da)) == 0)
		view_set(v, "start_da", da);
	if (date_parse_iso(a->end_on, &d) == 0 &&
	    date_format_da(d, da, sizeof(da)) == 0)
		view_set(v, "end_da", da);
	view_set_bool(v, "with_mentor", a->with_mentor);
	view_set(v, "actor", a->actor);
	view_set_bool(v, "show_notes", a->notes != NULL);
	view_set(v, "notes", a->notes);
}

int aftercare_page_view(struct req *r, const struct participant *p,
			struct view *v)
{
	struct actor a = http_actor(r);
	bool may = participant_may(&a, p, PARTICIPANT_AFTERCARE);
	struct view *o;
	int level;

	view_set_bool(v, "aftercare_visible", aftercare_visible(p));
	view_set_bool(v, "aftercare_started", p->started_on != 0);
	view_set_bool(v, "may_add_aftercare", may && p->started_on != 0);
	view_set(v, "aftercare_not_started", aftercare_not_started);
	view_list(v, "aftercare");
	if (!aftercare_visible(p))
		return 0;
	for (level = 1; may && level <= 3; level++) {
		o = view_add(v, "aftercare_levels");
		view_set_int(o, "value", level);
		view_set(o, "label", aftercare_level_labels[level]);
	}
	return aftercare_each(r->db, p, 0, aftercare_view_row, v);
}

int aftercare_page_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	char loc[80];
	int64_t id = 0;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	rc = aftercare_form_add(r, &p, &id, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	/* The section's id is "efterværn", percent-encoded. */
	snprintf(loc, sizeof(loc), "/participants/%lld#efterv%%C3%%A6rn",
		 (long long)p.id);
	return http_redirect(r, loc);
}

/* The API. */

static void aftercare_json_row(void *ctx, const struct aftercare_period *a)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddNumberToObject(o, "level", a->level);
	cJSON_AddStringToObject(o, "start_on", a->start_on);
	if (*a->end_on)
		cJSON_AddStringToObject(o, "end_on", a->end_on);
	else
		cJSON_AddNullToObject(o, "end_on");
	cJSON_AddBoolToObject(o, "with_mentor", a->with_mentor);
	if (a->notes)
		cJSON_AddStringToObject(o, "notes", a->notes);
	cJSON_AddItemToArray(ctx, o);
}

/* Loads the path's participant if r's user may see their aftercare. 0,
 * or the status sent. */
static int aftercare_load(struct req *r, struct participant *p)
{
	int rc = participant_for_request(r, r->params[0], p, NULL);

	if (rc)
		return rc;
	if (!aftercare_visible(p))
		return http_error(r, 403,
				  "Du har ikke adgang til deltagerens "
				  "efterværn.");
	return 0;
}

int aftercare_api_list(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant p;
	cJSON *root;
	int rc = aftercare_load(r, &p);

	if (rc)
		return rc;
	if (participant_audit_read(&a, AUDIT_PARTICIPANT_AFTERCARE_READ, &p,
				   NULL, NULL) < 0)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	if (aftercare_each(r->db, &p, 0, aftercare_json_row,
			   cJSON_AddArrayToObject(root, "aftercare")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

int aftercare_api_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	cJSON *list, *item;
	int64_t id = 0;
	int rc = aftercare_load(r, &p);

	if (rc)
		return rc;
	rc = aftercare_form_add(r, &p, &id, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	list = cJSON_CreateArray();
	if (aftercare_each(r->db, &p, id, aftercare_json_row, list) < 0 ||
	    (item = cJSON_DetachItemFromArray(list, 0)) == NULL) {
		cJSON_Delete(list);
		return http_error(r, 500, NULL);
	}
	cJSON_Delete(list);
	return http_json(r, 201, item);
}
