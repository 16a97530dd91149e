/* render.c: the layout of html_ documents into terminal lines: the
 * display width of strings (per character: dl_cp_width), line breaking
 * (spaces for Latin and Korean; any character boundary for Chinese and
 * Japanese, with simple kinsoku shori), and the cleaning of
 * escape sequences and controls from everything shown; also a story as
 * Markdown and a safe file name stem for it. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "html.h"
#include "render.h"

#define RENDER_MIN_WIDTH	8
#define RENDER_MAX_DEPTH	16
#define RENDER_CAP		(512u * 1024 * 1024)
#define RENDER_TAB		8

/* Characters that never start a line, and that never end one (a simple
 * kinsoku shori rule set, after JIS X 4051's classes), sorted. */
static const uint32_t render_nostart[] = {
	0x0021, 0x0029, 0x002c, 0x002e, 0x003a, 0x003b, 0x003f, 0x005d,
	0x007d, 0x2019, 0x201d, 0x2025, 0x2026, 0x203c, 0x2047, 0x2048,
	0x2049, 0x3001, 0x3002, 0x3005, 0x3009, 0x300b, 0x300d, 0x300f,
	0x3011, 0x3015, 0x3017, 0x3019, 0x301b, 0x301e, 0x301f, 0x303b,
	0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
	0x3087, 0x308e, 0x3095, 0x3096, 0x309d, 0x309e, 0x30a1, 0x30a3,
	0x30a5, 0x30a7, 0x30a9, 0x30c3, 0x30e3, 0x30e5, 0x30e7, 0x30ee,
	0x30f5, 0x30f6, 0x30fb, 0x30fc, 0x30fd, 0x30fe, 0xff01, 0xff09,
	0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f, 0xff3d, 0xff5d, 0xff61,
	0xff63, 0xff64, 0xff65, 0xff67, 0xff68, 0xff69, 0xff6a, 0xff6b,
	0xff6c, 0xff6d, 0xff6e, 0xff6f, 0xff70,
};

static const uint32_t render_noend[] = {
	0x0028, 0x005b, 0x007b, 0x2018, 0x201c, 0x3008, 0x300a, 0x300c,
	0x300e, 0x3010, 0x3014, 0x3016, 0x3018, 0x301a, 0x301d, 0xff08,
	0xff3b, 0xff5b, 0xff62,
};

/* A growing array of runs. */
struct render_runs {
	struct render_run	*v;
	size_t			 n;
	size_t			 cap;
};

struct render_out {
	struct dl_buf		 text;	/* every line, each NUL-terminated */
	struct render_line	*lines;
	size_t			*loff;	/* line text offsets while building */
	size_t			*roff;	/* line first-run index */
	size_t			*lblock; /* line source block */
	size_t			*lsrc;	/* its offset in the block's text */
	size_t			 nlines;
	size_t			 linecap;
	struct render_runs	 runs;
	char			**links;
	size_t			 nlinks;
};

/* The layout of one document. */
struct render_ctx {
	const struct html_doc	*doc;
	struct render_out	*out;
	int			 width;
	int			*linkno;	/* per doc url; 0 unnumbered */
	struct dl_buf		 ct;		/* the block's clean text */
	struct render_runs	 cruns;		/* its styles (off, flags) */
	int			 cols[RENDER_MAX_DEPTH + 1];
	size_t			 blockno;	/* the block laid out */
	size_t			 srcoff;	/* where its next line starts */

	/* The block's indentation. */
	int			 quote;
	int			 indent;
	char			 marker[16];
	int			 markerw;
	int			 first;		/* next line shows the marker */
	unsigned int		 base;		/* flags of the whole block */
	int			 avail;		/* columns for text */
	int			 maxw;		/* widest text line */
};

/* A UTF-8 reader that yields only what may reach a terminal. */
struct render_dec {
	const char		*s;
	size_t			 len;
	size_t			 i;
};

static int
render_in_list(uint32_t cp, const uint32_t *v, size_t n)
{
	size_t	 lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp > v[mid])
			lo = mid + 1;
		else if (cp < v[mid])
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int
render_width(const char *s, size_t len)
{
	size_t		 i = 0;
	uint32_t	 cp;
	int		 w = 0;

	while (i < len) {
		i += dl_utf8_decode(s + i, len - i, &cp);
		w += dl_cp_width(cp);
	}
	return w;
}

static uint32_t
render_dec_get(struct render_dec *d)
{
	uint32_t	 cp;

	d->i += dl_utf8_decode(d->s + d->i, d->len - d->i, &cp);
	return cp;
}

static uint32_t
render_dec_peek(const struct render_dec *d)
{
	uint32_t	 cp;

	if (d->i >= d->len)
		return 0;
	dl_utf8_decode(d->s + d->i, d->len - d->i, &cp);
	return cp;
}

/* Skip an OSC/DCS/SOS/PM/APC string up to its terminator (BEL, ST, ESC
 * \), or up to a newline so that damage stays on one line. */
static void
render_skip_string(struct render_dec *d)
{
	uint32_t	 cp;

	while (d->i < d->len) {
		cp = render_dec_peek(d);
		if (cp == '\n')
			return;
		render_dec_get(d);
		if (cp == 0x07 || cp == 0x9c)
			return;
		if (cp == 0x1b) {
			if (render_dec_peek(d) == '\\')
				render_dec_get(d);
			return;
		}
	}
}

/* Skip CSI parameters and intermediates and the final byte. */
static void
render_skip_csi(struct render_dec *d)
{
	uint32_t	 cp;

	while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x3f)
		render_dec_get(d);
	while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x2f)
		render_dec_get(d);
	if (cp >= 0x40 && cp <= 0x7e)
		render_dec_get(d);
}

/* After ESC: the rest of the sequence it introduces (ECMA-48). */
static void
render_skip_esc(struct render_dec *d)
{
	uint32_t	 cp = render_dec_peek(d);

	if (cp == '[') {
		render_dec_get(d);
		render_skip_csi(d);
	} else if (cp == ']' || cp == 'P' || cp == 'X' || cp == '^' ||
	    cp == '_') {
		render_dec_get(d);
		render_skip_string(d);
	} else if (cp >= 0x20 && cp <= 0x2f) {
		while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x2f)
			render_dec_get(d);
		if (cp >= 0x30 && cp <= 0x7e)
			render_dec_get(d);
	} else if (cp >= 0x30 && cp <= 0x7e) {
		render_dec_get(d);
	}
}

