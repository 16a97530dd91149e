/* extract_clean.c: the winner and its story siblings cleaned of
 * boilerplate and serialised as HTML with absolute links, then read back
 * as paragraphs of text. */
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

/* Removed from the article when cleaning it (besides the above). */
static const unsigned char extract_clean_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_FORM] = 1, [GUMBO_TAG_NAV] = 1, [GUMBO_TAG_ASIDE] = 1,
	[GUMBO_TAG_FOOTER] = 1, [GUMBO_TAG_HEADER] = 1, [GUMBO_TAG_H1] = 1,
	[GUMBO_TAG_FIELDSET] = 1, [GUMBO_TAG_LABEL] = 1,
};

/* Blocks that conditional cleaning weighs by their link density. */
static const unsigned char extract_cond_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_DIV] = 1, [GUMBO_TAG_SECTION] = 1, [GUMBO_TAG_UL] = 1,
	[GUMBO_TAG_OL] = 1, [GUMBO_TAG_DL] = 1, [GUMBO_TAG_TABLE] = 1,
	[GUMBO_TAG_P] = 1, [GUMBO_TAG_H2] = 1, [GUMBO_TAG_H3] = 1,
	[GUMBO_TAG_H4] = 1, [GUMBO_TAG_H5] = 1, [GUMBO_TAG_H6] = 1,
	[GUMBO_TAG_ARTICLE] = 1, [GUMBO_TAG_MAIN] = 1,
	[GUMBO_TAG_UNKNOWN] = 1,
};

/* Elements the serialiser writes with no end tag. */
static const unsigned char extract_void_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_BR] = 1, [GUMBO_TAG_HR] = 1, [GUMBO_TAG_IMG] = 1,
	[GUMBO_TAG_WBR] = 1,
};

/* ---- cleaning and serialising ---- */

/* A list, or a box whose text is nine tenths lists: a list of links
 * with words of their own (references, notes) is the story's; only one
 * that is nearly all links (related stories, a menu) goes. */
static int
extract_list_like(const struct extract_ctx *c, size_t i)
{
	const struct extract_node	*x = &c->n[i];
	size_t				 j;
	double				 lists = 0;

	if (x->tag == GUMBO_TAG_UL || x->tag == GUMBO_TAG_OL ||
	    x->tag == GUMBO_TAG_DL)
		return 1;
	if (x->tag != GUMBO_TAG_DIV && x->tag != GUMBO_TAG_SECTION)
		return 0;
	for (j = i + 1; j < x->end;) {
		if (c->n[j].tag == GUMBO_TAG_UL || c->n[j].tag == GUMBO_TAG_OL ||
		    c->n[j].tag == GUMBO_TAG_DL) {
			lists += c->n[j].text;
			j = c->n[j].end;
		} else
			j++;
	}
	return x->text > 0 && lists >= 0.9 * x->text;
}

/* Should element i, inside the article, go? */
static int
extract_clean_out(const struct extract_ctx *c, size_t i)
{
	const struct extract_node	*x = &c->n[i];
	GumboTag			 tag = x->g->v.element.tag;
	double				 ld = extract_ld(x);

	if ((x->flags & (EX_DROP | EX_META | EX_PULL | EX_COMMENT)) ||
	    extract_clean_tags[tag] || extract_rule_remove(c, i))
		return 1;
	if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_BR ||
	    tag == GUMBO_TAG_HR)
		return 0;
	if (x->text == 0 && x->nimg == 0)
		return 1;
	if ((x->flags & EX_UNL) && c->relax < EX_R_UNL)
		return 1;
	if (c->relax >= EX_R_CLEAN)
		return 0;
	if ((x->flags & EX_NEG) && c->relax < EX_R_CW &&
	    (ld > 0.25 || x->text < 200))
		return 1;
	/* Link density judges blocks only (as Readability's conditional
	 * cleaning does): list items, cells, figures and inline elements go
	 * with the list, table or paragraph they are in. */
	if (!extract_cond_tags[tag])
		return 0;
	/* A paragraph with words of its own around a link ("Follow our
	 * coverage at https://...") is the story's, as Readability keeps
	 * every <p>; one that is nearly all link ("Related: ...") is not. */
	if (extract_list_like(c, i))
		return ld > 0.8 && x->text < 300;
	if (ld > 0.5 && x->text < 300 && (tag != GUMBO_TAG_P ||
	    x->text - x->link < 15))
		return 1;
	if ((tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION ||
	    tag == GUMBO_TAG_TABLE) && ld > 0.33 && x->text < 200)
		return 1;
	return 0;
}

