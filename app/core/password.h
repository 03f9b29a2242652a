/*
 * password: argon2id hashes of staff passwords (libsodium) and the rule a
 * new password must meet. At most two hashes run at once, because each
 * takes 64 MiB: a login storm must not take a gigabyte.
 */
#ifndef MESTRING_PASSWORD_H
#define MESTRING_PASSWORD_H

#include <sodium.h>
#include <stdbool.h>

#define PASSWORD_MIN	  12  /* characters */
#define PASSWORD_MAX	  256 /* bytes */
#define PASSWORD_HASH_LEN crypto_pwhash_STRBYTES

/* libsodium must be initialised first (auth_init or sodium_init). */

/* Hashes password into out (PASSWORD_HASH_LEN bytes). 0, or -1 when no
 * hashing slot came free in time or memory ran out. */
int password_hash(const char *password, char out[PASSWORD_HASH_LEN]);
/* 1 when password matches hash, 0 when not, -1 when no hashing slot came
 * free in time (busy). */
int password_check(const char *hash, const char *password);
/* password_check() == 1. */
bool password_verify(const char *hash, const char *password);
/* Danish reason a new password is refused, or NULL when it is fine. */
const char *password_problem(const char *password);

#endif
