/* Unit tests for the credential vault and passphrase reading. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "switchboard/error.h"
#include "switchboard/secret.h"
#include "switchboard/util.h"
#include "switchboard/vault.h"
#include "../src/vault-private.h"

#define PASS		"correct horse"
#define HEADER_LEN	64

/* Per test: a temporary directory and the vault path inside it. */
struct fixture {
	char	dir[64];
	char	*path;
};

static int
fixture_setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/sb-vault-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->path = util_path_join(f->dir, "vault");
	*state = f;
	return 0;
}

static int
fixture_teardown(void **state)
{
	struct fixture	*f = *state;

	util_rmtree(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static unsigned char *
slurp(const char *path, size_t *size)
{
	struct stat	 st;
	unsigned char	*buf;
	int		 fd;

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	buf = xmalloc(st.st_size + 1);
	assert_int_equal(read(fd, buf, st.st_size), st.st_size);
	close(fd);
	*size = st.st_size;
	return buf;
}

static void
spit(const char *path, const unsigned char *buf, size_t size)
{
	int	fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, size), (ssize_t)size);
	close(fd);
}

/* Open path with pass; must succeed. Fast limits for later saves. */
static struct vault *
open_ok(const char *path, const char *pass)
{
	struct sb_error	 err;
	struct vault	*v;

	if (vault_open(path, pass, &v, &err) != SB_OK)
		fail_msg("vault_open: %s", err.message);
	vault_test_set_limits(v, 1, 8);
	return v;
}

static enum sb_status
open_status(const char *path, const char *pass, struct sb_error *err)
{
	struct vault	*v = NULL;
	enum sb_status	 st;

	st = vault_open(path, pass, &v, err);
	if (st == SB_OK)
		vault_close(v);
	else
		assert_null(v);
	return st;
}

static void
set_ok(struct vault *v, const char *name, const char *secret)
{
	struct sb_error	err;

	assert_int_equal(vault_set(v, name, secret, strlen(secret), &err),
	    SB_OK);
}

static void
save_ok(struct vault *v)
{
	struct sb_error	err;

	if (vault_save(v, &err) != SB_OK)
		fail_msg("vault_save: %s", err.message);
}

static void
assert_secret(struct vault *v, const char *name, const char *want)
{
	const unsigned char	*s;
	size_t			 len;

	s = vault_get(v, name, &len);
	assert_non_null(s);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(s, want, len);
}

/* A vault file with two entries, saved with fast limits. */
static void
make_vault(const char *path)
{
	struct vault	*v = open_ok(path, PASS);

	set_ok(v, "office", "hunter2");
	set_ok(v, "home", "swordfish");
	save_ok(v);
	vault_close(v);
}

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Wait for a child with a deadline; kill it if it overstays. */
static int
wait_child(pid_t pid, int *status, int timeout_ms)
{
	double	deadline = now_ms() + timeout_ms;

	while (waitpid(pid, status, WNOHANG) != pid) {
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return -1;
		}
		poll(NULL, 0, 5);
	}
	return 0;
}

/*
 * In a forked child: let go of the test log and die on its own if the
 * parent gives up on it, so a failed check never leaves it behind.
 */
static void
child_detach(void)
{
	int	fd;

	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	alarm(20);
}

static void
test_round_trip(void **state)
{
	struct fixture		 *f = *state;
	struct vault		 *v;
	struct sb_error		  err;
	const char *const	 *names;
	size_t			  n;
	struct stat		  st;

	v = open_ok(f->path, PASS);
	names = vault_list(v, &n);
	assert_int_equal(n, 0);
	assert_null(names[0]);
	set_ok(v, "office", "hunter2");
	set_ok(v, "home", "swordfish");
	set_ok(v, "office", "hunter3");
	assert_null(vault_get(v, "nowhere", NULL));
	save_ok(v);
	vault_close(v);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	v = open_ok(f->path, PASS);
	names = vault_list(v, &n);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "home");
	assert_string_equal(names[1], "office");
	assert_secret(v, "office", "hunter3");
	assert_secret(v, "home", "swordfish");
	assert_int_equal(vault_remove(v, "home", &err), SB_OK);
	assert_int_equal(vault_remove(v, "home", &err), SB_NOT_FOUND);
	save_ok(v);
	vault_close(v);

	v = open_ok(f->path, PASS);
	vault_list(v, &n);
	assert_int_equal(n, 1);
	assert_null(vault_get(v, "home", NULL));
	vault_close(v);
}

