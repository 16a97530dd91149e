/* ui_items.c: the story list screens (one feed, all stories, saved,
 * search results): rows read from the cache a window at a time with
 * store_items_list (offset, or keyset paging by (sort date, id) when
 * scrolling on), so that a list costs the same on any size of cache. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "ui_int.h"

/* Rows held at once. */
#define UI_ITEMS_WINDOW		256
/* Columns of the feed column in views across feeds. */
#define UI_ITEMS_FEED_COLS	18
/* Most columns of the date column (the date-format setting's). */
#define UI_ITEMS_DATE_COLS	24

struct ui_items {
	struct ui_list		 list;
	char			*title;
	char			*feed_url;	/* NULL: every feed */
	char			**tag_feeds;	/* all stories under a tag */
	size_t			 ntag_feeds;
	int			 by_tag;	/* only tag_feeds' stories */
	int			 saved_only;
	int64_t			 same_as;	/* > 0: one story's copies */
	char			*search;
	struct store_item	*win;		/* rows win_off ... */
	size_t			 nwin;
	size_t			 win_off;
	int			 loaded;	/* a window was read */
	int			 sort;		/* ui->sort when read */
	int			 date_cols;	/* of the date column */
};

/* The `sort` setting's names and the lists' words for them, by enum
 * store_order. */
static const char *const ui_items_sorts[][2] = {
	{ "newest", "newest first" }, { "oldest", "oldest first" },
	{ "feed", "by feed" }, { "title", "by title" }
};

int
ui_items_sort_find(const char *name)
{
	int	 i;

	for (i = 0; i <= STORE_ORDER_TITLE; i++)
		if (strcmp(ui_items_sorts[i][0], name) == 0)
			return i;
	return STORE_ORDER_NEWEST;
}

const char *
ui_items_sort_name(int sort)
{
	return ui_items_sorts[sort][1];
}

/* Rows from the cache: limit of them from offset off, or after row
 * `after` when it is not NULL. Returns 0 or -1 (message shown). */
static int
ui_items_query(struct ui *ui, struct ui_items *v, size_t off,
    const struct store_item *after, size_t limit, struct store_item **out,
    size_t *n)
{
	struct store_query	 q;
	struct dl_err		 err = { "" };

	memset(&q, 0, sizeof q);
	q.feed_url = v->feed_url;
	q.in_feeds = v->by_tag;
	q.feeds = (const char *const *)v->tag_feeds;
	q.nfeeds = v->ntag_feeds;
	q.saved_only = v->saved_only;
	/* The saved view keeps what was saved, read or not. */
	q.unread_only = ui->hide_read && !v->saved_only && v->same_as == 0;
	q.order = (enum store_order)v->sort;
	q.search = v->search;
	q.same_as = v->same_as;
	q.groups_once = v->same_as == 0;	/* copies: one row */
	q.limit = limit;
	/* Keyset paging follows (sort date, id): other orders read on by
	 * offset. */
	if (after != NULL && q.order != STORE_ORDER_NEWEST) {
		off = v->win_off + v->nwin;
		after = NULL;
	}
	q.offset = after != NULL ? 0 : off;
	if (after != NULL) {
		q.before_date = after->sort_date;
		q.before_id = after->id;
	}
	*out = NULL;
	*n = 0;
	if (store_items_list(ui->st, &q, out, n, &err) == -1) {
		ui_message(ui, "cache: %s", err.msg);
		return -1;
	}
	return 0;
}

/* Scrolling on past the window: keep its last quarter, then read on
 * from its last row (keyset). */
