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
	DB_FAIL = -1,       /* I/O, BUSY past the timeout, or a bug */
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
 * The prepared statement for sql (which must be a string with static
 * storage: its address is the cache key), reset and with bindings cleared.
 * NULL on error (logged). The cache owns it: never finalize it.
 */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* sqlite3_step; SQLITE_ROW, SQLITE_DONE or an error code (logged). */
int db_step(struct db *db, sqlite3_stmt *st);
/* Steps a statement that returns no rows, then resets it. */
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
struct db *db_reader(void);       /* this thread's reader, or NULL */
void db_reader_release(void);     /* closes this thread's reader */
struct db *db_writer_lock(void);  /* blocks until the writer is ours */
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

#endif
