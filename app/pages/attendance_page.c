/*
 * attendance_page: the day's attendance handlers. The page's form and the
 * API's list (made into the same fields) are read by attendance_read into
 * marks, which attendance_mark_day checks and saves; a refused page save
 * shows the page again with what was sent and why.
 */
#include "attendance_page.h"

#include "array.h"
#include "attendance.h"
#include "attendance_mark.h"
#include "day.h"
#include "day_view.h"
#include "db.h"
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reader. */

/* A mark's fields, one group per participant; "rest=present" marks the
 * rest. A group without a status is no mark (a line left alone). */
static const struct form_spec attendance_item_form[] = {
	{"status_", "Status", FIELD_TEXT, false, 0, 0, NULL},
	{"minutes_", "Minutter", FIELD_INT, false, 0, 0, NULL},
	{"note_", "Note", FIELD_TEXTAREA, false, 0, 0, NULL},
};
enum { AI_STATUS, AI_MINUTES, AI_NOTE, AI__N };

static const struct form_spec attendance_rest_form[] = {
	{"rest", "Resten", FIELD_TEXT, false, 0, 0, NULL},
};

/* What a save sent: the marks (their notes owned here) and the id of
 * every item read, in the order of the form. */
struct attendance_sent {
	const struct form *f;
	struct attendance_mark *marks;
	char **notes; /* marks[i].note, to free */
	size_t n, cap, notes_cap;
	int64_t *ids;
	size_t nids, ids_cap;
	bool rest_present;
	bool failed; /* out of memory */
};

static void attendance_sent_free(struct attendance_sent *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->notes[i]);
	free(s->notes);
	free(s->marks);
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

/* The form's field stem_<id>, or NULL. */
static const char *attendance_field(const struct form *f, const char *stem,
				    int64_t id)
{
	char name[48];

	snprintf(name, sizeof(name), "%s%lld", stem, (long long)id);
	return form_get(f, name);
}

static int attendance_read_item(void *ctx, long long id,
				const struct form_value *v,
				struct form_invalid *bad)
{
	struct attendance_sent *s = ctx;
	char *note = NULL;
	long k;

	k = ARRAY_PUSH(s->ids, s->nids, s->ids_cap);
	if (k < 0)
		goto nomem;
	s->ids[k] = id;
	if (attendance_field(s->f, "status_", id) == NULL)
		return 0;
	if (array_reserve((void **)&s->notes, &s->notes_cap, s->n + 1,
			  sizeof(*s->notes)) < 0 ||
	    (note = strdup(v[AI_NOTE].s)) == NULL)
		goto nomem;
	k = ARRAY_PUSH(s->marks, s->n, s->cap);
	if (k < 0)
		goto nomem;
	s->notes[k] = note;
	s->marks[k] = (struct attendance_mark){
		.participant_id = id,
		.status = attendance_status_parse(v[AI_STATUS].s),
		.minutes = v[AI_MINUTES].i,
		.note = note,
	};
	return 0;
nomem:
	free(note);
	s->failed = true;
	bad->field = NULL;
	snprintf(bad->message, sizeof(bad->message), "Der opstod en fejl.");
	return -1;
}

/*
 * Reads the marks of f (the page's form, or the API's list made into one)
 * into s. RESULT_OK; RESULT_INVALID with bad->field "status", "minutes",
 * "note" or "rest" (s->nids items were read before the one refused);
 * RESULT_FAILED.
 */
static int attendance_read(const struct form *f, struct attendance_sent *s,
			   struct form_invalid *bad)
{
	struct form_value rest;

