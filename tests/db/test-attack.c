/*
 * The attack suite. Each kind of person, as a hostile psql session on its
 * own login, tries to get around the commands: direct writes to every
 * table, every event type forged by hand, every function it may execute
 * called with other organizations' ids, missing ids, NULLs, huge and
 * wildcard text and decoy JSON, SET ROLE, a lookup hidden in a rolled-back
 * transaction. A try is refused (an error, or nothing changed), allowed
 * (it changed only what that person may change) or a leak: a protected
 * row changed, a hidden value came back, an out-of-scope id answered
 * otherwise than a missing one, a write got around the commands, a lookup
 * left no trace in the server log. Prints the counts per kind; a leak
 * fails the test.
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

#include "switchboard/cluster.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testsql.h"

#define ATTACK_MISSING	"00000000-0000-4000-8000-00000000abcd"
#define ATTACK_ARGS	12
#define ATTACK_HUGE	(1024 * 1024)

/* The organizations, people and logins every attack starts from. */
static const char attack_fixture_sql[] =
    "CREATE ROLE atk_provider LOGIN; CREATE ROLE atk_partner LOGIN;\n"
    "CREATE ROLE atk_support LOGIN; CREATE ROLE atk_support_all LOGIN;\n"
    "GRANT switchboard_user TO atk_provider, atk_partner, atk_support,\n"
    "    atk_support_all;\n"
    "DO $$\n"
    "DECLARE a uuid; b uuid; p uuid; c uuid;\n"
    "BEGIN\n"
    "  a := sb.organization_create('Alpha Clinic', 'provider');\n"
    "  b := sb.organization_create('Beta Clinic', 'provider');\n"
    "  p := sb.organization_create('Gamma Partners', 'partner');\n"
    "  PERFORM sb.organization_phone_add(a, '+1 555 000 0101', 'office');\n"
    "  PERFORM sb.organization_phone_add(b, '+1 555 000 0201', 'office');\n"
    "  PERFORM sb.organization_address_link(b,\n"
    "    sb.address_create('physical', 'US', 'Beta office'));\n"
    "  c := sb.contact_create('Adelheid', 'Alpha');\n"
    "  PERFORM sb.organization_contact_link(a, c, 'billing');\n"
    "  PERFORM sb.contact_email_add(c, 'adelheid@alpha.example');\n"
    "  PERFORM sb.contact_phone_add(c, '+1 555 000 0102', 'mobile');\n"
    "  PERFORM sb.contact_address_link(c,\n"
    "    sb.address_create('physical', 'US', 'Alpha office'));\n"
    "  c := sb.contact_create('Beatrix', 'Beta');\n"
    "  PERFORM sb.organization_contact_link(b, c, 'billing');\n"
    "  PERFORM sb.contact_email_add(c, 'secret-b@beta.example');\n"
    "  PERFORM sb.contact_phone_add(c, '+1 555 000 0202', 'mobile');\n"
    "  PERFORM sb.contact_address_link(c,\n"
    "    sb.address_create('mailing', 'US', 'Beta home'));\n"
    "  c := sb.contact_create('Pia', 'Gamma', owner_organization_id => p);\n"
    "  PERFORM sb.organization_contact_link(p, c, 'technical');\n"
    "  PERFORM sb.organization_contact_link(a, c, 'billing');\n"
    "  PERFORM sb.contact_email_add(c, 'pia@gamma.example');\n"
    "  PERFORM sb.contact_phone_add(c, '+1 555 000 0302', 'mobile');\n"
    "  c := sb.contact_create('Solveig', 'Shared');\n"
    "  PERFORM sb.organization_contact_link(a, c, 'technical');\n"
    "  PERFORM sb.organization_contact_link(b, c, 'technical');\n"
    "  PERFORM sb.contact_email_add(c, 'solveig@shared.example');\n"
    "  PERFORM sb.membership_grant('atk_provider', 'provider_admin', a);\n"
    "  PERFORM sb.membership_grant('atk_partner', 'partner_admin', p);\n"
    "  PERFORM sb.membership_grant('atk_support', 'support', a);\n"
    "  PERFORM sb.membership_grant('atk_support_all', 'support');\n"
    "END $$";

/*
 * A digest of what an attacker must not change: every organization (but
 * the version its link events raise) and membership; the hidden
 * organizations' links; the hidden ($2) and read-only ($3) contacts with
 * their emails, phones, addresses and links; whether the contacts of $5
 * still exist; with $4, the number of events too (read-only people change
 * nothing at all).
 */
static const char attack_digest_sql[] =
    "WITH ho AS (SELECT unnest($1::uuid[]) AS id),"
    " hc AS (SELECT unnest($2::uuid[]) AS id),"
    " rc AS (SELECT unnest($3::uuid[]) AS id),"
    " ac AS (SELECT id FROM hc UNION SELECT id FROM rc),"
    " hp AS (SELECT phone_id AS id FROM sb.contact_phones"
    "   WHERE contact_id IN (SELECT id FROM hc) UNION SELECT phone_id"
    "   FROM sb.organization_phones WHERE organization_id IN"
    "   (SELECT id FROM ho)),"
    " ap AS (SELECT id FROM hp UNION SELECT phone_id FROM"
    "   sb.contact_phones WHERE contact_id IN (SELECT id FROM rc)),"
    " ha AS (SELECT address_id AS id FROM sb.contact_addresses"
    "   WHERE contact_id IN (SELECT id FROM hc) UNION SELECT address_id"
    "   FROM sb.organization_addresses WHERE organization_id IN"
    "   (SELECT id FROM ho))"
    " SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM ("
    " SELECT 'o' || (to_jsonb(o) - 'version' - 'updated_at' -"
    "   'updated_by')::text AS r FROM sb.organizations o"
    " UNION ALL SELECT 'm' || (to_jsonb(m) - 'granted_at')::text"
    "   FROM sb.memberships m"
    " UNION ALL SELECT 'c' || to_jsonb(c)::text FROM sb.contacts c"
    "   WHERE c.id IN (SELECT id FROM ac)"
    " UNION ALL SELECT 'e' || to_jsonb(e)::text FROM sb.emails e"
    "   WHERE e.contact_id IN (SELECT id FROM ac)"
    " UNION ALL SELECT 'p' || to_jsonb(p)::text FROM sb.phones p"
    "   WHERE p.id IN (SELECT id FROM ap)"
    " UNION ALL SELECT 'a' || to_jsonb(a)::text FROM sb.addresses a"
    "   WHERE a.id IN (SELECT id FROM ha)"
    " UNION ALL SELECT 'oc' || to_jsonb(x)::text FROM"
    "   sb.organization_contacts x WHERE x.organization_id IN"
    "   (SELECT id FROM ho) OR x.contact_id IN (SELECT id FROM hc)"
    " UNION ALL SELECT 'op' || to_jsonb(x)::text FROM"
    "   sb.organization_phones x WHERE x.organization_id IN"
    "   (SELECT id FROM ho) OR x.phone_id IN (SELECT id FROM hp)"
    " UNION ALL SELECT 'oa' || to_jsonb(x)::text FROM"
    "   sb.organization_addresses x WHERE x.organization_id IN"
    "   (SELECT id FROM ho) OR x.address_id IN (SELECT id FROM ha)"
    " UNION ALL SELECT 'cp' || to_jsonb(x)::text FROM sb.contact_phones x"
    "   WHERE x.contact_id IN (SELECT id FROM ac)"
    "   OR x.phone_id IN (SELECT id FROM hp)"
    " UNION ALL SELECT 'ca' || to_jsonb(x)::text FROM"
    "   sb.contact_addresses x WHERE x.contact_id IN (SELECT id FROM ac)"
    "   OR x.address_id IN (SELECT id FROM ha)"
    " UNION ALL SELECT 'pa' || to_jsonb(x)::text FROM sb.phone_addresses x"
    "   WHERE x.phone_id IN (SELECT id FROM ap)"
    "   OR x.address_id IN (SELECT id FROM ha)"
    " UNION ALL SELECT 'd' || c.id || coalesce(c.deleted_at::text, '')"
    "   FROM sb.contacts c WHERE c.id = ANY ($5::uuid[])"
    " UNION ALL SELECT 'n' || count(*) FROM sb.domain_events WHERE $4"
    ") d";

