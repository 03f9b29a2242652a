/*
 * demo_internships: the small demo's internships, played through the
 * domain calls the pages use. Each is a story (planned, trial, running,
 * ...) told on the dates of its citizen's cohort: the agreement guide
 * first (with the citizen's consent and what the host may see, where the
 * story needs consent), then the internship, its step-up plan with weekly
 * status meetings, and the steps of its timeline with their reasons. The
 * running internship of the agreement guide's citizen gets a host link
 * and a week of feedback that raised an alarm, and the follow-up job runs
 * once, as the server's would, so its mails and signals are queued.
 */
#include "demo_internships.h"

#include "actor.h"
#include "agreement.h"
#include "db.h"
#include "demo_common.h"
#include "demo_people.h"
#include "form.h"
#include "host.h"
#include "host_followup.h"
#include "internship.h"
#include "participant.h"
#include "stepup.h"
#include "stepup_plan.h"
#include "token.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum demo_internships_sql {
	DEMO_INTERN_SQL_CONTACT,
	DEMO_INTERN_SQL_PARTICIPANT,
	DEMO_INTERN_SQL__MAX
};

static const struct db_sql demo_intern_sql[DEMO_INTERN_SQL__MAX] = {
	[DEMO_INTERN_SQL_CONTACT] = {"SELECT c.id, k.id FROM company c JOIN "
				     "company_contact k ON k.company_id = "
				     "c.id WHERE c.name = ?1 AND k.name = ?2",
				     "tt"},
	[DEMO_INTERN_SQL_PARTICIPANT] = {"SELECT id FROM participant WHERE "
					 "name = ?1",
					 "t"},
};

/* What happens to an internship, on its cohort's dates. */
enum demo_story {
	DEMO_PLANNED,	 /* made with a plan; the phase is ahead */
	DEMO_POSTPONED,	 /* the start moved two weeks: not ready yet */
	DEMO_TRIAL,	 /* a few days' snuspraktik, starting in two weeks */
	DEMO_RUNNING,	 /* running since the phase began */
	DEMO_ALARM,	 /* running; last week's feedback raised an alarm */
	DEMO_EXTENDED,	 /* running, and extended four weeks today */
	DEMO_STOPPED,	 /* ended early by the host after two weeks */
	DEMO_ENDED,	 /* ran its course */
	DEMO_ENDED_LONG, /* extended eight weeks, then ended */
	DEMO_LEFT,	 /* ended early by the course: re-referred */
};

struct demo_internship {
	const char *participant;
	const char *staff; /* who makes it: the consultant or a caseworker */
	const char *company, *contact;
	enum demo_story story;
};

#define DEMO_THOMAS "sagsbehandler.thomas@demo.invalid"

static const struct demo_internship demo_internships[] = {
	/* Aarhus sensommer: in its internship phase now. */
	{"Noah Jakobsen", demo_consultant, "Aarhus Tømrer & Snedker ApS",
	 "Mette Dahl", DEMO_ALARM},
	{"Liva Dahl", demo_consultant, "Plejecenter Lyngbo", "Birthe Holm",
	 DEMO_RUNNING},
	{"Omar Farah", demo_consultant, "Bageriet Kornblomsten", "Hanne Kjær",
	 DEMO_TRIAL},
	{"Anna Thorsen", demo_consultant, "Dagligvarehuset Viby", "Lene Bruun",
	 DEMO_STOPPED},
	{"William Bang", DEMO_THOMAS, "Grøn Vækst Gartneri", "Søren Vinding",
	 DEMO_RUNNING},
	{"Asta Nygaard", demo_consultant, "Plejecenter Lyngbo", "Rasmus Friis",
	 DEMO_EXTENDED},
	{"Fatma Kaya", demo_consultant, "Dagligvarehuset Viby", "Ahmad Karimi",
	 DEMO_RUNNING},
	/* Odense efterår: its internship phase is ahead. */
	{"Agnes Riis", demo_consultant, "Plejecenter Lyngbo", "Birthe Holm",
	 DEMO_PLANNED},
	{"Mohammed Saleh", demo_consultant, "Dagligvarehuset Viby",
	 "Ahmad Karimi", DEMO_POSTPONED},
	/* Aarhus forår: over. */
	{"Mathias Kjeldsen", demo_consultant, "Dagligvarehuset Viby",
	 "Ahmad Karimi", DEMO_ENDED},
	{"Freja Mortensen", demo_consultant, "Plejecenter Lyngbo",
	 "Birthe Holm", DEMO_ENDED},
	{"Ahmed Hussein", demo_consultant, "Aarhus Tømrer & Snedker ApS",
	 "Kim Storm", DEMO_ENDED_LONG},
	{"Ida Lauridsen", demo_consultant, "Bageriet Kornblomsten",
	 "Hanne Kjær", DEMO_ENDED},
	{"Oliver Bertelsen", demo_consultant, "Grøn Vækst Gartneri",
	 "Søren Vinding", DEMO_ENDED},
	{"Sara Ali", demo_consultant, "Dagligvarehuset Viby", "Lene Bruun",
	 DEMO_ENDED},
	{"Mikkel Rasmussen", DEMO_THOMAS, "Plejecenter Lyngbo", "Rasmus Friis",
	 DEMO_ENDED},
	{"Yusuf Demir", demo_consultant, "Grøn Vækst Gartneri", "Søren Vinding",
	 DEMO_LEFT},
};

