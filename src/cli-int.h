/* Inside the subcommands: the messages and --org lookup they share. */
#ifndef SWITCHBOARD_CLI_INT_H
#define SWITCHBOARD_CLI_INT_H

#include "switchboard/error.h"

struct app;

/* A line on stderr: before, untrusted (sanitized), after. */
void	cli_say(const char *before, const char *untrusted, const char *after);

/* err as a line on stderr, sanitized. */
void	cli_error(const struct sb_error *err);

/*
 * The organization --org NAME means (see cli.c): CLI_EXIT_OK with *id
 * (caller frees), or the exit status after saying why on stderr.
 */
int	cli_org_resolve(struct app *app, const char *name, char **id);

#endif
