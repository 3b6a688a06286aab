/* Unit tests for the key table: defaults, lookup, rebinding, help. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "switchboard/keymap.h"
#include "switchboard/ytree.h"

static const unsigned int test_contexts[] = {
	KEYMAP_CTX_GLOBAL, KEYMAP_CTX_LIST, KEYMAP_CTX_DETAILS,
	KEYMAP_CTX_SEARCH, KEYMAP_CTX_FORM, KEYMAP_CTX_EMERGENCY
};

/* Apply YAML text as the keys: section; returns the status. */
static enum sb_status
km_load(struct keymap *km, const char *text, struct sb_error *err)
{
	struct ytree	*tree;
	enum sb_status	 st;

	st = ytree_load_string("keys.yaml", text, strlen(text), &tree, err);
	if (st != SB_OK)
		return st;
	st = keymap_load_yaml(km, tree, tree->root, err);
	ytree_free(tree);
	return st;
}

static void
test_defaults_have_no_conflicts(void **state)
{
	struct keymap	*km = keymap_create();
	struct sb_error	 err;
	int		 i, key, seen, keys[KEYMAP_KEYS_MAX];
	size_t		 c, n;

	(void)state;
	assert_int_equal(keymap_check(km, NULL, NULL, &err), SB_OK);
	/*
	 * Independently of keymap_check: in every context each key reaches
	 * exactly the action that holds it.
	 */
	for (c = 0; c < sizeof test_contexts / sizeof test_contexts[0]; c++) {
		seen = 0;
		for (i = 0; i < KEYMAP_ACTION_COUNT; i++) {
			if (!(keymap_action_contexts(i) & test_contexts[c]))
				continue;
			n = keymap_keys(km, i, keys);
			assert_true(n > 0);
			for (key = 0; key < (int)n; key++)
				assert_int_equal(keymap_lookup(km,
				    test_contexts[c], keys[key]), i);
			seen++;
		}
		assert_true(seen > 0);
	}
	keymap_free(km);
}

static void
test_lookup_falls_back_to_global(void **state)
{
	struct keymap	*km = keymap_create();

	(void)state;
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, 'j'),
	    KEYMAP_MOVE_DOWN);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, '1'),
	    KEYMAP_FILTER_BILLING);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_GLOBAL, '1'),
	    KEYMAP_NONE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_DETAILS, '1'),
	    KEYMAP_NONE);
	/* Typing "q" into a search prompt must not quit. */
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_SEARCH, 'q'),
	    KEYMAP_NONE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_SEARCH, 27),
	    KEYMAP_SEARCH_CANCEL);
	/* Other spellings of Enter and Backspace. */
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, '\n'),
	    KEYMAP_OPEN);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, KEYMAP_KEY_ENTER),
	    KEYMAP_OPEN);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, 127), KEYMAP_BACK);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST,
	    KEYMAP_KEY_CTRL('f')), KEYMAP_SEARCH_GLOBAL);
	keymap_free(km);
}

/*
 * The overlay's lists and questions have keys of their own: their letters
 * do not reach the global actions, their move keys do; and they follow a
 * rebinding like any other action.
 */
static void
test_overlay_contexts(void **state)
{
	struct keymap	*km = keymap_create();
	struct sb_error	 err;
	int		 key = 'L';

	(void)state;
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_ITEMS, 'l'),
	    KEYMAP_ITEM_LINK);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_ITEMS, 'q'),
	    KEYMAP_NONE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_ITEMS, 'j'),
	    KEYMAP_NONE);
	assert_int_equal(keymap_lookup_move(km, KEYMAP_CTX_ITEMS, 'j'),
	    KEYMAP_MOVE_DOWN);
	assert_int_equal(keymap_lookup_move(km, KEYMAP_CTX_ITEMS, 'q'),
	    KEYMAP_NONE);
	assert_int_equal(keymap_lookup_move(km, KEYMAP_CTX_ITEMS, 'G'),
	    KEYMAP_LAST);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_ITEMS,
	    KEYMAP_KEY_DC), KEYMAP_ITEM_REMOVE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_CONFIRM, 'y'),
	    KEYMAP_CONFIRM_YES);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_CONFIRM, 'q'),
	    KEYMAP_NONE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_CONFLICT, ' '),
	    KEYMAP_CONFLICT_TOGGLE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_ITEM_KIND, 'e'),
	    KEYMAP_ADD_EMAIL);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_FORM,
	    KEYMAP_KEY_F(1)), KEYMAP_MODE_HELP);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_FORM, ' '),
	    KEYMAP_FORM_TOGGLE);
	assert_false(keymap_falls_back(KEYMAP_CTX_ITEMS));
	/* The names found in a form: its own keys; letters are the name's. */
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_FIND, KEYMAP_KEY_DOWN),
	    KEYMAP_FIND_NEXT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_FIND, KEYMAP_KEY_UP),
	    KEYMAP_FIND_PREV);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_FIND, '\n'),
	    KEYMAP_FIND_LINK);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_FIND, 'j'),
	    KEYMAP_NONE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_FIND, '\t'),
	    KEYMAP_NONE);
	assert_false(keymap_falls_back(KEYMAP_CTX_FIND));
	assert_true(keymap_action_is_move(KEYMAP_LAST));
	assert_false(keymap_action_is_move(KEYMAP_QUIT));
	assert_true(keymap_falls_back(KEYMAP_CTX_EMERGENCY));
	assert_int_equal(keymap_bind(km, KEYMAP_ITEM_LINK, &key, 1, &err),
	    SB_OK);
	assert_int_equal(keymap_check(km, NULL, NULL, &err), SB_OK);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_ITEMS, 'L'),
	    KEYMAP_ITEM_LINK);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_ITEMS, 'l'),
	    KEYMAP_NONE);
	keymap_free(km);
}

