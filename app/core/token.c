/*
 * token: 256-bit link tokens, their form and their hash. An unkeyed hash
 * is enough: the token carries 256 bits of entropy, so the hash cannot be
 * turned back into it, and the look-up needs no key.
 */
#include "token.h"

#include <sodium.h>
#include <string.h>

void token_new(char out[TOKEN_SIZE])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_SIZE, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

bool token_well_formed(const char *t)
{
	size_t i;

	if (t == NULL)
		return false;
	for (i = 0; t[i]; i++) {
		char c = t[i];

		if (i >= TOKEN_LEN ||
		    !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return i == TOKEN_LEN;
}

void token_hash(const char *token, unsigned char out[TOKEN_HASH_LEN])
{
	crypto_generichash(out, TOKEN_HASH_LEN, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}
