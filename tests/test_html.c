/* test_html.c: the HTML document model: blocks, spans, white space,
 * links, and what is dropped. Each document is written out in a compact
 * form so that a table row can state the whole expected model. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dl.h"
#include "html.h"

/* One block per line: kind, then ">" per quote level, then "[depth.
 * number*]" for list blocks (* on the one carrying the marker), ":", and
 * the text with *bold*, _italic_, `code` and [text](url) marked. */
static void
dump_span(struct dl_buf *b, const struct html_doc *d,
    const struct html_block *blk, const struct html_span *sp)
{
	if (sp->flags & HTML_LINK)
		dl_buf_addc(b, '[');
	if (sp->flags & HTML_BOLD)
		dl_buf_addc(b, '*');
	if (sp->flags & HTML_ITALIC)
		dl_buf_addc(b, '_');
	if (sp->flags & HTML_CODE)
		dl_buf_addc(b, '`');
	dl_buf_add(b, blk->text + sp->off, sp->len);
	if (sp->flags & HTML_CODE)
		dl_buf_addc(b, '`');
	if (sp->flags & HTML_ITALIC)
		dl_buf_addc(b, '_');
	if (sp->flags & HTML_BOLD)
		dl_buf_addc(b, '*');
	if (sp->flags & HTML_LINK)
		dl_buf_addf(b, "](%s)", d->urls[sp->url]);
}

static char *
dump(const struct html_doc *d)
{
	static const char *const kinds[] = { "p", "h", "pre", "row", "img",
	    "hr" };
	struct dl_buf	 b;
	size_t		 i, j, at;
	int		 q;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (i = 0; i < d->nblocks; i++) {
		const struct html_block *blk = &d->blocks[i];

		if (i > 0)
			dl_buf_addc(&b, '\n');
		dl_buf_adds(&b, kinds[blk->kind]);
		if (blk->kind == HTML_HEADING)
			dl_buf_addf(&b, "%d", blk->level);
		for (q = 0; q < blk->quote; q++)
			dl_buf_addc(&b, '>');
		if (blk->list > 0)
			dl_buf_addf(&b, "[%d.%d%s]", blk->list, blk->number,
			    blk->marker ? "*" : "");
		dl_buf_addc(&b, ':');
		at = 0;
		for (j = 0; j < blk->nspans; j++) {
			const struct html_span *sp = &blk->spans[j];

			assert_int_equal(sp->off, at);
			assert_true(sp->len > 0);
			at += sp->len;
			dump_span(&b, d, blk, sp);
		}
		assert_int_equal(at, blk->len);
		assert_int_equal(strlen(blk->text), blk->len);
		if (blk->nspans == 0)
			dl_buf_adds(&b, blk->text);
	}
	return dl_buf_take(&b);
}

struct html_case {
	const char	*in;
	const char	*want;
	const char	*why;
};

