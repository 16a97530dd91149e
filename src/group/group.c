/* group.c: near-duplicate detection for syndicated stories (issue 17):
 * text normalisation, word and CJK character shingles, MinHash (Broder
 * 1997) in its one-permutation form with densification, and LSH banding
 * (Indyk and Motwani 1998), as group.h says. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "group.h"

/* Fixed seeds: signatures are stored, so they never change. */
#define GROUP_SEED	0x6461746c696e6531ULL	/* "datline1" */
#define GROUP_TAG_CJK	0x9e3779b97f4a7c15ULL


/* A shingle's consumer. */
typedef void (*group_emit_fn)(void *arg, uint64_t shingle);

/* The shingler's state over one text: the hashes of the last words and
 * the last CJK characters, and the word being read. */
struct group_shingler {
	uint64_t	 words[GROUP_WORDS];
	size_t		 nwords;
	uint64_t	 chars[GROUP_CHARS];
	size_t		 nchars;
	uint64_t	 word;		/* hash of the word so far */
	int		 in_word;
	size_t		 count;
	group_emit_fn	 emit;
	void		*arg;
	struct dl_buf	*norm;		/* or NULL */
};

/* MurmurHash3's 64-bit finaliser. */
static uint64_t
group_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Push h into a window of n hashes; when full, emit their shingle. */
static void
group_window(struct group_shingler *g, uint64_t *win, size_t *have,
    size_t n, uint64_t h, uint64_t tag)
{
	uint64_t	 s = tag;
	size_t		 i;

	if (*have == n) {
		memmove(win, win + 1, (n - 1) * sizeof *win);
		(*have)--;
	}
	win[(*have)++] = h;
	if (*have < n)
		return;
	for (i = 0; i < n; i++)
		s = group_mix(s ^ win[i]) + i;
	g->count++;
	g->emit(g->arg, s);
}

static void
group_word_end(struct group_shingler *g)
{
	if (!g->in_word)
		return;
	group_window(g, g->words, &g->nwords, GROUP_WORDS,
	    group_mix(g->word), 0);
	if (g->norm != NULL)
		dl_buf_addc(g->norm, ' ');
	g->in_word = 0;
}

static void
group_cp(struct group_shingler *g, uint32_t c)
{
	if (c >= 0xff01 && c <= 0xff5e)
		c -= 0xfee0;	/* fullwidth ASCII */
	switch (dl_cp_class(c)) {
	case DL_CP_WORD:
		if (!g->in_word)
			g->word = 0xcbf29ce484222325ULL;
		c = dl_cp_fold(c);
		g->word = (g->word ^ c) * 0x100000001b3ULL;
		g->in_word = 1;
		if (g->norm != NULL)
			dl_buf_add_utf8(g->norm, c);
		break;
	case DL_CP_CJK:
		group_word_end(g);
		group_window(g, g->chars, &g->nchars, GROUP_CHARS,
		    group_mix(c), GROUP_TAG_CJK);
		if (g->norm != NULL) {
			dl_buf_add_utf8(g->norm, c);
			dl_buf_addc(g->norm, ' ');
		}
		break;
	case DL_CP_MARK:
		break;
	case DL_CP_SEP:
		group_word_end(g);
		break;
	}
}

/* Feed len bytes of s through the shingler. */
static void
group_shingle(struct group_shingler *g, const char *s, size_t len)
{
	uint32_t	 c;
	size_t		 i = 0;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80)
			c = (unsigned char)s[i++];
		else
			i += dl_utf8_decode(s + i, len - i, &c);
		group_cp(g, c);
	}
	group_word_end(g);
}

static void
group_emit_none(void *arg, uint64_t shingle)
{
	(void)arg;
	(void)shingle;
}

void
group_normalize(struct dl_buf *out, const char *s, size_t len)
{
	struct group_shingler	 g;

	memset(&g, 0, sizeof g);
	g.emit = group_emit_none;
	g.norm = out;
	group_shingle(&g, s, len);
}

/* One-permutation MinHash (Li, Owen and Zhang 2012): a shingle's hash
 * picks one of the GROUP_K bins and its low half competes for that
 * bin's minimum, so a shingle costs one hash, not GROUP_K. */
static void
group_emit_minhash(void *arg, uint64_t x)
{
	struct group_sig	*sig = arg;
	uint32_t		 bin, v = (uint32_t)x;

	bin = (uint32_t)(((x >> 32) * GROUP_K) >> 32);
	if (v < sig->h[bin])
		sig->h[bin] = v;
}

/* Optimal densification (Shrivastava 2017): an empty bin takes the
 * value of the first non-empty bin that a fixed sequence of hashes of
 * its number names, the same for every text, so two texts agree on
 * it exactly as often as on a bin they filled. */
