/*
 * aftercare: "efterværn" by need after the internship: level 1 (continued
 * internship and mentor), 2 (internship or mentor) or 3 (other activities
 * or the caseworker's follow-up, with or without a mentor), each with a
 * period and notes (encrypted).
 */
#ifndef MESTRING_AFTERCARE_H
#define MESTRING_AFTERCARE_H

struct participant;
struct req;
struct view;

/* Adds the list "aftercare" to the participant page's view v. 0 or -1. */
int aftercare_view_list(struct req *r, const struct participant *p,
			struct view *v);

int aftercare_add(struct req *r); /* POST /participants/{id}/aftercare */
int aftercare_api_list(struct req *r);
int aftercare_api_add(struct req *r);

#endif
