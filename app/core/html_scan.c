/*
 * html_scan: a small HTML5 tokenizer that the template compiler (tpl.c)
 * runs over each template once, so it knows at every byte what a browser
 * would take the next bytes for, and so which escaping a placeholder needs.
 */
#include "html_private.h"

#include "html.h"

#include <string.h>

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
static const char *const html_code_tags[] = {"script", "link",	 "object",
					     "embed",  "applet", "base",
					     "iframe", "frame",	 NULL};
static const char *const html_animation_tags[] = {
	"animate", "set", "animatemotion", "animatetransform", NULL};
static const char *const html_url_attrs[] = {
	"href",	    "src",	  "action",	"formaction", "poster",
	"cite",	    "xlink:href", "background", "longdesc",   "usemap",
	"codebase", "data",	  "manifest",	"icon",	      "ping",
	"srcset",   "classid",	  "archive",	"profile",    NULL};

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
const char *html_feed(struct html_state *s, unsigned char c)
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
const char *html_placeholder(struct html_state *s, enum tpl_esc *esc)
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
const char *html_boundary(struct html_state *s)
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
const char *html_join(struct html_state *st, const struct html_state *end,
		      bool has_vars, int first)
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

const char *html_mode_name(const struct html_state *s)
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