static int
render_unsafe(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') ||
	    (cp >= 0x7f && cp < 0xa0) || cp == 0xad ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The next code point that may be shown (tab and newline included), or
 * -1 at the end; *at is where its bytes began. */
static int64_t
render_dec_next(struct render_dec *d, size_t *at)
{
	uint32_t	 cp;

	while (d->i < d->len) {
		*at = d->i;
		cp = render_dec_get(d);
		if (cp == 0x1b)
			render_skip_esc(d);
		else if (cp == 0x9b)
			render_skip_csi(d);
		else if (cp == 0x9d || cp == 0x90 || cp == 0x98 ||
		    cp == 0x9e || cp == 0x9f)
			render_skip_string(d);
		else if (!render_unsafe(cp))
			return cp;
	}
	return -1;
}

char *
render_clean(const char *s)
{
	struct render_dec	 d;
	struct dl_buf		 b;
	int64_t			 cp;
	size_t			 at;

	if (s == NULL)
		s = "";
	d.s = s;
	d.len = strlen(s);
	d.i = 0;
	dl_buf_init(&b, RENDER_CAP);
	while ((cp = render_dec_next(&d, &at)) != -1) {
		if (cp == '\n' || cp == '\t')
			cp = ' ';
		dl_buf_add_utf8(&b, (uint32_t)cp);
	}
	return dl_buf_take(&b);
}

/* Where a cut must stop: after the last whole character of s that ends
 * at or before col columns; *w is the width kept. */
static size_t
render_cut(const char *s, int col, int *w)
{
	size_t		 i = 0, n, len = strlen(s);
	uint32_t	 cp;
	int		 cw;

	*w = 0;
	while (i < len) {
		n = dl_utf8_decode(s + i, len - i, &cp);
		cw = dl_cp_width(cp);
		if (*w + cw > col)
			break;
		*w += cw;
		i += n;
	}
	return i;
}

char *
render_truncate(const char *s, int width, int flags)
{
	char		*c, *r;
	struct dl_buf	 b;
	size_t		 keep;
	int		 w, cut;

	if (width <= 0)
		return dl_strdup("");
	c = render_clean(s);
	w = render_width(c, strlen(c));
	cut = w > width;
	keep = render_cut(c, cut ? width - 1 : width, &w);
	dl_buf_init(&b, RENDER_CAP);
	dl_buf_add(&b, c, keep);
	if (cut || (flags & RENDER_TRUNC_PAD)) {
		for (; w < (cut ? width - 1 : width); w++)
			dl_buf_addc(&b, ' ');
	}
	if (cut)
		dl_buf_adds(&b, "\xe2\x80\xa6");
	r = dl_buf_take(&b);
	free(c);
	return r;
}

static void
render_runs_add(struct render_runs *r, size_t off, size_t len,
    unsigned int flags, int link)
{
	struct render_run	*last;

	if (r->n > 0) {
		last = &r->v[r->n - 1];
		if (last->flags == flags && last->link == link &&
		    last->off + last->len == off) {
			last->len += len;
			return;
		}
	}
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 64 : r->cap * 2;
		r->v = dl_reallocarray(r->v, r->cap, sizeof *r->v);
	}
	r->v[r->n].off = off;
	r->v[r->n].len = len;
	r->v[r->n].flags = flags;
	r->v[r->n].link = link;
	r->n++;
}

/* Start a line in the output. */
static void
render_line_begin(struct render_ctx *c)
{
	struct render_out	*o = c->out;

	if (o->nlines == o->linecap) {
		o->linecap = o->linecap == 0 ? 256 : o->linecap * 2;
		o->loff = dl_reallocarray(o->loff, o->linecap,
		    sizeof *o->loff);
		o->roff = dl_reallocarray(o->roff, o->linecap,
		    sizeof *o->roff);
		o->lblock = dl_reallocarray(o->lblock, o->linecap,
		    sizeof *o->lblock);
		o->lsrc = dl_reallocarray(o->lsrc, o->linecap,
		    sizeof *o->lsrc);
	}
	o->loff[o->nlines] = o->text.len;
	o->roff[o->nlines] = o->runs.n;
	o->lblock[o->nlines] = c->blockno;
	o->lsrc[o->nlines] = c->srcoff;
	o->nlines++;
}

/* Add text to the current line; runs are kept relative to the line and
 * never merge into the line before. */
static void
render_line_add(struct render_ctx *c, const char *p, size_t n,
    unsigned int flags, int link)
{
	struct render_out	*o = c->out;
	size_t			 start = o->loff[o->nlines - 1];
	struct render_run	*last;

	if (n == 0 || dl_buf_add(&o->text, p, n) != 0)
		return;
	if (o->runs.n > o->roff[o->nlines - 1]) {
		last = &o->runs.v[o->runs.n - 1];
		if (last->flags == flags && last->link == link) {
			last->len += n;
			return;
		}
	}
	render_runs_add(&o->runs, o->text.len - n - start, n, flags, link);
}

static void
render_line_end(struct render_ctx *c)
{
	dl_buf_addc(&c->out->text, '\0');
}

static void
render_line_blank(struct render_ctx *c, int quote)
{
	int	 i;

	render_line_begin(c);
	for (i = 0; i < quote; i++)
		render_line_add(c, i + 1 < quote ? "\xe2\x94\x82 " :
		    "\xe2\x94\x82", i + 1 < quote ? 4 : 3, RENDER_QUOTE, 0);
	render_line_end(c);
}

/* Quote bars, indentation and the list marker (or its width in spaces on
 * the lines after the first). */
static void
render_prefix(struct render_ctx *c)
{
	int	 i;

	render_line_begin(c);
	for (i = 0; i < c->quote; i++)
		render_line_add(c, "\xe2\x94\x82 ", 4, RENDER_QUOTE, 0);
	for (i = 0; i < c->indent; i++)
		render_line_add(c, " ", 1, 0, 0);
	if (c->first)
		render_line_add(c, c->marker, strlen(c->marker),
		    RENDER_BULLET, 0);
	else
		for (i = 0; i < c->markerw; i++)
			render_line_add(c, " ", 1, 0, 0);
	c->first = 0;
}

/* Add ct[a, b) to the current line, with the styles of the runs it
 * crosses; *ri is the run where the search starts and is left where it
 * ended. */
