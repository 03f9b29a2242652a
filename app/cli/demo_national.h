/*
 * demo_national: the national scale of the demo (`mestring demo --scale
 * national`), for scripts/bench.
 */
#ifndef MESTRING_DEMO_NATIONAL_H
#define MESTRING_DEMO_NATIONAL_H

/*
 * Adds ~98 job centres with their staff (password for all: password),
 * ~1,700 cohorts, ~20,000 citizens with their histories and outcomes and
 * their attendance to the small demo's database, and prints what it made
 * and how long it took. 0, or -1 with the reason on stderr.
 */
int demo_national_fill(const char *password);

#endif
