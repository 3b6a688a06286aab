/* Screen tests: the real program in a pseudo-terminal on a test server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"
#include "screen.h"
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

static struct testdb	*tdb;
static PGconn		*admin;
static char		*program;
static char		 env_host[512], env_port[32], env_home[512];
static char		 env_xdg[600] = "XDG_CONFIG_HOME=/nonexistent";

static char *
sql1(const char *sql, const char *a, const char *b)
{
	if (b == NULL)
		return testsql_value(admin, sql, a, NULL);
	return testsql_value(admin, sql, a, b, NULL);
}

static void
fixture_load(void)
{
	char	*muller, *acme, *anna, *bob, *evil, *wide, *dana;

	muller = sql1("SELECT sb.organization_create($1, $2)",
	    "Müller Logistik", "provider");
	acme = sql1("SELECT sb.organization_create($1, $2)",
	    "Acme Partners", "partner");
	free(sql1("SELECT sb.organization_create($1, $2)", "Zeta Platform",
	    "platform"));
	anna = sql1("SELECT sb.contact_create($1, $2)", "Anna", "Schmidt");
	bob = sql1("SELECT sb.contact_create($1, $2)", "Bob", "Jones");
	/* Hostile names: a title change, OSC 52, clear screen, bidi. */
	evil = sql1("SELECT sb.contact_create($1, $2)",
	    "Eve\033]0;PWNED\a\033]52;c;aGk=\a", "Evil\033[2J\342\200\256x");
	wide = sql1("SELECT sb.contact_create($1, $2)",
	    "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字",
	    "Wideperson");
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'admin')",
	    acme, anna));
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'emergency')",
	    muller, anna));
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'technical')",
	    muller, bob));
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'billing')",
	    muller, evil));
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'billing')",
	    muller, wide));
	free(sql1("SELECT sb.contact_phone_add($1, '+1 (555) 123-4567', "
	    "'mobile', make_primary => true)", anna, NULL));
	free(sql1("SELECT sb.contact_email_add($1, 'anna@example.com')",
	    anna, NULL));
	free(sql1("SELECT sb.contact_email_add($1, 'anna.work@example.org')",
	    anna, NULL));
	dana = sql1("SELECT sb.contact_create($1, $2)", "Dana", "Dial");
	free(sql1("SELECT sb.contact_phone_add($1, '020 7946 0958', 'office',"
	    " e164 => '+442079460958')", dana, NULL));
	free(sql1("SELECT sb.contact_phone_add($1, '+1 217 555 0123', 'fax',"
	    " extension => '45')", dana, NULL));
	/* Rows as older versions stored them, past today's entry checks. */
	free(sql1("SELECT sb.contact_phone_link($1, sb.entity_create('phone',"
	    " jsonb_build_object('number', '+1 217 555 0100', 'e164',"
	    " '+19005550199', 'type', 'mobile', 'sms_capable', false)))",
	    dana, NULL));
	free(sql1("SELECT sb.append_event(gen_random_uuid(), 'contact', $1,"
	    " NULL, 'contact.email.added', jsonb_build_object('email_id',"
	    " gen_random_uuid(), 'after', jsonb_build_object('address',"
	    " $2::text, 'type', 'work', 'is_primary', false)))", dana,
	    "dana\033]0;PWNED\a\033[2J@evil.example"));
	free(muller);
	free(acme);
	free(anna);
	free(bob);
	free(evil);
	free(wide);
	free(dana);
}

static int
setup(void **state)
{
	char		*ci;
	const char	*top = getenv("SB_TOP_BUILDDIR"), *s;

	(void)state;
	tdb = testdb_start_migrated(&admin);
	fixture_load();
	ci = testdb_conninfo(tdb, CLUSTER_SUPERUSER);
	s = strstr(ci, "port=");
	assert_non_null(s);
	snprintf(env_port, sizeof env_port, "PGPORT=%d", atoi(s + 5));
	free(ci);
	snprintf(env_host, sizeof env_host, "PGHOST=%s", testdb_host(tdb));
	snprintf(env_home, sizeof env_home, "HOME=%s", testdb_host(tdb));
	program = util_path_join(top != NULL ? top : ".", "switchboard");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(program);
	PQfinish(admin);
	testdb_stop(tdb);
	return 0;
}

