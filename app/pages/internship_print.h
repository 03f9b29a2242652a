/*
 * internship_print: the printable internship agreement for signatures:
 * the parties, purpose, tasks, dates, hours per week from the step-up
 * plan, the teaching day off and the signature lines. No CPR number and
 * nothing of the citizen's health; audited as a read.
 */
#ifndef MESTRING_INTERNSHIP_PRINT_H
#define MESTRING_INTERNSHIP_PRINT_H

struct req;

int internship_page_print(struct req *r); /* GET /internships/{id}/print */

#endif
