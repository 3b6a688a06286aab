/* Profile tests: the real binary, a password-protected role, the vault. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"
#include "switchboard/vault.h"
#include "screen.h"
#include "testdb.h"
#include "testrun.h"
#include "testsql.h"

#define WAIT_MS		10000
#define ROLE		"pat_remote"
#define PASSWORD	"pw-Kq7rT2zX9"
#define WRONG_PASSWORD	"pw-not-this-one"
#define PASSPHRASE1	"vault pass one 4821"
#define PASSPHRASE2	"vault pass two 9377"

static struct testdb	*tdb;
static PGconn		*admin;
static char		*program, *home, *env[6], port[16];
static const char	*passphrase = PASSPHRASE1;

/* What a run of the binary left behind. */
struct run {
	int	 status;
	char	*out;
	char	*err;
};

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether connecting as ROLE without a password is refused. */
static int
hba_in_force(void)
{
	char	*ci = testdb_conninfo(tdb, ROLE);
	PGconn	*c = PQconnectdb(ci);
	int	 refused = PQstatus(c) != CONNECTION_OK;

	PQfinish(c);
	free(ci);
	return refused;
}

/* Ask for a password for ROLE: a line before the cluster's trust lines. */
static void
hba_require_password(void)
{
	char		*path, *old;
	FILE		*f;
	long long	 deadline;
	struct timespec	 pause = { 0, 20 * 1000000 };

	path = xasprintf("%s/cluster/data/pg_hba.conf", testdb_dir(tdb));
	f = fopen(path, "r");
	assert_non_null(f);
	old = xcalloc(1, 65536);
	assert_true(fread(old, 1, 65535, f) > 0);
	fclose(f);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "local all " ROLE " scram-sha-256\n%s", old);
	assert_int_equal(fclose(f), 0);
	free(old);
	free(path);
	free(testsql_value(admin, "SELECT pg_reload_conf()::text", NULL));
	/* The reload is asynchronous: wait until it shows. */
	deadline = now_ms() + WAIT_MS;
	while (!hba_in_force()) {
		if (now_ms() > deadline)
			fail_msg("pg_hba.conf reload did not take effect");
		nanosleep(&pause, NULL);
	}
}

/* The role, its SCRAM verifier computed here, and its membership. */
static void
role_create(void)
{
	char	*verifier, *lit, *sql, *org, *anna;

	testsql_exec(admin, "CREATE ROLE " ROLE " LOGIN; "
	    "GRANT switchboard_user TO " ROLE);
	verifier = PQencryptPasswordConn(admin, PASSWORD, ROLE,
	    "scram-sha-256");
	assert_non_null(verifier);
	lit = PQescapeLiteral(admin, verifier, strlen(verifier));
	assert_non_null(lit);
	sql = xasprintf("ALTER ROLE " ROLE " PASSWORD %s", lit);
	testsql_exec(admin, sql);
	free(sql);
	PQfreemem(lit);
	PQfreemem(verifier);
	org = testsql_value(admin, "SELECT sb.organization_create($1, $2)",
	    "Riverside Health", "provider", NULL);
	anna = testsql_value(admin, "SELECT sb.contact_create($1, $2)",
	    "Annika", "Profiletest", NULL);
	free(testsql_value(admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'admin')", org, anna, NULL));
	free(testsql_value(admin, "SELECT sb.membership_grant($1, "
	    "'provider_admin', $2)::text", ROLE, org, NULL));
	free(org);
	free(anna);
}

static int
setup(void **state)
{
	const char	*top = getenv("SB_TOP_BUILDDIR");
	char		 tmpl[] = "/tmp/sb-profile-XXXXXX";

	(void)state;
	tdb = testdb_start_migrated(&admin);
	role_create();
	hba_require_password();
	assert_non_null(mkdtemp(tmpl));
	home = xstrdup(tmpl);
	env[0] = xasprintf("HOME=%s", home);
	env[1] = xasprintf("XDG_CONFIG_HOME=%s/config", home);
	env[2] = xasprintf("XDG_DATA_HOME=%s/data", home);
	env[3] = xstrdup("LC_ALL=C.UTF-8");
	env[4] = xstrdup("PATH=/usr/bin:/bin");
	env[5] = NULL;
	snprintf(port, sizeof port, "%d", testdb_port(tdb));
	program = util_path_join(top != NULL ? top : ".", "switchboard");
	return 0;
}

static int
teardown(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; env[i] != NULL; i++)
		free(env[i]);
	util_rmtree(home);
	free(home);
	free(program);
	PQfinish(admin);
	testdb_stop(tdb);
	return 0;
}

