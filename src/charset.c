/* charset.c: encoding labels (WHATWG Encoding Standard aliasing onto glibc
 * iconv names), BOM/XML/HTML/HTTP sniffing, and streaming conversion of
 * any supported encoding to UTF-8 with U+FFFD for invalid input. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "dl.h"

#define CHARSET_CARRY_MAX	8	/* longest incomplete sequence kept */
#define CHARSET_LABEL_MAX	64
#define CHARSET_PEND_MAX	1024	/* ISO-2022-JP staging, EUC-JP bytes */

enum charset_kind {
	CHARSET_KIND_UTF8,	/* validated and copied, no iconv */
	CHARSET_KIND_ICONV,	/* glibc iconv */
	CHARSET_KIND_TABLE,	/* single-byte: a table made with iconv */
	CHARSET_KIND_ISO2022JP	/* own state machine, then EUC-JP-MS */
};

/* One encoding we decode. lead ranges name the lead bytes of double-byte
 * encodings: an invalid lead followed by a non-ASCII byte is one error
 * (both bytes), as in the WHATWG decoders. */
struct charset_enc {
	const char		*name;	/* canonical, what charset_canonical says */
	const char		*iconv;	/* name given to iconv_open */
	enum charset_kind	 kind;
	unsigned char		 lead[4];	/* lo1, hi1, lo2, hi2; 0 = none */
	unsigned char		 unit;		/* 2 for UTF-16, else 1 */
};

static const struct charset_enc charset_encs[] = {
	{ "UTF-8", NULL, CHARSET_KIND_UTF8, { 0 }, 1 },
	{ "UTF-16LE", "UTF-16LE", CHARSET_KIND_ICONV, { 0 }, 2 },
	{ "UTF-16BE", "UTF-16BE", CHARSET_KIND_ICONV, { 0 }, 2 },
	{ "CP949", "CP949", CHARSET_KIND_ICONV, { 0x81, 0xfe, 0, 0 }, 1 },
	{ "CP932", "CP932", CHARSET_KIND_ICONV, { 0x81, 0x9f, 0xe0, 0xfc }, 1 },
	{ "EUC-JP-MS", "EUC-JP-MS", CHARSET_KIND_ICONV,
	  { 0x8e, 0x8f, 0xa1, 0xfe }, 1 },
	{ "ISO-2022-JP", "EUC-JP-MS", CHARSET_KIND_ISO2022JP,
	  { 0x8e, 0x8f, 0xa1, 0xfe }, 1 },
	{ "GB18030", "GB18030", CHARSET_KIND_ICONV, { 0x81, 0xfe, 0, 0 }, 1 },
	{ "BIG5-HKSCS", "BIG5-HKSCS", CHARSET_KIND_ICONV,
	  { 0x81, 0xfe, 0, 0 }, 1 },
};

/* Label (lower case) to canonical name. WHATWG labels, the names glibc
 * uses, and a few common in feeds. */
struct charset_label {
	const char	*label;
	const char	*name;
};