/* The guide's answers for the citizens of the stories, with alarm signals
 * one per line (what the host's form offers to tick). */
static const char *const demo_guide_answers[AGREEMENT_ANSWERS] = {
	[AGREEMENT_PURPOSE] = "Afprøve faste arbejdsopgaver og finde ud af, "
			      "hvor mange timer der er realistiske.",
	[AGREEMENT_HOURS] = "Starter med to dage á tre timer og trapper op "
			    "til fire dage á seks timer.",
	[AGREEMENT_SUPPORT_NEEDED] = "En fast kontaktperson og en kort "
				     "plan for hver dag.",
	[AGREEMENT_NETWORK_SUPPORT] = "Mentoren og en nær ven.",
	[AGREEMENT_SUPPORT_WHEN] = "Ved arbejdsdagens start og når "
				   "opgaverne skifter.",
	[AGREEMENT_ALARM_SIGNALS] = "Kommer for sent flere dage i træk.\n"
				    "Trækker sig fra pauserne.\n"
				    "Svarer ikke på beskeder.",
	[AGREEMENT_CRISIS_SUPPORT] = "Tage en rolig snak og ringe til "
				     "virksomhedskonsulenten.",
	[AGREEMENT_INTERNSHIP_WISHES] = "Praktiske opgaver med synlige "
					"resultater.",
	[AGREEMENT_COMPANY_WISHES] = "Et roligt team med faste rammer.",
	[AGREEMENT_HOST_MAY_KNOW] = "At borgeren har brug for en fast plan "
				    "og en rolig opstart.",
};

/* The agreement guide's own citizen (demo_people.c) keeps their answers;
 * a new version shares the items with the host and names the signals
 * one by one. */
static const char demo_guide_alarms[] = "Melder sig syg om mandagen.\n"
					"Trækker sig fra frokosten.\n"
					"Svarer ikke, når telefonen ringer.";

/* One internship as it is played. */
struct demo_play {
	const struct demo_internship *d;
	struct actor a, consultant;
	struct participant p;
	struct internship i; /* loaded: i.id 0 until it is made */
	bool loaded;
	int64_t company_id, contact_id;
	date_t today;
	int index; /* in demo_internships: spreads the meetings' times */
};

static int demo_intern_fail(const struct demo_play *x, const char *step, int rc,
			    const struct form_invalid *bad)
{
	fprintf(stderr, "mestring: demo internship of %s, %s: %d %s\n",
		x->d->participant, step, rc,
		rc == RESULT_INVALID || rc == RESULT_REFUSED ? bad->message
							     : "");
	return -1;
}

/* The last Monday to Friday on or before d. */
static date_t demo_weekday_before(date_t d)
{
	while (date_is_weekend(d))
		d = date_add_days(d, -1);
	return d;
}

