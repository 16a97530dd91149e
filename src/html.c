/* html.c: the HTML document model: a gumbo tree walked into blocks of
 * styled text, with white space collapsed as CSS 2.1 "white-space: normal"
 * does and the parts a reader never sees (scripts, forms, hidden
 * elements) left out. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "html.h"
#include "url.h"

/* Deeper subtrees are dropped: the walk is recursive. */
#define HTML_MAX_DEPTH	1000
#define HTML_TEXT_CAP	(256u * 1024 * 1024)

/* What an element does to the document. */
enum html_role {
	HTML_R_INLINE = 0,	/* walk the children in the current block */
	HTML_R_DROP,		/* never shown */
	HTML_R_BLOCK,		/* starts and ends a block */
	HTML_R_BOLD,
	HTML_R_ITALIC,
	HTML_R_CODE,
	HTML_R_LINK,
	HTML_R_BR,
	HTML_R_IMG,
	HTML_R_HR,
	HTML_R_HEADING,
	HTML_R_LIST,
	HTML_R_ITEM,
	HTML_R_DT,
	HTML_R_DD,
	HTML_R_QUOTE,
	HTML_R_PRE,
	HTML_R_ROW,
	HTML_R_CELL
};

static const unsigned char html_roles[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_HEAD] = HTML_R_DROP,
	[GUMBO_TAG_TITLE] = HTML_R_DROP,
	[GUMBO_TAG_SCRIPT] = HTML_R_DROP,
	[GUMBO_TAG_STYLE] = HTML_R_DROP,
	[GUMBO_TAG_TEMPLATE] = HTML_R_DROP,
	[GUMBO_TAG_NOSCRIPT] = HTML_R_DROP,
	[GUMBO_TAG_INPUT] = HTML_R_DROP,
	[GUMBO_TAG_BUTTON] = HTML_R_DROP,
	[GUMBO_TAG_SELECT] = HTML_R_DROP,
	[GUMBO_TAG_TEXTAREA] = HTML_R_DROP,
	[GUMBO_TAG_IFRAME] = HTML_R_DROP,
	[GUMBO_TAG_FRAMESET] = HTML_R_DROP,
	[GUMBO_TAG_SVG] = HTML_R_DROP,
	[GUMBO_TAG_MATH] = HTML_R_DROP,
	[GUMBO_TAG_OBJECT] = HTML_R_DROP,
	[GUMBO_TAG_EMBED] = HTML_R_DROP,
	[GUMBO_TAG_CANVAS] = HTML_R_DROP,
	[GUMBO_TAG_VIDEO] = HTML_R_DROP,
	[GUMBO_TAG_AUDIO] = HTML_R_DROP,
	[GUMBO_TAG_MAP] = HTML_R_DROP,
	[GUMBO_TAG_DATALIST] = HTML_R_DROP,
	[GUMBO_TAG_P] = HTML_R_BLOCK,
	[GUMBO_TAG_DIV] = HTML_R_BLOCK,
	[GUMBO_TAG_SECTION] = HTML_R_BLOCK,
	[GUMBO_TAG_ARTICLE] = HTML_R_BLOCK,
	[GUMBO_TAG_MAIN] = HTML_R_BLOCK,
	[GUMBO_TAG_HEADER] = HTML_R_BLOCK,
	[GUMBO_TAG_FOOTER] = HTML_R_BLOCK,
	[GUMBO_TAG_ASIDE] = HTML_R_BLOCK,
	[GUMBO_TAG_NAV] = HTML_R_BLOCK,
	[GUMBO_TAG_FIGURE] = HTML_R_BLOCK,
	[GUMBO_TAG_FIGCAPTION] = HTML_R_BLOCK,
	[GUMBO_TAG_ADDRESS] = HTML_R_BLOCK,
	[GUMBO_TAG_DETAILS] = HTML_R_BLOCK,
	[GUMBO_TAG_SUMMARY] = HTML_R_BLOCK,
	[GUMBO_TAG_CENTER] = HTML_R_BLOCK,
	[GUMBO_TAG_FIELDSET] = HTML_R_BLOCK,
	/* Not dropped: ASP.NET pages wrap the whole page in one form. */
	[GUMBO_TAG_FORM] = HTML_R_BLOCK,
	[GUMBO_TAG_LABEL] = HTML_R_DROP,
	[GUMBO_TAG_OPTION] = HTML_R_DROP,
	[GUMBO_TAG_HGROUP] = HTML_R_BLOCK,
	[GUMBO_TAG_TABLE] = HTML_R_BLOCK,
	[GUMBO_TAG_CAPTION] = HTML_R_BLOCK,
	[GUMBO_TAG_BODY] = HTML_R_BLOCK,
	[GUMBO_TAG_DL] = HTML_R_BLOCK,
	[GUMBO_TAG_B] = HTML_R_BOLD,
	[GUMBO_TAG_STRONG] = HTML_R_BOLD,
	[GUMBO_TAG_I] = HTML_R_ITALIC,
	[GUMBO_TAG_EM] = HTML_R_ITALIC,
	[GUMBO_TAG_CITE] = HTML_R_ITALIC,
	[GUMBO_TAG_DFN] = HTML_R_ITALIC,
	[GUMBO_TAG_VAR] = HTML_R_ITALIC,
	[GUMBO_TAG_CODE] = HTML_R_CODE,
	[GUMBO_TAG_KBD] = HTML_R_CODE,
	[GUMBO_TAG_SAMP] = HTML_R_CODE,
	[GUMBO_TAG_TT] = HTML_R_CODE,
	[GUMBO_TAG_A] = HTML_R_LINK,
	[GUMBO_TAG_BR] = HTML_R_BR,
	[GUMBO_TAG_IMG] = HTML_R_IMG,
	[GUMBO_TAG_HR] = HTML_R_HR,
	[GUMBO_TAG_H1] = HTML_R_HEADING,
	[GUMBO_TAG_H2] = HTML_R_HEADING,
	[GUMBO_TAG_H3] = HTML_R_HEADING,
	[GUMBO_TAG_H4] = HTML_R_HEADING,
	[GUMBO_TAG_H5] = HTML_R_HEADING,
	[GUMBO_TAG_H6] = HTML_R_HEADING,
	[GUMBO_TAG_UL] = HTML_R_LIST,
	[GUMBO_TAG_OL] = HTML_R_LIST,
	[GUMBO_TAG_MENU] = HTML_R_LIST,
	[GUMBO_TAG_LI] = HTML_R_ITEM,
	[GUMBO_TAG_DT] = HTML_R_DT,
	[GUMBO_TAG_DD] = HTML_R_DD,
	[GUMBO_TAG_BLOCKQUOTE] = HTML_R_QUOTE,
	[GUMBO_TAG_PRE] = HTML_R_PRE,
	[GUMBO_TAG_LISTING] = HTML_R_PRE,
	[GUMBO_TAG_XMP] = HTML_R_PRE,
	[GUMBO_TAG_PLAINTEXT] = HTML_R_PRE,
	[GUMBO_TAG_TR] = HTML_R_ROW,
	[GUMBO_TAG_TD] = HTML_R_CELL,
	[GUMBO_TAG_TH] = HTML_R_CELL,
};

