/* The duplicates command: labelled pairs, each role's scope, the SQL behind. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testroles.h"
#include "testrun.h"
#include "testsql.h"

#define SUPER		DEMO_ROLE_SUPER
#define PROVIDER	DEMO_ROLE_PROVIDER
#define RIVERSIDE	"Riverside Health"

/*
 * The fixture, labelled by source id. In Riverside: one
 * person (a nickname, the street abbreviated), R-3 and R-4 one (first
 * and last name swapped), R-5 and R-6 one (a typo in the last name, no
 * address, the same last seven digits of a phone), R-7 and R-8 two
 * people (alike names, other addresses). In an organization outside the
 * provider admin's scope: X-1 the person of again, X-2 and
 * X-3 one person. L1 and L2 (made in setup) are one person linked to
 * both organizations.
 */
#define MAP								\
	"source_id: id\nfirst_name: first\nlast_name: last\n"		\
	"phones:\n  - { column: phone, type: work }\n"			\
	"addresses:\n  - { street: street, city: city, postcode: zip,"	\
	" country: country }\n"
#define HEADER	"id,first,last,phone,street,city,zip,country\n"
#define INSIDE HEADER							\
	"R-1,Margaret,Okafor,,12 Mill Lane,Springfield,62701,US\n"	\
	"R-2,Maggie,Okafor,,12 Mill Ln,Springfield,62701,US\n"		\
	"R-3,Jonathan,Whitfield,,4 Elm Street,Shelbyville,62565,US\n"	\
	"R-4,Whitfield,Jonathan,,4 Elm Street,Shelbyville,62565,US\n"	\
	"R-5,Priya,Raghunathan,+1 217 555 0199,88 Oak Avenue,"		\
	"Decatur,62521,US\n"						\
	"R-6,Priya,Raghunathen,+1 312 555 0199,,,,\n"			\
	"R-7,Tomasz,Brzezinski,,1 Lake Road,Peoria,61602,US\n"		\
	"R-8,Tomas,Brzezinska,,900 Hill Road,Quincy,62301,US\n"
#define OUTSIDE HEADER							\
	"X-1,Margaret,Okafor,,12 Mill Lane,Springfield,62701,US\n"	\
	"X-2,Xavier,Quintero,,7 Pine Court,Joliet,60431,US\n"		\
	"X-3,Xavier,Quinteiro,,7 Pine Ct,Joliet,60431,US\n"

/* The duplicates command as role with the arguments that follow. */
#define DUPLICATES(role, ...)						\
	testrun_as(&demo, (role), "duplicates", __VA_ARGS__, NULL)

enum { R1, R2, R3, R4, R5, R6, R7, R8, X1, X2, X3, L1, L2, NIDS };

static struct testdemo	 demo;
static char		 dir[] = "/tmp/sb-duplicates-XXXXXX";
static char		*ids[NIDS];
static char		*outside_id, *outside_name;

