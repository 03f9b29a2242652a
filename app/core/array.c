/*
 * array: doubling growth for the project's arrays (array.h).
 */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>

int array_reserve(void **items, size_t *cap, size_t need, size_t size)
{
	size_t want = *cap ? *cap : 8;
	void *grown;

	if (need <= *cap)
		return 0;
	while (want < need) {
		if (want > SIZE_MAX / 2)
			return -1;
		want *= 2;
	}
	if (size == 0 || want > SIZE_MAX / size)
		return -1;
	grown = realloc(*items, want * size);
	if (grown == NULL)
		return -1;
	*items = grown;
	*cap = want;
	return 0;
}
