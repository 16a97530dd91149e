/* test_charset.c: unit tests for encoding labels, sniffing, streaming
 * conversion to UTF-8 and UTF-8 repair. Legacy-encoded inputs are byte
 * literals (computed once with Python's codecs), so the tests do not use
 * iconv to build their own inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "charset.h"
#include "dl.h"

#define R	"\xef\xbf\xbd"	/* U+FFFD in UTF-8 */

/* ---- labels ---- */

struct label_case {
	const char	*label;
	const char	*want;	/* NULL: unknown */
	const char	*why;
};

static const struct label_case label_cases[] = {
	{ "utf-8", "UTF-8", "plain" },
	{ "UTF8", "UTF-8", "no dash, upper case" },
	{ "unicode-1-1-utf-8", "UTF-8", "WHATWG alias" },
	{ "  \"utf-8\"  ", "UTF-8", "spaces and double quotes" },
	{ "'Utf-8'", "UTF-8", "single quotes" },
	{ "utf-16", "UTF-16LE", "bare utf-16 is little-endian" },
	{ "UTF-16LE", "UTF-16LE", "explicit LE" },
	{ "utf-16be", "UTF-16BE", "explicit BE" },
	{ "us-ascii", "WINDOWS-1252", "ASCII read as windows-1252" },
	{ "ascii", "WINDOWS-1252", "ASCII" },
	{ "ISO-8859-1", "WINDOWS-1252", "latin-1 read as windows-1252" },
	{ "latin1", "WINDOWS-1252", "latin1" },
	{ "l1", "WINDOWS-1252", "l1" },
	{ "iso_8859-1", "WINDOWS-1252", "underscore form" },
	{ "iso_8859-1:1987", "WINDOWS-1252", "with year" },
	{ "cp819", "WINDOWS-1252", "IBM name" },
	{ "x-cp1252", "WINDOWS-1252", "x- prefix" },
	{ "windows-1252", "WINDOWS-1252", "itself" },
	{ "iso-8859-15", "ISO-8859-15", "latin-9" },
	{ "latin9", "ISO-8859-15", "latin9" },
	{ "iso-8859-2", "ISO-8859-2", "numbered iso-8859" },
	{ "iso8859-5", "ISO-8859-5", "no first dash" },
	{ "iso_8859-7:1987", "ISO-8859-7", "numbered with year" },
	{ "iso-8859-9", "WINDOWS-1254", "latin-5 read as windows-1254" },
	{ "iso-8859-11", "CP874", "thai read as windows-874" },
	{ "tis-620", "CP874", "TIS-620 read as windows-874" },
	{ "iso-8859-12", NULL, "no such part" },
	{ "iso-8859-17", NULL, "out of range" },
	{ "windows-1251", "WINDOWS-1251", "cyrillic windows" },
	{ "cp1250", "WINDOWS-1250", "cp form" },
	{ "windows-1258", "WINDOWS-1258", "last windows-125x" },
	{ "windows-1259", NULL, "no such code page" },
	{ "koi8-r", "KOI8-R", "KOI8-R" },
	{ "KOI8-U", "KOI8-U", "KOI8-U" },
	{ "koi8-ru", "KOI8-U", "koi8-ru is a KOI8-U label in WHATWG" },
	{ "euc-kr", "CP949", "EUC-KR read as its superset" },
	{ "ks_c_5601-1987", "CP949", "what Microsoft tools write" },
	{ "cp949", "CP949", "itself" },
	{ "windows-949", "CP949", "windows name" },
	{ "ksc5601", "CP949", "ksc5601" },
	{ "shift_jis", "CP932", "Shift_JIS read as CP932" },
	{ "Shift-JIS", "CP932", "dash form" },
	{ "sjis", "CP932", "sjis" },
	{ "x-sjis", "CP932", "x-sjis" },
	{ "ms_kanji", "CP932", "ms_kanji" },
	{ "windows-31j", "CP932", "windows-31j" },
	{ "euc-jp", "EUC-JP-MS", "EUC-JP with Microsoft extensions" },
	{ "x-euc-jp", "EUC-JP-MS", "x-euc-jp" },
	{ "iso-2022-jp", "ISO-2022-JP", "JIS" },
	{ "gb2312", "GB18030", "GB2312 read as GB18030" },
	{ "GBK", "GB18030", "GBK" },
	{ "x-gbk", "GB18030", "x-gbk" },
	{ "euc-cn", "GB18030", "euc-cn" },
	{ "cp936", "GB18030", "cp936" },
	{ "chinese", "GB18030", "chinese" },
	{ "gb18030", "GB18030", "itself" },
	{ "big5", "BIG5-HKSCS", "Big5 read as Big5-HKSCS" },
	{ "big5-hkscs", "BIG5-HKSCS", "itself" },
	{ "cn-big5", "BIG5-HKSCS", "cn-big5" },
	{ "x-x-big5", "BIG5-HKSCS", "x-x-big5" },
	{ "ibm866", "IBM866", "DOS cyrillic" },
	{ "macintosh", "MACINTOSH", "Mac Roman" },
	{ "x-mac-cyrillic", "MAC-CYRILLIC", "Mac cyrillic" },
	{ "iso-8859-8-i", "ISO-8859-8", "logical hebrew" },
	/* WHATWG's ISO-IR registration labels. */
	{ "iso-ir-101", "ISO-8859-2", "ISO-IR 101 is latin-2" },
	{ "iso-ir-109", "ISO-8859-3", "ISO-IR 109 is latin-3" },
	{ "iso-ir-110", "ISO-8859-4", "ISO-IR 110 is latin-4" },
	{ "iso-ir-144", "ISO-8859-5", "ISO-IR 144 is cyrillic" },
	{ "iso-ir-127", "ISO-8859-6", "ISO-IR 127 is arabic" },
	{ "csiso88596i", "ISO-8859-6", "implicit arabic" },
	{ "iso-ir-126", "ISO-8859-7", "ISO-IR 126 is greek" },
	{ "iso-ir-138", "ISO-8859-8", "ISO-IR 138 is hebrew" },
	{ "iso-ir-157", "ISO-8859-10", "ISO-IR 157 is latin-6" },
	{ "iso-ir-100", "WINDOWS-1252", "ISO-IR 100 is latin-1: cp1252" },
	/* The rest of WHATWG's CJK labels. */
	{ "ms932", "CP932", "ms932" },
	{ "csshiftjis", "CP932", "csshiftjis" },
	{ "iso-ir-149", "CP949", "ISO-IR 149 is KS C 5601" },
	{ "csksc56011987", "CP949", "csksc56011987" },
	{ "korean", "CP949", "korean" },
	{ "ks_c_5601-1989", "CP949", "ks_c_5601-1989" },
	{ "gb_2312-80", "GB18030", "gb_2312-80" },
	{ "csgb2312", "GB18030", "csgb2312" },
	{ "iso-ir-58", "GB18030", "ISO-IR 58 is GB 2312" },
	{ "csiso58gb231280", "GB18030", "csiso58gb231280" },
	{ "csbig5", "BIG5-HKSCS", "csbig5" },
	{ "cseucpkdfmtjapanese", "EUC-JP-MS", "cseucpkdfmtjapanese" },
	{ "csiso2022jp", "ISO-2022-JP", "csiso2022jp" },
	{ "", NULL, "empty" },
	{ "  ", NULL, "only spaces" },
	{ "\"\"", NULL, "only quotes" },
	{ "utf-7", NULL, "never decoded (XSS vector)" },
	{ "x-user-defined", NULL, "not supported" },
	{ "utf-8 junk", NULL, "trailing junk" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  NULL, "too long" },
};

