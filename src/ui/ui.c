/* ui.c: the reader's core (issue 6): start-up and the terminal, the one
 * event loop waiting on the terminal and libcurl's sockets together
 * (refresh_step with the terminal as extra fd), the screen stack, key
 * bindings written in config syntax (tmux's key-bindings.c), the prompt
 * line, background refreshes and the browser. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "refresh.h"
#include "settings.h"
#include "store.h"
#include "subs.h"
#include "ui.h"
#include "ui_int.h"

extern char **environ;

/* How long a transient message stays, in seconds. */
#define UI_MESSAGE_SECONDS	4
/* Longest wait of one loop round, in milliseconds: messages expire and
 * a refresh's lists are reloaded at this pace. */
#define UI_TICK_MS		250
/* The refresh's wait while a URL is checked on a fetch loop of its own,
 * which is moved on between two waits. */
#define UI_PROBE_TICK_MS	10
/* The search index is synced while idle: once no key came for this
 * long (ms), at most this many items per step (about 0.25 ms each). */
#define UI_IDLE_MS		1000
#define UI_IDLE_BATCH		128
/* Most bytes typed at the prompt. */
#define UI_PROMPT_MAX		1024

static const struct {
	const char	*name;
	const char	*doc;
} ui_actions[UI_ACT_COUNT] = {
	[UI_ACT_NONE] = { "none", "nothing" },
	[UI_ACT_DOWN] = { "down", "next line" },
	[UI_ACT_UP] = { "up", "previous line" },
	[UI_ACT_TOP] = { "top", "first line" },
	[UI_ACT_BOTTOM] = { "bottom", "last line" },
	[UI_ACT_PAGE_DOWN] = { "page-down", "next page" },
	[UI_ACT_PAGE_UP] = { "page-up", "previous page" },
	[UI_ACT_HALF_DOWN] = { "half-page-down", "half a page down" },
	[UI_ACT_HALF_UP] = { "half-page-up", "half a page up" },
	[UI_ACT_OPEN] = { "open", "open the feed or story" },
	[UI_ACT_BACK] = { "back", "back to the previous screen" },
	[UI_ACT_QUIT] = { "quit", "quit dateline" },
	[UI_ACT_NEXT_UNREAD] = { "next-unread",
	    "next unread story, else the next feed with unread stories" },
	[UI_ACT_PREV_UNREAD] = { "prev-unread",
	    "previous unread story, else the previous feed with some" },
	[UI_ACT_TOGGLE_READ] = { "toggle-read", "mark read or unread" },
	[UI_ACT_MARK_FEED_READ] = { "mark-feed-read",
	    "mark every story of the feed read" },
	[UI_ACT_TOGGLE_SAVED] = { "toggle-saved", "save or unsave the story" },
	[UI_ACT_SAVED] = { "saved", "the saved stories" },
	[UI_ACT_ALL] = { "all-stories", "every feed's stories, newest first" },
	[UI_ACT_REFRESH_ALL] = { "refresh-all",
	    "refresh every feed in the background (and sync with the feed "
	    "server)" },
	[UI_ACT_SEARCH] = { "search", "search the stories (of the feed shown; "
	    "at the prompt Tab: every feed, Up/Down: earlier searches)" },
	[UI_ACT_BROWSER] = { "open-in-browser", "open the link in a browser" },
	[UI_ACT_HELP] = { "help", "this list of keys" },
	[UI_ACT_REDRAW] = { "redraw", "redraw the screen" },
	[UI_ACT_REFRESH_FEED] = { "refresh-feed",
	    "refresh this feed (or the selected story's)" },
	[UI_ACT_MARK_ALL_READ] = { "mark-all-read",
	    "mark every story of every feed read (asks)" },
	[UI_ACT_REFETCH] = { "refetch-article", "fetch the full article again" },
	[UI_ACT_OPEN_LINK_1] = { "open-link-1", "open link 1 in a browser" },
	[UI_ACT_OPEN_LINK_1 + 1] = { "open-link-2", "open link 2" },
	[UI_ACT_OPEN_LINK_1 + 2] = { "open-link-3", "open link 3" },
	[UI_ACT_OPEN_LINK_1 + 3] = { "open-link-4", "open link 4" },
	[UI_ACT_OPEN_LINK_1 + 4] = { "open-link-5", "open link 5" },
	[UI_ACT_OPEN_LINK_1 + 5] = { "open-link-6", "open link 6" },
	[UI_ACT_OPEN_LINK_1 + 6] = { "open-link-7", "open link 7" },
	[UI_ACT_OPEN_LINK_1 + 7] = { "open-link-8", "open link 8" },
	[UI_ACT_OPEN_LINK_9] = { "open-link-9", "open link 9" },
	[UI_ACT_COPY_LINK] = { "copy-link",
	    "copy the link to the clipboard (OSC 52)" },
	[UI_ACT_SUBSCRIBE] = { "subscribe",
	    "subscribe to a feed, a page with a feed, or a hub page (words "
	    "after the URL are tags)" },
	[UI_ACT_UNSUBSCRIBE] = { "unsubscribe",
	    "unsubscribe from the selected feed (asks)" },
	[UI_ACT_FILTER_TAG] = { "filter-tag",
	    "the tags with their unread counts: show only one's feeds" },
	[UI_ACT_COMMAND] = { "command", "run an action by its name" },
	[UI_ACT_ERRORS] = { "errors",
	    "feeds whose last refresh failed, the sync's failure" },
	[UI_ACT_EXPORT] = { "export",
	    "write the story to a Markdown file here" },
	[UI_ACT_CANCEL] = { "cancel",
	    "stop fetching the full article, checking a URL, or the sync" },
	[UI_ACT_SHOW_LINKS] = { "show-links", "the story's links, to open one" },
	[UI_ACT_OPEN_LINK] = { "open-link",
	    "open link N (:open-link N; else asks for N)" },
	[UI_ACT_HIDE_READ] = { "toggle-hide-read",
	    "hide or show read stories and feeds with none unread" },
	[UI_ACT_SORT] = { "sort",
	    "story order: newest, oldest first, by feed, by title" },
	[UI_ACT_COPIES] = { "copies",
	    "the story's copies in other feeds (a wire story), to open one" },
};

/* The default bindings, in config syntax: a `bind` line in the config
 * file replaces one, `unbind` removes it. */
