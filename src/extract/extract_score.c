/* extract_score.c: the page's elements in one pre-order array with their text
 * measures and boilerplate flags, scored readability-style by paragraph
 * text (class names, text weight, link density). */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "dl.h"
#include "extract.h"
#include "html.h"
#include "url.h"
#include "extract/extract_int.h"

/* Elements never shown and never counted. */
static const unsigned char extract_drop_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_HEAD] = 1, [GUMBO_TAG_SCRIPT] = 1, [GUMBO_TAG_STYLE] = 1,
	[GUMBO_TAG_NOSCRIPT] = 1, [GUMBO_TAG_TEMPLATE] = 1,
	[GUMBO_TAG_IFRAME] = 1, [GUMBO_TAG_SVG] = 1,
	[GUMBO_TAG_OBJECT] = 1, [GUMBO_TAG_EMBED] = 1, [GUMBO_TAG_CANVAS] = 1,
	[GUMBO_TAG_VIDEO] = 1, [GUMBO_TAG_AUDIO] = 1, [GUMBO_TAG_MAP] = 1,
	[GUMBO_TAG_SELECT] = 1, [GUMBO_TAG_TEXTAREA] = 1,
	[GUMBO_TAG_BUTTON] = 1, [GUMBO_TAG_INPUT] = 1, [GUMBO_TAG_META] = 1,
	[GUMBO_TAG_LINK] = 1, [GUMBO_TAG_TITLE] = 1, [GUMBO_TAG_BASE] = 1,
	[GUMBO_TAG_FRAMESET] = 1, [GUMBO_TAG_DATALIST] = 1,
};

/* Block-level children make a <div> a container, not a paragraph. */
const unsigned char extract_block_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_P] = 1, [GUMBO_TAG_DIV] = 1, [GUMBO_TAG_SECTION] = 1,
	[GUMBO_TAG_ARTICLE] = 1, [GUMBO_TAG_TABLE] = 1, [GUMBO_TAG_UL] = 1,
	[GUMBO_TAG_OL] = 1, [GUMBO_TAG_DL] = 1, [GUMBO_TAG_BLOCKQUOTE] = 1,
	[GUMBO_TAG_PRE] = 1, [GUMBO_TAG_H1] = 1, [GUMBO_TAG_H2] = 1,
	[GUMBO_TAG_H3] = 1, [GUMBO_TAG_H4] = 1, [GUMBO_TAG_H5] = 1,
	[GUMBO_TAG_H6] = 1, [GUMBO_TAG_FIGURE] = 1, [GUMBO_TAG_MAIN] = 1,
	[GUMBO_TAG_ASIDE] = 1, [GUMBO_TAG_HEADER] = 1, [GUMBO_TAG_FOOTER] = 1,
	[GUMBO_TAG_NAV] = 1, [GUMBO_TAG_FORM] = 1, [GUMBO_TAG_HR] = 1,
};

/* Boilerplate names that match a whole part of a class ("ad-slot"). */
static const char *const extract_neg_parts[] = {
	"ad", "ads", "adv", "advert", "advertisement", "banner", "nav",
	"navbar", "menu", "tags", "tag", "modal", "popup", "promo", "share",
	"social", "footer", "related", "sidebar", "sponsor", "sponsored",
	"newsletter", "subscribe", "subscription", "signup", "breadcrumb",
	"breadcrumbs", "recirc", "outbrain", "taboola", "cookie", "cookies",
	"comment", "comments", "widget", "masthead", "toolbar", "login",
	"paywall", "trending", "popular", "supplemental", NULL
};

/* Boilerplate names that match inside a word ("sharebar"). */
static const char *const extract_neg_subs[] = {
	"comment", "share", "social", "footer", "related", "promo", "advert",
	"sponsor", "newsletter", "subscribe", "sidebar", "breadcrumb",
	"recirc", "outbrain", "taboola", "popup", "cookie", "more-stories",
	"byline-bar", "navbar", "navigation", "menu",
	"disqus", "signup", NULL
};

static const char *const extract_pos_subs[] = {
	"article", "body", "content", "story", "entry", "main", "text",
	"post", NULL
};

/* Metadata inside the article: bylines, photo credits, timestamps. */
static const char *const extract_meta_parts[] = {
	"byline", "author", "credit", "credits", "copyright", "timestamp",
	"photographer", "date", "dateline-bar", "reporter", "writer",
	NULL
};


