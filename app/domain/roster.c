/*
 * roster: the list statements, one per kind of viewer, each with the
 * access rule of participant.h in its columns, so a list never holds a
 * participant its viewer may not see.
 */
#include "roster.h"

#include "actor.h"
#include "array.h"
#include "buf.h"
#include "cpr.h"
#include "db.h"
#include "form.h"
#include "secret.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum roster_sql {
	ROSTER_SQL_LIST_CASEWORKER,
	ROSTER_SQL_LIST_MENTOR,
	ROSTER_SQL_LIST_COHORTS,
	ROSTER_SQL_BY_HASH,
	ROSTER_SQL_COHORT,
	ROSTER_SQL_AGES,
	ROSTER_SQL_DUE_CASEWORKER,
	ROSTER_SQL_DUE_LEADER,
	ROSTER_SQL__MAX
};

/* Statuses that hold a place on the cohort. */
#define ROSTER_PLACED "('admitted', 'started', 'completed')"

static const struct db_sql roster_sql[ROSTER_SQL__MAX] = {
	/* Lists: ?4 cohort (0: all), ?5 status (''), ?6 name pattern (''). */
	[ROSTER_SQL_LIST_CASEWORKER] =
		{"SELECT " PARTICIPANT_COLUMNS_SQL
		 ", c.name " PARTICIPANT_FROM_SQL
		 "WHERE p.caseworker_id = ?1 AND (?4 = 0 "
		 "OR p.cohort_id = ?4) AND (?5 = '' OR p.status = ?5) AND (?6 "
		 "= '' OR p.name LIKE ?6 ESCAPE '\\') ORDER BY p.name, p.id "
		 "LIMIT 500",
		 "iititt"},
	[ROSTER_SQL_LIST_MENTOR] =
		{"SELECT " PARTICIPANT_COLUMNS_SQL
		 ", c.name " PARTICIPANT_FROM_SQL
		 "WHERE p.mentor_id = ?1 AND (?4 = 0 OR "
		 "p.cohort_id = ?4) AND (?5 = '' OR p.status = ?5) AND (?6 = "
		 "'' OR p.name LIKE ?6 ESCAPE '\\') ORDER BY p.name, p.id "
		 "LIMIT 500",
		 "iititt"},
	[ROSTER_SQL_LIST_COHORTS] =
		{"SELECT * FROM (SELECT " PARTICIPANT_COLUMNS_SQL "AS access, "
		 "c.name " PARTICIPANT_FROM_SQL "WHERE p.cohort_id IN (SELECT "
		 "c.id FROM cohort c WHERE " COHORT_VISIBLE_SQL(
			 "c") "AND (?4 "
			      "= 0 OR c.id = ?4)) AND (?5 = '' OR p.status = "
			      "?5) AND (?6 = "
			      "'' OR p.name LIKE ?6 ESCAPE '\\')) WHERE access "
			      "> 0 ORDER BY "
			      "3, 1 LIMIT 500",
		 "iititt"},
	[ROSTER_SQL_BY_HASH] = {"SELECT * FROM (SELECT " PARTICIPANT_COLUMNS_SQL
				"AS access, "
				"c.name " PARTICIPANT_FROM_SQL
				"WHERE p.cpr_hash = ?4) WHERE "
				"access = 4 ORDER BY 1 LIMIT 50",
				"iitb"},
	/* The cohort's participants with the viewer's access to each. */
	[ROSTER_SQL_COHORT] = {"SELECT * FROM (SELECT " PARTICIPANT_COLUMNS_SQL
			       "AS access " PARTICIPANT_FROM_SQL
			       "WHERE p.cohort_id = ?4) WHERE access > "
			       "0 ORDER BY status NOT IN " ROSTER_PLACED
			       ", 3, 1",
			       "iiti"},
	[ROSTER_SQL_AGES] = {"SELECT id, birth_year FROM participant WHERE "
			     "cohort_id = ?1 AND status IN " ROSTER_PLACED,
			     "i"},
	/* Started participants whose six-month follow-up is due by ?2 and
	 * not recorded. */
	[ROSTER_SQL_DUE_CASEWORKER] =
		{"SELECT p.id, p.name, c.name, date(c.internship_end, '+6 "
		 "months') AS due FROM participant p JOIN cohort c ON c.id = "
		 "p.cohort_id WHERE p.caseworker_id = ?1 AND p.started_on IS "
		 "NOT NULL AND due <= ?2 AND NOT EXISTS (SELECT 1 FROM outcome "
		 "o WHERE o.participant_id = p.id AND o.timing = 'six_months') "
		 "ORDER BY due, p.name LIMIT 50",
		 "it"},
	/* The OR, not "?1 IN (...)", lets SQLite use both cohort indexes;
	 * report_count skips the cohorts whose every starter has a
	 * six-month outcome (most of a big organisation's history). */
	[ROSTER_SQL_DUE_LEADER] =
		{"SELECT p.id, p.name, c.name, date(c.internship_end, '+6 "
		 "months') AS due FROM cohort c JOIN report_count rc ON "
		 "rc.cohort_id = c.id AND rc.started > rc.job_6m + "
		 "rc.education_6m + rc.extended_internship_6m + rc.other_6m "
		 "JOIN participant p ON p.cohort_id = c.id WHERE "
		 "(c.job_centre_id = ?1 OR c.provider_id = ?1) AND "
		 "c.internship_end <= date(?2, '-6 months') AND p.started_on "
		 "IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outcome o WHERE "
		 "o.participant_id = p.id AND o.timing = 'six_months') ORDER "
		 "BY due, p.name LIMIT 50",
		 "it"},
};