static void
test_canonical_table(void **state)
{
	const char	*got, *again;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof label_cases / sizeof label_cases[0]; i++) {
		const struct label_case *c = &label_cases[i];

		got = charset_canonical(c->label);
		if (c->want == NULL) {
			if (got != NULL)
				fail_msg("%s: want NULL, got %s", c->why, got);
			continue;
		}
		if (got == NULL || strcmp(got, c->want) != 0)
			fail_msg("%s: %s: want %s, got %s", c->why, c->label,
			    c->want, got ? got : "NULL");
		again = charset_canonical(got);
		if (again == NULL || strcmp(again, got) != 0)
			fail_msg("%s: %s is not canonical for itself",
			    c->why, got);
	}
	assert_null(charset_canonical(NULL));
}

/* Every canonical name must open a converter: glibc must know it. */
static void
test_canonical_opens(void **state)
{
	struct charset_conv	*c;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof label_cases / sizeof label_cases[0]; i++) {
		if (label_cases[i].want == NULL) {
			assert_null(charset_conv_new(label_cases[i].label));
			continue;
		}
		c = charset_conv_new(label_cases[i].label);
		if (c == NULL)
			fail_msg("%s: no converter", label_cases[i].want);
		assert_string_equal(charset_conv_name(c), label_cases[i].want);
		charset_conv_free(c);
	}
	charset_conv_free(NULL);
}

/* ---- conversion ---- */

struct conv_case {
	const char	*label;
	const char	*in;
	size_t		 inlen;	/* 0: strlen(in) */
	const char	*want;
	const char	*why;
};

#define B(s)	s, sizeof(s) - 1	/* byte literal that may hold NULs */

