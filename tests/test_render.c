/* test_render.c: display width, cleaning, truncation, line breaking for
 * English, Korean, Japanese and Chinese, and the layout of documents. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "dl.h"
#include "html.h"
#include "render.h"

static void
test_width_str(void **state)
{
	(void)state;
	assert_int_equal(render_width("", 0), 0);
	assert_int_equal(render_width("abc", 3), 3);
	assert_int_equal(render_width("\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4",
	    9), 6);
	assert_int_equal(render_width("e\xcc\x81", 3), 1);
	assert_int_equal(render_width("\xef\xbd\xb1\xef\xbd\xb2", 6), 2);
	/* Invalid bytes count as U+FFFD, one column each; each byte of a
	 * character cut short is one (dl_utf8_decode goes on at the next
	 * byte). */
	assert_int_equal(render_width("a\xff\xfe", 3), 3);
	assert_int_equal(render_width("\xe4\xb8", 2), 2);
	assert_int_equal(render_width("\x80\xe0\x80\xaf", 4), 4);
	/* A ZWJ family: three wide emoji joined by zero-width joiners. */
	assert_int_equal(render_width("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f"
	    "\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7", 18), 6);
}

struct str_case {
	const char	*in;
	const char	*want;
	const char	*why;
};

static const struct str_case clean_cases[] = {
	{ "plain title", "plain title", "unchanged" },
	{ "\x1b[31mred\x1b[0m", "red", "CSI colour sequences" },
	{ "a\x1b]0;evil\x07" "b", "ab", "OSC window title ended by BEL" },
	{ "a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\" "b", "alinkb",
	    "OSC 8 hyperlink ended by ESC \\" },
	{ "\xc2\x9b" "31mx", "x", "C1 CSI U+009B" },
	{ "a\xc2\x9d" "0;t\xc2\x9c" "b", "ab", "C1 OSC ended by C1 ST" },
	{ "a\x1bP1;2|x\x1b\\b", "ab", "DCS string" },
	{ "a\x1b" "cb", "ab", "two-character escape (RIS)" },
	{ "a\x1b(Bb", "ab", "escape with an intermediate" },
	{ "end\x1b", "end", "lone ESC at the end" },
	{ "a\x1b]0;never ended", "a", "unterminated OSC eats the rest" },
	{ "x\xe2\x80\xaey\xe2\x81\xa6z\xe2\x80\xaa", "xyz",
	    "bidi override and isolate characters" },
	{ "a\tb\nc\r\nd", "a b c d", "tab, newline to space; CR gone" },
	{ "\x01\x7f\xc2\x80\xc2\x85ok", "ok", "C0, DEL and C1 controls" },
	{ "a\xc2\x9f" "apc\x07" "b", "ab", "C1 APC string" },
	{ "co\xc2\xadop", "coop", "soft hyphen" },
	{ "bad\xff\xfeutf", "bad\xef\xbf\xbd\xef\xbf\xbdutf",
	    "invalid bytes become U+FFFD" },
	{ "\xe2\x82" "A", "\xef\xbf\xbd\xef\xbf\xbd" "A",
	    "truncated sequence: a U+FFFD for each byte" },
	{ "a\x80" "b", "a\xef\xbf\xbd" "b", "stray continuation byte" },
	{ "\xe0\x81\x81", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "overlong 'A' is no letter" },
	{ "\xf4\x90\x80\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "past U+10FFFF" },
	{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "encoded surrogate" },
	{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", "overlong slash" },
	{ "\xed\x95\x9c\xea\xb5\xad \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
	    "\xed\x95\x9c\xea\xb5\xad \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
	    "Korean, Japanese, emoji kept" },
};

static void
test_clean(void **state)
{
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof clean_cases / sizeof clean_cases[0]; i++) {
		got = render_clean(clean_cases[i].in);
		if (strcmp(got, clean_cases[i].want) != 0)
			fail_msg("%s: want \"%s\", got \"%s\"",
			    clean_cases[i].why, clean_cases[i].want, got);
		free(got);
	}
	got = render_clean(NULL);
	assert_string_equal(got, "");
	free(got);
}

struct trunc_case {
	const char	*in;
	int		 width;
	int		 flags;
	const char	*want;
	const char	*why;
};

static const struct trunc_case trunc_cases[] = {
	{ "hello", 10, 0, "hello", "fits" },
	{ "hello", 10, RENDER_TRUNC_PAD, "hello     ", "padded" },
	{ "hello world", 8, 0, "hello w\xe2\x80\xa6", "cut with ellipsis" },
	{ "hello", 5, 0, "hello", "exact fit is not cut" },
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x82\xbf", 7, 0,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe2\x80\xa6",
	    "Japanese cut on a character edge" },
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x82\xbf", 8, 0,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe2\x80\xa6",
	    "wide character straddling the edge becomes a space" },
	{ "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xec\xa0\x9c\xeb\xaa\xa9", 6, 0,
	    "\xed\x95\x9c\xea\xb5\xad \xe2\x80\xa6", "Korean title" },
	{ "\xe4\xb8\xad\xe6\x96\x87", 4, RENDER_TRUNC_PAD,
	    "\xe4\xb8\xad\xe6\x96\x87", "Chinese exact width" },
	{ "\xe4\xb8\xad\xe6\x96\x87", 5, RENDER_TRUNC_PAD,
	    "\xe4\xb8\xad\xe6\x96\x87 ", "Chinese padded" },
	{ "e\xcc\x81t\xc3\xa9", 2, 0, "e\xcc\x81\xe2\x80\xa6",
	    "combining mark stays with its letter" },
	{ "\x1b[1mbold\x1b[0m title", 6, 0, "bold \xe2\x80\xa6",
	    "cleaned before measuring" },
	{ "abc", 0, 0, "", "zero width" },
	{ "abc", 1, 0, "\xe2\x80\xa6", "width one" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", 1, 0, "\xe2\x80\xa6",
	    "width one, wide text" },
};

