/* ui_draw.c: drawing for the ui_ module: the frame around every screen
 * (title bar, status line, message and prompt line), cleaned and
 * width-cut text, styled rendered lines, the list cursor, colour themes
 * (elements, colours mapped to what the terminal has), and the help
 * screen generated from the key bindings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unistd.h>

#include "date.h"
#include "refresh.h"
#include "settings.h"
#include "subs.h"
#include "ui_int.h"

/* Chrome: the title bar, the status line and the message line. */
#define UI_DRAW_CHROME	3

/* The key-hint line is drawn (the key-hints setting). */
static int	ui_draw_hints_on = 1;

int
ui_draw_rows(void)
{
	int	 chrome = UI_DRAW_CHROME + ui_draw_hints_on;

	return LINES > chrome + 1 ? LINES - chrome : 1;
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

/* A run's style: the attributes of every element its flags name, the
 * colours of the first in this order. */
static attr_t
ui_draw_run_attr(unsigned int flags, int header)
{
	static const struct {
		unsigned int		 flag;
		enum ui_element		 el;
	} map[] = {
		{ RENDER_LINK, UI_EL_LINK },
		{ RENDER_LINKREF, UI_EL_LINK_NUMBER },
		{ RENDER_HEADING, UI_EL_HEADING },
		{ RENDER_CODE | RENDER_PRE, UI_EL_CODE },
		{ RENDER_IMAGE, UI_EL_IMAGE },
		{ RENDER_RULE, UI_EL_RULE },
		{ RENDER_QUOTE, UI_EL_QUOTE },
		{ RENDER_BOLD, UI_EL_BOLD },
		{ RENDER_ITALIC, UI_EL_ITALIC },
	};
	attr_t	 a = A_NORMAL, colour = 0, s;
	size_t	 i;

	if (header)
		return ui_style(flags & RENDER_HEADING ? UI_EL_ARTICLE_TITLE :
		    UI_EL_ARTICLE_HEADER);
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (!(flags & map[i].flag))
			continue;
		s = ui_style(map[i].el);
		if (colour == 0)
			colour = s & A_COLOR;
		a |= s & ~A_COLOR;
	}
	return a | colour;
}

void
ui_draw_render_line(int y, int x, const struct render_line *l, int header)
{
	size_t	 i;
	attr_t	 a;

	move(y, x);
	if (l->nruns == 0) {
		a = header ? ui_style(UI_EL_ARTICLE_HEADER) : A_NORMAL;
		attron(a);
		addnstr(l->text, (int)l->len);
		attroff(a);
		return;
	}
	for (i = 0; i < l->nruns; i++) {
		a = ui_draw_run_attr(l->runs[i].flags, header);
		attron(a);
		addnstr(l->text + l->runs[i].off, (int)l->runs[i].len);
		attroff(a);
	}
}

/* The right part of the status line: refresh and sync progress. */
static void
ui_draw_progress(struct ui *ui, char *buf, size_t size)
{
	const struct refresh_stats *s;
	const char	*probe = ui->probe != NULL ?
			    "checking URL\xe2\x80\xa6 " : "";
	const char	*sync;

	snprintf(buf, size, "%s", probe);
	if (ui->rf == NULL)
		return;
	s = refresh_stats(ui->rf);
	sync = refresh_syncing(ui->rf) ? "syncing\xe2\x80\xa6 " : "";
	if (ui->rf_feeds && s->total > 0)
		snprintf(buf, size, "%srefreshing %zu/%zu %s", probe, s->done,
		    s->total, sync);
	else if (ui->rf_feeds || sync[0] != '\0')
		snprintf(buf, size, "%s%s", probe, sync);
	else
		snprintf(buf, size, "%sfetching article\xe2\x80\xa6 ", probe);
}

static void
ui_draw_bar(int y, enum ui_element el, const char *left, const char *right)
{
	int	 rw = render_width(right, strlen(right));
	attr_t	 a = ui_style(el);

	attron(a);
	mvhline(y, 0, ' ', COLS);
	attroff(a);
	ui_draw_text(y, 0, left, COLS - rw - 1, 0, a);
	if (rw > 0 && rw < COLS)
		ui_draw_text(y, COLS - rw, right, rw, 0, a);
}

