/* Organizations from the interface: the new and edit form, archiving. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/prompt.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#define EDIT_ORG_NAME_MAX	200	/* characters of a name */

static const char *const edit_org_kinds[] = {
	"provider", "partner", "platform", NULL
};

static const char EDIT_ORG_SUPER_ONLY[] = "only a super admin creates, "
    "edits and archives organizations";

bool
edit_org_refused(struct edit *ed, char *why, size_t size)
{
	return (edit_super_refused(ed, EDIT_ORG_SUPER_ONLY, why, size));
}

bool
edit_org_created(struct edit *ed, char *id, size_t idsize, char *name,
    size_t namesize)
{
	if (ed->new_org_id[0] == '\0')
		return (false);
	snprintf(id, idsize, "%s", ed->new_org_id);
	snprintf(name, namesize, "%s", ed->new_org_name);
	ed->new_org_id[0] = ed->new_org_name[0] = '\0';
	return (true);
}

static int	edit_org_save(struct edit_sheet *);

static const struct edit_form_ops edit_org_ops = {
	.save = edit_org_save
};

/* The organization's fields (d NULL: a new one's) in a new form. */
static struct form *
edit_org_form(struct edit *ed, const struct store_org_detail *d)
{
	struct form	*f = form_create(ed->draw->safe_flags);

	form_add_text(f, "name", "Name", FORM_RULE_TEXT, EDIT_ORG_NAME_MAX,
	    d != NULL ? d->name : NULL);
	form_add_choice(f, "kind", "Kind", edit_org_kinds,
	    d != NULL ? d->kind : "provider");
	form_add_text(f, "partner", "Referred by", FORM_RULE_TEXT,
	    EDIT_ORG_NAME_MAX, d != NULL ? d->partner : NULL);
	if (d != NULL)
		f->version = d->version;
	return (f);
}

