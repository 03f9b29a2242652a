/*
 * closure_import: expands the events of an iCalendar file of closed days
 * with libical into sorted Copenhagen dates. Fetching the file with
 * libcurl is closure_fetch.c; no state outlives a call.
 */
#include "closure_import.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

/* VCALENDAR > VEVENT > VALARM (or VTIMEZONE > STANDARD) is 3; one more
 * for an X- component, and deeper nesting is hostile. */
#define CLOSURE_MAX_DEPTH 4
/* More than ~270 years of days is never a closure calendar. */
#define CLOSURE_MAX_DAYS_CAP 100000
/*
 * libical 3.0 can spend up to a second inside one recurrence step on a rule
 * that never matches (it walks to the year 2582), so expansion is bounded
 * by steps and by wall time, checked between steps.
 */
#define CLOSURE_MAX_STEPS 200000
#define CLOSURE_BUDGET_MS 2000
/* libical walks from DTSTART, so an older one makes such rules slower still. */
#define CLOSURE_YEAR_MIN DATE_YEAR_MIN
#define CLOSURE_YEAR_MAX 9999
#define CLOSURE_DAY_SECS ((int64_t)86400)

const struct closure_import_limits closure_import_default_limits = {
	.max_bytes = (size_t)1024 * 1024,
	.timeout_ms = 10000,
	.max_redirects = 3,
	.max_days = 1000,
};

static const char *const closure_messages[CLOSURE_ERROR__MAX] = {
	[CLOSURE_OK] = "Kalenderen er hentet.",
	[CLOSURE_BAD_URL] = "Adressen på kalenderen er ikke gyldig.",
	[CLOSURE_FETCH] = "Kalenderen kunne ikke hentes.",
	[CLOSURE_HTTP_STATUS] =
		"Kalenderen kunne ikke hentes: serveren svarede med en fejl.",
	[CLOSURE_TOO_LARGE] = "Filen er for stor.",
	[CLOSURE_TIMEOUT] = "Serveren svarede ikke i tide.",
	[CLOSURE_TOO_MANY_REDIRECTS] =
		"Serveren viderestillede for mange gange.",
	[CLOSURE_NOT_ICALENDAR] = "Filen er ikke en gyldig iCalendar-fil.",
	[CLOSURE_TOO_DEEP] = ("Kalenderfilen har BEGIN-blokke inden i "
			      "hinanden i mere end 4 niveauer."),
	[CLOSURE_TOO_MANY_DAYS] = "Kalenderen indeholder for mange lukkedage.",
	[CLOSURE_NOMEM] = "Der var ikke hukommelse nok til at læse kalenderen.",
};

/* A date collected before sorting; seq keeps the first event's summary. */
struct closure_raw {
	struct closure_day day;
	size_t seq;
};

/* The start of an instance, comparable with EXDATE and RECURRENCE-ID. */
struct closure_instant {
	bool is_date;
	date_t date;  /* the Copenhagen date it starts on */
	int64_t secs; /* UTC seconds since 1970; unused for a date */
};

/* An event that moves or cancels one instance of the event with its UID. */
struct closure_override {
	const char *uid; /* owned by the parsed calendar */
	struct closure_instant at;
};

/* One VEVENT being expanded. */
struct closure_event {
	struct icaltimetype start; /* DTSTART, zone resolved */
	int span;		   /* dates an all-day instance covers, >= 1 */
	int64_t dur;		   /* seconds a timed instance lasts, >= 0 */
	char summary[CLOSURE_SUMMARY_SIZE];
	struct closure_instant *ex; /* EXDATEs */
	size_t nex;
	const struct closure_override *ovr; /* overrides with the same UID */
	size_t novr;
};

/* Everything one parse owns; no state outlives the call. */
struct closure_collect {
	date_t from, to;
	size_t max_days;
	struct closure_raw *raw;
	size_t n, cap;
	size_t seq, skipped, steps;
	struct timespec deadline;
	icaltimezone *cph;
	icalcomponent *cal;
	struct closure_override *ovr;
	size_t novr;
	char *err;
	size_t errlen;
};

enum closure_import_error closure_import_fail(char *err, size_t errlen,
					      enum closure_import_error e,
					      const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return e;
}

const char *closure_import_error_message(enum closure_import_error e)
{
	if ((unsigned)e >= CLOSURE_ERROR__MAX)
		return "Ukendt fejl.";
	return closure_messages[e];
}

void closure_list_free(struct closure_list *list)
{
	if (!list)
		return;
	free(list->days);
	list->days = NULL;
	list->n = 0;
	list->skipped = 0;
}

