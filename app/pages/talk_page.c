/*
 * talk_page: the talks' handlers. A post is checked for who may make it
 * before its form is read (talk_check), read by talk_form_read and handed
 * to talk_add or talk_change with the writer.
 */
#include "talk_page.h"

#include "cohort.h"
#include "db.h"
#include "http.h"
#include "participant_load.h"
#include "talk.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reading a talk. */

static const struct form_spec talk_add_form[] = {
	{"kind", "Samtale med", FIELD_ENUM, true, 0, 0, talk_kind_names},
	{"staff_id", "Medarbejder", FIELD_INT, false, 0, LONG_MAX, NULL},
	{"date", "Dato", FIELD_DATE, true, 0, 0, NULL},
	{"start_time", "Starttidspunkt", FIELD_TIME, true, 0, 0, NULL},
	{"end_time", "Sluttidspunkt", FIELD_TIME, true, 0, 0, NULL},
	{"place", "Sted", FIELD_TEXT, false, 0, 200, NULL},
	{"notes", "Noter", FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"status", "Status", FIELD_ENUM, false, 0, 0, talk_status_names},
};

/* A change: only the fields given change. */
static const struct form_spec talk_edit_form[] = {
	{"kind", "Samtale med", FIELD_ENUM, false, 0, 0, talk_kind_names},
	{"staff_id", "Medarbejder", FIELD_INT, false, 0, LONG_MAX, NULL},
	{"date", "Dato", FIELD_DATE, false, 0, 0, NULL},
	{"start_time", "Starttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"end_time", "Sluttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"place", "Sted", FIELD_TEXT, false, 0, 200, NULL},
	{"notes", "Noter", FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"status", "Status", FIELD_ENUM, false, 0, 0, talk_status_names},
};

enum {
	TF_KIND,
	TF_STAFF,
	TF_DATE,
	TF_START,
	TF_END,
	TF_PLACE,
	TF_NOTES,
	TF_STATUS,
	TF__N
};

struct talk_form {
	struct talk_input in;
	struct form_value v[TF__N];
};

/* f as a new talk (add) or a change; free out->v with form_values_free
 * when RESULT_OK. RESULT_OK or RESULT_INVALID with *bad. */
static int talk_form_read(const struct form *f, bool add, struct talk_form *out,
			  struct form_invalid *bad)
{
	const struct form_value *v = out->v;

	if (form_validate(f, add ? talk_add_form : talk_edit_form, TF__N,
			  out->v, bad) < 0)
		return RESULT_INVALID;
	out->in = (struct talk_input){
		.kind = v[TF_KIND].present ? (int)v[TF_KIND].i : -1,
		.staff_id = v[TF_STAFF].present ? v[TF_STAFF].i : -1,
		.date = v[TF_DATE].present ? (date_t)v[TF_DATE].i : 0,
		.start = v[TF_START].present ? (int)v[TF_START].i : -1,
		.end = v[TF_END].present ? (int)v[TF_END].i : -1,
		/* Given, even empty: a place or notes cleared. */
		.place = form_get(f, "place") ? v[TF_PLACE].s : NULL,
		.notes = form_get(f, "notes") ? v[TF_NOTES].s : NULL,
		.status = v[TF_STATUS].present ? (int)v[TF_STATUS].i : -1,
	};
	return RESULT_OK;
}

/* Adds a talk to p (old NULL) or changes old from r's form, as r's user.
 * An enum result with *id (the talk's) or *bad. */
static int talk_page_apply(struct req *r, const struct participant *p,
			   const struct talk *old, int64_t *id,
			   struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct talk_form tf;
	struct db *w;
	int rc = talk_check(&a, p, old, bad);

	*id = old ? old->id : 0;
	if (rc == RESULT_OK)
		rc = talk_form_read(&r->form, old == NULL, &tf, bad);
	if (rc != RESULT_OK)
		return rc;
	w = db_writer_lock();
	rc = old ? talk_change(w, &a, p, old, &tf.in, bad)
		 : talk_add(w, &a, p, &tf.in, id, bad);
	db_writer_unlock(w);
	form_values_free(tf.v, TF__N);
	return rc;
}