/* Start the program; extra is one more environment entry or NULL. */
static struct screen *
start(int rows, int cols, const char *term, const char *lang,
    const char *extra)
{
	const char *const	argv[] = { program, NULL };
	char			t[64], l[64];
	const char		*envp[] = { env_host, env_port,
	    "PGDATABASE=" CLUSTER_DATABASE, "PGUSER=" CLUSTER_SUPERUSER,
	    env_home, t, l, env_xdg, extra, NULL };

	snprintf(t, sizeof t, "TERM=%s", term);
	snprintf(l, sizeof l, "LC_ALL=%s", lang);
	return screen_spawn(argv, envp, rows, cols);
}

static void
quit(struct screen *s)
{
	int	status;

	screen_send(s, "q");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(screen_terminal_restored(s));
	assert_true(screen_termios_restored(s));
	screen_free(s);
}

static bool
bytes_have(struct screen *s, void *arg)
{
	return screen_bytes_contain(s, arg);
}

#define WAIT_BYTES(s, t) do {						\
	if (!screen_wait((s), bytes_have, (void *)(t), WAIT_MS))	\
		fail_msg("never saw the bytes \"%s\"", (t) + 1);	\
} while (0)

/* Decode base64 (no checks beyond the alphabet); caller frees. */
static char *
base64_decode(const char *in, size_t n)
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char			*out = xcalloc(1, n + 1), *o = out;
	unsigned int		 v = 0;
	int			 bits = 0;
	const char		*p;
	size_t			 i;

	for (i = 0; i < n && in[i] != '='; i++) {
		if ((p = strchr(b64, in[i])) == NULL || in[i] == '\0')
			break;
		v = v << 6 | (unsigned int)(p - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*o++ = (char)(v >> bits & 0xff);
		}
	}
	return out;
}

/* The text of the OSC 52 sequence in the output since the mark. */
static char *
osc52_text(struct screen *s)
{
	size_t		 len;
	const char	*raw = screen_bytes(s, &len), *b, *e;

	b = strstr(raw, "\033]52;c;");
	assert_non_null(b);
	b += 7;
	e = b + strcspn(b, "\a\033");
	return base64_decode(b, (size_t)(e - b));
}

/* Every OSC 8 in the output opens a tel: or mailto: link or closes one. */
static bool
osc8_only_links(struct screen *s)
{
	size_t		 len;
	const char	*p = screen_bytes(s, &len);

	while ((p = strstr(p, "\033]8;;")) != NULL) {
		p += 5;
		if (strncmp(p, "tel:+", 5) != 0 &&
		    strncmp(p, "mailto:", 7) != 0 &&
		    strncmp(p, "\033\\", 2) != 0)
			return false;
	}
	return true;
}

/* Select the details line showing text: first line, then down. */
static void
select_detail_line(struct screen *s, const char *text)
{
	int	row = screen_find_row(s, text), i;

	assert_true(row >= 2);
	screen_send(s, "g");
	for (i = 2; i < row; i++)
		screen_send(s, "j");
}

