/*
 * agreement: the internship agreement guide. Every save seals the answers
 * as one JSON object and inserts the next version with its audit row in
 * one transaction; reading any version is audited too.
 */
#include "agreement.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "secret.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const agreement_answer_names[AGREEMENT_ANSWERS + 1] = {
	"purpose",
	"hours",
	"support_needed",
	"network_support",
	"support_when",
	"alarm_signals",
	"crisis_support",
	"internship_wishes",
	"company_wishes",
	"host_may_know",
	NULL,
};

const struct agreement_question agreement_questions[AGREEMENT_ANSWERS] = {
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
	{"Videreformidling af oplysninger", "Hvad skal/må virksomheden vide?"},
};

const char agreement_consent_text[] =
	"Borgeren giver samtykke til, at virksomheden får oplysningerne under "
	"»Videreformidling af oplysninger«";

const char *const agreement_share_names[AGREEMENT_SHARES + 1] = {
	"share_support",
	"share_alarms",
	"share_company",
	NULL,
};

const char *const agreement_share_labels[AGREEMENT_SHARES] = {
	"Praktikværten må se mine svar om støtte: hvilken støtte jeg har brug "
	"for, hvem i mit netværk der kan støtte mig, og hvornår",
	"Praktikværten må se mine alarmklokker: faresignalerne på en krise, og "
	"hvordan virksomheden bedst støtter mig gennem den",
	"Praktikværten må få det, jeg har skrevet under »Hvad skal/må "
	"virksomheden vide?«",
};

/* Which answers each shared item opens to the host. */
static const int agreement_answer_shares[AGREEMENT_ANSWERS] = {
	[AGREEMENT_PURPOSE] = -1,
	[AGREEMENT_HOURS] = -1,
	[AGREEMENT_SUPPORT_NEEDED] = AGREEMENT_SHARE_SUPPORT,
	[AGREEMENT_NETWORK_SUPPORT] = AGREEMENT_SHARE_SUPPORT,
	[AGREEMENT_SUPPORT_WHEN] = AGREEMENT_SHARE_SUPPORT,
	[AGREEMENT_ALARM_SIGNALS] = AGREEMENT_SHARE_ALARMS,
	[AGREEMENT_CRISIS_SUPPORT] = AGREEMENT_SHARE_ALARMS,
	[AGREEMENT_INTERNSHIP_WISHES] = -1,
	[AGREEMENT_COMPANY_WISHES] = -1,
	[AGREEMENT_HOST_MAY_KNOW] = AGREEMENT_SHARE_COMPANY,
};

int agreement_answer_share(enum agreement_answer x)
{
	return (unsigned)x < AGREEMENT_ANSWERS ? agreement_answer_shares[x]
					       : -1;
}

enum agreement_sql {
	AGR_SQL_GET,
	AGR_SQL_SUMMARY,
	AGR_SQL_VERSIONS,
	AGR_SQL_NEXT,
	AGR_SQL_ADD,
	AGR_SQL_CONSULTANTS,
	AGR_SQL_HOST,
	AGR_SQL__MAX
};