static void
ui_draw_message(struct ui *ui)
{
	char	*line;

	if (ui->prompting) {
		line = dl_printf("%s%s", ui->prompt_label,
		    dl_buf_str(&ui->prompt));
		ui_draw_bar(LINES - 1, UI_EL_PROMPT, line, "");
		curs_set(1);
		free(line);
		return;
	}
	curs_set(0);
	if (ui->msg[0] != '\0' && time(NULL) <= ui->msg_until)
		ui_draw_text(LINES - 1, 0, ui->msg, COLS - 1, 0,
		    ui_style(ui->msg_error ? UI_EL_ERROR : UI_EL_MESSAGE));
	else
		ui->msg[0] = '\0';
}

/* A list row: the row filled with list or list-selected. */
void
ui_draw_row(int y, int selected)
{
	attr_t	 a = ui_style(selected ? UI_EL_LIST_SELECTED : UI_EL_LIST);

	attron(a);
	mvhline(y, 0, ' ', COLS);
	attroff(a);
}

attr_t
ui_draw_cell(enum ui_element el, int selected)
{
	attr_t	 row = ui_style(selected ? UI_EL_LIST_SELECTED : UI_EL_LIST);
	attr_t	 s = ui_style(el);

	if (selected)
		return row | (s & A_BOLD);
	if ((s & A_COLOR) == 0)
		s |= row & A_COLOR;
	return s | (row & ~A_COLOR);
}

/* The key hints of each screen, by its name: the main actions and the
 * words for them. */
static const struct {
	const char		*screen;
	struct {
		enum ui_action	 a;
		const char	*word;
	}			 hints[10];
} ui_draw_hint_table[] = {
	{ "Feeds", { { UI_ACT_OPEN, "Open" }, { UI_ACT_NEXT_UNREAD,
	    "Next unread" }, { UI_ACT_MARK_FEED_READ, "Mark read" },
	    { UI_ACT_REFRESH_ALL, "Refresh all" }, { UI_ACT_HIDE_READ,
	    "Hide read" }, { UI_ACT_FILTER_TAG, "Tags" }, { UI_ACT_SEARCH,
	    "Search" }, { UI_ACT_SUBSCRIBE, "Subscribe" }, { UI_ACT_QUIT,
	    "Quit" } } },
	{ "Stories", { { UI_ACT_OPEN, "Open" }, { UI_ACT_BACK, "Back" },
	    { UI_ACT_NEXT_UNREAD, "Next unread" }, { UI_ACT_TOGGLE_READ,
	    "Read/unread" }, { UI_ACT_TOGGLE_SAVED, "Save" },
	    { UI_ACT_MARK_FEED_READ, "Mark feed read" }, { UI_ACT_SORT,
	    "Sort" }, { UI_ACT_HIDE_READ, "Hide read" }, { UI_ACT_SEARCH,
	    "Search" } } },
	{ "Article", { { UI_ACT_BACK, "Back" }, { UI_ACT_NEXT_UNREAD,
	    "Next unread" }, { UI_ACT_PREV_UNREAD, "Previous unread" },
	    { UI_ACT_BROWSER, "Browser" }, { UI_ACT_TOGGLE_SAVED, "Save" },
	    { UI_ACT_TOGGLE_READ, "Unread" }, { UI_ACT_EXPORT, "Export" } } },
	{ "Tags", { { UI_ACT_OPEN, "Filter" }, { UI_ACT_BACK, "Back" } } },
};

/* The hints of screen s, or -1 if it has none (help, errors). */
static int
ui_draw_hint_find(struct ui_screen *s)
{
	size_t	 i;

	for (i = 0; i < sizeof ui_draw_hint_table /
	    sizeof ui_draw_hint_table[0]; i++)
		if (strcmp(ui_draw_hint_table[i].screen, s->ops->name) == 0)
			return (int)i;
	return -1;
}

/* "KEY:Word  KEY:Word ..." of the hints h, with the keys bound to them
 * now (an action with no key left out). */