/* An <img> of a <noscript> right after g (whitespace between). */
static const GumboNode *
extract_noscript_img(const GumboNode *g)
{
	const GumboVector	*v;
	const GumboNode		*n = NULL, *k;
	size_t			 i;

	if (g->parent == NULL || g->parent->type != GUMBO_NODE_ELEMENT)
		return NULL;
	v = &g->parent->v.element.children;
	for (i = g->index_within_parent + 1; i < v->length; i++) {
		n = v->data[i];
		if (n->type != GUMBO_NODE_WHITESPACE)
			break;
	}
	if (n == NULL || n->type != GUMBO_NODE_ELEMENT ||
	    n->v.element.tag != GUMBO_TAG_NOSCRIPT)
		return NULL;
	v = &n->v.element.children;
	for (i = 0; i < v->length; i++) {
		k = v->data[i];
		if (k->type == GUMBO_NODE_ELEMENT &&
		    k->v.element.tag == GUMBO_TAG_IMG)
			return k;
	}
	return NULL;
}

/* An image's real address: lazy loaders leave src empty or a data: URI
 * placeholder and keep it in data-src (or similar), or in a <noscript>
 * copy of the image right after. */
static const char *
extract_img_src(const GumboNode *g)
{
	static const char *const lazy[] = { "data-src", "data-original",
	    "data-lazy-src", "data-url", NULL };
	const char	*v = extract_attr(g, "src"), *l;
	const GumboNode	*ns;
	size_t		 k;

	if (v != NULL && *v != '\0' && strncmp(v, "data:", 5) != 0)
		return v;
	for (k = 0; lazy[k] != NULL; k++)
		if ((l = extract_attr(g, lazy[k])) != NULL && *l != '\0')
			return l;
	if ((ns = extract_noscript_img(g)) != NULL &&
	    (l = extract_attr(ns, "src")) != NULL && *l != '\0')
		return l;
	return v;
}

static void
extract_ser_attrs(const struct extract_ctx *c, const GumboNode *g,
    struct dl_buf *b)
{
	static const char *const keep[] = { "href", "src", "alt", "start",
	    "colspan", NULL };
	const char	*v;
	char		*u;
	size_t		 k;

	for (k = 0; keep[k] != NULL; k++) {
		v = k == 1 && g->v.element.tag == GUMBO_TAG_IMG ?
		    extract_img_src(g) : extract_attr(g, keep[k]);
		if (v == NULL)
			continue;
		u = NULL;
		if (k < 2 && (u = url_resolve(c->base, v)) != NULL)
			v = u;
		dl_buf_addf(b, " %s=\"", keep[k]);
		dl_buf_adds_html(b, v, 1);
		dl_buf_addc(b, '"');
		free(u);
	}
}

static void	extract_ser(const struct extract_ctx *, size_t, struct dl_buf *);

static void
extract_ser_children(const struct extract_ctx *c, size_t i,
    struct dl_buf *b)
{
	const GumboVector	*v = &c->n[i].g->v.element.children;
	const GumboNode		*k;
	size_t			 j, next = i + 1;

	for (j = 0; j < v->length; j++) {
		k = v->data[j];
		if (k->type == GUMBO_NODE_ELEMENT ||
		    k->type == GUMBO_NODE_TEMPLATE) {
			if (next >= c->n[i].end || c->n[next].g != k)
				continue;
			if (!extract_clean_out(c, next))
				extract_ser(c, next, b);
			next = c->n[next].end;
		} else if (k->type == GUMBO_NODE_TEXT ||
		    k->type == GUMBO_NODE_WHITESPACE ||
		    k->type == GUMBO_NODE_CDATA)
			dl_buf_adds_html(b, k->v.text.text, 0);
	}
}