/* One kind of person and what it must leave alone, by fixture names. */
struct attacker {
	const char	*role, *label;
	int		 readonly, sees_all;
	const char	*own_org, *own_contact;
	const char	*hidden_orgs, *hidden_contacts, *readonly_contacts;
	const char	*kept_contacts;
	const char	*secrets[8];
};

static const struct attacker attackers[] = {
	{ "atk_provider", "provider admin", 0, 0, "Alpha Clinic", "Adelheid",
	  "Beta Clinic,Gamma Partners", "Beatrix", "Pia", "Solveig",
	  { "secret-b@beta.example", "Beatrix", "+15550000202",
	    "Beta home", "Beta office", NULL } },
	{ "atk_partner", "partner admin", 0, 0, "Gamma Partners", "Pia",
	  "Alpha Clinic,Beta Clinic", "Adelheid,Beatrix,Solveig", "", "",
	  { "secret-b@beta.example", "Beatrix", "adelheid@alpha.example",
	    "Adelheid", "solveig@shared.example", "+15550000102",
	    "Alpha office", NULL } },
	{ "atk_support", "support (one)", 1, 0, "Alpha Clinic", "Adelheid",
	  "Alpha Clinic,Beta Clinic,Gamma Partners",
	  "Adelheid,Beatrix,Pia,Solveig", "", "",
	  { "secret-b@beta.example", "Beatrix", "+15550000202",
	    "Beta home", NULL } },
	{ "atk_support_all", "support (all)", 1, 1, "Alpha Clinic", "Adelheid",
	  "Alpha Clinic,Beta Clinic,Gamma Partners",
	  "Adelheid,Beatrix,Pia,Solveig", "", "", { NULL } },
};

struct tally {
	int	tried, refused, allowed, leaked;
};

/* What one attacker works with: its connection, ids and digest input. */
struct target {
	const struct attacker	*who;
	PGconn			*conn;
	struct tally		 t;
	char			*own_org, *own_contact, *own_phone;
	char			*own_address, *own_email;
	/* Ids of hidden things, one of each kind, for the oracle. */
	char			*hidden[5];
	char			*arrays[5];	/* digest $1..$3, $5 */
	char			*digest;
};

static const char *const hidden_kinds[5] = {
	"contact", "organization", "phone", "address", "email"
};

static struct testdb	*db;
static PGconn		*su;

static char *
attack_id(const char *sql, const char *arg)
{
	char	*id = testsql_value(su, sql, arg, NULL);

	if (id == NULL)
		fail_msg("fixture: nothing for %s (%s)", arg, sql);
	return id;
}

/* The id of something of one's own, or a missing one if it is gone. */
static char *
attack_own(const char *sql, const char *arg)
{
	char	*id = testsql_value(su, sql, arg, NULL);

	return id != NULL ? id : xstrdup(ATTACK_MISSING);
}

/* The ids of the fixture's names (comma-separated) as a uuid[] literal. */
static char *
attack_ids(const char *table, const char *column, const char *names)
{
	char	*sql, *v;

	sql = xasprintf("SELECT '{' || coalesce(string_agg(id::text, ','),"
	    " '') || '}' FROM sb.%s WHERE %s = ANY (string_to_array($1,"
	    " ','))", table, column);
	v = testsql_value(su, sql, names, NULL);
	free(sql);
	return v;
}

static char *
attack_digest(const struct target *g)
{
	return testsql_value(su, attack_digest_sql, g->arrays[0],
	    g->arrays[1], g->arrays[2], g->who->readonly ? "t" : "f",
	    g->arrays[3], NULL);
}

static void
attack_leak(struct target *g, const char *fmt, ...)
{
	va_list	 ap;

	g->t.leaked++;
	printf("LEAK as %s: ", g->who->label);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* The outcome of sql as text: "E:<state> <message>" or "R:<cells>". */
static char *
attack_outcome(PGconn *conn, const char *sql, int n,
    const char *const *params)
{
	PGresult	*res;
	char		*out, *next;
	const char	*state, *msg;
	int		 i, j;

	res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK &&
	    PQresultStatus(res) != PGRES_COMMAND_OK) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		out = xasprintf("E:%s %s", state != NULL ? state : "?????",
		    msg != NULL ? msg : PQerrorMessage(conn));
		PQclear(res);
		return out;
	}
	out = xstrdup("R:");
	for (i = 0; i < PQntuples(res); i++)
		for (j = 0; j < PQnfields(res); j++) {
			next = xasprintf("%s%s|", out, PQgetvalue(res, i, j));
			free(out);
			out = next;
		}
	PQclear(res);
	return out;
}

