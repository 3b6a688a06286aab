/* Themes: colour parsing, YAML loading, nearest-colour resolution. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/theme.h"
#include "switchboard/util.h"
#include "switchboard/ytree.h"

#ifndef SB_THEMEDIR
#define SB_THEMEDIR "/usr/local/share/switchboard/themes"
#endif

static const char *const theme_role_names[] = {
#define THEME_ROLE_NAME(id, name, mono) name,
	THEME_ROLE_LIST(THEME_ROLE_NAME)
#undef THEME_ROLE_NAME
};

static const unsigned int theme_role_mono[] = {
#define THEME_ROLE_MONO(id, name, mono) mono,
	THEME_ROLE_LIST(THEME_ROLE_MONO)
#undef THEME_ROLE_MONO
};

static const char *const theme_color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white"
};

/* xterm's default colours for the 16 ANSI entries. */
static const int theme_ansi_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd,
	0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff,
	0x00ffff, 0xffffff
};

static const int theme_cube_levels[6] = { 0, 95, 135, 175, 215, 255 };

/*
 * What "default" shows: xterm's black on white for a light theme, the
 * same reversed for a dark one.
 */
#define THEME_LIGHT_FG	0x000000
#define THEME_LIGHT_BG	0xffffff

#define D	{ THEME_COLOR_DEFAULT, 0 }
#define I(n)	{ THEME_COLOR_INDEX, (n) }
#define RGB(n)	{ THEME_COLOR_RGB, (n) }

/* The built-in dark theme; themes/default.yaml says the same. */
static const struct theme_style theme_default_styles[THEME_ROLE_COUNT] = {
	[THEME_NORMAL] =		{ D, D, 0 },
	[THEME_PANE_TITLE] =		{ I(14), D, THEME_ATTR_BOLD },
	[THEME_PANE_BORDER] =		{ I(8), D, 0 },
	[THEME_PANE_BORDER_FOCUSED] =	{ I(6), D, THEME_ATTR_BOLD },
	[THEME_LIST_SELECTED] =		{ I(0), I(6), THEME_ATTR_BOLD },
	[THEME_LIST_SELECTED_UNFOCUSED] = { I(0), I(8), 0 },
	[THEME_LIST_PRIMARY] =		{ I(15), D, THEME_ATTR_BOLD },
	[THEME_ROLE_EMERGENCY] =	{ I(9), D, THEME_ATTR_BOLD },
	[THEME_STATUS] =		{ I(0), I(7), 0 },
	[THEME_STATUS_ERROR] =		{ I(15), I(1), THEME_ATTR_BOLD },
	[THEME_STATUS_WARNING] =	{ I(0), I(3), 0 },
	[THEME_STATUS_OK] =		{ I(0), I(2), 0 },
	[THEME_BANNER_ERROR] =		{ I(15), I(1), THEME_ATTR_BOLD },
	[THEME_SEARCH_MATCH] =		{ I(0), I(3), 0 },
	[THEME_FIELD_LABEL] =		{ RGB(0x5fafd7), D, 0 },
	[THEME_FIELD_VALUE] =		{ D, D, 0 },
	[THEME_DNC_WARNING] =		{ I(11), D, TA_B | TA_U },
	[THEME_READONLY] =		{ I(8), D, 0 },
	[THEME_HELP_KEY] =		{ I(11), D, THEME_ATTR_BOLD },
	[THEME_DIM] =			{ I(245), D, 0 },
};

#undef D
#undef I
#undef RGB

const char *
theme_role_name(enum theme_role role)
{
	if (role < 0 || role >= THEME_ROLE_COUNT)
		return "";
	return theme_role_names[role];
}

int
theme_role_find(const char *name)
{
	int	i;

	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		if (strcmp(theme_role_names[i], name) == 0)
			return i;
	}
	return -1;
}

void
theme_init_default(struct theme *theme)
{
	memset(theme, 0, sizeof *theme);
	snprintf(theme->name, sizeof theme->name, "default");
	memcpy(theme->styles, theme_default_styles, sizeof theme->styles);
}

