/* feed_xml_filter.c: the repair filter between the UTF-8 text and expat:
 * the repairs expat cannot make (junk before the root, illegal characters,
 * a bare '&', HTML entities without a DTD). It follows comments, CDATA
 * sections and processing instructions, and repairs only markup and text:
 * what is inside those is left as it is (but for characters no XML
 * document may hold). */
#include "config.h"

#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed_xml_int.h"

/* Byte classes for the filter, as bits: a scan stops at the classes its
 * state cares about. */
enum feed_xml_class {
	FEED_XML_C_PLAIN = 0,
	FEED_XML_C_CTRL = 1,	/* C0 but TAB LF CR: not XML 1.0 */
	FEED_XML_C_AMP = 2,
	FEED_XML_C_BANG = 4,	/* "<!" may open a CDATA section */
	FEED_XML_C_RSQB = 8,	/* "]]>" closes one */
	FEED_XML_C_HIGH = 16,	/* UTF-8 to check */
	FEED_XML_C_QUEST = 32,	/* "<?" opens a PI, "?>" closes it */
	FEED_XML_C_DASH = 64	/* "-->" closes a comment */
};

#define FEED_XML_STOP_ALL	(FEED_XML_C_CTRL | FEED_XML_C_HIGH)

/* ------------------------------------------------------------------ */
/* The repair filter between the UTF-8 text and expat. */

#define C	FEED_XML_C_CTRL
#define H16	FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH,	\
	FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, \
	FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, \
	FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, \
	FEED_XML_C_HIGH
static const unsigned char feed_xml_cls[256] = {
	C, C, C, C, C, C, C, C, C, 0, 0, C, C, 0, C, C,	/* 0x00 */
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,	/* 0x10 */
	['&'] = FEED_XML_C_AMP,
	['!'] = FEED_XML_C_BANG,
	[']'] = FEED_XML_C_RSQB,
	['?'] = FEED_XML_C_QUEST,
	['-'] = FEED_XML_C_DASH,
	[0x80] = H16, H16, H16, H16, H16, H16, H16, H16,
};
#undef H16
#undef C

enum feed_xml_ref {
	FEED_XML_REF_OK,
	FEED_XML_REF_BARE,
	FEED_XML_REF_ILLEGAL,
	FEED_XML_REF_MORE
};

/* A warning at s[i] of the current chunk, counting lines by hand. */
static void
feed_xml_warn_in(struct feed_xml *x, const char *s, size_t i,
                 const char *reason)
{
	unsigned long	 line = x->in_line, col = x->in_col;
	int		 cr = x->in_cr;

	if (x->have_warn || x->fw_pending)
		return;
	feed_xml_advance(s, i, &line, &col, &cr);
	if (x->fstate == FEED_XML_F_PRE || x->fstate == FEED_XML_F_PREPI) {
		feed_xml_warn_at(x, line, col + 1, reason);	/* before all */
		return;
	}
	dl_err_set(&x->fw_msg, "%lu:%lu: %s", line, col + 1, reason);
	/* the byte's place in what the parser will be given (x->fed on) */
	x->fw_at = x->fed + (long long)(x->fout.len + (i - x->flushed));
	x->fw_pending = 1;
}

/* Keep s[flushed..from) and put rep in place of s[from..to). */
static void
feed_xml_cut(struct feed_xml *x, const char *s, size_t from, size_t to,
    const char *rep)
{
	dl_buf_add(&x->fout, s + x->flushed, from - x->flushed);
	if (rep != NULL)
		dl_buf_adds(&x->fout, rep);
	x->flushed = to;
	/* where the output is the input again (feed_xml_raw.c) */
	if (x->f_nanchor == FEED_XML_ANCHORS) {
		memmove(x->f_out, x->f_out + 1, sizeof x->f_out -
		    sizeof x->f_out[0]);
		memmove(x->f_in, x->f_in + 1, sizeof x->f_in -
		    sizeof x->f_in[0]);
		x->f_nanchor--;
		x->f_lost = 1;
	}
	x->f_out[x->f_nanchor] = x->fout.len;
	x->f_in[x->f_nanchor++] = to;
}

static int
feed_xml_xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD ||
	    (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	    (c >= 0x10000 && c <= 0x10FFFF);
}

