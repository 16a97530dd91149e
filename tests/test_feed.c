/* test_feed.c: the streaming feed parser through its public interface:
 * chunking does not change the result, callback order, caps, formats and
 * the results of damaged documents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "feed/feed_int.h"
#include "t_fixture.h"

/* What the callbacks saw, flattened to text for comparison. */
struct rec {
	struct dl_buf	 log;
	int		 infos;
	int		 info_after_item;
	size_t		 items;
	size_t		 max_field;
	size_t		 max_cats;
};

static void
rec_on_info(void *ctx, const struct feed_info *fi)
{
	struct rec	*r = ctx;

	r->infos++;
	if (r->items > 0)
		r->info_after_item = 1;
	dl_buf_addf(&r->log, "info %d %s|%s\n", (int)fi->format,
	    fi->title ? fi->title : "-", fi->link ? fi->link : "-");
}

static size_t
rec_max(size_t a, const char *s)
{
	return s != NULL && strlen(s) > a ? strlen(s) : a;
}

static void
rec_on_item(void *ctx, const struct feed_item *it)
{
	struct rec	*r = ctx;
	size_t		 i;

	r->items++;
	dl_buf_addf(&r->log, "item %s|%s|%s|%s|%lld|%lld|%s|%s|",
	    it->id ? it->id : "-", it->title ? it->title : "-",
	    it->link ? it->link : "-", it->author ? it->author : "-",
	    (long long)it->published, (long long)it->updated,
	    it->summary ? it->summary : "-", it->content ? it->content : "-");
	for (i = 0; i < it->ncategories; i++)
		dl_buf_addf(&r->log, "c=%s,", it->categories[i]);
	for (i = 0; i < it->nenclosures; i++)
		dl_buf_addf(&r->log, "e=%s,%lld,", it->enclosures[i].url,
		    (long long)it->enclosures[i].length);
	dl_buf_addc(&r->log, '\n');
	r->max_field = rec_max(r->max_field, it->summary);
	r->max_field = rec_max(r->max_field, it->title);
	if (it->ncategories > r->max_cats)
		r->max_cats = it->ncategories;
}

/* Parse doc[0..n) in pieces of step bytes (0: one piece), with raw
 * reading (feed_xml_raw.c) or with the filter alone; *used (if not
 * NULL) gets whether raw reading was used. */
static enum feed_result
run_raw(const char *doc, size_t n, size_t step, const char *charset,
    int raw, struct rec *r, struct dl_err *err, int *used)
{
	struct feed_callbacks	 cb = { rec_on_info, rec_on_item };
	struct feed_parser	*p;
	enum feed_result	 res;
	size_t			 off, k;

	memset(r, 0, sizeof *r);
	dl_buf_init(&r->log, DL_BUF_CAP_DEFAULT);
	p = feed_parser_new(&cb, r, "http://base.example/dir/", charset);
	feed_parser_set_raw(p, raw);
	if (step == 0)
		step = n > 0 ? n : 1;
	for (off = 0; off < n; off += k) {
		k = n - off < step ? n - off : step;
		if (feed_parser_feed(p, doc + off, k) < 0)
			break;
	}
	err->msg[0] = '\0';
	res = feed_parser_finish(p, err);
	assert_int_equal(feed_parser_count(p), r->items);
	if (used != NULL)
		*used = feed_parser_raw_used(p);
	feed_parser_free(p);
	return res;
}

static enum feed_result
run(const char *doc, size_t n, size_t step, const char *charset,
    struct rec *r, struct dl_err *err)
{
	return run_raw(doc, n, step, charset, 1, r, err, NULL);
}

static char *
slurp(const char *name, size_t *n)
{
	char	*rel = dl_printf("feed/%s", name), *r;

	r = t_fixture(rel, n);
	free(rel);
	return r;
}

/* Feeding a fixture one byte at a time, in odd pieces, or whole gives
 * the same items, metadata and result. */
static void
test_chunking(void **state)
{
	static const char *const files[] = {
		"rss2.0.xml", "atom1.0.xml", "atom0.3.xml", "rss1.0.rdf",
		"enc-shift_jis.xml", "enc-iso-2022-jp.xml", "enc-utf-16le.xml",
		"enc-utf-8-bom.xml", "entities-html.xml", "broken-bare-amp.xml",
		"broken-control-chars.xml", "broken-cut-off.xml",
		"broken-junk-before-root.xml", "broken-whitespace-before-decl.xml",
		"broken-mismatched-tag.xml", "broken-invalid-utf8.xml",
		"broken-damage-between-items.xml", "xml-cdata-in-channel.xml",
		"xml-pi-in-item.xml", "xml-comment-cdata-amp.xml",
		"xml-upper-x-reference.xml", "json-feed-1.1.json",
		"sem-fallbacks.xml", "sem-base64.xml", "sem-resolve-html.xml",
		"sem-cdf.xml",
	};
	static const size_t steps[] = { 1, 2, 3, 7, 64, 4095 };
	struct rec	 whole, part;
	struct dl_err	 e1, e2;
	enum feed_result r1, r2;
	size_t		 i, j, n;
	char		*doc;

	(void)state;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		doc = slurp(files[i], &n);
		r1 = run(doc, n, 0, NULL, &whole, &e1);
		assert_true(whole.items > 0);
		for (j = 0; j < sizeof steps / sizeof steps[0]; j++) {
			r2 = run(doc, n, steps[j], NULL, &part, &e2);
			if (r1 != r2 || strcmp(dl_buf_str(&whole.log),
			    dl_buf_str(&part.log)) != 0)
				fail_msg("%s in pieces of %zu:\n%s\nvs whole:\n%s",
				    files[i], steps[j], dl_buf_str(&part.log),
				    dl_buf_str(&whole.log));
			if (r1 != FEED_OK)
				assert_string_equal(e1.msg, e2.msg);
			dl_buf_clear(&part.log);
		}
		dl_buf_clear(&whole.log);
		free(doc);
	}
}

/* The filter in front of expat checks UTF-8, controls, '&' and CDATA in
 * one scan; a quirk split at any piece boundary reads the same. Each row:
 * the title's source, the title we expect. */
