/* feed_xml_fast.c: the fast path: a strict tokenizer for plain items
 * whose events are replayed into the expat handlers. */
#include "config.h"

#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <string.h>

#include "feed_xml_int.h"

enum feed_xml_fe {
	FEED_XML_FE_START = 0,	/* off: name, then atts' name/value, NULs */
	FEED_XML_FE_END,	/* off: the name, in out */
	FEED_XML_FE_SRC,	/* text s[off..off+len) of the item itself */
	FEED_XML_FE_OUT		/* text out[off..off+len), decoded */
};

/* ------------------------------------------------------------------ */
/* The fast path (see struct feed_xml_fast). */

/* Room for n more bytes in f->out. */
static void
feed_xml_fast_room(struct feed_xml_fast *f, size_t n)
{
	if (f->aout - f->nout >= n)
		return;
	while (f->aout - f->nout < n)
		f->aout = f->aout ? f->aout * 2 : 4096;
	f->out = dl_realloc(f->out, f->aout);
}

static void
feed_xml_fast_put(struct feed_xml_fast *f, const char *s, size_t n)
{
	feed_xml_fast_room(f, n);
	memcpy(f->out + f->nout, s, n);
	f->nout += n;
}

static void
feed_xml_fast_ev(struct feed_xml_fast *f, unsigned kind, size_t off,
    size_t len, unsigned natts)
{
	struct feed_xml_fev	*e;

	if (f->nev == f->aev) {
		f->aev = f->aev ? f->aev * 2 : 256;
		f->ev = dl_reallocarray(f->ev, f->aev, sizeof *f->ev);
	}
	e = &f->ev[f->nev++];
	e->kind = kind;
	e->natts = natts;
	e->off = off;
	e->len = len;
}

/* A byte text cannot hold as it is: markup, a reference, a CR to
 * normalise, "]]>" maybe, or a control character. */
static int
feed_xml_fast_special(unsigned char c)
{
	return c == '<' || c == '&' || c == ']' ||
	    (c < 0x20 && c != '\t' && c != '\n');
}

/* The first special byte in s[i..n), or n. */
static size_t
feed_xml_fast_span(const char *s, size_t i, size_t n)
{
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
	const __m128i	 lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
	const __m128i	 rs = _mm_set1_epi8(']'), c1f = _mm_set1_epi8(0x1F);
	const __m128i	 tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n');
	__m128i		 v, ctl, m;
	int		 bits;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v);
		ctl = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab),
		    _mm_cmpeq_epi8(v, nl)), ctl);
		m = _mm_or_si128(_mm_or_si128(ctl, _mm_cmpeq_epi8(v, lt)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, rs)));
		if ((bits = _mm_movemask_epi8(m)) != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	while (i < n && !feed_xml_fast_special((unsigned char)s[i]))
		i++;
	return i;
}

/* "&#N;" or "&#xH;" at s[i] (XML: lowercase x only); the character or
 * 0 if it is no valid reference to a legal character. */
static uint32_t
feed_xml_fast_charref(const char *s, size_t n, size_t *i)
{
	size_t		 j = *i + 2, start;
	uint32_t	 v = 0;
	int		 hex = 0, d;

	if (j < n && s[j] == 'x') {
		hex = 1;
		j++;
	}
	for (start = j; j < n; j++) {
		if ((d = feed_xml_digit((unsigned char)s[j], hex)) < 0)
			break;
		v = v > 0x10FFFF ? v : v * (hex ? 16u : 10u) + (uint32_t)d;
	}
	if (j == start || j >= n || s[j] != ';' || !feed_xml_xml_char(v))
		return 0;
	*i = j + 1;
	return v;
}

/* The reference at s[*i] ('&') decoded into u; its length, or 0 if it is
 * not one we read (an entity other than the five predefined ones). */
static size_t
feed_xml_fast_ref(const char *s, size_t n, size_t *i, char *u)
{
	static const struct {
		const char	*name;
		size_t		 len;
		char		 c;
	} pre[] = {
		{ "lt;", 3, '<' }, { "gt;", 3, '>' }, { "amp;", 4, '&' },
		{ "quot;", 5, '"' }, { "apos;", 5, '\'' },
	};
	size_t		 k, avail = n - *i - 1;
	uint32_t	 c;

	if (avail > 0 && s[*i + 1] == '#') {
		if ((c = feed_xml_fast_charref(s, n, i)) == 0)
			return 0;
		return dl_utf8_encode(c, u);
	}
	for (k = 0; k < sizeof pre / sizeof pre[0]; k++) {
		if (avail >= pre[k].len &&
		    memcmp(s + *i + 1, pre[k].name, pre[k].len) == 0) {
			*i += pre[k].len + 1;
			u[0] = pre[k].c;
			return 1;
		}
	}
	return 0;
}

