/* feed_text.c: the text cleanup feed readers share: HTML to plain text
 * (tags, comments, CDATA markers, HTML5 character references), the
 * "is this HTML?" sniff, escaping plain text into HTML, and white space.
 * Every function is one pass over its input with one allocation at most. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed_int.h"
#include "url.h"

/* Plain-text output: never longer than the input (every reference or tag
 * is at least as long as what it becomes), so it is allocated once. */
struct feed_text_out {
	char	*p;
	size_t	 len;
	size_t	 size;
	int	 space;	/* white space since the last text */
};

struct feed_text_plain {
	const char		*s;
	size_t			 n;
	size_t			 i;
	size_t			 last_gt;	/* after the last '>' */
	int			 last_gt_known;
	int			 quotes_broken;	/* quote unclosed */
	struct feed_text_out	 o;
};

/* HTML5's replacements for numeric references to 0x80-0x9F (windows-1252,
 * as browsers read them); 0 where the byte is undefined there. */
static const uint16_t feed_text_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* Bytes that end a run copied as is: 1 for feed_text_plain (white
 * space, controls, '<', '&', the 0xC2 lead of C1 controls and U+00A0),
 * 2 for feed_text_escape_html (the same but '>' and '"' too). */
#define FEED_TEXT_PLAIN		1
#define FEED_TEXT_ESC		2
static const unsigned char feed_text_class[256] = {
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 2, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Elements that break a line when rendered: they read as white space. */
static const char *const feed_text_block_tags[] = {
	"address", "article", "aside", "blockquote", "br", "caption", "dd",
	"div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3",
	"h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
	"pre", "section", "table", "td", "th", "tr", "ul"
};

/* Element names that make text look like HTML (feed_text_looks_html). */
static const char *const feed_text_html_tags[] = {
	"a", "abbr", "acronym", "address", "article", "aside", "audio", "b",
	"big", "blockquote", "body", "br", "caption", "center", "cite",
	"code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
	"embed", "figcaption", "figure", "font", "footer", "h1", "h2", "h3",
	"h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe",
	"img", "ins", "kbd", "li", "main", "mark", "math", "nav", "noscript",
	"object", "ol", "p", "picture", "pre", "q", "s", "samp", "script",
	"section", "small", "source", "span", "strike", "strong", "style",
	"sub", "summary", "sup", "svg", "table", "tbody", "td", "tfoot", "th",
	"thead", "time", "tr", "tt", "u", "ul", "var", "video", "wbr"
};

#define FEED_TEXT_NAME_MAX	16

static int
feed_text_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
feed_text_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
feed_text_is_alnum(unsigned char c)
{
	return feed_text_is_alpha(c) || (c >= '0' && c <= '9');
}

static int
feed_text_name_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* 1 if the element name s[0..len) (any case) is in the sorted table. */
static int
feed_text_name_in(const char *s, size_t len, const char *const *tab,
    size_t ntab)
{
	char	 name[FEED_TEXT_NAME_MAX + 1];
	size_t	 i;

	if (len == 0 || len > FEED_TEXT_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		name[i] = s[i];
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] += 'a' - 'A';
	}
	name[len] = '\0';
	return bsearch(name, tab, ntab, sizeof tab[0], feed_text_name_cmp) !=
	    NULL;
}

/* Index of needle in s[from..n), or SIZE_MAX. */
static size_t
feed_text_find(const char *s, size_t n, size_t from, const char *needle)
{
	size_t		 nlen = strlen(needle);
	const char	*p;

	while (from + nlen <= n) {
		p = memchr(s + from, needle[0], n - from - nlen + 1);
		if (p == NULL)
			break;
		if (memcmp(p, needle, nlen) == 0)
			return (size_t)(p - s);
		from = (size_t)(p - s) + 1;
	}
	return SIZE_MAX;
}

