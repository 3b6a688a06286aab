/* Test support: a program on a pty, its screen emulated by libvterm. */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#include "switchboard/util.h"
#include "screen.h"

/* Without a pidfd, poll in slices this long so an exit is noticed. */
#define SCREEN_EXIT_SLICE_MS	10
/*
 * How long a wait sleeps between looks at its condition when the program
 * draws nothing: a condition may be about the server, not the screen.
 */
#define SCREEN_POLL_SLICE_MS	50

/* How often to look whether the program sleeps, and how long at most. */
#define SCREEN_IDLE_SLICE_MS	5
#define SCREEN_IDLE_RESIZE_MS	2000

struct screen {
	VTerm		*vt;
	VTermScreen	*vs;
	int		 master;
	int		 slave;	/* kept open: termios and no hangup */
	int		 pidfd;	/* -1 if the kernel has none */
	pid_t		 pid;
	bool		 exited;
	int		 status;
	struct termios	 orig;
	bool		 cursor_visible;
	bool		 altscreen;
	size_t		 bytes;
	size_t		 mark;
	char		*raw;	/* every byte read since the mark */
	size_t		 rawlen;
	size_t		 rawsize;
	char		*out;	/* queued for the program's input */
	size_t		 outlen;
	size_t		 outsize;
};

static long
screen_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Write what is queued for the program; keep what the pty cannot take. */
static void
screen_flush(struct screen *s)
{
	ssize_t	n;

	while (s->outlen > 0) {
		n = write(s->master, s->out, s->outlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			s->outlen = 0;	/* pty gone: nobody will read it */
			return;
		}
		memmove(s->out, s->out + n, s->outlen - n);
		s->outlen -= n;
	}
}

static void
screen_queue(struct screen *s, const char *bytes, size_t len)
{
	if (s->outlen + len > s->outsize) {
		s->outsize = (s->outlen + len) * 2;
		s->out = xreallocarray(s->out, 1, s->outsize);
	}
	memcpy(s->out + s->outlen, bytes, len);
	s->outlen += len;
	screen_flush(s);
}

/* libvterm's answers to queries (DA, DSR) and encoded keys. */
static void
screen_on_output(const char *bytes, size_t len, void *arg)
{
	screen_queue(arg, bytes, len);
}

static int
screen_on_termprop(VTermProp prop, VTermValue *val, void *arg)
{
	struct screen	*s = arg;

	if (prop == VTERM_PROP_CURSORVISIBLE)
		s->cursor_visible = val->boolean;
	else if (prop == VTERM_PROP_ALTSCREEN)
		s->altscreen = val->boolean;
	return 1;
}

static const VTermScreenCallbacks screen_callbacks = {
	.settermprop = screen_on_termprop,
};

static void
screen_open_pty(struct screen *s, int rows, int cols)
{
	struct winsize	ws;
	char		name[128];

	s->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s->master < 0 || grantpt(s->master) != 0 ||
	    unlockpt(s->master) != 0 ||
	    ptsname_r(s->master, name, sizeof name) != 0)
		fatal("screen: pty: %s", strerror(errno));
	s->slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s->slave < 0)
		fatal("screen: open %s: %s", name, strerror(errno));
	/* As xterm does in a UTF-8 locale. */
	if (tcgetattr(s->slave, &s->orig) != 0)
		fatal("screen: tcgetattr: %s", strerror(errno));
	s->orig.c_iflag |= IUTF8;
	if (tcsetattr(s->slave, TCSANOW, &s->orig) != 0 ||
	    tcgetattr(s->slave, &s->orig) != 0)
		fatal("screen: tcsetattr: %s", strerror(errno));
	memset(&ws, 0, sizeof ws);
	ws.ws_row = rows;
	ws.ws_col = cols;
	if (ioctl(s->master, TIOCSWINSZ, &ws) != 0)
		fatal("screen: TIOCSWINSZ: %s", strerror(errno));
	if (fcntl(s->master, F_SETFL,
	    fcntl(s->master, F_GETFL) | O_NONBLOCK) != 0)
		fatal("screen: O_NONBLOCK: %s", strerror(errno));
}

