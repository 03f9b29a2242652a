/*
 * calendar_page: calendar links on pages and in the API: a participant's
 * printable handout with its QR code, rotating and revoking that link
 * (page and API twins), the panels the participant page and the account
 * page show, and rotating one's own links. The feed itself is
 * feed_page.h.
 */
#ifndef MESTRING_CALENDAR_PAGE_H
#define MESTRING_CALENDAR_PAGE_H

struct participant;
struct req;
struct view;

/* Sets https, webcal, qr_path and qr_size on v for a link's token. 0 or
 * -1. */
int calendar_view_links(struct view *v, const char *token);
/* Answers {"https": ..., "webcal": ...} of a link's token. */
int calendar_api_links(struct req *r, const char *token);

/* The participant page's "Kalender" panel: whether there is a live link
 * and what r's user may do with it. 0 or -1. */
int calendar_view_participant(struct req *r, const struct participant *p,
			      struct view *v);
/* The account page's "Kalenderabonnement" section: r's user's own feeds,
 * each made on first view. 0 or -1. */
int calendar_view_account(struct req *r, struct view *v);

int calendar_page_handout(struct req *r); /* GET /participants/{id}/calendar */
int calendar_page_rotate(struct req *r);  /* POST .../calendar/rotate */
int calendar_page_revoke(struct req *r);  /* POST .../calendar/revoke */
/* POST /account/calendar/rotate: one of r's user's own links. */
int calendar_page_account_rotate(struct req *r);

/* GET /api/v1/participants/{id}/calendar: {"https", "webcal"} of the
 * participant's link; its rotate (the new link) and revoke. */
int calendar_api_get(struct req *r);
int calendar_api_rotate(struct req *r); /* POST .../calendar/rotate */
int calendar_api_revoke(struct req *r); /* POST .../calendar/revoke */

#endif