static const char *const ui_default_bindings[] = {
	"bind j down", "bind Down down", "bind k up", "bind Up up",
	"bind g top", "bind Home top", "bind G bottom", "bind End bottom",
	"bind PageDown page-down", "bind Space page-down",
	"bind PageUp page-up",
	"bind C-d half-page-down", "bind C-u half-page-up",
	"bind Enter open", "bind l open", "bind Right open",
	"bind q back", "bind h back", "bind Left back", "bind Q quit",
	"bind n next-unread", "bind p prev-unread", "bind N toggle-read",
	"bind A mark-feed-read", "bind s toggle-saved", "bind S saved",
	"bind Tab all-stories", "bind R refresh-all", "bind / search",
	"bind o open-in-browser", "bind ? help", "bind C-l redraw",
	"bind r refresh-feed", "bind C mark-all-read", "bind f refetch-article",
	"bind 1 open-link-1", "bind 2 open-link-2", "bind 3 open-link-3",
	"bind 4 open-link-4", "bind 5 open-link-5", "bind 6 open-link-6",
	"bind 7 open-link-7", "bind 8 open-link-8", "bind 9 open-link-9",
	"bind y copy-link", "bind a subscribe", "bind d unsubscribe",
	"bind t filter-tag", "bind : command", "bind E errors",
	"bind e export", "bind C-g cancel", "bind u show-links",
	"bind # open-link", "bind H toggle-hide-read", "bind O sort",
	"bind c copies",
};

/* Names of keys that are not one printable character. */
static const struct {
	const char	*name;
	int		 key;
} ui_key_names[] = {
	{ "Enter", '\n' }, { "Space", ' ' }, { "Tab", '\t' },
	{ "BTab", UI_KEY_FN(KEY_BTAB) }, { "Escape", 27 },
	{ "Backspace", UI_KEY_FN(KEY_BACKSPACE) },
	{ "BSpace", UI_KEY_FN(KEY_BACKSPACE) },
	{ "Up", UI_KEY_FN(KEY_UP) }, { "Down", UI_KEY_FN(KEY_DOWN) },
	{ "Left", UI_KEY_FN(KEY_LEFT) }, { "Right", UI_KEY_FN(KEY_RIGHT) },
	{ "Home", UI_KEY_FN(KEY_HOME) }, { "End", UI_KEY_FN(KEY_END) },
	{ "PageDown", UI_KEY_FN(KEY_NPAGE) }, { "PgDn", UI_KEY_FN(KEY_NPAGE) },
	{ "NPage", UI_KEY_FN(KEY_NPAGE) },
	{ "PageUp", UI_KEY_FN(KEY_PPAGE) }, { "PgUp", UI_KEY_FN(KEY_PPAGE) },
	{ "PPage", UI_KEY_FN(KEY_PPAGE) },
	{ "Insert", UI_KEY_FN(KEY_IC) }, { "IC", UI_KEY_FN(KEY_IC) },
	{ "Delete", UI_KEY_FN(KEY_DC) }, { "DC", UI_KEY_FN(KEY_DC) },
};

const char *
ui_action_name(enum ui_action a)
{
	return a < UI_ACT_COUNT ? ui_actions[a].name : "?";
}

const char *
ui_action_doc(enum ui_action a)
{
	return a < UI_ACT_COUNT ? ui_actions[a].doc : "?";
}

static int
ui_action_find(const char *name)
{
	int	 a;

	for (a = 0; a < UI_ACT_COUNT; a++)
		if (strcmp(ui_actions[a].name, name) == 0)
			return a;
	return -1;
}

int
ui_action_known(const char *name)
{
	return ui_action_find(name) >= 0;
}

/* One UTF-8 character to a code point; -1 unless s is exactly one. */
static long
ui_utf8_one(const char *s)
{
	size_t		 n = strlen(s);
	uint32_t	 cp;

	if (n == 0 || dl_utf8_decode(s, n, &cp) != n ||
	    (n == 1 && (unsigned char)*s >= 0x80))
		return -1;
	return (long)cp;
}

/* A key name as in the config file: "j", "C-d", "Enter", "PPage", "F5".
 * -1 if unknown. */
static int
ui_key_parse(const char *s)
{
	size_t	 i;
	long	 cp, n;

	for (i = 0; i < sizeof ui_key_names / sizeof ui_key_names[0]; i++)
		if (dl_strcaseeq(ui_key_names[i].name, s))
			return ui_key_names[i].key;
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' && s[2] != '\0' &&
	    s[3] == '\0' && ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'z'))
		return (s[2] | 0x20) - 'a' + 1;
	if ((s[0] == 'F' || s[0] == 'f') && s[1] != '\0' &&
	    dl_strtonum(s + 1, 1, 24, &n) == 0)
		return UI_KEY_FN(KEY_F(n));
	if ((cp = ui_utf8_one(s)) > 0x20 && cp != 0x7f)
		return (int)cp;
	return -1;
}

void
ui_key_name(int key, char *buf, size_t size)
{
	struct dl_buf	 b;
	size_t		 i;

	for (i = 0; i < sizeof ui_key_names / sizeof ui_key_names[0]; i++) {
		if (ui_key_names[i].key == key) {
			snprintf(buf, size, "%s", ui_key_names[i].name);
			return;
		}
	}
	if (key >= 1 && key <= 26) {
		snprintf(buf, size, "C-%c", 'a' + key - 1);
		return;
	}
	if (key >= UI_KEY_FN(KEY_F(1)) && key <= UI_KEY_FN(KEY_F(24))) {
		snprintf(buf, size, "F%d", key - UI_KEY_FN(KEY_F(0)));
		return;
	}
	dl_buf_init(&b, 16);
	dl_buf_add_utf8(&b, (uint32_t)key);
	snprintf(buf, size, "%s", dl_buf_str(&b));
	dl_buf_clear(&b);
}

static void
ui_bind(struct ui *ui, int key, int action)
{
	size_t	 i;

	for (i = 0; i < ui->nbinds; i++) {
		if (ui->binds[i].key != key)
			continue;
		if (action < 0)
			ui->binds[i] = ui->binds[--ui->nbinds];
		else
			ui->binds[i].action = action;
		return;
	}
	if (action >= 0 && ui->nbinds < UI_BINDINGS_MAX) {
		ui->binds[ui->nbinds].key = key;
		ui->binds[ui->nbinds++].action = action;
	}
}

