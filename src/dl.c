/* dl.c: base utilities: allocation, the capped string buffer, errors and
 * the pinned clock used by every other module. */
#include "config.h"

/* The UTF-8 check 32 bytes at a time needs AVX2: built where the
 * compiler can, used where the CPU has it. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && \
    !defined(DL_NO_SIMD)
#include <immintrin.h>
#define DL_AVX2	1
#else
#define DL_AVX2	0
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dl.h"

void
dl_oom(size_t n)
{
	fprintf(stderr, "dateline: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
dl_malloc(size_t n)
{
	void	*p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		dl_oom(n);
	return p;
}

void *
dl_calloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		dl_oom(nmemb * size);
	return p;
}

void *
dl_realloc(void *p, size_t n)
{
	void	*q;

	if (n == 0)
		n = 1;
	if ((q = realloc(p, n)) == NULL)
		dl_oom(n);
	return q;
}

void *
dl_reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		dl_oom(SIZE_MAX);
	return dl_realloc(p, nmemb * size);
}

char *
dl_strdup(const char *s)
{
	return dl_strndup(s, strlen(s));
}

char *
dl_strndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = dl_malloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
dl_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		dl_oom(strlen(fmt));
	return p;
}

void
dl_buf_init(struct dl_buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->size = 0;
	b->cap = cap;
}

void
dl_buf_clear(struct dl_buf *b)
{
	free(b->data);
	dl_buf_init(b, b->cap);
}

void
dl_buf_reset(struct dl_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static int
dl_buf_grow(struct dl_buf *b, size_t more)
{
	size_t	 need, size;

	if (more > b->cap || b->len > b->cap - more)
		return -1;
	need = b->len + more + 1;
	if (need <= b->size)
		return 0;
	size = b->size < 64 ? 64 : b->size;
	while (size < need)
		size = size > SIZE_MAX / 2 ? need : size * 2;
	b->data = dl_realloc(b->data, size);
	b->size = size;
	return 0;
}

int
dl_buf_add(struct dl_buf *b, const void *p, size_t n)
{
	if (dl_buf_grow(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
dl_buf_addc(struct dl_buf *b, char c)
{
	if (b->len + 1 < b->size && b->len < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return dl_buf_add(b, &c, 1);
}

int
dl_buf_adds(struct dl_buf *b, const char *s)
{
	return dl_buf_add(b, s, strlen(s));
}

int
dl_buf_addf(struct dl_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n, rc;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		dl_oom(strlen(fmt));
	rc = dl_buf_add(b, p, (size_t)n);
	free(p);
	return rc;
}

void
dl_html_escape(const char *s, size_t n, int quot,
    void (*put)(void *arg, const char *p, size_t len), void *arg)
{
	size_t		 i, run = 0;
	const char	*rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = quot ? "&quot;" : NULL; break;
		default: rep = NULL; break;
		}
		if (rep == NULL)
			continue;
		put(arg, s + run, i - run);
		put(arg, rep, strlen(rep));
		run = i + 1;
	}
	put(arg, s + run, n - run);
}

struct dl_buf_sink {
	struct dl_buf	*b;
	int		 rc;
};

static void
dl_buf_put(void *arg, const char *p, size_t len)
{
	struct dl_buf_sink	*k = arg;

	k->rc |= dl_buf_add(k->b, p, len);
}

int
dl_buf_add_html(struct dl_buf *b, const char *s, size_t n, int quot)
{
	struct dl_buf_sink	 k = { b, 0 };

	dl_html_escape(s, n, quot, dl_buf_put, &k);
	return k.rc != 0 ? -1 : 0;
}

int
dl_buf_adds_html(struct dl_buf *b, const char *s, int quot)
{
	return s != NULL ? dl_buf_add_html(b, s, strlen(s), quot) : 0;
}

const char *
dl_buf_str(const struct dl_buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
dl_buf_take(struct dl_buf *b)
{
	char	*p;

	p = b->data != NULL ? b->data : dl_strdup("");
	dl_buf_init(b, b->cap);
	return p;
}

int
dl_mkdir_parents(const char *path, struct dl_err *err)
{
	char	*p, *s;
	int	 rc = -1;

	p = dl_strdup(path);
	for (s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			dl_err_set(err, "%s: cannot create folder: %s", p,
			    strerror(errno));
			goto out;
		}
		*s = '/';
	}
	rc = 0;
out:
	free(p);
	return rc;
}

char *
dl_config_path(const char *config_dir, const char *name, const char *what,
    struct dl_err *err)
{
	const char	*x;

	if (config_dir != NULL && config_dir[0] != '\0')
		return dl_printf("%s/%s", config_dir, name);
	/* The XDG spec says to ignore a relative XDG_CONFIG_HOME. */
	if ((x = getenv("XDG_CONFIG_HOME")) != NULL && x[0] == '/')
		return dl_printf("%s/dateline/%s", x, name);
	if ((x = getenv("HOME")) != NULL && x[0] != '\0')
		return dl_printf("%s/.config/dateline/%s", x, name);
	dl_err_set(err, "cannot find %s: neither XDG_CONFIG_HOME nor HOME is "
	    "set (use --config-dir)", what);
	return NULL;
}

char *
dl_data_path(const char *name, const char *what, struct dl_err *err)
{
	const char	*x;

	if ((x = getenv("XDG_DATA_HOME")) != NULL && x[0] == '/')
		return dl_printf("%s/dateline/%s", x, name);
	if ((x = getenv("HOME")) != NULL && x[0] == '/')
		return dl_printf("%s/.local/share/dateline/%s", x, name);
	dl_err_set(err, "cannot find %s: neither XDG_DATA_HOME nor HOME is an "
	    "absolute folder", what);
	return NULL;
}

