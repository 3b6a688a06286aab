/* contact edit, link and unlink from the command line, by each kind. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db.h"
#include "switchboard/demo.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testroles.h"
#include "testrun.h"
#include "testsql.h"

#define SUPER		DEMO_ROLE_SUPER
#define PROVIDER	DEMO_ROLE_PROVIDER
#define PARTNER		DEMO_ROLE_PARTNER
#define SUPPORT		DEMO_ROLE_SUPPORT

#define RIVERSIDE	"Riverside Health"
#define NORTHWIND	"Northwind Health Partners"
#define OUTSIDE		"Bellevue Clinique, Austin"
#define ROSA		"rosa.delgado@riverside.example"
#define AMARA		"amara.okafor@northwind.example"

/* Run as role; the exit status and pieces of stdout and stderr. */
#define EXPECT(role, status, out, err, ...)				\
	testrun_expect(&demo, (role), (status), (out), (err), __VA_ARGS__, \
	    NULL)

static struct testdemo	 demo;
static PGconn		*prov, *part;
static char		*riverside, *northwind, *outside;

static int
setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
	prov = testdb_connect(demo.tdb, PROVIDER);
	part = testdb_connect(demo.tdb, PARTNER);
	riverside = testroles_org(demo.admin, RIVERSIDE);
	northwind = testroles_org(demo.admin, NORTHWIND);
	outside = testroles_org(demo.admin, OUTSIDE);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(riverside);
	free(northwind);
	free(outside);
	PQfinish(prov);
	PQfinish(part);
	testdemo_stop(&demo);
	return 0;
}

static char *
digest(void)
{
	return (testsql_digest(demo.admin));
}

