/* extract.c: the article of a news page: the page decoded to UTF-8 and
 * parsed with gumbo, its elements laid out in one pre-order array, scored
 * readability-style by paragraph text in one linear pass, the winner and
 * its story siblings cleaned of boilerplate and serialised as HTML, and
 * the metadata read from JSON-LD, OpenGraph, <meta> and the page. */
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

#define EXTRACT_MAX_DEPTH	400
#define EXTRACT_NONE_IDX	((size_t)-1)
#define EXTRACT_PARA_MIN	25	/* text weight of a scored paragraph */
#define EXTRACT_ARTICLE_MIN	400	/* text weight of an article */
#define EXTRACT_CAP		(256u * 1024 * 1024)
#define EXTRACT_NCACHE		61	/* class names remembered */

/* Node flags. */
#define EX_DROP		0x001u	/* never shown: script, hidden, ... */
#define EX_UNL		0x002u	/* own class/id or tag says boilerplate */
#define EX_INUNL	0x004u	/* inside such an element */
#define EX_CAND		0x008u	/* holds a score */
#define EX_BLOCKKIDS	0x010u	/* has a block-level child element */
#define EX_META		0x020u	/* byline, credit, timestamp */
#define EX_COMMENT	0x040u	/* comment thread */
#define EX_NEG		0x080u	/* a boilerplate name */
#define EX_POS		0x100u	/* a story name */
#define EX_BONUS	0x200u	/* <article>, [itemprop=articleBody] */
#define EX_PULL		0x400u	/* a pull quote: repeats the story */

/* Class-name flags (extract_class_flags). */
#define EX_C_NEG	0x01u
#define EX_C_POS	0x02u
#define EX_C_COMMENT	0x04u
#define EX_C_META	0x08u
#define EX_C_PULL	0x10u

struct extract_node {
	const GumboNode	*g;
	size_t		 parent;
	size_t		 end;		/* one past the subtree */
	unsigned int	 flags;
	int		 cw;		/* class weight */
	double		 text;		/* text weight of the subtree */
	double		 link;		/* of which inside links */
	size_t		 punct;
	size_t		 nimg;
	double		 score;
};

/* Metadata keys from <meta>. */
enum {
	EX_M_OGTITLE = 0,
	EX_M_TWTITLE,
	EX_M_SITE,
	EX_M_OGDESC,
	EX_M_DESC,
	EX_M_PUB,
	EX_M_DATE,
	EX_M_ARTAUTHOR,
	EX_M_AUTHOR,
	EX_M_LANG,
	EX_M_N
};

struct extract_ctx {
	struct extract_node	*n;
	size_t			 nn, size;
	const struct extract_opts *opts;
	struct extract_result	*r;
	char			*base;		/* effective base URL */
	char			*ld_body;	/* JSON-LD articleBody */
	char			*meta[EX_M_N];
	char			*title;		/* <title> */
	char			*html_lang;
	const GumboNode		*h1, *byline, *time;
	const char		*base_href;
	const char		*ckey[EXTRACT_NCACHE];	/* class names seen */
	unsigned int		 cval[EXTRACT_NCACHE];	/* and their flags */
};

struct extract_sel_part {
	char	*tag;
	char	**classes;
	size_t	 nclasses;
	char	*id;
	char	*attr;
	char	*val;
};

struct extract_rule {
	char			*host;
	int			 remove;
	struct extract_sel_part	*parts;
	size_t			 nparts;
};

struct extract_rules {
	struct extract_rule	*v;
	size_t			 n;
};

/* Elements never shown and never counted. */
static const unsigned char extract_drop_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_HEAD] = 1, [GUMBO_TAG_SCRIPT] = 1, [GUMBO_TAG_STYLE] = 1,
	[GUMBO_TAG_NOSCRIPT] = 1, [GUMBO_TAG_TEMPLATE] = 1,
	[GUMBO_TAG_IFRAME] = 1, [GUMBO_TAG_SVG] = 1, [GUMBO_TAG_MATH] = 1,
	[GUMBO_TAG_OBJECT] = 1, [GUMBO_TAG_EMBED] = 1, [GUMBO_TAG_CANVAS] = 1,
	[GUMBO_TAG_VIDEO] = 1, [GUMBO_TAG_AUDIO] = 1, [GUMBO_TAG_MAP] = 1,
	[GUMBO_TAG_SELECT] = 1, [GUMBO_TAG_TEXTAREA] = 1,
	[GUMBO_TAG_BUTTON] = 1, [GUMBO_TAG_INPUT] = 1, [GUMBO_TAG_META] = 1,
	[GUMBO_TAG_LINK] = 1, [GUMBO_TAG_TITLE] = 1, [GUMBO_TAG_BASE] = 1,
	[GUMBO_TAG_FRAMESET] = 1, [GUMBO_TAG_DATALIST] = 1,
};

/* Removed from the article when cleaning it (besides the above). */
static const unsigned char extract_clean_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_FORM] = 1, [GUMBO_TAG_NAV] = 1, [GUMBO_TAG_ASIDE] = 1,
	[GUMBO_TAG_FOOTER] = 1, [GUMBO_TAG_HEADER] = 1, [GUMBO_TAG_H1] = 1,
	[GUMBO_TAG_FIELDSET] = 1, [GUMBO_TAG_LABEL] = 1,
};

/* Block-level children make a <div> a container, not a paragraph. */
static const unsigned char extract_block_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_P] = 1, [GUMBO_TAG_DIV] = 1, [GUMBO_TAG_SECTION] = 1,
	[GUMBO_TAG_ARTICLE] = 1, [GUMBO_TAG_TABLE] = 1, [GUMBO_TAG_UL] = 1,
	[GUMBO_TAG_OL] = 1, [GUMBO_TAG_DL] = 1, [GUMBO_TAG_BLOCKQUOTE] = 1,
	[GUMBO_TAG_PRE] = 1, [GUMBO_TAG_H1] = 1, [GUMBO_TAG_H2] = 1,
	[GUMBO_TAG_H3] = 1, [GUMBO_TAG_H4] = 1, [GUMBO_TAG_H5] = 1,
	[GUMBO_TAG_H6] = 1, [GUMBO_TAG_FIGURE] = 1, [GUMBO_TAG_MAIN] = 1,
	[GUMBO_TAG_ASIDE] = 1, [GUMBO_TAG_HEADER] = 1, [GUMBO_TAG_FOOTER] = 1,
	[GUMBO_TAG_NAV] = 1, [GUMBO_TAG_FORM] = 1, [GUMBO_TAG_HR] = 1,
};

/* Elements the serialiser writes with no end tag. */
static const unsigned char extract_void_tags[GUMBO_TAG_LAST] = {
	[GUMBO_TAG_BR] = 1, [GUMBO_TAG_HR] = 1, [GUMBO_TAG_IMG] = 1,
	[GUMBO_TAG_WBR] = 1,
};

