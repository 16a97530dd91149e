/* feed_xml_seg.c: items cut out of the stream whole and parsed on their
 * own, by the fast path or in batches by a second expat parser. */
#include "config.h"

#include <expat.h>
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed_xml_int.h"

/* ------------------------------------------------------------------ */
/* Items parsed on their own.
 *
 * Expat recounts lines and columns over every byte of a buffer that is
 * not the last one, a third of its time on a feed read in pieces. So the
 * main parser sees the feed between its items, and each item, once its
 * end tag is in, goes whole and final to a parser of its own (an
 * external entity parser: it shares the entity declarations). An item
 * that cannot be cut out cleanly (nested, larger than FEED_XML_SEG_MAX,
 * cut off, or split where its start tag began) goes through the main
 * parser as before. A fatal error inside an item skips that item and
 * the reading goes on after it. */

#define FEED_XML_SEG_MAX	(256u * 1024)
/* Items parsed together (in place, in one chunk): at most so many. */
#define FEED_XML_BATCH_MAX	64
#define FEED_XML_BATCH_BYTES	(32u * 1024)

enum feed_xml_seg {
	FEED_XML_SEG_MORE = 0,	/* end not found yet */
	FEED_XML_SEG_END,
	FEED_XML_SEG_GIVEUP
};

/* Characters (not continuation bytes) in s[0..n): expat's columns. */
static unsigned long
feed_xml_chars(const char *s, size_t n)
{
	unsigned long	 c = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* 1 if s[0..n) starts with name followed by white space, '>' or '/'. */
static int
feed_xml_seg_name(const char *s, size_t n, const char *name, size_t len)
{
	return n > len && memcmp(s, name, len) == 0 &&
	    (feed_xml_isspace(s[len]) || s[len] == '>' || s[len] == '/');
}

/* Past the item's start tag: GIVEUP if it closes itself. */
static enum feed_xml_seg
feed_xml_seg_start_tag(struct feed_xml *x, const char *b, size_t n)
{
	const char	*q = memchr(b, '>', n);

	if (q == NULL)
		return FEED_XML_SEG_MORE;
	if (q[-1] == '/')
		return FEED_XML_SEG_GIVEUP;
	x->seg_i = (size_t)(q - b) + 1;
	return FEED_XML_SEG_END;
}

/* The "]]>" or "-->" that closes what b[from..n) is inside, or NULL. */
static const char *
feed_xml_seg_close(const char *b, size_t from, size_t n, const char *close)
{
	const char	*p = b + from, *end = b + n;
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
	const __m128i	 c0 = _mm_set1_epi8(close[0]);
	const __m128i	 c1 = _mm_set1_epi8(close[1]), gt = _mm_set1_epi8('>');
	__m128i		 m;
	unsigned	 bits;

	/* HTML in CDATA has a '>' every few bytes: match all three */
	for (; end - p >= 18; p += 16) {
		m = _mm_and_si128(_mm_cmpeq_epi8(c0,
		    _mm_loadu_si128((const __m128i *)(const void *)p)),
		    _mm_cmpeq_epi8(c1,
		    _mm_loadu_si128((const __m128i *)(const void *)(p + 1))));
		m = _mm_and_si128(m, _mm_cmpeq_epi8(gt,
		    _mm_loadu_si128((const __m128i *)(const void *)(p + 2))));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0)
			return p + __builtin_ctz(bits);
	}
#endif
	for (p += 2; p < end &&
	    (p = memchr(p, '>', (size_t)(end - p))) != NULL; p++)
		if (p - 2 >= b + from && p[-1] == close[1] &&
		    p[-2] == close[0])
			return p - 2;
	return NULL;
}

/* The next '<' in b[from..n) the item scan must look at: "<!", the
 * item's start or end tag (by their first two letters), or any '<' in
 * the last bytes; NULL if none. */
