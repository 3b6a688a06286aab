/* An import's batch in one call writes what record by record writes. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testroles.h"
#include "testrun.h"
#include "testsql.h"

#define RIVERSIDE	"Riverside Health"
#define NORTHWIND	"Northwind Health Partners"

#define ASSERT_HAS(text, want) do {					\
	if (strstr((text), (want)) == NULL)				\
		fail_msg("no \"%s\" in:\n%s", (want), (text));		\
} while (0)

static struct testdemo	 demo;
static char		 dir[] = "/tmp/sb-import-batch-XXXXXX";
static char		*riverside, *northwind, *matched;

/*
 * The records: a new contact (two pref emails that are one, two pref
 * phones, an address), one an existing contact's email finds, one
 * imported before and unchanged, one whose name is close to a contact's
 * at Riverside, and a second new one with no items.
 */
static const char batch_records[] = "["
    "{\"source_id\": \"tb-new\", \"role\": \"stakeholder\", \"card\": "
    "{\"first_name\": \" Nadia \", \"last_name\": \"Zzbatchnew\", "
    "\"title\": \"Chief\", \"emails\": [{\"address\": "
    "\"nadia.zzb@import.example\", \"type\": \"work\", \"pref\": true}, "
    "{\"address\": \"NADIA.zzb@import.example \", \"type\": \"personal\", "
    "\"pref\": true}], \"phones\": [{\"number\": \"+44 20 7946 0999\", "
    "\"type\": \"mobile\", \"pref\": true}, {\"number\": "
    "\"+44 20 7946 0998\", \"type\": \"office\", \"pref\": true}], "
    "\"addresses\": [{\"type\": \"physical\", \"street1\": "
    "\"1 Batch Lane\", \"city\": \"London\", \"country\": \"gb\"}, "
    "{\"type\": \"physical\", \"street1\": \"1 Batch Lane\", \"city\": "
    "\"London\", \"country\": \"GB\"}]}}, "
    "{\"source_id\": \"tb-mail\", \"role\": \"technical\", \"card\": "
    "{\"first_name\": \"Bella\", \"last_name\": \"Elsewise\", \"emails\": "
    "[{\"address\": \"Bella.Zzmatch@import.example\", \"type\": "
    "\"work\"}]}}, "
    "{\"source_id\": \"tb-src\", \"role\": \"stakeholder\", \"card\": "
    "{\"first_name\": \"Sam\", \"last_name\": \"Zzsource\", \"emails\": "
    "[{\"address\": \"sam.zzsource@import.example\", \"type\": "
    "\"work\"}]}}, "
    "{\"source_id\": \"tb-close\", \"role\": \"technical\", \"card\": "
    "{\"first_name\": \"Odalis\", \"last_name\": \"Zzbatch\"}}, "
    "{\"source_id\": \"tb-plain\", \"role\": \"admin\", \"card\": "
    "{\"first_name\": \"Pia\", \"last_name\": \"Qqnothing\"}}]";

/*
 * What the open transaction wrote, without the ids it made up: each
 * event by its stream (a contact by its source id or name, a phone by
 * its number, an address by its street), its version counted from the
 * stream's first in the transaction, its type, payload and actor; the
 * rows of the new and linked contacts; the lookups; and whether every
 * organization's kept count is a count again.
 */
