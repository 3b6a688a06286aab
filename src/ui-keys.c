/* Key dispatch: search editing, actions, and copying to the clipboard. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "switchboard/config.h"
#include "switchboard/db.h"
#include "switchboard/edit.h"
#include "switchboard/emergency.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/pane.h"
#include "switchboard/store.h"
#include "switchboard/term-safe.h"
#include "switchboard/ui.h"
#include "switchboard/util.h"
#include "switchboard/wrap.h"

#include "ui-help.h"
#include "ui-history.h"
#include "ui-int.h"

static void
ui_copy(struct ui *ui, const char *kind)
{
	struct pane	*p = ui->panes[UI_DETAIL];

	ui_copy_text(ui, kind, p->vt->copy_text(p, kind));
}

/* Open the emergency view for the marked organizations (none: all). */
static void
ui_emergency_open(struct ui *ui)
{
	const char *const	*ids;
	size_t			 n = pane_orgs_marked(ui->panes[UI_ORGS], &ids);

	emergency_open(ui->emergency, ids, n);
	ui_modes_emergency_opened(ui);
}

static void
ui_focus(struct ui *ui, int focus)
{
	bool	org = ui_detail_is_org(ui);

	ui->focus = (focus + UI_NPANES) % UI_NPANES;
	ui->dirty = true;
	if (org != ui_detail_is_org(ui))
		ui_detail_refocus(ui);
}

/*
 * A key of the search prompt: it filters as one types; Esc puts the
 * text back as it was when the prompt opened, and closes it.
 */
static void
ui_search_key(struct ui *ui, wint_t wch, bool code)
{
	enum keymap_action	a;
	int			key = keymap_key_normalize((int)wch);

	a = keymap_lookup(ui->keymap, KEYMAP_CTX_SEARCH, key);
	if (a == KEYMAP_SEARCH_NEXT || a == KEYMAP_SEARCH_PREV) {
		pane_list_key(ui->panes[ui->focus], a == KEYMAP_SEARCH_NEXT ?
		    KEYMAP_MOVE_DOWN : KEYMAP_MOVE_UP);
		ui_follow_org(ui);
		ui_follow_contact(ui);
		ui->dirty = true;
		return;
	}
	switch (prompt_key(&ui->search, ui->keymap, (int)wch, code)) {
	case PROMPT_ACCEPT:
		ui->searching = UI_SEARCH_NONE;
		break;
	case PROMPT_CANCEL:
		ui_search_store(ui);
		ui_search_changed(ui);
		ui->searching = UI_SEARCH_NONE;
		break;
	case PROMPT_CHANGED:
		ui_search_store(ui);
		ui_search_changed(ui);
		break;
	default:
		break;
	}
	ui->dirty = true;
}

/* The pane under a screen cell, or -1. */
static int
ui_mouse_pane(struct ui *ui, int y, int x)
{
	int	i;

	for (i = 0; i < UI_NPANES; i++) {
		if (ui->narrow && i != ui->focus)
			continue;
		if (ui->panes[i]->win != NULL &&
		    wenclose(ui->panes[i]->win, y, x))
			return i;
	}
	return -1;
}

/* A click focuses the pane and selects the row; the wheel scrolls. */
static void
ui_mouse(struct ui *ui)
{
	MEVENT		 ev;
	struct pane	*p;
	int		 i, row;

	if (getmouse(&ev) != OK || ui_help_open(&ui->modes) ||
	    ui->too_small ||
	    (i = ui_mouse_pane(ui, ev.y, ev.x)) < 0)
		return;
	p = ui->panes[i];
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		listview_move(&p->lv, ev.bstate & BUTTON4_PRESSED ? -3 : 3);
	} else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
		ui_focus(ui, i);
		row = ev.y - getbegy(p->win) - 1 + p->lv.top;
		if (ev.y > getbegy(p->win) && row < p->lv.count)
			listview_select(&p->lv, row);
	} else
		return;
	ui_follow_org(ui);
	ui_follow_contact(ui);
	ui->dirty = true;
}

static void
ui_action_open(struct ui *ui)
{
	if (ui->focus < UI_DETAIL)
		ui_focus(ui, ui->focus + 1);
}

static void
ui_action_back(struct ui *ui)
{
	if (ui->focus == UI_CONTACTS && ui->global &&
	    ui->searching == UI_SEARCH_NONE) {
		ui->global = false;
		ui->global_text[0] = '\0';
		ui->org_id[0] = '\0';
		ui_follow_org(ui);
	}
	if (ui->focus > UI_ORGS)
		ui_focus(ui, ui->focus - 1);
}

