/*
 * json: the one door JSON request bodies come in through. A strict RFC 8259
 * check without recursion and within limits on nesting and size comes
 * first; only text that passes reaches cJSON, whose recursive parser then
 * never goes deeper than the limit (CivetWeb's worker threads have about
 * 100 KiB of stack, less than cJSON's own nesting limit of 1000 needs).
 * And the one date member the API's answers write.
 */
#ifndef MESTRING_JSON_H
#define MESTRING_JSON_H

#include "date.h"

#include <stddef.h>

#include <cjson/cJSON.h>

/* Nesting an API body may have: a course-admin API needs a handful. */
#define JSON_DEPTH_MAX 8
#define JSON_MEMBERS_MAX                                                       \
	512 /* members of one object or elements of one                        \
	       array */
/*
 * No limit may allow deeper nesting than this (a larger max_depth is taken
 * as this): cJSON parses, prints and deletes recursively, and 64 levels of
 * it fit in a few KiB of stack.
 */
#define JSON_DEPTH_CEILING 64
/*
 * cJSON reads at most 63 bytes of a number and strtod makes a longer or
 * larger one something else (RFC 8259 section 9 lets a parser limit
 * numbers): such numbers are refused as JSON_SYNTAX.
 */
#define JSON_NUMBER_MAX 63

enum json_error {
	JSON_OK = 0,
	JSON_SYNTAX,	/* not RFC 8259 JSON (includes an empty text) */
	JSON_TRAILING,	/* a complete value followed by more than white space */
	JSON_TOO_DEEP,	/* more than max_depth nested arrays/objects */
	JSON_TOO_MANY,	/* an object or array with more than max_members */
	JSON_NUL,	/* \u0000 in a string or key */
	JSON_BAD_UTF8,	/* raw bytes not strict UTF-8, or an escaped lone
			   surrogate */
	JSON_DUPLICATE, /* the same key twice in one object */
	JSON_NOMEM,
	JSON_ERROR__MAX
};

struct json_limits {
	int max_depth;	    /* arrays/objects inside each other; 0 allows
			       only a scalar; at most JSON_DEPTH_CEILING */
	size_t max_members; /* of one object or array */
};

/* JSON_DEPTH_MAX, JSON_MEMBERS_MAX. */
extern const struct json_limits json_default_limits;

/*
 * Checks text[0..len) (need not be NUL-terminated; may be NULL when len is
 * 0) is exactly one strict JSON value within lim (NULL: defaults) WITHOUT
 * recursion (an explicit bounded stack), and only then parses it with
 * cJSON (whose recursion is then bounded by max_depth). On JSON_OK *out is
 * the tree (caller cJSON_Delete's it); otherwise *out is NULL and *at (may
 * be NULL) is the byte offset of the problem (len when the text ended too
 * soon; 0 on JSON_OK). out may be NULL to only check.
 *
 * Strict means: RFC 8259's grammar and nothing more (no comments, trailing
 * commas, single quotes, leading zeros, NaN, byte order mark, control
 * characters in strings); white space is space, tab, CR and LF; raw bytes
 * are strict UTF-8 and \u escapes pair their surrogates; no key twice in one
 * object (compared decoded, so "a" and "\u0061" are the same key); no
 * number longer than JSON_NUMBER_MAX bytes or beyond a double's range.
 * Work is linear in len (the duplicate check is linear in the members of
 * an object per key, so at most max_members squared hash compares).
 */
enum json_error json_read(const char *text, size_t len,
			  const struct json_limits *lim, cJSON **out,
			  size_t *at);

/* A Danish sentence for an API client, e.g. "JSON er indlejret for dybt
 * (højst 8 niveauer)."; static storage; "Ukendt fejl." when out of range. */
const char *json_error_message(enum json_error e);

/* Adds name to o: d as an ISO date, or null when d is 0 (not set). */
void json_add_date(cJSON *o, const char *name, date_t d);

#endif
