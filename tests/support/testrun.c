/* Test support: the real binary run as a login role, with no terminal. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testrun.h"

#define TESTRUN_ARGS	32
#define TESTRUN_SECONDS	60

char *
testrun_slurp(FILE *fp)
{
	return (testrun_slurp_len(fp, NULL));
}

char *
testrun_slurp_len(FILE *fp, size_t *lenp)
{
	char	*buf = NULL;
	size_t	 len = 0, n;
	char	 chunk[8192];

	rewind(fp);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		buf = xreallocarray(buf, 1, len + n + 1);
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (buf == NULL)
		buf = xcalloc(1, 1);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return (buf);
}

/* The child: stdin from /dev/null, out and err to the files, a deadline. */
static void
testrun_child(const char *bin, const char *const *argv, char **envp,
    FILE *out, FILE *err)
{
	int	devnull = open("/dev/null", O_RDONLY);

	dup2(devnull, 0);
	dup2(fileno(out), 1);
	dup2(fileno(err), 2);
	alarm(TESTRUN_SECONDS);		/* kept across execve */
	execve(bin, (char *const *)argv, envp);
	_exit(127);
}

struct testrun
testrun_env(const char *const *env, const char *const *args)
{
	const char	*argv[TESTRUN_ARGS], *top = getenv("SB_TOP_BUILDDIR");
	char		*bin;
	FILE		*out = tmpfile(), *err = tmpfile();
	struct testrun	 r;
	int		 n, st;
	pid_t		 pid;

	bin = util_path_join(top != NULL ? top : ".", "switchboard");
	argv[0] = bin;
	for (n = 1; n < TESTRUN_ARGS - 1 && args[n - 1] != NULL; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	assert_non_null(out);
	assert_non_null(err);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		testrun_child(bin, argv, (char **)env, out, err);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	r.out = testrun_slurp(out);
	r.err = testrun_slurp(err);
	if (!WIFEXITED(st))
		fail_msg("%s %s: killed by signal %d; stderr:\n%s", bin,
		    argv[1], WTERMSIG(st), r.err);
	r.status = WEXITSTATUS(st);
	fclose(out);
	fclose(err);
	free(bin);
	return (r);
}

struct testrun
testrun_argv(const struct testdemo *d, const char *host, const char *role,
    const char *const *args)
{
	char		*envp[8];
	struct testrun	 r;
	int		 n;

	envp[0] = xasprintf("PGHOST=%s", host != NULL ? host :
	    testdb_host(d->tdb));
	envp[1] = xasprintf("PGPORT=%d", testdb_port(d->tdb));
	envp[2] = xasprintf("PGDATABASE=%s", CLUSTER_DATABASE);
	envp[3] = xasprintf("PGUSER=%s", role);
	envp[4] = xstrdup("LC_ALL=C.UTF-8");
	envp[5] = xstrdup("PATH=/usr/bin:/bin");
	envp[6] = NULL;
	r = testrun_env((const char *const *)envp, args);
	for (n = 0; envp[n] != NULL; n++)
		free(envp[n]);
	return (r);
}

struct testrun
testrun_as(const struct testdemo *d, const char *role, ...)
{
	struct testrun	r;
	va_list		ap;

	va_start(ap, role);
	r = testrun_va(d, NULL, role, NULL, ap);
	va_end(ap);
	return (r);
}

struct testrun
testrun_at(const struct testdemo *d, const char *host, const char *role, ...)
{
	struct testrun	r;
	va_list		ap;

	va_start(ap, role);
	r = testrun_va(d, host, role, NULL, ap);
	va_end(ap);
	return (r);
}

void
testrun_expect_va(const struct testdemo *d, const char *role, int status,
    const char *out, const char *err, va_list ap)
{
	struct testrun	r;

	r = testrun_va(d, NULL, role, NULL, ap);
	ASSERT_RUN(r, status, out, err);
	testrun_free(&r);
}

void
testrun_expect(const struct testdemo *d, const char *role, int status,
    const char *out, const char *err, ...)
{
	va_list	ap;

	va_start(ap, err);
	testrun_expect_va(d, role, status, out, err, ap);
	va_end(ap);
}

void
testrun_free(struct testrun *r)
{
	free(r->out);
	free(r->err);
}

struct testrun
testrun_va(const struct testdemo *d, const char *host, const char *role,
    const char *first, va_list ap)
{
	const char	*args[31];
	int		 n = 0;

	if (first != NULL)
		args[n++] = first;
	while (n < 30 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	args[n] = NULL;
	return (testrun_argv(d, host, role, args));
}
