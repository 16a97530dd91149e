/* extract_meta.c: an article's metadata: JSON-LD, OpenGraph and <meta>,
 * the page's <title>, first <h1>, byline and <time>, resolved in that
 * order of trust. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "dl.h"
#include "extract.h"
#include "html.h"
#include "url.h"
#include "extract/extract_int.h"

/* ---- JSON-LD ---- */

static const char *
extract_ld_str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	if (json_is_object(v))
		v = json_object_get(v, "name");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
extract_ld_typeok(const char *t)
{
	size_t	 n;

	if (t == NULL)
		return 0;
	n = strlen(t);
	return (n >= 7 && strcmp(t + n - 7, "Article") == 0) ||
	    (n >= 11 && strcmp(t + n - 11, "BlogPosting") == 0) ||
	    strcmp(t, "Report") == 0;
}

static int
extract_ld_is_article(json_t *o)
{
	json_t	*t = json_object_get(o, "@type"), *e;
	size_t	 i;

	if (json_is_string(t))
		return extract_ld_typeok(json_string_value(t));
	json_array_foreach(t, i, e)
		if (json_is_string(e) &&
		    extract_ld_typeok(json_string_value(e)))
			return 1;
	return 0;
}

static void
extract_ld_author1(json_t *a, struct dl_buf *b)
{
	const char	*s = NULL;
	char		*c;

	if (json_is_string(a))
		s = json_string_value(a);
	else if (json_is_object(a))
		s = extract_ld_str(a, "name");
	if ((c = extract_collapse(s)) == NULL)
		return;
	if (b->len > 0)
		dl_buf_adds(b, ", ");
	dl_buf_adds(b, c);
	free(c);
}

static char *
extract_ld_authors(json_t *a)
{
	struct dl_buf	 b;
	json_t		*e;
	size_t		 i;

	dl_buf_init(&b, 64 * 1024);
	if (json_is_array(a)) {
		json_array_foreach(a, i, e)
			extract_ld_author1(e, &b);
	} else
		extract_ld_author1(a, &b);
	if (b.len == 0) {
		dl_buf_clear(&b);
		return NULL;
	}
	return dl_buf_take(&b);
}

/* Tokens of s (runs of letters and digits, lower-cased) into v. */
static size_t
extract_tokens(const char *s, char (*v)[32], size_t max)
{
	size_t	 n = 0, k;

	while (*s != '\0' && n < max) {
		for (k = 0; *s != '\0' && ((unsigned char)*s >= 0x80 ||
		    (*s >= '0' && *s <= '9') || ((*s | 32) >= 'a' &&
		    (*s | 32) <= 'z')); s++)
			if (k < 31)
				v[n][k++] = (char)((unsigned char)*s < 0x80 ?
				    (*s | 32) : *s);
		if (k > 0)
			v[n++][k] = '\0';
		if (*s != '\0')
			s++;
	}
	return n;
}

/* Does a (a JSON-LD name or headline) match the page's title b, as
 * Readability judges it: at most a quarter of b's token text not in a? */
static int
extract_similar(const char *a, const char *b)
{
	char	 ta[64][32], tb[64][32];
	size_t	 na = extract_tokens(a, ta, 64), nb = extract_tokens(b, tb, 64);
	size_t	 i, j, all = 0, uniq = 0;

	for (i = 0; i < nb; i++) {
		for (j = 0; j < na && strcmp(ta[j], tb[i]) != 0; j++)
			;
		all += strlen(tb[i]) + 1;
		uniq += j == na ? strlen(tb[i]) + 1 : 0;
	}
	return all > 0 && (double)uniq / (double)all < 0.25;
}

static void
extract_ld_fill(json_t *o, struct extract_result *r, char **body,
    const char *title)
{
	const char	*s, *h = extract_ld_str(o, "headline");

	/* Both: the name, unless only the headline is the page's title. */
	s = extract_ld_str(o, "name");
	if (s == NULL || (h != NULL && (title == NULL ||
	    (extract_similar(h, title) && !extract_similar(s, title)))))
		s = h;
	extract_set(&r->title, extract_collapse(s));
	extract_set(&r->byline, extract_ld_authors(json_object_get(o,
	    "author")));
	extract_set_date(&r->published, extract_ld_str(o, "datePublished"));
	extract_set(&r->site_name, extract_collapse(extract_ld_str(o,
	    "publisher")));
	extract_set(&r->lang, extract_collapse(extract_ld_str(o,
	    "inLanguage")));
	extract_set(&r->excerpt, extract_collapse(extract_ld_str(o,
	    "description")));
	if (body != NULL && *body == NULL &&
	    (s = extract_ld_str(o, "articleBody")) != NULL)
		*body = dl_strdup(s);
}

