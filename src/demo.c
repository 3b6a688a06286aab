/* Load the demo data set through the same commands a person would use. */
#include "config.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/demo-data.h"
#include "switchboard/demo.h"
#include "switchboard/progress.h"
#include "switchboard/util.h"

/* Demo keys to the ids the database gave: open addressing, no deletes. */
#define DEMO_MAP_SLOTS	16384

struct demo_loader {
	struct db	*db;		/* NULL: only count the commands */
	struct sb_error	*err;
	char		(*keys)[DEMO_UUID_LEN + 1];
	char		(*values)[DEMO_UUID_LEN + 1];
	size_t		 used;
	const struct progress *progress;
	long		 done;		/* commands run */
	long		 total;		/* of a counting walk; 0: unknown */
};

/* What a counting walk remembers for every key. */
#define DEMO_NO_UUID	"00000000-0000-0000-0000-000000000000"

static size_t
demo_map_slot(const struct demo_loader *l, const char *key)
{
	size_t	h = 0;
	size_t	i;

	for (i = 0; key[i] != '\0'; i++)
		h = h * 31 + (unsigned char)key[i];
	for (h &= DEMO_MAP_SLOTS - 1; l->keys[h][0] != '\0';
	    h = (h + 1) & (DEMO_MAP_SLOTS - 1)) {
		if (strcmp(l->keys[h], key) == 0)
			break;
	}
	return h;
}

static void
demo_map_put(struct demo_loader *l, const char *key, const char *value)
{
	size_t	slot = demo_map_slot(l, key);

	if (l->keys[slot][0] == '\0') {
		if (++l->used > DEMO_MAP_SLOTS / 2)
			fatal("demo data set larger than its id map");
		snprintf(l->keys[slot], sizeof l->keys[slot], "%s", key);
	}
	snprintf(l->values[slot], sizeof l->values[slot], "%s", value);
}

/* The database id for a demo key; NULL for a NULL key. */
static const char *
demo_map_get(const struct demo_loader *l, const char *key)
{
	size_t	slot;

	if (key == NULL)
		return NULL;
	slot = demo_map_slot(l, key);
	assert(l->keys[slot][0] != '\0');
	return l->values[slot];
}

/*
 * Run one command; with key, remember the uuid it returns under key.
 * Returns 0, or -1 with the loader's error filled.
 */
