/*
 * ics_read: reads a feed back the two independent ways the tests compare
 * with the database: libical, and Debian's python3-icalendar through
 * tests/data/ics_check.py. Both fail the running cmocka test themselves
 * when the feed does not parse.
 */
#ifndef MESTRING_ICS_READ_H
#define MESTRING_ICS_READ_H

#include <cjson/cJSON.h>
#include <libical/ical.h>
#include <stddef.h>

/* The VCALENDAR parsed by libical, without errors; free with
 * icalcomponent_free. */
icalcomponent *ics_read_libical(const char *text);
/* The VEVENT with this UID, or NULL. */
icalcomponent *ics_read_event(icalcomponent *cal, const char *uid);

/* What ics_check.py prints for the feed: {"events": [...], ...}; free
 * with cJSON_Delete. */
cJSON *ics_read_python(const void *data, size_t len);
/* The event with this "uid" in that answer, or NULL. */
const cJSON *ics_read_py_event(const cJSON *root, const char *uid);

#endif
