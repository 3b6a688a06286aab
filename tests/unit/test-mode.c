/* Unit tests for the mode stack: push, pop with a result, dispatch. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "switchboard/mode.h"

/* A mode that records what happened to it, in order, in a shared log. */
struct probe {
	const char	*name;
	char		*log;		/* shared by the probes of a test */
	int		 answer;	/* what key returns */
	int		 got;		/* the last result handed to it */
	int		 then;		/* what result adds to MODE_RELOAD */
};

static void
probe_log(struct probe *p, const char *what)
{
	strcat(p->log, p->name);
	strcat(p->log, ".");
	strcat(p->log, what);
	strcat(p->log, " ");
}

static void
probe_draw(void *state, int rows, int cols)
{
	(void)rows;
	(void)cols;
	probe_log(state, "draw");
}

static int
probe_key(void *state, int wch, bool code)
{
	struct probe	*p = state;

	(void)code;
	probe_log(p, wch == 'x' ? "key-x" : "key");
	return (p->answer);
}

static int
probe_result(void *state, int result)
{
	struct probe	*p = state;

	p->got = result;
	probe_log(p, "result");
	return (MODE_RELOAD | p->then);
}

static void
probe_close(void *state)
{
	probe_log(state, "close");
}

static const struct mode_ops probe_ops = {
	.name = "probe", .draw = probe_draw, .key = probe_key,
	.result = probe_result, .close = probe_close
};

static const struct mode_ops bare_ops = {
	.name = "bare", .key = probe_key
};

static void
test_empty_passes(void **state)
{
	struct mode_stack	s;

	(void)state;
	mode_stack_init(&s);
	assert_null(mode_stack_top(&s));
	assert_int_equal(mode_stack_key(&s, 'a', false), MODE_PASS);
	assert_int_equal(mode_stack_paste(&s, "text", NULL), MODE_PASS);
	assert_int_equal(mode_stack_pop(&s), 0);
}

static void
test_top_gets_keys(void **state)
{
	struct mode_stack	s;
	char			log[256] = "";
	struct probe		a = { "a", log, MODE_REDRAW, 0, 0 };
	struct probe		b = { "b", log, MODE_REDRAW, 0, 0 };

	(void)state;
	mode_stack_init(&s);
	assert_true(mode_stack_push(&s, &probe_ops, &a));
	assert_true(mode_stack_push(&s, &probe_ops, &b));
	assert_ptr_equal(mode_stack_top(&s)->state, &b);
	assert_ptr_equal(mode_stack_below(&s)->state, &a);
	assert_int_equal(mode_stack_key(&s, 'x', false), MODE_REDRAW);
	assert_string_equal(log, "b.key-x ");
	/* No paste op: the paste is not taken. */
	assert_int_equal(mode_stack_paste(&s, "t", NULL), MODE_PASS);
	mode_stack_clear(&s);
}

static void
test_pop_hands_result_down(void **state)
{
	struct mode_stack	s;
	char			log[256] = "";
	struct probe		a = { "a", log, 0, 0, 0 };
	struct probe		b = { "b", log, MODE_CLOSE, 0, 0 };
	int			r;

	(void)state;
	mode_stack_init(&s);
	mode_stack_push(&s, &probe_ops, &a);
	mode_stack_push(&s, &probe_ops, &b);
	mode_stack_set_result(&s, 42);
	r = mode_stack_key(&s, 'k', false);
	/* b closed itself; a got its result and asked for a reload. */
	assert_string_equal(log, "b.key b.close a.result ");
	assert_int_equal(a.got, 42);
	assert_true(r & MODE_CLOSE);
	assert_true(r & MODE_RELOAD);
	assert_true(r & MODE_REDRAW);
	assert_ptr_equal(mode_stack_top(&s)->state, &a);
	assert_false(mode_stack_has(&s, &bare_ops));
	mode_stack_clear(&s);
	assert_string_equal(log, "b.key b.close a.result a.close ");
}

/* A mode done once the mode above answered closes too, and hands down. */
static void
test_result_closes_below(void **state)
{
	struct mode_stack	s;
	char			log[256] = "";
	struct probe		a = { "a", log, 0, 0, 0 };
	struct probe		b = { "b", log, 0, 0, MODE_CLOSE };
	struct probe		c = { "c", log, MODE_CLOSE, 0, 0 };
	int			r;

	(void)state;
	mode_stack_init(&s);
	mode_stack_push(&s, &probe_ops, &a);
	mode_stack_push(&s, &probe_ops, &b);
	mode_stack_set_result(&s, 7);
	mode_stack_push(&s, &probe_ops, &c);
	mode_stack_set_result(&s, 3);
	r = mode_stack_key(&s, 'k', false);
	assert_string_equal(log, "c.key c.close b.result b.close a.result ");
	assert_int_equal(b.got, 3);
	assert_int_equal(a.got, 7);
	assert_true(r & MODE_CLOSE);
	assert_true(r & MODE_RELOAD);
	assert_ptr_equal(mode_stack_top(&s)->state, &a);
	mode_stack_clear(&s);
}

static void
test_draw_bottom_first(void **state)
{
	struct mode_stack	s;
	char			log[256] = "";
	struct probe		a = { "a", log, 0, 0, 0 };
	struct probe		b = { "b", log, 0, 0, 0 };
	struct probe		c = { "c", log, 0, 0, 0 };

	(void)state;
	mode_stack_init(&s);
	mode_stack_push(&s, &probe_ops, &a);
	mode_stack_push(&s, &bare_ops, &c);	/* no draw op: skipped */
	mode_stack_push(&s, &probe_ops, &b);
	assert_true(mode_stack_has(&s, &bare_ops));
	mode_stack_draw(&s, 24, 80);
	assert_string_equal(log, "a.draw b.draw ");
	s.count = 0;
}

static void
test_full_stack_refuses(void **state)
{
	struct mode_stack	s;
	char			log[256] = "";
	struct probe		a = { "a", log, 0, 0, 0 };
	size_t			i;

	(void)state;
	mode_stack_init(&s);
	for (i = 0; i < MODE_STACK_MAX; i++)
		assert_true(mode_stack_push(&s, &bare_ops, &a));
	assert_false(mode_stack_push(&s, &bare_ops, &a));
	assert_int_equal(s.count, MODE_STACK_MAX);
	mode_stack_clear(&s);
	assert_int_equal(s.count, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_passes),
		cmocka_unit_test(test_top_gets_keys),
		cmocka_unit_test(test_pop_hands_result_down),
		cmocka_unit_test(test_result_closes_below),
		cmocka_unit_test(test_draw_bottom_first),
		cmocka_unit_test(test_full_stack_refuses),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
