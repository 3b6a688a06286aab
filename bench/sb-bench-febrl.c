/* Duplicate finding measured on the labelled Febrl files (bench/febrl). */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/util.h"
#include "bench.h"

/*
 * The pairs the matcher found (pairs, as "{id,...}" arrays a and b) scored
 * against the labels: the source ids rec-N-org and rec-N-dup-K name one
 * person N. Returns tp, fp and the number of true pairs among the
 * contacts of organization org, one row.
 */
static const char bench_febrl_sql[] =
    "WITH c AS (SELECT c.id, split_part(c.source_record_id, '-', 2) AS n"
    "   FROM sb.contacts c WHERE c.owner_organization_id = $3::uuid"
    "    AND c.deleted_at IS NULL),"
    " p AS (SELECT x.n = y.n AS ok FROM unnest($1::uuid[], $2::uuid[])"
    "   AS u(a, b) JOIN c x ON x.id = u.a JOIN c y ON y.id = u.b)"
    " SELECT (SELECT count(*) FROM p WHERE ok),"
    "  (SELECT count(*) FROM p WHERE NOT ok),"
    "  (SELECT coalesce(sum(k * (k - 1) / 2), 0) FROM (SELECT count(*) AS k"
    "   FROM c GROUP BY n) g), (SELECT count(*) FROM c)";

/* The ids of columns 0 and 2 of each line of the TSV file (no header). */
static void
bench_febrl_read(const char *path, char **a, char **b)
{
	FILE	*fp = fopen(path, "r");
	char	*line = NULL, *t[3];
	size_t	 cap = 0, na = 1, nb = 1;
	int	 row = 0;

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	*a = xstrdup("{");
	*b = xstrdup("{");
	while (getline(&line, &cap, fp) > 0) {
		if (row++ == 0)
			continue;
		t[0] = strtok(line, "\t");
		t[1] = strtok(NULL, "\t");
		t[2] = strtok(NULL, "\t");
		if (t[0] == NULL || t[1] == NULL || t[2] == NULL)
			continue;
		*a = xreallocarray(*a, na + strlen(t[0]) + 3, 1);
		na += (size_t)sprintf(*a + na, "%s%s", na > 1 ? "," : "",
		    t[0]);
		*b = xreallocarray(*b, nb + strlen(t[2]) + 3, 1);
		nb += (size_t)sprintf(*b + nb, "%s%s", nb > 1 ? "," : "",
		    t[2]);
	}
	strcpy(*a + na, "}");
	strcpy(*b + nb, "}");
	free(line);
	fclose(fp);
}

/*
 * febrl DIR ORG PAIRS.tsv: the precision, recall and F1 of the pairs the
 * duplicates command wrote, and the matcher's own time on the server
 * (sb.duplicate_pairs over organization ORG at the default score, as the
 * cluster's person).
 */
int
bench_febrl(int argc, char **argv)
{
	struct cluster	*c;
	struct db	*db;
	struct sb_error	 err;
	PGresult	*res;
	const char	*params[3];
	char		*a, *b, *org;
	double		 t0, ms, p, r;
	long		 tp, fp, truth;

	if (argc != 4)
		return 2;
	c = bench_cluster_up(argv[1], APP_LOCAL_PERSON, &db);
	params[0] = argv[2];
	if (db_exec(db, "SELECT id FROM sb.organizations WHERE name = $1", 1,
	    params, &res, &err) != SB_OK || PQntuples(res) != 1)
		bench_die("organization", &err);
	org = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	params[0] = org;
	t0 = bench_now_ms();
	if (db_exec(db, "SELECT count(*) FROM sb.duplicate_pairs($1::uuid)",
	    1, params, &res, &err) != SB_OK)
		bench_die("matcher", &err);
	ms = bench_now_ms() - t0;
	PQclear(res);
	bench_febrl_read(argv[3], &a, &b);
	params[0] = a;
	params[1] = b;
	params[2] = org;
	if (db_exec(db, bench_febrl_sql, 3, params, &res, &err) != SB_OK)
		bench_die("labels", &err);
	tp = atol(PQgetvalue(res, 0, 0));
	fp = atol(PQgetvalue(res, 0, 1));
	truth = atol(PQgetvalue(res, 0, 2));
	p = tp + fp > 0 ? (double)tp / (double)(tp + fp) : 0;
	r = truth > 0 ? (double)tp / (double)truth : 0;
	printf("febrl\t%s\t%ld\t%ld\t%ld\t%.3f\t%.3f\t%.3f\t%.1f\n",
	    PQgetvalue(res, 0, 3), truth, tp, fp, p, r,
	    p + r > 0 ? 2 * p * r / (p + r) : 0, ms / 1e3);
	PQclear(res);
	free(a);
	free(b);
	free(org);
	db_free(db);
	cluster_free(c);
	return 0;
}
