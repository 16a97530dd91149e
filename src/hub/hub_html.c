/* hub_html.c: reading the gumbo tree of a page: text of nodes, headings,
 * nav and article ancestry, headline-like text and timestamps. */
#include "config.h"

#include <gumbo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "dl.h"
#include "extract.h"
#include "hub_int.h"
#include "url.h"

/* The markup gumbo reads of a hub page, scripts and styles out: a home
 * page holds more than an article's. */
#define HUB_MARKUP_CAP	(2u * 1024 * 1024)

/* Link texts that are never headlines (compared as prefixes). */
static const char *const hub_not_headline[] = {
	"read more", "read the full", "load more", "more stories",
	"more news", "show more", "see more", "view more", "view all",
	"see all", "sign in", "sign up", "log in", "login", "subscribe",
	"donate", "share", "terms", "privacy", "cookie", "skip to",
	"all rights reserved", "contact us", "about us", "advertise",
	"newsletter", "next page", "previous page", "back to top",
	"download the app", "follow us", "manage consent", NULL
};

/* ---- headlines ----------------------------------------------------- */

struct hub_count {
	size_t	 words, cps, cjk, lower, upper;
};

static void
hub_count_text(const char *s, struct hub_count *c)
{
	size_t		 i = 0, n = strlen(s);
	uint32_t	 cp;
	int		 inword = 0;

	memset(c, 0, sizeof *c);
	while (i < n) {
		i += dl_utf8_decode(s + i, n - i, &cp);
		c->cps++;
		if (cp < 0x80 && hub_is_space((int)cp)) {
			inword = 0;
			continue;
		}
		if ((cp >= 'a' && cp <= 'z') || cp >= 0xdf)
			c->lower += cp < 0x80 || dl_cp_cjk(cp) == DL_CJK_NONE;
		else if (cp >= 'A' && cp <= 'Z')
			c->upper++;
		c->cjk += dl_cp_cjk(cp) != DL_CJK_NONE;
		if (!inword && (cp >= 0x80 || (cp >= '0' && cp <= '9') ||
		    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))) {
			c->words++;
			inword = 1;
		}
	}
}

int
hub_headline_like(const char *text, int loose)
{
	const char *const	*n;
	struct hub_count	 c;

	if (text == NULL)
		return 0;
	while (hub_is_space((unsigned char)*text))
		text++;
	for (n = hub_not_headline; *n != NULL; n++)
		if (hub_starts_ci(text, *n) && strlen(text) < 40)
			return 0;
	hub_count_text(text, &c);
	if (c.cjk >= (loose ? 4u : 8u))
		return 1;
	if (c.upper >= 2 && c.lower == 0 && c.cjk == 0)
		return 0;
	return c.words >= (loose ? 2u : 4u) || c.cps >= (loose ? 12u : 25u);
}

/* ---- timestamps ---------------------------------------------------- */

int64_t
hub_timestamp(const char *v)
{
	long	 n;
	size_t	 len;
	char	 buf[16];

	if (v == NULL)
		return DATE_NONE;
	while (hub_is_space((unsigned char)*v))
		v++;
	len = strlen(v);
	while (len > 0 && hub_is_space((unsigned char)v[len - 1]))
		len--;
	if ((len == 10 || len == 13) && hub_all(v, len, HUB_DIGITS)) {
		memcpy(buf, v, 10);
		buf[10] = '\0';
		if (dl_strtonum(buf, 1, 9999999999L, &n) == 0)
			return (int64_t)n;
		return DATE_NONE;
	}
	if (len < 10 || !hub_all(v, 4, HUB_DIGITS) || v[4] != '-')
		return DATE_NONE;
	return date_parse_iso8601(v);
}

/* ---- HTML ---------------------------------------------------------- */

