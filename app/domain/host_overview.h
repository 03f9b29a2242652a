/*
 * host_overview: what staff read across internships of the hosts'
 * feedback, as their viewer may see them: the start page's lists (weeks
 * without feedback, signals not yet seen, internships starting soon
 * without consent or plan, today's status meetings) and a cohort's week of
 * feedback for the CSV and XLSX exports, with the audit of an export.
 */
#ifndef MESTRING_HOST_OVERVIEW_H
#define MESTRING_HOST_OVERVIEW_H

#include "date.h"
#include "host_followup.h"
#include "internship.h"
#include "participant.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct cohort;
struct db;
struct form_invalid;

/* The most rows of each start-page list. */
#define HOST_OVERVIEW_MAX 50
/* How far ahead "starting soon" looks, in days. */
#define HOST_OVERVIEW_SOON_DAYS 14

/* One internship on the start page, with what the list says of it. */
struct host_overview_row {
	int64_t internship_id, participant_id;
	char participant[PARTICIPANT_TEXT(PARTICIPANT_NAME_MAX)];
	char company[INTERNSHIP_TEXT(800)];
	date_t start_on;
	int week; /* the plan's week (no feedback, signals) */
	/* Signals: */
	int64_t alert_id;
	enum host_alert_kind alert;
	int64_t alert_at;
	/* Starting soon: */
	bool no_consent, no_plan;
	/* Meetings: */
	int minute; /* -1: no time */
	char who[INTERNSHIP_TEXT(800)];
};

struct host_overview {
	struct host_overview_row *no_feedback, *alerts, *starting, *meetings;
	size_t nno_feedback, nalerts, nstarting, nmeetings;
};

/*
 * The start page's lists for a on today, each of internships a sees
 * (their participant at any access: a mentor their mentees'):
 *  - running (planned, trial, running, extended) with planned hours this
 *    week up to today and no feedback for the week;
 *  - signals (host_followup.h) of the last 30 days not marked seen,
 *    newest first;
 *  - planned, trial or postponed, starting within
 *    HOST_OVERVIEW_SOON_DAYS days, without the consent of the agreement
 *    guide's latest version or without hours in the plan;
 *  - today's status meetings, by time.
 * 0 (free with host_overview_free, also after -1) or -1.
 */
int host_overview_load(struct db *db, const struct actor *a, date_t today,
		       struct host_overview *o);
void host_overview_free(struct host_overview *o);
/* The participants of o's rows, once each, into ids (at most max): for
 * the audit of a list shown. How many. */
size_t host_overview_participants(const struct host_overview *o, int64_t *ids,
				  size_t max);

/* A cohort's week of feedback. */

/* The ISO week "2026-W10" into its Monday; -1 when it is not one. */
int host_overview_parse_week(const char *s, date_t *monday);

/* One internship of the week: its plan and what the host reported. */
struct host_overview_week_row {
	int64_t internship_id, participant_id;
	const char *participant, *company, *contact;
	enum internship_status status;
	int week;		/* the plan's week */
	int planned_min;	/* the week's planned minutes */
	bool feedback;		/* false: none in; the rest is empty */
	const char *written_by; /* the contact person who wrote it */
	int rating;		/* 0: none */
	const char *text;
	const char *alarms[16]; /* the signals seen, as the host saw them */
	size_t nalarms;
	bool call_me;
	int days[4];	/* as planned, fewer hours, sick, absent */
	int worked_min; /* of the days reported */
	int64_t updated_at;
};
typedef void (*host_overview_week_fn)(void *ctx,
				      const struct host_overview_week_row *r);

/*
 * The internships of cohort c (loaded for a) that touch the week of
 * monday, of participants a sees at WORK access or more, by participant's
 * name: fn once each, with the week's feedback when it is in. Mentors get
 * RESULT_REFUSED (they see no feedback across a cohort). RESULT_OK with
 * *rows (may be NULL) the number of rows, RESULT_REFUSED or RESULT_FAILED.
 */
int host_overview_week_each(struct db *db, const struct actor *a,
			    const struct cohort *c, date_t monday,
			    host_overview_week_fn fn, void *ctx, size_t *rows,
			    struct form_invalid *bad);

/*
 * Audits an export of file ("tilbagemeldinger.csv") of c's week of monday
 * by a: one row about the cohort and one per participant of ids[0..n), so
 * each citizen's access log shows it; committed on the writer w the caller
 * holds, before any byte leaves. 0 or -1.
 */
int host_overview_audit_export(struct db *w, const struct actor *a,
			       const struct cohort *c, date_t monday,
			       const int64_t *ids, size_t n, const char *file);

#endif