int
theme_color_parse(const char *text, struct theme_color *out)
{
	char	*end;
	long	 n;
	int	 i;

	if (strcmp(text, "default") == 0) {
		out->kind = THEME_COLOR_DEFAULT;
		out->value = 0;
		return 0;
	}
	for (i = 0; i < 16; i++) {
		if (strcmp(text, theme_color_names[i]) == 0) {
			out->kind = THEME_COLOR_INDEX;
			out->value = i;
			return 0;
		}
	}
	if (text[0] == '#') {
		for (i = 1; i <= 6; i++) {
			if (!isxdigit((unsigned char)text[i]))
				return -1;
		}
		if (text[7] != '\0')
			return -1;
		out->kind = THEME_COLOR_RGB;
		out->value = (int)strtol(text + 1, NULL, 16);
		return 0;
	}
	if (!isdigit((unsigned char)text[0]))
		return -1;
	n = strtol(text, &end, 10);
	if (*end != '\0' || n > 255 || (text[0] == '0' && text[1] != '\0'))
		return -1;
	out->kind = THEME_COLOR_INDEX;
	out->value = (int)n;
	return 0;
}

int
theme_color_rgb(int index)
{
	int	r, g, b, grey;

	if (index < 16)
		return theme_ansi_rgb[index < 0 ? 0 : index];
	if (index < 232) {
		index -= 16;
		r = theme_cube_levels[index / 36];
		g = theme_cube_levels[(index / 6) % 6];
		b = theme_cube_levels[index % 6];
		return (r << 16) | (g << 8) | b;
	}
	grey = 8 + 10 * (index - 232);
	return (grey << 16) | (grey << 8) | grey;
}

