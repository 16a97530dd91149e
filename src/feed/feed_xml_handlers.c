/* feed_xml_handlers.c: the expat handlers of the XML reader: elements
 * and text mapped to the fields of items and the feed, items delivered. */
#include "config.h"

#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "feed_xml_int.h"
#include "url.h"

/* How the text of a summary, content or title is to be read. */
enum feed_xml_type {
	FEED_XML_TY_AUTO = 0,	/* RSS: HTML if it looks like HTML */
	FEED_XML_TY_TEXT,
	FEED_XML_TY_HTML,
	FEED_XML_TY_XHTML
};

/* ------------------------------------------------------------------ */
/* Text helpers. */

static void
feed_xml_text_add(struct feed_xml *x, const char *s, size_t n)
{
	struct dl_buf	*b = &x->text;
	size_t		 room = FEED_FIELD_MAX - b->len;

	/* inline while it fits: expat hands text over in small pieces
	 * (one per reference), and the call was a tenth of Atom's time */
	if (n < b->size - b->len && n <= room) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}

	if (n > room)
		n = dl_utf8_cut(s, n, room);
	if (n > 0)
		dl_buf_add(&x->text, s, n);
}

/* dl_html_escape's sink: the collected text, within its cap. */
static void
feed_xml_text_put(void *arg, const char *s, size_t n)
{
	feed_xml_text_add(arg, s, n);
}

int
feed_xml_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The collected text without surrounding white space. */
static const char *
feed_xml_trimmed(struct feed_xml *x, size_t *n)
{
	const char	*s = dl_buf_str(&x->text);
	size_t		 len = x->text.len;

	while (len > 0 && feed_xml_isspace(*s)) {
		s++;
		len--;
	}
	while (len > 0 && feed_xml_isspace(s[len - 1]))
		len--;
	*n = len;
	return s;
}

char *
feed_xml_dup(const char *s, size_t n)
{
	return dl_strndup(s, dl_utf8_cut(s, n, FEED_FIELD_MAX));
}

/* Replace *dst with s (taking it) if *dst is empty; else free s. */
static void
feed_xml_set(char **dst, char *s)
{
	if (s == NULL)
		return;
	if (*dst == NULL && *s != '\0')
		*dst = s;
	else
		free(s);
}

static int
feed_xml_b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decode base64 in place (white space and junk skipped); new length. */
static size_t
feed_xml_b64_decode(char *s, size_t n)
{
	size_t		 i, out = 0;
	unsigned	 acc = 0, bits = 0;
	int		 v;

	for (i = 0; i < n && s[i] != '='; i++) {
		if ((v = feed_xml_b64val((unsigned char)s[i])) < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[out++] = (char)((acc >> bits) & 0xFF);
		}
	}
	return out;
}

/* ------------------------------------------------------------------ */
/* Delivering items. */

/* Free the fallbacks (feed_xml_free, and an item's start and end). */
void
feed_xml_weak_clear(struct feed_xml *x, int feed)
{
	free(x->w_title);
	free(x->w_summary);
	free(x->w_author);
	free(x->w_content);
	x->w_title = x->w_summary = x->w_author = x->w_content = NULL;
	if (!feed)
		return;
	free(x->w_ftitle);
	free(x->w_fdesc);
	x->w_ftitle = x->w_fdesc = NULL;
}

/* Take *weak into *dst when the core element gave nothing. */
static void
feed_xml_weak_use(char **dst, char **weak)
{
	if (*dst == NULL) {
		*dst = *weak;
		*weak = NULL;
	}
}

void
feed_xml_info_send(struct feed_xml *x)
{
	if (x->info_sent)
		return;
	x->info_sent = 1;
	feed_xml_weak_use(&x->info->title, &x->w_ftitle);
	feed_xml_weak_use(&x->info->description, &x->w_fdesc);
	if (x->cb->on_info != NULL)
		x->cb->on_info(x->ctx, x->info);
}

/* Plain text of attribute name, or NULL. */
static char *
feed_xml_attr_plain(const XML_Char **atts, const char *name)
{
	const char	*v = feed_xml_attr(atts, name);

	return v != NULL ? feed_text_plain(v, strlen(v)) : NULL;
}

static void	 feed_xml_cdf_attrs(struct feed_xml *x, const XML_Char **atts);

