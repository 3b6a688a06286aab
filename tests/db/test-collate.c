/* Tests of names sorted by the person's collation on a real server. */
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
#include "switchboard/store.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testroles.h"
#include "testsql.h"

/* A provider admin of every organization here, not the superuser. */
#define ADMIN	"collate_admin"

/* In Swedish, å, ä and ö follow z; elsewhere å is an a with a ring. */
#define SWEDISH	"Adam Care|Ágnes Care|Bob Care|Zeta Clinic|Åsa Clinic"
#define ROOT	"Adam Care|Ágnes Care|Åsa Clinic|Bob Care|Zeta Clinic"

#define LINKS	"Adam Care|Ágnes Care|Bob Care|Åsa Clinic|"

static struct testdb	*tdb;
static PGconn		*admin;
static char		*org_care;	/* holds the contacts */

static const char *const org_names[] = { "Zeta Clinic", "Bob Care",
	"Åsa Clinic", "Adam Care", "Ágnes Care" };

/* A contact owned by org_care, linked as billing to each of orgs. */
static void
contact_new(const char *first, const char *last, const char *const *orgs)
{
	char	*id;
	size_t	 i;

	id = testsql_value(admin, "SELECT sb.contact_create($1, $2, "
	    "owner_organization_id => $3)", first, last, org_care, NULL);
	for (i = 0; orgs[i] != NULL; i++)
		free(testsql_value(admin, "SELECT sb.organization_contact_link("
		    "$1, $2, 'billing')", orgs[i], id, NULL));
	free(id);
}

static int
setup(void **state)
{
	const char	*orgs[SB_ARRAY_LEN(org_names) + 1] = { NULL };
	char		*ids[SB_ARRAY_LEN(org_names)];
	const char	*people[][2] = { { "Zeta", "Lind" }, { "Bob", "Lind" },
	    { "Åsa", "Lind" }, { "Adam", "Lind" }, { "Ágnes", "Lind" } };
	size_t		 i;

	(void)state;
	tdb = testdb_start_migrated(&admin);
	for (i = 0; i < SB_ARRAY_LEN(org_names); i++) {
		ids[i] = testsql_value(admin, "SELECT sb.organization_create("
		    "$1, 'provider')", org_names[i], NULL);
		orgs[i] = ids[i];
	}
	testroles_admin(admin, ADMIN, orgs);
	org_care = xstrdup(ids[1]);
	for (i = 0; i < SB_ARRAY_LEN(people); i++)
		contact_new(people[i][0], people[i][1], orgs + 1);
	for (i = 0; i < SB_ARRAY_LEN(ids); i++)
		free(ids[i]);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(org_care);
	PQfinish(admin);
	testdb_stop(tdb);
	return 0;
}

/* The person's connection, sorting names by tag (NULL: as before). */
static struct db *
collate_db(const char *tag)
{
	struct db	*db = testdb_db(tdb, ADMIN);

	db_set_collation(db, tag);
	return db;
}

/*
 * The organizations text finds (NULL: all), fetched page rows at a time
 * the way the organizations pane asks for the next page, as "A|B|C".
 */
static char *
orgs_paged(struct db *db, const char *text, int page)
{
	struct store_org_query	 q = { .text = text, .limit = page };
	struct store_rows	 rows;
	struct store_org	*o;
	struct sb_error		 err;
	char			*out = xstrdup(""), *next, *last = NULL;
	char			 last_id[STORE_UUID_LEN + 1];
	size_t			 i;

	for (;;) {
		if (store_org_search(db, &q, &rows, &err) != SB_OK)
			fail_msg("store_org_search: %s", err.message);
		o = rows.rows;
		for (i = 0; i < rows.count; i++) {
			next = xasprintf("%s%s%s", out, *out != '\0' ? "|" :
			    "", o[i].name);
			free(out);
			out = next;
		}
		if (!rows.more || rows.count == 0) {
			store_rows_free(&rows);
			break;
		}
		free(last);
		last = xstrdup(o[rows.count - 1].name);
		snprintf(last_id, sizeof last_id, "%s", o[rows.count - 1].id);
		q.after_name = last;
		q.after_id = last_id;
		store_rows_free(&rows);
	}
	free(last);
	return out;
}

