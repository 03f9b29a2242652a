/*
 * Unit tests for secret: the key file (created private, loaded again,
 * refused when readable by others, of the wrong size or a symbolic link,
 * created once by racing processes), sealing and opening, tampering, the
 * keyed hash, and the SQLite helpers on an in-memory database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secret.h"

#define KEY_BYTES 32

struct fixture {
	char dir[1024];
	char key[PATH_MAX]; /* dir/test.db.key, not created yet */
};

static void path_in(const struct fixture *f, const char *name,
		    char out[PATH_MAX])
{
	int n = snprintf(out, PATH_MAX, "%s/%s", f->dir, name);

	assert_true(n > 0 && n < PATH_MAX);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct fixture *f = calloc(1, sizeof(*f));
	int n;

	if (!f || sodium_init() < 0)
		return -1;
	n = snprintf(f->dir, sizeof(f->dir), "%s/mestring-secret-XXXXXX",
		     tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(f->dir) || !mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->key, sizeof(f->key), "%s/test.db.key", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	DIR *d;
	struct dirent *e;
	char path[PATH_MAX];

	secret_shutdown();
	d = opendir(f->dir);
	while (d && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		path_in(f, e->d_name, path);
		if (unlink(path) != 0)
			rmdir(path);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void write_file(const char *path, const void *data, size_t len,
		       mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static void read_key(const char *path, unsigned char out[KEY_BYTES])
{
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, out, KEY_BYTES), KEY_BYTES);
	assert_int_equal(close(fd), 0);
}

static bool contains(const unsigned char *hay, size_t n, const char *needle,
		     size_t m)
{
	size_t i;

	for (i = 0; i + m <= n; i++)
		if (!memcmp(hay + i, needle, m))
			return true;
	return false;
}

/* Opens sealed and checks it holds exactly want. */
static void assert_opens_to(const unsigned char *sealed, size_t len,
			    const char *want, size_t wantlen)
{
	char *plain = NULL;
	size_t plainlen = 0;

	assert_int_equal(secret_open(sealed, len, &plain, &plainlen), 0);
	assert_non_null(plain);
	assert_int_equal(plainlen, wantlen);
	assert_memory_equal(plain, want, wantlen);
	assert_int_equal(plain[wantlen], '\0');
	secret_free(plain);
}

static void init_creates_a_private_key_that_a_second_init_loads(void **state)
{
	struct fixture *f = *state;
	unsigned char before[KEY_BYTES], after[KEY_BYTES];
	unsigned char h1[SECRET_HASH_LEN], h2[SECRET_HASH_LEN];
	unsigned char *sealed = NULL;
	size_t len = 0;
	char *plain = NULL;
	struct stat st;

	assert_false(secret_ready());
	assert_int_equal(secret_init(f->key), 0);
	assert_true(secret_ready());
	assert_int_equal(lstat(f->key, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, KEY_BYTES);
	read_key(f->key, before);

	assert_int_equal(secret_seal("Angst", 5, &sealed, &len), 0);
	assert_int_equal(secret_hash("0101901234", h1), 0);
	secret_shutdown();
	assert_false(secret_ready());
	assert_int_equal(secret_open(sealed, len, &plain, NULL), -1);
	assert_null(plain);

	assert_int_equal(secret_init(f->key), 0);
	read_key(f->key, after);
	assert_memory_equal(before, after, KEY_BYTES);
	assert_opens_to(sealed, len, "Angst", 5);
	assert_int_equal(secret_hash("0101901234", h2), 0);
	assert_memory_equal(h1, h2, SECRET_HASH_LEN);
	free(sealed);
}

static void a_key_file_readable_by_others_is_refused(void **state)
{
	static const mode_t modes[] = {0644, 0640, 0604, 0660, 0602, 0700};
	struct fixture *f = *state;
	size_t i;

	assert_int_equal(secret_init(f->key), 0);
	secret_shutdown();
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		assert_int_equal(chmod(f->key, modes[i]), 0);
		assert_int_equal(secret_init(f->key), modes[i] & 077 ? -1 : 0);
		assert_int_equal(secret_ready(), !(modes[i] & 077));
		secret_shutdown();
	}
	assert_int_equal(chmod(f->key, 0400), 0);
	assert_int_equal(secret_init(f->key), 0);
}

static void a_key_file_of_the_wrong_size_is_refused(void **state)
{
	static const size_t sizes[] = {0, 1, KEY_BYTES - 1, KEY_BYTES + 1, 64};
	struct fixture *f = *state;
	unsigned char junk[64];
	size_t i;

	memset(junk, 0x5a, sizeof(junk));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unlink(f->key);
		write_file(f->key, junk, sizes[i], 0600);
		assert_int_equal(secret_init(f->key), -1);
		assert_false(secret_ready());
	}
	/* A file of the right size is a key, whatever its bytes. */
	unlink(f->key);
	write_file(f->key, junk, KEY_BYTES, 0600);
	assert_int_equal(secret_init(f->key), 0);
}

static void a_symbolic_link_or_a_folder_as_key_file_is_refused(void **state)
{
	struct fixture *f = *state;
	char link[PATH_MAX], dangling[PATH_MAX], folder[PATH_MAX];
	char missing[PATH_MAX];
	struct stat st;

	path_in(f, "link.key", link);
	path_in(f, "dangling.key", dangling);
	path_in(f, "missing.key", missing);
	path_in(f, "folder.key", folder);
	assert_int_equal(secret_init(f->key), 0);
	secret_shutdown();

	assert_int_equal(symlink(f->key, link), 0);
	assert_int_equal(secret_init(link), -1);
	assert_false(secret_ready());

	/* Not followed to create a key wherever the link points either. */
	assert_int_equal(symlink(missing, dangling), 0);
	assert_int_equal(secret_init(dangling), -1);
	assert_int_equal(stat(missing, &st), -1);

	assert_int_equal(mkdir(folder, 0700), 0);
	assert_int_equal(secret_init(folder), -1);
	assert_false(secret_ready());
}

static void values_sealed_with_another_key_do_not_open(void **state)
{
	struct fixture *f = *state;
	char other[PATH_MAX];
	unsigned char *sealed = NULL;
	size_t len = 0;
	char *plain = NULL;

	path_in(f, "other.key", other);
	assert_int_equal(secret_init(f->key), 0);
	assert_int_equal(secret_seal("ADHD", 4, &sealed, &len), 0);
	assert_int_equal(secret_init(other), 0);
	assert_int_equal(secret_open(sealed, len, &plain, NULL), -1);
	assert_null(plain);
	free(sealed);
}

/* Files in the fixture's folder whose names end in suffix. */
static int count_files(const struct fixture *f, const char *suffix)
{
	DIR *d = opendir(f->dir);
	struct dirent *e;
	size_t m = strlen(suffix);
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len >= m && !strcmp(e->d_name + len - m, suffix))
			n++;
	}
	closedir(d);
	return n;
}

