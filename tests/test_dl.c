/* test_dl.c: unit tests for the base utilities (buffer caps, errors,
 * clock pinning, number parsing). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dl.h"

static void
test_buf_grows_and_terminates(void **state)
{
	struct dl_buf	 b;
	int		 i;

	(void)state;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	assert_string_equal(dl_buf_str(&b), "");
	for (i = 0; i < 1000; i++)
		assert_int_equal(dl_buf_adds(&b, "abc"), 0);
	assert_int_equal(b.len, 3000);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(dl_buf_addf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(b.data + 3000, "42-x");
	dl_buf_clear(&b);
}

static void
test_buf_refuses_past_cap(void **state)
{
	struct dl_buf	 b;

	(void)state;
	dl_buf_init(&b, 5);
	assert_int_equal(dl_buf_adds(&b, "abcd"), 0);
	assert_int_equal(dl_buf_addc(&b, 'e'), 0);
	assert_int_equal(dl_buf_addc(&b, 'f'), -1);
	assert_int_equal(dl_buf_adds(&b, "xy"), -1);
	assert_string_equal(dl_buf_str(&b), "abcde");
	dl_buf_clear(&b);
}

static void
test_buf_take_and_reset(void **state)
{
	struct dl_buf	 b;
	char		*s;

	(void)state;
	dl_buf_init(&b, 100);
	s = dl_buf_take(&b);
	assert_string_equal(s, "");
	free(s);
	dl_buf_adds(&b, "hello");
	s = dl_buf_take(&b);
	assert_string_equal(s, "hello");
	assert_int_equal(b.len, 0);
	assert_null(b.data);
	free(s);
	dl_buf_adds(&b, "again");
	dl_buf_reset(&b);
	assert_string_equal(dl_buf_str(&b), "");
	dl_buf_clear(&b);
}

static void
test_err_prefix(void **state)
{
	struct dl_err	 e;

	(void)state;
	dl_err_set(&e, "%d:%d: %s", 12, 4, "mismatched tag");
	dl_err_prefix(&e, "%s: ", "feeds.xml");
	assert_string_equal(e.msg, "feeds.xml: 12:4: mismatched tag");
	dl_err_set(NULL, "ignored");
}

static void
test_now_pinned(void **state)
{
	(void)state;
	setenv("DATELINE_NOW", "1695359301", 1);
	assert_int_equal(dl_now(), 1695359301);
	setenv("DATELINE_NOW", "garbage", 1);
	assert_true(dl_now() > 1695359301);
	unsetenv("DATELINE_NOW");
}

static void
test_strtonum(void **state)
{
	long	 v;

	(void)state;
	assert_int_equal(dl_strtonum("80", 1, 1000, &v), 0);
	assert_int_equal(v, 80);
	assert_int_equal(dl_strtonum("0", 1, 1000, &v), -1);
	assert_int_equal(dl_strtonum("12x", 1, 1000, &v), -1);
	assert_int_equal(dl_strtonum("", 1, 1000, &v), -1);
	assert_int_equal(dl_strtonum("99999999999999999999", 0, 10, &v), -1);
}

static void
test_caseeq(void **state)
{
	(void)state;
	assert_true(dl_strcaseeq("Shift_JIS", "shift_jis"));
	assert_false(dl_strcaseeq("utf-8", "utf-16"));
	assert_false(dl_strcaseeq("utf", "utf-8"));
	assert_true(dl_strncaseeq("HTTP/1.1", "http/", 5));
}

/* dl_utf8_decode: every well-formed character, and each kind of
 * malformed one as U+FFFD of one byte. */
