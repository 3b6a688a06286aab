/* Shared helpers of the benchmark driver (bench/sb-bench*.c). */
#ifndef SWITCHBOARD_BENCH_H
#define SWITCHBOARD_BENCH_H

#include <stddef.h>
#include <stdio.h>

#include "switchboard/error.h"

struct cluster;
struct db;

/* Monotonic milliseconds. */
double		 bench_now_ms(void);
/* Percentile p (0-100) of n samples, nearest rank; sorts v in place. */
double		 bench_pct(double *v, size_t n, double p);
/* Print what failed and exit 1. */
void		 bench_die(const char *what, const struct sb_error *err)
		     __attribute__((noreturn));
/*
 * Run argv with env, stdout and stderr into path (NULL: discarded); wall
 * milliseconds, the exit status in *status.
 */
double		 bench_spawn(char *const *argv, char *const *env,
		     const char *path, int *status);
/*
 * The environment of a timed program: HOME and XDG_CONFIG_HOME in home,
 * the embedded cluster in cluster_dir, C.UTF-8; free with
 * bench_env_free.
 */
char		**bench_env_create(const char *home, const char *cluster_dir);
void		 bench_env_free(char **env);
/* Write s to f as vCard text (backslash, comma, semicolon, newline). */
void		 bench_peers_vtext(FILE *f, const char *s);
/*
 * Start (or join) the cluster in dir and connect as role; the caller
 * frees the connection with db_free and the cluster with cluster_free
 * (which stops the server when nobody else uses it).
 */
struct cluster	*bench_cluster_up(const char *dir, const char *role,
		     struct db **out);

/* The subcommands: argv[0] is the subcommand's name; 2 means usage. */
int		 bench_sql(int argc, char **argv);
int		 bench_ui(int argc, char **argv);
int		 bench_peers(int argc, char **argv);
int		 bench_import(int argc, char **argv);
int		 bench_febrl(int argc, char **argv);

#endif
