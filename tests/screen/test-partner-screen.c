/*
 * Screen tests: a partner's contact's link here, and undo of both at
 * once; a partner's admin at an organization it referred.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <libpq-fe.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testroles.h"
#include "testsql.h"

#define NORTHWIND	"Northwind Health Partners"
#define OWNED		"Read-only: owned by " NORTHWIND

static char	*northwind;

/* The contact's active links to an organization: "role:primary,...". */
static const char	links_sql[] = "SELECT coalesce(string_agg(role || "
    "':' || is_primary, ',' ORDER BY role), '') FROM "
    "sb.organization_contacts WHERE organization_id = $1 AND contact_id = "
    "$2 AND deleted_at IS NULL";

/* The contact's own fields and version, as one string. */
static const char	fields_sql[] = "SELECT concat_ws('|', first_name, "
    "last_name, coalesce(title, ''), do_not_contact, active, version) "
    "FROM sb.contacts WHERE id = $1";

static const char	title_sql[] = "SELECT coalesce(title, '') FROM "
    "sb.contacts WHERE id = $1";

static int
setup(void **state)
{
	fixture_setup(state);
	northwind = testroles_org(demo.admin, NORTHWIND);
	return 0;
}

static int
teardown(void **state)
{
	free(northwind);
	return fixture_teardown(state);
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

/* How many times text shows on the screen. */
static int
count_text(struct screen *s, const char *text)
{
	char		*all = screen_text(s);
	const char	*p = all;
	int		 n = 0;

	while ((p = strstr(p, text)) != NULL) {
		n++;
		p += strlen(text);
	}
	free(all);
	return n;
}

struct text_count {
	const char	*text;
	int		 n;
};

static bool
text_shown(struct screen *s, void *arg)
{
	const struct text_count	*t = arg;

	return count_text(s, t->text) == t->n;
}

/* Wait until text shows n times (a reason both above and beside a field). */
static void
wait_count(struct screen *s, const char *text, int n)
{
	struct text_count	t = { text, n };

	if (!screen_wait(s, text_shown, &t, WAIT_MS)) {
		screen_dump(s, stdout);
		fail_msg("\"%s\" never showed %d times", text, n);
	}
}

/* The organization org_name's contacts, the one called name selected. */
static struct screen *
start_at(const char *org_name, const char *name)
{
	struct screen	*s = testdemo_open_org(&demo, DEMO_ROLE_PROVIDER,
	    org_name, 36, 130);

	testdemo_select(s, name);
	return s;
}

/* From the first field (or the title), focus "Role here" and cycle. */
static void
role_cycle(struct screen *s, int from, int presses, const char *want)
{
	int	i;

	for (i = from; i < 6; i++)
		screen_key(s, SCREEN_KEY_TAB);
	for (i = 0; i < presses; i++)
		screen_send(s, " ");
	WAIT_TEXT(s, want);
}

/*
 * Northwind owns the contact, Riverside links it: the form shows its own
 * fields read-only with the reason and lets Riverside's admin change its
 * role here and take the primary mark; the undo gives both back.
 */
static void
test_partner_role_and_primary(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id, *holder, *name, *fields;
	int		 events;

	(void)state;
	id = testroles_contact(demo.admin, "Pat", "Partnerown", northwind,
	    "stakeholder", here);
	holder = testsql_value(demo.admin, "SELECT contact_id FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND role = "
	    "'technical' AND is_primary AND deleted_at IS NULL", riverside,
	    NULL);
	assert_non_null(holder);
	name = testsql_value(demo.admin, "SELECT first_name || ' ' || "
	    "last_name FROM sb.contacts WHERE id = $1", holder, NULL);
	fields = testsql_value(demo.admin, fields_sql, id, NULL);
	events = count_events(id);
	s = start_at("Riverside", "Pat Partnerown");
	/* The details name the owner and say why it is read-only here. */
	WAIT_TEXT(s, "read-only: owned by");
	WAIT_TEXT(s, NORTHWIND);
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Pat Partnerown");
	WAIT_TEXT(s, OWNED);
	WAIT_TEXT(s, "are this organization's to change");
	WAIT_TEXT(s, "F2/C-x save");
	/* Its own fields refuse keys, saying why beside the field. */
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Zq");
	wait_count(s, OWNED, 2);
	assert_false(screen_contains(s, "Zq"));
	/* The role and the mark do not: technical, primary. */
	role_cycle(s, 2, 3, "< technical >");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, " ");
	WAIT_TEXT(s, "[x]");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Move the mark to Pat Partnerown?");
	WAIT_TEXT(s, name);
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	screen_send(s, "y");
	WAIT_TEXT(s, "Role here: technical, primary, was stakeholder");
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, id);
	ASSERT_SQL(demo.admin, "technical:false", links_sql, riverside,
	    holder);
	/* Its own fields did not change: Northwind's stream is untouched. */
	ASSERT_SQL(demo.admin, fields, fields_sql, id);
	assert_int_equal(count_events(id), events);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: role change of Pat Partnerown");
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, holder);
	ASSERT_SQL(demo.admin, fields, fields_sql, id);
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	free(fields);
	free(name);
	free(holder);
	free(id);
	testdemo_quit(s);
}