/* Bytes s[0..n) of text, after the white space pending before them. */
static void
feed_text_out_run(struct feed_text_out *o, const char *s, size_t n)
{
	if (o->len + n + 2 > o->size)
		return;	/* cannot happen; see feed_text_out_byte */
	if (o->space && o->len > 0)
		o->p[o->len++] = ' ';
	o->space = 0;
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void
feed_text_out_byte(struct feed_text_out *o, char c)
{
	/* Two bytes at most (a space and c) plus the NUL; the bound holds
	 * by construction, this only keeps a bug from writing past it. */
	if (o->len + 3 > o->size)
		return;
	if (o->space && o->len > 0)
		o->p[o->len++] = ' ';
	o->space = 0;
	o->p[o->len++] = c;
}

/* The windows-1252 character a C1 control c (0x80-0x9F) stands for, or 0.
 * Expat decodes "&#146;" to U+0092 itself; feeds that write it mean the
 * quote windows-1252 puts there, as HTML5 reads such a reference. */
static uint32_t
feed_text_c1_cp(unsigned char c)
{
	return c >= 0x80 && c <= 0x9f ? feed_text_cp1252[c - 0x80] : 0;
}

/* A C1 control c as it goes out: its windows-1252 character, else
 * nothing (a no-break space, c == 0xA0, is dropped too). */
static void
feed_text_out_c1(struct feed_text_out *o, unsigned char c)
{
	char		 buf[4];
	uint32_t	 cp = feed_text_c1_cp(c);

	if (cp != 0)
		feed_text_out_run(o, buf, dl_utf8_encode(cp, buf));
}

/* Text s[0..n) as it goes out: white space collapsed, C0 controls and
 * DEL dropped, C1 controls read as windows-1252 (else dropped), a no-break space kept except at the start. Returns the
 * bytes consumed up to the first '<' or '&' (stop != 0) or n. */
static size_t
feed_text_out_text(struct feed_text_out *o, const char *s, size_t n, int stop)
{
	size_t		 i, j;
	unsigned char	 c;

	for (i = 0; i < n; i++) {
		for (j = i; j < n && !(feed_text_class[(unsigned char)s[j]] &
		    FEED_TEXT_PLAIN); j++)
			;
		if (j > i) {
			feed_text_out_run(o, s + i, j - i);
			if ((i = j) == n)
				break;
		}
		c = (unsigned char)s[i];
		if (stop && (c == '<' || c == '&'))
			break;
		if (feed_text_is_space(c))
			o->space = 1;
		else if (c < 0x20 || c == 0x7f)
			continue;
		else if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0xa0 &&
		    ((unsigned char)s[i + 1] != 0xa0 || o->len == 0)) {
			feed_text_out_c1(o, (unsigned char)s[i + 1]);
			i++;	/* C1, or a leading no-break space */
		} else
			feed_text_out_byte(o, (char)c);
	}
	return i;
}

/* A numeric reference's code point as HTML5 reads it: NUL, surrogates and
 * values past U+10FFFF become U+FFFD, 0x80-0x9F are windows-1252. The
 * result may be a control, which the output then drops. */
static uint32_t
feed_text_numeric_cp(uint32_t cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	if (cp >= 0x80 && cp <= 0x9f && feed_text_cp1252[cp - 0x80] != 0)
		return feed_text_cp1252[cp - 0x80];
	return cp;
}

/* "&#123;" or "&#x1F600;" at s[i] (the ';' is optional, as in HTML5).
 * Returns the bytes used, 0 if there are no digits. */
static size_t
feed_text_numeric(struct feed_text_out *o, const char *s, size_t n, size_t i)
{
	size_t		 j = i + 2, digits = 0;
	uint32_t	 cp = 0, d;
	int		 hex = 0;
	char		 buf[4];

	if (j < n && (s[j] == 'x' || s[j] == 'X')) {
		hex = 1;
		j++;
	}
	for (; j < n; j++, digits++) {
		if (s[j] >= '0' && s[j] <= '9')
			d = (uint32_t)(s[j] - '0');
		else if (hex && s[j] >= 'a' && s[j] <= 'f')
			d = (uint32_t)(s[j] - 'a' + 10);
		else if (hex && s[j] >= 'A' && s[j] <= 'F')
			d = (uint32_t)(s[j] - 'A' + 10);
		else
			break;
		cp = cp * (hex ? 16 : 10) + d;
		if (cp > 0x110000)
			cp = 0x110000;	/* out of range anyway */
	}
	if (digits == 0)
		return 0;
	if (j < n && s[j] == ';')
		j++;
	feed_text_out_text(o, buf, dl_utf8_encode(feed_text_numeric_cp(cp),
	    buf), 0);
	return j - i;
}