	memset(s, 0, sizeof(*s));
	s->f = f;
	if (form_validate(f, attendance_rest_form, 1, &rest, bad) < 0)
		return RESULT_INVALID;
	s->rest_present = strcmp(rest.s, "present") == 0;
	form_values_free(&rest, 1);
	if (form_validate_items(f, attendance_item_form, NULL, AI__N,
				ATTENDANCE_ITEMS_MAX, attendance_read_item, s,
				bad) == 0)
		return RESULT_OK;
	if (s->failed)
		return RESULT_FAILED;
	/* Named as the marks' fields are. */
	if (bad->field && strcmp(bad->field, "minutes_") == 0) {
		bad->field = "minutes";
		snprintf(bad->message, sizeof(bad->message),
			 "Minutter skal være et helt tal, 0 eller mere.");
	} else if (bad->field && strcmp(bad->field, "note_") == 0) {
		bad->field = "note";
	} else {
		bad->field = "status";
	}
	return RESULT_INVALID;
}

/* Is name one of the fields of item id? */
static bool attendance_item_named(const char *name, int64_t id)
{
	char field[48];
	size_t k;

	for (k = 0; k < AI__N; k++) {
		snprintf(field, sizeof(field), "%s%lld",
			 attendance_item_form[k].name, (long long)id);
		if (strcmp(name, field) == 0)
			return true;
	}
	return false;
}

/*
 * The roster line whose minutes or note the reader refused: the line of
 * the first field of an item that was not read (items are read in the
 * order their fields first come). 0 when it is no line of ro.
 */
static int64_t attendance_refused_line(const struct form *f,
				       const struct attendance_sent *s,
				       const struct attendance_roster *ro)
{
	const char *name;
	size_t i, k, j;
	bool item;

	for (i = 0; i < f->n; i++) {
		name = f->fields[i].name;
		for (k = 0, item = false; k < AI__N && !item; k++)
			item = strncmp(name, attendance_item_form[k].name,
				       strlen(attendance_item_form[k].name)) ==
			       0;
		if (!item)
			continue;
		for (j = 0; j < s->nids; j++)
			if (attendance_item_named(name, s->ids[j]))
				break;
		if (j < s->nids)
			continue;
		for (j = 0; j < ro->n; j++)
			if (attendance_item_named(name, ro->lines[j].pid))
				return ro->lines[j].pid;
		return 0;
	}
	return 0;
}

/* Saves s's marks of day d as a. An enum result, with *bad_mark. */
static int attendance_save(const struct actor *a,
			   const struct attendance_day *d,
			   const struct attendance_sent *s, long *bad_mark,
			   struct form_invalid *bad)
{
	struct attendance_marks in = {s->marks, s->n, s->rest_present};
	struct db *w = db_writer_lock();
	int rc = attendance_mark_day(w, a, d->id, &in, bad_mark, bad);

	db_writer_unlock(w);
	return rc;
}

/* Loads the path's day for whom may mark it. 0, or the status sent. A
 * day of a cohort the user does not see is not there (404); seen but not
 * theirs to mark is a 403. */
static int attendance_load(struct req *r, const struct actor *a,
			   struct attendance_day *d)
{
	int rc = attendance_day_get(r->db, a, r->params[0], d);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	if (!d->may_mark)
		return http_error(r, 403, attendance_mark_refused);
	return 0;
}

/* The day page. */

/* What a refused save sent, to show again: the page's form, the line a
 * message is about (0: none), and the message. */
struct attendance_shown {
	const struct form *f;
	int64_t pid;
	const char *error;
};

static void attendance_view_day(struct view *v, const struct attendance_day *d)
{
	view_set_int(v, "id", d->id);
	view_set_int(v, "cohort_id", d->cohort_id);
	view_set(v, "cohort_name", d->cohort);
	day_view_when(v, d->date, d->start, d->end);
	view_set_int(v, "day_minutes", d->end - d->start);
	view_set(v, "kind_label", day_kind_label(d->kind));
	view_set(v, "day_title", d->title);
	view_set_bool(v, "cancelled", attendance_day_cancelled(d));
	view_set_bool(v, "future", attendance_day_future(d));
}

