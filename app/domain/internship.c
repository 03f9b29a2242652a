/*
 * internship: reading internships as their viewer may see them, the
 * rules of a new one, a change and each step of the timeline, and the
 * writes, each with its timeline and audit rows in one transaction. A
 * change of the start moves the step-up plan with it (its weeks count
 * from the start), since the plan's rows are this internship's own.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const internship_status_names[INTERNSHIP_STATUS__MAX + 1] = {
	"planned",  "trial", "running",	    "postponed",
	"extended", "ended", "ended_early", NULL,
};

const char *const internship_status_labels[INTERNSHIP_STATUS__MAX] = {
	"Planlagt",  "Snuspraktik", "I gang",	       "Udskudt",
	"Forlænget", "Afsluttet",   "Stoppet før tid",
};

const char *const internship_ender_names[INTERNSHIP_ENDER__MAX + 1] = {
	"citizen",
	"host",
	"course",
	NULL,
};

const char *const internship_ender_labels[INTERNSHIP_ENDER__MAX] = {
	"Borgeren",
	"Praktikværten",
	"Forløbet",
};

#define IS(x) (1u << INTERNSHIP_##x)

/* Where each status may go. A trial ends in a start, a later start or a
 * stop; ended and ended early are final (a renewal is a new internship). */
static const unsigned internship_next[INTERNSHIP_STATUS__MAX] = {
	[INTERNSHIP_PLANNED] = IS(TRIAL) | IS(RUNNING) | IS(POSTPONED) |
			       IS(ENDED_EARLY),
	[INTERNSHIP_TRIAL] = IS(PLANNED) | IS(RUNNING) | IS(POSTPONED) |
			     IS(ENDED_EARLY),
	[INTERNSHIP_POSTPONED] = IS(PLANNED) | IS(TRIAL) | IS(RUNNING) |
				 IS(POSTPONED) | IS(ENDED_EARLY),
	[INTERNSHIP_RUNNING] = IS(EXTENDED) | IS(ENDED) | IS(ENDED_EARLY),
	[INTERNSHIP_EXTENDED] = IS(EXTENDED) | IS(ENDED) | IS(ENDED_EARLY),
};

bool internship_transition_allowed(enum internship_status from,
				   enum internship_status to)
{
	if ((unsigned)from >= INTERNSHIP_STATUS__MAX ||
	    (unsigned)to >= INTERNSHIP_STATUS__MAX)
		return false;
	return (internship_next[from] & (1u << to)) != 0;
}

