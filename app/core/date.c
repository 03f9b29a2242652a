/*
 * date: civil date arithmetic on day counts (see date.h). The conversions are
 * Howard Hinnant's public-domain algorithms, which work on 400-year eras so
 * they need no tables and no loops.
 */
#include "date.h"

#include <time.h>

#include <stdio.h>

static const char *const date_weekdays[] = {
	NULL,	   "mandag", "tirsdag", "onsdag",
	"torsdag", "fredag", "lørdag",	"søndag",
};

/* Dansk Sprognævn's abbreviations. */
static const char *const date_weekdays_short[] = {
	NULL, "man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn.",
};

static const char *const date_months[] = {
	NULL,	   "januar",   "februar",  "marts",  "april",
	"maj",	   "juni",     "juli",	   "august", "september",
	"oktober", "november", "december",
};

static const char *const date_months_short[] = {
	NULL,	"jan.", "feb.", "mar.", "apr.", "maj",	"jun.",
	"jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
};

bool date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[] = {0,  31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return days[month];
}

bool date_civil_valid(int year, int month, int day)
{
	return day >= 1 && day <= date_days_in_month(year, month);
}

date_t date_from_civil(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (date_t)(era * 146097 + doe - 719468);
}

void date_to_civil(date_t d, int *year, int *month, int *day)
{
	/* Shift the epoch to 0000-03-01 so leap days end each era's year. */
	int64_t z = (int64_t)d + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);

	if (year)
		*year = (int)(yoe + era * 400 + (m <= 2));
	if (month)
		*month = m;
	if (day)
		*day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int date_year(date_t d)
{
	int y;

	date_to_civil(d, &y, NULL, NULL);
	return y;
}

int date_weekday(date_t d)
{
	/* Day 0 was a Thursday (ISO 4). */
	int r = (int)(((int64_t)d % 7 + 7) % 7);

	return (r + 3) % 7 + 1;
}

bool date_is_weekend(date_t d)
{
	return date_weekday(d) >= DATE_SATURDAY;
}

date_t date_add_days(date_t d, int days)
{
	return (date_t)(d + days);
}

date_t date_add_months(date_t d, int months)
{
	int y, m, day, last;
	int64_t total, ny; /* months since year 0: may not fit an int */

	date_to_civil(d, &y, &m, &day);
	total = (int64_t)y * 12 + (m - 1) + months;
	ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
	m = (int)(total - ny * 12) + 1;
	last = date_days_in_month((int)ny, m);
	return date_from_civil((int)ny, m, day < last ? day : last);
}

date_t date_monday(date_t d)
{
	return (date_t)(d - (date_weekday(d) - 1));
}

int date_iso_week(date_t d, int *iso_year)
{
	/* The week belongs to the year its Thursday falls in. */
	date_t thursday = (date_t)(date_monday(d) + 3);
	int y = date_year(thursday);

	if (iso_year)
		*iso_year = y;
	return (thursday - date_from_civil(y, 1, 1)) / 7 + 1;
}

static int date_digits(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse_iso_n(const char *s, size_t len, date_t *out)
{
	int y, m, d;

	if (!s || !out || len != DATE_ISO_LEN)
		return -1;
	if (s[4] != '-' || s[7] != '-')
		return -1;
	if (date_digits(s, 4, &y) || date_digits(s + 5, 2, &m) ||
	    date_digits(s + 8, 2, &d))
		return -1;
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX ||
	    !date_civil_valid(y, m, d))
		return -1;
	*out = date_from_civil(y, m, d);
	return 0;
}

int date_parse_iso(const char *s, date_t *out)
{
	size_t len = 0;

	if (!s)
		return -1;
	/* Bounded so a long string is rejected without walking all of it. */
	while (len <= DATE_ISO_LEN && s[len] != '\0')
		len++;
	return date_parse_iso_n(s, len, out);
}

/* Writes v as exactly n decimal digits; v fits by construction. */
static void date_put_digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

int date_format_iso(date_t d, char buf[DATE_ISO_LEN + 1])
{
	int y, m, day;

	date_to_civil(d, &y, &m, &day);
	if (y < 0 || y > 9999) {
		buf[0] = '\0';
		return -1;
	}
	/* By hand: snprintf cannot know the ranges and warns at -O3. */
	date_put_digits(buf, y, 4);
	buf[4] = '-';
	date_put_digits(buf + 5, m, 2);
	buf[7] = '-';
	date_put_digits(buf + 8, day, 2);
	buf[DATE_ISO_LEN] = '\0';
	return 0;
}

const char *date_weekday_name(int weekday)
{
	if (weekday < DATE_MONDAY || weekday > DATE_SUNDAY)
		return NULL;
	return date_weekdays[weekday];
}

const char *date_weekday_short(int weekday)
{
	if (weekday < DATE_MONDAY || weekday > DATE_SUNDAY)
		return NULL;
	return date_weekdays_short[weekday];
}

const char *date_month_name(int month)
{
	if (month < 1 || month > 12)
		return NULL;
	return date_months[month];
}

const char *date_month_short(int month)
{
	if (month < 1 || month > 12)
		return NULL;
	return date_months_short[month];
}

/* snprintf's result turned into the 0/-1 contract, never leaving a stub. */
static int date_fitted(int n, char *buf, size_t len)
{
	if (n < 0 || (size_t)n >= len) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

int date_format_da(date_t d, char *buf, size_t len)
{
	int y, m, day;

	if (!buf || len == 0)
		return -1;
	date_to_civil(d, &y, &m, &day);
	return date_fitted(snprintf(buf, len, "%s %d. %s %d",
				    date_weekdays[date_weekday(d)], day,
				    date_months[m], y),
			   buf, len);
}

int date_format_da_short(date_t d, char *buf, size_t len)
{
	int m, day;

	if (!buf || len == 0)
		return -1;
	date_to_civil(d, NULL, &m, &day);
	return date_fitted(snprintf(buf, len, "%s %d. %s",
				    date_weekdays_short[date_weekday(d)], day,
				    date_months_short[m]),
			   buf, len);
}

date_t date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void date_format_hhmm(int minutes, char out[6])
{
	unsigned m = minutes < 0 ? 0u : (unsigned)minutes;

	snprintf(out, 6, "%02u:%02u", (m / 60) % 100, m % 60);
}

int date_format_da_moment(int64_t at, char *buf, size_t len)
{
	time_t t = (time_t)at;
	struct tm tm;

	if (!buf || len == 0 || localtime_r(&t, &tm) == NULL) {
		if (buf && len)
			buf[0] = '\0';
		return -1;
	}
	return date_fitted(snprintf(buf, len, "%d. %s %d kl. %02d:%02d",
				    tm.tm_mday,
				    date_months_short[tm.tm_mon + 1],
				    tm.tm_year + 1900, tm.tm_hour, tm.tm_min),
			   buf, len);
}
