/* test_feed_text.c: the feed_ module's text helpers (HTML to plain text,
 * the HTML sniff, escaping, entities) and the JSON Feed reader. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>


#include "date.h"
#include "feed/feed_int.h"

struct text_case {
	const char	*in;
	const char	*want;
	const char	*why;
};

static const struct text_case plain_cases[] = {
	{ "Hello, world", "Hello, world", "plain text unchanged" },
	{ "", "", "empty" },
	{ "  \t\n  ", "", "only white space" },
	{ "  a \t\r\n b  ", "a b", "white space collapsed and trimmed" },
	{ "<b>bold</b> text", "bold text", "inline tags removed" },
	{ "<p>one</p><p>two</p>", "one two", "block tags read as space" },
	{ "a<br>b<br/>c<BR />d", "a b c d", "br in every spelling" },
	{ "<ul><li>x</li><li>y</li></ul>", "x y", "list items" },
	{ "<h2>Head</h2>Body", "Head Body", "heading is a block" },
	{ "<b><i>deep</i></b>er", "deeper", "nested inline tags join" },
	{ "<a href=\"/x?a=1&amp;b=2\" title='a>b'>link</a>", "link",
	    "quoted '>' inside an attribute" },
	{ "<img src=x.png alt=\"pic\"/>after", "after", "void element" },
	{ "a<!-- hidden <b>x</b> -->b", "ab", "comment with markup inside" },
	{ "a<!-- never closed", "a", "unclosed comment drops the rest" },
	{ "<![CDATA[x < y & z]]>", "x < y & z", "CDATA content taken as is" },
	{ "<![CDATA[<b>&amp;</b>]]>", "<b>&amp;</b>",
	    "no markup or references inside CDATA" },
	{ "a<script>var x = '<p>';</script>b", "ab", "script content gone" },
	{ "a<style type=\"text/css\">p{}</style >b", "ab",
	    "style content gone, end tag with space" },
	{ "a<SCRIPT>x</Script>b", "ab", "script in any case" },
	{ "a<script>never closed", "a", "unclosed script drops the rest" },
	{ "x<?xml-stylesheet href=\"a\"?>y", "xy", "processing instruction" },
	{ "<!DOCTYPE html>text", "text", "declaration" },
	{ "a < b and c > d", "a < b and c > d", "comparison is not a tag" },
	{ "I <3 you", "I <3 you", "'<' before a digit" },
	{ "if a<b then", "if a<b then", "tag never closed is text" },
	{ "1 </ 2", "1 </ 2", "'</' before a space" },
	{ "Tom &amp; Jerry", "Tom & Jerry", "amp" },
	{ "&lt;b&gt;", "<b>", "escaped markup stays text" },
	{ "caf&eacute; &mdash; &hellip;",
	    "caf\xc3\xa9 \xe2\x80\x94 \xe2\x80\xa6", "XHTML names" },
	{ "&lpar;x&rpar;&comma;&Hat;", "(x),^", "HTML5 extras" },
	{ "&#233;&#xE9;&#Xe9;", "\xc3\xa9\xc3\xa9\xc3\xa9",
	    "decimal and hex references" },
	{ "&#x1F600;", "\xf0\x9f\x98\x80", "astral code point" },
	{ "&#39;quoted&#39", "'quoted'", "numeric without ';'" },
	{ "&#0;", "\xef\xbf\xbd", "NUL becomes U+FFFD" },
	{ "&#xD800;", "\xef\xbf\xbd", "surrogate becomes U+FFFD" },
	{ "&#x110000;&#99999999999;", "\xef\xbf\xbd\xef\xbf\xbd",
	    "past U+10FFFF, and overflowing" },
	{ "a&#1;b&#x7f;c", "abc", "numeric C0 control and DEL dropped" },
	{ "it&#146;s &#150; ok", "it\xe2\x80\x99s \xe2\x80\x93 ok",
	    "0x80-0x9F read as windows-1252" },
	{ "a&#129;b", "ab", "undefined windows-1252 slot is a C1 control" },
	{ "a\x01" "b\x7f" "c\xc2\x81" "d", "abcd", "raw controls dropped" },
	{ "don\xc2\x92t \xc2\x96 ok\xc2\x9d", "don\xe2\x80\x99t \xe2\x80\x93 ok",
	  "C1 as expat decodes &#146;: read as windows-1252, else dropped" },
	{ "&#10;a&#9;&#32;b&#13;", "a b", "numeric white space collapses" },
	{ "&foo; &NotAnEntity;", "&foo; &NotAnEntity;", "unknown names kept" },
	{ "AT&T & co", "AT&T & co", "bare '&'" },
	{ "&amp", "&amp", "named without ';' kept" },
	{ "&#;&#x;", "&#;&#x;", "numeric without digits kept" },
	{ "&AMP;&LT;", "&<", "upper-case HTML5 names" },
	{ "a&nbsp;b", "a\xc2\xa0" "b", "no-break space kept inside" },
	{ "&nbsp; a &nbsp;", "a", "no-break space trimmed at the ends" },
	{ "\xc2\xa0\xc2\xa0x\xc2\xa0", "x", "raw no-break space trimmed" },
	{ "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xe6\x97\xa5\xe6\x9c\xac "
	    "\xe4\xb8\xad\xe6\x96\x87",
	    "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xe6\x97\xa5\xe6\x9c\xac "
	    "\xe4\xb8\xad\xe6\x96\x87", "CJK passes through" },
	{ "<p>\xe6\x9d\xb1\xe4\xba\xac&nbsp;\xe3\x83\x8b\xe3\x83\xa5\xe3\x83"
	    "\xbc\xe3\x82\xb9</p>",
	    "\xe6\x9d\xb1\xe4\xba\xac\xc2\xa0\xe3\x83\x8b\xe3\x83\xa5\xe3\x83"
	    "\xbc\xe3\x82\xb9", "CJK in markup" },
	{ "\xe3\x80\x80x\xe3\x80\x80", "\xe3\x80\x80x\xe3\x80\x80",
	    "ideographic space is text" },
	{ "<", "<", "lone '<' at the end" },
	{ "&", "&", "lone '&' at the end" },
	{ "<p", "<p", "tag cut off" },
	{ "<a title=\"unclosed>x</a>y", "xy",
	    "unclosed quote: the tag ends at the first '>'" },
	{ "<td>a</td><td>b</td>", "a b", "table cells apart" },
	{ "x<span>y</span>z", "xyz", "span is inline" },
};

static void
test_plain(void **state)
{
	const struct text_case	*c;
	char			*got;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof plain_cases / sizeof plain_cases[0]; i++) {
		c = &plain_cases[i];
		got = feed_text_plain(c->in, strlen(c->in));
		if (strcmp(got, c->want) != 0)
			fail_msg("plain row %zu (%s): got \"%s\", want \"%s\"",
			    i, c->why, got, c->want);
		free(got);
	}
}

/* The length is honoured: no reading past n, NUL bytes are controls. */
static void
test_plain_length(void **state)
{
	char	*got;

	(void)state;
	got = feed_text_plain("ab<p>cd", 3);
	assert_string_equal(got, "ab<");
	free(got);
	got = feed_text_plain("a\0b", 3);
	assert_string_equal(got, "ab");
	free(got);
	got = feed_text_plain("&amp;", 4);
	assert_string_equal(got, "&amp");
	free(got);
	got = feed_text_plain("&#65;", 4);
	assert_string_equal(got, "A");
	free(got);
}

