/* fuzz_feed.c: libFuzzer target for the feed_ parser (include/feed.h): any
 * bytes, fed in chunks of several sizes with an optional outside charset,
 * must parse or fail cleanly, hand out only valid UTF-8, and leave no
 * sanitizer report; and it must read the same (items, feed info, result,
 * message) with raw reading (feed_xml_raw.c) as with the filter alone.
 *
 * Build with clang; libdateline.a must be built with the same compiler and
 * sanitizers, and -fsanitize=fuzzer-no-link gives it coverage counters
 * (without it only this file is instrumented: 111 edges instead of 575
 * with a stub parser, and the fuzzer is blind). -fno-sanitize-recover=all
 * turns UBSan reports into crashes libFuzzer stops on:
 *
 *   mkdir build-fuzz && cd build-fuzz && ../configure --enable-fuzzing \
 *     CC=clang CFLAGS="-g -O1 -fno-omit-frame-pointer \
 *     -fsanitize=address,undefined -fno-sanitize-recover=all \
 *     -fsanitize=fuzzer-no-link" \
 *     LDFLAGS="-fsanitize=address,undefined" && make
 *
 * Run (seeded with the fixtures; new inputs go to corpus/, crashes to
 * ./crash-*, leaks to ./leak-*):
 *
 *   mkdir -p corpus && tests/fuzz/fuzz_feed -max_total_time=600 \
 *     -max_len=65536 -rss_limit_mb=2048 \
 *     -dict=../tests/fuzz/feed.dict corpus ../tests/data/feed
 *
 * The input is the document itself, so fixtures are good seeds: its first
 * byte also picks the chunk size and its last byte the charset hint. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "fuzz_utf8.h"
#include "feed.h"
#include "feed/feed_int.h"

/* Bigger inputs add time, not coverage. */
#define FUZZ_FEED_MAX	(1024u * 1024)

struct fuzz_feed_ctx {
	size_t	 items;		/* on_item calls */
	size_t	 infos;		/* on_info calls */
	size_t	 sum;		/* lengths read, so nothing is optimized out */
	uint64_t hash;		/* of all that was handed out (FNV-1a) */
};

/* Mix s (NULL too) into the hash, with an end mark. */
static void
fuzz_feed_mix(struct fuzz_feed_ctx *ctx, const char *s)
{
	const unsigned char	*p = (const unsigned char *)(s != NULL ? s :
				     "\001");

	for (; *p != '\0'; p++)
		ctx->hash = (ctx->hash ^ *p) * 0x100000001b3ULL;
	ctx->hash = (ctx->hash ^ 0xff) * 0x100000001b3ULL;
}

static void
fuzz_feed_mix_num(struct fuzz_feed_ctx *ctx, long long v)
{
	char	 num[32];

	snprintf(num, sizeof num, "%lld", v);
	fuzz_feed_mix(ctx, num);
}

/* Chunk sizes: 0 means the whole input in one call. */
static const size_t fuzz_feed_chunks[] = { 0, 1, 2, 3, 7, 64, 509, 4096 };

/* Outside encodings (HTTP header, --charset); NULL most often. */
static const char *const fuzz_feed_charsets[] = {
	NULL, NULL, NULL, NULL, "utf-8", "ISO-8859-1", "windows-1252",
	"Shift_JIS", "EUC-KR", "GB18030", "Big5", "KOI8-R", "UTF-16LE",
	"ISO-2022-JP", "x-no-such-charset", ""
};

#define FUZZ_FEED_NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* Abort if the parser broke a promise of feed.h. */
static void
fuzz_feed_promise(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_feed: broken promise: %s\n", what);
		abort();
	}
}

static void
fuzz_feed_on_info(void *arg, const struct feed_info *fi)
{
	struct fuzz_feed_ctx	*ctx = arg;

	ctx->infos++;
	fuzz_feed_promise(ctx->infos == 1, "on_info called once");
	ctx->sum += strlen(feed_format_name(fi->format));
	ctx->sum += fuzz_utf8("feed title", fi->title);
	ctx->sum += fuzz_utf8("feed link", fi->link);
	ctx->sum += fuzz_utf8("feed description", fi->description);
	ctx->sum += fuzz_utf8("feed language", fi->language);
	ctx->sum += (size_t)fi->updated;
	fuzz_feed_mix(ctx, fi->title);
	fuzz_feed_mix(ctx, fi->link);
	fuzz_feed_mix(ctx, fi->description);
	fuzz_feed_mix(ctx, fi->language);
	fuzz_feed_mix_num(ctx, (long long)fi->updated);
}