/* ---- text measures ---- */

static size_t
extract_cp_weight(uint32_t cp)
{
	switch (dl_cp_cjk(cp)) {
	case DL_CJK_HAN:
		return 3;
	case DL_CJK_HANGUL:
		return 2;
	case DL_CJK_NONE:
		break;
	}
	if (cp == 0xa0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200f) ||
	    (cp >= 0x300 && cp <= 0x36f) || cp == 0xfeff)
		return 0;
	return 1;
}

size_t
extract_text_weight(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, w = 0;
	uint32_t		 cp;

	while (i < n) {
		if (p[i] < 0x80) {
			w += p[i] > ' ';
			i++;
			continue;
		}
		i += dl_utf8_decode(s + i, n - i, &cp);
		w += extract_cp_weight(cp);
	}
	return w;
}

size_t
extract_punct_count(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k = 0, l;
	uint32_t		 cp;

	for (i = 0; i < n; i += l) {
		l = 1;
		if (p[i] == ',' || p[i] == ';') {
			k++;
			continue;
		}
		if (p[i] < 0x80)
			continue;
		l = dl_utf8_decode(s + i, n - i, &cp);
		if (cp == 0x3001 || cp == 0x3002 || cp == 0xff0c ||
		    cp == 0xff1b || cp == 0xff01 || cp == 0xff1f)
			k++;
	}
	return k;
}

void
extract_text_measure(const char *s, size_t n, size_t *weight, size_t *punct)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, w = 0, k = 0;
	uint32_t		 cp;

	while (i < n) {
		if (p[i] < 0x80) {
			w += p[i] > ' ';
			k += p[i] == ',' || p[i] == ';';
			i++;
			continue;
		}
		i += dl_utf8_decode(s + i, n - i, &cp);
		w += extract_cp_weight(cp);
		k += cp == 0x3001 || cp == 0x3002 || cp == 0xff0c ||
		    cp == 0xff1b || cp == 0xff01 || cp == 0xff1f;
	}
	*weight += w;
	*punct += k;
}

/* ---- class names ---- */

static int
extract_in(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int
extract_has_sub(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strstr(s, *list) != NULL)
			return 1;
	return 0;
}

/* Flags of one lower-cased class token. */
static unsigned int
extract_token_flags(const char *tok)
{
	char		 part[64];
	unsigned int	 f = 0;
	const char	*p = tok, *q;
	size_t		 n;

	if (extract_has_sub(extract_neg_subs, tok))
		f |= EX_C_NEG;
	if (extract_has_sub(extract_pos_subs, tok))
		f |= EX_C_POS;
	if (strstr(tok, "comment") != NULL || strstr(tok, "disqus") != NULL)
		f |= EX_C_COMMENT;
	if (strstr(tok, "pullquote") != NULL ||
	    strstr(tok, "pull-quote") != NULL)
		f |= EX_C_PULL;
	for (;;) {
		q = p + strcspn(p, "-_");
		if ((n = (size_t)(q - p)) < sizeof part) {
			memcpy(part, p, n);
			part[n] = '\0';
			if (extract_in(extract_neg_parts, part))
				f |= EX_C_NEG;
			if (extract_in(extract_meta_parts, part))
				f |= EX_C_META;
		}
		if (*q == '\0')
			break;
		p = q + 1;
	}
	return f;
}

static unsigned int
extract_names_flags(const char *s)
{
	char		 tok[128];
	unsigned int	 f = 0;
	size_t		 n, i;

	while (s != NULL && *s != '\0') {
		s += strspn(s, " \t\r\n\f");
		n = strcspn(s, " \t\r\n\f");
		if (n > 0 && n < sizeof tok) {
			for (i = 0; i < n; i++)
				tok[i] = (s[i] >= 'A' && s[i] <= 'Z') ?
				    (char)(s[i] + 32) : s[i];
			tok[n] = '\0';
			f |= extract_token_flags(tok);
		}
		s += n;
	}
	return f;
}

/* extract_names_flags through a small cache: pages repeat their class
 * names thousands of times ("card", "story-link"), and gumbo's strings
 * live until the end of extract_page, so the cache keeps pointers. */