static int internship_parse(const char *const *names, const char *s)
{
	int i;

	for (i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int internship_status_parse(const char *name)
{
	return internship_parse(internship_status_names, name);
}

enum internship_sql {
	INT_SQL_GET,
	INT_SQL_LIST,
	INT_SQL_TIMELINE,
	INT_SQL_ADD,
	INT_SQL_UPDATE,
	INT_SQL_STATUS,
	INT_SQL_STEP,
	INT_SQL_CHAIN,
	INT_SQL_COHORT,
	INT_SQL_RULE,
	INT_SQL_COMPANY,
	INT_SQL_COMPANY_CAP,
	INT_SQL_CONTACT,
	INT_SQL_INTERNS,
	INT_SQL_COMPANIES,
	INT_SQL_WEEKS,
	INT_SQL_WEEK_HISTORY,
	INT_SQL_WEEK_SET,
	INT_SQL_CONTENT,
	INT_SQL__MAX
};

#define INT_COLUMNS                                                            \
	"i.id, i.participant_id, p.cohort_id, i.company_id, "                  \
	"coalesce(i.contact_id, 0), coalesce(i.previous_id, 0), co.name, "     \
	"co.cvr, co.address, coalesce(k.name, ''), coalesce(k.role, ''), "     \
	"coalesce(k.email, ''), coalesce(k.phone, ''), i.workplace_address, "  \
	"i.start_on, i.end_on, i.status, coalesce(i.ended_by, ''), "           \
	"i.teaching_weekday, i.sequence, i.created_at, i.updated_at, "         \
	"i.content_enc "

#define INT_FROM                                                               \
	"FROM internship i JOIN participant p ON p.id = i.participant_id "     \
	"JOIN company co ON co.id = i.company_id LEFT JOIN company_contact k " \
	"ON k.id = i.contact_id "

/* The company's cap and its contacts are read here until the company
 * module lands (app/domain/company.c): INT_SQL_RULE, _COMPANY, _CONTACT,
 * _INTERNS and _COMPANIES are then to be replaced by its functions. */
static const struct db_sql internship_sql[INT_SQL__MAX] = {
	[INT_SQL_GET] = {"SELECT " INT_COLUMNS INT_FROM "WHERE i.id = ?1", "i"},
	[INT_SQL_LIST] = {"SELECT " INT_COLUMNS INT_FROM
			  "WHERE i.participant_id = ?1 ORDER BY i.start_on "
			  "DESC, i.id DESC",
			  "i"},
	[INT_SQL_TIMELINE] = {"SELECT s.status, s.on_date, s.reason_enc, "
			      "coalesce(u.name, s.actor) FROM "
			      "internship_status s LEFT JOIN user u ON u.id = "
			      "s.actor_id WHERE s.internship_id = ?1 ORDER BY "
			      "s.id",
			      "i"},
	[INT_SQL_ADD] = {"INSERT INTO internship (participant_id, company_id, "
			 "contact_id, previous_id, workplace_address, "
			 "content_enc, start_on, end_on, teaching_weekday, "
			 "created_by, created_at, updated_at) VALUES (?1, ?2, "
			 "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
			 "iiIItsttiIi"},
	[INT_SQL_UPDATE] = {"UPDATE internship SET company_id = ?2, "
			    "contact_id = ?3, workplace_address = ?4, "
			    "content_enc = ?5, start_on = ?6, end_on = ?7, "
			    "sequence = sequence + 1, updated_at = ?8 WHERE "
			    "id = ?1",
			    "iiItstti"},
	[INT_SQL_STATUS] = {"UPDATE internship SET status = ?2, ended_by = ?3, "
			    "start_on = ?4, end_on = ?5, sequence = sequence "
			    "+ 1, updated_at = ?6 WHERE id = ?1",
			    "itTtti"},
	[INT_SQL_STEP] = {"INSERT INTO internship_status (internship_id, "
			  "status, on_date, reason_enc, actor_id, contact_id, "
			  "actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			  "?7, ?8)",
			  "ittSIIti"},
	/* The first start of the chain of renewals ending in ?1. */
	[INT_SQL_CHAIN] = {"WITH RECURSIVE chain(id, prev, start, n) AS "
			   "(SELECT id, previous_id, start_on, 0 FROM "
			   "internship WHERE id = ?1 UNION ALL SELECT i.id, "
			   "i.previous_id, i.start_on, c.n + 1 FROM "
			   "internship i JOIN chain c ON i.id = c.prev WHERE "
			   "c.n < 100) SELECT min(start) FROM chain",
			   "i"},
	[INT_SQL_COHORT] = {"SELECT internship_start, internship_end, "
			    "weekly_teaching_weekday, job_centre_id, "
			    "provider_id FROM cohort WHERE id = ?1",
			    "i"},
	[INT_SQL_RULE] = {"SELECT value FROM rule WHERE key = ?1 AND "
			  "valid_from <= ?2 ORDER BY valid_from DESC LIMIT 1",
			  "tt"},
	/* A company a may place the internship with: kept by a's
	 * organisation or one of the cohort's (?3). */
	[INT_SQL_COMPANY] = {"SELECT co.employees, coalesce("
			     "co.cap_statement_on, ''), co.address FROM "
			     "company co JOIN cohort c ON c.id = ?3 WHERE "
			     "co.id = ?1 AND co.organisation_id IN (?2, "
			     "c.job_centre_id, c.provider_id)",
			     "iii"},
	[INT_SQL_COMPANY_CAP] = {"SELECT employees, coalesce(cap_statement_on, "
				 "'') FROM company WHERE id = ?1",
				 "i"},
	[INT_SQL_CONTACT] = {"SELECT active FROM company_contact WHERE id = "
			     "?1 AND company_id = ?2",
			     "ii"},
	/* Interns the company has on days of ?3..?4 but ?2. */
	[INT_SQL_INTERNS] = {"SELECT count(*) FROM internship WHERE "
			     "company_id = ?1 AND id != ?2 AND status NOT IN "
			     "('ended', 'ended_early') AND start_on <= ?4 AND "
			     "end_on >= ?3",
			     "iitt"},
	[INT_SQL_COMPANIES] =
		{"SELECT co.id, co.name, co.address, coalesce(k.id, 0), "
		 "coalesce(k.name, ''), coalesce(k.role, '') FROM company co "
		 "JOIN cohort c ON c.id = ?2 LEFT JOIN company_contact k ON "
		 "k.company_id = co.id AND k.active WHERE co.organisation_id "
		 "IN (?1, c.job_centre_id, c.provider_id) ORDER BY co.name "
		 "COLLATE NOCASE, co.id, k.name LIMIT 2000",
		 "ii"},
	/* The plan's weeks, moved with the start (week 1 is its week). */
	[INT_SQL_WEEKS] = {"SELECT week, mon, tue, wed, thu, fri FROM "
			   "internship_week WHERE internship_id = ?1 ORDER BY "
			   "week",
			   "i"},
	[INT_SQL_WEEK_HISTORY] = {"INSERT INTO internship_week_change "
				  "(internship_id, week, version, minutes, "
				  "reason_enc, actor_id, actor, at) SELECT "
				  "internship_id, week, version + 1, mon || "
				  "',' || tue || ',' || wed || ',' || thu || "
				  "',' || fri, ?3, ?4, ?5, ?6 FROM "
				  "internship_week WHERE internship_id = ?1 "
				  "AND week = ?2",
				  "iiSIti"},
	[INT_SQL_WEEK_SET] = {"UPDATE internship_week SET monday = ?3, mon = "
			      "?4, tue = ?5, wed = ?6, thu = ?7, fri = ?8, "
			      "version = version + 1, updated_at = ?9 WHERE "
			      "internship_id = ?1 AND week = ?2",
			      "iitiiiiii"},
	[INT_SQL_CONTENT] = {"UPDATE internship SET content_enc = ?2 WHERE "
			     "id = ?1",
			     "is"},
};

/* Reading. */

void internship_free(struct internship *i)
{
	secret_free(i->purpose);
	secret_free(i->tasks);
	secret_free(i->special_need);
	i->purpose = i->tasks = i->special_need = NULL;
}

/* A string member of a JSON object, copied ("" when absent). */
static char *internship_member(const cJSON *o, const char *name)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);

	return strdup(cJSON_IsString(j) ? j->valuestring : "");
}

