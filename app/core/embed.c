/*
 * Look-up in the tables of files compiled into the binary.
 */
#include "embed.h"

#include <string.h>

const struct embed_file *embed_find(const struct embed_file *table,
				    const char *name)
{
	for (; table->name != NULL; table++)
		if (strcmp(table->name, name) == 0)
			return table;
	return NULL;
}
