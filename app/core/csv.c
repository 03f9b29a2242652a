/*
 * csv: Danish-Excel CSV cells with the formula-injection guard (csv.h).
 */
#include "csv.h"

#include <string.h>

void csv_start(struct buf *b)
{
	buf_puts(b, "\xEF\xBB\xBF");
}

void csv_text(struct buf *b, const char *s, int first)
{
	if (!first)
		buf_putc(b, ';');
	if (s == NULL)
		s = "";
	buf_putc(b, '"');
	if (strchr("=+-@\t\r", s[0]) && s[0] != '\0')
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void csv_int(struct buf *b, int64_t v, int first)
{
	if (!first)
		buf_putc(b, ';');
	buf_printf(b, "%lld", (long long)v);
}

void csv_end_row(struct buf *b)
{
	buf_puts(b, "\r\n");
}