static void
write_text(const char *name, const char *text)
{
	char	*path = util_path_join(dir, name);
	FILE	*fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

/* Import the file name of the fixture into org, as the super admin. */
static void
import_fixture(const char *name, const char *org)
{
	char		*file = util_path_join(dir, name);
	char		*map = util_path_join(dir, "map.yaml");
	struct testrun	 r = testrun_as(&demo, SUPER, "import", file, "--org",
			    org, "--format", "csv", "--map", map,
			    "--close-names", "create", "--yes", NULL);

	ASSERT_RUN(r, 0, "", "");
	testrun_free(&r);
	free(file);
	free(map);
}

static int
setup(void **state)
{
	static const char *const source[X3 + 1] = { "R-1", "R-2", "R-3",
	    "R-4", "R-5", "R-6", "R-7", "R-8", "X-1", "X-2", "X-3" };
	const char	*both[3] = { NULL, NULL, NULL };
	char		*riverside;
	int		 i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	testdemo_start(&demo);
	riverside = testroles_org(demo.admin, RIVERSIDE);
	/* Outside the partner admin's scope, and so the provider admin's. */
	for (i = 0; outside_id == NULL || strcmp(outside_id, riverside) == 0;
	    i++) {
		free(outside_id);
		free(outside_name);
		outside_id = testroles_org_outside(demo.admin,
		    DEMO_ROLE_PARTNER, i, &outside_name);
	}
	write_text("map.yaml", MAP);
	write_text("inside.csv", INSIDE);
	write_text("outside.csv", OUTSIDE);
	import_fixture("inside.csv", RIVERSIDE);
	import_fixture("outside.csv", outside_name);
	for (i = 0; i <= X3; i++) {
		ids[i] = testsql_value(demo.admin, "SELECT id FROM sb.contacts"
		    " WHERE source_record_id = $1", source[i], NULL);
		assert_non_null(ids[i]);
	}
	/* One person twice, linked to Riverside and to the outside one. */
	both[0] = riverside;
	both[1] = outside_id;
	for (i = L1; i <= L2; i++)
		ids[i] = testroles_contact(demo.admin, "Nadia", "Leakwell",
		    riverside, "stakeholder", both);
	free(riverside);
	return 0;
}

static int
teardown(void **state)
{
	int	i;

	(void)state;
	for (i = 0; i < NIDS; i++)
		free(ids[i]);
	free(outside_id);
	free(outside_name);
	testdemo_stop(&demo);
	return util_rmtree(dir);
}

/* The line of out (TSV) that pairs ids a and b, or NULL. Caller frees. */
static char *
pair_line(const char *out, int a, int b)
{
	const char	*p, *end;
	char		*line;

	for (p = out; *p != '\0'; p = *end == '\0' ? end : end + 1) {
		end = p + strcspn(p, "\n");
		line = xstrndup(p, (size_t)(end - p));
		if (strstr(line, ids[a]) != NULL &&
		    strstr(line, ids[b]) != NULL)
			return (line);
		free(line);
	}
	return (NULL);
}

/* Whether out pairs a and b; fails the test unless want says so. */
static void
assert_pair(const char *out, int a, int b, bool want)
{
	char	*line = pair_line(out, a, b);

	if ((line != NULL) != want)
		fail_msg("pair %d-%d %s:\n%s", a, b, want ? "missing" :
		    "shown", out);
	free(line);
}

/* Every labelled pair is found, the two people apart are not. */
static void
test_duplicates_super_admin_sees_every_pair(void **state)
{
	struct testrun	 r = DUPLICATES(SUPER, "--format", "tsv");
	char		*line;

	(void)state;
	ASSERT_RUN(r, 0, "id\tname\tother_id\tother_name\tscore\treasons",
	    "");
	assert_pair(r.out, R1, R2, true);
	assert_pair(r.out, R3, R4, true);
	assert_pair(r.out, R5, R6, true);
	assert_pair(r.out, R1, X1, true);
	assert_pair(r.out, R2, X1, true);
	assert_pair(r.out, X2, X3, true);
	assert_pair(r.out, R7, R8, false);
	line = pair_line(r.out, R3, R4);
	assert_non_null(strstr(line, "first and last name swapped"));
	free(line);
	line = pair_line(r.out, R5, R6);
	assert_non_null(strstr(line, "same phone ending 5550199"));
	free(line);
	line = pair_line(r.out, R1, R2);
	assert_non_null(strstr(line, "first name 0.95"));
	free(line);
	testrun_free(&r);
}

/* No line names a contact of the outside organization, not even half. */
static void
assert_no_outside(const char *out)
{
	int	i;

	for (i = X1; i <= X3; i++)
		if (strstr(out, ids[i]) != NULL)
			fail_msg("out of scope contact %d shown:\n%s", i, out);
}

static void
test_duplicates_provider_admin_sees_pairs_in_scope(void **state)
{
	struct testrun	r = DUPLICATES(PROVIDER, "--format", "tsv");

	(void)state;
	ASSERT_RUN(r, 0, "", "");
	assert_pair(r.out, R1, R2, true);
	assert_pair(r.out, R3, R4, true);
	assert_pair(r.out, R5, R6, true);
	assert_no_outside(r.out);
	testrun_free(&r);
}

/* The partner admin and support see the pairs their scopes hold. */
static void
test_duplicates_partner_admin_and_support(void **state)
{
	struct testrun	r;
	char		*sees;

	(void)state;
	r = DUPLICATES(DEMO_ROLE_PARTNER, "--format", "tsv");
	assert_true(r.status == 0 || r.status == 1);
	assert_no_outside(r.out);
	sees = testsql_value(demo.admin, "SELECT sb.access_sees($1,"
	    " 'contact', $2)", DEMO_ROLE_PARTNER, ids[R1], NULL);
	assert_pair(r.out, R1, R2, strcmp(sees, "t") == 0);
	free(sees);
	testrun_free(&r);
	r = DUPLICATES(DEMO_ROLE_SUPPORT, "--format", "tsv");
	ASSERT_RUN(r, 0, "", "");
	assert_pair(r.out, R1, R2, true);
	assert_pair(r.out, R1, X1, true);
	assert_pair(r.out, X2, X3, true);
	testrun_free(&r);
}

/* --org keeps the pairs wholly in it; --min-score the better ones. */
static void
test_duplicates_org_and_min_score(void **state)
{
	struct testrun	r;

	(void)state;
	r = DUPLICATES(SUPER, "--org", RIVERSIDE, "--format", "json");
	ASSERT_RUN(r, 0, "\"reasons\": ", "");
	assert_pair(r.out, R1, R2, true);
	assert_no_outside(r.out);
	testrun_free(&r);
	r = DUPLICATES(SUPER, "--org", outside_name, "--format", "csv");
	ASSERT_RUN(r, 0, "id,name,other_id", "");
	assert_pair(r.out, X2, X3, true);
	assert_pair(r.out, R1, X1, false);
	testrun_free(&r);
	r = DUPLICATES(SUPER, "--org", RIVERSIDE, "--min-score", "0",
	    "--format", "tsv");
	ASSERT_RUN(r, 0, "", "");
	assert_pair(r.out, R7, R8, true);
	testrun_free(&r);
	r = DUPLICATES(SUPER, "--org", RIVERSIDE, "--min-score", "1",
	    "--format", "tsv");
	ASSERT_RUN(r, 0, "", "");
	assert_pair(r.out, R3, R4, true);
	if (strstr(r.out, "\t0.") != NULL)
		fail_msg("a score under 1:\n%s", r.out);
	testrun_free(&r);
}

static void
test_duplicates_usage_and_none(void **state)
{
	struct testrun	r;

	(void)state;
	r = DUPLICATES(SUPER, "--min-score", "1.5");
	ASSERT_RUN(r, 2, "", "\"1.5\" is not a score; a score is a number "
	    "from 0 to 1");
	testrun_free(&r);
	r = DUPLICATES(SUPER, "--min-score", "high");
	ASSERT_RUN(r, 2, "", "\"high\" is not a score");
	testrun_free(&r);
	/* A usage error is said before any server is asked. */
	r = testrun_at(&demo, "/nonexistent/zz", SUPER, "duplicates",
	    "--min-score", "1.5", NULL);
	ASSERT_RUN(r, 2, "", "\"1.5\" is not a score");
	testrun_free(&r);
	r = DUPLICATES(SUPER, "--format", "xml");
	ASSERT_RUN(r, 2, "", "xml");
	testrun_free(&r);
	r = DUPLICATES(SUPER, "--colour");
	ASSERT_RUN(r, 2, "", "usage: switchboard duplicates");
	testrun_free(&r);
	r = DUPLICATES(SUPER, "--org", "No Such Clinic");
	ASSERT_RUN(r, 1, "", "no organization matches");
	testrun_free(&r);
	r = DUPLICATES(PROVIDER, "--org", outside_name);
	assert_int_equal(r.status, 1);
	assert_no_outside(r.out);
	testrun_free(&r);
}

/* As a psql session of the provider admin: the functions reveal nothing. */
static void
test_duplicates_sql_as_provider_admin(void **state)
{
	PGconn	*c = testdb_connect(demo.tdb, PROVIDER);
	char	*n;

	(void)state;
	n = testsql_value(c, "SELECT count(*) FROM sb.duplicate_pairs(NULL, 0)"
	    " WHERE a IN ($1, $2, $3) OR b IN ($1, $2, $3)", ids[X1], ids[X2],
	    ids[X3], NULL);
	assert_string_equal(n, "0");
	free(n);
	/* A pair in scope, both also linked to the outside organization. */
	ASSERT_SQL(c, "1", "SELECT count(*) FROM sb.duplicate_pairs(NULL, 0)"
	    " WHERE a IN ($1, $2) AND b IN ($1, $2)", ids[L1], ids[L2]);
	ASSERT_SQL(c, "0", "SELECT count(*) FROM sb.duplicate_pairs($1, 0)",
	    outside_id);
	ASSERT_SQL(c, "t", "SELECT count(*) > 0 FROM"
	    " sb.duplicate_pairs(NULL, 0)");
	ASSERT_SQLSTATE(c, "42501", "SELECT * FROM sb.duplicate_evidence("
	    "ARRAY[$1, $2]::uuid[])", ids[X2], ids[X3]);
	ASSERT_SQLSTATE(c, "SB004", "SELECT * FROM sb.duplicate_pairs(NULL,"
	    " 2)");
	PQfinish(c);
}

/*
 * The more contacts share a name, the less it says: two Lena Marshes
 * with nothing else known are paired, eight Omar Haddads are not (they
 * are below the default score, with the reason), and a name more than
 * 100 contacts share is not even compared alone: of 102 Maria Garcias
 * only the two at one postcode are paired (each pair once: the header
 * and two lines). Before the cap, 5,151 pairs of Maria Garcias.
 */
static void
test_duplicates_common_name_needs_more(void **state)
{
	static const char	 org[] = "Common Names Clinic";
	struct testrun		 r;
	char			*path = util_path_join(dir, "common.csv");
	FILE			*fp = fopen(path, "w");
	const char		*p;
	int			 i;

	(void)state;
	assert_non_null(fp);
	fputs(HEADER, fp);
	for (i = 0; i < 100; i++)
		fprintf(fp, "C-%d,Maria,Garcia,,,,,\n", i);
	fputs("C-100,Maria,Garcia,,5 Birch Road,Springfield,62704,US\n"
	    "C-101,María,García,,5 Birch Rd,Springfield,62704,US\n"
	    "M-1,Lena,Marsh,,,,,\nM-2,Lena,Marsh,,,,,\n", fp);
	for (i = 0; i < 8; i++)
		fprintf(fp, "H-%d,Omar,Haddad,,,,,\n", i);
	assert_int_equal(fclose(fp), 0);
	free(path);
	r = testrun_as(&demo, SUPER, "org", "add", org, NULL);
	ASSERT_RUN(r, 0, "", "");
	testrun_free(&r);
	import_fixture("common.csv", org);
	r = DUPLICATES(SUPER, "--org", org, "--format", "tsv");
	ASSERT_RUN(r, 0, "Lena Marsh\t", "");
	assert_non_null(strstr(r.out, "Maria Garcia\t"));
	assert_non_null(strstr(r.out, "María García\t"));
	for (i = 0, p = r.out; (p = strchr(p, '\n')) != NULL; p++)
		i++;
	assert_int_equal(i, 3);
	testrun_free(&r);
	r = DUPLICATES(SUPER, "--org", org, "--min-score", "0.5");
	ASSERT_RUN(r, 0, "name shared by 8 contacts", "");
	assert_non_null(strstr(r.out, "Omar Haddad"));
	testrun_free(&r);
}

/*
 * The close-name question finds a nickname with another initial, first
 * and last name swapped, a typo in either name with the other the same;
 * not a name that only shares some letters.
 */
static void
test_close_names_variants(void **state)
{
	static const char *const have[][2] = {
		{ "Robert", "Quillfeather" }, { "Anna", "Brightwater" },
		{ "Marguerite", "Fennimore" }, { "Katharina", "Oberlindt" },
	};
	char	*v;
	size_t	 i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(have); i++)
		free(testsql_value(demo.admin, "SELECT sb.contact_create($1,"
		    " $2)::text", have[i][0], have[i][1], NULL));
	v = testsql_value(demo.admin, "SELECT string_agg(i || ' ' || name,"
	    " ', ' ORDER BY i) FROM sb.contact_close_names("
	    "'{Bob,Brightwater,Marguerite,Katarina,Quill,Feather}',"
	    " '{Quillfeather,Anna,Fenimore,Oberlindt,Robert,Robert}',"
	    " NULL, 0.8, 3)", NULL);
	assert_string_equal(v, "1 Robert Quillfeather, 2 Anna Brightwater, "
	    "3 Marguerite Fennimore, 4 Katharina Oberlindt");
	free(v);
}