static const char *
feed_xml_seg_next(struct feed_xml *x, const char *b, size_t from, size_t n)
{
	const char	*p = b + from, *end = b + n;
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
	const __m128i	 lt = _mm_set1_epi8('<'), bang = _mm_set1_epi8('!');
	const __m128i	 sl = _mm_set1_epi8('/');
	const __m128i	 t0 = _mm_set1_epi8(x->seg_tag[0]);
	const __m128i	 t1 = _mm_set1_epi8(x->seg_tag[1]);
	__m128i		 v1, v2, v3, m;
	unsigned	 bits;

	for (; end - p >= 19; p += 16) {
		m = _mm_cmpeq_epi8(lt,
		    _mm_loadu_si128((const __m128i *)(const void *)p));
		if (_mm_movemask_epi8(m) == 0)
			continue;
		v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
		v2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 2));
		v3 = _mm_loadu_si128((const __m128i *)(const void *)(p + 3));
		m = _mm_and_si128(m, _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v1, bang),
		    _mm_and_si128(_mm_cmpeq_epi8(v1, t0),
		    _mm_cmpeq_epi8(v2, t1))),
		    _mm_and_si128(_mm_cmpeq_epi8(v1, sl), _mm_and_si128(
		    _mm_cmpeq_epi8(v2, t0), _mm_cmpeq_epi8(v3, t1)))));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0)
			return p + __builtin_ctz(bits);
	}
#else
	(void)x;
#endif
	return memchr(p, '<', (size_t)(end - p));
}

/* At the '<' at b[i]: END (x->seg_i past the end tag), GIVEUP, MORE
 * (x->seg_i = i), or 3: go on from x->seg_i. */
static int
feed_xml_seg_tag(struct feed_xml *x, const char *b, size_t n, size_t i)
{
	const char	*p = b + i, *q;
	size_t		 tl = x->seg_taglen;

	x->seg_i = i;
	if (n - i < tl + 10)
		return FEED_XML_SEG_MORE;
	x->seg_i = i + 1;
	if (p[1] == '!') {
		if (memcmp(p, "<![CDATA[", 9) == 0) {
			x->seg_skip = "]]>";
			x->seg_i = i + 9;
		} else if (p[2] == '-' && p[3] == '-') {
			x->seg_skip = "-->";
			x->seg_i = i + 4;
		}
	} else if (p[1] == '/') {
		if (p[2] != x->seg_tag[0] ||
		    !feed_xml_seg_name(p + 2, n - i - 2, x->seg_tag, tl))
			return 3;
		if ((q = memchr(p, '>', n - i)) == NULL) {
			x->seg_i = i;
			return FEED_XML_SEG_MORE;
		}
		x->seg_i = (size_t)(q - b) + 1;
		return FEED_XML_SEG_END;
	} else if (p[1] == x->seg_tag[0] &&
	    feed_xml_seg_name(p + 1, n - i - 1, x->seg_tag, tl))
		return FEED_XML_SEG_GIVEUP;	/* nested */
	return 3;
}

/* Look for the item's end tag in b[x->seg_i..n) (b: the item so far). */
static enum feed_xml_seg
feed_xml_seg_scan(struct feed_xml *x, const char *b, size_t n)
{
	const char	*p;
	int		 r;

	if (x->seg_i == 0 &&
	    (r = feed_xml_seg_start_tag(x, b, n)) != FEED_XML_SEG_END)
		return (enum feed_xml_seg)r;
	while (x->seg_i < n) {
		if (x->seg_skip != NULL) {	/* in CDATA or a comment */
			p = feed_xml_seg_close(b, x->seg_i, n, x->seg_skip);
			if (p == NULL) {
				if (n - 2 > x->seg_i)
					x->seg_i = n - 2;
				return FEED_XML_SEG_MORE;
			}
			x->seg_i = (size_t)(p - b) + 3;
			x->seg_skip = NULL;
			continue;
		}
		if ((p = feed_xml_seg_next(x, b, x->seg_i, n)) == NULL)
			break;
		if ((r = feed_xml_seg_tag(x, b, n, (size_t)(p - b))) != 3)
			return (enum feed_xml_seg)r;
	}
	x->seg_i = n;
	return FEED_XML_SEG_MORE;
}

/* The next "<i" or "<e" in s[0..n): where an item or entry may start
 * (the family is known only once the root is read). */
static const char *
feed_xml_seg_find(const char *s, size_t n)
{
	const char	*p = s, *end = s + n;
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
	const __m128i	 lt = _mm_set1_epi8('<'), vi = _mm_set1_epi8('i');
	const __m128i	 ve = _mm_set1_epi8('e');
	__m128i		 a, b;
	unsigned	 bits;

	for (; end - p >= 17; p += 16) {
		a = _mm_loadu_si128((const __m128i *)(const void *)p);
		b = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
		b = _mm_or_si128(_mm_cmpeq_epi8(b, vi), _mm_cmpeq_epi8(b, ve));
		bits = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpeq_epi8(a, lt), b));
		if (bits != 0)
			return p + __builtin_ctz(bits);
	}
#endif
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (p + 1 == end || p[1] == 'i' || p[1] == 'e')
			return p;
		p++;
	}
	return NULL;
}

