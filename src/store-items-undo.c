/* The commands the undo of item changes needs beyond the others. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "switchboard/store-items.h"
#include "store-command-int.h"

enum sb_status
store_item_primary_clear(struct db *db, const char *cmd_id,
    const char *contact_id, enum store_item_kind kind, const char *item_id,
    struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.phone.clear_primary",
	    .nparams = 2, .sql = "SELECT $2::uuid, $1::uuid, c FROM "
	    "sb.contact_phone_clear_primary($1::uuid, $2::uuid) AS c" };

	memset(res, 0, sizeof *res);
	if (kind == STORE_ITEM_EMAIL) {
		c.name = "contact.email.change";
		c.sql = "SELECT $2::uuid, $1::uuid, c FROM "
		    "sb.contact_email_change($1::uuid, $2::uuid, "
		    "'{\"is_primary\": false}'::jsonb) AS c";
	} else if (kind != STORE_ITEM_PHONE)
		return (sb_error_set(err, SB_INVALID, "only phones and "
		    "emails have a primary mark"));
	c.params[0] = contact_id;
	c.params[1] = item_id;
	return (store_command_run(db, cmd_id, &c, res, NULL, err));
}

enum sb_status
store_phone_relink(struct db *db, const char *cmd_id, const char *contact_id,
    const char *phone_id, bool primary, struct store_result *res,
    struct sb_error *err)
{
	/* The mark's argument links first: both land in one command. */
	struct store_cmd	c = { .name = "contact.phone.link",
	    .nparams = 2, .sql = "SELECT $2::uuid, $1::uuid, "
	    "sb.contact_phone_set_primary($1::uuid, (SELECT $2::uuid WHERE "
	    "sb.link_set('contact.phone', $1::uuid, $2::uuid, true) IS NOT "
	    "NULL))" };

	if (!primary)
		return (store_link_set(db, cmd_id, STORE_LINK_CONTACT_PHONE,
		    contact_id, phone_id, true, res, err));
	memset(res, 0, sizeof *res);
	c.params[0] = contact_id;
	c.params[1] = phone_id;
	return (store_command_run(db, cmd_id, &c, res, NULL, err));
}
