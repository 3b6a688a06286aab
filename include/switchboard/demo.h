/* The demo data set: real situations, then generated volume. */
#ifndef SWITCHBOARD_DEMO_H
#define SWITCHBOARD_DEMO_H

#include "switchboard/error.h"

struct db;

/* Login roles the demo creates, one per kind of person. */
#define DEMO_ROLE_SUPER		"demo_super_admin"
#define DEMO_ROLE_PROVIDER	"demo_provider_admin"
#define DEMO_ROLE_SUPPORT	"demo_support"
#define DEMO_ROLE_PARTNER	"demo_partner_admin"

/*
 * Load the demo data through the same commands a person would use, as the
 * cluster's superuser (admin). Identifiers and command ids are derived from
 * a fixed seed, so loading twice changes nothing.
 */
enum sb_status	 demo_load(struct db *admin, struct sb_error *err);

/*
 * The login role for --as NAME: "super-admin" (the default, also for NULL),
 * "provider-admin", "support", "partner-admin", or a role name as is.
 */
const char	*demo_role(const char *as);

#endif
