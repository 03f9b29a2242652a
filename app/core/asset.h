/*
 * asset: CSS, JavaScript and icons compiled into the binary, with a strong
 * ETag and a version for cache-busting URLs. The handler that serves them
 * from memory is app/pages/static.c.
 */
#ifndef MESTRING_ASSET_H
#define MESTRING_ASSET_H

#include <stddef.h>

/* One asset, as served. */
struct asset_file {
	const void *data;
	size_t size;
	const char *type; /* Content-Type */
	const char *etag; /* "\"<32 hex>\"", quotes included */
};

/* Computes the ETags; call once at start-up. 0 or -1. */
int asset_init(void);
/* A short version of name's content for cache-busting URLs
 * ("/static/style.css?v=VERSION"); "" for an unknown name. */
const char *asset_version(const char *name);
/* The asset called exactly name into *out: 0, or -1 when there is none. */
int asset_find(const char *name, struct asset_file *out);

#endif
