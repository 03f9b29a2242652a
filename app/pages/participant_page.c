/*
 * participant_page: the participant's HTML pages. Each loads the path's
 * participant (participant_load), reads its form through participant_form
 * and answers with a page, a redirect or the form again with the field
 * that is wrong. The participant page composes the nouns that hang on the
 * record; each panel's own rules stay in its module.
 */
#include "participant_page.h"

#include "absence_page.h"
#include "aftercare_page.h"
#include "agreement_page.h"
#include "attendance_stats_page.h"
#include "calendar_page.h"
#include "cohort.h"
#include "db.h"
#include "http.h"
#include "internship_page.h"
#include "participant_form.h"
#include "participant_load.h"
#include "participant_view.h"
#include "progress.h"
#include "referral.h"
#include "subscription.h"
#include "talk_page.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A string member of a sealed object ("" when absent). */
static const char *participant_page_text(const cJSON *h, const char *name)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(h, name);

	return cJSON_IsString(j) ? j->valuestring : "";
}

/* The participant page. */

static void participant_view_history(void *ctx,
				     const struct participant_history *h)
{
	struct view *row = view_add(ctx, "history");
	char dialogue[128];
	date_t d = 0;
	int from = participant_status_parse(h->from);
	int to = participant_status_parse(h->to);
	size_t i;

	if (date_parse_iso(h->date, &d) < 0)
		d = 0;
	participant_view_date(row, "date", d);
	view_set(row, "to", h->to);
	view_set(row, "to_label", to < 0 ? "" : participant_status_label(to));
	view_set(row, "from_label",
		 from < 0 ? "" : participant_status_label(from));
	view_set(row, "by", h->by);
	dialogue[0] = '\0';
	for (i = 0; participant_dialogue_names[i]; i++)
		if (strstr(h->dialogue, participant_dialogue_names[i]))
			snprintf(dialogue + strlen(dialogue),
				 sizeof(dialogue) - strlen(dialogue), "%s%s",
				 dialogue[0] ? ", " : "",
				 participant_dialogue_labels[i]);
	view_set(row, "dialogue", dialogue);
	if (h->reason)
		view_set(row, "reason", h->reason);
}

static void participant_view_outcome(void *ctx,
				     const struct participant_outcome *x)
{
	struct view *o = view_add(ctx, "outcomes");

	view_set(o, "timing_label",
		 participant_choice_label(progress_timings,
					  progress_timing_labels, x->timing));
	view_set(o, "kind_label",
		 participant_choice_label(progress_outcome_kinds,
					  progress_outcome_labels, x->kind));
	if (x->hours)
		view_set_int(o, "hours", x->hours);
	view_set(o, "other_label",
		 participant_choice_label(progress_other_kinds,
					  progress_other_labels,
					  x->other_kind));
	if (x->note)
		view_set(o, "note", x->note);
	view_set(o, "recorded_on", x->recorded_on);
}

static void participant_view_health(struct view *v, const cJSON *h)
{
	const cJSON *el;

	view_list(v, "barriers");
	cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(
				       h, "barriers")) if (cJSON_IsString(el))
		view_set(view_add(v, "barriers"), "label",
			 participant_choice_label(participant_barrier_names,
						  participant_barrier_labels,
						  el->valuestring));
	view_set(v, "barrier_other", participant_page_text(h, "barrier_other"));
	view_set(v, "substance_label",
		 participant_choice_label(
			 participant_substance_names,
			 participant_substance_labels,
			 participant_page_text(h, "substance")));
	view_list(v, "criteria");
	cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(h, "criteria"))
	{
		struct view *c = view_add(v, "criteria");
		const char *a = participant_page_text(el, "answer");

		view_set(c, "text", participant_page_text(el, "text"));
		view_set(c, "answer", a);
		view_set(c, "answer_label",
			 strcmp(a, "yes") == 0	? "Ja"
			 : strcmp(a, "no") == 0 ? "Nej"
						: "Ikke besvaret");
		view_set(c, "note", participant_page_text(el, "note"));
	}
	view_set(v, "reason", participant_page_text(h, "reason"));
	view_set(v, "wishes", participant_page_text(h, "wishes"));
}

