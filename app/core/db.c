/*
 * db: SQLite connections with the project's pragmas, a prepared-statement
 * cache per connection, migrations and the server's writer/reader pool.
 */
#include "db.h"

#include "date.h"
#include "embed.h"
#include "log.h"
#include "secret.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DB_BUSY_TIMEOUT_MS 5000

struct db_cached {
	const char *sql; /* key: address of the statement-table string */
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	enum db_mode mode;
	struct db_cached *cache; /* open addressing, cap a power of two */
	size_t cache_len, cache_cap;
	bool relaxed; /* synchronous=NORMAL until the writer is unlocked */
	void *user;   /* a caller's state that lives with the connection */
	void (*user_free)(void *);
	struct db *next_free; /* in the reader pool's free list */
};

void *db_user(struct db *db)
{
	return db->user;
}

void db_set_user(struct db *db, void *user, void (*user_free)(void *))
{
	if (db->user && db->user_free)
		db->user_free(db->user);
	db->user = user;
	db->user_free = user_free;
}

sqlite3 *db_handle(struct db *db)
{
	return db->h;
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("db: %s: %s", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/*
 * The database and its -wal and -shm files hold names and addresses in the
 * clear: they are the owner's alone. New files are (main sets umask 077);
 * an existing one readable by others is fixed, and said so. 0 or -1.
 */
static int db_secure_files(const char *path)
{
	static const char *const ext[] = {"", "-wal", "-shm"};
	char name[4096];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		if ((size_t)snprintf(name, sizeof(name), "%s%s", path,
				     ext[i]) >= sizeof(name))
			return -1;
		if (stat(name, &st) < 0 || !S_ISREG(st.st_mode) ||
		    (st.st_mode & 077) == 0)
			continue;
		if (chmod(name, st.st_mode & 0700) < 0) {
			log_error("db: %s is readable by others (mode %03o) "
				  "and cannot be changed",
				  name, (unsigned)(st.st_mode & 0777));
			return -1;
		}
		log_warn("db: %s was readable by others (mode %03o); it is "
			 "now %03o",
			 name, (unsigned)(st.st_mode & 0777),
			 (unsigned)(st.st_mode & 0700));
	}
	return 0;
}

struct db *db_open(const char *path, enum db_mode mode)
{
	static const char pragmas[] = "PRAGMA journal_mode=WAL;"
				      "PRAGMA synchronous=FULL;"
				      "PRAGMA foreign_keys=ON;"
				      "PRAGMA temp_store=MEMORY;";
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct db *db = calloc(1, sizeof(*db));

	if (db == NULL)
		return NULL;
	db->mode = mode;
	if (mode == DB_WRITER) {
		flags |= SQLITE_OPEN_CREATE;
		if (db_secure_files(path) < 0)
			goto fail;
	}
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		log_error("db: cannot open %s: %s", path,
			  db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	if (db_exec(db, pragmas) < 0)
		goto fail;
	if (mode == DB_READER) {
		/* Checkpoints and writes belong to the writer alone (db.h). */
		sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
				  NULL);
		if (db_exec(db, "PRAGMA wal_autocheckpoint=0;"
				"PRAGMA query_only=ON;") < 0)
			goto fail;
	}
	return db;
fail:
	db_close(db);
	return NULL;
}

void db_close(struct db *db)
{
	size_t i;

	if (db == NULL)
		return;
	db_set_user(db, NULL, NULL);
	for (i = 0; i < db->cache_cap; i++)
		if (db->cache[i].st)
			sqlite3_finalize(db->cache[i].st);
	free(db->cache);
	sqlite3_close(db->h);
	free(db);
}

static size_t db_cache_slot(const struct db_cached *t, size_t cap,
			    const char *sql)
{
	size_t i = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15ull & (cap - 1);

	while (t[i].sql != NULL && t[i].sql != sql)
		i = (i + 1) & (cap - 1);
	return i;
}

static int db_cache_grow(struct db *db)
{
	size_t cap = db->cache_cap ? db->cache_cap * 2 : 64, i;
	struct db_cached *t = calloc(cap, sizeof(*t));

	if (t == NULL)
		return -1;
	for (i = 0; i < db->cache_cap; i++)
		if (db->cache[i].sql)
			t[db_cache_slot(t, cap, db->cache[i].sql)] =
				db->cache[i];
	free(db->cache);
	db->cache = t;
	db->cache_cap = cap;
	return 0;
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	if (db->cache_cap) {
		i = db_cache_slot(db->cache, db->cache_cap, sql);
		if (db->cache[i].sql) {
			st = db->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if ((db->cache_len + 1) * 2 > db->cache_cap && db_cache_grow(db) < 0)
		return NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK) {
		log_error("db: prepare: %s: %s", sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	i = db_cache_slot(db->cache, db->cache_cap, sql);
	db->cache[i].sql = sql;
	db->cache[i].st = st;
	db->cache_len++;
	return st;
}

/* Binds one checked argument at index i (1-based). 0 or -1. */
static int db_bind_one(sqlite3_stmt *st, int i, char want,
		       const struct db_arg *a)
{
	bool nullable = want >= 'A' && want <= 'Z';
	char kind = nullable ? (char)(want - 'A' + 'a') : want;
	bool is_null = a->kind == 'n' ||
		       ((a->kind == 't' || a->kind == 'b') && a->p == NULL) ||
		       (a->kind == 's' &&
			(a->p == NULL || *(const char *)a->p == '\0'));

	if (is_null)
		return nullable ? (sqlite3_bind_null(st, i) == SQLITE_OK ? 0
									 : -1)
				: -1;
	if (a->kind != kind)
		return -1;
	switch (kind) {
	case 'i':
		return sqlite3_bind_int64(st, i, a->i) == SQLITE_OK ? 0 : -1;
	case 'r':
		return sqlite3_bind_double(st, i, a->r) == SQLITE_OK ? 0 : -1;
	case 't':
		return sqlite3_bind_text(st, i, a->p, -1, SQLITE_TRANSIENT) ==
				       SQLITE_OK
			       ? 0
			       : -1;
	case 'b':
		return sqlite3_bind_blob(st, i, a->n ? a->p : "", (int)a->n,
					 SQLITE_TRANSIENT) == SQLITE_OK
			       ? 0
			       : -1;
	case 's':
		return secret_bind(st, i, a->p);
	default:
		return -1;
	}
}

sqlite3_stmt *db_bind(struct db *db, const struct db_sql *q,
		      const struct db_arg *args, size_t n)
{
	sqlite3_stmt *st = db_stmt(db, q->sql);
	size_t kinds = strlen(q->params), i;

	if (st == NULL)
		return NULL;
	if ((size_t)sqlite3_bind_parameter_count(st) != kinds || n != kinds) {
		log_error("db: %zu arguments for a statement of %d parameters "
			  "declared \"%s\": %s",
			  n, sqlite3_bind_parameter_count(st), q->params,
			  q->sql);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (db_bind_one(st, (int)i + 1, q->params[i], &args[i]) < 0) {
			log_error(
				"db: argument ?%zu is '%c', declared '%c': %s",
				i + 1, args[i].kind, q->params[i], q->sql);
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return NULL;
		}
	return st;
}

int db_scalar(struct db *db, sqlite3_stmt *st, int64_t *out)
{
	int rc;

	*out = 0;
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int db_step(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE &&
	    (rc & 0xff) != SQLITE_CONSTRAINT)
		log_error("db: step: %s", sqlite3_errmsg(db->h));
	return rc;
}

enum db_result db_exec_stmt(struct db *db, sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return DB_FAIL;
	rc = db_step(db, st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return DB_OK;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_FAIL;
}

void db_reset_all(struct db *db)
{
	sqlite3_stmt *st = NULL;

	while ((st = sqlite3_next_stmt(db->h, st)) != NULL)
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
}

int db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_begin_relaxed(struct db *db)
{
	if (db_exec(db, "PRAGMA synchronous = NORMAL") < 0)
		return -1;
	db->relaxed = true;
	return db_begin(db);
}

int db_commit(struct db *db)
{
	if (db_exec(db, "COMMIT") < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int db_finish(struct db *db, int rc)
{
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		db_exec(db, "ROLLBACK");
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

int db_row_by_id(struct db *db, const char *sql, int64_t id,
		 void (*read)(sqlite3_stmt *st, void *out), void *out)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		read(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

bool db_text_is(struct db *db, const char *sql, int64_t id, const char *text)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	bool same;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, id);
	same = db_step(db, st) == SQLITE_ROW &&
	       strcmp(db_text(st, 0), text) == 0;
	sqlite3_reset(st);
	return same;
}

const char *db_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "";
}

int32_t db_date(sqlite3_stmt *st, int col)
{
	date_t d = 0;

	if (date_parse_iso(db_text(st, col), &d) < 0)
		return 0;
	return d;
}

/* "0007-name.sql" is version 7; 0 when the name does not start so. */
static int db_migration_version(const char *name)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		v = v * 10 + (name[i] - '0');
	}
	return name[4] == '-' ? v : 0;
}

int db_schema_version(void)
{
	const struct embed_file *f;
	int v = 0;

	for (f = embed_sql; f->name; f++)
		v = db_migration_version(f->name);
	return v;
}

static int db_user_version(struct db *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int db_apply(struct db *db, const struct embed_file *f, int version)
{
	char pragma[64];

	if (db_begin(db) < 0)
		return -1;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", version);
	if (db_exec(db, (const char *)f->data) < 0 || db_exec(db, pragma) < 0) {
		db_rollback(db);
		log_error("db: migration %s failed; nothing of it was applied",
			  f->name);
		return -1;
	}
	return db_commit(db);
}

int db_migrate(struct db *db, int *from, int *to)
{
	const struct embed_file *f;
	int have = db_user_version(db), want = 0, v;

	if (from)
		*from = have;
	if (have < 0)
		return -1;
	for (f = embed_sql; f->name; f++) {
		v = db_migration_version(f->name);
		if (v != want + 1) {
			log_error("db: migration %s out of sequence", f->name);
			return -1;
		}
		want = v;
		if (v > have && db_apply(db, f, v) < 0)
			return -1;
	}
	if (have > want) {
		log_error("db: database schema %d is newer than this program "
			  "(%d)",
			  have, want);
		return -1;
	}
	if (to)
		*to = want;
	return 0;
}

int db_backup(struct db *db, const char *dest)
{
	sqlite3 *out = NULL;
	sqlite3_backup *bk;
	int rc = -1;

	if (sqlite3_open_v2(dest, &out,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		goto out;
	bk = sqlite3_backup_init(out, "main", db->h, "main");
	if (bk == NULL)
		goto out;
	/* Whole database in one step: a consistent copy even under load. */
	while ((rc = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		sqlite3_sleep(50);
	rc = sqlite3_backup_finish(bk) == SQLITE_OK && rc == SQLITE_DONE ? 0
									 : -1;
out:
	if (rc < 0)
		log_error("db: backup to %s failed: %s", dest,
			  out ? sqlite3_errmsg(out) : "out of memory");
	sqlite3_close(out);
	return rc;
}

/* The server's pool. */

static struct {
	char *path;
	struct db *writer;
	pthread_mutex_t lock;
	bool open;
	/* Readers for requests: opened on demand up to readers_max, then
	 * shared, so a thousand threads waiting on slow clients hold no
	 * connection (and no page cache) until they have a request. */
	pthread_mutex_t readers_lock;
	pthread_cond_t reader_free;
	struct db *free_readers;
	size_t readers, readers_max;
} db_pool = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.readers_lock = PTHREAD_MUTEX_INITIALIZER,
	.reader_free = PTHREAD_COND_INITIALIZER,
};

static _Thread_local struct db *db_thread_reader;

int db_pool_open(const char *path, size_t readers)
{
	db_pool.path = strdup(path);
	if (db_pool.path == NULL)
		return -1;
	db_pool.readers_max = readers ? readers : 1;
	db_pool.writer = db_open(path, DB_WRITER);
	if (db_pool.writer == NULL ||
	    db_migrate(db_pool.writer, NULL, NULL) < 0)
		goto fail;
	db_pool.open = true;
	return 0;
fail:
	db_close(db_pool.writer);
	db_pool.writer = NULL;
	free(db_pool.path);
	db_pool.path = NULL;
	return -1;
}

void db_pool_close(void)
{
	struct db *r;

	db_reader_release();
	pthread_mutex_lock(&db_pool.readers_lock);
	while ((r = db_pool.free_readers) != NULL) {
		db_pool.free_readers = r->next_free;
		db_close(r);
		db_pool.readers--;
	}
	pthread_mutex_unlock(&db_pool.readers_lock);
	if (db_pool.writer) {
		db_exec(db_pool.writer, "PRAGMA wal_checkpoint(TRUNCATE)");
		db_close(db_pool.writer);
	}
	db_pool.writer = NULL;
	free(db_pool.path);
	db_pool.path = NULL;
	db_pool.open = false;
}

struct db *db_reader(void)
{
	if (db_thread_reader == NULL && db_pool.open)
		db_thread_reader = db_open(db_pool.path, DB_READER);
	return db_thread_reader;
}

void db_reader_release(void)
{
	db_close(db_thread_reader);
	db_thread_reader = NULL;
}

struct db *db_reader_take(void)
{
	struct db *r = NULL;
	bool open_one = false;

	if (!db_pool.open)
		return NULL;
	pthread_mutex_lock(&db_pool.readers_lock);
	while (db_pool.free_readers == NULL &&
	       db_pool.readers >= db_pool.readers_max)
		pthread_cond_wait(&db_pool.reader_free, &db_pool.readers_lock);
	if (db_pool.free_readers) {
		r = db_pool.free_readers;
		db_pool.free_readers = r->next_free;
	} else {
		db_pool.readers++;
		open_one = true;
	}
	pthread_mutex_unlock(&db_pool.readers_lock);
	if (!open_one)
		return r;
	r = db_open(db_pool.path, DB_READER);
	if (r == NULL) {
		pthread_mutex_lock(&db_pool.readers_lock);
		db_pool.readers--;
		pthread_cond_signal(&db_pool.reader_free);
		pthread_mutex_unlock(&db_pool.readers_lock);
	}
	return r;
}

void db_reader_give(struct db *r)
{
	if (r == NULL)
		return;
	db_reset_all(r);
	pthread_mutex_lock(&db_pool.readers_lock);
	r->next_free = db_pool.free_readers;
	db_pool.free_readers = r;
	pthread_cond_signal(&db_pool.reader_free);
	pthread_mutex_unlock(&db_pool.readers_lock);
}

struct db *db_writer_lock(void)
{
	pthread_mutex_lock(&db_pool.lock);
	return db_pool.writer;
}

void db_writer_unlock(struct db *w)
{
	if (w) {
		db_rollback(w); /* a no-op unless a handler forgot to commit */
		if (w->relaxed && db_exec(w, "PRAGMA synchronous = FULL") == 0)
			w->relaxed = false;
	}
	pthread_mutex_unlock(&db_pool.lock);
}
