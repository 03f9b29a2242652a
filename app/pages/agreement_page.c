/*
 * agreement_page: the guide's handlers. Reading a version (the page, the
 * printout, the API) is audited before anything is shown; a save is read
 * by agreement_form_read and made by agreement_save with the writer.
 */
#include "agreement_page.h"

#include "agreement.h"
#include "db.h"
#include "http.h"
#include "participant_form.h"
#include "participant_load.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The form: the answers (named as agreement.h stores them), then the
 * consent and signatures. */
enum {
	AF_CONSENT = AGREEMENT_ANSWERS,
	AF_CITIZEN_SIGNED,
	AF_CONSULTANT,
	AF_CONSULTANT_SIGNED,
	AF_SHARE,
	/* The page says every item (an unticked box sends nothing); the
	 * API says them when it names any. */
	AF_SHARE_ITEMS = AF_SHARE + AGREEMENT_SHARES,
	AF__N
};

static const char *const agreement_labels[AGREEMENT_ANSWERS] = {
	"Formål – Hvad skal afklares eller opkvalificeres?",
	"Vilkår – Hvilke forventninger har du til mødetider og timetal?",
	"Hvilken form for støtte har du brug for?",
	"Hvem kan støtte dig i dit netværk?",
	"Hvornår har du typisk brug for støtte?",
	"Alarmklokker – Hvad er faresignaler på at en krise er på vej?",
	"Hvordan støtter jeg eller virksomheden dig bedst gennem krisen?",
	"Praktikønsker – Hvor ønsker du at komme i praktik?",
	"Hvordan skal virksomheden være?",
	"Videreformidling af oplysninger – Hvad skal/må virksomheden vide?",
};

static const struct form_spec agreement_form_tail[AF__N - AF_CONSENT] = {
	{"citizen_consent", "Samtykke", FIELD_BOOL, false, 0, 0, NULL},
	{"citizen_signed_on", "Borgerens underskrift, dato", FIELD_DATE, false,
	 0, 0, NULL},
	{"consultant_id", "Virksomhedskonsulent", FIELD_INT, false, 1, LONG_MAX,
	 NULL},
	{"consultant_signed_on", "Konsulentens underskrift, dato", FIELD_DATE,
	 false, 0, 0, NULL},
	{"share_support", "Del støttebehov", FIELD_BOOL, false, 0, 0, NULL},
	{"share_alarms", "Del alarmklokker", FIELD_BOOL, false, 0, 0, NULL},
	{"share_company", "Del hvad virksomheden må vide", FIELD_BOOL, false, 0,
	 0, NULL},
	{"share_items", "Delte oplysninger", FIELD_BOOL, false, 0, 0, NULL},
};

struct agreement_form {
	struct agreement_input in;
	struct form_value v[AF__N];
};

/* f as a version to save; free out->v with form_values_free when
 * RESULT_OK. RESULT_OK or RESULT_INVALID with *bad. */
static int agreement_form_read(const struct form *f, struct agreement_form *out,
			       struct form_invalid *bad)
{
	struct form_spec spec[AF__N];
	const struct form_value *v = out->v;
	int i;

	for (i = 0; i < AGREEMENT_ANSWERS; i++)
		spec[i] = (struct form_spec){agreement_answer_names[i],
					     agreement_labels[i],
					     FIELD_TEXTAREA,
					     false,
					     0,
					     4000,
					     NULL};
	memcpy(spec + AF_CONSENT, agreement_form_tail,
	       sizeof(agreement_form_tail));
	if (form_validate(f, spec, AF__N, out->v, bad) < 0)
		return RESULT_INVALID;
	memset(&out->in, 0, sizeof(out->in));
	for (i = 0; i < AGREEMENT_ANSWERS; i++)
		out->in.answers[i] = v[i].s;
	out->in.consent = v[AF_CONSENT].i != 0;
	out->in.citizen_signed_on = (date_t)v[AF_CITIZEN_SIGNED].i;
	out->in.consultant_id = v[AF_CONSULTANT].present ? v[AF_CONSULTANT].i
							 : 0;
	out->in.consultant_signed_on = (date_t)v[AF_CONSULTANT_SIGNED].i;
	out->in.share_given = v[AF_SHARE_ITEMS].i != 0;
	for (i = 0; i < AGREEMENT_SHARES; i++) {
		out->in.share[i] = v[AF_SHARE + i].i != 0;
		out->in.share_given = out->in.share_given ||
				      form_get(f, spec[AF_SHARE + i].name);
	}
	return RESULT_OK;
}

/* Saves r's form as p's next version. An enum result with *version or
 * *bad. */