/*
 * The close-name question finds a typo in each name ("Oswyn Varak" for
 * Oswin Varek: the whole names 0.33 alike by trigrams, under the 0.4 the
 * question once probed its candidates at), as the provider admin and as
 * the partner admin, never a contact out of the asker's scope (Kasimir
 * Dolan, outside); not a last name only half alike with the first the
 * same ("Ledo Sefuba" for Ledo Gebubi), which a shared organization
 * alone would lift to 0.82. The names it looks in are not a login's to
 * write.
 */
static void
test_close_names_typos(void **state)
{
	static const char *const roles[] = { PROVIDER, DEMO_ROLE_PARTNER };
	static const char	 ask[] = "SELECT string_agg(i || ' ' || name,"
	    " ', ' ORDER BY i) FROM sb.contact_close_names("
	    "'{Oswyn,Kazimir,Ledo}', '{Varak,Dolen,Sefuba}', $1, 0.8, 3)";
	const char		*at[2] = { NULL, NULL };
	char			*riverside;
	PGconn			*c;
	size_t			 i;

	(void)state;
	riverside = testroles_org(demo.admin, RIVERSIDE);
	at[0] = riverside;
	free(testroles_contact(demo.admin, "Oswin", "Varek", riverside,
	    "billing", at));
	free(testroles_contact(demo.admin, "Ledo", "Gebubi", riverside,
	    "billing", at));
	at[0] = outside_id;
	free(testroles_contact(demo.admin, "Kasimir", "Dolan", outside_id,
	    "billing", at));
	for (i = 0; i < SB_ARRAY_LEN(roles); i++) {
		c = testdb_connect(demo.tdb, roles[i]);
		ASSERT_SQL(c, "1 Oswin Varek", ask, riverside, NULL);
		ASSERT_SQLSTATE(c, "42501", "SELECT sb.name_pairs_file("
		    "'{Ilsa}', '{Brocko}', '{ilsa brocko}')", NULL);
		ASSERT_SQLSTATE(c, "42501", "INSERT INTO sb.name_variants"
		    " VALUES ('ilsa', 'ilsa')", NULL);
		PQfinish(c);
	}
	ASSERT_SQL(demo.admin, "1 Oswin Varek, 2 Kasimir Dolan", ask, riverside,
	    NULL);
	free(riverside);
}