static const struct charset_label charset_labels[] = {
	/* UTF-8 */
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" }, { "unicode11utf8", "UTF-8" },
	{ "unicode20utf8", "UTF-8" }, { "x-unicode20utf8", "UTF-8" },
	/* UTF-16: a bare "utf-16" is little-endian, as in browsers */
	{ "utf-16", "UTF-16LE" }, { "utf-16le", "UTF-16LE" },
	{ "utf16", "UTF-16LE" }, { "utf16le", "UTF-16LE" },
	{ "unicode", "UTF-16LE" }, { "unicodefeff", "UTF-16LE" },
	{ "csunicode", "UTF-16LE" }, { "ucs-2", "UTF-16LE" },
	{ "iso-10646-ucs-2", "UTF-16LE" },
	{ "utf-16be", "UTF-16BE" }, { "utf16be", "UTF-16BE" },
	{ "unicodefffe", "UTF-16BE" },
	/* Latin-1 and ASCII are read as windows-1252 */
	{ "windows-1252", "WINDOWS-1252" }, { "cp1252", "WINDOWS-1252" },
	{ "x-cp1252", "WINDOWS-1252" }, { "iso-8859-1", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" }, { "iso88591", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" }, { "iso_8859-1:1987", "WINDOWS-1252" },
	{ "iso-ir-100", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
	{ "l1", "WINDOWS-1252" }, { "cp819", "WINDOWS-1252" },
	{ "ibm819", "WINDOWS-1252" }, { "csisolatin1", "WINDOWS-1252" },
	{ "us-ascii", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
	{ "ansi_x3.4-1968", "WINDOWS-1252" }, { "iso-latin-1", "WINDOWS-1252" },
	/* ISO-8859-9 is read as windows-1254, ISO-8859-11 as windows-874 */
	{ "iso-8859-9", "WINDOWS-1254" }, { "iso8859-9", "WINDOWS-1254" },
	{ "iso88599", "WINDOWS-1254" }, { "iso_8859-9", "WINDOWS-1254" },
	{ "iso_8859-9:1989", "WINDOWS-1254" }, { "iso-ir-148", "WINDOWS-1254" },
	{ "latin5", "WINDOWS-1254" }, { "l5", "WINDOWS-1254" },
	{ "csisolatin5", "WINDOWS-1254" },
	{ "windows-874", "CP874" }, { "cp874", "CP874" },
	{ "dos-874", "CP874" }, { "tis-620", "CP874" }, { "tis620", "CP874" },
	{ "iso-8859-11", "CP874" }, { "iso8859-11", "CP874" },
	{ "iso885911", "CP874" },
	{ "iso-8859-15", "ISO-8859-15" }, { "iso8859-15", "ISO-8859-15" },
	{ "iso885915", "ISO-8859-15" }, { "iso_8859-15", "ISO-8859-15" },
	{ "latin9", "ISO-8859-15" }, { "l9", "ISO-8859-15" },
	{ "csisolatin9", "ISO-8859-15" },
	{ "koi8-r", "KOI8-R" }, { "koi8_r", "KOI8-R" }, { "koi8r", "KOI8-R" },
	{ "koi8", "KOI8-R" }, { "koi", "KOI8-R" }, { "cskoi8r", "KOI8-R" },
	{ "koi8-u", "KOI8-U" }, { "koi8u", "KOI8-U" },
	{ "koi8-ru", "KOI8-U" },
	{ "ibm866", "IBM866" }, { "cp866", "IBM866" }, { "866", "IBM866" },
	{ "csibm866", "IBM866" },
	{ "macintosh", "MACINTOSH" }, { "mac", "MACINTOSH" },
	{ "x-mac-roman", "MACINTOSH" }, { "csmacintosh", "MACINTOSH" },
	{ "x-mac-cyrillic", "MAC-CYRILLIC" }, { "mac-cyrillic", "MAC-CYRILLIC" },
	{ "x-mac-ukrainian", "MAC-CYRILLIC" },
	/* Korean: EUC-KR is read as its superset CP949 (UHC) */
	{ "euc-kr", "CP949" }, { "euckr", "CP949" }, { "cseuckr", "CP949" },
	{ "cp949", "CP949" }, { "windows-949", "CP949" }, { "uhc", "CP949" },
	{ "ks_c_5601-1987", "CP949" }, { "ks_c_5601-1989", "CP949" },
	{ "ksc5601", "CP949" }, { "ksc_5601", "CP949" },
	{ "csksc56011987", "CP949" }, { "iso-ir-149", "CP949" },
	{ "korean", "CP949" },
	/* Japanese: Shift_JIS as CP932 (NEC and IBM extensions) */
	{ "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "sjis", "CP932" },
	{ "x-sjis", "CP932" }, { "ms_kanji", "CP932" }, { "csshiftjis", "CP932" },
	{ "windows-31j", "CP932" }, { "cp932", "CP932" }, { "ms932", "CP932" },
	{ "euc-jp", "EUC-JP-MS" }, { "x-euc-jp", "EUC-JP-MS" },
	{ "eucjp", "EUC-JP-MS" }, { "euc-jp-ms", "EUC-JP-MS" },
	{ "eucjp-ms", "EUC-JP-MS" }, { "cseucpkdfmtjapanese", "EUC-JP-MS" },
	{ "iso-2022-jp", "ISO-2022-JP" }, { "csiso2022jp", "ISO-2022-JP" },
	/* Chinese: GB2312 and GBK as their superset GB18030 */
	{ "gb18030", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
	{ "gb2312", "GB18030" }, { "gb_2312", "GB18030" },
	{ "gb_2312-80", "GB18030" }, { "csgb2312", "GB18030" },
	{ "csiso58gb231280", "GB18030" }, { "iso-ir-58", "GB18030" },
	{ "euc-cn", "GB18030" }, { "euccn", "GB18030" }, { "cp936", "GB18030" },
	{ "ms936", "GB18030" }, { "windows-936", "GB18030" },
	{ "chinese", "GB18030" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" },
	{ "big5hkscs", "BIG5-HKSCS" }, { "cn-big5", "BIG5-HKSCS" },
	{ "csbig5", "BIG5-HKSCS" }, { "x-x-big5", "BIG5-HKSCS" },
	{ "cp950", "BIG5-HKSCS" },
	/* Hebrew: visual and logical read alike */
	{ "iso-8859-8-i", "ISO-8859-8" }, { "iso-8859-8-e", "ISO-8859-8" },
	{ "csiso88598i", "ISO-8859-8" }, { "csiso88598e", "ISO-8859-8" },
	{ "logical", "ISO-8859-8" }, { "visual", "ISO-8859-8" },
	{ "hebrew", "ISO-8859-8" }, { "csisolatinhebrew", "ISO-8859-8" },
	{ "iso-8859-6-i", "ISO-8859-6" }, { "iso-8859-6-e", "ISO-8859-6" },
	{ "arabic", "ISO-8859-6" }, { "asmo-708", "ISO-8859-6" },
	{ "ecma-114", "ISO-8859-6" }, { "csisolatinarabic", "ISO-8859-6" },
	{ "greek", "ISO-8859-7" }, { "greek8", "ISO-8859-7" },
	{ "ecma-118", "ISO-8859-7" }, { "elot_928", "ISO-8859-7" },
	{ "sun_eu_greek", "ISO-8859-7" }, { "csisolatingreek", "ISO-8859-7" },
	{ "cyrillic", "ISO-8859-5" }, { "csisolatincyrillic", "ISO-8859-5" },
	{ "latin2", "ISO-8859-2" }, { "l2", "ISO-8859-2" },
	{ "csisolatin2", "ISO-8859-2" },
	{ "latin3", "ISO-8859-3" }, { "l3", "ISO-8859-3" },
	{ "csisolatin3", "ISO-8859-3" },
	{ "latin4", "ISO-8859-4" }, { "l4", "ISO-8859-4" },
	{ "csisolatin4", "ISO-8859-4" },
	{ "latin6", "ISO-8859-10" }, { "l6", "ISO-8859-10" },
	{ "csisolatin6", "ISO-8859-10" },
	/* the ISO-IR registration numbers WHATWG lists */
	{ "iso-ir-101", "ISO-8859-2" }, { "iso-ir-109", "ISO-8859-3" },
	{ "iso-ir-110", "ISO-8859-4" }, { "iso-ir-144", "ISO-8859-5" },
	{ "iso-ir-127", "ISO-8859-6" }, { "csiso88596e", "ISO-8859-6" },
	{ "csiso88596i", "ISO-8859-6" }, { "iso-ir-126", "ISO-8859-7" },
	{ "iso-ir-138", "ISO-8859-8" }, { "iso-ir-157", "ISO-8859-10" },
};

/* Single-byte encodings named by number: iso-8859-N and windows-125N. */
static const char *const charset_iso8859[] = {
	NULL, NULL, "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5",
	"ISO-8859-6", "ISO-8859-7", "ISO-8859-8", NULL, "ISO-8859-10", NULL,
	NULL, "ISO-8859-13", "ISO-8859-14", NULL, "ISO-8859-16",
};

static const char *const charset_windows[] = {
	"WINDOWS-1250", "WINDOWS-1251", "WINDOWS-1252", "WINDOWS-1253",
	"WINDOWS-1254", "WINDOWS-1255", "WINDOWS-1256", "WINDOWS-1257",
	"WINDOWS-1258",
};

struct charset_conv {
	const struct charset_enc *enc;
	struct charset_enc	 own;	/* for single-byte encodings */
	iconv_t			 cd;
	int			 at_start;	/* no output yet: drop a BOM */
	unsigned char		 carry[CHARSET_CARRY_MAX];
	size_t			 ncarry;
	/* ISO-2022-JP decoder state (WHATWG names) */
	int			 jstate, joutstate, joutflag;
	unsigned char		 jlead;
	unsigned char		 pend[CHARSET_PEND_MAX];
	size_t			 npend;
	/* single-byte encodings: UTF-8 of each byte, and its length */
	char			 sb[256][4];
	unsigned char		 sblen[256];
};

enum charset_jstate {
	CHARSET_J_ASCII,
	CHARSET_J_ROMAN,
	CHARSET_J_KATAKANA,
	CHARSET_J_LEAD,
	CHARSET_J_TRAIL,
	CHARSET_J_ESCSTART,
	CHARSET_J_ESC
};

static const char charset_fffd[] = "\xef\xbf\xbd";

/* Lower-case label without surrounding whitespace and quotes into out;
 * returns -1 if it does not fit or is empty. */
static int
charset_label_norm(const char *label, char *out, size_t outsize)
{
	const char	*s = label, *e;
	size_t		 n, i;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
	    *s == '\f' || *s == '"' || *s == '\'')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r' || e[-1] == '\f' || e[-1] == '"' || e[-1] == '\''))
		e--;
	n = (size_t)(e - s);
	if (n == 0 || n >= outsize)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		out[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : (char)ch;
	}
	out[n] = '\0';
	return 0;
}

/* "iso-8859-N", "iso8859-N", "iso_8859-N", "isoN"... and "windows-125N",
 * "cp125N", "x-cp125N": the numbered single-byte encodings. */
static const char *
charset_numbered(const char *s)
{
	static const char *const iso[] = { "iso-8859-", "iso8859-",
	    "iso_8859-", "iso8859", NULL };
	static const char *const win[] = { "windows-125", "cp125", "x-cp125",
	    NULL };
	long		 v;
	size_t		 i, n;

	for (i = 0; iso[i] != NULL; i++) {
		n = strlen(iso[i]);
		if (strncmp(s, iso[i], n) != 0)
			continue;
		/* the number, then nothing or a ":1987"-style year */
		for (v = 0; s[n] >= '0' && s[n] <= '9' && v < 100; n++)
			v = v * 10 + (s[n] - '0');
		if ((s[n] == '\0' || s[n] == ':') && v >= 1 && v <= 16)
			return charset_iso8859[v];
	}
	for (i = 0; win[i] != NULL; i++) {
		n = strlen(win[i]);
		if (strncmp(s, win[i], n) == 0 && s[n] >= '0' && s[n] <= '8' &&
		    s[n + 1] == '\0')
			return charset_windows[s[n] - '0'];
	}
	return NULL;
}

const char *
charset_canonical(const char *label)
{
	char	 s[CHARSET_LABEL_MAX];
	size_t	 i;

	if (label == NULL || charset_label_norm(label, s, sizeof s) != 0)
		return NULL;
	for (i = 0; i < sizeof charset_labels / sizeof charset_labels[0]; i++)
		if (strcmp(s, charset_labels[i].label) == 0)
			return charset_labels[i].name;
	for (i = 0; i < sizeof charset_encs / sizeof charset_encs[0]; i++)
		if (dl_strcaseeq(s, charset_encs[i].name))
			return charset_encs[i].name;
	return charset_numbered(s);
}

/* ---- sniffing ---- */

const char *
charset_sniff_bom(const unsigned char *p, size_t n, size_t *bomlen)
{
	*bomlen = 0;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		*bomlen = 3;
		return "UTF-8";
	}
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		*bomlen = 2;
		return "UTF-16LE";
	}
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		*bomlen = 2;
		return "UTF-16BE";
	}
	return NULL;
}

/* Copy a label of at most outsize-1 bytes; -1 if it is empty, too long
 * or holds anything but the characters of encoding names. */
static int
charset_copy_label(const unsigned char *s, size_t n, char *out,
    size_t outsize)
{
	size_t	 i;

	if (n == 0 || n >= outsize)
		return -1;
	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr("-_.:+()", s[i]) != NULL) || s[i] == '\0')
			return -1;
		out[i] = (char)s[i];
	}
	out[n] = '\0';
	return 0;
}

