/*
 * demo_people: the small demo's fictitious world as data: organisations,
 * staff, cohorts dated relative to today, the citizens on them, their
 * talks, aftercare and agreement guide, and the Danish sentences both
 * scales take in turn. demo_small.c plays them; nothing here acts.
 */
#ifndef MESTRING_DEMO_PEOPLE_H
#define MESTRING_DEMO_PEOPLE_H

#include <stddef.h>

#define DEMO_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct demo_org {
	const char *name, *kind;
};

extern const struct demo_org demo_orgs[];
extern const size_t demo_norgs;

struct demo_user {
	const char *email, *name, *role, *org;
};

/* One account per role, the ones the command prints for logging in. */
extern const struct demo_user demo_users[];
extern const size_t demo_nusers;
/* Staff beyond them, so cohorts have full teams. */
extern const struct demo_user demo_staff[];
extern const size_t demo_nstaff;

/*
 * A citizen of the demo, played through referral, visitation, start, what
 * happens after the start and outcomes, as far as the cohort's dates have
 * come today. decision: the visitation's (NULL: not yet visitated); fate:
 * completed, dropped_out or re_referred (the cohort's dates decide whether
 * it has happened yet); end and six: outcomes as "kind", "job:HOURS" or
 * "other:OTHER_KIND" (NULL: none).
 */
struct demo_person {
	const char *name, *cpr, *phone, *address;
	const char *barriers; /* comma-separated; "other" gets a text */
	const char *substance;
	const char *decision, *fate, *end, *six;
	const char *mentor;	/* e-mail, or NULL */
	const char *caseworker; /* e-mail; NULL: the cohort's */
};

/*
 * Cohorts in every phase, dated relative to today so the demo keeps showing
 * every phase whenever it is made. weeks_ago is when the first teaching day
 * falls (negative: in the future).
 */
struct demo_cohort {
	const char *name, *job_centre, *leader, *venue, *address;
	int weeks_ago;
	const char *state; /* "planning", "referral_open" or "cancelled" */
	const char *instructors[3], *mentors[2];
	const char *caseworker; /* who refers the citizens */
	const struct demo_person *people;
	size_t npeople;
};

extern const struct demo_cohort demo_cohorts[];
extern const size_t demo_ncohorts;

/* The provider every demo cohort is bought from. */
extern const char demo_provider[];
/* The enterprise consultant on every cohort's staff. */
extern const char demo_consultant[];
/* Why the cancelled cohort was cancelled. */
extern const char demo_cancel_reason[];

/*
 * Preparation talks, each held (or planned) by its own member of staff.
 * offset: days after the citizen's visitation.
 */
struct demo_talk {
	const char *participant, *kind, *staff, *place, *notes;
	int offset, start_min, end_min;
};

extern const struct demo_talk demo_talks[];
extern const size_t demo_ntalks;

/* Aftercare from the day after the internship, for weeks weeks, by the
 * citizen's caseworker. */
struct demo_aftercare {
	const char *participant, *caseworker;
	int level, with_mentor, weeks;
	const char *notes;
};

extern const struct demo_aftercare demo_aftercares[];
extern const size_t demo_naftercares;

/* One signed internship agreement guide, by the enterprise consultant ten
 * days after the visitation: its citizen and its answers, indexed by enum
 * agreement_answer (agreement.h). */
extern const char demo_agreement_citizen[];
extern const char *const demo_agreement_answers[];

/* Short Danish sentences, taken in turn (and at random by the national
 * scale). */
extern const char *const demo_reasons[];
extern const size_t demo_nreasons;
extern const char *const demo_wishes[];
extern const size_t demo_nwishes;
extern const char *const demo_visit_notes[];
extern const size_t demo_nvisit_notes;

#endif
