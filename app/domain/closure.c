/*
 * closure: closure days and the two-step way they are added. Step one (a
 * date typed in, or an iCalendar URL fetched) shows the new days and the
 * course days they clash with; step two (apply) writes the closure days and
 * the leader's choice for each clash in one transaction, after checking the
 * clashes again, so a stale preview can never leave a day on a closed date.
 */
#include "closure.h"

#include "audit.h"
#include "closure_import.h"
#include "cohort.h"
#include "day.h"
#include "db.h"
#include "http.h"
#include "outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLOSURE_BATCH_MAX   366
#define CLOSURE_CLASHES_MAX 8 /* course days on one date */

enum closure_sql {
	CLOSURE_SQL_LIST,
	CLOSURE_SQL_ADD,
	CLOSURE_SQL_GET,
	CLOSURE_SQL_DELETE,
	CLOSURE_SQL_EXISTS,
	CLOSURE_SQL__MAX
};

static const char *const closure_sql[CLOSURE_SQL__MAX] = {
	[CLOSURE_SQL_LIST] = "SELECT id, date, reason, source FROM closure_day "
			     "WHERE cohort_id = ?1 ORDER BY date",
	[CLOSURE_SQL_ADD] = "INSERT OR IGNORE INTO closure_day (cohort_id, "
			    "date, reason, source, created_at) VALUES (?1, ?2, "
			    "?3, ?4, ?5)",
	[CLOSURE_SQL_GET] = "SELECT cohort_id, date FROM closure_day WHERE id "
			    "= ?1",
	[CLOSURE_SQL_DELETE] = "DELETE FROM closure_day WHERE id = ?1",
	[CLOSURE_SQL_EXISTS] = "SELECT count(*) FROM closure_day WHERE "
			       "cohort_id = ?1 AND date = ?2",
};

struct closure_new {
	date_t date;
	char reason[801];
};

struct closure_batch {
	struct closure_new *days;
	size_t n;
	const char *source; /* "manual" or "import" */
};

static void closure_batch_free(struct closure_batch *b)
{
	free(b->days);
	b->days = NULL;
	b->n = 0;
}

