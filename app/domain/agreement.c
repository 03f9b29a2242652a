/*
 * agreement: the internship agreement guide. Every save seals the answers
 * as one JSON object and inserts the next version with its audit row in
 * one transaction; reading any version is audited too.
 */
#include "agreement.h"

#include "db.h"
#include "http.h"
#include "participant.h"
#include "participant_load.h"
#include "secret.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Until this module takes an actor: participant_may for r's user. */
static bool agreement_may(const struct req *r, const struct participant *p,
		      enum participant_action x)
{
	struct actor a = http_actor(r);

	return participant_may(&a, p, x);
}

/* The guide's questions in the catalogue's order (2013, p. 17), then the
 * consent and signatures, which are plain columns. */
enum {
	AF_PURPOSE,
	AF_HOURS,
	AF_SUPPORT_NEEDED,
	AF_NETWORK_SUPPORT,
	AF_SUPPORT_WHEN,
	AF_ALARM_SIGNALS,
	AF_CRISIS_SUPPORT,
	AF_INTERNSHIP_WISHES,
	AF_COMPANY_WISHES,
	AF_HOST_MAY_KNOW,
	AF__ANSWERS,
	AF_CONSENT = AF__ANSWERS,
	AF_CITIZEN_SIGNED,
	AF_CONSULTANT,
	AF_CONSULTANT_SIGNED,
	AF__N
};

static const struct form_spec agreement_form[AF__N] = {
	{"purpose", "Formål – Hvad skal afklares eller opkvalificeres?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"hours", "Vilkår – Hvilke forventninger har du til mødetider og "
		  "timetal?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"support_needed", "Hvilken form for støtte har du brug for?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"network_support", "Hvem kan støtte dig i dit netværk?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"support_when", "Hvornår har du typisk brug for støtte?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"alarm_signals", "Alarmklokker – Hvad er faresignaler på at en krise "
			  "er på vej?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"crisis_support", "Hvordan støtter jeg eller virksomheden dig bedst "
			   "gennem krisen?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"internship_wishes", "Praktikønsker – Hvor ønsker du at komme i "
			      "praktik?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"company_wishes", "Hvordan skal virksomheden være?", FIELD_TEXTAREA,
	 false, 0, 4000, NULL},
	{"host_may_know", "Videreformidling af oplysninger – Hvad skal/må "
			  "virksomheden vide?",
	 FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"citizen_consent", "Samtykke", FIELD_BOOL, false, 0, 0, NULL},
	{"citizen_signed_on", "Borgerens underskrift, dato", FIELD_DATE, false,
	 0, 0, NULL},
	{"consultant_id", "Virksomhedskonsulent", FIELD_INT, false, 1,
	 LONG_MAX, NULL},
	{"consultant_signed_on", "Konsulentens underskrift, dato", FIELD_DATE,
	 false, 0, 0, NULL},
};

/* How the guide shows each answer: a heading starts a group of
 * questions. */
static const struct {
	const char *heading, *question;
} agreement_questions[AF__ANSWERS] = {
	{"Formål", "Hvad skal afklares eller opkvalificeres?"},
	{"Vilkår", "Hvilke forventninger har du til mødetider og timetal?"},
	{"Støttebehov og muligheder",
	 "Hvilken form for støtte har du brug for?"},
	{NULL, "Hvem kan støtte dig i dit netværk?"},
	{NULL, "Hvornår har du typisk brug for støtte?"},
	{"Alarmklokker", "Hvad er faresignaler på at en krise er på vej?"},
	{NULL, "Hvordan støtter jeg eller virksomheden dig bedst gennem "
	       "krisen?"},
	{"Praktikønsker", "Hvor ønsker du at komme i praktik?"},
	{NULL, "Hvordan skal virksomheden være?"},
	{"Videreformidling af oplysninger",
	 "Hvad skal/må virksomheden vide?"},
};

static const char agreement_consent_text[] =
	"Borgeren giver samtykke til, at virksomheden får oplysningerne under "
	"»Videreformidling af oplysninger«";