/* A reference at s[i] == '&': decoded, or the '&' kept as written. */
static size_t
feed_text_amp(struct feed_text_out *o, const char *s, size_t n, size_t i)
{
	const char	*v;
	size_t		 j, used;

	if (i + 1 < n && s[i + 1] == '#') {
		if ((used = feed_text_numeric(o, s, n, i)) != 0)
			return used;
	} else {
		for (j = i + 1; j < n && j - i <= 33; j++) {
			if (!feed_text_is_alnum((unsigned char)s[j]))
				break;
		}
		if (j < n && s[j] == ';' &&
		    (v = feed_entity_lookup(s + i + 1, j - i - 1)) != NULL) {
			feed_text_out_text(o, v, strlen(v), 0);
			return j + 1 - i;
		}
	}
	feed_text_out_byte(o, '&');
	return 1;
}

/* Index of the '>' closing the tag whose attributes start at s[j], or
 * SIZE_MAX. Quoted attribute values may hold '>'; once a quote is found
 * unclosed, quotes are ignored for the rest of the text, so that no
 * input makes this quadratic. */
static size_t
feed_text_tag_end(struct feed_text_plain *st, size_t j)
{
	const char	*s = st->s, *q;
	size_t		 n = st->n, k;

	for (k = j; !st->quotes_broken && k < n; k++) {
		if (s[k] == '>')
			return k;
		if (s[k] != '=')
			continue;
		while (k + 1 < n && feed_text_is_space((unsigned char)s[k + 1]))
			k++;
		if (k + 1 < n && (s[k + 1] == '"' || s[k + 1] == '\'')) {
			q = memchr(s + k + 2, s[k + 1], n - k - 2);
			if (q == NULL)
				break;
			k = (size_t)(q - s);
		}
	}
	st->quotes_broken = 1;
	q = memchr(s + j, '>', n - j);
	return q != NULL ? (size_t)(q - s) : SIZE_MAX;
}

/* Skip a <script> or <style> element's content: to the end of its end
 * tag, or of the text when it is not closed (as HTML5 does). */
static size_t
feed_text_skip_raw(const char *s, size_t n, size_t i, const char *name)
{
	size_t	 len = strlen(name), k;

	while ((i = feed_text_find(s, n, i, "</")) != SIZE_MAX) {
		k = i + 2 + len;
		if (k <= n && dl_strncaseeq(s + i + 2, name, len) &&
		    (k == n || s[k] == '>' || s[k] == '/' ||
		    feed_text_is_space((unsigned char)s[k]))) {
			i = feed_text_find(s, n, k, ">");
			return i == SIZE_MAX ? n : i + 1;
		}
		i += 2;
	}
	return n;
}

/* One past the last '>' of the text, 0 if there is none: a '<' after it
 * cannot start markup, so a text full of '<' stays linear. */
static size_t
feed_text_last_gt(struct feed_text_plain *st)
{
	if (!st->last_gt_known) {
		for (st->last_gt = st->n; st->last_gt > 0; st->last_gt--)
			if (st->s[st->last_gt - 1] == '>')
				break;
		st->last_gt_known = 1;
	}
	return st->last_gt;
}

/* A start or end tag at s[i]; returns where the text resumes, or 0 if the
 * '<' is not a tag after all ("a <b" with no '>' to close it). */
static size_t
feed_text_tag(struct feed_text_plain *st, size_t i)
{
	const char	*s = st->s;
	size_t		 name, j, end;
	int		 closing;

	closing = s[i + 1] == '/';
	name = j = i + 1 + (size_t)closing;
	while (j < st->n && feed_text_is_alnum((unsigned char)s[j]))
		j++;
	if (j >= feed_text_last_gt(st) ||
	    (end = feed_text_tag_end(st, j)) == SIZE_MAX)
		return 0;
	if (feed_text_name_in(s + name, j - name, feed_text_block_tags,
	    sizeof feed_text_block_tags / sizeof feed_text_block_tags[0]))
		st->o.space = 1;
	if (closing || s[end - 1] == '/')
		return end + 1;
	if (j - name == 6 && dl_strncaseeq(s + name, "script", 6))
		return feed_text_skip_raw(s, st->n, end + 1, "script");
	if (j - name == 5 && dl_strncaseeq(s + name, "style", 5))
		return feed_text_skip_raw(s, st->n, end + 1, "style");
	return end + 1;
}