static const struct conv_case conv_cases[] = {
	/* Korean */
	{ "euc-kr", B("\x8c" "c\xb9\xe6\xb0\xa2\xc7\xcf \xb4\xba\xbd\xba"),
	  "똠방각하 뉴스", "CP949-only syllable 똠 under the euc-kr label" },
	{ "ks_c_5601-1987", B("\xc7\xd1\xb1\xb9\xbe\xee \xb4\xba\xbd\xba"),
	  "한국어 뉴스", "KS X 1001 Hangul" },
	{ "euc-kr", B("\xc7\xd1\xff\xb1\xb9"), "한" R "국",
	  "0xFF is no lead byte: one U+FFFD, rest intact" },
	{ "euc-kr", B("\xc7" "A<b>"), R "A<b>",
	  "lead byte then ASCII: the ASCII byte survives" },
	{ "euc-kr", B("a\x80z"), "a" R "z", "0x80 alone" },
	{ "euc-kr", B("a\xa2\xe8\xaa\xe6"), "a㉾ゆ",
	  "A2E8: glibc steps over it; browsers map it (KS X 1001:2002)" },
	{ "euc-kr", B("\xc9\xa1\xb0\xa1"), R "가",
	  "unmapped pair (user-defined row): one U+FFFD for both bytes" },
	/* Japanese */
	{ "shift_jis", B("\x87@\xee\xe0\x8b\xb4 \x83j\x83\x85\x81[\x83X"),
	  "①髙橋 ニュース", "NEC row 13 and IBM extension (髙) in CP932" },
	{ "sjis", B("\x93\xfa\x96{\x8c\xea\xc6\xad\xb0\xbd"), "日本語ﾆｭｰｽ",
	  "ASCII-range trail bytes and half-width katakana" },
	{ "shift_jis", B("\x81`\x81|"), "～－",
	  "Microsoft mappings for wave dash and minus, as browsers" },
	{ "shift_jis", B("\x82\xa0\xa0\x82\xa2"), "あ" R "い",
	  "0xA0 is invalid on its own" },
	{ "shift_jis", B("\x82 x"), R " x", "lead byte then space" },
	{ "shift_jis", B("a\x80" "b\xfd" "c"), "a\xc2\x80" "b" R "c",
	  "0x80 is U+0080 (WHATWG), 0xFD is invalid" },
	{ "euc-jp", B("\xc6\xfc\xcb\xdc\xb8\xec\xa5\xcb\xa5\xe5\xa1\xbc\xa5"
	  "\xb9"), "日本語ニュース", "JIS X 0208" },
	{ "euc-jp", B("\xad\xa1\x8f\xb0\xa1\x8e\xb1"), "①丂ｱ",
	  "NEC row 13, JIS X 0212 (3 bytes), half-width katakana" },
	{ "euc-jp", B("\xa4\xa2\xa4" "A"), "あ" R "A",
	  "lead byte then ASCII" },
	{ "iso-2022-jp", B("\x1b$BF|K\x5c" "8l%K%e!<%9\x1b(B"),
	  "日本語ニュース", "JIS X 0208 between escapes" },
	{ "iso-2022-jp", B("a\x1b$B-!\x1b(B b"), "a① b",
	  "NEC row 13, which glibc's ISO-2022-JP rejects" },
	{ "iso-2022-jp", B("\x1b(I1\x1b(B \x1b(J\\~\x1b(B\\~"),
	  "ｱ ¥‾\\~", "katakana and JIS-Roman sets" },
	{ "iso-2022-jp", B("\x1b$@$\"\x1b(B"), "あ", "ESC $ @ (JIS C 6226)" },
	{ "iso-2022-jp", B("\x1b$B$\"\x80$\"\x1b(B"), "あ" R "あ",
	  "8-bit byte inside the double-byte set" },
	{ "iso-2022-jp", B("x\x1b(Zy"), "x" R "(Zy",
	  "unknown escape: bytes read again as ASCII" },
	{ "iso-2022-jp", B("\x1b(B\x1b(Ba"), R "a",
	  "two escapes with nothing between" },
	{ "iso-2022-jp", B("\x1b$B$\"$"), "あ" R, "cut off mid-character" },
	{ "iso-2022-jp", B("ok\x1b"), "ok" R, "cut off in an escape" },
	{ "iso-2022-jp", B("\x0e" "a\xff"), R "a" R, "SO and 8-bit bytes" },
	/* Chinese */
	{ "gb2312", B("\xd6\xd0\xce\xc4\xd0\xc2\xce\xc5"), "中文新闻",
	  "GB2312" },
	{ "gbk", B("\xd6\xd0\xce\xc4\xd0\xc2\xc2\x84"), "中文新聞",
	  "GBK-only traditional character" },
	{ "gb18030", B("\x95" "2\x82" "6\xa2\xe3\x81" "9\xee" "9"), "𠀀€㐀",
	  "four-byte sequences (astral and BMP)" },
	{ "gbk", B("a\x80" "b"), "a€b", "0x80 is the euro sign (WHATWG)" },
	{ "gb18030", B("\xd6\xd0\xff"), "中" R, "0xFF invalid" },
	{ "gb18030", B("\x81" "0A"), R "0A",
	  "four-byte start cut by ASCII at the end: ASCII kept" },
	{ "gb18030", B("\x95" "2\x82\xff"), R "2" R,
	  "broken four-byte sequence: digits survive" },
	{ "big5", B("\xa4\xa4\xa4\xe5\xb7s\xbb" "D"), "中文新聞",
	  "Big5, ASCII-range trail bytes" },
	{ "big5-hkscs", B("\xad\xbb\xb4\xe4\x9e" "c"), "香港𡃁",
	  "HKSCS astral character" },
	{ "big5", B("\xa4\xa4\xff\xa4\xe5"), "中" R "文", "0xFF invalid" },
	{ "big5", B("\x88\x62"), "\xc3\x8a\xcc\x84",
	  "HKSCS pair decoding to two code points" },
	/* Cyrillic */
	{ "koi8-r", B("\xee\xcf\xd7\xcf\xd3\xd4\xc9"), "Новости", "KOI8-R" },
	{ "windows-1251", B("\xcd\xee\xe2\xee\xf1\xf2\xe8"), "Новости",
	  "windows-1251" },
	{ "windows-1251", B("a\x98" "b"), "a" R "b",
	  "0x98 is unassigned" },
	{ "windows-1255", B("\xf9\xd1"), "\xd7\xa9\xd7\x81",
	  "Hebrew letter and point stay apart (glibc would compose)" },
	{ "windows-1255", B("\xca"), "\xd6\xba",
	  "0xCA is U+05BA, as in WHATWG's index" },
	{ "koi8-u", B("\xae\xbe\xa4\xb4"), "ўЎєЄ",
	  "WHATWG KOI8-U has Belarusian short u" },
	{ "koi8-ru", B("\xae\x93"), "ў⌠", "koi8-ru is read as KOI8-U" },
	{ "x-mac-cyrillic", B("\xff\xa2"), "€Ґ", "Mac Cyrillic euro" },
	/* Latin */
	{ "iso-8859-1", B("\x80\x93Hi\x94 caf\xe9"), "€“Hi” café",
	  "latin-1 label gets windows-1252 specials" },
	{ "us-ascii", B("\x81\x8d\x8f\x90\x9d"),
	  "\xc2\x81\xc2\x8d\xc2\x8f\xc2\x90\xc2\x9d",
	  "windows-1252 holes are C1 controls, as in browsers" },
	{ "iso-8859-15", B("\xa4 \xbd"), "€ œ", "latin-9 euro and oe" },
	/* UTF-16 */
	{ "utf-16le", B("A\x00\xe9\x00-N4\xd8\x1e\xdd"), "Aé中𝄞",
	  "UTF-16LE without BOM, surrogate pair" },
	{ "utf-16", B("\xff\xfe" "A\x00\xe9\x00"), "Aé",
	  "UTF-16 with BOM: BOM dropped" },
	{ "utf-16be", B("\x00" "A\x00\xe9N-\xd8" "4\xdd\x1e"), "Aé中𝄞",
	  "UTF-16BE without BOM" },
	{ "utf-16be", B("\xfe\xff\x00" "A"), "A", "UTF-16BE with BOM" },
	{ "utf-16le", B("\x00\xd8" "A\x00"), R "A", "lone high surrogate" },
	{ "utf-16le", B("A\x00\x00\xdc" "B\x00"), "A" R "B",
	  "lone low surrogate" },
	{ "utf-16le", B("A\x00" "B"), "A" R, "odd length" },
	{ "utf-16le", B("A\x00\xff\xfe"), "A\xef\xbb\xbf",
	  "U+FEFF after the start is kept" },
	/* UTF-8 */
	{ "utf-8", B("plain ascii <b>&amp;</b>"), "plain ascii <b>&amp;</b>",
	  "ASCII" },
	{ "utf-8", B("\xef\xbb\xbf" "abc"), "abc", "BOM dropped" },
	{ "utf-8", B("한국 日本 中文 😀"), "한국 日本 中文 😀",
	  "2, 3 and 4-byte sequences" },
	{ "utf-8", B("a\xc0\x80" "b"), "a" R R "b", "overlong NUL" },
	{ "utf-8", B("\xe0\x80\xaf"), R R R, "overlong 3-byte" },
	{ "utf-8", B("\xed\xa0\x80z"), R R R "z", "surrogate" },
	{ "utf-8", B("\xf4\x90\x80\x80"), R R R R, "above U+10FFFF" },
	{ "utf-8", B("\xf5\xff"), R R, "bytes never in UTF-8" },
	{ "utf-8", B("a\x80\xbf" "b"), "a" R R "b", "stray continuations" },
	{ "utf-8", B("\xe2\x82" "A"), R "A", "truncated, then ASCII: one" },
	{ "utf-8", B("x\xf0\x9f\x98"), "x" R, "truncated at the end" },
	{ "utf-8", B("\xe2\x82\xac\xe2\x82"), "€" R, "cut off after euro" },
};

