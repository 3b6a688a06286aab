/* The edit form's model: fields, checks, changes, conflicts. No curses. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/form.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"

struct form *
form_create(int safe_flags)
{
	struct form	*form = xcalloc(1, sizeof *form);

	form->safe_flags = safe_flags;
	return (form);
}

static void
form_field_clear_conflict(struct form_field *f)
{
	free(f->theirs);
	free(f->actor);
	f->theirs = f->actor = NULL;
	f->conflicted = false;
}

void
form_free(struct form *form)
{
	size_t	i;

	if (form == NULL)
		return;
	for (i = 0; i < form->count; i++) {
		if (form->fields[i].kind == FORM_TEXT)
			textfield_clear(&form->fields[i].tf);
		free(form->fields[i].orig);
		free(form->fields[i].readonly);
		form_field_clear_conflict(&form->fields[i]);
	}
	free(form->fields);
	free(form);
}

static struct form_field *
form_add(struct form *form, const char *name, const char *label,
    enum form_kind kind)
{
	struct form_field	*f;

	form->fields = xreallocarray(form->fields, form->count + 1,
	    sizeof *form->fields);
	f = &form->fields[form->count++];
	memset(f, 0, sizeof *f);
	f->name = name;
	f->label = label;
	f->kind = kind;
	return (f);
}

size_t
form_add_text(struct form *form, const char *name, const char *label,
    enum form_rule rule, size_t max, const char *value)
{
	struct form_field	*f = form_add(form, name, label, FORM_TEXT);

	f->rule = rule;
	textfield_init(&f->tf, max, form->safe_flags);
	form_field_set(f, value);
	f->orig = xstrdup(form_field_value(f));
	return (form->count - 1);
}

size_t
form_add_bool(struct form *form, const char *name, const char *label,
    bool value)
{
	struct form_field	*f = form_add(form, name, label, FORM_BOOL);

	f->on = value;
	f->orig = xstrdup(form_field_value(f));
	return (form->count - 1);
}

size_t
form_add_choice(struct form *form, const char *name, const char *label,
    const char *const *choices, const char *value)
{
	struct form_field	*f = form_add(form, name, label, FORM_CHOICE);

	f->choices = choices;
	form_field_set(f, value);
	f->orig = xstrdup(form_field_value(f));
	return (form->count - 1);
}

struct form_field *
form_field_find(struct form *form, const char *name)
{
	size_t	i;

	for (i = 0; i < form->count; i++) {
		if (strcmp(form->fields[i].name, name) == 0)
			return (&form->fields[i]);
	}
	return (NULL);
}

const char *
form_field_value(const struct form_field *f)
{
	switch (f->kind) {
	case FORM_TEXT:
		return (textfield_text(&f->tf));
	case FORM_BOOL:
		return (f->on ? "true" : "false");
	case FORM_CHOICE:
		return (f->choices[f->choice]);
	}
	return ("");
}

void
form_field_set_readonly(struct form_field *f, const char *reason)
{
	free(f->readonly);
	f->readonly = reason != NULL ? xstrdup(reason) : NULL;
}

const char *
form_readonly_reason(const struct form *form)
{
	size_t	i;

	for (i = 0; i < form->count; i++) {
		if (form->fields[i].readonly != NULL)
			return (form->fields[i].readonly);
	}
	return (NULL);
}

void
form_field_set(struct form_field *f, const char *value)
{
	size_t	max;
	int	i;

	if (value == NULL)
		value = "";
	switch (f->kind) {
	case FORM_TEXT:
		/* A stored value over the limit is kept whole: never cut. */
		max = f->tf.max_chars;
		f->tf.max_chars = 0;
		textfield_set(&f->tf, value, NULL);
		f->tf.max_chars = max;
		break;
	case FORM_BOOL:
		f->on = strcmp(value, "true") == 0 || strcmp(value, "t") == 0;
		break;
	case FORM_CHOICE:
		f->choice = 0;
		for (i = 0; f->choices[i] != NULL; i++) {
			if (strcmp(f->choices[i], value) == 0)
				f->choice = i;
		}
		break;
	}
}

bool
form_changed(const struct form *form)
{
	size_t	i;

	for (i = 0; i < form->count; i++) {
		if (strcmp(form_field_value(&form->fields[i]),
		    form->fields[i].orig) != 0)
			return (true);
	}
	return (false);
}

/* The other name field's value, for the one-name-required rule. */
static const char *
form_other_name(struct form *form, const struct form_field *f)
{
	struct form_field	*o;

	o = form_field_find(form, strcmp(f->name, "first_name") == 0 ?
	    "last_name" : "first_name");
	return (o != NULL ? form_field_value(o) : NULL);
}

/* Nothing but spaces: an optional email or phone left empty. */
static bool
form_blank(const char *v)
{
	return (v[strspn(v, " \t")] == '\0');
}

