/* The emergency call list's model and export: plain C, no curses. */
#ifndef SWITCHBOARD_EMERGENCY_LIST_H
#define SWITCHBOARD_EMERGENCY_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/out.h"
#include "switchboard/store.h"

/*
 * The view model: the rows of one read, the filters, and the lines they
 * give. A line is an organization's heading or one contact under it;
 * rows come sorted by organization, primary first, so each
 * organization's contacts follow its heading. Do-not-contact contacts pass
 * the filters like any other: they are marked, never left out.
 * Embedded: emergency_list_init, then emergency_list_clear.
 */
struct emergency_line {
	size_t	 row;		/* index into rows */
	bool	 heading;	/* the organization of row, not the contact */
};

struct emergency_list {
	struct store_rows	 rows;		/* owned, STORE_ROWS_EMERGENCY */
	struct emergency_line	*lines;		/* owned */
	size_t			 nlines;
	size_t			 ncontacts;	/* contact lines */
	size_t			 norgs;		/* heading lines */
	char			 org_filter[128];
	char			 type_filter[64];
};

void		 emergency_list_init(struct emergency_list *el);
void		 emergency_list_clear(struct emergency_list *el);

/* Take over rows (emptied) and apply the filters. */
void		 emergency_list_take(struct emergency_list *el,
		     struct store_rows *rows);

/*
 * Whether a row passes: the organization's name contains org_filter and
 * one of its phone types begins with type_filter (both ignoring case and
 * Latin accents; "" passes all). A contact without phones passes only an
 * empty type filter.
 */
bool		 emergency_row_match(const struct store_emergency *e,
		     const char *org_filter, const char *type_filter);

/* Rebuild the lines after the filters changed. */
void		 emergency_list_refilter(struct emergency_list *el);

/* The row a line shows. Borrowed until the next take or clear. */
const struct store_emergency *emergency_list_row(
		     const struct emergency_list *el, size_t line);

/*
 * The heading line of the first organization, from line start on and
 * wrapping around, whose name begins with name (else contains it), or -1.
 */
int		 emergency_list_find_org(const struct emergency_list *el,
		     const char *name, size_t start);

/*
 * The contact lines as a table. OUT_CSV: every contact line, with columns
 * organization, name, primary, mobile, email, do_not_contact (yes/no),
 * phone_types, updated_at. OUT_TEXT (a printed sheet, one table per
 * organization): the contacts under the heading line given, with columns
 * mark ("*" primary, "DNC" do not contact), name, mobile, email, changed
 * (the date). Caller frees with out_table_free.
 */
struct out_table *emergency_list_table(const struct emergency_list *el,
		     size_t heading, enum out_format format);

/*
 * Write data to path atomically: a temporary file in the same directory
 * (mode 0644), synced, then put in place. Without overwrite an existing
 * path is left alone and SB_CONFLICT returned; a missing directory or a
 * refused permission give SB_IO with a message naming the directory. No
 * partial file is left behind on any failure.
 */
enum sb_status	 emergency_file_write(const char *path, const char *data,
		     size_t len, bool overwrite, struct sb_error *err);

/*
 * Export the contact lines to path: CSV when it ends in ".csv" (any
 * case), else the text sheet, at most EMERGENCY_SHEET_WIDTH columns wide
 * (long values wrap inside their column; nothing is cut).
 * *format (may be NULL) gets the format used. Errors as
 * emergency_file_write.
 */
#define EMERGENCY_SHEET_WIDTH	80

enum sb_status	 emergency_export(const struct emergency_list *el,
		     const char *path, bool overwrite, enum out_format *format,
		     struct sb_error *err);

#endif