struct feed_plan {
	size_t	 cut[2];	/* feed [0,cut0) [cut0,cut1) [cut1,n) */
};

/* Convert in[0..n) cut at two points; returns the output (caller
 * frees). */
static char *
conv_run(const char *label, const char *in, size_t n, size_t cut0,
    size_t cut1)
{
	struct charset_conv	*c;
	struct dl_buf		 out;

	c = charset_conv_new(label);
	if (c == NULL)
		fail_msg("%s: no converter", label);
	dl_buf_init(&out, 1 << 20);
	assert_int_equal(charset_conv_feed(c, in, cut0, &out), 0);
	assert_int_equal(charset_conv_feed(c, in + cut0, cut1 - cut0, &out),
	    0);
	assert_int_equal(charset_conv_feed(c, in + cut1, n - cut1, &out), 0);
	assert_int_equal(charset_conv_finish(c, &out), 0);
	charset_conv_free(c);
	return dl_buf_take(&out);
}

static void
conv_expect(const struct conv_case *c, size_t cut0, size_t cut1)
{
	char	*got;

	got = conv_run(c->label, c->in, c->inlen, cut0, cut1);
	if (strcmp(got, c->want) != 0)
		fail_msg("%s (%s, cut at %zu and %zu): want \"%s\", got \"%s\"",
		    c->why, c->label, cut0, cut1, c->want, got);
	free(got);
}

static void
test_conv_table(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof conv_cases / sizeof conv_cases[0]; i++)
		conv_expect(&conv_cases[i], 0, 0);
}

/* Every input cut at every pair of offsets gives the same output. */
static void
test_conv_split_everywhere(void **state)
{
	size_t	 i, a, b;

	(void)state;
	for (i = 0; i < sizeof conv_cases / sizeof conv_cases[0]; i++) {
		const struct conv_case *c = &conv_cases[i];

		for (a = 0; a <= c->inlen; a++)
			for (b = a; b <= c->inlen; b++)
				conv_expect(c, a, b);
	}
}

/* One byte per call: the carry and the ISO-2022-JP state must hold. */
static void
test_conv_byte_at_a_time(void **state)
{
	struct charset_conv	*cv;
	struct dl_buf		 out;
	size_t			 i, j;

	(void)state;
	dl_buf_init(&out, 1 << 20);
	for (i = 0; i < sizeof conv_cases / sizeof conv_cases[0]; i++) {
		const struct conv_case *c = &conv_cases[i];

		cv = charset_conv_new(c->label);
		assert_non_null(cv);
		dl_buf_reset(&out);
		for (j = 0; j < c->inlen; j++)
			assert_int_equal(charset_conv_feed(cv, c->in + j, 1,
			    &out), 0);
		assert_int_equal(charset_conv_finish(cv, &out), 0);
		if (strcmp(dl_buf_str(&out), c->want) != 0)
			fail_msg("%s: byte at a time: got \"%s\"", c->why,
			    dl_buf_str(&out));
		charset_conv_free(cv);
	}
	dl_buf_clear(&out);
}

/* Long input through odd chunk sizes: output buffers and the ISO-2022-JP
 * staging area fill and flush many times. */
static void
test_conv_long(void **state)
{
	static const struct conv_case *unit;
	struct charset_conv	*cv;
	struct dl_buf		 in, out, want;
	size_t			 i, k, off, step;
	const char		*sep;

	(void)state;
	for (i = 0; i < sizeof conv_cases / sizeof conv_cases[0]; i++) {
		unit = &conv_cases[i];
		if (strstr(unit->why, "BOM") != NULL ||
		    strstr(unit->why, "cut off") != NULL ||
		    strstr(unit->why, "truncated at") != NULL ||
		    strstr(unit->why, "odd length") != NULL)
			continue;	/* not repeatable */
		dl_buf_init(&in, 1 << 24);
		dl_buf_init(&out, 1 << 24);
		dl_buf_init(&want, 1 << 24);
		/* ISO-2022-JP: an escape right after an escape is an error,
		 * so units are kept apart by a newline */
		sep = strcmp(unit->label, "iso-2022-jp") == 0 ? "\n" : "";
		for (k = 0; k < 3000; k++) {
			assert_int_equal(dl_buf_add(&in, unit->in,
			    unit->inlen), 0);
			assert_int_equal(dl_buf_adds(&in, sep), 0);
			assert_int_equal(dl_buf_adds(&want, unit->want), 0);
			assert_int_equal(dl_buf_adds(&want, sep), 0);
		}
		cv = charset_conv_new(unit->label);
		for (off = 0, step = 1; off < in.len; off += step, step =
		    step * 7 % 4099 + 1) {
			k = in.len - off < step ? in.len - off : step;
			assert_int_equal(charset_conv_feed(cv, in.data + off,
			    k, &out), 0);
		}
		assert_int_equal(charset_conv_finish(cv, &out), 0);
		if (out.len != want.len || memcmp(out.data, want.data,
		    out.len) != 0)
			fail_msg("%s: long input differs", unit->why);
		charset_conv_free(cv);
		dl_buf_clear(&in);
		dl_buf_clear(&out);
		dl_buf_clear(&want);
	}
}

