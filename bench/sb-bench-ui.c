/* Benchmark: the real program in a pty: start-up, keystrokes, bytes, RSS. */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "bench.h"
#include "screen.h"

#define BENCH_ROWS	40
#define BENCH_COLS	132
#define BENCH_WAIT_MS	60000
/* Output quiet this long after a key ends the frame it caused. */
#define BENCH_QUIET_MS	250
#define BENCH_MAX_SAMPLES 4096

struct bench_ui {
	const char	*program;
	char		 env_dir[1024];
	char		 first_org[64];		/* first row of the list */
	char		*queries[4];
	double		 keys[4][BENCH_MAX_SAMPLES];
	size_t		 nkeys[4];
};

static const char *const bench_query_names[4] = {
	"surname prefix", "full email", "partial phone", "misspelled name"
};

/* The first text of the first organization the list shows. */
static void
bench_ui_prepare(struct bench_ui *b, struct db *db)
{
	PGresult	*res;
	struct sb_error	 err;
	int		 i;

	if (db_exec(db, "SELECT (SELECT left(name, 12) FROM sb.organizations"
	    " ORDER BY sb.fold(name) COLLATE \"C\", id LIMIT 1),"
	    " (SELECT address FROM sb.emails ORDER BY id LIMIT 1),"
	    " (SELECT substr(number, length(number) - 6) FROM sb.phones"
	    " ORDER BY id LIMIT 1)", 0, NULL, &res, &err) != SB_OK)
		bench_die("prepare", &err);
	snprintf(b->first_org, sizeof b->first_org, "%s",
	    PQgetvalue(res, 0, 0));
	b->queries[0] = strdup("Kowal");
	b->queries[1] = strdup(PQgetvalue(res, 0, 1));
	b->queries[2] = strdup(PQgetvalue(res, 0, 2));
	b->queries[3] = strdup("Hernandes");
	PQclear(res);
	for (i = 0; i < 4; i++)
		printf("query\t%s\t%s\n", bench_query_names[i], b->queries[i]);
}

static struct screen *
bench_ui_spawn(struct bench_ui *b)
{
	const char *const	 argv[] = { b->program, NULL };
	const char *const	 envp[] = { b->env_dir, "HOME=/nonexistent",
	    "TERM=xterm-256color", "LC_ALL=C.UTF-8",
	    "XDG_CONFIG_HOME=/nonexistent", NULL };

	return screen_spawn(argv, envp, BENCH_ROWS, BENCH_COLS);
}

/* The child's pid: the only child of this process while it runs. */
static long
bench_ui_child(void)
{
	char	 path[64];
	FILE	*f;
	long	 pid = -1;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)getpid(),
	    (int)getpid());
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = -1;
		fclose(f);
	}
	return pid;
}

