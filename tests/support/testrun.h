/* Test support: the real binary run once, its exit status and output. */
#ifndef SWITCHBOARD_TESTRUN_H
#define SWITCHBOARD_TESTRUN_H

#include <stdarg.h>
#include <stdio.h>

struct testdemo;

/* Most arguments a run passes. */
#define TESTRUN_ARGS	24

/* What a run of the binary left behind. */
struct testrun {
	int	 status;	/* exit status */
	char	*out;
	char	*err;
};

/* The whole of fp from its start, NUL-terminated. Caller frees. */
char		*testrun_slurp(FILE *fp);

/*
 * Run the binary as role on the server in host (d's when NULL) with the
 * args in ap (NULL-ended, at most TESTRUN_ARGS); no terminal, C.UTF-8, stdin
 * /dev/null. Free with testrun_free.
 */
struct testrun	 testrun_v(const struct testdemo *d, const char *host,
		     const char *role, va_list ap);

/* The same with the args given here, on d / on host. */
struct testrun	 testrun_as(const struct testdemo *d, const char *role, ...)
		     __attribute__((sentinel));
struct testrun	 testrun_at(const struct testdemo *d, const char *host,
		     const char *role, ...) __attribute__((sentinel));

void		 testrun_free(struct testrun *r);

#endif