static const char batch_written_sql[] =
    "WITH e AS (SELECT d.*, min(d.stream_version) OVER (PARTITION BY "
    "  d.stream_id) AS v0 FROM sb.domain_events d "
    "  WHERE d.xact_id = pg_current_xact_id()), "
    "label(id, name) AS (SELECT c.id, coalesce(c.source_record_id, "
    "  c.first_name || ' ' || c.last_name) FROM sb.contacts c "
    "  UNION ALL SELECT p.id, p.number FROM sb.phones p "
    "  UNION ALL SELECT a.id, a.street1 FROM sb.addresses a "
    "  UNION ALL SELECT o.id, o.name FROM sb.organizations o) "
    "SELECT concat_ws(E'\\n', "
    " (SELECT string_agg(concat_ws(' ', e.stream_type, l.name, "
    "   e.stream_version - e.v0, e.event_type, (e.payload - 'email_id' - "
    "   'phone_id' - 'address_id' - 'contact_id')::text, k.name, "
    "   e.actor), E'\\n' ORDER BY l.name, e.stream_type, e.stream_version) "
    "   FROM e JOIN label l ON l.id = e.stream_id LEFT JOIN label k "
    "   ON k.id = (e.payload->>'contact_id')::uuid), "
    " (SELECT string_agg(concat_ws(' ', coalesce(c.source_record_id, "
    "   c.first_name), c.first_name, c.last_name, c.title, c.version, "
    "   c.owner_organization_id, c.source_system, c.updated_by, "
    "   (SELECT string_agg(m.address || m.type || m.is_primary, ',' "
    "    ORDER BY m.address) FROM sb.emails m WHERE m.contact_id = c.id), "
    "   (SELECT string_agg(p.e164 || p.type || l.is_primary, ',' "
    "    ORDER BY p.e164) FROM sb.contact_phones l JOIN sb.phones p "
    "    ON p.id = l.phone_id WHERE l.contact_id = c.id), "
    "   (SELECT string_agg(a.country || a.street1, ',') FROM "
    "    sb.contact_addresses l JOIN sb.addresses a ON a.id = l.address_id "
    "    WHERE l.contact_id = c.id), "
    "   (SELECT string_agg(o.role, ',' ORDER BY o.role) FROM "
    "    sb.organization_contacts o WHERE o.contact_id = c.id "
    "    AND o.deleted_at IS NULL)), E'\\n' ORDER BY c.source_record_id, "
    "   c.first_name) FROM sb.contacts c WHERE c.updated_at = now() "
    "   OR c.id IN (SELECT (e.payload->>'contact_id')::uuid FROM e)), "
    " (SELECT string_agg(concat_ws('/', x.email, x.phone, "
    "   cardinality(x.found), x.actor), ',' ORDER BY x.id) "
    "   FROM sb.contact_lookups x WHERE x.recorded_at = now()), "
    " (SELECT 'organizations ' || string_agg(o.name || ' ' || (o.version "
    "   - coalesce((SELECT min(e.v0) FROM e WHERE e.stream_id = o.id), "
    "   o.version)), ',' ORDER BY o.name) FROM sb.organizations o "
    "   WHERE o.updated_at = now()), "
    " (SELECT 'miscounted ' || count(*) FROM "
    "   sb.organization_contact_counts k FULL JOIN (SELECT "
    "   oc.organization_id, count(DISTINCT oc.contact_id) AS n FROM "
    "   sb.organization_contacts oc JOIN sb.contacts c ON c.id = "
    "   oc.contact_id WHERE oc.deleted_at IS NULL AND oc.starts_on IS NULL "
    "   AND oc.ends_on IS NULL AND c.active AND c.deleted_at IS NULL "
    "   GROUP BY 1) r ON r.organization_id = k.organization_id "
    "   WHERE k.contacts IS DISTINCT FROM r.n AND coalesce(k.contacts, 0) "
    "   <> coalesce(r.n, 0)))";

/* Outcomes of sb.contact_import record by record, as the program runs it. */
static const char batch_each_sql[] =
    "SELECT string_agg(r.n || ' ' || sb.contact_import($1, "
    "  r.x->>'role', 'vcard', r.x->>'source_id', r.x->'card', $3), "
    "  ', ' ORDER BY r.n) "
    "FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS r(x, n)";

/* Outcomes of sb.contact_import_batch. */
static const char batch_one_sql[] =
    "SELECT string_agg(n || ' ' || outcome, ', ' ORDER BY n) "
    "FROM sb.contact_import_batch($1, 'stakeholder', 'vcard', $3, $2)";

/*
 * As role (the superuser's session, SET ROLE, as the program's login is
 * the caller), in a transaction rolled back after: what sql (one of the
 * above) gives and what it wrote. Caller frees.
 */
static char *
batch_run(const char *role, const char *sql, const char *org,
    const char *records, const char *close)
{
	char	*set, *out, *written, *all;

	testsql_exec(demo.admin, "BEGIN");
	set = xasprintf("SET LOCAL ROLE %s", role);
	testsql_exec(demo.admin, set);
	free(set);
	out = testsql_value(demo.admin, sql, org, records, close, NULL);
	testsql_exec(demo.admin, "RESET ROLE");
	written = testsql_value(demo.admin, batch_written_sql, NULL);
	testsql_exec(demo.admin, "ROLLBACK");
	all = xasprintf("%s\n%s", out != NULL ? out : "(no rows)",
	    written != NULL ? written : "");
	free(out);
	free(written);
	return (all);
}

/* The batch and record by record agree on records, and the batch took them. */
static void
batch_compare(const char *role, const char *org, const char *records,
    const char *close, const char *want)
{
	char	*one = batch_run(role, batch_one_sql, org, records, close);
	char	*each = batch_run(role, batch_each_sql, org, records, close);

	if (strcmp(one, each) != 0)
		fail_msg("as %s, %s: one call wrote\n%s\nrecord by record\n%s",
		    role, close, one, each);
	if (strncmp(one, want, strlen(want)) != 0)
		fail_msg("as %s, %s: want \"%s\" in\n%s", role, close, want,
		    one);
	free(one);
	free(each);
}

