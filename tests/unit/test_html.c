/*
 * Tests for html.c: the escaping functions against hostile input, the
 * template compiler's choice of context and its refusals, and rendering.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "embed.h"
#include "html.h"

/* ---- Escaping ---------------------------------------------------------- */

struct escape_case {
	const char *name;
	int (*fn)(struct buf *, const char *);
	const char *in;
	const char *want;
};

static const struct escape_case escape_cases[] = {
	{"text escapes a script tag", html_text, "<script>alert(1)</script>",
	 "&lt;script&gt;alert(1)&lt;/script&gt;"},
	{"text escapes both quotes", html_text, "\"onmouseover=alert(1) 'x'",
	 "&quot;onmouseover=alert(1) &#39;x&#39;"},
	{"text escapes ampersands and entities", html_text, "a&b &lt; &#106;",
	 "a&amp;b &amp;lt; &amp;#106;"},
	{"text keeps Danish UTF-8 unchanged", html_text,
	 "\xc3\x86"
	 "blegr\xc3\xb8"
	 "d p\xc3\xa5 \xc3\x98restad",
	 "\xc3\x86"
	 "blegr\xc3\xb8"
	 "d p\xc3\xa5 \xc3\x98restad"},
	{"text of empty is empty", html_text, "", ""},
	{"text of NULL is empty", html_text, NULL, ""},
	{"component keeps unreserved", html_url_component, "AZaz09-._~",
	 "AZaz09-._~"},
	{"component encodes reserved and space", html_url_component,
	 "a b/c?d=e&f#g+h%", "a%20b%2Fc%3Fd%3De%26f%23g%2Bh%25"},
	{"component encodes markup", html_url_component, "\"><script>",
	 "%22%3E%3Cscript%3E"},
	{"component encodes UTF-8 bytes", html_url_component, "\xc3\x98restad",
	 "%C3%98restad"},
	{"component encodes a javascript URL", html_url_component,
	 "javascript:alert(1)", "javascript%3Aalert%281%29"},
	{"url keeps an absolute path", html_url_attr, "/users/7/edit?x=1&y=2",
	 "/users/7/edit?x=1&amp;y=2"},
	{"url keeps the root path", html_url_attr, "/", "/"},
	{"url keeps a query", html_url_attr, "?side=2", "?side=2"},
	{"url keeps a fragment", html_url_attr, "#top", "#top"},
	{"url keeps https", html_url_attr, "https://example.dk/a\"b",
	 "https://example.dk/a&quot;b"},
	{"url keeps http in capitals", html_url_attr, "HTTP://example.dk/",
	 "HTTP://example.dk/"},
	{"url keeps mailto", html_url_attr, "mailto:a@example.dk",
	 "mailto:a@example.dk"},
	{"url keeps webcal", html_url_attr, "webcal://example.dk/f.ics",
	 "webcal://example.dk/f.ics"},
	{"url refuses javascript", html_url_attr, "javascript:alert(1)", "#"},
	{"url refuses mixed-case javascript with a space", html_url_attr,
	 " JaVaScRiPt:alert(1)", "#"},
	{"url refuses data", html_url_attr,
	 "data:text/html,<script>alert(1)</script>", "#"},
	{"url refuses vbscript", html_url_attr, "vbscript:msgbox", "#"},
	{"url refuses protocol-relative", html_url_attr, "//evil.example/",
	 "#"},
	{"url refuses slash-backslash", html_url_attr, "/\\evil.example", "#"},
	{"url refuses a tab hidden in a path", html_url_attr,
	 "/\t/evil.example", "#"},
	{"url refuses a leading control byte", html_url_attr,
	 "\x01javascript:alert(1)", "#"},
	{"url refuses a relative name", html_url_attr, "page.html", "#"},
	{"url refuses https without slashes", html_url_attr,
	 "https:evil.example", "#"},
	{"url refuses empty", html_url_attr, "", "#"},
	{"url refuses NULL", html_url_attr, NULL, "#"},
};

