/* Screen tests: key screens of the demo compared with saved golden copies. */
/*
 * Each screen is kept as plain rows in tests/screen/golden/NAME.txt, one
 * line a row, trailing blanks trimmed, with the volatile fields masked
 * (golden_masks below; tests/screen/golden/README says the same). When
 * the screen differs from the file, the test prints a unified diff of the
 * rows (- the golden copy, + the screen) and fails; a layout change shows
 * as that diff. With SB_UPDATE_GOLDEN=1 the files are written instead:
 * "make golden" does that, then review the diff before committing.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"

/* Lines of context around each change in a diff. */
#define GOLDEN_CONTEXT	2

/*
 * What differs from one run to the next, each character of a match drawn
 * as '#': dates and clock times (when the demo was loaded shows as
 * "Changed"), also where a narrow column cuts a date to "26-12-05" or
 * an overlay hides its year ("-12-05)");
 * ages ("3 min ago"); the socket directory and port of the throwaway
 * server, should a screen show where it is connected.
 */
static const char *const golden_masks[] = {
	"([0-9]{2})?[0-9]{2}-[0-9]{2}-[0-9]{2}",
	"-[0-9]{2}-[0-9]{2}([^0-9]|$)",
	"[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?",
	"[0-9]+ ?(s|min|h|d) ago",
	"/tmp/[^ ]*",
	"port [0-9]+",
};

/* Replace each character of every mask's match in row with '#'. */
static void
golden_mask_row(char *row)
{
	regex_t		 re;
	regmatch_t	 m;
	size_t		 i, chars, k;
	char		*p;

	for (i = 0; i < sizeof golden_masks / sizeof golden_masks[0]; i++) {
		if (regcomp(&re, golden_masks[i], REG_EXTENDED) != 0)
			fail_msg("bad mask %s", golden_masks[i]);
		p = row;
		while (*p != '\0' && regexec(&re, p, 1, &m, 0) == 0 &&
		    m.rm_eo > m.rm_so) {
			for (chars = 0, k = m.rm_so; k < (size_t)m.rm_eo; k++)
				chars += ((unsigned char)p[k] & 0xc0) != 0x80;
			memset(p + m.rm_so, '#', chars);
			memmove(p + m.rm_so + chars, p + m.rm_eo,
			    strlen(p + m.rm_eo) + 1);
			p += m.rm_so + chars;
		}
		regfree(&re);
	}
}

/* The whole screen, masked, one line a row. Caller frees. */
static char *
golden_text(const struct screen *s)
{
	char	*text = xstrdup(""), *row, *next;
	int	 rows, cols, r;

	screen_size(s, &rows, &cols);
	for (r = 0; r < rows; r++) {
		row = screen_row(s, r);
		golden_mask_row(row);
		next = xasprintf("%s%s\n", text, row);
		free(row);
		free(text);
		text = next;
	}
	return text;
}

static char *
golden_path(const char *name)
{
	const char	*top = getenv("SB_TOP_SRCDIR");

	return xasprintf("%s/tests/screen/golden/%s.txt",
	    top != NULL ? top : ".", name);
}

/* The file's text, or NULL if it cannot be read. Caller frees. */
static char *
golden_read(const char *path)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n = -1;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	if (n < 0 || fseek(f, 0, SEEK_SET) != 0)
		fail_msg("cannot read %s", path);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s", path);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Split text (each line ending in a newline) in place; how many lines. */
static size_t
golden_lines(char *text, char ***out)
{
	size_t	 n = 0;
	char	*p;

	*out = NULL;
	for (p = text; *p != '\0'; p++) {
		*out = xreallocarray(*out, n + 1, sizeof **out);
		(*out)[n++] = p;
		p += strcspn(p, "\n");
		if (*p == '\0')
			break;
		*p = '\0';
	}
	return n;
}

/* One line of a diff: ' ' both, '-' only the golden copy, '+' the screen. */
struct golden_op {
	char		 kind;
	const char	*line;
};

/* The shortest edit from a to b, by longest common subsequence. */
static size_t
golden_edit(char **a, size_t na, char **b, size_t nb, struct golden_op *op)
{
	size_t	*len = xcalloc((na + 1) * (nb + 1), sizeof *len);
	size_t	 i, j, n = 0;

#define LEN(i, j)	len[(i) * (nb + 1) + (j)]
	for (i = na; i-- > 0;)
		for (j = nb; j-- > 0;)
			LEN(i, j) = strcmp(a[i], b[j]) == 0 ?
			    LEN(i + 1, j + 1) + 1 :
			    LEN(i + 1, j) > LEN(i, j + 1) ?
			    LEN(i + 1, j) : LEN(i, j + 1);
	for (i = 0, j = 0; i < na || j < nb;) {
		if (i < na && j < nb && strcmp(a[i], b[j]) == 0) {
			op[n++] = (struct golden_op){ ' ', a[i] };
			i++, j++;
		} else if (j == nb ||
		    (i < na && LEN(i + 1, j) >= LEN(i, j + 1)))
			op[n++] = (struct golden_op){ '-', a[i++] };
		else
			op[n++] = (struct golden_op){ '+', b[j++] };
	}
#undef LEN
	free(len);
	return n;
}