static void
render_emit_part(struct render_ctx *c, size_t a, size_t b, size_t *ri)
{
	const struct render_runs	*r = &c->cruns;
	size_t				 s, e;

	while (*ri < r->n && r->v[*ri].off + r->v[*ri].len <= a)
		(*ri)++;
	for (; *ri < r->n && r->v[*ri].off < b; (*ri)++) {
		s = r->v[*ri].off > a ? r->v[*ri].off : a;
		e = r->v[*ri].off + r->v[*ri].len;
		if (e > b)
			e = b;
		render_line_add(c, c->ct.data + s, e - s,
		    r->v[*ri].flags | c->base, r->v[*ri].link);
		if (r->v[*ri].off + r->v[*ri].len > b)
			break;
	}
}

/* Emit ct[a, b) as one line. */
static void
render_emit(struct render_ctx *c, size_t a, size_t b, size_t *ri)
{
	int	 w;

	c->srcoff = a;
	render_prefix(c);
	render_emit_part(c, a, b, ri);
	render_line_end(c);
	w = render_width(c->ct.data + a, b - a);
	if (w > c->maxw)
		c->maxw = w;
}

/* May a line break between a and b (neither a space)? */
static int
render_can_break(uint32_t a, uint32_t b)
{
	if (!dl_cp_unspaced(a) && !dl_cp_unspaced(b))
		return 0;
	if (render_in_list(b, render_nostart, sizeof render_nostart /
	    sizeof render_nostart[0]))
		return 0;
	return !render_in_list(a, render_noend, sizeof render_noend /
	    sizeof render_noend[0]);
}

/* Is ct[pos] inside a "[n]" link reference (which sticks to its link)? */
static int
render_is_ref(const struct render_ctx *c, size_t pos, size_t *si)
{
	const struct render_runs	*r = &c->cruns;

	while (*si < r->n && r->v[*si].off + r->v[*si].len <= pos)
		(*si)++;
	return *si < r->n && (r->v[*si].flags & RENDER_LINKREF);
}

/* The greedy line filler's state: the line start, its width, and the
 * last place it may break (the line ends at bend, the next starts at
 * bstart; bw is the width up to bstart). */
struct render_fill {
	size_t	 ls;
	int	 w;
	int	 hasbrk;
	size_t	 bend;
	size_t	 bstart;
	int	 bw;
	size_t	 ri;
	size_t	 si;
};

static void
render_fill_line(struct render_ctx *c, struct render_fill *f, size_t end,
    size_t next, int w)
{
	render_emit(c, f->ls, end, &f->ri);
	f->ls = next;
	f->w = w;
	f->hasbrk = 0;
}

/* A space outside pre: dropped at a line's edges, else a break. */
static void
render_fill_space(struct render_ctx *c, struct render_fill *f, size_t pos,
    size_t n)
{
	if (pos == f->ls) {
		f->ls = pos + n;
	} else if (f->w + 1 > c->avail) {
		render_fill_line(c, f, pos, pos + n, 0);
	} else {
		f->w++;
		f->bend = pos;
		f->bstart = pos + n;
		f->bw = f->w;
		f->hasbrk = 1;
	}
}

/* Break c->ct into lines of at most c->avail columns. */
static void
render_wrap(struct render_ctx *c, int pre)
{
	const char		*s = c->ct.data;
	struct render_fill	 f;
	size_t			 len = c->ct.len, pos = 0, n;
	uint32_t		 cp, prev = 0;
	int			 cw;

	memset(&f, 0, sizeof f);
	while (pos < len) {
		n = dl_utf8_decode(s + pos, len - pos, &cp);
		cw = dl_cp_width(cp);
		if (cp == '\n' || (!pre && cp == ' ')) {
			if (cp == '\n')
				render_fill_line(c, &f, pos, pos + n, 0);
			else
				render_fill_space(c, &f, pos, n);
			prev = cp == '\n' ? 0 : ' ';
			pos += n;
			continue;
		}
		if (!pre && prev != 0 && prev != ' ' && cw > 0 &&
		    render_can_break(prev, cp) && !render_is_ref(c, pos, &f.si)) {
			f.bend = f.bstart = pos;
			f.bw = f.w;
			f.hasbrk = 1;
		}
		if (f.w + cw > c->avail && pos > f.ls) {
			if (f.hasbrk && f.bstart > f.ls)
				render_fill_line(c, &f, f.bend, f.bstart,
				    f.w - f.bw);
			else
				render_fill_line(c, &f, pos, pos, 0);
			continue;	/* look at cp again on the new line */
		}
		f.w += cw;
		if (cw > 0)
			prev = cp;
		pos += n;
	}
	if (pos > f.ls)
		render_emit(c, f.ls, pos, &f.ri);
}

static int
render_link_number(struct render_ctx *c, int url)
{
	struct render_out	*o = c->out;

	if (url < 0 || (size_t)url >= c->doc->nurls)
		return 0;
	if (c->linkno[url] == 0) {
		o->links = dl_reallocarray(o->links, o->nlinks + 1,
		    sizeof *o->links);
		o->links[o->nlinks++] = render_clean(c->doc->urls[url]);
		c->linkno[url] = (int)o->nlinks;
	}
	return c->linkno[url];
}

static void
render_ct_add(struct render_ctx *c, const char *p, size_t n,
    unsigned int flags, int link)
{
	if (n > 0 && dl_buf_add(&c->ct, p, n) == 0)
		render_runs_add(&c->cruns, c->ct.len - n, n, flags, link);
}

/* "[n]" after the last piece of a link's text. */
static void
render_linkref(struct render_ctx *c, const struct html_block *b, size_t si)
{
	const struct html_span	*sp = &b->spans[si];
	char			 ref[32];
	int			 no;

	if (!(sp->flags & HTML_LINK) || (si + 1 < b->nspans &&
	    b->spans[si + 1].url == sp->url))
		return;
	if ((no = render_link_number(c, sp->url)) == 0)
		return;
	snprintf(ref, sizeof ref, "[%d]", no);
	render_ct_add(c, ref, strlen(ref), RENDER_LINKREF, no);
}

static unsigned int
render_span_flags(unsigned int hf)
{
	return ((hf & HTML_BOLD) ? RENDER_BOLD : 0) |
	    ((hf & HTML_ITALIC) ? RENDER_ITALIC : 0) |
	    ((hf & HTML_CODE) ? RENDER_CODE : 0) |
	    ((hf & HTML_LINK) ? RENDER_LINK : 0);
}

