/*
 * agreement_page: the internship agreement guide's page (the form with the
 * latest version and the versions), its post and printable page, the
 * participant page's summary of it, and the API twins, which read a
 * version through the same reader.
 */
#ifndef MESTRING_AGREEMENT_PAGE_H
#define MESTRING_AGREEMENT_PAGE_H

struct participant;
struct req;
struct view;

/* Adds the latest version's summary ("agreement_*") to the participant
 * page's view v. 0 or -1. */
int agreement_page_summary(struct req *r, const struct participant *p,
			   struct view *v);

int agreement_page_show(struct req *r);	 /* GET .../{id}/agreement */
int agreement_page_save(struct req *r);	 /* POST .../{id}/agreement */
int agreement_page_print(struct req *r); /* GET .../print[?version=N] */
int agreement_api_get(struct req *r);
int agreement_api_save(struct req *r);

#endif