static void
test_utf8_decode(void **state)
{
	static const struct {
		const char	*s;
		size_t		 n;	/* bytes given; 0 = strlen */
		uint32_t	 cp;
		size_t		 len;
	} rows[] = {
		{ "A", 0, 0x41, 1 },
		{ "\xc3\xa9", 0, 0xe9, 2 },
		{ "\xed\x95\x9c", 0, 0xd55c, 3 },	/* Hangul */
		{ "\xf0\x9f\x98\x80", 0, 0x1f600, 4 },
		{ "\xf4\x8f\xbf\xbf", 0, 0x10ffff, 4 },
		{ "\x80", 0, DL_UTF8_BAD, 1 },		/* stray continuation */
		{ "\xc0\xaf", 0, DL_UTF8_BAD, 1 },	/* overlong '/' */
		{ "\xe0\x80\xaf", 0, DL_UTF8_BAD, 1 },	/* overlong */
		{ "\xed\xa0\x80", 0, DL_UTF8_BAD, 1 },	/* surrogate */
		{ "\xf4\x90\x80\x80", 0, DL_UTF8_BAD, 1 },	/* past 10FFFF */
		{ "\xf5\x80\x80\x80", 0, DL_UTF8_BAD, 1 },
		{ "\xe4\xb8", 0, DL_UTF8_BAD, 1 },	/* cut by NUL */
		{ "\xe4\xb8\xad", 2, DL_UTF8_BAD, 1 },	/* cut by n */
		{ "\xe4\x41\xad", 0, DL_UTF8_BAD, 1 },
	};
	uint32_t	 cp;
	size_t		 i, n;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		n = rows[i].n != 0 ? rows[i].n : strlen(rows[i].s);
		cp = 0;
		assert_int_equal(dl_utf8_decode(rows[i].s, n, &cp),
		    rows[i].len);
		assert_int_equal(cp, rows[i].cp);
	}
}

/* dl_utf8_span: where the well-formed prefix ends, for each kind of
 * malformed character, and before U+FFFE/U+FFFF with DL_UTF8_NONCHAR. */
static void
test_utf8_span(void **state)
{
	static const struct {
		const char	*s;
		int		 flags;
		size_t		 span;
		const char	*why;
	} rows[] = {
		{ "", 0, 0, "empty" },
		{ "abc", 0, 3, "ASCII" },
		{ "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80", 0, 10,
		  "1 to 4 bytes" },
		{ "a\xc0\xaf", 0, 1, "overlong 2-byte" },
		{ "a\xc1\xbf", 0, 1, "overlong 2-byte, C1" },
		{ "a\xe0\x9f\xbf", 0, 1, "overlong 3-byte" },
		{ "a\xe0\xa0\x80", 0, 4, "U+0800, shortest 3-byte" },
		{ "a\xf0\x8f\xbf\xbf", 0, 1, "overlong 4-byte" },
		{ "a\xf0\x90\x80\x80", 0, 5, "U+10000, shortest 4-byte" },
		{ "a\xed\xa0\x80", 0, 1, "surrogate D800" },
		{ "a\xed\xbf\xbf", 0, 1, "surrogate DFFF" },
		{ "a\xed\x9f\xbf", 0, 4, "U+D7FF" },
		{ "a\xf4\x8f\xbf\xbf", 0, 5, "U+10FFFF" },
		{ "a\xf4\x90\x80\x80", 0, 1, "U+110000" },
		{ "a\xf5\x80\x80\x80", 0, 1, "lead F5" },
		{ "a\xff", 0, 1, "byte FF" },
		{ "a\x80", 0, 1, "stray continuation" },
		{ "a\xc3\xa9\xa9", 0, 3, "one continuation too many" },
		{ "a\xe4\x41\xad", 0, 1, "continuation missing" },
		{ "a\xf0\x9f\x98\x41", 0, 1, "last continuation missing" },
		{ "ab\xc3", 0, 2, "2-byte cut at the end" },
		{ "ab\xe4\xb8", 0, 2, "3-byte cut at the end" },
		{ "ab\xf0\x9f\x98", 0, 2, "4-byte cut at the end" },
		{ "a\xef\xbf\xbe", 0, 4, "U+FFFE is UTF-8" },
		{ "a\xef\xbf\xbe", DL_UTF8_NONCHAR, 1, "U+FFFE no XML char" },
		{ "a\xef\xbf\xbf", DL_UTF8_NONCHAR, 1, "U+FFFF no XML char" },
		{ "a\xef\xbf\xbd", DL_UTF8_NONCHAR, 4, "U+FFFD is one" },
		{ "a\xef\xbe\xbf", DL_UTF8_NONCHAR, 4, "U+FFBF is one" },
	};
	size_t		 i, span;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		span = dl_utf8_span(rows[i].s, strlen(rows[i].s),
		    rows[i].flags);
		if (span != rows[i].span)
			fail_msg("%s: span %zu, not %zu", rows[i].why, span,
			    rows[i].span);
	}
}

