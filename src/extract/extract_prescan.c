/* extract_prescan.c: a pass over the page's bytes, before gumbo, that
 * finds the article's region: tags are cut as the tokenizer cuts them
 * (html_scan_token, which html_flatten shares) and nested on a stack with
 * the HTML parsing algorithm's common implied ends (not a parser: no tree
 * is built for anyone but the scorer), the elements are
 * scored by extract_score, and when one container clearly wins, gumbo is
 * given only the head, the metadata elements of the body and that
 * container. extract_page checks gumbo's winner against the scan's. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "extract.h"
#include "extract/extract_int.h"
#include "html.h"

#define EXTRACT_SCAN_DEPTH	256	/* deeper: parse the whole page */
#define EXTRACT_SCAN_SNIP	4096	/* largest h1, byline or time cut */
#define EXTRACT_SCAN_MARGIN	0.7	/* runner-up outside, of the best */
#define EXTRACT_SCAN_ATTR	512

/* Tag classes for the stack (the HTML standard's lists, trimmed). */
#define EX_T_VOID	0x01u	/* no end tag, never pushed */
#define EX_T_RAW	0x02u	/* text up to </name>: no tags inside */
#define EX_T_CLOSEP	0x04u	/* a start tag that ends an open <p> */
#define EX_T_SPECIAL	0x08u	/* stops the search of an inline end tag */
#define EX_T_SCOPE	0x10u	/* a scope boundary (table, td, ...) */
#define EX_T_REGION	0x20u	/* may be the cut region's root */
#define EX_T_LIST	0x40u	/* bounds the list item scope of </li> */

static const unsigned char extract_scan_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_AREA] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_BASE] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_BASEFONT] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_BGSOUND] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_BR] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_COL] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_EMBED] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_HR] = EX_T_VOID | EX_T_SPECIAL | EX_T_CLOSEP,
	[GUMBO_TAG_IMG] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_IMAGE] = EX_T_VOID,
	[GUMBO_TAG_INPUT] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_KEYGEN] = EX_T_VOID,
	[GUMBO_TAG_LINK] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_META] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_PARAM] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_SOURCE] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_TRACK] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_WBR] = EX_T_VOID | EX_T_SPECIAL,
	[GUMBO_TAG_MENUITEM] = EX_T_VOID,
	[GUMBO_TAG_SCRIPT] = EX_T_RAW | EX_T_SPECIAL,
	[GUMBO_TAG_STYLE] = EX_T_RAW | EX_T_SPECIAL,
	[GUMBO_TAG_TEXTAREA] = EX_T_RAW | EX_T_SPECIAL,
	[GUMBO_TAG_TITLE] = EX_T_RAW | EX_T_SPECIAL,
	[GUMBO_TAG_XMP] = EX_T_RAW | EX_T_SPECIAL | EX_T_CLOSEP,
	[GUMBO_TAG_IFRAME] = EX_T_RAW | EX_T_SPECIAL,
	[GUMBO_TAG_NOEMBED] = EX_T_RAW | EX_T_SPECIAL,
	[GUMBO_TAG_NOFRAMES] = EX_T_RAW | EX_T_SPECIAL,
	[GUMBO_TAG_PLAINTEXT] = EX_T_RAW | EX_T_SPECIAL | EX_T_CLOSEP,
	[GUMBO_TAG_ADDRESS] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_ARTICLE] = EX_T_CLOSEP | EX_T_SPECIAL | EX_T_REGION,
	[GUMBO_TAG_ASIDE] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_BLOCKQUOTE] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_CENTER] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_DETAILS] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_DIR] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_DIV] = EX_T_CLOSEP | EX_T_SPECIAL | EX_T_REGION,
	[GUMBO_TAG_DL] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_FIELDSET] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_FIGCAPTION] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_FIGURE] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_FOOTER] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_FORM] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_HEADER] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_HGROUP] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_MAIN] = EX_T_CLOSEP | EX_T_SPECIAL | EX_T_REGION,
	[GUMBO_TAG_MENU] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_NAV] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_OL] = EX_T_CLOSEP | EX_T_SPECIAL | EX_T_LIST,
	[GUMBO_TAG_P] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_SECTION] = EX_T_CLOSEP | EX_T_SPECIAL | EX_T_REGION,
	[GUMBO_TAG_SUMMARY] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_UL] = EX_T_CLOSEP | EX_T_SPECIAL | EX_T_LIST,
	[GUMBO_TAG_H1] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_H2] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_H3] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_H4] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_H5] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_H6] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_PRE] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_LISTING] = EX_T_CLOSEP | EX_T_SPECIAL,
	[GUMBO_TAG_TABLE] = EX_T_CLOSEP | EX_T_SPECIAL | EX_T_SCOPE |
	    EX_T_REGION,
	[GUMBO_TAG_TD] = EX_T_SPECIAL | EX_T_SCOPE,
	[GUMBO_TAG_TH] = EX_T_SPECIAL | EX_T_SCOPE,
	[GUMBO_TAG_CAPTION] = EX_T_SPECIAL | EX_T_SCOPE,
	[GUMBO_TAG_APPLET] = EX_T_SPECIAL | EX_T_SCOPE,
	[GUMBO_TAG_MARQUEE] = EX_T_SPECIAL | EX_T_SCOPE,
	[GUMBO_TAG_OBJECT] = EX_T_SPECIAL | EX_T_SCOPE,
	[GUMBO_TAG_TEMPLATE] = EX_T_SPECIAL | EX_T_SCOPE,
	[GUMBO_TAG_HTML] = EX_T_SPECIAL | EX_T_SCOPE,
	[GUMBO_TAG_BUTTON] = EX_T_SPECIAL,
	[GUMBO_TAG_BODY] = EX_T_SPECIAL,
	[GUMBO_TAG_HEAD] = EX_T_SPECIAL,
	[GUMBO_TAG_LI] = EX_T_SPECIAL,
	[GUMBO_TAG_DD] = EX_T_SPECIAL,
	[GUMBO_TAG_DT] = EX_T_SPECIAL,
	[GUMBO_TAG_TR] = EX_T_SPECIAL,
	[GUMBO_TAG_TBODY] = EX_T_SPECIAL,
	[GUMBO_TAG_THEAD] = EX_T_SPECIAL,
	[GUMBO_TAG_TFOOT] = EX_T_SPECIAL,
	[GUMBO_TAG_COLGROUP] = EX_T_SPECIAL,
	[GUMBO_TAG_SELECT] = EX_T_SPECIAL,
	[GUMBO_TAG_NOSCRIPT] = EX_T_SPECIAL,
	[GUMBO_TAG_FRAMESET] = EX_T_SPECIAL,
	[GUMBO_TAG_FRAME] = EX_T_SPECIAL,
};

