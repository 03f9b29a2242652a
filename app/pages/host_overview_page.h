/*
 * host_overview_page: the start page's internship panels (weeks without
 * feedback, the hosts' signals with a button to mark one seen, internships
 * starting soon without consent or plan, today's status meetings) and the
 * post that marks a signal seen.
 */
#ifndef MESTRING_HOST_OVERVIEW_PAGE_H
#define MESTRING_HOST_OVERVIEW_PAGE_H

#include <stdbool.h>

struct actor;
struct req;
struct view;
enum role;

/* Does role's start page show the internship panels? */
bool host_overview_page_shown(enum role role);
/*
 * Adds the panels to v ("follows_internships" true, the lists
 * "host_no_feedback", "host_alerts", "host_starting", "host_meetings"),
 * and audits the participants shown as a list read. 0 or -1.
 */
int host_overview_page_start(struct req *r, const struct actor *a,
			     struct view *v);

int host_overview_page_seen(struct req *r); /* POST /host-alerts/{id}/seen */
/* POST /api/v1/host-alerts/{id}/seen: {"id", "seen": true}. */
int host_overview_api_seen(struct req *r);

#endif
