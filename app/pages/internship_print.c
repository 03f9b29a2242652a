/*
 * internship_print: the internship agreement as a page to print and sign.
 * It holds what the parties agree on and nothing more: the citizen's
 * name (no CPR number), the company and its contact person, the course's
 * organisations, purpose and tasks, the dates, the hours of each week of
 * the step-up plan and the teaching day off. Only a viewer who sees all
 * of the internship prints it; the read is audited before it is shown.
 */
#include "internship_print.h"

#include "cohort.h"
#include "db.h"
#include "http.h"
#include "internship_page.h"
#include "participant_load.h"
#include "stepup.h"

#include <stdio.h>
#include <stdlib.h>

/* Minutes as hours in Danish: "3", "2,5"; "" for none. */
static void internship_print_hours(int minutes, char *out, size_t len)
{
	if (minutes <= 0)
		snprintf(out, len, "–");
	else if (minutes % 60 == 0)
		snprintf(out, len, "%d", minutes / 60);
	else
		snprintf(out, len, "%d,%02d", minutes / 60,
			 (minutes % 60) * 100 / 60);
}

/* The plan's weeks, Monday to Friday, with the teaching day marked. */
static void internship_print_plan(struct view *v, const struct stepup_plan *pl,
				  int teaching_weekday)
{
	static const char *const days[STEPUP_DAYS] = {"Man", "Tir", "Ons",
						      "Tor", "Fre"};
	struct view *week, *day;
	char text[32], da[DATE_DA_LEN];
	size_t k;
	int d;

	for (d = 0; d < STEPUP_DAYS; d++) {
		day = view_add(v, "plan_days");
		view_set(day, "label", days[d]);
		view_set_bool(day, "teaching", d + 1 == teaching_weekday);
	}
	view_list(v, "plan_weeks");
	for (k = 0; k < pl->n; k++) {
		week = view_add(v, "plan_weeks");
		view_set_int(week, "week", pl->weeks[k].week);
		date_format_da_short(pl->weeks[k].monday, da, sizeof(da));
		view_set(week, "monday_da", da);
		for (d = 0; d < STEPUP_DAYS; d++) {
			day = view_add(week, "days");
			if (d + 1 == teaching_weekday) {
				view_set(day, "hours", "Undervisning");
				continue;
			}
			internship_print_hours(pl->weeks[k].minutes[d], text,
					       sizeof(text));
			view_set(day, "hours", text);
		}
		internship_print_hours(stepup_week_minutes(&pl->weeks[k]), text,
				       sizeof(text));
		view_set(week, "total", text);
	}
	view_set_bool(v, "has_plan", pl->n > 0);
}

int internship_page_print(struct req *r)
{
	struct actor a = http_actor(r);
	struct internship *i = calloc(1, sizeof(*i));
	struct stepup_plan plan = {0};
	struct participant p;
	struct cohort *c = calloc(1, sizeof(*c));
	struct view *v = NULL;
	int rc = i && c ? internship_for_request(r, i, &p)
			: http_error(r, 500, NULL);

	if (rc) {
		free(i);
		free(c);
		return rc;
	}
	if (!i->full) {
		rc = http_error(r, 403,
				"Praktikaftalen udskrives af dem, der arbejder "
				"med borgerens praktik.");
		goto out;
	}
	v = view_new();
	if (v == NULL || stepup_plan_load(r->db, i->id, &plan) < 0 ||
	    participant_cohort(r->db, &a, &p, c) < 0 ||
	    internship_audit_read(&a, &p, i, "print") < 0) {
		rc = http_error(r, 500, NULL);
		goto out;
	}
	view_set(v, "title", "Aftale om virksomhedspraktik");
	view_set_int(v, "id", p.id);
	view_set(v, "name", p.name);
	internship_view(v, i);
	view_set(v, "job_centre", c->job_centre);
	view_set(v, "provider", c->provider);
	view_set(v, "teaching_day", date_weekday_name(i->teaching_weekday));
	internship_print_plan(v, &plan, i->teaching_weekday);
	rc = view_failed(v) ? http_error(r, 500, NULL)
			    : http_page(r, 200, "internship_print.html", v);
out:
	stepup_plan_free(&plan);
	view_free(v);
	internship_free(i);
	free(i);
	free(c);
	return rc;
}