static int
ui_items_slide(struct ui *ui, struct ui_items *v)
{
	size_t			 keep = UI_ITEMS_WINDOW / 4, n, i;
	struct store_item	*rows, *w;

	if (ui_items_query(ui, v, 0, &v->win[v->nwin - 1],
	    UI_ITEMS_WINDOW - keep, &rows, &n) == -1)
		return -1;
	if (keep > v->nwin)
		keep = v->nwin;
	w = dl_reallocarray(NULL, keep + n + 1, sizeof *w);
	for (i = 0; i < v->nwin - keep; i++)
		store_item_clear(&v->win[i]);
	memcpy(w, v->win + v->nwin - keep, keep * sizeof *w);
	memcpy(w + keep, rows, n * sizeof *w);
	free(v->win);
	free(rows);	/* the rows' strings moved into w */
	v->win_off += v->nwin - keep;
	v->win = w;
	v->nwin = keep + n;
	v->list.more = n == UI_ITEMS_WINDOW - keep;
	return 0;
}

/* Read the window holding row i afresh, by offset. */
static int
ui_items_jump(struct ui *ui, struct ui_items *v, size_t i)
{
	size_t			 off = i > UI_ITEMS_WINDOW / 4 ?
				     i - UI_ITEMS_WINDOW / 4 : 0, n;
	struct store_item	*rows;

	if (ui_items_query(ui, v, off, NULL, UI_ITEMS_WINDOW, &rows, &n) ==
	    -1)
		return -1;
	store_items_free(v->win, v->nwin);
	v->win = rows;
	v->nwin = n;
	v->win_off = off;
	v->list.more = n == UI_ITEMS_WINDOW;
	v->loaded = 1;
	return 0;
}

/* Row i, read in if needed; NULL when there is no such row. */
static struct store_item *
ui_items_row(struct ui *ui, struct ui_items *v, size_t i)
{
	size_t	 end = v->win_off + v->nwin;

	if (i >= v->win_off && i < end)
		return &v->win[i - v->win_off];
	if (v->loaded && !v->list.more && i >= end)
		return NULL;
	if (v->nwin > 0 && i >= end && i < end + UI_ITEMS_WINDOW / 2) {
		if (ui_items_slide(ui, v) == -1)
			return NULL;
	} else if (ui_items_jump(ui, v, i) == -1)
		return NULL;
	if (!v->list.more)
		v->list.count = v->win_off + v->nwin;
	else if (v->list.count < v->win_off + v->nwin)
		v->list.count = v->win_off + v->nwin;
	end = v->win_off + v->nwin;
	return i >= v->win_off && i < end ? &v->win[i - v->win_off] : NULL;
}

/* The date column's width: that of the date-format for a late date
 * (two-digit fields at their widest), at most UI_ITEMS_DATE_COLS. */
static int
ui_items_date_cols(struct ui *ui)
{
	char	 d[UI_ITEMS_DATE_COLS * 4 + 1];
	size_t	 n = ui_date(ui, 1735685999, 0, d, sizeof d);
	int	 w = render_width(d, n);

	return w < UI_ITEMS_DATE_COLS ? w : UI_ITEMS_DATE_COLS;
}

static void
ui_items_draw_row(struct ui *ui, void *data, size_t i, int y, int selected)
{
	struct ui_items		*v = data;
	const struct store_item	*it = ui_items_row(ui, v, i);
	enum ui_element	 el = it->read ? UI_EL_LIST : UI_EL_UNREAD;
	char		 date[UI_ITEMS_DATE_COLS * 4 + 1], more[24];
	int		 fw = v->feed_url == NULL ? UI_ITEMS_FEED_COLS : 0;
	int		 dw = v->date_cols, tx = 5 + dw + (dw > 0 ? 2 : 0);
	int		 tw = COLS - tx - 1 - (fw > 0 ? fw + 2 : 0) - 1;
	int		 ttw = tw, mw;

	ui_date(ui, it->sort_date, 0, date, sizeof date);
	ui_draw_row(y, selected);
	if (!it->read)
		ui_draw_text(y, 1, "N", 1, 0, ui_draw_cell(UI_EL_UNREAD,
		    selected));
	if (it->saved)
		ui_draw_text(y, 2, "S", 1, 0, ui_draw_cell(UI_EL_SAVED,
		    selected));
	if (dw > 0)
		ui_draw_text(y, 5, date, dw, RENDER_TRUNC_PAD,
		    ui_draw_cell(UI_EL_DATE, selected));
	if (it->same_n > 1) {	/* "+N": the story's other copies */
		snprintf(more, sizeof more, "+%lld",
		    (long long)(it->same_n - 1));
		mw = (int)strlen(more);
		ttw = tw > mw + 1 ? tw - mw - 1 : 0;
		ui_draw_text(y, tx + ttw + 1, more, mw, 0,
		    ui_draw_cell(UI_EL_FEED, selected));
	}
	ui_draw_text(y, tx, it->title != NULL && it->title[0] != '\0' ?
	    it->title : "(no title)", ttw, RENDER_TRUNC_PAD,
	    ui_draw_cell(el, selected));
	if (fw > 0)
		ui_draw_text(y, tx + tw + 2, ui_feed_title(ui, it->feed_url,
		    it->feed_title), fw, RENDER_TRUNC_PAD,
		    ui_draw_cell(UI_EL_FEED, selected));
}