static int
extract_ld_walk(json_t *v, struct extract_result *r, char **body,
    const char *title, int depth)
{
	json_t	*e;
	size_t	 i;

	if (depth > 8)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if (extract_ld_walk(e, r, body, title, depth + 1))
				return 1;
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	if (extract_ld_is_article(v)) {
		extract_ld_fill(v, r, body, title);
		return 1;
	}
	return extract_ld_walk(json_object_get(v, "@graph"), r, body, title,
	    depth + 1);
}

/* JSON-LD text (in a CDATA section or not) into r; title is the page's
 * <title> when known. */
static int
extract_jsonld_title(const char *json, size_t len, struct extract_result *r,
    char **body, const char *title)
{
	json_error_t	 jerr;
	json_t		*root;
	int		 found;

	while (len > 0 && (*json == ' ' || *json == '\t' || *json == '\n' ||
	    *json == '\r'))
		json++, len--;
	if (len >= 9 && memcmp(json, "<![CDATA[", 9) == 0) {
		json += 9;
		len -= 9;
		while (len > 0 && (json[len - 1] == ' ' || json[len - 1] ==
		    '\t' || json[len - 1] == '\n' || json[len - 1] == '\r'))
			len--;
		if (len >= 3 && memcmp(json + len - 3, "]]>", 3) == 0)
			len -= 3;
	}
	root = json_loadb(json, len, JSON_DECODE_ANY, &jerr);
	if (root == NULL)
		return 0;
	found = extract_ld_walk(root, r, body, title, 0);
	json_decref(root);
	return found;
}

int
extract_jsonld(const char *json, size_t len, struct extract_result *r,
    char **body)
{
	return extract_jsonld_title(json, len, r, body, NULL);
}

/* ---- metadata from the tree ---- */

static int
extract_meta_key(const char *name)
{
	static const struct {
		const char	*name;
		int		 key;
	} keys[] = {
		{ "og:title", EX_M_OGTITLE }, { "twitter:title", EX_M_TWTITLE },
		{ "og:site_name", EX_M_SITE }, { "og:description", EX_M_OGDESC },
		{ "description", EX_M_DESC },
		{ "article:published_time", EX_M_PUB },
		{ "datepublished", EX_M_PUB }, { "date", EX_M_DATE },
		{ "pubdate", EX_M_DATE }, { "publishdate", EX_M_DATE },
		{ "publish-date", EX_M_DATE }, { "dc.date", EX_M_DATE },
		{ "dc.date.issued", EX_M_DATE }, { "dcterms.created", EX_M_DATE },
		{ "dcterms.date", EX_M_DATE }, { "sailthru.date", EX_M_DATE },
		{ "parsely-pub-date", EX_M_DATE },
		{ "article:author", EX_M_ARTAUTHOR }, { "author", EX_M_AUTHOR },
		{ "content-language", EX_M_LANG },
		{ "dc:title", EX_M_DCTITLE }, { "dc.title", EX_M_DCTITLE },
		{ "dcterm:title", EX_M_DCTITLE },
		{ "dcterms.title", EX_M_DCTITLE }, { "title", EX_M_NAMETITLE },
		{ "parsely-title", EX_M_PTITLE },
		{ "dc:creator", EX_M_DCCREATOR }, { "dc.creator", EX_M_DCCREATOR },
		{ "dcterm:creator", EX_M_DCCREATOR },
		{ "dcterms.creator", EX_M_DCCREATOR },
		{ "parsely-author", EX_M_PAUTHOR },
		{ "dc:description", EX_M_DCDESC },
		{ "dc.description", EX_M_DCDESC },
		{ "dcterm:description", EX_M_DCDESC },
		{ "dcterms.description", EX_M_DCDESC },
		{ "twitter:description", EX_M_TWDESC },
	};
	size_t	 i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (dl_strcaseeq(name, keys[i].name))
			return keys[i].key;
	return -1;
}

