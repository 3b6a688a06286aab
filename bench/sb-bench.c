/* Benchmark driver: load bulk data, time queries, drive the real UI. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "switchboard/app.h"
#include "switchboard/bulk.h"
#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "bench.h"

double
bench_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
bench_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Percentile p (0-100) of n samples, nearest rank; sorts v. */
double
bench_pct(double *v, size_t n, double p)
{
	size_t	k;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp);
	k = (size_t)(p / 100.0 * n + 0.999999);
	return v[k == 0 ? 0 : (k > n ? n - 1 : k - 1)];
}

/*
 * Run argv with env, its output into path (or discarded when path is
 * NULL); wall milliseconds, the exit status in *status.
 */
double
bench_spawn(char *const *argv, char *const *env, const char *path,
    int *status)
{
	posix_spawn_file_actions_t	fa;
	pid_t				pid;
	double				t0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, path != NULL ? path :
	    "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	t0 = bench_now_ms();
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, env) != 0)
		bench_die(argv[0], NULL);
	while (waitpid(pid, status, 0) == -1 && errno == EINTR)
		;
	posix_spawn_file_actions_destroy(&fa);
	return bench_now_ms() - t0;
}

char **
bench_env_create(const char *home, const char *cluster_dir)
{
	char	**env = xcalloc(6, sizeof *env);

	env[0] = xasprintf("HOME=%s", home);
	env[1] = xasprintf("XDG_CONFIG_HOME=%s", home);
	env[2] = xasprintf("SWITCHBOARD_CLUSTER_DIR=%s", cluster_dir);
	env[3] = xstrdup("LANG=C.UTF-8");
	env[4] = xstrdup("PATH=/usr/bin:/bin");
	return env;
}

void
bench_env_free(char **env)
{
	size_t	i;

	for (i = 0; env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

void
bench_die(const char *what, const struct sb_error *err)
{
	fprintf(stderr, "sb-bench: %s: %s\n", what,
	    err != NULL ? err->message : "failed");
	exit(1);
}

/*
 * Wait (at most a minute) while the server reads back the blocks it had
 * cached (autoprewarm, in the background after a start): the figures are
 * for a server already running, not for one still warming up.
 */
static void
bench_prewarmed(struct db *db)
{
	PGresult	*res;
	struct sb_error	 err;
	int		 i, busy = 1;

	for (i = 0; i < 600 && busy; i++) {
		if (db_exec(db, "SELECT count(*) FROM pg_stat_activity WHERE"
		    " backend_type = 'autoprewarm worker'", 0, NULL, &res,
		    &err) != SB_OK)
			bench_die("prewarm", &err);
		busy = atoi(PQgetvalue(res, 0, 0)) > 0;
		PQclear(res);
		if (busy)
			usleep(100 * 1000);
	}
}

/* Start (or join) the cluster in dir and connect as role. */
struct cluster *
bench_cluster_up(const char *dir, const char *role, struct db **out)
{
	struct cluster		*c;
	struct db_params	 p = { .count = 0 };
	struct sb_error		 err;
	char			 port[16];

	if (cluster_open(dir, &c, &err) != SB_OK ||
	    cluster_start(c, &err) != SB_OK)
		bench_die("cluster", &err);
	snprintf(port, sizeof port, "%d", cluster_port(c));
	db_params_set(&p, "host", cluster_socket_dir(c));
	db_params_set(&p, "port", port);
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", role);
	if (db_connect(&p, out, &err) != SB_OK)
		bench_die("connect", &err);
	/* Bring the schema up to date before anything is timed. */
	if (strcmp(role, CLUSTER_SUPERUSER) == 0 && (db_exec(*out,
	    "SET statement_timeout = 0", 0, NULL, NULL, &err) != SB_OK ||
	    migrate_run(db_conn(*out), &err) != SB_OK))
		bench_die("migrate", &err);
	bench_prewarmed(*out);
	return c;
}

/* load DIR CONTACTS ORGS SEED: a new cluster with the generated data. */
static int
bench_load(int argc, char **argv)
{
	struct bulk_spec	 spec;
	struct bulk_counts	 n;
	struct cluster		*c;
	struct db		*db;
	struct sb_error		 err;
	double			 t0, t1, t2;

	if (argc != 5)
		return 2;
	spec.contacts = bulk_parse_size(argv[2]);
	spec.orgs = bulk_parse_size(argv[3]);
	spec.seed = strtoull(argv[4], NULL, 10);
	if (spec.orgs == 0)
		return 2;
	c = bench_cluster_up(argv[1], CLUSTER_SUPERUSER, &db);
	if (migrate_run(db_conn(db), &err) != SB_OK ||
	    demo_people_ensure(db, APP_LOCAL_PERSON, "super_admin", NULL,
	    &err) != SB_OK)
		bench_die("migrate", &err);
	t0 = bench_now_ms();
	if (bulk_load(db, &spec, &n, &err) != SB_OK)
		bench_die("bulk load", &err);
	t1 = bench_now_ms();
	if (db_exec(db, "SET statement_timeout = 0", 0, NULL, NULL, &err) !=
	    SB_OK || db_exec(db, "VACUUM (ANALYZE)", 0, NULL, NULL, &err) !=
	    SB_OK)
		bench_die("vacuum", &err);
	t2 = bench_now_ms();
	printf("load\t%lu\t%lu\t%lu\t%lu\t%.1f\t%.1f\n", n.events,
	    n.contacts, n.orgs, n.links, (t1 - t0) / 1e3, (t2 - t1) / 1e3);
	printf("loadphase\t%.1f\t%.1f\t%.1f\n", n.copy_s, n.project_s,
	    n.index_s);
	db_free(db);
	cluster_free(c);
	return 0;
}

int
main(int argc, char **argv)
{
	int	rc = 2;

	if (argc >= 2 && strcmp(argv[1], "load") == 0)
		rc = bench_load(argc - 1, argv + 1);
	else if (argc >= 2 && strcmp(argv[1], "sql") == 0)
		rc = bench_sql(argc - 1, argv + 1);
	else if (argc >= 2 && strcmp(argv[1], "ui") == 0)
		rc = bench_ui(argc - 1, argv + 1);
	else if (argc >= 2 && strcmp(argv[1], "peers") == 0)
		rc = bench_peers(argc - 1, argv + 1);
	else if (argc >= 2 && strcmp(argv[1], "import") == 0)
		rc = bench_import(argc - 1, argv + 1);
	else if (argc >= 2 && strcmp(argv[1], "febrl") == 0)
		rc = bench_febrl(argc - 1, argv + 1);
	if (rc == 2)
		fputs("usage: sb-bench load DIR CONTACTS ORGS SEED\n"
		    "       sb-bench sql DIR RUNS\n"
		    "       sb-bench ui DIR PROGRAM RUNS\n"
		    "       sb-bench peers DIR OUT PROGRAM RUNS\n"
		    "       sb-bench import DIR OUT PROGRAM\n"
		    "       sb-bench febrl DIR ORG PAIRS\n", stderr);
	return rc;
}