static const struct {
	const char	*src;
	const char	*title;
} filter_cases[] = {
	/* maximal invalid subparts, one U+FFFD each (as charset_ does) */
	{ "a\xe2\x82" "b", "a\xef\xbf\xbd" "b" },
	{ "a\xc0\x80" "b", "a\xef\xbf\xbd\xef\xbf\xbd" "b" },
	{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	  "\xef\xbf\xbd" },
	/* valid forms of every length, CJK runs, a Hangul syllable (ED) */
	{ "\xc3\xa9\xe2\x80\x99\xe6\x97\xa5\xe6\x9c\xac\xed\x9e\xa3"
	  "\xf0\x9f\x98\x80", "\xc3\xa9\xe2\x80\x99\xe6\x97\xa5\xe6\x9c\xac"
	  "\xed\x9e\xa3\xf0\x9f\x98\x80" },
	/* U+FFFE/U+FFFF dropped, U+FFFD and U+EFFF kept */
	{ "x\xef\xbf\xbey\xef\xbf\xbfz\xef\xbf\xbd\xee\xbf\xbf",
	  "xyz\xef\xbf\xbd\xee\xbf\xbf" },
	/* controls dropped, bare '&' kept, references decoded */
	{ "a\x01" "b\x1f" "c & d &amp; &#233; &#1; e", "abc & d & \xc3\xa9 e" },
	/* CDATA: '&' inside is text, "]]" needs its '>' (the title's HTML
	 * cleanup then drops "<!y ]] ]>" and the comment) */
	{ "<![CDATA[x & <!y ]] ]>]]>!<!-- c -->z", "x & !z" },
	{ "<![CDATA[a &b ]]]]><![CDATA[> c]]>", "a &b ]]> c" },
	/* an invalid byte right before the end of a CDATA section */
	{ "<![CDATA[\xff]]>\xe2", "\xef\xbf\xbd\xef\xbf\xbd" },
};

/* doc parsed whole has want in its log, and parsed in pieces of 1,
 * 1 + stride, ... bytes gives the same log; row names the case. Returns
 * the result of the whole parse. */
static enum feed_result
check_pieces(const char *doc, const char *want, size_t row, size_t stride)
{
	struct rec		 whole, part;
	struct dl_err		 e;
	enum feed_result	 res;
	size_t			 step, n = strlen(doc);

	res = run(doc, n, 0, NULL, &whole, &e);
	if (strstr(dl_buf_str(&whole.log), want) == NULL)
		fail_msg("row %zu: %s", row, dl_buf_str(&whole.log));
	for (step = 1; step < n; step += stride) {
		run(doc, n, step, NULL, &part, &e);
		if (strcmp(dl_buf_str(&whole.log), dl_buf_str(&part.log)) != 0)
			fail_msg("row %zu in pieces of %zu: %s", row, step,
			    dl_buf_str(&part.log));
		dl_buf_clear(&part.log);
	}
	dl_buf_clear(&whole.log);
	return res;
}

static void
test_filter(void **state)
{
	char	*doc, *want;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof filter_cases / sizeof filter_cases[0]; i++) {
		doc = dl_printf("<rss><channel><item><title>%s</title>"
		    "</item></channel></rss>", filter_cases[i].src);
		want = dl_printf("|%s|", filter_cases[i].title);
		check_pieces(doc, want, i, 1);
		free(want);
		free(doc);
	}
}

/* The UTF-8 rows of filter_cases (the first six) after every length of
 * text from 0 to 69 bytes (ASCII, 2- and 3-byte characters): the
 * filter's check of whole blocks of the input must find the same bad
 * bytes wherever a block starts or ends. */
static void
test_filter_offsets(void **state)
{
	static const char pad[] = "ab\xc3\xa9\xe6\x97\xa5" "cdefgh\xe6\x97\xa5"
	    "\xc3\xa9ijklmnopqrst\xe2\x80\x99uvwxyz0123456789ABCDEFGHIJ"
	    "KLMNOPQRSTUVWXYZ";
	struct rec	 r;
	struct dl_err	 e;
	char		*doc, *want;
	size_t		 i, k;

	(void)state;
	for (i = 0; i < 6; i++) {
		for (k = 0; k < 70; k++) {
			/* whole characters of pad only */
			if (((unsigned char)pad[k] & 0xC0) == 0x80)
				continue;
			doc = dl_printf("<rss><channel><item><title>%.*s%s%s"
			    "</title></item></channel></rss>", (int)k, pad,
			    filter_cases[i].src, pad);
			want = dl_printf("|%.*s%s%s|", (int)k, pad,
			    filter_cases[i].title, pad);
			run(doc, strlen(doc), 0, NULL, &r, &e);
			if (strstr(dl_buf_str(&r.log), want) == NULL)
				fail_msg("row %zu after %zu bytes: %s", i, k,
				    dl_buf_str(&r.log));
			dl_buf_clear(&r.log);
			free(want);
			free(doc);
		}
	}
}

/* Random bytes (mostly UTF-8 lead and continuation bytes, '&' and
 * ASCII) in a title read the same whole as one byte at a time: whole,
 * the filter checks UTF-8 32 bytes at a time and skips what passed; in
 * pieces that small it checks each sequence as it comes. */
static void
test_filter_random(void **state)
{
	static const unsigned char al[] = { 'a', ' ', '&', ';', '#', 'x',
	    0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBD, 0xBE, 0xBF, 0xC0, 0xC2,
	    0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xE3,
	    0x81, 0x01 };
	struct rec	 whole, part;
	struct dl_err	 e;
	uint64_t	 st = 20261207;
	char		 doc[256];
	size_t		 it, i, n;

	(void)state;
	for (it = 0; it < 3000; it++) {
		n = (size_t)snprintf(doc, sizeof doc,
		    "<rss><channel><item><title>");
		for (i = 0; i < 40 + it % 90; i++) {
			st = st * 6364136223846793005ULL + 1442695040888963407ULL;
			doc[n++] = (char)((st >> 33) % 3 == 0 ? 'b' :
			    al[(st >> 40) % sizeof al]);
		}
		n += (size_t)snprintf(doc + n, sizeof doc - n,
		    "</title></item></channel></rss>");
		run(doc, n, 0, NULL, &whole, &e);
		run(doc, n, 1, NULL, &part, &e);
		if (strcmp(dl_buf_str(&whole.log), dl_buf_str(&part.log)) != 0)
			fail_msg("doc %zu: whole %s pieces %s", it,
			    dl_buf_str(&whole.log), dl_buf_str(&part.log));
		dl_buf_clear(&whole.log);
		dl_buf_clear(&part.log);
	}
}

/* "&lt;" and "&gt;" need no repair and the scan passes them by, but
 * not a bare "&lt" or "&gtx;", wherever 16-byte blocks begin. */
