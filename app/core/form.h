/*
 * form: the project's bounded parser for application/x-www-form-urlencoded
 * bodies and query strings, and the declarative validation every handler
 * runs on them (and on JSON bodies turned into a form with form_add).
 */
#ifndef MESTRING_FORM_H
#define MESTRING_FORM_H

#include <stdbool.h>
#include <stddef.h>

enum form_error {
	FORM_OK = 0,
	FORM_TOO_MANY_FIELDS,
	FORM_NAME_TOO_LONG,
	FORM_VALUE_TOO_LONG,
	FORM_BAD_ENCODING, /* bad %-escape or empty name; a missing '=' is
			      fine (the value is then "") */
	FORM_BAD_UTF8,	   /* a decoded name or value is not strict UTF-8
			      (overlongs, surrogates, > U+10FFFF) or has NUL */
	FORM_NOMEM,
	FORM_ERROR__MAX
};

/* Limits in decoded bytes; a limit of 0 allows nothing (no field, or only
 * empty values). */
struct form_limits {
	size_t max_fields, max_name, max_value;
};

/* 64 fields, 64-byte names, 8192-byte values. */
extern const struct form_limits form_default_limits;

/* What a value was before it became text: a JSON true or false, or a
 * JSON number, may only fill a field of its own kind. */
enum form_origin {
	FORM_ORIGIN_TEXT, /* urlencoded, or a JSON string */
	FORM_ORIGIN_BOOL,
	FORM_ORIGIN_NUMBER,
};

struct form_field {
	char *name;
	char *value;
	size_t value_len; /* == strlen(value): NUL is never let in */
	enum form_origin origin;
};

struct form {
	struct form_field *fields;
	size_t n, cap;
};

/* clang-format off */
#define FORM_INIT {NULL, 0, 0}
/* clang-format on */

/*
 * Parses body[0..len) as application/x-www-form-urlencoded (or a query
 * string without its '?'): '&' separates, '+' is a space, %XX is a byte;
 * empty segments ("a=1&&b=2") are skipped, "a" alone is a with value "".
 * lim NULL means form_default_limits. body may be NULL when len is 0.
 * Whatever out held before is freed first; on error out is left empty.
 * The caller frees out with form_free.
 */
enum form_error form_parse(const char *body, size_t len,
			   const struct form_limits *lim, struct form *out);

/* Appends a copy of name and value (to build a form from JSON, so pages and
 * API share validation). No limits except memory; 0 or -1. */
int form_add(struct form *f, const char *name, const char *value);
/* The same for a JSON scalar: value is "1"/"0" for a boolean, decimal for
 * a number. form_validate refuses a boolean for any field but BOOL, and a
 * number for any but INT. */
int form_add_json(struct form *f, const char *name, const char *value,
		  enum form_origin origin);

/* The first value of name, or NULL; owned by f. */
const char *form_get(const struct form *f, const char *name);
size_t form_count(const struct form *f, const char *name);
/* The i-th value (0-based) of a repeated name, or NULL; owned by f. */
const char *form_get_nth(const struct form *f, const char *name, size_t i);
/* Frees every field and leaves f as FORM_INIT. */
void form_free(struct form *f);

/* A Danish sentence for the user, e.g. "For mange felter i formularen."
 * Static storage. */
const char *form_error_message(enum form_error e);

/*
 * Strict UTF-8 (Unicode table 3-7: no overlongs, no surrogates, nothing
 * past U+10FFFF) that also has no NUL byte, because every caller hands the
 * result on as a C string.
 */
bool form_utf8_valid(const char *s, size_t len);
/* Code points in a valid UTF-8 string (continuation bytes not counted). */
size_t form_utf8_length(const char *s);

/*
 * Declarative validation: one table of form_spec per form, run by the
 * handler on a parsed body (HTML) or a form built from JSON (API).
 * Every kind but PASSWORD is trimmed of leading and trailing ASCII white
 * space first. No kind takes more than one value: lists (checkbox groups)
 * are read with form_get_nth and are not declared in the spec.
 */
