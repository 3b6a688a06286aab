/* Screen tests of names whose width terminals disagree on: emoji, jamo. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

#define ROWS	30
#define COLS	160

#define ZWJ	"\xe2\x80\x8d"
#define BORDER	"\xe2\x94\x82"

/*
 * Contacts whose first names are sequences that terminals drawing
 * grapheme clusters (tmux, kitty, WezTerm) draw narrower than curses
 * counts, each with a phone; shown is the name as it must be drawn: its
 * parts. The plain one is the row the others are measured against.
 */
static const struct {
	const char	*first, *last, *phone, *shown;
} people[] = {
	{ "\xf0\x9f\x91\xa8" ZWJ "\xf0\x9f\x91\xa9" ZWJ "\xf0\x9f\x91\xa7"
	  ZWJ "\xf0\x9f\x91\xa6", "Family", "+1 217 555 0171",
	  "\xf0\x9f\x91\xa8\xf0\x9f\x91\xa9\xf0\x9f\x91\xa7\xf0\x9f\x91\xa6"
	  " Family" },
	{ "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "Tone", "+1 217 555 0172",
	  "\xf0\x9f\x91\x8d Tone" },
	{ "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa", "Flag", "+1 217 555 0173",
	  "DE Flag" },
	{ "\xe2\x9d\xa4\xef\xb8\x8f", "Heart", "+1 217 555 0174",
	  "\xe2\x9d\xa4 Heart" },
	{ "1\xef\xb8\x8f\xe2\x83\xa3", "Keycap", "+1 217 555 0175",
	  "1\xe2\x83\xa3 Keycap" },
	{ "\xe1\x84\x80\xea\xb0\x80", "Jamo", "+1 217 555 0176",
	  "\xe1\x84\x80\\uac00 Jamo" },
	{ "Plain", "Person", "+1 217 555 0177", "Plain Person" },
};
#define PEOPLE	SB_ARRAY_LEN(people)
#define PLAIN	(PEOPLE - 1)


static int
setup(void **state)
{
	size_t	 i;
	char	*id;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return -1;
	fixture_setup(state);
	for (i = 0; i < PEOPLE; i++) {
		id = testsql_value(demo.admin,
		    "SELECT sb.contact_create($1, $2)", people[i].first,
		    people[i].last, NULL);
		free(testsql_value(demo.admin, "SELECT sb.contact_phone_add("
		    "$1, $2, 'mobile')", id, people[i].phone, NULL));
		free(id);
	}
	return 0;
}

/* Width curses counts for text: wcwidth() of each code point. */
static int
text_width(const char *text)
{
	wchar_t	buf[256];
	size_t	n = mbstowcs(buf, text, SB_ARRAY_LEN(buf));

	assert_true(n != (size_t)-1);
	return wcswidth(buf, n);
}

/* The text of one row from some column on, and each byte's column. */
struct span {
	char	text[COLS * 32 + 1];
	int	col[COLS * 32 + 1];
};

/*
 * A terminal's screen, row by row: libvterm's cells, or the lines tmux
 * captures from its own grid (columns then counted by wcwidth(), which
 * is tmux's count for everything but the clusters it joins).
 */
struct view {
	struct screen	*s;
	char		*lines[ROWS + 1];
	int		 rows;
};

/* libvterm's row from column from on: each cell's text at its column. */
static void
view_span_cells(struct screen *s, int row, int from, struct span *sp)
{
	struct screen_cell	cell;
	size_t			len = 0, n;
	int			c;

	for (c = from; c < COLS && screen_cell(s, row, c, &cell); c++) {
		if (cell.width == 0)
			continue;	/* right half of a wide character */
		if (cell.text[0] == '\0')
			strcpy(cell.text, " ");
		for (n = 0; cell.text[n] != '\0'; n++) {
			sp->text[len] = cell.text[n];
			sp->col[len++] = c;
		}
	}
	sp->text[len] = '\0';
	sp->col[len] = c;
}