/* A start tag's name and the attributes the flags and the metadata read. */
struct extract_scan_tag {
	GumboTag	 tag;
	const char	*name;
	size_t		 namelen;
	int		 selfclose;
	struct extract_chunk **arena;	/* class names live here */
	struct extract_attrs a;
	int		 ldjson;	/* <script type=application/ld+json> */
	int		 datetime;	/* has a datetime attribute */
	char		 id[EXTRACT_SCAN_ATTR], itemprop[EXTRACT_SCAN_ATTR];
	char		 style[EXTRACT_SCAN_ATTR], rel[EXTRACT_SCAN_ATTR];
	char		 aria[EXTRACT_SCAN_ATTR], type[EXTRACT_SCAN_ATTR];
};

struct extract_scan {
	struct extract_ctx	 c;	/* the nodes, scored as gumbo's are */
	struct extract_result	 r;
	struct extract_chunk	**arena;	/* class names live here */
	const char		*s;
	size_t			 len;
	size_t			 stack[EXTRACT_SCAN_DEPTH];
	size_t			 depth;
	size_t			 body_end;	/* past <body ...>, 0: none */
	int			 inlink, ndrop, foreign, deep;
	size_t			 h1, byline, time, title;
	size_t			*keep;		/* metas, bases, JSON-LD */
	size_t			 nkeep;
};

static size_t
extract_scan_push(struct extract_scan *sc, const struct extract_scan_tag *t,
    size_t at)
{
	struct extract_ctx	*c = &sc->c;
	struct extract_node	*x;
	size_t			 i;

	if (c->nn == c->size) {
		c->size = c->size == 0 ? 1024 : c->size * 2;
		c->n = dl_reallocarray(c->n, c->size, sizeof *c->n);
	}
	i = c->nn++;
	x = &c->n[i];
	memset(x, 0, sizeof *x);
	x->tag = t->tag;
	x->start = at;
	x->stop = sc->len;
	x->end = c->nn;
	x->parent = sc->depth > 0 ? sc->stack[sc->depth - 1] :
	    EXTRACT_NONE_IDX;
	return i;
}

/* Flags of a new element, as extract_build gives them. */
static void
extract_scan_flags(struct extract_scan *sc, size_t i,
    const struct extract_scan_tag *t)
{
	struct extract_node	*x = &sc->c.n[i], *p = NULL;
	unsigned int		 f, inh = 0;
	int			 byline;

	if (x->parent != EXTRACT_NONE_IDX)
		p = &sc->c.n[x->parent];
	if (sc->ndrop > 0) {
		x->flags = EX_DROP;
		return;
	}
	if (p != NULL && extract_block_tags[t->tag])
		p->flags |= EX_BLOCKKIDS;
	if (p != NULL && (p->flags & (EX_UNL | EX_INUNL)))
		inh = EX_INUNL;
	f = extract_elem_flags(&sc->c, t->tag, &t->a, &x->cw, &byline);
	x->flags = f | inh;
	if (f & EX_DROP)
		return;
	if (byline && sc->byline == EXTRACT_NONE_IDX)
		sc->byline = i;
	if (t->tag == GUMBO_TAG_H1 && sc->h1 == EXTRACT_NONE_IDX)
		sc->h1 = i;
}

