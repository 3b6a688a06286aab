/* The mode stack: push, pop with a result, and dispatch to the top. */
#include "config.h"

#include <string.h>

#include "switchboard/mode.h"

void
mode_stack_init(struct mode_stack *s)
{
	memset(s, 0, sizeof *s);
}

void
mode_stack_clear(struct mode_stack *s)
{
	struct mode	*m;

	while (s->count > 0) {
		m = &s->modes[--s->count];
		if (m->ops->close != NULL)
			m->ops->close(m->state);
	}
}

bool
mode_stack_push(struct mode_stack *s, const struct mode_ops *ops,
    void *state)
{
	struct mode	*m;

	if (s->count == MODE_STACK_MAX)
		return (false);
	m = &s->modes[s->count++];
	m->ops = ops;
	m->state = state;
	m->result = 0;
	return (true);
}

int
mode_stack_pop(struct mode_stack *s)
{
	struct mode	 gone, *top;

	if (s->count == 0)
		return (0);
	gone = s->modes[--s->count];
	if (gone.ops->close != NULL)
		gone.ops->close(gone.state);
	if ((top = mode_stack_top(s)) == NULL || top->ops->result == NULL)
		return (0);
	return (top->ops->result(top->state, gone.result));
}

struct mode *
mode_stack_top(struct mode_stack *s)
{
	return (s->count > 0 ? &s->modes[s->count - 1] : NULL);
}

struct mode *
mode_stack_below(struct mode_stack *s)
{
	return (s->count > 1 ? &s->modes[s->count - 2] : NULL);
}

bool
mode_stack_has(const struct mode_stack *s, const struct mode_ops *ops)
{
	size_t	i;

	for (i = 0; i < s->count; i++) {
		if (s->modes[i].ops == ops)
			return (true);
	}
	return (false);
}

void
mode_stack_set_result(struct mode_stack *s, int result)
{
	if (s->count > 0)
		s->modes[s->count - 1].result = result;
}

/*
 * The top mode asked to close: pop it, and add what the one below says;
 * done with the result it got, that one may close too.
 */
static int
mode_stack_after(struct mode_stack *s, int flags)
{
	int	r = flags;

	while ((r & MODE_CLOSE) && s->count > 0) {
		r = mode_stack_pop(s);
		flags |= r | MODE_REDRAW;
	}
	return (flags);
}

int
mode_stack_key(struct mode_stack *s, int wch, bool code)
{
	struct mode	*m = mode_stack_top(s);

	if (m == NULL)
		return (MODE_PASS);
	return (mode_stack_after(s, m->ops->key(m->state, wch, code)));
}

int
mode_stack_paste(struct mode_stack *s, const char *text, const char *note)
{
	struct mode	*m = mode_stack_top(s);

	if (m == NULL || m->ops->paste == NULL)
		return (MODE_PASS);
	return (mode_stack_after(s, m->ops->paste(m->state, text, note)));
}

void
mode_stack_draw(struct mode_stack *s, int rows, int cols)
{
	size_t	i;

	for (i = 0; i < s->count; i++) {
		if (s->modes[i].ops->draw != NULL)
			s->modes[i].ops->draw(s->modes[i].state, rows, cols);
	}
}

void
mode_stack_resize(struct mode_stack *s, int rows, int cols)
{
	size_t	i;

	for (i = 0; i < s->count; i++) {
		if (s->modes[i].ops->resize != NULL)
			s->modes[i].ops->resize(s->modes[i].state, rows,
			    cols);
	}
}

bool
mode_stack_cursor(struct mode_stack *s, int *y, int *x)
{
	struct mode	*m = mode_stack_top(s);

	if (m == NULL || m->ops->cursor == NULL)
		return (false);
	return (m->ops->cursor(m->state, y, x));
}

int
mode_paste_ignored(void *state, const char *text, const char *note)
{
	(void)state;
	(void)text;
	(void)note;
	return (0);
}