static void
test_copy_and_links(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);
	char		*text;

	(void)state;
	WAIT_TEXT(s, "Anna Schmidt");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "anna.work@example.org");
	WAIT_BYTES(s, "\033]8;;mailto:anna.work@example.org\033\\");
	WAIT_BYTES(s, "\033]8;;tel:+15551234567\033\\");
	assert_true(osc8_only_links(s));
	/* Nothing reaches the clipboard before a key asks for it. */
	assert_false(screen_bytes_contain(s, "\033]52"));
	/* The selected email, not the primary one. */
	select_detail_line(s, "anna.work@example.org");
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_bytes_mark(s);
	screen_send(s, "y");
	WAIT_BYTES(s, "\033]52;c;");
	WAIT_TEXT(s, "Copied email anna.work@example.org");
	text = osc52_text(s);
	assert_string_equal(text, "anna.work@example.org");
	free(text);
	/* A message lasts until the next key. */
	screen_send(s, "k");
	if (!screen_wait(s, testdemo_gone, "Copied email", WAIT_MS))
		fail_msg("the message stayed after the next key");
	/* The phone goes as its E.164 number. */
	select_detail_line(s, "+1 (555) 123-4567");
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_bytes_mark(s);
	screen_send(s, "c");
	WAIT_BYTES(s, "\033]52;c;");
	text = osc52_text(s);
	assert_string_equal(text, "+15551234567");
	free(text);
	quit(s);
}

/*
 * What a phone line shows is what c copies and what its tel: link dials;
 * y copies an email as the screen shows it, never its raw bytes. Dana's
 * phones: a national number (shown in the international form it dials),
 * one with an extension, and a row written before the server derived
 * E.164 forms, whose e164 is not its number (shown first); her email
 * holds escape sequences (stored before emails were checked at entry).
 */
static void
test_shown_is_dialled(void **state)
{
	static const char *const lines[][3] = {
		{ "+44 20 7946 0958", "+442079460958",
		  "tel:+442079460958\033\\" },
		{ "+1 217 555 0123 ext. 45", "+12175550123",
		  "tel:+12175550123;ext=45\033\\" },
		{ "+19005550199 (written +1 217", "+19005550199",
		  "tel:+19005550199\033\\" },
	};
	struct screen	*s;
	char		*text, want[64];
	size_t		 i;

	(void)state;
	s = start(30, 200, "xterm-256color", "C.UTF-8", NULL);
	WAIT_TEXT(s, "Anna Schmidt");
	screen_send(s, "s");
	WAIT_TEXT(s, "Search all:");
	screen_send(s, "Dana Dial");
	WAIT_TEXT(s, "Dial");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_ENTER);
	for (i = 0; i < SB_ARRAY_LEN(lines); i++) {
		WAIT_TEXT(s, lines[i][0]);
		snprintf(want, sizeof want, "\033]8;;%s", lines[i][2]);
		WAIT_BYTES(s, want);
	}
	for (i = 0; i < SB_ARRAY_LEN(lines); i++) {
		select_detail_line(s, lines[i][0]);
		assert_true(screen_wait_idle(s, WAIT_MS));
		screen_bytes_mark(s);
		screen_send(s, "c");
		WAIT_BYTES(s, "\033]52;c;");
		text = osc52_text(s);
		assert_string_equal(text, lines[i][1]);
		free(text);
	}
	select_detail_line(s, "@evil.example");
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_bytes_mark(s);
	screen_send(s, "y");
	WAIT_BYTES(s, "\033]52;c;");
	text = osc52_text(s);
	for (i = 0; text[i] != '\0'; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			fail_msg("copied a control byte 0x%02x",
			    (unsigned char)text[i]);
	assert_non_null(strstr(text, "@evil.example"));
	assert_true(screen_find_row(s, text) >= 0);
	free(text);
	quit(s);
}

static void
test_no_links_on_vt100(void **state)
{
	struct screen	*s = start(24, 120, "vt100", "C", NULL);

	(void)state;
	WAIT_TEXT(s, "Anna Schmidt");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "anna@example.com");
	assert_true(screen_wait_idle(s, WAIT_MS));
	assert_false(screen_bytes_contain(s, "\033]8;"));
	quit(s);
}

