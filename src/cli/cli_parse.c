/* cli_parse.c: the parse and extract subcommands. parse prints the JSON
 * of DESIGN.md ("dateline parse output"), streaming the items as the
 * parser delivers them. */
#include "config.h"

#include <errno.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__) && !defined(DL_NO_SIMD)
#include <immintrin.h>
#endif
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "feed.h"
#include "cli_int.h"

#define CLI_PARSE_CHUNK	(64u * 1024)

/* The feed-level keys, in the order of the contract. */
enum {
	CLI_PK_TITLE = 0,
	CLI_PK_LINK,
	CLI_PK_DESCRIPTION,
	CLI_PK_LANGUAGE,
	CLI_PK_UPDATED,
	CLI_PK_N
};

static const char *const cli_parse_keys[CLI_PK_N] = {
	"title", "link", "description", "language", "updated"
};

/* "YYYY-MM-DD" of the day last formatted: items of a feed come a few a
 * day, and snprintf for each date was a tenth of the JSON writer. */
struct cli_parse_day {
	int64_t	 day;
	char	 ymd[11];
};

/* Items are written in batches of about this much: a write per item
 * (through a 4 KB stdio buffer) was a write call per 4 KB. */
#define CLI_PARSE_OUT_BATCH	(64u * 1024)

struct cli_parse_out {
	FILE			*f;
	struct feed_parser	*p;
	int			 header;	/* printed */
	size_t			 nitems;
	int			 deferred[CLI_PK_N];
	struct dl_buf		 line;		/* items not yet written */
	struct cli_parse_day	 day;
};


static json_t *
cli_parse_date(int64_t t)
{
	char	 buf[DATE_RFC3339_SIZE];

	if (t == DATE_NONE || date_format_rfc3339(t, buf, sizeof buf) != 0)
		return json_null();
	return json_string(buf);
}

static json_t *
cli_parse_info_key(const struct feed_info *fi, int k)
{
	switch (k) {
	case CLI_PK_TITLE:
		return cli_json_str(fi->title);
	case CLI_PK_LINK:
		return cli_json_str(fi->link);
	case CLI_PK_DESCRIPTION:
		return cli_json_str(fi->description);
	case CLI_PK_LANGUAGE:
		return cli_json_str(fi->language);
	default:
		return cli_parse_date(fi->updated);
	}
}

/* Print obj without its closing brace (the caller continues it), and
 * without the opening one too if inner. */
static void
cli_parse_dump_open(FILE *f, json_t *obj, int inner)
{
	char	*s = cli_json_dumps(obj, JSON_PRESERVE_ORDER);
	size_t	 n, skip = inner ? 1 : 0;

	if (s == NULL)
		return;
	n = strlen(s);
	if (n > 0 && s[n - 1] == '}')
		n--;
	if (n > skip)
		fwrite(s + skip, 1, n - skip, f);
	free(s);
}

/* The feed-level keys known now; the rest wait until after the items
 * (all of them are known when defer is 0). */
static void
cli_parse_header(struct cli_parse_out *o, int defer)
{
	const struct feed_info	*fi = feed_parser_info(o->p);
	json_t			*obj = json_object(), *v;
	int			 k;

	json_object_set_new(obj, "format",
	    json_string(feed_format_name(fi->format)));
	for (k = 0; k < CLI_PK_N; k++) {
		v = cli_parse_info_key(fi, k);
		if (defer && json_is_null(v)) {
			o->deferred[k] = 1;
			json_decref(v);
		} else
			json_object_set_new(obj, cli_parse_keys[k], v);
	}
	cli_parse_dump_open(o->f, obj, 0);
	json_decref(obj);
	fputs(",\n \"items\": [\n", o->f);
	o->header = 1;
}

/* Items are written by hand: jansson's dump was half the time of a
 * parse. The bytes are the same as json_dumps(..., JSON_PRESERVE_ORDER)
 * would write (checked by the golden files, made with jansson). */
