/* Running the PostgreSQL programs: finding them, clean children, privileges. */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"

/*
 * The whole environment of every child: nothing is inherited, so secrets
 * such as PGPASSWORD in our environment never reach initdb or the server.
 */
static char *const cluster_exec_env[] = {
	"PATH=/usr/bin:/bin",
	"LANG=C.UTF-8",
	"LC_ALL=C.UTF-8",
	NULL
};

/* Programs a bin directory must hold to run the embedded cluster. */
static const char *const cluster_exec_needed[] = {
	"initdb", "pg_ctl", "postgres"
};

int
cluster_exec_drop(const struct cluster_user *u)
{
	if (setgroups((size_t)u->ngroups, u->groups) != 0 ||
	    setgid(u->gid) != 0 || setuid(u->uid) != 0)
		return -1;
	if (getuid() != u->uid || geteuid() != u->uid ||
	    getgid() != u->gid || getegid() != u->gid)
		return -1;
	if (u->uid != 0 && setuid(0) == 0)
		return -1;
	return 0;
}

/*
 * In the child: plain signals, stdin on /dev/null, stdout on logfd (or
 * outfd), stderr on outfd, then exec.
 */
static void __attribute__((noreturn))
cluster_exec_child(const struct cluster_user *u, int logfd, int outfd,
    char *const argv[])
{
	sigset_t	set;
	int		nullfd, sig;

	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	nullfd = open("/dev/null", O_RDONLY);
	if (nullfd == -1 || dup2(nullfd, STDIN_FILENO) == -1 ||
	    dup2(logfd != -1 ? logfd : outfd, STDOUT_FILENO) == -1 ||
	    dup2(outfd, STDERR_FILENO) == -1)
		_exit(126);
	/* Nothing of ours (locks, database sockets) may reach the server. */
	close_range(3, ~0U, 0);
	if (u != NULL && cluster_exec_drop(u) != 0) {
		dprintf(STDERR_FILENO, "cannot switch to user id %ld\n",
		    (long)u->uid);
		_exit(126);
	}
	if (chdir("/") != 0)
		_exit(126);
	execve(argv[0], argv, cluster_exec_env);
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0],
	    strerror(errno));
	_exit(127);
}

/* Append n bytes to out, keeping only the last size - 1 bytes. */
static void
cluster_exec_keep(char *out, size_t size, const char *buf, size_t n)
{
	size_t	have = strlen(out);

	if (n >= size - 1) {
		buf += n - (size - 1);
		n = size - 1;
	}
	if (have + n > size - 1) {
		memmove(out, out + (have + n - (size - 1)), size - 1 - n);
		have = size - 1 - n;
	}
	memcpy(out + have, buf, n);
	out[have + n] = '\0';
}

/* Wait for pid; its exit status, or -1 if it died of a signal. */
static int
cluster_exec_wait(pid_t pid)
{
	int	status;

	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return -1;
}

