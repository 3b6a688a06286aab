/*
 * Database tests: an organization's link of a contact it may not edit,
 * and a partner's admin linking its own contacts where it referred.
 */
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

#define NORTHWIND	"Northwind Health Partners"
#define NOT_OURS	"at Riverside Health you may link only the contacts " \
	NORTHWIND " owns"
#define THEIR_MARK	"the primary contacts of Riverside Health are its " \
	"own admins' decision"

static struct testdemo	 demo;
static PGconn		*prov;		/* demo_provider_admin */
static PGconn		*part;		/* demo_partner_admin */
static char		*riverside, *northwind;
static char		*elsewhere;	/* a provider Northwind did not refer */

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
	part = testdb_connect(demo.tdb, DEMO_ROLE_PARTNER);
	riverside = testroles_org(demo.admin, "Riverside Health");
	northwind = testroles_org(demo.admin, NORTHWIND);
	elsewhere = testsql_value(demo.admin, "SELECT id FROM "
	    "sb.organizations WHERE kind = 'provider' AND referring_partner_id "
	    "IS DISTINCT FROM $1 ORDER BY name LIMIT 1", northwind, NULL);
	assert_non_null(elsewhere);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(riverside);
	free(northwind);
	free(elsewhere);
	PQfinish(part);
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

/* A contact Riverside owns, linked to Riverside as billing. */
static char *
riverside_contact(const char *first, const char *last)
{
	const char	*here[] = { riverside, NULL };

	return testroles_contact(demo.admin, first, last, riverside,
	    "billing", here);
}

/* A contact Northwind owns, linked to Northwind (and to also, if given). */
static char *
partner_contact(const char *first, const char *last, const char *also)
{
	const char	*orgs[] = { northwind, also, NULL };

	return testroles_contact(demo.admin, first, last, northwind,
	    "technical", orgs);
}

/*
 * Northwind's admin links its own contact at Riverside, which Northwind
 * referred, changes the link's role and validity and unlinks it; its
 * edits show to Riverside's admin at once, read-only with the owner.
 */
static void
test_partner_links_own_contact(void **state)
{
	char	*id;

	(void)state;
	id = partner_contact("Lia", "Linkedhere", NULL);
	ASSERT_SQL(part, "true", "SELECT sb.organization_contact_link($1, $2, "
	    "'billing')::text", riverside, id);
	ASSERT_SQL(demo.admin, "billing:false", links_sql, riverside, id);
	ASSERT_SQL(part, "editable", "SELECT coalesce("
	    "sb.organization_contact_readonly_reason($1, $2), 'editable')",
	    riverside, id);
	ASSERT_SQL(part, THEIR_MARK, "SELECT "
	    "sb.organization_contact_readonly_reason($1, $2, current_user, "
	    "true)", riverside, id);
	ASSERT_SQL(part, "true", "SELECT sb.organization_contact_change_role("
	    "$1, $2, 'billing', 'admin', false)::text", riverside, id);
	ASSERT_SQL(demo.admin, "admin:false", links_sql, riverside, id);
	ASSERT_SQL(part, "true", "SELECT sb.organization_contact_set_validity("
	    "$1, $2, 'admin', '2026-01-01', NULL)::text", riverside, id);
	ASSERT_SQL(prov, "owned by " NORTHWIND,
	    "SELECT sb.contact_readonly_reason($1)", id);
	free(testsql_value(part, "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"Liaison\"}')", id, NULL));
	ASSERT_SQL(prov, "Liaison", "SELECT f3 FROM sb.contact_details($1) "
	    "WHERE part = 0", id);
	ASSERT_SQL(part, "true", "SELECT sb.organization_contact_unlink($1, "
	    "$2, 'admin')::text", riverside, id);
	ASSERT_SQL(demo.admin, "", links_sql, riverside, id);
	free(id);
}

