/* Screen tests: day one from the keyboard, organizations and access. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

/* The organization named $1: "kind|partner|active", "" when none. */
static const char	org_sql[] = "SELECT coalesce((SELECT o.kind || '|' "
    "|| coalesce(p.name, '') || '|' || o.active FROM sb.organizations o "
    "LEFT JOIN sb.organizations p ON p.id = o.referring_partner_id "
    "WHERE o.name = $1), '')";

/* Its contacts linked today: "First Last:role,...". */
static const char	org_contacts_sql[] = "SELECT coalesce(string_agg("
    "c.first_name || ' ' || c.last_name || ':' || oc.role, ',' ORDER BY "
    "c.last_name), '') FROM sb.organization_contacts oc JOIN sb.contacts c "
    "ON c.id = oc.contact_id JOIN sb.organizations o ON o.id = "
    "oc.organization_id WHERE o.name = $1 AND oc.deleted_at IS NULL";

static const char	events_sql[] = "SELECT count(*) FROM sb.domain_events";

/*
 * A super admin presses n in the organizations pane: the form creates a
 * provider referred by a partner, and leads on to its first contact; e
 * renames it, u takes the rename back; D asks, then archives it, and u
 * brings it back.
 */
static void
test_org_new_edit_archive(void **state)
{
	struct screen	*s;

	(void)state;
	s = testdemo_spawn(&demo, DEMO_ROLE_SUPER, "C.UTF-8", 36, 130);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "n");
	WAIT_TEXT(s, "New organization");
	WAIT_TEXT(s, "Referred by");
	/* A name folding like another's is refused, naming it. */
	screen_send(s, "RIVERSIDE HEALTH");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "already an organization called \"Riverside Health\"");
	screen_key_ctrl(s, 'u');
	screen_send(s, "Lakeside Clinic");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Nowhere Partners");
	screen_key_ctrl(s, 'x');
	/* A partner nobody has: said on the field, nothing written. */
	WAIT_TEXT(s, "No organization you can see is named that");
	ASSERT_SQL(demo.admin, "", org_sql, "Lakeside Clinic", NULL);
	screen_key_ctrl(s, 'u');
	screen_send(s, "northwind health partners");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Created Lakeside Clinic");
	ASSERT_SQL(demo.admin, "provider|Northwind Health Partners|true",
	    org_sql, "Lakeside Clinic", NULL);
	/* It leads on: the list shows it, and its first contact's form. */
	WAIT_TEXT(s, "New contact");
	screen_send(s, "Lena");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Lakewood");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Created and linked as billing");
	WAIT_TEXT(s, "Organizations /Lakeside Clinic");
	ASSERT_SQL(demo.admin, "Lena Lakewood:billing", org_contacts_sql,
	    "Lakeside Clinic", NULL);
	testdemo_wait_row(s, "Lena Lakewood", "billing");
	/* The organizations pane has the focus: e renames it, u undoes. */
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Lakeside Clinic");
	screen_send(s, " East");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	ASSERT_SQL(demo.admin, "provider|Northwind Health Partners|true",
	    org_sql, "Lakeside Clinic East", NULL);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: edit of Lakeside Clinic");
	ASSERT_SQL(demo.admin, "provider|Northwind Health Partners|true",
	    org_sql, "Lakeside Clinic", NULL);
	/* D asks first; n keeps it. */
	screen_send(s, "D");
	WAIT_TEXT(s, "Archive Lakeside Clinic?");
	screen_send(s, "n");
	WAIT_GONE(s, "Archive Lakeside Clinic?");
	ASSERT_SQL(demo.admin, "provider|Northwind Health Partners|true",
	    org_sql, "Lakeside Clinic", NULL);
	screen_send(s, "D");
	WAIT_TEXT(s, "Archive Lakeside Clinic?");
	screen_send(s, "y");
	WAIT_TEXT(s, "Archived Lakeside Clinic");
	ASSERT_SQL(demo.admin, "provider|Northwind Health Partners|false",
	    org_sql, "Lakeside Clinic", NULL);
	/* Its links and history stay. */
	ASSERT_SQL(demo.admin, "Lena Lakewood:billing", org_contacts_sql,
	    "Lakeside Clinic", NULL);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: archiving Lakeside Clinic");
	ASSERT_SQL(demo.admin, "provider|Northwind Health Partners|true",
	    org_sql, "Lakeside Clinic", NULL);
	testdemo_quit(s);
}