static int
charset_is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f';
}

/* Case-insensitive search for the ASCII word w in p[0..n). */
static const unsigned char *
charset_find(const unsigned char *p, size_t n, const char *w)
{
	size_t	 wl = strlen(w), i;

	for (i = 0; i + wl <= n; i++)
		if (dl_strncaseeq((const char *)p + i, w, wl))
			return p + i;
	return NULL;
}

/* At p (just after a name), skip "\s*=\s*" and find the value: quoted,
 * or unquoted up to a byte in stop. Returns -1 if there is none. */
static int
charset_attr_span(const unsigned char *p, const unsigned char *end,
    const char *stop, const unsigned char **v, size_t *vn)
{
	unsigned char	 q = 0;

	while (p < end && charset_is_space(*p))
		p++;
	if (p == end || *p != '=')
		return -1;
	p++;
	while (p < end && charset_is_space(*p))
		p++;
	if (p < end && (*p == '"' || *p == '\''))
		q = *p++;
	for (*v = p; p < end; p++) {
		if (q != 0 ? *p == q : strchr(stop, *p) != NULL)
			break;
	}
	if (q != 0 && p == end)
		return -1;
	*vn = (size_t)(p - *v);
	return 0;
}

/* A label value: quoted, or unquoted up to space, ';', '>', '/'. */
static int
charset_attr_value(const unsigned char *p, const unsigned char *end,
    char *out, size_t outsize)
{
	const unsigned char	*v;
	size_t			 vn;

	if (charset_attr_span(p, end, " \t\n\r\f;>\"'/", &v, &vn) != 0)
		return -1;
	return charset_copy_label(v, vn, out, outsize);
}