static int agreement_form_save(struct req *r, const struct participant *p,
			       int *version, struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct agreement_form af;
	struct db *w;
	int rc = agreement_check(&a, p, bad);

	if (rc == RESULT_OK)
		rc = agreement_form_read(&r->form, &af, bad);
	if (rc != RESULT_OK)
		return rc;
	w = db_writer_lock();
	rc = agreement_save(w, &a, p, &af.in, version, bad);
	db_writer_unlock(w);
	form_values_free(af.v, AF__N);
	return rc;
}

/* Loads the path's participant for the guide. 0 or the status sent. */
static int agreement_load(struct req *r, struct participant *p)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	int rc = participant_for_request(r, r->params[0], p, NULL);

	if (rc)
		return rc;
	if (agreement_check(&a, p, &bad) != RESULT_OK)
		return http_error(r, 403, bad.message);
	return 0;
}

/* "3. februar 2026 kl. 14:05" (with_time) or the date alone. */
static void agreement_when(int64_t at, bool with_time, char *out, size_t len)
{
	char da[DATE_DA_LEN];
	time_t t = (time_t)at;
	struct tm tm;

	localtime_r(&t, &tm);
	date_format_da(
		date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
		da, sizeof(da));
	if (with_time)
		snprintf(out, len, "%s kl. %02d:%02d", da, tm.tm_hour,
			 tm.tm_min);
	else
		snprintf(out, len, "%s", da);
}

/* An ISO date as Danish text; "" stays "". */
static void agreement_date_da(const char *iso, char *out, size_t len)
{
	date_t d;

	if (date_parse_iso(iso, &d) < 0 || date_format_da(d, out, len) < 0)
		out[0] = '\0';
}

/* Views. */

/* The questions in their groups with answers (answers[i] may be NULL). */
static void agreement_view_questions(struct view *v, const char *const *answers)
{
	struct view *group = NULL, *q;
	int i;

	for (i = 0; i < AGREEMENT_ANSWERS; i++) {
		if (agreement_questions[i].heading) {
			group = view_add(v, "groups");
			view_set(group, "heading",
				 agreement_questions[i].heading);
		}
		q = view_add(group, "questions");
		view_set(q, "field", agreement_answer_names[i]);
		view_set(q, "question", agreement_questions[i].question);
		view_set(q, "answer", answers[i]);
		view_lines(q, answers[i]);
	}
}

static void agreement_view_version(void *ctx,
				   const struct agreement_version *ver)
{
	struct view *item = view_add(ctx, "versions");
	char when[80];

	view_set_int(item, "version", ver->version);
	agreement_when(ver->created_at, true, when, sizeof(when));
	view_set(item, "when", when);
	view_set(item, "actor", ver->actor_name);
}

struct agreement_choice {
	struct view *v;
	int64_t selected;
};

static void agreement_view_consultant(void *ctx, int64_t id, const char *name)
{
	struct agreement_choice *ch = ctx;
	struct view *item = view_add(ch->v, "consultants");

	view_set_int(item, "value", id);
	view_set(item, "label", name);
	view_set_bool(item, "selected", id == ch->selected);
}

/* The share boxes, ticked from the form sent back (error) or else from a. */
static void agreement_view_shares(struct req *r, struct view *v,
				  const struct agreement_row *a, bool error)
{
	const char *given;
	struct view *item;
	int i;

	for (i = 0; i < AGREEMENT_SHARES; i++) {
		item = view_add(v, "shares");
		view_set(item, "name", agreement_share_names[i]);
		view_set(item, "label", agreement_share_labels[i]);
		given = error ? form_get(&r->form, agreement_share_names[i])
			      : NULL;
		view_set_bool(item, "checked",
			      error ? given && *given && strcmp(given, "0") != 0
			      : a   ? a->share[i]
				    : false);
	}
}

/*
 * The guide's page: the form filled from the form r posted (error set) or
 * else from a (NULL: no guide yet), and the versions.
 */
