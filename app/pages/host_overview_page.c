/*
 * host_overview_page: the internship panels of the start page, from
 * host_overview.h, and marking a host's signal seen.
 */
#include "host_overview_page.h"

#include "actor.h"
#include "audit.h"
#include "date.h"
#include "db.h"
#include "host_followup.h"
#include "host_overview.h"
#include "http.h"
#include "participant.h"

#include <cjson/cJSON.h>
#include <stdio.h>

bool host_overview_page_shown(enum role role)
{
	return role == ROLE_CONSULTANT || role == ROLE_PROJECT_LEADER ||
	       role == ROLE_CASEWORKER;
}

/* What every row shows: the internship, the citizen, the company. */
static struct view *hop_row(struct view *v, const char *list,
			    const struct host_overview_row *r)
{
	struct view *i = view_add(v, list);
	char da[DATE_DA_LEN];

	view_set_int(i, "internship_id", r->internship_id);
	view_set(i, "participant", r->participant);
	view_set(i, "company", r->company);
	date_format_da(r->start_on, da, sizeof(da));
	view_set(i, "start_da", da);
	view_set_int(i, "week", r->week);
	return i;
}

static void hop_fill(struct view *v, const struct host_overview *o)
{
	struct view *i;
	char at[64], t[6];
	size_t k;

	view_set_bool(v, "follows_internships", true);
	view_list(v, "host_no_feedback");
	view_list(v, "host_alerts");
	view_list(v, "host_starting");
	view_list(v, "host_meetings");
	for (k = 0; k < o->nno_feedback; k++)
		hop_row(v, "host_no_feedback", &o->no_feedback[k]);
	for (k = 0; k < o->nalerts; k++) {
		i = hop_row(v, "host_alerts", &o->alerts[k]);
		view_set_int(i, "alert_id", o->alerts[k].alert_id);
		view_set(i, "label", host_alert_labels[o->alerts[k].alert]);
		date_format_da_moment(o->alerts[k].alert_at, at, sizeof(at));
		view_set(i, "at", at);
	}
	for (k = 0; k < o->nstarting; k++) {
		i = hop_row(v, "host_starting", &o->starting[k]);
		view_set(i, "missing",
			 o->starting[k].no_consent && o->starting[k].no_plan
				 ? "Samtykke og optrapningsplan"
			 : o->starting[k].no_consent ? "Samtykke"
						     : "Optrapningsplan");
	}
	for (k = 0; k < o->nmeetings; k++) {
		i = hop_row(v, "host_meetings", &o->meetings[k]);
		if (o->meetings[k].minute >= 0) {
			date_format_hhmm(o->meetings[k].minute, t);
			view_set(i, "time", t);
		} else {
			view_set(i, "time", "Tid ikke aftalt");
		}
		view_set(i, "who", o->meetings[k].who);
	}
}

int host_overview_page_start(struct req *r, const struct actor *a,
			     struct view *v)
{
	struct host_overview o;
	int64_t ids[4 * HOST_OVERVIEW_MAX];
	size_t n;
	int rc = -1;

	if (host_overview_load(r->db, a, date_today(), &o) < 0)
		goto out;
	hop_fill(v, &o);
	n = host_overview_participants(&o, ids, sizeof(ids) / sizeof(ids[0]));
	rc = n ? participant_audit_reads(a, AUDIT_PARTICIPANT_LIST, ids, n,
					 "start page internships")
	       : 0;
out:
	host_overview_free(&o);
	return rc;
}

/* Marks the path's signal seen as the request's user: the result. */
static int hop_mark_seen(struct req *r)
{
	struct actor a = http_actor(r);
	struct db *w = db_writer_lock();
	int rc = host_alert_mark_seen(w, &a, r->params[0], http_now());

	db_writer_unlock(w);
	return rc;
}

int host_overview_page_seen(struct req *r)
{
	int rc = hop_mark_seen(r);

	if (rc != RESULT_OK)
		return http_result(r, rc, NULL);
	return http_redirect(r, "/start#praktik");
}

int host_overview_api_seen(struct req *r)
{
	int rc = hop_mark_seen(r);
	cJSON *o;

	if (rc != RESULT_OK)
		return http_result(r, rc, NULL);
	o = cJSON_CreateObject();
	if (o == NULL)
		return http_error(r, 500, NULL);
	cJSON_AddNumberToObject(o, "id", (double)r->params[0]);
	cJSON_AddBoolToObject(o, "seen", 1);
	return http_json(r, 200, o);
}