/* The walk's state: the block being built and the context around it. */
struct html_ctx {
	struct html_doc	*doc;
	const char	*base;
	size_t		 blockcap;
	size_t		 urlcap;
	size_t		*hash;		/* url index + 1, 0 empty */
	size_t		 hashsize;	/* power of two */

	struct dl_buf	 text;
	struct html_span *spans;
	size_t		 nspans;
	size_t		 spancap;
	int		 atbreak;	/* swallow pending white space */
	int		 space;		/* collapsed white space pending */
	int		 space_nl;	/* ... and it held a newline */
	unsigned int	 space_flags;
	int		 space_url;

	int		 quote;
	int		 list;
	int		 ordered;
	int		 counter;
	int		 number;	/* of the current item */
	int		 marker;	/* the item's marker not yet shown */
	int		 heading;
	int		 pre;
	int		 row;		/* inside a simple table row */
	int		 cells;		/* cells seen in that row */
	int		 depth;
};

static void	html_walk(struct html_ctx *, const GumboNode *, unsigned int,
		    int);

static uint32_t
html_hash(const char *s)
{
	uint32_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
html_hash_grow(struct html_ctx *c)
{
	size_t	 i, j, size;

	size = c->hashsize == 0 ? 64 : c->hashsize * 2;
	free(c->hash);
	c->hash = dl_calloc(size, sizeof *c->hash);
	c->hashsize = size;
	for (i = 0; i < c->doc->nurls; i++) {
		j = html_hash(c->doc->urls[i]) & (size - 1);
		while (c->hash[j] != 0)
			j = (j + 1) & (size - 1);
		c->hash[j] = i + 1;
	}
}

/* The index of url in doc->urls, adding it once; takes ownership. */
static int
html_url_intern(struct html_ctx *c, char *url)
{
	struct html_doc	*d = c->doc;
	size_t		 j;

	if ((d->nurls + 1) * 2 > c->hashsize)
		html_hash_grow(c);
	j = html_hash(url) & (c->hashsize - 1);
	for (; c->hash[j] != 0; j = (j + 1) & (c->hashsize - 1)) {
		if (strcmp(d->urls[c->hash[j] - 1], url) == 0) {
			free(url);
			return (int)(c->hash[j] - 1);
		}
	}
	if (d->nurls == c->urlcap) {
		c->urlcap = c->urlcap == 0 ? 16 : c->urlcap * 2;
		d->urls = dl_reallocarray(d->urls, c->urlcap, sizeof *d->urls);
	}
	d->urls[d->nurls] = url;
	c->hash[j] = d->nurls + 1;
	return (int)d->nurls++;
}

static const char *
html_attr(const GumboNode *n, const char *name)
{
	GumboAttribute	*a;

	a = gumbo_get_attribute(&n->v.element.attributes, name);
	return a == NULL ? NULL : a->value;
}

/* Does a style attribute say "display: none" or "visibility: hidden"? */
static int
html_style_hidden(const char *style)
{
	static const char *const props[] = { "display", "visibility" };
	static const char *const vals[] = { "none", "hidden" };
	const char	*p;
	size_t		 i, n;

	for (i = 0; i < 2; i++) {
		n = strlen(props[i]);
		for (p = style; (p = strstr(p, props[i])) != NULL; p += n) {
			const char *v = p + n;

			while (*v == ' ' || *v == '\t')
				v++;
			if (*v++ != ':')
				continue;
			while (*v == ' ' || *v == '\t')
				v++;
			if (dl_strncaseeq(v, vals[i], strlen(vals[i])))
				return 1;
		}
	}
	return 0;
}

static int
html_hidden(const GumboNode *n)
{
	const char	*v;

	if (html_attr(n, "hidden") != NULL)
		return 1;
	if ((v = html_attr(n, "aria-hidden")) != NULL &&
	    dl_strcaseeq(v, "true"))
		return 1;
	if ((v = html_attr(n, "style")) != NULL && html_style_hidden(v))
		return 1;
	return 0;
}

/* The first code point of s (n bytes), 0 if there is none. */
static uint32_t
html_first_cp(const char *s, size_t n)
{
	uint32_t	 cp = 0;

	if (n > 0)
		dl_utf8_decode(s, n, &cp);
	return cp;
}

/* The last code point of the block's text. */
static uint32_t
html_last_cp(const struct html_ctx *c)
{
	size_t	 i;

	if (c->text.len == 0)
		return 0;
	i = dl_utf8_prev(c->text.data, c->text.len);
	return html_first_cp(c->text.data + i, c->text.len - i);
}

/* Add bytes to the block with a style, extending the last span. */
static void
html_add(struct html_ctx *c, const char *p, size_t n, unsigned int flags,
    int url)
{
	struct html_span	*sp;

	if (n == 0 || dl_buf_add(&c->text, p, n) != 0)
		return;
	if (c->nspans > 0) {
		sp = &c->spans[c->nspans - 1];
		if (sp->flags == flags && sp->url == url) {
			sp->len += n;
			return;
		}
	}
	if (c->nspans == c->spancap) {
		c->spancap = c->spancap == 0 ? 16 : c->spancap * 2;
		c->spans = dl_reallocarray(c->spans, c->spancap,
		    sizeof *c->spans);
	}
	sp = &c->spans[c->nspans++];
	sp->off = c->text.len - n;
	sp->len = n;
	sp->flags = flags;
	sp->url = url;
}

/* Before visible text: the pending collapsed space, if it shows. */
static void
html_space_flush(struct html_ctx *c, const char *next, size_t n,
    unsigned int flags, int url)
{
	int	 show;

	show = c->space && !c->atbreak;
	if (show && c->space_nl && dl_cp_unspaced(html_last_cp(c)) &&
	    dl_cp_unspaced(html_first_cp(next, n)))
		show = 0;
	/* A space between two styles takes only what both share, so that
	 * "<a>x </a>y" puts the space outside the link. */
	if (show)
		html_add(c, " ", 1, c->space_flags & flags,
		    c->space_url == url ? url : -1);
	c->space = c->space_nl = 0;
	c->atbreak = 0;
}

static void
html_text_pre(struct html_ctx *c, const char *s, unsigned int flags,
    int url)
{
	const char	*p;

	c->atbreak = 0;
	for (p = s; *s != '\0'; s++) {
		if (*s != '\r')
			continue;
		html_add(c, p, (size_t)(s - p), flags, url);
		if (s[1] != '\n')
			html_add(c, "\n", 1, flags, url);
		p = s + 1;
	}
	html_add(c, p, (size_t)(s - p), flags, url);
}

static int
html_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f';
}