/* An XML declaration in UTF-16 without a BOM: "<?" as 16-bit units. */
static int
charset_sniff_utf16(const unsigned char *p, size_t n, char *out,
    size_t outsize)
{
	const char	*name = NULL;

	if (n >= 4 && memcmp(p, "<\0?\0", 4) == 0)
		name = "UTF-16LE";
	else if (n >= 4 && memcmp(p, "\0<\0?", 4) == 0)
		name = "UTF-16BE";
	if (name == NULL || strlen(name) >= outsize)
		return -1;
	memcpy(out, name, strlen(name) + 1);
	return 0;
}

int
charset_sniff_xml(const unsigned char *p, size_t n, char *out,
    size_t outsize)
{
	const unsigned char	*end, *e;

	if (charset_sniff_utf16(p, n, out, outsize) == 0)
		return 0;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;		/* callers may hand us the BOM too */
		n -= 3;
	}
	if (n < 6 || memcmp(p, "<?xml", 5) != 0 || !charset_is_space(p[5]))
		return -1;
	end = memchr(p, '>', n);
	if (end == NULL)
		end = p + n;
	for (e = p + 5; (e = charset_find(e, (size_t)(end - e),
	    "encoding")) != NULL; e += 8) {
		if (!charset_is_space(e[-1]))
			continue;
		if (charset_attr_value(e + 8, end, out, outsize) == 0)
			return 0;
	}
	return -1;
}

/* The charset=... parameter in s[0..n), as in a Content-Type value. */
static int
charset_param(const unsigned char *s, size_t n, char *out, size_t outsize)
{
	const unsigned char	*e, *end = s + n;

	for (e = s; (e = charset_find(e, (size_t)(end - e), "charset")) !=
	    NULL; e += 7) {
		if (e > s && !(charset_is_space(e[-1]) || e[-1] == ';' ||
		    e[-1] == '"' || e[-1] == '\''))
			continue;
		if (charset_attr_value(e + 7, end, out, outsize) == 0)
			return 0;
	}
	return -1;
}

int
charset_from_content_type(const char *ctype, char *out, size_t outsize)
{
	if (ctype == NULL)
		return -1;
	return charset_param((const unsigned char *)ctype, strlen(ctype), out,
	    outsize);
}

/* Look at one <meta ...> tag, t[0..n) being its attributes. */
static int
charset_meta(const unsigned char *t, size_t n, char *out, size_t outsize)
{
	const unsigned char	*a, *v, *end = t + n;
	size_t			 vn;

	for (a = t; (a = charset_find(a, (size_t)(end - a), "charset")) !=
	    NULL; a += 7) {
		if (charset_is_space(a[-1]) &&
		    charset_attr_value(a + 7, end, out, outsize) == 0)
			return 0;
	}
	for (a = t; (a = charset_find(a, (size_t)(end - a), "content")) !=
	    NULL; a += 7) {
		if (!charset_is_space(a[-1]))
			continue;
		if (charset_attr_span(a + 7, end, " \t\n\r\f>", &v, &vn) == 0 &&
		    charset_param(v, vn, out, outsize) == 0)
			return 0;
	}
	return -1;
}

int
charset_sniff_html(const unsigned char *p, size_t n, char *out,
    size_t outsize)
{
	const unsigned char	*t, *gt, *end = p + n;

	for (t = memchr(p, '<', n); t != NULL && t < end;
	    t = memchr(t + 1, '<', (size_t)(end - t - 1))) {
		if ((size_t)(end - t) >= 4 && memcmp(t, "<!--", 4) == 0) {
			t = charset_find(t + 4, (size_t)(end - t - 4), "-->");
			if (t == NULL)
				return -1;
			continue;
		}
		if ((size_t)(end - t) < 6 || !dl_strncaseeq((const char *)t,
		    "<meta", 5) || !(charset_is_space(t[5]) || t[5] == '/'))
			continue;
		gt = memchr(t, '>', (size_t)(end - t));
		if (gt == NULL)
			return -1;
		if (charset_meta(t + 5, (size_t)(gt - t - 5), out,
		    outsize) == 0)
			return 0;
	}
	return -1;
}

/* ---- UTF-8 ---- */

int
charset_utf8_valid(const char *s, size_t n)
{
	return dl_utf8_span(s, n, 0) == n;
}

/* Append s[0..n) repaired. If more input may follow, a valid prefix cut
 * off at the end is not replaced: its length is stored in *left. */
static int
charset_utf8_append(const unsigned char *s, size_t n, int more,
    struct dl_buf *out, size_t *left)
{
	size_t	 k, bad;
	int	 trunc;

	*left = 0;
	while (n > 0) {
		k = dl_utf8_span((const char *)s, n, 0);
		if (k > 0 && dl_buf_add(out, s, k) != 0)
			return -1;
		if (k == n)
			break;
		s += k;
		n -= k;
		bad = dl_utf8_bad((const char *)s, n, &trunc);
		if (trunc && more) {
			*left = n;
			break;
		}
		if (dl_buf_add(out, charset_fffd, 3) != 0)
			return -1;
		s += bad;
		n -= bad;
	}
	return 0;
}

int
charset_utf8_repair(const char *s, size_t n, struct dl_buf *out)
{
	size_t	 left;

	return charset_utf8_append((const unsigned char *)s, n, 0, out, &left);
}

/* Finish the sequence held in the carry with the first bytes of s, then
 * continue. more: further input may follow. */
static int
charset_utf8_feed(struct charset_conv *c, const unsigned char *s, size_t n,
    int more, struct dl_buf *out)
{
	unsigned char	 tmp[2 * CHARSET_CARRY_MAX];
	size_t		 take, t, k = 0, bad, used;
	uint32_t	 cp;
	int		 trunc;

	if (c->ncarry > 0) {
		take = n < 4 - c->ncarry ? n : 4 - c->ncarry;
		memcpy(tmp, c->carry, c->ncarry);
		if (take > 0)
			memcpy(tmp + c->ncarry, s, take);
		t = c->ncarry + take;
		bad = dl_utf8_bad((const char *)tmp, t, &trunc);
		if (bad > 0 && trunc && more) {
			memcpy(c->carry, tmp, t);
			c->ncarry = t;
			return 0;
		}
		if (bad == 0)
			k = dl_utf8_decode((const char *)tmp, t, &cp);
		if (k > 0 ? dl_buf_add(out, tmp, k) : dl_buf_add(out,
		    charset_fffd, 3))
			return -1;
		used = (k > 0 ? k : bad) - c->ncarry;
		c->ncarry = 0;
		s += used;
		n -= used;
	}
	if (charset_utf8_append(s, n, more, out, &c->ncarry) != 0)
		return -1;
	if (c->ncarry > 0)
		memcpy(c->carry, s + n - c->ncarry, c->ncarry);
	return 0;
}