enum agreement_sql {
	AGR_SQL_GET,
	AGR_SQL_SUMMARY,
	AGR_SQL_VERSIONS,
	AGR_SQL_NEXT,
	AGR_SQL_ADD,
	AGR_SQL_CONSULTANT,
	AGR_SQL_CONSULTANTS,
	AGR_SQL_HOST,
	AGR_SQL__MAX
};

static const char *const agreement_sql[AGR_SQL__MAX] = {
	/* ?2 = 0: the latest version. */
	[AGR_SQL_GET] =
		"SELECT a.version, a.content_enc, a.citizen_consent, "
		"coalesce(a.citizen_signed_on, ''), coalesce(a.consultant_id, "
		"0), coalesce(uc.name, ''), coalesce(a.consultant_signed_on, "
		"''), a.actor, coalesce(ua.name, a.actor), a.created_at "
		"FROM agreement a LEFT JOIN user uc ON uc.id = "
		"a.consultant_id LEFT JOIN user ua ON ua.id = a.actor_id "
		"WHERE a.participant_id = ?1 AND (?2 = 0 OR a.version = ?2) "
		"ORDER BY a.version DESC LIMIT 1",
	[AGR_SQL_SUMMARY] = "SELECT version, created_at, citizen_consent FROM "
			    "agreement WHERE participant_id = ?1 ORDER BY "
			    "version DESC LIMIT 1",
	[AGR_SQL_VERSIONS] =
		"SELECT a.version, a.created_at, a.actor, coalesce(ua.name, "
		"a.actor) FROM agreement a LEFT JOIN user ua ON ua.id = "
		"a.actor_id WHERE a.participant_id = ?1 ORDER BY a.version "
		"DESC",
	[AGR_SQL_NEXT] = "SELECT coalesce(max(version), 0) + 1 FROM agreement "
			 "WHERE participant_id = ?1",
	[AGR_SQL_ADD] =
		"INSERT INTO agreement (participant_id, version, content_enc, "
		"citizen_consent, citizen_signed_on, consultant_id, "
		"consultant_signed_on, actor_id, actor, created_at) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[AGR_SQL_CONSULTANT] = "SELECT role FROM user WHERE id = ?1 AND active",
	/* Consultants of the cohort's organisations or on its staff. */
	[AGR_SQL_CONSULTANTS] =
		"SELECT u.id, u.name FROM user u JOIN cohort c ON c.id = ?1 "
		"WHERE u.active AND u.role = 'consultant' AND "
		"(u.organisation_id IN (c.job_centre_id, c.provider_id) OR "
		"u.id IN (SELECT user_id FROM cohort_staff WHERE cohort_id = "
		"c.id)) ORDER BY u.name LIMIT 200",
	[AGR_SQL_HOST] = "SELECT citizen_consent, content_enc FROM agreement "
			 "WHERE participant_id = ?1 ORDER BY version DESC "
			 "LIMIT 1",
};

/* One version of the guide. */
struct agreement_row {
	int version;
	char *answers[AF__ANSWERS]; /* opened; never NULL once loaded */
	bool consent;
	char citizen_signed_on[DATE_ISO_LEN + 1]; /* "" when not signed */
	char consultant_signed_on[DATE_ISO_LEN + 1];
	int64_t consultant_id; /* 0: none */
	char consultant[801];
	char actor[256], actor_name[801];
	int64_t created_at;
};

static void agreement_row_free(struct agreement_row *a)
{
	int i;

	for (i = 0; i < AF__ANSWERS; i++) {
		secret_free(a->answers[i]);
		a->answers[i] = NULL;
	}
}

/* The sealed JSON's answers into a->answers. 0 or -1. */
static int agreement_open(sqlite3_stmt *st, int col, struct agreement_row *a)
{
	char *text = secret_column(st, col);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	const cJSON *item;
	int i, rc = 0;

	for (i = 0; i < AF__ANSWERS; i++) {
		item = cJSON_GetObjectItemCaseSensitive(root,
							agreement_form[i].name);
		a->answers[i] = strdup(cJSON_IsString(item) ? item->valuestring
							     : "");
		if (a->answers[i] == NULL)
			rc = -1;
	}
	if (root == NULL)
		rc = -1;
	cJSON_Delete(root);
	secret_free(text);
	return rc;
}

