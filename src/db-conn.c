/* libpq connections: parameters, session settings, SQLSTATE to meaning. */
#include "config.h"

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "switchboard/db-pq.h"
#include "switchboard/util.h"

#define DB_NOTICE_MAX	512
/* Reconnect backoff, and how long one attempt may take. */
#define DB_BACKOFF_FIRST_MS	100
#define DB_BACKOFF_MAX_MS	5000
#define DB_ATTEMPT_MAX_MS	10000

struct db {
	PGconn		*conn;
	char		 last_notice[DB_NOTICE_MAX];
	int		 lost;		/* a statement found it broken */
	enum db_state	 state;
	int		 attempts;	/* failed reconnects in a row */
	long long	 due_ms;	/* next attempt, or end of this one */
	short		 events;	/* what PQresetPoll waits for */
	unsigned int	 generation;
	int		 preset;	/* settings came as startup options */
	char		*collation_tag;	/* asked for; NULL: none */
	char		*collation_sql;	/* found in generation collation_gen */
	unsigned int	 collation_gen;	/* + 1; 0: not looked up */
	/* Test-only: called at fault points (see db_set_fault_hook). */
	void		(*fault)(struct db *, enum db_fault_point, void *);
	void		*fault_arg;
};

/* The server's own words of the last error given a sentence instead. */
static struct sb_error	db_raw_last;