static void
test_default_path(void **state)
{
	struct sb_error	 err;
	char		*p;

	(void)state;
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("HOME", "/home/ann", 1);
	p = vault_default_path(&err);
	assert_string_equal(p, "/data/switchboard/vault");
	free(p);
	/* A relative XDG_DATA_HOME is ignored, as the specification says. */
	setenv("XDG_DATA_HOME", "data", 1);
	p = vault_default_path(&err);
	assert_string_equal(p, "/home/ann/.local/share/switchboard/vault");
	free(p);
	unsetenv("XDG_DATA_HOME");
	p = vault_default_path(&err);
	assert_string_equal(p, "/home/ann/.local/share/switchboard/vault");
	free(p);
}

static void
test_bad_input_refused(void **state)
{
	struct fixture	*f = *state;
	struct vault	*v;
	struct sb_error	 err;
	char		 big[VAULT_SECRET_MAX + 1];

	assert_int_equal(vault_open(f->path, "", &v, &err), SB_INVALID);
	v = open_ok(f->path, PASS);
	assert_int_equal(vault_set(v, "", "x", 1, &err), SB_INVALID);
	assert_int_equal(vault_set(v, "a\033[2J", "x", 1, &err), SB_INVALID);
	assert_int_equal(vault_set(v, "a", "x", 0, &err), SB_INVALID);
	memset(big, 'x', sizeof big);
	assert_int_equal(vault_set(v, "a", big, sizeof big, &err), SB_INVALID);
	assert_int_equal(vault_set(v, "a", big, sizeof big - 1, &err), SB_OK);
	assert_int_equal(vault_change_passphrase(v, "", &err), SB_INVALID);
	vault_close(v);
}

/* A FIFO or a directory in the vault's place: refused, never waited on. */
static void
test_vault_not_regular(void **state)
{
	struct fixture	*f = *state;
	struct vault	*v;
	struct sb_error	 err;

	unlink(f->path);
	assert_int_equal(mkfifo(f->path, 0600), 0);
	alarm(10);
	assert_int_equal(vault_open(f->path, PASS, &v, &err), SB_DENIED);
	alarm(0);
	assert_non_null(strstr(err.message, "not a regular file"));
	unlink(f->path);
	assert_int_equal(mkdir(f->path, 0700), 0);
	assert_int_equal(vault_open(f->path, PASS, &v, &err), SB_DENIED);
	rmdir(f->path);
}

static void
test_change_passphrase(void **state)
{
	struct fixture	*f = *state;
	struct vault	*v;
	struct sb_error	 err;

	make_vault(f->path);
	v = open_ok(f->path, PASS);
	assert_int_equal(vault_change_passphrase(v, "battery staple", &err),
	    SB_OK);
	save_ok(v);
	vault_close(v);
	assert_int_equal(open_status(f->path, PASS, &err), SB_BAD_SECRET);
	v = open_ok(f->path, "battery staple");
	assert_secret(v, "office", "hunter2");
	vault_close(v);
}

/*
 * The default limits (Argon2id MODERATE), once, end to end: what the
 * program writes is exactly at the caps, and a file at the caps opens.
 */
static void
test_real_limits(void **state)
{
	struct fixture		*f = *state;
	struct sb_error		 err;
	struct vault		*v;
	unsigned char		*buf;
	size_t			 size;

	assert_int_equal(vault_open(f->path, PASS, &v, &err), SB_OK);
	set_ok(v, "office", "hunter2");
	save_ok(v);
	vault_close(v);
	buf = slurp(f->path, &size);
	/* opslimit 3, memlimit 256 MiB, big-endian at 12 and 16. */
	assert_memory_equal(buf + 12, "\0\0\0\3\0\4\0\0", 8);
	assert_int_equal(VAULT_OPS_MAX, 3);
	assert_int_equal(VAULT_MEM_KIB_MAX, 256 * 1024);
	free(buf);
	assert_int_equal(vault_open(f->path, PASS, &v, &err), SB_OK);
	assert_secret(v, "office", "hunter2");
	vault_close(v);
}

