/* extract_meta.c: an article's metadata: JSON-LD, OpenGraph and <meta>,
 * the page's <title>, first <h1>, byline and <time>, resolved in that
 * order of trust. */
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

/* ---- JSON-LD ---- */

static const char *
extract_ld_str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	if (json_is_object(v))
		v = json_object_get(v, "name");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
extract_ld_typeok(const char *t)
{
	size_t	 n;

	if (t == NULL)
		return 0;
	n = strlen(t);
	return (n >= 7 && strcmp(t + n - 7, "Article") == 0) ||
	    (n >= 11 && strcmp(t + n - 11, "BlogPosting") == 0) ||
	    strcmp(t, "Report") == 0;
}

static int
extract_ld_is_article(json_t *o)
{
	json_t	*t = json_object_get(o, "@type"), *e;
	size_t	 i;

	if (json_is_string(t))
		return extract_ld_typeok(json_string_value(t));
	json_array_foreach(t, i, e)
		if (json_is_string(e) &&
		    extract_ld_typeok(json_string_value(e)))
			return 1;
	return 0;
}

static void
extract_ld_author1(json_t *a, struct dl_buf *b)
{
	const char	*s = NULL;
	char		*c;

	if (json_is_string(a))
		s = json_string_value(a);
	else if (json_is_object(a))
		s = extract_ld_str(a, "name");
	if ((c = extract_collapse(s)) == NULL)
		return;
	if (b->len > 0)
		dl_buf_adds(b, ", ");
	dl_buf_adds(b, c);
	free(c);
}

static char *
extract_ld_authors(json_t *a)
{
	struct dl_buf	 b;
	json_t		*e;
	size_t		 i;

	dl_buf_init(&b, 64 * 1024);
	if (json_is_array(a)) {
		json_array_foreach(a, i, e)
			extract_ld_author1(e, &b);
	} else
		extract_ld_author1(a, &b);
	if (b.len == 0) {
		dl_buf_clear(&b);
		return NULL;
	}
	return dl_buf_take(&b);
}

static void
extract_ld_fill(json_t *o, struct extract_result *r, char **body)
{
	const char	*s;

	if ((s = extract_ld_str(o, "headline")) == NULL)
		s = extract_ld_str(o, "name");
	extract_set(&r->title, extract_collapse(s));
	extract_set(&r->byline, extract_ld_authors(json_object_get(o,
	    "author")));
	extract_set_date(&r->published, extract_ld_str(o, "datePublished"));
	extract_set(&r->site_name, extract_collapse(extract_ld_str(o,
	    "publisher")));
	extract_set(&r->lang, extract_collapse(extract_ld_str(o,
	    "inLanguage")));
	extract_set(&r->excerpt, extract_collapse(extract_ld_str(o,
	    "description")));
	if (body != NULL && *body == NULL &&
	    (s = extract_ld_str(o, "articleBody")) != NULL)
		*body = dl_strdup(s);
}

static int
extract_ld_walk(json_t *v, struct extract_result *r, char **body,
    int depth)
{
	json_t	*e;
	size_t	 i;

	if (depth > 8)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if (extract_ld_walk(e, r, body, depth + 1))
				return 1;
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	if (extract_ld_is_article(v)) {
		extract_ld_fill(v, r, body);
		return 1;
	}
	return extract_ld_walk(json_object_get(v, "@graph"), r, body,
	    depth + 1);
}

int
extract_jsonld(const char *json, size_t len, struct extract_result *r,
    char **body)
{
	json_error_t	 jerr;
	json_t		*root;
	int		 found;

	root = json_loadb(json, len, JSON_DECODE_ANY, &jerr);
	if (root == NULL)
		return 0;
	found = extract_ld_walk(root, r, body, 0);
	json_decref(root);
	return found;
}

/* ---- metadata from the tree ---- */