/* libpq messages end with a newline and may span lines: keep the first. */
static void
db_copy_line(char *dst, size_t size, const char *src)
{
	size_t	n;

	if (src == NULL)
		src = "";
	n = strcspn(src, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * The input field a violated constraint stands for: "contacts_title_check"
 * names title. Constraints over several columns have their own entry.
 */
static void
db_field_from_constraint(struct sb_error *err, const char *table,
    const char *constraint)
{
	static const char *const suffixes[] = { "_check", "_key", "_fkey" };
	static const struct {
		const char	*constraint;
		const char	*field;
	} named[] = {
		{ "contacts_name_required", "first_name" },
		{ "organization_contacts_window", "ends_on" },
		{ "organization_contacts_one_primary", "is_primary" },
		{ "contact_phones_one_primary", "is_primary" },
		{ "emails_one_primary", "is_primary" },
	};
	char	 buf[SB_ERROR_FIELD_MAX];
	size_t	 i, n, len;

	for (i = 0; i < SB_ARRAY_LEN(named); i++) {
		if (strcmp(constraint, named[i].constraint) == 0) {
			sb_error_field(err, named[i].field);
			return;
		}
	}
	n = table != NULL ? strlen(table) : 0;
	if (n == 0 || strncmp(constraint, table, n) != 0 ||
	    constraint[n] != '_')
		return;
	snprintf(buf, sizeof buf, "%s", constraint + n + 1);
	len = strlen(buf);
	for (i = 0; i < SB_ARRAY_LEN(suffixes); i++) {
		n = strlen(suffixes[i]);
		if (len > n && strcmp(buf + len - n, suffixes[i]) == 0) {
			buf[len - n] = '\0';
			sb_error_field(err, buf);
			return;
		}
	}
}

/*
 * Whether the schema raised this error for people: with a code of its
 * own and words of its own. A RAISE without ERRCODE (P0001) guards
 * against a fault, and one without MESSAGE says only its code.
 */
static bool
db_error_is_written(const PGresult *res, const struct sb_error *err)
{
	const char	*source = PQresultErrorField(res,
	    PG_DIAG_SOURCE_FUNCTION);

	return source != NULL && strcmp(source, "exec_stmt_raise") == 0 &&
	    strcmp(err->sqlstate, "P0001") != 0 &&
	    strcmp(err->message, err->sqlstate) != 0;
}

/*
 * The server's own error in err (not one the schema raised) becomes a
 * sentence that names the rule and what to do; its words are kept for
 * db_error_details.
 */
static void
db_error_sentence(const PGresult *res, struct sb_error *err)
{
	const char	*message, *hint;

	if (db_error_is_written(res, err))
		return;
	db_sentence_for(err->sqlstate, &message, &hint);
	if (message == NULL)
		return;
	db_raw_last = *err;
	snprintf(err->message, sizeof err->message, "%s", message);
	snprintf(err->hint, sizeof err->hint, "%s", hint);
}

enum sb_status
db_error_from_result(PGconn *conn, const PGresult *res, struct sb_error *err)
{
	const char	*state = NULL, *msg, *hint = NULL, *column = NULL;
	const char	*constraint = NULL, *table = NULL;
	enum sb_status	 status;
	bool		 lock_wait;

	if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
		column = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
		constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
		if (msg == NULL)
			msg = PQresultErrorMessage(res);
	} else
		msg = conn != NULL ? PQerrorMessage(conn) : "no connection";
	if (state == NULL && conn != NULL && PQstatus(conn) != CONNECTION_OK)
		state = "08006";
	status = db_status_from_sqlstate(state);
	if (err == NULL)
		return status;
	sb_error_clear(err);
	err->status = status;
	/*
	 * The server's words ("canceling statement due to lock timeout")
	 * say nothing to someone saving a contact.
	 */
	lock_wait = state != NULL && strcmp(state, "55P03") == 0;
	if (lock_wait)
		msg = "another session is saving the same record right now";
	db_copy_line(err->message, sizeof err->message,
	    msg != NULL && *msg != '\0' ? msg : sb_status_text(status));
	if (hint != NULL)
		db_copy_line(err->hint, sizeof err->hint, hint);
	else if (state != NULL && strcmp(state, "57014") == 0)
		snprintf(err->hint, sizeof err->hint, "the server took too "
		    "long to answer; try again, or narrow the request");
	else if (lock_wait)
		snprintf(err->hint, sizeof err->hint, "nothing was changed; "
		    "try again in a moment");
	else if (status == SB_UNAVAILABLE)
		snprintf(err->hint, sizeof err->hint,
		    "check that the server is running and reachable");
	if (column != NULL)
		sb_error_field(err, column);
	else if (constraint != NULL)
		db_field_from_constraint(err, table, constraint);
	if (state != NULL)
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
	if (res != NULL && !lock_wait)
		db_error_sentence(res, err);
	return status;
}

bool
db_error_details(char *buf, size_t size)
{
	if (db_raw_last.message[0] == '\0')
		return false;
	snprintf(buf, size, "SQLSTATE %s: %s%s%s", db_raw_last.sqlstate,
	    db_raw_last.message, db_raw_last.hint[0] != '\0' ? "; hint: " :
	    "", db_raw_last.hint);
	return true;
}

/* Notices go to a buffer the UI may show, never to stderr. */
static void
db_notice_collect(void *arg, const PGresult *res)
{
	struct db	*db = arg;

	db_copy_line(db->last_notice, sizeof db->last_notice,
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
}

void
db_params_set(struct db_params *p, const char *key, const char *value)
{
	int	i;

	for (i = 0; i < p->count; i++) {
		if (strcmp(p->keys[i], key) == 0) {
			p->values[i] = value;
			return;
		}
	}
	if (p->count >= DB_PARAMS_MAX)
		fatal("too many connection parameters");
	p->keys[p->count] = key;
	p->values[p->count] = value;
	p->count++;
	p->keys[p->count] = NULL;
	p->values[p->count] = NULL;
}

/*
 * Our defaults: fail fast, detect dead links. A default is left out when
 * the PG* environment or a service file may set it, since an explicit
 * parameter would override them.
 */
static void
db_params_defaults(struct db_params *full, const struct db_params *p)
{
	static const struct {
		const char	*key, *value, *env;
	} defaults[] = {
		{ "application_name", "switchboard", "PGAPPNAME" },
		{ "connect_timeout", "10", "PGCONNECT_TIMEOUT" },
		{ "keepalives", "1", NULL },
		{ "keepalives_idle", "30", NULL },
		{ "keepalives_interval", "10", NULL },
		{ "keepalives_count", "3", NULL },
	};
	const char	*service = getenv("PGSERVICE");
	size_t		 i;
	int		 j;

	memset(full, 0, sizeof *full);
	for (j = 0; j < p->count; j++) {
		if (strcmp(p->keys[j], "service") == 0)
			service = p->values[j];
	}
	for (i = 0; i < SB_ARRAY_LEN(defaults); i++) {
		if (service != NULL && *service != '\0')
			break;
		if (defaults[i].env != NULL && getenv(defaults[i].env) != NULL)
			continue;
		db_params_set(full, defaults[i].key, defaults[i].value);
	}
	for (j = 0; j < p->count; j++)
		db_params_set(full, p->keys[j], p->values[j]);
}

/* Whether the caller sent DB_SESSION_OPTIONS with the startup packet. */
static int
db_params_preset(const struct db_params *p)
{
	int	i;

	for (i = 0; i < p->count; i++)
		if (strcmp(p->keys[i], "options") == 0)
			return strcmp(p->values[i], DB_SESSION_OPTIONS) == 0;
	return 0;
}

/* The same settings as DB_SESSION_OPTIONS, in one round trip. */
static enum sb_status
db_session_setup(struct db *db, struct sb_error *err)
{
	/* No transaction may stay open while a person is typing. */
	static const char sql[] =
	    "SELECT set_config('search_path', 'sb, pg_catalog', false),"
	    " set_config('statement_timeout', '30s', false),"
	    " set_config('idle_in_transaction_session_timeout', '60s', false),"
	    " set_config('lock_timeout', '10s', false)";

	return db_exec(db, sql, 0, NULL, NULL, err);
}

/* Whether the server's words about the login are "NOUN "name" ...exist". */
static bool
db_refusal_names(const char *msg, const char *noun, const char *name)
{
	char	*quoted = xasprintf("%s \"%s\" does not exist", noun, name);
	bool	 found = strstr(msg, quoted) != NULL;

	free(quoted);
	return found;
}

/*
 * A connection that failed, in plain words: a server that cannot be
 * reached is told apart (by a ping) from one that answered and would not
 * let this login in, which "check that the server is running" would
 * send the person looking in the wrong place for. The server's own
 * words are in English on the servers Switchboard starts; elsewhere the
 * refusal is named without its reason.
 */
static enum sb_status
db_connect_failed(PGconn *conn, const struct db_params *full,
    struct sb_error *err)
{
	const char	*msg = PQerrorMessage(conn), *user = PQuser(conn);
	const char	*db = PQdb(conn), *host = PQhost(conn);

	if (PQpingParams(full->keys, full->values, 0) != PQPING_OK) {
		if (host == NULL || *host == '\0' || *host == '/')
			sb_error_set(err, SB_UNAVAILABLE, "cannot reach the "
			    "server's socket in %s", host != NULL &&
			    *host != '\0' ? host : "the default directory");
		else
			sb_error_set(err, SB_UNAVAILABLE, "cannot reach the "
			    "server at %s port %s", host, PQport(conn));
		sb_error_hint(err, "check that the server is running and "
		    "reachable");
		return SB_UNAVAILABLE;
	}
	if (db_refusal_names(msg, "role", user)) {
		sb_error_set(err, SB_DENIED, "the server has no login named "
		    "\"%s\"", user);
		sb_error_hint(err, "check the user name given with --as or in "
		    "the profile (switchboard profile list); an administrator "
		    "creates logins");
	} else if (db_refusal_names(msg, "database", db)) {
		sb_error_set(err, SB_DENIED, "the server has no database named "
		    "\"%s\"", db);
		sb_error_hint(err, "check the database named in the profile "
		    "(switchboard profile list)");
	} else {
		sb_error_set(err, SB_DENIED, "the server refused login \"%s\" "
		    "to database \"%s\"", user, db);
		if (PQconnectionNeedsPassword(conn))
			sb_error_hint(err, "the server asks for a password: "
			    "\"switchboard profile add NAME\" saves one in a "
			    "profile");
		else if (PQconnectionUsedPassword(conn))
			sb_error_hint(err, "the server refused the password: "
			    "\"switchboard profile add NAME\" saves another in "
			    "the profile");
		else
			sb_error_hint(err, "ask the server's administrator to "
			    "let this login connect");
	}
	return SB_DENIED;
}

enum sb_status
db_connect(const struct db_params *p, struct db **out, struct sb_error *err)
{
	struct db_params	 full;
	struct db		*db;
	enum sb_status		 status;

	*out = NULL;
	db_params_defaults(&full, p);
	db = xcalloc(1, sizeof *db);
	db->conn = PQconnectdbParams(full.keys, full.values, 0);
	if (db->conn == NULL)
		fatal("out of memory connecting to the database");
	PQsetNoticeReceiver(db->conn, db_notice_collect, db);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		status = db_connect_failed(db->conn, &full, err);
		db_free(db);
		return status;
	}
	db->preset = db_params_preset(p);
	status = db->preset ? SB_OK : db_session_setup(db, err);
	if (status != SB_OK) {
		db_free(db);
		return status;
	}
	db->generation = 1;
	*out = db;
	return SB_OK;
}

enum sb_status
db_connect_like(struct db *db, struct db **out, struct sb_error *err)
{
	/* What says where and as whom; libpq's defaults do the rest. */
	static const char *const keys[] = { "host", "hostaddr", "port",
	    "dbname", "user", "password", "passfile", "options",
	    "application_name", "connect_timeout", "sslmode", "sslcert",
	    "sslkey", "sslrootcert", "sslcrl", "requirepeer", "gssencmode",
	    "channel_binding", "target_session_attrs" };
	PQconninfoOption	*info, *o;
	struct db_params	 p;
	enum sb_status		 status;
	size_t			 i;

	*out = NULL;
	if ((info = PQconninfo(db->conn)) == NULL)
		fatal("out of memory reading the connection's parameters");
	memset(&p, 0, sizeof p);
	for (o = info; o->keyword != NULL; o++)
		for (i = 0; i < SB_ARRAY_LEN(keys); i++)
			if (o->val != NULL && strcmp(o->keyword, keys[i]) == 0)
				db_params_set(&p, o->keyword, o->val);
	status = db_connect(&p, out, err);
	for (o = info; o->keyword != NULL; o++)
		if (o->val != NULL && strcmp(o->keyword, "password") == 0)
			explicit_bzero(o->val, strlen(o->val));
	PQconninfoFree(info);
	return status;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->collation_tag);
	free(db->collation_sql);
	free(db);
}