static void
test_tamper_every_header_byte(void **state)
{
	static const unsigned char	 masks[] = { 0x01, 0x80, 0xff };
	struct fixture			*f = *state;
	struct sb_error			 err;
	unsigned char			*orig, *buf;
	size_t				 size, i, m;
	enum sb_status			 st;

	make_vault(f->path);
	orig = slurp(f->path, &size);
	buf = xmalloc(size);
	for (i = 0; i <= HEADER_LEN; i++) {
		for (m = 0; m < SB_ARRAY_LEN(masks); m++) {
			memcpy(buf, orig, size);
			/* Byte 64 is the first ciphertext byte. */
			buf[i] ^= masks[m];
			spit(f->path, buf, size);
			st = open_status(f->path, PASS, &err);
			if (st != SB_CORRUPT && st != SB_BAD_SECRET &&
			    st != SB_UNSUPPORTED)
				fail_msg("byte %zu ^ %02x: status %d", i,
				    masks[m], st);
			assert_true(err.message[0] != '\0');
			if (i < 8)
				assert_int_equal(st, SB_CORRUPT);
			if (i >= 20)	/* salt, nonce, length, ciphertext */
				assert_true(st == SB_BAD_SECRET ||
				    st == SB_CORRUPT);
		}
	}
	memcpy(buf, orig, size);
	buf[size - 1] ^= 0x01;
	spit(f->path, buf, size);
	assert_int_equal(open_status(f->path, PASS, &err), SB_BAD_SECRET);
	assert_non_null(strstr(err.message, "wrong passphrase, or the vault "
	    "file was changed"));
	spit(f->path, orig, size);
	assert_int_equal(open_status(f->path, PASS, &err), SB_OK);
	free(buf);
	free(orig);
}

static void
test_saves_differ(void **state)
{
	struct fixture	*f = *state;
	struct vault	*v;
	unsigned char	*a, *b;
	size_t		 na, nb;

	v = open_ok(f->path, PASS);
	set_ok(v, "office", "hunter2");
	save_ok(v);
	a = slurp(f->path, &na);
	save_ok(v);
	b = slurp(f->path, &nb);
	vault_close(v);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, 20);			/* same limits */
	assert_memory_not_equal(a + 20, b + 20, 16);	/* salt */
	assert_memory_not_equal(a + 36, b + 36, 24);	/* nonce */
	assert_memory_not_equal(a + HEADER_LEN, b + HEADER_LEN,
	    na - HEADER_LEN);
	free(a);
	free(b);
}

/*
 * tests/unit/data/vault-v1.bin was produced once by this program with
 * SB_VAULT_WRITE_GOLDEN=tests/unit/data/vault-v1.bin: passphrase "correct
 * horse", Argon2id INTERACTIVE limits (2 passes, 64 MiB), entries "office"
 * = "hunter2" and "lab" = the bytes 00 ff 78 01.
 */
static const unsigned char golden_lab[] = { 0x00, 0xff, 0x78, 0x01 };