/* Boilerplate names that match a whole part of a class ("ad-slot"). */
static const char *const extract_neg_parts[] = {
	"ad", "ads", "adv", "advert", "advertisement", "banner", "nav",
	"navbar", "menu", "tags", "tag", "modal", "popup", "promo", "share",
	"social", "footer", "related", "sidebar", "sponsor", "sponsored",
	"newsletter", "subscribe", "subscription", "signup", "breadcrumb",
	"breadcrumbs", "recirc", "outbrain", "taboola", "cookie", "cookies",
	"comment", "comments", "widget", "masthead", "toolbar", "login",
	"paywall", "trending", "popular", NULL
};

/* Boilerplate names that match inside a word ("sharebar"). */
static const char *const extract_neg_subs[] = {
	"comment", "share", "social", "footer", "related", "promo", "advert",
	"sponsor", "newsletter", "subscribe", "sidebar", "breadcrumb",
	"recirc", "outbrain", "taboola", "popup", "cookie", "more-stories",
	"read-more", "readmore", "byline-bar", "navbar", "navigation", "menu",
	"disqus", "signup", NULL
};

static const char *const extract_pos_subs[] = {
	"article", "body", "content", "story", "entry", "main", "text",
	"post", NULL
};

/* Metadata inside the article: bylines, photo credits, timestamps. */
static const char *const extract_meta_parts[] = {
	"byline", "author", "credit", "credits", "copyright", "timestamp",
	"photographer", "date", "dateline-bar", "reporter", "writer",
	NULL
};

static void	extract_build(struct extract_ctx *, const GumboNode *, size_t,
		    unsigned int, int, int);

/* ---- text measures ---- */

static uint32_t
extract_utf8(const unsigned char *s, size_t n, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0 && n >= 2) {
		*len = 2;
		return ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if ((s[0] & 0xf0) == 0xe0 && n >= 3) {
		*len = 3;
		return ((uint32_t)(s[0] & 0x0f) << 12) |
		    ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	}
	if ((s[0] & 0xf8) == 0xf0 && n >= 4) {
		*len = 4;
		return ((uint32_t)(s[0] & 0x07) << 18) |
		    ((uint32_t)(s[1] & 0x3f) << 12) |
		    ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	}
	*len = 1;
	return 0xfffd;
}

static size_t
extract_cp_weight(uint32_t cp)
{
	if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 &&
	    cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0x20000 && cp <= 0x3ffff) || (cp >= 0xff66 &&
	    cp <= 0xff9f))
		return 3;
	if ((cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 &&
	    cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f))
		return 2;
	if (cp == 0xa0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200f) ||
	    (cp >= 0x300 && cp <= 0x36f) || cp == 0xfeff)
		return 0;
	return 1;
}

size_t
extract_text_weight(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, w = 0, l;

	while (i < n) {
		if (p[i] < 0x80) {
			w += p[i] > ' ';
			i++;
			continue;
		}
		w += extract_cp_weight(extract_utf8(p + i, n - i, &l));
		i += l;
	}
	return w;
}

size_t
extract_punct_count(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k = 0, l;
	uint32_t		 cp;

	for (i = 0; i < n; i += l) {
		l = 1;
		if (p[i] == ',' || p[i] == ';') {
			k++;
			continue;
		}
		if (p[i] < 0x80)
			continue;
		cp = extract_utf8(p + i, n - i, &l);
		if (cp == 0x3001 || cp == 0x3002 || cp == 0xff0c ||
		    cp == 0xff1b || cp == 0xff01 || cp == 0xff1f)
			k++;
	}
	return k;
}

static size_t
extract_ncp(const char *s)
{
	size_t	 k = 0;

	for (; *s != '\0'; s++)
		k += ((unsigned char)*s & 0xc0) != 0x80;
	return k;
}

/* ---- class names ---- */

static int
extract_in(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int
extract_has_sub(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strstr(s, *list) != NULL)
			return 1;
	return 0;
}

/* Flags of one lower-cased class token. */
static unsigned int
extract_token_flags(const char *tok)
{
	char		 part[64];
	unsigned int	 f = 0;
	const char	*p = tok, *q;
	size_t		 n;

	if (extract_has_sub(extract_neg_subs, tok))
		f |= EX_C_NEG;
	if (extract_has_sub(extract_pos_subs, tok))
		f |= EX_C_POS;
	if (strstr(tok, "comment") != NULL || strstr(tok, "disqus") != NULL)
		f |= EX_C_COMMENT;
	if (strstr(tok, "pullquote") != NULL ||
	    strstr(tok, "pull-quote") != NULL)
		f |= EX_C_PULL;
	for (;;) {
		q = p + strcspn(p, "-_");
		if ((n = (size_t)(q - p)) < sizeof part) {
			memcpy(part, p, n);
			part[n] = '\0';
			if (extract_in(extract_neg_parts, part))
				f |= EX_C_NEG;
			if (extract_in(extract_meta_parts, part))
				f |= EX_C_META;
		}
		if (*q == '\0')
			break;
		p = q + 1;
	}
	return f;
}

static unsigned int
extract_names_flags(const char *s)
{
	char		 tok[128];
	unsigned int	 f = 0;
	size_t		 n, i;

	while (s != NULL && *s != '\0') {
		s += strspn(s, " \t\r\n\f");
		n = strcspn(s, " \t\r\n\f");
		if (n > 0 && n < sizeof tok) {
			for (i = 0; i < n; i++)
				tok[i] = (s[i] >= 'A' && s[i] <= 'Z') ?
				    (char)(s[i] + 32) : s[i];
			tok[n] = '\0';
			f |= extract_token_flags(tok);
		}
		s += n;
	}
	return f;
}

/* extract_names_flags through a small cache: pages repeat their class
 * names thousands of times ("card", "story-link"), and gumbo's strings
 * live until the end of extract_page, so the cache keeps pointers. */
static unsigned int
extract_names_cached(struct extract_ctx *c, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 h = 2166136261u;
	size_t			 k;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	k = h % EXTRACT_NCACHE;
	if (c->ckey[k] == NULL || strcmp(c->ckey[k], s) != 0) {
		c->ckey[k] = s;
		c->cval[k] = extract_names_flags(s);
	}
	return c->cval[k];
}

static int
extract_flags_weight(unsigned int f)
{
	int	 w = 0;

	if (f & EX_C_NEG)
		w -= 25;
	if (f & EX_C_COMMENT)
		w -= 50;
	if (f & EX_C_POS)
		w += 25;
	return w;
}

int
extract_class_weight(const char *class_attr, const char *id)
{
	return extract_flags_weight(extract_names_flags(class_attr) |
	    extract_names_flags(id));
}

/* ---- gumbo helpers ---- */

static const char *
extract_attr(const GumboNode *g, const char *name)
{
	GumboAttribute	*a;

	if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_TEMPLATE)
		return NULL;
	a = gumbo_get_attribute(&g->v.element.attributes, name);
	return a == NULL ? NULL : a->value;
}

static int
extract_style_hidden(const char *style)
{
	char		 buf[256];
	size_t		 i, k = 0;

	for (i = 0; style[i] != '\0' && k + 1 < sizeof buf; i++)
		if (style[i] != ' ' && style[i] != '\t')
			buf[k++] = (style[i] >= 'A' && style[i] <= 'Z') ?
			    (char)(style[i] + 32) : style[i];
	buf[k] = '\0';
	return strstr(buf, "display:none") != NULL ||
	    strstr(buf, "visibility:hidden") != NULL;
}