static void
test_truncate(void **state)
{
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof trunc_cases / sizeof trunc_cases[0]; i++) {
		const struct trunc_case *c = &trunc_cases[i];

		got = render_truncate(c->in, c->width, c->flags);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s: want \"%s\", got \"%s\"", c->why,
			    c->want, got);
		if ((c->flags & RENDER_TRUNC_PAD) ||
		    render_width(c->in, strlen(c->in)) > c->width)
			assert_int_equal(render_width(got, strlen(got)),
			    c->width);
		free(got);
	}
}

/* CJK titles of any length line up in a column. */
static void
test_truncate_columns(void **state)
{
	static const char *const titles[] = {
		"\xe6\x97\xa5\xe6\x9c\xac\xe9\x8a\x80\xe8\xa1\x8c\xe3\x80\x81"
		"\xe9\x87\x91\xe8\x9e\x8d\xe6\x94\xbf\xe7\xad\x96",
		"a\xe6\x97\xa5\xe6\x9c\xac\xe9\x8a\x80\xe8\xa1\x8c",
		"\xec\x84\x9c\xec\x9a\xb8 \xec\xa6\x9d\xec\x8b\x9c", "Tokyo",
		"ab\xe4\xb8\xad\xe5\x9b\xbd\xe7\xbb\x8f\xe6\xb5\x8e", "",
	};
	size_t	 i;
	int	 w;
	char	*got;

	(void)state;
	for (w = 1; w <= 14; w++) {
		for (i = 0; i < sizeof titles / sizeof titles[0]; i++) {
			got = render_truncate(titles[i], w, RENDER_TRUNC_PAD);
			assert_int_equal(render_width(got, strlen(got)), w);
			free(got);
		}
	}
}

/* Render HTML at a width; the plain text. */
static char *
text_at(const char *html, int width)
{
	return render_html_to_text(html, "https://ex.com/d/x.html", width);
}

struct wrap_case {
	const char	*html;
	int		 width;
	const char	*want;
	const char	*why;
};

