/* Tests of input validation: emails, phone numbers, names and lengths. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "switchboard/util.h"
#include "switchboard/validate.h"

struct email_case {
	const char	*in;
	const char	*want;		/* normalized, or NULL: refused */
	const char	*message;	/* part of the message when refused */
};

static const struct email_case email_cases[] = {
	{ "ada@example.com", "ada@example.com", NULL },
	{ "  Ada.Lovelace@Example.COM ", "Ada.Lovelace@example.com", NULL },
	{ "o'brien+tag@mail.example.co.uk", "o'brien+tag@mail.example.co.uk",
	    NULL },
	{ "user@xn--bcher-kva.example", "user@xn--bcher-kva.example", NULL },
	{ "user@b\xc3\xbc" "cher.de", "user@b\xc3\xbc" "cher.de", NULL },
	{ "a-b_c@my-host.example.org", "a-b_c@my-host.example.org", NULL },
	{ "", NULL, "empty" },
	{ "ada.example.com", NULL, "no @" },
	{ "ada@@example.com", NULL, "more than one @" },
	{ "@example.com", NULL, "nothing before the @" },
	{ ".ada@example.com", NULL, "start or end with a dot" },
	{ "ada..l@example.com", NULL, "two dots in a row" },
	{ "\"ada l\"@example.com", NULL, "character email addresses" },
	{ "ada l@example.com", NULL, "character email addresses" },
	{ "ada@localhost", NULL, "two labels" },
	{ "ada@example..com", NULL, "empty label" },
	{ "ada@-example.com", NULL, "hyphen" },
	{ "ada@exa_mple.com", NULL, "letters, digits, hyphens" },
	{ "ada@example.123", NULL, "all digits" },
	{ "ada@exa\xff" "mple.com", NULL, "UTF-8" },
	{ "1234567890123456789012345678901234567890123456789012345678901234"
	    "5@example.com", NULL, "64 bytes" },
};

static void
test_email_table(void **state)
{
	char		out[VALIDATE_EMAIL_MAX + 1];
	struct sb_error	err;
	enum sb_status	st;
	size_t		i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(email_cases); i++) {
		const struct email_case *c = &email_cases[i];

		sb_error_clear(&err);
		st = validate_email(c->in, out, sizeof out, &err);
		if (c->want != NULL) {
			if (st != SB_OK)
				fail_msg("%s refused: %s", c->in, err.message);
			assert_string_equal(out, c->want);
			continue;
		}
		if (st != SB_INVALID)
			fail_msg("%s accepted", c->in);
		assert_string_equal(err.field, "email");
		if (strstr(err.message, c->message) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\"", c->in,
			    err.message, c->message);
	}
}

/* The length limits are 64 (local part) and 254 (whole), inclusive. */
static void
test_email_lengths(void **state)
{
	char		in[300], out[VALIDATE_EMAIL_MAX + 1];
	struct sb_error	err;
	size_t		n;

	(void)state;
	memset(in, 'a', 64);
	strcpy(in + 64, "@example.com");
	assert_int_equal(validate_email(in, out, sizeof out, &err), SB_OK);
	/* 254 bytes in all: 64 + 1 + 189 of domain in labels of 63. */
	memset(in + 65, 'b', 63);
	in[128] = '.';
	memset(in + 129, 'c', 63);
	in[192] = '.';
	memset(in + 193, 'd', 57);
	strcpy(in + 250, ".com");
	n = strlen(in);
	assert_int_equal(n, 254);
	assert_int_equal(validate_email(in, out, sizeof out, &err), SB_OK);
	strcpy(in + 250, ".coma");
	assert_int_equal(validate_email(in, out, sizeof out, &err),
	    SB_INVALID);
	assert_non_null(strstr(err.message, "254"));
}

struct phone_case {
	const char	*in;
	const char	*country;	/* default country */
	const char	*e164;		/* NULL: refused */
	const char	*ext_or_message; /* extension, or part of message */
	const char	*field;		/* field when refused */
};

static const struct phone_case phone_cases[] = {
	{ "+1 (555) 010-0199", NULL, "+15550100199", "", NULL },
	{ "(555) 010-0199", "US", "+15550100199", "", NULL },
	{ "1-555-010-0199 x123", "US", "+15550100199", "123", NULL },
	{ "613.555.0100 ext. 42", "CA", "+16135550100", "42", NULL },
	{ "020 7946 0958", "GB", "+442079460958", "", NULL },
	{ "+44 (0)20 7946 0958", "US", "+442079460958", "", NULL },
	{ "0044 20 7946 0958", "DE", "+442079460958", "", NULL },
	{ "030 1234567", "DE", "+49301234567", "", NULL },
	{ "01 23 45 67 89", "FR", "+33123456789", "", NULL },
	{ "912 345 678", "ES", "+34912345678", "", NULL },
	{ "06 1234 5678", "IT", "+390612345678", "", NULL },
	{ "+39 06 1234 5678", NULL, "+390612345678", "", NULL },
	{ "020-123 4567", "NL", "+31201234567", "", NULL },
	{ "08-123 456 78", "SE", "+46812345678", "", NULL },
	{ "044 668 18 00", "CH", "+41446681800", "", NULL },
	{ "(02) 9876 5432", "AU", "+61298765432", "", NULL },
	{ "03-1234-5678", "JP", "+81312345678", "", NULL },
	{ "010 1234 5678", "CN", "+861012345678", "", NULL },
	{ "010-1234-5678", "KR", "+821012345678", "", NULL },
	{ "098765 43210", "IN", "+919876543210", "", NULL },
	{ "(11) 91234-5678", "BR", "+5511912345678", "", NULL },
	{ "03-123-4567", "IL", "+97231234567", "", NULL },
	{ "04 123 4567", "AE", "+97141234567", "", NULL },
	{ "024 3825 1234", "VN", "+842438251234", "", NULL },
	{ "55 1234 5678", "MX", "+525512345678", "", NULL },
	{ "+81 3 1234 5678 extension 7", "GB", "+81312345678", "7", NULL },
	{ "+7 495 123 45 67", NULL, "+74951234567", "", NULL },
	{ "555 0100", NULL, NULL, "no country code", "phone" },
	{ "555 0100", "ZZ", NULL, "unknown default country", "phone" },
	{ "1-800-FLOWERS", "US", NULL, "letters", "phone" },
	{ "555 010 0199 x", "US", NULL, "digits only", "extension" },
	{ "555 010 0199 x12345678901", "US", NULL, "at most 10",
	    "extension" },
	{ "555 010 019", "US", NULL, "has 10 digits after +1", "phone" },
	{ "020 7946 09581234", "GB", NULL, "9 to 10 digits", "phone" },
	{ "+44 020 7946 0958", NULL, NULL, "trunk prefix 0", "phone" },
	{ "+0 123 4567", NULL, NULL, "cannot start with 0", "phone" },
	{ "+1 555 01", NULL, NULL, "7 to 15 digits", "phone" },
	{ "+999 1234 5678 9012 34", NULL, NULL, "7 to 15", "phone" },
	{ "555+0100", "US", NULL, "+ may only start", "phone" },
	{ "555_010_0199", "US", NULL, "only digits", "phone" },
	{ "   ", "US", NULL, "empty", "phone" },
};