/* Pathological inputs stay linear: a second would mean quadratic. */
static void
test_plain_big(void **state)
{
	static const char *const units[] = { "<a x='>", "<b <", "&#", "<!",
	    "<p", "<a x=\"y\" " };
	size_t	 i, j, n = 4u << 20, ulen;
	char	*buf, *got;

	(void)state;
	buf = malloc(n + 1);
	assert_non_null(buf);
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		ulen = strlen(units[i]);
		for (j = 0; j + ulen <= n; j += ulen)
			memcpy(buf + j, units[i], ulen);
		buf[j] = '>';
		got = feed_text_plain(buf, j + 1);
		assert_true(strlen(got) <= j + 1);
		free(got);
		assert_in_range(feed_text_looks_html(buf, j + 1), 0, 1);
	}
	free(buf);
}

struct html_case {
	const char	*in;
	int		 want;
	const char	*why;
};

static const struct html_case html_cases[] = {
	{ "<p>para</p>", 1, "paragraph" },
	{ "line<br/>next", 1, "self-closing br" },
	{ "a<br>b", 1, "br" },
	{ "see </a> here", 1, "end tag alone" },
	{ "<img src=\"x.png\">", 1, "img with attributes" },
	{ "<DIV CLASS=x>y</DIV>", 1, "upper case" },
	{ "Tom &amp; Jerry", 1, "amp reference" },
	{ "it&#39;s", 1, "decimal reference" },
	{ "it&#x27;s", 1, "hex reference" },
	{ "caf&eacute;", 1, "named reference" },
	{ "x<!-- c -->", 1, "comment" },
	{ "<a\nhref=\"u\">t</a>", 1, "newline after the name" },
	{ "a < b and c > d", 0, "comparisons" },
	{ "I <3 you", 0, "heart" },
	{ "AT&T", 0, "bare ampersand" },
	{ "fish & chips", 0, "spaced ampersand" },
	{ "&foo; bar", 0, "unknown name" },
	{ "&#39 no semicolon", 0, "numeric without ';'" },
	{ "<foo>bar</foo>", 0, "unknown element" },
	{ "use <p", 0, "cut off tag" },
	{ "x <b and nothing closes", 0, "known name, no '>' later" },
	{ "", 0, "empty" },
	{ "\xed\x95\x9c\xea\xb5\xad \xe6\x97\xa5\xe6\x9c\xac", 0, "CJK" },
	{ "2 <= 3 >= 1", 0, "operators" },
};