/* The status steps a may take from p's status, as a select. */
static void participant_view_steps(const struct actor *a, struct view *v,
				   const struct participant *p)
{
	static const enum participant_status steps[] = {
		PARTICIPANT_ADMITTED,	 PARTICIPANT_STARTED,
		PARTICIPANT_COMPLETED,	 PARTICIPANT_RE_REFERRED,
		PARTICIPANT_DROPPED_OUT,
	};
	size_t i;
	bool any = false;

	view_list(v, "steps");
	if (!participant_may(a, p, PARTICIPANT_STATUS))
		return;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct view *s;

		if (!participant_transition_allowed(p->status, steps[i]))
			continue;
		s = view_add(v, "steps");
		view_set(s, "value", participant_status_names[steps[i]]);
		view_set(s, "label", participant_status_label(steps[i]));
		any = true;
	}
	view_set_bool(v, "may_status", any);
	for (i = 0; participant_dialogue_names[i]; i++) {
		struct view *d = view_add(v, "dialogue_choices");

		view_set(d, "value", participant_dialogue_names[i]);
		view_set(d, "label", participant_dialogue_labels[i]);
	}
}

/* The choices of names[] (NULL-terminated) with labels into list. */
static void participant_view_choices(struct view *v, const char *list,
				     const char *const *names,
				     const char *const *labels)
{
	size_t i;

	for (i = 0; names[i]; i++) {
		struct view *o = view_add(v, list);

		view_set(o, "value", names[i]);
		view_set(o, "label", labels[i]);
	}
}

static const char *participant_notice_text(const char *code)
{
	if (code == NULL)
		return "";
	if (strcmp(code, "waiting") == 0)
		return "Holdets pladser er optaget. Borgeren er sat på "
		       "venteliste.";
	if (strcmp(code, "over") == 0)
		return "Holdet har nu flere deltagere end de anbefalede 8-10.";
	if (strcmp(code, "saved") == 0)
		return "Gemt.";
	return "";
}

static int participant_view_sealed(struct db *db, const struct participant *p,
				   struct view *v)
{
	cJSON *h, *vis;

	view_set_bool(v, "show_health", p->access >= PARTICIPANT_ACCESS_HEALTH);
	if (p->access < PARTICIPANT_ACCESS_HEALTH)
		return 0;
	h = participant_health_get(db, p->id);
	if (h == NULL)
		return -1;
	participant_view_health(v, h);
	cJSON_Delete(h);
	vis = participant_visitation_get(db, p->id);
	view_set_bool(v, "visited", p->visitation_on != 0);
	participant_view_date(v, "visitation_on", p->visitation_on);
	view_set(v, "visitation_notes", participant_page_text(vis, "notes"));
	view_set(v, "visitation_reason", participant_page_text(vis, "reason"));
	cJSON_Delete(vis);
	return 0;
}

static void participant_view_permissions(const struct actor *a, struct view *v,
					 const struct participant *p)
{
	view_set_bool(v, "show_cpr", p->access == PARTICIPANT_ACCESS_FULL);
	view_set_bool(v, "may_edit", participant_may(a, p, PARTICIPANT_EDIT));
	view_set_bool(v, "may_reveal",
		      participant_may(a, p, PARTICIPANT_REVEAL_CPR));
	view_set_bool(v, "may_visit",
		      participant_may(a, p, PARTICIPANT_VISITATION) &&
			      (p->status == PARTICIPANT_REFERRED ||
			       p->status == PARTICIPANT_WAITING));
	view_set_bool(v, "may_outcome",
		      participant_may(a, p, PARTICIPANT_OUTCOME) &&
			      p->started_on != 0);
}

/* The record itself: basics, CPR number, steps, health, history and
 * outcomes. */