/* The digest must still be before (freed). */
static void
assert_unchanged(char *before)
{
	char	*after = digest();

	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Events recorded on a contact's stream, by the address of its email. */
static char *
events_of(const char *email)
{
	return (testsql_value(demo.admin, "SELECT count(*) FROM "
	    "sb.domain_events WHERE stream_id = (SELECT contact_id FROM "
	    "sb.emails WHERE address = $1)", email, NULL));
}

static void
test_edit_usage(void **state)
{
	char	*before = digest();

	(void)state;
	EXPECT(PROVIDER, 2, "", "usage: switchboard contact edit", "contact",
	    "edit", ROSA);
	EXPECT(PROVIDER, 2, "", "\"fax\" is not a method; the methods are "
	    "email, phone, sms and mail", "contact", "edit", ROSA,
	    "--method", "fax");
	EXPECT(PROVIDER, 2, "", "\"maybe\" is not a do-not-contact answer; "
	    "the do-not-contact answers are yes and no", "contact", "edit",
	    ROSA, "--do-not-contact", "maybe");
	EXPECT(PROVIDER, 2, "", "\"pager\" is not a phone type; the phone "
	    "types are mobile, office, fax and emergency", "contact", "edit",
	    ROSA, "--title", "X", "--add-phone", "pager:+1 217 555 0170");
	EXPECT(PROVIDER, 2, "", "\"+1 217 555 0170\" is not TYPE:NUMBER",
	    "contact", "edit", ROSA, "--add-phone", "+1 217 555 0170");
	EXPECT(PROVIDER, 2, "", "usage: switchboard contact link", "contact",
	    "link", ROSA, "--org", RIVERSIDE);
	EXPECT(PROVIDER, 2, "", "\"boss\" is not a role; the roles are "
	    "billing, technical, emergency, stakeholder and admin", "contact",
	    "link", ROSA, "--org", RIVERSIDE, "--role", "boss");
	EXPECT(PROVIDER, 2, "", "usage: switchboard contact unlink",
	    "contact", "unlink", ROSA);
	EXPECT(PROVIDER, 2, "", "\"move\" is not a subcommand; the "
	    "subcommands are add, show, edit, link and unlink", "contact",
	    "move");
	assert_unchanged(before);
}

/*
 * The provider admin edits its own contact: fields, emails and phones at
 * once, each said; the same again changes nothing and records nothing.
 */
static void
test_edit_provider(void **state)
{
	char	*n;

	(void)state;
	EXPECT(PROVIDER, 0, "Changed the title of Rosa Delgado.\n", "",
	    "contact", "edit", ROSA, "--title", "Head of Billing");
	EXPECT(PROVIDER, 0, "Changed the first name, preferred method and "
	    "do-not-contact mark of Rosa Delgado.\nRemoved the phone (217) "
	    "555-0130 from Rosa Delgado.\nAdded the email "
	    "rosa.d@riverside.example to Rosa Delgado.\nAdded the office "
	    "phone +1 217 555 0177 to Rosa Delgado.\n", "", "contact", "edit",
	    "+1 217 555 0245", "--first", "Rosie", "--method", "phone",
	    "--do-not-contact", "yes", "--add-email",
	    "rosa.d@riverside.example", "--add-phone", "office:+1 217 555 0177",
	    "--remove-phone", "(217) 555-0130");
	ASSERT_SQL(demo.admin, "Rosie|Head of Billing|phone|true|"
	    "rosa.d@riverside.example:false,rosa.delgado@riverside.example:true"
	    "|mobile:+12175550245,office:+12175550177", "SELECT c.first_name "
	    "|| '|' || c.title || '|' || c.preferred_contact_method || '|' || "
	    "c.do_not_contact || '|' || (SELECT string_agg(e.address || ':' || "
	    "e.is_primary, ',' ORDER BY e.address) FROM sb.emails e WHERE "
	    "e.contact_id = c.id) || '|' || (SELECT string_agg(p.type || ':' "
	    "|| p.e164, ',' ORDER BY p.type) FROM sb.contact_phones cp JOIN "
	    "sb.phones p ON p.id = cp.phone_id WHERE cp.contact_id = c.id AND "
	    "cp.deleted_at IS NULL) FROM sb.contacts c WHERE c.id = (SELECT "
	    "contact_id FROM sb.emails WHERE address = $1)", ROSA, NULL);
	/* Each of its events on the login's name. */
	ASSERT_SQL(demo.admin, "5", "SELECT count(*) FROM (SELECT actor FROM "
	    "sb.domain_events WHERE stream_id = (SELECT contact_id FROM "
	    "sb.emails WHERE address = $1) ORDER BY stream_version DESC LIMIT "
	    "5) e WHERE actor = $2", ROSA, PROVIDER, NULL);
	n = events_of(ROSA);
	EXPECT(PROVIDER, 0, "", "Rosie Delgado has nothing to change",
	    "contact", "edit", ROSA, "--title", "Head of Billing", "--first",
	    "Rosie");
	ASSERT_SQL(demo.admin, n, "SELECT count(*) FROM sb.domain_events "
	    "WHERE stream_id = (SELECT contact_id FROM sb.emails WHERE address"
	    " = $1)", ROSA, NULL);
	free(n);
	EXPECT(PROVIDER, 0, "Removed the email rosa.d@riverside.example from "
	    "Rosie Delgado.", "", "contact", "edit", ROSA, "--first", "Rosa",
	    "--remove-email", "ROSA.D@riverside.example");
}

/* An invalid or missing item refuses the whole edit: nothing written. */
static void
test_edit_invalid(void **state)
{
	char	*before = digest();

	(void)state;
	EXPECT(PROVIDER, 3, "", "--add-email \"not an email\": the email "
	    "address has no @", "contact", "edit", ROSA, "--title", "Changed",
	    "--add-email", "ok@riverside.example", "--add-email",
	    "not an email");
	EXPECT(PROVIDER, 3, "", "--add-phone \"12\": the number has no "
	    "country code", "contact", "edit", ROSA, "--title", "Changed",
	    "--add-phone", "office:12");
	EXPECT(PROVIDER, 3, "", "--first \"\": a contact needs a first or a "
	    "last name; nothing was changed", "contact", "edit", ROSA,
	    "--first", "", "--last", " ");
	EXPECT(PROVIDER, 1, "", "Rosa Delgado has no email "
	    "\"nobody@riverside.example\"; nothing was changed", "contact",
	    "edit", ROSA, "--title", "Changed", "--remove-email",
	    "nobody@riverside.example");
	assert_unchanged(before);
}

/*
 * A contact changed by someone else after it was read, and a change the
 * database refuses half-way: either way no part of the edit lands.
 */
static void
test_edit_whole_or_nothing(void **state)
{
	struct db		*db = testdb_db(demo.tdb, PROVIDER);
	struct store_rows	 rows;
	struct store_changes	 ch;
	struct store_phone_input ph = { "pager", "+1 217 555 0171" };
	struct store_contact_edit x = { .fields = &ch };
	const char		*emails[] = { "zz.whole@riverside.example" };
	struct store_result	 res;
	struct store_conflict	*k = NULL;
	struct sb_error		 err;
	const char *const	 orgs[] = { riverside, NULL };
	char			 cmd[STORE_UUID_LEN + 1], *id, *before;
	long			 seen;

	(void)state;
	id = testroles_contact(demo.admin, "Zzwhole", "Edit", riverside,
	    "billing", orgs);
	assert_int_equal(store_contact_get(db, id, &rows, &err), SB_OK);
	seen = ((struct store_contact *)rows.rows)->version;
	store_rows_free(&rows);
	free(testsql_value(demo.admin, "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"Meanwhile\"}')", id, NULL));
	before = digest();
	store_changes_init(&ch);
	store_changes_set(&ch, "title", "Mine");
	x.add.emails = emails;
	x.add.nemails = 1;
	store_command_id_new(cmd);
	assert_int_equal(store_contact_edit(db, cmd, id, seen, &x, &res, &k,
	    &err), SB_CONFLICT);
	assert_non_null(k);
	store_conflict_free(k);
	/* At the version now, a phone type the database does not know. */
	x.add.phones = &ph;
	x.add.nphones = 1;
	store_command_id_new(cmd);
	assert_int_equal(store_contact_edit(db, cmd, id, seen + 1, &x, &res,
	    NULL, &err), SB_INVALID);
	assert_unchanged(before);
	ASSERT_SQL(demo.admin, "Meanwhile", "SELECT title FROM sb.contacts "
	    "WHERE id = $1", id, NULL);
	store_changes_clear(&ch);
	free(id);
	db_free(db);
}

/*
 * Refusals: the owner of a partner's contact named, read-only access,
 * contacts and organizations out of scope as missing as none.
 */
static void
test_edit_refused(void **state)
{
	const char *const	 orgs[] = { outside, NULL };
	char			*nw, *hidden, *before;

	(void)state;
	nw = testsql_value(demo.admin, "SELECT c.id FROM sb.contacts c JOIN "
	    "sb.organization_contacts oc ON oc.contact_id = c.id AND "
	    "oc.deleted_at IS NULL WHERE c.owner_organization_id = $1 AND "
	    "oc.organization_id = $2 ORDER BY c.id LIMIT 1", northwind,
	    riverside, NULL);
	hidden = testroles_contact(demo.admin, "Zzhidden", "Edit", outside,
	    "billing", orgs);
	before = digest();
	EXPECT(PROVIDER, 3, "", "was not changed: owned by " NORTHWIND,
	    "contact", "edit", nw, "--title", "Hijack");
	EXPECT(SUPPORT, 3, "", "Rosa Delgado was not changed: read-only "
	    "access", "contact", "edit", ROSA, "--title", "Hijack");
	EXPECT(PARTNER, 3, "", "was not changed: read-only access",
	    "contact", "edit", ROSA, "--title", "Hijack");
	EXPECT(PROVIDER, 1, "", "no contact has the id, email or phone",
	    "contact", "edit", hidden, "--title", "Hijack");
	EXPECT(PROVIDER, 1, "", "no contact has the id, email or phone "
	    "\"zzhidden.edit@roles.example\"", "contact", "link",
	    "zzhidden.edit@roles.example", "--org", RIVERSIDE, "--role",
	    "admin");
	EXPECT(PROVIDER, 1, "", "no organization is called \"" OUTSIDE "\"",
	    "contact", "link", ROSA, "--org", OUTSIDE, "--role", "admin");
	EXPECT(SUPPORT, 3, "", "Rosa Delgado was not linked: read-only "
	    "access", "contact", "link", ROSA, "--org", RIVERSIDE, "--role",
	    "admin");
	EXPECT(SUPPORT, 3, "", "Rosa Delgado was not unlinked: read-only "
	    "access", "contact", "unlink", ROSA, "--org", RIVERSIDE);
	assert_unchanged(before);
	free(nw);
	free(hidden);
}

/* An email two contacts share names neither: both listed, with ids. */
static void
test_several_match(void **state)
{
	const char *const	 orgs[] = { riverside, NULL };
	char			*a, *b, *line;

	(void)state;
	a = testroles_contact(demo.admin, "Zzshared", "One", riverside,
	    "technical", orgs);
	b = testroles_contact(demo.admin, "Zzshared", "Two", riverside,
	    "technical", orgs);
	free(testsql_value(demo.admin, "SELECT sb.contact_email_add($1, "
	    "'zz.shared@riverside.example')::text || sb.contact_email_add($2, "
	    "'zz.shared@riverside.example')::text", a, b, NULL));
	line = xasprintf("  %s  Zzshared One (" RIVERSIDE ")", a);
	EXPECT(PROVIDER, 3, "", line, "contact", "edit",
	    "zz.shared@riverside.example", "--title", "Which");
	free(line);
	line = xasprintf("  %s  Zzshared Two (" RIVERSIDE ")\nswitchboard: "
	    "give the id of the one you mean", b);
	EXPECT(PROVIDER, 3, "", line, "contact", "unlink",
	    "zz.shared@riverside.example", "--org", RIVERSIDE);
	free(line);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.contacts WHERE "
	    "first_name = 'Zzshared' AND title IS NOT NULL", NULL);
	EXPECT(PROVIDER, 0, "Changed the title of Zzshared Two.", "",
	    "contact", "edit", b, "--title", "Which");
	free(a);
	free(b);
}

