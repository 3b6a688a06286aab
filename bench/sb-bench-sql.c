/* Benchmark: the contacts of an organization, timed and explained. */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cluster.h"
#include "switchboard/db.h"
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
    " sb.contact_name_key(c.first_name, c.last_name), c.id";

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

/* sql DIR RUNS */
int
bench_sql(int argc, char **argv)
{
	struct cluster	*c, *c2;
	struct db	*admin, *db;
	char		*big, *typical;
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
	db_free(admin);
	c2 = bench_cluster_up(argv[1], APP_LOCAL_PERSON, &db);
	bench_sql_time(db, big, nbig, runs, "largest");
	bench_sql_time(db, typical, ntyp, runs, "typical");
	bench_sql_explain(db, big);
	free(big);
	free(typical);
	db_free(db);
	cluster_free(c2);
	cluster_free(c);
	return 0;
}