/* Text outside pre: runs of white space collapse to one pending space. */
static void
html_text(struct html_ctx *c, const char *s, unsigned int flags, int url)
{
	const char	*run;

	if (c->pre) {
		html_text_pre(c, s, flags, url);
		return;
	}
	while (*s != '\0') {
		if (html_ws(*s)) {
			if (!c->space) {
				c->space_flags = flags;
				c->space_url = url;
			}
			c->space = 1;
			if (*s == '\n' || *s == '\r')
				c->space_nl = 1;
			s++;
			continue;
		}
		for (run = s; *s != '\0' && !html_ws(*s); s++)
			;
		html_space_flush(c, run, (size_t)(s - run), flags, url);
		html_add(c, run, (size_t)(s - run), flags, url);
	}
}

static void
html_block_reset(struct html_ctx *c)
{
	dl_buf_reset(&c->text);
	c->nspans = 0;
	c->atbreak = 1;
	c->space = c->space_nl = 0;
}

/* Drop trailing newlines and spaces (and the spans left empty). */
static void
html_trim(struct html_ctx *c)
{
	size_t	 len = c->text.len;

	while (len > 0 && (c->text.data[len - 1] == '\n' ||
	    c->text.data[len - 1] == ' '))
		len--;
	while (c->nspans > 0 && c->spans[c->nspans - 1].off >= len)
		c->nspans--;
	if (c->nspans > 0)
		c->spans[c->nspans - 1].len = len - c->spans[c->nspans - 1].off;
	c->text.len = len;
	if (c->text.data != NULL)
		c->text.data[len] = '\0';
}