static void
test_golden_v1_opens(void **state)
{
	struct fixture		*f = *state;
	struct sb_error		 err;
	struct vault		*v;
	const char		*top, *out;
	const unsigned char	*s;
	char			*path;
	unsigned char		*buf;
	size_t			 len, size;

	if ((out = getenv("SB_VAULT_WRITE_GOLDEN")) != NULL) {
		assert_int_equal(vault_open(out, PASS, &v, &err), SB_OK);
		vault_test_set_limits(v, 2, 64 * 1024);
		set_ok(v, "office", "hunter2");
		assert_int_equal(vault_set(v, "lab", golden_lab,
		    sizeof golden_lab, &err), SB_OK);
		save_ok(v);
		vault_close(v);
	}
	top = getenv("SB_TOP_SRCDIR");
	path = util_path_join(top != NULL ? top : ".",
	    "tests/unit/data/vault-v1.bin");
	/* A checkout may leave it 0644; the vault insists on 0600. */
	buf = slurp(path, &size);
	spit(f->path, buf, size);
	free(buf);
	free(path);
	if (vault_open(f->path, PASS, &v, &err) != SB_OK)
		fail_msg("golden: %s", err.message);
	assert_secret(v, "office", "hunter2");
	s = vault_get(v, "lab", &len);
	assert_non_null(s);
	assert_int_equal(len, sizeof golden_lab);
	assert_memory_equal(s, golden_lab, len);
	vault_close(v);
}

/* A vault file with the Argon2id limits in its header replaced. */
static void
write_limits(const char *path, const unsigned char *orig, size_t size,
    uint32_t ops, uint32_t mem_kib)
{
	unsigned char	*buf = xmalloc(size);
	size_t		 i;

	memcpy(buf, orig, size);
	for (i = 0; i < 4; i++) {
		buf[12 + i] = ops >> (24 - 8 * i);
		buf[16 + i] = mem_kib >> (24 - 8 * i);
	}
	spit(path, buf, size);
	free(buf);
}

/*
 * Limits above the caps are refused from the header alone, with what the
 * file asks for in the message. The header is the associated data, so had
 * the key been derived the answer would be SB_BAD_SECRET (or SB_INTERNAL
 * when the memory cannot be had): SB_CORRUPT with this message shows that
 * no hashing was tried.
 */
static void
test_limits_over_cap_refused(void **state)
{
	static const struct {
		uint32_t	 ops;
		uint32_t	 mem_kib;
		const char	*says;
	} cases[] = {
		{ 0xffffffff, 0xffffffff, "asks for 4294967295 KiB of memory" },
		{ 1, 0xffffffff, "asks for 4294967295 KiB of memory" },
		{ 16, 1024 * 1024, "asks for 1024 MiB of memory" },
		{ 1, 1024 * 1024 + 1, "asks for 1048577 KiB of memory" },
		{ 1, 512 * 1024, "asks for 512 MiB of memory" },
		{ 1, VAULT_MEM_KIB_MAX + 1, "asks for 262145 KiB of memory" },
		{ 0x7fffffff, 8, "asks for 2147483647 Argon2id passes" },
		{ 16, 8, "asks for 16 Argon2id passes" },
		{ VAULT_OPS_MAX + 1, 8, "asks for 4 Argon2id passes" },
	};
	struct fixture	*f = *state;
	struct sb_error	 err;
	unsigned char	*orig;
	size_t		 size, i;
	char		 hint[256];

	make_vault(f->path);
	orig = slurp(f->path, &size);
	snprintf(hint, sizeof hint, "restore %s from a backup", f->path);
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		write_limits(f->path, orig, size, cases[i].ops,
		    cases[i].mem_kib);
		if (open_status(f->path, PASS, &err) != SB_CORRUPT)
			fail_msg("case %zu: %s", i, err.message);
		if (strstr(err.message, cases[i].says) == NULL)
			fail_msg("case %zu: \"%s\"", i, err.message);
		assert_non_null(strstr(err.message, cases[i].ops >
		    VAULT_OPS_MAX && cases[i].mem_kib <= VAULT_MEM_KIB_MAX ?
		    "more than the 3 this program allows" :
		    "of memory per try, more than the 256 MiB this program "
		    "allows"));
		assert_non_null(strstr(err.message, "not written by "
		    "switchboard or is damaged"));
		assert_non_null(strstr(err.hint, hint));
	}
	free(orig);
}

