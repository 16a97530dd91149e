/* cli_subs.c: the subscription subcommands: add (which looks at the page
 * first: a feed, a page advertising feeds, or a hub page, issue 5),
 * remove, import, export (the urls file and OPML, through subs_). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dl.h"
#include "hub.h"
#include "refresh.h"
#include "subs.h"
#include "cli_int.h"

static const char cli_add_help[] =
"usage: dateline add URL [--title T] [--tag TAG]... [--no-check]\n"
"\n"
"Subscribe to URL (http or https), any address copied from a browser.\n"
"The page is fetched once and decides what is subscribed:\n"
"  a feed (RSS, Atom, RDF, JSON Feed, by content): URL itself;\n"
"    prints \"feed: TITLE\";\n"
"  an HTML page advertising feeds (<link rel=alternate>, else <a> links\n"
"    to feed URLs): the first of them; prints \"feed found on the page:\n"
"    TITLE (FEED-URL)\" and \"also offered: URL (TYPE) TITLE\" for the\n"
"    others, which can be added instead;\n"
"  an HTML page with at least 3 story links: URL as a hub page (the tag\n"
"    hub); prints \"hub page: N stories found: TITLE\".\n"
"Anything else is refused (exit 1) with what was found. A tag hub skips\n"
"the feed checks; a tag \"link-pattern:REGEX\" picks a hub's story links\n"
"(see the urls file's header).\n"
"\n"
"A line is appended to the urls file; comments and the order of the\n"
"other lines are kept. --title names the feed (a \"~T\" tag); --tag may\n"
"be given more than once (a tag \"!\" hides the feed). --no-check\n"
"subscribes to URL as given, as a feed (or a hub with --tag hub),\n"
"without fetching it.\n"
"\n"
"Prints \"subscribed: URL\". A URL that is already subscribed is left as\n"
"it is (its title and tags are not changed): prints \"already subscribed:\n"
"URL\" and exits 0. Exit status 2 for a URL that is not http(s), 1 if the\n"
"page cannot be fetched (the reason is named), is refused, or the urls\n"
"file cannot be read or written.\n";

static const char cli_remove_help[] =
"usage: dateline remove URL\n"
"\n"
"Remove the line subscribing to URL from the urls file, keeping comments\n"
"and the other lines. Stored stories stay in the cache. Prints\n"
"\"unsubscribed: URL\"; exits 1 with \"not subscribed: URL\" if no line\n"
"subscribes to it.\n";

static const char cli_import_help[] =
"usage: dateline import FILE.opml\n"
"\n"
"Subscribe to the feeds of an OPML 1.0 or 2.0 file: each outline with an\n"
"xmlUrl; the folders around it and its category attribute become tags,\n"
"its title the feed's title. Only http(s) URLs are accepted; feeds already\n"
"subscribed (or listed twice) are skipped. Prints \"imported N feeds,\n"
"skipped M duplicates, rejected K\". A file that cannot be read or is not\n"
"well-formed changes nothing and exits 1.\n";

static const char cli_export_help[] =
"usage: dateline export\n"
"\n"
"Print the subscriptions as OPML 2.0: one outline per feed with its title,\n"
"and its tags in the category attribute (\"!\" for a hidden feed), which\n"
"dateline import reads back as the same subscriptions.\n";

static const struct option cli_subs_help_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
cli_subs_warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

/* The subscriptions, the default file written on first use; flags as
 * for subs_open. NULL after printing why. */
static struct subs *
cli_subs_open(const struct cli_ctx *cx, int flags)
{
	struct subs	*s;
	struct dl_err	 e;
	int		 created;

	s = subs_open(cx->config_dir, flags, cli_subs_warn, NULL, &created,
	    &e);
	if (s == NULL) {
		cli_warn("%s", e.msg);
		return NULL;
	}
	if (created)
		cli_warn("wrote the default subscriptions to %s", subs_file(s));
	return s;
}

/* Options of a command that takes only --help and n operands. Returns
 * -1 to go on, else the exit status. */
static int
cli_subs_simple(struct cli_ctx *cx, const char *help, const char *what)
{
	int	 c;

	while ((c = cli_getopt(cx, "h", cli_subs_help_opts)) != -1) {
		if (c != 'h')
			return CLI_USAGE;
		fputs(help, stdout);
		return CLI_OK;
	}
	if (what == NULL && optind != cx->argc)
		return cli_usage_error(cx, "takes no arguments");
	if (what != NULL && optind != cx->argc - 1)
		return cli_usage_error(cx, "needs one %s", what);
	return -1;
}