/*
 * The provider admin links its contact in a role and moves the primary
 * mark to it, as the interface's * does; links it again to no effect;
 * unlinks one role, then every role.
 */
static void
test_link_provider(void **state)
{
	const char *const	 orgs[] = { riverside, NULL };
	char			*id, *n;

	(void)state;
	id = testroles_contact(demo.admin, "Zzlink", "Provider", riverside,
	    "billing", orgs);
	EXPECT(PROVIDER, 0, "Linked Zzlink Provider to \"" RIVERSIDE "\" as "
	    "admin.", "", "contact", "link", id, "--org", RIVERSIDE, "--role",
	    "admin");
	EXPECT(PROVIDER, 0, "Zzlink Provider is now the primary emergency "
	    "contact of \"" RIVERSIDE "\".", "", "contact", "link",
	    "zzlink.provider@roles.example", "--org", "riverside health",
	    "--role", "emergency", "--primary");
	ASSERT_SQL(demo.admin, "Zzlink", "SELECT c.first_name FROM "
	    "sb.organization_contacts oc JOIN sb.contacts c ON c.id = "
	    "oc.contact_id WHERE oc.organization_id = $1 AND oc.role = "
	    "'emergency' AND oc.is_primary AND oc.deleted_at IS NULL",
	    riverside, NULL);
	n = testsql_value(demo.admin, "SELECT count(*) FROM sb.domain_events",
	    NULL);
	EXPECT(PROVIDER, 0, "", "Zzlink Provider is already linked to \""
	    RIVERSIDE "\" as emergency, the primary one", "contact", "link",
	    id, "--org", RIVERSIDE, "--role", "emergency", "--primary");
	ASSERT_SQL(demo.admin, n, "SELECT count(*) FROM sb.domain_events",
	    NULL);
	free(n);
	EXPECT(PROVIDER, 0, "Unlinked Zzlink Provider from \"" RIVERSIDE "\" "
	    "as admin.", "", "contact", "unlink", id, "--org", RIVERSIDE,
	    "--role", "admin");
	EXPECT(PROVIDER, 1, "", "Zzlink Provider is not linked to \""
	    RIVERSIDE "\" as admin", "contact", "unlink", id, "--org",
	    RIVERSIDE, "--role", "admin");
	EXPECT(PROVIDER, 0, "Unlinked Zzlink Provider from \"" RIVERSIDE
	    "\".", "", "contact", "unlink", id, "--org", RIVERSIDE);
	/* Ended, not deleted: the links stay in the history. */
	ASSERT_SQL(demo.admin, "0|3", "SELECT count(*) FILTER (WHERE "
	    "deleted_at IS NULL) || '|' || count(*) FROM "
	    "sb.organization_contacts WHERE contact_id = $1", id, NULL);
	EXPECT(PROVIDER, 1, "", "Zzlink Provider is not linked to \""
	    RIVERSIDE "\"", "contact", "unlink", id, "--org", RIVERSIDE);
	free(id);
}