/*
 * An organization the admin sees without administering it: the contact
 * there stays read-only as a whole, its role too.
 */
static void
test_out_of_scope_readonly(void **state)
{
	const char	*there[2] = { NULL, NULL };
	struct screen	*s;
	char		*other, *other_name, *id;
	int		 events;

	(void)state;
	other = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 0,
	    &other_name);
	there[0] = other;
	id = testroles_contact(demo.admin, "Oz", "Outsider", other, "billing",
	    there);
	free(testsql_value(demo.admin, "SELECT sb.membership_grant($1, "
	    "'support', $2)", DEMO_ROLE_PROVIDER, other, NULL));
	events = count_events(other);
	s = start_at(other_name, "Oz Outsider");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Oz Outsider");
	WAIT_TEXT(s, "Read-only: read-only access");
	WAIT_TEXT(s, "< billing >");
	assert_false(screen_contains(s, "F2/C-x save"));
	assert_false(screen_contains(s, "this organization's to change"));
	role_cycle(s, 0, 1, "< billing >");
	wait_count(s, "Read-only: read-only access", 2);
	screen_key_ctrl(s, 'x');
	assert_true(screen_wait_stable(s, 200, WAIT_MS));
	assert_true(screen_contains(s, "< billing >"));
	assert_false(screen_contains(s, "< technical >"));
	ASSERT_SQL(demo.admin, "billing:false", links_sql, other, id);
	assert_int_equal(count_events(other), events);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Name      ");
	free(testsql_value(demo.admin, "SELECT sb.membership_revoke($1, "
	    "'support', $2)", DEMO_ROLE_PROVIDER, other, NULL));
	free(id);
	free(other);
	free(other_name);
	testdemo_quit(s);
}

/* Open the contact's form, change its title and role, save both. */
static void
save_both(struct screen *s, const char *name, const char *title,
    const char *role)
{
	char	*t;

	screen_send(s, "e");
	t = xasprintf("Edit %s", name);
	WAIT_TEXT(s, t);
	free(t);
	WAIT_TEXT(s, "Primary for role");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_key_ctrl(s, 'k');
	screen_send(s, title);
	WAIT_TEXT(s, title);
	role_cycle(s, 2, 1, role);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes both)");
}

/* One save changed the title and the role: one u takes both back. */
static void
test_combined_undo(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Cy", "Combosave", NULL,
	    "stakeholder", here);
	s = start_at("Riverside", "Cy Combosave");
	save_both(s, "Cy Combosave", "Combo Title", "< admin >");
	ASSERT_SQL(demo.admin, "Combo Title", title_sql, id);
	ASSERT_SQL(demo.admin, "admin:false", links_sql, riverside, id);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: edit and role change of Cy Combosave");
	ASSERT_SQL(demo.admin, "", title_sql, id);
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	/* Both went back in one transaction. */
	ASSERT_SQL(demo.admin, "3", "SELECT count(*) FROM sb.domain_events "
	    "WHERE xmin = (SELECT xmin FROM sb.domain_events WHERE stream_id "
	    "= $1 ORDER BY stream_version DESC LIMIT 1) AND stream_id IN ($1, "
	    "$2)", id, riverside);
	/* Nothing is left to undo. */
	screen_send(s, "u");
	WAIT_TEXT(s, "Nothing to undo");
	free(id);
	testdemo_quit(s);
}

/*
 * The title and the role in one save: when the server refuses the
 * fields' part (a trigger refuses changes of contacts), the role is not
 * changed either and the form keeps both; once it takes them, both land
 * in one transaction. As Riverside's provider admin and as Northwind's
 * partner admin, each on a contact of its own.
 */
