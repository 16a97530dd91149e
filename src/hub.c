/* hub.c: feed autodiscovery (<link rel=alternate>, <a> to feed URLs) and
 * hub pages turned into story items by headline-like links that share a
 * URL shape, with their teasers and timestamps. */
#include "config.h"

#include <sys/types.h>

#include <curl/curl.h>
#include <gumbo.h>
#include <jansson.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "dl.h"
#include "feed.h"
#include "hub.h"
#include "url.h"

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

/* Tracking parameters dropped from URLs ("utm_" is a prefix). */
static const char *const hub_tracking[] = {
	"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ref",
	"ref_src", "cmp", "cmpid", "ocid", "ito", "icid", "igshid", "yclid",
	"_ga", "_gl", "s_cid", "ncid", "spm", "smid", "wt_mc", "at_medium",
	"at_campaign", "src", NULL
};

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

/* Hosts of social networks and sharers. */
static const char *const hub_social[] = {
	"facebook.com", "twitter.com", "x.com", "linkedin.com",
	"instagram.com", "youtube.com", "tiktok.com", "reddit.com",
	"pinterest.com", "whatsapp.com", "t.me", "telegram.me",
	"flipboard.com", "line.me", NULL
};

/* Class tokens of the parts that hold a promo's teaser. */
static const char *const hub_teaser_class[] = {
	"description", "teaser", "summary", "dek", "excerpt", "standfirst",
	"abstract", "snippet", "lede", NULL
};

static int
hub_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
hub_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
hub_starts_ci(const char *s, const char *prefix)
{
	return dl_strncaseeq(s, prefix, strlen(prefix));
}

static int
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

/* ---- canonical URLs ------------------------------------------------ */

static int
hub_tracking_param(const char *p, size_t n)
{
	const char *const	*t;
	const char		*eq = memchr(p, '=', n);
	size_t			 klen = eq != NULL ? (size_t)(eq - p) : n;

	if (klen >= 4 && dl_strncaseeq(p, "utm_", 4))
		return 1;
	for (t = hub_tracking; *t != NULL; t++)
		if (strlen(*t) == klen && dl_strncaseeq(p, *t, klen))
			return 1;
	return 0;
}

/* The query without tracking parameters; NULL when nothing is left. */
static char *
hub_filter_query(const char *q)
{
	struct dl_buf	 b;
	const char	*p = q, *e;
	size_t		 n;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	while (*p != '\0') {
		e = strchr(p, '&');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n > 0 && !hub_tracking_param(p, n)) {
			if (b.len > 0)
				dl_buf_addc(&b, '&');
			dl_buf_add(&b, p, n);
		}
		p += n;
		if (*p == '&')
			p++;
	}
	if (b.len == 0) {
		dl_buf_clear(&b);
		return NULL;
	}
	return dl_buf_take(&b);
}

