/* ui_article.c: the article view: a header (feed, title, author, date,
 * link), the story rendered by render_ at the window's width (the stored
 * full article, else the feed's content or summary while the page is
 * fetched in the background), and the list of links; re-rendered when
 * the terminal changes size or the article arrives. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "html.h"
#include "refresh.h"
#include "ui_int.h"

struct ui_article {
	struct ui_screen	*list;		/* for n and p; may be NULL */
	struct store_item	 it;
	struct render_out	*head;
	struct render_out	*body;
	char			**links;	/* "[n] URL", cleaned */
	const char		**urls;		/* URL n + 1, from body */
	size_t			 nlinks;
	size_t			 top;		/* first line shown */
	int			 fetching;	/* the page was asked for */
};

static int
ui_article_have_page(const struct store_item *it)
{
	return it->article != NULL && it->article->error == NULL &&
	    it->article->html != NULL;
}

/* The outlets that carried the story too (its group's other copies),
 * as a line of the header. */
static void
ui_article_copies(struct ui *ui, const struct store_item *it,
    struct dl_buf *b)
{
	struct store_item	*v;
	size_t			 n, i;

	if (it->same_n < 2 || store_same_copies(ui->st, it->id, &v, &n,
	    NULL) == -1 || n == 0)
		return;
	dl_buf_adds(b, "<p>Also in: ");
	for (i = 0; i < n; i++) {
		if (i > 0)
			dl_buf_adds(b, ", ");
		dl_buf_adds_html(b, ui_feed_title(ui, v[i].feed_url,
		    v[i].feed_title), 0);
	}
	dl_buf_adds(b, "</p>");
	store_items_free(v, n);
}

/* The header as HTML: the title as a heading, then feed, author and date,
 * the other outlets that carried it, then the link. */
static char *
ui_article_header_html(struct ui *ui, const struct store_item *it)
{
	const char	*author = it->author;
	struct dl_buf	 b;
	char		 d[128];

	if ((author == NULL || author[0] == '\0') && ui_article_have_page(it))
		author = it->article->byline;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "<h1>");
	dl_buf_adds_html(&b, it->title != NULL && it->title[0] != '\0' ?
	    it->title : "(no title)", 0);
	dl_buf_adds(&b, "</h1><p>");
	dl_buf_adds_html(&b, ui_feed_title(ui, it->feed_url, it->feed_title),
	    0);
	if (author != NULL && author[0] != '\0') {
		dl_buf_adds(&b, " \xc2\xb7 By ");
		dl_buf_adds_html(&b, author, 0);
	}
	/* Local time; undated: when dateline first saw it (sort_date). */
	if (ui_date(ui, it->sort_date, 1, d, sizeof d) > 0) {
		dl_buf_adds(&b, " \xc2\xb7 ");
		dl_buf_adds_html(&b, d, 0);
	}
	dl_buf_adds(&b, "</p>");
	ui_article_copies(ui, it, &b);
	if (it->link != NULL) {
		dl_buf_adds(&b, "<p>");
		dl_buf_adds_html(&b, it->link, 0);
		dl_buf_adds(&b, "</p>");
	}
	return dl_buf_take(&b);
}

/* The story's document: the stored page, else the feed's content, else
 * its summary; a first heading repeating the title is dropped. */
static struct html_doc *
ui_article_doc(const struct store_item *it)
{
	const char		*html, *base = it->link;
	struct html_doc		*doc;

	if (ui_article_have_page(it)) {
		html = it->article->html;
		if (it->article->url != NULL)
			base = it->article->url;
	} else
		html = it->content != NULL && it->content[0] != '\0' ?
		    it->content : it->summary;
	doc = html_doc_parse(html, html != NULL ? strlen(html) : 0, base);
	html_doc_drop_title(doc, it->title);
	return doc;
}

static void
ui_article_unrender(struct ui_article *a)
{
	size_t	 i;

	render_out_free(a->head);
	render_out_free(a->body);
	for (i = 0; i < a->nlinks; i++)
		free(a->links[i]);
	free(a->links);
	free(a->urls);
	a->head = a->body = NULL;
	a->links = NULL;
	a->urls = NULL;
	a->nlinks = 0;
}