/*
 * The work a call does, as the functions it completed and how often
 * (pg_stat_xact_user_functions; the cluster tracks them all): a hidden id
 * and a missing one must cost the same, or timing would tell them apart.
 * Run in a transaction that is rolled back.
 */
static char *
attack_profile(PGconn *conn, const char *sql, int n,
    const char *const *params)
{
	PGresult	*res;
	char		*out, *before;

	PQclear(PQexec(conn, "BEGIN"));
	/* The counts not yet reported include earlier transactions'. */
	res = PQexec(conn, "SELECT coalesce(jsonb_object_agg(funcname,"
	    " calls), '{}') FROM pg_stat_xact_user_functions");
	before = xstrdup(PQresultStatus(res) == PGRES_TUPLES_OK ?
	    PQgetvalue(res, 0, 0) : "{}");
	PQclear(res);
	PQclear(PQexec(conn, "SAVEPOINT p"));
	PQclear(PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0));
	PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT p"));
	res = PQexecParams(conn, "SELECT coalesce(string_agg(funcname || ':'"
	    " || calls - coalesce(($1::jsonb ->> funcname)::bigint, 0), ','"
	    " ORDER BY funcname), '') FROM pg_stat_xact_user_functions WHERE"
	    " calls > coalesce(($1::jsonb ->> funcname)::bigint, 0)", 1, NULL,
	    (const char *const *)&before, NULL, NULL, 0);
	out = xstrdup(PQresultStatus(res) == PGRES_TUPLES_OK ?
	    PQgetvalue(res, 0, 0) : PQerrorMessage(conn));
	PQclear(res);
	PQclear(PQexec(conn, "ROLLBACK"));
	free(before);
	return out;
}

/* What a try may do: any success is a leak; it may show hidden values. */
#define ATTACK_MUST_FAIL	0x1
#define ATTACK_MAY_SHOW		0x2

/*
 * One try: run sql as the attacker, then judge it by flags. Returns the
 * outcome; caller frees.
 */
static char *
attack_try(struct target *g, const char *what, const char *sql, int n,
    const char *const *params, int flags)
{
	char	*out, *now;
	size_t	 i;

	g->t.tried++;
	out = attack_outcome(g->conn, sql, n, params);
	now = attack_digest(g);
	if (strcmp(now, g->digest) != 0) {
		attack_leak(g, "%s changed what it must not: %.200s", what,
		    out);
		free(g->digest);
		g->digest = now;
		now = NULL;
	} else if (out[0] == 'R' && (flags & ATTACK_MUST_FAIL))
		attack_leak(g, "%s was allowed", what);
	else if (out[0] == 'E') {
		g->t.refused++;
		if (strncmp(out, "E:57014", 7) == 0)
			attack_leak(g, "%s ran into the statement timeout",
			    what);
	} else
		g->t.allowed++;
	for (i = 0; out[0] == 'R' && !(flags & ATTACK_MAY_SHOW) &&
	    g->who->secrets[i] != NULL; i++)
		if (strstr(out, g->who->secrets[i]) != NULL)
			attack_leak(g, "%s showed \"%s\"", what,
			    g->who->secrets[i]);
	free(now);
	return out;
}

static void
attack_setup_target(struct target *g, const struct attacker *who)
{
	static const char *const hidden_sql[5] = {
		"SELECT id FROM sb.contacts WHERE first_name = $1",
		"SELECT id FROM sb.organizations WHERE name = $1",
		"SELECT phone_id FROM sb.contact_phones l JOIN sb.contacts c"
		" ON c.id = l.contact_id WHERE c.first_name = $1",
		"SELECT address_id FROM sb.contact_addresses l JOIN"
		" sb.contacts c ON c.id = l.contact_id WHERE c.first_name = $1",
		"SELECT e.id FROM sb.emails e JOIN sb.contacts c ON c.id ="
		" e.contact_id WHERE c.first_name = $1"
	};
	int	 i;

	memset(g, 0, sizeof *g);
	g->who = who;
	g->conn = testdb_connect(db, who->role);
	testsql_exec(g->conn, "SET statement_timeout = '5s'");
	/* An earlier attacker may have changed its own things away. */
	g->own_org = attack_own(hidden_sql[1], who->own_org);
	g->own_contact = attack_own(hidden_sql[0], who->own_contact);
	g->own_phone = attack_own(hidden_sql[2], who->own_contact);
	g->own_email = attack_own(hidden_sql[4], who->own_contact);
	g->own_address = attack_own(hidden_sql[3], who->own_contact);
	for (i = 0; i < 5; i++)
		g->hidden[i] = attack_id(hidden_sql[i], i == 1 ?
		    "Beta Clinic" : "Beatrix");
	g->arrays[0] = attack_ids("organizations", "name", who->hidden_orgs);
	g->arrays[1] = attack_ids("contacts", "first_name",
	    who->hidden_contacts);
	g->arrays[2] = attack_ids("contacts", "first_name",
	    who->readonly_contacts);
	g->arrays[3] = attack_ids("contacts", "first_name",
	    who->kept_contacts);
	g->digest = attack_digest(g);
}

static void
attack_clear_target(struct target *g)
{
	int	i;

	PQfinish(g->conn);
	free(g->own_org);
	free(g->own_contact);
	free(g->own_phone);
	free(g->own_address);
	free(g->own_email);
	for (i = 0; i < 5; i++)
		free(g->hidden[i]);
	for (i = 0; i < 4; i++)
		free(g->arrays[i]);
	free(g->digest);
}

/* INSERT, UPDATE, DELETE and TRUNCATE on every table of sb. */
static void
attack_tables(struct target *g)
{
	PGresult	*res;
	char		*sql, *what, *out;
	int		 i, k;

	res = PQexec(su, "SELECT c.relname, (SELECT quote_ident(attname) FROM"
	    " pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND"
	    " attidentity = '' AND attgenerated = '' ORDER BY attnum LIMIT"
	    " 1) FROM pg_class c JOIN pg_namespace n ON n.oid ="
	    " c.relnamespace WHERE n.nspname = 'sb' AND c.relkind IN ('r',"
	    " 'p') ORDER BY 1");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	for (i = 0; i < PQntuples(res); i++) {
		const char	*t = PQgetvalue(res, i, 0);
		const char	*col = PQgetvalue(res, i, 1);

		for (k = 0; k < 4; k++) {
			sql = k == 0 ? xasprintf("INSERT INTO sb.%s DEFAULT "
			    "VALUES", t) : k == 1 ? xasprintf("UPDATE sb.%s "
			    "SET %s = %s", t, col, col) : k == 2 ?
			    xasprintf("DELETE FROM sb.%s", t) :
			    xasprintf("TRUNCATE sb.%s", t);
			what = xasprintf("\"%s\"", sql);
			/* Persons keep their own command log rows. */
			out = attack_try(g, what, sql, 0, NULL,
			    strcmp(t, "command_log") != 0 ?
			    ATTACK_MUST_FAIL : 0);
			free(out);
			free(what);
			free(sql);
		}
	}
	PQclear(res);
}

