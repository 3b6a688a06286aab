/* Saving a profile with its password: a save failing half-way undoes. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/config.h"
#include "switchboard/error.h"
#include "switchboard/profile.h"
#include "switchboard/util.h"
#include "switchboard/vault.h"
#include "../src/vault-private.h"

#define PASS		"correct horse"
#define OLD_SECRET	"hunter2"
#define NEW_SECRET	"pw-Lm4nB8cR2"

/* Per test: profiles.yaml under conf/, the vault under data/. */
struct fixture {
	char	 dir[64];
	char	*conf;
	char	*data;
	char	*profiles;
	char	*vault;
};

/* What both files held; NULL for a file that was not there. */
struct snapshot {
	char	*profiles;
	size_t	 profiles_len;
	char	*vault;
	size_t	 vault_len;
};

/* A save's cases: which profile, which password ("" for none). */
static const struct {
	const char	*name;
	const char	*password;
} cases[] = {
	{ "lab", NEW_SECRET },		/* a new profile */
	{ "office", NEW_SECRET },	/* a new password for one */
	{ "office", "" },		/* its password dropped */
};

/* The whole file, or NULL when there is none. */
static char *
file_get(const char *path, size_t *len)
{
	struct stat	 st;
	char		*buf;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) < 0) {
		assert_int_equal(errno, ENOENT);
		*len = 0;
		return NULL;
	}
	assert_int_equal(fstat(fd, &st), 0);
	buf = xmalloc(st.st_size + 1);
	assert_int_equal(read(fd, buf, st.st_size), st.st_size);
	close(fd);
	*len = st.st_size;
	return buf;
}

static void
snapshot_take(const struct fixture *f, struct snapshot *s)
{
	s->profiles = file_get(f->profiles, &s->profiles_len);
	s->vault = file_get(f->vault, &s->vault_len);
}

static void
snapshot_clear(struct snapshot *s)
{
	free(s->profiles);
	free(s->vault);
}

static void
file_check(const char *path, const char *want, size_t want_len,
    const char *when)
{
	char	*now;
	size_t	 len;

	now = file_get(path, &len);
	if (want == NULL && now != NULL)
		fail_msg("%s: %s is there, but was not before", when, path);
	if (want != NULL && now == NULL)
		fail_msg("%s: %s is gone", when, path);
	if (want != NULL && (len != want_len || memcmp(now, want, len) != 0))
		fail_msg("%s: %s changed", when, path);
	free(now);
}

/* No name in dir but keep (or none at all): no temporary file left. */
static void
dir_check(const char *dir, const char *keep)
{
	DIR		*d;
	struct dirent	*de;

	if ((d = opendir(dir)) == NULL) {
		assert_int_equal(errno, ENOENT);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, keep) != 0)
			fail_msg("%s left in %s", de->d_name, dir);
	}
	closedir(d);
}

/* Both files exactly as in s, and nothing else beside them. */
static void
snapshot_check(const struct fixture *f, const struct snapshot *s,
    const char *when)
{
	file_check(f->profiles, s->profiles, s->profiles_len, when);
	file_check(f->vault, s->vault, s->vault_len, when);
	dir_check(f->conf, "profiles.yaml");
	dir_check(f->data, "vault");
}

/* The config and the vault as a command has them; fast vault limits. */
static void
open_both(const struct fixture *f, struct config **cfg, struct vault **v)
{
	struct sb_error	err;

	if (config_load(f->conf, cfg, &err) != SB_OK)
		fail_msg("config_load: %s", err.message);
	if (vault_open(f->vault, PASS, v, &err) != SB_OK)
		fail_msg("vault_open: %s", err.message);
	vault_test_set_limits(*v, 1, 8);
}

/* Put profile name, its one host host, into cfg. */
static void
profile_put(struct config *cfg, const char *name, const char *host)
{
	char			*hosts[] = { (char *)host };
	struct config_profile	 p = { 0 };
	struct sb_error		 err;

	p.name = (char *)name;
	p.hosts = hosts;
	p.nhosts = 1;
	p.managed = true;
	assert_int_equal(config_profile_set(cfg, &p, &err), SB_OK);
}

