/* test_dl.c: unit tests for the base utilities (buffer caps, errors,
 * clock pinning, number parsing). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dl.h"

static void
test_buf_grows_and_terminates(void **state)
{
	struct dl_buf	 b;
	int		 i;

	(void)state;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	assert_string_equal(dl_buf_str(&b), "");
	for (i = 0; i < 1000; i++)
		assert_int_equal(dl_buf_adds(&b, "abc"), 0);
	assert_int_equal(b.len, 3000);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(dl_buf_addf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(b.data + 3000, "42-x");
	dl_buf_clear(&b);
}

static void
test_buf_refuses_past_cap(void **state)
{
	struct dl_buf	 b;

	(void)state;
	dl_buf_init(&b, 5);
	assert_int_equal(dl_buf_adds(&b, "abcd"), 0);
	assert_int_equal(dl_buf_addc(&b, 'e'), 0);
	assert_int_equal(dl_buf_addc(&b, 'f'), -1);
	assert_int_equal(dl_buf_adds(&b, "xy"), -1);
	assert_string_equal(dl_buf_str(&b), "abcde");
	dl_buf_clear(&b);
}

static void
test_buf_take_and_reset(void **state)
{
	struct dl_buf	 b;
	char		*s;

	(void)state;
	dl_buf_init(&b, 100);
	s = dl_buf_take(&b);
	assert_string_equal(s, "");
	free(s);
	dl_buf_adds(&b, "hello");
	s = dl_buf_take(&b);
	assert_string_equal(s, "hello");
	assert_int_equal(b.len, 0);
	assert_null(b.data);
	free(s);
	dl_buf_adds(&b, "again");
	dl_buf_reset(&b);
	assert_string_equal(dl_buf_str(&b), "");
	dl_buf_clear(&b);
}

static void
test_err_prefix(void **state)
{
	struct dl_err	 e;

	(void)state;
	dl_err_set(&e, "%d:%d: %s", 12, 4, "mismatched tag");
	dl_err_prefix(&e, "%s: ", "feeds.xml");
	assert_string_equal(e.msg, "feeds.xml: 12:4: mismatched tag");
	dl_err_set(NULL, "ignored");
}

static void
test_now_pinned(void **state)
{
	(void)state;
	setenv("DATELINE_NOW", "1695359301", 1);
	assert_int_equal(dl_now(), 1695359301);
	setenv("DATELINE_NOW", "garbage", 1);
	assert_true(dl_now() > 1695359301);
	unsetenv("DATELINE_NOW");
}

static void
test_strtonum(void **state)
{
	long	 v;

	(void)state;
	assert_int_equal(dl_strtonum("80", 1, 1000, &v), 0);
	assert_int_equal(v, 80);
	assert_int_equal(dl_strtonum("0", 1, 1000, &v), -1);
	assert_int_equal(dl_strtonum("12x", 1, 1000, &v), -1);
	assert_int_equal(dl_strtonum("", 1, 1000, &v), -1);
	assert_int_equal(dl_strtonum("99999999999999999999", 0, 10, &v), -1);
}

static void
test_caseeq(void **state)
{
	(void)state;
	assert_true(dl_strcaseeq("Shift_JIS", "shift_jis"));
	assert_false(dl_strcaseeq("utf-8", "utf-16"));
	assert_false(dl_strcaseeq("utf", "utf-8"));
	assert_true(dl_strncaseeq("HTTP/1.1", "http/", 5));
}

/* dl_utf8_ctl: which characters never reach a terminal raw. */
static void
test_utf8_ctl(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		uint32_t	 cp;
		const char	*why;
	} rows[] = {
		{ "\x1b[2J", 1, 0x1b, "ESC" },
		{ "\x07", 1, 0x07, "BEL" },
		{ "\x7f", 1, 0x7f, "DEL" },
		{ "\xc2\x9b" "31m", 2, 0x9b, "C1 CSI" },
		{ "\xc2\x80", 2, 0x80, "first C1" },
		{ "\xc2\x9f", 2, 0x9f, "last C1" },
		{ "\xc2\xa0", 0, 0, "no-break space is text" },
		{ "\xe2\x80\xaa", 3, 0x202a, "LRE" },
		{ "\xe2\x80\xae", 3, 0x202e, "RLO" },
		{ "\xe2\x81\xa6", 3, 0x2066, "LRI" },
		{ "\xe2\x81\xa9", 3, 0x2069, "PDI" },
		{ "\xe2\x80\x9c", 0, 0, "a curly quote is text" },
		{ "\xe2\x80\xaf", 0, 0, "narrow no-break space is text" },
		{ "\xe2\x80", 0, 0, "cut short" },
		{ "a", 0, 0, "a letter" },
	};
	uint32_t	 cp;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		print_message("%s\n", rows[i].why);
		cp = 0;
		assert_int_equal(dl_utf8_ctl(rows[i].s, strlen(rows[i].s), &cp),
		    rows[i].len);
		if (rows[i].len > 0)
			assert_int_equal(cp, rows[i].cp);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_terminates),
		cmocka_unit_test(test_buf_refuses_past_cap),
		cmocka_unit_test(test_buf_take_and_reset),
		cmocka_unit_test(test_err_prefix),
		cmocka_unit_test(test_now_pinned),
		cmocka_unit_test(test_utf8_ctl),
		cmocka_unit_test(test_strtonum),
		cmocka_unit_test(test_caseeq),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
