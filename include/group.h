/* group.h: near-duplicate stories (issue 17): a story's text as
 * shingles, their MinHash signature, the LSH band keys that find
 * candidates in an index, and the estimated Jaccard similarity that
 * decides. Pure computation: the store keeps signatures and groups. */
#ifndef GROUP_H
#define GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "dl.h"

/* Bins of a signature; bands x rows of them make the LSH keys. With
 * 24 bands of 3 rows a pair of Jaccard 0.45 is a candidate with
 * probability 1 - (1 - 0.45^3)^24 = 0.90, 0.5: 0.96, 0.6: 0.995;
 * unrelated stories (J < 0.05) once in 300,000. */
#define GROUP_K		72
#define GROUP_BANDS	24
#define GROUP_ROWS	3
/* Word shingles are this many words; Han, kana and Hangul shingles
 * this many characters (spaces and punctuation between them skipped). */
#define GROUP_WORDS	4
#define GROUP_CHARS	4
/* A text with fewer shingles is too short to judge (a headline). */
#define GROUP_MIN_SHINGLES 8
/* The default least estimated Jaccard similarity of the shingles of two
 * copies of one story (setting group-threshold). */
#define GROUP_THRESHOLD_DEFAULT	0.45
/* The bytes of a packed signature (little-endian 32-bit hashes). */
#define GROUP_SIG_BYTES	(GROUP_K * 4)

struct group_sig {
	uint32_t	 h[GROUP_K];
	size_t		 nshingles;	/* shingles seen, repeats counted */
};

/* The normalised text of len bytes of UTF-8 s, as the shingles see it:
 * words of letters and digits, lower-cased (ASCII, Latin-1, Greek,
 * Cyrillic; fullwidth ASCII as ASCII), one space after each; Han, kana
 * and Hangul characters each followed by a space. Punctuation, quotes,
 * dashes and symbols of every kind separate words and vanish, so
 * "Yoon's" and "Yoon’s", "—" and "--" read the same. Appended to out. */
void	 group_normalize(struct dl_buf *out, const char *s, size_t len);
/* The signature of the text: returns the number of shingles (0: none,
 * sig->h all 0xffffffff). Fixed seeds: the same text gives the same
 * signature in every run and build. */
size_t	 group_sig_text(struct group_sig *sig, const char *s, size_t len);
/* Is the text long enough to be grouped (GROUP_MIN_SHINGLES)? */
int	 group_sig_usable(const struct group_sig *sig);
/* The fraction of equal hashes: the estimated Jaccard similarity of the
 * two shingle sets, 0 to 1. */
double	 group_similarity(const struct group_sig *a,
	     const struct group_sig *b);
/* The GROUP_BANDS band keys of sig, each mixing its band's number, so
 * one index serves all bands. 31 bits (4 bytes in SQLite): a key shared
 * by chance costs one signature comparison. */
void	 group_bands(const struct group_sig *sig, int64_t keys[GROUP_BANDS]);
/* Signature to bytes and back (the cache's BLOB). unpack returns 0, or
 * -1 when n is not GROUP_SIG_BYTES. */
void	 group_sig_pack(const struct group_sig *sig,
	     unsigned char out[GROUP_SIG_BYTES]);
int	 group_sig_unpack(struct group_sig *sig, const void *p, size_t n);
/* The exact Jaccard similarity of the shingle sets of two texts (for
 * tests and measurements: it sorts every shingle). */
double	 group_jaccard(const char *a, size_t alen, const char *b,
	     size_t blen);

#endif
