/*
 * day_view: course days as views and JSON.
 */
#include "day_view.h"

#include "day.h"
#include "html.h"

#include <cjson/cJSON.h>
#include <string.h>

void day_view_when(struct view *v, date_t date, int start, int end)
{
	char iso[DATE_ISO_LEN + 1], da[DATE_DA_LEN], t[6];

	date_format_iso(date, iso);
	view_set(v, "date", iso);
	date_format_da(date, da, sizeof(da));
	view_set(v, "date_da", da);
	date_format_hhmm(start, t);
	view_set(v, "start", t);
	date_format_hhmm(end, t);
	view_set(v, "end", t);
}

void day_json_when(cJSON *o, date_t date, int start, int end)
{
	char iso[DATE_ISO_LEN + 1], t[6];

	date_format_iso(date, iso);
	cJSON_AddStringToObject(o, "date", iso);
	date_format_hhmm(start, t);
	cJSON_AddStringToObject(o, "start", t);
	date_format_hhmm(end, t);
	cJSON_AddStringToObject(o, "end", t);
}

void day_view_row(struct view *v, const struct day *d)
{
	view_set_int(v, "id", d->id);
	day_view_when(v, d->date, d->start, d->end);
	view_set(v, "kind", d->kind);
	view_set(v, "kind_label", day_kind_label(d->kind));
	view_set(v, "status", d->status);
	view_set(v, "status_label", day_status_label(d->status));
	view_set_bool(v, "cancelled", strcmp(d->status, "cancelled") == 0);
	view_set(v, "title", d->title);
	view_set(v, "note", d->note);
	view_set(v, "cancel_reason", d->cancel_reason);
	view_set_int(v, "sequence", d->sequence);
}

cJSON *day_json(const struct day *d)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)d->id);
	cJSON_AddNumberToObject(o, "cohort_id", (double)d->cohort_id);
	day_json_when(o, d->date, d->start, d->end);
	cJSON_AddStringToObject(o, "kind", d->kind);
	cJSON_AddStringToObject(o, "status", d->status);
	cJSON_AddStringToObject(o, "title", d->title);
	cJSON_AddStringToObject(o, "note", d->note);
	if (strcmp(d->status, "cancelled") == 0)
		cJSON_AddStringToObject(o, "cancel_reason", d->cancel_reason);
	cJSON_AddNumberToObject(o, "sequence", d->sequence);
	return o;
}

static void day_view_add(void *ctx, const struct day *d)
{
	day_view_row(view_add(ctx, "days"), d);
}

int day_view_list(struct db *db, int64_t cohort_id, struct view *v)
{
	view_list(v, "days");
	return day_list(db, cohort_id, day_view_add, v);
}