/* A pipe holding text, for a --*-fd option; returns the read end. */
static int
pipe_with(const char *text)
{
	int	fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], text, strlen(text)),
	    (ssize_t)strlen(text));
	close(fds[1]);
	return fds[0];
}

/*
 * Run the binary with args (NULL-terminated), descriptor 3 and 4 holding
 * fd3 and fd4 (NULL: closed), stdin /dev/null and no terminal.
 */
static struct run
run(const char *fd3, const char *fd4, ...)
{
	const char	*argv[24];
	FILE		*out = tmpfile(), *err = tmpfile();
	struct run	 r;
	va_list		 ap;
	int		 n = 1, st, p3 = -1, p4 = -1;
	pid_t		 pid;

	argv[0] = program;
	va_start(ap, fd4);
	while (n < 23 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	assert_non_null(out);
	assert_non_null(err);
	if (fd3 != NULL)
		p3 = pipe_with(fd3);
	if (fd4 != NULL)
		p4 = pipe_with(fd4);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int	devnull = open("/dev/null", O_RDONLY);
		int	a = p3 >= 0 ? fcntl(p3, F_DUPFD, 10) : -1;
		int	b = p4 >= 0 ? fcntl(p4, F_DUPFD, 10) : -1;

		setsid();	/* no controlling terminal to prompt on */
		dup2(devnull, 0);
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		close(3);
		close(4);
		if (a >= 0)
			dup2(a, 3);
		if (b >= 0)
			dup2(b, 4);
		execve(program, (char *const *)argv, env);
		_exit(127);
	}
	if (p3 >= 0)
		close(p3);
	if (p4 >= 0)
		close(p4);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	r.status = WEXITSTATUS(st);
	r.out = testrun_slurp(out);
	r.err = testrun_slurp(err);
	fclose(out);
	fclose(err);
	if (r.status != 0)
		printf("# exit %d, stderr: %s", r.status, r.err);
	return r;
}

static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static char *
line(const char *s)
{
	return xasprintf("%s\n", s);
}

/* Save profile name for ROLE with password; the vault passphrase on 4. */
static int
add_profile(const char *name, const char *password, const char *standby)
{
	struct run	 r;
	char		*pw = line(password), *pp = line(passphrase);
	int		 status;

	if (standby != NULL)
		r = run(pw, pp, "profile", "add", name, "--host",
		    testdb_host(tdb), "--port", port, "--database",
		    CLUSTER_DATABASE, "--user", ROLE, "--sslmode", "disable",
		    "--standby", standby, "--password-fd", "3",
		    "--passphrase-fd", "4", NULL);
	else
		r = run(pw, pp, "profile", "add", name, "--host",
		    testdb_host(tdb), "--port", port, "--database",
		    CLUSTER_DATABASE, "--user", ROLE, "--sslmode", "disable",
		    "--password-fd", "3", "--passphrase-fd", "4", NULL);
	status = r.status;
	run_free(&r);
	free(pw);
	free(pp);
	return status;
}

/* The whole of a file, or NULL if it cannot be read. */
static char *
file_text(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "r");
	char	*s;

	if (f == NULL)
		return NULL;
	s = testrun_slurp_len(f, len);
	fclose(f);
	return s;
}

/* The password the vault holds for name (in the test), or NULL. */
static char *
vault_password(const char *pass, const char *name)
{
	struct vault		*v;
	struct sb_error		 err;
	const unsigned char	*s;
	char			*path, *copy = NULL;

	path = xasprintf("%s/data/switchboard/vault", home);
	if (vault_open(path, pass, &v, &err) != SB_OK)
		fail_msg("vault_open: %s", err.message);
	if ((s = vault_get(v, name, NULL)) != NULL)
		copy = xstrdup((const char *)s);
	vault_close(v);
	free(path);
	return copy;
}