#define CLI_PARSE_SPECIAL(c)	((c) < 0x20 || (c) == '"' || (c) == '\\' || \
	(c) == 0x7f || (c) == 0xc2 || (c) == 0xe2)

#if defined(__SSE2__)
/* The bytes of the 16 at p that JSON must escape: below 0x20, '"' or
 * '\\', or that may begin a character dl_utf8_ctl names (DEL, 0xC2,
 * 0xE2), as a bit mask. */
static inline unsigned
cli_parse_mask16(const unsigned char *p)
{
	const __m128i	 lim = _mm_set1_epi8(0x1F), q = _mm_set1_epi8('"');
	const __m128i	 bs = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7f);
	const __m128i	 c2 = _mm_set1_epi8((char)0xc2);
	const __m128i	 e2 = _mm_set1_epi8((char)0xe2);
	__m128i		 v, m;

	v = _mm_loadu_si128((const __m128i *)(const void *)p);
	m = _mm_cmpeq_epi8(_mm_max_epu8(v, lim), lim);
	m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, q),
	    _mm_cmpeq_epi8(v, bs)));
	m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, del),
	    _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2))));
	return (unsigned)_mm_movemask_epi8(m);
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(DL_NO_SIMD)
#define CLI_PARSE_AVX2	1
/* cli_parse_mask16's bytes, 32 at a time where the CPU has AVX2: the
 * first of [p, end), or where fewer than 32 are left. */
__attribute__((target("avx2")))
static const unsigned char *
cli_parse_scan32(const unsigned char *p, const unsigned char *end)
{
	const __m256i	 lim = _mm256_set1_epi8(0x1F);
	const __m256i	 q = _mm256_set1_epi8('"');
	const __m256i	 bs = _mm256_set1_epi8('\\');
	const __m256i	 del = _mm256_set1_epi8(0x7f);
	const __m256i	 c2 = _mm256_set1_epi8((char)0xc2);
	const __m256i	 e2 = _mm256_set1_epi8((char)0xe2);
	__m256i		 v, m;
	unsigned	 bits;

	for (; end - p >= 32; p += 32) {
		v = _mm256_loadu_si256((const __m256i *)(const void *)p);
		m = _mm256_cmpeq_epi8(_mm256_max_epu8(v, lim), lim);
		m = _mm256_or_si256(m, _mm256_or_si256(
		    _mm256_cmpeq_epi8(v, q), _mm256_cmpeq_epi8(v, bs)));
		m = _mm256_or_si256(m, _mm256_or_si256(
		    _mm256_cmpeq_epi8(v, del), _mm256_or_si256(
		    _mm256_cmpeq_epi8(v, c2), _mm256_cmpeq_epi8(v, e2))));
		if ((bits = (unsigned)_mm256_movemask_epi8(m)) != 0)
			return p + __builtin_ctz(bits);
	}
	return p;
}
#endif

/* The first byte in [p, end) to escape (see cli_parse_mask16), 32 or 16
 * at a time; the last few bytes of a string of 16 or more (from start)
 * are read again with the 16 before end, not one at a time. */
static const unsigned char *
cli_parse_scan(const unsigned char *start, const unsigned char *p,
    const unsigned char *end)
{
	unsigned	 bits;

#ifdef CLI_PARSE_AVX2
	if (end - p >= 32 && __builtin_cpu_supports("avx2") &&
	    end - (p = cli_parse_scan32(p, end)) >= 32)
		return p;
#endif

	for (; end - p >= 16; p += 16)
		if ((bits = cli_parse_mask16(p)) != 0)
			return p + __builtin_ctz(bits);
	if (p < end && end - start >= 16) {
		bits = cli_parse_mask16(end - 16) >> (16 - (end - p));
		return bits != 0 ? p + __builtin_ctz(bits) : end;
	}
	while (p < end && !CLI_PARSE_SPECIAL(*p))
		p++;
	return p;
}
#else
/* Nonzero if a byte of v is below 0x20, '"' or '\\', or DEL, 0xC2 or
 * 0xE2 (SWAR). */
