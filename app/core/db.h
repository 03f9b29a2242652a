/*
 * db: SQLite connections, migrations and the statement cache.
 *
 * One writer connection takes every write and checkpoint (Debian's SQLite
 * 3.40 has the WAL-reset bug that needs two connections writing or
 * checkpointing at once); each server thread reads through its own reader
 * connection. Statements are prepared once per connection, keyed by the
 * address of their SQL string in a module's statement table.
 */
#ifndef MESTRING_DB_H
#define MESTRING_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum db_mode { DB_READER, DB_WRITER };

/* Results of a write that can break a constraint (documented three-way). */
enum db_result {
	DB_OK = 0,
	DB_FAIL = -1,	    /* I/O, BUSY past the timeout, or a bug */
	DB_CONSTRAINT = -2, /* UNIQUE, CHECK or FOREIGN KEY said no */
};

/*
 * Opens path with WAL, synchronous=FULL, foreign_keys=ON and a busy timeout.
 * A reader never checkpoints. Returns NULL (logged) on failure; free with
 * db_close.
 */
struct db *db_open(const char *path, enum db_mode mode);
void db_close(struct db *db);
sqlite3 *db_handle(struct db *db);

/*
 * A statement of a module's table (a static const array of these, one per
 * module, indexed by the module's enum): the SQL and the kinds of its
 * parameters ?1..?N, one letter each, in order: i integer, t text, b blob,
 * r real, s text sealed on the way in (secret.h); upper case (I, T, B, R,
 * S) also takes NULL. Said once here, checked by db_bind at every bind.
 */
struct db_sql {
	const char *sql;
	const char *params;
};

/* One value to bind; made by the DB_* macros. */
struct db_arg {
	char kind; /* i t b r s, or n for NULL */
	int64_t i;
	double r;
	const void *p; /* text (NUL-ended) or blob */
	size_t n;      /* blob bytes */
};

#define DB_INT(x)  ((struct db_arg){.kind = 'i', .i = (int64_t)(x)})
#define DB_REAL(x) ((struct db_arg){.kind = 'r', .r = (double)(x)})
/* Text; a NULL pointer binds NULL (where the kind allows it). */
#define DB_TEXT(x)	((struct db_arg){.kind = 't', .p = (x)})
#define DB_BLOB(x, len) ((struct db_arg){.kind = 'b', .p = (x), .n = (len)})
/* Text to seal; NULL or "" binds NULL. */
#define DB_SEALED(x) ((struct db_arg){.kind = 's', .p = (x)})
#define DB_NULL	     ((struct db_arg){.kind = 'n'})
/* An optional reference: NULL for 0. */
#define DB_ID(x) ((x) ? DB_INT(x) : DB_NULL)

/*
 * The prepared statement of q (prepared once per connection, cached by
 * q->sql's address), reset, with args[0..n) bound after checking them
 * against q->params: as many as it says, each of its kind, NULL only
 * where the letter is upper case. NULL on a mismatch or an error, logged
 * with the statement. The cache owns the statement: never finalize it.
 */
sqlite3_stmt *db_bind(struct db *db, const struct db_sql *q,
		      const struct db_arg *args, size_t n);
#define DB_BIND(db, q, ...)                                                    \
	db_bind((db), (q), (const struct db_arg[]){__VA_ARGS__},               \
		sizeof((const struct db_arg[]){__VA_ARGS__}) /                 \
			sizeof(struct db_arg))
/* A statement without parameters. */
#define DB_BIND0(db, q) db_bind((db), (q), NULL, 0)
/*
 * Steps st (a bound statement) once and resets it: the first column of
 * its first row into *out. 0 when there was a row, 1 when none (*out is
 * then 0), -1 on error (or a NULL st from a failed db_bind).
 */
int db_scalar(struct db *db, sqlite3_stmt *st, int64_t *out);

/* Binds and runs a statement that returns no rows (db_exec_stmt). */
#define DB_RUN(db, q, ...) db_exec_stmt((db), DB_BIND((db), (q), __VA_ARGS__))

/*
 * The prepared statement for sql (which must be a string with static
 * storage: its address is the cache key), reset and with bindings cleared.
 * NULL on error (logged). The cache owns it: never finalize it. Unchecked:
 * new code uses db_bind.
 */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* sqlite3_step; SQLITE_ROW, SQLITE_DONE or an error code (logged). */
int db_step(struct db *db, sqlite3_stmt *st);
/* Steps a statement that returns no rows, then resets it. A NULL st (a
 * failed db_bind) is DB_FAIL. */
enum db_result db_exec_stmt(struct db *db, sqlite3_stmt *st);
/* Runs plain SQL without parameters (pragmas, BEGIN). 0 or -1 (logged). */
int db_exec(struct db *db, const char *sql);
/* Resets every statement still running on db (ends its read snapshot). */
void db_reset_all(struct db *db);

int db_begin(struct db *db); /* BEGIN IMMEDIATE */
/*
 * BEGIN IMMEDIATE with synchronous=NORMAL until db_writer_unlock: the
 * commit reaches the WAL (and so survives the program being killed) but
 * does not wait for the disk, so a power cut may lose it. For the audit
 * rows of reads only; every change commits with synchronous=FULL.
 */
int db_begin_relaxed(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/*
 * Ends the writer's transaction by how the work went: commits when rc is 0
 * (and returns -1 when the commit fails), else rolls back and returns rc.
 * The one transaction tail: `return db_finish(w, rc);`.
 */
int db_finish(struct db *db, int rc);
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

/* Applies the compiled-in migrations past PRAGMA user_version, each in one
 * transaction. Writes the versions before and after. 0 or -1. */
int db_migrate(struct db *db, int *from, int *to);
/* The newest migration compiled in. */
int db_schema_version(void);

/* Copies the database to dest with the online backup API. 0 or -1. */
int db_backup(struct db *db, const char *dest);

/* A caller's state kept with a connection (a reader's cache of rendered
 * answers, valid while its data version holds), freed with it by
 * user_free. Setting replaces (and frees) what was there. */
void *db_user(struct db *db);
void db_set_user(struct db *db, void *user, void (*user_free)(void *));

/*
 * The server's connections: one writer, shared under a mutex, and readers:
 * requests take one from a pool of at most `readers` (opened on demand)
 * and give it back; other threads (the mail sender, the commands) have a
 * reader of their own, opened on first use. db_pool_open migrates the
 * database.
 */
int db_pool_open(const char *path, size_t readers);
void db_pool_close(void);
/* A reader for one request: waits while all are in use. NULL on error. */
struct db *db_reader_take(void);
/* Gives it back (its statements reset). NULL is fine. */
void db_reader_give(struct db *r);
struct db *db_reader(void);	 /* this thread's reader, or NULL */
void db_reader_release(void);	 /* closes this thread's reader */
struct db *db_writer_lock(void); /* blocks until the writer is ours */
void db_writer_unlock(struct db *w);

/*
 * Runs sql with ?1 bound to id and hands its first row to read(st, out).
 * 0 when a row was read, 1 when there was none, -1 on error.
 */
int db_row_by_id(struct db *db, const char *sql, int64_t id,
		 void (*read)(sqlite3_stmt *st, void *out), void *out);
/* Does sql with ?1 bound to id give a first column equal to text? */
bool db_text_is(struct db *db, const char *sql, int64_t id, const char *text);

/* Column helpers that never return NULL text. */
const char *db_text(sqlite3_stmt *st, int col);
/* An ISO date column as days since 1970 (date.h); 0 when NULL or not a
 * date. */
int32_t db_date(sqlite3_stmt *st, int col);

#endif
