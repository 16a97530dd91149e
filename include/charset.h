/* charset.h: naming, sniffing and streaming conversion of text encodings
 * to UTF-8 (iconv), with invalid bytes replaced by U+FFFD. */
#ifndef CHARSET_H
#define CHARSET_H

#include <stddef.h>

#include "dl.h"

/* The iconv name dateline uses for an encoding label, following what
 * browsers do (WHATWG Encoding): "iso-8859-1"/"latin1"/"us-ascii" ->
 * "WINDOWS-1252", "euc-kr" -> "CP949", "shift_jis" -> "CP932",
 * "gb2312"/"gbk" -> "GB18030", "big5" -> "BIG5-HKSCS", "utf8" -> "UTF-8",
 * "euc-jp" -> "EUC-JP-MS", "utf-16" (no BOM) -> "UTF-16LE", "iso-8859-9"
 * -> "WINDOWS-1254", "tis-620"/"iso-8859-11" -> "CP874", "koi8-ru" ->
 * "KOI8-U" (decoded with WHATWG's index where it differs from glibc's:
 * KOI8-U, Mac Cyrillic, windows-1255). A canonical name
 * is its own label. Case and surrounding spaces/quotes are ignored.
 * Returns a static string, or NULL if the label names no encoding we know
 * (utf-7 and the ISO-2022 encodings other than ISO-2022-JP are unknown). */
const char *charset_canonical(const char *label);

/* If p starts with a byte order mark, return "UTF-8", "UTF-16LE" or
 * "UTF-16BE" and set *bomlen; else NULL and *bomlen = 0. */
const char *charset_sniff_bom(const unsigned char *p, size_t n,
	     size_t *bomlen);

/* Find the encoding="..." pseudo-attribute of an XML declaration at the
 * start of p (ASCII-compatible bytes; also recognises UTF-16 without a BOM
 * by its '<' '\0' pattern). Copies the label into out; returns 0, or -1 if
 * there is none. */
int	 charset_sniff_xml(const unsigned char *p, size_t n, char *out,
	     size_t outsize);

/* Find <meta charset=...> or <meta http-equiv=Content-Type content=
 * "...; charset=..."> in the first n bytes of an HTML page. Returns 0 and
 * the label in out, or -1. */
int	 charset_sniff_html(const unsigned char *p, size_t n, char *out,
	     size_t outsize);

/* The charset parameter of a Content-Type header value, or -1. */
int	 charset_from_content_type(const char *ctype, char *out,
	     size_t outsize);

/* A streaming converter from one encoding to UTF-8. Invalid input becomes
 * U+FFFD as browsers do: UTF-8 one per maximal invalid subpart (Unicode's
 * practice: "\xe2\x82A" gives U+FFFD "A", "\xc0\x80" two); double-byte
 * encodings one per bad pair, or one for a bad lead byte when the next
 * byte is ASCII (which is then kept); UTF-16 one per bad code unit. A
 * BOM at the start of UTF-8 or UTF-16 input is dropped. ISO-2022-JP is
 * decoded by a WHATWG state machine (NEC/IBM extensions included). */
struct charset_conv;

/* encoding is a label (canonicalised internally). Returns NULL if the
 * encoding is unknown to us or to iconv. UTF-8 input is validated, not
 * sent through iconv. */
struct charset_conv *charset_conv_new(const char *encoding);
void	 charset_conv_free(struct charset_conv *c);
/* The canonical name this converter reads. Borrowed for c's lifetime. */
const char *charset_conv_name(const struct charset_conv *c);
/* Convert len bytes and append UTF-8 to out. An incomplete sequence at the
 * end is kept for the next call; invalid bytes become U+FFFD. Returns 0,
 * or -1 if out's cap was reached. */
int	 charset_conv_feed(struct charset_conv *c, const void *in, size_t len,
	     struct dl_buf *out);
/* End of input: an incomplete trailing sequence becomes U+FFFD. The
 * converter is then reset and may read another document. Returns 0 or -1
 * (cap). */
int	 charset_conv_finish(struct charset_conv *c, struct dl_buf *out);

/* For bytes no label names (as browsers do for unlabelled pages): NULL
 * if the first 16 KB read as UTF-8 (ASCII too; a few stray bytes among
 * many UTF-8 characters still count) or n is 0; else the
 * encoding, of CP949, CP932, EUC-JP-MS, GB18030 and BIG5-HKSCS, whose
 * decoding gives the most of its language's commonest characters (and
 * few U+FFFD); "WINDOWS-1252" if none gives at least three. Static. */
const char *charset_guess(const unsigned char *p, size_t n);

/* A web page as UTF-8: decoded by its BOM, else its <meta charset> in
 * the first 8 KB (a UTF-16 label without a BOM is not believed), else
 * hint (the HTTP header's, may be NULL), else charset_guess, else UTF-8;
 * invalid bytes become U+FFFD. page may be NULL when len is 0. Returns
 * the text, never NULL (*outlen bytes, at most cap), and in *name (may
 * be NULL) the canonical name of the encoding it was read in, allocated. */
char	*charset_decode_page(const char *page, size_t len, const char *hint,
	     size_t cap, size_t *outlen, char **name);
/* 1 if s[0..n) is valid UTF-8, else 0. */
int	 charset_utf8_valid(const char *s, size_t n);
/* Append s[0..n) to out with every invalid UTF-8 sequence replaced by
 * U+FFFD. Returns 0 or -1 (cap). */
int	 charset_utf8_repair(const char *s, size_t n, struct dl_buf *out);

#endif
