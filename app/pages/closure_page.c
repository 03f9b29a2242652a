/*
 * closure_page: closure days on pages and in the API. Both read a batch
 * of new days (a form's date, the preview's hidden fields, a fetched
 * calendar, or JSON) and the leader's choices for the course days on them
 * into the domain's structs, and save through course_closures_add.
 */
#include "closure_page.h"

#include "array.h"
#include "closure.h"
#include "closure_import.h"
#include "cohort.h"
#include "cohort_load.h"
#include "course.h"
#include "day.h"
#include "db.h"
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void closure_view_add(void *ctx, const struct closure *cl)
{
	struct view *c = view_add(ctx, "closures");
	char iso[DATE_ISO_LEN + 1], da[64];

	date_format_iso(cl->date, iso);
	date_format_da(cl->date, da, sizeof(da));
	view_set_int(c, "id", cl->id);
	view_set(c, "date", iso);
	view_set(c, "date_da", da);
	view_set(c, "reason", cl->reason);
	view_set(c, "source",
		 strcmp(cl->source, "import") == 0 ? "Importeret" : "Manuel");
}

int closure_view_list(struct db *db, int64_t cohort_id, struct view *v)
{
	view_list(v, "closures");
	return closure_list(db, cohort_id, closure_view_add, v);
}

/* The leader's choices, read from the page or from JSON. */
struct closure_choices {
	struct closure_choice *items;
	size_t n, cap;
};

static int closure_choices_push(struct closure_choices *l, int64_t id,
				enum closure_action action, date_t to)
{
	long k = ARRAY_PUSH(l->items, l->n, l->cap);

	if (k < 0)
		return -1;
	l->items[k].day_id = id;
	l->items[k].action = action;
	l->items[k].move_to = to;
	return 0;
}

/* "cancel", "keep", or "move" with a date; anything else is not said. */
static enum closure_action closure_action_of(const char *a, const char *d,
					     date_t *to)
{
	if (a == NULL)
		return CLOSURE_NONE;
	if (strcmp(a, "cancel") == 0)
		return CLOSURE_CANCEL;
	if (strcmp(a, "keep") == 0)
		return CLOSURE_KEEP;
	if (strcmp(a, "move") == 0 && d && date_parse_iso(d, to) == 0)
		return CLOSURE_MOVE;
	return CLOSURE_NONE;
}

/* The preview page's choices: action_<day id> and move_<day id>. */
static const struct form_spec closure_choice_form[] = {
	{"action_", "Kursusdag", FIELD_TEXT, false, 0, 0, NULL},
	{"move_", "Ny dato", FIELD_TEXT, false, 0, 0, NULL},
};

static int closure_choice_item(void *ctx, long long id,
			       const struct form_value *v,
			       struct form_invalid *bad)
{
	date_t to = 0;
	enum closure_action a = closure_action_of(v[0].present ? v[0].s : NULL,
						  v[1].present ? v[1].s : NULL,
						  &to);

	if (closure_choices_push(ctx, (int64_t)id, a, to) < 0) {
		bad->field = "action_";
		snprintf(bad->message, sizeof(bad->message),
			 "Der opstod en fejl.");
		return -1;
	}
	return 0;
}

static int closure_choices_from_page(const struct form *f,
				     struct closure_choices *l,
				     struct form_invalid *bad)
{
	return form_validate_items(f, closure_choice_form, NULL, 2,
				   CLOSURE_BATCH_MAX * CLOSURE_CLASHES_MAX,
				   closure_choice_item, l, bad);
}

/* The API's choices: "resolutions": [{"day_id": N, "action":
 * "cancel|move|keep", "date": "..."}]; items without a numeric day_id or
 * a text action are passed over. */
static int closure_choices_from_json(const cJSON *res,
				     struct closure_choices *l)
{
	const cJSON *item;

	if (!cJSON_IsArray(res))
		return 0;
	cJSON_ArrayForEach(item, res)
	{
		const cJSON *day = cJSON_GetObjectItemCaseSensitive(item,
								    "day_id");
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(item,
								  "action");
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(item, "date");
		date_t to = 0;
		enum closure_action act;

		if (!cJSON_IsNumber(day) || !cJSON_IsString(a))
			continue;
		act = closure_action_of(
			a->valuestring,
			cJSON_IsString(d) ? d->valuestring : NULL, &to);
		if (closure_choices_push(l, (int64_t)day->valuedouble, act,
					 to) < 0)
			return -1;
	}
	return 0;
}