static int closure_batch_add(struct closure_batch *b, date_t d,
			     const char *reason)
{
	struct closure_new *grown;
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->days[i].date == d)
			return 0;
	if (b->n == CLOSURE_BATCH_MAX)
		return -1;
	grown = realloc(b->days, (b->n + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	b->days = grown;
	b->days[b->n].date = d;
	snprintf(b->days[b->n].reason, sizeof(b->days[b->n].reason), "%s",
		 reason ? reason : "");
	b->n++;
	return 0;
}

static bool closure_exists(struct db *db, int64_t cohort, date_t d)
{
	sqlite3_stmt *st = db_stmt(db, closure_sql[CLOSURE_SQL_EXISTS]);
	char iso[DATE_ISO_LEN + 1];
	bool found = false;

	if (st == NULL)
		return false;
	date_format_iso(d, iso);
	sqlite3_bind_int64(st, 1, cohort);
	sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
	if (db_step(db, st) == SQLITE_ROW)
		found = sqlite3_column_int64(st, 0) > 0;
	sqlite3_reset(st);
	return found;
}

int closure_view_list(struct db *db, int64_t cohort_id, struct view *v)
{
	sqlite3_stmt *st = db_stmt(db, closure_sql[CLOSURE_SQL_LIST]);
	char da[64];
	date_t d;
	int rc;

	if (st == NULL)
		return -1;
	view_list(v, "closures");
	sqlite3_bind_int64(st, 1, cohort_id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct view *c = view_add(v, "closures");

		d = 0;
		date_parse_iso(db_text(st, 1), &d);
		date_format_da(d, da, sizeof(da));
		view_set_int(c, "id", sqlite3_column_int64(st, 0));
		view_set(c, "date", db_text(st, 1));
		view_set(c, "date_da", da);
		view_set(c, "reason", db_text(st, 2));
		view_set(c, "source", strcmp(db_text(st, 3), "import") == 0
					      ? "Importeret"
					      : "Manuel");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The clash-resolution choices, from the page or the API. */
enum closure_action { CLOSURE_NONE, CLOSURE_CANCEL, CLOSURE_MOVE, CLOSURE_KEEP };

typedef enum closure_action (*closure_choice_fn)(void *ctx, int64_t day_id,
						 date_t *move_to);

/* Writes the batch and resolves every clash, all or nothing. 0, 422 with
 * *error, or 500. */
static int closure_commit_in(struct db *w, struct req *r,
			     const struct cohort *c,
			     const struct closure_batch *b,
			     closure_choice_fn choose, void *ctx,
			     const char **error)
{
	int64_t ids[CLOSURE_CLASHES_MAX];
	char iso[DATE_ISO_LEN + 1], reason[840];
	sqlite3_stmt *st;
	size_t i;
	int n, k, rc;

	for (i = 0; i < b->n; i++) {
		st = db_stmt(w, closure_sql[CLOSURE_SQL_ADD]);
		if (st == NULL)
			return 500;
		date_format_iso(b->days[i].date, iso);
		sqlite3_bind_int64(st, 1, c->id);
		sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, b->days[i].reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, b->source, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, http_now());
		if (db_exec_stmt(w, st) != DB_OK)
			return 500;
	}
	for (i = 0; i < b->n; i++) {
		n = day_on(w, c->id, b->days[i].date, ids, CLOSURE_CLASHES_MAX);
		if (n < 0)
			return 500;
		snprintf(reason, sizeof(reason), "Lukkedag%s%s",
			 b->days[i].reason[0] ? ": " : "", b->days[i].reason);
		for (k = 0; k < n; k++) {
			date_t to = 0;
			enum closure_action a = choose(ctx, ids[k], &to);

			if (a == CLOSURE_NONE) {
				*error = "Vælg, hvad der skal ske med hver "
					 "kursusdag på en lukkedag.";
				return 422;
			}
			if (a == CLOSURE_KEEP)
				continue;
			rc = day_resolve_clash(w, r, c, ids[k],
					       a == CLOSURE_MOVE ? to : 0,
					       reason, error);
			if (rc)
				return rc < 0 ? 500 : 422;
		}
	}
	return 0;
}

static int closure_commit(struct req *r, const struct cohort *c,
			  const struct closure_batch *b,
			  closure_choice_fn choose, void *ctx,
			  const char **error)
{
	struct audit_entry e = audit_for(r, "closure.add");
	struct db *w = db_writer_lock();
	char detail[64];
	int rc = 500;

	*error = NULL;
	if (db_begin(w) < 0)
		goto out;
	rc = closure_commit_in(w, r, c, b, choose, ctx, error);
	if (rc)
		goto out;
	snprintf(detail, sizeof(detail), "%zu dage (%s)", b->n, b->source);
	e.subject_type = "cohort";
	e.subject_id = c->id;
	e.subject = c->name;
	e.detail = detail;
	rc = audit_write(w, &e) == 0 && db_commit(w) == 0 ? 0 : 500;
out:
	db_rollback(w);
	db_writer_unlock(w);
	/* Cancelled or moved days within 48 hours queued mail. */
	if (rc == 0)
		outbox_wake();
	return rc;
}

/* The preview page: new closure days and the course days they hit. */
static int closure_preview(struct req *r, const struct cohort *c,
			   const struct closure_batch *b, const char *error)
{
	int64_t ids[CLOSURE_CLASHES_MAX];
	struct view *v = view_new();
	char iso[DATE_ISO_LEN + 1], da[64];
	size_t i;
	int n, k, rc = 0;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Nye lukkedage");
	view_set_int(v, "cohort_id", c->id);
	view_set(v, "cohort_name", c->name);
	view_set(v, "source", b->source);
	view_set(v, "error", error);
	view_list(v, "closures");
	view_list(v, "clashes");
	for (i = 0; i < b->n && rc == 0; i++) {
		struct view *cl = view_add(v, "closures");

		date_format_iso(b->days[i].date, iso);
		date_format_da(b->days[i].date, da, sizeof(da));
		view_set(cl, "date", iso);
		view_set(cl, "date_da", da);
		view_set(cl, "reason", b->days[i].reason);
		n = day_on(r->db, c->id, b->days[i].date, ids,
			   CLOSURE_CLASHES_MAX);
		if (n < 0)
			rc = -1;
		for (k = 0; k < n; k++) {
			struct view *x = view_add(v, "clashes");

			view_set_int(x, "day_id", ids[k]);
			view_set(x, "date_da", da);
			view_set(x, "reason", b->days[i].reason);
		}
	}
	view_set_int(v, "count", (long)b->n);
	rc = rc == 0 ? http_page(r, error ? 422 : 200, "closure_preview.html",
				 v)
		     : http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

/* Loads the path's cohort for a project leader who manages it. */
static int closure_cohort(struct req *r, struct cohort *c)
{
	return cohort_for_request(r, r->params[0], c, true);
}

static enum closure_action closure_none(void *ctx, int64_t id, date_t *to)
{
	(void)ctx;
	(void)id;
	(void)to;
	return CLOSURE_NONE;
}

static int closure_redirect_to(struct req *r, int64_t cohort)
{
	char loc[64];

	snprintf(loc, sizeof(loc), "/cohorts/%lld", (long long)cohort);
	return http_redirect(r, loc);
}

static const struct form_spec closure_form[] = {
	{"date", "Dato", FIELD_DATE, true, 0, 0, NULL},
	{"reason", "Begrundelse", FIELD_TEXT, false, 0, 200, NULL},
};

/* A closure day typed in: saved at once unless a course day is on it. */
int closure_add(struct req *r)
{
	struct closure_batch b = {.source = "manual"};
	struct form_value v[2];
	struct form_invalid bad;
	const char *error = NULL;
	struct cohort c;
	int64_t ids[1];
	int rc = closure_cohort(r, &c);

	if (rc)
		return rc;
	if (form_validate(&r->form, closure_form, 2, v, &bad) < 0)
		return http_error(r, 422, bad.message);
	if (closure_batch_add(&b, (date_t)v[0].i, v[1].s) < 0) {
		form_values_free(v, 2);
		return http_error(r, 500, NULL);
	}
	form_values_free(v, 2);
	rc = day_on(r->db, c.id, b.days[0].date, ids, 1);
	if (rc > 0) {
		rc = closure_preview(r, &c, &b, NULL);
	} else if (rc == 0) {
		rc = closure_commit(r, &c, &b, closure_none, NULL, &error);
		rc = rc ? http_error(r, rc, error)
			: closure_redirect_to(r, c.id);
	} else {
		rc = http_error(r, 500, NULL);
	}
	closure_batch_free(&b);
	return rc;
}

/* Fetches url and keeps the days in the cohort's span not yet closed. */
static int closure_fetch(struct req *r, const struct cohort *c,
			 const char *url, struct closure_batch *b, char *err,
			 size_t errlen)
{
	struct closure_list list = {0};
	date_t from = c->referral_start, to = c->aftercare_start;
	size_t i;
	int rc = 0;

	if (date_today() > from)
		from = date_today();
	if (closure_import_fetch(url, from, to, &closure_import_default_limits,
				 &list, err, errlen) != CLOSURE_OK)
		return -1;
	for (i = 0; i < list.n && rc == 0; i++)
		if (!closure_exists(r->db, c->id, list.days[i].date))
			rc = closure_batch_add(b, list.days[i].date,
					       list.days[i].summary);
	closure_list_free(&list);
	if (rc < 0)
		snprintf(err, errlen, "Kalenderen har for mange lukkedage.");
	return rc;
}

static const struct form_spec closure_import_form[] = {
	{"url", "Kalenderens adresse", FIELD_TEXT, true, 8, 2000, NULL},
};

int closure_import(struct req *r)
{
	struct closure_batch b = {.source = "import"};
	struct form_value v[1];
	struct form_invalid bad;
	struct cohort c;
	char err[256];
	int rc = closure_cohort(r, &c);

	if (rc)
		return rc;
	if (form_validate(&r->form, closure_import_form, 1, v, &bad) < 0)
		return http_error(r, 422, bad.message);
	rc = closure_fetch(r, &c, v[0].s, &b, err, sizeof(err));
	form_values_free(v, 1);
	rc = rc < 0 ? http_error(r, 422, err) : closure_preview(r, &c, &b, NULL);
	closure_batch_free(&b);
	return rc;
}

/* The page's choices: action_<day id> and move_<day id>. */
static enum closure_action closure_page_choice(void *ctx, int64_t id,
					       date_t *to)
{
	const struct form *f = ctx;
	char name[48];
	const char *a, *d;

	snprintf(name, sizeof(name), "action_%lld", (long long)id);
	a = form_get(f, name);
	if (a == NULL)
		return CLOSURE_NONE;
	if (strcmp(a, "cancel") == 0)
		return CLOSURE_CANCEL;
	if (strcmp(a, "keep") == 0)
		return CLOSURE_KEEP;
	snprintf(name, sizeof(name), "move_%lld", (long long)id);
	d = form_get(f, name);
	if (strcmp(a, "move") != 0 || d == NULL || date_parse_iso(d, to) < 0)
		return CLOSURE_NONE;
	return CLOSURE_MOVE;
}

/* The batch the preview page carries in closure_date/closure_reason. */
static int closure_batch_from_page(const struct form *f,
				   struct closure_batch *b)
{
	size_t i, n = form_count(f, "closure_date");
	const char *src = form_get(f, "source");
	date_t d;

	b->source = src && strcmp(src, "import") == 0 ? "import" : "manual";
	if (n == 0 || n > CLOSURE_BATCH_MAX ||
	    form_count(f, "closure_reason") != n)
		return -1;
	for (i = 0; i < n; i++) {
		const char *reason = form_get_nth(f, "closure_reason", i);

		if (date_parse_iso(form_get_nth(f, "closure_date", i), &d) < 0 ||
		    form_utf8_length(reason) > 200 ||
		    closure_batch_add(b, d, reason) < 0)
			return -1;
	}
	return 0;
}

int closure_apply(struct req *r)
{
	struct closure_batch b = {0};
	const char *error = NULL;
	struct cohort c;
	int rc = closure_cohort(r, &c);

	if (rc)
		return rc;
	if (closure_batch_from_page(&r->form, &b) < 0) {
		closure_batch_free(&b);
		return http_error(r, 422, "Lukkedagene kunne ikke læses.");
	}
	rc = closure_commit(r, &c, &b, closure_page_choice, &r->form, &error);
	if (rc == 422)
		rc = closure_preview(r, &c, &b, error);
	else if (rc)
		rc = http_error(r, rc, NULL);
	else
		rc = closure_redirect_to(r, c.id);
	closure_batch_free(&b);
	return rc;
}

int closure_delete(struct req *r)
{
	struct audit_entry e = audit_for(r, "closure.delete");
	sqlite3_stmt *st = db_stmt(r->db, closure_sql[CLOSURE_SQL_GET]);
	struct cohort c;
	char date[DATE_ISO_LEN + 1] = "";
	int64_t cohort = 0;
	struct db *w;
	int rc;

	if (st == NULL)
		return http_error(r, 500, NULL);
	sqlite3_bind_int64(st, 1, r->params[0]);
	if (db_step(r->db, st) == SQLITE_ROW) {
		cohort = sqlite3_column_int64(st, 0);
		snprintf(date, sizeof(date), "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	if (cohort == 0)
		return http_error(r, 404, NULL);
	rc = cohort_for_request(r, cohort, &c, true);
	if (rc)
		return rc;
	w = db_writer_lock();
	st = db_stmt(w, closure_sql[CLOSURE_SQL_DELETE]);
	rc = -1;
	if (st && db_begin(w) == 0) {
		sqlite3_bind_int64(st, 1, r->params[0]);
		e.subject_type = "cohort";
		e.subject_id = c.id;
		e.subject = c.name;
		e.detail = date;
		if (db_exec_stmt(w, st) == DB_OK && audit_write(w, &e) == 0 &&
		    db_commit(w) == 0)
			rc = 0;
	}
	db_rollback(w);
	db_writer_unlock(w);
	if (rc < 0)
		return http_error(r, 500, NULL);
	return closure_redirect_to(r, c.id);
}

/* The API. */

int closure_api_list(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, closure_sql[CLOSURE_SQL_LIST]);
	struct cohort c;
	cJSON *root, *list;
	int rc = cohort_for_request(r, r->params[0], &c, false);

	if (rc)
		return rc;
	if (st == NULL)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "closures");
	sqlite3_bind_int64(st, 1, c.id);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "id",
					(double)sqlite3_column_int64(st, 0));
		cJSON_AddStringToObject(o, "date", db_text(st, 1));
		cJSON_AddStringToObject(o, "reason", db_text(st, 2));
		cJSON_AddStringToObject(o, "source", db_text(st, 3));
		cJSON_AddItemToArray(list, o);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

/* {"closures": [{"date": "...", "reason": "..."}]} into a batch. */
static int closure_batch_from_json(const cJSON *root, struct closure_batch *b)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "closures");
	const cJSON *item;
	date_t d;

	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0 ||
	    cJSON_GetArraySize(list) > CLOSURE_BATCH_MAX)
		return -1;
	cJSON_ArrayForEach(item, list)
	{
		const cJSON *date = cJSON_GetObjectItemCaseSensitive(item,
								     "date");
		const cJSON *reason =
			cJSON_GetObjectItemCaseSensitive(item, "reason");
		const char *text = cJSON_IsString(reason) ? reason->valuestring
							   : "";

		if (!cJSON_IsString(date) ||
		    date_parse_iso(date->valuestring, &d) < 0 ||
		    form_utf8_length(text) > 200 ||
		    closure_batch_add(b, d, text) < 0)
			return -1;
	}
	return 0;
}