static void
test_phone_table(void **state)
{
	struct validate_phone	ph;
	struct sb_error		err;
	enum sb_status		st;
	size_t			i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(phone_cases); i++) {
		const struct phone_case *c = &phone_cases[i];

		sb_error_clear(&err);
		st = validate_phone(c->in, c->country, &ph, &err);
		if (c->e164 != NULL) {
			if (st != SB_OK)
				fail_msg("%s (%s) refused: %s", c->in,
				    c->country, err.message);
			if (strcmp(ph.e164, c->e164) != 0)
				fail_msg("%s (%s): %s, wanted %s", c->in,
				    c->country, ph.e164, c->e164);
			assert_string_equal(ph.extension, c->ext_or_message);
			continue;
		}
		if (st != SB_INVALID)
			fail_msg("%s (%s) accepted as %s", c->in, c->country,
			    ph.e164);
		if (strcmp(err.field, c->field) != 0)
			fail_msg("%s: field %s, wanted %s", c->in, err.field,
			    c->field);
		if (strstr(err.message, c->ext_or_message) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\"", c->in,
			    err.message, c->ext_or_message);
	}
}

/* The number keeps its typed form, without the extension. */
static void
test_phone_number_text(void **state)
{
	struct validate_phone	ph;
	struct sb_error		err;

	(void)state;
	assert_int_equal(validate_phone(" 1-555-010-0199, ext 9 ", "US", &ph,
	    &err), SB_OK);
	assert_string_equal(ph.number, "1-555-010-0199");
	assert_string_equal(ph.extension, "9");
	assert_non_null(ph.country);
	assert_string_equal(ph.country->code, "1");
	assert_ptr_equal(validate_country_find("gb"),
	    validate_country_find("GB"));
	assert_null(validate_country_find("XX"));
}

static void
test_contact_name(void **state)
{
	char		long_name[VALIDATE_NAME_MAX * 2 + 2];
	struct sb_error	err;

	(void)state;
	assert_int_equal(validate_contact_name("Ada", NULL, &err), SB_OK);
	assert_int_equal(validate_contact_name(NULL, "Lovelace", &err), SB_OK);
	assert_int_equal(validate_contact_name("  ", " \t", &err),
	    SB_INVALID);
	assert_string_equal(err.field, "first_name");
	assert_non_null(strstr(err.message, "first or a last name"));
	assert_int_equal(validate_contact_name(NULL, NULL, &err), SB_INVALID);
	/* 100 characters of two bytes each pass; 101 do not. */
	memset(long_name, 0, sizeof long_name);
	for (size_t i = 0; i < VALIDATE_NAME_MAX; i++)
		memcpy(long_name + 2 * i, "\xc3\xa9", 2);
	assert_int_equal(validate_contact_name("Ada", long_name, &err), SB_OK);
	memcpy(long_name + 2 * VALIDATE_NAME_MAX, "x", 2);
	assert_int_equal(validate_contact_name("Ada", long_name, &err),
	    SB_INVALID);
	assert_string_equal(err.field, "last_name");
	assert_non_null(strstr(err.message, "101 characters"));
	assert_int_equal(validate_contact_name("\xc3(", NULL, &err),
	    SB_INVALID);
	assert_non_null(strstr(err.message, "UTF-8"));
}

static void
test_text(void **state)
{
	struct sb_error	err;

	(void)state;
	assert_int_equal(validate_text("name", "  ", 200, 1, &err),
	    SB_INVALID);
	assert_string_equal(err.field, "name");
	assert_int_equal(validate_text("title", NULL, 100, 0, &err), SB_OK);
	assert_int_equal(validate_utf8_length("a\xe2\x82\xac"), 2);
	assert_int_equal(validate_utf8_length("\xed\xa0\x80"), -1);
	assert_int_equal(validate_utf8_length("\xc0\xaf"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_table),
		cmocka_unit_test(test_email_lengths),
		cmocka_unit_test(test_phone_table),
		cmocka_unit_test(test_phone_number_text),
		cmocka_unit_test(test_contact_name),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
