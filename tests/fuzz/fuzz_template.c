/*
 * libFuzzer target for the template compiler and renderer: the input is a
 * template, compiled with the real templates loaded (so {{>partial}}
 * resolves), on a thread with a CivetWeb worker's stack. A refusal must say
 * where; a template that compiles must render the same bytes twice with a
 * small view (values, lists nested to the section limit, flags), and data
 * must never reach the output unescaped: rendered once with values full of
 * < > " ' and once with the same values holding letters there instead, the
 * two outputs must have as many of each of those characters.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "embed.h"
#include "fuzz_worker.h"
#include "html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same view twice: values with markup characters, and without. */
static struct view *fuzz_raw, *fuzz_plain;

/* Values every template name might look up. */
static void fuzz_fill(struct view *v, int level, bool raw)
{
	static const char *const names[] = {"a",    "b",    "title", "url",
					    "href", "name", "value", "message"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		view_setf(v, names[i],
			  raw ? "<mq%d'\"&> javascript:x()"
			      : "Xmq%dXXXX javascript:x()",
			  level);
	view_set_bool(v, "yes", true);
	view_set_bool(v, "no", false);
	view_list(v, "none");
}

static struct view *fuzz_make_view(bool raw)
{
	struct view *v = view_new(), *item, *inner;
	char name[16];
	int i, k;

	fuzz_fill(v, 0, raw);
	for (k = 0; k < 3; k++) {
		item = view_add(v, "items");
		fuzz_fill(item, 1, raw);
	}
	/* s0 > s1 > ... lists of one item each, as deep as sections go. */
	inner = v;
	for (i = 0; i < TPL_MAX_NEST; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		inner = view_add(inner, name);
		fuzz_fill(inner, i + 2, raw);
	}
	if (view_failed(v))
		abort();
	return v;
}

static void fuzz_setup(void)
{
	char err[256];

	if (tpl_init(embed_templates, err, sizeof(err)) < 0) {
		fprintf(stderr, "tpl_init: %s\n", err);
		abort();
	}
	fuzz_raw = fuzz_make_view(true);
	fuzz_plain = fuzz_make_view(false);
}

static size_t fuzz_count(const struct buf *b, char c)
{
	size_t i, n = 0;

	for (i = 0; i < b->len; i++)
		n += b->data[i] == c;
	return n;
}

static void fuzz_job(const uint8_t *data, size_t size)
{
	struct buf one = BUF_INIT(0), two = BUF_INIT(0), plain = BUF_INIT(0);
	const char *c;
	char err[256];
	struct tpl *t;

	if (fuzz_raw == NULL)
		fuzz_setup();
	memset(err, 0, sizeof(err));
	t = tpl_compile("fuzz.html", (const char *)data, size, err,
			sizeof(err));
	if (t == NULL) {
		if (strncmp(err, "fuzz.html", 9) != 0)
			abort();
		return;
	}
	if (tpl_render_compiled(&one, t, fuzz_raw) < 0 ||
	    tpl_render_compiled(&two, t, fuzz_raw) < 0 || one.len != two.len ||
	    memcmp(one.data, two.data, one.len) != 0 ||
	    tpl_render_compiled(&plain, t, fuzz_plain) < 0)
		abort();
	for (c = "<>\"'"; *c; c++)
		if (fuzz_count(&one, *c) != fuzz_count(&plain, *c))
			abort();
	buf_free(&one);
	buf_free(&two);
	buf_free(&plain);
	tpl_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_on_worker_stack(fuzz_job, data, size);
	return 0;
}
