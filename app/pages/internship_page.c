/*
 * internship_page: the participant page's "Praktik" panel, the form for a
 * new internship (pre-filled by internship_draft), the internship's page
 * (its facts, timeline, warnings, a form for each step the user may take,
 * its chain of renewals) and the posts that make and change it. Every
 * read of an internship's page is audited as a participant read before it
 * is shown; writes go through the domain with the writer.
 */
#include "internship_page.h"

#include "agreement.h"
#include "db.h"
#include "host_panel.h"
#include "http.h"
#include "internship_calendar.h"
#include "internship_form.h"
#include "participant_load.h"
#include "plan_picture.h"
#include "stepup.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The view of an internship. */

static void internship_view_date(struct view *v, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1], da[DATE_DA_LEN], key[32];

	if (d == 0)
		return;
	date_format_iso(d, iso);
	date_format_da(d, da, sizeof(da));
	view_set(v, name, iso);
	snprintf(key, sizeof(key), "%s_da", name);
	view_set(v, key, da);
}

void internship_view(struct view *v, const struct internship *i)
{
	view_set_int(v, "internship_id", i->id);
	view_set_int(v, "participant_id", i->participant_id);
	view_set(v, "company", i->company);
	view_set_int(v, "company_id", i->company_id);
	view_set(v, "company_cvr", i->company_cvr);
	view_set(v, "company_address", i->company_address);
	view_set(v, "contact", i->contact);
	view_set(v, "contact_role", i->contact_role);
	view_set(v, "contact_email", i->contact_email);
	view_set(v, "contact_phone", i->contact_phone);
	view_set(v, "workplace_address", i->workplace_address);
	internship_view_date(v, "start", i->start_on);
	internship_view_date(v, "end", i->end_on);
	view_set_int(v, "weeks", internship_weeks(i->start_on, i->end_on));
	view_set(v, "status", internship_status_names[i->status]);
	view_set(v, "status_label", internship_status_labels[i->status]);
	if ((unsigned)i->ended_by < INTERNSHIP_ENDER__MAX)
		view_set(v, "ended_by_label",
			 internship_ender_labels[i->ended_by]);
	if (i->previous_id)
		view_set_int(v, "previous_id", i->previous_id);
	view_set(v, "teaching_day", date_weekday_name(i->teaching_weekday));
	view_set_bool(v, "full", i->full);
	if (i->full) {
		view_set(v, "purpose", i->purpose);
		view_set(v, "tasks", i->tasks);
		view_set(v, "special_need", i->special_need);
	}
}

/* The panel. */

static void internship_panel_row(void *ctx, const struct internship *i)
{
	internship_view(view_add(ctx, "internships"), i);
}

int internship_page_panel(struct req *r, const struct participant *p,
			  struct view *v)
{
	struct actor a = http_actor(r);

	view_set_bool(v, "internships_visible", true);
	view_set_bool(v, "may_internship", internship_may_write(&a, p));
	view_list(v, "internships");
	return internship_each(r->db, p, internship_panel_row, v);
}

/* The form's choices: the companies and their contact persons, with the
 * host cap's warning of each company for the dates. */

struct internship_choices {
	struct db *db;
	struct view *v;
	int64_t company, contact, last, previous_id;
	int64_t self; /* the internship changed (not counted twice), or 0 */
	date_t start, end;
	bool failed;
};

static void internship_choice(void *ctx,
			      const struct internship_company_choice *c)
{
	struct internship_choices *ch = ctx;
	struct internship_warnings w;
	struct internship *t;
	struct view *item;

	if (c->company_id != ch->last) {
		ch->last = c->company_id;
		item = view_add(ch->v, "companies");
		view_set_int(item, "value", c->company_id);
		view_set(item, "label", c->company);
		view_set_bool(item, "selected", c->company_id == ch->company);
		/* Would one more intern on these dates pass the cap? */
		t = calloc(1, sizeof(*t));
		if (t == NULL) {
			ch->failed = true;
			return;
		}
		t->id = ch->self;
		t->company_id = c->company_id;
		t->previous_id = ch->previous_id;
		t->start_on = ch->start;
		t->end_on = ch->end;
		if (ch->start && ch->end &&
		    internship_warnings_get(ch->db, t, &w) < 0)
			ch->failed = true;
		else if (ch->start && ch->end &&
			 (w.codes & INTERNSHIP_WARN_CAP))
			view_setf(view_add(ch->v, "cap_warnings"), "text",
				  "%s: %s", c->company,
				  w.text[w.n > 1 ? 1 : 0]);
		free(t);
	}
	if (c->contact_id == 0)
		return;
	item = view_add(ch->v, "contacts");
	view_set_int(item, "value", c->contact_id);
	view_setf(item, "label", "%s%s%s – %s", c->contact,
		  *c->contact_role ? ", " : "", c->contact_role, c->company);
	view_set_bool(item, "selected", c->contact_id == ch->contact);
}