static void
test_filter_ltgt(void **state)
{
	static const char pad[] = "pppppppppppppppppppppppppppppppppppppppp";
	struct rec	 r;
	struct dl_err	 e;
	char		*doc, *want;
	int		 k;

	(void)state;
	for (k = 0; k < 40; k++) {
		doc = dl_printf("<rss><channel><item><title>t</title>"
		    "<description>%.*sx &lt y &gt; z&lt;&gt;&l;t &gtx; "
		    "&amp;lt;&lt;</description></item></channel></rss>", k,
		    pad);
		want = dl_printf("|%.*sx &lt y > z<>&l;t &gtx; &lt;<|-|", k,
		    pad);
		run(doc, strlen(doc), 0, NULL, &r, &e);
		if (strstr(dl_buf_str(&r.log), want) == NULL)
			fail_msg("after %d bytes: %s", k, dl_buf_str(&r.log));
		dl_buf_clear(&r.log);
		free(want);
		free(doc);
	}
}

/* The other stops the scan passes by without a look: the entities XML
 * predefines, and '?' or '!' not after '<'. The same just after '<'
 * still open a CDATA section, a comment or a processing instruction,
 * whose '&' is not repaired (an escaped one would show in the CDATA's
 * text, a warning for the others), and a near miss is still repaired
 * or kept, wherever 16- and 32-byte blocks begin. */
static void
test_filter_passed(void **state)
{
	static const char pad[] = "pppppppppppppppppppppppppppppppppppppppp"
	    "pppppppppppppppppppppppp";
	struct rec	 r;
	struct dl_err	 e;
	char		*doc, *want, *where;
	int		 k;

	(void)state;
	for (k = 0; k < 64; k++) {
		doc = dl_printf("<rss><channel><item><title>t</title>"
		    "<description>%.*sa &amp; b &quot;c&quot; &apos;d&apos; "
		    "e? f!<![CDATA[g & h? i!]]><?pi j & k?>l<!-- m & n -->"
		    "o &amp p &quo; q!?&amp;&#33;</description></item>"
		    "</channel></rss>", k, pad);
		/* HTML again: the CDATA's '&' escaped once, not twice */
		want = dl_printf("|%.*sa &amp; b &quot;c&quot; 'd' e? f!g "
		    "&amp; h? i!lo &amp;amp p &amp;quo; q!?&amp;!|-|", k, pad);
		/* the first repair is the bare '&' after "o " */
		where = dl_printf(":%d: bare '&' escaped", (int)(strstr(doc,
		    "o &amp p") - doc) + 3);
		run(doc, strlen(doc), 0, NULL, &r, &e);
		if (strstr(dl_buf_str(&r.log), want) == NULL ||
		    strstr(e.msg, where) == NULL)
			fail_msg("after %d bytes: %s (%s)", k,
			    dl_buf_str(&r.log), e.msg);
		dl_buf_clear(&r.log);
		free(where);
		free(want);
		free(doc);
	}
}

/* HTML named entities need no DTD: the filter makes each one numeric in
 * every part of a document (the main parser's, an item's, an attribute),
 * with or without a DOCTYPE; a document's own entities still work and an
 * unknown one is kept as text. Whole or in pieces, the same. Each row:
 * the document, what the log must contain. */
static const struct {
	const char	*doc;
	const char	*want;
} entity_cases[] = {
	{ "<rss><channel><title>Caf&eacute; &mdash; A</title><item><title>x"
	  "</title></item></channel></rss>",
	  " Caf\xc3\xa9 \xe2\x80\x94 A|" },
	{ "<rss><channel><item><title>a&nbsp;b&hellip;&lpar;&AMP;c</title>"
	  "</item></channel></rss>", "|a\xc2\xa0" "b\xe2\x80\xa6(&c|" },
	{ "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>t</title>"
	  "<category term='caf&eacute;&rsquo;'/></entry></feed>",
	  "c=caf\xc3\xa9\xe2\x80\x99," },
	{ "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91"
	  "//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">"
	  "<rss version=\"0.91\"><channel><title>A&nbsp;B</title><item>"
	  "<title>x&copy;</title></item></channel></rss>",
	  "|x\xc2\xa9|" },
	{ "<!DOCTYPE rss [<!ENTITY brand \"Date&#108;ine\">]><rss><channel>"
	  "<item><title>&brand; &eacute;</title></item></channel></rss>",
	  "|Dateline \xc3\xa9|" },
	{ "<rss><channel><item><title>&nosuch; &eacute;</title></item>"
	  "</channel></rss>", "|&nosuch; \xc3\xa9|" },
};

static void
test_entities(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof entity_cases / sizeof entity_cases[0]; i++)
		assert_int_not_equal(check_pieces(entity_cases[i].doc,
		    entity_cases[i].want, i, 7), FEED_FAILED);
}

/* on_info comes once, before the first item, or at the end. */
static void
test_callback_order(void **state)
{
	static const char items[] = "<rss><channel><title>T</title>"
	    "<item><title>a</title></item><item><title>b</title></item>"
	    "<link>http://late.example/</link></channel></rss>";
	static const char none[] = "<feed xmlns='http://www.w3.org/2005/Atom'>"
	    "<title>Empty</title></feed>";
	struct rec	 r;
	struct dl_err	 e;

	(void)state;
	assert_int_equal(run(items, strlen(items), 1, NULL, &r, &e), FEED_OK);
	assert_int_equal(r.infos, 1);
	assert_int_equal(r.info_after_item, 0);
	assert_int_equal(r.items, 2);
	/* the info handed over before the items did not know the link */
	assert_non_null(strstr(dl_buf_str(&r.log), "info 4 T|-\n"));
	dl_buf_clear(&r.log);

	assert_int_equal(run(none, strlen(none), 0, NULL, &r, &e), FEED_OK);
	assert_int_equal(r.infos, 1);
	assert_string_equal(dl_buf_str(&r.log), "info 7 Empty|-\n");
	dl_buf_clear(&r.log);
}

/* A field is cut at FEED_FIELD_MAX (4 MB) on a UTF-8 boundary, and an
 * item keeps at most FEED_LIST_MAX (256) categories. */
static void
test_caps(void **state)
{
	struct dl_buf	 doc;
	struct rec	 r;
	struct dl_err	 e;
	size_t		 i;

	(void)state;
	dl_buf_init(&doc, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&doc, "<rss><channel><item><description>xy");
	for (i = 0; i < 1500 * 1024; i++)
		dl_buf_adds(&doc, "\xe6\x97\xa5");	/* 3 bytes: 4.5 MB */
	dl_buf_adds(&doc, "</description>");
	for (i = 0; i < 300; i++)
		dl_buf_addf(&doc, "<category>c%zu</category>", i);
	dl_buf_adds(&doc, "</item></channel></rss>");
	assert_int_equal(run(doc.data, doc.len, 65536, NULL, &r, &e),
	    FEED_OK);
	assert_int_equal(r.items, 1);
	/* 2 + 3k bytes: the largest that fits in 4194304 is 4194302 */
	assert_int_equal(r.max_field, 4 * 1024 * 1024 - 2);
	assert_int_equal(r.max_cats, 256);
	dl_buf_clear(&r.log);
	dl_buf_clear(&doc);
}

