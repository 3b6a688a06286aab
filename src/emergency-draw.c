/* Drawing the emergency view: grouped rows, marks, prompt and footer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/emergency.h"
#include "switchboard/keymap.h"
#include "switchboard/pane.h"
#include "switchboard/term-safe.h"

#include "emergency-int.h"

#define EMERGENCY_MARK_W	5	/* "* DNC" */
#define EMERGENCY_NAME_ROOM	14	/* the change time goes below this */
#define EMERGENCY_NAME_MIN	8	/* names give way down to this */
#define EMERGENCY_WIDE		100	/* full times from here on */
#define EMERGENCY_EMAIL_ROWS	2	/* the selected email, when below */

/*
 * Column positions of a contact line inside the frame. Where the emails
 * do not fit whole beside the names, they leave the rows (email_w 0) and
 * the selected contact's shows whole below the list.
 */
struct emergency_cols {
	int	mark, name, phone, email, changed;
	int	name_w, phone_w, email_w, changed_w;
};

/* The widest value of the rows: a name, a mobile number or an email. */
static int
emergency_widest(const struct emergency *em, int which, int flags)
{
	const struct store_emergency	*e;
	const char			*v;
	size_t				 i;
	int				 w, most = 6;

	for (i = 0; i < em->el.nlines; i++) {
		if (em->el.lines[i].heading)
			continue;
		e = emergency_list_row(&em->el, i);
		v = which == 0 ? e->name : which == 1 ? e->mobile : e->email;
		if ((w = term_safe_width(v, flags)) > most)
			most = w;
	}
	return most;
}

/*
 * The mobile column is as wide as the longest number, and is never cut;
 * the email column as wide as the longest address, names as wide as the
 * longest name, and what is left over after the emails. Where that leaves
 * names less than EMERGENCY_NAME_ROOM, the change time goes; where names
 * would get less than EMERGENCY_NAME_MIN, the emails leave the rows
 * rather than be cut.
 */
static void
emergency_cols(const struct emergency *em, int width, struct emergency_cols *c)
{
	int	flags = em->draw->safe_flags | TERM_SAFE_SPACE, rest;

	c->phone_w = emergency_widest(em, 1, flags);
	c->email_w = emergency_widest(em, 2, flags);
	c->changed_w = width >= EMERGENCY_WIDE - 2 ? 16 : 10;
	rest = width - EMERGENCY_MARK_W - c->phone_w - c->email_w -
	    c->changed_w - 4;
	if (rest < EMERGENCY_NAME_ROOM) {
		rest += c->changed_w + 1;
		c->changed_w = 0;
	}
	if (rest < EMERGENCY_NAME_MIN) {
		rest += c->email_w + 1;
		c->email_w = 0;
	}
	/* Room to spare goes after the emails, not into the names. */
	c->name_w = emergency_widest(em, 0, flags);
	if (c->name_w > rest || c->email_w == 0)
		c->name_w = rest;
	if (c->email_w > 0)
		c->email_w += rest - c->name_w;
	c->mark = 1;
	c->name = c->mark + EMERGENCY_MARK_W + 1;
	c->phone = c->name + c->name_w + 1;
	c->email = c->phone + c->phone_w + 1;
	c->changed = c->email + c->email_w + 1;
}

static void
emergency_draw_contact(struct emergency *em, WINDOW *w, int y,
    const struct store_emergency *e, const struct emergency_cols *c,
    bool selected)
{
	const struct draw	*d = em->draw;
	enum theme_role		 role = selected ? THEME_LIST_SELECTED :
	    THEME_NORMAL;
	char			 changed[20];

	draw_fill(w, d, y, 1, getmaxx(w) - 2, role);
	if (e->primary)
		draw_text(w, d, y, c->mark, 1, "*", selected ? role :
		    THEME_LIST_PRIMARY);
	if (e->do_not_contact)
		draw_text(w, d, y, c->mark + 2, 3, "DNC", selected ? role :
		    THEME_DNC_WARNING);
	draw_text(w, d, y, c->name, c->name_w, e->name, selected ? role :
	    e->primary ? THEME_LIST_PRIMARY : THEME_NORMAL);
	draw_text(w, d, y, c->phone, c->phone_w, *e->mobile != '\0' ?
	    e->mobile : "-", role);
	draw_text(w, d, y, c->email, c->email_w, *e->email != '\0' ?
	    e->email : "-", role);
	if (c->changed_w == 0)
		return;
	snprintf(changed, sizeof changed, "%.*s", c->changed_w,
	    e->updated_at);
	draw_text(w, d, y, c->changed, c->changed_w, changed, role);
}