static int
setup(void **state)
{
	char	*id;

	(void)state;
	assert_non_null(mkdtemp(dir));
	testdemo_start(&demo);
	riverside = testroles_org(demo.admin, RIVERSIDE);
	northwind = testroles_org(demo.admin, NORTHWIND);
	/* Bella: an email the second record finds, linked nowhere. */
	matched = testsql_value(demo.admin, "SELECT sb.contact_create("
	    "'Bella', 'Zzmatch')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.contact_email_add($1, "
	    "'bella.zzmatch@import.example', 'work')::text", matched, NULL));
	/* Odalys at Riverside, whose name is close to the fourth's. */
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Odalys', "
	    "'Zzbatch')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'billing')::text", riverside, id, NULL));
	free(id);
	/* Sam, imported before into both organizations. */
	ASSERT_SQL(demo.admin, "created", "SELECT sb.contact_import($1, "
	    "'stakeholder', 'vcard', 'tb-src', '{\"first_name\": \"Sam\", "
	    "\"last_name\": \"Zzsource\", \"emails\": [{\"address\": "
	    "\"sam.zzsource@import.example\", \"type\": \"work\"}]}', "
	    "'create')", riverside, NULL);
	ASSERT_SQL(demo.admin, "created", "SELECT sb.contact_import($1, "
	    "'stakeholder', 'vcard', 'tb-src', '{\"first_name\": \"Sam\", "
	    "\"last_name\": \"Zzsource\", \"emails\": [{\"address\": "
	    "\"sam.zzsource+nw@import.example\", \"type\": \"work\"}]}', "
	    "'create')", northwind, NULL);
	free(testsql_value(demo.admin, "SELECT sb.contact_email_add(id, "
	    "'sam.zzsource@import.example', 'personal')::text FROM sb.contacts "
	    "WHERE source_record_id = 'tb-src' AND owner_organization_id = $1",
	    northwind, NULL));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(riverside);
	free(northwind);
	free(matched);
	testdemo_stop(&demo);
	return util_rmtree(dir);
}

/*
 * New, matched by email, matched by source id, close and plain records:
 * the same outcomes, events (each stream's, in order, payloads and
 * actor), rows, lookups and counts in one call as record by record, for
 * each choice about close names, as the provider admin and as the
 * partner admin.
 */
static void
test_import_batch_writes_what_each_writes(void **state)
{
	(void)state;
	batch_compare(DEMO_ROLE_PROVIDER, riverside, batch_records, "ask",
	    "1 created, 2 linked, 3 unchanged, 4 close Odalys Zzbatch "
	    "(Riverside Health (billing)), 5 created\n");
	batch_compare(DEMO_ROLE_PROVIDER, riverside, batch_records, "link",
	    "1 created, 2 linked, 3 unchanged, 4 linked, 5 created\n");
	batch_compare(DEMO_ROLE_PROVIDER, riverside, batch_records, "create",
	    "1 created, 2 linked, 3 unchanged, 4 created, 5 created\n");
	batch_compare(DEMO_ROLE_PARTNER, northwind, batch_records, "ask",
	    "1 created, 2 linked, 3 unchanged, 4 close Odalys Zzbatch");
	batch_compare(DEMO_ROLE_PARTNER, northwind, batch_records, "create",
	    "1 created, 2 linked, 3 unchanged, 4 created, 5 created\n");
	batch_compare(DEMO_ROLE_SUPER, riverside, batch_records, "create",
	    "1 created, 2 linked, 3 unchanged, 4 created, 5 created\n");
}

/* The batch's records, record n's card (from 0) replaced by card. */
static char *
batch_with(const char *n, const char *card)
{
	return (testsql_value(demo.admin, "SELECT jsonb_set($1::jsonb, "
	    "ARRAY[$2, 'card'], $3::jsonb)::text", batch_records, n, card,
	    NULL));
}

/*
 * A batch the one call may not take writes nothing: a bad value raises
 * (the program then goes record by record, which names that record); a
 * record that finds what another one writes, or that changes a contact
 * imported before, returns no rows.
 */