/* ---- Checking the text before libical sees it ---- */

/*
 * libical's own reading of lines cannot be the one nesting is counted on:
 * after the last LF it splits on a bare CR (and, for lines of 80 bytes or
 * more, in the wrong place), it does not unfold a line that follows an empty
 * one, and it takes "BEGIN \v:X" for BEGIN. So libical never sees the text
 * as fetched: it gets a copy written here, one unfolded line per LF, BEGIN
 * and END written plainly, blank lines left out. The nesting counted here
 * is then exactly the one libical builds, and icalcomponent_free, which
 * recurses on it, stays within CLOSURE_MAX_DEPTH frames.
 */
struct closure_canon {
	char *out;   /* the copy: len + 2 bytes, NUL-ended when done */
	size_t n;    /* bytes in out */
	size_t line; /* where the open (not yet checked) line starts */
	int depth;
	bool seen;
};

static bool closure_is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* What make_segment trims: white space, and (to be sure) all of C0. */
static bool closure_is_c0(char ch)
{
	return ch >= 1 && ch <= ' ';
}

/* Is s[0..n) (a value, trailing blanks ignored) word, in any case? */
static bool closure_value_is(const char *s, size_t n, const char *word)
{
	while (n && closure_is_blank(s[n - 1]))
		n--;
	return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

/*
 * Checks the unfolded line at c->out + c->line, writes it plainly and ends
 * it. BEGIN and END are the keywords libical takes them for: the bytes
 * before the first ':' or ';', less trailing white space.
 */
static enum closure_import_error closure_canon_line(struct closure_canon *c)
{
	char *s = c->out + c->line;
	size_t n = c->n - c->line, sep, k, i;
	bool begin, end, calendar;

	for (i = 0; i < n && closure_is_blank(s[i]); i++)
		;
	if (i == n) {
		c->n = c->line; /* libical skips blank lines */
		return CLOSURE_OK;
	}
	for (sep = 0; sep < n && s[sep] != ':' && s[sep] != ';'; sep++)
		;
	for (k = sep; k > 0 && closure_is_c0(s[k - 1]); k--)
		;
	begin = sep < n && k == 5 && strncasecmp(s, "BEGIN", 5) == 0;
	end = sep < n && k == 3 && strncasecmp(s, "END", 3) == 0;
	if (!begin && !end) {
		/* A property outside any VCALENDAR: HTML, a vCard, junk. */
		if (c->depth == 0)
			return CLOSURE_NOT_ICALENDAR;
		c->out[c->n++] = '\n';
		return CLOSURE_OK;
	}
	memmove(s + k, s + sep, n - sep);
	n -= sep - k;
	c->n = c->line + n;
	calendar = s[k] == ':' &&
		   closure_value_is(s + k + 1, n - k - 1, "VCALENDAR");
	if (begin) {
		if (c->depth == 0 && !calendar)
			return CLOSURE_NOT_ICALENDAR;
		c->seen = true;
		if (++c->depth > CLOSURE_MAX_DEPTH)
			return CLOSURE_TOO_DEEP;
	} else {
		if (c->depth == 0)
			return CLOSURE_NOT_ICALENDAR;
		if (--c->depth == 0 && !calendar)
			return CLOSURE_NOT_ICALENDAR;
	}
	c->out[c->n++] = '\n';
	return CLOSURE_OK;
}

/*
 * Accepts only whole VCALENDARs nested at most CLOSURE_MAX_DEPTH deep
 * (libical closes a truncated file silently), and writes libical's copy
 * into out (len + 2 bytes). Lines end at LF, a CR before it dropped; a
 * line that starts with a space or tab continues the one before.
 */
static enum closure_import_error closure_canon(const char *text, size_t len,
					       char *out)
{
	struct closure_canon c = {.out = out};
	const char *p = text, *end = text + len, *nl;
	enum closure_import_error rc;
	bool open = false;
	size_t n;

	if (memchr(text, '\0', len))
		return CLOSURE_NOT_ICALENDAR;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (open && n && closure_is_blank(p[0])) {
			memcpy(out + c.n, p + 1, n - 1);
			c.n += n - 1;
		} else {
			if (open) {
				rc = closure_canon_line(&c);
				if (rc != CLOSURE_OK)
					return rc;
			}
			c.line = c.n;
			memcpy(out + c.n, p, n);
			c.n += n;
			open = true;
		}
		p = nl ? nl + 1 : end;
	}
	if (open) {
		rc = closure_canon_line(&c);
		if (rc != CLOSURE_OK)
			return rc;
	}
	out[c.n] = '\0';
	return c.seen && c.depth == 0 ? CLOSURE_OK : CLOSURE_NOT_ICALENDAR;
}

