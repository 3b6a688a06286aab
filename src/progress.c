/* Progress for a person who waits: one line on the terminal, kept current. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/progress.h"

void
progress_say(const struct progress *p, const char *what, long done,
    long total)
{
	if (p != NULL && p->report != NULL)
		p->report(p->arg, what, done, total);
}

/* Overwrite the line with text, blanking what a longer line left. */
static void
progress_line_put(struct progress_line *l, const char *text)
{
	int	n = (int)strlen(text);

	fprintf(l->fp, "\r%s%*s", text, l->shown > n ? l->shown - n : 0, "");
	if (l->shown > n)
		fprintf(l->fp, "\r%s", text);
	fflush(l->fp);
	l->shown = n;
}

static void
progress_line_report(void *arg, const char *what, long done, long total)
{
	struct progress_line	*l = arg;
	char			 text[160];
	long			 percent = total > 0 ? done * 100 / total : -1;

	/* A new line only when the phrase or the whole percentage moves. */
	if (strcmp(what, l->what) == 0 && percent == l->percent)
		return;
	snprintf(l->what, sizeof l->what, "%s", what);
	l->percent = percent;
	if (total > 0)
		snprintf(text, sizeof text, "switchboard: %s... %ld%%", what,
		    percent);
	else
		snprintf(text, sizeof text, "switchboard: %s...", what);
	progress_line_put(l, text);
}

void
progress_line_init(struct progress_line *l, FILE *fp)
{
	memset(l, 0, sizeof *l);
	l->fp = fp;
	l->percent = -1;
	if (isatty(fileno(fp))) {
		l->progress.report = progress_line_report;
		l->progress.arg = l;
	}
}

void
progress_line_end(struct progress_line *l)
{
	if (l->shown > 0)
		progress_line_put(l, "");
}