static void
test_looks_html(void **state)
{
	const struct html_case	*c;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof html_cases / sizeof html_cases[0]; i++) {
		c = &html_cases[i];
		if (feed_text_looks_html(c->in, strlen(c->in)) != c->want)
			fail_msg("looks_html row %zu (%s): \"%s\" want %d", i,
			    c->why, c->in, c->want);
	}
}

static const struct text_case escape_cases[] = {
	{ "plain", "plain", "nothing to do" },
	{ "a & b < c > d \"e\" 'f'",
	    "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'",
	    "the four escapes" },
	{ "a\nb", "a<br>b", "one newline" },
	{ "a\r\nb\rc", "a<br>b<br>c", "CRLF and CR" },
	{ "a\n\nb", "<p>a</p><p>b</p>", "blank line makes paragraphs" },
	{ "a\r\n\r\nb\n \t\n\nc", "<p>a</p><p>b</p><p>c</p>",
	    "CRLF blank line; blank with spaces" },
	{ "\n\n  a  \n\n", "a", "trimmed, single paragraph" },
	{ "a   \t b", "a b", "spaces run to one" },
	{ "a \n b", "a<br>b", "spaces around a newline" },
	{ "a\x01\x7f" "b\xc2\x81", "ab", "controls dropped" },
	{ "it\xc2\x92s\xc2\x8d", "it\xe2\x80\x99s",
	  "C1 read as windows-1252 where it has a character" },
	{ "\xe4\xb8\xad\xe6\x96\x87 & \xc2\xa0x",
	    "\xe4\xb8\xad\xe6\x96\x87 &amp; \xc2\xa0x",
	    "CJK and no-break space kept" },
	{ "", "", "empty" },
	{ " \n ", "", "only white space" },
	{ "<b>x</b>", "&lt;b&gt;x&lt;/b&gt;", "markup is escaped" },
};

static void
test_escape(void **state)
{
	const struct text_case	*c;
	struct dl_buf		 b;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof escape_cases / sizeof escape_cases[0]; i++) {
		c = &escape_cases[i];
		dl_buf_init(&b, 1024);
		dl_buf_adds(&b, "[");
		assert_int_equal(feed_text_escape_html(c->in, strlen(c->in),
		    &b), 0);
		dl_buf_adds(&b, "]");
		if (strncmp(dl_buf_str(&b) + 1, c->want,
		    strlen(c->want)) != 0 ||
		    strcmp(dl_buf_str(&b) + 1 + strlen(c->want), "]") != 0)
			fail_msg("escape row %zu (%s): got %s, want [%s]", i,
			    c->why, dl_buf_str(&b), c->want);
		dl_buf_clear(&b);
	}
}