/* Fill b with the characters of fill (n bytes, repeated) up to at least
 * want bytes; returns the length, a character boundary. */
static size_t
test_utf8_fill(char *b, size_t want, const char *fill, size_t n)
{
	size_t	 len = 0;

	while (len < want) {
		memcpy(b + len, fill, n);
		len += n;
	}
	return len;
}

/* dl_utf8_span on long input (the 32-byte blocks where the CPU has
 * AVX2): a malformed character at every offset, across block edges, in
 * ASCII and in multi-byte text, is found where it starts. */
static void
test_utf8_span_long(void **state)
{
	static const struct {
		const char	*s;
		int		 flags;
	} bad[] = {
		{ "\xc0\xaf", 0 }, { "\xe0\x9f\xbf", 0 },
		{ "\xf0\x8f\xbf\xbf", 0 }, { "\xed\xa0\x80", 0 },
		{ "\xf4\x90\x80\x80", 0 }, { "\x80", 0 }, { "\xff", 0 },
		{ "\xc3" "a", 0 }, { "\xe4\xb8" "a", 0 },
		{ "\xf0\x9f\x98" "a", 0 }, { "\xef\xbf\xbe", DL_UTF8_NONCHAR },
		{ "\xef\xbf\xbf", DL_UTF8_NONCHAR },
	};
	static const char *fills[] = { "a", "\xc3\xa9", "\xe4\xb8\xad",
	    "\xf0\x9f\x98\x80", "ab\xef\xbf\xbd" };
	char		 b[256];
	size_t		 f, k, at, len, n;

	(void)state;
	for (f = 0; f < sizeof fills / sizeof fills[0]; f++) {
		for (at = 0; at < 100; at++) {
			len = test_utf8_fill(b, at, fills[f], strlen(fills[f]));
			for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
				n = strlen(bad[k].s);
				memcpy(b + len, bad[k].s, n);
				n = test_utf8_fill(b + len + n, 120, "z", 1) +
				    len + n;
				assert_int_equal(dl_utf8_span(b, n,
				    bad[k].flags), len);
			}
			/* well-formed throughout, then cut at the end */
			n = test_utf8_fill(b + len, 120, "\xe4\xb8\xad", 3);
			assert_int_equal(dl_utf8_span(b, len + n, 0), len + n);
			assert_int_equal(dl_utf8_span(b, len + n - 1, 0),
			    len + n - 3);
		}
	}
}

/* dl_utf8_bad: the maximal subpart one U+FFFD replaces (Unicode 15,
 * 3.9, U+FFFD Substitution of Maximal Subparts), and whether the end of
 * the input cut it. */