static int participant_view_record(struct req *r, const struct actor *a,
				   struct view *v, const struct participant *p,
				   const struct cohort *c)
{
	char cpr[CPR_MASKED_LEN], today[DATE_ISO_LEN + 1];
	int rc = 0;

	view_set(v, "title", p->name);
	participant_view_basics(v, p);
	view_set(v, "cohort_name", c->name);
	participant_view_permissions(a, v, p);
	date_format_iso(date_today(), today);
	view_set(v, "today", today);
	view_set(v, "notice", participant_notice_text(http_query(r, "besked")));
	if (p->access == PARTICIPANT_ACCESS_FULL) {
		rc = participant_cpr_masked(r->db, p->id, cpr);
		view_set(v, "cpr_masked", cpr);
	}
	participant_view_steps(a, v, p);
	participant_view_choices(v, "timings", progress_timings,
				 progress_timing_labels);
	participant_view_choices(v, "outcome_kinds", progress_outcome_kinds,
				 progress_outcome_labels);
	participant_view_choices(v, "other_kinds", progress_other_kinds,
				 progress_other_labels);
	view_list(v, "history");
	view_list(v, "outcomes");
	if (rc == 0)
		rc = participant_view_sealed(r->db, p, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_WORK)
		rc = participant_history_each(r->db, p,
					      participant_view_history, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_WORK)
		rc = participant_outcome_each(r->db, p,
					      participant_view_outcome, v);
	return rc;
}

/* The record and what hangs on it: talks, the calendar link, attendance
 * (the numbers count sick days: health information), the agreement guide
 * and aftercare. */
static int participant_view_page(struct req *r, const struct actor *a,
				 struct view *v, const struct participant *p,
				 const struct cohort *c)
{
	int rc = participant_view_record(r, a, v, p, c);

	if (rc == 0)
		rc = talk_page_view(r, p, v);
	if (rc == 0)
		rc = calendar_view_participant(r, p, v);
	if (rc == 0)
		rc = absence_page_panel(r, p, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_HEALTH)
		rc = attendance_stats_page_participant(r->db, p->id, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_WORK)
		rc = agreement_page_summary(r, p, v);
	if (rc == 0 && p->access >= PARTICIPANT_ACCESS_WORK)
		rc = aftercare_page_view(r, p, v);
	if (rc == 0)
		rc = internship_page_panel(r, p, v);
	return rc;
}

int participant_page_show(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant p;
	struct cohort c;
	struct view *v;
	int rc = participant_load(r, &p, &c, PARTICIPANT_ACTION__MAX);

	if (rc)
		return rc;
	v = view_new();
	if (v == NULL || participant_view_page(r, &a, v, &p, &c) < 0 ||
	    participant_audit_read(&a, AUDIT_PARTICIPANT_READ, &p, NULL,
				   "page") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, 200, "participant.html", v);
	view_free(v);
	return rc;
}

/* The referral and edit form. */

struct participant_page_source {
	const struct form *f;	     /* a form sent back (422), or NULL */
	const struct participant *p; /* the stored participant, or NULL */
	const cJSON *health;	     /* its health object, or NULL */
};

/* The value of a field: from the form sent back, else the stored one. */
static const char *
participant_form_value(const struct participant_page_source *s,
		       const char *name, const char *stored)
{
	const char *v = s->f ? form_get(s->f, name) : NULL;

	if (s->f)
		return v ? v : "";
	return stored ? stored : "";
}

struct participant_page_people {
	struct view *v;
	const char *list;
	int64_t chosen;
};

static void participant_page_person(void *ctx, int64_t id, const char *name)
{
	struct participant_page_people *pp = ctx;
	struct view *o = view_add(pp->v, pp->list);

	view_set_int(o, "id", id);
	view_set(o, "name", name);
	view_set_bool(o, "selected", id == pp->chosen);
}

static void participant_form_people(struct req *r, struct view *v,
				    const struct cohort *c, int64_t caseworker,
				    int64_t mentor)
{
	struct participant_page_people cw = {v, "caseworkers", caseworker};
	struct participant_page_people me = {v, "mentors", mentor};

	view_list(v, "caseworkers");
	view_list(v, "mentors");
	referral_caseworkers_each(r->db, c->id, participant_page_person, &cw);
	referral_mentors_each(r->db, c->id, participant_page_person, &me);
}