static void
ui_draw_hint_line(struct ui *ui, int h)
{
	struct dl_buf	 b;
	char		 key[32];
	size_t		 j;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (j = 0; ui_draw_hint_table[h].hints[j].word != NULL; j++)
		if (ui_action_key(ui, ui_draw_hint_table[h].hints[j].a, key,
		    sizeof key))
			dl_buf_addf(&b, "%s%s:%s", b.len > 0 ? "  " : "", key,
			    ui_draw_hint_table[h].hints[j].word);
	ui_draw_text(LINES - 3, 0, dl_buf_str(&b), COLS, RENDER_TRUNC_PAD,
	    ui_style(UI_EL_HELP));
	dl_buf_clear(&b);
}

void
ui_draw_all(struct ui *ui)
{
	struct ui_screen	*s = ui->top;
	char			 left[512], right[128], *title;
	int			 h = ui_draw_hint_find(s);

	ui_draw_hints_on = settings_get_bool(ui->set, SETTINGS_KEY_HINTS) &&
	    h >= 0 && LINES > UI_DRAW_CHROME + 2;
	erase();
	title = dl_printf("dateline %s \xc2\xb7 %s", PACKAGE_VERSION,
	    s->title != NULL ? s->title : s->ops->name);
	ui_draw_bar(0, UI_EL_TITLE, title, "? help");
	free(title);
	s->ops->draw(ui, s, 1, ui_draw_rows());
	if (ui_draw_hints_on)
		ui_draw_hint_line(ui, h);
	left[0] = '\0';
	if (s->ops->status != NULL)
		s->ops->status(ui, s, left, sizeof left);
	ui_draw_progress(ui, right, sizeof right);
	ui_draw_bar(LINES - 2, UI_EL_STATUS, left, right);
	ui_draw_message(ui);
	refresh();
	ui->dirty = 0;
}

/* --- Colours and themes -------------------------------------------------- */

/* A colour as read: UI_COLOUR_DEFAULT, an index 0-255, or UI_COLOUR_RGB
 * with 0xrrggbb in the low bits. */
#define UI_COLOUR_DEFAULT	(-1)
#define UI_COLOUR_RGB		0x1000000

struct ui_style {
	int	 fg;
	int	 bg;
	attr_t	 attr;		/* as the theme says */
	attr_t	 builtin;	/* without a theme */
	int	 coloured;	/* a color line gave it colours */
};

static const char *const ui_element_names[UI_EL_COUNT] = {
	"title", "status", "prompt", "list", "list-selected", "unread",
	"saved", "feed-error", "hub", "date", "feed", "article-title",
	"article-header", "heading", "bold", "italic", "code", "link",
	"link-number", "quote", "rule", "image", "help", "message", "error"
};

/* Screen state, as curses' own: the styles of the elements, and what is
 * drawn with them (attributes and colour pair). */
static struct ui_style	 ui_styles[UI_EL_COUNT];
static attr_t		 ui_style_attrs[UI_EL_COUNT];
static int		 ui_colours_on;

/* How each element looks without a theme, on any terminal. */
static const attr_t ui_style_builtin[UI_EL_COUNT] = {
	[UI_EL_TITLE] = A_REVERSE, [UI_EL_STATUS] = A_REVERSE,
	[UI_EL_LIST_SELECTED] = A_REVERSE, [UI_EL_UNREAD] = A_BOLD,
	[UI_EL_FEED_ERROR] = A_BOLD, [UI_EL_ARTICLE_TITLE] = A_BOLD,
	[UI_EL_HEADING] = A_BOLD, [UI_EL_BOLD] = A_BOLD,
	[UI_EL_ITALIC] = A_ITALIC, [UI_EL_LINK] = A_UNDERLINE,
	[UI_EL_LINK_NUMBER] = A_DIM, [UI_EL_QUOTE] = A_DIM,
	[UI_EL_RULE] = A_DIM, [UI_EL_IMAGE] = A_DIM, [UI_EL_ERROR] = A_BOLD,
};

/* xterm's first 16 colours. */
static const uint32_t ui_colour_ansi[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
	0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
	0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff
};

attr_t
ui_style(enum ui_element e)
{
	return e < UI_EL_COUNT ? ui_style_attrs[e] : A_NORMAL;
}

int
ui_element_find(const char *name)
{
	int	 e;

	for (e = 0; e < UI_EL_COUNT; e++)
		if (strcmp(ui_element_names[e], name) == 0)
			return e;
	return -1;
}

