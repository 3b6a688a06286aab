/* Copying to the local clipboard: OSC 52, the text as the screen shows it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/config.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"

#include "ui-int.h"

/*
 * Copy text to the local clipboard with OSC 52, on a key press only. What
 * is copied is the text as the screen shows it: controls, bidi marks and
 * bytes that are not UTF-8 in their visible form, never raw.
 */
void
ui_copy_text(struct ui *ui, const char *kind, const char *text)
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*s;
	char			*out, *o, *safe;
	size_t			 n, i;
	unsigned int		 v;

	if (text == NULL) {
		ui_message(ui, THEME_STATUS_WARNING, "No %s to copy", kind);
		return;
	}
	if (ui->cfg != NULL && !ui->cfg->clipboard) {
		ui_message(ui, THEME_STATUS_WARNING, "Clipboard is off");
		return;
	}
	safe = term_safe_dup(text, term_safe_is_utf8_locale() ?
	    TERM_SAFE_UTF8 : 0);
	s = (const unsigned char *)safe;
	n = strlen(safe);
	o = out = xmalloc(4 * (n / 3 + 1) + 16);
	o += sprintf(o, "\033]52;c;");
	for (i = 0; i < n; i += 3) {
		v = s[i] << 16 | (i + 1 < n ? s[i + 1] << 8 : 0) |
		    (i + 2 < n ? s[i + 2] : 0);
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*o++ = '\a';
	(void)!write(STDOUT_FILENO, out, o - out);
	free(out);
	ui_message(ui, THEME_STATUS_OK, "Copied %s %s", kind, safe);
	free(safe);
}