size_t
dl_utf8_encode(uint32_t cp, char u[4])
{
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (char)(0xf0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
dl_buf_add_utf8(struct dl_buf *b, uint32_t cp)
{
	char	 u[4];

	return dl_buf_add(b, u, dl_utf8_encode(cp, u));
}

/* The well-formed UTF-8 sequences (Unicode 15, table 3-7), by their
 * first byte c >= 0x80: their length and the range of their second byte
 * (the others are 80..BF), or 0 if no character starts with c. */
static size_t
dl_utf8_form(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c < 0xc2 || c > 0xf4)
		return 0;
	if (c < 0xe0)
		return 2;
	if (c == 0xe0)
		*lo = 0xa0;	/* overlong */
	else if (c == 0xed)
		*hi = 0x9f;	/* surrogates */
	else if (c == 0xf0)
		*lo = 0x90;	/* overlong */
	else if (c == 0xf4)
		*hi = 0x8f;	/* above U+10FFFF */
	return c < 0xf0 ? 3 : 4;
}

size_t
dl_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned char		 lo, hi;
	uint32_t		 c = p[0];
	size_t			 len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	len = dl_utf8_form(p[0], &lo, &hi);
	if (len == 0 || n < len || p[1] < lo || p[1] > hi) {
		*cp = DL_UTF8_BAD;
		return 1;
	}
	c = (c & (0x7fu >> len)) << 6 | (p[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = DL_UTF8_BAD;
			return 1;
		}
		c = c << 6 | (p[i] & 0x3f);
	}
	*cp = c;
	return len;
}

size_t
dl_utf8_bad(const char *s, size_t n, int *trunc)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned char		 lo, hi;
	size_t			 len, i;

	*trunc = 0;
	if (p[0] < 0x80)
		return 0;
	if ((len = dl_utf8_form(p[0], &lo, &hi)) == 0)
		return 1;
	for (i = 1; i < len; i++) {
		if (i >= n) {
			*trunc = 1;
			return i;
		}
		if (p[i] < lo || p[i] > hi)
			return i;
		lo = 0x80;
		hi = 0xbf;
	}
	return 0;
}

/* Past the ASCII at s[i..n), 16 bytes at a time. */
static size_t
dl_utf8_ascii(const unsigned char *s, size_t n, size_t i)
{
	const uint64_t	 high = 0x8080808080808080ULL;
	uint64_t	 a, b;

	while (i + 16 <= n) {
		memcpy(&a, s + i, 8);
		memcpy(&b, s + i + 8, 8);
		if ((a | b) & high)
			break;
		i += 16;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* dl_utf8_span from s[i], a character at a time. */
static size_t
dl_utf8_span_from(const unsigned char *s, size_t n, size_t i, int flags)
{
	unsigned char	 lo, hi;
	size_t		 len;

	while (i < n) {
		if (s[i] < 0x80) {
			i = dl_utf8_ascii(s, n, i);
			continue;
		}
		len = dl_utf8_form(s[i], &lo, &hi);
		if (len == 0 || n - i < len || s[i + 1] < lo || s[i + 1] > hi)
			break;
		if (len > 2 && ((s[i + 2] & 0xc0) != 0x80 ||
		    (len > 3 && (s[i + 3] & 0xc0) != 0x80)))
			break;
		if ((flags & DL_UTF8_NONCHAR) && s[i] == 0xef &&
		    s[i + 1] == 0xbf && s[i + 2] >= 0xbe)
			break;
		i += len;
	}
	return i;
}

#if DL_AVX2
/* The UTF-8 check of "Validating UTF-8 In Less Than One Instruction Per
 * Byte" (Keiser and Lemire, 2021), 32 bytes at a time: each byte's class
 * with the one before it, from three 16-entry tables; a bit left in the
 * result is an error. Bits: 1 too short, 2 too long, 4 overlong 3-byte,
 * 8 too large, 16 surrogate, 32 overlong 2-byte, 64 too large
 * (1000____) or overlong 4-byte, 128 two continuations. */
#define DL_U8_CARRY	(1 | 2 | 128)
#define DL_U8_C(x)	((char)(unsigned char)(x))
#define DL_U8_T16(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) \
	_mm256_setr_epi8(DL_U8_C(a), DL_U8_C(b), DL_U8_C(c), DL_U8_C(d), \
	    DL_U8_C(e), DL_U8_C(f), DL_U8_C(g), DL_U8_C(h), DL_U8_C(i), \
	    DL_U8_C(j), DL_U8_C(k), DL_U8_C(l), DL_U8_C(m), DL_U8_C(n), \
	    DL_U8_C(o), DL_U8_C(p), DL_U8_C(a), DL_U8_C(b), DL_U8_C(c), \
	    DL_U8_C(d), DL_U8_C(e), DL_U8_C(f), DL_U8_C(g), DL_U8_C(h), \
	    DL_U8_C(i), DL_U8_C(j), DL_U8_C(k), DL_U8_C(l), DL_U8_C(m), \
	    DL_U8_C(n), DL_U8_C(o), DL_U8_C(p))
#define DL_U8_TL	(DL_U8_CARRY | 8 | 64)

/* cur with its bytes moved k places on, the last k of prev before it. */
#define DL_U8_PREV(cur, prev, k) _mm256_alignr_epi8(cur, \
	_mm256_permute2x128_si256(prev, cur, 0x21), 16 - (k))

__attribute__((target("avx2")))
static __m256i
dl_utf8_block(__m256i cur, __m256i prev)
{
	const __m256i	 t1h = DL_U8_T16(2, 2, 2, 2, 2, 2, 2, 2, 128, 128,
	    128, 128, 1 | 32, 1, 1 | 4 | 16, 1 | 8 | 64);
	const __m256i	 t1l = DL_U8_T16(DL_U8_CARRY | 4 | 32 | 64,
	    DL_U8_CARRY | 32, DL_U8_CARRY, DL_U8_CARRY, DL_U8_CARRY | 8,
	    DL_U8_TL, DL_U8_TL, DL_U8_TL, DL_U8_TL, DL_U8_TL, DL_U8_TL,
	    DL_U8_TL, DL_U8_TL, DL_U8_TL | 16, DL_U8_TL, DL_U8_TL);
	const __m256i	 t2h = DL_U8_T16(1, 1, 1, 1, 1, 1, 1, 1,
	    2 | 32 | 128 | 4 | 64, 2 | 32 | 128 | 4 | 8,
	    2 | 32 | 128 | 16 | 8, 2 | 32 | 128 | 16 | 8, 1, 1, 1, 1);
	const __m256i	 lo = _mm256_set1_epi8(0x0f);
	__m256i		 p1 = DL_U8_PREV(cur, prev, 1);
	__m256i		 p2 = DL_U8_PREV(cur, prev, 2), sc, must;

	sc = _mm256_and_si256(_mm256_and_si256(_mm256_shuffle_epi8(t1h,
	    _mm256_and_si256(_mm256_srli_epi16(p1, 4), lo)),
	    _mm256_shuffle_epi8(t1l, _mm256_and_si256(p1, lo))),
	    _mm256_shuffle_epi8(t2h,
	    _mm256_and_si256(_mm256_srli_epi16(cur, 4), lo)));
	/* third and fourth bytes must be continuations (two in a row) */
	must = _mm256_and_si256(_mm256_or_si256(
	    _mm256_subs_epu8(p2, _mm256_set1_epi8(0x60)),
	    _mm256_subs_epu8(DL_U8_PREV(cur, prev, 3),
	    _mm256_set1_epi8(0x70))), _mm256_set1_epi8((char)0x80));
	return _mm256_xor_si256(must, sc);
}

/* The last bytes of U+FFFE and U+FFFF (EF BF BE, EF BF BF) in cur. */
__attribute__((target("avx2")))
static __m256i
dl_utf8_block_nonchar(__m256i cur, __m256i prev)
{
	return _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(
	    DL_U8_PREV(cur, prev, 2), _mm256_set1_epi8((char)0xef)),
	    _mm256_cmpeq_epi8(DL_U8_PREV(cur, prev, 1),
	    _mm256_set1_epi8((char)0xbf))), _mm256_cmpeq_epi8(
	    _mm256_or_si256(cur, _mm256_set1_epi8(1)),
	    _mm256_set1_epi8((char)0xbf)));
}

