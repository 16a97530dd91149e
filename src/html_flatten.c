/* html_flatten.c: hostile nesting bounded before gumbo reads HTML that
 * comes from a feed (gumbo's time grows with the square of the depth:
 * 100,000 nested divs take a minute). Tags are cut as the tokenizer cuts
 * them and nested on a small stack with the HTML parsing algorithm's
 * common implied ends (<p> ended by blocks, items, cells, rows, links;
 * an end tag closes its nearest match within its scope, an inline one
 * never past a block); a start tag past
 * HTML_FLAT_DEPTH open elements, or a formatting element past
 * HTML_FLAT_FMT open ones (gumbo reopens those in every later block), is
 * left out of the copy with the end tag that closes it. The text always
 * stays. Tags are cut by html_scan_token. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "html.h"

#define HTML_FLAT_DEPTH	232
#define HTML_FLAT_SLACK	16	/* more for p, h1-h6, li, a, ... */
#define HTML_FLAT_FMT	4	/* formatting elements still open */

/* A start tag left out: its end tag goes too. */
struct html_flat_out {
	GumboTag	 tag;
	size_t		 depth;		/* of the stack when it came */
};

struct html_flat {
	const char	*s;
	size_t		 len;
	GumboTag	 stack[HTML_FLAT_DEPTH + HTML_FLAT_SLACK];
	size_t		 depth;
	struct html_flat_out *out;	/* start tags left out, still open */
	size_t		 nout, outsize;
	size_t		 fmt;		/* formatting elements open */
	size_t		 nflat;		/* tags left out */
	size_t		 from;		/* s copied up to here */
	struct dl_buf	 b;
};

static int
html_flat_void(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR:
	case GUMBO_TAG_COL: case GUMBO_TAG_EMBED: case GUMBO_TAG_HR:
	case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT: case GUMBO_TAG_LINK:
	case GUMBO_TAG_META: case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE:
	case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR: case GUMBO_TAG_KEYGEN:
	case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_IMAGE:
	case GUMBO_TAG_MENUITEM: case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD:
	case GUMBO_TAG_BODY:
		return 1;
	default:
		return 0;
	}
}

static int
html_flat_raw(GumboTag t)
{
	return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE ||
	    t == GUMBO_TAG_TEXTAREA || t == GUMBO_TAG_TITLE ||
	    t == GUMBO_TAG_XMP || t == GUMBO_TAG_IFRAME ||
	    t == GUMBO_TAG_NOEMBED || t == GUMBO_TAG_NOFRAMES;
}

/* Scope boundaries: a search for an element to close stops there. */
static int
html_flat_scope(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_APPLET: case GUMBO_TAG_CAPTION: case GUMBO_TAG_HTML:
	case GUMBO_TAG_TABLE: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
	case GUMBO_TAG_MARQUEE: case GUMBO_TAG_OBJECT:
	case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_BUTTON:
		return 1;
	default:
		return 0;
	}
}

/* The standard's "special" elements (blocks, lists, tables, ...): an
 * inline end tag never closes past one. */
static int
html_flat_special(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD:
	case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV:
	case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET:
	case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
	case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER:
	case GUMBO_TAG_HGROUP: case GUMBO_TAG_LI: case GUMBO_TAG_LISTING:
	case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV:
	case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
	case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TBODY:
	case GUMBO_TAG_TFOOT: case GUMBO_TAG_THEAD: case GUMBO_TAG_TR:
	case GUMBO_TAG_UL: case GUMBO_TAG_SELECT: case GUMBO_TAG_NOSCRIPT:
		return 1;
	default:
		return html_flat_scope(t);
	}
}

