/* test_extract.c: the scoring pieces of extract_ (class names, link
 * density, CJK weighting, punctuation), JSON-LD forms, per-site rules,
 * the articleBody fallback and the no-article case. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dl.h"
#include "extract.h"

static void
test_class_weight(void **state)
{
	static const struct {
		const char	*cls, *id;
		int		 want;
		const char	*quirk;
	} t[] = {
		{ "ad-slot", NULL, -25, "ad as a part before '-'" },
		{ "head", NULL, 0, "ad inside a word is not an ad" },
		{ "shadow download", NULL, 0, "nor inside these" },
		{ "sharebar", NULL, -25, "share inside a word" },
		{ "comments-section", NULL, -75, "comments: -25 and -50" },
		{ NULL, "disqus_thread", -75, "id counts as a class" },
		{ "article-body", NULL, 25, "story name" },
		{ "article-share", NULL, 0, "both: cancel" },
		{ "Related-Coverage", NULL, -25, "case folded" },
		{ "more-stories", NULL, -25, "multiword pattern" },
		{ "entry-content", "main", 25, "positive once" },
		{ "nav", NULL, -25, "nav as a whole class" },
		{ "canvas", NULL, 0, "nav inside a word is not nav" },
		{ NULL, NULL, 0, "no names" },
		{ "outbrain-widget", NULL, -25, "recirculation vendor" },
		{ "cookie-banner", NULL, -25, "cookie banner" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		int w = extract_class_weight(t[i].cls, t[i].id);

		if (w != t[i].want)
			fail_msg("%s (%s/%s): %d, want %d", t[i].quirk,
			    t[i].cls ? t[i].cls : "-", t[i].id ? t[i].id : "-",
			    w, t[i].want);
	}
}

static void
test_text_weight(void **state)
{
	static const struct {
		const char	*s;
		size_t		 want;
		const char	*quirk;
	} t[] = {
		{ "abc def", 6, "Latin letters 1, space 0" },
		{ "\xe6\x97\xa5\xe6\x9c\xac", 6, "Han 3 each" },
		{ "\xe3\x81\x82\xe3\x82\xa2", 6, "hiragana and katakana 3" },
		{ "\xed\x95\x9c\xea\xb8\x80", 4, "Hangul 2" },
		{ "a,b.", 4, "punctuation 1" },
		{ "\xc2\xa0\xe3\x80\x80", 0, "nbsp and ideographic space 0" },
		{ "e\xcc\x81", 1, "combining mark 0" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (extract_text_weight(t[i].s, strlen(t[i].s)) != t[i].want)
			fail_msg("%s: %zu, want %zu", t[i].quirk,
			    extract_text_weight(t[i].s, strlen(t[i].s)),
			    t[i].want);
	/* 20 Han characters outweigh 40 Latin letters. */
	assert_true(extract_text_weight("\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8"
	    "\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8"
	    "\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8"
	    "\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8"
	    "\x80\xe4\xb8\x80\xe4\xb8\x80", 60) > 40);
}

static void
test_punct(void **state)
{
	(void)state;
	assert_int_equal(extract_punct_count("a, b; c. d", 10), 2);
	/* 。、，！？ */
	assert_int_equal(extract_punct_count("\xe3\x80\x82\xe3\x80\x81"
	    "\xef\xbc\x8c\xef\xbc\x81\xef\xbc\x9f", 15), 5);
	assert_int_equal(extract_punct_count("no marks", 8), 0);
}

static double
test_ld_of(const char *html)
{
	GumboOutput	*o = gumbo_parse(html);
	const GumboNode	*body;
	double		 d;

	body = ((GumboNode *)o->root->v.element.children.data[1]);
	d = extract_link_density(body);
	gumbo_destroy_output(&kGumboDefaultOptions, o);
	return d;
}

static void
test_link_density(void **state)
{
	(void)state;
	assert_true(test_ld_of("<p>abcd <a href=x>efgh</a></p>") > 0.49);
	assert_true(test_ld_of("<p>abcd <a href=x>efgh</a></p>") < 0.51);
	assert_true(test_ld_of("<ul><li><a href=a>one</a><li><a href=b>two"
	    "</a></ul>") > 0.99);
	assert_true(test_ld_of("<p>plain text only</p>") == 0);
	/* Hidden and script text does not count. */
	assert_true(test_ld_of("<p>abcd<script>var linkylinky;</script>"
	    "<a href=x style='display:none'>hidden</a></p>") == 0);
	assert_true(test_ld_of("") == 0);
	assert_true(extract_link_density(NULL) == 0);
}