static void
extract_scan_pop(struct extract_scan *sc, size_t at)
{
	struct extract_node	*x;

	if (sc->depth == 0)
		return;
	x = &sc->c.n[sc->stack[--sc->depth]];
	x->stop = at;
	x->end = sc->c.nn;
	if (x->tag == GUMBO_TAG_A)
		sc->inlink--;
	if (x->flags & EX_DROP)
		sc->ndrop--;
	if (x->tag == GUMBO_TAG_SVG || x->tag == GUMBO_TAG_MATH)
		sc->foreign--;
}

/* Pop up to and including stack entry k. */
static void
extract_scan_pop_to(struct extract_scan *sc, size_t k, size_t at)
{
	while (sc->depth > k)
		extract_scan_pop(sc, at);
}

/* Markup the stack does not model as gumbo builds it: the pre-scan gives
 * up (the whole page is parsed), so a cut never differs from it. */
static void
extract_scan_doubt(struct extract_scan *sc)
{
	sc->deep = 1;
}


/* Close up to and including entry k for a tag that ends it: formatting
 * elements closed on the way gumbo would open again later. */
static void
extract_scan_close(struct extract_scan *sc, size_t k, size_t at)
{
	size_t	 j;

	for (j = k + 1; j < sc->depth; j++)
		if (html_tag_formatting(sc->c.n[sc->stack[j]].tag))
			extract_scan_doubt(sc);
	extract_scan_pop_to(sc, k, at);
}

/* In a table, outside its cells: what gumbo moves out of the table
 * (foster parenting). */
static int
extract_scan_in_table(const struct extract_scan *sc)
{
	GumboTag	 top;

	if (sc->depth == 0)
		return 0;
	top = sc->c.n[sc->stack[sc->depth - 1]].tag;
	return top == GUMBO_TAG_TABLE || top == GUMBO_TAG_TBODY ||
	    top == GUMBO_TAG_THEAD || top == GUMBO_TAG_TFOOT ||
	    top == GUMBO_TAG_TR;
}

/* A table's rows, cells and row groups. */
static int
extract_scan_table_part(GumboTag tag)
{
	return tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_THEAD ||
	    tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_TR ||
	    tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH;
}

/* Whether a <table> is open anywhere on the stack. */
static int
extract_scan_table_open(const struct extract_scan *sc)
{
	size_t	 k;

	for (k = 0; k < sc->depth; k++)
		if (sc->c.n[sc->stack[k]].tag == GUMBO_TAG_TABLE)
			return 1;
	return 0;
}

/* Start tags with their own insertion modes or tree fix-ups (tables,
 * forms, foreign content, ...): not modelled. */
static int
extract_scan_hard(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_CAPTION: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_COL:
	case GUMBO_TAG_FORM: case GUMBO_TAG_SELECT:
	case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_PLAINTEXT:
	case GUMBO_TAG_IMAGE: case GUMBO_TAG_ISINDEX: case GUMBO_TAG_SVG:
	case GUMBO_TAG_MATH: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_APPLET:
	case GUMBO_TAG_OBJECT: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_NOBR:
	case GUMBO_TAG_BUTTON: case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING:
	case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_MENUITEM:
	case GUMBO_TAG_RB: case GUMBO_TAG_RP: case GUMBO_TAG_RT:
	case GUMBO_TAG_RTC: case GUMBO_TAG_XMP:
	case GUMBO_TAG_IFRAME: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES:
		return 1;
	default:
		return 0;
	}
}

static int
extract_scan_same(const struct extract_scan *sc, size_t i, GumboTag tag,
    const char *name, size_t n)
{
	const struct extract_node	*x = &sc->c.n[i];
	const char			*xn = sc->s + x->start + 1;

	if (x->tag != tag)
		return 0;
	if (tag != GUMBO_TAG_UNKNOWN)
		return 1;
	return dl_strncaseeq(xn, name, n) && html_scan_name_end(xn[n]);
}

/* Stack position of the nearest open tag (from the top), stopping at
 * scope boundaries (any of stop, or EX_T_SCOPE); -1 if none. */
static long
extract_scan_find(const struct extract_scan *sc, GumboTag tag,
    const char *name, size_t n, unsigned int stop)
{
	size_t		 k;
	GumboTag	 t;

	for (k = sc->depth; k-- > 0;) {
		if (extract_scan_same(sc, sc->stack[k], tag, name, n))
			return (long)k;
		t = sc->c.n[sc->stack[k]].tag;
		if (extract_scan_tags[t] & (stop | EX_T_SCOPE))
			return -1;
	}
	return -1;
}

/* Stack position of the nearest open heading of any level, within
 * scope; -1 if none. Any heading's end tag ends it (HTML's tree
 * building: "</h3>" closes an open <h1>, as gumbo does). */
static long
extract_scan_heading(const struct extract_scan *sc)
{
	size_t		 k;
	GumboTag	 t;

	for (k = sc->depth; k-- > 0;) {
		t = sc->c.n[sc->stack[k]].tag;
		if (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6)
			return (long)k;
		if (extract_scan_tags[t] & EX_T_SCOPE)
			return -1;
	}
	return -1;
}

