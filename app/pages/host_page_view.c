/*
 * host_page_view: what the host's pages and the staff's panel show, built
 * into views. Only what host_view_load hands over reaches them: the
 * internship as a host may see it, the plan and the shared items.
 */
#include "host_page_view.h"

#include "agreement.h"
#include "form.h"
#include "html.h"

#include <stdio.h>
#include <string.h>

const char *host_page_hours(int minutes, char out[HOST_HOURS_LEN])
{
	if (minutes % 60 == 0)
		snprintf(out, HOST_HOURS_LEN, "%d t", minutes / 60);
	else if (minutes % 30 == 0)
		snprintf(out, HOST_HOURS_LEN, "%d,5 t", minutes / 60);
	else
		snprintf(out, HOST_HOURS_LEN, "%d t %d min", minutes / 60,
			 minutes % 60);
	return out;
}

static void host_page_date(struct view *v, const char *name, date_t d)
{
	char da[DATE_DA_LEN];

	if (d == 0 || date_format_da(d, da, sizeof(da)) < 0)
		da[0] = '\0';
	view_set(v, name, da);
}

static void host_page_short(struct view *v, const char *name, date_t d)
{
	char da[DATE_DA_LEN];

	if (d == 0 || date_format_da_short(d, da, sizeof(da)) < 0)
		da[0] = '\0';
	view_set(v, name, da);
}

void host_page_view_internship(struct view *v, const struct host_link *link)
{
	const struct internship *i = &link->internship;
	const char *day = date_weekday_name(i->teaching_weekday);

	view_set(v, "company", i->company);
	view_set(v, "workplace",
		 i->workplace_address[0] ? i->workplace_address
					 : i->company_address);
	view_set(v, "contact", link->contact);
	host_page_date(v, "start_da", i->start_on);
	host_page_date(v, "end_da", i->end_on);
	host_page_date(v, "expires_da", link->expires_on);
	view_set(v, "status",
		 (unsigned)i->status < INTERNSHIP_STATUS__MAX
			 ? internship_status_labels[i->status]
			 : "");
	view_set(v, "teaching_day", day ? day : "");
	view_set_bool(v, "stopped",
		      i->status == INTERNSHIP_ENDED ||
			      i->status == INTERNSHIP_ENDED_EARLY);
	view_set(v, "staff", link->staff);
	view_set(v, "staff_email", link->staff_email);
	view_set(v, "staff_organisation", link->staff_organisation);
	view_set_bool(v, "has_staff", link->staff[0] != '\0');
}

void host_page_view_plan(struct view *v, const struct internship *i,
			 const struct stepup_plan *plan, date_t today)
{
	char hours[HOST_HOURS_LEN], hhmm[6];
	struct view *row, *cell;
	size_t k;
	int d;

	for (d = 1; d <= STEPUP_DAYS; d++)
		view_set(view_add(v, "weekdays"), "name", date_weekday_name(d));
	view_list(v, "weeks");
	view_set_bool(v, "has_plan", plan->n > 0);
	for (k = 0; k < plan->n; k++) {
		const struct stepup_week *w = &plan->weeks[k];

		row = view_add(v, "weeks");
		view_set_int(row, "week", w->week);
		host_page_short(row, "monday", w->monday);
		view_set_bool(row, "current", date_monday(today) == w->monday);
		view_set(row, "row_class",
			 date_monday(today) == w->monday ? "current" : "");
		for (d = 0; d < STEPUP_DAYS; d++) {
			date_t day = date_add_days(w->monday, d);

			cell = view_add(row, "days");
			view_set_bool(cell, "teaching",
				      d + 1 == i->teaching_weekday);
			view_set(cell, "cell_class",
				 day == today ? "today" : "");
			view_set_bool(cell, "work", w->minutes[d] > 0);
			view_set(cell, "hours",
				 host_page_hours(w->minutes[d], hours));
		}
		view_set(row, "total",
			 host_page_hours(stepup_week_minutes(w), hours));
		if (w->meeting_on) {
			host_page_short(row, "meeting", w->meeting_on);
			if (w->meeting_min >= 0) {
				date_format_hhmm(w->meeting_min, hhmm);
				view_set(row, "meeting_time", hhmm);
			}
			view_set(row, "meeting_who", w->meeting_who);
		}
	}
}