static uint64_t
cli_parse_word_special(uint64_t v)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	uint64_t	 q = v ^ (ones * '"'), bs = v ^ (ones * '\\'), r;
	uint64_t	 d = v ^ (ones * 0x7f), c2 = v ^ (ones * 0xc2);
	uint64_t	 e2 = v ^ (ones * 0xe2);

	r = (v - ones * 0x20) & ~v;
	r |= (q - ones) & ~q;
	r |= (bs - ones) & ~bs;
	r |= (d - ones) & ~d;
	r |= (c2 - ones) & ~c2;
	r |= (e2 - ones) & ~e2;
	return r & 0x8080808080808080ULL;
}

static const unsigned char *
cli_parse_scan(const unsigned char *start, const unsigned char *p,
    const unsigned char *end)
{
	uint64_t	 w;

	(void)start;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		if (cli_parse_word_special(w))
			break;
		p += 8;
	}
	while (p < end && !CLI_PARSE_SPECIAL(*p))
		p++;
	return p;
}
#endif

/* dl_buf_add, inline while it fits: put_str appends in small pieces. */
static inline void
cli_parse_add(struct dl_buf *b, const void *p, size_t n)
{
	if (n < b->size - b->len && n <= b->cap - b->len) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	dl_buf_add(b, p, n);
}

/* A string constant: inlined, its strlen is folded. */
static inline void
cli_parse_lit(struct dl_buf *b, const char *s)
{
	cli_parse_add(b, s, strlen(s));
}

/* The escape of c: below 0x20, '"' or '\\'. */
static void
cli_parse_put_esc(struct dl_buf *b, unsigned char c)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			 esc[8] = "\\u00";

	switch (c) {
	case '"': cli_parse_add(b, "\\\"", 2); break;
	case '\\': cli_parse_add(b, "\\\\", 2); break;
	case '\n': cli_parse_add(b, "\\n", 2); break;
	case '\t': cli_parse_add(b, "\\t", 2); break;
	case '\r': cli_parse_add(b, "\\r", 2); break;
	case '\b': cli_parse_add(b, "\\b", 2); break;
	case '\f': cli_parse_add(b, "\\f", 2); break;
	default:
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 0xF];
		cli_parse_add(b, esc, 6);
	}
}

static void
cli_parse_put_str(struct dl_buf *b, const char *s)
{
	const unsigned char	*p, *run, *end;
	uint32_t		 cp;
	size_t			 k;

	if (s == NULL) {
		dl_buf_add(b, "null", 4);
		return;
	}
	/* The parser hands out valid UTF-8 only; only these need work. */
	cli_parse_add(b, "\"", 1);
	p = run = (const unsigned char *)s;
	end = p + strlen(s);
	for (;; p++) {
		if ((p = cli_parse_scan((const unsigned char *)s, p,
		    end)) >= end)
			break;
		if (*p >= 0x7f) {
			if ((k = dl_utf8_ctl((const char *)p,
			    (size_t)(end - p), &cp)) == 0)
				continue;
			cli_parse_add(b, run, (size_t)(p - run));
			dl_buf_addf(b, "\\u%04X", (unsigned int)cp);
			p += k - 1;
			run = p + 1;
			continue;
		}
		cli_parse_add(b, run, (size_t)(p - run));
		run = p + 1;
		cli_parse_put_esc(b, *p);
	}
	cli_parse_add(b, run, (size_t)(p - run));
	cli_parse_add(b, "\"", 1);
}

static inline void
cli_parse_put_key(struct dl_buf *b, const char *key, const char *s)
{
	cli_parse_lit(b, key);
	cli_parse_put_str(b, s);
}