/* The citizen, the company and its contact of x->d, as x->a sees them. */
static int demo_intern_find(struct demo_play *x)
{
	struct db *db = db_reader();
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	st = DB_BIND(db, &demo_intern_sql[DEMO_INTERN_SQL_CONTACT],
		     DB_TEXT(x->d->company), DB_TEXT(x->d->contact));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		x->company_id = sqlite3_column_int64(st, 0);
		x->contact_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW ||
	    db_scalar(db,
		      DB_BIND(db, &demo_intern_sql[DEMO_INTERN_SQL_PARTICIPANT],
			      DB_TEXT(x->d->participant)),
		      &id) != 0 ||
	    participant_get(db, &x->a, id, &x->p) != 0) {
		fprintf(stderr,
			"mestring: demo internship of %s at %s: "
			"missing\n",
			x->d->participant, x->d->company);
		return -1;
	}
	return 0;
}

/* (Re)loads the internship id and its participant as x->a sees them. */
static int demo_intern_load(struct demo_play *x, int64_t id)
{
	if (x->loaded)
		internship_free(&x->i);
	x->loaded = internship_get(db_reader(), &x->a, id, &x->i, &x->p) == 0;
	if (!x->loaded)
		fprintf(stderr, "mestring: demo internship %lld is missing\n",
			(long long)id);
	return x->loaded ? 0 : -1;
}

/*
 * A new version of the citizen's agreement guide by the consultant,
 * signed ten days before the internship phase (today at the latest); with
 * consent, every item is shared with the host. Without consent it is a
 * guide still being filled in.
 */
static int demo_intern_guide(struct demo_play *x, bool consent)
{
	struct agreement_input in = {.consent = consent, .share_given = true};
	struct form_invalid bad = {0};
	struct internship_draft dr;
	bool own = strcmp(x->d->participant, demo_agreement_citizen) == 0;
	struct participant p; /* as the consultant sees them */
	struct db *w;
	date_t on;
	int rc, version, k;

	/* The phase's start: the internship's default (its draft). */
	if (participant_get(db_reader(), &x->consultant, x->p.id, &p) != 0 ||
	    internship_draft(db_reader(), &x->consultant, &p, NULL, &dr) < 0)
		return -1;
	on = demo_min(x->today,
		      demo_weekday_before(date_add_days(dr.start_on, -10)));
	internship_draft_free(&dr);
	for (k = 0; k < AGREEMENT_ANSWERS; k++)
		in.answers[k] = own ? demo_agreement_answers[k]
				    : demo_guide_answers[k];
	if (own)
		in.answers[AGREEMENT_ALARM_SIGNALS] = demo_guide_alarms;
	for (k = 0; k < AGREEMENT_SHARES; k++)
		in.share[k] = consent;
	if (consent) {
		in.citizen_signed_on = on;
		in.consultant_id = x->consultant.user_id;
		in.consultant_signed_on = on;
	}
	w = db_writer_lock();
	rc = agreement_save(w, &x->consultant, &p, &in, &version, &bad);
	db_writer_unlock(w);
	return rc == RESULT_OK ? 0
			       : demo_intern_fail(x, "aftaleguide", rc, &bad);
}

/* The internship from start to end (0: the cohort's phase), purpose and
 * tasks from the guide. */
static int demo_intern_create(struct demo_play *x, date_t start, date_t end)
{
	struct internship_input in = {
		.company_id = x->company_id,
		.contact_id = x->contact_id,
		.start_on = start,
		.end_on = end,
	};
	struct form_invalid bad = {0};
	struct db *w = db_writer_lock();
	int64_t id = 0;
	int rc = internship_create(w, &x->a, &x->p, &in, &id, NULL, &bad);

	db_writer_unlock(w);
	if (rc != RESULT_OK)
		return demo_intern_fail(x, "praktik", rc, &bad);
	return demo_intern_load(x, id);
}

/*
 * The status meetings of plan's weeks that have none: the week's Tuesday
 * at a time of the internship's own, the current week's today when
 * today_too (so the consultant's start page lists it).
 */
static int demo_intern_meetings(struct demo_play *x, struct stepup_plan *plan,
				bool today_too)
{
	struct stepup_week *w;
	size_t k;

	for (k = 0; k < plan->n; k++) {
		w = &plan->weeks[k];
		if (w->meeting_on)
			continue;
		w->meeting_on = date_add_days(w->monday, 1);
		w->meeting_min = 9 * 60 + 30 * (x->index % 10);
		if (today_too && date_monday(x->today) == w->monday) {
			w->meeting_on = x->today;
			w->meeting_min = 13 * 60;
		}
		free(w->meeting_who);
		w->meeting_who = strdup("Borgeren, kontaktpersonen og "
					"virksomhedskonsulenten");
		if (w->meeting_who == NULL)
			return -1;
		/* The mixer board turned a notch now and then. */
		if (w->week % 4 == 3)
			w->dims[STEPUP_DIM_TASKS] = 1;
		if (w->week % 4 == 1 && w->week > 1)
			w->dims[STEPUP_DIM_RESPONSIBILITY] = 1;
	}
	return 0;
}

