/* CSV columns to card fields: Google's, Outlook's, or a map file's. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/csv-map.h"
#include "switchboard/util.h"
#include "switchboard/ytree.h"

#define CSV_MAP_GROUPS	16	/* addresses a layout may hold */

enum csv_target {
	CSV_GIVEN, CSV_ADDITIONAL, CSV_FAMILY, CSV_PREFIX, CSV_SUFFIX,
	CSV_FN, CSV_ORG, CSV_TITLE, CSV_NOTE, CSV_UID, CSV_ROLE,
	CSV_EMAIL, CSV_PHONE,
	CSV_POBOX, CSV_EXTENDED, CSV_STREET, CSV_LOCALITY, CSV_REGION,
	CSV_POSTCODE, CSV_COUNTRY
};

/* One column: where its value goes, with a type or the type's column. */
struct csv_rule {
	size_t		 col;
	enum csv_target	 target;
	const char	*type;		/* fixed type, or NULL */
	long		 type_col;	/* column holding the type, or -1 */
	int		 group;		/* the address it belongs to */
};

struct csv_map {
	const char	*name;
	struct ytree	*tree;		/* a map file's, which types point in */
	const struct csv_row *header;	/* while a map file is read */
	struct csv_rule	*rules;
	size_t		 nrules;
	long		 group_type_col[CSV_MAP_GROUPS];
	const char	*group_type[CSV_MAP_GROUPS];
	int		 ngroups;
};

/* An Outlook column: its English and German header, target and type. */
static const struct {
	const char	*en, *de;
	enum csv_target	 target;
	const char	*type;
	int		 group;		/* 0 business, 1 home, 2 other */
} csv_outlook[] = {
	{ "First Name", "Vorname", CSV_GIVEN, NULL, 0 },
	{ "Middle Name", "Weitere Vornamen", CSV_ADDITIONAL, NULL, 0 },
	{ "Last Name", "Nachname", CSV_FAMILY, NULL, 0 },
	{ "Title", "Anrede", CSV_PREFIX, NULL, 0 },
	{ "Suffix", "Suffix", CSV_SUFFIX, NULL, 0 },
	{ "Company", "Firma", CSV_ORG, NULL, 0 },
	{ "Job Title", "Position", CSV_TITLE, NULL, 0 },
	{ "Notes", "Notizen", CSV_NOTE, NULL, 0 },
	{ "E-mail Address", "E-Mail-Adresse", CSV_EMAIL, "other", 0 },
	{ "E-mail 2 Address", "E-Mail 2: Adresse", CSV_EMAIL, "other", 0 },
	{ "E-mail 3 Address", "E-Mail 3: Adresse", CSV_EMAIL, "other", 0 },
	{ "Business Phone", "Telefon gesch\xc3\xa4" "ftlich", CSV_PHONE, "work",
	    0 },
	{ "Business Phone 2", "Telefon gesch\xc3\xa4" "ftlich 2", CSV_PHONE,
	    "work", 0 },
	{ "Home Phone", "Telefon privat", CSV_PHONE, "home", 0 },
	{ "Home Phone 2", "Telefon privat 2", CSV_PHONE, "home", 0 },
	{ "Mobile Phone", "Mobiltelefon", CSV_PHONE, "mobile", 0 },
	{ "Business Fax", "Fax gesch\xc3\xa4" "ftlich", CSV_PHONE, "fax", 0 },
	{ "Home Fax", "Fax privat", CSV_PHONE, "fax", 0 },
	{ "Pager", "Pager", CSV_PHONE, "pager", 0 },
	{ "Primary Phone", "Haupttelefon", CSV_PHONE, "main", 0 },
	{ "Company Main Phone", "Haupttelefon der Firma", CSV_PHONE, "main",
	    0 },
	{ "Other Phone", "Weiteres Telefon", CSV_PHONE, "other", 0 },
	{ "Business Street", "Stra\xc3\x9f" "e gesch\xc3\xa4" "ftlich",
	    CSV_STREET, NULL, 0 },
	{ "Business Street 2", "Stra\xc3\x9f" "e gesch\xc3\xa4" "ftlich 2",
	    CSV_EXTENDED, NULL, 0 },
	{ "Business City", "Ort gesch\xc3\xa4" "ftlich", CSV_LOCALITY, NULL,
	    0 },
	{ "Business State", "Region gesch\xc3\xa4" "ftlich", CSV_REGION, NULL,
	    0 },
	{ "Business Postal Code", "Postleitzahl gesch\xc3\xa4" "ftlich",
	    CSV_POSTCODE, NULL, 0 },
	{ "Business Country/Region", "Land/Region gesch\xc3\xa4" "ftlich",
	    CSV_COUNTRY, NULL, 0 },
	{ "Business PO Box", "Postfach gesch\xc3\xa4" "ftlich", CSV_POBOX,
	    NULL, 0 },
	{ "Home Street", "Stra\xc3\x9f" "e privat", CSV_STREET, NULL, 1 },
	{ "Home Street 2", "Stra\xc3\x9f" "e privat 2", CSV_EXTENDED, NULL, 1 },
	{ "Home City", "Ort privat", CSV_LOCALITY, NULL, 1 },
	{ "Home State", "Region privat", CSV_REGION, NULL, 1 },
	{ "Home Postal Code", "Postleitzahl privat", CSV_POSTCODE, NULL, 1 },
	{ "Home Country/Region", "Land/Region privat", CSV_COUNTRY, NULL, 1 },
	{ "Other Street", "Weitere Stra\xc3\x9f" "e", CSV_STREET, NULL, 2 },
	{ "Other City", "Weiterer Ort", CSV_LOCALITY, NULL, 2 },
	{ "Other Postal Code", "Weitere Postleitzahl", CSV_POSTCODE, NULL, 2 },
	{ "Other Country/Region", "Weiteres Land/Region", CSV_COUNTRY, NULL,
	    2 },
};