static struct extract_result *
test_ld(const char *json, char **body)
{
	struct extract_result	*r = dl_calloc(1, sizeof *r);

	*body = NULL;
	(void)extract_jsonld(json, strlen(json), r, body);
	return r;
}

static void
test_jsonld_forms(void **state)
{
	static const struct {
		const char	*json;
		const char	*title, *byline, *published, *site;
		const char	*quirk;
	} t[] = {
		{ "{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"author\":"
		  "\"Ann\",\"datePublished\":\"2024-01-02T03:04:05+01:00\","
		  "\"publisher\":{\"name\":\"P\"}}", "H", "Ann",
		  "2024-01-02T02:04:05Z", "P", "plain object, author string" },
		{ "{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":"
		  "\"WebPage\",\"name\":\"W\"},{\"@type\":\"Article\","
		  "\"headline\":\"G\",\"author\":[{\"name\":\"A B\"},\"C D\"]}]}",
		  "G", "A B, C D", NULL, NULL, "@graph, author array mixed" },
		{ "[{\"@type\":\"Organization\",\"name\":\"O\"},{\"@type\":"
		  "[\"CreativeWork\",\"ReportageNewsArticle\"],\"headline\":"
		  "\"T\",\"author\":{\"@type\":\"Person\",\"name\":\" Z  Y \"},"
		  "\"publisher\":\"Pub\"}]", "T", "Z Y", NULL, "Pub",
		  "array of objects, type array, author object" },
		{ "{\"@type\":\"BlogPosting\",\"name\":\"N\"}", "N", NULL, NULL,
		  NULL, "BlogPosting, name for headline" },
		{ "{\"@type\":\"Recipe\",\"headline\":\"no\"}", NULL, NULL, NULL,
		  NULL, "not an article" },
		{ "{\"@type\":\"NewsArticle\",\"headline\":", NULL, NULL, NULL,
		  NULL, "broken JSON" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		char			*body;
		struct extract_result	*r = test_ld(t[i].json, &body);

		if ((t[i].title == NULL) != (r->title == NULL) ||
		    (t[i].title != NULL && strcmp(t[i].title, r->title)))
			fail_msg("%s: title %s", t[i].quirk, r->title);
		if ((t[i].byline == NULL) != (r->byline == NULL) ||
		    (t[i].byline != NULL && strcmp(t[i].byline, r->byline)))
			fail_msg("%s: byline %s", t[i].quirk, r->byline);
		if ((t[i].published == NULL) != (r->published == NULL) ||
		    (t[i].published != NULL && strcmp(t[i].published,
		    r->published)))
			fail_msg("%s: published %s", t[i].quirk, r->published);
		if ((t[i].site == NULL) != (r->site_name == NULL) ||
		    (t[i].site != NULL && strcmp(t[i].site, r->site_name)))
			fail_msg("%s: site %s", t[i].quirk, r->site_name);
		free(body);
		extract_result_free(r);
	}
}

/* A page of n story paragraphs inside PRE ... POST. */
static char *
test_page(const char *pre, int n, const char *post)
{
	struct dl_buf	 b;
	int		 i;

	dl_buf_init(&b, 1 << 20);
	dl_buf_adds(&b, pre);
	for (i = 0; i < n; i++)
		dl_buf_addf(&b, "<p>Story paragraph %d tells the reader what "
		    "happened, where it happened, and why it matters to the "
		    "town.</p>", i);
	dl_buf_adds(&b, post);
	return dl_buf_take(&b);
}

static void
test_comments_lose(void **state)
{
	struct extract_result	*r;
	struct dl_buf		 b;
	char			*page;
	int			 i;

	(void)state;
	/* 60 short comments, each with commas, against 6 paragraphs. */
	dl_buf_init(&b, 1 << 20);
	for (i = 0; i < 60; i++)
		dl_buf_addf(&b, "<div class=c><p>Comment %d, well, I think, "
		    "honestly, this is wrong, and so on.</p></div>", i);
	page = test_page("<html><body><div class=story>", 6, "</div>"
	    "<div id=comments>");
	dl_buf_adds(&b, "</div></body></html>");
	{
		char *full = dl_printf("%s%s", page, dl_buf_str(&b));

		r = extract_page(full, strlen(full), NULL);
		free(full);
	}
	assert_int_equal(r->status, EXTRACT_OK);
	assert_non_null(strstr(r->text, "Story paragraph 5"));
	assert_null(strstr(r->text, "Comment"));
	extract_result_free(r);
	free(page);
	dl_buf_clear(&b);
}

static void
test_no_article(void **state)
{
	static const char page[] = "<html><head><title>Sign in | Site</title>"
	    "<meta property=og:site_name content=Site></head><body><form>"
	    "<p>Sign in to your account.</p><input name=u><input name=p>"
	    "</form><p><a href=/forgot>Forgot your password?</a></p>"
	    "</body></html>";
	struct extract_result	*r;

	(void)state;
	r = extract_page(page, strlen(page), NULL);
	assert_int_equal(r->status, EXTRACT_NONE);
	assert_null(r->text);
	assert_null(r->html);
	assert_string_equal(r->title, "Sign in");
	assert_string_equal(r->site_name, "Site");
	extract_result_free(r);
	r = extract_page(NULL, 0, NULL);
	assert_int_equal(r->status, EXTRACT_NONE);
	extract_result_free(r);
}

static void
test_article_body_fallback(void **state)
{
	static const char page[] = "<html><head><script type="
	    "\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
	    "\"X\",\"articleBody\":\"First paragraph of the real story, which "
	    "the page only loads with JavaScript, is long enough to count.\\n"
	    "\\nSecond paragraph, also long, tells the rest of what happened "
	    "in the valley on Tuesday night.\\nThird paragraph closes the "
	    "story with a quote from the mayor about the bridge, which was "
	    "closed for repairs on Monday and will stay closed until the river "
	    "falls, engineers said, adding that the old stone piers had held "
	    "up well in the flood.\\nA fourth paragraph says the council will "
	    "meet on Friday to decide how to pay for the repairs, which could "
	    "cost more than the town spends on roads in a whole year.\"}"
	    "</script>"
	    "</head><body><div class=teaser><p>Loading the story, please "
	    "wait a moment...</p></div></body></html>";
	struct extract_result	*r;

	(void)state;
	r = extract_page(page, strlen(page), NULL);
	assert_int_equal(r->status, EXTRACT_OK);
	assert_non_null(r->text);
	assert_true(strncmp(r->text, "First paragraph", 15) == 0);
	assert_non_null(strstr(r->text, "happened in the valley on Tuesday "
	    "night.\n\nThird paragraph"));
	assert_null(strstr(r->text, "Loading"));
	extract_result_free(r);
}

static void
test_rules(void **state)
{
	struct extract_rules	*rs = extract_rules_new();
	struct extract_opts	 o = { "https://www.site.example/a", NULL, NULL };
	struct extract_result	*r;
	struct dl_err		 e;
	char			*page;

	(void)state;
	assert_int_equal(extract_rules_add(rs, "# comment", &e), 0);
	assert_int_equal(extract_rules_add(rs, "site.example div#x "
	    "[data-k=v]", &e), 0);
	assert_int_equal(extract_rules_add(rs, "site.example -p.drop", &e), 0);
	assert_int_equal(extract_rules_add(rs, "other.example .y", &e), 0);
	assert_int_equal(extract_rules_add(rs, "site.example div..", &e), -1);
	assert_int_equal(extract_rules_add(rs, "site.example [a=b", &e), -1);
	o.rules = rs;
	/* Generic scoring would take the long story; the rule takes #x. */
	page = test_page("<html><body><div class=story>", 8, "</div><div "
	    "id=x><div data-k=v><p>Chosen by the site rule, this paragraph is "
	    "what the user wants, and it is long enough to count as text for "
	    "the article threshold, with more words after it to pass four "
	    "hundred, and then some more words, and more, and yet more words "
	    "to be safe about it, the end of it all.</p><p>A second chosen "
	    "paragraph adds enough text to the rule's element that it clears "
	    "the threshold by itself, whatever the scoring would say.</p>"
	    "<p>A third one, to be sure: rules are for pages the generic "
	    "algorithm gets wrong, and they must win over its scores.</p>"
	    "<p class=drop>Removed"
	    " by the second rule, though long enough to stay otherwise, yes."
	    "</p></div></div></body></html>");
	r = extract_page(page, strlen(page), &o);
	assert_int_equal(r->status, EXTRACT_OK);
	if (strncmp(r->text, "Chosen by the site rule", 23) != 0)
		fail_msg("text: %.200s", r->text);
	assert_null(strstr(r->text, "Story paragraph"));
	assert_null(strstr(r->text, "Removed"));
	extract_result_free(r);
	/* Another host: the generic algorithm. */
	o.url = "https://notsite.example/a";
	r = extract_page(page, strlen(page), &o);
	assert_non_null(strstr(r->text, "Story paragraph"));
	extract_result_free(r);
	free(page);
	extract_rules_free(rs);
}

static void
test_titles(void **state)
{
	static const struct {
		const char	*head, *body, *want, *quirk;
	} t[] = {
		{ "<meta property=og:title content='Fire on Main St | Gazette'>"
		  "<meta property=og:site_name content=Gazette>", "",
		  "Fire on Main St", "og:title with the site suffix" },
		{ "<title>A - B - Gazette</title><meta property=og:site_name "
		  "content=Gazette>", "", "A - B", "only the site suffix goes" },
		{ "<title>\xe8\xa6\x8b\xe5\x87\xba\xe3\x81\x97\xef\xbd"
		  "\x9c\xe6\x96\xb0\xe8\x81\x9e</title><meta property="
		  "og:site_name content=\xe6\x96\xb0\xe8\x81\x9e>", "",
		  "\xe8\xa6\x8b\xe5\x87\xba\xe3\x81\x97",
		  "fullwidth bar, no spaces" },
		{ "<title>Storm hits coast - Daily</title>", "<h1>Storm hits "
		  "coast</h1>", "Storm hits coast", "site unknown: the h1" },
		{ "<title>Just a title</title>", "<h1>Other</h1>",
		  "Just a title", "h1 unrelated: the title" },
		{ "", "<h1> Only   an h1 </h1>", "Only an h1", "no title" },
	};
	struct extract_result	*r;
	char			*page;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		page = dl_printf("<html><head>%s</head><body>%s</body></html>",
		    t[i].head, t[i].body);
		r = extract_page(page, strlen(page), NULL);
		if (r->title == NULL || strcmp(r->title, t[i].want) != 0)
			fail_msg("%s: %s", t[i].quirk, r->title);
		extract_result_free(r);
		free(page);
	}
}