static const struct wrap_case wrap_cases[] = {
	{ "The quick brown fox jumps over the lazy dog.", 20,
	    "The quick brown fox\njumps over the lazy\ndog.\n",
	    "English at 20: breaks at spaces" },
	{ "The quick brown fox jumps over the lazy dog and keeps running "
	    "far away.", 40,
	    "The quick brown fox jumps over the lazy\n"
	    "dog and keeps running far away.\n", "English at 40" },
	{ "The quick brown fox jumps over the lazy dog and keeps running "
	    "far away.", 80,
	    "The quick brown fox jumps over the lazy dog and keeps running "
	    "far away.\n", "English at 80: one line" },
	{ "a supercalifragilisticexpialidocious word", 20,
	    "a\nsupercalifragilistic\nexpialidocious word\n",
	    "a word longer than the line is split by columns" },
	{ "exactly twenty chars next", 20, "exactly twenty chars\nnext\n",
	    "a line filled exactly; the space is dropped" },
	{ "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xeb\xac\xb8\xec\x9e\xa5"
	    "\xec\x9d\x80 \xea\xb3\xb5\xeb\xb0\xb1\xec\x97\x90\xec\x84\x9c "
	    "\xec\xa4\x84\xec\x9d\x84 \xeb\xb0\x94\xea\xbf\x89\xeb\x8b\x88"
	    "\xeb\x8b\xa4.", 20,
	    "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xeb\xac\xb8\xec\x9e\xa5"
	    "\xec\x9d\x80\n\xea\xb3\xb5\xeb\xb0\xb1\xec\x97\x90\xec\x84\x9c "
	    "\xec\xa4\x84\xec\x9d\x84\n\xeb\xb0\x94\xea\xbf\x89\xeb\x8b\x88"
	    "\xeb\x8b\xa4.\n", "Korean at 20: breaks at spaces only" },
	{ "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xeb\xac\xb8\xec\x9e\xa5"
	    "\xec\x9d\x80 \xea\xb3\xb5\xeb\xb0\xb1\xec\x97\x90\xec\x84\x9c "
	    "\xec\xa4\x84\xec\x9d\x84 \xeb\xb0\x94\xea\xbf\x89\xeb\x8b\x88"
	    "\xeb\x8b\xa4.", 40,
	    "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xeb\xac\xb8\xec\x9e\xa5"
	    "\xec\x9d\x80 \xea\xb3\xb5\xeb\xb0\xb1\xec\x97\x90\xec\x84\x9c "
	    "\xec\xa4\x84\xec\x9d\x84 \xeb\xb0\x94\xea\xbf\x89\xeb\x8b\x88"
	    "\xeb\x8b\xa4.\n", "Korean at 40: 35 columns, one line" },
	/* 日本語の文章です。これは、テストのための「文章」です。 */
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x96\x87\xe7"
	    "\xab\xa0\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82\xe3\x81\x93\xe3\x82"
	    "\x8c\xe3\x81\xaf\xe3\x80\x81\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"
	    "\xe3\x81\xae\xe3\x81\x9f\xe3\x82\x81\xe3\x81\xae\xe3\x80\x8c\xe6"
	    "\x96\x87\xe7\xab\xa0\xe3\x80\x8d\xe3\x81\xa7\xe3\x81\x99\xe3\x80"
	    "\x82", 20,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x96\x87\xe7"
	    "\xab\xa0\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82\xe3\x81\x93\n\xe3\x82"
	    "\x8c\xe3\x81\xaf\xe3\x80\x81\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"
	    "\xe3\x81\xae\xe3\x81\x9f\xe3\x82\x81\xe3\x81\xae\n\xe3\x80\x8c\xe6"
	    "\x96\x87\xe7\xab\xa0\xe3\x80\x8d\xe3\x81\xa7\xe3\x81\x99\xe3\x80"
	    "\x82\n", "Japanese at 20: ten characters a line" },
	/* あいうえおかきくけこ。さ: 。 may not start a line */
	{ "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\xe3\x81\x93\xe3\x80"
	    "\x82\xe3\x81\x95", 20,
	    "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\n\xe3\x81\x93\xe3\x80"
	    "\x82\xe3\x81\x95\n", "kinsoku: full stop pushes a character down" },
	/* あいうえおかきくけ「こ」: 「 may not end a line */
	{ "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\xe3\x80\x8c\xe3\x81"
	    "\x93\xe3\x80\x8d", 20,
	    "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\n\xe3\x80\x8c\xe3\x81"
	    "\x93\xe3\x80\x8d\n", "kinsoku: opening bracket goes down" },
	/* あいうえおかきくけこっと: small kana may not start a line */
	{ "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\xe3\x81\x93\xe3\x81"
	    "\xa3\xe3\x81\xa8", 20,
	    "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\n\xe3\x81\x93\xe3\x81"
	    "\xa3\xe3\x81\xa8\n", "kinsoku: small tsu" },
	/* あいうえおかきくけコーヒー: the prolonged sound mark */
	{ "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\xe3\x82\xb3\xe3\x83"
	    "\xbc\xe3\x83\x92\xe3\x83\xbc", 20,
	    "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\n\xe3\x82\xb3\xe3\x83"
	    "\xbc\xe3\x83\x92\xe3\x83\xbc\n", "kinsoku: chouon" },
	/* あいうえおかきくけこ, ok: ASCII comma after CJK */
	{ "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\xe3\x81\x93, ok", 20,
	    "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\n\xe3\x81\x93, ok\n",
	    "kinsoku: ASCII comma after CJK" },
	/* 中文文本，用于测试换行。这是一个句子！ */
	{ "\xe4\xb8\xad\xe6\x96\x87\xe6\x96\x87\xe6\x9c\xac\xef\xbc\x8c\xe7"
	    "\x94\xa8\xe4\xba\x8e\xe6\xb5\x8b\xe8\xaf\x95\xe6\x8d\xa2\xe8\xa1"
	    "\x8c\xe3\x80\x82\xe8\xbf\x99\xe6\x98\xaf\xe4\xb8\x80\xe4\xb8\xaa"
	    "\xe5\x8f\xa5\xe5\xad\x90\xef\xbc\x81", 20,
	    "\xe4\xb8\xad\xe6\x96\x87\xe6\x96\x87\xe6\x9c\xac\xef\xbc\x8c\xe7"
	    "\x94\xa8\xe4\xba\x8e\xe6\xb5\x8b\xe8\xaf\x95\xe6\x8d\xa2\n\xe8\xa1"
	    "\x8c\xe3\x80\x82\xe8\xbf\x99\xe6\x98\xaf\xe4\xb8\x80\xe4\xb8\xaa"
	    "\xe5\x8f\xa5\xe5\xad\x90\xef\xbc\x81\n", "Chinese at 20" },
	{ "\xe4\xb8\xad\xe6\x96\x87\xe6\x96\x87\xe6\x9c\xac\xef\xbc\x8c\xe7"
	    "\x94\xa8\xe4\xba\x8e\xe6\xb5\x8b\xe8\xaf\x95\xe6\x8d\xa2\xe8\xa1"
	    "\x8c\xe3\x80\x82\xe8\xbf\x99\xe6\x98\xaf\xe4\xb8\x80\xe4\xb8\xaa"
	    "\xe5\x8f\xa5\xe5\xad\x90\xef\xbc\x81", 40,
	    "\xe4\xb8\xad\xe6\x96\x87\xe6\x96\x87\xe6\x9c\xac\xef\xbc\x8c\xe7"
	    "\x94\xa8\xe4\xba\x8e\xe6\xb5\x8b\xe8\xaf\x95\xe6\x8d\xa2\xe8\xa1"
	    "\x8c\xe3\x80\x82\xe8\xbf\x99\xe6\x98\xaf\xe4\xb8\x80\xe4\xb8\xaa"
	    "\xe5\x8f\xa5\xe5\xad\x90\xef\xbc\x81\n",
	    "Chinese at 40: 38 columns, one line" },
	/* あいうえおかきく<a>け</a>: the [1] sticks to its link text */
	{ "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f<a href=/x>\xe3\x81\x91</a>", 20,
	    "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a\xe3"
	    "\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\n\xe3\x81\x91[1]\n\n"
	    "[1] https://ex.com/x\n", "link reference never starts a line" },
};

