/*
 * host_panel: the staff's side of the hosts' links: the internship page's
 * panel (the links with their state, a fresh one in one click, revoke, and
 * the weeks the hosts wrote), the page that shows a new link's address
 * once, and the API twins (a new link, the feedback as JSON). One reader
 * of the contact for page and API; the feedback read is audited.
 */
#include "host_panel.h"

#include "company.h"
#include "db.h"
#include "host.h"
#include "host_page_view.h"
#include "http.h"
#include "participant_load.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Loading. */

/* The panel. */

static const char *const host_panel_states[] = {
	[HOST_LINK_VALID] = "Aktivt",
	[HOST_LINK_EXPIRED] = "Udløbet",
	[HOST_LINK_REVOKED] = "Lukket",
	[HOST_LINK_UNKNOWN] = "",
};

static void host_panel_link(void *ctx, const struct host_link_row *l)
{
	struct view *item = view_add(ctx, "host_links");
	char when[DATE_DA_LEN], until[DATE_DA_LEN];

	if (date_format_da_moment(l->created_at, when, sizeof(when)) < 0)
		when[0] = '\0';
	if (date_format_da(l->expires_on, until, sizeof(until)) < 0)
		until[0] = '\0';
	view_set_int(item, "id", l->id);
	view_set(item, "contact", l->contact);
	view_set(item, "contact_email", l->contact_email);
	view_set(item, "created", when);
	view_set(item, "created_by", l->created_by);
	view_set(item, "state", host_panel_states[l->state]);
	view_set(item, "expires", until);
	view_set_bool(item, "live", l->state == HOST_LINK_VALID);
}

static int host_panel_contact(void *ctx, const struct company_contact *k)
{
	struct view *item = view_add(ctx, "host_contacts");

	view_set_int(item, "id", k->id);
	view_set(item, "name", k->name);
	view_set(item, "role", k->role);
	return 0;
}

static void host_panel_week(void *ctx, const struct host_feedback_row *f)
{
	host_page_view_week(ctx, f);
}

int host_panel_render(struct req *r, const struct internship *i,
		      const struct participant *p, struct view *v)
{
	struct actor a = http_actor(r);

	view_set_int(v, "host_internship_id", i->id);
	view_list(v, "host_links");
	view_list(v, "host_contacts");
	view_list(v, "feedback");
	view_set_bool(v, "host_may_issue", internship_may_write(&a, p));
	view_set_bool(v, "host_feedback_visible", i->full);
	if (host_links_each(r->db, i, host_panel_link, v) < 0)
		return -1;
	if (internship_may_write(&a, p) &&
	    company_contact_each(r->db, i->company_id, false,
				 host_panel_contact, v) < 0)
		return -1;
	/* The hosts' words about the citizen: for those who see all of the
	 * internship, audited as a read of the citizen's record. */
	if (!i->full)
		return 0;
	if (host_feedback_audit_read(&a, i, "side") < 0)
		return -1;
	return host_feedback_each(r->db, i->id, host_panel_week, v);
}

/* A new link. */

static const struct form_spec host_panel_form[] = {
	{"contact_id", "Kontaktperson", FIELD_INT, true, 1, LONG_MAX, NULL},
};

/* Reads the contact of r's form or JSON and issues a link to it for the
 * path's internship. An enum result with token or *bad; 0 in *status
 * when it ran, else the status of the answer sent. */
static int host_panel_issue(struct req *r, struct internship *i,
			    char token[TOKEN_SIZE], struct form_invalid *bad,
			    int *status)
{
	struct actor a = http_actor(r);
	struct participant p;
	struct form_value v;
	struct db *w;
	int rc;

	*status = internship_for_request(r, i, &p);
	if (*status)
		return RESULT_FAILED;
	rc = internship_check(&a, &p, bad);
	if (rc == RESULT_OK &&
	    form_validate(&r->form, host_panel_form, 1, &v, bad) < 0)
		rc = RESULT_INVALID;
	else if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = host_link_issue(w, &a, &p, i, v.i, token, bad);
		db_writer_unlock(w);
		form_values_free(&v, 1);
	}
	if (rc != RESULT_OK)
		internship_free(i);
	return rc;
}

int host_panel_issue_page(struct req *r)
{
	struct form_invalid bad = {0};
	struct internship i;
	char token[TOKEN_SIZE], url[HOST_URL_MAX];
	struct view *v;
	int status, rc = host_panel_issue(r, &i, token, &bad, &status);

	if (status)
		return status;
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	v = view_new();
	if (v == NULL || host_link_url(token, url) < 0) {
		rc = http_error(r, 500, NULL);
	} else {
		view_set(v, "title", "Nyt link til praktikværten");
		view_set_int(v, "id", i.id);
		view_set(v, "company", i.company);
		view_set(v, "url", url);
		rc = http_page(r, 200, "host_link_issued.html", v);
	}
	memset(token, 0, sizeof(token));
	memset(url, 0, sizeof(url));
	view_free(v);
	internship_free(&i);
	return rc;
}