/* Over the cap: -1 and the buffer as it was, even mid-paragraph. */
static void
test_escape_cap(void **state)
{
	struct dl_buf	 b;
	const char	*in = "first\n\nsecond & third";

	(void)state;
	dl_buf_init(&b, 20);
	dl_buf_adds(&b, "keep");
	assert_int_equal(feed_text_escape_html(in, strlen(in), &b), -1);
	assert_string_equal(dl_buf_str(&b), "keep");
	assert_int_equal(b.len, 4);
	assert_int_equal(feed_text_escape_html("ok", 2, &b), 0);
	assert_string_equal(dl_buf_str(&b), "keepok");
	dl_buf_clear(&b);
}

static const struct text_case collapse_cases[] = {
	{ "  a  b  ", "a b", "ends and middle" },
	{ "a\t\n\r\f\vb", "a b", "every ASCII space" },
	{ "", "", "empty" },
	{ " \n ", "", "only spaces" },
	{ "a\xc2\xa0 b", "a\xc2\xa0 b", "no-break space untouched" },
	{ "abc", "abc", "nothing to do" },
};

static void
test_collapse(void **state)
{
	const struct text_case	*c;
	char			*s;
	size_t			 i, len;

	(void)state;
	for (i = 0; i < sizeof collapse_cases / sizeof collapse_cases[0];
	    i++) {
		c = &collapse_cases[i];
		s = strdup(c->in);
		assert_non_null(s);
		len = feed_text_collapse(s);
		if (strcmp(s, c->want) != 0 || len != strlen(c->want))
			fail_msg("collapse row %zu (%s): got \"%s\"", i, c->why,
			    s);
		free(s);
	}
}

static const struct text_case entity_cases[] = {
	{ "nbsp", "\xc2\xa0", "lat1 first entity" },
	{ "yuml", "\xc3\xbf", "lat1 last entity" },
	{ "Alpha", "\xce\x91", "symbol, capital" },
	{ "alpha", "\xce\xb1", "symbol, small: names are case-sensitive" },
	{ "diams", "\xe2\x99\xa6", "symbol" },
	{ "euro", "\xe2\x82\xac", "special" },
	{ "rsquo", "\xe2\x80\x99", "special" },
	{ "apos", "'", "apos" },
	{ "quot", "\"", "quot" },
	{ "AElig", "\xc3\x86", "first in byte order" },
	{ "zwnj", "\xe2\x80\x8c", "last in byte order" },
	{ "NewLine", "\n", "HTML5 extra" },
	{ "Hat", "^", "HTML5 extra" },
	{ "hellip", "\xe2\x80\xa6", "XHTML, not an extra" },
};

static void
test_entity_lookup(void **state)
{
	const struct text_case	*c;
	const char		*v;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof entity_cases / sizeof entity_cases[0]; i++) {
		c = &entity_cases[i];
		v = feed_entity_lookup(c->in, strlen(c->in));
		if (v == NULL || strcmp(v, c->want) != 0)
			fail_msg("entity row %zu (%s): %s", i, c->why, c->in);
	}
	assert_null(feed_entity_lookup("nbs", 3));
	assert_null(feed_entity_lookup("nbspx", 5));
	assert_null(feed_entity_lookup("NBSP", 4));
	assert_null(feed_entity_lookup("", 0));
	assert_null(feed_entity_lookup("a\0", 2));
	assert_string_equal(feed_entity_lookup("nbsp;", 4), "\xc2\xa0");
	assert_null(feed_entity_lookup("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	    36));
}

/* Every XHTML name (253 of them) is in the table; a sample of the rarer
 * ones, from each of the three sets. test_feed's entity rows check that
 * they parse, with no DTD. */
static void
test_entity_xhtml_names(void **state)
{
	static const char *const sample[] = { "nbsp", "iexcl", "copy",
	    "thetasym", "upsih", "piv", "lang", "rang", "loz", "OElig",
	    "Scaron", "circ", "tilde", "ensp", "thinsp", "lrm", "rlm",
	    "sbquo", "bdquo", "permil", "lsaquo", "rsaquo", "image", "weierp",
	    "real", "alefsym", "crarr", "lArr", "hArr", "forall", "part",
	    "exist", "empty", "nabla", "isin", "notin", "prod", "sum",
	    "minus", "lowast", "radic", "prop", "infin", "ang", "and", "cap",
	    "cup", "int", "there4", "sim", "cong", "asymp", "equiv", "nsub",
	    "sube", "supe", "oplus", "otimes", "perp", "sdot", "lceil",
	    "rfloor", "sigmaf", "thorn" };
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof sample / sizeof sample[0]; i++)
		if (feed_entity_lookup(sample[i], strlen(sample[i])) == NULL)
			fail_msg("the table lacks %s", sample[i]);
	assert_string_equal(feed_entity_lookup("AMP", 3), "&");
	assert_string_equal(feed_entity_lookup("eacute", 6), "\xc3\xa9");
}

