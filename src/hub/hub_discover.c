/* hub_discover.c: feed autodiscovery: <link rel=alternate> and <a> to
 * feed URLs on an HTML page. */
#include "config.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "hub_int.h"
#include "url.h"

/* ---- discovery ----------------------------------------------------- */

struct hub_disc {
	const char	*base;
	char		*host;
	struct hub_feed	*v;
	size_t		 n;
	int		 from_a;	/* collecting <a> links now */
};

int
hub_rel_has(const char *rel, const char *token)
{
	size_t	 n, m = strlen(token);

	while (rel != NULL && *rel != '\0') {
		while (hub_is_space((unsigned char)*rel))
			rel++;
		for (n = 0; rel[n] != '\0' && !hub_is_space((unsigned char)
		    rel[n]); n++)
			;
		if (n == m && dl_strncaseeq(rel, token, n))
			return 1;
		rel += n;
	}
	return 0;
}

static void
hub_disc_add(struct hub_disc *d, const char *href, const char *type,
    char *title)
{
	char	*abs, *url;
	size_t	 i;

	/* Canonical, so "/feed/" and "/feed/#top" are one feed. */
	abs = url_resolve(d->base, href);
	url = hub_canonical_url(abs);
	free(abs);
	if (url == NULL) {
		free(title);
		return;
	}
	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].url, url) == 0) {
			free(url);
			free(title);
			return;
		}
	d->v = dl_reallocarray(d->v, d->n + 1, sizeof *d->v);
	d->v[d->n].url = url;
	d->v[d->n].type = type != NULL ? dl_strdup(type) : NULL;
	if (title != NULL && *title == '\0') {
		free(title);
		title = NULL;
	}
	d->v[d->n++].title = title;
}

static void
hub_disc_link(struct hub_disc *d, const GumboNode *g)
{
	static const char *const always[] = {
		"application/rss+xml", "application/atom+xml",
		"application/feed+json", "application/rdf+xml",
		"application/x-rss+xml", "application/x-atom+xml", NULL
	};
	const char	*href = hub_attr(g, "href"), *type = hub_attr(g, "type");
	const char	*title = hub_attr(g, "title");
	char		*abs, *t;
	int		 ok;

	if (href == NULL || type == NULL ||
	    !hub_rel_has(hub_attr(g, "rel"), "alternate"))
		return;
	t = hub_collapse(type);
	ok = hub_in_list(always, t);
	if (!ok && (dl_strcaseeq(t, "application/json") ||
	    dl_strcaseeq(t, "text/xml") || dl_strcaseeq(t,
	    "application/xml"))) {
		abs = url_resolve(d->base, href);
		ok = hub_feedish_url(abs);
		free(abs);
	}
	if (ok)
		hub_disc_add(d, href, t, title != NULL ? hub_collapse(title) :
		    NULL);
	free(t);
}

static void
hub_disc_a(struct hub_disc *d, const GumboNode *g)
{
	const char	*href = hub_attr(g, "href"), *title;
	char		*abs, *host = NULL, *path = NULL, *t;

	if (href == NULL || (abs = url_resolve(d->base, href)) == NULL)
		return;
	if (hub_feedish_url(abs) &&
	    hub_split_url(abs, &host, &path, NULL) == 0 &&
	    (hub_same_site(host, d->host) || hub_feed_host(host))) {
		t = hub_node_text(g);
		if (*t == '\0' && (title = hub_attr(g, "title")) != NULL) {
			free(t);
			t = hub_collapse(title);
		}
		hub_disc_add(d, abs, NULL, t);
	}
	free(host);
	free(path);
	free(abs);
}

static void
hub_disc_walk(struct hub_disc *d, const GumboNode *g, int depth)
{
	const GumboVector	*kids = hub_kids(g);
	unsigned int		 i;

	if (kids == NULL || depth > HUB_DEPTH_MAX)
		return;
	if (!d->from_a && hub_is_tag(g, GUMBO_TAG_LINK))
		hub_disc_link(d, g);
	if (d->from_a && hub_is_tag(g, GUMBO_TAG_A))
		hub_disc_a(d, g);
	for (i = 0; i < kids->length; i++)
		hub_disc_walk(d, kids->data[i], depth + 1);
}

size_t
hub_discover(const char *html, size_t len, const char *page_url,
    const char *charset, struct hub_feed **out)
{
	GumboOutput	*go;
	struct hub_disc	 d;
	char		*base, *path = NULL;

	memset(&d, 0, sizeof d);
	go = hub_gumbo(html, len, charset);
	base = hub_base(go->document, page_url, 0);
	d.base = base != NULL ? base : page_url;
	if (d.base != NULL)
		hub_split_url(d.base, &d.host, &path, NULL);
	hub_disc_walk(&d, go->document, 0);
	if (d.n == 0) {
		d.from_a = 1;
		hub_disc_walk(&d, go->document, 0);
	}
	gumbo_destroy_output(&kGumboDefaultOptions, go);
	free(base);
	free(d.host);
	free(path);
	*out = d.v;
	return d.n;
}

void
hub_feeds_free(struct hub_feed *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].url);
		free(v[i].type);
		free(v[i].title);
	}
	free(v);
}
