/* The panes, left to right: what each is, how wide, which keys it takes. */
#include "config.h"

#include <stdbool.h>

#include "switchboard/keymap.h"
#include "switchboard/pane.h"

#include "ui-int.h"

const struct ui_pane_desc ui_pane_table[UI_NPANES] = {
	[UI_ORGS] = { "Organizations", pane_orgs_create, 30,
	    KEYMAP_CTX_LIST, KEYMAP_CTX_ORGS, true },
	[UI_CONTACTS] = { "Contacts", pane_contacts_create, 35,
	    KEYMAP_CTX_LIST, 0, true },
	[UI_DETAIL] = { "Details", pane_detail_create, 0,
	    KEYMAP_CTX_DETAILS, 0, false },
};