static void
test_wrap_table(void **state)
{
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof wrap_cases / sizeof wrap_cases[0]; i++) {
		const struct wrap_case *c = &wrap_cases[i];

		got = text_at(c->html, c->width);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s:\nwant:\n%s\ngot:\n%s", c->why, c->want,
			    got);
		free(got);
	}
}

static const struct wrap_case layout_cases[] = {
	{ "<ol><li>one</li><li>two<ul><li>a</li><li>b</li></ul></li>"
	    "<li>three</li></ol>", 40,
	    "1. one\n2. two\n   \xe2\x97\xa6 a\n   \xe2\x97\xa6 b\n3. three\n",
	    "ordered list with a nested bullet list" },
	{ "<ul><li>one two three four five six</li></ul>", 20,
	    "\xe2\x80\xa2 one two three four\n  five six\n",
	    "hanging indent under the bullet" },
	{ "<ol start=9><li>nine</li><li>ten is long enough to wrap</li></ol>",
	    20, "9. nine\n10. ten is long\n    enough to wrap\n",
	    "hanging indent follows the number's width" },
	{ "<ul><li><p>para one</p><p>para two</p></li></ul>", 40,
	    "\xe2\x80\xa2 para one\n  para two\n",
	    "second paragraph of an item is indented, no bullet" },
	{ "<blockquote><p>q1 is a quote that wraps</p><p>q2</p>"
	    "</blockquote><p>after</p>", 20,
	    "\xe2\x94\x82 q1 is a quote that\n\xe2\x94\x82 wraps\n\xe2\x94\x82\n"
	    "\xe2\x94\x82 q2\n\nafter\n", "quote bars, wrapped quote" },
	{ "<blockquote>a<blockquote>b</blockquote></blockquote>", 20,
	    "\xe2\x94\x82 a\n\xe2\x94\x82\n\xe2\x94\x82 \xe2\x94\x82 b\n",
	    "nested quote" },
	{ "<pre>a  b\n\tc\n  d</pre>", 40, "a  b\n        c\n  d\n",
	    "pre keeps spaces, tab to column 8" },
	{ "<pre>0123456789abcdefghij</pre>", 8, "01234567\n89abcdef\nghij\n",
	    "pre cut hard at the width" },
	{ "<p><a href=\"/a\">A</a> and <a href=\"b\">B</a> and "
	    "<a href=\"https://ex.com/a\">again</a></p>", 40,
	    "A[1] and B[2] and again[1]\n\n[1] https://ex.com/a\n"
	    "[2] https://ex.com/d/b\n",
	    "links numbered, relative resolved, same URL same number" },
	{ "<p><a href=\"/a\">two <b>styled</b> parts</a>.</p>", 40,
	    "two styled parts[1].\n\n[1] https://ex.com/a\n",
	    "one reference after a link with styles inside" },
	{ "<img alt=\"A cat on a mat\"><img src=x><p>t</p>", 40,
	    "[image: A cat on a mat]\n\n[image]\n\nt\n", "images" },
	{ "<p>a<script>x()</script><span hidden>h</span>b</p>"
	    "<style>p{}</style><div style=\"display:none\">d</div>", 40,
	    "ab\n", "scripts, styles, hidden elements dropped" },
	{ "<p>  Tom&nbsp;&amp;   Jerry\n  &lt;3 </p>", 40,
	    "Tom\xc2\xa0& Jerry <3\n", "entities, collapsed white space" },
	{ "<p>line1<br>line2</p>", 40, "line1\nline2\n", "br" },
	{ "<h1>Title</h1><h2>Sub</h2><h4>Small</h4>x", 40,
	    "Title\n\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\n\nSub\n\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\n\nSmall\n"
	    "\xe2\x94\x84\xe2\x94\x84\xe2\x94\x84\xe2\x94\x84\xe2\x94\x84\n\nx\n",
	    "heading underlines" },
	{ "<h1>\xe6\x97\xa5\xe6\x9c\xac</h1>", 40,
	    "\xe6\x97\xa5\xe6\x9c\xac\n\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\n", "underline as wide as a CJK heading" },
	{ "a<hr>b", 10,
	    "a\n\n\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
	    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\n\nb\n",
	    "rule across the width" },
	{ "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>"
	    "</table>", 40, "a \xe2\x94\x82 b\nc \xe2\x94\x82 d\n",
	    "table rows, no blank line between them" },
	/* Columns as wide as their widest cell (issue 14). */
	{ "<table><tr><th>City</th><th>Pop</th></tr><tr><td>Oslo</td>"
	    "<td>709000</td></tr><tr><td>Bergen</td><td>291000</td></tr>"
	    "</table>", 40, "City   \xe2\x94\x82 Pop\n"
	    "Oslo   \xe2\x94\x82 709000\n"
	    "Bergen \xe2\x94\x82 291000\n",
	    "table columns padded to the widest cell" },
	/* 東京都庁 is 4 characters but 8 columns. */
	{ "<table><tr><td>Oslo</td><td>1</td></tr><tr><td>"
	    "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe5\xba\x81</td>"
	    "<td>2</td></tr></table>", 40,
	    "Oslo     \xe2\x94\x82 1\n"
	    "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe5\xba\x81 "
	    "\xe2\x94\x82 2\n",
	    "wide characters count two columns in a table" },
	{ "<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>dd</td>"
	    "</tr></table>", 40,
	    "a  \xe2\x94\x82 b \xe2\x94\x82 c\ndd\n",
	    "a short row keeps the first columns, no trailing spaces" },
	{ "<table><tr><td>one two three</td><td>x</td></tr><tr><td>a</td>"
	    "<td>four five six seven</td></tr></table>", 20,
	    "one two three \xe2\x94\x82 x\na \xe2\x94\x82 four five six\n"
	    "seven\n",
	    "too wide for the width: one row after the other, wrapped" },
	{ "<table><tr><td></td><td>x</td></tr><tr><td>a</td><td>b</td></tr>"
	    "<tr><td></td><td></td></tr><tr><td>cc</td><td></td><td>e</td>"
	    "</tr><tr><td>f</td><td></td></tr></table>", 40,
	    "   \xe2\x94\x82 x\na  \xe2\x94\x82 b\n"
	    "cc \xe2\x94\x82   \xe2\x94\x82 e\nf  \xe2\x94\x82\n",
	    "empty cells keep their column; a row of empty cells is dropped" },
	{ "<p>p</p><table><tr><td>a</td><td>b</td></tr></table><p>q</p>", 40,
	    "p\n\na \xe2\x94\x82 b\n\nq\n",
	    "a table is a block: blank lines around it" },
	{ "<blockquote><table><tr><td>a</td><td>bb</td></tr><tr><td>ccc</td>"
	    "<td>d</td></tr></table></blockquote>", 40,
	    "\xe2\x94\x82 a   \xe2\x94\x82 bb\n"
	    "\xe2\x94\x82 ccc \xe2\x94\x82 d\n",
	    "a table in a quote keeps the quote bars" },
	{ "<p>x&#27;[31my&#27;]0;evil&#7;z&#x202e;!</p>", 40, "xyz!\n",
	    "escape sequences and bidi overrides in the body" },
	{ "<p>&#27;</p><p>ok</p>", 40, "ok\n",
	    "a block left empty by cleaning is dropped" },
	{ "", 40, "", "empty" },
};

