/* Contacts of an export written whole: numbered CSV columns, JSON, vCard. */
#ifndef SWITCHBOARD_EXPORT_H
#define SWITCHBOARD_EXPORT_H

#include <stdio.h>

#include "switchboard/error.h"
#include "switchboard/out.h"
#include "switchboard/store.h"

/*
 * Write the contacts of e (store_export_read) to fp:
 *
 *   OUT_CSV, OUT_TSV	one row a contact: id, first_name, last_name,
 *		title, preferred_method, do_not_contact, active, then
 *		numbered columns as many as the contact with the most
 *		needs ("email 1", "email 1 type", "email 1 primary",
 *		"phone 1", "phone 1 extension", "phone 1 type", "phone 1
 *		e164", "phone 1 primary", "address 1 type", "address 1
 *		label", "address 1 street1" ... "address 1 country",
 *		"organization 1", "organization 1 role", "organization 1
 *		primary", "organization 1 starts on", "organization 1 ends
 *		on"); every value in a cell of its own, booleans "true" or
 *		"false". flags as for out_table_write (the formula guard,
 *		OUT_RAW).
 *   OUT_JSON	an array of objects, with arrays of objects for the
 *		organizations, emails, phones and addresses; booleans true
 *		and false, an open end of a link and no extension null.
 *   OUT_VCARD	one card a contact, vCard 4.0 (vcard_version 40) or 3.0
 *		(30): UID the contact's id, N, FN, TITLE, an ORG a link,
 *		EMAIL and TEL with their types (a phone's E.164 form as
 *		its value), ADR with its LABEL.
 *
 * SB_IO when writing fails.
 */
enum sb_status	export_write(const struct store_export *e,
		    enum out_format format, int flags, int vcard_version,
		    FILE *fp, struct sb_error *err);

#endif
