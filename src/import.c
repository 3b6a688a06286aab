/* Import files: vCard or CSV records as checked records with a source id. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/csv-map.h"
#include "switchboard/csv.h"
#include "switchboard/fold.h"
#include "switchboard/import.h"
#include "switchboard/out.h"
#include "switchboard/textfile.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"
#include "switchboard/vcard.h"

/* Country names address books write, folded, and their ISO codes. */
static const struct {
	const char	*name;
	const char	*iso;
} import_countries[] = {
	{ "united states", "US" }, { "united states of america", "US" },
	{ "usa", "US" }, { "u.s.a.", "US" }, { "vereinigte staaten", "US" },
	{ "germany", "DE" }, { "deutschland", "DE" },
	{ "united kingdom", "GB" }, { "uk", "GB" }, { "great britain", "GB" },
	{ "england", "GB" }, { "scotland", "GB" }, { "wales", "GB" },
	{ "grossbritannien", "GB" }, { "austria", "AT" },
	{ "osterreich", "AT" }, { "oesterreich", "AT" },
	{ "switzerland", "CH" }, { "schweiz", "CH" }, { "suisse", "CH" },
	{ "france", "FR" }, { "frankreich", "FR" }, { "netherlands", "NL" },
	{ "the netherlands", "NL" }, { "niederlande", "NL" },
	{ "belgium", "BE" }, { "belgien", "BE" }, { "ireland", "IE" },
	{ "irland", "IE" }, { "spain", "ES" }, { "spanien", "ES" },
	{ "espana", "ES" }, { "italy", "IT" }, { "italien", "IT" },
	{ "italia", "IT" }, { "portugal", "PT" }, { "canada", "CA" },
	{ "kanada", "CA" }, { "australia", "AU" }, { "australien", "AU" },
	{ "brazil", "BR" }, { "brasil", "BR" }, { "brasilien", "BR" },
	{ "denmark", "DK" }, { "danemark", "DK" }, { "sweden", "SE" },
	{ "schweden", "SE" }, { "norway", "NO" }, { "norwegen", "NO" },
	{ "poland", "PL" }, { "polen", "PL" }, { "japan", "JP" },
	{ "india", "IN" }, { "indien", "IN" }, { "new zealand", "NZ" },
};