static struct html_block *
html_block_new(struct html_ctx *c, enum html_block_kind kind)
{
	struct html_doc		*d = c->doc;
	struct html_block	*b;

	if (d->nblocks == c->blockcap) {
		c->blockcap = c->blockcap == 0 ? 32 : c->blockcap * 2;
		d->blocks = dl_reallocarray(d->blocks, c->blockcap,
		    sizeof *d->blocks);
	}
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->level = kind == HTML_HEADING ? c->heading : 0;
	b->quote = c->quote;
	if (c->list > 0 || c->marker) {
		b->list = c->list > 0 ? c->list : 1;
		b->number = c->number;
		b->marker = c->marker;
		c->marker = 0;
	}
	return b;
}

static void
html_block_text(struct html_block *b, struct html_ctx *c)
{
	b->len = c->text.len;
	b->text = dl_buf_take(&c->text);
	b->nspans = c->nspans;
	b->spans = dl_reallocarray(NULL, c->nspans, sizeof *b->spans);
	if (c->nspans > 0)
		memcpy(b->spans, c->spans, c->nspans * sizeof *b->spans);
}

/* Finish the block being built: kept if it holds any text. */
static void
html_flush(struct html_ctx *c)
{
	enum html_block_kind	 kind = HTML_PARA;

	html_trim(c);
	if (c->text.len == 0) {
		html_block_reset(c);
		return;
	}
	if (c->heading)
		kind = HTML_HEADING;
	else if (c->pre)
		kind = HTML_PRE;
	else if (c->row)
		kind = HTML_ROW;
	html_block_text(html_block_new(c, kind), c);
	html_block_reset(c);
}

