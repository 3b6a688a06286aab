/* The emergency list's view model: filters, lines and the export table. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/emergency-list.h"
#include "switchboard/fold.h"
#include "switchboard/util.h"

void
emergency_list_init(struct emergency_list *el)
{
	memset(el, 0, sizeof *el);
	el->rows.type = STORE_ROWS_EMERGENCY;
}

void
emergency_list_clear(struct emergency_list *el)
{
	store_rows_free(&el->rows);
	free(el->lines);
	emergency_list_init(el);
}

void
emergency_list_take(struct emergency_list *el, struct store_rows *rows)
{
	store_rows_free(&el->rows);
	el->rows = *rows;
	memset(rows, 0, sizeof *rows);
	emergency_list_refilter(el);
}

/* Whether one of the comma-separated folded types begins with want. */
static bool
emergency_type_match(const char *types, const char *want)
{
	char		*t = fold_text(types), *w = fold_text(want);
	const char	*p = t;
	size_t		 n = strlen(w);
	bool		 found = false;

	while (*p != '\0' && !found) {
		while (*p == ' ' || *p == ',')
			p++;
		found = *p != '\0' && strncmp(p, w, n) == 0;
		p += strcspn(p, ",");
	}
	free(t);
	free(w);
	return found;
}

bool
emergency_row_match(const struct store_emergency *e, const char *org_filter,
    const char *type_filter)
{
	if (org_filter != NULL && !fold_match(e->org_name, org_filter))
		return false;
	if (type_filter == NULL || *type_filter == '\0')
		return true;
	return emergency_type_match(e->phone_types, type_filter);
}

static void
emergency_list_push(struct emergency_list *el, size_t row, bool heading)
{
	el->lines[el->nlines].row = row;
	el->lines[el->nlines].heading = heading;
	el->nlines++;
}

void
emergency_list_refilter(struct emergency_list *el)
{
	const struct store_emergency	*e = el->rows.rows;
	const char			*last = NULL;
	size_t				 i;

	free(el->lines);
	el->lines = xcalloc(2 * el->rows.count + 1, sizeof *el->lines);
	el->nlines = el->ncontacts = el->norgs = 0;
	for (i = 0; i < el->rows.count; i++) {
		if (!emergency_row_match(&e[i], el->org_filter,
		    el->type_filter))
			continue;
		if (last == NULL || strcmp(last, e[i].org_id) != 0) {
			emergency_list_push(el, i, true);
			el->norgs++;
			last = e[i].org_id;
		}
		emergency_list_push(el, i, false);
		el->ncontacts++;
	}
}

const struct store_emergency *
emergency_list_row(const struct emergency_list *el, size_t line)
{
	if (line >= el->nlines)
		return NULL;
	return (const struct store_emergency *)el->rows.rows +
	    el->lines[line].row;
}

/* The first heading from start (wrapping) that passes match. */
static int
emergency_list_find(const struct emergency_list *el, const char *folded,
    size_t start, bool prefix)
{
	const struct store_emergency	*e;
	size_t				 i, line;
	char				*name;
	bool				 found;

	for (i = 0; i < el->nlines; i++) {
		line = (start + i) % el->nlines;
		if (!el->lines[line].heading)
			continue;
		e = emergency_list_row(el, line);
		name = fold_text(e->org_name);
		found = prefix ? strncmp(name, folded, strlen(folded)) == 0 :
		    strstr(name, folded) != NULL;
		free(name);
		if (found)
			return (int)line;
	}
	return -1;
}

int
emergency_list_find_org(const struct emergency_list *el, const char *name,
    size_t start)
{
	char	*folded;
	int	 line;

	if (el->nlines == 0 || name == NULL || *name == '\0')
		return -1;
	folded = fold_text(name);
	line = emergency_list_find(el, folded, start, true);
	if (line < 0)
		line = emergency_list_find(el, folded, start, false);
	free(folded);
	return line;
}

static void
emergency_list_add_row(struct out_table *t, const struct store_emergency *e,
    enum out_format format)
{
	const char	*cells[8];
	bool		 sheet = format == OUT_TEXT;

	char		 changed[11];

	if (sheet) {
		snprintf(changed, sizeof changed, "%s", e->updated_at);
		cells[0] = e->primary ? (e->do_not_contact ? "* DNC" : "*") :
		    (e->do_not_contact ? "DNC" : "");
		cells[1] = e->name;
		cells[2] = e->mobile;
		cells[3] = e->email;
		cells[4] = changed;
	} else {
		cells[0] = e->org_name;
		cells[1] = e->name;
		cells[2] = e->primary ? "true" : "false";
		cells[3] = e->mobile;
		cells[4] = e->email;
		cells[5] = e->do_not_contact ? "true" : "false";
		cells[6] = e->phone_types;
		cells[7] = e->updated_at;
	}
	out_table_add(t, cells);
}

struct out_table *
emergency_list_table(const struct emergency_list *el, size_t heading,
    enum out_format format)
{
	static const char *const csv[] = { "organization", "name", "primary",
	    "mobile", "email", "do_not_contact", "phone_types", "updated_at" };
	static const char *const sheet[] = { "", "name", "mobile", "email",
	    "changed" };
	struct out_table	*t;
	size_t			 i = 0;

	if (format == OUT_TEXT) {
		t = out_table_create(sheet, SB_ARRAY_LEN(sheet));
		i = heading + 1;
	} else {
		t = out_table_create(csv, SB_ARRAY_LEN(csv));
		out_table_set_truth(t, 2);
		out_table_set_truth(t, 5);
	}
	for (; i < el->nlines; i++) {
		if (el->lines[i].heading && format == OUT_TEXT)
			break;
		if (!el->lines[i].heading)
			emergency_list_add_row(t, emergency_list_row(el, i),
			    format);
	}
	return t;
}