static void racing_processes_create_one_key_and_all_use_it(void **state)
{
	enum { RACERS = 4 };
	struct fixture *f = *state;
	pid_t pids[RACERS];
	char path[PATH_MAX];
	int i;

	for (i = 0; i < RACERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			unsigned char *sealed = NULL;
			size_t len = 0;
			char name[32];
			FILE *out;

			snprintf(name, sizeof(name), "sealed-%d", i);
			path_in(f, name, path);
			if (secret_init(f->key) != 0 ||
			    secret_seal("race", 4, &sealed, &len) != 0)
				_exit(1);
			out = fopen(path, "wb");
			if (!out || fwrite(sealed, 1, len, out) != len ||
			    fclose(out) != 0)
				_exit(2);
			_exit(0);
		}
	}
	for (i = 0; i < RACERS; i++) {
		int status = 0;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(count_files(f, ".tmp"), 0); /* none left behind */
	assert_int_equal(count_files(f, ".key"), 1);
	assert_int_equal(secret_init(f->key), 0);
	for (i = 0; i < RACERS; i++) {
		unsigned char buf[64];
		char name[32];
		FILE *in;
		size_t n;

		snprintf(name, sizeof(name), "sealed-%d", i);
		path_in(f, name, path);
		in = fopen(path, "rb");
		assert_non_null(in);
		n = fread(buf, 1, sizeof(buf), in);
		fclose(in);
		assert_int_equal(n, 4 + SECRET_OVERHEAD);
		assert_opens_to(buf, n, "race", 4);
	}
}

