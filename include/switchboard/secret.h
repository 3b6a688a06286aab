/* Reading a passphrase without echo, from the terminal or a descriptor. */
#ifndef SWITCHBOARD_SECRET_H
#define SWITCHBOARD_SECRET_H

#include "switchboard/error.h"

/*
 * Read a passphrase. With fd >= 0 (the --passphrase-fd option), the first
 * line of fd, read byte by byte so nothing after it is consumed. Otherwise
 * from /dev/tty with echo off after writing prompt there; the terminal
 * settings are restored on every path, and SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT or SIGTSTP during the read restores the terminal before the
 * signal takes its usual effect (SB_INVALID if the process survives it).
 * With no terminal and no fd: SB_UNSUPPORTED at once, never a prompt.
 *
 * On SB_OK *out is the NUL-terminated passphrase without its newline, in
 * secure memory; the caller frees it with secret_free. Never put it in
 * argv, the environment or a log.
 */
enum sb_status	 secret_read_passphrase(const char *prompt, int fd,
		     char **out, struct sb_error *err);

/*
 * Parse the argument of --passphrase-fd: a descriptor number that is open.
 * SB_INVALID otherwise.
 */
enum sb_status	 secret_parse_fd(const char *arg, int *fd,
		     struct sb_error *err);

/* Wipe and free a passphrase from secret_read_passphrase. NULL allowed. */
void		 secret_free(char *passphrase);

#endif