/* ---- iconv ---- */

/* The replacement for an invalid sequence s[0..n) where a browser maps
 * it anyway (WHATWG indexes fill codes glibc leaves undefined), else
 * U+FFFD. */
static uint32_t
charset_quirk(const struct charset_enc *enc, const unsigned char *s,
    size_t n)
{
	if (n == 1 && strcmp(enc->name, "WINDOWS-1252") == 0 && (s[0] ==
	    0x81 || s[0] == 0x8d || s[0] == 0x8f || s[0] == 0x90 ||
	    s[0] == 0x9d))
		return s[0];	/* C1 controls */
	if (n == 1 && strcmp(enc->name, "GB18030") == 0 && s[0] == 0x80)
		return 0x20ac;
	if (n == 1 && strcmp(enc->name, "CP932") == 0 && s[0] == 0x80)
		return 0x80;
	if (n == 2 && strcmp(enc->name, "CP949") == 0 && s[0] == 0xa2 &&
	    s[1] == 0xe8)
		return 0x327e;	/* KS X 1001:2002 postal mark */
	return 0xfffd;
}

static int
charset_is_lead(const struct charset_enc *enc, unsigned char b)
{
	return (b >= enc->lead[0] && b <= enc->lead[1] && enc->lead[0]) ||
	    (b >= enc->lead[2] && b <= enc->lead[3] && enc->lead[2]);
}

/* iconv stopped with EILSEQ at s[0..n): how many bytes make up the bad
 * sequence; 0 if that depends on a byte not yet seen. */
static size_t
charset_bad_len(const struct charset_enc *enc, const unsigned char *s,
    size_t n, int more)
{
	if (enc->unit == 2)
		return n >= 2 ? 2 : 1;
	if (!charset_is_lead(enc, s[0]))
		return 1;
	if (n < 2)
		return more ? 0 : 1;
	return s[1] >= 0x80 ? 2 : 1;
}

/* Drop a byte order mark at the very start of the output. */
static void
charset_drop_bom(struct charset_conv *c, struct dl_buf *out, size_t from)
{
	if (!c->at_start || out->len == from)
		return;
	c->at_start = 0;
	if (out->len - from >= 3 && memcmp(out->data + from, "\xef\xbb\xbf",
	    3) == 0) {
		memmove(out->data + from, out->data + from + 3,
		    out->len - from - 3);
		out->len -= 3;
		out->data[out->len] = '\0';
	}
}

/* Handle an iconv error at s[0..n); returns bytes skipped, 0 to wait for
 * more input, or -1 (cap). */
static ssize_t
charset_iconv_error(struct charset_conv *c, int err, const unsigned char *s,
    size_t n, int more, struct dl_buf *out)
{
	size_t	 skip;

	if (err == EINVAL) {
		if (more)
			return 0;
		/* one U+FFFD for the cut-off sequence, but ASCII after a
		 * lead byte is read again, as mid-stream */
		skip = n >= 2 && s[1] < 0x80 ? 1 : n;
	} else if (err == EILSEQ) {
		if ((skip = charset_bad_len(c->enc, s, n, more)) == 0)
			return 0;
	} else
		skip = 1;	/* cannot happen with glibc; do not loop */
	if (dl_buf_add_utf8(out, charset_quirk(c->enc, s, skip)) != 0)
		return -1;
	return (ssize_t)skip;
}

/* Convert s[0..n) with iconv, appending UTF-8 to out, and set *used to
 * the bytes consumed (the rest is an incomplete sequence waiting for more
 * input). Returns 0 or -1 (cap). */
static int
charset_iconv_block(struct charset_conv *c, const unsigned char *s,
    size_t n, int more, struct dl_buf *out, size_t *used)
{
	char		 obuf[4096], *ip, *op;
	size_t		 il, ol, r;
	ssize_t		 skip;
	int		 err;
	const unsigned char *start = s;

	while (n > 0) {
		ip = (char *)s;
		il = n;
		op = obuf;
		ol = sizeof obuf;
		r = iconv(c->cd, &ip, &il, &op, &ol);
		err = errno;
		if (dl_buf_add(out, obuf, (size_t)(op - obuf)) != 0)
			return -1;
		if (r == (size_t)-1 && err == EILSEQ &&
		    ip - (const char *)s >= 2 && ip[-2] == '\xa2' &&
		    ip[-1] == '\xe8' && strcmp(c->enc->name, "CP949") == 0) {
			/* glibc's CP949 steps over this one unmapped pair
			 * before failing; no other byte pair ends in an E8
			 * trail without output, so step back */
			ip -= 2;
			il += 2;
		}
		s = (const unsigned char *)ip;
		n = il;
		if (r != (size_t)-1 || err == E2BIG)
			continue;
		skip = charset_iconv_error(c, err, s, n, more, out);
		if (skip < 0)
			return -1;
		if (skip == 0)
			break;
		s += skip;
		n -= (size_t)skip;
	}
	*used = (size_t)(s - start);
	return 0;
}

/* Keep the unconverted tail s[0..n) for the next call. */
static int
charset_keep(struct charset_conv *c, const unsigned char *s, size_t n,
    struct dl_buf *out)
{
	size_t	 used;

	if (n > CHARSET_CARRY_MAX) {	/* no encoding we read does this */
		c->ncarry = 0;
		return charset_iconv_block(c, s, n, 0, out, &used);
	}
	if (n > 0)
		memmove(c->carry, s, n);
	c->ncarry = n;
	return 0;
}

/* Convert through iconv: first the carried bytes joined with the head of
 * s, so a sequence split across calls is seen whole, then the rest. */
