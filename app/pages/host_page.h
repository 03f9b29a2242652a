/*
 * host_page: the internship host's pages behind their link (no account:
 * the token in the path is the credential): the page at phone size that
 * works without JavaScript, the week's feedback, the stop, and the
 * printout of what they wrote. An expired or revoked link shows who to
 * contact.
 */
#ifndef MESTRING_HOST_PAGE_H
#define MESTRING_HOST_PAGE_H

struct req;

int host_page_show(struct req *r);     /* GET /host/{token}[?uge=N] */
int host_page_feedback(struct req *r); /* POST /host/{token}/feedback */
int host_page_stop(struct req *r);     /* POST /host/{token}/stop */
int host_page_print(struct req *r);    /* GET /host/{token}/print */

#endif
