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

/* The same, telling p (NULL: nobody) how far the load has got. */
struct progress;
enum sb_status	 demo_load_shown(struct db *admin, const struct progress *p,
		     struct sb_error *err);

/*
 * The login role for --as NAME: "super-admin" (the default, also for NULL),
 * "provider-admin", "support", "partner-admin", or a role name as is.
 */
const char	*demo_role(const char *as);

/*
 * Create the demo's login roles if missing (no password: the embedded
 * cluster trusts its private socket), make them members of the persons'
 * group role and grant their memberships: DEMO_ROLE_SUPER super admin,
 * DEMO_ROLE_PROVIDER provider admin of Riverside Health, DEMO_ROLE_SUPPORT
 * support staff for all organizations, DEMO_ROLE_PARTNER partner admin of
 * Northwind Health Partners. Runs as the cluster's superuser (admin),
 * inside the caller's transaction, after the demo data is loaded.
 * Idempotent.
 */
enum sb_status	 demo_people_create(struct db *admin, struct sb_error *err);

/*
 * Make role a person of kind ("super_admin", "provider_admin", "support",
 * "partner_admin"), for the organization with subdomain (NULL for none):
 * the login role is created if missing and the membership granted. As the
 * cluster's superuser; idempotent.
 */
enum sb_status	 demo_people_ensure(struct db *admin, const char *role,
		     const char *kind, const char *subdomain,
		     struct sb_error *err);

#endif