/* Random bytes in every encoding: output is valid UTF-8 and does not
 * depend on how the input is cut (glibc's EINVAL/EILSEQ must agree with
 * the carry logic even on garbage). */
static void
conv_pieces(const char *label, const unsigned char *in, size_t n,
    uint32_t *seed, struct dl_buf *out)
{
	struct charset_conv	*cv;
	size_t			 off, k;

	cv = charset_conv_new(label);
	assert_non_null(cv);
	dl_buf_reset(out);
	for (off = 0; off < n; off += k) {
		k = n - off;
		if (seed != NULL) {
			*seed = *seed * 1103515245 + 12345;
			k = (*seed >> 16) % 5 < k ? (*seed >> 16) % 5 : k;
		}
		assert_int_equal(charset_conv_feed(cv, in + off, k, out), 0);
	}
	assert_int_equal(charset_conv_finish(cv, out), 0);
	charset_conv_free(cv);
}

static void
test_conv_random(void **state)
{
	static const char *const labels[] = { "utf-8", "utf-16le",
	    "utf-16be", "euc-kr", "shift_jis", "euc-jp", "iso-2022-jp",
	    "gb18030", "big5", "koi8-r", "windows-1251", "iso-8859-1",
	    "iso-8859-15", "windows-1253" };
	unsigned char	 in[64];
	uint32_t	 seed = 7;
	size_t		 l, r, i, n;
	struct dl_buf	 whole, cut;

	(void)state;
	dl_buf_init(&whole, 1 << 20);
	dl_buf_init(&cut, 1 << 20);
	for (l = 0; l < sizeof labels / sizeof labels[0]; l++) {
		for (r = 0; r < 2000; r++) {
			seed = seed * 1103515245 + 12345;
			n = (seed >> 16) % sizeof in;
			for (i = 0; i < n; i++) {
				seed = seed * 1103515245 + 12345;
				in[i] = (unsigned char)(seed >> 16);
				if (r % 2 == 0 && in[i] < 0x80)
					in[i] = (unsigned char)(0x21 +
					    in[i] % 0x5e);
				if (r % 5 == 0 && i % 7 == 0)
					in[i] = 0x1b;
			}
			conv_pieces(labels[l], in, n, NULL, &whole);
			conv_pieces(labels[l], in, n, &seed, &cut);
			if (!charset_utf8_valid(dl_buf_str(&whole), whole.len))
				fail_msg("%s: invalid UTF-8 out", labels[l]);
			if (whole.len != cut.len || memcmp(dl_buf_str(&whole),
			    dl_buf_str(&cut), cut.len) != 0)
				fail_msg("%s: round %zu: cut output differs",
				    labels[l], r);
		}
	}
	dl_buf_clear(&whole);
	dl_buf_clear(&cut);
}

static void
test_conv_reuse_and_cap(void **state)
{
	struct charset_conv	*cv;
	struct dl_buf		 out;

	(void)state;
	cv = charset_conv_new("utf-8");
	dl_buf_init(&out, 64);
	assert_int_equal(charset_conv_feed(cv, "\xef\xbb\xbf" "a\xe2\x82", 6,
	    &out), 0);
	assert_int_equal(charset_conv_finish(cv, &out), 0);
	assert_string_equal(dl_buf_str(&out), "a" R);
	/* after finish, a new document: BOM dropped again, no stale carry */
	dl_buf_reset(&out);
	assert_int_equal(charset_conv_feed(cv, "\xef\xbb\xbf" "b", 4, &out),
	    0);
	assert_int_equal(charset_conv_finish(cv, &out), 0);
	assert_string_equal(dl_buf_str(&out), "b");
	dl_buf_clear(&out);
	charset_conv_free(cv);

	cv = charset_conv_new("euc-kr");
	dl_buf_init(&out, 4);
	assert_int_equal(charset_conv_feed(cv, "ab", 2, &out), 0);
	assert_int_equal(charset_conv_feed(cv, "\xc7\xd1\xc7\xd1", 4, &out),
	    -1);
	dl_buf_clear(&out);
	charset_conv_free(cv);
}

/* ---- UTF-8 validation and repair ---- */

struct utf8_case {
	const char	*in;
	size_t		 inlen;
	const char	*repaired;
	const char	*why;
};

static const struct utf8_case utf8_cases[] = {
	{ B(""), "", "empty" },
	{ B("hello, world; a longer ASCII run of more than 16 bytes"),
	  "hello, world; a longer ASCII run of more than 16 bytes", "ASCII" },
	{ B("0123456789abcdef\xc3\xa9" "0123456789abcdef"),
	  "0123456789abcdefé0123456789abcdef", "2-byte after a fast block" },
	{ B("\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4"
	  "\x8f\xbf\xbf"),
	  "\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4"
	  "\x8f\xbf\xbf", "boundaries of every length" },
	{ B("a\0b"), NULL, "NUL is valid UTF-8" },
	{ B("\xc1\xbf"), R R, "overlong 2-byte" },
	{ B("\xf0\x8f\xbf\xbf"), R R R R, "overlong 4-byte" },
	{ B("\xed\xbf\xbf"), R R R, "low surrogate" },
	{ B("\xee\x80\x80"), "\xee\x80\x80", "private use is valid" },
	{ B("0123456789abcdef0123456789abcde\x80"),
	  "0123456789abcdef0123456789abcde" R, "stray byte at block end" },
	{ B("\xe4\xb8"), R, "truncated 3-byte" },
	{ B("\xe4\xb8\xe4\xb8\xad"), R "中", "truncated then valid" },
	{ B("\xf8\x88\x80\x80\x80"), R R R R R, "5-byte form" },
	{ B("\xfe\xff"), R R, "UTF-16 BOM bytes" },
};