/* The ends a start tag implies: an open <p>, a list item, a cell. */
static void
extract_scan_implied(struct extract_scan *sc, GumboTag tag, size_t at)
{
	long		 k = -1, j;
	GumboTag	 top, t;

	if (sc->depth == 0)
		return;
	top = sc->c.n[sc->stack[sc->depth - 1]].tag;
	if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT)
		for (j = (long)sc->depth - 1; j >= 0; j--) {
			t = sc->c.n[sc->stack[j]].tag;
			if (t == tag || (tag != GUMBO_TAG_LI && (t ==
			    GUMBO_TAG_DD || t == GUMBO_TAG_DT))) {
				k = j;
				break;
			}
			if ((extract_scan_tags[t] & EX_T_SPECIAL) && t !=
			    GUMBO_TAG_ADDRESS && t != GUMBO_TAG_DIV &&
			    t != GUMBO_TAG_P)
				break;
		}
	else if (tag == GUMBO_TAG_TR)
		k = extract_scan_find(sc, GUMBO_TAG_TR, NULL, 0, 0);
	else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
		if ((k = extract_scan_find(sc, GUMBO_TAG_TD, NULL, 0, 0)) < 0)
			k = extract_scan_find(sc, GUMBO_TAG_TH, NULL, 0, 0);
	} else if (tag == GUMBO_TAG_A)	/* gumbo keeps blocks open */
		k = extract_scan_find(sc, GUMBO_TAG_A, NULL, 0, 0);
	else if ((tag == GUMBO_TAG_OPTION && top == GUMBO_TAG_OPTION) ||
	    (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6 &&
	    top >= GUMBO_TAG_H1 && top <= GUMBO_TAG_H6))
		k = (long)sc->depth - 1;
	if (tag == GUMBO_TAG_A && k >= 0 && (size_t)k + 1 != sc->depth)
		extract_scan_doubt(sc);	/* the adoption agency's */
	if (k >= 0 && sc->c.n[sc->stack[k]].tag != GUMBO_TAG_BODY)
		extract_scan_close(sc, (size_t)k, at);
	if ((extract_scan_tags[tag] & EX_T_CLOSEP) || tag == GUMBO_TAG_LI ||
	    tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT)
		if ((k = extract_scan_find(sc, GUMBO_TAG_P, NULL, 0, 0)) >= 0)
			extract_scan_close(sc, (size_t)k, at);
}

/* ---- attributes ---- */

static void
extract_scan_copy(char *dst, const char *v, size_t n)
{
	if (n >= EXTRACT_SCAN_ATTR)
		n = EXTRACT_SCAN_ATTR - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

/* An attribute of a start tag (html_scan_attr_fn; arg is the tag). */
static void
extract_scan_attr(void *arg, const char *name, size_t nl, const char *v,
    size_t vl)
{
	struct extract_scan_tag	*t = arg;
	char			*p;

	if (nl < 2 || nl > 11 || strchr("cisrahdt", name[0] | 32) == NULL)
		return;
#define EX_IS(s) (nl == sizeof(s) - 1 && dl_strncaseeq(name, s, nl))
	if (EX_IS("class") && t->a.cls == NULL) {
		p = extract_arena_alloc(t->arena, vl + 1);
		memcpy(p, v, vl);
		p[vl] = '\0';
		t->a.cls = p;
	} else if (EX_IS("id") && t->a.id == NULL) {
		extract_scan_copy(t->id, v, vl);
		t->a.id = t->id;
	} else if (EX_IS("itemprop") && t->a.itemprop == NULL) {
		extract_scan_copy(t->itemprop, v, vl);
		t->a.itemprop = t->itemprop;
	} else if (EX_IS("style") && t->a.style == NULL) {
		extract_scan_copy(t->style, v, vl);
		t->a.style = t->style;
	} else if (EX_IS("rel") && t->a.rel == NULL) {
		extract_scan_copy(t->rel, v, vl);
		t->a.rel = t->rel;
	} else if (EX_IS("aria-hidden") && t->a.aria_hidden == NULL) {
		extract_scan_copy(t->aria, v, vl);
		t->a.aria_hidden = t->aria;
	} else if (EX_IS("hidden"))
		t->a.hidden = 1;
	else if (EX_IS("datetime"))
		t->datetime = 1;
	else if (EX_IS("type")) {
		extract_scan_copy(t->type, v, vl);
		t->ldjson = strstr(t->type, "ld+json") != NULL;
	}
#undef EX_IS
}

/* ---- text ---- */

/* 1 if s[0..n) is only spaces. */
static int
extract_scan_blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!html_scan_space(s[i]))
			return 0;
	return 1;
}

/* Text weight and punctuation of raw text, an entity counting as the
 * character it names would (one; none for a no-break space). */