static int
extract_hidden(const GumboNode *g)
{
	const char	*v;

	if (extract_attr(g, "hidden") != NULL)
		return 1;
	if ((v = extract_attr(g, "aria-hidden")) != NULL &&
	    dl_strcaseeq(v, "true"))
		return 1;
	return (v = extract_attr(g, "style")) != NULL &&
	    extract_style_hidden(v);
}

/* Append the text of a subtree (scripts and styles left out). */
static void
extract_gtext(const GumboNode *g, struct dl_buf *b, int depth)
{
	const GumboVector	*v;
	size_t			 i;

	if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
	    g->type == GUMBO_NODE_CDATA) {
		dl_buf_adds(b, g->v.text.text);
		return;
	}
	if ((g->type != GUMBO_NODE_ELEMENT && g->type !=
	    GUMBO_NODE_TEMPLATE) || depth > EXTRACT_MAX_DEPTH)
		return;
	if (g->v.element.tag == GUMBO_TAG_SCRIPT ||
	    g->v.element.tag == GUMBO_TAG_STYLE)
		return;
	if (g->v.element.tag == GUMBO_TAG_BR)
		dl_buf_addc(b, ' ');
	v = &g->v.element.children;
	for (i = 0; i < v->length; i++)
		extract_gtext(v->data[i], b, depth + 1);
}

/* s with white space runs collapsed to one space and trimmed; NULL if
 * nothing is left. */
static char *
extract_collapse(const char *s)
{
	struct dl_buf	 b;
	int		 sp = 0;

	if (s == NULL)
		return NULL;
	dl_buf_init(&b, EXTRACT_CAP);
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f') {
			sp = b.len > 0;
			continue;
		}
		if (sp)
			dl_buf_addc(&b, ' ');
		sp = 0;
		dl_buf_addc(&b, *s);
	}
	if (b.len == 0) {
		dl_buf_clear(&b);
		return NULL;
	}
	return dl_buf_take(&b);
}

static char *
extract_node_text(const GumboNode *g)
{
	struct dl_buf	 b;
	char		*s;

	dl_buf_init(&b, EXTRACT_CAP);
	extract_gtext(g, &b, 0);
	s = extract_collapse(dl_buf_str(&b));
	dl_buf_clear(&b);
	return s;
}

static void
extract_set(char **dst, char *s)
{
	if (*dst == NULL)
		*dst = s;
	else
		free(s);
}

static void
extract_set_date(char **dst, const char *s)
{
	char	 buf[DATE_RFC3339_SIZE];
	int64_t	 t;

	if (*dst != NULL || s == NULL)
		return;
	t = date_parse(s);
	if (t != DATE_NONE && date_format_rfc3339(t, buf, sizeof buf) == 0)
		*dst = dl_strdup(buf);
}

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

static void
extract_ld_fill(json_t *o, struct extract_result *r, char **body)
{
	const char	*s;

	if ((s = extract_ld_str(o, "headline")) == NULL)
		s = extract_ld_str(o, "name");
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
    int depth)
{
	json_t	*e;
	size_t	 i;

	if (depth > 8)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if (extract_ld_walk(e, r, body, depth + 1))
				return 1;
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	if (extract_ld_is_article(v)) {
		extract_ld_fill(v, r, body);
		return 1;
	}
	return extract_ld_walk(json_object_get(v, "@graph"), r, body,
	    depth + 1);
}

int
extract_jsonld(const char *json, size_t len, struct extract_result *r,
    char **body)
{
	json_error_t	 jerr;
	json_t		*root;
	int		 found;

	root = json_loadb(json, len, JSON_DECODE_ANY, &jerr);
	if (root == NULL)
		return 0;
	found = extract_ld_walk(root, r, body, 0);
	json_decref(root);
	return found;
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
	size_t		 i;
	int		 k;

	if (content == NULL)
		return;
	for (i = 0; i < 4; i++) {
		if ((name = extract_attr(g, attrs[i])) == NULL ||
		    (k = extract_meta_key(name)) < 0)
			continue;
		extract_set(&c->meta[k], extract_collapse(content));
	}
}

static void
extract_script(struct extract_ctx *c, const GumboNode *g)
{
	const char	*type = extract_attr(g, "type");
	const GumboNode	*t;

	if (type == NULL || strstr(type, "ld+json") == NULL ||
	    g->v.element.children.length == 0)
		return;
	t = g->v.element.children.data[0];
	if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA &&
	    t->type != GUMBO_NODE_WHITESPACE)
		return;
	extract_jsonld(t->v.text.text, strlen(t->v.text.text), c->r,
	    &c->ld_body);
}

/* Metadata an element carries, wherever it is. */
static void
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
static void
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

static int
extract_is_byline(const GumboNode *g, unsigned int cflags)
{
	const char	*v;

	if ((v = extract_attr(g, "rel")) != NULL && dl_strcaseeq(v, "author"))
		return 1;
	if ((v = extract_attr(g, "itemprop")) != NULL &&
	    strstr(v, "author") != NULL)
		return 1;
	if (!(cflags & EX_C_META))
		return 0;
	v = extract_attr(g, "class");
	return v != NULL && (strstr(v, "byline") != NULL ||
	    strstr(v, "author") != NULL);
}

/* ---- the node array ---- */

static size_t
extract_push(struct extract_ctx *c, const GumboNode *g, size_t parent)
{
	struct extract_node	*x;

	if (c->nn == c->size) {
		c->size = c->size == 0 ? 256 : c->size * 2;
		c->n = dl_reallocarray(c->n, c->size, sizeof *c->n);
	}
	x = &c->n[c->nn];
	memset(x, 0, sizeof *x);
	x->g = g;
	x->parent = parent;
	return c->nn++;
}

/* Flags an element gets from its own tag, names and attributes. */
static unsigned int
extract_own_flags(struct extract_ctx *c, size_t i)
{
	const GumboNode	*g = c->n[i].g;
	GumboTag	 tag = g->v.element.tag;
	unsigned int	 cf, f = 0;
	const char	*ip;

	if (extract_drop_tags[tag] || extract_hidden(g))
		return EX_DROP;
	cf = extract_names_cached(c, extract_attr(g, "class")) |
	    extract_names_flags(extract_attr(g, "id"));
	c->n[i].cw = extract_flags_weight(cf);
	ip = extract_attr(g, "itemprop");
	if (tag == GUMBO_TAG_ARTICLE || (ip != NULL &&
	    strstr(ip, "articleBody") != NULL))
		f |= EX_BONUS;
	f |= (cf & EX_C_NEG) ? EX_NEG : 0;
	f |= (cf & EX_C_POS) ? EX_POS : 0;
	f |= (cf & EX_C_COMMENT) ? EX_COMMENT : 0;
	f |= (cf & EX_C_PULL) ? EX_PULL : 0;
	if (extract_is_byline(g, cf))
		f |= EX_META;
	else if (cf & EX_C_META)
		f |= EX_META;
	if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE ||
	    tag == GUMBO_TAG_FOOTER || (cf & EX_C_COMMENT) ||
	    ((cf & EX_C_NEG) && !(cf & EX_C_POS) && !(f & EX_BONUS) &&
	    tag != GUMBO_TAG_BODY && tag != GUMBO_TAG_HTML &&
	    tag != GUMBO_TAG_MAIN))
		f |= EX_UNL;
	if (c->byline == NULL && (f & EX_META) && extract_is_byline(g, cf))
		c->byline = g;
	if (c->h1 == NULL && tag == GUMBO_TAG_H1)
		c->h1 = g;
	return f;
}