/* Limits below what Argon2id takes: damaged, also before any hashing. */
static void
test_limits_too_small_refused(void **state)
{
	static const uint32_t	 cases[][2] = {
		{ 0, 8 }, { 1, 0 }, { 1, 7 }, { 0, 0 },
	};
	struct fixture		*f = *state;
	struct sb_error		 err;
	unsigned char		*orig;
	size_t			 size, i;

	make_vault(f->path);
	orig = slurp(f->path, &size);
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		write_limits(f->path, orig, size, cases[i][0], cases[i][1]);
		assert_int_equal(open_status(f->path, PASS, &err), SB_CORRUPT);
		assert_string_equal(err.message,
		    "the vault file is damaged or was changed");
	}
	write_limits(f->path, orig, size, 1, 8);
	assert_int_equal(open_status(f->path, PASS, &err), SB_OK);
	free(orig);
}

static void
test_wrong_passphrase(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;

	make_vault(f->path);
	assert_int_equal(open_status(f->path, "correct horsf", &err),
	    SB_BAD_SECRET);
	assert_non_null(strstr(err.message, "wrong passphrase"));
	assert_null(strstr(err.message, "correct"));
	assert_null(strstr(err.hint, "correct"));
	assert_int_equal(open_status(f->path, PASS, &err), SB_OK);
}

static void
test_newer_version(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	unsigned char	*buf;
	size_t		 size;

	make_vault(f->path);
	buf = slurp(f->path, &size);
	buf[8] = 0;
	buf[9] = 2;
	/* A newer format may well have a different header length. */
	spit(f->path, buf, 40);
	assert_int_equal(open_status(f->path, PASS, &err), SB_UNSUPPORTED);
	assert_non_null(strstr(err.message, "format version 2"));
	assert_non_null(strstr(err.hint, "version 2"));
	buf[9] = 0;
	spit(f->path, buf, size);
	assert_int_equal(open_status(f->path, PASS, &err), SB_CORRUPT);
	free(buf);
}

static void
test_truncated_and_extended(void **state)
{
	static const size_t	 cuts[] = { 0, 1, 7, 8, 9, 10, 63, 64, 65 };
	struct fixture		*f = *state;
	struct sb_error		 err;
	unsigned char		*buf;
	size_t			 size, i;

	make_vault(f->path);
	buf = slurp(f->path, &size);
	buf = xreallocarray(buf, size + 2, 1);
	for (i = 0; i < SB_ARRAY_LEN(cuts); i++) {
		spit(f->path, buf, cuts[i]);
		assert_int_equal(open_status(f->path, PASS, &err), SB_CORRUPT);
	}
	spit(f->path, buf, size - 1);
	assert_int_equal(open_status(f->path, PASS, &err), SB_CORRUPT);
	buf[size] = 0;
	spit(f->path, buf, size + 1);
	assert_int_equal(open_status(f->path, PASS, &err), SB_CORRUPT);
	assert_string_equal(err.message,
	    "the vault file is damaged or was changed");
	free(buf);
}

static void
test_loose_permissions_refused(void **state)
{
	static const mode_t	 modes[] = { 0640, 0604, 0620, 0602, 0660 };
	struct fixture		*f = *state;
	struct sb_error		 err;
	char			 want[256], *link;
	size_t			 i;

	make_vault(f->path);
	snprintf(want, sizeof want, "chmod 600 %s", f->path);
	for (i = 0; i < SB_ARRAY_LEN(modes); i++) {
		assert_int_equal(chmod(f->path, modes[i]), 0);
		assert_int_equal(open_status(f->path, PASS, &err), SB_DENIED);
		assert_string_equal(err.hint, want);
	}
	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(open_status(f->path, PASS, &err), SB_OK);
	/* A link could point anywhere; the vault is opened only directly. */
	link = util_path_join(f->dir, "link");
	assert_int_equal(symlink(f->path, link), 0);
	assert_int_equal(open_status(link, PASS, &err), SB_DENIED);
	free(link);
}

