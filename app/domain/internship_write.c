/*
 * internship_write: making and changing internships and each step of
 * their timeline (and the host's stop), each with its timeline and audit
 * rows in one transaction on the writer. A change of the start moves the
 * step-up plan with it (its weeks count from the start), since the plan's
 * rows are this internship's own.
 */
#include "internship.h"

#include "actor.h"
#include "agreement.h"
#include "audit.h"
#include "closure.h"
#include "db.h"
#include "form.h"
#include "holiday.h"
#include "secret.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum internship_write_sql {
	IW_SQL_ADD,
	IW_SQL_UPDATE,
	IW_SQL_STATUS,
	IW_SQL_STEP,
	IW_SQL_CONTACT,
	IW_SQL_WEEKS,
	IW_SQL_WEEK_HISTORY,
	IW_SQL_WEEK_SET,
	IW_SQL_CONTENT,
	IW_SQL__MAX
};

static const struct db_sql internship_write_sql[IW_SQL__MAX] = {
	[IW_SQL_ADD] = {"INSERT INTO internship (participant_id, company_id, "
			"contact_id, previous_id, workplace_address, "
			"content_enc, start_on, end_on, teaching_weekday, "
			"created_by, created_at, updated_at) VALUES (?1, ?2, "
			"?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
			"iiIItsttiIi"},
	[IW_SQL_UPDATE] = {"UPDATE internship SET company_id = ?2, "
			   "contact_id = ?3, workplace_address = ?4, "
			   "content_enc = ?5, start_on = ?6, end_on = ?7, "
			   "sequence = sequence + 1, updated_at = ?8 WHERE "
			   "id = ?1",
			   "iiItstti"},
	[IW_SQL_STATUS] = {"UPDATE internship SET status = ?2, ended_by = ?3, "
			   "start_on = ?4, end_on = ?5, sequence = sequence "
			   "+ 1, updated_at = ?6 WHERE id = ?1",
			   "itTtti"},
	[IW_SQL_STEP] = {"INSERT INTO internship_status (internship_id, "
			 "status, on_date, reason_enc, actor_id, contact_id, "
			 "actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			 "?7, ?8)",
			 "ittSIIti"},
	[IW_SQL_CONTACT] = {"SELECT active FROM company_contact WHERE id = "
			    "?1 AND company_id = ?2",
			    "ii"},
	/* The plan's weeks, moved with the start (week 1 is its week). */
	[IW_SQL_WEEKS] = {"SELECT week, mon, tue, wed, thu, fri FROM "
			  "internship_week WHERE internship_id = ?1 ORDER BY "
			  "week",
			  "i"},
	[IW_SQL_WEEK_HISTORY] = {"INSERT INTO internship_week_change "
				 "(internship_id, week, version, minutes, "
				 "reason_enc, actor_id, actor, at) SELECT "
				 "internship_id, week, version + 1, mon || "
				 "',' || tue || ',' || wed || ',' || thu || "
				 "',' || fri, ?3, ?4, ?5, ?6 FROM "
				 "internship_week WHERE internship_id = ?1 "
				 "AND week = ?2",
				 "iiSIti"},
	[IW_SQL_WEEK_SET] = {"UPDATE internship_week SET monday = ?3, mon = "
			     "?4, tue = ?5, wed = ?6, thu = ?7, fri = ?8, "
			     "version = version + 1, updated_at = ?9 WHERE "
			     "internship_id = ?1 AND week = ?2",
			     "iitiiiiii"},
	[IW_SQL_CONTENT] = {"UPDATE internship SET content_enc = ?2 WHERE "
			    "id = ?1",
			    "is"},
};

/* Writing: the rules. */

/* What a new internship or a change makes: the internship, its texts
 * (borrowed from the input or what it was) and its chain's start. */
struct internship_build {
	struct internship t;
	const char *purpose, *tasks, *special_need;
	date_t chain_start;
};

static bool internship_too_long(const char *s, size_t chars)
{
	return s && form_utf8_length(s) > chars;
}

/* The company and contact person of in over b->t (was: what they were,
 * NULL for a new one). */
static int internship_build_company(struct db *db, const struct actor *a,
				    const struct participant *p,
				    const struct internship *was,
				    const struct internship_input *in,
				    struct internship_build *b,
				    struct form_invalid *bad)
{
	struct internship_company c;
	bool company_moved;
	int64_t active = 0;
	int rc;

