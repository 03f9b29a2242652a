/*
 * aftercare: periods of "efterværn" after the course, by level, for
 * participants who started. Notes are sealed; each period is written with
 * its audit row in one transaction.
 */
#include "aftercare.h"

#include "db.h"
#include "http.h"
#include "participant.h"
#include "participant_load.h"
#include "secret.h"

#include <stdio.h>
#include <string.h>

/* Until this module takes an actor: participant_may for r's user. */
static bool aftercare_may(const struct req *r, const struct participant *p,
		      enum participant_action x)
{
	struct actor a = http_actor(r);

	return participant_may(&a, p, x);
}

/* The catalogue's three levels (2013, p. 23), 1-based like the column. */
static const char *const aftercare_level_labels[4] = {
	"",
	"Niveau 1: Fortsat praktik og mentor",
	"Niveau 2: Praktik eller mentor",
	"Niveau 3: Andre aktiviteter eller opfølgning ved sagsbehandler",
};

enum aftercare_sql { AC_SQL_LIST, AC_SQL_ADD, AC_SQL__MAX };

static const char *const aftercare_sql[AC_SQL__MAX] = {
	/* ?2: one period (0: all). */
	[AC_SQL_LIST] =
		"SELECT a.id, a.level, a.start_on, coalesce(a.end_on, ''), "
		"a.with_mentor, a.notes_enc, coalesce(u.name, a.actor) FROM "
		"aftercare a LEFT JOIN user u ON u.id = a.actor_id WHERE "
		"a.participant_id = ?1 AND (?2 = 0 OR a.id = ?2) ORDER BY "
		"a.start_on, a.id",
	[AC_SQL_ADD] =
		"INSERT INTO aftercare (participant_id, level, start_on, "
		"end_on, with_mentor, notes_enc, actor_id, actor, created_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
};

static const struct form_spec aftercare_form[] = {
	{"level", "Niveau", FIELD_INT, true, 1, 3, NULL},
	{"start_on", "Startdato", FIELD_DATE, true, 0, 0, NULL},
	{"end_on", "Slutdato", FIELD_DATE, false, 0, 0, NULL},
	{"with_mentor", "Med mentor", FIELD_BOOL, false, 0, 0, NULL},
	{"notes", "Noter", FIELD_TEXTAREA, false, 0, 4000, NULL},
};
enum { ACF_LEVEL, ACF_START, ACF_END, ACF_MENTOR, ACF_NOTES, ACF__N };

static const char aftercare_not_started[] =
	"Efterværn kan først registreres, når borgeren er startet i "
	"forløbet.";

/* Who sees the periods, and who their notes. */
static bool aftercare_visible(const struct participant *p)
{
	return p->access >= PARTICIPANT_ACCESS_WORK;
}

static bool aftercare_notes_visible(const struct participant *p)
{
	return p->access >= PARTICIPANT_ACCESS_HEALTH;
}

static int aftercare_fail(struct form_invalid *bad, int status,
			  const char *field, const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return status;
}

