/*
 * internship: reading internships as their viewer may see them, their
 * timeline, the rules' numbers, the companies to choose from and the
 * warnings of the host cap and the weeks, who may write, and a new
 * internship's draft. The writes are internship_write.c.
 */
#include "internship.h"

#include "actor.h"
#include "agreement.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "rule.h"
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
	INT_SQL_CHAIN,
	INT_SQL_COHORT,
	INT_SQL_COMPANY,
	INT_SQL_COMPANY_CAP,
	INT_SQL_INTERNS,
	INT_SQL_COMPANIES,
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
 * module lands (app/domain/company.c): INT_SQL_COMPANY, _CONTACT,
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

int internship_rule_int(struct db *db, const char *key, date_t on, int fallback,
			int *out)
{
	double v;
	int rc = rule_value(db, key, on, &v);

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

int internship_company_of(struct db *db, const struct actor *a,
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

int internship_warnings_for(struct db *db, int64_t id, int64_t company_id,
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
	return internship_warnings_for(db, i->id, i->company_id, chain,
				       i->start_on, i->end_on, w);
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

int internship_check(const struct actor *a, const struct participant *p,
		     struct form_invalid *bad)
{
	if (!internship_may_write(a, p))
		return form_invalid_set(
			bad, RESULT_REFUSED, NULL,
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