static void
test_layout_table(void **state)
{
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof layout_cases / sizeof layout_cases[0]; i++) {
		const struct wrap_case *c = &layout_cases[i];

		got = text_at(c->html, c->width);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s:\nwant:\n%s\ngot:\n%s", c->why, c->want,
			    got);
		free(got);
	}
}

/* Long paragraphs in four languages. */
static const char *const long_texts[] = {
	"Seoul and Tokyo agreed on Tuesday to resume regular talks between "
	"their finance ministers, officials said, after years of tension "
	"over history and trade (and a dispute over exports). ",
	"\xec\x84\x9c\xec\x9a\xb8\xea\xb3\xbc \xeb\x8f\x84\xec\xbf\x84\xeb\x8a"
	"\x94 \xed\x99\x94\xec\x9a\x94\xec\x9d\xbc \xec\x9e\xac\xeb\xac\xb4"
	"\xec\x9e\xa5\xea\xb4\x80 \xed\x9a\x8c\xeb\x8b\xb4\xec\x9d\x84 \xec"
	"\xa0\x95\xea\xb8\xb0\xec\xa0\x81\xec\x9c\xbc\xeb\xa1\x9c \xec\x9e\xac"
	"\xea\xb0\x9c\xed\x95\x98\xea\xb8\xb0\xeb\xa1\x9c \xed\x95\xa9\xec\x9d"
	"\x98\xed\x96\x88\xeb\x8b\xa4\xea\xb3\xa0 \xea\xb4\x80\xea\xb3\x84"
	"\xec\x9e\x90\xeb\x93\xa4\xec\x9d\xb4 \xeb\xb0\x9d\xed\x98\x94\xeb"
	"\x8b\xa4. ",
	/* 日本と韓国は火曜日、財務相会談を定期的に再開することで合意した。
	 * 「歴史と貿易を巡る緊張（数年間）の後で」と当局者は述べた。ニュー
	 * ス！ */
	"\xe6\x97\xa5\xe6\x9c\xac\xe3\x81\xa8\xe9\x9f\x93\xe5\x9b\xbd\xe3\x81"
	"\xaf\xe7\x81\xab\xe6\x9b\x9c\xe6\x97\xa5\xe3\x80\x81\xe8\xb2\xa1\xe5"
	"\x8b\x99\xe7\x9b\xb8\xe4\xbc\x9a\xe8\xab\x87\xe3\x82\x92\xe5\xae\x9a"
	"\xe6\x9c\x9f\xe7\x9a\x84\xe3\x81\xab\xe5\x86\x8d\xe9\x96\x8b\xe3\x81"
	"\x99\xe3\x82\x8b\xe3\x81\x93\xe3\x81\xa8\xe3\x81\xa7\xe5\x90\x88\xe6"
	"\x84\x8f\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82\xe3\x80\x8c\xe6\xad\xb4"
	"\xe5\x8f\xb2\xe3\x81\xa8\xe8\xb2\xbf\xe6\x98\x93\xe3\x82\x92\xe5\xb7"
	"\xa1\xe3\x82\x8b\xe7\xb7\x8a\xe5\xbc\xb5\xef\xbc\x88\xe6\x95\xb0\xe5"
	"\xb9\xb4\xe9\x96\x93\xef\xbc\x89\xe3\x81\xae\xe5\xbe\x8c\xe3\x81\xa7"
	"\xe3\x80\x8d\xe3\x81\xa8\xe5\xbd\x93\xe5\xb1\x80\xe8\x80\x85\xe3\x81"
	"\xaf\xe8\xbf\xb0\xe3\x81\xb9\xe3\x81\x9f\xe3\x80\x82\xe3\x83\x8b\xe3"
	"\x83\xa5\xe3\x83\xbc\xe3\x82\xb9\xef\xbc\x81",
	/* 中国和日本周二同意恢复两国财长之间的定期会谈，官员表示：“这是多年
	 * 来的紧张局势之后”。（完） */
	"\xe4\xb8\xad\xe5\x9b\xbd\xe5\x92\x8c\xe6\x97\xa5\xe6\x9c\xac\xe5\x91"
	"\xa8\xe4\xba\x8c\xe5\x90\x8c\xe6\x84\x8f\xe6\x81\xa2\xe5\xa4\x8d\xe4"
	"\xb8\xa4\xe5\x9b\xbd\xe8\xb4\xa2\xe9\x95\xbf\xe4\xb9\x8b\xe9\x97\xb4"
	"\xe7\x9a\x84\xe5\xae\x9a\xe6\x9c\x9f\xe4\xbc\x9a\xe8\xb0\x88\xef\xbc"
	"\x8c\xe5\xae\x98\xe5\x91\x98\xe8\xa1\xa8\xe7\xa4\xba\xef\xbc\x9a\xe2"
	"\x80\x9c\xe8\xbf\x99\xe6\x98\xaf\xe5\xa4\x9a\xe5\xb9\xb4\xe6\x9d\xa5"
	"\xe7\x9a\x84\xe7\xb4\xa7\xe5\xbc\xa0\xe5\xb1\x80\xe5\x8a\xbf\xe4\xb9"
	"\x8b\xe5\x90\x8e\xe2\x80\x9d\xe3\x80\x82\xef\xbc\x88\xe5\xae\x8c\xef"
	"\xbc\x89",
};