/* Google's name columns, old and new headers. */
static const struct {
	const char	*header;
	enum csv_target	 target;
} csv_google[] = {
	{ "Given Name", CSV_GIVEN }, { "First Name", CSV_GIVEN },
	{ "Additional Name", CSV_ADDITIONAL }, { "Middle Name", CSV_ADDITIONAL },
	{ "Family Name", CSV_FAMILY }, { "Last Name", CSV_FAMILY },
	{ "Name Prefix", CSV_PREFIX }, { "Name Suffix", CSV_SUFFIX },
	{ "Name", CSV_FN }, { "Notes", CSV_NOTE },
	{ "Organization 1 - Name", CSV_ORG }, { "Organization Name", CSV_ORG },
	{ "Organization 1 - Title", CSV_TITLE },
	{ "Organization Title", CSV_TITLE },
};

/* Google's address parts, after "Address N - ". */
static const struct {
	const char	*part;
	enum csv_target	 target;
} csv_google_addr[] = {
	{ "PO Box", CSV_POBOX }, { "Extended Address", CSV_EXTENDED },
	{ "Street", CSV_STREET }, { "City", CSV_LOCALITY },
	{ "Region", CSV_REGION }, { "Postal Code", CSV_POSTCODE },
	{ "Country", CSV_COUNTRY },
};

static void
csv_map_add(struct csv_map *m, size_t col, enum csv_target target,
    const char *type, long type_col, int group)
{
	m->rules = xreallocarray(m->rules, m->nrules + 1, sizeof *m->rules);
	m->rules[m->nrules++] = (struct csv_rule){ col, target, type,
	    type_col, group };
}

/* The column whose header is name, or -1. */
static long
csv_map_find(const struct csv_row *h, const char *name)
{
	size_t	i;

	for (i = 0; i < h->n; i++)
		if (strcasecmp(h->fields[i], name) == 0)
			return (long)i;
	return -1;
}

/* Parse "WHAT N - PART" (Google); N, or -1 when the header is not one. */
static int
csv_google_numbered(const char *header, const char *what, const char **part)
{
	size_t	n = strlen(what);
	char	*end;
	long	k;

	if (strncasecmp(header, what, n) != 0 || header[n] != ' ')
		return -1;
	k = strtol(header + n + 1, &end, 10);
	if (end == header + n + 1 || k < 1 || k > 99 ||
	    strncmp(end, " - ", 3) != 0)
		return -1;
	*part = end + 3;
	return (int)k;
}

/* The "- Type" (old) or "- Label" (new) column of Google item N. */
static long
csv_google_type_col(const struct csv_row *h, const char *what, int k)
{
	char	name[64];
	long	col;

	snprintf(name, sizeof name, "%s %d - Type", what, k);
	if ((col = csv_map_find(h, name)) >= 0)
		return col;
	snprintf(name, sizeof name, "%s %d - Label", what, k);
	return csv_map_find(h, name);
}