/* The sealed purpose, tasks and special need of column col. 0 or -1. */
static int internship_open(sqlite3_stmt *st, int col, struct internship *i)
{
	char *text = secret_column(st, col);
	cJSON *o = text ? cJSON_Parse(text) : NULL;
	int rc = -1;

	if (text && *text == '\0') {
		i->purpose = strdup("");
		i->tasks = strdup("");
		i->special_need = strdup("");
	} else if (o) {
		i->purpose = internship_member(o, "purpose");
		i->tasks = internship_member(o, "tasks");
		i->special_need = internship_member(o, "special_need");
	}
	if (i->purpose && i->tasks && i->special_need)
		rc = 0;
	cJSON_Delete(o);
	secret_free(text);
	return rc;
}

#define INT_COPY(field, col)                                                   \
	snprintf(i->field, sizeof(i->field), "%s", db_text(st, col))

/* A row into i, opened when full. 0 or -1. */
static int internship_read_row(sqlite3_stmt *st, bool full,
			       struct internship *i)
{
	memset(i, 0, sizeof(*i));
	i->id = sqlite3_column_int64(st, 0);
	i->participant_id = sqlite3_column_int64(st, 1);
	i->cohort_id = sqlite3_column_int64(st, 2);
	i->company_id = sqlite3_column_int64(st, 3);
	i->contact_id = sqlite3_column_int64(st, 4);
	i->previous_id = sqlite3_column_int64(st, 5);
	INT_COPY(company, 6);
	INT_COPY(company_cvr, 7);
	INT_COPY(company_address, 8);
	INT_COPY(contact, 9);
	INT_COPY(contact_role, 10);
	INT_COPY(contact_email, 11);
	INT_COPY(contact_phone, 12);
	INT_COPY(workplace_address, 13);
	i->start_on = db_date(st, 14);
	i->end_on = db_date(st, 15);
	i->status = internship_status_parse(db_text(st, 16));
	if ((int)i->status < 0)
		i->status = INTERNSHIP_PLANNED;
	i->ended_by = internship_parse(internship_ender_names, db_text(st, 17));
	i->teaching_weekday = sqlite3_column_int(st, 18);
	i->sequence = sqlite3_column_int(st, 19);
	i->created_at = sqlite3_column_int64(st, 20);
	i->updated_at = sqlite3_column_int64(st, 21);
	i->full = full;
	if (full && internship_open(st, 22, i) < 0) {
		internship_free(i);
		return -1;
	}
	return 0;
}

/* Does the viewer of p see all of its internships? */
static bool internship_full(const struct participant *p)
{
	return p->access >= PARTICIPANT_ACCESS_WORK;
}

int internship_get(struct db *db, const struct actor *a, int64_t id,
		   struct internship *i, struct participant *p)
{
	sqlite3_stmt *st;
	struct participant own;
	int64_t pid = 0;
	int rc;

	if (p == NULL)
		p = &own;
	st = DB_BIND(db, &internship_sql[INT_SQL_GET], DB_INT(id));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		pid = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	/* Visible as its participant is. */
	rc = participant_get(db, a, pid, p);
	if (rc != 0)
		return rc;
	st = DB_BIND(db, &internship_sql[INT_SQL_GET], DB_INT(id));
	if (st == NULL)
		return -1;
	rc = db_step(db, st) == SQLITE_ROW
		     ? internship_read_row(st, internship_full(p), i)
		     : -1;
	sqlite3_reset(st);
	return rc;
}

