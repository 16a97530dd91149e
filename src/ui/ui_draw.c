/* ui_draw.c: drawing for the ui_ module: the frame around every screen
 * (title bar, status line, message and prompt line), cleaned and
 * width-cut text, styled rendered lines, the list cursor, and the help
 * screen generated from the key bindings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refresh.h"
#include "ui_int.h"

/* Chrome: the title bar, the status line and the message line. */
#define UI_DRAW_CHROME	3

int
ui_draw_rows(void)
{
	return LINES > UI_DRAW_CHROME + 1 ? LINES - UI_DRAW_CHROME : 1;
}

int
ui_draw_text(int y, int x, const char *s, int width, int flags, attr_t attr)
{
	char	*t;
	int	 w;

	if (width <= 0)
		return 0;
	t = render_truncate(s, width, flags);
	w = render_width(t, strlen(t));
	attron(attr);
	mvaddstr(y, x, t);
	attroff(attr);
	free(t);
	return w;
}

static attr_t
ui_draw_run_attr(unsigned int flags)
{
	attr_t	 a = A_NORMAL;

	if (flags & (RENDER_BOLD | RENDER_HEADING))
		a |= A_BOLD;
	if (flags & RENDER_ITALIC)
		a |= A_ITALIC;
	if (flags & RENDER_LINK)
		a |= A_UNDERLINE;
	if (flags & (RENDER_LINKREF | RENDER_QUOTE | RENDER_IMAGE))
		a |= A_DIM;
	return a;
}

void
ui_draw_render_line(int y, int x, const struct render_line *l)
{
	size_t	 i;

	move(y, x);
	if (l->nruns == 0) {
		addnstr(l->text, (int)l->len);
		return;
	}
	for (i = 0; i < l->nruns; i++) {
		attr_t	 a = ui_draw_run_attr(l->runs[i].flags);

		attron(a);
		addnstr(l->text + l->runs[i].off, (int)l->runs[i].len);
		attroff(a);
	}
}

/* The right part of the status line: refresh progress. */
static void
ui_draw_progress(struct ui *ui, char *buf, size_t size)
{
	const struct refresh_stats *s;

	buf[0] = '\0';
	if (ui->rf == NULL)
		return;
	s = refresh_stats(ui->rf);
	if (ui->rf_feeds)
		snprintf(buf, size, "refreshing %zu/%zu ", s->done, s->total);
	else
		snprintf(buf, size, "fetching article\xe2\x80\xa6 ");
}

static void
ui_draw_bar(int y, const char *left, const char *right)
{
	int	 rw = render_width(right, strlen(right));

	attron(A_REVERSE);
	mvhline(y, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_draw_text(y, 0, left, COLS - rw - 1, 0, A_REVERSE);
	if (rw > 0 && rw < COLS)
		ui_draw_text(y, COLS - rw, right, rw, 0, A_REVERSE);
}

static void
ui_draw_message(struct ui *ui)
{
	char	*line;

	if (ui->prompting) {
		line = dl_printf("%c%s", ui->prompt_lead,
		    dl_buf_str(&ui->prompt));
		ui_draw_text(LINES - 1, 0, line, COLS - 1, 0, A_NORMAL);
		curs_set(1);
		free(line);
		return;
	}
	curs_set(0);
	if (ui->msg[0] != '\0' && time(NULL) <= ui->msg_until)
		ui_draw_text(LINES - 1, 0, ui->msg, COLS - 1, 0, A_NORMAL);
	else
		ui->msg[0] = '\0';
}

void
ui_draw_all(struct ui *ui)
{
	struct ui_screen	*s = ui->top;
	char			 left[512], right[128], *title;

	erase();
	title = dl_printf("dateline %s \xc2\xb7 %s", PACKAGE_VERSION,
	    s->ops->name);
	ui_draw_bar(0, title, "? help");
	free(title);
	s->ops->draw(ui, s, 1, ui_draw_rows());
	left[0] = '\0';
	if (s->ops->status != NULL)
		s->ops->status(ui, s, left, sizeof left);
	ui_draw_progress(ui, right, sizeof right);
	ui_draw_bar(LINES - 2, left, right);
	ui_draw_message(ui);
	refresh();
	ui->dirty = 0;
}

/* --- List cursor --------------------------------------------------------- */

int
ui_list_target(const struct ui_list *l, enum ui_action a, int rows,
    size_t *target)
{
	size_t	 page = rows > 1 ? (size_t)rows - 1 : 1, half = page / 2 + 1;
	size_t	 c = l->cursor;

	switch (a) {
	case UI_ACT_DOWN:
		*target = c + 1;
		break;
	case UI_ACT_UP:
		*target = c > 0 ? c - 1 : 0;
		break;
	case UI_ACT_TOP:
		*target = 0;
		break;
	case UI_ACT_BOTTOM:
		*target = SIZE_MAX;
		break;
	case UI_ACT_PAGE_DOWN:
		*target = c + page;
		break;
	case UI_ACT_PAGE_UP:
		*target = c > page ? c - page : 0;
		break;
	case UI_ACT_HALF_DOWN:
		*target = c + half;
		break;
	case UI_ACT_HALF_UP:
		*target = c > half ? c - half : 0;
		break;
	default:
		return 0;
	}
	return 1;
}

void
ui_list_fit(struct ui_list *l, int rows)
{
	size_t	 r = rows > 0 ? (size_t)rows : 1;

	if (l->count > 0 && l->cursor >= l->count)
		l->cursor = l->count - 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + r)
		l->top = l->cursor - r + 1;
}