/*
 * A provider admin and a partner admin are not offered the organization
 * keys: n, e and D say why, open nothing and write nothing; the help
 * shows them dimmed with the reason.
 */
static void
test_org_keys_not_offered(void **state)
{
	static const char *const roles[] = { DEMO_ROLE_PROVIDER,
	    DEMO_ROLE_PARTNER, NULL };
	static const char *const keys[] = { "n", "e", "D", NULL };
	struct screen	*s;
	char		*before;
	size_t		 i, k;

	(void)state;
	before = testsql_value(demo.admin, events_sql, NULL);
	for (i = 0; roles[i] != NULL; i++) {
		s = testdemo_spawn(&demo, roles[i], "C.UTF-8", 36, 130);
		WAIT_TEXT(s, "Organizations (");
		for (k = 0; keys[k] != NULL; k++) {
			screen_send(s, keys[k]);
			WAIT_TEXT(s, "Not for you: only a super admin creates, "
			    "edits and archives organizations");
			assert_false(screen_contains(s, "New organization"));
			assert_false(screen_contains(s, "(y/n)"));
			screen_send(s, "j");
			WAIT_GONE(s, "Not for you");
		}
		screen_send(s, "?");
		WAIT_TEXT(s, "Keys: main view");
		screen_key(s, SCREEN_KEY_END);
		WAIT_TEXT(s, "New organization (organizations pane) (not for "
		    "you here: only a super admin");
		screen_send(s, "x");
		WAIT_GONE(s, "Keys: main view");
		testdemo_quit(s);
	}
	ASSERT_SQL(demo.admin, before, events_sql, NULL);
	free(before);
}

/* The memberships of login: "kind:organization,...". */
static const char	access_sql[] = "SELECT coalesce(string_agg(m.kind "
    "|| ':' || coalesce(o.name, ''), ',' ORDER BY m.kind), '') FROM "
    "sb.memberships m LEFT JOIN sb.organizations o ON o.id = "
    "m.organization_id WHERE m.role = $1";

/*
 * A super admin opens the access view with A, grants a provider admin
 * (told first what a superuser runs for a login that does not exist
 * yet), and revokes it after a question; once its role may create roles,
 * a grant makes the missing login itself.
 */
static void
test_access_grant_revoke(void **state)
{
	struct screen	*s;

	(void)state;
	s = testdemo_spawn(&demo, DEMO_ROLE_SUPER, "C.UTF-8", 36, 130);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "A");
	WAIT_TEXT(s, "People and their access");
	WAIT_TEXT(s, DEMO_ROLE_PROVIDER);
	WAIT_TEXT(s, "g grant");
	screen_send(s, "g");
	WAIT_TEXT(s, "Grant access");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "acc_lena");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Riverside Health");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Not a person's login yet: a superuser runs CREATE ROLE "
	    "\"acc_lena\" LOGIN IN ROLE");
	ASSERT_SQL(demo.admin, "", access_sql, "acc_lena", NULL);
	testsql_exec(demo.admin, "CREATE ROLE acc_lena LOGIN IN ROLE "
	    "switchboard_user");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Granted provider-admin to acc_lena");
	ASSERT_SQL(demo.admin, "provider_admin:Riverside Health", access_sql,
	    "acc_lena", NULL);
	testdemo_wait_row(s, "acc_lena", "Riverside Health");
	testdemo_cursor_to(s, "acc_lena");
	screen_send(s, "r");
	WAIT_TEXT(s, "Revoke provider-admin from acc_lena for Riverside "
	    "Health? (y/n)");
	screen_send(s, "y");
	WAIT_TEXT(s, "Revoked acc_lena's access");
	ASSERT_SQL(demo.admin, "", access_sql, "acc_lena", NULL);
	WAIT_GONE(s, "acc_lena ");
	testsql_exec(demo.admin, "ALTER ROLE " DEMO_ROLE_SUPER " CREATEROLE");
	screen_send(s, "g");
	WAIT_TEXT(s, "Grant access");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "acc_mara");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Riverside Health");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Made a login of this server (it needs a password or a "
	    "pg_hba.conf line). Granted provider-admin to acc_mara");
	testsql_exec(demo.admin, "ALTER ROLE " DEMO_ROLE_SUPER
	    " NOCREATEROLE");
	ASSERT_SQL(demo.admin, "provider_admin:Riverside Health", access_sql,
	    "acc_mara", NULL);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "People and their access");
	testdemo_quit(s);
}