int internship_each(struct db *db, const struct participant *p,
		    internship_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &internship_sql[INT_SQL_LIST],
				   DB_INT(p->id));
	struct internship *i = calloc(1, sizeof(*i));
	int rc = SQLITE_NOMEM;

	if (st == NULL || i == NULL) {
		free(i);
		return -1;
	}
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (internship_read_row(st, internship_full(p), i) < 0) {
			rc = SQLITE_ERROR;
			break;
		}
		fn(ctx, i);
		internship_free(i);
	}
	sqlite3_reset(st);
	free(i);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A date member ("" or absent: 0). */
static date_t internship_date_member(const cJSON *o, const char *name)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);
	date_t d = 0;

	if (!cJSON_IsString(j) || date_parse_iso(j->valuestring, &d) < 0)
		return 0;
	return d;
}

/* The timeline row's sealed detail into s, for a full viewer. 0 or -1. */
static int internship_step_open(sqlite3_stmt *st, int col, char **text,
				cJSON **o, struct internship_step_row *s)
{
	const cJSON *j;

	*text = secret_column(st, col);
	if (*text == NULL)
		return -1;
	*o = **text ? cJSON_Parse(*text) : NULL;
	j = cJSON_GetObjectItemCaseSensitive(*o, "reason");
	s->reason = cJSON_IsString(j) ? j->valuestring : "";
	s->start_on = internship_date_member(*o, "start_on");
	s->end_on = internship_date_member(*o, "end_on");
	j = cJSON_GetObjectItemCaseSensitive(*o, "ended_by");
	s->ended_by = internship_parse(internship_ender_names,
				       cJSON_IsString(j) ? j->valuestring : "");
	return 0;
}

int internship_timeline_each(struct db *db, const struct internship *i,
			     internship_step_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &internship_sql[INT_SQL_TIMELINE],
				   DB_INT(i->id));
	struct internship_step_row s;
	char *text = NULL;
	cJSON *o = NULL;
	int rc, status;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(&s, 0, sizeof(s));
		status = internship_status_parse(db_text(st, 0));
		s.status = status < 0 ? INTERNSHIP_PLANNED : status;
		s.on = db_date(st, 1);
		s.actor = db_text(st, 3);
		s.ended_by = -1;
		if (i->full && internship_step_open(st, 2, &text, &o, &s) < 0) {
			rc = SQLITE_ERROR;
			break;
		}
		fn(ctx, &s);
		cJSON_Delete(o);
		secret_free(text);
		o = NULL;
		text = NULL;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int internship_weeks(date_t start, date_t end)
{
	if (end < start)
		return 0;
	return (date_monday(end) - date_monday(start)) / 7 + 1;
}