/* Saves b with the choices as r's user. An enum result with *bad. */
static int closure_save(struct req *r, const struct cohort *c,
			const struct closure_batch *b,
			const struct closure_choices *l,
			struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct db *w = db_writer_lock();
	int rc = course_closures_add(w, &a, c, b, l->items, l->n, bad);

	db_writer_unlock(w);
	return rc;
}

/* The preview page: new closure days and the course days they hit. */
static int closure_preview(struct req *r, const struct cohort *c,
			   const struct closure_batch *b, const char *error)
{
	int64_t ids[CLOSURE_CLASHES_MAX];
	struct view *v = view_new();
	char iso[DATE_ISO_LEN + 1], da[64];
	size_t i;
	int n, k, rc = 0;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Nye lukkedage");
	view_set_int(v, "cohort_id", c->id);
	view_set(v, "cohort_name", c->name);
	view_set(v, "source", b->source);
	view_set(v, "error", error);
	view_list(v, "closures");
	view_list(v, "clashes");
	for (i = 0; i < b->n && rc == 0; i++) {
		struct view *cl = view_add(v, "closures");

		date_format_iso(b->days[i].date, iso);
		date_format_da(b->days[i].date, da, sizeof(da));
		view_set(cl, "date", iso);
		view_set(cl, "date_da", da);
		view_set(cl, "reason", b->days[i].reason);
		n = day_on(r->db, c->id, b->days[i].date, ids,
			   CLOSURE_CLASHES_MAX);
		if (n < 0)
			rc = -1;
		for (k = 0; k < n; k++) {
			struct view *x = view_add(v, "clashes");

			view_set_int(x, "day_id", ids[k]);
			view_set(x, "date_da", da);
			view_set(x, "reason", b->days[i].reason);
		}
	}
	view_set_int(v, "count", (long)b->n);
	rc = rc == 0 ? http_page(r, error ? 422 : 200, "closure_preview.html",
				 v)
		     : http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

static int closure_redirect_to(struct req *r, int64_t cohort)
{
	char loc[64];

	snprintf(loc, sizeof(loc), "/cohorts/%lld", (long long)cohort);
	return http_redirect(r, loc);
}

/* Fetches url and keeps the days in the cohort's span not yet closed.
 * 0, or -1 with err. */
static int closure_fetch(struct req *r, const struct cohort *c, const char *url,
			 struct closure_batch *b, char *err, size_t errlen)
{
	struct closure_list list = {0};
	date_t from = c->referral_start, to = c->aftercare_start;
	size_t i;
	int rc = 0, found;

	if (date_today() > from)
		from = date_today();
	if (closure_import_fetch(url, from, to, &closure_import_default_limits,
				 &list, err, errlen) != CLOSURE_OK)
		return -1;
	for (i = 0; i < list.n && rc == 0; i++) {
		found = closure_exists(r->db, c->id, list.days[i].date);
		if (found < 0) {
			snprintf(err, errlen, "Der opstod en fejl.");
			rc = -2;
		} else if (found == 0) {
			rc = closure_batch_add(b, list.days[i].date,
					       list.days[i].summary);
		}
	}
	closure_list_free(&list);
	if (rc == -1)
		snprintf(err, errlen, "Kalenderen har for mange lukkedage.");
	return rc < 0 ? -1 : 0;
}

/* The pages. */

static const struct form_spec closure_form[] = {
	{"date", "Dato", FIELD_DATE, true, 0, 0, NULL},
	{"reason", "Begrundelse", FIELD_TEXT, false, 0, 200, NULL},
};

/* A closure day typed in: saved at once unless a course day is on it. */
int closure_page_add(struct req *r)
{
	struct closure_batch b = {.source = "manual"};
	struct closure_choices none = {0};
	struct form_value v[2];
	struct form_invalid bad = {0};
	struct cohort c;
	int64_t ids[1];
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	if (form_validate(&r->form, closure_form, 2, v, &bad) < 0)
		return http_error(r, 422, bad.message);
	rc = closure_batch_add(&b, (date_t)v[0].i, v[1].s);
	form_values_free(v, 2);
	if (rc < 0) {
		closure_batch_free(&b);
		return http_error(r, 500, NULL);
	}
	rc = day_on(r->db, c.id, b.days[0].date, ids, 1);
	if (rc > 0) {
		rc = closure_preview(r, &c, &b, NULL);
	} else if (rc == 0) {
		rc = closure_save(r, &c, &b, &none, &bad);
		rc = rc ? http_result(r, rc, &bad)
			: closure_redirect_to(r, c.id);
	} else {
		rc = http_error(r, 500, NULL);
	}
	closure_batch_free(&b);
	return rc;
}

static const struct form_spec closure_import_form[] = {
	{"url", "Kalenderens adresse", FIELD_TEXT, true, 8, 2000, NULL},
};

int closure_page_import(struct req *r)
{
	struct closure_batch b = {.source = "import"};
	struct form_value v[1];
	struct form_invalid bad;
	struct cohort c;
	char err[256];
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	if (form_validate(&r->form, closure_import_form, 1, v, &bad) < 0)
		return http_error(r, 422, bad.message);
	rc = closure_fetch(r, &c, v[0].s, &b, err, sizeof(err));
	form_values_free(v, 1);
	rc = rc < 0 ? http_error(r, 422, err)
		    : closure_preview(r, &c, &b, NULL);
	closure_batch_free(&b);
	return rc;
}

/* The batch the preview page carries in closure_date/closure_reason. */
static int closure_batch_from_page(const struct form *f,
				   struct closure_batch *b)
{
	size_t i, n = form_count(f, "closure_date");
	const char *src = form_get(f, "source");
	date_t d;

	b->source = src && strcmp(src, "import") == 0 ? "import" : "manual";
	if (n == 0 || n > CLOSURE_BATCH_MAX ||
	    form_count(f, "closure_reason") != n)
		return -1;
	for (i = 0; i < n; i++) {
		const char *reason = form_get_nth(f, "closure_reason", i);

		if (date_parse_iso(form_get_nth(f, "closure_date", i), &d) <
			    0 ||
		    form_utf8_length(reason) > 200 ||
		    closure_batch_add(b, d, reason) < 0)
			return -1;
	}
	return 0;
}

int closure_page_apply(struct req *r)
{
	struct closure_batch b = {0};
	struct closure_choices l = {0};
	struct form_invalid bad = {0};
	struct cohort c;
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	if (closure_batch_from_page(&r->form, &b) < 0) {
		closure_batch_free(&b);
		return http_error(r, 422, "Lukkedagene kunne ikke læses.");
	}
	rc = closure_choices_from_page(&r->form, &l, &bad) < 0
		     ? RESULT_INVALID
		     : closure_save(r, &c, &b, &l, &bad);
	if (rc == RESULT_INVALID)
		rc = closure_preview(r, &c, &b, bad.message);
	else if (rc)
		rc = http_result(r, rc, &bad);
	else
		rc = closure_redirect_to(r, c.id);
	free(l.items);
	closure_batch_free(&b);
	return rc;
}

int closure_page_delete(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct closure cl;
	struct cohort c;
	struct db *w;
	int rc = closure_get(r->db, &a, r->params[0], &cl, &c);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	if (!cohort_may_manage(&a, &c))
		return cohort_load_refuse(r);
	w = db_writer_lock();
	rc = closure_delete(w, &a, &c, &cl, &bad);
	db_writer_unlock(w);
	return rc ? http_result(r, rc, &bad) : closure_redirect_to(r, c.id);
}

/* The API. */

static void closure_json_add(void *ctx, const struct closure *cl)
{
	cJSON *o = cJSON_CreateObject();
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(cl->date, iso);
	cJSON_AddNumberToObject(o, "id", (double)cl->id);
	cJSON_AddStringToObject(o, "date", iso);
	cJSON_AddStringToObject(o, "reason", cl->reason);
	cJSON_AddStringToObject(o, "source", cl->source);
	cJSON_AddItemToArray(ctx, o);
}

int closure_api_list(struct req *r)
{
	struct cohort c;
	cJSON *root;
	int rc = cohort_load(r, r->params[0], &c, false);

	if (rc)
		return rc;
	root = cJSON_CreateObject();
	if (closure_list(r->db, c.id, closure_json_add,
			 cJSON_AddArrayToObject(root, "closures")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

/* {"closures": [{"date": "...", "reason": "..."}]} into a batch. */
static int closure_batch_from_json(const cJSON *root, struct closure_batch *b)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "closures");
	const cJSON *item;
	date_t d;

	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0 ||
	    cJSON_GetArraySize(list) > CLOSURE_BATCH_MAX)
		return -1;
	cJSON_ArrayForEach(item, list)
	{
		const cJSON *date = cJSON_GetObjectItemCaseSensitive(item,
								     "date");
		const cJSON *reason = cJSON_GetObjectItemCaseSensitive(
			item, "reason");
		const char *text = cJSON_IsString(reason) ? reason->valuestring
							  : "";

		if (!cJSON_IsString(date) ||
		    date_parse_iso(date->valuestring, &d) < 0 ||
		    form_utf8_length(text) > 200 ||
		    closure_batch_add(b, d, text) < 0)
			return -1;
	}
	return 0;
}

static cJSON *closure_preview_json(struct db *db, const struct cohort *c,
				   const struct closure_batch *b)
{
	int64_t ids[CLOSURE_CLASHES_MAX];
	cJSON *root = cJSON_CreateObject();
	cJSON *days = cJSON_AddArrayToObject(root, "closures");
	cJSON *clashes = cJSON_AddArrayToObject(root, "clashes");
	char iso[DATE_ISO_LEN + 1];
	size_t i;
	int n, k;

	for (i = 0; i < b->n; i++) {
		cJSON *o = cJSON_CreateObject();

		date_format_iso(b->days[i].date, iso);
		cJSON_AddStringToObject(o, "date", iso);
		cJSON_AddStringToObject(o, "reason", b->days[i].reason);
		cJSON_AddItemToArray(days, o);
		n = day_on(db, c->id, b->days[i].date, ids,
			   CLOSURE_CLASHES_MAX);
		for (k = 0; k < n; k++) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddNumberToObject(x, "day_id", (double)ids[k]);
			cJSON_AddStringToObject(x, "date", iso);
			cJSON_AddItemToArray(clashes, x);
		}
	}
	return root;
}