static const struct option cli_add_opts[] = {
	{ "title", required_argument, NULL, 't' },
	{ "tag", required_argument, NULL, 'g' },
	{ "no-check", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* What add knows: its options, then what the page turned out to be. */
struct cli_add {
	struct cli_ctx		*cx;
	const char		*url;		/* as given */
	const char		*title;		/* --title, or NULL */
	char			**tags;		/* room for argc + 1 */
	size_t			 ntags;
	int			 no_check;
	struct subs_feed	 opts;		/* the tags as the file reads
						   them: hub, link-pattern */
	char			*sub_url;	/* to subscribe, or NULL */
	int			 hub;		/* add the tag hub */
};

/* Read add's options into a. Returns -1 to go on, else the exit
 * status. */
static int
cli_add_options(struct cli_ctx *cx, struct cli_add *a)
{
	int	 c;

	while ((c = cli_getopt(cx, "h", cli_add_opts)) != -1) {
		switch (c) {
		case 't':
			a->title = optarg;
			break;
		case 'g':
			a->tags[a->ntags++] = optarg;
			break;
		case 'n':
			a->no_check = 1;
			break;
		case 'h':
			fputs(cli_add_help, stdout);
			return CLI_OK;
		default:
			return CLI_USAGE;
		}
	}
	if (optind != cx->argc - 1)
		return cli_usage_error(cx, "needs one URL");
	return -1;
}

/* "what" and url, cleaned, on a line of stdout. */
static void
cli_say(const char *what, const char *url)
{
	fputs(what, stdout);
	cli_puts(url, stdout);
	putchar('\n');
}

/* Print what the probe found, as add always has: "feed: TITLE", "feed
 * found on the page: TITLE (URL)" and the others offered, "hub page: N
 * stories found: TITLE". */
static void
cli_add_say(const struct refresh_probe_result *r)
{
	const char	*t = r->title != NULL ? r->title : "(untitled)";
	size_t		 i;

	if (r->kind == REFRESH_PROBE_FEED) {
		fputs("feed: ", stdout);
		cli_puts(t, stdout);
	} else if (r->kind == REFRESH_PROBE_DISCOVERED) {
		fputs("feed found on the page: ", stdout);
		cli_puts(t, stdout);
		printf(" (");
		cli_puts(r->url, stdout);
		printf(")");
	} else {
		printf("hub page: %zu stories found: ", r->stories);
		cli_puts(t, stdout);
	}
	putchar('\n');
	for (i = 0; i < r->noffered; i++) {
		fputs("also offered: ", stdout);
		cli_puts(r->offered[i].url, stdout);
		fputs(" (", stdout);
		cli_puts(r->offered[i].type != NULL ? r->offered[i].type :
		    "link", stdout);
		putchar(')');
		if (r->offered[i].title != NULL) {
			putchar(' ');
			cli_puts(r->offered[i].title, stdout);
		}
		putchar('\n');
	}
}

/* Fetch the page once with refresh's limits (config file, test
 * overrides) and decide what to subscribe to (refresh_probe). Returns -1
 * to go on, else the exit status after saying why. */
static int
cli_add_check(struct cli_add *a)
{
	struct refresh_opts			 o;
	struct refresh_probe			*p;
	const struct refresh_probe_result	*r;
	int					 rc = CLI_FAIL;

	refresh_opts_init(&o);
	cli_refresh_settings(a->cx, &o);
	p = refresh_probe_new(&o.fetch, a->url, subs_feed_option(&a->opts,
	    SUBS_OPT_LINK_PATTERN), subs_feed_is_hub(&a->opts));
	refresh_probe_run(p);
	r = refresh_probe_result(p);
	switch (r->kind) {
	case REFRESH_PROBE_FETCH_FAILED:
		cli_warn("cannot add %s: %s", a->url, r->reason);
		break;
	case REFRESH_PROBE_INVALID:
		cli_warn("%s: %s", a->url, r->reason);
		break;
	case REFRESH_PROBE_REFUSED:
		cli_warn("not subscribed: %s: %s", a->url, r->reason);
		break;
	default:
		cli_add_say(r);
		a->sub_url = dl_strdup(r->url);
		a->hub = r->kind == REFRESH_PROBE_HUB &&
		    !subs_feed_is_hub(&a->opts);
		rc = -1;
		break;
	}
	refresh_probe_free(p);
	return rc;
}

/* 1 (after saying so) if url is subscribed already, else 0; -1 if the
 * urls file cannot be read. */
static int
cli_add_known(const struct cli_ctx *cx, const char *url)
{
	struct subs	*s;
	int		 r;

	if ((s = cli_subs_open(cx, 0)) == NULL)
		return -1;
	r = subs_find(s, url) != NULL;
	if (r)
		cli_say("already subscribed: ", url);
	subs_free(s);
	return r;
}

/* Append the subscription, under the urls file's lock. */
static int
cli_add_save(struct cli_add *a)
{
	struct subs	*s;
	struct dl_err	 e;
	const char	*url = a->sub_url != NULL ? a->sub_url : a->url;
	int		 r, rc = CLI_FAIL;

	if (a->hub)
		a->tags[a->ntags++] = (char *)SUBS_TAG_HUB;
	if ((s = cli_subs_open(a->cx, SUBS_EDIT)) == NULL)
		return CLI_FAIL;
	if ((r = subs_add(s, url, a->title, a->tags, a->ntags, &e)) == 1) {
		cli_say("already subscribed: ", url);
		rc = CLI_OK;
	} else if (r == 0 && subs_save(s, &e) == 0) {
		cli_say("subscribed: ", url);
		rc = CLI_OK;
	} else
		cli_warn("%s", e.msg);
	subs_free(s);
	return rc;
}

int
cli_cmd_add(struct cli_ctx *cx)
{
	struct cli_add	 a;
	struct dl_err	 e;
	size_t		 i;
	int		 rc;

	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.tags = dl_reallocarray(NULL, (size_t)cx->argc + 1, sizeof *a.tags);
	if ((rc = cli_add_options(cx, &a)) != -1)
		goto out;
	a.url = cx->argv[optind];
	/* Before touching any file: a usage error changes nothing. */
	if (subs_check_url(a.url, &e) == -1) {
		rc = cli_usage_error(cx, "%s", e.msg);
		goto out;
	}
	for (i = 0; i < a.ntags; i++)
		subs_feed_add_tag(&a.opts, a.tags[i]);
	rc = CLI_FAIL;
	if (!a.no_check) {
		if ((rc = cli_add_known(cx, a.url)) != 0) {
			rc = rc == 1 ? CLI_OK : CLI_FAIL;
			goto out;
		}
		if ((rc = cli_add_check(&a)) != -1)
			goto out;
	}
	/* A feed goes to the feed server when sync is on; hubs stay here. */
	if (!a.hub && !subs_feed_is_hub(&a.opts) && (rc = cli_sync_add(cx,
	    a.sub_url != NULL ? a.sub_url : a.url)) != -1)
		goto out;
	rc = cli_add_save(&a);
out:
	subs_feed_clear(&a.opts);
	free(a.sub_url);
	free(a.tags);
	return rc;
}

int
cli_cmd_remove(struct cli_ctx *cx)
{
	struct subs	*s;
	struct dl_err	 e;
	const char	*url;
	int		 rc;

	if ((rc = cli_subs_simple(cx, cli_remove_help, "URL")) != -1)
		return rc;
	url = cx->argv[optind];
	if ((rc = cli_sync_remove(cx, url)) != -1)
		return rc;
	if ((s = cli_subs_open(cx, SUBS_EDIT)) == NULL)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (subs_remove(s, url) == 1)
		cli_warn("not subscribed: %s", url);
	else if (subs_save(s, &e) == -1)
		cli_warn("%s", e.msg);
	else {
		cli_say("unsubscribed: ", url);
		rc = CLI_OK;
	}
	subs_free(s);
	return rc;
}

int
cli_cmd_import(struct cli_ctx *cx)
{
	struct subs			*s;
	struct subs_import_stats	 st;
	struct dl_err			 e;
	const char			*path;
	int				 rc;

	if ((rc = cli_subs_simple(cx, cli_import_help, "OPML file")) != -1)
		return rc;
	path = cx->argv[optind];
	/* A file that is not there should not create the urls file. */
	if (access(path, R_OK) == -1) {
		cli_err(cx, "%s: %s", path, strerror(errno));
		return CLI_FAIL;
	}
	if ((s = cli_subs_open(cx, SUBS_EDIT)) == NULL)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (subs_import_opml(s, path, &st, &e) == -1)
		cli_err(cx, "%s", e.msg);
	else if (st.added > 0 && subs_save(s, &e) == -1)
		cli_warn("%s", e.msg);
	else {
		printf("imported %zu feeds, skipped %zu duplicates, "
		    "rejected %zu\n", st.added, st.duplicates, st.rejected);
		rc = CLI_OK;
	}
	subs_free(s);
	return rc;
}

int
cli_cmd_export(struct cli_ctx *cx)
{
	struct subs	*s;
	struct dl_buf	 b;
	int		 rc;

	if ((rc = cli_subs_simple(cx, cli_export_help, NULL)) != -1)
		return rc;
	if ((s = cli_subs_open(cx, 0)) == NULL)
		return CLI_FAIL;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	rc = CLI_FAIL;
	if (subs_export_opml(s, &b) == -1)
		cli_warn("export: too many subscriptions to export");
	else if (fwrite(dl_buf_str(&b), 1, b.len, stdout) != b.len ||
	    fflush(stdout) == EOF)
		cli_warn("export: cannot write the output: %s",
		    strerror(errno));
	else
		rc = CLI_OK;
	dl_buf_clear(&b);
	subs_free(s);
	return rc;
}