/* The names in dir other than "vault"; 0 when there is none. */
static int
stray_files(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, "vault") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static void
test_failed_save_keeps_old_file(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	struct vault	*v;
	unsigned char	*orig, *now;
	size_t		 osize, nsize;
	int		 step;

	make_vault(f->path);
	orig = slurp(f->path, &osize);
	v = open_ok(f->path, PASS);
	set_ok(v, "office", "a different password");
	for (step = VAULT_SAVE_STEP_CREATE; step <= VAULT_SAVE_STEP_RENAME;
	    step++) {
		vault_test_fail_at(v, step);
		assert_int_equal(vault_save(v, &err), SB_IO);
		now = slurp(f->path, &nsize);
		assert_int_equal(nsize, osize);
		assert_memory_equal(now, orig, osize);
		free(now);
		assert_int_equal(stray_files(f->dir), 0);
	}
	/* After the rename the new file stands; only durability is unsure. */
	vault_test_fail_at(v, VAULT_SAVE_STEP_DIRSYNC);
	assert_int_equal(vault_save(v, &err), SB_IO);
	assert_non_null(strstr(err.message, "saved, but"));
	assert_int_equal(stray_files(f->dir), 0);
	vault_close(v);
	v = open_ok(f->path, PASS);
	assert_secret(v, "office", "a different password");
	vault_close(v);
	free(orig);
}

/* vault_revert: the file as opened, or none; no write when unchanged. */
static void
test_revert_puts_file_back(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	struct vault	*v;
	struct stat	 a, b;
	unsigned char	*orig, *now;
	size_t		 osize, nsize;

	v = open_ok(f->path, PASS);
	set_ok(v, "office", "hunter2");
	save_ok(v);
	assert_int_equal(vault_revert(v, &err), SB_OK);
	assert_int_equal(access(f->path, F_OK), -1);
	assert_int_equal(stray_files(f->dir), 0);
	vault_close(v);

	make_vault(f->path);
	orig = slurp(f->path, &osize);
	v = open_ok(f->path, PASS);
	assert_int_equal(stat(f->path, &a), 0);
	assert_int_equal(vault_revert(v, &err), SB_OK);
	assert_int_equal(stat(f->path, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	set_ok(v, "lab", "a new password");
	save_ok(v);
	vault_test_fail_revert_at(v, VAULT_SAVE_STEP_RENAME);
	assert_int_equal(vault_revert(v, &err), SB_IO);
	assert_int_equal(stray_files(f->dir), 0);
	now = slurp(f->path, &nsize);
	assert_true(nsize != osize || memcmp(now, orig, osize) != 0);
	free(now);
	vault_test_fail_revert_at(v, VAULT_SAVE_STEP_NONE);
	assert_int_equal(vault_revert(v, &err), SB_OK);
	assert_int_equal(stray_files(f->dir), 0);
	vault_close(v);
	now = slurp(f->path, &nsize);
	assert_int_equal(nsize, osize);
	assert_memory_equal(now, orig, osize);
	free(now);
	free(orig);
}

static void
test_passphrase_from_fd(void **state)
{
	struct sb_error	 err;
	char		*pass, rest[16];
	int		 p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "pass word\r\nrest", 15), 15);
	close(p[1]);
	assert_int_equal(secret_read_passphrase("unused: ", p[0], &pass,
	    &err), SB_OK);
	assert_string_equal(pass, "pass word");
	secret_free(pass);
	/* Only the first line is consumed. */
	assert_int_equal(read(p[0], rest, sizeof rest), 4);
	assert_memory_equal(rest, "rest", 4);
	assert_int_equal(secret_read_passphrase("", p[0], &pass, &err),
	    SB_INVALID);
	assert_null(pass);
	close(p[0]);

	assert_int_equal(secret_parse_fd("x", &p[0], &err), SB_INVALID);
	assert_int_equal(secret_parse_fd("1000000", &p[0], &err), SB_INVALID);
	assert_int_equal(secret_parse_fd("0", &p[0], &err), SB_OK);
}

