/* test_url.c: unit tests for URL resolution and scheme checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "url.h"

struct url_case {
	const char	*base;
	const char	*ref;
	const char	*want;	/* NULL: cannot be resolved */
	const char	*why;
};

static const struct url_case url_cases[] = {
	{ "https://ex.com/a/b/feed.xml", "c.html", "https://ex.com/a/b/c.html",
	  "relative path" },
	{ "https://ex.com/a/b/feed.xml", "../c", "https://ex.com/a/c",
	  "dot-dot segment" },
	{ "https://ex.com/a/b/", "/root", "https://ex.com/root",
	  "absolute path" },
	{ "https://ex.com/a/", "//cdn.ex.org/x.jpg", "https://cdn.ex.org/x.jpg",
	  "scheme-relative" },
	{ "https://ex.com/a/", "?page=2", "https://ex.com/a/?page=2",
	  "query only" },
	{ "https://ex.com/a/b", "#frag", "https://ex.com/a/b#frag",
	  "fragment only" },
	{ NULL, "http://ex.com/x", "http://ex.com/x", "absolute, no base" },
	{ "http://ex.com/", "HTTPS://Ex.com/y", "https://Ex.com/y",
	  "absolute ref wins, scheme normalised" },
	{ NULL, "relative/only", NULL, "nothing absolute" },
	{ "/also/relative/", "x", NULL, "relative base" },
	{ "https://ex.com/", "mailto:a@b.c", "mailto:a@b.c", "other scheme" },
	{ "https://ex.com/", "a b.html", "https://ex.com/a%20b.html",
	  "space is encoded" },
	{ "https://ex.com/news/", "", "https://ex.com/news/", "empty ref" },
	{ NULL, "http://ex.com/a\x1b]52;c;eA==\x07" "b",
	  "http://ex.com/a%1B]52;c;eA==%07b", "ESC and BEL encoded, not raw" },
	{ "https://ex.com/", "x\xc2\x9b" "2J\xe2\x80\xaey\xe2\x81\xa6z",
	  "https://ex.com/x%C2%9B2J%E2%80%AEy%E2%81%A6z",
	  "C1, RLO and an isolate encoded in a relative ref" },
	{ "https://ex.com/\x7f/", "c", "https://ex.com/%7F/c",
	  "DEL in the base" },
	{ NULL, "mailto:\xe2\x80\xae" "exe.txt@ex.com",
	  "mailto:%E2%80%AEexe.txt@ex.com", "encoded in any scheme" },
	{ NULL, "https://ex.com/caf\xc3\xa9\xe2\x80\x9cq\xe2\x80\x9d",
	  "https://ex.com/caf\xc3\xa9\xe2\x80\x9cq\xe2\x80\x9d",
	  "other non-ASCII left as it was" },
	{ NULL, "https://num%bers.example/1", "https://num%BErs.example/1",
	  "a host libcurl percent-decodes to a byte that is not UTF-8" },
	{ "https://ex.com/", "a\xff\xc3(b", "https://ex.com/a%FF%C3(b",
	  "bytes that are not UTF-8 encoded, not passed on" },
};

static void
test_resolve_table(void **state)
{
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof url_cases / sizeof url_cases[0]; i++) {
		const struct url_case *c = &url_cases[i];

		got = url_resolve(c->base, c->ref);
		if (c->want == NULL) {
			if (got != NULL)
				fail_msg("%s: want NULL, got %s", c->why, got);
		} else {
			if (got == NULL)
				fail_msg("%s: want %s, got NULL", c->why,
				    c->want);
			if (strcmp(got, c->want) != 0)
				fail_msg("%s: want %s, got %s", c->why,
				    c->want, got);
		}
		free(got);
	}
}

static void
test_is_http(void **state)
{
	(void)state;
	assert_true(url_is_http("http://example.com/feed"));
	assert_true(url_is_http("https://example.com"));
	assert_false(url_is_http("file:///etc/passwd"));
	assert_false(url_is_http("ftp://example.com/x"));
	assert_false(url_is_http("javascript:alert(1)"));
	assert_false(url_is_http("/relative"));
	assert_false(url_is_http(""));
	assert_false(url_is_http(NULL));
}

static void
test_is_absolute(void **state)
{
	(void)state;
	assert_true(url_is_absolute("http://x"));
	assert_true(url_is_absolute("tag:example.com,2023:1"));
	assert_false(url_is_absolute("/x:y"));
	assert_false(url_is_absolute("x/y:z"));
	assert_false(url_is_absolute("1abc:x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_table),
		cmocka_unit_test(test_is_http),
		cmocka_unit_test(test_is_absolute),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
