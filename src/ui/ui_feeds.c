/* ui_feeds.c: the feed list screen: the urls file's subscriptions in file
 * order (hidden ones left out), then the feed server's (as the last sync
 * left them, the set `dateline feeds` lists), with their titles,
 * unread/total counts and marks for errors (from the cache), hubs (from
 * the urls file or the cache) and the server's feeds, behind an "All
 * stories" row. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subs.h"
#include "sync.h"
#include "ui_int.h"

/* Columns of the counts column: " 12345/12345". */
#define UI_FEEDS_COUNT_COLS	13

struct ui_feed_row {
	char		*url;		/* NULL: the All stories row */
	char		*title;
	int64_t		 id;		/* 0 when not in the cache yet */
	int64_t		 unread;
	int64_t		 total;
	int		 error;
	int		 hub;
	int		 server;	/* the feed server's */
};

struct ui_feeds {
	struct ui_list		 list;
	struct ui_feed_row	*rows;
};

static int
ui_feeds_cmp_url(const void *a, const void *b)
{
	const struct store_feed	*fa = a, *fb = b;

	return strcmp(fa->url, fb->url);
}

static void
ui_feeds_clear(struct ui_feeds *f)
{
	size_t	 i;

	for (i = 0; i < f->list.count; i++) {
		free(f->rows[i].url);
		free(f->rows[i].title);
	}
	free(f->rows);
	f->rows = NULL;
	f->list.count = 0;
}

/* The subscriptions the feed list shows: the urls file's (hidden ones
 * left out), then the feed server's that the urls file does not hold,
 * tagged SYNC_FEED_TAG and their category, as `dateline feeds` lists
 * them. The last nserver of v are the server's. */
struct ui_feeds_set {
	const struct subs_feed	**v;
	size_t			  n;
	struct subs_feed	 *server;
	size_t			  nserver;
};

/* A server's feed as a subscription: its url (taken) and its tags. The
 * category is added as it is (not read as "!" or "~Title"). */
static void
ui_feeds_set_server_one(struct subs_feed *f, struct store_sync_feedinfo *i)
{
	f->url = i->url;
	i->url = NULL;
	f->tags = dl_calloc(2, sizeof *f->tags);
	f->tags[f->ntags++] = dl_strdup(SYNC_FEED_TAG);
	if (i->category != NULL && i->category[0] != '\0')
		f->tags[f->ntags++] = dl_strdup(i->category);
}

static void
ui_feeds_set_load(struct ui *ui, struct ui_feeds_set *fs)
{
	struct store_sync_feedinfo *v = NULL;
	struct dl_err		 err = { "" };
	size_t			 n = 0, i, ns = subs_count(ui->subs);

	memset(fs, 0, sizeof *fs);
	if (store_sync_feed_list(ui->st, &v, &n, &err) == -1)
		ui_message(ui, "cache: %s", err.msg);
	fs->server = dl_calloc(n + 1, sizeof *fs->server);
	for (i = 0; i < n; i++)
		if (subs_find(ui->subs, v[i].url) == NULL)
			ui_feeds_set_server_one(&fs->server[fs->nserver++],
			    &v[i]);
	store_sync_feed_list_free(v, n);
	fs->v = dl_calloc(ns + fs->nserver + 1, sizeof *fs->v);
	for (i = 0; i < ns; i++)
		if (!subs_get(ui->subs, i)->hidden)
			fs->v[fs->n++] = subs_get(ui->subs, i);
	for (i = 0; i < fs->nserver; i++)
		fs->v[fs->n++] = &fs->server[i];
}

