/* Unit tests for themes: colour parsing, resolution, shipped files. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/theme.h"
#include "switchboard/util.h"
#include "switchboard/ytree.h"

static char *
themes_path(const char *name)
{
	const char	*src = getenv("SB_TOP_SRCDIR");

	assert_non_null(src);
	return xasprintf("%s/themes/%s.yaml", src, name);
}

static enum sb_status
themes_load_text(const char *text, struct theme *theme, struct sb_error *err)
{
	struct ytree	*tree;
	enum sb_status	 st;

	st = ytree_load_string("t.yaml", text, strlen(text), &tree, err);
	if (st != SB_OK)
		return st;
	st = theme_load_yaml(tree, theme, err);
	ytree_free(tree);
	return st;
}

static void
test_color_parse(void **state)
{
	struct theme_color	c;

	(void)state;
	assert_int_equal(theme_color_parse("red", &c), 0);
	assert_int_equal(c.kind, THEME_COLOR_INDEX);
	assert_int_equal(c.value, 1);
	assert_int_equal(theme_color_parse("bright-white", &c), 0);
	assert_int_equal(c.value, 15);
	assert_int_equal(theme_color_parse("default", &c), 0);
	assert_int_equal(c.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(theme_color_parse("0", &c), 0);
	assert_int_equal(c.value, 0);
	assert_int_equal(theme_color_parse("255", &c), 0);
	assert_int_equal(c.value, 255);
	assert_int_equal(theme_color_parse("#5fAFd7", &c), 0);
	assert_int_equal(c.kind, THEME_COLOR_RGB);
	assert_int_equal(c.value, 0x5fafd7);
	assert_int_equal(theme_color_parse("256", &c), -1);
	assert_int_equal(theme_color_parse("-1", &c), -1);
	assert_int_equal(theme_color_parse("007", &c), -1);
	assert_int_equal(theme_color_parse("#12345", &c), -1);
	assert_int_equal(theme_color_parse("#1234567", &c), -1);
	assert_int_equal(theme_color_parse("#12345g", &c), -1);
	assert_int_equal(theme_color_parse("purple", &c), -1);
	assert_int_equal(theme_color_parse("", &c), -1);
}

static void
test_bad_values_name_location(void **state)
{
	struct theme	theme;
	struct sb_error	err;

	(void)state;
	assert_int_equal(themes_load_text("roles:\n  normal: { fg: purple }\n",
	    &theme, &err), SB_INVALID);
	assert_non_null(strstr(err.message, "t.yaml:2:17: expected a colour"));
	assert_int_equal(themes_load_text("roles:\n  normal:\n"
	    "    attrs: [bold, blink]\n", &theme, &err), SB_INVALID);
	assert_non_null(strstr(err.message,
	    "t.yaml:3:19: expected an attribute"));
	assert_int_equal(themes_load_text("roles:\n  list.selectd: {}\n",
	    &theme, &err), SB_INVALID);
	assert_string_equal(err.message,
	    "t.yaml:2:3: unknown role \"list.selectd\"");
	assert_int_equal(themes_load_text("roles:\n  dim: { colour: red }\n",
	    &theme, &err), SB_INVALID);
	assert_string_equal(err.message, "t.yaml:2:10: unknown key \"colour\"");
	assert_int_equal(themes_load_text("roles:\n  dim: { fg: 300 }\n",
	    &theme, &err), SB_INVALID);
}

static void
test_nearest_256(void **state)
{
	(void)state;
	assert_int_equal(theme_color_nearest(0xff0000, 256), 196);
	assert_int_equal(theme_color_nearest(0x000000, 256), 16);
	assert_int_equal(theme_color_nearest(0xffffff, 256), 231);
	assert_int_equal(theme_color_nearest(0x5fafd7, 256), 74);
	assert_int_equal(theme_color_nearest(0x808080, 256), 244);
	assert_int_equal(theme_color_nearest(0x121212, 256), 233);
	assert_int_equal(theme_color_rgb(196), 0xff0000);
	assert_int_equal(theme_color_rgb(244), 0x808080);
}

static void
test_nearest_16_and_8(void **state)
{
	(void)state;
	assert_int_equal(theme_color_nearest(0xff0000, 16), 9);
	assert_int_equal(theme_color_nearest(0xc00000, 16), 1);
	assert_int_equal(theme_color_nearest(0xff0000, 8), 1);
	assert_int_equal(theme_color_nearest(0x0000ff, 16), 4);
	assert_int_equal(theme_color_nearest(0x00005f, 8), 0);
	assert_int_equal(theme_color_nearest(0x5fafd7, 8), 6);
	assert_int_equal(theme_color_nearest(0xfafafa, 16), 15);
	assert_int_equal(theme_color_nearest(0xfafafa, 8), 7);
	assert_int_equal(theme_color_nearest(0x303030, 16), 0);
}

static void
test_resolve_by_terminal(void **state)
{
	struct theme		theme;
	struct theme_resolved	r;

	(void)state;
	theme_init_default(&theme);
	theme_resolve(&theme, 256, &r);
	assert_int_equal(r.colors, 256);
	assert_int_equal(r.pairs[THEME_FIELD_LABEL].fg, 74);
	assert_int_equal(r.pairs[THEME_DIM].fg, 245);
	assert_int_equal(r.pairs[THEME_NORMAL].fg, -1);
	assert_int_equal(r.pairs[THEME_ROLE_EMERGENCY].fg, 9);
	theme_resolve(&theme, 16, &r);
	assert_int_equal(r.pairs[THEME_ROLE_EMERGENCY].fg, 9);
	assert_int_equal(r.pairs[THEME_DIM].fg, 8);
	theme_resolve(&theme, 8, &r);
	assert_int_equal(r.colors, 8);
	assert_int_equal(r.pairs[THEME_ROLE_EMERGENCY].fg, 1);
	assert_int_equal(r.pairs[THEME_FIELD_LABEL].fg, 6);
	/* bright-black would be the black screen: another grey stands in. */
	assert_int_not_equal(r.pairs[THEME_LIST_SELECTED_UNFOCUSED].bg, 0);
	/* Bold black would turn grey on cyan: it goes without bold. */
	assert_int_equal(r.pairs[THEME_LIST_SELECTED].fg, 0);
	assert_false(r.pairs[THEME_LIST_SELECTED].attrs & THEME_ATTR_BOLD);
	/* Bold bright red shows bright with 8 colours: bold stays. */
	assert_true(r.pairs[THEME_ROLE_EMERGENCY].attrs & THEME_ATTR_BOLD);
	/* bright-black on black: both become 0 with 8 colours. */
	theme.styles[THEME_NORMAL].fg.kind = THEME_COLOR_INDEX;
	theme.styles[THEME_NORMAL].fg.value = 8;
	theme.styles[THEME_NORMAL].bg.kind = THEME_COLOR_INDEX;
	theme.styles[THEME_NORMAL].bg.value = 0;
	theme_resolve(&theme, 16, &r);
	assert_int_equal(r.pairs[THEME_NORMAL].fg, 8);
	theme_resolve(&theme, 8, &r);
	assert_int_equal(r.pairs[THEME_NORMAL].bg, 0);
	assert_int_equal(r.pairs[THEME_NORMAL].fg, 7);
	/* The same colour twice on purpose is left alone. */
	theme.styles[THEME_NORMAL].fg.value = 0;
	theme_resolve(&theme, 8, &r);
	assert_int_equal(r.pairs[THEME_NORMAL].fg, 0);
	theme_resolve(&theme, 88, &r);
	assert_int_equal(r.colors, 16);
	theme_resolve(&theme, 1 << 24, &r);
	assert_int_equal(r.colors, 256);
}

