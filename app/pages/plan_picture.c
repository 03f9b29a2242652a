/*
 * plan_picture: the step-up plan as a picture. The geometry is worked out
 * here (SVG user units, about CSS pixels at full size); the markup is the
 * partial web/templates/plan_picture.html.
 */
#include "plan_picture.h"

#include "holiday.h"
#include "html.h"
#include "stepup.h"

#include <stdio.h>
#include <string.h>

/* The picture's columns: the week, five days, the week's hours. */
#define PP_LABEL_W 58
#define PP_DAY_W   56
#define PP_TOTAL_W 44
#define PP_HEAD_H  28
#define PP_ROW_H   24
#define PP_BAR_H   16
#define PP_WIDTH   (PP_LABEL_W + STEPUP_DAYS * PP_DAY_W + PP_TOTAL_W)
/* A full bar: the longest day of the plan, at least 8 hours. */
#define PP_FULL_MIN (8 * 60)

static const char *const pp_day_labels[STEPUP_DAYS] = {
	"Man", "Tir", "Ons", "Tor", "Fre",
};

static void pp_hours(struct view *v, const char *name, int minutes)
{
	char h[16];

	stepup_hours_text(minutes, h, sizeof(h));
	view_set(v, name, h);
}

static void pp_heads(struct view *pic, int teaching_weekday)
{
	struct view *h;
	int d;

	for (d = 0; d < STEPUP_DAYS; d++) {
		h = view_add(pic, "days");
		view_set_int(h, "x", PP_LABEL_W + d * PP_DAY_W + PP_DAY_W / 2);
		view_set(h, "label", pp_day_labels[d]);
		view_set(h, "name", date_weekday_name(d + 1));
		view_set_bool(h, "teaching", d + 1 == teaching_weekday);
	}
	if (teaching_weekday >= 1 && teaching_weekday <= STEPUP_DAYS) {
		view_set_bool(pic, "has_teaching", true);
		view_set_int(pic, "teaching_x",
			     PP_LABEL_W + (teaching_weekday - 1) * PP_DAY_W);
		view_set(pic, "teaching_name",
			 date_weekday_name(teaching_weekday));
	}
}

static void pp_meeting(struct view *row, const struct stepup_week *w)
{
	char da[DATE_DA_LEN], hhmm[6];

	if (w->meeting_on == 0)
		return;
	date_format_da_short(w->meeting_on, da, sizeof(da));
	if (w->meeting_min >= 0) {
		date_format_hhmm(w->meeting_min, hhmm);
		view_setf(row, "meeting", "%s kl. %s%s%s", da, hhmm,
			  w->meeting_who && *w->meeting_who ? ": " : "",
			  w->meeting_who ? w->meeting_who : "");
	} else {
		view_setf(row, "meeting", "%s%s%s", da,
			  w->meeting_who && *w->meeting_who ? ": " : "",
			  w->meeting_who ? w->meeting_who : "");
	}
}

static void pp_week(struct view *pic, const struct stepup_week *w, int y,
		    int full, date_t today, int teaching_weekday)
{
	struct view *row = view_add(pic, "weeks"), *cell;
	const char *holiday;
	date_t day;
	int d, x, yy, mm, dd;

	view_set_int(row, "week", w->week);
	view_set_int(row, "y", y);
	view_set_int(row, "text_y", y + PP_ROW_H / 2 + 5);
	date_to_civil(w->monday, &yy, &mm, &dd);
	view_setf(row, "monday", "%d/%d", dd, mm);
	view_set_bool(row, "this_week",
		      today >= w->monday &&
			      today <= date_add_days(w->monday, 6));
	pp_hours(row, "total", stepup_week_minutes(w));
	pp_meeting(row, w);
	for (d = 0; d < STEPUP_DAYS; d++) {
		cell = view_add(row, "cells");
		day = date_add_days(w->monday, d);
		x = PP_LABEL_W + d * PP_DAY_W;
		view_set_int(cell, "x", x + 3);
		view_set_int(cell, "y", y + (PP_ROW_H - PP_BAR_H) / 2);
		view_set_int(cell, "w", w->minutes[d] * (PP_DAY_W - 6) / full);
		view_set_bool(cell, "has", w->minutes[d] > 0);
		view_set_bool(cell, "teaching", d + 1 == teaching_weekday);
		/* A public holiday: shaded, and named in the table. */
		if (holiday_is(day, false, &holiday)) {
			view_set(cell, "holiday", holiday);
			view_set_int(cell, "cell_x", x + 1);
			view_set_int(cell, "cell_y", y + 1);
			view_set_bool(pic, "has_holiday", true);
		}
		view_set_bool(cell, "today", day == today);
		pp_hours(cell, "hours", w->minutes[d]);
		if (day == today) {
			view_set_bool(pic, "has_today", true);
			view_set_int(pic, "today_x", x + 1);
			view_set_int(pic, "today_y", y + 1);
		}
	}
}