/* The first column of a grid, as "A|B|C". */
static char *
grid_column(const struct store_grid *g, size_t col)
{
	char	*out = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < g->rows; i++) {
		next = xasprintf("%s%s%s", out, i > 0 ? "|" : "",
		    store_grid_cell(g, i, col));
		free(out);
		out = next;
	}
	return out;
}

static void
assert_orgs(const char *tag, const char *text, int page, const char *want)
{
	struct db	*db = collate_db(tag);
	char		*got = orgs_paged(db, text, page);

	if (strcmp(got, want) != 0)
		fail_msg("%s, %s, pages of %d: \"%s\", not \"%s\"",
		    tag != NULL ? tag : "no tag", text != NULL ? text : "all",
		    page, got, want);
	free(got);
	db_free(db);
}

/*
 * Swedish: "Zeta" then "Åsa", on one page and across pages (the keyset
 * compares under the same collation as the order); the root order keeps
 * "Ágnes" between "Adam" and "Bob", with "Åsa" beside it.
 */
static void
test_orgs_paged(void **state)
{
	(void)state;
	assert_orgs("sv-SE", NULL, 100, SWEDISH);
	assert_orgs("sv-SE", NULL, 2, SWEDISH);
	assert_orgs("sv-SE", NULL, 1, SWEDISH);
	assert_orgs("und", NULL, 100, ROOT);
	assert_orgs("und", NULL, 2, ROOT);
	assert_orgs("und", NULL, 1, ROOT);
	/* The language alone when the region has no collation of its own. */
	assert_orgs("sv-ZZ", NULL, 2, SWEDISH);
	assert_orgs("sv", NULL, 2, SWEDISH);
	/* A tag the server knows nothing of: the root order. */
	assert_orgs("qq-QQ", NULL, 2, ROOT);
	/* No tag asked for: folded, under "C", as before. */
	assert_orgs(NULL, NULL, 2, ROOT);
}

/* A filter ranks the matches first, then ties go by the collation. */
static void
test_orgs_filter_ties(void **state)
{
	(void)state;
	assert_orgs("sv-SE", "clinic", 100, "Zeta Clinic|Åsa Clinic");
	assert_orgs("sv-SE", "clinic", 1, "Zeta Clinic|Åsa Clinic");
	assert_orgs("und", "clinic", 1, "Åsa Clinic|Zeta Clinic");
}

/* "org list" and an export's links follow the collation too. */
static void
test_org_list_and_export(void **state)
{
	struct db		*db = collate_db("sv-SE");
	struct store_grid	 g;
	struct store_export	 e;
	struct sb_error		 err;
	const char		*orgs[1] = { org_care };
	char			*got;

	(void)state;
	if (store_org_list(db, false, &g, &err) != SB_OK)
		fail_msg("store_org_list: %s", err.message);
	got = grid_column(&g, 0);
	assert_string_equal(got, SWEDISH);
	free(got);
	store_grid_free(&g);
	if (store_export_read(db, orgs, 1, NULL, 0, &e, &err) != SB_OK)
		fail_msg("store_export_read: %s", err.message);
	assert_int_equal(e.contacts.rows, 5);
	assert_int_equal(e.links.rows, 5 * 4);
	/* Each contact's links: its four organizations, Swedish order. */
	got = grid_column(&e.links, 1);
	assert_string_equal(got, LINKS LINKS LINKS LINKS
	    "Adam Care|Ágnes Care|Bob Care|Åsa Clinic");
	free(got);
	store_export_free(&e);
	db_free(db);
}