/* Start tags that end an open <p>. */
static int
html_flat_closes_p(GumboTag t)
{
	return (html_flat_special(t) && !html_flat_scope(t) &&
	    t != GUMBO_TAG_LI && t != GUMBO_TAG_DD && t != GUMBO_TAG_DT &&
	    t != GUMBO_TAG_TBODY && t != GUMBO_TAG_TFOOT &&
	    t != GUMBO_TAG_THEAD && t != GUMBO_TAG_TR &&
	    t != GUMBO_TAG_SELECT && t != GUMBO_TAG_NOSCRIPT) ||
	    t == GUMBO_TAG_LI || t == GUMBO_TAG_DD || t == GUMBO_TAG_DT ||
	    t == GUMBO_TAG_TABLE || t == GUMBO_TAG_HR;
}

/* Stack position of the nearest open t, searching down to a scope
 * boundary, and by mode: 1, to any special element; 2, to one but
 * address, div and p (a list item's search); -1 if none. */
static long
html_flat_find(const struct html_flat *f, GumboTag t, int mode)
{
	size_t		 k;
	GumboTag	 x;

	for (k = f->depth; k-- > 0;) {
		x = f->stack[k];
		if (x == t)
			return (long)k;
		if (html_flat_scope(x) || (mode == 1 && html_flat_special(x)) ||
		    (mode == 2 && html_flat_special(x) &&
		    x != GUMBO_TAG_ADDRESS && x != GUMBO_TAG_DIV &&
		    x != GUMBO_TAG_P))
			return -1;
	}
	return -1;
}

/* The ends a start tag t implies: an open <p>, a list item, a cell, a
 * row, a link, an option. */
static void
html_flat_implied(struct html_flat *f, GumboTag t)
{
	long	 k = -1, j;

	if (t == GUMBO_TAG_LI)
		k = html_flat_find(f, t, 2);
	else if (t == GUMBO_TAG_DD || t == GUMBO_TAG_DT) {
		k = html_flat_find(f, GUMBO_TAG_DD, 2);
		if ((j = html_flat_find(f, GUMBO_TAG_DT, 2)) > k)
			k = j;
	} else if (t == GUMBO_TAG_A || t == GUMBO_TAG_OPTION ||
	    t == GUMBO_TAG_TR)
		k = html_flat_find(f, t, t != GUMBO_TAG_TR);
	else if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH)
		if ((k = html_flat_find(f, GUMBO_TAG_TD, 0)) < 0)
			k = html_flat_find(f, GUMBO_TAG_TH, 0);
	if (t == GUMBO_TAG_A && k >= 0 && f->fmt > 0)
		f->fmt--;	/* the a before, out of gumbo's list */
	if (k >= 0)
		f->depth = (size_t)k;
	if (html_flat_closes_p(t) &&
	    (k = html_flat_find(f, GUMBO_TAG_P, 0)) >= 0)
		f->depth = (size_t)k;
}

int
html_tag_formatting(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_BIG:
	case GUMBO_TAG_CODE: case GUMBO_TAG_EM: case GUMBO_TAG_FONT:
	case GUMBO_TAG_I: case GUMBO_TAG_NOBR: case GUMBO_TAG_S:
	case GUMBO_TAG_SMALL: case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG:
	case GUMBO_TAG_TT: case GUMBO_TAG_U:
		return 1;
	default:
		return 0;
	}
}

/* What holds the text (paragraphs, headings, items, cells, links and
 * formatting) stays a little deeper than the containers around it. */
static size_t
html_flat_cap(GumboTag t)
{
	if (t == GUMBO_TAG_P || (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6) ||
	    t == GUMBO_TAG_LI || t == GUMBO_TAG_DD || t == GUMBO_TAG_DT ||
	    t == GUMBO_TAG_PRE || t == GUMBO_TAG_TR || t == GUMBO_TAG_TD ||
	    t == GUMBO_TAG_TH || html_tag_formatting(t))
		return HTML_FLAT_DEPTH + HTML_FLAT_SLACK;
	return HTML_FLAT_DEPTH;
}

static void
html_flat_leave_out(struct html_flat *f, size_t a, size_t b)
{
	dl_buf_add(&f->b, f->s + f->from, a - f->from);
	f->from = b;
	f->nflat++;
}

