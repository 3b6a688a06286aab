/* Allocation that cannot fail, fatal exits that restore the terminal. */
#ifndef SWITCHBOARD_UTIL_H
#define SWITCHBOARD_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define SB_ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Exit status for an unrecoverable error (sysexits EX_SOFTWARE). */
#define SB_EXIT_FATAL	70

/* The x*alloc family calls fatal() when memory runs out; never NULL. */
void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xreallocarray(void *ptr, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *fmt, va_list ap)
	    __attribute__((format(printf, 1, 0)));
/*
 * snprintf for text a person reads: when it does not fit, the cut falls
 * between UTF-8 characters, never inside one, and ends in "..." (size
 * must be at least 4). The display cuts by width later; this only keeps
 * a buffer's end whole.
 */
void	 util_format_text(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Register the function fatal() calls before printing, so the terminal is
 * restored first (curses' endwin). One hook; NULL removes it.
 */
void	 util_set_fatal_hook(void (*hook)(void));

/* Print "switchboard: message" to stderr and exit SB_EXIT_FATAL. */
void	 fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* Join a directory and a name with exactly one slash; caller frees. */
char	*util_path_join(const char *dir, const char *name);

/* The directory part of path ("." when none); caller frees. */
char	*util_dir_of(const char *path);

/*
 * s quoted: every mark in it (with mark NUL, every single quote) made
 * into what, and mark at either end. Caller frees. "x\"y" with mark '"'
 * and what "\"\"" is "\"x\"\"y\"".
 */
char	*util_quote(const char *s, char mark, const char *what);

/*
 * Create dir and its missing parents with mode (existing ones untouched).
 * Returns 0, or -1 with errno set.
 */
int	 util_mkdir_p(const char *dir, int mode);

/* Write all len bytes of buf to fd, again after EINTR; 0, or -1 (errno). */
int	 util_write_all(int fd, const void *buf, size_t len);

/* Remove a directory tree; 0 or -1 with errno. Does not follow links. */
int	 util_rmtree(const char *dir);

#endif