/* Make the next config_profiles_save of cfg fail: no such directory. */
static void
config_break(const struct fixture *f, struct config *cfg)
{
	char	*file = util_path_join(f->dir, "file");
	int	 fd;

	fd = open(file, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	free(cfg->dir);
	/* Below a regular file: mkdir fails as on a broken disk. */
	cfg->dir = util_path_join(file, "switchboard");
	free(file);
}

/* The secret the vault holds for name, a copy; NULL if none. */
static char *
secret_of(const struct fixture *f, const char *name)
{
	struct vault		*v;
	struct sb_error		 err;
	const unsigned char	*s;
	char			*copy = NULL;

	if (vault_open(f->vault, PASS, &v, &err) != SB_OK)
		fail_msg("vault_open: %s", err.message);
	if ((s = vault_get(v, name, NULL)) != NULL)
		copy = xstrdup((const char *)s);
	vault_close(v);
	return copy;
}

/* The vault holds want for name. */
static void
assert_secret(const struct fixture *f, const char *name, const char *want)
{
	char	*pw = secret_of(f, name);

	if (pw == NULL)
		fail_msg("the vault holds no secret for %s", name);
	assert_string_equal(pw, want);
	free(pw);
}

/* Whether profiles.yaml names the profile. */
static int
has_profile(const struct fixture *f, const char *name)
{
	struct config	*cfg;
	struct sb_error	 err;
	int		 found;

	if (config_load(f->conf, &cfg, &err) != SB_OK)
		fail_msg("config_load: %s", err.message);
	found = config_profile_find(cfg, name) != NULL;
	config_free(cfg);
	return found;
}

/* A fresh directory; with_office saves profile "office" with a secret. */
static struct fixture *
fixture_create(int with_office)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;

	strcpy(f->dir, "/tmp/sb-profile-save-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->conf = util_path_join(f->dir, "conf");
	f->data = util_path_join(f->dir, "data");
	f->profiles = util_path_join(f->conf, "profiles.yaml");
	f->vault = util_path_join(f->data, "vault");
	if (with_office) {
		open_both(f, &cfg, &v);
		profile_put(cfg, "office", "db1.example.org");
		if (profile_save(cfg, v, "office", OLD_SECRET, &err) != SB_OK)
			fail_msg("profile_save: %s", err.message);
		vault_close(v);
		config_free(cfg);
	}
	return f;
}

static int
setup_office(void **state)
{
	*state = fixture_create(1);
	return 0;
}

static int
setup_empty(void **state)
{
	*state = fixture_create(0);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	util_rmtree(f->dir);
	free(f->conf);
	free(f->data);
	free(f->profiles);
	free(f->vault);
	free(f);
	return 0;
}

/* Save case i with the vault failing at step; all must stay as it was. */
static void
add_failing(const struct fixture *f, size_t i, enum vault_save_step step)
{
	struct snapshot	 before;
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;
	char		 when[64];

	snapshot_take(f, &before);
	open_both(f, &cfg, &v);
	profile_put(cfg, cases[i].name, "db2.example.org");
	vault_test_fail_at(v, step);
	snprintf(when, sizeof when, "case %zu, vault step %d", i, step);
	if (profile_save(cfg, v, cases[i].name, cases[i].password, &err) !=
	    SB_IO)
		fail_msg("%s: saved", when);
	assert_non_null(strstr(err.hint, "nothing was changed"));
	vault_close(v);
	config_free(cfg);
	snapshot_check(f, &before, when);
	snapshot_clear(&before);
}

/* The vault fails at each step: profiles.yaml and the vault as before. */
static void
test_add_vault_fails(void **state)
{
	struct fixture	*f = *state;
	size_t		 i;
	int		 step;

	for (i = 0; i < SB_ARRAY_LEN(cases); i++)
		for (step = VAULT_SAVE_STEP_CREATE;
		    step <= VAULT_SAVE_STEP_DIRSYNC; step++)
			add_failing(f, i, step);
	assert_false(has_profile(f, "lab"));
	assert_null(secret_of(f, "lab"));
	assert_secret(f, "office", OLD_SECRET);
}

/* profiles.yaml cannot be written: no password goes into the vault. */
static void
test_add_config_fails(void **state)
{
	struct fixture	*f = *state;
	struct snapshot	 before;
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;
	char		 when[32];
	size_t		 i;

	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		snapshot_take(f, &before);
		open_both(f, &cfg, &v);
		profile_put(cfg, cases[i].name, "db2.example.org");
		config_break(f, cfg);
		assert_int_equal(profile_save(cfg, v, cases[i].name,
		    cases[i].password, &err), SB_IO);
		assert_non_null(strstr(err.hint, "nothing was changed"));
		vault_close(v);
		config_free(cfg);
		snprintf(when, sizeof when, "case %zu", i);
		snapshot_check(f, &before, when);
		snapshot_clear(&before);
	}
	assert_null(secret_of(f, "lab"));
}

