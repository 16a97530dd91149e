/* dl_curl.h: libcurl, loaded on first use. The program does not link
 * libcurl: loading it and the 30-odd libraries it brings (TLS, LDAP,
 * Kerberos, SSH, RTMP ...) took 5 ms of every run's 6 ms of start-up,
 * and 4 MB of RSS, for commands that never go on the network (parse,
 * items, the reader's first screen). Each dl_curl_ function is the
 * libcurl function of the same name after "dl_"; the first call of any
 * loads libcurl (dlopen of DL_CURL_SONAME). If it cannot be loaded,
 * they fail as libcurl fails to start (CURLE_FAILED_INIT, NULL), and
 * dl_curl_easy_strerror says why. */
#ifndef DL_CURL_H
#define DL_CURL_H

#include <curl/curl.h>

/* The library the headers we build with describe. */
#define DL_CURL_SONAME	"libcurl.so.4"

/* 0 if libcurl is loaded (now or before), -1 if it cannot be. */
int		 dl_curl_load(void);

CURLcode	 dl_curl_global_init(long flags);
void		 dl_curl_global_cleanup(void);
void		 dl_curl_free(void *p);
struct curl_slist *dl_curl_slist_append(struct curl_slist *l, const char *s);
void		 dl_curl_slist_free_all(struct curl_slist *l);

CURL		*dl_curl_easy_init(void);
void		 dl_curl_easy_cleanup(CURL *e);
CURLcode	 dl_curl_easy_setopt(CURL *e, CURLoption opt, ...);
CURLcode	 dl_curl_easy_getinfo(CURL *e, CURLINFO info, ...);
CURLcode	 dl_curl_easy_pause(CURL *e, int bitmask);
const char	*dl_curl_easy_strerror(CURLcode rc);

CURLM		*dl_curl_multi_init(void);
CURLMcode	 dl_curl_multi_cleanup(CURLM *m);
CURLMcode	 dl_curl_multi_setopt(CURLM *m, CURLMoption opt, ...);
CURLMcode	 dl_curl_multi_add_handle(CURLM *m, CURL *e);
CURLMcode	 dl_curl_multi_remove_handle(CURLM *m, CURL *e);
CURLMcode	 dl_curl_multi_perform(CURLM *m, int *running);
CURLMcode	 dl_curl_multi_poll(CURLM *m, struct curl_waitfd extra[],
		     unsigned int n, int timeout_ms, int *numfds);
CURLMcode	 dl_curl_multi_wakeup(CURLM *m);
CURLMsg		*dl_curl_multi_info_read(CURLM *m, int *left);
const char	*dl_curl_multi_strerror(CURLMcode rc);

CURLU		*dl_curl_url(void);
void		 dl_curl_url_cleanup(CURLU *u);
CURLUcode	 dl_curl_url_set(CURLU *u, CURLUPart what, const char *part,
		     unsigned int flags);
CURLUcode	 dl_curl_url_get(CURLU *u, CURLUPart what, char **part,
		     unsigned int flags);

#endif
