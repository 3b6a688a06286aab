/* A file's records imported or previewed, and what they came to, said. */
#include "config.h"

#include <sys/random.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "switchboard/db-pq.h"
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

/* What a file is imported into, and how. */
struct store_import_job {
	const char			*org_id;
	const char			*role;
	const struct import_file	*f;
	enum store_import_close		 close;
	bool				 commit;
	struct store_import_run		*run;
	long long			 key;	/* the first batch's lock */
};

/* A connection the file's batches take turns on, and its batch. */
struct store_import_slot {
	struct db	*db;
	size_t		 first, end;	/* the batch's records */
	long long	 key;		/* the lock its transaction holds */
	bool		 open;		/* its transaction is open */
	bool		 sent;		/* its call awaits the answer */
};

/* Records first to end, record by record: a savepoint each. */
static enum sb_status
store_import_each(const struct store_import_job *job, struct db *db,
    size_t first, size_t end, struct sb_error *err)
{
	const struct import_file	*f = job->f;
	enum store_import_outcome	 oc;
	char				*json;
	size_t				 i;
	enum sb_status			 st;

	for (i = first; i < end; i++) {
		json = import_record_json(&f->records[i]);
		st = store_import_record(db, job->org_id,
		    *f->records[i].role != '\0' ? f->records[i].role :
		    job->role, f->system, f->records[i].source_id, json,
		    job->close, &oc, err);
		free(json);
		if (st != SB_OK)
			return (st);
		store_import_tally(job->run, f, i, oc, err->message);
	}
	return (SB_OK);
}

/* Open slot s's transaction and send its batch, first to end. */
static enum sb_status
store_import_start(const struct store_import_job *job,
    struct store_import_slot *s, size_t first, size_t end,
    const struct store_import_slot *prev, struct sb_error *err)
{
	enum sb_status	st;

	s->first = first;
	s->end = end;
	s->key = job->key + (long long)first;
	s->open = true;
	if ((st = store_import_begin(s->db, s->key, err)) != SB_OK)
		return (st);
	st = store_import_batch_send(s->db, job->org_id, job->role, job->f,
	    first, end - first, job->close, prev != NULL ? &prev->key : NULL,
	    err);
	s->sent = st == SB_OK;
	return (st);
}

/*
 * Slot s's batch answered (every batch before it has ended): sent again
 * when what it found changed meanwhile, record by record when the server
 * did not take it whole, and its transaction ended.
 */
static enum sb_status
store_import_finish(const struct store_import_job *job,
    struct store_import_slot *s, struct sb_error *err)
{
	const struct import_file	 *f = job->f;
	size_t				  n = s->end - s->first, i;
	enum store_import_outcome	 *out;
	char				**whom;
	bool				  took, again;
	enum sb_status			  st;

	out = xcalloc(n, sizeof *out);
	whom = xcalloc(n, sizeof *whom);
	s->sent = false;
	st = store_import_batch_receive(s->db, n, out, whom, &took, &again,
	    err);
	if (st == SB_OK && again) {
		st = store_import_batch_send(s->db, job->org_id, job->role, f,
		    s->first, n, job->close, NULL, err);
		if (st == SB_OK)
			st = store_import_batch_receive(s->db, n, out, whom,
			    &took, &again, err);
	}
	if (st == SB_OK && took) {
		for (i = 0; i < n; i++)
			store_import_tally(job->run, f, s->first + i, out[i],
			    whom[i]);
	} else if (st == SB_OK)
		st = store_import_each(job, s->db, s->first, s->end, err);
	for (i = 0; i < n; i++)
		free(whom[i]);
	free(whom);
	free(out);
	if (st != SB_OK)
		return (st);
	s->open = false;
	if ((st = store_import_end(s->db, job->commit, err)) != SB_OK)
		return (st);
	if (job->commit) {
		job->run->landed = s->end;
		job->run->landed_line = f->records[s->end - 1].line;
	}
	return (SB_OK);
}

