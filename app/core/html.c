/*
 * html: context escaping, the view model, and a template compiler that runs
 * a small HTML tokenizer over each template once, so every placeholder gets
 * the escaping its context needs; rendering only reads the compiled ops.
 */
#include "html.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TPL_MAX_DEPTH 8 /* templates nested through {{>partial}} */
#define HTML_NAME_MAX 24 /* tag and attribute name bytes kept */

/* ---- Escaping ---------------------------------------------------------- */

static const char *const html_entity[256] = {
    ['&'] = "&amp;",  ['<'] = "&lt;",   ['>'] = "&gt;",
    ['"'] = "&quot;", ['\''] = "&#39;",
};

/* ASCII only: the C library's versions follow the locale. */
static bool ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_alnum(unsigned char c)
{
	return ascii_alpha(c) || (c >= '0' && c <= '9');
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool html_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

int html_text(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;

	for (; *p; p++) {
		if (html_entity[*p] == NULL)
			continue;
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, html_entity[*p]);
		run = p + 1;
	}
	buf_append(b, run, (size_t)(p - run));
	return buf_failed(b) ? -1 : 0;
}

int html_url_component(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;
	char enc[3] = {'%', 0, 0};

	for (; *p; p++) {
		if (ascii_alnum(*p) || *p == '-' || *p == '.' || *p == '_' ||
		    *p == '~')
			continue;
		buf_append(b, run, (size_t)(p - run));
		enc[1] = hex[*p >> 4];
		enc[2] = hex[*p & 15];
		buf_append(b, enc, sizeof(enc));
		run = p + 1;
	}
	buf_append(b, run, (size_t)(p - run));
	return buf_failed(b) ? -1 : 0;
}

static bool url_has_prefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (ascii_lower((unsigned char)*s) != (unsigned char)*prefix)
			return false;
	return true;
}

static bool url_allowed(const char *u)
{
	static const char *const schemes[] = {"https://", "http://",
	                                      "mailto:", "webcal://"};
	const unsigned char *p;
	size_t i;

	/* Browsers drop tabs and newlines inside URLs: "/\t/x" means "//x". */
	for (p = (const unsigned char *)u; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	if (u[0] == '/')
		return u[1] != '/' && u[1] != '\\';
	if (u[0] == '?' || u[0] == '#')
		return true;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (url_has_prefix(u, schemes[i]))
			return true;
	return false;
}

int html_url_attr(struct buf *b, const char *url)
{
	if (url == NULL || !url_allowed(url))
		url = "#";
	return html_text(b, url);
}

/* ---- View model -------------------------------------------------------- */

struct view_entry {
	char *name;
	size_t name_len;
	char *value; /* NULL when the entry is a list */
	struct view **items;
	size_t n_items;
	size_t cap_items;
};

struct view {
	struct view *root; /* holds the sticky error of the whole tree */
	struct view_entry *entries;
	size_t n_entries;
	size_t cap_entries;
	bool failed;
};

static void view_destroy(struct view *v);

static void view_entry_clear(struct view_entry *e)
{
	size_t i;

	for (i = 0; i < e->n_items; i++)
		view_destroy(e->items[i]);
	free(e->items);
	free(e->value);
	e->items = NULL;
	e->n_items = 0;
	e->cap_items = 0;
	e->value = NULL;
}

static void view_destroy(struct view *v)
{
	size_t i;

	for (i = 0; i < v->n_entries; i++) {
		view_entry_clear(&v->entries[i]);
		free(v->entries[i].name);
	}
	free(v->entries);
	free(v);
}

struct view *view_new(void)
{
	struct view *v = calloc(1, sizeof(*v));

	if (v != NULL)
		v->root = v;
	return v;
}

void view_free(struct view *v)
{
	if (v != NULL)
		view_destroy(v);
}

bool view_failed(const struct view *v)
{
	return v == NULL || v->root->failed;
}

static int view_fail(struct view *v)
{
	if (v != NULL)
		v->root->failed = true;
	return -1;
}

static struct view_entry *view_find(const struct view *v, const char *name,
                                    size_t len)
{
	size_t i;

	for (i = 0; i < v->n_entries; i++)
		if (v->entries[i].name_len == len &&
		    memcmp(v->entries[i].name, name, len) == 0)
			return &v->entries[i];
	return NULL;
}

/* The entry called name, added as an empty list if absent; NULL on OOM. */
static struct view_entry *view_entry_get(struct view *v, const char *name)
{
	size_t len = strlen(name);
	struct view_entry *e = view_find(v, name, len);
	char *copy = NULL;

	if (e != NULL)
		return e;
	if (v->n_entries == v->cap_entries) {
		size_t cap = v->cap_entries ? v->cap_entries * 2 : 8;
		e = realloc(v->entries, cap * sizeof(*e));
		if (e == NULL)
			return NULL;
		v->entries = e;
		v->cap_entries = cap;
	}
	copy = strdup(name);
	if (copy == NULL)
		return NULL;
	e = &v->entries[v->n_entries++];
	memset(e, 0, sizeof(*e));
	e->name = copy;
	e->name_len = len;
	return e;
}

int view_set(struct view *v, const char *name, const char *value)
{
	struct view_entry *e;
	char *copy = NULL;

	if (view_failed(v) || name == NULL)
		goto fail;
	copy = strdup(value ? value : "");
	if (copy == NULL)
		goto fail;
	e = view_entry_get(v, name);
	if (e == NULL)
		goto fail;
	view_entry_clear(e);
	e->value = copy;
	return 0;
fail:
	free(copy);
	return view_fail(v);
}

int view_setf(struct view *v, const char *name, const char *fmt, ...)
{
	struct buf tmp = BUF_INIT(0);
	va_list ap;
	int rc = -1;

	if (view_failed(v))
		goto out;
	va_start(ap, fmt);
	buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	if (buf_failed(&tmp)) {
		view_fail(v);
		goto out;
	}
	rc = view_set(v, name, tmp.data);
out:
	buf_free(&tmp);
	return rc;
}

int view_set_int(struct view *v, const char *name, long value)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%ld", value);
	return view_set(v, name, tmp);
}

