/* Unit tests for config.yaml, profiles.yaml and hostile YAML. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "switchboard/config.h"
#include "switchboard/keymap.h"
#include "switchboard/util.h"

/* Hostile files must be refused well within this many seconds. */
#define TEST_QUICK	0.5

static int
cfg_setup(void **state)
{
	char	*dir = xstrdup("/tmp/sb-config-XXXXXX");

	if (mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

static int
cfg_teardown(void **state)
{
	util_rmtree(*state);
	free(*state);
	return 0;
}

static void
cfg_write(const char *dir, const char *name, const char *text, size_t len)
{
	char	*path = util_path_join(dir, name);
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static double
cfg_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Write config.yaml, expect the load to fail quickly with status and a
 * message containing want (after the directory prefix).
 */
static void
cfg_reject(const char *dir, const char *text, size_t len,
    enum sb_status status, const char *want)
{
	struct config	*cfg;
	struct sb_error	 err;
	double		 start;

	cfg_write(dir, "config.yaml", text, len);
	start = cfg_now();
	assert_int_equal(config_load(dir, &cfg, &err), status);
	assert_true(cfg_now() - start < TEST_QUICK);
	assert_null(cfg);
	if (strstr(err.message, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.message, want);
	assert_non_null(strstr(err.message, "config.yaml"));
}

#define TEST_REJECT(dir, text, status, want) \
	cfg_reject((dir), (text), strlen(text), (status), (want))

/*
 * A FIFO, a directory or a device where config.yaml or profiles.yaml
 * should be is refused at once: opening a FIFO used to wait for a writer
 * forever (the alarm turns a hang into a failure).
 */
static void
test_not_regular_files(void **state)
{
	static const char *const names[] = { "config.yaml", "profiles.yaml" };
	struct config	*cfg;
	struct sb_error	 err;
	char		*path;
	size_t		 i;
	int		 k;

	for (i = 0; i < 2; i++)
		for (k = 0; k < 3; k++) {
			path = util_path_join(*state, names[i]);
			if (k == 0)
				assert_int_equal(mkfifo(path, 0600), 0);
			else if (k == 1)
				assert_int_equal(mkdir(path, 0700), 0);
			else
				assert_int_equal(symlink("/dev/zero", path),
				    0);
			alarm(10);
			assert_int_equal(config_load(*state, &cfg, &err),
			    SB_IO);
			alarm(0);
			assert_non_null(strstr(err.message,
			    "not a regular file"));
			if (k == 1)
				rmdir(path);
			else
				unlink(path);
			free(path);
		}
}

static void
test_missing_files_give_defaults(void **state)
{
	struct config	*cfg;
	struct sb_error	 err;

	assert_int_equal(config_load(*state, &cfg, &err), SB_OK);
	assert_string_equal(cfg->theme, "default");
	assert_string_equal(cfg->country, "US");
	assert_true(cfg->clipboard);
	assert_true(cfg->hyperlinks);
	assert_false(cfg->mouse);
	assert_null(cfg->collation);
	assert_null(cfg->default_profile);
	assert_int_equal(cfg->nprofiles, 0);
	assert_int_equal(keymap_lookup(cfg->keymap, KEYMAP_CTX_GLOBAL, 'q'),
	    KEYMAP_QUIT);
	config_free(cfg);
}

static void
test_good_file(void **state)
{
	static const char text[] =
	    "# comment\n"
	    "theme: light\n"
	    "country: de\n"
	    "clipboard: false\n"
	    "hyperlinks: no\n"
	    "mouse: true\n"
	    "collation: sv-SE\n"
	    "keys:\n"
	    "  quit: [q, F10]\n"
	    "  move-down: Down\n"
	    "default-profile: prod\n"
	    "profiles:\n"
	    "  prod:\n"
	    "    hosts: [db1.example.org, db2.example.org]\n"
	    "    port: 5433\n"
	    "    database: directory\n"
	    "    user: alice\n"
	    "    sslmode: verify-full\n"
	    "    standby-hosts: replica.example.org\n"
	    "  local:\n"
	    "    hosts: /var/run/postgresql\n";
	const struct config_profile	*p;
	struct config			*cfg;
	struct sb_error			 err;

	cfg_write(*state, "config.yaml", text, sizeof text - 1);
	if (config_load(*state, &cfg, &err) != SB_OK)
		fail_msg("%s", err.message);
	assert_string_equal(cfg->theme, "light");
	assert_string_equal(cfg->country, "DE");
	assert_false(cfg->clipboard);
	assert_false(cfg->hyperlinks);
	assert_true(cfg->mouse);
	assert_string_equal(cfg->collation, "sv-SE");
	assert_string_equal(cfg->default_profile, "prod");
	assert_int_equal(keymap_lookup(cfg->keymap, KEYMAP_CTX_LIST,
	    KEYMAP_KEY_F(10)), KEYMAP_QUIT);
	assert_int_equal(keymap_lookup(cfg->keymap, KEYMAP_CTX_LIST, 'j'),
	    KEYMAP_NONE);
	assert_non_null(p = config_profile_find(cfg, "prod"));
	assert_int_equal(p->nhosts, 2);
	assert_string_equal(p->hosts[1], "db2.example.org");
	assert_int_equal(p->port, 5433);
	assert_string_equal(p->database, "directory");
	assert_string_equal(p->user, "alice");
	assert_string_equal(p->sslmode, "verify-full");
	assert_int_equal(p->nstandby, 1);
	assert_string_equal(p->standby_hosts[0], "replica.example.org");
	assert_false(p->managed);
	assert_non_null(p = config_profile_find(cfg, "local"));
	assert_string_equal(p->hosts[0], "/var/run/postgresql");
	assert_int_equal(p->port, 0);
	assert_null(p->user);
	assert_null(config_profile_find(cfg, "staging"));
	config_free(cfg);
}

static void
test_syntax_error_location(void **state)
{
	TEST_REJECT(*state, "theme: dark\nkeys:\n  quit: [q\nmouse: true\n",
	    SB_INVALID, "config.yaml:4:");
	TEST_REJECT(*state, "theme: dark\n  mouse: true\n", SB_INVALID,
	    "config.yaml:2:8: mapping values are not allowed");
	TEST_REJECT(*state, "theme: a\ntheme: b\n", SB_INVALID,
	    "config.yaml:2:1: duplicate key \"theme\" (first at line 1)");
	TEST_REJECT(*state, "theme: a\n---\ntheme: b\n", SB_INVALID,
	    "config.yaml:2:1: expected one document");
}

static void
test_alias_bomb(void **state)
{
	static const char text[] =
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";

	TEST_REJECT(*state, text, SB_INVALID,
	    "config.yaml:1:4: anchors and aliases");
	/* An alias alone, without an anchor, is refused too. */
	TEST_REJECT(*state, "theme: *x\n", SB_INVALID,
	    "config.yaml:1:8: anchors and aliases");
}

static void
test_alias_loop(void **state)
{
	TEST_REJECT(*state, "keys: &k\n  quit: *k\n", SB_INVALID,
	    "config.yaml:1:7: anchors and aliases");
	TEST_REJECT(*state, "profiles: &p [*p]\n", SB_INVALID,
	    "anchors and aliases");
}

static void
test_deep_nesting(void **state)
{
	size_t	 depth = 10000, i;
	char	*text = xmalloc(depth * 2 + 16);
	char	*p = text;

	p += sprintf(p, "keys: ");
	for (i = 0; i < depth; i++)
		*p++ = '[';
	for (i = 0; i < depth; i++)
		*p++ = ']';
	*p++ = '\n';
	cfg_reject(*state, text, (size_t)(p - text), SB_INVALID,
	    "nested too deeply (at most 16 levels)");
	free(text);
}

static void
test_huge_file(void **state)
{
	size_t	 size = 2 * 1024 * 1024, i;
	char	*text = xmalloc(size);

	for (i = 0; i < size; i++)
		text[i] = i % 64 == 63 ? '\n' : (i % 64 == 0 ? '#' : 'x');
	cfg_reject(*state, text, size, SB_INVALID, "file too large");
	free(text);
}

static void
test_unknown_key_and_wrong_type(void **state)
{
	TEST_REJECT(*state, "theme: dark\nmouse: true\ncolour: red\n",
	    SB_INVALID, "config.yaml:3:1: unknown key \"colour\"");
	TEST_REJECT(*state, "mouse: maybe\n", SB_INVALID,
	    "config.yaml:1:8: expected a boolean");
	TEST_REJECT(*state, "mouse: \"true\"\n", SB_INVALID,
	    "expected a boolean");
	TEST_REJECT(*state, "theme: [a, b]\n", SB_INVALID,
	    "config.yaml:1:8: expected a string");
	TEST_REJECT(*state, "country: USA\n", SB_INVALID,
	    "config.yaml:1:10: expected a two-letter country code");
	TEST_REJECT(*state, "profiles:\n  p:\n    port: 70000\n", SB_INVALID,
	    "config.yaml:3:11: expected a whole number from 1 to 65535");
	TEST_REJECT(*state, "profiles:\n  p:\n    hosts: \"a,b\"\n",
	    SB_INVALID, "config.yaml:3:12: expected a host name");
	TEST_REJECT(*state, "profiles:\n  p:\n    sslmode: sometimes\n",
	    SB_INVALID, "config.yaml:3:14: expected an sslmode");
	TEST_REJECT(*state, "profiles:\n  p:\n    hostz: a\n", SB_INVALID,
	    "config.yaml:3:5: unknown key \"hostz\"");
	/* A tag goes into a query: nothing but letters, digits and '-'. */
	TEST_REJECT(*state, "collation: \"sv\\\" SE\"\n", SB_INVALID,
	    "config.yaml:1:12: expected a language tag");
	TEST_REJECT(*state, "collation: [sv]\n", SB_INVALID,
	    "expected a language tag");
	TEST_REJECT(*state, "collation: "
	    "abcdefghij-abcdefghij-abcdefghij-abcdefghij\n", SB_INVALID,
	    "expected a language tag");
	TEST_REJECT(*state, "default-profile: nope\n", SB_INVALID,
	    "config.yaml:1:18: expected the name of a profile");
	TEST_REJECT(*state, "keys:\n  quit: s\n", SB_CONFLICT,
	    "config.yaml:2:9: key s is bound to both");
	TEST_REJECT(*state, "theme: caf\xc3\n", SB_INVALID,
	    "config.yaml:1:11: not valid UTF-8");
	cfg_reject(*state, "theme: a\0b\n", 11, SB_INVALID,
	    "config.yaml:1:9: NUL byte");
}

static void
test_password_in_profile(void **state)
{
	struct config	*cfg;
	struct sb_error	 err;
	static const char text[] =
	    "profiles:\n  prod:\n    hosts: db\n    password: hunter2\n";

	cfg_write(*state, "config.yaml", text, sizeof text - 1);
	assert_int_equal(config_load(*state, &cfg, &err), SB_DENIED);
	assert_non_null(strstr(err.message, "config.yaml:4:5: passwords do "
	    "not belong in configuration files"));
	assert_non_null(strstr(err.hint, "vault"));
	/* The secret itself is not repeated back. */
	assert_null(strstr(err.message, "hunter2"));
	assert_null(strstr(err.hint, "hunter2"));
}

static void
test_duplicate_profile_across_files(void **state)
{
	struct config	*cfg;
	struct sb_error	 err;

	cfg_write(*state, "profiles.yaml", "profiles:\n  prod: {hosts: a}\n",
	    29);
	cfg_write(*state, "config.yaml", "profiles:\n  prod: {hosts: b}\n",
	    29);
	assert_int_equal(config_load(*state, &cfg, &err), SB_CONFLICT);
	assert_non_null(strstr(err.message, "config.yaml:2:3: profile "
	    "\"prod\" is already defined in profiles.yaml"));
	cfg_write(*state, "profiles.yaml", "theme: x\n", 9);
	assert_int_equal(config_load(*state, &cfg, &err), SB_INVALID);
	assert_non_null(strstr(err.message, "profiles.yaml:1:1: unknown key"));
}

/* Names in dir other than . and ..; for spotting leftover temp files. */
static int
cfg_count_entries(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static void
test_profiles_round_trip(void **state)
{
	char			*hosts[] = { "db1.example.org", "yes" };
	char			*standby[] = { "/run/postgresql" };
	struct config_profile	 p = { 0 };
	const struct config_profile *q;
	struct config		*cfg, *again;
	struct sb_error		 err;

	cfg_write(*state, "config.yaml", "profiles:\n  hand: {hosts: h}\n",
	    29);
	assert_int_equal(config_load(*state, &cfg, &err), SB_OK);
	p.name = "work";
	p.hosts = hosts;
	p.nhosts = 2;
	p.port = 6432;
	p.database = "123";
	p.user = "o'brien: \"x\"";
	p.sslmode = "require";
	p.standby_hosts = standby;
	p.nstandby = 1;
	assert_int_equal(config_profile_set(cfg, &p, &err), SB_OK);
	p.name = "hand";
	assert_int_equal(config_profile_set(cfg, &p, &err), SB_CONFLICT);
	p.name = "bad name";
	assert_int_equal(config_profile_set(cfg, &p, &err), SB_INVALID);
	assert_int_equal(config_profiles_save(cfg, &err), SB_OK);
	config_free(cfg);

	if (config_load(*state, &again, &err) != SB_OK)
		fail_msg("%s", err.message);
	assert_int_equal(again->nprofiles, 2);
	assert_non_null(q = config_profile_find(again, "work"));
	assert_true(q->managed);
	assert_int_equal(q->nhosts, 2);
	assert_string_equal(q->hosts[0], "db1.example.org");
	assert_string_equal(q->hosts[1], "yes");
	assert_int_equal(q->port, 6432);
	assert_string_equal(q->database, "123");
	assert_string_equal(q->user, "o'brien: \"x\"");
	assert_string_equal(q->sslmode, "require");
	assert_string_equal(q->standby_hosts[0], "/run/postgresql");
	assert_false(config_profile_find(again, "hand")->managed);
	config_free(again);
}

static void
test_profiles_save_replaces_atomically(void **state)
{
	char			*hosts[] = { "a.example.org" };
	struct config_profile	 p = { 0 };
	struct config		*cfg;
	struct sb_error		 err;
	struct stat		 sb;
	char			*path, *old;
	char			 buf[4096];
	FILE			*f;
	size_t			 n;

	path = util_path_join(*state, "profiles.yaml");
	old = util_path_join(*state, "old-link");
	cfg_write(*state, "profiles.yaml", "profiles:\n  old: {hosts: o}\n",
	    28);
	assert_int_equal(link(path, old), 0);
	assert_int_equal(config_load(*state, &cfg, &err), SB_OK);
	assert_int_equal(config_profile_remove(cfg, "old", &err), SB_OK);
	assert_int_equal(config_profile_remove(cfg, "old", &err),
	    SB_NOT_FOUND);
	p.name = "new";
	p.hosts = hosts;
	p.nhosts = 1;
	assert_int_equal(config_profile_set(cfg, &p, &err), SB_OK);
	assert_int_equal(config_profiles_save(cfg, &err), SB_OK);
	config_free(cfg);
	/*
	 * A rename leaves the old inode untouched: the hard link still
	 * holds the old text, whole. Writing in place would change it.
	 */
	assert_non_null(f = fopen(old, "r"));
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "profiles:\n  old: {hosts: o}\n");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_nlink, 1);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* profiles.yaml and old-link; no temporary file left behind. */
	assert_int_equal(cfg_count_entries(*state), 2);
	assert_int_equal(config_load(*state, &cfg, &err), SB_OK);
	assert_null(config_profile_find(cfg, "old"));
	assert_non_null(config_profile_find(cfg, "new"));
	config_free(cfg);
	free(path);
	free(old);
}

/* profiles.yaml put back byte for byte, or removed when there was none. */
static void
test_profiles_revert(void **state)
{
	static const char	 text[] = "# kept as written\nprofiles:\n"
	    "  old: {hosts: o}\n";
	char			*hosts[] = { "a.example.org" };
	struct config_profile	 p = { 0 };
	struct config		*cfg;
	struct sb_error		 err;
	char			*path, buf[256];
	FILE			*f;
	size_t			 n;

	path = util_path_join(*state, "profiles.yaml");
	p.name = "new";
	p.hosts = hosts;
	p.nhosts = 1;
	assert_int_equal(config_load(*state, &cfg, &err), SB_OK);
	assert_null(cfg->profiles_text);
	assert_int_equal(config_profile_set(cfg, &p, &err), SB_OK);
	assert_int_equal(config_profiles_save(cfg, &err), SB_OK);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(config_profiles_revert(cfg, &err), SB_OK);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(config_profiles_revert(cfg, &err), SB_OK);
	config_free(cfg);

	cfg_write(*state, "profiles.yaml", text, sizeof text - 1);
	assert_int_equal(config_load(*state, &cfg, &err), SB_OK);
	assert_int_equal(config_profile_remove(cfg, "old", &err), SB_OK);
	assert_int_equal(config_profile_set(cfg, &p, &err), SB_OK);
	assert_int_equal(config_profiles_save(cfg, &err), SB_OK);
	assert_int_equal(config_profiles_revert(cfg, &err), SB_OK);
	config_free(cfg);
	assert_non_null(f = fopen(path, "r"));
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_int_equal(n, sizeof text - 1);
	assert_memory_equal(buf, text, n);
	assert_int_equal(cfg_count_entries(*state), 1);
	free(path);
}

#define TEST(f)	cmocka_unit_test_setup_teardown(f, cfg_setup, cfg_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_not_regular_files),
		TEST(test_missing_files_give_defaults),
		TEST(test_good_file),
		TEST(test_syntax_error_location),
		TEST(test_alias_bomb),
		TEST(test_alias_loop),
		TEST(test_deep_nesting),
		TEST(test_huge_file),
		TEST(test_unknown_key_and_wrong_type),
		TEST(test_password_in_profile),
		TEST(test_duplicate_profile_across_files),
		TEST(test_profiles_round_trip),
		TEST(test_profiles_save_replaces_atomically),
		TEST(test_profiles_revert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