/* After a failure: the open batches rolled back, the older first. */
static void
store_import_abandon(struct store_import_slot *slot, size_t nslots)
{
	struct store_import_slot	*s;
	struct sb_error			 ignored;
	size_t				 i, o;

	/* The newer may wait for the older's lock: end the older first. */
	o = nslots == 2 && slot[1].open &&
	    (!slot[0].open || slot[1].first < slot[0].first);
	for (i = 0; i < nslots; i++) {
		s = &slot[(o + i) % nslots];
		if (s->open && s->sent)
			(void)db_receive(s->db, NULL, &ignored);
		if (s->open)
			(void)store_import_end(s->db, false, &ignored);
		s->open = s->sent = false;
	}
}

static int
store_import_id_cmp(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

/* Whether records a to b and c to d of f share a source id. */
static bool
store_import_shares_source(const struct import_file *f, size_t a, size_t b,
    size_t c, size_t d)
{
	const char	**ids;
	size_t		  i;
	bool		  shared = false;

	ids = xreallocarray(NULL, b - a, sizeof *ids);
	for (i = a; i < b; i++)
		ids[i - a] = f->records[i].source_id;
	qsort(ids, b - a, sizeof *ids, store_import_id_cmp);
	for (i = c; i < d && !shared; i++)
		shared = bsearch(&f->records[i].source_id, ids, b - a,
		    sizeof *ids, store_import_id_cmp) != NULL;
	free(ids);
	return (shared);
}

/* The first batch's lock: one no other import is likely to hold. */
static long long
store_import_key(void)
{
	uint64_t	k;

	if (getrandom(&k, sizeof k, 0) != (ssize_t)sizeof k)
		k = (uint64_t)getpid() << 32 ^ (uint64_t)time(NULL);
	/* Room to count the batches on. */
	return ((long long)(k >> 2));
}

enum sb_status
store_import_file(struct db *db, const char *org_id, const char *role,
    const struct import_file *f, enum store_import_close close, bool commit,
    struct store_import_run *run, struct sb_error *err)
{
	struct store_import_job		 job = { org_id, role, f, close, commit,
	    run, store_import_key() };
	struct store_import_slot	 slot[2], *s, *prev = NULL;
	struct db			*other = NULL;
	struct sb_error			 ignored;
	size_t				 nslots = 1, i, k, end;
	enum sb_status			 st = SB_OK;

	memset(run, 0, sizeof *run);
	memset(slot, 0, sizeof slot);
	slot[0].db = db;
	/*
	 * On a second connection a batch looks and writes its contacts
	 * while the one before links its own and commits: both of a small
	 * server's cores work. Without one, a batch at a time.
	 */
	if (f->nrecords > STORE_IMPORT_BATCH &&
	    db_connect_like(db, &other, &ignored) == SB_OK) {
		slot[1].db = other;
		nslots = 2;
	}
	for (i = k = 0; i < f->nrecords && st == SB_OK; i = end, k++) {
		end = i + STORE_IMPORT_BATCH < f->nrecords ?
		    i + STORE_IMPORT_BATCH : f->nrecords;
		s = &slot[k % nslots];
		/*
		 * Batches with a source id in common would wait for each
		 * other's record lock: the later one waits here instead.
		 */
		if (prev != NULL && (prev == s ||
		    store_import_shares_source(f, prev->first, prev->end, i,
		    end))) {
			st = store_import_finish(&job, prev, err);
			prev = NULL;
			if (st != SB_OK)
				break;
		}
		st = store_import_start(&job, s, i, end, prev, err);
		if (st == SB_OK && prev != NULL)
			st = store_import_finish(&job, prev, err);
		prev = s;
	}
	if (st == SB_OK && prev != NULL)
		st = store_import_finish(&job, prev, err);
	if (st != SB_OK)
		store_import_abandon(slot, nslots);
	db_free(other);
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
