/*
 * tpl: the template compiler, loader and renderer. Compiling runs the HTML
 * scanner (html_scan.c) over each template once, so every placeholder gets
 * the escaping its context needs; rendering only reads the compiled ops.
 */
#include "html.h"

#include "embed.h"
#include "html_private.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Template compiler -------------------------------------------------- */

enum tpl_op_kind {
	TPL_OP_TEXT,
	TPL_OP_VAR,
	TPL_OP_SECTION,
	TPL_OP_INVERTED,
	TPL_OP_PARTIAL,
};

struct tpl_op {
	enum tpl_op_kind kind;
	enum tpl_esc esc;
	unsigned int line;
	size_t off; /* text, or a NUL-terminated name, in the pool */
	size_t len;
	size_t end; /* sections: index of the first op after the body */
	const struct tpl *partial;
};

struct tpl {
	char *name;
	char *pool;
	struct tpl_op *ops;
	size_t n_ops;
	int depth; /* levels of {{>partial}}, this one included */
	int mark;  /* link: 0 new, 1 being resolved, 2 resolved */
};

struct tpl_frame {
	size_t op;
	unsigned int line;
	char sigil;
	size_t vars; /* placeholders compiled before the section */
	int first;   /* first literal byte of the body, -1 until seen */
	struct html_state state;
};

struct tpl_compiler {
	const char *name;
	const char *src;
	size_t len;
	size_t pos;
	unsigned int line;
	struct html_state hs;
	struct buf pool;
	struct tpl_op *ops;
	size_t n_ops;
	size_t cap_ops;
	size_t vars;
	size_t last_text; /* op literal text may still be appended to */
	struct tpl_frame frames[TPL_MAX_NEST];
	size_t n_frames;
	char *err;
	size_t errlen;
};

/* The loaded set; written only by tpl_init and tpl_shutdown. */
static struct tpl **tpl_set;
static size_t tpl_set_len;

static void tpl_errorv(char *err, size_t errlen, const char *name,
		       unsigned int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static void tpl_errorv(char *err, size_t errlen, const char *name,
		       unsigned int line, const char *fmt, va_list ap)
{
	int n;

	if (err == NULL || errlen == 0)
		return;
	n = line ? snprintf(err, errlen, "%s:%u: ", name, line)
		 : snprintf(err, errlen, "%s: ", name);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
}

static int tpl_error(char *err, size_t errlen, const char *name,
		     unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int tpl_error(char *err, size_t errlen, const char *name,
		     unsigned int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tpl_errorv(err, errlen, name, line, fmt, ap);
	va_end(ap);
	return -1;
}

static int tc_fail(struct tpl_compiler *c, unsigned int line, const char *fmt,
		   ...) __attribute__((format(printf, 3, 4)));

static int tc_fail(struct tpl_compiler *c, unsigned int line, const char *fmt,
		   ...)
{
	va_list ap;

	va_start(ap, fmt);
	tpl_errorv(c->err, c->errlen, c->name, line, fmt, ap);
	va_end(ap);
	return -1;
}

static struct tpl_op *tc_emit(struct tpl_compiler *c, enum tpl_op_kind kind,
			      const char *s, size_t len, unsigned int line)
{
	struct tpl_op *op;

	if (c->n_ops == c->cap_ops) {
		size_t cap = c->cap_ops ? c->cap_ops * 2 : 32;

		op = realloc(c->ops, cap * sizeof(*op));
		if (op == NULL)
			return NULL;
		c->ops = op;
		c->cap_ops = cap;
	}
	op = &c->ops[c->n_ops];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->line = line;
	op->off = c->pool.len;
	op->len = len;
	buf_append(&c->pool, s, len);
	if (kind != TPL_OP_TEXT)
		buf_putc(&c->pool, '\0');
	if (buf_failed(&c->pool))
		return NULL;
	c->last_text = kind == TPL_OP_TEXT ? c->n_ops : SIZE_MAX;
	c->n_ops++;
	return op;
}

static int tc_text(struct tpl_compiler *c, const char *s, size_t len)
{
	if (len == 0)
		return 0;
	if (c->last_text != SIZE_MAX) {
		c->ops[c->last_text].len += len;
		return buf_append(&c->pool, s, len) < 0
			       ? tc_fail(c, c->line, "out of memory")
			       : 0;
	}
	if (tc_emit(c, TPL_OP_TEXT, s, len, c->line) == NULL)
		return tc_fail(c, c->line, "out of memory");
	return 0;
}

/* Names of values and sections; partials may also hold '.' and '/'. */
static bool tc_name_ok(const char *s, size_t len, bool partial)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!ascii_alnum(ch) && ch != '_' && ch != '-' &&
		    !(partial && (ch == '.' || ch == '/')))
			return false;
	}
	return true;
}

