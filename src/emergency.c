/* The emergency view: keys, prompts, filters and export over the panes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/emergency.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/pane.h"
#include "switchboard/store.h"
#include "switchboard/prompt.h"
#include "switchboard/util.h"

#include "emergency-int.h"

struct emergency *
emergency_create(struct store_async *sa, int slot, const struct draw *draw,
    const struct keymap *km,
    void (*notify)(void *, enum theme_role, const char *), void *arg)
{
	struct emergency	*em = xcalloc(1, sizeof *em);

	em->sa = sa;
	em->slot = slot;
	em->draw = draw;
	em->km = km;
	em->notify = notify;
	em->arg = arg;
	em->cursor_y = em->cursor_x = -1;
	emergency_list_init(&em->el);
	listview_init(&em->lv);
	prompt_init(&em->pr, EMERGENCY_TEXT_MAX, draw->safe_flags);
	return em;
}

static void
emergency_free_ids(struct emergency *em)
{
	size_t	i;

	for (i = 0; i < em->nids; i++)
		free(em->ids[i]);
	free(em->ids);
	em->ids = NULL;
	em->nids = 0;
}

void
emergency_free(struct emergency *em)
{
	if (em == NULL)
		return;
	emergency_free_ids(em);
	emergency_list_clear(&em->el);
	prompt_clear(&em->pr);
	free(em);
}

bool
emergency_active(const struct emergency *em)
{
	return em != NULL && em->open;
}

/* A message in the view's footer and on the status line. */
void
emergency_note(struct emergency *em, enum theme_role role, const char *text)
{
	snprintf(em->note, sizeof em->note, "%s", text);
	em->note_role = role;
	if (em->notify != NULL)
		em->notify(em->arg, role, text);
}

void
emergency_open(struct emergency *em, const char *const *org_ids, size_t n)
{
	size_t	i;

	emergency_free_ids(em);
	em->ids = xcalloc(n + 1, sizeof *em->ids);
	for (i = 0; i < n; i++)
		em->ids[i] = xstrdup(org_ids[i]);
	em->nids = n;
	emergency_list_clear(&em->el);
	listview_init(&em->lv);
	em->prompt = EMERGENCY_PROMPT_NONE;
	em->note[0] = '\0';
	em->open = true;
	em->contact_id[0] = em->org_id[0] = '\0';
	emergency_reload(em);
}

void
emergency_reload(struct emergency *em)
{
	if (!emergency_active(em))
		return;
	em->loading = true;
	store_async_emergency_list(em->sa, em->slot,
	    (const char *const *)em->ids, em->nids);
}

/* Whether line holds the contact that was selected before a reload. */
static int
emergency_is_selected(const void *arg, int line)
{
	const struct emergency		*em = arg;
	const struct store_emergency	*e = emergency_list_row(&em->el, line);

	return !em->el.lines[line].heading &&
	    strcmp(e->contact_id, em->contact_id) == 0 &&
	    strcmp(e->org_id, em->org_id) == 0;
}

/* After the lines changed: keep the contact selected, or the first. */
void
emergency_reselect(struct emergency *em)
{
	if (!listview_reselect(&em->lv, (int)em->el.nlines,
	    emergency_is_selected, em))
		listview_home(&em->lv);
	emergency_settle(em, 1);
}

void
emergency_take(struct emergency *em, struct store_rows *rows)
{
	em->loading = false;
	if (!em->open || rows == NULL) {
		if (rows != NULL)
			store_rows_free(rows);
		return;
	}
	emergency_list_take(&em->el, rows);
	emergency_reselect(em);
}

/* Move off a heading line, in the direction dir, onto a contact. */
void
emergency_settle(struct emergency *em, int dir)
{
	const struct store_emergency	*e;
	int				 s = em->lv.selected;

	if (s >= 0 && em->el.lines[s].heading) {
		if (dir < 0 && s > 0)
			listview_select(&em->lv, s - 1);
		else
			listview_select(&em->lv, s + 1);
		/* Show the organization's heading with its first contact. */
		s = em->lv.selected;
		if (s > 0 && em->el.lines[s - 1].heading && em->lv.top == s)
			em->lv.top = s - 1;
	}
	e = emergency_list_row(&em->el, em->lv.selected < 0 ? 0 :
	    (size_t)em->lv.selected);
	if (em->lv.selected < 0 || e == NULL) {
		em->contact_id[0] = em->org_id[0] = '\0';
		return;
	}
	snprintf(em->contact_id, sizeof em->contact_id, "%s", e->contact_id);
	snprintf(em->org_id, sizeof em->org_id, "%s", e->org_id);
}