/* A captured line from column from on, columns counted by wcwidth(). */
static void
view_span_line(const char *line, int from, struct span *sp)
{
	size_t	len = 0, n, i;
	int	c = 0, w;
	wchar_t	wc;

	for (; *line != '\0'; line += n) {
		n = (size_t)mbtowc(&wc, line, strlen(line));
		assert_true(n != (size_t)-1 && n > 0);
		w = wcwidth(wc);
		for (i = 0; c >= from && i < n; i++) {
			sp->text[len] = line[i];
			sp->col[len++] = c;
		}
		c += w > 0 ? w : 0;
	}
	sp->text[len] = '\0';
	sp->col[len] = c;
}

/* Row row of the view from column from on into sp. */
static void
view_span(const struct view *v, int row, int from, struct span *sp)
{
	if (v->s != NULL)
		view_span_cells(v->s, row, from, sp);
	else if (row < v->rows)
		view_span_line(v->lines[row], from, sp);
	else
		view_span_line("", from, sp);
}

/* The column where needle starts in the span, or -1. */
static int
span_find(const struct span *sp, const char *needle)
{
	const char	*at = strstr(sp->text, needle);

	return at == NULL ? -1 : sp->col[at - sp->text];
}

/* Show the view in the test log (a failed check's screen). */
static void
view_dump(const struct view *v)
{
	int	r;

	if (v->s != NULL) {
		screen_dump(v->s, stdout);
		return;
	}
	for (r = 0; r < v->rows; r++)
		printf("%2d |%s\n", r, v->lines[r]);
}

/*
 * Would a terminal that draws grapheme clusters join this text's code
 * points other than wcwidth() counts them? A ZWJ, a presentation
 * selector, a skin tone or a regional indicator drawn at all is such a
 * place (term-safe leaves ZWJs only between letters of scripts).
 */
static bool
text_joins(const char *text)
{
	static const char *const joiners[] = {
		ZWJ, "\xef\xb8\x8e", "\xef\xb8\x8f", "\xf0\x9f\x8f\xbb",
		"\xf0\x9f\x8f\xbc", "\xf0\x9f\x8f\xbd", "\xf0\x9f\x8f\xbe",
		"\xf0\x9f\x8f\xbf", "\xf0\x9f\x87",
	};
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(joiners); i++)
		if (strstr(text, joiners[i]) != NULL)
			return true;
	return false;
}

/* The column of the border that ends the span's row, or -1. */
static int
last_border(const struct span *sp)
{
	const char	*at, *last = NULL;

	for (at = sp->text; (at = strstr(at, BORDER)) != NULL; at++)
		last = at;
	if (last == NULL || last[strspn(last + 3, " ") + 3] != '\0')
		return -1;
	return sp->col[last - sp->text];
}

/*
 * Where the search hit for people[i] starts in the span (its name before
 * "phone: " and its phone), or -1.
 */
static int
hit_column(const struct span *sp, size_t i)
{
	char		 want[64];
	const char	*phone, *at, *name = NULL;

	snprintf(want, sizeof want, "phone: %s", people[i].phone);
	if ((phone = strstr(sp->text, want)) == NULL)
		return -1;
	for (at = sp->text; (at = strstr(at, people[i].shown)) != NULL &&
	    at < phone; at++)
		name = at;
	return name == NULL ? -1 : sp->col[name - sp->text];
}

/*
 * Each hit row shows its name as its parts, then its phone where the
 * name's counted width puts it, once, and the pane's border in the same
 * column as on the plain row: nothing moved, nothing stale is left; and
 * no row holds anything a clustering terminal would join.
 */
