/*
 * plan: derives a cohort's course plan (phase dates and every course day)
 * from a handful of choices. Pure computation: no database, no server, no
 * clock, so the same input always gives the same plan.
 *
 * The rules, from the 2013 catalogue (reference/catalogue-2013.txt) where it
 * has one and chosen here where it has none:
 *   - A working day is Monday to Friday, not a public holiday, not a
 *     customary day off when skip_customary, and not a closure day.
 *   - Referral (Henvisning) window: the PLAN_REFERRAL_WEEKS weeks before
 *     preparation. The catalogue has citizens referred first and visitated
 *     during preparation, so the referral deadline is the last working day
 *     before preparation starts.
 *   - Preparation (Forberedelse): prep_weeks whole weeks, Monday to the last
 *     working day before the first teaching day.
 *   - Teaching (Undervisning): teaching_weeks weeks from the week of the
 *     first teaching day, on the chosen weekdays (4 a week in the catalogue).
 *   - Internship (Praktik og opfølgning): internship_weeks weeks from the
 *     Monday after the teaching weeks, Monday to Friday of the last week, with
 *     ONE weekly teaching day per week. Default Friday: the catalogue names
 *     no day, but hosts find Friday easiest to give off, and the group then
 *     meets at the end of each internship week to share how it went. A weekly
 *     day that falls on a holiday or closure day is skipped, with a warning.
 *   - Aftercare (Efterværn): from the first working day after the internship.
 *   - Default teaching hours 09:00-14:00: not early, because getting out of
 *     bed and travelling by public transport are barriers for many
 *     participants, and five hours leave room for a break and training.
 */
#ifndef MESTRING_PLAN_H
#define MESTRING_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

#define PLAN_PREP_WEEKS_MIN	    1
#define PLAN_PREP_WEEKS_MAX	    4
#define PLAN_PREP_WEEKS_DEFAULT	    4
#define PLAN_PREP_WEEKS_RECOMMENDED 2 /* fewer is allowed, with a warning */
#define PLAN_TEACHING_WEEKS_MIN	    2
#define PLAN_TEACHING_WEEKS_MAX	    4
#define PLAN_TEACHING_WEEKS_DEFAULT 4 /* the catalogue: extend from 2 to 4 */
#define PLAN_INTERNSHIP_WEEKS_MIN   1
#define PLAN_INTERNSHIP_WEEKS_MAX   52
#define PLAN_INTERNSHIP_WEEKS_NORM  12
#define PLAN_TOTAL_WEEKS_MIN	    18 /* "varer mindst 18 uger" */
#define PLAN_TEACHING_DAYS_PER_WEEK 4  /* "4 dages undervisning pr. uge" */
#define PLAN_REFERRAL_WEEKS	    4
#define PLAN_CLOSURES_MAX	    366
#define PLAN_DEFAULT_START_MIN	    (9 * 60)
#define PLAN_DEFAULT_END_MIN	    (14 * 60)
#define PLAN_DEFAULT_WEEKLY_WEEKDAY DATE_FRIDAY
#define PLAN_MINUTES_PER_DAY	    (24 * 60)

/* Weekday bits: bit 0 = Monday .. bit 6 = Sunday (ISO weekday - 1). */
#define PLAN_WEEKDAY_BIT(iso) (1u << ((iso)-1))
#define PLAN_WEEKDAYS_MON_THU 0x0fu
#define PLAN_WEEKDAYS_MON_FRI 0x1fu
#define PLAN_WEEKDAYS_WEEKEND 0x60u
#define PLAN_WEEKDAYS_ALL     0x7fu
#define PLAN_WEEKDAYS_DEFAULT PLAN_WEEKDAYS_MON_THU

struct plan_input {
	date_t first_teaching_day;   /* a working day among teaching_weekdays */
	int prep_weeks;		     /* 1..4 */
	int teaching_weeks;	     /* 2..4 */
	unsigned teaching_weekdays;  /* PLAN_WEEKDAY_BIT mask, Mon..Fri only */
	int internship_weeks;	     /* 1..52 */
	int weekly_teaching_weekday; /* ISO 1..5 */
	int start_min;		/* teaching hours, minutes after midnight */
	int end_min;		/* after start_min, at most 24:00 */
	bool skip_customary;	/* Grundlovsdag, 24/12, 31/12 are off */
	const date_t *closures; /* borrowed; any order; may hold repeats */
	size_t nclosures;	/* at most PLAN_CLOSURES_MAX */
};

enum plan_day_kind {
	PLAN_DAY_TEACHING,	  /* a day of the teaching phase */
	PLAN_DAY_WEEKLY_TEACHING, /* the weekly day during the internship */
	PLAN_DAY_KIND__MAX,
};

struct plan_day {
	date_t date;
	int start_min;
	int end_min;
	enum plan_day_kind kind;
};

enum plan_warning_code {
	PLAN_WARN_SHORT_COURSE,		 /* value: total weeks (< 18) */
	PLAN_WARN_SHORT_PREPARATION,	 /* value: preparation weeks */
	PLAN_WARN_SHORT_TEACHING,	 /* value: teaching weeks */
	PLAN_WARN_FEW_TEACHING_WEEKDAYS, /* value: teaching days a week */
	PLAN_WARN_SHORT_INTERNSHIP,	 /* value: internship weeks */
	PLAN_WARN_WEEKLY_ON_HOLIDAY,	 /* date and name of the holiday */
	PLAN_WARN_WEEKLY_ON_CLOSURE,	 /* date */
	PLAN_WARN__MAX,
};

