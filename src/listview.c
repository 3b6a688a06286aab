/* List view-model: selection and scroll arithmetic for any list pane. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "switchboard/keymap.h"
#include "switchboard/listview.h"

/* v limited to [lo, hi]; hi wins when the range is empty. */
static int
listview_clamp(long long v, int lo, int hi)
{
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	return ((int)v);
}

/* Rows the scroll arithmetic uses: a window of 0 rows counts as 1. */
static int
listview_rows(const struct listview *lv)
{
	return (lv->height > 0 ? lv->height : 1);
}

void
listview_init(struct listview *lv)
{
	lv->count = 0;
	lv->selected = -1;
	lv->top = 0;
	lv->height = 0;
	lv->scrolloff = LISTVIEW_SCROLLOFF_DEFAULT;
}

void
listview_ensure_visible(struct listview *lv)
{
	int	h, margin, max_top;

	if (lv->count <= 0) {
		lv->count = 0;
		lv->selected = -1;
		lv->top = 0;
		return;
	}
	lv->selected = listview_clamp(lv->selected, 0, lv->count - 1);
	h = listview_rows(lv);
	margin = lv->scrolloff;
	if (margin > (h - 1) / 2)
		margin = (h - 1) / 2;
	if (lv->selected - margin < lv->top)
		lv->top = lv->selected - margin;
	if (lv->selected + margin > lv->top + h - 1)
		lv->top = lv->selected + margin - h + 1;
	max_top = lv->count > h ? lv->count - h : 0;
	lv->top = listview_clamp(lv->top, 0, max_top);
}

void
listview_set_scrolloff(struct listview *lv, int scrolloff)
{
	lv->scrolloff = scrolloff > 0 ? scrolloff : 0;
	listview_ensure_visible(lv);
}

void
listview_set_count(struct listview *lv, int count)
{
	lv->count = count > 0 ? count : 0;
	if (lv->count > 0 && lv->selected < 0)
		lv->selected = 0;
	listview_ensure_visible(lv);
}

void
listview_set_height(struct listview *lv, int height)
{
	lv->height = height > 0 ? height : 0;
	listview_ensure_visible(lv);
}

void
listview_move(struct listview *lv, int delta)
{
	if (lv->count <= 0)
		return;
	lv->selected = listview_clamp((long long)lv->selected + delta, 0,
	    lv->count - 1);
	listview_ensure_visible(lv);
}

void
listview_page(struct listview *lv, int pages)
{
	long long	delta;

	if (lv->count <= 0)
		return;
	delta = (long long)pages * listview_rows(lv);
	lv->top = listview_clamp(lv->top + delta, 0, lv->count - 1);
	lv->selected = listview_clamp(lv->selected + delta, 0, lv->count - 1);
	listview_ensure_visible(lv);
}

void
listview_home(struct listview *lv)
{
	listview_select(lv, 0);
}

void
listview_end(struct listview *lv)
{
	listview_select(lv, lv->count - 1);
}

void
listview_select(struct listview *lv, int index)
{
	if (lv->count <= 0)
		return;
	lv->selected = listview_clamp(index, 0, lv->count - 1);
	listview_ensure_visible(lv);
}

int
listview_reselect(struct listview *lv, int count,
    int (*is_record)(const void *arg, int row), const void *arg)
{
	int	line, row;

	/* The selected row still shows the record (one of several rows). */
	if (lv->selected >= 0 && lv->selected < count &&
	    is_record(arg, lv->selected)) {
		lv->count = count;
		listview_ensure_visible(lv);
		return (1);
	}
	line = lv->selected >= 0 ? lv->selected - lv->top : 0;
	for (row = 0; row < count; row++) {
		if (is_record(arg, row))
			break;
	}
	if (row >= count) {
		listview_set_count(lv, count);
		return (0);
	}
	lv->count = count;
	lv->selected = row;
	lv->top = row - line;
	listview_ensure_visible(lv);
	return (1);
}

/* The argument listview_reselect_id() hands to its match callback. */
struct listview_id_match {
	int64_t		 id;
	const int64_t	*ids;
};

static int
listview_match_id(const void *arg, int row)
{
	const struct listview_id_match	*m = arg;

	return (m->ids[row] == m->id);
}

int
listview_reselect_id(struct listview *lv, int64_t id, const int64_t *ids,
    int count)
{
	struct listview_id_match	m = { id, ids };

	return (listview_reselect(lv, count, listview_match_id, &m));
}

void
listview_scroll(struct listview *lv, int delta)
{
	int	h = listview_rows(lv), max_top;

	if (lv->count <= 0)
		return;
	max_top = lv->count > h ? lv->count - h : 0;
	lv->top = listview_clamp((long long)lv->top + delta, 0, max_top);
	lv->selected = listview_clamp(lv->selected, lv->top,
	    lv->top + h - 1 < lv->count - 1 ? lv->top + h - 1 : lv->count - 1);
}

bool
listview_act(struct listview *lv, int action)
{
	switch (action) {
	case KEYMAP_MOVE_UP:
		listview_move(lv, -1);
		break;
	case KEYMAP_MOVE_DOWN:
		listview_move(lv, 1);
		break;
	case KEYMAP_PAGE_UP:
		listview_page(lv, -1);
		break;
	case KEYMAP_PAGE_DOWN:
		listview_page(lv, 1);
		break;
	case KEYMAP_FIRST:
		listview_home(lv);
		break;
	case KEYMAP_LAST:
		listview_end(lv);
		break;
	default:
		return (false);
	}
	return (true);
}