static const struct html_case html_cases[] = {
	{ "", "", "empty document" },
	{ "plain text", "p:plain text", "loose text is a paragraph" },
	{ "<p>one</p><p>two</p>", "p:one\np:two", "two paragraphs" },
	{ "<p>  a \t\n  b  </p>", "p:a b", "white space collapsed, trimmed" },
	{ "<p>a <b> b </b> c</p>", "p:a *b* c",
	    "space across element edges collapses once" },
	{ "<p>x<b>y</b>z</p>", "p:x*y*z", "no space invented" },
	{ "<p><b>bold</b> <i>it</i> <code>c()</code></p>",
	    "p:*bold* _it_ `c()`", "span styles" },
	{ "<p><strong><em>both</em></strong></p>", "p:*_both_*",
	    "nested styles combine" },
	{ "<p>a<br>b<br/>c</p>", "p:a\nb\nc", "br breaks inside the block" },
	{ "<p>a <br> b</p>", "p:a\nb", "spaces around br dropped" },
	{ "<p><br>a<br><br><br><br>b<br></p>", "p:a\n\nb",
	    "leading, trailing and repeated br" },
	{ "<p>Tom &amp; Jerry &lt;3 &eacute;&#x4e2d;&nbsp;x</p>",
	    "p:Tom & Jerry <3 \xc3\xa9\xe4\xb8\xad\xc2\xa0x",
	    "entities decoded, nbsp kept" },
	{ "<h1>Title</h1><h3>Sub</h3>text", "h1:Title\nh3:Sub\np:text",
	    "headings with levels" },
	{ "<h2>a <a href=\"/x\">link</a></h2>", "h2:a [link](/x)",
	    "link inside heading, no base: kept as written" },
	{ "<script>alert(1)</script><style>p{}</style><p>ok</p>",
	    "p:ok", "script and style dropped" },
	{ "<p>a</p><noscript>no js</noscript><template><p>t</p></template>x",
	    "p:a\np:x", "noscript and template dropped" },
	{ "<form><label>Name</label><input value=v><button>Go</button>"
	    "<select><option>o</option></select><textarea>t</textarea>"
	    "</form><p>ok</p>", "p:ok", "form controls dropped" },
	{ "<form id=aspnetForm><div><p>story</p></div></form>", "p:story",
	    "a form wrapping the whole page keeps its text" },
	{ "<iframe src=x>frame</iframe><svg><text>s</text></svg>a",
	    "p:a", "iframe and svg dropped" },
	{ "<p>Area <math><semantics><mrow><mi>\xcf\x80</mi><msup><mi>r"
	    "</mi><mn>2</mn></msup></mrow><annotation encoding=\"application/"
	    "x-tex\">\\pi r^2</annotation></semantics></math>, root <math>"
	    "<msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt></math>, half "
	    "<math><mfrac><mrow><mi>n</mi><mo>+</mo><mn>1</mn></mrow><mn>2"
	    "</mn></mfrac></math>.</p>",
	    "p:Area \xcf\x80r^2, root \xe2\x88\x9a(x+1), half (n+1)/2.",
	    "MathML as a line, without its TeX annotation" },
	{ "<p hidden>h</p><p aria-hidden=\"true\">a</p>"
	    "<div style=\"color:red; display : none\">d</div>"
	    "<p aria-hidden=\"false\">shown</p>",
	    "p:shown", "hidden, aria-hidden, display:none" },
	{ "<span style=\"visibility:hidden\">v</span>x", "p:x",
	    "visibility hidden" },
	{ "<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>",
	    "p[1.0*]:a\np[1.0*]:b\np[2.0*]:c", "nested bullets" },
	{ "<ol start=\"3\"><li>x</li><li value=\"7\">y</li><li>z</li></ol>",
	    "p[1.3*]:x\np[1.7*]:y\np[1.8*]:z", "ordered, start and value" },
	{ "<ol><li><p>one</p><p>more</p></li><li></li><li>3</li></ol>",
	    "p[1.1*]:one\np[1.1]:more\np[1.3*]:3",
	    "item paragraphs; an empty item still counts" },
	{ "<blockquote><p>q</p><blockquote>qq</blockquote></blockquote>",
	    "p>:q\np>>:qq", "quote depth" },
	{ "<pre>  a  b\n\tc\n</pre>", "pre:  a  b\n\tc",
	    "pre keeps spacing; trailing newline trimmed" },
	{ "<pre><code>x &lt; y</code></pre>", "pre:`x < y`",
	    "code inside pre" },
	{ "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td> 2 </td>"
	    "</tr></table>",
	    "row:*A* \xe2\x94\x82 *B*\nrow:1 \xe2\x94\x82 2",
	    "table rows, header cells bold" },
	{ "<table><tr><td><p>layout</p><p>cell</p></td></tr></table>",
	    "p:layout\np:cell", "a cell with paragraphs is a container" },
	{ "<table><tr><td><div>a</div><div>b</div></td><td>c</td></tr>"
	    "</table>", "row:a b \xe2\x94\x82 c", "divs in a row cell" },
	{ "<img src=a.png alt=\"A cat\"><p>text</p>", "img:A cat\np:text",
	    "image alone is a placeholder" },
	{ "<p>I <img alt=\"love\" src=h.png> it</p>", "p:I love it",
	    "inline image reads as its alt" },
	{ "<img src=a.png>", "img:", "no alt: placeholder without text" },
	{ "<img src=a.png alt=\"\"><img src=t.gif alt=t width=1>x",
	    "p:x", "decorative and tracking images dropped" },
	{ "a<hr>b", "p:a\nhr:\np:b", "rule" },
	{ "<div>a<div>b</div>c</div>", "p:a\np:b\np:c",
	    "nested blocks split text" },
	{ "<dl><dt>term</dt><dd>def</dd></dl>", "p:*term*\np[1.0]:def",
	    "definition list" },
	{ "\xe6\x97\xa5\xe6\x9c\xac\n\xe8\xaa\x9e \xe6\x97\xa5",
	    "p:\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe6\x97\xa5",
	    "newline between CJK characters is no space" },
	{ "\xed\x95\x9c\n\xea\xb5\xad", "p:\xed\x95\x9c \xea\xb5\xad",
	    "newline between Hangul is a space" },
	{ "\xe6\x97\xa5\n\xef\xb8\x99", "p:\xe6\x97\xa5\xef\xb8\x99",
	    "newline before a wide vertical form (U+FE19) is no space" },
	{ "\xe3\x81\x82\n\xef\xbd\xa1", "p:\xe3\x81\x82\xef\xbd\xa1",
	    "newline before halfwidth punctuation is no space" },
	{ "<p>a<!-- c -->b</p>", "p:ab", "comment" },
	{ "<p>x&#27;[31my</p>", "p:x\x1b[31my",
	    "escapes kept here: render_ cleans them" },
	{ "<p>x\x1b[31my\x01</p>", "p:x\xef\xbf\xbd[31my\xef\xbf\xbd",
	    "gumbo itself turns raw controls into U+FFFD" },
};

