/* Themes: semantic roles mapped to colours and attributes, no curses. */
#ifndef SWITCHBOARD_THEME_H
#define SWITCHBOARD_THEME_H

#include <stdbool.h>

#include "switchboard/error.h"

struct ytree;

/* Attribute bits; the UI maps them to A_BOLD and friends. */
#define THEME_ATTR_BOLD		0x01
#define THEME_ATTR_UNDERLINE	0x02
#define THEME_ATTR_REVERSE	0x04
#define THEME_ATTR_DIM		0x08
#define THEME_ATTR_ITALIC	0x10
#define THEME_ATTR_STANDOUT	0x20

#define TA_B	THEME_ATTR_BOLD
#define TA_U	THEME_ATTR_UNDERLINE
#define TA_R	THEME_ATTR_REVERSE
#define TA_D	THEME_ATTR_DIM

/*
 * Every role: identifier, YAML name, and the attributes it gets when the
 * terminal has no colours, so it stays distinguishable (selection reverse,
 * errors bold).
 */
#define THEME_ROLE_LIST(X)						\
	X(NORMAL,		"normal",			0)	\
	X(PANE_TITLE,		"pane.title",			TA_B)	\
	X(PANE_BORDER,		"pane.border",			0)	\
	X(PANE_BORDER_FOCUSED,	"pane.border.focused",		TA_B)	\
	X(LIST_SELECTED,	"list.selected",		TA_R)	\
	X(LIST_SELECTED_UNFOCUSED, "list.selected.unfocused",	TA_U)	\
	X(LIST_PRIMARY,		"list.primary",			TA_B)	\
	X(ROLE_EMERGENCY,	"role.emergency",		TA_B)	\
	X(STATUS,		"status",			TA_R)	\
	X(STATUS_ERROR,		"status.error",			TA_B)	\
	X(STATUS_WARNING,	"status.warning",		TA_B)	\
	X(STATUS_OK,		"status.ok",			0)	\
	X(BANNER_ERROR,		"banner.error",			TA_B|TA_R) \
	X(SEARCH_MATCH,		"search.match",			TA_U|TA_B) \
	X(FIELD_LABEL,		"field.label",			TA_D)	\
	X(FIELD_VALUE,		"field.value",			0)	\
	X(DNC_WARNING,		"dnc.warning",			TA_B|TA_U) \
	X(READONLY,		"readonly",			TA_D)	\
	X(HELP_KEY,		"help.key",			TA_B)	\
	X(DIM,			"dim",				TA_D)

enum theme_role {
#define THEME_ROLE_ENUM(id, name, mono) THEME_##id,
	THEME_ROLE_LIST(THEME_ROLE_ENUM)
#undef THEME_ROLE_ENUM
	THEME_ROLE_COUNT
};

/* A colour as written: the terminal default, a palette index or RGB. */
enum theme_color_kind {
	THEME_COLOR_DEFAULT,
	THEME_COLOR_INDEX,	/* 0-255; 0-15 are the ANSI colours */
	THEME_COLOR_RGB		/* 0xrrggbb */
};

struct theme_color {
	enum theme_color_kind	kind;
	int			value;
};

struct theme_style {
	struct theme_color	fg;
	struct theme_color	bg;
	unsigned int		attrs;
};

/* A theme as loaded; embedded by the caller, nothing to free. */
struct theme {
	char			name[64];
	struct theme_style	styles[THEME_ROLE_COUNT];
	bool			defined[THEME_ROLE_COUNT]; /* set by the file */
	bool			light;	/* made for a light background */
};

/* A style for a terminal: colour numbers it has (-1 is its default). */
struct theme_pair {
	short			fg;
	short			bg;
	unsigned int		attrs;
};

struct theme_resolved {
	int			colors;		/* 0, 8, 16 or 256 */
	struct theme_pair	pairs[THEME_ROLE_COUNT];
};

const char	*theme_role_name(enum theme_role role);

/* The role called name ("list.selected"), or -1. */
int		 theme_role_find(const char *name);

/* The built-in default (dark) theme, the same as themes/default.yaml. */
void		 theme_init_default(struct theme *theme);

/*
 * Parse a colour: a name (red, bright-blue, default), 0-255 or #rrggbb.
 * 0 on success, -1 if not a colour.
 */
int		 theme_color_parse(const char *text, struct theme_color *out);

/*
 * Read a theme from a parsed YAML document. Roles the file leaves out keep
 * the built-in default's values (defined[] says which were given).
 */
enum sb_status	 theme_load_yaml(const struct ytree *tree,
		     struct theme *theme, struct sb_error *err);

/* Load a theme file by path. */
enum sb_status	 theme_load_file(const char *path, struct theme *theme,
		     struct sb_error *err);

/*
 * Load the theme called name (letters, digits, '-' and '_'): first
 * $XDG_CONFIG_HOME/switchboard/themes (or ~/.config/...), then the
 * installed SB_THEMEDIR, then $SB_TOP_SRCDIR/themes (the source tree, for
 * tests). "default" falls back to the built-in theme when no file exists.
 */
enum sb_status	 theme_load_named(const char *name, struct theme *theme,
		     struct sb_error *err);

/*
 * The theme for a terminal with colors colours: 0 (none, NO_COLOR), 8, 16
 * or 256 (more counts as 256). Colours it lacks become the nearest it has;
 * with none, only attributes remain, strengthened so roles stay apart.
 */
void		 theme_resolve(const struct theme *theme, int colors,
		     struct theme_resolved *out);

/* The nearest colour to rgb among the first colors palette entries. */
int		 theme_color_nearest(int rgb, int colors);

/* Least contrast ratios (WCAG 2.1 AA): text, and focus/selection marks. */
#define THEME_CONTRAST_TEXT	4.5
#define THEME_CONTRAST_MARK	3.0

/* A role whose colours fall short of the contrast it needs. */
struct theme_contrast_fault {
	enum theme_role	 role;
	const char	*what;		/* "text", "border", "selection bar" */
	int		 colors;	/* 8, 16 or 256 */
	double		 ratio;
	double		 needed;
};

/* The contrast role needs: THEME_CONTRAST_MARK for borders, else text. */
double		 theme_role_contrast(enum theme_role role);

/*
 * The colour 0xrrggbb a terminal resolved as r shows for palette entry
 * index as a foreground with attrs (fg) or as a background; index -1 is
 * the terminal's default, black on white for a light theme, white on
 * black for a dark one.
 */
int		 theme_shown_rgb(const struct theme *theme,
		     const struct theme_resolved *r, short index,
		     unsigned int attrs, bool fg);

/* The WCAG 2.1 contrast ratio of two colours 0xrrggbb (1 to 21). */
double		 theme_contrast_ratio(int a, int b);

/*
 * Check every role of theme as a terminal with colors colours shows it,
 * on xterm's palette with its default black on white (a light theme) or
 * white on black (a dark one). Fills out with up to max faults; returns
 * how many there are in all. A terminal without colours has none.
 */
size_t		 theme_contrast_check(const struct theme *theme, int colors,
		     struct theme_contrast_fault *out, size_t max);

/* The xterm palette's RGB for index (0-255). */
int		 theme_color_rgb(int index);

#endif
