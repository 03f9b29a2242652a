/*
 * buf: growable byte buffer with a maximum size and a sticky error.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BUF_DEFAULT_MAX;
	b->failed = false;
}

void buf_free(struct buf *b)
{
	size_t max = b->max;

	if (b->cap)
		free(b->data);
	buf_init(b, max);
}

void buf_reset(struct buf *b)
{
	/* Before the first growth data is a shared "": never write it. */
	if (b->cap)
		b->data[0] = '\0';
	b->len = 0;
	b->failed = false;
}

/* Makes room for extra more bytes plus the NUL; marks b failed if it can't. */
static int buf_grow(struct buf *b, size_t extra)
{
	size_t max = b->max ? b->max : BUF_DEFAULT_MAX;
	size_t need, cap;
	char *p;

	if (b->failed)
		return -1;
	if (extra > max || b->len > max - extra)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = b->cap ? realloc(b->data, cap) : malloc(cap);
	if (p == NULL)
		goto fail;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
fail:
	b->failed = true;
	return -1;
}

int buf_append(struct buf *b, const void *data, size_t len)
{
	if (buf_grow(b, len) < 0)
		return -1;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	if (b->failed)
		return -1;
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || buf_grow(b, (size_t)n) < 0) {
		b->failed = true;
		return -1;
	}
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->failed) {
		buf_free(b);
		return NULL;
	}
	p = b->cap ? b->data : strdup("");
	if (len)
		*len = b->len;
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
	return p;
}