void roster_free(struct roster *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

const char roster_cpr_refused[] =
	"Kun sagsbehandlere og projektledere kan søge på CPR-nummer.";

bool roster_may_search_cpr(const struct actor *a)
{
	return a->role == ROLE_CASEWORKER || a->role == ROLE_PROJECT_LEADER;
}

bool roster_cpr_like(const char *s)
{
	int digits = 0;

	for (; s && *s; s++)
		if (*s >= '0' && *s <= '9')
			digits++;
	return digits >= 6;
}

/* Reads the rows of st into l (cohort: their cohort's name is column 17).
 * 0 or -1; l is emptied on error. */
static int roster_read(struct db *db, sqlite3_stmt *st, bool cohort,
		       struct roster *l)
{
	long k;
	int rc;

	memset(l, 0, sizeof(*l));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		k = ARRAY_PUSH(l->items, l->n, l->cap);
		if (k < 0)
			break;
		participant_read_row(st, &l->items[k].p);
		snprintf(l->items[k].cohort, sizeof(l->items[k].cohort), "%s",
			 cohort ? db_text(st, 17) : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		roster_free(l);
		return -1;
	}
	return 0;
}

/* The statement of a's list. */
static enum roster_sql roster_list_sql(const struct actor *a)
{
	if (a->role == ROLE_CASEWORKER)
		return ROSTER_SQL_LIST_CASEWORKER;
	if (a->role == ROLE_MENTOR)
		return ROSTER_SQL_LIST_MENTOR;
	return ROSTER_SQL_LIST_COHORTS;
}

/* The participants with CPR number text whose whole record a sees. */
static int roster_by_cpr(struct db *db, const struct actor *a, const char *text,
			 struct roster *out, struct form_invalid *bad)
{
	unsigned char hash[SECRET_HASH_LEN];
	char digits[CPR_DIGITS + 1];
	const char *error = NULL;
	int rc;

	if (!roster_may_search_cpr(a)) {
		bad->field = "q";
		snprintf(bad->message, sizeof(bad->message), "%s",
			 roster_cpr_refused);
		return RESULT_REFUSED;
	}
	if (cpr_parse(text, digits, NULL, &error) < 0) {
		bad->field = "q";
		snprintf(bad->message, sizeof(bad->message), "%s", error);
		return RESULT_INVALID;
	}
	rc = secret_hash(digits, hash);
	sodium_memzero(digits, sizeof(digits));
	if (rc == 0)
		rc = roster_read(db,
				 DB_BIND(db, &roster_sql[ROSTER_SQL_BY_HASH],
					 COHORT_VIEWER(a),
					 DB_BLOB(hash, sizeof(hash))),
				 true, out);
	sodium_memzero(hash, sizeof(hash));
	return rc < 0 ? RESULT_FAILED : RESULT_OK;
}

int roster_list(struct db *db, const struct actor *a,
		const struct roster_filter *q, struct roster *out,
		struct form_invalid *bad)
{
	struct buf like = BUF_INIT(1024);
	const char *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if (q->cpr)
		return roster_by_cpr(db, a, q->cpr, out, bad);
	if (q->name && *q->name) {
		buf_putc(&like, '%');
		for (s = q->name; *s; s++) {
			if (*s == '%' || *s == '_' || *s == '\\')
				buf_putc(&like, '\\');
			buf_putc(&like, *s);
		}
		buf_putc(&like, '%');
	}
	rc = roster_read(db,
			 DB_BIND(db, &roster_sql[roster_list_sql(a)],
				 COHORT_VIEWER(a), DB_INT(q->cohort_id),
				 DB_TEXT(q->status ? q->status : ""),
				 DB_TEXT(like.data)),
			 true, out);
	buf_free(&like);
	return rc < 0 ? RESULT_FAILED : RESULT_OK;
}

int roster_cohort(struct db *db, const struct actor *a, int64_t cohort_id,
		  struct roster *out)
{
	return roster_read(db,
			   DB_BIND(db, &roster_sql[ROSTER_SQL_COHORT],
				   COHORT_VIEWER(a), DB_INT(cohort_id)),
			   false, out);
}

int roster_ages(struct db *db, int64_t cohort_id, struct roster_age *out,
		size_t max)
{
	sqlite3_stmt *st = DB_BIND(db, &roster_sql[ROSTER_SQL_AGES],
				   DB_INT(cohort_id));
	int year = date_year(date_today());
	size_t n = 0;

	if (st == NULL)
		return -1;
	while (n < max && db_step(db, st) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(st, 0);
		out[n++].age = year - sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return (int)n;
}

int roster_due_each(struct db *db, const struct actor *a, bool *shown,
		    roster_due_fn fn, void *ctx)
{
	char today[DATE_ISO_LEN + 1];
	struct roster_due d;
	enum roster_sql which;
	sqlite3_stmt *st;
	int rc;

	*shown = true;
	if (a->role == ROLE_CASEWORKER)
		which = ROSTER_SQL_DUE_CASEWORKER;
	else if (a->role == ROLE_PROJECT_LEADER)
		which = ROSTER_SQL_DUE_LEADER;
	else {
		*shown = false;
		return 0;
	}
	date_format_iso(date_today(), today);
	st = DB_BIND(db, &roster_sql[which],
		     DB_INT(which == ROSTER_SQL_DUE_CASEWORKER
				    ? a->user_id
				    : a->organisation_id),
		     DB_TEXT(today));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		d.id = sqlite3_column_int64(st, 0);
		d.name = db_text(st, 1);
		d.cohort = db_text(st, 2);
		d.due = db_date(st, 3);
		fn(ctx, &d);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