static bool participant_form_has(const struct participant_page_source *s,
				 const char *list, const char *value)
{
	const cJSON *el;
	size_t i;

	if (s->f) {
		for (i = 0; i < form_count(s->f, list); i++)
			if (strcmp(form_get_nth(s->f, list, i), value) == 0)
				return true;
		return false;
	}
	cJSON_ArrayForEach(
		el,
		cJSON_GetObjectItemCaseSensitive(
			s->health, list)) if (cJSON_IsString(el) &&
					      strcmp(el->valuestring, value) ==
						      0) return true;
	return false;
}

static void participant_form_choices(struct view *v,
				     const struct participant_page_source *s)
{
	const char *substance = participant_form_value(
		s, "substance", participant_page_text(s->health, "substance"));
	size_t i;

	for (i = 0; participant_barrier_names[i]; i++) {
		struct view *b = view_add(v, "barrier_choices");

		view_set(b, "value", participant_barrier_names[i]);
		view_set(b, "label", participant_barrier_labels[i]);
		view_set_bool(
			b, "checked",
			participant_form_has(s, "barriers",
					     participant_barrier_names[i]));
	}
	for (i = 0; participant_substance_names[i]; i++) {
		struct view *o = view_add(v, "substance_choices");

		view_set(o, "value", participant_substance_names[i]);
		view_set(o, "label", participant_substance_labels[i]);
		view_set_bool(
			o, "selected",
			strcmp(substance, participant_substance_names[i]) == 0);
	}
}

static int participant_form_criteria(struct req *r, struct view *v,
				     const struct cohort *c,
				     const struct participant_page_source *s)
{
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(s->health,
							    "criteria");
	struct cohort_criteria l;
	char name[32], note[40];
	size_t i;
	int rc = cohort_criteria_get(r->db, c->id, &l);

	view_list(v, "criteria");
	for (i = 0; rc == 0 && i < l.n; i++) {
		struct view *k = view_add(v, "criteria");
		const cJSON *prev = cJSON_GetArrayItem(old, (int)i);
		const char *a;

		snprintf(name, sizeof(name), "criterion_%zu", i + 1);
		snprintf(note, sizeof(note), "criterion_%zu_note", i + 1);
		a = participant_form_value(
			s, name, participant_page_text(prev, "answer"));
		view_set(k, "field", name);
		view_set(k, "note_field", note);
		view_set_int(k, "number", (long)i + 1);
		view_set(k, "text", l.text[i]);
		view_set_bool(k, "yes", strcmp(a, "yes") == 0);
		view_set_bool(k, "no", strcmp(a, "no") == 0);
		view_set(k, "note",
			 participant_form_value(
				 s, note, participant_page_text(prev, "note")));
	}
	cohort_criteria_free(&l);
	return rc;
}

static void participant_form_fields(struct view *v,
				    const struct participant_page_source *s)
{
	const struct participant *p = s->p;
	const cJSON *h = s->health;

	view_set(v, "name",
		 participant_form_value(s, "name", p ? p->name : ""));
	view_set(v, "cpr", s->f ? participant_form_value(s, "cpr", "") : "");
	view_set(v, "phone",
		 participant_form_value(s, "phone", p ? p->phone : ""));
	view_set(v, "email",
		 participant_form_value(s, "email", p ? p->email : ""));
	view_set(v, "address",
		 participant_form_value(s, "address", p ? p->address : ""));
	view_set(v, "barrier_other",
		 participant_form_value(
			 s, "barrier_other",
			 participant_page_text(h, "barrier_other")));
	view_set(v, "reason",
		 participant_form_value(s, "reason",
					participant_page_text(h, "reason")));
	view_set(v, "wishes",
		 participant_form_value(s, "wishes",
					participant_page_text(h, "wishes")));
}