/*
 * A new contact there is Northwind's, whatever owner the form proposed,
 * made and linked in one transaction; Riverside's admin sees the owner.
 */
static void
test_partner_creates_at_referred(void **state)
{
	const char	*owner[] = { riverside, TESTSQL_NULL };
	char		*id;
	size_t		 i;

	(void)state;
	for (i = 0; i < 2; i++) {
		id = testsql_value(part, "SELECT sb.contact_create_linked($1, "
		    "'stakeholder', 'Nia', 'Newhere', owner_organization_id => "
		    "$2::uuid, email => 'nia@newhere.example')", riverside,
		    owner[i], NULL);
		assert_non_null(id);
		ASSERT_SQL(demo.admin, northwind, "SELECT "
		    "owner_organization_id::text FROM sb.contacts WHERE id = "
		    "$1", id);
		ASSERT_SQL(demo.admin, "stakeholder:false", links_sql,
		    riverside, id);
		ASSERT_SQL(demo.admin, "1", "SELECT count(DISTINCT "
		    "xmin::text) FROM sb.domain_events WHERE stream_id = $1 "
		    "OR payload->>'contact_id' = $1::text", id);
		ASSERT_SQL(prov, "owned by " NORTHWIND,
		    "SELECT sb.contact_readonly_reason($1)", id);
		ASSERT_SQL(prov, NORTHWIND, "SELECT f7 FROM "
		    "sb.contact_details($1) WHERE part = 0", id);
		free(testsql_value(demo.admin, "SELECT sb.contact_delete($1, "
		    "NULL, $2)", id, riverside, NULL));
		free(id);
	}
}

/*
 * The query (parameters a and b, either may be NULL) refused as the
 * person with state (NULL: any) and a message holding why; nothing
 * changed, no event written.
 */
static void
refused(PGconn *who, const char *state, const char *why, const char *sql,
    const char *a, const char *b)
{
	char	*before = testsql_digest(demo.admin), *after, *e;
	int	 n = count_events(riverside);

	e = testsql_error(who, sql, a, b, NULL);
	if ((state != NULL && !testsql_is(e, state)) ||
	    strstr(e, why) == NULL)
		fail_msg("%s: wanted %s \"%s\", got %s", sql,
		    state != NULL ? state : "an error", why, e);
	free(e);
	after = testsql_digest(demo.admin);
	assert_string_equal(before, after);
	assert_int_equal(count_events(riverside), n);
	free(before);
	free(after);
}

/*
 * What stays Riverside's: its own contacts (their links, fields and
 * deletes), its primary marks (and the links that hold them), its phones;
 * and organizations Northwind did not refer are as if missing.
 */