static void texts_of_any_length_round_trip(void **state)
{
	static const size_t sizes[] = {0, 1, 10, 100 * 1024};
	struct fixture *f = *state;
	char *text = malloc(100 * 1024 + 1);
	size_t i, j;

	assert_non_null(text);
	for (j = 0; j < 100 * 1024; j++)
		text[j] = (char)(' ' + (j * 7919) % 95);
	memcpy(text, "Angst, ADHD – æøå", strlen("Angst, ADHD – æøå"));
	assert_int_equal(secret_init(f->key), 0);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *sealed = NULL;
		size_t len = 0;

		assert_int_equal(secret_seal(text, sizes[i], &sealed, &len), 0);
		assert_int_equal(len, sizes[i] + SECRET_OVERHEAD);
		assert_int_equal(sealed[0], 1);
		if (sizes[i] >= 10)
			assert_false(contains(sealed, len, text, 10));
		assert_opens_to(sealed, len, text, sizes[i]);
		free(sealed);
	}
	free(text);
}

static void every_damaged_byte_is_refused(void **state)
{
	struct fixture *f = *state;
	unsigned char *sealed = NULL, *copy;
	size_t len = 0, i;
	int bit;
	char *plain = NULL;

	assert_int_equal(secret_init(f->key), 0);
	assert_int_equal(secret_seal("0101901234", 10, &sealed, &len), 0);
	copy = malloc(len + 1);
	assert_non_null(copy);
	for (i = 0; i < len; i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(copy, sealed, len);
			copy[i] ^= (unsigned char)(1u << bit);
			assert_int_equal(secret_open(copy, len, &plain, NULL),
					 -1);
			assert_null(plain);
		}
	}
	/* Cut short, lengthened, below the overhead, or absent. */
	memcpy(copy, sealed, len);
	copy[len] = 0;
	assert_int_equal(secret_open(copy, len - 1, &plain, NULL), -1);
	assert_int_equal(secret_open(copy, len + 1, &plain, NULL), -1);
	assert_int_equal(secret_open(copy, SECRET_OVERHEAD - 1, &plain, NULL),
			 -1);
	assert_int_equal(secret_open(NULL, len, &plain, NULL), -1);
	assert_opens_to(copy, len, "0101901234", 10);
	free(copy);
	free(sealed);
}

static void seals_differ_each_time_but_hashes_agree(void **state)
{
	struct fixture *f = *state;
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	unsigned char ha[SECRET_HASH_LEN], hb[SECRET_HASH_LEN];

	assert_int_equal(secret_init(f->key), 0);
	assert_int_equal(secret_seal("0101901234", 10, &a, &alen), 0);
	assert_int_equal(secret_seal("0101901234", 10, &b, &blen), 0);
	assert_int_equal(alen, blen);
	assert_memory_not_equal(a + 1, b + 1, crypto_secretbox_NONCEBYTES);
	assert_memory_not_equal(a, b, alen);
	assert_int_equal(secret_hash("0101901234", ha), 0);
	assert_int_equal(secret_hash("0101901234", hb), 0);
	assert_memory_equal(ha, hb, SECRET_HASH_LEN);
	free(a);
	free(b);
}