struct result_case {
	const char	*doc;
	enum feed_result res;
	size_t		 items;
	const char	*err;		/* prefix of the message, or NULL */
	const char	*why;
};

static const struct result_case result_cases[] = {
	{ "<rss><channel><item><title>a</title></item></channel></rss>",
	  FEED_OK, 1, NULL, "clean" },
	{ "<html><body>hi</body></html>", FEED_FAILED, 0,
	  "1:1: not a feed (root element <html>)", "HTML page" },
	{ "", FEED_FAILED, 0, "1:1: empty document", "nothing at all" },
	{ "   \n  ", FEED_FAILED, 0, NULL, "only white space" },
	{ "<rss><channel><item><title>a</title></item><item><title>b",
	  FEED_RECOVERED, 1, "1:", "cut off mid-item keeps the first" },
	{ "<rss><channel><item><title>a", FEED_FAILED, 0, "1:",
	  "cut off before anything closed" },
	{ "<rss><channel><title>T</title><item><b></i>", FEED_RECOVERED, 0,
	  "1:", "mismatched tag after metadata: metadata kept" },
	{ "<rss><channel><item><title>a & b</title></item></channel></rss>",
	  FEED_RECOVERED, 1, "1:30: bare '&' escaped", "bare ampersand" },
	{ "<rss><channel><item><title>&nbsp;x&hellip;</title></item>"
	  "</channel></rss>", FEED_OK, 1, NULL, "HTML entities are defined" },
	{ "<rss><channel><item><title>&nosuch;</title></item>"
	  "</channel></rss>", FEED_RECOVERED, 1,
	  "1:28: undefined entity '&nosuch;'", "undefined entity" },
	{ "<rss><channel><item><title>a\x01</title></item></channel></rss>",
	  FEED_RECOVERED, 1, "1:29: control character", "C0 control" },
	{ "<rss><channel><item><title>a</title></item></channel></rss><x>",
	  FEED_OK, 1, NULL, "junk after the root is ignored" },
	{ "\n\n<?xml version='1.0'?><rss><channel><item/></channel></rss>",
	  FEED_RECOVERED, 1, "1:1: white space before the XML declaration",
	  "white space before the declaration" },
	{ "<?xml version='1.0' encoding='x-nonesuch'?><rss><channel><item/>"
	  "</channel></rss>", FEED_RECOVERED, 1, "1:1: unknown encoding",
	  "unknown encoding falls back to UTF-8" },
	{ "<rss><channel><item><title><![CDATA[a & b <c>]]></title></item>"
	  "</channel></rss>", FEED_OK, 1, NULL, "CDATA is not repaired" },
	{ "<rss><channel><item/></channel></rss>\x02&", FEED_OK, 1, NULL,
	  "what the filter would repair after the root is ignored too" },
	{ "<rss><channel><item><title>a\x01</title></item><x>&bogus;</x>"
	  "</channel></rss>", FEED_RECOVERED, 1,
	  "1:29: control character dropped",
	  "warnings come in the document's order" },
	/* an item is parsed on its own: a fatal error inside it skips it,
	 * and the reading goes on after it */
	{ "<rss><channel><item><title>a</title></item><item><b></i></item>"
	  "<item><title>c</title></item></channel></rss>", FEED_RECOVERED, 2,
	  "1:55: mismatched tag (item skipped)", "damaged item skipped" },
	{ "<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry><title>a</title>"
	  "</entry>\n<entry>&nbsp;<x></y></entry>\n<entry><title>c</title>"
	  "</entry></feed>", FEED_RECOVERED, 2,
	  "3:19: mismatched tag (item skipped)", "damaged Atom entry skipped" },
	/* items that arrive together are parsed as a batch: damage in the
	 * middle of one keeps the items before and after it, and the
	 * position still points into the document */
	{ "<rss><channel>\n<item><title>a</title></item>\n"
	  "<item><title>b</title></item>\n<item><b></i></item>\n"
	  "<item><title>d</title></item>\n<item><title>e</title></item>\n"
	  "</channel></rss>", FEED_RECOVERED, 4,
	  "4:12: mismatched tag (item skipped)", "damage inside a batch" },
	{ "<feed xmlns='http://www.w3.org/2005/Atom'>\n"
	  "<entry><id>1</id></entry> <entry><id>2</id></entry>\n"
	  "<entry><id>3</id><a></b></entry>\n<entry><id>4</id></entry>"
	  "</feed>", FEED_RECOVERED, 3,
	  "3:23: mismatched tag (item skipped)", "Atom batch, damaged third" },
	{ "<rss><channel><item><title>a</title></item><item><b></i></item>"
	  "<item><title>c</title></item></channel><x></x></rss>",
	  FEED_RECOVERED, 2, "1:55: mismatched tag (item skipped)",
	  "the first error is the one reported" },
	/* an undefined entity does not stop the recovery */
	{ "<rss><channel><item><title>a</title></item><item>&nosuch;<b></i>"
	  "</item><item><title>c</title></item></channel></rss>",
	  FEED_RECOVERED, 2, "1:63: mismatched tag (item skipped)",
	  "damage beside &nosuch;" },
	/* recovery: the items' name as the first one wrote it, damage
	 * between items, several in a row, none after the channel */
	{ "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
	  "xmlns:r='http://purl.org/rss/1.0/'><r:channel/><r:item><r:title>a"
	  "</r:title></r:item><r:item><b></i></r:item><item>x</item><r:item>"
	  "<r:title>c</r:title></r:item></rdf:RDF>", FEED_RECOVERED, 2,
	  "1:163: mismatched tag (item skipped)", "prefixed items" },
	{ "<rss><channel><title>T</title><x></y>\n<item><title>a</title>"
	  "</item></channel></rss>", FEED_RECOVERED, 1,
	  "1:36: mismatched tag (skipped to the next item)",
	  "damage before the first item" },
	{ "<feed xmlns='http://www.w3.org/2005/Atom'><entry><a></b></entry>"
	  "<entry><a></b></entry><entry><a></b></entry><entry\n><a></b>"
	  "</entry><entry><id>z</id></entry></feed>", FEED_RECOVERED, 1,
	  "1:55: mismatched tag (item skipped)", "damage in a row" },
	{ "<rss><channel><item><title>a</title></item></channel><x></y>"
	  "<channel><item><title>b</title></item></channel></rss>",
	  FEED_RECOVERED, 1, "1:59: mismatched tag", "damage after the channel" },
	{ "<rss><channel><item><title>a</title></item><item><item>b</item>"
	  "</item><item><title>c</title></item></channel></rss>",
	  FEED_OK, 3, NULL, "nested items go through the main parser" },
	{ "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"J\","
	  " \"items\": [{\"id\": \"1\"}]}", FEED_OK, 1, NULL, "JSON Feed" },
};