static void
extract_text_node(struct extract_ctx *c, size_t i, const GumboNode *t,
    int inlink)
{
	const char		*s = t->v.text.text;
	size_t			 n = strlen(s);
	struct extract_node	*x = &c->n[i];
	double			 w;

	if (t->type == GUMBO_NODE_WHITESPACE)
		return;
	w = (double)extract_text_weight(s, n);
	x->text += w;
	if (inlink)
		x->link += w;
	x->punct += extract_punct_count(s, n);
}

static void
extract_children(struct extract_ctx *c, size_t i, unsigned int inh,
    int inlink, int depth)
{
	const GumboVector	*v = &c->n[i].g->v.element.children;
	const GumboNode		*k;
	size_t			 j;

	for (j = 0; j < v->length; j++) {
		k = v->data[j];
		if (k->type == GUMBO_NODE_ELEMENT ||
		    k->type == GUMBO_NODE_TEMPLATE) {
			if (extract_block_tags[k->v.element.tag])
				c->n[i].flags |= EX_BLOCKKIDS;
			extract_build(c, k, i, inh, inlink, depth + 1);
		} else if (k->type == GUMBO_NODE_TEXT ||
		    k->type == GUMBO_NODE_CDATA ||
		    k->type == GUMBO_NODE_WHITESPACE)
			extract_text_node(c, i, k, inlink);
	}
}

static void
extract_build(struct extract_ctx *c, const GumboNode *g, size_t parent,
    unsigned int inh, int inlink, int depth)
{
	size_t		 i = extract_push(c, g, parent);
	unsigned int	 f;

	extract_collect(c, g);
	f = extract_own_flags(c, i);
	c->n[i].flags = f | inh;
	if ((f & EX_DROP) || depth > EXTRACT_MAX_DEPTH) {
		c->n[i].flags |= EX_DROP;
		if (g->v.element.tag != GUMBO_TAG_SCRIPT &&
		    g->v.element.tag != GUMBO_TAG_META)
			extract_meta_walk(c, g, depth);
		c->n[i].end = c->nn;
		return;
	}
	if (g->v.element.tag == GUMBO_TAG_IMG)
		c->n[i].nimg = 1;
	inlink |= g->v.element.tag == GUMBO_TAG_A;
	if (f & (EX_UNL | EX_INUNL))
		inh |= EX_INUNL;
	extract_children(c, i, inh, inlink, depth);
	c->n[i].end = c->nn;
}

/* Children's measures into their parents: children follow parents. */
static void
extract_sum(struct extract_ctx *c)
{
	struct extract_node	*x, *p;
	size_t			 i;

	for (i = c->nn; i-- > 1;) {
		x = &c->n[i];
		if (x->parent == EXTRACT_NONE_IDX)
			continue;
		p = &c->n[x->parent];
		p->text += x->text;
		p->link += x->link;
		p->punct += x->punct;
		p->nimg += x->nimg;
	}
}

/* ---- scoring ---- */

static double
extract_ld(const struct extract_node *x)
{
	return x->text > 0 ? x->link / x->text : 0;
}

static int
extract_is_para(const struct extract_node *x)
{
	GumboTag	 tag = x->g->v.element.tag;

	if (tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE ||
	    tag == GUMBO_TAG_TD)
		return 1;
	return (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION) &&
	    !(x->flags & EX_BLOCKKIDS);
}

static void
extract_cand_init(struct extract_node *x)
{
	switch (x->g->v.element.tag) {
	case GUMBO_TAG_DIV:
	case GUMBO_TAG_ARTICLE:
	case GUMBO_TAG_SECTION:
	case GUMBO_TAG_MAIN:
		x->score = 5;
		break;
	case GUMBO_TAG_PRE:
	case GUMBO_TAG_TD:
	case GUMBO_TAG_BLOCKQUOTE:
		x->score = 3;
		break;
	case GUMBO_TAG_OL:
	case GUMBO_TAG_UL:
	case GUMBO_TAG_DL:
	case GUMBO_TAG_LI:
	case GUMBO_TAG_FORM:
		x->score = -3;
		break;
	default:
		x->score = 0;
		break;
	}
	x->score += x->cw;
	if (x->flags & EX_BONUS)
		x->score += 25;
	x->flags |= EX_CAND;
}

static void
extract_add_score(struct extract_ctx *c, size_t i, double s)
{
	struct extract_node	*x;

	if (i == EXTRACT_NONE_IDX)
		return;
	x = &c->n[i];
	if (x->flags & (EX_DROP | EX_INUNL))
		return;
	if (!(x->flags & EX_CAND))
		extract_cand_init(x);
	x->score += s;
}

/* Score every paragraph into its parent and half into its grandparent;
 * returns the best candidate, or EXTRACT_NONE_IDX. */
static size_t
extract_score(struct extract_ctx *c)
{
	struct extract_node	*x;
	size_t			 i, best = EXTRACT_NONE_IDX, p;
	double			 s;

	for (i = 0; i < c->nn; i++) {
		x = &c->n[i];
		if ((x->flags & (EX_DROP | EX_INUNL | EX_UNL)) ||
		    !extract_is_para(x) || x->text < EXTRACT_PARA_MIN)
			continue;
		c->r->nparas++;
		s = 1 + (double)x->punct + (x->text / 100 > 3 ? 3 :
		    (double)(size_t)(x->text / 100));
		p = x->parent;
		extract_add_score(c, p, s);
		if (p != EXTRACT_NONE_IDX)
			extract_add_score(c, c->n[p].parent, s / 2);
	}
	for (i = 0; i < c->nn; i++) {
		x = &c->n[i];
		if (!(x->flags & EX_CAND))
			continue;
		x->score *= 1 - extract_ld(x);
		if (best == EXTRACT_NONE_IDX || x->score > c->n[best].score)
			best = i;
	}
	return best;
}

/* ---- per-site rules ---- */

static int
extract_has_class(const char *cls, const char *want)
{
	size_t	 n = strlen(want), k;

	while (cls != NULL && *cls != '\0') {
		cls += strspn(cls, " \t\r\n\f");
		k = strcspn(cls, " \t\r\n\f");
		if (k == n && memcmp(cls, want, n) == 0)
			return 1;
		cls += k;
	}
	return 0;
}

static int
extract_part_match(const struct extract_sel_part *p, const GumboNode *g)
{
	const char	*v, *name;
	size_t		 i;

	if (p->tag != NULL) {
		name = gumbo_normalized_tagname(g->v.element.tag);
		if (!dl_strcaseeq(name, p->tag))
			return 0;
	}
	if (p->id != NULL && ((v = extract_attr(g, "id")) == NULL ||
	    strcmp(v, p->id) != 0))
		return 0;
	for (i = 0; i < p->nclasses; i++)
		if (!extract_has_class(extract_attr(g, "class"),
		    p->classes[i]))
			return 0;
	if (p->attr != NULL && ((v = extract_attr(g, p->attr)) == NULL ||
	    (p->val != NULL && strcmp(v, p->val) != 0)))
		return 0;
	return 1;
}

