/* Tests of the live change feed against a real PostgreSQL server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/store-feed.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testsql.h"

#define WAIT_MS		10000

static struct testdb	*tdb;

struct fixture {
	PGconn			*writer;
	struct db		*reader;
	struct store_feed	*feed;
};

static int
setup_group(void **state)
{
	PGconn	*conn;

	tdb = testdb_start_migrated(&conn);
	PQfinish(conn);
	return 0;
}

static int
teardown_group(void **state)
{
	testdb_stop(tdb);
	return 0;
}

static struct db *
reader_connect(void)
{
	return testdb_db(tdb, CLUSTER_SUPERUSER);
}

/* A reader that has seen everything so far. */
static int
setup(void **state)
{
	struct fixture			*fx;
	const struct store_feed_event	*ev;
	struct sb_error			 err;
	size_t				 n;
	int				 more;

	fx = xcalloc(1, sizeof *fx);
	fx->writer = testdb_connect(tdb, CLUSTER_SUPERUSER);
	fx->reader = reader_connect();
	fx->feed = store_feed_create(fx->reader, NULL);
	if (store_feed_listen(fx->feed, &err) != SB_OK)
		fail_msg("listen: %s", err.message);
	do {
		if (store_feed_fetch(fx->feed, &ev, &n, &more, &err) != SB_OK)
			fail_msg("fetch: %s", err.message);
	} while (more);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	store_feed_free(fx->feed);
	db_free(fx->reader);
	PQfinish(fx->writer);
	free(fx);
	return 0;
}

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Poll the feed's socket until a notification wakes it or ms pass. */
static int
wait_woken(struct store_feed *f, int ms)
{
	struct pollfd	pfd;
	struct sb_error	err;
	long long	deadline = now_ms() + ms;
	int		woken = 0;

	for (;;) {
		if (store_feed_consume(f, &woken, &err) != SB_OK)
			fail_msg("consume: %s", err.message);
		if (woken || now_ms() >= deadline)
			return woken;
		pfd.fd = store_feed_socket(f);
		pfd.events = POLLIN;
		poll(&pfd, 1, (int)(deadline - now_ms()));
	}
}

/* Fetch everything new; the number of events, the stream ids in ids. */
static size_t
fetch_all(struct store_feed *f, char ids[][40], long long *pos, size_t max)
{
	const struct store_feed_event	*ev;
	struct sb_error			 err;
	size_t				 n, i, total = 0;
	int				 more;

	do {
		if (store_feed_fetch(f, &ev, &n, &more, &err) != SB_OK)
			fail_msg("fetch: %s", err.message);
		for (i = 0; i < n; i++, total++) {
			assert_true(total < max);
			assert_string_equal(ev[i].event_type,
			    "contact.created");
			assert_string_equal(ev[i].stream_type, "contact");
			snprintf(ids[total], 40, "%s", ev[i].stream_id);
			if (pos != NULL)
				pos[total] = ev[i].position;
		}
	} while (more);
	return total;
}

static char *
contact_new(PGconn *conn, const char *last)
{
	return testsql_value(conn, "SELECT sb.contact_create('Test', $1)",
	    last, NULL);
}

/* Notified at commit, not before; the event comes with the right data. */
static void
test_notify_after_commit(void **state)
{
	struct fixture	*fx = *state;
	char		 ids[4][40], *id;

	testsql_exec(fx->writer, "BEGIN");
	id = contact_new(fx->writer, "Uncommitted");
	assert_int_equal(wait_woken(fx->feed, 300), 0);
	assert_int_equal(fetch_all(fx->feed, ids, NULL, 4), 0);
	testsql_exec(fx->writer, "COMMIT");
	assert_int_equal(wait_woken(fx->feed, WAIT_MS), 1);
	assert_int_equal(fetch_all(fx->feed, ids, NULL, 4), 1);
	assert_string_equal(ids[0], id);
	free(id);
}

/*
 * The reader loses its connection, misses the notifications of three
 * commits, reconnects: it listens again and catches up, each once.
 */
static void
test_catch_up_after_reconnect(void **state)
{
	struct fixture	*fx = *state;
	struct sb_error	 err;
	struct pollfd	 pfd;
	char		 ids[8][40], *made[3], pid[32], *ok;
	int		 woken, i;

	snprintf(pid, sizeof pid, "%d", PQbackendPID(db_conn(fx->reader)));
	ok = testsql_value(fx->writer, "SELECT pg_terminate_backend($1::int)",
	    pid, NULL);
	assert_string_equal(ok, "t");
	free(ok);
	for (i = 0; i < 3; i++)
		made[i] = contact_new(fx->writer, "Missed");
	/* The reader finds out; nothing was delivered meanwhile. */
	while (store_feed_consume(fx->feed, &woken, &err) == SB_OK) {
		pfd.fd = store_feed_socket(fx->feed);
		pfd.events = POLLIN;
		assert_int_not_equal(poll(&pfd, 1, WAIT_MS), 0);
	}
	assert_int_equal(err.status, SB_UNAVAILABLE);
	assert_true(db_is_lost(fx->reader));
	if (db_reconnect(fx->reader, WAIT_MS, &err) != SB_OK)
		fail_msg("reconnect: %s", err.message);
	assert_int_equal(store_feed_consume(fx->feed, &woken, &err), SB_OK);
	assert_int_equal(woken, 1);
	assert_int_equal(fetch_all(fx->feed, ids, NULL, 8), 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(ids[i], made[i]);
		free(made[i]);
	}
	/* Listening again: a new commit wakes it. */
	made[0] = contact_new(fx->writer, "After");
	assert_int_equal(wait_woken(fx->feed, WAIT_MS), 1);
	assert_int_equal(fetch_all(fx->feed, ids, NULL, 8), 1);
	assert_string_equal(ids[0], made[0]);
	free(made[0]);
}