int view_set_bool(struct view *v, const char *name, bool value)
{
	return view_set(v, name, value ? "1" : "");
}

struct view *view_add(struct view *v, const char *name)
{
	struct view_entry *e;
	struct view *item = NULL;

	if (view_failed(v) || name == NULL)
		goto fail;
	e = view_entry_get(v, name);
	if (e == NULL)
		goto fail;
	if (e->value != NULL)
		view_entry_clear(e); /* a plain value becomes a list */
	if (e->n_items == e->cap_items) {
		size_t cap = e->cap_items ? e->cap_items * 2 : 8;
		struct view **items = realloc(e->items, cap * sizeof(*items));

		if (items == NULL)
			goto fail;
		e->items = items;
		e->cap_items = cap;
	}
	item = calloc(1, sizeof(*item));
	if (item == NULL)
		goto fail;
	item->root = v->root;
	e->items[e->n_items++] = item;
	return item;
fail:
	view_fail(v);
	return NULL;
}

int view_list(struct view *v, const char *name)
{
	if (view_failed(v) || name == NULL)
		return view_fail(v);
	if (view_entry_get(v, name) == NULL)
		return view_fail(v);
	return 0;
}

/* ---- HTML tokenizer for the compiler ------------------------------------ */

/*
 * Follows the HTML5 tokenizer closely enough to know, at each point of a
 * template, what a browser would take the next bytes for. GLUE is a tag state
 * of our own: a section boundary fell right after an attribute name, so the
 * next name bytes may continue that name when the section renders.
 */
enum html_mode {
	HM_TEXT,
	HM_TAG_OPEN,
	HM_END_TAG_OPEN,
	HM_TAG_NAME,
	HM_TAG_SPACE,
	HM_GLUE,
	HM_ATTR_NAME,
	HM_AFTER_ATTR_NAME,
	HM_BEFORE_VALUE,
	HM_VALUE,
	HM_VALUE_UNQUOTED,
	HM_MARKUP,
	HM_MARKUP_DASH,
	HM_BOGUS,
	HM_COMMENT,
	HM_RAW,
	HM_RCDATA,
};

