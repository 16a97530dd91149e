/* hub_int.h: shared between the files of the hub_ module. */
#ifndef HUB_INT_H
#define HUB_INT_H

#include <sys/types.h>

#include <gumbo.h>
#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "hub.h"

#define HUB_CAP		(32u * 1024 * 1024)
#define HUB_TEASER_MAX	400
#define HUB_SHAPE_MIN	3	/* stories that must share a URL shape */
#define HUB_DEPTH_MAX	400
#define HUB_PROMO_UP	8	/* ancestors searched for a promo box */
#define HUB_NONE	((size_t)-1)

/* Open addressing, keyed by a string (its bytes) or a pointer, so that a
 * page with thousands of links is not quadratic. */
struct hub_map_ent {
	const void	*key;
	size_t		 val;
};

struct hub_map {
	struct hub_map_ent *v;
	size_t		 size;	/* a power of two */
	size_t		 n;
	int		 strkeys;
};

/* One <a href> of the page. */
struct hub_link {
	const GumboNode	*node;
	char		*url;		/* canonical */
	char		*text;		/* heading or anchor text */
	char		*alt;		/* image alt when there is no text */
	int		 heading;	/* text comes from an h1-h4 */
	size_t		 story;		/* index in stories or HUB_NONE */
};

/* One story: the links to one canonical URL. */
struct hub_story {
	char		*url;
	size_t		 best;		/* link holding the headline */
	const char	*title;		/* borrowed from a link or ld */
	int		 like;		/* headline-like */
	int		 keep;
	char		*shape;
};

/* A JSON-LD ItemList entry. */
struct hub_ld {
	char		*url;
	char		*headline;
	int64_t		 date;
};

struct hub_ctx {
	const char	*page_url;
	char		*base;		/* page URL after <base href> */
	char		*host;		/* the page's host */
	char		*self;		/* the page's canonical URL */
	struct hub_link	*links;
	size_t		 nlinks;
	struct hub_story *stories;
	size_t		 nstories;
	struct hub_ld	*ld;
	size_t		 nld;
	struct hub_map	 boxes;		/* element -> story or HUB_NONE */
	regex_t		 re;
	int		 has_re;
	struct hub_stats *stats;
};

#define HUB_DIGITS	"0123456789"
#define HUB_HEX		"0123456789abcdef"

/* hub.c */
int	 hub_lower(int c);
int	 hub_is_space(int c);
int	 hub_starts_ci(const char *s, const char *prefix);
int	 hub_in_list(const char *const *list, const char *s);

/* hub_url.c */
int	 hub_split_url(const char *url, char **host, char **path, char **query);
int	 hub_social_host(const char *host);
int	 hub_all(const char *s, size_t n, const char *set);
int	 hub_contains_ci(const char *s, const char *needle);
int	 hub_feed_host(const char *host);

/* hub_html.c */
GumboOutput *hub_gumbo(const char *html, size_t len, const char *hint);
const char *hub_attr(const GumboNode *g, const char *name);
int	 hub_is_tag(const GumboNode *g, GumboTag tag);
char	*hub_collapse(const char *s);
char	*hub_node_text(const GumboNode *g);
int	 hub_is_heading(const GumboNode *g);
const GumboNode *hub_find_heading(const GumboNode *g, int depth);
const char *hub_find_alt(const GumboNode *g, int depth);
int	 hub_in_nav(const GumboNode *g);
char	*hub_base(const GumboNode *g, const char *page_url, int depth);
const GumboVector *hub_kids(const GumboNode *g);

/* hub_discover.c */
int	 hub_rel_has(const char *rel, const char *token);

/* hub_links.c */
void	 hub_walk(struct hub_ctx *c, const GumboNode *g, int depth);
const struct hub_ld *hub_ld_find(const struct hub_ctx *c, const char *url);

#endif
