/*
 * static: serving the compiled-in assets (core asset) over HTTP.
 */
#ifndef MESTRING_STATIC_H
#define MESTRING_STATIC_H

struct req;

/* GET /static/{name} and /favicon.ico (the SVG icon). */
int static_asset(struct req *r);

#endif