static void
extract_meta(struct extract_ctx *c, const GumboNode *g)
{
	const char	*content = extract_attr(g, "content"), *name;
	static const char *const attrs[] = { "property", "name", "itemprop",
	    "http-equiv" };
	char		 key[64];
	size_t		 i, n;
	int		 k;

	if (content == NULL)
		return;
	for (i = 0; i < 4; i++) {
		if ((name = extract_attr(g, attrs[i])) == NULL)
			continue;
		/* property="og:title twitter:title": each name counts. */
		while (*(name += strspn(name, " \t\r\n\f")) != '\0') {
			n = strcspn(name, " \t\r\n\f");
			if (n < sizeof key) {
				memcpy(key, name, n);
				key[n] = '\0';
				if ((k = extract_meta_key(key)) >= 0)
					extract_set(&c->meta[k],
					    extract_collapse(content));
			}
			name += n;
		}
	}
}

static char	*extract_title_cut(const char *, int *);

static void
extract_script(struct extract_ctx *c, const GumboNode *g)
{
	const char	*type = extract_attr(g, "type");
	const GumboNode	*t;
	char		*cut;
	int		 hier;

	if (type == NULL || strstr(type, "ld+json") == NULL ||
	    g->v.element.children.length == 0)
		return;
	t = g->v.element.children.data[0];
	if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA &&
	    t->type != GUMBO_NODE_WHITESPACE)
		return;
	cut = c->title != NULL ? extract_title_cut(c->title, &hier) : NULL;
	extract_jsonld_title(t->v.text.text, strlen(t->v.text.text), c->r,
	    &c->ld_body, cut != NULL ? cut : c->title);
	free(cut);
}

/* Metadata an element carries, wherever it is. */
void
extract_collect(struct extract_ctx *c, const GumboNode *g)
{
	const char	*v;

	switch (g->v.element.tag) {
	case GUMBO_TAG_META:
		extract_meta(c, g);
		break;
	case GUMBO_TAG_SCRIPT:
		extract_script(c, g);
		break;
	case GUMBO_TAG_TITLE:
		if (c->title == NULL)
			c->title = extract_node_text(g);
		break;
	case GUMBO_TAG_BASE:
		if (c->base_href == NULL)
			c->base_href = extract_attr(g, "href");
		break;
	case GUMBO_TAG_HTML:
		if (c->html_lang == NULL &&
		    (v = extract_attr(g, "lang")) != NULL)
			c->html_lang = extract_collapse(v);
		break;
	case GUMBO_TAG_TIME:
		if (c->time == NULL && extract_attr(g, "datetime") != NULL)
			c->time = g;
		break;
	default:
		break;
	}
}

/* The head and other dropped subtrees: metadata only. */
void
extract_meta_walk(struct extract_ctx *c, const GumboNode *g, int depth)
{
	const GumboVector	*v = &g->v.element.children;
	size_t			 i;

	extract_collect(c, g);
	if (depth > EXTRACT_MAX_DEPTH)
		return;
	for (i = 0; i < v->length; i++)
		if (((const GumboNode *)v->data[i])->type ==
		    GUMBO_NODE_ELEMENT)
			extract_meta_walk(c, v->data[i], depth + 1);
}

/* ---- metadata resolution ---- */

static const char *const extract_title_seps[] = { " | ", " - ",
    " \xe2\x80\x94 ", " \xe2\x80\x93 ", " :: ", " \xc2\xbb ",
    "\xef\xbd\x9c", " \xef\xbd\x9c ", NULL };

/* t without a " | Site" suffix naming site; NULL if it has none. */
static char *
extract_title_unsuffix(const char *t, const char *site)
{
	size_t	 i, tl = strlen(t), stl, sl;

	if (site == NULL)
		return NULL;
	stl = strlen(site);
	for (i = 0; extract_title_seps[i] != NULL; i++) {
		sl = strlen(extract_title_seps[i]);
		if (tl > stl + sl && strcmp(t + tl - stl, site) == 0 &&
		    memcmp(t + tl - stl - sl, extract_title_seps[i], sl) == 0)
			return dl_strndup(t, tl - stl - sl);
	}
	return NULL;
}

/* ---- the document title, as Readability cuts it ---- */

/* Bytes of a title separator at s (| - \u2013 \u2014 \\ / > \u00bb), or 0;
 * *hier set for the hierarchical ones (\\ / > \u00bb). */
static size_t
extract_sep_len(const char *s, int *hier)
{
	static const char *const seps[] = { "\\", "/", ">", "\xc2\xbb",
	    "|", "-", "\xe2\x80\x93", "\xe2\x80\x94", NULL };
	size_t	 i, n;

	for (i = 0; seps[i] != NULL; i++) {
		n = strlen(seps[i]);
		if (strncmp(s, seps[i], n) == 0) {
			*hier = i < 4;
			return n;
		}
	}
	return 0;
}

