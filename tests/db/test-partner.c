/* Database tests: an organization's link of a contact it may not edit. */
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

#define ASSERT_ERROR(conn, state, part, ...) do {			\
	char	*e_ = testsql_error((conn), __VA_ARGS__, NULL);		\
	if (!testsql_is(e_, (state)) || strstr(e_, (part)) == NULL)	\
		fail_msg("wanted %s \"%s\", got %s", (state), (part), e_); \
	free(e_);							\
} while (0)

static struct testdemo	 demo;
static PGconn		*prov;		/* demo_provider_admin */
static char		*riverside, *northwind;

/* The contact's active links to Riverside: "role:primary,...". */
static const char	links_sql[] = "SELECT coalesce(string_agg(role || "
    "':' || is_primary, ',' ORDER BY role), '') FROM "
    "sb.organization_contacts WHERE organization_id = $1 AND contact_id = "
    "$2 AND deleted_at IS NULL";

/* The undo of a save that changed the title and the role to technical. */
static const char	undo_sql[] = "SELECT sb.contact_undo_update_role($1, "
    "$2::integer, jsonb_build_object('title', $3::text), $4, 'technical', "
    "'stakeholder', false, $5::integer, $6)";

static int
setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
	prov = testdb_connect(demo.tdb, DEMO_ROLE_PROVIDER);
	riverside = testroles_org(demo.admin, "Riverside Health");
	northwind = testroles_org(demo.admin, "Northwind Health Partners");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(riverside);
	free(northwind);
	PQfinish(prov);
	testdemo_stop(&demo);
	return 0;
}

static int
count_events(const char *stream)
{
	char	*v;
	int	 n;

	v = testsql_value(demo.admin, "SELECT count(*) FROM sb.domain_events "
	    "WHERE stream_id = $1", stream, NULL);
	n = atoi(v);
	free(v);
	return n;
}

/*
 * Northwind owns the contact, Riverside links it: Riverside's admin may
 * not change its fields but may change its role there and the mark.
 */
static void
test_partner_link_is_riversides(void **state)
{
	const char	*here[] = { riverside, NULL };
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Pia", "Partnerlink", northwind,
	    "stakeholder", here);
	ASSERT_SQL(prov, "owned by Northwind Health Partners",
	    "SELECT sb.contact_readonly_reason($1)", id);
	ASSERT_SQL(prov, "editable", "SELECT coalesce("
	    "sb.organization_contact_readonly_reason($1, $2), 'editable')",
	    riverside, id);
	ASSERT_ERROR(prov, "42501", "", "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"Mine\"}')", id);
	ASSERT_SQL(prov, "true", "SELECT sb.organization_contact_change_role("
	    "$1, $2, 'stakeholder', 'admin', true)::text", riverside, id);
	ASSERT_SQL(demo.admin, "admin:true", links_sql, riverside, id);
	ASSERT_SQL(demo.admin, "", "SELECT coalesce(title, '') FROM "
	    "sb.contacts WHERE id = $1", id);
	free(id);
}

/*
 * An organization the admin sees without administering it (support):
 * neither the contact nor its link there may change.
 */
static void
test_out_of_scope_link_readonly(void **state)
{
	char		*other, *id;
	const char	*there[2] = { NULL, NULL };

	(void)state;
	other = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 0,
	    NULL);
	there[0] = other;
	id = testroles_contact(demo.admin, "Oona", "Outofscope", other,
	    "billing", there);
	free(testsql_value(demo.admin, "SELECT sb.membership_grant($1, "
	    "'support', $2)", DEMO_ROLE_PROVIDER, other, NULL));
	ASSERT_SQL(prov, "read-only access",
	    "SELECT sb.contact_readonly_reason($1)", id);
	ASSERT_SQL(prov, "read-only access",
	    "SELECT sb.organization_contact_readonly_reason($1, $2)", other,
	    id);
	ASSERT_ERROR(prov, "42501", "", "SELECT "
	    "sb.organization_contact_change_role($1, $2, 'billing', 'admin', "
	    "false)", other, id);
	ASSERT_SQL(demo.admin, "billing:false", links_sql, other, id);
	/* Asked about another role than one's own: no answer. */
	ASSERT_SQL(prov, "none", "SELECT coalesce("
	    "sb.organization_contact_readonly_reason($1, $2, 'postgres'), "
	    "'none')", other, id);
	free(testsql_value(demo.admin, "SELECT sb.membership_revoke($1, "
	    "'support', $2)", DEMO_ROLE_PROVIDER, other, NULL));
	free(id);
	free(other);
}