static void
test_links_off_by_config(void **state)
{
	struct screen	*s;
	char		*dir = util_path_join(testdb_host(tdb), "cfg-nolinks");
	char		*sub = util_path_join(dir, "switchboard");
	char		*file = util_path_join(sub, "config.yaml");
	FILE		*f;

	(void)state;
	assert_int_equal(util_mkdir_p(sub, 0700), 0);
	assert_non_null(f = fopen(file, "w"));
	fputs("hyperlinks: false\nclipboard: false\n", f);
	fclose(f);
	snprintf(env_xdg, sizeof env_xdg, "XDG_CONFIG_HOME=%s", dir);
	s = start(30, 120, "xterm-256color", "C.UTF-8", NULL);
	snprintf(env_xdg, sizeof env_xdg, "XDG_CONFIG_HOME=/nonexistent");
	WAIT_TEXT(s, "Anna Schmidt");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "anna@example.com");
	screen_send(s, "y");
	WAIT_TEXT(s, "Clipboard is off");
	assert_false(screen_bytes_contain(s, "\033]8;"));
	assert_false(screen_bytes_contain(s, "\033]52"));
	quit(s);
	free(file);
	free(sub);
	free(dir);
}

static void
test_mouse(void **state)
{
	struct screen	*s;
	char		*dir = util_path_join(testdb_host(tdb), "cfg-mouse");
	char		*sub = util_path_join(dir, "switchboard");
	char		*file = util_path_join(sub, "config.yaml");
	char		 seq[64];
	FILE		*f;
	int		 row;

	(void)state;
	assert_int_equal(util_mkdir_p(sub, 0700), 0);
	assert_non_null(f = fopen(file, "w"));
	fputs("mouse: true\n", f);
	fclose(f);
	snprintf(env_xdg, sizeof env_xdg, "XDG_CONFIG_HOME=%s", dir);
	s = start(30, 120, "xterm-256color", "C.UTF-8", NULL);
	snprintf(env_xdg, sizeof env_xdg, "XDG_CONFIG_HOME=/nonexistent");
	WAIT_TEXT(s, "Anna Schmidt");
	assert_false(screen_contains(s, "Bob Jones"));
	/* Click Müller Logistik: its contacts show. */
	row = screen_find_row(s, "Müller Logistik");
	snprintf(seq, sizeof seq, "\033[<0;5;%dM\033[<0;5;%dm", row + 1,
	    row + 1);
	screen_send(s, seq);
	WAIT_TEXT(s, "Bob Jones");
	/* Click Bob in the contacts pane: his details show. */
	row = screen_find_row(s, "Bob Jones");
	snprintf(seq, sizeof seq, "\033[<0;45;%dM\033[<0;45;%dm", row + 1,
	    row + 1);
	screen_send(s, seq);
	WAIT_TEXT(s, "Name            Bob Jones");
	/* The wheel over the organizations scrolls down to Zeta. */
	screen_send(s, "\033[<65;5;4M");
	WAIT_TEXT(s, "No contacts");
	quit(s);
	free(file);
	free(sub);
	free(dir);
}

static void
test_navigation(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Müller Logistik");
	WAIT_TEXT(s, "Zeta Platform");
	/* Acme is first: its contact shows in the middle pane. */
	WAIT_TEXT(s, "Anna Schmidt");
	screen_send(s, "j");
	WAIT_TEXT(s, "Bob Jones");
	WAIT_TEXT(s, "emergency");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "g");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Details");
	screen_send(s, "G");
	screen_key(s, SCREEN_KEY_ESC);
	screen_key(s, SCREEN_KEY_ESC);
	screen_send(s, "k");
	WAIT_TEXT(s, "admin");
	quit(s);
}

static void
test_details_and_global_search(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Anna Schmidt");
	screen_send(s, "s");
	WAIT_TEXT(s, "Search all:");
	screen_send(s, "555 123 4567");
	WAIT_TEXT(s, "phone: +1 (555)");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "anna@example.com");
	WAIT_TEXT(s, "+1 (555) 123-4567");
	quit(s);
}