/* Lay the article out at the window's width. */
static void
ui_article_render(struct ui *ui, struct ui_article *a)
{
	struct render_opts	 o = { COLS - 2 };
	struct html_doc		*doc;
	char			*html;
	size_t			 i;

	ui_article_unrender(a);
	html = ui_article_header_html(ui, &a->it);
	doc = html_doc_parse(html, strlen(html), NULL);
	a->head = render_doc(doc, &o);
	html_doc_free(doc);
	free(html);
	doc = ui_article_doc(&a->it);
	a->body = render_doc(doc, &o);
	html_doc_free(doc);
	a->nlinks = render_out_nlinks(a->body);
	a->links = dl_reallocarray(NULL, a->nlinks + 1, sizeof *a->links);
	a->urls = dl_reallocarray(NULL, a->nlinks + 1, sizeof *a->urls);
	for (i = 0; i < a->nlinks; i++) {
		a->urls[i] = render_out_link(a->body, i + 1);
		a->links[i] = dl_printf("[%zu] %s", i + 1, a->urls[i]);
	}
}

/* Lines: header, a blank, the body, then a blank, "Links:" and one per
 * link. */
static size_t
ui_article_nlines(const struct ui_article *a)
{
	size_t	 n = render_out_nlines(a->head) + 1 +
		     render_out_nlines(a->body);

	if (render_out_nlines(a->body) == 0)
		n++;	/* "(no text)" */
	return a->nlinks > 0 ? n + 2 + a->nlinks : n;
}

/* "[n] URL": the number as link-number, the URL as link. */
static void
ui_article_draw_link(const char *line, int y)
{
	const char	*sp = strchr(line, ' ');
	char		*num;
	int		 w;

	if (sp == NULL) {
		ui_draw_text(y, 1, line, COLS - 2, 0, ui_style(UI_EL_LINK));
		return;
	}
	num = dl_strndup(line, (size_t)(sp - line));
	w = ui_draw_text(y, 1, num, COLS - 2, 0, ui_style(UI_EL_LINK_NUMBER));
	ui_draw_text(y, 2 + w, sp + 1, COLS - 3 - w, 0, ui_style(UI_EL_LINK));
	free(num);
}

static void
ui_article_draw_line(struct ui_article *a, size_t i, int y)
{
	size_t	 nh = render_out_nlines(a->head);
	size_t	 nb = render_out_nlines(a->body);

	if (nb == 0)
		nb = 1;
	if (i < nh) {
		ui_draw_render_line(y, 1, render_out_line(a->head, i), 1);
		return;
	}
	i -= nh;
	if (i == 0)
		return;
	if (--i < nb) {
		if (render_out_nlines(a->body) == 0)
			ui_draw_text(y, 1, "(no text)", COLS - 2, 0,
			    ui_style(UI_EL_MESSAGE));
		else
			ui_draw_render_line(y, 1, render_out_line(a->body,
			    i), 0);
		return;
	}
	i -= nb;
	if (i == 1)
		ui_draw_text(y, 1, "Links:", COLS - 2, 0,
		    ui_style(UI_EL_HEADING));
	else if (i >= 2 && i - 2 < a->nlinks)
		ui_article_draw_link(a->links[i - 2], y);
}

static void
ui_article_draw(struct ui *ui, struct ui_screen *s, int y, int rows)
{
	struct ui_article	*a = s->data;
	size_t			 n = ui_article_nlines(a), i;

	(void)ui;
	if (a->top >= n)
		a->top = n > 0 ? n - 1 : 0;
	for (i = 0; i < (size_t)rows && a->top + i < n; i++)
		ui_article_draw_line(a, a->top + i, y + (int)i);
}

/* Read item id; the full page is asked for when the item has none and
 * its own text is not the whole story. Returns 0 or -1 (message). */