static void
test_import_batch_falls_back(void **state)
{
	char	*bad, *twice, *alike, *changed, *before, *e;

	(void)state;
	before = testsql_value(demo.admin, "SELECT count(*) FROM "
	    "sb.domain_events", NULL);
	bad = batch_with("4", "{\"first_name\": \"Bad\", \"emails\": "
	    "[{\"address\": \"not an email\", \"type\": \"work\"}]}");
	testsql_exec(demo.admin, "SET ROLE " DEMO_ROLE_PROVIDER);
	e = testsql_error(demo.admin, "SELECT * FROM sb.contact_import_batch("
	    "$1, 'stakeholder', 'vcard', 'create', $2)", riverside, bad,
	    NULL);
	assert_true(testsql_is(e, "SB004"));
	free(e);
	e = testsql_error(demo.admin, "SELECT sb.contact_import($1, 'admin', "
	    "'vcard', 'tb-plain', $2::jsonb->4->'card', 'create')", riverside,
	    bad, NULL);
	if (strstr(e, "an email address holds no spaces") == NULL)
		fail_msg("unexpected refusal: %s", e);
	free(e);
	/* The same email twice: the second would find the first. */
	twice = batch_with("4", "{\"first_name\": \"Nadine\", \"emails\": "
	    "[{\"address\": \"nadia.zzb@import.example\", \"type\": "
	    "\"work\"}]}");
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM "
	    "sb.contact_import_batch($1, 'stakeholder', 'vcard', 'create', "
	    "$2)", riverside, twice, NULL);
	/*
	 * A name close to one the batch creates before it, to be linked to
	 * that contact: record by record, the first is there to link.
	 * Creating them all, nothing to ask: the batch takes them.
	 */
	alike = batch_with("4", "{\"first_name\": \"Nadja\", \"last_name\": "
	    "\"Zzbatchnew\"}");
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM "
	    "sb.contact_import_batch($1, 'stakeholder', 'vcard', 'link', $2)",
	    riverside, alike, NULL);
	/* A session that raised pg_trgm's threshold still finds them. */
	testsql_exec(demo.admin, "SET pg_trgm.similarity_threshold = 0.9");
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM "
	    "sb.contact_import_batch($1, 'stakeholder', 'vcard', 'link', $2)",
	    riverside, alike, NULL);
	testsql_exec(demo.admin, "RESET pg_trgm.similarity_threshold");
	testsql_exec(demo.admin, "BEGIN");
	ASSERT_SQL(demo.admin, "5", "SELECT count(*) FROM "
	    "sb.contact_import_batch($1, 'stakeholder', 'vcard', 'create', "
	    "$2)", riverside, alike, NULL);
	testsql_exec(demo.admin, "ROLLBACK");
	/* One last name, other first names: not close, the batch takes it. */
	free(alike);
	alike = batch_with("4", "{\"first_name\": \"Jane\", \"last_name\": "
	    "\"Zzbatchnew\"}");
	testsql_exec(demo.admin, "BEGIN");
	ASSERT_SQL(demo.admin, "5", "SELECT count(*) FROM "
	    "sb.contact_import_batch($1, 'stakeholder', 'vcard', 'ask', $2)",
	    riverside, alike, NULL);
	testsql_exec(demo.admin, "ROLLBACK");
	/* Sam's title changes: record by record updates him. */
	changed = batch_with("2", "{\"first_name\": \"Sam\", \"last_name\": "
	    "\"Zzsource\", \"title\": \"Dr\"}");
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM "
	    "sb.contact_import_batch($1, 'stakeholder', 'vcard', 'create', "
	    "$2)", riverside, changed, NULL);
	testsql_exec(demo.admin, "RESET ROLE");
	ASSERT_SQL(demo.admin, before, "SELECT count(*) FROM "
	    "sb.domain_events", NULL);
	free(bad);
	free(twice);
	free(alike);
	free(changed);
	free(before);
}

/*
 * Asking about close names within the batch: a record close to a contact
 * a record before it creates is left out, naming that contact as record
 * by record does, and the batch takes it (it used to go record by
 * record, 14 s a batch of 1,000); a record close to one left out is not
 * asked about it; a typo in each name is close. As the provider admin and
 * as the partner admin, with a session that raised pg_trgm's threshold
 * too.
 */