/*
 * The selected contact's email whole, on the rows at y, broken by display
 * width: the rows have no room for it.
 */
static void
emergency_draw_email(struct emergency *em, WINDOW *w, int y, int width)
{
	const struct store_emergency	*e;
	char				*safe;
	size_t				 at = 0, len, next;
	int				 i, x, flags = em->draw->safe_flags;

	if (em->lv.selected < 0 || em->lv.selected >= em->lv.count ||
	    em->el.lines[em->lv.selected].heading)
		return;
	e = emergency_list_row(&em->el, (size_t)em->lv.selected);
	x = 1 + draw_text(w, em->draw, y, 1, width, "Email ",
	    THEME_FIELD_LABEL);
	safe = term_safe_dup(*e->email != '\0' ? e->email : "-", flags);
	/* The last row takes the rest, cut only past it. */
	for (i = 0; i < EMERGENCY_EMAIL_ROWS && safe[at] != '\0'; i++) {
		len = term_safe_wrap(safe + at, width + 1 - x, flags, &next);
		if (i < EMERGENCY_EMAIL_ROWS - 1)
			safe[at + len] = '\0';
		draw_text(w, em->draw, y + i, x, width + 1 - x, safe + at,
		    THEME_NORMAL);
		at += next;
	}
	free(safe);
}

static void
emergency_draw_lines(struct emergency *em, WINDOW *w, int height)
{
	const struct store_emergency	*e;
	struct emergency_cols		 c;
	int				 i, line, width = getmaxx(w) - 2;

	emergency_cols(em, width, &c);
	if (c.email_w == 0 && height > EMERGENCY_EMAIL_ROWS + 1) {
		height -= EMERGENCY_EMAIL_ROWS;
		emergency_draw_email(em, w, height + 2, width);
	}
	draw_text(w, em->draw, 1, c.name, c.name_w, "Name", THEME_FIELD_LABEL);
	draw_text(w, em->draw, 1, c.phone, c.phone_w, "Mobile",
	    THEME_FIELD_LABEL);
	draw_text(w, em->draw, 1, c.email, c.email_w, "Email",
	    THEME_FIELD_LABEL);
	draw_text(w, em->draw, 1, c.changed, c.changed_w, "Changed",
	    THEME_FIELD_LABEL);
	listview_set_height(&em->lv, height);
	em->cursor_y = getbegy(w) + 2;
	em->cursor_x = getbegx(w) + 1;
	if (em->lv.selected >= em->lv.top)
		em->cursor_y += em->lv.selected - em->lv.top;
	for (i = 0; i < em->lv.height; i++) {
		line = em->lv.top + i;
		if (line >= em->lv.count)
			break;
		e = emergency_list_row(&em->el, (size_t)line);
		if (em->el.lines[line].heading)
			draw_text(w, em->draw, i + 2, 1, width, e->org_name,
			    THEME_PANE_TITLE);
		else
			emergency_draw_contact(em, w, i + 2, e, &c,
			    line == em->lv.selected);
	}
}

/* The name of an action's first key ("?" when unbound). */
static const char *
emergency_key_name(struct emergency *em, enum keymap_action a, char *buf,
    size_t size)
{
	int	keys[KEYMAP_KEYS_MAX];

	if (keymap_keys(em->km, a, keys) == 0)
		return "?";
	return keymap_key_name(keys[0], buf, size);
}