static void
test_utf8_bad(void **state)
{
	static const struct {
		const char	*s;
		size_t		 n;	/* bytes given; 0 = strlen */
		size_t		 bad;
		int		 trunc;
		const char	*why;
	} rows[] = {
		{ "A", 0, 0, 0, "ASCII" },
		{ "\xc3\xa9", 0, 0, 0, "well-formed" },
		{ "\xf4\x8f\xbf\xbf", 0, 0, 0, "U+10FFFF" },
		{ "\x80\x80", 0, 1, 0, "stray continuation" },
		{ "\xc0\xaf", 0, 1, 0, "C0 starts nothing" },
		{ "\xf5\x80\x80\x80", 0, 1, 0, "F5 starts nothing" },
		{ "\xe0\x80\xaf", 0, 1, 0, "overlong: E0 alone" },
		{ "\xed\xa0\x80", 0, 1, 0, "surrogate: ED alone" },
		{ "\xf4\x90\x80\x80", 0, 1, 0, "above 10FFFF: F4 alone" },
		{ "\xe4\x41", 0, 1, 0, "lead, then ASCII" },
		{ "\xe4\xb8\x41", 0, 2, 0, "two of three" },
		{ "\xf0\x9f\x98\x41", 0, 3, 0, "three of four" },
		{ "\xf1\x80\x80\xe1", 0, 3, 0, "three of four, then a lead" },
		{ "\xc3", 1, 1, 1, "2-byte cut" },
		{ "\xe4\xb8\xad", 2, 2, 1, "3-byte cut" },
		{ "\xf0\x9f\x98\x80", 3, 3, 1, "4-byte cut" },
		{ "\xf0\x9f\x98\x80", 1, 1, 1, "4-byte cut after its lead" },
		{ "\xe0\x80\x80", 2, 1, 0, "bad before the cut" },
	};
	size_t		 i, n, bad;
	int		 trunc;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		n = rows[i].n != 0 ? rows[i].n : strlen(rows[i].s);
		trunc = -1;
		bad = dl_utf8_bad(rows[i].s, n, &trunc);
		if (bad != rows[i].bad || trunc != rows[i].trunc)
			fail_msg("%s: %zu bytes (trunc %d), not %zu (%d)",
			    rows[i].why, bad, trunc, rows[i].bad,
			    rows[i].trunc);
	}
}

/* The U+FFFD of s[0..n) repaired with dl_utf8_span and dl_utf8_bad, as
 * charset_ repairs. */
static size_t
test_utf8_fffds(const char *s, size_t n)
{
	size_t	 i = 0, count = 0;
	int	 trunc;

	while ((i += dl_utf8_span(s + i, n - i, 0)) < n) {
		i += dl_utf8_bad(s + i, n - i, &trunc);
		count++;
	}
	return count;
}

/* How many U+FFFD: Unicode 15's tables 3-8 to 3-11 and the W3C's
 * examples, one per maximal subpart. */
static void
test_utf8_fffd_count(void **state)
{
	(void)state;
	/* a FFFD FFFD FFFD b FFFD c FFFD FFFD d (table 3-8) */
	assert_int_equal(test_utf8_fffds("\x61\xf1\x80\x80\xe1\x80\xc2\x62"
	    "\x80\x63\x80\xbf\x64", 13), 6);
	assert_int_equal(test_utf8_fffds("\xc0\xaf\xe0\x80\xbf\xf0\x81\x82"
	    "\x41", 9), 8);	/* non-shortest forms: one per byte */
	assert_int_equal(test_utf8_fffds("\xed\xa0\x80\xed\xbf\xbf\xed\xaf"
	    "\x41", 9), 8);	/* surrogates: one per byte */
	assert_int_equal(test_utf8_fffds("\xf4\x91\x92\x93\xff\x41\x80\xbf"
	    "\x42", 9), 7);	/* past U+10FFFF, FF, continuations */
	assert_int_equal(test_utf8_fffds("\xe1\x80\xe2\xf0\x91\x92\xf1\xbf"
	    "\x41", 9), 4);	/* truncated sequences: one each */
	assert_int_equal(test_utf8_fffds("a\xf0\x9f\x98", 4), 1);
	assert_int_equal(test_utf8_fffds("\xe4\xb8\xad\xf0\x9f\x98\x80", 7),
	    0);
}

/* dl_utf8_cut: never inside a character. */
static void
test_utf8_cut(void **state)
{
	const char	*s = "a\xed\x95\x9c\xf0\x9f\x98\x80" "b";	/* 9 bytes */

	(void)state;
	assert_int_equal(dl_utf8_cut(s, 9, 20), 9);
	assert_int_equal(dl_utf8_cut(s, 9, 1), 1);
	assert_int_equal(dl_utf8_cut(s, 9, 2), 1);
	assert_int_equal(dl_utf8_cut(s, 9, 3), 1);
	assert_int_equal(dl_utf8_cut(s, 9, 4), 4);
	assert_int_equal(dl_utf8_cut(s, 9, 7), 4);
	assert_int_equal(dl_utf8_cut(s, 9, 8), 8);
	assert_int_equal(dl_utf8_cut(s, 9, 0), 0);
	/* Bad input: a run of continuation bytes is cut where asked. */
	assert_int_equal(dl_utf8_cut("\x80\x80\x80\x80\x80\x80", 6, 5), 5);
}

