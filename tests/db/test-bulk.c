/* Tests of the bulk generator and the set-based projection of its load. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/bulk.h"
#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/migrate.h"
#include "testdb.h"
#include "testsql.h"

#define CONTACTS	500
#define ORGS		50

struct fixture {
	struct testdb		*tdb;
	struct db		*db;
	struct bulk_counts	 counts;
};

static const struct bulk_spec spec = { CONTACTS, ORGS, 42 };

static int
setup(void **state)
{
	struct fixture		*f = calloc(1, sizeof *f);
	struct db_params	 p = { .count = 0 };
	struct sb_error		 err;

	f->tdb = testdb_start();
	db_params_set(&p, "host", testdb_host(f->tdb));
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (db_connect(&p, &f->db, &err) != SB_OK ||
	    migrate_run(db_conn(f->db), &err) != SB_OK ||
	    bulk_load(f->db, &spec, &f->counts, &err) != SB_OK)
		fail_msg("setup: %s", err.message);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	db_free(f->db);
	testdb_stop(f->tdb);
	free(f);
	return 0;
}

static long
num(struct fixture *f, const char *sql)
{
	char	*v = testsql_value(db_conn(f->db), sql, NULL);
	long	 n;

	assert_non_null(v);
	n = strtol(v, NULL, 10);
	free(v);
	return n;
}

/* FNV-1a over everything the generator writes. */
static int
hash_out(void *arg, const char *buf, size_t n)
{
	uint64_t	*h = arg;
	size_t		 i;

	for (i = 0; i < n; i++)
		*h = (*h ^ (unsigned char)buf[i]) * 0x100000001b3ULL;
	return 0;
}

static uint64_t
hash_of(const struct bulk_spec *s, struct bulk_counts *c)
{
	uint64_t	h = 0xcbf29ce484222325ULL;

	assert_int_equal(bulk_generate(s, hash_out, &h, c), 0);
	return h;
}

/* The same seed gives the same bytes; another seed other bytes. */
static void
test_bulk_deterministic(void **state)
{
	struct bulk_spec	other = spec;
	struct bulk_counts	a, b;

	(void)state;
	assert_true(hash_of(&spec, &a) == hash_of(&spec, &b));
	assert_memory_equal(&a, &b, sizeof a);
	other.seed = 43;
	assert_true(hash_of(&spec, &a) != hash_of(&other, &b));
}

/* What the generator counted is what the projections hold. */
static void
test_bulk_counts(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(f->counts.contacts, CONTACTS);
	assert_int_equal(f->counts.orgs, ORGS);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.domain_events"),
	    f->counts.events);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.contacts"), CONTACTS);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.organizations"),
	    ORGS);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.organizations"
	    " WHERE kind = 'partner'"), f->counts.partners);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.emails"),
	    f->counts.emails);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.phones"),
	    f->counts.phones);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.addresses"),
	    f->counts.addresses);
	assert_int_equal(num(f, "SELECT count(*) FROM"
	    " sb.organization_contacts WHERE deleted_at IS NULL"),
	    f->counts.links);
	/* Every contact has one primary email and one primary phone. */
	assert_int_equal(num(f, "SELECT count(*) FROM sb.emails"
	    " WHERE is_primary"), CONTACTS);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.contact_phones"
	    " WHERE is_primary"), CONTACTS);
}

/* Organizations whose kept number of contacts is not what the links say. */
#define COUNTS_WRONG							\
	"SELECT count(*) FROM sb.organizations o"			\
	" LEFT JOIN sb.organization_contact_counts k"			\
	"  ON k.organization_id = o.id"					\
	" WHERE coalesce(k.contacts, 0) <> (SELECT count(DISTINCT"	\
	"  oc.contact_id) FROM sb.organization_contacts oc"		\
	"  JOIN sb.contacts c ON c.id = oc.contact_id"			\
	"  WHERE oc.organization_id = o.id AND oc.deleted_at IS NULL"	\
	"  AND oc.starts_on IS NULL AND oc.ends_on IS NULL"		\
	"  AND c.active AND c.deleted_at IS NULL)"

/*
 * The kept contact counts after a bulk projection (links of all 50
 * organizations in one statement: every organization counted again), and
 * after one statement linking contacts to two organizations (only those
 * two counted again). Last: its links bypass the log.
 */
static void
test_bulk_kept_counts(void **state)
{
	struct fixture	*f = *state;

	assert_true(num(f, "SELECT count(*) FROM"
	    " sb.organization_contact_counts") > ORGS / 2);
	assert_int_equal(num(f, COUNTS_WRONG), 0);
	assert_true(num(f, "WITH ins AS (INSERT INTO sb.organization_contacts"
	    " (organization_id, contact_id, role, linked_at)"
	    " SELECT o.id, c.id, 'stakeholder', now()"
	    " FROM (SELECT id FROM sb.organizations ORDER BY id LIMIT 2) o,"
	    " (SELECT id FROM sb.contacts ORDER BY id DESC LIMIT 3) c"
	    " ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM ins")
	    > 1);
	assert_int_equal(num(f, COUNTS_WRONG), 0);
}