static int
ui_article_load(struct ui *ui, struct ui_article *a, int64_t id)
{
	struct store_item	 it;
	struct dl_err		 err = { "" };

	memset(&it, 0, sizeof it);
	if (store_item_get(ui->st, id, &it, &err) == -1) {
		ui_message(ui, "cache: %s", err.msg);
		store_item_clear(&it);
		return -1;
	}
	store_item_clear(&a->it);
	a->it = it;
	a->top = 0;
	a->fetching = 0;
	if (!ui_article_have_page(&it) && !refresh_item_is_full(&it) &&
	    it.link != NULL && (strncmp(it.link, "http://", 7) == 0 ||
	    strncmp(it.link, "https://", 8) == 0))
		a->fetching = ui_refresh_article(ui, id) == 0;
	if (!it.read && store_mark_group(ui->st, id, STORE_MARK_READ, NULL,
	    &err) == 0)
		a->it.read = 1;
	if (a->list != NULL)
		ui_items_set_marks(a->list, id, a->it.read, a->it.saved);
	ui_article_render(ui, a);
	return 0;
}

static void
ui_article_scroll(struct ui_article *a, enum ui_action act)
{
	size_t	 rows = (size_t)ui_draw_rows(), n = ui_article_nlines(a);
	size_t	 max = n > rows ? n - rows : 0;
	size_t	 page = rows > 1 ? rows - 1 : 1, half = rows / 2 + 1;

	switch (act) {
	case UI_ACT_DOWN:
		a->top++;
		break;
	case UI_ACT_UP:
		a->top -= a->top > 0;
		break;
	case UI_ACT_TOP:
		a->top = 0;
		break;
	case UI_ACT_BOTTOM:
		a->top = max;
		break;
	case UI_ACT_PAGE_DOWN:
		a->top += page;
		break;
	case UI_ACT_PAGE_UP:
		a->top = a->top > page ? a->top - page : 0;
		break;
	case UI_ACT_HALF_DOWN:
		a->top += half;
		break;
	default:
		a->top = a->top > half ? a->top - half : 0;
		break;
	}
	if (a->top > max)
		a->top = max;
}

static void
ui_article_mark(struct ui *ui, struct ui_article *a, enum store_mark how)
{
	struct dl_err	 err = { "" };

	if (store_mark_group(ui->st, a->it.id, how, NULL, &err) == -1) {
		ui_message(ui, "cache: %s", err.msg);
		return;
	}
	if (how == STORE_MARK_READ || how == STORE_MARK_UNREAD)
		a->it.read = how == STORE_MARK_READ;
	else
		a->it.saved = how == STORE_MARK_SAVE;
	ui_message(ui, "%s", how == STORE_MARK_READ ? "marked read" :
	    how == STORE_MARK_UNREAD ? "marked unread" :
	    how == STORE_MARK_SAVE ? "saved" : "unsaved");
	if (a->list != NULL)
		ui_items_set_marks(a->list, a->it.id, a->it.read, a->it.saved);
}

static void
ui_article_step(struct ui *ui, struct ui_article *a, int dir)
{
	int64_t	 id;

	if (a->list == NULL ||
	    (id = ui_items_step_unread(ui, a->list, dir)) == 0) {
		ui_message(ui, "no %s unread story", dir > 0 ? "next" :
		    "previous");
		return;
	}
	ui_article_load(ui, a, id);
}

/* Stop the fetch of the story's page, if one is on the way: the feed's
 * own text stays. 1 if one was cancelled. */
static int
ui_article_cancel(struct ui *ui, struct ui_article *a)
{
	if (!a->fetching || ui->rf == NULL || ui->fetch_item != a->it.id)
		return 0;
	ui->fetch_item = 0;	/* no "full article: ..." message */
	a->fetching = 0;
	if (refresh_cancel_article(ui->rf, a->it.id) == 0)
		return 0;
	ui_message(ui, "fetch cancelled");
	ui->dirty = 1;
	return 1;
}