static void
assert_rows_in_step(const struct view *v)
{
	struct span	sp;
	size_t		i;
	int		row, x0 = -1, border, gap, at, n;
	const char	*p;

	for (row = 0; row < ROWS; row++) {
		view_span(v, row, 0, &sp);
		if (text_joins(sp.text)) {
			view_dump(v);
			fail_msg("row %d holds a sequence that joins", row);
		}
		if (last_border(&sp) != -1 && last_border(&sp) != COLS - 1) {
			view_dump(v);
			fail_msg("row %d ends in column %d", row,
			    last_border(&sp));
		}
		if (x0 < 0)
			x0 = hit_column(&sp, PLAIN);
	}
	if (x0 < 0) {
		view_dump(v);
		fail_msg("no plain row");
	}
	for (row = 0; row < ROWS; row++) {
		view_span(v, row, x0, &sp);
		if (hit_column(&sp, PLAIN) == x0)
			break;
	}
	border = span_find(&sp, BORDER);
	gap = span_find(&sp, people[PLAIN].phone) - x0 -
	    text_width(people[PLAIN].shown);
	assert_true(border > x0 && gap > 0);
	for (i = 0; i < PEOPLE; i++) {
		for (row = 0; row < ROWS; row++) {
			view_span(v, row, x0, &sp);
			at = span_find(&sp, people[i].phone);
			if (at >= 0 && at < border)
				break;
		}
		if (row == ROWS || strncmp(sp.text, people[i].shown,
		    strlen(people[i].shown)) != 0 ||
		    at != x0 + text_width(people[i].shown) + gap ||
		    span_find(&sp, BORDER) != border) {
			view_dump(v);
			fail_msg("the %s row is out of step", people[i].last);
		}
		for (n = 0, p = sp.text; (p = strstr(p, "555 017")) != NULL;
		    p++)
			n += sp.col[p - sp.text] < border;
		assert_int_equal(n, 1);
	}
}

/*
 * A search by phone lists the names next to their phones; the selection
 * moves down over every row and back up, and after each move the rows
 * are still in step and readable. libvterm draws each code point, as
 * curses counts, so here a sequence that a clustering terminal would
 * join shows as a ZWJ, selector, tone or indicator in a cell.
 */
static void
test_emoji_names_keep_columns(void **state)
{
	struct view	 v = { NULL, { NULL }, ROWS };
	size_t		 i;

	(void)state;
	v.s = testdemo_spawn(&demo, CLUSTER_SUPERUSER, "C.UTF-8", ROWS, COLS);
	WAIT_TEXT(v.s, "Organizations");
	screen_send(v.s, "s");
	WAIT_TEXT(v.s, "Search all:");
	screen_send(v.s, "555 017");
	WAIT_TEXT(v.s, "Plain Person");
	for (i = 0; i <= 2 * PEOPLE; i++) {
		if (i > 0)
			screen_key(v.s, i <= PEOPLE ? SCREEN_KEY_DOWN :
			    SCREEN_KEY_UP);
		assert_true(screen_wait(v.s, testdemo_gone, "Loading",
		    WAIT_MS));
		assert_true(screen_wait_idle(v.s, WAIT_MS));
		assert_rows_in_step(&v);
	}
	screen_key(v.s, SCREEN_KEY_ENTER);
	testdemo_quit(v.s);
}

/* The socket of the test's own tmux server ("" when none runs). */
static char	tmux_sock[600];

/* Run tmux with args (quoted for sh) on that socket; its output. */
static char *
tmux_run(const char *args)
{
	char	*cmd, *out = NULL;
	size_t	 size = 0;
	FILE	*p, *o;
	int	 c;

	cmd = xasprintf("env -u TMUX LC_ALL=C.UTF-8 tmux -S '%s' -f /dev/null"
	    " %s 2>&1", tmux_sock, args);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(o = open_memstream(&out, &size));
	while ((c = getc(p)) != EOF)
		putc(c, o);
	fclose(o);
	pclose(p);
	free(cmd);
	return out;
}

/* Free a captured view's lines. */
static void
view_clear(struct view *v)
{
	while (v->rows > 0)
		free(v->lines[--v->rows]);
}

/* Capture tmux's pane into v (lines owned by v). */
static void
tmux_capture(struct view *v)
{
	char	*text, *line, *save = NULL;

	view_clear(v);
	text = tmux_run("capture-pane -p");
	for (line = strtok_r(text, "\n", &save); line != NULL &&
	    v->rows <= ROWS; line = strtok_r(NULL, "\n", &save))
		v->lines[v->rows++] = xstrdup(line);
	free(text);
}

/* Does the view show text on some row? */
static bool
view_has(const struct view *v, const char *text)
{
	int	r;

	for (r = 0; r < v->rows; r++)
		if (strstr(v->lines[r], text) != NULL)
			return true;
	return false;
}