static void attendance_view_choices(struct view *lv,
				    const struct attendance_day *d,
				    const struct attendance_line *l, int shown)
{
	bool future = attendance_day_future(d);
	struct view *c;
	int s;

	for (s = 0; s < ATTENDANCE_STATUS__MAX; s++) {
		if (future && s != ATTENDANCE_ANNOUNCED && s != shown)
			continue;
		c = view_add(lv, "choices");
		view_set_int(c, "pid", l->pid);
		view_set(c, "value", attendance_status_names[s]);
		view_set(c, "label", attendance_status_label(s));
		view_setf(c, "input_id", "m%lld-%s", (long long)l->pid,
			  attendance_status_names[s]);
		view_set_bool(c, "checked", s == shown);
	}
}

static void attendance_view_not_enrolled(struct view *v,
					 const struct attendance_line *l)
{
	struct view *lv = view_add(v, "not_enrolled");
	char da[DATE_DA_LEN];

	view_set_int(lv, "pid", l->pid);
	view_set(lv, "name", l->name);
	view_set(lv, "label", ATTENDANCE_NOT_ENROLLED_LABEL);
	date_format_da_short(l->started_on, da, sizeof(da));
	view_set(lv, "started_da", da);
	if (l->ended_on) {
		date_format_da_short(l->ended_on, da, sizeof(da));
		view_set(lv, "ended_da", da);
	}
}

/* A line shows what was sent for it (after a refused save), else the
 * saved mark, else the absence announced ahead, else no choice. */
static void attendance_view_line(struct view *v, const struct attendance_day *d,
				 const struct attendance_line *l,
				 const struct attendance_shown *sh)
{
	const char *status = sh ? attendance_field(sh->f, "status_", l->pid)
				: NULL;
	const char *minutes, *note;
	char da[DATE_DA_LEN], last[DATE_DA_LEN];
	struct view *lv;
	int shown;

	if (!l->enrolled) {
		attendance_view_not_enrolled(v, l);
		return;
	}
	if (status)
		shown = attendance_status_parse(status);
	else if (l->marked)
		shown = (int)l->status;
	else
		shown = l->notice ? ATTENDANCE_ANNOUNCED : -1;
	lv = view_add(v, "participants");
	view_set_int(lv, "pid", l->pid);
	view_set(lv, "name", l->name);
	view_set(lv, "saved_label",
		 l->marked ? attendance_status_label(l->status) : "");
	view_set_bool(lv, "corrected", l->version > 1);
	view_set_int(lv, "version", l->version);
	if (status) {
		minutes = attendance_field(sh->f, "minutes_", l->pid);
		note = attendance_field(sh->f, "note_", l->pid);
		view_set(lv, "minutes", minutes ? minutes : "");
		view_set(lv, "note", note ? note : "");
	} else {
		if (l->marked && l->minutes > 0)
			view_set_int(lv, "minutes", l->minutes);
		else
			view_set(lv, "minutes", "");
		view_set(lv, "note", l->note);
	}
	view_set_bool(lv, "notice", l->notice != 0);
	view_set(lv, "notice_comment", l->comment);
	if (l->notice) {
		date_format_da_short(l->notice_first, da, sizeof(da));
		date_format_da_short(l->notice_last, last, sizeof(last));
		view_setf(lv, "notice_span", "%s – %s", da, last);
	}
	view_set(lv, "line_error", sh && sh->pid == l->pid ? sh->error : "");
	attendance_view_choices(lv, d, l, shown);
}

static int attendance_render(struct req *r, const struct actor *a, int status,
			     const struct attendance_day *d,
			     const struct attendance_roster *ro,
			     const struct attendance_shown *sh)
{
	struct view *v = view_new();
	size_t i, marked = 0, enrolled = 0;
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Fremmøde");
	attendance_view_day(v, d);
	view_list(v, "participants");
	view_list(v, "not_enrolled");
	for (i = 0; i < ro->n; i++) {
		attendance_view_line(v, d, &ro->lines[i], sh);
		enrolled += ro->lines[i].enrolled;
		marked += ro->lines[i].enrolled && ro->lines[i].marked;
	}
	view_set_bool(v, "has_not_enrolled", enrolled < ro->n);
	view_set_int(v, "enrolled", (long)enrolled);
	view_set_int(v, "marked", (long)marked);
	view_set_bool(v, "all_marked", enrolled > 0 && marked == enrolled);
	view_set_bool(v, "taken", ro->taken);
	view_set_bool(v, "saved", http_query(r, "saved") != NULL);
	view_set(v, "error", sh ? sh->error : "");
	if (view_failed(v) || attendance_roster_audit(a, d, ro) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "attendance.html", v);
	view_free(v);
	return rc;
}

