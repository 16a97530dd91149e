/* ui_int.h: shared between the files of the ui_ module: the screen stack,
 * key bindings, the list cursor and the drawing helpers. */
#ifndef UI_INT_H
#define UI_INT_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dl.h"
#include "render.h"
#include "store.h"

struct refresh;
struct refresh_probe;
struct settings;
struct subs;
struct ui;

/* What a key does; names in ui_actions (ui.c). */
enum ui_action {
	UI_ACT_NONE,
	UI_ACT_DOWN,
	UI_ACT_UP,
	UI_ACT_TOP,
	UI_ACT_BOTTOM,
	UI_ACT_PAGE_DOWN,
	UI_ACT_PAGE_UP,
	UI_ACT_HALF_DOWN,
	UI_ACT_HALF_UP,
	UI_ACT_OPEN,
	UI_ACT_BACK,
	UI_ACT_QUIT,
	UI_ACT_NEXT_UNREAD,
	UI_ACT_PREV_UNREAD,
	UI_ACT_TOGGLE_READ,
	UI_ACT_MARK_FEED_READ,
	UI_ACT_TOGGLE_SAVED,
	UI_ACT_SAVED,
	UI_ACT_ALL,
	UI_ACT_REFRESH_ALL,
	UI_ACT_SEARCH,
	UI_ACT_BROWSER,
	UI_ACT_HELP,
	UI_ACT_REDRAW,
	UI_ACT_REFRESH_FEED,
	UI_ACT_MARK_ALL_READ,
	UI_ACT_REFETCH,
	UI_ACT_OPEN_LINK_1,	/* ... UI_ACT_OPEN_LINK_1 + 8: links 1-9 */
	UI_ACT_OPEN_LINK_9 = UI_ACT_OPEN_LINK_1 + 8,
	UI_ACT_COPY_LINK,
	UI_ACT_SUBSCRIBE,
	UI_ACT_UNSUBSCRIBE,
	UI_ACT_FILTER_TAG,
	UI_ACT_COMMAND,
	UI_ACT_ERRORS,
	UI_ACT_EXPORT,
	UI_ACT_CANCEL,
	UI_ACT_SHOW_LINKS,
	UI_ACT_OPEN_LINK,	/* link N: ":open-link N", else asks */
	UI_ACT_HIDE_READ,
	UI_ACT_SORT,
	UI_ACT_COPIES,
	UI_ACT_COUNT
};

/* The parts of the screen a theme colours; names in ui_draw.c. */
enum ui_element {
	UI_EL_TITLE,
	UI_EL_STATUS,
	UI_EL_PROMPT,
	UI_EL_LIST,
	UI_EL_LIST_SELECTED,
	UI_EL_UNREAD,
	UI_EL_SAVED,
	UI_EL_FEED_ERROR,
	UI_EL_HUB,
	UI_EL_DATE,
	UI_EL_FEED,
	UI_EL_ARTICLE_TITLE,
	UI_EL_ARTICLE_HEADER,
	UI_EL_HEADING,
	UI_EL_BOLD,
	UI_EL_ITALIC,
	UI_EL_CODE,
	UI_EL_LINK,
	UI_EL_LINK_NUMBER,
	UI_EL_QUOTE,
	UI_EL_RULE,
	UI_EL_IMAGE,
	UI_EL_HELP,
	UI_EL_MESSAGE,
	UI_EL_ERROR,
	UI_EL_COUNT
};

/* A key: a Unicode code point (control keys are 1-31), or a curses
 * function key as UI_KEY_FN(KEY_UP). */
#define UI_KEY_FN(k)	(0x200000 + (k))

struct ui_binding {
	int		 key;
	enum ui_action	 action;
};

#define UI_BINDINGS_MAX	256

/* A screen is a struct of callbacks (tmux's window modes). Every
 * callback but draw may be NULL. */