/* Where a prefix of u[0..k) that the blocks found valid ends: before a
 * character that starts there but would end past k. */
static size_t
dl_utf8_whole(const unsigned char *u, size_t k)
{
	size_t	 j, need;

	for (j = 1; j <= 3 && j <= k; j++) {
		if (u[k - j] < 0x80)
			return k;
		if (u[k - j] < 0xc0)
			continue;
		need = u[k - j] < 0xe0 ? 2 : u[k - j] < 0xf0 ? 3 : 4;
		return need > j ? k - j : k;
	}
	return k;
}

/* Bytes of u[0..n) that whole blocks show valid, ending on a
 * character's boundary; the rest is for dl_utf8_span_from. Blocks of
 * ASCII only are skipped. */
__attribute__((target("avx2")))
static size_t
dl_utf8_span_avx2(const unsigned char *u, size_t n, int flags)
{
	const __m256i	 ends = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1,
	    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	    -1, -1, -1, -1, -1, -1, (char)0xef, (char)0xdf, (char)0xbf);
	__m256i		 prev = _mm256_setzero_si256(), cur, err;
	size_t		 i;
	int		 open = 0;	/* prev may end inside a character */

	for (i = 0; i + 32 <= n; i += 32) {
		cur = _mm256_loadu_si256((const __m256i *)(const void *)
		    (u + i));
		if (!open && _mm256_movemask_epi8(cur) == 0) {
			prev = cur;
			continue;
		}
		err = dl_utf8_block(cur, prev);
		if (flags & DL_UTF8_NONCHAR)
			err = _mm256_or_si256(err,
			    dl_utf8_block_nonchar(cur, prev));
		if (!_mm256_testz_si256(err, _mm256_set1_epi8(-1)))
			break;
		/* a lead byte in the last three: check the next block */
		open = !_mm256_testz_si256(_mm256_subs_epu8(cur, ends),
		    _mm256_set1_epi8(-1));
		prev = cur;
	}
	return dl_utf8_whole(u, i);
}
#endif

size_t
dl_utf8_span(const char *s, size_t n, int flags)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0;

#if DL_AVX2
	if (n >= 32 && __builtin_cpu_supports("avx2"))
		i = dl_utf8_span_avx2(u, n, flags);
#endif
	return dl_utf8_span_from(u, n, i, flags);
}

size_t
dl_utf8_cut(const char *s, size_t len, size_t max)
{
	size_t	 m;

	if (len <= max)
		return len;
	for (m = max; m > 0 && max - m < 3 &&
	    ((unsigned char)s[m] & 0xc0) == 0x80; m--)
		;
	return ((unsigned char)s[m] & 0xc0) == 0x80 ? max : m;
}

size_t
dl_utf8_prev(const char *s, size_t len)
{
	return len == 0 ? 0 : dl_utf8_cut(s, len, len - 1);
}

size_t
dl_utf8_count(const char *s, size_t len)
{
	size_t		 i = 0, n = 0;
	uint32_t	 cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80)
			i++;
		else
			i += dl_utf8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

size_t
dl_utf8_ctl(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (n >= 1 && (p[0] < 0x20 || p[0] == 0x7f)) {
		*cp = p[0];
		return 1;
	}
	if (n >= 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
		*cp = p[1];
		return 2;
	}
	if (n < 3 || p[0] != 0xe2)
		return 0;
	*cp = 0x2000 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	if ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
	    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
		return 3;
	return 0;
}

/* --- Display width -------------------------------------------------------- */

struct dl_range {
	uint32_t	 lo;
	uint32_t	 hi;
};

/* Generated from Unicode 14 data (Python's unicodedata) plus the Unicode
 * 15 additions: East Asian Width W and F, and the whole CJK ideograph
 * blocks and planes 2-3 whose default is W. Emoji with default emoji
 * presentation are W in this data. */
