/*
 * internship_calendar: the employer's calendar link as staff see it. The
 * link, who may have it and its audit rows are
 * calendars/subscription_employer.c; here they become views, JSON,
 * redirects and statuses.
 */
#include "internship_calendar.h"
#include "calendar_page.h"

#include "actor.h"
#include "date.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "internship.h"
#include "participant.h"
#include "participant_load.h"
#include "subscription.h"
#include "subscription_employer.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char internship_calendar_refused[] =
	"Du har ikke adgang til virksomhedens kalenderlink. Det har "
	"virksomhedskonsulenten, projektlederen og borgerens sagsbehandler.";

int internship_calendar_view(struct req *r, const struct internship *i,
			     const struct participant *p, struct view *v)
{
	struct actor a = http_actor(r);
	enum subscription_state state = SUBSCRIPTION_NONE;
	bool may = subscription_employer_may(&a, p);

	if (may && subscription_employer_state(r->db, i, &state) < 0)
		return -1;
	view_set_int(v, "employer_calendar_id", (long)i->id);
	view_set_bool(v, "may_employer_calendar", may);
	view_set_bool(v, "employer_calendar_live", state == SUBSCRIPTION_LIVE);
	view_set_bool(v, "employer_calendar_revoked",
		      state == SUBSCRIPTION_REVOKED);
	return 0;
}

/*
 * The internship of the path with its participant, for r's user, who may
 * have its employer link. 0, else the status already answered (404 when
 * they do not see it, 403 when they see it but may not).
 */
static int internship_calendar_load(struct req *r, struct internship *i,
				    struct participant *p)
{
	struct actor a = http_actor(r);
	int rc = internship_for_request(r, i, p);

	if (rc)
		return rc;
	if (!subscription_employer_may(&a, p)) {
		internship_free(i);
		return http_error(r, 403, internship_calendar_refused);
	}
	return 0;
}

/* The live token of i into token, made when there has never been one
 * (revoke: when revoked too). *state as it is after. 0 or -1. */
static int internship_calendar_token(struct req *r, const struct internship *i,
				     const struct participant *p,
				     const char *detail, bool revoked,
				     char token[SUBSCRIPTION_TOKEN_SIZE],
				     enum subscription_state *state)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct db *w;
	int rc = subscription_employer_read(r->db, &a, p, i, detail, token,
					    state);

	if (rc < 0 || *state == SUBSCRIPTION_LIVE ||
	    (*state == SUBSCRIPTION_REVOKED && !revoked))
		return rc;
	w = db_writer_lock();
	rc = subscription_employer_open(w, &a, p, i, detail, token, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK)
		return -1;
	*state = SUBSCRIPTION_LIVE;
	return 0;
}

int internship_calendar_page(struct req *r)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "", start[DATE_DA_LEN];
	char end[DATE_DA_LEN];
	enum subscription_state state;
	struct internship i;
	struct participant p;
	struct view *v = NULL;
	int rc = internship_calendar_load(r, &i, &p);

	if (rc)
		return rc;
	v = view_new();
	if (v == NULL ||
	    internship_calendar_token(r, &i, &p, "page", false, token, &state) <
		    0 ||
	    (state == SUBSCRIPTION_LIVE && calendar_view_links(v, token) < 0)) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	date_format_da(i.start_on, start, sizeof(start));
	date_format_da(i.end_on, end, sizeof(end));
	view_set(v, "title", "Virksomhedens kalender");
	view_set_int(v, "id", (long)i.id);
	view_set_int(v, "participant_id", (long)i.participant_id);
	view_set(v, "company", i.company);
	view_set(v, "contact", i.contact);
	view_set(v, "start", start);
	view_set(v, "end", end);
	view_set_bool(v, "live", state == SUBSCRIPTION_LIVE);
	view_set_bool(v, "rotated", http_query(r, "ny") != NULL);
	rc = http_page(r, 200, "internship_calendar.html", v);
out:
	sodium_memzero(token, sizeof(token));
	view_free(v);
	internship_free(&i);
	return rc;
}

/*
 * The twins' shared half: the internship of the path, and its link
 * rotated (the new token into token) or revoked by r's user. 0 when done
 * (*id the internship's), else the status already answered.
 */
static int internship_calendar_change(struct req *r, bool rotate, int64_t *id,
				      char token[SUBSCRIPTION_TOKEN_SIZE])
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct internship i;
	struct participant p;
	struct db *w;
	int rc = internship_calendar_load(r, &i, &p);

	if (rc)
		return rc;
	*id = i.id;
	w = db_writer_lock();
	if (rotate)
		rc = subscription_employer_rotate(w, &a, &p, &i, token, &bad);
	else
		rc = subscription_employer_revoke(w, &a, &p, &i, &bad);
	db_writer_unlock(w);
	internship_free(&i);
	return rc == RESULT_OK ? 0 : http_result(r, rc, &bad);
}

static int internship_calendar_page_change(struct req *r, bool rotate)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "", loc[80];
	int64_t id = 0;
	int rc = internship_calendar_change(r, rotate, &id, token);

	sodium_memzero(token, sizeof(token));
	if (rc)
		return rc;
	snprintf(loc, sizeof(loc), "/internships/%lld/calendar%s",
		 (long long)id, rotate ? "?ny=1" : "");
	return http_redirect(r, loc);
}

int internship_calendar_page_rotate(struct req *r)
{
	return internship_calendar_page_change(r, true);
}

int internship_calendar_page_revoke(struct req *r)
{
	return internship_calendar_page_change(r, false);
}

int internship_calendar_api_get(struct req *r)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "";
	enum subscription_state state;
	struct internship i;
	struct participant p;
	int rc = internship_calendar_load(r, &i, &p);

	if (rc)
		return rc;
	/* The API's answer is a link that works: a revoked one is made
	 * again (the page shows it revoked until someone renews it). */
	if (internship_calendar_token(r, &i, &p, "api", true, token, &state) <
	    0)
		rc = http_error(r, 500, NULL);
	else
		rc = calendar_api_links(r, token);
	sodium_memzero(token, sizeof(token));
	internship_free(&i);
	return rc;
}

int internship_calendar_api_rotate(struct req *r)
{
	char token[SUBSCRIPTION_TOKEN_SIZE] = "";
	int64_t id = 0;
	int rc = internship_calendar_change(r, true, &id, token);

	if (rc == 0)
		rc = calendar_api_links(r, token);
	sodium_memzero(token, sizeof(token));
	return rc;
}

int internship_calendar_api_revoke(struct req *r)
{
	int64_t id = 0;
	cJSON *o;
	int rc = internship_calendar_change(r, false, &id, NULL);

	if (rc)
		return rc;
	o = cJSON_CreateObject();
	if (o == NULL || !cJSON_AddBoolToObject(o, "revoked", true)) {
		cJSON_Delete(o);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, o);
}