static void escapes_match_table(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	/* Not BUF_INIT: buf_reset writes to the data, a literal "" there. */
	buf_init(&b, 0);
	for (i = 0; i < sizeof(escape_cases) / sizeof(escape_cases[0]); i++) {
		const struct escape_case *c = &escape_cases[i];

		buf_reset(&b);
		if (c->fn(&b, c->in) != 0 || strcmp(b.data, c->want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", c->name, b.data,
				 c->want);
	}
	buf_free(&b);
}

static void escapes_fail_when_buffer_is_full(void **state)
{
	struct buf b = BUF_INIT(4);

	(void)state;
	assert_int_equal(html_text(&b, "<<<"), -1);
	assert_true(buf_failed(&b));
	buf_free(&b);
	buf_init(&b, 4);
	assert_int_equal(html_url_component(&b, "  "), -1);
	buf_free(&b);
	buf_init(&b, 4);
	assert_int_equal(html_url_attr(&b, "/abcdef"), -1);
	buf_free(&b);
}

/* ---- Rendering from source --------------------------------------------- */

/* Values set on a root view; NULL name ends the list. */
struct kv {
	const char *name;
	const char *value;
};

struct render_case {
	const char *name;
	const char *src;
	struct kv vars[4];
	const char *want;
};

static const struct render_case render_cases[] = {
	{"text context escapes markup",
	 "<p>{{x}}</p>",
	 {{"x", "<b>&</b>"}},
	 "<p>&lt;b&gt;&amp;&lt;/b&gt;</p>"},
	{"double-quoted attribute escapes quotes",
	 "<i title=\"{{x}}\">",
	 {{"x", "\" onmouseover=\"alert(1)"}},
	 "<i title=\"&quot; onmouseover=&quot;alert(1)\">"},
	{"single-quoted attribute escapes quotes",
	 "<i title='{{x}}'>",
	 {{"x", "' onmouseover='alert(1)"}},
	 "<i title='&#39; onmouseover=&#39;alert(1)'>"},
	{"attribute after a URL attribute is plain",
	 "<a href=\"/x\" title=\"{{x}}\">",
	 {{"x", "javascript:a b"}},
	 "<a href=\"/x\" title=\"javascript:a b\">"},
	{"href start takes a whole URL",
	 "<a href=\"{{u}}\">",
	 {{"u", "/users?id=1&x=2"}},
	 "<a href=\"/users?id=1&amp;x=2\">"},
	{"href start refuses javascript",
	 "<a href=\"{{u}}\">",
	 {{"u", "javascript:alert(1)"}},
	 "<a href=\"#\">"},
	{"upper-case HREF start refuses javascript",
	 "<A HREF='{{u}}'>",
	 {{"u", " JaVaScRiPt:alert(1)"}},
	 "<A HREF='#'>"},
	{"src start refuses protocol-relative",
	 "<img src=\"{{u}}\">",
	 {{"u", "//evil.example/x.png"}},
	 "<img src=\"#\">"},
	{"form action start takes a path",
	 "<form action=\"{{u}}\">",
	 {{"u", "/login"}},
	 "<form action=\"/login\">"},
	{"svg xlink:href start refuses data",
	 "<svg><a xlink:href=\"{{u}}\"></a></svg>",
	 {{"u", "data:x"}},
	 "<svg><a xlink:href=\"#\"></a></svg>"},
	{"later in a path is a component",
	 "<a href=\"/users/{{id}}/edit\">",
	 {{"id", "../admin?x"}},
	 "<a href=\"/users/..%2Fadmin%3Fx/edit\">"},
	{"query-only URL value is a component after the ?",
	 "<a href=\"?q={{q}}\">",
	 {{"q", "\"x y"}},
	 "<a href=\"?q=%22x%20y\">"},
	{"formaction start takes a whole URL",
	 "<button formaction=\"{{u}}\">",
	 {{"u", "data:text/html,x"}},
	 "<button formaction=\"#\">"},
	{"cite start keeps mailto in capitals",
	 "<q cite='{{u}}'>",
	 {{"u", "MAILTO:a@b.dk"}},
	 "<q cite='MAILTO:a@b.dk'>"},
	{"list section in a tag beginning with a space",
	 "<a {{#l}} title=\"{{t}}\"{{/l}}>",
	 {{"t", "x"}},
	 "<a >"},
	{"later in a query is a component",
	 "<a href=\"/find?q={{q}}\">",
	 {{"q", "a&b=c d"}},
	 "<a href=\"/find?q=a%26b%3Dc%20d\">"},
	{"second placeholder in a URL is a component",
	 "<a href=\"{{base}}{{rest}}\">",
	 {{"base", "/x"}, {"rest", "/../y"}},
	 "<a href=\"/x%2F..%2Fy\">"},
	{"leading space makes the URL start later",
	 "<a href=\" {{u}}\">",
	 {{"u", "javascript:x"}},
	 "<a href=\" javascript%3Ax\">"},
	{"script src later is a component",
	 "<script src=\"/static/app.js?v={{v}}\"></script>",
	 {{"v", "1&2"}},
	 "<script src=\"/static/app.js?v=1%262\"></script>"},
	{"textarea content is text",
	 "<textarea>{{x}}</textarea>",
	 {{"x", "</textarea><script>"}},
	 "<textarea>&lt;/textarea&gt;&lt;script&gt;</textarea>"},
	{"title content is text",
	 "<title>{{x}} - Mestring</title>",
	 {{"x", "A&B"}},
	 "<title>A&amp;B - Mestring</title>"},
	{"text after a comment is text",
	 "<!-- note -->{{x}}",
	 {{"x", "<"}},
	 "<!-- note -->&lt;"},
	{"text after an abrupt comment is text",
	 "<!-->{{x}}",
	 {{"x", "<"}},
	 "<!-->&lt;"},
	{"text after --!> is text",
	 "<!-- a --!>{{x}}",
	 {{"x", "<"}},
	 "<!-- a --!>&lt;"},
	{"text after a doctype is text",
	 "<!DOCTYPE html>{{x}}",
	 {{"x", "'"}},
	 "<!DOCTYPE html>&#39;"},
	{"text after script is text",
	 "<script>if (a < b) x = '</scri';</script >{{x}}",
	 {{"x", "\""}},
	 "<script>if (a < b) x = '</scri';</script >&quot;"},
	{"a less-than sign before a space is text",
	 "1 < {{x}}",
	 {{"x", "2"}},
	 "1 < 2"},
	{"mustache comments vanish",
	 "a{{! a comment\n over lines }}b",
	 {{0}},
	 "ab"},
	{"spaces inside tags are ignored", "{{ x }}", {{"x", "1"}}, "1"},
	{"absent name renders empty", "[{{missing}}]", {{0}}, "[]"},
	{"absent name in a URL renders empty",
	 "<a href=\"{{u}}\">",
	 {{0}},
	 "<a href=\"\">"},
	{"empty string in a URL start is #",
	 "<a href=\"{{u}}\">",
	 {{"u", ""}},
	 "<a href=\"#\">"},
	{"Danish text passes unchanged",
	 "<p>{{x}}</p>",
	 {{"x", "\xc3\x86"
		"blegr\xc3\xb8"
		"d p\xc3\xa5 \xc3\x98restad"}},
	 "<p>\xc3\x86"
	 "blegr\xc3\xb8"
	 "d p\xc3\xa5 \xc3\x98restad</p>"},
	{"section over a true value renders once",
	 "{{#on}}yes{{/on}}",
	 {{"on", "1"}},
	 "yes"},
	{"section over an empty value is skipped",
	 "{{#on}}yes{{/on}}",
	 {{"on", ""}},
	 ""},
	{"section over zero is skipped",
	 "{{#on}}yes{{/on}}",
	 {{"on", "0"}},
	 ""},
	{"section over an absent name is skipped",
	 "{{#on}}yes{{/on}}",
	 {{0}},
	 ""},
	{"inverted over an absent name renders",
	 "{{^on}}no{{/on}}",
	 {{0}},
	 "no"},
	{"inverted over zero renders", "{{^on}}no{{/on}}", {{"on", "0"}}, "no"},
	{"inverted over a true value is skipped",
	 "{{^on}}no{{/on}}",
	 {{"on", "ja"}},
	 ""},
	{"section keeps the current context",
	 "{{#n}}n={{n}}{{/n}}",
	 {{"n", "7"}},
	 "n=7"},
	{"boolean attribute inside a tag",
	 "<input type=\"checkbox\" {{#on}}checked{{/on}}>",
	 {{"on", "1"}},
	 "<input type=\"checkbox\" checked>"},
	{"boolean attribute inside a tag skipped",
	 "<input type=\"checkbox\" {{#on}}checked{{/on}}>",
	 {{0}},
	 "<input type=\"checkbox\" >"},
	{"section inside an attribute value",
	 "<tr class=\"row{{#late}} late{{/late}}\">",
	 {{"late", "1"}},
	 "<tr class=\"row late\">"},
	{"section with an attribute holding a placeholder",
	 "<option value=\"{{v}}\"{{#sel}} selected{{/sel}}>{{v}}</option>",
	 {{"v", "<1>"}, {"sel", "1"}},
	 "<option value=\"&lt;1&gt;\" selected>&lt;1&gt;</option>"},
	{"section around a whole attribute with a URL",
	 "<a {{#u}}href=\"{{u}}\"{{/u}}>",
	 {{"u", "javascript:x"}},
	 "<a href=\"#\">"},
	{"section inside a URL value makes later values components",
	 "<a href=\"{{#abs}}/abs{{/abs}}{{u}}\">",
	 {{"abs", ""}, {"u", "/x"}},
	 "<a href=\"%2Fx\">"},
};

static void set_vars(struct view *v, const struct kv *vars, size_t n)
{
	size_t i;

	for (i = 0; i < n && vars[i].name != NULL; i++)
		assert_int_equal(view_set(v, vars[i].name, vars[i].value), 0);
}

static void render_cases_produce_exact_bytes(void **state)
{
	char err[256];
	struct buf out;
	struct view *v;
	struct tpl *t;
	size_t i;

	(void)state;
	buf_init(&out, 0);
	for (i = 0; i < sizeof(render_cases) / sizeof(render_cases[0]); i++) {
		const struct render_case *c = &render_cases[i];

		err[0] = '\0';
		t = tpl_compile("t.html", c->src, strlen(c->src), err,
				sizeof(err));
		if (t == NULL)
			fail_msg("%s: compile: %s", c->name, err);
		v = view_new();
		assert_non_null(v);
		set_vars(v, c->vars, 4);
		buf_reset(&out);
		assert_int_equal(tpl_render_compiled(&out, t, v), 0);
		if (strcmp(out.data, c->want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", c->name,
				 out.data, c->want);
		view_free(v);
		tpl_free(t);
	}
	buf_free(&out);
}

/* ---- Compile errors ---------------------------------------------------- */

struct reject_case {
	const char *name;
	const char *src;
	unsigned int line;
	const char *why; /* a piece of the message */
};

static const struct reject_case reject_cases[] = {
	{"placeholder as a tag name", "<{{t}}>", 1, "tag name"},
	{"placeholder inside a tag name", "<di{{t}}>", 1, "tag name"},
	{"placeholder as an end tag name", "x\n</{{t}}>", 2, "tag name"},
	{"placeholder as an attribute", "<p {{a}}>", 1, "attribute name"},
	{"placeholder in an attribute name", "<p data-{{a}}=\"1\">", 1,
	 "attribute name"},
	{"placeholder after an attribute name", "<p hidden {{a}}>", 1,
	 "attribute name"},
	{"placeholder as an unquoted value", "<p title={{a}}>", 1, "unquoted"},
	{"placeholder inside an unquoted value", "<p title=x{{a}}>", 1,
	 "unquoted"},
	{"placeholder inside script", "<p>\n<script>var a = {{a}};</script>", 2,
	 "<script>"},
	{"placeholder inside a script string",
	 "<script>\nvar a = \"{{a}}\";\n</script>", 2, "<script>"},
	{"placeholder inside style", "<style>\np { color: {{c}} }</style>", 2,
	 "<style>"},
	{"placeholder inside a comment", "<!--\n {{a}} -->", 2, "comment"},
	{"placeholder inside a comment after dashes", "<!-- a -- {{a}} -->", 1,
	 "comment"},
	{"placeholder in an event handler", "<a onclick=\"go('{{a}}')\">", 1,
	 "event-handler"},
	{"placeholder in an upper-case event handler", "<body ONLOAD='{{a}}'>",
	 1, "event-handler"},
	{"placeholder in a style attribute", "<p style=\"color: {{c}}\">", 1,
	 "style attribute"},
	{"placeholder in srcdoc", "<iframe srcdoc=\"{{h}}\"></iframe>", 1,
	 "cannot be escaped"},
	{"placeholder starting a script src", "<script src=\"{{u}}\"></script>",
	 1, "loads code"},
	{"placeholder starting a stylesheet href",
	 "<link rel=\"stylesheet\" href=\"{{u}}\">", 1, "loads code"},
	{"placeholder inside a doctype", "<!DOCTYPE {{d}}>", 1, "<!"},
	{"placeholder after a glued attribute name",
	 "<a on{{#c}}click{{/c}}=\"{{a}}\">", 1, "section boundary"},
	{"placeholder after an end tag start in textarea",
	 "<textarea></{{a}}</textarea>", 1, "end tag"},
	{"triple mustache", "a\nb {{{x}}}", 2, "no raw output"},
	{"ampersand raw tag", "{{&x}}", 1, "no raw output"},
	{"dotted name", "{{a.b}}", 1, "unknown tag"},
	{"empty tag", "x {{}}", 1, "unknown tag"},
	{"set delimiters", "{{=<% %>=}}", 1, "unknown tag"},
	{"opening braces without closing", "a\n\n{{x", 3, "without"},
	{"unclosed section", "a\n{{#x}}\nb", 2, "never closed"},
	{"close without open", "a\n{{/x}}", 2, "without an open section"},
	{"crossed sections", "{{#a}}{{#b}}\n{{/a}}{{/b}}", 2,
	 "closes {{#b}} of line 1"},
	{"unbalanced inverted", "{{^a}}\n\n{{/b}}", 3, "closes {{^a}}"},
	{"section crossing out of a tag", "{{#a}}<a \n{{/a}}>", 2,
	 "another HTML context"},
	{"section crossing attributes", "<a title=\"{{#a}}\" alt=\"{{/a}}\">",
	 1, "another HTML context"},
	{"section inside script", "<script>{{#a}}x{{/a}}</script>", 1,
	 "<script>"},
	{"section in a tag name", "<b{{#a}}r{{/a}}>", 1, "tag name"},
	{"section in a tag with placeholders ending in a name",
	 "<a {{#l}}title=\"{{t}}\" x{{/l}}>", 1, "begin with a space"},
	{"partial inside a tag", "<a {{>p.html}}>", 1, "not text"},
	{"partial inside an attribute", "<a title=\"{{>p.html}}\">", 1,
	 "not text"},
	{"unknown partial", "a\n{{>nowhere.html}}", 2, "unknown partial"},
	{"ends inside a tag", "<p>\n<a href=\"x\"", 2, "ends inside"},
	{"ends inside script", "<script>\nx", 2, "ends inside"},
	{"ends inside a comment", "<!-- x", 1, "ends inside"},
	{"plaintext", "<plaintext>", 1, "plaintext"},
	{"script comment open", "<script><!--\n</script>", 1, "<!--"},
};

static void compile_rejects_unsafe_templates(void **state)
{
	char err[256], prefix[32];
	struct tpl *t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reject_cases) / sizeof(reject_cases[0]); i++) {
		const struct reject_case *c = &reject_cases[i];

		err[0] = '\0';
		t = tpl_compile("bad.html", c->src, strlen(c->src), err,
				sizeof(err));
		if (t != NULL) {
			tpl_free(t);
			fail_msg("%s: compiled", c->name);
		}
		snprintf(prefix, sizeof(prefix), "bad.html:%u: ", c->line);
		if (strncmp(err, prefix, strlen(prefix)) != 0 ||
		    strstr(err, c->why) == NULL)
			fail_msg("%s: message \"%s\", want \"%s...%s\"",
				 c->name, err, prefix, c->why);
	}
}