/* Version (0: the latest) of participant's guide. 0 found, 1 none, -1
 * error. */
static int agreement_get(struct db *db, int64_t participant, int version,
			 struct agreement_row *a)
{
	sqlite3_stmt *st = db_stmt(db, agreement_sql[AGR_SQL_GET]);
	int rc;

	memset(a, 0, sizeof(*a));
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, participant);
	sqlite3_bind_int(st, 2, version);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		a->version = sqlite3_column_int(st, 0);
		a->consent = sqlite3_column_int(st, 2) == 1;
		snprintf(a->citizen_signed_on, sizeof(a->citizen_signed_on),
			 "%s", db_text(st, 3));
		a->consultant_id = sqlite3_column_int64(st, 4);
		snprintf(a->consultant, sizeof(a->consultant), "%s",
			 db_text(st, 5));
		snprintf(a->consultant_signed_on,
			 sizeof(a->consultant_signed_on), "%s", db_text(st, 6));
		snprintf(a->actor, sizeof(a->actor), "%s", db_text(st, 7));
		snprintf(a->actor_name, sizeof(a->actor_name), "%s",
			 db_text(st, 8));
		a->created_at = sqlite3_column_int64(st, 9);
		rc = agreement_open(st, 1, a) < 0 ? -1 : 0;
		if (rc < 0)
			agreement_row_free(a);
	} else {
		rc = rc == SQLITE_DONE ? 1 : -1;
	}
	sqlite3_reset(st);
	return rc;
}

