/*
 * The jobs the server runs on its own (app/core/jobs.h), read top to
 * bottom like the route table: each a domain function that takes the time
 * and does its work in small transactions of its own.
 */
#include "jobs.h"

#include "date.h"
#include "db.h"
#include "host_followup.h"

#include <time.h>

/* The hosts' follow-up (app/domain/host_followup.h) on the Copenhagen
 * date of now (main sets the zone). */
static int job_host_followup(int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	struct db *w;
	int rc;

	if (localtime_r(&t, &tm) == NULL)
		return -1;
	w = db_writer_lock();
	if (w == NULL)
		return -1;
	rc = host_followup_run(
		w,
		date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
		now, NULL);
	db_writer_unlock(w);
	return rc;
}

const struct job jobs[] = {
	{"host_followup", job_host_followup},
};

const size_t jobs_len = sizeof(jobs) / sizeof(jobs[0]);