static int internship_view_choices(struct req *r, const struct participant *p,
				   struct view *v,
				   struct internship_choices *ch)
{
	struct actor a = http_actor(r);

	ch->db = r->db;
	ch->v = v;
	ch->last = 0;
	view_list(v, "companies");
	view_list(v, "contacts");
	view_list(v, "cap_warnings");
	if (internship_companies_each(r->db, &a, p, internship_choice, ch) <
		    0 ||
	    ch->failed)
		return -1;
	return 0;
}

/* An id of the form sent back, or the stored one. */
static int64_t internship_form_id(const struct form *f, const char *name,
				  int64_t stored)
{
	struct form_spec spec = {name, "", FIELD_INT, false, 0, LONG_MAX, NULL};
	struct form_value v;
	int64_t id = stored;

	if (f == NULL || form_get(f, name) == NULL)
		return stored;
	if (form_validate(f, &spec, 1, &v, NULL) == 0) {
		id = v.present ? v.i : 0;
		form_values_free(&v, 1);
	}
	return id;
}

/* A text of the form sent back, or the stored one. */
static const char *internship_form_value(const struct form *f, const char *name,
					 const char *stored)
{
	const char *s = f ? form_get(f, name) : NULL;

	return s ? s : stored;
}

/* The fields of the new and change forms: from the form sent back (f,
 * after an error) or else from d. */
static int internship_view_fields(struct req *r, const struct participant *p,
				  struct view *v, const struct form *f,
				  const struct internship_draft *d,
				  int64_t self)
{
	struct internship_choices ch = {0};
	char iso[2][DATE_ISO_LEN + 1];

	ch.self = self;
	ch.company = internship_form_id(f, "company_id", d->company_id);
	ch.contact = internship_form_id(f, "contact_id", d->contact_id);
	ch.previous_id = d->previous_id;
	ch.start = d->start_on;
	ch.end = d->end_on;
	iso[0][0] = iso[1][0] = '\0';
	if (d->start_on)
		date_format_iso(d->start_on, iso[0]);
	if (d->end_on)
		date_format_iso(d->end_on, iso[1]);
	view_set(v, "f_start", internship_form_value(f, "start", iso[0]));
	view_set(v, "f_end", internship_form_value(f, "end", iso[1]));
	view_set(v, "f_workplace_address",
		 internship_form_value(f, "workplace_address",
				       d->workplace_address));
	view_set(v, "f_purpose",
		 internship_form_value(f, "purpose", d->purpose));
	view_set(v, "f_tasks", internship_form_value(f, "tasks", d->tasks));
	view_set(v, "f_special_need",
		 internship_form_value(f, "special_need", ""));
	view_set_bool(v, "no_contact", ch.contact == 0);
	return internship_view_choices(r, p, v, &ch);
}

/* The new internship's form. */

static const struct form_spec internship_previous_spec[] = {
	{"previous", "Praktik", FIELD_INT, false, 1, LONG_MAX, NULL},
};

/* The internship a new one continues (?previous=N), loaded for r's user
 * into *prev: 0 none asked, 1 loaded, or the status already sent. */
static int internship_previous(struct req *r, const struct participant *p,
			       struct internship *prev)
{
	struct actor a = http_actor(r);
	struct form_value v;
	int64_t id;
	int rc;

	if (form_validate(&r->query, internship_previous_spec, 1, &v, NULL) < 0)
		return http_error(r, 404, NULL);
	id = v.present ? v.i : 0;
	form_values_free(&v, 1);
	if (id == 0)
		return 0;
	rc = internship_get(r->db, &a, id, prev, NULL);
	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc == 0 && prev->participant_id != p->id) {
		internship_free(prev);
		rc = 1;
	}
	return rc > 0 ? http_error(r, 404, NULL) : 1;
}

