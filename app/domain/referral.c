/*
 * referral: the rules of a referral and of a change to the record, and
 * their writes. The health fields are one sealed JSON object; a change
 * rebuilds it over the stored one inside the write transaction.
 */
#include "referral.h"

#include "actor.h"
#include "audit.h"
#include "cpr.h"
#include "db.h"
#include "form.h"
#include "log.h"
#include "secret.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum referral_sql {
	REFERRAL_SQL_DUPLICATE,
	REFERRAL_SQL_ADD,
	REFERRAL_SQL_UPDATE,
	REFERRAL_SQL_HISTORY_ADD,
	REFERRAL_SQL_USER_FITS,
	REFERRAL_SQL_MENTOR_FITS,
	REFERRAL_SQL_CASEWORKERS,
	REFERRAL_SQL_MENTORS,
	REFERRAL_SQL__MAX
};

static const struct db_sql referral_sql[REFERRAL_SQL__MAX] = {
	/* The same citizen on this cohort, or still on a cohort whose period
	 * overlaps ?3..?4. */
	[REFERRAL_SQL_DUPLICATE] =
		{"SELECT p.id FROM participant p JOIN cohort c ON c.id = "
		 "p.cohort_id WHERE p.cpr_hash = ?1 AND p.id != ?5 AND "
		 "(p.cohort_id = ?2 OR (p.status NOT IN ('not_admitted', "
		 "'re_referred', 'dropped_out') AND c.state != 'cancelled' AND "
		 "c.referral_start <= ?4 AND c.internship_end >= ?3)) LIMIT 1",
		 "biTTi"},
	[REFERRAL_SQL_ADD] =
		{"INSERT INTO participant (cohort_id, name, cpr_enc, cpr_hash, "
		 "birth_year, phone, email, address, caseworker_id, mentor_id, "
		 "health_enc, referred_on, created_by, created_at, updated_at) "
		 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
		 "?13, ?14, ?14)",
		 "itsbitttiIsTii"},
	/* ?3, ?4 and ?11 NULL: the CPR number and health fields stay. */
	[REFERRAL_SQL_UPDATE] =
		{"UPDATE participant SET name = ?2, cpr_enc = coalesce(?3, "
		 "cpr_enc), cpr_hash = coalesce(?4, cpr_hash), birth_year = "
		 "?5, "
		 "phone = ?6, email = ?7, address = ?8, caseworker_id = ?9, "
		 "mentor_id = ?10, health_enc = coalesce(?11, health_enc), "
		 "updated_at = ?12 WHERE id = ?1",
		 "itSBitttiISi"},
	[REFERRAL_SQL_HISTORY_ADD] =
		{"INSERT INTO participant_status (participant_id, at, date, "
		 "from_status, to_status, reason_enc, dialogue, actor_id, "
		 "actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		 "iiTttStIt"},
	/* An active caseworker of the cohort's job centre. */
	[REFERRAL_SQL_USER_FITS] =
		{"SELECT 1 FROM user u JOIN cohort c ON c.id = ?2 WHERE u.id = "
		 "?1 AND u.active AND u.role = 'caseworker' AND "
		 "u.organisation_id = c.job_centre_id",
		 "ii"},
	/* An active mentor on the cohort's staff. */
	[REFERRAL_SQL_MENTOR_FITS] =
		{"SELECT 1 FROM user u JOIN cohort_staff s ON s.user_id = u.id "
		 "AND s.cohort_id = ?2 AND s.role = 'mentor' WHERE u.id = ?1 "
		 "AND u.active AND u.role = 'mentor'",
		 "ii"},
	[REFERRAL_SQL_CASEWORKERS] =
		{"SELECT u.id, u.name FROM user u JOIN cohort c ON c.id = ?1 "
		 "WHERE u.active AND u.role = 'caseworker' AND "
		 "u.organisation_id = c.job_centre_id ORDER BY u.name",
		 "i"},
	[REFERRAL_SQL_MENTORS] =
		{"SELECT u.id, u.name FROM user u JOIN cohort_staff s ON "
		 "s.user_id = u.id AND s.cohort_id = ?1 AND s.role = 'mentor' "
		 "WHERE u.active ORDER BY u.name",
		 "i"},
};

static int referral_invalid(struct form_invalid *bad, const char *field,
			    const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

/* The cohort. */

const char *referral_closed(const struct actor *a, const struct cohort *c,
			    date_t on)
{
	if (a->role == ROLE_PROJECT_LEADER && !cohort_may_manage(a, c))
		return "Kun holdets projektledere og sagsbehandlere kan "
		       "henvise "
		       "til holdet.";
	if (a->role != ROLE_PROJECT_LEADER && a->role != ROLE_CASEWORKER)
		return "Kun sagsbehandlere og projektledere kan henvise.";
	if (strcmp(c->state, "referral_open") != 0)
		return "Holdet er ikke åbent for henvisning.";
	if (on >= c->plan.first_teaching_day)
		return "Undervisningen er begyndt; holdet tager ikke imod "
		       "flere "
		       "henvisninger.";
	return NULL;
}

int referral_cohort(struct db *db, const struct actor *a, int64_t cohort_id,
		    date_t on, struct cohort *c, struct form_invalid *bad)
{
	const char *closed;
	int rc = cohort_id > 0 ? cohort_get(db, a, cohort_id, c) : 1;

	if (rc < 0)
		return RESULT_FAILED;
	if (rc > 0)
		return referral_invalid(bad, "cohort_id", "Vælg et hold.");
	closed = referral_closed(a, c, on);
	return closed ? referral_invalid(bad, "cohort_id", closed) : RESULT_OK;
}

/* The health object. */

static cJSON *referral_health_new(void)
{
	cJSON *h = cJSON_CreateObject();

	cJSON_AddArrayToObject(h, "barriers");
	cJSON_AddStringToObject(h, "barrier_other", "");
	cJSON_AddStringToObject(h, "substance", "");
	cJSON_AddArrayToObject(h, "criteria");
	cJSON_AddStringToObject(h, "reason", "");
	cJSON_AddStringToObject(h, "wishes", "");
	return h;
}

/* A string member of a health object ("" when absent). */
static const char *referral_health_text(const cJSON *h, const char *name)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(h, name);

	return cJSON_IsString(j) ? j->valuestring : "";
}

static void referral_health_set(cJSON *h, const char *name, const char *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(h, name);
	cJSON_AddStringToObject(h, name, value ? value : "");
}

static void referral_health_put(cJSON *h, const char *name, cJSON *item)
{
	cJSON_DeleteItemFromObjectCaseSensitive(h, name);
	cJSON_AddItemToObject(h, name, item);
}

/*
 * The target-group answers, kept with the texts because a cohort's
 * criteria may be edited later. When none is given the old answers stay
 * (a change) or all are unanswered (a referral).
 */
static int referral_criteria(struct db *db, const struct referral_input *in,
			     int64_t cohort, cJSON *h, bool create,
			     struct form_invalid *bad)
{
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(h, "criteria");
	struct cohort_criteria texts;
	cJSON *list;
	size_t i;

	if (in->criteria_top == 0 && !create)
		return RESULT_OK;
	if (cohort_criteria_get(db, cohort, &texts) < 0) {
		cohort_criteria_free(&texts);
		return RESULT_FAILED;
	}
	if (in->criteria_top > (long long)texts.n) {
		cohort_criteria_free(&texts);
		return referral_invalid(bad, "criteria",
					"Holdets målgruppe har ikke så mange "
					"kriterier.");
	}
	list = cJSON_CreateArray();
	for (i = 0; i < texts.n; i++) {
		const cJSON *prev = cJSON_GetArrayItem(old, (int)i);
		const char *answer = in->criteria[i].answer;
		const char *note = in->criteria[i].note;
		cJSON *o = cJSON_CreateObject();

		if (answer == NULL)
			answer = referral_health_text(prev, "answer");
		if (note == NULL)
			note = referral_health_text(prev, "note");
		cJSON_AddStringToObject(o, "text", texts.text[i]);
		cJSON_AddStringToObject(o, "answer", answer);
		cJSON_AddStringToObject(o, "note", note);
		cJSON_AddItemToArray(list, o);
	}
	cohort_criteria_free(&texts);
	referral_health_put(h, "criteria", list);
	return RESULT_OK;
}

/* Copies what in gives over p and the health object h. *health_changed
 * says whether h was touched. */
static void referral_apply(const struct referral_input *in,
			   struct participant *p, cJSON *h,
			   bool *health_changed)
{
	const char *health[] = {in->barrier_other, in->substance, in->reason,
				in->wishes};
	static const char *const health_names[] = {"barrier_other", "substance",
						   "reason", "wishes"};
	cJSON *list;
	size_t i;

	if (in->name)
		snprintf(p->name, sizeof(p->name), "%s", in->name);
	if (in->phone)
		snprintf(p->phone, sizeof(p->phone), "%s", in->phone);
	if (in->email)
		snprintf(p->email, sizeof(p->email), "%s", in->email);
	if (in->address)
		snprintf(p->address, sizeof(p->address), "%s", in->address);
	if (in->caseworker_id)
		p->caseworker_id = in->caseworker_id;
	if (in->mentor_id >= 0)
		p->mentor_id = in->mentor_id;
	for (i = 0; i < sizeof(health) / sizeof(health[0]); i++)
		if (health[i]) {
			referral_health_set(h, health_names[i], health[i]);
			*health_changed = true;
		}
	if (in->barriers_given) {
		list = cJSON_CreateArray();
		for (i = 0; i < in->nbarriers; i++)
			cJSON_AddItemToArray(
				list, cJSON_CreateString(in->barriers[i]));
		referral_health_put(h, "barriers", list);
		*health_changed = true;
	}
}

/* Does the statement (?1 user, ?2 cohort) give a row? */
static bool referral_fits(struct db *db, enum referral_sql which, int64_t user,
			  int64_t cohort)
{
	sqlite3_stmt *st = DB_BIND(db, &referral_sql[which], DB_INT(user),
				   DB_INT(cohort));
	bool ok;

	if (st == NULL)
		return false;
	ok = db_step(db, st) == SQLITE_ROW;
	sqlite3_reset(st);
	return ok;
}

static bool referral_phone_ok(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789 +-()", *s))
			return false;
	return true;
}

/* The rules across fields and rows. */
static int referral_check(struct db *db, const struct participant *p,
			  struct form_invalid *bad)
{
	if (p->name[0] == '\0')
		return referral_invalid(bad, "name", "Navn skal udfyldes.");
	if (p->phone[0] && !referral_phone_ok(p->phone))
		return referral_invalid(bad, "phone",
					"Telefonnummeret må kun indeholde "
					"cifre, mellemrum, +, - og "
					"parenteser.");
	if (p->caseworker_id == 0)
		return referral_invalid(bad, "caseworker_id",
					"Vælg borgerens sagsbehandler.");
	if (!referral_fits(db, REFERRAL_SQL_USER_FITS, p->caseworker_id,
			   p->cohort_id))
		return referral_invalid(bad, "caseworker_id",
					"Sagsbehandleren skal være en aktiv "
					"sagsbehandler i holdets "
					"jobcenter.");
	if (p->mentor_id && !referral_fits(db, REFERRAL_SQL_MENTOR_FITS,
					   p->mentor_id, p->cohort_id))
		return referral_invalid(bad, "mentor_id",
					"Mentoren skal være tilknyttet "
					"holdet som mentor.");
	return RESULT_OK;
}

/* in over p and h, with every rule, and the CPR number's digits into cpr
 * ("" when none is given): RESULT_OK, RESULT_INVALID or RESULT_FAILED. */
static int referral_build(struct db *db, const struct referral_input *in,
			  struct participant *p, cJSON *h, bool create,
			  char cpr[CPR_DIGITS + 1], bool *health_changed,
			  struct form_invalid *bad)
{
	const char *error = NULL;
	date_t birth;
	int rc;

	cpr[0] = '\0';
	if (in->cpr && *in->cpr) {
		if (cpr_parse(in->cpr, cpr, &birth, &error) < 0)
			return referral_invalid(bad, "cpr", error);
		p->birth_year = date_year(birth);
	} else if (create) {
		return referral_invalid(bad, "cpr",
					"CPR-nummer skal udfyldes.");
	}
	referral_apply(in, p, h, health_changed);
	rc = referral_criteria(db, in, p->cohort_id, h, create, bad);
	if (rc != RESULT_OK)
		return rc;
	if (in->criteria_top || create)
		*health_changed = true;
	return referral_check(db, p, bad);
}

/* Writing. */

/* Is the citizen already on this cohort, or on one whose period overlaps
 * it? The other referral's id, 0 for none, or -1 on error. */
static int64_t referral_duplicate(struct db *db,
				  const unsigned char hash[SECRET_HASH_LEN],
				  const struct cohort *c, int64_t self)
{
	char from[DATE_ISO_LEN + 1], to[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	int64_t other = 0;
	int rc;

	date_format_iso(c->referral_start, from);
	date_format_iso(c->internship_end, to);
	st = DB_BIND(db, &referral_sql[REFERRAL_SQL_DUPLICATE],
		     DB_BLOB(hash, SECRET_HASH_LEN), DB_INT(c->id),
		     DB_TEXT(c->referral_start ? from : NULL),
		     DB_TEXT(c->internship_end ? to : NULL), DB_INT(self));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		other = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? other : rc == SQLITE_DONE ? 0 : -1;
}

/* Hashes cpr into hash and refuses it when the citizen is on this cohort
 * or one overlapping it (*dup gets that referral). */
static int referral_unique(struct db *w, const char *cpr,
			   const struct cohort *c, int64_t self,
			   unsigned char hash[SECRET_HASH_LEN], int64_t *dup,
			   struct form_invalid *bad)
{
	if (secret_hash(cpr, hash) < 0)
		return RESULT_FAILED;
	*dup = referral_duplicate(w, hash, c, self);
	if (*dup < 0)
		return RESULT_FAILED;
	if (*dup > 0)
		return referral_invalid(bad, "cpr",
					"Borgeren er allerede henvist til "
					"dette hold eller til et hold i "
					"samme periode.");
	return RESULT_OK;
}

/* A refused duplicate still told the caller that the citizen is on a
 * course: that goes on the other referral's record, durably. */
static void referral_audit_duplicate(struct db *w, const struct actor *a,
				     int64_t other, int64_t cohort)
{
	struct participant p = {.id = other};
	char detail[64];

	snprintf(detail, sizeof(detail), "referral to cohort %lld refused",
		 (long long)cohort);
	if (participant_audit_durable(w, a, AUDIT_PARTICIPANT_DUPLICATE_REFUSED,
				      &p, NULL, detail, NULL) < 0)
		log_error("participant: could not audit a refused duplicate");
}

/* Wipes and frees a string cJSON printed (the sealed health fields in
 * the clear). */
static void referral_wipe(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		cJSON_free(s);
	}
}

/* Adds a status history row in w's open transaction. */
static int referral_history_add(struct db *w, const struct actor *a, int64_t id,
				date_t on)
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(on, iso);
	return DB_RUN(w, &referral_sql[REFERRAL_SQL_HISTORY_ADD], DB_INT(id),
		      DB_INT((int64_t)time(NULL)), DB_TEXT(on ? iso : NULL),
		      DB_TEXT(""), DB_TEXT("referred"), DB_SEALED(NULL),
		      DB_TEXT(""), DB_ID(a->user_id),
		      DB_TEXT(a->email ? a->email : "system")) == DB_OK
		       ? 0
		       : -1;
}