static cJSON *closure_preview_json(struct db *db, const struct cohort *c,
				   const struct closure_batch *b)
{
	int64_t ids[CLOSURE_CLASHES_MAX];
	cJSON *root = cJSON_CreateObject();
	cJSON *days = cJSON_AddArrayToObject(root, "closures");
	cJSON *clashes = cJSON_AddArrayToObject(root, "clashes");
	char iso[DATE_ISO_LEN + 1];
	size_t i;
	int n, k;

	for (i = 0; i < b->n; i++) {
		cJSON *o = cJSON_CreateObject();

		date_format_iso(b->days[i].date, iso);
		cJSON_AddStringToObject(o, "date", iso);
		cJSON_AddStringToObject(o, "reason", b->days[i].reason);
		cJSON_AddItemToArray(days, o);
		n = day_on(db, c->id, b->days[i].date, ids,
			   CLOSURE_CLASHES_MAX);
		for (k = 0; k < n; k++) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddNumberToObject(x, "day_id", (double)ids[k]);
			cJSON_AddStringToObject(x, "date", iso);
			cJSON_AddItemToArray(clashes, x);
		}
	}
	return root;
}

/* POST .../closures/preview: {"url": ...} or {"closures": [...]}; writes
 * nothing. */
int closure_api_preview(struct req *r)
{
	struct closure_batch b = {.source = "import"};
	const char *url = form_get(&r->form, "url");
	struct cohort c;
	char err[256] = "Angiv »url« eller »closures«.";
	int rc = closure_cohort(r, &c);

	if (rc)
		return rc;
	if (url)
		rc = closure_fetch(r, &c, url, &b, err, sizeof(err));
	else
		rc = closure_batch_from_json(r->json, &b);
	if (rc < 0) {
		closure_batch_free(&b);
		return http_invalid(r, url ? "url" : "closures", err);
	}
	rc = http_json(r, 200, closure_preview_json(r->db, &c, &b));
	closure_batch_free(&b);
	return rc;
}

