/* The access view: who may do what; super admins grant and revoke it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/form.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/mode.h"
#include "switchboard/store.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"

#define EDIT_ACCESS_NAME_W	24	/* most cells of a login column */
#define EDIT_ACCESS_KIND_W	14	/* "provider-admin" */
#define EDIT_ACCESS_AT_W	16	/* "2026-12-06 05:14" */

/* The columns of store_access_list. */
enum edit_access_col {
	EDIT_ACCESS_LOGIN, EDIT_ACCESS_KIND, EDIT_ACCESS_ORG,
	EDIT_ACCESS_NAMES_ORG, EDIT_ACCESS_BY, EDIT_ACCESS_AT
};

/* The kinds as the form offers them, in this order (store_access_kinds). */
static const char *const edit_access_kinds[] = {
	"provider-admin", "partner-admin", "support", "super-admin", NULL
};

static const char EDIT_ACCESS_SUPER_ONLY[] = "only a super admin grants "
    "and revokes access";

/* The view's own state; ed only lends the shared ground. */
struct edit_access {
	struct edit		*ed;
	struct store_grid	 g;		/* the memberships shown */
	struct listview		 lv;
	bool			 asked;		/* the revoke question is up */
	char			 org[256];	/* the grant form's default */
	int			 cursor_y;	/* the selected row; -1 none */
};

/* A database kind as the form and the command line say it. */
static const char *
edit_access_word(const char *kind)
{
	const struct store_access_kind	*k = store_access_kind_find(kind,
	    false);

	return (k != NULL ? k->word : kind);
}

/* The memberships read again, the selection kept where it was. */
static void
edit_access_load(struct edit_access *a)
{
	struct sb_error	err;

	store_grid_free(&a->g);
	memset(&a->g, 0, sizeof a->g);
	edit_drain(a->ed);
	if (store_access_list(a->ed->db, &a->g, &err) != SB_OK)
		edit_say(a->ed, THEME_STATUS_ERROR, "%s", err.message);
	listview_set_count(&a->lv, (int)a->g.rows);
}

static int	edit_access_save(struct edit_sheet *);

static const struct edit_form_ops edit_access_form_ops = {
	.save = edit_access_save
};

/* The grant form, for the organization selected in the panes. */
static int
edit_access_grant_open(struct edit_access *a)
{
	struct form	*f = form_create(a->ed->draw->safe_flags);

	form_add_choice(f, "kind", "Access", edit_access_kinds,
	    "provider-admin");
	form_add_text(f, "login", "Login", FORM_RULE_TEXT, 63, NULL);
	form_add_text(f, "org", "Organization", FORM_RULE_TEXT, 200, a->org);
	edit_sheet_push(a->ed, f, &edit_access_form_ops, EDIT_KIND_ACCESS,
	    "Grant access (support with no organization: all of them)");
	return (MODE_REDRAW);
}

/* The refused grant: what a superuser runs first, when that is why. */
static void
edit_access_refused(struct edit_sheet *s, const char *login,
    const struct sb_error *err)
{
	struct sb_error	 scratch;
	char		*step = NULL;

	if (err->status == SB_INVALID && store_access_next_step(s->ed->db,
	    login, &step, &scratch) == SB_OK && step != NULL)
		util_format_text(s->form->message, sizeof s->form->message, "Not a "
		    "person's login yet: a superuser runs %s (then a password "
		    "or peer authentication), and you grant again", step);
	else
		edit_save_failed(s, err);
	free(step);
}