/* Code points that may not start a line, and that may not end one. */
static const char *const no_start[] = { "\xe3\x80\x82", "\xe3\x80\x81",
	"\xef\xbc\x8c", "\xef\xbc\x8e", "\xef\xbc\x9a", "\xef\xbc\x9b",
	"\xef\xbc\x81", "\xef\xbc\x9f", "\xe3\x80\x8d", "\xe3\x80\x8f",
	"\xef\xbc\x89", "\xe3\x80\x91", "\xe3\x80\x95", "\xe3\x80\x89",
	"\xe3\x80\x8b", "\xe2\x80\xa6", "\xe3\x83\xbc", "\xe3\x81\xa3",
	"\xe3\x83\x83", "\xe3\x83\xa5", "\xe2\x80\x9d", ",", ".", ";", ":",
	"!", "?", ")", "]" };
static const char *const no_end[] = { "\xe3\x80\x8c", "\xe3\x80\x8e",
	"\xef\xbc\x88", "\xe3\x80\x90", "\xe3\x80\x94", "\xe3\x80\x88",
	"\xe3\x80\x8a", "\xe2\x80\x9c", "(" };

static char *
strip_spaces(const char *s)
{
	struct dl_buf	 b;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\n')
			dl_buf_addc(&b, *s);
	return dl_buf_take(&b);
}

