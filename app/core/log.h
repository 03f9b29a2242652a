/*
 * Operational log on stderr: one line per event with a UTC timestamp.
 * Never pass personal data, tokens, cookies or query strings to it.
 */
#ifndef MESTRING_LOG_H
#define MESTRING_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silences log_info (tests and CLI commands that print their own output). */
void log_set_quiet(int quiet);

#endif
