/*
 * libFuzzer target for form.c: parses the input with default and tiny
 * limits, checks the parse's invariants and an encode/parse round trip, and
 * validates both the parsed form and raw, undecoded bytes against a spec.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "fuzz_worker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_choices[] = {"aktiv", "pause", NULL};

static const struct form_spec fuzz_spec[] = {
	{"navn", "Navn", FIELD_TEXT, false, 1, 20, NULL},
	{"note", "Note", FIELD_TEXTAREA, false, 0, 50, NULL},
	{"email", "E-mail", FIELD_EMAIL, false, 0, 0, NULL},
	{"kode", "Adgangskode", FIELD_PASSWORD, false, 3, 8, NULL},
	{"antal", "Antal", FIELD_INT, false, -5, 100, NULL},
	{"tal", "Tal", FIELD_INT, false, 0, 0, NULL},
	{"dato", "Dato", FIELD_DATE, false, 0, 0, NULL},
	{"tid", "Tid", FIELD_TIME, false, 0, 0, NULL},
	{"status", "Status", FIELD_ENUM, false, 0, 0, fuzz_choices},
	{"ok", "Samtykke", FIELD_BOOL, false, 0, 0, NULL},
};
#define FUZZ_N (sizeof(fuzz_spec) / sizeof(fuzz_spec[0]))

static void fuzz_check_values(const struct form_value *v)
{
	size_t i, k;

	for (i = 0; i < FUZZ_N; i++) {
		const struct form_spec *sp = &fuzz_spec[i];
		size_t len;

		if (v[i].s == NULL)
			abort();
		len = strlen(v[i].s);
		if (!form_utf8_valid(v[i].s, len))
			abort();
		/* BOOL says "0" when absent; every other kind says "". */
		if (sp->kind != FIELD_BOOL && (len == 0) == v[i].present)
			abort();
		if (sp->kind == FIELD_TEXT)
			for (k = 0; k < len; k++)
				if ((unsigned char)v[i].s[k] < 0x20 ||
				    v[i].s[k] == 0x7F)
					abort();
		if (sp->kind == FIELD_TEXTAREA && strchr(v[i].s, '\r'))
			abort();
		if (sp->kind == FIELD_INT && v[i].present &&
		    (v[i].i < sp->min || v[i].i > sp->max) &&
		    (sp->min != 0 || sp->max != 0))
			abort();
		if (sp->kind == FIELD_TIME && (v[i].i < 0 || v[i].i > 1439))
			abort();
		if (sp->kind == FIELD_DATE &&
		    (v[i].i < -25567 || v[i].i > 84370))
			abort();
		if (sp->kind == FIELD_BOOL &&
		    strcmp(v[i].s, v[i].i ? "1" : "0"))
			abort();
	}
}

static void fuzz_validate(const struct form *f)
{
	struct form_value v[FUZZ_N];
	struct form_invalid bad;
	size_t i;

	if (form_validate(f, fuzz_spec, FUZZ_N, v, &bad) == 0) {
		if (bad.field != NULL)
			abort();
		fuzz_check_values(v);
		form_values_free(v, FUZZ_N);
		return;
	}
	if (bad.field == NULL || bad.message[0] == '\0' ||
	    !form_utf8_valid(bad.message, strlen(bad.message)))
		abort();
	for (i = 0; i < FUZZ_N; i++)
		if (v[i].s != NULL)
			abort();
}

/* Percent-encodes every byte that is not unreserved; the caller frees. */
static char *fuzz_encode(const struct form *f)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT(0);
	const char *s;
	size_t i, j;

	for (i = 0; i < f->n; i++) {
		if (i)
			buf_putc(&b, '&');
		for (j = 0; j < 2; j++) {
			if (j)
				buf_putc(&b, '=');
			for (s = j ? f->fields[i].value : f->fields[i].name; *s;
			     s++) {
				unsigned char c = (unsigned char)*s;

				if (c == ' ') {
					buf_putc(&b, '+');
				} else if ((c >= 'a' && c <= 'z') ||
					   (c >= 'A' && c <= 'Z') ||
					   (c >= '0' && c <= '9') ||
					   strchr("-._~", c)) {
					buf_putc(&b, (char)c);
				} else {
					buf_putc(&b, '%');
					buf_putc(&b, hex[c >> 4]);
					buf_putc(&b, hex[c & 15]);
				}
			}
		}
	}
	return buf_detach(&b, NULL);
}

static void fuzz_check_form(const struct form *f, const struct form_limits *lim)
{
	struct form again = FORM_INIT;
	size_t i, k, seen;
	char *enc;

	if (f->n > lim->max_fields)
		abort();
	for (i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->fields[i];

		if (ff->name[0] == '\0' || strlen(ff->name) > lim->max_name ||
		    strlen(ff->value) != ff->value_len ||
		    ff->value_len > lim->max_value ||
		    !form_utf8_valid(ff->name, strlen(ff->name)) ||
		    !form_utf8_valid(ff->value, ff->value_len))
			abort();
		for (k = 0, seen = 0; k < i; k++)
			seen += strcmp(f->fields[k].name, ff->name) == 0;
		if (form_get_nth(f, ff->name, seen) != ff->value ||
		    form_count(f, ff->name) <= seen)
			abort();
	}
	/* Encoding what was parsed and parsing it again gives the same. */
	enc = fuzz_encode(f);
	if (enc == NULL)
		abort();
	if (form_parse(enc, strlen(enc), lim, &again) != FORM_OK ||
	    again.n != f->n)
		abort();
	for (i = 0; i < f->n; i++)
		if (strcmp(again.fields[i].name, f->fields[i].name) ||
		    strcmp(again.fields[i].value, f->fields[i].value))
			abort();
	form_free(&again);
	free(enc);
}

static void fuzz_parse(const char *s, size_t size,
		       const struct form_limits *lim)
{
	struct form f = FORM_INIT;
	enum form_error err = form_parse(s, size, lim, &f);

	if ((unsigned)err >= FORM_ERROR__MAX || !form_error_message(err))
		abort();
	if (err != FORM_OK) {
		if (f.n != 0 || f.fields != NULL)
			abort();
		return;
	}
	fuzz_check_form(&f, lim);
	fuzz_validate(&f);
	form_free(&f);
}

/* As a JSON body would: raw bytes, never decoded nor checked by a parser,
 * handed to the spec's fields in turn. */
static void fuzz_raw_values(const char *s, size_t size)
{
	struct form f = FORM_INIT;
	char *copy = malloc(size + 1), *p, *amp;
	size_t i;

	if (copy == NULL)
		return;
	memcpy(copy, s, size);
	copy[size] = '\0';
	p = copy;
	for (i = 0; i < FUZZ_N && p; i++) {
		amp = strchr(p, '&');
		if (amp)
			*amp = '\0';
		if (form_add(&f, fuzz_spec[i].name, p) < 0)
			abort();
		p = amp ? amp + 1 : NULL;
	}
	fuzz_validate(&f);
	form_free(&f);
	free(copy);
}

static void fuzz_job(const uint8_t *data, size_t size)
{
	static const struct form_limits tiny = {3, 4, 8};
	const char *s = (const char *)data;

	fuzz_parse(s, size, &form_default_limits);
	fuzz_parse(s, size, &tiny);
	fuzz_raw_values(s, size);
}

/* On a CivetWeb worker's stack, as the server parses forms. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_on_worker_stack(fuzz_job, data, size);
	return 0;
}