/* ---- Lists and nested look-up ------------------------------------------ */

static char *render_src(const char *src, const struct view *v)
{
	char err[256] = "";
	struct buf out = BUF_INIT(0);
	struct tpl *t = tpl_compile("t.html", src, strlen(src), err,
				    sizeof(err));

	if (t == NULL)
		fail_msg("compile: %s", err);
	assert_int_equal(tpl_render_compiled(&out, t, v), 0);
	tpl_free(t);
	return buf_detach(&out, NULL); /* the caller frees */
}

static void sections_iterate_lists_with_outward_lookup(void **state)
{
	struct view *v = view_new(), *team, *p;
	char *got;

	(void)state;
	view_set(v, "site", "Mestring");
	view_set(v, "who", "root");
	team = view_add(v, "teams");
	view_set(team, "name", "Hold A");
	p = view_add(team, "people");
	view_set(p, "who", "Åse");
	p = view_add(team, "people");
	view_set(p, "who", "<Bo>");
	team = view_add(v, "teams");
	view_set(team, "name", "Hold B");
	view_list(team, "people");
	assert_false(view_failed(v));
	got = render_src("{{#teams}}[{{name}}@{{site}}:"
			 "{{#people}}({{who}} in {{name}}){{/people}}"
			 "{{^people}}none, {{who}}{{/people}}]{{/teams}}",
			 v);
	assert_string_equal(got, "[Hold A@Mestring:(Åse in Hold A)"
				 "(&lt;Bo&gt; in Hold A)]"
				 "[Hold B@Mestring:none, root]");
	free(got);
	view_free(v);
}

