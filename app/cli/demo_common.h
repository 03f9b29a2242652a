/*
 * demo_common: what both scales of the demo share: course dates relative
 * to today, ASCII slugs of Danish names for e-mail addresses, and the
 * demo's members of staff as actors.
 */
#ifndef MESTRING_DEMO_COMMON_H
#define MESTRING_DEMO_COMMON_H

#include "date.h"

#include <stddef.h>

struct actor;

/* The first working Monday-to-Thursday on or after the Monday weeks_ago
 * weeks before today (negative: after). */
date_t demo_first_day(date_t today, int weeks_ago);
/* d, or the Monday after when d falls on a weekend. */
date_t demo_weekday(date_t d);
date_t demo_min(date_t a, date_t b);

/*
 * An ASCII slug of a Danish name for e-mail addresses: lower case, æøå
 * spelt out, blanks as dots, other marks dropped. out holds len bytes.
 */
void demo_slug(const char *in, char *out, size_t len);

/*
 * The actor of the demo user email, as their session would make it, from
 * the client "demo". email must outlive *a. 0, or -1 (said on stderr).
 */
int demo_actor(const char *email, struct actor *a);

#endif