/* One bind (argv KEY ACTION) or unbind (argv KEY); 0 or -1 (err). */
static int
ui_bind_apply(struct ui *ui, int unbind, size_t argc, char **argv,
    struct dl_err *err)
{
	int	 key, action = -1;

	if (argc < 1 || (key = ui_key_parse(argv[0])) == -1) {
		dl_err_set(err, "unknown key '%s'", argc > 0 ? argv[0] : "");
		return -1;
	}
	if (!unbind && (argc < 2 || (action = ui_action_find(argv[1])) < 0)) {
		dl_err_set(err, "unknown action '%s'", argc > 1 ? argv[1] :
		    "");
		return -1;
	}
	ui_bind(ui, key, action);
	return 0;
}

/* The defaults, then the config file's bind and unbind records. */
static void
ui_bind_load(struct ui *ui)
{
	const struct settings_record *r;
	struct dl_err	 err;
	char		*words[3], *line;
	size_t		 i;

	for (i = 0; i < sizeof ui_default_bindings / sizeof ui_default_bindings[0];
	    i++) {
		line = dl_strdup(ui_default_bindings[i] + strlen("bind "));
		words[0] = line;
		words[1] = strchr(line, ' ');
		*words[1]++ = '\0';
		ui_bind_apply(ui, 0, 2, words, &err);
		free(line);
	}
	for (i = 0; i < settings_record_count(ui->set); i++) {
		r = settings_record_get(ui->set, i);
		if (r->kind != SETTINGS_RECORD_BIND &&
		    r->kind != SETTINGS_RECORD_UNBIND)
			continue;
		if (ui_bind_apply(ui, r->kind == SETTINGS_RECORD_UNBIND,
		    r->argc, r->argv, &err) == -1)
			ui_message(ui, "%s:%zu: %s", ui->config_path, r->line,
			    err.msg);
	}
}

static enum ui_action
ui_key_action(struct ui *ui, int key)
{
	size_t	 i;

	for (i = 0; i < ui->nbinds; i++)
		if (ui->binds[i].key == key)
			return ui->binds[i].action;
	return UI_ACT_NONE;
}

int
ui_action_key(struct ui *ui, enum ui_action a, char *buf, size_t size)
{
	size_t	 i;

	for (i = 0; i < ui->nbinds; i++) {
		if (ui->binds[i].action == a) {
			ui_key_name(ui->binds[i].key, buf, size);
			return 1;
		}
	}
	return 0;
}

/* --- Screens and messages ------------------------------------------------ */

static void
ui_message_v(struct ui *ui, int error, const char *fmt, va_list ap)
{
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	ui->msg_key = ui->nkeys;
	ui->msg_error = error;
	ui->msg_until = time(NULL) + UI_MESSAGE_SECONDS;
	ui->dirty = 1;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ui_message_v(ui, 0, fmt, ap);
	va_end(ap);
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ui_message_v(ui, 1, fmt, ap);
	va_end(ap);
}

/* Leaving a screen takes its message away: one said before the key
 * that leaves it, not one the key itself said ("no such story"). */
static void
ui_message_leave(struct ui *ui)
{
	if (ui->msg_key != ui->nkeys)
		ui->msg[0] = '\0';
}

void
ui_push(struct ui *ui, struct ui_screen *s)
{
	ui_message_leave(ui);
	s->below = ui->top;
	ui->top = s;
	ui->dirty = 1;
}

/* The screen now on top catches up with what happened above it. */
static void
ui_shown(struct ui *ui, struct ui_screen *s)
{
	if (s->resized && s->ops->resize != NULL)
		s->ops->resize(ui, s);
	if (s->stale && s->ops->reload != NULL)
		s->ops->reload(ui, s);
	s->resized = s->stale = 0;
}

void
ui_pop(struct ui *ui)
{
	struct ui_screen	*s = ui->top;

	if (s->below == NULL)
		return;
	ui_message_leave(ui);
	ui->top = s->below;
	if (s->ops->free != NULL)
		s->ops->free(s);
	free(s);
	ui->top->stale = 1;	/* marks made above show in counts */
	ui_shown(ui, ui->top);
	ui->dirty = 1;
}

/* Every screen: the top one now, the others when shown again. */
static void
ui_mark_all(struct ui *ui, int resized, int stale)
{
	struct ui_screen	*s;

	for (s = ui->top; s != NULL; s = s->below) {
		s->resized |= resized;
		s->stale |= stale;
	}
	ui_shown(ui, ui->top);
	ui->dirty = 1;
}

/* --- Refresh ------------------------------------------------------------- */

static void
ui_on_feed(void *ctx, const struct refresh_feed_result *r,
    const struct refresh_stats *s)
{
	struct ui	*ui = ctx;

	(void)s;
	if (r->added > 0 || r->updated > 0)
		ui->changed = 1;
	ui->dirty = 1;
	if (ui->sub_url == NULL || strcmp(r->url, ui->sub_url) != 0)
		return;
	/* The first refresh of a new subscription: say how it went. */
	if (r->outcome == REFRESH_FAILED)
		ui_error(ui, "%s, but its refresh failed: %s", ui->sub_said,
		    r->message != NULL ? r->message : "unknown error");
	else
		ui_message(ui, "%s: %zu new stor%s", ui->sub_said, r->added,
		    r->added == 1 ? "y" : "ies");
	free(ui->sub_url);
	ui->sub_url = NULL;
	ui->sub_told = 1;
}

static void
ui_on_article(void *ctx, const struct refresh_article_result *r)
{
	struct ui	*ui = ctx;

	if (r->item_id != ui->fetch_item)
		return;
	ui->fetch_item = 0;
	if (r->stored) {
		ui->changed = 1;
		if (r->note != NULL)
			ui_message(ui, "full article: %s", r->note);
	} else
		ui_message(ui, "full article: %s; showing the feed's text",
		    r->message != NULL ? r->message : "not fetched");
}

/* The config file's refresh options and extract rules, as the commands
 * read them (settings_refresh_opts). */
static void
ui_refresh_opts(struct ui *ui, struct refresh_opts *o)
{
	refresh_opts_init(o);
	settings_refresh_opts(ui->set, o);
	o->rules = ui->rules;
}

