/*
 * The jobs the server runs on its own (app/core/jobs.h), read top to
 * bottom like the route table: each a domain function that takes the time
 * and does its work in small transactions of its own.
 */
#include "jobs.h"

const struct job jobs[] = {
	{NULL, NULL}, /* none yet: the table needs an element */
};

const size_t jobs_len = 0;
