/* Contacts of an export written whole: numbered CSV columns, JSON, vCard. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/export.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "switchboard/vcard.h"

/* The columns of a contact and of each numbered item, in order. */
static const char *const export_contact_cols[] = { "id", "first_name",
    "last_name", "title", "preferred_method", "do_not_contact", "active" };
static const char *const export_email_cols[] = { "", " type",
    " primary" };
static const char *const export_phone_cols[] = { "", " extension",
    " type", " e164", " primary" };
static const char *const export_address_cols[] = { " type", " label",
    " street1", " street2", " city", " region", " postal code",
    " country" };
static const char *const export_link_cols[] = { "", " role", " primary",
    " starts on", " ends on" };

/* How each kind of item is written: its grid, names and boolean cells. */
struct export_kind {
	const struct store_grid	 *grid;
	const char		 *prefix;	/* "email" ... */
	const char *const	 *cols;		/* suffixes after "prefix N" */
	size_t			  ncols;	/* the grid's columns, less 1 */
	const char *const	 *keys;		/* JSON keys */
	unsigned int		  bools;	/* bit c: a boolean */
	unsigned int		  nulls;	/* bit c: "" is JSON null */
	const char		 *json;		/* the JSON array's key */
};

static const char *const export_email_keys[] = { "address", "type",
    "primary" };
static const char *const export_phone_keys[] = { "number", "extension",
    "type", "e164", "primary" };
static const char *const export_address_keys[] = { "type", "label",
    "street1", "street2", "city", "region", "postal_code", "country" };
static const char *const export_link_keys[] = { "name", "role", "primary",
    "starts_on", "ends_on" };

/* The four kinds of e, in the order their columns come. */
static void
export_kinds(const struct store_export *e, struct export_kind *k)
{
	k[0] = (struct export_kind){ &e->emails, "email", export_email_cols,
	    SB_ARRAY_LEN(export_email_cols), export_email_keys, 1u << 2, 0,
	    "emails" };
	k[1] = (struct export_kind){ &e->phones, "phone", export_phone_cols,
	    SB_ARRAY_LEN(export_phone_cols), export_phone_keys, 1u << 4,
	    1u << 1, "phones" };
	k[2] = (struct export_kind){ &e->addresses, "address",
	    export_address_cols, SB_ARRAY_LEN(export_address_cols),
	    export_address_keys, 0, 0, "addresses" };
	k[3] = (struct export_kind){ &e->links, "organization",
	    export_link_cols, SB_ARRAY_LEN(export_link_cols),
	    export_link_keys, 1u << 2, (1u << 3) | (1u << 4),
	    "organizations" };
}

#define EXPORT_NKINDS	4

/* A "t" or "f" of the store as the word an export writes. */
static const char *
export_bool(const char *v)
{
	return (strcmp(v, "t") == 0 ? "true" : "false");
}

/*
 * The rows of grid g that belong to contact n, from *at on: their first
 * row's index in *first, their count returned; *at moves past them.
 */
static size_t
export_span(const struct store_grid *g, size_t *at, size_t n, size_t *first)
{
	size_t	count = 0;

	*first = *at;
	while (*at < g->rows &&
	    strtoul(store_grid_cell(g, *at, 0), NULL, 10) == n) {
		(*at)++;
		count++;
	}
	return (count);
}

/* The most items of kind k that one contact has. */
static size_t
export_most(const struct store_export *e, const struct export_kind *k)
{
	size_t	n, at = 0, first, count, most = 0;

	for (n = 0; n < e->contacts.rows; n++) {
		count = export_span(k->grid, &at, n, &first);
		if (count > most)
			most = count;
	}
	return (most);
}

/* The header of the table: the contact's columns, then numbered ones. */
static struct out_table *
export_table_create(const struct export_kind *k, const size_t *most,
    size_t *ncols)
{
	struct out_table	*t;
	char			**cols;
	size_t			  i, j, c, n = SB_ARRAY_LEN(export_contact_cols);

	for (i = 0; i < EXPORT_NKINDS; i++)
		n += most[i] * k[i].ncols;
	cols = xcalloc(n, sizeof *cols);
	for (c = 0; c < SB_ARRAY_LEN(export_contact_cols); c++)
		cols[c] = xstrdup(export_contact_cols[c]);
	for (i = 0; i < EXPORT_NKINDS; i++)
		for (j = 0; j < most[i] * k[i].ncols; j++)
			cols[c++] = xasprintf("%s %zu%s", k[i].prefix,
			    j / k[i].ncols + 1, k[i].cols[j % k[i].ncols]);
	t = out_table_create((const char *const *)cols, n);
	for (c = 0; c < n; c++)
		free(cols[c]);
	free(cols);
	*ncols = n;
	return (t);
}

/* One item's value in column c (0: the first after the contact index). */
static const char *
export_value(const struct export_kind *k, size_t row, size_t c)
{
	const char	*v = store_grid_cell(k->grid, row, c + 1);

	return ((k->bools & (1u << c)) ? export_bool(v) : v);
}

