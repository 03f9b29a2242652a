/*
 * ics: writes the published iCalendar feeds (RFC 5545, with NAME and
 * REFRESH-INTERVAL from RFC 7986) straight into a buffer: escaping and
 * folding happen on the way in, so a feed is one pass and one allocation.
 */
#include "ics.h"

#include "buf.h"

#include <string.h>

static const char ics_head[] = "PRODID:-//mestring//Kalender 1.0//DA\r\n"
			       "VERSION:2.0\r\n"
			       "CALSCALE:GREGORIAN\r\n"
			       "METHOD:PUBLISH\r\n";

/*
 * Copenhagen since 1996 (EU rules): summer time from the last Sunday of
 * March 02:00 to the last Sunday of October 03:00. Written out by hand
 * because Debian's libical 3.0 would emit 130 years of history.
 */
static const char ics_zone[] = "X-WR-TIMEZONE:" ICAL_TZID "\r\n"
			       "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"
			       "X-PUBLISHED-TTL:PT1H\r\n"
			       "BEGIN:VTIMEZONE\r\n"
			       "TZID:" ICAL_TZID "\r\n"
			       "BEGIN:DAYLIGHT\r\n"
			       "TZOFFSETFROM:+0100\r\n"
			       "TZOFFSETTO:+0200\r\n"
			       "TZNAME:CEST\r\n"
			       "DTSTART:19700329T020000\r\n"
			       "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
			       "END:DAYLIGHT\r\n"
			       "BEGIN:STANDARD\r\n"
			       "TZOFFSETFROM:+0200\r\n"
			       "TZOFFSETTO:+0100\r\n"
			       "TZNAME:CET\r\n"
			       "DTSTART:19701025T030000\r\n"
			       "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
			       "END:STANDARD\r\n"
			       "END:VTIMEZONE\r\n";

static const char ics_replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* A content line being written: the octets on its current physical line. */
struct ics_line {
	struct buf *b;
	size_t col;
};

/*
 * Length of the valid UTF-8 sequence at s (n bytes available): 1..4, or 0
 * when it is not one (overlong, surrogate, past U+10FFFF, cut short).
 */
static size_t ics_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
		return 0;
	return len;
}

/* Appends one unit (a character or an escape) that must stay on one
 * physical line, folding first when it would pass ICAL_LINE_MAX. */
static void ics_unit(struct ics_line *l, const char *s, size_t n)
{
	if (l->col + n > ICAL_LINE_MAX) {
		buf_append(l->b, "\r\n ", 3);
		l->col = 1;
	}
	buf_append(l->b, s, n);
	l->col += n;
}

/* Appends valid UTF-8 that needs no escaping. */
static void ics_plain(struct ics_line *l, const char *s, size_t n)
{
	size_t i = 0, len;

	if (l->col + n <= ICAL_LINE_MAX) {
		buf_append(l->b, s, n);
		l->col += n;
		return;
	}
	while (i < n) {
		len = ics_utf8_len((const unsigned char *)s + i, n - i);
		if (len == 0)
			len = 1; /* callers pass valid text; never loop */
		ics_unit(l, s + i, len);
		i += len;
	}
}

/* Is c written as it is in a TEXT value? */
static bool ics_text_plain(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != '\\' && c != ';' && c != ',';
}

/* Appends value escaped as TEXT: runs of plain text go in one piece. */
static void ics_text(struct ics_line *l, const char *value)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t n = strlen(value), i = 0, run, len;
	char esc[2] = {'\\', 0};

	while (i < n) {
		for (run = i; run < n;) {
			if (s[run] < 0x80) {
				if (!ics_text_plain(s[run]))
					break;
				run++;
				continue;
			}
			len = ics_utf8_len(s + run, n - run);
			if (len == 0)
				break;
			run += len;
		}
		if (run > i)
			ics_plain(l, value + i, run - i);
		i = run;
		if (i == n)
			break;
		if (s[i] >= 0x80) {
			ics_unit(l, ics_replacement, 3);
		} else if (s[i] == '\\' || s[i] == ';' || s[i] == ',') {
			esc[1] = (char)s[i];
			ics_unit(l, esc, 2);
		} else if (s[i] == '\n' || s[i] == '\r') {
			ics_unit(l, "\\n", 2);
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
		} else if (s[i] == '\t') {
			ics_unit(l, "\t", 1);
		}
		/* Other control characters are not allowed in TEXT: dropped. */
		i++;
	}
}

static void ics_start_line(struct ics_line *l, struct buf *b, const char *name)
{
	size_t n = strlen(name);

	l->b = b;
	l->col = 0;
	ics_plain(l, name, n);
	ics_unit(l, ":", 1);
}