/* dl_utf8_prev: the start of the last character, so that dropping it
 * never leaves half of one. */
static void
test_utf8_prev(void **state)
{
	const char	*s = "a\xed\x95\x9c\xf0\x9f\x98\x80";	/* 8 bytes */

	(void)state;
	assert_int_equal(dl_utf8_prev(s, 0), 0);
	assert_int_equal(dl_utf8_prev(s, 1), 0);
	assert_int_equal(dl_utf8_prev(s, 4), 1);
	assert_int_equal(dl_utf8_prev(s, 8), 4);
	/* A character cut short: its lead byte goes with it. */
	assert_int_equal(dl_utf8_prev(s, 6), 4);
	/* A run of stray continuation bytes goes one byte at a time. */
	assert_int_equal(dl_utf8_prev("\x80\x80\x80\x80\x80", 5), 4);
}

/* dl_utf8_count: characters, each malformed byte one of them. */
static void
test_utf8_count(void **state)
{
	(void)state;
	assert_int_equal(dl_utf8_count("", 0), 0);
	assert_int_equal(dl_utf8_count("abc", 3), 3);
	assert_int_equal(dl_utf8_count("a\xed\x95\x9c\xf0\x9f\x98\x80", 8),
	    3);
	/* A stray continuation byte, and a character cut short. */
	assert_int_equal(dl_utf8_count("a\x80" "b", 3), 3);
	assert_int_equal(dl_utf8_count("\xed\x95" "b", 3), 3);
	assert_int_equal(dl_utf8_count("\xe0\x80\xaf", 3), 3);	/* overlong */
}

/* dl_cp_width: the one table of display widths. */
struct width_case {
	uint32_t	 cp;
	int		 want;
	const char	*why;
};

static const struct width_case width_cases[] = {
	{ 0x41, 1, "ASCII letter" },
	{ 0xe9, 1, "Latin-1 letter" },
	{ 0x2014, 1, "em dash: ambiguous counts 1" },
	{ 0xb7, 1, "middle dot: ambiguous counts 1" },
	{ 0xac00, 2, "first Hangul syllable" },
	{ 0xd7a3, 2, "last Hangul syllable" },
	{ 0x1100, 2, "Hangul leading jamo" },
	{ 0x1160, 0, "Hangul medial jamo conjoins" },
	{ 0x3042, 2, "hiragana" },
	{ 0x30a2, 2, "katakana" },
	{ 0xff71, 1, "halfwidth katakana" },
	{ 0x4e2d, 2, "Han" },
	{ 0x9fff, 2, "end of the unified block (default W)" },
	{ 0x20000, 2, "Han extension B (plane 2)" },
	{ 0x31350, 2, "Han extension H (Unicode 15, plane 3)" },
	{ 0xff21, 2, "fullwidth A" },
	{ 0x3000, 2, "ideographic space" },
	{ 0x3002, 2, "ideographic full stop" },
	{ 0x0301, 0, "combining acute" },
	{ 0x0e31, 0, "Thai vowel sign (Mn)" },
	{ 0x200b, 0, "zero width space" },
	{ 0x200d, 0, "zero width joiner" },
	{ 0xfe0f, 0, "variation selector 16" },
	{ 0xad, 0, "soft hyphen" },
	{ 0x1f600, 2, "emoji grinning face" },
	{ 0x1f44d, 2, "emoji thumbs up" },
	{ 0x231a, 2, "watch: emoji presentation" },
	{ 0x2764, 1, "heavy heart: text presentation by default" },
	{ 0x1fae8, 2, "shaking face, new in Unicode 15" },
	{ 0x1b132, 2, "small kana ko, new in Unicode 15" },
	{ 0x1f1ef, 1, "regional indicator: a flag pair is 2" },
	{ 0x09, 0, "tab is a control" },
	{ 0x9b, 0, "C1 control" },
};

