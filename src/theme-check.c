/* Check a theme against WCAG 2.1 AA contrast, role by role. */
#include "config.h"

#include <stddef.h>

#include "switchboard/theme.h"

/* xterm's faint text: the foreground halfway to the background. */
static int
theme_faint_rgb(int fg, int bg)
{
	int	out = 0, shift;

	for (shift = 0; shift <= 16; shift += 8)
		out |= ((((fg >> shift) & 0xff) + ((bg >> shift) & 0xff)) / 2)
		    << shift;
	return out;
}

/* Note a fault when ratio is below needed; the count of faults so far. */
static size_t
theme_check_note(struct theme_contrast_fault *out, size_t max, size_t n,
    const struct theme_contrast_fault *f)
{
	if (f->ratio >= f->needed)
		return n;
	if (n < max)
		out[n] = *f;
	return n + 1;
}

/*
 * Text and its background need 4.5:1 (WCAG 1.4.3); pane borders, which
 * show the focus, and the selection bar against the screen around it
 * need 3:1 (1.4.11). Roles that leave both colours to the terminal are
 * the terminal's business.
 */
size_t
theme_contrast_check(const struct theme *theme, int colors,
    struct theme_contrast_fault *out, size_t max)
{
	struct theme_resolved		 r;
	struct theme_contrast_fault	 f;
	const struct theme_pair		*p;
	int				 fg, bg, screen, t, i;
	size_t				 n = 0;

	theme_resolve(theme, colors, &r);
	if (r.colors == 0)
		return 0;
	screen = theme_shown_rgb(theme, &r, r.pairs[THEME_NORMAL].bg, 0,
	    false);
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		p = &r.pairs[i];
		if (p->fg < 0 && p->bg < 0 && i != THEME_NORMAL)
			continue;
		fg = theme_shown_rgb(theme, &r, p->fg, p->attrs, true);
		bg = p->bg < 0 ? screen :
		    theme_shown_rgb(theme, &r, p->bg, 0, false);
		if (p->attrs & THEME_ATTR_REVERSE) {
			t = fg;
			fg = bg;
			bg = t;
		}
		if (p->attrs & THEME_ATTR_DIM)
			fg = theme_faint_rgb(fg, bg);
		f.role = (enum theme_role)i;
		f.colors = r.colors;
		f.ratio = theme_contrast_ratio(fg, bg);
		f.what = "text";
		f.needed = theme_role_contrast(f.role);
		if (f.needed < THEME_CONTRAST_TEXT)
			f.what = "border";
		n = theme_check_note(out, max, n, &f);
		if (i != THEME_LIST_SELECTED &&
		    i != THEME_LIST_SELECTED_UNFOCUSED)
			continue;
		f.what = "selection bar";
		f.needed = THEME_CONTRAST_MARK;
		f.ratio = theme_contrast_ratio(bg, screen);
		n = theme_check_note(out, max, n, &f);
	}
	return n;
}