static void
html_children(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	const GumboVector	*v = &n->v.element.children;
	unsigned int		 i;

	for (i = 0; i < v->length; i++)
		html_walk(c, v->data[i], flags, url);
}

static void
html_br(struct html_ctx *c, unsigned int flags, int url)
{
	size_t	 len = c->text.len;

	c->space = c->space_nl = 0;
	/* At most one empty line, and none at the start of a block. */
	if (len == 0 || (len >= 2 && c->text.data[len - 1] == '\n' &&
	    c->text.data[len - 2] == '\n'))
		return;
	if (!c->pre && c->text.data[len - 1] == ' ')
		html_trim(c);
	html_add(c, "\n", 1, flags, url);
	c->atbreak = 1;
}

static int
html_img_tiny(const GumboNode *n)
{
	const char	*w = html_attr(n, "width");
	const char	*h = html_attr(n, "height");

	return (w != NULL && (strcmp(w, "0") == 0 || strcmp(w, "1") == 0)) ||
	    (h != NULL && (strcmp(h, "0") == 0 || strcmp(h, "1") == 0));
}

/* An image alone makes a placeholder block; inside text, its alt text
 * stands in for it as a browser with images off shows it. Empty alt
 * means decorative (HTML's rule), and 1-pixel images are trackers. */
static void
html_img(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	const char		*alt = html_attr(n, "alt");
	const char		*role = html_attr(n, "role");
	struct html_block	*b;
	size_t			 i;

	if (html_img_tiny(n) || (alt != NULL && alt[strspn(alt,
	    " \t\n\r\f")] == '\0') || (role != NULL &&
	    dl_strcaseeq(role, "presentation")))
		return;
	if (c->row || c->text.len > 0) {
		html_text(c, " ", flags, url);
		html_text(c, alt != NULL ? alt : "", flags, url);
		html_text(c, " ", flags, url);
		return;
	}
	html_flush(c);
	b = html_block_new(c, HTML_IMAGE);
	b->text = dl_strdup(alt != NULL ? alt : "");
	for (i = 0; b->text[i] != '\0'; i++)
		if (html_ws(b->text[i]))
			b->text[i] = ' ';
	b->len = i;
	if (i > 0) {
		b->spans = dl_calloc(1, sizeof *b->spans);
		b->spans->len = i;
		b->spans->url = -1;
		b->nspans = 1;
	}
}

static void
html_hr(struct html_ctx *c)
{
	struct html_block	*b;

	html_flush(c);
	b = html_block_new(c, HTML_RULE);
	b->text = dl_strdup("");
}

/* The link target of an <a>, interned; -1 for none, in-page anchors and
 * script links. */
static int
html_link(struct html_ctx *c, const GumboNode *n)
{
	const char	*href = html_attr(n, "href");
	char		*u;

	if (href == NULL)
		return -1;
	href += strspn(href, " \t\n\r\f");
	if (*href == '\0' || *href == '#' ||
	    dl_strncaseeq(href, "javascript:", 11))
		return -1;
	if ((u = url_resolve(c->base, href)) == NULL)
		u = dl_strdup(href);
	return html_url_intern(c, u);
}

/* A heading's level from its tag name "hN". */
static int
html_heading_level(const GumboNode *n)
{
	const char	*name = gumbo_normalized_tagname(n->v.element.tag);

	return name[1] >= '1' && name[1] <= '6' ? name[1] - '0' : 2;
}

static void
html_list(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	int		 list = c->list, ordered = c->ordered;
	int		 counter = c->counter, number = c->number;
	int		 marker = c->marker;
	const char	*start = html_attr(n, "start");
	long		 v;

	html_flush(c);
	c->list++;
	c->ordered = n->v.element.tag == GUMBO_TAG_OL;
	c->counter = 1;
	if (start != NULL && dl_strtonum(start, -999999, 999999, &v) == 0)
		c->counter = (int)v;
	html_children(c, n, flags, url);
	html_flush(c);
	c->list = list;
	c->ordered = ordered;
	c->counter = counter;
	c->number = number;
	c->marker = marker;
}

