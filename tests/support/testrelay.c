/* Test support: a relay to the test server that can lose a COMMIT's reply. */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "switchboard/util.h"
#include "testrelay.h"

#define RELAY_PAIRS	16
#define RELAY_BUF	65536

struct testrelay {
	pid_t	 pid;
	int	 control;		/* write end: the arming */
	char	*dir;
	char	*path;			/* the socket clients connect to */
};

/* One client and its connection to the server. */
struct relay_pair {
	int	client, server;
};

static long long
relay_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
relay_write_all(int fd, const char *b, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(fd, b, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
relay_connect(const char *path)
{
	struct sockaddr_un	sa;
	int			fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
relay_close(struct relay_pair *p)
{
	close(p->client);
	close(p->server);
	p->client = p->server = -1;
}

/* Wait (at most 5 s) for the server's answer to what was sent; drop it. */
static void
relay_swallow(int fd)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	char		b[4096];

	if (poll(&pfd, 1, 5000) > 0)
		(void)!read(fd, b, sizeof b);
}

/* The child: relay until killed. */
static void
relay_run(int lfd, int control, const char *server_path)
{
	struct relay_pair	pairs[RELAY_PAIRS];
	struct pollfd		pfd[2 + 2 * RELAY_PAIRS];
	long long		refuse_until = 0;
	char			*buf = xmalloc(RELAY_BUF), cmd[8];
	int			armed = 0, refuse_ms = 0, i, n, fd;
	ssize_t			r;

	for (i = 0; i < RELAY_PAIRS; i++)
		pairs[i].client = pairs[i].server = -1;
	for (;;) {
		pfd[0].fd = lfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = control;
		pfd[1].events = POLLIN;
		for (i = 0; i < RELAY_PAIRS; i++) {
			pfd[2 + 2 * i].fd = pairs[i].client;
			pfd[2 + 2 * i].events = POLLIN;
			pfd[3 + 2 * i].fd = pairs[i].server;
			pfd[3 + 2 * i].events = POLLIN;
		}
		if (poll(pfd, 2 + 2 * RELAY_PAIRS, -1) < 0 && errno != EINTR)
			_exit(1);
		if (pfd[1].revents & (POLLIN | POLLHUP)) {
			if (read(control, cmd, 5) != 5)
				_exit(0);
			armed = cmd[0];
			memcpy(&refuse_ms, cmd + 1, sizeof refuse_ms);
		}
		if (pfd[0].revents & POLLIN &&
		    (fd = accept(lfd, NULL, NULL)) >= 0) {
			for (i = 0; i < RELAY_PAIRS; i++)
				if (pairs[i].client == -1)
					break;
			if (relay_now_ms() < refuse_until || i == RELAY_PAIRS ||
			    (pairs[i].server = relay_connect(server_path)) < 0)
				close(fd);
			else
				pairs[i].client = fd;
		}
		for (i = 0; i < RELAY_PAIRS; i++) {
			if (pairs[i].client == -1)
				continue;
			if (pfd[3 + 2 * i].revents & (POLLIN | POLLHUP)) {
				r = read(pairs[i].server, buf, RELAY_BUF);
				if (r <= 0 || relay_write_all(pairs[i].client,
				    buf, (size_t)r) != 0) {
					relay_close(&pairs[i]);
					continue;
				}
			}
			if (!(pfd[2 + 2 * i].revents & (POLLIN | POLLHUP)))
				continue;
			r = read(pairs[i].client, buf, RELAY_BUF);
			if (r <= 0) {
				relay_close(&pairs[i]);
				continue;
			}
			n = armed && memmem(buf, (size_t)r, "COMMIT", 7) !=
			    NULL;
			if (n && armed == 'c') {
				relay_close(&pairs[i]);
			} else if (relay_write_all(pairs[i].server, buf,
			    (size_t)r) != 0) {
				relay_close(&pairs[i]);
				continue;
			} else if (n) {
				relay_swallow(pairs[i].server);
				relay_close(&pairs[i]);
			}
			if (n) {
				armed = 0;
				refuse_until = relay_now_ms() + refuse_ms;
			}
		}
	}
}

struct testrelay *
testrelay_start(const char *server_dir, int port)
{
	struct testrelay	*r = xcalloc(1, sizeof *r);
	struct sockaddr_un	 sa;
	char			*server_path, tmpl[] = "/tmp/sb-relay-XXXXXX";
	int			 lfd, pipefd[2];

	if (mkdtemp(tmpl) == NULL)
		fatal("relay: mkdtemp: %s", strerror(errno));
	r->dir = xstrdup(tmpl);
	r->path = xasprintf("%s/.s.PGSQL.%d", r->dir, port);
	server_path = xasprintf("%s/.s.PGSQL.%d", server_dir, port);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", r->path);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(lfd, 16) != 0 || pipe(pipefd) != 0)
		fatal("relay: %s: %s", r->path, strerror(errno));
	if ((r->pid = fork()) < 0)
		fatal("relay: fork: %s", strerror(errno));
	if (r->pid == 0) {
		close(pipefd[1]);
		signal(SIGPIPE, SIG_IGN);
		relay_run(lfd, pipefd[0], server_path);
		_exit(0);
	}
	close(pipefd[0]);
	close(lfd);
	free(server_path);
	r->control = pipefd[1];
	return r;
}

const char *
testrelay_dir(const struct testrelay *r)
{
	return r->dir;
}

void
testrelay_arm(struct testrelay *r, enum testrelay_cut cut, int refuse_ms)
{
	char	cmd[5];

	cmd[0] = cut == TESTRELAY_LOSE_REPLY ? 'r' : 'c';
	memcpy(cmd + 1, &refuse_ms, sizeof refuse_ms);
	if (write(r->control, cmd, sizeof cmd) != sizeof cmd)
		fatal("relay: arm: %s", strerror(errno));
}

void
testrelay_stop(struct testrelay *r)
{
	if (r == NULL)
		return;
	close(r->control);
	kill(r->pid, SIGTERM);
	waitpid(r->pid, NULL, 0);
	unlink(r->path);
	rmdir(r->dir);
	free(r->path);
	free(r->dir);
	free(r);
}