/* A colour word as settings checked it; -2 if it is not one. */
static int
ui_colour_parse(const char *s)
{
	static const char *const names[] = { "black", "red", "green",
	    "yellow", "blue", "magenta", "cyan", "white" };
	const char	*base = s;
	long		 n;
	size_t		 i;

	if (strcmp(s, "default") == 0)
		return UI_COLOUR_DEFAULT;
	if (strncmp(s, "bright", 6) == 0)
		base = s + 6;
	for (i = 0; i < 8; i++)
		if (strcmp(base, names[i]) == 0)
			return (int)i + (base != s ? 8 : 0);
	if (strncmp(s, "colour", 6) == 0 && dl_strtonum(s + 6, 0, 255, &n) == 0)
		return (int)n;
	if (strncmp(s, "color", 5) == 0 && dl_strtonum(s + 5, 0, 255, &n) == 0)
		return (int)n;
	if (s[0] == '#' && strlen(s) == 7 &&
	    strspn(s + 1, "0123456789abcdefABCDEF") == 6)
		return UI_COLOUR_RGB | (int)strtol(s + 1, NULL, 16);
	return -2;
}

/* The RGB value of xterm's colour i (0-255). */
static uint32_t
ui_colour_index_rgb(int i)
{
	static const int	 level[6] = { 0, 95, 135, 175, 215, 255 };
	int			 g;

	if (i < 16)
		return ui_colour_ansi[i];
	if (i >= 232) {
		g = 8 + 10 * (i - 232);
		return (uint32_t)(g << 16 | g << 8 | g);
	}
	i -= 16;
	return (uint32_t)(level[i / 36] << 16 | level[i / 6 % 6] << 8 |
	    level[i % 6]);
}

static long
ui_colour_dist(uint32_t a, uint32_t b)
{
	long	 dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long	 dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long	 db = (long)(a & 0xff) - (long)(b & 0xff);

	return dr * dr + dg * dg + db * db;
}

/* The nearest of the colours first ... last - 1 of xterm's 256. */
static int
ui_colour_nearest(uint32_t rgb, int first, int last)
{
	long	 best = -1, d;
	int	 i, n = first;

	for (i = first; i < last; i++) {
		d = ui_colour_dist(rgb, ui_colour_index_rgb(i));
		if (best < 0 || d < best) {
			best = d;
			n = i;
		}
	}
	return n;
}

/* A colour as this terminal can show it: truecolour as it is where the
 * terminal takes RGB values (COLORS of 2^24), else the nearest of its
 * 256, 16 or 8; bright colours on 8 are the colour and bold. */
static int
ui_colour_map(int c, attr_t *extra)
{
	uint32_t	 rgb;

	if (c == UI_COLOUR_DEFAULT)
		return c;
	if (COLORS < 16 && c >= 8 && c < 16) {
		*extra |= A_BOLD;
		return c - 8;
	}
	if (!(c & UI_COLOUR_RGB) && (c < 8 || (c < COLORS && COLORS <= 256)))
		return c;
	rgb = c & UI_COLOUR_RGB ? (uint32_t)c & 0xffffff :
	    ui_colour_index_rgb(c);
	if (COLORS >= 0x1000000)
		return rgb < 8 ? 8 : (int)rgb;	/* 0-7 are the ANSI ones */
	if (COLORS >= 256)
		return ui_colour_nearest(rgb, 16, 256);
	return ui_colour_nearest(rgb, 0, COLORS >= 16 ? 16 : 8);
}

static attr_t
ui_attr_parse(const char *s)
{
	static const struct {
		const char	*name;
		attr_t		 attr;
	} attrs[] = {
		{ "bold", A_BOLD }, { "dim", A_DIM }, { "italic", A_ITALIC },
		{ "underline", A_UNDERLINE }, { "blink", A_BLINK },
		{ "reverse", A_REVERSE }, { "standout", A_STANDOUT },
	};
	size_t	 i;

	for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (strcmp(attrs[i].name, s) == 0)
			return attrs[i].attr;
	return A_NORMAL;	/* "none" */
}

