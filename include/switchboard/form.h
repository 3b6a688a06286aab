/* The edit form's model: fields, checks, changes, conflicts. No curses. */
#ifndef SWITCHBOARD_FORM_H
#define SWITCHBOARD_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/store-command.h"
#include "switchboard/textfield.h"

enum form_kind {
	FORM_TEXT,
	FORM_BOOL,		/* Space toggles */
	FORM_CHOICE		/* Space cycles through choices */
};

/*
 * Which check a field gets when it is left and again on save. A blank
 * email or phone passes: a save that needs one says so.
 */
enum form_rule {
	FORM_RULE_NONE,
	FORM_RULE_NAME,		/* first/last name: one of them required */
	FORM_RULE_TEXT,		/* UTF-8, at most max characters */
	FORM_RULE_EMAIL,
	FORM_RULE_PHONE,	/* E.164 with the form's default country */
	FORM_RULE_EXTENSION,	/* a phone extension: digits, or empty */
	FORM_RULE_COUNTRY	/* ISO 3166 alpha-2, required */
};

/* What a conflicted field ends up with after the admin chooses. */
enum form_pick {
	FORM_PICK_MINE,
	FORM_PICK_THEIRS
};

struct form_field {
	const char		*name;		/* column, static */
	const char		*label;		/* static */
	enum form_kind		 kind;
	enum form_rule		 rule;
	struct textfield	 tf;		/* FORM_TEXT */
	const char *const	*choices;	/* FORM_CHOICE, NULL-ended;
						   choices[0] is "" (none) */
	int			 choice;
	bool			 on;		/* FORM_BOOL */
	char			*orig;		/* value compared for changes */
	char			 error[SB_ERROR_MESSAGE_MAX]; /* "" if none */
	bool			 conflicted;
	char			*theirs;	/* the current value (conflict) */
	char			*actor;		/* who changed it (conflict) */
	enum form_pick		 pick;
	char			*readonly;	/* why it may not change;
						   NULL: it may */
};

/*
 * A form: fields (owned), the focused field, and the command id of the
 * pending save. The id is made on the first save and kept until a save
 * succeeds, so a retry after a lost connection reuses it and lands once.
 * Created with form_create, freed with form_free.
 */
struct form {
	struct form_field	*fields;
	size_t			 count;
	size_t			 focus;
	int			 safe_flags;
	char			 cmd_id[STORE_UUID_LEN + 1];	/* "" none */
	long			 version;	/* expected_version */
	char			 message[1280];	/* form-wide, names in full */
	const char		*default_country;
};

struct form	*form_create(int safe_flags);
void		 form_free(struct form *form);

/* Add a field; value NULL reads as "". Returns its index. */
size_t		 form_add_text(struct form *form, const char *name,
		     const char *label, enum form_rule rule, size_t max,
		     const char *value);
size_t		 form_add_bool(struct form *form, const char *name,
		     const char *label, bool value);
size_t		 form_add_choice(struct form *form, const char *name,
		     const char *label, const char *const *choices,
		     const char *value);

/* The field called name, or NULL. */
struct form_field *form_field_find(struct form *form, const char *name);

/* The field's value as text: "true"/"false" for booleans. Borrowed. */
const char	*form_field_value(const struct form_field *f);

/*
 * Make the field read-only for reason (copied): the caller refuses keys
 * on it with the reason, and checks pass over it (it keeps its value).
 */
void		 form_field_set_readonly(struct form_field *f,
		     const char *reason);

/* The first read-only field's reason, or NULL if every field may change. */
const char	*form_readonly_reason(const struct form *form);

/* Set the value from text (as form_field_value gives it). */
void		 form_field_set(struct form_field *f, const char *value);

/* Whether any field differs from its original value. */
bool		 form_changed(const struct form *form);

/*
 * Check one field (the rule's check from validate.h); the message goes
 * into the field's error (cleared when it passes). Returns true if valid.
 */
bool		 form_check_field(struct form *form, size_t i);

/* Check every field; focus moves to the first at fault. */
bool		 form_check(struct form *form);

/*
 * Put a failure where it belongs: next to the field err names when the
 * form has it, else in form->message.
 */
void		 form_apply_error(struct form *form, const struct sb_error *err);

/* Clear every field's error and the form message. */
void		 form_clear_errors(struct form *form);

/* The changed fields into ch ("" becomes NULL: clear the column). */
void		 form_changes(const struct form *form, struct store_changes *ch);

/* The pending save's command id, made on first use. Borrowed. */
const char	*form_command_id(struct form *form);

/* The save landed: forget the id; the values become the originals. */
void		 form_saved(struct form *form, long version);

/*
 * Take a conflict in: each form field the other change touched is marked
 * conflicted with their value and who made it; the pick starts as mine
 * when the admin changed that field and theirs when not. Returns how
 * many form fields are conflicted.
 */
size_t		 form_conflict_load(struct form *form,
		     const struct store_conflict *conflict);

/*
 * Apply the picks and move to the conflict's version: a field picked
 * theirs takes their value; every conflicted field's original becomes
 * their value, so a save sends exactly the fields where mine was kept and
 * differs. Clears the conflict marks.
 */
void		 form_conflict_resolve(struct form *form, long current_version);

#endif
