/* The layout, the status message, and loading what the selection shows. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "switchboard/app.h"
#include "switchboard/db.h"
#include "switchboard/emergency.h"
#include "switchboard/pane.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#include "ui-int.h"

long long
ui_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Place the panes for the current size: side by side, or one at a time. */
void
ui_layout(struct ui *ui)
{
	int	i, x, w[UI_NPANES], h, left;

	getmaxyx(stdscr, ui->rows, ui->cols);
	ui_links_forget(ui);
	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
	ui->narrow = ui->cols < UI_WIDE_COLS;
	for (i = 0; i < UI_NPANES; i++) {
		if (ui->panes[i]->win != NULL)
			delwin(ui->panes[i]->win);
		ui->panes[i]->win = NULL;
	}
	if (ui->too_small)
		return;
	h = ui->rows - 2;
	for (i = 0, left = ui->cols; i < UI_NPANES; i++)
		left -= w[i] = ui->cols * ui_pane_table[i].width / 100;
	for (i = 0; i < UI_NPANES; i++)
		if (ui_pane_table[i].width == 0)
			w[i] = left;
	for (i = 0, x = 0; i < UI_NPANES; i++) {
		if (ui->narrow)
			ui->panes[i]->win = newwin(h, ui->cols, 1, 0);
		else
			ui->panes[i]->win = newwin(h, w[i], 1, x);
		if (ui->panes[i]->win == NULL)
			fatal("out of memory for a window");
		x += w[i];
	}
	ui->dirty = true;
}

void
ui_message(struct ui *ui, enum theme_role role, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_role = role;
	ui->dirty = true;
}

/*
 * The first page fills the screen and no more: each row counts its
 * organization's contacts, the costliest part of the first frame (100
 * rows took 42 ms at 1M contacts). The next pages come as the selection
 * nears the end.
 */
static int
ui_org_first_page(const struct ui *ui)
{
	return ui->rows > UI_ORG_FIRST_MIN ? ui->rows : UI_ORG_FIRST_MIN;
}

void
ui_load_orgs(struct ui *ui)
{
	struct pane		*p = ui->panes[UI_ORGS];
	struct store_org_query	 q = { .limit = ui_org_first_page(ui) };

	/* A reload keeps every page shown, so the selection stays put. */
	if (p->rows.count > (size_t)q.limit)
		q.limit = (int)p->rows.count;
	q.text = p->filter;
	p->loading = true;
	/* A next page still on its way belongs to the rows replaced. */
	if (ui->org_page_seq != 0)
		ui->org_page_stale = ui->org_page_seq;
	ui->org_page_seq = 0;
	store_async_org_search(ui->sa, UI_SLOT_ORGS, &q);
}

/*
 * Fetch the page after the last row once the selection nears it, or while
 * the rows do not fill the pane (a taller terminal than the first page).
 */
void
ui_load_orgs_more(struct ui *ui)
{
	struct pane		*p = ui->panes[UI_ORGS];
	struct store_org	*last;
	struct store_org_query	 q = { .limit = UI_ORG_PAGE };

	if (!p->rows.more || p->rows.count == 0 || ui->org_page_seq != 0 ||
	    p->loading || (p->lv.selected < p->lv.count - UI_ORG_NEAR &&
	    p->lv.count >= p->lv.height))
		return;
	last = (struct store_org *)p->rows.rows + p->rows.count - 1;
	q.text = p->filter;
	q.after_name = last->name;
	q.after_id = last->id;
	ui->org_page_seq = store_async_org_search(ui->sa, UI_SLOT_ORGS, &q);
}

/*
 * Directory hits come a screenful at a time too: each hit joins its
 * organizations, and the matcher reads fewer rows for a smaller page. At
 * 1M contacts a name text new to the session took 18-29 ms for 201 hits
 * against 4-6 ms for 41 (the pages of every hit touched for the first
 * time). The search runs again for more as the selection nears the end.
 */
static int
ui_hit_first_page(const struct ui *ui)
{
	int	n = ui_org_first_page(ui);

	return n < UI_HIT_LIMIT ? n : UI_HIT_LIMIT;
}