/* The history of the organization or the contact, as a mode. */
static int
ui_edit_history(struct ui *ui)
{
	char	**lines;
	size_t	  n;
	int	  r;

	r = edit_history_read(ui->edit, ui->focus == UI_ORGS ? ui->org_id :
	    ui->contact_id, &lines, &n);
	if (lines != NULL)
		ui_history_push(&ui->modes, &ui->draw, ui->keymap,
		    "History (newest first)", lines, n);
	return (r);
}

/*
 * The server's own words for the last error the program said in a
 * sentence instead, in a view of their own.
 */
#define UI_DETAILS_WIDTH	72	/* cells of a line of the details */

static void
ui_error_details(struct ui *ui)
{
	char	 buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX + 32], *safe;
	char	**lines;
	size_t	  n, i;

	if (!db_error_details(buf, sizeof buf)) {
		ui_message(ui, THEME_STATUS_WARNING, "No server error to show "
		    "yet");
		return;
	}
	safe = term_safe_dup(buf, ui->draw.safe_flags);
	n = wrap_text(safe, UI_DETAILS_WIDTH, &lines);
	free(safe);
	lines = xreallocarray(lines, n + 1, sizeof *lines);
	memmove(lines + 1, lines, n * sizeof *lines);
	lines[0] = xstrdup("What the server answered last:");
	for (i = 1; i <= n; i++) {
		safe = xasprintf("  %s", lines[i]);
		free(lines[i]);
		lines[i] = safe;
	}
	ui_history_push(&ui->modes, &ui->draw, ui->keymap,
	    "Details of the last error", lines, n + 1);
}

/* Whether an organization is selected; said when none is. */
static bool
ui_org_selected(struct ui *ui)
{
	if (ui->org_id[0] != '\0' && !ui->global)
		return (true);
	ui_message(ui, THEME_STATUS_WARNING, "No organization selected");
	return (false);
}

/*
 * An organization just created leads on to its first contact: the list
 * shows it (its name as the filter, so it is found in any directory)
 * and the new-contact form opens for it.
 */
static void
ui_org_follow_new(struct ui *ui)
{
	struct pane	*p = ui->panes[UI_ORGS];
	char		 id[STORE_UUID_LEN + 1], name[256];

	if (!edit_org_created(ui->edit, id, sizeof id, name, sizeof name))
		return;
	ui_text_store(p->filter, sizeof p->filter, name);
	ui_focus(ui, UI_ORGS);
	ui_load_orgs(ui);
	edit_open_new(ui->edit, id);
}

/* The editing actions: each opens the overlay or writes one command. */
static void
ui_edit_action(struct ui *ui, enum keymap_action a)
{
	int	r = 0;

	if (!ui_action_allowed(ui, a))
		return;
	if (a == KEYMAP_EDIT)
		r = edit_open_contact_link(ui->edit, ui->org_id,
		    ui->contact_id, ui_selected_link(ui));
	else if (a == KEYMAP_DELETE_CONTACT)
		r = edit_open_delete(ui->edit, ui->org_id, ui->contact_id);
	else if (a == KEYMAP_NEW_CONTACT)
		r = edit_open_new(ui->edit, ui->org_id);
	else if (a == KEYMAP_LINK_EXISTING)
		r = edit_open_existing(ui->edit, ui->org_id);
	else if (a == KEYMAP_MARK_PRIMARY && ui_selected_link(ui) != NULL)
		r = edit_open_primary(ui->edit, ui->org_id,
		    ui_selected_link(ui));
	else if (a == KEYMAP_UNLINK)
		r = edit_open_unlink(ui->edit, ui->org_id,
		    ui_selected_link(ui));
	else if (a == KEYMAP_HISTORY)
		r = ui_edit_history(ui);
	else if (a == KEYMAP_UNDO)
		r = edit_undo(ui->edit);
	else if (a == KEYMAP_NEW_ORG)
		r = edit_open_org(ui->edit, "");
	else if (a == KEYMAP_EDIT_ORG || a == KEYMAP_ARCHIVE_ORG)
		r = ui_org_selected(ui) ? a == KEYMAP_EDIT_ORG ?
		    edit_open_org(ui->edit, ui->org_id) :
		    edit_open_org_archive(ui->edit, ui->org_id) : 0;
	else if (a == KEYMAP_IMPORT)
		r = edit_open_import(ui->edit, ui->global ? "" : ui->org_id,
		    ui_org_selected_name(ui));
	else if (a == KEYMAP_ACCESS_VIEW)
		r = edit_open_access(ui->edit, ui_org_selected_name(ui));
	else if (a == KEYMAP_DUPLICATES)
		r = edit_open_duplicates(ui->edit);
	else if (a == KEYMAP_EDIT_ITEMS)
		r = edit_open_items(ui->edit, ui->focus == UI_ORGS,
		    ui->focus == UI_ORGS ? ui->org_id : ui->contact_id);
	if (r & EDIT_RELOAD)
		ui_load_all(ui);
}

