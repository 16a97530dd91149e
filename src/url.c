/* url.c: URL handling through libcurl's URL API (RFC 3986 resolution of
 * relative references, scheme checks). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "dl_curl.h"
#include "url.h"

int
url_is_absolute(const char *s)
{
	const char	*p;

	if (s == NULL || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (p = s + 1; *p != '\0'; p++) {
		if (*p == ':')
			return 1;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' ||
		    *p == '.'))
			return 0;
	}
	return 0;
}


/* Set what into h, first as written, then percent-encoding what curl will
 * not take raw (spaces, stray bytes), as browsers do. */
static int
url_set(CURLU *h, const char *what)
{
	unsigned int	 flags;

	flags = CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE;
	if (dl_curl_url_set(h, CURLUPART_URL, what, flags) == CURLUE_OK)
		return 0;
	flags |= CURLU_URLENCODE;
	if (dl_curl_url_set(h, CURLUPART_URL, what, flags) == CURLUE_OK)
		return 0;
	return -1;
}

/* The length of the character at p (n bytes left, at least 1); *unsafe
 * is set when no URL may carry it raw: a control or bidi character (a
 * link is printed, and these would act on the terminal or hide its
 * text), or a byte that does not start valid UTF-8 (all our output is). */
static size_t
url_char(const unsigned char *p, size_t n, int *unsafe)
{
	uint32_t	 cp;
	size_t		 len;

	*unsafe = 1;
	if ((len = dl_utf8_ctl((const char *)p, n, &cp)) != 0)
		return len;
	len = dl_utf8_decode((const char *)p, n, &cp);
	/* U+FFFD of one byte is a malformed one; a real U+FFFD has 3. */
	*unsafe = cp == DL_UTF8_BAD && len == 1;
	return len;
}

char *
url_encode_unsafe(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + strlen(s);
	const unsigned char	*q;
	struct dl_buf		 b;
	size_t			 n, i;
	int			 unsafe = 0;

	/* Most links are printable ASCII throughout: those bytes need no
	 * closer look. */
	for (q = p; q < end; q += n) {
		if (*q >= 0x20 && *q < 0x7f) {
			n = 1;
			continue;
		}
		if ((n = url_char(q, (size_t)(end - q), &unsafe)) && unsafe)
			break;
	}
	if (q == end)
		return NULL;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (; p < end; p += n) {
		n = url_char(p, (size_t)(end - p), &unsafe);
		if (!unsafe)
			dl_buf_add(&b, (const char *)p, n);
		else
			for (i = 0; i < n; i++)
				dl_buf_addf(&b, "%%%02X", p[i]);
	}
	return dl_buf_take(&b);
}

/* The URL in h. libcurl decodes a percent-encoded host, so "%be" there
 * comes back as a raw byte: what is unsafe or not UTF-8 is encoded again. */
static char *
url_get(CURLU *h)
{
	char	*s, *r;

	if (dl_curl_url_get(h, CURLUPART_URL, &s, 0) != CURLUE_OK)
		return NULL;
	if ((r = url_encode_unsafe(s)) == NULL)
		r = dl_strdup(s);
	dl_curl_free(s);
	return r;
}

static char *
url_resolve_clean(const char *base, const char *ref)
{
	CURLU	*h;
	char	*out = NULL;

	if (ref == NULL && base == NULL)
		return NULL;
	if ((h = dl_curl_url()) == NULL)
		return NULL;
	if (ref != NULL && url_is_absolute(ref)) {
		if (url_set(h, ref) == 0)
			out = url_get(h);
		else
			out = dl_strdup(ref);
		goto out;
	}
	if (base == NULL || !url_is_absolute(base) || url_set(h, base) != 0)
		goto out;
	if (ref != NULL && ref[0] == '#') {
		/* libcurl before 8.x drops the last path segment here. */
		if (dl_curl_url_set(h, CURLUPART_FRAGMENT, ref[1] != '\0' ?
		    ref + 1 : NULL, CURLU_URLENCODE) != CURLUE_OK)
			goto out;
	} else if (ref != NULL && url_set(h, ref) != 0)
		goto out;
	out = url_get(h);
out:
	dl_curl_url_cleanup(h);
	return out;
}

char *
url_resolve(const char *base, const char *ref)
{
	char	*b = base != NULL ? url_encode_unsafe(base) : NULL;
	char	*r = ref != NULL ? url_encode_unsafe(ref) : NULL;
	char	*out;

	out = url_resolve_clean(b != NULL ? b : base, r != NULL ? r : ref);
	free(b);
	free(r);
	return out;
}

int
url_is_http(const char *url)
{
	CURLU	*h;
	char	*scheme = NULL, *host = NULL;
	int	 ok = 0;

	if (url == NULL || (h = dl_curl_url()) == NULL)
		return 0;
	if (dl_curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (dl_curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    dl_curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	ok = (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
	    *host != '\0';
out:
	dl_curl_free(scheme);
	dl_curl_free(host);
	dl_curl_url_cleanup(h);
	return ok;
}
