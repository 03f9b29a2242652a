/*
 * html: escaping for the contexts data may appear in (text, attribute, URL)
 * and a small mustache-like template engine that picks the right escaping by
 * construction. There is no way to write unescaped data.
 */
#ifndef MESTRING_HTML_H
#define MESTRING_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "embed.h"

/*
 * Escaping. Each appends to b and returns 0, or -1 when b has failed.
 * A NULL string is treated as "".
 */

/* Escapes & < > " ' as entities: safe in text and in quoted attributes. */
int html_text(struct buf *b, const char *s);
/* Percent-encodes all but A-Za-z0-9-._~ (a path segment or query value). */
int html_url_component(struct buf *b, const char *s);
/*
 * A whole URL for href/src/action. Allowed: a path starting with '/' (but not
 * "//" or "/\"), "?query", "#fragment", or an http://, https://, mailto: or
 * webcal:// URL (scheme in any case), none with control characters. Anything
 * else, including "", becomes "#". The result is attribute-escaped.
 */
int html_url_attr(struct buf *b, const char *url);

/*
 * View model: named string values and lists of child views, built by a
 * handler and read by a template. Errors are sticky on the root view, so a
 * handler can build the whole view and check view_failed() once; every call
 * on a failed view (or a NULL one) does nothing and returns -1 or NULL.
 */
struct view;

/* A new empty root view; the caller frees it with view_free. NULL on OOM. */
struct view *view_new(void);
/* Frees a root view and all its children (never call it on a child). */
void view_free(struct view *v);
/*
 * Sets name to a copy of value (NULL means ""), replacing any earlier value
 * or list of that name; views once added to a replaced list are freed.
 */
int view_set(struct view *v, const char *name, const char *value);
int view_setf(struct view *v, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int view_set_int(struct view *v, const char *name, long value);
/* "1" for true, "" for false, so {{#name}} and {{^name}} test it. */
int view_set_bool(struct view *v, const char *name, bool value);
/*
 * Appends a new item to the list called name (creating the list, or turning
 * a plain value of that name into one) and returns it. The item is owned by
 * v and freed with it. NULL on OOM.
 */
struct view *view_add(struct view *v, const char *name);
/* Marks name as an empty list so {{^name}} renders; no-op if name exists. */
int view_list(struct view *v, const char *name);
/* The lines of text (NULL: none) as the list "lines" of v, each item's
 * "text" one line, blank ones left out: paragraphs survive without any
 * markup in the text. */
void view_lines(struct view *v, const char *text);
/* Whether any call on the tree that v belongs to failed. */
bool view_failed(const struct view *v);

/*
 * Templates. Syntax: {{name}} (escaped for the HTML context the compiler
 * finds it in), {{#name}}..{{/name}}, {{^name}}..{{/name}}, {{>other.html}},
 * {{! comment }}. A placeholder where no escaping is safe (tag or attribute
 * names, unquoted values, <script>, <style>, comments, on* and style
 * attributes) is a compile error.
 */
struct tpl;

/*
 * Sections ({{#a}}, {{^a}}) nested inside one template, at most; deeper is
 * a compile error. Our templates need 5. Rendering recurses once per
 * section level and per {{>partial}} (at most 8 deep), so this bounds the
 * stack a render takes whatever the template says.
 */
#define TPL_MAX_NEST 16

/*
 * Compiles every template of table (NULL-name-terminated, e.g.
 * embed_templates) and resolves their partials. Call once at start-up,
 * before any thread renders; calling it again replaces the earlier set.
 * Returns 0, or -1 with "name:line: message" in err (of errlen bytes).
 */
int tpl_init(const struct embed_file *table, char *err, size_t errlen);
/* Frees the templates tpl_init compiled. */
void tpl_shutdown(void);
/*
 * Renders template name with v (NULL: an empty view), appending to out.
 * Thread-safe. -1 if there is no such template or out failed.
 */
int tpl_render(struct buf *out, const char *name, const struct view *v);

/*
 * Compiles one template from src (len bytes; name is for messages), with the
 * partials of the set tpl_init loaded. The caller frees the result with
 * tpl_free. NULL with err filled on error.
 */
struct tpl *tpl_compile(const char *name, const char *src, size_t len,
			char *err, size_t errlen);
int tpl_render_compiled(struct buf *out, const struct tpl *t,
			const struct view *v);
void tpl_free(struct tpl *t);

#endif