static int
ui_items_have(struct ui *ui, void *data, size_t i)
{
	return ui_items_row(ui, data, i) != NULL;
}

static const struct ui_list_ops ui_items_list_ops = {
	ui_items_have, ui_items_draw_row
};

static void
ui_items_draw(struct ui *ui, struct ui_screen *s, int y, int rows)
{
	struct ui_items	*v = s->data;

	v->date_cols = ui_items_date_cols(ui);
	ui_list_draw(ui, &v->list, y, rows);
	if (v->list.count == 0)
		ui_draw_text(y, 2, v->search != NULL ? "no story matches" :
		    ui->hide_read && !v->saved_only ? "no unread stories (H "
		    "shows the read ones)" : "no stories (R refreshes)",
		    COLS - 4, 0, ui_style(UI_EL_MESSAGE));
}

/* The selected row, or NULL in an empty list. */
static struct store_item *
ui_items_cur(struct ui *ui, struct ui_items *v)
{
	return ui_items_row(ui, v, v->list.cursor);
}

static void
ui_items_mark(struct ui *ui, struct store_item *it, enum store_mark how)
{
	struct dl_err	 err = { "" };

	/* Every copy of the story. */
	if (store_mark_group(ui->st, it->id, how, NULL, &err) == -1) {
		ui_message(ui, "cache: %s", err.msg);
		return;
	}
	if (how == STORE_MARK_READ || how == STORE_MARK_UNREAD)
		it->read = how == STORE_MARK_READ;
	else
		it->saved = how == STORE_MARK_SAVE;
}

/* 1 if url is one of the n urls. */
static int
ui_items_in(char **urls, size_t n, const char *url)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(urls[i], url) == 0)
			return 1;
	return 0;
}

/* Mark every story All stories shows read: every feed's, or under a
 * tag filter those of the feeds with the tag. */
static void
ui_items_mark_all_done(struct ui *ui, const char *text, const char *arg)
{
	struct store_feed	*v = NULL;
	struct dl_err		 err = { "" };
	char			**urls = NULL;
	size_t			 nurls = 0, n = 0, i, changed, total = 0;

	(void)text;
	(void)arg;
	if (ui->tag != NULL)
		nurls = ui_feeds_tag_urls(ui, &urls);
	if (store_feeds_list(ui->st, &v, &n, &err) == -1)
		ui_error(ui, "cache: %s", err.msg);
	for (i = 0; i < n; i++) {
		changed = 0;
		if (v[i].unread == 0 || (ui->tag != NULL &&
		    !ui_items_in(urls, nurls, v[i].url)))
			continue;
		if (store_mark_feed_read(ui->st, v[i].id, &changed, &err) ==
		    -1) {
			ui_error(ui, "cache: %s", err.msg);
			break;
		}
		total += changed;
	}
	if (i == n && n > 0)
		ui_message(ui, "marked %zu stor%s read", total,
		    total == 1 ? "y" : "ies");
	store_feeds_free(v, n);
	for (i = 0; i < nurls; i++)
		free(urls[i]);
	free(urls);
	ui->changed = 1;
}

