/*
 * libFuzzer target for closure_import_parse: a remote calendar is text a
 * stranger writes. Parsed on a thread with a CivetWeb worker's stack (the
 * import runs in a request handler), with the default and a tiny day
 * limit. The outcome must be a clean list (sorted, distinct, inside the
 * range, within the limit, summaries clean UTF-8) or a clean refusal with
 * the Danish sentence and an empty list.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "closure_import.h"
#include "date.h"
#include "form.h"
#include "fuzz_worker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_summary(const char *s)
{
	size_t n = strnlen(s, CLOSURE_SUMMARY_SIZE), i;

	if (n == CLOSURE_SUMMARY_SIZE || !form_utf8_valid(s, n))
		abort();
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f ||
		    (s[i] == ' ' && s[i + 1] == ' '))
			abort();
}

static void fuzz_parse(const char *s, size_t size, date_t from, date_t to,
		       size_t max_days)
{
	struct closure_list l = {.days = NULL};
	enum closure_import_error rc;
	char err[256];
	size_t i;

	memset(err, 'x', sizeof(err));
	rc = closure_import_parse(s, size, from, to, max_days, &l, err,
				  sizeof(err));
	if ((unsigned)rc >= CLOSURE_ERROR__MAX ||
	    memchr(err, '\0', sizeof(err)) == NULL ||
	    !form_utf8_valid(err, strlen(err)))
		abort();
	if (rc != CLOSURE_OK) {
		/* A parse fetches nothing: only these can come back. */
		if (rc != CLOSURE_NOT_ICALENDAR && rc != CLOSURE_TOO_DEEP &&
		    rc != CLOSURE_TOO_MANY_DAYS)
			abort();
		if (l.days != NULL || l.n != 0 || err[0] == '\0')
			abort();
		if (rc != CLOSURE_TOO_MANY_DAYS &&
		    strcmp(err, closure_import_error_message(rc)) != 0)
			abort();
		return;
	}
	if (err[0] != '\0' || l.n > max_days || (l.n == 0) != (l.days == NULL))
		abort();
	for (i = 0; i < l.n; i++) {
		if (l.days[i].date < from || l.days[i].date > to)
			abort();
		if (i && l.days[i - 1].date >= l.days[i].date)
			abort();
		fuzz_check_summary(l.days[i].summary);
	}
	closure_list_free(&l);
	if (l.days != NULL || l.n != 0)
		abort();
}

static void fuzz_job(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	date_t from = date_from_civil(2020, 1, 1);
	date_t to = date_from_civil(2030, 12, 31);

	fuzz_parse(s, size, from, to, closure_import_default_limits.max_days);
	fuzz_parse(s, size, from + 2200, from + 2300, 3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_on_worker_stack(fuzz_job, data, size);
	return 0;
}
