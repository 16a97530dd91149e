/* ui_links.c: the links of a story: the link list screen (`u`, as in
 * newsboat), one row "[n] URL" per link, and opening link n by number,
 * from `:open-link N` or the number prompt (`#`), for any n. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

struct ui_links {
	struct ui_list	 list;
	char		**urls;		/* clean, as render_ gave them */
	char		*title;		/* the story's, cleaned */
};

/* Open link *text (a number, 1 ... n) of urls; a message if it is none. */
static void
ui_links_open_text(struct ui *ui, const char *text, const char *const *urls,
    size_t n)
{
	long	 v;

	text += strspn(text, " ");
	if (n == 0)
		ui_error(ui, "no links in this story");
	else if (dl_strtonum(text, 1, 1000000, &v) == -1)
		ui_error(ui, "not a link number: %s", text);
	else if ((size_t)v > n)
		ui_error(ui, "no link %ld in this story (%zu link%s)", v, n,
		    n == 1 ? "" : "s");
	else
		ui_browser(ui, urls[v - 1]);
}

/* The number prompt is done: the top screen opens that link. */
static void
ui_links_prompt_done(struct ui *ui, const char *text, const char *arg)
{
	(void)arg;
	if (text[strspn(text, " ")] == '\0')
		return;
	ui->cmd_arg = text;
	if (ui->top->ops->action != NULL)
		ui->top->ops->action(ui, ui->top, UI_ACT_OPEN_LINK);
	ui->cmd_arg = NULL;
}

void
ui_links_open(struct ui *ui, const char *const *urls, size_t n)
{
	if (ui->cmd_arg != NULL && ui->cmd_arg[strspn(ui->cmd_arg, " ")] !=
	    '\0')
		ui_links_open_text(ui, ui->cmd_arg, urls, n);
	else if (n == 0)
		ui_error(ui, "no links in this story");
	else
		ui_prompt_start(ui, "open link number: ",
		    ui_links_prompt_done);
}

void
ui_links_open_nth(struct ui *ui, const char *const *urls, size_t n, size_t nth)
{
	char	 num[32];

	snprintf(num, sizeof num, "%zu", nth);
	ui_links_open_text(ui, num, urls, n);
}

static void
ui_links_draw(struct ui *ui, struct ui_screen *s, int y, int rows)
{
	struct ui_links	*l = s->data;
	char		 num[32];
	size_t		 i;
	int		 w, sel, row;

	(void)ui;
	ui_list_fit(&l->list, rows);
	for (i = l->list.top; i < l->list.count &&
	    i < l->list.top + (size_t)rows; i++) {
		row = y + (int)(i - l->list.top);
		sel = i == l->list.cursor;
		ui_draw_row(row, sel);
		snprintf(num, sizeof num, "[%zu]", i + 1);
		w = ui_draw_text(row, 1, num, COLS - 2, 0,
		    ui_draw_cell(UI_EL_LINK_NUMBER, sel));
		ui_draw_text(row, 2 + w, l->urls[i], COLS - 3 - w, 0,
		    ui_draw_cell(UI_EL_LINK, sel));
	}
}

static int
ui_links_action(struct ui *ui, struct ui_screen *s, enum ui_action a)
{
	struct ui_links	*l = s->data;
	size_t		 t, n = l->list.count;

	if (ui_list_target(&l->list, a, ui_draw_rows(), &t)) {
		if (n > 0)
			l->list.cursor = t < n ? t : n - 1;
		return 1;
	}
	if (a >= UI_ACT_OPEN_LINK_1 && a <= UI_ACT_OPEN_LINK_9)
		ui_links_open_nth(ui, (const char *const *)l->urls, n,
		    (size_t)(a - UI_ACT_OPEN_LINK_1) + 1);
	else if (a == UI_ACT_OPEN_LINK)
		ui_links_open(ui, (const char *const *)l->urls, n);
	else if (a == UI_ACT_OPEN || a == UI_ACT_BROWSER)
		ui_links_open_nth(ui, (const char *const *)l->urls, n, l->list.cursor + 1);
	else if (a == UI_ACT_COPY_LINK && n > 0)
		ui_copy(ui, l->urls[l->list.cursor]);
	else if (a == UI_ACT_SHOW_LINKS)
		;
	else
		return 0;
	return 1;
}

static void
ui_links_click(struct ui *ui, struct ui_screen *s, int row)
{
	struct ui_links	*l = s->data;

	(void)ui;
	if (l->list.top + (size_t)row < l->list.count)
		l->list.cursor = l->list.top + (size_t)row;
}

static void
ui_links_status(struct ui *ui, struct ui_screen *s, char *buf, size_t size)
{
	struct ui_links	*l = s->data;

	(void)ui;
	snprintf(buf, size, "Links %zu/%zu \xc2\xb7 %s", l->list.count > 0 ?
	    l->list.cursor + 1 : 0, l->list.count, l->title);
}

static void
ui_links_free(struct ui_screen *s)
{
	struct ui_links	*l = s->data;
	size_t		 i;

	for (i = 0; i < l->list.count; i++)
		free(l->urls[i]);
	free(l->urls);
	free(l->title);
	free(l);
}

static const struct ui_screen_ops ui_links_ops = {
	"Links", ui_links_draw, ui_links_action, NULL, NULL, ui_links_status,
	ui_links_free, ui_links_click
};

struct ui_screen *
ui_links_new(struct ui *ui, const char *title, const char *const *urls, size_t n)
{
	struct ui_screen	*s = dl_calloc(1, sizeof *s);
	struct ui_links		*l = dl_calloc(1, sizeof *l);
	size_t			 i;

	(void)ui;
	l->urls = dl_reallocarray(NULL, n + 1, sizeof *l->urls);
	for (i = 0; i < n; i++)
		l->urls[i] = dl_strdup(urls[i]);
	l->list.count = n;
	l->title = render_clean(title != NULL ? title : "");
	s->ops = &ui_links_ops;
	s->data = l;
	return s;
}
