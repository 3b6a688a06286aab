/* Which editing actions the person may take on what is selected, and why. */
#include "config.h"

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

bool
ui_action_refused(const struct ui *ui, int action, char *why, size_t size)
{
	const struct store_org	*o;

	if (ui_allow_is_org_action(action))
		return (edit_org_refused(ui->edit, why, size));
	switch (action) {
	case KEYMAP_NEW_CONTACT:
	case KEYMAP_LINK_EXISTING:
	case KEYMAP_UNLINK:
	case KEYMAP_MARK_PRIMARY:
	case KEYMAP_DELETE_CONTACT:
	case KEYMAP_IMPORT:
		break;
	default:
		/* Edit and the items open read-only, saying why. */
		return false;
	}
	if ((o = ui_allow_org(ui)) == NULL || o->readonly == NULL ||
	    *o->readonly == '\0')
		return false;
	snprintf(why, size, "%s", o->readonly);
	return true;
}

bool
ui_action_allowed(struct ui *ui, int action)
{
	const struct store_org	*o = ui_allow_org(ui);
	char			 why[128];

	if (!ui_action_refused(ui, action, why, sizeof why))
		return true;
	if (ui_allow_is_org_action(action) || o == NULL) {
		ui_message(ui, THEME_STATUS_WARNING, "Not for you: %s", why);
		return false;
	}
	ui_message(ui, THEME_STATUS_WARNING, "You can read %s's contacts but "
	    "not change them (%s); a super admin can make you its admin",
	    o->name, why);
	return false;
}