static void
test_cp_width(void **state)
{
	size_t	 i;
	int	 got;

	(void)state;
	for (i = 0; i < sizeof width_cases / sizeof width_cases[0]; i++) {
		got = dl_cp_width(width_cases[i].cp);
		if (got != width_cases[i].want)
			fail_msg("U+%04X (%s): want %d, got %d",
			    (unsigned)width_cases[i].cp, width_cases[i].why,
			    width_cases[i].want, got);
	}
}

/* dl_cp_cjk and dl_cp_unspaced: the one list of CJK letters, and of the
 * characters written without spaces between words. */
static void
test_cp_cjk(void **state)
{
	static const struct {
		uint32_t	 cp;
		enum dl_cjk	 script;
		int		 unspaced;
		const char	*why;
	} rows[] = {
		{ 'a', DL_CJK_NONE, 0, "ASCII" },
		{ 0xe9, DL_CJK_NONE, 0, "Latin-1" },
		{ 0x4e2d, DL_CJK_HAN, 1, "Han" },
		{ 0x3042, DL_CJK_HAN, 1, "hiragana" },
		{ 0x30a2, DL_CJK_HAN, 1, "katakana" },
		{ 0x30fb, DL_CJK_NONE, 1, "katakana middle dot: punctuation" },
		{ 0xff71, DL_CJK_HAN, 1, "halfwidth katakana" },
		{ 0xff61, DL_CJK_NONE, 1, "halfwidth ideographic full stop" },
		{ 0x20000, DL_CJK_HAN, 1, "Han extension B" },
		{ 0x3002, DL_CJK_NONE, 1, "ideographic full stop" },
		{ 0xff01, DL_CJK_NONE, 1, "fullwidth exclamation mark" },
		{ 0xac00, DL_CJK_HANGUL, 0, "Hangul syllable: Korean is spaced" },
		{ 0x1100, DL_CJK_HANGUL, 0, "Hangul leading jamo" },
		{ 0x3131, DL_CJK_HANGUL, 0, "Hangul compatibility jamo" },
		{ 0x1f600, DL_CJK_NONE, 1, "emoji: East Asian Wide" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (dl_cp_cjk(rows[i].cp) != rows[i].script)
			fail_msg("U+%04X (%s): script %d", (unsigned)rows[i].cp,
			    rows[i].why, (int)dl_cp_cjk(rows[i].cp));
		if (dl_cp_unspaced(rows[i].cp) != rows[i].unspaced)
			fail_msg("U+%04X (%s): unspaced %d",
			    (unsigned)rows[i].cp, rows[i].why,
			    dl_cp_unspaced(rows[i].cp));
	}
}

/* dl_utf8_ctl: which characters never reach a terminal raw. */
static void
test_utf8_ctl(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		uint32_t	 cp;
		const char	*why;
	} rows[] = {
		{ "\x1b[2J", 1, 0x1b, "ESC" },
		{ "\x07", 1, 0x07, "BEL" },
		{ "\x7f", 1, 0x7f, "DEL" },
		{ "\xc2\x9b" "31m", 2, 0x9b, "C1 CSI" },
		{ "\xc2\x80", 2, 0x80, "first C1" },
		{ "\xc2\x9f", 2, 0x9f, "last C1" },
		{ "\xc2\xa0", 0, 0, "no-break space is text" },
		{ "\xe2\x80\xaa", 3, 0x202a, "LRE" },
		{ "\xe2\x80\xae", 3, 0x202e, "RLO" },
		{ "\xe2\x81\xa6", 3, 0x2066, "LRI" },
		{ "\xe2\x81\xa9", 3, 0x2069, "PDI" },
		{ "\xe2\x80\x9c", 0, 0, "a curly quote is text" },
		{ "\xe2\x80\xaf", 0, 0, "narrow no-break space is text" },
		{ "\xe2\x80", 0, 0, "cut short" },
		{ "a", 0, 0, "a letter" },
	};
	uint32_t	 cp;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		print_message("%s\n", rows[i].why);
		cp = 0;
		assert_int_equal(dl_utf8_ctl(rows[i].s, strlen(rows[i].s), &cp),
		    rows[i].len);
		if (rows[i].len > 0)
			assert_int_equal(cp, rows[i].cp);
	}
}

