/* fuzz_extract.c: libFuzzer target for extract_ (include/extract.h): any
 * bytes, as a page with an optional outside charset, must extract or find
 * nothing cleanly, give only valid UTF-8, and leave no sanitizer report,
 * both through the byte pre-scan that cuts the article's region out for
 * gumbo (extract_prescan.c) and without it (DATELINE_EXTRACT_NO_PRESCAN).
 *
 * Build as tests/fuzz/fuzz_feed.c says (clang, --enable-fuzzing, the
 * library with -fsanitize=fuzzer-no-link), then, seeded with the page
 * fixtures:
 *
 *   mkdir -p corpus-x && tests/fuzz/fuzz_extract -max_total_time=600 \
 *     -max_len=262144 -rss_limit_mb=2048 \
 *     -dict=../tests/fuzz/extract.dict corpus-x ../tests/data/pages
 *
 * Any difference between the two (status, title or text) aborts: the
 * cut is only kept when it gives what the whole page gives. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "fuzz_utf8.h"
#include "extract.h"

/* Bigger inputs add time, not coverage. */
#define FUZZ_EXTRACT_MAX	(1024u * 1024)

/* Outside encodings (HTTP header); NULL most often. */
static const char *const fuzz_extract_charsets[] = {
	NULL, NULL, NULL, NULL, NULL, "utf-8", "windows-1252", "Shift_JIS",
	"EUC-KR", "GB18030", "ISO-2022-JP", "x-no-such-charset"
};

#define FUZZ_EXTRACT_NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* Extract once; check what extract.h promises. */
static struct extract_result *
fuzz_extract_one(const uint8_t *data, size_t size, const char *charset)
{
	struct extract_opts	 o;
	struct extract_result	*r;

	memset(&o, 0, sizeof o);
	o.url = "http://fuzz.example/news/story.html";
	o.charset = charset;
	r = extract_page((const char *)data, size, &o);
	if (r == NULL)
		abort();
	fuzz_utf8("title", r->title);
	fuzz_utf8("byline", r->byline);
	fuzz_utf8("published", r->published);
	fuzz_utf8("site_name", r->site_name);
	fuzz_utf8("lang", r->lang);
	fuzz_utf8("excerpt", r->excerpt);
	fuzz_utf8("html", r->html);
	fuzz_utf8("text", r->text);
	if (r->status != EXTRACT_NONE && r->text == NULL)
		abort();
	return r;
}

static int
fuzz_extract_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extract_result	*cut, *whole;
	const char		*charset = NULL;

	if (size > FUZZ_EXTRACT_MAX)
		return 0;
	if (size > 0)
		charset = fuzz_extract_charsets[data[size - 1] %
		    FUZZ_EXTRACT_NITEMS(fuzz_extract_charsets)];
	unsetenv("DATELINE_EXTRACT_NO_PRESCAN");
	cut = fuzz_extract_one(data, size, charset);
	setenv("DATELINE_EXTRACT_NO_PRESCAN", "1", 1);
	whole = fuzz_extract_one(data, size, charset);
	if (cut->status != whole->status ||
	    !fuzz_extract_same(cut->text, whole->text) ||
	    !fuzz_extract_same(cut->title, whole->title)) {
		fprintf(stderr, "fuzz_extract: the pre-scan's result differs "
		    "(status %d/%d)\n", (int)cut->status, (int)whole->status);
		abort();
	}
	extract_result_free(cut);
	extract_result_free(whole);
	return 0;
}