static void
test_add_and_list(void **state)
{
	struct run	 r;
	char		*path, *text, *pw;
	size_t		 len = 0;

	(void)state;
	assert_int_equal(add_profile("remote", PASSWORD, NULL), 0);
	pw = vault_password(passphrase, "remote");
	assert_string_equal(pw, PASSWORD);
	free(pw);
	r = run(NULL, NULL, "profile", "list", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "remote (profiles.yaml)"));
	assert_non_null(strstr(r.out, ROLE));
	assert_non_null(strstr(r.out, testdb_host(tdb)));
	assert_null(strstr(r.out, PASSWORD));
	assert_null(strstr(r.err, PASSWORD));
	run_free(&r);
	/* The settings file holds no secret; the vault file no plain text. */
	path = xasprintf("%s/config/switchboard/profiles.yaml", home);
	text = file_text(path, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, ROLE));
	assert_null(strstr(text, PASSWORD));
	free(text);
	free(path);
	path = xasprintf("%s/data/switchboard/vault", home);
	text = file_text(path, &len);
	assert_non_null(text);
	assert_null(memmem(text, len, PASSWORD, strlen(PASSWORD)));
	free(text);
	free(path);
}

static void
test_profile_test_reports(void **state)
{
	struct run	 r;
	char		*pp = line(passphrase);

	(void)state;
	r = run(pp, NULL, "profile", "test", "remote", "--passphrase-fd", "3",
	    NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "PostgreSQL 15"));
	assert_non_null(strstr(r.out, "role:     " ROLE));
	assert_non_null(strstr(r.out,
	    "provider admin of Riverside Health"));
	assert_null(strstr(r.out, PASSWORD));
	run_free(&r);
	free(pp);
}

static void
test_wrong_password_refused(void **state)
{
	struct run	 r;
	char		*pp = line(passphrase);

	(void)state;
	assert_int_equal(add_profile("wrongpw", WRONG_PASSWORD, NULL), 0);
	r = run(pp, NULL, "profile", "test", "wrongpw", "--passphrase-fd",
	    "3", NULL);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "the server refused login"));
	assert_non_null(strstr(r.err, "refused the password"));
	assert_null(strstr(r.err, "FATAL"));
	assert_null(strstr(r.err, "running and reachable"));
	assert_null(strstr(r.err, WRONG_PASSWORD));
	assert_null(strstr(r.out, "connected"));
	run_free(&r);
	free(pp);
}

static void
test_wrong_passphrase_refused(void **state)
{
	struct run	r;

	(void)state;
	r = run("not the passphrase\n", NULL, "profile", "test", "remote",
	    "--passphrase-fd", "3", NULL);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "wrong passphrase"));
	assert_null(strstr(r.out, "connected"));
	run_free(&r);
}

/* A later process: only the passphrase, for a lookup on the profile. */
static void
test_lookup_with_profile(void **state)
{
	struct run	 r;
	char		*pp = line(passphrase), *path;
	FILE		*f;

	(void)state;
	r = run(pp, NULL, "--profile", "remote", "--passphrase-fd", "3",
	    "lookup", "Profiletest", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Annika Profiletest"));
	assert_non_null(strstr(r.out, "Riverside Health"));
	run_free(&r);
	/* Without a passphrase and no terminal: refused, nothing asked. */
	r = run(NULL, NULL, "--profile", "remote", "lookup", "Profiletest",
	    NULL);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "--passphrase-fd"));
	run_free(&r);
	/* The configuration's default-profile does the same. */
	path = xasprintf("%s/config/switchboard/config.yaml", home);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("default-profile: remote\n", f);
	assert_int_equal(fclose(f), 0);
	r = run(pp, NULL, "--passphrase-fd", "3", "lookup", "Profiletest",
	    NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Annika Profiletest"));
	run_free(&r);
	assert_int_equal(unlink(path), 0);
	free(path);
	free(pp);
}

/* Standby hosts: lookups try them; with none in recovery, the primary. */
static void
test_standby_listed(void **state)
{
	struct run	 r;
	char		*pp = line(passphrase);

	(void)state;
	assert_int_equal(add_profile("withstandby", PASSWORD,
	    testdb_host(tdb)), 0);
	r = run(pp, NULL, "profile", "test", "withstandby",
	    "--passphrase-fd", "3", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out,
	    "lookups:  no standby answered: reading from the primary"));
	run_free(&r);
	r = run(pp, NULL, "--profile", "withstandby", "--passphrase-fd", "3",
	    "lookup", "Profiletest", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Annika Profiletest"));
	run_free(&r);
	free(pp);
}