static unsigned int
extract_names_cached(struct extract_ctx *c, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 h = 2166136261u;
	size_t			 k;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	k = h % EXTRACT_NCACHE;
	if (c->ckey[k] == NULL || strcmp(c->ckey[k], s) != 0) {
		c->ckey[k] = s;
		c->cval[k] = extract_names_flags(s);
	}
	return c->cval[k];
}

static int
extract_flags_weight(unsigned int f)
{
	int	 w = 0;

	if (f & EX_C_NEG)
		w -= 25;
	if (f & EX_C_COMMENT)
		w -= 50;
	if (f & EX_C_POS)
		w += 25;
	return w;
}

int
extract_class_weight(const char *class_attr, const char *id)
{
	return extract_flags_weight(extract_names_flags(class_attr) |
	    extract_names_flags(id));
}

/* ---- gumbo helpers ---- */

const char *
extract_attr(const GumboNode *g, const char *name)
{
	GumboAttribute	*a;

	if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_TEMPLATE)
		return NULL;
	a = gumbo_get_attribute(&g->v.element.attributes, name);
	return a == NULL ? NULL : a->value;
}

static int
extract_style_hidden(const char *style)
{
	char		 buf[256];
	size_t		 i, k = 0;

	for (i = 0; style[i] != '\0' && k + 1 < sizeof buf; i++)
		if (style[i] != ' ' && style[i] != '\t')
			buf[k++] = (style[i] >= 'A' && style[i] <= 'Z') ?
			    (char)(style[i] + 32) : style[i];
	buf[k] = '\0';
	return strstr(buf, "display:none") != NULL ||
	    strstr(buf, "visibility:hidden") != NULL;
}

/* The attributes the flags read, from a gumbo element. */
void
extract_attrs_of(const GumboNode *g, struct extract_attrs *a)
{
	a->cls = extract_attr(g, "class");
	a->id = extract_attr(g, "id");
	a->itemprop = extract_attr(g, "itemprop");
	a->style = extract_attr(g, "style");
	a->rel = extract_attr(g, "rel");
	a->aria_hidden = extract_attr(g, "aria-hidden");
	a->hidden = extract_attr(g, "hidden") != NULL;
}

static int
extract_hidden(const struct extract_attrs *a)
{
	if (a->hidden)
		return 1;
	if (a->aria_hidden != NULL && dl_strcaseeq(a->aria_hidden, "true"))
		return 1;
	return a->style != NULL && extract_style_hidden(a->style);
}

static int
extract_is_byline(const struct extract_attrs *a, unsigned int cflags)
{
	if (a->rel != NULL && dl_strcaseeq(a->rel, "author"))
		return 1;
	if (a->itemprop != NULL && strstr(a->itemprop, "author") != NULL)
		return 1;
	if (!(cflags & EX_C_META))
		return 0;
	return a->cls != NULL && (strstr(a->cls, "byline") != NULL ||
	    strstr(a->cls, "author") != NULL);
}

/* Append the text of a subtree (scripts and styles left out). MathML
 * reads as a line (html_math_text). */
static void
extract_gtext(const GumboNode *g, struct dl_buf *b, int depth)
{
	const GumboVector	*v;
	size_t			 i;

	if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
	    g->type == GUMBO_NODE_CDATA) {
		dl_buf_adds(b, g->v.text.text);
		return;
	}
	if ((g->type != GUMBO_NODE_ELEMENT && g->type !=
	    GUMBO_NODE_TEMPLATE) || depth > EXTRACT_MAX_DEPTH)
		return;
	if (g->v.element.tag == GUMBO_TAG_SCRIPT ||
	    g->v.element.tag == GUMBO_TAG_STYLE)
		return;
	if (g->v.element.tag == GUMBO_TAG_BR)
		dl_buf_addc(b, ' ');
	if (g->v.element.tag == GUMBO_TAG_MATH) {
		html_math_text(g, b);
		return;
	}
	v = &g->v.element.children;
	for (i = 0; i < v->length; i++)
		extract_gtext(v->data[i], b, depth + 1);
}

/* s with white space runs collapsed to one space and trimmed; NULL if
 * nothing is left. */