/* One clean code point into ct; tabs go to stops of 8 in pre. */
static void
render_ct_cp(struct render_ctx *c, uint32_t cp, const struct html_span *sp,
    int pre, int *col)
{
	char		 u[4];
	unsigned int	 flags = 0;
	int		 link = 0;

	if (sp != NULL) {
		flags = render_span_flags(sp->flags);
		if (sp->flags & HTML_LINK)
			link = render_link_number(c, sp->url);
	}
	if (cp == '\t') {
		do
			render_ct_add(c, " ", 1, flags, link);
		while (pre && ++*col % RENDER_TAB != 0);
		return;
	}
	*col = cp == '\n' ? 0 : *col + dl_cp_width(cp);
	render_ct_add(c, u, dl_utf8_encode(cp, u), flags, link);
}

/* A block's text cleaned into c->ct, styles in c->cruns, "[n]" after
 * links. Returns the number of bytes of text. */
static size_t
render_block_text(struct render_ctx *c, const struct html_block *b)
{
	struct render_dec	 d;
	int64_t			 cp;
	size_t			 at, si = 0;
	int			 col = 0, pre = b->kind == HTML_PRE;

	dl_buf_reset(&c->ct);
	c->cruns.n = 0;
	if (b->kind == HTML_RULE)
		return 0;
	if (b->kind == HTML_IMAGE)
		render_ct_add(c, "[image", 6, RENDER_IMAGE, 0);
	d.s = b->text;
	d.len = b->len;
	d.i = 0;
	if (b->kind == HTML_IMAGE && b->len > 0)
		render_ct_add(c, ": ", 2, RENDER_IMAGE, 0);
	while ((cp = render_dec_next(&d, &at)) != -1) {
		while (si + 1 < b->nspans &&
		    at >= b->spans[si].off + b->spans[si].len)
			render_linkref(c, b, si++);
		if (b->kind == HTML_IMAGE && (cp == '\n' || cp == '\t'))
			cp = ' ';
		render_ct_cp(c, (uint32_t)cp, b->kind == HTML_IMAGE ||
		    si >= b->nspans ? NULL : &b->spans[si], pre, &col);
	}
	if (si < b->nspans)
		render_linkref(c, b, si);
	if (b->kind == HTML_IMAGE) {
		c->cruns.v[0].flags |= RENDER_IMAGE;
		render_ct_add(c, "]", 1, RENDER_IMAGE, 0);
	}
	return c->ct.len;
}

/* The text column of list depth d, inventing one for a block that
 * continues a list whose marker was never shown. */
static int
render_col(struct render_ctx *c, int d)
{
	if (d == 0)
		return 0;
	if (c->cols[d] < 0)
		c->cols[d] = render_col(c, d - 1) + 2;
	return c->cols[d];
}

static void
render_marker(struct render_ctx *c, const struct html_block *b, int depth)
{
	static const char *const bullets[] = { "\xe2\x80\xa2 ",
	    "\xe2\x97\xa6 ", "\xe2\x96\xaa " };
	int	 i;

	if (b->number != 0)
		snprintf(c->marker, sizeof c->marker, "%d. ", b->number);
	else
		snprintf(c->marker, sizeof c->marker, "%s",
		    bullets[depth > 3 ? 2 : depth - 1]);
	c->markerw = render_width(c->marker, strlen(c->marker));
	c->indent = render_col(c, depth - 1);
	c->cols[depth] = c->indent + c->markerw;
	for (i = depth + 1; i <= RENDER_MAX_DEPTH; i++)
		c->cols[i] = -1;
	c->first = 1;
}

/* Quote bars, indentation and marker of a block; what is left is the
 * text's width. The prefix never takes more than half the width. */
static void
render_indent(struct render_ctx *c, const struct html_block *b)
{
	int	 depth = b->list > RENDER_MAX_DEPTH ? RENDER_MAX_DEPTH : b->list;
	int	 i;

	c->quote = b->quote > 8 ? 8 : b->quote;
	c->indent = c->markerw = c->first = 0;
	c->marker[0] = '\0';
	if (depth == 0)
		for (i = 1; i <= RENDER_MAX_DEPTH; i++)
			c->cols[i] = -1;
	else if (b->marker)
		render_marker(c, b, depth);
	else
		c->indent = render_col(c, depth);
	while (2 * c->quote + c->indent + c->markerw > c->width / 2) {
		if (c->indent > 0)
			c->indent--;
		else if (c->quote > 0)
			c->quote--;
		else
			break;
	}
	c->avail = c->width - 2 * c->quote - c->indent - c->markerw;
}

static void
render_repeat(struct render_ctx *c, const char *s, int n, unsigned int fl)
{
	int	 i;

	c->srcoff = c->ct.len;	/* an underline: after the text */
	render_prefix(c);
	for (i = 0; i < n; i++)
		render_line_add(c, s, strlen(s), fl, 0);
	render_line_end(c);
}

static void
render_block(struct render_ctx *c, const struct html_block *b)
{
	static const char *const under[] = { "\xe2\x95\x90", "\xe2\x94\x80",
	    "\xe2\x94\x84" };

	render_indent(c, b);
	c->maxw = 0;
	c->base = b->kind == HTML_HEADING ? RENDER_HEADING :
	    b->kind == HTML_PRE ? RENDER_PRE : 0;
	if (b->kind == HTML_RULE) {
		render_repeat(c, under[1], c->avail, RENDER_RULE);
		return;
	}
	render_wrap(c, b->kind == HTML_PRE);
	if (b->kind == HTML_HEADING)
		render_repeat(c, under[b->level <= 1 ? 0 : b->level == 2 ?
		    1 : 2], c->maxw, RENDER_HEADING);
}

/* --- Tables ------------------------------------------------------------- */

/* Most columns laid out as a table; wider tables go row by row. */
#define RENDER_TABLE_COLS	32

/* A table's column widths. */
struct render_table {
	int	 colw[RENDER_TABLE_COLS];
	size_t	 ncols;
};

/* A cell [a, e) into start and end, unless there are too many. */
static void
render_cell_add(size_t *start, size_t *end, size_t *n, size_t a, size_t e)
{
	if (*n < RENDER_TABLE_COLS) {
		start[*n] = a;
		end[*n] = e;
	}
	(*n)++;
}

/* The cells of a table row's text d (len bytes, NUL-terminated), split
 * at HTML_CELL_SEP; a separator at the very end, its space trimmed with
 * the row's, still ends a cell. Their starts and ends, at most
 * RENDER_TABLE_COLS; returns the count (RENDER_TABLE_COLS + 1 when there
 * are more), 0 when every cell is empty. */