static void
screen_open_vterm(struct screen *s, int rows, int cols)
{
	s->vt = vterm_new(rows, cols);
	if (s->vt == NULL)
		fatal("screen: vterm_new failed");
	vterm_set_utf8(s->vt, 1);
	vterm_output_set_callback(s->vt, screen_on_output, s);
	s->vs = vterm_obtain_screen(s->vt);
	vterm_screen_enable_altscreen(s->vs, 1);
	vterm_screen_set_callbacks(s->vs, &screen_callbacks, s);
	s->cursor_visible = true;
	vterm_screen_reset(s->vs, 1);
}

/* In the child: only async-signal-safe calls until exec. */
static void __attribute__((noreturn))
screen_exec_child(struct screen *s, const char *const argv[],
    const char *const envp[])
{
	static const char	 msg[] = "screen: exec failed\r\n";
	struct sigaction	 sa;
	sigset_t		 none;
	int			 sig;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	if (setsid() < 0 || ioctl(s->slave, TIOCSCTTY, 0) != 0)
		_exit(126);
	if (dup2(s->slave, 0) < 0 || dup2(s->slave, 1) < 0 ||
	    dup2(s->slave, 2) < 0)
		_exit(126);
	execve(argv[0], (char *const *)argv, (char *const *)envp);
	(void)!write(2, msg, sizeof msg - 1);
	_exit(127);
}

struct screen *
screen_spawn(const char *const argv[], const char *const envp[], int rows,
    int cols)
{
	struct screen	*s;

	s = xcalloc(1, sizeof *s);
	screen_open_pty(s, rows, cols);
	screen_open_vterm(s, rows, cols);
	fflush(NULL);
	s->pid = fork();
	if (s->pid < 0)
		fatal("screen: fork: %s", strerror(errno));
	if (s->pid == 0)
		screen_exec_child(s, argv, envp);
	s->pidfd = pidfd_open(s->pid, 0);
	return s;
}

static void
screen_reap(struct screen *s)
{
	int	status;

	if (s->exited)
		return;
	if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
		s->exited = true;
		s->status = status;
	}
}

/* Keep the raw output, for tests that look at escape sequences. */
static void
screen_record(struct screen *s, const char *buf, size_t n)
{
	if (s->rawlen + n + 1 > s->rawsize) {
		s->rawsize = (s->rawlen + n + 1) * 2;
		s->raw = xreallocarray(s->raw, s->rawsize, 1);
	}
	memcpy(s->raw + s->rawlen, buf, n);
	s->rawlen += n;
	s->raw[s->rawlen] = '\0';
}

