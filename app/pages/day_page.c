/*
 * day_page: course days on pages and in the API. The page's forms and the
 * API's JSON go through the same two readers (an edit, a day added) into
 * the domain's structs, and through course.h into the database.
 */
#include "day_page.h"

#include "cohort.h"
#include "cohort_load.h"
#include "course.h"
#include "day.h"
#include "day_view.h"
#include "db.h"
#include "http.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Loads the path's day and its cohort as r's user may see them; when
 * manage, only for who may change them. 0, or the status already sent. */
static int day_load(struct req *r, struct day *d, struct cohort *c, bool manage)
{
	struct actor a = http_actor(r);
	int rc = day_get(r->db, &a, r->params[0], d, c);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	if (manage && !cohort_may_manage(&a, c))
		return cohort_load_refuse(r);
	return 0;
}

/* The readers. */

/* The edit form, the same names on the page and in the API. */
static const struct form_spec day_form[] = {
	{"date", "Dato", FIELD_DATE, false, 0, 0, NULL},
	{"start", "Starttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"end", "Sluttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"title", "Titel", FIELD_TEXT, false, 0, 200, NULL},
	{"note", "Note", FIELD_TEXTAREA, false, 0, 2000, NULL},
	{"status", "Status", FIELD_ENUM, false, 0, 0, day_statuses},
	{"cancel_reason", "Begrundelse", FIELD_TEXT, false, 0, 500, NULL},
	{"reason", "Begrundelse", FIELD_TEXT, false, 0, 500, NULL},
};
enum {
	DF_DATE,
	DF_START,
	DF_END,
	DF_TITLE,
	DF_NOTE,
	DF_STATUS,
	DF_CANCEL,
	DF_REASON,
	DF__N
};

/* An edit read from a form, and the values its texts point into. */
struct day_page_edit {
	struct form_value v[DF__N];
	struct day_edit e;
};

/*
 * Reads the edit of day d from f: the fields given change ("status" as
 * the page's status says, or as status says when not DAY_KEEP). An end of
 * 24:00 is not a FIELD_TIME, so days end by 23:59 at the latest. 0 (free
 * out->v with form_values_free), or -1 with *bad.
 */
static int day_page_read(const struct form *f, const struct day *d,
			 enum day_status_change status,
			 struct day_page_edit *out, struct form_invalid *bad)
{
	const struct form_value *v = out->v;
	struct day_edit *e = &out->e;

	if (form_validate(f, day_form, DF__N, out->v, bad) < 0)
		return -1;
	memset(e, 0, sizeof(*e));
	e->start = v[DF_START].present ? (int)v[DF_START].i : -1;
	e->end = v[DF_END].present ? (int)v[DF_END].i : -1;
	if (v[DF_DATE].present)
		e->date = (date_t)v[DF_DATE].i;
	if (form_get(f, "title"))
		e->title = v[DF_TITLE].s;
	if (form_get(f, "note"))
		e->note = v[DF_NOTE].s;
	e->reason = v[DF_CANCEL].present ? v[DF_CANCEL].s : v[DF_REASON].s;
	if (v[DF_STATUS].present) {
		bool was = strcmp(d->status, "cancelled") == 0;
		bool want = strcmp(v[DF_STATUS].s, "cancelled") == 0;

		e->status = want && !was   ? DAY_CANCEL
			    : !want && was ? DAY_RESTORE
					   : DAY_KEEP;
	}
	if (status != DAY_KEEP)
		e->status = status;
	return 0;
}

static const struct form_spec day_add_form[] = {
	{"date", "Dato", FIELD_DATE, true, 0, 0, NULL},
	{"start", "Starttidspunkt", FIELD_TIME, true, 0, 0, NULL},
	{"end", "Sluttidspunkt", FIELD_TIME, true, 0, 0, NULL},
	{"kind", "Type", FIELD_ENUM, true, 0, 0, day_added_kinds},
	{"title", "Titel", FIELD_TEXT, false, 0, 200, NULL},
};
enum { DA_DATE, DA_START, DA_END, DA_KIND, DA_TITLE, DA__N };