/* The JSON Feed reader, called directly with documents in memory. Each
 * item is flattened into one line of "field=value" text to compare. */
struct collect {
	int		 ninfo;
	size_t		 nitems_at_info;
	size_t		 nitems;
	char		*items[8];
	char		*info;
};

static void
collect_add(struct dl_buf *b, const char *key, const char *v)
{
	if (v != NULL)
		dl_buf_addf(b, "%s%s=%s", b->len > 0 ? " | " : "", key, v);
}

static void
collect_date(struct dl_buf *b, const char *key, int64_t t)
{
	char	 buf[DATE_RFC3339_SIZE];

	if (t != DATE_NONE && date_format_rfc3339(t, buf, sizeof buf) == 0)
		collect_add(b, key, buf);
}

static void
collect_info(void *ctx, const struct feed_info *fi)
{
	struct collect	*c = ctx;
	struct dl_buf	 b;

	dl_buf_init(&b, 65536);
	collect_add(&b, "format", feed_format_name(fi->format));
	collect_add(&b, "title", fi->title);
	collect_add(&b, "link", fi->link);
	collect_add(&b, "description", fi->description);
	collect_add(&b, "language", fi->language);
	collect_date(&b, "updated", fi->updated);
	free(c->info);
	c->info = dl_buf_take(&b);
	c->ninfo++;
	c->nitems_at_info = c->nitems;
}

static void
collect_item(void *ctx, const struct feed_item *it)
{
	struct collect	*c = ctx;
	struct dl_buf	 b;
	size_t		 i;

	dl_buf_init(&b, 65536);
	collect_add(&b, "id", it->id);
	collect_add(&b, "title", it->title);
	collect_add(&b, "link", it->link);
	collect_add(&b, "author", it->author);
	collect_date(&b, "published", it->published);
	collect_date(&b, "updated", it->updated);
	collect_add(&b, "summary", it->summary);
	collect_add(&b, "content", it->content);
	for (i = 0; i < it->ncategories; i++)
		collect_add(&b, "tag", it->categories[i]);
	for (i = 0; i < it->nenclosures; i++)
		dl_buf_addf(&b, " | enc=%s %s %lld", it->enclosures[i].url,
		    it->enclosures[i].type != NULL ? it->enclosures[i].type :
		    "-", (long long)it->enclosures[i].length);
	if (c->nitems < 8)
		c->items[c->nitems] = dl_buf_take(&b);
	else
		dl_buf_clear(&b);
	c->nitems++;
}

static void
collect_clear(struct collect *c)
{
	size_t	 i;

	for (i = 0; i < 8; i++)
		free(c->items[i]);
	free(c->info);
	memset(c, 0, sizeof *c);
}

static const struct feed_callbacks collect_cb = { collect_info, collect_item };

/* Parse doc and check the result, the error text, info and items. */
static void
json_check(const char *doc, const char *base, enum feed_result want_r,
    const char *want_err, const char *want_info, const char *const *want)
{
	struct collect		 c;
	struct feed_info	 fi;
	struct dl_err		 err;
	enum feed_result	 r;
	size_t			 count, i, nwant = 0;

	memset(&c, 0, sizeof c);
	memset(&fi, 0, sizeof fi);
	err.msg[0] = '\0';
	r = feed_json_parse(doc, strlen(doc), base, &collect_cb, &c, &fi,
	    &count, &err);
	if (r != want_r)
		fail_msg("result %d, want %d (%s)", r, want_r, err.msg);
	if (want_err != NULL)
		assert_string_equal(err.msg, want_err);
	while (want != NULL && want[nwant] != NULL)
		nwant++;
	assert_int_equal(count, nwant);
	assert_int_equal(c.nitems, nwant);
	if (want_info != NULL) {
		assert_int_equal(c.ninfo, 1);
		assert_int_equal(c.nitems_at_info, 0);
		assert_string_equal(c.info, want_info);
	} else
		assert_int_equal(c.ninfo, 0);
	for (i = 0; i < nwant; i++)
		assert_string_equal(c.items[i], want[i]);
	collect_clear(&c);
	feed_info_clear(&fi);
}

