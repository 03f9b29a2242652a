/*
 * closure_import: fetches a venue's or job centre's remote iCalendar file of
 * closed days and turns it into a sorted list of dates, so a cohort can see
 * which planned days now clash. libical and libcurl stay inside this module:
 * the parse is closure_import.c, the fetch closure_fetch.c.
 */
#ifndef MESTRING_CLOSURE_IMPORT_H
#define MESTRING_CLOSURE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

/* Bytes in closure_day.summary, NUL included. */
#define CLOSURE_SUMMARY_SIZE 128

struct closure_day {
	date_t date;
	/*
	 * The SUMMARY of the first event in the file that closes this date:
	 * valid UTF-8, trimmed, controls removed, runs of white space made one
	 * space, cut at a character boundary. "" when the event had none.
	 */
	char summary[CLOSURE_SUMMARY_SIZE];
};

struct closure_list {
	/* Sorted by date, each date once; NULL when n is 0. */
	struct closure_day *days;
	size_t n;
	/*
	 * Events or parts of events that could not be read and were left out
	 * (no valid start, a start before 1900, a rule repeating more often
	 * than daily, an RRULE, RDATE, EXDATE, DTEND or DURATION that did not
	 * parse), so the page can say that the import may be incomplete.
	 */
	size_t skipped;
};

enum closure_import_error {
	CLOSURE_OK = 0,
	CLOSURE_BAD_URL,	    /* not http(s), credentials, malformed */
	CLOSURE_FETCH,		    /* DNS, connection, TLS, transfer */
	CLOSURE_HTTP_STATUS,	    /* the final response was not 200 */
	CLOSURE_TOO_LARGE,	    /* more than max_bytes (after gunzip) */
	CLOSURE_TIMEOUT,	    /* not done within timeout_ms */
	CLOSURE_TOO_MANY_REDIRECTS, /* more than max_redirects */
	CLOSURE_NOT_ICALENDAR,	    /* not one or more whole VCALENDARs */
	CLOSURE_TOO_DEEP,	    /* components nested more than 4 deep */
	CLOSURE_TOO_MANY_DAYS,	    /* over max_days, or rules too costly */
	CLOSURE_NOMEM,
	CLOSURE_ERROR__MAX,
};

/*
 * Bounds on one import. A field of 0 means its default, except that
 * max_redirects 0 forbids redirects (a negative value means the default).
 */
struct closure_import_limits {
	size_t max_bytes;   /* body size after decompression; 1 MiB */
	long timeout_ms;    /* the whole transfer, redirects included; 10 s */
	long max_redirects; /* 3 */
	size_t max_days;    /* distinct dates in [from, to]; 1000 */
	/* Connect to loopback, private, link-local, CGNAT or multicast
	 * addresses? Off by default: a project leader must not be able to
	 * make the server probe its own network. Tests turn it on. */
	bool allow_private;
};

extern const struct closure_import_limits closure_import_default_limits;

/*
 * Fetches url (http or https only, also after a redirect; no user name or
 * password in it) and parses it as closure_import_parse does. lim may be
 * NULL for the defaults. Blocks for at most about lim->timeout_ms plus the
 * parse; safe to call from several threads at once. libcurl is initialised
 * on first use (pthread_once); a program that wants it done at start-up may
 * call curl_global_init itself first.
 *
 * Returns CLOSURE_OK with *list filled (the caller frees it with
 * closure_list_free), or an error with *list empty and err (errlen bytes,
 * may be NULL) holding one Danish sentence for the user, for instance
 * "Kalenderen kunne ikke hentes: serveren svarede 404.". err is "" on
 * success.
 */
enum closure_import_error
closure_import_fetch(const char *url, date_t from, date_t to,
		     const struct closure_import_limits *lim,
		     struct closure_list *list, char *err, size_t errlen);

/*
 * Parses len bytes of iCalendar text (need not be NUL-terminated; CRLF or
 * LF, folded lines and a UTF-8 byte order mark are fine) and lists the
 * Copenhagen dates in [from, to] that its VEVENTs close: an all-day event
 * its dates up to but not including DTEND (or DURATION; one day without
 * either), a timed event every date it touches. RRULE, RDATE and EXDATE are
 * expanded, a RECURRENCE-ID override moves or cancels its instance, and
 * STATUS:CANCELLED events are ignored. max_days 0 means the default; more
 * distinct dates than that is CLOSURE_TOO_MANY_DAYS, and so is a file whose
 * rules take more than about two seconds to expand. Never more than a few
 * seconds of CPU, whatever the input.
 *
 * Returns and fills *list and err as closure_import_fetch does.
 */
enum closure_import_error closure_import_parse(const char *text, size_t len,
					       date_t from, date_t to,
					       size_t max_days,
					       struct closure_list *list,
					       char *err, size_t errlen);

/* Frees the days and leaves list empty; list may be NULL. */
void closure_list_free(struct closure_list *list);

/* A Danish sentence for e, static; "Ukendt fejl." when out of range. */
const char *closure_import_error_message(enum closure_import_error e);

/* Writes the Danish sentence for the user into err (may be NULL) and
 * returns e: how the parse and the fetch report a refusal. */
enum closure_import_error closure_import_fail(char *err, size_t errlen,
					      enum closure_import_error e,
					      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