static void
ui_theme_reset(void)
{
	int	 e;

	for (e = 0; e < UI_EL_COUNT; e++) {
		ui_styles[e].fg = ui_styles[e].bg = UI_COLOUR_DEFAULT;
		ui_styles[e].attr = ui_styles[e].builtin = ui_style_builtin[e];
		ui_styles[e].coloured = 0;
	}
}

/* One color record (argv: ELEMENT FG BG [ATTR...]): the attributes given
 * replace the element's (none or no word: none). 0, or -1 (err). */
static int
ui_style_set(size_t argc, char **argv, struct dl_err *err)
{
	struct ui_style	*s;
	int		 e, fg, bg;
	size_t		 i;

	if (argc < 3 || (e = ui_element_find(argv[0])) == -1) {
		dl_err_set(err, "color: unknown element '%s'", argc > 0 ?
		    argv[0] : "");
		return -1;
	}
	if ((fg = ui_colour_parse(argv[1])) < -1 ||
	    (bg = ui_colour_parse(argv[2])) < -1) {
		dl_err_set(err, "color: unknown colour in '%s %s'", argv[1],
		    argv[2]);
		return -1;
	}
	s = &ui_styles[e];
	s->fg = fg;
	s->bg = bg;
	s->coloured = fg != UI_COLOUR_DEFAULT || bg != UI_COLOUR_DEFAULT;
	s->attr = A_NORMAL;
	for (i = 3; i < argc; i++)
		s->attr |= ui_attr_parse(argv[i]);
	return 0;
}

/* What each element is drawn with. Without colours (NO_COLOR, or a
 * terminal that has none) an element that a theme coloured keeps its
 * built-in attributes too, so that what colour set apart stays apart. */
static void
ui_style_apply(void)
{
	struct ui_style	*s;
	attr_t		 extra, unused;
	int		 e, fg, bg;

	for (e = 0; e < UI_EL_COUNT; e++) {
		s = &ui_styles[e];
		if (!s->coloured || !ui_colours_on) {
			ui_style_attrs[e] = s->coloured ? s->attr |
			    s->builtin : s->attr;
			continue;
		}
		extra = unused = A_NORMAL;
		fg = ui_colour_map(s->fg, &extra);
		bg = ui_colour_map(s->bg, &unused);
		init_extended_pair(e + 1, fg, bg);
		ui_style_attrs[e] = s->attr | extra | COLOR_PAIR(e + 1);
	}
}

static void
ui_theme_warn(void *arg, const char *msg)
{
	ui_error(arg, "%s", msg);
}

/* The file of theme name (settings_theme_path); NULL if none. */
static char *
ui_theme_path(struct ui *ui, const char *name)
{
	return settings_theme_path(ui->config_path, name);
}

static void ui_theme_records(struct ui *, const struct settings *,
    const char *, int);

/* Theme name from its file, over the built-in styles. */
static void
ui_theme_file(struct ui *ui, const char *name)
{
	struct settings	*t;
	struct dl_err	 err = { "" };
	char		*path;

	ui_theme_reset();
	if ((path = ui_theme_path(ui, name)) == NULL) {
		if (strcmp(name, "default") != 0)
			ui_error(ui, "theme %s: no such theme (themes/%s)",
			    name, name);
		return;
	}
	t = settings_new();
	if (settings_load(t, path, ui_theme_warn, ui, &err) == -1)
		ui_error(ui, "%s", err.msg);
	ui_theme_records(ui, t, path, 1);
	settings_free(t);
	free(path);
}

/* The theme and color records of s (read from path) in order. */
static void
ui_theme_records(struct ui *ui, const struct settings *s, const char *path,
    int in_theme)
{
	const struct settings_record *r;
	struct dl_err	 err = { "" };
	size_t		 i;

	for (i = 0; i < settings_record_count(s); i++) {
		r = settings_record_get(s, i);
		if (r->kind == SETTINGS_RECORD_COLOR) {
			if (ui_style_set(r->argc, r->argv, &err) == -1)
				ui_error(ui, "%s:%zu: %s", path, r->line,
				    err.msg);
		} else if (in_theme)
			ui_error(ui, "%s:%zu: a theme holds color lines only",
			    path, r->line);
		else if (r->kind == SETTINGS_RECORD_THEME && r->argc > 0)
			ui_theme_file(ui, r->argv[0]);
	}
}

