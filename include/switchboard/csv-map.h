/* Which CSV column holds what: Google's and Outlook's layouts, or a map's. */
#ifndef SWITCHBOARD_CSV_MAP_H
#define SWITCHBOARD_CSV_MAP_H

#include "switchboard/csv.h"
#include "switchboard/error.h"
#include "switchboard/vcard.h"

struct csv_map;

/*
 * The layout a header record names: Google Contacts' export (old and new
 * headers: "Given Name"/"First Name", "E-mail 1 - Type"/"- Label",
 * several values in one cell joined with " ::: ") or Outlook's, with
 * English or German headers. SB_INVALID with a hint to give a column
 * map when the header is neither. Free with csv_map_free.
 */
enum sb_status	 csv_map_detect(const struct csv_row *header,
		     struct csv_map **out, struct sb_error *err);

/*
 * The layout a map file (YAML) at path names against a header record:
 * keys first_name, last_name, name, title, role, source_id,
 * organization and note name a column each; emails and phones are lists
 * of {column, type}; addresses a list of maps from street, street2,
 * pobox, city, region, postcode and country to columns, with a type.
 * SB_INVALID naming the line of a key it does not know or of a column
 * the header lacks. Free with csv_map_free.
 */
enum sb_status	 csv_map_load(const char *path, const struct csv_row *header,
		     struct csv_map **out, struct sb_error *err);

/* The layout's name ("Google Contacts", "Outlook"), for the preview. */
const char	*csv_map_name(const struct csv_map *map);

/*
 * One record as a card (the shape vCard import fills): names, title,
 * organization, emails and phones with their types, addresses, notes.
 * Free with vcard_clear.
 */
void		 csv_map_card(const struct csv_map *map,
		     const struct csv_row *row, struct vcard *card);

void		 csv_map_free(struct csv_map *map);

#endif