/* Grant it, in one command; the form stays open when refused. */
static int
edit_access_save(struct edit_sheet *s)
{
	struct form_field	*login = form_field_find(s->form, "login");
	struct sb_error		 err;
	const char		*word, *kind, *made = NULL;
	char			 org_id[STORE_UUID_LEN + 1];
	enum sb_status		 st;
	bool			 changed;

	if (*form_field_value(login) == '\0') {
		snprintf(login->error, sizeof login->error, "Whose login?");
		return (EDIT_REDRAW);
	}
	/* The form's choices are the kinds' words. */
	word = form_field_value(form_field_find(s->form, "kind"));
	kind = store_access_kind_find(word, true)->kind;
	sb_error_clear(&err);
	if (!edit_org_field_id(s, "org", org_id, sizeof org_id,
	    "No organization is named that"))
		return (EDIT_REDRAW);
	st = store_access_change(s->ed->db, true, form_field_value(login),
	    kind, *org_id != '\0' ? org_id : NULL, &changed, &err);
	if (st == SB_INVALID && s->ed->make_person != NULL)
		made = s->ed->make_person(s->ed->make_person_arg,
		    form_field_value(login));
	if (made != NULL)
		st = store_access_change(s->ed->db, true,
		    form_field_value(login), kind, *org_id != '\0' ? org_id :
		    NULL, &changed, &err);
	if (st != SB_OK) {
		edit_access_refused(s, form_field_value(login), &err);
		return (EDIT_REDRAW);
	}
	edit_say(s->ed, THEME_STATUS_OK, changed ? "%s%sGranted %s to %s" :
	    "%s%s%s: %s has it already", made != NULL ? made : "",
	    made != NULL ? " " : "", word, form_field_value(login));
	edit_sheet_close(s);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* Revoke the selected membership. */
static void
edit_access_revoke(struct edit_access *a)
{
	struct store_grid	 g = { .rows = 0 };
	struct sb_error		 err;
	const char		*login, *org, *org_id = NULL;
	bool			 changed;
	size_t			 i = (size_t)a->lv.selected;

	login = store_grid_cell(&a->g, i, EDIT_ACCESS_LOGIN);
	org = store_grid_cell(&a->g, i, EDIT_ACCESS_ORG);
	edit_drain(a->ed);
	if (*org != '\0' && (store_org_named(a->ed->db, org, &g, &err) !=
	    SB_OK || g.rows == 0)) {
		edit_say(a->ed, THEME_STATUS_ERROR, "Not revoked: %s",
		    g.rows == 0 ? "the organization is gone" : err.message);
		store_grid_free(&g);
		return;
	}
	if (g.rows > 0)
		org_id = store_grid_cell(&g, 0, 0);
	if (store_access_change(a->ed->db, false, login, store_grid_cell(&a->g,
	    i, EDIT_ACCESS_KIND), org_id, &changed, &err) != SB_OK)
		edit_say(a->ed, THEME_STATUS_ERROR, "Not revoked: %s",
		    err.message);
	else
		edit_say(a->ed, THEME_STATUS_OK, "Revoked %s's access", login);
	store_grid_free(&g);
}

/* Ask before revoking the selected membership. */
static int
edit_access_revoke_ask(struct edit_access *a)
{
	char	q[400];
	size_t	i = (size_t)a->lv.selected;

	if (a->lv.selected < 0 || i >= a->g.rows)
		return (MODE_REDRAW);
	snprintf(q, sizeof q, "Revoke %s from %s%s%s? (y/n)",
	    edit_access_word(store_grid_cell(&a->g, i, EDIT_ACCESS_KIND)),
	    store_grid_cell(&a->g, i, EDIT_ACCESS_LOGIN),
	    *store_grid_cell(&a->g, i, EDIT_ACCESS_ORG) != '\0' ? " for " : "",
	    store_grid_cell(&a->g, i, EDIT_ACCESS_ORG));
	a->asked = edit_ask(a->ed, false, q);
	return (MODE_REDRAW);
}

static unsigned int
edit_access_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_ACCESS);
}

static int
edit_access_key(void *state, int wch, bool code)
{
	struct edit_access	*a = state;
	enum keymap_action	 act;
	char			 why[160];

	(void)code;
	act = keymap_lookup_move(a->ed->km, KEYMAP_CTX_ACCESS, wch);
	switch (act) {
	case KEYMAP_MODE_HELP:
		return (MODE_REDRAW | MODE_HELP);
	case KEYMAP_ACCESS_CLOSE:
		return (MODE_REDRAW | MODE_CLOSE);
	case KEYMAP_ACCESS_GRANT:
	case KEYMAP_ACCESS_REVOKE:
		if (edit_super_refused(a->ed, EDIT_ACCESS_SUPER_ONLY, why,
		    sizeof why)) {
			edit_say(a->ed, THEME_STATUS_WARNING, "Not for you: %s",
			    why);
			return (MODE_REDRAW);
		}
		return (act == KEYMAP_ACCESS_GRANT ?
		    edit_access_grant_open(a) : edit_access_revoke_ask(a));
	default:
		listview_act(&a->lv, act);
		return (MODE_REDRAW);
	}
}

/* The revoke question's answer, or the grant form closed: read again. */
static int
edit_access_result(void *state, int result)
{
	struct edit_access	*a = state;

	if (a->asked && result == EDIT_ANSWER_YES)
		edit_access_revoke(a);
	a->asked = false;
	edit_access_load(a);
	return (MODE_REDRAW | MODE_RELOAD);
}

/* The widest cell of column col (at least the heading's), at most most. */
static int
edit_access_widest(const struct edit_access *a, int col, int least,
    int most)
{
	size_t	i;
	int	w;

	for (i = 0; i < a->g.rows; i++) {
		w = term_safe_width(store_grid_cell(&a->g, i, col),
		    a->ed->draw->safe_flags);
		if (w > least)
			least = w;
	}
	return (least < most ? least : most);
}