/* POST .../closures/preview: {"url": ...} or {"closures": [...]}; writes
 * nothing. */
int closure_api_preview(struct req *r)
{
	struct closure_batch b = {.source = "import"};
	const char *url = form_get(&r->form, "url");
	struct cohort c;
	char err[256] = "Angiv »url« eller »closures«.";
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	if (url)
		rc = closure_fetch(r, &c, url, &b, err, sizeof(err));
	else
		rc = closure_batch_from_json(r->json, &b);
	if (rc < 0) {
		closure_batch_free(&b);
		return http_invalid(r, url ? "url" : "closures", err);
	}
	rc = http_json(r, 200, closure_preview_json(r->db, &c, &b));
	closure_batch_free(&b);
	return rc;
}

int closure_api_apply(struct req *r)
{
	struct closure_batch b = {0};
	struct closure_choices l = {0};
	struct form_invalid bad = {0};
	const char *source = form_get(&r->form, "source");
	struct cohort c;
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	b.source = source && strcmp(source, "import") == 0 ? "import"
							   : "manual";
	if (closure_batch_from_json(r->json, &b) < 0) {
		closure_batch_free(&b);
		return http_invalid(r, "closures",
				    "Angiv lukkedage som "
				    "[{\"date\": \"ÅÅÅÅ-MM-DD\", \"reason\": "
				    "\"...\"}].");
	}
	rc = closure_choices_from_json(
		cJSON_GetObjectItemCaseSensitive(r->json, "resolutions"), &l);
	rc = rc < 0 ? RESULT_FAILED : closure_save(r, &c, &b, &l, &bad);
	free(l.items);
	closure_batch_free(&b);
	return rc ? http_result(r, rc, &bad) : closure_api_list(r);
}