/* Inserts p (with the CPR number cpr and health h) in w's open
 * transaction; *id gets the row. */
static int referral_insert(struct db *w, const struct actor *a,
			   struct participant *p, const char *cpr,
			   const cJSON *h, const struct cohort *c, date_t on,
			   int64_t *id, int64_t *dup, struct form_invalid *bad)
{
	unsigned char hash[SECRET_HASH_LEN];
	char iso[DATE_ISO_LEN + 1], *health = NULL;
	int rc = referral_unique(w, cpr, c, 0, hash, dup, bad);

	if (rc != RESULT_OK)
		return rc;
	health = cJSON_PrintUnformatted(h);
	date_format_iso(on, iso);
	rc = RESULT_FAILED;
	if (health == NULL ||
	    DB_RUN(w, &referral_sql[REFERRAL_SQL_ADD], DB_INT(c->id),
		   DB_TEXT(p->name), DB_SEALED(cpr),
		   DB_BLOB(hash, sizeof(hash)), DB_INT(p->birth_year),
		   DB_TEXT(p->phone), DB_TEXT(p->email), DB_TEXT(p->address),
		   DB_INT(p->caseworker_id), DB_ID(p->mentor_id),
		   DB_SEALED(health), DB_TEXT(on ? iso : NULL),
		   DB_INT(a->user_id), DB_INT((int64_t)time(NULL))) != DB_OK)
		goto out;
	*id = db_last_id(w);
	p->id = *id;
	if (referral_history_add(w, a, *id, on) == 0 &&
	    participant_audit_write(w, a, AUDIT_PARTICIPANT_CREATE, p, NULL,
				    "referral") == 0)
		rc = RESULT_OK;
out:
	referral_wipe(health);
	return rc;
}