static void
ui_feeds_set_clear(struct ui_feeds_set *fs)
{
	size_t	 i;

	for (i = 0; i < fs->nserver; i++)
		subs_feed_clear(&fs->server[i]);
	free(fs->server);
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

/* One subscription's row, with what the cache knows (c may be NULL). */
static void
ui_feeds_row(struct ui_feed_row *r, const struct subs_feed *sf,
    const struct store_feed *c)
{
	const char	*t = sf->title;

	if (t == NULL && c != NULL && c->title != NULL && c->title[0] != '\0')
		t = c->title;
	r->url = dl_strdup(sf->url);
	r->title = dl_strdup(t != NULL ? t : sf->url);
	/* The urls file says what a subscription is, before any refresh. */
	r->hub = subs_feed_is_hub(sf);
	if (c == NULL)
		return;
	r->id = c->id;
	r->unread = c->unread;
	r->total = c->total;
	r->error = c->last_error != NULL;
	r->hub |= c->kind != NULL && strcmp(c->kind, "hub") == 0;
}

/* 1 if f has the tag, or tag is NULL. */
static int
ui_feeds_tagged(const struct subs_feed *f, const char *tag)
{
	size_t	 i;

	for (i = 0; tag != NULL && i < f->ntags; i++)
		if (strcmp(f->tags[i], tag) == 0)
			return 1;
	return tag == NULL;
}

size_t
ui_feeds_tag_urls(struct ui *ui, char ***out)
{
	struct ui_feeds_set	 fs;
	size_t			 i, n = 0;

	ui_feeds_set_load(ui, &fs);
	*out = dl_calloc(fs.n + 1, sizeof **out);
	for (i = 0; i < fs.n; i++)
		if (ui_feeds_tagged(fs.v[i], ui->tag))
			(*out)[n++] = dl_strdup(fs.v[i]->url);
	ui_feeds_set_clear(&fs);
	return n;
}

/* Read the subscriptions (fs) and the cache's counts again: those with
 * tag (NULL: all), the read ones left out when hide_read. */
static void
ui_feeds_load_set(struct ui *ui, struct ui_feeds *f,
    const struct ui_feeds_set *fs, const char *tag, int hide_read)
{
	struct store_feed	*v = NULL, key, *c;
	struct dl_err		 err = { "" };
	size_t			 n = 0, i;
	struct ui_feed_row	*all;

	ui_feeds_clear(f);
	if (store_feeds_list(ui->st, &v, &n, &err) == -1)
		ui_message(ui, "cache: %s", err.msg);
	if (n > 0)	/* an empty cache gives v == NULL: not for qsort */
		qsort(v, n, sizeof *v, ui_feeds_cmp_url);
	f->rows = dl_calloc(fs->n + 1, sizeof *f->rows);
	all = &f->rows[f->list.count++];
	all->title = dl_strdup("All stories");
	for (i = 0; i < fs->n; i++) {
		const struct subs_feed *sf = fs->v[i];
		struct ui_feed_row *r;

		if (!ui_feeds_tagged(sf, tag))
			continue;
		key.url = sf->url;
		c = n > 0 ? bsearch(&key, v, n, sizeof *v, ui_feeds_cmp_url) :
		    NULL;
		r = &f->rows[f->list.count++];
		ui_feeds_row(r, sf, c);
		r->server = i >= fs->n - fs->nserver;
		all->unread += r->unread;
		all->total += r->total;
		if (hide_read && r->unread == 0) {	/* shown: no */
			free(r->url);
			free(r->title);
			memset(r, 0, sizeof *r);
			f->list.count--;
		}
	}
	store_feeds_free(v, n);
}

static void
ui_feeds_load(struct ui *ui, struct ui_feeds *f)
{
	struct ui_feeds_set	 fs;

	ui_feeds_set_load(ui, &fs);
	ui_feeds_load_set(ui, f, &fs, ui->tag, ui->hide_read);
	ui_feeds_set_clear(&fs);
}

/* The row after (dir 1) or before (-1) row i with unread stories; 0 (the
 * All stories row) if none. */
static size_t
ui_feeds_step(const struct ui_feeds *f, size_t i, int dir)
{
	for (;;) {
		if (dir < 0 ? i <= 1 : i + 1 >= f->list.count)
			return 0;
		i = dir > 0 ? i + 1 : i - 1;
		if (f->rows[i].unread > 0)
			return i;
	}
}

char *
ui_feeds_next_unread(struct ui *ui, const char *url, int dir, char **title)
{
	struct ui_feeds	 f;
	size_t		 i, at = 0;
	char		*next = NULL;

	memset(&f, 0, sizeof f);
	ui_feeds_load(ui, &f);
	for (i = 1; i < f.list.count; i++)
		if (strcmp(f.rows[i].url, url) == 0)
			at = i;
	if (at == 0 && dir < 0)
		at = f.list.count;
	if ((i = ui_feeds_step(&f, at, dir)) > 0) {
		next = dl_strdup(f.rows[i].url);
		*title = dl_strdup(f.rows[i].title);
	}
	ui_feeds_clear(&f);
	return next;
}

static void
ui_feeds_draw_row(struct ui *ui, void *data, size_t i, int y, int selected)
{
	const struct ui_feed_row *r = &((struct ui_feeds *)data)->rows[i];
	enum ui_element	 el = r->unread > 0 ? UI_EL_UNREAD : UI_EL_LIST;
	char		 counts[64];
	int		 tw = COLS - UI_FEEDS_COUNT_COLS - 6;

	snprintf(counts, sizeof counts, "%6lld/%-6lld",
	    (long long)r->unread, (long long)r->total);
	(void)ui;
	ui_draw_row(y, selected);
	if (r->error)
		ui_draw_text(y, 1, "!", 1, 0, ui_draw_cell(UI_EL_FEED_ERROR,
		    selected));
	if (r->hub)
		ui_draw_text(y, 2, "H", 1, 0, ui_draw_cell(UI_EL_HUB,
		    selected));
	else if (r->server)
		ui_draw_text(y, 2, "S", 1, 0, ui_draw_cell(UI_EL_LIST,
		    selected));
	ui_draw_text(y, 4, r->title, tw, RENDER_TRUNC_PAD,
	    ui_draw_cell(r->error ? UI_EL_FEED_ERROR : el, selected));
	ui_draw_text(y, 4 + tw + 1, counts, UI_FEEDS_COUNT_COLS, 0,
	    ui_draw_cell(el, selected));
}

static const struct ui_list_ops ui_feeds_list_ops = {
	NULL, ui_feeds_draw_row
};

static void
ui_feeds_draw(struct ui *ui, struct ui_screen *s, int y, int rows)
{
	struct ui_feeds	*f = s->data;

	ui_list_draw(ui, &f->list, y, rows);
}

static void
ui_feeds_open(struct ui *ui, struct ui_feeds *f)
{
	const struct ui_feed_row *r = &f->rows[f->list.cursor];

	ui_push(ui, ui_items_new(ui, r->title, r->url, 0, NULL));
}

static void
ui_feeds_mark_read(struct ui *ui, struct ui_screen *s, struct ui_feeds *f)
{
	const struct ui_feed_row *r = &f->rows[f->list.cursor];
	struct dl_err	 err = { "" };
	size_t		 changed = 0;

	if (r->url == NULL) {	/* All stories */
		ui_items_mark_all(ui);
		return;
	}
	if (r->id == 0) {
		ui_message(ui, "no stories in this feed yet");
		return;
	}
	if (store_mark_feed_read(ui->st, r->id, &changed, &err) == -1) {
		ui_message(ui, "cache: %s", err.msg);
		return;
	}
	ui_message(ui, "marked %zu stor%s of %s read", changed,
	    changed == 1 ? "y" : "ies", r->title);
	s->ops->reload(ui, s);
}

static int
ui_feeds_remove(struct subs *s, void *url, struct dl_err *err)
{
	(void)err;
	return subs_remove(s, url);
}

static void
ui_feeds_unsubscribe_done(struct ui *ui, const char *text, const char *url)
{
	struct dl_err	 err = { "" };
	int		 rc;

	(void)text;
	if ((rc = ui_subs_edit(ui, ui_feeds_remove, (void *)url, &err)) == -1)
		ui_error(ui, "unsubscribe: %s", err.msg);
	else if (rc == 1)
		ui_error(ui, "%s is not subscribed", url);
	else
		ui_message(ui, "unsubscribed from %s", url);
	ui->changed = 1;
}

/* The actions on the selected feed; 1 if handled. */
static int
ui_feeds_act(struct ui *ui, struct ui_feeds *f, enum ui_action a)
{
	const struct ui_feed_row *r = &f->rows[f->list.cursor];
	char		*q;

	switch (a) {
	case UI_ACT_REFRESH_FEED:
		if (r->url == NULL)
			ui_refresh_all(ui);
		else
			ui_refresh_url(ui, r->url);
		return 1;
	case UI_ACT_UNSUBSCRIBE:
		if (r->url == NULL) {
			ui_message(ui, "d unsubscribes from the selected feed "
			    "(All stories is not one)");
			return 1;
		}
		if (r->server) {	/* not in the urls file */
			ui_message(ui, "%s is the feed server's: unsubscribe "
			    "there, or with dateline remove", r->title);
			return 1;
		}
		q = dl_printf("unsubscribe from %s?", r->title);
		ui_confirm(ui, q, ui_feeds_unsubscribe_done,
		    dl_strdup(r->url));
		free(q);
		return 1;
	case UI_ACT_COPY_LINK:
		if (r->url == NULL)
			return 0;
		ui_copy(ui, r->url);
		return 1;
	default:
		return 0;
	}
}

static void
ui_feeds_click(struct ui *ui, struct ui_screen *s, int row)
{
	struct ui_feeds	*f = s->data;

	ui_list_click(ui, &f->list, row);
}

static int
ui_feeds_action(struct ui *ui, struct ui_screen *s, enum ui_action a)
{
	struct ui_feeds	*f = s->data;
	size_t		 t;

	if (ui_list_move(ui, &f->list, a))
		return 1;
	switch (a) {
	case UI_ACT_OPEN:
		ui_feeds_open(ui, f);
		return 1;
	case UI_ACT_MARK_FEED_READ:
		ui_feeds_mark_read(ui, s, f);
		return 1;
	case UI_ACT_NEXT_UNREAD:
	case UI_ACT_PREV_UNREAD:
		if ((t = ui_feeds_step(f, f->list.cursor,
		    a == UI_ACT_NEXT_UNREAD ? 1 : -1)) > 0)
			f->list.cursor = t;
		else
			ui_message(ui, "no %s feed with unread stories",
			    a == UI_ACT_NEXT_UNREAD ? "next" : "previous");
		return 1;
	default:
		return ui_feeds_act(ui, f, a);
	}
}

/* Keep the cursor on the same feed. */
static void
ui_feeds_reload(struct ui *ui, struct ui_screen *s)
{
	struct ui_feeds	*f = s->data;
	char		*url = NULL;
	size_t		 i;

	if (f->list.cursor < f->list.count && f->rows[f->list.cursor].url)
		url = dl_strdup(f->rows[f->list.cursor].url);
	ui_feeds_load(ui, f);
	for (i = 1; url != NULL && i < f->list.count; i++)
		if (strcmp(f->rows[i].url, url) == 0)
			f->list.cursor = i;
	if (f->list.cursor >= f->list.count)	/* its feed was hidden */
		f->list.cursor = f->list.count - 1;
	free(url);
}

static void
ui_feeds_status(struct ui *ui, struct ui_screen *s, char *buf, size_t size)
{
	struct ui_feeds	*f = s->data;

	snprintf(buf, size, "Feeds %zu/%zu \xc2\xb7 %lld unread%s%s%s",
	    f->list.cursor + 1, f->list.count,
	    (long long)f->rows[0].unread, ui->tag != NULL ? " \xc2\xb7 tag " :
	    "", ui->tag != NULL ? ui->tag : "", ui->hide_read ?
	    " \xc2\xb7 read feeds hidden" : "");
}

static void
ui_feeds_free(struct ui_screen *s)
{
	struct ui_feeds	*f = s->data;

	ui_feeds_clear(f);
	free(f);
}

static const struct ui_screen_ops ui_feeds_ops = {
	"Feeds", ui_feeds_draw, ui_feeds_action, NULL, ui_feeds_reload,
	ui_feeds_status, ui_feeds_free, ui_feeds_click
};

struct ui_screen *
ui_feeds_new(struct ui *ui)
{
	struct ui_screen	*s = dl_calloc(1, sizeof *s);
	struct ui_feeds		*f = dl_calloc(1, sizeof *f);

	ui_feeds_load(ui, f);
	f->list.ops = &ui_feeds_list_ops;
	f->list.data = f;
	s->ops = &ui_feeds_ops;
	s->data = f;
	return s;
}

/* --- The tag list (t) ----------------------------------------------------- */

struct ui_tag_row {
	char		*tag;		/* NULL: every feed */
	int64_t		 unread;
	size_t		 feeds;
};

struct ui_tags {
	struct ui_list		 list;
	struct ui_tag_row	*rows;
	size_t			 alloc;
};

static int
ui_tags_cmp(const void *a, const void *b)
{
	const struct ui_tag_row	*ta = a, *tb = b;

	return strcmp(ta->tag, tb->tag);
}

/* Count a feed with unread stories under tag (a new row if needed). */
static void
ui_tags_add(struct ui_tags *t, const char *tag, int64_t unread)
{
	size_t	 i;

	for (i = 1; i < t->list.count; i++)
		if (strcmp(t->rows[i].tag, tag) == 0)
			break;
	if (i == t->list.count) {
		if (t->list.count == t->alloc) {
			t->alloc *= 2;
			t->rows = dl_reallocarray(t->rows, t->alloc,
			    sizeof *t->rows);
		}
		memset(&t->rows[i], 0, sizeof t->rows[i]);
		t->rows[i].tag = dl_strdup(tag);
		t->list.count++;
	}
	t->rows[i].unread += unread;
	t->rows[i].feeds++;
}

/* The tags of the shown subscriptions (not the ones that are settings,
 * such as prefetch:no), by name, behind an "every feed" row. */
static void
ui_tags_load(struct ui *ui, struct ui_tags *t)
{
	struct ui_feeds		 f;
	struct ui_feeds_set	 fs;
	size_t			 i, j, k;

	memset(&f, 0, sizeof f);
	ui_feeds_set_load(ui, &fs);
	/* No filter: row i is the set's i - 1. */
	ui_feeds_load_set(ui, &f, &fs, NULL, 0);
	t->alloc = 16;
	t->rows = dl_calloc(t->alloc, sizeof *t->rows);
	t->list.count = 1;
	t->rows[0].unread = f.rows[0].unread;
	t->rows[0].feeds = f.list.count - 1;
	for (i = 1; i < f.list.count; i++) {
		const struct subs_feed *sf = fs.v[i - 1];

		for (j = 0; j < sf->ntags; j++)
			if (strchr(sf->tags[j], ':') == NULL)
				ui_tags_add(t, sf->tags[j], f.rows[i].unread);
	}
	ui_feeds_clear(&f);
	ui_feeds_set_clear(&fs);
	if (t->list.count > 2)
		qsort(t->rows + 1, t->list.count - 1, sizeof *t->rows,
		    ui_tags_cmp);
	for (k = 1; ui->tag != NULL && k < t->list.count; k++)
		if (strcmp(t->rows[k].tag, ui->tag) == 0)
			t->list.cursor = k;
}

static void
ui_tags_draw_row(struct ui *ui, void *data, size_t i, int y, int selected)
{
	const struct ui_tag_row	*r = &((struct ui_tags *)data)->rows[i];
	char			 counts[96];

	(void)ui;
	snprintf(counts, sizeof counts, "%6lld unread  %zu feed%s",
	    (long long)r->unread, r->feeds, r->feeds == 1 ? "" : "s");
	ui_draw_row(y, selected);
	ui_draw_text(y, 2, r->tag != NULL ? r->tag : "(every feed)",
	    COLS - 30, RENDER_TRUNC_PAD, ui_draw_cell(r->unread > 0 ?
	    UI_EL_UNREAD : UI_EL_LIST, selected));
	ui_draw_text(y, COLS - 27, counts, 26, 0, ui_draw_cell(UI_EL_LIST,
	    selected));
}

static const struct ui_list_ops ui_tags_list_ops = {
	NULL, ui_tags_draw_row
};

static void
ui_tags_draw(struct ui *ui, struct ui_screen *s, int y, int rows)
{
	struct ui_tags	*t = s->data;

	ui_list_draw(ui, &t->list, y, rows);
}

static int
ui_tags_action(struct ui *ui, struct ui_screen *s, enum ui_action a)
{
	struct ui_tags	*t = s->data;
	const char	*tag;

	if (ui_list_move(ui, &t->list, a))
		return 1;
	if (a == UI_ACT_FILTER_TAG)
		return 1;
	if (a != UI_ACT_OPEN)
		return 0;
	tag = t->rows[t->list.cursor].tag;
	free(ui->tag);
	ui->tag = tag != NULL ? dl_strdup(tag) : NULL;
	if (tag != NULL)
		ui_message(ui, "feeds tagged %s (t lists the tags)", tag);
	else
		ui_message(ui, "every feed");
	ui_pop(ui);
	return 1;
}

static void
ui_tags_click(struct ui *ui, struct ui_screen *s, int row)
{
	struct ui_tags	*t = s->data;

	ui_list_click(ui, &t->list, row);
}

static void
ui_tags_status(struct ui *ui, struct ui_screen *s, char *buf, size_t size)
{
	struct ui_tags	*t = s->data;

	(void)ui;
	snprintf(buf, size, "Tags %zu/%zu \xc2\xb7 Enter filters the feed list",
	    t->list.cursor + 1, t->list.count);
}

static void
ui_tags_free(struct ui_screen *s)
{
	struct ui_tags	*t = s->data;
	size_t		 i;

	for (i = 0; i < t->list.count; i++)
		free(t->rows[i].tag);
	free(t->rows);
	free(t);
}

static const struct ui_screen_ops ui_tags_ops = {
	"Tags", ui_tags_draw, ui_tags_action, NULL, NULL, ui_tags_status,
	ui_tags_free, ui_tags_click
};

struct ui_screen *
ui_tags_new(struct ui *ui)
{
	struct ui_screen	*s = dl_calloc(1, sizeof *s);
	struct ui_tags		*t = dl_calloc(1, sizeof *t);

	ui_tags_load(ui, t);
	t->list.ops = &ui_tags_list_ops;
	t->list.data = t;
	s->ops = &ui_tags_ops;
	s->data = t;
	return s;
}