static int agreement_render(struct req *r, int status,
			    const struct participant *p,
			    const struct agreement_row *a, const char *error)
{
	const char *answers[AGREEMENT_ANSWERS] = {NULL};
	const char *consent = NULL, *signed_on = NULL, *csigned = NULL;
	struct agreement_choice ch = {NULL, 0};
	struct view *v = view_new();
	char when[80];
	int i, rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	for (i = 0; i < AGREEMENT_ANSWERS; i++)
		answers[i] = error ? form_get(&r->form,
					      agreement_answer_names[i])
			     : a   ? a->answers[i]
				   : NULL;
	if (error) {
		consent = form_get(&r->form, "citizen_consent");
		signed_on = form_get(&r->form, "citizen_signed_on");
		csigned = form_get(&r->form, "consultant_signed_on");
		ch.selected = participant_form_id(&r->form, "consultant_id");
		if (ch.selected < 0)
			ch.selected = 0;
	} else if (a) {
		consent = a->consent ? "1" : NULL;
		signed_on = a->citizen_signed_on;
		csigned = a->consultant_signed_on;
		ch.selected = a->consultant_id;
	}
	view_set(v, "title", "Aftaleguide til virksomhedspraktik");
	view_set_int(v, "id", p->id);
	view_set(v, "name", p->name);
	view_set(v, "error", error);
	view_set_bool(v, "saved", !error && http_query(r, "saved") != NULL);
	view_set(v, "consent_text", agreement_consent_text);
	view_set_bool(v, "consent",
		      consent && strcmp(consent, "0") != 0 && *consent);
	view_set(v, "citizen_signed_on", signed_on);
	view_set(v, "consultant_signed_on", csigned);
	agreement_view_shares(r, v, a, error != NULL);
	if (a) {
		view_set_int(v, "version", a->version);
		agreement_when(a->created_at, true, when, sizeof(when));
		view_set(v, "version_when", when);
		view_set(v, "version_actor", a->actor_name);
	}
	agreement_view_questions(v, answers);
	view_list(v, "versions");
	view_list(v, "consultants");
	ch.v = v;
	rc = agreement_versions_each(r->db, p->id, agreement_view_version, v) <
				     0 ||
			     agreement_consultants_each(
				     r->db, p->cohort_id,
				     agreement_view_consultant, &ch) < 0
		     ? http_error(r, 500, NULL)
		     : http_page(r, status, "agreement.html", v);
	view_free(v);
	return rc;
}

/* "støttebehov, alarmklokker" or "intet" as agreement_shared. */
static void agreement_view_shared(struct view *v, const bool *share)
{
	static const char *const names[AGREEMENT_SHARES] = {
		"støttebehov",
		"alarmklokker",
		"hvad virksomheden må vide",
	};
	char text[128] = "";
	int i;

	for (i = 0; i < AGREEMENT_SHARES; i++)
		if (share[i])
			snprintf(text + strlen(text),
				 sizeof(text) - strlen(text), "%s%s",
				 text[0] ? ", " : "", names[i]);
	view_set(v, "agreement_shared", text[0] ? text : "intet");
}

int agreement_page_summary(struct req *r, const struct participant *p,
			   struct view *v)
{
	struct actor a = http_actor(r);
	struct agreement_summary s;
	char when[80];
	int rc;

	if (!participant_may(&a, p, PARTICIPANT_AGREEMENT)) {
		view_set_bool(v, "agreement_visible", false);
		return 0;
	}
	view_set_bool(v, "agreement_visible", true);
	view_set_bool(v, "agreement_exists", false);
	rc = agreement_summary_get(r->db, p->id, &s);
	if (rc == 0) {
		view_set_bool(v, "agreement_exists", true);
		view_set_int(v, "agreement_version", s.version);
		agreement_when(s.created_at, false, when, sizeof(when));
		view_set(v, "agreement_date", when);
		view_set_bool(v, "agreement_consent", s.consent);
		agreement_view_shared(v, s.share);
	}
	return rc < 0 ? -1 : 0;
}

/* Pages. */

