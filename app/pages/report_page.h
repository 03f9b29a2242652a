/*
 * report_page: the outcome report as a page, as CSV for Danish Excel and
 * as JSON, filtered by job centre and year read from the query string.
 */
#ifndef MESTRING_REPORT_PAGE_H
#define MESTRING_REPORT_PAGE_H

struct req;

int report_page_show(struct req *r);  /* GET /reports */
int report_page_csv(struct req *r);   /* GET /reports/outcomes.csv */
int report_api_cohort(struct req *r); /* GET /api/v1/cohorts/{id}/report */
int report_api(struct req *r);	      /* GET /api/v1/reports */

#endif