static int tc_section_open(struct tpl_compiler *c, char sigil, const char *s,
			   size_t len, unsigned int line)
{
	struct tpl_frame *f;
	const char *why;

	if (c->n_frames == TPL_MAX_NEST)
		return tc_fail(c, line, "sections nested deeper than %d",
			       TPL_MAX_NEST);
	why = html_boundary(&c->hs);
	if (why != NULL)
		return tc_fail(c, line, "{{%c%.*s}}: %s", sigil, (int)len, s,
			       why);
	if (tc_emit(c, sigil == '#' ? TPL_OP_SECTION : TPL_OP_INVERTED, s, len,
		    line) == NULL)
		return tc_fail(c, line, "out of memory");
	f = &c->frames[c->n_frames++];
	f->op = c->n_ops - 1;
	f->line = line;
	f->sigil = sigil;
	f->vars = c->vars;
	f->first = -1;
	f->state = c->hs;
	return 0;
}

static int tc_section_close(struct tpl_compiler *c, const char *s, size_t len,
			    unsigned int line)
{
	struct tpl_frame *f;
	const struct tpl_op *op;
	const char *why;

	if (c->n_frames == 0)
		return tc_fail(c, line, "{{/%.*s}} without an open section",
			       (int)len, s);
	f = &c->frames[c->n_frames - 1];
	op = &c->ops[f->op];
	if (op->len != len || memcmp(c->pool.data + op->off, s, len) != 0)
		return tc_fail(c, line, "{{/%.*s}} closes {{%c%s}} of line %u",
			       (int)len, s, f->sigil, c->pool.data + op->off,
			       f->line);
	why = html_boundary(&c->hs);
	if (why == NULL)
		why = html_join(&f->state, &c->hs, c->vars > f->vars, f->first);
	if (why != NULL)
		return tc_fail(c, line, "{{/%.*s}}: %s", (int)len, s, why);
	c->hs = f->state;
	c->ops[f->op].end = c->n_ops;
	c->last_text = SIZE_MAX;
	c->n_frames--;
	return 0;
}

static int tc_placeholder(struct tpl_compiler *c, const char *s, size_t len,
			  unsigned int line)
{
	struct tpl_op *op;
	enum tpl_esc esc;
	const char *why = html_placeholder(&c->hs, &esc);

	if (why != NULL)
		return tc_fail(c, line, "{{%.*s}}: %s", (int)len, s, why);
	op = tc_emit(c, TPL_OP_VAR, s, len, line);
	if (op == NULL)
		return tc_fail(c, line, "out of memory");
	op->esc = esc;
	c->vars++;
	return 0;
}

static int tc_partial(struct tpl_compiler *c, const char *s, size_t len,
		      unsigned int line)
{
	/* A partial is compiled as starting and ending in text. */
	if (c->hs.mode != HM_TEXT)
		return tc_fail(c, line, "{{>%.*s}} inside %s, not text",
			       (int)len, s, html_mode_name(&c->hs));
	if (tc_emit(c, TPL_OP_PARTIAL, s, len, line) == NULL)
		return tc_fail(c, line, "out of memory");
	return 0;
}

/* Compiles the {{...}} at c->pos and moves past it. */
static int tc_tag(struct tpl_compiler *c)
{
	unsigned int line = c->line;
	size_t start = c->pos + 2, end, i;
	const char *s;
	size_t len;
	char sigil;

	for (end = start; end + 1 < c->len; end++)
		if (c->src[end] == '}' && c->src[end + 1] == '}')
			break;
	if (end + 1 >= c->len)
		return tc_fail(c, line, "\"{{\" without \"}}\"");
	for (i = start; i < end; i++)
		if (c->src[i] == '\n')
			c->line++;
	c->pos = end + 2;
	s = c->src + start;
	len = end - start;
	sigil = len ? s[0] : '\0';
	if (sigil == '!')
		return 0;
	if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>') {
		s++;
		len--;
	}
	while (len && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (!tc_name_ok(s, len, sigil == '>'))
		return tc_fail(c, line,
			       "unknown tag {{%.*s}} (there is no raw output; "
			       "names are letters, digits, '_' and '-')",
			       (int)(end - start < 60 ? end - start : 60),
			       c->src + start);
	switch (sigil) {
	case '#':
	case '^':
		return tc_section_open(c, sigil, s, len, line);
	case '/':
		return tc_section_close(c, s, len, line);
	case '>':
		return tc_partial(c, s, len, line);
	default:
		return tc_placeholder(c, s, len, line);
	}
}

