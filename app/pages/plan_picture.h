/*
 * plan_picture: the picture of a step-up plan, weeks by weekdays with the
 * hours as bars, the teaching day and today marked, drawn as inline SVG
 * that scales to a phone's width, with a table of the same numbers as its
 * text alternative (for screen readers and print). Made by the template
 * partial plan_picture.html from a view this module fills, so every text
 * in it is escaped by the template engine.
 */
#ifndef MESTRING_PLAN_PICTURE_H
#define MESTRING_PLAN_PICTURE_H

#include "buf.h"
#include "date.h"

struct stepup_plan;
struct view;

/*
 * Adds the picture of plan to v as the single item of the list "picture",
 * for a template that says {{#picture}}{{>plan_picture.html}}{{/picture}}
 * (the internship page, the host's page). teaching_weekday 1..5 (0: none
 * marked); today is marked when it falls in the plan. 0, or -1 when v
 * failed.
 */
int plan_picture_view(struct view *v, const struct stepup_plan *plan,
		      int teaching_weekday, date_t today);

/*
 * The same picture and table as HTML appended to out (what the partial
 * renders), for a page not made from a template. 0 or -1.
 */
int plan_picture_render(struct buf *out, const struct stepup_plan *plan,
			int teaching_weekday, date_t today);

#endif
