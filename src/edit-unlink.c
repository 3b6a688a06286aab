/* The unlink and primary-mark questions: a mode each, on the UI's stack. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/prompt.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

/* The question's own state; ed only lends the shared ground. */
struct edit_unlink {
	struct edit		*ed;
	bool			 primary;	/* the mark's question */
	char			 org_id[STORE_UUID_LEN + 1];
	struct store_link	 link;		/* strings borrowed from s */
	char			 s[5][128];
	char			 cmd[STORE_UUID_LEN + 1];
	char			 key_email[256];	/* finds the unlinked */
	char			 key_phone[64];		/* contact again */
	char			 holder[200];	/* has the mark now */
	char			 holder_id[STORE_UUID_LEN + 1];
};

/*
 * An exact email (else an E.164 phone) of the contact to unlink, so an
 * undo can find it again should the unlink take it out of scope.
 */
static void
edit_unlink_find_key(struct edit_unlink *u)
{
	struct store_rows	 rows;
	struct store_contact	*c;
	struct sb_error		 err;
	size_t			 i;

	edit_drain(u->ed);
	if (store_contact_get(u->ed->db, u->link.contact_id, &rows, &err) !=
	    SB_OK)
		return;
	c = rows.rows;
	for (i = 0; rows.count == 1 && i < c->item_count; i++) {
		if (strcmp(c->items[i].kind, "email") == 0 &&
		    u->key_email[0] == '\0')
			snprintf(u->key_email, sizeof u->key_email, "%s",
			    c->items[i].text);
		else if (strcmp(c->items[i].kind, "phone") == 0 &&
		    u->key_phone[0] == '\0')
			snprintf(u->key_phone, sizeof u->key_phone, "%s",
			    c->items[i].dial);
	}
	store_rows_free(&rows);
}

/* A question about link in org_id, its strings copied. */
static struct edit_unlink *
edit_unlink_create(struct edit *ed, const char *org_id,
    const struct store_link *link)
{
	struct edit_unlink	*u = xcalloc(1, sizeof *u);
	struct store_link	*l = &u->link;

	u->ed = ed;
	snprintf(u->org_id, sizeof u->org_id, "%s", org_id);
	*l = *link;
	snprintf(u->s[0], sizeof u->s[0], "%s", link->first_name);
	snprintf(u->s[1], sizeof u->s[1], "%s", link->last_name);
	snprintf(u->s[2], sizeof u->s[2], "%s", link->role);
	snprintf(u->s[3], sizeof u->s[3], "%s", link->starts_on);
	snprintf(u->s[4], sizeof u->s[4], "%s", link->ends_on);
	l->first_name = u->s[0];
	l->last_name = u->s[1];
	l->role = u->s[2];
	l->starts_on = u->s[3];
	l->ends_on = u->s[4];
	l->title = NULL;
	l->owner = NULL;
	l->readonly = NULL;
	store_command_id_new(u->cmd);
	return (u);
}

static int
edit_unlink_do(struct edit_unlink *u)
{
	struct edit		*ed = u->ed;
	struct store_result	 res;
	struct sb_error		 err;
	struct store_link	*l = &u->link;
	struct history_undo	*undo;
	char			 what[HISTORY_WHAT_MAX];

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_org_contact_unlink(ed->db, u->cmd, u->org_id,
	    l->contact_id, l->role, &res, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "Not unlinked: %s",
		    err.message);
		return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
	}
	util_format_text(what, sizeof what, "unlink of %s %s (%s)", l->first_name,
	    l->last_name, l->role);
	undo = history_log_push(&ed->undo);
	history_undo_set_link(undo, false, u->org_id, l->contact_id, l->role,
	    l->primary, l->starts_on, l->ends_on, what);
	history_undo_set_key(undo, u->key_email, u->key_phone);
	edit_say(ed, THEME_STATUS_OK, "Unlinked %s %s (u undoes)",
	    l->first_name, l->last_name);
	return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
}