void
ui_theme_load(struct ui *ui)
{
	const char	*nc = getenv("NO_COLOR");
	size_t		 i;
	int		 themed = 0;

	/* no-color.org: set and not empty, whatever its value. */
	ui_colours_on = (nc == NULL || nc[0] == '\0') && has_colors();
	if (ui_colours_on && (start_color() == ERR ||
	    use_default_colors() == ERR))
		ui_colours_on = 0;
	for (i = 0; i < settings_record_count(ui->set); i++)
		themed |= settings_record_get(ui->set, i)->kind ==
		    SETTINGS_RECORD_THEME;
	if (themed)
		ui_theme_reset();
	else
		ui_theme_file(ui, settings_get_str(ui->set, SETTINGS_THEME));
	ui_theme_records(ui, ui->set, ui->config_path, 0);
	ui_style_apply();
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

static int
ui_list_have(struct ui *ui, struct ui_list *l, size_t i)
{
	if (l->ops->have != NULL)
		return l->ops->have(ui, l->data, i);
	return i < l->count;
}

void
ui_list_draw(struct ui *ui, struct ui_list *l, int y, int rows)
{
	size_t	 i;

	ui_list_fit(l, rows);
	for (i = l->top; i < l->top + (size_t)rows &&
	    ui_list_have(ui, l, i); i++)
		l->ops->draw_row(ui, l->data, i, y + (int)(i - l->top),
		    i == l->cursor);
}

size_t
ui_list_clamp(struct ui *ui, struct ui_list *l, size_t t)
{
	size_t	 before;

	while (l->more && t >= l->count) {	/* read on to t */
		before = l->count;
		if (!ui_list_have(ui, l, l->count) || l->count == before)
			break;
	}
	if (l->count == 0)
		return 0;
	return t < l->count ? t : l->count - 1;
}

int
ui_list_move(struct ui *ui, struct ui_list *l, enum ui_action a)
{
	size_t	 t;

	if (!ui_list_target(l, a, ui_draw_rows(), &t))
		return 0;
	l->cursor = ui_list_clamp(ui, l, t);
	return 1;
}

void
ui_list_click(struct ui *ui, struct ui_list *l, int row)
{
	if (ui_list_have(ui, l, l->top + (size_t)row))
		l->cursor = l->top + (size_t)row;
}

/* --- Help and the error log: screens of lines ---------------------------- */

struct ui_help {
	struct ui_list	 list;
	char		**lines;
	char		*status;
	enum ui_element	 el;
};

static void
ui_help_draw_row(struct ui *ui, void *data, size_t i, int y, int selected)
{
	struct ui_help	*h = data;

	(void)ui;
	ui_draw_row(y, selected);
	ui_draw_text(y, 1, h->lines[i], COLS - 2, 0, ui_draw_cell(h->el,
	    selected));
}

static const struct ui_list_ops ui_help_list_ops = {
	NULL, ui_help_draw_row
};

static void
ui_help_draw(struct ui *ui, struct ui_screen *s, int y, int rows)
{
	struct ui_help	*h = s->data;

	ui_list_draw(ui, &h->list, y, rows);
}

static int
ui_help_action(struct ui *ui, struct ui_screen *s, enum ui_action a)
{
	struct ui_help	*h = s->data;

	return ui_list_move(ui, &h->list, a);
}

static void
ui_help_click(struct ui *ui, struct ui_screen *s, int row)
{
	struct ui_help	*h = s->data;

	ui_list_click(ui, &h->list, row);
}

static void
ui_help_status(struct ui *ui, struct ui_screen *s, char *buf, size_t size)
{
	struct ui_help	*h = s->data;

	(void)ui;
	snprintf(buf, size, "%s", h->status);
}

static void
ui_help_free(struct ui_screen *s)
{
	struct ui_help	*h = s->data;
	size_t		 i;

	for (i = 0; i < h->list.count; i++)
		free(h->lines[i]);
	free(h->lines);
	free(h->status);
	free(h);
}

static const struct ui_screen_ops ui_help_ops = {
	"Help", ui_help_draw, ui_help_action, NULL, NULL, ui_help_status,
	ui_help_free, ui_help_click
};

static const struct ui_screen_ops ui_errors_ops = {
	"Errors", ui_help_draw, ui_help_action, NULL, NULL, ui_help_status,
	ui_help_free, ui_help_click
};

/* A screen of n lines (taken), drawn as el. */
static struct ui_screen *
ui_lines_new(const struct ui_screen_ops *ops, char **lines, size_t n,
    char *status, enum ui_element el)
{
	struct ui_screen	*s = dl_calloc(1, sizeof *s);
	struct ui_help		*h = dl_calloc(1, sizeof *h);

	h->lines = lines;
	h->list.count = n;
	h->list.ops = &ui_help_list_ops;
	h->list.data = h;
	h->status = status;
	h->el = el;
	s->ops = ops;
	s->data = h;
	return s;
}

/* One line per action: its keys, its name, what it does. */
struct ui_screen *
ui_help_new(struct ui *ui)
{
	struct dl_buf	 keys;
	char		 name[32], **lines;
	size_t		 i, n = 0;
	int		 a;

	lines = dl_reallocarray(NULL, UI_ACT_COUNT + 2, sizeof *lines);
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
		lines[n++] = dl_printf("%-20s %-16s %s", dl_buf_str(&keys),
		    ui_action_name(a), ui_action_doc(a));
	}
	dl_buf_clear(&keys);
	lines[n++] = dl_strdup("");
	lines[n++] = dl_strdup("Feed list marks: ! last refresh failed, "
	    "H hub page, S the feed server's (read through it; r syncs)");
	return ui_lines_new(&ui_help_ops, lines, n, dl_strdup("Keys (bind "
	    "KEY ACTION in the config file; : runs an action by name)"),
	    UI_EL_HELP);
}