char *
extract_collapse(const char *s)
{
	struct dl_buf	 b;
	int		 sp = 0;

	if (s == NULL)
		return NULL;
	dl_buf_init(&b, EXTRACT_CAP);
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f') {
			sp = b.len > 0;
			continue;
		}
		if (sp)
			dl_buf_addc(&b, ' ');
		sp = 0;
		dl_buf_addc(&b, *s);
	}
	if (b.len == 0) {
		dl_buf_clear(&b);
		return NULL;
	}
	return dl_buf_take(&b);
}

char *
extract_node_text(const GumboNode *g)
{
	struct dl_buf	 b;
	char		*s;

	dl_buf_init(&b, EXTRACT_CAP);
	extract_gtext(g, &b, 0);
	s = extract_collapse(dl_buf_str(&b));
	dl_buf_clear(&b);
	return s;
}

void
extract_set(char **dst, char *s)
{
	if (*dst == NULL)
		*dst = s;
	else
		free(s);
}

void
extract_set_date(char **dst, const char *s)
{
	char	 buf[DATE_RFC3339_SIZE];
	int64_t	 t;

	if (*dst != NULL || s == NULL)
		return;
	t = date_parse(s);
	if (t != DATE_NONE && date_format_rfc3339(t, buf, sizeof buf) == 0)
		*dst = dl_strdup(buf);
}

/* ---- the node array ---- */

static size_t
extract_push(struct extract_ctx *c, const GumboNode *g, size_t parent)
{
	struct extract_node	*x;

	if (c->nn == c->size) {
		c->size = c->size == 0 ? 256 : c->size * 2;
		c->n = dl_reallocarray(c->n, c->size, sizeof *c->n);
	}
	x = &c->n[c->nn];
	memset(x, 0, sizeof *x);
	x->g = g;
	x->tag = g->v.element.tag;
	x->parent = parent;
	return c->nn++;
}

unsigned int
extract_elem_flags(struct extract_ctx *c, GumboTag tag,
    const struct extract_attrs *a, int *cw, int *byline)
{
	unsigned int	 cf, f = 0;

	*cw = *byline = 0;
	if (extract_drop_tags[tag] || extract_hidden(a))
		return EX_DROP;
	cf = extract_names_cached(c, a->cls) | extract_names_flags(a->id);
	*cw = extract_flags_weight(cf);
	if (tag == GUMBO_TAG_ARTICLE || (a->itemprop != NULL &&
	    strstr(a->itemprop, "articleBody") != NULL))
		f |= EX_BONUS;
	f |= (cf & EX_C_NEG) ? EX_NEG : 0;
	f |= (cf & EX_C_POS) ? EX_POS : 0;
	/* A page's flags on <body> ("commented", "f_comment_on") name
	 * features, not its part. */
	if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML)
		cf &= ~(unsigned int)EX_C_COMMENT;
	f |= (cf & EX_C_COMMENT) ? EX_COMMENT : 0;
	f |= (cf & EX_C_PULL) ? EX_PULL : 0;
	if ((*byline = extract_is_byline(a, cf)) || (cf & EX_C_META))
		f |= EX_META;
	if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE ||
	    tag == GUMBO_TAG_FOOTER || (cf & EX_C_COMMENT) ||
	    ((cf & EX_C_NEG) && !(cf & EX_C_POS) && !(f & EX_BONUS) &&
	    tag != GUMBO_TAG_BODY && tag != GUMBO_TAG_HTML &&
	    tag != GUMBO_TAG_MAIN))
		f |= EX_UNL;
	return f;
}

/* Does g hold MathML (within a few levels)? */
static int
extract_holds_math(const GumboNode *g, int depth)
{
	const GumboVector	*v = &g->v.element.children;
	const GumboNode		*k;
	size_t			 j;

	if (g->v.element.tag == GUMBO_TAG_MATH)
		return 1;
	if (depth >= 6)
		return 0;
	for (j = 0; j < v->length; j++) {
		k = v->data[j];
		if (k->type == GUMBO_NODE_ELEMENT &&
		    extract_holds_math(k, depth + 1))
			return 1;
	}
	return 0;
}

