/*
 * demo_common: dates, slugs and actors for both scales of the demo.
 */
#include "demo_common.h"

#include "actor.h"
#include "db.h"
#include "demo_people.h"
#include "plan.h"
#include "role.h"
#include "user.h"

#include <stdint.h>
#include <stdio.h>
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

int demo_actor(const char *email, struct actor *a)
{
	/* Who looks the user up: the audit says "system" from "demo". */
	static const struct actor system = {0, 0, ROLE__MAX, "system", "demo"};
	struct db *db = db_reader();
	struct user u;
	int64_t id = user_find(db, email);

	if (id <= 0 || user_get(db, &system, id, &u) != 0) {
		fprintf(stderr, "mestring: demo user %s is missing\n", email);
		return -1;
	}
	*a = (struct actor){u.id, u.organisation_id, u.role, email, "demo"};
	return 0;
}