static void
test_passwd(void **state)
{
	struct run	 r;
	char		*both, *pp;

	(void)state;
	both = xasprintf("%s\n%s\n", PASSPHRASE1, PASSPHRASE2);
	r = run(both, NULL, "profile", "passwd", "--passphrase-fd", "3",
	    NULL);
	assert_int_equal(r.status, 0);
	run_free(&r);
	free(both);
	passphrase = PASSPHRASE2;
	r = run(PASSPHRASE1 "\n", NULL, "profile", "test", "remote",
	    "--passphrase-fd", "3", NULL);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "wrong passphrase"));
	run_free(&r);
	pp = line(PASSPHRASE2);
	r = run(pp, NULL, "profile", "test", "remote", "--passphrase-fd",
	    "3", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "role:     " ROLE));
	run_free(&r);
	free(pp);
}

static void
test_remove(void **state)
{
	struct run	 r;
	char		*pp = line(passphrase), *pw;

	(void)state;
	r = run("wrong\n", NULL, "profile", "remove", "remote",
	    "--passphrase-fd", "3", NULL);
	assert_int_equal(r.status, 3);
	run_free(&r);
	pw = vault_password(passphrase, "remote");
	assert_non_null(pw);
	free(pw);
	r = run(pp, NULL, "profile", "remove", "remote", "--passphrase-fd",
	    "3", NULL);
	assert_int_equal(r.status, 0);
	run_free(&r);
	assert_null(vault_password(passphrase, "remote"));
	pw = vault_password(passphrase, "wrongpw");
	assert_string_equal(pw, WRONG_PASSWORD);
	free(pw);
	r = run(NULL, NULL, "profile", "list", NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "remote ("));
	assert_non_null(strstr(r.out, "wrongpw ("));
	run_free(&r);
	r = run(pp, NULL, "profile", "test", "remote", "--passphrase-fd", "3",
	    NULL);
	assert_int_equal(r.status, 1);
	run_free(&r);
	free(pp);
}

/*
 * A profile written by hand, with no vault at all: nothing is asked, and
 * a role without memberships is told it sees nothing.
 */
static void
test_no_vault(void **state)
{
	struct run	 r;
	char		*path, *saved = env[2];
	FILE		*f;

	(void)state;
	path = xasprintf("%s/config/switchboard/config.yaml", home);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "profiles:\n  handmade:\n    hosts: [\"%s\"]\n"
	    "    port: %s\n    database: %s\n    user: %s\n",
	    testdb_host(tdb), port, CLUSTER_DATABASE, CLUSTER_SUPERUSER);
	assert_int_equal(fclose(f), 0);
	env[2] = xasprintf("XDG_DATA_HOME=%s/novault", home);
	r = run(NULL, NULL, "profile", "test", "handmade", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "role:     " CLUSTER_SUPERUSER));
	assert_non_null(strstr(r.out, "scope:    none"));
	run_free(&r);
	r = run(NULL, NULL, "profile", "list", NULL);
	assert_non_null(strstr(r.out, "handmade (config.yaml)"));
	run_free(&r);
	free(env[2]);
	env[2] = saved;
	assert_int_equal(unlink(path), 0);
	free(path);
}

