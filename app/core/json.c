/*
 * json: a strict, bounded, non-recursive check of JSON text in front of
 * cJSON. One pass over the bytes with an explicit stack of open containers;
 * keys are decoded as they are read so duplicates are caught where they are.
 */
#include "json.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define JSON_STR_(x) #x
#define JSON_STR(x)  JSON_STR_(x)

const struct json_limits json_default_limits = {
	.max_depth = JSON_DEPTH_MAX,
	.max_members = JSON_MEMBERS_MAX,
};

static const char *const json_messages[JSON_ERROR__MAX] = {
	[JSON_OK] = "JSON er gyldigt.",
	[JSON_SYNTAX] = "Indholdet er ikke gyldig JSON.",
	[JSON_TRAILING] = "Der står mere efter JSON-værdien.",
	[JSON_TOO_DEEP] = "JSON er indlejret for dybt (højst " JSON_STR(
		JSON_DEPTH_MAX) " niveauer).",
	[JSON_TOO_MANY] = "Et JSON-objekt eller en JSON-liste har for mange "
			  "elementer (højst " JSON_STR(JSON_MEMBERS_MAX) ").",
	[JSON_NUL] = "En tekst i JSON må ikke indeholde \\u0000.",
	[JSON_BAD_UTF8] = "JSON skal være gyldig UTF-8.",
	[JSON_DUPLICATE] = "Det samme navn står to gange i et JSON-objekt.",
	[JSON_NOMEM] = "Der var ikke hukommelse nok til at læse JSON.",
};

/* What the scanner expects next. */
enum json_expect {
	JSON_EXP_VALUE,		 /* top level, after ':' or after ',' in [] */
	JSON_EXP_VALUE_OR_CLOSE, /* right after '[' */
	JSON_EXP_KEY_OR_CLOSE,	 /* right after '{' */
	JSON_EXP_KEY,		 /* after ',' in {} */
	JSON_EXP_COLON,
	JSON_EXP_COMMA_OR_CLOSE, /* after a member */
	JSON_EXP_END,		 /* after the top value: only white space */
};

/* One open array or object. */
struct json_frame {
	char close;	  /* ']' or '}' */
	size_t members;	  /* so far */
	size_t first_key; /* objects: its first entry in json_scan.keys */
};

/* A decoded key of an open object: its bytes are in json_scan.names. */
struct json_key {
	uint64_t hash;
	size_t off, len;
};

struct json_scan {
	const unsigned char *s;
	size_t len, pos;
	size_t at; /* where the problem is */
	int max_depth;
	size_t max_members;
	struct json_frame stack[JSON_DEPTH_CEILING];
	int depth;
	struct buf names;
	struct json_key *keys;
	size_t n_keys, cap_keys;
};

const char *json_error_message(enum json_error e)
{
	if ((unsigned)e >= JSON_ERROR__MAX)
		return "Ukendt fejl.";
	return json_messages[e];
}

static enum json_error json_fail(struct json_scan *j, enum json_error e,
				 size_t at)
{
	j->at = at;
	return e;
}

static bool json_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool json_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Could c continue a number or literal? Then "01", "1.2.3" or "nullx" is
 * a malformed token, not a complete value with something after it. */
static bool json_token_char(unsigned char c)
{
	return json_digit(c) || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-' ||
	       c == '_';
}

/* Length of the strict UTF-8 sequence at s (Unicode table 3-7), or 0. */
static size_t json_utf8(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t k, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f; /* no surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f; /* nothing past U+10FFFF */
	if (n < k || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return k;
}

/* Four hex digits at s, or -1. */
static long json_hex4(const unsigned char *s)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned char c = s[i];

		v <<= 4;
		if (json_digit(c))
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void json_put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_append(b, u, n);
}

/*
 * The escape at j->pos (the backslash): advances past it and, when key is
 * not NULL, appends what it stands for.
 */
