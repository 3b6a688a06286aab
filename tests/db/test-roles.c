/* Database tests: role changes, contact deletes, finding contacts by name. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testroles.h"
#include "testsql.h"

static struct testdemo	 demo;
static PGconn		*prov;		/* demo_provider_admin */
static char		*riverside;

static int
setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
	prov = testdb_connect(demo.tdb, DEMO_ROLE_PROVIDER);
	riverside = testroles_org(demo.admin, "Riverside Health");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(riverside);
	PQfinish(prov);
	testdemo_stop(&demo);
	return 0;
}

/* Whether the contact is deleted, as the superuser sees it. */
static int
deleted(const char *id)
{
	char	*v;
	int	 r;

	v = testsql_value(demo.admin, "SELECT (deleted_at IS NOT NULL)::text "
	    "FROM sb.contacts WHERE id = $1", id, NULL);
	r = v != NULL && strcmp(v, "true") == 0;
	free(v);
	return r;
}

/*
 * Linked by two organizations the provider admin cannot see: refused, and
 * the refusal counts them without naming them. The links the old check
 * missed are exactly these.
 */
static void
test_delete_linked_unseen(void **state)
{
	char		*o1, *o2, *n1, *n2, *id, *e;
	const char	*orgs[4];

	(void)state;
	o1 = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 0, &n1);
	o2 = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 1, &n2);
	orgs[0] = riverside;
	orgs[1] = o1;
	orgs[2] = o2;
	orgs[3] = NULL;
	id = testroles_contact(demo.admin, "Wide", "Linked", riverside,
	    "billing", orgs);
	e = testsql_error(prov, "SELECT sb.contact_delete($1)", id, NULL);
	assert_true(testsql_is(e, "SB002"));
	assert_non_null(strstr(e, "2 organizations you cannot see"));
	assert_null(strstr(e, n1));
	assert_null(strstr(e, n2));
	assert_null(strstr(e, "Riverside Health"));
	free(e);
	assert_false(deleted(id));
	/* The refusal list the program shows: no names, a count of two. */
	ASSERT_SQL(prov, "|2", "SELECT coalesce(string_agg(coalesce("
	    "organization_name, '') || '|' || hidden_count, ';'), '') FROM "
	    "sb.contact_linked_elsewhere($1)", id);
	/* An admin of Riverside and o1 sees o1 named and o2 counted. */
	orgs[0] = riverside;
	orgs[1] = o1;
	orgs[2] = NULL;
	testroles_admin(demo.admin, "roles_two_orgs", orgs);
	{
		PGconn	*two = testdb_connect(demo.tdb, "roles_two_orgs");

		e = testsql_error(two, "SELECT sb.contact_delete($1)", id,
		    NULL);
		assert_true(testsql_is(e, "SB002"));
		assert_non_null(strstr(e, n1));
		assert_null(strstr(e, n2));
		assert_non_null(strstr(e, "and 1 organization you cannot "
		    "see"));
		free(e);
		PQfinish(two);
	}
	/* Nobody else may ask on the admin's behalf. */
	ASSERT_SQL(prov, "0", "SELECT count(*) FROM "
	    "sb.contact_linked_elsewhere($1, 'roles_two_orgs')", id);
	assert_false(deleted(id));
	free(o1);
	free(o2);
	free(n1);
	free(n2);
	free(id);
}

/* Only its owner links it: the delete goes, the links go, events stay. */
static void
test_delete_owner_only(void **state)
{
	const char	*orgs[] = { riverside, NULL };
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Only", "Owner", riverside,
	    "technical", orgs);
	free(testsql_value(prov, "SELECT sb.contact_delete($1)", id, NULL));
	assert_true(deleted(id));
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM "
	    "sb.organization_contacts WHERE contact_id = $1 AND deleted_at IS "
	    "NULL", id);
	ASSERT_SQL(demo.admin, "contact.deleted demo_provider_admin",
	    "SELECT event_type || ' ' || actor FROM sb.domain_events WHERE "
	    "stream_id = $1 ORDER BY stream_version DESC LIMIT 1", id);
	free(id);
}

/*
 * No owner, linked by Riverside alone: refused naming Riverside unless
 * deleted from Riverside, which takes that link with it.
 */
static void
test_delete_from_org(void **state)
{
	const char	*orgs[] = { riverside, NULL };
	char		*id, *e;

	(void)state;
	id = testroles_contact(demo.admin, "From", "Here", NULL, "billing",
	    orgs);
	e = testsql_error(prov, "SELECT sb.contact_delete($1)", id, NULL);
	assert_true(testsql_is(e, "SB002"));
	assert_non_null(strstr(e, "Riverside Health"));
	free(e);
	assert_false(deleted(id));
	free(testsql_value(prov, "SELECT sb.contact_delete($1, NULL, $2)", id,
	    riverside, NULL));
	assert_true(deleted(id));
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM "
	    "sb.organization_contacts WHERE contact_id = $1 AND deleted_at IS "
	    "NULL", id);
	free(id);
}