int agreement_host_text(struct db *db, int64_t participant_id, char **out)
{
	sqlite3_stmt *st = db_stmt(db, agreement_sql[AGR_SQL_HOST]);
	struct agreement_row a = {0};
	int rc;

	*out = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, participant_id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 1) {
		if (agreement_open(st, 1, &a) < 0) {
			rc = SQLITE_ERROR;
		} else {
			*out = a.answers[AF_HOST_MAY_KNOW];
			a.answers[AF_HOST_MAY_KNOW] = NULL;
			rc = SQLITE_DONE;
		}
		agreement_row_free(&a);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* "3. februar 2026 kl. 14:05" (with_time) or the date alone. */
static void agreement_when(int64_t at, bool with_time, char *out, size_t len)
{
	char da[DATE_DA_LEN];
	time_t t = (time_t)at;
	struct tm tm;

	localtime_r(&t, &tm);
	date_format_da(date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
				       tm.tm_mday),
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

/* Reading is audited before anything is shown. 0 or -1. */
static int agreement_audit_read(struct req *r, const struct participant *p,
				int version)
{
	char detail[32];

	if (version)
		snprintf(detail, sizeof(detail), "version %d", version);
	else
		snprintf(detail, sizeof(detail), "ingen version");
	return participant_audit(NULL, r, "participant.agreement_read", p,
				 NULL, detail);
}

/* Saving. */

static int agreement_fail(struct form_invalid *bad, int status,
			  const char *field, const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return status;
}

/* The rules beyond the form's: something answered, consent signed,
 * signatures not ahead of today and by a consultant. 0 or 422. */
static int agreement_check(struct req *r, const struct participant *p,
			   struct form_value *v, struct form_invalid *bad)
{
	date_t today = date_today();
	int answered = 0, i;

	for (i = 0; i < AF__ANSWERS; i++)
		answered += v[i].present;
	if (!answered)
		return agreement_fail(bad, 422, "purpose",
				      "Besvar mindst ét af spørgsmålene.");
	if (v[AF_CONSENT].i && !v[AF_CITIZEN_SIGNED].present)
		return agreement_fail(bad, 422, "citizen_signed_on",
				      "Skriv datoen for borgerens underskrift, "
				      "når borgeren giver samtykke.");
	if ((v[AF_CITIZEN_SIGNED].present && v[AF_CITIZEN_SIGNED].i > today) ||
	    (v[AF_CONSULTANT_SIGNED].present &&
	     v[AF_CONSULTANT_SIGNED].i > today))
		return agreement_fail(bad, 422,
				      v[AF_CITIZEN_SIGNED].i > today
					      ? "citizen_signed_on"
					      : "consultant_signed_on",
				      "En underskrift kan ikke dateres frem i "
				      "tiden.");
	if (!v[AF_CONSULTANT].present && v[AF_CONSULTANT_SIGNED].present &&
	    r->session->role == ROLE_CONSULTANT) {
		v[AF_CONSULTANT].present = true;
		v[AF_CONSULTANT].i = r->session->user_id;
	}
	if (v[AF_CONSULTANT_SIGNED].present && !v[AF_CONSULTANT].present)
		return agreement_fail(bad, 422, "consultant_id",
				      "Vælg den virksomhedskonsulent, der har "
				      "underskrevet.");
	if (v[AF_CONSULTANT].present &&
	    !db_text_is(r->db, agreement_sql[AGR_SQL_CONSULTANT],
			v[AF_CONSULTANT].i, "consultant"))
		return agreement_fail(bad, 422, "consultant_id",
				      "Konsulenten skal være en aktiv "
				      "virksomhedskonsulent.");
	/* The guide names who signed it: someone who works with the
	 * citizen, as the form's choices say. */
	if (v[AF_CONSULTANT].present) {
		int access = participant_access_of(r->db, v[AF_CONSULTANT].i,
						   p->id);

		if (access < 0)
			return agreement_fail(bad, 500, NULL, "");
		if (access < PARTICIPANT_ACCESS_WORK)
			return agreement_fail(bad, 422, "consultant_id",
					      "Konsulenten arbejder ikke med "
					      "borgeren.");
	}
	return 0;
}

/* The answers as the JSON text to seal; free with secret_free. */
static char *agreement_content(const struct form_value *v)
{
	cJSON *root = cJSON_CreateObject();
	char *text, *copy;
	int i;

	for (i = 0; i < AF__ANSWERS; i++)
		cJSON_AddStringToObject(root, agreement_form[i].name, v[i].s);
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (text == NULL)
		return NULL;
	copy = strdup(text);
	memset(text, 0, strlen(text));
	cJSON_free(text);
	return copy;
}

static void agreement_bind_date(sqlite3_stmt *st, int idx,
				const struct form_value *v)
{
	if (v->present)
		sqlite3_bind_text(st, idx, v->s, -1, SQLITE_STATIC);
}

/* Inserts the next version with its audit row. 0 with *version, or -1. */
static int agreement_write(struct req *r, const struct participant *p,
			   const struct form_value *v, int *version)
{
	char *content = agreement_content(v);
	struct db *w = db_writer_lock();
	sqlite3_stmt *st;
	char detail[32];
	int rc = -1;

	if (content == NULL || db_begin(w) < 0)
		goto out;
	st = db_stmt(w, agreement_sql[AGR_SQL_NEXT]);
	if (st == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, p->id);
	*version = db_step(w, st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	st = db_stmt(w, agreement_sql[AGR_SQL_ADD]);
	if (*version < 1 || st == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int(st, 2, *version);
	sqlite3_bind_int(st, 4, v[AF_CONSENT].i ? 1 : 0);
	agreement_bind_date(st, 5, &v[AF_CITIZEN_SIGNED]);
	if (v[AF_CONSULTANT].present)
		sqlite3_bind_int64(st, 6, v[AF_CONSULTANT].i);
	agreement_bind_date(st, 7, &v[AF_CONSULTANT_SIGNED]);
	sqlite3_bind_int64(st, 8, r->session->user_id);
	sqlite3_bind_text(st, 9, r->session->email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, http_now());
	if (secret_bind(st, 3, content) < 0 || db_exec_stmt(w, st) != DB_OK)
		goto out;
	snprintf(detail, sizeof(detail), "version %d", *version);
	if (participant_audit(w, r, "participant.agreement_save", p, NULL,
			      detail) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
out:
	db_rollback(w);
	db_writer_unlock(w);
	secret_free(content);
	return rc;
}

/* Saves r's form as p's next version. 0 with *version, 403/422 with
 * *bad, or 500. */
static int agreement_save_from(struct req *r, const struct participant *p,
			       int *version, struct form_invalid *bad)
{
	struct form_value v[AF__N];
	int rc;

	if (!agreement_may(r, p, PARTICIPANT_AGREEMENT))
		return agreement_fail(bad, 403, NULL,
				      "Du har ikke adgang til deltagerens "
				      "aftaleguide.");
	if (form_validate(&r->form, agreement_form, AF__N, v, bad) < 0)
		return 422;
	rc = agreement_check(r, p, v, bad);
	if (rc == 0 && agreement_write(r, p, v, version) < 0)
		rc = 500;
	form_values_free(v, AF__N);
	return rc;
}

/* Loads the path's participant for the guide. 0 or the status sent. */
static int agreement_load(struct req *r, struct participant *p)
{
	int rc = participant_for_request(r, r->params[0], p, NULL);

	if (rc)
		return rc;
	if (!agreement_may(r, p, PARTICIPANT_AGREEMENT))
		return http_error(r, 403,
				  "Du har ikke adgang til deltagerens "
				  "aftaleguide.");
	return 0;
}

/* Views. */

/* Adds the lines of text to v as "lines", so paragraphs survive without
 * any style. */
static void agreement_view_lines(struct view *v, const char *text)
{
	const char *nl;

	view_list(v, "lines");
	while (text && *text) {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		if (nl > text)
			view_setf(view_add(v, "lines"), "text", "%.*s",
				  (int)(nl - text), text);
		text = *nl ? nl + 1 : nl;
	}
}

/* The questions in their groups with answers (answers[i] may be NULL). */
static void agreement_view_questions(struct view *v,
				     const char *const *answers)
{
	struct view *group = NULL, *q;
	int i;

	for (i = 0; i < AF__ANSWERS; i++) {
		if (agreement_questions[i].heading) {
			group = view_add(v, "groups");
			view_set(group, "heading",
				 agreement_questions[i].heading);
		}
		q = view_add(group, "questions");
		view_set(q, "field", agreement_form[i].name);
		view_set(q, "question", agreement_questions[i].question);
		view_set(q, "answer", answers[i]);
		agreement_view_lines(q, answers[i]);
	}
}

static int agreement_view_versions(struct db *db, int64_t participant,
				   struct view *v)
{
	sqlite3_stmt *st = db_stmt(db, agreement_sql[AGR_SQL_VERSIONS]);
	char when[80];
	struct view *item;
	int rc;

	if (st == NULL)
		return -1;
	view_list(v, "versions");
	sqlite3_bind_int64(st, 1, participant);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		item = view_add(v, "versions");
		view_set_int(item, "version", sqlite3_column_int(st, 0));
		agreement_when(sqlite3_column_int64(st, 1), true, when,
			       sizeof(when));
		view_set(item, "when", when);
		view_set(item, "actor", db_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int agreement_view_consultants(struct db *db,
				      const struct participant *p,
				      int64_t selected, struct view *v)
{
	sqlite3_stmt *st = db_stmt(db, agreement_sql[AGR_SQL_CONSULTANTS]);
	struct view *item;
	int rc;

	if (st == NULL)
		return -1;
	view_list(v, "consultants");
	sqlite3_bind_int64(st, 1, p->cohort_id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		item = view_add(v, "consultants");
		view_set_int(item, "value", sqlite3_column_int64(st, 0));
		view_set(item, "label", db_text(st, 1));
		view_set_bool(item, "selected",
			      sqlite3_column_int64(st, 0) == selected);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The guide's page: the form filled from the form r posted (error set) or
 * else from a (NULL: no guide yet), and the versions.
 */
static int agreement_render(struct req *r, int status,
			    const struct participant *p,
			    const struct agreement_row *a, const char *error)
{
	const char *answers[AF__ANSWERS] = {NULL};
	const char *consent = NULL, *signed_on = NULL, *csigned = NULL;
	struct view *v = view_new();
	char when[80];
	const char *cid = form_get(&r->form, "consultant_id");
	long consultant = 0;
	int i, rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	for (i = 0; i < AF__ANSWERS; i++)
		answers[i] = error ? form_get(&r->form, agreement_form[i].name)
			   : a	   ? a->answers[i]
				   : NULL;
	if (error) {
		consent = form_get(&r->form, "citizen_consent");
		signed_on = form_get(&r->form, "citizen_signed_on");
		csigned = form_get(&r->form, "consultant_signed_on");
		consultant = cid ? strtol(cid, NULL, 10) : 0;
	} else if (a) {
		consent = a->consent ? "1" : NULL;
		signed_on = a->citizen_signed_on;
		csigned = a->consultant_signed_on;
		consultant = (long)a->consultant_id;
	}
	view_set(v, "title", "Aftaleguide til virksomhedspraktik");
	view_set_int(v, "id", p->id);
	view_set(v, "name", p->name);
	view_set(v, "error", error);
	view_set_bool(v, "saved", !error && http_query(r, "saved") != NULL);
	view_set(v, "consent_text", agreement_consent_text);
	view_set_bool(v, "consent", consent && strcmp(consent, "0") != 0 &&
					    *consent);
	view_set(v, "citizen_signed_on", signed_on);
	view_set(v, "consultant_signed_on", csigned);
	if (a) {
		view_set_int(v, "version", a->version);
		agreement_when(a->created_at, true, when, sizeof(when));
		view_set(v, "version_when", when);
		view_set(v, "version_actor", a->actor_name);
	}
	agreement_view_questions(v, answers);
	rc = agreement_view_versions(r->db, p->id, v) < 0 ||
		     agreement_view_consultants(r->db, p, consultant, v) < 0
	     ? http_error(r, 500, NULL)
	     : http_page(r, status, "agreement.html", v);
	view_free(v);
	return rc;
}

int agreement_view_summary(struct req *r, const struct participant *p,
			   struct view *v)
{
	sqlite3_stmt *st;
	char when[80];
	int rc;

	if (!agreement_may(r, p, PARTICIPANT_AGREEMENT)) {
		view_set_bool(v, "agreement_visible", false);
		return 0;
	}
	st = db_stmt(r->db, agreement_sql[AGR_SQL_SUMMARY]);
	if (st == NULL)
		return -1;
	view_set_bool(v, "agreement_visible", true);
	view_set_bool(v, "agreement_exists", false);
	sqlite3_bind_int64(st, 1, p->id);
	rc = db_step(r->db, st);
	if (rc == SQLITE_ROW) {
		view_set_bool(v, "agreement_exists", true);
		view_set_int(v, "agreement_version", sqlite3_column_int(st, 0));
		agreement_when(sqlite3_column_int64(st, 1), false, when,
			       sizeof(when));
		view_set(v, "agreement_date", when);
		view_set_bool(v, "agreement_consent",
			      sqlite3_column_int(st, 2) == 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Pages. */

int agreement_page(struct req *r)
{
	struct agreement_row a;
	struct participant p;
	int rc = agreement_load(r, &p), found;

	if (rc)
		return rc;
	found = agreement_get(r->db, p.id, 0, &a);
	if (found < 0 || agreement_audit_read(r, &p, found ? 0 : a.version) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = agreement_render(r, 200, &p, found ? NULL : &a, NULL);
	agreement_row_free(&a);
	return rc;
}

int agreement_save(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	char loc[80];
	int version = 0;
	int rc = agreement_load(r, &p);

	if (rc)
		return rc;
	rc = agreement_save_from(r, &p, &version, &bad);
	if (rc == 422)
		return agreement_render(r, 422, &p, NULL, bad.message);
	if (rc)
		return http_error(r, rc, rc == 500 ? NULL : bad.message);
	snprintf(loc, sizeof(loc), "/participants/%lld/agreement?saved=1",
		 (long long)p.id);
	return http_redirect(r, loc);
}

/* ?version=N (absent: the latest); -1 when it is not a version number. */
static int agreement_version_param(const struct req *r)
{
	const char *s = http_query(r, "version");
	char *end;
	long n;

	if (s == NULL || *s == '\0')
		return 0;
	n = strtol(s, &end, 10);
	return *end || n < 1 || n > INT_MAX ? -1 : (int)n;
}

int agreement_print(struct req *r)
{
	const char *answers[AF__ANSWERS];
	struct agreement_row a;
	struct participant p;
	struct view *v;
	char when[80], da[DATE_DA_LEN];
	int version = agreement_version_param(r), found, i;
	int rc = agreement_load(r, &p);

	if (rc)
		return rc;
	if (version < 0)
		return http_error(r, 404, NULL);
	found = agreement_get(r->db, p.id, version, &a);
	if (found < 0)
		return http_error(r, 500, NULL);
	if (found > 0)
		return http_error(r, 404, "Aftaleguiden findes ikke.");
	v = view_new();
	if (v == NULL || agreement_audit_read(r, &p, a.version) < 0) {
		view_free(v);
		agreement_row_free(&a);
		return http_error(r, 500, NULL);
	}
	/* The guide's own header asks for the CPR number; it stays out. */
	view_set(v, "title", "Aftaleguide til virksomhedspraktik");
	view_set_int(v, "id", p.id);
	view_set(v, "name", p.name);
	view_set_int(v, "version", a.version);
	agreement_when(a.created_at, false, when, sizeof(when));
	view_set(v, "date_da", when);
	for (i = 0; i < AF__ANSWERS; i++)
		answers[i] = a.answers[i];
	agreement_view_questions(v, answers);
	view_set(v, "consent_text", agreement_consent_text);
	view_set(v, "consent_label", a.consent ? "Ja" : "Nej");
	agreement_date_da(a.citizen_signed_on, da, sizeof(da));
	view_set(v, "citizen_signed_da", da);
	agreement_date_da(a.consultant_signed_on, da, sizeof(da));
	view_set(v, "consultant_signed_da", da);
	view_set(v, "consultant", a.consultant);
	rc = http_page(r, 200, "agreement_print.html", v);
	view_free(v);
	agreement_row_free(&a);
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
	agreement_json_date(o, "citizen_signed_on", a->citizen_signed_on);
	if (a->consultant_id)
		cJSON_AddNumberToObject(o, "consultant_id",
					(double)a->consultant_id);
	else
		cJSON_AddNullToObject(o, "consultant_id");
	agreement_json_date(o, "consultant_signed_on", a->consultant_signed_on);
	for (i = 0; i < AF__ANSWERS; i++)
		cJSON_AddStringToObject(o, agreement_form[i].name,
					a->answers[i]);
	return o;
}

/* {"participant_id", "latest", "versions"}, audited as a read. */
static int agreement_api_answer(struct req *r, int status,
				const struct participant *p)
{
	sqlite3_stmt *st;
	struct agreement_row a;
	cJSON *root, *list, *o;
	int found = agreement_get(r->db, p->id, 0, &a), rc;

	st = db_stmt(r->db, agreement_sql[AGR_SQL_VERSIONS]);
	if (found < 0 || st == NULL ||
	    agreement_audit_read(r, p, found ? 0 : a.version) < 0) {
		agreement_row_free(&a);
		return http_error(r, 500, NULL);
	}
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "participant_id", (double)p->id);
	if (found == 0)
		cJSON_AddItemToObject(root, "latest",
				      agreement_json_version(&a));
	else
		cJSON_AddNullToObject(root, "latest");
	agreement_row_free(&a);
	list = cJSON_AddArrayToObject(root, "versions");
	sqlite3_bind_int64(st, 1, p->id);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "version",
					sqlite3_column_int(st, 0));
		cJSON_AddNumberToObject(o, "created_at",
					(double)sqlite3_column_int64(st, 1));
		cJSON_AddStringToObject(o, "actor", db_text(st, 2));
		cJSON_AddItemToArray(list, o);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
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
	rc = agreement_save_from(r, &p, &version, &bad);
	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, rc, rc == 500 ? NULL : bad.message);
	return agreement_api_answer(r, 201, &p);
}