static bool tc_at_tag(const struct tpl_compiler *c, size_t i)
{
	return c->src[i] == '{' && i + 1 < c->len && c->src[i + 1] == '{';
}

/* Feeds literal bytes up to the next "{{" through the tokenizer. */
static int tc_literal(struct tpl_compiler *c)
{
	size_t start = c->pos, f;
	const char *why;

	for (; c->pos < c->len && !tc_at_tag(c, c->pos); c->pos++) {
		unsigned char ch = (unsigned char)c->src[c->pos];

		why = html_feed(&c->hs, ch);
		if (why != NULL)
			return tc_fail(c, c->line, "%s", why);
		/* Frames nest, so once one has seen a byte all outer ones have.
		 */
		for (f = c->n_frames; f > 0 && c->frames[f - 1].first < 0; f--)
			c->frames[f - 1].first = ch;
		if (ch == '\n')
			c->line++;
	}
	return tc_text(c, c->src + start, c->pos - start);
}

static int tc_run(struct tpl_compiler *c)
{
	const struct tpl_frame *f;

	while (c->pos < c->len) {
		if (tc_at_tag(c, c->pos) ? tc_tag(c) < 0 : tc_literal(c) < 0)
			return -1;
	}
	if (c->n_frames > 0) {
		f = &c->frames[c->n_frames - 1];
		return tc_fail(c, f->line, "{{%c%s}} is never closed", f->sigil,
			       c->pool.data + c->ops[f->op].off);
	}
	if (c->hs.mode != HM_TEXT)
		return tc_fail(c, c->line, "template ends inside %s",
			       html_mode_name(&c->hs));
	return 0;
}

void tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->pool);
	free(t->ops);
	free(t);
}

/* Compiles without resolving partials; the caller frees with tpl_free. */
static struct tpl *tpl_build(const char *name, const char *src, size_t len,
			     char *err, size_t errlen)
{
	struct tpl_compiler c;
	struct tpl *t = NULL;

	memset(&c, 0, sizeof(c));
	c.name = name;
	c.src = src;
	c.len = src ? len : 0;
	c.line = 1;
	c.hs.mode = HM_TEXT;
	c.last_text = SIZE_MAX;
	c.err = err;
	c.errlen = errlen;
	buf_init(&c.pool, 0);
	if (tc_run(&c) < 0)
		goto out;
	t = calloc(1, sizeof(*t));
	if (t != NULL) {
		t->name = strdup(name);
		t->pool = buf_detach(&c.pool, NULL);
	}
	if (t == NULL || t->name == NULL || t->pool == NULL) {
		tpl_error(err, errlen, name, 0, "out of memory");
		tpl_free(t);
		t = NULL;
		goto out;
	}
	t->ops = c.ops;
	t->n_ops = c.n_ops;
	c.ops = NULL;
out:
	free(c.ops);
	buf_free(&c.pool);
	return t;
}

static struct tpl *tpl_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < tpl_set_len; i++)
		if (strcmp(tpl_set[i]->name, name) == 0)
			return tpl_set[i];
	return NULL;
}

/* Resolves t's partials (depth first, so cycles show) and sets t->depth. */
static int tpl_link(struct tpl *t, char *err, size_t errlen)
{
	struct tpl_op *op;
	struct tpl *p;
	const char *pname;
	int depth = 1;
	size_t i;

	if (t->mark == 2)
		return 0;
	t->mark = 1;
	for (i = 0; i < t->n_ops; i++) {
		op = &t->ops[i];
		if (op->kind != TPL_OP_PARTIAL)
			continue;
		pname = t->pool + op->off;
		p = tpl_find(pname);
		if (p == NULL)
			return tpl_error(err, errlen, t->name, op->line,
					 "unknown partial {{>%s}}", pname);
		if (p->mark == 1)
			return tpl_error(err, errlen, t->name, op->line,
					 "{{>%s}} includes itself (cycle)",
					 pname);
		if (tpl_link(p, err, errlen) < 0)
			return -1;
		if (p->depth + 1 > TPL_MAX_DEPTH)
			return tpl_error(
				err, errlen, t->name, op->line,
				"{{>%s}} nests partials deeper than %d", pname,
				TPL_MAX_DEPTH);
		op->partial = p;
		if (p->depth + 1 > depth)
			depth = p->depth + 1;
	}
	t->depth = depth;
	t->mark = 2;
	return 0;
}

void tpl_shutdown(void)
{
	size_t i;

	for (i = 0; i < tpl_set_len; i++)
		tpl_free(tpl_set[i]);
	free(tpl_set);
	tpl_set = NULL;
	tpl_set_len = 0;
}