void
ui_items_mark_all(struct ui *ui)
{
	char	*q = ui->tag != NULL ? dl_printf("mark every story of the "
		    "feeds tagged %s read?", ui->tag) :
		    dl_strdup("mark every story of every feed read?");

	ui_confirm(ui, q, ui_items_mark_all_done, NULL);
	free(q);
}

/* A: one feed's list marks that feed; All stories asks to mark all it
 * shows; saved stories, a search and a story's copies mark the
 * selected story's feed, and say which. */
static void
ui_items_mark_feed(struct ui *ui, struct ui_screen *s, struct ui_items *v)
{
	struct store_item	*it = ui_items_cur(ui, v);
	struct dl_err		 err = { "" };
	size_t			 changed = 0;

	if (v->feed_url == NULL && !v->saved_only && v->search == NULL &&
	    v->same_as == 0) {
		ui_items_mark_all(ui);
		return;
	}
	if (it == NULL)
		return;
	if (store_mark_feed_read(ui->st, it->feed_id, &changed, &err) == -1) {
		ui_message(ui, "cache: %s", err.msg);
		return;
	}
	ui_message(ui, "marked %zu stor%s of %s read", changed,
	    changed == 1 ? "y" : "ies", ui_feed_title(ui, it->feed_url,
	    it->feed_title));
	s->ops->reload(ui, s);
}

static void
ui_items_open(struct ui *ui, struct ui_screen *s, struct ui_items *v)
{
	struct store_item	*it = ui_items_cur(ui, v);
	struct ui_screen	*a;

	if (it != NULL && (a = ui_article_new(ui, it->id, s)) != NULL)
		ui_push(ui, a);
}

/* Actions on the selected story's feed or page; 1 if handled. */
static int
ui_items_act_story(struct ui *ui, struct store_item *it, enum ui_action a)
{
	switch (a) {
	case UI_ACT_REFRESH_FEED:
		ui_refresh_url(ui, it->feed_url);
		return 1;
	case UI_ACT_REFETCH:
		if (ui_refresh_article(ui, it->id) == 0)
			ui_message(ui, "fetching the full article");
		return 1;
	case UI_ACT_COPY_LINK:
		ui_copy(ui, it->link);
		return 1;
	case UI_ACT_COPIES:
		ui_items_copies(ui, it);
		return 1;
	default:
		return 0;
	}
}

static void
ui_items_click(struct ui *ui, struct ui_screen *s, int row)
{
	struct ui_items	*v = s->data;

	ui_list_click(ui, &v->list, row);
}

/* Marks and opening; 1 if handled. */
static int
ui_items_act(struct ui *ui, struct ui_screen *s, struct ui_items *v,
    enum ui_action a)
{
	struct store_item	*it = ui_items_cur(ui, v);

	switch (a) {
	case UI_ACT_OPEN:
		ui_items_open(ui, s, v);
		break;
	case UI_ACT_TOGGLE_READ:
		if (it != NULL)
			ui_items_mark(ui, it, it->read ? STORE_MARK_UNREAD :
			    STORE_MARK_READ);
		break;
	case UI_ACT_TOGGLE_SAVED:
		if (it != NULL)
			ui_items_mark(ui, it, it->saved ? STORE_MARK_UNSAVE :
			    STORE_MARK_SAVE);
		break;
	case UI_ACT_MARK_FEED_READ:
		ui_items_mark_feed(ui, s, v);
		break;
	case UI_ACT_NEXT_UNREAD:
	case UI_ACT_PREV_UNREAD:
		if (ui_items_step_unread(ui, s, a == UI_ACT_NEXT_UNREAD ? 1 :
		    -1) == 0)
			ui_message(ui, "no unread story");
		break;
	case UI_ACT_BROWSER:
		if (it != NULL)
			ui_browser(ui, it->link);
		break;
	case UI_ACT_EXPORT:
		if (it != NULL)
			ui_article_export(ui, it->id);
		break;
	default:
		return it != NULL && ui_items_act_story(ui, it, a);
	}
	return 1;
}