/* The partner admin edits, links and unlinks on its own organization. */
static void
test_partner(void **state)
{
	(void)state;
	EXPECT(PARTNER, 0, "Changed the title of Amara Okafor.", "",
	    "contact", "edit", AMARA, "--title", "Partner Lead",
	    "--add-phone", "mobile:+1 217 555 0190");
	EXPECT(PARTNER, 0, "Amara Okafor is now the primary emergency "
	    "contact of \"" NORTHWIND "\".", "", "contact", "link", AMARA,
	    "--org", NORTHWIND, "--role", "emergency", "--primary");
	EXPECT(PARTNER, 0, "Unlinked Amara Okafor from \"" NORTHWIND "\" as "
	    "emergency.", "", "contact", "unlink", AMARA, "--org", NORTHWIND,
	    "--role", "emergency");
	ASSERT_SQL(demo.admin, "Partner Lead|0|+12175550190", "SELECT c.title "
	    "|| '|' || (SELECT count(*) FROM sb.organization_contacts oc WHERE "
	    "oc.contact_id = c.id AND oc.role = 'emergency' AND oc.deleted_at "
	    "IS NULL) || '|' || (SELECT string_agg(p.e164, ',') FROM "
	    "sb.contact_phones cp JOIN sb.phones p ON p.id = cp.phone_id WHERE "
	    "cp.contact_id = c.id AND p.e164 = '+12175550190') FROM "
	    "sb.contacts c WHERE c.id = (SELECT contact_id FROM sb.emails "
	    "WHERE address = $1)", AMARA, NULL);
	/* The contact's two events and the organization's three, its own. */
	ASSERT_SQL(demo.admin, "5", "SELECT count(*) FROM ((SELECT actor "
	    "FROM sb.domain_events WHERE stream_id = (SELECT contact_id FROM "
	    "sb.emails WHERE address = $1) ORDER BY stream_version DESC LIMIT "
	    "2) UNION ALL (SELECT actor FROM sb.domain_events WHERE stream_id "
	    "= $2 ORDER BY stream_version DESC LIMIT 3)) e WHERE actor = $3",
	    AMARA, northwind, PARTNER, NULL);
}