static void inverted_renders_for_empty_list_only(void **state)
{
	struct view *v = view_new();
	char *got;

	(void)state;
	view_list(v, "rows");
	got = render_src("{{#rows}}r{{/rows}}{{^rows}}ingen{{/rows}}", v);
	assert_string_equal(got, "ingen");
	free(got);
	view_add(v, "rows");
	got = render_src("{{#rows}}r{{/rows}}{{^rows}}ingen{{/rows}}", v);
	assert_string_equal(got, "r");
	free(got);
	view_free(v);
}

static void list_of_a_thousand_items_renders_in_order(void **state)
{
	struct view *v = view_new(), *row;
	struct buf want = BUF_INIT(0);
	char *got;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		row = view_add(v, "rows");
		view_set_int(row, "id", i);
		view_setf(row, "name", "Navn <%d> & co", i);
		buf_printf(&want,
			   "<tr><td><a href=\"/p/%d\">Navn &lt;%d&gt; &amp; "
			   "co</a></td></tr>\n",
			   i, i);
	}
	assert_false(view_failed(v));
	got = render_src("{{#rows}}<tr><td><a href=\"/p/{{id}}\">{{name}}"
			 "</a></td></tr>\n{{/rows}}",
			 v);
	assert_string_equal(got, want.data);
	free(got);
	buf_free(&want);
	view_free(v);
}

