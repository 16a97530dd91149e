/* cli_items.c: the cache subcommands: feeds, items, read, mark, export-story. */
#include "config.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_int.h"
#include "date.h"
#include "dl.h"
#include "render.h"
#include "settings.h"
#include "store.h"
#include "subs.h"

/* Rows fetched from the cache at a time: memory stays flat however big
 * the cache is. */
#define CLI_ITEMS_WINDOW	500
/* Width of the feed title column, in display columns. */
#define CLI_ITEMS_FEED_COLS	20

/* Open the cache named by --db or the default path. Returns 0 with *st
 * set, 1 when the file does not exist (nothing is created: reading an
 * empty cache is not an error), -1 after printing why. */
static int
cli_items_open(const struct cli_ctx *cx, struct store **st)
{
	struct dl_err	 err = { "" };
	char		*path;
	int		 rc = -1;

	*st = NULL;
	if (cx->db_path != NULL)
		path = dl_strdup(cx->db_path);
	else if ((path = store_default_path(&err)) == NULL) {
		cli_err(cx, "%s", err.msg);
		return -1;
	}
	if (access(path, F_OK) == -1) {
		rc = 1;
		goto out;
	}
	if ((*st = store_open(path, &err)) == NULL) {
		cli_err(cx, "%s", err.msg);
		goto out;
	}
	store_set_grouping(*st, settings_group_threshold(cx->set));
	rc = 0;
out:
	free(path);
	return rc;
}

/* The subscriptions, for the "~Title" the reader shows; NULL when there
 * is no urls file (nothing is created) or it cannot be read. */
static struct subs *
cli_items_subs(const struct cli_ctx *cx)
{
	struct dl_err	 err = { "" };
	struct subs	*s = NULL;
	char		*path;

	if ((path = subs_path(cx->config_dir, &err)) == NULL)
		return NULL;
	if (access(path, F_OK) == 0)
		s = subs_load(path, NULL, NULL, &err);
	free(path);
	return s;
}

/* The feed title as the reader shows it: the urls file's "~Title", else
 * the feed's own; NULL when neither. Borrowed. */
static const char *
cli_items_feed_title(const struct subs *s, const struct store_item *it)
{
	const struct subs_feed	*f;

	if (s != NULL && (f = subs_find(s, it->feed_url)) != NULL &&
	    f->title != NULL && *f->title != '\0')
		return f->title;
	return it->feed_title;
}

static void
cli_items_print_line(const struct subs *s, const struct store_item *it)
{
	struct dl_buf	 b;
	char		 date[DATE_RFC3339_SIZE];
	char		*feed, *title;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	if (date_format_rfc3339(it->sort_date, date, sizeof date) == 0) {
		date[10] = ' ';
		date[16] = '\0';	/* "YYYY-MM-DD HH:MM" */
	} else
		snprintf(date, sizeof date, "%-16s", "-");
	dl_buf_addf(&b, "%6" PRId64 "  %s  %c%c  ", it->id, date,
	    it->read ? ' ' : 'N', it->saved ? 'S' : ' ');
	/* Columns by display width, so CJK feed titles line up. */
	feed = render_truncate(cli_items_feed_title(s, it) != NULL ?
	    cli_items_feed_title(s, it) : it->feed_url, CLI_ITEMS_FEED_COLS,
	    RENDER_TRUNC_PAD);
	title = render_clean(it->title != NULL ? it->title : "(untitled)");
	dl_buf_adds(&b, feed);
	dl_buf_adds(&b, "  ");
	dl_buf_adds(&b, title);
	if (it->same_n > 1)	/* the other copies of the story */
		dl_buf_addf(&b, "  +%" PRId64, it->same_n - 1);
	free(feed);
	free(title);
	printf("%s\n", dl_buf_str(&b));
	dl_buf_clear(&b);
}


static json_t *
cli_items_jdate(int64_t t)
{
	char	 buf[DATE_RFC3339_SIZE];

	if (date_format_rfc3339(t, buf, sizeof buf) == -1)
		return json_null();
	return json_string(buf);
}