void
db_set_collation(struct db *db, const char *tag)
{
	free(db->collation_tag);
	db->collation_tag = tag != NULL ? xstrdup(tag) : NULL;
	db->collation_gen = 0;
}

const char *
db_collation_tag(const struct db *db)
{
	return db->collation_tag;
}

const char *
db_collation_found(const struct db *db)
{
	return db->collation_gen == db->generation + 1 ? db->collation_sql :
	    NULL;
}

void
db_collation_keep(struct db *db, const char *sql)
{
	free(db->collation_sql);
	db->collation_sql = xstrdup(sql);
	db->collation_gen = db->generation + 1;
}

PGconn *
db_conn(struct db *db)
{
	return db->conn;
}

const char *
db_last_notice(const struct db *db)
{
	return db->last_notice;
}

const char *
db_user(const struct db *db)
{
	const char	*s = PQuser(db->conn);

	return s != NULL ? s : "";
}

const char *
db_name(const struct db *db)
{
	const char	*s = PQdb(db->conn);

	return s != NULL ? s : "";
}

/* Did this failure break the connection (or announce that it will)? */
static int
db_result_is_loss(PGconn *conn, const PGresult *res)
{
	const char	*state;

	if (PQstatus(conn) != CONNECTION_OK)
		return 1;
	state = res == NULL ? NULL : PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state == NULL)
		return 0;
	return strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
	    strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0;
}