static void
feed_xml_item_start(struct feed_xml *x, const XML_Char **atts)
{
	const char	*about;

	x->item_depth = x->depth;
	x->item_link_prio = 0;
	x->item_permalink = 0;
	x->item_id_about = 0;
	feed_xml_weak_clear(x, 0);
	feed_xml_cdf_attrs(x, atts);
	about = feed_xml_attr(atts, "rdf:about");
	if (about != NULL && *about != '\0') {
		x->item.id = feed_xml_dup(about, strlen(about));
		x->item_id_about = 1;
	}
}

static void
feed_xml_item_end(struct feed_xml *x)
{
	struct feed_item *it = &x->item;

	if (it->link == NULL && x->item_permalink && it->id != NULL &&
	    url_is_http(it->id))
		it->link = dl_strdup(it->id);
	feed_xml_weak_use(&it->title, &x->w_title);
	feed_xml_weak_use(&it->summary, &x->w_summary);
	feed_xml_weak_use(&it->author, &x->w_author);
	feed_xml_weak_use(&it->content, &x->w_content);
	feed_xml_weak_clear(x, 0);
	feed_xml_info_send(x);
	if (x->cb->on_item != NULL)
		x->cb->on_item(x->ctx, it);
	(*x->count)++;
	feed_item_clear(it);
	x->item_depth = 0;
	/* A huge field should not pin its memory for the rest of the feed. */
	if (x->text.size > 256 * 1024) {
		dl_buf_clear(&x->text);
		dl_buf_init(&x->text, FEED_FIELD_MAX);
	}
}

static void
feed_xml_category_add(struct feed_xml *x, char *s)
{
	struct feed_item *it = &x->item;
	size_t		 i;

	if (s == NULL || *s == '\0' || it->ncategories >= FEED_LIST_MAX) {
		free(s);
		return;
	}
	for (i = 0; i < it->ncategories; i++) {
		if (strcmp(it->categories[i], s) == 0) {
			free(s);
			return;
		}
	}
	it->categories = dl_reallocarray(it->categories, it->ncategories + 1,
	    sizeof *it->categories);
	it->categories[it->ncategories++] = s;
}

/* "one, two, three": each a category. */
static void
feed_xml_keywords(struct feed_xml *x, char *s)
{
	char	*p = s, *comma;
	size_t	 n;

	while (p != NULL && *p != '\0') {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		while (n > 0 && feed_xml_isspace(*p)) {
			p++;
			n--;
		}
		while (n > 0 && feed_xml_isspace(p[n - 1]))
			n--;
		feed_xml_category_add(x, feed_xml_dup(p, n));
		p = comma != NULL ? comma + 1 : NULL;
	}
	free(s);
}

static void
feed_xml_enclosure_add(struct feed_xml *x, const char *href, const char *type,
    const char *length)
{
	struct feed_item	*it = &x->item;
	struct feed_enclosure	*e;
	char			*url;
	long			 len;
	size_t			 i;

	if (href == NULL || it->nenclosures >= FEED_LIST_MAX ||
	    (url = feed_xml_url(x, href, strlen(href))) == NULL)
		return;
	for (i = 0; i < it->nenclosures; i++) {
		if (strcmp(it->enclosures[i].url, url) == 0) {
			free(url);
			return;
		}
	}
	it->enclosures = dl_reallocarray(it->enclosures, it->nenclosures + 1,
	    sizeof *it->enclosures);
	e = &it->enclosures[it->nenclosures++];
	e->url = url;
	e->type = (type != NULL && *type != '\0') ?
	    feed_xml_dup(type, strlen(type)) : NULL;
	e->length = -1;
	if (length != NULL && dl_strtonum(length, 0, INT64_MAX, &len) == 0)
		e->length = len;
}

/* A link candidate: keep the one with the highest priority, first wins. */
static void
feed_xml_link_offer(struct feed_xml *x, char *url, int prio)
{
	char	**dst = x->item_depth ? &x->item.link : &x->info->link;
	int *cur = x->item_depth ? &x->item_link_prio : &x->info_link_prio;

	if (url == NULL)
		return;
	if (*dst != NULL && *cur >= prio) {
		free(url);
		return;
	}
	free(*dst);
	*dst = url;
	*cur = prio;
}

/* An Atom link; returns the priority its text would have as the link
 * when it has no href (Atom 0.3 as some wrote it), else 0. */