static void
test_partner_refusals(void **state)
{
	char		*theirs, *mine;

	(void)state;
	theirs = riverside_contact("Rut", "Riversides");
	mine = partner_contact("Mo", "Minemarked", riverside);
	refused(part, "42501", NOT_OURS, "SELECT sb.organization_contact_link("
	    "$1, $2, 'admin')", riverside, theirs);
	refused(part, "42501", NOT_OURS, "SELECT "
	    "sb.organization_contact_unlink($1, $2, 'billing')", riverside,
	    theirs);
	refused(part, "42501", NOT_OURS, "SELECT "
	    "sb.organization_contact_change_role($1, $2, 'billing', 'admin', "
	    "false)", riverside, theirs);
	refused(part, "42501", NOT_OURS, "SELECT "
	    "sb.organization_contact_set_validity($1, $2, 'billing', "
	    "'2026-01-01', NULL)", riverside, theirs);
	refused(part, "42501", "", "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"Ours\"}')", theirs, NULL);
	refused(part, "42501", "", "SELECT sb.contact_delete($1, NULL, $2)",
	    theirs, riverside);
	refused(part, "42501", "", "SELECT sb.contact_delete($1, NULL, $2)",
	    mine, riverside);
	refused(part, "42501", "", "SELECT sb.organization_phone_add($1, "
	    "'+1 555 010 0199', 'office')", riverside, NULL);
	refused(part, "42501", THEIR_MARK, "SELECT "
	    "sb.organization_contact_set_primary($1, $2, 'technical')",
	    riverside, mine);
	refused(part, "42501", THEIR_MARK, "SELECT "
	    "sb.organization_contact_change_role($1, $2, 'technical', "
	    "'billing', true)", riverside, mine);
	/* Once Riverside marks it, the link is Riverside's to change. */
	free(testsql_value(prov, "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'technical')", riverside, mine, NULL));
	refused(part, "42501", THEIR_MARK, "SELECT "
	    "sb.organization_contact_unlink($1, $2, 'technical')", riverside,
	    mine);
	refused(part, "42501", THEIR_MARK, "SELECT "
	    "sb.organization_contact_change_role($1, $2, 'technical', "
	    "'billing', false)", riverside, mine);
	refused(part, "42501", THEIR_MARK, "SELECT "
	    "sb.organization_contact_clear_primary($1, $2, 'technical')",
	    riverside, mine);
	refused(part, "SB003", "not found", "SELECT "
	    "sb.organization_contact_link($1, $2, 'billing')", elsewhere,
	    mine);
	refused(part, "SB003", "not found", "SELECT "
	    "sb.contact_create_linked($1, 'billing', 'Ex', 'Elsewhere', "
	    "owner_organization_id => $2::uuid)", elsewhere, northwind);
	ASSERT_SQL(demo.admin, "billing:false", links_sql, riverside, theirs);
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, mine);
	free(theirs);
	free(mine);
}

/*
 * Link finds by name only the contacts Northwind owns, and an exact
 * email of another's is refused with the reason.
 */
static void
test_partner_link_finds_own(void **state)
{
	char		*theirs, *mine;

	(void)state;
	theirs = riverside_contact("Fenna", "Findaway");
	mine = partner_contact("Fenna", "Findable", riverside);
	ASSERT_SQL(part, "Findable", "SELECT string_agg(last_name, ',' ORDER "
	    "BY last_name) FROM sb.contact_find_by_name($1, 'admin', "
	    "'Fenna')", riverside);
	ASSERT_SQL(prov, "Findable,Findaway", "SELECT string_agg(last_name, "
	    "',' ORDER BY last_name) FROM sb.contact_find_by_name($1, "
	    "'admin', 'Fenna')", riverside);
	refused(part, "42501", NOT_OURS, "SELECT sb.contact_add_existing($1, "
	    "'admin', $2, NULL)", riverside, "Fenna.Findaway@roles.example");
	ASSERT_SQL(part, mine, "SELECT sb.contact_add_existing($1, 'admin', "
	    "$2, NULL)", riverside, "Fenna.Findable@roles.example");
	ASSERT_SQL(demo.admin, "admin:false,technical:false", links_sql,
	    riverside, mine);
	free(theirs);
	free(mine);
}

/*
 * Riverside's admin sees who owns Northwind's contact, may not change it
 * but may take it off Riverside: the organization is Riverside's.
 */
static void
test_provider_unlinks_partner_contact(void **state)
{
	char	*mine;

	(void)state;
	mine = partner_contact("Uma", "Unlinkable", riverside);
	ASSERT_SQL(prov, NORTHWIND, "SELECT f7 FROM sb.contact_details($1) "
	    "WHERE part = 0", mine);
	refused(prov, "42501", "owned by " NORTHWIND, "SELECT "
	    "sb.contact_update($1, NULL, '{\"title\": \"Theirs\"}')", mine,
	    NULL);
	refused(prov, "42501", "owned by " NORTHWIND, "SELECT "
	    "sb.contact_email_add($1, 'uma@taken.example')", mine, NULL);
	refused(prov, "42501", "", "SELECT sb.contact_delete($1, NULL, $2)",
	    mine, riverside);
	ASSERT_SQL(prov, "true", "SELECT sb.organization_contact_unlink($1, "
	    "$2, 'technical')::text", riverside, mine);
	ASSERT_SQL(demo.admin, "", links_sql, riverside, mine);
	ASSERT_SQL(demo.admin, "technical:false", links_sql, northwind, mine);
	free(mine);
}

