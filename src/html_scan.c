/* html_scan.c: markup cut as the HTML tokenizer cuts it (WHATWG HTML,
 * "Tokenization"), for the byte scans that run before gumbo (html_flatten,
 * extract_'s pre-scan and strip): tag names, attributes with their quoted
 * values (which may hold '<' and '>'), where a raw text element ends,
 * comments and bogus comments. Not a parser: each caller keeps its own
 * stack of open elements, and gumbo has the last word. */
#include "config.h"

#include <string.h>

#include "dl.h"
#include "html.h"

/* Character classes of tag syntax. */
#define HTML_C_WS	0x01u	/* space, tab, CR, LF, FF */
#define HTML_C_SL	0x02u	/* '/' */
#define HTML_C_GT	0x04u	/* '>' */
#define HTML_C_EQ	0x08u	/* '=' */
#define HTML_CC(ch, m)	(html_scan_cc[(unsigned char)(ch)] & (m))

static const unsigned char html_scan_cc[256] = {
	[' '] = HTML_C_WS, ['\t'] = HTML_C_WS, ['\r'] = HTML_C_WS,
	['\n'] = HTML_C_WS, ['\f'] = HTML_C_WS, ['/'] = HTML_C_SL,
	['>'] = HTML_C_GT, ['='] = HTML_C_EQ,
};

int
html_scan_space(char ch)
{
	return HTML_CC(ch, HTML_C_WS) != 0;
}

int
html_scan_name_end(char ch)
{
	return HTML_CC(ch, HTML_C_WS | HTML_C_SL | HTML_C_GT) != 0;
}

static int
html_scan_alpha(char ch)
{
	return (ch | 32) >= 'a' && (ch | 32) <= 'z';
}

/* The length of the tag name at s[p]. */
static size_t
html_scan_name(const char *s, size_t p, size_t len)
{
	size_t	 q = p;

	while (q < len && !HTML_CC(s[q], HTML_C_WS | HTML_C_SL | HTML_C_GT))
		q++;
	return q - p;
}

/* An attribute's value at p (past the '='): quoted or bare. Returns the
 * position past it; *v0 and *vl get where it is. */
static size_t
html_scan_value(const char *s, size_t len, size_t p, size_t *v0,
    size_t *vl)
{
	const char	*e;
	char		 q;

	while (p < len && HTML_CC(s[p], HTML_C_WS))
		p++;
	if (p < len && (s[p] == '"' || s[p] == '\'')) {
		q = s[p++];
		*v0 = p;
		e = memchr(s + p, q, len - p);
		p = e == NULL ? len : (size_t)(e - s);
		*vl = p - *v0;
		return p + (p < len);
	}
	*v0 = p;
	while (p < len && !HTML_CC(s[p], HTML_C_WS | HTML_C_GT))
		p++;
	*vl = p - *v0;
	return p;
}

size_t
html_scan_attrs(const char *s, size_t len, size_t p, int *selfclose,
    html_scan_attr_fn *fn, void *arg)
{
	size_t		 n0, nl, v0, vl;
	int		 sl = 0;

	for (;;) {
		while (p < len && HTML_CC(s[p], HTML_C_WS | HTML_C_SL))
			sl = s[p++] == '/';
		if (selfclose != NULL)
			*selfclose = sl;
		if (p >= len)
			return len;
		if (s[p] == '>')
			return p + 1;
		sl = 0;
		n0 = p;
		while (p < len && !HTML_CC(s[p], HTML_C_WS | HTML_C_SL |
		    HTML_C_GT | HTML_C_EQ))
			p++;
		if (p == n0)	/* a stray '=' */
			p++;
		nl = p - n0;
		while (p < len && HTML_CC(s[p], HTML_C_WS))
			p++;
		v0 = vl = 0;
		if (p < len && s[p] == '=')
			p = html_scan_value(s, len, p + 1, &v0, &vl);
		if (fn != NULL)
			fn(arg, s + n0, nl, s + v0, vl);
	}
}

size_t
html_scan_raw_close(const char *s, size_t len, size_t p, GumboTag tag,
    const char *name, size_t n)
{
	const char	*q;

	if (tag == GUMBO_TAG_PLAINTEXT)
		return len;
	while ((q = memchr(s + p, '<', len - p)) != NULL) {
		p = (size_t)(q - s) + 1;
		if (p + n + 1 < len && s[p] == '/' &&
		    dl_strncaseeq(s + p + 1, name, n) &&
		    HTML_CC(s[p + 1 + n], HTML_C_WS | HTML_C_SL | HTML_C_GT))
			return p - 1;
	}
	return len;
}

/* A start or end tag whose name starts at p. */
static size_t
html_scan_tag(const char *s, size_t len, size_t p, struct html_scan_tok *t,
    html_scan_attr_fn *fn, void *arg)
{
	t->name = s + p;
	t->namelen = html_scan_name(s, p, len);
	t->tag = gumbo_tagn_enum(t->name, (unsigned int)t->namelen);
	if (t->kind == HTML_TOK_END)
		return html_scan_attrs(s, len, p + t->namelen, NULL, NULL,
		    NULL);
	return html_scan_attrs(s, len, p + t->namelen, &t->selfclose, fn,
	    arg);
}

size_t
html_scan_token(const char *s, size_t len, size_t at,
    struct html_scan_tok *t, html_scan_attr_fn *fn, void *arg)
{
	const char	*e;

	t->tag = GUMBO_TAG_LAST;
	t->name = NULL;
	t->namelen = 0;
	t->selfclose = 0;
	if (len - at >= 4 && memcmp(s + at, "<!--", 4) == 0) {
		t->kind = HTML_TOK_COMMENT;
		e = memmem(s + at + 4, len - at - 4, "-->", 3);
		return e == NULL ? len : (size_t)(e - s) + 3;
	}
	if (at + 1 < len && html_scan_alpha(s[at + 1])) {
		t->kind = HTML_TOK_START;
		return html_scan_tag(s, len, at + 1, t, fn, arg);
	}
	if (at + 2 < len && s[at + 1] == '/' && html_scan_alpha(s[at + 2])) {
		t->kind = HTML_TOK_END;
		return html_scan_tag(s, len, at + 2, t, fn, arg);
	}
	if (at + 1 < len && (s[at + 1] == '!' || s[at + 1] == '?' ||
	    s[at + 1] == '/')) {
		t->kind = HTML_TOK_BOGUS;
		e = memchr(s + at, '>', len - at);
		return e == NULL ? len : (size_t)(e - s) + 1;
	}
	t->kind = HTML_TOK_TEXT;
	return at + 1;
}