	if (in->company_id > 0)
		b->t.company_id = in->company_id;
	if (b->t.company_id <= 0)
		return form_invalid_set(bad, RESULT_INVALID, "company_id",
					"Vælg virksomheden.");
	company_moved = was == NULL || b->t.company_id != was->company_id;
	if (company_moved) {
		rc = internship_company_of(db, a, p->cohort_id, b->t.company_id,
					   &c);
		if (rc < 0)
			return RESULT_FAILED;
		if (rc > 0)
			return form_invalid_set(
				bad, RESULT_INVALID, "company_id",
				"Virksomheden findes ikke, eller den hører "
				"ikke til de organisationer, der står for "
				"borgerens forløb.");
		/* A new company's workplace is its address unless given. */
		if (in->workplace_address == NULL)
			snprintf(b->t.workplace_address,
				 sizeof(b->t.workplace_address), "%s",
				 c.address);
		if (in->contact_id < 0)
			b->t.contact_id = 0;
	}
	if (in->contact_id >= 0)
		b->t.contact_id = in->contact_id;
	if (b->t.contact_id == 0 ||
	    (!company_moved && b->t.contact_id == was->contact_id))
		return RESULT_OK;
	if (db_scalar(db,
		      DB_BIND(db, &internship_write_sql[IW_SQL_CONTACT],
			      DB_INT(b->t.contact_id), DB_INT(b->t.company_id)),
		      &active) < 0)
		return RESULT_FAILED;
	if (active != 1)
		return form_invalid_set(bad, RESULT_INVALID, "contact_id",
					"Vælg en aktiv kontaktperson hos "
					"virksomheden.");
	return RESULT_OK;
}

/* The texts and the workplace of in over b. */
static int internship_build_texts(struct db *db, const struct actor *a,
				  const struct participant *p,
				  const struct internship_input *in,
				  struct internship_build *b,
				  struct form_invalid *bad)
{
	struct internship_company c;

	if (in->purpose)
		b->purpose = in->purpose;
	if (in->tasks)
		b->tasks = in->tasks;
	if (in->special_need)
		b->special_need = in->special_need;
	if (internship_too_long(b->purpose, INTERNSHIP_TEXT_MAX) ||
	    internship_too_long(b->tasks, INTERNSHIP_TEXT_MAX) ||
	    internship_too_long(b->special_need, INTERNSHIP_TEXT_MAX))
		return form_invalid_set(
			bad, RESULT_INVALID,
			internship_too_long(b->purpose, INTERNSHIP_TEXT_MAX)
				? "purpose"
			: internship_too_long(b->tasks, INTERNSHIP_TEXT_MAX)
				? "tasks"
				: "special_need",
			"Teksten må højst være på %d tegn.",
			INTERNSHIP_TEXT_MAX);
	if (in->workplace_address) {
		if (internship_too_long(in->workplace_address, 1200))
			return form_invalid_set(
				bad, RESULT_INVALID, "workplace_address",
				"Arbejdsstedets adresse må højst "
				"være på 1200 tegn.");
		snprintf(b->t.workplace_address, sizeof(b->t.workplace_address),
			 "%s", in->workplace_address);
	}
	/* Cleared: where the company is. */
	if (b->t.workplace_address[0] == '\0') {
		if (internship_company_of(db, a, p->cohort_id, b->t.company_id,
					  &c) == 0)
			snprintf(b->t.workplace_address,
				 sizeof(b->t.workplace_address), "%s",
				 c.address);
	}
	return RESULT_OK;
}

/* The length of t by the rules: within the table's weeks (else invalid),
 * then its chain's first start into *chain, the chain's weeks into *weeks
 * and the rule internship.weeks_extended into *most. */
static int internship_span(struct db *db, const struct internship *t,
			   date_t *chain, int *weeks, int *most,
			   struct form_invalid *bad)
{
	if (internship_weeks(t->start_on, t->end_on) > INTERNSHIP_WEEKS_MAX)
		return form_invalid_set(bad, RESULT_INVALID, "end_on",
					"En praktik kan højst strække sig over "
					"%d uger.",
					INTERNSHIP_WEEKS_MAX);
	if (internship_chain_start(db, t, chain) < 0 ||
	    internship_rule_int(db, "internship.weeks_extended", t->start_on,
				26, most) < 0)
		return RESULT_FAILED;
	*weeks = internship_weeks(*chain, t->end_on);
	return RESULT_OK;
}

/* A chain of weeks past most with no special need stated. */
static int internship_need_missing(struct form_invalid *bad, int weeks,
				   int most)
{
	return form_invalid_set(bad, RESULT_INVALID, "special_need",
				"Praktikken varer %d uger med forlængelser. "
				"Ud over %d uger kræver det et helt særligt "
				"behov: skriv det.",
				weeks, most);
}

/* The dates of in over b, and the length of its chain by the rules. */
static int internship_build_dates(struct db *db,
				  const struct internship_input *in,
				  struct internship_build *b,
				  struct form_invalid *bad)
{
	int weeks = 0, most = 0, rc;