static int
feed_xml_digit(unsigned char c, int hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (hex && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static enum feed_xml_ref
feed_xml_ref_number(const unsigned char *p, size_t avail, size_t *len)
{
	size_t		 i = 2, start;
	uint32_t	 v = 0;
	int		 hex = 0, d;

	if (avail < 3)
		return FEED_XML_REF_MORE;
	if (p[2] == 'x' || p[2] == 'X')
		hex = i = 3;
	for (start = i; i < avail && i < 16; i++) {
		if ((d = feed_xml_digit(p[i], hex)) < 0)
			break;
		v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (i >= 16 || (i < avail && (i == start || p[i] != ';')))
		return FEED_XML_REF_BARE;
	if (i >= avail)
		return FEED_XML_REF_MORE;
	*len = i + 1;
	return feed_xml_xml_char(v) ? FEED_XML_REF_OK : FEED_XML_REF_ILLEGAL;
}

static int
feed_xml_name_char(unsigned char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == ':' || c >= 0x80 ||
	    (!first && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
}

/* What the '&' at p[0] starts. */
static enum feed_xml_ref
feed_xml_ref_scan(const unsigned char *p, size_t avail, size_t *len)
{
	size_t	 i;

	if (avail < 2)
		return FEED_XML_REF_MORE;
	if (p[1] == '#')
		return feed_xml_ref_number(p, avail, len);
	for (i = 1; i < avail && i < FEED_XML_ENTITY_MAX && p[i] != ';'; i++)
		if (!feed_xml_name_char(p[i], i == 1))
			return FEED_XML_REF_BARE;
	if (i >= FEED_XML_ENTITY_MAX)
		return FEED_XML_REF_BARE;
	if (i >= avail)
		return FEED_XML_REF_MORE;
	if (i == 1)
		return FEED_XML_REF_BARE;
	*len = i + 1;
	return FEED_XML_REF_OK;
}

/* The chunk ends too soon to tell: carry s[i..) over to the next one. */
static size_t
feed_xml_more(struct feed_xml *x, size_t i)
{
	x->need = 1;
	return i;
}

/* 1 if name[0..len) is one of the five references XML predefines. */
static int
feed_xml_xml5(const char *name, size_t len)
{
	switch (len) {
	case 2:
		return (name[0] == 'l' || name[0] == 'g') && name[1] == 't';
	case 3:
		return memcmp(name, "amp", 3) == 0;
	case 4:
		return memcmp(name, "quot", 4) == 0 ||
		    memcmp(name, "apos", 4) == 0;
	default:
		return 0;
	}
}

/* A named reference s[i..i+len) that is not one of XML's five becomes
 * numeric ("&nbsp;" -> "&#xA0;") when it is an HTML one: expat then
 * needs no DTD for it. */
static void
feed_xml_named(struct feed_xml *x, const char *s, size_t i, size_t len)
{
	const char	*v;
	char		 rep[64];
	size_t		 at = 0;
	uint32_t	 cp;

	if (feed_xml_xml5(s + i + 1, len - 2))
		return;
	v = feed_entity_lookup(s + i + 1, len - 2);
	if (v == NULL)
		return;	/* the skipped-entity handler keeps it as text */
	while (*v != '\0' && at + 12 < sizeof rep) {
		v += dl_utf8_decode(v, strlen(v), &cp);
		at += (size_t)snprintf(rep + at, sizeof rep - at, "&#x%X;",
		    (unsigned)cp);
	}
	feed_xml_cut(x, s, i, i + len, rep);
}

/* At '&': returns the next position (or where to wait for more). */
static size_t
feed_xml_amp(struct feed_xml *x, const char *s, size_t n, size_t i, int final)
{
	size_t		 len = 1;
	enum feed_xml_ref	 r;

	/* escaped HTML is mostly &lt; and &gt;: nothing to check or do */
	if (n - i >= 4 && (s[i + 1] == 'l' || s[i + 1] == 'g') &&
	    s[i + 2] == 't' && s[i + 3] == ';')
		return i + 4;
	r = feed_xml_ref_scan((const unsigned char *)s + i, n - i, &len);
	if (r == FEED_XML_REF_MORE && !final)
		return feed_xml_more(x, i);
	switch (r) {
	case FEED_XML_REF_OK:
		if (s[i + 1] != '#')
			feed_xml_named(x, s, i, len);
		else if (s[i + 2] == 'X')	/* HTML's, not XML's */
			feed_xml_cut(x, s, i, i + 3, "&#x");
		return i + len;
	case FEED_XML_REF_ILLEGAL:
		feed_xml_warn_in(x, s, i,
		                 "reference to a character not allowed "
		                 "in XML dropped");
		feed_xml_cut(x, s, i, i + len, NULL);
		return i + len;
	default:
		feed_xml_warn_in(x, s, i, "bare '&' escaped");
		feed_xml_cut(x, s, i, i + 1, "&amp;");
		return i + 1;
	}
}

/* At a byte >= 0x80: invalid UTF-8 becomes U+FFFD (as charset_ would
 * have made it), U+FFFE and U+FFFF (not XML characters) go. The UTF-8
 * after it is then checked in one go again. */
static size_t
feed_xml_high(struct feed_xml *x, const char *s, size_t n, size_t i,
    int final)
{
	size_t		 k;
	uint32_t	 cp;
	int		 trunc;

	if ((k = dl_utf8_bad(s + i, n - i, &trunc)) > 0) {
		if (trunc && !final)
			return feed_xml_more(x, i);
		feed_xml_cut(x, s, i, i + k, "\xEF\xBF\xBD");
	} else if ((k = dl_utf8_decode(s + i, n - i, &cp)) == 3 &&
	    cp >= 0xFFFE) {
		feed_xml_warn_in(x, s, i,
		                 "non-character U+FFFE/U+FFFF dropped");
		feed_xml_cut(x, s, i, i + 3, NULL);
	}
	x->u8_ok = i + k + dl_utf8_span(s + i + k, n - i - k,
	    DL_UTF8_NONCHAR);
	return i + k;
}

/* 1 if s[i..) starts with lit, 0 if not, -1 if the chunk ends first. */
static int
feed_xml_lookahead(const char *s, size_t n, size_t i, const char *lit,
    size_t len)
{
	size_t	 k = n - i < len ? n - i : len;

	if (memcmp(s + i, lit, k) != 0)
		return 0;
	return k == len ? 1 : -1;
}

/* At the '!' or '?' of "<!" or "<?" in the body: a comment, a CDATA
 * section or a PI may start. */
static size_t
feed_xml_open(struct feed_xml *x, const char *s, size_t n, size_t i,
    int final)
{
	int	 r1, r2;

	if (i == 0 || s[i - 1] != '<')	/* the '<' before it is never cut */
		return i + 1;
	if (s[i] == '?') {
		x->fstate = FEED_XML_F_PI;
		return i + 1;
	}
	r1 = feed_xml_lookahead(s, n, i, "![CDATA[", 8);
	r2 = feed_xml_lookahead(s, n, i, "!--", 3);
	if (r1 > 0 || r2 > 0) {
		x->fstate = r1 > 0 ? FEED_XML_F_CDATA : FEED_XML_F_COMMENT;
		return i + (r1 > 0 ? 8 : 3);
	}
	if (r1 < 0 || r2 < 0)
		return final ? i + 1 : feed_xml_more(x, i - 1);
	return i + 1;
}

/* Inside a CDATA section, comment or PI, at a byte that may start the
 * string closing it. */
static size_t
feed_xml_close(struct feed_xml *x, const char *s, size_t n, size_t i,
    int final)
{
	const char	*lit = x->fstate == FEED_XML_F_CDATA ? "]]>" :
	                       x->fstate == FEED_XML_F_COMMENT ? "-->" : "?>";
	size_t		 len = strlen(lit);
	int		 r;

	if ((r = feed_xml_lookahead(s, n, i, lit, len)) == 0)
		return i + 1;
	if (r < 0)
		return final ? i + 1 : feed_xml_more(x, i);
	x->fstate = FEED_XML_F_BODY;
	return i + len;
}

/* At a special byte of the current state. */
static size_t
feed_xml_special(struct feed_xml *x, const char *s, size_t n, size_t i,
                 int final)
{
	const unsigned char *u = (const unsigned char *)s;

	switch (feed_xml_cls[u[i]]) {
	case FEED_XML_C_CTRL:
		feed_xml_warn_in(x, s, i, "control character dropped");
		feed_xml_cut(x, s, i, i + 1, NULL);
		return i + 1;
	case FEED_XML_C_HIGH:
		return feed_xml_high(x, s, n, i, final);
	case FEED_XML_C_AMP:
		return feed_xml_amp(x, s, n, i, final);
	default:
		if (x->fstate == FEED_XML_F_BODY)
			return feed_xml_open(x, s, n, i, final);
		return feed_xml_close(x, s, n, i, final);
	}
}

/* The bytes a scan in state st stops at, as classes. */
static unsigned
feed_xml_stops(enum feed_xml_fstate st)
{
	switch (st) {
	case FEED_XML_F_CDATA:
		return FEED_XML_STOP_ALL | FEED_XML_C_RSQB;
	case FEED_XML_F_COMMENT:
		return FEED_XML_STOP_ALL | FEED_XML_C_DASH;
	case FEED_XML_F_PI:
		return FEED_XML_STOP_ALL | FEED_XML_C_QUEST;
	default:
		return FEED_XML_STOP_ALL | FEED_XML_C_AMP | FEED_XML_C_BANG |
		    FEED_XML_C_QUEST;
	}
}

#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
/* The stops among the 16 bytes v at p that need no work, as a bit mask:
 * the five entities XML predefines ("&lt;" and "&gt;" fill escaped
 * HTML, "&amp;" every link with a query), and a '?' or '!' that does not
 * follow '<' (a query string, an exclamation). They were nine in ten of
 * the scan's stops in Atom. p[-1] to p[20] are readable. */
static unsigned
feed_xml_ok16(const unsigned char *p, __m128i v)
{
#define FEED_XML_LD(k)	\
	_mm_loadu_si128((const __m128i *)(const void *)(p + (k)))
#define FEED_XML_EQ(w, c)	_mm_cmpeq_epi8((w), _mm_set1_epi8(c))
	__m128i	 v1 = FEED_XML_LD(1), v2 = FEED_XML_LD(2);
	__m128i	 v3 = FEED_XML_LD(3), v4 = FEED_XML_LD(4);
	__m128i	 v5 = FEED_XML_LD(5), vp = FEED_XML_LD(-1);
	__m128i	 lt, amp, qa, m;

	/* &lt; &gt; */
	lt = _mm_and_si128(_mm_or_si128(FEED_XML_EQ(v1, 'l'),
	    FEED_XML_EQ(v1, 'g')), _mm_and_si128(FEED_XML_EQ(v2, 't'),
	    FEED_XML_EQ(v3, ';')));
	/* &amp; */
	amp = _mm_and_si128(_mm_and_si128(FEED_XML_EQ(v1, 'a'),
	    FEED_XML_EQ(v2, 'm')), _mm_and_si128(FEED_XML_EQ(v3, 'p'),
	    FEED_XML_EQ(v4, ';')));
	/* &quot; &apos; */
	qa = _mm_or_si128(_mm_and_si128(_mm_and_si128(FEED_XML_EQ(v1, 'q'),
	    FEED_XML_EQ(v2, 'u')), FEED_XML_EQ(v3, 'o')),
	    _mm_and_si128(_mm_and_si128(FEED_XML_EQ(v1, 'a'),
	    FEED_XML_EQ(v2, 'p')), FEED_XML_EQ(v3, 'o')));
	qa = _mm_and_si128(qa, _mm_and_si128(FEED_XML_EQ(v4, 't'),
	    FEED_XML_EQ(v5, ';')));
	m = _mm_and_si128(FEED_XML_EQ(v, '&'),
	    _mm_or_si128(lt, _mm_or_si128(amp, qa)));
	/* '?' or '!' not after '<' */
	m = _mm_or_si128(m, _mm_andnot_si128(FEED_XML_EQ(vp, '<'),
	    _mm_or_si128(FEED_XML_EQ(v, '?'), FEED_XML_EQ(v, '!'))));
#undef FEED_XML_LD
#undef FEED_XML_EQ
	return (unsigned)_mm_movemask_epi8(m);
}

/* The first byte at or after i whose class is in stop (16 at a time). */
static size_t
feed_xml_scan_part(const unsigned char *u, size_t n, size_t i, unsigned stop)
{
	const __m128i	 sp = _mm_set1_epi8(0x20), tab = _mm_set1_epi8('\t');
	const __m128i	 lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	const char	 a = stop & FEED_XML_C_AMP ? '&' :
	                     stop & FEED_XML_C_RSQB ? ']' :
	                     stop & FEED_XML_C_DASH ? '-' : '?';
	const __m128i	 c1 = _mm_set1_epi8(a);
	const __m128i	 c2 = _mm_set1_epi8(stop & FEED_XML_C_AMP ? '!' : a);
	const __m128i	 c3 = _mm_set1_epi8(stop & FEED_XML_C_QUEST ? '?' : a);
	/* all ones if bytes >= 0x80 stop, else only those below */
	const __m128i	 hi = _mm_set1_epi8(stop & FEED_XML_C_HIGH ? -1 : 0);
	const __m128i	 m1 = _mm_set1_epi8(-1);
	__m128i		 v, m, ws;
	unsigned	 bits;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		/* signed: the bytes >= 0x80 are below 0x20 too */
		m = _mm_and_si128(_mm_cmplt_epi8(v, sp),
		    _mm_or_si128(_mm_cmpgt_epi8(v, m1), hi));
		m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, c1),
		    _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, c3))));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) == 0)
			continue;	/* the common case: plain ASCII */
		ws = _mm_or_si128(_mm_cmpeq_epi8(v, lf),
		    _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, cr)));
		bits &= ~(unsigned)_mm_movemask_epi8(ws);
		if (bits != 0 && (stop & FEED_XML_C_AMP) && i > 0 &&
		    i + 21 <= n)
			bits &= ~feed_xml_ok16(u + i, v);
		if (bits != 0)
			return i + (size_t)__builtin_ctz(bits);
	}
	while (i < n && (feed_xml_cls[u[i]] & stop) == 0)
		i++;
	return i;
}
#else
static size_t
feed_xml_scan_part(const unsigned char *u, size_t n, size_t i, unsigned stop)
{
	while (i < n && (feed_xml_cls[u[i]] & stop) == 0)
		i++;
	return i;
}
#endif