/* The page with the day's roster as it is now, and sh when a save was
 * refused (422). */
static int attendance_show(struct req *r, const struct actor *a,
			   const struct attendance_day *d,
			   const struct attendance_shown *sh)
{
	struct attendance_roster ro;
	int rc;

	if (attendance_roster_get(r->db, d, &ro) != 0)
		return http_error(r, 500, NULL);
	rc = attendance_render(r, a, sh ? 422 : 200, d, &ro, sh);
	attendance_roster_free(&ro);
	return rc;
}

int attendance_page_day(struct req *r)
{
	struct actor a = http_actor(r);
	struct attendance_day d;
	int rc = attendance_load(r, &a, &d);

	return rc ? rc : attendance_show(r, &a, &d, NULL);
}

/* A refused page save: the page again with what was sent, and the line
 * the message is about: the mark the domain refused (bad_mark), or, when
 * the reader refused the form (form_level), the item it stopped at. */
static int attendance_refused(struct req *r, const struct actor *a,
			      const struct attendance_day *d,
			      const struct attendance_sent *s, long bad_mark,
			      bool form_level, const struct form_invalid *bad)
{
	struct attendance_shown sh = {&r->form, 0, bad->message};
	struct attendance_roster ro;
	int rc;

	if (attendance_roster_get(r->db, d, &ro) != 0)
		return http_error(r, 500, NULL);
	if (!form_level && bad_mark >= 0 && (size_t)bad_mark < s->n)
		sh.pid = s->marks[bad_mark].participant_id;
	else if (form_level && bad->field &&
		 (strcmp(bad->field, "minutes") == 0 ||
		  strcmp(bad->field, "note") == 0))
		sh.pid = attendance_refused_line(&r->form, s, &ro);
	rc = attendance_render(r, a, 422, d, &ro, &sh);
	attendance_roster_free(&ro);
	return rc;
}

int attendance_page_save(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct attendance_sent s;
	struct attendance_day d;
	bool form_level;
	long bad_mark = -1;
	char loc[64];
	int rc = attendance_load(r, &a, &d);

	if (rc)
		return rc;
	rc = attendance_read(&r->form, &s, &bad);
	form_level = rc != RESULT_OK;
	if (rc == RESULT_OK)
		rc = attendance_save(&a, &d, &s, &bad_mark, &bad);
	if (rc == RESULT_OK) {
		snprintf(loc, sizeof(loc), "/days/%lld/attendance?saved=1",
			 (long long)d.id);
		rc = http_redirect(r, loc);
	} else if (rc == RESULT_INVALID) {
		rc = attendance_refused(r, &a, &d, &s, bad_mark, form_level,
					&bad);
	} else {
		rc = http_result(r, rc, &bad);
	}
	attendance_sent_free(&s);
	return rc;
}

/* The API. */

static void attendance_json_date(cJSON *o, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(d, iso);
	cJSON_AddStringToObject(o, name, iso);
}