/* --- Help ---------------------------------------------------------------- */

struct ui_help {
	struct ui_list	 list;
	char		**lines;
};

static void
ui_help_draw(struct ui *ui, struct ui_screen *s, int y, int rows)
{
	struct ui_help	*h = s->data;
	size_t		 i;

	(void)ui;
	ui_list_fit(&h->list, rows);
	for (i = h->list.top; i < h->list.count &&
	    i < h->list.top + (size_t)rows; i++)
		ui_draw_text(y + (int)(i - h->list.top), 1, h->lines[i],
		    COLS - 2, 0, i == h->list.cursor ? A_REVERSE : A_NORMAL);
}

static int
ui_help_action(struct ui *ui, struct ui_screen *s, enum ui_action a)
{
	struct ui_help	*h = s->data;
	size_t		 t;

	(void)ui;
	if (!ui_list_target(&h->list, a, ui_draw_rows(), &t))
		return 0;
	h->list.cursor = t < h->list.count ? t : h->list.count - 1;
	return 1;
}

static void
ui_help_status(struct ui *ui, struct ui_screen *s, char *buf, size_t size)
{
	(void)ui;
	(void)s;
	snprintf(buf, size, "Keys (bind KEY ACTION in the config file)");
}

static void
ui_help_free(struct ui_screen *s)
{
	struct ui_help	*h = s->data;
	size_t		 i;

	for (i = 0; i < h->list.count; i++)
		free(h->lines[i]);
	free(h->lines);
	free(h);
}

static const struct ui_screen_ops ui_help_ops = {
	"Help", ui_help_draw, ui_help_action, NULL, NULL, ui_help_status,
	ui_help_free
};

/* One line per action: its keys, its name, what it does. */
struct ui_screen *
ui_help_new(struct ui *ui)
{
	struct ui_screen	*s = dl_calloc(1, sizeof *s);
	struct ui_help		*h = dl_calloc(1, sizeof *h);
	struct dl_buf		 keys;
	char			 name[32];
	size_t			 i;
	int			 a;

	h->lines = dl_reallocarray(NULL, UI_ACT_COUNT, sizeof *h->lines);
	dl_buf_init(&keys, 4096);
	for (a = UI_ACT_NONE + 1; a < UI_ACT_COUNT; a++) {
		dl_buf_reset(&keys);
		for (i = 0; i < ui->nbinds; i++) {
			if (ui->binds[i].action != (enum ui_action)a)
				continue;
			ui_key_name(ui->binds[i].key, name, sizeof name);
			dl_buf_addf(&keys, "%s%s", keys.len > 0 ? " " : "",
			    name);
		}
		h->lines[h->list.count++] = dl_printf("%-20s %-16s %s",
		    dl_buf_str(&keys), ui_action_name(a), ui_action_doc(a));
	}
	dl_buf_clear(&keys);
	s->ops = &ui_help_ops;
	s->data = h;
	return s;
}