static void
test_monochrome_keeps_roles_apart(void **state)
{
	struct theme		theme;
	struct theme_resolved	r;
	int			i;

	(void)state;
	theme_init_default(&theme);
	theme_resolve(&theme, 0, &r);
	assert_int_equal(r.colors, 0);
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		assert_int_equal(r.pairs[i].fg, -1);
		assert_int_equal(r.pairs[i].bg, -1);
	}
	assert_true(r.pairs[THEME_LIST_SELECTED].attrs & THEME_ATTR_REVERSE);
	assert_true(r.pairs[THEME_STATUS_ERROR].attrs & THEME_ATTR_BOLD);
	assert_true(r.pairs[THEME_BANNER_ERROR].attrs & THEME_ATTR_BOLD);
	assert_true(r.pairs[THEME_SEARCH_MATCH].attrs != 0);
	assert_int_not_equal(r.pairs[THEME_LIST_SELECTED].attrs,
	    r.pairs[THEME_LIST_SELECTED_UNFOCUSED].attrs);
	assert_int_not_equal(r.pairs[THEME_LIST_SELECTED].attrs,
	    r.pairs[THEME_NORMAL].attrs);
	assert_int_not_equal(r.pairs[THEME_STATUS_ERROR].attrs,
	    r.pairs[THEME_STATUS_OK].attrs);
	/* 2 colours (vt100) count as none. */
	theme_resolve(&theme, 2, &r);
	assert_int_equal(r.colors, 0);
}

