/* test_hub.c: hub_ unit tables (canonical URLs, headline-likeness, URL
 * shapes, timestamp attributes, discovery order) and the hub fixtures in
 * tests/data/hub/ compared with their expected stories or feeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "dl.h"
#include "hub.h"
#include "t_fixture.h"

/* ---- fixtures ------------------------------------------------------ */

static char *
test_hub_load(const char *name, const char *ext, size_t *len)
{
	char	*rel = dl_printf("hub/%s.%s", name, ext), *r;

	r = t_fixture(rel, len);
	free(rel);
	return r;
}

/* The lines of s as an array (s is modified). */
static size_t
test_hub_lines(char *s, char ***out)
{
	char	**v = NULL, *p = s, *nl;
	size_t	 n = 0;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = '\0';
		if (*p != '\0' && *p != '#') {
			v = dl_reallocarray(v, n + 1, sizeof *v);
			v[n++] = p;
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	*out = v;
	return n;
}

struct test_hub_got {
	struct dl_buf	 lines;
	size_t		 n;
	char		*first_summary;
};

static void
test_hub_on_item(void *ctx, const struct feed_item *it)
{
	struct test_hub_got	*g = ctx;
	char			 ts[DATE_RFC3339_SIZE];

	if (date_format_rfc3339(it->published, ts, sizeof ts) != 0)
		snprintf(ts, sizeof ts, "-");
	assert_string_equal(it->id, it->link);
	dl_buf_addf(&g->lines, "%s\t%s\t%s\n", it->link, it->title, ts);
	if (g->n++ == 0 && it->summary != NULL)
		g->first_summary = dl_strdup(it->summary);
}

/* Count expected lines present in got (in order) and got lines absent
 * from expected. */
static void
test_hub_compare(const char *name, char **exp, size_t nexp, char **got,
    size_t ngot)
{
	size_t	 i, j, wrong = 0, right = 0;

	for (j = 0; j < ngot; j++) {
		for (i = 0; i < nexp; i++)
			if (strcmp(exp[i], got[j]) == 0)
				break;
		if (i == nexp) {
			wrong++;
			print_message("  %s: unexpected: %s\n", name, got[j]);
		} else
			right++;
	}
	for (i = 0; i < nexp; i++)
		if (i >= ngot || strcmp(exp[i], got[i]) != 0)
			print_message("  %s: line %zu expected: %s\n", name,
			    i + 1, exp[i]);
	print_message("%s: expected %zu stories, found %zu, wrong %zu\n",
	    name, nexp, right, wrong);
	assert_int_equal(wrong, 0);
	assert_int_equal(right, nexp);
	assert_int_equal(ngot, nexp);
	for (i = 0; i < nexp; i++)
		assert_string_equal(got[i], exp[i]);
}

struct test_hub_fixture {
	const char	*name;
	const char	*url;
	const char	*link_pattern;
	const char	*teaser;	/* substring of the first summary */
};

static const struct test_hub_fixture test_hub_fixtures[] = {
	{ "wire", "https://wirewire.example/hub/asia-pacific", NULL,
	  "200,000 homes &amp; grounding" },
	{ "section", "https://www.dailyledger.example/world/", NULL,
	  "ceasefire talks" },
	{ "blog", "https://blog.quietloop.example/blog/", NULL,
	  "the Python prototype, the streaming parser moved to C. Here is what "
	  "we measured &lt;before&gt; and after" },
	{ "korean", "https://www.hanbitnews.example/news/articleList.html"
	  "?sc_section_code=S1N2&view_type=sm", NULL, "\xec\x98\x88\xec\x82\xb0" },
	{ "login", "https://members.dailyledger.example/login", NULL, NULL },
	{ "about", "https://quietloop.example/about/", NULL, NULL },
	{ "pattern", "https://radio.example/programs/", "/episodes/[0-9]+$",
	  NULL },
};

static void
test_hub_fixture(const struct test_hub_fixture *fx)
{
	struct hub_opts		 opts = { fx->link_pattern, NULL };
	struct hub_stats	 st;
	struct test_hub_got	 g;
	struct dl_err		 err;
	char			*html, *exp, **ev, **gv;
	size_t			 len, elen, ne, ng;

	html = test_hub_load(fx->name, "html", &len);
	exp = test_hub_load(fx->name, "expected", &elen);
	assert_non_null(html);
	assert_non_null(exp);
	memset(&g, 0, sizeof g);
	dl_buf_init(&g.lines, DL_BUF_CAP_DEFAULT);
	assert_int_equal(hub_parse(html, len, fx->url, &opts,
	    test_hub_on_item, &g, &st, &err), 0);
	ne = test_hub_lines(exp, &ev);
	ng = test_hub_lines(g.lines.data, &gv);
	assert_int_equal(st.stories, ng);
	assert_true(st.links >= ng);
	if (ng == 0) {
		print_message("  %s: reason: %s\n", fx->name, st.reason);
		assert_true(st.reason[0] != '\0');
	}
	test_hub_compare(fx->name, ev, ne, gv, ng);
	if (fx->teaser != NULL) {
		assert_non_null(g.first_summary);
		assert_non_null(strstr(g.first_summary, fx->teaser));
	}
	free(ev);
	free(gv);
	free(g.first_summary);
	dl_buf_clear(&g.lines);
	free(html);
	free(exp);
}

static void
test_hub_fixtures_all(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof test_hub_fixtures / sizeof
	    test_hub_fixtures[0]; i++)
		test_hub_fixture(&test_hub_fixtures[i]);
}