static void
csv_map_google(struct csv_map *m, const struct csv_row *h)
{
	const char	*part;
	size_t		 i, j;
	int		 k;

	m->name = "Google Contacts";
	for (i = 0; i < h->n; i++) {
		for (j = 0; j < SB_ARRAY_LEN(csv_google); j++)
			if (strcasecmp(h->fields[i], csv_google[j].header) == 0)
				csv_map_add(m, i, csv_google[j].target, NULL,
				    -1, 0);
		if ((k = csv_google_numbered(h->fields[i], "E-mail",
		    &part)) > 0 && strcasecmp(part, "Value") == 0)
			csv_map_add(m, i, CSV_EMAIL, NULL,
			    csv_google_type_col(h, "E-mail", k), 0);
		if ((k = csv_google_numbered(h->fields[i], "Phone",
		    &part)) > 0 && strcasecmp(part, "Value") == 0)
			csv_map_add(m, i, CSV_PHONE, NULL,
			    csv_google_type_col(h, "Phone", k), 0);
		if ((k = csv_google_numbered(h->fields[i], "Address",
		    &part)) <= 0 || k > CSV_MAP_GROUPS)
			continue;
		for (j = 0; j < SB_ARRAY_LEN(csv_google_addr); j++)
			if (strcasecmp(part, csv_google_addr[j].part) == 0)
				csv_map_add(m, i, csv_google_addr[j].target,
				    NULL, -1, k - 1);
		if (k > m->ngroups)
			m->ngroups = k;
		m->group_type_col[k - 1] = csv_google_type_col(h, "Address",
		    k);
	}
}

/* How many Outlook columns the header has, in one language; rules added. */
static size_t
csv_map_outlook(struct csv_map *m, const struct csv_row *h, bool german)
{
	static const char *const group_type[] = { "work", "home", "other" };
	size_t	i, found = 0;
	long	col;

	m->name = "Outlook";
	for (i = 0; i < SB_ARRAY_LEN(csv_outlook); i++) {
		col = csv_map_find(h, german ? csv_outlook[i].de :
		    csv_outlook[i].en);
		if (col < 0)
			continue;
		csv_map_add(m, (size_t)col, csv_outlook[i].target,
		    csv_outlook[i].type, -1, csv_outlook[i].group);
		found++;
	}
	m->ngroups = 3;
	for (i = 0; i < 3; i++)
		m->group_type[i] = group_type[i];
	return found;
}

enum sb_status
csv_map_detect(const struct csv_row *header, struct csv_map **out,
    struct sb_error *err)
{
	struct csv_map	*m = xcalloc(1, sizeof *m);
	int		 i;

	*out = NULL;
	for (i = 0; i < CSV_MAP_GROUPS; i++)
		m->group_type_col[i] = -1;
	if (csv_map_find(header, "Given Name") >= 0 ||
	    csv_map_find(header, "E-mail 1 - Value") >= 0 ||
	    csv_map_find(header, "Phone 1 - Value") >= 0)
		csv_map_google(m, header);
	else if (csv_map_outlook(m, header, false) < 3) {
		free(m->rules);
		m->rules = NULL;
		m->nrules = 0;
		if (csv_map_outlook(m, header, true) < 3) {
			csv_map_free(m);
			sb_error_set(err, SB_INVALID, "the columns are neither "
			    "Google Contacts' nor Outlook's export");
			sb_error_hint(err, "name the columns in a map file "
			    "and give it with --map");
			return SB_INVALID;
		}
	}
	*out = m;
	return SB_OK;
}

/* A map file's keys for one column each, and for an address's parts. */
static const struct {
	const char	*key;
	enum csv_target	 target;
} csv_yaml_fields[] = {
	{ "first_name", CSV_GIVEN }, { "last_name", CSV_FAMILY },
	{ "name", CSV_FN }, { "title", CSV_TITLE }, { "role", CSV_ROLE },
	{ "source_id", CSV_UID }, { "organization", CSV_ORG },
	{ "note", CSV_NOTE },
}, csv_yaml_addr[] = {
	{ "street", CSV_STREET }, { "street2", CSV_EXTENDED },
	{ "pobox", CSV_POBOX }, { "city", CSV_LOCALITY },
	{ "region", CSV_REGION }, { "postcode", CSV_POSTCODE },
	{ "country", CSV_COUNTRY },
};

