/*
 * participants: the list and search (roster.h) as a page and as JSON, and
 * the roster and follow-up panels of the cohort and start pages. Both
 * twins read their filter with the same readers and audit what they show.
 */
#include "participants.h"

#include "actor.h"
#include "cohort.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "participant.h"
#include "participant_view.h"
#include "referral.h"
#include "roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int participants_invalid(struct form_invalid *bad, const char *field,
				const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

/* Reading a filter. */

static const struct form_spec participants_cohort_spec[] = {
	{"cohort_id", "Hold", FIELD_INT, false, 1, 9007199254740991L, NULL},
};

/* The filter of a list from the query string: RESULT_OK or
 * RESULT_INVALID with bad. */
static int participants_query(struct req *r, struct roster_filter *q,
			      struct form_invalid *bad)
{
	const char *status = http_query(r, "status");
	const char *name = http_query(r, "q");
	struct form_value v;
	size_t i;

	memset(q, 0, sizeof(*q));
	/* Any other parameter is refused, and one that holds a CPR number is
	 * told why: it would land in URLs and logs. */
	for (i = 0; i < r->query.n; i++) {
		const struct form_field *x = &r->query.fields[i];

		if (strcmp(x->name, "cohort_id") == 0 ||
		    strcmp(x->name, "status") == 0 || strcmp(x->name, "q") == 0)
			continue;
		return participants_invalid(
			bad, x->name,
			roster_cpr_like(x->value)
				? "Søg efter CPR-nummer med POST, så nummeret "
				  "ikke står i adressen."
				: "Ukendt filter.");
	}
	if (form_validate(&r->query, participants_cohort_spec, 1, &v, bad) < 0)
		return participants_invalid(bad, "cohort_id", "Ukendt hold.");
	q->cohort_id = v.present ? v.i : 0;
	form_values_free(&v, 1);
	if (status && *status && participant_status_parse(status) < 0)
		return participants_invalid(bad, "status", "Ukendt status.");
	if (name && (form_utf8_length(name) > 100 ||
		     !form_utf8_valid(name, strlen(name))))
		return participants_invalid(bad, "q",
					    "Søgeteksten må højst være 100 "
					    "tegn.");
	if (roster_cpr_like(name))
		return participants_invalid(
			bad, "q",
			"Søg efter CPR-nummer i "
			"søgefeltet på siden (eller med "
			"POST /api/v1/participants/search), "
			"så nummeret ikke står i adressen.");
	q->status = status ? status : "";
	q->name = name ? name : "";
	return RESULT_OK;
}

/* A search from a form's q: a text that looks like a CPR number searches
 * by that number (roster_list says who may), any other by name. */
static int participants_search_query(const struct form *f,
				     struct roster_filter *q,
				     struct form_invalid *bad)
{
	const char *text = form_get(f, "q");

	memset(q, 0, sizeof(*q));
	q->status = "";
	q->name = "";
	if (text == NULL || form_utf8_length(text) < 2 ||
	    form_utf8_length(text) > 100)
		return participants_invalid(bad, "q",
					    "Skriv 2-100 tegn: et navn eller "
					    "et CPR-nummer.");
	if (roster_cpr_like(text))
		q->cpr = text;
	else
		q->name = text;
	return RESULT_OK;
}

/* Audits every participant of l as read. 0 or -1. */
static int participants_audit(const struct actor *a, enum audit_action x,
			      const struct roster *l, const char *detail)
{
	int64_t *ids = calloc(l->n ? l->n : 1, sizeof(*ids));
	size_t i;
	int rc;

	if (ids == NULL)
		return -1;
	for (i = 0; i < l->n; i++)
		ids[i] = l->items[i].p.id;
	rc = participant_audit_reads(a, x, ids, l->n, detail);
	free(ids);
	return rc;
}

/* The page. */