struct test_hub_disc {
	const char	*name;
	const char	*url;
};

static const struct test_hub_disc test_hub_discs[] = {
	{ "feeds", "https://www.quietloop.example/news/index.html" },
	{ "afeed", "https://smallpress.example/" },
	{ "wire", "https://wirewire.example/hub/asia-pacific" },
};

static void
test_hub_discover_fixtures(void **state)
{
	struct hub_feed	*v;
	struct dl_buf	 b;
	char		*html, *exp, **ev, **gv;
	size_t		 i, j, n, len, elen, ne, ng;

	(void)state;
	for (i = 0; i < sizeof test_hub_discs / sizeof test_hub_discs[0];
	    i++) {
		html = test_hub_load(test_hub_discs[i].name, "html", &len);
		exp = test_hub_load(test_hub_discs[i].name, "feeds", &elen);
		assert_non_null(html);
		assert_non_null(exp);
		n = hub_discover(html, len, test_hub_discs[i].url, NULL, &v);
		dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
		for (j = 0; j < n; j++)
			dl_buf_addf(&b, "%s\t%s\t%s\n", v[j].url,
			    v[j].type != NULL ? v[j].type : "-",
			    v[j].title != NULL ? v[j].title : "-");
		ne = test_hub_lines(exp, &ev);
		ng = test_hub_lines(b.data, &gv);
		print_message("%s: expected %zu feeds, found %zu\n",
		    test_hub_discs[i].name, ne, ng);
		assert_int_equal(ng, ne);
		for (j = 0; j < ne; j++)
			assert_string_equal(gv[j], ev[j]);
		free(ev);
		free(gv);
		dl_buf_clear(&b);
		hub_feeds_free(v, n);
		free(html);
		free(exp);
	}
}

/* ---- unit tables --------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*out;	/* NULL: refused */
	const char	*why;
} test_hub_canon[] = {
	{ "https://example.com/a/b#frag", "https://example.com/a/b",
	  "fragment dropped" },
	{ "HTTPS://News.Example.COM/Story", "https://news.example.com/Story",
	  "scheme and host lower-cased, path kept" },
	{ "https://example.com/a?utm_source=x&utm_medium=y",
	  "https://example.com/a", "all parameters tracking: no ?" },
	{ "https://example.com/news/articleView.html?idxno=123&fbclid=Z",
	  "https://example.com/news/articleView.html?idxno=123",
	  "idxno kept, fbclid dropped" },
	{ "https://example.com/a?b=1&gclid=2&c=3&mc_cid=4&mc_eid=5",
	  "https://example.com/a?b=1&c=3", "order of kept params kept" },
	{ "https://example.com/a?ref=hub&cmp=x&ocid=y&ito=z&UTM_Term=q",
	  "https://example.com/a", "ref, cmp, ocid, ito, upper-case utm" },
	{ "https://example.com:443/a", "https://example.com/a",
	  "default port dropped" },
	{ "http://example.com:8080/a", "http://example.com:8080/a",
	  "other port kept" },
	{ "https://example.com/a?referrer=1", "https://example.com/a?referrer=1",
	  "ref is a whole name, not a prefix" },
	{ "mailto:desk@example.com", NULL, "not http" },
	{ "/relative/path", NULL, "not absolute" },
	{ "javascript:void(0)", NULL, "script link" },
};