/* Read everything available now into the emulator. */
static size_t
screen_read_all(struct screen *s)
{
	char	buf[4096];
	size_t	got = 0;
	ssize_t	n;

	for (;;) {
		n = read(s->master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
		screen_record(s, buf, (size_t)n);
		vterm_input_write(s->vt, buf, n);
	}
	s->bytes += got;
	vterm_screen_flush_damage(s->vs);
	return got;
}

size_t
screen_pump(struct screen *s, int timeout_ms)
{
	struct pollfd	pfd[2];
	nfds_t		nfd = 1;

	screen_flush(s);
	pfd[0].fd = s->master;
	pfd[0].events = POLLIN | (s->outlen > 0 ? POLLOUT : 0);
	if (!s->exited && s->pidfd >= 0) {
		pfd[1].fd = s->pidfd;
		pfd[1].events = POLLIN;
		nfd = 2;
	} else if (!s->exited && timeout_ms > SCREEN_EXIT_SLICE_MS)
		timeout_ms = SCREEN_EXIT_SLICE_MS;
	if (timeout_ms < 0)
		timeout_ms = 0;
	if (poll(pfd, nfd, timeout_ms) < 0 && errno != EINTR)
		fatal("screen: poll: %s", strerror(errno));
	screen_flush(s);
	screen_reap(s);
	return screen_read_all(s);
}

void
screen_bytes_mark(struct screen *s)
{
	s->mark = s->bytes;
	s->rawlen = 0;
	if (s->raw != NULL)
		s->raw[0] = '\0';
}

const char *
screen_bytes(const struct screen *s, size_t *len)
{
	*len = s->rawlen;
	return s->raw != NULL ? s->raw : "";
}

bool
screen_bytes_contain(const struct screen *s, const char *needle)
{
	return s->raw != NULL &&
	    memmem(s->raw, s->rawlen, needle, strlen(needle)) != NULL;
}

size_t
screen_bytes_since_mark(const struct screen *s)
{
	return s->bytes - s->mark;
}

static bool
screen_wait_for(struct screen *s, bool (*cond)(struct screen *, void *),
    void *arg, int timeout_ms, const char *what)
{
	long	deadline = screen_now_ms() + timeout_ms;
	long	left;

	for (;;) {
		if (cond(s, arg))
			return true;
		left = deadline - screen_now_ms();
		if (left <= 0)
			break;
		screen_pump(s, (int)(left < SCREEN_POLL_SLICE_MS ? left :
		    SCREEN_POLL_SLICE_MS));
	}
	printf("screen: %s: not seen after %d ms\n", what, timeout_ms);
	screen_dump(s, stdout);
	fflush(stdout);
	return false;
}

bool
screen_wait(struct screen *s, bool (*cond)(struct screen *, void *),
    void *arg, int timeout_ms)
{
	return screen_wait_for(s, cond, arg, timeout_ms, "condition");
}

static bool
screen_cond_text(struct screen *s, void *arg)
{
	return screen_contains(s, arg);
}

bool
screen_wait_text(struct screen *s, const char *utf8, int timeout_ms)
{
	char	*what;
	bool	 ok;

	what = xasprintf("text \"%s\"", utf8);
	ok = screen_wait_for(s, screen_cond_text, (void *)utf8, timeout_ms,
	    what);
	free(what);
	return ok;
}

struct screen_row_want {
	int		 row;
	const char	*text;
};

static bool
screen_cond_row_text(struct screen *s, void *arg)
{
	struct screen_row_want	*want = arg;
	char			*line;
	bool			 found;

	line = screen_row(s, want->row);
	found = strstr(line, want->text) != NULL;
	free(line);
	return found;
}

bool
screen_wait_row_text(struct screen *s, int row, const char *utf8,
    int timeout_ms)
{
	struct screen_row_want	 want = { row, utf8 };
	char			*what;
	bool			 ok;

	what = xasprintf("text \"%s\" on row %d", utf8, row);
	ok = screen_wait_for(s, screen_cond_row_text, &want, timeout_ms,
	    what);
	free(what);
	return ok;
}

bool
screen_wait_stable(struct screen *s, int quiet_ms, int timeout_ms)
{
	long	now = screen_now_ms();
	long	deadline = now + timeout_ms;
	long	last = now;
	long	wait;

	while (now < deadline) {
		wait = quiet_ms - (now - last);
		if (wait <= 0)
			return true;
		if (wait > deadline - now)
			wait = deadline - now;
		if (screen_pump(s, (int)wait) > 0)
			last = screen_now_ms();
		now = screen_now_ms();
	}
	if (now - last >= quiet_ms)
		return true;
	printf("screen: output still changing after %d ms\n", timeout_ms);
	screen_dump(s, stdout);
	fflush(stdout);
	return false;
}

/* Append one code point as UTF-8; returns the bytes written (max 4). */
static size_t
screen_utf8_put(uint32_t c, char *p)
{
	if (c < 0x80) {
		p[0] = c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = 0xc0 | (c >> 6);
		p[1] = 0x80 | (c & 0x3f);
		return 2;
	}
	if (c < 0x10000) {
		p[0] = 0xe0 | (c >> 12);
		p[1] = 0x80 | ((c >> 6) & 0x3f);
		p[2] = 0x80 | (c & 0x3f);
		return 3;
	}
	p[0] = 0xf0 | (c >> 18);
	p[1] = 0x80 | ((c >> 12) & 0x3f);
	p[2] = 0x80 | ((c >> 6) & 0x3f);
	p[3] = 0x80 | (c & 0x3f);
	return 4;
}

/* The cell's characters as UTF-8 into buf (at least 32 bytes). */
static void
screen_cell_text(const VTermScreenCell *vc, char *buf)
{
	size_t	len = 0;
	int	i;

	for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && vc->chars[i] != 0; i++) {
		if (vc->chars[i] > 0x10ffff)
			break;
		len += screen_utf8_put(vc->chars[i], buf + len);
	}
	buf[len] = '\0';
}

