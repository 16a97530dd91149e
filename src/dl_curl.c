/* dl_curl.c: libcurl loaded on its first use (see include/dl_curl.h):
 * dlopen once, every function looked up then, each dl_curl_ function a
 * call through the table. */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "dl_curl.h"

static struct {
	CURLcode	(*global_init)(long);
	void		(*global_cleanup)(void);
	void		(*free)(void *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		(*slist_free_all)(struct curl_slist *);
	CURL		*(*easy_init)(void);
	void		(*easy_cleanup)(CURL *);
	CURLcode	(*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	(*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLcode	(*easy_pause)(CURL *, int);
	const char	*(*easy_strerror)(CURLcode);
	CURLM		*(*multi_init)(void);
	CURLMcode	(*multi_cleanup)(CURLM *);
	CURLMcode	(*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode	(*multi_add_handle)(CURLM *, CURL *);
	CURLMcode	(*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode	(*multi_perform)(CURLM *, int *);
	CURLMcode	(*multi_poll)(CURLM *, struct curl_waitfd[],
			    unsigned int, int, int *);
	CURLMcode	(*multi_wakeup)(CURLM *);
	CURLMsg		*(*multi_info_read)(CURLM *, int *);
	const char	*(*multi_strerror)(CURLMcode);
	CURLU		*(*url)(void);
	void		(*url_cleanup)(CURLU *);
	CURLUcode	(*url_set)(CURLU *, CURLUPart, const char *,
			    unsigned int);
	CURLUcode	(*url_get)(CURLU *, CURLUPart, char **, unsigned int);
} dl_curl_fn;

static pthread_once_t	 dl_curl_once = PTHREAD_ONCE_INIT;
static int		 dl_curl_ok;	/* set once, in dl_curl_open */
static char		 dl_curl_why[256];

/* The table's entries in order, with their names. */
#define DL_CURL_FN(f)	{ "curl_" #f, (void **)(void *)&dl_curl_fn.f }

static void
dl_curl_open(void)
{
	static const struct {
		const char	*name;
		void		**slot;
	} fns[] = {
		DL_CURL_FN(global_init), DL_CURL_FN(global_cleanup),
		DL_CURL_FN(free), DL_CURL_FN(slist_append),
		DL_CURL_FN(slist_free_all), DL_CURL_FN(easy_init),
		DL_CURL_FN(easy_cleanup), DL_CURL_FN(easy_setopt),
		DL_CURL_FN(easy_getinfo), DL_CURL_FN(easy_pause),
		DL_CURL_FN(easy_strerror), DL_CURL_FN(multi_init),
		DL_CURL_FN(multi_cleanup), DL_CURL_FN(multi_setopt),
		DL_CURL_FN(multi_add_handle), DL_CURL_FN(multi_remove_handle),
		DL_CURL_FN(multi_perform), DL_CURL_FN(multi_poll),
		DL_CURL_FN(multi_wakeup), DL_CURL_FN(multi_info_read),
		DL_CURL_FN(multi_strerror), DL_CURL_FN(url),
		DL_CURL_FN(url_cleanup), DL_CURL_FN(url_set),
		DL_CURL_FN(url_get),
	};
	void	*h, *sym;
	size_t	 i;

	if ((h = dlopen(DL_CURL_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(dl_curl_why, sizeof dl_curl_why, "cannot load "
		    "libcurl: %s", dlerror());
		return;
	}
	for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		if ((sym = dlsym(h, fns[i].name)) == NULL) {
			snprintf(dl_curl_why, sizeof dl_curl_why, "%s: no %s "
			    "(libcurl too old?)", DL_CURL_SONAME,
			    fns[i].name);
			return;	/* h stays: a failed load is not retried */
		}
		*fns[i].slot = sym;
	}
	dl_curl_ok = 1;
}

int
dl_curl_load(void)
{
	(void)pthread_once(&dl_curl_once, dl_curl_open);
	return dl_curl_ok ? 0 : -1;
}

CURLcode
dl_curl_global_init(long flags)
{
	return dl_curl_load() == 0 ? dl_curl_fn.global_init(flags) :
	    CURLE_FAILED_INIT;
}

void
dl_curl_global_cleanup(void)
{
	if (dl_curl_load() == 0)
		dl_curl_fn.global_cleanup();
}

void
dl_curl_free(void *p)
{
	if (p != NULL && dl_curl_load() == 0)
		dl_curl_fn.free(p);
}

struct curl_slist *
dl_curl_slist_append(struct curl_slist *l, const char *s)
{
	return dl_curl_load() == 0 ? dl_curl_fn.slist_append(l, s) : NULL;
}

void
dl_curl_slist_free_all(struct curl_slist *l)
{
	if (l != NULL && dl_curl_load() == 0)
		dl_curl_fn.slist_free_all(l);
}

CURL *
dl_curl_easy_init(void)
{
	return dl_curl_load() == 0 ? dl_curl_fn.easy_init() : NULL;
}

void
dl_curl_easy_cleanup(CURL *e)
{
	if (e != NULL && dl_curl_load() == 0)
		dl_curl_fn.easy_cleanup(e);
}

/* rc = set(h, opt, value), the value taken from ap as libcurl reads it:
 * by the type its number's range names (curl.h's CURLOPTTYPE_; the
 * CURLMoption numbers use the same ranges). */
#define DL_CURL_SETOPT(rc, set, h, opt, ap) do {			\
	if ((opt) < CURLOPTTYPE_OBJECTPOINT)				\
		(rc) = (set)((h), (opt), va_arg((ap), long));		\
	else if ((opt) >= CURLOPTTYPE_FUNCTIONPOINT &&			\
	    (opt) < CURLOPTTYPE_OFF_T)					\
		(rc) = (set)((h), (opt), va_arg((ap), void (*)(void)));	\
	else if ((opt) >= CURLOPTTYPE_OFF_T && (opt) < CURLOPTTYPE_BLOB)	\
		(rc) = (set)((h), (opt), va_arg((ap), curl_off_t));	\
	else								\
		(rc) = (set)((h), (opt), va_arg((ap), void *));		\
} while (0)

CURLcode
dl_curl_easy_setopt(CURL *e, CURLoption opt, ...)
{
	va_list		 ap;
	CURLcode	 rc;

	if (dl_curl_load() == -1)
		return CURLE_FAILED_INIT;
	va_start(ap, opt);
	DL_CURL_SETOPT(rc, dl_curl_fn.easy_setopt, e, opt, ap);
	va_end(ap);
	return rc;
}

/* Every CURLINFO takes a pointer to where the answer goes. */
CURLcode
dl_curl_easy_getinfo(CURL *e, CURLINFO info, ...)
{
	va_list		 ap;
	CURLcode	 rc;

	if (dl_curl_load() == -1)
		return CURLE_FAILED_INIT;
	va_start(ap, info);
	rc = dl_curl_fn.easy_getinfo(e, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode
dl_curl_easy_pause(CURL *e, int bitmask)
{
	return dl_curl_load() == 0 ? dl_curl_fn.easy_pause(e, bitmask) :
	    CURLE_FAILED_INIT;
}

const char *
dl_curl_easy_strerror(CURLcode rc)
{
	return dl_curl_load() == 0 ? dl_curl_fn.easy_strerror(rc) :
	    dl_curl_why;
}

CURLM *
dl_curl_multi_init(void)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_init() : NULL;
}

CURLMcode
dl_curl_multi_cleanup(CURLM *m)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_cleanup(m) :
	    CURLM_BAD_HANDLE;
}

CURLMcode
dl_curl_multi_setopt(CURLM *m, CURLMoption opt, ...)
{
	va_list		 ap;
	CURLMcode	 rc;

	if (dl_curl_load() == -1)
		return CURLM_BAD_HANDLE;
	va_start(ap, opt);
	DL_CURL_SETOPT(rc, dl_curl_fn.multi_setopt, m, opt, ap);
	va_end(ap);
	return rc;
}

CURLMcode
dl_curl_multi_add_handle(CURLM *m, CURL *e)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_add_handle(m, e) :
	    CURLM_BAD_HANDLE;
}

CURLMcode
dl_curl_multi_remove_handle(CURLM *m, CURL *e)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_remove_handle(m, e) :
	    CURLM_BAD_HANDLE;
}

CURLMcode
dl_curl_multi_perform(CURLM *m, int *running)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_perform(m, running) :
	    CURLM_BAD_HANDLE;
}

CURLMcode
dl_curl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned int n,
    int timeout_ms, int *numfds)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_poll(m, extra, n,
	    timeout_ms, numfds) : CURLM_BAD_HANDLE;
}

CURLMcode
dl_curl_multi_wakeup(CURLM *m)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_wakeup(m) :
	    CURLM_BAD_HANDLE;
}

CURLMsg *
dl_curl_multi_info_read(CURLM *m, int *left)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_info_read(m, left) :
	    NULL;
}

const char *
dl_curl_multi_strerror(CURLMcode rc)
{
	return dl_curl_load() == 0 ? dl_curl_fn.multi_strerror(rc) :
	    dl_curl_why;
}

CURLU *
dl_curl_url(void)
{
	return dl_curl_load() == 0 ? dl_curl_fn.url() : NULL;
}

void
dl_curl_url_cleanup(CURLU *u)
{
	if (u != NULL && dl_curl_load() == 0)
		dl_curl_fn.url_cleanup(u);
}

CURLUcode
dl_curl_url_set(CURLU *u, CURLUPart what, const char *part,
    unsigned int flags)
{
	return dl_curl_load() == 0 ? dl_curl_fn.url_set(u, what, part,
	    flags) : CURLUE_OUT_OF_MEMORY;
}

CURLUcode
dl_curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags)
{
	return dl_curl_load() == 0 ? dl_curl_fn.url_get(u, what, part,
	    flags) : CURLUE_OUT_OF_MEMORY;
}
