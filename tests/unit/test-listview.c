/* Unit tests for the list view-model: selection and scrolling. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>

#include "switchboard/listview.h"
#include "switchboard/util.h"

/* A view with count rows, height lines and margin, as after a load. */
static void
make_view(struct listview *lv, int count, int height, int margin)
{
	listview_init(lv);
	listview_set_scrolloff(lv, margin);
	listview_set_height(lv, height);
	listview_set_count(lv, count);
}

/* The invariants every operation must leave behind. */
static void
assert_valid(const struct listview *lv)
{
	int	h = lv->height > 0 ? lv->height : 1;
	int	max_top = lv->count > h ? lv->count - h : 0;

	if (lv->count == 0) {
		assert_int_equal(lv->selected, -1);
		assert_int_equal(lv->top, 0);
		return;
	}
	assert_in_range(lv->selected, 0, lv->count - 1);
	assert_in_range(lv->top, 0, max_top);
	assert_true(lv->top <= lv->selected);
	assert_true(lv->selected < lv->top + h);
}

#define assert_view(lv, sel, tp) do {					\
	assert_valid(lv);						\
	assert_int_equal((lv)->selected, (sel));			\
	assert_int_equal((lv)->top, (tp));				\
} while (0)

static void
test_init_and_empty(void **state)
{
	struct listview	lv;

	(void)state;
	listview_init(&lv);
	assert_int_equal(lv.scrolloff, LISTVIEW_SCROLLOFF_DEFAULT);
	assert_view(&lv, -1, 0);
	make_view(&lv, 0, 10, 1);
	listview_move(&lv, 1);
	assert_view(&lv, -1, 0);
	listview_page(&lv, 1);
	listview_home(&lv);
	listview_end(&lv);
	listview_select(&lv, 3);
	listview_ensure_visible(&lv);
	assert_view(&lv, -1, 0);
	listview_set_count(&lv, -5);
	assert_view(&lv, -1, 0);
	assert_int_equal(lv.count, 0);
	/* Rows arriving select the first. */
	listview_set_count(&lv, 3);
	assert_view(&lv, 0, 0);
}

static void
test_one_row(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 1, 5, 2);
	assert_view(&lv, 0, 0);
	listview_move(&lv, 1);
	assert_view(&lv, 0, 0);
	listview_move(&lv, -1);
	assert_view(&lv, 0, 0);
	listview_page(&lv, 3);
	assert_view(&lv, 0, 0);
	listview_end(&lv);
	assert_view(&lv, 0, 0);
	listview_set_count(&lv, 0);
	assert_view(&lv, -1, 0);
}

static void
test_move_without_margin(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 20, 5, 0);
	listview_move(&lv, 4);
	assert_view(&lv, 4, 0);		/* last line, no scroll yet */
	listview_move(&lv, 1);
	assert_view(&lv, 5, 1);		/* one line of scroll */
	listview_move(&lv, -3);
	assert_view(&lv, 2, 1);		/* inside the window */
	listview_move(&lv, -2);
	assert_view(&lv, 0, 0);
	listview_move(&lv, -100);
	assert_view(&lv, 0, 0);
	listview_move(&lv, 100);
	assert_view(&lv, 19, 15);
	listview_move(&lv, INT32_MAX);
	assert_view(&lv, 19, 15);
	listview_move(&lv, INT32_MIN);
	assert_view(&lv, 0, 0);
}

static void
test_move_with_margin(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 20, 6, 2);
	listview_move(&lv, 3);
	assert_view(&lv, 3, 0);
	listview_move(&lv, 1);
	assert_view(&lv, 4, 1);		/* keeps two rows below */
	listview_move(&lv, 1);
	assert_view(&lv, 5, 2);
	listview_move(&lv, -1);
	assert_view(&lv, 4, 2);		/* margin above is fine */
	listview_move(&lv, -1);
	assert_view(&lv, 3, 1);
	listview_end(&lv);
	assert_view(&lv, 19, 14);	/* no margin past the last row */
	listview_move(&lv, -3);
	assert_view(&lv, 16, 14);
	listview_move(&lv, -1);
	assert_view(&lv, 15, 13);
	/* A short window shrinks the margin to (height - 1) / 2. */
	make_view(&lv, 20, 3, 5);
	listview_move(&lv, 5);
	assert_view(&lv, 5, 4);
	make_view(&lv, 20, 3, 2);
	listview_move(&lv, 5);
	assert_view(&lv, 5, 4);
	make_view(&lv, 20, 4, 2);
	listview_move(&lv, 5);
	assert_view(&lv, 5, 3);
	listview_move(&lv, -2);
	assert_view(&lv, 3, 2);
	listview_set_scrolloff(&lv, -1);
	assert_int_equal(lv.scrolloff, 0);
}