static int
charset_iconv_feed(struct charset_conv *c, const unsigned char *s, size_t n,
    int more, struct dl_buf *out)
{
	unsigned char	 tmp[2 * CHARSET_CARRY_MAX];
	size_t		 take, t, used;

	if (c->ncarry > 0) {
		take = n < sizeof tmp - c->ncarry ? n : sizeof tmp - c->ncarry;
		memcpy(tmp, c->carry, c->ncarry);
		if (take > 0)
			memcpy(tmp + c->ncarry, s, take);
		t = c->ncarry + take;
		if (charset_iconv_block(c, tmp, t, more || take < n, out,
		    &used) != 0)
			return -1;
		if (used < c->ncarry)
			return charset_keep(c, tmp + used, t - used, out);
		s += used - c->ncarry;
		n -= used - c->ncarry;
		c->ncarry = 0;
	}
	if (n == 0)
		return 0;
	if (charset_iconv_block(c, s, n, more, out, &used) != 0)
		return -1;
	return charset_keep(c, s + used, n - used, out);
}

/* ---- ISO-2022-JP ---- */

/* WHATWG's ISO-2022-JP decoder, translating JIS X 0208 and katakana to
 * EUC-JP bytes that the EUC-JP-MS converter maps as browsers do (NEC and
 * IBM extensions included, which glibc's ISO-2022-JP lacks). */

static int
charset_j_flush(struct charset_conv *c, struct dl_buf *out)
{
	size_t	 used;
	int	 rc;

	rc = charset_iconv_block(c, c->pend, c->npend, 0, out, &used);
	c->npend = 0;
	return rc;
}

static int
charset_j_stage(struct charset_conv *c, unsigned char b1, unsigned char b2,
    struct dl_buf *out)
{
	if (c->npend + 2 > sizeof c->pend && charset_j_flush(c, out) != 0)
		return -1;
	c->pend[c->npend++] = b1;
	if (b2 != 0)
		c->pend[c->npend++] = b2;
	return 0;
}

static int
charset_j_emit(struct charset_conv *c, uint32_t cp, struct dl_buf *out)
{
	if (c->npend > 0 && charset_j_flush(c, out) != 0)
		return -1;
	return dl_buf_add_utf8(out, cp);
}

static int charset_j_byte(struct charset_conv *, int, struct dl_buf *);

/* ESC ( B, ESC ( J, ESC ( I, ESC $ @, ESC $ B; anything else is an
 * error and its bytes are read again in the previous state. */
static int
charset_j_escape(struct charset_conv *c, int b, struct dl_buf *out)
{
	int	 lead = c->jlead, st = -1, had;

	c->jlead = 0;
	if (lead == 0x28 && b == 0x42)
		st = CHARSET_J_ASCII;
	else if (lead == 0x28 && b == 0x4a)
		st = CHARSET_J_ROMAN;
	else if (lead == 0x28 && b == 0x49)
		st = CHARSET_J_KATAKANA;
	else if (lead == 0x24 && (b == 0x40 || b == 0x42))
		st = CHARSET_J_LEAD;
	if (st >= 0) {
		c->jstate = c->joutstate = st;
		had = c->joutflag;
		c->joutflag = 1;
		return had ? charset_j_emit(c, 0xfffd, out) : 0;
	}
	c->joutflag = 0;
	c->jstate = c->joutstate;
	if (charset_j_emit(c, 0xfffd, out) != 0 ||
	    charset_j_byte(c, lead, out) != 0)
		return -1;
	return b < 0 ? 0 : charset_j_byte(c, b, out);
}

/* One byte in the ASCII, Roman or katakana state. */
static int
charset_j_single(struct charset_conv *c, int b, struct dl_buf *out)
{
	c->joutflag = 0;
	if (c->jstate == CHARSET_J_KATAKANA) {
		if (b >= 0x21 && b <= 0x5f)
			return charset_j_stage(c, 0x8e, (unsigned char)(b + 0x80),
			    out);
		return charset_j_emit(c, 0xfffd, out);
	}
	if (b > 0x7f || b == 0x0e || b == 0x0f)
		return charset_j_emit(c, 0xfffd, out);
	if (c->jstate == CHARSET_J_ROMAN && b == 0x5c)
		return charset_j_emit(c, 0xa5, out);
	if (c->jstate == CHARSET_J_ROMAN && b == 0x7e)
		return charset_j_emit(c, 0x203e, out);
	return charset_j_stage(c, (unsigned char)b, 0, out);
}

/* Feed one byte, or -1 for the end of input. */
static int
charset_j_byte(struct charset_conv *c, int b, struct dl_buf *out)
{
	switch (c->jstate) {
	case CHARSET_J_TRAIL:
		c->jstate = CHARSET_J_LEAD;
		if (b == 0x1b)
			c->jstate = CHARSET_J_ESCSTART;
		if (b >= 0x21 && b <= 0x7e)
			return charset_j_stage(c, c->jlead | 0x80,
			    (unsigned char)(b | 0x80), out);
		return charset_j_emit(c, 0xfffd, out);
	case CHARSET_J_ESCSTART:
		if (b == 0x24 || b == 0x28) {
			c->jlead = (unsigned char)b;
			c->jstate = CHARSET_J_ESC;
			return 0;
		}
		c->joutflag = 0;
		c->jstate = c->joutstate;
		if (charset_j_emit(c, 0xfffd, out) != 0)
			return -1;
		return b < 0 ? 0 : charset_j_byte(c, b, out);
	case CHARSET_J_ESC:
		return charset_j_escape(c, b, out);
	}
	if (b == 0x1b) {
		c->jstate = CHARSET_J_ESCSTART;
		return 0;
	}
	if (b < 0)
		return 0;
	if (c->jstate != CHARSET_J_LEAD)
		return charset_j_single(c, b, out);
	c->joutflag = 0;
	if (b < 0x21 || b > 0x7e)
		return charset_j_emit(c, 0xfffd, out);
	c->jlead = (unsigned char)b;
	c->jstate = CHARSET_J_TRAIL;
	return 0;
}

static int
charset_j_feed(struct charset_conv *c, const unsigned char *s, size_t n,
    int more, struct dl_buf *out)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (charset_j_byte(c, s[i], out) != 0)
			return -1;
	if (!more && charset_j_byte(c, -1, out) != 0)
		return -1;
	return c->npend > 0 ? charset_j_flush(c, out) : 0;
}