static int
ui_items_action(struct ui *ui, struct ui_screen *s, enum ui_action a)
{
	struct ui_items	*v = s->data;

	if (ui_list_move(ui, &v->list, a))
		return 1;
	return ui_items_act(ui, s, v, a);
}

/* The next (dir 1) or previous (-1) unread story from row i on (i
 * itself included when self): the cursor goes there; its id, or 0. */
static int64_t
ui_items_find_unread(struct ui *ui, struct ui_items *v, size_t i, int dir,
    int self)
{
	struct store_item	*it;

	for (;; self = 0) {
		if (!self && dir < 0 && i == 0)
			return 0;
		if (!self)
			i = dir > 0 ? i + 1 : i - 1;
		if ((it = ui_items_row(ui, v, i)) == NULL)
			return 0;
		if (!it->read) {
			v->list.cursor = i;
			return it->id;
		}
	}
}

/* One feed's list with no unread story left goes on to the next (or
 * previous) feed with some, in the feed list's order, as newsboat does:
 * the list shows that feed, its cursor on its first (last) unread
 * story. That story's id, or 0. */
static int64_t
ui_items_next_feed(struct ui *ui, struct ui_items *v, int dir)
{
	char	*title = NULL, *url;

	if (v->feed_url == NULL || v->search != NULL || v->saved_only ||
	    (url = ui_feeds_next_unread(ui, v->feed_url, dir, &title)) ==
	    NULL)
		return 0;
	free(v->feed_url);
	free(v->title);
	v->feed_url = url;
	v->title = title;
	store_items_free(v->win, v->nwin);
	v->win = NULL;
	v->nwin = v->win_off = 0;
	v->loaded = 0;
	v->list.cursor = v->list.top = v->list.count = 0;
	v->list.more = 1;
	if (dir < 0)
		v->list.cursor = ui_list_clamp(ui, &v->list, SIZE_MAX);
	ui_message(ui, "on to %s", title);
	return ui_items_find_unread(ui, v, v->list.cursor, dir, 1);
}

int64_t
ui_items_step_unread(struct ui *ui, struct ui_screen *s, int dir)
{
	struct ui_items		*v = s->data;
	int64_t			 id;

	if ((id = ui_items_find_unread(ui, v, v->list.cursor, dir, 0)) != 0)
		return id;
	id = ui_items_next_feed(ui, v, dir);
	s->title = v->title;
	return id;
}

void
ui_items_set_marks(struct ui_screen *s, int64_t id, int read, int saved)
{
	struct ui_items	*v = s->data;
	size_t		 i;

	for (i = 0; i < v->nwin; i++) {
		if (v->win[i].id == id) {
			v->win[i].read = read;
			v->win[i].saved = saved;
		}
	}
}

/* The same window again, the cursor kept on the same story if it is
 * still in it (new stories above move it down). */
static void
ui_items_reload(struct ui *ui, struct ui_screen *s)
{
	struct ui_items		*v = s->data;
	struct store_item	*it = ui_items_cur(ui, v);
	int64_t			 id = it != NULL ? it->id : 0;
	size_t			 i, off = v->win_off;

	if (v->sort != ui->sort) {	/* a new order starts at its top */
		v->sort = ui->sort;
		off = v->list.cursor = 0;
	}
	v->list.count = 0;
	v->list.more = 1;
	if (ui_items_jump(ui, v, off + UI_ITEMS_WINDOW / 4) == -1)
		return;
	v->list.count = v->win_off + v->nwin;
	for (i = 0; i < v->nwin; i++) {
		if (v->win[i].id == id) {
			v->list.cursor = v->win_off + i;
			break;
		}
	}
	v->list.cursor = ui_list_clamp(ui, &v->list, v->list.cursor);
}

