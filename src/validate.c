/* Input checks that agree with the database: emails, phones, names. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "switchboard/util.h"
#include "switchboard/validate.h"

/*
 * Country calling codes with their trunk prefix and the length range of
 * the national significant number (the digits after the country code).
 * Italy keeps its leading 0 in international form, so it has no trunk.
 */
static const struct validate_country validate_countries[] = {
	{ "US", "1", "1", 10, 10 },
	{ "CA", "1", "1", 10, 10 },
	{ "GB", "44", "0", 9, 10 },
	{ "DE", "49", "0", 6, 13 },
	{ "FR", "33", "0", 9, 9 },
	{ "ES", "34", "", 9, 9 },
	{ "IT", "39", "", 6, 11 },
	{ "NL", "31", "0", 9, 9 },
	{ "SE", "46", "0", 7, 13 },
	{ "CH", "41", "0", 9, 9 },
	{ "AU", "61", "0", 9, 9 },
	{ "JP", "81", "0", 9, 10 },
	{ "CN", "86", "0", 7, 12 },
	{ "KR", "82", "0", 8, 10 },
	{ "IN", "91", "0", 10, 10 },
	{ "BR", "55", "0", 10, 11 },
	{ "IL", "972", "0", 8, 9 },
	{ "AE", "971", "0", 8, 9 },
	{ "VN", "84", "0", 9, 10 },
	{ "MX", "52", "", 10, 10 },
};

/* Extension markers, longest first so "ext" is not read as "e" + "xt". */
static const char *const validate_ext_marks[] = {
	"extension", "ext.", "ext", "x"
};

const struct validate_country *
validate_country_find(const char *iso)
{
	size_t	i;

	if (iso == NULL)
		return NULL;
	for (i = 0; i < SB_ARRAY_LEN(validate_countries); i++) {
		if (strcasecmp(validate_countries[i].iso, iso) == 0)
			return &validate_countries[i];
	}
	return NULL;
}

const struct validate_country *
validate_country_nth(size_t n)
{
	return n < SB_ARRAY_LEN(validate_countries) ? &validate_countries[n] :
	    NULL;
}

/* The country whose calling code starts digits (longest match). */
static const struct validate_country *
validate_country_by_code(const char *digits)
{
	const struct validate_country	*best = NULL;
	size_t				 i, n;

	for (i = 0; i < SB_ARRAY_LEN(validate_countries); i++) {
		n = strlen(validate_countries[i].code);
		if (strncmp(digits, validate_countries[i].code, n) == 0 &&
		    (best == NULL || n > strlen(best->code)))
			best = &validate_countries[i];
	}
	return best;
}

long
validate_utf8_length(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	long			 n = 0;
	int			 more, i;
	unsigned int		 c;

	while (*p != '\0') {
		c = *p++;
		if (c < 0x80)
			more = 0;
		else if (c >= 0xc2 && c <= 0xdf)
			more = 1, c &= 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			more = 2, c &= 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			more = 3, c &= 0x07;
		else
			return -1;
		for (i = 0; i < more; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return -1;
			c = (c << 6) | (*p & 0x3f);
		}
		if ((more == 2 && (c < 0x800 || (c >= 0xd800 &&
		    c <= 0xdfff))) || (more == 3 && (c < 0x10000 ||
		    c > 0x10ffff)))
			return -1;
		n++;
	}
	return n;
}