static int
feed_xml_atom_link(struct feed_xml *x, const XML_Char **atts)
{
	const char	*rel = feed_xml_attr(atts, "rel");
	const char	*href = feed_xml_attr(atts, "href");
	const char	*type = feed_xml_attr(atts, "type");
	int		 alt;

	alt = rel == NULL || *rel == '\0' || strcmp(rel, "alternate") == 0 ||
	    strcmp(rel, "http://www.iana.org/assignments/relation/alternate")
	    == 0;
	if (href == NULL) {
		/* Atom 0.3 as some wrote it: the URL as the element's text */
		if (!alt)
			return 0;
		return feed_xml_streq(type, "text/html") ? 2 : 1;
	}
	if (alt) {
		feed_xml_link_offer(x, feed_xml_url(x, href, strlen(href)),
		    feed_xml_streq(type, "text/html") ? 2 : 1);
	} else if (strcmp(rel, "enclosure") == 0 && x->item_depth)
		feed_xml_enclosure_add(x, href, type,
		                       feed_xml_attr(atts, "length"));
	return 0;
}

static void
feed_xml_atom_category(struct feed_xml *x, const XML_Char **atts)
{
	const char	*s = feed_xml_attr(atts, "term");
	char		*c;

	if (s == NULL || *s == '\0')
		s = feed_xml_attr(atts, "label");
	if (s == NULL)
		return;
	c = feed_text_plain(s, strlen(s));
	feed_xml_category_add(x, c);
}

static void
feed_xml_date(int64_t *dst, const char *s, int latest)
{
	int64_t	 t = date_parse(s);

	if (t == DATE_NONE)
		return;
	if (*dst == DATE_NONE || (latest && t > *dst))
		*dst = t;
}

/* CDF gives a channel's or an item's link and date as attributes. */
static void
feed_xml_cdf_attrs(struct feed_xml *x, const XML_Char **atts)
{
	const char	*href, *lastmod;
	int64_t		*upd;

	if (x->family != FEED_XML_NS_CDF)
		return;
	upd = x->item_depth ? &x->item.updated : &x->info->updated;
	if ((lastmod = feed_xml_attr(atts, "LASTMOD")) != NULL)
		feed_xml_date(upd, lastmod, 1);
	if ((href = feed_xml_attr(atts, "HREF")) != NULL)
		feed_xml_link_offer(x, feed_xml_url(x, href, strlen(href)), 3);
}

/* ------------------------------------------------------------------ */
/* Collecting the text of a field. */

static const char *const feed_xml_void_elements[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "param", "source", "track", "wbr",
};

static int
feed_xml_is_void(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof feed_xml_void_elements /
	                    sizeof feed_xml_void_elements[0];
	     i++)
		if (strcmp(feed_xml_void_elements[i], name) == 0)
			return 1;
	return 0;
}

static const char *
feed_xml_local(const char *name)
{
	const char	*colon = strchr(name, ':');

	return colon != NULL ? colon + 1 : name;
}