static int
hub_canon_parts(CURLU *h)
{
	char	*scheme = NULL, *host = NULL, *q = NULL, *nq = NULL, *p;
	int	 rc = -1;

	if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if ((!dl_strcaseeq(scheme, "http") && !dl_strcaseeq(scheme,
	    "https")) || *host == '\0')
		goto out;
	for (p = host; *p != '\0'; p++)
		*p = (char)hub_lower((unsigned char)*p);
	curl_url_set(h, CURLUPART_HOST, host, 0);
	curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
	if (curl_url_get(h, CURLUPART_QUERY, &q, 0) == CURLUE_OK) {
		nq = hub_filter_query(q);
		curl_url_set(h, CURLUPART_QUERY, nq, 0);
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(q);
	free(nq);
	return rc;
}

char *
hub_canonical_url(const char *url)
{
	CURLU	*h;
	char	*abs = NULL, *s = NULL, *out = NULL;

	if (url == NULL || (abs = url_resolve(NULL, url)) == NULL)
		return NULL;
	if ((h = curl_url()) == NULL)
		goto out;
	if (curl_url_set(h, CURLUPART_URL, abs, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK || hub_canon_parts(h) != 0)
		goto out;
	if (curl_url_get(h, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT) ==
	    CURLUE_OK)
		out = dl_strdup(s);
out:
	curl_free(s);
	curl_url_cleanup(h);
	free(abs);
	return out;
}

/* Host and path+query of an absolute URL, allocated; -1 if not http. */
static int
hub_split_url(const char *url, char **host, char **path, char **query)
{
	CURLU	*h;
	char	*p[3] = { NULL, NULL, NULL };
	int	 rc = -1;

	*host = *path = NULL;
	if (query != NULL)
		*query = NULL;
	if (url == NULL || (h = curl_url()) == NULL)
		return -1;
	if (curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &p[0], 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_PATH, &p[1], 0) == CURLUE_OK) {
		*host = dl_strdup(p[0]);
		*path = dl_strdup(p[1]);
		if (query != NULL && curl_url_get(h, CURLUPART_QUERY, &p[2],
		    0) == CURLUE_OK)
			*query = dl_strdup(p[2]);
		rc = 0;
	}
	curl_free(p[0]);
	curl_free(p[1]);
	curl_free(p[2]);
	curl_url_cleanup(h);
	return rc;
}

/* ---- same site ----------------------------------------------------- */

/* Where the registrable domain of host starts: the last two labels, or
 * three under a two-letter country code with a generic second level
 * (example.co.kr, example.com.au). */
static const char *
hub_registrable(const char *host)
{
	static const char *const sld[] = {
		"co", "com", "net", "org", "or", "ne", "ac", "go", "gov",
		"edu", "re", "pe", "kg", "es", "mil", "gen", "ltd", NULL
	};
	const char	*dots[3] = { NULL, NULL, NULL }, *p;
	char		 second[8];
	size_t		 n;

	for (p = host; *p != '\0'; p++)
		if (*p == '.') {
			dots[2] = dots[1];
			dots[1] = dots[0];
			dots[0] = p;
		}
	if (dots[1] == NULL)
		return host;
	n = (size_t)(dots[0] - dots[1] - 1);
	if (strlen(dots[0] + 1) == 2 && n < sizeof second) {
		memcpy(second, dots[1] + 1, n);
		second[n] = '\0';
		if (hub_in_list(sld, second))
			return dots[2] != NULL ? dots[2] + 1 : host;
	}
	return dots[1] + 1;
}

int
hub_same_site(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 0;
	return dl_strcaseeq(hub_registrable(a), hub_registrable(b));
}

static int
hub_social_host(const char *host)
{
	const char *const	*s;
	const char		*r = hub_registrable(host);

	for (s = hub_social; *s != NULL; s++)
		if (dl_strcaseeq(r, *s) || dl_strcaseeq(host, *s))
			return 1;
	return 0;
}

/* ---- headlines ----------------------------------------------------- */

/* Decode one UTF-8 code point at *p (advancing it); invalid bytes give
 * 0xFFFD. */
static uint32_t
hub_utf8_next(const char **pp)
{
	const unsigned char	*p = (const unsigned char *)*pp;
	uint32_t		 cp;
	int			 n, i;

	if (p[0] < 0x80)
		n = 0, cp = p[0];
	else if ((p[0] & 0xe0) == 0xc0)
		n = 1, cp = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 2, cp = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 3, cp = p[0] & 0x07;
	else {
		*pp += 1;
		return 0xfffd;
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*pp += i;
			return 0xfffd;
		}
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	*pp += n + 1;
	return cp;
}

static int
hub_is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11ff) ||
	    (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3130 && cp <= 0x318f) ||
	    (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) ||
	    (cp >= 0xf900 && cp <= 0xfaff);
}

struct hub_count {
	size_t	 words, cps, cjk, lower, upper;
};

static void
hub_count_text(const char *s, struct hub_count *c)
{
	uint32_t	 cp;
	int		 inword = 0;

	memset(c, 0, sizeof *c);
	while (*s != '\0') {
		cp = hub_utf8_next(&s);
		c->cps++;
		if (cp < 0x80 && hub_is_space((int)cp)) {
			inword = 0;
			continue;
		}
		if ((cp >= 'a' && cp <= 'z') || cp >= 0xdf)
			c->lower += cp < 0x80 || !hub_is_cjk(cp);
		else if (cp >= 'A' && cp <= 'Z')
			c->upper++;
		c->cjk += hub_is_cjk(cp);
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

/* ---- URL shapes ---------------------------------------------------- */

static int
hub_all(const char *s, size_t n, const char *set)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strchr(set, hub_lower((unsigned char)s[i])) == NULL)
			return 0;
	return n > 0;
}

static int
hub_has(const char *s, size_t n, const char *set)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strchr(set, hub_lower((unsigned char)s[i])) != NULL)
			return 1;
	return 0;
}

