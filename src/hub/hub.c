/* hub.c: hub pages turned into story items by headline-like links that
 * share a URL shape, with their teasers and timestamps (hub_parse), and the
 * string and map helpers the other hub_*.c files share. */
#include "config.h"

#include <gumbo.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "hub_int.h"

/* Class tokens of the parts that hold a promo's teaser. */
static const char *const hub_teaser_class[] = {
	"description", "teaser", "summary", "dek", "excerpt", "standfirst",
	"abstract", "snippet", "lede", NULL
};

int
hub_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
hub_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int
hub_starts_ci(const char *s, const char *prefix)
{
	return dl_strncaseeq(s, prefix, strlen(prefix));
}

int
hub_in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (dl_strcaseeq(*list, s))
			return 1;
	return 0;
}

/* ---- a small hash map ------------------------------------------- */

static void
hub_map_init(struct hub_map *m, int strkeys)
{
	m->v = NULL;
	m->size = m->n = 0;
	m->strkeys = strkeys;
}

static size_t
hub_map_hash(const struct hub_map *m, const void *key)
{
	const unsigned char	*p = key;
	uint64_t		 h = 1469598103934665603ULL;

	if (!m->strkeys)
		return (size_t)(((uintptr_t)key >> 4) * 11400714819323198485ULL);
	for (; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)h;
}

static struct hub_map_ent *
hub_map_slot(const struct hub_map *m, const void *key)
{
	size_t	 i = hub_map_hash(m, key) & (m->size - 1);

	while (m->v[i].key != NULL && (m->strkeys ? strcmp(m->v[i].key,
	    key) != 0 : m->v[i].key != key))
		i = (i + 1) & (m->size - 1);
	return &m->v[i];
}

static void
hub_map_grow(struct hub_map *m)
{
	struct hub_map_ent	*old = m->v;
	size_t			 i, oldsize = m->size;

	m->size = oldsize == 0 ? 64 : oldsize * 2;
	m->v = dl_calloc(m->size, sizeof *m->v);
	for (i = 0; i < oldsize; i++)
		if (old[i].key != NULL)
			*hub_map_slot(m, old[i].key) = old[i];
	free(old);
}

/* The entry for key, created with val def if new. Keys are borrowed. */
static struct hub_map_ent *
hub_map_get(struct hub_map *m, const void *key, size_t def)
{
	struct hub_map_ent	*e;

	if ((m->n + 1) * 2 > m->size)
		hub_map_grow(m);
	e = hub_map_slot(m, key);
	if (e->key == NULL) {
		e->key = key;
		e->val = def;
		m->n++;
	}
	return e;
}

static const struct hub_map_ent *
hub_map_find(const struct hub_map *m, const void *key)
{
	const struct hub_map_ent *e;

	if (m->size == 0)
		return NULL;
	e = hub_map_slot(m, key);
	return e->key != NULL ? e : NULL;
}

static void
hub_map_clear(struct hub_map *m)
{
	free(m->v);
	hub_map_init(m, m->strkeys);
}

/* ---- hub pages: stories -------------------------------------------- */

static void
hub_group(struct hub_ctx *c)
{
	struct hub_story	*s;
	struct hub_map		 m;
	struct hub_map_ent	*e;
	size_t			 i;

	hub_map_init(&m, 1);
	for (i = 0; i < c->nlinks; i++) {
		e = hub_map_get(&m, c->links[i].url, c->nstories);
		if (e->val == c->nstories) {
			c->stories = dl_reallocarray(c->stories,
			    c->nstories + 1, sizeof *c->stories);
			s = &c->stories[c->nstories++];
			memset(s, 0, sizeof *s);
			s->url = c->links[i].url;
			s->best = i;
		}
		c->links[i].story = e->val;
	}
	hub_map_clear(&m);
}

/* Rank of a link's text as the story's headline: a heading first, then
 * the longest headline-like text, then any text, then an image's alt. */
static size_t
hub_text_rank(const struct hub_link *l, int loose)
{
	size_t	 n = strlen(l->text);

	if (n == 0)
		return l->alt != NULL && *l->alt != '\0' ? 1 : 0;
	if (!hub_headline_like(l->text, loose))
		return 2 + (n > 1000 ? 1000 : n);
	return (l->heading ? 4000 : 2000) + (n > 1000 ? 1000 : n);
}

