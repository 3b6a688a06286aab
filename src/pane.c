/* What every pane shares: freeing, list movement, keeping the selection. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/pane.h"

void
pane_free(struct pane *p)
{
	if (p == NULL)
		return;
	if (p->vt->free != NULL)
		p->vt->free(p);
	store_rows_free(&p->rows);
	if (p->win != NULL)
		delwin(p->win);
	free(p);
}

int
pane_list_key(struct pane *p, enum keymap_action action)
{
	int	before = p->lv.selected;

	switch (action) {
	case KEYMAP_MOVE_UP:
		listview_move(&p->lv, -1);
		break;
	case KEYMAP_MOVE_DOWN:
		listview_move(&p->lv, 1);
		break;
	case KEYMAP_PAGE_UP:
		listview_page(&p->lv, -1);
		break;
	case KEYMAP_PAGE_DOWN:
		listview_page(&p->lv, 1);
		break;
	case KEYMAP_FIRST:
		listview_home(&p->lv);
		break;
	case KEYMAP_LAST:
		listview_end(&p->lv);
		break;
	default:
		return PANE_KEY_IGNORED;
	}
	if (p->lv.selected != before)
		return PANE_KEY_REDRAW | PANE_KEY_SELECTED;
	return PANE_KEY_REDRAW;
}

struct pane_match {
	struct pane	 *p;
	const char	 *id;
	const char	*(*id_at)(struct pane *, int);
};

static int
pane_is_record(const void *arg, int row)
{
	const struct pane_match	*m = arg;

	return strcmp(m->id_at(m->p, row), m->id) == 0;
}

void
pane_reselect(struct pane *p, const char *id, int count,
    const char *(*id_at)(struct pane *, int))
{
	struct pane_match	m = { p, id, id_at };

	if (id == NULL || *id == '\0')
		listview_set_count(&p->lv, count);
	else
		listview_reselect(&p->lv, count, pane_is_record, &m);
}

bool
pane_filter_match(const char *text, const char *filter)
{
	size_t	i, j, n = strlen(filter);

	if (n == 0)
		return true;
	for (i = 0; text[i] != '\0'; i++) {
		for (j = 0; j < n && text[i + j] != '\0'; j++) {
			if (tolower((unsigned char)text[i + j]) !=
			    tolower((unsigned char)filter[j]))
				break;
		}
		if (j == n)
			return true;
	}
	return false;
}