/* A child without a controlling terminal must fail at once, not wait. */
static void
test_no_terminal(void **state)
{
	struct sb_error	 err;
	char		*pass;
	pid_t		 pid;
	int		 status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		child_detach();
		if (setsid() < 0)
			_exit(10);
		if (secret_read_passphrase("passphrase: ", -1, &pass, &err) !=
		    SB_UNSUPPORTED || pass != NULL ||
		    strstr(err.hint, "--passphrase-fd") == NULL)
			_exit(11);
		_exit(0);
	}
	assert_int_equal(wait_child(pid, &status, 5000), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Read from fd until want appears or timeout; 0 if it appeared. */
static int
read_until(int fd, char *buf, size_t size, const char *want, int timeout_ms)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	double		deadline = now_ms() + timeout_ms;
	size_t		len = 0;
	ssize_t		n;

	buf[0] = '\0';
	while (strstr(buf, want) == NULL) {
		if (now_ms() > deadline || len + 1 >= size)
			return -1;
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		if ((n = read(fd, buf + len, size - len - 1)) <= 0)
			return -1;
		len += n;
		buf[len] = '\0';
	}
	return 0;
}

/* Everything readable on fd now, appended to buf. */
static void
drain(int fd, char *buf, size_t size)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	size_t		len = strlen(buf);
	ssize_t		n;

	while (len + 1 < size && poll(&pfd, 1, 0) > 0 &&
	    (n = read(fd, buf + len, size - len - 1)) > 0) {
		len += n;
		buf[len] = '\0';
	}
}

/* In a child: take the pty as controlling terminal and read from it. */
static void
tty_child(const char *slave)
{
	struct sb_error	 err;
	char		*pass;
	int		 fd;

	child_detach();
	if (setsid() < 0 || (fd = open(slave, O_RDWR)) < 0)
		_exit(10);
	if (secret_read_passphrase("Vault passphrase: ", -1, &pass, &err) !=
	    SB_OK)
		_exit(11);
	_exit(strcmp(pass, "tty secret") == 0 ? 0 : 12);
}

static int
tty_echo(int fd)
{
	struct termios	t;

	assert_int_equal(tcgetattr(fd, &t), 0);
	return (t.c_lflag & ECHO) != 0;
}

/*
 * One prompt on the pty: answer it or interrupt it. Checks are gathered
 * first and asserted after the child is reaped, so a failure never leaves
 * a child waiting on the terminal.
 */
static void
tty_round(int m, int s, const char *slave, int interrupt)
{
	char	out[512];
	pid_t	pid;
	int	status, prompted, echo_during, reaped;

	assert_true(tty_echo(s));
	pid = fork();
	assert_true(pid >= 0);
	/* The suite may run with SIGINT ignored (a background job). */
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		tty_child(slave);
	}
	prompted = read_until(m, out, sizeof out, "Vault passphrase: ",
	    5000) == 0;
	echo_during = tty_echo(s);
	if (interrupt)
		kill(pid, SIGINT);
	else if (write(m, "tty secret\n", 11) != 11)
		kill(pid, SIGKILL);
	reaped = wait_child(pid, &status, 5000) == 0;
	assert_true(prompted);
	assert_false(echo_during);
	assert_true(reaped);
	if (interrupt) {
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), SIGINT);
	} else {
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		drain(m, out, sizeof out);
		assert_null(strstr(out, "tty secret"));
	}
	/* Echo is back on, whichever way the prompt ended. */
	assert_true(tty_echo(s));
}

static void
test_tty_no_echo_and_signal(void **state)
{
	char	*slave;
	int	 m, s;

	(void)state;
	m = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(m >= 0);
	assert_int_equal(grantpt(m), 0);
	assert_int_equal(unlockpt(m), 0);
	slave = xstrdup(ptsname(m));
	s = open(slave, O_RDWR | O_NOCTTY);
	assert_true(s >= 0);
	tty_round(m, s, slave, 0);
	tty_round(m, s, slave, 1);
	close(s);
	close(m);
	free(slave);
}