static int ics_done(struct buf *b)
{
	buf_append(b, "\r\n", 2);
	return buf_failed(b) ? -1 : 0;
}

int ics_text_line(struct buf *b, const char *name, const char *value)
{
	struct ics_line l;

	ics_start_line(&l, b, name);
	ics_text(&l, value ? value : "");
	return ics_done(b);
}

/* n as exactly width decimal digits into out (no NUL). */
static void ics_digits(char *out, int64_t n, int width)
{
	while (width-- > 0) {
		out[width] = (char)('0' + n % 10);
		n /= 10;
	}
}

/* "YYYYMMDDTHHMMSS" (15 characters, no NUL) of a date and a second. */
static void ics_datetime(char *out, date_t d, int64_t second)
{
	int y, m, day;

	date_to_civil(d, &y, &m, &day);
	ics_digits(out, y < 0 ? 0 : y, 4);
	ics_digits(out + 4, m, 2);
	ics_digits(out + 6, day, 2);
	out[8] = 'T';
	ics_digits(out + 9, second / 3600, 2);
	ics_digits(out + 11, second / 60 % 60, 2);
	ics_digits(out + 13, second % 60, 2);
}

void ics_format_utc(int64_t t, char out[ICAL_UTC_LEN])
{
	int64_t days = t / 86400, rest = t % 86400;

	if (rest < 0) {
		rest += 86400;
		days--;
	}
	ics_datetime(out, (date_t)days, rest);
	out[15] = 'Z';
	out[16] = '\0';
}

int ics_begin(struct buf *b, const char *name)
{
	buf_puts(b, "BEGIN:VCALENDAR\r\n");
	buf_append(b, ics_head, sizeof(ics_head) - 1);
	ics_text_line(b, "NAME", name);
	ics_text_line(b, "X-WR-CALNAME", name);
	buf_append(b, ics_zone, sizeof(ics_zone) - 1);
	return buf_failed(b) ? -1 : 0;
}

/* "NAME;TZID=Europe/Copenhagen:YYYYMMDDTHHMMSS" for a local minute. */
static void ics_local(struct buf *b, const char *name, date_t d, int min)
{
	char line[64];
	size_t n = strlen(name);

	if (min >= 1440) { /* 24:00 is the next day's midnight */
		d = date_add_days(d, min / 1440);
		min %= 1440;
	}
	memcpy(line, name, n);
	memcpy(line + n, ";TZID=" ICAL_TZID ":", 24);
	ics_datetime(line + n + 24, d, (int64_t)min * 60);
	memcpy(line + n + 39, "\r\n", 2);
	buf_append(b, line, n + 41);
}

/* "NAME;VALUE=DATE:YYYYMMDD" of day d. */
static void ics_day(struct buf *b, const char *name, date_t d)
{
	char day[16];

	ics_datetime(day, d, 0);
	buf_printf(b, "%s;VALUE=DATE:%.8s\r\n", name, day);
}

static void ics_optional(struct buf *b, const char *name, const char *v)
{
	if (v && *v)
		ics_text_line(b, name, v);
}

int ics_event(struct buf *b, const struct ics_event *e)
{
	char stamp[ICAL_UTC_LEN], line[48];

	ics_format_utc(e->stamp, stamp);
	buf_puts(b, "BEGIN:VEVENT\r\n");
	ics_text_line(b, "UID", e->uid);
	memcpy(line, "DTSTAMP:", 8);
	memcpy(line + 8, stamp, 16);
	memcpy(line + 24, "\r\n", 2);
	buf_append(b, line, 26);
	memcpy(line, "LAST-MODIFIED:", 14);
	memcpy(line + 14, stamp, 16);
	memcpy(line + 30, "\r\n", 2);
	buf_append(b, line, 32);
	buf_printf(b, "SEQUENCE:%d\r\n", e->sequence < 0 ? 0 : e->sequence);
	if (e->all_day) {
		ics_day(b, "DTSTART", e->date);
		ics_day(b, "DTEND", date_add_days(e->date, 1));
		buf_puts(b, "TRANSP:TRANSPARENT\r\n");
	} else {
		ics_local(b, "DTSTART", e->date, e->start_min);
		ics_local(b, "DTEND", e->date, e->end_min);
	}
	ics_text_line(b, "SUMMARY", e->summary);
	ics_optional(b, "LOCATION", e->location);
	ics_optional(b, "DESCRIPTION", e->description);
	buf_puts(b, e->cancelled ? "STATUS:CANCELLED\r\n"
				 : "STATUS:CONFIRMED\r\n");
	buf_puts(b, "END:VEVENT\r\n");
	return buf_failed(b) ? -1 : 0;
}

int ics_end(struct buf *b)
{
	buf_puts(b, "END:VCALENDAR\r\n");
	return buf_failed(b) ? -1 : 0;
}
