/*
 * form: bounded urlencoded parsing (nothing is allocated past the limits,
 * every escape and byte is checked) and the validation tables handlers
 * declare once per form. Knows nothing about the domain.
 */
#include "form.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct form_limits form_default_limits = {64, 64, 8192};

/* ---- UTF-8 ---- */

bool form_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, need;

	while (i < len) {
		unsigned char c = p[i], lo = 0x80, hi = 0xBF;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return false; /* continuation, C0/C1 overlongs, F5.. */
		/* The second byte's range is what shuts out overlongs (E0, F0),
		 * surrogates (ED) and code points past U+10FFFF (F4). */
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (len - i <= need || p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (k = 2; k <= need; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += need + 1;
	}
	return true;
}

static size_t form_utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

size_t form_utf8_length(const char *s)
{
	return s ? form_utf8_count(s, strlen(s)) : 0;
}

/* ---- The form: a growable array of owned name/value pairs ---- */

/* Takes ownership of name and value on success only. */
static int form_push(struct form *f, char *name, char *value, size_t vlen)
{
	struct form_field *p;
	size_t cap;

	if (f->n == f->cap) {
		cap = f->cap ? f->cap * 2 : 8;
		if (cap > SIZE_MAX / sizeof(*p))
			return -1;
		p = realloc(f->fields, cap * sizeof(*p));
		if (p == NULL)
			return -1;
		f->fields = p;
		f->cap = cap;
	}
	f->fields[f->n].name = name;
	f->fields[f->n].value = value;
	f->fields[f->n].value_len = vlen;
	f->fields[f->n].origin = FORM_ORIGIN_TEXT;
	f->n++;
	return 0;
}

int form_add_json(struct form *f, const char *name, const char *value,
		  enum form_origin origin)
{
	char *n = strdup(name);
	char *v = strdup(value);
	int rc = -1;

	if (n == NULL || v == NULL)
		goto out;
	if (form_push(f, n, v, strlen(v)) < 0)
		goto out;
	f->fields[f->n - 1].origin = origin;
	n = NULL;
	v = NULL;
	rc = 0;
out:
	free(n);
	free(v);
	return rc;
}

int form_add(struct form *f, const char *name, const char *value)
{
	return form_add_json(f, name, value, FORM_ORIGIN_TEXT);
}

/* The origin of name's first value (TEXT when absent). */
static enum form_origin form_origin_of(const struct form *f, const char *name)
{
	size_t k;

	for (k = 0; f && k < f->n; k++)
		if (strcmp(f->fields[k].name, name) == 0)
			return f->fields[k].origin;
	return FORM_ORIGIN_TEXT;
}

const char *form_get_nth(const struct form *f, const char *name, size_t i)
{
	size_t k;

	if (f == NULL)
		return NULL;
	for (k = 0; k < f->n; k++) {
		if (strcmp(f->fields[k].name, name) != 0)
			continue;
		if (i == 0)
			return f->fields[k].value;
		i--;
	}
	return NULL;
}

const char *form_get(const struct form *f, const char *name)
{
	return form_get_nth(f, name, 0);
}

size_t form_count(const struct form *f, const char *name)
{
	size_t k, n = 0;

	if (f == NULL)
		return 0;
	for (k = 0; k < f->n; k++)
		if (strcmp(f->fields[k].name, name) == 0)
			n++;
	return n;
}

void form_free(struct form *f)
{
	size_t k;

	for (k = 0; k < f->n; k++) {
		free(f->fields[k].name);
		free(f->fields[k].value);
	}
	free(f->fields);
	f->fields = NULL;
	f->n = 0;
	f->cap = 0;
}

/* ---- Parsing ---- */

static int form_hex(char ch)
{
	unsigned char c = (unsigned char)ch;

	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes raw[0..len) into *out (the caller frees it). It scans first, so
 * an over-long name or value costs no allocation and a bad escape is found
 * before anything is copied.
 */
static enum form_error form_decode(const char *raw, size_t len, size_t limit,
				   enum form_error too_long, char **out,
				   size_t *out_len)
{
	size_t i, n = 0;
	char *s;

	*out = NULL;
	for (i = 0; i < len; n++) {
		if (n == limit)
			return too_long;
		if (raw[i] != '%') {
			i++;
			continue;
		}
		if (len - i < 3 || form_hex(raw[i + 1]) < 0 ||
		    form_hex(raw[i + 2]) < 0)
			return FORM_BAD_ENCODING;
		i += 3;
	}
	s = malloc(n + 1);
	if (s == NULL)
		return FORM_NOMEM;
	for (i = 0, n = 0; i < len; n++) {
		if (raw[i] == '%') {
			s[n] = (char)(form_hex(raw[i + 1]) << 4 |
				      form_hex(raw[i + 2]));
			i += 3;
		} else {
			s[n] = raw[i] == '+' ? ' ' : raw[i];
			i++;
		}
	}
	s[n] = '\0';
	if (!form_utf8_valid(s, n)) {
		free(s);
		return FORM_BAD_UTF8;
	}
	*out = s;
	*out_len = n;
	return FORM_OK;
}

/* One non-empty "name[=value]" segment. */
static enum form_error form_parse_field(const char *seg, size_t len,
					const struct form_limits *lim,
					struct form *out)
{
	const char *eq = memchr(seg, '=', len);
	size_t name_raw = eq ? (size_t)(eq - seg) : len;
	char *name = NULL, *value = NULL;
	size_t name_len, value_len;
	enum form_error err;

	/* Counted before decoding so a flood of fields is cut off cheaply. */
	if (out->n >= lim->max_fields)
		return FORM_TOO_MANY_FIELDS;
	if (name_raw == 0)
		return FORM_BAD_ENCODING;
	err = form_decode(seg, name_raw, lim->max_name, FORM_NAME_TOO_LONG,
			  &name, &name_len);
	if (err != FORM_OK)
		goto out;
	if (eq)
		err = form_decode(eq + 1, len - name_raw - 1, lim->max_value,
				  FORM_VALUE_TOO_LONG, &value, &value_len);
	else
		err = form_decode("", 0, lim->max_value, FORM_VALUE_TOO_LONG,
				  &value, &value_len);
	if (err != FORM_OK)
		goto out;
	if (form_push(out, name, value, value_len) < 0) {
		err = FORM_NOMEM;
		goto out;
	}
	name = NULL;
	value = NULL;
out:
	free(name);
	free(value);
	return err;
}

enum form_error form_parse(const char *body, size_t len,
			   const struct form_limits *lim, struct form *out)
{
	enum form_error err = FORM_OK;
	const char *amp;
	size_t i = 0, seg_len;

	form_free(out);
	if (lim == NULL)
		lim = &form_default_limits;
	if (body == NULL && len > 0) {
		err = FORM_BAD_ENCODING;
		goto out;
	}
	/* Indices, not pointers: body may be NULL when len is 0. */
	while (i < len) {
		amp = memchr(body + i, '&', len - i);
		seg_len = amp ? (size_t)(amp - (body + i)) : len - i;
		if (seg_len > 0) {
			err = form_parse_field(body + i, seg_len, lim, out);
			if (err != FORM_OK)
				goto out;
		}
		i += seg_len + 1;
	}
out:
	if (err != FORM_OK)
		form_free(out);
	return err;
}

const char *form_error_message(enum form_error e)
{
	static const char *const msgs[FORM_ERROR__MAX] = {
		[FORM_OK] = "Formularen er i orden.",
		[FORM_TOO_MANY_FIELDS] = "For mange felter i formularen.",
		[FORM_NAME_TOO_LONG] = "Et feltnavn i formularen er for langt.",
		[FORM_VALUE_TOO_LONG] = "En værdi i formularen er for lang.",
		[FORM_BAD_ENCODING] = "Formularen er ikke kodet korrekt.",
		[FORM_BAD_UTF8] = "Formularen indeholder ugyldige tegn.",
		[FORM_NOMEM] = "Der var ikke hukommelse nok til formularen.",
	};

	if ((unsigned)e >= FORM_ERROR__MAX || msgs[e] == NULL)
		return "Ukendt fejl i formularen.";
	return msgs[e];
}

/* ---- Validation ---- */

/*
 * A checker sees the trimmed, non-empty, valid UTF-8 value p[0..len) and
 * fills v->s (owned by the values array) and v->i; on a bad value it
 * returns form_fail(...).
 */
typedef int (*form_check_fn)(const struct form_spec *sp, const char *p,
			     size_t len, struct form_value *v,
			     struct form_invalid *bad);

static int form_fail(struct form_invalid *bad, const struct form_spec *sp,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes "<label> <tail>" and returns -1, so checkers can return it. */
static int form_fail(struct form_invalid *bad, const struct form_spec *sp,
		     const char *fmt, ...)
{
	const char *label = sp->label ? sp->label : sp->name;
	size_t size = sizeof(bad->message), n, k;
	va_list ap;
	int w;

	w = snprintf(bad->message, size, "%s ", label);
	n = w < 0 ? 0 : (size_t)w;
	if (n < size) {
		va_start(ap, fmt);
		vsnprintf(bad->message + n, size - n, fmt, ap);
		va_end(ap);
	}
	/* A long label may be cut inside a character: drop the partial one
	 * so the message stays valid UTF-8 for the page. */
	n = strlen(bad->message);
	k = n;
	while (k > 0 && n - k < 4 &&
	       ((unsigned char)bad->message[k - 1] & 0xC0) == 0x80)
		k--;
	if (k > 0 && !form_utf8_valid(bad->message + k - 1, n - k + 1))
		bad->message[k - 1] = '\0';
	return -1;
}

static int form_nomem(struct form_invalid *bad, const struct form_spec *sp)
{
	return form_fail(bad, sp, "kunne ikke kontrolleres. Prøv igen.");
}

/* A NUL-terminated copy of p[0..len); the caller frees it. */
static char *form_strndup(const char *p, size_t len)
{
	char *s = malloc(len + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

static bool form_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static void form_trim(const char **p, size_t *len)
{
	while (*len > 0 && form_is_space((*p)[0])) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && form_is_space((*p)[*len - 1]))
		(*len)--;
}

static int form_check_length(const struct form_spec *sp, const char *s,
			     size_t len, struct form_invalid *bad)
{
	size_t n = form_utf8_count(s, len);

	if (sp->min > 0 && n < (size_t)sp->min)
		return form_fail(bad, sp, "skal være mindst %ld tegn.",
				 sp->min);
	if (sp->max > 0 && n > (size_t)sp->max)
		return form_fail(bad, sp, "må højst være %ld tegn.", sp->max);
	return 0;
}

/* C0 controls, DEL and C1 controls (U+0080..U+009F, C2 80..C2 9F), which
 * would hide text or break lines in pages, mail headers and calendars. */
static bool form_is_control(const char *p, size_t len, size_t i)
{
	unsigned char c = (unsigned char)p[i];

	if (c < 0x20 || c == 0x7F)
		return true;
	return c == 0xC2 && i + 1 < len && (unsigned char)p[i + 1] <= 0x9F;
}

/*
 * Invisible format characters at p[i] (valid UTF-8): the bidirectional
 * embeddings, overrides and isolates, zero-width spaces and joiners, the
 * word joiner, the byte order mark and the line and paragraph separators.
 * They make a name read differently from what it is ("Trojan Source") or
 * look like another, in pages, exports and mail alike. Their length in
 * bytes, or 0.
 */
static size_t form_invisible(const char *p, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)p + i;
	unsigned cp;

	if (u[0] == 0xD8 && i + 1 < len && u[1] == 0x9C)
		return 2; /* U+061C ARABIC LETTER MARK */
	if ((u[0] != 0xE2 && u[0] != 0xEF) || i + 2 >= len)
		return 0;
	cp = ((unsigned)(u[0] & 0x0F) << 12) | ((unsigned)(u[1] & 0x3F) << 6) |
	     (u[2] & 0x3F);
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xFEFF)
		return 3;
	return 0;
}

static int form_check_text(const struct form_spec *sp, const char *p,
			   size_t len, struct form_value *v,
			   struct form_invalid *bad)
{
	bool multi = sp->kind == FIELD_TEXTAREA;
	char *s = form_strndup(p, len);
	size_t i, n = 0;
	int rc = -1;

	if (s == NULL) {
		form_nomem(bad, sp);
		goto out;
	}
	for (i = 0; i < len; i++) {
		if (multi && p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')
			continue; /* browsers send CRLF; store LF */
		if (form_is_control(p, len, i) &&
		    !(multi && (p[i] == '\n' || p[i] == '\t'))) {
			form_fail(bad, sp, "indeholder ugyldige tegn.");
			goto out;
		}
		if (form_invisible(p, len, i)) {
			form_fail(bad, sp,
				  "indeholder usynlige tegn, der "
				  "ændrer, hvordan teksten læses.");
			goto out;
		}
		s[n++] = p[i];
	}
	s[n] = '\0';
	if (form_check_length(sp, s, n, bad) < 0)
		goto out;
	v->s = s;
	s = NULL;
	rc = 0;
out:
	free(s);
	return rc;
}

static bool form_email_atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* A lower-cased dot-atom local part and a DNS domain of at least two
 * labels: conservative on purpose, since the address ends up in SMTP
 * envelopes and headers. */
static bool form_email_ok(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len), *d;
	size_t local, i, label = 0, labels = 1;

	if (at == NULL || len > 254)
		return false;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (i = 0; i < local; i++) {
		if (s[i] == '.' ? s[i + 1] == '.' : !form_email_atext(s[i]))
			return false;
	}
	d = at + 1;
	for (i = 0; i < len - local - 1; i++) {
		if (d[i] == '.') {
			if (label == 0 || d[i - 1] == '-')
				return false;
			label = 0;
			labels++;
			continue;
		}
		if (!((d[i] >= 'a' && d[i] <= 'z') ||
		      (d[i] >= '0' && d[i] <= '9') || d[i] == '-'))
			return false;
		if (d[i] == '-' && label == 0)
			return false;
		if (++label > 63)
			return false;
	}
	return labels >= 2 && label > 0 && d[i - 1] != '-';
}

static int form_check_email(const struct form_spec *sp, const char *p,
			    size_t len, struct form_value *v,
			    struct form_invalid *bad)
{
	char *s = form_strndup(p, len);
	size_t i;
	int rc = -1;

	if (s == NULL) {
		form_nomem(bad, sp);
		goto out;
	}
	for (i = 0; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	if (!form_email_ok(s, len)) {
		form_fail(bad, sp, "skal være en gyldig e-mailadresse.");
		goto out;
	}
	if (form_check_length(sp, s, len, bad) < 0)
		goto out;
	v->s = s;
	s = NULL;
	rc = 0;
out:
	free(s);
	return rc;
}

static int form_check_password(const struct form_spec *sp, const char *p,
			       size_t len, struct form_value *v,
			       struct form_invalid *bad)
{
	if (form_check_length(sp, p, len, bad) < 0)
		return -1;
	v->s = form_strndup(p, len);
	return v->s ? 0 : form_nomem(bad, sp);
}

/* Strict decimal into *out; -1 on syntax or overflow. */
static int form_parse_long(const char *p, size_t len, long *out)
{
	bool neg = len > 0 && p[0] == '-';
	size_t i = neg ? 1 : 0;
	long v = 0;
	int d;

	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		d = p[i] - '0';
		/* Negatives are built downwards so LONG_MIN parses too. */
		if (neg) {
			if (v < (LONG_MIN + d) / 10)
				return -1;
			v = v * 10 - d;
		} else {
			if (v > (LONG_MAX - d) / 10)
				return -1;
			v = v * 10 + d;
		}
	}
	*out = v;
	return 0;
}

static int form_check_int(const struct form_spec *sp, const char *p, size_t len,
			  struct form_value *v, struct form_invalid *bad)
{
	bool bounded = sp->min != 0 || sp->max != 0;
	char tmp[32];
	long x;

	if (form_parse_long(p, len, &x) < 0 ||
	    (bounded && (x < sp->min || x > sp->max))) {
		if (!bounded)
			return form_fail(bad, sp, "skal være et helt tal.");
		return form_fail(bad, sp,
				 "skal være et helt tal mellem %ld og %ld.",
				 sp->min, sp->max);
	}
	snprintf(tmp, sizeof(tmp), "%ld", x);
	v->i = x;
	v->s = strdup(tmp);
	return v->s ? 0 : form_nomem(bad, sp);
}

/* n ASCII digits at p as a number, or -1. */
static int form_digits(const char *p, size_t n)
{
	int x = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	return x;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil, for years >= 1 only). */
static long form_days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int form_check_date(const struct form_spec *sp, const char *p,
			   size_t len, struct form_value *v,
			   struct form_invalid *bad)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31};
	int y, m, d, dim;

	if (len != 10 || p[4] != '-' || p[7] != '-')
		goto bad;
	y = form_digits(p, 4);
	m = form_digits(p + 5, 2);
	d = form_digits(p + 8, 2);
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		goto bad;
	dim = mdays[m - 1];
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		dim = 29;
	if (d > dim)
		goto bad;
	v->i = form_days_from_civil(y, m, d);
	v->s = form_strndup(p, len);
	return v->s ? 0 : form_nomem(bad, sp);
bad:
	return form_fail(bad, sp, "skal være en gyldig dato (åååå-mm-dd).");
}

