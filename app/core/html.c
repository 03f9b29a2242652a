/*
 * html: context escaping and the view model that pages fill and templates
 * read. The templates themselves are tpl.c's, the HTML scanner that places
 * each placeholder html_scan.c's.
 */
#include "html.h"

#include "html_private.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Escaping ---------------------------------------------------------- */

static const char *const html_entity[256] = {
	['&'] = "&amp;",  ['<'] = "&lt;",   ['>'] = "&gt;",
	['"'] = "&quot;", ['\''] = "&#39;",
};

int html_text(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;

	for (; *p; p++) {
		if (html_entity[*p] == NULL)
			continue;
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, html_entity[*p]);
		run = p + 1;
	}
	buf_append(b, run, (size_t)(p - run));
	return buf_failed(b) ? -1 : 0;
}

int html_url_component(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;
	char enc[3] = {'%', 0, 0};

	for (; *p; p++) {
		if (ascii_alnum(*p) || *p == '-' || *p == '.' || *p == '_' ||
		    *p == '~')
			continue;
		buf_append(b, run, (size_t)(p - run));
		enc[1] = hex[*p >> 4];
		enc[2] = hex[*p & 15];
		buf_append(b, enc, sizeof(enc));
		run = p + 1;
	}
	buf_append(b, run, (size_t)(p - run));
	return buf_failed(b) ? -1 : 0;
}

static bool url_has_prefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (ascii_lower((unsigned char)*s) != (unsigned char)*prefix)
			return false;
	return true;
}

static bool url_allowed(const char *u)
{
	static const char *const schemes[] = {"https://", "http://",
					      "mailto:", "webcal://"};
	const unsigned char *p;
	size_t i;

	/* Browsers drop tabs and newlines inside URLs: "/\t/x" means "//x". */
	for (p = (const unsigned char *)u; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	if (u[0] == '/')
		return u[1] != '/' && u[1] != '\\';
	if (u[0] == '?' || u[0] == '#')
		return true;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (url_has_prefix(u, schemes[i]))
			return true;
	return false;
}

int html_url_attr(struct buf *b, const char *url)
{
	if (url == NULL || !url_allowed(url))
		url = "#";
	return html_text(b, url);
}

/* ---- View model -------------------------------------------------------- */

static void view_destroy(struct view *v);

static void view_entry_clear(struct view_entry *e)
{
	size_t i;

	for (i = 0; i < e->n_items; i++)
		view_destroy(e->items[i]);
	free(e->items);
	free(e->value);
	e->items = NULL;
	e->n_items = 0;
	e->cap_items = 0;
	e->value = NULL;
}

static void view_destroy(struct view *v)
{
	size_t i;

	for (i = 0; i < v->n_entries; i++) {
		view_entry_clear(&v->entries[i]);
		free(v->entries[i].name);
	}
	free(v->entries);
	free(v);
}

struct view *view_new(void)
{
	struct view *v = calloc(1, sizeof(*v));

	if (v != NULL)
		v->root = v;
	return v;
}

void view_free(struct view *v)
{
	if (v != NULL)
		view_destroy(v);
}

bool view_failed(const struct view *v)
{
	return v == NULL || v->root->failed;
}

static int view_fail(struct view *v)
{
	if (v != NULL)
		v->root->failed = true;
	return -1;
}

struct view_entry *view_find(const struct view *v, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < v->n_entries; i++)
		if (v->entries[i].name_len == len &&
		    memcmp(v->entries[i].name, name, len) == 0)
			return &v->entries[i];
	return NULL;
}

/* The entry called name, added as an empty list if absent; NULL on OOM. */
static struct view_entry *view_entry_get(struct view *v, const char *name)
{
	size_t len = strlen(name);
	struct view_entry *e = view_find(v, name, len);
	char *copy = NULL;

	if (e != NULL)
		return e;
	if (v->n_entries == v->cap_entries) {
		size_t cap = v->cap_entries ? v->cap_entries * 2 : 8;
		e = realloc(v->entries, cap * sizeof(*e));
		if (e == NULL)
			return NULL;
		v->entries = e;
		v->cap_entries = cap;
	}
	copy = strdup(name);
	if (copy == NULL)
		return NULL;
	e = &v->entries[v->n_entries++];
	memset(e, 0, sizeof(*e));
	e->name = copy;
	e->name_len = len;
	return e;
}

int view_set(struct view *v, const char *name, const char *value)
{
	struct view_entry *e;
	char *copy = NULL;

	if (view_failed(v) || name == NULL)
		goto fail;
	copy = strdup(value ? value : "");
	if (copy == NULL)
		goto fail;
	e = view_entry_get(v, name);
	if (e == NULL)
		goto fail;
	view_entry_clear(e);
	e->value = copy;
	return 0;
fail:
	free(copy);
	return view_fail(v);
}

int view_setf(struct view *v, const char *name, const char *fmt, ...)
{
	struct buf tmp = BUF_INIT(0);
	va_list ap;
	int rc = -1;

	if (view_failed(v))
		goto out;
	va_start(ap, fmt);
	buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	if (buf_failed(&tmp)) {
		view_fail(v);
		goto out;
	}
	rc = view_set(v, name, tmp.data);
out:
	buf_free(&tmp);
	return rc;
}

int view_set_int(struct view *v, const char *name, long value)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%ld", value);
	return view_set(v, name, tmp);
}

int view_set_bool(struct view *v, const char *name, bool value)
{
	return view_set(v, name, value ? "1" : "");
}

struct view *view_add(struct view *v, const char *name)
{
	struct view_entry *e;
	struct view *item = NULL;

	if (view_failed(v) || name == NULL)
		goto fail;
	e = view_entry_get(v, name);
	if (e == NULL)
		goto fail;
	if (e->value != NULL)
		view_entry_clear(e); /* a plain value becomes a list */
	if (e->n_items == e->cap_items) {
		size_t cap = e->cap_items ? e->cap_items * 2 : 8;
		struct view **items = realloc(e->items, cap * sizeof(*items));

		if (items == NULL)
			goto fail;
		e->items = items;
		e->cap_items = cap;
	}
	item = calloc(1, sizeof(*item));
	if (item == NULL)
		goto fail;
	item->root = v->root;
	e->items[e->n_items++] = item;
	return item;
fail:
	view_fail(v);
	return NULL;
}

int view_list(struct view *v, const char *name)
{
	if (view_failed(v) || name == NULL)
		return view_fail(v);
	if (view_entry_get(v, name) == NULL)
		return view_fail(v);
	return 0;
}

void view_lines(struct view *v, const char *text)
{
	const char *nl;

	view_list(v, "lines");
	while (text && *text) {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		if (nl > text)
			view_setf(view_add(v, "lines"), "text", "%.*s",
				  (int)(nl - text), text);
		text = *nl ? nl + 1 : nl;
	}
}

/* ---- HTML tokenizer for the compiler ------------------------------------ */
