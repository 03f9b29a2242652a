/*
 * static: the one handler for assets, from memory, with a strong ETag and
 * a year-long cache lifetime (their URLs carry a version).
 */
#include "static.h"

#include "asset.h"
#include "http.h"

#include <stdio.h>
#include <string.h>

int static_asset(struct req *r)
{
	const char *name = r->token[0] ? r->token : "favicon.svg";
	struct asset_file a;
	const char *inm;
	char headers[160];

	if (asset_find(name, &a) < 0)
		return http_error(r, 404, NULL);
	snprintf(headers, sizeof(headers),
		 "ETag: %s\r\n"
		 "Cache-Control: public, max-age=31536000, immutable\r\n",
		 a.etag);
	inm = http_header(r, "If-None-Match");
	if (inm && strstr(inm, a.etag) != NULL)
		return http_send(r, 304, NULL, "", 0, headers);
	return http_send(r, 200, a.type, a.data, a.size, headers);
}