static void
test_builtin_matches_default_yaml(void **state)
{
	struct theme	builtin, file;
	struct sb_error	err;
	char		*path = themes_path("default");
	int		 i;

	(void)state;
	theme_init_default(&builtin);
	assert_int_equal(theme_load_file(path, &file, &err), SB_OK);
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		assert_true(file.defined[i]);
		assert_memory_equal(&file.styles[i], &builtin.styles[i],
		    sizeof file.styles[i]);
	}
	assert_string_equal(file.name, "default");
	free(path);
}

static void
test_shipped_themes_load(void **state)
{
	static const char *const names[] = {
		"default", "light", "high-contrast", "monochrome"
	};
	struct theme	theme;
	struct sb_error	err;
	size_t		i;
	int		r;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (theme_load_named(names[i], &theme, &err) != SB_OK)
			fail_msg("%s: %s", names[i], err.message);
		assert_string_equal(theme.name, names[i]);
		for (r = 0; r < THEME_ROLE_COUNT; r++) {
			if (!theme.defined[r])
				fail_msg("%s: no %s", names[i],
				    theme_role_name(r));
		}
	}
	assert_int_equal(theme_load_named("../etc/passwd", &theme, &err),
	    SB_INVALID);
	assert_int_equal(theme_load_named("no-such-theme", &theme, &err),
	    SB_NOT_FOUND);
}

static void
test_contrast_ratio(void **state)
{
	(void)state;
	assert_true(fabs(theme_contrast_ratio(0x000000, 0xffffff) - 21.0) <
	    0.01);
	assert_true(fabs(theme_contrast_ratio(0xffffff, 0x000000) - 21.0) <
	    0.01);
	assert_true(fabs(theme_contrast_ratio(0x5fafd7, 0x5fafd7) - 1.0) <
	    0.001);
	/* #767676 is the lightest grey with 4.5:1 on white; #777777 not. */
	assert_true(theme_contrast_ratio(0x767676, 0xffffff) >= 4.5);
	assert_true(theme_contrast_ratio(0x777777, 0xffffff) < 4.5);
}

/* Report every fault of theme at colors colours; how many there were. */
static size_t
contrast_faults(const char *name, const struct theme *theme, int colors)
{
	struct theme_contrast_fault	f[THEME_ROLE_COUNT * 2];
	size_t				n, i;

	n = theme_contrast_check(theme, colors, f, THEME_ROLE_COUNT * 2);
	for (i = 0; i < n; i++)
		print_error("%s (%s background), %d colours: %s %s has "
		    "%.2f:1, needs %.1f:1\n", name, theme->light ? "light" :
		    "dark", f[i].colors, theme_role_name(f[i].role),
		    f[i].what, f[i].ratio, f[i].needed);
	return n;
}

/*
 * WCAG 2.1 AA for every shipped theme, on 256, 16 and 8 colours:
 * monochrome's default colours are checked on both backgrounds.
 */