/* The first profile, no files yet: a failed save leaves none behind. */
static void
test_first_add_fails(void **state)
{
	struct fixture	*f = *state;
	struct snapshot	 before;
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;
	int		 step;

	for (step = VAULT_SAVE_STEP_CREATE; step <= VAULT_SAVE_STEP_DIRSYNC;
	    step++)
		add_failing(f, 0, step);
	snapshot_take(f, &before);
	open_both(f, &cfg, &v);
	profile_put(cfg, "lab", "db2.example.org");
	config_break(f, cfg);
	assert_int_equal(profile_save(cfg, v, "lab", NEW_SECRET, &err),
	    SB_IO);
	vault_close(v);
	config_free(cfg);
	snapshot_check(f, &before, "profiles.yaml failing");
	snapshot_clear(&before);
}

/* The vault fails at each step of a remove: the old state stands. */
static void
test_remove_vault_fails(void **state)
{
	struct fixture	*f = *state;
	struct snapshot	 before;
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;
	char		 when[32];
	int		 step;

	for (step = VAULT_SAVE_STEP_CREATE; step <= VAULT_SAVE_STEP_DIRSYNC;
	    step++) {
		snapshot_take(f, &before);
		open_both(f, &cfg, &v);
		assert_int_equal(config_profile_remove(cfg, "office", &err),
		    SB_OK);
		vault_test_fail_at(v, step);
		assert_int_equal(profile_delete(cfg, v, "office", &err),
		    SB_IO);
		vault_close(v);
		config_free(cfg);
		snprintf(when, sizeof when, "vault step %d", step);
		snapshot_check(f, &before, when);
		snapshot_clear(&before);
	}
	assert_true(has_profile(f, "office"));
	assert_secret(f, "office", OLD_SECRET);
}

/* profiles.yaml cannot be written: the password is put back. */
static void
test_remove_config_fails(void **state)
{
	struct fixture	*f = *state;
	struct snapshot	 before;
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;

	snapshot_take(f, &before);
	open_both(f, &cfg, &v);
	assert_int_equal(config_profile_remove(cfg, "office", &err), SB_OK);
	config_break(f, cfg);
	assert_int_equal(profile_delete(cfg, v, "office", &err), SB_IO);
	assert_non_null(strstr(err.hint, "nothing was changed"));
	vault_close(v);
	config_free(cfg);
	snapshot_check(f, &before, "profiles.yaml failing");
	snapshot_clear(&before);
	assert_secret(f, "office", OLD_SECRET);
}

/*
 * The vault is replaced but its directory cannot be flushed, and putting
 * it back fails too: the new password stays, so its profile stays with
 * it. Putting it back without the flush counts as put back.
 */