struct ui_screen;
struct ui_screen_ops {
	const char	*name;
	/* Draw the content area: rows lines from screen line y. */
	void	(*draw)(struct ui *ui, struct ui_screen *s, int y, int rows);
	/* 1 if the screen handled the action. */
	int	(*action)(struct ui *ui, struct ui_screen *s,
		    enum ui_action a);
	/* The terminal changed size; lay out again. */
	void	(*resize)(struct ui *ui, struct ui_screen *s);
	/* The cache changed (a refresh, a mark elsewhere): read it again,
	 * keeping the cursor on the same row. */
	void	(*reload)(struct ui *ui, struct ui_screen *s);
	/* The status line's left part: title, position, counts. */
	void	(*status)(struct ui *ui, struct ui_screen *s, char *buf,
		    size_t size);
	void	(*free)(struct ui_screen *s);
	/* A click on row (0: the first row of the content area). */
	void	(*click)(struct ui *ui, struct ui_screen *s, int row);
};

struct ui_screen {
	const struct ui_screen_ops *ops;
	void			*data;
	struct ui_screen	*below;
	int			 stale;	/* reload when shown again */
	int			 resized; /* resize when shown again */
	/* The title line's words for where the user is ("Saved", a
	 * feed's name), borrowed from data; NULL: the ops' name. */
	const char		*title;
};

/* The prompt line's callback with the text entered (never NULL) and the
 * argument given to ui_confirm (else NULL), both borrowed for the call. */
typedef void ui_prompt_fn(struct ui *ui, const char *text, const char *arg);
/* A key at the prompt its owner handles (history, completion) before
 * the prompt does: 1 if it took the key. */
typedef int ui_prompt_key_fn(struct ui *ui, int key);
struct ui_search;

struct ui {
	struct store		*st;
	struct subs		*subs;
	struct settings		*set;
	struct extract_rules	*rules;		/* the user's, or empty */
	const char		*config_dir;
	char			*config_path;	/* for messages */
	time_t			 last_refresh;	/* for auto-reload */
	struct ui_screen	*top;
	struct ui_binding	 binds[UI_BINDINGS_MAX];
	size_t			 nbinds;
	int			 quit;
	int			 dirty;
	char			 msg[512];
	int			 msg_error;	/* drawn as an error */
	time_t			 msg_until;
	/* Keys read so far, and when the message was said: a screen's
	 * message goes when the screen is left. */
	unsigned long		 nkeys;
	unsigned long		 msg_key;
	/* Background refresh, NULL when none runs. */
	struct refresh		*rf;
	int			 rf_feeds;	/* feeds were added */
	/* The sync beside it (ui_sync.c): what it said, for the refresh's
	 * last message; whether it failed; the last failure's reason for
	 * the errors screen (NULL after a success). */
	char			 sync_said[512];
	int			 sync_failed;
	char			*sync_error;
	int			 changed;	/* cache changed since reload */
	int64_t			 fetch_item;	/* article page asked for */
	/* The URL typed at the subscribe prompt being checked, NULL when
	 * none; probe_line is what was typed (URL and tags). */
	struct refresh_probe	*probe;
	char			*probe_line;
	/* A new subscription until its first refresh is reported: the
	 * URL and what was said ("subscribed to T (feed)"); sub_told: it
	 * was reported in the running refresh. */
	char			*sub_url;
	char			 sub_said[512];
	int			 sub_told;
	/* Syncing the search index while idle. */
	int64_t			 last_key;	/* ms, monotonic */
	int			 idle_sync;	/* items may be pending */
	int			 idle_more;	/* pending after a batch */
	/* Prompt line. */
	int			 prompting;
	char			 prompt_label[64];	/* "/", "subscribe: " */
	struct dl_buf		 prompt;
	ui_prompt_fn		*prompt_done;
	int			 confirm;	/* one key: y or not */
	char			*prompt_arg;	/* for prompt_done */
	char			*tag;		/* feed list filter, or NULL */
	/* The words after the action's name in ":action ARGS", or what
	 * a prompt asked for, during that action; else NULL. */
	const char		*cmd_arg;
	ui_prompt_key_fn	*prompt_key;	/* NULL: none */
	struct ui_search	*search;	/* history; NULL before / */
	/* The lists' options: read stories and feeds hidden; the story
	 * order (an enum store_order). */
	int			 hide_read;
	int			 sort;
};