static void
test_hub_canonical(void **state)
{
	char	*s;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof test_hub_canon / sizeof test_hub_canon[0];
	    i++) {
		s = hub_canonical_url(test_hub_canon[i].in);
		if (test_hub_canon[i].out == NULL) {
			if (s != NULL)
				print_message("%s: got %s\n",
				    test_hub_canon[i].why, s);
			assert_null(s);
			continue;
		}
		if (s == NULL || strcmp(s, test_hub_canon[i].out) != 0)
			print_message("%s: got %s\n", test_hub_canon[i].why,
			    s != NULL ? s : "(null)");
		assert_non_null(s);
		assert_string_equal(s, test_hub_canon[i].out);
		free(s);
	}
}

static const struct {
	const char	*text;
	int		 loose;
	int		 like;
	const char	*why;
} test_hub_heads[] = {
	{ "North Korea fires missile into sea", 0, 1, "six words" },
	{ "Typhoon hits Okinawa", 0, 0, "three words, 20 chars" },
	{ "Typhoon hits Okinawa hard", 0, 1, "four words" },
	{ "Extraordinarily-long-hyphenated", 0, 1, "one word, 31 chars" },
	{ "Read more", 0, 0, "promo link" },
	{ "Read more about the typhoon", 0, 0, "read more prefix" },
	{ "Load more", 0, 0, "pagination" },
	{ "More stories", 0, 0, "pagination" },
	{ "Sign in to your account now", 0, 0, "login" },
	{ "Subscribe for unlimited access", 0, 0, "subscribe" },
	{ "Share on Facebook with friends", 0, 0, "share" },
	{ "Terms of Use and Conditions", 0, 0, "footer" },
	{ "Privacy Policy for this site", 0, 0, "footer" },
	{ "WORLD NEWS ASIA PACIFIC", 0, 0, "all-caps nav label" },
	{ "", 0, 0, "empty" },
	{ "   ", 0, 0, "blank" },
	{ "\xec\x9c\xa4 \xec\x98\x88\xec\x82\xb0\xec\x95\x88 "
	  "\xea\xb5\xad\xed\x9a\x8c \xed\x86\xb5\xea\xb3\xbc "
	  "\xec\xb4\x89\xea\xb5\xac", 0, 1, "Korean, 10 syllables" },
	{ "\xec\xa0\x95\xec\xb9\x98 \xea\xb2\xbd\xec\xa0\x9c", 0, 0,
	  "Korean section names, 4 syllables" },
	{ "\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xa7\xe5\xa4\xa7\xe9\x9b\xa8"
	  "\xe8\xad\xa6\xe5\xa0\xb1\xe3\x82\x92\xe7\x99\xba\xe8\xa1\xa8", 0, 1,
	  "Japanese, no spaces, 10 characters" },
	{ "Episode 12", 1, 1, "loose: two words" },
	{ "Episode", 1, 0, "loose: one word" },
	{ "\xec\xa0\x95\xec\xb9\x98 \xea\xb2\xbd\xec\xa0\x9c", 1, 1,
	  "loose: 4 CJK" },
};

static void
test_hub_headline(void **state)
{
	size_t	 i;
	int	 r;

	(void)state;
	for (i = 0; i < sizeof test_hub_heads / sizeof test_hub_heads[0];
	    i++) {
		r = hub_headline_like(test_hub_heads[i].text,
		    test_hub_heads[i].loose);
		if (r != test_hub_heads[i].like)
			print_message("row %zu (%s): got %d\n", i,
			    test_hub_heads[i].why, r);
		assert_int_equal(r, test_hub_heads[i].like);
	}
}