/* Most in one organization, a tail in a few, partner contacts in dozens. */
static void
test_bulk_shape(void **state)
{
	struct fixture	*f = *state;
	static const char per[] = "(SELECT contact_id, count(*) AS n FROM"
	    " sb.organization_contacts GROUP BY contact_id) s";
	char		 sql[256];
	long		 one, few, many;

	assert_int_equal(num(f, "SELECT count(*) FROM sb.contacts c WHERE NOT"
	    " EXISTS (SELECT 1 FROM sb.organization_contacts l"
	    " WHERE l.contact_id = c.id)"), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE n = 1", per);
	one = num(f, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE n BETWEEN 2"
	    " AND 4", per);
	few = num(f, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE n >= 20",
	    per);
	many = num(f, sql);
	assert_true(one > CONTACTS * 8 / 10);
	assert_true(few > CONTACTS * 5 / 100 && few < CONTACTS * 15 / 100);
	assert_int_equal(many, CONTACTS / 100);
	/* Those are partner contacts, owned by their partner. */
	assert_int_equal(num(f, "SELECT count(*) FROM sb.contacts c JOIN"
	    " sb.organizations o ON o.id = c.owner_organization_id WHERE"
	    " o.kind = 'partner' AND (SELECT count(*) FROM"
	    " sb.organization_contacts l WHERE l.contact_id = c.id) >= 20"),
	    many);
	/* International names are there. */
	assert_true(num(f, "SELECT count(*) FROM sb.contacts"
	    " WHERE last_name ~ '[^[:ascii:]]'") > 0);
}

#define SNAPSHOT \
	"SELECT md5(string_agg(t, E'\\n' ORDER BY t)) FROM (" \
	"SELECT 'o' || to_jsonb(x)::text t FROM sb.organizations x UNION ALL " \
	"SELECT 'c' || to_jsonb(x)::text FROM sb.contacts x UNION ALL " \
	"SELECT 'p' || to_jsonb(x)::text FROM sb.phones x UNION ALL " \
	"SELECT 'a' || to_jsonb(x)::text FROM sb.addresses x UNION ALL " \
	"SELECT 'e' || to_jsonb(x)::text FROM sb.emails x UNION ALL " \
	"SELECT 'oc' || to_jsonb(x)::text FROM sb.organization_contacts x " \
	"UNION ALL SELECT 'oa' || to_jsonb(x)::text FROM " \
	"sb.organization_addresses x UNION ALL SELECT 'op' || " \
	"to_jsonb(x)::text FROM sb.organization_phones x UNION ALL " \
	"SELECT 'cp' || to_jsonb(x)::text FROM sb.contact_phones x UNION ALL " \
	"SELECT 'ca' || to_jsonb(x)::text FROM sb.contact_addresses x " \
	"UNION ALL SELECT 'pa' || to_jsonb(x)::text FROM " \
	"sb.phone_addresses x) s"

/* Replaying the log event by event gives what the bulk path projected. */
static void
test_bulk_rebuild_equal(void **state)
{
	struct fixture	*f = *state;
	PGconn		*conn = db_conn(f->db);
	char		*before, *after, *n;

	before = testsql_value(conn, SNAPSHOT, NULL);
	n = testsql_value(conn, "SELECT sb.rebuild_projections()", NULL);
	after = testsql_value(conn, SNAPSHOT, NULL);
	assert_non_null(before);
	assert_string_equal(before, after);
	assert_int_equal(strtol(n, NULL, 10), f->counts.events);
	free(before);
	free(after);
	free(n);
}

/* A range holding events the bulk path does not know is refused. */
static void
test_bulk_refuses_other_events(void **state)
{
	struct fixture	*f = *state;
	PGconn		*conn = db_conn(f->db);
	char		*e;

	testsql_exec(conn, "SELECT sb.contact_update(id, NULL,"
	    " '{\"title\": \"Changed\"}') FROM sb.contacts LIMIT 1");
	e = testsql_error(conn, "SELECT sb.bulk_project(max(position),"
	    " max(position)) FROM sb.domain_events", NULL);
	assert_true(testsql_is(e, "SB004"));
	free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_deterministic),
		cmocka_unit_test(test_bulk_counts),
		cmocka_unit_test(test_bulk_shape),
		cmocka_unit_test(test_bulk_rebuild_equal),
		cmocka_unit_test(test_bulk_refuses_other_events),
		cmocka_unit_test(test_bulk_kept_counts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