/* ---- Summaries ---- */

/* Length of the valid UTF-8 character at s, or 0 (overlong, surrogate...). */
static size_t closure_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	c = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool closure_is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xa0 ||
	       c == 0x2028 || c == 0x2029;
}

/* Controls, and the bidi overrides that could make a name read backwards. */
static bool closure_is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200e || c == 0x200f || c == 0xfeff;
}

static void closure_summary(const char *in, char out[CLOSURE_SUMMARY_SIZE])
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = in ? strlen(in) : 0, i = 0, o = 0, k;
	bool space = false;
	uint32_t c;

	while (i < n) {
		k = closure_utf8(s + i, n - i, &c);
		if (k == 0) {
			i++; /* an invalid byte is dropped, not guessed at */
			continue;
		}
		if (closure_is_space(c) || closure_is_control(c)) {
			space = space || (o > 0 && closure_is_space(c));
			i += k;
			continue;
		}
		if (o + space + k > CLOSURE_SUMMARY_SIZE - 1)
			break;
		if (space)
			out[o++] = ' ';
		space = false;
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
}

/* ---- Times ---- */

static int64_t closure_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

static bool closure_time_ok(struct icaltimetype t)
{
	if (icaltime_is_null_time(t) || !icaltime_is_valid_time(t))
		return false;
	if (t.year < CLOSURE_YEAR_MIN || t.year > CLOSURE_YEAR_MAX ||
	    !date_civil_valid(t.year, t.month, t.day))
		return false;
	return t.is_date || (t.hour >= 0 && t.hour < 24 && t.minute >= 0 &&
			     t.minute < 60 && t.second >= 0 && t.second <= 60);
}

static date_t closure_civil(struct icaltimetype t)
{
	return date_from_civil(t.year, t.month, t.day);
}

/* UTC seconds of a wall-clock time; a floating time is Copenhagen's. */
static int64_t closure_utc_secs(const struct closure_collect *c,
				struct icaltimetype t)
{
	icaltimezone *zone = (icaltimezone *)t.zone;
	int64_t secs = (int64_t)closure_civil(t) * CLOSURE_DAY_SECS +
		       t.hour * 3600 + t.minute * 60 + t.second;
	int dst = 0;

	if (!zone)
		zone = c->cph;
	if (t.is_date || zone == icaltimezone_get_utc_timezone())
		return secs;
	return secs - icaltimezone_get_utc_offset(zone, &t, &dst);
}

static date_t closure_local_date(const struct closure_collect *c, int64_t secs)
{
	struct icaltimetype u = icaltime_null_time();
	int64_t days = closure_floor_div(secs, CLOSURE_DAY_SECS);
	int64_t rem = secs - days * CLOSURE_DAY_SECS;
	int dst = 0, off;

	date_to_civil((date_t)days, &u.year, &u.month, &u.day);
	u.hour = (int)(rem / 3600);
	u.minute = (int)(rem / 60 % 60);
	u.second = (int)(rem % 60);
	u.zone = icaltimezone_get_utc_timezone();
	off = icaltimezone_get_utc_offset_of_utc_time(c->cph, &u, &dst);
	return (date_t)closure_floor_div(secs + off, CLOSURE_DAY_SECS);
}

static struct closure_instant
closure_instant_of(const struct closure_collect *c, struct icaltimetype t)
{
	struct closure_instant in = {.is_date = t.is_date};

	if (t.is_date) {
		in.date = closure_civil(t);
	} else {
		in.secs = closure_utc_secs(c, t);
		in.date = closure_local_date(c, in.secs);
	}
	return in;
}

/* A date on either side compares dates: producers mix the two forms. */
static bool closure_instant_eq(const struct closure_instant *a,
			       const struct closure_instant *b)
{
	if (a->is_date || b->is_date)
		return a->date == b->date;
	return a->secs == b->secs;
}

/* ---- Time zones: refuse TZIDs that libical would open as paths ---- */

/*
 * libical 3.0 opens /usr/share/zoneinfo/<TZID> for a TZID the file does
 * not define, "../" included; only plain zone names may reach it.
 */
