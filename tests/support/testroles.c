/* Test support for roles, deletes and finding by name on the demo data. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/util.h"
#include "testroles.h"
#include "testsql.h"

char *
testroles_org(PGconn *su, const char *name)
{
	char	*id;

	id = testsql_value(su, "SELECT id FROM sb.organizations WHERE "
	    "name = $1 ORDER BY id LIMIT 1", name, NULL);
	if (id == NULL)
		fail_msg("no organization %s", name);
	return id;
}

char *
testroles_org_outside(PGconn *su, const char *role, int n, char **name)
{
	char	 off[16], *id;

	snprintf(off, sizeof off, "%d", n);
	id = testsql_value(su, "SELECT id FROM sb.organizations WHERE kind = "
	    "'provider' AND id NOT IN (SELECT sb.access_org_ids($1)) ORDER BY "
	    "name, id LIMIT 1 OFFSET $2::integer", role, off, NULL);
	if (id == NULL)
		fail_msg("no organization outside %s's scope", role);
	if (name != NULL)
		*name = testsql_value(su, "SELECT name FROM sb.organizations "
		    "WHERE id = $1", id, NULL);
	return id;
}

char *
testroles_contact(PGconn *su, const char *first, const char *last,
    const char *owner, const char *role, const char *const *orgs)
{
	char	*id, *email;
	size_t	 i;

	id = testsql_value(su, "SELECT sb.contact_create($1, $2, "
	    "owner_organization_id => $3)", first, last, owner != NULL ?
	    owner : TESTSQL_NULL, NULL);
	email = xasprintf("%s.%s@roles.example", first, last);
	free(testsql_value(su, "SELECT sb.contact_email_add($1, $2)", id,
	    email, NULL));
	free(email);
	for (i = 0; orgs != NULL && orgs[i] != NULL; i++)
		free(testsql_value(su, "SELECT sb.organization_contact_link("
		    "$1, $2, $3)", orgs[i], id, role, NULL));
	return id;
}

void
testroles_admin(PGconn *su, const char *name, const char *const *orgs)
{
	char	*sql, *v;
	size_t	 i;

	v = testsql_value(su, "SELECT count(*) FROM pg_roles WHERE rolname = "
	    "$1", name, NULL);
	if (strcmp(v, "0") == 0) {
		sql = xasprintf("CREATE ROLE %s LOGIN; GRANT switchboard_user "
		    "TO %s", name, name);
		testsql_exec(su, sql);
		free(sql);
	}
	free(v);
	for (i = 0; orgs[i] != NULL; i++)
		free(testsql_value(su, "SELECT sb.membership_grant($1, "
		    "'provider_admin', $2)", name, orgs[i], NULL));
}