/* MathML as its text, inline: its elements are no HTML to show. */
static void
extract_ser_math(const GumboNode *g, struct dl_buf *b)
{
	char	*t = extract_node_text(g);

	if (t == NULL)
		return;
	dl_buf_adds(b, "<span>");
	dl_buf_adds_html(b, t, 0);
	dl_buf_adds(b, "</span>");
	free(t);
}

static void
extract_ser(const struct extract_ctx *c, size_t i, struct dl_buf *b)
{
	GumboTag	 tag = c->n[i].g->v.element.tag;
	const char	*name = gumbo_normalized_tagname(tag);

	if (tag == GUMBO_TAG_MATH) {
		extract_ser_math(c->n[i].g, b);
		return;
	}
	/* Custom elements: inline unless they hold blocks. */
	if (tag == GUMBO_TAG_UNKNOWN || *name == '\0')
		name = (c->n[i].flags & EX_BLOCKKIDS) ? "div" : "span";
	if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML)
		name = "div";
	dl_buf_addf(b, "<%s", name);
	extract_ser_attrs(c, c->n[i].g, b);
	dl_buf_addc(b, '>');
	if (extract_void_tags[tag])
		return;
	extract_ser_children(c, i, b);
	dl_buf_addf(b, "</%s>", name);
}

/* Does the text of g end a sentence ("." at its end or before a space)?
 * A short line without one is a dateline, a credit, a label. */
static int
extract_sentence(const GumboNode *g)
{
	char	*t = extract_node_text(g), *p;
	int	 yes = 0;

	for (p = t; p != NULL && (p = strchr(p, '.')) != NULL; p++)
		if (p[1] == '\0' || p[1] == ' ') {
			yes = 1;
			break;
		}
	free(t);
	return yes;
}

/* A paragraph: <p>, a <div> of inline content, or a <div> around one
 * <p> and nothing else (a lead in a box of its own). */
static int
extract_para_like(const struct extract_ctx *c, size_t s)
{
	const struct extract_node	*x = &c->n[s];

	if (x->tag == GUMBO_TAG_P || (x->tag == GUMBO_TAG_DIV &&
	    !(x->flags & EX_BLOCKKIDS)))
		return 1;
	return x->tag == GUMBO_TAG_DIV && s + 1 < c->nn &&
	    c->n[s + 1].tag == GUMBO_TAG_P && c->n[s + 1].end == x->end &&
	    c->n[s + 1].text == x->text;
}

/* Does sibling s of the winner w belong to the story? */
static int
extract_sibling_ok(const struct extract_ctx *c, size_t w, size_t s)
{
	const struct extract_node	*x = &c->n[s], *wx = &c->n[w];
	double				 thr, bonus = 0;
	const char			*a, *b;

	if (s == w)
		return 1;
	if ((x->flags & (EX_DROP | EX_META | EX_PULL)) ||
	    ((x->flags & (EX_UNL | EX_INUNL)) && c->relax < EX_R_UNL))
		return 0;
	thr = wx->score * 0.2 > 10 ? wx->score * 0.2 : 10;
	a = extract_attr(x->g, "class");
	b = extract_attr(wx->g, "class");
	if (a != NULL && b != NULL && *a != '\0' && strcmp(a, b) == 0)
		bonus = wx->score * 0.2;
	if ((x->flags & EX_CAND) && x->score + bonus >= thr)
		return 1;
	if (!extract_para_like(c, s))
		return 0;
	if (x->text > 80 && extract_ld(x) < 0.25)
		return 1;
	return x->text >= EXTRACT_PARA_MIN && x->link == 0 &&
	    extract_sentence(x->g);
}

char *
extract_serialise(const struct extract_ctx *c, size_t w)
{
	struct dl_buf	 b;
	size_t		 p = c->n[w].parent, s;

	dl_buf_init(&b, EXTRACT_CAP);
	dl_buf_adds(&b, "<article>");
	if (p == EXTRACT_NONE_IDX || c->n[w].g->v.element.tag ==
	    GUMBO_TAG_BODY)
		extract_ser_children(c, w, &b);
	else {
		for (s = p + 1; s < c->n[p].end; s = c->n[s].end) {
			if (!extract_sibling_ok(c, w, s))
				continue;
			if (s == w || !extract_clean_out(c, s))
				extract_ser(c, s, &b);
		}
	}
	dl_buf_adds(&b, "</article>");
	return dl_buf_take(&b);
}

