/*
 * organisations: the page that lists organisations with a form to add
 * one, its API twins (one reader of the fields for both), and the pickers
 * of organisations for other forms. The rules are app/domain/organisation.c.
 */
#include "organisations.h"

#include "db.h"
#include "http.h"
#include "organisation.h"

#include <stdio.h>
#include <string.h>

static const struct form_spec organisations_form[] = {
	{"name", "Navn", FIELD_TEXT, true, 1, 200, NULL},
	{"kind", "Type", FIELD_ENUM, true, 0, 0, org_kind_names},
};
enum { OF_NAME, OF_KIND, OF__N };

/* The one reader of the fields, page and API: in points into v, which the
 * caller frees with form_values_free(v, OF__N) after a 0. 0 or -1. */
static int organisations_read(const struct form *f, struct form_value *v,
			      struct organisation_input *in,
			      struct form_invalid *bad)
{
	if (form_validate(f, organisations_form, OF__N, v, bad) < 0)
		return -1;
	in->name = v[OF_NAME].s;
	in->kind = (enum org_kind)v[OF_KIND].i;
	return 0;
}

/* Reads the form and creates (id 0) or updates id, taking the writer. */
static enum result organisations_save(struct req *r, int64_t *id,
				      struct form_invalid *bad)
{
	struct form_value v[OF__N];
	struct organisation_input in;
	struct actor a = http_actor(r);
	struct db *w;
	enum result rc;

	if (organisations_read(&r->form, v, &in, bad) < 0)
		return RESULT_INVALID;
	w = db_writer_lock();
	if (*id)
		rc = organisation_update(w, &a, *id, &in, bad);
	else
		rc = organisation_create(w, &a, &in, id, bad);
	db_writer_unlock(w);
	form_values_free(v, OF__N);
	return rc;
}

static const char *organisations_kind_name(enum org_kind k)
{
	return (unsigned)k < ORG_KIND__MAX ? org_kind_names[k] : "";
}

/* Pickers. */

struct organisations_pick {
	struct view *v;
	int64_t selected;
	const char *list; /* name of the view list */
	const char *kind; /* only this kind, or NULL for all */
};

static int organisations_view_add(void *ctx, const struct organisation *o)
{
	struct organisations_pick *p = ctx;
	const char *kind = organisations_kind_name(o->kind);
	struct view *item;

	if (p->kind && strcmp(p->kind, kind) != 0)
		return 0;
	item = view_add(p->v, p->list);
	view_set_int(item, "id", o->id);
	view_set(item, "name", o->name);
	view_set(item, "kind", kind);
	view_set(item, "kind_label", org_kind_label(o->kind));
	view_set_int(item, "users", o->active_users);
	view_set_bool(item, "selected", o->id == p->selected);
	return 0;
}

int organisations_options_of(struct db *db, struct view *v, const char *list,
			     const char *kind, int64_t selected)
{
	struct organisations_pick p = {v, selected, list, kind};
	/* Every member of staff sees every organisation: no actor needed. */
	struct actor a = ACTOR_SYSTEM;

	view_list(v, list);
	return organisation_each(db, &a, organisations_view_add, &p);
}

int organisations_options(struct db *db, struct view *v, int64_t selected)
{
	return organisations_options_of(db, v, "organisations", NULL, selected);
}

/* The page. */

static void organisations_kinds(struct view *v, const char *selected)
{
	int i;

	for (i = 0; i < ORG_KIND__MAX; i++) {
		struct view *k = view_add(v, "kinds");

		view_set(k, "value", org_kind_names[i]);
		view_set(k, "label", org_kind_label(i));
		view_set_bool(k, "selected",
			      selected &&
				      strcmp(selected, org_kind_names[i]) == 0);
	}
}

static int organisations_render(struct req *r, int status, const char *error)
{
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Organisationer");
	view_set(v, "error", error);
	view_set_bool(v, "saved", http_query(r, "saved") != NULL);
	if (error) {
		view_set(v, "name", form_get(&r->form, "name"));
		organisations_kinds(v, form_get(&r->form, "kind"));
	} else {
		organisations_kinds(v, NULL);
	}
	if (organisations_options(r->db, v, 0) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "organisations.html", v);
	view_free(v);
	return rc;
}

int organisations_page(struct req *r)
{
	return organisations_render(r, 200, NULL);
}

/* The page's answer to a create or update of id. */
static int organisations_page_save(struct req *r, int64_t id)
{
	struct form_invalid bad;
	enum result rc = organisations_save(r, &id, &bad);

	switch (rc) {
	case RESULT_OK:
		return http_redirect(r, "/organisations?saved=1");
	case RESULT_INVALID:
		return organisations_render(r, 422, bad.message);
	case RESULT_CONFLICT:
		return organisations_render(r, 409, bad.message);
	default:
		return http_result(r, rc, &bad);
	}
}

int organisations_create(struct req *r)
{
	return organisations_page_save(r, 0);
}

int organisations_update(struct req *r)
{
	return organisations_page_save(r, r->params[0]);
}

/* The API. */

static cJSON *organisations_json(const struct organisation *o)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", (double)o->id);
	cJSON_AddStringToObject(j, "name", o->name);
	cJSON_AddStringToObject(j, "kind", organisations_kind_name(o->kind));
	return j;
}

static int organisations_json_add(void *ctx, const struct organisation *o)
{
	cJSON *j = organisations_json(o);

	cJSON_AddNumberToObject(j, "active_users", (double)o->active_users);
	cJSON_AddItemToArray(ctx, j);
	return 0;
}

int organisations_api_list(struct req *r)
{
	struct actor a = http_actor(r);
	cJSON *root = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(root, "organisations");

	if (organisation_each(r->db, &a, organisations_json_add, list) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int organisations_api_save(struct req *r, int64_t id)
{
	struct actor a = http_actor(r);
	struct organisation o;
	struct form_invalid bad;
	int status = id ? 200 : 201, got;
	enum result rc = organisations_save(r, &id, &bad);

	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	got = organisation_get(r->db, &a, id, &o);
	if (got != 0)
		return http_error(r, got > 0 ? 404 : 500, NULL);
	return http_json(r, status, organisations_json(&o));
}

int organisations_api_create(struct req *r)
{
	return organisations_api_save(r, 0);
}

int organisations_api_update(struct req *r)
{
	return organisations_api_save(r, r->params[0]);
}