static void
extract_scan_text(struct extract_scan *sc, size_t a, size_t b)
{
	struct extract_node	*x;
	const char		*s = sc->s, *amp, *semi;
	size_t			 w = 0, p = a;

	if (extract_scan_in_table(sc) && a < b &&
	    extract_scan_blank(s + a, b - a) == 0)
		extract_scan_doubt(sc);
	if (sc->ndrop > 0 || sc->depth == 0 || a == b)
		return;
	x = &sc->c.n[sc->stack[sc->depth - 1]];
	while (p < b) {
		if ((amp = memchr(s + p, '&', b - p)) == NULL) {
			extract_text_measure(s + p, b - p, &w, &x->punct);
			break;
		}
		extract_text_measure(s + p, (size_t)(amp - s) - p, &w,
		    &x->punct);
		p = (size_t)(amp - s) + 1;
		semi = memchr(s + p, ';', b - p < 12 ? b - p : 12);
		if (semi == NULL || semi == s + p) {
			w++;
			continue;
		}
		w += !(dl_strncaseeq(s + p, "nbsp;", 5) ||
		    dl_strncaseeq(s + p, "#160;", 5) ||
		    dl_strncaseeq(s + p, "#xa0;", 5));
		p = (size_t)(semi - s) + 1;
	}
	x->text += (double)w;
	if (sc->inlink > 0)
		x->link += (double)w;
}

/* ---- tags ---- */

/* Past the end tag of the raw text element t, or the end of the input. */
static size_t
extract_scan_raw_end(struct extract_scan *sc, size_t p,
    const struct extract_scan_tag *t)
{
	size_t	 from = p;

	p = html_scan_raw_close(sc->s, sc->len, p, t->tag, t->name,
	    t->namelen);
	if (t->tag == GUMBO_TAG_SCRIPT && memmem(sc->s + from, p - from,
	    "<!--", 4) != NULL)	/* script data's escapes */
		extract_scan_doubt(sc);
	if (p >= sc->len) {	/* the cut's closing tags would be its text */
		extract_scan_doubt(sc);
		return sc->len;
	}
	return html_scan_attrs(sc->s, sc->len, p + 2 + t->namelen, NULL, NULL,
	    NULL);
}

/* What the metadata needs to see of an element: remembered by index. */
static void
extract_scan_note(struct extract_scan *sc, size_t i,
    const struct extract_scan_tag *t)
{
	if (t->tag == GUMBO_TAG_META || t->tag == GUMBO_TAG_BASE ||
	    (t->tag == GUMBO_TAG_SCRIPT && t->ldjson)) {
		sc->keep = dl_reallocarray(sc->keep, sc->nkeep + 1,
		    sizeof *sc->keep);
		sc->keep[sc->nkeep++] = i;
	}
	if (t->tag == GUMBO_TAG_TITLE && sc->title == EXTRACT_NONE_IDX)
		sc->title = i;
	if (t->tag == GUMBO_TAG_TIME && t->datetime &&
	    sc->time == EXTRACT_NONE_IDX)
		sc->time = i;
}

static int
extract_scan_in_head(GumboTag tag)
{
	return tag == GUMBO_TAG_META || tag == GUMBO_TAG_LINK ||
	    tag == GUMBO_TAG_TITLE || tag == GUMBO_TAG_STYLE ||
	    tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_BASE ||
	    tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE;
}

/* html, head and body: at most one each, as gumbo makes them. */
static int
extract_scan_frame(struct extract_scan *sc, const struct extract_scan_tag *t,
    size_t lt, size_t p)
{
	size_t	 i;

	if (t->tag == GUMBO_TAG_HTML) {
		if (sc->c.nn > 0)
			return 1;
	} else if (t->tag == GUMBO_TAG_BODY) {
		if (sc->body_end != 0)
			return 1;
		/* after content, gumbo has opened the body already */
		if (sc->depth > 0 && sc->c.n[sc->stack[sc->depth - 1]].tag !=
		    GUMBO_TAG_HTML && sc->c.n[sc->stack[sc->depth - 1]].tag !=
		    GUMBO_TAG_HEAD)
			extract_scan_doubt(sc);
		sc->body_end = p;
		if (sc->depth > 0 && sc->c.n[sc->stack[sc->depth - 1]].tag ==
		    GUMBO_TAG_HEAD)
			extract_scan_pop(sc, lt);
	} else
		return 0;
	i = extract_scan_push(sc, t, lt);
	extract_scan_flags(sc, i, t);
	sc->stack[sc->depth++] = i;
	return 1;
}

/* An element with no content: a node only when the metadata or the
 * byline may need it (it holds no text, so it never scores). Returns 1 if
 * the tag was void. */
static int
extract_scan_void(struct extract_scan *sc, const struct extract_scan_tag *t,
    size_t lt, size_t p)
{
	size_t	 i;

	if (!(extract_scan_tags[t->tag] & EX_T_VOID) && !(t->selfclose &&
	    sc->foreign > 0))
		return 0;
	if (sc->depth > 0 && sc->ndrop == 0 && extract_block_tags[t->tag])
		sc->c.n[sc->stack[sc->depth - 1]].flags |= EX_BLOCKKIDS;
	if (t->tag != GUMBO_TAG_META && t->tag != GUMBO_TAG_BASE &&
	    t->a.cls == NULL && t->a.rel == NULL && t->a.itemprop == NULL)
		return 1;
	i = extract_scan_push(sc, t, lt);
	extract_scan_flags(sc, i, t);
	extract_scan_note(sc, i, t);
	sc->c.n[i].stop = p;
	return 1;
}