static void
group_densify(struct group_sig *sig, const int *filled)
{
	uint64_t	 s;
	uint32_t	 j;
	size_t		 i, t;

	for (i = 0; i < GROUP_K; i++) {
		if (filled[i])
			continue;
		for (t = 1;; t++) {
			s = group_mix(GROUP_SEED ^ (i << 20) ^ t);
			j = (uint32_t)(((s >> 32) * GROUP_K) >> 32);
			if (filled[j]) {
				sig->h[i] = sig->h[j];
				break;
			}
		}
	}
}

size_t
group_sig_text(struct group_sig *sig, const char *s, size_t len)
{
	struct group_shingler	 g;
	int			 filled[GROUP_K];
	size_t			 i;

	for (i = 0; i < GROUP_K; i++)
		sig->h[i] = UINT32_MAX;
	memset(&g, 0, sizeof g);
	g.emit = group_emit_minhash;
	g.arg = sig;
	group_shingle(&g, s, len);
	sig->nshingles = g.count;
	if (g.count == 0)
		return 0;
	/* A bin is filled when a shingle reached it: UINT32_MAX itself
	 * only when a shingle's low half is that (1 in 4 billion). */
	for (i = 0; i < GROUP_K; i++)
		filled[i] = sig->h[i] != UINT32_MAX;
	group_densify(sig, filled);
	return g.count;
}

int
group_sig_usable(const struct group_sig *sig)
{
	return sig->nshingles >= GROUP_MIN_SHINGLES;
}

double
group_similarity(const struct group_sig *a, const struct group_sig *b)
{
	size_t	 i, same = 0;

	for (i = 0; i < GROUP_K; i++)
		same += a->h[i] == b->h[i];
	return (double)same / GROUP_K;
}

void
group_bands(const struct group_sig *sig, int64_t keys[GROUP_BANDS])
{
	uint64_t	 k;
	size_t		 b, r;

	for (b = 0; b < GROUP_BANDS; b++) {
		k = group_mix(GROUP_SEED + b);
		for (r = 0; r < GROUP_ROWS; r++)
			k = group_mix(k ^ sig->h[b * GROUP_ROWS + r]);
		keys[b] = (int64_t)(k >> 33);
	}
}

void
group_sig_pack(const struct group_sig *sig, unsigned char out[GROUP_SIG_BYTES])
{
	size_t	 i;

	for (i = 0; i < GROUP_K; i++) {
		out[4 * i] = (unsigned char)sig->h[i];
		out[4 * i + 1] = (unsigned char)(sig->h[i] >> 8);
		out[4 * i + 2] = (unsigned char)(sig->h[i] >> 16);
		out[4 * i + 3] = (unsigned char)(sig->h[i] >> 24);
	}
}

int
group_sig_unpack(struct group_sig *sig, const void *p, size_t n)
{
	const unsigned char	*u = p;
	size_t			 i;

	if (p == NULL || n != GROUP_SIG_BYTES)
		return -1;
	for (i = 0; i < GROUP_K; i++)
		sig->h[i] = (uint32_t)u[4 * i] | (uint32_t)u[4 * i + 1] << 8 |
		    (uint32_t)u[4 * i + 2] << 16 | (uint32_t)u[4 * i + 3] << 24;
	sig->nshingles = GROUP_MIN_SHINGLES;	/* stored: it was usable */
	return 0;
}

/* --- Exact Jaccard, for tests and measurements --------------------------- */

struct group_set {
	uint64_t	*v;
	size_t		 n, alloc;
};

static void
group_emit_set(void *arg, uint64_t x)
{
	struct group_set	*s = arg;

	if (s->n == s->alloc) {
		s->alloc = s->alloc == 0 ? 256 : s->alloc * 2;
		s->v = dl_reallocarray(s->v, s->alloc, sizeof *s->v);
	}
	s->v[s->n++] = x;
}

static int
group_cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The distinct shingles of a text, sorted. */
static void
group_set_of(struct group_set *s, const char *t, size_t len)
{
	struct group_shingler	 g;
	size_t			 i, k = 0;

	memset(s, 0, sizeof *s);
	memset(&g, 0, sizeof g);
	g.emit = group_emit_set;
	g.arg = s;
	group_shingle(&g, t, len);
	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof *s->v, group_cmp_u64);
	for (i = 1; i < s->n; i++)
		if (s->v[i] != s->v[k])
			s->v[++k] = s->v[i];
	s->n = k + 1;
}

double
group_jaccard(const char *a, size_t alen, const char *b, size_t blen)
{
	struct group_set	 x, y;
	size_t			 i = 0, j = 0, both = 0, all;

	group_set_of(&x, a, alen);
	group_set_of(&y, b, blen);
	while (i < x.n && j < y.n) {
		if (x.v[i] == y.v[j])
			both++, i++, j++;
		else if (x.v[i] < y.v[j])
			i++;
		else
			j++;
	}
	all = x.n + y.n - both;
	free(x.v);
	free(y.v);
	return all == 0 ? 0.0 : (double)both / (double)all;
}