static void
ui_items_status(struct ui *ui, struct ui_screen *s, char *buf, size_t size)
{
	struct ui_items	*v = s->data;
	char		 pos[64];

	if (v->list.count == 0)
		snprintf(pos, sizeof pos, "empty");
	else
		snprintf(pos, sizeof pos, "%zu/%zu%s", v->list.cursor + 1,
		    v->list.count, v->list.more ? "+" : "");
	snprintf(buf, size, "%s \xc2\xb7 %s%s%s%s", v->title, pos,
	    ui->hide_read && !v->saved_only ? " \xc2\xb7 unread only" : "",
	    v->sort != STORE_ORDER_NEWEST ? " \xc2\xb7 " : "",
	    v->sort != STORE_ORDER_NEWEST ? ui_items_sort_name(v->sort) : "");
}

static void
ui_items_free(struct ui_screen *s)
{
	struct ui_items	*v = s->data;
	size_t		 i;

	store_items_free(v->win, v->nwin);
	free(v->title);
	free(v->feed_url);
	for (i = 0; i < v->ntag_feeds; i++)
		free(v->tag_feeds[i]);
	free(v->tag_feeds);
	free(v->search);
	free(v);
}

static const struct ui_screen_ops ui_items_ops = {
	"Stories", ui_items_draw, ui_items_action, NULL, ui_items_reload,
	ui_items_status, ui_items_free, ui_items_click
};

/* A story list: one feed's (feed_url), the saved ones, a search's, the
 * copies of one story (same_as > 0), else all stories (under the tag
 * filter when there is one). */
static struct ui_screen *
ui_items_make(struct ui *ui, const char *title, const char *feed_url,
    int saved_only, const char *search, int64_t same_as)
{
	struct ui_screen	*s = dl_calloc(1, sizeof *s);
	struct ui_items		*v = dl_calloc(1, sizeof *v);

	if (feed_url == NULL && !saved_only && search == NULL &&
	    same_as == 0 && ui->tag != NULL) {
		v->by_tag = 1;
		v->ntag_feeds = ui_feeds_tag_urls(ui, &v->tag_feeds);
		v->title = dl_printf("%s \xc2\xb7 tag %s", title, ui->tag);
	} else
		v->title = dl_strdup(title);
	v->feed_url = feed_url != NULL ? dl_strdup(feed_url) : NULL;
	v->saved_only = saved_only;
	v->same_as = same_as;
	v->sort = ui->sort;
	v->search = search != NULL ? dl_strdup(search) : NULL;
	v->list.more = 1;
	v->list.ops = &ui_items_list_ops;
	v->list.data = v;
	ui_items_row(ui, v, 0);
	s->ops = &ui_items_ops;
	s->data = v;
	s->title = v->title;
	return s;
}

struct ui_screen *
ui_items_new(struct ui *ui, const char *title, const char *feed_url,
    int saved_only, const char *search)
{
	return ui_items_make(ui, title, feed_url, saved_only, search, 0);
}

void
ui_items_copies(struct ui *ui, const struct store_item *it)
{
	char	*title;

	if (it->same_as == 0) {
		ui_message(ui, "no other feed carried this story");
		return;
	}
	title = dl_printf("Copies \xc2\xb7 %s", it->title != NULL ?
	    it->title : "(no title)");
	ui_push(ui, ui_items_make(ui, title, NULL, 0, NULL, it->same_as));
	free(title);
}

const char *
ui_items_feed_url(const struct ui_screen *s, const char **title)
{
	const struct ui_items	*v;

	*title = NULL;
	if (s == NULL || s->ops != &ui_items_ops)
		return NULL;
	v = s->data;
	if (v->search == NULL)
		*title = v->title;
	return v->feed_url;
}