/* ---- text ---- */

/* Any letter or digit? "___" and "* * *" are decoration, not text. */
static int
extract_has_word(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || (s[i] >= '0' &&
		    s[i] <= '9') || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z'))
			return 1;
	return 0;
}

char *
extract_doc_text(const char *html, size_t *weight)
{
	struct html_doc		*d = html_doc_parse(html, strlen(html), NULL);
	const struct html_block	*bl;
	struct dl_buf		 b;
	size_t			 i;

	dl_buf_init(&b, EXTRACT_CAP);
	*weight = 0;
	for (i = 0; i < d->nblocks; i++) {
		bl = &d->blocks[i];
		if (bl->kind == HTML_IMAGE || bl->kind == HTML_RULE ||
		    !extract_has_word(bl->text, bl->len))
			continue;
		if (b.len > 0)
			dl_buf_adds(&b, "\n\n");
		dl_buf_add(&b, bl->text, bl->len);
		*weight += extract_text_weight(bl->text, bl->len);
	}
	html_doc_free(d);
	return dl_buf_take(&b);
}

/* articleBody split on newlines into paragraphs, as text and HTML. */
void
extract_from_ld(struct extract_ctx *c)
{
	struct dl_buf	 t, h;
	const char	*s = c->ld_body, *e;
	char		*p, *q;

	dl_buf_init(&t, EXTRACT_CAP);
	dl_buf_init(&h, EXTRACT_CAP);
	dl_buf_adds(&h, "<article>");
	for (; *s != '\0'; s = *e == '\0' ? e : e + 1) {
		e = s + strcspn(s, "\n");
		p = dl_strndup(s, (size_t)(e - s));
		q = extract_collapse(p);
		free(p);
		if (q == NULL)
			continue;
		if (t.len > 0)
			dl_buf_adds(&t, "\n\n");
		dl_buf_adds(&t, q);
		dl_buf_adds(&h, "<p>");
		dl_buf_adds_html(&h, q, 0);
		dl_buf_adds(&h, "</p>");
		free(q);
	}
	dl_buf_adds(&h, "</article>");
	free(c->r->text);
	free(c->r->html);
	c->r->text = dl_buf_take(&t);
	c->r->html = dl_buf_take(&h);
}

/* ---- the relaxed passes ---- */

/* One pass at c->relax: the article's HTML, or NULL; *weight its text. */
static char *
extract_relaxed_pass(struct extract_ctx *c, size_t *weight, char **text)
{
	size_t	 w = extract_score(c), i;
	char	*html;

	*weight = 0;
	*text = NULL;
	/* No paragraph at all (text straight in <body>, lines too short to
	 * score): the whole body, as Readability falls back to. */
	for (i = 0; w == EXTRACT_NONE_IDX && c->relax == EX_R_CLEAN &&
	    i < c->nn; i++)
		if (c->n[i].tag == GUMBO_TAG_BODY)
			w = i;
	/* A grid of links is no article, however the rules are bent. */
	if (w == EXTRACT_NONE_IDX || extract_ld(&c->n[w]) >= 0.5)
		return NULL;
	html = extract_serialise(c, w);
	*text = extract_doc_text(html, weight);
	return html;
}

void
extract_relaxed(struct extract_ctx *c)
{
	struct extract_result	*r = c->r;
	char			*html, *text;
	size_t			 weight, best = 0;

	/* The strict pass's short text first: a bent rule must find more
	 * than three times as much to win over it (a short story beside a
	 * longer "about us" box stays the story; where the strict pass
	 * misses the story, the others find twenty times more). */
	for (c->relax = 0; c->relax <= EX_R_CLEAN; c->relax++) {
		html = extract_relaxed_pass(c, &weight, &text);
		if (html != NULL && weight > 3 * best &&
		    weight >= EXTRACT_RELAXED_MIN) {
			free(r->html);
			free(r->text);
			r->html = html;
			r->text = text;
			best = weight;
			r->status = EXTRACT_OK;
			continue;
		}
		free(html);
		free(text);
	}
	c->relax = 0;
}
