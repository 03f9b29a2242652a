/*
 * participant: the citizen's record as each member of staff may see it.
 * Who sees what is decided once, in SQL (PARTICIPANT_ACCESS_SQL); the
 * sealed parts are opened only here; every read and change is audited
 * through the helpers at the end.
 */
#include "participant.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "log.h"
#include "role.h"
#include "secret.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const participant_status_names[PARTICIPANT_STATUS__MAX + 1] = {
	"referred",    "admitted",    "waiting",   "not_admitted", "started",
	"re_referred", "dropped_out", "completed", NULL,
};

static const char *const participant_status_labels[PARTICIPANT_STATUS__MAX] = {
	"Henvist", "Optaget",	       "På venteliste", "Ikke optaget",
	"Startet", "Tilbagevisiteret", "Stoppet",	"Gennemført",
};

const char *participant_status_label(enum participant_status s)
{
	return (unsigned)s < PARTICIPANT_STATUS__MAX
		       ? participant_status_labels[s]
		       : "";
}

int participant_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < PARTICIPANT_STATUS__MAX; i++)
		if (strcmp(name, participant_status_names[i]) == 0)
			return i;
	return -1;
}

#define PS(x) (1u << PARTICIPANT_##x)

/* Where each status may go. Visitation decides for referred and waiting
 * citizens; the rest are the course's own steps. Not admitted, re-referred,
 * dropped out and completed are final: a new course is a new referral. */
static const unsigned participant_next[PARTICIPANT_STATUS__MAX] = {
	[PARTICIPANT_REFERRED] = PS(ADMITTED) | PS(WAITING) | PS(NOT_ADMITTED),
	[PARTICIPANT_WAITING] = PS(ADMITTED) | PS(NOT_ADMITTED) |
				PS(RE_REFERRED),
	[PARTICIPANT_ADMITTED] = PS(STARTED) | PS(RE_REFERRED) |
				 PS(DROPPED_OUT),
	[PARTICIPANT_STARTED] = PS(COMPLETED) | PS(RE_REFERRED) |
				PS(DROPPED_OUT),
};

bool participant_transition_allowed(enum participant_status from,
				    enum participant_status to)
{
	if ((unsigned)from >= PARTICIPANT_STATUS__MAX ||
	    (unsigned)to >= PARTICIPANT_STATUS__MAX)
		return false;
	return (participant_next[from] & (1u << to)) != 0;
}

const char *const participant_barrier_names[] = {
	"adhd", "anxiety", "depression", "other", NULL,
};
const char *const participant_barrier_labels[] = {
	"ADHD",
	"Angst",
	"Depression",
	"Andet",
};
const char *const participant_substance_names[] = {
	"none",
	"in_treatment",
	"not_in_treatment",
	NULL,
};
const char *const participant_substance_labels[] = {
	"Intet misbrug",
	"Misbrug, i behandling",
	"Misbrug, ikke i behandling",
};
const char *const participant_dialogue_names[] = {
	"citizen", "instructor", "caseworker", "host", NULL,
};
const char *const participant_dialogue_labels[] = {
	"Borgeren",
	"Underviseren",
	"Sagsbehandleren",
	"Praktikværten",
};