/*
 * The statements these subcommands send, sent by hand as the provider
 * or the partner admin (conn) on a contact and an organization out of
 * their scope, with their own organization and contact (own_org,
 * own): each refused as if missing, nothing changed.
 */
static void
attack(PGconn *conn, const char *own_org, const char *own)
{
	static const char *const item_sql[] = {
		"SELECT id FROM sb.contacts WHERE first_name = 'Zzattack'",
		"SELECT e.id FROM sb.emails e JOIN sb.contacts c ON c.id ="
		" e.contact_id WHERE c.first_name = 'Zzattack'",
		"SELECT cp.phone_id FROM sb.contact_phones cp JOIN sb.contacts"
		" c ON c.id = cp.contact_id WHERE c.first_name = 'Zzattack'",
	};
	char	*id[3], *before;
	size_t	 i;

	for (i = 0; i < SB_ARRAY_LEN(id); i++)
		id[i] = testsql_value(demo.admin, item_sql[i], NULL);
	before = digest();
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"Hijack\"}')", id[0], NULL);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.contact_email_add($1, "
	    "'hijack@evil.example', 'work', false)", id[0], NULL);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.contact_email_remove($1, "
	    "$2)", id[0], id[1], NULL);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.contact_phone_add($1, "
	    "'+1 217 555 0199', 'mobile', NULL, false, '+12175550199', false)",
	    id[0], NULL);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.contact_phone_unlink($1, "
	    "$2)", id[0], id[2], NULL);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.organization_contact_link("
	    "$1, $2, 'admin')", outside, own, NULL);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.organization_contact_link("
	    "$1, $2, 'admin')", own_org, id[0], NULL);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.organization_contact_"
	    "set_primary($1, $2, 'billing')", outside, id[0], NULL);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.organization_contact_unlink("
	    "$1, $2, 'billing')", outside, id[0], NULL);
	assert_unchanged(before);
	for (i = 0; i < SB_ARRAY_LEN(id); i++)
		free(id[i]);
}

