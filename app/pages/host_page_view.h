/*
 * host_page_view: the views of the host's pages (the page, the printout,
 * the closed link's page) and of the staff's panel: the internship as the
 * host sees it, the step-up plan as a table, the shared items of the
 * agreement guide, a week's form and the weeks written.
 */
#ifndef MESTRING_HOST_PAGE_VIEW_H
#define MESTRING_HOST_PAGE_VIEW_H

#include "date.h"
#include "host.h"

#include <stdbool.h>
#include <stddef.h>

struct db;
struct form;
struct view;

/* "4 t", "3,5 t", "0 t" of minutes into out. */
#define HOST_HOURS_LEN 32
const char *host_page_hours(int minutes, char out[HOST_HOURS_LEN]);

/* The internship of link, whom to contact and the link's last day, into
 * v ("intern" is the view's). */
void host_page_view_internship(struct view *v, const struct host_link *link);
/* The plan as rows of weeks ("weeks": week, monday, days with hours,
 * teaching and today marked, total, meeting) and the weekdays' names
 * ("weekdays"). */
void host_page_view_plan(struct view *v, const struct internship *i,
			 const struct stepup_plan *plan, date_t today);
/* The shared items of the guide ("shared_support", "shared_alarms",
 * "shared_company", each with its questions and lines), nothing of what
 * was not shared. */
void host_page_view_shared(struct view *v, const struct host_view *hv);

/* The weeks that have begun ("week_links"), and the form of week (1..) in
 * v: its planned days until today with their choices, the rating, text,
 * alarm signals and "ring til mig", filled from sent (a form sent back
 * with an error, or NULL) or else from what the week holds (prev, may be
 * NULL). */
void host_page_view_form(struct view *v, const struct internship *i,
			 const struct host_view *hv, int week, date_t today,
			 const struct form *sent,
			 const struct host_feedback_row *prev);

/* The weeks written, each as "feedback" items of v (week, monday, who,
 * rating, text lines, alarms, call_me, days). */
void host_page_view_week(struct view *v, const struct host_feedback_row *f);

#endif
