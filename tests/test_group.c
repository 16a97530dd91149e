/* test_group.c: unit tests for group_ (issue 17): normalisation, the
 * signature's stability, and a table of story pairs from
 * tests/data/group/text judged at the default threshold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dl.h"
#include "group.h"
#include "t_fixture.h"

static void
t_norm(const char *in, const char *want)
{
	struct dl_buf	 b;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	group_normalize(&b, in, strlen(in));
	assert_string_equal(dl_buf_str(&b), want);
	dl_buf_clear(&b);
}

/* Quotes, dashes and case fold away; numbers stay; CJK is per
 * character. */
static void
test_normalize(void **state)
{
	(void)state;
	t_norm("Yoon's \"Plan\" -- 2024", "yoon s plan 2024 ");
	t_norm("Yoon\xe2\x80\x99s \xe2\x80\x9cPlan\xe2\x80\x9d \xe2\x80\x94 2024",
	    "yoon s plan 2024 ");
	t_norm("\xc3\x89LYS\xc3\x89" "E \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2"
	    "\xd0\xb0", "\xc3\xa9lys\xc3\xa9" "e \xd0\xbc\xd0\xbe\xd1\x81"
	    "\xd0\xba\xd0\xb2\xd0\xb0 ");
	/* Fullwidth ASCII is ASCII; 「」 separate like quotes. */
	t_norm("\xef\xbc\xa1\xef\xbc\xb0 \xe3\x80\x8c\xec\x84\x9c\xec\x9a\xb8"
	    "\xe3\x80\x8d", "ap \xec\x84\x9c \xec\x9a\xb8 ");
	t_norm("", "");
}

/* Signatures are stored: the same text must give the same hashes in
 * every build. The figures were taken once from this implementation. */
static void
test_sig_stable(void **state)
{
	static const char	 txt[] = "the quick brown fox jumps over the "
	    "lazy dog while the cat sleeps on the warm mat by the door";
	struct group_sig	 a, b;
	unsigned char		 p[GROUP_SIG_BYTES];

	(void)state;
	assert_int_equal(group_sig_text(&a, txt, strlen(txt)), 17);
	assert_int_equal(a.h[0], 103769224u);
	assert_int_equal(a.h[GROUP_K - 1], 568274946u);
	assert_true(group_sig_usable(&a));
	group_sig_text(&b, txt, strlen(txt));
	assert_memory_equal(a.h, b.h, sizeof a.h);
	group_sig_pack(&a, p);
	memset(&b, 0, sizeof b);
	assert_int_equal(group_sig_unpack(&b, p, sizeof p), 0);
	assert_memory_equal(a.h, b.h, sizeof a.h);
	assert_int_equal(group_sig_unpack(&b, p, sizeof p - 1), -1);
	assert_true(group_similarity(&a, &b) == 1.0);
}

/* Short text has too few shingles; punctuation alone has none. */
static void
test_sig_short(void **state)
{
	struct group_sig	 s;

	(void)state;
	assert_int_equal(group_sig_text(&s, "Quake hits Japan", 16), 0);
	assert_false(group_sig_usable(&s));
	assert_int_equal(group_sig_text(&s, "-- \xe2\x80\x94 !!", 9), 0);
	/* Korean: 4-character shingles over the Hangul, spaces skipped. */
	assert_int_equal(group_sig_text(&s, "\xec\x84\x9c\xec\x9a\xb8 "
	    "\xed\x99\x94\xec\x84\xb1", 13), 1);
}

/* Equal signatures give equal band keys; a changed band changes its
 * key only. */
static void
test_bands(void **state)
{
	struct group_sig	 a;
	int64_t			 k1[GROUP_BANDS], k2[GROUP_BANDS];
	size_t			 i;

	(void)state;
	for (i = 0; i < GROUP_K; i++)
		a.h[i] = (uint32_t)(i * 2654435761u);
	group_bands(&a, k1);
	a.h[GROUP_ROWS] ^= 1;		/* the second band's first row */
	group_bands(&a, k2);
	for (i = 0; i < GROUP_BANDS; i++) {
		if (i == 1)
			assert_true(k1[i] != k2[i]);
		else
			assert_true(k1[i] == k2[i]);
	}
	for (i = 1; i < GROUP_BANDS; i++)
		assert_true(k1[i] != k1[0]);	/* bands are mixed in */
}