static void
test_shipped_themes_reach_aa(void **state)
{
	static const char *const names[] = {
		"default", "light", "high-contrast", "monochrome"
	};
	static const int colors[] = { 256, 16, 8 };
	struct theme	theme;
	struct sb_error	err;
	size_t		i, j, faults = 0;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_int_equal(theme_load_named(names[i], &theme, &err),
		    SB_OK);
		for (j = 0; j < sizeof colors / sizeof colors[0]; j++)
			faults += contrast_faults(names[i], &theme,
			    colors[j]);
	}
	theme.light = !theme.light;
	for (j = 0; j < sizeof colors / sizeof colors[0]; j++)
		faults += contrast_faults("monochrome", &theme, colors[j]);
	assert_int_equal(faults, 0);
}

/* The check finds what it is for: light grey borders on white. */
static void
test_contrast_check_finds_faults(void **state)
{
	struct theme			theme;
	struct theme_contrast_fault	f[THEME_ROLE_COUNT * 2];
	struct sb_error			err;
	size_t				n, i, border = 0, ok = 0;

	(void)state;
	assert_int_equal(themes_load_text("background: light\n"
	    "roles:\n"
	    "  pane.border: { fg: 250 }\n"
	    "  status.ok: { fg: white, bg: green }\n", &theme, &err), SB_OK);
	assert_true(theme.light);
	n = theme_contrast_check(&theme, 256, f, THEME_ROLE_COUNT * 2);
	assert_true(n <= THEME_ROLE_COUNT * 2);
	for (i = 0; i < n; i++) {
		if (f[i].role == THEME_PANE_BORDER) {
			assert_string_equal(f[i].what, "border");
			assert_true(f[i].ratio < 2.0);
			border++;
		} else if (f[i].role == THEME_STATUS_OK) {
			assert_string_equal(f[i].what, "text");
			assert_true(f[i].ratio < 2.0);
			ok++;
		}
	}
	assert_int_equal(border, 1);
	assert_int_equal(ok, 1);
	assert_int_equal(themes_load_text("background: grey\nroles: {}\n",
	    &theme, &err), SB_INVALID);
}

static void
test_user_theme_comes_first(void **state)
{
	struct theme	 theme;
	struct sb_error	 err;
	char		*dir = xstrdup("/tmp/sb-theme-XXXXXX"), *themes, *path;
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	themes = util_path_join(dir, "switchboard/themes");
	assert_int_equal(util_mkdir_p(themes, 0700), 0);
	path = util_path_join(themes, "light.yaml");
	assert_non_null(f = fopen(path, "w"));
	fputs("name: mine\nroles:\n  normal: { fg: red }\n", f);
	assert_int_equal(fclose(f), 0);
	setenv("XDG_CONFIG_HOME", dir, 1);
	assert_int_equal(theme_load_named("light", &theme, &err), SB_OK);
	assert_string_equal(theme.name, "mine");
	assert_true(theme.defined[THEME_NORMAL]);
	assert_false(theme.defined[THEME_STATUS]);
	assert_int_equal(theme.styles[THEME_NORMAL].fg.value, 1);
	/* A broken user theme is reported, not skipped silently. */
	assert_non_null(f = fopen(path, "w"));
	fputs("roles: [\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(theme_load_named("light", &theme, &err), SB_INVALID);
	assert_non_null(strstr(err.message, "light.yaml:2:1: "));
	unsetenv("XDG_CONFIG_HOME");
	util_rmtree(dir);
	free(path);
	free(themes);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_color_parse),
		cmocka_unit_test(test_bad_values_name_location),
		cmocka_unit_test(test_nearest_256),
		cmocka_unit_test(test_nearest_16_and_8),
		cmocka_unit_test(test_resolve_by_terminal),
		cmocka_unit_test(test_monochrome_keeps_roles_apart),
		cmocka_unit_test(test_builtin_matches_default_yaml),
		cmocka_unit_test(test_shipped_themes_load),
		cmocka_unit_test(test_user_theme_comes_first),
		cmocka_unit_test(test_contrast_ratio),
		cmocka_unit_test(test_shipped_themes_reach_aa),
		cmocka_unit_test(test_contrast_check_finds_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
