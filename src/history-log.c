/* The session's undo log: every change that can be undone, newest last. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/history.h"
#include "switchboard/util.h"

void
history_log_init(struct history_log *l)
{
	memset(l, 0, sizeof *l);
}

void
history_log_clear(struct history_log *l)
{
	size_t	i;

	for (i = 0; i < l->count; i++)
		history_undo_clear(&l->undos[i]);
	free(l->undos);
	history_log_init(l);
}

struct history_undo *
history_log_push(struct history_log *l)
{
	if (l->count == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->undos = xreallocarray(l->undos, l->cap, sizeof *l->undos);
	}
	history_undo_init(&l->undos[l->count]);
	return (&l->undos[l->count++]);
}

struct history_undo *
history_log_top(struct history_log *l)
{
	return (l->count > 0 ? &l->undos[l->count - 1] : NULL);
}

enum sb_status
history_log_undo(struct history_log *l, struct db *db, char *what,
    size_t size, struct sb_error *err)
{
	struct history_undo	*u = history_log_top(l);
	enum sb_status		 st;

	if (u == NULL) {
		snprintf(what, size, "%s", "");
		return (sb_error_set(err, SB_NOT_FOUND, "nothing to undo"));
	}
	snprintf(what, size, "%s", u->what);
	st = history_undo_run(u, db, err);
	switch (st) {
	case SB_OK:
	case SB_CONFLICT:
	case SB_NOT_FOUND:
	case SB_DENIED:
	case SB_INVALID:
		history_undo_clear(u);
		l->count--;
		break;
	default:
		break;
	}
	return (st);
}