/* The path's talk and its participant, as r's user may see them. 0, or
 * the status already sent (an unknown talk is 404 like an invisible one). */
static int talk_load(struct req *r, struct talk *t, struct participant *p,
		     struct cohort *c)
{
	int rc = talk_get(r->db, r->params[0], NULL, NULL, t);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return participant_for_request(r, t->participant_id, p, c);
}

/* The participant page. */

/* The choices of a form: kinds, statuses and staff, with t's selected
 * (t NULL: the add form). */
static void talk_view_choices(struct view *v, const struct actor *a,
			      const struct talk *t,
			      const struct talk_candidate *cand, size_t n)
{
	bool mentor = a->role == ROLE_MENTOR, found = false;
	struct view *o;
	size_t i;
	int k;

	for (k = 0; k < TALK_KIND__MAX; k++) {
		if (mentor && k != TALK_MENTOR)
			continue;
		o = view_add(v, "kinds");
		view_set(o, "name", talk_kind_names[k]);
		view_set(o, "label", talk_kind_labels[k]);
		view_set_bool(o, "selected", t && (int)t->kind == k);
	}
	for (k = 0; t && k < TALK_STATUS__MAX; k++) {
		o = view_add(v, "statuses");
		view_set(o, "name", talk_status_names[k]);
		view_set(o, "label", talk_status_labels[k]);
		view_set_bool(o, "selected", (int)t->status == k);
	}
	for (i = 0; i < n; i++)
		found = found || (t && cand[i].id == t->staff_id);
	if (t && t->staff_id && !found) {
		o = view_add(v, "staff_choices");
		view_set_int(o, "value", t->staff_id);
		view_set(o, "label", t->staff);
		view_set_bool(o, "selected", true);
	}
	for (i = 0; i < n; i++) {
		if (mentor && cand[i].id != a->user_id)
			continue;
		o = view_add(v, "staff_choices");
		view_set_int(o, "value", cand[i].id);
		view_setf(o, "label", "%s (%s)", cand[i].name,
			  talk_kind_labels[cand[i].kind]);
		view_set_bool(o, "selected", t && cand[i].id == t->staff_id);
	}
}

struct talk_view {
	struct view *v;
	const struct actor *a;
	const struct participant *p;
	const struct talk_candidate *cand;
	size_t n;
};

static void talk_view_item(void *ctx, const struct talk *t)
{
	struct talk_view *tv = ctx;
	struct view *v = view_add(tv->v, "talks");
	char iso[DATE_ISO_LEN + 1], da[DATE_DA_LEN], hm[6];
	bool may_edit = talk_may_edit(tv->a, tv->p, t);

	view_set_int(v, "talk_id", t->id);
	view_set(v, "kind", talk_kind_names[t->kind]);
	view_set(v, "kind_label", talk_kind_labels[t->kind]);
	view_set(v, "staff", t->staff);
	date_format_iso(t->date, iso);
	view_set(v, "date", iso);
	date_format_da(t->date, da, sizeof(da));
	view_set(v, "date_da", da);
	date_format_hhmm(t->start, hm);
	view_set(v, "start_time", hm);
	date_format_hhmm(t->end, hm);
	view_set(v, "end_time", hm);
	view_set(v, "place", t->place);
	view_set(v, "status", talk_status_names[t->status]);
	view_set(v, "status_label", talk_status_labels[t->status]);
	view_set_bool(v, "show_notes", t->notes != NULL);
	view_set(v, "notes", t->notes);
	view_set_bool(v, "may_edit", may_edit);
	if (may_edit)
		talk_view_choices(v, tv->a, t, tv->cand, tv->n);
}