/* Words of s[0..n); with nosep, words made only of separators left out. */
static size_t
extract_words(const char *s, size_t n, int nosep)
{
	size_t	 i = 0, k = 0, l;
	int	 h, only;

	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		for (only = 1; i < n && s[i] != ' '; i += l)
			if ((l = extract_sep_len(s + i, &h)) == 0) {
				l = 1;
				only = 0;
			}
		k += !nosep || !only;
	}
	return k;
}

static char *
extract_trimmed(const char *s, size_t n)
{
	char	*t = dl_strndup(s, n), *u = extract_collapse(t);

	free(t);
	return u;
}

/* "Story headline | Site > Section": the part before the last spaced
 * separator, or after the first when that leaves under three words;
 * *hier set when a hierarchical one is spaced. NULL: none. */
static char *
extract_title_cut(const char *t, int *hier)
{
	size_t	 i, l, last = 0, first = 0, tl = strlen(t);
	int	 h, any = 0;
	char	*cur;

	*hier = 0;
	for (i = 0; i < tl; i += l ? l : 1) {
		if ((l = extract_sep_len(t + i, &h)) == 0)
			continue;
		if (first == 0)
			first = i + l;
		if (i > 0 && t[i - 1] == ' ' && t[i + l] == ' ') {
			any = 1;
			*hier |= h;
			last = i;
		}
	}
	if (!any)
		return NULL;
	cur = extract_trimmed(t, last);
	if (cur == NULL || extract_words(cur, strlen(cur), 0) < 3) {
		free(cur);
		cur = extract_trimmed(t + first, tl - first);
	}
	return cur;
}

/* "Section: Story headline": the part after the last colon, or after the
 * first when that is too short; the whole when the first part is long. */
static char *
extract_title_colon(const char *t)
{
	const char	*a = strchr(t, ':'), *z = strrchr(t, ':');
	char		*cur = extract_collapse(z + 1);

	if (cur == NULL || extract_words(cur, strlen(cur), 0) < 3) {
		free(cur);
		cur = extract_collapse(a + 1);
	} else if (extract_words(t, (size_t)(a - t), 0) > 5) {
		free(cur);
		cur = NULL;
	}
	return cur;
}

/* The <title> cut to the story's headline: " | Site" when the site is
 * known, else as Readability does (the first <h1> for a title too short
 * or too long; a cut leaving four words or fewer is undone). */
static char *
extract_title_page(const struct extract_ctx *c, const char *site)
{
	const char	*t = c->title;
	char		*cur = NULL;
	int		 hier = 0;
	size_t		 w;

	if (t == NULL)
		return c->h1 != NULL ? extract_node_text(c->h1) : NULL;
	if ((cur = extract_title_unsuffix(t, site)) != NULL)
		return cur;
	if ((cur = extract_title_cut(t, &hier)) == NULL &&
	    strstr(t, ": ") != NULL)
		cur = extract_title_colon(t);
	else if (cur == NULL && (strlen(t) > 150 || strlen(t) < 15) &&
	    c->h1 != NULL)
		cur = extract_node_text(c->h1);
	if (cur == NULL)
		return dl_strdup(t);
	w = extract_words(cur, strlen(cur), 0);
	if (w <= 4 && (!hier || w + 1 != extract_words(t, strlen(t), 1))) {
		free(cur);
		return dl_strdup(t);
	}
	return cur;
}

/* The first element under g (g too) whose tag is tag, or whose itemprop
 * names "name" when tag is GUMBO_TAG_UNKNOWN. */
static const GumboNode *
extract_find(const GumboNode *g, GumboTag tag, int depth)
{
	const GumboVector	*v;
	const GumboNode		*k;
	const char		*ip;
	size_t			 i;

	if (g->type != GUMBO_NODE_ELEMENT || depth > 32)
		return NULL;
	if (tag == GUMBO_TAG_UNKNOWN ? ((ip = extract_attr(g, "itemprop")) !=
	    NULL && strstr(ip, "name") != NULL && depth > 0) :
	    g->v.element.tag == tag)
		return g;
	v = &g->v.element.children;
	for (i = 0; i < v->length; i++)
		if ((k = extract_find(v->data[i], tag, depth + 1)) != NULL)
			return k;
	return NULL;
}

