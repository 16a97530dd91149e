/* ui_sync.c: the reader's sync with a feed server (issue 15): at start,
 * on R and on r over a server's feed, a sync runs beside the refresh of
 * the local subscriptions (refresh_add_sync: a thread of the refresh's,
 * so keys and drawing never wait for the server, and C-g stops it); what
 * moved each way, or why it failed, goes to the message line, and the
 * last failure to the errors screen. Marks made here are queued by the
 * store (store_mark) and pushed at the next sync. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "refresh.h"
#include "settings.h"
#include "store.h"
#include "sync.h"
#include "ui_int.h"

/* A sync failed with reason: said as an error (again in the running
 * refresh's last message), kept for the errors screen until a sync
 * succeeds. */
static void
ui_sync_failed(struct ui *ui, const char *reason)
{
	free(ui->sync_error);
	ui->sync_error = dl_strdup(reason);
	ui->sync_failed = 1;
	snprintf(ui->sync_said, sizeof ui->sync_said, "sync: %s; working "
	    "from the cache", reason);
	ui_error(ui, "%s", ui->sync_said);
	if (ui->rf == NULL)
		ui->sync_said[0] = '\0';	/* no refresh will say it */
}

static void
ui_on_sync(void *ctx, const struct refresh_sync_result *r)
{
	struct ui	*ui = ctx;

	ui->dirty = 1;
	if (!r->ok) {
		ui_sync_failed(ui, r->cancelled ? "cancelled, nothing "
		    "changed" : r->message);
		return;
	}
	free(ui->sync_error);
	ui->sync_error = NULL;
	ui->sync_failed = 0;
	ui->changed = 1;
	sync_summary_line(r->sum, ui->sync_said, sizeof ui->sync_said);
	ui_message(ui, "%s", ui->sync_said);
}

int
ui_sync_start(struct ui *ui)
{
	struct sync_backend	 be;
	struct dl_err		 err = { "" };
	int			 rc;

	if ((rc = sync_backend_from_settings(ui->set, &be, &err)) == 1)
		return 1;
	if (rc == -1) {
		ui_sync_failed(ui, err.msg);
		return -1;
	}
	if (ui_refresh_get(ui) == NULL || refresh_syncing(ui->rf)) {
		sync_backend_free(&be);
		return ui->rf == NULL ? -1 : 0;
	}
	ui->sync_said[0] = '\0';
	if (refresh_add_sync(ui->rf, &be, ui_on_sync, &err) == -1) {
		ui_sync_failed(ui, err.msg);
		return -1;
	}
	ui->dirty = 1;
	return 0;
}

/* 1 if url is one of the feeds the server held at the last sync. */
static int
ui_sync_has(struct ui *ui, const char *url)
{
	struct store_sync_feedinfo	*v = NULL;
	struct dl_err			 err = { "" };
	size_t				 n = 0, i;
	int				 found = 0;

	if (store_sync_feed_list(ui->st, &v, &n, &err) == -1)
		return 0;
	for (i = 0; i < n && !found; i++)
		found = strcmp(v[i].url, url) == 0;
	store_sync_feed_list_free(v, n);
	return found;
}

int
ui_sync_feed(struct ui *ui, const char *url)
{
	if (!ui_sync_has(ui, url))
		return 0;
	if (strcmp(settings_get_str(ui->set, SETTINGS_SYNC), "none") == 0) {
		ui_error(ui, "%s is a feed server's feed, and sync is off "
		    "(set sync ttrss)", url);
		return 1;
	}
	if (ui->rf != NULL && refresh_syncing(ui->rf)) {
		ui_message(ui, "a sync is running");
		return 1;
	}
	ui_message(ui, "%s is read through the feed server: syncing all",
	    url);
	ui_sync_start(ui);
	return 1;
}

int
ui_sync_cancel(struct ui *ui)
{
	if (ui->rf == NULL || !refresh_cancel_sync(ui->rf))
		return 0;
	ui_message(ui, "cancelling the sync\xe2\x80\xa6");
	return 1;
}
