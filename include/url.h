/* url.h: URLs through libcurl's URL API: resolving relative references,
 * checking schemes. */
#ifndef URL_H
#define URL_H

/* Resolve ref against base (either may be NULL; base may itself be
 * relative, in which case ref is returned as is if absolute). Returns an
 * allocated absolute URL, or NULL if neither gives an absolute URL.
 * Control characters (C0, DEL, C1) and bidi controls in either are
 * percent-encoded: a link never carries them raw. */
char	*url_resolve(const char *base, const char *ref);

/* s with its control characters (C0, DEL, C1), bidi controls and bytes
 * that are not valid UTF-8 percent-encoded, allocated; NULL when it has
 * none (s is fine as is). */
char	*url_encode_unsafe(const char *s);

/* 1 if url is an absolute http:// or https:// URL with a host, else 0. */
int	 url_is_http(const char *url);

/* 1 if s has a scheme ("name:"), else 0. */
int	 url_is_absolute(const char *s);

#endif