static void
combined_whole_or_nothing(const char *role, const char *org_name,
    const char *org, const char *first, const char *last)
{
	const char	*here[] = { org, NULL };
	struct screen	*s;
	char		*id, *name, *v;
	int		 nc, no;

	id = testroles_contact(demo.admin, first, last, org, "stakeholder",
	    here);
	name = xasprintf("%s %s", first, last);
	s = testdemo_choose_org(&demo, role, org_name, 36, 130);
	/* The filter lists the same name first, then similar names. */
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");
	testdemo_select(s, name);
	nc = count_events(id);
	no = count_events(org);
	testsql_exec(demo.admin, "CREATE TRIGGER refuse_contacts BEFORE"
	    " UPDATE ON sb.contacts FOR EACH ROW EXECUTE FUNCTION"
	    " public.refuse_contacts()");
	screen_send(s, "e");
	WAIT_TEXT(s, "Primary for role");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Whole Title");
	WAIT_TEXT(s, "Whole Title");
	role_cycle(s, 2, 1, "< admin >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "no contact changes here");
	assert_true(screen_contains(s, "Whole Title"));
	assert_true(screen_contains(s, "< admin >"));
	ASSERT_SQL(demo.admin, "", title_sql, id);
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, org, id);
	assert_int_equal(count_events(id), nc);
	assert_int_equal(count_events(org), no);
	testsql_exec(demo.admin, "DROP TRIGGER refuse_contacts ON"
	    " sb.contacts");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes both)");
	ASSERT_SQL(demo.admin, "Whole Title", title_sql, id);
	ASSERT_SQL(demo.admin, "admin:false", links_sql, org, id);
	/* The title's event and the link's went in one transaction. */
	v = testsql_value(demo.admin, "SELECT count(*) > 0 FROM"
	    " sb.domain_events WHERE stream_id = $2 AND xmin::text = (SELECT"
	    " xmin::text FROM sb.domain_events WHERE stream_id = $1 ORDER BY"
	    " stream_version DESC LIMIT 1)", id, org, NULL);
	assert_string_equal(v, "t");
	free(v);
	free(name);
	free(id);
	testdemo_quit(s);
}

static void
test_combined_whole_or_nothing(void **state)
{
	(void)state;
	testsql_exec(demo.admin, "CREATE FUNCTION public.refuse_contacts()"
	    " RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION"
	    " USING ERRCODE = 'SB004', MESSAGE = 'no contact changes here';"
	    " END $$");
	combined_whole_or_nothing(DEMO_ROLE_PROVIDER, "Riverside", riverside,
	    "Wim", "Wholeprovider");
	combined_whole_or_nothing(DEMO_ROLE_PARTNER, NORTHWIND, northwind,
	    "Wil", "Wholepartner");
}

/*
 * Someone changed the contact, or its link here, after the save: the
 * undo says so and writes nothing.
 */
static void
test_combined_undo_refused(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;
	int		 nc, no;

	(void)state;
	id = testroles_contact(demo.admin, "Rex", "Refusedboth", NULL,
	    "stakeholder", here);
	s = start_at("Riverside", "Rex Refusedboth");
	save_both(s, "Rex Refusedboth", "Rex Title", "< admin >");
	free(testsql_value(demo.admin, "SELECT sb.contact_update($1, NULL, "
	    "jsonb_build_object('title', 'Theirs Later'))", id, NULL));
	nc = count_events(id);
	no = count_events(riverside);
	screen_send(s, "u");
	WAIT_TEXT(s, "Not undone: the contact changed since your edit");
	assert_false(screen_contains(s, "Undone"));
	assert_int_equal(count_events(id), nc);
	assert_int_equal(count_events(riverside), no);
	ASSERT_SQL(demo.admin, "Theirs Later", title_sql, id);
	ASSERT_SQL(demo.admin, "admin:false", links_sql, riverside, id);

	/* Again (admin to billing), with the link changed instead. */
	testdemo_wait_row(s, "Rex Refusedboth", "admin");
	save_both(s, "Rex Refusedboth", "Rex Again", "< billing >");
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'technical')::text", riverside, id, NULL));
	nc = count_events(id);
	no = count_events(riverside);
	screen_send(s, "u");
	WAIT_TEXT(s, "Not undone: the contact's link changed since your "
	    "change");
	assert_int_equal(count_events(id), nc);
	assert_int_equal(count_events(riverside), no);
	ASSERT_SQL(demo.admin, "Rex Again", title_sql, id);
	ASSERT_SQL(demo.admin, "billing:false,technical:false", links_sql,
	    riverside, id);
	free(id);
	testdemo_quit(s);
}