static void
test_results(void **state)
{
	const struct result_case *c;
	struct rec	 r;
	struct dl_err	 e;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof result_cases / sizeof result_cases[0]; i++) {
		c = &result_cases[i];
		if (run(c->doc, strlen(c->doc), 0, NULL, &r, &e) != c->res ||
		    r.items != c->items)
			fail_msg("%s: result or count differs (%zu items, %s)",
			    c->why, r.items, e.msg);
		if (c->err != NULL && strncmp(e.msg, c->err,
		    strlen(c->err)) != 0)
			fail_msg("%s: message '%s', wanted '%s...'", c->why,
			    e.msg, c->err);
		dl_buf_clear(&r.log);
	}
}

/* Damage every third item of a long document (parsed in 32 KB pieces
 * by expat, and fed here whole or in small pieces): every other item is
 * kept, in order, and the first error is the one reported. */
static void
test_recovery_many(void **state)
{
	struct dl_buf	 doc;
	struct rec	 whole, part;
	struct dl_err	 e;
	size_t		 i;
	char		 want[32];

	(void)state;
	dl_buf_init(&doc, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&doc, "<rss><channel><title>T</title>\n");
	for (i = 0; i < 3000; i++)
		dl_buf_addf(&doc, i % 3 == 1 ? "<item><a>%zu</b></item>\n" :
		    "<item><title>t%zu</title></item>\n", i);
	dl_buf_adds(&doc, "</channel></rss>\n");
	assert_true(doc.len > 2 * 32 * 1024);
	assert_int_equal(run(doc.data, doc.len, 0, NULL, &whole, &e),
	    FEED_RECOVERED);
	assert_int_equal(whole.items, 2000);
	assert_string_equal(e.msg, "3:13: mismatched tag (item skipped)");
	snprintf(want, sizeof want, "|t%d|", 2999);
	assert_non_null(strstr(dl_buf_str(&whole.log), want));
	assert_int_equal(run(doc.data, doc.len, 7, NULL, &part, &e),
	    FEED_RECOVERED);
	assert_string_equal(dl_buf_str(&part.log), dl_buf_str(&whole.log));
	dl_buf_clear(&part.log);
	dl_buf_clear(&whole.log);
	dl_buf_clear(&doc);
}

/* A repair's warning far into a long document names its line and column
 * there, whatever the pieces: the filter counts the lines of every chunk
 * (more than 255 per 16-byte counter lane, lines of every length). */
static void
test_warning_far(void **state)
{
	static const size_t steps[] = { 0, 7, 4093, 65536 };
	struct dl_buf	 doc;
	struct rec	 r;
	struct dl_err	 e;
	size_t		 i;

	(void)state;
	dl_buf_init(&doc, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&doc, "<rss><channel><title>T</title>\n");
	for (i = 0; i < 6000; i++) {
		if (i == 4321)
			dl_buf_adds(&doc, "<item><title>a & b</title></item>\n");
		else
			dl_buf_addf(&doc, "<item><title>%.*s</title></item>\n\n",
			    (int)(i % 40), "0123456789012345678901234567890123456789");
	}
	dl_buf_adds(&doc, "</channel></rss>\n");
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		assert_int_equal(run(doc.data, doc.len, steps[i], NULL, &r,
		    &e), FEED_RECOVERED);
		assert_int_equal(r.items, 6000);
		assert_string_equal(e.msg, "8644:16: bare '&' escaped");
		dl_buf_clear(&r.log);
	}
	dl_buf_clear(&doc);
}

struct format_case {
	const char	*doc;
	const char	*format;
};

static const struct format_case format_cases[] = {
	{ "<rss version='0.91'><channel/></rss>", "rss0.91" },
	{ "<rss version='0.92'><channel/></rss>", "rss0.92" },
	{ "<rss version='0.93'><channel/></rss>", "rss0.93" },
	{ "<rss version='0.94'><channel/></rss>", "rss0.94" },
	{ "<rss><channel/></rss>", "rss2.0" },
	{ "<rss version='2.0'><channel/></rss>", "rss2.0" },
	{ "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
	  "xmlns='http://purl.org/rss/1.0/'><channel/></rdf:RDF>", "rss1.0" },
	{ "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
	  "xmlns='http://my.netscape.com/rdf/simple/0.9/'><channel/>"
	  "</rdf:RDF>", "rss0.90" },
	{ "<feed xmlns='http://www.w3.org/2005/Atom'/>", "atom1.0" },
	{ "<feed version='0.3' xmlns='http://purl.org/atom/ns#'/>",
	  "atom0.3" },
	{ "<a:feed xmlns:a='http://www.w3.org/2005/Atom'/>", "atom1.0" },
	{ "<r:rss xmlns:r='http://backend.userland.com/rss2'><r:channel/>"
	  "</r:rss>", "rss2.0" },
	{ "<rss xmlns='http://example.org/made-up'><channel/></rss>",
	  "rss2.0" },
	{ "<CHANNEL HREF='http://example.org/'><TITLE>t</TITLE></CHANNEL>",
	  "cdf" },
};

static void
fmt_on_info(void *ctx, const struct feed_info *fi)
{
	*(const char **)ctx = feed_format_name(fi->format);
}

static void
test_formats(void **state)
{
	struct feed_callbacks	 cb = { fmt_on_info, NULL };
	struct feed_parser	*p;
	const char		*got;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++) {
		got = NULL;
		p = feed_parser_new(&cb, &got, NULL, NULL);
		feed_parser_feed(p, format_cases[i].doc,
		    strlen(format_cases[i].doc));
		feed_parser_finish(p, NULL);
		feed_parser_free(p);
		if (got == NULL || strcmp(got, format_cases[i].format) != 0)
			fail_msg("%s: got %s, wanted %s", format_cases[i].doc,
			    got ? got : "(no info)", format_cases[i].format);
	}
}

