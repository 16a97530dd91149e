/* feed.c: the feed_ module's front: format names, the lifecycle of items
 * and feed metadata, and the streaming parser driver that sniffs the
 * format (XML or JSON) and the encoding (BOM, XML declaration, the
 * caller's hint, UTF-8), converts to UTF-8 and feeds the XML reader as
 * bytes arrive, or buffers a JSON Feed for the JSON reader. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "feed_int.h"

/* How much of the start we look at before choosing the encoding. */
#define FEED_SNIFF_MAX	4096
/* Conversion goes in pieces of this size, to bound the UTF-8 buffer. */
#define FEED_PIECE	(64u * 1024)

enum feed_state {
	FEED_S_SNIFF = 0,
	FEED_S_XML,
	FEED_S_JSON,
	FEED_S_DONE
};

struct feed_parser {
	struct feed_callbacks	 cb;
	void			*ctx;
	char			*base_url;
	char			*charset;
	enum feed_state		 state;
	struct dl_buf		 head;		/* the start, until we choose */
	struct dl_buf		 utf8;		/* one converted piece */
	struct dl_buf		 json;		/* a whole JSON Feed */
	struct charset_conv	*conv;
	int			 direct;	/* UTF-8: no conversion */
	struct feed_xml		*xml;
	struct feed_info	 info;
	size_t			 count;
	int			 have_warn;
	char			 warn[256];	/* about the encoding */
	int			 failed;
	int			 no_raw;	/* tests: the filter alone */
	struct dl_err		 err;
	enum feed_result	 result;
};

static const char *const feed_format_names[] = {
	[FEED_FORMAT_UNKNOWN] = "unknown",
	[FEED_RSS090] = "rss0.90",
	[FEED_RSS091] = "rss0.91",
	[FEED_RSS092] = "rss0.92",
	[FEED_RSS20] = "rss2.0",
	[FEED_RSS10] = "rss1.0",
	[FEED_ATOM03] = "atom0.3",
	[FEED_ATOM10] = "atom1.0",
	[FEED_JSON10] = "json1.0",
	[FEED_JSON11] = "json1.1",
	[FEED_RSS093] = "rss0.93",
	[FEED_RSS094] = "rss0.94",
	[FEED_CDF] = "cdf",
};

const char *
feed_format_name(enum feed_format f)
{
	if ((size_t)f >= sizeof feed_format_names / sizeof feed_format_names[0])
		return "unknown";
	return feed_format_names[f];
}

void
feed_item_clear(struct feed_item *it)
{
	size_t	 i;

	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	for (i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (i = 0; i < it->nenclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	memset(it, 0, sizeof *it);
	it->published = DATE_NONE;
	it->updated = DATE_NONE;
}

void
feed_info_clear(struct feed_info *fi)
{
	free(fi->title);
	free(fi->link);
	free(fi->description);
	free(fi->language);
	memset(fi, 0, sizeof *fi);
	fi->updated = DATE_NONE;
}

char *
feed_html_text(const char *html)
{
	return feed_text_plain(html, strlen(html));
}

struct feed_parser *
feed_parser_new(const struct feed_callbacks *cb, void *ctx,
    const char *base_url, const char *charset)
{
	struct feed_parser	*p = dl_calloc(1, sizeof *p);

	if (cb != NULL)
		p->cb = *cb;
	p->ctx = ctx;
	p->base_url = base_url != NULL ? dl_strdup(base_url) : NULL;
	p->charset = charset != NULL ? dl_strdup(charset) : NULL;
	dl_buf_init(&p->head, FEED_SNIFF_MAX);
	dl_buf_init(&p->utf8, DL_BUF_CAP_DEFAULT);
	dl_buf_init(&p->json, FEED_JSON_MAX);
	feed_info_clear(&p->info);
	return p;
}

void
feed_parser_free(struct feed_parser *p)
{
	if (p == NULL)
		return;
	feed_xml_free(p->xml);
	charset_conv_free(p->conv);
	dl_buf_clear(&p->head);
	dl_buf_clear(&p->utf8);
	dl_buf_clear(&p->json);
	feed_info_clear(&p->info);
	free(p->base_url);
	free(p->charset);
	free(p);
}

const struct feed_info *
feed_parser_info(const struct feed_parser *p)
{
	return &p->info;
}

size_t
feed_parser_count(const struct feed_parser *p)
{
	return p->count;
}

void
feed_parser_set_raw(struct feed_parser *p, int on)
{
	p->no_raw = !on;
	if (p->xml != NULL)
		feed_xml_set_raw(p->xml, on);
}

int
feed_parser_raw_used(const struct feed_parser *p)
{
	return p->xml != NULL && feed_xml_raw_used(p->xml);
}

static size_t
feed_skip_space(const unsigned char *h, size_t n, size_t i)
{
	while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\n' ||
	    h[i] == '\r'))
		i++;
	return i;
}