static int form_check_time(const struct form_spec *sp, const char *p,
			   size_t len, struct form_value *v,
			   struct form_invalid *bad)
{
	int h, m;

	if (len != 5 || p[2] != ':')
		goto bad;
	h = form_digits(p, 2);
	m = form_digits(p + 3, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59)
		goto bad;
	v->i = h * 60 + m;
	v->s = form_strndup(p, len);
	return v->s ? 0 : form_nomem(bad, sp);
bad:
	return form_fail(bad, sp, "skal være et gyldigt klokkeslæt (tt:mm).");
}

static int form_check_enum(const struct form_spec *sp, const char *p,
			   size_t len, struct form_value *v,
			   struct form_invalid *bad)
{
	const char *const *c;

	for (c = sp->choices; c && *c; c++) {
		if (strlen(*c) == len && memcmp(*c, p, len) == 0) {
			v->i = c - sp->choices;
			v->s = form_strndup(p, len);
			return v->s ? 0 : form_nomem(bad, sp);
		}
	}
	return form_fail(bad, sp, "har en ugyldig værdi.");
}

static bool form_is(const char *p, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(p, word, len) == 0;
}

static int form_check_bool(const struct form_spec *sp, const char *p,
			   size_t len, struct form_value *v,
			   struct form_invalid *bad)
{
	if (form_is(p, len, "1") || form_is(p, len, "true") ||
	    form_is(p, len, "on"))
		v->i = 1;
	else if (form_is(p, len, "0") || form_is(p, len, "false") ||
		 form_is(p, len, "off"))
		v->i = 0;
	else
		return form_fail(bad, sp, "har en ugyldig værdi.");
	if (sp->required && v->i == 0)
		return form_fail(bad, sp, "skal markeres.");
	v->s = strdup(v->i ? "1" : "0");
	return v->s ? 0 : form_nomem(bad, sp);
}