/* The first byte at or after i whose class is in stop; below ok, the
 * UTF-8 is known good and bytes >= 0x80 do not stop. */
static size_t
feed_xml_scan(const unsigned char *u, size_t n, size_t i, unsigned stop,
    size_t ok)
{
	if (i < ok && (i = feed_xml_scan_part(u, ok, i,
	    stop & ~(unsigned)FEED_XML_C_HIGH)) < ok)
		return i;
	return feed_xml_scan_part(u, n, i, stop);
}

static size_t
feed_xml_body(struct feed_xml *x, const char *s, size_t n, size_t i,
    int final)
{
	const unsigned char *u = (const unsigned char *)s;
	enum feed_xml_fstate st = x->fstate;
	unsigned	 stop = feed_xml_stops(st);

	while ((i = feed_xml_scan(u, n, i, stop, x->u8_ok)) < n) {
		i = feed_xml_special(x, s, n, i, final);
		if (x->need || x->fstate != st)
			return i;
	}
	/* a '<' at the end may open a comment, CDATA or a PI: wait for
	 * the next chunk */
	if (st == FEED_XML_F_BODY && !final && n > x->flushed &&
	    u[n - 1] == '<')
		return feed_xml_more(x, n - 1);
	return n;
}

/* Newlines in s[0..n). A memchr per line was a tenth of the filter's
 * time (lines are short, the calls many): count 16 bytes at a time. */
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
unsigned long
feed_xml_count_lines(const char *s, size_t n)
{
	const __m128i	 lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	unsigned long	 lines;
	uint64_t	 half[2];
	size_t		 i = 0, k;
	__m128i		 acc, sum = zero;

	while (n - i >= 16) {
		/* each byte counter takes at most 255 matches */
		acc = zero;
		for (k = 0; k < 255 && n - i >= 16; k++, i += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(lf,
			    _mm_loadu_si128((const __m128i *)(const void *)
			    (s + i))));
		sum = _mm_add_epi64(sum, _mm_sad_epu8(acc, zero));
	}
	_mm_storeu_si128((__m128i *)(void *)half, sum);
	lines = (unsigned long)(half[0] + half[1]);
	for (; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}
#else
unsigned long
feed_xml_count_lines(const char *s, size_t n)
{
	unsigned long	 lines = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}
#endif

/* Lines expat will not see (cut before the root). */
static void
feed_xml_skip_lines(struct feed_xml *x, const char *s, size_t n)
{
	unsigned long	 col = 0;

	feed_xml_advance(s, n, &x->skip_lines, &col, &x->skip_cr);
}

/* Before the root: skip white space, junk and <?...?>. */
static size_t
feed_xml_pre(struct feed_xml *x, const char *s, size_t n, size_t i, int final)
{
	const char	*lt = memchr(s + i, '<', n - i);
	size_t		 end = lt != NULL ? (size_t)(lt - s) : n, j;

	for (j = i; j < end; j++) {
		if (!feed_xml_isspace(s[j])) {
			feed_xml_warn_in(x, s, j,
			                 "junk before the root element "
			                 "skipped");
			break;
		}
	}
	if (end > i && !x->seen_lt)
		x->pre_ws = 1;
	feed_xml_skip_lines(x, s + i, end - i);
	feed_xml_cut(x, s, i, end, NULL);
	if (lt == NULL)
		return n;
	if (end + 6 > n && !final)
		return feed_xml_more(x, end);
	if (end + 1 >= n || s[end + 1] != '?') {
		x->fstate = FEED_XML_F_BODY;
		return end;
	}
	/* expat would refuse a declaration that is not at the very start */
	if (x->pre_ws && !x->seen_lt && end + 6 <= n &&
	    memcmp(s + end, "<?xml", 5) == 0 && feed_xml_isspace(s[end + 5]))
		feed_xml_warn_at(x, 1, 1,
		                 "white space before the XML declaration "
		                 "skipped");
	x->seen_lt = 1;
	x->fstate = FEED_XML_F_PREPI;
	feed_xml_cut(x, s, end, end + 2, NULL);
	return end + 2;
}

/* Inside <?...?> before the root: skip to "?>". */
static size_t
feed_xml_pi(struct feed_xml *x, const char *s, size_t n, size_t i)
{
	const char	*gt;
	size_t		 start = i, end;

	for (;;) {
		gt = memchr(s + i, '>', n - i);
		end = gt != NULL ? (size_t)(gt - s) : n;
		feed_xml_skip_lines(x, s + i, end - i);
		if (gt == NULL) {
			x->pi_q = n > start && s[n - 1] == '?';
			feed_xml_cut(x, s, start, n, NULL);
			return n;
		}
		if ((end > start && s[end - 1] == '?') ||
		    (end == start && x->pi_q))
			break;
		i = end + 1;
	}
	x->pi_q = 0;
	feed_xml_cut(x, s, start, end + 1, NULL);
	x->fstate = FEED_XML_F_PRE;
	return end + 1;
}

/* Repair s[0..n) and hand it to expat, without a copy unless a repair
 * was made. */
int
feed_xml_filter(struct feed_xml *x, const char *s, size_t n, int final)
{
	size_t	 i = 0, end;
	int	 r;

	dl_buf_reset(&x->fout);
	x->flushed = 0;
	x->need = 0;
	x->f_s = s;
	x->f_n = n;
	x->f_nanchor = 0;
	x->f_lost = 0;

	/* invalid UTF-8 is rare: one quick check of the chunk saves the
	 * scan a stop at every character >= 0x80 */
	x->u8_ok = dl_utf8_span(s, n, DL_UTF8_NONCHAR);
	while (i < n && !x->need) {
		if (x->fstate == FEED_XML_F_PRE)
			i = feed_xml_pre(x, s, n, i, final);
		else if (x->fstate == FEED_XML_F_PREPI)
			i = feed_xml_pi(x, s, n, i);
		else
			i = feed_xml_body(x, s, n, i, final);
	}
	end = x->need ? i : n;
	if (!x->have_warn)
		feed_xml_lines_advance(x, s, end);
	x->ncarry = n - end;
	if (x->ncarry > FEED_XML_CARRY_MAX)
		abort();	/* our bug: lookahead is bounded */
	memcpy(x->carry, s + end, x->ncarry);
	if (x->fout.len == 0)
		r = feed_xml_parse(x, s + x->flushed, end - x->flushed, final);
	else {
		dl_buf_add(&x->fout, s + x->flushed, end - x->flushed);
		r = feed_xml_parse(x, x->fout.data, x->fout.len, final);
	}
	return r;
}