/* Mark the chosen link primary for its role: the mark moves in one step. */
static int
edit_unlink_primary_do(struct edit_unlink *u)
{
	struct edit		*ed = u->ed;
	struct store_result	 res;
	struct sb_error		 err;
	struct store_link	*l = &u->link;
	char			 what[HISTORY_WHAT_MAX];

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_org_contact_set_primary(ed->db, u->cmd, u->org_id,
	    l->contact_id, l->role, &res, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "Not marked primary: %s",
		    err.message);
		return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
	}
	/* Undone: the mark off again, and back to who had it. */
	util_format_text(what, sizeof what, "moving primary %s to %s %s",
	    l->role, l->first_name, l->last_name);
	history_undo_set_role(history_log_push(&ed->undo), u->org_id,
	    l->contact_id, l->role, false, l->role, res.version, u->holder_id,
	    what);
	edit_say(ed, THEME_STATUS_OK, "%s %s is now the primary %s contact "
	    "(u undoes)", l->first_name, l->last_name, l->role);
	return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
}

static unsigned int
edit_unlink_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_CONFIRM);
}

/* confirm-yes does it; F1 the help; any other key closes. */
static int
edit_unlink_key(void *state, int wch, bool code)
{
	struct edit_unlink	*u = state;
	int			 key = keymap_key_normalize(wch);

	(void)code;
	if (keymap_lookup(u->ed->km, KEYMAP_CTX_CONFIRM, key) ==
	    KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	if (!prompt_confirm(u->ed->km, key))
		return (MODE_REDRAW | MODE_CLOSE);
	return (u->primary ? edit_unlink_primary_do(u) : edit_unlink_do(u));
}

static void
edit_unlink_draw(void *state, int rows, int cols)
{
	struct edit_unlink	*u = state;
	struct store_link	*l = &u->link;
	WINDOW			*w;
	char			 buf[400];
	int			 h = 6, width;

	if ((w = edit_draw_view(u->ed, rows, cols, 9, u->primary ?
	    " Primary " : " Unlink ", &h, &width)) == NULL)
		return;
	if (u->primary)
		snprintf(buf, sizeof buf, "%s is the primary %s contact. Move "
		    "the mark to %s %s? (y/n)", u->holder, l->role,
		    l->first_name, l->last_name);
	else
		snprintf(buf, sizeof buf, "Unlink %s %s (%s) from this "
		    "organization? The contact and its history stay. (y/n)",
		    l->first_name, l->last_name, l->role);
	edit_draw_question(u->ed, w, width, buf);
	wnoutrefresh(w);
	delwin(w);
}

static void
edit_unlink_close(void *state)
{
	free(state);
}

static const struct mode_ops edit_unlink_ops = {
	.name = "editing",
	.context = edit_unlink_context,
	.draw = edit_unlink_draw,
	.key = edit_unlink_key,
	.paste = mode_paste_ignored,
	.close = edit_unlink_close
};

/* Ask u's question; it is freed if it cannot be. */
static void
edit_unlink_push(struct edit_unlink *u)
{
	if (u->ed->modes == NULL || !mode_stack_push(u->ed->modes,
	    &edit_unlink_ops, u))
		edit_unlink_close(u);
}

int
edit_open_unlink(struct edit *ed, const char *org_id,
    const struct store_link *link)
{
	struct edit_unlink	*u;

	if (link == NULL || *org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, "No contact selected");
		return (EDIT_REDRAW);
	}
	u = edit_unlink_create(ed, org_id, link);
	edit_unlink_find_key(u);
	edit_unlink_push(u);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_open_primary(struct edit *ed, const char *org_id,
    const struct store_link *link)
{
	struct edit_unlink	*u;
	struct sb_error		 err;
	int			 r;

	if (link == NULL || *org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, "No contact selected");
		return (EDIT_REDRAW);
	}
	if (link->primary) {
		edit_say(ed, THEME_STATUS_WARNING, "Already the primary %s "
		    "contact", link->role);
		return (EDIT_REDRAW);
	}
	u = edit_unlink_create(ed, org_id, link);
	u->primary = true;
	edit_drain(ed);
	sb_error_clear(&err);
	if (edit_primary_holder(ed, org_id, link->role, link->contact_id,
	    u->holder, sizeof u->holder, u->holder_id, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "Not marked primary: %s",
		    err.message);
		edit_unlink_close(u);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (u->holder[0] != '\0') {
		edit_unlink_push(u);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	r = edit_unlink_primary_do(u) & (MODE_REDRAW | MODE_RELOAD);
	edit_unlink_close(u);
	return (r);
}
