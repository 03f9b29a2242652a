/*
 * talk: preparation talks ("forberedende samtaler") of a participant with
 * the caseworker, the instructor, an enterprise consultant or the mentor:
 * planned with time and place, then held (with notes, encrypted) or
 * cancelled. Their changes bump a sequence for the calendar feeds.
 */
#ifndef MESTRING_TALK_H
#define MESTRING_TALK_H

struct participant;
struct req;
struct view;

/* Adds the list "talks" (and "talk_kinds", "may_plan_talks") to the
 * participant page's view v. 0 or -1. */
int talk_view_list(struct req *r, const struct participant *p,
		   struct view *v);

int talk_add(struct req *r);    /* POST /participants/{id}/talks */
int talk_update(struct req *r); /* POST /talks/{id} */
int talk_api_list(struct req *r);
int talk_api_add(struct req *r);
int talk_api_update(struct req *r);

#endif