/* The start tag s[lt..p) of t is left out; its end tag will be. */
static void
html_flat_out_push(struct html_flat *f, GumboTag t, size_t lt, size_t p)
{
	html_flat_leave_out(f, lt, p);
	if (f->nout == f->outsize) {
		f->outsize = f->outsize == 0 ? 64 : f->outsize * 2;
		f->out = dl_reallocarray(f->out, f->outsize, sizeof *f->out);
	}
	f->out[f->nout].tag = t;
	f->out[f->nout++].depth = f->depth;
}

/* Tags left out inside an element closed since are closed with it. */
static void
html_flat_purge(struct html_flat *f)
{
	while (f->nout > 0 && f->out[f->nout - 1].depth > f->depth)
		f->nout--;
}

/* Past the raw text of the start tag tok (from p) and its end tag. */
static size_t
html_flat_skip_raw(const struct html_flat *f, const struct html_scan_tok *tok,
    size_t p)
{
	p = html_scan_raw_close(f->s, f->len, p, tok->tag, tok->name,
	    tok->namelen);
	if (p >= f->len)
		return f->len;
	return html_scan_attrs(f->s, f->len, p + 2 + tok->namelen, NULL, NULL,
	    NULL);
}

/* The start tag tok at s[lt..p); returns where the scan goes on. */
static size_t
html_flat_start(struct html_flat *f, const struct html_scan_tok *tok,
    size_t lt, size_t p)
{
	GumboTag	 t = tok->tag;
	int		 fmt = html_tag_formatting(t);

	if (html_flat_raw(t))
		return html_flat_skip_raw(f, tok, p);
	if (html_flat_void(t))	/* <div/> opens a div, as in gumbo */
		return p;
	html_flat_implied(f, t);
	html_flat_purge(f);
	if (f->depth >= html_flat_cap(t) ||
	    (fmt && f->fmt >= HTML_FLAT_FMT)) {
		html_flat_out_push(f, t, lt, p);
		return p;
	}
	f->fmt += fmt;
	f->stack[f->depth++] = t;
	return p;
}

/* The end tag of t at s[lt..p). */
static void
html_flat_end(struct html_flat *f, GumboTag t, size_t lt, size_t p)
{
	long		 k;

	html_flat_purge(f);
	if (f->nout > 0 && f->out[f->nout - 1].depth == f->depth &&
	    f->out[f->nout - 1].tag == t) {
		html_flat_leave_out(f, lt, p);
		f->nout--;
		return;
	}
	if (html_tag_formatting(t) && f->fmt > 0)
		f->fmt--;
	if ((k = html_flat_find(f, t, !html_flat_special(t))) >= 0)
		f->depth = (size_t)k;
}

/* The markup at s[at] ('<', cut by html_scan_token); returns where the
 * scan goes on. */
static size_t
html_flat_token(struct html_flat *f, size_t at)
{
	struct html_scan_tok	 tok;
	size_t			 p;

	p = html_scan_token(f->s, f->len, at, &tok, NULL, NULL);
	if (tok.kind == HTML_TOK_START)
		return html_flat_start(f, &tok, at, p);
	if (tok.kind == HTML_TOK_END)
		html_flat_end(f, tok.tag, at, p);
	return p;
}

char *
html_flatten(const char *s, size_t len, size_t *outlen)
{
	struct html_flat	*f = dl_calloc(1, sizeof *f);
	const char		*lt;
	size_t			 p = 0;
	char			*out = NULL;

	f->s = s;
	f->len = len;
	dl_buf_init(&f->b, len + 1);
	while ((lt = memchr(s + p, '<', len - p)) != NULL)
		p = html_flat_token(f, (size_t)(lt - s));
	if (f->nflat > 0) {
		dl_buf_add(&f->b, s + f->from, len - f->from);
		*outlen = f->b.len;
		out = dl_buf_take(&f->b);
	}
	dl_buf_clear(&f->b);
	free(f->out);
	free(f);
	return out;
}
