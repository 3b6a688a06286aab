/* Asynchronous reads on one connection: slots, a queue, one in flight. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#include "store-int.h"

/* How long after a cancel a read it may land on is tried again (ms). */
#define STORE_ASYNC_CANCEL_MS	1000

struct store_pending {
	struct store_query	 query;
	int			 slot;
	unsigned long		 seq;
	bool			 cancelled;	/* the server was asked to stop */
	bool			 exposed;	/* sent soon after a cancel */
	bool			 retried;
	struct store_pending	*next;
};

struct store_async {
	struct db		*db;
	unsigned long		 next_seq;
	unsigned long		 latest[STORE_ASYNC_SLOTS]; /* per slot */
	struct store_pending	*queue;		/* not sent yet, FIFO */
	struct store_pending	*sent;		/* in flight, or NULL */
	PGresult		*res;		/* result of sent, if any */
	/* Per statement, the session it was prepared in, + 1. */
	unsigned int		 prepared_gen[STORE_STMT_COUNT];
	long long		 cancel_ms;	/* when the last cancel went */
};

static long long
store_async_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A newer read replaced the one in flight: ask the server to stop it, so
 * the newer one does not wait for a result nobody reads (a search for the
 * text of two keys ago). The request travels on its own connection and
 * may land after that read ended, on the next one: see
 * store_async_finish.
 */
static void
store_async_cancel(struct store_async *sa)
{
	PGcancel	*c;
	char		 buf[256];

	if (sa->sent->cancelled ||
	    (c = PQgetCancel(db_conn(sa->db))) == NULL)
		return;
	(void)PQcancel(c, buf, sizeof buf);
	PQfreeCancel(c);
	sa->sent->cancelled = true;
	sa->cancel_ms = store_async_now_ms();
}

struct store_async *
store_async_create(struct db *db)
{
	struct store_async	*sa = xcalloc(1, sizeof *sa);

	sa->db = db;
	sa->next_seq = 1;
	return sa;
}

static void
store_pending_free(struct store_pending *p)
{
	store_query_clear(&p->query);
	free(p);
}

void
store_async_clear(struct store_async *sa)
{
	struct store_pending	*p;

	while ((p = sa->queue) != NULL) {
		sa->queue = p->next;
		store_pending_free(p);
	}
	if (sa->sent != NULL)
		store_pending_free(sa->sent);
	sa->sent = NULL;
	PQclear(sa->res);
	sa->res = NULL;
}

void
store_async_free(struct store_async *sa)
{
	if (sa == NULL)
		return;
	store_async_clear(sa);
	free(sa);
}

/* Queue sq (taken over) on slot, dropping queued reads it supersedes. */
static unsigned long
store_async_push(struct store_async *sa, int slot, struct store_query *sq)
{
	struct store_pending	*p, **pp;

	if (slot < 0 || slot >= STORE_ASYNC_SLOTS)
		fatal("store read on slot %d", slot);
	for (pp = &sa->queue; *pp != NULL;) {
		if ((*pp)->slot == slot) {
			p = *pp;
			*pp = p->next;
			store_pending_free(p);
		} else
			pp = &(*pp)->next;
	}
	p = xcalloc(1, sizeof *p);
	p->query = *sq;
	p->slot = slot;
	p->seq = sa->next_seq++;
	sa->latest[slot] = p->seq;
	*pp = p;
	if (sa->sent != NULL && sa->sent->slot == slot)
		store_async_cancel(sa);
	return p->seq;
}

unsigned long
store_async_org_search(struct store_async *sa, int slot,
    const struct store_org_query *q)
{
	struct store_query	sq;

	store_query_orgs(&sq, q);
	return store_async_push(sa, slot, &sq);
}

unsigned long
store_async_org_contacts(struct store_async *sa, int slot,
    const struct store_link_query *q)
{
	struct store_query	sq;

	store_query_links(&sq, q);
	return store_async_push(sa, slot, &sq);
}

unsigned long
store_async_contact_get(struct store_async *sa, int slot,
    const char *contact_id)
{
	struct store_query	sq;

	store_query_contact(&sq, contact_id);
	return store_async_push(sa, slot, &sq);
}

unsigned long
store_async_org_get(struct store_async *sa, int slot, const char *org_id)
{
	struct store_query	sq;

	store_query_org_detail(&sq, org_id);
	return store_async_push(sa, slot, &sq);
}

unsigned long
store_async_directory_search(struct store_async *sa, int slot,
    const char *text, int limit)
{
	struct store_query	sq;

	store_query_directory(&sq, text, limit);
	return store_async_push(sa, slot, &sq);
}

unsigned long
store_async_emergency_list(struct store_async *sa, int slot,
    const char *const *org_ids, size_t n)
{
	struct store_query	sq;

	store_query_emergency(&sq, org_ids, n);
	return store_async_push(sa, slot, &sq);
}

int
store_async_fd(const struct store_async *sa)
{
	PGconn	*conn = db_conn(sa->db);

	if (PQstatus(conn) != CONNECTION_OK)
		return -1;
	return PQsocket(conn);
}