/* A plan generated from 2 days x 3 hours to 4 days x 6 hours over the
 * internship's dates, with weekly meetings; reason for a change of a
 * stored one. */
static int demo_intern_plan(struct demo_play *x, bool today_too,
			    const char *reason)
{
	static const struct stepup_pattern from = {2, 180}, to = {4, 360};
	struct form_invalid bad = {0};
	struct stepup_plan plan;
	struct db *w;
	int rc;

	rc = stepup_plan_draft(db_reader(), &x->i, &from, &to, x->today, &plan,
			       &bad);
	if (rc != RESULT_OK)
		return demo_intern_fail(x, "plan", rc, &bad);
	if (demo_intern_meetings(x, &plan, today_too) < 0) {
		stepup_plan_free(&plan);
		return -1;
	}
	w = db_writer_lock();
	rc = stepup_plan_save(w, &x->a, &x->p, &x->i, &plan, reason, &bad);
	db_writer_unlock(w);
	stepup_plan_free(&plan);
	if (rc != RESULT_OK)
		return demo_intern_fail(x, "plan", rc, &bad);
	return demo_intern_load(x, x->i.id);
}

/* A step of the timeline on day on. */
static int demo_intern_step(struct demo_play *x, struct internship_step *s)
{
	struct form_invalid bad = {0};
	struct db *w = db_writer_lock();
	int rc = internship_set_status(w, &x->a, &x->p, &x->i, s, NULL, &bad);

	db_writer_unlock(w);
	if (rc != RESULT_OK)
		return demo_intern_fail(x, internship_status_names[s->status],
					rc, &bad);
	return demo_intern_load(x, x->i.id);
}

static int demo_intern_start(struct demo_play *x)
{
	struct internship_step s = {
		.status = INTERNSHIP_RUNNING,
		.on = x->i.start_on,
		.reason = "Samtykke og optrapningsplan er på plads.",
		.ended_by = -1,
	};

	return demo_intern_step(x, &s);
}

/* The host's link for the contact person; token gets it. */
static int demo_intern_link(struct demo_play *x, char token[TOKEN_SIZE])
{
	struct form_invalid bad = {0};
	struct db *w = db_writer_lock();
	int rc = host_link_issue(w, &x->a, &x->p, &x->i, x->contact_id, token,
				 &bad);

	db_writer_unlock(w);
	return rc == RESULT_OK ? 0 : demo_intern_fail(x, "link", rc, &bad);
}

/*
 * The host's feedback of week through link: every planned day gone by as
 * planned, or, when alarm, the first absent without notice, the second
 * with fewer hours, the first shared alarm signal seen and "ring til
 * mig". 0, 1 when the week has no planned day gone by, or -1.
 */
static int demo_intern_week(struct demo_play *x, const struct host_link *link,
			    const struct stepup_plan *plan, int week,
			    bool alarm)
{
	struct host_feedback_input in = {.week = week, .rating = 4};
	struct form_invalid bad = {0};
	date_t monday = date_add_days(date_monday(x->i.start_on),
				      7 * (week - 1));
	struct host_day_input *day;
	struct db *w;
	int d, minutes, rc;

	for (d = 0; d < STEPUP_DAYS; d++) {
		date_t on = date_add_days(monday, d);

		minutes = stepup_day_minutes(plan, on);
		if (minutes <= 0 || on < x->i.start_on || on > x->i.end_on ||
		    on > x->today)
			continue;
		day = &in.days[in.ndays++];
		day->date = on;
		day->status = HOST_DAY_AS_PLANNED;
		if (alarm && in.ndays == 1)
			day->status = HOST_DAY_ABSENT;
		if (alarm && in.ndays == 2 && minutes > 60) {
			day->status = HOST_DAY_FEWER_HOURS;
			day->worked_min = minutes / 60 * 30;
		}
	}
	if (in.ndays == 0)
		return 1;
	in.text = "En god uge. Går til opgaverne og spørger, når noget er "
		  "uklart.";
	if (alarm) {
		in.rating = 2;
		in.text = "Udeblev den første dag uden at melde afbud og gik "
			  "tidligt hjem dagen efter. Virkede presset resten af "
			  "ugen.";
		in.alarms = 1u; /* the first shared signal */
		in.call_me = true;
	}
	w = db_writer_lock();
	rc = host_feedback_save(w, link, &in, x->today, "demo", NULL, &bad);
	db_writer_unlock(w);
	return rc == RESULT_OK
		       ? 0
		       : demo_intern_fail(x, "tilbagemelding", rc, &bad);
}

