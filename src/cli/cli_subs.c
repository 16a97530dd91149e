/* cli_subs.c: the subscription subcommands: add, remove, import, export
 * (the urls file and OPML, through the subs_ module). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dl.h"
#include "subs.h"
#include "cli_int.h"

static const char cli_add_help[] =
"usage: dateline add URL [--title T] [--tag TAG]...\n"
"\n"
"Subscribe to URL (http or https) by appending a line to the urls file;\n"
"comments and the order of the other lines are kept. --title names the\n"
"feed (a \"~T\" tag); --tag may be given more than once (a tag \"!\" hides\n"
"the feed).\n"
"\n"
"Prints \"subscribed: URL\". A URL that is already subscribed is left as\n"
"it is (its title and tags are not changed): prints \"already subscribed:\n"
"URL\" and exits 0. Exit status 2 for a URL that is not http(s), 1 if the\n"
"urls file cannot be read or written.\n";

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
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Read add's options into *title and tags (room for argc). Returns -1 to
 * go on, else the exit status. */
static int
cli_add_options(struct cli_ctx *cx, const char **title, char **tags,
    size_t *ntags)
{
	int	 c;

	while ((c = cli_getopt(cx, "h", cli_add_opts)) != -1) {
		switch (c) {
		case 't':
			*title = optarg;
			break;
		case 'g':
			tags[(*ntags)++] = optarg;
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

int
cli_cmd_add(struct cli_ctx *cx)
{
	struct subs	*s = NULL;
	struct dl_err	 e;
	const char	*title = NULL, *url;
	char		**tags;
	size_t		 ntags = 0;
	int		 rc, r;

	tags = dl_reallocarray(NULL, (size_t)cx->argc, sizeof *tags);
	if ((rc = cli_add_options(cx, &title, tags, &ntags)) != -1)
		goto out;
	url = cx->argv[optind];
	/* Before touching any file: a usage error changes nothing. */
	if (subs_check_url(url, &e) == -1) {
		rc = cli_usage_error(cx, "%s", e.msg);
		goto out;
	}
	rc = CLI_FAIL;
	if ((s = cli_subs_open(cx, SUBS_EDIT)) == NULL)
		goto out;
	if ((r = subs_add(s, url, title, tags, ntags, &e)) == 1) {
		printf("already subscribed: %s\n", url);
		rc = CLI_OK;
	} else if (r == 0 && subs_save(s, &e) == 0) {
		printf("subscribed: %s\n", url);
		rc = CLI_OK;
	} else
		cli_warn("%s", e.msg);
out:
	subs_free(s);
	free(tags);
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
	if ((s = cli_subs_open(cx, SUBS_EDIT)) == NULL)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (subs_remove(s, url) == 1)
		cli_warn("not subscribed: %s", url);
	else if (subs_save(s, &e) == -1)
		cli_warn("%s", e.msg);
	else {
		printf("unsubscribed: %s\n", url);
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
		fprintf(stderr, "dateline import: %s: %s\n", path,
		    strerror(errno));
		return CLI_FAIL;
	}
	if ((s = cli_subs_open(cx, SUBS_EDIT)) == NULL)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (subs_import_opml(s, path, &st, &e) == -1)
		fprintf(stderr, "dateline import: %s\n", e.msg);
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