static size_t
render_row_cells(const char *d, size_t len, size_t *start, size_t *end)
{
	const size_t	 sl = strlen(HTML_CELL_SEP);
	const char	*p;
	size_t		 n = 0, at = 0, k, e;

	while (n <= RENDER_TABLE_COLS) {
		p = strstr(d + at, HTML_CELL_SEP);
		e = p != NULL ? (size_t)(p - d) : len;
		if (p == NULL && len >= at + sl - 1 &&
		    memcmp(d + len - (sl - 1), HTML_CELL_SEP, sl - 1) == 0) {
			render_cell_add(start, end, &n, at, len - (sl - 1));
			render_cell_add(start, end, &n, len, len);
			break;
		}
		render_cell_add(start, end, &n, at, e);
		if (p == NULL)
			break;
		at = e + sl;
	}
	for (k = 0; k < n && k < RENDER_TABLE_COLS; k++)
		if (end[k] > start[k])
			return n;
	return 0;
}

/* The cells of the row in c->ct, as render_row_cells. */
static size_t
render_cells(const struct render_ctx *c, size_t *start, size_t *end)
{
	if (c->ct.len == 0)
		return 0;
	return render_row_cells(c->ct.data, c->ct.len, start, end);
}

/* The widest cell of each column of rows; 0 if the table fits in the
 * width left by the first row's indentation, -1 if it cannot be laid
 * out as a table (too wide, too many columns, a line break in a cell). */
static int
render_table_measure(struct render_ctx *c, const struct html_block *rows,
    size_t n, struct render_table *t)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS], i, k, nc;
	int	 w, total = 0;

	memset(t, 0, sizeof *t);
	render_indent(c, &rows[0]);
	for (i = 0; i < n; i++) {
		render_block_text(c, &rows[i]);
		nc = render_cells(c, start, end);
		if (nc > RENDER_TABLE_COLS || (c->ct.len > 0 &&
		    memchr(c->ct.data, '\n', c->ct.len) != NULL))
			return -1;
		for (k = 0; k < nc; k++) {
			w = render_width(c->ct.data + start[k],
			    end[k] - start[k]);
			if (w > t->colw[k])
				t->colw[k] = w;
		}
		if (nc > t->ncols)
			t->ncols = nc;
	}
	for (k = 0; k < t->ncols; k++)
		total += t->colw[k] + (k > 0 ? 3 : 0);
	return total <= c->avail ? 0 : -1;
}

/* One row in the table's columns: each cell padded to its column's
 * width, but the last. */
static void
render_table_row(struct render_ctx *c, const struct html_block *b,
    const struct render_table *t)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS], k, nc;
	size_t	 ri = 0;
	int	 w;

	render_block_text(c, b);
	if ((nc = render_cells(c, start, end)) == 0)
		return;
	render_indent(c, b);
	c->base = 0;
	c->srcoff = 0;
	render_prefix(c);
	for (k = 0; k < nc; k++) {
		render_emit_part(c, start[k], end[k], &ri);
		if (k + 1 == nc)
			break;
		w = render_width(c->ct.data + start[k], end[k] - start[k]);
		for (; w < t->colw[k]; w++)
			render_line_add(c, " ", 1, 0, 0);
		render_emit_part(c, end[k], start[k + 1], &ri);
	}
	render_line_end(c);
}

/* The table whose first row is doc block i: the rows that follow with
 * the same quote and list depth, in aligned columns when they fit, else
 * each row on lines of its own. Returns the number of blocks used. */
static size_t
render_table(struct render_ctx *c, size_t i)
{
	const struct html_block	*rows = &c->doc->blocks[i];
	struct render_table	 t;
	size_t			 n = 1, k;

	while (i + n < c->doc->nblocks && rows[n].kind == HTML_ROW &&
	    rows[n].quote == rows[0].quote && rows[n].list == rows[0].list)
		n++;
	if (render_table_measure(c, rows, n, &t) == 0) {
		for (k = 0; k < n; k++) {
			c->blockno = i + k;
			render_table_row(c, &rows[k], &t);
		}
		return n;
	}
	for (k = 0; k < n; k++) {
		c->blockno = i + k;
		c->srcoff = 0;
		if (render_block_text(c, &rows[k]) > 0)
			render_block(c, &rows[k]);
	}
	return n;
}

static void
render_finish(struct render_out *o)
{
	size_t	 i, end, rend;

	o->lines = dl_reallocarray(NULL, o->nlines, sizeof *o->lines);
	for (i = 0; i < o->nlines; i++) {
		struct render_line *l = &o->lines[i];

		end = i + 1 < o->nlines ? o->loff[i + 1] : o->text.len;
		rend = i + 1 < o->nlines ? o->roff[i + 1] : o->runs.n;
		l->text = o->text.data + o->loff[i];
		l->len = end - o->loff[i] - 1;
		l->width = render_width(l->text, l->len);
		l->runs = o->runs.v + o->roff[i];
		l->nruns = rend - o->roff[i];
		l->block = o->lblock[i];
		l->off = o->lsrc[i];
	}
}

struct render_out *
render_doc(const struct html_doc *doc, const struct render_opts *opts)
{
	struct render_ctx		 c;
	const struct html_block		*b, *prev = NULL;
	size_t				 i;

	memset(&c, 0, sizeof c);
	c.doc = doc;
	c.out = dl_calloc(1, sizeof *c.out);
	dl_buf_init(&c.out->text, RENDER_CAP);
	dl_buf_init(&c.ct, RENDER_CAP);
	c.width = opts != NULL && opts->width > RENDER_MIN_WIDTH ?
	    opts->width : RENDER_MIN_WIDTH;
	c.linkno = dl_calloc(doc->nurls + 1, sizeof *c.linkno);
	for (i = 0; i <= RENDER_MAX_DEPTH; i++)
		c.cols[i] = i == 0 ? 0 : -1;
	for (i = 0; i < doc->nblocks; i++) {
		b = &doc->blocks[i];
		if (render_block_text(&c, b) == 0 && b->kind != HTML_RULE)
			continue;
		c.blockno = i;
		c.srcoff = 0;
		if (prev != NULL && !(prev->list > 0 && b->list > 0) &&
		    !(prev->kind == HTML_ROW && b->kind == HTML_ROW))
			render_line_blank(&c, prev->quote < b->quote ?
			    prev->quote : b->quote);
		if (b->kind == HTML_ROW) {
			i += render_table(&c, i) - 1;
			prev = &doc->blocks[i];
			continue;
		}
		render_block(&c, b);
		prev = b;
	}
	render_finish(c.out);
	dl_buf_clear(&c.ct);
	free(c.cruns.v);
	free(c.linkno);
	return c.out;
}