/* Each story's headline: the best-ranked text among its links, else the
 * JSON-LD headline. */
static void
hub_titles(struct hub_ctx *c)
{
	const struct hub_ld	*ld;
	struct hub_story	*s;
	size_t			 i, r, *rank;

	rank = dl_calloc(c->nstories + 1, sizeof *rank);
	for (i = 0; i < c->nlinks; i++) {
		r = hub_text_rank(&c->links[i], c->has_re);
		if (r > rank[c->links[i].story]) {
			rank[c->links[i].story] = r;
			c->stories[c->links[i].story].best = i;
		}
	}
	for (i = 0; i < c->nstories; i++) {
		s = &c->stories[i];
		s->title = *c->links[s->best].text != '\0' ?
		    c->links[s->best].text : c->links[s->best].alt;
		s->like = rank[i] >= 2000;
		ld = hub_ld_find(c, s->url);
		if (ld != NULL && ld->headline != NULL && !s->like) {
			s->title = ld->headline;
			s->like = 1;
		}
	}
	free(rank);
}

/* A shape with its literal segments past the first made "{w}", so that
 * /2026/11/26/world/asia/{slug}.html and .../europe/{slug}.html group;
 * shapes without a variable class stay as they are. Allocated. */
static char *
hub_shape_general(const char *shape)
{
	struct dl_buf	 b;
	const char	*p, *e, *q = strchr(shape, '?'), *dot;
	size_t		 n, seg = 0;

	if (strchr(shape, '{') == NULL)
		return dl_strdup(shape);
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (p = shape; *p == '/' && (q == NULL || p < q); seg++) {
		dl_buf_addc(&b, '/');
		p++;
		for (n = 0; p[n] != '\0' && p[n] != '/' && p[n] != '?'; n++)
			;
		e = p + n;
		dot = memchr(p, '.', n);
		if (seg == 0 || memchr(p, '{', n) != NULL || n == 0)
			dl_buf_add(&b, p, n);
		else {
			dl_buf_adds(&b, "{w}");
			if (dot != NULL)
				dl_buf_add(&b, dot, (size_t)(e - dot));
		}
		p = e;
	}
	dl_buf_adds(&b, p);
	return dl_buf_take(&b);
}

/* Keep the stories whose URL shape several headline-like stories share
 * (or that match the link pattern, or that JSON-LD lists). */
static void
hub_choose(struct hub_ctx *c)
{
	struct hub_story	*s;
	struct hub_map		 m;
	char			*shape;
	size_t			 i;

	hub_titles(c);
	hub_map_init(&m, 1);
	for (i = 0; i < c->nstories; i++) {
		s = &c->stories[i];
		if ((shape = hub_url_shape(s->url)) != NULL)
			s->shape = hub_shape_general(shape);
		free(shape);
		if (s->like && s->shape != NULL)
			hub_map_get(&m, s->shape, 0)->val++;
	}
	for (i = 0; i < c->nstories; i++) {
		s = &c->stories[i];
		if (!s->like || s->title == NULL)
			continue;
		if (c->has_re)
			s->keep = regexec(&c->re, s->url, 0, NULL, 0) == 0;
		else
			s->keep = (s->shape != NULL && hub_map_find(&m,
			    s->shape)->val >= HUB_SHAPE_MIN) ||
			    hub_ld_find(c, s->url) != NULL;
	}
	hub_map_clear(&m);
}

/* Mark the few ancestors of every kept story's links with that story, or
 * HUB_NONE where two stories meet: a promo box holds one story only. */
static void
hub_mark_boxes(struct hub_ctx *c)
{
	const GumboNode		*g;
	struct hub_map_ent	*e;
	size_t			 i, up, st;

	for (i = 0; i < c->nlinks; i++) {
		st = c->links[i].story;
		if (!c->stories[st].keep)
			continue;
		g = c->links[i].node;
		for (up = 0; up <= HUB_PROMO_UP && (g = g->parent) != NULL;
		    up++) {
			e = hub_map_get(&c->boxes, g, st);
			if (e->val != st)
				e->val = HUB_NONE;
		}
	}
}

/* The promo box of story si: the highest ancestor of its headline link
 * (a few levels up at most) holding no other kept story's link. */