int referral_create(struct db *w, const struct actor *a,
		    const struct referral_input *in, date_t on, int64_t *id,
		    struct form_invalid *bad)
{
	char cpr[CPR_DIGITS + 1];
	struct participant p;
	struct cohort c;
	int64_t dup = 0;
	bool changed = false;
	cJSON *h = NULL;
	int rc = referral_cohort(w, a, in->cohort_id, on, &c, bad);

	if (rc != RESULT_OK)
		return rc;
	memset(&p, 0, sizeof(p));
	p.cohort_id = c.id;
	if (a->role == ROLE_CASEWORKER)
		p.caseworker_id = a->user_id;
	h = referral_health_new();
	if (h == NULL)
		return RESULT_FAILED;
	rc = referral_build(w, in, &p, h, true, cpr, &changed, bad);
	if (rc == RESULT_OK) {
		if (db_begin(w) < 0)
			rc = RESULT_FAILED;
		else
			rc = db_finish(w, referral_insert(w, a, &p, cpr, h, &c,
							  on, id, &dup, bad));
	}
	sodium_memzero(cpr, sizeof(cpr));
	cJSON_Delete(h);
	if (dup > 0)
		referral_audit_duplicate(w, a, dup, c.id);
	return rc;
}

/* Writes the change of p in w's open transaction. */
static int referral_update(struct db *w, const struct actor *a,
			   const struct participant *p, const char *cpr,
			   const cJSON *h, bool health_changed,
			   const struct cohort *c, int64_t *dup,
			   struct form_invalid *bad)
{
	unsigned char hash[SECRET_HASH_LEN];
	char detail[64], *health = NULL;
	bool with_cpr = cpr && *cpr;
	int rc;