/* 1 if the start has non-ASCII bytes and all of it is valid UTF-8 (but
 * for a sequence cut off at the end). */
static int
feed_looks_utf8(const unsigned char *h, size_t n)
{
	size_t	 i;
	int	 trunc;

	for (i = 0; i < n && h[i] < 0x80; i++)
		;
	if (i == n)
		return 0;
	if ((i += dl_utf8_span((const char *)h + i, n - i, 0)) == n)
		return 1;
	return dl_utf8_bad((const char *)h + i, n - i, &trunc) > 0 && trunc;
}

static void
feed_warn(struct feed_parser *p, const char *fmt, const char *label)
{
	if (p->have_warn)
		return;
	p->have_warn = 1;
	snprintf(p->warn, sizeof p->warn, fmt, label);
}

/* The encoding an XML declaration names, checked against the bytes. */
static const char *
feed_declared(struct feed_parser *p, const unsigned char *h, size_t n,
    const char *label)
{
	const char	*canon = charset_canonical(label);
	struct charset_conv *c;

	if (canon == NULL || (c = charset_conv_new(label)) == NULL) {
		feed_warn(p, "1:1: unknown encoding '%.64s', read as UTF-8",
		    label);
		return "UTF-8";
	}
	charset_conv_free(c);
	if (dl_strncaseeq(canon, "UTF-16", 6) && n >= 2 && h[0] != 0 &&
	    h[1] != 0) {
		feed_warn(p, "1:1: document declared as '%.64s' is 8-bit; "
		    "read as UTF-8", label);
		return "UTF-8";
	}
	if (!dl_strcaseeq(canon, "UTF-8") && feed_looks_utf8(h, n)) {
		feed_warn(p, "1:1: document declared as '%.64s' is UTF-8; "
		    "read as UTF-8", label);
		return "UTF-8";
	}
	return label;
}

/* BOM, then the XML declaration, then the caller's hint, then UTF-8. */
static const char *
feed_encoding(struct feed_parser *p, const unsigned char *h, size_t n,
    char *label, size_t size)
{
	const char	*bom;
	size_t		 bomlen, ws;

	if ((bom = charset_sniff_bom(h, n, &bomlen)) != NULL)
		return bom;
	ws = feed_skip_space(h, n, 0);
	if (charset_sniff_xml(h + ws, n - ws, label, size) == 0)
		return feed_declared(p, h, n, label);
	if (p->charset == NULL || feed_looks_utf8(h, n))
		return "UTF-8";
	if (charset_canonical(p->charset) == NULL) {
		feed_warn(p, "1:1: unknown encoding '%.64s', read as UTF-8",
		    p->charset);
		return "UTF-8";
	}
	return p->charset;
}

/* UTF-8 goes to the XML reader as it is (its filter checks the UTF-8 in
 * the same scan); other encodings are converted a piece at a time. */
static int
feed_push_xml(struct feed_parser *p, const char *s, size_t n)
{
	const char	*piece;
	size_t		 k, len;

	while (n > 0) {
		k = n > FEED_PIECE ? FEED_PIECE : n;
		piece = s;
		len = k;
		if (!p->direct) {
			dl_buf_reset(&p->utf8);
			charset_conv_feed(p->conv, s, k, &p->utf8);
			piece = p->utf8.data;
			len = p->utf8.len;
		}
		if (len > 0 && feed_xml_feed(p->xml, piece, len) < 0)
			return -1;
		s += k;
		n -= k;
	}
	return 0;
}