/*
 * Northwind's admin as a hostile psql session at Riverside: forged link
 * events, the event helpers called by hand, rows written directly, a
 * partner's contact given away to Riverside, Riverside's contact linked
 * by an undo, another role taken. Every try fails and changes nothing.
 */
static void
test_partner_attacks(void **state)
{
	static const char *const tries[] = {
		"INSERT INTO sb.domain_events (event_id, stream_type, "
		"stream_id, stream_version, event_type, payload, actor) "
		"SELECT gen_random_uuid(), 'organization', $1, max("
		"stream_version) + 1, 'organization.contact.linked', "
		"jsonb_build_object('contact_id', $2, 'role', 'admin'), "
		"current_user FROM sb.domain_events WHERE stream_id = $1",
		"SELECT sb.append_event(gen_random_uuid(), 'organization', $1, "
		"NULL, 'organization.contact.linked', jsonb_build_object("
		"'contact_id', $2, 'role', 'admin'))",
		"SELECT sb.organization_contact_event($1, $2, 'billing', "
		"'unlinked', NULL, NULL)",
		"SELECT sb.link_set('organization.contact', $1, $2, true)",
		"UPDATE sb.organization_contacts SET is_primary = true "
		"WHERE organization_id = $1 AND contact_id = $2",
		"INSERT INTO sb.organization_contacts (organization_id, "
		"contact_id, role) VALUES ($1, $2, 'admin')",
		"SELECT sb.contact_update_in_role($2, NULL, '{}', $1, "
		"'billing', 'admin', false)",
		"SELECT sb.contact_undo_update_role($2, 1, '{}', $1, "
		"'billing', 'admin', false, 1)",
		"SELECT sb.organization_contact_clear_primary($1, $2, "
		"'billing')",
		"SELECT sb.contact_create_linked($1, 'admin', 'Ira', "
		"'Intruder', owner_organization_id => $2::uuid)",
		"SELECT set_config('role', '" DEMO_ROLE_PROVIDER "', false) "
		"WHERE $1::uuid <> $2::uuid",
	};
	char		*theirs, *mine;
	size_t		 i;

	(void)state;
	theirs = riverside_contact("Tom", "Targeted");
	mine = partner_contact("Gia", "Giveaway", riverside);
	for (i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		/* Whatever the error, nothing may change. */
		refused(part, NULL, "", tries[i], riverside, i == 9 ?
		    elsewhere : theirs);
	}
	/* Its own contact given to Riverside would make it Riverside's. */
	refused(part, "42501", "", "SELECT sb.contact_update($1, NULL, "
	    "jsonb_build_object('owner_organization_id', $2::text))", mine,
	    riverside);
	ASSERT_SQL(part, DEMO_ROLE_PARTNER, "SELECT current_user", NULL);
	/* What the rule allows, the command does. */
	ASSERT_SQL(part, "true", "SELECT sb.organization_contact_link($1, $2, "
	    "'billing')::text", riverside, mine);
	free(theirs);
	free(mine);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partner_link_is_riversides),
		cmocka_unit_test(test_out_of_scope_link_readonly),
		cmocka_unit_test(test_undo_both),
		cmocka_unit_test(test_undo_both_refused),
		cmocka_unit_test(test_partner_links_own_contact),
		cmocka_unit_test(test_partner_creates_at_referred),
		cmocka_unit_test(test_partner_refusals),
		cmocka_unit_test(test_partner_link_finds_own),
		cmocka_unit_test(test_provider_unlinks_partner_contact),
		cmocka_unit_test(test_partner_attacks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