bool
store_async_busy(const struct store_async *sa)
{
	return sa->queue != NULL || sa->sent != NULL;
}

/* The connection failed: every read comes back as unavailable. */
static bool
store_async_fail(struct store_async *sa, struct store_async_result *out)
{
	PGconn	*conn = db_conn(sa->db);

	out->slot = sa->sent->slot;
	out->seq = sa->sent->seq;
	out->rows.type = sa->sent->query.type;
	out->status = db_error_from_result(conn, NULL, &out->err);
	if (PQstatus(conn) != CONNECTION_OK || out->status == SB_INTERNAL ||
	    out->status == SB_OK) {
		out->status = out->err.status = SB_UNAVAILABLE;
		store_async_clear(sa);
		return true;
	}
	store_pending_free(sa->sent);
	sa->sent = NULL;
	return true;
}

/*
 * Whether q's named statement is prepared in this session, preparing it
 * now if not (one round trip, once per connection; nothing is in flight).
 * False means send the text instead.
 */
static bool
store_async_prepared(struct store_async *sa, const struct store_query *q,
    const char *sql)
{
	PGconn		*conn = db_conn(sa->db);
	PGresult	*res;
	const char	*state;
	unsigned int	 gen = db_generation(sa->db) + 1;
	bool		 ok;

	if (q->stmt == STORE_STMT_NONE)
		return false;
	if (sa->prepared_gen[q->stmt] == gen)
		return true;
	res = PQprepare(conn, store_stmt_name(q->stmt), sql, q->nparams,
	    NULL);
	/* Another reader on this connection prepared it already. */
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    (state != NULL && strcmp(state, "42P05") == 0);
	PQclear(res);
	if (ok)
		sa->prepared_gen[q->stmt] = gen;
	return ok;
}

/* Send the head of the queue if nothing is in flight. */
static bool
store_async_send(struct store_async *sa, struct store_async_result *out)
{
	struct store_pending	*p = sa->queue;
	PGconn			*conn = db_conn(sa->db);
	const char *const	*params;
	char			*sql;
	int			 sent;

	if (sa->sent != NULL || p == NULL || PQstatus(conn) != CONNECTION_OK)
		return false;
	sa->queue = p->next;
	p->next = NULL;
	p->exposed = sa->cancel_ms != 0 &&
	    store_async_now_ms() - sa->cancel_ms < STORE_ASYNC_CANCEL_MS;
	sa->sent = p;
	params = (const char *const *)p->query.params;
	/* Nothing is in flight: the collation may be looked up now. */
	sql = store_collate_sql(sa->db, p->query.sql);
	if (store_async_prepared(sa, &p->query, sql))
		sent = PQsendQueryPrepared(conn,
		    store_stmt_name(p->query.stmt),
		    p->query.nparams, params, NULL, NULL, 0);
	else
		sent = PQsendQueryParams(conn, sql, p->query.nparams,
		    NULL, params, NULL, NULL, 0);
	free(sql);
	if (!sent)
		return store_async_fail(sa, out);
	return false;
}

/* Whether res is a cancel meant for an earlier read: then send p again. */
static bool
store_async_hit_by_cancel(struct store_async *sa, struct store_pending *p,
    const PGresult *res)
{
	const char	*state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	if (!p->exposed || p->retried || p->cancelled || state == NULL ||
	    strcmp(state, "57014") != 0)
		return false;
	p->retried = true;
	p->next = sa->queue;
	sa->queue = p;
	return true;
}

/* The in-flight read finished: parse it unless a newer one replaced it. */
static bool
store_async_finish(struct store_async *sa, struct store_async_result *out)
{
	struct store_pending	*p = sa->sent;
	PGresult		*res = sa->res;
	bool			 current = sa->latest[p->slot] == p->seq;

	sa->sent = NULL;
	sa->res = NULL;
	if (current && store_async_hit_by_cancel(sa, p, res)) {
		PQclear(res);
		return false;
	}
	if (current) {
		out->slot = p->slot;
		out->seq = p->seq;
		out->rows.type = p->query.type;
		switch (PQresultStatus(res)) {
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
			out->status = store_query_parse(&p->query, res,
			    &out->rows, &out->err);
			break;
		default:
			out->status = db_error_from_result(db_conn(sa->db),
			    res, &out->err);
			break;
		}
	}
	PQclear(res);
	store_pending_free(p);
	return current;
}

bool
store_async_collect(struct store_async *sa, struct store_async_result *out)
{
	PGconn		*conn = db_conn(sa->db);
	PGresult	*res;

	memset(out, 0, sizeof *out);
	for (;;) {
		if (store_async_send(sa, out))
			return true;
		if (sa->sent == NULL)
			return false;
		if (!PQconsumeInput(conn))
			return store_async_fail(sa, out);
		while (!PQisBusy(conn)) {
			res = PQgetResult(conn);
			if (res == NULL) {
				if (sa->res == NULL)
					return store_async_fail(sa, out);
				if (store_async_finish(sa, out))
					return true;
				break;
			}
			if (sa->res == NULL)
				sa->res = res;
			else
				PQclear(res);
		}
		if (sa->sent != NULL)
			return false;
	}
}
