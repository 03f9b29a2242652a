/*
 * company_page: the host companies' HTML pages (the list with its search,
 * the form for a new company and for a change, the company's own page
 * with its cap, contacts and internships) and the posts behind them, all
 * read through company_form and written through company.h.
 */
#ifndef MESTRING_COMPANY_PAGE_H
#define MESTRING_COMPANY_PAGE_H

struct req;

int company_page_list(struct req *r);	 /* GET /companies[?q=] */
int company_page_new(struct req *r);	 /* GET /companies/new */
int company_page_create(struct req *r);	 /* POST /companies */
int company_page_show(struct req *r);	 /* GET /companies/{id} */
int company_page_edit(struct req *r);	 /* GET /companies/{id}/edit */
int company_page_update(struct req *r);	 /* POST /companies/{id} */
int company_page_contact(struct req *r); /* POST /companies/{id}/contacts */

#endif