/* Markup at s[i] == '<': a comment, CDATA section, declaration or
 * processing instruction, or a tag. Returns the bytes used; a '<' that
 * starts none of them is text. */
static size_t
feed_text_lt(struct feed_text_plain *st, size_t i)
{
	const char	*s = st->s;
	size_t		 n = st->n, end, next;

	if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		end = feed_text_find(s, n, i + 4, "-->");
		return end == SIZE_MAX ? n - i : end + 3 - i;
	}
	if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
		/* The content is text, taken as written. */
		end = feed_text_find(s, n, i + 9, "]]>");
		feed_text_out_text(&st->o, s + i + 9,
		    (end == SIZE_MAX ? n : end) - i - 9, 0);
		return end == SIZE_MAX ? n - i : end + 3 - i;
	}
	if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
		if (i + 2 < feed_text_last_gt(st)) {
			end = feed_text_find(s, n, i + 2, ">");
			return end + 1 - i;
		}
	} else if (i + 1 < n && (feed_text_is_alpha((unsigned char)s[i + 1]) ||
	    (s[i + 1] == '/' && i + 2 < n &&
	    feed_text_is_alpha((unsigned char)s[i + 2])))) {
		if ((next = feed_text_tag(st, i)) != 0)
			return next - i;
	}
	feed_text_out_byte(&st->o, '<');
	return 1;
}

char *
feed_text_plain(const char *s, size_t n)
{
	struct feed_text_plain	 st;

	memset(&st, 0, sizeof st);
	st.s = s;
	st.n = n;
	st.o.size = n + n / 2 + 3;	/* a C1 control: 2 bytes to 3 */
	st.o.p = dl_malloc(st.o.size);
	while (st.i < n) {
		st.i += feed_text_out_text(&st.o, s + st.i, n - st.i, 1);
		if (st.i >= n)
			break;
		if (s[st.i] == '<')
			st.i += feed_text_lt(&st, st.i);
		else
			st.i += feed_text_amp(&st.o, s, n, st.i);
	}
	/* A trailing no-break space, and the space before it, go too. */
	while (st.o.len > 0 && (st.o.p[st.o.len - 1] == ' ' ||
	    (st.o.len >= 2 && (unsigned char)st.o.p[st.o.len - 2] == 0xc2 &&
	    (unsigned char)st.o.p[st.o.len - 1] == 0xa0)))
		st.o.len -= st.o.p[st.o.len - 1] == ' ' ? 1 : 2;
	st.o.p[st.o.len] = '\0';
	return st.o.p;
}

/* A tag name at s[i] ('<' already seen, '/' skipped) that reads as HTML:
 * a known element name followed by '>', '/', or white space with a '>'
 * somewhere later. *no_gt caches "no '>' after here" to stay linear. */
static int
feed_text_looks_tag(const char *s, size_t n, size_t i, int *no_gt)
{
	size_t	 j = i;

	while (j < n && j - i <= FEED_TEXT_NAME_MAX &&
	    feed_text_is_alnum((unsigned char)s[j]))
		j++;
	if (j >= n || !feed_text_name_in(s + i, j - i, feed_text_html_tags,
	    sizeof feed_text_html_tags / sizeof feed_text_html_tags[0]))
		return 0;
	if (s[j] == '>' || s[j] == '/')
		return 1;
	if (!feed_text_is_space((unsigned char)s[j]) || *no_gt)
		return 0;
	if (memchr(s + j, '>', n - j) != NULL)
		return 1;
	*no_gt = 1;
	return 0;
}

/* A reference at s[i] == '&' that HTML would decode: "&#39;", "&#x27;"
 * or a known name, each with its ';'. */
static int
feed_text_looks_ref(const char *s, size_t n, size_t i)
{
	size_t	 j = i + 1, start;
	int	 hex = 0;

	if (j < n && s[j] == '#') {
		j++;
		if (j < n && (s[j] == 'x' || s[j] == 'X'))
			hex = 1, j++;
		start = j;
		while (j < n && ((s[j] >= '0' && s[j] <= '9') || (hex &&
		    ((s[j] >= 'a' && s[j] <= 'f') ||
		    (s[j] >= 'A' && s[j] <= 'F')))))
			j++;
		return j > start && j < n && s[j] == ';';
	}
	start = j;
	while (j < n && j - start <= 32 &&
	    feed_text_is_alnum((unsigned char)s[j]))
		j++;
	return j < n && s[j] == ';' &&
	    feed_entity_lookup(s + start, j - start) != NULL;
}