static void
cli_parse_put_2d(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

static void
cli_parse_put_date(struct dl_buf *b, struct cli_parse_day *c,
    const char *key, int64_t t)
{
	char	 buf[DATE_RFC3339_SIZE];
	int64_t	 day, secs;

	if (t == DATE_NONE) {
		cli_parse_put_key(b, key, NULL);
		return;
	}
	day = t / 86400 - (t % 86400 < 0);
	secs = t - day * 86400;
	if (c->ymd[0] == '\0' || c->day != day) {
		/* date_ owns the calendar and the range */
		if (date_format_rfc3339(t, buf, sizeof buf) != 0) {
			cli_parse_put_key(b, key, NULL);
			return;
		}
		memcpy(c->ymd, buf, 10);
		c->day = day;
	}
	/* a day date_ formatted is inside its range: "YYYY-MM-DD" */
	memcpy(buf, c->ymd, 10);
	buf[10] = 'T';
	cli_parse_put_2d(buf + 11, (int)(secs / 3600));
	buf[13] = ':';
	cli_parse_put_2d(buf + 14, (int)(secs / 60 % 60));
	buf[16] = ':';
	cli_parse_put_2d(buf + 17, (int)(secs % 60));
	buf[19] = 'Z';
	buf[20] = '\0';
	cli_parse_put_key(b, key, buf);
}

static void
cli_parse_put_lists(struct dl_buf *b, const struct feed_item *it)
{
	const struct feed_enclosure *e;
	size_t	 i;

	cli_parse_lit(b, ", \"categories\": [");
	for (i = 0; i < it->ncategories; i++) {
		if (i > 0)
			dl_buf_add(b, ", ", 2);
		cli_parse_put_str(b, it->categories[i]);
	}
	cli_parse_lit(b, "], \"enclosures\": [");
	for (i = 0; i < it->nenclosures; i++) {
		e = &it->enclosures[i];
		dl_buf_adds(b, i > 0 ? ", {\"url\": " : "{\"url\": ");
		cli_parse_put_str(b, e->url);
		cli_parse_put_key(b, ", \"type\": ", e->type);
		if (e->length < 0)
			cli_parse_lit(b, ", \"length\": null}");
		else
			dl_buf_addf(b, ", \"length\": %lld}",
			    (long long)e->length);
	}
	cli_parse_lit(b, "]}");
}

/* Write the items gathered in o->line. */
static void
cli_parse_out_flush(struct cli_parse_out *o)
{
	if (o->line.len > 0)
		fwrite(o->line.data, 1, o->line.len, o->f);
	dl_buf_reset(&o->line);
}

static void
cli_parse_on_item(void *ctx, const struct feed_item *it)
{
	struct cli_parse_out	*o = ctx;
	struct dl_buf		*b = &o->line;

	if (!o->header)
		cli_parse_header(o, 1);
	if (o->nitems++ > 0)
		dl_buf_add(b, ",\n", 2);
	cli_parse_put_key(b, "{\"id\": ", it->id);
	cli_parse_put_key(b, ", \"title\": ", it->title);
	cli_parse_put_key(b, ", \"link\": ", it->link);
	cli_parse_put_key(b, ", \"author\": ", it->author);
	cli_parse_put_date(b, &o->day, ", \"published\": ", it->published);
	cli_parse_put_date(b, &o->day, ", \"updated\": ", it->updated);
	cli_parse_put_key(b, ", \"summary\": ", it->summary);
	cli_parse_put_key(b, ", \"content\": ", it->content);
	cli_parse_put_lists(b, it);
	if (b->len >= CLI_PARSE_OUT_BATCH)
		cli_parse_out_flush(o);
}

/* Close the items array, with the keys that were not known before it. */
static void
cli_parse_footer(struct cli_parse_out *o)
{
	const struct feed_info	*fi = feed_parser_info(o->p);
	json_t			*obj = json_object();
	int			 k, any = 0;

	cli_parse_out_flush(o);
	if (!o->header)
		cli_parse_header(o, 0);
	else if (o->nitems > 0)
		fputc('\n', o->f);
	fputc(']', o->f);
	for (k = 0; k < CLI_PK_N; k++) {
		if (!o->deferred[k])
			continue;
		json_object_set_new(obj, cli_parse_keys[k],
		    cli_parse_info_key(fi, k));
		any = 1;
	}
	if (any) {
		fputs(", ", o->f);
		cli_parse_dump_open(o->f, obj, 1);
	}
	fputs("}\n", o->f);
	json_decref(obj);
}

/* "dateline: FILE:LINE:COL: warning: reason" from "LINE:COL: reason". */
static void
cli_parse_warning(const char *path, const char *msg)
{
	const char	*p = msg;
	int		 colons = 0;

	while (*p != '\0' && colons < 2)
		if (*p++ == ':')
			colons++;
	if (colons < 2)
		cli_warn("%s: warning: %s", path, msg);
	else
		cli_warn("%s:%.*s warning:%s", path, (int)(p - msg), msg, p);
}

/* Feed the whole of in to the parser; -1 (reported) on a read error. */
static int
cli_parse_read(struct feed_parser *p, FILE *in, const char *name)
{
	char	*buf = dl_malloc(CLI_PARSE_CHUNK);
	size_t	 n;
	int	 rc = 0;

	while ((n = fread(buf, 1, CLI_PARSE_CHUNK, in)) > 0)
		if (feed_parser_feed(p, buf, n) < 0)
			break;
	if (ferror(in)) {
		cli_warn("%s: %s", name, strerror(errno));
		rc = -1;
	}
	free(buf);
	return rc;
}

static int
cli_parse_file(const char *path, const char *base, const char *charset)
{
	struct feed_callbacks	 cb = { NULL, cli_parse_on_item };
	struct cli_parse_out	 o = { 0 };
	struct dl_err		 err;
	enum feed_result	 r;
	FILE			*in = stdin;
	int			 rc = CLI_FAIL;

	if (strcmp(path, "-") != 0 && (in = fopen(path, "rb")) == NULL) {
		cli_warn("%s: %s", path, strerror(errno));
		return CLI_FAIL;
	}
	o.f = stdout;
	dl_buf_init(&o.line, DL_BUF_CAP_DEFAULT);
	o.p = feed_parser_new(&cb, &o, base, charset);
	if (cli_parse_read(o.p, in, path) < 0) {
		cli_parse_out_flush(&o);
		goto out;
	}
	r = feed_parser_finish(o.p, &err);
	cli_parse_out_flush(&o);
	if (r == FEED_FAILED) {
		cli_warn("%s:%s", path, err.msg);
		goto out;
	}
	cli_parse_footer(&o);
	if (fflush(stdout) != 0) {
		cli_warn("stdout: %s", strerror(errno));
		goto out;
	}
	if (r == FEED_RECOVERED)
		cli_parse_warning(path, err.msg);
	rc = CLI_OK;
out:
	feed_parser_free(o.p);
	dl_buf_clear(&o.line);
	if (in != stdin)
		fclose(in);
	return rc;
}

int
cli_cmd_parse(struct cli_ctx *cx)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "charset", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*base = NULL, *charset = NULL;
	int		 c;

	while ((c = cli_getopt(cx, "", longopts)) != -1) {
		if (c == 'u')
			base = optarg;
		else if (c == 'c')
			charset = optarg;
		else
			return CLI_USAGE;
	}
	if (optind != cx->argc - 1)
		return cli_usage_error(cx, "expected one FILE (or - for "
		    "standard input)");
	return cli_parse_file(cx->argv[optind], base, charset);
}

