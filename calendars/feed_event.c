/*
 * feed_event: the state and rules the event sources of one feed share.
 */
#include "feed_event.h"

#include <stdio.h>

void feed_seen(struct feed *f, int64_t t)
{
	if (t > f->last_modified)
		f->last_modified = t;
}

bool feed_keep_cancelled(struct feed *f, int64_t at)
{
	if (at + FEED_CANCELLED_KEEP >= f->now) {
		if (at + FEED_CANCELLED_KEEP + 1 < f->expires)
			f->expires = at + FEED_CANCELLED_KEEP + 1;
		return true;
	}
	feed_seen(f, at + FEED_CANCELLED_KEEP);
	return false;
}

void feed_summary(char *out, size_t len, bool cancelled, const char *text,
		  const char *suffix)
{
	snprintf(out, len, "%s%s%s%s", cancelled ? "Aflyst: " : "", text,
		 suffix && *suffix ? " – " : "", suffix ? suffix : "");
}