/* The API's choices: "resolutions": [{"day_id": N, "action":
 * "cancel|move|keep", "date": "..."}]. */
static enum closure_action closure_json_choice(void *ctx, int64_t id,
					       date_t *to)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, (const cJSON *)ctx)
	{
		const cJSON *day = cJSON_GetObjectItemCaseSensitive(item,
								    "day_id");
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(item,
								  "action");
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(item, "date");

		if (!cJSON_IsNumber(day) || (int64_t)day->valuedouble != id ||
		    !cJSON_IsString(a))
			continue;
		if (strcmp(a->valuestring, "cancel") == 0)
			return CLOSURE_CANCEL;
		if (strcmp(a->valuestring, "keep") == 0)
			return CLOSURE_KEEP;
		if (strcmp(a->valuestring, "move") == 0 && cJSON_IsString(d) &&
		    date_parse_iso(d->valuestring, to) == 0)
			return CLOSURE_MOVE;
		return CLOSURE_NONE;
	}
	return CLOSURE_NONE;
}

int closure_api_apply(struct req *r)
{
	struct closure_batch b = {0};
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(r->json,
							    "resolutions");
	const char *source = form_get(&r->form, "source");
	const char *error = NULL;
	struct cohort c;
	int rc = closure_cohort(r, &c);

	if (rc)
		return rc;
	b.source = source && strcmp(source, "import") == 0 ? "import"
							    : "manual";
	if (closure_batch_from_json(r->json, &b) < 0) {
		closure_batch_free(&b);
		return http_invalid(r, "closures",
				    "Angiv lukkedage som "
				    "[{\"date\": \"ÅÅÅÅ-MM-DD\", \"reason\": "
				    "\"...\"}].");
	}
	rc = closure_commit(r, &c, &b, closure_json_choice,
			    (void *)(cJSON_IsArray(res) ? res : NULL), &error);
	closure_batch_free(&b);
	if (rc == 422)
		return http_invalid(r, "resolutions", error);
	if (rc)
		return http_error(r, rc, NULL);
	return closure_api_list(r);
}