int
cluster_exec_run(const struct cluster_user *u, char *const argv[],
    int logfd, char *out, size_t size)
{
	char	buf[1024];
	ssize_t	n;
	pid_t	pid;
	int	fds[2];

	out[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(out, size, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == -1) {
		snprintf(out, size, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0)
		cluster_exec_child(u, logfd, fds[1], argv);
	close(fds[1]);
	for (;;) {
		n = read(fds[0], buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		cluster_exec_keep(out, size, buf, (size_t)n);
	}
	close(fds[0]);
	return cluster_exec_wait(pid);
}

int
cluster_exec_can_write(const struct cluster_user *u, const char *path)
{
	pid_t	pid;

	pid = fork();
	if (pid == -1)
		return 0;
	if (pid == 0) {
		if (cluster_exec_drop(u) != 0)
			_exit(1);
		_exit(access(path, W_OK | X_OK) == 0 ? 0 : 1);
	}
	return cluster_exec_wait(pid) == 0;
}

/* Does dir hold every program the cluster needs? */
static int
cluster_exec_bindir_ok(const char *dir)
{
	char	*path;
	size_t	 i;
	int	 ok = 1;

	for (i = 0; ok && i < SB_ARRAY_LEN(cluster_exec_needed); i++) {
		path = util_path_join(dir, cluster_exec_needed[i]);
		ok = access(path, X_OK) == 0;
		free(path);
	}
	return ok;
}

/* pg_config --bindir, with pg_config found on PATH; NULL if none. */
static char *
cluster_exec_pg_config(void)
{
	const char	*path = getenv("PATH");
	char		*copy, *dir, *save = NULL, *prog = NULL;
	char		 out[1024];
	char		*argv[3];

	if (path == NULL)
		path = "/usr/bin:/bin";
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir != NULL && prog == NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		prog = util_path_join(*dir == '\0' ? "." : dir, "pg_config");
		if (access(prog, X_OK) != 0) {
			free(prog);
			prog = NULL;
		}
	}
	free(copy);
	if (prog == NULL)
		return NULL;
	argv[0] = prog;
	argv[1] = "--bindir";
	argv[2] = NULL;
	if (cluster_exec_run(NULL, argv, -1, out, sizeof out) != 0)
		out[0] = '\0';
	free(prog);
	out[strcspn(out, "\r\n")] = '\0';
	return out[0] == '/' ? xstrdup(out) : NULL;
}

/* The newest /usr/lib/postgresql/<major>/bin that is complete; or NULL. */
static char *
cluster_exec_newest(void)
{
	DIR		*d;
	struct dirent	*de;
	char		*bin, *best = NULL;
	long		 v, bestv = -1;

	if ((d = opendir("/usr/lib/postgresql")) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		v = strtol(de->d_name, NULL, 10);
		bin = xasprintf("/usr/lib/postgresql/%s/bin", de->d_name);
		if (v > bestv && cluster_exec_bindir_ok(bin)) {
			free(best);
			best = bin;
			bestv = v;
		} else
			free(bin);
	}
	closedir(d);
	return best;
}

/* Try one candidate; remember it in the list of places looked at. */
static int
cluster_exec_try(const char *dir, char *looked, size_t size)
{
	size_t	len = strlen(looked);

	if (dir == NULL || *dir == '\0')
		return 0;
	if (cluster_exec_bindir_ok(dir))
		return 1;
	snprintf(looked + len, size - len, "%s%s", len ? ", " : "", dir);
	return 0;
}

char *
cluster_exec_find_bindir(struct sb_error *err)
{
	const char	*env = getenv("SWITCHBOARD_PG_BINDIR");
	char		 looked[SB_ERROR_MESSAGE_MAX / 2] = "";
	char		*dir;

	/* An explicit choice is the only one tried: no silent fallback. */
	if (env != NULL && *env != '\0') {
		if (cluster_exec_try(env, looked, sizeof looked))
			return xstrdup(env);
		goto missing;
	}
	if (cluster_exec_try(SB_PG_BINDIR, looked, sizeof looked))
		return xstrdup(SB_PG_BINDIR);
	dir = cluster_exec_pg_config();
	if (cluster_exec_try(dir, looked, sizeof looked))
		return dir;
	free(dir);
	if ((dir = cluster_exec_newest()) != NULL)
		return dir;
	cluster_exec_try("/usr/lib/postgresql/*/bin", looked, sizeof looked);
missing:
	sb_error_set(err, SB_UNAVAILABLE, "PostgreSQL server programs "
	    "(initdb, pg_ctl, postgres) not found; looked in %s", looked);
	sb_error_hint(err, "install them with 'apt-get install postgresql'"
	    ", or set SWITCHBOARD_PG_BINDIR to the directory holding them");
	return NULL;
}

enum sb_status
cluster_exec_major(const char *bindir, char *major, size_t size,
    struct sb_error *err)
{
	char	 out[256];
	char	*argv[3], *p;
	size_t	 n;
	int	 end = 0;

	/* Debian's layout names the major version: no need to run postgres
	 * (some 30-70 ms of every launch). */
	if (sscanf(bindir, "/usr/lib/postgresql/%15[0-9]/bin%n", out,
	    &end) == 1 && bindir[end] == '\0' && strlen(out) < size) {
		memcpy(major, out, strlen(out) + 1);
		return SB_OK;
	}
	argv[0] = util_path_join(bindir, "postgres");
	argv[1] = "--version";
	argv[2] = NULL;
	if (cluster_exec_run(NULL, argv, -1, out, sizeof out) != 0)
		out[0] = '\0';
	/* "postgres (PostgreSQL) 15.18 (Debian ...)": major is 15. */
	p = strstr(out, ") ");
	n = p == NULL ? 0 : strspn(p + 2, "0123456789");
	if (n == 0 || n >= size) {
		out[strcspn(out, "\n")] = '\0';
		sb_error_set(err, SB_UNAVAILABLE, "cannot tell the version of "
		    "%s: %s", argv[0], out);
		sb_error_hint(err, "reinstall it with 'apt-get install "
		    "--reinstall postgresql', or set SWITCHBOARD_PG_BINDIR");
		free(argv[0]);
		return SB_UNAVAILABLE;
	}
	memcpy(major, p + 2, n);
	major[n] = '\0';
	free(argv[0]);
	return SB_OK;
}

/* Look the system user up, with its groups. */
static int
cluster_exec_lookup(struct cluster_user *u)
{
	struct passwd	*pw;
	int		 n = CLUSTER_MAX_GROUPS;

	if ((pw = getpwnam(CLUSTER_SYSTEM_USER)) == NULL)
		return -1;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	if (getgrouplist(CLUSTER_SYSTEM_USER, u->gid, u->groups, &n) == -1) {
		u->groups[0] = u->gid;
		n = 1;
	}
	u->ngroups = n;
	return 0;
}

enum sb_status
cluster_exec_system_user(struct cluster_user *u, struct sb_error *err)
{
	char	 out[512];
	char	*argv[] = {
		"/usr/sbin/useradd", "--system", "--no-create-home",
		"--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
		CLUSTER_SYSTEM_USER, NULL
	};

	if (cluster_exec_lookup(u) == 0)
		goto check;
	if (cluster_exec_run(NULL, argv, -1, out, sizeof out) != 0 ||
	    cluster_exec_lookup(u) != 0) {
		out[strcspn(out, "\n")] = '\0';
		sb_error_set(err, SB_DENIED, "PostgreSQL does not run as root, "
		    "and the system user '%s' is missing and could not be "
		    "created: %s", CLUSTER_SYSTEM_USER, out);
		sb_error_hint(err, "create it with 'useradd --system "
		    "--no-create-home --home-dir /nonexistent --shell "
		    "/usr/sbin/nologin %s' (scripts/setup does), or run "
		    "Switchboard as an ordinary user", CLUSTER_SYSTEM_USER);
		return SB_DENIED;
	}
check:
	if (u->uid == 0) {
		sb_error_set(err, SB_DENIED, "the system user '%s' has user id "
		    "0; the server cannot run as root", CLUSTER_SYSTEM_USER);
		sb_error_hint(err, "give '%s' an unprivileged user id",
		    CLUSTER_SYSTEM_USER);
		return SB_DENIED;
	}
	return SB_OK;
}