static enum sb_status
export_write_table(const struct store_export *e, enum out_format format,
    int flags, FILE *fp, struct sb_error *err)
{
	struct export_kind	 k[EXPORT_NKINDS];
	struct out_table	*t;
	const char		**cells;
	size_t			 most[EXPORT_NKINDS], at[EXPORT_NKINDS] = { 0 };
	size_t			 i, j, n, c, first, count, ncols;
	enum sb_status		 status;

	export_kinds(e, k);
	for (i = 0; i < EXPORT_NKINDS; i++)
		most[i] = export_most(e, &k[i]);
	t = export_table_create(k, most, &ncols);
	cells = xcalloc(ncols, sizeof *cells);
	for (n = 0; n < e->contacts.rows; n++) {
		for (c = 0; c < SB_ARRAY_LEN(export_contact_cols); c++)
			cells[c] = store_grid_cell(&e->contacts, n, c);
		cells[5] = export_bool(cells[5]);
		cells[6] = export_bool(cells[6]);
		for (i = 0; i < EXPORT_NKINDS; i++) {
			count = export_span(k[i].grid, &at[i], n, &first);
			for (j = 0; j < most[i] * k[i].ncols; j++)
				cells[c++] = j / k[i].ncols < count ?
				    export_value(&k[i], first + j /
				    k[i].ncols, j % k[i].ncols) : "";
		}
		out_table_add(t, cells);
	}
	status = out_table_write(t, format, flags, 0, NULL, fp, err);
	free(cells);
	out_table_free(t);
	return (status);
}

/* "key": value, a string (or null) made safe for JSON. */
static void
export_json_pair(FILE *fp, const char *sep, const char *key,
    const char *value)
{
	char	*v = out_cell_json(value);

	fprintf(fp, "%s\"%s\": %s", sep, key, v);
	free(v);
}

/* The array of kind k's items of one contact. */
static void
export_json_items(FILE *fp, const struct export_kind *k, size_t first,
    size_t count)
{
	const char	*v;
	size_t		 r, c;

	fprintf(fp, ",\n    \"%s\": [", k->json);
	for (r = first; r < first + count; r++) {
		fputs(r > first ? ",\n      {" : "\n      {", fp);
		for (c = 0; c < k->ncols; c++) {
			v = export_value(k, r, c);
			if (k->bools & (1u << c))
				fprintf(fp, "%s\"%s\": %s", c > 0 ? ", " : "",
				    k->keys[c], v);
			else
				export_json_pair(fp, c > 0 ? ", " : "",
				    k->keys[c], (k->nulls & (1u << c)) &&
				    *v == '\0' ? NULL : v);
		}
		fputc('}', fp);
	}
	fputs(count > 0 ? "\n    ]" : "]", fp);
}

static void
export_write_json(const struct store_export *e, FILE *fp)
{
	struct export_kind	 k[EXPORT_NKINDS];
	size_t			 at[EXPORT_NKINDS] = { 0 };
	size_t			 n, c, i, first, count;

	export_kinds(e, k);
	fputs("[", fp);
	for (n = 0; n < e->contacts.rows; n++) {
		fputs(n > 0 ? ",\n  {" : "\n  {", fp);
		for (c = 0; c < 5; c++)
			export_json_pair(fp, c > 0 ? ",\n    " : "\n    ",
			    export_contact_cols[c],
			    store_grid_cell(&e->contacts, n, c));
		for (c = 5; c < 7; c++)
			fprintf(fp, ",\n    \"%s\": %s", export_contact_cols[c],
			    export_bool(store_grid_cell(&e->contacts, n, c)));
		for (i = 0; i < EXPORT_NKINDS; i++) {
			count = export_span(k[i].grid, &at[i], n, &first);
			export_json_items(fp, &k[i], first, count);
		}
		fputs("\n  }", fp);
	}
	fputs(e->contacts.rows > 0 ? "\n]\n" : "]\n", fp);
}

/* Switchboard's phone and email types as the vCard words for them. */
static char *
export_vcard_type(const char *type)
{
	if (strcmp(type, "office") == 0)
		return ((char *)"work");
	if (strcmp(type, "personal") == 0)
		return ((char *)"home");
	if (strcmp(type, "mobile") == 0 || strcmp(type, "fax") == 0 ||
	    strcmp(type, "work") == 0)
		return ((char *)type);
	return ((char *)"other");
}

/* The items of one kind of contact n as vCard items (values borrowed). */
static struct vcard_item *
export_vcard_items(const struct store_grid *g, size_t first, size_t count,
    size_t value, size_t type, size_t pref)
{
	struct vcard_item	*it = xcalloc(count + 1, sizeof *it);
	size_t			 i;

	for (i = 0; i < count; i++) {
		it[i].value = (char *)store_grid_cell(g, first + i, value);
		it[i].type = export_vcard_type(store_grid_cell(g, first + i,
		    type));
		it[i].pref = strcmp(store_grid_cell(g, first + i, pref),
		    "t") == 0;
	}
	return (it);
}