/* Subscriptions whose last fetch failed (as the cache recorded it, so
 * the log outlives the reader): "TITLE: REASON" and "  URL". */
struct ui_screen *
ui_errors_new(struct ui *ui)
{
	struct store_feed	*v = NULL;
	struct dl_err		 err = { "" };
	char			**lines;
	size_t			 n = 0, i, nl = 0, np, nc, nf;

	if (store_feeds_list(ui->st, &v, &n, &err) == -1)
		ui_error(ui, "cache: %s", err.msg);
	nc = settings_problem_count(ui->set);
	lines = dl_reallocarray(NULL, 2 * n + nc + 2, sizeof *lines);
	for (i = 0; i < nc; i++)
		lines[nl++] = dl_printf("config: %s",
		    settings_problem_get(ui->set, i));
	if (ui->sync_error != NULL)	/* the last sync's, until one works */
		lines[nl++] = dl_printf("feed server: %s", ui->sync_error);
	np = nl;
	for (i = 0; i < n; i++) {
		if (v[i].last_error == NULL ||
		    subs_find(ui->subs, v[i].url) == NULL)
			continue;
		lines[nl++] = dl_printf("%s: %s", ui_feed_title(ui, v[i].url,
		    v[i].title), v[i].last_error);
		lines[nl++] = dl_printf("    %s", v[i].url);
	}
	store_feeds_free(v, n);
	nf = (nl - np) / 2;
	if (nl == np)
		lines[nl++] = dl_strdup("no feed failed at its last refresh");
	return ui_lines_new(&ui_errors_ops, lines, nl, dl_printf("Errors "
	    "\xc2\xb7 %zu feed%s failed%s%s", nf, nf == 1 ? "" : "s",
	    nc == 0 ? "" : nc == 1 ? " \xc2\xb7 1 config mistake" :
	    " \xc2\xb7 config mistakes", np > nc ? " \xc2\xb7 the sync "
	    "failed" : ""), UI_EL_ERROR);
}

size_t
ui_date(struct ui *ui, int64_t t, int with_time, char *buf, size_t size)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;
	size_t		 n;

	buf[0] = '\0';
	tzset();	/* localtime_r need not read TZ */
	if (t == DATE_NONE || (int64_t)tt != t || localtime_r(&tt, &tm) ==
	    NULL)
		return 0;
	n = strftime(buf, size, settings_get_str(ui->set,
	    SETTINGS_DATE_FORMAT), &tm);
	if (n == 0)
		buf[0] = '\0';
	if (with_time && size - n > 1)
		n += strftime(buf + n, size - n, &" %H:%M %Z"[n == 0], &tm);
	return n;
}
