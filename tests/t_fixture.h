/* t_fixture.h: the bytes of a fixture for the cmocka tests. Include after
 * cmocka.h and dl.h. */
#ifndef T_FIXTURE_H
#define T_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

/* tests/data/REL under $top_srcdir (else the current folder), read whole
 * and NUL-terminated; *len gets its size. Fails the test if it cannot be
 * read. The caller frees it. */
static char *
t_fixture(const char *rel, size_t *len)
{
	const char	*top = getenv("top_srcdir");
	struct dl_buf	 b;
	char		*path, chunk[8192];
	FILE		*f;
	size_t		 n;

	path = dl_printf("%s/tests/data/%s", top != NULL ? top : ".", rel);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot read %s", path);
	free(path);
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(dl_buf_add(&b, chunk, n), 0);
	fclose(f);
	*len = b.len;
	return dl_buf_take(&b);
}

#endif