static const struct db_sql agreement_sql[AGR_SQL__MAX] = {
	/* ?2 = 0: the latest version. */
	[AGR_SQL_GET] =
		{"SELECT a.version, a.content_enc, a.citizen_consent, "
		 "coalesce(a.citizen_signed_on, ''), coalesce(a.consultant_id, "
		 "0), coalesce(uc.name, ''), coalesce(a.consultant_signed_on, "
		 "''), a.actor, coalesce(ua.name, a.actor), a.created_at, "
		 "a.share_support, a.share_alarms, a.share_company "
		 "FROM agreement a LEFT JOIN user uc ON uc.id = "
		 "a.consultant_id LEFT JOIN user ua ON ua.id = a.actor_id "
		 "WHERE a.participant_id = ?1 AND (?2 = 0 OR a.version = ?2) "
		 "ORDER BY a.version DESC LIMIT 1",
		 "ii"},
	[AGR_SQL_SUMMARY] = {"SELECT version, created_at, citizen_consent, "
			     "share_support, share_alarms, share_company FROM "
			     "agreement WHERE participant_id = ?1 ORDER BY "
			     "version DESC LIMIT 1",
			     "i"},
	[AGR_SQL_VERSIONS] =
		{"SELECT a.version, a.created_at, a.actor, coalesce(ua.name, "
		 "a.actor) FROM agreement a LEFT JOIN user ua ON ua.id = "
		 "a.actor_id WHERE a.participant_id = ?1 ORDER BY a.version "
		 "DESC",
		 "i"},
	[AGR_SQL_NEXT] = {"SELECT coalesce(max(version), 0) + 1 FROM "
			  "agreement WHERE participant_id = ?1",
			  "i"},
	[AGR_SQL_ADD] = {"INSERT INTO agreement (participant_id, version, "
			 "content_enc, citizen_consent, citizen_signed_on, "
			 "consultant_id, consultant_signed_on, actor_id, "
			 "actor, created_at, share_support, share_alarms, "
			 "share_company) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			 "?7, ?8, ?9, ?10, ?11, ?12, ?13)",
			 "iisiTITItiiii"},
	/* Consultants of the cohort's organisations or on its staff. */
	[AGR_SQL_CONSULTANTS] =
		{"SELECT u.id, u.name FROM user u JOIN cohort c ON c.id = ?1 "
		 "WHERE u.active AND u.role = 'consultant' AND "
		 "(u.organisation_id IN (c.job_centre_id, c.provider_id) OR "
		 "u.id IN (SELECT user_id FROM cohort_staff WHERE cohort_id = "
		 "c.id)) ORDER BY u.name LIMIT 200",
		 "i"},
	/* What a host may see: nothing without consent. */
	[AGR_SQL_HOST] = {"SELECT version, citizen_consent, content_enc, "
			  "citizen_consent AND share_support, "
			  "citizen_consent AND share_alarms, "
			  "citizen_consent AND share_company FROM agreement "
			  "WHERE participant_id = ?1 ORDER BY version DESC "
			  "LIMIT 1",
			  "i"},
};