const char *
emergency_copy_text(struct emergency *em, const char *kind)
{
	const struct store_emergency	*e;

	if (em->lv.selected < 0 || em->el.lines == NULL ||
	    em->el.lines[em->lv.selected].heading)
		return NULL;
	e = emergency_list_row(&em->el, (size_t)em->lv.selected);
	if (e == NULL)
		return NULL;
	if (strcmp(kind, "phone") == 0)
		return *e->mobile != '\0' ? e->mobile : NULL;
	return *e->email != '\0' ? e->email : NULL;
}

/* Run the export to the typed path; overwrite after a confirmation. */
static void
emergency_run_export(struct emergency *em, bool overwrite)
{
	struct sb_error	 err;
	enum out_format	 format;
	enum sb_status	 status;
	char		 buf[EMERGENCY_PATH_MAX + 64];

	em->prompt = EMERGENCY_PROMPT_NONE;
	/* An empty sheet written mid-load would look like "nobody to call". */
	if (em->loading) {
		emergency_note(em, THEME_STATUS_WARNING, "The list is still "
		    "loading: export again when it is shown");
		return;
	}
	status = emergency_export(&em->el, em->path, overwrite, &format, &err);
	if (status == SB_CONFLICT && !overwrite) {
		snprintf(em->question, sizeof em->question, "%s exists. "
		    "Overwrite? (y/n)", em->path);
		em->asking = true;
		return;
	}
	if (status != SB_OK) {
		emergency_note(em, THEME_STATUS_ERROR, err.message);
		return;
	}
	snprintf(buf, sizeof buf, "Exported %zu contacts (%s) to %s",
	    em->el.ncontacts, format == OUT_CSV ? "CSV" : "text", em->path);
	emergency_note(em, THEME_STATUS_OK, buf);
}

/* A "~/" at the start of the typed path means the home directory. */
static void
emergency_take_path(struct emergency *em)
{
	const char	*text = prompt_text(&em->pr);
	const char	*home = getenv("HOME");

	if (strncmp(text, "~/", 2) == 0 && home != NULL && *home != '\0')
		snprintf(em->path, sizeof em->path, "%s/%s", home, text + 2);
	else
		snprintf(em->path, sizeof em->path, "%s", text);
}

void
emergency_prompt_accept(struct emergency *em)
{
	enum emergency_prompt	p = em->prompt;

	em->prompt = EMERGENCY_PROMPT_NONE;
	if (p != EMERGENCY_PROMPT_PATH)
		return;
	emergency_take_path(em);
	if (em->path[0] == '\0') {
		emergency_note(em, THEME_STATUS_WARNING, "Not exported");
		return;
	}
	emergency_run_export(em, false);
}

/* The prompt's text changed: filter or jump as the person types. */
void
emergency_prompt_changed(struct emergency *em)
{
	const char	*text = prompt_text(&em->pr);
	int		 line;

	switch (em->prompt) {
	case EMERGENCY_PROMPT_ORG:
		snprintf(em->el.org_filter, sizeof em->el.org_filter, "%s",
		    text);
		emergency_list_refilter(&em->el);
		emergency_reselect(em);
		break;
	case EMERGENCY_PROMPT_TYPE:
		snprintf(em->el.type_filter, sizeof em->el.type_filter, "%s",
		    text);
		emergency_list_refilter(&em->el);
		emergency_reselect(em);
		break;
	case EMERGENCY_PROMPT_JUMP:
		line = emergency_list_find_org(&em->el, text, 0);
		if (line >= 0) {
			listview_select(&em->lv, line);
			emergency_settle(em, 1);
		}
		break;
	default:
		break;
	}
}

/*
 * Esc in a prompt: it closes, and a filter goes back to what it was
 * when the prompt opened (the prompt has put that text back).
 */
static void
emergency_prompt_cancel(struct emergency *em)
{
	if (em->prompt == EMERGENCY_PROMPT_ORG ||
	    em->prompt == EMERGENCY_PROMPT_TYPE)
		emergency_prompt_changed(em);
	else if (em->prompt == EMERGENCY_PROMPT_PATH)
		emergency_note(em, THEME_STATUS_WARNING, "Not exported");
	em->prompt = EMERGENCY_PROMPT_NONE;
}

static int
emergency_prompt_key(struct emergency *em, int wch, bool code)
{
	switch (prompt_key(&em->pr, em->km, wch, code)) {
	case PROMPT_CANCEL:
		emergency_prompt_cancel(em);
		break;
	case PROMPT_ACCEPT:
		emergency_prompt_accept(em);
		break;
	case PROMPT_CHANGED:
		emergency_prompt_changed(em);
		break;
	default:
		break;
	}
	return EMERGENCY_REDRAW;
}