static void
test_import_batch_close_within(void **state)
{
	const char	*want = "1 created, 2 linked, 3 unchanged, 4 close "
	    "Odalys Zzbatch (Riverside Health (billing)), 5 close Nadia "
	    "Zzbatchnew (Riverside Health (stakeholder))\n";
	char		*alike, *twice, *typos;

	(void)state;
	alike = batch_with("4", "{\"first_name\": \"Nadja\", \"last_name\": "
	    "\"Zzbatchnew\"}");
	batch_compare(DEMO_ROLE_PROVIDER, riverside, alike, "ask", want);
	batch_compare(DEMO_ROLE_PARTNER, northwind, alike, "ask", "1 created, "
	    "2 linked, 3 unchanged, 4 close Odalys Zzbatch");
	testsql_exec(demo.admin, "SET pg_trgm.similarity_threshold = 0.9");
	batch_compare(DEMO_ROLE_PROVIDER, riverside, alike, "ask", want);
	testsql_exec(demo.admin, "RESET pg_trgm.similarity_threshold");
	/* Odalis twice: both asked about Odalys, neither about the other. */
	twice = batch_with("4", "{\"first_name\": \"Odalis\", \"last_name\": "
	    "\"Zzbatch\"}");
	batch_compare(DEMO_ROLE_PROVIDER, riverside, twice, "ask", "1 created, "
	    "2 linked, 3 unchanged, 4 close Odalys Zzbatch (Riverside Health "
	    "(billing)), 5 close Odalys Zzbatch (Riverside Health "
	    "(billing))\n");
	/* A typo in each name, the whole names 0.33 alike by trigrams. */
	typos = testsql_value(demo.admin, "SELECT jsonb_set(jsonb_set($1::jsonb,"
	    " '{0,card}', '{\"first_name\": \"Oswin\", \"last_name\":"
	    " \"Varek\"}'), '{4,card}', '{\"first_name\": \"Oswyn\","
	    " \"last_name\": \"Varak\"}')::text", batch_records, NULL);
	batch_compare(DEMO_ROLE_PROVIDER, riverside, typos, "ask", "1 created, "
	    "2 linked, 3 unchanged, 4 close Odalys Zzbatch (Riverside Health "
	    "(billing)), 5 close Oswin Varek (Riverside Health "
	    "(stakeholder))\n");
	batch_compare(DEMO_ROLE_PARTNER, northwind, typos, "ask", "1 created, "
	    "2 linked, 3 unchanged, 4 close Odalys Zzbatch (Riverside Health "
	    "(billing)), 5 close Oswin Varek (Northwind Health Partners "
	    "(stakeholder))\n");
	free(alike);
	free(twice);
	free(typos);
}

/* Outcomes of sb.contact_import_batch after the batch holding lock 4242. */
static const char batch_after_sql[] =
    "SELECT string_agg(n || ' ' || outcome, ', ' ORDER BY n) "
    "FROM sb.contact_import_batch($1, 'stakeholder', 'vcard', $3, $2, "
    "4242)";

/* Until a session waits for advisory lock 4242. */
static void
batch_await_waiter(void)
{
	char	*n;
	int	 i;

	for (i = 0;; i++) {
		n = testsql_value(demo.admin, "SELECT count(*) FROM pg_locks "
		    "WHERE locktype = 'advisory' AND classid = 0 AND objid = "
		    "4242 AND NOT granted", NULL);
		if (strcmp(n, "1") == 0)
			break;
		free(n);
		if (i == 1000)
			fail_msg("no batch waits for lock 4242");
		usleep(10000);
	}
	free(n);
}

/*
 * As role, one record into org, close names as close says, sent while
 * another transaction of role's holds lock 4242, which the batch names
 * as the batch before it (p_after): once the batch waits, that
 * transaction runs sql (with org) and commits. The batch raises state
 * (or, NULL, takes the record) and, sent again, comes to want.
 */
static void
batch_after(const char *role, const char *org, const char *record,
    const char *close, const char *sql, const char *state, const char *want)
{
	PGconn		*hold = testdb_connect(demo.tdb, role);
	PGconn		*b = testdb_connect(demo.tdb, role);
	char		*records = xasprintf("[%s]", record);
	const char	*params[3] = { org, records, close };
	PGresult	*r;
	char		*got;

	testsql_exec(hold, "BEGIN");
	free(testsql_value(hold, "SELECT pg_advisory_xact_lock(4242)", NULL));
	testsql_exec(b, "BEGIN");
	assert_int_equal(PQsendQueryParams(b, batch_after_sql, 3, NULL,
	    params, NULL, NULL, 0), 1);
	batch_await_waiter();
	free(testsql_value(hold, sql, org, NULL));
	testsql_exec(hold, "COMMIT");
	assert_non_null(r = PQgetResult(b));
	if (state != NULL)
		got = xstrdup(PQresultErrorField(r, PG_DIAG_SQLSTATE) != NULL ?
		    PQresultErrorField(r, PG_DIAG_SQLSTATE) : "(none)");
	else
		got = xstrdup(PQresultStatus(r) == PGRES_TUPLES_OK ?
		    PQgetvalue(r, 0, 0) : PQresultErrorMessage(r));
	PQclear(r);
	while ((r = PQgetResult(b)) != NULL)
		PQclear(r);
	/* Its transaction ends before any check fails: nothing waits. */
	testsql_exec(b, "ROLLBACK");
	if (strcmp(got, state != NULL ? state : want) != 0) {
		PQfinish(b);
		PQfinish(hold);
		fail_msg("as %s, want %s, got %s", role, state != NULL ?
		    state : want, got);
	}
	free(got);
	if (state != NULL) {
		testsql_exec(b, "BEGIN");
		got = testsql_value(b, batch_one_sql, org, records, close,
		    NULL);
		testsql_exec(b, "ROLLBACK");
		if (strncmp(got, want, strlen(want)) != 0)
			fail_msg("as %s, again, want \"%s\", got \"%s\"", role,
			    want, got);
		free(got);
	}
	free(records);
	PQfinish(b);
	PQfinish(hold);
}

