/*
 * secret: field encryption for special-category data (CPR numbers and
 * health information). A 256-bit key lives in a file of its own, created
 * with mode 0600 at first run and never stored in the database; values are
 * sealed with libsodium's secretbox, and a keyed BLAKE2b hash lets CPR
 * numbers be compared without decrypting them.
 */
#ifndef MESTRING_SECRET_H
#define MESTRING_SECRET_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#define SECRET_HASH_LEN 32
/* Sealed size: a version byte, the nonce and the MAC on top of the text. */
#define SECRET_OVERHEAD (1 + 24 + 16)

/*
 * Loads the key from path, or creates it (mode 0600, O_EXCL) when the file
 * does not exist. Refuses a key file that is not a regular file of exactly
 * the key's size, or that group or others may read. Call once, before any
 * thread seals or opens. 0, or -1 with the reason logged.
 */
int secret_init(const char *path);
/* Forgets the key (wiped). */
void secret_shutdown(void);
/* Has secret_init succeeded? */
bool secret_ready(void);
/* The key file that belongs to database file db: "<db>.key". */
int secret_key_path(const char *db, char *out, size_t outlen);

/*
 * Seals len bytes of plain. *out (free with free()) gets *outlen =
 * len + SECRET_OVERHEAD bytes. 0, or -1 (no key, or out of memory).
 */
int secret_seal(const void *plain, size_t len, unsigned char **out,
		size_t *outlen);
/*
 * Opens what secret_seal made. *out gets the plain text with a NUL after
 * it (free with secret_free); *outlen (may be NULL) its length. 0, or -1
 * when the value is forged, damaged, sealed with another key or NULL.
 */
int secret_open(const void *sealed, size_t len, char **out, size_t *outlen);
/* Wipes and frees a string secret_open or secret_column returned. */
void secret_free(char *s);

/* Keyed hash of text (no key: all zeroes and -1). 0 or -1. */
int secret_hash(const char *text, unsigned char out[SECRET_HASH_LEN]);

/*
 * SQLite helpers. secret_bind binds text (NULL: SQL NULL) sealed at
 * parameter idx; 0 or -1. secret_column opens column col: the plain text
 * (free with secret_free), "" (allocated) for SQL NULL, or NULL when the
 * value cannot be opened (logged without the value).
 */
int secret_bind(sqlite3_stmt *st, int idx, const char *text);
char *secret_column(sqlite3_stmt *st, int col);

#endif
