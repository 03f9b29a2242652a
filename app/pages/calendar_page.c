/*
 * calendar_page: calendar links as staff see them. The links, their
 * rules and audit rows are calendars/subscription*.c; here they become
 * views (with the QR code), JSON, redirects and statuses.
 */
#include "calendar_page.h"
#include "participant_load.h"

#include "actor.h"
#include "buf.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "participant.h"
#include "subscription.h"
#include "subscription_participant.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Links and the QR code. */

/*
 * The QR code holds the https address: every phone's camera app opens
 * https, while webcal:// is left alone by most Android cameras; iPhones
 * offer to subscribe from the printed webcal address.
 */
int calendar_view_links(struct view *v, const char *token)
{
	char https[SUBSCRIPTION_URL_MAX], webcal[SUBSCRIPTION_URL_MAX];
	struct buf path = BUF_INIT(0);
	int size = 0, rc = -1;

	if (subscription_urls(token, https, webcal) == 0 &&
	    subscription_qr_path(https, &path, &size) == 0) {
		view_set(v, "https", https);
		view_set(v, "webcal", webcal);
		view_set(v, "qr_path", path.data);
		view_set_int(v, "qr_size", size);
		rc = 0;
	}
	sodium_memzero(https, sizeof(https));
	sodium_memzero(webcal, sizeof(webcal));
	buf_free(&path);
	return rc;
}

int calendar_api_links(struct req *r, const char *token)
{
	char https[SUBSCRIPTION_URL_MAX], webcal[SUBSCRIPTION_URL_MAX];
	cJSON *o;

	if (subscription_urls(token, https, webcal) < 0)
		return http_error(r, 500, NULL);
	o = cJSON_CreateObject();
	if (o == NULL || !cJSON_AddStringToObject(o, "https", https) ||
	    !cJSON_AddStringToObject(o, "webcal", webcal)) {
		cJSON_Delete(o);
		return http_error(r, 500, NULL);
	}
	sodium_memzero(https, sizeof(https));
	sodium_memzero(webcal, sizeof(webcal));
	return http_json(r, 200, o);
}

/* A participant's link. */

int calendar_view_participant(struct req *r, const struct participant *p,
			      struct view *v)
{
	enum subscription_state state;

	if (subscription_participant_state(r->db, p, &state) < 0)
		return -1;
	view_set_bool(v, "may_calendar", subscription_participant_may_see(p));
	view_set_bool(v, "may_calendar_manage",
		      subscription_participant_may_manage(p));
	view_set_bool(v, "calendar_live", state == SUBSCRIPTION_LIVE);
	view_set_bool(v, "calendar_revoked", state == SUBSCRIPTION_REVOKED);
	return 0;
}

/*
 * The token of p's link for r's user to see (an audited read), or, when p
 * never had one, a new one. A revoked link is not made again here (*state
 * SUBSCRIPTION_REVOKED): that is what rotate is for. 0 or -1.
 */
static int calendar_open(struct req *r, const struct participant *p,
			 const char *detail,
			 char token[SUBSCRIPTION_TOKEN_SIZE],
			 enum subscription_state *state)
{
	struct actor a = http_actor(r);
	struct db *w;
	int rc = subscription_participant_read(r->db, &a, p, detail, token,
					       state);

	if (rc != 1)
		return rc;
	*state = SUBSCRIPTION_LIVE;
	w = db_writer_lock();
	rc = subscription_participant_create(w, &a, p, detail, token);
	db_writer_unlock(w);
	return rc;
}

int calendar_page_handout(struct req *r)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "";
	struct subscription_handout h;
	enum subscription_state state;
	struct participant p;
	struct view *v = NULL;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	v = view_new();
	if (v == NULL || calendar_open(r, &p, "handout", token, &state) < 0 ||
	    subscription_participant_handout(r->db, &p, &h) < 0 ||
	    (state == SUBSCRIPTION_LIVE && calendar_view_links(v, token) < 0)) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	view_set(v, "cohort_name", h.cohort_name);
	view_set(v, "venue_name", h.venue_name);
	view_set(v, "venue_address", h.venue_address);
	view_set(v, "title", "Kalender til telefonen");
	view_set_int(v, "id", p.id);
	view_set_bool(v, "live", state == SUBSCRIPTION_LIVE);
	view_set_bool(v, "may_manage", subscription_participant_may_manage(&p));
	view_set_bool(v, "rotated", http_query(r, "ny") != NULL);
	rc = http_page(r, 200, "calendar_handout.html", v);
out:
	sodium_memzero(token, sizeof(token));
	view_free(v);
	return rc;
}

int calendar_api_get(struct req *r)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "";
	enum subscription_state state;
	struct participant p;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	if (calendar_open(r, &p, "api", token, &state) < 0)
		rc = http_error(r, 500, NULL);
	else if (state == SUBSCRIPTION_REVOKED)
		rc = http_error(r, 409,
				"Borgerens kalenderlink er "
				"tilbagekaldt. Lav et nyt.");
	else
		rc = calendar_api_links(r, token);
	sodium_memzero(token, sizeof(token));
	return rc;
}

/*
 * The twins' shared half: the participant of the path, and its link
 * rotated (the new token into token) or revoked by r's user. 0 when done,
 * else the status already answered.
 */