/*
 * Two writers: the first takes the smaller position but commits last.
 * A reader that advanced past the later commit's position would never
 * see the first; this one sees each exactly once.
 */
static void
test_out_of_order_commits(void **state)
{
	struct fixture	*fx = *state;
	PGconn		*second = testdb_connect(tdb, CLUSTER_SUPERUSER);
	char		 ids[4][40], *early, *late;
	long long	 pos[4], late_pos;

	testsql_exec(fx->writer, "BEGIN");
	early = contact_new(fx->writer, "Early");
	testsql_exec(second, "BEGIN");
	late = contact_new(second, "Late");
	testsql_exec(second, "COMMIT");
	assert_int_equal(wait_woken(fx->feed, WAIT_MS), 1);
	assert_int_equal(fetch_all(fx->feed, ids, pos, 4), 1);
	assert_string_equal(ids[0], late);
	late_pos = pos[0];
	testsql_exec(fx->writer, "COMMIT");
	assert_int_equal(wait_woken(fx->feed, WAIT_MS), 1);
	assert_int_equal(fetch_all(fx->feed, ids, pos, 4), 1);
	assert_string_equal(ids[0], early);
	/* The late commit really had the larger position. */
	assert_true(pos[0] < late_pos);
	assert_int_equal(fetch_all(fx->feed, ids, pos, 4), 0);
	free(early);
	free(late);
	PQfinish(second);
}

/* A cursor saved after catching up resumes with nothing repeated. */
static void
test_resume_from_cursor(void **state)
{
	struct fixture			*fx = *state;
	struct store_feed_cursor	 cur;
	struct store_feed		*again;
	char				 ids[4][40], *id;

	store_feed_cursor(fx->feed, &cur);
	again = store_feed_create(fx->reader, &cur);
	assert_int_equal(fetch_all(again, ids, NULL, 4), 0);
	id = contact_new(fx->writer, "Resumed");
	assert_int_equal(fetch_all(again, ids, NULL, 4), 1);
	assert_string_equal(ids[0], id);
	free(id);
	store_feed_free(again);
}

/*
 * A reader that skips to the end never reads the history, and still gets
 * the next change exactly once.
 */
static void
test_skip_to_end(void **state)
{
	struct fixture	*fx = *state;
	struct store_feed *fresh;
	struct sb_error	 err;
	char		 ids[4][40], *id;
	int		 i;

	for (i = 0; i < 3; i++) {
		id = contact_new(fx->writer, "History");
		free(id);
	}
	fresh = store_feed_create(fx->reader, NULL);
	if (store_feed_listen(fresh, &err) != SB_OK ||
	    store_feed_skip_to_end(fresh, &err) != SB_OK)
		fail_msg("skip: %s", err.message);
	assert_int_equal(fetch_all(fresh, ids, NULL, 4), 0);
	id = contact_new(fx->writer, "After");
	assert_int_equal(wait_woken(fresh, WAIT_MS), 1);
	assert_int_equal(fetch_all(fresh, ids, NULL, 4), 1);
	assert_string_equal(ids[0], id);
	assert_int_equal(fetch_all(fresh, ids, NULL, 4), 0);
	free(id);
	store_feed_free(fresh);
}

/*
 * A wake-up says nothing a listener's row-level security would hide, and
 * one transaction wakes a listener once however many events it wrote.
 */
static void
test_notification_carries_nothing(void **state)
{
	struct fixture	*fx = *state;
	PGconn		*raw = testdb_connect(tdb, CLUSTER_SUPERUSER);
	PGnotify	*n;
	struct pollfd	 pfd = { .fd = PQsocket(raw), .events = POLLIN };
	int		 got = 0, i;
	char		*id;

	testsql_exec(raw, "LISTEN sb_events");
	testsql_exec(fx->writer, "BEGIN");
	for (i = 0; i < 3; i++) {
		id = contact_new(fx->writer, "Quiet");
		free(id);
	}
	testsql_exec(fx->writer, "COMMIT");
	/* Collect until nothing more arrives for a short while. */
	while (poll(&pfd, 1, got == 0 ? WAIT_MS : 300) > 0) {
		assert_int_equal(PQconsumeInput(raw), 1);
		while ((n = PQnotifies(raw)) != NULL) {
			assert_string_equal(n->relname, "sb_events");
			assert_string_equal(n->extra, "");
			got++;
			PQfreemem(n);
		}
	}
	assert_int_equal(got, 1);
	PQfinish(raw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_notify_after_commit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_catch_up_after_reconnect,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_commits,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_from_cursor,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_notification_carries_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_to_end, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
