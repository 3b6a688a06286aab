/* The contact subcommand: add, show, link and unlink contacts. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/store-command.h"
#include "switchboard/store-existing.h"
#include "switchboard/store-link.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#include "cli-int.h"

/* The options of contact add, by their index in cli_opts. */
enum cli_contact_value {
	CLI_CONTACT_FIRST, CLI_CONTACT_LAST, CLI_CONTACT_TITLE,
	CLI_CONTACT_MOBILE, CLI_CONTACT_ROLE
};
enum cli_contact_list {
	CLI_CONTACT_EMAIL, CLI_CONTACT_PHONE
};
enum cli_contact_flag {
	CLI_CONTACT_PRIMARY, CLI_CONTACT_LINK, CLI_CONTACT_ANYWAY
};

#define CLI_CONTACT_ROLE_DEFAULT	"stakeholder"

/* What --link-existing and --create-anyway do, after the contacts named. */
static void
cli_contact_choices(size_t found)
{
	fputs(found == 1 ? "switchboard: --link-existing links that "
	    "contact instead, --create-anyway makes a new one\n" :
	    "switchboard: --create-anyway makes a new one all the same\n",
	    stderr);
}

/*
 * Contacts the session sees with a name close to the new one's (the
 * new-contact form's second question): CLI_EXIT_OK when there are none,
 * or when told to link the one there is (its id into link_id); else they
 * are named with their organizations and score, and what to say instead.
 */