/* ---- single-byte encodings ---- */

/* Bytes whose WHATWG index differs from glibc's table: KOI8-U holds
 * KOI8-RU's Belarusian letters (as browsers and code page 21866 do), Mac
 * Cyrillic has the euro where glibc keeps the old currency sign, and
 * windows-1255 has a Hebrew point glibc leaves out. */
struct charset_sb_fix {
	const char	*name;
	unsigned char	 byte;
	uint32_t	 cp;
};

static const struct charset_sb_fix charset_sb_fixes[] = {
	{ .name = "KOI8-U", .byte = 0xae, .cp = 0x045e },
	{ .name = "KOI8-U", .byte = 0xbe, .cp = 0x040e },
	{ .name = "MAC-CYRILLIC", .byte = 0xff, .cp = 0x20ac },
	{ .name = "WINDOWS-1255", .byte = 0xca, .cp = 0x05ba },
};

static void
charset_sb_patch(struct charset_conv *c)
{
	const struct charset_sb_fix	*f;
	struct dl_buf			 one;
	size_t				 i;

	dl_buf_init(&one, 8);
	for (i = 0; i < sizeof charset_sb_fixes / sizeof charset_sb_fixes[0];
	    i++) {
		f = &charset_sb_fixes[i];
		if (strcmp(f->name, c->enc->name) != 0)
			continue;
		dl_buf_reset(&one);
		dl_buf_add_utf8(&one, f->cp);
		memcpy(c->sb[f->byte], one.data, one.len);
		c->sblen[f->byte] = (unsigned char)one.len;
	}
	dl_buf_clear(&one);
}

/* Ask iconv once for every byte value: glibc's single-byte converters run
 * at about 150 MB/s, a table at several times that, and glibc's
 * composing CP1255/CP1258 would otherwise hold characters back. */
static void
charset_sb_build(struct charset_conv *c)
{
	char		 in, u[16], *ip, *op;
	size_t		 il, ol, r;
	struct dl_buf	 one;
	int		 b;

	dl_buf_init(&one, 8);
	for (b = 0; b < 256; b++) {
		in = (char)b;
		ip = &in;
		il = 1;
		op = u;
		ol = sizeof u;
		iconv(c->cd, NULL, NULL, NULL, NULL);
		r = iconv(c->cd, &ip, &il, &op, &ol);
		if (r != (size_t)-1)	/* flush a held-back character */
			r = iconv(c->cd, NULL, NULL, &op, &ol);
		dl_buf_reset(&one);
		if (r == (size_t)-1 || op == u || op - u > 4)
			dl_buf_add_utf8(&one, charset_quirk(c->enc,
			    (unsigned char *)&in, 1));
		else
			dl_buf_add(&one, u, (size_t)(op - u));
		memcpy(c->sb[b], one.data, one.len);
		c->sblen[b] = (unsigned char)one.len;
	}
	dl_buf_clear(&one);
	charset_sb_patch(c);
}

static int
charset_sb_feed(struct charset_conv *c, const unsigned char *s, size_t n,
    struct dl_buf *out)
{
	char	 buf[4096];
	size_t	 i, o = 0;

	for (i = 0; i < n; i++) {
		if (o > sizeof buf - 4) {
			if (dl_buf_add(out, buf, o) != 0)
				return -1;
			o = 0;
		}
		memcpy(buf + o, c->sb[s[i]], 4);
		o += c->sblen[s[i]];
	}
	return o > 0 ? dl_buf_add(out, buf, o) : 0;
}

/* ---- the converter ---- */

static void
charset_conv_reset(struct charset_conv *c)
{
	c->at_start = c->enc->kind == CHARSET_KIND_UTF8 || c->enc->unit == 2;
	c->ncarry = 0;
	c->jstate = c->joutstate = CHARSET_J_ASCII;
	c->joutflag = 0;
	c->jlead = 0;
	c->npend = 0;
	if (c->cd != (iconv_t)-1)
		iconv(c->cd, NULL, NULL, NULL, NULL);
}

struct charset_conv *
charset_conv_new(const char *encoding)
{
	struct charset_conv	*c;
	const char		*name;
	size_t			 i;

	if ((name = charset_canonical(encoding)) == NULL)
		return NULL;
	c = dl_calloc(1, sizeof *c);
	c->own.name = c->own.iconv = name;
	c->own.kind = CHARSET_KIND_ICONV;
	c->own.unit = 1;
	c->enc = &c->own;
	for (i = 0; i < sizeof charset_encs / sizeof charset_encs[0]; i++)
		if (strcmp(charset_encs[i].name, name) == 0)
			c->enc = &charset_encs[i];
	c->cd = (iconv_t)-1;
	if (c->enc->kind != CHARSET_KIND_UTF8 &&
	    (c->cd = iconv_open("UTF-8", c->enc->iconv)) == (iconv_t)-1) {
		free(c);
		return NULL;
	}
	if (c->enc == &c->own) {
		charset_sb_build(c);
		c->own.kind = CHARSET_KIND_TABLE;
		iconv_close(c->cd);
		c->cd = (iconv_t)-1;
	}
	charset_conv_reset(c);
	return c;
}

void
charset_conv_free(struct charset_conv *c)
{
	if (c == NULL)
		return;
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c);
}

const char *
charset_conv_name(const struct charset_conv *c)
{
	return c->enc->name;
}

static int
charset_conv_run(struct charset_conv *c, const unsigned char *s, size_t n,
    int more, struct dl_buf *out)
{
	size_t	 from = out->len;
	int	 rc;

	/* The readers advance s past carried bytes: never from NULL. */
	if (s == NULL)
		s = (const unsigned char *)"";
	switch (c->enc->kind) {
	case CHARSET_KIND_UTF8:
		rc = charset_utf8_feed(c, s, n, more, out);
		break;
	case CHARSET_KIND_ISO2022JP:
		rc = charset_j_feed(c, s, n, more, out);
		break;
	case CHARSET_KIND_TABLE:
		rc = charset_sb_feed(c, s, n, out);
		break;
	default:
		rc = charset_iconv_feed(c, s, n, more, out);
		break;
	}
	charset_drop_bom(c, out, from);
	return rc;
}