int tpl_init(const struct embed_file *table, char *err, size_t errlen)
{
	size_t n = 0, i;
	struct tpl *t;

	tpl_shutdown();
	if (table == NULL)
		return tpl_error(err, errlen, "templates", 0, "no table");
	while (table[n].name != NULL)
		n++;
	tpl_set = calloc(n ? n : 1, sizeof(*tpl_set));
	if (tpl_set == NULL)
		return tpl_error(err, errlen, "templates", 0, "out of memory");
	for (i = 0; i < n; i++) {
		t = tpl_build(table[i].name, (const char *)table[i].data,
			      table[i].size, err, errlen);
		if (t == NULL)
			goto fail;
		tpl_set[tpl_set_len++] = t;
	}
	for (i = 0; i < n; i++)
		if (tpl_link(tpl_set[i], err, errlen) < 0)
			goto fail;
	return 0;
fail:
	tpl_shutdown();
	return -1;
}

struct tpl *tpl_compile(const char *name, const char *src, size_t len,
			char *err, size_t errlen)
{
	struct tpl *t = tpl_build(name, src, len, err, errlen);

	if (t != NULL && tpl_link(t, err, errlen) < 0) {
		tpl_free(t);
		t = NULL;
	}
	return t;
}

/* ---- Rendering ---------------------------------------------------------- */

/* The mustache context stack: the innermost item first. */
struct tpl_ctx {
	const struct view *v;
	const struct tpl_ctx *up;
};

static const struct view_entry *tpl_lookup(const struct tpl_ctx *ctx,
					   const char *name, size_t len)
{
	const struct view_entry *e;

	for (; ctx != NULL; ctx = ctx->up) {
		if (ctx->v == NULL)
			continue;
		e = view_find(ctx->v, name, len);
		if (e != NULL)
			return e;
	}
	return NULL;
}

static bool tpl_truthy(const struct view_entry *e)
{
	if (e == NULL)
		return false;
	if (e->value == NULL)
		return e->n_items > 0;
	return e->value[0] != '\0' && strcmp(e->value, "0") != 0;
}

static void tpl_value(struct buf *out, enum tpl_esc esc, const char *value)
{
	switch (esc) {
	case TPL_ESC_TEXT:
		html_text(out, value);
		break;
	case TPL_ESC_URL:
		html_url_attr(out, value);
		break;
	case TPL_ESC_URL_PART:
		html_url_component(out, value);
		break;
	}
}

static int tpl_run(struct buf *out, const struct tpl *t, size_t from, size_t to,
		   const struct tpl_ctx *ctx, int depth)
{
	const struct view_entry *e;
	const struct tpl_op *op;
	struct tpl_ctx item;
	size_t i = from, k;

	while (i < to && !buf_failed(out)) {
		op = &t->ops[i];
		if (op->kind == TPL_OP_TEXT) {
			buf_append(out, t->pool + op->off, op->len);
			i++;
			continue;
		}
		if (op->kind == TPL_OP_PARTIAL) {
			if (depth >= TPL_MAX_DEPTH ||
			    tpl_run(out, op->partial, 0, op->partial->n_ops,
				    ctx, depth + 1) < 0)
				return -1;
			i++;
			continue;
		}
		e = tpl_lookup(ctx, t->pool + op->off, op->len);
		if (op->kind == TPL_OP_VAR) {
			if (e != NULL && e->value != NULL)
				tpl_value(out, op->esc, e->value);
			i++;
			continue;
		}
		if (op->kind == TPL_OP_INVERTED) {
			if (!tpl_truthy(e) &&
			    tpl_run(out, t, i + 1, op->end, ctx, depth) < 0)
				return -1;
		} else if (e != NULL && e->value == NULL) {
			item.up = ctx;
			for (k = 0; k < e->n_items; k++) {
				item.v = e->items[k];
				if (tpl_run(out, t, i + 1, op->end, &item,
					    depth) < 0)
					return -1;
			}
		} else if (tpl_truthy(e)) {
			if (tpl_run(out, t, i + 1, op->end, ctx, depth) < 0)
				return -1;
		}
		i = op->end;
	}
	return buf_failed(out) ? -1 : 0;
}

int tpl_render_compiled(struct buf *out, const struct tpl *t,
			const struct view *v)
{
	struct tpl_ctx root = {v, NULL};

	if (t == NULL)
		return -1;
	return tpl_run(out, t, 0, t->n_ops, &root, 1);
}

int tpl_render(struct buf *out, const char *name, const struct view *v)
{
	return tpl_render_compiled(out, tpl_find(name), v);
}