static const struct {
	const char	*url;
	const char	*shape;
	const char	*why;
} test_hub_shapes[] = {
	{ "https://a.example/article/typhoon-hits-japan-3f9a2c81d0e4b7a6",
	  "/article/{slug}", "slug with hex id" },
	{ "https://a.example/2026/11/26/world/typhoon-hits-japan.html",
	  "/{yyyy}/{nn}/{nn}/world/{slug}.html", "dated path, extension" },
	{ "https://a.example/news/articleView.html?idxno=123456",
	  "/news/articleview.html?idxno={num}", "query value classed" },
	{ "https://a.example/blog/hello-world/", "/blog/{slug}/",
	  "short slug, trailing slash" },
	{ "https://a.example/world", "/world", "section: literal" },
	{ "https://a.example/p/3f9a2c81d0e4", "/p/{hex}", "hex id" },
	{ "https://a.example/story/12345678", "/story/{num}", "numeric id" },
	{ "https://a.example/deadbeef", "/deadbeef", "hex without digit" },
	{ "https://a.example/", "/", "root" },
};

static void
test_hub_shape(void **state)
{
	char	*s;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof test_hub_shapes / sizeof test_hub_shapes[0];
	    i++) {
		s = hub_url_shape(test_hub_shapes[i].url);
		assert_non_null(s);
		if (strcmp(s, test_hub_shapes[i].shape) != 0)
			print_message("%s: got %s\n", test_hub_shapes[i].why,
			    s);
		assert_string_equal(s, test_hub_shapes[i].shape);
		free(s);
	}
	assert_null(hub_url_shape("not a url"));
}

static const struct {
	const char	*value;
	int64_t		 t;
	const char	*why;
} test_hub_times[] = {
	{ "1795685400", 1795685400, "seconds" },
	{ "1795685400000", 1795685400, "milliseconds" },
	{ " 1795685400123 ", 1795685400, "ms with spaces, truncated" },
	{ "2026-11-26T09:30:00Z", 1795685400, "RFC 3339 UTC" },
	{ "2026-11-26T18:30:00+09:00", 1795685400, "RFC 3339 offset" },
	{ "179568540", DATE_NONE, "9 digits" },
	{ "17956854000", DATE_NONE, "11 digits" },
	{ "2 hours ago", DATE_NONE, "relative text" },
	{ "Nov 26, 2026", DATE_NONE, "not RFC 3339" },
	{ "", DATE_NONE, "empty" },
	{ NULL, DATE_NONE, "missing" },
};

static void
test_hub_timestamp(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof test_hub_times / sizeof test_hub_times[0];
	    i++) {
		if (hub_timestamp(test_hub_times[i].value) !=
		    test_hub_times[i].t)
			print_message("%s: wrong\n", test_hub_times[i].why);
		assert_true(hub_timestamp(test_hub_times[i].value) ==
		    test_hub_times[i].t);
	}
}

static const struct {
	const char	*html;
	const char	*want;	/* URLs joined by spaces, in order */
	const char	*why;
} test_hub_orders[] = {
	{ "<link rel=alternate type=application/atom+xml href=/a.atom>"
	  "<link rel=alternate type=application/rss+xml href=/r.rss>",
	  "https://s.example/a.atom https://s.example/r.rss ",
	  "page order, not type order" },
	{ "<link rel='alternate nofollow' type=application/rss+xml "
	  "href=/r.xml><link rel=alternate type=application/rss+xml "
	  "href=/r.xml>", "https://s.example/r.xml ",
	  "rel tokens; duplicate dropped" },
	{ "<base href='https://cdn.example/x/'>"
	  "<link rel=alternate type=application/rss+xml href=feed.xml>",
	  "https://cdn.example/x/feed.xml ", "base href" },
	{ "<link rel=alternate type=application/json href=/wp-json/wp/v2/1>"
	  "<link rel=alternate type=application/json href=/feed.json>",
	  "https://s.example/feed.json ", "application/json needs a feed URL" },
	{ "<link rel=alternate type=text/xml href=/sitemap.xml>"
	  "<link rel=alternate type=text/xml href=/rss.xml>",
	  "https://s.example/rss.xml ", "text/xml needs a feed URL" },
	{ "<link rel=stylesheet type=application/rss+xml href=/r.rss>", "",
	  "rel without alternate" },
	{ "<link rel=alternate type=application/rss+xml href=/r.rss>"
	  "<a href=/feed/>RSS</a>", "https://s.example/r.rss ",
	  "<a> only when no <link>" },
	{ "<a href=/feed/>RSS</a><a href=https://other.example/feed/>x</a>"
	  "<a href=https://feeds.host.example/s>y</a><a href=/about>z</a>",
	  "https://s.example/feed/ https://feeds.host.example/s ",
	  "<a>: same site or feed host" },
};

