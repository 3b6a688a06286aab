/* Import from the interface: the file's form, its preview, then the import. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/import.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/mode.h"
#include "switchboard/prompt.h"
#include "switchboard/store-import.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "switchboard/wrap.h"

#define EDIT_IMPORT_PATH_MAX	1024	/* characters of a file's path */

static const char *const edit_import_formats[] = {
	"guess", "vcard", "csv", NULL
};
static const char *const edit_import_roles[] = {
	"stakeholder", "billing", "technical", "emergency", "admin", NULL
};
/* By enum store_import_close. */
static const char *const edit_import_closes[] = {
	"ask", "link", "create", NULL
};

/* The preview's own state: the file read, what it would come to. */
struct edit_import {
	struct edit		*ed;
	struct import_file	 file;
	char			 org_id[STORE_UUID_LEN + 1];
	char			 org[300];	/* its name */
	char			 role[33];
	enum store_import_close	 close;
	char			**lines;	/* the preview's report */
	size_t			 nlines;
	struct listview		 lv;
};

static int
edit_import_context_key(struct edit_import *im, int wch)
{
	return (keymap_lookup_move(im->ed->km, KEYMAP_CTX_CONFIRM,
	    keymap_key_normalize(wch)));
}

/* Write it, a batch a transaction; the form closes when it all landed. */
static int
edit_import_do(struct edit_import *im)
{
	struct store_import_run	 run;
	struct sb_error		 err;
	char			**lines;
	size_t			 n;

	edit_drain(im->ed);
	if (store_import_file(im->ed->db, im->org_id, im->role, &im->file,
	    im->close, true, &run, &err) != SB_OK) {
		if (run.landed > 0)
			edit_say(im->ed, THEME_STATUS_ERROR, "Only the first "
			    "%zu records (to line %ld) were imported: %s. "
			    "Import the file again for the rest", run.landed,
			    run.landed_line, err.message);
		else
			edit_say(im->ed, THEME_STATUS_ERROR, "Nothing was "
			    "imported: %s", err.message);
		store_import_run_clear(&run);
		mode_stack_set_result(im->ed->modes, EDIT_ANSWER_NO);
		return (MODE_REDRAW | MODE_CLOSE);
	}
	n = store_import_report("Imported", &im->file, &run, &lines);
	edit_say(im->ed, THEME_STATUS_OK, "%s", lines[0]);
	history_lines_free(lines, n);
	store_import_run_clear(&run);
	mode_stack_set_result(im->ed->modes, EDIT_ANSWER_YES);
	return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
}

static unsigned int
edit_import_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_CONFIRM);
}

