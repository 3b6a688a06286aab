/* Benchmark: the contacts of an organization, timed and explained. */
#include "config.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/store.h"
#include "bench.h"

/* The statement store_org_contacts runs (src/store-read.c), to explain. */
static const char bench_sql_links[] =
    "SELECT c.id, coalesce(c.first_name, ''), coalesce(c.last_name, ''),"
    " coalesce(c.title, ''), oc.role, oc.is_primary, c.active,"
    " c.do_not_contact, coalesce(oc.starts_on::text, ''),"
    " coalesce(oc.ends_on::text, '')"
    " FROM sb.organization_contacts_on(coalesce($3::date, current_date)) oc"
    " JOIN sb.contacts c ON c.id = oc.contact_id AND c.deleted_at IS NULL"
    " JOIN sb.contact_roles r ON r.code = oc.role"
    " WHERE oc.organization_id = $1::uuid"
    " AND ($2::text IS NULL OR oc.role = $2)"
    " AND ($4::bool OR c.active)"
    " ORDER BY r.sort_order, oc.is_primary DESC,"
    " c.name_key, c.id";

/* The organization with the most active links, and how many. */
static char *
bench_sql_biggest(struct db *db, long *n)
{
	PGresult	*res;
	struct sb_error	 err;
	char		*id;

	if (db_exec(db, "SELECT organization_id, count(*) FROM"
	    " sb.organization_contacts WHERE deleted_at IS NULL"
	    " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1", 0, NULL, &res, &err) !=
	    SB_OK)
		bench_die("biggest organization", &err);
	id = strdup(PQgetvalue(res, 0, 0));
	*n = atol(PQgetvalue(res, 0, 1));
	PQclear(res);
	return id;
}

static void
bench_sql_explain(struct db *db, const char *org)
{
	const char	*params[] = { org, NULL, NULL, "false" };
	PGresult	*res;
	struct sb_error	 err;
	char		 sql[sizeof bench_sql_links + 64];
	int		 i;

	snprintf(sql, sizeof sql, "EXPLAIN (ANALYZE, BUFFERS) %s",
	    bench_sql_links);
	if (db_exec(db, sql, 4, params, &res, &err) != SB_OK)
		bench_die("explain", &err);
	for (i = 0; i < PQntuples(res); i++)
		printf("explain\t%s\n", PQgetvalue(res, i, 0));
	PQclear(res);
}

/* Time store_org_contacts on org, runs times, as the cluster's person. */
static void
bench_sql_time(struct db *db, const char *org, long links, int runs,
    const char *what)
{
	struct store_link_query	 q = { .org_id = org };
	struct store_rows	 rows;
	struct sb_error		 err;
	double			*t = calloc(runs, sizeof *t), t0;
	int			 i;
	size_t			 got = 0;

	for (i = 0; i < runs; i++) {
		t0 = bench_now_ms();
		if (store_org_contacts(db, &q, &rows, &err) != SB_OK)
			bench_die("org contacts", &err);
		t[i] = bench_now_ms() - t0;
		got = rows.count;
		store_rows_free(&rows);
	}
	printf("orgcontacts\t%s\t%ld\t%zu\t%.3f\t%.3f\t%.3f\n", what, links,
	    got, bench_pct(t, runs, 50), bench_pct(t, runs, 95),
	    bench_pct(t, runs, 99));
	free(t);
}

/* The texts typed in the search benchmarks: as bench ui types them. */
static void
bench_sql_texts(struct db *db, char *texts[4])
{
	PGresult	*res;
	struct sb_error	 err;

	if (db_exec(db, "SELECT (SELECT address FROM sb.emails ORDER BY id"
	    " LIMIT 1), (SELECT substr(number, length(number) - 6)"
	    " FROM sb.phones ORDER BY id LIMIT 1)", 0, NULL, &res, &err) !=
	    SB_OK)
		bench_die("search texts", &err);
	texts[0] = strdup("Kowal");
	texts[1] = strdup(PQgetvalue(res, 0, 0));
	texts[2] = strdup(PQgetvalue(res, 0, 1));
	texts[3] = strdup("Hernandes");
	PQclear(res);
}

/* Time store_directory_search (the whole text at once), as the person. */
static void
bench_sql_search(struct db *db, char *const texts[4], int runs)
{
	struct store_rows	 rows;
	struct sb_error		 err;
	double			*t = calloc(runs, sizeof *t), t0;
	int			 i, q;
	size_t			 got = 0;

	for (q = 0; q < 4; q++) {
		for (i = 0; i < runs; i++) {
			t0 = bench_now_ms();
			if (store_directory_search(db, texts[q], 100, &rows,
			    &err) != SB_OK)
				bench_die("directory search", &err);
			t[i] = bench_now_ms() - t0;
			got = rows.count;
			store_rows_free(&rows);
		}
		printf("search\t%s\t%zu\t%.3f\t%.3f\t%.3f\n", texts[q], got,
		    bench_pct(t, runs, 50), bench_pct(t, runs, 95),
		    bench_pct(t, runs, 99));
	}
	free(t);
}