/* The column a map file's scalar names; an error naming it if none. */
static enum sb_status
csv_yaml_column(const struct ytree *t, const struct ytree_node *node,
    const struct csv_row *h, size_t *col, struct sb_error *err)
{
	const char	*name;
	long		 found;

	if (ytree_get_string(t, node, &name, err) != SB_OK)
		return err->status;
	if ((found = csv_map_find(h, name)) < 0)
		return ytree_error(t, node, err, SB_INVALID, "the file has no "
		    "column \"%s\"", name);
	*col = (size_t)found;
	return SB_OK;
}

/* An optional string: *out untouched when node is NULL. */
static enum sb_status
csv_yaml_string(const struct ytree *t, const struct ytree_node *node,
    const char **out, struct sb_error *err)
{
	return node == NULL ? SB_OK : ytree_get_string(t, node, out, err);
}

/* "emails:" or "phones:", a list of {column, type}. */
static enum sb_status
csv_yaml_items(struct csv_map *m, const struct ytree_node *list,
    enum csv_target target, struct sb_error *err)
{
	static const char *const keys[] = { "column", "type", NULL };
	const struct ytree_node	*it, *col;
	const char		*type;
	size_t			 i, c;

	if (list == NULL)
		return SB_OK;
	if (ytree_expect(m->tree, list, YTREE_SEQ, err) != SB_OK)
		return err->status;
	for (i = 0; i < list->nkids; i++) {
		it = list->kids[i];
		type = target == CSV_PHONE ? "other" : "work";
		if (ytree_expect(m->tree, it, YTREE_MAP, err) != SB_OK ||
		    ytree_check_keys(m->tree, it, keys, err) != SB_OK ||
		    csv_yaml_string(m->tree, ytree_map_get(it, "type"), &type,
		    err) != SB_OK)
			return err->status;
		if ((col = ytree_map_get(it, "column")) == NULL)
			return ytree_error(m->tree, it, err, SB_INVALID,
			    "an item needs its column");
		if (csv_yaml_column(m->tree, col, m->header, &c, err) != SB_OK)
			return err->status;
		csv_map_add(m, c, target, type, -1, 0);
	}
	return SB_OK;
}

/* "addresses:", a list of maps of parts to columns, and a type. */
static enum sb_status
csv_yaml_addrs(struct csv_map *m, const struct ytree_node *list,
    struct sb_error *err)
{
	static const char *const keys[] = { "type", "street", "street2",
	    "pobox", "city", "region", "postcode", "country", NULL };
	const struct ytree_node	*it, *part;
	size_t			 i, j, c;

	if (list == NULL)
		return SB_OK;
	if (ytree_expect(m->tree, list, YTREE_SEQ, err) != SB_OK)
		return err->status;
	if (list->nkids > CSV_MAP_GROUPS)
		return ytree_error(m->tree, list, err, SB_INVALID, "at most "
		    "%d addresses", CSV_MAP_GROUPS);
	for (i = 0; i < list->nkids; i++) {
		it = list->kids[i];
		m->group_type[i] = "work";
		if (ytree_expect(m->tree, it, YTREE_MAP, err) != SB_OK ||
		    ytree_check_keys(m->tree, it, keys, err) != SB_OK ||
		    csv_yaml_string(m->tree, ytree_map_get(it, "type"),
		    &m->group_type[i], err) != SB_OK)
			return err->status;
		for (j = 0; j < SB_ARRAY_LEN(csv_yaml_addr); j++) {
			if ((part = ytree_map_get(it, csv_yaml_addr[j].key)) ==
			    NULL)
				continue;
			if (csv_yaml_column(m->tree, part, m->header, &c,
			    err) != SB_OK)
				return err->status;
			csv_map_add(m, c, csv_yaml_addr[j].target, NULL, -1,
			    (int)i);
		}
	}
	m->ngroups = (int)list->nkids;
	return SB_OK;
}