static void
html_item(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	const char	*value = html_attr(n, "value");
	long		 v;

	html_flush(c);
	if (c->ordered && value != NULL &&
	    dl_strtonum(value, -999999, 999999, &v) == 0)
		c->counter = (int)v;
	c->number = c->ordered ? c->counter++ : 0;
	c->marker = 1;
	html_children(c, n, flags, url);
	html_flush(c);
	c->marker = 0;
}

/* A row is laid out as one line of cells unless a cell holds blocks of
 * its own (layout tables): then its cells are walked as blocks. */
static int
html_row_simple(const GumboNode *n)
{
	const GumboVector	*v;
	unsigned int		 i;
	int			 role;

	if (n->type != GUMBO_NODE_ELEMENT)
		return 1;
	role = html_roles[n->v.element.tag];
	if (role == HTML_R_PRE || role == HTML_R_LIST || role == HTML_R_QUOTE ||
	    role == HTML_R_HEADING || n->v.element.tag == GUMBO_TAG_TABLE ||
	    n->v.element.tag == GUMBO_TAG_P)
		return 0;
	v = &n->v.element.children;
	for (i = 0; i < v->length; i++)
		if (!html_row_simple(v->data[i]))
			return 0;
	return 1;
}

static void
html_row(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	const GumboVector	*v = &n->v.element.children;
	unsigned int		 i;

	for (i = 0; i < v->length; i++)
		if (!html_row_simple(v->data[i]))
			break;
	html_flush(c);
	if (i < v->length || c->row) {
		html_children(c, n, flags, url);
		html_flush(c);
		return;
	}
	c->row = 1;
	c->cells = 0;
	html_children(c, n, flags, url);
	html_flush(c);
	c->row = 0;
}

static void
html_cell(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	if (!c->row) {
		html_flush(c);
		html_children(c, n, flags, url);
		html_flush(c);
		return;
	}
	if (n->v.element.tag == GUMBO_TAG_TH)
		flags |= HTML_BOLD;
	if (c->cells++ > 0) {
		c->space = 0;
		html_add(c, HTML_CELL_SEP, strlen(HTML_CELL_SEP), 0, -1);
		c->atbreak = 1;
	}
	html_children(c, n, flags, url);
}

/* Elements that wrap their children in a block of some kind. */
static void
html_nest(struct html_ctx *c, const GumboNode *n, int role,
    unsigned int flags, int url)
{
	int	*counter = NULL;

	if (role == HTML_R_HEADING && c->heading == 0)
		counter = &c->heading;
	else if (role == HTML_R_QUOTE || role == HTML_R_DD)
		counter = role == HTML_R_QUOTE ? &c->quote : &c->list;
	else if (role == HTML_R_PRE)
		counter = &c->pre;
	html_flush(c);
	if (counter != NULL)
		*counter += role == HTML_R_HEADING ?
		    html_heading_level(n) : 1;
	html_children(c, n, role == HTML_R_DT ? flags | HTML_BOLD : flags,
	    url);
	html_flush(c);
	if (counter != NULL)
		*counter -= role == HTML_R_HEADING ?
		    html_heading_level(n) : 1;
}

/* Inline styles: what an element adds to the flags and link of the text
 * inside it. Returns 0 if the element is no inline style. */
static int
html_style(struct html_ctx *c, const GumboNode *n, int role,
    unsigned int *flags, int *url)
{
	int	 u;

	switch (role) {
	case HTML_R_INLINE:
		return 1;
	case HTML_R_BOLD:
		*flags |= HTML_BOLD;
		return 1;
	case HTML_R_ITALIC:
		*flags |= HTML_ITALIC;
		return 1;
	case HTML_R_CODE:
		*flags |= HTML_CODE;
		return 1;
	case HTML_R_LINK:
		if ((u = html_link(c, n)) != -1) {
			*url = u;
			*flags |= HTML_LINK;
		}
		return 1;
	}
	return 0;
}

/* A formula: its line of text (html_math.c), inline. */
static void
html_math(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	struct dl_buf	 b;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	html_math_text(n, &b);
	if (b.len > 0)
		html_text(c, dl_buf_str(&b), flags, url);
	dl_buf_clear(&b);
}