/* 1 if the main parser stands where an item may start and s[0..n) (at
 * a '<') starts one: then gathering begins. */
static int
feed_xml_seg_begin(struct feed_xml *x, const char *s, size_t n)
{
	const char	*tag = x->family == FEED_XML_NS_ATOM ? "entry" : "item";
	int		 family;

	if (XML_GetCurrentByteIndex(x->main) != x->fed ||
	    x->root_done || x->dead || x->item_depth || x->skip_depth ||
	    x->cap_depth || x->depth < 1 || (x->depth != 1 &&
	    (x->chan_depth == 0 || x->depth != x->chan_depth)) ||
	    !feed_xml_seg_name(s + 1, n - 1, tag, strlen(tag)) ||
	    feed_xml_tag_lookup(x, tag, &family) != FEED_XML_T_ITEM)
		return 0;
	x->seg_tag = tag;
	x->seg_taglen = strlen(tag);
	x->seg_on = 1;
	x->seg_i = 0;
	x->seg_skip = NULL;
	dl_buf_reset(&x->seg);
	feed_xml_pos(x, &x->seg_line, &x->seg_col);
	x->seg_col--;
	x->seg_pline = XML_GetCurrentLineNumber(x->main);
	x->seg_pcol = XML_GetCurrentColumnNumber(x->main);
	return 1;
}

/* The main parser skips the gathered bytes: count them in. */
void
feed_xml_seg_skipped(struct feed_xml *x, const char *s, size_t n)
{
	const char	*nl;
	unsigned long	 lines = 0, col = x->seg_col;

	while ((nl = memchr(s, '\n', n)) != NULL) {
		lines++;
		col = 0;
		n -= (size_t)(nl + 1 - s);
		s = nl + 1;
	}
	col += feed_xml_chars(s, n);
	x->skip_lines += lines;
	x->adj_line = x->seg_pline;
	x->adj_col = col - x->seg_pcol;
}

/* After a fatal error inside an item: back to where the item began. */
static void
feed_xml_seg_reset(struct feed_xml *x, int depth)
{
	feed_item_clear(&x->item);
	free(x->author_name);
	free(x->author_email);
	x->author_name = x->author_email = NULL;
	x->item_depth = x->cap_depth = x->skip_depth = 0;
	x->author_depth = x->group_depth = 0;
	x->depth = depth + 1;
	feed_xml_scope_pop(x);
	x->depth = depth;
}

static void
feed_xml_seg_error(struct feed_xml *x, XML_Parser ep)
{
	unsigned long	 l = XML_GetCurrentLineNumber(ep);
	unsigned long	 c = XML_GetCurrentColumnNumber(ep);

	if (x->have_err)
		return;
	dl_err_set(&x->err, "%lu:%lu: %s (item skipped)", x->seg_line + l - 1,
	    (l == 1 ? x->seg_col + c : c) + 1,
	    XML_ErrorString(XML_GetErrorCode(ep)));
	x->have_err = 1;
}