/*
 * A provider admin sees its own access in the view and may not grant or
 * revoke: g and r say why and write nothing.
 */
static void
test_access_not_offered(void **state)
{
	struct screen	*s;
	char		*before;

	(void)state;
	before = testsql_value(demo.admin, events_sql, NULL);
	s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER, "C.UTF-8", 36, 130);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "A");
	WAIT_TEXT(s, "People and their access (1)");
	testdemo_wait_row(s, DEMO_ROLE_PROVIDER, "Riverside Health");
	assert_false(screen_contains(s, DEMO_ROLE_SUPER));
	screen_send(s, "g");
	WAIT_TEXT(s, "Not for you: only a super admin grants and revokes "
	    "access");
	assert_false(screen_contains(s, "Grant access"));
	screen_send(s, "r");
	WAIT_TEXT(s, "Not for you: only a super admin grants");
	assert_false(screen_contains(s, "(y/n)"));
	ASSERT_SQL(demo.admin, before, events_sql, NULL);
	ASSERT_SQL(demo.admin, "provider_admin:Riverside Health", access_sql,
	    DEMO_ROLE_PROVIDER, NULL);
	screen_send(s, "q");
	WAIT_GONE(s, "People and their access");
	testdemo_quit(s);
	free(before);
}

/*
 * On the embedded cluster, which only its owner reaches, the grant form
 * makes a new login a person's and grants it, in one go.
 */
static void
test_access_embedded_makes_login(void **state)
{
	struct screen	*s;

	(void)state;
	s = testdemo_spawn_embedded(&demo, 36, 130);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "A");
	WAIT_TEXT(s, "People and their access");
	screen_send(s, "g");
	WAIT_TEXT(s, "Grant access");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "emb_bob");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Riverside Health");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Made a login of this embedded database");
	WAIT_TEXT(s, "Granted provider-admin to emb_bob");
	testdemo_wait_row(s, "emb_bob", "Riverside Health");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "People and their access");
	testdemo_quit(s);
	testdemo_server_back(&demo);
	ASSERT_SQL(demo.admin, "provider_admin:Riverside Health", access_sql,
	    "emb_bob", NULL);
	ASSERT_SQL(demo.admin, "t", "SELECT rolcanlogin AND pg_has_role("
	    "'emb_bob', 'switchboard_user', 'MEMBER') FROM pg_roles WHERE "
	    "rolname = 'emb_bob'", NULL);
}

/*
 * As role, its organization named org (the first of its list by name),
 * the focus on its contacts.
 */
static struct screen *
day_open(const char *role, const char *org)
{
	struct screen	*s = testdemo_spawn(&demo, role, "C.UTF-8", 36, 130);
	char		*titled = xasprintf("\u2510\u250c %s", org);

	/*
	 * Selected once the contacts pane, right of the organizations, is
	 * titled with it.
	 */
	WAIT_TEXT(s, titled);
	screen_key(s, SCREEN_KEY_TAB);
	free(titled);
	return s;
}

/* n in the contacts pane: a contact with an email, saved. */
static void
day_new_contact(struct screen *s, const char *first, const char *last,
    const char *email)
{
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_send(s, first);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, last);
	screen_key(s, SCREEN_KEY_TAB);		/* Title */
	screen_key(s, SCREEN_KEY_TAB);		/* Preferred method */
	screen_key(s, SCREEN_KEY_TAB);		/* Do not contact */
	screen_key(s, SCREEN_KEY_TAB);		/* Email */
	screen_send(s, email);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Created and linked as billing");
}