/* A contact's addresses as ADRs (values borrowed). */
static struct vcard_addr *
export_vcard_addrs(const struct store_grid *g, size_t first, size_t count)
{
	struct vcard_addr	*a = xcalloc(count + 1, sizeof *a);
	size_t			 i, r;

	for (i = 0; i < count; i++) {
		r = first + i;
		a[i].pobox = (char *)"";
		a[i].type = (char *)"";
		a[i].label = (char *)store_grid_cell(g, r, 2);
		a[i].street = (char *)store_grid_cell(g, r, 3);
		a[i].extended = (char *)store_grid_cell(g, r, 4);
		a[i].locality = (char *)store_grid_cell(g, r, 5);
		a[i].region = (char *)store_grid_cell(g, r, 6);
		a[i].postcode = (char *)store_grid_cell(g, r, 7);
		a[i].country = (char *)store_grid_cell(g, r, 8);
	}
	return (a);
}

/*
 * A card's text to fp: as it is for a file or a pipe; for a terminal each
 * line as term-safe shows it, so that no value can act on the terminal.
 */
static void
export_vcard_put(const char *text, int flags, FILE *fp)
{
	const char	*p, *eol;
	char		*line, *safe;

	if (~flags & OUT_TTY) {
		fputs(text, fp);
		return;
	}
	for (p = text; (eol = strstr(p, "\r\n")) != NULL; p = eol + 2) {
		line = xstrndup(p, (size_t)(eol - p));
		safe = term_safe_dup(line, (flags & OUT_UTF8) ?
		    TERM_SAFE_UTF8 : 0);
		fprintf(fp, "%s\n", safe);
		free(safe);
		free(line);
	}
}

/* Contact n as a card, written; the spans of its items from *at on. */
static void
export_vcard_one(const struct store_export *e, size_t n, size_t *at,
    int version, int flags, FILE *fp)
{
	const struct store_grid	*c = &e->contacts;
	struct vcard		 card;
	size_t			 first[EXPORT_NKINDS], count[EXPORT_NKINDS];
	size_t			 i;
	char			*fn, *text;

	count[0] = export_span(&e->emails, &at[0], n, &first[0]);
	count[1] = export_span(&e->phones, &at[1], n, &first[1]);
	count[2] = export_span(&e->addresses, &at[2], n, &first[2]);
	count[3] = export_span(&e->links, &at[3], n, &first[3]);
	memset(&card, 0, sizeof card);
	fn = xasprintf("%s%s%s", store_grid_cell(c, n, 1),
	    *store_grid_cell(c, n, 1) != '\0' &&
	    *store_grid_cell(c, n, 2) != '\0' ? " " : "",
	    store_grid_cell(c, n, 2));
	card.uid = (char *)store_grid_cell(c, n, 0);
	card.fn = fn;
	card.given = (char *)store_grid_cell(c, n, 1);
	card.family = (char *)store_grid_cell(c, n, 2);
	card.title = (char *)store_grid_cell(c, n, 3);
	card.additional = card.prefix = card.suffix = card.org = card.role =
	    card.note = (char *)"";
	card.orgs = xcalloc(count[3] + 1, sizeof *card.orgs);
	for (i = 0; i < count[3]; i++)
		card.orgs[i] = (char *)store_grid_cell(&e->links,
		    first[3] + i, 1);
	card.norgs = count[3];
	card.emails = export_vcard_items(&e->emails, first[0], count[0], 1, 2,
	    3);
	card.nemails = count[0];
	card.phones = export_vcard_items(&e->phones, first[1], count[1], 4, 3,
	    5);
	card.nphones = count[1];
	card.addrs = export_vcard_addrs(&e->addresses, first[2], count[2]);
	card.naddrs = count[2];
	text = vcard_write(&card, version);
	export_vcard_put(text, flags, fp);
	free(text);
	free(card.orgs);
	free(card.emails);
	free(card.phones);
	free(card.addrs);
	free(fn);
}

enum sb_status
export_write(const struct store_export *e, enum out_format format,
    int flags, int vcard_version, FILE *fp, struct sb_error *err)
{
	size_t	n, at[EXPORT_NKINDS] = { 0 };

	switch (format) {
	case OUT_CSV:
	case OUT_TSV:
		return (export_write_table(e, format, flags, fp, err));
	case OUT_JSON:
		export_write_json(e, fp);
		break;
	case OUT_VCARD:
		for (n = 0; n < e->contacts.rows; n++)
			export_vcard_one(e, n, at, vcard_version, flags,
			    fp);
		break;
	default:
		return (sb_error_set(err, SB_INTERNAL, "unknown format"));
	}
	return (out_flush(fp, err));
}