int
feed_text_looks_html(const char *s, size_t n)
{
	size_t	 i;
	int	 no_gt = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '&') {
			if (feed_text_looks_ref(s, n, i))
				return 1;
		} else if (s[i] == '<' && i + 1 < n) {
			if (s[i + 1] == '/' && feed_text_looks_tag(s, n, i + 2,
			    &no_gt))
				return 1;
			if (s[i + 1] == '!' && n - i >= 4 &&
			    memcmp(s + i, "<!--", 4) == 0)
				return 1;
			if (feed_text_looks_tag(s, n, i + 1, &no_gt))
				return 1;
		}
	}
	return 0;
}

/* Plain text to HTML (feed_text_escape_html): text waits in pending
 * white space and newlines until the next text decides what they are. */
struct feed_text_esc {
	struct dl_buf	*out;
	size_t		 start;		/* out->len on entry */
	size_t		 paras;		/* paragraphs begun */
	size_t		 nl;	/* newlines since the last text */
	int		 ws;	/* spaces since, on this line */
};

static const char *
feed_text_esc_ref(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	}
	return NULL;
}

/* The end of the run of text at s[i] copied as is: up to markup,
 * controls, or white space other than a single space between words. */
static size_t
feed_text_esc_run(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (!(feed_text_class[(unsigned char)s[i]] & FEED_TEXT_ESC))
			continue;
		if (s[i] != ' ' || i + 1 == n ||
		    (feed_text_class[(unsigned char)s[i + 1]] & FEED_TEXT_ESC))
			break;
	}
	return i;
}

/* What the white space before new text becomes: nothing at the start,
 * "<br>" for one newline, a new paragraph for a blank line. The first
 * paragraph gets its "<p>" only once a second one shows up. */
static int
feed_text_esc_flush(struct feed_text_esc *e)
{
	struct dl_buf	*b = e->out;
	int		 r = 0;

	if (e->paras == 0)
		e->paras = 1;
	else if (e->nl >= 2) {
		if (e->paras++ == 1) {
			if ((r = dl_buf_add(b, "<p>", 3)) != 0)
				return r;
			memmove(b->data + e->start + 3, b->data + e->start,
			    b->len - 3 - e->start);
			memcpy(b->data + e->start, "<p>", 3);
		}
		r = dl_buf_add(b, "</p><p>", 7);
	} else if (e->nl == 1)
		r = dl_buf_add(b, "<br>", 4);
	else if (e->ws)
		r = dl_buf_add(b, " ", 1);
	e->nl = 0;
	e->ws = 0;
	return r;
}

/* The byte s[i] and those after it that go together; returns the count
 * used, or 0 when the cap was hit. */
static size_t
feed_text_esc_step(struct feed_text_esc *e, const char *s, size_t n,
    size_t i)
{
	unsigned char	 c = (unsigned char)s[i];
	const char	*ref;
	size_t		 j;

	if (c == '\n' || c == '\r') {
		e->nl += e->paras > 0;
		e->ws = 0;
		return c == '\r' && i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
	}
	if (c == ' ' || c == '\t') {
		e->ws = 1;
		return 1;
	}
	if (c < 0x20 || c == 0x7f)
		return 1;
	if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
	    (unsigned char)s[i + 1] <= 0x9f) {
		/* C1 control: its windows-1252 character, as in titles */
		if (feed_text_c1_cp((unsigned char)s[i + 1]) == 0)
			return 2;
		if (feed_text_esc_flush(e) != 0 || dl_buf_add_utf8(e->out,
		    feed_text_c1_cp((unsigned char)s[i + 1])) != 0)
			return 0;
		return 2;
	}
	if (feed_text_esc_flush(e) != 0)
		return 0;
	if ((ref = feed_text_esc_ref(c)) != NULL)
		return dl_buf_adds(e->out, ref) == 0 ? 1 : 0;
	j = feed_text_esc_run(s, n, i);
	return dl_buf_add(e->out, s + i, j - i) == 0 ? j - i : 0;
}