/* ---- View model --------------------------------------------------------- */

static void view_set_replaces_values_and_lists(void **state)
{
	struct view *v = view_new();
	char *got;

	(void)state;
	assert_int_equal(view_set(v, "a", "first"), 0);
	assert_int_equal(view_set(v, "a", "second"), 0);
	assert_int_equal(view_set(v, "n", NULL), 0);
	assert_non_null(view_add(v, "l"));
	assert_int_equal(view_set(v, "l", "plain"), 0);
	assert_non_null(view_add(v, "b"));
	assert_int_equal(view_set_bool(v, "t", true), 0);
	assert_int_equal(view_set_bool(v, "f", false), 0);
	assert_int_equal(view_set_int(v, "i", -42), 0);
	assert_int_equal(view_setf(v, "s", "%s-%03d", "x", 7), 0);
	assert_int_equal(view_list(v, "a"), 0); /* exists: no-op */
	got = render_src("{{a}}|{{n}}|{{l}}|{{b}}|{{#t}}T{{/t}}{{^f}}F{{/f}}|"
			 "{{i}}|{{s}}",
			 v);
	assert_string_equal(got, "second||plain||TF|-42|x-007");
	free(got);
	assert_false(view_failed(v));
	view_free(v);
}

static void view_add_turns_a_value_into_a_list(void **state)
{
	struct view *v = view_new(), *item;
	char *got;

	(void)state;
	view_set(v, "x", "plain");
	item = view_add(v, "x");
	view_set(item, "y", "1");
	got = render_src("{{#x}}({{y}}){{/x}}", v);
	assert_string_equal(got, "(1)");
	free(got);
	view_free(v);
}

