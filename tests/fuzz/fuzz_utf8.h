/* fuzz_utf8.h: the fuzz targets' own UTF-8 check, kept apart from
 * charset_utf8_valid so that the library is not its own oracle. */
#ifndef FUZZ_UTF8_H
#define FUZZ_UTF8_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* strlen(s) (0 for NULL); aborts (a crash libFuzzer reports) unless s is
 * well-formed UTF-8: shortest form, no surrogates, nothing above
 * U+10FFFF. what names the string in the message. */
static size_t
fuzz_utf8(const char *what, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k, n, len;
	uint32_t		 c, min;

	if (s == NULL)
		return 0;
	len = strlen(s);
	for (i = 0; i < len; i += n) {
		c = p[i];
		n = 1;
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 2;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 3;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 4;
			min = 0x10000;
		} else
			goto bad;
		if (i + n > len)
			goto bad;
		c &= 0x7f >> n;
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			goto bad;
	}
	return len;
bad:
	fprintf(stderr, "fuzz: %s is not UTF-8 at byte %zu of %zu\n", what,
	    i, len);
	abort();
}

#endif