/* An action the panes do not handle; returns false if none applied. */
static bool
ui_action(struct ui *ui, enum keymap_action a)
{
	switch (a) {
	case KEYMAP_QUIT:
		ui->quit = true;
		return true;
	case KEYMAP_HELP:
		ui_modes_help(ui);
		break;
	case KEYMAP_NEXT_PANE:
		ui_focus(ui, ui->focus + 1);
		break;
	case KEYMAP_PREV_PANE:
		ui_focus(ui, ui->focus - 1);
		break;
	case KEYMAP_BACK:
		ui_action_back(ui);
		break;
	case KEYMAP_SEARCH_PANE:
		if (!ui_pane_table[ui->focus].filters)
			return false;
		ui->searching = UI_SEARCH_PANE;
		prompt_open(&ui->search, ui_search_text(ui));
		break;
	case KEYMAP_SEARCH_GLOBAL:
		ui->searching = UI_SEARCH_GLOBAL;
		ui_focus(ui, UI_CONTACTS);
		prompt_open(&ui->search, ui_search_text(ui));
		ui_search_warm(ui);
		break;
	case KEYMAP_COPY_PHONE:
		ui_copy(ui, "phone");
		break;
	case KEYMAP_COPY_EMAIL:
		ui_copy(ui, "email");
		break;
	case KEYMAP_REFRESH:
		ui_load_all(ui);
		break;
	case KEYMAP_ERROR_DETAILS:
		ui_error_details(ui);
		break;
	case KEYMAP_EMERGENCY_LIST:
		ui_emergency_open(ui);
		break;
	case KEYMAP_EDIT:
	case KEYMAP_NEW_CONTACT:
	case KEYMAP_LINK_EXISTING:
	case KEYMAP_MARK_PRIMARY:
	case KEYMAP_UNLINK:
	case KEYMAP_HISTORY:
	case KEYMAP_UNDO:
	case KEYMAP_DELETE_CONTACT:
	case KEYMAP_EDIT_ITEMS:
	case KEYMAP_NEW_ORG:
	case KEYMAP_EDIT_ORG:
	case KEYMAP_ARCHIVE_ORG:
	case KEYMAP_ACCESS_VIEW:
	case KEYMAP_DUPLICATES:
	case KEYMAP_IMPORT:
		ui_edit_action(ui, a);
		break;
	default:
		return false;
	}
	ui->dirty = true;
	return true;
}

void
ui_key(struct ui *ui, wint_t wch, bool code)
{
	struct pane		*p = ui->panes[ui->focus];
	enum keymap_action	 a;
	unsigned int		 ctx;
	int			 r, key = keymap_key_normalize((int)wch);

	if (code && wch == KEY_RESIZE) {
		ui_layout(ui);
		return;
	}
	/*
	 * A message answers the last action and goes with the next key,
	 * which may set its own; a lost connection keeps saying so.
	 */
	if (!ui->down && ui->message[0] != '\0') {
		ui->message[0] = '\0';
		ui->dirty = true;
	}
	if (ui_paste_key(ui, wch, code))
		return;
	if (code && wch == KEY_MOUSE) {
		ui_mouse(ui);
		return;
	}
	if (mode_stack_top(&ui->modes) != NULL) {
		r = mode_stack_key(&ui->modes, (int)wch, code);
		if (r & MODE_RELOAD)
			ui_load_all(ui);
		ui_org_follow_new(ui);
		if (r & MODE_HELP)
			ui_modes_help(ui);
		ui->dirty = true;
		return;
	}
	if (ui->searching != UI_SEARCH_NONE) {
		ui_search_key(ui, wch, code);
		return;
	}
	/* The pane's own keys first: n in the organizations pane. */
	a = KEYMAP_NONE;
	if ((ctx = ui_pane_table[ui->focus].own) != 0)
		a = keymap_lookup(ui->keymap, ctx, key);
	if (a == KEYMAP_NONE)
		a = keymap_lookup(ui->keymap, ui_pane_table[ui->focus].context,
		    key);
	if (a == KEYMAP_NONE || (ui->too_small && a != KEYMAP_QUIT))
		return;
	r = p->vt->key(p, a);
	if (r & PANE_KEY_RELOAD)
		ui_load_contacts(ui);
	if (r & PANE_KEY_SELECTED) {
		ui_follow_org(ui);
		ui_follow_contact(ui);
	}
	if (r & PANE_KEY_OPEN)
		ui_action_open(ui);
	if (r != PANE_KEY_IGNORED)
		ui->dirty = true;
	else if (a == KEYMAP_OPEN)
		ui_action_open(ui);
	else
		ui_action(ui, a);
}

void
ui_read_keys(struct ui *ui)
{
	wint_t	wch;
	int	r;

	while (!ui->quit && (r = get_wch(&wch)) != ERR)
		ui_key(ui, wch, r == KEY_CODE_YES);
}