static void
test_hub_discover_order(void **state)
{
	struct hub_feed	*v;
	struct dl_buf	 b;
	size_t		 i, j, n;

	(void)state;
	for (i = 0; i < sizeof test_hub_orders / sizeof test_hub_orders[0];
	    i++) {
		n = hub_discover(test_hub_orders[i].html,
		    strlen(test_hub_orders[i].html),
		    "https://s.example/page", NULL, &v);
		dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
		for (j = 0; j < n; j++)
			dl_buf_addf(&b, "%s ", v[j].url);
		if (strcmp(dl_buf_str(&b), test_hub_orders[i].want) != 0)
			print_message("%s: got \"%s\"\n",
			    test_hub_orders[i].why, dl_buf_str(&b));
		assert_string_equal(dl_buf_str(&b), test_hub_orders[i].want);
		dl_buf_clear(&b);
		hub_feeds_free(v, n);
	}
}

static void
test_hub_same_site(void **state)
{
	(void)state;
	assert_true(hub_same_site("www.example.com", "example.com"));
	assert_true(hub_same_site("m.example.com", "www.example.com"));
	assert_true(hub_same_site("news.example.co.kr", "www.example.co.kr"));
	assert_false(hub_same_site("other.co.kr", "example.co.kr"));
	assert_false(hub_same_site("example.com", "example.org"));
	assert_false(hub_same_site(NULL, "example.org"));
}

static void
test_hub_bad_pattern(void **state)
{
	struct hub_opts	 opts = { "([unclosed", NULL };
	struct dl_err	 err;

	(void)state;
	err.msg[0] = '\0';
	assert_int_equal(hub_parse("<a href=/x>x</a>", 16,
	    "https://s.example/", &opts, NULL, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "link-pattern"));
}

/* Small pages for the rules the fixtures do not isolate. */
static const struct {
	const char	*html;
	const char	*want;	/* "URL|title|time;" per story */
	const char	*why;
} test_hub_pages[] = {
	{ "<script type=application/ld+json>{\"@type\":\"ItemList\","
	  "\"itemListElement\":[{\"url\":\"/v/101\",\"name\":\"Flood waters "
	  "rise in the delta\",\"datePublished\":\"2026-11-20T10:00:00Z\"},"
	  "{\"item\":{\"@id\":\"/v/102\",\"headline\":\"Markets close "
	  "lower on rate fears\"}}]}</script>"
	  "<a href=/v/101><img alt=''></a><a href=/v/102><img alt=''></a>",
	  "https://s.example/v/101|Flood waters rise in the delta|"
	  "2026-11-20T10:00:00Z;https://s.example/v/102|Markets close lower "
	  "on rate fears|-;", "JSON-LD ItemList: headline and date for "
	  "image-only links" },
	{ "<a href=/hub/>Our hub page of stories here</a>"
	  "<div><a href=/a/1-x>First story about the city</a></div>"
	  "<div><a href=/a/2-y>Second story about the city</a></div>"
	  "<div><a href=/a/3-z>Third story about the city</a></div>",
	  "https://s.example/a/1-x|First story about the city|-;"
	  "https://s.example/a/2-y|Second story about the city|-;"
	  "https://s.example/a/3-z|Third story about the city|-;",
	  "the page's own URL is not a story" },
	{ "<div><a href=/a/1-x><img alt='A long alt text for a photo'></a>"
	  "<a href=/a/1-x>Short</a></div>"
	  "<div><a href=/a/2-y>Second story about the city</a></div>"
	  "<div><a href=/a/3-z>Third story about the city</a></div>"
	  "<div><a href=/a/4-w>Fourth story about the city</a></div>",
	  "https://s.example/a/2-y|Second story about the city|-;"
	  "https://s.example/a/3-z|Third story about the city|-;"
	  "https://s.example/a/4-w|Fourth story about the city|-;",
	  "no headline-like text but an alt: not a story" },
	{ "<div data-timestamp=1795685400><a href=/a/1-x>First story about "
	  "the city</a></div><div><time datetime=2026-11-26>x</time>"
	  "<a href=/a/2-y>Second story about the city</a></div>"
	  "<div><a href=/a/3-z>Third story about the city</a></div>",
	  "https://s.example/a/1-x|First story about the city|"
	  "2026-11-26T09:30:00Z;https://s.example/a/2-y|Second story about "
	  "the city|2026-11-26T00:00:00Z;https://s.example/a/3-z|Third story "
	  "about the city|-;", "promo timestamps stay with their promo" },
};