/* Read org_id's details into rows: 0, or the flags when it cannot be. */
static int
edit_org_load(struct edit *ed, const char *org_id, struct store_rows *rows)
{
	struct sb_error	err;

	edit_drain(ed);
	if (store_org_get(ed->db, org_id, rows, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "%s", err.message);
		return (EDIT_REDRAW);
	}
	if (rows->count == 1)
		return (0);
	edit_say(ed, THEME_STATUS_WARNING, "The organization is gone");
	store_rows_free(rows);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_open_org(struct edit *ed, const char *org_id)
{
	struct store_rows	 rows;
	struct store_org_detail	*d;
	struct edit_sheet	*s;
	char			 title[EDIT_TITLE_MAX];
	int			 flags;

	if (*org_id == '\0') {
		edit_sheet_push(ed, edit_org_form(ed, NULL), &edit_org_ops,
		    EDIT_KIND_ORG_NEW, "New organization");
		return (EDIT_REDRAW);
	}
	if ((flags = edit_org_load(ed, org_id, &rows)) != 0)
		return (flags);
	d = rows.rows;
	util_format_text(title, sizeof title, "Edit %s", d->name);
	s = edit_sheet_push(ed, edit_org_form(ed, d), &edit_org_ops,
	    EDIT_KIND_ORG, title);
	if (s != NULL) {
		snprintf(s->org_id, sizeof s->org_id, "%s", org_id);
		snprintf(s->found_id, sizeof s->found_id, "%s", d->partner_id);
	}
	store_rows_free(&rows);
	return (EDIT_REDRAW);
}

/*
 * The id of the partner named in the form ("" for none) into id; false
 * when no organization has that name (said on the field).
 */
static bool
edit_org_partner(struct edit_sheet *s, char *id, size_t size)
{
	struct form_field	*f = form_field_find(s->form, "partner");

	if (s->kind == EDIT_KIND_ORG &&
	    strcmp(form_field_value(f), f->orig) == 0) {
		snprintf(id, size, "%s", s->found_id);
		return (true);
	}
	return (edit_org_field_id(s, "partner", id, size, "No organization "
	    "you can see is named that: type a partner's name, or nothing"));
}

/* The edit's changes in ch, and their old values in before. */
static void
edit_org_changes(struct edit_sheet *s, const char *partner_id,
    struct store_changes *ch, struct store_changes *before)
{
	static const char *const fields[] = { "name", "kind" };
	struct form_field	*f;
	size_t			 i;

	for (i = 0; i < SB_ARRAY_LEN(fields); i++) {
		f = form_field_find(s->form, fields[i]);
		if (strcmp(form_field_value(f), f->orig) == 0)
			continue;
		store_changes_set(ch, fields[i], form_field_value(f));
		store_changes_set(before, fields[i], f->orig);
	}
	if (strcmp(partner_id, s->found_id) != 0) {
		store_changes_set(ch, "referring_partner_id",
		    *partner_id != '\0' ? partner_id : NULL);
		store_changes_set(before, "referring_partner_id",
		    *s->found_id != '\0' ? s->found_id : NULL);
	}
}

/* Remember how to take back a change of org: before, at version. */
static void
edit_org_undo_record(struct edit *ed, const char *org_id,
    struct store_changes *before, long version, const char *what)
{
	history_undo_set_org(history_log_push(&ed->undo), org_id, before,
	    version, what);
}

static int
edit_org_create(struct edit_sheet *s, const char *name, const char *kind,
    const char *partner_id)
{
	struct edit		*ed = s->ed;
	struct store_changes	 before;
	struct store_result	 res;
	struct sb_error		 err;
	char			 what[HISTORY_WHAT_MAX];

	sb_error_clear(&err);
	if (store_org_create(ed->db, form_command_id(s->form), name, kind,
	    NULL, *partner_id != '\0' ? partner_id : NULL, &res, &err) !=
	    SB_OK) {
		edit_save_lost(s, &res, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	/* Undone by archiving it: its history stays. */
	store_changes_init(&before);
	store_changes_set(&before, "active", "false");
	util_format_text(what, sizeof what, "creating %s", name);
	edit_org_undo_record(ed, res.id, &before, res.version, what);
	snprintf(ed->new_org_id, sizeof ed->new_org_id, "%s", res.id);
	snprintf(ed->new_org_name, sizeof ed->new_org_name, "%s", name);
	edit_say(ed, THEME_STATUS_OK, "Created %s: add its first contact, or "
	    "Esc", name);
	edit_sheet_close(s);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

static int
edit_org_update(struct edit_sheet *s, const char *partner_id)
{
	struct edit		*ed = s->ed;
	struct store_changes	 ch, before;
	struct store_result	 res;
	struct sb_error		 err;
	char			 what[HISTORY_WHAT_MAX];

	store_changes_init(&ch);
	store_changes_init(&before);
	edit_org_changes(s, partner_id, &ch, &before);
	if (ch.count == 0) {
		store_changes_clear(&ch);
		store_changes_clear(&before);
		edit_sheet_close(s);
		return (EDIT_REDRAW);
	}
	sb_error_clear(&err);
	if (store_org_update(ed->db, form_command_id(s->form), s->org_id,
	    s->form->version, &ch, &res, NULL, &err) != SB_OK) {
		store_changes_clear(&ch);
		store_changes_clear(&before);
		edit_save_lost(s, &res, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	store_changes_clear(&ch);
	util_format_text(what, sizeof what, "edit of %s",
	    form_field_find(s->form, "name")->orig);
	edit_org_undo_record(ed, s->org_id, &before, res.version, what);
	edit_say(ed, THEME_STATUS_OK, "Saved (u undoes)");
	edit_sheet_close(s);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* Create or change it, in one command; the form stays open if refused. */
static int
edit_org_save(struct edit_sheet *s)
{
	struct form_field	*name = form_field_find(s->form, "name");
	char			 partner_id[STORE_UUID_LEN + 1];

	if (*form_field_value(name) == '\0') {
		snprintf(name->error, sizeof name->error, "An organization "
		    "needs a name");
		return (EDIT_REDRAW);
	}
	if (!edit_org_partner(s, partner_id, sizeof partner_id))
		return (EDIT_REDRAW);
	if (s->kind == EDIT_KIND_ORG_NEW)
		return (edit_org_create(s, form_field_value(name),
		    form_field_value(form_field_find(s->form, "kind")),
		    partner_id));
	return (edit_org_update(s, partner_id));
}

/* The archive question's own state. */
struct edit_org_archive {
	struct edit	*ed;
	char		 id[STORE_UUID_LEN + 1];
	char		 name[256];
	long		 version;
	char		 cmd[STORE_UUID_LEN + 1];
};

static int
edit_org_archive_do(struct edit_org_archive *a)
{
	struct edit		*ed = a->ed;
	struct store_changes	 ch, before;
	struct store_result	 res;
	struct sb_error		 err;
	char			 what[HISTORY_WHAT_MAX];

	edit_drain(ed);
	sb_error_clear(&err);
	store_changes_init(&ch);
	store_changes_set(&ch, "active", "false");
	if (store_org_update(ed->db, a->cmd, a->id, a->version, &ch, &res,
	    NULL, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "Not archived: %s%s",
		    err.status == SB_CONFLICT ? "it changed since; look "
		    "again. " : "", err.message);
		store_changes_clear(&ch);
		return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
	}
	store_changes_clear(&ch);
	store_changes_init(&before);
	store_changes_set(&before, "active", "true");
	util_format_text(what, sizeof what, "archiving %s", a->name);
	edit_org_undo_record(ed, a->id, &before, res.version, what);
	edit_say(ed, THEME_STATUS_OK, "Archived %s (u undoes; switchboard org "
	    "restore brings it back later)", a->name);
	return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
}

static unsigned int
edit_org_archive_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_CONFIRM);
}

static int
edit_org_archive_key(void *state, int wch, bool code)
{
	struct edit_org_archive	*a = state;
	int			 key = keymap_key_normalize(wch);

	(void)code;
	if (keymap_lookup(a->ed->km, KEYMAP_CTX_CONFIRM, key) ==
	    KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	return (prompt_confirm(a->ed->km, key) ? edit_org_archive_do(a) :
	    MODE_REDRAW | MODE_CLOSE);
}

static void
edit_org_archive_draw(void *state, int rows, int cols)
{
	struct edit_org_archive	*a = state;
	const struct draw	*d = a->ed->draw;
	WINDOW			*w;
	char			 buf[EDIT_TITLE_MAX];
	int			 h = 0, width;

	snprintf(buf, sizeof buf, "Archive %s", a->name);
	if ((w = edit_draw_view(a->ed, rows, cols, 8, buf, &h,
	    &width)) == NULL)
		return;
	snprintf(buf, sizeof buf, "Archive %s?", a->name);
	draw_text(w, d, 2, 2, width - 4, buf, THEME_STATUS_WARNING);
	draw_wrap(w, d, 3, 2, width - 4, 2, "It leaves the lists and the "
	    "emergency view; its links and history stay, and u or "
	    "\"switchboard org restore\" brings it back.", THEME_NORMAL);
	draw_text(w, d, 5, 2, width - 4, "(y/n)", THEME_STATUS_WARNING);
	wnoutrefresh(w);
	delwin(w);
}

static void
edit_org_archive_close(void *state)
{
	free(state);
}

static const struct mode_ops edit_org_archive_ops = {
	.name = "archiving",
	.context = edit_org_archive_context,
	.draw = edit_org_archive_draw,
	.key = edit_org_archive_key,
	.paste = mode_paste_ignored,
	.close = edit_org_archive_close
};

int
edit_open_org_archive(struct edit *ed, const char *org_id)
{
	struct edit_org_archive	*a;
	struct store_rows	 rows;
	struct store_org_detail	*d;
	int			 flags;

	if (*org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, "No organization selected");
		return (EDIT_REDRAW);
	}
	if ((flags = edit_org_load(ed, org_id, &rows)) != 0)
		return (flags);
	d = rows.rows;
	a = xcalloc(1, sizeof *a);
	a->ed = ed;
	snprintf(a->id, sizeof a->id, "%s", org_id);
	snprintf(a->name, sizeof a->name, "%s", d->name);
	a->version = d->version;
	store_command_id_new(a->cmd);
	store_rows_free(&rows);
	if (!edit_view_push(ed, &edit_org_archive_ops, a))
		free(a);
	return (EDIT_REDRAW);
}
