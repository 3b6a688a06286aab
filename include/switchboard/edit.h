/* The editing overlay: contact forms, unlink, conflicts, history, undo. */
#ifndef SWITCHBOARD_EDIT_H
#define SWITCHBOARD_EDIT_H

#include <stdbool.h>

#include "switchboard/pane.h"

struct db;
struct keymap;
struct mode;
struct mode_stack;
struct store_async;

/*
 * The editing overlay: its views (forms, lists, questions) are modes of
 * their own, pushed on the UI's mode stack. Writes run as
 * synchronous commands on db (one transaction each, none left open while
 * a form is open); before each, the UI's reads in flight on sa are waited
 * for and dropped, so the caller reloads after EDIT_RELOAD. notify puts a
 * message on the status line. Created with edit_create (everything
 * borrowed), freed with edit_free.
 */
struct edit;

#define EDIT_REDRAW	0x01
#define EDIT_RELOAD	0x02	/* something was written: query again */

struct edit	*edit_create(struct db *db, struct store_async *sa,
		     const struct draw *draw, const struct keymap *km,
		     void (*notify)(void *, enum theme_role, const char *),
		     void *arg);
void		 edit_free(struct edit *ed);

/*
 * The country (ISO 3166 alpha-2) for phone numbers typed without a country
 * code; EDIT_DEFAULT_COUNTRY until set. Copied.
 */
void		 edit_set_country(struct edit *ed, const char *country);

/*
 * The UI's mode stack (borrowed), where the overlay's views of their own
 * (every form, list and question) are pushed; without it they do not
 * open.
 */
void		 edit_set_modes(struct edit *ed, struct mode_stack *modes);

/*
 * How a login that is not a person's yet is made one before access is
 * granted to it (app_make_person): make returns what was done, in a
 * sentence, or NULL when it was not. Without it, or when it was not, the
 * grant form names what a superuser runs.
 */
void		 edit_set_make_person(struct edit *ed,
		     const char *(*make)(void *, const char *), void *arg);

/*
 * Whether m is a view of the overlay's (a form) that closed by itself (a
 * save confirmed late): to pop.
 */
bool		 edit_stale(const struct mode *m);

/* Entry points, one per action; each returns EDIT_* flags. */
int		 edit_open_contact(struct edit *ed, const char *org_id,
		     const char *contact_id);
int		 edit_open_new(struct edit *ed, const char *org_id);
/* Find a contact by exact email or phone and link it to org_id. */
int		 edit_open_existing(struct edit *ed, const char *org_id);
int		 edit_open_unlink(struct edit *ed, const char *org_id,
		     const struct store_link *link);
/*
 * Mark link primary for its role in org_id; when another contact holds
 * that mark there, ask before moving it.
 */
int		 edit_open_primary(struct edit *ed, const char *org_id,
		     const struct store_link *link);
/* The phones, emails and addresses of a contact or (org) organization. */
int		 edit_open_items(struct edit *ed, bool org,
		     const char *owner_id);
/*
 * Read the history of a record, newest first, as lines of text (NULL
 * when it could not be read, said on the status line); the caller frees
 * them with history_lines_free. EDIT_* flags.
 */
int		 edit_history_read(struct edit *ed, const char *stream_id,
		     char ***lines, size_t *nlines);
/* Undo the newest change of the session not undone yet. */
int		 edit_undo(struct edit *ed);
/* What edit_undo would take back ("link of Ann Lee"), or NULL. */
const char	*edit_undo_next(struct edit *ed);

/*
 * Edit the contact as edit_open_contact does, with its link to org_id
 * (NULL: none) as two more fields: its role here and whether it is the
 * primary for that role.
 */
int		 edit_open_contact_link(struct edit *ed, const char *org_id,
		     const char *contact_id, const struct store_link *link);
/* Delete the contact: ask first, or show who still links it. */
/*
 * Organizations (edit-org.c): the form of a new one (org_id "") or of
 * org_id; the question that archives org_id. Only super admins may:
 * edit_org_refused says why not (asking the server once).
 */
int		 edit_open_org(struct edit *ed, const char *org_id);
int		 edit_open_org_archive(struct edit *ed, const char *org_id);
bool		 edit_org_refused(struct edit *ed, char *why, size_t size);
/* The organization the last save created, once: false when none. */
bool		 edit_org_created(struct edit *ed, char *id, size_t idsize,
		     char *name, size_t namesize);
/*
 * The access view (edit-access.c): the memberships the person sees; a
 * super admin grants (org_name the form's default organization) and
 * revokes there.
 */
int		 edit_open_access(struct edit *ed, const char *org_name);
/* The duplicates view: pairs of contacts likely one person, to merge. */
int		 edit_open_duplicates(struct edit *ed);
/*
 * Import (edit-import.c): a form for the file, then its preview over
 * it; the contacts are written only when the preview is answered yes.
 */
int		 edit_open_import(struct edit *ed, const char *org_id,
		     const char *org_name);
int		 edit_open_delete(struct edit *ed, const char *org_id,
		     const char *contact_id);

/*
 * A save whose reply was lost while the server was away: once the
 * connection is back, ask whether it landed and say so (the form closes
 * when it did, keeps what was typed when it did not). EDIT_* flags; 0
 * while nothing is pending or the server is still away.
 */
int		 edit_recheck(struct edit *ed);
bool		 edit_unsure(const struct edit *ed);
/*
 * The overlay's timer (a search as one types waits for a pause): ms until
 * edit_tick wants calling, or -1 for never. edit_tick returns EDIT_* flags.
 */
int		 edit_timeout(const struct edit *ed);
int		 edit_tick(struct edit *ed);

#endif
