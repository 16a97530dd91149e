/* render.c: the layout of html_ documents into terminal lines: blocks
 * walked in order, their text cleaned (render_clean.c) and wrapped at a
 * display width (spaces for Latin and Korean; any character boundary for
 * Chinese and Japanese, with simple kinsoku shori), quote bars, list
 * markers, headings' underlines, link numbers; tables are laid out by
 * render_table.c, Markdown export is render_md.c. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "html.h"
#include "render.h"
#include "render/render_int.h"

#define RENDER_MIN_WIDTH	8
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
void
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

void
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
void
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
void
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
size_t
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
void
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

void
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