/* Peak resident set size of pid in kB (VmHWM). */
static long
bench_ui_hwm(long pid)
{
	char	 path[64], line[256];
	FILE	*f;
	long	 kb = -1;

	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* When the last output came and how many writes it took. */
static double	bench_first_ms;
static int	bench_writes;

/* Milliseconds from now until output has been quiet for BENCH_QUIET_MS. */
static double
bench_ui_settle(struct screen *s, double from)
{
	double	last = from;

	bench_first_ms = -1;
	bench_writes = 0;
	while (screen_pump(s, BENCH_QUIET_MS) > 0) {
		last = bench_now_ms();
		if (bench_first_ms < 0)
			bench_first_ms = last - from;
		bench_writes++;
	}
	return last - from;
}

/* Bytes written for one key, once its frame is complete. */
static size_t
bench_ui_bytes(struct screen *s, enum screen_key key)
{
	screen_bytes_mark(s);
	screen_key(s, key);
	bench_ui_settle(s, bench_now_ms());
	return screen_bytes_since_mark(s);
}

/* Type query q one key at a time into the global search. */
static void
bench_ui_type(struct bench_ui *b, struct screen *s, int q)
{
	char	 key[2] = { 0, 0 };
	double	 t0, ms;
	size_t	 i;

	screen_send(s, "s");
	if (!screen_wait_text(s, "Search all:", BENCH_WAIT_MS))
		bench_die("search prompt", NULL);
	bench_ui_settle(s, bench_now_ms());
	for (i = 0; b->queries[q][i] != '\0'; i++) {
		key[0] = b->queries[q][i];
		t0 = bench_now_ms();
		screen_send(s, key);
		ms = bench_ui_settle(s, t0);
		if (b->nkeys[q] < BENCH_MAX_SAMPLES)
			b->keys[q][b->nkeys[q]++] = ms;
		/*
		 * Each key's time, its first output and the number of reads
		 * it took, to find the slow ones (SB_BENCH_TRACE=1).
		 */
		if (getenv("SB_BENCH_TRACE") != NULL)
			fprintf(stderr, "key\t%s\t%.*s\t%.1f\t%.1f\t%d\n",
			    bench_query_names[q], (int)i + 1, b->queries[q], ms,
			    bench_first_ms, bench_writes);
	}
	screen_key(s, SCREEN_KEY_ESC);
	bench_ui_settle(s, bench_now_ms());
}

/* One run: start-up, bytes per move, search keystrokes, peak RSS. */
static void
bench_ui_run(struct bench_ui *b, int run, double *start, long *hwm)
{
	struct screen	*s;
	double		 t0 = bench_now_ms();
	size_t		 down, page;
	long		 pid;
	int		 q;

	s = bench_ui_spawn(b);
	if (!screen_wait_text(s, b->first_org, BENCH_WAIT_MS))
		bench_die("first frame", NULL);
	*start = bench_now_ms() - t0;
	pid = bench_ui_child();
	bench_ui_settle(s, bench_now_ms());
	down = bench_ui_bytes(s, SCREEN_KEY_DOWN);
	page = bench_ui_bytes(s, SCREEN_KEY_PGDN);
	if (run == 0)
		printf("bytes\t%zu\t%zu\n", down, page);
	for (q = 0; q < 4; q++)
		bench_ui_type(b, s, q);
	*hwm = bench_ui_hwm(pid);
	screen_send(s, "q");
	screen_wait_exit(s, BENCH_WAIT_MS);
	screen_free(s);
}

/* ui DIR PROGRAM RUNS */
int
bench_ui(int argc, char **argv)
{
	struct bench_ui	*b;
	struct cluster	*c;
	struct db	*db;
	double		*start;
	long		 hwm, peak = 0;
	int		 runs, i, q;

	if (argc != 4 || (runs = atoi(argv[3])) <= 0)
		return 2;
	b = calloc(1, sizeof *b);
	b->program = argv[2];
	snprintf(b->env_dir, sizeof b->env_dir, "SWITCHBOARD_CLUSTER_DIR=%s",
	    argv[1]);
	/* This process keeps the server running between the program's runs. */
	c = bench_cluster_up(argv[1], CLUSTER_SUPERUSER, &db);
	bench_ui_prepare(b, db);
	start = calloc(runs, sizeof *start);
	for (i = 0; i < runs; i++) {
		bench_ui_run(b, i, &start[i], &hwm);
		if (hwm > peak)
			peak = hwm;
	}
	printf("startup\t%.1f\t%.1f\n", bench_pct(start, runs, 50),
	    bench_pct(start, runs, 95));
	for (q = 0; q < 4; q++)
		printf("keys\t%s\t%zu\t%.1f\t%.1f\t%.1f\n", bench_query_names[q],
		    b->nkeys[q], bench_pct(b->keys[q], b->nkeys[q], 50),
		    bench_pct(b->keys[q], b->nkeys[q], 95),
		    bench_pct(b->keys[q], b->nkeys[q], 99));
	printf("rss\t%ld\n", peak);
	for (q = 0; q < 4; q++)
		free(b->queries[q]);
	free(start);
	free(b);
	db_free(db);
	cluster_free(c);
	return 0;
}