static const form_check_fn form_checkers[FIELD_KIND__MAX] = {
	[FIELD_TEXT] = form_check_text,
	[FIELD_TEXTAREA] = form_check_text,
	[FIELD_EMAIL] = form_check_email,
	[FIELD_PASSWORD] = form_check_password,
	[FIELD_INT] = form_check_int,
	[FIELD_DATE] = form_check_date,
	[FIELD_TIME] = form_check_time,
	[FIELD_ENUM] = form_check_enum,
	[FIELD_BOOL] = form_check_bool,
};

/* An absent or empty value: an error when required, else "" ("0"). */
static int form_absent(const struct form_spec *sp, struct form_value *v,
		       struct form_invalid *bad)
{
	if (sp->required && sp->kind == FIELD_BOOL)
		return form_fail(bad, sp, "skal markeres.");
	if (sp->required)
		return form_fail(bad, sp, "skal udfyldes.");
	v->present = false;
	v->i = 0;
	v->s = strdup(sp->kind == FIELD_BOOL ? "0" : "");
	return v->s ? 0 : form_nomem(bad, sp);
}

static int form_validate_one(const struct form *f, const struct form_spec *sp,
			     struct form_value *v, struct form_invalid *bad)
{
	size_t count = form_count(f, sp->name), len;
	const char *p = count ? form_get(f, sp->name) : "";