/* The extract subcommand, below: its includes sit here so that the parse
 * code above stays as it is. */
#include "extract.h"
#include "render.h"

#define CLI_EXTRACT_MAX	(64u * 1024 * 1024)

/* The whole of FILE (or stdin for "-"); NULL (reported) on error. */
static char *
cli_extract_slurp(const char *path, size_t *len)
{
	struct dl_buf	 b;
	FILE		*in = stdin;
	char		 chunk[CLI_PARSE_CHUNK / 4];
	size_t		 n;
	int		 bad = 0;

	if (strcmp(path, "-") != 0 && (in = fopen(path, "rb")) == NULL) {
		cli_warn("extract: %s: %s", path, strerror(errno));
		return NULL;
	}
	dl_buf_init(&b, CLI_EXTRACT_MAX);
	while (!bad && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
		bad = dl_buf_add(&b, chunk, n) < 0;
	if (bad || ferror(in)) {
		cli_warn("extract: %s: %s", path, bad ? "larger than 64 MB" :
		    strerror(errno));
		dl_buf_clear(&b);
		if (in != stdin)
			fclose(in);
		return NULL;
	}
	if (in != stdin)
		fclose(in);
	*len = b.len;
	return dl_buf_take(&b);
}

static void
cli_extract_json_set(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v != NULL ? json_string(v) : json_null());
}

