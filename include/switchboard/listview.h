/* The list view-model: row count, selection and scrolling, no curses. */
#ifndef SWITCHBOARD_LISTVIEW_H
#define SWITCHBOARD_LISTVIEW_H

#include <stdbool.h>
#include <stdint.h>

/* Rows of margin kept above and below the selection when scrolling. */
#define LISTVIEW_SCROLLOFF_DEFAULT	1

/*
 * Embedded in the pane that draws it; holds no resources, so there is no
 * _clear. Read the fields freely, change them only through listview_*.
 *
 * After every call:
 * - empty list (count 0): selected is -1 and top is 0;
 * - otherwise 0 <= selected < count and the selection is on screen:
 *   top <= selected < top + height (a height of 0 counts as 1 here);
 * - top never leaves empty lines at the bottom while rows above are
 *   hidden: 0 <= top <= max(0, count - height);
 * - scrolling keeps scrolloff rows between the selection and the top or
 *   bottom edge, except at the first and last rows of the list; with a
 *   short window the margin shrinks to (height - 1) / 2.
 * Scrolling is minimal: top moves only as far as these rules need.
 * Negative counts, heights or margins read as 0.
 */
struct listview {
	int	count;		/* rows in the list */
	int	selected;	/* selected row, -1 when empty */
	int	top;		/* first row on screen */
	int	height;		/* rows on screen */
	int	scrolloff;	/* margin rows kept around the selection */
};

/* Empty, height 0, LISTVIEW_SCROLLOFF_DEFAULT. */
void	listview_init(struct listview *lv);

/* Change the margin and scroll if needed to honour it. */
void	listview_set_scrolloff(struct listview *lv, int scrolloff);

/*
 * After a reload: the selection keeps its index, clamped to the new rows
 * (rows deleted under it select the row now at that index, or the last);
 * a list that was empty selects row 0.
 */
void	listview_set_count(struct listview *lv, int count);

/* After a resize: keep the selection visible with the least scrolling. */
void	listview_set_height(struct listview *lv, int height);

/* Move the selection by delta rows, stopping at the ends. */
void	listview_move(struct listview *lv, int delta);

/*
 * Move by pages (negative: up): the selection and the window both move by
 * height rows, so the selection keeps its line on screen; at the ends the
 * selection goes to the first or last row.
 */
void	listview_page(struct listview *lv, int pages);

/*
 * Scroll a view of text by delta rows, stopping when the first or the
 * last row reaches its edge; the selection stays on screen.
 */
void	listview_scroll(struct listview *lv, int delta);

/* Select the first row and show the top of the list. */
void	listview_home(struct listview *lv);

/* Select the last row and show the end of the list. */
void	listview_end(struct listview *lv);

/*
 * A move action of the key table (move-up, page-down, first, ...) on the
 * list; false, and nothing moved, for any other action.
 */
bool	listview_act(struct listview *lv, int action);

/* Select a row (clamped to the list) and scroll to it. */
void	listview_select(struct listview *lv, int index);

/* Scroll the least needed to show the selection with its margin. */
void	listview_ensure_visible(struct listview *lv);

/*
 * After a reload with count rows, select the row for which is_record(arg,
 * row) is nonzero, the record that was selected before, and keep it on the
 * same screen line if possible. Returns 1 when found; when not (or with no
 * rows), behaves as listview_set_count() and returns 0.
 */
int	listview_reselect(struct listview *lv, int count,
	    int (*is_record)(const void *arg, int row), const void *arg);

/* listview_reselect() for rows identified by ids[0 .. count - 1]. */
int	listview_reselect_id(struct listview *lv, int64_t id,
	    const int64_t *ids, int count);

#endif
