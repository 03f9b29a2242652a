/*
 * libFuzzer target for json.c: reads the input with the default limits,
 * tiny ones and the ceiling, on a thread with a CivetWeb worker's stack.
 * An accepted text must give a tree within the limits (depth, members, no
 * duplicate keys, strict UTF-8 without NUL, finite numbers) that prints
 * and reads back equal; a refused one no tree and an offset inside it.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "fuzz_worker.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool fuzz_text_ok(const char *s)
{
	return s != NULL && form_utf8_valid(s, strlen(s));
}

/* Recursion here is bounded: it stops one level past the limit. */
static void fuzz_check_tree(const cJSON *node, int depth,
			    const struct json_limits *lim)
{
	const cJSON *a, *b;
	size_t n = 0;

	if (cJSON_IsString(node) && !fuzz_text_ok(node->valuestring))
		abort();
	if (cJSON_IsNumber(node) && !isfinite(node->valuedouble))
		abort();
	if (!cJSON_IsArray(node) && !cJSON_IsObject(node))
		return;
	if (depth + 1 > lim->max_depth)
		abort();
	for (a = node->child; a != NULL; a = a->next) {
		if (++n > lim->max_members)
			abort();
		if (cJSON_IsObject(node)) {
			if (!fuzz_text_ok(a->string))
				abort();
			for (b = node->child; b != a; b = b->next)
				if (strcmp(a->string, b->string) == 0)
					abort();
		}
		fuzz_check_tree(a, depth + 1, lim);
	}
}

static void fuzz_read(const char *s, size_t size, const struct json_limits *lim)
{
	cJSON *tree = (cJSON *)&tree, *again = NULL;
	size_t at = (size_t)-1, at2 = (size_t)-1;
	enum json_error e, e2;
	char *printed;

	e = json_read(s, size, lim, &tree, &at);
	if ((unsigned)e >= JSON_ERROR__MAX || json_error_message(e) == NULL)
		abort();
	/* Nothing here can run out of memory: this is a disagreement
	 * between the check and cJSON. */
	if (e == JSON_NOMEM)
		abort();
	/* Checking alone says the same, at the same place. */
	e2 = json_read(s, size, lim, NULL, &at2);
	if (e2 != e || at2 != at)
		abort();
	if (e != JSON_OK) {
		if (tree != NULL || at > size)
			abort();
		return;
	}
	if (tree == NULL || at != 0)
		abort();
	fuzz_check_tree(tree, 0, lim ? lim : &json_default_limits);
	printed = cJSON_PrintUnformatted(tree);
	if (printed == NULL)
		abort();
	if (json_read(printed, strlen(printed), lim, &again, NULL) != JSON_OK ||
	    !cJSON_Compare(tree, again, true))
		abort();
	cJSON_free(printed);
	cJSON_Delete(again);
	cJSON_Delete(tree);
}

static void fuzz_job(const uint8_t *data, size_t size)
{
	static const struct json_limits tiny = {2, 3};
	static const struct json_limits ceiling = {JSON_DEPTH_CEILING, 100000};
	const char *s = (const char *)data;

	fuzz_read(s, size, NULL);
	fuzz_read(s, size, &json_default_limits);
	fuzz_read(s, size, &tiny);
	fuzz_read(s, size, &ceiling);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_on_worker_stack(fuzz_job, data, size);
	return 0;
}
