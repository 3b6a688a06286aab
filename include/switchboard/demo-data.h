/* The demo data set as a stream of records, independent of the database. */
#ifndef SWITCHBOARD_DEMO_DATA_H
#define SWITCHBOARD_DEMO_DATA_H

#include <stdbool.h>
#include <stdint.h>

#define DEMO_UUID_LEN	36

struct demo_org {
	char		 id[DEMO_UUID_LEN + 1];
	const char	*name;
	const char	*kind;		/* provider, partner, platform */
	const char	*subdomain;
	const char	*partner_id;	/* referring partner, NULL if none */
};

struct demo_contact {
	char		 id[DEMO_UUID_LEN + 1];
	const char	*first_name;
	const char	*last_name;
	const char	*title;
	const char	*preferred;	/* phone, email, sms */
	bool		 do_not_contact;
	bool		 active;
	const char	*owner_id;	/* owning organization, NULL if none */
};

/* A phone, email or address belongs to a contact or an organization. */
struct demo_phone {
	char		 id[DEMO_UUID_LEN + 1];
	const char	*owner_id;
	bool		 owner_is_org;
	const char	*number;	/* as entered */
	const char	*e164;
	const char	*extension;	/* NULL if none */
	const char	*type;		/* mobile, office, fax, emergency */
	bool		 sms;
	bool		 primary;
};

struct demo_email {
	char		 id[DEMO_UUID_LEN + 1];
	const char	*contact_id;
	const char	*address;
	const char	*type;		/* work, personal */
	bool		 primary;
};

struct demo_address {
	char		 id[DEMO_UUID_LEN + 1];
	const char	*owner_id;
	bool		 owner_is_org;
	const char	*label;
	const char	*type;		/* physical, mailing, billing */
	const char	*line1, *line2, *city, *region, *postal_code, *country;
};

struct demo_link {
	const char	*org_id;
	const char	*contact_id;
	const char	*role;
	bool		 primary;
	const char	*starts_on;	/* NULL when open */
	const char	*ends_on;
};

/*
 * Where the records go. Each callback gets borrowed records valid for the
 * call only and returns 0, or non-zero to stop the walk. Records arrive in
 * dependency order: an owner before what it owns, both ends before a link.
 */
struct demo_sink {
	void	*arg;
	int	(*org)(void *arg, const struct demo_org *);
	int	(*contact)(void *arg, const struct demo_contact *);
	int	(*phone)(void *arg, const struct demo_phone *);
	int	(*email)(void *arg, const struct demo_email *);
	int	(*address)(void *arg, const struct demo_address *);
	int	(*link)(void *arg, const struct demo_link *);
	/* A phone reached at an address: a fax line at an office. */
	int	(*phone_address)(void *arg, const char *phone_id,
		    const char *address_id);
	/*
	 * An existing phone or address ("phone", "address") shared with one
	 * more contact or organization: a department's fax and office.
	 */
	int	(*share)(void *arg, const char *what, const char *item_id,
		    const char *owner_id, bool owner_is_org);
};

/* Walk the whole data set; the same records in the same order every time. */
int	demo_data_walk(const struct demo_sink *sink);

/* A stable UUID for a key ("org/riverside"): the same key, the same id. */
void	demo_data_uuid(const char *key, char out[DEMO_UUID_LEN + 1]);

#endif