/* s cut before the text of its <time> element, and before the
 * separators and spaces that then end it ("Ann Lee \xe2\x80\xa2 8h"). */
static void
extract_byline_untime(char *s, const GumboNode *time)
{
	char	*t = time != NULL ? extract_node_text(time) : NULL, *p;
	size_t	 n;

	if (t != NULL && (p = strstr(s, t)) != NULL && p > s)
		*p = '\0';
	free(t);
	for (;;) {
		n = strlen(s);
		if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xa2", 3) == 0)
			s[n - 3] = '\0';
		else if (n >= 2 && memcmp(s + n - 2, "\xc2\xb7", 2) == 0)
			s[n - 2] = '\0';
		else if (n > 0 && strchr(" |-,", s[n - 1]) != NULL)
			s[n - 1] = '\0';
		else
			break;
	}
}

/* The author's name from a byline element: its itemprop=name part if it
 * has one (as Readability reads it), else its text without "By " and
 * without the time it was posted. */
static char *
extract_byline_text(const GumboNode *g)
{
	const GumboNode	*name = extract_find(g, GUMBO_TAG_UNKNOWN, 0);
	char		*s, *t;

	s = extract_node_text(name != NULL ? name : g);
	if (s == NULL)
		return NULL;
	if (strlen(s) > 120) {
		free(s);
		return NULL;
	}
	if (name == NULL)
		extract_byline_untime(s, extract_find(g, GUMBO_TAG_TIME, 0));
	if ((s[0] == 'B' || s[0] == 'b') && s[1] == 'y' && s[2] == ' ') {
		t = dl_strdup(s + 3);
		free(s);
		s = t;
	}
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* The first of the keys (ending in -1) that a <meta> gave. */
static const char *
extract_meta_first(const struct extract_ctx *c, const int *keys)
{
	for (; *keys >= 0; keys++)
		if (c->meta[*keys] != NULL)
			return c->meta[*keys];
	return NULL;
}

/* Title, byline and excerpt: JSON-LD, then the <meta> names in
 * Readability's order, then the page. */
static void
extract_resolve_text(struct extract_ctx *c)
{
	static const int titles[] = { EX_M_DCTITLE, EX_M_OGTITLE,
	    EX_M_NAMETITLE, EX_M_TWTITLE, EX_M_PTITLE, -1 };
	static const int authors[] = { EX_M_DCCREATOR, EX_M_AUTHOR,
	    EX_M_PAUTHOR, -1 };
	static const int excerpts[] = { EX_M_DCDESC, EX_M_OGDESC, EX_M_DESC,
	    EX_M_TWDESC, -1 };
	struct extract_result	*r = c->r;
	const char		*t;

	if (r->title == NULL && (t = extract_meta_first(c, titles)) != NULL &&
	    (r->title = extract_title_unsuffix(t, r->site_name)) == NULL)
		r->title = dl_strdup(t);
	if (r->title == NULL)
		r->title = extract_title_page(c, r->site_name);
	if (r->byline == NULL && (t = extract_meta_first(c, authors)) != NULL)
		r->byline = dl_strdup(t);
	if (r->byline == NULL && (t = c->meta[EX_M_ARTAUTHOR]) != NULL &&
	    !url_is_absolute(t))
		r->byline = dl_strdup(t);
	if (r->byline == NULL && c->byline != NULL)
		r->byline = extract_byline_text(c->byline);
	if (r->excerpt == NULL && (t = extract_meta_first(c, excerpts)) != NULL)
		r->excerpt = dl_strdup(t);
}

void
extract_resolve_meta(struct extract_ctx *c)
{
	struct extract_result	*r = c->r;
	char			*t;

	extract_set(&r->site_name, c->meta[EX_M_SITE]);
	c->meta[EX_M_SITE] = NULL;
	extract_resolve_text(c);
	extract_set_date(&r->published, c->meta[EX_M_PUB]);
	extract_set_date(&r->published, c->meta[EX_M_DATE]);
	if (c->time != NULL)
		extract_set_date(&r->published, extract_attr(c->time,
		    "datetime"));
	if (r->lang == NULL && (t = c->html_lang) != NULL) {
		r->lang = t;
		c->html_lang = NULL;
	}
	if (r->lang == NULL && c->meta[EX_M_LANG] != NULL)
		r->lang = dl_strdup(c->meta[EX_M_LANG]);
}
