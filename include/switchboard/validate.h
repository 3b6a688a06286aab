/* Input checks that agree with the database: emails, phones, names. */
#ifndef SWITCHBOARD_VALIDATE_H
#define SWITCHBOARD_VALIDATE_H

#include <stddef.h>

#include "switchboard/error.h"

/* Limits of the schema (sql/045-baseline.sql), in characters. */
#define VALIDATE_NAME_MAX	100	/* first_name, last_name, title */
#define VALIDATE_ORG_NAME_MAX	200
#define VALIDATE_EMAIL_MAX	254	/* whole address, in bytes */
#define VALIDATE_EMAIL_LOCAL_MAX 64	/* before the @, in bytes */
#define VALIDATE_LABEL_MAX	63	/* one domain label, in bytes */
#define VALIDATE_PHONE_TEXT_MAX	50	/* the number as entered */
#define VALIDATE_EXTENSION_MAX	10	/* digits */
#define VALIDATE_E164_MAX	15	/* digits after the + */
#define VALIDATE_E164_MIN	7

/* One row of the country table: calling code and national rules. */
struct validate_country {
	const char	*iso;		/* ISO 3166-1 alpha-2, "GB" */
	const char	*code;		/* calling code digits, "44" */
	const char	*trunk;		/* national trunk prefix, "" if none */
	int		 min_digits;	/* national significant number */
	int		 max_digits;
};

/* A phone number split and normalized by validate_phone. */
struct validate_phone {
	char	e164[VALIDATE_E164_MAX + 2];		/* "+442079460958" */
	char	extension[VALIDATE_EXTENSION_MAX + 1];	/* "" if none */
	char	number[VALIDATE_PHONE_TEXT_MAX * 4 + 1];/* as entered, trimmed,
							   without extension */
	const struct validate_country *country;	/* NULL if not in the table */
};

/* The country of an ISO code (any case), or NULL. Static storage. */
const struct validate_country *validate_country_find(const char *iso);

/* The n-th country of the table (from 0), or NULL past its end. */
const struct validate_country *validate_country_nth(size_t n);

/*
 * Check an email address: local@domain, both dot-atoms; the local part is
 * ASCII atext (no quoted strings, no comments) of at most 64 bytes; the
 * domain has at least two labels of letters, digits and hyphens (not at
 * either end), at most 63 bytes each; the whole at most 254 bytes.
 * Internationalized domains are accepted as UTF-8 labels (stored as
 * typed, not converted to punycode); the last label may not be all
 * digits. On SB_OK, out (size bytes) holds the address trimmed, with an
 * ASCII domain in lower case. On failure err names field "email".
 */
enum sb_status	 validate_email(const char *in, char *out, size_t size,
		     struct sb_error *err);

/*
 * Normalize a phone number to E.164. Accepted: "+CC ...", "00CC ...", and
 * national forms (with or without the trunk prefix) of default_country
 * (ISO code, may be NULL: then the number must be international).
 * Separators: spaces, dots, dashes, slashes, parentheses; "+44 (0)20..."
 * drops the (0). An extension after "x", "ext", "ext." or "extension" is
 * split off. Letters elsewhere, too few or too many digits for the country,
 * or a trunk 0 after the country code are refused with a message naming
 * the rule; err names field "phone" (or "extension").
 */
enum sb_status	 validate_phone(const char *in, const char *default_country,
		     struct validate_phone *out, struct sb_error *err);

/*
 * A contact needs a first or a last name that is not blank after
 * trimming; each at most VALIDATE_NAME_MAX characters. Either may be NULL.
 * err names the field at fault ("first_name" when both are blank).
 */
enum sb_status	 validate_contact_name(const char *first, const char *last,
		     struct sb_error *err);

/*
 * value (NULL is fine) must be valid UTF-8 of at most max characters, and
 * not blank after trimming when required. err names field.
 */
enum sb_status	 validate_text(const char *field, const char *value,
		     size_t max, int required, struct sb_error *err);

/* Characters (code points) in valid UTF-8 s; -1 when s is not UTF-8. */
long		 validate_utf8_length(const char *s);

#endif