/*
 * A batch sent while the one before it is open (as the program sends
 * them on two connections) waits for it, then checks again what it
 * found: a contact created meanwhile with a record's email, or with a
 * name close to one it creates, makes it raise 40001, and sent again it
 * links that contact or asks about it, as record by record; a contact
 * unlike its records lets it take them. As the provider admin and as
 * the partner admin.
 */
static void
test_import_batch_after(void **state)
{
	static const char *const roles[][5] = {
		{ DEMO_ROLE_PROVIDER, "Lena", "Qqlatemail", "Odalys",
		    "Quorvane" },
		{ DEMO_ROLE_PARTNER, "Tamsin", "Qqlatepost", "Ilsabet",
		    "Tremmick" }
	};
	char	*org, *record, *sql, *want;
	size_t	 i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(roles); i++) {
		org = i == 0 ? riverside : northwind;
		record = xasprintf("{\"source_id\": \"tb-late-mail-%zu\", "
		    "\"card\": {\"first_name\": \"Corin\", \"last_name\": "
		    "\"Qqunlike%zu\", \"emails\": [{\"address\": "
		    "\"%s.%s@import.example\", \"type\": \"work\"}]}}", i, i,
		    roles[i][1], roles[i][2]);
		sql = xasprintf("SELECT sb.contact_create_linked($1, "
		    "'billing', '%s', '%s', owner_organization_id => $1, "
		    "email => '%s.%s@import.example')::text", roles[i][1],
		    roles[i][2], roles[i][1], roles[i][2]);
		batch_after(roles[i][0], org, record, "ask", sql, "40001",
		    "1 linked");
		free(record);
		free(sql);
		/* The name, one letter off. */
		record = xasprintf("{\"source_id\": \"tb-late-name-%zu\", "
		    "\"card\": {\"first_name\": \"%.*si\", \"last_name\": "
		    "\"%s\"}}", i, (int)strlen(roles[i][3]) - 1, roles[i][3],
		    roles[i][4]);
		sql = xasprintf("SELECT sb.contact_create_linked($1, "
		    "'billing', '%s', '%s')::text", roles[i][3], roles[i][4]);
		want = xasprintf("1 close %s %s", roles[i][3], roles[i][4]);
		batch_after(roles[i][0], org, record, "ask", sql, "40001",
		    want);
		free(record);
		free(sql);
		free(want);
		record = xasprintf("{\"source_id\": \"tb-late-none-%zu\", "
		    "\"card\": {\"first_name\": \"Corin\", \"last_name\": "
		    "\"Qqunlike%zu\"}}", i, i);
		sql = xasprintf("SELECT sb.contact_create_linked($1, "
		    "'billing', 'Quentin', 'Qqelsewhere%zu')::text", i);
		batch_after(roles[i][0], org, record, "ask", sql, NULL,
		    "1 created");
		free(record);
		free(sql);
	}
}

/*
 * Attacked directly: a provider admin's batch into an organization
 * outside its scope is refused and writes nothing; the helpers are not
 * the person's to call; the mark a batch files its names later under
 * cannot be made by a login; and the setting the batch projects its own
 * events under lets no other append pass unprojected.
 */
