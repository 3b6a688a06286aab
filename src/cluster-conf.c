/* The embedded cluster's server configuration: switchboard.conf. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"

/* Bounds of shared_buffers, and of effective_cache_size, in MB. */
#define CLUSTER_SHARED_MIN_MB	128
#define CLUSTER_SHARED_MAX_MB	1024
#define CLUSTER_CACHE_MAX_MB	8192

/* Quote s as a postgresql.conf string; caller frees. */
static char *
cluster_conf_quote(const char *s)
{
	char	*q, *p;

	p = q = xmalloc(2 * strlen(s) + 3);
	*p++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			*p++ = *s;
		*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

/*
 * Memory for a desktop's server, from the machine's RAM: shared_buffers
 * an eighth of it (PostgreSQL's default of 128MB left a 1M-contact
 * directory's indexes on disk), capped so the program stays a good
 * neighbour; the planner may count on half of RAM as cache.
 */
static void
cluster_conf_memory(FILE *f)
{
	long		pages = sysconf(_SC_PHYS_PAGES);
	long		page = sysconf(_SC_PAGESIZE);
	long long	mb = 0, shared, cache;

	if (pages > 0 && page > 0)
		mb = (long long)pages / 1024 * page / 1024;
	if (mb <= 0)
		return;
	shared = mb / 8;
	if (shared < CLUSTER_SHARED_MIN_MB)
		shared = CLUSTER_SHARED_MIN_MB;
	if (shared > CLUSTER_SHARED_MAX_MB)
		shared = CLUSTER_SHARED_MAX_MB;
	cache = mb / 2 > shared ? mb / 2 : shared;
	if (cache > CLUSTER_CACHE_MAX_MB)
		cache = CLUSTER_CACHE_MAX_MB;
	fprintf(f, "shared_buffers = %lldMB\neffective_cache_size = %lldMB\n",
	    shared, cache);
}

enum sb_status
cluster_conf_write(int datafd, const char *datadir, const char *rundir_path,
    int throwaway, const struct cluster_user *owner, struct sb_error *err)
{
	char		*path, *rundir;
	FILE		*f = NULL;
	enum sb_status	 st;
	int		 fd;

	path = util_path_join(datadir, "switchboard.conf");
	st = cluster_fs_open(datafd, path, O_WRONLY | O_CREAT,
	    CLUSTER_FS_REMADE, owner, &fd, err);
	if (st != SB_OK) {
		free(path);
		return st;
	}
	rundir = cluster_conf_quote(rundir_path);
	if (ftruncate(fd, 0) == 0 && (owner == NULL ||
	    fchown(fd, owner->uid, owner->gid) == 0) &&
	    (f = fdopen(fd, "w")) != NULL) {
		/*
		 * Few connections, but a lock table larger than the default
		 * (100 x 64): one event touches many projection tables.
		 * The search's libraries load once in the postmaster, not in
		 * every backend at its first search (a few ms each of
		 * "switchboard query", which starts a new backend every run).
		 * The server stops when its last user leaves: pg_prewarm's
		 * autoprewarm saves which blocks were cached and reads them
		 * back in the background at the next start, so the first
		 * searches after it do not wait on cold buffers.
		 * The log goes to our keeper (cluster-log.c), which bounds
		 * it; a failing statement, which any login can make huge, is
		 * not written there, nor are the values of its parameters.
		 */
		fprintf(f, "# Written by Switchboard at every start.\n"
		    "listen_addresses = ''\nport = %d\n"
		    "unix_socket_directories = %s\n"
		    "unix_socket_permissions = 0700\nmax_connections = 40\n"
		    "max_locks_per_transaction = 256\n"
		    "shared_preload_libraries = "
		    "'plpgsql, pg_trgm, unaccent, pg_prewarm'\n"
		    "logging_collector = off\nlog_destination = 'stderr'\n"
		    "log_min_error_statement = panic\n"
		    "log_parameter_max_length = 0\n"
		    "log_parameter_max_length_on_error = 0\n",
		    CLUSTER_PORT, rundir);
		if (throwaway)
			fprintf(f, "fsync = off\nshared_buffers = 16MB\n"
			    "synchronous_commit = off\nfull_page_writes = off\n"
			    "pg_prewarm.autoprewarm = off\n");
		else {
			fprintf(f, "fsync = on\n");
			cluster_conf_memory(f);
		}
		if (fclose(f) != 0)
			st = SB_IO;
	} else {
		st = SB_IO;
		close(fd);
	}
	if (st != SB_OK)
		sb_error_set(err, SB_IO, "cannot write %s: %s", path,
		    strerror(errno));
	free(rundir);
	free(path);
	return st;
}

enum sb_status
cluster_conf_include(int datafd, const char *datadir,
    const struct cluster_user *owner, struct sb_error *err)
{
	char		*path;
	enum sb_status	 st;
	int		 fd;

	path = util_path_join(datadir, "postgresql.conf");
	st = cluster_fs_open(datafd, path, O_WRONLY | O_APPEND, 0, owner, &fd,
	    err);
	if (st == SB_OK) {
		if (dprintf(fd, "\ninclude 'switchboard.conf'\n") <= 0)
			st = SB_IO;
		if (close(fd) != 0)
			st = SB_IO;
		if (st != SB_OK)
			sb_error_set(err, SB_IO, "cannot write %s: %s", path,
			    strerror(errno));
	}
	free(path);
	return st;
}
