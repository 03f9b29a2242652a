/*
 * aftercare: periods of "efterværn" after the course, by level. Notes are
 * sealed; each period is written with its audit row in one transaction.
 */
#include "aftercare.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "secret.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const char *const aftercare_level_labels[4] = {
	"",
	"Niveau 1: Fortsat praktik og mentor",
	"Niveau 2: Praktik eller mentor",
	"Niveau 3: Andre aktiviteter eller opfølgning ved sagsbehandler",
};

const char aftercare_not_started[] =
	"Efterværn kan først registreres, når borgeren er startet i "
	"forløbet.";

enum aftercare_sql { AC_SQL_LIST, AC_SQL_ADD, AC_SQL__MAX };

static const struct db_sql aftercare_sql[AC_SQL__MAX] = {
	/* ?2: one period (0: all). */
	[AC_SQL_LIST] = {"SELECT a.id, a.level, a.start_on, "
			 "coalesce(a.end_on, ''), a.with_mentor, a.notes_enc, "
			 "coalesce(u.name, a.actor) FROM aftercare a LEFT "
			 "JOIN user u ON u.id = a.actor_id WHERE "
			 "a.participant_id = ?1 AND (?2 = 0 OR a.id = ?2) "
			 "ORDER BY a.start_on, a.id",
			 "ii"},
	[AC_SQL_ADD] = {"INSERT INTO aftercare (participant_id, level, "
			"start_on, end_on, with_mentor, notes_enc, actor_id, "
			"actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			"?7, ?8, ?9)",
			"iitTiSIti"},
};

bool aftercare_visible(const struct participant *p)
{
	return p->access >= PARTICIPANT_ACCESS_WORK;
}

bool aftercare_notes_visible(const struct participant *p)
{
	return p->access >= PARTICIPANT_ACCESS_HEALTH;
}

int aftercare_each(struct db *db, const struct participant *p, int64_t id,
		   aftercare_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &aftercare_sql[AC_SQL_LIST],
				   DB_INT(p->id), DB_INT(id));
	struct aftercare_period a;
	char *notes = NULL;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (aftercare_notes_visible(p)) {
			notes = secret_column(st, 5);
			if (notes == NULL) {
				rc = SQLITE_ERROR;
				break;
			}
		}
		a.id = sqlite3_column_int64(st, 0);
		a.level = sqlite3_column_int(st, 1);
		if (a.level < 1 || a.level > 3)
			a.level = 0;
		a.start_on = db_text(st, 2);
		a.end_on = db_text(st, 3);
		a.with_mentor = sqlite3_column_int(st, 4) == 1;
		a.actor = db_text(st, 6);
		a.notes = notes;
		fn(ctx, &a);
		secret_free(notes);
		notes = NULL;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int aftercare_check(const struct actor *a, const struct participant *p,
		    struct form_invalid *bad)
{
	if (!participant_may(a, p, PARTICIPANT_AFTERCARE))
		return form_refuse(bad, RESULT_REFUSED, NULL,
				   "Kun borgerens sagsbehandler og holdets "
				   "projektledere registrerer efterværn.");
	if (p->started_on == 0)
		return form_refuse(bad, RESULT_INVALID, NULL,
				   aftercare_not_started);
	return RESULT_OK;
}

/* Inserts the period with its audit row in w's open transaction. */
static int aftercare_write(struct db *w, const struct actor *a,
			   const struct participant *p,
			   const struct aftercare_input *in, int64_t *id)
{
	char start[DATE_ISO_LEN + 1], end[DATE_ISO_LEN + 1], detail[64];

	date_format_iso(in->start_on, start);
	date_format_iso(in->end_on, end);
	/* Level 1 is internship and mentor by definition. */
	if (DB_RUN(w, &aftercare_sql[AC_SQL_ADD], DB_INT(p->id),
		   DB_INT(in->level), DB_TEXT(start),
		   DB_TEXT(in->end_on ? end : NULL),
		   DB_INT(in->level == 1 || in->with_mentor),
		   DB_SEALED(in->notes), DB_ID(a->user_id),
		   DB_TEXT(a->email ? a->email : "system"),
		   DB_INT((int64_t)time(NULL))) != DB_OK)
		return RESULT_FAILED;
	*id = db_last_id(w);
	snprintf(detail, sizeof(detail), "aftercare %lld level %d",
		 (long long)*id, in->level);
	return participant_audit_write(w, a, AUDIT_PARTICIPANT_AFTERCARE_ADD, p,
				       NULL, detail) < 0
		       ? RESULT_FAILED
		       : RESULT_OK;
}

int aftercare_add(struct db *w, const struct actor *a,
		  const struct participant *p, const struct aftercare_input *in,
		  int64_t *id, struct form_invalid *bad)
{
	int rc = aftercare_check(a, p, bad);

	if (rc != RESULT_OK)
		return rc;
	if (in->level < 1 || in->level > 3)
		return form_refuse(bad, RESULT_INVALID, "level",
				   "Niveau skal være et helt tal mellem 1 "
				   "og 3.");
	if (in->end_on && in->end_on < in->start_on)
		return form_refuse(bad, RESULT_INVALID, "end_on",
				   "Slutdatoen kan ikke ligge før "
				   "startdatoen.");
	if (in->start_on < p->started_on)
		return form_refuse(bad, RESULT_INVALID, "start_on",
				   "Efterværnet kan ikke starte, før "
				   "borgeren startede i forløbet.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return db_finish(w, aftercare_write(w, a, p, in, id));
}
