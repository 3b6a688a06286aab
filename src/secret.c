/* Reading a passphrase without echo, from the terminal or a descriptor. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "switchboard/error.h"
#include "switchboard/secret.h"
#include "switchboard/vault.h"

#define SECRET_SIZE	(VAULT_PASSPHRASE_MAX + 2)

/* Signals that cancel the prompt; the terminal is restored first. */
static const int secret_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP
};
#define SECRET_NSIGNALS	(sizeof secret_signals / sizeof secret_signals[0])

/*
 * The signal that interrupted the prompt. A handler can only reach static
 * storage; it is set only while a prompt is on the terminal.
 */
static volatile sig_atomic_t secret_caught;

static void
secret_on_signal(int sig)
{
	secret_caught = sig;
}

struct secret_tty {
	int			fd;
	struct termios		saved;
	struct sigaction	old[SECRET_NSIGNALS];
	sigset_t		oldmask;
};

/*
 * Read one line into buf (size bytes, NUL-terminated on success). With
 * waitmask, wait with ppoll so a caught signal interrupts the wait without
 * a race. Returns the length, -1 on error or signal, -2 if too long.
 */
static ssize_t
secret_read_line(int fd, char *buf, size_t size, const sigset_t *waitmask)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	size_t		len = 0;
	ssize_t		n;
	char		c;

	for (;;) {
		if (waitmask != NULL && (secret_caught != 0 ||
		    ppoll(&pfd, 1, NULL, waitmask) < 0))
			return -1;
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR && waitmask == NULL)
			continue;
		if (n < 0)
			return -1;
		if (n == 0 || c == '\n')
			break;
		if (len + 1 >= size)
			return -2;
		buf[len++] = c;
	}
	if (n == 0 && len == 0)
		return -1;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return len;
}

/* Restore the terminal, then the signal handlers and mask. */
static void
secret_tty_leave(struct secret_tty *t)
{
	size_t	i;

	tcsetattr(t->fd, TCSAFLUSH, &t->saved);
	(void)!write(t->fd, "\n", 1);
	for (i = 0; i < SECRET_NSIGNALS; i++)
		sigaction(secret_signals[i], &t->old[i], NULL);
	sigprocmask(SIG_SETMASK, &t->oldmask, NULL);
}

/* Echo off and our signal handlers in; signals blocked outside ppoll. */
static int
secret_tty_enter(struct secret_tty *t)
{
	struct termios		raw;
	struct sigaction	sa;
	sigset_t		block;
	size_t			i;

	if (tcgetattr(t->fd, &t->saved) != 0)
		return -1;
	secret_caught = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = secret_on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (i = 0; i < SECRET_NSIGNALS; i++) {
		sigaddset(&block, secret_signals[i]);
		sigaction(secret_signals[i], &sa, &t->old[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &t->oldmask);
	raw = t->saved;
	raw.c_lflag &= ~(ECHO | ECHOE | ECHOK | ECHONL);
	raw.c_lflag |= ICANON;
	if (tcsetattr(t->fd, TCSAFLUSH, &raw) != 0) {
		secret_tty_leave(t);
		return -1;
	}
	return 0;
}

static enum sb_status
secret_read_tty(const char *prompt, char *buf, struct sb_error *err)
{
	struct secret_tty	t;
	ssize_t			n;
	int			sig;

	t.fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t.fd < 0 || !isatty(t.fd)) {
		if (t.fd >= 0)
			close(t.fd);
		sb_error_set(err, SB_UNSUPPORTED,
		    "no terminal to ask for the vault passphrase");
		sb_error_hint(err, "give it on a file descriptor with "
		    "--passphrase-fd N");
		return SB_UNSUPPORTED;
	}
	if (secret_tty_enter(&t) != 0) {
		close(t.fd);
		return sb_error_set(err, SB_IO,
		    "cannot turn terminal echo off: %s", strerror(errno));
	}
	(void)!write(t.fd, prompt, strlen(prompt));
	n = secret_read_line(t.fd, buf, SECRET_SIZE, &t.oldmask);
	secret_tty_leave(&t);
	close(t.fd);
	if ((sig = secret_caught) != 0) {
		secret_caught = 0;
		raise(sig);
		return sb_error_set(err, SB_INVALID,
		    "passphrase entry cancelled");
	}
	if (n == -2)
		return sb_error_set(err, SB_INVALID,
		    "the passphrase is longer than %d bytes",
		    VAULT_PASSPHRASE_MAX);
	if (n < 0)
		return sb_error_set(err, SB_INVALID,
		    "passphrase entry cancelled");
	return SB_OK;
}

static enum sb_status
secret_read_fd(int fd, char *buf, struct sb_error *err)
{
	ssize_t	n;

	n = secret_read_line(fd, buf, SECRET_SIZE, NULL);
	if (n == -2)
		return sb_error_set(err, SB_INVALID,
		    "the passphrase on descriptor %d is longer than %d bytes",
		    fd, VAULT_PASSPHRASE_MAX);
	if (n < 0)
		return sb_error_set(err, SB_INVALID,
		    "no passphrase could be read from descriptor %d", fd);
	return SB_OK;
}

enum sb_status
secret_read_passphrase(const char *prompt, int fd, char **out,
    struct sb_error *err)
{
	char		*buf;
	enum sb_status	 st;

	*out = NULL;
	buf = vault_secret_alloc(SECRET_SIZE);
	if (fd >= 0)
		st = secret_read_fd(fd, buf, err);
	else
		st = secret_read_tty(prompt, buf, err);
	if (st != SB_OK) {
		vault_secret_free(buf);
		return st;
	}
	*out = buf;
	return SB_OK;
}

enum sb_status
secret_parse_fd(const char *arg, int *fd, struct sb_error *err)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < 0 || n > INT_MAX ||
	    fcntl((int)n, F_GETFD) < 0) {
		sb_error_set(err, SB_INVALID,
		    "--passphrase-fd needs an open descriptor number");
		sb_error_field(err, "passphrase-fd");
		return SB_INVALID;
	}
	*fd = (int)n;
	return SB_OK;
}

void
secret_free(char *passphrase)
{
	vault_secret_free(passphrase);
}