/* The actions on the story's links, page and feed; 1 if handled. */
static int
ui_article_act(struct ui *ui, struct ui_article *a, enum ui_action act)
{
	if (act >= UI_ACT_OPEN_LINK_1 && act <= UI_ACT_OPEN_LINK_9) {
		ui_links_open_nth(ui, a->urls, a->nlinks,
		    (size_t)(act - UI_ACT_OPEN_LINK_1) + 1);
		return 1;
	}
	switch (act) {
	case UI_ACT_OPEN_LINK:
		ui_links_open(ui, a->urls, a->nlinks);
		return 1;
	case UI_ACT_SHOW_LINKS:
		if (a->nlinks == 0)
			ui_error(ui, "no links in this story");
		else
			ui_push(ui, ui_links_new(ui, a->it.title, a->urls,
			    a->nlinks));
		return 1;
	case UI_ACT_REFRESH_FEED:
		ui_refresh_url(ui, a->it.feed_url);
		return 1;
	case UI_ACT_REFETCH:
		if (ui_refresh_article(ui, a->it.id) == 0) {
			a->fetching = 1;
			ui_message(ui, "fetching the full article");
		}
		return 1;
	case UI_ACT_COPY_LINK:
		ui_copy(ui, a->it.link);
		return 1;
	case UI_ACT_COPIES:
		ui_items_copies(ui, &a->it);
		return 1;
	case UI_ACT_EXPORT:
		ui_article_export(ui, a->it.id);
		return 1;
	case UI_ACT_CANCEL:
		if (!ui_article_cancel(ui, a))
			ui_message(ui, "no fetch to cancel");
		return 1;
	default:
		return 0;
	}
}

static int
ui_article_action(struct ui *ui, struct ui_screen *s, enum ui_action act)
{
	struct ui_article	*a = s->data;

	switch (act) {
	case UI_ACT_DOWN: case UI_ACT_UP: case UI_ACT_TOP: case UI_ACT_BOTTOM:
	case UI_ACT_PAGE_DOWN: case UI_ACT_PAGE_UP: case UI_ACT_HALF_DOWN:
	case UI_ACT_HALF_UP:
		ui_article_scroll(a, act);
		break;
	case UI_ACT_NEXT_UNREAD:
	case UI_ACT_PREV_UNREAD:
		ui_article_step(ui, a, act == UI_ACT_NEXT_UNREAD ? 1 : -1);
		break;
	case UI_ACT_TOGGLE_READ:
		ui_article_mark(ui, a, a->it.read ? STORE_MARK_UNREAD :
		    STORE_MARK_READ);
		break;
	case UI_ACT_TOGGLE_SAVED:
		ui_article_mark(ui, a, a->it.saved ? STORE_MARK_UNSAVE :
		    STORE_MARK_SAVE);
		break;
	case UI_ACT_BROWSER:
		ui_browser(ui, a->it.link);
		break;
	case UI_ACT_OPEN:
		break;
	case UI_ACT_BACK:
		ui_article_cancel(ui, a);
		return 0;	/* and back, as ever */
	default:
		return ui_article_act(ui, a, act);
	}
	return 1;
}

/* A place in the article that does not depend on the width: in the
 * header (line), in the body (block and offset of the top line), or
 * after it (line counted from the body's end). */
struct ui_article_place {
	int	 part;		/* 0 header, 1 body, 2 after */
	size_t	 line;
	size_t	 block;
	size_t	 off;
};

static void
ui_article_place_get(const struct ui_article *a, struct ui_article_place *p)
{
	size_t			 nh = render_out_nlines(a->head) + 1;
	size_t			 nb = render_out_nlines(a->body);
	size_t			 nbody = nb > 0 ? nb : 1;	/* "(no text)" */
	const struct render_line *l;

	memset(p, 0, sizeof p[0]);
	if (a->top < nh) {
		p->line = a->top;
	} else if (a->top - nh < nb) {
		l = render_out_line(a->body, a->top - nh);
		p->part = 1;
		p->block = l->block;
		p->off = l->off;
	} else {
		p->part = 2;
		p->line = a->top - nh >= nbody ? a->top - nh - nbody : 0;
	}
}

static void
ui_article_place_set(struct ui_article *a, const struct ui_article_place *p)
{
	size_t	 nh = render_out_nlines(a->head) + 1;
	size_t	 nb = render_out_nlines(a->body);

	if (p->part == 0)
		a->top = p->line < nh ? p->line : nh - 1;
	else if (p->part == 1 && nb > 0)
		a->top = nh + render_out_find(a->body, p->block, p->off);
	else
		a->top = nh + (nb > 0 ? nb : 1) + p->line;
}

/* Laid out again at the new width, the line read before on top. */
static void
ui_article_resize(struct ui *ui, struct ui_screen *s)
{
	struct ui_article	*a = s->data;
	struct ui_article_place	 p;

	ui_article_place_get(a, &p);
	ui_article_render(ui, a);
	ui_article_place_set(a, &p);
}

