/*
 * audit_page: the administrator's view of the audit log, as a page and as
 * its API twin, filtered the same way.
 */
#ifndef MESTRING_AUDIT_PAGE_H
#define MESTRING_AUDIT_PAGE_H

struct req;

int audit_page_list(struct req *r); /* GET /audit */
int audit_page_api(struct req *r);  /* GET /api/v1/audit */

#endif