static int
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t	 n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Every word of text (split at spaces) is a word of some line. */
static void
check_words(const char *text, const char *joined)
{
	char	*a = dl_strdup(text), *b = dl_strdup(joined);
	char	*p, *q;

	for (p = b; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	/* Collapse both to single spaces and compare word sequences. */
	for (p = a, q = b;;) {
		while (*p == ' ')
			p++;
		while (*q == ' ')
			q++;
		if (*p == '\0' || *q == '\0')
			break;
		while (*p != ' ' && *p != '\0' && *p == *q)
			p++, q++;
		if ((*p != ' ' && *p != '\0') || (*q != ' ' && *q != '\0'))
			fail_msg("a word was split near \"%.20s\"", q);
	}
	assert_true(*p == '\0' && *q == '\0');
	free(a);
	free(b);
}

static void
check_lines(const struct render_out *out, int width, int lang)
{
	size_t	 i, k;

	for (i = 0; i < render_out_nlines(out); i++) {
		const struct render_line *l = render_out_line(out, i);

		assert_true(l->width <= width);
		assert_int_equal(render_width(l->text, l->len), l->width);
		assert_int_equal(strlen(l->text), l->len);
		assert_true(l->len > 0);
		for (k = 0; k < sizeof no_start / sizeof no_start[0]; k++)
			if (strncmp(l->text, no_start[k],
			    strlen(no_start[k])) == 0)
				fail_msg("lang %d width %d line %zu starts with"
				    " %s", lang, width, i, no_start[k]);
		for (k = 0; k < sizeof no_end / sizeof no_end[0]; k++)
			if (ends_with(l->text, l->len, no_end[k]))
				fail_msg("lang %d width %d line %zu ends with "
				    "%s", lang, width, i, no_end[k]);
	}
}

static void
test_wrap_invariants(void **state)
{
	static const int widths[] = { 20, 40, 80 };
	struct dl_buf		 text;
	struct html_doc		*doc;
	struct render_out	*out;
	struct render_opts	 opts;
	size_t			 lang, w, i;
	char			*got, *a, *b;

	(void)state;
	for (lang = 0; lang < 4; lang++) {
		dl_buf_init(&text, DL_BUF_CAP_DEFAULT);
		for (i = 0; i < 20; i++)
			dl_buf_adds(&text, long_texts[lang]);
		doc = html_doc_parse(text.data, text.len, NULL);
		for (w = 0; w < 3; w++) {
			opts.width = widths[w];
			out = render_doc(doc, &opts);
			assert_true(render_out_nlines(out) > 3);
			check_lines(out, widths[w], (int)lang);
			got = render_out_text(out);
			a = strip_spaces(text.data);
			b = strip_spaces(got);
			assert_string_equal(a, b);
			if (lang < 2)
				check_words(text.data, got);
			free(a);
			free(b);
			free(got);
			render_out_free(out);
		}
		html_doc_free(doc);
		dl_buf_clear(&text);
	}
}

/* The runs of a line cover it and carry the styles the UI colours. */
static void
test_runs(void **state)
{
	const char		*in = "<blockquote><p><b>B</b> <a href=/u>L"
	    "</a></p></blockquote><ul><li><code>c</code></li></ul>"
	    "<h2>H</h2><pre>p</pre><img alt=i>";
	struct html_doc		*doc;
	struct render_out	*out;
	struct render_opts	 opts = { 40 };
	const struct render_line *l;
	size_t			 i, j, at;

	(void)state;
	doc = html_doc_parse(in, strlen(in), "https://ex.com/");
	out = render_doc(doc, &opts);
	html_doc_free(doc);
	for (i = 0; i < render_out_nlines(out); i++) {
		l = render_out_line(out, i);
		for (j = 0, at = 0; j < l->nruns; j++) {
			assert_int_equal(l->runs[j].off, at);
			at += l->runs[j].len;
		}
		assert_int_equal(at, l->len);
	}
	/* "│ B L[1]" */
	l = render_out_line(out, 0);
	assert_string_equal(l->text, "\xe2\x94\x82 B L[1]");
	assert_int_equal(l->nruns, 5);
	assert_int_equal(l->runs[0].flags, RENDER_QUOTE);
	assert_int_equal(l->runs[1].flags, RENDER_BOLD);
	assert_int_equal(l->runs[2].flags, 0);
	assert_int_equal(l->runs[3].flags, RENDER_LINK);
	assert_int_equal(l->runs[3].link, 1);
	assert_int_equal(l->runs[4].flags, RENDER_LINKREF);
	assert_int_equal(l->runs[4].link, 1);
	l = render_out_line(out, 2);
	assert_string_equal(l->text, "\xe2\x80\xa2 c");
	assert_int_equal(l->runs[0].flags, RENDER_BULLET);
	assert_int_equal(l->runs[1].flags, RENDER_CODE);
	assert_int_equal(render_out_line(out, 4)->runs[0].flags,
	    RENDER_HEADING);
	assert_int_equal(render_out_line(out, 5)->runs[0].flags,
	    RENDER_HEADING);
	assert_int_equal(render_out_line(out, 7)->runs[0].flags, RENDER_PRE);
	assert_int_equal(render_out_line(out, 9)->runs[0].flags,
	    RENDER_IMAGE);
	assert_null(render_out_line(out, 10));
	assert_int_equal(render_out_nlinks(out), 1);
	assert_string_equal(render_out_link(out, 1), "https://ex.com/u");
	assert_null(render_out_link(out, 0));
	assert_null(render_out_link(out, 2));
	render_out_free(out);
}

/* A link whose URL carries an escape sequence is listed clean. */
static void
test_link_clean(void **state)
{
	char	*got;

	(void)state;
	got = text_at("<a href=\"https://e.com/&#27;]0;x&#7;y\">t</a>", 40);
	assert_null(strchr(got, '\x1b'));
	assert_null(strchr(got, '\x07'));
	free(got);
}

/* A ~1 MB page renders whole: every paragraph and every distinct link.
 * (Speed is measured in bench/, not here.) */
/* A line's place (block, offset) is the same at every width, and
 * render_out_find takes a reader back to it: what keeps the paragraph
 * being read on screen when the terminal is resized. */
static void
test_find_place(void **state)
{
	const char	*html = "<p>one two three four five six seven eight "
			    "nine ten</p><h2>Sub head</h2><p>alpha beta gamma "
			    "delta epsilon zeta eta theta</p><table><tr><td>a"
			    "</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>"
			    "</table>";
	struct html_doc		*doc = html_doc_parse(html, strlen(html), NULL);
	struct render_opts	 wide = { 40 }, narrow = { 12 };
	struct render_out	*w = render_doc(doc, &wide);
	struct render_out	*n = render_doc(doc, &narrow);
	const struct render_line *l, *m;
	size_t			 i, j;

	(void)state;
	assert_true(render_out_nlines(n) > render_out_nlines(w));
	for (i = 0; i < render_out_nlines(n); i++) {
		l = render_out_line(n, i);
		j = render_out_find(w, l->block, l->off);
		m = render_out_line(w, j);
		/* The wide line found holds the narrow line's start: it
		 * starts at or before it, the next one after it. */
		if (l->len > 0 && (m->block != l->block || m->off > l->off ||
		    (j + 1 < render_out_nlines(w) &&
		    render_out_line(w, j + 1)->block == l->block &&
		    render_out_line(w, j + 1)->off <= l->off &&
		    render_out_line(w, j + 1)->len > 0)))
			fail_msg("line %zu '%s' (block %zu, %zu) found as '%s'",
			    i, l->text, l->block, l->off, m->text);
	}
	/* "epsilon" starts a narrow line; its wide line starts at "alpha". */
	for (i = 0; i < render_out_nlines(n); i++)
		if (strncmp(render_out_line(n, i)->text, "epsilon", 7) == 0)
			break;
	assert_true(i < render_out_nlines(n));
	l = render_out_line(n, i);
	m = render_out_line(w, render_out_find(w, l->block, l->off));
	assert_string_equal(m->text, "alpha beta gamma delta epsilon zeta eta");
	render_out_free(w);
	render_out_free(n);
	html_doc_free(doc);
}

static void
test_big_page(void **state)
{
	struct dl_buf	 b;
	char		*got;
	size_t		 i;

	(void)state;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "<html><body><pre>");
	for (i = 0; i < 2000; i++)
		dl_buf_adds(&b, "int x = 1;\tcode line\n");
	dl_buf_adds(&b, "</pre><p>");
	for (i = 0; b.len < 1024 * 1024; i++) {
		dl_buf_addf(&b, "word%zu <a href=\"/l%zu\">link</a> ", i,
		    i % 500);
		dl_buf_adds(&b, long_texts[i % 4]);
		if (i % 20 == 19)
			dl_buf_adds(&b, "</p><p>");
	}
	dl_buf_adds(&b, "</p></body></html>");
	got = text_at(b.data, 80);
	assert_true(strlen(got) > 500 * 1024);
	assert_non_null(strstr(got, "\n[500] "));
	assert_null(strstr(got, "\n[501] "));
	free(got);
	dl_buf_clear(&b);
}