GumboOutput *
hub_gumbo(const char *html, size_t len, const char *hint)
{
	GumboOptions	 go = kGumboDefaultOptions;
	GumboOutput	*out;
	char		*u8, *s;
	size_t		 slen, markup;

	u8 = charset_decode_page(html, len, hint, HUB_CAP, &slen, NULL);
	s = extract_markup(u8, slen, HUB_MARKUP_CAP, &slen, &markup);
	free(u8);
	go.max_errors = 0;
	out = gumbo_parse_with_options(&go, s, slen);
	/* gumbo's tree points into the buffer only for original_text. */
	free(s);
	return out;
}

const char *
hub_attr(const GumboNode *g, const char *name)
{
	const GumboAttribute	*a;

	if (g->type != GUMBO_NODE_ELEMENT)
		return NULL;
	a = gumbo_get_attribute(&g->v.element.attributes, name);
	return a != NULL ? a->value : NULL;
}

int
hub_is_tag(const GumboNode *g, GumboTag tag)
{
	return g->type == GUMBO_NODE_ELEMENT && g->v.element.tag == tag;
}

static void
hub_gtext(const GumboNode *g, struct dl_buf *b, int depth)
{
	const GumboVector	*kids;
	unsigned int		 i;

	if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA ||
	    g->type == GUMBO_NODE_WHITESPACE) {
		dl_buf_adds(b, g->v.text.text);
		return;
	}
	if (g->type != GUMBO_NODE_ELEMENT || depth > HUB_DEPTH_MAX)
		return;
	switch (g->v.element.tag) {
	case GUMBO_TAG_SCRIPT:
	case GUMBO_TAG_STYLE:
	case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_TEMPLATE:
		return;
	default:
		break;
	}
	kids = &g->v.element.children;
	for (i = 0; i < kids->length; i++) {
		dl_buf_addc(b, ' ');
		hub_gtext(kids->data[i], b, depth + 1);
	}
}

/* White space collapsed and trimmed, allocated. */
char *
hub_collapse(const char *s)
{
	struct dl_buf	 b;
	int		 sp = 0;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (; *s != '\0'; s++) {
		if (hub_is_space((unsigned char)*s)) {
			sp = b.len > 0;
			continue;
		}
		/* U+00A0 no-break space */
		if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0) {
			sp = b.len > 0;
			s++;
			continue;
		}
		if (sp)
			dl_buf_addc(&b, ' ');
		sp = 0;
		dl_buf_addc(&b, *s);
	}
	return dl_buf_take(&b);
}

char *
hub_node_text(const GumboNode *g)
{
	struct dl_buf	 b;
	char		*s;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	hub_gtext(g, &b, 0);
	s = hub_collapse(dl_buf_str(&b));
	dl_buf_clear(&b);
	return s;
}

int
hub_is_heading(const GumboNode *g)
{
	if (g->type != GUMBO_NODE_ELEMENT)
		return 0;
	switch (g->v.element.tag) {
	case GUMBO_TAG_H1:
	case GUMBO_TAG_H2:
	case GUMBO_TAG_H3:
	case GUMBO_TAG_H4:
		return 1;
	default:
		return 0;
	}
}

/* The first heading at or under g, or NULL. */
const GumboNode *
hub_find_heading(const GumboNode *g, int depth)
{
	const GumboVector	*kids;
	const GumboNode		*h;
	unsigned int		 i;

	if (g->type != GUMBO_NODE_ELEMENT || depth > HUB_DEPTH_MAX)
		return NULL;
	if (hub_is_heading(g))
		return g;
	kids = &g->v.element.children;
	for (i = 0; i < kids->length; i++)
		if ((h = hub_find_heading(kids->data[i], depth + 1)) != NULL)
			return h;
	return NULL;
}