static const GumboNode *
hub_promo(const struct hub_ctx *c, size_t si)
{
	const GumboNode			*g, *box = NULL;
	const struct hub_map_ent	*e;
	size_t				 up;

	g = c->links[c->stories[si].best].node;
	for (up = 0; up < HUB_PROMO_UP && g->parent != NULL &&
	    g->parent->type == GUMBO_NODE_ELEMENT; up++) {
		g = g->parent;
		if (hub_is_tag(g, GUMBO_TAG_BODY))
			break;
		if ((e = hub_map_find(&c->boxes, g)) == NULL ||
		    e->val != si)
			break;
		box = g;
	}
	return box;
}

static int
hub_teaser_node(const GumboNode *g)
{
	const char	*cl;
	const char *const *t;

	if (hub_is_tag(g, GUMBO_TAG_P))
		return 1;
	if ((cl = hub_attr(g, "class")) == NULL)
		return 0;
	for (t = hub_teaser_class; *t != NULL; t++)
		if (hub_contains_ci(cl, *t))
			return 1;
	return 0;
}

/* The first paragraph-like text under g other than the headline. */
static char *
hub_find_teaser(const GumboNode *g, const char *title, int depth)
{
	const GumboVector	*kids = hub_kids(g);
	unsigned int		 i;
	char			*t;

	if (kids == NULL || depth > HUB_DEPTH_MAX || hub_is_heading(g))
		return NULL;
	if (hub_teaser_node(g)) {
		t = hub_node_text(g);
		if (strlen(t) >= 20 && strcmp(t, title) != 0 &&
		    strstr(title, t) == NULL)
			return t;
		free(t);
	}
	for (i = 0; i < kids->length; i++)
		if ((t = hub_find_teaser(kids->data[i], title, depth + 1)) !=
		    NULL)
			return t;
	return NULL;
}

/* A timestamp attribute of g: <time datetime>, or data-* attributes
 * naming a time, date or timestamp. */
static int64_t
hub_node_time(const GumboNode *g)
{
	const GumboVector	*attrs;
	const GumboAttribute	*a;
	unsigned int		 i;
	int64_t			 t;

	if (hub_is_tag(g, GUMBO_TAG_TIME) &&
	    (t = hub_timestamp(hub_attr(g, "datetime"))) != DATE_NONE)
		return t;
	attrs = &g->v.element.attributes;
	for (i = 0; i < attrs->length; i++) {
		a = attrs->data[i];
		if (!hub_starts_ci(a->name, "data-") ||
		    !(hub_contains_ci(a->name, "time") ||
		    hub_contains_ci(a->name, "date")))
			continue;
		if ((t = hub_timestamp(a->value)) != DATE_NONE)
			return t;
	}
	return DATE_NONE;
}

static int64_t
hub_find_time(const GumboNode *g, int depth)
{
	const GumboVector	*kids;
	unsigned int		 i;
	int64_t			 t;

	if (g->type != GUMBO_NODE_ELEMENT || depth > HUB_DEPTH_MAX)
		return DATE_NONE;
	if ((t = hub_node_time(g)) != DATE_NONE)
		return t;
	kids = &g->v.element.children;
	for (i = 0; i < kids->length; i++)
		if ((t = hub_find_time(kids->data[i], depth + 1)) != DATE_NONE)
			return t;
	return DATE_NONE;
}

/* The teaser cut at a word near HUB_TEASER_MAX bytes, escaped as HTML. */
static char *
hub_teaser_html(const char *t)
{
	struct dl_buf	 b;
	size_t		 n = strlen(t), cut = n, i;

	if (n > HUB_TEASER_MAX) {
		cut = dl_utf8_cut(t, n, HUB_TEASER_MAX);
		for (i = cut; i > HUB_TEASER_MAX / 2; i--)
			if (t[i] == ' ') {
				cut = i;
				break;
			}
	}
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_add_html(&b, t, cut, 1);
	if (cut < n)
		dl_buf_adds(&b, "\xe2\x80\xa6");
	return dl_buf_take(&b);
}

static void
hub_emit(struct hub_ctx *c, size_t si, hub_item_cb cb, void *ctx)
{
	struct hub_story	*s = &c->stories[si];
	const struct hub_ld	*ld = hub_ld_find(c, s->url);
	const GumboNode		*box = hub_promo(c, si);
	struct feed_item	 it;
	char			*teaser = NULL;

	memset(&it, 0, sizeof it);
	it.id = it.link = s->url;
	it.title = (char *)s->title;
	it.published = it.updated = DATE_NONE;
	if (box != NULL) {
		teaser = hub_find_teaser(box, s->title, 0);
		it.published = hub_find_time(box, 0);
	} else
		it.published = hub_find_time(c->links[s->best].node, 0);
	if (it.published == DATE_NONE && ld != NULL)
		it.published = ld->date;
	if (teaser != NULL)
		it.summary = hub_teaser_html(teaser);
	c->stats->stories++;
	if (cb != NULL)
		cb(ctx, &it);
	free(it.summary);
	free(teaser);
}

