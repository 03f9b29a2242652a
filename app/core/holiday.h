/*
 * holiday: Danish public holidays and the customary days off that job
 * centres and providers close, computed from the date alone (no tables to
 * load, no cache, no locks), so a per-day query stays cheap and thread-safe.
 */
#ifndef MESTRING_HOLIDAY_H
#define MESTRING_HOLIDAY_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

enum holiday_kind {
	HOLIDAY_PUBLIC,	   /* helligdag: a legal holiday */
	HOLIDAY_CUSTOMARY, /* not a legal holiday, but most places close */
	HOLIDAY_KIND__MAX,
};

/* Every holiday the module knows, in the order of the year. */
enum holiday_id {
	HOLIDAY_NEW_YEARS_DAY,	  /* Nytårsdag, 1/1 */
	HOLIDAY_MAUNDY_THURSDAY,  /* Skærtorsdag, Easter - 3 */
	HOLIDAY_GOOD_FRIDAY,	  /* Langfredag, Easter - 2 */
	HOLIDAY_EASTER_SUNDAY,	  /* Påskedag */
	HOLIDAY_EASTER_MONDAY,	  /* 2. påskedag, Easter + 1 */
	HOLIDAY_GREAT_PRAYER_DAY, /* Store bededag, Easter + 26, until 2023 */
	HOLIDAY_ASCENSION_DAY,	  /* Kristi himmelfartsdag, Easter + 39 */
	HOLIDAY_WHIT_SUNDAY,	  /* Pinsedag, Easter + 49 */
	HOLIDAY_WHIT_MONDAY,	  /* 2. pinsedag, Easter + 50 */
	HOLIDAY_CONSTITUTION_DAY, /* Grundlovsdag, 5/6, customary */
	HOLIDAY_CHRISTMAS_EVE,	  /* Juleaftensdag, 24/12, customary */
	HOLIDAY_CHRISTMAS_DAY,	  /* Juledag, 25/12 */
	HOLIDAY_BOXING_DAY,	  /* 2. juledag, 26/12 */
	HOLIDAY_NEW_YEARS_EVE,	  /* Nytårsaftensdag, 31/12, customary */
	HOLIDAY__MAX,
};

/* The last year Store bededag was a public holiday (abolished from 2024). */
#define HOLIDAY_GREAT_PRAYER_DAY_LAST_YEAR 2023

/* The years holiday_list accepts: the Gregorian calendar's. */
#define HOLIDAY_YEAR_MIN 1583
#define HOLIDAY_YEAR_MAX 9999

struct holiday {
	date_t date;
	enum holiday_id id;
	enum holiday_kind kind;
	const char *name; /* Danish, static: "2. påskedag" */
};

/* Easter Sunday of a Gregorian year (anonymous Gregorian algorithm). */
date_t holiday_easter(int year);

/*
 * Fills out with the year's holidays, both kinds, sorted by date (a public
 * holiday before a customary day on the same date, as Pinsedag and
 * Grundlovsdag share 5 June in some years). Returns the number written, at
 * most HOLIDAY__MAX, or -1 when year is out of range or cap is too small.
 */
int holiday_list(int year, struct holiday *out, size_t cap);

/*
 * Whether d is a holiday; customary days count only with include_customary.
 * When it is and name is not NULL, *name gets the Danish name (static; the
 * public holiday's when two share the date).
 */
bool holiday_is(date_t d, bool include_customary, const char **name);

/* The same with everything about it; out may be NULL. */
bool holiday_lookup(date_t d, bool include_customary, struct holiday *out);

/* "helligdag" or "sædvanlig fridag"; NULL when out of range. */
const char *holiday_kind_name(enum holiday_kind kind);
/* Danish name of a holiday; NULL when out of range. */
const char *holiday_name(enum holiday_id id);

#endif