int
feed_text_escape_html(const char *s, size_t n, struct dl_buf *out)
{
	struct feed_text_esc	 e;
	size_t			 i, used;

	memset(&e, 0, sizeof e);
	e.out = out;
	e.start = out->len;
	for (i = 0; i < n; i += used) {
		if ((used = feed_text_esc_step(&e, s, n, i)) == 0)
			goto fail;
	}
	if (e.paras > 1 && dl_buf_add(out, "</p>", 4) != 0)
		goto fail;
	return 0;
fail:
	out->len = e.start;
	if (out->data != NULL)
		out->data[out->len] = '\0';
	return -1;
}

size_t
feed_text_collapse(char *s)
{
	size_t	 i, len = 0;
	int	 space = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (feed_text_is_space((unsigned char)s[i]) || s[i] == '\v') {
			space = 1;
			continue;
		}
		if (space && len > 0)
			s[len++] = ' ';
		space = 0;
		s[len++] = s[i];
	}
	s[len] = '\0';
	return len;
}

/* ------------------------------------------------------------------ */
/* Relative URLs in HTML: the attributes that hold a URL are resolved
 * against the base of the element the HTML came in, so that a link in a
 * story opens from the reader. Attributes are read as attributes (name,
 * '=', a quoted or bare value); comments, CDATA, declarations, end tags
 * and the content of script and style are copied as they are. */

struct feed_text_res {
	const char	*s;
	size_t		 n;
	size_t		 i;
	size_t		 done;	/* s[0..done) is in out */
	int		 changed;
	const char	*base;
	struct dl_buf	*out;
};

/* Sorted by length, the longest last. */
static const struct {
	const char	*name;
	size_t		 len;
} feed_text_url_attrs[] = {
	{ "src", 3 }, { "cite", 4 }, { "data", 4 }, { "href", 4 },
	{ "action", 6 }, { "poster", 6 }, { "usemap", 6 },
	{ "codebase", 8 }, { "longdesc", 8 }, { "background", 10 },
	{ "xlink:href", 10 },
};

int
feed_text_url_attr(const char *name, size_t len)
{
	size_t	 k;

	if (len < 3 || len > 10)
		return 0;
	for (k = 0; k < sizeof feed_text_url_attrs /
	    sizeof feed_text_url_attrs[0]; k++)
		if (feed_text_url_attrs[k].len == len &&
		    dl_strncaseeq(feed_text_url_attrs[k].name, name, len))
			return 1;
	return 0;
}

/* Move on to end (the bytes are copied later, or never when nothing
 * changes: most HTML has no relative URL). */
static void
feed_text_res_copy(struct feed_text_res *r, size_t end)
{
	r->i = end > r->n ? r->n : end;
}

/* Before a change at s[at]: the unchanged bytes up to it go out. */
static void
feed_text_res_flush(struct feed_text_res *r, size_t at)
{
	if (!r->changed) {
		dl_buf_init(r->out, FEED_FIELD_MAX + FEED_FIELD_MAX / 2);
		r->changed = 1;
	}
	dl_buf_add(r->out, r->s + r->done, at - r->done);
	r->done = at;
}

/* Where the attribute value at s[v] ends: after its closing quote, or
 * at white space or '>' when it is bare. */
static size_t
feed_text_res_vend(const char *s, size_t n, size_t v)
{
	const char	*q;

	if (v < n && (s[v] == '"' || s[v] == '\'')) {
		q = memchr(s + v + 1, s[v], n - v - 1);
		return q != NULL ? (size_t)(q - s) + 1 : n;
	}
	while (v < n && !feed_text_is_space((unsigned char)s[v]) &&
	    s[v] != '>')
		v++;
	return v;
}

/* The length of the value s[v..vend) without its quotes. */
static size_t
feed_text_res_vlen(const char *s, size_t v, size_t vend)
{
	if (vend == v || (s[v] != '"' && s[v] != '\''))
		return vend - v;
	if (vend - v >= 2 && s[vend - 1] == s[v])
		return vend - v - 2;
	return vend - v - 1;
}