/* The columns' widths: the names as wide as they are, the rest to orgs. */
static void
edit_access_widths(const struct edit_access *a, int width, int *w)
{
	w[0] = edit_access_widest(a, EDIT_ACCESS_LOGIN, 5, EDIT_ACCESS_NAME_W);
	w[1] = EDIT_ACCESS_KIND_W;
	w[3] = edit_access_widest(a, EDIT_ACCESS_BY, 10, EDIT_ACCESS_NAME_W);
	w[4] = EDIT_ACCESS_AT_W;
	w[2] = width - 4 - w[0] - w[1] - w[3] - w[4] - 4;
}

static void
edit_access_draw_row(struct edit_access *a, WINDOW *w, int y, size_t i,
    int width, const int *widths)
{
	enum theme_role		 role = (int)i == a->lv.selected ?
	    THEME_LIST_SELECTED : THEME_NORMAL;
	const char		*cells[5];

	draw_fill(w, a->ed->draw, y, 1, width - 2, role);
	cells[0] = store_grid_cell(&a->g, i, EDIT_ACCESS_LOGIN);
	cells[1] = edit_access_word(store_grid_cell(&a->g, i,
	    EDIT_ACCESS_KIND));
	cells[2] = store_grid_cell(&a->g, i, EDIT_ACCESS_ORG);
	if (*cells[2] == '\0')
		cells[2] = strcmp(cells[1], "support") == 0 ?
		    "(every organization)" : strcmp(cells[1], "super-admin") ==
		    0 ? "(everything)" : "";
	cells[3] = store_grid_cell(&a->g, i, EDIT_ACCESS_BY);
	cells[4] = store_grid_cell(&a->g, i, EDIT_ACCESS_AT);
	edit_draw_cells(a->ed, w, y, cells, widths, 5, role);
}

/* "g grant  r revoke  Esc close  F1 keys", as the keys are bound. */
static const struct edit_key_hint edit_access_keys[] = {
	{ KEYMAP_ACCESS_GRANT, "grant" },
	{ KEYMAP_ACCESS_REVOKE, "revoke" },
	{ KEYMAP_ACCESS_CLOSE, "close" },
	{ KEYMAP_MODE_HELP, "keys" },
};

static void
edit_access_draw(void *state, int rows, int cols)
{
	struct edit_access	*a = state;
	static const char *const heads[] = { "Login", "Access",
	    "Organization", "Granted by", "On" };
	const struct draw	*d = a->ed->draw;
	WINDOW			*w;
	char			 title[64];
	int			 h = 0, width, y, widths[5];

	a->cursor_y = -1;
	util_format_text(title, sizeof title, "People and their access (%zu)",
	    a->g.rows);
	if ((w = edit_draw_view(a->ed, rows, cols, 9, title, &h,
	    &width)) == NULL)
		return;
	edit_access_widths(a, width, widths);
	edit_draw_cells(a->ed, w, 1, heads, widths, 5,
	    THEME_FIELD_LABEL);
	listview_set_height(&a->lv, h - 4);
	for (y = 0; y < a->lv.height && a->lv.top + y < a->lv.count; y++)
		edit_access_draw_row(a, w, y + 2, (size_t)(a->lv.top + y),
		    width, widths);
	if (a->lv.selected >= a->lv.top && a->lv.selected < a->lv.top + y)
		a->cursor_y = getbegy(w) + 2 + a->lv.selected - a->lv.top;
	if (a->g.rows == 0)
		draw_text(w, d, 2, 2, width - 4, "No access granted that you "
		    "can see", THEME_DIM);
	edit_draw_keys(a->ed, w, h - 2, width, edit_access_keys,
	    SB_ARRAY_LEN(edit_access_keys));
	wnoutrefresh(w);
	delwin(w);
}

/* At the selected row, for screen readers. */
static bool
edit_access_cursor(void *state, int *y, int *x)
{
	struct edit_access	*a = state;

	*y = a->cursor_y;
	*x = 3;
	return (a->cursor_y >= 0);
}

static void
edit_access_close(void *state)
{
	struct edit_access	*a = state;

	store_grid_free(&a->g);
	free(a);
}

static const struct mode_ops edit_access_ops = {
	.name = "access",
	.context = edit_access_context,
	.draw = edit_access_draw,
	.key = edit_access_key,
	.paste = mode_paste_ignored,
	.result = edit_access_result,
	.close = edit_access_close,
	.cursor = edit_access_cursor
};

int
edit_open_access(struct edit *ed, const char *org_name)
{
	struct edit_access	*a = xcalloc(1, sizeof *a);

	a->ed = ed;
	a->cursor_y = -1;
	snprintf(a->org, sizeof a->org, "%s", org_name);
	listview_init(&a->lv);
	edit_access_load(a);
	if (!edit_view_push(ed, &edit_access_ops, a))
		edit_access_close(a);
	return (EDIT_REDRAW);
}