/* e on the selected contact: its title, saved. */
static void
day_edit_title(struct screen *s, const char *name, const char *title)
{
	char	*edit = xasprintf("Edit %s", name);

	testdemo_wait_row(s, name, "billing");
	screen_send(s, "e");
	WAIT_TEXT(s, edit);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, title);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved");
	free(edit);
}

/* A contact's organization links and owner: "owner|org:role,...". */
static const char	day_sql[] = "SELECT coalesce(w.name, '') || '|' || "
    "coalesce(c.title, '') || '|' || (SELECT string_agg(o.name || ':' || "
    "oc.role, ',' ORDER BY o.name) FROM sb.organization_contacts oc JOIN "
    "sb.organizations o ON o.id = oc.organization_id WHERE oc.contact_id = "
    "c.id AND oc.deleted_at IS NULL) FROM sb.contacts c LEFT JOIN "
    "sb.organizations w ON w.id = c.owner_organization_id WHERE "
    "c.last_name = $1";

/*
 * Day one with the keyboard alone: a super admin creates a partner and
 * the provider it referred, grants a provider admin and a partner admin
 * in the access view; each of them creates a contact and edits it.
 */
static void
test_day_one(void **state)
{
	struct screen	*s;

	(void)state;
	testsql_exec(demo.admin, "CREATE ROLE day_prov LOGIN IN ROLE "
	    "switchboard_user; CREATE ROLE day_part LOGIN IN ROLE "
	    "switchboard_user");
	s = testdemo_spawn(&demo, DEMO_ROLE_SUPER, "C.UTF-8", 36, 130);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "n");
	WAIT_TEXT(s, "New organization");
	screen_send(s, "Daybreak Partners");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, " ");			/* provider -> partner */
	WAIT_TEXT(s, "< partner >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Created Daybreak Partners");
	WAIT_TEXT(s, "New contact");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "New contact");
	screen_send(s, "n");
	WAIT_TEXT(s, "New organization");
	screen_send(s, "Dayone Clinic");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Daybreak Partners");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Created Dayone Clinic");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "New contact");
	ASSERT_SQL(demo.admin, "provider|Daybreak Partners|true", org_sql,
	    "Dayone Clinic", NULL);
	screen_send(s, "A");
	WAIT_TEXT(s, "People and their access");
	screen_send(s, "g");
	WAIT_TEXT(s, "Grant access");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "day_prov");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Dayone Clinic");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Granted provider-admin to day_prov");
	screen_send(s, "g");
	WAIT_TEXT(s, "Grant access");
	screen_send(s, " ");			/* -> partner-admin */
	WAIT_TEXT(s, "< partner-admin >");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "day_part");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Daybreak Partners");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Granted partner-admin to day_part");
	ASSERT_SQL(demo.admin, "provider_admin:Dayone Clinic", access_sql,
	    "day_prov", NULL);
	ASSERT_SQL(demo.admin, "partner_admin:Daybreak Partners", access_sql,
	    "day_part", NULL);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "People and their access");
	testdemo_quit(s);
	/* The provider admin: a contact of the clinic, then its title. */
	s = day_open("day_prov", "Dayone Clinic");
	day_new_contact(s, "Pia", "Dayprov", "pia.dayprov@clinic.example");
	day_edit_title(s, "Pia Dayprov", "Nurse lead");
	ASSERT_SQL(demo.admin, "Dayone Clinic|Nurse lead|Dayone Clinic:billing",
	    day_sql, "Dayprov", NULL);
	testdemo_quit(s);
	/* The partner admin: one of the partner's own, owned by it. */
	s = day_open("day_part", "Daybreak Partners");
	day_new_contact(s, "Paz", "Daypart", "paz.daypart@partners.example");
	day_edit_title(s, "Paz Daypart", "Referral lead");
	ASSERT_SQL(demo.admin, "Daybreak Partners|Referral lead|Daybreak "
	    "Partners:billing", day_sql, "Daypart", NULL);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_new_edit_archive),
		cmocka_unit_test(test_org_keys_not_offered),
		cmocka_unit_test(test_access_grant_revoke),
		cmocka_unit_test(test_access_not_offered),
		cmocka_unit_test(test_access_embedded_makes_login),
		cmocka_unit_test(test_day_one),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