static void
test_import_batch_attacked_in_sql(void **state)
{
	PGconn	*prov = testdb_connect(demo.tdb, DEMO_ROLE_PROVIDER);
	char	*outside, *before, *e;

	(void)state;
	outside = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 1,
	    NULL);
	before = testsql_value(demo.admin, "SELECT count(*) FROM "
	    "sb.domain_events", NULL);
	e = testsql_error(prov, "SELECT * FROM sb.contact_import_batch($1, "
	    "'stakeholder', 'vcard', 'create', $2)", outside, batch_records,
	    NULL);
	assert_true(testsql_is(e, "SB003") || testsql_is(e, "42501"));
	free(e);
	ASSERT_SQLSTATE(prov, "42501", "SELECT sb.import_batch_write($1, "
	    "'vcard')", riverside, NULL);
	ASSERT_SQLSTATE(prov, "42501", "SELECT sb.import_batch_project('x')",
	    NULL);
	ASSERT_SQLSTATE(prov, "42501", "SELECT sb.import_batch_link($1, "
	    "'vcard', 'create', pg_current_snapshot())", riverside, NULL);
	ASSERT_SQLSTATE(prov, "42501", "SELECT sb.import_batch_recheck($1, "
	    "'vcard', 'create', pg_current_snapshot())", riverside, NULL);
	ASSERT_SQLSTATE(prov, "42501", "SELECT sb.name_words_file("
	    "ARRAY['qqsneak'])", NULL);
	testsql_exec(prov, "SET sb.projected_by_caller = 'on'");
	ASSERT_SQLSTATE(prov, "SB005", "SELECT sb.contact_import($1, "
	    "'stakeholder', 'vcard', 'tb-sneak', '{\"first_name\": "
	    "\"Sneak\"}', 'create')", riverside, NULL);
	testsql_exec(prov, "RESET sb.projected_by_caller");
	ASSERT_SQL(demo.admin, before, "SELECT count(*) FROM "
	    "sb.domain_events", NULL);
	/*
	 * A login's own table by the name the batch marks its contacts
	 * with does not keep a new contact's names from being filed.
	 */
	testsql_exec(prov, "CREATE TEMP TABLE import_names_later ()");
	free(testsql_value(prov, "SELECT sb.contact_create_linked($1, "
	    "'billing', 'Zedekiah', 'Qqforged')::text", riverside, NULL));
	testsql_exec(prov, "DROP TABLE import_names_later");
	ASSERT_SQL(demo.admin, "1 1", "SELECT (SELECT count(*) FROM "
	    "sb.name_pairs WHERE last = 'qqforged' AND first = 'zedekiah') "
	    "|| ' ' || (SELECT count(*) FROM sb.name_words WHERE word = "
	    "'qqforged')", NULL);
	PQfinish(prov);
	free(before);
	free(outside);
}

/* Cards into the file name under the scratch directory; its path. */
static char *
batch_file(const char *name, const char *cards)
{
	char	*path = util_path_join(dir, name);
	FILE	*fp;

	assert_non_null(fp = fopen(path, "w"));
	fputs(cards, fp);
	assert_int_equal(fclose(fp), 0);
	return (path);
}

/*
 * The program: a file with a record the server refuses (a role there is
 * not) goes record by record and names it by its line; the same file
 * without it goes in one call and reports the same way.
 */
static void
test_import_batch_from_a_file(void **state)
{
	struct testrun	 r;
	char		*bad, *good, *map;

	(void)state;
	map = batch_file("crm.yaml", "source_id: Nr\nfirst_name: Vorname\n"
	    "last_name: Nachname\nrole: Rolle\nemails:\n  - column: Mail\n");
	bad = batch_file("bad.csv", "Nr;Vorname;Nachname;Rolle;Mail\n"
	    "F-1;Fay;Zzfile;billing;fay.zzfile@import.example\n"
	    "F-2;Bella;Elsewise;technical;bella.zzmatch@import.example\n"
	    "F-3;Gus;Zzfile;boss;gus.zzfile@import.example\n");
	good = batch_file("good.csv", "Nr;Vorname;Nachname;Rolle;Mail\n"
	    "F-1;Fay;Zzfile;billing;fay.zzfile@import.example\n"
	    "F-2;Bella;Elsewise;technical;bella.zzmatch@import.example\n"
	    "F-4;Hal;Zzfile;admin;hal.zzfile@import.example\n");
	r = testrun_as(&demo, DEMO_ROLE_PROVIDER, "import", bad, "--map", map,
	    "--org", RIVERSIDE, "--close-names", "create", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "1 new, 1 matched, 0 updated, 0 unchanged, "
	    "1 skipped");
	ASSERT_HAS(r.out, "line 4: skipped: there is no role boss");
	testrun_free(&r);
	r = testrun_as(&demo, DEMO_ROLE_PROVIDER, "import", good, "--map", map,
	    "--org", RIVERSIDE, "--close-names", "create", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "1 new, 0 matched, 0 updated, 2 unchanged, "
	    "0 skipped");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "Fay billing,Hal admin", "SELECT string_agg("
	    "c.first_name || ' ' || l.role, ',' ORDER BY c.first_name) "
	    "FROM sb.contacts c JOIN sb.organization_contacts l ON "
	    "l.contact_id = c.id WHERE c.last_name = 'Zzfile'", NULL);
	free(bad);
	free(good);
	free(map);
}

/*
 * A file of three batches, sent on two connections (each batch while
 * the one before is open): a record whose email a record of the batch
 * before gave finds that record's contact, not made again, as record by
 * record; imported again, every record is unchanged. As the
 * provider admin and as the partner admin.
 */