static int participant_form_render(struct req *r, int status,
				   const struct cohort *c,
				   const struct participant_page_source *s,
				   const struct form_invalid *bad)
{
	const struct participant *p = s->p;
	struct view *v = view_new();
	int64_t caseworker = p ? p->caseworker_id : r->session->user_id;
	int64_t mentor = p ? p->mentor_id : 0, given;
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	if (s->f && (given = participant_form_id(s->f, "caseworker_id")) >= 0)
		caseworker = given;
	if (s->f && (given = participant_form_id(s->f, "mentor_id")) >= 0)
		mentor = given;
	view_set(v, "title", p ? "Ret borgerens oplysninger" : "Henvis borger");
	view_set_bool(v, "editing", p != NULL);
	view_set_int(v, "id", p ? p->id : 0);
	view_set_int(v, "cohort_id", c->id);
	view_set(v, "cohort_name", c->name);
	view_set(v, "error", bad ? bad->message : NULL);
	view_set(v, "error_field", bad ? bad->field : NULL);
	participant_form_fields(v, s);
	participant_form_people(r, v, c, caseworker, mentor);
	participant_form_choices(v, s);
	if (participant_form_criteria(r, v, c, s) == 0)
		rc = http_page(r, status, "participant_form.html", v);
	else
		rc = http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

int participant_page_new(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant_page_source s = {0};
	struct form_invalid bad = {0};
	struct cohort c;
	const char *closed;
	int rc = cohort_get(r->db, &a, r->params[0], &c);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	closed = referral_closed(&a, &c, date_today());
	if (closed) {
		bad.field = "cohort_id";
		snprintf(bad.message, sizeof(bad.message), "%s", closed);
	}
	return participant_form_render(r, 200, &c, &s, closed ? &bad : NULL);
}

/* To the participant's page, or to the list when the change took the
 * participant out of the user's sight. */
static int participant_page_redirect(struct req *r, int64_t id,
				     const char *notice)
{
	struct actor a = http_actor(r);
	struct participant p;
	char loc[96];

	if (participant_get(r->db, &a, id, &p) == 1)
		return http_redirect(r, "/participants");
	snprintf(loc, sizeof(loc), "/participants/%lld%s%s", (long long)id,
		 notice ? "?besked=" : "", notice ? notice : "");
	return http_redirect(r, loc);
}

int participant_page_create(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant_page_source s = {&r->form, NULL, NULL};
	struct form_invalid bad = {0};
	struct cohort c;
	int64_t id = 0, cohort = 0;
	int rc = participant_form_refer(r->db, &a, &r->form, NULL, date_today(),
					&id, &bad);

	if (rc == RESULT_OK)
		return participant_page_redirect(r, id, NULL);
	if (rc != RESULT_INVALID)
		return http_result(r, rc, &bad);
	if (participant_form_cohort(&r->form, &cohort) < 0 ||
	    cohort_get(r->db, &a, cohort, &c) != 0)
		return http_error(r, 422, bad.message);
	return participant_form_render(r, 422, &c, &s, &bad);
}

int participant_page_edit(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant_page_source s = {0};
	struct participant p;
	struct cohort c;
	cJSON *h;
	int rc = participant_load(r, &p, &c, PARTICIPANT_EDIT);

	if (rc)
		return rc;
	h = participant_health_get(r->db, p.id);
	if (h == NULL || participant_audit_read(&a, AUDIT_PARTICIPANT_READ, &p,
						NULL, "edit") < 0) {
		cJSON_Delete(h);
		return http_error(r, 500, NULL);
	}
	s.p = &p;
	s.health = h;
	rc = participant_form_render(r, 200, &c, &s, NULL);
	cJSON_Delete(h);
	return rc;
}

int participant_page_update(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant_page_source s = {&r->form, NULL, NULL};
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, PARTICIPANT_EDIT);

	if (rc)
		return rc;
	rc = participant_form_change(&a, &p, &c, &r->form, NULL,
				     PARTICIPANT_FORM_EDIT, &bad);
	if (rc == RESULT_OK)
		return participant_page_redirect(r, p.id, "saved");
	if (rc != RESULT_INVALID)
		return http_result(r, rc, &bad);
	s.p = &p;
	return participant_form_render(r, 422, &c, &s, &bad);
}

/* Visitation, a status step or an outcome posted from the participant
 * page, as of today. */
static int participant_page_step(struct req *r, enum participant_action x)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	char notice[PROGRESS_NOTICE_LEN];
	const char *code = "saved";
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, x);

	if (rc)
		return rc;
	rc = participant_form_step(&a, x, &p, &c, &r->form, date_today(),
				   notice, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	if (notice[0])
		code = strstr(notice, "venteliste") ? "waiting" : "over";
	return participant_page_redirect(r, p.id, code);
}