/* The list page, for a filter and the list it found. */
static int participants_render(struct req *r, int status,
			       const struct roster_filter *q,
			       const struct roster *l, const char *error,
			       bool searched)
{
	struct view *v = view_new();
	size_t i;
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Deltagere");
	view_set(v, "error", error);
	view_set(v, "q", q && !q->cpr ? q->name : "");
	view_set_bool(v, "searched", searched);
	view_set_int(v, "count", l ? (long)l->n : 0);
	for (i = 0; i < PARTICIPANT_STATUS__MAX; i++) {
		struct view *s = view_add(v, "statuses");

		view_set(s, "value", participant_status_names[i]);
		view_set(s, "label", participant_status_label(i));
		view_set_bool(s, "selected",
			      q && q->status &&
				      strcmp(q->status,
					     participant_status_names[i]) == 0);
	}
	view_list(v, "participants");
	for (i = 0; l && i < l->n; i++) {
		struct view *row = view_add(v, "participants");

		participant_view_basics(row, &l->items[i].p);
		view_set(row, "cohort", l->items[i].cohort);
	}
	rc = http_page(r, status, "participants.html", v);
	view_free(v);
	return rc;
}

/* Lists q for the page, audited as x; searched: show it as a search. */
static int participants_page_answer(struct req *r,
				    const struct roster_filter *q,
				    enum audit_action x, const char *detail,
				    bool searched)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct roster l;
	int rc = roster_list(r->db, &a, q, &l, &bad);

	if (rc == RESULT_INVALID)
		return participants_render(r, 422, NULL, NULL, bad.message,
					   false);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	if (participants_audit(&a, x, &l, detail) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = participants_render(r, 200, q, &l, NULL, searched);
	roster_free(&l);
	return rc;
}

int participants_page_list(struct req *r)
{
	struct roster_filter q;
	struct form_invalid bad = {0};

	if (participants_query(r, &q, &bad) != RESULT_OK)
		return participants_render(r, 422, NULL, NULL, bad.message,
					   false);
	return participants_page_answer(r, &q, AUDIT_PARTICIPANT_LIST, "list",
					q.name[0] != '\0');
}

int participants_page_search(struct req *r)
{
	struct roster_filter q;
	struct form_invalid bad = {0};

	if (participants_search_query(&r->form, &q, &bad) != RESULT_OK)
		return participants_render(r, 422, NULL, NULL, bad.message,
					   false);
	return participants_page_answer(r, &q, AUDIT_PARTICIPANT_SEARCH,
					q.cpr ? "cpr search" : "name search",
					true);
}

/* The API. */

static int participants_api_answer(struct req *r, const struct roster_filter *q,
				   enum audit_action x, const char *detail)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct roster l;
	cJSON *root, *list, *j;
	size_t i;
	int rc = roster_list(r->db, &a, q, &l, &bad);

	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "participants");
	for (i = 0; i < l.n; i++) {
		j = participant_json(r->db, &l.items[i].p, false);
		if (j == NULL)
			break;
		cJSON_AddItemToArray(list, j);
	}
	if (i < l.n || participants_audit(&a, x, &l, detail) < 0) {
		roster_free(&l);
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	roster_free(&l);
	return http_json(r, 200, root);
}

int participants_api_list(struct req *r)
{
	struct roster_filter q;
	struct form_invalid bad = {0};

	if (participants_query(r, &q, &bad) != RESULT_OK)
		return http_invalid(r, bad.field, bad.message);
	return participants_api_answer(r, &q, AUDIT_PARTICIPANT_LIST, "api");
}

int participants_api_search(struct req *r)
{
	struct roster_filter q;
	struct form_invalid bad = {0};

	if (participants_search_query(&r->form, &q, &bad) != RESULT_OK)
		return http_invalid(r, bad.field, bad.message);
	return participants_api_answer(r, &q, AUDIT_PARTICIPANT_SEARCH,
				       q.cpr ? "cpr search" : "name search");
}

/* The cohort page's roster. */

static int participants_compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The roster's row for id, or NULL when the viewer does not see that
 * participant. */
static const struct participant *participants_in(const struct roster *l,
						 int64_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i].p.id == id)
			return &l->items[i].p;
	return NULL;
}

/* A participant whose age is far (ten years or more) from the median of the
 * rest of the group gets a hint: the catalogue warns against one member
 * standing out, such as one much older than the others. */
#define PARTICIPANTS_AGE_GAP 10