/* Every event type, by hand, with decoys, extra keys, forgeries, bulk. */
static void
attack_events(struct target *g)
{
	static const char *const types[] = {
		"contact.created", "contact.updated", "contact.deleted",
		"organization.created", "organization.updated",
		"phone.created", "phone.updated", "phone.deleted",
		"address.created", "address.updated", "address.deleted",
		"organization.contact.linked", "organization.contact.unlinked",
		"organization.contact.primary_set",
		"organization.contact.validity_set", "contact.email.added",
		"contact.email.changed", "contact.email.removed",
		"contact.phone.added", "contact.phone.linked",
		"contact.phone.unlinked", "contact.phone.primary_set",
		"contact.address.linked", "phone.address.linked",
		"organization.phone.linked", "organization.address.linked",
		NULL
	};
	/* As oneself and now, as the old policy wanted; and forged. */
	static const char *const forge[2] = {
		"INSERT INTO sb.domain_events (event_id, stream_type,"
		" stream_id, stream_version, event_type, payload) SELECT"
		" gen_random_uuid(), split_part($2, '.', 1), $1,"
		" coalesce(max(stream_version), 0) + 1, $2, $3::jsonb"
		" FROM sb.domain_events WHERE stream_id = $1",
		"INSERT INTO sb.domain_events (event_id, stream_type,"
		" stream_id, stream_version, event_type, payload, actor,"
		" recorded_at) SELECT gen_random_uuid(), split_part($2, '.', 1),"
		" $1, coalesce(max(stream_version), 0) + 1, $2, $3::jsonb,"
		" 'postgres', now() - interval '1 year' FROM sb.domain_events"
		" WHERE stream_id = $1"
	};
	const char	*params[6];
	char		*payload[4], *what, *out, *huge;
	size_t		 i, k;

	huge = xcalloc(1, ATTACK_HUGE + 64);
	snprintf(huge, ATTACK_HUGE + 64, "{\"before\": {\"title\": \"");
	memset(huge + strlen(huge), 'x', ATTACK_HUGE);
	strcat(huge, "\"}}");
	/* A foreign id beside a decoy of one's own, in every key. */
	payload[0] = xasprintf("{\"contact_id\": \"%s\", \"phone_id\": \"%s\","
	    " \"address_id\": \"%s\", \"email_id\": \"%s\", \"role\":"
	    " \"billing\", \"after\": {}}", g->hidden[0], g->own_phone,
	    g->hidden[3], g->hidden[4]);
	/* Keys the appliers must not copy; an invented before. */
	payload[1] = xasprintf("{\"email_id\": \"%s\", \"after\":"
	    " {\"contact_id\": \"%s\", \"address\": \"attacker@evil.example\","
	    " \"deleted_at\": \"2000-01-01T00:00:00Z\", \"created_at\":"
	    " \"2000-01-01T00:00:00Z\"}, \"before\": {\"title\": \"Invented\"}}",
	    g->own_email, g->hidden[0]);
	payload[2] = xstrdup("{}");
	payload[3] = huge;
	for (i = 0; types[i] != NULL; i++)
		for (k = 0; k < 8; k++) {
			params[0] = strncmp(types[i], "organization", 12) == 0 ?
			    g->own_org : g->own_contact;
			params[1] = types[i];
			params[2] = payload[k / 2];
			what = xasprintf("a forged %s event (payload %zu%s)",
			    types[i], k / 2, k % 2 ? ", actor and time" : "");
			out = attack_try(g, what, forge[k % 2], 3, params,
			    ATTACK_MUST_FAIL);
			free(out);
			free(what);
		}
	for (k = 0; k < 4; k++)
		free(payload[k]);
}

/* One argument for function fn's parameter name of type type. */
static const char *
attack_arg(const struct target *g, const char *fn, const char *name,
    const char *type, const char *text)
{
	if (strcmp(type, "uuid") == 0) {
		if (strstr(name, "org") != NULL)
			return g->own_org;
		if (strstr(name, "phone") != NULL)
			return g->own_phone;
		if (strstr(name, "address") != NULL)
			return g->own_address;
		if (strstr(name, "email") != NULL)
			return g->own_email;
		if (strncmp(fn, "phone_", 6) == 0)
			return g->own_phone;
		if (strncmp(fn, "address_", 8) == 0)
			return g->own_address;
		if (strncmp(fn, "organization_", 13) == 0 &&
		    strcmp(name, "id") == 0)
			return g->own_org;
		return g->own_contact;
	}
	if (strcmp(type, "text") == 0) {
		if (text != NULL)
			return text;
		if (strstr(name, "role") != NULL)
			return "billing";
		if (strcmp(name, "prefix") == 0 ||
		    strcmp(name, "stream_type") == 0)
			return "contact.phone";
		return "%";
	}
	if (strcmp(type, "jsonb") == 0)
		return "{\"deleted_at\": \"2000-01-01T00:00:00Z\","
		    " \"created_at\": \"2000-01-01T00:00:00Z\","
		    " \"contact_id\": \"" ATTACK_MISSING "\"}";
	if (strcmp(type, "name") == 0)
		return "postgres";
	if (strcmp(type, "boolean") == 0)
		return "true";
	if (strcmp(type, "integer") == 0 && strcmp(name, "lim") == 0)
		return "5";
	return NULL;
}

/* "SELECT * FROM sb.fn($1::t1, ...)" for n parameters of types. */
static char *
attack_call_sql(const char *fn, char *const *types, int n)
{
	char	*sql, *next;
	int	 i;

	sql = xasprintf("SELECT * FROM sb.%s(", fn);
	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s$%d::%s", sql, i > 0 ? ", " : "", i + 1,
		    types[i]);
		free(sql);
		sql = next;
	}
	next = xasprintf("%s)", sql);
	free(sql);
	return next;
}

