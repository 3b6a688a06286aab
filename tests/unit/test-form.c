/* Unit tests for the form model, conflict picks and history formatting. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/term-safe.h"

static const char *const test_methods[] = { "", "email", "phone", NULL };

static struct form *
sample_contact_form(void)
{
	struct form	*form = form_create(TERM_SAFE_UTF8);

	form_add_text(form, "first_name", "First name", FORM_RULE_NAME, 100,
	    "Ann");
	form_add_text(form, "last_name", "Last name", FORM_RULE_NAME, 100,
	    "Lee");
	form_add_text(form, "title", "Title", FORM_RULE_TEXT, 100, NULL);
	form_add_choice(form, "preferred_contact_method", "Preferred",
	    test_methods, "phone");
	form_add_bool(form, "do_not_contact", "Do not contact", false);
	form_add_text(form, "email", "Email", FORM_RULE_EMAIL, 254, "");
	form->version = 3;
	return (form);
}

static void
test_changes_only_changed_fields(void **state)
{
	struct form		*form = sample_contact_form();
	struct store_changes	 ch;

	(void)state;
	assert_false(form_changed(form));
	textfield_insert(&form_field_find(form, "first_name")->tf, "e",
	    NULL);
	form_field_find(form, "do_not_contact")->on = true;
	form_field_set(form_field_find(form, "preferred_contact_method"),
	    "");
	assert_true(form_changed(form));
	store_changes_init(&ch);
	form_changes(form, &ch);
	assert_int_equal(ch.count, 3);
	assert_non_null(strstr(ch.json, "\"first_name\": \"Anne\""));
	assert_non_null(strstr(ch.json, "\"do_not_contact\": \"true\""));
	assert_non_null(strstr(ch.json,
	    "\"preferred_contact_method\": null"));
	assert_null(strstr(ch.json, "last_name"));
	store_changes_clear(&ch);
	form_saved(form, 4);
	assert_false(form_changed(form));
	assert_int_equal(form->version, 4);
	form_free(form);
}

/* Errors sit on the field they name, with the rule's message. */
static void
test_field_checks(void **state)
{
	struct form		*form = sample_contact_form();
	struct form_field	*email = form_field_find(form, "email");
	struct sb_error		 err;

	(void)state;
	textfield_set(&email->tf, "ann@", NULL);
	assert_false(form_check_field(form, 5));
	assert_string_not_equal(email->error, "");
	textfield_set(&email->tf, "ann@example.org", NULL);
	assert_true(form_check_field(form, 5));
	assert_string_equal(email->error, "");
	/* An optional address left empty is not checked. */
	textfield_set(&email->tf, " ", NULL);
	assert_true(form_check_field(form, 5));
	/* Both names blank: the name rule fails on either. */
	textfield_set(&form->fields[0].tf, " ", NULL);
	textfield_set(&form->fields[1].tf, "", NULL);
	form->focus = 4;
	assert_false(form_check(form));
	assert_int_equal(form->focus, 0);
	assert_non_null(strstr(form->fields[0].error, "first or a last"));
	/* A server error naming a field lands next to it. */
	sb_error_clear(&err);
	sb_error_set(&err, SB_INVALID, "too long");
	sb_error_field(&err, "title");
	form_apply_error(form, &err);
	assert_string_equal(form_field_find(form, "title")->error,
	    "too long");
	assert_int_equal(form->focus, 2);
	sb_error_field(&err, "nosuch");
	form_apply_error(form, &err);
	assert_non_null(strstr(form->message, "too long"));
	form_free(form);
}

/* The command id survives failed saves and is new after a success. */
static void
test_command_id_reused_until_saved(void **state)
{
	struct form	*form = sample_contact_form();
	char		 first[STORE_UUID_LEN + 1];

	(void)state;
	strcpy(first, form_command_id(form));
	assert_int_equal(strlen(first), STORE_UUID_LEN);
	assert_string_equal(form_command_id(form), first);
	form_saved(form, 4);
	assert_string_not_equal(form_command_id(form), first);
	form_free(form);
}

static void
test_conflict_picks(void **state)
{
	struct form		*form = sample_contact_form();
	struct store_change	 chg[2] = {
		{ "first_name", "Ann", "Anna", "bob", "now" },
		{ "title", NULL, "Dr", "bob", "now" },
	};
	struct store_conflict	 k = { .changes = chg, .count = 2,
	    .seen_version = 3, .current_version = 5 };
	struct store_changes	 ch;

	(void)state;
	textfield_set(&form->fields[0].tf, "Annie", NULL);
	assert_int_equal(form_conflict_load(form, &k), 2);
	assert_true(form->fields[0].conflicted);
	assert_int_equal(form->fields[0].pick, FORM_PICK_MINE);
	assert_int_equal(form->fields[2].pick, FORM_PICK_THEIRS);
	assert_string_equal(form->fields[2].theirs, "Dr");
	form_conflict_resolve(form, k.current_version);
	assert_int_equal(form->version, 5);
	assert_string_equal(form_field_value(&form->fields[2]), "Dr");
	store_changes_init(&ch);
	form_changes(form, &ch);
	assert_int_equal(ch.count, 1);
	assert_non_null(strstr(ch.json, "\"first_name\": \"Annie\""));
	store_changes_clear(&ch);
	/* Taking theirs for a field I changed sends nothing for it. */
	textfield_set(&form->fields[0].tf, "Annie", NULL);
	assert_int_equal(form_conflict_load(form, &k), 2);
	form->fields[0].pick = FORM_PICK_THEIRS;
	form_conflict_resolve(form, 6);
	assert_string_equal(form_field_value(&form->fields[0]), "Anna");
	assert_false(form_changed(form));
	form_free(form);
}