/* A statement's result into *out (on success), or its failure into err. */
static enum sb_status
db_result(struct db *db, PGresult *res, PGresult **out, struct sb_error *err)
{
	enum sb_status	 status;

	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		if (out != NULL)
			*out = res;
		else
			PQclear(res);
		return SB_OK;
	default:
		status = db_error_from_result(db->conn, res, err);
		if (db_result_is_loss(db->conn, res))
			db->lost = 1;
		PQclear(res);
		return status;
	}
}

enum sb_status
db_exec(struct db *db, const char *sql, int nparams,
    const char *const *params, PGresult **out, struct sb_error *err)
{
	if (out != NULL)
		*out = NULL;
	return db_result(db, PQexecParams(db->conn, sql, nparams, NULL, params,
	    NULL, NULL, 0), out, err);
}

/* A statement that got no result at all: the connection says why. */
static enum sb_status
db_no_result(struct db *db, struct sb_error *err)
{
	if (db_result_is_loss(db->conn, NULL))
		db->lost = 1;
	return db_error_from_result(db->conn, NULL, err);
}

enum sb_status
db_send(struct db *db, const char *sql, int nparams,
    const char *const *params, struct sb_error *err)
{
	if (PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL,
	    0) == 1)
		return SB_OK;
	return db_no_result(db, err);
}