static void
test_json_10(void **state)
{
	const char *doc = "{\"version\": \"https://jsonfeed.org/version/1\","
	    "\"title\": \"My &amp; <b>Feed</b>\","
	    "\"home_page_url\": \"https://example.org/\","
	    "\"description\": \"About\\nthings\","
	    "\"author\": {\"name\": \"Feed Author\"},"
	    "\"items\": ["
	    "{\"id\": 42, \"url\": \"https://example.org/a\","
	    "\"title\": \"One\\u0007 \\t two\","
	    "\"content_text\": \"x < y\\n\\nand & so\","
	    "\"summary\": \"short <sum>\","
	    "\"date_published\": \"2023-09-22T14:48:21+09:00\","
	    "\"author\": {\"name\": \"Kim\", \"url\": \"https://k\"}},"
	    "{\"id\": \"b\", \"content_html\": \"<p>hi</p>\","
	    "\"content_text\": \"ignored\","
	    "\"date_modified\": \"not a date\"}"
	    "]}";
	static const char *const want[] = {
	    "id=42 | title=One two | link=https://example.org/a | "
	    "author=Kim | published=2023-09-22T05:48:21Z | "
	    "summary=short &lt;sum&gt; | "
	    "content=<p>x &lt; y</p><p>and &amp; so</p>",
	    "id=b | author=Feed Author | content=<p>hi</p>",
	    NULL };

	(void)state;
	json_check(doc, NULL, FEED_OK, "", "format=json1.0 | "
	    "title=My & Feed | link=https://example.org/ | "
	    "description=About things", want);
}

static void
test_json_11(void **state)
{
	const char *doc = "{\"version\": \"https://jsonfeed.org/version/1.1\","
	    "\"title\": \"\xed\x95\x9c\xea\xb5\xad \xe6\x97\xa5\xe6\x9c\xac\","
	    "\"home_page_url\": \"/\", \"language\": \"ko-KR\","
	    "\"authors\": [{\"name\": \"Desk\"}],"
	    "\"items\": [{\"id\": \"1\", \"url\": \"story/1.html\","
	    "\"title\": \"\xe4\xb8\xad\xe6\x96\x87 title\","
	    "\"authors\": [{\"name\": \"Lee\"}, {\"url\": \"https://x\"},"
	    "  {\"name\": \"Park\"}],"
	    "\"tags\": [\"Asia\", 7, \"\", \"K&amp;R\"],"
	    "\"attachments\": [{\"url\": \"/a.mp3\","
	    "  \"mime_type\": \"audio/mpeg\", \"size_in_bytes\": 1234},"
	    "  {\"mime_type\": \"no/url\"},"
	    "  {\"url\": \"https://cdn.example/b.m4a\"}]},"
	    "{\"id\": 2.5, \"external_url\": \"https://other.example/x\"}"
	    "]}";
	static const char *const want[] = {
	    "id=1 | title=\xe4\xb8\xad\xe6\x96\x87 title | "
	    "link=https://news.example/asia/story/1.html | author=Lee, Park | "
	    "tag=Asia | tag=K&R | "
	    "enc=https://news.example/a.mp3 audio/mpeg 1234 | "
	    "enc=https://cdn.example/b.m4a - -1",
	    "id=2.5 | link=https://other.example/x | author=Desk",
	    NULL };

	(void)state;
	json_check(doc, "https://news.example/asia/feed.json", FEED_OK, "",
	    "format=json1.1 | title=\xed\x95\x9c\xea\xb5\xad "
	    "\xe6\x97\xa5\xe6\x9c\xac | link=https://news.example/ | "
	    "language=ko-KR", want);
}

/* Without a base URL, the feed's own feed_url is the base. */
static void
test_json_feed_url_base(void **state)
{
	const char *doc = "{\"version\": \"https://jsonfeed.org/version/1.1\","
	    "\"feed_url\": \"https://ex.example/blog/feed.json\","
	    "\"items\": [{\"id\": \"a\", \"url\": \"../post\"},"
	    "{\"id\": \"b\", \"url\": \"mailto:x@y\"}]}";
	static const char *const want[] = {
	    "id=a | link=https://ex.example/post",
	    "id=b | link=mailto:x@y", NULL };

	(void)state;
	json_check(doc, NULL, FEED_OK, "", "format=json1.1", want);
}