static void
test_page(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 25, 10, 0);
	listview_move(&lv, 2);
	listview_page(&lv, 1);
	assert_view(&lv, 12, 10);	/* same screen line */
	listview_page(&lv, 1);
	assert_view(&lv, 22, 15);	/* window stops at the end */
	listview_page(&lv, 1);
	assert_view(&lv, 24, 15);	/* then the selection does */
	listview_page(&lv, -1);
	assert_view(&lv, 14, 5);
	listview_page(&lv, -1);
	assert_view(&lv, 4, 0);
	listview_page(&lv, -1);
	assert_view(&lv, 0, 0);
	listview_page(&lv, INT32_MAX);
	assert_view(&lv, 24, 15);
	listview_page(&lv, INT32_MIN);
	assert_view(&lv, 0, 0);
}

static void
test_home_end_select(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 50, 10, 1);
	listview_end(&lv);
	assert_view(&lv, 49, 40);
	listview_home(&lv);
	assert_view(&lv, 0, 0);
	listview_select(&lv, 30);
	assert_view(&lv, 30, 22);	/* shown with one row below */
	listview_select(&lv, 25);
	assert_view(&lv, 25, 22);	/* already visible: no scroll */
	listview_select(&lv, 22);
	assert_view(&lv, 22, 21);	/* margin above */
	listview_select(&lv, 1000);
	assert_view(&lv, 49, 40);
	listview_select(&lv, -7);
	assert_view(&lv, 0, 0);
}

static void
test_height_larger_than_rows(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 4, 10, 1);
	listview_end(&lv);
	assert_view(&lv, 3, 0);
	listview_page(&lv, 1);
	assert_view(&lv, 3, 0);
	listview_page(&lv, -1);
	assert_view(&lv, 0, 0);
}

static void
test_resize(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 100, 20, 0);
	listview_select(&lv, 50);
	assert_view(&lv, 50, 31);
	listview_set_height(&lv, 10);
	assert_view(&lv, 50, 41);	/* least scroll to keep it shown */
	listview_set_height(&lv, 30);
	assert_view(&lv, 50, 41);	/* growing does not jump */
	listview_end(&lv);
	assert_view(&lv, 99, 70);
	listview_set_height(&lv, 50);
	assert_view(&lv, 99, 50);	/* no empty lines under the end */
	listview_set_height(&lv, 200);
	assert_view(&lv, 99, 0);
	listview_set_height(&lv, 0);
	assert_view(&lv, 99, 99);	/* zero lines: top follows */
	listview_set_height(&lv, -3);
	assert_int_equal(lv.height, 0);
	assert_view(&lv, 99, 99);
	listview_set_height(&lv, 5);
	assert_view(&lv, 99, 95);
}

static void
test_rows_deleted_under_selection(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 30, 10, 1);
	listview_select(&lv, 20);
	assert_view(&lv, 20, 12);
	listview_set_count(&lv, 29);
	assert_view(&lv, 20, 12);	/* the next row takes its place */
	listview_set_count(&lv, 15);
	assert_view(&lv, 14, 5);	/* clamped to the new last row */
	listview_set_count(&lv, 40);
	assert_view(&lv, 14, 6);	/* more rows: the margin returns */
	listview_set_count(&lv, 0);
	assert_view(&lv, -1, 0);
}

static int
match_name(const void *arg, int row)
{
	static const char	*names[] = { "ada", "bob", "cy", "dee", "eve",
	    "fay", "gus", "hal", "ivy", "jo" };
	const char		*want = arg;

	return (row < (int)SB_ARRAY_LEN(names) && names[row][0] == want[0]);
}