void
render_out_free(struct render_out *o)
{
	size_t	 i;

	if (o == NULL)
		return;
	for (i = 0; i < o->nlinks; i++)
		free(o->links[i]);
	free(o->links);
	free(o->lines);
	free(o->loff);
	free(o->roff);
	free(o->lblock);
	free(o->lsrc);
	free(o->runs.v);
	dl_buf_clear(&o->text);
	free(o);
}

size_t
render_out_nlines(const struct render_out *o)
{
	return o->nlines;
}

const struct render_line *
render_out_line(const struct render_out *o, size_t i)
{
	return i < o->nlines ? &o->lines[i] : NULL;
}

size_t
render_out_find(const struct render_out *o, size_t block, size_t off)
{
	size_t	 lo = 0, hi = o->nlines, mid;

	/* The lines are in (block, off) order: the last one not after. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (o->lines[mid].block < block || (o->lines[mid].block ==
		    block && o->lines[mid].off <= off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? lo - 1 : 0;
}

size_t
render_out_nlinks(const struct render_out *o)
{
	return o->nlinks;
}

const char *
render_out_link(const struct render_out *o, size_t n)
{
	return n >= 1 && n <= o->nlinks ? o->links[n - 1] : NULL;
}

char *
render_out_text(const struct render_out *o)
{
	struct dl_buf	 b;
	size_t		 i;

	dl_buf_init(&b, RENDER_CAP);
	for (i = 0; i < o->nlines; i++) {
		dl_buf_add(&b, o->lines[i].text, o->lines[i].len);
		dl_buf_addc(&b, '\n');
	}
	if (o->nlinks > 0)
		dl_buf_addc(&b, '\n');
	for (i = 0; i < o->nlinks; i++)
		dl_buf_addf(&b, "[%zu] %s\n", i + 1, o->links[i]);
	return dl_buf_take(&b);
}

char *
render_html_to_text(const char *html, const char *base, int width)
{
	struct html_doc		*doc;
	struct render_out	*out;
	struct render_opts	 opts;
	char			*text;

	if (html == NULL)
		html = "";
	doc = html_doc_parse(html, strlen(html), base);
	memset(&opts, 0, sizeof opts);
	opts.width = width;
	out = render_doc(doc, &opts);
	html_doc_free(doc);
	text = render_out_text(out);
	render_out_free(out);
	return text;
}

/* --- Markdown ---------------------------------------------------------------- */

/* Markdown being written from one document. */
struct render_md {
	struct dl_buf		 out;
	const struct html_doc	*doc;
	int			*num;	/* per doc URL: its [n], 0 if unused */
	size_t			*order;	/* doc URL of [1], [2], ... */
	int			 nrefs;
	char			 prefix[128];	/* quote marks and indent */
	int			 bol;	/* at the start of a line */
	int			 oneline; /* a heading: no line breaks */
	int			 cell;	/* in a table cell: escape '|' */
};

/* Text that would start a block at the start of a line: "#", "- ",
 * "1." and the like; 0 or the offset of the character to escape. */
static int
render_md_line_start(const char *s, size_t n, size_t *at)
{
	size_t	 i = 0;

	if (n > 0 && strchr("#+-=>", s[0]) != NULL) {
		*at = 0;
		return 1;
	}
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i < n && (s[i] == '.' || s[i] == ')')) {
		*at = i;
		return 1;
	}
	return 0;
}

/* Clean text (NUL-terminated) escaped for Markdown. */
static void
render_md_escape(struct render_md *m, const char *s)
{
	size_t	 i, at = 0, n = strlen(s);
	int	 lead = 0;

	if (m->bol) {
		while (*s == ' ')
			s++, n--;
		lead = render_md_line_start(s, n, &at);
	}
	for (i = 0; i < n; i++) {
		if ((lead && i == at) || strchr("\\`*_[]<>", s[i]) != NULL ||
		    (m->cell && s[i] == '|'))
			dl_buf_addc(&m->out, '\\');
		dl_buf_addc(&m->out, s[i]);
	}
	if (n > 0)
		m->bol = 0;
}

/* n bytes of a block's text: cleaned of control characters, escaped, a
 * "\n" (a <br>) turned into a hard line break, or a space in a heading. */
static void
render_md_text(struct render_md *m, const char *p, size_t n, int code)
{
	const char	*nl;
	char		*piece, *clean;
	size_t		 len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		piece = dl_strndup(p, len);
		clean = render_clean(piece);
		if (code)
			dl_buf_adds(&m->out, clean);
		else
			render_md_escape(m, clean);
		free(piece);
		free(clean);
		if (nl == NULL)
			break;
		if (m->oneline || code)
			dl_buf_addc(&m->out, ' ');
		else {
			dl_buf_addf(&m->out, "\\\n%s", m->prefix);
			m->bol = 1;
		}
		p += len + 1;
		n -= len + 1;
	}
}

/* A code span: a fence of backticks longer than any run inside. */
static void
render_md_code(struct render_md *m, const char *p, size_t n)
{
	size_t	 i, run = 0, most = 0;
	int	 pad = n > 0 && (p[0] == '`' || p[n - 1] == '`');

	for (i = 0; i < n; i++) {
		run = p[i] == '`' ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	for (i = 0; i <= most; i++)
		dl_buf_addc(&m->out, '`');
	if (pad)
		dl_buf_addc(&m->out, ' ');
	render_md_text(m, p, n, 1);
	if (pad)
		dl_buf_addc(&m->out, ' ');
	for (i = 0; i <= most; i++)
		dl_buf_addc(&m->out, '`');
	m->bol = 0;
}

/* One styled run; emphasis markers hug the text (CommonMark wants no
 * space inside them), the spaces go outside. */
static void
render_md_styled(struct render_md *m, const char *p, size_t n, unsigned int flags)
{
	const char	*mark = (flags & HTML_BOLD) && (flags & HTML_ITALIC) ?
	    "***" : (flags & HTML_BOLD) ? "**" : (flags & HTML_ITALIC) ?
	    "*" : "";
	size_t		 lead = 0, trail = 0;

	while (lead < n && p[lead] == ' ')
		lead++;
	while (trail < n - lead && p[n - 1 - trail] == ' ')
		trail++;
	if (lead == n)
		mark = "";
	render_md_text(m, p, lead, 0);
	if (flags & HTML_CODE)
		render_md_code(m, p + lead, n - lead - trail);
	else {
		dl_buf_adds(&m->out, mark);
		render_md_text(m, p + lead, n - lead - trail, 0);
		dl_buf_adds(&m->out, mark);
	}
	render_md_text(m, p + n - trail, trail, 0);
}

/* The reference number of doc URL u, given in order of first use. */
static int
render_md_ref(struct render_md *m, int u)
{
	if (m->num[u] == 0) {
		m->order[m->nrefs] = (size_t)u;
		m->num[u] = ++m->nrefs;
	}
	return m->num[u];
}

/* The spans of a block; a link over several spans is one [text][n]. */
static void
render_md_spans(struct render_md *m, const struct html_block *b)
{
	const struct html_span	*sp;
	size_t			 i;
	int			 prev = -1, next;

	for (i = 0; i < b->nspans; i++) {
		sp = &b->spans[i];
		if (sp->url >= 0 && sp->url != prev) {
			/* "![" would open an image. */
			if (m->out.len > 0 && m->out.data[m->out.len - 1] ==
			    '!') {
				m->out.len--;
				dl_buf_adds(&m->out, "\\!");
			}
			dl_buf_addc(&m->out, '[');
			m->bol = 0;
		}
		render_md_styled(m, b->text + sp->off, sp->len,
		    sp->flags & ~HTML_LINK);
		next = i + 1 < b->nspans ? b->spans[i + 1].url : -1;
		if (sp->url >= 0 && sp->url != next)
			dl_buf_addf(&m->out, "][%d]", render_md_ref(m, sp->url));
		prev = sp->url;
	}
}

/* A preformatted block as an indented code block, line by line. */
static void
render_md_pre(struct render_md *m, const struct html_block *b)
{
	const char	*p = b->text, *nl;
	size_t		 n = b->len, len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		dl_buf_adds(&m->out, "    ");
		render_md_text(m, p, len, 1);
		if (nl == NULL)
			break;
		dl_buf_addf(&m->out, "\n%s", m->prefix);
		p += len + 1;
		n -= len + 1;
	}
}