static void
hub_reason(struct hub_ctx *c)
{
	size_t	 i, like = 0;

	for (i = 0; i < c->nstories; i++)
		like += c->stories[i].like;
	if (c->stats->links == 0)
		snprintf(c->stats->reason, sizeof c->stats->reason,
		    "no links on the page");
	else if (c->nstories == 0)
		snprintf(c->stats->reason, sizeof c->stats->reason,
		    "%zu links, none to pages of the same site outside "
		    "navigation", c->stats->links);
	else if (like == 0)
		snprintf(c->stats->reason, sizeof c->stats->reason,
		    "%zu links, none with headline-like text",
		    c->stats->links);
	else if (c->has_re)
		snprintf(c->stats->reason, sizeof c->stats->reason,
		    "%zu headline links, none matching link-pattern", like);
	else
		snprintf(c->stats->reason, sizeof c->stats->reason,
		    "%zu headline links, fewer than %d sharing a URL shape",
		    like, HUB_SHAPE_MIN);
}

static void
hub_ctx_clear(struct hub_ctx *c)
{
	size_t	 i;

	for (i = 0; i < c->nlinks; i++) {
		free(c->links[i].url);
		free(c->links[i].text);
		free(c->links[i].alt);
	}
	for (i = 0; i < c->nstories; i++)
		free(c->stories[i].shape);
	for (i = 0; i < c->nld; i++) {
		free(c->ld[i].url);
		free(c->ld[i].headline);
	}
	free(c->links);
	free(c->stories);
	free(c->ld);
	free(c->base);
	free(c->host);
	free(c->self);
	hub_map_clear(&c->boxes);
	if (c->has_re)
		regfree(&c->re);
}

static int
hub_ctx_init(struct hub_ctx *c, const char *page_url,
    const struct hub_opts *opts, struct hub_stats *stats, struct dl_err *err)
{
	char	 msg[256];
	int	 rc;

	memset(c, 0, sizeof *c);
	memset(stats, 0, sizeof *stats);
	c->stats = stats;
	c->page_url = page_url;
	hub_map_init(&c->boxes, 0);
	if (opts == NULL || opts->link_pattern == NULL)
		return 0;
	if ((rc = regcomp(&c->re, opts->link_pattern, REG_EXTENDED |
	    REG_NOSUB)) != 0) {
		regerror(rc, &c->re, msg, sizeof msg);
		dl_err_set(err, "link-pattern \"%s\": %s", opts->link_pattern,
		    msg);
		return -1;
	}
	c->has_re = 1;
	return 0;
}

int
hub_parse(const char *html, size_t len, const char *page_url,
    const struct hub_opts *opts, hub_item_cb cb, void *ctx,
    struct hub_stats *stats, struct dl_err *err)
{
	struct hub_ctx	 c;
	struct hub_stats st;
	GumboOutput	*go;
	char		*path = NULL;
	size_t		 i;

	if (stats == NULL)
		stats = &st;
	if (hub_ctx_init(&c, page_url, opts, stats, err) != 0)
		return -1;
	go = hub_gumbo(html, len, opts != NULL ? opts->charset : NULL);
	c.base = hub_base(go->document, page_url, 0);
	if (c.base == NULL && page_url != NULL)
		c.base = dl_strdup(page_url);
	if (c.base != NULL)
		hub_split_url(c.base, &c.host, &path, NULL);
	c.self = hub_canonical_url(page_url);
	hub_walk(&c, go->document, 0);
	hub_group(&c);
	hub_choose(&c);
	hub_mark_boxes(&c);
	for (i = 0; i < c.nstories; i++)
		if (c.stories[i].keep)
			hub_emit(&c, i, cb, ctx);
	if (stats->stories == 0)
		hub_reason(&c);
	gumbo_destroy_output(&kGumboDefaultOptions, go);
	free(path);
	hub_ctx_clear(&c);
	return 0;
}