static const struct dl_range dl_wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x2e99 },
	{ 0x2e9b, 0x2ef3 }, { 0x2f00, 0x2fd5 }, { 0x2ff0, 0x2ffb },
	{ 0x3000, 0x3029 }, { 0x302e, 0x303e }, { 0x3041, 0x3096 },
	{ 0x309b, 0x30ff }, { 0x3105, 0x312f }, { 0x3131, 0x318e },
	{ 0x3190, 0x31e3 }, { 0x31f0, 0x321e }, { 0x3220, 0x3247 },
	{ 0x3250, 0x4dbf }, { 0x4e00, 0xa48c }, { 0xa490, 0xa4c6 },
	{ 0xa960, 0xa97c }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
	{ 0xfe10, 0xfe19 }, { 0xfe30, 0xfe52 }, { 0xfe54, 0xfe66 },
	{ 0xfe68, 0xfe6b }, { 0xff01, 0xff60 }, { 0xffe0, 0xffe6 },
	{ 0x16fe0, 0x16fe3 }, { 0x16ff0, 0x16ff1 }, { 0x17000, 0x187f7 },
	{ 0x18800, 0x18cd5 }, { 0x18d00, 0x18d08 }, { 0x1aff0, 0x1aff3 },
	{ 0x1aff5, 0x1affb }, { 0x1affd, 0x1affe }, { 0x1b000, 0x1b122 },
	{ 0x1b132, 0x1b132 }, { 0x1b150, 0x1b152 }, { 0x1b155, 0x1b155 },
	{ 0x1b164, 0x1b167 }, { 0x1b170, 0x1b2fb }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b }, { 0x1f240, 0x1f248 },
	{ 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 }, { 0x1f300, 0x1f320 },
	{ 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c }, { 0x1f37e, 0x1f393 },
	{ 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 }, { 0x1f3e0, 0x1f3f0 },
	{ 0x1f3f4, 0x1f3f4 }, { 0x1f3f8, 0x1f43e }, { 0x1f440, 0x1f440 },
	{ 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d }, { 0x1f54b, 0x1f54e },
	{ 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a }, { 0x1f595, 0x1f596 },
	{ 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f }, { 0x1f680, 0x1f6c5 },
	{ 0x1f6cc, 0x1f6cc }, { 0x1f6d0, 0x1f6d2 }, { 0x1f6d5, 0x1f6d7 },
	{ 0x1f6dc, 0x1f6df }, { 0x1f6eb, 0x1f6ec }, { 0x1f6f4, 0x1f6fc },
	{ 0x1f7e0, 0x1f7eb }, { 0x1f7f0, 0x1f7f0 }, { 0x1f90c, 0x1f93a },
	{ 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff }, { 0x1fa70, 0x1fa7c },
	{ 0x1fa80, 0x1fa88 }, { 0x1fa90, 0x1fabd }, { 0x1fabf, 0x1fac5 },
	{ 0x1face, 0x1fadb }, { 0x1fae0, 0x1fae8 }, { 0x1faf0, 0x1faf8 },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

/* General categories Mn, Me and Cf, conjoining Hangul jamo (medial and
 * final), soft hyphen; plus the Unicode 15 combining marks. */