static void
cli_items_print_json(const struct subs *s, const struct store_item *it,
    int first)
{
	json_t	*o;

	o = json_object();
	json_object_set_new(o, "id", json_integer(it->id));
	json_object_set_new(o, "feed", cli_json_str(it->feed_url));
	json_object_set_new(o, "feed_title",
	    cli_json_str(cli_items_feed_title(s, it)));
	json_object_set_new(o, "title", cli_json_str(it->title));
	json_object_set_new(o, "link", cli_json_str(it->link));
	json_object_set_new(o, "author", cli_json_str(it->author));
	json_object_set_new(o, "published", cli_items_jdate(it->published));
	json_object_set_new(o, "updated", cli_items_jdate(it->updated));
	json_object_set_new(o, "first_seen",
	    cli_items_jdate(it->first_seen));
	json_object_set_new(o, "read", json_boolean(it->read));
	json_object_set_new(o, "saved", json_boolean(it->saved));
	json_object_set_new(o, "same_as", it->same_as != 0 ?
	    json_integer(it->same_as) : json_null());
	fputs(first ? "\n" : ",\n", stdout);
	cli_json_dumpf(o, stdout, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
}

/* Print the items of q window by window (keyset paging); q->limit is the
 * total wanted, 0 for all. Returns the count printed, or -1 (err set). */
static long
cli_items_print(struct store *st, const struct subs *s,
    struct store_query *q, int json, struct dl_err *err)
{
	struct store_item	*v;
	size_t			 want = q->limit, printed = 0, n, i, win;

	for (;;) {
		win = CLI_ITEMS_WINDOW;
		if (want > 0 && want - printed < win)
			win = want - printed;
		if (win == 0)
			break;
		q->limit = win;
		if (store_items_list(st, q, &v, &n, err) == -1)
			return -1;
		for (i = 0; i < n; i++, printed++) {
			if (json)
				cli_items_print_json(s, &v[i], printed == 0);
			else
				cli_items_print_line(s, &v[i]);
		}
		if (n > 0) {
			q->before_date = v[n - 1].sort_date;
			q->before_id = v[n - 1].id;
		}
		store_items_free(v, n);
		if (n < win)
			break;
	}
	return (long)printed;
}


static const struct option cli_items_opts[] = {
	{ "feed", required_argument, NULL, 'f' },
	{ "unread", no_argument, NULL, 'u' },
	{ "saved", no_argument, NULL, 's' },
	{ "search", required_argument, NULL, 'q' },
	{ "limit", required_argument, NULL, 'n' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 }
};

/* Options of items into q; returns 0 or CLI_USAGE after saying why. */
static int
cli_items_args(struct cli_ctx *cx, struct store_query *q, int *json)
{
	long	 v;
	int	 c;

	while ((c = cli_getopt(cx, "f:usq:n:j", cli_items_opts)) != -1) {
		switch (c) {
		case 'f': q->feed_url = optarg; break;
		case 'u': q->unread_only = 1; break;
		case 's': q->saved_only = 1; break;
		case 'q': q->search = optarg; break;
		case 'j': *json = 1; break;
		case 'n':
			if (dl_strtonum(optarg, 1, 1000000000L, &v) == -1)
				return cli_usage_error(cx, "--limit wants a "
				    "positive number, not '%s'", optarg);
			q->limit = (size_t)v;
			break;
		default:
			return CLI_USAGE;
		}
	}
	if (optind < cx->argc)
		return cli_usage_error(cx, "unexpected argument '%s'",
		    cx->argv[optind]);
	return 0;
}

int
cli_cmd_items(struct cli_ctx *cx)
{
	struct store_query	 q = { 0 };
	struct store		*st;
	struct subs		*s = NULL;
	struct dl_err		 err = { "" };
	long			 n = 0;
	int			 json = 0, rc;

	if ((rc = cli_items_args(cx, &q, &json)) != 0)
		return rc;
	q.groups_once = !json;	/* the JSON lists every copy */
	if ((rc = cli_items_open(cx, &st)) == -1)
		return CLI_FAIL;
	if (json)
		fputs("[", stdout);
	if (rc == 0) {
		/* Group what refreshes added (best effort: a read-only
		 * cache lists them as they are). */
		(void)store_same_sync(st, 0, NULL, NULL);
		s = cli_items_subs(cx);
		n = cli_items_print(st, s, &q, json, &err);
	}
	subs_free(s);
	store_close(st);
	if (json)
		fputs(n > 0 ? "\n]\n" : "]\n", stdout);
	if (n == -1) {
		cli_err(cx, "%s", err.msg);
		return CLI_FAIL;
	}
	return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
}


static const struct option cli_mark_opts[] = {
	{ "read", no_argument, NULL, 'r' },
	{ "unread", no_argument, NULL, 'u' },
	{ "save", no_argument, NULL, 's' },
	{ "unsave", no_argument, NULL, 'S' },
	{ NULL, 0, NULL, 0 }
};

/* The one state change asked for; returns 0 or CLI_USAGE. */
static int
cli_mark_how(struct cli_ctx *cx, enum store_mark *how)
{
	int	 c, n = 0;

	while ((c = cli_getopt(cx, "", cli_mark_opts)) != -1) {
		switch (c) {
		case 'r': *how = STORE_MARK_READ; break;
		case 'u': *how = STORE_MARK_UNREAD; break;
		case 's': *how = STORE_MARK_SAVE; break;
		case 'S': *how = STORE_MARK_UNSAVE; break;
		default: return CLI_USAGE;
		}
		n++;
	}
	if (n != 1)
		return cli_usage_error(cx, "say exactly one of --read, "
		    "--unread, --save, --unsave");
	return 0;
}

/* The ids after the options; returns 0 or CLI_USAGE. */
static int
cli_mark_ids(struct cli_ctx *cx, int64_t **ids, size_t *n)
{
	long	 v;
	int	 i;

	*n = 0;
	*ids = dl_reallocarray(NULL, (size_t)cx->argc + 1, sizeof **ids);
	for (i = optind; i < cx->argc; i++) {
		if (dl_strtonum(cx->argv[i], 1, INT64_MAX, &v) == -1)
			return cli_usage_error(cx, "not an item id: '%s'",
			    cx->argv[i]);
		(*ids)[(*n)++] = v;
	}
	if (*n == 0)
		return cli_usage_error(cx, "which items? give their ids");
	return 0;
}

int
cli_cmd_mark(struct cli_ctx *cx)
{
	enum store_mark	 how = STORE_MARK_READ;
	struct store	*st = NULL;
	struct dl_err	 err = { "" };
	int64_t		*ids = NULL;
	size_t		 n;
	int		 rc;

	if ((rc = cli_mark_how(cx, &how)) != 0 ||
	    (rc = cli_mark_ids(cx, &ids, &n)) != 0)
		goto out;
	rc = CLI_FAIL;
	switch (cli_items_open(cx, &st)) {
	case -1:
		goto out;
	case 1:	/* no cache yet, so no items */
		dl_err_set(&err, "no item %" PRId64, ids[0]);
		break;
	default:
		if (store_mark(st, ids, n, how, &err) == 0)
			rc = CLI_OK;
		break;
	}
	if (rc != CLI_OK)
		cli_err(cx, "%s", err.msg);
out:
	store_close(st);
	free(ids);
	return rc;
}