int internship_chain_start(struct db *db, const struct internship *i,
			   date_t *start)
{
	sqlite3_stmt *st;
	int rc;

	*start = i->start_on;
	if (i->previous_id == 0)
		return 0;
	st = DB_BIND(db, &internship_sql[INT_SQL_CHAIN],
		     DB_INT(i->previous_id));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW && db_date(st, 0) && db_date(st, 0) < *start)
		*start = db_date(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int internship_rule_value(struct db *db, const char *key, date_t on,
			  double *out)
{
	char iso[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	date_format_iso(on, iso);
	st = DB_BIND(db, &internship_sql[INT_SQL_RULE], DB_TEXT(key),
		     DB_TEXT(iso));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* A whole-number rule, or fallback when there is none. -1 on error. */
static int internship_rule_int(struct db *db, const char *key, date_t on,
			       int fallback, int *out)
{
	double v;
	int rc = internship_rule_value(db, key, on, &v);

	*out = rc == 0 ? (int)v : fallback;
	return rc < 0 ? -1 : 0;
}

/* The host cap of a company of employees under the rules on day on: one
 * intern per employees_per_intern of the first small_upto employees (at
 * least one), one per employees_per_intern_beyond of the rest. -1 on
 * error. Until app/domain/company.c lands (company_intern_cap). */
static int internship_cap(struct db *db, int employees, date_t on)
{
	int per, upto, beyond, small, cap;

	if (internship_rule_int(db, "host_cap.employees_per_intern", on, 5,
				&per) < 0 ||
	    internship_rule_int(db, "host_cap.small_upto", on, 50, &upto) < 0 ||
	    internship_rule_int(db, "host_cap.employees_per_intern_beyond", on,
				10, &beyond) < 0)
		return -1;
	small = employees < upto ? employees : upto;
	cap = per > 0 ? small / per : 0;
	if (cap < 1)
		cap = 1;
	if (employees > upto && beyond > 0)
		cap += (employees - upto) / beyond;
	return cap;
}

/* The company of in as a may use it for p: 0 with its employees, whether
 * the cap statement is in, and its address; 1 when a may not; -1. */
struct internship_company {
	int employees;
	bool statement;
	char address[INTERNSHIP_TEXT(1200)];
};

static int internship_company_of(struct db *db, const struct actor *a,
				 int64_t cohort_id, int64_t company_id,
				 struct internship_company *c)
{
	sqlite3_stmt *st = DB_BIND(
		db, &internship_sql[INT_SQL_COMPANY], DB_INT(company_id),
		DB_INT(a->organisation_id), DB_INT(cohort_id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		c->employees = sqlite3_column_int(st, 0);
		c->statement = *db_text(st, 1) != '\0';
		snprintf(c->address, sizeof(c->address), "%s", db_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* Interns at company_id on days of start..end, besides internship id. */
static int internship_interns(struct db *db, int64_t company_id, int64_t id,
			      date_t start, date_t end)
{
	char from[DATE_ISO_LEN + 1], to[DATE_ISO_LEN + 1];
	int64_t n = -1;

	date_format_iso(start, from);
	date_format_iso(end, to);
	if (db_scalar(db,
		      DB_BIND(db, &internship_sql[INT_SQL_INTERNS],
			      DB_INT(company_id), DB_INT(id), DB_TEXT(from),
			      DB_TEXT(to)),
		      &n) < 0)
		return -1;
	return (int)n;
}

int internship_companies_each(struct db *db, const struct actor *a,
			      const struct participant *p,
			      internship_company_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &internship_sql[INT_SQL_COMPANIES],
				   DB_INT(a->organisation_id),
				   DB_INT(p->cohort_id));
	struct internship_company_choice c;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		c.company_id = sqlite3_column_int64(st, 0);
		c.company = db_text(st, 1);
		c.address = db_text(st, 2);
		c.contact_id = sqlite3_column_int64(st, 3);
		c.contact = db_text(st, 4);
		c.contact_role = db_text(st, 5);
		fn(ctx, &c);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The warnings of an internship of company_id on start..end (id: itself,
 * 0 for a new one), whose chain starts on chain_start. 0 or -1. */
static int internship_warn(struct db *db, int64_t id, int64_t company_id,
			   date_t chain_start, date_t start, date_t end,
			   struct internship_warnings *w)
{
	sqlite3_stmt *st;
	int employees = 0, rc;
	bool statement = false;

	memset(w, 0, sizeof(*w));
	w->weeks = internship_weeks(chain_start, end);
	if (internship_rule_int(db, "internship.weeks", start, 13,
				&w->weeks_rule) < 0)
		return -1;
	if (w->weeks > w->weeks_rule) {
		w->codes |= INTERNSHIP_WARN_WEEKS;
		snprintf(w->text[w->n++], sizeof(w->text[0]),
			 "Praktikken varer %d uger med forlængelser. Reglen er "
			 "op til %d uger; en forlængelse kræver en konkret "
			 "vurdering.",
			 w->weeks, w->weeks_rule);
	}
	/* The company's own row, whoever keeps it. */
	st = DB_BIND(db, &internship_sql[INT_SQL_COMPANY_CAP],
		     DB_INT(company_id));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		employees = sqlite3_column_int(st, 0);
		statement = *db_text(st, 1) != '\0';
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	w->interns = internship_interns(db, company_id, id, start, end);
	w->cap = internship_cap(db, employees, start);
	if (w->interns < 0 || w->cap < 0)
		return -1;
	w->interns++;
	if (!statement && w->interns > w->cap) {
		w->codes |= INTERNSHIP_WARN_CAP;
		snprintf(w->text[w->n++], sizeof(w->text[0]),
			 "Virksomheden får %d praktikanter i perioden, men "
			 "loftet er %d ud fra antallet af ansatte, og "
			 "arbejdsgiverens skriftlige erklæring er ikke "
			 "modtaget.",
			 w->interns, w->cap);
	}
	return 0;
}

int internship_warnings_get(struct db *db, const struct internship *i,
			    struct internship_warnings *w)
{
	date_t chain;

	memset(w, 0, sizeof(*w));
	if (i->status == INTERNSHIP_ENDED ||
	    i->status == INTERNSHIP_ENDED_EARLY)
		return 0;
	if (internship_chain_start(db, i, &chain) < 0)
		return -1;
	return internship_warn(db, i->id, i->company_id, chain, i->start_on,
			       i->end_on, w);
}

int internship_audit_read(const struct actor *a, const struct participant *p,
			  const struct internship *i, const char *detail)
{
	char text[64];

	snprintf(text, sizeof(text), "internship %lld %s", (long long)i->id,
		 detail ? detail : "");
	return participant_audit_read(a, AUDIT_PARTICIPANT_INTERNSHIP_READ, p,
				      NULL, text);
}

/* Writing: who, and the starting point. */

bool internship_may_write(const struct actor *a, const struct participant *p)
{
	switch (a->role) {
	case ROLE_CONSULTANT:
	case ROLE_PROJECT_LEADER:
		return p->access >= PARTICIPANT_ACCESS_WORK;
	case ROLE_CASEWORKER:
		/* Full access is a caseworker's own citizen. */
		return p->access == PARTICIPANT_ACCESS_FULL;
	default:
		return false;
	}
}

static int internship_fail(struct form_invalid *bad, int result,
			   const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int internship_fail(struct form_invalid *bad, int result,
			   const char *field, const char *fmt, ...)
{
	va_list ap;

	bad->field = field;
	va_start(ap, fmt);
	vsnprintf(bad->message, sizeof(bad->message), fmt, ap);
	va_end(ap);
	return result;
}

int internship_check(const struct actor *a, const struct participant *p,
		     struct form_invalid *bad)
{
	if (!internship_may_write(a, p))
		return internship_fail(bad, RESULT_REFUSED, NULL,
				       "Du kan ikke oprette eller ændre "
				       "praktikker for borgeren. Det gør "
				       "virksomhedskonsulenten, projektlederen "
				       "og borgerens sagsbehandler.");
	return RESULT_OK;
}

/* The cohort's internship phase and weekly teaching day. 0 or -1. */
static int internship_cohort_frame(struct db *db, int64_t cohort_id,
				   date_t *start, date_t *end, int *weekday)
{
	sqlite3_stmt *st = DB_BIND(db, &internship_sql[INT_SQL_COHORT],
				   DB_INT(cohort_id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		*start = db_date(st, 0);
		*end = db_date(st, 1);
		*weekday = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (*weekday < 1 || *weekday > 5)
		*weekday = DATE_FRIDAY;
	return rc == SQLITE_ROW ? 0 : -1;
}

/* The next Monday to Friday after d. */
static date_t internship_next_weekday(date_t d)
{
	do
		d = date_add_days(d, 1);
	while (date_is_weekend(d));
	return d;
}

void internship_draft_free(struct internship_draft *d)
{
	secret_free(d->purpose);
	secret_free(d->tasks);
	free(d->workplace_address);
	d->purpose = d->tasks = d->workplace_address = NULL;
}

/* The agreement guide's purpose and wishes as the draft's texts. */
static int internship_draft_guide(struct db *db, const struct participant *p,
				  struct internship_draft *d)
{
	struct agreement_row g;
	int rc = agreement_get(db, p->id, 0, &g);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		d->purpose = g.answers[AGREEMENT_PURPOSE];
		d->tasks = g.answers[AGREEMENT_INTERNSHIP_WISHES];
		g.answers[AGREEMENT_PURPOSE] = NULL;
		g.answers[AGREEMENT_INTERNSHIP_WISHES] = NULL;
	}
	agreement_row_free(&g);
	return 0;
}

int internship_draft(struct db *db, const struct actor *a,
		     const struct participant *p,
		     const struct internship *previous,
		     struct internship_draft *d)
{
	int weeks, rc = 0;

	(void)a;
	memset(d, 0, sizeof(*d));
	if (internship_cohort_frame(db, p->cohort_id, &d->start_on, &d->end_on,
				    &d->teaching_weekday) < 0)
		return -1;
	if (previous) {
		/* A renewal goes on where it ended, as long again. */
		weeks = internship_weeks(previous->start_on, previous->end_on);
		d->previous_id = previous->id;
		d->previous_end = previous->end_on;
		d->company_id = previous->company_id;
		d->contact_id = previous->contact_id;
		d->start_on = internship_next_weekday(previous->end_on);
		d->end_on = date_add_days(date_monday(d->start_on),
					  7 * weeks - 3);
		d->purpose = strdup(previous->purpose ? previous->purpose : "");
		d->tasks = strdup(previous->tasks ? previous->tasks : "");
		d->workplace_address = strdup(previous->workplace_address);
	} else {
		rc = internship_draft_guide(db, p, d);
	}
	if (rc == 0 && d->purpose == NULL)
		d->purpose = strdup("");
	if (rc == 0 && d->tasks == NULL)
		d->tasks = strdup("");
	if (rc == 0 && d->workplace_address == NULL)
		d->workplace_address = strdup("");
	if (rc < 0 || !d->purpose || !d->tasks || !d->workplace_address) {
		internship_draft_free(d);
		return -1;
	}
	return 0;
}

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
		return internship_fail(bad, RESULT_INVALID, "company_id",
				       "Vælg virksomheden.");
	company_moved = was == NULL || b->t.company_id != was->company_id;
	if (company_moved) {
		rc = internship_company_of(db, a, p->cohort_id, b->t.company_id,
					   &c);
		if (rc < 0)
			return RESULT_FAILED;
		if (rc > 0)
			return internship_fail(
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
		      DB_BIND(db, &internship_sql[INT_SQL_CONTACT],
			      DB_INT(b->t.contact_id), DB_INT(b->t.company_id)),
		      &active) < 0)
		return RESULT_FAILED;
	if (active != 1)
		return internship_fail(bad, RESULT_INVALID, "contact_id",
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
		return internship_fail(
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
			return internship_fail(
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

/* The dates of in over b, and the length of its chain by the rules. */
static int internship_build_dates(struct db *db,
				  const struct internship_input *in,
				  struct internship_build *b,
				  struct form_invalid *bad)
{
	int weeks, most;

	if (in->start_on)
		b->t.start_on = in->start_on;
	if (in->end_on)
		b->t.end_on = in->end_on;
	if (b->t.start_on == 0)
		return internship_fail(bad, RESULT_INVALID, "start_on",
				       "Skriv startdatoen.");
	if (b->t.end_on == 0)
		return internship_fail(bad, RESULT_INVALID, "end_on",
				       "Skriv slutdatoen.");
	if (b->t.end_on < b->t.start_on)
		return internship_fail(bad, RESULT_INVALID, "end_on",
				       "Slutdatoen skal ligge efter "
				       "startdatoen.");
	if (internship_weeks(b->t.start_on, b->t.end_on) > INTERNSHIP_WEEKS_MAX)
		return internship_fail(bad, RESULT_INVALID, "end_on",
				       "En praktik kan højst strække sig over "
				       "%d uger.",
				       INTERNSHIP_WEEKS_MAX);
	if (internship_chain_start(db, &b->t, &b->chain_start) < 0 ||
	    internship_rule_int(db, "internship.weeks_extended", b->t.start_on,
				26, &most) < 0)
		return RESULT_FAILED;
	weeks = internship_weeks(b->chain_start, b->t.end_on);
	if (weeks > most && (b->special_need == NULL || !*b->special_need))
		return internship_fail(bad, RESULT_INVALID, "special_need",
				       "Praktikken varer %d uger med "
				       "forlængelser. Ud over %d uger kræver "
				       "det et helt særligt behov: skriv det.",
				       weeks, most);
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
	return DB_RUN(w, &internship_sql[INT_SQL_STEP], DB_INT(id),
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
	sqlite3_stmt *st = DB_BIND(w, &internship_sql[INT_SQL_WEEKS],
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
		if (DB_RUN(w, &internship_sql[INT_SQL_WEEK_HISTORY],
			   DB_INT(t->id), DB_INT(rows[k].week), DB_SEALED(why),
			   DB_ID(a->user_id), DB_TEXT(internship_actor(a)),
			   DB_INT(now)) != DB_OK ||
		    DB_RUN(w, &internship_sql[INT_SQL_WEEK_SET], DB_INT(t->id),
			   DB_INT(rows[k].week), DB_TEXT(iso),
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
		if (DB_RUN(w, &internship_sql[INT_SQL_ADD], DB_INT(p->id),
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
	} else if (DB_RUN(w, &internship_sql[INT_SQL_UPDATE], DB_INT(b->t.id),
			  DB_INT(b->t.company_id), DB_ID(b->t.contact_id),
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
	return internship_warn(db, b->t.id, b->t.company_id, b->chain_start,
			       b->t.start_on, b->t.end_on, warn);
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
				      : internship_fail(bad, RESULT_INVALID,
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
		rc = internship_fail(bad, RESULT_INVALID, "start_on",
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
		rc = internship_fail(bad, RESULT_REFUSED, NULL,
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
		return internship_fail(bad, RESULT_INVALID, "status",
				       "Vælg en status.");
	if (!internship_transition_allowed(i->status, s->status))
		return internship_fail(
			bad, RESULT_INVALID, "status",
			"En praktik med status „%s“ kan ikke få status „%s“.",
			internship_status_labels[i->status],
			internship_status_labels[s->status]);
	if (internship_too_long(s->reason, INTERNSHIP_TEXT_MAX) ||
	    internship_too_long(s->special_need, INTERNSHIP_TEXT_MAX))
		return internship_fail(
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
			return internship_fail(
				bad, RESULT_INVALID, "status",
				"Praktikken kan ikke begynde, før borgerens "
				"samtykke er registreret i den seneste "
				"version af aftaleguiden.");
		break;
	case INTERNSHIP_POSTPONED:
		if (s->weeks != 1 && s->weeks != 2)
			return internship_fail(bad, RESULT_INVALID, "weeks",
					       "Starten kan udskydes 1 eller 2 "
					       "uger.");
		if (internship_empty(s->reason))
			return internship_fail(bad, RESULT_INVALID, "reason",
					       "Skriv, hvorfor starten "
					       "udskydes.");
		t->start_on = date_add_days(i->start_on, 7 * s->weeks);
		t->end_on = s->end_on ? s->end_on
				      : date_add_days(i->end_on, 7 * s->weeks);
		if (t->end_on < t->start_on)
			return internship_fail(bad, RESULT_INVALID, "end_on",
					       "Slutdatoen skal ligge efter "
					       "den nye startdato.");
		break;
	case INTERNSHIP_EXTENDED:
		if (internship_empty(s->reason))
			return internship_fail(bad, RESULT_INVALID, "reason",
					       "Skriv, hvorfor praktikken "
					       "forlænges.");
		date_format_da(i->end_on, da, sizeof(da));
		if (s->end_on <= i->end_on)
			return internship_fail(
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
			return internship_fail(bad, RESULT_INVALID, "on",
					       "Praktikken slutter %s. Stopper "
					       "den før, er den stoppet før "
					       "tid.",
					       da);
		if (*on > today)
			return internship_fail(bad, RESULT_INVALID, "on",
					       "Praktikken kan afsluttes fra "
					       "sin slutdato, %s.",
					       da);
		break;
	case INTERNSHIP_ENDED_EARLY:
		if ((unsigned)s->ended_by >= INTERNSHIP_ENDER__MAX)
			return internship_fail(bad, RESULT_INVALID, "ended_by",
					       "Vælg, hvem der stoppede "
					       "praktikken: borgeren, "
					       "praktikværten eller forløbet.");
		if (internship_empty(s->reason))
			return internship_fail(bad, RESULT_INVALID, "reason",
					       "Skriv, hvorfor praktikken "
					       "stoppede.");
		date_format_da(i->end_on, da, sizeof(da));
		if (*on > i->end_on)
			return internship_fail(bad, RESULT_INVALID, "on",
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
	int weeks, most;

	if (t->status == INTERNSHIP_ENDED_EARLY ||
	    (t->start_on == i->start_on && t->end_on == i->end_on))
		return RESULT_OK;
	if (internship_weeks(t->start_on, t->end_on) > INTERNSHIP_WEEKS_MAX)
		return internship_fail(bad, RESULT_INVALID, "end_on",
				       "En praktik kan højst strække sig over "
				       "%d uger.",
				       INTERNSHIP_WEEKS_MAX);
	if (internship_chain_start(db, t, &chain) < 0 ||
	    internship_rule_int(db, "internship.weeks_extended", t->start_on,
				26, &most) < 0)
		return RESULT_FAILED;
	weeks = internship_weeks(chain, t->end_on);
	if (t->status == INTERNSHIP_EXTENDED && weeks <= INTERNSHIP_WEEKS_NORM)
		return internship_fail(bad, RESULT_INVALID, "end_on",
				       "En forlængelse går ud over %d uger. "
				       "Inden for dem ændres slutdatoen blot "
				       "på praktikken.",
				       INTERNSHIP_WEEKS_NORM);
	if (weeks > most && internship_empty(s->special_need) &&
	    internship_empty(i->special_need))
		return internship_fail(bad, RESULT_INVALID, "special_need",
				       "Praktikken varer %d uger med "
				       "forlængelser. Ud over %d uger kræver "
				       "det et helt særligt behov: skriv det.",
				       weeks, most);
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
	if (DB_RUN(w, &internship_sql[INT_SQL_STATUS], DB_INT(i->id),
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
		    DB_RUN(w, &internship_sql[INT_SQL_CONTENT], DB_INT(i->id),
			   DB_SEALED(content)) != DB_OK)
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
	     internship_warn(w, t->id, t->company_id, chain, t->start_on,
			     t->end_on, warn) < 0))
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
		return internship_fail(bad, RESULT_REFUSED, NULL,
				       "Praktikken er allerede afsluttet.");
	date_format_da(i->start_on, da[0], sizeof(da[0]));
	date_format_da(i->end_on, da[1], sizeof(da[1]));
	if (on < i->start_on || on > i->end_on)
		return internship_fail(bad, RESULT_INVALID, "on",
				       "Vælg en dag i praktikken, fra %s til "
				       "%s.",
				       da[0], da[1]);
	if (internship_empty(reason))
		return internship_fail(bad, RESULT_INVALID, "reason",
				       "Skriv, hvorfor praktikken stopper.");
	if (internship_too_long(reason, INTERNSHIP_TEXT_MAX))
		return internship_fail(bad, RESULT_INVALID, "reason",
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