/* The alt text of the first image under g, or NULL. */
const char *
hub_find_alt(const GumboNode *g, int depth)
{
	const GumboVector	*kids;
	const char		*a;
	unsigned int		 i;

	if (g->type != GUMBO_NODE_ELEMENT || depth > HUB_DEPTH_MAX)
		return NULL;
	if (g->v.element.tag == GUMBO_TAG_IMG)
		return hub_attr(g, "alt");
	kids = &g->v.element.children;
	for (i = 0; i < kids->length; i++)
		if ((a = hub_find_alt(kids->data[i], depth + 1)) != NULL)
			return a;
	return NULL;
}

/* 1 if a class or id token names navigation. */
static int
hub_nav_token(const char *t, size_t n)
{
	static const char *const subs[] = {
		"menu", "footer", "navbar", "nav-", "-nav", "_nav", "nav_",
		"breadcrumb", "pagination", "pager", "masthead", "sitenav",
		"navigation", NULL
	};
	const char *const	*s;
	size_t			 i, m;

	if (n == 3 && dl_strncaseeq(t, "nav", 3))
		return 1;
	for (s = subs; *s != NULL; s++) {
		m = strlen(*s);
		for (i = 0; i + m <= n; i++)
			if (dl_strncaseeq(t + i, *s, m))
				return 1;
	}
	return 0;
}

static int
hub_nav_names(const char *s)
{
	size_t	 n;

	while (s != NULL && *s != '\0') {
		while (hub_is_space((unsigned char)*s))
			s++;
		for (n = 0; s[n] != '\0' && !hub_is_space((unsigned char)s[n]);
		    n++)
			;
		if (n > 0 && hub_nav_token(s, n))
			return 1;
		s += n;
	}
	return 0;
}

static int
hub_in_article(const GumboNode *g)
{
	for (; g != NULL; g = g->parent)
		if (hub_is_tag(g, GUMBO_TAG_ARTICLE))
			return 1;
	return 0;
}

/* 1 if g sits in navigation, a header, footer or aside (not an article's
 * own header or footer). */
int
hub_in_nav(const GumboNode *g)
{
	const char	*role;

	for (g = g->parent; g != NULL; g = g->parent) {
		if (g->type != GUMBO_NODE_ELEMENT)
			continue;
		switch (g->v.element.tag) {
		case GUMBO_TAG_NAV:
		case GUMBO_TAG_ASIDE:
			return 1;
		case GUMBO_TAG_HEADER:
		case GUMBO_TAG_FOOTER:
			if (!hub_in_article(g->parent))
				return 1;
			break;
		default:
			break;
		}
		role = hub_attr(g, "role");
		if (role != NULL && (dl_strcaseeq(role, "navigation") ||
		    dl_strcaseeq(role, "banner") ||
		    dl_strcaseeq(role, "contentinfo")))
			return 1;
		if (hub_nav_names(hub_attr(g, "class")) ||
		    hub_nav_names(hub_attr(g, "id")))
			return 1;
	}
	return 0;
}

/* The <base href> of the page resolved against page_url, else page_url;
 * allocated or NULL. */
char *
hub_base(const GumboNode *g, const char *page_url, int depth)
{
	const GumboVector	*kids;
	const char		*href;
	char			*r;
	unsigned int		 i;

	if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_DOCUMENT)
		return NULL;
	if (depth > 6)
		return NULL;
	if (hub_is_tag(g, GUMBO_TAG_BASE) &&
	    (href = hub_attr(g, "href")) != NULL)
		return url_resolve(page_url, href);
	kids = g->type == GUMBO_NODE_DOCUMENT ? &g->v.document.children :
	    &g->v.element.children;
	for (i = 0; i < kids->length; i++)
		if ((r = hub_base(kids->data[i], page_url, depth + 1)) != NULL)
			return r;
	return NULL;
}

const GumboVector *
hub_kids(const GumboNode *g)
{
	if (g->type == GUMBO_NODE_DOCUMENT)
		return &g->v.document.children;
	if (g->type == GUMBO_NODE_ELEMENT)
		return &g->v.element.children;
	return NULL;
}
