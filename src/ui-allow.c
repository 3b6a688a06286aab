/* Which editing actions the person may take on what is selected, and why. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "switchboard/edit.h"
#include "switchboard/keymap.h"
#include "switchboard/pane.h"
#include "switchboard/store.h"

#include "ui-int.h"

/* The selected organization's row, or NULL (none, or a search of all). */
static const struct store_org *
ui_allow_org(const struct ui *ui)
{
	const struct pane	*p = ui->panes[UI_ORGS];
	const struct store_org	*o = p->rows.rows;
	size_t			 i;

	if (ui->global || p->rows.type != STORE_ROWS_ORGS)
		return NULL;
	for (i = 0; i < p->rows.count; i++) {
		if (strcmp(o[i].id, ui->org_id) == 0)
			return &o[i];
	}
	return NULL;
}

/* The organizations pane's own actions: for super admins only. */
static bool
ui_allow_is_org_action(int action)
{
	return (action == KEYMAP_NEW_ORG || action == KEYMAP_EDIT_ORG ||
	    action == KEYMAP_ARCHIVE_ORG);
}

const struct store_link *
ui_selected_link(const struct ui *ui)
{
	struct pane		*p = ui->panes[UI_CONTACTS];
	struct store_link	*l = p->rows.rows;
	int			 sel = pane_contacts_selected_row(p);
	size_t			 i;

	if (p->rows.type != STORE_ROWS_LINKS || ui->global)
		return NULL;
	if (sel >= 0 && (size_t)sel < p->rows.count &&
	    strcmp(l[sel].contact_id, ui->contact_id) == 0)
		return &l[sel];
	for (i = 0; i < p->rows.count; i++) {
		if (strcmp(l[i].contact_id, ui->contact_id) == 0)
			return &l[i];
	}
	return NULL;
}

/*
 * Why the selected contact may not change, as the server said in its
 * details (read-only: owned by a partner); NULL while the details show
 * another or none.
 */
static const char *
ui_allow_contact(const struct ui *ui)
{
	const struct pane		*p = ui->panes[UI_DETAIL];
	const struct store_contact	*c = p->rows.rows;

	if (ui_detail_is_org(ui) || p->rows.type != STORE_ROWS_CONTACT ||
	    p->rows.count != 1 || strcmp(c->id, ui->contact_id) != 0)
		return NULL;
	return (c->readonly_reason);
}

/*
 * Why the organization o refuses action, in the server's words ("" or
 * NULL: it does not). Edit and the items open read-only, saying why.
 */
static const char *
ui_allow_reason(const struct ui *ui, const struct store_org *o, int action)
{
	const struct store_link	*l;

	switch (action) {
	case KEYMAP_NEW_CONTACT:
	case KEYMAP_LINK_EXISTING:
		return o->links_readonly;
	case KEYMAP_UNLINK:
		/* The link's own: a partner's admin unlinks its contacts. */
		if ((l = ui_selected_link(ui)) != NULL && l->readonly != NULL)
			return l->readonly;
		return o->links_readonly;
	case KEYMAP_MARK_PRIMARY:
		return o->primary_readonly;
	case KEYMAP_DELETE_CONTACT:
		/* A contact one may not change one may not delete. */
		if (o->readonly != NULL && *o->readonly != '\0')
			return o->readonly;
		return ui_allow_contact(ui);
	case KEYMAP_IMPORT:
		return o->readonly;
	default:
		return NULL;
	}
}

bool
ui_action_refused(const struct ui *ui, int action, char *why, size_t size)
{
	const struct store_org	*o;
	const char		*r;

	if (ui_allow_is_org_action(action))
		return (edit_org_refused(ui->edit, why, size));
	if ((o = ui_allow_org(ui)) == NULL ||
	    (r = ui_allow_reason(ui, o, action)) == NULL || *r == '\0')
		return false;
	snprintf(why, size, "%s", r);
	return true;
}

bool
ui_action_allowed(struct ui *ui, int action)
{
	const struct store_org	*o = ui_allow_org(ui);
	char			 why[256];

	if (!ui_action_refused(ui, action, why, sizeof why))
		return true;
	if (ui_allow_is_org_action(action) || o == NULL) {
		ui_message(ui, THEME_STATUS_WARNING, "Not for you: %s", why);
		return false;
	}
	/* Who links contacts here hears only what stays the others'. */
	if (o->links_readonly != NULL && *o->links_readonly == '\0') {
		why[0] = (char)toupper((unsigned char)why[0]);
		ui_message(ui, THEME_STATUS_WARNING, "%s", why);
		return false;
	}
	ui_message(ui, THEME_STATUS_WARNING, "You can read %s's contacts but "
	    "not change them (%s); a super admin can make you its admin",
	    o->name, why);
	return false;
}