static bool closure_tzid_safe(const char *tzid)
{
	static const char prefix[] = "/freeassociation.sourceforge.net/";
	size_t i, n;
	char ch;

	if (strncmp(tzid, prefix, sizeof(prefix) - 1) == 0)
		tzid += sizeof(prefix) - 1;
	n = strlen(tzid);
	if (n == 0 || n > 64 || tzid[n - 1] == '/')
		return false;
	for (i = 0; i < n; i++) {
		ch = tzid[i];
		if ((i == 0 || tzid[i - 1] == '/') && (ch == '/' || ch == '.'))
			return false;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
		      ch == '+' || ch == '/' || ch == '.'))
			return false;
	}
	return true;
}

/* The zone of a property's TZID, the file's own first; NULL = floating. */
static icaltimezone *closure_prop_zone(icalcomponent *cal, icalproperty *p)
{
	icalparameter *param;
	const char *tzid;
	icaltimezone *z;

	param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	tzid = param ? icalparameter_get_tzid(param) : NULL;
	if (!tzid)
		return NULL;
	z = icalcomponent_get_timezone(cal, tzid);
	if (z || !closure_tzid_safe(tzid))
		return z;
	z = icaltimezone_get_builtin_timezone_from_tzid(tzid);
	return z ? z : icaltimezone_get_builtin_timezone(tzid);
}

/*
 * Rewrites unsafe TZIDs before any libical getter resolves them, so that
 * icalcomponent_get_dtstart and friends stay inside the zoneinfo directory.
 */
static void closure_sanitise_event(icalcomponent *cal, icalcomponent *ev)
{
	icalproperty *p;
	icalparameter *param;
	const char *tzid;

	for (p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
		for (param = icalproperty_get_first_parameter(
			     p, ICAL_TZID_PARAMETER);
		     param; param = icalproperty_get_next_parameter(
				    p, ICAL_TZID_PARAMETER)) {
			tzid = icalparameter_get_tzid(param);
			if (tzid && (icalcomponent_get_timezone(cal, tzid) ||
				     closure_tzid_safe(tzid)))
				continue;
			icalparameter_set_tzid(param, "Europe/Copenhagen");
		}
	}
}

/*
 * Real zones change offset once a year; libical expands a VTIMEZONE rule
 * step by step to 2582, so a SECONDLY one would never finish.
 */
static void closure_sanitise_zone(icalcomponent *zone)
{
	icalcomponent *obs;
	icalproperty *p;
	struct icalrecurrencetype r;

	for (obs = icalcomponent_get_first_component(zone, ICAL_ANY_COMPONENT);
	     obs;
	     obs = icalcomponent_get_next_component(zone, ICAL_ANY_COMPONENT)) {
		p = icalcomponent_get_first_property(obs, ICAL_RRULE_PROPERTY);
		while (p) {
			r = icalproperty_get_rrule(p);
			if (r.freq == ICAL_YEARLY_RECURRENCE) {
				p = icalcomponent_get_next_property(
					obs, ICAL_RRULE_PROPERTY);
				continue;
			}
			icalcomponent_remove_property(obs, p);
			icalproperty_free(p);
			p = icalcomponent_get_first_property(
				obs, ICAL_RRULE_PROPERTY);
		}
	}
}

