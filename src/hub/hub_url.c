/* hub_url.c: URLs as the hub reader sees them: canonical forms, the same
 * site, URL shapes and URLs that look like feeds. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "dl_curl.h"
#include "hub_int.h"
#include "url.h"

/* Tracking parameters dropped from URLs ("utm_" is a prefix). */
static const char *const hub_tracking[] = {
	"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ref",
	"ref_src", "cmp", "cmpid", "ocid", "ito", "icid", "igshid", "yclid",
	"_ga", "_gl", "s_cid", "ncid", "spm", "smid", "wt_mc", "at_medium",
	"at_campaign", "src", NULL
};

/* Hosts of social networks and sharers. */
static const char *const hub_social[] = {
	"facebook.com", "twitter.com", "x.com", "linkedin.com",
	"instagram.com", "youtube.com", "tiktok.com", "reddit.com",
	"pinterest.com", "whatsapp.com", "t.me", "telegram.me",
	"flipboard.com", "line.me", NULL
};

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

	if (dl_curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    dl_curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if ((!dl_strcaseeq(scheme, "http") && !dl_strcaseeq(scheme,
	    "https")) || *host == '\0')
		goto out;
	for (p = host; *p != '\0'; p++)
		*p = (char)hub_lower((unsigned char)*p);
	dl_curl_url_set(h, CURLUPART_HOST, host, 0);
	dl_curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
	if (dl_curl_url_get(h, CURLUPART_QUERY, &q, 0) == CURLUE_OK) {
		nq = hub_filter_query(q);
		dl_curl_url_set(h, CURLUPART_QUERY, nq, 0);
	}
	rc = 0;
out:
	dl_curl_free(scheme);
	dl_curl_free(host);
	dl_curl_free(q);
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
	if ((h = dl_curl_url()) == NULL)
		goto out;
	if (dl_curl_url_set(h, CURLUPART_URL, abs, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK || hub_canon_parts(h) != 0)
		goto out;
	if (dl_curl_url_get(h, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT) ==
	    CURLUE_OK)
		out = dl_strdup(s);
out:
	dl_curl_free(s);
	dl_curl_url_cleanup(h);
	free(abs);
	return out;
}

/* Host and path+query of an absolute URL, allocated; -1 if not http. */
int
hub_split_url(const char *url, char **host, char **path, char **query)
{
	CURLU	*h;
	char	*p[3] = { NULL, NULL, NULL };
	int	 rc = -1;

	*host = *path = NULL;
	if (query != NULL)
		*query = NULL;
	if (url == NULL || (h = dl_curl_url()) == NULL)
		return -1;
	if (dl_curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    dl_curl_url_get(h, CURLUPART_HOST, &p[0], 0) == CURLUE_OK &&
	    dl_curl_url_get(h, CURLUPART_PATH, &p[1], 0) == CURLUE_OK) {
		*host = dl_strdup(p[0]);
		*path = dl_strdup(p[1]);
		if (query != NULL && dl_curl_url_get(h, CURLUPART_QUERY, &p[2],
		    0) == CURLUE_OK)
			*query = dl_strdup(p[2]);
		rc = 0;
	}
	dl_curl_free(p[0]);
	dl_curl_free(p[1]);
	dl_curl_free(p[2]);
	dl_curl_url_cleanup(h);
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

int
hub_social_host(const char *host)
{
	const char *const	*s;
	const char		*r = hub_registrable(host);

	for (s = hub_social; *s != NULL; s++)
		if (dl_strcaseeq(r, *s) || dl_strcaseeq(host, *s))
			return 1;
	return 0;
}

/* ---- URL shapes ---------------------------------------------------- */

int
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

/* ---- feed URLs ----------------------------------------------------- */

static int
hub_ends_ci(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && dl_strcaseeq(s + n - m, suffix);
}

int
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

int
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
