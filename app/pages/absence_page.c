/*
 * absence_page: the handlers of absence announced ahead. Who may announce
 * is checked before a form is read (absence_may_announce); the page's form
 * and the API's body are read by absence_form_read into a struct
 * absence_input for absence_add.
 */
#include "absence_page.h"

#include "absence.h"
#include "attendance.h"
#include "db.h"
#include "http.h"
#include "participant_load.h"

#include <stdio.h>
#include <string.h>

static const struct form_spec absence_form[] = {
	{"first_date", "Første dag", FIELD_DATE, true, 0, 0, NULL},
	{"last_date", "Sidste dag", FIELD_DATE, false, 0, 0, NULL},
	{"comment", "Kommentar", FIELD_TEXTAREA, false, 0, ATTENDANCE_NOTE_MAX,
	 NULL},
};
enum { AF_FIRST, AF_LAST, AF_COMMENT, AF__N };

/* Announces the absence of r's form (or JSON made a form) for p as r's
 * user. An enum result, with *id or *bad. */
static int absence_form_add(struct req *r, const struct participant *p,
			    int64_t *id, struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct form_value v[AF__N];
	struct absence_input in;
	struct db *w;
	int rc;

	if (form_validate(&r->form, absence_form, AF__N, v, bad) < 0)
		return RESULT_INVALID;
	in = (struct absence_input){
		.first_date = (date_t)v[AF_FIRST].i,
		.last_date = v[AF_LAST].present ? (date_t)v[AF_LAST].i : 0,
		.comment = v[AF_COMMENT].s,
	};
	w = db_writer_lock();
	rc = absence_add(w, &a, p, &in, id, bad);
	db_writer_unlock(w);
	form_values_free(v, AF__N);
	return rc;
}

static int absence_forbidden(struct req *r)
{
	return http_error(r, 403, absence_refused);
}

/* Loads the path's participant for whom may announce their absence. 0,
 * or the status sent. */
static int absence_load_participant(struct req *r, struct participant *p)
{
	struct actor a = http_actor(r);
	int rc = participant_for_request(r, r->params[0], p, NULL);

	if (rc == 0 && !absence_may_announce(&a, p))
		rc = absence_forbidden(r);
	return rc;
}

/* Loads the path's notice and its participant for whom may announce. 0
 * (free n with absence_notice_free), or the status sent. */
static int absence_load_notice(struct req *r, struct absence_notice *n,
			       struct participant *p)
{
	struct actor a = http_actor(r);
	int rc = absence_get(r->db, &a, r->params[0], n, p);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	if (!absence_may_announce(&a, p)) {
		absence_notice_free(n);
		return absence_forbidden(r);
	}
	return 0;
}

/* Withdraws n of p as r's user. An enum result. */
static int absence_withdraw_as(struct req *r, const struct participant *p,
			       const struct absence_notice *n,
			       struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct db *w = db_writer_lock();
	int rc = absence_withdraw(w, &a, p, n, bad);

	db_writer_unlock(w);
	return rc;
}

/* The participant page's panel. */

static void absence_panel_row(void *ctx, const struct absence_notice *n)
{
	struct view *i = view_add(ctx, "absence_notices");
	char da[DATE_DA_LEN];

	view_set_int(i, "notice_id", n->id);
	date_format_da(n->first, da, sizeof(da));
	view_set(i, "first_da", da);
	date_format_da(n->last, da, sizeof(da));
	view_set(i, "last_da", da);
	view_set_bool(i, "one_day", n->first == n->last);
	view_set(i, "actor", n->actor);
}

int absence_page_panel(struct req *r, const struct participant *p,
		       struct view *v)
{
	view_list(v, "absence_notices");
	view_setf(v, "absences_href", "/participants/%lld/absences",
		  (long long)p->id);
	return absence_current_each(r->db, p, absence_panel_row, v);
}

/* The absence page. */

struct absence_rows {
	struct view *v;
	bool may; /* may withdraw what is not over */
};

static void absence_view_row(void *ctx, const struct absence_notice *n)
{
	struct absence_rows *rows = ctx;
	struct view *v = view_add(rows->v, "notices");
	char da[DATE_DA_LEN];

	view_set_int(v, "notice_id", n->id);
	date_format_da(n->first, da, sizeof(da));
	view_set(v, "first_da", da);
	date_format_da(n->last, da, sizeof(da));
	view_set(v, "last_da", da);
	view_set_bool(v, "one_day", n->first == n->last);
	view_set(v, "comment", n->comment ? n->comment : "");
	view_set(v, "actor", n->actor);
	view_set_bool(v, "withdrawn", n->withdrawn_at != 0);
	view_set(v, "withdrawn_by", n->withdrawn_by);
	view_set_bool(v, "may_withdraw",
		      rows->may && n->withdrawn_at == 0 &&
			      n->last >= date_today());
}