/*
 * Function fn with its n parameters (names, types): its plain call; each
 * uuid parameter with each kind of hidden id and with a missing one (the
 * two must answer alike); all NULL; huge and wildcard text in every text
 * parameter. Huge text must be refused unless cheap: the function is pure,
 * PostgreSQL's own (pg_trgm's and unaccent's, which the search uses), or
 * a policy helper (access_*) that only compares its text to a few words.
 */
static void
attack_function(struct target *g, const char *fn, char *const *names,
    char *const *types, int n, int cheap)
{
	const char	*params[ATTACK_ARGS], *nulls[ATTACK_ARGS] = { NULL };
	char		*sql, *what, *a, *b, *na, *nb, *huge;
	int		 i, k;

	sql = attack_call_sql(fn, types, n);
	for (i = 0; i < n; i++)
		params[i] = attack_arg(g, fn, names[i], types[i], NULL);
	what = xasprintf("sb.%s with its own ids", fn);
	free(attack_try(g, what, sql, n, params, 0));
	free(what);
	for (i = 0; i < n; i++) {
		/* A command id is the caller's own, not an entity's. */
		if (strcmp(types[i], "uuid") != 0 ||
		    strstr(names[i], "command") != NULL)
			continue;
		for (k = 0; k < 5; k++) {
			params[i] = g->hidden[k];
			what = xasprintf("sb.%s with a hidden %s as %s", fn,
			    hidden_kinds[k], names[i]);
			a = attack_try(g, what, sql, n, params, 0);
			params[i] = ATTACK_MISSING;
			b = attack_try(g, what, sql, n, params, 0);
			na = testsql_without(a, g->hidden[k]);
			nb = testsql_without(b, ATTACK_MISSING);
			g->t.tried++;
			/* Nothing is hidden from who sees all. */
			if (strcmp(na, nb) != 0 && !g->who->sees_all)
				attack_leak(g, "%s answers \"%.120s\", a "
				    "missing id \"%.120s\"", what, na, nb);
			else
				g->t.refused++;
			free(a);
			free(b);
			params[i] = g->hidden[k];
			a = attack_profile(g->conn, sql, n, params);
			params[i] = ATTACK_MISSING;
			b = attack_profile(g->conn, sql, n, params);
			g->t.tried++;
			if (strcmp(a, b) != 0 && !g->who->sees_all)
				attack_leak(g, "%s does other work (%.200s) "
				    "than for a missing id (%.200s)", what, a,
				    b);
			else
				g->t.refused++;
			free(a);
			free(b);
			free(na);
			free(nb);
			free(what);
		}
		params[i] = attack_arg(g, fn, names[i], types[i], NULL);
	}
	what = xasprintf("sb.%s with NULLs", fn);
	free(attack_try(g, what, sql, n, nulls, 0));
	free(what);
	huge = xcalloc(1, ATTACK_HUGE + 1);
	memset(huge, '%', ATTACK_HUGE);
	for (i = 0; i < n; i++) {
		if (strcmp(types[i], "text") != 0)
			continue;
		params[i] = "%_\\";
		what = xasprintf("sb.%s with wildcards as %s", fn, names[i]);
		free(attack_try(g, what, sql, n, params, 0));
		free(what);
		params[i] = huge;
		what = xasprintf("sb.%s with 1 MB as %s", fn, names[i]);
		free(attack_try(g, what, sql, n, params,
		    cheap ? 0 : ATTACK_MUST_FAIL));
		free(what);
		params[i] = attack_arg(g, fn, names[i], types[i], NULL);
	}
	free(huge);
	free(sql);
}

/* Every function the person may execute, deletes last. */
static void
attack_functions(struct target *g)
{
	PGresult	*res, *args;
	char		*names[ATTACK_ARGS], *types[ATTACK_ARGS];
	const char	*oid;
	int		 i, j, n;

	res = PQexec(su, "SELECT p.oid, p.proname, p.provolatile = 'i' OR"
	    " EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND"
	    " d.classid = 'pg_proc'::regclass AND d.deptype = 'e')"
	    " FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace"
	    " WHERE s.nspname = 'sb' AND has_function_privilege("
	    "'switchboard_user', p.oid, 'EXECUTE') AND p.prokind = 'f'"
	    " AND p.prorettype <> 'trigger'::regtype"
	    " ORDER BY p.proname LIKE '%delete%', p.proname, p.oid");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_true(PQntuples(res) > 40);
	for (i = 0; i < PQntuples(res); i++) {
		oid = PQgetvalue(res, i, 0);
		args = PQexecParams(su, "SELECT coalesce(p.proargnames[a],"
		    " ''), format_type(p.proargtypes[a - 1], NULL) FROM"
		    " pg_proc p, generate_series(1, p.pronargs) a WHERE"
		    " p.oid = $1::oid ORDER BY a", 1, NULL, &oid, NULL, NULL,
		    0);
		assert_int_equal(PQresultStatus(args), PGRES_TUPLES_OK);
		n = PQntuples(args);
		assert_true(n <= ATTACK_ARGS);
		for (j = 0; j < n; j++) {
			names[j] = PQgetvalue(args, j, 0);
			types[j] = PQgetvalue(args, j, 1);
		}
		attack_function(g, PQgetvalue(res, i, 1), names, types, n,
		    strcmp(PQgetvalue(res, i, 2), "t") == 0 ||
		    strncmp(PQgetvalue(res, i, 1), "access_", 7) == 0);
		PQclear(args);
	}
	PQclear(res);
}

/* Becoming someone else. */
static void
attack_roles(struct target *g)
{
	static const char *const tries[] = {
		"SET ROLE switchboard_owner", "SET ROLE postgres",
		"SET ROLE atk_support_all", "SET ROLE atk_provider",
		"SET SESSION AUTHORIZATION postgres",
		"SET SESSION AUTHORIZATION switchboard_owner", NULL
	};
	char	*what;
	size_t	 i;

	for (i = 0; tries[i] != NULL; i++) {
		/* Being oneself is no attack. */
		if (strcmp(tries[i] + 9, g->who->role) == 0)
			continue;
		what = xasprintf("\"%s\"", tries[i]);
		free(attack_try(g, what, tries[i], 0, NULL,
		    ATTACK_MUST_FAIL));
		free(what);
		testsql_exec(g->conn, "RESET ROLE");
	}
}