/* Whether s is empty or only ASCII white space. */
static int
validate_blank(const char *s)
{
	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

enum sb_status
validate_text(const char *field, const char *value, size_t max,
    int required, struct sb_error *err)
{
	long	n;

	if (value == NULL || validate_blank(value)) {
		if (!required)
			return SB_OK;
		sb_error_set(err, SB_INVALID, "%s is required", field);
		sb_error_field(err, field);
		return SB_INVALID;
	}
	n = validate_utf8_length(value);
	if (n < 0) {
		sb_error_set(err, SB_INVALID, "%s is not valid UTF-8", field);
		sb_error_field(err, field);
		return SB_INVALID;
	}
	if ((size_t)n > max) {
		sb_error_set(err, SB_INVALID, "%s is too long: %ld characters, "
		    "at most %zu", field, n, max);
		sb_error_field(err, field);
		return SB_INVALID;
	}
	return SB_OK;
}

enum sb_status
validate_contact_name(const char *first, const char *last,
    struct sb_error *err)
{
	if (validate_text("first_name", first, VALIDATE_NAME_MAX, 0, err) !=
	    SB_OK || validate_text("last_name", last, VALIDATE_NAME_MAX, 0,
	    err) != SB_OK)
		return SB_INVALID;
	if ((first == NULL || validate_blank(first)) &&
	    (last == NULL || validate_blank(last))) {
		sb_error_set(err, SB_INVALID, "a contact needs a first or a "
		    "last name");
		sb_error_field(err, "first_name");
		return SB_INVALID;
	}
	return SB_OK;
}

/* Fail with message for field; returns SB_INVALID. */
static enum sb_status
validate_fail(struct sb_error *err, const char *field, const char *msg,
    const char *hint)
{
	sb_error_set(err, SB_INVALID, "%s", msg);
	sb_error_field(err, field);
	if (hint != NULL)
		sb_error_hint(err, "%s", hint);
	return SB_INVALID;
}

/* RFC 5322 atext: letters, digits and these. */
static int
validate_is_atext(int c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c)
	    != NULL);
}

static enum sb_status
validate_email_local(const char *s, size_t n, struct sb_error *err)
{
	size_t	i;

	if (n == 0)
		return validate_fail(err, "email", "the email address has "
		    "nothing before the @", NULL);
	if (n > VALIDATE_EMAIL_LOCAL_MAX)
		return validate_fail(err, "email", "the part before the @ is "
		    "longer than 64 bytes", NULL);
	if (s[0] == '.' || s[n - 1] == '.')
		return validate_fail(err, "email", "the part before the @ "
		    "may not start or end with a dot", NULL);
	for (i = 0; i < n; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return validate_fail(err, "email", "the part before "
			    "the @ may not hold two dots in a row", NULL);
		if (s[i] != '.' && !validate_is_atext((unsigned char)s[i]))
			return validate_fail(err, "email", "the part before "
			    "the @ holds a character email addresses do not "
			    "allow", "Quoted local parts are not supported.");
	}
	return SB_OK;
}

/* One label of the domain: s[0..n). */
static enum sb_status
validate_email_label(const char *s, size_t n, int last, struct sb_error *err)
{
	size_t	i, digits = 0;

	if (n == 0)
		return validate_fail(err, "email", "the domain has an empty "
		    "label (two dots in a row, or a dot at an end)", NULL);
	if (n > VALIDATE_LABEL_MAX)
		return validate_fail(err, "email", "a domain label is longer "
		    "than 63 bytes", NULL);
	if (s[0] == '-' || s[n - 1] == '-')
		return validate_fail(err, "email", "a domain label may not "
		    "start or end with a hyphen", NULL);
	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    (unsigned char)s[i] < 0x80)
			return validate_fail(err, "email", "the domain holds "
			    "a character other than letters, digits, hyphens "
			    "and dots", NULL);
	}
	if (last && digits == n)
		return validate_fail(err, "email", "the top-level domain may "
		    "not be all digits", NULL);
	return SB_OK;
}

static enum sb_status
validate_email_domain(char *s, struct sb_error *err)
{
	char	*dot, *p;
	int	 labels = 0;

	for (p = s;; p = dot + 1) {
		dot = strchr(p, '.');
		if (validate_email_label(p, dot != NULL ? (size_t)(dot - p) :
		    strlen(p), dot == NULL, err) != SB_OK)
			return SB_INVALID;
		labels++;
		if (dot == NULL)
			break;
	}
	if (labels < 2)
		return validate_fail(err, "email", "the domain needs at least "
		    "two labels, as in example.com", NULL);
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x80)
			*p = tolower((unsigned char)*p);
	}
	return SB_OK;
}