/* Length of the name at s[i]: ASCII only, a letter or '_' first. */
static size_t
feed_xml_fast_name(const char *s, size_t n, size_t i)
{
	size_t		 j = i;
	unsigned char	 c;

	if (j >= n || !((s[j] >= 'a' && s[j] <= 'z') ||
	    (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_'))
		return 0;
	for (j++; j < n; j++) {
		c = (unsigned char)s[j];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		    c == '.' || c == ':'))
			break;
	}
	return j - i;
}

/* Skip XML white space from s[*i]; 1 if there was some. */
static int
feed_xml_fast_ws(const char *s, size_t n, size_t *i)
{
	size_t	 j = *i;

	while (j < n && feed_xml_isspace(s[j]))
		j++;
	if (j == *i)
		return 0;
	*i = j;
	return 1;
}

/* The quoted value at f->s[f->i], normalised as expat does for CDATA
 * attributes, into out with its NUL. 0, or -1 to give up. */
static int
feed_xml_fast_value(struct feed_xml_fast *f)
{
	const char	*s = f->s;
	size_t		 n = f->n, i = f->i + 1, k;
	char		 q = s[f->i], u[4];
	unsigned char	 c;

	for (;;) {
		for (k = i; k < n && s[k] != q && !feed_xml_fast_special(
		    (unsigned char)s[k]) && s[k] != '\t' && s[k] != '\n'; k++)
			;
		feed_xml_fast_put(f, s + i, k - i);
		if ((i = k) >= n)
			return -1;
		c = (unsigned char)s[i];
		if (c == (unsigned char)q)
			break;
		if (c == '&') {
			if ((k = feed_xml_fast_ref(s, n, &i, u)) == 0)
				return -1;
			feed_xml_fast_put(f, u, k);
		} else if (c == '\t' || c == '\n' || c == '\r') {
			feed_xml_fast_put(f, " ", 1);
			i += (c == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
		} else if (c == ']') {
			feed_xml_fast_put(f, "]", 1);
			i++;
		} else
			return -1;	/* '<' or a control */
	}
	feed_xml_fast_put(f, "", 1);
	f->i = i + 1;
	return 0;
}

/* 1 if the attribute name out[off..off+len) is already among the natts
 * stored from out[first]. */
static int
feed_xml_fast_dup(const struct feed_xml_fast *f, size_t first,
    unsigned natts, size_t off, size_t len)
{
	const char	*p = f->out + first;
	unsigned	 k;
	size_t		 l;

	for (k = 0; k < natts; k++) {
		l = strlen(p);
		if (l == len && memcmp(p, f->out + off, len) == 0)
			return 1;
		p += l + 1;
		p += strlen(p) + 1;
	}
	return 0;
}

/* The attributes of a start tag, from f->i to its '>' or "/>". */
static int
feed_xml_fast_atts(struct feed_xml_fast *f, size_t first, unsigned *natts)
{
	const char	*s = f->s;
	size_t		 n = f->n, len, off;
	int		 ws;

	for (*natts = 0;;) {
		ws = feed_xml_fast_ws(s, n, &f->i);
		if (f->i < n && (s[f->i] == '>' || s[f->i] == '/'))
			return 0;
		if (!ws || *natts >= FEED_XML_FAST_ATTS ||
		    (len = feed_xml_fast_name(s, n, f->i)) == 0)
			return -1;
		off = f->nout;
		feed_xml_fast_put(f, s + f->i, len);
		if (feed_xml_fast_dup(f, first, *natts, off, len))
			return -1;
		feed_xml_fast_put(f, "", 1);
		f->i += len;
		feed_xml_fast_ws(s, n, &f->i);
		if (f->i >= n || s[f->i] != '=')
			return -1;
		f->i++;
		feed_xml_fast_ws(s, n, &f->i);
		if (f->i >= n || (s[f->i] != '"' && s[f->i] != '\'') ||
		    feed_xml_fast_value(f) < 0)
			return -1;
		(*natts)++;
	}
}

/* A start tag at f->s[f->i] ('<'), or an empty-element tag. */
static int
feed_xml_fast_stag(struct feed_xml_fast *f)
{
	const char	*s = f->s;
	size_t		 n = f->n, len, off = f->nout;
	unsigned	 natts;

	if ((len = feed_xml_fast_name(s, n, f->i + 1)) == 0 ||
	    f->depth >= FEED_XML_FAST_DEPTH)
		return -1;
	feed_xml_fast_put(f, s + f->i + 1, len);
	feed_xml_fast_put(f, "", 1);
	f->i += 1 + len;
	if (feed_xml_fast_atts(f, off + len + 1, &natts) < 0)
		return -1;
	feed_xml_fast_ev(f, FEED_XML_FE_START, off, len, natts);
	if (s[f->i] == '/') {
		if (f->i + 1 >= n || s[f->i + 1] != '>')
			return -1;
		feed_xml_fast_ev(f, FEED_XML_FE_END, off, len, 0);
		f->i += 2;
		return 0;
	}
	f->open[f->depth] = off;
	f->openlen[f->depth++] = len;
	f->i++;
	return 0;
}

/* An end tag at f->s[f->i] ("</"): it must close the open element. */
static int
feed_xml_fast_etag(struct feed_xml_fast *f)
{
	const char	*s = f->s;
	size_t		 n = f->n, len;

	if (f->depth == 0)
		return -1;
	len = f->openlen[f->depth - 1];
	if (feed_xml_fast_name(s, n, f->i + 2) != len ||
	    memcmp(s + f->i + 2, f->out + f->open[f->depth - 1], len) != 0)
		return -1;
	f->i += 2 + len;
	feed_xml_fast_ws(s, n, &f->i);
	if (f->i >= n || s[f->i] != '>')
		return -1;
	f->i++;
	f->depth--;
	feed_xml_fast_ev(f, FEED_XML_FE_END, f->open[f->depth], len, 0);
	return 0;
}

/* A CDATA section at f->s[f->i] ("<![CDATA["): its text, CRs made LFs. */
static int
feed_xml_fast_cdata(struct feed_xml_fast *f)
{
	const char	*s = f->s, *p, *end = s + f->n, *cr;
	size_t		 from, off;

	if (f->n - f->i < 12 || memcmp(s + f->i, "<![CDATA[", 9) != 0)
		return -1;
	for (p = s + f->i + 9;; p++) {
		if ((p = memchr(p, ']', (size_t)(end - p))) == NULL ||
		    end - p < 3)
			return -1;
		if (p[1] == ']' && p[2] == '>')
			break;
	}
	from = f->i + 9;
	f->i = (size_t)(p - s) + 3;
	if (p == s + from)
		return 0;
	if ((cr = memchr(s + from, '\r', (size_t)(p - s) - from)) == NULL) {
		feed_xml_fast_ev(f, FEED_XML_FE_SRC, from, (size_t)(p - s) - from,
		    0);
		return 0;
	}
	for (off = f->nout; from < (size_t)(p - s); from++) {
		if (s[from] != '\r')
			feed_xml_fast_put(f, s + from, 1);
		else if (s[from + 1] != '\n')
			feed_xml_fast_put(f, "\n", 1);
	}
	feed_xml_fast_ev(f, FEED_XML_FE_OUT, off, f->nout - off, 0);
	return 0;
}

/* Text up to the next '<' (or the end): references decoded, CR LF and
 * lone CR made LF, as expat does. */
static int
feed_xml_fast_text(struct feed_xml_fast *f)
{
	const char	*s = f->s;
	size_t		 n = f->n, i = f->i, j, k, off;
	char		 u[4];

	j = feed_xml_fast_span(s, i, n);
	if (j >= n || s[j] == '<') {
		feed_xml_fast_ev(f, FEED_XML_FE_SRC, i, j - i, 0);
		f->i = j;
		return 0;
	}
	off = f->nout;
	feed_xml_fast_put(f, s + i, j - i);
	while (j < n && s[j] != '<') {
		if (s[j] == '&') {
			if ((k = feed_xml_fast_ref(s, n, &j, u)) == 0)
				return -1;
			feed_xml_fast_put(f, u, k);
		} else if (s[j] == '\r') {
			feed_xml_fast_put(f, "\n", 1);
			j += (j + 1 < n && s[j + 1] == '\n') ? 2 : 1;
		} else if (s[j] == ']') {
			if (n - j >= 3 && s[j + 1] == ']' && s[j + 2] == '>')
				return -1;	/* an error for expat */
			feed_xml_fast_put(f, "]", 1);
			j++;
		} else
			return -1;	/* a control character */
		k = feed_xml_fast_span(s, j, n);
		feed_xml_fast_put(f, s + j, k - j);
		j = k;
	}
	feed_xml_fast_ev(f, FEED_XML_FE_OUT, off, f->nout - off, 0);
	f->i = j;
	return 0;
}

/* Tokenize the item s[0..n) into f's events: 0, or -1 if it is not one
 * the fast path reads (exactly one element, nothing around it). */
static int
feed_xml_fast_tokenize(struct feed_xml_fast *f, const char *s, size_t n)
{
	int	 r;

	f->s = s;
	f->n = n;
	f->i = 0;
	f->nev = f->nout = 0;
	f->depth = 0;
	if (n < 2 || s[0] != '<')
		return -1;
	do {
		if (s[f->i] != '<')
			r = feed_xml_fast_text(f);
		else if (f->i + 1 >= n)
			r = -1;
		else if (s[f->i + 1] == '/')
			r = feed_xml_fast_etag(f);
		else if (s[f->i + 1] == '!')
			r = f->depth > 0 ? feed_xml_fast_cdata(f) : -1;
		else
			r = feed_xml_fast_stag(f);
		if (r < 0)
			return -1;
	} while (f->depth > 0 && f->i < n);
	return f->depth == 0 && f->i == n ? 0 : -1;
}

/* Give the handlers the events of the item tokenized in x->fast. */
static void
feed_xml_fast_replay(struct feed_xml *x)
{
	const struct feed_xml_fast *f = &x->fast;
	const struct feed_xml_fev *e, *end = f->ev + f->nev;
	const XML_Char	*atts[2 * FEED_XML_FAST_ATTS + 1];
	const char	*p;
	unsigned	 k;

	for (e = f->ev; e < end; e++) {
		switch (e->kind) {
		case FEED_XML_FE_START:
			p = f->out + e->off + e->len + 1;
			for (k = 0; k < 2 * e->natts; k++) {
				atts[k] = p;
				p += strlen(p) + 1;
			}
			atts[k] = NULL;
			feed_xml_start(x, f->out + e->off, atts);
			break;
		case FEED_XML_FE_END:
			feed_xml_end(x, f->out + e->off);
			break;
		case FEED_XML_FE_SRC:	/* expat calls only while capturing */
			if (x->cap_depth && e->len > 0)
				feed_xml_chardata(x, f->s + e->off, (int)e->len);
			break;
		default:
			if (x->cap_depth && e->len > 0)
				feed_xml_chardata(x, f->out + e->off,
				    (int)e->len);
			break;
		}
	}
}

/* Read the item b[0..n) on the fast path if it can: 1 if done (the
 * handlers have had it all), 0 if it must go to expat (nothing done). */
int
feed_xml_fast_item(struct feed_xml *x, const char *b, size_t n)
{
	if (!x->fast_on || feed_xml_fast_tokenize(&x->fast, b, n) < 0)
		return 0;
	/* the handlers switch the character data handler of x->xp */
	if (x->item_xp == NULL)
		x->item_xp = feed_xml_expat_new(x, 0);
	x->xp = x->item_xp;
	feed_xml_fast_replay(x);
	x->xp = x->main;
	x->fast_items++;
	return 1;
}

/* The batch of feed_xml_seg_batch on the fast path: its items in order
 * while they are plain; the first that is not goes to expat alone (the
 * router comes back for those after it). Returns the bytes taken. */
ssize_t
feed_xml_fast_batch(struct feed_xml *x, const char *s, const size_t *starts,
    const size_t *ends, size_t cnt)
{
	size_t	 k;

	for (k = 0; k < cnt; k++)
		if (!feed_xml_fast_item(x, s + starts[k], ends[k] - starts[k]))
			break;
	if (k > 0) {
		feed_xml_seg_skipped(x, s, k < cnt ? starts[k] : ends[cnt - 1]);
		return (ssize_t)(k < cnt ? starts[k] : ends[cnt - 1]);
	}
	return feed_xml_seg_expat(x, s, ends[0]) < 0 ? -1 : (ssize_t)ends[0];
}
