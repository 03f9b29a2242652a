/*
 * day_view: a course day as every page and API answer shows it (the day
 * page, the cohort page, the attendance pages).
 */
#ifndef MESTRING_DAY_VIEW_H
#define MESTRING_DAY_VIEW_H

#include "date.h"

#include <stdint.h>

struct cJSON;
struct day;
struct db;
struct view;

/* Sets a day's "date" (ISO), "date_da", "start" and "end" (HH:MM) on v. */
void day_view_when(struct view *v, date_t date, int start, int end);
/* The same as the JSON members "date", "start" and "end" of o. */
void day_json_when(struct cJSON *o, date_t date, int start, int end);

/* A day's fields on v: id, when, kind, status (and their labels),
 * cancelled, title, note, cancel_reason, sequence. */
void day_view_row(struct view *v, const struct day *d);
/* The day as the API's JSON object. */
struct cJSON *day_json(const struct day *d);

/* Adds the list "days" to v for the cohort page. 0 or -1. */
int day_view_list(struct db *db, int64_t cohort_id, struct view *v);

#endif
