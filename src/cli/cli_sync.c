/* cli_sync.c: the sync subcommand (issue 15): the sync settings, the
 * password (sync_password), one sync_run against the configured feed
 * server, and one summary line saying what moved each way. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_int.h"
#include "dl.h"
#include "settings.h"
#include "store.h"
#include "subs.h"
#include "sync.h"

static void
cli_sync_warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

/* The backend the settings name; -1 after printing why. */
static int
cli_sync_backend(struct cli_ctx *cx, struct settings *set,
    struct sync_backend *be)
{
	struct dl_err	 err = { "" };
	int		 rc;

	if ((rc = sync_backend_from_settings(set, be, &err)) == 1)
		cli_err(cx, "no feed server configured: set sync ttrss, "
		    "sync-url, sync-user and sync-password-file");
	else if (rc == -1)
		cli_err(cx, "%s", err.msg);
	return rc == 0 ? 0 : -1;
}

/* The cache, opened and holding the refresh lock, so that a sync never
 * runs beside a refresh or another sync (the reader's too); NULL after
 * printing why. */
static struct store *
cli_sync_store(struct cli_ctx *cx)
{
	struct dl_err	 err = { "" };
	struct store	*st = NULL;
	char		*path, *holder = NULL;

	if (cx->db_path != NULL)
		path = dl_strdup(cx->db_path);
	else if ((path = store_default_path(&err)) == NULL)
		goto fail;
	holder = dl_printf("dateline %s", cx->argv[0]);
	if ((st = store_open(path, &err)) == NULL ||
	    store_lock_refresh(st, CLI_REFRESH_LOCK_WAIT_MS, holder,
	    &err) == -1)
		goto fail;
	free(holder);
	free(path);
	return st;
fail:
	cli_err(cx, "%s", err.msg);
	store_close(st);
	free(holder);
	free(path);
	return NULL;
}

static void
cli_sync_summary(const struct sync_summary *s)
{
	char	 line[256];

	sync_summary_line(s, line, sizeof line);
	puts(line);
}

/* The settings, the backend and the cache for a sync. Returns 0, 1 when
 * no server is configured (said only when loud), or -1 after saying
 * why. */
static int
cli_sync_setup(struct cli_ctx *cx, int loud, struct sync_backend *be,
    struct store **st)
{
	struct settings	*set = settings_new();
	struct dl_err	 err = { "" };
	char		*path;
	int		 rc = -1;

	*st = NULL;
	memset(be, 0, sizeof *be);
	if ((path = settings_path(cx->config_dir, &err)) == NULL ||
	    settings_load(set, path, cli_sync_warn, NULL, &err) == -1)
		cli_warn("%s (using the default settings)", err.msg);
	free(path);
	if (!loud && strcmp(settings_get_str(set, SETTINGS_SYNC), "none") == 0)
		rc = 1;
	else if (cli_sync_backend(cx, set, be) == 0) {
		if ((*st = cli_sync_store(cx)) != NULL)
			rc = 0;
		else {
			sync_backend_free(be);
			memset(be, 0, sizeof *be);
		}
	}
	settings_free(set);
	return rc;
}

int
cli_cmd_sync(struct cli_ctx *cx)
{
	struct sync_backend	 be;
	struct sync_summary	 sum;
	struct dl_err		 err = { "" };
	struct store		*st;
	int			 rc = CLI_FAIL;

	if (cx->argc > 1)
		return cli_usage_error(cx, "no arguments expected");
	if (cli_sync_setup(cx, 1, &be, &st) != 0)
		goto out;
	if (sync_run(st, &be, &sum, &err) == -1) {
		cli_err(cx, "%s; nothing changed in the cache", err.msg);
		goto out;
	}
	cli_sync_summary(&sum);
	rc = CLI_OK;
out:
	store_close(st);
	sync_backend_free(&be);
	return rc;
}

int
cli_sync_add(struct cli_ctx *cx, const char *url)
{
	struct sync_backend	 be;
	struct sync_summary	 sum;
	struct dl_err		 err = { "" };
	struct store		*st;
	int			 rc;

	if ((rc = cli_sync_setup(cx, 0, &be, &st)) != 0)
		return rc == 1 ? -1 : CLI_FAIL;
	rc = CLI_FAIL;
	if (sync_subscribe(st, &be, url, &sum, &err) == -1)
		cli_err(cx, "%s", err.msg);
	else {
		fputs("subscribed on the feed server: ", stdout);
		cli_puts(url, stdout);
		putchar('\n');
		cli_sync_summary(&sum);
		rc = CLI_OK;
	}
	store_close(st);
	sync_backend_free(&be);
	return rc;
}

int
cli_sync_remove(struct cli_ctx *cx, const char *url)
{
	struct sync_backend	 be;
	struct sync_summary	 sum;
	struct dl_err		 err = { "" };
	struct store		*st;
	int			 rc;

	if ((rc = cli_sync_setup(cx, 0, &be, &st)) != 0)
		return rc == 1 ? -1 : CLI_FAIL;
	rc = sync_unsubscribe(st, &be, url, &sum, &err);
	if (rc == -1)
		cli_err(cx, "%s", err.msg);
	else if (rc == 0) {
		fputs("unsubscribed on the feed server: ", stdout);
		cli_puts(url, stdout);
		putchar('\n');
		cli_sync_summary(&sum);
	}
	store_close(st);
	sync_backend_free(&be);
	return rc == 1 ? -1 : rc == 0 ? CLI_OK : CLI_FAIL;
}

void
cli_sync_feeds_add(const struct cli_ctx *cx, struct subs *s)
{
	struct store_sync_feedinfo	*v = NULL;
	struct dl_err			 err = { "" };
	struct store			*st = NULL;
	char				*path, *tags[2];
	size_t				 n = 0, i;

	if (cx->db_path != NULL)
		path = dl_strdup(cx->db_path);
	else if ((path = store_default_path(&err)) == NULL)
		return;
	if (access(path, F_OK) == 0 && (st = store_open(path, &err)) != NULL &&
	    store_sync_feed_list(st, &v, &n, &err) == 0) {
		tags[0] = (char *)CLI_SYNC_TAG;
		for (i = 0; i < n; i++) {
			tags[1] = v[i].category;
			subs_add(s, v[i].url, NULL, tags,
			    v[i].category != NULL ? 2 : 1, &err);
		}
	}
	store_sync_feed_list_free(v, n);
	store_close(st);
	free(path);
}
