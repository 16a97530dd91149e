/* ui_search.c: the search prompt (`/`): it searches the feed whose
 * stories (or story) are shown, Tab widens it to every feed and back,
 * and Up and Down recall the searches made since the reader started,
 * as a shell's history does. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

/* Searches remembered. */
#define UI_SEARCH_HISTORY	100
/* Columns of the feed's title in the prompt. */
#define UI_SEARCH_TITLE_COLS	24

struct ui_search {
	char	*hist[UI_SEARCH_HISTORY];	/* oldest first */
	size_t	 nhist;
	size_t	 at;		/* entry shown; nhist: the typed line */
	char	*typed;		/* the typed line while browsing */
	char	*feed_url;	/* the feed of the screen, or NULL */
	char	*feed_title;	/* its name */
	int	 all;		/* widened to every feed */
};

void
ui_search_free(struct ui_search *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nhist; i++)
		free(s->hist[i]);
	free(s->typed);
	free(s->feed_url);
	free(s->feed_title);
	free(s);
}

/* The prompt's label: where the search looks, and what Tab does. */
static void
ui_search_label(struct ui *ui, struct ui_search *s)
{
	char	*t;

	if (s->feed_url == NULL) {
		snprintf(ui->prompt_label, sizeof ui->prompt_label, "/");
		return;
	}
	if (s->all) {
		snprintf(ui->prompt_label, sizeof ui->prompt_label,
		    "/ in all feeds (Tab: this feed) ");
		return;
	}
	t = render_truncate(s->feed_title, UI_SEARCH_TITLE_COLS, 0);
	snprintf(ui->prompt_label, sizeof ui->prompt_label,
	    "/ in %s (Tab: all feeds) ", t);
	free(t);
}

static void
ui_search_remember(struct ui_search *s, const char *text)
{
	if (s->nhist > 0 && strcmp(s->hist[s->nhist - 1], text) == 0)
		return;
	if (s->nhist == UI_SEARCH_HISTORY) {
		free(s->hist[0]);
		memmove(s->hist, s->hist + 1, --s->nhist * sizeof s->hist[0]);
	}
	s->hist[s->nhist++] = dl_strdup(text);
}

static void
ui_search_done(struct ui *ui, const char *text, const char *arg)
{
	struct ui_search	*s = ui->search;
	const char		*feed = s->all ? NULL : s->feed_url;
	char			*title;

	(void)arg;
	if (text[strspn(text, " ")] == '\0')
		return;
	ui_search_remember(s, text);
	if (feed != NULL)
		title = dl_printf("Search %s: %s", s->feed_title, text);
	else
		title = dl_printf("Search: %s", text);
	ui_push(ui, ui_items_new(ui, title, feed, 0, text));
	free(title);
}

/* Show history entry at (or the typed line) at the prompt. */
static void
ui_search_show(struct ui *ui, struct ui_search *s, size_t at)
{
	if (s->at == s->nhist) {
		free(s->typed);
		s->typed = dl_strdup(dl_buf_str(&ui->prompt));
	}
	s->at = at;
	dl_buf_reset(&ui->prompt);
	dl_buf_adds(&ui->prompt, at < s->nhist ? s->hist[at] :
	    s->typed != NULL ? s->typed : "");
}

/* Keys of the search prompt: Up and Down, Tab. 1 if taken. */
static int
ui_search_key(struct ui *ui, int key)
{
	struct ui_search	*s = ui->search;

	if (key == UI_KEY_FN(KEY_UP)) {
		if (s->at > 0)
			ui_search_show(ui, s, s->at - 1);
	} else if (key == UI_KEY_FN(KEY_DOWN)) {
		if (s->at < s->nhist)
			ui_search_show(ui, s, s->at + 1);
	} else if (key == '\t') {
		if (s->feed_url == NULL) {
			ui_message(ui, "searching every feed already");
			return 1;
		}
		s->all = !s->all;
		ui_search_label(ui, s);
	} else
		return 0;
	return 1;
}

/* The feed whose stories the top screen shows, and its name. */
static void
ui_search_feed(struct ui *ui, struct ui_search *s)
{
	const char	*title, *url = ui_items_feed_url(ui->top, &title);

	if (url == NULL)
		url = ui_article_feed_url(ui->top, &title);
	/* A search list's title is the search's: keep the name known. */
	if (url != NULL && title == NULL && s->feed_url != NULL &&
	    strcmp(url, s->feed_url) == 0)
		return;
	free(s->feed_url);
	free(s->feed_title);
	s->feed_url = url != NULL ? dl_strdup(url) : NULL;
	s->feed_title = url != NULL ? dl_strdup(ui_feed_title(ui, url,
	    title)) : NULL;
}

void
ui_search_start(struct ui *ui)
{
	struct ui_search	*s;

	if (ui->search == NULL)
		ui->search = dl_calloc(1, sizeof *ui->search);
	s = ui->search;
	ui_search_feed(ui, s);
	free(s->typed);
	s->typed = NULL;
	s->all = 0;
	s->at = s->nhist;
	ui_prompt_start(ui, "/", ui_search_done);
	ui_search_label(ui, s);
	ui->prompt_key = ui_search_key;
}