/* Attributes that hold URLs are resolved in HTML; everything else, and
 * HTML cut off anywhere, comes out as it went in. Each row: the HTML,
 * what comes out (NULL: unchanged, and the call returns NULL). */
static const struct {
	const char	*in;
	const char	*want;
} resolve_cases[] = {
	{ "no markup & no links", NULL },
	{ "<a href=\"x.html\">x</a>",
	  "<a href=\"http://base.example/dir/x.html\">x</a>" },
	{ "<IMG SRC=pic.png alt='a b'>",
	  "<IMG SRC=\"http://base.example/dir/pic.png\" alt='a b'>" },
	{ "<a href = '/r?a=1&amp;b=2' title=\"t > u\">",
	  "<a href = \"http://base.example/r?a=1&amp;b=2\" title=\"t > u\">" },
	{ "<a href=\"mailto:x@example.org\">", NULL },
	{ "<a data-href=\"x\" hreflang=en>", NULL },
	{ "<!-- <a href=\"c\"> --><script>'<a href=\"s\">'</script>", NULL },
	{ "<!' <a href=\"u\">", "&lt;!' <a href=\"http://base.example/dir/u\">" },
	{ "a </ b < c <3", "a &lt;/ b < c <3" },
	{ "<video poster=p.jpg>", "<video poster=\"http://base.example/dir/p.jpg\">" },
	{ "<img srcset=\"a.png, /b.png 2x,c.png 300w\">",
	  "<img srcset=\"http://base.example/dir/a.png, "
	  "http://base.example/b.png 2x, http://base.example/dir/c.png 300w\">" },
	{ "<img srcset=\"data:image/png;base64,AAAA 1x\">", NULL },
	{ "<a href=\"cut", "<a href=\"http://base.example/dir/cut\"" },
	{ "<a href=", NULL },
	{ "<a", NULL },
	{ "x<", NULL },
	{ "<!", "&lt;!" },
	{ "<![if !IE]>x<![endif]><!ELEMENT e>", NULL },
};

static void
test_resolve_html(void **state)
{
	const char	*base = "http://base.example/dir/", *in;
	char		*got;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof resolve_cases / sizeof resolve_cases[0]; i++) {
		in = resolve_cases[i].in;
		got = feed_text_resolve_html(in, strlen(in), base);
		if (resolve_cases[i].want == NULL) {
			if (got != NULL)
				fail_msg("row %zu: changed to %s", i, got);
		} else if (got == NULL ||
		    strcmp(got, resolve_cases[i].want) != 0)
			fail_msg("row %zu: got %s", i, got ? got : "(null)");
		free(got);
	}
	assert_null(feed_text_resolve_html("<a href=\"x\">", 13, NULL));
	got = feed_text_resolve_html("<!' <a href=\"x\">", 17, NULL);
	assert_string_equal(got, "&lt;!' <a href=\"x\">");
	free(got);
	/* without a base only those escapes change anything: the tag walk
	 * is skipped when there are none, and must still find the rest */
	assert_null(feed_text_resolve_html("<p>a</p><!-- c --><![CDATA[", 27,
	    NULL));
	assert_null(feed_text_resolve_html("x<", 2, NULL));
	got = feed_text_resolve_html("<p>a </ b</p> <3 <!", 19, NULL);
	assert_string_equal(got, "<p>a &lt;/ b</p> <3 &lt;!");
	free(got);
}

/* The --charset hint is used only when the document names nothing. */
static void
test_charset_hint(void **state)
{
	static const char latin[] = "<rss><channel><item><title>caf\xe9"
	    "</title></item></channel></rss>";
	static const char decl[] = "<?xml version='1.0' encoding='koi8-r'?>"
	    "<rss><channel><item><title>\xf0\xd2\xc9\xd7\xc5\xd4</title>"
	    "</item></channel></rss>";
	/* UTF-8 but for its last bytes: a character cut off, or bytes that
	 * start none (then the hint holds) */
	static const char cut[] = "<rss><channel><item><title>caf\xc3\xa9"
	    "</title></item></channel></rss>\n\xe4\xb8";
	static const char tail[] = "<rss><channel><item><title>caf\xc3\xa9"
	    "</title></item></channel></rss>\n\xa9\xa9";
	struct rec	 r;
	struct dl_err	 e;

	(void)state;
	assert_int_equal(run(latin, strlen(latin), 5, "iso-8859-1", &r, &e),
	    FEED_OK);
	assert_non_null(strstr(dl_buf_str(&r.log), "|caf\xc3\xa9|"));
	dl_buf_clear(&r.log);
	run(cut, strlen(cut), 0, "iso-8859-1", &r, &e);
	assert_non_null(strstr(dl_buf_str(&r.log), "|caf\xc3\xa9|"));
	dl_buf_clear(&r.log);
	run(tail, strlen(tail), 0, "iso-8859-1", &r, &e);
	assert_non_null(strstr(dl_buf_str(&r.log), "|caf\xc3\x83\xc2\xa9|"));
	dl_buf_clear(&r.log);
	/* no hint: invalid UTF-8 becomes U+FFFD, the parse goes on */
	assert_int_equal(run(latin, strlen(latin), 0, NULL, &r, &e), FEED_OK);
	assert_non_null(strstr(dl_buf_str(&r.log), "|caf\xef\xbf\xbd|"));
	dl_buf_clear(&r.log);
	/* the declaration wins over the hint */
	assert_int_equal(run(decl, strlen(decl), 3, "shift_jis", &r, &e),
	    FEED_OK);
	assert_non_null(strstr(dl_buf_str(&r.log),
	    "|\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82|"));
	dl_buf_clear(&r.log);
}

/* Items in plain XML and items with every other construct expat reads
 * (each row one): whole or in pieces, they read the same, and what a row
 * expects is in the log. */
