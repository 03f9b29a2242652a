/*
 * secret: the key file, sealing and opening of special-category values, and
 * the keyed CPR hash (see secret.h). Two subkeys are derived from the file's
 * master key, so the hash key and the encryption key are never the same.
 */
#include "secret.h"

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECRET_VERSION	 1
#define SECRET_CONTEXT	 "mestrcpr"
#define SECRET_ID_HASH	 1
#define SECRET_ID_BOX	 2
#define SECRET_KEY_BYTES crypto_kdf_KEYBYTES

_Static_assert(SECRET_OVERHEAD == 1 + crypto_secretbox_NONCEBYTES +
					  crypto_secretbox_MACBYTES,
	       "SECRET_OVERHEAD must match the sealed format");
_Static_assert(crypto_secretbox_KEYBYTES == 32 &&
		       crypto_generichash_KEYBYTES_MAX >= 32,
	       "subkeys are 32 bytes");
_Static_assert(sizeof(SECRET_CONTEXT) - 1 == crypto_kdf_CONTEXTBYTES,
	       "the KDF context is exactly eight bytes");

/* Both subkeys in one guarded allocation, read-only once derived. */
struct secret_keys {
	unsigned char box[crypto_secretbox_KEYBYTES];
	unsigned char hash[32];
};

/* Written only by secret_init/secret_shutdown, before and after threads. */
static struct secret_keys *secret_keys;

enum secret_load {
	SECRET_LOADED,
	SECRET_ABSENT,	/* no key file yet */
	SECRET_RACED,	/* another process created it first: load theirs */
	SECRET_REFUSED, /* logged */
};

bool secret_ready(void)
{
	return secret_keys != NULL;
}