static const struct dl_range dl_zero[] = {
	{ 0x00ad, 0x00ad }, { 0x0300, 0x036f }, { 0x0483, 0x0489 },
	{ 0x0591, 0x05bd }, { 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 },
	{ 0x05c4, 0x05c5 }, { 0x05c7, 0x05c7 }, { 0x0600, 0x0605 },
	{ 0x0610, 0x061a }, { 0x061c, 0x061c }, { 0x064b, 0x065f },
	{ 0x0670, 0x0670 }, { 0x06d6, 0x06dd }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x070f, 0x070f },
	{ 0x0711, 0x0711 }, { 0x0730, 0x074a }, { 0x07a6, 0x07b0 },
	{ 0x07eb, 0x07f3 }, { 0x07fd, 0x07fd }, { 0x0816, 0x0819 },
	{ 0x081b, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082d },
	{ 0x0859, 0x085b }, { 0x0890, 0x0891 }, { 0x0898, 0x089f },
	{ 0x08ca, 0x0902 }, { 0x093a, 0x093a }, { 0x093c, 0x093c },
	{ 0x0941, 0x0948 }, { 0x094d, 0x094d }, { 0x0951, 0x0957 },
	{ 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09bc, 0x09bc },
	{ 0x09c1, 0x09c4 }, { 0x09cd, 0x09cd }, { 0x09e2, 0x09e3 },
	{ 0x09fe, 0x09fe }, { 0x0a01, 0x0a02 }, { 0x0a3c, 0x0a3c },
	{ 0x0a41, 0x0a42 }, { 0x0a47, 0x0a48 }, { 0x0a4b, 0x0a4d },
	{ 0x0a51, 0x0a51 }, { 0x0a70, 0x0a71 }, { 0x0a75, 0x0a75 },
	{ 0x0a81, 0x0a82 }, { 0x0abc, 0x0abc }, { 0x0ac1, 0x0ac5 },
	{ 0x0ac7, 0x0ac8 }, { 0x0acd, 0x0acd }, { 0x0ae2, 0x0ae3 },
	{ 0x0afa, 0x0aff }, { 0x0b01, 0x0b01 }, { 0x0b3c, 0x0b3c },
	{ 0x0b3f, 0x0b3f }, { 0x0b41, 0x0b44 }, { 0x0b4d, 0x0b4d },
	{ 0x0b55, 0x0b56 }, { 0x0b62, 0x0b63 }, { 0x0b82, 0x0b82 },
	{ 0x0bc0, 0x0bc0 }, { 0x0bcd, 0x0bcd }, { 0x0c00, 0x0c00 },
	{ 0x0c04, 0x0c04 }, { 0x0c3c, 0x0c3c }, { 0x0c3e, 0x0c40 },
	{ 0x0c46, 0x0c48 }, { 0x0c4a, 0x0c4d }, { 0x0c55, 0x0c56 },
	{ 0x0c62, 0x0c63 }, { 0x0c81, 0x0c81 }, { 0x0cbc, 0x0cbc },
	{ 0x0cbf, 0x0cbf }, { 0x0cc6, 0x0cc6 }, { 0x0ccc, 0x0ccd },
	{ 0x0ce2, 0x0ce3 }, { 0x0d00, 0x0d01 }, { 0x0d3b, 0x0d3c },
	{ 0x0d41, 0x0d44 }, { 0x0d4d, 0x0d4d }, { 0x0d62, 0x0d63 },
	{ 0x0d81, 0x0d81 }, { 0x0dca, 0x0dca }, { 0x0dd2, 0x0dd4 },
	{ 0x0dd6, 0x0dd6 }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a },
	{ 0x0e47, 0x0e4e }, { 0x0eb1, 0x0eb1 }, { 0x0eb4, 0x0ebc },
	{ 0x0ec8, 0x0ecd }, { 0x0f18, 0x0f19 }, { 0x0f35, 0x0f35 },
	{ 0x0f37, 0x0f37 }, { 0x0f39, 0x0f39 }, { 0x0f71, 0x0f7e },
	{ 0x0f80, 0x0f84 }, { 0x0f86, 0x0f87 }, { 0x0f8d, 0x0f97 },
	{ 0x0f99, 0x0fbc }, { 0x0fc6, 0x0fc6 }, { 0x102d, 0x1030 },
	{ 0x1032, 0x1037 }, { 0x1039, 0x103a }, { 0x103d, 0x103e },
	{ 0x1058, 0x1059 }, { 0x105e, 0x1060 }, { 0x1071, 0x1074 },
	{ 0x1082, 0x1082 }, { 0x1085, 0x1086 }, { 0x108d, 0x108d },
	{ 0x109d, 0x109d }, { 0x1160, 0x11ff }, { 0x135d, 0x135f },
	{ 0x1712, 0x1714 }, { 0x1732, 0x1733 }, { 0x1752, 0x1753 },
	{ 0x1772, 0x1773 }, { 0x17b4, 0x17b5 }, { 0x17b7, 0x17bd },
	{ 0x17c6, 0x17c6 }, { 0x17c9, 0x17d3 }, { 0x17dd, 0x17dd },
	{ 0x180b, 0x180f }, { 0x1885, 0x1886 }, { 0x18a9, 0x18a9 },
	{ 0x1920, 0x1922 }, { 0x1927, 0x1928 }, { 0x1932, 0x1932 },
	{ 0x1939, 0x193b }, { 0x1a17, 0x1a18 }, { 0x1a1b, 0x1a1b },
	{ 0x1a56, 0x1a56 }, { 0x1a58, 0x1a5e }, { 0x1a60, 0x1a60 },
	{ 0x1a62, 0x1a62 }, { 0x1a65, 0x1a6c }, { 0x1a73, 0x1a7c },
	{ 0x1a7f, 0x1a7f }, { 0x1ab0, 0x1ace }, { 0x1b00, 0x1b03 },
	{ 0x1b34, 0x1b34 }, { 0x1b36, 0x1b3a }, { 0x1b3c, 0x1b3c },
	{ 0x1b42, 0x1b42 }, { 0x1b6b, 0x1b73 }, { 0x1b80, 0x1b81 },
	{ 0x1ba2, 0x1ba5 }, { 0x1ba8, 0x1ba9 }, { 0x1bab, 0x1bad },
	{ 0x1be6, 0x1be6 }, { 0x1be8, 0x1be9 }, { 0x1bed, 0x1bed },
	{ 0x1bef, 0x1bf1 }, { 0x1c2c, 0x1c33 }, { 0x1c36, 0x1c37 },
	{ 0x1cd0, 0x1cd2 }, { 0x1cd4, 0x1ce0 }, { 0x1ce2, 0x1ce8 },
	{ 0x1ced, 0x1ced }, { 0x1cf4, 0x1cf4 }, { 0x1cf8, 0x1cf9 },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206f }, { 0x20d0, 0x20f0 },
	{ 0x2cef, 0x2cf1 }, { 0x2d7f, 0x2d7f }, { 0x2de0, 0x2dff },
	{ 0x302a, 0x302d }, { 0x3099, 0x309a }, { 0xa66f, 0xa672 },
	{ 0xa674, 0xa67d }, { 0xa69e, 0xa69f }, { 0xa6f0, 0xa6f1 },
	{ 0xa802, 0xa802 }, { 0xa806, 0xa806 }, { 0xa80b, 0xa80b },
	{ 0xa825, 0xa826 }, { 0xa82c, 0xa82c }, { 0xa8c4, 0xa8c5 },
	{ 0xa8e0, 0xa8f1 }, { 0xa8ff, 0xa8ff }, { 0xa926, 0xa92d },
	{ 0xa947, 0xa951 }, { 0xa980, 0xa982 }, { 0xa9b3, 0xa9b3 },
	{ 0xa9b6, 0xa9b9 }, { 0xa9bc, 0xa9bd }, { 0xa9e5, 0xa9e5 },
	{ 0xaa29, 0xaa2e }, { 0xaa31, 0xaa32 }, { 0xaa35, 0xaa36 },
	{ 0xaa43, 0xaa43 }, { 0xaa4c, 0xaa4c }, { 0xaa7c, 0xaa7c },
	{ 0xaab0, 0xaab0 }, { 0xaab2, 0xaab4 }, { 0xaab7, 0xaab8 },
	{ 0xaabe, 0xaabf }, { 0xaac1, 0xaac1 }, { 0xaaec, 0xaaed },
	{ 0xaaf6, 0xaaf6 }, { 0xabe5, 0xabe5 }, { 0xabe8, 0xabe8 },
	{ 0xabed, 0xabed }, { 0xd7b0, 0xd7ff }, { 0xfb1e, 0xfb1e },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xfff9, 0xfffb }, { 0x101fd, 0x101fd }, { 0x102e0, 0x102e0 },
	{ 0x10376, 0x1037a }, { 0x10a01, 0x10a03 }, { 0x10a05, 0x10a06 },
	{ 0x10a0c, 0x10a0f }, { 0x10a38, 0x10a3a }, { 0x10a3f, 0x10a3f },
	{ 0x10ae5, 0x10ae6 }, { 0x10d24, 0x10d27 }, { 0x10eab, 0x10eac },
	{ 0x10efd, 0x10eff }, { 0x10f46, 0x10f50 }, { 0x10f82, 0x10f85 },
	{ 0x11001, 0x11001 }, { 0x11038, 0x11046 }, { 0x11070, 0x11070 },
	{ 0x11073, 0x11074 }, { 0x1107f, 0x11081 }, { 0x110b3, 0x110b6 },
	{ 0x110b9, 0x110ba }, { 0x110bd, 0x110bd }, { 0x110c2, 0x110c2 },
	{ 0x110cd, 0x110cd }, { 0x11100, 0x11102 }, { 0x11127, 0x1112b },
	{ 0x1112d, 0x11134 }, { 0x11173, 0x11173 }, { 0x11180, 0x11181 },
	{ 0x111b6, 0x111be }, { 0x111c9, 0x111cc }, { 0x111cf, 0x111cf },
	{ 0x1122f, 0x11231 }, { 0x11234, 0x11234 }, { 0x11236, 0x11237 },
	{ 0x1123e, 0x1123e }, { 0x112df, 0x112df }, { 0x112e3, 0x112ea },
	{ 0x11300, 0x11301 }, { 0x1133b, 0x1133c }, { 0x11340, 0x11340 },
	{ 0x11366, 0x1136c }, { 0x11370, 0x11374 }, { 0x11438, 0x1143f },
	{ 0x11442, 0x11444 }, { 0x11446, 0x11446 }, { 0x1145e, 0x1145e },
	{ 0x114b3, 0x114b8 }, { 0x114ba, 0x114ba }, { 0x114bf, 0x114c0 },
	{ 0x114c2, 0x114c3 }, { 0x115b2, 0x115b5 }, { 0x115bc, 0x115bd },
	{ 0x115bf, 0x115c0 }, { 0x115dc, 0x115dd }, { 0x11633, 0x1163a },
	{ 0x1163d, 0x1163d }, { 0x1163f, 0x11640 }, { 0x116ab, 0x116ab },
	{ 0x116ad, 0x116ad }, { 0x116b0, 0x116b5 }, { 0x116b7, 0x116b7 },
	{ 0x1171d, 0x1171f }, { 0x11722, 0x11725 }, { 0x11727, 0x1172b },
	{ 0x1182f, 0x11837 }, { 0x11839, 0x1183a }, { 0x1193b, 0x1193c },
	{ 0x1193e, 0x1193e }, { 0x11943, 0x11943 }, { 0x119d4, 0x119d7 },
	{ 0x119da, 0x119db }, { 0x119e0, 0x119e0 }, { 0x11a01, 0x11a0a },
	{ 0x11a33, 0x11a38 }, { 0x11a3b, 0x11a3e }, { 0x11a47, 0x11a47 },
	{ 0x11a51, 0x11a56 }, { 0x11a59, 0x11a5b }, { 0x11a8a, 0x11a96 },
	{ 0x11a98, 0x11a99 }, { 0x11c30, 0x11c36 }, { 0x11c38, 0x11c3d },
	{ 0x11c3f, 0x11c3f }, { 0x11c92, 0x11ca7 }, { 0x11caa, 0x11cb0 },
	{ 0x11cb2, 0x11cb3 }, { 0x11cb5, 0x11cb6 }, { 0x11d31, 0x11d36 },
	{ 0x11d3a, 0x11d3a }, { 0x11d3c, 0x11d3d }, { 0x11d3f, 0x11d45 },
	{ 0x11d47, 0x11d47 }, { 0x11d90, 0x11d91 }, { 0x11d95, 0x11d95 },
	{ 0x11d97, 0x11d97 }, { 0x11ef3, 0x11ef4 }, { 0x11f00, 0x11f01 },
	{ 0x11f36, 0x11f3a }, { 0x11f40, 0x11f40 }, { 0x11f42, 0x11f42 },
	{ 0x13430, 0x13440 }, { 0x13447, 0x13455 }, { 0x16af0, 0x16af4 },
	{ 0x16b30, 0x16b36 }, { 0x16f4f, 0x16f4f }, { 0x16f8f, 0x16f92 },
	{ 0x16fe4, 0x16fe4 }, { 0x1bc9d, 0x1bc9e }, { 0x1bca0, 0x1bca3 },
	{ 0x1cf00, 0x1cf2d }, { 0x1cf30, 0x1cf46 }, { 0x1d167, 0x1d169 },
	{ 0x1d173, 0x1d182 }, { 0x1d185, 0x1d18b }, { 0x1d1aa, 0x1d1ad },
	{ 0x1d242, 0x1d244 }, { 0x1da00, 0x1da36 }, { 0x1da3b, 0x1da6c },
	{ 0x1da75, 0x1da75 }, { 0x1da84, 0x1da84 }, { 0x1da9b, 0x1da9f },
	{ 0x1daa1, 0x1daaf }, { 0x1e000, 0x1e006 }, { 0x1e008, 0x1e018 },
	{ 0x1e01b, 0x1e021 }, { 0x1e023, 0x1e024 }, { 0x1e026, 0x1e02a },
	{ 0x1e08f, 0x1e08f }, { 0x1e130, 0x1e136 }, { 0x1e2ae, 0x1e2ae },
	{ 0x1e2ec, 0x1e2ef }, { 0x1e4ec, 0x1e4ef }, { 0x1e8d0, 0x1e8d6 },
	{ 0x1e944, 0x1e94a }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
	{ 0xe0100, 0xe01ef },
};