/* --- ui.c ---------------------------------------------------------------- */

void	 ui_push(struct ui *ui, struct ui_screen *s);
/* Remove the top screen (never the last one) and show the one below. */
void	 ui_pop(struct ui *ui);
/* A transient message on the last line (printf format). */
void	 ui_message(struct ui *ui, const char *fmt, ...) DL_ATTR_PRINTF(2, 3);
/* The same, drawn as an error. */
void	 ui_error(struct ui *ui, const char *fmt, ...) DL_ATTR_PRINTF(2, 3);
/* Start a background refresh of every subscription, and a sync when a
 * feed server is configured. */
void	 ui_refresh_all(struct ui *ui);
/* The running refresh, or a new one under the refresh lock; NULL with a
 * message when another refresh holds the lock. */
struct refresh *ui_refresh_get(struct ui *ui);
/* Fetch the story page of an item in the background; 0 or -1 (message
 * shown). */
int	 ui_refresh_article(struct ui *ui, int64_t item_id);
/* Start the prompt line after label ("/", ":", "subscribe to: "). */
void	 ui_prompt_start(struct ui *ui, const char *label,
	     ui_prompt_fn *done);
/* Ask question on the prompt line; y calls done (text "y", and arg),
 * any other key cancels. arg may be NULL; it is taken (freed after). */
void	 ui_confirm(struct ui *ui, const char *question, ui_prompt_fn *done,
	     char *arg);
/* Refresh one feed in the background (a hub as a hub), now. */
void	 ui_refresh_url(struct ui *ui, const char *url);
/* Change the urls file as `dateline add` and `remove` do: edit runs on a
 * fresh read of it taken under its lock (so a `dateline add` made since
 * the reader started is kept) and returns 0 if it changed the model (then
 * saved), 1 if there was nothing to change, -1 (err set). The fresh model
 * becomes the reader's. Returns what edit returned, or -1 (err set). */
typedef int ui_subs_edit_fn(struct subs *s, void *arg, struct dl_err *err);
int	 ui_subs_edit(struct ui *ui, ui_subs_edit_fn *edit, void *arg,
	     struct dl_err *err);
/* Copy text to the terminal's clipboard (OSC 52). */
void	 ui_copy(struct ui *ui, const char *text);
/* The name and one-line doc of an action; the key names of a key. */
const char *ui_action_name(enum ui_action a);
const char *ui_action_doc(enum ui_action a);
void	 ui_key_name(int key, char *buf, size_t size);
/* The name of the first key bound to a; 0 if none is. */
int	 ui_action_key(struct ui *ui, enum ui_action a, char *buf,
	     size_t size);
/* A feed's name: its "~title" in the urls file, else title (from the
 * cache; may be NULL), else the URL. Borrowed. */
const char *ui_feed_title(struct ui *ui, const char *url, const char *title);
/* Open url in the browser (http and https only). */
void	 ui_browser(struct ui *ui, const char *url);

/* --- ui_draw.c ----------------------------------------------------------- */

/* Lines of the content area. */
int	 ui_draw_rows(void);
/* Text cleaned and cut (or padded, RENDER_TRUNC_PAD) to width columns,
 * drawn at (y, x) with attr. Returns the columns used. */
int	 ui_draw_text(int y, int x, const char *s, int width, int flags,
	     attr_t attr);
/* One rendered line at (y, x), its runs styled by the theme; header: a
 * line of the article's header (article-title, article-header). */
void	 ui_draw_render_line(int y, int x, const struct render_line *l,
	     int header);
