/*
 * bench_plan: how long deriving a cohort's default plan takes. Run by
 * scripts/bench, which writes the result into docs/performance.md; never a
 * test (timings on a shared machine are noise, not pass or fail).
 */
#include "date.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BENCH_ROUNDS 7
#define BENCH_PLANS  20000

static double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	double us[BENCH_ROUNDS], t;
	date_t first = date_from_civil(2026, 1, 5);
	long days = 0;
	int r, i, n;

	/* Starts on every Monday of ~4 years, so holidays move about. */
	for (r = 0; r < BENCH_ROUNDS; r++) {
		t = bench_now();
		for (i = 0; i < BENCH_PLANS; i++) {
			/* A Monday that is a holiday is refused, as it
			 * should be; that is timed too. */
			n = plan_bench_default(
				date_add_days(first, 7 * (i % 200)));
			if (n > 0)
				days += n;
		}
		us[r] = (bench_now() - t) * 1e6 / BENCH_PLANS;
	}
	if (days == 0) {
		fprintf(stderr, "bench_plan: no plan could be derived\n");
		return 1;
	}
	qsort(us, BENCH_ROUNDS, sizeof(us[0]), bench_cmp);
	printf("%.2f %ld\n", us[BENCH_ROUNDS / 2],
	       days / BENCH_ROUNDS / BENCH_PLANS);
	return 0;
}
