/* A file's records imported or previewed, and what they came to, said. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "switchboard/import.h"
#include "switchboard/store-import.h"
#include "switchboard/util.h"

/* A record the server refused or left doubtful, by its line. */
static void
store_import_note(struct store_import_run *run, long line, const char *text)
{
	run->notes = xreallocarray(run->notes, run->nnotes + 1,
	    sizeof *run->notes);
	run->notes[run->nnotes].line = line;
	run->notes[run->nnotes].skipped = true;
	run->notes[run->nnotes++].text = xstrdup(text);
}

/* A record left out for a name close to a contact's: who, and what to do. */
static void
store_import_close_note(struct store_import_run *run,
    const struct import_record *r, const char *whom)
{
	char	*text;

	text = xasprintf("%s%s%s is close to %s: left out until you decide",
	    r->first, *r->first != '\0' && *r->last != '\0' ? " " : "",
	    r->last, whom);
	store_import_note(run, r->line, text);
	free(text);
}

void
store_import_run_clear(struct store_import_run *run)
{
	size_t	i;

	for (i = 0; i < run->nnotes; i++)
		free(run->notes[i].text);
	free(run->notes);
	memset(run, 0, sizeof *run);
}

enum sb_status
store_import_file(struct db *db, const char *org_id, const char *role,
    const struct import_file *f, enum store_import_close close, bool commit,
    struct store_import_run *run, struct sb_error *err)
{
	enum store_import_outcome	 oc;
	struct sb_error			 ignored;
	char				*json;
	size_t				 i;
	enum sb_status			 st;

	memset(run, 0, sizeof *run);
	if ((st = store_import_begin(db, err)) != SB_OK)
		return (st);
	for (i = 0; i < f->nrecords; i++) {
		if (i > 0 && i % STORE_IMPORT_BATCH == 0) {
			if ((st = store_import_end(db, commit, err)) != SB_OK)
				return (st);
			if (commit) {
				run->landed = i;
				run->landed_line = f->records[i - 1].line;
			}
			if ((st = store_import_begin(db, err)) != SB_OK)
				return (st);
		}
		json = import_record_json(&f->records[i]);
		st = store_import_record(db, org_id,
		    *f->records[i].role != '\0' ? f->records[i].role : role,
		    f->system, f->records[i].source_id, json, close, &oc,
		    err);
		free(json);
		if (st != SB_OK) {
			store_import_end(db, false, &ignored);
			return (st);
		}
		run->n[oc]++;
		if (oc == STORE_IMPORT_REFUSED)
			store_import_note(run, f->records[i].line,
			    err->message);
		else if (oc == STORE_IMPORT_AMBIGUOUS)
			store_import_note(run, f->records[i].line, "its email "
			    "or phone belongs to several contacts; link it "
			    "by hand");
		else if (oc == STORE_IMPORT_CLOSE)
			store_import_close_note(run, &f->records[i],
			    err->message);
	}
	if ((st = store_import_end(db, commit, err)) == SB_OK && commit &&
	    f->nrecords > 0) {
		run->landed = f->nrecords;
		run->landed_line = f->records[f->nrecords - 1].line;
	}
	return (st);
}

size_t
store_import_report(const char *verb, const struct import_file *f,
    const struct store_import_run *run, char ***lines)
{
	const struct import_note	*n;
	size_t				 i, j, k = 0;

	*lines = xcalloc(f->nnotes + run->nnotes + 1, sizeof **lines);
	(*lines)[k++] = xasprintf("%s %s (%s, %zu records): %zu new, %zu "
	    "matched, %zu updated, %zu unchanged, %zu skipped", verb, f->path,
	    f->layout, f->nrecords + f->skipped, run->n[STORE_IMPORT_CREATED],
	    run->n[STORE_IMPORT_LINKED], run->n[STORE_IMPORT_UPDATED],
	    run->n[STORE_IMPORT_UNCHANGED], f->skipped +
	    run->n[STORE_IMPORT_AMBIGUOUS] + run->n[STORE_IMPORT_CLOSE] +
	    run->n[STORE_IMPORT_REFUSED]);
	/* Both lists are in the file's order: merge them by line. */
	for (i = j = 0; i < f->nnotes || j < run->nnotes;) {
		if (j == run->nnotes || (i < f->nnotes &&
		    f->notes[i].line <= run->notes[j].line))
			n = &f->notes[i++];
		else
			n = &run->notes[j++];
		(*lines)[k++] = xasprintf("  line %ld: %s: %s", n->line,
		    n->skipped ? "skipped" : "left out", n->text);
	}
	return (k);
}
