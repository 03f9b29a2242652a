/*
 * host_followup: what follows a host's weekly feedback, as mail through
 * the outbox. A signal (absence without notice, an alarm signal seen,
 * "please call me", the host's stop) tells the citizen's consultant,
 * caseworker and mentor the same day; a week without feedback reminds the
 * host on its last planned internship day, again two working days later,
 * and then tells the consultant. Each mail goes once (host_alert,
 * host_reminder). No mail names the citizen or holds a CPR number or a
 * word on health: a sentence on what happened and a link to the
 * internship's page, which says the rest to those who may see it.
 */
#ifndef MESTRING_HOST_FOLLOWUP_H
#define MESTRING_HOST_FOLLOWUP_H

#include "date.h"
#include "result.h"
#include "stepup.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* The signals of a host, in host_alert.kind. */
enum host_alert_kind {
	HOST_ALERT_ABSENT,  /* a planned day absent without notice */
	HOST_ALERT_ALARM,   /* one of the consented alarm signals seen */
	HOST_ALERT_CALL_ME, /* "ring til mig" */
	HOST_ALERT_STOP,    /* the host said the internship stopped */
	HOST_ALERT__MAX
};
/* "absent", "alarm", "call_me", "stop", NULL. */
extern const char *const host_alert_names[HOST_ALERT__MAX + 1];
/* Danish, for staff pages: "Udeblevet uden afbud", ... */
extern const char *const host_alert_labels[HOST_ALERT__MAX];
/* enum host_alert_kind of a name, or -1. */
int host_alert_parse(const char *name);

/* The reminders of a week without feedback, in host_reminder.kind. */
enum host_reminder_kind {
	HOST_REMINDER_FIRST,	  /* the host, on the week's last planned day */
	HOST_REMINDER_SECOND,	  /* the host, two working days later */
	HOST_REMINDER_CONSULTANT, /* the consultant, the working day after */
	HOST_REMINDER__MAX
};
extern const char *const host_reminder_names[HOST_REMINDER__MAX + 1];

/* Weekdays that are not Saturday, Sunday or a public holiday. */
bool host_followup_working_day(date_t d);
/* The n-th working day after d (n >= 1). */
date_t host_followup_working_days_after(date_t d, int n);
/* The last day of week w with planned hours within start..end, or 0 when
 * the week has none. */
date_t host_followup_last_day(const struct stepup_week *w, date_t start,
			      date_t end);

/* What a run did. */
struct host_followup_counts {
	int alerts;    /* signals told (each to all its recipients) */
	int reminders; /* reminders to hosts */
	int told;      /* consultants told of a week without feedback */
	int mails;     /* mails queued in all */
};

/*
 * Does the follow-up due on today (the Copenhagen date) at now (seconds
 * since the epoch, for the rows' times): the signals of feedback and
 * stops of the last 14 days not yet told, and the reminders due for
 * weeks whose last planned day is in the last 14 days, one step per week
 * and run (a step never on the day of the step before it; the first from
 * noon of the last planned day). Idempotent: each mail goes once. Small
 * transactions of its own on the writer w the
 * caller holds (outside a transaction); wakes the outbox when it queued
 * mail. 0 (with *c, may be NULL) or -1.
 */
int host_followup_run(struct db *w, date_t today, int64_t now,
		      struct host_followup_counts *c);

/*
 * Marks alert id seen by a, who must see its internship's participant at
 * WORK access (or be the mentor). RESULT_OK, RESULT_NOT_FOUND (no such
 * alert or not a's to see) or RESULT_FAILED; already seen is OK. In one
 * transaction on the writer w the caller holds.
 */
int host_alert_mark_seen(struct db *w, const struct actor *a, int64_t id,
			 int64_t now);

#endif