static int internship_render_new(struct req *r, int status,
				 const struct participant *p,
				 const struct internship *prev,
				 const char *error)
{
	struct actor a = http_actor(r);
	struct internship_draft d;
	struct view *v = view_new();
	int rc = -1;

	if (v && internship_draft(r->db, &a, p, prev, &d) == 0) {
		view_set(v, "title", "Ny praktik");
		view_set_int(v, "id", p->id);
		view_set(v, "name", p->name);
		view_set(v, "error", error);
		if (d.previous_id) {
			view_set_int(v, "previous_id", d.previous_id);
			view_set(v, "previous_company", prev->company);
		}
		rc = internship_view_fields(r, p, v, error ? &r->form : NULL,
					    &d, 0);
		internship_draft_free(&d);
	}
	/* The draft shows the guide's (or the renewed internship's)
	 * purpose and tasks: a read of the citizen's internship data. */
	if (rc == 0 &&
	    participant_audit_read(&a, AUDIT_PARTICIPANT_INTERNSHIP_READ, p,
				   NULL, "internship new") < 0)
		rc = -1;
	rc = rc < 0 || view_failed(v)
		     ? http_error(r, 500, NULL)
		     : http_page(r, status, "internship_new.html", v);
	view_free(v);
	return rc;
}

/* The path's participant, for someone who may make internships. 0 or the
 * status sent. */
static int internship_writer(struct req *r, struct participant *p)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	int rc = participant_for_request(r, r->params[0], p, NULL);

	if (rc)
		return rc;
	if (internship_check(&a, p, &bad) != RESULT_OK)
		return http_error(r, 403, bad.message);
	return 0;
}

int internship_page_new(struct req *r)
{
	struct internship *prev = calloc(1, sizeof(*prev));
	struct participant p;
	int rc = prev ? internship_writer(r, &p) : http_error(r, 500, NULL);

	if (rc == 0) {
		rc = internship_previous(r, &p, prev);
		if (rc == 0 || rc == 1) {
			rc = internship_render_new(r, 200, &p,
						   rc == 1 ? prev : NULL, NULL);
			internship_free(prev);
		}
	}
	free(prev);
	return rc;
}

int internship_page_create(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct internship_form fm;
	struct internship *prev;
	struct participant p;
	int64_t id = 0;
	char loc[64];
	struct db *w;
	int rc = internship_writer(r, &p);

	if (rc)
		return rc;
	rc = internship_form_read(&r->form, &fm, &bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = internship_create(w, &a, &p, &fm.in, &id, NULL, &bad);
		db_writer_unlock(w);
		internship_form_free(&fm);
	}
	if (rc == RESULT_INVALID) {
		/* The form again, continuing what it continued. */
		prev = calloc(1, sizeof(*prev));
		id = internship_form_id(&r->form, "previous_id", 0);
		if (prev && id > 0 &&
		    internship_get(r->db, &a, id, prev, NULL) == 0 &&
		    prev->participant_id == p.id) {
			rc = internship_render_new(r, 422, &p, prev,
						   bad.message);
			internship_free(prev);
		} else {
			rc = internship_render_new(r, 422, &p, NULL,
						   bad.message);
		}
		free(prev);
		return rc;
	}
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	snprintf(loc, sizeof(loc), "/internships/%lld?saved=1", (long long)id);
	return http_redirect(r, loc);
}

/* The internship's page. */

static void internship_view_step(void *ctx, const struct internship_step_row *s)
{
	struct view *item = view_add(ctx, "timeline");
	char da[DATE_DA_LEN];

	view_set(item, "status_label", internship_status_labels[s->status]);
	date_format_da(s->on, da, sizeof(da));
	view_set(item, "on_da", da);
	view_set(item, "actor", s->actor);
	view_set(item, "reason", s->reason);
	if ((unsigned)s->ended_by < INTERNSHIP_ENDER__MAX)
		view_set(item, "ended_by_label",
			 internship_ender_labels[s->ended_by]);
	if (s->start_on) {
		date_format_da(s->start_on, da, sizeof(da));
		view_set(item, "moved_start_da", da);
	}
	if (s->end_on) {
		date_format_da(s->end_on, da, sizeof(da));
		view_set(item, "moved_end_da", da);
	}
}

