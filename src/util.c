/* Allocation that cannot fail, fatal exits, paths and directory trees. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/util.h"

/* The one hook fatal() runs first; set once by the UI when curses starts. */
static void (*util_fatal_hook)(void);

void
util_set_fatal_hook(void (*hook)(void))
{
	util_fatal_hook = hook;
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	if (util_fatal_hook != NULL) {
		void (*hook)(void) = util_fatal_hook;

		util_fatal_hook = NULL;
		hook();
	}
	fputs("switchboard: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(SB_EXIT_FATAL);
}

void *
xmalloc(size_t size)
{
	void	*p;

	p = malloc(size == 0 ? 1 : size);
	if (p == NULL)
		fatal("out of memory (%zu bytes)", size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
xreallocarray(void *ptr, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		fatal("allocation overflow (%zu x %zu bytes)", n, size);
	p = realloc(ptr, n * size == 0 ? 1 : n * size);
	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	n = strnlen(s, n);
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory formatting a string");
	return s;
}

void
util_format_text(char *buf, size_t size, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	size_t	 n;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if ((n = strlen(s)) >= size) {
		/* Back to a character's first byte, room for the dots. */
		n = size - 4;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		memcpy(s + n, "...", 4);
	}
	memcpy(buf, s, strlen(s) + 1);
	free(s);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *
util_path_join(const char *dir, const char *name)
{
	size_t	len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	while (*name == '/')
		name++;
	if (len == 1 && dir[0] == '/')
		len = 0;
	return xasprintf("%.*s/%s", (int)len, dir, name);
}

char *
util_quote(const char *s, char mark, const char *what)
{
	char	*out = xmalloc(strlen(s) * strlen(what) + 3), *o = out;
	char	 quote = mark != '\0' ? mark : '\'';

	if (mark != '\0')
		*o++ = mark;
	for (; *s != '\0'; s++) {
		if (*s == quote) {
			memcpy(o, what, strlen(what));
			o += strlen(what);
		} else
			*o++ = *s;
	}
	if (mark != '\0')
		*o++ = mark;
	*o = '\0';
	return (out);
}

char *
util_dir_of(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int
util_write_all(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return (-1);
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

int
util_mkdir_p(const char *dir, int mode)
{
	char	*copy, *p;
	int	 rc = 0;

	copy = xstrdup(dir);
	for (p = copy + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(copy, (mode_t)mode) != 0 && errno != EEXIST)
			rc = -1;
		*p = c;
		if (c == '\0')
			break;
	}
	free(copy);
	return rc;
}

static int
util_rmtree_at(int parent, const char *name)
{
	DIR		*d;
	struct dirent	*de;
	int		 fd, rc = 0;

	if (unlinkat(parent, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		rc = util_rmtree_at(dirfd(d), de->d_name);
	}
	closedir(d);
	if (rc == 0 && unlinkat(parent, name, AT_REMOVEDIR) != 0)
		rc = -1;
	return rc;
}

int
util_rmtree(const char *dir)
{
	return util_rmtree_at(AT_FDCWD, dir);
}