enum sb_status
db_receive(struct db *db, PGresult **out, struct sb_error *err)
{
	PGresult	*res, *last = NULL;

	if (out != NULL)
		*out = NULL;
	/* The statement's result, then NULL; a lost connection, its error. */
	while ((res = PQgetResult(db->conn)) != NULL) {
		PQclear(last);
		last = res;
	}
	if (last == NULL)
		return db_no_result(db, err);
	return db_result(db, last, out, err);
}

int
db_socket(struct db *db)
{
	return PQsocket(db->conn);
}

unsigned int
db_generation(const struct db *db)
{
	return db->generation;
}

int
db_is_lost(struct db *db)
{
	if (db->state == DB_STATE_OK && PQstatus(db->conn) != CONNECTION_OK)
		db->lost = 1;
	return db->lost;
}

/* Milliseconds on a clock that never jumps. */
static long long
db_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An attempt failed: say why and back off before the next one. */
static enum db_state
db_reconnect_failed(struct db *db, struct sb_error *err)
{
	int	delay;

	db_error_from_result(db->conn, NULL, err);
	if (err != NULL) {
		err->status = SB_UNAVAILABLE;
		sb_error_hint(err, "reconnecting; check that the server is "
		    "running and reachable");
	}
	delay = DB_BACKOFF_FIRST_MS << (db->attempts < 6 ? db->attempts : 6);
	if (delay > DB_BACKOFF_MAX_MS)
		delay = DB_BACKOFF_MAX_MS;
	db->attempts++;
	db->state = DB_STATE_WAITING;
	db->due_ms = db_now_ms() + delay;
	return DB_STATE_WAITING;
}

/* Start an attempt: libpq reuses the original parameters and hosts. */
static enum db_state
db_reconnect_start(struct db *db, struct sb_error *err)
{
	if (!PQresetStart(db->conn))
		return db_reconnect_failed(db, err);
	db->state = DB_STATE_CONNECTING;
	db->events = POLLOUT;
	db->due_ms = db_now_ms() + DB_ATTEMPT_MAX_MS;
	return DB_STATE_CONNECTING;
}

/* One step of an attempt under way. */
static enum db_state
db_reconnect_step(struct db *db, struct sb_error *err)
{
	switch (PQresetPoll(db->conn)) {
	case PGRES_POLLING_READING:
		db->events = POLLIN;
		break;
	case PGRES_POLLING_WRITING:
		db->events = POLLOUT;
		break;
	case PGRES_POLLING_OK:
		/* The session settings are one short statement. */
		if (!db->preset && db_session_setup(db, err) != SB_OK)
			return db_reconnect_failed(db, err);
		db->state = DB_STATE_OK;
		db->lost = 0;
		db->attempts = 0;
		db->generation++;
		sb_error_clear(err);
		return DB_STATE_OK;
	default:
		return db_reconnect_failed(db, err);
	}
	if (db_now_ms() >= db->due_ms)
		return db_reconnect_failed(db, err);
	return DB_STATE_CONNECTING;
}