int host_panel_issue_api(struct req *r)
{
	struct form_invalid bad = {0};
	struct internship i;
	char token[TOKEN_SIZE], url[HOST_URL_MAX];
	cJSON *o;
	int status, rc = host_panel_issue(r, &i, token, &bad, &status);

	if (status)
		return status;
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	o = cJSON_CreateObject();
	if (o == NULL || host_link_url(token, url) < 0) {
		cJSON_Delete(o);
		rc = http_error(r, 500, NULL);
	} else {
		cJSON_AddNumberToObject(o, "internship_id", (double)i.id);
		cJSON_AddStringToObject(o, "url", url);
		rc = http_json(r, 201, o);
	}
	memset(token, 0, sizeof(token));
	memset(url, 0, sizeof(url));
	internship_free(&i);
	return rc;
}

int host_panel_revoke(struct req *r)
{
	struct form_invalid bad = {0};
	struct actor a = http_actor(r);
	struct internship i;
	struct participant p;
	char loc[64];
	struct db *w;
	int rc = internship_for_request(r, &i, &p);

	if (rc)
		return rc;
	w = db_writer_lock();
	rc = host_link_revoke(w, &a, &p, &i, r->params[1], &bad);
	db_writer_unlock(w);
	snprintf(loc, sizeof(loc), "/internships/%lld#vaert", (long long)i.id);
	internship_free(&i);
	return rc == RESULT_OK ? http_redirect(r, loc)
			       : http_result(r, rc, &bad);
}

/* The feedback as JSON. */

static void host_panel_json_date(cJSON *o, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(d, iso);
	cJSON_AddStringToObject(o, name, iso);
}

static void host_panel_json_week(void *ctx, const struct host_feedback_row *f)
{
	cJSON *o = cJSON_CreateObject(), *days, *alarms, *d;
	size_t k;

	if (o == NULL || !cJSON_AddItemToArray(ctx, o))
		return;
	cJSON_AddNumberToObject(o, "week", f->week);
	host_panel_json_date(o, "monday", f->monday);
	cJSON_AddNumberToObject(o, "contact_id", (double)f->contact_id);
	cJSON_AddStringToObject(o, "contact", f->contact);
	if (f->rating)
		cJSON_AddNumberToObject(o, "rating", f->rating);
	else
		cJSON_AddNullToObject(o, "rating");
	cJSON_AddStringToObject(o, "text", f->text);
	cJSON_AddBoolToObject(o, "alarm", f->alarm);
	alarms = cJSON_AddArrayToObject(o, "alarms");
	for (k = 0; alarms && k < f->nalarms; k++)
		cJSON_AddItemToArray(alarms, cJSON_CreateString(f->alarms[k]));
	cJSON_AddBoolToObject(o, "call_me", f->call_me);
	cJSON_AddNumberToObject(o, "updated_at", (double)f->updated_at);
	days = cJSON_AddArrayToObject(o, "days");
	for (k = 0; days && k < f->ndays; k++) {
		d = cJSON_CreateObject();
		if (d == NULL || !cJSON_AddItemToArray(days, d))
			break;
		host_panel_json_date(d, "date", f->days[k].date);
		cJSON_AddStringToObject(d, "status",
					host_day_names[f->days[k].status]);
		cJSON_AddNumberToObject(d, "planned_minutes",
					f->days[k].planned_min);
		cJSON_AddNumberToObject(d, "worked_minutes",
					f->days[k].worked_min);
	}
}

int host_panel_feedback_api(struct req *r)
{
	struct actor a = http_actor(r);
	struct internship i;
	struct participant p;
	cJSON *root, *weeks;
	int rc = internship_for_request(r, &i, &p);

	if (rc)
		return rc;
	if (!i.full) {
		internship_free(&i);
		return http_error(r, 403,
				  "Du kan ikke se praktikværtens "
				  "tilbagemeldinger.");
	}
	root = cJSON_CreateObject();
	weeks = root ? cJSON_AddArrayToObject(root, "weeks") : NULL;
	if (weeks == NULL || host_feedback_audit_read(&a, &i, "api") < 0 ||
	    host_feedback_each(r->db, i.id, host_panel_json_week, weeks) < 0) {
		cJSON_Delete(root);
		rc = http_error(r, 500, NULL);
	} else {
		cJSON_AddNumberToObject(root, "internship_id", (double)i.id);
		rc = http_json(r, 200, root);
	}
	internship_free(&i);
	return rc;
}