static cJSON *attendance_json_line(const struct attendance_line *l)
{
	cJSON *o = cJSON_CreateObject(), *n;

	cJSON_AddNumberToObject(o, "participant_id", (double)l->pid);
	cJSON_AddStringToObject(o, "name", l->name);
	cJSON_AddBoolToObject(o, "enrolled", l->enrolled);
	if (l->marked) {
		cJSON_AddStringToObject(o, "status",
					attendance_status_names[l->status]);
		cJSON_AddStringToObject(o, "status_label",
					attendance_status_label(l->status));
		cJSON_AddNumberToObject(o, "minutes", l->minutes);
		cJSON_AddStringToObject(o, "note", l->note);
		cJSON_AddNumberToObject(o, "version", l->version);
	} else {
		cJSON_AddNullToObject(o, "status");
		cJSON_AddStringToObject(
			o, "status_label",
			l->enrolled ? "" : ATTENDANCE_NOT_ENROLLED_LABEL);
	}
	if (l->notice) {
		n = cJSON_AddObjectToObject(o, "notice");
		cJSON_AddNumberToObject(n, "id", (double)l->notice);
		attendance_json_date(n, "first_date", l->notice_first);
		attendance_json_date(n, "last_date", l->notice_last);
		cJSON_AddStringToObject(n, "comment", l->comment);
	}
	return o;
}

static cJSON *attendance_json(const struct attendance_day *d,
			      const struct attendance_roster *ro)
{
	cJSON *root = cJSON_CreateObject(), *day, *list;
	size_t i;

	day = cJSON_AddObjectToObject(root, "day");
	cJSON_AddNumberToObject(day, "id", (double)d->id);
	cJSON_AddNumberToObject(day, "cohort_id", (double)d->cohort_id);
	day_json_when(day, d->date, d->start, d->end);
	cJSON_AddNumberToObject(day, "minutes", d->end - d->start);
	cJSON_AddStringToObject(day, "kind", d->kind);
	cJSON_AddStringToObject(day, "status", d->status);
	cJSON_AddStringToObject(day, "title", d->title);
	cJSON_AddBoolToObject(root, "taken", ro->taken);
	list = cJSON_AddArrayToObject(root, "roster");
	for (i = 0; i < ro->n; i++)
		cJSON_AddItemToArray(list, attendance_json_line(&ro->lines[i]));
	return root;
}

static int attendance_api_answer(struct req *r, const struct actor *a,
				 const struct attendance_day *d)
{
	struct attendance_roster ro;
	cJSON *j;

	if (attendance_roster_get(r->db, d, &ro) != 0)
		return http_error(r, 500, NULL);
	j = attendance_json(d, &ro);
	if (j == NULL || attendance_roster_audit(a, d, &ro) < 0) {
		cJSON_Delete(j);
		attendance_roster_free(&ro);
		return http_error(r, 500, NULL);
	}
	attendance_roster_free(&ro);
	return http_json(r, 200, j);
}

int attendance_api_day(struct req *r)
{
	struct actor a = http_actor(r);
	struct attendance_day d;
	int rc = attendance_load(r, &a, &d);

	return rc ? rc : attendance_api_answer(r, &a, &d);
}

