/* SQLSTATEs to meaning: the status each stands for and a person's sentence. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "switchboard/db.h"
#include "switchboard/util.h"

/* SQLSTATEs by exact code, then by class (two characters). */
static const struct {
	const char	*code;
	enum sb_status	 status;
} db_sqlstates[] = {
	{ "SB001", SB_CONFLICT },	/* stale version */
	{ "SB002", SB_DENIED },		/* refused: still linked elsewhere */
	{ "SB003", SB_NOT_FOUND },	/* no such row, or deleted */
	{ "SB004", SB_INVALID },	/* invalid change or argument */
	{ "SB005", SB_DENIED },		/* the event log is append-only */
	{ "40001", SB_CONFLICT },	/* serialization failure */
	{ "40P01", SB_CONFLICT },	/* deadlock */
	{ "42501", SB_DENIED },		/* insufficient privilege */
	{ "P0002", SB_NOT_FOUND },	/* no data found */
	{ "57014", SB_UNAVAILABLE },	/* statement timeout, cancel */
	{ "55P03", SB_CONFLICT },	/* lock timeout: someone is saving */
	{ "23505", SB_CONFLICT },	/* unique violation */
	{ "3D000", SB_NOT_FOUND },	/* no such database */
	{ "08", SB_UNAVAILABLE },	/* connection exception */
	{ "57", SB_UNAVAILABLE },	/* operator intervention */
	{ "53", SB_UNAVAILABLE },	/* insufficient resources */
	{ "28", SB_DENIED },		/* invalid authorization */
	{ "23", SB_INVALID },		/* integrity constraint */
	{ "22", SB_INVALID },		/* data exception */
	{ "SB", SB_INVALID },
};

enum sb_status
db_status_from_sqlstate(const char *sqlstate)
{
	size_t	i, len;

	if (sqlstate == NULL || strlen(sqlstate) != 5)
		return SB_UNAVAILABLE;
	for (i = 0; i < SB_ARRAY_LEN(db_sqlstates); i++) {
		len = strlen(db_sqlstates[i].code);
		if (strncmp(sqlstate, db_sqlstates[i].code, len) == 0)
			return db_sqlstates[i].status;
	}
	return SB_INTERNAL;
}

/*
 * Sentences for the server's own errors, which name tables, policies and
 * types nobody using the directory knows: by exact code, then class,
 * then any. Messages the schema raises itself (RAISE) are written for
 * people and pass unchanged; the SB codes' sentences stand in for one
 * raised without words of its own.
 */
static const struct {
	const char	*code;
	const char	*message;
	const char	*hint;
} db_sentences[] = {
	{ "SB001", "someone else changed this since it was read",
	    "nothing was changed; look at it again and make the change again" },
	{ "SB002", "this is still linked elsewhere",
	    "nothing was changed; end those links first" },
	{ "SB003", "this is not there any more, or not in your scope",
	    "nothing was changed; look it up again" },
	{ "SB004", "the directory does not accept this change",
	    "nothing was changed; correct it and try again" },
	{ "SB005", "the history of the directory is kept as it was written",
	    "nothing was changed; make changes through Switchboard's "
	    "commands" },
	{ "42501", "your access does not allow this change",
	    "nothing was changed; a super admin can widen your access" },
	{ "23505", "a record with these values exists already",
	    "nothing was changed; find that one and change it instead" },
	{ "23503", "a record this one refers to is gone",
	    "nothing was changed; reload (Ctrl-R) and try again" },
	{ "23502", "a value the directory needs is missing",
	    "fill it in and save again" },
	{ "23514", "a value is outside what the directory allows for it",
	    "nothing was changed; correct its length or form, or a date "
	    "that ends before it starts, and save again" },
	{ "22001", "a value is longer than the directory keeps",
	    "shorten it and save again" },
	{ "57014", "the server took too long to answer",
	    "try again, or narrow the request" },
	/* An import's batch whose finds another transaction changed. */
	{ "40001", "the directory changed while this was being saved",
	    "nothing was changed; run it again" },
	/* A lost connection and a refused login: said where they happen. */
	{ "08", NULL, NULL },
	{ "57", NULL, NULL },
	{ "28", NULL, NULL },
	{ "23", "a value breaks a rule of the directory",
	    "nothing was changed; correct it and save again" },
	{ "22", "a value is not in a form the directory accepts",
	    "nothing was changed; correct it and save again" },
	{ "40", "someone else saved at the same moment",
	    "nothing was changed; save again" },
	{ "53", "the server is short of resources",
	    "nothing was changed; try again later, or tell its administrator" },
	{ "54", "the request is more than the server takes at once",
	    "narrow it and try again" },
	{ "42", "the server did not accept the request",
	    "nothing was changed; this is a fault in Switchboard: report it "
	    "with the details" },
	{ "", "the server could not do this",
	    "nothing was changed; the details say what it answered" },
};

bool
db_sentence_for(const char *sqlstate, const char **message,
    const char **hint)
{
	size_t	i, n;

	if (sqlstate == NULL)
		sqlstate = "";
	for (i = 0; i < SB_ARRAY_LEN(db_sentences); i++) {
		n = strlen(db_sentences[i].code);
		if (strncmp(sqlstate, db_sentences[i].code, n) == 0)
			break;
	}
	/* The table ends with the catch-all, which matches any code. */
	*message = db_sentences[i].message;
	*hint = db_sentences[i].hint;
	return db_sentences[i].code[0] != '\0';
}