static void
test_json_errors(void **state)
{
	static const char *const one[] = { "id=ok", NULL };

	(void)state;
	json_check("{\"version\": \"https://jsonfeed.org/version/1\",\n"
	    "  \"items\": [\n    {\"id\": x}]}", NULL, FEED_FAILED,
	    "3:12: invalid token near 'x'", NULL, NULL);
	json_check("", NULL, FEED_FAILED,
	    "1:1: '[' or '{' expected near end of file", NULL, NULL);
	json_check("{\"title\": \"t\", \"items\": []}", NULL, FEED_FAILED,
	    "1:1: not a JSON Feed (no version)", NULL, NULL);
	json_check("[{\"version\": \"https://jsonfeed.org/version/1\"}]", NULL,
	    FEED_FAILED, "1:1: not a JSON Feed (no version)", NULL, NULL);
	json_check("{\"version\": 1, \"items\": []}", NULL, FEED_FAILED,
	    "1:1: not a JSON Feed (no version)", NULL, NULL);
	json_check("{\"version\": \"https://jsonfeed.org/version/1.1\","
	    "\"items\": [1, {\"id\": \"ok\"}, \"s\", null]}", NULL,
	    FEED_RECOVERED, "1:1: item 1 is not an object (3 skipped)",
	    "format=json1.1", one);
	json_check("{\"version\": \"https://jsonfeed.org/version/1.1\","
	    "\"items\": {\"id\": \"x\"}}", NULL, FEED_RECOVERED,
	    "1:1: \"items\" is not an array", "format=json1.1", NULL);
	json_check("{\"version\": \"https://jsonfeed.org/version/1\"}", NULL,
	    FEED_OK, "", "format=json1.0", NULL);
	json_check("{\"version\": \"https://jsonfeed.org/version/2\","
	    "\"items\": [{\"id\": \"ok\"}]}", NULL, FEED_OK, "",
	    "format=json1.1", one);
}

/* A damaged document keeps the items completed before the damage. */
static void
test_json_repair(void **state)
{
	static const char *const first[] = { "id=a | title=x}]{\"y", NULL };
	static const char *const two[] = { "id=a", "id=b", NULL };
	static const char *const nested[] = { "id=a | author=A", NULL };

	(void)state;
	json_check("{\"version\": \"https://jsonfeed.org/version/1.1\",\n"
	    "\"items\": [{\"id\": \"a\", \"title\": \"x}]{\\\"y\"},\n"
	    "{\"id\": \"b\", \"title\": \"cut", NULL, FEED_RECOVERED,
	    "3:25: premature end of input near '\"cut'", "format=json1.1",
	    first);
	json_check("{\"version\": \"https://jsonfeed.org/version/1\","
	    "\"items\": [{\"id\": \"a\"}, {\"id\": \"b\"},"
	    "{\"id\": \"c\", \"x\": nope}, {\"id\": \"d\"}]}", NULL,
	    FEED_RECOVERED, "1:101: invalid token near 'nope'",
	    "format=json1.0", two);
	json_check("{\"version\": \"https://jsonfeed.org/version/1.1\","
	    "\"items\": [{\"id\": \"a\"}, {\"id\": \"b\"}]} trailing", NULL,
	    FEED_RECOVERED, "1:92: end of file expected near 'trailing'",
	    "format=json1.1", two);
	json_check("{\"version\": \"https://jsonfeed.org/version/1.1\","
	    "\"items\": [{\"id\": \"a\", \"author\": {\"name\": \"A\"}},"
	    "{\"id\": \"b\", \"author\": {\"name\": \"B\"}, ", NULL,
	    FEED_RECOVERED, NULL, "format=json1.1", nested);
	json_check("{\"items\": [{\"id\": \"a\"}], \"version\": ", NULL,
	    FEED_FAILED, NULL, NULL, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_plain_length),
		cmocka_unit_test(test_plain_big),
		cmocka_unit_test(test_looks_html),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_cap),
		cmocka_unit_test(test_collapse),
		cmocka_unit_test(test_entity_lookup),
		cmocka_unit_test(test_entity_xhtml_names),
		cmocka_unit_test(test_json_10),
		cmocka_unit_test(test_json_11),
		cmocka_unit_test(test_json_feed_url_base),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_json_repair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