int secret_key_path(const char *db, char *out, size_t outlen)
{
	int n;

	if (!out || outlen == 0)
		return -1;
	if (!db) {
		out[0] = '\0';
		return -1;
	}
	n = snprintf(out, outlen, "%s.key", db);
	if (n < 0 || (size_t)n >= outlen) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

static int secret_read_full(int fd, unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int secret_write_full(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Makes a new directory entry durable: fsync of the containing folder. */
static int secret_sync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t len;
	int fd, rc;

	if (!slash) {
		snprintf(dir, sizeof(dir), ".");
	} else {
		len = slash == path ? 1 : (size_t)(slash - path);
		if (len >= sizeof(dir))
			return -1;
		memcpy(dir, path, len);
		dir[len] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Reads the master key; refuses anything but a private file of key size. */
static enum secret_load secret_load(const char *path, unsigned char *master)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	enum secret_load rc = SECRET_REFUSED;

	if (fd < 0) {
		if (errno == ENOENT)
			return SECRET_ABSENT;
		if (errno == ELOOP)
			log_error("secret: key file %s is a symbolic link; "
				  "refusing it (use the real file's path)",
				  path);
		else
			log_error("secret: cannot open key file %s: %s", path,
				  strerror(errno));
		return SECRET_REFUSED;
	}
	if (fstat(fd, &st) != 0) {
		log_error("secret: cannot stat key file %s: %s", path,
			  strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		log_error("secret: key file %s is not a regular file", path);
	} else if (st.st_size != (off_t)SECRET_KEY_BYTES) {
		log_error("secret: key file %s has %lld bytes, not %d; it is "
			  "damaged or not a key file",
			  path, (long long)st.st_size, (int)SECRET_KEY_BYTES);
	} else if (st.st_mode & 077) {
		log_error("secret: key file %s may be read by group or "
			  "others (mode %03o); run chmod 600 %s",
			  path, (unsigned)(st.st_mode & 0777), path);
	} else if (secret_read_full(fd, master, SECRET_KEY_BYTES) != 0) {
		log_error("secret: cannot read key file %s", path);
	} else {
		rc = SECRET_LOADED;
	}
	close(fd);
	return rc;
}

/*
 * Writes a fresh master key to a temporary name (O_EXCL, 0600), makes it
 * durable and links it into place, so another process never sees a half-
 * written key. SECRET_RACED when another process's key got there first.
 */
static enum secret_load secret_create(const char *path, unsigned char *master)
{
	char tmp[PATH_MAX];
	unsigned char tag[8];
	char hex[sizeof(tag) * 2 + 1];
	enum secret_load rc = SECRET_REFUSED;
	int fd, n;

	randombytes_buf(tag, sizeof(tag));
	sodium_bin2hex(hex, sizeof(hex), tag, sizeof(tag));
	n = snprintf(tmp, sizeof(tmp), "%s.%s.tmp", path, hex);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		log_error("secret: key file path %s is too long", path);
		return SECRET_REFUSED;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		log_error("secret: cannot create key file next to %s: %s", path,
			  strerror(errno));
		return SECRET_REFUSED;
	}
	randombytes_buf(master, SECRET_KEY_BYTES);
	if (secret_write_full(fd, master, SECRET_KEY_BYTES) != 0 ||
	    fsync(fd) != 0) {
		log_error("secret: cannot write key file %s: %s", tmp,
			  strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	if (link(tmp, path) != 0) {
		if (errno == EEXIST)
			rc = SECRET_RACED;
		else
			log_error("secret: cannot create key file %s: %s", path,
				  strerror(errno));
		goto out;
	}
	rc = SECRET_LOADED;
out:
	unlink(tmp);
	if (rc == SECRET_LOADED && secret_sync_dir(path) != 0) {
		/* Seal nothing with a key that a crash could still lose. */
		log_error("secret: cannot sync the folder of key file %s",
			  path);
		rc = SECRET_REFUSED;
	}
	if (rc != SECRET_LOADED)
		sodium_memzero(master, SECRET_KEY_BYTES);
	else
		log_info("secret: created key file %s; back it up apart from "
			 "the database",
			 path);
	return rc;
}

static int secret_derive(const unsigned char *master)
{
	struct secret_keys *k = sodium_malloc(sizeof(*k));

	if (!k) {
		log_error("secret: out of memory for the key");
		return -1;
	}
	if (crypto_kdf_derive_from_key(k->hash, sizeof(k->hash), SECRET_ID_HASH,
				       SECRET_CONTEXT, master) != 0 ||
	    crypto_kdf_derive_from_key(k->box, sizeof(k->box), SECRET_ID_BOX,
				       SECRET_CONTEXT, master) != 0) {
		log_error("secret: key derivation failed");
		sodium_free(k);
		return -1;
	}
	sodium_mprotect_readonly(k);
	secret_keys = k;
	return 0;
}

int secret_init(const char *path)
{
	unsigned char *master = NULL;
	enum secret_load got;
	int rc = -1;

	secret_shutdown();
	if (!path || !*path) {
		log_error("secret: no key file path");
		return -1;
	}
	if (sodium_init() < 0) {
		log_error("secret: libsodium failed to initialise");
		return -1;
	}
	master = sodium_malloc(SECRET_KEY_BYTES);
	if (!master) {
		log_error("secret: out of memory for the key");
		return -1;
	}
	got = secret_load(path, master);
	if (got == SECRET_ABSENT)
		got = secret_create(path, master);
	if (got == SECRET_RACED)
		got = secret_load(path, master);
	if (got == SECRET_ABSENT)
		log_error("secret: key file %s vanished while starting", path);
	if (got == SECRET_LOADED)
		rc = secret_derive(master);
	sodium_free(master); /* wipes it */
	return rc;
}

void secret_shutdown(void)
{
	if (!secret_keys)
		return;
	sodium_free(secret_keys); /* makes it writable and wipes it first */
	secret_keys = NULL;
}

int secret_seal(const void *plain, size_t len, unsigned char **out,
		size_t *outlen)
{
	static const unsigned char empty[1];
	unsigned char *buf;

	if (!out || !outlen)
		return -1;
	*out = NULL;
	*outlen = 0;
	if (!secret_keys || (!plain && len > 0) ||
	    len > SIZE_MAX - SECRET_OVERHEAD)
		return -1;
	if (!plain)
		plain = empty;
	buf = malloc(len + SECRET_OVERHEAD);
	if (!buf)
		return -1;
	buf[0] = SECRET_VERSION;
	randombytes_buf(buf + 1, crypto_secretbox_NONCEBYTES);
	if (crypto_secretbox_easy(buf + 1 + crypto_secretbox_NONCEBYTES, plain,
				  len, buf + 1, secret_keys->box) != 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = len + SECRET_OVERHEAD;
	return 0;
}

int secret_open(const void *sealed, size_t len, char **out, size_t *outlen)
{
	const unsigned char *c = sealed;
	size_t plen;
	char *buf;

	if (!out)
		return -1;
	*out = NULL;
	if (outlen)
		*outlen = 0;
	/* The version byte is outside the MAC; only the known one passes. */
	if (!secret_keys || !c || len < SECRET_OVERHEAD ||
	    c[0] != SECRET_VERSION)
		return -1;
	plen = len - SECRET_OVERHEAD;
	buf = malloc(plen + 1);
	if (!buf)
		return -1;
	if (crypto_secretbox_open_easy((unsigned char *)buf,
				       c + 1 + crypto_secretbox_NONCEBYTES,
				       len - 1 - crypto_secretbox_NONCEBYTES,
				       c + 1, secret_keys->box) != 0) {
		free(buf); /* the MAC is checked first: nothing was written */
		return -1;
	}
	buf[plen] = '\0';
	*out = buf;
	if (outlen)
		*outlen = plen;
	return 0;
}

void secret_free(char *s)
{
	if (!s)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

int secret_hash(const char *text, unsigned char out[SECRET_HASH_LEN])
{
	memset(out, 0, SECRET_HASH_LEN);
	if (!secret_keys || !text)
		return -1;
	if (crypto_generichash(out, SECRET_HASH_LEN,
			       (const unsigned char *)text, strlen(text),
			       secret_keys->hash,
			       sizeof(secret_keys->hash)) != 0) {
		memset(out, 0, SECRET_HASH_LEN);
		return -1;
	}
	return 0;
}

int secret_bind(sqlite3_stmt *st, int idx, const char *text)
{
	unsigned char *sealed = NULL;
	size_t len = 0;

	if (!text)
		return sqlite3_bind_null(st, idx) == SQLITE_OK ? 0 : -1;
	if (secret_seal(text, strlen(text), &sealed, &len) != 0)
		return -1;
	/* SQLite calls free on the blob even when binding fails. */
	if (sqlite3_bind_blob64(st, idx, sealed, (sqlite3_uint64)len, free) !=
	    SQLITE_OK)
		return -1;
	return 0;
}

char *secret_column(sqlite3_stmt *st, int col)
{
	const void *blob;
	size_t len;
	char *plain = NULL;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return strdup("");
	/* Blob first, then its size, as SQLite's documentation advises. */
	blob = sqlite3_column_blob(st, col);
	len = (size_t)sqlite3_column_bytes(st, col);
	if (secret_open(blob, len, &plain, NULL) != 0) {
		log_error("secret: a sealed value could not be opened");
		return NULL;
	}
	return plain;
}
