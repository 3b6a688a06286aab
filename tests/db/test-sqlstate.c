/* Each code the schema refuses with reaches an admin as a plain sentence. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db.h"
#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testroles.h"
#include "testrun.h"
#include "testsql.h"

#define SUPER		DEMO_ROLE_SUPER
#define PROVIDER	DEMO_ROLE_PROVIDER
#define PARTNER		DEMO_ROLE_PARTNER
#define EXIT_NONE	1	/* nothing matched (switchboard(1)) */
#define EXIT_ERROR	3	/* the server refused the request */

static struct testdemo	 demo;
static char		*riverside, *northwind;

/* The admins, each with the organization it administers. */
static const struct admin {
	const char	*role;
	const char	*org_name;
	char		**org;
} admins[] = {
	{ PROVIDER, "Riverside Health", &riverside },
	{ PARTNER, "Northwind Health Partners", &northwind },
};

/* The server's own words, which never reach a person. */
static const char *const raw_words[] = {
	"violates", "SQLSTATE", "relation", "policy", "constraint", "ERROR:",
	"sb.", "function", "pkey",
};

static int
setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
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
	testdemo_stop(&demo);
	return 0;
}

/* The raw word text holds, or NULL. */
static const char *
raw_word_in(const char *text)
{
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(raw_words); i++)
		if (strstr(text, raw_words[i]) != NULL)
			return raw_words[i];
	return NULL;
}

/*
 * Run the binary as role with the args (NULL-ended): it must exit with
 * status, saying on stderr one line, a sentence holding part and none of
 * the server's words.
 */
static void
refused(const char *role, int status, const char *part, ...)
{
	struct testrun	 r;
	const char	*word, *nl;
	va_list		 ap;

	va_start(ap, part);
	r = testrun_va(&demo, NULL, role, NULL, ap);
	va_end(ap);
	nl = strchr(r.err, '\n');
	word = raw_word_in(r.err);
	if (r.status != status || strstr(r.err, part) == NULL ||
	    strncmp(r.err, "switchboard: ", 13) != 0 || nl == NULL ||
	    nl[1] != '\0' || word != NULL)
		fail_msg("as %s: exit %d, wanted %d with \"%s\" (server word: "
		    "%s); err:\n%s", role, r.status, status, part,
		    word != NULL ? word : "none", r.err);
	testrun_free(&r);
}

/* The same, which must succeed; its stdout. Caller frees. */
static char *
done(const char *role, ...)
{
	struct testrun	 r;
	char		*out;
	va_list		 ap;

	va_start(ap, role);
	r = testrun_va(&demo, NULL, role, NULL, ap);
	va_end(ap);
	if (r.status != 0)
		fail_msg("as %s: exit %d; err:\n%s", role, r.status, r.err);
	out = r.out;
	r.out = NULL;
	testrun_free(&r);
	return out;
}

/*
 * sql ($1 a, $2 b; NULL for none) as role through the program's own
 * connection, after first (unless NULL): it must fail with state and
 * status, the message holding part, message and hint none of the
 * server's words; raw, when not NULL, is kept behind the details.
 */
static void
sql_refused_after(const char *role, const char *first, const char *sql,
    const char *a, const char *b, const char *state, enum sb_status status,
    const char *part, const char *raw)
{
	struct db	*db = testdb_db(demo.tdb, role);
	const char	*params[2] = { a, b }, *word;
	struct sb_error	 err;
	char		 details[1200];

	if (first != NULL && db_exec(db, first, 0, NULL, NULL, &err) != SB_OK)
		fail_msg("as %s: %s: %s", role, first, err.message);
	if (db_exec(db, sql, b != NULL ? 2 : a != NULL ? 1 : 0, params, NULL,
	    &err) == SB_OK)
		fail_msg("as %s: %s succeeded", role, sql);
	if ((word = raw_word_in(err.message)) == NULL)
		word = raw_word_in(err.hint);
	if (strcmp(err.sqlstate, state) != 0 || err.status != status ||
	    strstr(err.message, part) == NULL || word != NULL)
		fail_msg("as %s: %s: SQLSTATE %s, status %d, \"%s (%s)\"; "
		    "wanted %s, %d, \"%s\"", role, sql, err.sqlstate,
		    err.status, err.message, err.hint, state, status, part);
	if (raw != NULL && (!db_error_details(details, sizeof details) ||
	    strstr(details, raw) == NULL))
		fail_msg("as %s: the details lack \"%s\"", role, raw);
	db_free(db);
}