static void hash_is_keyed_and_tells_texts_apart(void **state)
{
	struct fixture *f = *state;
	unsigned char master[KEY_BYTES], zero[SECRET_HASH_LEN] = {0};
	unsigned char h[SECRET_HASH_LEN], other[SECRET_HASH_LEN];
	unsigned char plain[SECRET_HASH_LEN], with_master[SECRET_HASH_LEN];
	const char *text = "0101901234";

	assert_int_equal(secret_hash(text, h), -1);
	assert_memory_equal(h, zero, SECRET_HASH_LEN);

	assert_int_equal(secret_init(f->key), 0);
	read_key(f->key, master);
	assert_int_equal(secret_hash(text, h), 0);
	assert_int_equal(secret_hash("0101901235", other), 0);
	assert_memory_not_equal(h, other, SECRET_HASH_LEN);
	assert_memory_not_equal(h, zero, SECRET_HASH_LEN);

	/* Neither the unkeyed hash nor one keyed with the file's bytes. */
	crypto_generichash(plain, sizeof(plain), (const unsigned char *)text,
			   strlen(text), NULL, 0);
	crypto_generichash(with_master, sizeof(with_master),
			   (const unsigned char *)text, strlen(text), master,
			   sizeof(master));
	assert_memory_not_equal(h, plain, SECRET_HASH_LEN);
	assert_memory_not_equal(h, with_master, SECRET_HASH_LEN);

	assert_int_equal(secret_hash(NULL, h), -1);
}