int participant_page_visitation(struct req *r)
{
	return participant_page_step(r, PARTICIPANT_VISITATION);
}

int participant_page_status(struct req *r)
{
	return participant_page_step(r, PARTICIPANT_STATUS);
}

int participant_page_outcome(struct req *r)
{
	return participant_page_step(r, PARTICIPANT_OUTCOME);
}

/* Revealing the CPR number, and who has looked at a citizen. */

/* The purposes to choose from, with what was posted kept. */
static void participant_cpr_choices(struct req *r, struct view *v)
{
	const char *given = form_get(&r->form, "purpose");
	const char *note = form_get(&r->form, "note");
	size_t i;

	for (i = 0; participant_cpr_purposes[i]; i++) {
		struct view *o = view_add(v, "purposes");

		view_set(o, "value", participant_cpr_purposes[i]);
		view_set(o, "label", participant_cpr_purpose_labels[i]);
		view_set_bool(o, "checked",
			      given &&
				      strcmp(given,
					     participant_cpr_purposes[i]) == 0);
	}
	view_set(v, "note",
		 note && form_utf8_valid(note, strlen(note)) ? note : "");
}

static int participant_cpr_render(struct req *r, int status,
				  const struct participant *p, const char *cpr,
				  const char *error)
{
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "CPR-nummer");
	view_set_int(v, "id", p->id);
	view_set(v, "name", p->name);
	view_set(v, "cpr", cpr);
	view_set_bool(v, "revealed", cpr && *cpr);
	view_set(v, "error", error);
	participant_cpr_choices(r, v);
	rc = http_page(r, status, "participant_cpr.html", v);
	view_free(v);
	return rc;
}

int participant_page_cpr(struct req *r)
{
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	return participant_cpr_render(r, 200, &p, NULL, NULL);
}

int participant_page_cpr_reveal(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	char cpr[CPR_MASKED_LEN];
	struct participant p;
	struct cohort c;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	rc = participant_form_reveal(&a, &p, &r->form, cpr, &bad);
	if (rc == RESULT_INVALID)
		rc = participant_cpr_render(r, 422, &p, NULL, bad.message);
	else if (rc != RESULT_OK)
		rc = http_result(r, rc, &bad);
	else
		rc = participant_cpr_render(r, 200, &p, cpr, NULL);
	sodium_memzero(cpr, sizeof(cpr));
	return rc;
}

static void participant_access_view(void *ctx,
				    const struct participant_access_row *e)
{
	struct view *row = view_add(ctx, "entries");
	char when[DATE_DA_LEN], hm[6];

	/* Reads are counted per hour: from first to last. */
	date_format_da_moment(e->at, when, sizeof(when));
	if (e->latest > e->at) {
		struct tm tm;
		time_t t = (time_t)e->latest;

		localtime_r(&t, &tm);
		date_format_hhmm(tm.tm_hour * 60 + tm.tm_min, hm);
		view_setf(row, "when", "%s–%s", when, hm);
	} else {
		view_set(row, "when", when);
	}
	view_set(row, "actor", e->actor);
	view_set(row, "action", audit_label_of(e->action));
	if (e->count > 1)
		view_setf(row, "times", "%d gange", e->count);
	view_set(row, "purpose", e->purpose);
	view_set(row, "note", e->note);
	view_set(row, "detail", e->detail);
}

int participant_page_access(struct req *r)
{
	struct actor a = http_actor(r);
	struct participant p;
	struct cohort c;
	struct view *v;
	int rc = participant_load(r, &p, &c, PARTICIPANT_REVEAL_CPR);

	if (rc)
		return rc;
	/* The look at the log is itself in the log, first. */
	if (participant_audit_read(&a, AUDIT_PARTICIPANT_ACCESS_LOG, &p, NULL,
				   NULL) < 0)
		return http_error(r, 500, NULL);
	v = view_new();
	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Adgangslog");
	view_set_int(v, "id", p.id);
	view_set(v, "name", p.name);
	view_list(v, "entries");
	rc = participant_access_each(r->db, &p, participant_access_view, v) < 0
		     ? http_error(r, 500, NULL)
		     : http_page(r, 200, "participant_access.html", v);
	view_free(v);
	return rc;
}
