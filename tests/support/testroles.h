/* Test support for roles, deletes and finding by name on the demo data. */
#ifndef SWITCHBOARD_TESTROLES_H
#define SWITCHBOARD_TESTROLES_H

#include <libpq-fe.h>

/* The id of the organization called name. Caller frees. */
char	*testroles_org(PGconn *su, const char *name);

/*
 * The n-th (from 0, by name) provider organization outside role's scope,
 * as its id; *name (may be NULL) gets its name. Caller frees both.
 */
char	*testroles_org_outside(PGconn *su, const char *role, int n,
	    char **name);

/*
 * A new contact "first last" owned by owner (an organization id, or NULL),
 * with an email first.last@roles.example, linked as role to each of the
 * NULL-ended orgs, all as the superuser su. Returns its id; caller frees.
 */
char	*testroles_contact(PGconn *su, const char *first, const char *last,
	    const char *owner, const char *role, const char *const *orgs);

/*
 * A login role name that is a provider admin of the organizations (ids,
 * NULL-ended): created if missing. As the superuser su.
 */
void	 testroles_admin(PGconn *su, const char *name,
	    const char *const *orgs);

#endif