/* The start tag t at s[lt..p); returns where the scan goes on. */
static size_t
extract_scan_start(struct extract_scan *sc, struct extract_scan_tag *t,
    size_t lt, size_t p)
{
	size_t	 i;

	if (extract_scan_frame(sc, t, lt, p))
		return p;
	/* In a table, outside its cells, other content is fostered; a
	 * table's part with no table open gumbo drops: not modelled. */
	if (extract_scan_hard(t->tag) ||
	    (extract_scan_in_table(sc) && !extract_scan_table_part(t->tag)) ||
	    (extract_scan_table_part(t->tag) && !extract_scan_table_open(sc)))
		extract_scan_doubt(sc);
	if (sc->depth > 0 && sc->c.n[sc->stack[sc->depth - 1]].tag ==
	    GUMBO_TAG_HEAD && !extract_scan_in_head(t->tag))
		extract_scan_pop(sc, lt);
	if (sc->foreign == 0)
		extract_scan_implied(sc, t->tag, lt);
	if (sc->depth >= EXTRACT_SCAN_DEPTH) {
		sc->deep = 1;
		return p;
	}
	if (extract_scan_void(sc, t, lt, p))
		return p;
	i = extract_scan_push(sc, t, lt);
	extract_scan_flags(sc, i, t);
	extract_scan_note(sc, i, t);
	sc->stack[sc->depth++] = i;
	sc->inlink += t->tag == GUMBO_TAG_A;
	sc->ndrop += (sc->c.n[i].flags & EX_DROP) != 0;
	sc->foreign += t->tag == GUMBO_TAG_SVG || t->tag == GUMBO_TAG_MATH;
	if ((extract_scan_tags[t->tag] & EX_T_RAW) && sc->foreign == 0) {
		p = extract_scan_raw_end(sc, p, t);
		extract_scan_pop(sc, p);
	}
	return p;
}

/* The end tag tok, which ends at p. */
static void
extract_scan_end(struct extract_scan *sc, const struct html_scan_tok *tok,
    size_t p)
{
	const char	*name = tok->name;
	size_t		 n = tok->namelen, k;
	GumboTag	 tag = tok->tag;
	long		 f = -1;

	if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML)
		return;
	if (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6 && sc->foreign == 0)
		f = extract_scan_heading(sc);
	else if (tag == GUMBO_TAG_HEAD || sc->foreign > 0 ||
	    (extract_scan_tags[tag] & EX_T_SPECIAL))	/* </li>: not past a list */
		f = extract_scan_find(sc, tag, name, n,
		    tag == GUMBO_TAG_LI ? EX_T_LIST : 0);
	else
		for (k = sc->depth; k-- > 0;) {
			if (extract_scan_same(sc, sc->stack[k], tag, name, n)) {
				f = (long)k;
				break;
			}
			if (extract_scan_tags[sc->c.n[sc->stack[k]].tag] &
			    EX_T_SPECIAL)
				break;
		}
	if (f >= 0 && sc->c.n[sc->stack[f]].tag != GUMBO_TAG_BODY) {
		sc->c.n[sc->stack[f]].flags |= EX_ENDTAG;
		extract_scan_close(sc, (size_t)f, p);
	} else if (tag == GUMBO_TAG_P || tag == GUMBO_TAG_BR ||
	    (html_tag_formatting(tag) && extract_scan_find(sc, tag, name, n,
	    0) >= 0))	/* an empty p, a br, the adoption agency */
		extract_scan_doubt(sc);
}

/* The comment s[at..p); ends gumbo reads otherwise (<!-->, --!>, none)
 * are doubted. */
static void
extract_scan_comment(struct extract_scan *sc, size_t at, size_t p)
{
	const char	*s = sc->s;
	int		 closed = p >= at + 7 && memcmp(s + p - 3, "-->", 3) == 0;

	if (!closed || (at + 4 < sc->len && s[at + 4] == '>') ||
	    (at + 5 < sc->len && s[at + 4] == '-' && s[at + 5] == '>') ||
	    memmem(s + at + 4, p - 3 - at - 4, "--!>", 4) != NULL)
		extract_scan_doubt(sc);
}

/* The markup at s[at] ('<'); returns where the scan goes on. */
static size_t
extract_scan_markup(struct extract_scan *sc, size_t at)
{
	struct html_scan_tok	 tok;
	struct extract_scan_tag	 t;
	size_t			 p;

	memset(&t.a, 0, sizeof t.a);
	t.ldjson = t.datetime = 0;
	t.arena = sc->arena;
	p = html_scan_token(sc->s, sc->len, at, &tok, extract_scan_attr, &t);
	if (tok.kind == HTML_TOK_COMMENT)
		extract_scan_comment(sc, at, p);
	else if (tok.kind == HTML_TOK_END)
		extract_scan_end(sc, &tok, p);
	else if (tok.kind == HTML_TOK_TEXT)
		extract_scan_text(sc, at, p);
	else if (tok.kind == HTML_TOK_START) {
		t.tag = tok.tag;
		t.name = tok.name;
		t.namelen = tok.namelen;
		t.selfclose = tok.selfclose;
		p = extract_scan_start(sc, &t, at, p);
	}
	return p;
}