static void
test_utf8_table(void **state)
{
	struct dl_buf	 out;
	size_t		 i;
	int		 valid;

	(void)state;
	dl_buf_init(&out, 1 << 16);
	for (i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++) {
		const struct utf8_case *c = &utf8_cases[i];
		const char *want = c->repaired != NULL ? c->repaired : c->in;
		size_t wantlen = c->repaired != NULL ? strlen(want) : c->inlen;

		valid = c->inlen == wantlen && memcmp(c->in, want, wantlen) == 0;
		if (charset_utf8_valid(c->in, c->inlen) != valid)
			fail_msg("%s: valid should be %d", c->why, valid);
		dl_buf_reset(&out);
		assert_int_equal(charset_utf8_repair(c->in, c->inlen, &out), 0);
		if (out.len != wantlen || memcmp(dl_buf_str(&out), want,
		    wantlen) != 0)
			fail_msg("%s: repaired to \"%s\"", c->why,
			    dl_buf_str(&out));
	}
	dl_buf_clear(&out);
}

/* Every valid 1- to 4-byte boundary encoding is accepted; every one-byte
 * change to an invalid lead is caught. */
static void
test_utf8_all_leads(void **state)
{
	char	 s[4];
	int	 b0, b1;

	(void)state;
	for (b0 = 0; b0 < 256; b0++) {
		s[0] = (char)b0;
		for (b1 = 0; b1 < 256; b1++) {
			int want;

			s[1] = (char)b1;
			if (b0 < 0x80)
				want = b1 < 0x80;
			else if (b0 >= 0xc2 && b0 <= 0xdf)
				want = b1 >= 0x80 && b1 <= 0xbf;
			else
				want = 0;
			if (charset_utf8_valid(s, 2) != want)
				fail_msg("%02x %02x: want %d", b0, b1, want);
		}
	}
}

/* Three-byte forms against a reference decoder: valid iff the pattern is
 * 1110xxxx 10xxxxxx 10xxxxxx, not overlong and not a surrogate. */
static void
test_utf8_three_bytes(void **state)
{
	unsigned char	 s[3];
	uint32_t	 cp;
	int		 b1, b2, want;

	(void)state;
	for (s[0] = 0xe0; s[0] <= 0xef; s[0]++) {
		for (b1 = 0x80; b1 < 0x100; b1++) {
			for (b2 = 0x70; b2 < 0xd0; b2++) {
				s[1] = (unsigned char)b1;
				s[2] = (unsigned char)b2;
				cp = (uint32_t)(s[0] & 0x0f) << 12 |
				    (uint32_t)(b1 & 0x3f) << 6 |
				    (uint32_t)(b2 & 0x3f);
				want = b1 <= 0xbf && b2 >= 0x80 && b2 <= 0xbf &&
				    cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff);
				if (charset_utf8_valid((char *)s, 3) != want)
					fail_msg("%02x %02x %02x: want %d",
					    s[0], b1, b2, want);
			}
		}
	}
}

/* ---- sniffing ---- */

static void
test_sniff_bom(void **state)
{
	size_t	 n;

	(void)state;
	assert_string_equal(charset_sniff_bom((const unsigned char *)
	    "\xef\xbb\xbf<", 4, &n), "UTF-8");
	assert_int_equal(n, 3);
	assert_string_equal(charset_sniff_bom((const unsigned char *)
	    "\xff\xfe<\0", 4, &n), "UTF-16LE");
	assert_int_equal(n, 2);
	assert_string_equal(charset_sniff_bom((const unsigned char *)
	    "\xfe\xff\0<", 4, &n), "UTF-16BE");
	assert_int_equal(n, 2);
	assert_null(charset_sniff_bom((const unsigned char *)"\xef\xbb", 2,
	    &n));
	assert_int_equal(n, 0);
	assert_null(charset_sniff_bom((const unsigned char *)"<?xml", 5, &n));
	assert_int_equal(n, 0);
	assert_null(charset_sniff_bom((const unsigned char *)"", 0, &n));
}

struct sniff_case {
	const char	*in;
	size_t		 inlen;
	const char	*want;	/* NULL: none */
	const char	*why;
};