/* Flags an element gets from its own tag, names and attributes. */
static unsigned int
extract_own_flags(struct extract_ctx *c, size_t i)
{
	const GumboNode		*g = c->n[i].g;
	struct extract_attrs	 a;
	unsigned int		 f;
	int			 byline;

	extract_attrs_of(g, &a);
	f = extract_elem_flags(c, c->n[i].tag, &a, &c->n[i].cw, &byline);
	if (f & EX_DROP)
		return f;
	/* A formula is the story's whatever its wrapper is named: MathJax
	 * names every one "MathJax CtxtMenu_Attached_0" (a menu, to the
	 * names above) once its context menu is attached. */
	if ((f & (EX_UNL | EX_NEG)) && !(f & EX_COMMENT) &&
	    c->n[i].tag != GUMBO_TAG_NAV && c->n[i].tag != GUMBO_TAG_ASIDE &&
	    c->n[i].tag != GUMBO_TAG_FOOTER && extract_holds_math(g, 0))
		f &= ~(EX_UNL | EX_NEG);
	if (c->byline == NULL && byline)
		c->byline = g;
	if (c->h1 == NULL && c->n[i].tag == GUMBO_TAG_H1)
		c->h1 = g;
	return f;
}

static void
extract_text_node(struct extract_ctx *c, size_t i, const GumboNode *t,
    int inlink)
{
	const char		*s = t->v.text.text;
	struct extract_node	*x = &c->n[i];
	size_t			 w = 0;

	if (t->type == GUMBO_NODE_WHITESPACE)
		return;
	extract_text_measure(s, strlen(s), &w, &x->punct);
	x->text += (double)w;
	if (inlink)
		x->link += (double)w;
}

static void
extract_children(struct extract_ctx *c, size_t i, unsigned int inh,
    int inlink, int depth)
{
	const GumboVector	*v = &c->n[i].g->v.element.children;
	const GumboNode		*k;
	size_t			 j;

	for (j = 0; j < v->length; j++) {
		k = v->data[j];
		if (k->type == GUMBO_NODE_ELEMENT ||
		    k->type == GUMBO_NODE_TEMPLATE) {
			if (extract_block_tags[k->v.element.tag])
				c->n[i].flags |= EX_BLOCKKIDS;
			extract_build(c, k, i, inh, inlink, depth + 1);
		} else if (k->type == GUMBO_NODE_TEXT ||
		    k->type == GUMBO_NODE_CDATA ||
		    k->type == GUMBO_NODE_WHITESPACE)
			extract_text_node(c, i, k, inlink);
	}
}

void
extract_build(struct extract_ctx *c, const GumboNode *g, size_t parent,
    unsigned int inh, int inlink, int depth)
{
	size_t		 i = extract_push(c, g, parent);
	unsigned int	 f;

	extract_collect(c, g);
	f = extract_own_flags(c, i);
	c->n[i].flags = f | inh;
	if ((f & EX_DROP) || depth > EXTRACT_MAX_DEPTH) {
		c->n[i].flags |= EX_DROP;
		if (g->v.element.tag != GUMBO_TAG_SCRIPT &&
		    g->v.element.tag != GUMBO_TAG_META)
			extract_meta_walk(c, g, depth);
		c->n[i].end = c->nn;
		return;
	}
	if (g->v.element.tag == GUMBO_TAG_IMG)
		c->n[i].nimg = 1;
	inlink |= g->v.element.tag == GUMBO_TAG_A;
	if (f & (EX_UNL | EX_INUNL))
		inh |= EX_INUNL;
	if ((f & EX_COMMENT) && !(f & EX_POS))
		inh |= EX_INCOMMENT;
	extract_children(c, i, inh, inlink, depth);
	c->n[i].end = c->nn;
}

/* Children's measures into their parents: children follow parents. */
void
extract_sum(struct extract_ctx *c)
{
	struct extract_node	*x, *p;
	size_t			 i;

	for (i = c->nn; i-- > 1;) {
		x = &c->n[i];
		/* Boilerplate is not its container's text (Readability
		 * removes it before it measures). */
		if (x->parent == EXTRACT_NONE_IDX || (x->flags & EX_UNL))
			continue;
		p = &c->n[x->parent];
		p->text += x->text;
		p->link += x->link;
		p->punct += x->punct;
		p->nimg += x->nimg;
	}
}

/* ---- scoring ---- */

double
extract_ld(const struct extract_node *x)
{
	return x->text > 0 ? x->link / x->text : 0;
}

int
extract_is_para(const struct extract_node *x)
{
	GumboTag	 tag = x->tag;

	if (tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE ||
	    tag == GUMBO_TAG_TD)
		return 1;
	return (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION) &&
	    !(x->flags & EX_BLOCKKIDS);
}

