/* Test support: a relay to the test server that can lose a COMMIT's reply. */
#ifndef SWITCHBOARD_TESTRELAY_H
#define SWITCHBOARD_TESTRELAY_H

struct testrelay;

/* What happens to the next COMMIT a client sends through an armed relay. */
enum testrelay_cut {
	TESTRELAY_LOSE_REPLY,	/* the server commits, its reply is lost */
	TESTRELAY_LOSE_COMMIT	/* the server never gets it */
};

/*
 * A relay in a child process: a Unix socket for the server's port in a
 * directory of its own (testrelay_dir, for PGHOST), each connection to it
 * passed on to the socket in server_dir. Fails the test program on error.
 */
struct testrelay	*testrelay_start(const char *server_dir, int port);
const char		*testrelay_dir(const struct testrelay *r);

/*
 * At the next COMMIT: cut as told, close that connection, and refuse
 * new ones for refuse_ms (the server looks away), then pass them again.
 */
void			 testrelay_arm(struct testrelay *r,
			     enum testrelay_cut cut, int refuse_ms);
void			 testrelay_stop(struct testrelay *r);

#endif