/* The quote marks and list indent of a block's lines into m->prefix;
 * the list marker (written on the first line only) into marker. */
static void
render_md_prefix(struct render_md *m, const struct html_block *b, char *marker,
    size_t size)
{
	int	 i, indent = b->list;
	size_t	 o = 0;

	m->prefix[0] = marker[0] = '\0';
	for (i = 0; i < b->quote && o + 3 < sizeof m->prefix; i++)
		o += (size_t)snprintf(m->prefix + o, sizeof m->prefix - o,
		    "> ");
	if (b->list > 0 && b->marker) {
		indent = b->list - 1;
		if (b->number > 0)
			snprintf(marker, size, "%d. ", b->number);
		else
			snprintf(marker, size, "- ");
	}
	for (i = 0; i < indent && o + 5 < sizeof m->prefix; i++)
		o += (size_t)snprintf(m->prefix + o, sizeof m->prefix - o,
		    "    ");
}

static void
render_md_block(struct render_md *m, const struct html_block *b,
    const struct html_block *prev)
{
	char	 marker[32];
	int	 level;

	render_md_prefix(m, b, marker, sizeof marker);
	if (prev != NULL)
		dl_buf_adds(&m->out, prev->list > 0 && b->list > 0 &&
		    b->marker ? "\n" : "\n\n");
	dl_buf_adds(&m->out, m->prefix);
	dl_buf_adds(&m->out, marker);
	m->bol = 1;
	m->oneline = 0;
	switch (b->kind) {
	case HTML_HEADING:
		level = b->level < 2 ? 2 : b->level > 6 ? 6 : b->level;
		dl_buf_addf(&m->out, "%.*s ", level, "######");
		m->oneline = 1;
		m->bol = 0;
		render_md_spans(m, b);
		break;
	case HTML_PRE:
		render_md_pre(m, b);
		break;
	case HTML_IMAGE:
		dl_buf_adds(&m->out, "\\[image: ");
		m->bol = 0;
		render_md_text(m, b->text, b->len, 0);
		dl_buf_adds(&m->out, "\\]");
		break;
	case HTML_RULE:
		dl_buf_adds(&m->out, "* * *");
		break;
	default:
		render_md_spans(m, b);
	}
}

/* Cell [a, e) of row b as a block of its own, its spans clipped to it
 * (the caller frees cell->spans). */
static void
render_md_cell_block(const struct html_block *b, size_t a, size_t e,
    struct html_block *cell)
{
	size_t	 i, s, t;

	*cell = *b;
	cell->text = b->text + a;
	cell->len = e - a;
	cell->spans = dl_reallocarray(NULL, b->nspans + 1,
	    sizeof *cell->spans);
	cell->nspans = 0;
	for (i = 0; i < b->nspans; i++) {
		s = b->spans[i].off > a ? b->spans[i].off : a;
		t = b->spans[i].off + b->spans[i].len;
		if (t > e)
			t = e;
		if (s >= t)
			continue;
		cell->spans[cell->nspans] = b->spans[i];
		cell->spans[cell->nspans].off = s - a;
		cell->spans[cell->nspans++].len = t - s;
	}
}

/* One table row as "| a | b |", padded with empty cells to ncols. */
static void
render_md_row(struct render_md *m, const struct html_block *b, size_t ncols)
{
	struct html_block	 cell;
	size_t			 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS];
	size_t			 k, nc;

	nc = render_row_cells(b->text, b->len, start, end);
	m->oneline = m->cell = 1;
	m->bol = 0;
	dl_buf_adds(&m->out, "|");
	for (k = 0; k < ncols; k++) {
		dl_buf_adds(&m->out, " ");
		if (k < nc) {
			render_md_cell_block(b, start[k], end[k], &cell);
			render_md_spans(m, &cell);
			free(cell.spans);
		}
		dl_buf_adds(&m->out, " |");
	}
	m->oneline = m->cell = 0;
}

/* The cells of a row; 0 if all are empty, RENDER_TABLE_COLS + 1 if too
 * many. */
static size_t
render_md_ncells(const struct html_block *b)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS];

	return render_row_cells(b->text, b->len, start, end);
}

/* The table whose first row is block i of the document, as a GFM table:
 * the first row is the header, then "| --- |" per column. Returns the
 * number of rows. */