static void
test_html_table(void **state)
{
	size_t		 i;
	struct html_doc	*d;
	char		*got;

	(void)state;
	for (i = 0; i < sizeof html_cases / sizeof html_cases[0]; i++) {
		const struct html_case *c = &html_cases[i];

		d = html_doc_parse(c->in, strlen(c->in), NULL);
		got = dump(d);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s:\n in: %s\nwant: %s\n got: %s", c->why,
			    c->in, c->want, got);
		free(got);
		html_doc_free(d);
	}
}

static const struct html_case link_cases[] = {
	{ "<a href=\"b.html\">rel</a>",
	    "p:[rel](https://ex.com/news/b.html)", "relative resolved" },
	{ "<a href=\"/top\">r</a> <a href=\"https://o.org/\">o</a>",
	    "p:[r](https://ex.com/top) [o](https://o.org/)",
	    "root-relative and absolute" },
	{ "<a href=\"#sec\">in page</a> <a href=\"javascript:x()\">js</a>",
	    "p:in page js", "anchors and script links are not links" },
	{ "<a>no href</a>", "p:no href", "a without href" },
	{ "<a href=x>link </a>next", "p:[link](https://ex.com/news/x) next",
	    "trailing space stays outside the link" },
	{ "<a href=x>a <b>b</b></a>",
	    "p:[a ](https://ex.com/news/x)[*b*](https://ex.com/news/x)",
	    "styles inside a link" },
};

static void
test_html_links(void **state)
{
	size_t		 i;
	struct html_doc	*d;
	char		*got;

	(void)state;
	for (i = 0; i < sizeof link_cases / sizeof link_cases[0]; i++) {
		const struct html_case *c = &link_cases[i];

		d = html_doc_parse(c->in, strlen(c->in),
		    "https://ex.com/news/a.html");
		got = dump(d);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s:\n in: %s\nwant: %s\n got: %s", c->why,
			    c->in, c->want, got);
		free(got);
		html_doc_free(d);
	}
}