/* No secret on the command line: the options for it do not exist. */
static void
test_no_secret_options(void **state)
{
	struct run	r;

	(void)state;
	r = run(NULL, NULL, "profile", "add", "x", "--password", PASSWORD,
	    NULL);
	assert_int_equal(r.status, 2);
	run_free(&r);
	r = run(NULL, NULL, "profile", "add", "nopw", "--host", "h", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--password-fd"));
	run_free(&r);
}

/* The pid of our child running the program (the one the pty runs). */
static pid_t
child_pid(void)
{
	DIR		*d = opendir("/proc");
	struct dirent	*e;
	char		*path, *text, *close_paren;
	pid_t		 found = -1;
	int		 ppid;

	assert_non_null(d);
	while (found < 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		path = xasprintf("/proc/%s/stat", e->d_name);
		text = file_text(path, NULL);
		free(path);
		/* "pid (comm) state ppid ...": comm may hold spaces. */
		if (text != NULL && strstr(text, "(switchboard)") != NULL &&
		    (close_paren = strrchr(text, ')')) != NULL &&
		    sscanf(close_paren + 2, "%*c %d", &ppid) == 1 &&
		    ppid == getpid())
			found = atoi(e->d_name);
		free(text);
	}
	closedir(d);
	assert_true(found > 0);
	return found;
}

/* /proc/pid/name must be readable and hold neither secret. */
static void
proc_check_clean(pid_t pid, const char *name)
{
	char	*path, *text;
	size_t	 len = 0;

	path = xasprintf("/proc/%d/%s", (int)pid, name);
	text = file_text(path, &len);
	if (text == NULL)
		fail_msg("cannot read %s", path);
	assert_true(len > 0);
	assert_null(memmem(text, len, PASSWORD, strlen(PASSWORD)));
	assert_null(memmem(text, len, passphrase, strlen(passphrase)));
	free(text);
	free(path);
}

/* Soft and hard "Max core file size" in /proc/pid/limits are 0. */
static void
proc_check_no_core(pid_t pid)
{
	char	*path, *text, *at, soft[32], hard[32];

	path = xasprintf("/proc/%d/limits", (int)pid);
	text = file_text(path, NULL);
	assert_non_null(text);
	at = strstr(text, "Max core file size");
	assert_non_null(at);
	assert_int_equal(sscanf(at + strlen("Max core file size"),
	    "%31s %31s", soft, hard), 2);
	assert_string_equal(soft, "0");
	assert_string_equal(hard, "0");
	free(text);
	free(path);
}

/*
 * The interface on a profile, in a pseudo-terminal: once it shows its
 * first frame, the secrets are in neither its arguments nor its
 * environment, and it can leave no core dump.
 */
static void
test_ui_hides_secrets(void **state)
{
	struct screen	*s;
	char		*pp = line(passphrase), fdarg[16], term[] =
			    "TERM=xterm-256color";
	const char	*argv[] = { program, "--profile", "remote",
			    "--passphrase-fd", fdarg, NULL };
	const char	*envp[] = { env[0], env[1], env[2], env[3], env[4],
			    term, NULL };
	pid_t		 pid;
	int		 fd, status;

	(void)state;
	fd = pipe_with(pp);
	snprintf(fdarg, sizeof fdarg, "%d", fd);
	s = screen_spawn(argv, envp, 24, 100);
	close(fd);
	if (!screen_wait_text(s, "connected as " ROLE, WAIT_MS))
		fail_msg("the interface never showed its first frame");
	pid = child_pid();
	proc_check_clean(pid, "cmdline");
	if (geteuid() == 0)
		proc_check_clean(pid, "environ");
	else
		printf("# not root: /proc/%d/environ of a non-dumpable "
		    "process is not readable; that check is skipped\n",
		    (int)pid);
	proc_check_no_core(pid);
	screen_send(s, "q");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	screen_free(s);
	free(pp);
}

/* How often the passphrase prompt shows on the screen: arg points at n. */
static bool
prompts_shown(struct screen *s, void *arg)
{
	char	*text = screen_text(s), *at;
	int	 n = 0;

	for (at = text; (at = strstr(at, "Vault passphrase:")) != NULL; at++)
		n++;
	free(text);
	return n >= *(int *)arg;
}

/* Answer the terminal's passphrase prompts with answers, in turn. */
static struct screen *
answer_prompts(const char *const *answers, size_t n)
{
	const char	*argv[] = { program, "profile", "test", "remote",
			    NULL };
	const char	*envp[] = { env[0], env[1], env[2], env[3], env[4],
			    "TERM=xterm", NULL };
	struct screen	*s;
	char		*typed;
	size_t		 i;
	int		 want;

	s = screen_spawn(argv, envp, 24, 100);
	for (i = 0; i < n; i++) {
		want = (int)i + 1;
		/* The prompt flushes input typed before it: wait for it. */
		if (!screen_wait(s, prompts_shown, &want, WAIT_MS))
			fail_msg("prompt %d never showed", want);
		if (!screen_wait_idle(s, WAIT_MS))
			fail_msg("the program never waited for input");
		typed = xasprintf("%s\r", answers[i]);
		screen_send(s, typed);
		free(typed);
	}
	return s;
}

/* On a terminal: three tries, "wrong passphrase" between, no echo. */
static void
test_terminal_tries(void **state)
{
	const char *const	 two_wrong[] = { "wrong one", "wrong two",
				    PASSPHRASE1 };
	const char *const	 three_wrong[] = { "wrong one", "wrong two",
				    "wrong three" };
	struct screen		*s;
	int			 status;

	(void)state;
	assert_string_equal(passphrase, PASSPHRASE1);
	s = answer_prompts(two_wrong, 3);
	status = screen_wait_exit(s, WAIT_MS * 3);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(screen_contains(s, "wrong passphrase, try again"));
	assert_true(screen_contains(s, "role:     " ROLE));
	assert_false(screen_contains(s, "wrong one"));
	assert_false(screen_contains(s, PASSPHRASE1));
	screen_free(s);
	s = answer_prompts(three_wrong, 3);
	status = screen_wait_exit(s, WAIT_MS * 3);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	assert_true(screen_contains(s, "switchboard: wrong passphrase"));
	assert_false(screen_contains(s, "connected"));
	screen_free(s);
}

/* Wait for prompt on the terminal, then type answer and Enter. */
static void
answer(struct screen *s, const char *prompt, const char *text)
{
	char	*typed;

	if (!screen_wait_text(s, prompt, WAIT_MS))
		fail_msg("prompt \"%s\" never showed", prompt);
	/* The prompt flushes input typed before it: wait until it reads. */
	if (!screen_wait_idle(s, WAIT_MS))
		fail_msg("the program never waited for input");
	typed = xasprintf("%s\r", text);
	screen_send(s, typed);
	free(typed);
}

/*
 * On a terminal, profile add asks for each setting, then the password and
 * the vault passphrase without echo; the profile it saves connects.
 */
static void
test_interactive_add(void **state)
{
	const char	*argv[] = { program, "profile", "add", "typed", NULL };
	const char	*envp[] = { env[0], env[1], env[2], env[3], env[4],
			    "TERM=xterm", NULL };
	struct screen	*s;
	struct run	 r;
	char		*pw, *line;
	int		 status;

	(void)state;
	s = screen_spawn(argv, envp, 24, 120);
	answer(s, "Hosts (", testdb_host(tdb));
	answer(s, "Port (", port);
	answer(s, "Database (", CLUSTER_DATABASE);
	answer(s, "User (", ROLE);
	answer(s, "TLS mode (", "disable");
	answer(s, "Standby hosts", "");
	answer(s, "Server password", PASSWORD);
	answer(s, "Vault passphrase:", passphrase);
	status = screen_wait_exit(s, WAIT_MS * 3);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(screen_contains(s, "saved profile \"typed\""));
	/* Typed settings are shown as typed; secrets never. */
	assert_true(screen_contains(s, ROLE));
	assert_false(screen_contains(s, PASSWORD));
	assert_false(screen_contains(s, passphrase));
	screen_free(s);
	pw = vault_password(passphrase, "typed");
	assert_string_equal(pw, PASSWORD);
	free(pw);
	r = run(NULL, NULL, "profile", "list", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "typed (profiles.yaml)"));
	run_free(&r);
	line = xasprintf("%s\n", passphrase);
	r = run(line, NULL, "profile", "test", "typed", "--passphrase-fd", "3",
	    NULL);
	free(line);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "role:     " ROLE));
	run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_list),
		cmocka_unit_test(test_profile_test_reports),
		cmocka_unit_test(test_wrong_password_refused),
		cmocka_unit_test(test_wrong_passphrase_refused),
		cmocka_unit_test(test_lookup_with_profile),
		cmocka_unit_test(test_standby_listed),
		cmocka_unit_test(test_ui_hides_secrets),
		cmocka_unit_test(test_terminal_tries),
		cmocka_unit_test(test_interactive_add),
		cmocka_unit_test(test_no_secret_options),
		cmocka_unit_test(test_no_vault),
		cmocka_unit_test(test_passwd),
		cmocka_unit_test(test_remove),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