struct refresh *
ui_refresh_get(struct ui *ui)
{
	struct refresh_callbacks cb = { ui_on_feed, ui_on_article };
	struct refresh_opts	 o;
	struct dl_err		 err = { "" };

	if (ui->rf != NULL)
		return ui->rf;
	if (store_lock_refresh(ui->st, 0, "the reader", &err) == -1) {
		ui_message(ui, "%s", err.msg);
		return NULL;
	}
	ui_refresh_opts(ui, &o);
	if ((ui->rf = refresh_new(ui->st, &o, &cb, ui, &err)) == NULL) {
		store_unlock_refresh(ui->st);
		ui_message(ui, "refresh: %s", err.msg);
	}
	ui->rf_feeds = 0;
	return ui->rf;
}

/* Queue one subscription: a hub as a hub (its link-pattern), else as a
 * feed, as `dateline refresh` does. */
static int
ui_refresh_sub(struct ui *ui, const struct subs_feed *f, int flags,
    struct dl_err *err)
{
	return refresh_add_sub(ui->rf, f, flags, err);
}

void
ui_refresh_url(struct ui *ui, const char *url)
{
	const struct subs_feed	*f = subs_find(ui->subs, url);
	struct dl_err		 err = { "" };

	if (f == NULL) {
		if (!ui_sync_feed(ui, url))
			ui_error(ui, "%s is not subscribed", url);
		return;
	}
	if (ui_refresh_get(ui) == NULL)
		return;
	if (ui_refresh_sub(ui, f, REFRESH_FORCE, &err) == -1) {
		ui_error(ui, "refresh: %s", err.msg);
		return;
	}
	ui->rf_feeds = 1;
	ui->dirty = 1;
}

void
ui_refresh_all(struct ui *ui)
{
	struct dl_err	 err = { "" };
	int		 rc;

	if (ui->rf != NULL && ui->rf_feeds) {
		/* The feeds are being read; the feed server may not be
		 * (a failure to start is said by ui_sync_start). */
		rc = refresh_syncing(ui->rf) ? 1 : ui_sync_start(ui);
		if (rc != -1)
			ui_message(ui, "a refresh is running%s", rc == 0 ?
			    "; syncing beside it" : "");
		return;
	}
	if (ui_refresh_get(ui) == NULL)
		return;
	ui->rf_feeds = 1;
	ui->last_refresh = time(NULL);
	if (refresh_add_subs(ui->rf, ui->subs, 0, &err) == -1)
		ui_message(ui, "refresh: %s", err.msg);
	ui_sync_start(ui);	/* beside it; its failure is said */
	ui->dirty = 1;
}

int
ui_refresh_article(struct ui *ui, int64_t item_id)
{
	struct dl_err	 err = { "" };

	if (ui_refresh_get(ui) == NULL)
		return -1;
	if (refresh_add_article(ui->rf, item_id, &err) == -1) {
		ui_message(ui, "full article: %s", err.msg);
		return -1;
	}
	ui->fetch_item = item_id;
	ui->dirty = 1;
	return 0;
}

/* What a refresh of feeds did, for the message line ("" when its own
 * message said it, or there were no feeds beside a sync). */
static void
ui_refresh_said(struct ui *ui, char *buf, size_t size)
{
	const struct refresh_stats *s = refresh_stats(ui->rf);

	buf[0] = '\0';
	/* A refresh of only a new subscription: its message says it all. */
	if (!ui->rf_feeds || (ui->sub_told && s->total == 1) ||
	    (ui->sync_said[0] != '\0' && s->total == 0))
		return;
	snprintf(buf, size, "refreshed %zu feed%s: %zu new stor%s, %zu "
	    "error%s%s", s->ok + s->failed, s->ok + s->failed == 1 ? "" : "s",
	    s->added, s->added == 1 ? "y" : "ies", s->failed,
	    s->failed == 1 ? "" : "s",
	    /* over the start's message: the mistakes stay said */
	    settings_problem_count(ui->set) == 0 ? "" :
	    " \xc2\xb7 config mistakes (E lists them)");
}

/* A refresh with nothing left: free it, say how it went (what the
 * sync beside it moved first). */
static void
ui_refresh_finish(struct ui *ui)
{
	char	 line[512], *both;

	ui_refresh_said(ui, line, sizeof line);
	if (ui->sync_said[0] != '\0') {
		both = dl_printf("%s%s%s", ui->sync_said, line[0] != '\0' ?
		    " \xc2\xb7 " : "", line);
		if (ui->sync_failed)
			ui_error(ui, "%s", both);
		else
			ui_message(ui, "%s", both);
		free(both);
	} else if (line[0] != '\0')
		ui_message(ui, "%s", line);
	ui->sync_said[0] = '\0';
	refresh_free(ui->rf);
	ui->rf = NULL;
	ui->rf_feeds = 0;
	ui->sub_told = 0;
	ui->idle_sync = 1;	/* its items wait to be indexed */
	store_unlock_refresh(ui->st);
	ui->dirty = 1;
}

/* --- Prompt -------------------------------------------------------------- */

void
ui_prompt_start(struct ui *ui, const char *label, ui_prompt_fn *done)
{
	ui->prompting = 1;
	ui->confirm = 0;
	snprintf(ui->prompt_label, sizeof ui->prompt_label, "%s", label);
	ui->prompt_done = done;
	ui->prompt_key = NULL;
	dl_buf_reset(&ui->prompt);
	ui->dirty = 1;
}

void
ui_confirm(struct ui *ui, const char *question, ui_prompt_fn *done,
    char *arg)
{
	char	*label = dl_printf("%s (y/n) ", question);

	free(ui->prompt_arg);
	ui->prompt_arg = arg;
	ui_prompt_start(ui, label, done);
	ui->confirm = 1;
	free(label);
}

