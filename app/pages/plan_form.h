/*
 * plan_form: the step-up plan's readers and loaders, shared by its page
 * (plan_page.c) and API (plan_api.c).
 */
#ifndef MESTRING_PLAN_FORM_H
#define MESTRING_PLAN_FORM_H

#include "date.h"

struct form;
struct form_invalid;
struct internship;
struct participant;
struct req;
struct stepup_pattern;
struct stepup_plan;
struct stepup_week;

/* The most changes the page and the API show. */
#define PLAN_HISTORY_MAX 200

/* A dimension's choices as the form and the API say them: index 0 is
 * down (-1), 1 hold, 2 up; NULL-ended. */
extern const char *const plan_turns[];

/*
 * A week of i's plan from f, the page's form or a week of the API's body
 * made into one: "week", "mon" .. "fri" (whole or half hours, "3,5" or
 * "3.5"), "dim_hours" .. "dim_intensity" (plan_turns), "meeting_on",
 * "meeting_time", "meeting_who", "version". Into *w with meeting_who
 * allocated (free it when not RESULT_OK too). RESULT_OK, or
 * RESULT_INVALID with *bad naming the week (and the day), RESULT_FAILED.
 */
int plan_week_read(const struct form *f, const struct internship *i,
		   struct stepup_week *w, struct form_invalid *bad);
/* A generation from f: "from_days", "from_hours", "to_days", "to_hours".
 * RESULT_OK or RESULT_INVALID. */
int plan_generate_read(const struct form *f, struct stepup_pattern *from,
		       struct stepup_pattern *to, struct form_invalid *bad);
/* "3", "3,5", "3.5" (or "" for 0) as minutes; -1 when not whole or half
 * hours. */
int plan_hours_parse(const char *s, int *minutes);
/* Sets *bad; RESULT_INVALID. */
int plan_invalid(struct form_invalid *bad, const char *field,
		 const char *message);
/* The Monday of week of i's plan. */
date_t plan_monday(const struct internship *i, int week);

/* The path's internship for r's viewer (with its participant). 0, or the
 * status sent (404, 500); internship_free *i after 0. */
int plan_load(struct req *r, struct internship *i, struct participant *p);
/* The same for a change: also 403 when r's user may not write it. */
int plan_load_for_change(struct req *r, struct internship *i,
			 struct participant *p);
/* stepup_plan_save under the writer, as r's user. An enum result. */
int plan_save(struct req *r, const struct participant *p,
	      const struct internship *i, const struct stepup_plan *plan,
	      const char *reason, struct form_invalid *bad);

#endif