void XMLCALL
feed_xml_chardata(void *ud, const XML_Char *s, int len)
{
	struct feed_xml	*x = ud;
	struct dl_buf	*b = &x->text;
	size_t		 n = (size_t)len;

	/* Text beside serialised markup must stay text. */
	if (x->cap_type == FEED_XML_TY_XHTML || x->depth > x->cap_depth)
		dl_html_escape(s, n, 0, feed_xml_text_put, x);
	else if (n < b->size - b->len && b->len + n <= FEED_FIELD_MAX) {
		/* feed_xml_text_add's fast path, without the call: in escaped
		 * HTML expat calls here once per reference */
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else
		feed_xml_text_add(x, s, n);
}

/* Atom's type="" (and Atom 0.3's mode="") of a text construct. */
static void
feed_xml_capture_type(struct feed_xml *x, const XML_Char **atts)
{
	const char	*type = feed_xml_attr(atts, "type");
	const char	*mode = feed_xml_attr(atts, "mode");
	size_t		 n;

	x->cap_type = FEED_XML_TY_TEXT;
	if (type != NULL) {
		n = strlen(type);
		if (dl_strcaseeq(type, "html") ||
		    dl_strcaseeq(type, "text/html"))
			x->cap_type = FEED_XML_TY_HTML;
		else if (dl_strcaseeq(type, "xhtml") ||
		    (n > 4 && dl_strcaseeq(type + n - 4, "+xml")) ||
		    (n > 4 && dl_strcaseeq(type + n - 4, "/xml")))
			x->cap_type = FEED_XML_TY_XHTML;
		else if (!dl_strcaseeq(type, "text") &&
		    !dl_strncaseeq(type, "text/", 5)) {
			/* any other type is base64 (RFC 4287 4.1.3.3);
			 * shown only when it decodes to text */
			x->cap_type = FEED_XML_TY_AUTO;
			x->cap_b64 = 1;
		}
	}
	if (feed_xml_streq(mode, "escaped") && x->cap_type == FEED_XML_TY_XHTML)
		x->cap_type = FEED_XML_TY_HTML;
	if (feed_xml_streq(mode, "base64"))
		x->cap_b64 = 1;
}

static void
feed_xml_capture_start(struct feed_xml *x, int tag, int family,
    const XML_Char **atts)
{
	x->cap_depth = x->depth;
	x->cap_tag = tag;
	x->cap_type = FEED_XML_TY_AUTO;
	x->cap_b64 = 0;
	x->cap_div_depth = 0;
	x->cap_link_prio = 0;
	dl_buf_reset(&x->text);
	if (family == FEED_XML_NS_ATOM)
		feed_xml_capture_type(x, atts);
	if (tag == FEED_XML_T_GUID)
		x->cap_permalink = !feed_xml_streq(
		    feed_xml_attr(atts, "isPermaLink"), "false");
	XML_SetCharacterDataHandler(x->xp, feed_xml_chardata);
}

/* An attribute value of serialised markup; a URL resolved against the
 * xml:base in scope there. */
static void
feed_xml_capture_attr(struct feed_xml *x, const char *name, const char *v)
{
	char	*url = NULL;

	if (feed_text_url_attr(name, strlen(name)))
		url = feed_xml_url(x, v, strlen(v));
	if (url != NULL)
		v = url;
	dl_html_escape(v, strlen(v), 1, feed_xml_text_put, x);
	free(url);
}

static void
feed_xml_capture_child_start(struct feed_xml *x, const char *name,
    const XML_Char **atts)
{
	const char	*local = feed_xml_local(name);
	size_t		 n;

	/* Atom xhtml content is wrapped in a div that is not content. */
	if (x->cap_type == FEED_XML_TY_XHTML && x->cap_div_depth == 0 &&
	    x->depth == x->cap_depth + 1 && strcmp(local, "div") == 0) {
		feed_xml_trimmed(x, &n);
		if (n == 0) {
			x->cap_div_depth = x->depth;
			return;
		}
	}
	feed_xml_text_add(x, "<", 1);
	feed_xml_text_add(x, local, strlen(local));
	for (; atts[0] != NULL; atts += 2) {
		/* xmlns of SVG and MathML and xlink:href stay, as HTML5
		 * reads them in foreign content; XHTML's own goes */
		if (strncmp(atts[0], "xml:", 4) == 0 ||
		    (strncmp(atts[0], "xmlns", 5) == 0 &&
		    strcmp(atts[1], "http://www.w3.org/1999/xhtml") == 0))
			continue;
		feed_xml_text_add(x, " ", 1);
		feed_xml_text_add(x, atts[0], strlen(atts[0]));
		feed_xml_text_add(x, "=\"", 2);
		feed_xml_capture_attr(x, atts[0], atts[1]);
		feed_xml_text_add(x, "\"", 1);
	}
	feed_xml_text_add(x, ">", 1);
}

static void
feed_xml_capture_child_end(struct feed_xml *x, const char *name)
{
	const char	*local = feed_xml_local(name);

	if (x->depth == x->cap_div_depth) {
		x->cap_div_depth = -1;	/* only the first one */
		return;
	}
	if (feed_xml_is_void(local))
		return;
	feed_xml_text_add(x, "</", 2);
	feed_xml_text_add(x, local, strlen(local));
	feed_xml_text_add(x, ">", 1);
}

void XMLCALL
feed_xml_skipped(void *ud, const XML_Char *name, int is_parameter_entity)
{
	struct feed_xml	*x = ud;
	char		 msg[128];

	if (is_parameter_entity)
		return;
	snprintf(msg, sizeof msg, "undefined entity '&%.64s;' kept as text",
	    name);
	feed_xml_warn(x, msg);
	if (x->cap_depth == 0)
		return;
	feed_xml_text_add(x, "&", 1);
	feed_xml_text_add(x, name, strlen(name));
	feed_xml_text_add(x, ";", 1);
}

/* The collected text, trimmed and NUL-terminated in place. */
static char *
feed_xml_value(struct feed_xml *x, size_t *n)
{
	const char	*s = feed_xml_trimmed(x, n);

	if (x->text.data == NULL)
		return (char *)s;
	x->text.len = (size_t)(s - x->text.data) + *n;
	x->text.data[x->text.len] = '\0';
	return (char *)s;
}

/* Plain text of the collected value (titles, names, categories). */
static char *
feed_xml_plain(struct feed_xml *x)
{
	size_t	 n;
	char	*s = feed_xml_value(x, &n), *r;

	if (x->cap_type != FEED_XML_TY_TEXT)
		return feed_text_plain(s, n);
	r = feed_xml_dup(s, n);
	feed_text_collapse(r);
	return r;
}

/* The collected value as HTML, or NULL. */
static char *
feed_xml_html(struct feed_xml *x)
{
	struct dl_buf	 b;
	size_t		 n;
	char		*s = feed_xml_value(x, &n), *r;

	if (n == 0)
		return NULL;
	if (x->cap_type == FEED_XML_TY_TEXT) {
		dl_buf_init(&b, FEED_FIELD_MAX);
		feed_text_escape_html(s, n, &b);
		return dl_buf_take(&b);
	}
	if (x->cap_type == FEED_XML_TY_HTML ||
	    x->cap_type == FEED_XML_TY_XHTML || feed_text_looks_html(s, n)) {
		r = feed_text_resolve_html(s, n, feed_xml_base(x));
		return r != NULL ? r : feed_xml_dup(s, n);
	}
	dl_buf_init(&b, FEED_FIELD_MAX);
	feed_text_escape_html(s, n, &b);
	return dl_buf_take(&b);
}

/* ------------------------------------------------------------------ */
/* The end of a field. */

static void
feed_xml_end_html(struct feed_xml *x)
{
	char	*v;

	if (x->item_depth == 0) {
		if (x->cap_tag == FEED_XML_T_SUMMARY ||
		    x->cap_tag == FEED_XML_T_SUBTITLE)
			feed_xml_set(&x->info->description, feed_xml_plain(x));
		else if (x->cap_tag == FEED_XML_T_WSUMMARY)
			feed_xml_set(&x->w_fdesc, feed_xml_plain(x));
		return;
	}
	v = feed_xml_html(x);
	if (x->cap_tag == FEED_XML_T_WSUMMARY)
		feed_xml_set(&x->w_summary, v);
	else if (x->cap_tag == FEED_XML_T_SUMMARY && x->item.summary != NULL &&
	    v != NULL && strcmp(v, x->item.summary) != 0)
		feed_xml_set(&x->w_content, v);	/* a second, different one */
	else if (x->cap_tag == FEED_XML_T_SUMMARY)
		feed_xml_set(&x->item.summary, v);
	else if (x->cap_tag == FEED_XML_T_CONTENT)
		feed_xml_set(&x->item.content, v);
	else
		free(v);
}

static void
feed_xml_end_id(struct feed_xml *x)
{
	size_t	 n;
	char	*s = feed_xml_value(x, &n);

	if (x->item_depth == 0 || n == 0)
		return;
	if (x->item_id_about) {
		free(x->item.id);
		x->item.id = NULL;
		x->item_id_about = 0;
	}
	if (x->item.id != NULL)
		return;
	/* an id that is a relative URL ("/2004/05/story") is resolved; a
	 * guid that says it is no permalink is kept as written */
	if (memchr(s, '/', n) != NULL && strpbrk(s, " \t\n") == NULL &&
	    (x->cap_tag == FEED_XML_T_ID || x->cap_permalink))
		x->item.id = feed_xml_url(x, s, n);
	else
		x->item.id = feed_xml_dup(s, n);
	if (x->cap_tag == FEED_XML_T_GUID)
		x->item_permalink = x->cap_permalink;
}

/* RSS <author> is "mail@example.com (Name)" by the book: keep Name. */
static void
feed_xml_end_author(struct feed_xml *x, char **dst)
{
	char	*s = feed_xml_plain(x), *open;
	size_t	 n = strlen(s);

	open = strchr(s, '(');
	if (open != NULL && open > s && n > 0 && s[n - 1] == ')' &&
	    memchr(s, '@', (size_t)(open - s)) != NULL &&
	    open + 1 < s + n - 1) {
		s[n - 1] = '\0';
		memmove(s, open + 1, strlen(open + 1) + 1);
		feed_text_collapse(s);
	}
	feed_xml_set(dst, s);
}

static void
feed_xml_end_date(struct feed_xml *x)
{
	size_t	 n;
	char	*s = feed_xml_value(x, &n);

	if (x->item_depth == 0)
		feed_xml_date(&x->info->updated, s, 1);
	else if (x->cap_tag == FEED_XML_T_PUBLISHED)
		feed_xml_date(&x->item.published, s, 0);
	else if (x->cap_tag == FEED_XML_T_UPDATED)
		feed_xml_date(&x->item.updated, s, 0);
}

static void
feed_xml_end_text(struct feed_xml *x)
{
	size_t	 n;
	char	*v;

	switch (x->cap_tag) {
	case FEED_XML_T_TITLE:
		feed_xml_set(x->item_depth ? &x->item.title : &x->info->title,
		    feed_xml_plain(x));
		break;
	case FEED_XML_T_LINK:
		v = feed_xml_value(x, &n);
		feed_xml_link_offer(x, feed_xml_url(x, v, n),
		    x->cap_link_prio ? x->cap_link_prio : 3);
		x->cap_link_prio = 0;
		break;
	case FEED_XML_T_NAME:
		feed_xml_set(&x->author_name, feed_xml_plain(x));
		break;
	case FEED_XML_T_EMAIL:
		feed_xml_set(&x->author_email, feed_xml_plain(x));
		break;
	case FEED_XML_T_CATEGORY:
		feed_xml_category_add(x, feed_xml_plain(x));
		break;
	case FEED_XML_T_KEYWORDS:
		feed_xml_keywords(x, feed_xml_plain(x));
		break;
	case FEED_XML_T_WTITLE:
		feed_xml_set(x->item_depth ? &x->w_title : &x->w_ftitle,
		    feed_xml_plain(x));
		break;
	case FEED_XML_T_LANGUAGE:
		if (x->item_depth == 0)
			feed_xml_set_lang(x, feed_xml_value(x, &n), 0);
		break;
	}
}

/* Decode a base64 value in place; 0 when it is not text (binary content
 * of another type), which is then dropped. */
static int
feed_xml_unbase64(struct feed_xml *x)
{
	size_t	 n;
	char	*s = feed_xml_value(x, &n);

	x->cap_b64 = 0;
	n = feed_xml_b64_decode(s, n);
	if (memchr(s, '\0', n) != NULL || !charset_utf8_valid(s, n))
		return 0;
	x->text.len = (size_t)(s - x->text.data) + n;
	x->text.data[x->text.len] = '\0';
	return 1;
}

static void
feed_xml_capture_end(struct feed_xml *x)
{
	XML_SetCharacterDataHandler(x->xp, NULL);
	x->cap_depth = 0;
	if (x->cap_b64 && x->text.len > 0 && !feed_xml_unbase64(x))
		return;
	switch (x->cap_tag) {
	case FEED_XML_T_SUMMARY:
	case FEED_XML_T_WSUMMARY:
	case FEED_XML_T_CONTENT:
	case FEED_XML_T_SUBTITLE:
		feed_xml_end_html(x);
		break;
	case FEED_XML_T_ID:
	case FEED_XML_T_GUID:
		feed_xml_end_id(x);
		break;
	case FEED_XML_T_AUTHOR:
		if (x->item_depth)
			feed_xml_end_author(x, &x->item.author);
		break;
	case FEED_XML_T_WAUTHOR:
		if (x->item_depth)
			feed_xml_end_author(x, &x->w_author);
		break;
	case FEED_XML_T_PUBLISHED:
	case FEED_XML_T_UPDATED:
	case FEED_XML_T_LASTBUILD:
		feed_xml_end_date(x);
		break;
	default:
		feed_xml_end_text(x);
		break;
	}
}

static void
feed_xml_author_end(struct feed_xml *x)
{
	if (x->author_name != NULL) {
		feed_xml_set(&x->item.author, x->author_name);
		free(x->author_email);
	} else
		feed_xml_set(&x->item.author, x->author_email);
	x->author_name = x->author_email = NULL;
	x->author_depth = 0;
}

/* ------------------------------------------------------------------ */
/* Elements. */

static void
feed_xml_media_content(struct feed_xml *x, const XML_Char **atts)
{
	feed_xml_enclosure_add(x, feed_xml_attr(atts, "url"),
	                       feed_xml_attr(atts, "type"),
	                       feed_xml_attr(atts, "fileSize"));
}

static void	 feed_xml_item_field(struct feed_xml *x, int tag, int family,
		     const XML_Char **atts);

static void
feed_xml_item_child(struct feed_xml *x, int tag, int family,
                    const XML_Char **atts)
{
	int	 prio;

	if (tag == FEED_XML_T_CATTEXT) {	/* nested ones too */
		feed_xml_category_add(x, feed_xml_attr_plain(atts, "text"));
		return;
	}
	if (x->depth != x->item_depth + 1) {
		if (x->author_depth && x->depth == x->author_depth + 1 &&
		    (tag == FEED_XML_T_NAME || tag == FEED_XML_T_EMAIL))
			feed_xml_capture_start(x, tag, family, atts);
		else if (x->group_depth && x->depth == x->group_depth + 1 &&
		    family == FEED_XML_NS_MEDIA)
			feed_xml_item_field(x, tag, family, atts);
		return;
	}
	switch (tag) {
	case FEED_XML_T_SKIP:
		x->skip_depth = x->depth;
		break;
	case FEED_XML_T_ATOMLINK:
		if ((prio = feed_xml_atom_link(x, atts)) > 0) {
			feed_xml_capture_start(x, FEED_XML_T_LINK, family,
			    atts);
			x->cap_link_prio = prio;
		}
		break;
	case FEED_XML_T_ATOMCATEGORY:
		feed_xml_atom_category(x, atts);
		break;
	default:
		feed_xml_item_field(x, tag, family, atts);
		break;
	}
}

/* An element of an item (or of its media:group) that is a field. */
static void
feed_xml_item_field(struct feed_xml *x, int tag, int family,
                    const XML_Char **atts)
{
	switch (tag) {
	case FEED_XML_T_ENCLOSURE:
		feed_xml_enclosure_add(x, feed_xml_attr(atts, "url"),
		                       feed_xml_attr(atts, "type"),
		                       feed_xml_attr(atts, "length"));
		break;
	case FEED_XML_T_MEDIACONTENT:
		feed_xml_media_content(x, atts);
		break;
	case FEED_XML_T_MEDIAGROUP:
		x->group_depth = x->depth;
		break;
	case FEED_XML_T_ATOMAUTHOR:
		x->author_depth = x->depth;
		break;
	case FEED_XML_T_TITLE:
	case FEED_XML_T_LINK:
	case FEED_XML_T_SUMMARY:
	case FEED_XML_T_CONTENT:
	case FEED_XML_T_ID:
	case FEED_XML_T_GUID:
	case FEED_XML_T_AUTHOR:
	case FEED_XML_T_PUBLISHED:
	case FEED_XML_T_UPDATED: case FEED_XML_T_CATEGORY:
	case FEED_XML_T_WTITLE: case FEED_XML_T_WSUMMARY:
	case FEED_XML_T_WAUTHOR: case FEED_XML_T_KEYWORDS:
		feed_xml_capture_start(x, tag, family, atts);
		break;
	}
}

static void
feed_xml_feed_child(struct feed_xml *x, int tag, int family,
                    const XML_Char **atts)
{
	int	 prio;

	if (tag == FEED_XML_T_ITEM && (x->depth == 2 ||
	    (x->chan_depth && x->depth == x->chan_depth + 1))) {
		feed_xml_item_start(x, atts);
		return;
	}
	if (tag == FEED_XML_T_CHANNEL && x->depth == 2 &&
	    x->family == FEED_XML_NS_RSS) {
		x->chan_depth = 2;
		return;
	}
	if (x->chan_depth == 0 || x->depth != x->chan_depth + 1)
		return;
	switch (tag) {
	case FEED_XML_T_SKIP:
	case FEED_XML_T_ATOMAUTHOR:
		x->skip_depth = x->depth;
		break;
	case FEED_XML_T_ATOMLINK:
		if ((prio = feed_xml_atom_link(x, atts)) > 0) {
			feed_xml_capture_start(x, FEED_XML_T_LINK, family,
			    atts);
			x->cap_link_prio = prio;
		}
		break;
	case FEED_XML_T_TITLE: case FEED_XML_T_LINK: case FEED_XML_T_SUMMARY:
	case FEED_XML_T_SUBTITLE: case FEED_XML_T_WTITLE:
	case FEED_XML_T_WSUMMARY:
	case FEED_XML_T_LANGUAGE:
	case FEED_XML_T_PUBLISHED:
	case FEED_XML_T_UPDATED: case FEED_XML_T_LASTBUILD:
		feed_xml_capture_start(x, tag, family, atts);
		break;
	}
}

static enum feed_format
feed_xml_rss_version(const char *v)
{
	if (v == NULL)
		return FEED_RSS20;
	if (strcmp(v, "0.91") == 0)
		return FEED_RSS091;
	if (strcmp(v, "0.92") == 0)
		return FEED_RSS092;
	if (strcmp(v, "0.90") == 0 || strcmp(v, "0.9") == 0)
		return FEED_RSS090;
	if (strcmp(v, "0.93") == 0)
		return FEED_RSS093;
	if (strcmp(v, "0.94") == 0)
		return FEED_RSS094;
	return FEED_RSS20;
}

static void
feed_xml_not_a_feed(struct feed_xml *x, const char *name)
{
	unsigned long	 line, col;

	feed_xml_pos(x, &line, &col);
	dl_err_set(&x->err, "%lu:%lu: not a feed (root element <%.64s>)",
	    line, col, name);
	x->have_err = x->fatal = 1;
	XML_StopParser(x->xp, XML_FALSE);
}

static void
feed_xml_root(struct feed_xml *x, const char *name, const XML_Char **atts)
{
	const char	*local, *version = feed_xml_attr(atts, "version");
	int		 ns = feed_xml_ns_resolve(x, name, &local);

	if (ns == FEED_XML_NS_RDF && strcmp(local, "RDF") == 0) {
		x->family = FEED_XML_NS_RSS;
		x->info->format =
		    feed_xml_ns_lookup(x, "", 0) == FEED_XML_NS_RSS090
		        ? FEED_RSS090
		        : FEED_RSS10;
	} else if (strcmp(local, "rss") == 0 &&
	           (local == name || ns == FEED_XML_NS_RSS)) {
		x->family = FEED_XML_NS_RSS;
		x->info->format = feed_xml_rss_version(version);
	} else if (local == name && strcmp(name, "CHANNEL") == 0 &&
	           ns == FEED_XML_NS_NONE) {
		x->family = FEED_XML_NS_CDF;
		x->chan_depth = 1;
		x->info->format = FEED_CDF;
		feed_xml_cdf_attrs(x, atts);
	} else if (strcmp(local, "feed") == 0 &&
	           (ns == FEED_XML_NS_NONE || ns == FEED_XML_NS_ATOM ||
	            ns == FEED_XML_NS_ATOM03 || local == name)) {
		x->family = FEED_XML_NS_ATOM;
		x->chan_depth = 1;
		x->info->format = (ns == FEED_XML_NS_ATOM03 ||
		    feed_xml_streq(version, "0.3")) ? FEED_ATOM03 : FEED_ATOM10;
	} else
		feed_xml_not_a_feed(x, name);
}

void XMLCALL
feed_xml_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct feed_xml	*x = ud;
	int		 tag, family;

	x->depth++;
	if (x->skip_depth)
		return;
	if (x->cap_depth) {
		feed_xml_scope_push(x, atts);	/* an inner xml:base */
		feed_xml_capture_child_start(x, name, atts);
		return;
	}
	feed_xml_scope_push(x, atts);
	if (x->depth == 1) {
		feed_xml_root(x, name, atts);
		return;
	}
	tag = feed_xml_tag_lookup(x, name, &family);
	if (x->item_depth)
		feed_xml_item_child(x, tag, family, atts);
	else
		feed_xml_feed_child(x, tag, family, atts);
}