static void closure_sanitise(icalcomponent *cal)
{
	icalcomponent *sub;

	for (sub = icalcomponent_get_first_component(cal,
						     ICAL_VTIMEZONE_COMPONENT);
	     sub; sub = icalcomponent_get_next_component(
			  cal, ICAL_VTIMEZONE_COMPONENT))
		closure_sanitise_zone(sub);
	for (sub = icalcomponent_get_first_component(cal,
						     ICAL_VEVENT_COMPONENT);
	     sub;
	     sub = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		closure_sanitise_event(cal, sub);
}

/* ---- Collecting dates ---- */

static int closure_raw_cmp(const void *a, const void *b)
{
	const struct closure_raw *x = a, *y = b;

	if (x->day.date != y->day.date)
		return x->day.date < y->day.date ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts and keeps each date once, with the first event's summary. */
static void closure_compact(struct closure_collect *c)
{
	size_t i, o = 0;

	if (c->n == 0)
		return;
	qsort(c->raw, c->n, sizeof(*c->raw), closure_raw_cmp);
	for (i = 1; i < c->n; i++)
		if (c->raw[i].day.date != c->raw[o].day.date)
			c->raw[++o] = c->raw[i];
	c->n = o + 1;
}

static enum closure_import_error closure_too_many(struct closure_collect *c)
{
	return closure_import_fail(
		c->err, c->errlen, CLOSURE_TOO_MANY_DAYS,
		"Kalenderen har mere end %zu lukkedage i perioden.",
		c->max_days);
}

static enum closure_import_error closure_too_complex(struct closure_collect *c)
{
	return closure_import_fail(
		c->err, c->errlen, CLOSURE_TOO_MANY_DAYS,
		"Kalenderens gentagelser er for omfattende til at "
		"blive læst.");
}

/*
 * Room for twice max_days before compacting, so a file of overlapping
 * events costs a sort now and then, and memory stays bounded.
 */
static enum closure_import_error
closure_collect_day(struct closure_collect *c, date_t d, const char *summary)
{
	size_t limit = 2 * c->max_days + 16, cap;
	struct closure_raw *p;

	if (c->n == c->cap && c->cap >= limit) {
		closure_compact(c);
		if (c->n > c->max_days)
			return closure_too_many(c);
	}
	if (c->n == c->cap) {
		cap = c->cap ? 2 * c->cap : 64;
		if (cap > limit)
			cap = limit;
		p = realloc(c->raw, cap * sizeof(*p));
		if (!p)
			return CLOSURE_NOMEM;
		c->raw = p;
		c->cap = cap;
	}
	c->raw[c->n].day.date = d;
	memcpy(c->raw[c->n].day.summary, summary, CLOSURE_SUMMARY_SIZE);
	c->raw[c->n].seq = c->seq;
	c->n++;
	return CLOSURE_OK;
}

static bool closure_excluded(const struct closure_event *ev,
			     const struct closure_instant *in)
{
	size_t i;

	for (i = 0; i < ev->nex; i++)
		if (closure_instant_eq(&ev->ex[i], in))
			return true;
	for (i = 0; i < ev->novr; i++)
		if (closure_instant_eq(&ev->ovr[i].at, in))
			return true;
	return false;
}

/*
 * Adds the dates one instance closes: an all-day one span dates, a timed
 * one every Copenhagen date from its start to just before its end.
 */
static enum closure_import_error
closure_instance(struct closure_collect *c, const struct closure_event *ev,
		 const struct closure_instant *in, int64_t dur)
{
	int64_t d, first = in->date, last = in->date;
	enum closure_import_error rc;

	if (closure_excluded(ev, in))
		return CLOSURE_OK;
	if (in->is_date)
		last = first + ev->span - 1;
	else if (dur > 0)
		last = closure_local_date(c, in->secs + dur - 1);
	if (first < c->from)
		first = c->from;
	if (last > c->to)
		last = c->to;
	for (d = first; d <= last; d++) {
		rc = closure_collect_day(c, (date_t)d, ev->summary);
		if (rc != CLOSURE_OK)
			return rc;
	}
	return CLOSURE_OK;
}

static bool closure_out_of_time(const struct closure_collect *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > c->deadline.tv_sec ||
	       (now.tv_sec == c->deadline.tv_sec &&
		now.tv_nsec > c->deadline.tv_nsec);
}

/*
 * Starts the iterator a little before the window, as walking day by day
 * from an old DTSTART is slow; COUNT needs the walk, so it keeps it.
 */
static void closure_skip_ahead(const struct closure_collect *c,
			       const struct closure_event *ev,
			       const struct icalrecurrencetype *r,
			       icalrecur_iterator *it)
{
	int64_t back = ev->span + ev->dur / CLOSURE_DAY_SECS + 2;
	struct icaltimetype jump = ev->start;
	int64_t target = (int64_t)c->from - back;

	if (r->count > 0 || target <= closure_civil(ev->start))
		return;
	date_to_civil((date_t)target, &jump.year, &jump.month, &jump.day);
	if (!icalrecur_iterator_set_start(it, jump))
		icalerror_clear_errno();
}

/*
 * libical 3.0 never returns from a sub-daily rule that cannot match (it
 * walks second by second to the year 2582), and closures need none.
 */
static bool closure_rule_ok(const struct icalrecurrencetype *r)
{
	return r->freq == ICAL_DAILY_RECURRENCE ||
	       r->freq == ICAL_WEEKLY_RECURRENCE ||
	       r->freq == ICAL_MONTHLY_RECURRENCE ||
	       r->freq == ICAL_YEARLY_RECURRENCE;
}

static enum closure_import_error closure_rrule(struct closure_collect *c,
					       const struct closure_event *ev,
					       icalproperty *p)
{
	struct icalrecurrencetype r = icalproperty_get_rrule(p);
	enum closure_import_error rc = CLOSURE_OK;
	struct closure_instant in;
	icalrecur_iterator *it;
	struct icaltimetype t;

	it = closure_rule_ok(&r) ? icalrecur_iterator_new(r, ev->start) : NULL;
	if (!it) {
		icalerror_clear_errno();
		c->skipped++;
		return CLOSURE_OK;
	}
	closure_skip_ahead(c, ev, &r, it);
	for (;;) {
		c->steps++;
		if (c->steps > CLOSURE_MAX_STEPS || closure_out_of_time(c)) {
			rc = closure_too_complex(c);
			break;
		}
		t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t) || !closure_time_ok(t))
			break;
		t.zone = ev->start.zone;
		in = closure_instant_of(c, t);
		if (in.date > c->to)
			break;
		rc = closure_instance(c, ev, &in, ev->dur);
		if (rc != CLOSURE_OK)
			break;
	}
	icalrecur_iterator_free(it);
	return rc;
}