int plan_picture_view(struct view *v, const struct stepup_plan *plan,
		      int teaching_weekday, date_t today)
{
	struct view *pic = view_add(v, "picture");
	char a[DATE_DA_LEN], b[DATE_DA_LEN], lo[16], hi[16];
	int full = PP_FULL_MIN, least = -1, most = 0, m, d, height;
	size_t k;

	for (k = 0; k < plan->n; k++) {
		m = stepup_week_minutes(&plan->weeks[k]);
		least = least < 0 || m < least ? m : least;
		most = m > most ? m : most;
		for (d = 0; d < STEPUP_DAYS; d++)
			if (plan->weeks[k].minutes[d] > full)
				full = plan->weeks[k].minutes[d];
	}
	height = PP_HEAD_H + (int)plan->n * PP_ROW_H + 4;
	view_set_int(pic, "width", PP_WIDTH);
	view_set_int(pic, "height", height);
	view_set_int(pic, "rows_h", (int)plan->n * PP_ROW_H);
	view_set_int(pic, "head_y", PP_HEAD_H - 9);
	view_set_int(pic, "total_x", PP_WIDTH - 4);
	view_set_int(pic, "bar_h", PP_BAR_H);
	view_set_int(pic, "cell_w", PP_DAY_W - 2);
	view_set_int(pic, "row_h", PP_ROW_H - 2);
	view_set_int(pic, "grid_y", PP_HEAD_H);
	view_set_bool(pic, "empty", plan->n == 0);
	view_list(pic, "weeks");
	pp_heads(pic, teaching_weekday);
	for (k = 0; k < plan->n; k++)
		pp_week(pic, &plan->weeks[k], PP_HEAD_H + (int)k * PP_ROW_H,
			full, today, teaching_weekday);
	if (plan->n > 0) {
		date_format_da(plan->weeks[0].monday, a, sizeof(a));
		date_format_da(
			date_add_days(plan->weeks[plan->n - 1].monday, 4), b,
			sizeof(b));
		stepup_hours_text(least, lo, sizeof(lo));
		stepup_hours_text(most, hi, sizeof(hi));
		view_setf(pic, "summary",
			  "Optrapningsplan i %zu uger fra %s til %s: fra %s "
			  "til %s timer om ugen.%s%s%s Tallene står i "
			  "tabellen under billedet.",
			  plan->n, a, b, lo, hi,
			  teaching_weekday >= 1 && teaching_weekday <= 5
				  ? " Undervisningsdagen, "
				  : "",
			  teaching_weekday >= 1 && teaching_weekday <= 5
				  ? date_weekday_name(teaching_weekday)
				  : "",
			  teaching_weekday >= 1 && teaching_weekday <= 5
				  ? ", er fri fra praktikken."
				  : "");
	}
	return view_failed(v) ? -1 : 0;
}

int plan_picture_render(struct buf *out, const struct stepup_plan *plan,
			int teaching_weekday, date_t today)
{
	struct view *v = view_new();
	int rc = -1;

	if (v != NULL &&
	    plan_picture_view(v, plan, teaching_weekday, today) == 0)
		rc = tpl_render(out, "plan_picture_only.html", v);
	view_free(v);
	return rc;
}