static int
extract_meta_key(const char *name)
{
	static const struct {
		const char	*name;
		int		 key;
	} keys[] = {
		{ "og:title", EX_M_OGTITLE }, { "twitter:title", EX_M_TWTITLE },
		{ "og:site_name", EX_M_SITE }, { "og:description", EX_M_OGDESC },
		{ "description", EX_M_DESC },
		{ "article:published_time", EX_M_PUB },
		{ "datepublished", EX_M_PUB }, { "date", EX_M_DATE },
		{ "pubdate", EX_M_DATE }, { "publishdate", EX_M_DATE },
		{ "publish-date", EX_M_DATE }, { "dc.date", EX_M_DATE },
		{ "dc.date.issued", EX_M_DATE }, { "dcterms.created", EX_M_DATE },
		{ "dcterms.date", EX_M_DATE }, { "sailthru.date", EX_M_DATE },
		{ "parsely-pub-date", EX_M_DATE },
		{ "article:author", EX_M_ARTAUTHOR }, { "author", EX_M_AUTHOR },
		{ "content-language", EX_M_LANG },
	};
	size_t	 i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (dl_strcaseeq(name, keys[i].name))
			return keys[i].key;
	return -1;
}

static void
extract_meta(struct extract_ctx *c, const GumboNode *g)
{
	const char	*content = extract_attr(g, "content"), *name;
	static const char *const attrs[] = { "property", "name", "itemprop",
	    "http-equiv" };
	size_t		 i;
	int		 k;

	if (content == NULL)
		return;
	for (i = 0; i < 4; i++) {
		if ((name = extract_attr(g, attrs[i])) == NULL ||
		    (k = extract_meta_key(name)) < 0)
			continue;
		extract_set(&c->meta[k], extract_collapse(content));
	}
}

static void
extract_script(struct extract_ctx *c, const GumboNode *g)
{
	const char	*type = extract_attr(g, "type");
	const GumboNode	*t;

	if (type == NULL || strstr(type, "ld+json") == NULL ||
	    g->v.element.children.length == 0)
		return;
	t = g->v.element.children.data[0];
	if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA &&
	    t->type != GUMBO_NODE_WHITESPACE)
		return;
	extract_jsonld(t->v.text.text, strlen(t->v.text.text), c->r,
	    &c->ld_body);
}

/* Metadata an element carries, wherever it is. */
void
extract_collect(struct extract_ctx *c, const GumboNode *g)
{
	const char	*v;

	switch (g->v.element.tag) {
	case GUMBO_TAG_META:
		extract_meta(c, g);
		break;
	case GUMBO_TAG_SCRIPT:
		extract_script(c, g);
		break;
	case GUMBO_TAG_TITLE:
		if (c->title == NULL)
			c->title = extract_node_text(g);
		break;
	case GUMBO_TAG_BASE:
		if (c->base_href == NULL)
			c->base_href = extract_attr(g, "href");
		break;
	case GUMBO_TAG_HTML:
		if (c->html_lang == NULL &&
		    (v = extract_attr(g, "lang")) != NULL)
			c->html_lang = extract_collapse(v);
		break;
	case GUMBO_TAG_TIME:
		if (c->time == NULL && extract_attr(g, "datetime") != NULL)
			c->time = g;
		break;
	default:
		break;
	}
}

/* The head and other dropped subtrees: metadata only. */
void
extract_meta_walk(struct extract_ctx *c, const GumboNode *g, int depth)
{
	const GumboVector	*v = &g->v.element.children;
	size_t			 i;

	extract_collect(c, g);
	if (depth > EXTRACT_MAX_DEPTH)
		return;
	for (i = 0; i < v->length; i++)
		if (((const GumboNode *)v->data[i])->type ==
		    GUMBO_NODE_ELEMENT)
			extract_meta_walk(c, v->data[i], depth + 1);
}

/* ---- metadata resolution ---- */

static const char *const extract_title_seps[] = { " | ", " - ",
    " \xe2\x80\x94 ", " \xe2\x80\x93 ", " :: ", " \xc2\xbb ",
    "\xef\xbd\x9c", " \xef\xbd\x9c ", NULL };