static void
bench_sql_quiet(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

/* auto_explain's plans of statements that read a table, query text left
 * out (the branches are in sql/modules/search.sql). */
static void
bench_sql_notice(void *arg, const PGresult *res)
{
	const char	*msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	char		*copy, *line, *save;
	bool		 plan = false;

	if (msg == NULL || strstr(msg, "Scan on") == NULL ||
	    strstr(msg, "pg_authid") != NULL)
		return;
	copy = strdup(msg);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "duration:", 9) == 0)
			printf("searchplan\t%s\t%s\n", (const char *)arg, line);
		if (strstr(line, "(cost=") != NULL)
			plan = true;
		if (plan)
			printf("searchplan\t%s\t%s\n", (const char *)arg, line);
	}
	free(copy);
}

/*
 * The plans of the search's branches (inside sb.directory_search, so
 * EXPLAIN cannot show them): auto_explain on nested statements, its log
 * sent to this client. As the superuser, who sees every row as the
 * local person does.
 */
static void
bench_sql_search_plans(struct db *admin, char *const texts[4])
{
	static const char *const setup[] = { "LOAD 'auto_explain'",
	    "SET auto_explain.log_min_duration = 0",
	    "SET auto_explain.log_nested_statements = on",
	    "SET auto_explain.log_analyze = on",
	    "SET auto_explain.log_buffers = on",
	    "SET auto_explain.log_timing = on",
	    "SET client_min_messages = log", NULL };
	const char	*params[1];
	struct sb_error	 err;
	int		 i, q;

	for (i = 0; setup[i] != NULL; i++)
		if (db_exec(admin, setup[i], 0, NULL, NULL, &err) != SB_OK)
			bench_die("auto_explain", &err);
	for (q = 0; q < 4; q++) {
		params[0] = texts[q];
		/* Once to warm the caches, once to record. */
		PQsetNoticeReceiver(db_conn(admin), bench_sql_quiet, NULL);
		db_exec(admin, "SELECT count(*) FROM sb.directory_search($1,"
		    " 101)", 1, params, NULL, &err);
		PQsetNoticeReceiver(db_conn(admin), bench_sql_notice,
		    texts[q]);
		if (db_exec(admin, "SELECT count(*) FROM"
		    " sb.directory_search($1, 101)", 1, params, NULL, &err) !=
		    SB_OK)
			bench_die("search plan", &err);
	}
	PQsetNoticeReceiver(db_conn(admin), bench_sql_quiet, NULL);
	db_exec(admin, "SET client_min_messages = notice", 0, NULL, NULL,
	    &err);
}

/* sql DIR RUNS */
int
bench_sql(int argc, char **argv)
{
	struct cluster	*c, *c2;
	struct db	*admin, *db;
	char		*big, *typical, *texts[4];
	long		 nbig, ntyp;
	PGresult	*res;
	struct sb_error	 err;
	int		 runs;

	if (argc != 3 || (runs = atoi(argv[2])) <= 0)
		return 2;
	c = bench_cluster_up(argv[1], CLUSTER_SUPERUSER, &admin);
	big = bench_sql_biggest(admin, &nbig);
	if (db_exec(admin, "SELECT organization_id, count(*) FROM"
	    " sb.organization_contacts WHERE organization_id = (SELECT id FROM"
	    " sb.organizations WHERE subdomain = 'org-777' OR subdomain ="
	    " 'org-77' ORDER BY subdomain DESC LIMIT 1) GROUP BY 1", 0, NULL,
	    &res, &err) != SB_OK || PQntuples(res) != 1)
		bench_die("typical organization", &err);
	typical = strdup(PQgetvalue(res, 0, 0));
	ntyp = atol(PQgetvalue(res, 0, 1));
	PQclear(res);
	bench_sql_texts(admin, texts);
	bench_sql_search_plans(admin, texts);
	db_free(admin);
	c2 = bench_cluster_up(argv[1], APP_LOCAL_PERSON, &db);
	bench_sql_time(db, big, nbig, runs, "largest");
	bench_sql_time(db, typical, ntyp, runs, "typical");
	bench_sql_search(db, texts, runs);
	bench_sql_explain(db, big);
	for (ntyp = 0; ntyp < 4; ntyp++)
		free(texts[ntyp]);
	free(big);
	free(typical);
	db_free(db);
	cluster_free(c2);
	cluster_free(c);
	return 0;
}