/* The one encoder: every length, the edges, and what is no character. */
static void
test_utf8_encode(void **state)
{
	static const struct {
		uint32_t	 cp;
		const char	*want;
		const char	*why;
	} rows[] = {
		{ 0x41, "A", "ASCII" },
		{ 0x7f, "\x7f", "last one-byte" },
		{ 0x80, "\xc2\x80", "first two-byte" },
		{ 0xe9, "\xc3\xa9", "Latin-1" },
		{ 0x7ff, "\xdf\xbf", "last two-byte" },
		{ 0x800, "\xe0\xa0\x80", "first three-byte" },
		{ 0xac00, "\xea\xb0\x80", "Hangul" },
		{ 0xd800, "\xef\xbf\xbd", "surrogate: U+FFFD" },
		{ 0xffff, "\xef\xbf\xbf", "last three-byte" },
		{ 0x10000, "\xf0\x90\x80\x80", "first four-byte" },
		{ 0x1f600, "\xf0\x9f\x98\x80", "emoji" },
		{ 0x10ffff, "\xf4\x8f\xbf\xbf", "last code point" },
		{ 0x110000, "\xef\xbf\xbd", "past U+10FFFF: U+FFFD" },
	};
	struct dl_buf	 b;
	char		 u[4];
	size_t		 i, n;

	(void)state;
	dl_buf_init(&b, 64);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		n = dl_utf8_encode(rows[i].cp, u);
		if (n != strlen(rows[i].want) ||
		    memcmp(u, rows[i].want, n) != 0)
			fail_msg("%s: U+%04X", rows[i].why,
			    (unsigned)rows[i].cp);
		dl_buf_reset(&b);
		assert_int_equal(dl_buf_add_utf8(&b, rows[i].cp), 0);
		assert_string_equal(dl_buf_str(&b), rows[i].want);
	}
	dl_buf_clear(&b);
}

/* The one atomic writer: a new file gets the mode asked, a replaced one
 * keeps its own, DL_FILE_NOREPLACE never replaces, nothing is left. */
static void
test_write_atomic(void **state)
{
	char		 dir[] = "/tmp/test_dl.XXXXXX", *p, buf[16];
	struct dl_err	 err = { "" };
	struct stat	 st;
	FILE		*f;
	size_t		 n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = dl_printf("%s/f", dir);
	assert_int_equal(dl_file_write_atomic(p, "one", 3, 0600, 0, &err), 1);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(dl_file_write_atomic(p, "two!", 4, 0600, 0, &err),
	    1);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(dl_file_write_atomic(p, "three", 5, 0600,
	    DL_FILE_NOREPLACE, &err), 0);
	f = fopen(p, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "two!", 4);
	assert_int_equal(unlink(p), 0);
	free(p);
	assert_int_equal(rmdir(dir), 0);	/* no temporary file left */
	p = dl_printf("%s/none/f", dir);
	assert_int_equal(dl_file_write_atomic(p, "x", 1, 0, 0, &err), -1);
	assert_non_null(strstr(err.msg, "No such file"));
	free(p);
}

/* The one XDG lookup: --config-dir, an absolute XDG variable, HOME; a
 * relative XDG variable is ignored (the spec). */