static void
sql_refused(const char *role, const char *sql, const char *a, const char *b,
    const char *state, enum sb_status status, const char *part,
    const char *raw)
{
	sql_refused_after(role, NULL, sql, a, b, state, status, part, raw);
}

/* A new contact "first Zzsqlstate" of org, linked to the NULL-ended orgs. */
static char *
contact(const char *first, const char *org, const char *also)
{
	const char *const orgs[] = { org, also, NULL };

	return testroles_contact(demo.admin, first, "Zzsqlstate", org,
	    "stakeholder", orgs);
}

/* 42501 raised by the schema: commands only a super admin may give. */
static void
test_denied(void **state)
{
	size_t	i;
	char	*a, *b;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(admins); i++) {
		refused(admins[i].role, EXIT_ERROR, "only a super admin may "
		    "create or change organizations", "org", "add",
		    "Zzsqlstate Denied", NULL);
		refused(admins[i].role, EXIT_ERROR, "only a super admin may "
		    "change memberships", "access", "grant", "support",
		    admins[i].role, NULL);
	}
	a = contact("Dana", northwind, NULL);
	b = contact("Dane", northwind, NULL);
	refused(PARTNER, EXIT_ERROR, "only a super admin or a provider admin "
	    "may merge", "merge", a, b, NULL);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.organizations "
	    "WHERE name = 'Zzsqlstate Denied'");
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.contact_merges "
	    "WHERE survivor_id IN ($1, $2)", a, b);
	free(a);
	free(b);
}

/* 42501 of the server's own: the event log written to by hand. */
static void
test_denied_by_grant(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(admins); i++) {
		sql_refused(admins[i].role, "DELETE FROM sb.domain_events",
		    NULL, NULL, "42501", SB_DENIED, "your access does not "
		    "allow this change", "permission denied");
		sql_refused(admins[i].role, "UPDATE sb.domain_events SET "
		    "payload = payload", NULL, NULL, "42501", SB_DENIED,
		    "your access does not allow this change",
		    "permission denied");
		sql_refused(admins[i].role, "INSERT INTO sb.domain_events "
		    "(event_type) VALUES ('contact.created')", NULL, NULL,
		    "42501", SB_DENIED, "your access does not allow this "
		    "change", "permission denied for table domain_events");
	}
}

/* SB003: a merge that is not there, exit status 1 as for no match. */
static void
test_not_found(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(admins); i++)
		refused(admins[i].role, EXIT_NONE, "not found", "unmerge",
		    "00000000-0000-4000-8000-00000000dead", NULL);
}

/* The id of the merge that kept keep. Caller frees. */
static char *
merge_of(const char *keep)
{
	return testsql_value(demo.admin, "SELECT id FROM sb.contact_merges "
	    "WHERE survivor_id = $1", keep, NULL);
}

/* SB004: a merge undone already, undone again. */
static void
test_invalid(void **state)
{
	size_t	 i;
	char	*keep, *other, *merge;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(admins); i++) {
		keep = contact("Ivo", *admins[i].org, NULL);
		other = contact("Iva", *admins[i].org, NULL);
		free(done(SUPER, "merge", keep, other, NULL));
		merge = merge_of(keep);
		free(done(SUPER, "unmerge", merge, NULL));
		refused(admins[i].role, EXIT_ERROR, "this merge was undone "
		    "already", "unmerge", merge, NULL);
		free(keep);
		free(other);
		free(merge);
	}
}


/*
 * SB001: a merge undone after its moved email was removed, from the
 * command line; a change at a version read before someone else's.
 */
static void
test_stale(void **state)
{
	size_t	 i;
	char	*keep, *other, *merge;

	(void)state;
	keep = contact("Kai", riverside, NULL);
	other = contact("Ola", riverside, NULL);
	free(done(PROVIDER, "merge", keep, other, NULL));
	merge = merge_of(keep);
	free(done(PROVIDER, "contact", "edit", keep, "--remove-email",
	    "Ola.Zzsqlstate@roles.example", NULL));
	refused(PROVIDER, EXIT_ERROR, "the merge cannot be undone: the email "
	    "Ola.Zzsqlstate@roles.example of Ola Zzsqlstate changed since the "
	    "merge", "unmerge", merge, NULL);
	free(keep);
	free(other);
	free(merge);
	for (i = 0; i < SB_ARRAY_LEN(admins); i++) {
		keep = contact("Sam", *admins[i].org, NULL);
		free(testsql_value(demo.admin, "SELECT sb.contact_update($1, "
		    "NULL, '{\"title\": \"Nurse\"}')", keep, NULL));
		sql_refused(admins[i].role, "SELECT sb.contact_update("
		    "$1::uuid, 1, '{\"title\": \"Doctor\"}')", keep, NULL,
		    "SB001", SB_CONFLICT, "was changed by someone else", NULL);
		free(keep);
	}
}

