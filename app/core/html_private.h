/*
 * html_private: what the three parts of the template machinery share and
 * nothing else may use: the view model's layout (html.c builds it, tpl.c
 * reads it), the HTML scanner's state (html_scan.c runs it, tpl.c's
 * compiler drives it), and small ASCII helpers.
 */
#ifndef MESTRING_HTML_PRIVATE_H
#define MESTRING_HTML_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#define TPL_MAX_DEPTH 8	 /* templates nested through {{>partial}} */
#define HTML_NAME_MAX 24 /* tag and attribute name bytes kept */

/* ASCII only: the C library's versions follow the locale. */
static inline bool ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool ascii_alnum(unsigned char c)
{
	return ascii_alpha(c) || (c >= '0' && c <= '9');
}

static inline unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static inline bool html_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* ---- View model -------------------------------------------------------- */

struct view;

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

/* The entry called name (len bytes) of v, or NULL. */
struct view_entry *view_find(const struct view *v, const char *name,
			     size_t len);

/* ---- HTML scanner -------------------------------------------------------- */

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
	bool glued;	     /* attribute name may continue an earlier one */
	unsigned char match; /* raw text: bytes of "</name" seen */
	unsigned char match_open; /* <script>: bytes of "<!--" seen */
	unsigned char tag_len;	  /* saturates at HTML_NAME_MAX + 1 */
	unsigned char attr_len;
	char tag[HTML_NAME_MAX]; /* lower case, not NUL-terminated */
	char attr[HTML_NAME_MAX];
};

/* How a placeholder is escaped where it stands. */
enum tpl_esc { TPL_ESC_TEXT, TPL_ESC_URL, TPL_ESC_URL_PART };

/* Advances over one literal byte; NULL, or why the template is refused. */
const char *html_feed(struct html_state *s, unsigned char c);
/* Where a {{name}} may go and how it is escaped there; NULL if allowed. */
const char *html_placeholder(struct html_state *s, enum tpl_esc *esc);
/* A section tag is about to split the byte stream here; NULL if it may. */
const char *html_boundary(struct html_state *s);
/* Whether a section's end state st can join its start end; see html_scan.c. */
const char *html_join(struct html_state *st, const struct html_state *end,
		      bool has_vars, int first);
/* The context s is in, in words for an error message. */
const char *html_mode_name(const struct html_state *s);

#endif