	if ((unsigned)sp->kind >= FIELD_KIND__MAX || !form_checkers[sp->kind])
		return form_fail(bad, sp, "har en ukendt felttype.");
	if (count > 1)
		return form_fail(bad, sp, "er angivet mere end én gang.");
	switch (count ? form_origin_of(f, sp->name) : FORM_ORIGIN_TEXT) {
	case FORM_ORIGIN_BOOL:
		if (sp->kind != FIELD_BOOL)
			return form_fail(bad, sp,
					 "kan ikke være sand eller "
					 "falsk.");
		break;
	case FORM_ORIGIN_NUMBER:
		if (sp->kind != FIELD_INT)
			return form_fail(
				bad, sp,
				sp->kind == FIELD_BOOL
					? "skal være true eller false."
					: "skal være tekst, ikke et tal.");
		break;
	case FORM_ORIGIN_TEXT:
		break;
	}
	len = strlen(p);
	/* Forms built with form_add (from JSON) have not been checked yet. */
	if (!form_utf8_valid(p, len))
		return form_fail(bad, sp, "indeholder ugyldige tegn.");
	if (sp->kind != FIELD_PASSWORD)
		form_trim(&p, &len);
	if (len == 0)
		return form_absent(sp, v, bad);
	v->present = true;
	return form_checkers[sp->kind](sp, p, len, v, bad);
}