static int calendar_change(struct req *r, bool rotate, struct participant *p,
			   char token[SUBSCRIPTION_TOKEN_SIZE])
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct db *w;
	int rc = participant_for_request(r, r->params[0], p, NULL);

	if (rc)
		return rc;
	w = db_writer_lock();
	if (rotate)
		rc = subscription_participant_rotate(w, &a, p, token, &bad);
	else
		rc = subscription_participant_revoke(w, &a, p, &bad);
	db_writer_unlock(w);
	return rc == RESULT_OK ? 0 : http_result(r, rc, &bad);
}

static int calendar_page_change(struct req *r, bool rotate)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "", loc[80];
	struct participant p;
	int rc = calendar_change(r, rotate, &p, token);

	sodium_memzero(token, sizeof(token));
	if (rc)
		return rc;
	snprintf(loc, sizeof(loc), "/participants/%lld/calendar%s",
		 (long long)p.id, rotate ? "?ny=1" : "");
	return http_redirect(r, loc);
}

int calendar_page_rotate(struct req *r)
{
	return calendar_page_change(r, true);
}

int calendar_page_revoke(struct req *r)
{
	return calendar_page_change(r, false);
}

int calendar_api_rotate(struct req *r)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "";
	struct participant p;
	int rc = calendar_change(r, true, &p, token);

	if (rc == 0)
		rc = calendar_api_links(r, token);
	sodium_memzero(token, sizeof(token));
	return rc;
}

int calendar_api_revoke(struct req *r)
{
	struct participant p;
	cJSON *o;
	int rc = calendar_change(r, false, &p, NULL);

	if (rc)
		return rc;
	o = cJSON_CreateObject();
	if (o == NULL || !cJSON_AddBoolToObject(o, "revoked", true)) {
		cJSON_Delete(o);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, o);
}

/* Staff's own links. */

static void calendar_view_own(struct view *v, const struct subscription_own *o)
{
	static const char *const labels[SUBSCRIPTION_KIND__MAX] = {
		[SUBSCRIPTION_INSTRUCTOR] = "Mine undervisningsdage",
		[SUBSCRIPTION_STAFF] = "Mine samtaler og møder",
		[SUBSCRIPTION_COHORT] = "Holdet",
	};
	static const char *const about[SUBSCRIPTION_KIND__MAX] = {
		[SUBSCRIPTION_INSTRUCTOR] = "Dagene på de hold, du underviser.",
		[SUBSCRIPTION_STAFF] = "Dine forberedelsessamtaler med "
				       "deltagerne og statusmøderne i de "
				       "praktikker, du følger.",
		[SUBSCRIPTION_COHORT] = "Alle holdets kursusdage.",
	};
	enum subscription_kind kind = o->key.kind;

	if (kind == SUBSCRIPTION_COHORT)
		view_setf(v, "label", "%s %s", labels[kind], o->name);
	else
		view_set(v, "label", labels[kind]);
	view_set(v, "about", about[kind]);
	view_set(v, "kind", subscription_kind_names[kind]);
	view_set_int(v, "subject", (long)o->key.subject);
	calendar_view_links(v, o->token);
}

int calendar_view_account(struct req *r, struct view *v)
{
	struct actor a = http_actor(r);
	struct subscription_own_list l;
	struct db *w;
	size_t i;
	int rc;

	view_list(v, "calendars");
	view_set_bool(v, "calendar_rotated", http_query(r, "kalender") != NULL);
	rc = subscription_own_load(r->db, &a, &l);
	if (rc == 1) {
		w = db_writer_lock();
		rc = subscription_own_issue(w, &a, &l);
		db_writer_unlock(w);
	}
	if (rc == 0) {
		for (i = 0; i < l.n; i++)
			calendar_view_own(view_add(v, "calendars"),
					  &l.items[i]);
		rc = view_failed(v) ? -1 : 0;
	}
	subscription_own_free(&l);
	return rc;
}

static const char *const calendar_own_kinds[] = {"instructor", "staff",
						 "cohort", NULL};

static const struct form_spec calendar_rotate_form[] = {
	{"kind", "Kalender", FIELD_ENUM, true, 0, 0, calendar_own_kinds},
	{"subject", "Hold", FIELD_INT, false, 1, INT32_MAX, NULL},
};
enum { CR_KIND, CR_SUBJECT, CR__N };

int calendar_page_account_rotate(struct req *r)
{
	static const enum subscription_kind kinds[] = {SUBSCRIPTION_INSTRUCTOR,
						       SUBSCRIPTION_STAFF,
						       SUBSCRIPTION_COHORT};
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct form_value v[CR__N];
	enum subscription_kind kind;
	int64_t subject;
	struct db *w;
	int rc;

	if (form_validate(&r->form, calendar_rotate_form, CR__N, v, NULL) < 0)
		return http_error(r, 422, "Vælg en kalender.");
	kind = kinds[v[CR_KIND].i];
	subject = v[CR_SUBJECT].i;
	form_values_free(v, CR__N);
	w = db_writer_lock();
	rc = subscription_own_rotate(w, &a, kind, subject, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return http_redirect(r, "/account?kalender=ny#kalender");
}