/* Once the selection nears the last hit, ask for four times as many. */
static void
ui_load_hits_more(struct ui *ui)
{
	struct pane	*p = ui->panes[UI_CONTACTS];

	if (!ui->global || !p->rows.more || p->loading ||
	    ui->hit_limit >= UI_HIT_LIMIT ||
	    p->lv.selected < p->lv.count - UI_ORG_NEAR)
		return;
	ui->hit_limit = ui->hit_limit * 4 < UI_HIT_LIMIT ?
	    ui->hit_limit * 4 : UI_HIT_LIMIT;
	p->loading = true;
	store_async_directory_search(ui->sa, UI_SLOT_CONTACTS,
	    ui->global_text, ui->hit_limit);
}

void
ui_load_contacts(struct ui *ui)
{
	struct pane		*p = ui->panes[UI_CONTACTS];
	struct store_link_query	 q = { .org_id = ui->org_id };
	char			 caption[160];

	if (ui->global) {
		snprintf(caption, sizeof caption, "Search: %s",
		    ui->global_text);
		pane_contacts_clear(p, caption, false);
		p->loading = true;
		snprintf(ui->global_asked, sizeof ui->global_asked, "%s",
		    ui->global_text);
		ui->hit_limit = ui_hit_first_page(ui);
		store_async_directory_search(ui->sa, UI_SLOT_CONTACTS,
		    ui->global_text, ui->hit_limit);
		return;
	}
	if (ui->org_id[0] == '\0')
		return;
	q.role = pane_contacts_role(p);
	q.include_inactive = pane_contacts_include_inactive(p);
	p->loading = true;
	store_async_org_contacts(ui->sa, UI_SLOT_CONTACTS, &q);
}

bool
ui_detail_is_org(const struct ui *ui)
{
	return (ui->focus == UI_ORGS && !ui->global);
}

void
ui_load_detail(struct ui *ui)
{
	if (ui_detail_is_org(ui)) {
		if (ui->org_id[0] == '\0')
			return;
		ui->panes[UI_DETAIL]->loading = true;
		store_async_org_get(ui->sa, UI_SLOT_DETAIL, ui->org_id);
		return;
	}
	if (ui->contact_id[0] == '\0')
		return;
	ui->panes[UI_DETAIL]->loading = true;
	store_async_contact_get(ui->sa, UI_SLOT_DETAIL, ui->contact_id);
}

/*
 * The details pane empty, nothing read for it: no line of a contact
 * stands beside the highlight of another, and nothing acts on one.
 */
static void
ui_detail_clear(struct ui *ui)
{
	struct pane	*d = ui->panes[UI_DETAIL];

	store_rows_free(&d->rows);
	d->vt->take(d, &d->rows);
	d->loading = false;
}

/* The focus moved to or from the organizations: show what has it. */
void
ui_detail_refocus(struct ui *ui)
{
	ui_detail_clear(ui);
	ui_load_detail(ui);
}

void
ui_load_all(struct ui *ui)
{
	ui_load_orgs(ui);
	ui_load_contacts(ui);
	ui_load_detail(ui);
	emergency_reload(ui->emergency);
}

const char *
ui_org_selected_name(const struct ui *ui)
{
	const struct pane	*p = ui->panes[UI_ORGS];

	if (ui->global || p->rows.type != STORE_ROWS_ORGS ||
	    p->lv.selected < 0 || (size_t)p->lv.selected >= p->rows.count)
		return ("");
	return (((const struct store_org *)p->rows.rows)[p->lv.selected].name);
}

/* Nothing selected: no contact, and nothing shows in the details. */
static void
ui_detail_forget(struct ui *ui)
{
	ui->contact_id[0] = '\0';
	ui_detail_clear(ui);
}

/*
 * The organization selection may have moved: follow it. Its contacts
 * come anew; until they do, no contact is selected.
 */
void
ui_follow_org(struct ui *ui)
{
	struct pane	*p = ui->panes[UI_ORGS];
	const char	*id = p->vt->selected_id(p);

	ui_load_orgs_more(ui);
	if (strcmp(id, ui->org_id) == 0 || ui->global)
		return;
	snprintf(ui->org_id, sizeof ui->org_id, "%s", id);
	pane_contacts_clear(ui->panes[UI_CONTACTS], ui_org_selected_name(ui),
	    true);
	ui_detail_forget(ui);
	ui_load_contacts(ui);
	if (ui_detail_is_org(ui))
		ui_load_detail(ui);
}