static size_t
render_md_table(struct render_md *m, size_t i, const struct html_block *prev)
{
	const struct html_block	*rows = &m->doc->blocks[i];
	size_t			 n = 1, k, c, ncols = render_md_ncells(rows);
	char			 marker[32];

	while (i + n < m->doc->nblocks && rows[n].kind == HTML_ROW &&
	    rows[n].quote == rows[0].quote && rows[n].list == rows[0].list) {
		if (render_md_ncells(&rows[n]) > ncols)
			ncols = render_md_ncells(&rows[n]);
		n++;
	}
	if (ncols > RENDER_TABLE_COLS || ncols == 0) {
		/* Too wide for a table (or empty): row after row. */
		for (k = 0; k < n; k++)
			render_md_block(m, &rows[k], k > 0 ? &rows[k - 1] :
			    prev);
		return n;
	}
	render_md_prefix(m, rows, marker, sizeof marker);
	if (prev != NULL)
		dl_buf_adds(&m->out, "\n\n");
	for (k = 0; k < n; k++) {
		if (k > 0 && render_md_ncells(&rows[k]) == 0)
			continue;	/* a row of empty cells */
		dl_buf_addf(&m->out, "%s%s%s", k > 0 ? "\n" : "", m->prefix,
		    k == 0 ? marker : "");
		render_md_row(m, &rows[k], ncols);
		if (k > 0)
			continue;
		dl_buf_addf(&m->out, "\n%s|", m->prefix);
		for (c = 0; c < ncols; c++)
			dl_buf_adds(&m->out, " --- |");
	}
	return n;
}

/* A URL for "<...>": cleaned, with the characters that would end it
 * (space, < and >) percent-encoded. */
static void
render_md_url(struct dl_buf *b, const char *url)
{
	char	*c = render_clean(url), *p;

	for (p = c; *p != '\0'; p++) {
		if (*p == ' ' || *p == '<' || *p == '>')
			dl_buf_addf(b, "%%%02X", (unsigned char)*p);
		else
			dl_buf_addc(b, *p);
	}
	free(c);
}

/* The story's document. A leading heading that repeats the title (pages
 * often put their headline inside the article) is dropped: the header
 * shows the title already. The caller frees it (html_doc_free). */
static struct html_doc *
render_md_doc(const char *title, const char *html, const char *base)
{
	struct html_doc		*doc;

	doc = html_doc_parse(html, html != NULL ? strlen(html) : 0, base);
	html_doc_drop_title(doc, title);
	return doc;
}

/* The body of the story as Markdown, then its link list. */
static void
render_md_body(struct dl_buf *out, const struct render_md_head *h,
    const char *html, const char *base)
{
	struct render_md	 m;
	size_t		 i;

	memset(&m, 0, sizeof m);
	m.out = *out;
	m.doc = render_md_doc(h->title, html, base);
	m.num = dl_calloc(m.doc->nurls + 1, sizeof *m.num);
	m.order = dl_calloc(m.doc->nurls + 1, sizeof *m.order);
	for (i = 0; i < m.doc->nblocks; i++) {
		if (m.doc->blocks[i].kind == HTML_ROW)
			i += render_md_table(&m, i, i > 0 ?
			    &m.doc->blocks[i - 1] : NULL) - 1;
		else
			render_md_block(&m, &m.doc->blocks[i], i > 0 ?
			    &m.doc->blocks[i - 1] : NULL);
	}
	dl_buf_adds(&m.out, "\n");
	if (m.nrefs > 0)
		dl_buf_adds(&m.out, "\n");
	for (i = 0; i < (size_t)m.nrefs; i++) {
		dl_buf_addf(&m.out, "[%zu]: <", i + 1);
		render_md_url(&m.out, m.doc->urls[m.order[i]]);
		dl_buf_adds(&m.out, ">\n");
	}
	*out = m.out;
	free(m.num);
	free(m.order);
	html_doc_free((struct html_doc *)m.doc);
}

/* Plain text (may be NULL) cleaned and escaped, as one line. */
static void
render_md_plain(struct dl_buf *out, const char *s)
{
	struct render_md	 m;

	memset(&m, 0, sizeof m);
	m.out = *out;
	m.oneline = 1;
	if (s != NULL)
		render_md_text(&m, s, strlen(s), 0);
	*out = m.out;
}

/* The header: title, byline and date, source. */
static void
render_md_header(struct dl_buf *b, const struct render_md_head *h)
{
	dl_buf_adds(b, "# ");
	render_md_plain(b, h->title != NULL ? h->title : "(no title)");
	dl_buf_adds(b, "\n\n");
	if (h->author != NULL && h->author[0] != '\0') {
		dl_buf_adds(b, "By ");
		render_md_plain(b, h->author);
		dl_buf_adds(b, " \xc2\xb7 ");
	}
	render_md_plain(b, h->feed);
	if (h->date != NULL && h->date[0] != '\0')
		dl_buf_addf(b, " \xc2\xb7 %s", h->date);
	dl_buf_adds(b, "\n\n");
	if (h->link != NULL) {
		dl_buf_adds(b, "Source: <");
		render_md_url(b, h->link);
		dl_buf_adds(b, ">\n\n");
	}
}

char *
render_markdown(const struct render_md_head *h, const char *html,
    const char *base)
{
	struct dl_buf	 b;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	render_md_header(&b, h);
	render_md_body(&b, h, html, base);
	return dl_buf_take(&b);
}

/* --- File names ------------------------------------------------------------ */

/* Most bytes of a slug, before ".md". */
#define RENDER_SLUG_MAX	80

/* A file name stem from a title: ASCII letters (lower-cased) and digits
 * and CJK letters kept, every other run of characters one '-', none at
 * either end, at most RENDER_SLUG_MAX bytes (cut between characters);
 * "story-ID" when nothing is left. It can hold no '/' and no '.', so it
 * is never a path. Allocated. */
char *
render_slug(const char *title, int64_t id)
{
	struct dl_buf	 b;
	uint32_t	 cp;
	size_t		 i, n, need, len;
	int		 dash = 0;

	dl_buf_init(&b, RENDER_SLUG_MAX + 1);
	len = title != NULL ? strlen(title) : 0;
	for (i = 0; i < len; i += n) {
		/* A malformed byte is U+FFFD: a separator. */
		n = dl_utf8_decode(title + i, len - i, &cp);
		if (cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10))
			need = 1;
		else if (dl_cp_cjk(cp) != DL_CJK_NONE)
			need = n;
		else {
			dash = b.len > 0;
			continue;
		}
		if (b.len + (size_t)dash + need > RENDER_SLUG_MAX)
			break;
		if (dash)
			dl_buf_addc(&b, '-');
		dash = 0;
		if (need == 1)
			dl_buf_addc(&b, (char)(cp >= 'A' && cp <= 'Z' ?
			    cp + 32 : cp));
		else
			dl_buf_add(&b, title + i, n);
	}
	if (b.len == 0)
		dl_buf_addf(&b, "story-%" PRId64, id);
	return dl_buf_take(&b);
}