/*
 * A bracketed paste goes into an open prompt as if typed (a filter or a
 * jump follows it at once), never as Enter; with no prompt open, or at
 * the overwrite question, it is ignored and the status line says so.
 */
void
emergency_paste(struct emergency *em, const char *text, const char *note)
{
	char	buf[sizeof em->note];

	if (em->prompt == EMERGENCY_PROMPT_NONE) {
		emergency_note(em, THEME_STATUS_WARNING, "Paste ignored: "
		    "open a filter, jump or export prompt first");
		return;
	}
	if (prompt_paste(&em->pr, text, NULL) != SB_OK)
		emergency_note(em, THEME_STATUS_WARNING, "Prompt full: the "
		    "rest of the paste was left out");
	else if (note != NULL && *note != '\0') {
		snprintf(buf, sizeof buf, "Pasted: %s", note);
		emergency_note(em, THEME_STATUS_WARNING, buf);
	}
	emergency_prompt_changed(em);
}

/* Open a prompt with text in its field. */
static void
emergency_prompt_open(struct emergency *em, enum emergency_prompt p,
    const char *text)
{
	em->prompt = p;
	em->note[0] = '\0';
	prompt_open(&em->pr, text);
}

static void
emergency_move(struct emergency *em, enum keymap_action a)
{
	int	dir = 1;

	if (a == KEYMAP_MOVE_UP) {
		listview_move(&em->lv, -1);
		dir = -1;
	} else if (a == KEYMAP_MOVE_DOWN)
		listview_move(&em->lv, 1);
	else if (a == KEYMAP_PAGE_UP) {
		listview_page(&em->lv, -1);
		dir = -1;
	} else if (a == KEYMAP_PAGE_DOWN)
		listview_page(&em->lv, 1);
	else if (a == KEYMAP_FIRST)
		listview_home(&em->lv);
	else if (a == KEYMAP_LAST) {
		listview_end(&em->lv);
		dir = -1;
	}
	emergency_settle(em, dir);
}

/* An action of the view; returns EMERGENCY_* flags. */
static int
emergency_action(struct emergency *em, enum keymap_action a,
    enum keymap_action *pass)
{
	switch (a) {
	case KEYMAP_MOVE_UP: case KEYMAP_MOVE_DOWN:
	case KEYMAP_PAGE_UP: case KEYMAP_PAGE_DOWN:
	case KEYMAP_FIRST: case KEYMAP_LAST:
		emergency_move(em, a);
		break;
	case KEYMAP_BACK:
	case KEYMAP_EMERGENCY_LIST:
		em->open = false;
		break;
	case KEYMAP_SEARCH_PANE:
		emergency_prompt_open(em, EMERGENCY_PROMPT_ORG,
		    em->el.org_filter);
		break;
	case KEYMAP_FILTER_PHONE_TYPE:
		emergency_prompt_open(em, EMERGENCY_PROMPT_TYPE,
		    em->el.type_filter);
		break;
	case KEYMAP_JUMP_ORG:
		emergency_prompt_open(em, EMERGENCY_PROMPT_JUMP, "");
		break;
	case KEYMAP_EXPORT:
		emergency_prompt_open(em, EMERGENCY_PROMPT_PATH, em->path);
		break;
	case KEYMAP_COPY_PHONE:
		return EMERGENCY_COPY_PHONE;
	case KEYMAP_COPY_EMAIL:
		return EMERGENCY_COPY_EMAIL;
	case KEYMAP_REFRESH:
		emergency_reload(em);
		break;
	case KEYMAP_QUIT:
	case KEYMAP_HELP:
		*pass = a;
		return EMERGENCY_PASS;
	default:
		return 0;
	}
	return EMERGENCY_REDRAW;
}

int
emergency_key(struct emergency *em, int wch, bool code,
    enum keymap_action *pass)
{
	enum keymap_action	a;

	*pass = KEYMAP_NONE;
	if (em->prompt != EMERGENCY_PROMPT_NONE) {
		if (emergency_prompt_key(em, wch, code) != 0 && em->asking) {
			em->asking = false;
			return EMERGENCY_REDRAW | EMERGENCY_ASK;
		}
		return EMERGENCY_REDRAW;
	}
	/* A note answers the last key: any next key takes it away. */
	em->note[0] = '\0';
	a = keymap_lookup(em->km, KEYMAP_CTX_EMERGENCY,
	    keymap_key_normalize(wch));
	if (a == KEYMAP_NONE)
		return EMERGENCY_REDRAW;
	return emergency_action(em, a, pass);
}

const char *
emergency_question(const struct emergency *em)
{
	return em->question;
}

void
emergency_answer(struct emergency *em, bool yes)
{
	if (yes)
		emergency_run_export(em, true);
	else
		emergency_note(em, THEME_STATUS_WARNING, "Not exported");
}