/* What an element is drawn with: attributes and colour pair. */
attr_t	 ui_style(enum ui_element e);
/* The element of a name, or -1. */
int	 ui_element_find(const char *name);
/* Colours on (unless NO_COLOR is set or the terminal has none), then
 * the theme (the `theme` setting, or the config's theme lines) and the
 * config's color lines, in order; problems are shown as messages. After
 * initscr. */
void	 ui_theme_load(struct ui *ui);
/* A list row at y filled with list or list-selected; then a cell's
 * style: element el on that row (on the selected row, list-selected with
 * el's boldness). */
void	 ui_draw_row(int y, int selected);
attr_t	 ui_draw_cell(enum ui_element el, int selected);
/* Time t (DATE_NONE: none) in the local time zone (TZ) in buf: the
 * date-format setting, then with_time " HH:MM ZONE". Returns the bytes
 * written (0: none). */
size_t	 ui_date(struct ui *ui, int64_t t, int with_time, char *buf,
	     size_t size);
/* The whole screen: title, top screen, status, message or prompt. */
void	 ui_draw_all(struct ui *ui);

/* The list widget every list screen shares for drawing, moving and
 * clicks (tmux's mode-tree): the screen gives its rows through ops. */
struct ui_list_ops {
	/* 1 if row i exists, reading it in as needed (updating count and
	 * more); NULL: rows below count exist. */
	int	(*have)(struct ui *ui, void *data, size_t i);
	/* Draw row i at screen line y. */
	void	(*draw_row)(struct ui *ui, void *data, size_t i, int y,
		    int selected);
};

/* A list cursor. count is the rows known to exist; while more may
 * follow, more is 1. ops and data: the screen's rows. */
struct ui_list {
	size_t			 cursor;
	size_t			 top;
	size_t			 count;
	int			 more;
	const struct ui_list_ops *ops;
	void			*data;
};

/* Draw the rows on screen from line y (rows lines), the cursor kept
 * on screen. */
void	 ui_list_draw(struct ui *ui, struct ui_list *l, int y, int rows);
/* The last row that exists at or before t (reading on as needed). */
size_t	 ui_list_clamp(struct ui *ui, struct ui_list *l, size_t t);
/* A movement action moves the cursor to a row that exists; 0 if a is
 * not a movement. */
int	 ui_list_move(struct ui *ui, struct ui_list *l, enum ui_action a);
/* A click on content row row selects it if it exists. */
void	 ui_list_click(struct ui *ui, struct ui_list *l, int row);

/* Where a movement action takes the cursor (before clamping); the
 * caller clamps to the rows that exist. SIZE_MAX for bottom. Returns 0
 * if a is not a movement. */
int	 ui_list_target(const struct ui_list *l, enum ui_action a, int rows,
	     size_t *target);
/* Keep the cursor on screen. */
void	 ui_list_fit(struct ui_list *l, int rows);

/* The help screen, generated from the current bindings. */
struct ui_screen *ui_help_new(struct ui *ui);
/* The error log: every subscription whose last fetch failed, and why. */
struct ui_screen *ui_errors_new(struct ui *ui);

/* --- ui_feeds.c ---------------------------------------------------------- */

struct ui_screen *ui_feeds_new(struct ui *ui);
/* The URLs of the feeds the feed list shows (not hidden, with ui->tag if
 * set): *out gets n allocated strings, freed with their array. */
size_t	 ui_feeds_tag_urls(struct ui *ui, char ***out);
/* The feed after (dir 1) or before (-1) url in the feed list's order
 * with unread stories (url not listed: from the start or end): its URL,
 * and its name in *title, both allocated; NULL if there is none. */
char	*ui_feeds_next_unread(struct ui *ui, const char *url, int dir,
	     char **title);

/* The tag list: the tags in use with their unread stories and feeds;
 * Enter filters the feed list by one. */
