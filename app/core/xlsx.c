/*
 * xlsx: the workbook of xlsx.h written aside and read back.
 */
#include "xlsx.h"

#include "log.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Room for the zip writer's buffers on the thread that writes. */
#define XLSX_STACK (1024 * 1024)

struct xlsx_job {
	const char *path, *title;
	char *tmpdir;
	xlsx_fill_fn fill;
	void *ctx;
	int rc;
};

static void *xlsx_run(void *arg)
{
	struct xlsx_job *job = arg;
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE,
				    .tmpdir = job->tmpdir,
				    .use_zip64 = LXW_FALSE};
	lxw_doc_properties props = {0};
	lxw_workbook *wb = workbook_new_opt(job->path, &opt);
	int rc;

	job->rc = -1;
	if (wb == NULL)
		return NULL;
	props.title = (char *)job->title;
	workbook_set_properties(wb, &props);
	rc = job->fill(wb, job->ctx);
	if (workbook_close(wb) == LXW_NO_ERROR && rc == 0)
		job->rc = 0;
	return NULL;
}

static int xlsx_write_aside(struct xlsx_job *job)
{
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	job->rc = -1;
	if (pthread_attr_init(&attr) != 0)
		return -1;
	rc = pthread_attr_setstacksize(&attr, XLSX_STACK);
	if (rc == 0)
		rc = pthread_create(&t, &attr, xlsx_run, job);
	pthread_attr_destroy(&attr);
	if (rc != 0 || pthread_join(t, NULL) != 0)
		return -1;
	return job->rc;
}

/* Empties and removes the private folder, whatever the library left. */
static void xlsx_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	if (rmdir(dir) < 0)
		log_error("xlsx: could not remove a temporary folder");
}

int xlsx_build(struct buf *out, const char *title, xlsx_fill_fn fill, void *ctx)
{
	const char *base = getenv("TMPDIR");
	char dir[256], path[300];
	struct xlsx_job job = {path, title, dir, fill, ctx, -1};
	int rc = -1;

	if (base == NULL || base[0] != '/' || strlen(base) > 200)
		base = "/tmp";
	snprintf(dir, sizeof(dir), "%s/mestring-xlsx-XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		log_error("xlsx: no temporary folder");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/ark.xlsx", dir);
	if (xlsx_write_aside(&job) == 0) {
		FILE *f = fopen(path, "rb");
		char chunk[16384];
		size_t n;

		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(out, chunk, n);
		if (f && !ferror(f) && !buf_failed(out))
			rc = 0;
		if (f)
			fclose(f);
	}
	xlsx_rmdir(dir);
	return rc;
}
