/*
 * feed_page: the public handler of the calendar feeds. The link's token is
 * the credential; the feed and its validators come from calendars/feed.h.
 */
#ifndef MESTRING_FEED_PAGE_H
#define MESTRING_FEED_PAGE_H

struct req;

int feed_page_serve(struct req *r); /* GET and HEAD /calendar/{token} */

#endif