struct ui_screen *ui_tags_new(struct ui *ui);

/* --- ui_items.c ---------------------------------------------------------- */

/* A story list: one feed (feed_url), every feed (NULL; under a tag
 * filter, every feed the feed list shows), the saved stories or a
 * search. title names the view. */
struct ui_screen *ui_items_new(struct ui *ui, const char *title,
	     const char *feed_url, int saved_only, const char *search);
/* The copies of it's story in every outlet, to open one; a message
 * when it stands alone. */
void	 ui_items_copies(struct ui *ui, const struct store_item *it);
/* From an article: move the list's cursor to the next (dir 1) or
 * previous (-1) unread story and return its id, or 0 if there is none. */
int64_t	 ui_items_step_unread(struct ui *ui, struct ui_screen *s, int dir);
/* Ask, then mark every story All stories shows read (under a tag
 * filter, those of the feeds with the tag). */
void	 ui_items_mark_all(struct ui *ui);
/* The story order of a `sort` setting's name (newest when unknown),
 * and how the lists name an order ("oldest first"). */
int	 ui_items_sort_find(const char *name);
const char *ui_items_sort_name(int sort);
/* The article marked an item: update the list's row. */
void	 ui_items_set_marks(struct ui_screen *s, int64_t id, int read,
	     int saved);
/* The one feed a story list shows, NULL for any other list or screen
 * (s may be NULL); *title gets the list's title when it is the feed's
 * (not a search), else NULL. Borrowed. */
const char *ui_items_feed_url(const struct ui_screen *s, const char **title);

/* --- ui_links.c ---------------------------------------------------------- */

/* The link list of a story titled title: urls (n of them, copied). */
struct ui_screen *ui_links_new(struct ui *ui, const char *title,
	     const char *const *urls, size_t n);
/* The action open-link: link N of urls when ui->cmd_arg holds N, else
 * the number prompt, whose answer comes back to the top screen as
 * open-link with cmd_arg set. Errors go to the message line. */
void	 ui_links_open(struct ui *ui, const char *const *urls, size_t n);
/* Open link nth (1 ...) of urls, or say there is none. */
void	 ui_links_open_nth(struct ui *ui, const char *const *urls, size_t n,
	     size_t nth);

/* --- ui_sync.c ----------------------------------------------------------- */

/* With a feed server configured, a sync beside the refresh (started if
 * none runs): 0 started or running, 1 when sync is none, -1 (said). */
int	 ui_sync_start(struct ui *ui);
/* r on url: when it is a feed server's feed, say so and sync (its
 * stories come through the server); 1 if it is one, else 0. */
int	 ui_sync_feed(struct ui *ui, const char *url);
/* C-g: stop the running sync (its end is said when reported); 1 if
 * one was running. */
int	 ui_sync_cancel(struct ui *ui);

/* --- ui_search.c --------------------------------------------------------- */

/* The search prompt: the feed shown (ui_items_feed_url, else
 * ui_article_feed_url), Tab for every feed, Up and Down for history. */
void	 ui_search_start(struct ui *ui);
void	 ui_search_free(struct ui_search *s);

/* --- ui_article.c -------------------------------------------------------- */

/* The article view of item id; list (may be NULL) is the story list it
 * was opened from, for n and p. NULL (message shown) on error. */
/* Write story id as Markdown to a new file in the current folder (as
 * `dateline export-story`: never over a file, -2, -3 ... suffixes);
 * "exported to PATH" or the error in the message line. */
void	 ui_article_export(struct ui *ui, int64_t id);
struct ui_screen *ui_article_new(struct ui *ui, int64_t id,
	     struct ui_screen *list);
/* The feed of the story list an article screen was opened from, NULL
 * when that list is not one feed's or s is no article; *title gets the
 * feed's title in the cache (may be NULL). Borrowed. */
const char *ui_article_feed_url(const struct ui_screen *s,
	     const char **title);

#endif