static int
dl_range_in(uint32_t cp, const struct dl_range *r, size_t n)
{
	size_t	 lo = 0, hi = n;

	if (cp < r[0].lo || cp > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int
dl_cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xad)
		return 0;
	/* Fast paths for the scripts news text is mostly written in. */
	if (cp < 0x300 || (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xac00 && cp <= 0xd7a3))
		return cp < 0x300 ? 1 : 2;
	if (cp >= 0x3041 && cp <= 0x30ff)
		return cp == 0x3099 || cp == 0x309a ? 0 : 2;
	if (dl_range_in(cp, dl_zero, sizeof dl_zero /
	    sizeof dl_zero[0]))
		return 0;
	if (dl_range_in(cp, dl_wide, sizeof dl_wide /
	    sizeof dl_wide[0]))
		return 2;
	return 1;
}

enum dl_cjk
dl_cp_cjk(uint32_t c)
{
	if (c < 0x1100)
		return DL_CJK_NONE;
	if ((c >= 0x4e00 && c <= 0x9fff) ||
	    (c >= 0x3040 && c <= 0x30ff && c != 0x30fb) ||
	    (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f) ||
	    (c >= 0x20000 && c <= 0x3ffff))
		return DL_CJK_HAN;
	if ((c >= 0xac00 && c <= 0xd7af) || c <= 0x11ff ||
	    (c >= 0x3130 && c <= 0x318f) || (c >= 0xa960 && c <= 0xa97f))
		return DL_CJK_HANGUL;
	return DL_CJK_NONE;
}