enum html_comment {
	HC_START,
	HC_START_DASH,
	HC_BODY,
	HC_END_DASH,
	HC_END,
	HC_END_BANG,
};

enum html_attr {
	HA_PLAIN,
	HA_URL,
	HA_URL_CODE, /* a URL that loads code or styles: <script src>, ... */
	HA_SCRIPT,   /* on* event handlers */
	HA_STYLE,
	HA_UNSAFE,  /* srcdoc, <meta content>, SVG animation */
	HA_UNKNOWN, /* name may be glued to an earlier one by a section */
};

struct html_state {
	enum html_mode mode;
	enum html_comment comment;
	enum html_attr kind;
	char quote;
	bool started; /* value: something precedes this point */
	bool end_tag;
	bool glued;          /* attribute name may continue an earlier one */
	unsigned char match; /* raw text: bytes of "</name" seen */
	unsigned char match_open; /* <script>: bytes of "<!--" seen */
	unsigned char tag_len;    /* saturates at HTML_NAME_MAX + 1 */
	unsigned char attr_len;
	char tag[HTML_NAME_MAX]; /* lower case, not NUL-terminated */
	char attr[HTML_NAME_MAX];
};

static void html_name_push(char *name, unsigned char *len, unsigned char c)
{
	if (*len < HTML_NAME_MAX)
		name[*len] = (char)ascii_lower(c);
	if (*len <= HTML_NAME_MAX)
		(*len)++;
}

static bool html_name_is(const char *name, unsigned char len, const char *s)
{
	return strlen(s) == len && memcmp(name, s, len) == 0;
}

static bool html_name_in(const char *name, unsigned char len,
                         const char *const *list)
{
	for (; *list != NULL; list++)
		if (html_name_is(name, len, *list))
			return true;
	return false;
}

static const char *const html_raw_tags[] = {
    "script", "style", "xmp", "iframe", "noembed", "noframes", NULL};
static const char *const html_rcdata_tags[] = {"textarea", "title", NULL};
static const char *const html_code_tags[] = {"script", "link",   "object",
                                             "embed",  "applet", "base",
                                             "iframe", "frame",  NULL};
static const char *const html_animation_tags[] = {
    "animate", "set", "animatemotion", "animatetransform", NULL};
static const char *const html_url_attrs[] = {
    "href",     "src",        "action",     "formaction", "poster",
    "cite",     "xlink:href", "background", "longdesc",   "usemap",
    "codebase", "data",       "manifest",   "icon",       "ping",
    "srcset",   "classid",    "archive",    "profile",    NULL};

static enum html_attr html_classify(const struct html_state *s)
{
	const char *a = s->attr, *t = s->tag;
	unsigned char al = s->attr_len, tl = s->tag_len;

	if (s->glued)
		return HA_UNKNOWN;
	if (al >= 2 && a[0] == 'o' && a[1] == 'n')
		return HA_SCRIPT;
	if (html_name_is(a, al, "style"))
		return HA_STYLE;
	if (html_name_is(a, al, "srcdoc") ||
	    html_name_in(t, tl, html_animation_tags) ||
	    (html_name_is(t, tl, "meta") && html_name_is(a, al, "content")))
		return HA_UNSAFE;
	if (html_name_in(a, al, html_url_attrs))
		return html_name_in(t, tl, html_code_tags) ? HA_URL_CODE
		                                           : HA_URL;
	return HA_PLAIN;
}

static const char *html_tag_end(struct html_state *s)
{
	s->mode = HM_TEXT;
	s->match = 0;
	s->match_open = 0;
	if (s->end_tag)
		return NULL;
	if (html_name_is(s->tag, s->tag_len, "plaintext"))
		return "<plaintext> is not supported";
	if (html_name_in(s->tag, s->tag_len, html_raw_tags))
		s->mode = HM_RAW;
	else if (html_name_in(s->tag, s->tag_len, html_rcdata_tags))
		s->mode = HM_RCDATA;
	return NULL;
}