/* One shared item: its questions and answers x (from..to) as "name". */
static void host_page_item(struct view *v, const char *name,
			   const struct host_view *hv, int from, int to)
{
	struct view *item, *q;
	int x;

	item = view_add(v, name);
	for (x = from; x <= to; x++) {
		q = view_add(item, "questions");
		view_set(q, "question", agreement_questions[x].question);
		view_lines(q, hv->shared.answers[x]);
	}
}

void host_page_view_shared(struct view *v, const struct host_view *hv)
{
	const struct agreement_host_view *s = &hv->shared;

	/* Each item only when the latest version shares it: its answers
	 * are NULL otherwise, and nothing of them is in v. */
	if (s->share[AGREEMENT_SHARE_SUPPORT] &&
	    s->answers[AGREEMENT_SUPPORT_NEEDED])
		host_page_item(v, "shared_support", hv,
			       AGREEMENT_SUPPORT_NEEDED,
			       AGREEMENT_SUPPORT_WHEN);
	if (s->share[AGREEMENT_SHARE_ALARMS] &&
	    s->answers[AGREEMENT_ALARM_SIGNALS])
		host_page_item(v, "shared_alarms", hv, AGREEMENT_ALARM_SIGNALS,
			       AGREEMENT_CRISIS_SUPPORT);
	if (s->share[AGREEMENT_SHARE_COMPANY] &&
	    s->answers[AGREEMENT_HOST_MAY_KNOW])
		host_page_item(v, "shared_company", hv, AGREEMENT_HOST_MAY_KNOW,
			       AGREEMENT_HOST_MAY_KNOW);
	view_set_bool(v, "shared_any",
		      s->answers[AGREEMENT_SUPPORT_NEEDED] ||
			      s->answers[AGREEMENT_ALARM_SIGNALS] ||
			      s->answers[AGREEMENT_HOST_MAY_KNOW]);
}

/* What day d of the form says: the status's name, and the minutes worked
 * (-1 when the form sent back says them), from sent or prev. */
static void host_page_day_given(const struct form *sent,
				const struct host_feedback_row *prev, int wd,
				date_t d, const char **status, int *worked)
{
	char name[32];
	const char *s;
	size_t k;

	*status = host_day_names[HOST_DAY_AS_PLANNED];
	*worked = 0;
	if (sent) {
		snprintf(name, sizeof(name), "status_%d", wd);
		s = form_get(sent, name);
		if (s && host_day_parse(s) >= 0)
			*status = s;
		*worked = -1;
		return;
	}
	for (k = 0; prev && k < prev->ndays; k++)
		if (prev->days[k].date == d) {
			*status = host_day_names[prev->days[k].status];
			*worked = prev->days[k].worked_min;
		}
}

/* The days of week from monday until today that the plan has hours on,
 * as "form_days". */
static void host_page_form_days(struct view *v, const struct internship *i,
				const struct host_view *hv, date_t monday,
				date_t today, const struct form *sent,
				const struct host_feedback_row *prev)
{
	char hours[HOST_HOURS_LEN], name[32], value[16];
	const char *status, *s;
	struct view *day, *opt;
	int wd, planned, worked, m;
	date_t d;

	view_list(v, "form_days");
	for (wd = 1; wd <= STEPUP_DAYS; wd++) {
		d = date_add_days(monday, wd - 1);
		planned = stepup_day_minutes(&hv->plan, d);
		if (planned <= 0 || d > today || d < i->start_on ||
		    d > i->end_on)
			continue;
		host_page_day_given(sent, prev, wd, d, &status, &worked);
		day = view_add(v, "form_days");
		view_set_int(day, "wd", wd);
		host_page_date(day, "date_da", d);
		view_set(day, "planned", host_page_hours(planned, hours));
		for (m = 0; m < HOST_DAY__MAX; m++) {
			opt = view_add(day, "statuses");
			view_set(opt, "value", host_day_names[m]);
			view_set(opt, "label", host_day_labels[m]);
			view_set_bool(opt, "selected",
				      strcmp(status, host_day_names[m]) == 0);
		}
		snprintf(name, sizeof(name), "hours_%d", wd);
		s = sent ? form_get(sent, name) : NULL;
		for (m = 30; m < planned; m += 30) {
			opt = view_add(day, "hours");
			snprintf(value, sizeof(value), "%d", m);
			view_set(opt, "value", value);
			view_set(opt, "label", host_page_hours(m, hours));
			view_set_bool(opt, "selected",
				      s ? strcmp(s, value) == 0 : worked == m);
		}
	}
}

