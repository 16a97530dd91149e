/* test_refresh.c: refresh_ units. refresh_probe_decide, the decision that
 * `dateline add` and the reader's a share: the fixtures of tests/data/hub
 * and tests/data/hubint, and small pages inline, each with what it must be
 * taken for (a feed, a page advertising one, a hub page, or refused). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dl.h"
#include "refresh.h"
#include "t_fixture.h"

#define T_BASE	"http://news.example/section/page.html"

struct t_probe {
	const char	*file;		/* under tests/data, or NULL: */
	const char	*body;		/* the page inline */
	const char	*pattern;	/* link-pattern, or NULL */
	int		 hub_only;	/* the tag hub was given */
	enum refresh_probe_kind kind;
	const char	*url;		/* wanted url, NULL for none */
	const char	*title;		/* a part of the title, or NULL */
	const char	*reason;	/* a part of the reason, or NULL */
	const char	*why;		/* what the row covers */
};

static const struct t_probe t_probes[] = {
	{ "hubint/feed.xml", NULL, NULL, 0, REFRESH_PROBE_FEED, T_BASE,
	    "Hubint Test Wire", NULL, "RSS, whatever the URL looks like" },
	{ "hubint/atom.xml", NULL, NULL, 0, REFRESH_PROBE_FEED, T_BASE,
	    "(Atom)", NULL, "Atom" },
	{ NULL, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
	    "<title>Empty for now</title></channel></rss>", NULL, 0,
	    REFRESH_PROBE_FEED, T_BASE, "Empty for now", NULL,
	    "a feed with no items yet is still a feed" },
	{ "hubint/alternate.html", NULL, NULL, 0, REFRESH_PROBE_DISCOVERED,
	    "http://news.example/feed.xml", NULL, NULL,
	    "a page advertising feeds: the first, resolved on the base" },
	{ NULL, "<html><head><link rel=\"alternate\" type=\"application/"
	    "rss+xml\" href=\"ftp://news.example/feed.xml\"></head><body>"
	    "<p>Nothing here.</p></body></html>", NULL, 0,
	    REFRESH_PROBE_REFUSED, NULL, NULL, "0 stories",
	    "a feed link that is not http(s) is not offered" },
	{ "hubint/nostories.html", NULL, NULL, 0, REFRESH_PROBE_REFUSED, NULL,
	    NULL, "no feed, and not a hub page",
	    "a page with neither a feed nor stories" },
	{ "hub/section.html", NULL, NULL, 0, REFRESH_PROBE_HUB, T_BASE, NULL,
	    NULL, "a section page of headlines is a hub" },
	{ "hubint/feed.xml", NULL, NULL, 1, REFRESH_PROBE_REFUSED, NULL, NULL,
	    "stor", "the tag hub skips the feed checks" },
	{ "hub/section.html", NULL, "([", 0, REFRESH_PROBE_INVALID, NULL,
	    NULL, "link-pattern", "a link-pattern that is no regex" },
	{ NULL, "", NULL, 0, REFRESH_PROBE_REFUSED, NULL, NULL, NULL,
	    "an empty body" },
	{ NULL, "\x1b[2J\x9b" "31m not a page at all", NULL, 0,
	    REFRESH_PROBE_REFUSED, NULL, NULL, NULL, "bytes of anything" },
};

static void
t_probe_row(const struct t_probe *t)
{
	struct refresh_probe_result	 r;
	const char			*body = t->body;
	char				*owned = NULL;
	size_t				 len;

	if (t->file != NULL)
		body = owned = t_fixture(t->file, &len);
	else
		len = strlen(body);
	memset(&r, 0, sizeof r);
	refresh_probe_decide(body, len, T_BASE, NULL, NULL, t->pattern,
	    t->hub_only, &r);
	if (r.kind != t->kind)
		fail_msg("%s: kind %s, wanted %s (reason: %s)", t->why,
		    refresh_probe_kind_name(r.kind),
		    refresh_probe_kind_name(t->kind),
		    r.reason != NULL ? r.reason : "none");
	if (t->url == NULL)
		assert_null(r.url);
	else if (r.url == NULL || strcmp(r.url, t->url) != 0)
		fail_msg("%s: url %s, wanted %s", t->why,
		    r.url != NULL ? r.url : "NULL", t->url);
	if (t->title != NULL && (r.title == NULL ||
	    strstr(r.title, t->title) == NULL))
		fail_msg("%s: title '%s' lacks '%s'", t->why,
		    r.title != NULL ? r.title : "NULL", t->title);
	if (t->reason != NULL && (r.reason == NULL ||
	    strstr(r.reason, t->reason) == NULL))
		fail_msg("%s: reason '%s' lacks '%s'", t->why,
		    r.reason != NULL ? r.reason : "NULL", t->reason);
	if (r.kind == REFRESH_PROBE_REFUSED || r.kind == REFRESH_PROBE_INVALID)
		assert_non_null(r.reason);
	if (r.kind == REFRESH_PROBE_HUB)
		assert_true(r.stories >= REFRESH_PROBE_MIN_STORIES);
	refresh_probe_result_clear(&r);
	assert_null(r.url);
	free(owned);
}

static void
test_probe_decide(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t_probes / sizeof t_probes[0]; i++)
		t_probe_row(&t_probes[i]);
}

/* A page advertising several feeds: the first is taken, the others are
 * offered in page order. */
static void
test_probe_offered(void **state)
{
	static const char page[] = "<html><head>"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "title=\"Top\" href=\"/top.xml\">"
	    "<link rel=\"alternate\" type=\"application/atom+xml\" "
	    "title=\"Asia\" href=\"https://news.example/asia.atom\">"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "href=\"rel.xml\">"
	    "</head><body></body></html>";
	struct refresh_probe_result	 r;

	(void)state;
	memset(&r, 0, sizeof r);
	refresh_probe_decide(page, sizeof page - 1, T_BASE, NULL, NULL, NULL,
	    0, &r);
	assert_int_equal(r.kind, REFRESH_PROBE_DISCOVERED);
	assert_string_equal(r.url, "http://news.example/top.xml");
	assert_int_equal(r.noffered, 2);
	refresh_probe_result_clear(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_decide),
		cmocka_unit_test(test_probe_offered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