static void html_tag_start(struct html_state *s, unsigned char c, bool end)
{
	s->mode = HM_TAG_NAME;
	s->end_tag = end;
	s->tag_len = 0;
	html_name_push(s->tag, &s->tag_len, c);
}

static void html_attr_start(struct html_state *s, unsigned char c, bool glued)
{
	s->mode = HM_ATTR_NAME;
	s->glued = glued;
	s->attr_len = 0;
	html_name_push(s->attr, &s->attr_len, c);
}

static void html_comment_feed(struct html_state *s, unsigned char c)
{
	enum html_comment next = HC_BODY;

	switch (s->comment) {
	case HC_START:
	case HC_START_DASH:
		if (c == '>') {
			s->mode = HM_TEXT;
			return;
		}
		if (c == '-')
			next = s->comment == HC_START ? HC_START_DASH : HC_END;
		break;
	case HC_BODY:
	case HC_END_DASH:
		if (c == '-')
			next = s->comment == HC_BODY ? HC_END_DASH : HC_END;
		break;
	case HC_END:
	case HC_END_BANG:
		if (c == '>') {
			s->mode = HM_TEXT;
			return;
		}
		if (c == '-')
			next = s->comment == HC_END ? HC_END : HC_END_DASH;
		else if (c == '!' && s->comment == HC_END)
			next = HC_END_BANG;
		break;
	}
	s->comment = next;
}

/* Inside <script>, <style>, <textarea>, ...: only "</name" ends them. */
static const char *html_raw(struct html_state *s, unsigned char c)
{
	static const char comment_open[] = "<!--";

	if (s->mode == HM_RAW && html_name_is(s->tag, s->tag_len, "script")) {
		/* Script data has escape states we do not model. */
		if (c == (unsigned char)comment_open[s->match_open]) {
			if (++s->match_open == 4)
				return "\"<!--\" inside <script> is not "
				       "supported";
		} else {
			s->match_open = c == '<';
		}
	}
	if (s->match < 2) {
		s->match = (s->match == 1 && c == '/') ? 2 : c == '<';
	} else if (s->match - 2 < s->tag_len) {
		if (ascii_lower(c) == (unsigned char)s->tag[s->match - 2])
			s->match++;
		else
			s->match = c == '<';
	} else if (html_space(c) || c == '/') {
		s->mode = HM_TAG_SPACE;
		s->end_tag = true;
		s->match = 0;
	} else if (c == '>') {
		s->mode = HM_TEXT;
		s->match = 0;
	} else {
		s->match = c == '<';
	}
	return NULL;
}

/* Inside a tag, from its name to its '>'. */
static const char *html_in_tag(struct html_state *s, unsigned char c)
{
	if (c == '>' && s->mode != HM_VALUE)
		return html_tag_end(s);
	switch (s->mode) {
	case HM_TAG_NAME:
		if (html_space(c) || c == '/')
			s->mode = HM_TAG_SPACE;
		else
			html_name_push(s->tag, &s->tag_len, c);
		break;
	case HM_TAG_SPACE:
	case HM_GLUE:
		if (html_space(c) || c == '/') {
			s->mode = HM_TAG_SPACE;
		} else if (s->mode == HM_GLUE && c == '=') {
			s->mode = HM_BEFORE_VALUE; /* value of a glued name */
			s->glued = true;
			s->attr_len = 0;
		} else {
			html_attr_start(s, c, s->mode == HM_GLUE);
		}
		break;
	case HM_ATTR_NAME:
	case HM_AFTER_ATTR_NAME:
		if (c == '=')
			s->mode = HM_BEFORE_VALUE;
		else if (c == '/')
			s->mode = HM_TAG_SPACE;
		else if (html_space(c))
			s->mode = HM_AFTER_ATTR_NAME;
		else if (s->mode == HM_ATTR_NAME)
			html_name_push(s->attr, &s->attr_len, c);
		else
			html_attr_start(s, c, false);
		break;
	case HM_BEFORE_VALUE:
		if (c == '"' || c == '\'') {
			s->mode = HM_VALUE;
			s->quote = (char)c;
			s->started = false;
			s->kind = html_classify(s);
		} else if (!html_space(c)) {
			s->mode = HM_VALUE_UNQUOTED;
		}
		break;
	case HM_VALUE:
		if (c == (unsigned char)s->quote)
			s->mode = HM_TAG_SPACE;
		else
			s->started = true;
		break;
	case HM_VALUE_UNQUOTED:
		if (html_space(c))
			s->mode = HM_TAG_SPACE;
		break;
	default:
		break;
	}
	return NULL;
}