/* Descendant combinators only: the nearest matching ancestor is enough. */
static int
extract_sel_match(const struct extract_ctx *c, const struct extract_rule *r,
    size_t i)
{
	size_t	 k = r->nparts;

	if (!extract_part_match(&r->parts[--k], c->n[i].g))
		return 0;
	while (k > 0) {
		i = c->n[i].parent;
		if (i == EXTRACT_NONE_IDX)
			return 0;
		if (extract_part_match(&r->parts[k - 1], c->n[i].g))
			k--;
	}
	return 1;
}

static int
extract_host_match(const char *rule, const char *url)
{
	const char	*h, *e, *at;
	size_t		 n, k = strlen(rule);

	if (url == NULL || (h = strstr(url, "://")) == NULL)
		return 0;
	h += 3;
	e = h + strcspn(h, "/?#");
	if ((at = memchr(h, '@', (size_t)(e - h))) != NULL)
		h = at + 1;
	n = strcspn(h, ":/?#");
	if (n == k)
		return dl_strncaseeq(h, rule, k);
	return n > k && h[n - k - 1] == '.' && dl_strncaseeq(h + n - k,
	    rule, k);
}

static void
extract_part_free(struct extract_sel_part *p)
{
	size_t	 i;

	free(p->tag);
	for (i = 0; i < p->nclasses; i++)
		free(p->classes[i]);
	free(p->classes);
	free(p->id);
	free(p->attr);
	free(p->val);
}

static size_t
extract_ident(const char *s)
{
	size_t	 n = 0;

	while (s[n] != '\0' && (s[n] == '-' || s[n] == '_' ||
	    (s[n] >= '0' && s[n] <= '9') || ((s[n] | 32) >= 'a' &&
	    (s[n] | 32) <= 'z') || (unsigned char)s[n] >= 0x80))
		n++;
	return n;
}

/* "[attr=value]" or "[attr]" at s; returns bytes read, 0 if malformed. */
static size_t
extract_parse_attr(const char *s, struct extract_sel_part *p)
{
	size_t	 n = extract_ident(s + 1), v;
	const char *q;

	if (n == 0 || p->attr != NULL)
		return 0;
	p->attr = dl_strndup(s + 1, n);
	if (s[1 + n] == ']')
		return n + 2;
	if (s[1 + n] != '=')
		return 0;
	q = s + n + 2;
	if (*q == '"' || *q == '\'') {
		const char *e = strchr(q + 1, *q);

		if (e == NULL || e[1] != ']')
			return 0;
		p->val = dl_strndup(q + 1, (size_t)(e - q - 1));
		return (size_t)(e - s) + 2;
	}
	v = strcspn(q, "]");
	if (q[v] != ']')
		return 0;
	p->val = dl_strndup(q, v);
	return (size_t)(q - s) + v + 1;
}

/* One compound selector; returns 0, or -1 if malformed. */
static int
extract_parse_part(const char *s, size_t len, struct extract_sel_part *p)
{
	char	*t = dl_strndup(s, len), *q = t;
	size_t	 n;
	int	 rc = -1;

	if ((n = extract_ident(q)) > 0) {
		p->tag = dl_strndup(q, n);
		q += n;
	}
	while (*q != '\0') {
		if (*q == '.' && (n = extract_ident(q + 1)) > 0) {
			p->classes = dl_reallocarray(p->classes,
			    p->nclasses + 1, sizeof *p->classes);
			p->classes[p->nclasses++] = dl_strndup(q + 1, n);
			q += n + 1;
		} else if (*q == '#' && (n = extract_ident(q + 1)) > 0 &&
		    p->id == NULL) {
			p->id = dl_strndup(q + 1, n);
			q += n + 1;
		} else if (*q == '[' && (n = extract_parse_attr(q, p)) > 0)
			q += n;
		else
			goto out;
	}
	rc = q == t ? -1 : 0;
out:
	free(t);
	return rc;
}

static int
extract_parse_sel(const char *s, struct extract_rule *r)
{
	size_t	 n;

	while (*(s += strspn(s, " \t")) != '\0') {
		n = strcspn(s, " \t");
		r->parts = dl_reallocarray(r->parts, r->nparts + 1,
		    sizeof *r->parts);
		memset(&r->parts[r->nparts], 0, sizeof *r->parts);
		if (extract_parse_part(s, n, &r->parts[r->nparts++]) < 0)
			return -1;
		s += n;
	}
	return r->nparts > 0 ? 0 : -1;
}

struct extract_rules *
extract_rules_new(void)
{
	return dl_calloc(1, sizeof(struct extract_rules));
}

static void
extract_rule_clear(struct extract_rule *r)
{
	size_t	 i;

	for (i = 0; i < r->nparts; i++)
		extract_part_free(&r->parts[i]);
	free(r->parts);
	free(r->host);
}

void
extract_rules_free(struct extract_rules *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		extract_rule_clear(&r->v[i]);
	free(r->v);
	free(r);
}

int
extract_rules_add(struct extract_rules *rs, const char *line,
    struct dl_err *e)
{
	struct extract_rule	 r;
	const char		*s = line + strspn(line, " \t");
	char			*sel;
	size_t			 n;
	int			 bad;

	if (*s == '\0' || *s == '#' || *s == '\n' || *s == '\r')
		return 0;
	memset(&r, 0, sizeof r);
	n = strcspn(s, " \t\r\n");
	r.host = dl_strndup(s, n);
	s += n;
	s += strspn(s, " \t");
	if (*s == '-') {
		r.remove = 1;
		s++;
	}
	n = strcspn(s, "\r\n");
	sel = dl_strndup(s, n);
	bad = extract_parse_sel(sel, &r);
	free(sel);
	if (bad) {
		dl_err_set(e, "bad selector for %s (want tag, .class, #id, "
		    "[attr=value] separated by spaces)", r.host);
		extract_rule_clear(&r);
		return -1;
	}
	rs->v = dl_reallocarray(rs->v, rs->n + 1, sizeof *rs->v);
	rs->v[rs->n++] = r;
	return 0;
}