/* The same target twice is one entry in urls, shared by both spans. */
static void
test_html_url_dedup(void **state)
{
	const char	*in = "<a href=/a>1</a> <a href=b>2</a> "
	    "<a href=\"https://ex.com/a\">3</a>";
	struct html_doc	*d;

	(void)state;
	d = html_doc_parse(in, strlen(in), "https://ex.com/x");
	assert_int_equal(d->nurls, 2);
	assert_string_equal(d->urls[0], "https://ex.com/a");
	assert_string_equal(d->urls[1], "https://ex.com/b");
	assert_int_equal(d->nblocks, 1);
	assert_int_equal(d->blocks[0].nspans, 5);
	assert_int_equal(d->blocks[0].spans[0].url, 0);
	assert_int_equal(d->blocks[0].spans[2].url, 1);
	assert_int_equal(d->blocks[0].spans[4].url, 0);
	html_doc_free(d);
}

/* Thousands of distinct links: the intern table grows and stays right. */
static void
test_html_many_urls(void **state)
{
	struct dl_buf	 b;
	struct html_doc	*d;
	size_t		 i;
	char		 want[64];

	(void)state;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (i = 0; i < 5000; i++)
		dl_buf_addf(&b, "<a href=\"/%zu\">x</a> <a href=\"/%zu\">y</a> ",
		    i, i / 2);
	d = html_doc_parse(b.data, b.len, "https://ex.com/");
	assert_int_equal(d->nurls, 5000);
	for (i = 0; i < 5000; i += 499) {
		snprintf(want, sizeof want, "https://ex.com/%zu", i);
		assert_int_equal(d->blocks[0].nspans, 4 * 5000 - 1);
		assert_string_equal(d->urls[d->blocks[0].spans[4 * i].url],
		    want);
	}
	html_doc_free(d);
	dl_buf_clear(&b);
}

/* extract_ builds a document from the subtree it chose. */
static void
test_html_from_node(void **state)
{
	const char	*in = "<html><head><title>T</title></head><body>"
	    "<nav>menu</nav><article><p>story <a href=s>x</a></p></article>"
	    "</body></html>";
	GumboOutput	*out;
	const GumboNode	*body, *article;
	struct html_doc	*d;
	char		*got;

	(void)state;
	out = gumbo_parse(in);
	body = out->root->v.element.children.data[1];
	article = body->v.element.children.data[1];
	assert_int_equal(article->v.element.tag, GUMBO_TAG_ARTICLE);
	d = html_doc_from_node(article, "https://ex.com/");
	got = dump(d);
	assert_string_equal(got, "p:story [x](https://ex.com/s)");
	free(got);
	html_doc_free(d);
	d = html_doc_from_node(out->document, NULL);
	got = dump(d);
	assert_string_equal(got, "p:menu\np:story [x](s)");
	free(got);
	html_doc_free(d);
	gumbo_destroy_output(&kGumboDefaultOptions, out);
}

/* Nesting past the walk's limit is cut, not a stack overflow. */
static void
test_html_deep(void **state)
{
	struct dl_buf	 b;
	struct html_doc	*d;
	size_t		 i;

	(void)state;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "<p>top</p>");
	for (i = 0; i < 5000; i++)
		dl_buf_adds(&b, "<span>");
	dl_buf_adds(&b, "deep");
	d = html_doc_parse(b.data, b.len, NULL);
	assert_true(d->nblocks >= 1);
	assert_string_equal(d->blocks[0].text, "top");
	html_doc_free(d);
	dl_buf_clear(&b);
	d = html_doc_parse(NULL, 0, NULL);
	assert_int_equal(d->nblocks, 0);
	html_doc_free(d);
}

