/*
 * demo_companies: the host companies of the demo. The small demo's are
 * registered by its enterprise consultant through company_create (sizes
 * from 3 employees, whose cap is one intern, to well over a hundred),
 * each with its contact persons; the national demo gets a few per job
 * centre by direct INSERTs, cheap enough for scripts/bench.
 */
#ifndef MESTRING_DEMO_COMPANIES_H
#define MESTRING_DEMO_COMPANIES_H

#include "date.h"

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

/* The small demo's companies, kept by a's organisation (the demo
 * consultant's job centre). 0 or -1 (said on stderr). */
int demo_companies_add(const struct actor *a);

/* Companies per job centre in the national demo. */
#define DEMO_COMPANIES_PER_CENTRE 3

/*
 * DEMO_COMPANIES_PER_CENTRE companies with one or two contacts each for
 * every job centre of orgs[0..n) (towns[i]: its postcode and town, for the
 * address), in w's open transaction, as of today; *made counts them.
 * 0 or -1.
 */
int demo_companies_national(struct db *w, date_t today, const int64_t *orgs,
			    const char *const *towns, size_t n, long *made);

#endif