int form_validate(const struct form *f, const struct form_spec *spec, size_t n,
		  struct form_value *values, struct form_invalid *bad)
{
	struct form_invalid scratch;
	size_t i;
	int rc = 0;

	if (bad == NULL)
		bad = &scratch;
	bad->field = NULL;
	bad->message[0] = '\0';
	for (i = 0; i < n; i++)
		values[i] = (struct form_value){false, NULL, 0};
	for (i = 0; i < n && rc == 0; i++) {
		rc = form_validate_one(f, &spec[i], &values[i], bad);
		if (rc < 0)
			bad->field = spec[i].name;
	}
	if (rc < 0)
		form_values_free(values, n);
	return rc;
}

void form_values_free(struct form_value *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(values[i].s);
		values[i] = (struct form_value){false, NULL, 0};
	}
}

/* The id in name when it is stem + id + suffix: > 0, else 0. */
static long long form_item_id(const char *name, const char *stem,
			      const char *suffix)
{
	size_t ns = strlen(stem), nx = strlen(suffix), len = strlen(name), i;
	long long id = 0;

	if (len <= ns + nx || strncmp(name, stem, ns) != 0 ||
	    strcmp(name + len - nx, suffix) != 0)
		return 0;
	if (name[ns] == '0' || len - ns - nx > 15)
		return -1;
	for (i = ns; i < len - nx; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		id = id * 10 + (name[i] - '0');
	}
	return id;
}