/* An out-of-scope lookup, rolled back, still leaves its line. */
static void
attack_hidden_lookup(struct target *g)
{
	char	*out, *line;

	if (g->who->readonly)
		return;
	/* Finding a contact by its exact email is what the lookup is for. */
	testsql_exec(g->conn, "BEGIN");
	out = attack_try(g, "a lookup in a rolled-back transaction",
	    "SELECT * FROM sb.contact_find_existing("
	    "'secret-b@beta.example', NULL)", 0, NULL, ATTACK_MAY_SHOW);
	testsql_exec(g->conn, "ROLLBACK");
	line = xasprintf("switchboard: %s looked up existing contacts by "
	    "email 'secret-b@beta.example'", g->who->role);
	g->t.tried++;
	if (!testdb_log_has(db, line))
		attack_leak(g, "a rolled-back lookup left no trace (%s)",
		    out);
	else
		g->t.refused++;
	free(line);
	free(out);
}

static void
test_attack(void **state)
{
	struct target	g;
	size_t		i;
	int		leaked = 0;

	(void)state;
	for (i = 0; i < sizeof attackers / sizeof attackers[0]; i++) {
		attack_setup_target(&g, &attackers[i]);
		attack_tables(&g);
		attack_events(&g);
		attack_roles(&g);
		attack_hidden_lookup(&g);
		attack_functions(&g);
		printf("attack as %s: %d tried, %d refused, %d allowed in "
		    "scope, %d leaked\n", g.who->label, g.t.tried,
		    g.t.refused, g.t.allowed, g.t.leaked);
		assert_true(g.t.refused > 100);
		leaked += g.t.leaked;
		attack_clear_target(&g);
	}
	assert_int_equal(leaked, 0);
}

/*
 * What the screen shows is what is dialled: as an admin of its own
 * contact and organization, each writer tries to store a phone whose
 * E.164 form is not its number, a number with letters, controls or bidi
 * marks, an extension that is not digits, and emails with controls or
 * beyond RFC 5321's lengths. Every one is SB004 and leaves nothing; the
 * plain ones beside them are stored with the E.164 form of their number.
 */
static const char *const entry_phones[][3] = {
	/* number, extension, e164 claimed */
	{ "+1 217 555 0100", TESTSQL_NULL, "+19005550199" },
	{ "+1 217 555 0101 Evil\033[2J", TESTSQL_NULL, TESTSQL_NULL },
	{ "+1 217 555 0101\033", TESTSQL_NULL, TESTSQL_NULL },
	{ "+1 217 555 0101\342\200\256", TESTSQL_NULL, TESTSQL_NULL },
	{ "+1 217 555 0101\302\205", TESTSQL_NULL, TESTSQL_NULL },
	{ "+1 217 555 0101", "12a", TESTSQL_NULL },
	{ "+1 217 555 0101", "\033[2J", TESTSQL_NULL },
	{ "217 555 0101", TESTSQL_NULL, TESTSQL_NULL },
	{ "217 555 0101", TESTSQL_NULL, "+19005550101" },
	{ "+1 217 555 01", TESTSQL_NULL, TESTSQL_NULL },
	{ "+44 020 7946 0958", TESTSQL_NULL, TESTSQL_NULL },
	{ "+1 217 555 0101", TESTSQL_NULL, "+12175550101 " },
	{ "1-800-FLOWERS", TESTSQL_NULL, "+18003569377" },
};

static const char *const entry_emails[] = {
	"evil\033]52;c;aGk=\007@x.example",
	"a\342\200\213b@x.example",
	"a\342\200\256b@x.example",
	"a\302\233b@x.example",
	"a b@x.example",
	"a@localhost",
	"a@x..example",
	"@x.example",
	"a@b@x.example",
};

static void
attack_entry_as(const char *role, const char *first_name, const char *org)
{
	static const char count_sql[] = "SELECT (SELECT count(*) FROM"
	    " sb.contact_phones l WHERE l.contact_id = $1) || '/' || (SELECT"
	    " count(*) FROM sb.emails e WHERE e.contact_id = $1) || '/' ||"
	    " (SELECT count(*) FROM sb.phones)";
	PGconn	*conn = testdb_connect(db, role);
	char	*c, *o, *ph, *em, *before, *long_local, *long_label;
	char	*long_total, *id;
	size_t	 i;

	c = attack_id("SELECT id FROM sb.contacts WHERE first_name = $1",
	    first_name);
	o = attack_id("SELECT id FROM sb.organizations WHERE name = $1", org);
	ph = attack_id("SELECT phone_id FROM sb.contact_phones WHERE"
	    " contact_id = $1 LIMIT 1", c);
	em = attack_id("SELECT id FROM sb.emails WHERE contact_id = $1"
	    " LIMIT 1", c);
	before = testsql_value(su, count_sql, c, NULL);
	for (i = 0; i < sizeof entry_phones / sizeof entry_phones[0]; i++) {
		ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_phone_add($1,"
		    " $2, 'mobile', $3, false, $4)", c, entry_phones[i][0],
		    entry_phones[i][1], entry_phones[i][2]);
		ASSERT_SQLSTATE(conn, "SB004", "SELECT"
		    " sb.organization_phone_add($1, $2, 'office', $3, false,"
		    " $4)", o, entry_phones[i][0], entry_phones[i][1],
		    entry_phones[i][2]);
		ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.phone_update($1,"
		    " NULL, jsonb_strip_nulls(jsonb_build_object('number',"
		    " $2::text, 'extension', $3::text, 'e164', $4::text)))", ph,
		    entry_phones[i][0], entry_phones[i][1], entry_phones[i][2]);
	}
	/* A new e164 alone must be the current number's. */
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.phone_update($1, NULL,"
	    " '{\"e164\": \"+19005550199\"}')", ph, NULL);
	long_local = xasprintf("%0*d@x.example", 65, 0);
	long_label = xasprintf("a@%0*d.example", 64, 0);
	/* 255 bytes, each part within its own limit. */
	long_total = xasprintf("%0*d@%0*d.%0*d.%0*d.example", 64, 0, 60, 0,
	    60, 0, 60, 0);
	for (i = 0; i < sizeof entry_emails / sizeof entry_emails[0] + 3;
	    i++) {
		const char *a = i < sizeof entry_emails / sizeof entry_emails[0]
		    ? entry_emails[i] : i % 3 == 0 ? long_local : i % 3 == 1 ?
		    long_label : long_total;

		ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_email_add($1,"
		    " $2)", c, a);
		ASSERT_SQLSTATE(conn, "SB004", "SELECT"
		    " sb.contact_email_change($1, $2, jsonb_build_object("
		    "'address', $3::text))", c, em, a);
	}
	ASSERT_SQL(su, before, count_sql, c, NULL);
	ASSERT_SQL(conn, "0", "SELECT count(*) FROM sb.emails WHERE address"
	    " ~ '[\\x01-\\x1f]'", NULL);
	/* The plain ones pass, with the E.164 form of their number. */
	id = testsql_value(conn, "SELECT sb.contact_phone_add($1,"
	    " '020 7946 0958', 'office', e164 => '+442079460958')", c, NULL);
	ASSERT_SQL(conn, "+442079460958|", "SELECT e164 || '|' ||"
	    " coalesce(extension, '') FROM sb.phones WHERE id = $1", id, NULL);
	free(id);
	id = testsql_value(conn, "SELECT sb.contact_phone_add($1,"
	    " '+1 (217) 555-0177', 'office', ' 45 ')", c, NULL);
	ASSERT_SQL(conn, "+12175550177|45", "SELECT e164 || '|' || extension"
	    " FROM sb.phones WHERE id = $1", id, NULL);
	free(id);
	ASSERT_SQL(conn, "t", "SELECT sb.contact_email_add($1,"
	    " 'plain.person@x.example') IS NOT NULL", c, NULL);
	free(long_local);
	free(long_label);
	free(long_total);
	free(before);
	free(em);
	free(ph);
	free(o);
	free(c);
	PQfinish(conn);
}