/* Is the view the same as the one before (the pane is drawn whole)? */
static bool
view_same(const struct view *v, const struct view *before)
{
	int	r;

	if (v->rows != before->rows)
		return false;
	for (r = 0; r < v->rows; r++)
		if (strcmp(v->lines[r], before->lines[r]) != 0)
			return false;
	return true;
}

/*
 * Capture until the pane shows text and two captures in a row agree;
 * dumps it and fails after WAIT_MS.
 */
static void
tmux_wait(struct view *v, const char *text)
{
	struct view	before = { NULL, { NULL }, 0 };
	int		i;

	for (i = 0; i < WAIT_MS / 50; i++) {
		tmux_capture(v);
		if (view_has(v, text) && view_same(v, &before))
			break;
		view_clear(&before);
		for (; before.rows < v->rows; before.rows++)
			before.lines[before.rows] =
			    xstrdup(v->lines[before.rows]);
		poll(NULL, 0, 50);
	}
	view_clear(&before);
	if (i == WAIT_MS / 50) {
		view_dump(v);
		fail_msg("tmux never showed \"%s\"", text);
	}
}

static int
tmux_teardown(void **state)
{
	(void)state;
	if (tmux_sock[0] != '\0')
		free(tmux_run("kill-server"));
	tmux_sock[0] = '\0';
	return 0;
}

/*
 * The same inside tmux, which joins a ZWJ sequence into one 2-cell glyph
 * (where the report came from: a phone drawn over itself). Read from
 * tmux's own grid, every row must be as curses drew it. Skipped without
 * tmux.
 */
static void
test_emoji_names_in_tmux(void **state)
{
	struct view	 v = { NULL, { NULL }, 0 };
	char		*cmd, want[64];
	int		 order[PEOPLE], n = 0, r, k, pos;
	size_t		 i;

	(void)state;
	if (system("tmux -V >/dev/null 2>&1") != 0)
		skip();
	snprintf(tmux_sock, sizeof tmux_sock, "%s/tmux",
	    testdb_host(demo.tdb));
	cmd = xasprintf("new-session -d -x %d -y %d -e '%s' -e '%s'"
	    " -e PGDATABASE=%s -e PGUSER=%s -e '%s' -e LC_ALL=C.UTF-8"
	    " -e XDG_CONFIG_HOME=/nonexistent '%s'", COLS, ROWS,
	    demo.env_host, demo.env_port, CLUSTER_DATABASE,
	    CLUSTER_SUPERUSER, demo.env_home, demo.program);
	free(tmux_run(cmd));
	free(cmd);
	tmux_wait(&v, "Organizations");
	free(tmux_run("send-keys s"));
	tmux_wait(&v, "Search all:");
	free(tmux_run("send-keys -l '555 017'"));
	tmux_wait(&v, "Plain Person");
	/* The hits' order, top to bottom, to know whom each key selects. */
	for (r = 0; r < v.rows; r++) {
		for (i = 0; i < PEOPLE; i++) {
			snprintf(want, sizeof want, "phone: %s",
			    people[i].phone);
			if (strstr(v.lines[r], want) != NULL &&
			    n < (int)PEOPLE)
				order[n++] = (int)i;
		}
	}
	assert_int_equal(n, PEOPLE);
	for (k = 0; k <= 2 * (int)PEOPLE; k++) {
		if (k > 0)
			free(tmux_run(k <= (int)PEOPLE ? "send-keys Down" :
			    "send-keys Up"));
		/* Down to the last hit and once more, up past the first. */
		pos = k <= (int)PEOPLE ? k : n - 1 - (k - (int)PEOPLE);
		i = (size_t)order[pos < 0 ? 0 : pos > n - 1 ? n - 1 : pos];
		snprintf(want, sizeof want, "mobile phone      %s",
		    people[i].phone);
		tmux_wait(&v, want);
		assert_rows_in_step(&v);
	}
	free(tmux_run("send-keys Enter q"));
	view_clear(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emoji_names_keep_columns),
		cmocka_unit_test_teardown(test_emoji_names_in_tmux,
		    tmux_teardown),
	};

	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