void agreement_row_free(struct agreement_row *a)
{
	int i;

	for (i = 0; i < AGREEMENT_ANSWERS; i++) {
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

	for (i = 0; i < AGREEMENT_ANSWERS; i++) {
		item = cJSON_GetObjectItemCaseSensitive(
			root, agreement_answer_names[i]);
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

int agreement_get(struct db *db, int64_t participant_id, int version,
		  struct agreement_row *a)
{
	sqlite3_stmt *st = DB_BIND(db, &agreement_sql[AGR_SQL_GET],
				   DB_INT(participant_id), DB_INT(version));
	int rc, i;

	memset(a, 0, sizeof(*a));
	if (st == NULL)
		return -1;
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
		for (i = 0; i < AGREEMENT_SHARES; i++)
			a->share[i] = sqlite3_column_int(st, 10 + i) == 1;
		rc = agreement_open(st, 1, a) < 0 ? -1 : 0;
		if (rc < 0)
			agreement_row_free(a);
	} else {
		rc = rc == SQLITE_DONE ? 1 : -1;
	}
	sqlite3_reset(st);
	return rc;
}

int agreement_versions_each(struct db *db, int64_t participant_id,
			    agreement_version_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &agreement_sql[AGR_SQL_VERSIONS],
				   DB_INT(participant_id));
	struct agreement_version v;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		v.version = sqlite3_column_int(st, 0);
		v.created_at = sqlite3_column_int64(st, 1);
		v.actor = db_text(st, 2);
		v.actor_name = db_text(st, 3);
		fn(ctx, &v);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int agreement_summary_get(struct db *db, int64_t participant_id,
			  struct agreement_summary *s)
{
	sqlite3_stmt *st = DB_BIND(db, &agreement_sql[AGR_SQL_SUMMARY],
				   DB_INT(participant_id));
	int rc, i;

	memset(s, 0, sizeof(*s));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		s->version = sqlite3_column_int(st, 0);
		s->created_at = sqlite3_column_int64(st, 1);
		s->consent = sqlite3_column_int(st, 2) == 1;
		for (i = 0; i < AGREEMENT_SHARES; i++)
			s->share[i] = sqlite3_column_int(st, 3 + i) == 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int agreement_consultants_each(struct db *db, int64_t cohort_id,
			       agreement_consultant_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &agreement_sql[AGR_SQL_CONSULTANTS],
				   DB_INT(cohort_id));
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		fn(ctx, sqlite3_column_int64(st, 0), db_text(st, 1));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void agreement_host_view_free(struct agreement_host_view *v)
{
	int i;

	for (i = 0; i < AGREEMENT_ANSWERS; i++) {
		secret_free(v->answers[i]);
		v->answers[i] = NULL;
	}
}

int agreement_host_view(struct db *db, int64_t participant_id,
			struct agreement_host_view *out)
{
	sqlite3_stmt *st = DB_BIND(db, &agreement_sql[AGR_SQL_HOST],
				   DB_INT(participant_id));
	struct agreement_row a = {0};
	int rc, i, share;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		out->version = sqlite3_column_int(st, 0);
		out->consent = sqlite3_column_int(st, 1) == 1;
		for (i = 0; i < AGREEMENT_SHARES; i++)
			out->share[i] = sqlite3_column_int(st, 3 + i) == 1;
		rc = SQLITE_DONE;
		/* Only the shared answers are opened at all, and handed on. */
		if ((out->share[0] || out->share[1] || out->share[2]) &&
		    agreement_open(st, 2, &a) < 0)
			rc = SQLITE_ERROR;
		for (i = 0; rc == SQLITE_DONE && i < AGREEMENT_ANSWERS; i++) {
			share = agreement_answer_shares[i];
			if (share < 0 || !out->share[share])
				continue;
			out->answers[i] = a.answers[i];
			a.answers[i] = NULL;
		}
		agreement_row_free(&a);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		agreement_host_view_free(out);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

int agreement_host_text(struct db *db, int64_t participant_id, char **out)
{
	struct agreement_host_view v;

	*out = NULL;
	if (agreement_host_view(db, participant_id, &v) < 0)
		return -1;
	*out = v.answers[AGREEMENT_HOST_MAY_KNOW];
	v.answers[AGREEMENT_HOST_MAY_KNOW] = NULL;
	agreement_host_view_free(&v);
	return 0;
}

int agreement_audit_read(const struct actor *a, const struct participant *p,
			 int version)
{
	char detail[32];

	if (version)
		snprintf(detail, sizeof(detail), "version %d", version);
	else
		snprintf(detail, sizeof(detail), "ingen version");
	return participant_audit_read(a, AUDIT_PARTICIPANT_AGREEMENT_READ, p,
				      NULL, detail);
}

/* Saving. */

int agreement_check(const struct actor *a, const struct participant *p,
		    struct form_invalid *bad)
{
	if (!participant_may(a, p, PARTICIPANT_AGREEMENT))
		return form_refuse(bad, RESULT_REFUSED, NULL,
				   "Du har ikke adgang til deltagerens "
				   "aftaleguide.");
	return RESULT_OK;
}

/* The consultant who signed: someone who works with the citizen, as the
 * form's choices say. */
static int agreement_check_consultant(struct db *db,
				      const struct participant *p,
				      int64_t consultant,
				      struct form_invalid *bad)
{
	int access;

	if (participant_user_role(db, consultant) != ROLE_CONSULTANT)
		return form_refuse(bad, RESULT_INVALID, "consultant_id",
				   "Konsulenten skal være en aktiv "
				   "virksomhedskonsulent.");
	access = participant_access_of(db, consultant, p->id);
	if (access < 0)
		return RESULT_FAILED;
	if (access < PARTICIPANT_ACCESS_WORK)
		return form_refuse(bad, RESULT_INVALID, "consultant_id",
				   "Konsulenten arbejder ikke med "
				   "borgeren.");
	return RESULT_OK;
}

/* The rules: something answered, consent signed, signatures not ahead of
 * today and by a consultant (*consultant: who signed). */
static int agreement_rules(struct db *db, const struct actor *a,
			   const struct participant *p,
			   const struct agreement_input *in,
			   int64_t *consultant, struct form_invalid *bad)
{
	date_t today = date_today();
	int answered = 0, i;

	for (i = 0; i < AGREEMENT_ANSWERS; i++)
		answered += in->answers[i] && *in->answers[i];
	if (!answered)
		return form_refuse(bad, RESULT_INVALID, "purpose",
				   "Besvar mindst ét af spørgsmålene.");
	if (in->consent && !in->citizen_signed_on)
		return form_refuse(bad, RESULT_INVALID, "citizen_signed_on",
				   "Skriv datoen for borgerens underskrift, "
				   "når borgeren giver samtykke.");
	for (i = 0; in->share_given && !in->consent && i < AGREEMENT_SHARES;
	     i++)
		if (in->share[i])
			return form_refuse(bad, RESULT_INVALID,
					   "citizen_consent",
					   "Borgeren skal give samtykke, "
					   "før praktikværten må se noget "
					   "fra aftaleguiden.");
	if (in->citizen_signed_on > today || in->consultant_signed_on > today)
		return form_refuse(bad, RESULT_INVALID,
				   in->citizen_signed_on > today
					   ? "citizen_signed_on"
					   : "consultant_signed_on",
				   "En underskrift kan ikke dateres frem i "
				   "tiden.");
	*consultant = in->consultant_id;
	if (!*consultant && in->consultant_signed_on &&
	    a->role == ROLE_CONSULTANT)
		*consultant = a->user_id;
	if (in->consultant_signed_on && !*consultant)
		return form_refuse(bad, RESULT_INVALID, "consultant_id",
				   "Vælg den virksomhedskonsulent, der har "
				   "underskrevet.");
	return *consultant ? agreement_check_consultant(db, p, *consultant, bad)
			   : RESULT_OK;
}

/* The answers as the JSON text to seal; free with secret_free. */
static char *agreement_content(const struct agreement_input *in)
{
	cJSON *root = cJSON_CreateObject();
	char *text, *copy;
	int i;

	for (i = 0; i < AGREEMENT_ANSWERS; i++)
		cJSON_AddStringToObject(root, agreement_answer_names[i],
					in->answers[i] ? in->answers[i] : "");
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (text == NULL)
		return NULL;
	copy = strdup(text);
	memset(text, 0, strlen(text));
	cJSON_free(text);
	return copy;
}

/* An ISO date into out, or NULL for 0. */
static const char *agreement_iso(date_t d, char out[DATE_ISO_LEN + 1])
{
	if (d == 0)
		return NULL;
	date_format_iso(d, out);
	return out;
}

/* Inserts the next version with its audit row in w's open transaction. */
static int agreement_write(struct db *w, const struct actor *a,
			   const struct participant *p,
			   const struct agreement_input *in, int64_t consultant,
			   int *version)
{
	char *content = agreement_content(in);
	char citizen[DATE_ISO_LEN + 1], signed_on[DATE_ISO_LEN + 1];
	bool share[AGREEMENT_SHARES] = {false};
	char detail[32];
	sqlite3_stmt *st;
	int rc = RESULT_FAILED, i;

	/* Without consent nothing is shared; unsaid, the company's item
	 * follows the consent as it did before the items. */
	for (i = 0; in->consent && i < AGREEMENT_SHARES; i++)
		share[i] = in->share_given ? in->share[i]
					   : i == AGREEMENT_SHARE_COMPANY;

	st = DB_BIND(w, &agreement_sql[AGR_SQL_NEXT], DB_INT(p->id));
	if (content == NULL || st == NULL)
		goto out;
	*version = db_step(w, st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (*version < 1 ||
	    DB_RUN(w, &agreement_sql[AGR_SQL_ADD], DB_INT(p->id),
		   DB_INT(*version), DB_SEALED(content),
		   DB_INT(in->consent ? 1 : 0),
		   DB_TEXT(agreement_iso(in->citizen_signed_on, citizen)),
		   DB_ID(consultant),
		   DB_TEXT(agreement_iso(in->consultant_signed_on, signed_on)),
		   DB_ID(a->user_id), DB_TEXT(a->email ? a->email : "system"),
		   DB_INT((int64_t)time(NULL)), DB_INT(share[0]),
		   DB_INT(share[1]), DB_INT(share[2])) != DB_OK)
		goto out;
	snprintf(detail, sizeof(detail), "version %d", *version);
	if (participant_audit_write(w, a, AUDIT_PARTICIPANT_AGREEMENT_SAVE, p,
				    NULL, detail) == 0)
		rc = RESULT_OK;
out:
	secret_free(content);
	return rc;
}

int agreement_save(struct db *w, const struct actor *a,
		   const struct participant *p,
		   const struct agreement_input *in, int *version,
		   struct form_invalid *bad)
{
	int64_t consultant = 0;
	int rc = agreement_check(a, p, bad);

	if (rc == RESULT_OK)
		rc = agreement_rules(w, a, p, in, &consultant, bad);
	if (rc != RESULT_OK)
		return rc;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return db_finish(w, agreement_write(w, a, p, in, consultant, version));
}