int
extract_rules_load(struct extract_rules *r, const char *path,
    void (*warn)(void *, const char *), void *arg, struct dl_err *e)
{
	struct dl_err	 le;
	FILE		*f;
	char		*line = NULL, *msg;
	size_t		 cap = 0, lineno = 0;
	int		 rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		dl_err_set(e, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		if (extract_rules_add(r, line, &le) < 0 && warn != NULL) {
			msg = dl_printf("%s:%zu: %s", path, lineno, le.msg);
			warn(arg, msg);
			free(msg);
		}
	}
	if (ferror(f)) {
		dl_err_set(e, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

static size_t
extract_rule_body(const struct extract_ctx *c)
{
	const struct extract_rules	*rs = c->opts->rules;
	size_t				 k, i;

	if (rs == NULL)
		return EXTRACT_NONE_IDX;
	for (k = 0; k < rs->n; k++) {
		if (rs->v[k].remove || !extract_host_match(rs->v[k].host,
		    c->opts->url))
			continue;
		for (i = 0; i < c->nn; i++)
			if (!(c->n[i].flags & EX_DROP) &&
			    extract_sel_match(c, &rs->v[k], i))
				return i;
	}
	return EXTRACT_NONE_IDX;
}

static int
extract_rule_remove(const struct extract_ctx *c, size_t i)
{
	const struct extract_rules	*rs = c->opts->rules;
	size_t				 k;

	if (rs == NULL)
		return 0;
	for (k = 0; k < rs->n; k++)
		if (rs->v[k].remove && extract_host_match(rs->v[k].host,
		    c->opts->url) && extract_sel_match(c, &rs->v[k], i))
			return 1;
	return 0;
}

/* ---- cleaning and serialising ---- */

/* Should element i, inside the article, go? */
static int
extract_clean_out(const struct extract_ctx *c, size_t i)
{
	const struct extract_node	*x = &c->n[i];
	GumboTag			 tag = x->g->v.element.tag;
	double				 ld = extract_ld(x);

	if ((x->flags & (EX_DROP | EX_UNL | EX_META | EX_PULL |
	    EX_COMMENT)) || extract_clean_tags[tag])
		return 1;
	if ((x->flags & EX_NEG) && (ld > 0.25 || x->text < 200))
		return 1;
	if (extract_rule_remove(c, i))
		return 1;
	if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_BR ||
	    tag == GUMBO_TAG_HR)
		return 0;
	if (x->text == 0 && x->nimg == 0)
		return 1;
	if (ld > 0.5 && x->text < 300)
		return 1;
	if ((tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION ||
	    tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL ||
	    tag == GUMBO_TAG_TABLE) && ld > 0.33 && x->text < 200)
		return 1;
	return 0;
}

static void
extract_esc(struct dl_buf *b, const char *s, int attr)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '&')
			dl_buf_adds(b, "&amp;");
		else if (*p == '<')
			dl_buf_adds(b, "&lt;");
		else if (*p == '>')
			dl_buf_adds(b, "&gt;");
		else if (attr && *p == '"')
			dl_buf_adds(b, "&quot;");
		else
			dl_buf_addc(b, *p);
	}
}

static void
extract_ser_attrs(const struct extract_ctx *c, const GumboNode *g,
    struct dl_buf *b)
{
	static const char *const keep[] = { "href", "src", "alt", "start",
	    "colspan", NULL };
	const char	*v;
	char		*u;
	size_t		 k;

	for (k = 0; keep[k] != NULL; k++) {
		if ((v = extract_attr(g, keep[k])) == NULL)
			continue;
		u = NULL;
		if (k < 2 && (u = url_resolve(c->base, v)) != NULL)
			v = u;
		dl_buf_addf(b, " %s=\"", keep[k]);
		extract_esc(b, v, 1);
		dl_buf_addc(b, '"');
		free(u);
	}
}

static void	extract_ser(const struct extract_ctx *, size_t, struct dl_buf *);

static void
extract_ser_children(const struct extract_ctx *c, size_t i,
    struct dl_buf *b)
{
	const GumboVector	*v = &c->n[i].g->v.element.children;
	const GumboNode		*k;
	size_t			 j, next = i + 1;

	for (j = 0; j < v->length; j++) {
		k = v->data[j];
		if (k->type == GUMBO_NODE_ELEMENT ||
		    k->type == GUMBO_NODE_TEMPLATE) {
			if (next >= c->n[i].end || c->n[next].g != k)
				continue;
			if (!extract_clean_out(c, next))
				extract_ser(c, next, b);
			next = c->n[next].end;
		} else if (k->type == GUMBO_NODE_TEXT ||
		    k->type == GUMBO_NODE_WHITESPACE ||
		    k->type == GUMBO_NODE_CDATA)
			extract_esc(b, k->v.text.text, 0);
	}
}

static void
extract_ser(const struct extract_ctx *c, size_t i, struct dl_buf *b)
{
	GumboTag	 tag = c->n[i].g->v.element.tag;
	const char	*name = gumbo_normalized_tagname(tag);

	if (tag == GUMBO_TAG_UNKNOWN || *name == '\0' ||
	    tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML)
		name = "div";
	dl_buf_addf(b, "<%s", name);
	extract_ser_attrs(c, c->n[i].g, b);
	dl_buf_addc(b, '>');
	if (extract_void_tags[tag])
		return;
	extract_ser_children(c, i, b);
	dl_buf_addf(b, "</%s>", name);
}

/* Does sibling s of the winner w belong to the story? */
static int
extract_sibling_ok(const struct extract_ctx *c, size_t w, size_t s)
{
	const struct extract_node	*x = &c->n[s], *wx = &c->n[w];
	double				 thr, bonus = 0;
	const char			*a, *b;

	if (s == w)
		return 1;
	if (x->flags & (EX_DROP | EX_UNL | EX_INUNL | EX_META | EX_PULL))
		return 0;
	thr = wx->score * 0.2 > 10 ? wx->score * 0.2 : 10;
	a = extract_attr(x->g, "class");
	b = extract_attr(wx->g, "class");
	if (a != NULL && b != NULL && *a != '\0' && strcmp(a, b) == 0)
		bonus = wx->score * 0.2;
	if ((x->flags & EX_CAND) && x->score + bonus >= thr)
		return 1;
	if (x->g->v.element.tag != GUMBO_TAG_P)
		return 0;
	if (x->text > 80 && extract_ld(x) < 0.25)
		return 1;
	return x->text >= EXTRACT_PARA_MIN && x->link == 0;
}

static char *
extract_serialise(const struct extract_ctx *c, size_t w)
{
	struct dl_buf	 b;
	size_t		 p = c->n[w].parent, s;

	dl_buf_init(&b, EXTRACT_CAP);
	dl_buf_adds(&b, "<article>");
	if (p == EXTRACT_NONE_IDX || c->n[w].g->v.element.tag ==
	    GUMBO_TAG_BODY)
		extract_ser_children(c, w, &b);
	else {
		for (s = p + 1; s < c->n[p].end; s = c->n[s].end) {
			if (!extract_sibling_ok(c, w, s))
				continue;
			if (s == w || !extract_clean_out(c, s))
				extract_ser(c, s, &b);
		}
	}
	dl_buf_adds(&b, "</article>");
	return dl_buf_take(&b);
}

/* ---- text ---- */

/* Any letter or digit? "___" and "* * *" are decoration, not text. */
static int
extract_has_word(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || (s[i] >= '0' &&
		    s[i] <= '9') || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z'))
			return 1;
	return 0;
}

static char *
extract_doc_text(const char *html, size_t *weight)
{
	struct html_doc		*d = html_doc_parse(html, strlen(html), NULL);
	const struct html_block	*bl;
	struct dl_buf		 b;
	size_t			 i;

	dl_buf_init(&b, EXTRACT_CAP);
	*weight = 0;
	for (i = 0; i < d->nblocks; i++) {
		bl = &d->blocks[i];
		if (bl->kind == HTML_IMAGE || bl->kind == HTML_RULE ||
		    !extract_has_word(bl->text, bl->len))
			continue;
		if (b.len > 0)
			dl_buf_adds(&b, "\n\n");
		dl_buf_add(&b, bl->text, bl->len);
		*weight += extract_text_weight(bl->text, bl->len);
	}
	html_doc_free(d);
	return dl_buf_take(&b);
}

