/*
 * jobs: work the server does on its own, on a schedule: reminders that fall
 * due, later the retention of old records. One thread runs each job of the
 * table (defined by the pages layer, app/pages/job_table.c, as the route table
 * is) every interval, never two at once, and stops with the server.
 */
#ifndef MESTRING_JOBS_H
#define MESTRING_JOBS_H

#include <stddef.h>
#include <stdint.h>

/* A job: takes the time it runs at (seconds since the epoch) and returns 0
 * or -1 (logged by the job; the runner only counts it). It takes the
 * writer itself, in small transactions, so pages are never held up. */
struct job {
	const char *name;
	int (*run)(int64_t now);
};

extern const struct job jobs[];
extern const size_t jobs_len;

/* Starts the thread: the first run after interval_seconds, then every
 * interval_seconds. 0 or -1. */
int jobs_start(int interval_seconds);
/* Runs every job once now, in the caller's thread (tests, the command
 * line). The number of jobs that failed. */
int jobs_run_all(int64_t now);
/* Stops the thread, waiting for a run in progress to end. */
void jobs_stop(void);

#endif