/* 1 if value s[0..n) as written starts with a scheme ("https:"): an
 * absolute URL, left as it is without decoding it first. */
static int
feed_text_res_has_scheme(const char *s, size_t n)
{
	size_t	 k;

	if (n == 0 || !feed_text_is_alpha((unsigned char)s[0]))
		return 0;
	for (k = 1; k < n && k < 32; k++) {
		if (s[k] == ':')
			return 1;
		if (!feed_text_is_alnum((unsigned char)s[k]) && s[k] != '+' &&
		    s[k] != '-' && s[k] != '.')
			return 0;
	}
	return 0;
}

/* ref (plain text) resolved against the base, or NULL if it needs no
 * change. */
static char *
feed_text_res_url(struct feed_text_res *r, const char *ref)
{
	if (*ref == '\0' || url_is_absolute(ref))
		return NULL;
	return url_resolve(r->base, ref);
}

/* srcset's "URL [descriptor], URL [descriptor] ...", each URL resolved,
 * into out. */
static void
feed_text_res_srcset(struct feed_text_res *r, const char *v,
    struct dl_buf *out)
{
	const char	*p = v, *end, *sp;
	char		*ref, *abs;

	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		end = end != NULL ? end : p + strlen(p);
		for (sp = p; sp < end && *sp != ' '; sp++)
			;
		ref = dl_strndup(p, (size_t)(sp - p));
		abs = feed_text_res_url(r, ref);
		if (out->len > 0)
			dl_buf_add(out, ", ", 2);
		dl_buf_adds(out, abs != NULL ? abs : ref);
		dl_buf_add(out, sp, (size_t)(end - sp));
		free(ref);
		free(abs);
		p = end;
	}
}

/* The value s[v..vend) of a URL attribute (a srcset if set), written
 * resolved and quoted in place of the original when it needs a change. */
static void
feed_text_res_value(struct feed_text_res *r, size_t v, size_t vend,
    int srcset)
{
	const char	*s = r->s + v + (r->s[v] == '"' || r->s[v] == '\'');
	size_t		 n = feed_text_res_vlen(r->s, v, vend);
	struct dl_buf	 b;
	char		*ref, *abs = NULL;

	if (r->base == NULL || (!srcset && feed_text_res_has_scheme(s, n)))
		return;
	ref = feed_text_plain(s, n);
	if (!srcset)
		abs = feed_text_res_url(r, ref);
	else if (strncmp(ref, "data:", 5) != 0) {
		dl_buf_init(&b, FEED_FIELD_MAX);
		feed_text_res_srcset(r, ref, &b);
		abs = dl_buf_take(&b);
	}
	free(ref);
	if (abs == NULL)
		return;
	feed_text_res_flush(r, v);
	dl_buf_add(r->out, "\"", 1);
	dl_buf_add_html(r->out, abs, strlen(abs), 1);
	dl_buf_add(r->out, "\"", 1);
	r->done = vend;
	free(abs);
}

/* One attribute at s[i] (white space skipped): name, then maybe '=' and
 * a value. Returns 0 at the end of the tag. */
static int
feed_text_res_attr(struct feed_text_res *r)
{
	const char	*s = r->s;
	size_t		 name, nlen, v, vend, n = r->n;
	int		 srcset;

	while (r->i < n && (feed_text_is_space((unsigned char)s[r->i]) ||
	    s[r->i] == '/'))
		feed_text_res_copy(r, r->i + 1);
	if (r->i >= n || s[r->i] == '>')
		return 0;
	name = r->i;
	while (r->i < n && !feed_text_is_space((unsigned char)s[r->i]) &&
	    s[r->i] != '=' && s[r->i] != '>' && s[r->i] != '/')
		r->i++;
	nlen = r->i - name;
	v = r->i;
	while (v < n && feed_text_is_space((unsigned char)s[v]))
		v++;
	if (v >= n || s[v] != '=')
		return 1;
	v++;
	while (v < n && feed_text_is_space((unsigned char)s[v]))
		v++;
	vend = feed_text_res_vend(s, n, v);
	srcset = nlen == 6 && dl_strncaseeq(s + name, "srcset", 6);
	if (srcset || feed_text_url_attr(s + name, nlen))
		feed_text_res_value(r, v, vend, srcset);
	feed_text_res_copy(r, vend);
	return 1;
}