/* Advances over one literal byte; NULL, or why the template is refused. */
static const char *html_feed(struct html_state *s, unsigned char c)
{
	switch (s->mode) {
	case HM_TEXT:
		if (c == '<')
			s->mode = HM_TAG_OPEN;
		return NULL;
	case HM_TAG_OPEN:
	case HM_END_TAG_OPEN:
		if (ascii_alpha(c))
			html_tag_start(s, c, s->mode == HM_END_TAG_OPEN);
		else if (s->mode == HM_END_TAG_OPEN)
			s->mode = c == '>' ? HM_TEXT : HM_BOGUS;
		else if (c == '/')
			s->mode = HM_END_TAG_OPEN;
		else if (c == '!')
			s->mode = HM_MARKUP;
		else if (c == '?')
			s->mode = HM_BOGUS;
		else if (c != '<')
			s->mode = HM_TEXT;
		return NULL;
	case HM_MARKUP:
	case HM_MARKUP_DASH:
		if (c != '-') {
			s->mode = c == '>' ? HM_TEXT : HM_BOGUS;
		} else if (s->mode == HM_MARKUP) {
			s->mode = HM_MARKUP_DASH;
		} else {
			s->mode = HM_COMMENT;
			s->comment = HC_START;
		}
		return NULL;
	case HM_BOGUS:
		if (c == '>')
			s->mode = HM_TEXT;
		return NULL;
	case HM_COMMENT:
		html_comment_feed(s, c);
		return NULL;
	case HM_RAW:
	case HM_RCDATA:
		return html_raw(s, c);
	default:
		return html_in_tag(s, c);
	}
}

/* Where a {{name}} may go and how it is escaped there; NULL if allowed. */
enum tpl_esc { TPL_ESC_TEXT, TPL_ESC_URL, TPL_ESC_URL_PART };

static const char *html_placeholder(struct html_state *s, enum tpl_esc *esc)
{
	static const char *const why[] = {
	    [HA_URL_CODE] = "placeholder at the start of a URL that loads "
	                    "code or styles",
	    [HA_SCRIPT] = "placeholder inside an event-handler attribute",
	    [HA_STYLE] = "placeholder inside a style attribute",
	    [HA_UNSAFE] = "placeholder inside an attribute that cannot be "
	                  "escaped safely",
	    [HA_UNKNOWN] = "placeholder in the value of an attribute whose "
	                   "name a section boundary may extend",
	};

	*esc = TPL_ESC_TEXT;
	switch (s->mode) {
	case HM_TEXT:
		return NULL;
	case HM_RCDATA:
		return s->match ? "placeholder inside an end tag" : NULL;
	case HM_VALUE:
		if (s->kind == HA_URL || s->kind == HA_URL_CODE) {
			if (!s->started && s->kind == HA_URL_CODE)
				return why[s->kind];
			*esc = s->started ? TPL_ESC_URL_PART : TPL_ESC_URL;
		} else if (s->kind != HA_PLAIN) {
			return why[s->kind];
		}
		s->started = true;
		return NULL;
	case HM_TAG_OPEN:
	case HM_END_TAG_OPEN:
	case HM_TAG_NAME:
		return "placeholder inside a tag name";
	case HM_TAG_SPACE:
	case HM_GLUE:
	case HM_ATTR_NAME:
	case HM_AFTER_ATTR_NAME:
		return "placeholder where an attribute name goes";
	case HM_BEFORE_VALUE:
	case HM_VALUE_UNQUOTED:
		return "placeholder in an unquoted attribute value";
	case HM_COMMENT:
		return "placeholder inside an HTML comment";
	case HM_RAW:
		return "placeholder inside <script>, <style> or another raw "
		       "text element";
	default:
		return "placeholder inside <!...> or <?...>";
	}
}