/* The rules a map file's root names, against the header m->header. */
static enum sb_status
csv_yaml_rules(struct csv_map *m, struct sb_error *err)
{
	static const char *const keys[] = { "first_name", "last_name",
	    "name", "title", "role", "source_id", "organization", "note",
	    "emails", "phones", "addresses", NULL };
	const struct ytree_node	*root = m->tree->root, *node;
	size_t			 i, c;

	if (ytree_expect(m->tree, root, YTREE_MAP, err) != SB_OK ||
	    ytree_check_keys(m->tree, root, keys, err) != SB_OK)
		return err->status;
	for (i = 0; i < SB_ARRAY_LEN(csv_yaml_fields); i++) {
		if ((node = ytree_map_get(root, csv_yaml_fields[i].key)) ==
		    NULL)
			continue;
		if (csv_yaml_column(m->tree, node, m->header, &c, err) != SB_OK)
			return err->status;
		csv_map_add(m, c, csv_yaml_fields[i].target, NULL, -1, 0);
	}
	if (csv_yaml_items(m, ytree_map_get(root, "emails"), CSV_EMAIL,
	    err) != SB_OK || csv_yaml_items(m, ytree_map_get(root, "phones"),
	    CSV_PHONE, err) != SB_OK || csv_yaml_addrs(m, ytree_map_get(root,
	    "addresses"), err) != SB_OK)
		return err->status;
	if (m->nrules == 0)
		return ytree_error(m->tree, root, err, SB_INVALID, "the map "
		    "names no column");
	return SB_OK;
}

enum sb_status
csv_map_load(const char *path, const struct csv_row *header,
    struct csv_map **out, struct sb_error *err)
{
	struct csv_map	*m = xcalloc(1, sizeof *m);
	int		 i;

	*out = NULL;
	m->name = "Column map";
	m->header = header;
	for (i = 0; i < CSV_MAP_GROUPS; i++)
		m->group_type_col[i] = -1;
	if (ytree_load_file(path, &m->tree, err) != SB_OK ||
	    csv_yaml_rules(m, err) != SB_OK) {
		csv_map_free(m);
		return err->status;
	}
	m->header = NULL;	/* the caller's, not kept */
	*out = m;
	return SB_OK;
}

const char *
csv_map_name(const struct csv_map *map)
{
	return map->name;
}

void
csv_map_free(struct csv_map *map)
{
	if (map == NULL)
		return;
	free(map->rules);
	ytree_free(map->tree);
	free(map);
}

/*
 * Google's type words ("* Work", "Mobile", "Work Fax") as Switchboard's:
 * a leading "* " marks the preferred value; a label it does not know is
 * kept as written.
 */
static char *
csv_map_type(const char *label, bool phone, bool *pref)
{
	static const char *const words[][2] = {
		{ "mobile", "mobile" }, { "work fax", "fax" },
		{ "home fax", "fax" }, { "fax", "fax" }, { "pager", "pager" },
		{ "main", "main" }, { "work", "work" }, { "home", "home" },
		{ "other", "other" }, { "", "other" },
	};
	size_t	i;

	*pref = strncmp(label, "* ", 2) == 0;
	if (*pref)
		label += 2;
	for (i = 0; i < SB_ARRAY_LEN(words); i++)
		if (strcasecmp(label, words[i][0]) == 0 && (phone ||
		    strcmp(words[i][1], "work") == 0 ||
		    strcmp(words[i][1], "home") == 0 ||
		    strcmp(words[i][1], "other") == 0))
			return xstrdup(words[i][1]);
	return xstrdup(label);
}

/* Add each " ::: "-joined value of text as an email or phone. */
static void
csv_map_items(struct vcard *c, bool phone, const char *text,
    const char *type, const char *label)
{
	struct vcard_item	**items = phone ? &c->phones : &c->emails;
	size_t			*n = phone ? &c->nphones : &c->nemails;
	const char		*s = text, *sep;
	size_t			 len;
	bool			 pref;

	while (*s != '\0') {
		sep = strstr(s, " ::: ");
		len = sep != NULL ? (size_t)(sep - s) : strlen(s);
		if (len > 0) {
			*items = xreallocarray(*items, *n + 1, sizeof **items);
			(*items)[*n].value = xstrndup(s, len);
			(*items)[*n].type = type != NULL ? xstrdup(type) :
			    csv_map_type(label, phone, &pref);
			(*items)[*n].pref = type == NULL && pref;
			(*n)++;
		}
		if (sep == NULL)
			break;
		s = sep + 5;
	}
}

