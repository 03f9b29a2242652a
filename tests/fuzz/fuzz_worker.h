/*
 * fuzz_worker: runs each fuzz input on a thread with the stack a CivetWeb
 * worker has, so deep recursion in the code under test shows up as a crash
 * (ASan: stack-overflow) while fuzzing, as it would in the server, instead
 * of fitting in the 8 MiB of the main thread. Header-only: each target is
 * one .c file (tests/CMakeLists.txt builds fuzz_NAME.c alone, plus
 * replay.c for the corpus replay).
 *
 * Debian's libcivetweb 1.15 is built with USE_STACK_SIZE 102400: every
 * thread it starts, request workers included, gets 100 KiB (see the
 * 0x19000 passed to pthread_attr_setstacksize in libcivetweb.so). The
 * security report that found the JSON nesting crash measured the same.
 *
 * The code under test never has all of that: CivetWeb's worker loop, its
 * request handling and our handler (an 8 KiB read buffer, struct req)
 * sit above it. FUZZ_WORKER_USED stands for them. 32 KiB is calibrated on
 * the report: with it, cJSON alone overflows this thread at 700 levels of
 * nesting (and not at 500), as the server did; with an empty 100 KiB
 * stack cJSON fits its whole nesting limit of 1000 and fuzzing would miss
 * the bug.
 *
 * One worker thread is made per process and inputs are handed to it, since
 * making a thread per input would cost about as much as a small input's
 * run.
 */
#ifndef MESTRING_FUZZ_WORKER_H
#define MESTRING_FUZZ_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_WORKER_STACK ((size_t)100 * 1024)
#define FUZZ_WORKER_USED  ((size_t)32 * 1024)

typedef void (*fuzz_job_fn)(const uint8_t *data, size_t size);

struct fuzz_worker {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool started;
	bool pending; /* a job waits for the worker */
	fuzz_job_fn fn;
	const uint8_t *data;
	size_t size;
};

static struct fuzz_worker fuzz_worker = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

/* Runs the job below FUZZ_WORKER_USED bytes of stack, as a handler would
 * (never inlined, and the array is live across the call). */
__attribute__((noinline)) static void fuzz_worker_run(struct fuzz_worker *w)
{
	volatile char used[FUZZ_WORKER_USED];

	used[0] = 1;
	used[sizeof(used) - 1] = 1;
	w->fn(w->data, w->size);
	if (used[0] != 1 || used[sizeof(used) - 1] != 1)
		abort();
}

static void *fuzz_worker_main(void *arg)
{
	struct fuzz_worker *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->pending)
			pthread_cond_wait(&w->cond, &w->lock);
		pthread_mutex_unlock(&w->lock);
		fuzz_worker_run(w);
		pthread_mutex_lock(&w->lock);
		w->pending = false;
		pthread_cond_broadcast(&w->cond);
	}
	return NULL;
}

static void fuzz_worker_start(struct fuzz_worker *w)
{
	pthread_attr_t attr;

	if (pthread_attr_init(&attr) != 0 ||
	    pthread_attr_setstacksize(&attr, FUZZ_WORKER_STACK) != 0 ||
	    pthread_create(&w->thread, &attr, fuzz_worker_main, w) != 0) {
		fprintf(stderr,
			"fuzz_worker: cannot start a %zu-byte stack "
			"thread\n",
			FUZZ_WORKER_STACK);
		abort();
	}
	pthread_attr_destroy(&attr);
	w->started = true;
}

/* Runs fn(data, size) on the worker thread and waits for it to finish. */
static void fuzz_on_worker_stack(fuzz_job_fn fn, const uint8_t *data,
				 size_t size)
{
	struct fuzz_worker *w = &fuzz_worker;

	pthread_mutex_lock(&w->lock);
	if (!w->started)
		fuzz_worker_start(w);
	w->fn = fn;
	w->data = data;
	w->size = size;
	w->pending = true;
	pthread_cond_broadcast(&w->cond);
	while (w->pending)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

#endif
