/*
 * Files compiled into the binary by app/tools/embed.c: web assets,
 * templates and SQL migrations. Each table ends with a NULL name.
 */
#ifndef MESTRING_EMBED_H
#define MESTRING_EMBED_H

#include <stddef.h>

struct embed_file {
	const char *name;	   /* path relative to its folder */
	const unsigned char *data; /* NUL-terminated for text use */
	size_t size;		   /* bytes, excluding that NUL */
};

extern const struct embed_file embed_static[];	  /* web/static */
extern const struct embed_file embed_templates[]; /* web/templates */
extern const struct embed_file embed_sql[];	  /* sql, in name order */

/* The entry named name in table, or NULL. */
const struct embed_file *embed_find(const struct embed_file *table,
				    const char *name);

#endif