enum db_state
db_reconnect_poll(struct db *db, struct db_wait *w, struct sb_error *err)
{
	long long	now;

	w->fd = -1;
	w->events = 0;
	w->timeout_ms = -1;
	if (db->state == DB_STATE_OK) {
		if (!db_is_lost(db))
			return DB_STATE_OK;
		db->state = DB_STATE_WAITING;
		db->due_ms = db_now_ms();
	}
	if (db->state == DB_STATE_WAITING && db_now_ms() >= db->due_ms)
		db_reconnect_start(db, err);
	else if (db->state == DB_STATE_CONNECTING)
		db_reconnect_step(db, err);
	now = db_now_ms();
	if (db->state == DB_STATE_CONNECTING) {
		w->fd = PQsocket(db->conn);
		w->events = db->events;
	}
	if (db->state != DB_STATE_OK)
		w->timeout_ms = db->due_ms > now ? (int)(db->due_ms - now) : 0;
	return db->state;
}

enum sb_status
db_reconnect(struct db *db, int timeout_ms, struct sb_error *err)
{
	struct pollfd	pfd;
	struct db_wait	w;
	long long	deadline = db_now_ms() + timeout_ms, left;

	sb_error_set(err, SB_UNAVAILABLE, "could not reconnect in time");
	while (db_reconnect_poll(db, &w, err) != DB_STATE_OK) {
		left = deadline - db_now_ms();
		if (left <= 0)
			return SB_UNAVAILABLE;
		if (w.timeout_ms < 0 || w.timeout_ms > left)
			w.timeout_ms = (int)left;
		pfd.fd = w.fd;
		pfd.events = w.events;
		pfd.revents = 0;
		poll(&pfd, w.fd == -1 ? 0 : 1, w.timeout_ms);
	}
	return SB_OK;
}

void
db_set_fault_hook(struct db *db,
    void (*hook)(struct db *, enum db_fault_point, void *), void *arg)
{
	db->fault = hook;
	db->fault_arg = arg;
}

static void
db_fault(struct db *db, enum db_fault_point point)
{
	if (db->fault != NULL)
		db->fault(db, point, db->fault_arg);
}

int
db_is_broken(struct db *db)
{
	return PQstatus(db->conn) != CONNECTION_OK;
}

enum sb_status
db_reset(struct db *db, struct sb_error *err)
{
	enum sb_status	status;

	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		status = db_error_from_result(db->conn, NULL, err);
		if (status == SB_INTERNAL || status == SB_OK)
			status = err->status = SB_UNAVAILABLE;
		db->lost = 1;
		return status;
	}
	if ((status = db_session_setup(db, err)) != SB_OK)
		return status;
	/* A new session, as after db_reconnect_poll: listeners re-listen. */
	db->state = DB_STATE_OK;
	db->lost = 0;
	db->attempts = 0;
	db->generation++;
	return SB_OK;
}

/*
 * COMMIT sent and its reply read as two steps, so that tests can break the
 * connection in between: the case where the server committed but the
 * client never heard.
 */
enum sb_status
db_commit(struct db *db, struct sb_error *err)
{
	PGresult	*res;
	enum sb_status	 status = SB_OK;
	int		 seen = 0;

	db_fault(db, DB_FAULT_BEFORE_COMMIT);
	if (!PQsendQuery(db->conn, "COMMIT"))
		return db_error_from_result(db->conn, NULL, err);
	db_fault(db, DB_FAULT_COMMIT_SENT);
	while ((res = PQgetResult(db->conn)) != NULL) {
		seen = 1;
		if (status == SB_OK &&
		    PQresultStatus(res) != PGRES_COMMAND_OK)
			status = db_error_from_result(db->conn, res, err);
		PQclear(res);
	}
	if (status == SB_OK && (!seen || db_is_broken(db)))
		status = db_error_from_result(db->conn, NULL, err);
	return status;
}
