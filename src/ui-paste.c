/* Bracketed paste: turn it on, collect a paste, hand it to a text field. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "switchboard/emergency.h"
#include "switchboard/paste.h"
#include "switchboard/util.h"

#include "ui-int.h"

#define UI_PASTE_START	"\033[200~"
#define UI_PASTE_END	"\033[201~"
#define UI_PASTE_CODE	0x600	/* key codes tried from here up */

/*
 * Whether the terminal takes bracketed paste mode: its terminfo says so
 * (BE, the xterm sequence), or it is one of the terminals known to take it
 * whose entries lack BE. Any other terminal could print the sequence.
 */
static bool
ui_paste_supported(void)
{
	static const char *const ok[] = { "xterm", "foot", "alacritty",
	    "wezterm", "kitty", "tmux", "contour", "ghostty",
	    "rxvt-unicode" };
	const char	*term = getenv("TERM"), *be;
	size_t		 i;

	be = tigetstr("BE");
	if (be != NULL && be != (char *)-1)
		return (strcmp(be, UI_PASTE_ON) == 0);
	if (term == NULL)
		return (false);
	for (i = 0; i < SB_ARRAY_LEN(ok); i++)
		if (strncmp(term, ok[i], strlen(ok[i])) == 0)
			return (true);
	return (false);
}

/* A key code for seq: the one curses has, or a free one; -1 if none. */
static int
ui_paste_define(const char *seq, int from)
{
	char	*bound;
	int	 code = key_defined(seq);

	if (code > 0)
		return (code);
	for (code = from; code < from + 64; code++) {
		if ((bound = keybound(code, 0)) == NULL)
			break;
		free(bound);
	}
	if (code == from + 64 || define_key(seq, code) != OK)
		return (-1);
	return (code);
}

bool
ui_paste_start(struct ui *ui)
{
	paste_init(&ui->paste);
	ui->paste_keys[0] = ui->paste_keys[1] = -1;
	if (!ui_paste_supported())
		return (false);
	ui->paste_keys[0] = ui_paste_define(UI_PASTE_START, UI_PASTE_CODE);
	ui->paste_keys[1] = ui_paste_define(UI_PASTE_END, UI_PASTE_CODE + 64);
	if (ui->paste_keys[0] < 0 || ui->paste_keys[1] < 0 ||
	    ui->paste_keys[0] == ui->paste_keys[1])
		return (false);
	(void)!write(STDOUT_FILENO, UI_PASTE_ON, strlen(UI_PASTE_ON));
	return (true);
}

/* Append the paste to a search text by whole characters; how many lost. */
static size_t
ui_paste_append(char *buf, size_t size, const char *text)
{
	size_t	len = strlen(buf), n, lost = 0;

	while (*text != '\0') {
		for (n = 1; ((unsigned char)text[n] & 0xc0) == 0x80; n++)
			;
		if (lost == 0 && len + n < size) {
			memcpy(buf + len, text, n);
			len += n;
		} else
			lost++;
		text += n;
	}
	buf[len] = '\0';
	return (lost);
}

_Static_assert(sizeof ((struct pane *)0)->filter ==
    sizeof ((struct ui *)0)->global_text, "search texts of one size");

/* The search prompt takes the paste as typed text, never as Enter. */
static void
ui_paste_search(struct ui *ui, const char *text, const char *note)
{
	char	*buf = ui_search_text(ui);
	size_t	 lost;

	/* A pre-filled answer is selected: the paste replaces it. */
	if (ui->search.selected)
		buf[0] = '\0';
	lost = ui_paste_append(buf, sizeof ui->global_text, text);
	prompt_set(&ui->search, buf);
	if (lost > 0)
		ui_message(ui, THEME_STATUS_WARNING, "Search full: %zu pasted "
		    "characters left out", lost);
	else if (*note != '\0')
		ui_message(ui, THEME_STATUS_WARNING, "Pasted: %s", note);
	ui_search_changed(ui);
}

/* The paste ended: to a form's field, a prompt, or nowhere. */
static void
ui_paste_deliver(struct ui *ui, bool marked)
{
	const char	*text = paste_end(&ui->paste);
	char		 note[200];
	size_t		 n;

	paste_note(&ui->paste, note, sizeof note);
	if (!marked) {
		n = strlen(note);
		snprintf(note + n, sizeof note - n, "%sthe paste's end mark "
		    "never came", n > 0 ? "; " : "");
	}
	ui->dirty = true;
	if (mode_stack_top(&ui->modes) != NULL) {
		if (mode_stack_paste(&ui->modes, text, note) & MODE_RELOAD)
			ui_load_all(ui);
	} else if (ui->searching != UI_SEARCH_NONE)
		ui_paste_search(ui, text, note);
	else
		ui_message(ui, THEME_STATUS_WARNING, "Paste ignored: paste "
		    "into a form field or the search prompt (/ or s)");
}

bool
ui_paste_key(struct ui *ui, wint_t wch, bool code)
{
	if (code && ui->paste_keys[0] >= 0 &&
	    (int)wch == ui->paste_keys[0]) {
		paste_begin(&ui->paste);
		ui->paste_at = ui_now_ms();
		return (true);
	}
	if (!paste_active(&ui->paste))
		return (false);
	ui->paste_at = ui_now_ms();
	if (code && (int)wch == ui->paste_keys[1])
		ui_paste_deliver(ui, true);
	else if (code)
		paste_add_key(&ui->paste);
	else
		paste_add(&ui->paste, (unsigned int)wch);
	return (true);
}

int
ui_paste_timeout(struct ui *ui)
{
	long long	left;

	if (!paste_active(&ui->paste))
		return (-1);
	left = ui->paste_at + UI_PASTE_IDLE_MS - ui_now_ms();
	if (left > 0)
		return ((int)left);
	ui_paste_deliver(ui, false);
	return (-1);
}