/*
 * A contact renamed so that its name key stays ("Zelda Mae" "Quorn" to
 * "Zelda" "Mae Quorn") is asked about under its new names.
 */
static void
test_close_names_renamed(void **state)
{
	char	*id;

	(void)state;
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Zelda Mae',"
	    " 'Quorn')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.contact_update($1, NULL,"
	    " '{\"first_name\": \"Zelda\", \"last_name\": \"Mae Quorn\"}')",
	    id, NULL));
	ASSERT_SQL(demo.admin, "Zelda Mae Quorn", "SELECT name FROM"
	    " sb.contact_close_names('{Zelda}', '{Mae Quorm}')", NULL);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicates_super_admin_sees_every_pair),
		cmocka_unit_test(
		    test_duplicates_provider_admin_sees_pairs_in_scope),
		cmocka_unit_test(test_duplicates_partner_admin_and_support),
		cmocka_unit_test(test_duplicates_org_and_min_score),
		cmocka_unit_test(test_duplicates_usage_and_none),
		cmocka_unit_test(test_duplicates_sql_as_provider_admin),
		cmocka_unit_test(test_duplicates_common_name_needs_more),
		cmocka_unit_test(test_close_names_variants),
		cmocka_unit_test(test_close_names_typos),
		cmocka_unit_test(test_close_names_renamed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