/* The contacts by name, as the pane orders them: by the server's rank. */
static char *
links_by_rank(struct db *db)
{
	struct store_link_query	 q = { .org_id = org_care };
	struct store_rows	 rows;
	struct store_link	*l;
	struct sb_error		 err;
	const char		*names[8] = { NULL };
	char			*out = xstrdup(""), *next;
	size_t			 i;

	if (store_org_contacts(db, &q, &rows, &err) != SB_OK)
		fail_msg("store_org_contacts: %s", err.message);
	assert_int_equal(rows.count, 5);
	l = rows.rows;
	for (i = 0; i < rows.count; i++) {
		assert_true(l[i].name_rank >= 1 && l[i].name_rank <= 5);
		assert_null(names[l[i].name_rank]);
		names[l[i].name_rank] = l[i].first_name;
	}
	for (i = 1; i <= rows.count; i++) {
		next = xasprintf("%s%s%s", out, i > 1 ? "|" : "", names[i]);
		free(out);
		out = next;
	}
	store_rows_free(&rows);
	return out;
}

static void
test_contacts_rank(void **state)
{
	struct db	*db;
	struct sb_error	 err;
	char		*got;

	(void)state;
	db = collate_db("sv-SE");
	got = links_by_rank(db);
	assert_string_equal(got, "Adam|Ágnes|Bob|Zeta|Åsa");
	free(got);
	/* After a reconnect the collation is looked up again. */
	if (db_reset(db, &err) != SB_OK)
		fail_msg("db_reset: %s", err.message);
	got = links_by_rank(db);
	assert_string_equal(got, "Adam|Ágnes|Bob|Zeta|Åsa");
	free(got);
	db_set_collation(db, "und");
	got = links_by_rank(db);
	assert_string_equal(got, "Adam|Ágnes|Åsa|Bob|Zeta");
	free(got);
	db_set_collation(db, NULL);
	got = links_by_rank(db);
	assert_string_equal(got, "Adam|Ágnes|Åsa|Bob|Zeta");
	free(got);
	db_free(db);
}

/* Directory hits carry their rank by name among them as well. */
static void
test_hits_rank(void **state)
{
	struct db		*db = collate_db("sv-SE");
	struct store_rows	 rows;
	struct store_hit	*h;
	struct sb_error		 err;
	const char		*want[] = { NULL, "Adam Lind", "Ágnes Lind",
	    "Bob Lind", "Zeta Lind", "Åsa Lind" };
	size_t			 i;

	(void)state;
	if (store_directory_search(db, "lind", 50, &rows, &err) != SB_OK)
		fail_msg("store_directory_search: %s", err.message);
	assert_int_equal(rows.count, 5);
	h = rows.rows;
	for (i = 0; i < rows.count; i++) {
		assert_true(h[i].name_rank >= 1 && h[i].name_rank <= 5);
		assert_string_equal(h[i].name, want[h[i].name_rank]);
	}
	store_rows_free(&rows);
	db_free(db);
}

/* Rename the ICU collations a Swedish tag may find (to, from: back). */
static void
collate_hide(bool hide)
{
	static const char *const names[] = { "sv-SE-x-icu", "sv-x-icu",
	    "und-x-icu" };
	char	*sql;
	size_t	 i;

	for (i = 0; i < SB_ARRAY_LEN(names); i++) {
		sql = xasprintf("ALTER COLLATION pg_catalog.\"%s%s\" RENAME TO"
		    " \"%s%s\"", names[i], hide ? "" : "-hidden", names[i],
		    hide ? "-hidden" : "");
		testsql_exec(admin, sql);
		free(sql);
	}
}

/*
 * A server without the collations (built without ICU): the folded order
 * under "C" of before, Åsa among the As even for a Swedish tag.
 */
static void
test_no_icu(void **state)
{
	(void)state;
	collate_hide(true);
	assert_orgs("sv-SE", NULL, 2, ROOT);
	assert_orgs("sv-SE", "clinic", 1, "Åsa Clinic|Zeta Clinic");
	collate_hide(false);
	assert_orgs("sv-SE", NULL, 2, SWEDISH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orgs_paged),
		cmocka_unit_test(test_orgs_filter_ties),
		cmocka_unit_test(test_org_list_and_export),
		cmocka_unit_test(test_contacts_rank),
		cmocka_unit_test(test_hits_rank),
		cmocka_unit_test(test_no_icu),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