/* Perceptual-ish RGB distance ("redmean"), squared. */
static long
theme_color_distance(int a, int b)
{
	long	r1 = (a >> 16) & 0xff, g1 = (a >> 8) & 0xff, b1 = a & 0xff;
	long	r2 = (b >> 16) & 0xff, g2 = (b >> 8) & 0xff, b2 = b & 0xff;
	long	rmean = (r1 + r2) / 2, dr = r1 - r2, dg = g1 - g2, db = b1 - b2;

	return (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg +
	    (((767 - rmean) * db * db) >> 8);
}

/* The nearest entry of a palette slice [first, last]. */
static int
theme_color_scan(int rgb, int first, int last)
{
	long	d, best_d = -1;
	int	i, best = first;

	for (i = first; i <= last; i++) {
		d = theme_color_distance(rgb, theme_color_rgb(i));
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

int
theme_color_nearest(int rgb, int colors)
{
	/*
	 * With 256 colours only the cube and the grey ramp are used: their
	 * values are fixed, while terminals repaint the first 16 freely.
	 */
	if (colors >= 256)
		return theme_color_scan(rgb, 16, 255);
	if (colors >= 16)
		return theme_color_scan(rgb, 0, 15);
	return theme_color_scan(rgb, 0, 7);
}

double
theme_role_contrast(enum theme_role role)
{
	if (role == THEME_PANE_BORDER || role == THEME_PANE_BORDER_FOCUSED)
		return THEME_CONTRAST_MARK;
	return THEME_CONTRAST_TEXT;
}

int
theme_shown_rgb(const struct theme *theme, const struct theme_resolved *r,
    short index, unsigned int attrs, bool fg)
{
	if (index < 0)
		return theme->light == fg ? THEME_LIGHT_FG : THEME_LIGHT_BG;
	/* With 8 colours xterm shows bold text in the bright colours. */
	if (r->colors == 8 && fg && (attrs & THEME_ATTR_BOLD) && index < 8)
		index += 8;
	return theme_color_rgb(index);
}

/* One colour for a terminal with colors (8, 16 or 256) colours. */
static short
theme_color_map(const struct theme_color *c, int colors)
{
	if (c->kind == THEME_COLOR_DEFAULT)
		return -1;
	if (c->kind == THEME_COLOR_RGB)
		return (short)theme_color_nearest(c->value, colors);
	if (c->value < colors)
		return (short)c->value;
	if (c->value < 16)
		return (short)(c->value - 8);
	return (short)theme_color_nearest(theme_color_rgb(c->value), colors);
}

static int
theme_colors_class(int colors)
{
	if (colors >= 256)
		return 256;
	if (colors >= 16)
		return 16;
	if (colors >= 8)
		return 8;
	return 0;
}

/* Whether 0xrrggbb is a grey: black, white and the shades between. */
static bool
theme_rgb_grey(int rgb)
{
	return ((rgb >> 16) & 0xff) == ((rgb >> 8) & 0xff) &&
	    ((rgb >> 8) & 0xff) == (rgb & 0xff);
}

/*
 * Colour c on the terminal's palette, unless the nearest entry loses the
 * contrast c has against the colour behind it (needed, as a ratio):
 * then the nearest entry that keeps it, a grey for a grey where the
 * palette is small. A grey that reads on white must not become the
 * 8-colour white.
 */
static short
theme_color_keep(const struct theme *theme, const struct theme_resolved *r,
    const struct theme_color *c, unsigned int attrs, bool fg, int behind,
    double needed)
{
	short	mapped = theme_color_map(c, r->colors), best = mapped;
	long	d, best_d = -1;
	int	want, i, first = r->colors >= 256 ? 16 : 0;

	if (mapped < 0)
		return mapped;
	want = c->kind == THEME_COLOR_RGB ? c->value : theme_color_rgb(c->value);
	if (theme_contrast_ratio(want, behind) < needed ||
	    theme_contrast_ratio(theme_shown_rgb(theme, r, mapped, attrs, fg),
	    behind) >= needed)
		return mapped;
	for (i = first; i < r->colors; i++) {
		if (theme_contrast_ratio(theme_shown_rgb(theme, r, (short)i,
		    attrs, fg), behind) < needed ||
		    (theme_rgb_grey(want) && r->colors < 256 &&
		    !theme_rgb_grey(theme_color_rgb(i))))
			continue;
		d = theme_color_distance(want, theme_color_rgb(i));
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = (short)i;
		}
	}
	return best;
}

/*
 * Whether bold, which 8-colour terminals show in the bright colours,
 * would take text below the contrast it has without: bold black on
 * cyan turns grey on cyan. Such text goes without bold.
 */
static bool
theme_bold_fades(const struct theme *theme, const struct theme_resolved *r,
    const struct theme_style *s, int behind, double needed)
{
	short	fg;

	if (r->colors != 8 || !(s->attrs & THEME_ATTR_BOLD) ||
	    (s->attrs & THEME_ATTR_REVERSE) ||
	    (fg = theme_color_map(&s->fg, r->colors)) < 0)
		return false;
	return theme_contrast_ratio(theme_shown_rgb(theme, r, fg, s->attrs,
	    true), behind) < needed && theme_contrast_ratio(theme_shown_rgb(
	    theme, r, fg, 0, true), behind) >= needed;
}

void
theme_resolve(const struct theme *theme, int colors, struct theme_resolved *out)
{
	const struct theme_style	*s;
	struct theme_pair		*p;
	int				 i, screen, behind;
	bool				 bar;

	out->colors = theme_colors_class(colors);
	screen = theme_shown_rgb(theme, out, out->colors == 0 ? -1 :
	    theme_color_map(&theme->styles[THEME_NORMAL].bg, out->colors), 0,
	    false);
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		s = &theme->styles[i];
		p = &out->pairs[i];
		p->attrs = s->attrs;
		if (out->colors == 0) {
			p->fg = p->bg = -1;
			p->attrs |= theme_role_mono[i];
			continue;
		}
		bar = i == THEME_LIST_SELECTED ||
		    i == THEME_LIST_SELECTED_UNFOCUSED;
		p->bg = i == THEME_NORMAL ? theme_color_map(&s->bg, out->colors) :
		    theme_color_keep(theme, out, &s->bg, 0, false, screen,
		    bar ? THEME_CONTRAST_MARK : 1.0);
		behind = p->bg < 0 ? screen :
		    theme_shown_rgb(theme, out, p->bg, 0, false);
		if (theme_bold_fades(theme, out, s, behind,
		    theme_role_contrast((enum theme_role)i)))
			p->attrs &= ~THEME_ATTR_BOLD;
		p->fg = (s->attrs & THEME_ATTR_REVERSE) ?
		    theme_color_map(&s->fg, out->colors) :
		    theme_color_keep(theme, out, &s->fg, p->attrs, true, behind,
		    theme_role_contrast((enum theme_role)i));
		/* Two colours that fell onto one would hide the text. */
		if (p->fg != -1 && p->fg == p->bg &&
		    (s->fg.kind != s->bg.kind || s->fg.value != s->bg.value))
			p->fg = p->bg == 0 ? 7 : 0;
	}
}

static enum sb_status
theme_yaml_color(const struct ytree *tree, const struct ytree_node *node,
    struct theme_color *out, struct sb_error *err)
{
	if (node->type != YTREE_SCALAR || theme_color_parse(node->value,
	    out) != 0)
		return ytree_error(tree, node, err, SB_INVALID,
		    "expected a colour: a name (red, bright-blue, default), "
		    "0-255 or #rrggbb");
	return SB_OK;
}

static enum sb_status
theme_yaml_attr(const struct ytree *tree, const struct ytree_node *node,
    unsigned int *attrs, struct sb_error *err)
{
	static const char *const names[] = {
		"bold", "underline", "reverse", "dim", "italic", "standout"
	};
	size_t	i;

	if (node->type == YTREE_SCALAR) {
		for (i = 0; i < SB_ARRAY_LEN(names); i++) {
			if (strcmp(node->value, names[i]) == 0) {
				*attrs |= 1U << i;
				return SB_OK;
			}
		}
	}
	return ytree_error(tree, node, err, SB_INVALID,
	    "expected an attribute: bold, underline, reverse, dim, italic "
	    "or standout");
}

/* attrs: one attribute name or a list of them. */
static enum sb_status
theme_yaml_attrs(const struct ytree *tree, const struct ytree_node *node,
    unsigned int *attrs, struct sb_error *err)
{
	enum sb_status	st;
	size_t		i;

	*attrs = 0;
	if (node->type != YTREE_SEQ)
		return theme_yaml_attr(tree, node, attrs, err);
	for (i = 0; i < node->nkids; i++) {
		st = theme_yaml_attr(tree, node->kids[i], attrs, err);
		if (st != SB_OK)
			return st;
	}
	return SB_OK;
}

static enum sb_status
theme_yaml_style(const struct ytree *tree, const struct ytree_node *node,
    struct theme_style *style, struct sb_error *err)
{
	static const char *const keys[] = { "fg", "bg", "attrs", NULL };
	const struct ytree_node	*v;
	enum sb_status		 st;

	if ((st = ytree_expect(tree, node, YTREE_MAP, err)) != SB_OK ||
	    (st = ytree_check_keys(tree, node, keys, err)) != SB_OK)
		return st;
	memset(style, 0, sizeof *style);
	if ((v = ytree_map_get(node, "fg")) != NULL &&
	    (st = theme_yaml_color(tree, v, &style->fg, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(node, "bg")) != NULL &&
	    (st = theme_yaml_color(tree, v, &style->bg, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(node, "attrs")) != NULL &&
	    (st = theme_yaml_attrs(tree, v, &style->attrs, err)) != SB_OK)
		return st;
	return SB_OK;
}

enum sb_status
theme_load_yaml(const struct ytree *tree, struct theme *theme,
    struct sb_error *err)
{
	static const char *const keys[] = {
		"name", "description", "background", "roles", NULL
	};
	const struct ytree_node	*root = tree->root, *roles, *v;
	enum sb_status		 st;
	size_t			 i;
	int			 role;

	theme_init_default(theme);
	if (root == NULL)
		return ytree_error(tree, NULL, err, SB_INVALID,
		    "empty theme file");
	if ((st = ytree_expect(tree, root, YTREE_MAP, err)) != SB_OK ||
	    (st = ytree_check_keys(tree, root, keys, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "name")) != NULL) {
		if ((st = ytree_expect(tree, v, YTREE_SCALAR, err)) != SB_OK)
			return st;
		snprintf(theme->name, sizeof theme->name, "%s", v->value);
	}
	if ((v = ytree_map_get(root, "background")) != NULL) {
		if ((st = ytree_expect(tree, v, YTREE_SCALAR, err)) != SB_OK)
			return st;
		if (strcmp(v->value, "light") != 0 &&
		    strcmp(v->value, "dark") != 0)
			return ytree_error(tree, v, err, SB_INVALID,
			    "background is light or dark");
		theme->light = strcmp(v->value, "light") == 0;
	}
	if ((roles = ytree_map_get(root, "roles")) == NULL)
		return ytree_error(tree, root, err, SB_INVALID,
		    "expected a \"roles\" mapping");
	if ((st = ytree_expect(tree, roles, YTREE_MAP, err)) != SB_OK)
		return st;
	for (i = 0; i + 1 < roles->nkids; i += 2) {
		if ((role = theme_role_find(roles->kids[i]->value)) == -1)
			return ytree_error(tree, roles->kids[i], err,
			    SB_INVALID, "unknown role \"%s\"",
			    roles->kids[i]->value);
		st = theme_yaml_style(tree, roles->kids[i + 1],
		    &theme->styles[role], err);
		if (st != SB_OK)
			return st;
		theme->defined[role] = true;
	}
	return SB_OK;
}

enum sb_status
theme_load_file(const char *path, struct theme *theme, struct sb_error *err)
{
	struct ytree	*tree;
	enum sb_status	 st;

	if ((st = ytree_load_file(path, &tree, err)) != SB_OK)
		return st;
	st = theme_load_yaml(tree, theme, err);
	ytree_free(tree);
	return st;
}

/* Theme names become file names: keep them to a safe alphabet. */
static int
theme_name_valid(const char *name)
{
	size_t	i;

	if (name[0] == '\0' || strlen(name) > 64)
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '-' &&
		    name[i] != '_')
			return 0;
	}
	return 1;
}

/* The user's theme directory, or NULL when there is no home. */
static char *
theme_user_dir(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home;

	if (xdg != NULL && xdg[0] == '/')
		return util_path_join(xdg, "switchboard/themes");
	if ((home = getenv("HOME")) != NULL && home[0] == '/')
		return util_path_join(home, ".config/switchboard/themes");
	return NULL;
}

enum sb_status
theme_load_named(const char *name, struct theme *theme, struct sb_error *err)
{
	const char	*src = getenv("SB_TOP_SRCDIR");
	char		*dirs[3], *file, *path;
	size_t		 i;
	enum sb_status	 st = SB_NOT_FOUND;

	if (!theme_name_valid(name))
		return sb_error_set(err, SB_INVALID, "bad theme name \"%s\" "
		    "(letters, digits, - and _ only)", name);
	dirs[0] = theme_user_dir();
	dirs[1] = xstrdup(SB_THEMEDIR);
	dirs[2] = src != NULL && src[0] == '/' ?
	    util_path_join(src, "themes") : NULL;
	file = xasprintf("%s.yaml", name);
	for (i = 0; i < SB_ARRAY_LEN(dirs) && st == SB_NOT_FOUND; i++) {
		if (dirs[i] == NULL)
			continue;
		path = util_path_join(dirs[i], file);
		st = theme_load_file(path, theme, err);
		free(path);
	}
	for (i = 0; i < SB_ARRAY_LEN(dirs); i++)
		free(dirs[i]);
	free(file);
	if (st == SB_NOT_FOUND && strcmp(name, "default") == 0) {
		theme_init_default(theme);
		sb_error_clear(err);
		return SB_OK;
	}
	if (st == SB_NOT_FOUND)
		return sb_error_set(err, SB_NOT_FOUND, "no theme called "
		    "\"%s\"", name);
	return st;
}
