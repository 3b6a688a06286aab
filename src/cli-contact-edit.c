/* contact edit: a contact's fields, emails and phones in one command. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/store-command.h"
#include "switchboard/store-items.h"
#include "switchboard/store.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"

#include "cli-int.h"

/* The options of contact edit, by their index in cli_opts. */
enum cli_edit_value {
	CLI_EDIT_FIRST, CLI_EDIT_LAST, CLI_EDIT_TITLE, CLI_EDIT_METHOD,
	CLI_EDIT_DNC, CLI_EDIT_NVALUES
};
enum cli_edit_list {
	CLI_EDIT_ADD_EMAIL, CLI_EDIT_REMOVE_EMAIL, CLI_EDIT_ADD_PHONE,
	CLI_EDIT_REMOVE_PHONE, CLI_EDIT_NLISTS
};

/* Each value option: its column, and how a sentence names it. */
static const struct {
	const char	*column;
	const char	*said;
} cli_edit_fields[CLI_EDIT_NVALUES] = {
	{ "first_name", "first name" },
	{ "last_name", "last name" },
	{ "title", "title" },
	{ "preferred_contact_method", "preferred method" },
	{ "do_not_contact", "do-not-contact mark" },
};

/* The contact form's choices ("" for none: no preferred method). */
static const char *const cli_edit_methods[] = { "email", "phone", "sms",
    "mail", "" };
static const char *const cli_edit_yes_no[] = { "yes", "no" };

/* An edit under way: the contact as read and what is to change. */
struct cli_edit {
	struct store_rows		 rows;
	struct store_contact		*c;
	char				*name;
	struct store_changes		 ch;
	char				*said;	/* "title and last name" */
	struct store_phone_input	 phones[CLI_LIST_MAX];
	const char			*email_ids[CLI_LIST_MAX];
	const char			*phone_ids[CLI_LIST_MAX];
	/* Those removed, as the contact had them. */
	const char			*gone_emails[CLI_LIST_MAX];
	const char			*gone_phones[CLI_LIST_MAX];
};

/* Each --add-phone's type one the database knows. */
static int
cli_edit_phone_types(struct app *app, const struct cli_opts *o,
    const struct store_phone_input *phones)
{
	struct sb_error	  err;
	char		**types;
	size_t		  i, n;
	int		  rc = CLI_EXIT_OK;

	if (o->nlist[CLI_EDIT_ADD_PHONE] == 0)
		return (CLI_EXIT_OK);
	if ((types = store_items_types(app->db, STORE_ITEM_PHONE, &err)) ==
	    NULL) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	for (n = 0; types[n] != NULL; n++)
		;
	for (i = 0; i < o->nlist[CLI_EDIT_ADD_PHONE] && rc == CLI_EXIT_OK;
	    i++)
		rc = cli_word_check("phone type", phones[i].type,
		    (const char *const *)types, n);
	store_items_types_free(types);
	return (rc);
}

/* The words of the options: something to change, each a valid choice. */
static int
cli_edit_words(struct app *app, const struct cli_spec *spec,
    struct cli_opts *o, struct cli_edit *e)
{
	const char	*method = o->value[CLI_EDIT_METHOD];
	const char	*dnc = o->value[CLI_EDIT_DNC];
	bool		 any = false;
	int		 i, rc;

	for (i = 0; i < CLI_EDIT_NVALUES; i++)
		any = any || o->value[i] != NULL;
	for (i = 0; i < CLI_EDIT_NLISTS; i++)
		any = any || o->nlist[i] > 0;
	if (!any)
		return (cli_usage(spec));
	/* Named without the "" that clears it. */
	if (method != NULL && (rc = cli_word_check("method", method,
	    cli_edit_methods, *method == '\0' ? SB_ARRAY_LEN(cli_edit_methods)
	    : SB_ARRAY_LEN(cli_edit_methods) - 1)) != CLI_EXIT_OK)
		return (rc);
	if (dnc != NULL && (rc = cli_word_check("do-not-contact answer", dnc,
	    cli_edit_yes_no, SB_ARRAY_LEN(cli_edit_yes_no))) != CLI_EXIT_OK)
		return (rc);
	if ((rc = cli_contact_phones(o, CLI_EDIT_ADD_PHONE, e->phones)) !=
	    CLI_EXIT_OK)
		return (rc);
	return (cli_edit_phone_types(app, o, e->phones));
}

/* Say the option word's value was refused; CLI_EXIT_ERROR. */
static int
cli_edit_invalid(const char *option, const char *value,
    const struct sb_error *err)
{
	char	buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX + 8];

	cli_tell(false, "--%s \"%s\": %s; nothing was changed", option, value,
	    sb_error_format(err, buf, sizeof buf));
	return (CLI_EXIT_ERROR);
}

/* Field i set to v when it differs from what the contact has. */
static void
cli_edit_field(struct cli_edit *e, int i, const char *v, const char *now)
{
	char	*said;

	if (strcmp(v, now != NULL ? now : "") == 0)
		return;
	store_changes_set(&e->ch, cli_edit_fields[i].column, *v != '\0' ? v :
	    NULL);
	said = e->said == NULL ? xstrdup(cli_edit_fields[i].said) :
	    xasprintf("%s, %s", e->said, cli_edit_fields[i].said);
	free(e->said);
	e->said = said;
}