static void
test_reselect(void **state)
{
	static const int64_t	 before[] = { 10, 11, 12, 13, 14, 15, 16,
	    17 };
	static const int64_t	 after[] = { 5, 10, 12, 13, 14, 15, 16, 17,
	    18 };
	static const int64_t	 gone[] = { 10, 11, 12 };
	struct listview		 lv;

	(void)state;
	make_view(&lv, 8, 4, 0);
	listview_select(&lv, 5);
	assert_view(&lv, 5, 2);
	assert_int_equal(before[lv.selected], 15);
	/* Rows inserted above: the record moves down, same screen line. */
	assert_int_equal(listview_reselect_id(&lv, 15, after, 9), 1);
	assert_view(&lv, 5, 2);
	assert_int_equal(after[lv.selected], 15);
	lv.selected = 6;
	lv.top = 3;
	assert_int_equal(listview_reselect_id(&lv, 16, before, 8), 1);
	assert_view(&lv, 6, 3);
	/* Gone: behaves as set_count (clamped index). */
	assert_int_equal(listview_reselect_id(&lv, 99, gone, 3), 0);
	assert_view(&lv, 2, 0);
	assert_int_equal(lv.count, 3);
	assert_int_equal(listview_reselect_id(&lv, 10, NULL, 0), 0);
	assert_view(&lv, -1, 0);
	/* From empty, a found record is selected. */
	assert_int_equal(listview_reselect_id(&lv, 17, before, 8), 1);
	assert_view(&lv, 7, 4);
	/* The callback form, with a record near the top of the window. */
	make_view(&lv, 10, 3, 1);
	assert_int_equal(listview_reselect(&lv, 10, match_name, "hal"), 1);
	assert_view(&lv, 7, 6);
	assert_int_equal(listview_reselect(&lv, 10, match_name, "xyz"), 0);
	assert_view(&lv, 7, 6);
}

/* A record on several rows (a contact in two roles): the row stays. */
static void
test_reselect_repeated(void **state)
{
	static const int64_t	 ids[] = { 10, 11, 11, 12 };
	struct listview		 lv;

	(void)state;
	make_view(&lv, 4, 4, 0);
	listview_select(&lv, 2);
	assert_int_equal(listview_reselect_id(&lv, 11, ids, 4), 1);
	assert_view(&lv, 2, 0);
	/* Moved off the record: the first row showing it. */
	lv.selected = 3;
	assert_int_equal(listview_reselect_id(&lv, 11, ids, 4), 1);
	assert_view(&lv, 1, 0);
}

/*
 * A view of text scrolls its window, the last row no higher than the
 * bottom, and keeps the selection on screen.
 */
static void
test_scroll(void **state)
{
	struct listview	lv;

	(void)state;
	make_view(&lv, 10, 4, 0);
	listview_scroll(&lv, 1);
	assert_int_equal(lv.top, 1);
	assert_int_equal(lv.selected, 1);
	assert_valid(&lv);
	listview_scroll(&lv, 100);
	assert_int_equal(lv.top, 6);
	assert_int_equal(lv.selected, 6);
	assert_valid(&lv);
	listview_scroll(&lv, -2);
	assert_int_equal(lv.top, 4);
	assert_int_equal(lv.selected, 6);
	listview_scroll(&lv, -100);
	assert_int_equal(lv.top, 0);
	assert_int_equal(lv.selected, 3);
	assert_valid(&lv);
	/* Shorter than the window: nothing to scroll. */
	make_view(&lv, 3, 4, 0);
	listview_scroll(&lv, 1);
	assert_int_equal(lv.top, 0);
	assert_valid(&lv);
	/* Empty. */
	make_view(&lv, 0, 4, 0);
	listview_scroll(&lv, 1);
	assert_int_equal(lv.top, 0);
	assert_int_equal(lv.selected, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scroll),
		cmocka_unit_test(test_init_and_empty),
		cmocka_unit_test(test_one_row),
		cmocka_unit_test(test_move_without_margin),
		cmocka_unit_test(test_move_with_margin),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_home_end_select),
		cmocka_unit_test(test_height_larger_than_rows),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_rows_deleted_under_selection),
		cmocka_unit_test(test_reselect),
		cmocka_unit_test(test_reselect_repeated),
	};

	return cmocka_run_group_tests_name("listview", tests, NULL, NULL);
}