/*
 * The host's weekly feedback through their link up to last week: good
 * weeks, and the latest week with planned days gone by raising an alarm.
 */
static int demo_intern_feedback(struct demo_play *x, const char *token)
{
	struct stepup_plan plan = {0};
	struct host_link link;
	int week, rc = -1, last;

	memset(&link, 0, sizeof(link));
	if (host_link_find(db_reader(), token, &link) != HOST_LINK_VALID ||
	    stepup_plan_load(db_reader(), x->i.id, &plan) < 0) {
		fprintf(stderr, "mestring: demo host link of %s: not valid\n",
			x->d->participant);
		goto out;
	}
	/* The latest week before this one with planned days. */
	last = stepup_week_number(x->i.start_on, x->today) - 1;
	while (last >= 1 && demo_intern_week(x, &link, &plan, last, true) == 1)
		last--;
	if (last < 1) {
		fprintf(stderr,
			"mestring: demo internship of %s: no week "
			"for feedback\n",
			x->d->participant);
		goto out;
	}
	for (week = 1; week < last; week++)
		if (demo_intern_week(x, &link, &plan, week, false) < 0)
			goto out;
	rc = 0;
out:
	internship_free(&link.internship);
	stepup_plan_free(&plan);
	return rc;
}

/* Running: with the host's link, and for the alarm's story the feedback.
 */
static int demo_intern_running(struct demo_play *x, bool alarm)
{
	char token[TOKEN_SIZE];
	int rc;

	if (demo_intern_guide(x, true) < 0 || demo_intern_create(x, 0, 0) < 0 ||
	    demo_intern_plan(x, alarm, NULL) < 0 || demo_intern_start(x) < 0 ||
	    demo_intern_link(x, token) < 0)
		return -1;
	rc = alarm ? demo_intern_feedback(x, token) : 0;
	memset(token, 0, sizeof(token));
	return rc;
}

/* Extended by weeks weeks on day on, and the plan generated again over
 * the longer dates (the days gone by kept). */
static int demo_intern_extend(struct demo_play *x, date_t on, int weeks,
			      const char *reason)
{
	struct internship_step s = {
		.status = INTERNSHIP_EXTENDED,
		.on = on,
		.reason = reason,
		.ended_by = -1,
		.end_on = date_add_days(x->i.end_on, 7 * weeks),
	};

	if (demo_intern_step(x, &s) < 0)
		return -1;
	return demo_intern_plan(x, false, "Praktikken er forlænget.");
}

static int demo_intern_end_early(struct demo_play *x, date_t on, int by,
				 const char *reason)
{
	struct internship_step s = {
		.status = INTERNSHIP_ENDED_EARLY,
		.on = on,
		.reason = reason,
		.ended_by = by,
	};

	return demo_intern_step(x, &s);
}

static int demo_intern_end(struct demo_play *x)
{
	struct internship_step s = {
		.status = INTERNSHIP_ENDED,
		.on = x->i.end_on,
		.reason = "Praktikken er gennemført som planlagt.",
		.ended_by = -1,
	};

	if (x->i.end_on > x->today)
		return 0; /* its day has not come */
	return demo_intern_step(x, &s);
}

/* The stories that end, on the dates of a cohort that is over (or, for
 * the host's stop, two weeks into the phase). */