const char *participant_choice_label(const char *const *names,
				     const char *const *labels,
				     const char *name)
{
	size_t i;

	for (i = 0; name && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return labels[i];
	return "";
}

/* Statuses that hold a place on the cohort. */
#define PARTICIPANT_PLACED "('admitted', 'started', 'completed')"

enum participant_sql {
	PARTICIPANT_SQL_GET,
	PARTICIPANT_SQL_SECRETS,
	PARTICIPANT_SQL_HISTORY,
	PARTICIPANT_SQL_PLACED,
	PARTICIPANT_SQL_WAITING,
	PARTICIPANT_SQL_OUTCOMES,
	PARTICIPANT_SQL_ACCESS_LOG,
	PARTICIPANT_SQL_VIEWER,
	PARTICIPANT_SQL__MAX
};

static const struct db_sql participant_sql[PARTICIPANT_SQL__MAX] = {
	[PARTICIPANT_SQL_GET] = {"SELECT " PARTICIPANT_COLUMNS_SQL
					 PARTICIPANT_FROM_SQL "WHERE p.id = ?4",
				 "iiti"},
	[PARTICIPANT_SQL_SECRETS] = {"SELECT cpr_enc, health_enc, "
				     "visitation_enc FROM participant WHERE "
				     "id = ?1",
				     "i"},
	[PARTICIPANT_SQL_HISTORY] = {"SELECT date, from_status, to_status, "
				     "reason_enc, dialogue, actor, at FROM "
				     "participant_status WHERE "
				     "participant_id = ?1 ORDER BY id",
				     "i"},
	[PARTICIPANT_SQL_PLACED] =
		{"SELECT count(*) FROM participant WHERE "
		 "cohort_id = ?1 AND status IN " PARTICIPANT_PLACED,
		 "i"},
	[PARTICIPANT_SQL_WAITING] = {"SELECT count(*) FROM participant WHERE "
				     "cohort_id = ?1 AND status = 'waiting'",
				     "i"},
	[PARTICIPANT_SQL_OUTCOMES] =
		{"SELECT timing, kind, coalesce(hours_per_week, 0), "
		 "coalesce(other_kind, ''), note_enc, recorded_on, actor FROM "
		 "outcome WHERE participant_id = ?1 ORDER BY timing = "
		 "'six_months', id",
		 "i"},
	[PARTICIPANT_SQL_ACCESS_LOG] =
		{"SELECT at, actor, action, purpose, detail, count, "
		 "coalesce(last_at, at) AS latest, note_enc FROM audit WHERE "
		 "subject_type = 'participant' AND subject_id = ?1 ORDER BY "
		 "latest DESC, id DESC LIMIT 1000",
		 "i"},
	[PARTICIPANT_SQL_VIEWER] = {"SELECT role, organisation_id FROM user "
				    "WHERE id = ?1 AND active",
				    "i"},
};

/* Loading and access. */

void participant_read_row(sqlite3_stmt *st, struct participant *p)
{
	int s;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->cohort_id = sqlite3_column_int64(st, 1);
	snprintf(p->name, sizeof(p->name), "%s", db_text(st, 2));
	s = participant_status_parse(db_text(st, 3));
	p->status = s < 0 ? PARTICIPANT_REFERRED : (enum participant_status)s;
	p->birth_year = sqlite3_column_int(st, 4);
	snprintf(p->phone, sizeof(p->phone), "%s", db_text(st, 5));
	snprintf(p->email, sizeof(p->email), "%s", db_text(st, 6));
	snprintf(p->address, sizeof(p->address), "%s", db_text(st, 7));
	p->caseworker_id = sqlite3_column_int64(st, 8);
	p->mentor_id = sqlite3_column_int64(st, 9);
	snprintf(p->caseworker, sizeof(p->caseworker), "%s", db_text(st, 10));
	snprintf(p->mentor, sizeof(p->mentor), "%s", db_text(st, 11));
	p->referred_on = db_date(st, 12);
	p->visitation_on = db_date(st, 13);
	p->started_on = db_date(st, 14);
	p->ended_on = db_date(st, 15);
	p->access = (enum participant_access)sqlite3_column_int(st, 16);
}

int participant_get(struct db *db, const struct actor *a, int64_t id,
		    struct participant *p)
{
	sqlite3_stmt *st = DB_BIND(db, &participant_sql[PARTICIPANT_SQL_GET],
				   COHORT_VIEWER(a), DB_INT(id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		participant_read_row(st, p);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return p->access == PARTICIPANT_ACCESS_NONE ? 1 : 0;
	return rc == SQLITE_DONE ? 1 : -1;
}

int participant_cohort(struct db *db, const struct actor *a,
		       const struct participant *p, struct cohort *c)
{
	int rc = cohort_get(db, a, p->cohort_id, c);

	if (rc <= 0)
		return rc;
	if (p->access != PARTICIPANT_ACCESS_CONTACT)
		return 1;
	memset(c, 0, sizeof(*c));
	c->id = p->cohort_id;
	return 0;
}

/* The actor of active user user_id (without e-mail or client): 0, 1 when
 * there is none, -1 on error. */
static int participant_viewer(struct db *db, int64_t user_id, struct actor *a)
{
	sqlite3_stmt *st = DB_BIND(db, &participant_sql[PARTICIPANT_SQL_VIEWER],
				   DB_INT(user_id));
	int rc, role = -1;

	if (st == NULL)
		return -1;
	memset(a, 0, sizeof(*a));
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		role = role_parse(db_text(st, 0));
		a->organisation_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	if (role < 0)
		return 1;
	a->user_id = user_id;
	a->role = (enum role)role;
	return 0;
}

int participant_access_of(struct db *db, int64_t user_id, int64_t id)
{
	struct participant p;
	struct actor a;
	int rc = participant_viewer(db, user_id, &a);

	if (rc)
		return rc < 0 ? -1 : PARTICIPANT_ACCESS_NONE;
	rc = participant_get(db, &a, id, &p);
	if (rc < 0)
		return -1;
	return rc == 0 ? (int)p.access : PARTICIPANT_ACCESS_NONE;
}

int participant_user_role(struct db *db, int64_t user_id)
{
	struct actor a;

	return participant_viewer(db, user_id, &a) == 0 ? (int)a.role : -1;
}

bool participant_may(const struct actor *a, const struct participant *p,
		     enum participant_action x)
{
	enum role role = a->role;
	enum participant_access access = p->access;

	switch (x) {
	case PARTICIPANT_EDIT:
	case PARTICIPANT_OUTCOME:
	case PARTICIPANT_AFTERCARE:
	case PARTICIPANT_REVEAL_CPR:
		return access == PARTICIPANT_ACCESS_FULL &&
		       (role == ROLE_CASEWORKER || role == ROLE_PROJECT_LEADER);
	case PARTICIPANT_VISITATION:
		return access >= PARTICIPANT_ACCESS_HEALTH &&
		       (role == ROLE_INSTRUCTOR || role == ROLE_PROJECT_LEADER);
	case PARTICIPANT_STATUS:
		return access >= PARTICIPANT_ACCESS_HEALTH &&
		       (role == ROLE_INSTRUCTOR ||
			role == ROLE_PROJECT_LEADER || role == ROLE_CASEWORKER);
	case PARTICIPANT_TALKS:
		return access >= PARTICIPANT_ACCESS_CONTACT;
	case PARTICIPANT_AGREEMENT:
		return access >= PARTICIPANT_ACCESS_WORK;
	default:
		return false;
	}
}

const char participant_refused[] =
	"Du har ikke adgang til at gøre dette for borgeren.";

int participant_refuse(struct form_invalid *bad)
{
	bad->field = NULL;
	snprintf(bad->message, sizeof(bad->message), "%s", participant_refused);
	return RESULT_REFUSED;
}

static int participant_count(struct db *db, enum participant_sql which,
			     int64_t id)
{
	sqlite3_stmt *st = DB_BIND(db, &participant_sql[which], DB_INT(id));
	int n = -1;

	if (st == NULL)
		return -1;
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

int participant_admitted_count(struct db *db, int64_t cohort_id)
{
	return participant_count(db, PARTICIPANT_SQL_PLACED, cohort_id);
}

int participant_waiting_count(struct db *db, int64_t cohort_id)
{
	return participant_count(db, PARTICIPANT_SQL_WAITING, cohort_id);
}

/* The sealed parts. */

/* Column col of participant id's sealed columns, opened (free with
 * secret_free; "" for NULL), or NULL (no row, or it cannot be opened). */
static char *participant_sealed(struct db *db, int64_t id, int col,
				bool *was_null)
{
	sqlite3_stmt *st = DB_BIND(
		db, &participant_sql[PARTICIPANT_SQL_SECRETS], DB_INT(id));
	char *plain = NULL;

	if (st == NULL)
		return NULL;
	if (db_step(db, st) == SQLITE_ROW) {
		if (was_null)
			*was_null = sqlite3_column_type(st, col) == SQLITE_NULL;
		plain = secret_column(st, col);
	}
	sqlite3_reset(st);
	return plain;
}

/* The whole CPR number of participant id (full) or its masked form. */
static int participant_cpr_text(struct db *db, int64_t id, bool full,
				char out[CPR_MASKED_LEN])
{
	char *plain = participant_sealed(db, id, 0, NULL);
	int rc = -1;

	out[0] = '\0';
	if (plain && strlen(plain) == CPR_DIGITS) {
		if (full)
			cpr_format(plain, out);
		else
			cpr_mask(plain, out);
		rc = 0;
	}
	secret_free(plain);
	return rc;
}

int participant_cpr_masked(struct db *db, int64_t id, char out[CPR_MASKED_LEN])
{
	return participant_cpr_text(db, id, false, out);
}

/* A sealed JSON object; an empty object for NULL. NULL when the value
 * cannot be opened or is not an object. */
static cJSON *participant_sealed_json(char *plain)
{
	cJSON *j;

	if (plain == NULL)
		return NULL;
	j = *plain ? cJSON_Parse(plain) : cJSON_CreateObject();
	secret_free(plain);
	if (j && !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = NULL;
	}
	return j;
}

cJSON *participant_health_get(struct db *db, int64_t id)
{
	return participant_sealed_json(participant_sealed(db, id, 1, NULL));
}

cJSON *participant_visitation_get(struct db *db, int64_t id)
{
	bool none = true;
	char *plain = participant_sealed(db, id, 2, &none);

	if (none) {
		secret_free(plain);
		return NULL;
	}
	return participant_sealed_json(plain);
}

/* The sealed column col opened for a viewer who sees health fields, ""
 * when it cannot be opened; NULL (not opened) for others. Free with
 * secret_free. */
static char *participant_health_text(sqlite3_stmt *st, int col,
				     const struct participant *p)
{
	char *text;

	if (p->access < PARTICIPANT_ACCESS_HEALTH)
		return NULL;
	text = secret_column(st, col);
	return text ? text : strdup("");
}

int participant_history_each(struct db *db, const struct participant *p,
			     participant_history_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(
		db, &participant_sql[PARTICIPANT_SQL_HISTORY], DB_INT(p->id));
	struct participant_history h;
	char *reason;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		reason = participant_health_text(st, 3, p);
		h.date = db_text(st, 0);
		h.from = db_text(st, 1);
		h.to = db_text(st, 2);
		h.dialogue = db_text(st, 4);
		h.by = db_text(st, 5);
		h.reason = reason;
		fn(ctx, &h);
		secret_free(reason);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int participant_outcome_each(struct db *db, const struct participant *p,
			     participant_outcome_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(
		db, &participant_sql[PARTICIPANT_SQL_OUTCOMES], DB_INT(p->id));
	struct participant_outcome o;
	char *note;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		note = participant_health_text(st, 4, p);
		o.timing = db_text(st, 0);
		o.kind = db_text(st, 1);
		o.hours = sqlite3_column_int(st, 2);
		o.other_kind = db_text(st, 3);
		o.note = note;
		o.recorded_on = db_text(st, 5);
		fn(ctx, &o);
		secret_free(note);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int participant_access_each(struct db *db, const struct participant *p,
			    participant_access_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db,
				   &participant_sql[PARTICIPANT_SQL_ACCESS_LOG],
				   DB_INT(p->id));
	struct participant_access_row e;
	char *note;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		note = NULL;
		/* A sealed note (a CPR reveal's): for this log's readers,
		 * who see the whole record, and no one else. */
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			note = secret_column(st, 7);
			if (note == NULL) {
				rc = SQLITE_ERROR;
				break;
			}
		}
		e.at = sqlite3_column_int64(st, 0);
		e.latest = sqlite3_column_int64(st, 6);
		e.count = sqlite3_column_int(st, 5);
		e.actor = db_text(st, 1);
		e.action = db_text(st, 2);
		e.purpose = db_text(st, 3);
		e.detail = db_text(st, 4);
		e.note = note;
		fn(ctx, &e);
		secret_free(note);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Audit. */

/* e about participant id, its label written into subject. */
static void participant_subject(struct audit_entry *e, int64_t id,
				char subject[48])
{
	/* The label names no one: the audit page is the administrator's. */
	snprintf(subject, 48, "deltager %lld", (long long)id);
	e->subject_type = "participant";
	e->subject_id = id;
	e->subject = subject;
}

int participant_audit_read(const struct actor *a, enum audit_action x,
			   const struct participant *p, const char *purpose,
			   const char *detail)
{
	struct audit_entry e = audit_by(a, x);
	char subject[48];

	participant_subject(&e, p->id, subject);
	e.purpose = purpose;
	e.detail = detail;
	return audit_write_reads(&e, 1);
}

int participant_audit_write(struct db *w, const struct actor *a,
			    enum audit_action x, const struct participant *p,
			    const char *purpose, const char *detail)
{
	struct audit_entry e = audit_by(a, x);
	char subject[48];

	participant_subject(&e, p->id, subject);
	e.purpose = purpose;
	e.detail = detail;
	return audit_write(w, &e);
}

int participant_audit_reads(const struct actor *a, enum audit_action x,
			    const int64_t *ids, size_t n, const char *detail)
{
	size_t rows = n ? n : 1, i;
	struct audit_entry *e = calloc(rows, sizeof(*e));
	char(*subject)[48] = calloc(rows, sizeof(*subject));
	int rc = -1;

	if (e && subject) {
		for (i = 0; i < rows; i++) {
			e[i] = audit_by(a, x);
			e[i].subject_type = "participant";
			e[i].detail = detail;
			if (n)
				participant_subject(&e[i], ids[i], subject[i]);
		}
		rc = audit_write_reads(e, rows);
	}
	free(e);
	free(subject);
	return rc;
}

int participant_audit_durable(struct db *w, const struct actor *a,
			      enum audit_action x, const struct participant *p,
			      const char *purpose, const char *detail,
			      const char *note)
{
	struct audit_entry e = audit_by(a, x);
	char subject[48];

	participant_subject(&e, p->id, subject);
	e.purpose = purpose;
	e.detail = detail;
	e.note = note;
	if (db_begin(w) < 0)
		return -1;
	return db_finish(w, audit_write(w, &e) == 0 ? 0 : -1);
}

/* Revealing the CPR number. */

const char *const participant_cpr_purposes[] = {
	"payment",	"case_record", "authority", "identity",
	"data_request", "other",       NULL,
};

const char *const participant_cpr_purpose_labels[] = {
	"Udbetaling eller indberetning til ydelsessystemet",
	"Journalisering i borgerens sag",
	"Henvendelse til en anden myndighed",
	"Bekræftelse af borgerens identitet",
	"Borgerens anmodning om indsigt",
	"Andet (se noten)",
};

enum { PARTICIPANT_PURPOSE_OTHER = 5, PARTICIPANT_PURPOSES = 6 };

int participant_reveal_cpr(struct db *w, const struct actor *a,
			   const struct participant *p,
			   const struct participant_reveal *in,
			   char out[CPR_MASKED_LEN], struct form_invalid *bad)
{
	out[0] = '\0';
	if (!participant_may(a, p, PARTICIPANT_REVEAL_CPR))
		return participant_refuse(bad);
	if (in->purpose < 0 || in->purpose >= PARTICIPANT_PURPOSES) {
		bad->field = "purpose";
		snprintf(bad->message, sizeof(bad->message),
			 "Formål har en ugyldig værdi.");
		return RESULT_INVALID;
	}
	if (in->purpose == PARTICIPANT_PURPOSE_OTHER &&
	    form_utf8_length(in->note ? in->note : "") < 5) {
		bad->field = "note";
		snprintf(bad->message, sizeof(bad->message),
			 "Skriv i noten, hvorfor du skal se CPR-nummeret.");
		return RESULT_INVALID;
	}
	/* Durable before the number is shown. */
	if (participant_audit_durable(
		    w, a, AUDIT_PARTICIPANT_CPR_REVEAL, p,
		    participant_cpr_purpose_labels[in->purpose], NULL,
		    in->note) < 0 ||
	    participant_cpr_text(w, p->id, true, out) < 0)
		return RESULT_FAILED;
	return RESULT_OK;
}
