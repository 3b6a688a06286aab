/* Inside the write commands: the runner the command files share. */
#ifndef SWITCHBOARD_STORE_COMMAND_INT_H
#define SWITCHBOARD_STORE_COMMAND_INT_H

#include "switchboard/store-command.h"

#define STORE_CMD_PARAMS	18

/*
 * One command: sql returns one row of (id, stream id or NULL for id,
 * changed boolean) from parameters params (borrowed). stream, stream_id
 * and expected say what to read when a stale version is reported.
 */
/*
 * A command: sql returns one row of (id, a stream id whose version to
 * report, changed) and, for a command that changes two streams, the
 * second stream's id as a fourth column.
 */
struct store_cmd {
	const char	*name;
	const char	*sql;
	int		 nparams;
	const char	*params[STORE_CMD_PARAMS];
	const char	*stream;
	const char	*stream_id;
	long		 expected;
};

/* Run c as command cmd_id (see store-command.h). */
enum sb_status	 store_command_run(struct db *db, const char *cmd_id,
		     const struct store_cmd *c, struct store_result *res,
		     struct store_conflict **conflict, struct sb_error *err);

/* What changed on c's stream after c->expected; *out untouched on error. */
void		 store_conflict_read(struct db *db, const struct store_cmd *c,
		     struct store_conflict **out);

/* Whether s is a UUID in its 36-character form. */
int		 store_uuid_valid(const char *s);

#endif