/* An RDATE is a date, a date-time, or a PERIOD with its own length. */
static enum closure_import_error closure_rdate(struct closure_collect *c,
					       const struct closure_event *ev,
					       icalproperty *p)
{
	struct icaldatetimeperiodtype rd = icalproperty_get_rdate(p);
	icaltimezone *zone = closure_prop_zone(c->cal, p);
	struct icaltimetype t = rd.time, end = icaltime_null_time();
	struct closure_instant in;
	int64_t dur = ev->dur;

	if (!icaltime_is_null_time(rd.period.start)) {
		t = rd.period.start;
		end = rd.period.end;
		dur = icaldurationtype_as_int(rd.period.duration);
	}
	if (!closure_time_ok(t)) {
		c->skipped++;
		return CLOSURE_OK;
	}
	if (!icaltime_is_utc(t))
		t.zone = zone;
	in = closure_instant_of(c, t);
	if (!icaltime_is_null_time(end) && closure_time_ok(end)) {
		if (!icaltime_is_utc(end))
			end.zone = zone;
		dur = closure_utc_secs(c, end) - in.secs;
	}
	return closure_instance(c, ev, &in, dur < 0 ? 0 : dur);
}

static int closure_exdates(struct closure_collect *c, icalcomponent *e,
			   struct closure_event *ev)
{
	icalproperty *p;
	struct icaltimetype t;
	size_t n = 0;

