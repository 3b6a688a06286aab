/* Mutation fuzzing of the vCard and CSV readers, for a bounded time. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "switchboard/csv.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"
#include "switchboard/vcard.h"

/* Each fuzzer runs this long unless SB_FUZZ_SECONDS says otherwise. */
#define FUZZ_SECONDS	2
#define FUZZ_MAX	(64 * 1024)

static const char *const seeds[] = {
	"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Delgado;Rosa;;;\r\nFN:Rosa Delgado\r\n"
	"EMAIL;TYPE=INTERNET;TYPE=WORK:rosa@riverside.example\r\n"
	"TEL;TYPE=CELL:+1 217-555-0245\r\nADR;TYPE=WORK:;;12 Main St;"
	"Springfield;IL;62701;US\r\nLABEL;TYPE=WORK:12 Main\\nSt\r\n"
	"END:VCARD\r\n",
	"BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows"
	"-1252:M=FCller;J=FCrgen\nFN;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=\n"
	"=C3=BCller\nTEL;WORK;FAX:+49 30 1\nEND:VCARD\n",
	"BEGIN:VCARD\nVERSION:4.0\nFN:Priya\nTEL;VALUE=uri;TYPE=\"voice,cell\""
	";PREF=1:tel:+12175550101\nADR;LABEL=\"a^nb^'c\":;;1 Rd;X;;1;US\n"
	"item1.TEL:1\nitem1.X-ABLabel:_$!<Mobile>!$_\nPHOTO;ENCODING=b:AAAA\n"
	" BBBB\nEND:VCARD\nBEGIN:VCARD\nFN:Second\nAGENT:BEGIN:VCARD\n"
	"END:VCARD\n",
};

static const char *const csv_seeds[] = {
	"Name,Given Name,E-mail 1 - Value,Phone 1 - Value\r\nRosa Delgado,"
	"Rosa,a@b.example ::: c@d.example,\"+1 217-555-0245\"\r\n",
	"\"Vorname\";\"Nachname\";\"Stra\xc3\x9f" "e\"\n\"J\";\"M\";\"Haupt"
	"str. 5\nHinterhaus\"\n\n\"A\";\"B\";\"Say \"\"hi\"\"\"\n",
	"a\tb\tc\r1\t2\t3\r",
};

/* Fragments that steer mutations towards the syntax. */
static const char *const tokens[] = {
	"BEGIN:VCARD\n", "END:VCARD\n", ":", ";", "=", ",", "\"", "\\",
	"\r\n", "\n", " ", "\t", "QUOTED-PRINTABLE", "CHARSET=UTF-16",
	"CHARSET=Windows-1252", "TYPE=", "item1.", "X-ABLabel", "=\n",
	"^n", "\xc3", "\xff", "ENCODING=b", "TEL", "ADR", "N", "LABEL=",
	"\"\"", "\r", ";;;", ",,,",
};

static uint64_t	fuzz_state = 0x9e3779b97f4a7c15ULL;

static uint32_t
fuzz_rand(void)
{
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 7;
	fuzz_state ^= fuzz_state << 17;
	return (uint32_t)(fuzz_state >> 32);
}

/* One mutation of buf (len bytes, room for FUZZ_MAX); the new length. */
static size_t
fuzz_mutate(char *buf, size_t len)
{
	size_t		 at = len > 0 ? fuzz_rand() % len : 0, n, k;
	const char	*t;

	switch (fuzz_rand() % 5) {
	case 0:				/* flip a byte */
		if (len > 0)
			buf[at] = (char)fuzz_rand();
		return len;
	case 1:				/* insert a token */
		t = tokens[fuzz_rand() % SB_ARRAY_LEN(tokens)];
		n = strlen(t);
		if (len + n >= FUZZ_MAX)
			return len;
		memmove(buf + at + n, buf + at, len - at);
		memcpy(buf + at, t, n);
		return len + n;
	case 2:				/* cut a piece */
		n = len - at > 0 ? fuzz_rand() % (len - at) % 32 : 0;
		memmove(buf + at, buf + at + n, len - at - n);
		return len - n;
	case 3:				/* repeat a piece */
		n = len - at > 0 ? fuzz_rand() % (len - at) % 64 : 0;
		if (len + n >= FUZZ_MAX)
			return len;
		memmove(buf + at + n, buf + at, len - at);
		return len + n;
	default:			/* end early */
		k = len > 0 ? fuzz_rand() % (len + 1) : 0;
		return k;
	}
}