static int participants_age_hints(struct req *r, const struct cohort *c,
				  const struct roster *roster, struct view *v)
{
	struct roster_age ages[COHORT_CAPACITY_MAX];
	int rest[COHORT_CAPACITY_MAX], n, i, j, k, median;
	char text[1200];

	n = roster_ages(r->db, c->id, ages, COHORT_CAPACITY_MAX);
	if (n < 0)
		return -1;
	/* Only for viewers who see the whole group: a hint must not tell
	 * anyone the age of a participant they may not see. */
	for (i = 0; i < n; i++) {
		const struct participant *p = participants_in(roster,
							      ages[i].id);

		if (p == NULL || p->access < PARTICIPANT_ACCESS_WORK)
			return 0;
	}
	for (i = 0; n >= 3 && i < n; i++) {
		const struct participant *p = participants_in(roster,
							      ages[i].id);

		for (j = 0, k = 0; j < n; j++)
			if (j != i)
				rest[k++] = ages[j].age;
		qsort(rest, (size_t)k, sizeof(rest[0]),
		      participants_compare_int);
		median = k % 2 ? rest[k / 2]
			       : (rest[k / 2 - 1] + rest[k / 2]) / 2;
		if (abs(ages[i].age - median) < PARTICIPANTS_AGE_GAP)
			continue;
		snprintf(text, sizeof(text),
			 "%s (ca. %d år) er markant %s end resten af holdet "
			 "(typisk %d år). Overvej om gruppen passer til "
			 "borgeren.",
			 p->name, ages[i].age,
			 ages[i].age > median ? "ældre" : "yngre", median);
		view_set(view_add(v, "group_hints"), "text", text);
	}
	return 0;
}

static void participants_size_hint(struct view *v, int admitted)
{
	char text[300];

	if (admitted > 0 && admitted < COHORT_CAPACITY_MIN)
		snprintf(text, sizeof(text),
			 "Der er %d optaget på holdet. Et hold bør have mindst "
			 "%d deltagere.",
			 admitted, COHORT_CAPACITY_MIN);
	else if (admitted > COHORT_CAPACITY_RECOMMENDED)
		snprintf(text, sizeof(text),
			 "Holdet har %d optagne deltagere, flere end de "
			 "anbefalede 8-10. På store hold er det lettere at "
			 "gemme sig, og sværere at dele sine barrierer.",
			 admitted);
	else
		return;
	view_set(view_add(v, "group_hints"), "text", text);
}

int participants_cohort_view(struct req *r, const struct cohort *c,
			     struct view *v)
{
	struct actor a = http_actor(r);
	int admitted = participant_admitted_count(r->db, c->id), waiting = 0;
	struct roster l;
	size_t i;
	int rc;

	if (admitted < 0 || roster_cohort(r->db, &a, c->id, &l) < 0)
		return -1;
	view_list(v, "participants");
	view_list(v, "group_hints");
	for (i = 0; i < l.n; i++) {
		waiting += l.items[i].p.status == PARTICIPANT_WAITING;
		participant_view_basics(view_add(v, "participants"),
					&l.items[i].p);
	}
	view_set_int(v, "admitted", admitted);
	view_set_int(v, "waiting", waiting);
	view_set_bool(v, "may_refer",
		      referral_closed(&a, c, date_today()) == NULL);
	participants_size_hint(v, admitted);
	rc = participants_age_hints(r, c, &l, v);
	if (rc == 0 && l.n)
		rc = participants_audit(&a, AUDIT_PARTICIPANT_LIST, &l,
					"cohort roster");
	roster_free(&l);
	return rc;
}

/* The start page's follow-ups. */

struct participants_due {
	struct view *v;
	int64_t ids[50];
	size_t n;
};

static void participants_due_row(void *ctx, const struct roster_due *d)
{
	struct participants_due *due = ctx;
	struct view *row;

	if (due->n == 50)
		return;
	due->ids[due->n++] = d->id;
	row = view_add(due->v, "due");
	view_set_int(row, "id", d->id);
	view_set(row, "name", d->name);
	view_set(row, "cohort", d->cohort);
	participant_view_date(row, "due", d->due);
}

int participants_start_view(struct req *r, struct view *v)
{
	struct actor a = http_actor(r);
	struct participants_due due = {.v = v};
	bool shown = false;

	view_list(v, "due");
	if (roster_due_each(r->db, &a, &shown, participants_due_row, &due) < 0)
		return -1;
	if (!shown)
		return 0;
	view_set_bool(v, "follows_up", true);
	/* The names shown are reads too. */
	return due.n ? participant_audit_reads(&a, AUDIT_PARTICIPANT_LIST,
					       due.ids, due.n, "follow-ups due")
		     : 0;
}