static void
test_import_batch_two_connections(void **state)
{
	static const char *const who[][3] = {
		{ DEMO_ROLE_PROVIDER, RIVERSIDE, "prov" },
		{ DEMO_ROLE_PARTNER, NORTHWIND, "part" }
	};
	struct testrun	 r;
	char		*map, *path, *name, *same;
	FILE		*fp;
	size_t		 i, k;

	(void)state;
	map = batch_file("pipe.yaml", "source_id: Nr\nfirst_name: Vorname\n"
	    "last_name: Nachname\nrole: Rolle\nemails:\n  - column: Mail\n");
	for (k = 0; k < SB_ARRAY_LEN(who); k++) {
		name = xasprintf("pipe-%s.csv", who[k][2]);
		path = util_path_join(dir, name);
		assert_non_null(fp = fopen(path, "w"));
		fputs("Nr;Vorname;Nachname;Rolle;Mail\n", fp);
		/* 1,500 gives 10's email, 2,200 gives 1,800's. */
		for (i = 1; i <= 2500; i++)
			fprintf(fp, "PP-%zu;Pia;Zzpipe%s;billing;"
			    "pia.%s.%zu@pipe.example\n", i, who[k][2],
			    who[k][2], i == 1500 ? 10 : i == 2200 ? 1800 : i);
		assert_int_equal(fclose(fp), 0);
		r = testrun_as(&demo, who[k][0], "import", path, "--map", map,
		    "--org", who[k][1], "--close-names", "create", "--yes",
		    NULL);
		assert_int_equal(r.status, 0);
		/* Found, each is already linked there in that role. */
		ASSERT_HAS(r.out, "2498 new, 0 matched, 0 updated, "
		    "2 unchanged, 0 skipped");
		testrun_free(&r);
		same = xasprintf("pia.%s.10@pipe.example", who[k][2]);
		ASSERT_SQL(demo.admin, "1", "SELECT count(DISTINCT "
		    "contact_id) FROM sb.emails WHERE address = $1", same,
		    NULL);
		free(same);
		r = testrun_as(&demo, who[k][0], "import", path, "--map", map,
		    "--org", who[k][1], "--close-names", "create", "--yes",
		    NULL);
		assert_int_equal(r.status, 0);
		ASSERT_HAS(r.out, "0 new, 0 matched, 0 updated, "
		    "2500 unchanged, 0 skipped");
		testrun_free(&r);
		free(path);
		free(name);
	}
	free(map);
}

/*
 * A batch that fails while the next one is open on the other connection
 * (a record another session holds past the lock timeout: sent again,
 * then record by record, then refused): the batch before it landed, it
 * and the next are undone, and the message says how many records landed
 * and to which line; run again, the rest lands and what landed shows as
 * unchanged.
 */
static void
test_import_batch_fails_midway(void **state)
{
	struct testrun	 r;
	char		*path = util_path_join(dir, "midway.vcf");
	FILE		*fp;
	size_t		 i;

	(void)state;
	assert_non_null(fp = fopen(path, "w"));
	for (i = 1; i <= 2500; i++)
		fprintf(fp, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Zzmidway%zu;Mo;;;"
		    "\r\nFN:Mo Zzmidway%zu\r\nUID:midway-%zu\r\nEND:VCARD\r\n",
		    i, i, i);
	assert_int_equal(fclose(fp), 0);
	free(testsql_value(demo.admin, "SELECT pg_advisory_lock(hashtext("
	    "'import ' || $1), hashtext('vcard midway-1001'))::text",
	    riverside, NULL));
	r = testrun_as(&demo, DEMO_ROLE_PROVIDER, "import", path, "--org",
	    RIVERSIDE, "--close-names", "create", "--yes", NULL);
	free(testsql_value(demo.admin, "SELECT pg_advisory_unlock(hashtext("
	    "'import ' || $1), hashtext('vcard midway-1001'))::text",
	    riverside, NULL));
	assert_int_equal(r.status, 3);
	ASSERT_HAS(r.err, "another session is saving the same record");
	ASSERT_HAS(r.err, "was imported: its first 1000 records (to line "
	    "5995)");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "1000", "SELECT count(*) FROM sb.contacts "
	    "WHERE last_name LIKE 'Zzmidway%'", NULL);
	r = testrun_as(&demo, DEMO_ROLE_PROVIDER, "import", path, "--org",
	    RIVERSIDE, "--close-names", "create", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "1500 new, 0 matched, 0 updated, 1000 unchanged");
	testrun_free(&r);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_batch_writes_what_each_writes),
		cmocka_unit_test(test_import_batch_falls_back),
		cmocka_unit_test(test_import_batch_close_within),
		cmocka_unit_test(test_import_batch_after),
		cmocka_unit_test(test_import_batch_attacked_in_sql),
		cmocka_unit_test(test_import_batch_from_a_file),
		cmocka_unit_test(test_import_batch_two_connections),
		cmocka_unit_test(test_import_batch_fails_midway),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