static void
test_attack_entry_rules(void **state)
{
	(void)state;
	attack_entry_as("atk_provider", "Adelheid", "Alpha Clinic");
	attack_entry_as("atk_partner", "Pia", "Gamma Partners");
}

/*
 * An item with its primary mark is one save: when the server refuses the
 * mark (a trigger here), the phone or email is not added either. As the
 * provider admin and as the partner admin, on a contact of their own.
 */
static void
test_item_with_mark_whole(void **state)
{
	static const char count_sql[] = "SELECT (SELECT count(*) FROM"
	    " sb.phones) || '/' || (SELECT count(*) FROM sb.emails) || '/' ||"
	    " (SELECT count(*) FROM sb.domain_events)";
	static const char *const who[][2] = {
		{ "atk_provider", "Adelheid" }, { "atk_partner", "Pia" },
	};
	PGconn	*conn;
	char	*c, *before;
	size_t	 i;

	(void)state;
	testsql_exec(su, "CREATE FUNCTION public.refuse_marks() RETURNS"
	    " trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.is_primary THEN"
	    " RAISE EXCEPTION USING ERRCODE = 'SB004', MESSAGE = 'no marks';"
	    " END IF; RETURN NEW; END $$;"
	    "CREATE TRIGGER refuse_marks BEFORE INSERT OR UPDATE ON"
	    " sb.contact_phones FOR EACH ROW EXECUTE FUNCTION"
	    " public.refuse_marks();"
	    "CREATE TRIGGER refuse_marks BEFORE INSERT OR UPDATE ON"
	    " sb.emails FOR EACH ROW EXECUTE FUNCTION public.refuse_marks()");
	for (i = 0; i < SB_ARRAY_LEN(who); i++) {
		conn = testdb_connect(db, who[i][0]);
		c = attack_id("SELECT id FROM sb.contacts WHERE first_name ="
		    " $1", who[i][1]);
		before = testsql_value(su, count_sql, NULL);
		ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_phone_add($1,"
		    " '+1 217 555 0166', 'mobile', make_primary => true)", c,
		    NULL);
		ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_email_add($1,"
		    " 'marked@x.example', 'work', true)", c, NULL);
		ASSERT_SQL(su, before, count_sql, NULL);
		free(before);
		free(c);
		PQfinish(conn);
	}
	testsql_exec(su, "DROP TRIGGER refuse_marks ON sb.contact_phones;"
	    "DROP TRIGGER refuse_marks ON sb.emails;"
	    "DROP FUNCTION public.refuse_marks()");
}

/*
 * Every write path, as the provider admin and as the partner admin in
 * their own organization: a new contact with its link, email and mobile;
 * its fields, role, primary mark and validity; phones, addresses and
 * emails of the contact and of the organization, their links and primary
 * marks; the delete. All of it must pass, with each event on the login's
 * name; what only super admins may do must not.
 */
static const char writes_sql[] =
    "DO $$\n"
    "DECLARE\n"
    "o uuid := (SELECT id FROM sb.organizations WHERE name ="
    " current_setting('sbtest.org'));\n"
    "c uuid; p uuid; p2 uuid; a uuid; e uuid; v integer;\n"
    "BEGIN\n"
    "c := sb.contact_create_linked(o, 'billing', 'Wes', 'Writer',"
    " owner_organization_id => o, email => 'wes@writer.example', mobile"
    " => '+1 217 555 0131');\n"
    "v := sb.contact_update(c, NULL, '{\"title\": \"One\"}');\n"
    "v := sb.contact_update_in_role(c, v, '{\"title\": \"Two\"}', o,"
    " 'billing', 'technical', true);\n"
    "PERFORM sb.organization_contact_clear_primary(o, c, 'technical');\n"
    "PERFORM sb.organization_contact_set_primary(o, c, 'technical');\n"
    "PERFORM sb.organization_contact_set_validity(o, c, 'technical',"
    " '2026-01-01', '2027-01-01');\n"
    "PERFORM sb.organization_contact_clear_validity(o, c, 'technical');\n"
    "PERFORM sb.organization_contact_change_role(o, c, 'technical',"
    " 'billing', false);\n"
    "PERFORM sb.organization_contact_link(o, c, 'emergency');\n"
    "PERFORM sb.organization_contact_unlink(o, c, 'emergency');\n"
    "p := sb.phone_create('+1 217 555 0132', 'office');\n"
    "PERFORM sb.contact_phone_link(c, p);\n"
    "PERFORM sb.phone_update(p, NULL, '{\"type\": \"mobile\"}');\n"
    "PERFORM sb.contact_phone_set_primary(c, p);\n"
    "PERFORM sb.contact_phone_clear_primary(c, p);\n"
    "p2 := sb.contact_phone_add(c, '+1 217 555 0133', 'mobile');\n"
    "a := sb.address_create('physical', 'US', 'Writer office');\n"
    "PERFORM sb.contact_address_link(c, a);\n"
    "PERFORM sb.phone_address_link(p, a);\n"
    "PERFORM sb.phone_address_unlink(p, a);\n"
    "PERFORM sb.link_set('phone.address', p, a, true);\n"
    "PERFORM sb.link_set('phone.address', p, a, false);\n"
    "PERFORM sb.address_update(a, NULL, '{\"city\": \"Springfield\"}');\n"
    "PERFORM sb.organization_address_link(o, a);\n"
    "PERFORM sb.organization_address_unlink(o, a);\n"
    "PERFORM sb.contact_address_unlink(c, a);\n"
    "PERFORM sb.contact_address_link(c, a);\n"
    "PERFORM sb.address_delete(a, NULL);\n"
    "PERFORM sb.phone_delete(p2, NULL);\n"
    "PERFORM sb.contact_phone_unlink(c, p);\n"
    "p := sb.organization_phone_add(o, '+1 217 555 0134', 'office');\n"
    "PERFORM sb.organization_phone_unlink(o, p);\n"
    "PERFORM sb.organization_phone_link(o, p);\n"
    "e := sb.contact_email_add(c, 'wes.two@writer.example');\n"
    "PERFORM sb.contact_email_change(c, e, '{\"type\": \"personal\"}');\n"
    "PERFORM sb.contact_email_change_seen(c, e, '{\"type\":"
    " \"personal\"}', '{\"is_primary\": true}');\n"
    "PERFORM sb.contact_email_remove_seen(c, e, '{\"is_primary\":"
    " true}');\n"
    "e := sb.contact_email_add(c, 'wes.three@writer.example');\n"
    "PERFORM sb.contact_email_remove(c, e);\n"
    "PERFORM sb.contact_delete(c, NULL, o);\n"
    "END $$;\n";

