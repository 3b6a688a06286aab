/* Test support: a real throwaway PostgreSQL cluster per test program. */
#ifndef SWITCHBOARD_TESTDB_H
#define SWITCHBOARD_TESTDB_H

#include <libpq-fe.h>

struct testdb;

/*
 * Create and start a fresh cluster in a new temporary directory, through the
 * same code as the embedded cluster (so as root the server runs as the
 * unprivileged system user). The database "switchboard" exists and is
 * empty: no migrations applied. Fails the test program loudly on error.
 */
struct testdb	*testdb_start(void);

/*
 * The same, started from a copy of template, a cluster directory that
 * testdb_save wrote: its data, roles and migrations included (NULL: a
 * new cluster, as testdb_start).
 */
struct testdb	*testdb_start_copy(const char *template);

/*
 * Stop the server (fast shutdown, so the copy is consistent) and copy the
 * cluster directory to dest, replacing what is there. The server stays
 * stopped; testdb_stop still removes the original.
 */
void		 testdb_save(struct testdb *db, const char *dest);

/*
 * cp -a from to, which keeps the owner the server's user needs when the
 * tests run as root: 0, or -1.
 */
int		 testdb_copy_tree(const char *from, const char *to);

/*
 * testdb_start, then the migrations applied as the superuser; *su gets
 * that connection (the caller closes it with PQfinish).
 */
struct testdb	*testdb_start_migrated(PGconn **su);

/* libpq conninfo for role on the database "switchboard". Caller frees. */
char		*testdb_conninfo(const struct testdb *db, const char *role);

/* Connect as role ("postgres" is the superuser); fails loudly. */
PGconn		*testdb_connect(const struct testdb *db, const char *role);

/*
 * The program's own connection (db.h) as role, a login role of the
 * cluster; fails loudly. Close with db_free.
 */
struct db;
struct db	*testdb_db(const struct testdb *db, const char *role);

/* The socket directory (libpq host) of the cluster. Borrowed. */
const char	*testdb_host(const struct testdb *db);

/* The port (libpq port) of the cluster. */
int		 testdb_port(const struct testdb *db);

/*
 * Stop the server (fast shutdown: clients are disconnected) and start it
 * again, keeping the data: to test losing the server mid-session.
 * Fail loudly on error.
 */
void		 testdb_stop_server(struct testdb *db);
void		 testdb_start_server(struct testdb *db);

/* The temporary directory holding the cluster, for more servers. */
const char	*testdb_dir(const struct testdb *db);

/*
 * The server's log: server.log after its older files (server.log.1, ...,
 * oldest first) as one text; *files (may be NULL) gets how many there are.
 * Caller frees.
 */
char		*testdb_log(const struct testdb *db, int *files);

/* Whether the server's log holds text within a few seconds. */
int		 testdb_log_has(const struct testdb *db, const char *text);

/* Stop the server and remove the directory. NULL is allowed. */
void		 testdb_stop(struct testdb *db);

#endif