/* Drop the last UTF-8 character typed. */
static void
ui_prompt_erase(struct ui *ui)
{
	struct dl_buf	*b = &ui->prompt;

	if (b->len > 0)
		b->len = dl_utf8_prev(b->data, b->len);
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

/* The prompt is over: call done with text (NULL: cancelled). */
static void
ui_prompt_end(struct ui *ui, const char *text)
{
	char	*copy = text != NULL ? dl_strdup(text) : NULL;
	char	*arg = ui->prompt_arg;

	ui->prompting = 0;
	ui->prompt_arg = NULL;	/* done may start another prompt */
	if (copy != NULL)
		ui->prompt_done(ui, copy, arg);
	else if (ui->confirm)
		ui_message(ui, "cancelled");
	free(copy);
	free(arg);
}

/* A key while the prompt is open. */
static void
ui_prompt_key(struct ui *ui, int key)
{
	ui->dirty = 1;
	if (ui->confirm)
		ui_prompt_end(ui, key == 'y' || key == 'Y' ? "y" : NULL);
	else if (key == 27 || key == 7)
		ui_prompt_end(ui, NULL);
	else if (key == '\n')
		ui_prompt_end(ui, dl_buf_str(&ui->prompt));
	else if (ui->prompt_key != NULL && ui->prompt_key(ui, key))
		;
	else if (key == UI_KEY_FN(KEY_BACKSPACE) || key == 8) {
		if (ui->prompt.len == 0)
			ui_prompt_end(ui, NULL);
		ui_prompt_erase(ui);
	} else if (key >= 0x20 && key < 0x110000 && key != 0x7f)
		dl_buf_add_utf8(&ui->prompt, (uint32_t)key);
}

/* --- Browser ------------------------------------------------------------- */

/* The browser command split at blanks, then url; words are allocated. */
static char **
ui_browser_argv(struct ui *ui, const char *url)
{
	const char	*cmd = settings_get_str(ui->set, SETTINGS_BROWSER);
	char		**argv, *copy, *w, *save = NULL;
	size_t		 n = 0;

	if (cmd == NULL || cmd[0] == '\0')
		cmd = getenv("BROWSER");
	if (cmd == NULL || cmd[0] == '\0')
		cmd = "xdg-open";
	copy = dl_strdup(cmd);
	argv = dl_reallocarray(NULL, strlen(cmd) + 3, sizeof *argv);
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save))
		argv[n++] = dl_strdup(w);
	argv[n++] = dl_strdup(url);
	argv[n] = NULL;
	free(copy);
	return argv;
}

const char *
ui_feed_title(struct ui *ui, const char *url, const char *title)
{
	const struct subs_feed	*f = NULL;

	if (url != NULL)
		f = subs_find(ui->subs, url);
	if (f != NULL && f->title != NULL)
		return f->title;
	if (title != NULL && title[0] != '\0')
		return title;
	return url != NULL ? url : "";
}

void
ui_browser(struct ui *ui, const char *url)
{
	char	**argv;
	pid_t	 pid;
	int	 rc, status, i;

	if (url == NULL || (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0)) {
		ui_message(ui, "no http(s) link to open");
		return;
	}
	argv = ui_browser_argv(ui, url);
	def_prog_mode();
	endwin();
	rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc == 0)
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	reset_prog_mode();
	clearok(curscr, TRUE);
	if (rc != 0)
		ui_message(ui, "%s: %s", argv[0], strerror(rc));
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
	ui->dirty = 1;
}

/* --- Actions of every screen --------------------------------------------- */

static void
ui_mark_all_done(struct ui *ui, const char *text, const char *arg)
{
	struct store_feed	*v = NULL;
	struct dl_err		 err = { "" };
	size_t			 n = 0, i, changed, total = 0;

	(void)text;
	(void)arg;
	if (store_feeds_list(ui->st, &v, &n, &err) == -1) {
		ui_error(ui, "cache: %s", err.msg);
		return;
	}
	for (i = 0; i < n; i++) {
		changed = 0;
		if (v[i].unread > 0 && store_mark_feed_read(ui->st, v[i].id,
		    &changed, &err) == -1) {
			ui_error(ui, "cache: %s", err.msg);
			break;
		}
		total += changed;
	}
	store_feeds_free(v, n);
	if (i == n)
		ui_message(ui, "marked %zu stor%s read", total,
		    total == 1 ? "y" : "ies");
	ui->changed = 1;
}