static int attendance_api_refuse(struct form_invalid *bad, long *index, long i,
				 const char *field, const char *message)
{
	*index = i;
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

/* One mark of the list as the page's fields of its participant. */
static int attendance_api_item(const cJSON *el, long i, struct form *f,
			       long *index, struct form_invalid *bad)
{
	const cJSON *pid, *status, *minutes, *note;
	char name[48], num[32];
	int64_t id;

	if (!cJSON_IsObject(el))
		return attendance_api_refuse(bad, index, i, NULL,
					     "En markering skal være et "
					     "objekt.");
	pid = cJSON_GetObjectItemCaseSensitive(el, "participant_id");
	status = cJSON_GetObjectItemCaseSensitive(el, "status");
	minutes = cJSON_GetObjectItemCaseSensitive(el, "minutes");
	note = cJSON_GetObjectItemCaseSensitive(el, "note");
	if (!cJSON_IsNumber(pid) || pid->valuedouble < 1 ||
	    pid->valuedouble > 9007199254740991.0 ||
	    pid->valuedouble != (double)(int64_t)pid->valuedouble)
		return attendance_api_refuse(bad, index, i, "participant_id",
					     "Angiv deltagerens id.");
	id = (int64_t)pid->valuedouble;
	if (attendance_field(f, "status_", id))
		return attendance_api_refuse(bad, index, i, "participant_id",
					     "Deltageren er markeret to "
					     "gange.");
	if (minutes && !cJSON_IsNull(minutes) &&
	    (!cJSON_IsNumber(minutes) || minutes->valuedouble < -1e6 ||
	     minutes->valuedouble > 1e6 ||
	     minutes->valuedouble != (double)(long)minutes->valuedouble))
		return attendance_api_refuse(bad, index, i, "minutes",
					     "Minutter skal være et helt tal, "
					     "0 eller mere.");
	if (note && !cJSON_IsNull(note) && !cJSON_IsString(note))
		return attendance_api_refuse(bad, index, i, "note",
					     "Noten skal være tekst.");
	/* An unknown status, or none, is the domain's to refuse. */
	snprintf(name, sizeof(name), "status_%lld", (long long)id);
	if (form_add(f, name,
		     cJSON_IsString(status) ? status->valuestring : "") < 0)
		return RESULT_FAILED;
	if (cJSON_IsNumber(minutes)) {
		snprintf(name, sizeof(name), "minutes_%lld", (long long)id);
		snprintf(num, sizeof(num), "%ld", (long)minutes->valuedouble);
		if (form_add_json(f, name, num, FORM_ORIGIN_NUMBER) < 0)
			return RESULT_FAILED;
	}
	if (cJSON_IsString(note)) {
		snprintf(name, sizeof(name), "note_%lld", (long long)id);
		if (form_add(f, name, note->valuestring) < 0)
			return RESULT_FAILED;
	}
	return RESULT_OK;
}

/*
 * The API's body, [{"participant_id": N, "status": "...", "minutes": N,
 * "note": "..."}] (minutes and note may be left out or null), as the
 * page's form, in the list's order. RESULT_OK, RESULT_INVALID with *index
 * the mark (-1: the list), or RESULT_FAILED.
 */
static int attendance_api_form(const cJSON *json, struct form *f, long *index,
			       struct form_invalid *bad)
{
	const cJSON *el;
	long i = 0;
	int rc;

	if (!cJSON_IsArray(json))
		return attendance_api_refuse(bad, index, -1, NULL,
					     "Send en liste af markeringer.");
	if (cJSON_GetArraySize(json) > ATTENDANCE_ITEMS_MAX)
		return attendance_api_refuse(bad, index, -1, NULL,
					     "For mange markeringer på én "
					     "gang.");
	cJSON_ArrayForEach(el, json)
	{
		rc = attendance_api_item(el, i++, f, index, bad);
		if (rc != RESULT_OK)
			return rc;
	}
	return RESULT_OK;
}

/* 422 naming the mark and field ("1.status"), or the list's field. */
static int attendance_api_invalid(struct req *r, long index,
				  const struct form_invalid *bad)
{
	char field[48];

	if (index >= 0 && bad->field)
		snprintf(field, sizeof(field), "%ld.%s", index, bad->field);
	else if (index >= 0)
		snprintf(field, sizeof(field), "%ld", index);
	else
		snprintf(field, sizeof(field), "%s",
			 bad->field ? bad->field : "");
	return http_invalid(r, *field ? field : NULL, bad->message);
}

int attendance_api_save(struct req *r)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct attendance_sent s = {0};
	struct form f = FORM_INIT;
	struct attendance_day d;
	long index = -1;
	int rc = attendance_load(r, &a, &d);

	if (rc)
		return rc;
	rc = attendance_api_form(r->json, &f, &index, &bad);
	if (rc == RESULT_OK) {
		rc = attendance_read(&f, &s, &bad);
		/* Every mark of the list is an item, in its order. */
		if (rc == RESULT_INVALID)
			index = (long)s.nids;
	}
	if (rc == RESULT_OK)
		rc = attendance_save(&a, &d, &s, &index, &bad);
	attendance_sent_free(&s);
	form_free(&f);
	if (rc == RESULT_OK)
		return attendance_api_answer(r, &a, &d);
	if (rc == RESULT_INVALID)
		return attendance_api_invalid(r, index, &bad);
	return http_result(r, rc, &bad);
}