/*
 * The contact selection may have moved: the details show the new one
 * once read, and nothing until then.
 */
void
ui_follow_contact(struct ui *ui)
{
	struct pane	*p = ui->panes[UI_CONTACTS];
	const char	*id = p->vt->selected_id(p);

	ui_load_hits_more(ui);
	if (strcmp(id, ui->contact_id) == 0)
		return;
	/* The organization shows while it has the focus. */
	if (ui_detail_is_org(ui)) {
		snprintf(ui->contact_id, sizeof ui->contact_id, "%s", id);
		return;
	}
	ui_detail_forget(ui);
	snprintf(ui->contact_id, sizeof ui->contact_id, "%s", id);
	ui_load_detail(ui);
}

/*
 * The first search of a session pays for compiling the matcher, loading
 * the accent rules and the catalog (some 50 ms, many keystrokes' worth),
 * and the first contact's details for planning over eight tables and
 * their policies (13 ms at 1M contacts, 1-2 ms afterwards): pay both with
 * reads nobody sees, once the first frame is complete and nothing else
 * is asked, or when the search prompt opens. Once per database session.
 * A text that matches no name runs every branch of the matcher; one
 * letter, a screenful, runs the short-text branch and the hits' join to
 * their organizations (the first key typed is one letter: at 1M contacts
 * it took 10-11 ms after the first warm-up alone, 6-7 ms after both).
 */
void
ui_search_warm(struct ui *ui)
{
	unsigned int	gen = db_generation(ui->app->db) + 1;

	if (ui->warm_gen == gen || ui->down)
		return;
	ui->warm_gen = gen;
	store_async_directory_search(ui->sa, UI_SLOT_WARM, "zqxj", 1);
	store_async_directory_search(ui->sa, UI_SLOT_WARM_NAME, "a",
	    ui_hit_first_page(ui));
	store_async_contact_get(ui->sa, UI_SLOT_WARM_DETAIL,
	    "00000000-0000-0000-0000-000000000000");
}

/* a and b without the spaces at either end, as btrim(): equal? */
static bool
ui_same_trimmed(const char *a, const char *b)
{
	size_t	la, lb;

	a += strspn(a, " ");
	b += strspn(b, " ");
	for (la = strlen(a); la > 0 && a[la - 1] == ' '; la--)
		;
	for (lb = strlen(b); lb > 0 && b[lb - 1] == ' '; lb--)
		;
	return (la == lb && memcmp(a, b, la) == 0);
}

/*
 * The search text changed: query or filter again. The directory search
 * ignores spaces at the ends of its text, so the space typed before the
 * next word asks nothing new and keeps the hits and the selection.
 */
void
ui_search_changed(struct ui *ui)
{
	struct pane	*p = ui->panes[ui->focus];

	ui->dirty = true;
	if (ui->searching == UI_SEARCH_GLOBAL && ui->global &&
	    ui->global_text[0] != '\0' &&
	    ui_same_trimmed(ui->global_text, ui->global_asked))
		return;
	if (ui->searching == UI_SEARCH_GLOBAL || ui->global) {
		ui->global = ui->global_text[0] != '\0';
		if (!ui->global)
			ui->org_id[0] = '\0';
		ui_load_contacts(ui);
		if (!ui->global)
			ui_follow_org(ui);
	} else if (p->vt->refilter != NULL) {
		p->vt->refilter(p);
		ui_follow_contact(ui);
	} else if (ui->focus == UI_ORGS)
		ui_load_orgs(ui);
	ui->dirty = true;
}

char *
ui_search_text(struct ui *ui)
{
	return (ui->searching == UI_SEARCH_GLOBAL ? ui->global_text :
	    ui->panes[ui->focus]->filter);
}

void
ui_search_store(struct ui *ui)
{
	ui_text_store(ui_search_text(ui), sizeof ui->global_text,
	    prompt_text(&ui->search));
}

/* Cut at a character's start, so the text stays UTF-8. */
void
ui_text_store(char *buf, size_t size, const char *text)
{
	size_t	n = strlen(text);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, text, n);
	buf[n] = '\0';
}
