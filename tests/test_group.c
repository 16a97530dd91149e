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

#include <sqlite3.h>
#include <unistd.h>

#include "date.h"
#include "dl.h"
#include "group.h"
#include "store.h"
#include "t_db.h"
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
	/* Latin diacritics go too, as in the search index (dl_cp_fold):
	 * an outlet that writes Elysee copies one that writes Élysée. */
	t_norm("\xc3\x89LYS\xc3\x89" "E \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2"
	    "\xd0\xb0", "elysee \xd0\xbc\xd0\xbe\xd1\x81"
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
	assert_int_equal(a.h[0], 1148470062u);
	assert_int_equal(a.h[GROUP_K - 1], 2252741840u);
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
	{ "en_quake_st", "en_quake_cna", T_VIA, "the same" },
	{ "en_quake_ap", "en_quake_wire", T_SAME, "summary-only's article" },
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

/* --- The store's groups ------------------------------------------------ */

/* A fresh cache path in a temporary folder (caller frees). */
static char *
t_cache(void)
{
	char	 tmpl[] = "/tmp/test_group.XXXXXX";
	char	*dir;

	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	return dl_printf("%s/dateline.db", dir);
}

/* Remove the closed cache at path, its lock file and its folder; frees
 * path. */
static void
t_cache_rm(char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", ".lock" };
	char	*p;
	size_t	 i;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		p = dl_printf("%s%s", path, ext[i]);
		(void)unlink(p);
		free(p);
	}
	*strrchr(path, '/') = '\0';
	(void)rmdir(path);
	free(path);
}

/* Store the fixture text name in feed url as one item (guid name, the
 * text as one <p> per paragraph in content, or only the first as
 * summary). */
static void
t_store(struct store *st, const char *url, const char *name, int summary)
{
	struct feed_item	 it = { 0 };
	struct store_batch	*b;
	struct dl_buf		 h;
	struct dl_err		 err = { "" };
	int64_t			 fid;
	size_t			 len;
	char			*text, *p, *q;

	text = t_text(name, &len);
	dl_buf_init(&h, DL_BUF_CAP_DEFAULT);
	for (p = text; *p != '\0'; p = q) {
		if ((q = strstr(p, "\n\n")) == NULL)
			q = p + strlen(p);
		dl_buf_addf(&h, "<p>%.*s</p>", (int)(q - p), p);
		while (*q == '\n')
			q++;
		if (summary)
			break;
	}
	it.id = (char *)name;
	it.title = (char *)name;
	it.published = DATE_NONE;
	it.updated = DATE_NONE;
	if (summary)
		it.summary = h.data;
	else
		it.content = h.data;
	assert_int_equal(store_feed_upsert(st, url, NULL, &fid, &err), 0);
	b = store_batch_begin(st, fid);
	assert_int_equal(store_batch_item(b, &it, &err), 0);
	assert_int_equal(store_batch_commit(b, NULL, &err), 0);
	dl_buf_clear(&h);
	free(text);
}

/* Group what is queued; nothing is left after. */
static void
t_sync(struct store *st)
{
	struct dl_err	 err = { "" };
	int		 more = 1;

	assert_int_equal(store_same_sync(st, 0, &more, &err), 0);
	assert_int_equal(more, 0);
}

/* same_as of the item with guid name (0: NULL, -1: no such item). */
static int64_t
t_same(const char *path, const char *name)
{
	char	*sql;
	int64_t	 v;

	sql = dl_printf("SELECT coalesce(same_as, 0) FROM items"
	    " WHERE guid = '%s'", name);
	v = t_db_int(path, sql);
	free(sql);
	return v;
}

static int64_t
t_id(const char *path, const char *name)
{
	char	*sql;
	int64_t	 v;

	sql = dl_printf("SELECT id FROM items WHERE guid = '%s'", name);
	v = t_db_int(path, sql);
	free(sql);
	return v;
}

