/*
 * Operational log: timestamped lines on stderr, written with one call each
 * so lines from worker threads do not interleave.
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static int log_quiet;

void log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

__attribute__((format(printf, 2, 0))) static void
log_line(const char *level, const char *fmt, va_list ap)
{
	char line[1024], stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	int n;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s %s ", stamp, level);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", line);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("warn", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}
