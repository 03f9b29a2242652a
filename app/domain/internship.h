/*
 * internship: a participant's company internship ("virksomhedspraktik"):
 * the host company and its contact person, the workplace, purpose and
 * tasks (sealed), the dates, and a status timeline (planned, trial,
 * running, postponed, extended, ended, ended early) with the rules of each
 * step. A renewal is a new internship linked to the one it continues; the
 * weeks of such a chain count together against the rules' maximums. The
 * step-up plan of an internship is stepup.h.
 */
#ifndef MESTRING_INTERNSHIP_H
#define MESTRING_INTERNSHIP_H

#include "date.h"
#include "participant.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

enum internship_status {
	INTERNSHIP_PLANNED,
	INTERNSHIP_TRIAL, /* "snuspraktik": a few days to see the place */
	INTERNSHIP_RUNNING,
	INTERNSHIP_POSTPONED, /* the start moved 1-2 weeks */
	INTERNSHIP_EXTENDED,  /* past 12 weeks, with a reason */
	INTERNSHIP_ENDED,
	INTERNSHIP_ENDED_EARLY, /* by the citizen, the host or the course */
	INTERNSHIP_STATUS__MAX
};
extern const char *const internship_status_names[INTERNSHIP_STATUS__MAX + 1];
extern const char *const internship_status_labels[INTERNSHIP_STATUS__MAX];
/* enum internship_status of a name, or -1. */
int internship_status_parse(const char *name);
/* May an internship in status from take the step to? */
bool internship_transition_allowed(enum internship_status from,
				   enum internship_status to);

/* Who ended an internship early. */
enum internship_ender {
	INTERNSHIP_BY_CITIZEN,
	INTERNSHIP_BY_HOST,
	INTERNSHIP_BY_COURSE,
	INTERNSHIP_ENDER__MAX
};
extern const char *const internship_ender_names[INTERNSHIP_ENDER__MAX + 1];
extern const char *const internship_ender_labels[INTERNSHIP_ENDER__MAX];

/* A buffer for a text of at most chars characters of UTF-8, and its NUL. */
#define INTERNSHIP_TEXT(chars) ((chars)*4 + 1)
/* The longest purpose, tasks, special need or reason, in characters. */
#define INTERNSHIP_TEXT_MAX 4000
/* The most weeks an internship's dates may span (the plan's table). */
#define INTERNSHIP_WEEKS_MAX 104
/* The norm the course plans for: "extended" means past it. */
#define INTERNSHIP_WEEKS_NORM 12

struct internship {
	int64_t id, participant_id, cohort_id;
	int64_t company_id, contact_id, previous_id; /* 0: none */
	char company[INTERNSHIP_TEXT(800)], company_cvr[9];
	char company_address[INTERNSHIP_TEXT(1200)];
	char contact[INTERNSHIP_TEXT(800)], contact_role[INTERNSHIP_TEXT(800)];
	char contact_email[255], contact_phone[41];
	char workplace_address[INTERNSHIP_TEXT(1200)];
	date_t start_on, end_on;
	enum internship_status status;
	int ended_by;	      /* enum internship_ender, or -1 */
	int teaching_weekday; /* the cohort's weekly teaching day, 1..5 */
	int sequence;	      /* iCalendar SEQUENCE, moved by every change */
	int64_t created_at, updated_at;
	/*
	 * Whether the viewer sees all of it: purpose, tasks, the special
	 * need and the reasons of the timeline (WORK access and more). A
	 * mentor sees the company, workplace, contact, dates, status and
	 * plan only: these are NULL then. Opened; internship_free.
	 */
	bool full;
	char *purpose, *tasks, *special_need;
};
void internship_free(struct internship *i);

/* Reading. */

/*
 * Internship id, when a sees its participant (WORK access, or a mentor
 * their mentee's, limited: i->full false), with its participant into p
 * (may be NULL). 0 found and visible, 1 not (404 either way), -1 on
 * error; internship_free *i after 0.
 */
int internship_get(struct db *db, const struct actor *a, int64_t id,
		   struct internship *i, struct participant *p);
/* p's internships (p loaded for a), newest start first, opened as
 * internship_get opens them. fn's internship lives until it returns.
 * 0 or -1. */