static void
fuzz_feed_on_item(void *arg, const struct feed_item *it)
{
	struct fuzz_feed_ctx	*ctx = arg;
	char			*text;
	size_t			 i;

	ctx->items++;
	fuzz_feed_promise(ctx->infos == 1, "on_info before the first item");
	ctx->sum += fuzz_utf8("item id", it->id);
	ctx->sum += fuzz_utf8("item title", it->title);
	ctx->sum += fuzz_utf8("item link", it->link);
	ctx->sum += fuzz_utf8("item author", it->author);
	ctx->sum += fuzz_utf8("item summary", it->summary);
	ctx->sum += fuzz_utf8("item content", it->content);
	ctx->sum += (size_t)it->published + (size_t)it->updated;
	fuzz_feed_mix(ctx, it->id);
	fuzz_feed_mix(ctx, it->title);
	fuzz_feed_mix(ctx, it->link);
	fuzz_feed_mix(ctx, it->author);
	fuzz_feed_mix(ctx, it->summary);
	fuzz_feed_mix(ctx, it->content);
	fuzz_feed_mix_num(ctx, (long long)it->published);
	fuzz_feed_mix_num(ctx, (long long)it->updated);
	for (i = 0; i < it->ncategories; i++) {
		ctx->sum += fuzz_utf8("category", it->categories[i]);
		fuzz_feed_mix(ctx, it->categories[i]);
	}
	for (i = 0; i < it->nenclosures; i++) {
		ctx->sum += fuzz_utf8("enclosure url",
		    it->enclosures[i].url);
		ctx->sum += fuzz_utf8("enclosure type",
		    it->enclosures[i].type);
		ctx->sum += (size_t)it->enclosures[i].length;
		fuzz_feed_mix(ctx, it->enclosures[i].url);
		fuzz_feed_mix(ctx, it->enclosures[i].type);
		fuzz_feed_mix_num(ctx, (long long)it->enclosures[i].length);
	}
	/* The cache indexes summaries through this: fuzz it on real HTML. */
	if (it->summary != NULL) {
		text = feed_html_text(it->summary);
		ctx->sum += fuzz_utf8("feed_html_text", text);
		free(text);
	}
}

/* Feed buf[0..len) in chunks of the given size; 0 means all at once. */
static void
fuzz_feed_chunked(struct feed_parser *p, const char *buf, size_t len,
    size_t chunk)
{
	size_t	 off, n;

	if (chunk == 0)
		chunk = len;
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		if (feed_parser_feed(p, buf + off, n) == -1) {
			/* Once it has given up, more input must do nothing. */
			feed_parser_feed(p, buf, len < 16 ? len : 16);
			return;
		}
	}
}

/* One parse of buf[0..len), with raw reading (feed_xml_raw.c) or the
 * filter alone. */
static void
fuzz_feed_run(struct fuzz_feed_ctx *ctx, const char *buf, size_t len,
    int raw)
{
	static const struct feed_callbacks cb = {
		fuzz_feed_on_info, fuzz_feed_on_item
	};
	struct feed_parser	*p;
	struct dl_err		 err;
	enum feed_result	 r;
	size_t			 chunk;
	const char		*charset;

	chunk = fuzz_feed_chunks[len > 0 ? (unsigned char)buf[0] %
	    FUZZ_FEED_NITEMS(fuzz_feed_chunks) : 0];
	charset = fuzz_feed_charsets[len > 0 ? (unsigned char)buf[len - 1] %
	    FUZZ_FEED_NITEMS(fuzz_feed_charsets) : 0];
	p = feed_parser_new(&cb, ctx, len % 3 == 0 ?
	    "https://example.com/feeds/index.xml" : NULL, charset);
	feed_parser_set_raw(p, raw);
	fuzz_feed_chunked(p, buf, len, chunk);
	memset(&err, 0, sizeof err);
	if ((r = feed_parser_finish(p, &err)) != FEED_OK)
		ctx->sum += strnlen(err.msg, sizeof err.msg);
	fuzz_feed_mix_num(ctx, (long long)r);
	if (r != FEED_OK)
		fuzz_feed_mix(ctx, err.msg);
	fuzz_feed_promise(r == FEED_OK || strnlen(err.msg, sizeof err.msg) <
	    sizeof err.msg, "a message ends within its buffer");
	fuzz_feed_promise(feed_parser_count(p) == ctx->items,
	    "feed_parser_count equals the items delivered");
	ctx->infos = 0;
	fuzz_feed_on_info(ctx, feed_parser_info(p));
	feed_parser_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_feed_ctx	 ctx, raw;
	char			*buf;
	size_t			 len;

	len = size < FUZZ_FEED_MAX ? size : FUZZ_FEED_MAX;
	buf = dl_malloc(len + 1);
	if (len > 0)
		memcpy(buf, data, len);
	buf[len] = '\0';
	memset(&ctx, 0, sizeof ctx);
	fuzz_feed_run(&ctx, buf, len, 1);
	raw = ctx;
	memset(&ctx, 0, sizeof ctx);
	fuzz_feed_run(&ctx, buf, len, 0);
	fuzz_feed_promise(raw.hash == ctx.hash && raw.items == ctx.items,
	    "raw reading gives what the filter alone gives");
	free(buf);
	return 0;
}