/* Every line of written text fits 75 octets and ends in CRLF. */
static void
fuzz_check_written(const char *out)
{
	const char	*s = out, *nl;

	while (*s != '\0') {
		nl = strchr(s, '\n');
		assert_non_null(nl);
		assert_true(nl > s && nl[-1] == '\r');
		assert_true((size_t)(nl - s) <= 76);
		s = nl + 1;
	}
}

/* A card written, read back and written again gives the same text. */
static void
fuzz_check_card(const struct vcard *c)
{
	static const int	 versions[] = { 40, 30 };
	struct vcard_reader	*r;
	struct vcard_problem	 p;
	struct vcard		 back;
	char			*first, *second;
	size_t			 i;

	assert_true(validate_utf8_length(c->fn) >= 0);
	assert_true(validate_utf8_length(c->given) >= 0);
	assert_true(validate_utf8_length(c->note) >= 0);
	for (i = 0; i < c->nphones; i++)
		assert_true(validate_utf8_length(c->phones[i].value) >= 0);
	for (i = 0; i < 2; i++) {
		first = vcard_write(c, versions[i]);
		fuzz_check_written(first);
		r = vcard_reader_new(first, strlen(first));
		if (vcard_next(r, &back, &p) != 1)
			fail_msg("written card unreadable (line %ld: %s):\n%s",
			    p.line, p.reason, first);
		second = vcard_write(&back, versions[i]);
		if (strcmp(first, second) != 0)
			fail_msg("written twice differs:\n%s\n---\n%s", first,
			    second);
		vcard_clear(&back);
		vcard_reader_free(r);
		free(first);
		free(second);
	}
}

/* Read every card of buf; the reader ends, and each card holds up. */
static void
fuzz_one(const char *buf, size_t len)
{
	struct vcard_reader	*r = vcard_reader_new(buf, len);
	struct vcard_problem	 p;
	struct vcard		 c;
	size_t			 calls = 0;
	int			 rc;

	while ((rc = vcard_next(r, &c, &p)) != 0) {
		assert_true(++calls <= len + 1);
		if (rc == 1) {
			fuzz_check_card(&c);
			vcard_clear(&c);
		} else
			assert_true(p.line >= 1);
	}
	vcard_reader_free(r);
}

/*
 * Read every record of buf: the reader ends, lines only grow and stay
 * within the text's line breaks, no record is wider than allowed.
 */
static void
fuzz_csv_one(const char *buf, size_t len)
{
	struct csv_reader	*r = csv_reader_new(buf, len);
	struct csv_problem	 p;
	struct csv_row		 row;
	size_t			 calls = 0, breaks = 0, i;
	long			 last = 0, line;
	int			 rc;

	for (i = 0; i < len; i++)
		breaks += buf[i] == '\n' || (buf[i] == '\r' &&
		    (i + 1 == len || buf[i + 1] != '\n'));
	while ((rc = csv_next(r, &row, &p)) != 0) {
		assert_true(++calls <= len + 1);
		line = rc == 1 ? row.line : p.line;
		assert_true(line > last && line <= (long)breaks + 1);
		last = line;
		if (rc == 1) {
			assert_true(row.n >= 1 && row.n <= CSV_FIELDS_MAX);
			csv_row_clear(&row);
		}
	}
	csv_reader_free(r);
}

/* Mutate the seeds and feed each input to one, for the time allowed. */
static size_t
fuzz_run(const char *const *corpus, size_t n,
    void (*one)(const char *, size_t))
{
	const char	*env = getenv("SB_FUZZ_SECONDS");
	char		*buf = xmalloc(FUZZ_MAX);
	size_t		 len, runs = 0, m, mutations;
	time_t		 end = time(NULL) + (env != NULL ? atoi(env) :
	    FUZZ_SECONDS);

	while (time(NULL) < end) {
		len = strlen(corpus[runs % n]);
		memcpy(buf, corpus[runs % n], len);
		mutations = 1 + fuzz_rand() % 8;
		for (m = 0; m < mutations; m++)
			len = fuzz_mutate(buf, len);
		one(buf, len);
		runs++;
	}
	free(buf);
	print_message("%zu inputs\n", runs);
	return runs;
}

static void
fuzz_vcard(void **state)
{
	(void)state;
	assert_true(fuzz_run(seeds, SB_ARRAY_LEN(seeds), fuzz_one) > 100);
}

static void
fuzz_csv(void **state)
{
	(void)state;
	assert_true(fuzz_run(csv_seeds, SB_ARRAY_LEN(csv_seeds),
	    fuzz_csv_one) > 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fuzz_vcard),
		cmocka_unit_test(fuzz_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