/* Reads the day the form adds and adds it to cohort c. An enum result
 * with *id or *bad. */
static int day_page_add_to(struct req *r, const struct cohort *c, int64_t *id,
			   struct form_invalid *bad)
{
	struct actor a = http_actor(r);
	struct form_value v[DA__N];
	struct day_input in;
	struct db *w;
	int rc;

	if (form_validate(&r->form, day_add_form, DA__N, v, bad) < 0)
		return RESULT_INVALID;
	in.date = (date_t)v[DA_DATE].i;
	in.start = (int)v[DA_START].i;
	in.end = (int)v[DA_END].i;
	in.kind = v[DA_KIND].s;
	in.title = v[DA_TITLE].s;
	w = db_writer_lock();
	rc = course_day_add(w, &a, c, &in, id, bad);
	db_writer_unlock(w);
	form_values_free(v, DA__N);
	return rc;
}

/* The page. */

static void day_history_view(void *ctx, const struct day_history *h)
{
	struct view *v = view_add(ctx, "history");
	char when[32], t1[6], t2[6], iso[DATE_ISO_LEN + 1];
	time_t at = (time_t)h->at;
	struct tm tm;

	localtime_r(&at, &tm);
	strftime(when, sizeof(when), "%d.%m.%Y %H:%M", &tm);
	view_set(v, "at", when);
	view_set(v, "actor", h->actor);
	if (day_change_label(h->change))
		view_set(v, "change", day_change_label(h->change));
	if (h->old_date) {
		date_format_iso(h->old_date, iso);
		date_format_hhmm(h->old_start, t1);
		date_format_hhmm(h->old_end, t2);
		view_setf(v, "before", "%s %s-%s", iso, t1, t2);
	}
	date_format_iso(h->new_date, iso);
	date_format_hhmm(h->new_start, t1);
	date_format_hhmm(h->new_end, t2);
	view_setf(v, "after", "%s %s-%s", iso, t1, t2);
	view_set(v, "reason", h->reason);
}

static int day_render(struct req *r, int status, const struct day *d,
		      const struct cohort *c, const char *error)
{
	struct actor a = http_actor(r);
	struct view *v = view_new();
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Kursusdag");
	day_view_row(v, d);
	view_set(v, "day_title", d->title);
	view_set_int(v, "cohort_id", c->id);
	view_set(v, "cohort_name", c->name);
	view_set(v, "error", error);
	view_set_bool(v, "may_manage", cohort_may_manage(&a, c));
	/* The day's instructors and project leaders take attendance;
	 * attendance.c checks it is their cohort. */
	view_set_bool(v, "may_mark",
		      strcmp(d->status, "cancelled") != 0 &&
			      (a.role == ROLE_INSTRUCTOR ||
			       a.role == ROLE_PROJECT_LEADER));
	view_set_bool(v, "saved", http_query(r, "saved") != NULL);
	view_list(v, "history");
	rc = day_history_each(r->db, d->id, day_history_view, v) < 0
		     ? http_error(r, 500, NULL)
		     : http_page(r, status, "day.html", v);
	view_free(v);
	return rc;
}

int day_page_show(struct req *r)
{
	struct day d;
	struct cohort c;
	int rc = day_load(r, &d, &c, false);

	return rc ? rc : day_render(r, 200, &d, &c, NULL);
}

static int day_page_saved(struct req *r, int64_t id)
{
	char loc[64];

	snprintf(loc, sizeof(loc), "/days/%lld?saved=1", (long long)id);
	return http_redirect(r, loc);
}

/* The page's edits: every form posts to its own route, which says what
 * kind of change it is. */