/* The later internships that continue i (renewals, extensions). */
struct internship_chain {
	struct view *v;
	int64_t id;
};

static void internship_view_next(void *ctx, const struct internship *i)
{
	struct internship_chain *c = ctx;

	if (i->previous_id == c->id)
		internship_view(view_add(c->v, "continued_by"), i);
}

/* What each step's form says it does. */
static const char *const internship_step_labels[INTERNSHIP_STATUS__MAX] = {
	"Tilbage til planlagt",	   "Begynd snuspraktik", "Start praktikken",
	"Udskyd starten",	   "Forlæng praktikken", "Afslut praktikken",
	"Stop praktikken før tid",
};

/* The steps the user may take from i's status, each with the fields it
 * needs. */
static void internship_view_steps(struct view *v, const struct internship *i,
				  bool consent)
{
	struct view *item, *e;
	int s, k;

	view_list(v, "steps");
	for (s = 0; s < INTERNSHIP_STATUS__MAX; s++) {
		if (!internship_transition_allowed(i->status, s))
			continue;
		item = view_add(v, "steps");
		view_set(item, "step", internship_status_names[s]);
		view_set(item, "step_label", internship_step_labels[s]);
		view_set_bool(
			item, "needs_consent",
			(s == INTERNSHIP_TRIAL || s == INTERNSHIP_RUNNING) &&
				!consent);
		view_set_bool(item, "needs_reason",
			      s == INTERNSHIP_POSTPONED ||
				      s == INTERNSHIP_EXTENDED ||
				      s == INTERNSHIP_ENDED_EARLY);
		view_set_bool(item, "needs_weeks", s == INTERNSHIP_POSTPONED);
		view_set_bool(item, "needs_end", s == INTERNSHIP_EXTENDED);
		view_set_bool(item, "needs_special", s == INTERNSHIP_EXTENDED);
		view_set_bool(item, "needs_on",
			      s == INTERNSHIP_ENDED ||
				      s == INTERNSHIP_ENDED_EARLY);
		view_set_bool(item, "needs_ended_by",
			      s == INTERNSHIP_ENDED_EARLY);
		if (s != INTERNSHIP_ENDED_EARLY)
			continue;
		for (k = 0; k < INTERNSHIP_ENDER__MAX; k++) {
			e = view_add(item, "enders");
			view_set(e, "value", internship_ender_names[k]);
			view_set(e, "label", internship_ender_labels[k]);
		}
	}
}

/*
 * The sections other modules add to the internship's page, each into v
 * under its own names and shown in its marked block of internship.html:
 *  - the step-up plan: its picture, link and editing (the plan's page);
 *  - the host: the contact persons' links and their weekly feedback;
 *  - the employer's calendar link, for who may give it.
 * 0 or -1.
 */
static int internship_page_sections(struct req *r, const struct internship *i,
				    const struct participant *p, struct view *v)
{
	struct stepup_plan plan;
	int rc;

	if (stepup_plan_load(r->db, i->id, &plan) < 0)
		return -1;
	view_set_bool(v, "has_plan", plan.n > 0);
	rc = plan_picture_view(v, &plan, i->teaching_weekday, date_today());
	stepup_plan_free(&plan);
	if (rc == 0)
		rc = host_panel_render(r, i, p, v);
	if (rc == 0)
		rc = internship_calendar_view(r, i, p, v);
	return rc;
}

/* The draft of a change: what i is now. */
static void internship_as_draft(const struct internship *i,
				struct internship_draft *d)
{
	memset(d, 0, sizeof(*d));
	d->company_id = i->company_id;
	d->contact_id = i->contact_id;
	d->previous_id = i->previous_id;
	d->start_on = i->start_on;
	d->end_on = i->end_on;
	d->teaching_weekday = i->teaching_weekday;
	d->purpose = i->purpose;
	d->tasks = i->tasks;
	d->workplace_address = (char *)i->workplace_address;
}