static void
test_pane_search_and_filters(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Zeta Platform");
	screen_send(s, "/muller");
	WAIT_TEXT(s, "Organizations /muller");
	assert_true(screen_wait(s, testdemo_gone, "Zeta Platform", WAIT_MS));
	WAIT_TEXT(s, "Bob Jones");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "2");
	WAIT_TEXT(s, "[technical]");
	WAIT_TEXT(s, "Bob Jones");
	assert_true(screen_wait(s, testdemo_gone, "Anna Schmidt", WAIT_MS));
	screen_send(s, "0");
	WAIT_TEXT(s, "Anna Schmidt");
	screen_send(s, "?");
	WAIT_TEXT(s, "Keys: main view");
	WAIT_TEXT(s, "Quit");
	screen_send(s, " ");
	WAIT_TEXT(s, "Bob Jones");
	quit(s);
}

static void
test_resize_and_narrow(void **state)
{
	struct screen	*s = start(60, 200, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "┌ Details");
	screen_resize(s, 12, 40);
	WAIT_TEXT(s, "[Organizations]");
	assert_true(screen_wait(s, testdemo_gone, "┌ Details", WAIT_MS));
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "[Contacts]");
	screen_resize(s, 8, 30);
	WAIT_TEXT(s, "Terminal too small");
	screen_resize(s, 60, 200);
	WAIT_TEXT(s, "┌ Details");
	WAIT_TEXT(s, "Zeta Platform");
	assert_true(screen_wait(s, testdemo_gone, "too small", WAIT_MS));
	quit(s);
}

static void
test_hostile_names(void **state)
{
	struct screen	*s = start(30, 240, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Müller");
	screen_send(s, "j");
	WAIT_TEXT(s, "Eve\\x1b]0;PWNED\\x07");
	WAIT_TEXT(s, "Evil\\x1b[2J\\u202ex");
	WAIT_TEXT(s, "漢字");
	/*
	 * The clear-screen did not run: the other panes are still there
	 * (curses would not redraw them after a clear it did not do itself).
	 */
	WAIT_TEXT(s, "Zeta Platform");
	WAIT_TEXT(s, "Bob Jones");
	/* On the wire: no title change, clipboard write or foreign link. */
	assert_true(screen_wait_idle(s, WAIT_MS));
	assert_false(screen_bytes_contain(s, "\033]0;"));
	assert_false(screen_bytes_contain(s, "\033]2;"));
	assert_false(screen_bytes_contain(s, "\033]52"));
	assert_false(screen_bytes_contain(s, "PWNED\a"));
	assert_true(osc8_only_links(s));
	quit(s);
}

static void
test_c_locale_vt100_no_color(void **state)
{
	struct screen	*s = start(24, 80, "vt100", "C", "NO_COLOR=1");

	(void)state;
	WAIT_TEXT(s, "M\\u00fcller Logistik");
	WAIT_TEXT(s, "[Organizations]");
	quit(s);
}

/*
 * A terminal without an alternate screen (the Linux console, a vt100)
 * keeps what was drawn after the program leaves: quitting wipes it, so
 * no status line or contact is left behind under the shell's prompt.
 */
static void
test_quit_leaves_no_trace(void **state)
{
	static const char *const terms[] = { "linux", "vt100" };
	struct screen	*s;
	size_t		 i;
	int		 status;

	(void)state;
	for (i = 0; i < 2; i++) {
		s = start(24, 80, terms[i], "C.UTF-8", NULL);
		WAIT_TEXT(s, "[Organizations]");
		assert_false(screen_altscreen(s));
		screen_send(s, "q");
		status = screen_wait_exit(s, WAIT_MS);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		if (screen_contains(s, "[Organizations]") ||
		    screen_contains(s, "Riverside")) {
			screen_dump(s, stdout);
			fail_msg("TERM=%s: the interface stayed on screen",
			    terms[i]);
		}
		assert_true(screen_termios_restored(s));
		screen_free(s);
	}
}

/* The colours on screen: the largest index used, and whether any was. */
struct colours {
	int	max;
	int	used;
	int	reverse;
};

static void
scan_colours(struct screen *s, struct colours *c)
{
	struct screen_cell	cell;
	int			rows, cols, r, k;

	memset(c, 0, sizeof *c);
	c->max = -1;
	screen_size(s, &rows, &cols);
	for (r = 0; r < rows; r++) {
		for (k = 0; k < cols; k++) {
			if (!screen_cell(s, r, k, &cell))
				continue;
			c->reverse += cell.reverse;
			if (cell.fg >= 0 || cell.bg >= 0)
				c->used++;
			if (cell.fg > c->max)
				c->max = cell.fg;
			if (cell.bg > c->max)
				c->max = cell.bg;
		}
	}
}

/* Each terminal gets only colours it has; none at all with NO_COLOR. */
static void
test_colour_depths(void **state)
{
	static const struct {
		const char	*term, *extra;
		int		 colours;
	} cases[] = {
		{ "xterm", NULL, 8 },
		{ "xterm-16color", NULL, 16 },
		{ "rxvt-unicode", NULL, 88 },
		{ "xterm-256color", NULL, 256 },
		{ "xterm-256color", "NO_COLOR=1", 0 },
	};
	struct colours	c;
	struct screen	*s;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = start(24, 100, cases[i].term, "C.UTF-8", cases[i].extra);
		WAIT_TEXT(s, "Zeta Platform");
		assert_true(screen_wait_idle(s, WAIT_MS));
		scan_colours(s, &c);
		if (cases[i].colours == 0) {
			assert_int_equal(c.used, 0);
			/* The selected row still stands out. */
			assert_true(c.reverse > 0);
		} else {
			assert_true(c.used > 0);
			assert_true(c.max < cases[i].colours);
		}
		quit(s);
	}
}