/* Does name start with a declared stem (whatever follows)? */
static bool form_item_named(const char *name, const struct form_spec *spec,
			    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strncmp(name, spec[i].name, strlen(spec[i].name)) == 0)
			return true;
	return false;
}

int form_validate_items(const struct form *f, const struct form_spec *spec,
			const char *const *suffixes, size_t n, size_t max_items,
			form_item_fn fn, void *ctx, struct form_invalid *bad)
{
	struct form_spec item[16];
	struct form_value values[16];
	char names[16][80];
	long long *ids = NULL, id;
	size_t nids = 0, i, k, j;
	int rc = -1;

	if (n == 0 || n > 16)
		return -1;
	ids = calloc(f->n ? f->n : 1, sizeof(*ids));
	if (ids == NULL) {
		form_nomem(bad, &spec[0]);
		return -1;
	}
	for (i = 0; i < f->n; i++) {
		const char *name = f->fields[i].name;
		long long found = 0;

		if (!form_item_named(name, spec, n))
			continue;
		for (k = 0; k < n && found <= 0; k++)
			found = form_item_id(
				name, spec[k].name,
				suffixes && suffixes[k] ? suffixes[k] : "");
		/* A longer stem may hold a shorter one's name (criterion_
		 * and criterion_1_note): a name no stem reads is refused. */
		if (found <= 0) {
			bad->field = spec[0].name;
			snprintf(bad->message, sizeof(bad->message),
				 "Formularen kan ikke læses (feltet %.40s). "
				 "Genindlæs siden.",
				 name);
			goto out;
		}
		for (j = 0; j < nids && ids[j] != found; j++)
			;
		if (j == nids) {
			if (nids == max_items) {
				form_fail(bad, &spec[0],
					  "har for mange linjer.");
				goto out;
			}
			ids[nids++] = found;
		}
	}
	for (j = 0; j < nids; j++) {
		id = ids[j];
		for (k = 0; k < n; k++) {
			item[k] = spec[k];
			snprintf(names[k], sizeof(names[k]), "%s%lld%s",
				 spec[k].name, id,
				 suffixes && suffixes[k] ? suffixes[k] : "");
			item[k].name = names[k];
		}
		if (form_validate(f, item, n, values, bad) < 0) {
			/* Name the stem, as a page's field is named. */
			for (k = 0; k < n; k++)
				if (bad->field &&
				    strcmp(bad->field, names[k]) == 0)
					bad->field = spec[k].name;
			goto out;
		}
		rc = fn(ctx, id, values, bad);
		form_values_free(values, n);
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	free(ids);
	return rc;
}

int form_invalid_set(struct form_invalid *bad, int result, const char *field,
		     const char *fmt, ...)
{
	va_list ap;

	bad->field = field;
	va_start(ap, fmt);
	vsnprintf(bad->message, sizeof(bad->message), fmt, ap);
	va_end(ap);
	return result;
}

int form_refuse(struct form_invalid *bad, int result, const char *field,
		const char *message)
{
	return form_invalid_set(bad, result, field, "%s", message);
}