int talk_page_view(struct req *r, const struct participant *p, struct view *v)
{
	struct actor a = http_actor(r);
	bool may = participant_may(&a, p, PARTICIPANT_TALKS);
	struct talk_view tv = {v, &a, p, NULL, 0};
	struct talk_candidate *cand = NULL;
	int rc;

	if (may && talk_candidates(r->db, p, &cand, &tv.n) < 0)
		return -1;
	tv.cand = cand;
	view_set_bool(v, "may_plan_talks", may);
	view_set_bool(v, "talk_mentor_only", a.role == ROLE_MENTOR);
	view_list(v, "talks");
	if (may)
		talk_view_choices(view_add(v, "talk_new"), &a, NULL, cand,
				  tv.n);
	rc = talk_each(r->db, &a, p, talk_view_item, &tv);
	free(cand);
	return rc;
}

/* Page posts. */

static int talk_page_answer(struct req *r, int rc, int64_t participant,
			    const struct form_invalid *bad)
{
	char loc[64];

	if (rc != RESULT_OK)
		return http_result(r, rc, bad);
	snprintf(loc, sizeof(loc), "/participants/%lld#samtaler",
		 (long long)participant);
	return http_redirect(r, loc);
}

int talk_page_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	int64_t id = 0;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	rc = talk_page_apply(r, &p, NULL, &id, &bad);
	return talk_page_answer(r, rc, p.id, &bad);
}

int talk_page_update(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	struct talk t;
	int64_t id = 0;
	int rc = talk_load(r, &t, &p, &c);

	if (rc)
		return rc;
	rc = talk_page_apply(r, &p, &t, &id, &bad);
	return talk_page_answer(r, rc, p.id, &bad);
}

/* The API. */

static cJSON *talk_json(const struct talk *t)
{
	cJSON *o = cJSON_CreateObject();
	char iso[DATE_ISO_LEN + 1], hm[6];

	cJSON_AddNumberToObject(o, "id", (double)t->id);
	cJSON_AddNumberToObject(o, "participant_id", (double)t->participant_id);
	cJSON_AddStringToObject(o, "kind", talk_kind_names[t->kind]);
	if (t->staff_id)
		cJSON_AddNumberToObject(o, "staff_id", (double)t->staff_id);
	else
		cJSON_AddNullToObject(o, "staff_id");
	cJSON_AddStringToObject(o, "staff", t->staff);
	date_format_iso(t->date, iso);
	cJSON_AddStringToObject(o, "date", iso);
	date_format_hhmm(t->start, hm);
	cJSON_AddStringToObject(o, "start_time", hm);
	date_format_hhmm(t->end, hm);
	cJSON_AddStringToObject(o, "end_time", hm);
	cJSON_AddStringToObject(o, "place", t->place);
	cJSON_AddStringToObject(o, "status", talk_status_names[t->status]);
	cJSON_AddNumberToObject(o, "sequence", t->sequence);
	if (t->notes)
		cJSON_AddStringToObject(o, "notes", t->notes);
	return o;
}

static void talk_json_add(void *ctx, const struct talk *t)
{
	cJSON_AddItemToArray(ctx, talk_json(t));
}

int talk_api_list(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant p;
	cJSON *root;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	if (participant_audit_read(&a, AUDIT_PARTICIPANT_TALK_READ, &p, NULL,
				   NULL) < 0)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	if (talk_each(r->db, &a, &p, talk_json_add,
		      cJSON_AddArrayToObject(root, "talks")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int talk_api_answer(struct req *r, int rc, const struct participant *p,
			   int64_t id, const struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct talk t;
	int status;

	if (rc != RESULT_OK)
		return http_result(r, rc, bad);
	if (talk_get(r->db, id, &a, p, &t) != 0)
		return http_error(r, 500, NULL);
	status = http_json(r, r->method == HTTP_POST ? 201 : 200,
			   talk_json(&t));
	talk_free(&t);
	return status;
}

int talk_api_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	int64_t id = 0;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	rc = talk_page_apply(r, &p, NULL, &id, &bad);
	return talk_api_answer(r, rc, &p, id, &bad);
}

int talk_api_update(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	struct talk t;
	int64_t id = 0;
	int rc = talk_load(r, &t, &p, &c);

	if (rc)
		return rc;
	rc = talk_page_apply(r, &p, &t, &id, &bad);
	return talk_api_answer(r, rc, &p, id, &bad);
}