	if (with_cpr) {
		rc = referral_unique(w, cpr, c, p->id, hash, dup, bad);
		if (rc != RESULT_OK)
			return rc;
	}
	if (health_changed && (health = cJSON_PrintUnformatted(h)) == NULL)
		return RESULT_FAILED;
	rc = DB_RUN(
		w, &referral_sql[REFERRAL_SQL_UPDATE], DB_INT(p->id),
		DB_TEXT(p->name), DB_SEALED(with_cpr ? cpr : NULL),
		DB_BLOB(with_cpr ? hash : NULL, with_cpr ? sizeof(hash) : 0),
		DB_INT(p->birth_year), DB_TEXT(p->phone), DB_TEXT(p->email),
		DB_TEXT(p->address), DB_INT(p->caseworker_id),
		DB_ID(p->mentor_id), DB_SEALED(health),
		DB_INT((int64_t)time(NULL)));
	referral_wipe(health);
	if (rc != DB_OK)
		return RESULT_FAILED;
	snprintf(detail, sizeof(detail), "contact%s%s",
		 health_changed ? ", health" : "", with_cpr ? ", cpr" : "");
	return participant_audit_write(w, a, AUDIT_PARTICIPANT_UPDATE, p, NULL,
				       detail) < 0
		       ? RESULT_FAILED
		       : RESULT_OK;
}