static int
cli_contact_close(struct app *app, const struct cli_opts *o,
    const char *org_id, char *link_id)
{
	struct store_grid	 g;
	struct sb_error		 err;
	const char		*first = o->value[CLI_CONTACT_FIRST];
	const char		*last = o->value[CLI_CONTACT_LAST];
	char			*line;
	size_t			 i;

	if (store_contact_close_names(app->db, &first, &last, 1, org_id,
	    NULL, 5, &g, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	if (g.rows == 0 || (g.rows == 1 && o->flag[CLI_CONTACT_LINK])) {
		if (g.rows == 1)
			snprintf(link_id, STORE_UUID_LEN + 1, "%s",
			    store_grid_cell(&g, 0, 1));
		store_grid_free(&g);
		return (CLI_EXIT_OK);
	}
	fputs("switchboard: a contact you can see has a name close to this "
	    "one:\n", stderr);
	for (i = 0; i < g.rows; i++) {
		line = xasprintf("%s%s%s, score %s: %s",
		    store_grid_cell(&g, i, 2), *store_grid_cell(&g, i, 3) !=
		    '\0' ? " at " : "", store_grid_cell(&g, i, 3),
		    store_grid_cell(&g, i, 4), store_grid_cell(&g, i, 5));
		cli_say("  ", line, "");
		free(line);
	}
	cli_contact_choices(g.rows);
	store_grid_free(&g);
	return (CLI_EXIT_ERROR);
}

/*
 * Contacts that already have the email or mobile (the new-contact form's
 * question), else with a close name: CLI_EXIT_OK when there are none, or
 * when told to go on (link_id names the one to link by its name); else
 * they are named and what to say instead.
 */
static int
cli_contact_existing(struct app *app, const struct cli_opts *o,
    const char *org_id, size_t *found, char *link_id)
{
	struct store_existing_list	l;
	struct sb_error			err;
	char				*name;
	size_t				i;
	int				rc;

	*found = 0;
	*link_id = '\0';
	if (o->flag[CLI_CONTACT_ANYWAY])
		return (CLI_EXIT_OK);
	if (o->nlist[CLI_CONTACT_EMAIL] == 0 &&
	    o->value[CLI_CONTACT_MOBILE] == NULL) {
		rc = cli_contact_close(app, o, org_id, link_id);
		*found = *link_id != '\0';
		return (rc);
	}
	if (store_contact_find_existing(app->db, o->list[CLI_CONTACT_EMAIL][0],
	    o->value[CLI_CONTACT_MOBILE], org_id, &l, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	*found = l.count;
	if (l.count == 0) {
		store_existing_list_clear(&l);
		rc = cli_contact_close(app, o, org_id, link_id);
		*found = *link_id != '\0';
		return (rc);
	}
	if (l.count == 1 && o->flag[CLI_CONTACT_LINK]) {
		store_existing_list_clear(&l);
		return (CLI_EXIT_OK);
	}
	fputs("switchboard: the email or mobile is already a contact's:\n",
	    stderr);
	for (i = 0; i < l.count; i++) {
		name = xasprintf("%s %s%s%s%s", l.rows[i].first_name,
		    l.rows[i].last_name, *l.rows[i].owner_name != '\0' ?
		    " (" : "", l.rows[i].owner_name,
		    *l.rows[i].owner_name != '\0' ? ")" : "");
		cli_say("  ", name, "");
		free(name);
	}
	cli_contact_choices(l.count);
	store_existing_list_clear(&l);
	return (CLI_EXIT_ERROR);
}

static int
cli_contact_add(struct app *app, int argc, char **argv)
{
	static const char *const values[] = { "first", "last", "title",
	    "mobile", "role", NULL };
	static const char *const lists[] = { "email", "phone", NULL };
	static const char *const flags[] = { "primary", "link-existing",
	    "create-anyway", NULL };
	static const struct cli_spec spec = { .usage = "contact add --org"
	    " NAME --first FIRST --last LAST [--title TITLE]"
	    " [--email ADDRESS]... [--mobile NUMBER] [--phone TYPE:NUMBER]..."
	    " [--role ROLE] [--primary] [--link-existing|--create-anyway]",
	    .max_orgs = 1, .writes = true, .values = values, .flags = flags,
	    .lists = lists };
	struct cli_opts			 o = { .format = OUT_TEXT };
	struct store_contact_input	 in = { .first_name = NULL };
	struct store_contact_extra	 x = { .email = NULL };
	struct store_phone_input	 phones[CLI_LIST_MAX];
	struct store_result		 res;
	struct sb_error			 err;
	struct cli_org			 org = { .id = NULL };
	const char			*role;
	char				 cmd[STORE_UUID_LEN + 1];
	char				 link_id[STORE_UUID_LEN + 1];
	size_t				 found;
	int				 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	role = o.value[CLI_CONTACT_ROLE] != NULL ? o.value[CLI_CONTACT_ROLE] :
	    CLI_CONTACT_ROLE_DEFAULT;
	if (o.norgs == 0 || o.value[CLI_CONTACT_FIRST] == NULL ||
	    o.value[CLI_CONTACT_LAST] == NULL || (o.flag[CLI_CONTACT_LINK] &&
	    o.flag[CLI_CONTACT_ANYWAY]))
		rc = cli_usage(&spec);
	if (rc != CLI_EXIT_OK || (rc = cli_role_check(app, role)) !=
	    CLI_EXIT_OK ||
	    (rc = cli_org_find(app, o.orgs[0], &org)) != CLI_EXIT_OK ||
	    (rc = cli_contact_existing(app, &o, org.id, &found, link_id)) !=
	    CLI_EXIT_OK)
		goto out;
	store_command_id_new(cmd);
	if (*link_id != '\0') {
		if (store_org_contact_link(app->db, cmd, org.id, link_id, role,
		    NULL, NULL, &res, &err) != SB_OK)
			goto fail;
		cli_done("Linked the existing contact to \"", org.name, "\".");
		goto out;
	}
	if (found == 1) {
		if (store_contact_add_existing(app->db, cmd, org.id, role,
		    o.list[CLI_CONTACT_EMAIL][0], o.value[CLI_CONTACT_MOBILE],
		    &res, &err) != SB_OK)
			goto fail;
		cli_done("Linked the existing contact to \"", org.name, "\".");
		goto out;
	}
	in.first_name = o.value[CLI_CONTACT_FIRST];
	in.last_name = o.value[CLI_CONTACT_LAST];
	in.title = o.value[CLI_CONTACT_TITLE];
	/* Its organization keeps it, as the interface's form does. */
	in.owner_org_id = org.id;
	if ((rc = cli_contact_phones(&o, CLI_CONTACT_PHONE, phones)) !=
	    CLI_EXIT_OK)
		goto out;
	x.email = o.list[CLI_CONTACT_EMAIL][0];
	x.emails = &o.list[CLI_CONTACT_EMAIL][1];
	x.nemails = o.nlist[CLI_CONTACT_EMAIL] > 0 ?
	    o.nlist[CLI_CONTACT_EMAIL] - 1 : 0;
	x.mobile = o.value[CLI_CONTACT_MOBILE];
	x.make_primary = o.flag[CLI_CONTACT_PRIMARY];
	x.phones = phones;
	x.nphones = o.nlist[CLI_CONTACT_PHONE];
	if (store_contact_create_linked(app->db, cmd, &in, org.id, role, &x,
	    &res, &err) != SB_OK)
		goto fail;
	cli_done("Added the contact to \"", org.name, "\".");
	goto out;
fail:
	cli_error(&err);
	rc = CLI_EXIT_ERROR;
out:
	cli_org_clear(&org);
	app_close(app);
	return (rc);
}

/*
 * contact show ID|EMAIL|PHONE: the contacts in scope it names exactly,
 * whole (emails, phones, addresses, organizations with role, primary
 * mark and window); in text as vCards.
 */
static int
cli_contact_show(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage = "contact show "
	    "ID|EMAIL|PHONE [--format text|csv|tsv|json|vcard] [--raw]"
	    " [--as ROLE]", .formats = CLI_FMT_TABLES | CLI_FMT(OUT_VCARD),
	    .nargs = 1 };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_grid	 g = { .rows = 0 };
	const char		*ids[CLI_CONTACT_SHOW_MAX];
	size_t			 i;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if ((rc = cli_contact_exact(app, o.args[0], &g)) != CLI_EXIT_OK)
		goto out;
	for (i = 0; i < g.rows; i++)
		ids[i] = store_grid_cell(&g, i, 0);
	rc = cli_export_contacts(app, NULL, 0, ids, g.rows, &o);
out:
	store_grid_free(&g);
	app_close(app);
	return (rc);
}

/* What a link or unlink needs: the contact, the organization, the role. */
struct cli_contact_link {
	struct store_rows	 rows;
	struct store_contact	*c;
	struct cli_org		 org;
	char			*name;
	const char		*role;
};

/* Check the role, find the contact and the organization: into l. */
static int
cli_contact_link_find(struct app *app, const struct cli_opts *o,
    struct cli_contact_link *l)
{
	int	rc = CLI_EXIT_OK;

	memset(l, 0, sizeof *l);
	l->role = o->value[0];
	if ((l->role != NULL && (rc = cli_role_check(app, l->role)) !=
	    CLI_EXIT_OK) ||
	    (rc = cli_contact_one(app, o->args[0], &l->rows)) != CLI_EXIT_OK ||
	    (rc = cli_org_find(app, o->orgs[0], &l->org)) != CLI_EXIT_OK)
		return (rc);
	l->c = l->rows.rows;
	l->name = cli_contact_name(l->c);
	return (CLI_EXIT_OK);
}

static void
cli_contact_link_clear(struct cli_contact_link *l)
{
	store_rows_free(&l->rows);
	cli_org_clear(&l->org);
	free(l->name);
}

/*
 * contact link ID|EMAIL|PHONE --org NAME --role ROLE [--primary]: linked
 * in role, and given its primary mark, in one command.
 */
static int
cli_contact_link(struct app *app, int argc, char **argv)
{
	static const char *const values[] = { "role", NULL };
	static const char *const flags[] = { "primary", NULL };
	static const struct cli_spec spec = { .usage = "contact link "
	    "ID|EMAIL|PHONE --org NAME --role ROLE [--primary]",
	    .nargs = 1, .max_orgs = 1, .writes = true, .values = values,
	    .flags = flags };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct cli_contact_link	 l = { .name = NULL };
	struct store_result	 res;
	struct sb_error		 err;
	char			 cmd[STORE_UUID_LEN + 1];
	bool			 primary;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	primary = o.flag[0];
	if (o.norgs == 0 || o.value[0] == NULL)
		rc = cli_usage(&spec);
	if (rc != CLI_EXIT_OK ||
	    (rc = cli_contact_link_find(app, &o, &l)) != CLI_EXIT_OK)
		goto out;
	store_command_id_new(cmd);
	if (store_org_contact_link_primary(app->db, cmd, l.org.id, l.c->id,
	    l.role, primary, &res, &err) != SB_OK)
		rc = cli_contact_refused(l.name, "linked", &err);
	else if (!res.changed)
		cli_tell(false, "%s is already linked to \"%s\" as "
		    "%s%s", l.name, l.org.name, l.role, primary ?
		    ", the primary one" : "");
	else if (primary)
		cli_tell(true, "%s is now the primary %s contact of "
		    "\"%s\".", l.name, l.role, l.org.name);
	else
		cli_tell(true, "Linked %s to \"%s\" as %s.", l.name,
		    l.org.name, l.role);
out:
	cli_contact_link_clear(&l);
	app_close(app);
	return (rc);
}

/*
 * contact unlink ID|EMAIL|PHONE --org NAME [--role ROLE]: the link in
 * that role, or in every role there, ended in one command.
 */
static int
cli_contact_unlink(struct app *app, int argc, char **argv)
{
	static const char *const values[] = { "role", NULL };
	static const struct cli_spec spec = { .usage = "contact unlink "
	    "ID|EMAIL|PHONE --org NAME [--role ROLE]", .nargs = 1,
	    .max_orgs = 1, .writes = true, .values = values };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct cli_contact_link	 l = { .name = NULL };
	struct store_result	 res;
	struct sb_error		 err;
	char			 cmd[STORE_UUID_LEN + 1], *as;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (o.norgs == 0)
		rc = cli_usage(&spec);
	if (rc != CLI_EXIT_OK ||
	    (rc = cli_contact_link_find(app, &o, &l)) != CLI_EXIT_OK)
		goto out;
	store_command_id_new(cmd);
	as = l.role != NULL ? xasprintf(" as %s", l.role) : xstrdup("");
	if (store_org_contact_unlink_all(app->db, cmd, l.org.id, l.c->id,
	    l.role, &res, &err) != SB_OK)
		rc = cli_contact_refused(l.name, "unlinked", &err);
	else if (!res.changed) {
		cli_tell(false, "%s is not linked to \"%s\"%s",
		    l.name, l.org.name, as);
		rc = CLI_EXIT_NONE;
	} else
		cli_tell(true, "Unlinked %s from \"%s\"%s.", l.name,
		    l.org.name, as);
	free(as);
out:
	cli_contact_link_clear(&l);
	app_close(app);
	return (rc);
}

int
cli_contact(struct app *app, int argc, char **argv)
{
	static const char *const names[] = { "add", "show", "edit", "link",
	    "unlink" };
	static int (*const run[])(struct app *, int, char **) = {
	    cli_contact_add, cli_contact_show, cli_contact_edit,
	    cli_contact_link, cli_contact_unlink };

	return (cli_dispatch(app, argc, argv, "subcommand", names, run,
	    SB_ARRAY_LEN(names)));
}
