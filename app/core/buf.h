/*
 * buf: the one growable byte buffer of the project (after git's strbuf and
 * curl's dynbuf). Its data is never NULL and always NUL-terminated; it has a
 * maximum size, and an error is sticky: once an append fails, every later
 * append is a no-op and buf_failed() says so, so callers check once at the end.
 * Never append a buffer's own data to itself: growing may move it.
 */
#ifndef MESTRING_BUF_H
#define MESTRING_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

struct buf {
	char *data;  /* never NULL; points at a static "" until first growth */
	size_t len;  /* bytes used, excluding the terminating NUL */
	size_t cap;  /* bytes allocated, 0 while data is the static "" */
	size_t max;  /* appends that would make len exceed this fail */
	bool failed; /* sticky: an append failed (too large or out of memory) */
};

/* Static initialiser: BUF_INIT(max) with max 0 meaning BUF_DEFAULT_MAX. */
#define BUF_INIT(m)                                                            \
	{                                                                      \
		(char *)"", 0, 0, (m), false                                   \
	}

void buf_init(struct buf *b, size_t max);
/* Frees the data and leaves b empty and reusable (the error is cleared). */
void buf_free(struct buf *b);
/* Empties b but keeps its memory; clears the error. */
void buf_reset(struct buf *b);

int buf_append(struct buf *b, const void *data, size_t len);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Shortens b to len (no-op when len >= b->len). */
void buf_truncate(struct buf *b, size_t len);

/*
 * Hands the data to the caller, who frees it with free(); b is left empty.
 * Returns NULL when b has failed (b is then freed too).
 */
char *buf_detach(struct buf *b, size_t *len);

static inline bool buf_failed(const struct buf *b)
{
	return b->failed;
}

#endif
