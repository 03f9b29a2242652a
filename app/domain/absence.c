/*
 * absence: notices of absence ahead in absence_notice, each added or
 * withdrawn with its audit row in one transaction; comments sealed.
 */
#include "absence.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "role.h"
#include "secret.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const char absence_refused[] = "Kun deltagerens undervisere, sagsbehandler, "
			       "mentor og projektledere melder afbud.";

enum absence_sql {
	AB_SQL_ADD,
	AB_SQL_GET,
	AB_SQL_OVERLAP,
	AB_SQL_WITHDRAW,
	AB_SQL_LIST,
	AB_SQL_CURRENT,
	AB_SQL__MAX
};

#define AB_COLUMNS                                                             \
	"n.id, n.participant_id, n.first_date, n.last_date, n.comment_enc, "   \
	"n.actor, n.created_at, coalesce(n.withdrawn_at, 0), "                 \
	"coalesce(u.email, '') FROM absence_notice n LEFT JOIN user u ON "     \
	"u.id = n.withdrawn_by "

static const struct db_sql absence_sql[AB_SQL__MAX] = {
	[AB_SQL_ADD] = {"INSERT INTO absence_notice (participant_id, "
			"first_date, last_date, comment_enc, created_at, "
			"actor_id, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			"ittSiIt"},
	[AB_SQL_GET] = {"SELECT " AB_COLUMNS "WHERE n.id = ?1", "i"},
	[AB_SQL_OVERLAP] = {"SELECT count(*) FROM absence_notice WHERE "
			    "participant_id = ?1 AND withdrawn_at IS NULL AND "
			    "first_date <= ?3 AND last_date >= ?2",
			    "itt"},
	[AB_SQL_WITHDRAW] = {"UPDATE absence_notice SET withdrawn_at = ?2, "
			     "withdrawn_by = ?3 WHERE id = ?1 AND "
			     "withdrawn_at IS NULL",
			     "iiI"},
	[AB_SQL_LIST] = {"SELECT " AB_COLUMNS "WHERE n.participant_id = ?1 "
			 "ORDER BY n.first_date DESC, n.id DESC LIMIT 100",
			 "i"},
	[AB_SQL_CURRENT] = {"SELECT id, participant_id, first_date, "
			    "last_date, actor FROM absence_notice WHERE "
			    "participant_id = ?1 AND withdrawn_at IS NULL AND "
			    "last_date >= ?2 ORDER BY first_date, id LIMIT 20",
			    "it"},
};

bool absence_may_announce(const struct actor *a, const struct participant *p)
{
	switch (a->role) {
	case ROLE_PROJECT_LEADER:
	case ROLE_CASEWORKER:
		return p->access == PARTICIPANT_ACCESS_FULL;
	case ROLE_INSTRUCTOR:
		return p->access >= PARTICIPANT_ACCESS_HEALTH;
	case ROLE_MENTOR:
		return p->mentor_id == a->user_id;
	default:
		return false;
	}
}

bool absence_comments_visible(const struct participant *p)
{
	return p->access >= PARTICIPANT_ACCESS_HEALTH;
}

void absence_notice_free(struct absence_notice *n)
{
	secret_free(n->comment);
	n->comment = NULL;
}

/* A row of AB_COLUMNS; the comment is opened (an error when it cannot
 * be). 0 or -1. */
static int absence_read(sqlite3_stmt *st, struct absence_notice *n)
{
	memset(n, 0, sizeof(*n));
	n->id = sqlite3_column_int64(st, 0);
	n->participant_id = sqlite3_column_int64(st, 1);
	n->first = db_date(st, 2);
	n->last = db_date(st, 3);
	n->comment = secret_column(st, 4);
	snprintf(n->actor, sizeof(n->actor), "%s", db_text(st, 5));
	n->created_at = sqlite3_column_int64(st, 6);
	n->withdrawn_at = sqlite3_column_int64(st, 7);
	snprintf(n->withdrawn_by, sizeof(n->withdrawn_by), "%s",
		 db_text(st, 8));
	return n->comment ? 0 : -1;
}

/* Notice id, comment opened. 0, 1 not there, -1. */
static int absence_row(struct db *db, int64_t id, struct absence_notice *n)
{
	sqlite3_stmt *st = DB_BIND(db, &absence_sql[AB_SQL_GET], DB_INT(id));
	int rc;

	memset(n, 0, sizeof(*n));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW && absence_read(st, n) < 0)
		rc = SQLITE_ERROR;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		absence_notice_free(n);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* The comment stays only for whom sees p's health fields. */
static void absence_hide(struct absence_notice *n, const struct participant *p)
{
	if (!absence_comments_visible(p))
		absence_notice_free(n);
}

int absence_get(struct db *db, const struct actor *a, int64_t id,
		struct absence_notice *n, struct participant *p)
{
	struct cohort c;
	int rc = absence_row(db, id, n);

	if (rc)
		return rc;
	rc = participant_get(db, a, n->participant_id, p);
	if (rc == 0)
		rc = participant_cohort(db, a, p, &c);
	if (rc) {
		absence_notice_free(n);
		return rc;
	}
	absence_hide(n, p);
	return 0;
}

int absence_of(struct db *db, const struct participant *p, int64_t id,
	       struct absence_notice *n)
{
	int rc = absence_row(db, id, n);

	if (rc == 0 && n->participant_id != p->id) {
		absence_notice_free(n);
		return 1;
	}
	if (rc == 0)
		absence_hide(n, p);
	return rc;
}

int absence_each(struct db *db, const struct participant *p, absence_fn fn,
		 void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &absence_sql[AB_SQL_LIST],
				   DB_INT(p->id));
	struct absence_notice n;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (absence_read(st, &n) < 0) {
			absence_notice_free(&n);
			rc = SQLITE_ERROR;
			break;
		}
		absence_hide(&n, p);
		fn(ctx, &n);
		absence_notice_free(&n);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int absence_current_each(struct db *db, const struct participant *p,
			 absence_fn fn, void *ctx)
{
	char today[DATE_ISO_LEN + 1];
	struct absence_notice n;
	sqlite3_stmt *st;
	int rc;

	date_format_iso(date_today(), today);
	st = DB_BIND(db, &absence_sql[AB_SQL_CURRENT], DB_INT(p->id),
		     DB_TEXT(today));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(&n, 0, sizeof(n));
		n.id = sqlite3_column_int64(st, 0);
		n.participant_id = sqlite3_column_int64(st, 1);
		n.first = db_date(st, 2);
		n.last = db_date(st, 3);
		snprintf(n.actor, sizeof(n.actor), "%s", db_text(st, 4));
		fn(ctx, &n);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Checks the period against the rest and inserts it with its audit row,
 * in w's open transaction. */
static int absence_write(struct db *w, const struct actor *a,
			 const struct participant *p, date_t first, date_t last,
			 const char *comment, int64_t *id,
			 struct form_invalid *bad)
{
	char from[DATE_ISO_LEN + 1], to[DATE_ISO_LEN + 1], detail[48];
	sqlite3_stmt *st;
	int64_t overlap = -1;

	date_format_iso(first, from);
	date_format_iso(last, to);
	st = DB_BIND(w, &absence_sql[AB_SQL_OVERLAP], DB_INT(p->id),
		     DB_TEXT(from), DB_TEXT(to));
	if (st == NULL)
		return RESULT_FAILED;
	if (db_step(w, st) == SQLITE_ROW)
		overlap = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (overlap < 0)
		return RESULT_FAILED;
	if (overlap > 0)
		return form_refuse(bad, RESULT_INVALID, "first_date",
				   "Der er allerede meldt afbud for en del "
				   "af perioden.");
	if (DB_RUN(w, &absence_sql[AB_SQL_ADD], DB_INT(p->id), DB_TEXT(from),
		   DB_TEXT(to), DB_SEALED(comment), DB_INT((int64_t)time(NULL)),
		   DB_ID(a->user_id),
		   DB_TEXT(a->email ? a->email : "system")) != DB_OK)
		return RESULT_FAILED;
	*id = db_last_id(w);
	snprintf(detail, sizeof(detail), "afbud %s..%s", from, to);
	return participant_audit_write(w, a, AUDIT_PARTICIPANT_ABSENCE_ADD, p,
				       NULL, detail) < 0
		       ? RESULT_FAILED
		       : RESULT_OK;
}

int absence_add(struct db *w, const struct actor *a,
		const struct participant *p, const struct absence_input *in,
		int64_t *id, struct form_invalid *bad)
{
	date_t first = in->first_date;
	date_t last = in->last_date ? in->last_date : first;

	if (!absence_may_announce(a, p))
		return form_refuse(bad, RESULT_REFUSED, NULL, absence_refused);
	if (first < date_today())
		return form_refuse(bad, RESULT_INVALID, "first_date",
				   "Afbud meldes for i dag eller senere.");
	if (last < first)
		return form_refuse(bad, RESULT_INVALID, "last_date",
				   "Sidste dag ligger før første dag.");
	if (last - first + 1 > ABSENCE_DAYS_MAX)
		return form_refuse(bad, RESULT_INVALID, "last_date",
				   "Afbud meldes for højst 60 dage ad "
				   "gangen.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return db_finish(
		w, absence_write(w, a, p, first, last, in->comment, id, bad));
}

static const char absence_withdrawn[] = "Afbuddet er allerede trukket tilbage.";

/* Withdraws n with its audit row in w's open transaction. */
static int absence_unwrite(struct db *w, const struct actor *a,
			   const struct participant *p,
			   const struct absence_notice *n,
			   struct form_invalid *bad)
{
	char detail[48];

	if (DB_RUN(w, &absence_sql[AB_SQL_WITHDRAW], DB_INT(n->id),
		   DB_INT((int64_t)time(NULL)), DB_ID(a->user_id)) != DB_OK)
		return RESULT_FAILED;
	if (db_changes(w) != 1)
		return form_refuse(bad, RESULT_INVALID, NULL,
				   absence_withdrawn);
	snprintf(detail, sizeof(detail), "afbud %lld trukket tilbage",
		 (long long)n->id);
	return participant_audit_write(w, a, AUDIT_PARTICIPANT_ABSENCE_WITHDRAW,
				       p, NULL, detail) < 0
		       ? RESULT_FAILED
		       : RESULT_OK;
}

int absence_withdraw(struct db *w, const struct actor *a,
		     const struct participant *p,
		     const struct absence_notice *n, struct form_invalid *bad)
{
	if (!absence_may_announce(a, p))
		return form_refuse(bad, RESULT_REFUSED, NULL, absence_refused);
	if (n->withdrawn_at)
		return form_refuse(bad, RESULT_INVALID, NULL,
				   absence_withdrawn);
	if (n->last < date_today())
		return form_refuse(bad, RESULT_INVALID, NULL,
				   "Afbuddet er overstået og kan ikke "
				   "trækkes tilbage.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return db_finish(w, absence_unwrite(w, a, p, n, bad));
}