static void view_null_calls_fail_without_crashing(void **state)
{
	struct view *v = view_new();

	(void)state;
	assert_true(view_failed(NULL));
	assert_int_equal(view_set(NULL, "a", "b"), -1);
	assert_null(view_add(NULL, "a"));
	assert_int_equal(view_set_int(NULL, "a", 1), -1);
	assert_false(view_failed(v));
	assert_int_equal(view_set(v, NULL, "b"), -1);
	assert_true(view_failed(v));
	/* Sticky: later calls do nothing, children report it too. */
	assert_int_equal(view_set(v, "a", "b"), -1);
	assert_null(view_add(v, "l"));
	view_free(v);
	view_free(NULL);
}

static void view_error_is_sticky_from_a_child(void **state)
{
	struct view *v = view_new(), *child;

	(void)state;
	child = view_add(v, "l");
	assert_non_null(child);
	assert_int_equal(view_setf(child, NULL, "%d", 1), -1);
	assert_true(view_failed(v));
	assert_true(view_failed(child));
	view_free(v);
}

/* ---- Loaded sets and partials ------------------------------------------ */

#define FILE_ENTRY(n, s)                                                       \
	{                                                                      \
		n, (const unsigned char *)(s), sizeof(s) - 1                   \
	}

static const struct embed_file layout_set[] = {
	FILE_ENTRY("layout_top.html",
		   "<!DOCTYPE html>\n<html lang=\"da\"><head><title>{{title}}"
		   "</title></head><body>\n"),
	FILE_ENTRY("layout_bottom.html", "</body></html>\n"),
	FILE_ENTRY("row.html", "<li><a href=\"/p/{{id}}\">{{name}}</a></li>"),
	FILE_ENTRY("page.html",
		   "{{>layout_top.html}}<ul>{{#rows}}{{>row.html}}{{/rows}}"
		   "</ul>\n{{>layout_bottom.html}}"),
	{NULL, NULL, 0},
};

static void partials_render_with_the_current_context(void **state)
{
	char err[256] = "";
	struct buf out = BUF_INIT(0);
	struct view *v = view_new(), *row;

	(void)state;
	assert_int_equal(tpl_init(layout_set, err, sizeof(err)), 0);
	view_set(v, "title", "Deltagere & hold");
	row = view_add(v, "rows");
	view_set(row, "id", "1/2");
	view_set(row, "name", "Ørestad");
	assert_int_equal(tpl_render(&out, "page.html", v), 0);
	assert_string_equal(out.data,
			    "<!DOCTYPE html>\n<html lang=\"da\"><head><title>"
			    "Deltagere &amp; hold</title></head><body>\n"
			    "<ul><li><a href=\"/p/1%2F2\">Ørestad</a></li></ul>"
			    "\n</body></html>\n");
	buf_reset(&out);
	assert_int_equal(tpl_render(&out, "nope.html", v), -1);
	view_free(v);
	buf_free(&out);
	tpl_shutdown();
}