static const struct sniff_case xml_cases[] = {
	{ B("<?xml version=\"1.0\" encoding=\"EUC-KR\"?><rss>"), "EUC-KR",
	  "double quotes" },
	{ B("<?xml version='1.0' encoding='shift_jis'?>"), "shift_jis",
	  "single quotes" },
	{ B("<?xml version=\"1.0\" encoding = \"gb2312\" ?>"), "gb2312",
	  "spaces around =" },
	{ B("<?xml version=\"1.0\"\n\tencoding=\"big5\"?>"), "big5",
	  "newline before the pseudo-attribute" },
	{ B("<?xml version=\"1.0\"?><rss encoding=\"x\">"), NULL,
	  "encoding after the declaration does not count" },
	{ B("<?xml version=\"1.0\" standalone=\"yes\"?>"), NULL,
	  "no encoding" },
	{ B("<rss version=\"2.0\">"), NULL, "no declaration" },
	{ B(" <?xml version=\"1.0\" encoding=\"koi8-r\"?>"), NULL,
	  "declaration must be first" },
	{ B("<?xml version=\"1.0\" encoding=\"utf-8"), NULL,
	  "unterminated quote" },
	{ B("<?xml version=\"1.0\" encoding=\"\"?>"), NULL, "empty value" },
	{ B("<?xml version=\"1.0\" myencoding=\"a\" encoding=\"b\"?>"), "b",
	  "a longer name ending in encoding is skipped" },
	{ B("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
	  "utf-8", "UTF-8 BOM before the declaration" },
	{ B("<\0?\0x\0m\0l\0"), "UTF-16LE", "UTF-16LE without BOM" },
	{ B("\0<\0?\0x\0m\0l"), "UTF-16BE", "UTF-16BE without BOM" },
	{ B("<?xml version=\"1.0\" encoding=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"?>"), NULL,
	  "longer than the output" },
};

static const struct sniff_case html_cases[] = {
	{ B("<html><head><meta charset=\"euc-kr\"></head>"), "euc-kr",
	  "meta charset, quoted" },
	{ B("<META CHARSET=Shift_JIS>"), "Shift_JIS", "upper case, unquoted" },
	{ B("<meta charset='gbk'/>"), "gbk", "single quotes, self-closing" },
	{ B("<meta http-equiv=\"Content-Type\" content=\"text/html; "
	  "charset=big5\">"), "big5", "http-equiv content" },
	{ B("<meta content='text/html;charset=EUC-JP' "
	  "http-equiv='Content-Type'>"), "EUC-JP",
	  "content before http-equiv, no space after ;" },
	{ B("<meta name=\"viewport\" content=\"width=device-width\">"
	  "<meta charset=utf-8>"), "utf-8", "skips other meta tags" },
	{ B("<!-- <meta charset=koi8-r> --><meta charset=windows-1251>"),
	  "windows-1251", "commented-out meta ignored" },
	{ B("<metadata charset=x><p>"), NULL, "not a meta tag" },
	{ B("<html><body>no meta</body></html>"), NULL, "none" },
	{ B("<meta charset="), NULL, "cut off" },
	{ B("<meta content=\"text/html; charset=\\\"x\">"), NULL,
	  "garbage value" },
};

static void
sniff_check(const struct sniff_case *cases, size_t n,
    int (*fn)(const unsigned char *, size_t, char *, size_t))
{
	char	 out[64];
	size_t	 i;
	int	 rc;

	for (i = 0; i < n; i++) {
		const struct sniff_case *c = &cases[i];

		rc = fn((const unsigned char *)c->in, c->inlen, out,
		    sizeof out);
		if (c->want == NULL && rc != -1)
			fail_msg("%s: want none, got %s", c->why, out);
		if (c->want != NULL && (rc != 0 || strcmp(out, c->want) != 0))
			fail_msg("%s: want %s, got %s", c->why, c->want,
			    rc == 0 ? out : "none");
	}
}

static void
test_sniff_xml(void **state)
{
	(void)state;
	sniff_check(xml_cases, sizeof xml_cases / sizeof xml_cases[0],
	    charset_sniff_xml);
}

static void
test_sniff_html(void **state)
{
	(void)state;
	sniff_check(html_cases, sizeof html_cases / sizeof html_cases[0],
	    charset_sniff_html);
}

static void
test_content_type(void **state)
{
	static const struct {
		const char	*in, *want, *why;
	} cases[] = {
		{ "text/xml; charset=\"EUC-KR\"", "EUC-KR", "quoted" },
		{ "text/html;charset=utf-8", "utf-8", "no space" },
		{ "application/rss+xml; CHARSET=Shift_JIS; foo=bar",
		  "Shift_JIS", "upper case, more parameters" },
		{ "text/plain; format=flowed; charset='gbk'", "gbk",
		  "single quotes, second parameter" },
		{ "text/xml", NULL, "no parameter" },
		{ "text/xml; xcharset=big5", NULL, "longer name" },
		{ "text/xml; charset=", NULL, "empty value" },
		{ "", NULL, "empty header" },
	};
	char	 out[32];
	size_t	 i;
	int	 rc;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rc = charset_from_content_type(cases[i].in, out, sizeof out);
		if (cases[i].want == NULL ? rc != -1 : (rc != 0 ||
		    strcmp(out, cases[i].want) != 0))
			fail_msg("%s: want %s", cases[i].why,
			    cases[i].want ? cases[i].want : "none");
	}
	assert_int_equal(charset_from_content_type(NULL, out, sizeof out), -1);
}

/* A document that ends inside a sequence: finish turns the held-over
 * bytes into U+FFFD (found by the fuzzer: UBSan flagged pointer
 * arithmetic on NULL in finish). */
static void
test_finish_with_carry(void **state)
{
	static const struct {
		const char	*enc;
		const char	*in;
		size_t		 len;
		const char	*want;
	} rows[] = {
		{ "UTF-16LE", "<\0x", 3, "<\xef\xbf\xbd" },
		{ "UTF-16BE", "\0<\0", 3, "<\xef\xbf\xbd" },
		{ "UTF-8", "a\xef", 2, "a\xef\xbf\xbd" },
		{ "CP949", "a\xb0", 2, "a\xef\xbf\xbd" },
		/* WHATWG: the cut escape is an error, "$" is text again. */
		{ "ISO-2022-JP", "a\x1b$", 3, "a\xef\xbf\xbd$" },
	};
	struct charset_conv	*c;
	struct dl_buf		 out;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		dl_buf_init(&out, DL_BUF_CAP_DEFAULT);
		c = charset_conv_new(rows[i].enc);
		assert_non_null(c);
		assert_int_equal(charset_conv_feed(c, rows[i].in, rows[i].len,
		    &out), 0);
		assert_int_equal(charset_conv_finish(c, &out), 0);
		if (strcmp(dl_buf_str(&out), rows[i].want) != 0)
			fail_msg("%s: got '%s'", rows[i].enc, dl_buf_str(&out));
		charset_conv_free(c);
		dl_buf_clear(&out);
	}
}

/* charset_guess: unlabelled bytes, the encoding a browser's detector
 * would settle on. */
struct guess_case {
	const char	*in;
	size_t		 inlen;
	const char	*want;	/* NULL: UTF-8 */
	const char	*why;
};