/* The cache changed: the full article may have arrived. */
static void
ui_article_reload(struct ui *ui, struct ui_screen *s)
{
	struct ui_article	*a = s->data;
	struct store_article	*art;
	struct dl_err		 err = { "" };

	/* Not before the page asked for is done (a stored one may be
	 * about to be replaced). */
	if (!a->fetching || ui->fetch_item == a->it.id)
		return;
	art = dl_calloc(1, sizeof *art);
	if (store_article_get(ui->st, a->it.id, art, &err) != 0) {
		free(art);
		return;
	}
	store_article_clear(a->it.article);
	free(a->it.article);
	a->it.article = art;
	a->fetching = 0;
	ui_article_render(ui, a);
}

static void
ui_article_status(struct ui *ui, struct ui_screen *s, char *buf,
    size_t size)
{
	struct ui_article	*a = s->data;
	size_t			 n = ui_article_nlines(a);
	size_t			 end = a->top + (size_t)ui_draw_rows();

	(void)ui;
	snprintf(buf, size, "Story %lld \xc2\xb7 %s%s \xc2\xb7 line %zu/%zu%s",
	    (long long)a->it.id, a->it.read ? "read" : "unread",
	    a->it.saved ? ", saved" : "", a->top + 1, n,
	    end >= n ? " (end)" : "");
}

static void
ui_article_free(struct ui_screen *s)
{
	struct ui_article	*a = s->data;

	ui_article_unrender(a);
	store_item_clear(&a->it);
	free(a);
}

/* The story of it as Markdown: the stored page, else the feed's text. */
static char *
ui_article_markdown(struct ui *ui, const struct store_item *it)
{
	struct render_md_head	 h;
	const char		*html, *base = it->link;
	char			 d[DATE_RFC3339_SIZE], date[64] = "";
	int64_t			 t = it->published != DATE_NONE ?
				     it->published : it->updated;

	h.author = it->author;
	if (ui_article_have_page(it)) {
		html = it->article->html;
		if (it->article->url != NULL)
			base = it->article->url;
		if (h.author == NULL || h.author[0] == '\0')
			h.author = it->article->byline;
	} else
		html = it->content != NULL && it->content[0] != '\0' ?
		    it->content : it->summary;
	if (date_format_rfc3339(t, d, sizeof d) == 0)
		snprintf(date, sizeof date, "%.10s %.5s UTC", d, d + 11);
	h.title = it->title;
	h.feed = ui_feed_title(ui, it->feed_url, it->feed_title);
	h.date = date;
	h.link = it->link;
	return render_markdown(&h, html, base);
}

void
ui_article_export(struct ui *ui, int64_t id)
{
	struct store_item	 it;
	struct dl_err		 err = { "" };
	char			*md = NULL, *stem = NULL, *written = NULL;

	memset(&it, 0, sizeof it);
	if (store_item_get(ui->st, id, &it, &err) == -1) {
		ui_error(ui, "cache: %s", err.msg);
		goto out;
	}
	md = ui_article_markdown(ui, &it);
	stem = render_slug(it.title, id);
	if (dl_file_save(NULL, stem, md, &written, &err) == -1)
		ui_error(ui, "export: %s", err.msg);
	else
		ui_message(ui, "exported to %s", written);
out:
	free(md);
	free(stem);
	free(written);
	store_item_clear(&it);
}

static const struct ui_screen_ops ui_article_ops = {
	"Article", ui_article_draw, ui_article_action, ui_article_resize,
	ui_article_reload, ui_article_status, ui_article_free, NULL
};

struct ui_screen *
ui_article_new(struct ui *ui, int64_t id, struct ui_screen *list)
{
	struct ui_screen	*s;
	struct ui_article	*a = dl_calloc(1, sizeof *a);

	a->list = list;
	if (ui_article_load(ui, a, id) == -1) {
		free(a);
		return NULL;
	}
	s = dl_calloc(1, sizeof *s);
	s->ops = &ui_article_ops;
	s->data = a;
	return s;
}

const char *
ui_article_feed_url(const struct ui_screen *s, const char **title)
{
	const struct ui_article	*a;
	const char		*t;

	*title = NULL;
	if (s == NULL || s->ops != &ui_article_ops)
		return NULL;
	a = s->data;
	*title = a->it.feed_title;
	return ui_items_feed_url(a->list, &t);
}