static void
test_sigterm_restores(void **state)
{
	struct screen	*s = start(24, 80, "xterm-256color", "C.UTF-8",
	    NULL);
	int		 status;

	(void)state;
	WAIT_TEXT(s, "Zeta Platform");
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_kill(s, SIGTERM);
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	assert_true(screen_terminal_restored(s));
	assert_true(screen_termios_restored(s));
	screen_free(s);
}

/*
 * A crash (here a SIGSEGV from outside) still leaves the terminal usable:
 * the handler restores it, then the signal takes its normal course.
 */
static void
test_crash_restores(void **state)
{
	const struct rlimit	 nocore = { 0, 0 };
	struct screen		*s;
	int			 status;

	(void)state;
	/* The program inherits this: no core file from the test. */
	assert_int_equal(setrlimit(RLIMIT_CORE, &nocore), 0);
	s = start(24, 80, "xterm-256color", "C.UTF-8", NULL);
	WAIT_TEXT(s, "Zeta Platform");
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_kill(s, SIGSEGV);
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
	assert_true(screen_terminal_restored(s));
	assert_true(screen_termios_restored(s));
	screen_free(s);
}

static void
test_feed_and_reconnect(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Zeta Platform");
	screen_send(s, "j");
	WAIT_TEXT(s, "Bob Jones");
	assert_true(screen_wait_idle(s, WAIT_MS));
	/* Sorts first: a selection kept by index would move to Acme. */
	free(sql1("SELECT sb.organization_create($1, $2)", "Abc Feedtest",
	    "partner"));
	if (!screen_wait_text(s, "Abc Feedtest", 1500))
		fail_msg("the change did not show within a second or so");
	assert_true(screen_wait_idle(s, WAIT_MS));
	assert_true(screen_contains(s, "Bob Jones"));
	assert_true(screen_contains(s, "Eve\\x1b"));
	testsql_exec(admin, "SELECT pg_terminate_backend(pid)"
	    " FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
	    " AND datname = 'switchboard' AND backend_type = 'client backend'");
	WAIT_TEXT(s, "Connection lost");
	WAIT_TEXT(s, "Reconnected");
	WAIT_TEXT(s, "Zeta Platform");
	/* The server itself goes away and comes back. */
	testdb_stop_server(tdb);
	WAIT_TEXT(s, "Connection lost");
	testdb_start_server(tdb);
	PQreset(admin);
	WAIT_TEXT(s, "Reconnected");
	WAIT_TEXT(s, "Zeta Platform");
	WAIT_TEXT(s, "Bob Jones");
	/* And the feed works on the new connection. */
	free(sql1("SELECT sb.organization_create($1, $2)", "Newco Feedtest",
	    "partner"));
	WAIT_TEXT(s, "Newco Feedtest");
	quit(s);
}