static int
feed_push(struct feed_parser *p, const char *s, size_t n)
{
	if (p->state == FEED_S_XML)
		return feed_push_xml(p, s, n);
	if (dl_buf_add(&p->json, s, n) == 0)
		return 0;
	p->failed = 1;
	dl_err_set(&p->err, "1:1: JSON document larger than %u MB",
	    FEED_JSON_MAX / (1024 * 1024));
	return -1;
}

/* Enough of the start to choose: the end of the XML declaration (or of
 * the first tag), the first byte of a JSON document, or the cap. */
static int
feed_sniff_ready(const struct feed_parser *p)
{
	const unsigned char	*h = (const unsigned char *)p->head.data;
	size_t			 n = p->head.len, i;

	if (n >= FEED_SNIFF_MAX)
		return 1;
	if (n == 0)
		return 0;
	i = feed_skip_space(h, n, n >= 3 && h[0] == 0xEF ? 3 : 0);
	return (i < n && h[i] == '{') || memchr(h, '>', n) != NULL;
}

static int
feed_decide(struct feed_parser *p)
{
	const unsigned char	*h = (const unsigned char *)dl_buf_str(&p->head);
	size_t			 n = p->head.len, bomlen = 0, i;
	const char		*bom, *enc;
	char			 label[64];

	bom = charset_sniff_bom(h, n, &bomlen);
	i = feed_skip_space(h, n, bomlen);
	if ((bom == NULL || bomlen == 3) && i < n && h[i] == '{') {
		p->state = FEED_S_JSON;
		return feed_push(p, (const char *)h + bomlen, n - bomlen);
	}
	enc = feed_encoding(p, h, n, label, sizeof label);
	if ((p->conv = charset_conv_new(enc)) == NULL)
		p->conv = charset_conv_new("UTF-8");
	p->direct = strcmp(charset_conv_name(p->conv), "UTF-8") == 0;
	p->xml = feed_xml_new(&p->cb, p->ctx, p->base_url, &p->info,
	    &p->count);
	if (p->no_raw)
		feed_xml_set_raw(p->xml, 0);
	p->state = FEED_S_XML;
	return feed_push(p, (const char *)h + bomlen, n - bomlen);
}

int
feed_parser_feed(struct feed_parser *p, const void *buf, size_t len)
{
	const char	*s = buf;
	size_t		 k;

	if (p->failed || p->state == FEED_S_DONE)
		return -1;
	if (p->state == FEED_S_SNIFF) {
		k = FEED_SNIFF_MAX - p->head.len;
		k = k > len ? len : k;
		dl_buf_add(&p->head, s, k);
		s += k;
		len -= k;
		if (!feed_sniff_ready(p))
			return 0;
		if (feed_decide(p) < 0) {
			p->failed = 1;
			return -1;
		}
	}
	if (len > 0 && feed_push(p, s, len) < 0) {
		p->failed = 1;
		return -1;
	}
	return 0;
}

static enum feed_result
feed_finish_xml(struct feed_parser *p, struct dl_err *err)
{
	dl_buf_reset(&p->utf8);
	if (!p->direct)
		charset_conv_finish(p->conv, &p->utf8);
	if (p->utf8.len > 0)
		feed_xml_feed(p->xml, p->utf8.data, p->utf8.len);
	return feed_xml_finish(p->xml, p->have_warn ? p->warn : NULL, err);
}

enum feed_result
feed_parser_finish(struct feed_parser *p, struct dl_err *err)
{
	struct dl_err	 e;

	if (p->state == FEED_S_DONE)
		goto out;
	e.msg[0] = '\0';
	if (p->state == FEED_S_SNIFF && p->head.len == 0) {
		p->failed = 1;
		dl_err_set(&p->err, "1:1: empty document");
	} else if (p->state == FEED_S_SNIFF)
		feed_decide(p);
	if (p->failed && p->state != FEED_S_XML) {
		p->result = FEED_FAILED;
		e = p->err;
	} else if (p->state == FEED_S_XML)
		p->result = feed_finish_xml(p, &e);
	else
		p->result = feed_json_parse(dl_buf_str(&p->json), p->json.len,
		    p->base_url, &p->cb, p->ctx, &p->info, &p->count, &e);
	p->err = e;
	p->state = FEED_S_DONE;
out:
	if (err != NULL && p->result != FEED_OK)
		*err = p->err;
	return p->result;
}