#define HUB_DIGITS	"0123456789"
#define HUB_HEX		"0123456789abcdef"

/* The class of one token (no extension). */
static void
hub_shape_token(const char *s, size_t n, struct dl_buf *out)
{
	size_t	 seps = 0, i;

	if (hub_all(s, n, HUB_DIGITS)) {
		if (n == 4 && (s[0] == '1' || s[0] == '2'))
			dl_buf_adds(out, "{yyyy}");
		else
			dl_buf_adds(out, n <= 2 ? "{nn}" : "{num}");
		return;
	}
	if (n >= 8 && hub_all(s, n, HUB_HEX) && hub_has(s, n, HUB_DIGITS)) {
		dl_buf_adds(out, "{hex}");
		return;
	}
	for (i = 0; i < n; i++)
		seps += s[i] == '-' || s[i] == '_';
	/* Slugs of any length and slugs ending in an id share one class, so
	 * "hello-world" and "typhoon-hits-japan-3f9a2c81" group together. */
	if (seps >= 1 && hub_has(s, n, "abcdefghijklmnopqrstuvwxyz")) {
		dl_buf_adds(out, "{slug}");
		return;
	}
	for (i = 0; i < n; i++)
		dl_buf_addc(out, (char)hub_lower((unsigned char)s[i]));
}

/* One path segment or query value, keeping a short extension. */
static void
hub_shape_seg(const char *s, size_t n, struct dl_buf *out)
{
	const char	*dot = NULL;
	size_t		 i;

	for (i = 0; i < n; i++)
		if (s[i] == '.')
			dot = s + i;
	if (dot != NULL && dot > s && (size_t)(s + n - dot) <= 6) {
		hub_shape_token(s, (size_t)(dot - s), out);
		dl_buf_add(out, dot, (size_t)(s + n - dot));
	} else
		hub_shape_token(s, n, out);
}

static void
hub_shape_query(const char *q, struct dl_buf *out)
{
	const char	*p = q, *e, *eq;
	size_t		 n;

	dl_buf_addc(out, '?');
	while (*p != '\0') {
		e = strchr(p, '&');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		eq = memchr(p, '=', n);
		if (eq != NULL) {
			dl_buf_add(out, p, (size_t)(eq - p) + 1);
			hub_shape_seg(eq + 1, (size_t)(p + n - eq - 1), out);
		} else
			dl_buf_add(out, p, n);
		p += n;
		if (*p == '&') {
			dl_buf_addc(out, '&');
			p++;
		}
	}
}