/* A cache of schema 11 is grouped when it is migrated. */
static void
test_store_migrate(void **state)
{
	struct dl_err	 err = { "" };
	struct store	*st;
	char		*path = t_cache();

	(void)state;
	st = store_open_upto(path, STORE_SAME_SCHEMA - 1, &err);
	assert_non_null(st);
	t_store(st, "http://a/", "en_quake_ap", 0);
	t_store(st, "http://b/", "en_quake_reuters", 0);
	t_store(st, "http://c/", "en_quake_jt", 0);
	t_store(st, "http://c/", "en_quake_followup", 0);
	store_close(st);
	assert_non_null(st = store_open(path, &err));
	assert_int_equal(store_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(t_db_int(path, "SELECT count(*) FROM group_pending"),
	    4);
	t_sync(st);
	store_close(st);
	assert_int_equal(t_same(path, "en_quake_ap"), t_id(path,
	    "en_quake_ap"));
	assert_int_equal(t_same(path, "en_quake_jt"), t_id(path,
	    "en_quake_ap"));
	assert_int_equal(t_same(path, "en_quake_reuters"), 0);
	assert_int_equal(t_same(path, "en_quake_followup"), 0);
	assert_int_equal(t_db_int(path, "SELECT count(*) FROM item_band"),
	    4 * GROUP_BANDS);
	t_cache_rm(path);
}

/* Retention removes a group's first item: the next one leads it; when
 * one copy is left, it stands alone; signatures and band keys go. */
static void
test_store_retain(void **state)
{
	struct dl_err	 err = { "" };
	struct store	*st;
	char		*path = t_cache();
	int64_t		 kh;

	(void)state;
	assert_non_null(st = store_open(path, &err));
	t_store(st, "http://a/", "ko_fire_yonhap", 0);
	t_store(st, "http://b/", "ko_fire_kbs", 0);
	t_store(st, "http://c/", "ko_fire_hani", 0);
	assert_int_equal(t_same(path, "ko_fire_hani"), 0);	/* queued */
	t_sync(st);
	kh = t_id(path, "ko_fire_kbs");
	assert_int_equal(t_same(path, "ko_fire_hani"), t_id(path,
	    "ko_fire_yonhap"));
	store_set_max_items(st, 1);	/* feed a keeps its newest only */
	t_store(st, "http://a/", "ko_fire_newsis", 0);
	t_sync(st);
	assert_int_equal(t_id(path, "ko_fire_yonhap"), -1);
	assert_int_equal(t_same(path, "ko_fire_kbs"), kh);
	assert_int_equal(t_same(path, "ko_fire_hani"), kh);
	t_store(st, "http://b/", "ko_fire_followup", 0);
	t_sync(st);
	assert_int_equal(t_same(path, "ko_fire_hani"), 0);
	store_close(st);
	assert_int_equal(t_db_int(path, "SELECT count(*) FROM item_sig"), 3);
	assert_int_equal(t_db_int(path, "SELECT count(*) FROM item_band"),
	    3 * GROUP_BANDS);
	t_cache_rm(path);
}

/* Unread of the feed at url, from store_feeds_list. */
static int64_t
t_unread(struct store *st, const char *url)
{
	struct store_feed	*v;
	struct dl_err		 err = { "" };
	size_t			 n, i;
	int64_t			 u = -1;

	assert_int_equal(store_feeds_list(st, &v, &n, &err), 0);
	for (i = 0; i < n; i++)
		if (strcmp(v[i].url, url) == 0)
			u = v[i].unread;
	store_feeds_free(v, n);
	return u;
}

/* A feed's unread count counts a group once where the feed has a copy:
 * two copies in one feed are one unread story, while either is unread;
 * the copy in another feed counts there. */
static void
test_store_counts(void **state)
{
	struct dl_err	 err = { "" };
	struct store	*st;
	char		*path = t_cache();
	int64_t		 id;

	(void)state;
	assert_non_null(st = store_open(path, &err));
	t_store(st, "http://a/", "en_quake_ap", 0);
	t_store(st, "http://a/", "en_quake_st", 0);
	t_store(st, "http://a/", "en_quake_followup", 0);
	t_store(st, "http://b/", "en_quake_jt", 0);
	t_sync(st);
	assert_int_equal(t_same(path, "en_quake_st"), t_id(path,
	    "en_quake_ap"));
	assert_int_equal(t_unread(st, "http://a/"), 2);
	assert_int_equal(t_unread(st, "http://b/"), 1);
	id = t_id(path, "en_quake_ap");
	assert_int_equal(store_mark(st, &id, 1, STORE_MARK_READ, &err), 0);
	assert_int_equal(t_unread(st, "http://a/"), 2);	/* st unread */
	id = t_id(path, "en_quake_st");
	assert_int_equal(store_mark(st, &id, 1, STORE_MARK_READ, &err), 0);
	assert_int_equal(t_unread(st, "http://a/"), 1);
	assert_int_equal(t_unread(st, "http://b/"), 1);
	store_close(st);
	t_cache_rm(path);
}

/* A summary-only copy joins when its article is stored, and leads the
 * group when it came first; grouping off groups nothing. */
static void
test_store_article(void **state)
{
	struct store_article	 a = { 0 };
	struct dl_err		 err = { "" };
	struct store		*st;
	char			*path = t_cache();
	size_t			 len;
	int64_t			 w;

	(void)state;
	assert_non_null(st = store_open(path, &err));
	t_store(st, "http://w/", "en_quake_wire", 1);
	t_store(st, "http://a/", "en_quake_ap", 0);
	t_store(st, "http://b/", "en_quake_st", 0);
	t_sync(st);
	w = t_id(path, "en_quake_wire");
	assert_int_equal(t_same(path, "en_quake_wire"), 0);
	a.text = t_text("en_quake_wire", &len);
	a.fetched_at = DATE_NONE;
	assert_int_equal(store_article_put(st, w, &a, &err), 0);
	free(a.text);
	t_sync(st);
	assert_int_equal(t_same(path, "en_quake_wire"), w);
	assert_int_equal(t_same(path, "en_quake_ap"), w);
	assert_int_equal(t_same(path, "en_quake_st"), w);
	store_set_grouping(st, 0);
	t_store(st, "http://c/", "en_quake_jt", 0);
	t_sync(st);
	assert_int_equal(t_same(path, "en_quake_jt"), 0);
	store_close(st);
	t_cache_rm(path);
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
		cmocka_unit_test(test_store_migrate),
		cmocka_unit_test(test_store_retain),
		cmocka_unit_test(test_store_counts),
		cmocka_unit_test(test_store_article),
	};

	(void)t_db_exec;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