/* Print hunk [start, end) of op; at[k] is where op k stands in a and b. */
static void
golden_hunk(FILE *f, const struct golden_op *op, const size_t (*at)[2],
    size_t start, size_t end)
{
	size_t	k, ca = 0, cb = 0;

	for (k = start; k < end; k++) {
		ca += op[k].kind != '+';
		cb += op[k].kind != '-';
	}
	fprintf(f, "@@ -%zu,%zu +%zu,%zu @@\n", at[start][0] + 1, ca,
	    at[start][1] + 1, cb);
	for (k = start; k < end; k++)
		fprintf(f, "%c%s\n", op[k].kind, op[k].line);
}

/* Print the changes from want to got as unified diff hunks. */
static void
golden_diff(FILE *f, const char *path, const char *want, const char *got)
{
	char			*wc = xstrdup(want), *gc = xstrdup(got);
	char			**a, **b;
	size_t			 na, nb, nop, k, start, last, (*at)[2];
	struct golden_op	*op;

	na = golden_lines(wc, &a);
	nb = golden_lines(gc, &b);
	op = xcalloc(na + nb + 1, sizeof *op);
	at = xcalloc(na + nb + 1, sizeof *at);
	nop = golden_edit(a, na, b, nb, op);
	for (k = 0; k < nop; k++) {
		at[k + 1][0] = at[k][0] + (op[k].kind != '+');
		at[k + 1][1] = at[k][1] + (op[k].kind != '-');
	}
	fprintf(f, "--- %s\n+++ the screen\n", path);
	for (k = 0; k < nop; k++) {
		if (op[k].kind == ' ')
			continue;
		start = k > GOLDEN_CONTEXT ? k - GOLDEN_CONTEXT : 0;
		/* Changes closer than two contexts share a hunk. */
		for (last = k; k < nop && k - last <= 2 * GOLDEN_CONTEXT; k++)
			if (op[k].kind != ' ')
				last = k;
		k = last + GOLDEN_CONTEXT + 1 < nop ?
		    last + GOLDEN_CONTEXT + 1 : nop;
		golden_hunk(f, op, (const size_t (*)[2])at, start, k);
	}
	free(at);
	free(op);
	free(a);
	free(b);
	free(wc);
	free(gc);
}

/* A screen_wait condition: the masked screen equals the golden text. */
static bool
golden_same(struct screen *s, void *want)
{
	char	*got = golden_text(s);
	bool	 same = strcmp(got, want) == 0;

	free(got);
	return same;
}

/*
 * Compare the screen, once drawn, with the golden file of name; or write
 * the file when SB_UPDATE_GOLDEN is set.
 */
static void
golden_check(struct screen *s, const char *name)
{
	char	*path = golden_path(name), *want, *got;
	FILE	*f;

	if (getenv("SB_UPDATE_GOLDEN") != NULL) {
		/* Drawn: the tests waited for its last text; now quiet. */
		assert_true(screen_wait_stable(s, 500, WAIT_MS));
		got = golden_text(s);
		if ((f = fopen(path, "wb")) == NULL ||
		    fputs(got, f) == EOF || fclose(f) != 0)
			fail_msg("cannot write %s", path);
		printf("wrote %s\n", path);
		free(got);
		free(path);
		return;
	}
	if ((want = golden_read(path)) == NULL)
		fail_msg("no %s: make golden writes it", path);
	if (!screen_wait(s, golden_same, want, WAIT_MS)) {
		got = golden_text(s);
		golden_diff(stdout, path, want, got);
		free(got);
		fail_msg("the screen differs from %s (make golden rewrites "
		    "it)", path);
	}
	free(want);
	free(path);
}

/* Three panes at 120x40: Riverside Health's contacts, the first shown. */
static void
test_three_panes(void **state)
{
	struct screen	*s;

	(void)state;
	s = testdemo_open_org(&demo, DEMO_ROLE_PROVIDER, NULL, 40, 120);
	golden_check(s, "three-panes-120x40");
	testdemo_quit(s);
}

/* One pane at a time at 80x24: the contacts of Riverside Health. */
static void
test_single_pane(void **state)
{
	struct screen	*s;

	(void)state;
	s = testdemo_choose_org(&demo, DEMO_ROLE_PROVIDER, NULL, 24, 80);
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "[Contacts]");
	WAIT_TEXT(s, "Rosa Delgado");
	golden_check(s, "single-pane-80x24");
	testdemo_quit(s);
}

/* The form of the first contact of Riverside Health, at 120x40. */
static void
test_contact_form(void **state)
{
	struct screen	*s;

	(void)state;
	s = testdemo_open_org(&demo, DEMO_ROLE_PROVIDER, NULL, 40, 120);
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	WAIT_TEXT(s, "Primary for role");
	golden_check(s, "contact-form-120x40");
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/* The emergency view of Riverside Health, at 120x40. */
static void
test_emergency(void **state)
{
	struct screen	*s;

	(void)state;
	s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER, "C.UTF-8", 40, 120);
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts: 4");
	WAIT_TEXT(s, "Omar Haddad");
	golden_check(s, "emergency-120x40");
	screen_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_panes),
		cmocka_unit_test(test_single_pane),
		cmocka_unit_test(test_contact_form),
		cmocka_unit_test(test_emergency),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
