/*
 * asset: CSS, JavaScript and icons compiled into the binary, served from
 * memory by one handler with a strong ETag and a year-long cache lifetime.
 */
#ifndef MESTRING_ASSET_H
#define MESTRING_ASSET_H

struct req;

/* Computes the ETags; call once at start-up. 0 or -1. */
int asset_init(void);
/* A short version of name's content for cache-busting URLs
 * ("/static/style.css?v=VERSION"); "" for an unknown name. */
const char *asset_version(const char *name);
/* GET /static/{name} and /favicon.ico. */
int asset_handle(struct req *r);

#endif