	if (in->start_on)
		b->t.start_on = in->start_on;
	if (in->end_on)
		b->t.end_on = in->end_on;
	if (b->t.start_on == 0)
		return form_invalid_set(bad, RESULT_INVALID, "start_on",
					"Skriv startdatoen.");
	if (b->t.end_on == 0)
		return form_invalid_set(bad, RESULT_INVALID, "end_on",
					"Skriv slutdatoen.");
	if (b->t.end_on < b->t.start_on)
		return form_invalid_set(bad, RESULT_INVALID, "end_on",
					"Slutdatoen skal ligge efter "
					"startdatoen.");
	rc = internship_span(db, &b->t, &b->chain_start, &weeks, &most, bad);
	if (rc != RESULT_OK)
		return rc;
	if (weeks > most && (b->special_need == NULL || !*b->special_need))
		return internship_need_missing(bad, weeks, most);
	return RESULT_OK;
}

/* The internship that in makes of was (a new one: of the draft's
 * values in was) into *b. */
static int internship_build(struct db *db, const struct actor *a,
			    const struct participant *p,
			    const struct internship *was, bool fresh,
			    const struct internship_input *in,
			    struct internship_build *b,
			    struct form_invalid *bad)
{
	int rc;

	memset(b, 0, sizeof(*b));
	b->t = *was;
	b->t.purpose = b->t.tasks = b->t.special_need = NULL;
	b->purpose = was->purpose;
	b->tasks = was->tasks;
	b->special_need = was->special_need;
	rc = internship_build_company(db, a, p, fresh ? NULL : was, in, b, bad);
	if (rc == RESULT_OK)
		rc = internship_build_texts(db, a, p, in, b, bad);
	if (rc == RESULT_OK)
		rc = internship_build_dates(db, in, b, bad);
	return rc;
}

/* The sealed JSON of the texts; free with secret_free. */
static char *internship_content(const struct internship_build *b)
{
	cJSON *o = cJSON_CreateObject();
	char *text, *copy;

	cJSON_AddStringToObject(o, "purpose", b->purpose ? b->purpose : "");
	cJSON_AddStringToObject(o, "tasks", b->tasks ? b->tasks : "");
	cJSON_AddStringToObject(o, "special_need",
				b->special_need ? b->special_need : "");
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (text == NULL)
		return NULL;
	copy = strdup(text);
	memset(text, 0, strlen(text));
	cJSON_free(text);
	return copy;
}

/* A timeline row's sealed detail: the reason and what moved; free with
 * secret_free. */
static char *internship_step_detail(const char *reason, date_t start,
				    date_t end, int ended_by)
{
	char iso[DATE_ISO_LEN + 1], *text, *copy;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "reason", reason ? reason : "");
	if (start && date_format_iso(start, iso) == 0)
		cJSON_AddStringToObject(o, "start_on", iso);
	if (end && date_format_iso(end, iso) == 0)
		cJSON_AddStringToObject(o, "end_on", iso);
	if ((unsigned)ended_by < INTERNSHIP_ENDER__MAX)
		cJSON_AddStringToObject(o, "ended_by",
					internship_ender_names[ended_by]);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (text == NULL)
		return NULL;
	copy = strdup(text);
	memset(text, 0, strlen(text));
	cJSON_free(text);
	return copy;
}

/* Appends a timeline row of id in w's open transaction. */
static int internship_step_write(struct db *w, int64_t id,
				 enum internship_status status, date_t on,
				 const char *detail, int64_t actor_id,
				 int64_t contact_id, const char *actor)
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(on, iso);
	return DB_RUN(w, &internship_write_sql[IW_SQL_STEP], DB_INT(id),
		      DB_TEXT(internship_status_names[status]), DB_TEXT(iso),
		      DB_SEALED(detail), DB_ID(actor_id), DB_ID(contact_id),
		      DB_TEXT(actor), DB_INT((int64_t)time(NULL))) == DB_OK
		       ? 0
		       : -1;
}

static const char *internship_actor(const struct actor *a)
{
	return a->email ? a->email : "system";
}

/* Is d closed for internship work: a public holiday or one of the
 * cohort's closure days? 1, 0, or -1. */
static int internship_day_closed(struct db *db, int64_t cohort_id, date_t d)
{
	if (holiday_is(d, false, NULL))
		return 1;
	return closure_exists(db, cohort_id, d);
}

struct internship_week_row {
	int week;
	int minutes[5];
};

/*
 * The step-up plan follows t's start (week 1 is the week of its start):
 * each week gets its new Monday, a day that now falls on a holiday or
 * closure day loses its hours, and the week as it was goes into the
 * plan's history with why. In w's open transaction. 0 or -1.
 */