/* render_slug: letters, digits and CJK kept; malformed bytes are
 * separators like any other character that is not kept. */
static void
test_slug(void **state)
{
	static const struct {
		const char	*title;
		const char	*want;
		const char	*why;
	} rows[] = {
		{ "Hello, World!", "hello-world", "ASCII words" },
		{ "\xed\x95\x9c\xea\xb5\xad \xeb\x89\xb4\xec\x8a\xa4",
		    "\xed\x95\x9c\xea\xb5\xad-\xeb\x89\xb4\xec\x8a\xa4",
		    "Hangul kept" },
		{ "a\x80" "b", "a-b", "stray continuation byte" },
		{ "x\xe0\x81\x81y", "x-y", "overlong 'A' is no letter" },
		{ "\xe6\x97", "story-7", "Han cut short is no letter" },
		{ "...", "story-7", "nothing kept" },
	};
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		got = render_slug(rows[i].title, 7);
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("%s: want \"%s\", got \"%s\"", rows[i].why,
			    rows[i].want, got);
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_str),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_truncate_columns),
		cmocka_unit_test(test_wrap_table),
		cmocka_unit_test(test_layout_table),
		cmocka_unit_test(test_wrap_invariants),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_link_clean),
		cmocka_unit_test(test_big_page),
		cmocka_unit_test(test_find_place),
		cmocka_unit_test(test_slug),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