static void
extract_cand_init(const struct extract_ctx *c, struct extract_node *x)
{
	switch (x->tag) {
	case GUMBO_TAG_DIV:
	case GUMBO_TAG_ARTICLE:
	case GUMBO_TAG_SECTION:
	case GUMBO_TAG_MAIN:
		x->score = 5;
		break;
	case GUMBO_TAG_PRE:
	case GUMBO_TAG_TD:
	case GUMBO_TAG_BLOCKQUOTE:
		x->score = 3;
		break;
	case GUMBO_TAG_OL:
	case GUMBO_TAG_UL:
	case GUMBO_TAG_DL:
	case GUMBO_TAG_LI:
	case GUMBO_TAG_FORM:
		x->score = -3;
		break;
	default:
		x->score = 0;
		break;
	}
	if (c->relax < EX_R_CW)
		x->score += x->cw;
	if (x->flags & EX_BONUS)
		x->score += 25;
	x->flags |= EX_CAND;
}

/* Flags that keep an element from scoring: boilerplate names and tags
 * until the relaxed passes drop that filter. */
static unsigned int
extract_skip_mask(const struct extract_ctx *c)
{
	return c->relax >= EX_R_UNL ? EX_DROP | EX_INCOMMENT :
	    EX_DROP | EX_INUNL | EX_UNL;
}

static void
extract_add_score(struct extract_ctx *c, size_t i, double s)
{
	struct extract_node	*x;

	if (i == EXTRACT_NONE_IDX)
		return;
	x = &c->n[i];
	if (x->flags & extract_skip_mask(c))
		return;
	if (!(x->flags & EX_CAND))
		extract_cand_init(c, x);
	x->score += s;
}

#define EXTRACT_NTOP	5	/* candidates weighed for the winner */

/* A paragraph's score into its ancestors, five levels up (not <html>):
 * the parent whole, the grandparent half, then a third of the level. */
static void
extract_score_up(struct extract_ctx *c, size_t i, double s)
{
	size_t	 p = c->n[i].parent;
	int	 level;

	for (level = 0; level < 5 && p != EXTRACT_NONE_IDX; level++) {
		if (c->n[p].tag == GUMBO_TAG_HTML)
			break;
		extract_add_score(c, p, level == 0 ? s : level == 1 ? s / 2 :
		    s / (level * 3));
		p = c->n[p].parent;
	}
}

/* Insert candidate i into the best EXTRACT_NTOP, best first. */
static void
extract_top_add(const struct extract_ctx *c, size_t *top, size_t i)
{
	size_t	 k, j;

	for (k = 0; k < EXTRACT_NTOP; k++)
		if (top[k] == EXTRACT_NONE_IDX ||
		    c->n[i].score > c->n[top[k]].score)
			break;
	if (k == EXTRACT_NTOP)
		return;
	for (j = EXTRACT_NTOP - 1; j > k; j--)
		top[j] = top[j - 1];
	top[k] = i;
}

static int
extract_is_ancestor(const struct extract_ctx *c, size_t a, size_t i)
{
	return i > a && i < c->n[a].end;
}

/* Three or more close runners-up (0.75 of the best) under one ancestor
 * of the best: the story is split among them, and that ancestor wins. */
static size_t
extract_common(const struct extract_ctx *c, const size_t *top)
{
	size_t	 w = top[0], p, k, alt = 0, in;

	for (k = 1; k < EXTRACT_NTOP && top[k] != EXTRACT_NONE_IDX; k++)
		alt += c->n[top[k]].score >= 0.75 * c->n[w].score;
	if (alt < 3)
		return w;
	for (p = c->n[w].parent; p != EXTRACT_NONE_IDX &&
	    c->n[p].tag != GUMBO_TAG_BODY; p = c->n[p].parent) {
		in = 0;
		for (k = 1; k < EXTRACT_NTOP && top[k] != EXTRACT_NONE_IDX; k++)
			in += c->n[top[k]].score >= 0.75 * c->n[w].score &&
			    extract_is_ancestor(c, p, top[k]);
		if (in >= 3)
			return p;
	}
	return w;
}

