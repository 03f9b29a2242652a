/*
 * aftercare_page: a participant's aftercare on the participant page (the
 * periods and the form to add one), its post, and the API twins, which
 * read a period through the same reader.
 */
#ifndef MESTRING_AFTERCARE_PAGE_H
#define MESTRING_AFTERCARE_PAGE_H

struct participant;
struct req;
struct view;

/* Adds the list "aftercare" (and "aftercare_levels" and the flags) to the
 * participant page's view v. 0 or -1. */
int aftercare_page_view(struct req *r, const struct participant *p,
			struct view *v);

int aftercare_page_add(struct req *r); /* POST .../{id}/aftercare */
int aftercare_api_list(struct req *r); /* GET .../{id}/aftercare */
int aftercare_api_add(struct req *r);  /* POST .../{id}/aftercare */

#endif