void XMLCALL
feed_xml_end(void *ud, const XML_Char *name)
{
	struct feed_xml	*x = ud;

	if (x->skip_depth) {
		if (x->depth == x->skip_depth)
			x->skip_depth = 0;
	} else if (x->cap_depth) {
		if (x->depth > x->cap_depth)
			feed_xml_capture_child_end(x, name);
		else
			feed_xml_capture_end(x);
	} else if (x->depth == x->item_depth)
		feed_xml_item_end(x);
	else if (x->depth == x->author_depth)
		feed_xml_author_end(x);
	else if (x->depth == x->group_depth)
		x->group_depth = 0;
	else if (x->depth == x->chan_depth && x->family == FEED_XML_NS_RSS)
		x->chan_depth = 0;
	if (x->depth == 1) {
		x->root_done = 1;
		feed_xml_raw_root_end(x);
	}
	feed_xml_scope_pop(x);
	x->depth--;
}

/* The document's external subset, or the foreign DTD we ask for: never
 * anything from the network, and nothing at all. The filter has made
 * every HTML entity of feed_entities.c numeric, so no declaration is
 * needed; an empty subset is still read, so that an entity nobody
 * declared is skipped (kept as text, feed_xml_skipped) instead of being
 * a fatal error, as expat makes it when there is no external subset.
 * (Parsing the entity sets here was 200 us per document: most of the
 * time of a small feed.) */
int XMLCALL
feed_xml_extref(XML_Parser xp, const XML_Char *context, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid)
{
	XML_Parser	 ep;
	enum XML_Status	 st;

	(void)base;
	(void)sysid;
	(void)pubid;
	if (context != NULL)
		return XML_STATUS_OK; /* external general entity: empty */
	if ((ep = XML_ExternalEntityParserCreate(xp, NULL, NULL)) == NULL)
		return XML_STATUS_ERROR;
	st = XML_Parse(ep, "", 0, 1);
	XML_ParserFree(ep);
	return st == XML_STATUS_ERROR ? XML_STATUS_ERROR : XML_STATUS_OK;
}