	for (p = icalcomponent_get_first_property(e, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(e, ICAL_EXDATE_PROPERTY))
		n++;
	if (n == 0)
		return 0;
	ev->ex = calloc(n, sizeof(*ev->ex));
	if (!ev->ex)
		return -1;
	for (p = icalcomponent_get_first_property(e, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(e, ICAL_EXDATE_PROPERTY)) {
		t = icalproperty_get_exdate(p);
		if (!closure_time_ok(t))
			continue;
		/* libical 3.0 looks EXDATE's TZID up among built-ins only. */
		if (!icaltime_is_utc(t))
			t.zone = closure_prop_zone(c->cal, p);
		ev->ex[ev->nex++] = closure_instant_of(c, t);
	}
	return 0;
}

static int closure_override_cmp(const void *a, const void *b)
{
	const struct closure_override *x = a, *y = b;

	return strcmp(x->uid, y->uid);
}

/* Finds the overrides of the event with uid in the sorted table. */
static void closure_find_overrides(const struct closure_collect *c,
				   const char *uid, struct closure_event *ev)
{
	size_t lo = 0, hi = c->novr, mid, end;

	/* No overrides: c->ovr is NULL, and NULL + 0 is undefined. */
	if (!uid || c->novr == 0)
		return;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(c->ovr[mid].uid, uid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < c->novr && strcmp(c->ovr[end].uid, uid) == 0;)
		end++;
	ev->ovr = c->ovr + lo;
	ev->novr = end - lo;
}

/* DTEND (or DURATION, or libical's default) as a span or a duration. */
static void closure_extent(const struct closure_collect *c, icalcomponent *e,
			   struct closure_event *ev)
{
	struct icaltimetype end = icalcomponent_get_dtend(e);
	int64_t span = 1, dur = 0;

	if (closure_time_ok(end)) {
		if (ev->start.is_date)
			span = (int64_t)closure_civil(end) -
			       closure_civil(ev->start) +
			       (!end.is_date && (end.hour || end.minute));
		else
			dur = closure_utc_secs(c, end) -
			      closure_utc_secs(c, ev->start);
	}
	/* Bounded so the arithmetic cannot overflow; the window clips it. */
	if (span < 1)
		span = 1;
	if (span > 400 * 366)
		span = 400 * 366;
	if (dur < 0)
		dur = 0;
	if (dur > 400 * 366 * CLOSURE_DAY_SECS)
		dur = 400 * 366 * CLOSURE_DAY_SECS;
	ev->span = (int)span;
	ev->dur = dur;
}

/*
 * libical drops a property it cannot parse and leaves an X-LIC-ERROR
 * naming it; a lost rule, EXDATE or end changes the dates, so say so.
 */
static size_t closure_dropped(icalcomponent *e)
{
	static const char *const names[] = {
		" in RRULE property",	 " in RDATE property",
		" in EXDATE property",	 " in DTEND property",
		" in DURATION property",
	};
	const char *text;
	icalproperty *p;
	size_t i, n = 0;

	for (p = icalcomponent_get_first_property(e, ICAL_XLICERROR_PROPERTY);
	     p;
	     p = icalcomponent_get_next_property(e, ICAL_XLICERROR_PROPERTY)) {
		text = icalproperty_get_xlicerror(p);
		for (i = 0; text && i < sizeof(names) / sizeof(names[0]); i++)
			if (strstr(text, names[i])) {
				n++;
				break;
			}
	}
	return n;
}

static enum closure_import_error closure_event(struct closure_collect *c,
					       icalcomponent *e)
{
	struct closure_event ev = {.ex = NULL};
	enum closure_import_error rc = CLOSURE_OK;
	struct closure_instant in;
	icalproperty *p;

	if (icalcomponent_get_status(e) == ICAL_STATUS_CANCELLED)
		return CLOSURE_OK;
	ev.start = icalcomponent_get_dtstart(e);
	if (!closure_time_ok(ev.start)) {
		c->skipped++;
		return CLOSURE_OK;
	}
	c->skipped += closure_dropped(e);
	closure_extent(c, e, &ev);
	closure_summary(icalcomponent_get_summary(e), ev.summary);
	if (!icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY))
		closure_find_overrides(c, icalcomponent_get_uid(e), &ev);
	if (closure_exdates(c, e, &ev) < 0) {
		rc = CLOSURE_NOMEM;
		goto out;
	}
	c->seq++;
	in = closure_instant_of(c, ev.start);
	rc = closure_instance(c, &ev, &in, ev.dur);
	for (p = icalcomponent_get_first_property(e, ICAL_RRULE_PROPERTY);
	     p && rc == CLOSURE_OK;
	     p = icalcomponent_get_next_property(e, ICAL_RRULE_PROPERTY))
		rc = closure_rrule(c, &ev, p);
	for (p = icalcomponent_get_first_property(e, ICAL_RDATE_PROPERTY);
	     p && rc == CLOSURE_OK;
	     p = icalcomponent_get_next_property(e, ICAL_RDATE_PROPERTY))
		rc = closure_rdate(c, &ev, p);
out:
	free(ev.ex);
	return rc;
}

/*
 * A VEVENT with RECURRENCE-ID replaces one instance of the recurring event
 * with its UID (moved or cancelled): that instance must not close its
 * original date.
 */
static int closure_overrides(struct closure_collect *c)
{
	icalcomponent *e;
	icalproperty *p;
	struct icaltimetype t;
	const char *uid;
	size_t n = 0;

	for (e = icalcomponent_get_first_component(c->cal,
						   ICAL_VEVENT_COMPONENT);
	     e; e = icalcomponent_get_next_component(c->cal,
						     ICAL_VEVENT_COMPONENT))
		if (icalcomponent_get_first_property(
			    e, ICAL_RECURRENCEID_PROPERTY))
			n++;
	c->novr = 0;
	if (n == 0)
		return 0;
	c->ovr = calloc(n, sizeof(*c->ovr));
	if (!c->ovr)
		return -1;
	for (e = icalcomponent_get_first_component(c->cal,
						   ICAL_VEVENT_COMPONENT);
	     e; e = icalcomponent_get_next_component(c->cal,
						     ICAL_VEVENT_COMPONENT)) {
		uid = icalcomponent_get_uid(e);
		p = icalcomponent_get_first_property(
			e, ICAL_RECURRENCEID_PROPERTY);
		if (!p || !uid)
			continue;
		t = icalproperty_get_recurrenceid(p);
		if (!closure_time_ok(t))
			continue;
		if (!icaltime_is_utc(t))
			t.zone = closure_prop_zone(c->cal, p);
		c->ovr[c->novr].uid = uid;
		c->ovr[c->novr].at = closure_instant_of(c, t);
		c->novr++;
	}
	qsort(c->ovr, c->novr, sizeof(*c->ovr), closure_override_cmp);
	return 0;
}

static enum closure_import_error closure_calendar(struct closure_collect *c,
						  icalcomponent *cal)
{
	enum closure_import_error rc = CLOSURE_OK;
	icalcomponent *e;

	c->cal = cal;
	closure_sanitise(cal);
	if (closure_overrides(c) < 0)
		return CLOSURE_NOMEM;
	for (e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	     e && rc == CLOSURE_OK;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		if (closure_out_of_time(c))
			rc = closure_too_complex(c);
		else
			rc = closure_event(c, e);
	}
	free(c->ovr);
	c->ovr = NULL;
	c->novr = 0;
	return rc;
}

static enum closure_import_error closure_root(struct closure_collect *c,
					      icalcomponent *root)
{
	enum closure_import_error rc = CLOSURE_OK;
	icalcomponent *cal;

	if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
		return closure_calendar(c, root);
	/* Several VCALENDARs in one file come back wrapped in an XROOT. */
	for (cal = icalcomponent_get_first_component(root,
						     ICAL_VCALENDAR_COMPONENT);
	     cal && rc == CLOSURE_OK; cal = icalcomponent_get_next_component(
					      root, ICAL_VCALENDAR_COMPONENT))
		rc = closure_calendar(c, cal);
	return rc;
}

/* Moves the collected dates into list; the caller frees them. */
static enum closure_import_error closure_finish(struct closure_collect *c,
						struct closure_list *list)
{
	size_t i;