static void
extract_scan_run(struct extract_scan *sc)
{
	const char	*s = sc->s, *lt;
	size_t		 p = 0, at;

	while (!sc->deep && (lt = memchr(s + p, '<', sc->len - p)) != NULL) {
		at = (size_t)(lt - s);
		extract_scan_text(sc, p, at);
		p = extract_scan_markup(sc, at);
		/* A tag the input ends in: the cut's closing tags end it. */
		if (p >= sc->len && s[sc->len - 1] != '>')
			extract_scan_doubt(sc);
	}
	if (!sc->deep)
		extract_scan_text(sc, p, sc->len);
	extract_scan_pop_to(sc, 0, sc->len);
}

/* ---- the region ---- */

struct extract_scan_range {
	size_t	 a, b;
	size_t	 node;	/* the element the bytes are */
};

static int
extract_scan_range_cmp(const void *x, const void *y)
{
	const struct extract_scan_range	*a = x, *b = y;

	return a->a < b->a ? -1 : a->a > b->a;
}

/* Add element i's bytes to the pieces unless the head or the region
 * holds them; -1 when it straddles the region or (limit) is too big. */
static int
extract_scan_piece(const struct extract_scan *sc, size_t i, size_t q,
    int limit, struct extract_scan_range *v, size_t *nv)
{
	const struct extract_node	*x, *r = &sc->c.n[q];

	if (i == EXTRACT_NONE_IDX)
		return 0;
	x = &sc->c.n[i];
	if (x->start < sc->body_end || (x->start >= r->start &&
	    x->stop <= r->stop))
		return 0;
	if ((x->start < r->start && x->stop > r->start) ||
	    (x->start < r->stop && x->stop > r->stop))
		return -1;
	if (limit && x->stop - x->start > EXTRACT_SCAN_SNIP)
		return -1;
	v[*nv].a = x->start;
	v[*nv].node = i;
	v[(*nv)++].b = x->stop;
	return 0;
}

/* After the bytes of the region i: the end tags of i and of the
 * elements inside it still open where it ended, when a later tag ended
 * them (an <li> ends the <p> and <div> before it): in the cut that tag
 * is not there, and the metadata after it would go inside them. Only
 * for the region: after a metadata piece (a <meta>, a <time> whose
 * attribute ran on) such end tags made gumbo disagree (fuzz_extract). */
static void
extract_scan_close_piece(const struct extract_scan *sc, size_t i,
    struct dl_buf *out)
{
	const struct extract_node	*x = &sc->c.n[i];
	const char			*name;
	size_t				 j, k;

	if (x->flags & EX_ENDTAG)
		return;
	for (j = x->end; j-- > i;) {
		if (sc->c.n[j].stop != x->stop || sc->c.n[j].start >= x->stop ||
		    (j != i && (sc->c.n[j].flags & EX_ENDTAG)))
			continue;
		name = sc->s + sc->c.n[j].start + 1;
		for (k = 0; name + k < sc->s + sc->len &&
		    !html_scan_name_end(name[k]); k++)
			continue;
		dl_buf_adds(out, "</");
		dl_buf_add(out, name, k);
		dl_buf_addc(out, '>');
	}
}

/* The head (through <body ...>), then in page order the metadata
 * elements of the body and region q. */
static int
extract_scan_compose(const struct extract_scan *sc, size_t q,
    struct dl_buf *out)
{
	struct extract_scan_range	*v;
	size_t				 nv = 0, k, last = 0;
	int				 rc = -1;

	v = dl_reallocarray(NULL, sc->nkeep + 5, sizeof *v);
	for (k = 0; k < sc->nkeep; k++)
		if (extract_scan_piece(sc, sc->keep[k], q, 0, v, &nv) < 0)
			goto out;
	if (extract_scan_piece(sc, sc->title, q, 0, v, &nv) < 0 ||
	    extract_scan_piece(sc, sc->h1, q, 1, v, &nv) < 0 ||
	    extract_scan_piece(sc, sc->byline, q, 1, v, &nv) < 0 ||
	    extract_scan_piece(sc, sc->time, q, 1, v, &nv) < 0)
		goto out;
	v[nv].a = sc->c.n[q].start;
	v[nv].node = q;
	v[nv++].b = sc->c.n[q].stop;
	qsort(v, nv, sizeof *v, extract_scan_range_cmp);
	dl_buf_add(out, sc->s, sc->body_end);
	for (k = 0; k < nv; k++) {
		if (v[k].a < last)
			continue;
		dl_buf_addc(out, '\n');
		dl_buf_add(out, sc->s + v[k].a, v[k].b - v[k].a);
		if (v[k].node == q)
			extract_scan_close_piece(sc, q, out);
		last = v[k].b;
	}
	dl_buf_adds(out, "\n</body></html>");
	rc = 0;
out:
	free(v);
	return rc;
}