static void
test_key_names_round_trip(void **state)
{
	static const char *const names[] = {
		"j", "G", "C-f", "Tab", "S-Tab", "Enter", "Esc", "Backspace",
		"Up", "Down", "Left", "Right", "PgUp", "PgDn", "Home", "End",
		"F1", "F12", "Space", "/", "*"
	};
	char	buf[32];
	size_t	i;
	int	key, again;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_int_equal(keymap_key_parse(names[i], &key), 0);
		assert_string_equal(keymap_key_name(key, buf, sizeof buf),
		    names[i]);
		assert_int_equal(keymap_key_parse(buf, &again), 0);
		assert_int_equal(again, key);
	}
	assert_int_equal(keymap_key_parse("BackTab", &key), 0);
	assert_int_equal(key, KEYMAP_KEY_BTAB);
	assert_int_equal(keymap_key_parse("PgDn", &key), 0);
	assert_int_equal(key, 0522);
	assert_int_equal(keymap_key_parse("F13", &key), -1);
	assert_int_equal(keymap_key_parse("jj", &key), -1);
	assert_int_equal(keymap_key_parse("C-", &key), -1);
	assert_int_equal(keymap_key_parse("", &key), -1);
}

static void
test_rebind_from_yaml(void **state)
{
	struct keymap	*km = keymap_create();
	struct sb_error	 err;

	(void)state;
	assert_int_equal(km_load(km, "move-down: [n, C-n]\n"
	    "new-contact: N\nnew-org: N\nquit: F10\n", &err), SB_OK);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, 'n'),
	    KEYMAP_MOVE_DOWN);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST,
	    KEYMAP_KEY_CTRL('n')), KEYMAP_MOVE_DOWN);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, 'j'), KEYMAP_NONE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, 'N'),
	    KEYMAP_NEW_CONTACT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_GLOBAL, 'q'),
	    KEYMAP_NONE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_GLOBAL,
	    KEYMAP_KEY_F(10)), KEYMAP_QUIT);
	keymap_free(km);
}

static void
test_unknown_action_and_key(void **state)
{
	struct keymap	*km = keymap_create();
	struct sb_error	 err;

	(void)state;
	assert_int_equal(km_load(km, "quit: q\nmove-dwn: j\n", &err),
	    SB_INVALID);
	assert_string_equal(err.message,
	    "keys.yaml:2:1: unknown action \"move-dwn\"");
	assert_int_equal(km_load(km, "quit: q\nhelp: [F1, Ctrl-x]\n", &err),
	    SB_INVALID);
	assert_non_null(strstr(err.message,
	    "keys.yaml:2:12: unknown key name \"Ctrl-x\""));
	assert_int_equal(km_load(km, "quit: {a: b}\n", &err), SB_INVALID);
	assert_non_null(strstr(err.message, "keys.yaml:1:7: expected a key"));
	/* A failed load leaves the table as it was. */
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_GLOBAL, 'q'),
	    KEYMAP_QUIT);
	keymap_free(km);
}

static void
test_conflicting_binding(void **state)
{
	struct keymap	*km = keymap_create();
	struct sb_error	 err;

	(void)state;
	/* Same context. */
	assert_int_equal(km_load(km, "help: F1\nrefresh: q\n", &err),
	    SB_CONFLICT);
	assert_string_equal(err.message, "keys.yaml:2:10: key q is bound "
	    "to both quit and refresh");
	/* A list key shadowing a global one. */
	assert_int_equal(km_load(km, "unlink: s\n", &err), SB_CONFLICT);
	assert_non_null(strstr(err.message, "keys.yaml:1:9: key s is bound "
	    "to both search-global and unlink"));
	/* Separate contexts may share keys: list 1 and form F2. */
	assert_int_equal(km_load(km, "form-save: [F2, \"1\"]\n", &err),
	    SB_OK);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_FORM, '1'),
	    KEYMAP_FORM_SAVE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CTX_LIST, '1'),
	    KEYMAP_FILTER_BILLING);
	keymap_free(km);
}

static void
test_help_list(void **state)
{
	struct keymap		*km = keymap_create();
	struct keymap_help	 help[KEYMAP_ACTION_COUNT];
	size_t			 n, i;
	int			 found = 0;

	(void)state;
	n = keymap_help_list(km, KEYMAP_CTX_GLOBAL | KEYMAP_CTX_LIST, help,
	    KEYMAP_ACTION_COUNT);
	assert_true(n > 20);
	for (i = 0; i < n; i++) {
		assert_true(help[i].help[0] != '\0');
		assert_int_not_equal(keymap_action_contexts(help[i].action) &
		    (KEYMAP_CTX_GLOBAL | KEYMAP_CTX_LIST), 0);
		if (help[i].action == KEYMAP_MOVE_DOWN) {
			assert_string_equal(help[i].keys, "Down, j");
			assert_string_equal(help[i].name, "move-down");
			found = 1;
		}
		assert_int_not_equal(help[i].action, KEYMAP_FORM_SAVE);
	}
	assert_true(found);
	assert_int_equal(keymap_action_find("mark-primary"),
	    KEYMAP_MARK_PRIMARY);
	assert_int_equal(keymap_action_find("nope"), KEYMAP_NONE);
	keymap_free(km);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_have_no_conflicts),
		cmocka_unit_test(test_lookup_falls_back_to_global),
		cmocka_unit_test(test_overlay_contexts),
		cmocka_unit_test(test_key_names_round_trip),
		cmocka_unit_test(test_rebind_from_yaml),
		cmocka_unit_test(test_unknown_action_and_key),
		cmocka_unit_test(test_conflicting_binding),
		cmocka_unit_test(test_help_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