/* Inserts the period v describes with its audit row. 0 with *id, or -1. */
static int aftercare_write(struct req *r, const struct participant *p,
			   const struct form_value *v, int64_t *id)
{
	struct db *w = db_writer_lock();
	sqlite3_stmt *st;
	char detail[64];
	int rc = -1;

	if (db_begin(w) < 0 ||
	    (st = db_stmt(w, aftercare_sql[AC_SQL_ADD])) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int(st, 2, (int)v[ACF_LEVEL].i);
	sqlite3_bind_text(st, 3, v[ACF_START].s, -1, SQLITE_STATIC);
	if (v[ACF_END].present)
		sqlite3_bind_text(st, 4, v[ACF_END].s, -1, SQLITE_STATIC);
	/* Level 1 is internship and mentor by definition. */
	sqlite3_bind_int(st, 5, v[ACF_LEVEL].i == 1 || v[ACF_MENTOR].i);
	sqlite3_bind_int64(st, 7, r->session->user_id);
	sqlite3_bind_text(st, 8, r->session->email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, http_now());
	if (secret_bind(st, 6, v[ACF_NOTES].present ? v[ACF_NOTES].s : NULL) <
		    0 ||
	    db_exec_stmt(w, st) != DB_OK)
		goto out;
	*id = db_last_id(w);
	snprintf(detail, sizeof(detail), "aftercare %lld level %d",
		 (long long)*id, (int)v[ACF_LEVEL].i);
	if (participant_audit(w, r, "participant.aftercare_add", p, NULL,
			      detail) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
out:
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

/* Adds a period to p from r's form. 0 with *id, 403/422 with *bad, or
 * 500. */
static int aftercare_add_from(struct req *r, const struct participant *p,
			      int64_t *id, struct form_invalid *bad)
{
	struct form_value v[ACF__N];
	int rc = 0;

	if (!aftercare_may(r, p, PARTICIPANT_AFTERCARE))
		return aftercare_fail(bad, 403, NULL,
				      "Kun borgerens sagsbehandler og holdets "
				      "projektledere registrerer efterværn.");
	if (p->started_on == 0)
		return aftercare_fail(bad, 422, NULL, aftercare_not_started);
	if (form_validate(&r->form, aftercare_form, ACF__N, v, bad) < 0)
		return 422;
	if (v[ACF_END].present && v[ACF_END].i < v[ACF_START].i)
		rc = aftercare_fail(bad, 422, "end_on",
				    "Slutdatoen kan ikke ligge før "
				    "startdatoen.");
	else if (v[ACF_START].i < p->started_on)
		rc = aftercare_fail(bad, 422, "start_on",
				    "Efterværnet kan ikke starte, før borgeren "
				    "startede i forløbet.");
	if (rc == 0 && aftercare_write(r, p, v, id) < 0)
		rc = 500;
	form_values_free(v, ACF__N);
	return rc;
}

/* Calls fn for each period of p (or only period id, when not 0), with
 * the notes opened when r's user may read them (else NULL). 0 or -1. */
typedef void (*aftercare_row_fn)(void *ctx, sqlite3_stmt *st,
				 const char *notes);

static int aftercare_rows(struct req *r, const struct participant *p,
			  int64_t id, aftercare_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(r->db, aftercare_sql[AC_SQL_LIST]);
	char *notes = NULL;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, id);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		if (aftercare_notes_visible(p)) {
			notes = secret_column(st, 5);
			if (notes == NULL) {
				rc = SQLITE_ERROR;
				break;
			}
		}
		fn(ctx, st, notes);
		secret_free(notes);
		notes = NULL;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int aftercare_level(sqlite3_stmt *st)
{
	int level = sqlite3_column_int(st, 1);

	return level >= 1 && level <= 3 ? level : 0;
}

/* The participant page. */

static void aftercare_view_row(void *ctx, sqlite3_stmt *st, const char *notes)
{
	struct view *v = view_add(ctx, "aftercare");
	char da[DATE_DA_LEN];
	date_t d;

	view_set_int(v, "level", aftercare_level(st));
	view_set(v, "level_label",
		 aftercare_level_labels[aftercare_level(st)]);
	view_set(v, "start_on", db_text(st, 2));
	if (date_parse_iso(db_text(st, 2), &d) == 0 &&
	    date_format_da(d, da, sizeof(da)) == 0)
		view_set(v, "start_da", da);
	if (date_parse_iso(db_text(st, 3), &d) == 0 &&
	    date_format_da(d, da, sizeof(da)) == 0)
		view_set(v, "end_da", da);
	view_set_bool(v, "with_mentor", sqlite3_column_int(st, 4) == 1);
	view_set(v, "actor", db_text(st, 6));
	view_set_bool(v, "show_notes", notes != NULL);
	view_set(v, "notes", notes);
}

int aftercare_view_list(struct req *r, const struct participant *p,
			struct view *v)
{
	bool may = aftercare_may(r, p, PARTICIPANT_AFTERCARE);
	struct view *o;
	int level;

	view_set_bool(v, "aftercare_visible", aftercare_visible(p));
	view_set_bool(v, "aftercare_started", p->started_on != 0);
	view_set_bool(v, "may_add_aftercare", may && p->started_on != 0);
	view_set(v, "aftercare_not_started", aftercare_not_started);
	view_list(v, "aftercare");
	if (!aftercare_visible(p))
		return 0;
	for (level = 1; may && level <= 3; level++) {
		o = view_add(v, "aftercare_levels");
		view_set_int(o, "value", level);
		view_set(o, "label", aftercare_level_labels[level]);
	}
	return aftercare_rows(r, p, 0, aftercare_view_row, v);
}

int aftercare_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	char loc[80];
	int64_t id = 0;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	rc = aftercare_add_from(r, &p, &id, &bad);
	if (rc)
		return http_error(r, rc, rc == 500 ? NULL : bad.message);
	/* The section's id is "efterværn", percent-encoded. */
	snprintf(loc, sizeof(loc), "/participants/%lld#efterv%%C3%%A6rn",
		 (long long)p.id);
	return http_redirect(r, loc);
}

/* The API. */

static void aftercare_json_row(void *ctx, sqlite3_stmt *st, const char *notes)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
	cJSON_AddNumberToObject(o, "level", aftercare_level(st));
	cJSON_AddStringToObject(o, "start_on", db_text(st, 2));
	if (*db_text(st, 3))
		cJSON_AddStringToObject(o, "end_on", db_text(st, 3));
	else
		cJSON_AddNullToObject(o, "end_on");
	cJSON_AddBoolToObject(o, "with_mentor", sqlite3_column_int(st, 4) == 1);
	if (notes)
		cJSON_AddStringToObject(o, "notes", notes);
	cJSON_AddItemToArray(ctx, o);
}

/* Loads the path's participant if r's user may see their aftercare. 0,
 * or the status sent. */
static int aftercare_load(struct req *r, struct participant *p)
{
	int rc = participant_for_request(r, r->params[0], p, NULL);

	if (rc)
		return rc;
	if (!aftercare_visible(p))
		return http_error(r, 403, "Du har ikke adgang til deltagerens "
					  "efterværn.");
	return 0;
}

int aftercare_api_list(struct req *r)
{
	struct participant p;
	cJSON *root;
	int rc = aftercare_load(r, &p);

	if (rc)
		return rc;
	if (participant_audit(NULL, r, "participant.aftercare_read", &p, NULL,
			      NULL) < 0)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	if (aftercare_rows(r, &p, 0, aftercare_json_row,
			   cJSON_AddArrayToObject(root, "aftercare")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

int aftercare_api_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	cJSON *list, *item;
	int64_t id = 0;
	int rc = aftercare_load(r, &p);

	if (rc)
		return rc;
	rc = aftercare_add_from(r, &p, &id, &bad);
	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, rc, rc == 500 ? NULL : bad.message);
	list = cJSON_CreateArray();
	if (aftercare_rows(r, &p, id, aftercare_json_row, list) < 0 ||
	    (item = cJSON_DetachItemFromArray(list, 0)) == NULL) {
		cJSON_Delete(list);
		return http_error(r, 500, NULL);
	}
	cJSON_Delete(list);
	return http_json(r, 201, item);
}
