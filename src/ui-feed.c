/* The UI's connection: losing and regaining it, and the change feed. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "switchboard/app.h"
#include "switchboard/cluster.h"
#include "switchboard/db.h"
#include "switchboard/store.h"
#include "switchboard/store-feed.h"

#include "ui-int.h"

/* How often a lost connection looks whether our own server stopped. */
#define UI_REVIVE_MS		3000

/* What a batch of events asks to reload. */
#define UI_FEED_ORGS		0x01
#define UI_FEED_CONTACTS	0x02
#define UI_FEED_DETAIL		0x04

/* The connection is gone: say so; ui_reconnect brings it back. */
void
ui_connection_lost(struct ui *ui, const struct sb_error *err)
{
	int	i;

	if (!ui->down)
		ui_message(ui, THEME_STATUS_ERROR, "%s", err->message);
	ui->down = true;
	memset(&ui->wait, 0, sizeof ui->wait);
	ui->wait.fd = -1;
	store_async_clear(ui->sa);
	ui->org_page_seq = 0;
	for (i = 0; i < UI_NPANES; i++)
		ui->panes[i]->loading = false;
	ui->dirty = true;
}

/*
 * The embedded server is ours: when it stopped (killed, or stopped by
 * hand), start it again rather than wait for someone to.
 */
static void
ui_revive(struct ui *ui)
{
	struct sb_error	err;
	int		started = 0;

	if (ui->app->cluster == NULL || ui_now_ms() < ui->revive_at)
		return;
	ui->revive_at = ui_now_ms() + UI_REVIVE_MS;
	memset(&err, 0, sizeof err);
	if (cluster_revive(ui->app->cluster, &started, &err) != SB_OK)
		ui_message(ui, THEME_STATUS_ERROR, "The database server had "
		    "stopped and did not start again: %s", err.message);
	else if (started) {
		ui->revived = true;
		ui_message(ui, THEME_STATUS_WARNING, "The database server had "
		    "stopped; starting it again");
	}
}

/*
 * Advance the reconnect (db_reconnect_poll sets the session up again).
 * Once back, reload everything; the feed listens again by itself and
 * catches up on what happened meanwhile.
 */
void
ui_reconnect(struct ui *ui)
{
	struct sb_error	err;

	if (!ui->down)
		return;
	memset(&err, 0, sizeof err);
	if (db_reconnect_poll(ui->app->db, &ui->wait, &err) != DB_STATE_OK) {
		ui_revive(ui);
		return;
	}
	ui->down = false;
	ui->feed_wake = true;
	ui_message(ui, THEME_STATUS_OK, ui->revived ? "The database server had "
	    "stopped: started it again and reconnected" :
	    "Reconnected to the server");
	ui->revived = false;
	ui_load_all(ui);
}

/* Whether contact id is a row of the contacts pane. */
static bool
ui_feed_shows_contact(struct ui *ui, const char *id)
{
	struct pane	*p = ui->panes[UI_CONTACTS];
	size_t		 i;

	for (i = 0; i < p->rows.count; i++) {
		if (p->rows.type == STORE_ROWS_LINKS && strcmp(id,
		    ((struct store_link *)p->rows.rows)[i].contact_id) == 0)
			return true;
		if (p->rows.type == STORE_ROWS_HITS && strcmp(id,
		    ((struct store_hit *)p->rows.rows)[i].contact_id) == 0)
			return true;
	}
	return false;
}

/* Which panes one event touches. */
static int
ui_feed_touches(struct ui *ui, const struct store_feed_event *e)
{
	if (strcmp(e->stream_type, "organization") == 0) {
		if (strcmp(e->stream_id, ui->org_id) == 0)
			return UI_FEED_ORGS | UI_FEED_CONTACTS;
		return UI_FEED_ORGS;
	}
	if (strcmp(e->stream_type, "contact") == 0) {
		/*
		 * Links change the counts; names change the lists. A merge
		 * (or its undo) moves links without an organization's event.
		 */
		if (strcmp(e->stream_id, ui->contact_id) == 0)
			return UI_FEED_ORGS | UI_FEED_CONTACTS |
			    UI_FEED_DETAIL;
		if (ui_feed_shows_contact(ui, e->stream_id) ||
		    strstr(e->event_type, "link") != NULL ||
		    strstr(e->event_type, "merge") != NULL)
			return UI_FEED_ORGS | UI_FEED_CONTACTS;
		return 0;
	}
	/* A phone or address: whoever shows it is not known here. */
	return UI_FEED_CONTACTS | UI_FEED_DETAIL;
}

/* Fetch what the wake-up announced; returns what to reload. */
static int
ui_feed_fetch(struct ui *ui)
{
	const struct store_feed_event	*ev;
	struct sb_error			 err;
	size_t				 n, i;
	int				 more = 1, touched = 0, woken = 0;

	memset(&err, 0, sizeof err);
	while (more) {
		if (store_feed_fetch(ui->feed, &ev, &n, &more, &err) !=
		    SB_OK) {
			if (db_is_lost(ui->app->db))
				ui_connection_lost(ui, &err);
			else
				ui_message(ui, THEME_STATUS_ERROR,
				    "change feed: %s", err.message);
			ui->feed_wake = false;
			return 0;
		}
		for (i = 0; i < n; i++)
			touched |= ui_feed_touches(ui, &ev[i]);
	}
	/*
	 * A notification that came in with the fetch's replies is already
	 * out of the socket: keep the wake-up for the next turn.
	 */
	ui->feed_wake = store_feed_consume(ui->feed, &woken, &err) == SB_OK &&
	    woken;
	return touched;
}

/*
 * Listen, then put the feed's cursor at the end of the log, before the
 * first load: a change committed after that is announced (and reloads what
 * it touches), and the history is never read.
 */
void
ui_feed_start(struct ui *ui)
{
	struct sb_error	err;
	int		woken;

	memset(&err, 0, sizeof err);
	ui->feed = store_feed_create(ui->app->db, NULL);
	ui->feed_wake = false;
	/* Listening starts with the first consume; then skip the history. */
	if (store_feed_consume(ui->feed, &woken, &err) != SB_OK ||
	    store_feed_skip_to_end(ui->feed, &err) != SB_OK)
		ui_message(ui, THEME_STATUS_ERROR, "change feed: %s",
		    err.message);
}

/*
 * The feed shares the connection with the reads: it runs only while no
 * read is queued or in flight, so its statements never interleave.
 */
void
ui_feed_step(struct ui *ui)
{
	struct sb_error	err;
	int		woken = 0, touched;

	if (ui->down || store_async_busy(ui->sa))
		return;
	memset(&err, 0, sizeof err);
	if (store_feed_consume(ui->feed, &woken, &err) != SB_OK) {
		if (db_is_lost(ui->app->db))
			ui_connection_lost(ui, &err);
		else
			ui_message(ui, THEME_STATUS_ERROR, "change feed: %s",
			    err.message);
		return;
	}
	if (woken)
		ui->feed_wake = true;
	if (!ui->feed_wake)
		return;
	touched = ui_feed_fetch(ui);
	if (touched & UI_FEED_ORGS)
		ui_load_orgs(ui);
	if (touched & UI_FEED_CONTACTS)
		ui_load_contacts(ui);
	if (touched & UI_FEED_DETAIL)
		ui_load_detail(ui);
}
