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

/* What record i came to, counted and, when doubtful, noted. */
static void
store_import_tally(struct store_import_run *run, const struct import_file *f,
    size_t i, enum store_import_outcome oc, const char *why)
{
	run->n[oc]++;
	if (oc == STORE_IMPORT_REFUSED)
		store_import_note(run, f->records[i].line, why);
	else if (oc == STORE_IMPORT_AMBIGUOUS)
		store_import_note(run, f->records[i].line, "its email or "
		    "phone belongs to several contacts; link it by hand");
	else if (oc == STORE_IMPORT_CLOSE)
		store_import_close_note(run, &f->records[i], why);
}

/* Records first to end, record by record: a savepoint each. */
static enum sb_status
store_import_each(struct db *db, const char *org_id, const char *role,
    const struct import_file *f, size_t first, size_t end,
    enum store_import_close close, struct store_import_run *run,
    struct sb_error *err)
{
	enum store_import_outcome	 oc;
	char				*json;
	size_t				 i;
	enum sb_status			 st;

	for (i = first; i < end; i++) {
		json = import_record_json(&f->records[i]);
		st = store_import_record(db, org_id,
		    *f->records[i].role != '\0' ? f->records[i].role : role,
		    f->system, f->records[i].source_id, json, close, &oc,
		    err);
		free(json);
		if (st != SB_OK)
			return (st);
		store_import_tally(run, f, i, oc, err->message);
	}
	return (SB_OK);
}

/* Records first to end: in one call, else record by record. */
static enum sb_status
store_import_some(struct db *db, const char *org_id, const char *role,
    const struct import_file *f, size_t first, size_t end,
    enum store_import_close close, struct store_import_run *run,
    struct sb_error *err)
{
	enum store_import_outcome	*out;
	char				**whom;
	size_t				 i;
	bool				 took;
	enum sb_status			 st;

	out = xcalloc(end - first, sizeof *out);
	whom = xcalloc(end - first, sizeof *whom);
	st = store_import_batch(db, org_id, role, f, first, end - first,
	    close, out, whom, &took, err);
	if (st == SB_OK && took) {
		for (i = first; i < end; i++)
			store_import_tally(run, f, i, out[i - first],
			    whom[i - first]);
	} else if (st == SB_OK)
		st = store_import_each(db, org_id, role, f, first, end, close,
		    run, err);
	for (i = 0; i < end - first; i++)
		free(whom[i]);
	free(whom);
	free(out);
	return (st);
}

enum sb_status
store_import_file(struct db *db, const char *org_id, const char *role,
    const struct import_file *f, enum store_import_close close, bool commit,
    struct store_import_run *run, struct sb_error *err)
{
	struct sb_error	 ignored;
	size_t		 i, end;
	enum sb_status	 st;

	memset(run, 0, sizeof *run);
	if ((st = store_import_begin(db, err)) != SB_OK)
		return (st);
	for (i = 0; i < f->nrecords; i = end) {
		if (i > 0) {
			if ((st = store_import_end(db, commit, err)) != SB_OK)
				return (st);
			if (commit) {
				run->landed = i;
				run->landed_line = f->records[i - 1].line;
			}
			if ((st = store_import_begin(db, err)) != SB_OK)
				return (st);
		}
		end = i + STORE_IMPORT_BATCH < f->nrecords ?
		    i + STORE_IMPORT_BATCH : f->nrecords;
		st = store_import_some(db, org_id, role, f, i, end, close,
		    run, err);
		if (st != SB_OK) {
			store_import_end(db, false, &ignored);
			return (st);
		}
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