/* Owned by another organization: refused with the server's reason. */
static void
test_delete_owned_elsewhere(void **state)
{
	const char	*orgs[] = { riverside, NULL };
	char		*partner, *id, *e;

	(void)state;
	partner = testroles_org(demo.admin, "Northwind Health Partners");
	id = testroles_contact(demo.admin, "Partner", "Owned", partner,
	    "billing", orgs);
	e = testsql_error(prov, "SELECT sb.contact_delete($1)", id, NULL);
	assert_true(testsql_is(e, "42501"));
	assert_non_null(strstr(e, "only an admin of Northwind Health "
	    "Partners"));
	free(e);
	assert_false(deleted(id));
	/* Asked on another role's behalf, or unseen: no owner named. */
	ASSERT_SQL(prov, "not allowed", "SELECT sb.contact_delete_refusal($1,"
	    " 'demo_partner_admin')", id);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_unlink("
	    "$1, $2, 'billing')::text", riverside, id, NULL));
	ASSERT_SQL(prov, "not allowed", "SELECT sb.contact_delete_refusal($1)",
	    id);
	free(partner);
	free(id);
}

/* The role changes in one command; a role it has here is refused. */
static void
test_change_role(void **state)
{
	const char	*orgs[] = { riverside, NULL };
	const char	*links = "SELECT string_agg(role || ':' || is_primary, "
	    "',' ORDER BY role) FROM sb.organization_contacts WHERE "
	    "organization_id = $1 AND contact_id = $2 AND deleted_at IS NULL";
	char		*id, *holder, *e, *v;

	(void)state;
	id = testroles_contact(demo.admin, "Role", "Changer", NULL,
	    "stakeholder", orgs);
	holder = testsql_value(demo.admin, "SELECT contact_id FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND role = "
	    "'technical' AND is_primary AND deleted_at IS NULL", riverside,
	    NULL);
	assert_non_null(holder);
	ASSERT_SQL(prov, "t", "SELECT sb.organization_contact_change_role("
	    "$1, $2, 'stakeholder', 'technical', true)", riverside, id);
	ASSERT_SQL(demo.admin, "technical:true", links, riverside, id);
	/* The mark moved in the same step. */
	ASSERT_SQL(demo.admin, "technical:false", links, riverside, holder);
	/* Unlinked, linked, the old mark off and the new on: one transaction. */
	ASSERT_SQL(demo.admin, "4", "SELECT count(*) FROM sb.domain_events WHERE "
	    "stream_id = $1 AND xmin = (SELECT xmin FROM sb.domain_events WHERE "
	    "stream_id = $1 ORDER BY stream_version DESC LIMIT 1)", riverside);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'billing')", riverside, id, NULL));
	e = testsql_error(prov, "SELECT sb.organization_contact_change_role("
	    "$1, $2, 'technical', 'billing', false)", riverside, id, NULL);
	assert_true(testsql_is(e, "SB004"));
	assert_non_null(strstr(e, "already linked here as billing"));
	free(e);
	ASSERT_SQL(demo.admin, "billing:false,technical:true", links,
	    riverside, id);
	/* An undo refused once the link changed after the change it undoes. */
	free(testsql_value(prov, "SELECT sb.organization_contact_change_role("
	    "$1, $2, 'technical', 'admin', false)", riverside, id, NULL));
	v = testsql_value(demo.admin, "SELECT version FROM sb.organizations "
	    "WHERE id = $1", riverside, NULL);
	free(testsql_value(prov, "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'admin')", riverside, id, NULL));
	e = testsql_error(prov, "SELECT sb.organization_contact_change_role("
	    "$1, $2, 'admin', 'technical', true, $3::integer)", riverside, id,
	    v, NULL);
	assert_true(testsql_is(e, "SB001"));
	free(e);
	ASSERT_SQL(demo.admin, "admin:true,billing:false", links, riverside,
	    id);
	free(v);
	free(holder);
	free(id);
}

/* By name: in scope found, out of scope never, linked in the role not. */
static void
test_find_by_name(void **state)
{
	const char	*here[] = { riverside, NULL };
	const char	*there[2] = { NULL, NULL };
	const char	*sql = "SELECT count(*) FROM sb.contact_find_by_name("
	    "$1, $2, $3)";
	char		*out, *a, *b;

	(void)state;
	out = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 2, NULL);
	there[0] = out;
	a = testroles_contact(demo.admin, "Quilla", "Inscopeson", NULL,
	    "stakeholder", here);
	b = testroles_contact(demo.admin, "Quilla", "Farawayson", NULL,
	    "stakeholder", there);
	ASSERT_SQL(prov, "1", sql, riverside, "billing", "Inscopeson");
	ASSERT_SQL(prov, "Quilla Inscopeson|Quilla.Inscopeson@roles.example",
	    "SELECT first_name || ' ' || last_name || '|' || email FROM "
	    "sb.contact_find_by_name($1, 'billing', 'quilla')", riverside);
	/* Linked here in that role already: not offered. */
	ASSERT_SQL(prov, "0", sql, riverside, "stakeholder", "Inscopeson");
	/* Out of scope: nothing by name, though it exists. */
	ASSERT_SQL(prov, "0", sql, riverside, "billing", "Farawayson");
	ASSERT_SQL(demo.admin, "1", sql, riverside, "billing", "Farawayson");
	free(out);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delete_linked_unseen),
		cmocka_unit_test(test_delete_owner_only),
		cmocka_unit_test(test_delete_from_org),
		cmocka_unit_test(test_delete_owned_elsewhere),
		cmocka_unit_test(test_change_role),
		cmocka_unit_test(test_find_by_name),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