static void compiled_template_uses_loaded_partials(void **state)
{
	char err[256] = "";
	char *got;
	struct view *v = view_new();

	(void)state;
	assert_int_equal(tpl_init(layout_set, err, sizeof(err)), 0);
	view_set(v, "title", "T");
	got = render_src("{{>layout_top.html}}x{{>layout_bottom.html}}", v);
	assert_string_equal(got, "<!DOCTYPE html>\n<html lang=\"da\"><head>"
				 "<title>T</title></head><body>\nx"
				 "</body></html>\n");
	free(got);
	view_free(v);
	tpl_shutdown();
}

static void render_fails_when_output_is_full(void **state)
{
	char err[256] = "";
	struct buf out = BUF_INIT(16);

	(void)state;
	assert_int_equal(tpl_init(layout_set, err, sizeof(err)), 0);
	assert_int_equal(tpl_render(&out, "page.html", NULL), -1);
	assert_true(buf_failed(&out));
	buf_free(&out);
	tpl_shutdown();
}

struct render_job {
	const struct view *v;
	const char *want;
	int mismatches;
};

static void *render_many(void *arg)
{
	struct render_job *job = arg;
	struct buf out;
	int i;

	/* buf_free, not buf_reset: resetting an empty buffer writes its shared
	 * static "" (a race between threads). */
	for (i = 0; i < 300; i++) {
		buf_init(&out, 0);
		if (tpl_render(&out, "page.html", job->v) != 0 ||
		    strcmp(out.data, job->want) != 0)
			job->mismatches++;
		buf_free(&out);
	}
	return NULL;
}

static void threads_render_the_same_bytes_at_once(void **state)
{
	char err[256] = "";
	struct buf want;
	struct view *v = view_new(), *row;
	struct render_job jobs[4];
	pthread_t tid[4];
	int i;

	(void)state;
	buf_init(&want, 0);
	assert_int_equal(tpl_init(layout_set, err, sizeof(err)), 0);
	view_set(v, "title", "Fremmøde");
	for (i = 0; i < 100; i++) {
		row = view_add(v, "rows");
		view_set_int(row, "id", i);
		view_setf(row, "name", "Deltager \"%d\"", i);
	}
	assert_int_equal(tpl_render(&want, "page.html", v), 0);
	for (i = 0; i < 4; i++) {
		jobs[i] = (struct render_job){v, want.data, 0};
		assert_int_equal(
			pthread_create(&tid[i], NULL, render_many, &jobs[i]),
			0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(tid[i], NULL), 0);
		assert_int_equal(jobs[i].mismatches, 0);
	}
	buf_free(&want);
	view_free(v);
	tpl_shutdown();
}

static const struct embed_file cycle_set[] = {
	FILE_ENTRY("a.html", "a{{>b.html}}"),
	FILE_ENTRY("b.html", "b\n{{>c.html}}"),
	FILE_ENTRY("c.html", "c\n\n{{>a.html}}"),
	{NULL, NULL, 0},
};

static const struct embed_file self_set[] = {
	FILE_ENTRY("self.html", "x\n{{#a}}{{>self.html}}{{/a}}"),
	{NULL, NULL, 0},
};

static const struct embed_file deep_set[] = {
	FILE_ENTRY("d1.html", "{{>d2.html}}"),
	FILE_ENTRY("d2.html", "{{>d3.html}}"),
	FILE_ENTRY("d3.html", "{{>d4.html}}"),
	FILE_ENTRY("d4.html", "{{>d5.html}}"),
	FILE_ENTRY("d5.html", "{{>d6.html}}"),
	FILE_ENTRY("d6.html", "{{>d7.html}}"),
	FILE_ENTRY("d7.html", "{{>d8.html}}"),
	FILE_ENTRY("d8.html", "{{>d9.html}}"),
	FILE_ENTRY("d9.html", "deep"),
	{NULL, NULL, 0},
};

static const struct embed_file broken_set[] = {
	FILE_ENTRY("ok.html", "fine"),
	FILE_ENTRY("broken.html", "<p>\n<p>\n<a href={{u}}>"),
	{NULL, NULL, 0},
};

struct init_case {
	const char *name;
	const struct embed_file *set;
	const char *want; /* the start of the message */
};