enum sb_status
validate_email(const char *in, char *out, size_t size, struct sb_error *err)
{
	char	buf[VALIDATE_EMAIL_MAX + 1], *at;
	size_t	n;

	while (isspace((unsigned char)*in))
		in++;
	n = strlen(in);
	while (n > 0 && isspace((unsigned char)in[n - 1]))
		n--;
	if (n == 0)
		return validate_fail(err, "email", "the email address is empty",
		    NULL);
	if (n > VALIDATE_EMAIL_MAX)
		return validate_fail(err, "email", "the email address is "
		    "longer than 254 bytes", NULL);
	memcpy(buf, in, n);
	buf[n] = '\0';
	if (validate_utf8_length(buf) < 0)
		return validate_fail(err, "email", "the email address is not "
		    "valid UTF-8", NULL);
	at = strchr(buf, '@');
	if (at == NULL)
		return validate_fail(err, "email", "the email address has no "
		    "@", "Write it as name@example.com.");
	if (strchr(at + 1, '@') != NULL)
		return validate_fail(err, "email", "the email address has more "
		    "than one @", NULL);
	if (validate_email_local(buf, at - buf, err) != SB_OK ||
	    validate_email_domain(at + 1, err) != SB_OK)
		return SB_INVALID;
	if (n + 1 > size)
		return validate_fail(err, "email", "the email address is too "
		    "long", NULL);
	memcpy(out, buf, n + 1);
	return SB_OK;
}

/*
 * If s starts an extension ("x 12", "ext. 12"), copy its digits to ext and
 * return 1; 0 if s is not an extension; -1 (err set) if it is a bad one.
 */
static int
validate_phone_ext(const char *s, char *ext, struct sb_error *err)
{
	size_t	i, n = 0, len;

	for (i = 0; i < SB_ARRAY_LEN(validate_ext_marks); i++) {
		len = strlen(validate_ext_marks[i]);
		if (strncasecmp(s, validate_ext_marks[i], len) == 0)
			break;
	}
	if (i == SB_ARRAY_LEN(validate_ext_marks))
		return 0;
	s += len;
	while (*s == ' ' || *s == ':' || *s == '.')
		s++;
	while (isdigit((unsigned char)*s)) {
		if (n == VALIDATE_EXTENSION_MAX) {
			validate_fail(err, "extension", "an extension has at "
			    "most 10 digits", NULL);
			return -1;
		}
		ext[n++] = *s++;
	}
	ext[n] = '\0';
	while (*s == ' ')
		s++;
	if (n == 0 || *s != '\0') {
		validate_fail(err, "extension", "an extension is digits only, "
		    "as in \"x 123\" or \"ext. 123\"", NULL);
		return -1;
	}
	return 1;
}

/*
 * Collect the digits of the number (at most size - 1) and split off the
 * extension. *plus says whether it began with "+"; *end where the number
 * part ends in s.
 */
static enum sb_status
validate_phone_scan(const char *s, char *digits, size_t size, int *plus,
    struct validate_phone *out, size_t *end, struct sb_error *err)
{
	size_t	i, n = 0;
	int	r;

	*plus = s[0] == '+';
	for (i = *plus; s[i] != '\0'; i++) {
		if (*plus && strncmp(s + i, "(0)", 3) == 0 && n > 0) {
			i += 2;
			continue;
		}
		if (isdigit((unsigned char)s[i])) {
			if (n + 1 >= size)
				return validate_fail(err, "phone", "a phone "
				    "number has at most 15 digits", NULL);
			digits[n++] = s[i];
		} else if (isalpha((unsigned char)s[i])) {
			r = validate_phone_ext(s + i, out->extension, err);
			if (r < 0)
				return SB_INVALID;
			if (r == 0)
				return validate_fail(err, "phone", "letters are "
				    "not allowed in a phone number",
				    "Enter the digits (1-800-FLOWERS is not "
				    "converted).");
			break;
		} else if (s[i] == '+')
			return validate_fail(err, "phone", "a + may only start "
			    "the number", NULL);
		else if (strchr(" .-/(),", s[i]) == NULL)
			return validate_fail(err, "phone", "a phone number "
			    "holds only digits, spaces, dots, dashes, slashes "
			    "and parentheses", NULL);
	}
	digits[n] = '\0';
	*end = i;
	return SB_OK;
}

/* Check the national significant number nsn against country c. */
static enum sb_status
validate_phone_nsn(const struct validate_country *c, const char *nsn,
    struct sb_error *err)
{
	int	n = (int)strlen(nsn);

	char	range[32];

