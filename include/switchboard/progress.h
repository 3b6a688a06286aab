/* Telling a person who waits what is happening, and how far it has got. */
#ifndef SWITCHBOARD_PROGRESS_H
#define SWITCHBOARD_PROGRESS_H

#include <stdio.h>

/*
 * A reporter: what is being done (a short phrase), and done of total when
 * it can be counted (total 0: it cannot). NULL reports nothing.
 */
struct progress {
	void	(*report)(void *arg, const char *what, long done, long total);
	void	*arg;
};

/* Report through p, which may be NULL. */
void	progress_say(const struct progress *p, const char *what, long done,
	    long total);

/*
 * A reporter that keeps one line up to date on a terminal (fp, when it is
 * one; otherwise it stays silent): "switchboard: loading the demo
 * data... 40%". progress_line_end clears the line.
 */
struct progress_line {
	struct progress	 progress;
	FILE		*fp;
	int		 shown;		/* width of the line on screen */
	long		 percent;	/* last percentage shown, or -1 */
	char		 what[80];	/* last phrase shown */
};

void	progress_line_init(struct progress_line *l, FILE *fp);
void	progress_line_end(struct progress_line *l);

#endif
