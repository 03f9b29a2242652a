/*
 * ics_read: a feed read back by libical and by python3-icalendar, for the
 * unit and HTTP tests of calendars/.
 */
#include "ics_read.h"

#include "buf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Debian's, which has icalendar (a pyenv python3 on PATH may not). */
#define ICS_READ_PYTHON "/usr/bin/python3"

icalcomponent *ics_read_libical(const char *text)
{
	icalcomponent *cal = icalparser_parse_string(text);

	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	return cal;
}

icalcomponent *ics_read_event(icalcomponent *cal, const char *uid)
{
	icalcomponent *ev;

	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	     ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(ev), uid) == 0)
			return ev;
	return NULL;
}

cJSON *ics_read_python(const void *data, size_t len)
{
	const char *dir = getenv("MESTRING_TEST_DATA");
	char path[] = "/tmp/mestring-ics-XXXXXX", cmd[4200], chunk[4096];
	struct buf out = BUF_INIT(0);
	cJSON *j;
	FILE *fp;
	size_t n;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s %s/ics_check.py %s", ICS_READ_PYTHON,
		 dir ? dir : "tests/data", path);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&out, chunk, n);
	assert_int_equal(pclose(fp), 0);
	unlink(path);
	j = cJSON_Parse(out.data);
	if (j == NULL)
		fail_msg("ics_check.py printed: %s", out.data);
	buf_free(&out);
	return j;
}

const cJSON *ics_read_py_event(const cJSON *root, const char *uid)
{
	const cJSON *ev;

	cJSON_ArrayForEach(ev, cJSON_GetObjectItem(root, "events"))
	{
		const cJSON *u = cJSON_GetObjectItem(ev, "uid");

		if (cJSON_IsString(u) && strcmp(u->valuestring, uid) == 0)
			return ev;
	}
	return NULL;
}
