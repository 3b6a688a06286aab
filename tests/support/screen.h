/* Test support: run a real program in a pseudo-terminal, read the screen. */
#ifndef SWITCHBOARD_SCREEN_H
#define SWITCHBOARD_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * One program on a pty, its output fed to a libvterm terminal emulator.
 * Created by screen_spawn, freed by screen_free. Not the curses SCREEN:
 * test files using this header should not include curses.h.
 */
struct screen;

/* Keys, sent in the encoding xterm uses for the current cursor mode. */
enum screen_key {
	SCREEN_KEY_UP,
	SCREEN_KEY_DOWN,
	SCREEN_KEY_LEFT,
	SCREEN_KEY_RIGHT,
	SCREEN_KEY_PGUP,
	SCREEN_KEY_PGDN,
	SCREEN_KEY_HOME,
	SCREEN_KEY_END,
	SCREEN_KEY_INSERT,
	SCREEN_KEY_DELETE,
	SCREEN_KEY_TAB,
	SCREEN_KEY_BTAB,	/* Shift-Tab, CSI Z */
	SCREEN_KEY_ENTER,
	SCREEN_KEY_ESC,
	SCREEN_KEY_BACKSPACE,
	SCREEN_KEY_F1,
	SCREEN_KEY_F10
};

/* What one cell shows. Colours: -1 default, 0-255 palette, else RGB. */
#define SCREEN_COLOR_DEFAULT	(-1)
#define SCREEN_COLOR_RGB(r, g, b) \
	(0x1000000 | ((r) << 16) | ((g) << 8) | (b))

struct screen_cell {
	char	text[32];	/* UTF-8, "" for an empty cell */
	int	width;		/* 1, 2 for a wide character, 0 right half */
	bool	bold;
	bool	underline;
	bool	italic;
	bool	reverse;
	int	fg;
	int	bg;
};

/*
 * Start argv[0] (a path; no PATH search) with exactly envp on a new pty of
 * rows x cols: its own session, the pty as controlling terminal and as
 * stdin/stdout/stderr. Fails the test program loudly if the pty or fork
 * fails; an exec failure shows as exit status 127. Caller frees with
 * screen_free.
 */
struct screen	*screen_spawn(const char *const argv[],
		     const char *const envp[], int rows, int cols);

/*
 * Wait up to timeout_ms for output, feed all that is available to the
 * emulator, answer the terminal's queries, and notice the program's exit.
 * Returns the number of bytes read (0 on timeout).
 */
size_t		 screen_pump(struct screen *s, int timeout_ms);

/* Bytes the program wrote to the terminal since the last mark. */
void		 screen_bytes_mark(struct screen *s);
size_t		 screen_bytes_since_mark(const struct screen *s);
/*
 * The raw bytes the program wrote since the mark (or the start), NUL
 * terminated after len; borrowed until the next pump. And whether they
 * hold needle.
 */
const char	*screen_bytes(const struct screen *s, size_t *len);
bool		 screen_bytes_contain(const struct screen *s,
		     const char *needle);

/*
 * Pump until cond(s, arg) holds (true) or timeout_ms passes (false). On
 * timeout the screen is dumped to stdout, which the test log keeps.
 */
bool		 screen_wait(struct screen *s,
		     bool (*cond)(struct screen *, void *), void *arg,
		     int timeout_ms);

/* Wait until utf8 appears anywhere on the screen, or on one row. */
bool		 screen_wait_text(struct screen *s, const char *utf8,
		     int timeout_ms);
bool		 screen_wait_row_text(struct screen *s, int row,
		     const char *utf8, int timeout_ms);

/* Wait until no output arrived for quiet_ms. Prefer waiting for text. */
bool		 screen_wait_stable(struct screen *s, int quiet_ms,
		     int timeout_ms);

/*
 * The text of one row (UTF-8, a wide character once, trailing spaces
 * trimmed), or of the whole screen with rows joined by newlines. Caller
 * frees.
 */
char		*screen_row(const struct screen *s, int row);
char		*screen_text(const struct screen *s);

/* Whether text appears on the screen; the first row holding it or -1. */
bool		 screen_contains(const struct screen *s, const char *text);
int		 screen_find_row(const struct screen *s, const char *text);

/* The cell at (row, col), zero-based; false if out of range. */
bool		 screen_cell(const struct screen *s, int row, int col,
		     struct screen_cell *cell);

/* The size of the terminal. */
void		 screen_size(const struct screen *s, int *rows, int *cols);

/* Cursor position (zero-based), visibility, alternate screen in use. */
void		 screen_cursor(const struct screen *s, int *row, int *col);
bool		 screen_cursor_visible(const struct screen *s);
bool		 screen_altscreen(const struct screen *s);

/* Send raw bytes, or one key, or Ctrl plus a letter (Ctrl-x is 0x18). */
void		 screen_send(struct screen *s, const char *bytes);
void		 screen_key(struct screen *s, enum screen_key key);
void		 screen_key_ctrl(struct screen *s, char letter);

/*
 * Wait until all output is read and the program sleeps in a system call
 * (on Linux, state S in /proc), as when it waits for input. For races a
 * signal could hit; prefer waiting for text. Dumps the screen on timeout.
 */
bool		 screen_wait_idle(struct screen *s, int timeout_ms);

/*
 * Resize the pty (the program gets SIGWINCH) and the emulator. Waits for
 * the program to be idle first (up to 2 s), so a curses program does not
 * miss the signal.
 */
void		 screen_resize(struct screen *s, int rows, int cols);

/*
 * Wait for the program to exit: its wait status (as from waitpid; use
 * WIFEXITED and friends), or -1 after killing it on timeout. All output
 * written before the exit is read into the emulator first.
 */
int		 screen_wait_exit(struct screen *s, int timeout_ms);

/* Whether the program is still running (pumps nothing). */
bool		 screen_running(struct screen *s);

/* Send sig to the program (no effect once it has exited). */
void		 screen_kill(struct screen *s, int sig);

/*
 * After the program exited: the terminal modes on the pty are those it was
 * started with, the alternate screen was left and the cursor is visible.
 */
bool		 screen_termios_restored(const struct screen *s);
bool		 screen_terminal_restored(const struct screen *s);

/* The screen in a box with row numbers, and the cursor, for test logs. */
void		 screen_dump(const struct screen *s, FILE *f);

/* Kill the program if still running, reap it, close the pty. NULL is ok. */
void		 screen_free(struct screen *s);

#endif