int referral_change(struct db *w, const struct actor *a,
		    const struct participant *p, const struct cohort *c,
		    const struct referral_input *in, struct form_invalid *bad)
{
	char cpr[CPR_DIGITS + 1] = "";
	struct participant now;
	int64_t dup = 0;
	bool changed = false;
	cJSON *h = NULL;
	int rc;

	if (!participant_may(a, p, PARTICIPANT_EDIT))
		return participant_refuse(bad);
	if (in->cohort_id && in->cohort_id != p->cohort_id)
		return referral_invalid(bad, "cohort_id",
					"Et andet hold kræver en ny "
					"henvisning.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	/* The record as it is now, not as the caller loaded it. */
	rc = RESULT_FAILED;
	if (participant_get(w, a, p->id, &now) == 0 &&
	    (h = participant_health_get(w, p->id)) != NULL) {
		rc = referral_build(w, in, &now, h, false, cpr, &changed, bad);
		if (rc == RESULT_OK)
			rc = referral_update(w, a, &now, cpr, h, changed, c,
					     &dup, bad);
	}
	rc = db_finish(w, rc);
	sodium_memzero(cpr, sizeof(cpr));
	cJSON_Delete(h);
	if (dup > 0)
		referral_audit_duplicate(w, a, dup, c->id);
	return rc;
}

/* The form's people. */

static int referral_people(struct db *db, enum referral_sql which,
			   int64_t cohort_id, referral_person_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &referral_sql[which], DB_INT(cohort_id));
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		fn(ctx, sqlite3_column_int64(st, 0), db_text(st, 1));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int referral_caseworkers_each(struct db *db, int64_t cohort_id,
			      referral_person_fn fn, void *ctx)
{
	return referral_people(db, REFERRAL_SQL_CASEWORKERS, cohort_id, fn,
			       ctx);
}

int referral_mentors_each(struct db *db, int64_t cohort_id,
			  referral_person_fn fn, void *ctx)
{
	return referral_people(db, REFERRAL_SQL_MENTORS, cohort_id, fn, ctx);
}