/* t without a " | Site" suffix naming site; NULL if it has none. */
static char *
extract_title_unsuffix(const char *t, const char *site)
{
	size_t	 i, tl = strlen(t), stl, sl;

	if (site == NULL)
		return NULL;
	stl = strlen(site);
	for (i = 0; extract_title_seps[i] != NULL; i++) {
		sl = strlen(extract_title_seps[i]);
		if (tl > stl + sl && strcmp(t + tl - stl, site) == 0 &&
		    memcmp(t + tl - stl - sl, extract_title_seps[i], sl) == 0)
			return dl_strndup(t, tl - stl - sl);
	}
	return NULL;
}

/* "Title | Site", "Title - Site": the title alone when the site is known
 * or the first <h1> is the part before the separator. */
static char *
extract_title_page(const struct extract_ctx *c, const char *site)
{
	char		*h1 = c->h1 != NULL ? extract_node_text(c->h1) : NULL;
	char		*u;
	const char	*t = c->title;
	size_t		 i, tl, sl, hl;

	if (t == NULL)
		return h1;
	if ((u = extract_title_unsuffix(t, site)) != NULL) {
		free(h1);
		return u;
	}
	tl = strlen(t);
	hl = h1 != NULL ? strlen(h1) : 0;
	for (i = 0; hl > 0 && extract_title_seps[i] != NULL; i++) {
		sl = strlen(extract_title_seps[i]);
		if (tl > hl + sl && memcmp(t, h1, hl) == 0 &&
		    memcmp(t + hl, extract_title_seps[i], sl) == 0)
			return h1;
	}
	free(h1);
	return dl_strdup(t);
}

static char *
extract_byline_text(const GumboNode *g)
{
	char	*s = extract_node_text(g), *t;

	if (s == NULL)
		return NULL;
	if (strlen(s) > 120) {
		free(s);
		return NULL;
	}
	if ((s[0] == 'B' || s[0] == 'b') && s[1] == 'y' && s[2] == ' ') {
		t = dl_strdup(s + 3);
		free(s);
		s = t;
	}
	return s;
}

void
extract_resolve_meta(struct extract_ctx *c)
{
	struct extract_result	*r = c->r;
	char			*t;

	extract_set(&r->site_name, c->meta[EX_M_SITE]);
	c->meta[EX_M_SITE] = NULL;
	if (r->title == NULL && (t = c->meta[EX_M_OGTITLE]) != NULL &&
	    (r->title = extract_title_unsuffix(t, r->site_name)) == NULL)
		r->title = dl_strdup(t);
	if (r->title == NULL)
		r->title = extract_title_page(c, r->site_name);
	if (r->byline == NULL && c->meta[EX_M_ARTAUTHOR] != NULL &&
	    !url_is_absolute(c->meta[EX_M_ARTAUTHOR]))
		r->byline = dl_strdup(c->meta[EX_M_ARTAUTHOR]);
	if (r->byline == NULL && c->meta[EX_M_AUTHOR] != NULL)
		r->byline = dl_strdup(c->meta[EX_M_AUTHOR]);
	if (r->byline == NULL && c->byline != NULL)
		r->byline = extract_byline_text(c->byline);
	extract_set_date(&r->published, c->meta[EX_M_PUB]);
	extract_set_date(&r->published, c->meta[EX_M_DATE]);
	if (c->time != NULL)
		extract_set_date(&r->published, extract_attr(c->time,
		    "datetime"));
	if (r->lang == NULL && (t = c->html_lang) != NULL) {
		r->lang = t;
		c->html_lang = NULL;
	}
	if (r->lang == NULL && c->meta[EX_M_LANG] != NULL)
		r->lang = dl_strdup(c->meta[EX_M_LANG]);
	if (r->excerpt == NULL && c->meta[EX_M_OGDESC] != NULL)
		r->excerpt = dl_strdup(c->meta[EX_M_OGDESC]);
	if (r->excerpt == NULL && c->meta[EX_M_DESC] != NULL)
		r->excerpt = dl_strdup(c->meta[EX_M_DESC]);
}