static int day_page_change(struct req *r, enum day_status_change status)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct day_page_edit in;
	struct day d;
	struct cohort c;
	struct db *w;
	int rc = day_load(r, &d, &c, true);

	if (rc)
		return rc;
	if (day_page_read(&r->form, &d, status, &in, &bad) < 0)
		return day_render(r, 422, &d, &c, bad.message);
	w = db_writer_lock();
	rc = course_day_change(w, &a, &c, &d, &in.e, &bad);
	db_writer_unlock(w);
	form_values_free(in.v, DF__N);
	if (rc == RESULT_INVALID)
		return day_render(r, 422, &d, &c, bad.message);
	if (rc != RESULT_OK)
		return http_result(r, rc, &bad);
	return day_page_saved(r, d.id);
}

int day_page_update(struct req *r)
{
	return day_page_change(r, DAY_KEEP);
}

int day_page_cancel(struct req *r)
{
	return day_page_change(r, DAY_CANCEL);
}

int day_page_restore(struct req *r)
{
	return day_page_change(r, DAY_RESTORE);
}

int day_page_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct cohort c;
	int64_t id = 0;
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	rc = day_page_add_to(r, &c, &id, &bad);
	return rc ? http_result(r, rc, &bad) : day_page_saved(r, id);
}

/* The API. */

static void day_json_history(void *ctx, const struct day_history *h)
{
	cJSON *o = cJSON_CreateObject();
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(h->new_date, iso);
	cJSON_AddNumberToObject(o, "at", (double)h->at);
	cJSON_AddStringToObject(o, "actor", h->actor);
	cJSON_AddStringToObject(o, "change", h->change);
	cJSON_AddStringToObject(o, "date", iso);
	cJSON_AddStringToObject(o, "reason", h->reason);
	cJSON_AddItemToArray(ctx, o);
}

static void day_json_add(void *ctx, const struct day *d)
{
	cJSON_AddItemToArray(ctx, day_json(d));
}

int day_api_list(struct req *r)
{
	struct cohort c;
	cJSON *root;
	int rc = cohort_load(r, r->params[0], &c, false);

	if (rc)
		return rc;
	root = cJSON_CreateObject();
	if (day_list(r->db, c.id, day_json_add,
		     cJSON_AddArrayToObject(root, "days")) < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

/* Day id with its history, as it is now. */
static int day_api_answer(struct req *r, int status, int64_t id)
{
	struct actor a = http_actor(r);
	struct day d;
	struct cohort c;
	cJSON *o;
	int rc = day_get(r->db, &a, id, &d, &c);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	o = day_json(&d);
	if (day_history_each(r->db, d.id, day_json_history,
			     cJSON_AddArrayToObject(o, "history")) < 0) {
		cJSON_Delete(o);
		return http_error(r, 500, NULL);
	}
	return http_json(r, status, o);
}

int day_api_get(struct req *r)
{
	struct day d;
	struct cohort c;
	int rc = day_load(r, &d, &c, false);

	return rc ? rc : day_api_answer(r, 200, d.id);
}

int day_api_update(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct day_page_edit in;
	struct day d;
	struct cohort c;
	struct db *w;
	int rc = day_load(r, &d, &c, true);

	if (rc)
		return rc;
	if (day_page_read(&r->form, &d, DAY_KEEP, &in, &bad) < 0)
		return http_result(r, RESULT_INVALID, &bad);
	w = db_writer_lock();
	rc = course_day_change(w, &a, &c, &d, &in.e, &bad);
	db_writer_unlock(w);
	form_values_free(in.v, DF__N);
	return rc ? http_result(r, rc, &bad) : day_api_answer(r, 200, d.id);
}

int day_api_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct cohort c;
	int64_t id = 0;
	int rc = cohort_load(r, r->params[0], &c, true);

	if (rc)
		return rc;
	rc = day_page_add_to(r, &c, &id, &bad);
	return rc ? http_result(r, rc, &bad) : day_api_answer(r, 201, id);
}