/* The page, with error and what f sent when a post was refused. */
static int absence_render(struct req *r, int status,
			  const struct participant *p, const char *error,
			  const struct form *f)
{
	struct actor a = http_actor(r);
	struct absence_rows rows = {view_new(), absence_may_announce(&a, p)};
	char today[DATE_ISO_LEN + 1];
	int rc;

	if (rows.v == NULL)
		return http_error(r, 500, NULL);
	date_format_iso(date_today(), today);
	view_set(rows.v, "title", "Afbud");
	view_set_int(rows.v, "id", p->id);
	view_set(rows.v, "name", p->name);
	view_set_bool(rows.v, "may_announce", rows.may);
	view_set_bool(rows.v, "show_comments", absence_comments_visible(p));
	view_set(rows.v, "today", today);
	view_set(rows.v, "error", error);
	view_set_bool(rows.v, "saved", http_query(r, "saved") != NULL);
	view_set_bool(rows.v, "withdrawn_notice",
		      http_query(r, "withdrawn") != NULL);
	view_set(rows.v, "first_date", f ? form_get(f, "first_date") : NULL);
	view_set(rows.v, "last_date", f ? form_get(f, "last_date") : NULL);
	view_set(rows.v, "comment", f ? form_get(f, "comment") : NULL);
	view_list(rows.v, "notices");
	if (absence_each(r->db, p, absence_view_row, &rows) < 0 ||
	    view_failed(rows.v) ||
	    participant_audit_read(&a, AUDIT_PARTICIPANT_ABSENCE_READ, p, NULL,
				   "afbud") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "attendance_absences.html", rows.v);
	view_free(rows.v);
	return rc;
}

int absence_page_show(struct req *r)
{
	struct participant p;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	return rc ? rc : absence_render(r, 200, &p, NULL, NULL);
}

int absence_page_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	char loc[80];
	int64_t id = 0;
	int rc = absence_load_participant(r, &p);

	if (rc)
		return rc;
	rc = absence_form_add(r, &p, &id, &bad);
	if (rc == RESULT_INVALID)
		return absence_render(r, 422, &p, bad.message, &r->form);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	snprintf(loc, sizeof(loc), "/participants/%lld/absences?saved=1",
		 (long long)p.id);
	return http_redirect(r, loc);
}

int absence_page_withdraw(struct req *r)
{
	struct form_invalid bad = {0};
	struct absence_notice n;
	struct participant p;
	char loc[80];
	int rc = absence_load_notice(r, &n, &p);

	if (rc)
		return rc;
	rc = absence_withdraw_as(r, &p, &n, &bad);
	absence_notice_free(&n);
	if (rc == RESULT_INVALID)
		return absence_render(r, 422, &p, bad.message, NULL);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	snprintf(loc, sizeof(loc), "/participants/%lld/absences?withdrawn=1",
		 (long long)p.id);
	return http_redirect(r, loc);
}

/* The API. */

static cJSON *absence_json(const struct absence_notice *n)
{
	cJSON *o = cJSON_CreateObject();
	char iso[DATE_ISO_LEN + 1];

	cJSON_AddNumberToObject(o, "id", (double)n->id);
	cJSON_AddNumberToObject(o, "participant_id", (double)n->participant_id);
	date_format_iso(n->first, iso);
	cJSON_AddStringToObject(o, "first_date", iso);
	date_format_iso(n->last, iso);
	cJSON_AddStringToObject(o, "last_date", iso);
	if (n->comment)
		cJSON_AddStringToObject(o, "comment", n->comment);
	cJSON_AddStringToObject(o, "actor", n->actor);
	cJSON_AddNumberToObject(o, "created_at", (double)n->created_at);
	cJSON_AddBoolToObject(o, "withdrawn", n->withdrawn_at != 0);
	if (n->withdrawn_at) {
		cJSON_AddNumberToObject(o, "withdrawn_at",
					(double)n->withdrawn_at);
		cJSON_AddStringToObject(o, "withdrawn_by", n->withdrawn_by);
	}
	return o;
}

static void absence_json_row(void *ctx, const struct absence_notice *n)
{
	cJSON_AddItemToArray(ctx, absence_json(n));
}

int absence_api_list(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant p;
	cJSON *root;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	root = cJSON_CreateObject();
	if (root == NULL ||
	    absence_each(r->db, &p, absence_json_row,
			 cJSON_AddArrayToObject(root, "absences")) < 0 ||
	    participant_audit_read(&a, AUDIT_PARTICIPANT_ABSENCE_READ, &p, NULL,
				   "afbud") < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

/* Notice id of p as JSON, with status. */
static int absence_api_notice(struct req *r, int status,
			      const struct participant *p, int64_t id)
{
	struct absence_notice n;
	cJSON *o;
	int rc = absence_of(r->db, p, id, &n);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	o = absence_json(&n);
	absence_notice_free(&n);
	return http_json(r, status, o);
}

int absence_api_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	int64_t id = 0;
	int rc = absence_load_participant(r, &p);

	if (rc)
		return rc;
	rc = absence_form_add(r, &p, &id, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return absence_api_notice(r, 201, &p, id);
}

int absence_api_withdraw(struct req *r)
{
	struct form_invalid bad = {0};
	struct absence_notice n;
	struct participant p;
	int rc = absence_load_notice(r, &n, &p);

	if (rc)
		return rc;
	rc = absence_withdraw_as(r, &p, &n, &bad);
	absence_notice_free(&n);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return absence_api_notice(r, 200, &p, n.id);
}
