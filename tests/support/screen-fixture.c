/* A small curses program the screen driver's tests run on a pty. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <wchar.h>

/*
 * Row 0 shows the terminal size, redrawn on KEY_RESIZE. Row 2 shows the
 * last key as "key N: NAME" (curses' name for function keys, the character
 * for others). 'q' ends curses and exits 0; 'x' exits 3 without ending
 * curses, leaving the terminal as a crashed program would; 'h' hides the
 * cursor.
 */
static void
fixture_draw_size(void)
{
	move(0, 0);
	clrtoeol();
	printw("size %dx%d", LINES, COLS);
}

static void
fixture_draw_key(int n, int rc, wint_t wch)
{
	const char	*name;
	wchar_t		 text[2] = { (wchar_t)wch, L'\0' };

	move(2, 0);
	clrtoeol();
	printw("key %d: ", n);
	if (rc == KEY_CODE_YES)
		printw("%s", keyname((int)wch));
	else if (wch < 0x20 || wch == 0x7f) {
		name = key_name((wchar_t)wch);
		printw("%s", name != NULL ? name : "?");
	} else
		addwstr(text);
}

int
main(void)
{
	wint_t	wch;
	int	rc, n = 0;

	setlocale(LC_ALL, "");
	set_escdelay(50);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	fixture_draw_size();
	mvprintw(1, 0, "ready");
	refresh();
	for (;;) {
		rc = get_wch(&wch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
			fixture_draw_size();
			refresh();
			continue;
		}
		if (rc == OK && wch == L'q')
			break;
		if (rc == OK && wch == L'x')
			exit(3);
		if (rc == OK && wch == L'h')
			curs_set(0);
		fixture_draw_key(++n, rc, wch);
		refresh();
	}
	endwin();
	return 0;
}
