/* Screen tests of the one-line prompts: pre-filled, C-u, Esc; searching. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "switchboard/demo.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"

/* The status line (the last row) shows text. */
#define WAIT_STATUS(s, t) do {						\
	if (!screen_wait_row_text((s), 23, (t), WAIT_MS)) {		\
		screen_dump((s), stdout);				\
		fail_msg("the status line never showed \"%s\"", (t));	\
	}								\
} while (0)

/*
 * "/" opens with the pane's filter selected: typing replaces it, C-u
 * clears it, and Esc puts back the filter it opened with and closes the
 * prompt, and only the prompt.
 */
static void
test_search_prefilled(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_SUPER,
	    "C.UTF-8", 24, 80);

	(void)state;
	WAIT_TEXT(s, "Atlas Partners");
	screen_send(s, "/Zeta");
	WAIT_STATUS(s, "/Zeta_");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Organizations /Zeta");
	WAIT_GONE(s, "Atlas Partners");
	/* Again: the filter is the answer, selected; typing replaces it. */
	screen_send(s, "/");
	WAIT_STATUS(s, "/Zeta_");
	screen_send(s, "Atl");
	WAIT_STATUS(s, "/Atl_");
	WAIT_TEXT(s, "Organizations /Atl");
	WAIT_TEXT(s, "Atlas Partners");
	/* C-u clears, the editing keys move. */
	screen_key_ctrl(s, 'u');
	WAIT_STATUS(s, "/_");
	screen_send(s, "Zeta");
	screen_key_ctrl(s, 'a');
	screen_send(s, "x");
	WAIT_STATUS(s, "/xZeta");
	screen_key_ctrl(s, 'e');
	screen_key(s, SCREEN_KEY_LEFT);
	screen_key(s, SCREEN_KEY_BACKSPACE);
	WAIT_STATUS(s, "/xZea");
	/* Esc: back to the filter it opened with, the prompt closed. */
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "/xZea");
	WAIT_TEXT(s, "Organizations /Zeta");
	WAIT_GONE(s, "Atlas Partners");
	WAIT_TEXT(s, "connected as");
	testdemo_quit(s);
}

/*
 * The emergency view's export and phone type prompts: the last answer
 * selected, replaced by typing; Esc closes the prompt, not the view.
 */
static void
test_emergency_prompts(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 24, 80);

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts: 4");
	screen_send(s, "w");
	WAIT_TEXT(s, "Export to");
	screen_send(s, "/nonexistent-sb/a.txt");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_GONE(s, "Export to");
	screen_send(s, "w");
	WAIT_TEXT(s, "/nonexistent-sb/a.txt_");
	screen_send(s, "b.txt");
	WAIT_TEXT(s, "): b.txt_");
	screen_key_ctrl(s, 'u');
	WAIT_GONE(s, "b.txt");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Not exported");
	WAIT_TEXT(s, "Emergency contacts: 4");
	/* The phone type filter: Esc keeps the filter it opened with. */
	screen_send(s, "tmobile");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "mobile");
	screen_send(s, "t");
	WAIT_TEXT(s, "Phone type: mobile_");
	screen_send(s, "fax");
	WAIT_TEXT(s, "Phone type: fax_");
	WAIT_TEXT(s, "No contacts match the filters");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Phone type:");
	WAIT_GONE(s, "No contacts match the filters");
	WAIT_TEXT(s, "Emergency contacts: 4");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Emergency contacts");
	testdemo_quit(s);
}

/*
 * Searching all contacts by an address's label ("who works at the
 * downtown office?") or the last four digits of a number.
 */
static void
test_search_label_and_digits(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 30, 200);

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "s");
	WAIT_TEXT(s, "Search all:");
	screen_send(s, "Downtown");
	WAIT_TEXT(s, "Helen Park");
	WAIT_TEXT(s, "Marcus Bell");
	WAIT_TEXT(s, "Downtown office");
	screen_key_ctrl(s, 'u');
	screen_send(s, "0230");
	WAIT_GONE(s, "Marcus Bell");
	WAIT_TEXT(s, "Helen Park");
	WAIT_TEXT(s, "555-0230");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Search all:");
	testdemo_quit(s);
}

/*
 * What is the fax number for Midtown? The organizations' filter finds an
 * organization by the label of one of its places, says which, and its
 * details give the number; found by its name, no label is shown.
 */
static void
test_org_filter_by_place(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PARTNER,
	    "C.UTF-8", 30, 160);

	(void)state;
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "/midtown");
	WAIT_TEXT(s, "Organizations /midtown");
	WAIT_TEXT(s, "Riverside Health  Midtown office");
	WAIT_TEXT(s, "(217) 555-0111");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_send(s, "/");
	screen_key_ctrl(s, 'u');
	screen_send(s, "riverside");
	WAIT_TEXT(s, "Organizations /riverside");
	WAIT_GONE(s, "Riverside Health  Midtown");
	WAIT_TEXT(s, "\xe2\x94\x82 Riverside Health ");
	screen_key(s, SCREEN_KEY_ENTER);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_prefilled),
		cmocka_unit_test(test_emergency_prompts),
		cmocka_unit_test(test_search_label_and_digits),
		cmocka_unit_test(test_org_filter_by_place),
	};

	return (cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown));
}