static const struct init_case init_cases[] = {
	{"cycle through three templates", cycle_set,
	 "c.html:3: {{>a.html}} includes itself"},
	{"template including itself", self_set,
	 "self.html:2: {{>self.html}} includes itself"},
	{"nine levels of partials", deep_set,
	 "d1.html:1: {{>d2.html}} nests partials deeper than 8"},
	{"one broken template among good ones", broken_set,
	 "broken.html:3: {{u}}: placeholder in an unquoted"},
};

static void init_rejects_bad_sets_naming_the_line(void **state)
{
	char err[256];
	struct buf out = BUF_INIT(0);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(init_cases) / sizeof(init_cases[0]); i++) {
		err[0] = '\0';
		if (tpl_init(init_cases[i].set, err, sizeof(err)) != -1)
			fail_msg("%s: accepted", init_cases[i].name);
		if (strncmp(err, init_cases[i].want,
			    strlen(init_cases[i].want)) != 0)
			fail_msg("%s: message \"%s\", want \"%s\"",
				 init_cases[i].name, err, init_cases[i].want);
		/* A failed init leaves nothing loaded. */
		assert_int_equal(tpl_render(&out, "ok.html", NULL), -1);
	}
	buf_free(&out);
}

/* {{#s}} n times, "x", then the closes, all inside <p>. */
static char *nested_sections(int n)
{
	struct buf b = BUF_INIT(0);
	int i;

	buf_puts(&b, "<p>");
	for (i = 0; i < n; i++)
		buf_printf(&b, "{{#s%d}}", i);
	buf_puts(&b, "{{v}}");
	for (i = n - 1; i >= 0; i--)
		buf_printf(&b, "{{/s%d}}", i);
	buf_puts(&b, "</p>");
	return buf_detach(&b, NULL);
}

static void sixteen_nested_sections_compile_and_render(void **state)
{
	struct view *v = view_new(), *item = v;
	char name[16], *src = nested_sections(TPL_MAX_NEST), *html;
	int i;

	(void)state;
	assert_int_equal(TPL_MAX_NEST, 16);
	/* Each level a list of one item, the innermost holding v. */
	for (i = 0; i < TPL_MAX_NEST; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		item = view_add(item, name);
	}
	view_set(item, "v", "<dybt>");
	assert_false(view_failed(v));
	html = render_src(src, v);
	assert_string_equal(html, "<p>&lt;dybt&gt;</p>");
	free(html);
	free(src);
	view_free(v);
}

static void seventeen_nested_sections_are_refused(void **state)
{
	char err[256] = "", *src;
	struct tpl *t;

	(void)state;
	src = nested_sections(TPL_MAX_NEST + 1);
	t = tpl_compile("deep.html", src, strlen(src), err, sizeof(err));
	assert_null(t);
	assert_string_equal(err, "deep.html:1: sections nested deeper than 16");
	free(src);
	/* A thousand open sections stop at the 17th, never closed or not. */
	src = nested_sections(1000);
	src[strlen(src) / 2] = '\0';
	t = tpl_compile("deep.html", src, strlen(src), err, sizeof(err));
	assert_null(t);
	assert_string_equal(err, "deep.html:1: sections nested deeper than 16");
	free(src);
}

static void eight_levels_of_partials_render(void **state)
{
	char err[256] = "";
	struct buf out = BUF_INIT(0);

	(void)state;
	assert_int_equal(tpl_init(deep_set + 1, err, sizeof(err)), 0);
	assert_int_equal(tpl_render(&out, "d2.html", NULL), 0);
	assert_string_equal(out.data, "deep");
	buf_free(&out);
	tpl_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_match_table),
		cmocka_unit_test(escapes_fail_when_buffer_is_full),
		cmocka_unit_test(render_cases_produce_exact_bytes),
		cmocka_unit_test(compile_rejects_unsafe_templates),
		cmocka_unit_test(sections_iterate_lists_with_outward_lookup),
		cmocka_unit_test(inverted_renders_for_empty_list_only),
		cmocka_unit_test(list_of_a_thousand_items_renders_in_order),
		cmocka_unit_test(view_set_replaces_values_and_lists),
		cmocka_unit_test(view_add_turns_a_value_into_a_list),
		cmocka_unit_test(view_null_calls_fail_without_crashing),
		cmocka_unit_test(view_error_is_sticky_from_a_child),
		cmocka_unit_test(partials_render_with_the_current_context),
		cmocka_unit_test(compiled_template_uses_loaded_partials),
		cmocka_unit_test(render_fails_when_output_is_full),
		cmocka_unit_test(threads_render_the_same_bytes_at_once),
		cmocka_unit_test(init_rejects_bad_sets_naming_the_line),
		cmocka_unit_test(eight_levels_of_partials_render),
		cmocka_unit_test(sixteen_nested_sections_compile_and_render),
		cmocka_unit_test(seventeen_nested_sections_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