static int
demo_call(struct demo_loader *l, const char *key, const char *sql,
    int n, const char *const *params)
{
	PGresult	*res;

	l->done++;
	if (l->db == NULL) {
		if (key != NULL)
			demo_map_put(l, key, DEMO_NO_UUID);
		return 0;
	}
	if (l->done % 64 == 0)
		progress_say(l->progress, "loading the demo data", l->done,
		    l->total);
	if (db_exec(l->db, sql, n, params, &res, l->err) != SB_OK)
		return -1;
	if (key != NULL)
		demo_map_put(l, key, PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

static const char *
demo_bool(bool b)
{
	return b ? "true" : "false";
}

static int
demo_on_org(void *arg, const struct demo_org *o)
{
	struct demo_loader	*l = arg;
	const char		*p[] = { o->name, o->kind, o->subdomain,
	    demo_map_get(l, o->partner_id) };

	return demo_call(l, o->id,
	    "SELECT sb.organization_create($1, $2, $3, $4)", 4, p);
}

static int
demo_on_contact(void *arg, const struct demo_contact *c)
{
	struct demo_loader	*l = arg;
	const char		*p[] = { c->first_name, c->last_name, c->title,
	    c->preferred, demo_bool(c->do_not_contact),
	    demo_map_get(l, c->owner_id) };
	const char		*u[2];

	if (demo_call(l, c->id, "SELECT sb.contact_create($1, $2, $3, $4,"
	    " $5, $6)", 6, p) != 0)
		return -1;
	if (c->active)
		return 0;
	u[0] = demo_map_get(l, c->id);
	u[1] = "{\"active\": false}";
	return demo_call(l, NULL, "SELECT sb.contact_update($1, NULL, $2)",
	    2, u);
}

static int
demo_on_phone(void *arg, const struct demo_phone *ph)
{
	struct demo_loader	*l = arg;
	const char		*p[] = { demo_map_get(l, ph->owner_id),
	    ph->number, ph->type, ph->extension, demo_bool(ph->sms),
	    ph->e164, demo_bool(ph->primary) };

	if (!ph->owner_is_org)
		return demo_call(l, ph->id, "SELECT sb.contact_phone_add($1,"
		    " $2, $3, $4, $5, $6, $7)", 7, p);
	return demo_call(l, ph->id, "WITH p AS (SELECT sb.phone_create($2,"
	    " $3, $4, $5, $6) AS id) SELECT p.id,"
	    " sb.organization_phone_link($1, p.id) FROM p", 6, p);
}

static int
demo_on_email(void *arg, const struct demo_email *e)
{
	struct demo_loader	*l = arg;
	const char		*p[] = { demo_map_get(l, e->contact_id),
	    e->address, e->type, demo_bool(e->primary) };

	return demo_call(l, NULL,
	    "SELECT sb.contact_email_add($1, $2, $3, $4)", 4, p);
}

static int
demo_on_address(void *arg, const struct demo_address *a)
{
	struct demo_loader	*l = arg;
	const char		*p[] = { demo_map_get(l, a->owner_id), a->type,
	    a->country, a->label, a->line1, a->line2, a->city, a->region,
	    a->postal_code };

	return demo_call(l, a->id, a->owner_is_org ?
	    "WITH a AS (SELECT sb.address_create($2, $3, $4, $5, $6, $7, $8,"
	    " $9) AS id) SELECT a.id, sb.organization_address_link($1, a.id)"
	    " FROM a" :
	    "WITH a AS (SELECT sb.address_create($2, $3, $4, $5, $6, $7, $8,"
	    " $9) AS id) SELECT a.id, sb.contact_address_link($1, a.id)"
	    " FROM a", 9, p);
}

static int
demo_on_link(void *arg, const struct demo_link *k)
{
	struct demo_loader	*l = arg;
	const char		*p[] = { demo_map_get(l, k->org_id),
	    demo_map_get(l, k->contact_id), k->role, k->starts_on,
	    k->ends_on };

	if (demo_call(l, NULL, "SELECT sb.organization_contact_link($1, $2,"
	    " $3, $4, $5)", 5, p) != 0)
		return -1;
	if (!k->primary)
		return 0;
	return demo_call(l, NULL, "SELECT"
	    " sb.organization_contact_set_primary($1, $2, $3)", 3, p);
}

static int
demo_on_phone_address(void *arg, const char *phone, const char *address)
{
	struct demo_loader	*l = arg;
	const char		*p[] = { demo_map_get(l, phone),
	    demo_map_get(l, address) };

	return demo_call(l, NULL, "SELECT sb.phone_address_link($1, $2)", 2,
	    p);
}

static int
demo_on_share(void *arg, const char *what, const char *item,
    const char *owner, bool owner_is_org)
{
	struct demo_loader	*l = arg;
	const char		*p[] = { demo_map_get(l, owner),
	    demo_map_get(l, item) };
	const char		*sql;

	if (strcmp(what, "phone") == 0)
		sql = owner_is_org ? "SELECT sb.organization_phone_link($1, $2)"
		    : "SELECT sb.contact_phone_link($1, $2)";
	else
		sql = owner_is_org ?
		    "SELECT sb.organization_address_link($1, $2)" :
		    "SELECT sb.contact_address_link($1, $2)";
	return demo_call(l, NULL, sql, 2, p);
}

/* The whole load is one recorded command: a second load finds it done. */
#define DEMO_COMMAND	"demo.load v1"

/*
 * Walk the data set into admin; with admin NULL, only count the commands
 * the walk runs (into *done).
 */
static enum sb_status
demo_walk_all(struct db *admin, const struct progress *p, long *done,
    struct sb_error *err)
{
	struct demo_loader	 l = { .db = admin, .err = err,
	    .progress = p, .total = *done };
	const struct demo_sink	 sink = { &l, demo_on_org, demo_on_contact,
	    demo_on_phone, demo_on_email, demo_on_address, demo_on_link,
	    demo_on_phone_address, demo_on_share };
	int			 rc;

	l.keys = xcalloc(DEMO_MAP_SLOTS, sizeof *l.keys);
	l.values = xcalloc(DEMO_MAP_SLOTS, sizeof *l.values);
	rc = demo_data_walk(&sink);
	free(l.keys);
	free(l.values);
	*done = l.done;
	return rc == 0 ? SB_OK : err->status;
}

enum sb_status
demo_load(struct db *admin, struct sb_error *err)
{
	return demo_load_shown(admin, NULL, err);
}

enum sb_status
demo_load_shown(struct db *admin, const struct progress *progress,
    struct sb_error *err)
{
	long		 total = 0;
	char		 id[DEMO_UUID_LEN + 1];
	const char	*p[] = { id, DEMO_COMMAND };
	PGresult	*res;
	enum sb_status	 status;
	bool		 fresh;

	demo_data_uuid(DEMO_COMMAND, id);
	status = db_exec(admin, "BEGIN", 0, NULL, NULL, err);
	if (status != SB_OK)
		return status;
	status = db_exec(admin, "SELECT sb.command_begin($1, $2)", 2, p, &res,
	    err);
	if (status != SB_OK)
		goto out;
	fresh = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (fresh) {
		/* A walk without the database first: the count to tell. */
		if (progress != NULL)
			demo_walk_all(NULL, NULL, &total, err);
		status = demo_walk_all(admin, progress, &total, err);
		if (status == SB_OK)
			status = db_exec(admin, "SELECT sb.command_finish($1,"
			    " NULL)", 1, p, NULL, err);
	}
	/* After the data: memberships name its organizations. */
	if (status == SB_OK)
		status = demo_people_create(admin, err);
out:
	if (status == SB_OK)
		return db_exec(admin, "COMMIT", 0, NULL, NULL, err);
	db_exec(admin, "ROLLBACK", 0, NULL, NULL, NULL);
	return status;
}

const char *
demo_role(const char *as)
{
	static const char *const names[][2] = {
		{ "super-admin", DEMO_ROLE_SUPER },
		{ "provider-admin", DEMO_ROLE_PROVIDER },
		{ "support", DEMO_ROLE_SUPPORT },
		{ "partner-admin", DEMO_ROLE_PARTNER },
	};
	size_t	i;

	if (as == NULL)
		return DEMO_ROLE_SUPER;
	for (i = 0; i < SB_ARRAY_LEN(names); i++)
		if (strcmp(as, names[i][0]) == 0)
			return names[i][1];
	return as;
}