/* The fields that change, checked as the contact form checks them. */
static int
cli_edit_fields_set(const struct cli_opts *o, struct cli_edit *e)
{
	const char *const	*v = o->value;
	const struct store_contact *c = e->c;
	const char		*first, *last, *dnc;
	struct sb_error		 err;

	first = v[CLI_EDIT_FIRST] != NULL ? v[CLI_EDIT_FIRST] : c->first_name;
	last = v[CLI_EDIT_LAST] != NULL ? v[CLI_EDIT_LAST] : c->last_name;
	if (validate_contact_name(first, last, &err) != SB_OK)
		return (cli_edit_invalid(strcmp(err.field, "last_name") == 0 ?
		    "last" : "first", strcmp(err.field, "last_name") == 0 ?
		    last : first, &err));
	if (validate_text("title", v[CLI_EDIT_TITLE], VALIDATE_NAME_MAX, 0,
	    &err) != SB_OK)
		return (cli_edit_invalid("title", v[CLI_EDIT_TITLE], &err));
	if (v[CLI_EDIT_FIRST] != NULL)
		cli_edit_field(e, CLI_EDIT_FIRST, first, c->first_name);
	if (v[CLI_EDIT_LAST] != NULL)
		cli_edit_field(e, CLI_EDIT_LAST, last, c->last_name);
	if (v[CLI_EDIT_TITLE] != NULL)
		cli_edit_field(e, CLI_EDIT_TITLE, v[CLI_EDIT_TITLE], c->title);
	if (v[CLI_EDIT_METHOD] != NULL)
		cli_edit_field(e, CLI_EDIT_METHOD, v[CLI_EDIT_METHOD],
		    c->preferred_method);
	if ((dnc = v[CLI_EDIT_DNC]) != NULL)
		cli_edit_field(e, CLI_EDIT_DNC, strcmp(dnc, "yes") == 0 ?
		    "true" : "false", c->do_not_contact ? "true" : "false");
	return (CLI_EXIT_OK);
}

/* The contact's item of kind that word names, or NULL. */
static const struct store_item *
cli_edit_item(const struct store_contact *c, const char *kind,
    const char *word)
{
	struct validate_phone	 ph;
	struct sb_error		 err;
	const struct store_item	*it;
	bool			 dial;
	size_t			 i;

	dial = strcmp(kind, "phone") == 0 &&
	    validate_phone(word, NULL, &ph, &err) == SB_OK;
	for (i = 0; i < c->item_count; i++) {
		it = &c->items[i];
		if (strcmp(it->kind, kind) != 0)
			continue;
		if (strcasecmp(it->text, word) == 0 ||
		    (dial && strcmp(it->dial, ph.e164) == 0))
			return (it);
	}
	return (NULL);
}

/* The items of kind each of list names: their ids, and text as kept. */
static int
cli_edit_removed(const struct cli_opts *o, int list, const char *kind,
    const char **ids, const char **text, const struct cli_edit *e)
{
	const struct store_item	*it;
	const char		*w;
	size_t			 i;

	for (i = 0; i < o->nlist[list]; i++) {
		if ((it = cli_edit_item(e->c, kind, (w = o->list[list][i]))) ==
		    NULL) {
			cli_tell(false, "%s has no %s \"%s\"; nothing was "
			    "changed", e->name, kind, w);
			return (CLI_EXIT_NONE);
		}
		ids[i] = it->id;
		text[i] = it->text;
	}
	return (CLI_EXIT_OK);
}

/*
 * The emails and phones: those added valid, those removed the
 * contact's (their ids into e), else why not.
 */
static int
cli_edit_items_check(const struct cli_opts *o, struct cli_edit *e)
{
	struct validate_phone	 ph;
	struct sb_error		 err;
	const char		*w;
	char			 addr[VALIDATE_EMAIL_MAX + 1];
	size_t			 i;
	int			 rc;

	for (i = 0; i < o->nlist[CLI_EDIT_ADD_EMAIL]; i++)
		if (validate_email((w = o->list[CLI_EDIT_ADD_EMAIL][i]), addr,
		    sizeof addr, &err) != SB_OK)
			return (cli_edit_invalid("add-email", w, &err));
	for (i = 0; i < o->nlist[CLI_EDIT_ADD_PHONE]; i++)
		if (validate_phone((w = e->phones[i].number), NULL, &ph,
		    &err) != SB_OK)
			return (cli_edit_invalid("add-phone", w, &err));
	if ((rc = cli_edit_removed(o, CLI_EDIT_REMOVE_EMAIL, "email",
	    e->email_ids, e->gone_emails, e)) != CLI_EXIT_OK)
		return (rc);
	return (cli_edit_removed(o, CLI_EDIT_REMOVE_PHONE, "phone",
	    e->phone_ids, e->gone_phones, e));
}

