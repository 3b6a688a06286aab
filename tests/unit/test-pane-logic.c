/* Unit tests for the panes' plain logic: filter fold, name order, links. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/fold.h"
#include "switchboard/pane.h"
#include "switchboard/util.h"

static void
test_fold(void **state)
{
	char	*f;

	(void)state;
	/* As sb.fold: Æ is "ae", ß is "ss", other scripts in lower case. */
	f = fold_text("Müller ŁÓDŹ Ærø Straße");
	assert_string_equal(f, "muller lodz aero strasse");
	free(f);
	f = fold_text("漢字 ДЖ");
	assert_string_equal(f, "漢字 дж");
	free(f);
}

static void
test_filter_match(void **state)
{
	(void)state;
	assert_true(fold_match("Müller Logistik", "mull"));
	assert_true(fold_match("Muller Logistik", "MÜLL"));
	assert_true(fold_match("Zoë Šimić", "simic"));
	assert_true(fold_match("anything", ""));
	assert_false(fold_match("Müller", "mueller"));
	assert_true(fold_match("Ærø Air", "aero"));
	assert_false(fold_match("Acme", "acmex"));
}

/* A link row of the contacts pane, its strings owned by the rows. */
static void
link_row(struct store_link *l, const char *first, const char *last,
    long rank)
{
	snprintf(l->contact_id, sizeof l->contact_id,
	    "00000000-0000-0000-0000-%012ld", rank);
	l->first_name = xstrdup(first);
	l->last_name = xstrdup(last);
	l->title = xstrdup("");
	l->role = xstrdup("billing");
	l->starts_on = xstrdup("");
	l->ends_on = xstrdup("");
	l->owner = xstrdup("");
	l->readonly = xstrdup("");
	l->name_rank = rank;
}

/*
 * By name, the pane keeps the server's order under the person's
 * collation (the rank), not byte order, nor a collation of its own: a
 * Swedish server rank puts "Åsa" after "Zeta"; the filter keeps it.
 */
static void
test_contacts_by_name(void **state)
{
	static const char *const want[] = { "agnes", "Ágnes", "Bob",
	    "Mary", "Zeta", "Åsa" };
	struct store_rows	 rows = { .type = STORE_ROWS_LINKS };
	struct store_link	*l;
	struct pane		*p = pane_contacts_create(NULL);
	int			 i;

	(void)state;
	l = rows.rows = xcalloc(6, sizeof *l);
	rows.count = 6;
	link_row(&l[0], "Mary", "Major", 4);
	link_row(&l[1], "Åsa", "Berg", 6);
	link_row(&l[2], "Ágnes", "Kovács", 2);
	link_row(&l[3], "Bob", "Stone", 3);
	link_row(&l[4], "agnes", "Kovacs", 1);
	link_row(&l[5], "Zeta", "Lund", 5);
	p->vt->take(p, &rows);
	assert_int_equal(p->vt->key(p, KEYMAP_SORT_TOGGLE), PANE_KEY_REDRAW);
	assert_int_equal(p->lv.count, 6);
	for (i = 0; i < 6; i++) {
		p->lv.selected = i;
		l = (struct store_link *)p->rows.rows +
		    pane_contacts_selected_row(p);
		assert_string_equal(l->first_name, want[i]);
	}
	snprintf(p->filter, sizeof p->filter, "%s", "kovacs");
	p->vt->refilter(p);
	assert_int_equal(p->lv.count, 2);
	p->lv.selected = 1;
	assert_int_equal(pane_contacts_selected_row(p), 2);
	pane_free(p);
}

static void
test_link_url(void **state)
{
	char	*u;

	(void)state;
	u = pane_link_url("tel:", "+15551234567");
	assert_string_equal(u, "tel:+15551234567");
	free(u);
	u = pane_link_url("mailto:", "anna.work@example.org");
	assert_string_equal(u, "mailto:anna.work@example.org");
	free(u);
	assert_null(pane_link_url("tel:", "+1 (555) 123-4567"));
	assert_null(pane_link_url("tel:", "+1555\033]8;;x\033\\"));
	assert_null(pane_link_url("tel:", "15551234567"));
	assert_null(pane_link_url("tel:", "+1234567890123456"));
	{
		static const char *const cases[][4] = {
			{ "+1 (555) 010-0199", "+15550100199", "",
			  "+1 (555) 010-0199" },
			{ "020 7946 0958", "+442079460958", "",
			  "+44 20 7946 0958" },
			{ "(217) 555-0100", "+12175550100", "45",
			  "+1 (217) 555-0100 ext. 45" },
			{ "1 217 555 0100", "+12175550100", "",
			  "+1 217 555 0100" },
			{ "06 1234 5678", "+390612345678", "",
			  "+39 06 1234 5678" },
			{ "+1 217 555 0100", "+19005550199", "",
			  "+19005550199 (written +1 217 555 0100)" },
			{ "217 555 0100", "+442175550100", "",
			  "+44 217 555 0100" },
		};
		size_t	i;

		for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			u = pane_phone_text(cases[i][0], cases[i][1],
			    cases[i][2]);
			assert_string_equal(u, cases[i][3]);
			free(u);
		}
	}
	u = pane_link_tel("+12175550123", "45");
	assert_string_equal(u, "tel:+12175550123;ext=45");
	free(u);
	u = pane_link_tel("+12175550123", "");
	assert_string_equal(u, "tel:+12175550123");
	free(u);
	assert_null(pane_link_tel("+12175550123", "4a"));
	assert_null(pane_link_tel("+12175550123", "12345678901"));
	assert_null(pane_link_tel("2175550123", "45"));
	assert_null(pane_link_url("mailto:", "a@b@c"));
	assert_null(pane_link_url("mailto:", "a\033]52;c;aGk=\a@x.org"));
	assert_null(pane_link_url("mailto:", "a@x.org?subject=hi"));
	assert_null(pane_link_url("mailto:", "@x.org"));
	assert_null(pane_link_url("http:", "a@x.org"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_filter_match),
		cmocka_unit_test(test_contacts_by_name),
		cmocka_unit_test(test_link_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