/* SB002: a contact deleted while another organization links it. */
static void
test_still_linked(void **state)
{
	size_t	 i;
	char	*outside, *id;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(admins); i++) {
		outside = testroles_org_outside(demo.admin, admins[i].role, 0,
		    NULL);
		id = contact("Lin", *admins[i].org, outside);
		sql_refused(admins[i].role, "SELECT sb.contact_delete("
		    "$1::uuid)", id, NULL, "SB002", SB_DENIED, "contact is "
		    "still linked by: 1 organization you cannot see", NULL);
		ASSERT_SQL(demo.admin, "t", "SELECT active FROM sb.contacts "
		    "WHERE id = $1", id);
		free(id);
		free(outside);
	}
}

/* SB005: an event appended while a command says it projects its own. */
static void
test_log_append_only(void **state)
{
	size_t	 i;
	char	*id;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(admins); i++) {
		id = contact("Pia", *admins[i].org, NULL);
		sql_refused_after(admins[i].role, "SET sb.projected_by_caller "
		    "= 'on'", "SELECT sb.contact_update($1::uuid, NULL, "
		    "'{\"title\": \"Nurse\"}')", id, NULL, "SB005", SB_DENIED,
		    "no event may be appended while a command projects its own",
		    NULL);
		free(id);
	}
}

/*
 * 23514, 23505 and 23503, which the command line's own checks keep from
 * the server: the commands given values they do not check themselves.
 */
static void
test_constraints(void **state)
{
	size_t	 i;
	char	*a, title[151];

	(void)state;
	memset(title, 'x', sizeof title - 1);
	title[sizeof title - 1] = '\0';
	for (i = 0; i < SB_ARRAY_LEN(admins); i++) {
		a = contact("Cal", *admins[i].org, NULL);
		/* The command line says the rule before the server would. */
		refused(admins[i].role, EXIT_ERROR, "title is too long: 150 "
		    "characters, at most 100; nothing was changed", "contact",
		    "edit", a, "--title", title, NULL);
		sql_refused(admins[i].role, "SELECT sb.contact_update("
		    "$1::uuid, NULL, jsonb_build_object('title', "
		    "repeat('x', 150)))", a, NULL, "23514", SB_INVALID,
		    "a value is outside what the directory allows for it",
		    "contacts_title_check");
		sql_refused(admins[i].role, "SELECT "
		    "sb.organization_contact_link($2::uuid, $1::uuid, "
		    "'billing', '2025-01-02', '2025-01-01')", a,
		    *admins[i].org, "23514", SB_INVALID, "a value is outside "
		    "what the directory allows",
		    "organization_contacts_window");
		/*
		 * The commands look before they write, so only a race
		 * reaches a unique index of theirs: the login's own table.
		 */
		sql_refused_after(admins[i].role, "CREATE TEMP TABLE zzsq "
		    "(id integer PRIMARY KEY)", "INSERT INTO zzsq VALUES (1), "
		    "(1)", NULL, NULL, "23505", SB_CONFLICT, "a record with "
		    "these values exists already", "zzsq_pkey");
		sql_refused(admins[i].role, "SELECT sb.contact_phone_add("
		    "$1::uuid, '+1 217 555 0100', 'pigeon')", a, NULL, "23503",
		    SB_INVALID, "a record this one refers to is gone",
		    "phones_type_fkey");
		free(a);
	}
}

/*
 * A RAISE without a code of the schema's guards a fault: an unexpected
 * error, its words behind the details. One without words says its code.
 */
static void
test_unexpected(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(admins); i++) {
		sql_refused(admins[i].role, "DO $$ BEGIN RAISE EXCEPTION "
		    "'contact_counts_links: %', 'TRUNCATE'; END $$", NULL, NULL,
		    "P0001", SB_INTERNAL, "the server could not do this",
		    "contact_counts_links: TRUNCATE");
		sql_refused(admins[i].role, "DO $$ BEGIN RAISE EXCEPTION USING "
		    "ERRCODE = 'SB003'; END $$", NULL, NULL, "SB003",
		    SB_NOT_FOUND, "this is not there any more", "SB003");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_denied),
		cmocka_unit_test(test_denied_by_grant),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_still_linked),
		cmocka_unit_test(test_log_append_only),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_unexpected),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