static int demo_intern_ending(struct demo_play *x)
{
	date_t on;

	if (demo_intern_guide(x, true) < 0 || demo_intern_create(x, 0, 0) < 0 ||
	    demo_intern_plan(x, false, NULL) < 0 || demo_intern_start(x) < 0)
		return -1;
	switch (x->d->story) {
	case DEMO_STOPPED:
		on = demo_min(demo_weekday_before(x->today),
			      demo_weekday(date_add_days(x->i.start_on, 9)));
		return demo_intern_end_early(
			x, on, INTERNSHIP_BY_HOST,
			"Virksomheden har mistet en stor ordre og kan ikke "
			"længere tilbyde faste opgaver.");
	case DEMO_LEFT:
		/* The day the citizen was re-referred (demo_small.c). */
		on = demo_min(demo_weekday_before(x->today),
			      demo_weekday(date_add_days(x->i.start_on, 10)));
		return demo_intern_end_early(
			x, on, INTERNSHIP_BY_COURSE,
			"Borgeren er henvist tilbage til jobcentret og "
			"stopper på forløbet.");
	case DEMO_ENDED_LONG:
		if (demo_intern_extend(
			    x, date_add_days(x->i.end_on, -7), 8,
			    "Borgeren er tæt på at kunne tage flere timer, og "
			    "virksomheden vil gerne forlænge med henblik på "
			    "ansættelse.") < 0)
			return -1;
		return demo_intern_end(x);
	default:
		return demo_intern_end(x);
	}
}

static int demo_intern_story(struct demo_play *x)
{
	struct internship_step s = {.ended_by = -1};
	date_t start;

	switch (x->d->story) {
	case DEMO_PLANNED:
	case DEMO_POSTPONED:
		if (demo_intern_guide(x, false) < 0 ||
		    demo_intern_create(x, 0, 0) < 0 ||
		    demo_intern_plan(x, false, NULL) < 0)
			return -1;
		if (x->d->story == DEMO_PLANNED)
			return 0;
		s.status = INTERNSHIP_POSTPONED;
		s.on = demo_weekday_before(x->today);
		s.weeks = 2;
		s.reason = "Borgeren har haft en svær periode og er ikke klar "
			   "til at starte endnu.";
		return demo_intern_step(x, &s);
	case DEMO_TRIAL:
		/* Snuspraktik this week; the internship proper starts the
		 * Monday after next. */
		start = date_add_days(date_monday(x->today), 14);
		if (demo_intern_guide(x, true) < 0 ||
		    demo_intern_create(x, start, 0) < 0 ||
		    demo_intern_plan(x, false, NULL) < 0)
			return -1;
		s.status = INTERNSHIP_TRIAL;
		s.on = demo_weekday_before(x->today);
		s.reason = "To dages snuspraktik for at se stedet, før "
			   "borgeren siger ja.";
		return demo_intern_step(x, &s);
	case DEMO_RUNNING:
		return demo_intern_running(x, false);
	case DEMO_ALARM:
		return demo_intern_running(x, true);
	case DEMO_EXTENDED:
		if (demo_intern_running(x, false) < 0)
			return -1;
		return demo_intern_extend(
			x, demo_weekday_before(x->today), 4,
			"Borgeren har brug for mere tid ved de fire dage, før "
			"timerne kan sættes op.");
	default:
		return demo_intern_ending(x);
	}
}

static int demo_intern_play(const struct demo_internship *d, int index,
			    const struct actor *consultant)
{
	struct demo_play x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.d = d;
	x.index = index;
	x.today = date_today();
	x.consultant = *consultant;
	if (demo_actor(d->staff, &x.a) < 0 || demo_intern_find(&x) < 0)
		return -1;
	rc = demo_intern_story(&x);
	if (x.loaded)
		internship_free(&x.i);
	return rc;
}

int demo_internships_add(void)
{
	struct host_followup_counts c;
	struct actor consultant;
	struct db *w;
	size_t k;
	int rc;

	if (demo_actor(demo_consultant, &consultant) < 0)
		return -1;
	for (k = 0; k < DEMO_LEN(demo_internships); k++)
		if (demo_intern_play(&demo_internships[k], (int)k,
				     &consultant) < 0)
			return -1;
	/* What the server's job would do next: the alarm's mails. */
	w = db_writer_lock();
	rc = host_followup_run(w, date_today(), (int64_t)time(NULL), &c);
	db_writer_unlock(w);
	if (rc < 0)
		fprintf(stderr, "mestring: demo follow-up failed\n");
	return rc;
}