/* articleBody split on newlines into paragraphs, as text and HTML. */
static void
extract_from_ld(struct extract_ctx *c)
{
	struct dl_buf	 t, h;
	const char	*s = c->ld_body, *e;
	char		*p, *q;

	dl_buf_init(&t, EXTRACT_CAP);
	dl_buf_init(&h, EXTRACT_CAP);
	dl_buf_adds(&h, "<article>");
	for (; *s != '\0'; s = *e == '\0' ? e : e + 1) {
		e = s + strcspn(s, "\n");
		p = dl_strndup(s, (size_t)(e - s));
		q = extract_collapse(p);
		free(p);
		if (q == NULL)
			continue;
		if (t.len > 0)
			dl_buf_adds(&t, "\n\n");
		dl_buf_adds(&t, q);
		dl_buf_adds(&h, "<p>");
		extract_esc(&h, q, 0);
		dl_buf_adds(&h, "</p>");
		free(q);
	}
	dl_buf_adds(&h, "</article>");
	free(c->r->text);
	free(c->r->html);
	c->r->text = dl_buf_take(&t);
	c->r->html = dl_buf_take(&h);
}

/* ---- decoding and the pass before gumbo ---- */

static char *
extract_decode(const char *page, size_t len, const char *hint,
    size_t *outlen, char **charset)
{
	char			 label[64];
	const char		*enc = NULL;
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
	dl_buf_init(&b, EXTRACT_CAP);
	charset_conv_feed(cv, page, len, &b);
	charset_conv_finish(cv, &b);
	*charset = dl_strdup(charset_conv_name(cv));
	charset_conv_free(cv);
	*outlen = b.len;
	return dl_buf_take(&b);
}

static const char *
extract_find_ci(const char *p, const char *end, const char *needle)
{
	size_t	 n = strlen(needle);

	for (; (p = memchr(p, '<', (size_t)(end - p))) != NULL &&
	    (size_t)(end - p) >= n; p++)
		if (dl_strncaseeq(p, needle, n))
			return p;
	return NULL;
}

/* At p, "<script" or "<style" (a whole name)? Returns the end tag to look
 * for, or NULL. */
static const char *
extract_raw_start(const char *p, const char *end)
{
	static const char *const names[] = { "script", "style" };
	static const char *const ends[] = { "</script", "</style" };
	size_t	 i, n;

	for (i = 0; i < 2; i++) {
		n = strlen(names[i]);
		if ((size_t)(end - p) > n + 1 && dl_strncaseeq(p + 1,
		    names[i], n) && (p[n + 1] == '>' || p[n + 1] == ' ' ||
		    p[n + 1] == '\t' || p[n + 1] == '\n' || p[n + 1] == '/'))
			return ends[i];
	}
	return NULL;
}

/* Contents of scripts (except JSON-LD), styles and comments left out
 * before gumbo sees the page: gumbo reads a character at a time, and on
 * real news pages they are most of the bytes. */
static char *
extract_strip(const char *s, size_t len, size_t *outlen)
{
	const char	*p = s, *end = s + len, *lt, *gt, *close, *e;
	struct dl_buf	 b;

	dl_buf_init(&b, EXTRACT_CAP);
	while ((lt = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - lt) >= 4 && memcmp(lt, "<!--", 4) == 0) {
			dl_buf_add(&b, p, (size_t)(lt - p));
			e = memmem(lt + 4, (size_t)(end - lt - 4), "-->", 3);
			p = e == NULL ? end : e + 3;
			continue;
		}
		if ((close = extract_raw_start(lt, end)) == NULL ||
		    (gt = memchr(lt, '>', (size_t)(end - lt))) == NULL ||
		    memmem(lt, (size_t)(gt - lt), "ld+json", 7) != NULL) {
			dl_buf_add(&b, p, (size_t)(lt + 1 - p));
			p = lt + 1;
			continue;
		}
		dl_buf_add(&b, p, (size_t)(gt + 1 - p));
		e = extract_find_ci(gt + 1, end, close);
		p = e == NULL ? end : e;
	}
	dl_buf_add(&b, p, (size_t)(end - p));
	*outlen = b.len;
	return dl_buf_take(&b);
}

/* ---- gumbo's memory ---- */

/* Gumbo allocates every node, attribute, token buffer and vector one
 * malloc at a time and frees them one at a time; on a 1 MB page that is a
 * fifth of the parse. Its allocations come from chunks instead, freed
 * together; its frees do nothing (growing buffers waste at most half). */
#define EXTRACT_CHUNK		(512u * 1024)

struct extract_chunk {
	struct extract_chunk	*next;
	size_t			 used, size;
	max_align_t		 data[];
};

static void *
extract_arena_alloc(void *arg, size_t n)
{
	struct extract_chunk	**head = arg, *k = *head;
	size_t			 a = sizeof(max_align_t), size;
	void			*p;

	n = (n + a - 1) / a * a;
	if (k == NULL || k->size - k->used < n) {
		size = n > EXTRACT_CHUNK / 4 ? n : EXTRACT_CHUNK;
		k = dl_malloc(sizeof *k + size);
		k->size = size;
		k->used = 0;
		if (*head != NULL && n > EXTRACT_CHUNK / 4) {
			/* A big block goes behind the current chunk. */
			k->next = (*head)->next;
			(*head)->next = k;
			k->used = n;
			return k->data;
		}
		k->next = *head;
		*head = k;
	}
	p = (char *)k->data + k->used;
	k->used += n;
	return p;
}

static void
extract_arena_free(void *arg, void *p)
{
	(void)arg;
	(void)p;
}

