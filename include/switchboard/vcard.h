/* vCard 2.1, 3.0 and 4.0: cards read as real programs write them, and written. */
#ifndef SWITCHBOARD_VCARD_H
#define SWITCHBOARD_VCARD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * An email or a phone: its value (a phone as written, without a "tel:"
 * scheme), its type as Switchboard names it ("work", "home", "mobile",
 * "fax", "pager", "main", "other"; the label of a grouped X-ABLabel when
 * it names none of these), and whether the card marks it preferred.
 */
struct vcard_item {
	char	*value;
	char	*type;
	bool	 pref;
};

/* An address: ADR's parts, its type and label (ADR;LABEL= or LABEL). */
struct vcard_addr {
	char	*pobox, *extended, *street, *locality, *region;
	char	*postcode, *country;
	char	*type;
	char	*label;
	bool	 pref;
};

/*
 * One card, every string UTF-8 and never NULL ("" when absent). given
 * and family come from N, or from FN when a card has no N; fn from FN,
 * or from N when a card has no FN.
 */
struct vcard {
	long			 line;		/* of its BEGIN:VCARD */
	int			 version;	/* 21, 30 or 40 */
	char			*uid;
	char			*fn;
	char			*given, *family, *additional;
	char			*prefix, *suffix;
	char			*org;		/* ORG's first part */
	char			**orgs;		/* more ORGs to write (borrowed;
						   the reader sets none) */
	size_t			 norgs;
	char			*title, *role, *note;
	struct vcard_item	*emails;
	size_t			 nemails;
	struct vcard_item	*phones;
	size_t			 nphones;
	struct vcard_addr	*addrs;
	size_t			 naddrs;
	size_t			 ignored;	/* unknown and X- properties */
	size_t			 photos;	/* PHOTO, LOGO, SOUND, KEY */
};

/* What was wrong with a card that was skipped. */
struct vcard_problem {
	long	line;
	char	reason[160];
};

struct vcard_reader;

/*
 * Read cards from text (UTF-8, borrowed; len bytes, no BOM) one at a
 * time. vcard_next fills card and returns 1, returns 0 at the end, or -1
 * with problem filled for a card it skipped (the next call goes on after
 * it). Free card with vcard_clear.
 */
struct vcard_reader	*vcard_reader_new(const char *text, size_t len);
int			 vcard_next(struct vcard_reader *r, struct vcard *card,
			     struct vcard_problem *problem);
void			 vcard_reader_free(struct vcard_reader *r);
void			 vcard_clear(struct vcard *card);

/*
 * The card as vCard 4.0 (version 40) or 3.0 (30): CRLF line ends, lines
 * folded at 75 octets between characters, text escaped. Caller frees.
 */
char			*vcard_write(const struct vcard *card, int version);

#endif