enum dl_cp_class
dl_cp_class(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') ? DL_CP_WORD : DL_CP_SEP;
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe20 && c <= 0xfe2f))
		return DL_CP_MARK;
	if (dl_cp_cjk(c) != DL_CJK_NONE)
		return DL_CP_CJK;
	/* Punctuation (quotes and dashes of every script), symbols,
	 * spaces, private use and emoji. */
	if (c <= 0xbf || c == 0xd7 || c == 0xf7 ||
	    (c >= 0x2000 && c <= 0x2bff) || (c >= 0x2e00 && c <= 0x303f) ||
	    (c >= 0x3200 && c <= 0x33ff) || (c >= 0xd800 && c <= 0xf8ff) ||
	    (c >= 0xfe10 && c <= 0xfe1f) || (c >= 0xfe30 && c <= 0xfe6f) ||
	    (c >= 0xfeff && c <= 0xff65) || c >= 0xfff0 ||
	    (c >= 0x1f000 && c <= 0x1faff))
		return DL_CP_SEP;
	return DL_CP_WORD;
}

/* Base letters of U+00C0..U+00FF and U+0100..U+017F; '.' keeps the
 * (lower-cased) letter itself. */
static const char dl_fold_latin1[] =
    "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
static const char dl_fold_exta[] =
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii..jjkkklllllll"
    "lllnnnnnnnnnoooo" "oo..rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";
_Static_assert(sizeof dl_fold_latin1 == 65 &&
    sizeof dl_fold_exta == 129, "one letter per code point");

uint32_t
dl_cp_fold(uint32_t c)
{
	char	 b;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
	if (c >= 0xc0 && c <= 0xff) {
		if ((b = dl_fold_latin1[c - 0xc0]) != '.')
			return (uint32_t)b;
		return c <= 0xde ? c + 0x20 : c;
	}
	if (c >= 0x100 && c <= 0x17f) {
		if ((b = dl_fold_exta[c - 0x100]) != '.')
			return (uint32_t)b;
		return c | 1;	/* IJ ij, OE oe */
	}
	if ((c >= 0x391 && c <= 0x3a9) || (c >= 0x410 && c <= 0x42f))
		return c + 0x20;
	if (c == 0x3c2)
		return 0x3c3;	/* final sigma */
	if (c == 0x386 || c == 0x38c)
		return c == 0x386 ? 0x3ac : 0x3cc;
	if (c >= 0x388 && c <= 0x38a)
		return c + 0x25;
	if (c == 0x38e || c == 0x38f)
		return c + 0x3f;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	if (((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf) ||
	    (c >= 0x4d0 && c <= 0x4ff) || (c >= 0x1e00 && c <= 0x1eff)) &&
	    (c & 1) == 0)
		return c + 1;
	if (c >= 0x4c1 && c <= 0x4ce && (c & 1) == 1)
		return c + 1;
	return c;
}

int
dl_cp_unspaced(uint32_t cp)
{
	if (cp >= 0xff61 && cp <= 0xff9f)
		return 1;	/* halfwidth katakana and its punctuation */
	return dl_cp_width(cp) == 2 && dl_cp_cjk(cp) != DL_CJK_HANGUL;
}

void
dl_err_set(struct dl_err *e, const char *fmt, ...)
{
	va_list	 ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void
dl_err_prefix(struct dl_err *e, const char *fmt, ...)
{
	va_list	 ap;
	char	 old[sizeof e->msg];
	size_t	 n, room, len;
	int	 r;

	if (e == NULL)
		return;
	memcpy(old, e->msg, sizeof old);
	va_start(ap, fmt);
	r = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	n = r < 0 ? 0 : (size_t)r;
	if (n >= sizeof e->msg - 1)
		return;
	room = sizeof e->msg - 1 - n;
	len = strnlen(old, sizeof old - 1);
	if (len > room)
		len = room;
	memcpy(e->msg + n, old, len);
	e->msg[n + len] = '\0';
}

/* Grow the descriptor table to n now (at most the soft limit), while
 * the process has one thread. Linux grows the table of a process whose
 * threads share it (at 64, 128, 256 ... descriptors) only after an RCU
 * grace period, some 10 ms on a busy machine: a refresh opening 200
 * sockets beside the store's checkpointer thread waited for it three
 * times, its connections held back all the while. F_DUPFD takes the
 * lowest free descriptor from n - 1, so nothing open is touched. */
void
dl_fd_reserve(int n)
{
	struct rlimit	 rl;
	int		 fd, from;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur !=
	    RLIM_INFINITY && (rlim_t)n > rl.rlim_cur)
		n = (int)rl.rlim_cur;
	for (from = 0; n > 64 && from <= 2; from++) {
		if ((fd = fcntl(from, F_DUPFD_CLOEXEC, n - 1)) >= 0) {
			close(fd);
			return;
		}
	}
}

