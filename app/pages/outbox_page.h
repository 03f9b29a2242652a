/*
 * outbox_page: the administrator's "Mailkø": queued, failing and sent
 * mail, without the bodies.
 */
#ifndef MESTRING_OUTBOX_PAGE_H
#define MESTRING_OUTBOX_PAGE_H

struct req;

int outbox_page_list(struct req *r); /* GET /outbox */

#endif