static void
extract_arena_clear(struct extract_chunk *k)
{
	struct extract_chunk	*next;

	for (; k != NULL; k = next) {
		next = k->next;
		free(k);
	}
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

/* "Title | Site", "Title - Site": the title alone when the site is known
 * or the first <h1> is the part before the separator. */
static char *
extract_title_page(const struct extract_ctx *c, const char *site)
{
	char		*h1 = c->h1 != NULL ? extract_node_text(c->h1) : NULL;
	char		*u;
	const char	*t = c->title;
	size_t		 i, tl, sl, hl;

	if (t == NULL)
		return h1;
	if ((u = extract_title_unsuffix(t, site)) != NULL) {
		free(h1);
		return u;
	}
	tl = strlen(t);
	hl = h1 != NULL ? strlen(h1) : 0;
	for (i = 0; hl > 0 && extract_title_seps[i] != NULL; i++) {
		sl = strlen(extract_title_seps[i]);
		if (tl > hl + sl && memcmp(t, h1, hl) == 0 &&
		    memcmp(t + hl, extract_title_seps[i], sl) == 0)
			return h1;
	}
	free(h1);
	return dl_strdup(t);
}

static char *
extract_byline_text(const GumboNode *g)
{
	char	*s = extract_node_text(g), *t;

	if (s == NULL)
		return NULL;
	if (strlen(s) > 120) {
		free(s);
		return NULL;
	}
	if ((s[0] == 'B' || s[0] == 'b') && s[1] == 'y' && s[2] == ' ') {
		t = dl_strdup(s + 3);
		free(s);
		s = t;
	}
	return s;
}

static void
extract_resolve_meta(struct extract_ctx *c)
{
	struct extract_result	*r = c->r;
	char			*t;

	extract_set(&r->site_name, c->meta[EX_M_SITE]);
	c->meta[EX_M_SITE] = NULL;
	if (r->title == NULL && (t = c->meta[EX_M_OGTITLE]) != NULL &&
	    (r->title = extract_title_unsuffix(t, r->site_name)) == NULL)
		r->title = dl_strdup(t);
	if (r->title == NULL)
		r->title = extract_title_page(c, r->site_name);
	if (r->byline == NULL && c->meta[EX_M_ARTAUTHOR] != NULL &&
	    !url_is_absolute(c->meta[EX_M_ARTAUTHOR]))
		r->byline = dl_strdup(c->meta[EX_M_ARTAUTHOR]);
	if (r->byline == NULL && c->meta[EX_M_AUTHOR] != NULL)
		r->byline = dl_strdup(c->meta[EX_M_AUTHOR]);
	if (r->byline == NULL && c->byline != NULL)
		r->byline = extract_byline_text(c->byline);
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
	if (r->excerpt == NULL && c->meta[EX_M_OGDESC] != NULL)
		r->excerpt = dl_strdup(c->meta[EX_M_OGDESC]);
	if (r->excerpt == NULL && c->meta[EX_M_DESC] != NULL)
		r->excerpt = dl_strdup(c->meta[EX_M_DESC]);
}

/* ---- the whole ---- */

static void
extract_body(struct extract_ctx *c)
{
	struct extract_result	*r = c->r;
	size_t			 w, weight = 0, ldw;

	if ((w = extract_rule_body(c)) == EXTRACT_NONE_IDX)
		w = extract_score(c);
	else
		(void)extract_score(c);
	if (w != EXTRACT_NONE_IDX) {
		r->html = extract_serialise(c, w);
		r->text = extract_doc_text(r->html, &weight);
	}
	ldw = c->ld_body != NULL ? extract_text_weight(c->ld_body,
	    strlen(c->ld_body)) : 0;
	if (ldw >= EXTRACT_ARTICLE_MIN && ldw > 2 * weight) {
		extract_from_ld(c);
		weight = ldw;
	}
	if (weight < EXTRACT_ARTICLE_MIN) {
		free(r->html);
		free(r->text);
		r->html = r->text = NULL;
		r->status = EXTRACT_NONE;
	}
}

static void
extract_excerpt_para(struct extract_result *r)
{
	size_t	 n;

	if (r->excerpt != NULL || r->text == NULL)
		return;
	n = strcspn(r->text, "\n");
	if (n > 0)
		r->excerpt = dl_strndup(r->text, n);
}

static void
extract_page_stats(struct extract_ctx *c)
{
	const struct extract_node	*x;
	char				*s;
	size_t				 i;

	for (i = 0; i < c->nn; i++) {
		x = &c->n[i];
		if ((x->flags & EX_DROP) || !extract_is_para(x) ||
		    x->text < EXTRACT_PARA_MIN)
			continue;
		if ((s = extract_node_text(x->g)) != NULL)
			c->r->nchars += extract_ncp(s);
		free(s);
	}
}

static void
extract_ctx_clear(struct extract_ctx *c)
{
	size_t	 i;

	free(c->n);
	free(c->base);
	free(c->ld_body);
	free(c->title);
	free(c->html_lang);
	for (i = 0; i < EX_M_N; i++)
		free(c->meta[i]);
}

static void
extract_tree(struct extract_ctx *c, const GumboNode *root)
{
	const GumboVector	*v = &root->v.document.children;
	size_t			 i;

	for (i = 0; i < v->length; i++)
		if (((const GumboNode *)v->data[i])->type ==
		    GUMBO_NODE_ELEMENT)
			extract_build(c, v->data[i], EXTRACT_NONE_IDX, 0, 0, 0);
	extract_sum(c);
	if (c->base_href != NULL)
		c->base = url_resolve(c->opts->url, c->base_href);
	if (c->base == NULL && c->opts->url != NULL)
		c->base = dl_strdup(c->opts->url);
}

struct extract_result *
extract_page(const char *page, size_t len, const struct extract_opts *opts)
{
	static const struct extract_opts none = { NULL, NULL, NULL };
	struct extract_ctx	 c;
	struct extract_result	*r = dl_calloc(1, sizeof *r);
	struct extract_chunk	*arena = NULL;
	GumboOptions		 go = kGumboDefaultOptions;
	GumboOutput		*out;
	char			*u8, *s;
	size_t			 u8len, slen;

	memset(&c, 0, sizeof c);
	if (page == NULL)
		page = "";
	c.opts = opts != NULL ? opts : &none;
	c.r = r;
	u8 = extract_decode(page, len, c.opts->charset, &u8len, &r->charset);
	s = extract_strip(u8, u8len, &slen);
	free(u8);
	go.max_errors = 0;
	go.allocator = extract_arena_alloc;
	go.deallocator = extract_arena_free;
	go.userdata = &arena;
	out = gumbo_parse_with_options(&go, s, slen);
	extract_tree(&c, out->document);
	extract_resolve_meta(&c);
	extract_body(&c);
	if (r->status == EXTRACT_NONE)
		extract_page_stats(&c);
	extract_excerpt_para(r);
	(void)out;	/* gumbo_destroy_output would only walk the tree */
	extract_arena_clear(arena);
	free(s);
	extract_ctx_clear(&c);
	return r;
}

void
extract_result_free(struct extract_result *r)
{
	if (r == NULL)
		return;
	free(r->title);
	free(r->byline);
	free(r->published);
	free(r->site_name);
	free(r->lang);
	free(r->excerpt);
	free(r->html);
	free(r->text);
	free(r->charset);
	free(r);
}

/* ---- link density of a gumbo subtree (tests) ---- */

static void
extract_ld_node(const GumboNode *g, int inlink, double *text, double *link,
    int depth)
{
	const GumboVector	*v;
	double			 w;
	size_t			 i;

	if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA) {
		w = (double)extract_text_weight(g->v.text.text,
		    strlen(g->v.text.text));
		*text += w;
		if (inlink)
			*link += w;
		return;
	}
	if (g->type != GUMBO_NODE_ELEMENT || depth > EXTRACT_MAX_DEPTH ||
	    extract_drop_tags[g->v.element.tag] || extract_hidden(g))
		return;
	inlink |= g->v.element.tag == GUMBO_TAG_A;
	v = &g->v.element.children;
	for (i = 0; i < v->length; i++)
		extract_ld_node(v->data[i], inlink, text, link, depth + 1);
}

double
extract_link_density(const GumboNode *node)
{
	double	 text = 0, link = 0;

	if (node == NULL)
		return 0;
	extract_ld_node(node, 0, &text, &link, 0);
	return text > 0 ? link / text : 0;
}