static const struct guess_case guess_cases[] = {
	{ B("\xbc\xad\xbf\xef\xc0\xc7\x20\xbf\xc0\xb4\xc3\x20\xb3\xaf"
	    "\xbe\xbe\xb4\xc2\x20\xb8\xbc\xb0\xed\x20\xb1\xe2\xbf\xc2"
	    "\xc0\xba\x20\xbe\xee\xc1\xa6\xba\xb8\xb4\xd9\x20\xb3\xf4"
	    "\xc0\xbb\x20\xb0\xcd\xc0\xb8\xb7\xce\x20\xbf\xb9\xbb\xf3"
	    "\xb5\xc8\xb4\xd9\xb0\xed\x20\xb1\xe2\xbb\xf3\xc3\xbb\xc0"
	    "\xcc\x20\xb9\xe0\xc7\xfb\xb4\xd9\x2e"),
	  "CP949", "Korean in EUC-KR" },
	{ B("\x93\x8c\x8b\x9e\x82\xcc\x8d\xa1\x93\xfa\x82\xcc\x93\x56"
	    "\x8b\x43\x82\xcd\x90\xb0\x82\xea\x82\xc5\x81\x41\x8b\x43"
	    "\x89\xb7\x82\xcd\x8d\xf0\x93\xfa\x82\xe6\x82\xe8\x82\xe0"
	    "\x8d\x82\x82\xad\x82\xc8\x82\xe9\x82\xc6\x8b\x43\x8f\xdb"
	    "\x92\xa1\x82\xaa\x94\xad\x95\x5c\x82\xb5\x82\xdc\x82\xb5"
	    "\x82\xbd\x81\x42"),
	  "CP932", "Japanese in Shift_JIS" },
	{ B("\xc5\xec\xb5\xfe\xa4\xce\xba\xa3\xc6\xfc\xa4\xce\xc5\xb7"
	    "\xb5\xa4\xa4\xcf\xc0\xb2\xa4\xec\xa4\xc7\xa1\xa2\xb5\xa4"
	    "\xb2\xb9\xa4\xcf\xba\xf2\xc6\xfc\xa4\xe8\xa4\xea\xa4\xe2"
	    "\xb9\xe2\xa4\xaf\xa4\xca\xa4\xeb\xa4\xc8\xb5\xa4\xbe\xdd"
	    "\xc4\xa3\xa4\xac\xc8\xaf\xc9\xbd\xa4\xb7\xa4\xde\xa4\xb7"
	    "\xa4\xbf\xa1\xa3"),
	  "EUC-JP-MS", "Japanese in EUC-JP (its kana rows are GB2312's)" },
	{ B("\xb1\xb1\xbe\xa9\xbd\xf1\xcc\xec\xb5\xc4\xcc\xec\xc6\xf8"
	    "\xc7\xe7\xc0\xca\xa3\xac\xc6\xf8\xce\xc2\xb1\xc8\xd7\xf2"
	    "\xcc\xec\xb8\xdf\xa3\xac\xd5\xe2\xca\xc7\xc6\xf8\xcf\xf3"
	    "\xbe\xd6\xd4\xda\xb7\xa2\xb2\xbc\xbb\xe1\xc9\xcf\xcb\xb5"
	    "\xb5\xc4\xa1\xa3"),
	  "GB18030", "simplified Chinese in GB2312" },
	{ B("\xbb\x4f\xa5\x5f\xa4\xb5\xa4\xd1\xaa\xba\xa4\xd1\xae\xf0"
	    "\xb4\xb8\xae\xd4\xa1\x41\xae\xf0\xb7\xc5\xa4\xf1\xac\x51"
	    "\xa4\xd1\xb0\xaa\xa1\x41\xb3\x6f\xac\x4f\xae\xf0\xb6\x48"
	    "\xa7\xbd\xa6\x62\xb0\x4f\xaa\xcc\xb7\x7c\xa4\x57\xbb\xa1"
	    "\xaa\xba\xa1\x43"),
	  "BIG5-HKSCS", "traditional Chinese in Big5" },
	{ B("caf\xe9 na\xefve \x93quoted\x94 \x80" "5"), "WINDOWS-1252",
	  "Latin text: windows-1252, the browsers' default" },
	{ B("\xb0\xa1"), "WINDOWS-1252", "too little CJK text to tell" },
	{ B("plain ASCII <p>text</p>"), NULL, "ASCII is UTF-8" },
	{ B("서울 뉴스, 東京のニュース, 北京新闻"), NULL, "valid UTF-8" },
	{ B("서울 뉴스: 오늘 \xb0 날씨"), NULL,
	  "one stray byte among UTF-8 characters" },
	{ B("서울 \xe4\xb8"), NULL, "UTF-8 cut off mid-character" },
	{ B("na\xc3\xafve caf\xc3\xa9 \xc3\xa0 \xf8"), "WINDOWS-1252",
	  "a byte no UTF-8 starts, at the end, is no cut character" },
	{ B(""), NULL, "nothing" },
};

static void
test_guess_table(void **state)
{
	size_t		 i, bad = 0;
	const char	*got;

	(void)state;
	for (i = 0; i < sizeof guess_cases / sizeof guess_cases[0]; i++) {
		const struct guess_case *c = &guess_cases[i];

		got = charset_guess((const unsigned char *)c->in, c->inlen);
		if ((got == NULL) != (c->want == NULL) ||
		    (got != NULL && strcmp(got, c->want) != 0)) {
			print_error("%s: want %s, got %s\n", c->why,
			    c->want != NULL ? c->want : "NULL",
			    got != NULL ? got : "NULL");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	assert_null(charset_guess(NULL, 0));
}

/* A page with no label is read in the guessed encoding. */
static void
test_decode_page_guess(void **state)
{
	static const char page[] = "<html><body><p>"
	    "\xbc\xad\xbf\xef\xc0\xc7 \xbf\xc0\xb4\xc3 "
	    "\xb3\xaf\xbe\xbe\xb4\xc2 \xb8\xbc\xb0\xed "
	    "\xb1\xe2\xbf\xc2\xc0\xba \xb3\xf4\xb4\xd9."
	    "</p></body></html>";
	char	*s, *name = NULL;
	size_t	 n;

	(void)state;
	s = charset_decode_page(page, sizeof page - 1, NULL, 4096, &n, &name);
	assert_string_equal(name, "CP949");
	assert_non_null(strstr(s, "서울의 오늘 날씨는 맑고 기온은 높다."));
	free(s);
	free(name);
	s = charset_decode_page(page, sizeof page - 1, "utf-8", 4096, &n,
	    &name);
	assert_string_equal(name, "UTF-8");
	free(s);
	free(name);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_table),
		cmocka_unit_test(test_canonical_opens),
		cmocka_unit_test(test_conv_table),
		cmocka_unit_test(test_conv_split_everywhere),
		cmocka_unit_test(test_conv_byte_at_a_time),
		cmocka_unit_test(test_conv_long),
		cmocka_unit_test(test_conv_random),
		cmocka_unit_test(test_conv_reuse_and_cap),
		cmocka_unit_test(test_utf8_table),
		cmocka_unit_test(test_utf8_all_leads),
		cmocka_unit_test(test_utf8_three_bytes),
		cmocka_unit_test(test_sniff_bom),
		cmocka_unit_test(test_sniff_xml),
		cmocka_unit_test(test_sniff_html),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_finish_with_carry),
		cmocka_unit_test(test_guess_table),
		cmocka_unit_test(test_decode_page_guess),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