/* A section tag is about to split the byte stream here; NULL if it may. */
static const char *html_boundary(struct html_state *s)
{
	switch (s->mode) {
	case HM_TEXT:
	case HM_TAG_SPACE:
	case HM_GLUE:
		return NULL;
	case HM_RCDATA:
		return s->match ? "section tag inside an end tag" : NULL;
	case HM_ATTR_NAME:
	case HM_AFTER_ATTR_NAME:
		s->mode = HM_GLUE;
		return NULL;
	case HM_VALUE:
		/* Whether a URL has begun now depends on the data: assume so.
		 */
		if (s->kind == HA_URL || s->kind == HA_URL_CODE)
			s->started = true;
		return NULL;
	case HM_RAW:
		return "section tag inside <script>, <style> or another raw "
		       "text element";
	case HM_COMMENT:
		return "section tag inside an HTML comment";
	case HM_BEFORE_VALUE:
	case HM_VALUE_UNQUOTED:
		return "section tag in an unquoted attribute value";
	default:
		return "section tag inside a tag name or <!...>";
	}
}

static bool html_same_tag(const struct html_state *a,
                          const struct html_state *b)
{
	return a->tag_len == b->tag_len && a->end_tag == b->end_tag &&
	       memcmp(a->tag, b->tag,
	              a->tag_len < HTML_NAME_MAX ? a->tag_len
	                                         : HTML_NAME_MAX) == 0;
}

static bool html_same_attr(const struct html_state *a,
                           const struct html_state *b)
{
	return a->attr_len == b->attr_len && a->kind == b->kind &&
	       a->quote == b->quote && a->glued == b->glued &&
	       memcmp(a->attr, b->attr,
	              a->attr_len < HTML_NAME_MAX ? a->attr_len
	                                          : HTML_NAME_MAX) == 0;
}

/*
 * At {{/name}}: the state at the open tag (st, updated to what follows the
 * section on either path) and at the close must agree. A list repeats the
 * body, so a body ending in an attribute name glues onto its own start: only
 * harmless when no placeholder can be in a glued attribute.
 */
static const char *html_join(struct html_state *st,
                             const struct html_state *end, bool has_vars,
                             int first)
{
	bool tag_a = st->mode == HM_TAG_SPACE || st->mode == HM_GLUE;
	bool tag_b = end->mode == HM_TAG_SPACE || end->mode == HM_GLUE;

	if (tag_a && tag_b && html_same_tag(st, end)) {
		if (st->mode == HM_TAG_SPACE && end->mode == HM_GLUE &&
		    has_vars &&
		    (first < 0 || !(html_space((unsigned char)first) ||
		                    first == '/' || first == '>')))
			return "a section inside a tag that holds placeholders "
			       "must begin with a space";
		if (end->mode == HM_GLUE)
			st->mode = HM_GLUE;
		return NULL;
	}
	if (st->mode != end->mode)
		return "section ends in another HTML context than it began";
	switch (st->mode) {
	case HM_TEXT:
		return NULL;
	case HM_RCDATA:
		if (html_same_tag(st, end))
			return NULL;
		break;
	case HM_VALUE:
		if (html_same_tag(st, end) && html_same_attr(st, end)) {
			st->started = st->started || end->started;
			return NULL;
		}
		break;
	default:
		break;
	}
	return "section ends in another HTML context than it began";
}

static const char *html_mode_name(const struct html_state *s)
{
	switch (s->mode) {
	case HM_TEXT:
		return "text";
	case HM_VALUE:
	case HM_VALUE_UNQUOTED:
	case HM_BEFORE_VALUE:
		return "an attribute value";
	case HM_COMMENT:
		return "an HTML comment";
	case HM_RAW:
	case HM_RCDATA:
		return "a raw text element (<script>, <style>, <textarea>...)";
	case HM_MARKUP:
	case HM_MARKUP_DASH:
	case HM_BOGUS:
		return "<!...> or <?...>";
	default:
		return "a tag";
	}
}

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