/* The whole contents of a /proc file; NULL if it cannot be read. */
static char *
proc_read(pid_t pid, const char *what, size_t *size)
{
	char	 path[64], *buf;
	size_t	 len = 0;
	ssize_t	 n;
	int	 fd;

	snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, what);
	if ((fd = open(path, O_RDONLY)) < 0)
		return NULL;
	buf = xmalloc(65536);
	while (len + 1 < 65536 && (n = read(fd, buf + len,
	    65535 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	*size = len;
	return buf;
}

static void
assert_absent(const char *buf, size_t size, const char *secret)
{
	assert_null(memmem(buf, size, secret, strlen(secret)));
}

/* The soft core-size limit from /proc/PID/limits. */
static void
assert_no_core(pid_t pid)
{
	char	*buf, *line, soft[32];
	size_t	 size;

	buf = proc_read(pid, "limits", &size);
	assert_non_null(buf);
	line = strstr(buf, "Max core file size");
	assert_non_null(line);
	assert_int_equal(sscanf(line + 18, "%31s", soft), 1);
	assert_string_equal(soft, "0");
	free(buf);
}

#define HOLDER_SECRET	"pw-Zq8vK3xT9"

static void
test_holder_hides_secrets(void **state)
{
	struct fixture	*f = *state;
	struct vault	*v;
	struct stat	 st;
	const char	*top;
	char		*holder, *buf, out[128];
	size_t		 size;
	pid_t		 pid;
	int		 pp[2], op[2], ip[2], status;

	v = open_ok(f->path, PASS);
	set_ok(v, "office", HOLDER_SECRET);
	save_ok(v);
	vault_close(v);
	top = getenv("SB_TOP_BUILDDIR");
	holder = util_path_join(top != NULL ? top : ".",
	    "tests/support/vault-holder");
	assert_int_equal(pipe(pp), 0);
	assert_int_equal(pipe(op), 0);
	assert_int_equal(pipe(ip), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (dup2(ip[0], 0) < 0 || dup2(op[1], 1) < 0 ||
		    dup2(pp[0], 3) < 0)
			_exit(20);
		close(pp[1]);
		close(op[0]);
		close(ip[1]);
		execl(holder, "vault-holder", "--passphrase-fd", "3", f->path,
		    "office", (char *)NULL);
		_exit(21);
	}
	close(pp[0]);
	close(op[1]);
	close(ip[0]);
	assert_int_equal(write(pp[1], PASS "\n", sizeof PASS), sizeof PASS);
	close(pp[1]);
	if (read_until(op[0], out, sizeof out, "\n", 10000) != 0)
		fail_msg("the holder never got ready: \"%s\"", out);
	snprintf(buf = xmalloc(64), 64, "ready dumpable=0 len=%zu\n",
	    strlen(HOLDER_SECRET));
	assert_string_equal(out, buf);
	free(buf);

	buf = proc_read(pid, "cmdline", &size);
	assert_non_null(buf);
	assert_non_null(memmem(buf, size, "office", 6));
	assert_absent(buf, size, PASS);
	assert_absent(buf, size, HOLDER_SECRET);
	free(buf);
	/*
	 * Non-dumpable makes /proc/PID/environ root-owned: another user
	 * cannot read it at all; as root, read it and look.
	 */
	if (geteuid() != 0) {
		assert_int_equal(stat(buf = xasprintf("/proc/%ld/environ",
		    (long)pid), &st), 0);
		assert_int_equal(st.st_uid, 0);
		free(buf);
	} else {
		buf = proc_read(pid, "environ", &size);
		assert_non_null(buf);
		assert_absent(buf, size, PASS);
		assert_absent(buf, size, HOLDER_SECRET);
		free(buf);
	}
	assert_no_core(pid);

	close(ip[1]);
	assert_int_equal(wait_child(pid, &status, 5000), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(op[0]);
	free(holder);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, \
	fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_round_trip),
		T(test_default_path),
		T(test_bad_input_refused),
		T(test_vault_not_regular),
		T(test_change_passphrase),
		T(test_real_limits),
		T(test_tamper_every_header_byte),
		T(test_saves_differ),
		T(test_golden_v1_opens),
		T(test_limits_over_cap_refused),
		T(test_limits_too_small_refused),
		T(test_wrong_passphrase),
		T(test_newer_version),
		T(test_truncated_and_extended),
		T(test_loose_permissions_refused),
		T(test_failed_save_keeps_old_file),
		T(test_revert_puts_file_back),
		T(test_passphrase_from_fd),
		T(test_no_terminal),
		T(test_tty_no_echo_and_signal),
		T(test_holder_hides_secrets),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