static int internship_plan_follow(struct db *w, const struct actor *a,
				  const struct internship *t, const char *why)
{
	sqlite3_stmt *st = DB_BIND(w, &internship_write_sql[IW_SQL_WEEKS],
				   DB_INT(t->id));
	struct internship_week_row rows[INTERNSHIP_WEEKS_MAX];
	char iso[DATE_ISO_LEN + 1];
	int64_t now = (int64_t)time(NULL);
	size_t n = 0, k;
	date_t monday;
	int rc, d, closed;

	if (st == NULL)
		return -1;
	while ((rc = db_step(w, st)) == SQLITE_ROW &&
	       n < INTERNSHIP_WEEKS_MAX) {
		rows[n].week = sqlite3_column_int(st, 0);
		for (d = 0; d < 5; d++)
			rows[n].minutes[d] = sqlite3_column_int(st, 1 + d);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return -1;
	for (k = 0; k < n; k++) {
		monday = date_add_days(date_monday(t->start_on),
				       7 * (rows[k].week - 1));
		for (d = 0; d < 5; d++) {
			closed = internship_day_closed(
				w, t->cohort_id, date_add_days(monday, d));
			if (closed < 0)
				return -1;
			if (closed || d + 1 == t->teaching_weekday)
				rows[k].minutes[d] = 0;
		}
		date_format_iso(monday, iso);
		if (DB_RUN(w, &internship_write_sql[IW_SQL_WEEK_HISTORY],
			   DB_INT(t->id), DB_INT(rows[k].week), DB_SEALED(why),
			   DB_ID(a->user_id), DB_TEXT(internship_actor(a)),
			   DB_INT(now)) != DB_OK ||
		    DB_RUN(w, &internship_write_sql[IW_SQL_WEEK_SET],
			   DB_INT(t->id), DB_INT(rows[k].week), DB_TEXT(iso),
			   DB_INT(rows[k].minutes[0]),
			   DB_INT(rows[k].minutes[1]),
			   DB_INT(rows[k].minutes[2]),
			   DB_INT(rows[k].minutes[3]),
			   DB_INT(rows[k].minutes[4]), DB_INT(now)) != DB_OK)
			return -1;
	}
	return 0;
}

/* Why the plan moved: "Starten er flyttet til 9. marts 2026: why". */
static void internship_moved_why(const struct internship *t, const char *why,
				 char *out, size_t len)
{
	char da[DATE_DA_LEN];

	date_format_da(t->start_on, da, sizeof(da));
	snprintf(out, len, "Praktikkens start er flyttet til %s%s%s", da,
		 why && *why ? ": " : ".", why && *why ? why : "");
}

/* Inserts (b->t.id 0) or updates b->t with its timeline and audit rows
 * in w's open transaction; b->t.id is set. was: before a change. */
static int internship_write(struct db *w, const struct actor *a,
			    const struct participant *p,
			    const struct internship *was,
			    struct internship_build *b)
{
	char *content = internship_content(b), start[DATE_ISO_LEN + 1],
	     end[DATE_ISO_LEN + 1], detail[64], why[600];
	int64_t now = (int64_t)time(NULL);
	bool add = b->t.id == 0;
	int rc = RESULT_FAILED;

	if (content == NULL)
		goto out;
	date_format_iso(b->t.start_on, start);
	date_format_iso(b->t.end_on, end);
	if (add) {
		if (DB_RUN(w, &internship_write_sql[IW_SQL_ADD], DB_INT(p->id),
			   DB_INT(b->t.company_id), DB_ID(b->t.contact_id),
			   DB_ID(b->t.previous_id),
			   DB_TEXT(b->t.workplace_address), DB_SEALED(content),
			   DB_TEXT(start), DB_TEXT(end),
			   DB_INT(b->t.teaching_weekday), DB_ID(a->user_id),
			   DB_INT(now)) != DB_OK)
			goto out;
		b->t.id = db_last_id(w);
		if (internship_step_write(w, b->t.id, INTERNSHIP_PLANNED,
					  date_today(), NULL, a->user_id, 0,
					  internship_actor(a)) < 0)
			goto out;
	} else if (DB_RUN(w, &internship_write_sql[IW_SQL_UPDATE],
			  DB_INT(b->t.id), DB_INT(b->t.company_id),
			  DB_ID(b->t.contact_id),
			  DB_TEXT(b->t.workplace_address), DB_SEALED(content),
			  DB_TEXT(start), DB_TEXT(end), DB_INT(now)) != DB_OK) {
		goto out;
	}
	if (!add && date_monday(was->start_on) != date_monday(b->t.start_on)) {
		internship_moved_why(&b->t, NULL, why, sizeof(why));
		if (internship_plan_follow(w, a, &b->t, why) < 0)
			goto out;
	}
	snprintf(detail, sizeof(detail), "internship %lld", (long long)b->t.id);
	if (participant_audit_write(w, a,
				    add ? AUDIT_PARTICIPANT_INTERNSHIP_ADD
					: AUDIT_PARTICIPANT_INTERNSHIP_UPDATE,
				    p, NULL, detail) == 0)
		rc = RESULT_OK;
out:
	secret_free(content);
	return rc;
}

static bool internship_same(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

static bool internship_changed(const struct internship *was,
			       const struct internship_build *b)
{
	return was->company_id != b->t.company_id ||
	       was->contact_id != b->t.contact_id ||
	       was->start_on != b->t.start_on || was->end_on != b->t.end_on ||
	       strcmp(was->workplace_address, b->t.workplace_address) != 0 ||
	       !internship_same(was->purpose, b->purpose) ||
	       !internship_same(was->tasks, b->tasks) ||
	       !internship_same(was->special_need, b->special_need);
}

/* The warnings of b's internship, when asked for. */
static int internship_build_warn(struct db *db,
				 const struct internship_build *b,
				 struct internship_warnings *warn)
{
	if (warn == NULL)
		return 0;
	return internship_warnings_for(db, b->t.id, b->t.company_id,
				       b->chain_start, b->t.start_on,
				       b->t.end_on, warn);
}

/* The starting point of a new internship continuing previous_id (0: none)
 * as the values of *was. */
static int internship_start_point(struct db *w, const struct actor *a,
				  const struct participant *p,
				  int64_t previous_id, struct internship *was,
				  struct internship_draft *d,
				  struct form_invalid *bad)
{
	struct internship *prev = NULL;
	int rc = 0;

	if (previous_id > 0) {
		prev = calloc(1, sizeof(*prev));
		if (prev == NULL)
			return RESULT_FAILED;
		rc = internship_get(w, a, previous_id, prev, NULL);
		if (rc == 0 && prev->participant_id != p->id) {
			internship_free(prev);
			rc = 1;
		}
		if (rc != 0) {
			free(prev);
			return rc < 0 ? RESULT_FAILED
				      : form_invalid_set(
						bad, RESULT_INVALID,
						"previous_id",
						"Den praktik, der skal "
						"fortsættes, er ikke "
						"borgerens.");
		}
	}
	rc = internship_draft(w, a, p, prev, d);
	if (prev)
		internship_free(prev);
	free(prev);
	if (rc < 0)
		return RESULT_FAILED;
	memset(was, 0, sizeof(*was));
	was->participant_id = p->id;
	was->cohort_id = p->cohort_id;
	was->company_id = d->company_id;
	was->contact_id = d->contact_id;
	was->previous_id = d->previous_id;
	was->start_on = d->start_on;
	was->end_on = d->end_on;
	was->teaching_weekday = d->teaching_weekday;
	was->purpose = d->purpose;
	was->tasks = d->tasks;
	was->special_need = NULL;
	snprintf(was->workplace_address, sizeof(was->workplace_address), "%s",
		 d->workplace_address);
	return RESULT_OK;
}

int internship_create(struct db *w, const struct actor *a,
		      const struct participant *p,
		      const struct internship_input *in, int64_t *id,
		      struct internship_warnings *warn,
		      struct form_invalid *bad)
{
	struct internship_draft d = {0};
	struct internship_build *b = calloc(1, sizeof(*b));
	struct internship *was = calloc(1, sizeof(*was));
	int rc = internship_check(a, p, bad);

	*id = 0;
	if (warn)
		memset(warn, 0, sizeof(*warn));
	if (b == NULL || was == NULL)
		rc = RESULT_FAILED;
	if (rc == RESULT_OK)
		rc = internship_start_point(w, a, p, in->previous_id, was, &d,
					    bad);
	if (rc == RESULT_OK)
		rc = internship_build(w, a, p, was, true, in, b, bad);
	if (rc == RESULT_OK && b->t.previous_id &&
	    b->t.start_on <= d.previous_end)
		rc = form_invalid_set(bad, RESULT_INVALID, "start_on",
				      "En fornyelse starter efter den praktik, "
				      "den fortsætter.");
	if (rc != RESULT_OK)
		goto out;
	if (db_begin(w) < 0) {
		rc = RESULT_FAILED;
		goto out;
	}
	rc = internship_write(w, a, p, NULL, b);
	if (rc == RESULT_OK && internship_build_warn(w, b, warn) < 0)
		rc = RESULT_FAILED;
	rc = db_finish(w, rc);
	if (rc == RESULT_OK)
		*id = b->t.id;
out:
	internship_draft_free(&d);
	free(was);
	free(b);
	return rc;
}

int internship_update(struct db *w, const struct actor *a,
		      const struct participant *p, const struct internship *i,
		      const struct internship_input *in,
		      struct internship_warnings *warn,
		      struct form_invalid *bad)
{
	struct internship_build *b = calloc(1, sizeof(*b));
	int rc = internship_check(a, p, bad);

	if (warn)
		memset(warn, 0, sizeof(*warn));
	if (b == NULL)
		rc = RESULT_FAILED;
	if (rc == RESULT_OK && (i->status == INTERNSHIP_ENDED ||
				i->status == INTERNSHIP_ENDED_EARLY))
		rc = form_invalid_set(bad, RESULT_REFUSED, NULL,
				      "En afsluttet praktik kan ikke ændres. "
				      "Opret en ny praktik, der fortsætter "
				      "den.");
	if (rc == RESULT_OK)
		rc = internship_build(w, a, p, i, false, in, b, bad);
	if (rc != RESULT_OK || !internship_changed(i, b)) {
		if (rc == RESULT_OK && internship_build_warn(w, b, warn) < 0)
			rc = RESULT_FAILED;
		free(b);
		return rc;
	}
	if (db_begin(w) < 0) {
		free(b);
		return RESULT_FAILED;
	}
	rc = internship_write(w, a, p, i, b);
	if (rc == RESULT_OK && internship_build_warn(w, b, warn) < 0)
		rc = RESULT_FAILED;
	free(b);
	return db_finish(w, rc);
}

/* Writing: the steps of the timeline. */

/* Has the latest version of p's agreement guide the citizen's consent?
 * 1, 0, or -1. */
static int internship_consented(struct db *db, int64_t participant_id)
{
	struct agreement_summary s;
	int rc = agreement_summary_get(db, participant_id, &s);

	if (rc < 0)
		return -1;
	return rc == 0 && s.consent ? 1 : 0;
}

static bool internship_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* The day an internship stops, on: its end, or both its dates when it
 * stops before it began, so that no internship day is left after it. */
static void internship_stop_on(struct internship *t, date_t on)
{
	if (on < t->start_on)
		t->start_on = on;
	t->end_on = on;
}

/* The rules of step s for i (of p), and what it makes of i into *t (the
 * status, dates and ender; texts not copied) and *on (the day). */
static int internship_step_rules(struct db *db, const struct participant *p,
				 const struct internship *i,
				 const struct internship_step *s,
				 struct internship *t, date_t *on,
				 struct form_invalid *bad)
{
	char da[DATE_DA_LEN];
	date_t today = date_today();
	int rc;

	if ((unsigned)s->status >= INTERNSHIP_STATUS__MAX)
		return form_invalid_set(bad, RESULT_INVALID, "status",
					"Vælg en status.");
	if (!internship_transition_allowed(i->status, s->status))
		return form_invalid_set(
			bad, RESULT_INVALID, "status",
			"En praktik med status „%s“ kan ikke få status „%s“.",
			internship_status_labels[i->status],
			internship_status_labels[s->status]);
	if (internship_too_long(s->reason, INTERNSHIP_TEXT_MAX) ||
	    internship_too_long(s->special_need, INTERNSHIP_TEXT_MAX))
		return form_invalid_set(
			bad, RESULT_INVALID,
			internship_too_long(s->reason, INTERNSHIP_TEXT_MAX)
				? "reason"
				: "special_need",
			"Teksten må højst være på %d tegn.",
			INTERNSHIP_TEXT_MAX);
	*t = *i;
	t->purpose = t->tasks = t->special_need = NULL;
	t->status = s->status;
	*on = s->on ? s->on : today;
	switch (s->status) {
	case INTERNSHIP_TRIAL:
	case INTERNSHIP_RUNNING:
		rc = internship_consented(db, p->id);
		if (rc < 0)
			return RESULT_FAILED;
		if (rc == 0)
			return form_invalid_set(
				bad, RESULT_INVALID, "status",
				"Praktikken kan ikke begynde, før borgerens "
				"samtykke er registreret i den seneste "
				"version af aftaleguiden.");
		break;
	case INTERNSHIP_POSTPONED:
		if (s->weeks != 1 && s->weeks != 2)
			return form_invalid_set(
				bad, RESULT_INVALID, "weeks",
				"Starten kan udskydes 1 eller 2 "
				"uger.");
		if (internship_empty(s->reason))
			return form_invalid_set(bad, RESULT_INVALID, "reason",
						"Skriv, hvorfor starten "
						"udskydes.");
		t->start_on = date_add_days(i->start_on, 7 * s->weeks);
		t->end_on = s->end_on ? s->end_on
				      : date_add_days(i->end_on, 7 * s->weeks);
		if (t->end_on < t->start_on)
			return form_invalid_set(bad, RESULT_INVALID, "end_on",
						"Slutdatoen skal ligge efter "
						"den nye startdato.");
		break;
	case INTERNSHIP_EXTENDED:
		if (internship_empty(s->reason))
			return form_invalid_set(bad, RESULT_INVALID, "reason",
						"Skriv, hvorfor praktikken "
						"forlænges.");
		date_format_da(i->end_on, da, sizeof(da));
		if (s->end_on <= i->end_on)
			return form_invalid_set(
				bad, RESULT_INVALID, "end_on",
				"Skriv den nye slutdato. Den skal "
				"ligge efter den nuværende, %s.",
				da);
		t->end_on = s->end_on;
		break;
	case INTERNSHIP_ENDED:
		*on = s->on ? s->on : i->end_on;
		date_format_da(i->end_on, da, sizeof(da));
		if (*on < i->end_on)
			return form_invalid_set(
				bad, RESULT_INVALID, "on",
				"Praktikken slutter %s. Stopper "
				"den før, er den stoppet før "
				"tid.",
				da);
		if (*on > today)
			return form_invalid_set(bad, RESULT_INVALID, "on",
						"Praktikken kan afsluttes fra "
						"sin slutdato, %s.",
						da);
		break;
	case INTERNSHIP_ENDED_EARLY:
		if ((unsigned)s->ended_by >= INTERNSHIP_ENDER__MAX)
			return form_invalid_set(
				bad, RESULT_INVALID, "ended_by",
				"Vælg, hvem der stoppede "
				"praktikken: borgeren, "
				"praktikværten eller forløbet.");
		if (internship_empty(s->reason))
			return form_invalid_set(bad, RESULT_INVALID, "reason",
						"Skriv, hvorfor praktikken "
						"stoppede.");
		date_format_da(i->end_on, da, sizeof(da));
		if (*on > i->end_on)
			return form_invalid_set(bad, RESULT_INVALID, "on",
						"Stopdagen ligger efter "
						"praktikkens slutdato, %s. Så "
						"er praktikken afsluttet.",
						da);
		t->ended_by = s->ended_by;
		internship_stop_on(t, *on);
		break;
	default:
		break;
	}
	return RESULT_OK;
}

/* The length rules for t's new dates (i: before): within the table's
 * weeks, an extension past the norm, and the chain not past the rule
 * internship.weeks_extended without a special need. */
static int internship_step_length(struct db *db, const struct internship *i,
				  const struct internship *t,
				  const struct internship_step *s,
				  struct form_invalid *bad)
{
	date_t chain;
	int weeks = 0, most = 0, rc;

	if (t->status == INTERNSHIP_ENDED_EARLY ||
	    (t->start_on == i->start_on && t->end_on == i->end_on))
		return RESULT_OK;
	rc = internship_span(db, t, &chain, &weeks, &most, bad);
	if (rc != RESULT_OK)
		return rc;
	if (t->status == INTERNSHIP_EXTENDED && weeks <= INTERNSHIP_WEEKS_NORM)
		return form_invalid_set(bad, RESULT_INVALID, "end_on",
					"En forlængelse går ud over %d uger. "
					"Inden for dem ændres slutdatoen blot "
					"på praktikken.",
					INTERNSHIP_WEEKS_NORM);
	if (weeks > most && internship_empty(s->special_need) &&
	    internship_empty(i->special_need))
		return internship_need_missing(bad, weeks, most);
	return RESULT_OK;
}

/*
 * Writes step t (i before it) on day on in w's open transaction: the
 * internship's status and dates (its SEQUENCE moved), the timeline row of
 * actor (a's user, or the contact person contact_id named label), the
 * plan after a moved start, a special need stated, and the audit row.
 */
static int internship_step_save(struct db *w, const struct actor *a,
				const struct participant *p,
				const struct internship *i,
				const struct internship *t, date_t on,
				const struct internship_step *s,
				int64_t contact_id, const char *label)
{
	char start[DATE_ISO_LEN + 1], end[DATE_ISO_LEN + 1], detail[96],
		why[600], *text, *content = NULL;
	struct internship_build b;
	int rc = RESULT_FAILED;

	text = internship_step_detail(
		s->reason, t->start_on != i->start_on ? t->start_on : 0,
		t->end_on != i->end_on ? t->end_on : 0, t->ended_by);
	if (text == NULL)
		return RESULT_FAILED;
	date_format_iso(t->start_on, start);
	date_format_iso(t->end_on, end);
	if (DB_RUN(w, &internship_write_sql[IW_SQL_STATUS], DB_INT(i->id),
		   DB_TEXT(internship_status_names[t->status]),
		   (unsigned)t->ended_by < INTERNSHIP_ENDER__MAX
			   ? DB_TEXT(internship_ender_names[t->ended_by])
			   : DB_NULL,
		   DB_TEXT(start), DB_TEXT(end),
		   DB_INT((int64_t)time(NULL))) != DB_OK ||
	    internship_step_write(w, i->id, t->status, on, text, a->user_id,
				  contact_id, label) < 0)
		goto out;
	if (date_monday(t->start_on) != date_monday(i->start_on) &&
	    t->status != INTERNSHIP_ENDED_EARLY) {
		internship_moved_why(t, s->reason, why, sizeof(why));
		if (internship_plan_follow(w, a, t, why) < 0)
			goto out;
	}
	if (!internship_empty(s->special_need)) {
		memset(&b, 0, sizeof(b));
		b.purpose = i->purpose;
		b.tasks = i->tasks;
		b.special_need = s->special_need;
		content = internship_content(&b);
		if (content == NULL ||
		    DB_RUN(w, &internship_write_sql[IW_SQL_CONTENT],
			   DB_INT(i->id), DB_SEALED(content)) != DB_OK)
			goto out;
	}
	snprintf(detail, sizeof(detail), "internship %lld %s", (long long)i->id,
		 internship_status_names[t->status]);
	if (participant_audit_write(w, a, AUDIT_PARTICIPANT_INTERNSHIP_STATUS,
				    p, NULL, detail) == 0)
		rc = RESULT_OK;
out:
	secret_free(content);
	secret_free(text);
	return rc;
}

int internship_set_status(struct db *w, const struct actor *a,
			  const struct participant *p,
			  const struct internship *i,
			  const struct internship_step *step,
			  struct internship_warnings *warn,
			  struct form_invalid *bad)
{
	struct internship *t = calloc(1, sizeof(*t));
	date_t on = 0, chain;
	int rc = internship_check(a, p, bad);

	if (warn)
		memset(warn, 0, sizeof(*warn));
	if (t == NULL)
		rc = RESULT_FAILED;
	/* The special need and the texts are a full viewer's. */
	if (rc == RESULT_OK && (!i->full || i->participant_id != p->id))
		rc = RESULT_NOT_FOUND;
	if (rc == RESULT_OK)
		rc = internship_step_rules(w, p, i, step, t, &on, bad);
	if (rc == RESULT_OK)
		rc = internship_step_length(w, i, t, step, bad);
	if (rc != RESULT_OK)
		goto out;
	if (db_begin(w) < 0) {
		rc = RESULT_FAILED;
		goto out;
	}
	rc = internship_step_save(w, a, p, i, t, on, step, 0,
				  internship_actor(a));
	if (rc == RESULT_OK && warn && t->status != INTERNSHIP_ENDED &&
	    t->status != INTERNSHIP_ENDED_EARLY &&
	    (internship_chain_start(w, t, &chain) < 0 ||
	     internship_warnings_for(w, t->id, t->company_id, chain,
				     t->start_on, t->end_on, warn) < 0))
		rc = RESULT_FAILED;
	rc = db_finish(w, rc);
out:
	free(t);
	return rc;
}

int internship_host_stop(struct db *w, const struct internship *i,
			 int64_t contact_id, const char *label, date_t on,
			 const char *reason, struct form_invalid *bad)
{
	struct actor host = {0, 0, ROLE__MAX, label, NULL};
	struct internship_step s = {0};
	struct participant p;
	struct internship *t;
	char da[2][DATE_DA_LEN];
	int rc;

	if (i->status == INTERNSHIP_ENDED ||
	    i->status == INTERNSHIP_ENDED_EARLY)
		return form_invalid_set(bad, RESULT_REFUSED, NULL,
					"Praktikken er allerede afsluttet.");
	date_format_da(i->start_on, da[0], sizeof(da[0]));
	date_format_da(i->end_on, da[1], sizeof(da[1]));
	if (on < i->start_on || on > i->end_on)
		return form_invalid_set(bad, RESULT_INVALID, "on",
					"Vælg en dag i praktikken, fra %s til "
					"%s.",
					da[0], da[1]);
	if (internship_empty(reason))
		return form_invalid_set(bad, RESULT_INVALID, "reason",
					"Skriv, hvorfor praktikken stopper.");
	if (internship_too_long(reason, INTERNSHIP_TEXT_MAX))
		return form_invalid_set(bad, RESULT_INVALID, "reason",
					"Teksten må højst være på %d tegn.",
					INTERNSHIP_TEXT_MAX);
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return RESULT_FAILED;
	*t = *i;
	t->purpose = t->tasks = t->special_need = NULL;
	t->status = INTERNSHIP_ENDED_EARLY;
	t->ended_by = INTERNSHIP_BY_HOST;
	internship_stop_on(t, on);
	s.status = INTERNSHIP_ENDED_EARLY;
	s.on = on;
	s.reason = reason;
	s.ended_by = INTERNSHIP_BY_HOST;
	/* The audit names the participant by id only, as every row does. */
	memset(&p, 0, sizeof(p));
	p.id = i->participant_id;
	if (db_begin(w) < 0) {
		free(t);
		return RESULT_FAILED;
	}
	rc = internship_step_save(w, &host, &p, i, t, on, &s, contact_id,
				  label);
	free(t);
	return db_finish(w, rc);
}
