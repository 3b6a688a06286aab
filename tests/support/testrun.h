/* Test support: the real binary run as a login role, with no terminal. */
#ifndef SWITCHBOARD_TESTRUN_H
#define SWITCHBOARD_TESTRUN_H

#include <stdarg.h>
#include <stdio.h>

struct testdemo;

/* r exited with st, its stdout holding out and its stderr err. */
#define ASSERT_RUN(r, st, out_part, err_part) do {			\
	if ((r).status != (st) ||					\
	    strstr((r).out, (out_part)) == NULL ||			\
	    strstr((r).err, (err_part)) == NULL)			\
		fail_msg("exit %d, wanted %d; out:\n%s\nerr:\n%s",	\
		    (r).status, (st), (r).out, (r).err);		\
} while (0)

/* What a run of the binary left behind. */
struct testrun {
	int	 status;	/* exit status */
	char	*out;
	char	*err;
};

/*
 * Run the binary as role on the demo's server (or on the one whose
 * socket would be in host, when not NULL) with args (NULL-terminated,
 * at most 30), stdin from /dev/null, in the C.UTF-8 locale. A run that
 * takes longer than a minute is killed, and fails the test.
 */
struct testrun	 testrun_argv(const struct testdemo *d, const char *host,
		     const char *role, const char *const *args);
/*
 * The binary with args (at most 30) in exactly the environment env
 * (NULL-ended): no server named unless env names one.
 */
struct testrun	 testrun_env(const char *const *env,
		     const char *const *args);
/* The same with the args given here (NULL-ended), on d / on host. */
struct testrun	 testrun_as(const struct testdemo *d, const char *role, ...)
		     __attribute__((sentinel));
struct testrun	 testrun_at(const struct testdemo *d, const char *host,
		     const char *role, ...) __attribute__((sentinel));
/*
 * The same with the arguments first (unless NULL) and then those of ap up
 * to a NULL.
 */
struct testrun	 testrun_va(const struct testdemo *d, const char *host,
		     const char *role, const char *first, va_list ap);
/*
 * testrun_va on d's server, which must exit with status, its stdout
 * holding out and its stderr err (ASSERT_RUN).
 */
void		 testrun_expect_va(const struct testdemo *d, const char *role,
		     int status, const char *out, const char *err,
		     va_list ap);
/* The same with the args given here (NULL-ended). */
void		 testrun_expect(const struct testdemo *d, const char *role,
		     int status, const char *out, const char *err, ...)
		     __attribute__((sentinel));
void		 testrun_free(struct testrun *r);

/* The rest of fp from its start, NUL-terminated. Caller frees. */
char		*testrun_slurp(FILE *fp);
/* The same, its length (it may hold NULs) in *lenp unless NULL. */
char		*testrun_slurp_len(FILE *fp, size_t *lenp);

#endif
