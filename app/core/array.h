/*
 * array: growing a caller's array of fixed-size items by doubling, with
 * the overflow checks done once.
 */
#ifndef MESTRING_ARRAY_H
#define MESTRING_ARRAY_H

#include <stddef.h>

/*
 * Makes *items hold at least need items of size bytes, doubling *cap from
 * at least 8; *items may be NULL with *cap 0. 0, or -1 (out of memory or
 * overflow) with *items and *cap as they were. The caller frees *items.
 */
int array_reserve(void **items, size_t *cap, size_t need, size_t size);

/* ARRAY_PUSH_SLOT(p, n, cap): room for one more item of *p; the index of
 * the new last item (n is then incremented), or -1. */
#define ARRAY_PUSH(p, n, cap)                                                  \
	(array_reserve((void **)&(p), &(cap), (n) + 1, sizeof(*(p))) < 0       \
		 ? -1                                                          \
		 : (long)(n)++)

#endif