/* The slot of a text or address target. */
static char **
csv_map_slot(struct vcard *c, struct vcard_addr *a, enum csv_target t)
{
	char	**slots[] = {
		[CSV_GIVEN] = &c->given, [CSV_ADDITIONAL] = &c->additional,
		[CSV_FAMILY] = &c->family, [CSV_PREFIX] = &c->prefix,
		[CSV_SUFFIX] = &c->suffix, [CSV_FN] = &c->fn,
		[CSV_ORG] = &c->org, [CSV_TITLE] = &c->title,
		[CSV_NOTE] = &c->note, [CSV_UID] = &c->uid,
		[CSV_ROLE] = &c->role, [CSV_EMAIL] = NULL, [CSV_PHONE] = NULL,
		[CSV_POBOX] = &a->pobox, [CSV_EXTENDED] = &a->extended,
		[CSV_STREET] = &a->street, [CSV_LOCALITY] = &a->locality,
		[CSV_REGION] = &a->region, [CSV_POSTCODE] = &a->postcode,
		[CSV_COUNTRY] = &a->country,
	};

	return slots[t];
}

/* Fill every NULL string of the card and its addresses with "". */
static void
csv_map_fill(struct vcard *c)
{
	char	**all[] = { &c->uid, &c->fn, &c->given, &c->family,
	    &c->additional, &c->prefix, &c->suffix, &c->org, &c->title,
	    &c->role, &c->note };
	size_t	  i, k;

	for (i = 0; i < SB_ARRAY_LEN(all); i++)
		if (*all[i] == NULL)
			*all[i] = xstrdup("");
	for (k = 0; k < c->naddrs; k++) {
		char	**parts[] = { &c->addrs[k].pobox,
		    &c->addrs[k].extended, &c->addrs[k].street,
		    &c->addrs[k].locality, &c->addrs[k].region,
		    &c->addrs[k].postcode, &c->addrs[k].country,
		    &c->addrs[k].type, &c->addrs[k].label };

		for (i = 0; i < SB_ARRAY_LEN(parts); i++)
			if (*parts[i] == NULL)
				*parts[i] = xstrdup("");
	}
	if (*c->fn == '\0') {
		free(c->fn);
		c->fn = xasprintf("%s%s%s", c->given, *c->given != '\0' &&
		    *c->family != '\0' ? " " : "", c->family);
	}
}

void
csv_map_card(const struct csv_map *m, const struct csv_row *row,
    struct vcard *c)
{
	struct vcard_addr	 addr[CSV_MAP_GROUPS];
	const struct csv_rule	*r;
	const char		*v, *label;
	bool			 used[CSV_MAP_GROUPS] = { false }, pref;
	char			**slot;
	size_t			 i;
	int			 g;

	memset(c, 0, sizeof *c);
	memset(addr, 0, sizeof addr);
	c->line = row->line;
	c->version = 0;
	for (i = 0; i < m->nrules; i++) {
		r = &m->rules[i];
		v = r->col < row->n ? row->fields[r->col] : "";
		if (*v == '\0')
			continue;
		label = r->type_col >= 0 && (size_t)r->type_col < row->n ?
		    row->fields[r->type_col] : "";
		if (r->target == CSV_EMAIL || r->target == CSV_PHONE) {
			csv_map_items(c, r->target == CSV_PHONE, v, r->type,
			    label);
			continue;
		}
		slot = csv_map_slot(c, &addr[r->group], r->target);
		if (r->target >= CSV_POBOX)
			used[r->group] = true;
		if (*slot == NULL)
			*slot = xstrdup(v);
	}
	for (g = 0; g < m->ngroups && g < CSV_MAP_GROUPS; g++) {
		if (!used[g])
			continue;
		label = m->group_type_col[g] >= 0 &&
		    (size_t)m->group_type_col[g] < row->n ?
		    row->fields[m->group_type_col[g]] : "";
		addr[g].type = m->group_type[g] != NULL ?
		    xstrdup(m->group_type[g]) : csv_map_type(label, false,
		    &pref);
		addr[g].pref = m->group_type[g] == NULL && pref;
		c->addrs = xreallocarray(c->addrs, c->naddrs + 1,
		    sizeof *c->addrs);
		c->addrs[c->naddrs++] = addr[g];
	}
	csv_map_fill(c);
}