static void
test_add_undo_fails(void **state)
{
	struct fixture	*f = *state;
	struct snapshot	 before;
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;

	snapshot_take(f, &before);
	open_both(f, &cfg, &v);
	profile_put(cfg, "lab", "db2.example.org");
	vault_test_fail_at(v, VAULT_SAVE_STEP_DIRSYNC);
	vault_test_fail_revert_at(v, VAULT_SAVE_STEP_DIRSYNC);
	assert_int_equal(profile_save(cfg, v, "lab", NEW_SECRET, &err), SB_IO);
	assert_non_null(strstr(err.hint, "nothing was changed"));
	vault_close(v);
	config_free(cfg);
	snapshot_check(f, &before, "flush failing twice");
	snapshot_clear(&before);

	open_both(f, &cfg, &v);
	profile_put(cfg, "lab", "db2.example.org");
	vault_test_fail_at(v, VAULT_SAVE_STEP_DIRSYNC);
	vault_test_fail_revert_at(v, VAULT_SAVE_STEP_CREATE);
	assert_int_equal(profile_save(cfg, v, "lab", NEW_SECRET, &err), SB_IO);
	assert_non_null(strstr(err.hint, "the vault cannot be put back"));
	assert_non_null(strstr(err.hint, "\"lab\" is kept"));
	vault_close(v);
	config_free(cfg);
	assert_true(has_profile(f, "lab"));
	assert_secret(f, "lab", NEW_SECRET);
	dir_check(f->conf, "profiles.yaml");
	dir_check(f->data, "vault");
}

/*
 * profiles.yaml cannot be written and the vault cannot be put back: the
 * profile stays without its password, and the hint says to remove it
 * again, which then works.
 */
static void
test_remove_undo_fails(void **state)
{
	struct fixture	*f = *state;
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;

	open_both(f, &cfg, &v);
	assert_int_equal(config_profile_remove(cfg, "office", &err), SB_OK);
	config_break(f, cfg);
	vault_test_fail_revert_at(v, VAULT_SAVE_STEP_CREATE);
	assert_int_equal(profile_delete(cfg, v, "office", &err), SB_IO);
	assert_non_null(strstr(err.hint, "remove or save it again"));
	vault_close(v);
	config_free(cfg);
	assert_true(has_profile(f, "office"));
	assert_null(secret_of(f, "office"));
	open_both(f, &cfg, &v);
	assert_int_equal(config_profile_remove(cfg, "office", &err), SB_OK);
	assert_int_equal(profile_delete(cfg, v, "office", &err), SB_OK);
	vault_close(v);
	config_free(cfg);
	assert_false(has_profile(f, "office"));
	dir_check(f->conf, "profiles.yaml");
	dir_check(f->data, "vault");
}

/* Without failures both go through, and a remove takes both away. */
static void
test_save_and_remove(void **state)
{
	struct fixture	*f = *state;
	struct config	*cfg;
	struct vault	*v;
	struct sb_error	 err;

	open_both(f, &cfg, &v);
	profile_put(cfg, "lab", "db2.example.org");
	assert_int_equal(profile_save(cfg, v, "lab", NEW_SECRET, &err), SB_OK);
	vault_close(v);
	config_free(cfg);
	assert_true(has_profile(f, "lab"));
	assert_secret(f, "lab", NEW_SECRET);
	open_both(f, &cfg, &v);
	assert_int_equal(config_profile_remove(cfg, "lab", &err), SB_OK);
	assert_int_equal(profile_delete(cfg, v, "lab", &err), SB_OK);
	vault_close(v);
	config_free(cfg);
	assert_false(has_profile(f, "lab"));
	assert_null(secret_of(f, "lab"));
	assert_true(has_profile(f, "office"));
	dir_check(f->conf, "profiles.yaml");
	dir_check(f->data, "vault");
}

int
main(void)
{
#define T(name, setup) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_save_and_remove, setup_office),
		T(test_add_vault_fails, setup_office),
		T(test_add_config_fails, setup_office),
		T(test_first_add_fails, setup_empty),
		T(test_remove_vault_fails, setup_office),
		T(test_remove_config_fails, setup_office),
		T(test_add_undo_fails, setup_office),
		T(test_remove_undo_fails, setup_office),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
