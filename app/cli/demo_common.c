/*
 * demo_common: dates and slugs for both scales of the demo.
 */
#include "demo_common.h"

#include "demo_people.h"
#include "plan.h"

#include <string.h>

date_t demo_first_day(date_t today, int weeks_ago)
{
	struct plan_input in;
	date_t d = date_add_days(date_monday(today), -7 * weeks_ago);

	plan_input_defaults(&in);
	while (!plan_is_working_day(&in, d) || date_weekday(d) > 4)
		d = date_add_days(d, 1);
	return d;
}

date_t demo_weekday(date_t d)
{
	while (date_is_weekend(d))
		d = date_add_days(d, 1);
	return d;
}

date_t demo_min(date_t a, date_t b)
{
	return a < b ? a : b;
}

void demo_slug(const char *in, char *out, size_t len)
{
	static const char *const map[][2] = {
		{"æ", "ae"}, {"ø", "oe"}, {"å", "aa"}, {"Æ", "ae"},
		{"Ø", "oe"}, {"Å", "aa"}, {"é", "e"},  {"ó", "o"},
		{"ö", "o"},  {"ü", "u"},  {"ä", "a"},  {"ł", "l"},
	};
	size_t n = 0, i, k;

	for (; *in && n + 3 < len; in++) {
		unsigned char ch = (unsigned char)*in;

		if (ch >= 0x80) {
			for (i = 0; i < DEMO_LEN(map); i++) {
				k = strlen(map[i][0]);
				if (strncmp(in, map[i][0], k) == 0)
					break;
			}
			if (i < DEMO_LEN(map)) {
				memcpy(out + n, map[i][1], strlen(map[i][1]));
				n += strlen(map[i][1]);
				in += k - 1;
			}
			/* Skip the rest of an unmapped character. */
			while (i == DEMO_LEN(map) &&
			       ((unsigned char)in[1] & 0xc0) == 0x80)
				in++;
		} else if (ch >= 'A' && ch <= 'Z') {
			out[n++] = (char)(ch - 'A' + 'a');
		} else if ((ch >= 'a' && ch <= 'z') ||
			   (ch >= '0' && ch <= '9') || ch == '-') {
			out[n++] = (char)ch;
		} else if (ch == ' ' && n > 0 && out[n - 1] != '.') {
			out[n++] = '.';
		}
	}
	out[n] = '\0';
}