static void
test_history_format(void **state)
{
	char	**lines;
	size_t	  n;

	(void)state;
	n = history_format("{\"after\": {\"title\": \"Dr\", \"first_name\": "
	    "\"Jos\\u00e9\"}, \"before\": {\"title\": null, \"first_name\": "
	    "\"Jose\"}}", &lines);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "title: \xe2\x80\x94 \xe2\x86\x92 Dr");
	assert_string_equal(lines[1],
	    "first_name: Jose \xe2\x86\x92 Jos\xc3\xa9");
	history_lines_free(lines, n);
	n = history_format("{\"role\": \"billing\", \"after\": {}, "
	    "\"before\": {\"is_primary\": true}}", &lines);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "role: billing");
	assert_string_equal(lines[1],
	    "is_primary: true \xe2\x86\x92 \xe2\x80\x94");
	history_lines_free(lines, n);
	n = history_format("not json", &lines);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "not json");
	history_lines_free(lines, n);
}

/*
 * JSON escapes: a surrogate pair is one character past U+FFFF; a lone
 * surrogate is no character and shows as U+FFFD.
 */
static void
test_history_format_escapes(void **state)
{
	char	**lines;
	size_t	  n;

	(void)state;
	n = history_format("{\"title\": \"\\ud83d\\ude00 \\u20ac "
	    "\\ud800x \\udc00\"}", &lines);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "title: \xf0\x9f\x98\x80 \xe2\x82\xac "
	    "\xef\xbf\xbdx \xef\xbf\xbd");
	history_lines_free(lines, n);
}

/* Undo of an update carries the before values of the changed fields. */
static void
test_undo_inverse(void **state)
{
	struct form		*form = sample_contact_form();
	struct history_undo	 u;

	(void)state;
	history_undo_init(&u);
	textfield_set(&form->fields[2].tf, "Dr", NULL);
	textfield_set(&form->fields[0].tf, "Anne", NULL);
	history_undo_set_update(&u, "c1", form, 4, "edit");
	assert_int_equal(u.kind, HISTORY_UNDO_UPDATE);
	assert_int_equal(u.version, 4);
	assert_int_equal(u.before.count, 2);
	assert_non_null(strstr(u.before.json, "\"first_name\": \"Ann\""));
	assert_non_null(strstr(u.before.json, "\"title\": null"));
	history_undo_set_link(&u, false, "o1", "c1", "billing", true,
	    "2024-01-01", NULL, "unlink");
	assert_int_equal(u.kind, HISTORY_UNDO_UNLINK);
	assert_true(u.primary);
	assert_string_equal(u.starts_on, "2024-01-01");
	assert_string_equal(u.ends_on, "");
	assert_int_equal(u.before.count, 0);
	assert_string_not_equal(u.cmd_id, u.cmd_id2);
	history_undo_clear(&u);
	assert_int_equal(u.kind, HISTORY_UNDO_NONE);
	history_undo_clear(&u);
	form_free(form);
}

/* A read-only field: its reason, and checks pass it over. */
static void
test_field_readonly(void **state)
{
	struct form	*form = sample_contact_form();

	(void)state;
	assert_null(form_readonly_reason(form));
	form_field_set(&form->fields[5], "not an email");
	assert_false(form_check(form));
	form_field_set_readonly(&form->fields[5], "owned by Acme");
	form_field_set_readonly(&form->fields[4], "owned by Acme");
	assert_string_equal(form_readonly_reason(form), "owned by Acme");
	assert_true(form_check(form));
	assert_string_equal(form->fields[5].error, "");
	form_field_set_readonly(&form->fields[5], NULL);
	assert_false(form_check(form));
	form_free(form);
}

/* A role change, then the fields in the same save: one undo of both. */
static void
test_undo_both_record(void **state)
{
	struct form		*form = sample_contact_form();
	struct history_undo	 u;

	(void)state;
	history_undo_init(&u);
	textfield_set(&form->fields[2].tf, "Dr", NULL);
	history_undo_add_update(&u, form, 5, "both");
	assert_int_equal(u.kind, HISTORY_UNDO_NONE);
	history_undo_set_role(&u, "o1", "c1", "billing", false, "admin", 9,
	    "h1", "role");
	history_undo_add_update(&u, form, 5, "both");
	assert_int_equal(u.kind, HISTORY_UNDO_BOTH);
	assert_int_equal(u.contact_version, 5);
	assert_int_equal(u.version, 9);
	assert_string_equal(u.role, "billing");
	assert_string_equal(u.role_new, "admin");
	assert_string_equal(u.holder_id, "h1");
	assert_string_equal(u.what, "both");
	assert_int_equal(u.before.count, 1);
	assert_non_null(strstr(u.before.json, "\"title\": null"));
	history_undo_clear(&u);
	form_free(form);
}

static int
setup_utf8(void **state)
{
	(void)state;
	return (setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changes_only_changed_fields),
		cmocka_unit_test(test_field_checks),
		cmocka_unit_test(test_command_id_reused_until_saved),
		cmocka_unit_test(test_conflict_picks),
		cmocka_unit_test(test_history_format),
		cmocka_unit_test(test_history_format_escapes),
		cmocka_unit_test(test_undo_inverse),
		cmocka_unit_test(test_field_readonly),
		cmocka_unit_test(test_undo_both_record),
	};

	return (cmocka_run_group_tests(tests, setup_utf8, NULL));
}