time_t
dl_now(void)
{
	const char	*s;
	long		 v;

	s = getenv("DATELINE_NOW");
	if (s != NULL && dl_strtonum(s, 0, LONG_MAX, &v) == 0)
		return (time_t)v;
	return time(NULL);
}

int
dl_strtonum(const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
dl_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int
dl_strcaseeq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (dl_lower((unsigned char)*a) != dl_lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

int
dl_strncaseeq(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		if (dl_lower((unsigned char)*a) != dl_lower((unsigned char)*b))
			return 0;
		if (*a == '\0')
			return 1;
	}
	return 1;
}

/* Tries at "stem-N.md" before giving up. */
#define DL_FILE_SUFFIX_MAX	1000

/* A temporary file next to path, holding len bytes of text, with mode
 * (0: the default, 0666 less the umask), synced; its name in *tmp. 0, or
 * -1 with err set (nothing left behind). */
static int
dl_file_write_tmp(const char *path, const char *text, size_t len,
    mode_t mode, char **tmp, struct dl_err *err)
{
	const char	*slash = strrchr(path, '/');
	size_t		 off = 0;
	ssize_t		 w = 0;
	mode_t		 um;
	int		 fd;

	*tmp = slash == NULL ? dl_strdup(".dateline-tmp-XXXXXX") :
	    dl_printf("%.*s/.dateline-tmp-XXXXXX", (int)(slash - path),
	    path);
	if ((fd = mkstemp(*tmp)) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		goto fail;
	}
	um = umask(022);
	umask(um);
	while (off < len && ((w = write(fd, text + off, len - off)) > 0 ||
	    (w == -1 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
	if (mode == 0)
		mode = 0666 & ~um;
	if (off < len || fchmod(fd, mode) == -1 || fsync(fd) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		close(fd);
		unlink(*tmp);
		goto fail;
	}
	if (close(fd) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		unlink(*tmp);
		goto fail;
	}
	return 0;
fail:
	free(*tmp);
	*tmp = NULL;
	return -1;
}

/* Put the written temporary file tmp in place as path: with noreplace,
 * link() so that a file there (or one that appeared meanwhile) is never
 * replaced (a check then rename where the file system has no hard
 * links). Returns 1 if placed, 0 if a file was there, -1 (errno). */
static int
dl_file_place(const char *tmp, const char *path, int noreplace)
{
	struct stat	 st;

	if (!noreplace)
		return rename(tmp, path) == 0 ? 1 : -1;
	if (link(tmp, path) == 0)
		return 1;
	if (errno == EEXIST)
		return 0;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOTSUP &&
	    errno != ENOSYS)
		return -1;
	if (lstat(path, &st) == 0)
		return 0;
	return rename(tmp, path) == 0 ? 1 : -1;
}

/* Make a rename in the folder of path durable; a failure only loses
 * that guarantee. */
static void
dl_file_sync_dir(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 fd;

	dir = slash == NULL ? dl_strdup(".") :
	    dl_strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int
dl_file_write_atomic(const char *path, const char *data, size_t len,
    mode_t mode, int flags, struct dl_err *err)
{
	struct stat	 st;
	char		*tmp;
	int		 rc;

	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	if (dl_file_write_tmp(path, data, len, mode, &tmp, err) == -1)
		return -1;
	if ((rc = dl_file_place(tmp, path, flags & DL_FILE_NOREPLACE)) == -1)
		dl_err_set(err, "%s: %s", path, strerror(errno));
	else if (rc == 1)
		dl_file_sync_dir(path);
	/* link() leaves tmp behind; so does a failure. */
	if (rc != 1 || (flags & DL_FILE_NOREPLACE))
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Give tmp the name "stem.md", else "stem-2.md", "stem-3.md" ...: never
 * over an existing file. The name in *name. */
static int
dl_file_place_new(const char *tmp, const char *stem, char **name,
    struct dl_err *err)
{
	int	 k, rc;

	for (k = 1; k <= DL_FILE_SUFFIX_MAX; k++) {
		*name = k == 1 ? dl_printf("%s.md", stem) :
		    dl_printf("%s-%d.md", stem, k);
		if ((rc = dl_file_place(tmp, *name, 1)) == 1)
			return 0;
		if (rc == -1) {
			dl_err_set(err, "%s: %s", *name, strerror(errno));
			break;
		}
		free(*name);
		*name = NULL;
	}
	if (k > DL_FILE_SUFFIX_MAX)
		dl_err_set(err, "%s.md: %d files of that name exist already",
		    stem, DL_FILE_SUFFIX_MAX);
	free(*name);
	*name = NULL;
	return -1;
}

/* Write text through path, which is not a regular file (a device, a
 * FIFO, a symbolic link such as /dev/stdout): opened and written as it
 * is, never replaced. 0, or -1 with err set. */
static int
dl_file_write_through(const char *path, const char *text,
    struct dl_err *err)
{
	size_t	 len = strlen(text), off = 0;
	ssize_t	 w = 0;
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1) {
		dl_err_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (off < len && ((w = write(fd, text + off, len - off)) > 0 ||
	    (w == -1 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
	if (off < len || close(fd) == -1) {
		dl_err_set(err, "%s: %s", path, strerror(errno));
		if (off < len)
			close(fd);
		return -1;
	}
	return 0;
}

int
dl_file_save(const char *path, const char *stem, const char *text,
    char **written, struct dl_err *err)
{
	struct stat	 st;
	char		*tmp = NULL;
	int		 rc;

	*written = NULL;
	if (path != NULL && lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return dl_file_write_through(path, text, err);
	if (path != NULL) {
		if ((rc = dl_file_write_atomic(path, text, strlen(text), 0, 0,
		    err)) == 1)
			*written = dl_strdup(path);
		return rc == 1 ? 0 : -1;
	}
	if (dl_file_write_tmp("x", text, strlen(text), 0, &tmp, err) == -1)
		return -1;
	rc = dl_file_place_new(tmp, stem, written, err);
	unlink(tmp);	/* still there after link(), or a failure */
	free(tmp);
	return rc;
}