int
charset_conv_feed(struct charset_conv *c, const void *in, size_t len,
    struct dl_buf *out)
{
	return charset_conv_run(c, in, len, 1, out);
}

int
charset_conv_finish(struct charset_conv *c, struct dl_buf *out)
{
	int	 rc;

	rc = charset_conv_run(c, NULL, 0, 0, out);
	charset_conv_reset(c);
	return rc;
}

/* ---- guessing ---- */

/* The encodings a guess may find, each with the most common characters
 * of its language (UTF-8, three bytes each): text in the right encoding
 * decodes to many of them, in a wrong one to few. */
struct charset_guess_lang {
	const char	*name;
	const char	*common;
};

#define CHARSET_JA	"のにはをたがでてとしいかれるなっもすうこまり" \
	"よらくあけ日本人年大出中一事会者"

static const struct charset_guess_lang charset_guesses[] = {
	{ .name = "CP949", .common = "이다는의에하고가을로지서한사기를들도있것"
	  "수인나시어정대게보일으아전자리부라만해그요문상은날" },
	{ .name = "CP932", .common = CHARSET_JA },
	{ .name = "EUC-JP-MS", .common = CHARSET_JA },
	{ .name = "GB18030", .common = "的一是不了在人有我他这个们中来上大为和"
	  "国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道"
	  "行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部" },
	{ .name = "BIG5-HKSCS", .common = "的一是不了在人有我他這個們中來上大為"
	  "和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用"
	  "道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好"
	  "小部" },
};

#define CHARSET_GUESS_MAX	16384	/* bytes looked at */
#define CHARSET_GUESS_MIN	3	/* common characters needed */

/* Common characters in the UTF-8 s[0..n), less eight for each U+FFFD. */
static long
charset_guess_score(const char *common, const char *s, size_t n)
{
	long		 score = 0;
	size_t		 i, k, len;
	uint32_t	 cp;

	for (i = 0; i < n; i += len) {
		if ((len = dl_utf8_decode(s + i, n - i, &cp)) != 3)
			continue;
		if (cp == 0xfffd) {
			score -= 8;
			continue;
		}
		for (k = 0; common[k] != '\0'; k += 3)
			if (memcmp(common + k, s + i, 3) == 0) {
				score++;
				break;
			}
	}
	return score;
}

static long
charset_guess_try(const struct charset_guess_lang *g,
    const unsigned char *p, size_t n)
{
	struct charset_conv	*cv;
	struct dl_buf		 b;
	long			 score;

	if ((cv = charset_conv_new(g->name)) == NULL)
		return 0;
	dl_buf_init(&b, n * 4 + 16);
	/* No finish: a character cut off at the end is no error. */
	charset_conv_feed(cv, p, n, &b);
	score = charset_guess_score(g->common, b.data != NULL ? b.data : "",
	    b.len);
	dl_buf_clear(&b);
	charset_conv_free(cv);
	return score;
}

/* 1 if p[0..n) reads as UTF-8: ASCII, or at least four valid multi-byte
 * characters for each invalid byte (a stray byte in a UTF-8 page is
 * not a legacy encoding). A character cut off at the end is no error. */
static int
charset_guess_utf8(const unsigned char *p, size_t n)
{
	size_t	 i = 0, k, span, good = 0, bad = 0;
	int	 trunc;

	while (i < n) {
		span = dl_utf8_span((const char *)p + i, n - i, 0);
		for (k = i; k < i + span; k++)
			good += p[k] >= 0xc0;
		i += span;
		if (i == n)
			break;
		dl_utf8_bad((const char *)p + i, n - i, &trunc);
		if (trunc)
			break;
		bad++;
		i++;
	}
	return good >= 4 * bad;
}

const char *
charset_guess(const unsigned char *p, size_t n)
{
	const char	*best = "WINDOWS-1252";
	long		 top = CHARSET_GUESS_MIN - 1, score;
	size_t		 i;

	if (p == NULL || n == 0)
		return NULL;
	if (n > CHARSET_GUESS_MAX)
		n = CHARSET_GUESS_MAX;
	if (charset_guess_utf8(p, n))
		return NULL;
	for (i = 0; i < sizeof charset_guesses / sizeof charset_guesses[0];
	    i++) {
		score = charset_guess_try(&charset_guesses[i], p, n);
		if (score > top) {
			top = score;
			best = charset_guesses[i].name;
		}
	}
	return best;
}

/* A page whose <meta> names a legacy encoding but whose bytes are valid
 * UTF-8, non-ASCII ones among them, was saved as UTF-8 and mislabelled:
 * legacy text almost never forms valid UTF-8 sequences. */
static int
charset_page_is_utf8(const char *page, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if ((unsigned char)page[i] >= 0x80)
			return charset_utf8_valid(page, len);
	return 0;
}

char *
charset_decode_page(const char *page, size_t len, const char *hint,
    size_t cap, size_t *outlen, char **name)
{
	char			 label[64];
	const char		*enc;
	struct charset_conv	*cv = NULL;
	struct dl_buf		 b;
	size_t			 bomlen;

	enc = charset_sniff_bom((const unsigned char *)page, len, &bomlen);
	if (enc == NULL && charset_sniff_html((const unsigned char *)page,
	    len < 8192 ? len : 8192, label, sizeof label) == 0 &&
	    charset_canonical(label) != NULL &&
	    strncmp(charset_canonical(label), "UTF-16", 6) != 0 &&
	    !charset_page_is_utf8(page, len))
		enc = label;
	if (enc == NULL && hint != NULL && charset_canonical(hint) != NULL)
		enc = hint;
	if (enc == NULL)
		enc = charset_guess((const unsigned char *)page, len);
	if (enc == NULL || (cv = charset_conv_new(enc)) == NULL)
		cv = charset_conv_new("UTF-8");
	dl_buf_init(&b, cap);
	if (page != NULL)
		charset_conv_feed(cv, page, len, &b);
	charset_conv_finish(cv, &b);
	if (name != NULL)
		*name = dl_strdup(charset_conv_name(cv));
	charset_conv_free(cv);
	*outlen = b.len;
	return dl_buf_take(&b);
}