static void
test_hub_on_compact(void *ctx, const struct feed_item *it)
{
	char	 ts[DATE_RFC3339_SIZE];

	if (date_format_rfc3339(it->published, ts, sizeof ts) != 0)
		snprintf(ts, sizeof ts, "-");
	dl_buf_addf(ctx, "%s|%s|%s;", it->link, it->title, ts);
}

static void
test_hub_small_pages(void **state)
{
	struct dl_buf	 b;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof test_hub_pages / sizeof test_hub_pages[0];
	    i++) {
		dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
		assert_int_equal(hub_parse(test_hub_pages[i].html,
		    strlen(test_hub_pages[i].html), "https://s.example/hub/",
		    NULL, test_hub_on_compact, &b, NULL, NULL), 0);
		if (strcmp(dl_buf_str(&b), test_hub_pages[i].want) != 0)
			print_message("%s: got %s\n", test_hub_pages[i].why,
			    dl_buf_str(&b));
		assert_string_equal(dl_buf_str(&b), test_hub_pages[i].want);
		dl_buf_clear(&b);
	}
}

static void
test_hub_on_summary(void *ctx, const struct feed_item *it)
{
	char	**s = ctx;

	if (*s == NULL && it->summary != NULL)
		*s = dl_strdup(it->summary);
}

/* A long teaser is cut at a word before 400 bytes and marked. */
static void
test_hub_teaser_cap(void **state)
{
	struct dl_buf	 b;
	char		*sum = NULL;
	int		 i;

	(void)state;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (i = 1; i <= 3; i++) {
		dl_buf_addf(&b, "<div><h3><a href=/a/%d-x>Story number %d "
		    "about the city</a></h3><p>", i, i);
		while (b.len < (size_t)i * 1000)
			dl_buf_adds(&b, "word & word ");
		dl_buf_adds(&b, "</p></div>");
	}
	hub_parse(b.data, b.len, "https://s.example/", NULL,
	    test_hub_on_summary, &sum, NULL, NULL);
	assert_non_null(sum);
	assert_true(strlen(sum) <= 400 + 4 * 40 + 3);
	assert_true(strlen(sum) > 300);
	assert_non_null(strstr(sum, "word &amp; word"));
	assert_string_equal(sum + strlen(sum) - 3, "\xe2\x80\xa6");
	free(sum);
	dl_buf_clear(&b);
}

/* Without its link-pattern, the programs page gives the program cards:
 * the pattern is what replaces the heuristic's choice. */
static void
test_hub_pattern_replaces(void **state)
{
	struct dl_buf	 b;
	char		*html;
	size_t		 len;

	(void)state;
	html = test_hub_load("pattern", "html", &len);
	assert_non_null(html);
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	hub_parse(html, len, "https://radio.example/programs/", NULL,
	    test_hub_on_compact, &b, NULL, NULL);
	assert_non_null(strstr(dl_buf_str(&b), "/programs/night-shift-jazz-"
	    "and-blues/|"));
	assert_null(strstr(dl_buf_str(&b), "/episodes/"));
	dl_buf_clear(&b);
	free(html);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hub_canonical),
		cmocka_unit_test(test_hub_headline),
		cmocka_unit_test(test_hub_shape),
		cmocka_unit_test(test_hub_timestamp),
		cmocka_unit_test(test_hub_discover_order),
		cmocka_unit_test(test_hub_same_site),
		cmocka_unit_test(test_hub_bad_pattern),
		cmocka_unit_test(test_hub_discover_fixtures),
		cmocka_unit_test(test_hub_fixtures_all),
		cmocka_unit_test(test_hub_small_pages),
		cmocka_unit_test(test_hub_teaser_cap),
		cmocka_unit_test(test_hub_pattern_replaces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