typedef void (*internship_fn)(void *ctx, const struct internship *i);
int internship_each(struct db *db, const struct participant *p,
		    internship_fn fn, void *ctx);

/* A step of the timeline, oldest first. Texts live until fn returns. */
struct internship_step_row {
	enum internship_status status;
	date_t on;
	const char *actor; /* who: a member of staff's name, or a host's */
	/* Only when i->full ("" when none): */
	const char *reason;
	date_t start_on, end_on; /* the dates it moved to; 0: unchanged */
	int ended_by;		 /* enum internship_ender, or -1 */
};
typedef void (*internship_step_fn)(void *ctx,
				   const struct internship_step_row *s);
int internship_timeline_each(struct db *db, const struct internship *i,
			     internship_step_fn fn, void *ctx);

/* Weeks (Monday to Sunday) that start..end touch: 1 for a week's days. */
int internship_weeks(date_t start, date_t end);
/*
 * The first start of the chain i continues (its own start when it
 * continues none), so the rules count a renewal's weeks with the earlier
 * ones. 0 or -1.
 */
int internship_chain_start(struct db *db, const struct internship *i,
			   date_t *start);

/*
 * What a page shows beside an internship, not refusals: its chain runs
 * past the rule internship.weeks (13); the company would take more
 * interns than its cap allows without the employer's statement received.
 */
enum internship_warning {
	INTERNSHIP_WARN_WEEKS = 1u << 0,
	INTERNSHIP_WARN_CAP = 1u << 1,
};
struct internship_warnings {
	unsigned codes;	       /* enum internship_warning bits */
	int weeks, weeks_rule; /* the chain's weeks and the rule's */
	int interns, cap;      /* at the company with this one, and its cap */
	char text[2][256];     /* Danish sentences, one per code set */
	int n;
};
/* The warnings of i as it is stored. 0 or -1. */
int internship_warnings_get(struct db *db, const struct internship *i,
			    struct internship_warnings *w);

/* A whole-number rule (rule_value), or fallback when there is none. 0 or
 * -1. */
int internship_rule_int(struct db *db, const char *key, date_t on, int fallback,
			int *out);

/* The warnings of an internship of company_id on start..end before it is
 * stored (id: itself, 0 for a new one), its chain starting on
 * chain_start. 0 or -1. */
int internship_warnings_for(struct db *db, int64_t id, int64_t company_id,
			    date_t chain_start, date_t start, date_t end,
			    struct internship_warnings *w);

/* A company a may place an internship of cohort_id's participant with
 * (kept by a's organisation or one of the cohort's): 0 with its
 * employees, whether the cap statement is in, and its address; 1 when a
 * may not; -1. */
struct internship_company {
	int employees;
	bool statement;
	char address[INTERNSHIP_TEXT(1200)];
};
int internship_company_of(struct db *db, const struct actor *a,
			  int64_t cohort_id, int64_t company_id,
			  struct internship_company *c);

/* The companies a may place p's internship with, and their active contact
 * persons: one call per contact (contact_id 0 once for a company without
 * any). Until app/domain/company.c lands: to be replaced by its list. */
struct internship_company_choice {
	int64_t company_id, contact_id;
	const char *company, *address, *contact, *contact_role;
};
typedef void (*internship_company_fn)(
	void *ctx, const struct internship_company_choice *c);
int internship_companies_each(struct db *db, const struct actor *a,
			      const struct participant *p,
			      internship_company_fn fn, void *ctx);

/* Audits a's read of i (of p) with detail ("page", "print", "api"). Never
 * call it holding the writer. 0 or -1. */
int internship_audit_read(const struct actor *a, const struct participant *p,
			  const struct internship *i, const char *detail);

/* Writing. */

/* May a make and change p's internships? Enterprise consultants and
 * project leaders who see p's work, and p's caseworker. */
bool internship_may_write(const struct actor *a, const struct participant *p);
/* The same as a result: RESULT_OK, or RESULT_REFUSED with *bad. */
int internship_check(const struct actor *a, const struct participant *p,
		     struct form_invalid *bad);

/*
 * A new internship's starting point: start and end the cohort's
 * internship phase (or, continuing previous, from the weekday after its
 * end for as long as it ran), and purpose and tasks from the agreement
 * guide's latest version (or previous's). The texts are allocated
 * (internship_draft_free). 0 or -1.
 */