/* Hash and seal use subkeys 1 and 2 of the file's key ("mestrcpr"). */
static void hash_and_seal_keys_are_derived_from_the_file(void **state)
{
	struct fixture *f = *state;
	unsigned char master[KEY_BYTES], sub[KEY_BYTES];
	unsigned char h[SECRET_HASH_LEN], want[SECRET_HASH_LEN];
	unsigned char sealed[SECRET_OVERHEAD + 5];
	const char *text = "0101901234";
	char *plain = NULL;

	assert_int_equal(secret_init(f->key), 0);
	read_key(f->key, master);
	assert_int_equal(crypto_kdf_derive_from_key(sub, sizeof(sub), 1,
						    "mestrcpr", master),
			 0);
	crypto_generichash(want, sizeof(want), (const unsigned char *)text,
			   strlen(text), sub, sizeof(sub));
	assert_int_equal(secret_hash(text, h), 0);
	assert_memory_equal(h, want, SECRET_HASH_LEN);

	/* Sealed by hand with subkey 2: opens. */
	assert_int_equal(crypto_kdf_derive_from_key(sub, sizeof(sub), 2,
						    "mestrcpr", master),
			 0);
	sealed[0] = 1;
	randombytes_buf(sealed + 1, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(sealed + 1 + crypto_secretbox_NONCEBYTES,
			      (const unsigned char *)"Angst", 5, sealed + 1,
			      sub);
	assert_opens_to(sealed, sizeof(sealed), "Angst", 5);

	/* Sealed with the file's key itself or the hash key: refused. */
	crypto_secretbox_easy(sealed + 1 + crypto_secretbox_NONCEBYTES,
			      (const unsigned char *)"Angst", 5, sealed + 1,
			      master);
	assert_int_equal(secret_open(sealed, sizeof(sealed), &plain, NULL), -1);
	assert_int_equal(crypto_kdf_derive_from_key(sub, sizeof(sub), 1,
						    "mestrcpr", master),
			 0);
	crypto_secretbox_easy(sealed + 1 + crypto_secretbox_NONCEBYTES,
			      (const unsigned char *)"Angst", 5, sealed + 1,
			      sub);
	assert_int_equal(secret_open(sealed, sizeof(sealed), &plain, NULL), -1);
	assert_null(plain);
}

static void nothing_seals_without_a_key(void **state)
{
	unsigned char *sealed = (unsigned char *)"x";
	size_t len = 7;

	(void)state;
	assert_false(secret_ready());
	assert_int_equal(secret_seal("x", 1, &sealed, &len), -1);
	assert_null(sealed);
	assert_int_equal(len, 0);
	assert_int_equal(secret_init(NULL), -1);
	assert_int_equal(secret_init(""), -1);
	assert_false(secret_ready());
}

static void key_path_appends_dot_key_when_it_fits(void **state)
{
	char out[PATH_MAX], small[16];

	(void)state;
	assert_int_equal(secret_key_path("/var/lib/mestring/mestring.db", out,
					 sizeof(out)),
			 0);
	assert_string_equal(out, "/var/lib/mestring/mestring.db.key");
	assert_int_equal(secret_key_path("mestring.db", small, sizeof(small)),
			 0);
	assert_string_equal(small, "mestring.db.key"); /* 15 bytes: fits */
	assert_int_equal(secret_key_path("mestring2.db", small, sizeof(small)),
			 -1);
	assert_string_equal(small, "");
	assert_int_equal(secret_key_path(NULL, out, sizeof(out)), -1);
}

struct bind_case {
	const char *text; /* NULL: SQL NULL */
	const char *want; /* what secret_column gives back */
};

static const struct bind_case bind_cases[] = {
	{"Angst og søvnproblemer", "Angst og søvnproblemer"},
	{"", ""},
	{NULL, ""},
	{"0101901234", "0101901234"},
};

static void exec(sqlite3 *db, const char *sql)
{
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void values_round_trip_through_a_sqlite_column(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t i;

	assert_int_equal(secret_init(f->key), 0);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
	assert_int_equal(
		sqlite3_prepare_v2(db, "INSERT INTO t (id, v) VALUES (?1, ?2)",
				   -1, &st, NULL),
		SQLITE_OK);
	for (i = 0; i < sizeof(bind_cases) / sizeof(bind_cases[0]); i++) {
		assert_int_equal(sqlite3_bind_int64(st, 1, (sqlite3_int64)i),
				 SQLITE_OK);
		assert_int_equal(secret_bind(st, 2, bind_cases[i].text), 0);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);

	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT v, typeof(v), length(v) "
					    "FROM t ORDER BY id",
					    -1, &st, NULL),
			 SQLITE_OK);
	for (i = 0; i < sizeof(bind_cases) / sizeof(bind_cases[0]); i++) {
		const struct bind_case *c = &bind_cases[i];
		char *got;

		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (c->text) {
			/* Stored sealed: a blob, never the text itself. */
			assert_string_equal(sqlite3_column_text(st, 1), "blob");
			assert_int_equal(sqlite3_column_int(st, 2),
					 strlen(c->text) + SECRET_OVERHEAD);
		} else {
			assert_string_equal(sqlite3_column_text(st, 1), "null");
		}
		got = secret_column(st, 0);
		assert_non_null(got);
		assert_string_equal(got, c->want);
		secret_free(got);
	}
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);

	/* Damaged, empty or plain values are not opened. */
	exec(db, "INSERT INTO t (id, v) VALUES (100, x'0102'), (101, x''), "
		 "(102, 'Angst')");
	assert_int_equal(sqlite3_prepare_v2(
				 db,
				 "SELECT v FROM t WHERE id >= 100 ORDER BY id",
				 -1, &st, NULL),
			 SQLITE_OK);
	for (i = 0; i < 3; i++) {
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_null(secret_column(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void text_is_not_stored_in_the_clear(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const char *text = "depression-and-anxiety";

	assert_int_equal(secret_init(f->key), 0);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	exec(db, "CREATE TABLE t (v BLOB)");
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1)", -1,
					    &st, NULL),
			 SQLITE_OK);
	assert_int_equal(secret_bind(st, 1, text), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT count(*) FROM t WHERE "
					    "instr(v, CAST(?1 AS BLOB)) > 0",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, "anxiety", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

#define CASE(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		CASE(init_creates_a_private_key_that_a_second_init_loads),
		CASE(a_key_file_readable_by_others_is_refused),
		CASE(a_key_file_of_the_wrong_size_is_refused),
		CASE(a_symbolic_link_or_a_folder_as_key_file_is_refused),
		CASE(values_sealed_with_another_key_do_not_open),
		CASE(racing_processes_create_one_key_and_all_use_it),
		CASE(texts_of_any_length_round_trip),
		CASE(every_damaged_byte_is_refused),
		CASE(seals_differ_each_time_but_hashes_agree),
		CASE(hash_is_keyed_and_tells_texts_apart),
		CASE(hash_and_seal_keys_are_derived_from_the_file),
		CASE(nothing_seals_without_a_key),
		CASE(key_path_appends_dot_key_when_it_fits),
		CASE(values_round_trip_through_a_sqlite_column),
		CASE(text_is_not_stored_in_the_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