/* A contact whose title and role one save changed: versions after it. */
struct saved {
	char	*id, *holder, *cver, *over;
};

static void
saved_make(struct saved *s, const char *last)
{
	const char	*here[] = { riverside, NULL };

	s->id = testroles_contact(demo.admin, "Bo", last, NULL,
	    "stakeholder", here);
	s->holder = testsql_value(demo.admin, "SELECT contact_id FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND role = "
	    "'technical' AND is_primary AND deleted_at IS NULL", riverside,
	    NULL);
	assert_non_null(s->holder);
	free(testsql_value(prov, "SELECT sb.organization_contact_change_role("
	    "$1, $2, 'stakeholder', 'technical', true)", riverside, s->id,
	    NULL));
	s->over = testsql_value(prov, "SELECT version FROM sb.organizations "
	    "WHERE id = $1", riverside, NULL);
	s->cver = testsql_value(prov, "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"Both Saved\"}')", s->id, NULL);
}

static void
saved_free(struct saved *s)
{
	free(s->id);
	free(s->holder);
	free(s->cver);
	free(s->over);
}

/* The undo puts the fields, the role and the mark back in one go. */
static void
test_undo_both(void **state)
{
	struct saved	s;

	(void)state;
	saved_make(&s, "Bothundo");
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, s.id);
	free(testsql_value(prov, undo_sql, s.id, s.cver, TESTSQL_NULL,
	    riverside, s.over, s.holder, NULL));
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside,
	    s.id);
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside,
	    s.holder);
	ASSERT_SQL(demo.admin, "", "SELECT coalesce(title, '') FROM "
	    "sb.contacts WHERE id = $1", s.id);
	/*
	 * One transaction: the role back (linked, unlinked), the mark back
	 * to its holder and the fields back.
	 */
	ASSERT_SQL(demo.admin, "4", "SELECT count(*) FROM sb.domain_events "
	    "WHERE xmin = (SELECT xmin FROM sb.domain_events WHERE stream_id "
	    "= $1 ORDER BY stream_version DESC LIMIT 1) AND stream_id IN ($1, "
	    "$2)", s.id, riverside);
	saved_free(&s);
}

/* Changed since, the contact or its link: refused, nothing written. */
static void
test_undo_both_refused(void **state)
{
	struct saved	s;
	int		 nc, no;

	(void)state;
	saved_make(&s, "Bothcontact");
	free(testsql_value(demo.admin, "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"Theirs\"}')", s.id, NULL));
	nc = count_events(s.id);
	no = count_events(riverside);
	ASSERT_ERROR(prov, "SB001", "the contact changed since your edit",
	    undo_sql, s.id, s.cver, TESTSQL_NULL, riverside, s.over,
	    s.holder);
	assert_int_equal(count_events(s.id), nc);
	assert_int_equal(count_events(riverside), no);
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, s.id);
	saved_free(&s);

	saved_make(&s, "Bothlink");
	free(testsql_value(demo.admin, "SELECT "
	    "sb.organization_contact_link($1, $2, 'billing')::text",
	    riverside, s.id, NULL));
	nc = count_events(s.id);
	no = count_events(riverside);
	ASSERT_ERROR(prov, "SB001", "the contact's link changed since",
	    undo_sql, s.id, s.cver, TESTSQL_NULL, riverside, s.over,
	    s.holder);
	assert_int_equal(count_events(s.id), nc);
	assert_int_equal(count_events(riverside), no);
	ASSERT_SQL(demo.admin, "Both Saved", "SELECT title FROM sb.contacts "
	    "WHERE id = $1", s.id);
	saved_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partner_link_is_riversides),
		cmocka_unit_test(test_out_of_scope_link_readonly),
		cmocka_unit_test(test_undo_both),
		cmocka_unit_test(test_undo_both_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