struct internship_draft {
	int64_t company_id, contact_id, previous_id;
	date_t previous_end; /* a renewal starts after it */
	date_t start_on, end_on;
	int teaching_weekday;
	char *purpose, *tasks, *workplace_address;
};
int internship_draft(struct db *db, const struct actor *a,
		     const struct participant *p,
		     const struct internship *previous,
		     struct internship_draft *d);
void internship_draft_free(struct internship_draft *d);

/* A new internship, or what changes of one: 0, -1 and NULL leave a field
 * as it is (a new one: as internship_draft says). */
struct internship_input {
	int64_t company_id;	       /* 0: not given (new: needed) */
	int64_t contact_id;	       /* -1: not given; 0: nobody */
	int64_t previous_id;	       /* new only: continues it; 0 none */
	const char *workplace_address; /* "" clears (the company's then) */
	const char *purpose, *tasks;   /* sealed; "" clears */
	const char *special_need;      /* lets it run past the extended
					  maximum; "" clears */
	date_t start_on, end_on;
};

/*
 * Makes an internship of p (loaded for a) from in, planned, with its
 * first timeline row and audit row, in one transaction on the writer w
 * the caller holds. The company must be one a may place it with, the
 * contact one of its own; the dates within INTERNSHIP_WEEKS_MAX weeks and
 * the chain (with previous_id) not past internship.weeks_extended (26)
 * without a special need. RESULT_OK with *id and *warn (may be NULL),
 * RESULT_REFUSED, RESULT_INVALID, RESULT_NOT_FOUND (previous_id not p's)
 * or RESULT_FAILED.
 */
int internship_create(struct db *w, const struct actor *a,
		      const struct participant *p,
		      const struct internship_input *in, int64_t *id,
		      struct internship_warnings *warn,
		      struct form_invalid *bad);
/* Changes i (of p, loaded for a) by in under the same rules; an ended
 * internship is not changed. A change that changes nothing writes
 * nothing. */
int internship_update(struct db *w, const struct actor *a,
		      const struct participant *p, const struct internship *i,
		      const struct internship_input *in,
		      struct internship_warnings *warn,
		      struct form_invalid *bad);

/* A step of the timeline. */
struct internship_step {
	enum internship_status status;
	date_t on;	    /* the day it happened; 0: today (ended: its end) */
	const char *reason; /* sealed; needed for postponed, extended and
			       ended_early */
	int ended_by;	    /* ended_early: enum internship_ender */
	int weeks;	    /* postponed: 1 or 2 */
	date_t end_on;	    /* extended: the new end; postponed: 0 moves
			       the end as far as the start */
	const char *special_need; /* extended past the extended maximum */
};

/*
 * Takes step for i (of p, loaded for a), with a timeline row and an audit
 * row, in one transaction on the writer w the caller holds:
 *  - trial and running only when the agreement guide's latest version
 *    has the citizen's consent;
 *  - postponed moves the start (and end) 1 or 2 weeks, and the plan with
 *    it (a day that lands on a public holiday or closure day loses its
 *    hours, kept in the plan's history);
 *  - extended needs a reason and a new end past 12 weeks of the chain;
 *    past internship.weeks (13) it warns, past internship.weeks_extended
 *    (26) it is refused without a stated special need;
 *  - ended on or after its end; ended_early needs who and why, and the
 *    day becomes its end.
 * Statuses move only as internship_transition_allowed says. RESULT_OK
 * (with *warn, may be NULL), RESULT_REFUSED, RESULT_INVALID, RESULT_FAILED.
 */
int internship_set_status(struct db *w, const struct actor *a,
			  const struct participant *p,
			  const struct internship *i,
			  const struct internship_step *step,
			  struct internship_warnings *warn,
			  struct form_invalid *bad);

/*
 * The host's stop, through their link (the caller has checked it): i
 * ends early by the host on day on, why sealed in the timeline row, which
 * names the contact person (contact_id; label such as "vært: NAME" as the
 * actor). Refused when i has ended or the day is outside its dates. An
 * enum result, in one transaction on w.
 */
int internship_host_stop(struct db *w, const struct internship *i,
			 int64_t contact_id, const char *label, date_t on,
			 const char *reason, struct form_invalid *bad);

#endif