/* The first "<![CDATA[" that starts in [p, end), or NULL. */
static const char *
feed_xml_seg_cdata(const char *p, const char *end, const char *limit)
{
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (limit - p >= 9 && p[1] == '!' &&
		    memcmp(p, "<![CDATA[", 9) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* 1 if the references in s[0..n) are all ones XML knows without a DTD:
 * the five predefined and numeric ones. The filter has made the HTML
 * ones numeric; what is left is undefined (the main parser's DTD reports
 * it) or in a CDATA section (harmless: the item just goes the slow way).
 * A '&' that starts no reference is in CDATA: the filter escapes others. */
static int
feed_xml_seg_plain_refs(const char *s, size_t n)
{
	const char	*p = s, *end = s + n, *name, *amp, *cd;

	while ((amp = memchr(p, '&', (size_t)(end - p))) != NULL) {
		if ((cd = feed_xml_seg_cdata(p, amp, end)) != NULL) {
			cd = feed_xml_seg_close(s, (size_t)(cd - s) + 9, n,
			    "]]>");
			if (cd == NULL)
				return 1;
			p = cd + 3;
			continue;
		}
		name = p = amp + 1;
		while (p < end && feed_xml_name_char((unsigned char)*p,
		    p == name))
			p++;
		if (p > name && p < end && *p == ';' &&
		    !feed_xml_xml5(name, (size_t)(p - name)))
			return 0;
	}
	return 1;
}

/* The item parser, ready for a new document. */
static XML_Parser
feed_xml_seg_parser(struct feed_xml *x)
{
	XML_Parser	 ep = x->item_xp;

	if (ep == NULL)
		ep = x->item_xp = feed_xml_expat_new(x, 0);
	else {
		XML_ParserReset(ep, "UTF-8");
		feed_xml_expat_setup(ep, x, 0);
	}
	/* else expat draws a salt (a getrandom call) for every item */
	XML_SetHashSalt(ep, x->item_salt);
	return ep;
}

/* Parse the gathered item, final, with the item parser. */
static void
feed_xml_seg_parse(struct feed_xml *x, const char *b, size_t n)
{
	XML_Parser	 ep = feed_xml_seg_parser(x);
	int		 depth = x->depth;

	x->xp = ep;
	if (XML_Parse(ep, b, (int)n, 1) == XML_STATUS_ERROR) {
		feed_xml_seg_error(x, ep);
		feed_xml_seg_reset(x, depth);
	}
	x->xp = x->main;
	feed_xml_seg_skipped(x, b, n);
}

/* The item b[0..n) to expat: the item parser if it can read it. */
int
feed_xml_seg_expat(struct feed_xml *x, const char *b, size_t n)
{
	/* the filter has seen every byte of b: without an unknown named
	 * reference let by, all are numeric or predefined */
	if (x->named_left && !feed_xml_seg_plain_refs(b, n))
		return feed_xml_parse(x, b, n, 0);	/* needs the DTD */
	feed_xml_seg_parse(x, b, n);
	return 0;
}

/* The item b[0..n) is complete: to the item parser if it can read it. */
static int
feed_xml_seg_done(struct feed_xml *x, const char *b, size_t n)
{
	x->seg_on = 0;
	if (feed_xml_fast_item(x, b, n)) {
		feed_xml_seg_skipped(x, b, n);
		return 0;
	}
	return feed_xml_seg_expat(x, b, n);
}

/* The end tag was in what was gathered before (the scan had waited to
 * see past it): the few bytes after it go back to the router. */
static int
feed_xml_seg_tail(struct feed_xml *x, size_t old)
{
	char	 tail[64];
	size_t	 n = old - x->seg_i;

	if (n > sizeof tail)
		abort();	/* our bug: the lookahead is bounded */
	memcpy(tail, x->seg.data + x->seg_i, n);
	if (feed_xml_seg_done(x, x->seg.data, x->seg_i) < 0)
		return -1;
	return feed_xml_route(x, tail, n, 0);
}

/* The start of a batch's wrapper: not an element of the feed. */
static void XMLCALL
feed_xml_wrap_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct feed_xml	*x = ud;

	(void)name;
	(void)atts;
	XML_SetStartElementHandler(x->xp, feed_xml_start);
}

/* Items s[0..end) (starting at starts[0..cnt), white space between them)
 * in one final parse inside a wrapper: one reset of the item parser, not
 * one per item. On an error, the items completed stay done and the rest
 * is given back to the router, the failing item to be parsed alone (so
 * it is skipped and reported exactly as before). Returns bytes taken. */
static ssize_t
feed_xml_seg_many(struct feed_xml *x, const char *s, size_t end,
    const size_t *starts, size_t cnt)
{
	XML_Parser	 ep = feed_xml_seg_parser(x);
	size_t		 before = *x->count, done;
	int		 depth = x->depth, ok;
	unsigned long	 col = x->seg_col;
	char		*w;

	/* written straight into expat's buffer: XML_Parse would copy */
	if ((w = XML_GetBuffer(ep, (int)end + 7)) == NULL) {
		fprintf(stderr, "dateline: out of memory (expat)\n");
		abort();
	}
	memcpy(w, "<w>", 3);
	memcpy(w + 3, s, end);
	memcpy(w + 3 + end, "</w>", 4);
	XML_SetStartElementHandler(ep, feed_xml_wrap_start);
	x->xp = ep;
	x->wrap_depth = depth;
	x->seg_col = col - 3;	/* for feed_xml_pos: "<w>" is not ours */
	ok = XML_ParseBuffer(ep, (int)end + 7, 1) != XML_STATUS_ERROR;
	x->seg_col = col;
	x->wrap_depth = 0;
	x->xp = x->main;
	done = *x->count - before;
	if (ok || done >= cnt) {
		feed_xml_seg_skipped(x, s, end);
		return (ssize_t)end;
	}
	feed_xml_seg_reset(x, depth);
	if (done > 0)
		feed_xml_seg_skipped(x, s, starts[done]);
	x->batch_off = 1;
	return (ssize_t)starts[done];
}

/* The item ending at x->seg_i in s[0..n), in place: with the items that
 * follow it in s, complete and with only white space between them, to
 * feed_xml_seg_many. Returns the bytes taken, or -1. */
static ssize_t
feed_xml_seg_batch(struct feed_xml *x, const char *s, size_t n)
{
	size_t		 starts[FEED_XML_BATCH_MAX], ends[FEED_XML_BATCH_MAX];
	size_t		 end = x->seg_i, j, cnt = 1;
	unsigned long	 pos[4] = { x->seg_line, x->seg_col, x->seg_pline,
	    x->seg_pcol };

	starts[0] = 0;
	ends[0] = end;
	while (!x->batch_off && !x->named_left && cnt < FEED_XML_BATCH_MAX &&
	    end < FEED_XML_BATCH_BYTES) {
		for (j = end; j < n && feed_xml_isspace(s[j]); j++)
			;
		if (j >= n || s[j] != '<' || !feed_xml_seg_begin(x, s + j,
		    n - j))
			break;
		x->seg_on = 0;
		if (feed_xml_seg_scan(x, s + j, n - j) != FEED_XML_SEG_END)
			break;
		starts[cnt] = j;
		end = ends[cnt++] = j + x->seg_i;
	}
	x->seg_on = 0;
	x->batch_off = 0;
	x->seg_line = pos[0];
	x->seg_col = pos[1];
	x->seg_pline = pos[2];
	x->seg_pcol = pos[3];
	if (x->fast_on)
		return feed_xml_fast_batch(x, s, starts, ends, cnt);
	if (cnt > 1)
		return feed_xml_seg_many(x, s, end, starts, cnt);
	return feed_xml_seg_done(x, s, end) < 0 ? -1 : (ssize_t)end;
}

/* Gather the item from s[0..n), in place while it lies in one chunk;
 * returns the bytes taken, or -1 if the main parser gave up. */
static ssize_t
feed_xml_seg_add(struct feed_xml *x, const char *s, size_t n)
{
	size_t		 old = x->seg.len, k = n;
	const char	*b = s;
	enum feed_xml_seg r;

	if (old > 0) {	/* a bit at a time: the rest may not be ours */
		k = n < 4096 ? n : 4096;
		dl_buf_add(&x->seg, s, k);
		b = x->seg.data;
	}
	r = feed_xml_seg_scan(x, b, old + k);
	if (r == FEED_XML_SEG_END && x->seg_i < old)
		return feed_xml_seg_tail(x, old) < 0 ? -1 : 0;
	if (r == FEED_XML_SEG_END && old == 0)
		return feed_xml_seg_batch(x, s, n);
	if (r == FEED_XML_SEG_END)
		return feed_xml_seg_done(x, b, x->seg_i) < 0 ? -1 :
		    (ssize_t)(x->seg_i - old);
	if (r == FEED_XML_SEG_MORE && old + k <= FEED_XML_SEG_MAX) {
		if (old == 0)
			dl_buf_add(&x->seg, s, n);
		return (ssize_t)k;
	}
	x->seg_on = 0;	/* the main parser reads it after all */
	if (feed_xml_parse(x, b, old + k, 0) < 0)
		return -1;
	return (ssize_t)k;
}

/* Hand s[0..n) to expat: items to parsers of their own, the rest to the
 * main parser. */
int
feed_xml_route(struct feed_xml *x, const char *s, size_t n, int final)
{
	const char	*lt;
	ssize_t		 k;
	size_t		 m;

	while (n > 0) {
		if (x->seg_on) {
			if ((k = feed_xml_seg_add(x, s, n)) < 0)
				return -1;
			s += k;
			n -= (size_t)k;
			continue;
		}
		lt = feed_xml_seg_find(s, n);
		m = lt != NULL ? (size_t)(lt - s) : n;
		if (m > 0 && feed_xml_parse(x, s, m, 0) < 0)
			return -1;
		s += m;
		n -= m;
		if (n > 0 && !feed_xml_seg_begin(x, s, n)) {
			if (feed_xml_parse(x, s, 1, 0) < 0)
				return -1;
			s++;
			n--;
		}
	}
	if (x->seg_on && final) {
		x->seg_on = 0;
		if (feed_xml_parse(x, x->seg.data, x->seg.len, 0) < 0)
			return -1;
	}
	return final ? feed_xml_parse(x, "", 0, 1) : 0;
}
