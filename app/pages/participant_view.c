/*
 * participant_view: the participant's fields for templates and JSON, each
 * gated by the access the domain loaded it with.
 */
#include "participant_view.h"

#include "cpr.h"
#include "db.h"
#include "html.h"
#include "json.h"

#include <stdio.h>

void participant_view_date(struct view *v, const char *name, date_t d)
{
	char da[DATE_DA_LEN], key[48];

	snprintf(key, sizeof(key), "%s_da", name);
	if (d == 0) {
		view_set(v, key, "");
		return;
	}
	date_format_da(d, da, sizeof(da));
	view_set(v, key, da);
}

void participant_view_basics(struct view *v, const struct participant *p)
{
	view_set_int(v, "id", p->id);
	view_set_int(v, "cohort_id", p->cohort_id);
	view_set(v, "name", p->name);
	view_set(v, "status", participant_status_names[p->status]);
	view_set(v, "status_label", participant_status_label(p->status));
	view_set(v, "caseworker", p->caseworker);
	view_set(v, "mentor", p->mentor);
	view_set(v, "phone", p->phone);
	view_set(v, "email", p->email);
	view_set(v, "address", p->address);
	view_set_bool(v, "show_work", p->access >= PARTICIPANT_ACCESS_WORK);
	if (p->access >= PARTICIPANT_ACCESS_WORK)
		view_set_int(v, "age", date_year(date_today()) - p->birth_year);
	participant_view_date(v, "referred_on", p->referred_on);
	participant_view_date(v, "started_on", p->started_on);
	participant_view_date(v, "ended_on", p->ended_on);
}

static void participant_json_history(void *ctx,
				     const struct participant_history *h)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "date", h->date);
	cJSON_AddStringToObject(o, "from", h->from);
	cJSON_AddStringToObject(o, "to", h->to);
	if (h->reason)
		cJSON_AddStringToObject(o, "reason", h->reason);
	cJSON_AddStringToObject(o, "dialogue", h->dialogue);
	cJSON_AddStringToObject(o, "by", h->by);
	cJSON_AddItemToArray(ctx, o);
}

static void participant_json_outcome(void *ctx,
				     const struct participant_outcome *x)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "timing", x->timing);
	cJSON_AddStringToObject(o, "kind", x->kind);
	if (x->hours)
		cJSON_AddNumberToObject(o, "hours_per_week", x->hours);
	if (*x->other_kind)
		cJSON_AddStringToObject(o, "other_kind", x->other_kind);
	if (x->note)
		cJSON_AddStringToObject(o, "note", x->note);
	cJSON_AddStringToObject(o, "recorded_on", x->recorded_on);
	cJSON_AddItemToArray(ctx, o);
}

/* The health object's members, copied into o. */
static void participant_json_health(cJSON *o, const cJSON *h)
{
	static const char *const names[] = {"barriers",	 "barrier_other",
					    "substance", "criteria",
					    "reason",	 "wishes"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *item = cJSON_GetObjectItemCaseSensitive(h,
								     names[i]);

		if (item)
			cJSON_AddItemToObject(o, names[i],
					      cJSON_Duplicate(item, true));
	}
}

/* The sealed health and visitation fields, for health access. */
static int participant_json_sealed(struct db *db, const struct participant *p,
				   cJSON *o)
{
	cJSON *h = participant_health_get(db, p->id), *vis;

	if (h == NULL)
		return -1;
	participant_json_health(o, h);
	cJSON_Delete(h);
	vis = participant_visitation_get(db, p->id);
	if (vis) {
		json_add_date(vis, "date", p->visitation_on);
		cJSON_AddItemToObject(o, "visitation", vis);
	}
	return 0;
}

cJSON *participant_json(struct db *db, const struct participant *p, bool detail)
{
	cJSON *o = cJSON_CreateObject();
	char cpr[CPR_MASKED_LEN];

	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddNumberToObject(o, "cohort_id", (double)p->cohort_id);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "status",
				participant_status_names[p->status]);
	if (p->access == PARTICIPANT_ACCESS_FULL) {
		if (participant_cpr_masked(db, p->id, cpr) < 0)
			goto fail;
		cJSON_AddStringToObject(o, "cpr", cpr);
	}
	cJSON_AddStringToObject(o, "phone", p->phone);
	cJSON_AddStringToObject(o, "email", p->email);
	cJSON_AddStringToObject(o, "address", p->address);
	cJSON_AddNumberToObject(o, "caseworker_id", (double)p->caseworker_id);
	cJSON_AddStringToObject(o, "caseworker", p->caseworker);
	if (p->mentor_id) {
		cJSON_AddNumberToObject(o, "mentor_id", (double)p->mentor_id);
		cJSON_AddStringToObject(o, "mentor", p->mentor);
	} else {
		cJSON_AddNullToObject(o, "mentor_id");
	}
	json_add_date(o, "referred_on", p->referred_on);
	json_add_date(o, "started_on", p->started_on);
	json_add_date(o, "ended_on", p->ended_on);
	if (p->access < PARTICIPANT_ACCESS_WORK)
		return o;
	cJSON_AddNumberToObject(o, "birth_year", p->birth_year);
	if (!detail)
		return o;
	if (p->access >= PARTICIPANT_ACCESS_HEALTH &&
	    participant_json_sealed(db, p, o) < 0)
		goto fail;
	if (participant_history_each(db, p, participant_json_history,
				     cJSON_AddArrayToObject(o, "history")) <
		    0 ||
	    participant_outcome_each(db, p, participant_json_outcome,
				     cJSON_AddArrayToObject(o, "outcomes")) < 0)
		goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}
