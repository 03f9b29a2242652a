/*
 * ics: a small iCalendar (RFC 5545) writer into a struct buf, for the
 * published feeds: one VCALENDAR with a compact Europe/Copenhagen VTIMEZONE
 * and timed VEVENTs in local time. Escapes TEXT, folds at 75 octets without
 * splitting a UTF-8 sequence, ends lines with CRLF. No libical here: the
 * serving path stays lean, and libical only reads the output back in tests.
 */
#ifndef MESTRING_ICS_H
#define MESTRING_ICS_H

#include "date.h"

#include <stdbool.h>
#include <stdint.h>

struct buf;

/* The time zone every event is written in. */
#define ICAL_TZID "Europe/Copenhagen"

/* Octets of a content line before it is folded (RFC 5545 3.1). */
#define ICAL_LINE_MAX 75

/* "YYYYMMDDTHHMMSSZ" and a NUL. */
#define ICAL_UTC_LEN 17

/* One event, timed in Copenhagen local time or all-day. Strings are UTF-8
 * and are escaped here; NULL or "" leaves the property out (summary:
 * empty). */
struct ics_event {
	const char *uid;
	int64_t stamp; /* DTSTAMP and LAST-MODIFIED, Unix seconds */
	int sequence;
	date_t date;
	int start_min; /* minutes after local midnight, 0..1439 */
	int end_min;   /* start_min+1..1440 (1440: midnight after) */
	const char *summary;
	const char *location;
	const char *description;
	bool cancelled; /* STATUS:CANCELLED, else STATUS:CONFIRMED */
	/* A whole day (DTSTART;VALUE=DATE, start_min and end_min unused),
	 * shown free (TRANSP:TRANSPARENT): a phone lists it above the day's
	 * hours instead of blocking hours nobody set. */
	bool all_day;
};

/*
 * Writes BEGIN:VCALENDAR with PRODID, VERSION, CALSCALE, METHOD:PUBLISH,
 * NAME and X-WR-CALNAME (name), X-WR-TIMEZONE, a refresh interval of one
 * hour, and the VTIMEZONE. 0, or -1 when b has failed.
 */
int ics_begin(struct buf *b, const char *name);
/* One VEVENT. 0, or -1 when b has failed. */
int ics_event(struct buf *b, const struct ics_event *e);
/* END:VCALENDAR. 0, or -1 when b has failed. */
int ics_end(struct buf *b);

/*
 * One content line "NAME:VALUE" with value escaped as TEXT (backslash,
 * semicolon, comma, newlines as \n; other control characters dropped;
 * invalid UTF-8 replaced by U+FFFD), folded and ended by CRLF.
 * 0, or -1 when b has failed.
 */
int ics_text_line(struct buf *b, const char *name, const char *value);

/* t (Unix seconds) as "YYYYMMDDTHHMMSSZ" into out. */
void ics_format_utc(int64_t t, char out[ICAL_UTC_LEN]);

#endif