static bool
screen_get_vcell(const struct screen *s, int row, int col,
    VTermScreenCell *vc)
{
	VTermPos	pos = { row, col };
	int		rows, cols;

	vterm_get_size(s->vt, &rows, &cols);
	if (row < 0 || row >= rows || col < 0 || col >= cols)
		return false;
	return vterm_screen_get_cell(s->vs, pos, vc) != 0;
}

/* The right half of a wide character holds no character of its own. */
static bool
screen_vcell_is_continuation(const VTermScreenCell *vc)
{
	return vc->chars[0] == (uint32_t)-1;
}

/* One row exactly cols columns wide, empty cells as spaces; caller frees. */
static char *
screen_row_padded(const struct screen *s, int row)
{
	VTermScreenCell	 vc;
	char		*line, cell[32];
	size_t		 len = 0;
	int		 rows, cols, col;

	vterm_get_size(s->vt, &rows, &cols);
	line = xmalloc((size_t)cols * sizeof cell + 1);
	for (col = 0; col < cols; col++) {
		if (!screen_get_vcell(s, row, col, &vc))
			break;
		if (screen_vcell_is_continuation(&vc))
			continue;
		screen_cell_text(&vc, cell);
		if (cell[0] == '\0')
			strcpy(cell, " ");
		memcpy(line + len, cell, strlen(cell));
		len += strlen(cell);
	}
	line[len] = '\0';
	return line;
}

char *
screen_row(const struct screen *s, int row)
{
	char	*line;
	size_t	 len;

	line = screen_row_padded(s, row);
	len = strlen(line);
	while (len > 0 && line[len - 1] == ' ')
		line[--len] = '\0';
	return line;
}

char *
screen_text(const struct screen *s)
{
	char	*text, *line, *next;
	int	 rows, cols, row;

	vterm_get_size(s->vt, &rows, &cols);
	text = xstrdup("");
	for (row = 0; row < rows; row++) {
		line = screen_row(s, row);
		next = xasprintf("%s%s%s", text, row > 0 ? "\n" : "", line);
		free(line);
		free(text);
		text = next;
	}
	return text;
}

int
screen_find_row(const struct screen *s, const char *text)
{
	char	*line;
	int	 rows, cols, row;
	bool	 found;

	vterm_get_size(s->vt, &rows, &cols);
	for (row = 0; row < rows; row++) {
		line = screen_row(s, row);
		found = strstr(line, text) != NULL;
		free(line);
		if (found)
			return row;
	}
	return -1;
}

bool
screen_contains(const struct screen *s, const char *text)
{
	return screen_find_row(s, text) >= 0;
}

static int
screen_color(const VTermColor *c, bool fg)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
		return SCREEN_COLOR_DEFAULT;
	if (VTERM_COLOR_IS_INDEXED(c))
		return c->indexed.idx;
	return SCREEN_COLOR_RGB(c->rgb.red, c->rgb.green, c->rgb.blue);
}

bool
screen_cell(const struct screen *s, int row, int col,
    struct screen_cell *cell)
{
	VTermScreenCell	vc;

	memset(cell, 0, sizeof *cell);
	if (!screen_get_vcell(s, row, col, &vc))
		return false;
	if (screen_vcell_is_continuation(&vc))
		cell->width = 0;
	else {
		screen_cell_text(&vc, cell->text);
		cell->width = vc.width;
	}
	cell->bold = vc.attrs.bold;
	cell->underline = vc.attrs.underline != 0;
	cell->italic = vc.attrs.italic;
	cell->reverse = vc.attrs.reverse;
	cell->fg = screen_color(&vc.fg, true);
	cell->bg = screen_color(&vc.bg, false);
	return true;
}