/* A pair of fixture texts and what must happen at the default
 * threshold. */
enum t_want {
	T_SAME,		/* one story: estimate at or over the threshold */
	T_APART,	/* different stories: under it */
	T_VIA		/* one story that joins through a third copy: the
			   estimate may fall either side */
};

static const struct t_pair {
	const char	*a, *b;
	enum t_want	 want;
	const char	*why;
} t_pairs[] = {
	{ "en_quake_ap", "en_quake_st", T_SAME, "dashes, quotes, a line" },
	{ "en_quake_ap", "en_quake_jt", T_SAME, "last 2 paragraphs cut" },
	{ "en_quake_ap", "en_quake_kh", T_SAME, "last 3 cut, caption" },
	{ "en_quake_jt", "en_quake_kh", T_SAME, "two cut copies" },
	{ "en_quake_cna", "en_quake_jt", T_SAME, "house style, km, cut" },
	{ "en_quake_cna", "en_quake_kh", T_SAME, "house style, cut" },
	{ "en_quake_ap", "en_quake_cna", T_VIA, "a third of it cut" },
	{ "en_quake_ap", "en_quake_reuters", T_APART, "another agency" },
	{ "en_quake_ap", "en_quake_explainer", T_APART, "an explainer" },
	{ "en_quake_ap", "en_quake_followup", T_APART,
	    "a follow-up with background paragraphs of the first" },
	{ "en_quake_st", "en_quake_followup", T_APART, "the same" },
	{ "en_quake_ap", "en_ishiba_visit", T_APART, "same people" },
	{ "ko_fire_yonhap", "ko_fire_kbs", T_SAME, "byline, last cut" },
	{ "ko_fire_yonhap", "ko_fire_hani", T_SAME, "caption, 2 cut" },
	{ "ko_fire_yonhap", "ko_fire_chosun", T_SAME, "numbers, reporter" },
	{ "ko_fire_hani", "ko_fire_chosun", T_SAME, "two edited copies" },
	{ "ko_fire_yonhap", "ko_fire_followup", T_APART, "a follow-up" },
	{ "ko_fire_yonhap", "ko_fire_newsis", T_APART, "another agency" },
	{ "ko_fire_newsis", "ko_fire_followup", T_APART, "both apart" },
};

static char *
t_text(const char *name, size_t *len)
{
	char	*rel, *s;

	rel = dl_printf("group/text/%s.txt", name);
	s = t_fixture(rel, len);
	free(rel);
	return s;
}

static void
test_pairs(void **state)
{
	struct group_sig	 sa, sb;
	size_t			 i, alen, blen;
	double			 est, exact;
	char			*a, *b;

	(void)state;
	for (i = 0; i < sizeof t_pairs / sizeof t_pairs[0]; i++) {
		a = t_text(t_pairs[i].a, &alen);
		b = t_text(t_pairs[i].b, &blen);
		group_sig_text(&sa, a, alen);
		group_sig_text(&sb, b, blen);
		assert_true(group_sig_usable(&sa) && group_sig_usable(&sb));
		est = group_similarity(&sa, &sb);
		exact = group_jaccard(a, alen, b, blen);
		print_message("%-16s %-18s exact %.3f est %.3f (%s)\n",
		    t_pairs[i].a, t_pairs[i].b, exact, est, t_pairs[i].why);
		/* 72 hashes: the estimate's standard error is <= 0.06. */
		assert_true(est > exact - 0.15 && est < exact + 0.15);
		if (t_pairs[i].want == T_SAME)
			assert_true(est >= GROUP_THRESHOLD_DEFAULT);
		else if (t_pairs[i].want == T_APART)
			assert_true(est < GROUP_THRESHOLD_DEFAULT);
		free(a);
		free(b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_sig_stable),
		cmocka_unit_test(test_sig_short),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