static enum json_error json_escape(struct json_scan *j, struct buf *key)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const unsigned char *s = j->s;
	size_t at = j->pos;
	const char *e;
	long hi, lo;

	/* A malformed escape is reported where it starts, even when the
	 * text ends inside it. */
	if (j->len - at < 2)
		return json_fail(j, JSON_SYNTAX, at);
	if (s[at + 1] != 'u') {
		e = s[at + 1] ? strchr(from, s[at + 1]) : NULL;
		if (e == NULL)
			return json_fail(j, JSON_SYNTAX, at);
		if (key)
			buf_putc(key, to[e - from]);
		j->pos += 2;
		return JSON_OK;
	}
	if (j->len - at < 6)
		return json_fail(j, JSON_SYNTAX, at);
	hi = json_hex4(s + at + 2);
	if (hi < 0)
		return json_fail(j, JSON_SYNTAX, at);
	if (hi == 0)
		return json_fail(j, JSON_NUL, at);
	j->pos += 6;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return json_fail(j, JSON_BAD_UTF8, at);
	if (hi < 0xd800 || hi > 0xdbff) {
		if (key)
			json_put_utf8(key, (uint32_t)hi);
		return JSON_OK;
	}
	/* A high surrogate: a low one must follow at once. */
	if (j->len - j->pos < 6 || s[j->pos] != '\\' || s[j->pos + 1] != 'u')
		return json_fail(j, JSON_BAD_UTF8, at);
	lo = json_hex4(s + j->pos + 2);
	if (lo < 0)
		return json_fail(j, JSON_SYNTAX, j->pos);
	if (lo < 0xdc00 || lo > 0xdfff)
		return json_fail(j, JSON_BAD_UTF8, at);
	j->pos += 6;
	if (key)
		json_put_utf8(key, 0x10000 + (((uint32_t)hi - 0xd800) << 10) +
					   ((uint32_t)lo - 0xdc00));
	return JSON_OK;
}

/* The string whose opening quote is at j->pos; key as for json_escape. */
static enum json_error json_string(struct json_scan *j, struct buf *key)
{
	const unsigned char *s = j->s;
	enum json_error e;
	size_t k, start;

	j->pos++;
	for (;;) {
		start = j->pos;
		/* A run of plain ASCII in one go. */
		while (j->pos < j->len && s[j->pos] >= 0x20 &&
		       s[j->pos] < 0x80 && s[j->pos] != '"' &&
		       s[j->pos] != '\\')
			j->pos++;
		if (key)
			buf_append(key, s + start, j->pos - start);
		if (j->pos == j->len)
			return json_fail(j, JSON_SYNTAX, j->len);
		if (s[j->pos] == '"') {
			j->pos++;
			return JSON_OK;
		}
		if (s[j->pos] == '\\') {
			e = json_escape(j, key);
			if (e != JSON_OK)
				return e;
			continue;
		}
		if (s[j->pos] < 0x20)
			return json_fail(j, JSON_SYNTAX, j->pos);
		k = json_utf8(s + j->pos, j->len - j->pos);
		if (k == 0)
			return json_fail(j, JSON_BAD_UTF8, j->pos);
		if (key)
			buf_append(key, s + j->pos, k);
		j->pos += k;
	}
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? that cJSON reads whole
 * and strtod makes a finite double of. */
static enum json_error json_number(struct json_scan *j)
{
	const unsigned char *s = j->s;
	size_t at = j->pos, p = j->pos, n = j->len;
	char copy[JSON_NUMBER_MAX + 1];

	if (p < n && s[p] == '-')
		p++;
	if (p < n && s[p] == '0') {
		p++;
	} else if (p < n && s[p] >= '1' && s[p] <= '9') {
		while (p < n && json_digit(s[p]))
			p++;
	} else {
		return json_fail(j, JSON_SYNTAX, p < n ? p : n);
	}
	if (p < n && s[p] == '.') {
		p++;
		if (p == n || !json_digit(s[p]))
			return json_fail(j, JSON_SYNTAX, p);
		while (p < n && json_digit(s[p]))
			p++;
	}
	if (p < n && (s[p] == 'e' || s[p] == 'E')) {
		p++;
		if (p < n && (s[p] == '+' || s[p] == '-'))
			p++;
		if (p == n || !json_digit(s[p]))
			return json_fail(j, JSON_SYNTAX, p);
		while (p < n && json_digit(s[p]))
			p++;
	}
	if (p < n && json_token_char(s[p]))
		return json_fail(j, JSON_SYNTAX, p);
	if (p - at > JSON_NUMBER_MAX)
		return json_fail(j, JSON_SYNTAX, at);
	memcpy(copy, s + at, p - at);
	copy[p - at] = '\0';
	if (!isfinite(strtod(copy, NULL)))
		return json_fail(j, JSON_SYNTAX, at);
	j->pos = p;
	return JSON_OK;
}

static enum json_error json_literal(struct json_scan *j)
{
	static const char *const words[] = {"true", "false", "null"};
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if (j->len - j->pos >= n &&
		    memcmp(j->s + j->pos, words[i], n) == 0) {
			if (j->pos + n < j->len &&
			    json_token_char(j->s[j->pos + n]))
				return json_fail(j, JSON_SYNTAX, j->pos + n);
			j->pos += n;
			return JSON_OK;
		}
	}
	return json_fail(j, JSON_SYNTAX, j->pos);
}