static void
test_attack(void **state)
{
	const char *const	 orgs[] = { outside, NULL };
	char			*hidden, *own, *nw, *e, *before;

	(void)state;
	hidden = testroles_contact(demo.admin, "Zzattack", "Hidden", outside,
	    "billing", orgs);
	free(testsql_value(demo.admin, "SELECT sb.contact_phone_add($1, "
	    "'+1 217 555 0198', 'mobile')", hidden, NULL));
	own = testsql_value(prov, "SELECT contact_id FROM sb.emails WHERE "
	    "address = $1", ROSA, NULL);
	attack(prov, riverside, own);
	free(own);
	own = testsql_value(part, "SELECT contact_id FROM sb.emails WHERE "
	    "address = $1", AMARA, NULL);
	attack(part, northwind, own);
	free(own);
	/* A partner's contact the provider admin sees: its owner named. */
	nw = testsql_value(prov, "SELECT id FROM sb.contacts WHERE "
	    "owner_organization_id = $1 LIMIT 1", northwind, NULL);
	before = digest();
	e = testsql_error(prov, "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"Hijack\"}')", nw, NULL);
	assert_true(testsql_is(e, "42501"));
	assert_non_null(strstr(e, "owned by " NORTHWIND));
	free(e);
	ASSERT_SQLSTATE(prov, "42501", "SELECT sb.contact_email_add($1, "
	    "'hijack@evil.example', 'work', false)", nw, NULL);
	assert_unchanged(before);
	free(nw);
	free(hidden);
}

/* Most words a command of the manual's examples has. */
#define EXAMPLE_WORDS	30

/* A section of the manual (".SH NAME"), its roff escapes undone. */
static char *
example_text(const char *section)
{
	const char	*top = getenv("SB_TOP_SRCDIR");
	char		*path, *man, *start, *end, *out, *o;
	FILE		*fp;

	path = xasprintf("%s/doc/switchboard.1", top != NULL ? top : ".");
	fp = fopen(path, "rb");
	assert_non_null(fp);
	man = testrun_slurp(fp);
	fclose(fp);
	free(path);
	start = strstr(man, section);
	assert_non_null(start);
	if ((end = strstr(start + 1, "\n.SH ")) != NULL)
		*end = '\0';
	out = o = xstrdup(start);
	for (; *start != '\0'; start++) {
		if (start[0] == '\\' && (start[1] == '-' || start[1] == 'e'))
			*o++ = *++start == '-' ? '-' : '\\';
		else
			*o++ = *start;
	}
	*o = '\0';
	free(man);
	return (out);
}

/* The words of a shell command line, its quotes taken off, in place. */
static int
example_words(char *line, char **words)
{
	char	*o, quote;
	int	 n = 0;

	while (*line != '\0' && n < EXAMPLE_WORDS) {
		while (*line == ' ')
			line++;
		if (*line == '\0')
			break;
		words[n++] = o = line;
		for (quote = 0; *line != '\0' && (quote || *line != ' ');
		    line++) {
			if (quote == 0 && (*line == '"' || *line == '\''))
				quote = *line;
			else if (*line == quote)
				quote = 0;
			else
				*o++ = *line;
		}
		if (*line != '\0')
			line++;
		*o = '\0';
	}
	words[n] = NULL;
	return (n);
}

/*
 * One command of the examples (its continuation lines joined) and what
 * it prints: a superuser's psql runs its statement; switchboard runs as
 * alice, or as PGUSER says, and must exit 0 with each line shown.
 */