static const struct {
	int		 atom;
	const char	*item;
	int		 ok;		/* read without an error */
	const char	*expect;	/* in the log, or NULL */
	const char	*quirk;
} plain_rows[] = {
	{ 0, "<item><title>Plain</title><link>http://e.x/1</link>"
	  "<guid>g1</guid><description>d</description></item>", 1,
	  "g1|Plain|http://e.x/1|", "plain RSS item" },
	{ 0, "<item><title>a &lt;b&gt; &amp; &quot;q&quot; &apos;s&apos; "
	  "&#233;&#xE9;&#x1F600;&#0065;</title></item>", 1,
	  "a & \"q\" 's' \xC3\xA9\xC3\xA9\xF0\x9F\x98\x80" "A|",
	  "predefined and numeric references" },
	{ 0, "<item><title>t</title><description>a\r\nb\rc&#13;d"
	  "</description></item>", 1, "a<br>b<br>c", "CR LF and lone CR" },
	{ 0, "<item><title>t</title><description><![CDATA[<p>x\r\ny & z"
	  "</p>]]></description></item>", 1, "<p>x\ny & z</p>",
	  "CDATA with a CR LF" },
	{ 0, "<item><title>]x]]y]</title><enclosure url='http://e.x/a?b=1"
	  "&amp;c=2' length=\"12\" type = \"audio/mpeg\" /></item>", 1,
	  "e=http://e.x/a?b=1&c=2,12,", "single quotes, spaces around =" },
	{ 1, "<entry><id>i</id><title type=\"xhtml\"><div xmlns="
	  "\"http://www.w3.org/1999/xhtml\">A <b>bold</b><br/> x</div>"
	  "</title><category term=\"a\tb\r\nc&#10;d\"/></entry >", 1,
	  "i|A bold x|", "xhtml title, the item's end tag with a space" },
	{ 1, "<entry><id>i</id><content type=\"xhtml\"><div xmlns="
	  "\"http://www.w3.org/1999/xhtml\"><p class=\"c\">A <b>b</b>"
	  "<br /></p></div></content><category term=\"a\tb\r\nc&#10;d\"/>"
	  "<x:y xmlns:x=\"urn:x\" a=\"1\">z</x:y ></entry>", 1,
	  "<p class=\"c\">A <b>b</b><br></p>|c=a b c d,",
	  "xhtml, attribute white space, end tag with space" },
	{ 0, "<item><title>a<!-- c -->b</title></item>", 1, "ab|",
	  "comment" },
	{ 0, "<item><title>a<?pi x?>b</title></item>", 1, "ab|",
	  "processing instruction" },
	{ 0, "<item><title>a&foo;b</title></item>", 0, "a&foo;b|",
	  "undefined entity" },
	{ 0, "<item><title>a</titl></item>", 0, NULL, "mismatched tag" },
	{ 0, "<item><title>t</title><link>http://e.x/</link>"
	  "<enclosure url=\"a<b\"/></item>", 0, NULL, "'<' in a value" },
	{ 0, "<item><enclosure url=\"http://e.x/a\" url=\"b\"/></item>",
	  0, NULL, "duplicate attribute" },
	{ 0, "<item><enclosure url=http://e.x/a/></item>", 0, NULL,
	  "unquoted attribute" },
	{ 0, "<item><enclosure url=\"http://e.x/a\"length=\"1\"/></item>",
	  0, NULL, "no space between attributes" },
	{ 0, "<item><t\xC3\xAFtle>x</t\xC3\xAFtle><title>T</title></item>",
	  1, "|T|", "non-ASCII name" },
	{ 0, "<item><title>a]]>b</title></item>", 0, NULL, "]]> in text" },
	{ 0, "<item><title>a&#X41;&#x42;</title><category>&#X4a;</category>"
	  "<enclosure url=\"http://e.x/&#X41;\"/></item>", 1,
	  "|aAB|-|-|-9223372036854775808|-9223372036854775808|-|-|c=J,"
	  "e=http://e.x/A,",
	  "&#X...; (HTML's upper-case X) read as &#x, everywhere" },
	{ 0, "<item><title>t</title><!DOCTYPE x></item>", 0, NULL,
	  "declaration inside an item" },
	{ 0, "<item><title>T</title><a><a><a><a><a><a><a><a><a><a><a><a>"
	  "<a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>"
	  "</a></a></a></a></a></a></a></a></a></a></a></a></a></a></a>"
	  "</a></a></a></a></a></a></a></a></a></a></a></a></a></a></a>"
	  "</a></a></item>", 1, "|T|", "deep elements" },
};

static void
test_plain_items(void **state)
{
	enum feed_result res;
	size_t		 i;
	char		*doc;

	(void)state;
	for (i = 0; i < sizeof plain_rows / sizeof plain_rows[0]; i++) {
		doc = dl_printf(plain_rows[i].atom ?
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F"
		    "</title>\n%s\n</feed>" :
		    "<rss version=\"2.0\"><channel><title>F</title>\n%s\n"
		    "</channel></rss>", plain_rows[i].item);
		res = check_pieces(doc, plain_rows[i].expect != NULL ?
		    plain_rows[i].expect : "info ", i, 5);
		if ((res == FEED_OK) != (plain_rows[i].ok != 0))
			fail_msg("row %zu (%s): result %d", i,
			    plain_rows[i].quirk, (int)res);
		free(doc);
	}
}

/* Documents for test_raw_same: clean items, then an item (or the space
 * between items, or after them) with damage the raw parser cannot read
 * and the filter repairs or recovery skips. */
static const char *const raw_damage[] = {
	"<title>A&nbsp;B</title>",			/* HTML entity */
	"<title>AT&T</title>",				/* bare '&' */
	"<title>a\x01z</title>",			/* control character */
	"<title>a\xff\xfez</title>",			/* invalid UTF-8 */
	"<title>a\xef\xbf\xbez</title>",		/* U+FFFE */
	"<title>&#X41;&#1;</title>",			/* HTML's "&#X", bad ref */
	"<title>a</b></title>",				/* mismatched tag */
	"<enclosure url='http://e.example/a&nbsp;b' length='1'/>",
	"<title>x</title>\n<description>a\n\nb &eacute; &amp;amp; c"
	"</description>",
	"<title><![CDATA[a & b]]></title><!-- & --><?pi & ?>",	/* clean */
	/* lines as expat counts them (CR, CRLF), columns in characters */
	"<title>a\rb\r\nc\r\r\nd&nbsp;e</title>",
	"<title>\xe6\x97\xa5\xe6\x9c\xac AT&T</title><a></b>",
	"<description>x\r</description><title>a\x01</title>\r<a></b>",
};

static const char *const raw_between[] = {
	"",
	"\n&nbsp;\n",				/* between items */
	"<x>&copy;</x>",			/* an element between items */
	"<x></y>",				/* damage between items */
	"\r\n\r",				/* CR line ends */
};

/* Whole documents: an error found after the line of the safe point
 * but reported on it (a token that began there and never ended). */
static const char *const raw_docs[] = {
	"<rss><channel><item><title>a</title></item>\n<title>T</title>"
	"<description><?pi x\n\x01 y",
	"<rss><channel><item><title>a</title></item>\n<item><title>b"
	"</title><!-- \n\x01\n",
	"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>a</title>"
	"</entry>\r\n<entry><title>b\xc3\xa9</title><summary><![CDATA["
	"\r\n\x02 \xff",
	/* a byte the filter drops just before the item raw reading
	 * starts at, or just after the root: warned, and not */
	"<rss><channel><title>t</title>\x13<item><title>a</title></item>"
	"<item><title>b</title></item></channel></rss>",
	"<rss><channel><title>t</title><item><title>a</title></item>\x13"
	"<item><title>b</title></item></channel></rss>\x13",
};