/* FNV-1a: duplicates are looked for among equal hashes only. */
static uint64_t json_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The key at j->pos of the innermost (object) frame. */
static enum json_error json_key(struct json_scan *j)
{
	struct json_frame *f = &j->stack[j->depth - 1];
	size_t at = j->pos, off = j->names.len, i;
	struct json_key *k;
	enum json_error e;

	e = json_string(j, &j->names);
	if (e != JSON_OK)
		return e;
	if (buf_failed(&j->names))
		return json_fail(j, JSON_NOMEM, at);
	if (j->n_keys == j->cap_keys) {
		size_t cap = j->cap_keys ? j->cap_keys * 2 : 32;

		k = realloc(j->keys, cap * sizeof(*k));
		if (k == NULL)
			return json_fail(j, JSON_NOMEM, at);
		j->keys = k;
		j->cap_keys = cap;
	}
	k = &j->keys[j->n_keys];
	k->off = off;
	k->len = j->names.len - off;
	k->hash = json_hash(j->names.data + off, k->len);
	for (i = f->first_key; i < j->n_keys; i++)
		if (j->keys[i].hash == k->hash && j->keys[i].len == k->len &&
		    memcmp(j->names.data + j->keys[i].off, j->names.data + off,
			   k->len) == 0)
			return json_fail(j, JSON_DUPLICATE, at);
	j->n_keys++;
	return JSON_OK;
}

/* A new member of the innermost container starts at j->pos. */
static enum json_error json_member(struct json_scan *j)
{
	struct json_frame *f;

	if (j->depth == 0)
		return JSON_OK;
	f = &j->stack[j->depth - 1];
	if (f->members == j->max_members)
		return json_fail(j, JSON_TOO_MANY, j->pos);
	f->members++;
	return JSON_OK;
}

static enum json_error json_open(struct json_scan *j, char c)
{
	struct json_frame *f;

	if (j->depth == j->max_depth)
		return json_fail(j, JSON_TOO_DEEP, j->pos);
	f = &j->stack[j->depth++];
	f->close = c == '{' ? '}' : ']';
	f->members = 0;
	f->first_key = j->n_keys;
	j->pos++;
	return JSON_OK;
}

/* Closes the innermost container with the byte at j->pos, if it fits. */
static enum json_error json_close(struct json_scan *j)
{
	struct json_frame *f = &j->stack[j->depth - 1];

	if (j->s[j->pos] != f->close)
		return json_fail(j, JSON_SYNTAX, j->pos);
	if (f->close == '}') {
		/* Its keys are done with: the parent's are before them. */
		if (f->first_key < j->n_keys)
			buf_truncate(&j->names, j->keys[f->first_key].off);
		j->n_keys = f->first_key;
	}
	j->depth--;
	j->pos++;
	return JSON_OK;
}

/* What follows a complete value. */
static enum json_expect json_after(const struct json_scan *j)
{
	return j->depth == 0 ? JSON_EXP_END : JSON_EXP_COMMA_OR_CLOSE;
}

/* A value starts at j->pos (not white space); *next is what follows. */
static enum json_error json_value(struct json_scan *j, enum json_expect *next)
{
	unsigned char c = j->s[j->pos];
	enum json_error e;

