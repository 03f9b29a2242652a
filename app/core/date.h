/*
 * date: civil dates as a plain count of days since 1970-01-01, with no time
 * zones, no struct tm and no locale, so a date means the same everywhere.
 * Conversions follow Howard Hinnant's days_from_civil/civil_from_days.
 */
#ifndef MESTRING_DATE_H
#define MESTRING_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 (which is day 0, a Thursday). */
typedef int32_t date_t;

/* "YYYY-MM-DD" without the terminating NUL. */
#define DATE_ISO_LEN 10

/* The years date_parse_iso accepts; the rest of the API works far beyond. */
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2200

/* A buffer that holds any date_format_da result, NUL included. */
#define DATE_DA_LEN 40

/* ISO weekdays, as date_weekday returns them. */
enum date_weekday {
	DATE_MONDAY = 1,
	DATE_TUESDAY,
	DATE_WEDNESDAY,
	DATE_THURSDAY,
	DATE_FRIDAY,
	DATE_SATURDAY,
	DATE_SUNDAY,
};

bool date_is_leap(int year);
/* 28..31, or 0 when month is not 1..12. */
int date_days_in_month(int year, int month);
bool date_civil_valid(int year, int month, int day);

/* No validation: month 1..12 and day 1..31 are the caller's to check. */
date_t date_from_civil(int year, int month, int day);
void date_to_civil(date_t d, int *year, int *month, int *day);
int date_year(date_t d);

/* 1 = Monday .. 7 = Sunday. */
int date_weekday(date_t d);
bool date_is_weekend(date_t d);
date_t date_add_days(date_t d, int days);
/*
 * The same day of the month months later (or earlier, when negative),
 * clamped to the target month's last day: 31 Aug + 6 months is 28 or 29 Feb.
 */
date_t date_add_months(date_t d, int months);
/* "HH:MM" for minutes after midnight (0..1440) into out. */
void date_format_hhmm(int minutes, char out[6]);
/* Today in the process's local time zone (main sets Europe/Copenhagen). */
date_t date_today(void);
/* The Monday on or before d. */
date_t date_monday(date_t d);
/* ISO 8601 week 1..53; *iso_year (may be NULL) gets the week's year. */
int date_iso_week(date_t d, int *iso_year);

/*
 * Strict "YYYY-MM-DD": exactly ten characters, years DATE_YEAR_MIN to
 * DATE_YEAR_MAX, a real day. Returns 0, or -1 leaving *out untouched.
 */
int date_parse_iso(const char *s, date_t *out);
/* The same for a string that need not be NUL-terminated. */
int date_parse_iso_n(const char *s, size_t len, date_t *out);

/*
 * Writes "YYYY-MM-DD" and a NUL into buf, which holds DATE_ISO_LEN + 1
 * bytes. Returns 0, or -1 (buf gets "") for years outside 0..9999.
 */
int date_format_iso(date_t d, char buf[DATE_ISO_LEN + 1]);

/* Danish names, lower case as Danish writes them; NULL when out of range. */
const char *date_weekday_name(int weekday);  /* 1..7: "mandag" */
const char *date_weekday_short(int weekday); /* 1..7: "man." */
const char *date_month_name(int month);	     /* 1..12: "januar" */
const char *date_month_short(int month);     /* 1..12: "jan.", "maj" */

/*
 * "tirsdag 3. februar 2026" into buf of len bytes (DATE_DA_LEN always
 * suffices). Returns 0, or -1 when it does not fit (buf then holds "").
 */
int date_format_da(date_t d, char *buf, size_t len);
/* "tirs. 3. feb." for grids and lists; same contract as date_format_da. */
int date_format_da_short(date_t d, char *buf, size_t len);
/* A moment (seconds since the epoch) in local time: "3. dec. 2026 kl.
 * 10:02"; same contract as date_format_da. */
int date_format_da_moment(int64_t at, char *buf, size_t len);

#endif