enum form_kind {
	FIELD_TEXT,	/* single line: no control characters (C0, DEL, C1) */
	FIELD_TEXTAREA, /* like TEXT but \n, \r\n and \t allowed (\r\n is
			   normalised to \n; a lone \r is refused) */
	FIELD_EMAIL,	/* lower-cased; one '@', a dot in the domain, ASCII
			   only, no spaces, at most 254 characters */
	FIELD_PASSWORD, /* NOT trimmed; length bounds in characters */
	FIELD_INT,	/* decimal, optional leading '-', min..max on the value
			   (min == max == 0: any long), no overflow */
	FIELD_DATE,	/* ISO YYYY-MM-DD, a real date, years 1900..2200 */
	FIELD_TIME,	/* HH:MM, 00:00..23:59 */
	FIELD_ENUM,	/* must equal one of choices[] (NULL-terminated) */
	FIELD_BOOL,	/* absent, "", "0", "false", "off" = false;
			   "1", "true", "on" = true; anything else invalid.
			   required means it must be true (consent boxes) */
	FIELD_KIND__MAX
};

struct form_spec {
	const char *name;  /* field name in the form and in JSON */
	const char *label; /* Danish label for error messages, e.g. "E-mail" */
	enum form_kind kind;
	bool required; /* absent or (after trimming) empty is an error */
	long min, max; /* TEXT/TEXTAREA/PASSWORD/EMAIL: length in code
			  points, 0 = no bound beyond the parse limit;
			  INT: value bounds */
	const char *const *choices; /* ENUM only */
};

struct form_value {
	bool present; /* given and non-empty */
	char *s;      /* normalised value, owned by the values array ("" when
			 absent; "1"/"0" for BOOL; canonical decimal for INT) */
	long i;	      /* INT value; BOOL 0/1; DATE as days since 1970-01-01;
			 TIME as minutes after midnight; ENUM index in
			 choices */
};

struct form_invalid {
	const char *field; /* spec name of the first invalid field (in spec
			      order), NULL when all are valid */
	char message[256]; /* Danish, names the label, e.g. "Navn skal
			      udfyldes." */
};

/* A domain rule's refusal: field (NULL for none) and the message made
 * from fmt into *bad; returns result (RESULT_INVALID, RESULT_REFUSED ...)
 * for the caller to return. */
int form_invalid_set(struct form_invalid *bad, int result, const char *field,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same with a message as it is (no format). */
int form_refuse(struct form_invalid *bad, int result, const char *field,
		const char *message);

/*
 * Validates f against spec[0..n-1] and fills values[0..n-1] (an array of n
 * the caller provides). Returns 0 when all are valid (free values with
 * form_values_free), or -1 with *bad filled (bad may be NULL) and values
 * already freed. Fields of f not in spec are ignored, but a spec'd field
 * given more than once is an error.
 */
int form_validate(const struct form *f, const struct form_spec *spec, size_t n,
		  struct form_value *values, struct form_invalid *bad);
/* Frees the strings of values[0..n-1] and zeroes them. */
void form_values_free(struct form_value *values, size_t n);

/*
 * Forms with one group of fields per item, named by a stem and the item's
 * id: status_17, minutes_17, note_17 (a day's attendance), criterion_1,
 * criterion_1_note (a target group). spec[0..n) declares the stems as
 * names ("status_", with "_note" as its suffix where the id is in the
 * middle: see FORM_ITEM_SUFFIX) and validates like form_validate.
 *
 * Every field whose name starts with a declared stem must carry a positive
 * decimal id (no sign, no leading zero, below 2^53) and its declared
 * suffix, or the form is invalid. For each id, in the order the ids first
 * appear, the item's fields are validated against the spec and fn gets
 * the id and values (owned by this call: fn copies what it keeps) and
 * returns 0 or -1 with *bad filled. At most max_items ids.
 * 0, or -1 with *bad.
 */
typedef int (*form_item_fn)(void *ctx, long long id,
			    const struct form_value *values,
			    struct form_invalid *bad);
int form_validate_items(const struct form *f, const struct form_spec *spec,
			const char *const *suffixes, size_t n, size_t max_items,
			form_item_fn fn, void *ctx, struct form_invalid *bad);

#endif
