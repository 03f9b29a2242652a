/*
 * token: the secret links' tokens (calendar feeds, hosts' links): 32
 * random bytes from libsodium in URL-safe base64 without padding. The
 * database keeps an unkeyed BLAKE2b hash of the text (to find it) and a
 * sealed copy (to send it again), never the text itself; never log one.
 */
#ifndef MESTRING_TOKEN_H
#define MESTRING_TOKEN_H

#include <stdbool.h>

/* The text of a token and its size with the NUL. */
#define TOKEN_LEN  43
#define TOKEN_SIZE (TOKEN_LEN + 1)
/* The bytes of a token's hash (the column's CHECK says 32). */
#define TOKEN_HASH_LEN 32

/* A new token into out (256 bits from the system's random source). */
void token_new(char out[TOKEN_SIZE]);
/* Is t (may be NULL) the text of a token: TOKEN_LEN characters of
 * [A-Za-z0-9_-]? Anything else is never looked up. */
bool token_well_formed(const char *t);
/* The unkeyed BLAKE2b hash of token's text into out. */
void token_hash(const char *token, unsigned char out[TOKEN_HASH_LEN]);

#endif