static char *
raw_doc(int atom, size_t clean, const char *damage, const char *between,
    const char *tail, size_t *n)
{
	struct dl_buf	 b;
	const char	*item = atom ? "entry" : "item";
	size_t		 i;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "<?xml version='1.0' encoding='utf-8'?>\n");
	dl_buf_adds(&b, atom ?
	    "<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>\n" :
	    "<rss version='2.0'><channel><title>F</title>\n");
	for (i = 0; i < clean; i++) {
		dl_buf_addf(&b, "<%s><title>t%zu &lt;b&gt;</title>"
		    "<link>http://e.example/%zu?a=1&amp;b=2</link>\n"
		    "<description>&lt;p&gt;line\none&lt;/p&gt;</description>"
		    "</%s>%s\n", item, i, i, item, between);
	}
	dl_buf_addf(&b, "<%s>%s</%s>\n<%s><title>after</title></%s>%s",
	    item, damage, item, item, item, between);
	dl_buf_adds(&b, tail);
	*n = b.len;
	return dl_buf_take(&b);
}

/* One document, whole and in pieces: the same callbacks, result and
 * message with raw reading as with the filter alone. Returns whether raw
 * reading was used in one piece. */
static int
raw_same(const char *why, const char *doc, size_t n)
{
	static const size_t	 steps[] = { 0, 1, 3, 7, 64, 509, 4096 };
	struct rec		 a, b;
	struct dl_err		 ea, eb;
	enum feed_result	 ra, rb;
	size_t			 i;
	int			 used, used0 = 0;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		ra = run_raw(doc, n, steps[i], NULL, 1, &a, &ea, &used);
		rb = run_raw(doc, n, steps[i], NULL, 0, &b, &eb, NULL);
		if (i == 0)
			used0 = used;
		if (ra != rb || strcmp(ea.msg, eb.msg) != 0 ||
		    a.items != b.items ||
		    strcmp(dl_buf_str(&a.log), dl_buf_str(&b.log)) != 0)
			fail_msg("%s (pieces of %zu): raw reading differs:\n"
			    "raw (%d, %s):\n%s\nfiltered (%d, %s):\n%s", why,
			    steps[i], (int)ra, ea.msg, dl_buf_str(&a.log),
			    (int)rb, eb.msg, dl_buf_str(&b.log));
		dl_buf_clear(&a.log);
		dl_buf_clear(&b.log);
	}
	return used0;
}

static void
test_raw_same(void **state)
{
	static const char *const tails[] = {
		"</channel></rss>", "</channel>&nbsp;</rss>",
		"</channel><x></y></rss>", "", "</chan",
		"</channel1\n</rss>\n",	/* found late: deferred */
		"</channel></rss>\x02<p>junk &nbsp;</p>"	/* ignored */
	};
	static const char *const atails[] = { "</feed>", "&nbsp;</feed>",
		"<x></y></feed>", "", "</feed>\x01&" };
	static const char *const files[] = {
		"rss2.0.xml", "atom1.0.xml", "atom0.3.xml", "rss1.0.rdf",
		"enc-shift_jis.xml", "entities-html.xml",
		"broken-bare-amp.xml", "broken-control-chars.xml",
		"broken-cut-off.xml", "broken-mismatched-tag.xml",
		"broken-invalid-utf8.xml", "broken-damage-between-items.xml",
	};
	char	*doc, *why;
	size_t	 n, d, t, w, i;
	int	 atom, used;

	(void)state;
	for (atom = 0; atom < 2; atom++)
	for (d = 0; d < sizeof raw_damage / sizeof raw_damage[0]; d++)
	for (w = 0; w < sizeof raw_between / sizeof raw_between[0]; w++)
	for (t = 0; t < (atom ? sizeof atails / sizeof atails[0] :
	    sizeof tails / sizeof tails[0]); t++) {
		doc = raw_doc(atom, 3, raw_damage[d], raw_between[w],
		    atom ? atails[t] : tails[t], &n);
		why = dl_printf("%s, damage %zu, between %zu, tail %zu",
		    atom ? "atom" : "rss", d, w, t);
		used = raw_same(why, doc, n);
		/* raw reading starts at the first item of a clean start */
		if (w == 0 && !used)
			fail_msg("%s: raw reading not used", why);
		free(why);
		free(doc);
	}
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		doc = slurp(files[i], &n);
		raw_same(files[i], doc, n);
		free(doc);
	}
	for (i = 0; i < sizeof raw_docs / sizeof raw_docs[0]; i++)
		raw_same(raw_docs[i], raw_docs[i], strlen(raw_docs[i]));
}

/* An item longer than FEED_XML_KEEP_MAX with damage past that point: the
 * raw reading cannot go back to its start, so the item is skipped as
 * recovery skips one; the items around it stay. */
static void
test_raw_long_item(void **state)
{
	struct dl_buf	 b;
	struct rec	 r;
	struct dl_err	 e;
	enum feed_result res;
	size_t		 i;
	int		 used;

	(void)state;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "<rss><channel><item><title>a</title></item>"
	    "<item><title>long</title><description>");
	for (i = 0; i < 32 * 1024; i++)
		dl_buf_adds(&b, "some text of a long story, line after line\n");
	dl_buf_adds(&b, "AT&T</description></item><item><title>z</title>"
	    "</item></channel></rss>");
	res = run_raw(b.data, b.len, 65536, NULL, 1, &r, &e, &used);
	assert_true(used);
	assert_int_equal(res, FEED_RECOVERED);
	assert_int_equal(r.items, 2);
	assert_non_null(strstr(dl_buf_str(&r.log), "|z|"));
	assert_non_null(strstr(e.msg, "(item skipped)"));
	dl_buf_clear(&r.log);
	dl_buf_clear(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunking),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_filter_offsets),
		cmocka_unit_test(test_filter_ltgt),
		cmocka_unit_test(test_filter_passed),
		cmocka_unit_test(test_filter_random),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_callback_order),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_recovery_many),
		cmocka_unit_test(test_warning_far),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_resolve_html),
		cmocka_unit_test(test_charset_hint),
		cmocka_unit_test(test_plain_items),
		cmocka_unit_test(test_raw_same),
		cmocka_unit_test(test_raw_long_item),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