/* s split at blanks into at most max words (pointers into s). */
static size_t
ui_words(char *s, char **w, size_t max)
{
	char	*save = NULL, *t;
	size_t	 n = 0;

	for (t = strtok_r(s, " \t", &save); t != NULL && n < max;
	    t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	return n;
}

/* "URL [TAG...]", as `dateline add URL --tag TAG...`: the page is
 * fetched in the background (refresh_probe) and ui_subscribe_finish
 * subscribes to what it turns out to be. */
static void
ui_subscribe_done(struct ui *ui, const char *text, const char *arg)
{
	struct refresh_opts	 o;
	struct subs_feed	 f;
	struct dl_err		 err = { "" };
	char			*copy = dl_strdup(text), *w[32];
	size_t			 n, i;

	(void)arg;
	memset(&f, 0, sizeof f);
	if ((n = ui_words(copy, w, 32)) == 0)
		goto out;
	if (ui->probe != NULL)
		ui_error(ui, "already checking %s (C-g stops)",
		    refresh_probe_url(ui->probe));
	else if (subs_check_url(w[0], &err) == -1)
		ui_error(ui, "subscribe: %s", err.msg);
	else if (subs_find(ui->subs, w[0]) != NULL)
		ui_message(ui, "already subscribed to %s", w[0]);
	else {
		for (i = 1; i < n; i++)
			subs_feed_add_tag(&f, w[i]);
		ui_refresh_opts(ui, &o);
		ui->probe = refresh_probe_new(&o.fetch, w[0],
		    subs_feed_option(&f, SUBS_OPT_LINK_PATTERN),
		    subs_feed_is_hub(&f));
		free(ui->probe_line);
		ui->probe_line = dl_strdup(text);
		ui_message(ui, "checking %s\xe2\x80\xa6", w[0]);
	}
out:
	subs_feed_clear(&f);
	free(copy);
}

int
ui_subs_edit(struct ui *ui, ui_subs_edit_fn *edit, void *arg,
    struct dl_err *err)
{
	struct subs	*s;
	int		 rc;

	if ((s = subs_open(ui->config_dir, SUBS_EDIT, NULL, NULL, NULL,
	    err)) == NULL)
		return -1;
	if ((rc = edit(s, arg, err)) == 0 && subs_save(s, err) == -1)
		rc = -1;
	if (rc == -1) {
		subs_free(s);
		return -1;
	}
	subs_unlock(s);
	subs_free(ui->subs);
	ui->subs = s;
	ui->changed = 1;
	return rc;
}

/* What ui_subscribe_save adds, for ui_subscribe_add. */
struct ui_sub_add {
	const char	*url;
	char *const	*tags;
	size_t		 ntags;
};

static int
ui_subscribe_add(struct subs *s, void *arg, struct dl_err *err)
{
	const struct ui_sub_add	*a = arg;

	return subs_add(s, a->url, NULL, a->tags, a->ntags, err);
}

/* Save the subscription the probe found (with the tags typed, and the
 * tag hub for a hub page), then refresh it. */
static void
ui_subscribe_save(struct ui *ui, const struct refresh_probe_result *r)
{
	struct subs_feed	 f;
	struct ui_sub_add	 add;
	struct dl_err		 err = { "" };
	char			*copy = dl_strdup(ui->probe_line), *w[33];
	const char		*title;
	size_t			 n, i;
	int			 rc;

	memset(&f, 0, sizeof f);
	n = ui_words(copy, w, 32);
	for (i = 1; i < n; i++)
		subs_feed_add_tag(&f, w[i]);
	if (r->kind == REFRESH_PROBE_HUB && !subs_feed_is_hub(&f))
		w[n++] = (char *)SUBS_TAG_HUB;
	title = r->title != NULL ? r->title : r->url;
	add.url = r->url;
	add.tags = w + 1;
	add.ntags = n - 1;
	if ((rc = ui_subs_edit(ui, ui_subscribe_add, &add, &err)) == -1)
		ui_error(ui, "subscribe: %s", err.msg);
	else if (rc == 1)
		ui_message(ui, "already subscribed to %s (%s)", r->url,
		    refresh_probe_kind_name(r->kind));
	else {
		ui_message(ui, "subscribed to %s (%s)", title,
		    refresh_probe_kind_name(r->kind));
		free(ui->sub_url);
		ui->sub_url = dl_strdup(r->url);
		snprintf(ui->sub_said, sizeof ui->sub_said, "%s", ui->msg);
		ui_refresh_url(ui, r->url);	/* its error over the message */
		ui->changed = 1;
	}
	subs_feed_clear(&f);
	free(copy);
}

/* The probe is done: subscribe, or say why not. */
static void
ui_subscribe_finish(struct ui *ui)
{
	const struct refresh_probe_result *r = refresh_probe_result(ui->probe);

	switch (r->kind) {
	case REFRESH_PROBE_FETCH_FAILED:
		ui_error(ui, "cannot subscribe to %s: %s",
		    refresh_probe_url(ui->probe), r->reason);
		break;
	case REFRESH_PROBE_INVALID:
	case REFRESH_PROBE_REFUSED:
		ui_error(ui, "not subscribed: %s", r->reason);
		break;
	default:
		ui_subscribe_save(ui, r);
		break;
	}
	refresh_probe_free(ui->probe);
	ui->probe = NULL;
	ui->dirty = 1;
}

/* C-g while a URL is being checked: stop, subscribe to nothing. */
static void
ui_subscribe_cancel(struct ui *ui)
{
	ui_message(ui, "subscribing to %s cancelled",
	    refresh_probe_url(ui->probe));
	refresh_probe_free(ui->probe);
	ui->probe = NULL;
	ui->dirty = 1;
}

static void ui_action(struct ui *, enum ui_action);

static void
ui_command_done(struct ui *ui, const char *text, const char *arg)
{
	char	*name = dl_strdup(text + strspn(text, " "));
	size_t	 end = strcspn(name, " ");
	int	 a;

	(void)arg;
	if (name[end] != '\0')
		name[end++] = '\0';
	if (name[0] == '\0')
		;
	else if ((a = ui_action_find(name)) <= UI_ACT_NONE ||
	    a == UI_ACT_COMMAND)
		ui_error(ui, "unknown command '%s' (? lists them)", name);
	else {
		ui->cmd_arg = name + end;	/* ":open-link 12" */
		ui_action(ui, a);
		ui->cmd_arg = NULL;
	}
	free(name);
}

static void
ui_base64(struct dl_buf *b, const unsigned char *p, size_t n)
{
	static const char	 d[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long		 v;
	size_t			 i;

	for (i = 0; i < n; i += 3) {
		v = (unsigned long)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		dl_buf_addc(b, d[v >> 18 & 63]);
		dl_buf_addc(b, d[v >> 12 & 63]);
		dl_buf_addc(b, i + 1 < n ? d[v >> 6 & 63] : '=');
		dl_buf_addc(b, i + 2 < n ? d[v & 63] : '=');
	}
}

void
ui_copy(struct ui *ui, const char *text)
{
	struct dl_buf	 b;
	char		*clean = render_clean(text);
	size_t		 off = 0;
	ssize_t		 w;

	if (clean[0] == '\0') {
		ui_error(ui, "no link to copy");
		free(clean);
		return;
	}
	dl_buf_init(&b, 1024 * 1024);
	dl_buf_adds(&b, "\033]52;c;");
	ui_base64(&b, (const unsigned char *)clean, strlen(clean));
	dl_buf_adds(&b, "\007");
	refresh();
	while (off < b.len && ((w = write(STDOUT_FILENO, b.data + off,
	    b.len - off)) > 0 || (w == -1 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
	ui_message(ui, "copied %s", clean);
	dl_buf_clear(&b);
	free(clean);
}

/* --- Keys and the loop --------------------------------------------------- */

/* What no screen handled: the actions that ask first. */
static void
ui_global_prompt(struct ui *ui, enum ui_action a)
{
	switch (a) {
	case UI_ACT_MARK_ALL_READ:
		ui_confirm(ui, "mark every story read?", ui_mark_all_done,
		    NULL);
		break;
	case UI_ACT_SUBSCRIBE:
		ui_prompt_start(ui, "subscribe to: ", ui_subscribe_done);
		break;
	case UI_ACT_FILTER_TAG:
		ui_push(ui, ui_tags_new(ui));
		break;
	case UI_ACT_COMMAND:
		ui_prompt_start(ui, ":", ui_command_done);
		break;
	case UI_ACT_ERRORS:
		ui_push(ui, ui_errors_new(ui));
		break;
	case UI_ACT_UNSUBSCRIBE:
		ui_message(ui, "d unsubscribes from the feed selected in the "
		    "feed list");
		break;
	default:
		if ((a >= UI_ACT_OPEN_LINK_1 && a <= UI_ACT_OPEN_LINK_9) ||
		    a == UI_ACT_OPEN_LINK || a == UI_ACT_SHOW_LINKS)
			ui_message(ui, "links open from a story");
		break;
	}
}

/* The options every list follows: hiding read stories and feeds, the
 * story order (cycled). The lists read the cache again. */
static void
ui_list_option(struct ui *ui, enum ui_action a)
{
	if (a == UI_ACT_HIDE_READ) {
		ui->hide_read = !ui->hide_read;
		ui_message(ui, "%s", ui->hide_read ? "read stories and feeds "
		    "hidden" : "read stories and feeds shown");
	} else {
		ui->sort = (ui->sort + 1) % (STORE_ORDER_TITLE + 1);
		ui_message(ui, "stories %s", ui_items_sort_name(ui->sort));
	}
	ui_mark_all(ui, 0, 1);
}

/* What no screen handled. */
static void
ui_global_action(struct ui *ui, enum ui_action a)
{
	switch (a) {
	case UI_ACT_HIDE_READ:
	case UI_ACT_SORT:
		ui_list_option(ui, a);
		break;
	case UI_ACT_QUIT:
		ui->quit = 1;
		break;
	case UI_ACT_BACK:
		if (ui->top->below == NULL)
			ui->quit = 1;
		else
			ui_pop(ui);
		break;
	case UI_ACT_HELP:
		ui_push(ui, ui_help_new(ui));
		break;
	case UI_ACT_SAVED:
		ui_push(ui, ui_items_new(ui, "Saved", NULL, 1, NULL));
		break;
	case UI_ACT_ALL:
		ui_push(ui, ui_items_new(ui, "All stories", NULL, 0, NULL));
		break;
	case UI_ACT_REFRESH_ALL:
		ui_refresh_all(ui);
		break;
	case UI_ACT_SEARCH:
		ui_search_start(ui);
		break;
	case UI_ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	default:
		ui_global_prompt(ui, a);
		break;
	}
}

/* A monotonic clock in milliseconds, for idleness. */
static int64_t
ui_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
ui_key(struct ui *ui, int key)
{
	enum ui_action	 a;

	ui->last_key = ui_now_ms();
	ui->nkeys++;

	if (key == UI_KEY_FN(KEY_RESIZE)) {
		ui_mark_all(ui, 1, 0);
		return;
	}
	if (ui->prompting) {
		ui_prompt_key(ui, key);
		return;
	}
	if ((a = ui_key_action(ui, key)) == UI_ACT_NONE)
		return;
	ui_action(ui, a);
}

/* The top screen's, else everyone's. */
static void
ui_action(struct ui *ui, enum ui_action a)
{
	ui->dirty = 1;
	if (a == UI_ACT_CANCEL && ui->probe != NULL)
		ui_subscribe_cancel(ui);
	else if (a == UI_ACT_CANCEL && ui->fetch_item == 0 &&
	    ui_sync_cancel(ui))
		;	/* a story page being fetched goes first */
	else if (ui->top->ops->action == NULL ||
	    !ui->top->ops->action(ui, ui->top, a))
		ui_global_action(ui, a);
}

/* Mouse: a click selects the row, a double click opens it, the wheel
 * scrolls three lines. */
static void
ui_mouse(struct ui *ui)
{
	MEVENT	 ev;
	int	 i, row;

	ui->last_key = ui_now_ms();
	ui->nkeys++;
	if (getmouse(&ev) != OK || ui->prompting)
		return;
	ui->dirty = 1;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		for (i = 0; i < 3; i++)
			ui_action(ui, ev.bstate & BUTTON4_PRESSED ? UI_ACT_UP :
			    UI_ACT_DOWN);
		return;
	}
	row = ev.y - 1;
	if (row < 0 || row >= ui_draw_rows() || ui->top->ops->click == NULL)
		return;
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED))
		ui->top->ops->click(ui, ui->top, row);
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		ui_action(ui, UI_ACT_OPEN);
}

/* Every key waiting; curses may hold several after one read. */
static void
ui_read_keys(struct ui *ui)
{
	wint_t	 wc;
	int	 r, key;

	while (!ui->quit && (r = get_wch(&wc)) != ERR) {
		if (r == KEY_CODE_YES && wc == KEY_MOUSE) {
			ui_mouse(ui);
			continue;
		}
		if (r == KEY_CODE_YES)
			key = wc == KEY_ENTER ? '\n' : UI_KEY_FN((int)wc);
		else if (wc == '\r')
			key = '\n';
		else if (wc == 0x7f)
			key = UI_KEY_FN(KEY_BACKSPACE);
		else
			key = (int)wc;
		ui_key(ui, key);
	}
}

/* auto-reload: every so many minutes, a refresh of every feed. */
static void
ui_auto_reload(struct ui *ui)
{
	long	 min = settings_get_int(ui->set, SETTINGS_AUTO_RELOAD);

	if (min > 0 && ui->rf == NULL && time(NULL) - ui->last_refresh >=
	    min * 60)
		ui_refresh_all(ui);
}

/* Wait for the terminal and the network: the refresh's transfers, the
 * URL being checked, or both (then the refresh waits a short tick and
 * the check is only moved on). Returns 0 or -1 (the loop failed). */
static int
ui_wait(struct ui *ui)
{
	struct pollfd	 pfd = { STDIN_FILENO, POLLIN, 0 };
	struct dl_err	 err = { "" };

	if (ui->rf != NULL) {
		if (refresh_step(ui->rf, ui->probe != NULL ? UI_PROBE_TICK_MS :
		    UI_TICK_MS, STDIN_FILENO, &err) == -1) {
			ui_message(ui, "refresh: %s", err.msg);
			ui_refresh_finish(ui);
		} else if (refresh_pending(ui->rf) == 0) {
			ui_refresh_finish(ui);
			ui->changed = 1;
		}
		if (ui->probe != NULL)
			refresh_probe_step(ui->probe, 0, -1);
	} else if (ui->probe != NULL)
		refresh_probe_step(ui->probe, UI_TICK_MS, STDIN_FILENO);
	else if (poll(&pfd, 1, ui->idle_more ? 0 : UI_TICK_MS) == -1 &&
	    errno != EINTR)
		return -1;
	if (ui->probe != NULL && refresh_probe_done(ui->probe))
		ui_subscribe_finish(ui);
	return 0;
}

/* Idle (no key for UI_IDLE_MS, no refresh or check running, and no
 * other dateline refreshing: the refresh lock is free): index one batch
 * of the items a refresh left unindexed, so that the first search does
 * not wait for them. idle_more asks the loop not to wait while more are
 * pending. */
static void
ui_idle_sync(struct ui *ui)
{
	struct dl_err	 err = { "" };
	int		 more = 0;

	ui->idle_more = 0;
	if (!ui->idle_sync || ui->rf != NULL || ui->probe != NULL ||
	    ui_now_ms() - ui->last_key < UI_IDLE_MS)
		return;
	if (store_lock_refresh(ui->st, 0, "the reader", &err) == -1)
		return;		/* another refresh writes: later */
	if (store_search_sync_some(ui->st, UI_IDLE_BATCH, &more, &err) == -1)
		ui_error(ui, "cache: %s", err.msg);
	store_unlock_refresh(ui->st);
	ui->idle_sync = ui->idle_more = more;
}

/* One round: wait for the terminal (and the network while a refresh
 * runs or a URL is checked), then act on what came. Returns 0 or -1
 * (the loop failed). */
static int
ui_step(struct ui *ui)
{
	/* Nothing left (a cancelled page): no wait for the network. */
	if (ui->rf != NULL && refresh_pending(ui->rf) == 0) {
		ui_refresh_finish(ui);
		ui->changed = 1;
		return 0;	/* drawn before the next wait */
	}
	if (ui_wait(ui) == -1)
		return -1;
	ui_read_keys(ui);
	if (ui->changed) {
		ui->changed = 0;
		ui_mark_all(ui, 0, 1);
	}
	if (ui->msg[0] != '\0' && time(NULL) > ui->msg_until)
		ui->dirty = 1;
	ui_auto_reload(ui);
	ui_idle_sync(ui);
	return 0;
}

static void
ui_loop(struct ui *ui)
{
	while (!ui->quit) {
		if (ui->dirty)
			ui_draw_all(ui);
		if (ui_step(ui) == -1)
			break;
	}
}

/* --- Start-up ------------------------------------------------------------ */

static void
ui_warn(void *arg, const char *msg)
{
	ui_message(arg, "%s", msg);
}

/* The configuration's mistakes on the message line at start, over the
 * last one shown while loading: how many, and where they are listed. */
static void
ui_config_problems(struct ui *ui)
{
	size_t	 n = settings_problem_count(ui->set);

	/* One is said as it is; of several, the count comes first, as the
	 * problem's path may not fit the line. */
	if (n == 1)
		ui_message(ui, "%s", settings_problem_get(ui->set, 0));
	else if (n > 1)
		ui_message(ui, "config: %zu mistakes (E lists them), first: %s",
		    n, settings_problem_get(ui->set, 0));
}

/* Settings, subscriptions and the cache; 0, or -1 (err says). */
static int
ui_open(struct ui *ui, const char *config_dir, const char *db_path,
    struct dl_err *err)
{
	char	*path = NULL;
	int	 created = 0, rc = -1;

	ui->set = settings_new();
	if ((ui->config_path = settings_path(config_dir, err)) == NULL)
		goto out;
	if (settings_load(ui->set, ui->config_path, ui_warn, ui, err) == -1)
		ui_message(ui, "%s (using the default settings)", err->msg);
	else
		settings_check(ui->set, ui_action_known, NULL, NULL);
	ui->rules = settings_extract_rules(config_dir, ui_warn, ui);
	if ((ui->subs = subs_open(config_dir, 0, ui_warn, ui, &created,
	    err)) == NULL)
		goto out;
	if (created)
		ui_message(ui, "wrote the default subscriptions to %s",
		    subs_file(ui->subs));
	if (db_path != NULL)
		path = dl_strdup(db_path);
	else if ((path = store_default_path(err)) == NULL)
		goto out;
	if ((ui->st = store_open(path, err)) == NULL)
		goto out;
	store_set_max_items(ui->st, (size_t)settings_get_int(ui->set,
	    SETTINGS_MAX_ITEMS));
	store_set_grouping(ui->st, settings_group_threshold(ui->set));
	ui->hide_read = settings_get_bool(ui->set, SETTINGS_HIDE_READ);
	ui->sort = ui_items_sort_find(settings_get_str(ui->set,
	    SETTINGS_SORT));
	rc = 0;
out:
	free(path);
	return rc;
}

static void
ui_close(struct ui *ui)
{
	while (ui->top != NULL) {
		struct ui_screen *s = ui->top;

		ui->top = s->below;
		if (s->ops->free != NULL)
			s->ops->free(s);
		free(s);
	}
	if (ui->rf != NULL) {
		refresh_free(ui->rf);
		store_unlock_refresh(ui->st);
	}
	refresh_probe_free(ui->probe);
	ui_search_free(ui->search);
	free(ui->probe_line);
	free(ui->sub_url);
	free(ui->sync_error);
	store_close(ui->st);
	subs_free(ui->subs);
	settings_free(ui->set);
	extract_rules_free(ui->rules);
	free(ui->config_path);
	free(ui->prompt_arg);
	free(ui->tag);
	dl_buf_clear(&ui->prompt);
}

/* A start-up error on stderr, cleaned as every printed message is. */
static void
ui_fail_print(const char *msg)
{
	char	*c = render_clean(msg);

	fprintf(stderr, "dateline: %s\n", c);
	free(c);
}

static void
ui_curses_start(void)
{
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED, NULL);
}

int
ui_main(const char *config_dir, const char *db_path)
{
	struct ui	 ui;
	struct dl_err	 err = { "" };

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "dateline: the reader needs a terminal; see "
		    "'dateline --help' for the headless commands\n");
		return 1;
	}
	memset(&ui, 0, sizeof ui);
	ui.config_dir = config_dir;
	dl_buf_init(&ui.prompt, UI_PROMPT_MAX);
	if (ui_open(&ui, config_dir, db_path, &err) == -1) {
		ui_fail_print(err.msg);
		ui_close(&ui);
		return 1;
	}
	ui_bind_load(&ui);
	ui_curses_start();
	ui_theme_load(&ui);
	ui_push(&ui, ui_feeds_new(&ui));
	ui_config_problems(&ui);
	if (strcmp(settings_get_str(ui.set, SETTINGS_START_VIEW), "all") == 0)
		ui_push(&ui, ui_items_new(&ui, "All stories", NULL, 0, NULL));
	ui_draw_all(&ui);
	ui.last_refresh = time(NULL);
	ui.last_key = ui_now_ms();
	ui.idle_sync = 1;	/* a headless refresh may have left some */
	if (settings_get_bool(ui.set, SETTINGS_REFRESH_ON_START))
		ui_refresh_all(&ui);
	ui_loop(&ui);
	endwin();
	ui_close(&ui);
	return 0;
}