static void
test_paging(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);
	char		*n, title[64];

	(void)state;
	testsql_exec(admin, "SELECT sb.organization_create("
	    "'Paged ' || lpad(g::text, 3, '0'), 'partner')"
	    " FROM generate_series(1, 120) g");
	n = testsql_value(admin, "SELECT count(*) FROM sb.organizations",
	    NULL);
	snprintf(title, sizeof title, "Organizations (%s)", n);
	free(n);
	/* The first page fills the 30-row screen, no more. */
	WAIT_TEXT(s, "Organizations (30+)");
	/* A jump to the end fetches the next page (100 rows): the rest. */
	screen_send(s, "G");
	WAIT_TEXT(s, title);
	screen_send(s, "G");
	WAIT_TEXT(s, "Zeta Platform");
	WAIT_TEXT(s, "Paged 120");
	quit(s);
}

/* Directory hits come a screenful at a time too; the end fetches more. */
static void
test_hit_paging(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	testsql_exec(admin, "SELECT sb.contact_create('Pagedhit',"
	    " lpad(g::text, 3, '0')) FROM generate_series(1, 120) g");
	WAIT_TEXT(s, "Organizations (30+)");
	screen_send(s, "s");
	WAIT_TEXT(s, "Search all:");
	screen_send(s, "pagedhit");
	WAIT_TEXT(s, "Search: pagedhit (30+)");
	WAIT_TEXT(s, "Pagedhit 001");
	assert_false(screen_contains(s, "Pagedhit 031"));
	screen_key(s, SCREEN_KEY_ENTER);
	screen_send(s, "G");
	WAIT_TEXT(s, "Search: pagedhit (120)");
	screen_send(s, "G");
	WAIT_TEXT(s, "Pagedhit 120");
	quit(s);
}

/*
 * The search ignores spaces at the ends of its text: the space before
 * the next word keeps the hits and the selection; the next word searches.
 */
static void
test_hit_space_keeps_selection(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Organizations (30+)");
	screen_send(s, "s");
	WAIT_TEXT(s, "Search all:");
	screen_send(s, "pagedhit");
	WAIT_TEXT(s, "Search: pagedhit (30+)");
	assert_true(screen_wait(s, testdemo_details_of, "Pagedhit 001",
	    WAIT_MS));
	screen_key(s, SCREEN_KEY_DOWN);
	screen_key(s, SCREEN_KEY_DOWN);
	assert_true(screen_wait(s, testdemo_details_of, "Pagedhit 003",
	    WAIT_MS));
	screen_send(s, " ");
	assert_true(screen_wait_stable(s, 300, WAIT_MS));
	assert_true(testdemo_details_of(s, "Pagedhit 003"));
	WAIT_TEXT(s, "Search: pagedhit (30+)");
	screen_send(s, "1");
	WAIT_TEXT(s, "Search: pagedhit 1 (21)");
	assert_true(screen_wait(s, testdemo_details_of, "Pagedhit 100",
	    WAIT_MS));
	screen_key(s, SCREEN_KEY_ENTER);
	quit(s);
}

/* Whether the first row under the organizations' title starts with arg. */
static bool
first_org_is(struct screen *s, void *arg)
{
	char	*row;
	bool	 is;
	int	 r = screen_find_row(s, "Organizations /");

	if (r < 0)
		return false;
	row = screen_row(s, r + 1);
	is = strncmp(row + strspn(row, "│ "), arg, strlen(arg)) == 0 &&
	    strncmp(row + strspn(row, "│ ") + strlen(arg), " East", 5) != 0;
	free(row);
	return is;
}