/* The move keys scroll; y imports; any other key goes back. */
static int
edit_import_key(void *state, int wch, bool code)
{
	struct edit_import	*im = state;
	int			 a = edit_import_context_key(im, wch);

	(void)code;
	if (a == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	if (listview_act(&im->lv, a))
		return (MODE_REDRAW);
	if (prompt_confirm(im->ed->km, keymap_key_normalize(wch)))
		return (edit_import_do(im));
	mode_stack_set_result(im->ed->modes, EDIT_ANSWER_NO);
	return (MODE_REDRAW | MODE_CLOSE);
}

static void
edit_import_draw(void *state, int rows, int cols)
{
	struct edit_import	*im = state;
	const struct draw	*d = im->ed->draw;
	WINDOW			*w;
	char			 title[EDIT_TITLE_MAX], ask[EDIT_TEXT_MAX + 100], *safe;
	char			**wrapped;
	size_t			 n, k;
	int			 h = 0, width, y, i;

	util_format_text(title, sizeof title, "Import into %s: preview", im->org);
	if ((w = edit_draw_view(im->ed, rows, cols, 9, title, &h,
	    &width)) == NULL)
		return;
	listview_set_height(&im->lv, h - 5);
	/* Each line whole, wrapped: a count or a reason is never cut. */
	for (i = im->lv.top, y = 1; i < im->lv.count && y < h - 4; i++) {
		safe = term_safe_dup(im->lines[i], d->safe_flags);
		n = wrap_text(safe, width - 4, &wrapped);
		for (k = 0; k < n; k++) {
			if (y < h - 4)
				draw_text(w, d, y++, 2, width - 4, wrapped[k],
				    i == 0 ? THEME_FIELD_LABEL : THEME_NORMAL);
			free(wrapped[k]);
		}
		free(wrapped);
		free(safe);
	}
	snprintf(ask, sizeof ask, "Nothing is written yet. Import into %s "
	    "as %s? (y/n; n goes back to the form)", im->org, im->role);
	draw_wrap(w, d, h - 3, 2, width - 4, 2, ask, THEME_STATUS_WARNING);
	wnoutrefresh(w);
	delwin(w);
}

static void
edit_import_close(void *state)
{
	struct edit_import	*im = state;

	import_file_clear(&im->file);
	history_lines_free(im->lines, im->nlines);
	free(im);
}

static const struct mode_ops edit_import_ops = {
	.name = "import preview",
	.context = edit_import_context,
	.draw = edit_import_draw,
	.key = edit_import_key,
	.paste = mode_paste_ignored,
	.close = edit_import_close
};

/* The file's field holds why it cannot be read, and what to do. */
static void
edit_import_unreadable(struct edit_sheet *s, const struct sb_error *err)
{
	struct form_field	*f = form_field_find(s->form, "path");

	snprintf(f->error, sizeof f->error, "%s", err->message);
}

/*
 * Read the file and preview it (a transaction rolled back), then ask
 * over the form; the form keeps what was typed whatever happens.
 */
static int
edit_import_save(struct edit_sheet *s)
{
	struct edit_import	*im = xcalloc(1, sizeof *im);
	struct import_options	 opts = { .format = IMPORT_GUESS };
	struct store_import_run	 run;
	struct sb_error		 err;
	const char		*format, *encoding;

	format = form_field_value(form_field_find(s->form, "format"));
	encoding = form_field_value(form_field_find(s->form, "encoding"));
	opts.format = strcmp(format, "vcard") == 0 ? IMPORT_VCARD :
	    strcmp(format, "csv") == 0 ? IMPORT_CSV : IMPORT_GUESS;
	opts.encoding = *encoding != '\0' ? encoding : NULL;
	opts.country = s->ed->country;
	im->ed = s->ed;
	snprintf(im->org_id, sizeof im->org_id, "%s", s->org_id);
	snprintf(im->org, sizeof im->org, "%s", s->found);
	snprintf(im->role, sizeof im->role, "%s",
	    form_field_value(form_field_find(s->form, "role")));
	im->close = STORE_IMPORT_CLOSE_ASK;
	while (im->close < STORE_IMPORT_CLOSE_CREATE &&
	    strcmp(edit_import_closes[im->close], form_field_value(
	    form_field_find(s->form, "close"))) != 0)
		im->close++;
	if (import_file_read(form_field_value(form_field_find(s->form,
	    "path")), &opts, &im->file, &err) != SB_OK) {
		edit_import_unreadable(s, &err);
		edit_import_close(im);
		return (EDIT_REDRAW);
	}
	edit_drain(s->ed);
	if (store_import_file(s->ed->db, im->org_id, im->role, &im->file,
	    im->close, false, &run, &err) != SB_OK) {
		store_import_run_clear(&run);
		edit_save_failed(s, &err);
		edit_import_close(im);
		return (EDIT_REDRAW);
	}
	im->nlines = store_import_report("Preview of", &im->file, &run,
	    &im->lines);
	if (run.n[STORE_IMPORT_CLOSE] > 0) {
		im->lines = xreallocarray(im->lines, im->nlines + 2,
		    sizeof *im->lines);
		im->lines[im->nlines++] = xasprintf("%zu left out for a close "
		    "name: go back, choose link or create under Close names",
		    run.n[STORE_IMPORT_CLOSE]);
		im->lines[im->nlines] = NULL;
	}
	store_import_run_clear(&run);
	listview_init(&im->lv);
	listview_set_scrolloff(&im->lv, 0);
	listview_set_count(&im->lv, (int)im->nlines);
	if (!mode_stack_push(s->ed->modes, &edit_import_ops, im)) {
		edit_import_close(im);
		return (EDIT_REDRAW);
	}
	s->mode = EDIT_CONFIRM_IMPORT;
	return (EDIT_REDRAW);
}

/* The preview's answer: imported (the form closes), or back to it. */
static int
edit_import_answer(struct edit_sheet *s, int answer)
{
	s->mode = EDIT_FORM;
	if (answer == EDIT_ANSWER_YES) {
		edit_sheet_close(s);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	return (EDIT_REDRAW);
}

static const struct edit_form_ops edit_import_form_ops = {
	.save = edit_import_save,
	.answer = edit_import_answer
};

int
edit_open_import(struct edit *ed, const char *org_id, const char *org_name)
{
	struct edit_sheet	*s;
	struct form		*f;
	char			 title[EDIT_TITLE_MAX];

	if (*org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING,
		    "Choose an organization first");
		return (EDIT_REDRAW);
	}
	f = form_create(ed->draw->safe_flags);
	form_add_text(f, "path", "File", FORM_RULE_TEXT,
	    EDIT_IMPORT_PATH_MAX, NULL);
	form_add_choice(f, "format", "Format", edit_import_formats, "guess");
	form_add_choice(f, "role", "Role here", edit_import_roles,
	    "stakeholder");
	form_add_text(f, "encoding", "Encoding", FORM_RULE_TEXT, 40, NULL);
	form_add_choice(f, "close", "Close names", edit_import_closes, "ask");
	util_format_text(title, sizeof title, "Import contacts into %s (vCard or "
	    "CSV; F2 previews, nothing is written yet)", org_name);
	s = edit_sheet_push(ed, f, &edit_import_form_ops, EDIT_KIND_IMPORT,
	    title);
	if (s != NULL) {
		snprintf(s->org_id, sizeof s->org_id, "%s", org_id);
		snprintf(s->found, sizeof s->found, "%s", org_name);
	}
	return (EDIT_REDRAW);
}
