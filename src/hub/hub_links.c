/* hub_links.c: the candidate story links of a hub page, from its <a>
 * elements and from a JSON-LD ItemList. */
#include "config.h"

#include <gumbo.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "hub_int.h"
#include "url.h"

/* Path segments of pages that are not stories. */
static const char *const hub_not_story_seg[] = {
	"author", "authors", "by", "people", "profile", "profiles",
	"contributor", "contributors", "staff", "tag", "tags", "topic",
	"topics", "category", "categories", "login", "signin", "sign-in",
	"logout", "register", "signup", "subscribe", "subscription",
	"subscriptions", "donate", "donation", "newsletter", "newsletters",
	"account", "search", "page", "share", "about", "about-us", "contact",
	"privacy", "privacy-policy", "terms", "terms-of-use", "terms-of-service",
	"cookies", "careers", "jobs", "advertise", "feed", "rss", NULL
};

/* ---- hub pages: links ---------------------------------------------- */

static int
hub_path_excluded(const char *path)
{
	const char	*p = path, *e;
	char		 seg[32];
	size_t		 n;

	if (strcmp(path, "/") == 0 || *path == '\0')
		return 1;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		e = strchr(p, '/');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n > 0 && n < sizeof seg) {
			memcpy(seg, p, n);
			seg[n] = '\0';
			if (hub_in_list(hub_not_story_seg, seg))
				return 1;
		}
		p += n;
	}
	return 0;
}

/* 1 if the canonical URL may be a story of a page on host. */
static int
hub_url_ok(struct hub_ctx *c, const char *url)
{
	char	*host = NULL, *path = NULL;
	int	 ok = 0;

	if (hub_split_url(url, &host, &path, NULL) != 0)
		goto out;
	if (c->host != NULL && !hub_same_site(host, c->host))
		goto out;
	if (hub_social_host(host) || hub_path_excluded(path))
		goto out;
	if (c->self != NULL && strcmp(c->self, url) == 0)
		goto out;
	ok = 1;
out:
	free(host);
	free(path);
	return ok;
}

/* The headline text of a link: the heading it sits in or that sits in
 * it, else its own text. */
static char *
hub_link_text(const GumboNode *a, int *heading)
{
	const GumboNode	*g, *h = NULL;
	int		 up;

	for (g = a->parent, up = 0; g != NULL && up < 3; g = g->parent, up++)
		if (hub_is_heading(g)) {
			h = g;
			break;
		}
	if (h == NULL)
		h = hub_find_heading(a, 0);
	*heading = h != NULL;
	return hub_node_text(h != NULL ? h : a);
}

static void
hub_add_link(struct hub_ctx *c, const GumboNode *a)
{
	const char	*href = hub_attr(a, "href"), *alt;
	struct hub_link	*l;
	char		*abs, *url;

	c->stats->links++;
	if (hub_rel_has(hub_attr(a, "rel"), "author"))
		return;
	abs = url_resolve(c->base, href);
	url = hub_canonical_url(abs);
	free(abs);
	if (url == NULL || !hub_url_ok(c, url) || hub_in_nav(a)) {
		free(url);
		return;
	}
	c->links = dl_reallocarray(c->links, c->nlinks + 1, sizeof *c->links);
	l = &c->links[c->nlinks++];
	memset(l, 0, sizeof *l);
	l->node = a;
	l->url = url;
	l->story = HUB_NONE;
	l->text = hub_link_text(a, &l->heading);
	if (*l->text == '\0' && (alt = hub_find_alt(a, 0)) != NULL)
		l->alt = hub_collapse(alt);
}

static void hub_ld_script(struct hub_ctx *, const GumboNode *);

void
hub_walk(struct hub_ctx *c, const GumboNode *g, int depth)
{
	const GumboVector	*kids = hub_kids(g);
	unsigned int		 i;

	if (kids == NULL || depth > HUB_DEPTH_MAX)
		return;
	if (hub_is_tag(g, GUMBO_TAG_SCRIPT)) {
		hub_ld_script(c, g);
		return;
	}
	if (hub_is_tag(g, GUMBO_TAG_A) && hub_attr(g, "href") != NULL)
		hub_add_link(c, g);
	for (i = 0; i < kids->length; i++)
		hub_walk(c, kids->data[i], depth + 1);
}

/* ---- hub pages: JSON-LD ItemList ----------------------------------- */

static const char *
hub_ld_str(json_t *o, const char *a, const char *b)
{
	json_t	*v = json_object_get(o, a);

	if (!json_is_string(v) && b != NULL)
		v = json_object_get(o, b);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
hub_ld_entry(struct hub_ctx *c, json_t *e)
{
	json_t		*item = json_object_get(e, "item");
	const char	*url, *head, *date;
	struct hub_ld	*ld;
	char		*canon, *abs;

	url = hub_ld_str(e, "url", NULL);
	if (url == NULL && json_is_string(item))
		url = json_string_value(item);
	if (url == NULL && json_is_object(item))
		url = hub_ld_str(item, "url", "@id");
	abs = url != NULL ? url_resolve(c->base, url) : NULL;
	canon = hub_canonical_url(abs);
	free(abs);
	if (canon == NULL)
		return;
	head = hub_ld_str(e, "headline", "name");
	date = hub_ld_str(e, "datePublished", NULL);
	if (json_is_object(item)) {
		if (head == NULL)
			head = hub_ld_str(item, "headline", "name");
		if (date == NULL)
			date = hub_ld_str(item, "datePublished", NULL);
	}
	c->ld = dl_reallocarray(c->ld, c->nld + 1, sizeof *c->ld);
	ld = &c->ld[c->nld++];
	ld->url = canon;
	ld->headline = head != NULL ? hub_collapse(head) : NULL;
	ld->date = date != NULL ? date_parse(date) : DATE_NONE;
}

static void
hub_ld_walk(struct hub_ctx *c, json_t *v, int depth)
{
	json_t		*x;
	const char	*key, *type;
	size_t		 i;

	if (depth > 16)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			hub_ld_walk(c, x, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	type = hub_ld_str(v, "@type", NULL);
	x = json_object_get(v, "itemListElement");
	if (type != NULL && strcmp(type, "ItemList") == 0 &&
	    json_is_array(x)) {
		json_array_foreach(x, i, v)
			hub_ld_entry(c, v);
		return;
	}
	json_object_foreach(v, key, x)
		hub_ld_walk(c, x, depth + 1);
}

static void
hub_ld_script(struct hub_ctx *c, const GumboNode *g)
{
	const char	*type = hub_attr(g, "type");
	const GumboNode	*t;
	json_t		*j;

	if (type == NULL || !dl_strcaseeq(type, "application/ld+json") ||
	    g->v.element.children.length == 0)
		return;
	t = g->v.element.children.data[0];
	if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA &&
	    t->type != GUMBO_NODE_WHITESPACE)
		return;
	if ((j = json_loads(t->v.text.text, 0, NULL)) == NULL)
		return;
	hub_ld_walk(c, j, 0);
	json_decref(j);
}

const struct hub_ld *
hub_ld_find(const struct hub_ctx *c, const char *url)
{
	size_t	 i;

	for (i = 0; i < c->nld; i++)
		if (strcmp(c->ld[i].url, url) == 0)
			return &c->ld[i];
	return NULL;
}