/* Is w the only child of p that is shown and not boilerplate? */
static int
extract_only_child(const struct extract_ctx *c, size_t p, size_t w)
{
	size_t	 j;

	for (j = p + 1; j < c->n[p].end; j = c->n[j].end)
		if (j != w && !(c->n[j].flags & (EX_DROP | EX_UNL)))
			return 0;
	return 1;
}

/* Up to a parent that scores more than the winner (through parents that
 * keep a third of its score), then through parents it is the only child
 * of (short of the body's children: what is beside them is the page's). */
static size_t
extract_climb(const struct extract_ctx *c, size_t w)
{
	size_t	 p;
	double	 last = c->n[w].score, thr = last / 3;

	for (p = c->n[w].parent; p != EXTRACT_NONE_IDX &&
	    c->n[p].tag != GUMBO_TAG_BODY; p = c->n[p].parent) {
		if (!(c->n[p].flags & EX_CAND))
			continue;
		if (c->n[p].score < thr)
			break;
		if (c->n[p].score > last) {
			w = p;
			break;
		}
		last = c->n[p].score;
	}
	while ((p = c->n[w].parent) != EXTRACT_NONE_IDX &&
	    c->n[p].parent != EXTRACT_NONE_IDX &&
	    c->n[c->n[p].parent].tag != GUMBO_TAG_BODY &&
	    c->n[p].tag != GUMBO_TAG_BODY && c->n[p].tag != GUMBO_TAG_HTML &&
	    extract_only_child(c, p, w))
		w = p;
	return w;
}

/* Score every paragraph into its ancestors;
 * returns the best candidate, or EXTRACT_NONE_IDX. */
size_t
extract_score(struct extract_ctx *c)
{
	struct extract_node	*x;
	size_t			 i, best, top[EXTRACT_NTOP];
	double			 s;

	for (i = 0; i < EXTRACT_NTOP; i++)
		top[i] = EXTRACT_NONE_IDX;

	for (i = 0; i < c->nn; i++) {
		c->n[i].flags &= ~EX_CAND;
		c->n[i].score = 0;
	}
	for (i = 0; i < c->nn; i++) {
		x = &c->n[i];
		if ((x->flags & extract_skip_mask(c)) ||
		    !extract_is_para(x) || x->text < EXTRACT_PARA_MIN)
			continue;
		c->r->nparas += c->relax == 0;
		/* What the cleaner would cut does not vote: a grid of link
		 * cards (short texts, mostly links) would otherwise make
		 * <body> outscore the story. */
		if (extract_ld(x) > 0.5 && x->text < 300 &&
		    c->relax < EX_R_CLEAN)
			continue;
		s = 1 + (double)x->punct + (x->text / 100 > 3 ? 3 :
		    (double)(size_t)(x->text / 100));
		extract_score_up(c, i, s);
	}
	for (i = 0; i < c->nn; i++) {
		x = &c->n[i];
		if (!(x->flags & EX_CAND))
			continue;
		x->score *= 1 - extract_ld(x);
		extract_top_add(c, top, i);
	}
	if ((best = top[0]) == EXTRACT_NONE_IDX)
		return best;
	return extract_climb(c, extract_common(c, top));
}

/* ---- link density of a gumbo subtree (tests) ---- */

static void
extract_ld_node(const GumboNode *g, int inlink, double *text, double *link,
    int depth)
{
	struct extract_attrs	 a;
	const GumboVector	*v;
	double			 w;
	size_t			 i;

	if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA) {
		w = (double)extract_text_weight(g->v.text.text,
		    strlen(g->v.text.text));
		*text += w;
		if (inlink)
			*link += w;
		return;
	}
	if (g->type != GUMBO_NODE_ELEMENT || depth > EXTRACT_MAX_DEPTH ||
	    extract_drop_tags[g->v.element.tag])
		return;
	extract_attrs_of(g, &a);
	if (extract_hidden(&a))
		return;
	inlink |= g->v.element.tag == GUMBO_TAG_A;
	v = &g->v.element.children;
	for (i = 0; i < v->length; i++)
		extract_ld_node(v->data[i], inlink, text, link, depth + 1);
}

double
extract_link_density(const GumboNode *node)
{
	double	 text = 0, link = 0;

	if (node == NULL)
		return 0;
	extract_ld_node(node, 0, &text, &link, 0);
	return text > 0 ? link / text : 0;
}
