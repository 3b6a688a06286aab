/* The contact subcommand: a new contact of an organization, in one step. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/store-command.h"
#include "switchboard/store-existing.h"
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

/*
 * Contacts that already have the email or mobile (the new-contact form's
 * question): CLI_EXIT_OK when there are none, or when told to go on;
 * else they are named and what to say instead.
 */
static int
cli_contact_existing(struct app *app, const struct cli_opts *o,
    const char *org_id, size_t *found)
{
	struct store_existing_list	l;
	struct sb_error			err;
	char				*name;
	size_t				i;

	*found = 0;
	if (o->flag[CLI_CONTACT_ANYWAY] || (o->nlist[CLI_CONTACT_EMAIL] ==
	    0 && o->value[CLI_CONTACT_MOBILE] == NULL))
		return (CLI_EXIT_OK);
	if (store_contact_find_existing(app->db, o->list[CLI_CONTACT_EMAIL][0],
	    o->value[CLI_CONTACT_MOBILE], org_id, &l, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	*found = l.count;
	if (l.count == 0 || (l.count == 1 && o->flag[CLI_CONTACT_LINK])) {
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
	fputs(l.count == 1 ? "switchboard: --link-existing links that "
	    "contact instead, --create-anyway makes a new one\n" :
	    "switchboard: --create-anyway makes a new one all the same\n",
	    stderr);
	store_existing_list_clear(&l);
	return (CLI_EXIT_ERROR);
}

/* Each --phone TYPE:NUMBER into phones: argv's text, split at the colon. */
static int
cli_contact_phones(struct cli_opts *o, struct store_phone_input *phones)
{
	const char	*arg;
	char		*colon;
	size_t		 i;

	for (i = 0; i < o->nlist[CLI_CONTACT_PHONE]; i++) {
		arg = o->list[CLI_CONTACT_PHONE][i];
		colon = strchr(arg, ':');
		if (colon == NULL || colon == arg) {
			cli_say("switchboard: \"", arg, "\" is not TYPE:NUMBER "
			    "(office:+1 217 555 0100)");
			return (CLI_EXIT_USAGE);
		}
		*colon = '\0';
		phones[i].type = arg;
		phones[i].number = colon + 1;
	}
	return (CLI_EXIT_OK);
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
	if (rc != CLI_EXIT_OK ||
	    (rc = cli_org_find(app, o.orgs[0], &org)) != CLI_EXIT_OK ||
	    (rc = cli_contact_existing(app, &o, org.id, &found)) !=
	    CLI_EXIT_OK)
		goto out;
	store_command_id_new(cmd);
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
	if ((rc = cli_contact_phones(&o, phones)) != CLI_EXIT_OK)
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

/* Most contacts one email or number may name. */
#define CLI_CONTACT_SHOW_MAX	20

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
	struct sb_error		 err;
	const char		*ids[CLI_CONTACT_SHOW_MAX];
	size_t			 i;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (store_contact_exact(app->db, o.args[0], NULL,
	    CLI_CONTACT_SHOW_MAX, &g, &err) != SB_OK) {
		cli_error(&err);
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	if (g.rows == 0) {
		cli_say("switchboard: no contact has the id, email or phone \"",
		    o.args[0], "\"");
		rc = CLI_EXIT_NONE;
		goto out;
	}
	for (i = 0; i < g.rows; i++)
		ids[i] = store_grid_cell(&g, i, 0);
	rc = cli_export_contacts(app, NULL, 0, ids, g.rows, &o);
out:
	store_grid_free(&g);
	app_close(app);
	return (rc);
}

int
cli_contact(struct app *app, int argc, char **argv)
{
	static const char *const names[] = { "add", "show" };
	static int (*const run[])(struct app *, int, char **) = {
	    cli_contact_add, cli_contact_show };

	return (cli_dispatch(app, argc, argv, "subcommand", names, run,
	    SB_ARRAY_LEN(names)));
}