static enum sb_status
form_run_rule(struct form *form, struct form_field *f, struct sb_error *err)
{
	const char		*v = form_field_value(f);
	struct validate_phone	 ph;
	char			 buf[VALIDATE_EMAIL_MAX + 1];

	switch (f->rule) {
	case FORM_RULE_NAME:
		if (strcmp(f->name, "first_name") == 0)
			return (validate_contact_name(v,
			    form_other_name(form, f), err));
		return (validate_contact_name(form_other_name(form, f), v,
		    err));
	case FORM_RULE_TEXT:
		return (validate_text(f->name, v, f->tf.max_chars, 0, err));
	case FORM_RULE_EMAIL:
		if (form_blank(v))
			break;
		return (validate_email(v, buf, sizeof buf, err));
	case FORM_RULE_PHONE:
		if (form_blank(v))
			break;
		return (validate_phone(v, form->default_country, &ph, err));
	case FORM_RULE_EXTENSION:
		if (strspn(v, "0123456789") != strlen(v) ||
		    strlen(v) > VALIDATE_EXTENSION_MAX) {
			sb_error_set(err, SB_INVALID, "an extension is up to "
			    "%d digits, nothing else", VALIDATE_EXTENSION_MAX);
			return (SB_INVALID);
		}
		break;
	case FORM_RULE_COUNTRY:
		if (strlen(v) != 2 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz") != 2) {
			sb_error_set(err, SB_INVALID, "the country is a "
			    "two-letter ISO 3166 code, such as US or GB");
			return (SB_INVALID);
		}
		break;
	case FORM_RULE_NONE:
		break;
	}
	return (SB_OK);
}

bool
form_check_field(struct form *form, size_t i)
{
	struct form_field	*f = &form->fields[i];
	struct sb_error		 err;

	sb_error_clear(&err);
	f->error[0] = '\0';
	/* A read-only field keeps the value it came with: nothing to check. */
	if (f->readonly != NULL || f->kind != FORM_TEXT ||
	    form_run_rule(form, f, &err) == SB_OK)
		return (true);
	/* The name rule may blame the other name field: show it here. */
	snprintf(f->error, sizeof f->error, "%s", err.message);
	return (false);
}

bool
form_check(struct form *form)
{
	size_t	i;
	bool	ok = true;

	for (i = 0; i < form->count; i++) {
		if (!form_check_field(form, i) && ok) {
			ok = false;
			form->focus = i;
		}
	}
	return (ok);
}

void
form_apply_error(struct form *form, const struct sb_error *err)
{
	struct form_field	*f = NULL;

	if (err->field[0] != '\0')
		f = form_field_find(form, err->field);
	if (f != NULL) {
		snprintf(f->error, sizeof f->error, "%s", err->message);
		form->focus = (size_t)(f - form->fields);
		form->message[0] = '\0';
	} else
		snprintf(form->message, sizeof form->message, "%s: %s",
		    sb_status_text(err->status), err->message);
}

void
form_clear_errors(struct form *form)
{
	size_t	i;

	for (i = 0; i < form->count; i++)
		form->fields[i].error[0] = '\0';
	form->message[0] = '\0';
}

void
form_changes(const struct form *form, struct store_changes *ch)
{
	const struct form_field	*f;
	const char		*v;
	size_t			 i;

	for (i = 0; i < form->count; i++) {
		f = &form->fields[i];
		v = form_field_value(f);
		/* A link's fields are the link's: saved by its own command. */
		if (strncmp(f->name, "link_", 5) == 0)
			continue;
		if (strcmp(v, f->orig) != 0)
			store_changes_set(ch, f->name, *v == '\0' ? NULL : v);
	}
}

const char *
form_command_id(struct form *form)
{
	if (form->cmd_id[0] == '\0')
		store_command_id_new(form->cmd_id);
	return (form->cmd_id);
}

void
form_saved(struct form *form, long version)
{
	size_t	i;

	form->cmd_id[0] = '\0';
	form->version = version;
	for (i = 0; i < form->count; i++) {
		free(form->fields[i].orig);
		form->fields[i].orig =
		    xstrdup(form_field_value(&form->fields[i]));
		if (form->fields[i].kind == FORM_TEXT)
			form->fields[i].tf.changed = false;
	}
}

size_t
form_conflict_load(struct form *form, const struct store_conflict *conflict)
{
	struct form_field	*f;
	const char		*mine;
	size_t			 i, n = 0;

	for (i = 0; i < conflict->count; i++) {
		f = form_field_find(form, conflict->changes[i].field);
		if (f == NULL)
			continue;
		if (!f->conflicted)
			n++;
		form_field_clear_conflict(f);
		f->conflicted = true;
		f->theirs = xstrdup(conflict->changes[i].current != NULL ?
		    conflict->changes[i].current : "");
		f->actor = xstrdup(conflict->changes[i].actor != NULL ?
		    conflict->changes[i].actor : "");
		mine = form_field_value(f);
		f->pick = strcmp(mine, f->orig) != 0 ? FORM_PICK_MINE :
		    FORM_PICK_THEIRS;
	}
	/* The command was refused: the next save is a new one. */
	form->cmd_id[0] = '\0';
	return (n);
}

void
form_conflict_resolve(struct form *form, long current_version)
{
	struct form_field	*f;
	size_t			 i;

	for (i = 0; i < form->count; i++) {
		f = &form->fields[i];
		if (!f->conflicted)
			continue;
		if (f->pick == FORM_PICK_THEIRS)
			form_field_set(f, f->theirs);
		free(f->orig);
		f->orig = xstrdup(f->theirs);
		form_field_clear_conflict(f);
	}
	form->version = current_version;
}