static int
cli_extract_json(const struct extract_result *r)
{
	json_t	*o = json_object();
	char	*s;
	int	 rc;

	cli_extract_json_set(o, "title", r->title);
	cli_extract_json_set(o, "byline", r->byline);
	cli_extract_json_set(o, "published", r->published);
	cli_extract_json_set(o, "site_name", r->site_name);
	cli_extract_json_set(o, "lang", r->lang);
	cli_extract_json_set(o, "excerpt", r->excerpt);
	cli_extract_json_set(o, "text", r->text);
	s = cli_json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	rc = s != NULL && printf("%s\n", s) >= 0 ? 0 : -1;
	free(s);
	return rc;
}

/* One header line, cleaned for the terminal; nothing when v is NULL. */
static void
cli_extract_header(const char *prefix, const char *v)
{
	char	*c;

	if (v == NULL)
		return;
	c = render_clean(v);
	printf("%s%s\n", prefix, c);
	free(c);
}

static int
cli_extract_plain(const struct extract_result *r, const char *base)
{
	char	*body;

	cli_extract_header("", r->title);
	cli_extract_header("By ", r->byline);
	cli_extract_header("", r->published);
	cli_extract_header("", r->site_name);
	if (r->html == NULL)
		return 0;
	body = render_html_to_text(r->html, base, 80);
	printf("\n%s", body);
	free(body);
	return 0;
}

static int
cli_extract_file(const struct cli_ctx *cx, const char *path,
    struct extract_opts *o, int json)
{
	struct extract_result	*r;
	char			*page;
	size_t			 len;
	int			 rc = CLI_OK;

	if ((page = cli_extract_slurp(path, &len)) == NULL)
		return CLI_FAIL;
	o->rules = cli_read_rules(cx);
	r = extract_page(page, len, o);
	free(page);
	if (json ? cli_extract_json(r) : cli_extract_plain(r, o->url))
		rc = CLI_FAIL;
	if (fflush(stdout) != 0) {
		cli_warn("extract: stdout: %s", strerror(errno));
		rc = CLI_FAIL;
	}
	if (r->markup > 0)
		cli_warn("extract: %s: page too large: %.1f MB of markup, "
		    "article taken from the first 1 MB", path,
		    (double)r->markup / 1e6);
	if (r->status == EXTRACT_NONE) {
		cli_err(cx, "%s: no article found (%zu paragraphs, %zu "
		    "characters of text)", path, r->nparas, r->nchars);
		rc = CLI_FAIL;
	}
	extract_rules_free((struct extract_rules *)o->rules);
	extract_result_free(r);
	return rc;
}

int
cli_cmd_extract(struct cli_ctx *cx)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "charset", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct extract_opts	 o = { NULL, NULL, NULL };
	int			 c, json = 0;

	while ((c = cli_getopt(cx, "", longopts)) != -1) {
		if (c == 'u')
			o.url = optarg;
		else if (c == 'c')
			o.charset = optarg;
		else if (c == 'j')
			json = 1;
		else
			return CLI_USAGE;
	}
	if (optind != cx->argc - 1)
		return cli_usage_error(cx, "expected one FILE (or - for "
		    "standard input)");
	return cli_extract_file(cx, cx->argv[optind], &o, json);
}
