/* Test support: the real program against a throwaway cluster with the demo. */
#ifndef SWITCHBOARD_TESTDEMO_H
#define SWITCHBOARD_TESTDEMO_H

#include <stdbool.h>

#include <libpq-fe.h>

struct screen;
struct testdb;

#define WAIT_MS	10000

/* Wait for text on the screen; dump the screen and fail the test if not. */
#define WAIT_TEXT(s, t) do {						\
	if (!screen_wait_text((s), (t), WAIT_MS)) {			\
		screen_dump((s), stdout);				\
		fail_msg("never saw \"%s\"", (t));			\
	}								\
} while (0)

/* Wait until text is gone from the screen; dump and fail if it stays. */
#define WAIT_GONE(s, t) do {						\
	if (!screen_wait((s), testdemo_gone, (void *)(t), WAIT_MS)) {	\
		screen_dump((s), stdout);				\
		fail_msg("\"%s\" stayed on the screen", (t));		\
	}								\
} while (0)

/* One cluster per test program; strings are for the program's env. */
struct testdemo {
	struct testdb	*tdb;
	PGconn		*admin;		/* the cluster's superuser */
	char		*program;	/* path of the switchboard binary */
	char		 env_host[512], env_port[32], env_home[512];
};

/*
 * Start a throwaway cluster, apply the migrations and load the demo data;
 * fails the test program loudly on error. Stop with testdemo_stop.
 */
void		 testdemo_start(struct testdemo *d);
void		 testdemo_stop(struct testdemo *d);

/*
 * Run the program as role on a rows x cols xterm-256color pty in locale,
 * with no configuration file. Free with testdemo_quit or screen_free.
 */
struct screen	*testdemo_spawn(const struct testdemo *d, const char *role,
		     const char *locale, int rows, int cols);

/*
 * testdemo_spawn in C.UTF-8, then choose the organization called org (NULL:
 * Riverside Health) in the organizations pane.
 */
struct screen	*testdemo_choose_org(const struct testdemo *d,
		     const char *role, const char *org, int rows, int cols);

/*
 * testdemo_choose_org, then move to its contacts; returns once the
 * details pane shows the first one.
 */
struct screen	*testdemo_open_org(const struct testdemo *d, const char *role,
		     const char *org, int rows, int cols);

/* Press Down n times (n as text, as a query returns it). */
void		 testdemo_down(struct screen *s, const char *n);

/*
 * The first value of sql ($1 a, $2 b; NULL for none) as the superuser;
 * fails the test when there is none. The caller frees.
 */
char		*testdemo_value(const struct testdemo *d, const char *sql,
		     const char *a, const char *b);

/* testdemo_value must be want; shown (if not NULL) is dumped if not. */
void		 testdemo_assert_sql(const struct testdemo *d,
		     struct screen *shown, const char *want, const char *sql,
		     const char *a, const char *b);

/*
 * In the contacts pane, find the contact called "First Last" and wait
 * until the details show it (its email First.Last@...).
 */
void		 testdemo_select(struct screen *s, const char *name);

/*
 * Move the selection down with j until the terminal cursor (which sits
 * on the selected row) is on a row showing text; fails the test if it
 * never gets there.
 */
void		 testdemo_cursor_to(struct screen *s, const char *text);

/*
 * The program on its embedded cluster (the demo's, its test server
 * stopped first, d->admin closed), as the cluster's own person, at
 * rows x cols; testdemo_server_back starts the test server again and
 * reconnects d->admin once the program has quit.
 */
struct screen	*testdemo_spawn_embedded(struct testdemo *d, int rows,
		     int cols);
void		 testdemo_server_back(struct testdemo *d);

/* Wait until one row of the screen shows both name and want. */
void		 testdemo_wait_row(struct screen *s, const char *name,
		     const char *want);

/* screen_wait conditions: the details show the contact name; text is gone. */
bool		 testdemo_details_of(struct screen *s, void *name);
bool		 testdemo_gone(struct screen *s, void *text);

/* Filter the contacts down to name and open its phones, emails, addresses. */
void		 testdemo_items_open(struct screen *s, const char *name);

/* Wait for an item form titled title, drawn whole, the list gone. */
void		 testdemo_items_form(struct screen *s, const char *title);

/* Send text as a terminal in bracketed paste mode pastes it. */
void		 testdemo_paste(struct screen *s, const char *text);

/* Press q and check that the program exits by itself; frees s. */
void		 testdemo_quit(struct screen *s);

/* Sessions of role idle in a transaction, as the superuser sees them. */
int		 testdemo_idle_in_transaction(const struct testdemo *d,
		     const char *role);

/*
 * The pid of role's session once it waits on a lock (s keeps being read
 * meanwhile); fails the test after WAIT_MS. The caller frees it.
 */
char		*testdemo_lock_waiter(const struct testdemo *d,
		     struct screen *s, const char *role);

/*
 * The id of a contact of Riverside Health whose "First Last" the screen
 * showed (names repeat across the demo's directory). Caller frees.
 */
char		*testdemo_riverside_contact(const struct testdemo *d,
		     const char *name);

/*
 * The text on screen between a prefix and stop on the same row, as the
 * program drew it (a name in a title or a question). Caller frees;
 * NULL if none.
 */
char		*testdemo_between(struct screen *s, const char *prefix,
		     const char *stop);

#endif
