/* A read's parts: its text parameters, their release, its statement name. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/store.h"
#include "switchboard/util.h"

#include "store-int.h"

void
store_query_param(struct store_query *sq, const char *value)
{
	if (sq->nparams >= STORE_QUERY_PARAMS_MAX)
		fatal("store query with too many parameters");
	sq->params[sq->nparams++] = value != NULL ? xstrdup(value) : NULL;
}

void
store_query_param_int(struct store_query *sq, long value)
{
	char	buf[32];

	snprintf(buf, sizeof buf, "%ld", value);
	store_query_param(sq, buf);
}

void
store_query_clear(struct store_query *sq)
{
	int	i;

	for (i = 0; i < sq->nparams; i++)
		free(sq->params[i]);
	memset(sq, 0, sizeof *sq);
}

const char *
store_stmt_name(enum store_stmt stmt)
{
	static const char *const names[STORE_STMT_COUNT] = {
		[STORE_STMT_DIRECTORY] = "sb_directory",
		[STORE_STMT_CONTACT] = "sb_contact",
		[STORE_STMT_LINKS] = "sb_links",
	};

	return stmt > STORE_STMT_NONE && stmt < STORE_STMT_COUNT ?
	    names[stmt] : NULL;
}