char *
hub_url_shape(const char *url)
{
	struct dl_buf	 b;
	char		*host, *path, *query;
	const char	*p, *e;

	if (hub_split_url(url, &host, &path, &query) != 0)
		return NULL;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (p = path; *p == '/';) {
		dl_buf_addc(&b, '/');
		p++;
		e = strchr(p, '/');
		hub_shape_seg(p, e != NULL ? (size_t)(e - p) : strlen(p), &b);
		p = e != NULL ? e : p + strlen(p);
	}
	if (query != NULL)
		hub_shape_query(query, &b);
	free(host);
	free(path);
	free(query);
	return dl_buf_take(&b);
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

/* ---- feed URLs ----------------------------------------------------- */

static int
hub_ends_ci(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && dl_strcaseeq(s + n - m, suffix);
}

static int
hub_contains_ci(const char *s, const char *needle)
{
	size_t	 m = strlen(needle);

	for (; *s != '\0'; s++)
		if (dl_strncaseeq(s, needle, m))
			return 1;
	return 0;
}

static int
hub_feedish_path(const char *path, const char *query)
{
	static const char *const ends[] = {
		"/feed", "/feed/", "/rss", "/rss/", ".rss", ".atom", "/atom",
		"/atom/", "/atom.xml", "/feed.json", "/index.xml", "/rss.xml",
		"/feed.xml", "/rdf", "/feeds/posts/default", NULL
	};
	const char *const	*e;

	for (e = ends; *e != NULL; e++)
		if (hub_ends_ci(path, *e))
			return 1;
	if (hub_ends_ci(path, ".xml") && (hub_contains_ci(path, "rss") ||
	    hub_contains_ci(path, "feed") || hub_contains_ci(path, "atom")))
		return 1;
	return query != NULL && (hub_contains_ci(query, "feed=rss") ||
	    hub_contains_ci(query, "feed=atom") ||
	    hub_contains_ci(query, "format=rss") ||
	    hub_contains_ci(query, "format=atom"));
}

static int
hub_feed_host(const char *host)
{
	return hub_starts_ci(host, "feeds.") || hub_starts_ci(host, "rss.") ||
	    hub_contains_ci(host, "feedburner.");
}

int
hub_feedish_url(const char *url)
{
	char	*host, *path, *query;
	int	 r;

	if (hub_split_url(url, &host, &path, &query) != 0)
		return 0;
	r = hub_feedish_path(path, query) || (hub_feed_host(host) &&
	    strcmp(path, "/") != 0);
	free(host);
	free(path);
	free(query);
	return r;
}

/* ---- HTML ---------------------------------------------------------- */

/* The page as UTF-8: BOM, <meta charset>, the hint, else UTF-8. */
static char *
hub_decode(const char *page, size_t len, const char *hint, size_t *outlen)
{
	char			 label[64];
	const char		*enc;
	struct charset_conv	*cv = NULL;
	struct dl_buf		 b;
	size_t			 bomlen;

	enc = charset_sniff_bom((const unsigned char *)page, len, &bomlen);
	if (enc == NULL && charset_sniff_html((const unsigned char *)page,
	    len < 8192 ? len : 8192, label, sizeof label) == 0 &&
	    charset_canonical(label) != NULL &&
	    strncmp(charset_canonical(label), "UTF-16", 6) != 0)
		enc = label;
	if (enc == NULL && hint != NULL && charset_canonical(hint) != NULL)
		enc = hint;
	if (enc == NULL || (cv = charset_conv_new(enc)) == NULL)
		cv = charset_conv_new("UTF-8");
	dl_buf_init(&b, HUB_CAP);
	if (page != NULL)
		charset_conv_feed(cv, page, len, &b);
	charset_conv_finish(cv, &b);
	charset_conv_free(cv);
	*outlen = b.len;
	return dl_buf_take(&b);
}

static GumboOutput *
hub_gumbo(const char *html, size_t len, const char *hint)
{
	GumboOptions	 go = kGumboDefaultOptions;
	GumboOutput	*out;
	char		*s;
	size_t		 slen;

	s = hub_decode(html, len, hint, &slen);
	go.max_errors = 0;
	out = gumbo_parse_with_options(&go, s, slen);
	/* gumbo's tree points into the buffer only for original_text. */
	free(s);
	return out;
}

static const char *
hub_attr(const GumboNode *g, const char *name)
{
	const GumboAttribute	*a;

	if (g->type != GUMBO_NODE_ELEMENT)
		return NULL;
	a = gumbo_get_attribute(&g->v.element.attributes, name);
	return a != NULL ? a->value : NULL;
}

static int
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
static char *
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

static char *
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

static int
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
static const GumboNode *
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
static const char *
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
static int
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
static char *
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

static const GumboVector *
hub_kids(const GumboNode *g)
{
	if (g->type == GUMBO_NODE_DOCUMENT)
		return &g->v.document.children;
	if (g->type == GUMBO_NODE_ELEMENT)
		return &g->v.element.children;
	return NULL;
}

/* ---- discovery ----------------------------------------------------- */

struct hub_disc {
	const char	*base;
	char		*host;
	struct hub_feed	*v;
	size_t		 n;
	int		 from_a;	/* collecting <a> links now */
};

static int
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

static void
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

static const struct hub_ld *
hub_ld_find(const struct hub_ctx *c, const char *url)
{
	size_t	 i;

	for (i = 0; i < c->nld; i++)
		if (strcmp(c->ld[i].url, url) == 0)
			return &c->ld[i];
	return NULL;
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
		for (cut = HUB_TEASER_MAX; cut > 0 &&
		    ((unsigned char)t[cut] & 0xc0) == 0x80; cut--)
			;
		for (i = cut; i > HUB_TEASER_MAX / 2; i--)
			if (t[i] == ' ') {
				cut = i;
				break;
			}
	}
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (i = 0; i < cut; i++) {
		switch (t[i]) {
		case '<': dl_buf_adds(&b, "&lt;"); break;
		case '>': dl_buf_adds(&b, "&gt;"); break;
		case '&': dl_buf_adds(&b, "&amp;"); break;
		case '"': dl_buf_adds(&b, "&quot;"); break;
		default: dl_buf_addc(&b, t[i]); break;
		}
	}
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
