/*
 * asset: static files from memory. Names are looked up exactly in the
 * compiled-in table, so no path trick can reach anything else.
 */
#include "asset.h"

#include "embed.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define ASSET_MAX 32

struct asset {
	const struct embed_file *file;
	const char *type;
	char etag[40]; /* "\"<32 hex>\"" */
	char version[16];
};

static struct asset asset_table[ASSET_MAX];
static size_t asset_count;

static const char *asset_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

int asset_init(void)
{
	const struct embed_file *f;
	unsigned char hash[16];
	char hex[33];

	if (sodium_init() < 0)
		return -1;
	asset_count = 0;
	for (f = embed_static; f->name; f++) {
		struct asset *a = &asset_table[asset_count];

		if (asset_count == ASSET_MAX)
			return -1;
		crypto_generichash(hash, sizeof(hash), f->data, f->size, NULL,
				   0);
		sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
		a->file = f;
		a->type = asset_type(f->name);
		snprintf(a->etag, sizeof(a->etag), "\"%s\"", hex);
		snprintf(a->version, sizeof(a->version), "%.12s", hex);
		asset_count++;
	}
	return 0;
}

static const struct asset *asset_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < asset_count; i++)
		if (strcmp(asset_table[i].file->name, name) == 0)
			return &asset_table[i];
	return NULL;
}

const char *asset_version(const char *name)
{
	const struct asset *a = asset_lookup(name);

	return a ? a->version : "";
}

int asset_find(const char *name, struct asset_file *out)
{
	const struct asset *a = asset_lookup(name);

	if (a == NULL)
		return -1;
	out->data = a->file->data;
	out->size = a->file->size;
	out->type = a->type;
	out->etag = a->etag;
	return 0;
}