static void
import_note_add(struct import_file *f, long line, bool skipped,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
import_note_add(struct import_file *f, long line, bool skipped,
    const char *fmt, ...)
{
	struct import_note	*n;
	va_list			 ap;

	f->notes = xreallocarray(f->notes, f->nnotes + 1, sizeof *f->notes);
	n = &f->notes[f->nnotes++];
	n->line = line;
	n->skipped = skipped;
	va_start(ap, fmt);
	n->text = xvasprintf(fmt, ap);
	va_end(ap);
	if (skipped)
		f->skipped++;
}

/* A vCard phone type as one of Switchboard's phone types. */
static const char *
import_phone_type(const char *type)
{
	if (strcmp(type, "mobile") == 0 || strcmp(type, "fax") == 0)
		return (type);
	return ("office");
}

/*
 * A vCard email type as one of Switchboard's email types: a directory of
 * work contacts takes an address no type calls home as a work address.
 */
static const char *
import_email_type(const char *type)
{
	return (strcmp(type, "home") == 0 ? "personal" : "work");
}

/*
 * The ISO code of a country as an address book writes it (fallback when
 * it names none) into iso; false when it is not known here.
 */
static bool
import_country_code(const char *country, const char *fallback,
    char iso[3])
{
	char	*folded;
	size_t	 i;
	bool	 found = false;

	if (*country == '\0') {
		if (fallback == NULL || strlen(fallback) != 2)
			return (false);
		country = fallback;
	}
	if (strlen(country) == 2 && isalpha((unsigned char)country[0]) &&
	    isalpha((unsigned char)country[1])) {
		iso[0] = (char)toupper((unsigned char)country[0]);
		iso[1] = (char)toupper((unsigned char)country[1]);
		iso[2] = '\0';
		return (true);
	}
	folded = fold_text(country);
	for (i = 0; i < SB_ARRAY_LEN(import_countries) && !found; i++)
		if (strcmp(folded, import_countries[i].name) == 0) {
			memcpy(iso, import_countries[i].iso, 3);
			found = true;
		}
	free(folded);
	return (found);
}

static void
import_emails(struct import_file *f, struct import_record *r,
    const struct vcard *card)
{
	struct import_item	*it;
	struct sb_error		 err;
	char			 address[VALIDATE_EMAIL_MAX + 1];
	size_t			 i;

	r->emails = xcalloc(card->nemails + 1, sizeof *r->emails);
	for (i = 0; i < card->nemails; i++) {
		if (validate_email(card->emails[i].value, address,
		    sizeof address, &err) != SB_OK) {
			import_note_add(f, card->line, false, "email \"%s\": "
			    "%s", card->emails[i].value,
			    err.message);
			continue;
		}
		it = &r->emails[r->nemails++];
		it->value = xstrdup(address);
		it->type = xstrdup(import_email_type(card->emails[i].type));
		it->extension = xstrdup("");
		it->e164 = xstrdup("");
		it->pref = card->emails[i].pref;
	}
}

static void
import_phones(struct import_file *f, struct import_record *r,
    const struct vcard *card, const char *country)
{
	struct import_item	*it;
	struct validate_phone	 ph;
	struct sb_error		 err;
	size_t			 i;

	r->phones = xcalloc(card->nphones + 1, sizeof *r->phones);
	for (i = 0; i < card->nphones; i++) {
		if (validate_phone(card->phones[i].value, country, &ph,
		    &err) != SB_OK) {
			import_note_add(f, card->line, false, "phone \"%s\": "
			    "%s%s", card->phones[i].value,
			    err.message, country == NULL ? " (give --country "
			    "for national numbers)" : "");
			continue;
		}
		it = &r->phones[r->nphones++];
		it->value = xstrdup(ph.number);
		it->type = xstrdup(import_phone_type(card->phones[i].type));
		it->extension = xstrdup(ph.extension);
		it->e164 = xstrdup(ph.e164);
		it->pref = card->phones[i].pref;
	}
}

static void
import_addrs(struct import_file *f, struct import_record *r,
    const struct vcard *card, const char *country)
{
	const struct vcard_addr	*a;
	struct import_addr	*out;
	char			 iso[3];
	size_t			 i;

	r->addrs = xcalloc(card->naddrs + 1, sizeof *r->addrs);
	for (i = 0; i < card->naddrs; i++) {
		a = &card->addrs[i];
		if (*a->street == '\0' && *a->locality == '\0' &&
		    *a->postcode == '\0' && *a->pobox == '\0')
			continue;
		if (validate_utf8_length(a->street) > 200 ||
		    validate_utf8_length(a->extended) > 200 ||
		    validate_utf8_length(a->locality) > 100 ||
		    validate_utf8_length(a->region) > 100 ||
		    validate_utf8_length(a->postcode) > 20 ||
		    validate_utf8_length(a->label) > 100) {
			import_note_add(f, card->line, false, "address in "
			    "\"%s\": a part of it is too long",
			    a->locality);
			continue;
		}
		if (!import_country_code(a->country, country, iso)) {
			import_note_add(f, card->line, false, "address in "
			    "\"%s\": %s", a->locality,
			    *a->country == '\0' ? "it names no country (give "
			    "--country)" : "its country is not known here");
			continue;
		}
		out = &r->addrs[r->naddrs++];
		out->street1 = xstrdup(*a->street != '\0' ? a->street :
		    a->pobox);
		out->street2 = xstrdup(*a->street != '\0' ? a->extended : "");
		out->city = xstrdup(a->locality);
		out->region = xstrdup(a->region);
		out->postcode = xstrdup(a->postcode);
		out->country = xstrdup(iso);
		out->label = xstrdup(a->label);
	}
}

/* 64-bit FNV-1a of s: stable across builds and machines. */
static uint64_t
import_hash(const char *s)
{
	uint64_t	h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (h);
}

/* The record's UID, else "name:" and the hash of its folded name. */
static char *
import_source_id(const struct import_file *f, const struct vcard *card,
    const struct import_record *r)
{
	char	*name, *folded, *id;
	size_t	 i, again = 1;

	if (*card->uid != '\0' && strlen(card->uid) <= IMPORT_SOURCE_ID_MAX)
		return (xstrdup(card->uid));
	name = xasprintf("%s\x1f%s", r->first, r->last);
	folded = fold_text(name);
	id = xasprintf("name:%016llx", (unsigned long long)
	    import_hash(folded));
	free(folded);
	free(name);
	for (i = 0; i < f->nrecords; i++)
		if (strncmp(f->records[i].source_id, id, strlen(id)) == 0 &&
		    (f->records[i].source_id[strlen(id)] == '\0' ||
		    f->records[i].source_id[strlen(id)] == '#'))
			again++;
	if (again > 1) {
		name = id;
		id = xasprintf("%s#%zu", name, again);
		free(name);
	}
	return (id);
}

/*
 * Take card as a record of f, or note why it is skipped; its ROLE is a
 * role code only where a column map said so (role true).
 */
static void
import_card_add(struct import_file *f, const struct vcard *card,
    const char *country, bool role)
{
	struct import_record	 r;
	struct sb_error		 err;

	memset(&r, 0, sizeof r);
	if (validate_contact_name(card->given, card->family, &err) != SB_OK ||
	    validate_text("title", card->title, VALIDATE_NAME_MAX, 0,
	    &err) != SB_OK) {
		import_note_add(f, card->line, true, "%s", err.message);
		return;
	}
	r.line = card->line;
	r.first = xstrdup(card->given);
	r.last = xstrdup(card->family);
	r.title = xstrdup(card->title);
	r.role = xstrdup(role ? card->role : "");
	import_emails(f, &r, card);
	import_phones(f, &r, card, country);
	import_addrs(f, &r, card, country);
	r.source_id = import_source_id(f, card, &r);
	f->records = xreallocarray(f->records, f->nrecords + 1,
	    sizeof *f->records);
	f->records[f->nrecords++] = r;
}

static void
import_read_vcard(struct import_file *f, const char *text, size_t len,
    const char *country)
{
	struct vcard_reader	*rd = vcard_reader_new(text, len);
	struct vcard		 card;
	struct vcard_problem	 p;
	int			 rc;

	f->layout = "vCard";
	f->system = xstrdup("vcard");
	while ((rc = vcard_next(rd, &card, &p)) != 0) {
		if (rc < 0) {
			import_note_add(f, p.line, true, "%s", p.reason);
			continue;
		}
		import_card_add(f, &card, country, false);
		vcard_clear(&card);
	}
	vcard_reader_free(rd);
}

/* "csv:" and the layout's first word, lower case: "csv:google". */
static char *
import_csv_system(const char *layout)
{
	char	*s = xasprintf("csv:%.*s", (int)strcspn(layout, " "), layout);
	char	*p;

	for (p = s; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return (s);
}

static enum sb_status
import_read_csv(struct import_file *f, const char *text, size_t len,
    const struct import_options *opts, struct sb_error *err)
{
	struct csv_reader	*rd = csv_reader_new(text, len);
	struct csv_map		*map = NULL;
	struct csv_row		 row;
	struct csv_problem	 p;
	struct vcard		 card;
	int			 rc;

	while ((rc = csv_next(rd, &row, &p)) != 0) {
		if (rc < 0) {
			import_note_add(f, p.line, true, "%s", p.reason);
			continue;
		}
		if (map == NULL) {
			rc = (opts->map != NULL ? csv_map_load(opts->map, &row,
			    &map, err) : csv_map_detect(&row, &map, err)) ==
			    SB_OK;
			csv_row_clear(&row);
			if (!rc)
				break;
			f->layout = csv_map_name(map);
			f->system = import_csv_system(f->layout);
			continue;
		}
		csv_map_card(map, &row, &card);
		card.line = row.line;
		import_card_add(f, &card, opts->country, opts->map != NULL);
		vcard_clear(&card);
		csv_row_clear(&row);
	}
	csv_reader_free(rd);
	if (map == NULL) {
		if (err->status == SB_OK)
			sb_error_set(err, SB_INVALID, "the file holds no "
			    "records");
		return (err->status);
	}
	csv_map_free(map);
	return (SB_OK);
}

/* vCard when the text begins so, or the file's name ends in .vcf. */
static enum import_format
import_format_guess(const char *path, const char *text)
{
	const char	*dot = strrchr(path, '.');

	while (isspace((unsigned char)*text))
		text++;
	if (strncasecmp(text, "BEGIN:VCARD", 11) == 0)
		return (IMPORT_VCARD);
	if (dot != NULL && (strcasecmp(dot, ".vcf") == 0 ||
	    strcasecmp(dot, ".vcard") == 0))
		return (IMPORT_VCARD);
	return (IMPORT_CSV);
}

enum sb_status
import_file_read(const char *path, const struct import_options *opts,
    struct import_file *out, struct sb_error *err)
{
	enum import_format	 format = opts->format;
	char			*text;
	size_t			 len;
	enum sb_status		 status;

	memset(out, 0, sizeof *out);
	sb_error_clear(err);
	out->path = xstrdup(path);
	if ((status = textfile_read(path, opts->encoding, &text, &len,
	    err)) != SB_OK)
		return (status);
	if (format == IMPORT_GUESS)
		format = import_format_guess(path, text);
	if (format == IMPORT_VCARD)
		import_read_vcard(out, text, len, opts->country);
	else
		status = import_read_csv(out, text, len, opts, err);
	free(text);
	return (status);
}

static void
import_item_clear(struct import_item *it)
{
	free(it->value);
	free(it->type);
	free(it->extension);
	free(it->e164);
}

static void
import_record_clear(struct import_record *r)
{
	size_t	i;

	for (i = 0; i < r->nemails; i++)
		import_item_clear(&r->emails[i]);
	for (i = 0; i < r->nphones; i++)
		import_item_clear(&r->phones[i]);
	for (i = 0; i < r->naddrs; i++) {
		free(r->addrs[i].street1);
		free(r->addrs[i].street2);
		free(r->addrs[i].city);
		free(r->addrs[i].region);
		free(r->addrs[i].postcode);
		free(r->addrs[i].country);
		free(r->addrs[i].label);
	}
	free(r->emails);
	free(r->phones);
	free(r->addrs);
	free(r->first);
	free(r->last);
	free(r->title);
	free(r->role);
	free(r->source_id);
}

void
import_file_clear(struct import_file *f)
{
	size_t	i;

	for (i = 0; i < f->nrecords; i++)
		import_record_clear(&f->records[i]);
	for (i = 0; i < f->nnotes; i++)
		free(f->notes[i].text);
	free(f->records);
	free(f->notes);
	free(f->path);
	free(f->system);
	memset(f, 0, sizeof *f);
}

/* Append "key": value (a JSON string) to *json, after sep. */
static void
import_json_add(char **json, const char *sep, const char *key,
    const char *value)
{
	char	*v = out_cell_json(value), *next;

	next = xasprintf("%s%s\"%s\": %s", *json, sep, key, v);
	free(v);
	free(*json);
	*json = next;
}

static void
import_json_raw(char **json, const char *raw)
{
	char	*next = xasprintf("%s%s", *json, raw);

	free(*json);
	*json = next;
}

static void
import_json_items(char **json, const char *key,
    const struct import_item *items, size_t n, bool phone)
{
	size_t	i;

	import_json_raw(json, ", \"");
	import_json_raw(json, key);
	import_json_raw(json, "\": [");
	for (i = 0; i < n; i++) {
		import_json_raw(json, i > 0 ? ", {" : "{");
		import_json_add(json, "", phone ? "number" : "address",
		    items[i].value);
		import_json_add(json, ", ", "type", items[i].type);
		if (phone) {
			import_json_add(json, ", ", "extension",
			    items[i].extension);
			import_json_add(json, ", ", "e164", items[i].e164);
		}
		import_json_raw(json, items[i].pref ? ", \"pref\": true}" :
		    ", \"pref\": false}");
	}
	import_json_raw(json, "]");
}

char *
import_record_json(const struct import_record *r)
{
	const struct import_addr	*a;
	char				*json = xstrdup("{");
	size_t				 i;

	import_json_add(&json, "", "first_name", r->first);
	import_json_add(&json, ", ", "last_name", r->last);
	import_json_add(&json, ", ", "title", r->title);
	import_json_items(&json, "emails", r->emails, r->nemails, false);
	import_json_items(&json, "phones", r->phones, r->nphones, true);
	import_json_raw(&json, ", \"addresses\": [");
	for (i = 0; i < r->naddrs; i++) {
		a = &r->addrs[i];
		import_json_raw(&json, i > 0 ? ", {" : "{");
		import_json_add(&json, "", "type", "physical");
		import_json_add(&json, ", ", "street1", a->street1);
		import_json_add(&json, ", ", "street2", a->street2);
		import_json_add(&json, ", ", "city", a->city);
		import_json_add(&json, ", ", "region", a->region);
		import_json_add(&json, ", ", "postal_code", a->postcode);
		import_json_add(&json, ", ", "country", a->country);
		import_json_add(&json, ", ", "label", a->label);
		import_json_raw(&json, "}");
	}
	import_json_raw(&json, "]}");
	return (json);
}