struct plan_warning {
	enum plan_warning_code code;
	date_t date;	  /* the skipped day; 0 for the length warnings */
	int value;	  /* see the code; 0 when unused */
	const char *name; /* holiday name (static) or NULL */
};

/* Each length warning at most once, plus one skipped day per week. */
#define PLAN_WARNINGS_MAX (PLAN_WARN__MAX + PLAN_INTERNSHIP_WEEKS_MAX)

struct plan {
	date_t referral_start;	  /* Monday PLAN_REFERRAL_WEEKS before prep */
	date_t referral_deadline; /* last working day before prep_start */
	date_t prep_start;	  /* Monday, prep_weeks before the teaching */
	date_t prep_end;	  /* last working day before teaching_start */
	date_t teaching_start;	  /* = first_teaching_day */
	date_t teaching_end;	  /* last day of kind PLAN_DAY_TEACHING */
	date_t internship_start;  /* Monday after the teaching weeks */
	date_t internship_end;	  /* Friday of the last internship week */
	date_t aftercare_start;	  /* first working day after internship_end */
	int total_weeks;	  /* prep + teaching + internship weeks */
	struct plan_day *days;	  /* sorted by date; owned, see plan_free */
	size_t ndays;
	size_t nteaching_days; /* of kind PLAN_DAY_TEACHING */
	size_t nweekly_days;   /* of kind PLAN_DAY_WEEKLY_TEACHING */
	struct plan_warning warnings[PLAN_WARNINGS_MAX];
	size_t nwarnings;
};

enum plan_error_code {
	PLAN_ERR_NONE,
	PLAN_ERR_ARGUMENT, /* a NULL pointer: a programming error */
	PLAN_ERR_DATE_RANGE,
	PLAN_ERR_PREP_WEEKS,
	PLAN_ERR_TEACHING_WEEKS,
	PLAN_ERR_INTERNSHIP_WEEKS,
	PLAN_ERR_WEEKDAYS_EMPTY,
	PLAN_ERR_WEEKDAYS_WEEKEND,
	PLAN_ERR_WEEKDAYS_INVALID, /* bits above Sunday */
	PLAN_ERR_WEEKLY_WEEKDAY,
	PLAN_ERR_TIMES,
	PLAN_ERR_CLOSURES,
	PLAN_ERR_NOT_WORKING_DAY,      /* first teaching day: weekend/holiday */
	PLAN_ERR_NOT_TEACHING_WEEKDAY, /* first teaching day outside the mask */
	PLAN_ERR_NOMEM,
	PLAN_ERR__MAX,
};

#define PLAN_ERROR_LEN 192

struct plan_error {
	enum plan_error_code code;
	const char *field; /* the plan_input member at fault, or NULL */
	char message[PLAN_ERROR_LEN]; /* Danish, for the user */
};

enum plan_phase {
	PLAN_BEFORE,	  /* before the referral window */
	PLAN_REFERRAL,	  /* Henvisning */
	PLAN_PREPARATION, /* Forberedelse */
	PLAN_TEACHING,	  /* Undervisning */
	PLAN_INTERNSHIP,  /* Praktik og opfølgning */
	PLAN_AFTERCARE,	  /* Efterværn, open-ended */
	PLAN_PHASE__MAX,
};

/* The defaults above; first_teaching_day is 0 and the caller's to set. */
void plan_input_defaults(struct plan_input *in);

/*
 * Derives the plan. Returns 0 with *out filled (free it with plan_free), or
 * -1 with *out zeroed and, when err is not NULL, a Danish message in err.
 */
int plan_derive(const struct plan_input *in, struct plan *out,
		struct plan_error *err);
/* Frees what plan_derive allocated and zeroes p; NULL and zeroed are fine. */
void plan_free(struct plan *p);

/* Whether d is a working day under in's holiday and closure choices. */
bool plan_is_working_day(const struct plan_input *in, date_t d);

/*
 * The phase d falls in. Phases meet without gaps: each runs until the next
 * one starts, so the weekend after internship_end is still the internship.
 */
enum plan_phase plan_phase_on(const struct plan *p, date_t d);
/* The course day on d, or NULL (binary search; points into p->days). */
const struct plan_day *plan_day_on(const struct plan *p, date_t d);

/* Danish names; NULL when out of range. */
const char *plan_phase_name(enum plan_phase phase); /* "Forberedelse" */
const char *plan_day_kind_name(enum plan_day_kind kind);
const char *plan_warning_text(enum plan_warning_code code); /* short */

/*
 * The full Danish sentence for w, with its date and numbers, into buf of len
 * bytes. Returns 0, or -1 when it does not fit (buf then holds "").
 */
int plan_warning_format(const struct plan_warning *w, char *buf, size_t len);

/*
 * For scripts/bench: derives and frees a default plan starting on
 * first_teaching_day. Returns the number of course days, or -1.
 */
int plan_bench_default(date_t first_teaching_day);

#endif