/* What was done, a sentence a change. */
static void
cli_edit_report(const struct cli_opts *o, const struct cli_edit *e)
{
	char	*said, *last;
	size_t	 i;

	if (e->said != NULL) {
		/* "a, b, c" reads "a, b and c". */
		said = xstrdup(e->said);
		if ((last = strrchr(said, ',')) != NULL) {
			*last = '\0';
			cli_tell(true, "Changed the %s and%s of %s.", said,
			    last + 1, e->name);
		} else
			cli_tell(true, "Changed the %s of %s.", said, e->name);
		free(said);
	}
	for (i = 0; i < o->nlist[CLI_EDIT_REMOVE_EMAIL]; i++)
		cli_tell(true, "Removed the email %s from %s.",
		    e->gone_emails[i], e->name);
	for (i = 0; i < o->nlist[CLI_EDIT_REMOVE_PHONE]; i++)
		cli_tell(true, "Removed the phone %s from %s.",
		    e->gone_phones[i], e->name);
	for (i = 0; i < o->nlist[CLI_EDIT_ADD_EMAIL]; i++)
		cli_tell(true, "Added the email %s to %s.",
		    o->list[CLI_EDIT_ADD_EMAIL][i], e->name);
	for (i = 0; i < o->nlist[CLI_EDIT_ADD_PHONE]; i++)
		cli_tell(true, "Added the %s phone %s to %s.",
		    e->phones[i].type, e->phones[i].number, e->name);
}

/* Everything of e in one command, at the version read. */
static int
cli_edit_save(struct app *app, const struct cli_opts *o,
    struct cli_edit *e)
{
	struct store_contact_edit	 x = { .fields = &e->ch };
	struct store_result		 res;
	struct sb_error			 err;
	char				 cmd[STORE_UUID_LEN + 1];

	x.add.emails = (const char *const *)o->list[CLI_EDIT_ADD_EMAIL];
	x.add.nemails = o->nlist[CLI_EDIT_ADD_EMAIL];
	x.add.phones = e->phones;
	x.add.nphones = o->nlist[CLI_EDIT_ADD_PHONE];
	x.remove_emails = e->email_ids;
	x.nremove_emails = o->nlist[CLI_EDIT_REMOVE_EMAIL];
	x.remove_phones = e->phone_ids;
	x.nremove_phones = o->nlist[CLI_EDIT_REMOVE_PHONE];
	store_command_id_new(cmd);
	if (store_contact_edit(app->db, cmd, e->c->id, e->c->version, &x,
	    &res, NULL, &err) != SB_OK)
		return (cli_contact_refused(e->name, "changed", &err));
	if (!res.changed)
		cli_tell(false, "%s has nothing to change", e->name);
	else
		cli_edit_report(o, e);
	return (CLI_EXIT_OK);
}

/*
 * contact edit ID|EMAIL|PHONE [--first F] [--last L] [--title T]
 * [--method M] [--do-not-contact yes|no] [--add-email A]...
 * [--remove-email A]... [--add-phone TYPE:N]... [--remove-phone N]...:
 * the contact form and its emails and phones, saved at once.
 */
int
cli_contact_edit(struct app *app, int argc, char **argv)
{
	static const char *const values[] = { "first", "last", "title",
	    "method", "do-not-contact", NULL };
	static const char *const lists[] = { "add-email", "remove-email",
	    "add-phone", "remove-phone", NULL };
	static const struct cli_spec spec = { .usage = "contact edit "
	    "ID|EMAIL|PHONE [--first FIRST] [--last LAST] [--title TITLE]"
	    " [--method email|phone|sms|mail|\"\"] [--do-not-contact yes|no]"
	    " [--add-email ADDRESS]... [--remove-email ADDRESS]..."
	    " [--add-phone TYPE:NUMBER]... [--remove-phone NUMBER]...",
	    .nargs = 1, .writes = true, .values = values, .lists = lists };
	struct cli_opts	o = { .format = OUT_TEXT };
	struct cli_edit	e;
	int		rc;

	memset(&e, 0, sizeof e);
	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	store_changes_init(&e.ch);
	if ((rc = cli_edit_words(app, &spec, &o, &e)) != CLI_EXIT_OK ||
	    (rc = cli_contact_one(app, o.args[0], &e.rows)) != CLI_EXIT_OK)
		goto out;
	e.c = e.rows.rows;
	e.name = cli_contact_name(e.c);
	if ((rc = cli_edit_fields_set(&o, &e)) != CLI_EXIT_OK ||
	    (rc = cli_edit_items_check(&o, &e)) != CLI_EXIT_OK)
		goto out;
	if (e.ch.count == 0 && o.nlist[CLI_EDIT_ADD_EMAIL] == 0 &&
	    o.nlist[CLI_EDIT_ADD_PHONE] == 0 &&
	    o.nlist[CLI_EDIT_REMOVE_EMAIL] == 0 &&
	    o.nlist[CLI_EDIT_REMOVE_PHONE] == 0)
		cli_tell(false, "%s has nothing to change", e.name);
	else
		rc = cli_edit_save(app, &o, &e);
out:
	store_changes_clear(&e.ch);
	store_rows_free(&e.rows);
	free(e.name);
	free(e.said);
	app_close(app);
	return (rc);
}