/* A copy of n repeats of unit, between head and tail. */
static char *
rep(const char *head, const char *unit, size_t n, const char *tail)
{
	struct dl_buf	 b;
	size_t		 i;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, head);
	for (i = 0; i < n; i++)
		dl_buf_adds(&b, unit);
	dl_buf_adds(&b, tail);
	return dl_buf_take(&b);
}

/* html_flatten: what nests as gumbo would stay untouched (NULL); past
 * 232 open elements (248 for paragraphs, items, links...) or 4 open
 * formatting elements, start tags go with their end tags; text stays. */
static void
test_html_flatten(void **state)
{
	static const struct {
		const char	*head, *unit;
		size_t		 n;
		const char	*tail;
		size_t		 keep;	/* units a flat copy holds, 0: NULL,
					 * SIZE_MAX: some left out */
	} t[] = {
		{ "<div><p>a<b>b</b></p><ul>", "<li>x<span>y", 1000, "</ul>",
		    0 },	/* items end each other */
		{ "", "<p>x<em>y</em>", 5000, "", 0 },
		{ "<ul>", "<li><div>x", 1000, "</ul>", 0 },
		{ "<dl>", "<dt><div>x<dd><p>y", 1000, "</dl>", 0 },
		{ "<table>", "<tr><td>x", 2000, "</table>", 0 },
		{ "", "<div>", 200, "x", 0 },
		{ "", "<div>", 300, "x", 232 },
		{ "", "<p><b>", 3, "x", 0 },
		{ "<p>", "<b>", 6, "x", 4 },
		{ "", "<span><div></span>", 300, "x", SIZE_MAX },
	};
	char	*in, *out, *want;
	size_t	 i, len, olen;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		in = rep(t[i].head, t[i].unit, t[i].n, t[i].tail);
		len = strlen(in);
		out = html_flatten(in, len, &olen);
		if (t[i].keep == 0)
			assert_null(out);
		else {
			assert_non_null(out);
			assert_true(olen < len);
			assert_int_equal(out[olen - 1], 'x');
		}
		if (t[i].keep != 0 && t[i].keep != SIZE_MAX) {
			want = rep(t[i].head, t[i].unit, t[i].keep, t[i].tail);
			assert_int_equal(olen, strlen(want));
			assert_memory_equal(out, want, olen);
			free(want);
		}
		free(out);
		free(in);
	}
}

/* html_flatten cuts tags as the tokenizer does (html_scan_token): a
 * quote in an attribute's name or a bare value quotes nothing, and raw
 * text ends only at its own end tag; so a tag left out takes no text with
 * it. Past 4 open formatting elements, the <i> tags go. */
static void
test_html_flatten_tokens(void **state)
{
	static const struct {
		const char	*in, *want;
	} t[] = {
		{ "<p><b><b><b><b><i a'b>text</i><i title='q'>more",
		    "<p><b><b><b><b>textmore" },
		{ "<p><b><b><b><b><i title=it's>one</i><i>two'",
		    "<p><b><b><b><b>onetwo'" },
		{ "<p><b><b><b><b><script>x</scripty><i>y</script>z<i>w",
		    "<p><b><b><b><b><script>x</scripty><i>y</script>zw" },
	};
	char	*out;
	size_t	 i, olen;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		out = html_flatten(t[i].in, strlen(t[i].in), &olen);
		assert_non_null(out);
		assert_int_equal(olen, strlen(t[i].want));
		assert_memory_equal(out, t[i].want, olen);
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_table),
		cmocka_unit_test(test_html_links),
		cmocka_unit_test(test_html_url_dedup),
		cmocka_unit_test(test_html_many_urls),
		cmocka_unit_test(test_html_from_node),
		cmocka_unit_test(test_html_deep),
		cmocka_unit_test(test_html_flatten),
		cmocka_unit_test(test_html_flatten_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
