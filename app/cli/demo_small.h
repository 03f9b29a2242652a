/*
 * demo_small: the small demo (`mestring demo`): demo_people.c's world
 * played through the domain calls the pages use.
 */
#ifndef MESTRING_DEMO_SMALL_H
#define MESTRING_DEMO_SMALL_H

/*
 * Fills the open, empty database (db_pool_open) with the organisations,
 * the staff (password for all: password), the cohorts with their
 * citizens' histories as far as today, talks, aftercare, the agreement
 * guide and attendance marks. 0, or -1 with the reason on stderr.
 */
int demo_small_fill(const char *password);

#endif
