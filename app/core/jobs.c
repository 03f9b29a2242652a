/*
 * jobs: the scheduler thread of jobs.h.
 */
#include "jobs.h"

#include "log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	atomic_bool stop;
	bool running;
	int interval;
} jobs_runner = {.lock = PTHREAD_MUTEX_INITIALIZER};

int jobs_run_all(int64_t now)
{
	size_t i;
	int failed = 0;

	for (i = 0; i < jobs_len && !atomic_load(&jobs_runner.stop); i++)
		if (jobs[i].run(now) < 0) {
			log_warn("jobs: %s failed; it runs again next time",
				 jobs[i].name);
			failed++;
		}
	return failed;
}

static void *jobs_main(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&jobs_runner.lock);
	while (!atomic_load(&jobs_runner.stop)) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += jobs_runner.interval;
		while (!atomic_load(&jobs_runner.stop) &&
		       pthread_cond_timedwait(&jobs_runner.wake,
					      &jobs_runner.lock, &until) == 0)
			;
		if (atomic_load(&jobs_runner.stop))
			break;
		pthread_mutex_unlock(&jobs_runner.lock);
		jobs_run_all((int64_t)time(NULL));
		pthread_mutex_lock(&jobs_runner.lock);
	}
	pthread_mutex_unlock(&jobs_runner.lock);
	return NULL;
}

int jobs_start(int interval_seconds)
{
	pthread_condattr_t attr;

	if (jobs_len == 0)
		return 0;
	jobs_runner.interval = interval_seconds > 0 ? interval_seconds : 300;
	atomic_store(&jobs_runner.stop, false);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&jobs_runner.wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&jobs_runner.thread, NULL, jobs_main, NULL) != 0) {
		pthread_cond_destroy(&jobs_runner.wake);
		log_error("jobs: cannot start the scheduler thread");
		return -1;
	}
	jobs_runner.running = true;
	return 0;
}

void jobs_stop(void)
{
	if (!jobs_runner.running)
		return;
	pthread_mutex_lock(&jobs_runner.lock);
	atomic_store(&jobs_runner.stop, true);
	pthread_cond_signal(&jobs_runner.wake);
	pthread_mutex_unlock(&jobs_runner.lock);
	pthread_join(jobs_runner.thread, NULL);
	pthread_cond_destroy(&jobs_runner.wake);
	jobs_runner.running = false;
}