	/* Elements of an array are counted here, members of an object by
	 * their key. */
	if (j->depth > 0 && j->stack[j->depth - 1].close == ']') {
		e = json_member(j);
		if (e != JSON_OK)
			return e;
	}
	if (c == '{' || c == '[') {
		*next = c == '{' ? JSON_EXP_KEY_OR_CLOSE
				 : JSON_EXP_VALUE_OR_CLOSE;
		return json_open(j, (char)c);
	}
	if (c == '"')
		e = json_string(j, NULL);
	else if (c == '-' || json_digit(c))
		e = json_number(j);
	else
		e = json_literal(j);
	*next = json_after(j);
	return e;
}

/* One step of the scan at the non-space byte j->pos. */
static enum json_error json_step(struct json_scan *j, enum json_expect *exp)
{
	unsigned char c = j->s[j->pos];
	enum json_error e;

	switch (*exp) {
	case JSON_EXP_VALUE_OR_CLOSE:
		if (c == ']')
			break;
		/* FALLTHROUGH */
	case JSON_EXP_VALUE:
		return json_value(j, exp);
	case JSON_EXP_KEY_OR_CLOSE:
		if (c == '}')
			break;
		/* FALLTHROUGH */
	case JSON_EXP_KEY:
		if (c != '"')
			return json_fail(j, JSON_SYNTAX, j->pos);
		e = json_member(j);
		if (e == JSON_OK)
			e = json_key(j);
		*exp = JSON_EXP_COLON;
		return e;
	case JSON_EXP_COLON:
		if (c != ':')
			return json_fail(j, JSON_SYNTAX, j->pos);
		j->pos++;
		*exp = JSON_EXP_VALUE;
		return JSON_OK;
	case JSON_EXP_COMMA_OR_CLOSE:
		if (c != ',')
			break;
		j->pos++;
		*exp = j->stack[j->depth - 1].close == '}' ? JSON_EXP_KEY
							   : JSON_EXP_VALUE;
		return JSON_OK;
	case JSON_EXP_END:
		return json_fail(j, JSON_TRAILING, j->pos);
	}
	e = json_close(j);
	*exp = json_after(j);
	return e;
}

static enum json_error json_scan_text(struct json_scan *j)
{
	enum json_expect exp = JSON_EXP_VALUE;
	enum json_error e;

	for (;;) {
		while (j->pos < j->len && json_space(j->s[j->pos]))
			j->pos++;
		if (j->pos == j->len)
			return exp == JSON_EXP_END
				       ? JSON_OK
				       : json_fail(j, JSON_SYNTAX, j->len);
		e = json_step(j, &exp);
		if (e != JSON_OK)
			return e;
	}
}

enum json_error json_read(const char *text, size_t len,
			  const struct json_limits *lim, cJSON **out,
			  size_t *at)
{
	struct json_scan *j;
	enum json_error e = JSON_NOMEM;
	size_t where = 0;

	if (out)
		*out = NULL;
	if (lim == NULL)
		lim = &json_default_limits;
	if (text == NULL)
		len = 0;
	/* The stack of open containers is not small: keep it off the
	 * caller's thread stack, which may be a worker's 100 KiB. */
	j = calloc(1, sizeof(*j));
	if (j == NULL)
		goto out;
	j->s = (const unsigned char *)text;
	j->len = len;
	j->max_depth = lim->max_depth < 0 ? 0 : lim->max_depth;
	if (j->max_depth > JSON_DEPTH_CEILING)
		j->max_depth = JSON_DEPTH_CEILING;
	j->max_members = lim->max_members;
	buf_init(&j->names, 0);
	e = json_scan_text(j);
	where = j->at;
	if (e == JSON_OK && out) {
		*out = cJSON_ParseWithLength(text, len);
		/* Text that passed cannot fail but for memory. */
		if (*out == NULL)
			e = JSON_NOMEM;
	}
	buf_free(&j->names);
	free(j->keys);
	free(j);
out:
	if (at)
		*at = e == JSON_OK ? 0 : where;
	return e;
}

void json_add_date(cJSON *o, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	if (d == 0) {
		cJSON_AddNullToObject(o, name);
		return;
	}
	date_format_iso(d, iso);
	cJSON_AddStringToObject(o, name, iso);
}