int agreement_page_show(struct req *r)
{
	struct actor a = http_actor(r);
	struct agreement_row row;
	struct participant p;
	int rc = agreement_load(r, &p), found;

	if (rc)
		return rc;
	found = agreement_get(r->db, p.id, 0, &row);
	if (found < 0 ||
	    agreement_audit_read(&a, &p, found ? 0 : row.version) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = agreement_render(r, 200, &p, found ? NULL : &row, NULL);
	agreement_row_free(&row);
	return rc;
}

int agreement_page_save(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	char loc[80];
	int version = 0;
	int rc = agreement_load(r, &p);

	if (rc)
		return rc;
	rc = agreement_form_save(r, &p, &version, &bad);
	if (rc == RESULT_INVALID)
		return agreement_render(r, 422, &p, NULL, bad.message);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	snprintf(loc, sizeof(loc), "/participants/%lld/agreement?saved=1",
		 (long long)p.id);
	return http_redirect(r, loc);
}

static const struct form_spec agreement_version_spec[] = {
	{"version", "Version", FIELD_INT, false, 1, INT_MAX, NULL},
};

/* ?version=N (absent: the latest); -1 when it is not a version number. */
static int agreement_version_param(const struct req *r)
{
	struct form_value v;
	int n;

	if (form_validate(&r->query, agreement_version_spec, 1, &v, NULL) < 0)
		return -1;
	n = v.present ? (int)v.i : 0;
	form_values_free(&v, 1);
	return n;
}

int agreement_page_print(struct req *r)
{
	struct actor a = http_actor(r);
	const char *answers[AGREEMENT_ANSWERS];
	struct agreement_row row;
	struct participant p;
	struct view *v;
	char when[80], da[DATE_DA_LEN];
	int version = agreement_version_param(r), found, i;
	int rc = agreement_load(r, &p);

	if (rc)
		return rc;
	if (version < 0)
		return http_error(r, 404, NULL);
	found = agreement_get(r->db, p.id, version, &row);
	if (found < 0)
		return http_error(r, 500, NULL);
	if (found > 0)
		return http_error(r, 404, "Aftaleguiden findes ikke.");
	v = view_new();
	if (v == NULL || agreement_audit_read(&a, &p, row.version) < 0) {
		view_free(v);
		agreement_row_free(&row);
		return http_error(r, 500, NULL);
	}
	/* The guide's own header asks for the CPR number; it stays out. */
	view_set(v, "title", "Aftaleguide til virksomhedspraktik");
	view_set_int(v, "id", p.id);
	view_set(v, "name", p.name);
	view_set_int(v, "version", row.version);
	agreement_when(row.created_at, false, when, sizeof(when));
	view_set(v, "date_da", when);
	for (i = 0; i < AGREEMENT_ANSWERS; i++)
		answers[i] = row.answers[i];
	agreement_view_questions(v, answers);
	view_set(v, "consent_text", agreement_consent_text);
	view_set(v, "consent_label", row.consent ? "Ja" : "Nej");
	for (i = 0; i < AGREEMENT_SHARES; i++) {
		struct view *item = view_add(v, "shares");

		view_set(item, "label", agreement_share_labels[i]);
		view_set(item, "answer", row.share[i] ? "Ja" : "Nej");
	}
	agreement_date_da(row.citizen_signed_on, da, sizeof(da));
	view_set(v, "citizen_signed_da", da);
	agreement_date_da(row.consultant_signed_on, da, sizeof(da));
	view_set(v, "consultant_signed_da", da);
	view_set(v, "consultant", row.consultant);
	rc = http_page(r, 200, "agreement_print.html", v);
	view_free(v);
	agreement_row_free(&row);
	return rc;
}

/* The API. */

static void agreement_json_date(cJSON *o, const char *name, const char *iso)
{
	if (*iso)
		cJSON_AddStringToObject(o, name, iso);
	else
		cJSON_AddNullToObject(o, name);
}

static cJSON *agreement_json_version(const struct agreement_row *a)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	cJSON_AddNumberToObject(o, "version", a->version);
	cJSON_AddNumberToObject(o, "created_at", (double)a->created_at);
	cJSON_AddStringToObject(o, "actor", a->actor);
	cJSON_AddBoolToObject(o, "citizen_consent", a->consent);
	for (i = 0; i < AGREEMENT_SHARES; i++)
		cJSON_AddBoolToObject(o, agreement_share_names[i], a->share[i]);
	agreement_json_date(o, "citizen_signed_on", a->citizen_signed_on);
	if (a->consultant_id)
		cJSON_AddNumberToObject(o, "consultant_id",
					(double)a->consultant_id);
	else
		cJSON_AddNullToObject(o, "consultant_id");
	agreement_json_date(o, "consultant_signed_on", a->consultant_signed_on);
	for (i = 0; i < AGREEMENT_ANSWERS; i++)
		cJSON_AddStringToObject(o, agreement_answer_names[i],
					a->answers[i]);
	return o;
}

static void agreement_json_versions(void *ctx,
				    const struct agreement_version *ver)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "version", ver->version);
	cJSON_AddNumberToObject(o, "created_at", (double)ver->created_at);
	cJSON_AddStringToObject(o, "actor", ver->actor);
	cJSON_AddItemToArray(ctx, o);
}

/* {"participant_id", "latest", "versions"}, audited as a read. */
static int agreement_api_answer(struct req *r, int status,
				const struct participant *p)
{
	struct actor a = http_actor(r);
	struct agreement_row row;
	cJSON *root;
	int found = agreement_get(r->db, p->id, 0, &row);

	if (found < 0 ||
	    agreement_audit_read(&a, p, found ? 0 : row.version) < 0) {
		agreement_row_free(&row);
		return http_error(r, 500, NULL);
	}
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "participant_id", (double)p->id);
	if (found == 0)
		cJSON_AddItemToObject(root, "latest",
				      agreement_json_version(&row));
	else
		cJSON_AddNullToObject(root, "latest");
	agreement_row_free(&row);
	if (agreement_versions_each(r->db, p->id, agreement_json_versions,
				    cJSON_AddArrayToObject(root, "versions")) <
	    0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, status, root);
}

int agreement_api_get(struct req *r)
{
	struct participant p;
	int rc = agreement_load(r, &p);

	return rc ? rc : agreement_api_answer(r, 200, &p);
}

int agreement_api_save(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	int version = 0;
	int rc = agreement_load(r, &p);

	if (rc)
		return rc;
	rc = agreement_form_save(r, &p, &version, &bad);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return agreement_api_answer(r, 201, &p);
}