static void
test_base_href(void **state)
{
	struct extract_opts	 o = { "https://x.example/a/b.html", NULL, NULL };
	struct extract_result	*r;
	char			*page;

	(void)state;
	page = test_page("<html><head><base href=/news/></head><body><div>"
	    "<p>See <a href=story.html>the earlier story</a> and the rest of "
	    "this long paragraph, which has enough words of its own.</p>", 6,
	    "<p style='display:none'>Hidden paragraph text that a browser "
	    "would never show to the reader, so it must go.</p></div></body>"
	    "</html>");
	r = extract_page(page, strlen(page), &o);
	assert_int_equal(r->status, EXTRACT_OK);
	assert_non_null(strstr(r->html,
	    "href=\"https://x.example/news/story.html\""));
	assert_null(strstr(r->text, "Hidden"));
	extract_result_free(r);
	free(page);
}

static void
test_charset_hint(void **state)
{
	/* "café" in Latin-1 with no meta: the caller's hint decides. */
	char			*page;
	struct extract_opts	 o = { NULL, "iso-8859-1", NULL };
	struct extract_result	*r;

	(void)state;
	page = test_page("<html><body><div><p>Caf\xe9 story.</p>", 6,
	    "</div></body></html>");
	r = extract_page(page, strlen(page), &o);
	assert_string_equal(r->charset, "WINDOWS-1252");
	assert_non_null(strstr(r->text, "Caf\xc3\xa9 story."));
	extract_result_free(r);
	free(page);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_weight),
		cmocka_unit_test(test_text_weight),
		cmocka_unit_test(test_punct),
		cmocka_unit_test(test_link_density),
		cmocka_unit_test(test_jsonld_forms),
		cmocka_unit_test(test_comments_lose),
		cmocka_unit_test(test_no_article),
		cmocka_unit_test(test_article_body_fallback),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_base_href),
		cmocka_unit_test(test_charset_hint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