/* A start tag at s[i] == '<' followed by a letter. */
static void
feed_text_res_tag(struct feed_text_res *r)
{
	const char	*s = r->s;
	size_t		 name = r->i + 1, j = name;

	while (j < r->n && feed_text_is_alnum((unsigned char)s[j]))
		j++;
	feed_text_res_copy(r, j);
	while (feed_text_res_attr(r))
		;
	feed_text_res_copy(r, r->i + 1);	/* the '>' */
	if (j - name == 6 && dl_strncaseeq(s + name, "script", 6))
		feed_text_res_copy(r, feed_text_skip_raw(s, r->n, r->i,
		    "script"));
	else if (j - name == 5 && dl_strncaseeq(s + name, "style", 5))
		feed_text_res_copy(r, feed_text_skip_raw(s, r->n, r->i,
		    "style"));
}

/* Markup at s[i] == '<' that is not a start tag: copied whole. "<!"
 * and "</" before neither a letter, '-' nor '[' ("<!' ", "</ 3") are
 * text that HTML5 would read as a comment, hiding what follows: the '<'
 * is escaped. (Word's "<![if !IE]>" and declarations stay as they are.) */
static void
feed_text_res_other(struct feed_text_res *r)
{
	const char	*s = r->s, *gt;
	size_t		 n = r->n, i = r->i, end;

	if ((s[i + 1] == '!' || s[i + 1] == '/') && (i + 2 >= n ||
	    (!feed_text_is_alpha((unsigned char)s[i + 2]) &&
	    s[i + 2] != '-' && s[i + 2] != '['))) {
		feed_text_res_flush(r, i);
		dl_buf_add(r->out, "&lt;", 4);
		r->done = ++r->i;
	} else if (s[i + 1] != '!' && s[i + 1] != '/' && s[i + 1] != '?') {
		feed_text_res_copy(r, i + 1);	/* "a < b": text */
	} else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		end = feed_text_find(s, n, i + 4, "-->");
		feed_text_res_copy(r, end == SIZE_MAX ? n : end + 3);
	} else if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
		end = feed_text_find(s, n, i + 9, "]]>");
		feed_text_res_copy(r, end == SIZE_MAX ? n : end + 3);
	} else {
		gt = memchr(s + i + 1, '>', n - i - 1);
		feed_text_res_copy(r, gt != NULL ? (size_t)(gt - s) + 1 : n);
	}
}

/* 0 if no "<!" or "</" in html[0..n) is one feed_text_res_other would
 * escape: without a base, nothing else changes, and the tag walk can be
 * skipped (it was a tenth of a parse's own work). */
static int
feed_text_res_may_escape(const char *s, size_t n)
{
	const char	*lt = s, *end = s + n;

	while ((lt = memchr(lt, '<', (size_t)(end - lt))) != NULL) {
		if (++lt >= end)
			return 0;
		if (*lt != '!' && *lt != '/')
			continue;
		if (end - lt < 2 || (!feed_text_is_alpha((unsigned char)lt[1])
		    && lt[1] != '-' && lt[1] != '['))
			return 1;
	}
	return 0;
}

/* html[0..n) with the URLs of its attributes resolved against base (if
 * not NULL), or NULL when nothing changes. Allocated. */
char *
feed_text_resolve_html(const char *html, size_t n, const char *base)
{
	struct feed_text_res	 r;
	struct dl_buf		 b;
	const char		*lt;

	if (memchr(html, '<', n) == NULL ||
	    (base == NULL && !feed_text_res_may_escape(html, n)))
		return NULL;
	memset(&r, 0, sizeof r);
	r.s = html;
	r.n = n;
	r.base = base;
	r.out = &b;
	while (r.i < n) {
		lt = memchr(html + r.i, '<', n - r.i);
		feed_text_res_copy(&r, lt != NULL ? (size_t)(lt - html) : n);
		if (r.i + 1 >= n)
			feed_text_res_copy(&r, n);
		else if (feed_text_is_alpha((unsigned char)html[r.i + 1]))
			feed_text_res_tag(&r);
		else
			feed_text_res_other(&r);
	}
	if (!r.changed)
		return NULL;
	feed_text_res_flush(&r, n);
	return dl_buf_take(&b);
}