/* How a week went, one to five. */
static const char *const host_page_ratings[5] = {
	"1 – Dårlig", "2 – Mindre godt", "3 – Middel",
	"4 – God",    "5 – Rigtig god",
};

void host_page_view_form(struct view *v, const struct internship *i,
			 const struct host_view *hv, int week, date_t today,
			 const struct form *sent,
			 const struct host_feedback_row *prev)
{
	date_t first = date_monday(i->start_on), monday;
	const char *s, *text = "";
	char name[32], label[64];
	struct view *item;
	int n, weeks = internship_weeks(i->start_on, i->end_on), rating = 0;
	size_t k, j;
	bool ticked;

	for (n = 1; n <= weeks; n++) {
		monday = date_add_days(first, 7 * (n - 1));
		if (monday > today)
			break;
		item = view_add(v, "week_links");
		view_set_int(item, "week", n);
		view_set_bool(item, "current", n == week);
		host_page_short(item, "monday", monday);
	}
	view_list(v, "week_links");
	monday = date_add_days(first, 7 * (week - 1));
	view_set_bool(v, "form_open",
		      week >= 1 && week <= weeks && monday <= today);
	view_set_int(v, "form_week", week);
	host_page_short(v, "form_monday", monday);
	host_page_short(v, "form_sunday", date_add_days(monday, 6));
	host_page_form_days(v, i, hv, monday, today, sent, prev);
	if (sent) {
		s = form_get(sent, "rating");
		rating = s && s[0] >= '1' && s[0] <= '5' && !s[1] ? s[0] - '0'
								  : 0;
		text = form_get(sent, "text");
	} else if (prev) {
		rating = prev->rating;
		text = prev->text;
	}
	for (n = 1; n <= 5; n++) {
		item = view_add(v, "ratings");
		view_set_int(item, "value", n);
		view_set(item, "label", host_page_ratings[n - 1]);
		view_set_bool(item, "checked", n == rating);
	}
	view_set(v, "text", text ? text : "");
	view_list(v, "alarms");
	for (k = 0; k < hv->nalarms; k++) {
		item = view_add(v, "alarms");
		snprintf(name, sizeof(name), "alarm_%zu", k + 1);
		view_set(item, "name", name);
		view_set(item, "text", hv->alarms[k]);
		ticked = false;
		if (sent) {
			s = form_get(sent, name);
			ticked = s && *s && strcmp(s, "0") != 0;
		} else {
			for (j = 0; prev && j < prev->nalarms; j++)
				ticked = ticked || strcmp(prev->alarms[j],
							  hv->alarms[k]) == 0;
		}
		view_set_bool(item, "checked", ticked);
	}
	s = sent ? form_get(sent, "call_me") : NULL;
	view_set_bool(v, "call_me",
		      sent ? s && *s && strcmp(s, "0") != 0
			   : prev && prev->call_me);
	snprintf(label, sizeof(label), "Uge %d", week);
	view_set(v, "form_label", label);
}

void host_page_view_week(struct view *v, const struct host_feedback_row *f)
{
	struct view *w = view_add(v, "feedback"), *d;
	char hours[HOST_HOURS_LEN], planned[HOST_HOURS_LEN], when[DATE_DA_LEN];
	size_t k;

	view_set_int(w, "week", f->week);
	host_page_short(w, "monday", f->monday);
	host_page_short(w, "sunday", date_add_days(f->monday, 6));
	view_set(w, "contact", f->contact);
	view_set_int(w, "rating", f->rating);
	view_lines(w, f->text);
	view_set_bool(w, "call_me", f->call_me);
	if (date_format_da_moment(f->updated_at, when, sizeof(when)) < 0)
		when[0] = '\0';
	view_set(w, "updated", when);
	view_list(w, "alarms");
	for (k = 0; k < f->nalarms; k++)
		view_set(view_add(w, "alarms"), "text", f->alarms[k]);
	view_list(w, "days");
	for (k = 0; k < f->ndays; k++) {
		d = view_add(w, "days");
		host_page_date(d, "date_da", f->days[k].date);
		view_set(d, "status", host_day_labels[f->days[k].status]);
		view_set(d, "worked",
			 host_page_hours(f->days[k].worked_min, hours));
		view_set(d, "planned",
			 host_page_hours(f->days[k].planned_min, planned));
		view_set_bool(d, "fewer",
			      f->days[k].status == HOST_DAY_FEWER_HOURS);
	}
}