/*
 * The organization filter puts the same name first and finds a name by
 * the starts of its words, in any order.
 */
static void
test_org_filter_ranks(void **state)
{
	static const char *const names[] = {
	    "North Imaging Center, Springfield", "Imaging Center, Springfield "
	    "East", "Imaging Center, Springfield",
	    "Harbor Imaging Center, Springfield" };
	struct screen	*s;
	size_t		 i;

	(void)state;
	for (i = 0; i < 4; i++)
		free(sql1("SELECT sb.organization_create($1, $2)", names[i],
		    "provider"));
	s = start(30, 120, "xterm-256color", "C.UTF-8", NULL);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "/Imaging Center, Springfield");
	if (!screen_wait(s, first_org_is, (void *)names[2], WAIT_MS))
		fail_msg("the same name is not first");
	screen_key(s, SCREEN_KEY_ESC);
	/* The pane is narrower than the name: its start is enough. */
	screen_send(s, "/spr harbor");
	if (!screen_wait(s, first_org_is, "Harbor Imaging Center,", WAIT_MS))
		fail_msg("\"spr harbor\" did not find %s", names[3]);
	screen_key(s, SCREEN_KEY_ESC);
	quit(s);
}

/* Whether text is on screen, lines that wrapped at the edge joined. */
static bool
wrapped_contains(struct screen *s, const char *text)
{
	char	*all = xstrdup(""), *row, *next;
	bool	 found;
	int	 rows, cols, r;

	screen_size(s, &rows, &cols);
	for (r = 0; r < rows; r++) {
		row = screen_row(s, r);
		next = xasprintf("%s%s%s", all, row,
		    (int)strlen(row) < cols ? " " : "");
		free(row);
		free(all);
		all = next;
	}
	found = strstr(all, text) != NULL;
	free(all);
	return found;
}

/*
 * A terminal that cannot move the cursor (TERM=dumb) or an unknown type
 * gets a sentence naming the reason and the line commands, not a blank
 * screen; the database is not touched.
 */
static void
test_dumb_terminal_says_why(void **state)
{
	static const char *const terms[] = { "dumb", "zz-no-such-term" };
	static const char *const why[] = { "cannot move the cursor",
	    "is not known on this machine" };
	struct screen	*s;
	size_t		 i;
	int		 status;

	(void)state;
	for (i = 0; i < 2; i++) {
		s = start(24, 80, terms[i], "C.UTF-8", NULL);
		status = screen_wait_exit(s, WAIT_MS);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 1);
		assert_true(wrapped_contains(s, why[i]));
		assert_true(wrapped_contains(s, "switchboard lookup NAME"));
		assert_false(screen_altscreen(s));
		screen_free(s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_navigation),
		cmocka_unit_test(test_details_and_global_search),
		cmocka_unit_test(test_pane_search_and_filters),
		cmocka_unit_test(test_resize_and_narrow),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_c_locale_vt100_no_color),
		cmocka_unit_test(test_quit_leaves_no_trace),
		cmocka_unit_test(test_colour_depths),
		cmocka_unit_test(test_sigterm_restores),
		cmocka_unit_test(test_crash_restores),
		cmocka_unit_test(test_copy_and_links),
		cmocka_unit_test(test_shown_is_dialled),
		cmocka_unit_test(test_no_links_on_vt100),
		cmocka_unit_test(test_links_off_by_config),
		cmocka_unit_test(test_mouse),
		cmocka_unit_test(test_feed_and_reconnect),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_hit_paging),
		cmocka_unit_test(test_hit_space_keeps_selection),
		cmocka_unit_test(test_dumb_terminal_says_why),
		cmocka_unit_test(test_org_filter_ranks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
