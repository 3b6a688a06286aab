/* Test support: the real binary run once, its exit status and output. */
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

char *
testrun_slurp(FILE *fp)
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
	return (buf);
}

struct testrun
testrun_v(const struct testdemo *d, const char *host, const char *role,
    va_list ap)
{
	const char	*argv[TESTRUN_ARGS + 2];
	const char	*top = getenv("SB_TOP_BUILDDIR");
	char		*envp[8], *bin;
	FILE		*out = tmpfile(), *err = tmpfile();
	struct testrun	 r;
	int		 n = 1, st;
	pid_t		 pid;

	bin = util_path_join(top != NULL ? top : ".", "switchboard");
	argv[0] = bin;
	while (n <= TESTRUN_ARGS && (argv[n] = va_arg(ap, const char *)) !=
	    NULL)
		n++;
	argv[n] = NULL;
	envp[0] = xasprintf("PGHOST=%s", host != NULL ? host :
	    testdb_host(d->tdb));
	envp[1] = xasprintf("PGPORT=%d", testdb_port(d->tdb));
	envp[2] = xasprintf("PGDATABASE=%s", CLUSTER_DATABASE);
	envp[3] = xasprintf("PGUSER=%s", role);
	envp[4] = xstrdup("LC_ALL=C.UTF-8");
	envp[5] = xstrdup("PATH=/usr/bin:/bin");
	envp[6] = NULL;
	assert_non_null(out);
	assert_non_null(err);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int	devnull = open("/dev/null", O_RDONLY);

		dup2(devnull, 0);
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		execve(bin, (char *const *)argv, envp);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	r.status = WEXITSTATUS(st);
	r.out = testrun_slurp(out);
	r.err = testrun_slurp(err);
	fclose(out);
	fclose(err);
	for (n = 0; envp[n] != NULL; n++)
		free(envp[n]);
	free(bin);
	return (r);
}

struct testrun
testrun_as(const struct testdemo *d, const char *role, ...)
{
	struct testrun	r;
	va_list		ap;

	va_start(ap, role);
	r = testrun_v(d, NULL, role, ap);
	va_end(ap);
	return (r);
}

struct testrun
testrun_at(const struct testdemo *d, const char *host, const char *role, ...)
{
	struct testrun	r;
	va_list		ap;

	va_start(ap, role);
	r = testrun_v(d, host, role, ap);
	va_end(ap);
	return (r);
}

void
testrun_free(struct testrun *r)
{
	free(r->out);
	free(r->err);
}