void
screen_size(const struct screen *s, int *rows, int *cols)
{
	vterm_get_size(s->vt, rows, cols);
}

void
screen_cursor(const struct screen *s, int *row, int *col)
{
	VTermPos	pos;

	vterm_state_get_cursorpos(vterm_obtain_state(s->vt), &pos);
	*row = pos.row;
	*col = pos.col;
}

bool
screen_cursor_visible(const struct screen *s)
{
	return s->cursor_visible;
}

bool
screen_altscreen(const struct screen *s)
{
	return s->altscreen;
}

void
screen_send(struct screen *s, const char *bytes)
{
	screen_queue(s, bytes, strlen(bytes));
}

void
screen_key(struct screen *s, enum screen_key key)
{
	static const VTermKey	 map[] = {
		[SCREEN_KEY_UP] = VTERM_KEY_UP,
		[SCREEN_KEY_DOWN] = VTERM_KEY_DOWN,
		[SCREEN_KEY_LEFT] = VTERM_KEY_LEFT,
		[SCREEN_KEY_RIGHT] = VTERM_KEY_RIGHT,
		[SCREEN_KEY_PGUP] = VTERM_KEY_PAGEUP,
		[SCREEN_KEY_PGDN] = VTERM_KEY_PAGEDOWN,
		[SCREEN_KEY_HOME] = VTERM_KEY_HOME,
		[SCREEN_KEY_END] = VTERM_KEY_END,
		[SCREEN_KEY_INSERT] = VTERM_KEY_INS,
		[SCREEN_KEY_DELETE] = VTERM_KEY_DEL,
		[SCREEN_KEY_TAB] = VTERM_KEY_TAB,
		[SCREEN_KEY_BTAB] = VTERM_KEY_TAB,
		[SCREEN_KEY_ENTER] = VTERM_KEY_ENTER,
		[SCREEN_KEY_ESC] = VTERM_KEY_ESCAPE,
		[SCREEN_KEY_BACKSPACE] = VTERM_KEY_BACKSPACE,
		[SCREEN_KEY_F1] = VTERM_KEY_FUNCTION(1),
		[SCREEN_KEY_F10] = VTERM_KEY_FUNCTION(10),
	};
	VTermModifier		 mod = VTERM_MOD_NONE;

	if ((size_t)key >= SB_ARRAY_LEN(map))
		fatal("screen: unknown key %d", (int)key);
	if (key == SCREEN_KEY_BTAB)
		mod = VTERM_MOD_SHIFT;
	/* libvterm follows DECCKM/DECKPAM and queues the bytes for us. */
	vterm_keyboard_key(s->vt, map[key], mod);
}

void
screen_key_ctrl(struct screen *s, char letter)
{
	char	c[2];

	if (letter >= 'a' && letter <= 'z')
		letter -= 'a' - 'A';
	if (letter < '@' || letter > '_')
		fatal("screen: no Ctrl-%c", letter);
	c[0] = letter & 0x1f;
	c[1] = '\0';
	screen_queue(s, c, 1);
}

/* Whether the program sleeps in a system call, e.g. waiting for input. */
static bool
screen_program_sleeping(const struct screen *s)
{
	char	 path[64], buf[512], *p;
	FILE	*f;
	size_t	 n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)s->pid);
	if ((f = fopen(path, "r")) == NULL)
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) S ...": comm may hold anything, so find the last ')'. */
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' && p[2] == 'S';
}

static bool
screen_idle_wait(struct screen *s, int timeout_ms)
{
	long	deadline = screen_now_ms() + timeout_ms;

	for (;;) {
		if (screen_pump(s, 0) == 0 && s->outlen == 0 &&
		    screen_program_sleeping(s))
			return true;
		if (s->exited || screen_now_ms() >= deadline)
			return false;
		screen_pump(s, SCREEN_IDLE_SLICE_MS);
	}
}

bool
screen_wait_idle(struct screen *s, int timeout_ms)
{
	if (screen_idle_wait(s, timeout_ms))
		return true;
	printf("screen: program not idle after %d ms\n", timeout_ms);
	screen_dump(s, stdout);
	fflush(stdout);
	return false;
}