	closure_compact(c);
	if (c->n > c->max_days)
		return closure_too_many(c);
	list->skipped = c->skipped;
	if (c->n == 0)
		return CLOSURE_OK;
	list->days = malloc(c->n * sizeof(*list->days));
	if (!list->days)
		return CLOSURE_NOMEM;
	for (i = 0; i < c->n; i++)
		list->days[i] = c->raw[i].day;
	list->n = c->n;
	return CLOSURE_OK;
}

static void closure_start(struct closure_collect *c, date_t from, date_t to,
			  size_t max_days, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->from = from;
	c->to = to;
	c->max_days = max_days ? max_days
			       : closure_import_default_limits.max_days;
	if (c->max_days > CLOSURE_MAX_DAYS_CAP)
		c->max_days = CLOSURE_MAX_DAYS_CAP;
	c->err = err;
	c->errlen = errlen;
	clock_gettime(CLOCK_MONOTONIC, &c->deadline);
	c->deadline.tv_sec += CLOSURE_BUDGET_MS / 1000;
	c->deadline.tv_nsec += (long)(CLOSURE_BUDGET_MS % 1000) * 1000000L;
	if (c->deadline.tv_nsec >= 1000000000L) {
		c->deadline.tv_sec++;
		c->deadline.tv_nsec -= 1000000000L;
	}
	/* libical loads built-in zones under its own lock; they are shared. */
	c->cph = icaltimezone_get_builtin_timezone("Europe/Copenhagen");
	if (!c->cph)
		c->cph = icaltimezone_get_utc_timezone();
}

enum closure_import_error closure_import_parse(const char *text, size_t len,
					       date_t from, date_t to,
					       size_t max_days,
					       struct closure_list *list,
					       char *err, size_t errlen)
{
	static const char bom[] = "\xef\xbb\xbf";
	enum closure_import_error rc;
	struct closure_collect c;
	icalcomponent *root = NULL;
	char *copy = NULL;

	list->days = NULL;
	list->n = 0;
	list->skipped = 0;
	if (err && errlen)
		err[0] = '\0';
	closure_start(&c, from, to, max_days, err, errlen);
	if (!text)
		len = 0;
	if (len >= 3 && memcmp(text, bom, 3) == 0) {
		text += 3;
		len -= 3;
	}
	rc = CLOSURE_NOMEM;
	copy = malloc(len + 2);
	if (!copy)
		goto out;
	rc = len ? closure_canon(text, len, copy) : CLOSURE_NOT_ICALENDAR;
	if (rc != CLOSURE_OK)
		goto out;
	/* libical's errno is per thread, but whatever set it before is stale.
	 */
	icalerror_clear_errno();
	root = icalparser_parse_string(copy);
	rc = root ? closure_root(&c, root) : CLOSURE_NOT_ICALENDAR;
	if (rc == CLOSURE_OK)
		rc = closure_finish(&c, list);
out:
	if (rc == CLOSURE_NOT_ICALENDAR || rc == CLOSURE_TOO_DEEP ||
	    rc == CLOSURE_NOMEM)
		closure_import_fail(err, errlen, rc, "%s",
				    closure_import_error_message(rc));
	if (rc != CLOSURE_OK)
		closure_list_free(list);
	if (root)
		icalcomponent_free(root);
	free(copy);
	free(c.raw);
	icalerror_clear_errno();
	return rc;
}