static int internship_render(struct req *r, int status,
			     const struct internship *i,
			     const struct participant *p, const char *error,
			     bool step_error)
{
	struct actor a = http_actor(r);
	struct internship_chain chain;
	struct internship_warnings w;
	struct agreement_summary s;
	struct internship_draft d;
	struct view *v = view_new();
	bool may = internship_may_write(&a, p) && i->full;
	bool open = i->status != INTERNSHIP_ENDED &&
		    i->status != INTERNSHIP_ENDED_EARLY;
	int rc = v ? 0 : -1, k;

	if (rc == 0) {
		view_set(v, "title", "Praktik");
		view_set_int(v, "id", p->id);
		view_set(v, "name", p->name);
		internship_view(v, i);
		view_set(v, "error", step_error ? NULL : error);
		view_set(v, "step_error", step_error ? error : NULL);
		view_set_bool(v, "saved",
			      !error && http_query(r, "saved") != NULL);
		view_set_bool(v, "may_change", may && open);
		view_set_bool(v, "may_step", may);
		view_set_bool(v, "may_renew", may);
		view_list(v, "timeline");
		view_list(v, "warnings");
		view_list(v, "continued_by");
		rc = internship_timeline_each(r->db, i, internship_view_step,
					      v);
	}
	if (rc == 0)
		rc = internship_warnings_get(r->db, i, &w);
	for (k = 0; rc == 0 && k < w.n; k++)
		view_set(view_add(v, "warnings"), "text", w.text[k]);
	if (rc == 0 && may) {
		rc = agreement_summary_get(r->db, p->id, &s) < 0 ? -1 : 0;
		if (rc == 0)
			internship_view_steps(v, i, s.consent);
	}
	if (rc == 0 && may && open) {
		internship_as_draft(i, &d);
		rc = internship_view_fields(
			r, p, v, error && !step_error ? &r->form : NULL, &d,
			i->id);
	}
	chain.v = v;
	chain.id = i->id;
	if (rc == 0)
		rc = internship_each(r->db, p, internship_view_next, &chain);
	if (rc == 0)
		rc = internship_page_sections(r, i, p, v);
	rc = rc < 0 || view_failed(v)
		     ? http_error(r, 500, NULL)
		     : http_page(r, status, "internship.html", v);
	view_free(v);
	return rc;
}

int internship_page_show(struct req *r)
{
	struct actor a = http_actor(r);
	struct internship *i = calloc(1, sizeof(*i));
	struct participant p;
	int rc = i ? internship_for_request(r, i, &p)
		   : http_error(r, 500, NULL);

	if (rc == 0) {
		rc = internship_audit_read(&a, &p, i, "page") < 0
			     ? http_error(r, 500, NULL)
			     : internship_render(r, 200, i, &p, NULL, false);
		internship_free(i);
	}
	free(i);
	return rc;
}

/* A change or a step of the path's internship by r's form (step: a step),
 * answered as the page answers. */
static int internship_page_post(struct req *r, bool step)
{
	struct actor a = http_actor(r);
	struct internship *i = calloc(1, sizeof(*i));
	struct internship_step_form sf;
	struct form_invalid bad = {0};
	struct internship_form fm;
	struct participant p;
	char loc[64];
	struct db *w;
	int rc = i ? internship_for_request(r, i, &p)
		   : http_error(r, 500, NULL);

	if (rc) {
		free(i);
		return rc;
	}
	rc = internship_check(&a, &p, &bad);
	if (rc == RESULT_OK && step)
		rc = internship_form_step(&r->form, &sf, &bad);
	else if (rc == RESULT_OK)
		rc = internship_form_read(&r->form, &fm, &bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = step ? internship_set_status(w, &a, &p, i, &sf.step, NULL,
						  &bad)
			  : internship_update(w, &a, &p, i, &fm.in, NULL, &bad);
		db_writer_unlock(w);
		if (step)
			internship_step_form_free(&sf);
		else
			internship_form_free(&fm);
	}
	if (rc == RESULT_INVALID)
		rc = internship_audit_read(&a, &p, i, "page") < 0
			     ? http_error(r, 500, NULL)
			     : internship_render(r, 422, i, &p, bad.message,
						 step);
	else if (rc != RESULT_OK)
		rc = http_result(r, rc, &bad);
	else {
		snprintf(loc, sizeof(loc), "/internships/%lld?saved=1",
			 (long long)i->id);
		rc = http_redirect(r, loc);
	}
	internship_free(i);
	free(i);
	return rc;
}

int internship_page_update(struct req *r)
{
	return internship_page_post(r, false);
}

int internship_page_status(struct req *r)
{
	return internship_page_post(r, true);
}