	if (n >= c->min_digits && n <= c->max_digits)
		return SB_OK;
	if (c->min_digits == c->max_digits)
		snprintf(range, sizeof range, "%d", c->min_digits);
	else
		snprintf(range, sizeof range, "%d to %d", c->min_digits,
		    c->max_digits);
	sb_error_set(err, SB_INVALID, "a number in %s has %s digits after "
	    "+%s%s%s, not %d", c->iso, range, c->code, *c->trunk != '\0' ?
	    " or the trunk prefix " : "", c->trunk, n);
	sb_error_field(err, "phone");
	return SB_INVALID;
}

static enum sb_status
validate_phone_intl(const char *digits, struct validate_phone *out,
    struct sb_error *err)
{
	const struct validate_country	*c;
	size_t				 n = strlen(digits);

	if (digits[0] == '0')
		return validate_fail(err, "phone", "a country code cannot "
		    "start with 0", NULL);
	if (n < VALIDATE_E164_MIN || n > VALIDATE_E164_MAX)
		return validate_fail(err, "phone", "an international number "
		    "has 7 to 15 digits", NULL);
	c = validate_country_by_code(digits);
	if (c != NULL) {
		if (strcmp(c->trunk, "0") == 0 &&
		    digits[strlen(c->code)] == '0') {
			sb_error_set(err, SB_INVALID, "the trunk prefix 0 does "
			    "not belong after +%s", c->code);
			sb_error_field(err, "phone");
			return SB_INVALID;
		}
		if (validate_phone_nsn(c, digits + strlen(c->code), err) !=
		    SB_OK)
			return SB_INVALID;
	}
	out->country = c;
	snprintf(out->e164, sizeof out->e164, "+%s", digits);
	return SB_OK;
}

static enum sb_status
validate_phone_national(const char *digits, const char *default_country,
    struct validate_phone *out, struct sb_error *err)
{
	const struct validate_country	*c;
	size_t				 t;

	if (default_country == NULL || *default_country == '\0')
		return validate_fail(err, "phone", "the number has no country "
		    "code", "Start it with + or 00, or set a default "
		    "country.");
	c = validate_country_find(default_country);
	if (c == NULL) {
		sb_error_set(err, SB_INVALID, "unknown default country for "
		    "phone numbers: %.8s", default_country);
		sb_error_field(err, "phone");
		return SB_INVALID;
	}
	t = strlen(c->trunk);
	if (t > 0 && strncmp(digits, c->trunk, t) == 0 &&
	    strlen(digits) - t >= (size_t)c->min_digits)
		digits += t;
	if (validate_phone_nsn(c, digits, err) != SB_OK)
		return SB_INVALID;
	if (strlen(c->code) + strlen(digits) > VALIDATE_E164_MAX)
		return validate_fail(err, "phone", "an international number "
		    "has at most 15 digits", NULL);
	out->country = c;
	snprintf(out->e164, sizeof out->e164, "+%s%s", c->code, digits);
	return SB_OK;
}

enum sb_status
validate_phone(const char *in, const char *default_country,
    struct validate_phone *out, struct sb_error *err)
{
	char	digits[VALIDATE_E164_MAX + 4];
	size_t	end, n;
	int	plus;

	memset(out, 0, sizeof *out);
	while (isspace((unsigned char)*in))
		in++;
	if (*in == '\0')
		return validate_fail(err, "phone", "the phone number is empty",
		    NULL);
	if (validate_utf8_length(in) < 0)
		return validate_fail(err, "phone", "the phone number is not "
		    "valid UTF-8", NULL);
	if (validate_phone_scan(in, digits, sizeof digits, &plus, out, &end,
	    err) != SB_OK)
		return SB_INVALID;
	n = end;
	while (n > 0 && strchr(" .-/,;", in[n - 1]) != NULL)
		n--;
	if (n > VALIDATE_PHONE_TEXT_MAX)
		return validate_fail(err, "phone", "the phone number is longer "
		    "than 50 characters", NULL);
	memcpy(out->number, in, n);
	out->number[n] = '\0';
	if (digits[0] == '\0')
		return validate_fail(err, "phone", "the phone number has no "
		    "digits", NULL);
	if (plus)
		return validate_phone_intl(digits, out, err);
	if (strncmp(digits, "00", 2) == 0)
		return validate_phone_intl(digits + 2, out, err);
	return validate_phone_national(digits, default_country, out, err);
}