static void
html_element(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	int	 role = html_roles[n->v.element.tag];

	if (n->v.element.tag == GUMBO_TAG_MATH && !html_hidden(n)) {
		html_math(c, n, flags, url);
		return;
	}
	if (role == HTML_R_DROP || html_hidden(n))
		return;
	if (c->row && (role == HTML_R_BLOCK || role == HTML_R_DT ||
	    role == HTML_R_DD || role == HTML_R_ITEM || role == HTML_R_HR)) {
		/* Blocks inside a cell of a one-line row read as spaces. */
		html_text(c, " ", flags, url);
		html_children(c, n, flags, url);
		html_text(c, " ", flags, url);
		return;
	}
	if (html_style(c, n, role, &flags, &url)) {
		html_children(c, n, flags, url);
		return;
	}
	if (role == HTML_R_BR)
		html_br(c, flags, url);
	else if (role == HTML_R_IMG)
		html_img(c, n, flags, url);
	else if (role == HTML_R_HR)
		html_hr(c);
	else if (role == HTML_R_LIST)
		html_list(c, n, flags, url);
	else if (role == HTML_R_ITEM)
		html_item(c, n, flags, url);
	else if (role == HTML_R_ROW)
		html_row(c, n, flags, url);
	else if (role == HTML_R_CELL)
		html_cell(c, n, flags, url);
	else
		html_nest(c, n, role, flags, url);
}

static void
html_walk(struct html_ctx *c, const GumboNode *n, unsigned int flags,
    int url)
{
	if (c->depth >= HTML_MAX_DEPTH)
		return;
	c->depth++;
	switch (n->type) {
	case GUMBO_NODE_DOCUMENT:
		{
			const GumboVector *v = &n->v.document.children;
			unsigned int i;

			for (i = 0; i < v->length; i++)
				html_walk(c, v->data[i], flags, url);
		}
		break;
	case GUMBO_NODE_ELEMENT:
		html_element(c, n, flags, url);
		break;
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_CDATA:
	case GUMBO_NODE_WHITESPACE:
		html_text(c, n->v.text.text, flags, url);
		break;
	default:	/* comments, and template contents (never shown) */
		break;
	}
	c->depth--;
}

struct html_doc *
html_doc_from_node(const GumboNode *node, const char *base_url)
{
	struct html_ctx	 c;

	memset(&c, 0, sizeof c);
	c.doc = dl_calloc(1, sizeof *c.doc);
	c.base = base_url;
	c.atbreak = 1;
	dl_buf_init(&c.text, HTML_TEXT_CAP);
	if (node != NULL)
		html_walk(&c, node, 0, -1);
	html_flush(&c);
	dl_buf_clear(&c.text);
	free(c.spans);
	free(c.hash);
	return c.doc;
}

struct html_doc *
html_doc_parse(const char *html, size_t len, const char *base_url)
{
	GumboOptions	 opts = kGumboDefaultOptions;
	GumboOutput	*out;
	struct html_doc	*doc;
	char		*flat;

	opts.max_errors = 0;
	if (html == NULL)
		html = "";
	if ((flat = html_flatten(html, len, &len)) != NULL)
		html = flat;
	out = gumbo_parse_with_options(&opts, html, len);
	doc = html_doc_from_node(out != NULL ? out->document : NULL,
	    base_url);
	if (out != NULL)
		gumbo_destroy_output(&opts, out);
	free(flat);
	return doc;
}

void
html_doc_drop_title(struct html_doc *doc, const char *title)
{
	struct html_block	*b;

	if (doc->nblocks == 0 || title == NULL)
		return;
	b = &doc->blocks[0];
	if (b->kind != HTML_HEADING || strcmp(b->text, title) != 0)
		return;
	free(b->text);
	free(b->spans);
	memmove(b, b + 1, (doc->nblocks - 1) * sizeof *b);
	doc->nblocks--;
}

void
html_doc_free(struct html_doc *doc)
{
	size_t	 i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->nblocks; i++) {
		free(doc->blocks[i].text);
		free(doc->blocks[i].spans);
	}
	for (i = 0; i < doc->nurls; i++)
		free(doc->urls[i]);
	free(doc->blocks);
	free(doc->urls);
	free(doc);
}