static void
example_run(char *cmd, char *shown)
{
	struct testrun	 r;
	const char	*role = "alice";
	char		*words[EXAMPLE_WORDS + 1], *line, *next, *sql;
	int		 i = 0;

	if (strncmp(cmd, "psql ", 5) == 0) {
		sql = strchr(cmd, '\'');
		assert_non_null(sql);
		*strrchr(cmd, '\'') = '\0';
		testsql_exec(demo.admin, sql + 1);
		return;
	}
	assert_true(example_words(cmd, words) > 1);
	/* PGUSER=postgres: the command is the server's superuser's. */
	if (strncmp(words[0], "PGUSER=", 7) == 0)
		role = words[i++] + 7;
	assert_string_equal(words[i], "switchboard");
	r = testrun_argv(&demo, NULL, role, (const char *const *)words + i +
	    1);
	if (r.status != 0)
		fail_msg("%s %s: exit %d\n%s", words[i + 1], words[i + 2],
		    r.status, r.err);
	/* Lines naming what varies, and "...", stand for what is left out. */
	for (line = shown; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strstr(line, "\\f") == NULL &&
		    strcmp(line, "\\&...") != 0 && strstr(r.out, line) == NULL)
			fail_msg("no \"%s\" in:\n%s", line, r.out);
	}
	testrun_free(&r);
}

/* Where the text a command prints ends: the next command or .EE. */
static char *
example_stop(char *from)
{
	char	*cmd = strstr(from, "\n$ "), *ee = strstr(from, "\n.EE");

	assert_non_null(ee);
	return (cmd != NULL && cmd < ee ? cmd : ee);
}

/* The manual's worked example runs as written and prints what it says. */
static void
test_man_example(void **state)
{
	char	*text, *p, *cmd, *nl, *stop;

	(void)state;
	text = example_text("\n.SH EXAMPLES\n");
	for (p = strstr(text, "\n$ "); p != NULL; p = strstr(stop, "\n$ ")) {
		cmd = p + 3;
		/* A line that ends in a backslash goes on on the next. */
		while ((nl = strchr(cmd, '\n')) != NULL && nl[-1] == '\\')
			nl[-1] = nl[0] = ' ';
		assert_non_null(nl);
		stop = example_stop(nl);
		*stop = '\0';
		*nl = '\0';
		example_run(cmd, stop == nl ? stop : nl + 1);
		*stop = '\n';
	}
	free(text);
}

/*
 * The manual's accessibility section lists a line command for every
 * lookup task: each runs as written for support staff and prints plain
 * lines, no control character but the tab and the end of line; the
 * table of the places answers the fax question.
 */
static void
test_man_accessibility(void **state)
{
	struct testrun	 r;
	char		*text, *nf, *line, *next, *dash;
	char		*words[EXAMPLE_WORDS + 1];
	const char	*c;
	int		 n, ran = 0;

	(void)state;
	text = example_text("\n.SH ACCESSIBILITY\n");
	nf = strstr(text, "\n.nf\n");
	assert_non_null(nf);
	*strstr(nf, "\n.fi\n") = '\0';
	for (line = nf + 5; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		/* "switchboard ...   \(em what it is for" */
		if ((dash = strstr(line, "\\(em")) != NULL)
			*dash = '\0';
		n = example_words(line, words);
		assert_true(n > 1);
		assert_string_equal(words[0], "switchboard");
		r = testrun_argv(&demo, NULL, SUPPORT,
		    (const char *const *)words + 1);
		if (r.status != 0 || *r.out == '\0')
			fail_msg("%s %s: exit %d\n%s", words[1], words[2],
			    r.status, r.err);
		for (c = r.out; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 && *c != '\n' &&
			    *c != '\t')
				fail_msg("%s %s: control 0x%02x", words[1],
				    words[2], (unsigned char)*c);
		if (strcmp(words[1], "lookup") == 0 &&
		    strcmp(words[2], "midtown fax") == 0)
			assert_non_null(strstr(r.out, "(217) 555-0111"));
		testrun_free(&r);
		ran++;
	}
	assert_true(ran >= 5);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_usage),
		cmocka_unit_test(test_edit_provider),
		cmocka_unit_test(test_edit_invalid),
		cmocka_unit_test(test_edit_whole_or_nothing),
		cmocka_unit_test(test_edit_refused),
		cmocka_unit_test(test_several_match),
		cmocka_unit_test(test_link_provider),
		cmocka_unit_test(test_partner),
		cmocka_unit_test(test_attack),
		cmocka_unit_test(test_man_example),
		cmocka_unit_test(test_man_accessibility),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