static void
test_xdg_paths(void **state)
{
	struct dl_err	 err = { "" };
	char		*p;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	setenv("XDG_DATA_HOME", "/x/data", 1);
	setenv("HOME", "/home/u", 1);
	p = dl_config_path("/cd", "urls", "the urls file", &err);
	assert_string_equal(p, "/cd/urls");
	free(p);
	p = dl_config_path("", "urls", "the urls file", &err);
	assert_string_equal(p, "/x/cfg/dateline/urls");
	free(p);
	p = dl_data_path("dateline.db", "the cache", &err);
	assert_string_equal(p, "/x/data/dateline/dateline.db");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("XDG_DATA_HOME", "relative", 1);
	p = dl_config_path(NULL, "extract-rules", "x", &err);
	assert_string_equal(p, "/home/u/.config/dateline/extract-rules");
	free(p);
	p = dl_data_path("dateline.db", "the cache", &err);
	assert_string_equal(p, "/home/u/.local/share/dateline/dateline.db");
	free(p);
	unsetenv("HOME");
	assert_null(dl_config_path(NULL, "config", "the config file", &err));
	assert_string_equal(err.msg, "cannot find the config file: neither "
	    "XDG_CONFIG_HOME nor HOME is set (use --config-dir)");
	assert_null(dl_data_path("dateline.db", "the cache", &err));
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_DATA_HOME");
}

/* The one mkdir -p: the folders above the path, private; not the last
 * component; a file in the way is named. */
static void
test_mkdir_parents(void **state)
{
	char		 dir[] = "/tmp/test_dl.XXXXXX", *p;
	struct dl_err	 err = { "" };
	struct stat	 st;
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = dl_printf("%s/a/b/f", dir);
	assert_int_equal(dl_mkdir_parents(p, &err), 0);
	assert_int_equal(dl_mkdir_parents(p, &err), 0);	/* there already */
	free(p);
	p = dl_printf("%s/a/b", dir);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	free(p);
	p = dl_printf("%s/a/b/f", dir);
	assert_int_equal(stat(p, &st), -1);
	f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
	free(p);
	p = dl_printf("%s/a/b/f/g/h", dir);
	assert_int_equal(dl_mkdir_parents(p, &err), -1);
	assert_non_null(strstr(err.msg, "/a/b/f/g: cannot create folder"));
	free(p);
	p = dl_printf("%s/a/b/f", dir);
	unlink(p);
	free(p);
	p = dl_printf("%s/a/b", dir);
	rmdir(p);
	free(p);
	p = dl_printf("%s/a", dir);
	rmdir(p);
	free(p);
	assert_int_equal(rmdir(dir), 0);
}

/* FDSize in /proc/self/status: the slots of the descriptor table. */
static long
t_fd_slots(void)
{
	char	 line[256];
	long	 n = -1;
	FILE	*f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "FDSize:", 7) == 0)
			n = strtol(line + 7, NULL, 10);
	fclose(f);
	return n;
}

/* dl_fd_reserve grows the table (not past the soft limit), and leaves
 * no descriptor open. */
static void
test_fd_reserve(void **state)
{
	struct rlimit	 rl;
	long		 want = 2 * t_fd_slots();
	int		 before, after;

	(void)state;
	if (want < 0)
		skip();	/* no /proc */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)want > rl.rlim_cur)
		want = (long)rl.rlim_cur;
	if (want <= t_fd_slots())
		skip();	/* the table is as large as the limit already */
	before = dup(0);
	assert_true(before >= 0);
	close(before);
	dl_fd_reserve((int)want);
	assert_true(t_fd_slots() >= want);
	after = dup(0);
	assert_int_equal(after, before);	/* the lowest is still free */
	close(after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fd_reserve),
		cmocka_unit_test(test_buf_grows_and_terminates),
		cmocka_unit_test(test_buf_refuses_past_cap),
		cmocka_unit_test(test_buf_take_and_reset),
		cmocka_unit_test(test_err_prefix),
		cmocka_unit_test(test_now_pinned),
		cmocka_unit_test(test_utf8_ctl),
		cmocka_unit_test(test_strtonum),
		cmocka_unit_test(test_caseeq),
		cmocka_unit_test(test_utf8_encode),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_span),
		cmocka_unit_test(test_utf8_span_long),
		cmocka_unit_test(test_utf8_bad),
		cmocka_unit_test(test_utf8_fffd_count),
		cmocka_unit_test(test_utf8_cut),
		cmocka_unit_test(test_utf8_prev),
		cmocka_unit_test(test_utf8_count),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_cp_cjk),
		cmocka_unit_test(test_write_atomic),
		cmocka_unit_test(test_xdg_paths),
		cmocka_unit_test(test_mkdir_parents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
