/* A contact's links to an organization: who may change them, commands. */
#ifndef SWITCHBOARD_STORE_LINK_H
#define SWITCHBOARD_STORE_LINK_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/store-command.h"

struct db;

/*
 * Why the person may not change contact_id's link to org_id (its role
 * there) into buf, and why not its primary mark into mark, each of len
 * bytes: "" when they may, as an admin of the organization may even for
 * a contact a partner owns, and the partner's admin may the role of its
 * own contact where it referred the organization
 * (sb.organization_contact_readonly_reason). The text comes from the
 * database: sanitize it to draw it.
 */
enum sb_status	 store_org_contact_readonly(struct db *db,
		     const char *org_id, const char *contact_id, char *buf,
		     char *mark, size_t len, struct sb_error *err);

/* One save that changed a contact's fields and its role, to undo. */
struct store_undo_both {
	const char	*contact_id;
	long		 contact_version;	/* the contact's after it */
	const char	*before;	/* the fields' old values, JSON */
	const char	*org_id;
	const char	*new_role;
	const char	*old_role;
	bool		 old_primary;
	long		 org_version;	/* the organization's after it */
	const char	*holder_id;	/* had the mark; NULL or "" none */
};

/*
 * Undo u (strings borrowed) as command cmd_id, in one transaction
 * (sb.contact_undo_update_role): the role back, the mark back to its
 * holder, the fields back. SB_CONFLICT, with the server saying whether
 * the contact or its link changed since, when either did; then nothing
 * is written. res->version is the contact's version after.
 */
enum sb_status	 store_contact_undo_both(struct db *db, const char *cmd_id,
		     const struct store_undo_both *u,
		     struct store_result *res, struct sb_error *err);

/*
 * Link contact_id to org_id in role and, when make_primary, give it the
 * primary mark of that role (the mark moves from whoever has it), in one
 * command. res->changed false when it was linked so already.
 */
enum sb_status	 store_org_contact_link_primary(struct db *db,
		     const char *cmd_id, const char *org_id,
		     const char *contact_id, const char *role,
		     bool make_primary, struct store_result *res,
		     struct sb_error *err);

/*
 * End contact_id's link to org_id in role (NULL: in every role it holds
 * there), in one command; the links stay in the history. res->changed
 * false when there was none.
 */
enum sb_status	 store_org_contact_unlink_all(struct db *db,
		     const char *cmd_id, const char *org_id,
		     const char *contact_id, const char *role,
		     struct store_result *res, struct sb_error *err);

#endif
