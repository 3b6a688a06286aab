/* Import files: records read from vCard or CSV, checked and identified. */
#ifndef SWITCHBOARD_IMPORT_H
#define SWITCHBOARD_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"

#define IMPORT_SOURCE_ID_MAX	200	/* bytes of a source id */

enum import_format {
	IMPORT_GUESS,		/* from the text, then the file's name */
	IMPORT_VCARD,
	IMPORT_CSV
};

/* An email (value) or a phone (value as written, extension, E.164). */
struct import_item {
	char	*value;
	char	*type;		/* a type code of Switchboard's */
	char	*extension;	/* phones: "" when none */
	char	*e164;		/* phones: "+..." */
	bool	 pref;
};

/* An address with a known country (ISO 3166-1 alpha-2). */
struct import_addr {
	char	*street1, *street2, *city, *region, *postcode, *country;
	char	*label;		/* ADR's LABEL, "" when none */
};

/* How to read the files. */
struct import_options {
	enum import_format	 format;
	const char		*encoding;	/* iconv name, or NULL */
	const char		*country;	/* ISO code, or NULL */
	const char		*map;		/* a CSV column map, or NULL */
};

/* A record fit to import: names checked, items checked one by one. */
struct import_record {
	long			 line;
	char			*first, *last, *title;
	char			*role;		/* a map's role column, or "" */
	char			*source_id;
	struct import_item	*emails;
	size_t			 nemails;
	struct import_item	*phones;
	size_t			 nphones;
	struct import_addr	*addrs;
	size_t			 naddrs;
};

/*
 * A record skipped (skipped true) or a value left out of a record that
 * is imported without it: its line and why (UTF-8 from the file; may
 * quote the value, so sanitize it before it reaches a terminal).
 */
struct import_note {
	long	 line;
	bool	 skipped;
	char	*text;
};

/* A file read: its records and notes, in the order of the file. */
struct import_file {
	char			*path;
	const char		*layout;	/* "vCard", "Google Contacts" */
	char			*system;	/* "vcard", "csv:google" */
	struct import_record	*records;
	size_t			 nrecords;
	struct import_note	*notes;
	size_t			 nnotes;
	size_t			 skipped;	/* records skipped */
};

/*
 * Read path (textfile_read: a regular text file, converted from
 * encoding when not NULL) as format, a CSV file through map when given
 * (csv_map_load), phones without a country code read as in country.
 * Every record becomes an import record or a skipped note; a value it
 * cannot take (an email, a phone, an address) becomes a note. The
 * source system names the format and layout, never the file's name, so
 * that a file saved again under another name finds the contacts it
 * made; a record's source id is its vCard UID or the map's source_id
 * column, else "name:" and a hash of its folded name ("#2" and on for
 * the same name again in the file). Clear out with import_file_clear,
 * on failure too.
 */
enum sb_status	 import_file_read(const char *path,
		     const struct import_options *opts, struct import_file *out,
		     struct sb_error *err);
void		 import_file_clear(struct import_file *f);

/*
 * The record as the JSON object sb.contact_import takes: first_name,
 * last_name, title, emails, phones, addresses. Caller frees.
 */
char		*import_record_json(const struct import_record *r);

#endif