void
screen_resize(struct screen *s, int rows, int cols)
{
	struct winsize	ws;

	/*
	 * curses checks for SIGWINCH and then blocks in read(); a signal
	 * between the two goes unseen until the next key. Once the program
	 * sleeps in read() the signal interrupts it instead.
	 */
	(void)screen_idle_wait(s, SCREEN_IDLE_RESIZE_MS);
	memset(&ws, 0, sizeof ws);
	ws.ws_row = rows;
	ws.ws_col = cols;
	if (ioctl(s->master, TIOCSWINSZ, &ws) != 0)
		fatal("screen: TIOCSWINSZ: %s", strerror(errno));
	vterm_set_size(s->vt, rows, cols);
}

bool
screen_running(struct screen *s)
{
	screen_reap(s);
	return !s->exited;
}

void
screen_kill(struct screen *s, int sig)
{
	screen_reap(s);
	if (!s->exited)
		kill(s->pid, sig);
}

int
screen_wait_exit(struct screen *s, int timeout_ms)
{
	long	deadline = screen_now_ms() + timeout_ms;
	long	left;

	while (!s->exited) {
		left = deadline - screen_now_ms();
		if (left <= 0)
			break;
		screen_pump(s, (int)(left < SCREEN_POLL_SLICE_MS ? left :
		    SCREEN_POLL_SLICE_MS));
	}
	if (!s->exited) {
		printf("screen: program still running after %d ms; killed\n",
		    timeout_ms);
		screen_dump(s, stdout);
		fflush(stdout);
		kill(-s->pid, SIGKILL);
		if (waitpid(s->pid, &s->status, 0) == s->pid)
			s->exited = true;
		return -1;
	}
	/* The kernel hands over pending pty output on this read. */
	screen_read_all(s);
	return s->status;
}

bool
screen_termios_restored(const struct screen *s)
{
	struct termios	now;
	int		i;

	if (tcgetattr(s->slave, &now) != 0)
		return false;
	if (now.c_iflag != s->orig.c_iflag || now.c_oflag != s->orig.c_oflag ||
	    now.c_cflag != s->orig.c_cflag || now.c_lflag != s->orig.c_lflag)
		return false;
	if (cfgetispeed(&now) != cfgetispeed(&s->orig) ||
	    cfgetospeed(&now) != cfgetospeed(&s->orig))
		return false;
	for (i = 0; i < NCCS; i++) {
		if (now.c_cc[i] != s->orig.c_cc[i])
			return false;
	}
	return true;
}

bool
screen_terminal_restored(const struct screen *s)
{
	return !s->altscreen && s->cursor_visible &&
	    screen_termios_restored(s);
}

static void
screen_dump_rule(int cols, FILE *f)
{
	int	i;

	fputs("    +", f);
	for (i = 0; i < cols; i++)
		fputc('-', f);
	fputs("+\n", f);
}

void
screen_dump(const struct screen *s, FILE *f)
{
	char	*line;
	int	 rows, cols, row, crow, ccol;

	vterm_get_size(s->vt, &rows, &cols);
	screen_cursor(s, &crow, &ccol);
	fprintf(f, "screen %dx%d, cursor %d,%d %s%s%s\n", rows, cols, crow,
	    ccol, s->cursor_visible ? "visible" : "hidden",
	    s->altscreen ? ", alternate screen" : "",
	    s->exited ? ", program exited" : "");
	screen_dump_rule(cols, f);
	for (row = 0; row < rows; row++) {
		line = screen_row_padded(s, row);
		fprintf(f, "%3d |%s|\n", row, line);
		free(line);
	}
	screen_dump_rule(cols, f);
}

void
screen_free(struct screen *s)
{
	if (s == NULL)
		return;
	screen_reap(s);
	if (!s->exited) {
		kill(-s->pid, SIGKILL);
		kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
	}
	if (s->pidfd >= 0)
		close(s->pidfd);
	close(s->master);
	close(s->slave);
	vterm_free(s->vt);
	free(s->out);
	free(s->raw);
	free(s);
}