static void
test_writes_as_admins(void **state)
{
	static const char *const who[][2] = {
		{ "atk_provider", "Alpha Clinic" },
		{ "atk_partner", "Gamma Partners" },
	};
	PGconn	*conn;
	char	*o, *set, *before;
	size_t	 i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(who); i++) {
		conn = testdb_connect(db, who[i][0]);
		before = testsql_value(su, "SELECT count(*) FROM"
		    " sb.domain_events WHERE actor = $1", who[i][0], NULL);
		set = xasprintf("SET sbtest.org = '%s'", who[i][1]);
		testsql_exec(conn, set);
		testsql_exec(conn, writes_sql);
		ASSERT_SQL(su, "t", "SELECT count(*) > $2::integer + 40 FROM"
		    " sb.domain_events WHERE actor = $1", who[i][0], before,
		    NULL);
		o = attack_id("SELECT id FROM sb.organizations WHERE name ="
		    " $1", who[i][1]);
		ASSERT_SQLSTATE(conn, "42501", "SELECT sb.organization_update("
		    "$1, NULL, '{\"name\": \"Renamed\"}')", o, NULL);
		ASSERT_SQLSTATE(conn, "42501", "SELECT"
		    " sb.organization_create('Mine', 'provider')", NULL);
		ASSERT_SQLSTATE(conn, "42501", "SELECT sb.membership_grant($1,"
		    " 'super_admin', NULL)", who[i][0], NULL);
		free(o);
		free(set);
		free(before);
		PQfinish(conn);
	}
}

/*
 * Even the superuser's events carry only the keys their type defines: the
 * appliers refuse any other rather than copy it (a contact_id planted in
 * an email, a deleted_at in a contact, a key beside a link's id).
 */
static void
test_attack_appliers(void **state)
{
	static const char *const planted[][2] = {
		{ "contact.updated", "{\"after\": {\"deleted_at\": \"2000-01-01\"}}" },
		{ "contact.updated", "{\"after\": {\"title\": \"x\"}, \"actor\": 1}" },
		{ "contact.email.changed", "{\"email_id\": \"" ATTACK_MISSING
		    "\", \"after\": {\"contact_id\": \"" ATTACK_MISSING "\"}}" },
		{ "contact.phone.linked", "{\"phone_id\": \"" ATTACK_MISSING
		    "\", \"address_id\": \"" ATTACK_MISSING "\"}" },
		{ "contact.updated", "{\"after\": \"title\"}" },
		{ "contact.renamed", "{}" },
	};
	static const char attack_state_sql[] = "SELECT md5(string_agg(r,"
	    " '|' ORDER BY r)) FROM (SELECT to_jsonb(c)::text AS r FROM"
	    " sb.contacts c UNION ALL SELECT to_jsonb(e)::text FROM sb.emails e"
	    " UNION ALL SELECT to_jsonb(l)::text FROM sb.organization_contacts"
	    " l) x";
	char	*c, *before;
	size_t	 i;

	(void)state;
	c = testsql_value(su, "SELECT id FROM sb.contacts WHERE first_name ="
	    " 'Beatrix'", NULL);
	for (i = 0; i < sizeof planted / sizeof planted[0]; i++)
		ASSERT_SQLSTATE(su, "SB004", "INSERT INTO sb.domain_events"
		    " (event_id, stream_type, stream_id, stream_version,"
		    " event_type, payload) SELECT gen_random_uuid(), 'contact',"
		    " $1, max(stream_version) + 1, $2, $3::jsonb FROM"
		    " sb.domain_events WHERE stream_id = $1", c, planted[i][0],
		    planted[i][1]);
	/* What a command writes passes, and replays to the same state. */
	free(testsql_value(su, "SELECT sb.contact_update($1, NULL,"
	    " '{\"title\": \"Checked\"}')", c, NULL));
	before = testsql_value(su, attack_state_sql, NULL);
	free(testsql_value(su, "SELECT sb.rebuild_projections()", NULL));
	ASSERT_SQL(su, before, attack_state_sql, NULL);
	free(before);
	free(c);
}

static int
setup(void **state)
{
	(void)state;
	db = testdb_start_migrated(&su);
	testsql_exec(su, attack_fixture_sql);
	testsql_exec(su, "ALTER SYSTEM SET track_functions = 'all'");
	free(testsql_value(su, "SELECT pg_reload_conf()", NULL));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	PQfinish(su);
	testdb_stop(db);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attack_appliers),
		cmocka_unit_test(test_attack_entry_rules),
		cmocka_unit_test(test_item_with_mark_whole),
		cmocka_unit_test(test_writes_as_admins),
		cmocka_unit_test(test_attack),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