/*
 * Northwind's admin at Riverside, which Northwind referred: a new contact
 * there is Northwind's, linked with its role; Link finds it to link it in
 * another role; Unlink is its own contacts', the primary mark Riverside's.
 * Riverside's admin then sees it read-only, the owner named in the list
 * and the details.
 */
static void
test_partner_at_referred(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*theirs, *id, help[] = "Keys: main view";
	int		 i;

	(void)state;
	theirs = testroles_contact(demo.admin, "Rhea", "Riverown", riverside,
	    "billing", here);
	s = testdemo_open_org(&demo, DEMO_ROLE_PARTNER, "Riverside Health",
	    36, 130);
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_send(s, "Paz");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Partnernew");
	for (i = 0; i < 4; i++)		/* title, method, DNC, email */
		screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Paz.Partnernew@roles.example");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);	/* the role */
	screen_send(s, " ");
	WAIT_TEXT(s, "< technical >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Created and linked as technical");
	id = testsql_value(demo.admin, "SELECT id FROM sb.contacts WHERE "
	    "last_name = 'Partnernew'", NULL);
	assert_non_null(id);
	ASSERT_SQL(demo.admin, northwind, "SELECT owner_organization_id::text "
	    "FROM sb.contacts WHERE id = $1", id);
	ASSERT_SQL(demo.admin, "technical:false", links_sql, riverside, id);
	/* Link finds it by name and links it in a second role. */
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_send(s, "Partnernew");
	WAIT_TEXT(s, "Paz.Partnernew@roles.example");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Linked Paz Partnernew as billing");
	ASSERT_SQL(demo.admin, "billing:false,technical:false", links_sql,
	    riverside, id);
	/* The mark stays Riverside's: refused, and dimmed in the help. */
	testdemo_select(s, "Paz Partnernew");
	screen_send(s, "*");
	WAIT_TEXT(s, "The primary contacts of Riverside Health are its own "
	    "admins' decision");
	screen_send(s, "?");
	WAIT_TEXT(s, help);
	screen_key(s, SCREEN_KEY_END);
	WAIT_TEXT(s, "Mark as primary (not for you here: the primary contacts "
	    "of Riverside Health");
	screen_send(s, "q");
	assert_true(screen_wait(s, testdemo_gone, help, WAIT_MS));
	/* Riverside's own contact is not Northwind's to unlink. */
	testdemo_select(s, "Rhea Riverown");
	screen_send(s, "x");
	WAIT_TEXT(s, "At Riverside Health you may link only the contacts "
	    NORTHWIND " owns");
	assert_false(screen_contains(s, "(y/n)"));
	ASSERT_SQL(demo.admin, "billing:false", links_sql, riverside, theirs);
	testdemo_quit(s);

	/* Wide enough for the list to name the owner whole. */
	s = testdemo_open_org(&demo, DEMO_ROLE_PROVIDER, "Riverside", 36, 200);
	testdemo_select(s, "Paz Partnernew");
	WAIT_TEXT(s, "Paz Partnernew  owned by " NORTHWIND);
	WAIT_TEXT(s, "read-only: owned by " NORTHWIND);
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Paz Partnernew");
	WAIT_TEXT(s, OWNED);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Name      ");
	/* Not the provider's to delete: said at once, dimmed in the help. */
	screen_send(s, "D");
	WAIT_TEXT(s, "Owned by " NORTHWIND);
	assert_false(screen_contains(s, "(y/n)"));
	screen_send(s, "?");
	WAIT_TEXT(s, "Keys: main view");
	screen_key(s, SCREEN_KEY_END);
	WAIT_TEXT(s, "Delete the contact (not for you here: owned by "
	    NORTHWIND);
	screen_send(s, "x");
	WAIT_GONE(s, "Keys: main view");
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = 'Partnernew' AND deleted_at IS NULL", NULL, NULL);
	free(id);
	free(theirs);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partner_role_and_primary),
		cmocka_unit_test(test_out_of_scope_readonly),
		cmocka_unit_test(test_combined_undo),
		cmocka_unit_test(test_combined_whole_or_nothing),
		cmocka_unit_test(test_combined_undo_refused),
		cmocka_unit_test(test_partner_at_referred),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