static void
emergency_draw_legend(struct emergency *em, WINDOW *w, int y, int width)
{
	char	line[256], k[6][16];

	snprintf(line, sizeof line, "* primary  DNC do not contact  "
	    "%s org  %s type  %s go to  %s export  %s/%s copy",
	    emergency_key_name(em, KEYMAP_SEARCH_PANE, k[0], sizeof k[0]),
	    emergency_key_name(em, KEYMAP_FILTER_PHONE_TYPE, k[1],
	    sizeof k[1]),
	    emergency_key_name(em, KEYMAP_JUMP_ORG, k[2], sizeof k[2]),
	    emergency_key_name(em, KEYMAP_EXPORT, k[3], sizeof k[3]),
	    emergency_key_name(em, KEYMAP_COPY_PHONE, k[4], sizeof k[4]),
	    emergency_key_name(em, KEYMAP_COPY_EMAIL, k[5], sizeof k[5]));
	draw_text(w, em->draw, y, 1, width, line, THEME_DIM);
}

static void
emergency_draw_footer(struct emergency *em, WINDOW *w, int y, int width)
{
	static const char *const label[] = { "", "Organization: ",
	    "Phone type: ", "Go to organization: ",
	    "Export to (.csv for CSV, else a text sheet): " };
	int	x;

	if (em->prompt != EMERGENCY_PROMPT_NONE) {
		x = 1 + draw_text(w, em->draw, y, 1, width,
		    label[em->prompt], THEME_FIELD_LABEL);
		em->cursor_y = getbegy(w) + y;
		em->cursor_x = getbegx(w) + draw_prompt(w, em->draw, y, x,
		    width - x, &em->pr, THEME_FIELD_VALUE,
		    THEME_LIST_SELECTED);
	} else if (em->note[0] != '\0')
		draw_text(w, em->draw, y, 1, width, em->note, em->note_role);
	else
		emergency_draw_legend(em, w, y, width);
}

static void
emergency_draw_title(struct emergency *em, WINDOW *w, int width)
{
	char	title[400], scope[64];

	if (em->nids == 0)
		snprintf(scope, sizeof scope, "all organizations");
	else
		snprintf(scope, sizeof scope, "%zu marked organization%s",
		    em->nids, em->nids == 1 ? "" : "s");
	snprintf(title, sizeof title, " Emergency contacts: %zu, %s%s%s%s%s ",
	    em->el.ncontacts, scope, em->el.org_filter[0] != '\0' ?
	    ", org /" : "", em->el.org_filter, em->el.type_filter[0] != '\0' ?
	    ", type " : "", em->el.type_filter);
	draw_text(w, em->draw, 0, 2, width - 2, title, THEME_PANE_TITLE);
}

void
emergency_draw(struct emergency *em, int rows, int cols)
{
	WINDOW		*w;
	int		 h = rows - 2, width = cols - 2;
	const char	*empty = NULL;

	em->cursor_y = em->cursor_x = -1;
	if (h < 5 || width < 10 || (w = newwin(h, cols, 1, 0)) == NULL)
		return;
	wbkgdset(w, ' ' | em->draw->attrs[THEME_NORMAL]);
	werase(w);
	wattrset(w, em->draw->attrs[THEME_PANE_BORDER_FOCUSED]);
	box(w, 0, 0);
	emergency_draw_title(em, w, width);
	listview_set_count(&em->lv, (int)em->el.nlines);
	emergency_draw_lines(em, w, h - 4);
	if (em->loading && em->el.nlines == 0)
		empty = "Loading...";
	else if (em->el.rows.count == 0)
		empty = "No emergency contacts";
	else if (em->el.nlines == 0)
		empty = "No contacts match the filters";
	if (empty != NULL)
		draw_text(w, em->draw, 2, 2, width - 2, empty, THEME_DIM);
	emergency_draw_footer(em, w, h - 2, width);
	wnoutrefresh(w);
	delwin(w);
}

bool
emergency_cursor(struct emergency *em, int *y, int *x)
{
	*y = em->cursor_y;
	*x = em->cursor_x;
	return (em->cursor_y >= 0);
}