/* The best score of a candidate outside the subtree of q. */
static double
extract_scan_runner_up(const struct extract_ctx *c, size_t q)
{
	double	 best = 0;
	size_t	 i;

	for (i = 0; i < c->nn; i++)
		if ((c->n[i].flags & EX_CAND) && (i < q || i >= c->n[q].end) &&
		    c->n[i].score > best)
			best = c->n[i].score;
	return best;
}

/* The region for winner w: its nearest ancestor that can stand alone as
 * a child of <body> (div, article, section, main, table); EXTRACT_NONE_IDX if
 * that would be the body itself or the scan is in doubt. */
static size_t
extract_scan_region(const struct extract_scan *sc, size_t w)
{
	const struct extract_ctx	*c = &sc->c;
	size_t				 q;

	if (w == EXTRACT_NONE_IDX || c->n[w].text < EXTRACT_ARTICLE_MIN ||
	    c->n[w].score <= 0)
		return EXTRACT_NONE_IDX;
	for (q = c->n[w].parent; q != EXTRACT_NONE_IDX; q = c->n[q].parent)
		if (extract_scan_tags[c->n[q].tag] & EX_T_REGION)
			break;
	if (q == EXTRACT_NONE_IDX || c->n[q].start < sc->body_end)
		return EXTRACT_NONE_IDX;
	if (extract_scan_runner_up(c, q) >= EXTRACT_SCAN_MARGIN *
	    c->n[w].score)
		return EXTRACT_NONE_IDX;
	return q;
}

int
extract_prescan(const char *s, size_t len, struct extract_chunk **arena,
    struct extract_cut *cut)
{
	struct extract_scan	*sc = dl_calloc(1, sizeof *sc);
	struct dl_buf		 b;
	size_t			 w, q;
	int			 rc = 0;

	sc->s = s;
	sc->len = len;
	sc->arena = arena;
	sc->c.r = &sc->r;
	sc->h1 = sc->byline = sc->time = sc->title = EXTRACT_NONE_IDX;
	dl_buf_init(&b, EXTRACT_CAP);
	if (memchr(s, '\0', len) == NULL)	/* gumbo's NUL rules: not here */
		extract_scan_run(sc);
	if (sc->deep || sc->body_end == 0 || sc->c.nn == 0)
		goto out;
	extract_sum(&sc->c);
	w = extract_score(&sc->c);
	if ((q = extract_scan_region(sc, w)) == EXTRACT_NONE_IDX ||
	    sc->c.n[q].stop - sc->c.n[q].start > (len - sc->body_end) / 2 ||
	    extract_scan_compose(sc, q, &b) < 0)
		goto out;
	cut->tag = sc->c.n[w].tag;
	cut->text = sc->c.n[w].text;
	cut->len = b.len;
	cut->buf = dl_buf_take(&b);
	rc = 1;
out:
	dl_buf_clear(&b);
	free(sc->c.n);
	free(sc->keep);
	free(sc);
	return rc;
}

/* ---- before gumbo: the bytes it is given ---- */

/* After the start tag s[at..p) of raw text element t: the text kept
 * (a JSON-LD script's, a title's, a textarea's) or left out (other
 * scripts, styles). Returns where its end tag starts. */
static size_t
extract_strip_raw(const char *s, size_t len, size_t at, size_t p,
    const struct html_scan_tok *t, struct dl_buf *b)
{
	size_t	 e;

	e = html_scan_raw_close(s, len, p, t->tag, t->name, t->namelen);
	if ((t->tag != GUMBO_TAG_SCRIPT && t->tag != GUMBO_TAG_STYLE) ||
	    (t->tag == GUMBO_TAG_SCRIPT && memmem(s + at, p - at, "ld+json",
	    7) != NULL))
		dl_buf_add(b, s + p, e - p);
	return e;
}

char *
extract_strip(const char *s, size_t len, size_t *outlen)
{
	const char		*lt;
	struct dl_buf		 b;
	size_t			 p = 0, at, q;
	struct html_scan_tok	 t;

	dl_buf_init(&b, EXTRACT_CAP);
	while ((lt = memchr(s + p, '<', len - p)) != NULL) {
		at = (size_t)(lt - s);
		dl_buf_add(&b, s + p, at - p);
		q = html_scan_token(s, len, at, &t, NULL, NULL);
		if (t.kind == HTML_TOK_COMMENT) {
			p = q;
			continue;
		}
		dl_buf_add(&b, lt, q - at);
		p = q;
		if (t.kind == HTML_TOK_START &&
		    (extract_scan_tags[t.tag] & EX_T_RAW))
			p = extract_strip_raw(s, len, at, q, &t, &b);
	}
	dl_buf_add(&b, s + p, len - p);
	*outlen = b.len;
	return dl_buf_take(&b);
}
