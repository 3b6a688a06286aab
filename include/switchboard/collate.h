/* The person's collation: a BCP 47 tag from the settings or the locale. */
#ifndef SWITCHBOARD_COLLATE_H
#define SWITCHBOARD_COLLATE_H

#include <stdbool.h>
#include <stddef.h>

/* Room for the longest tag kept, with its NUL. */
#define COLLATE_TAG_MAX	36

/* The Unicode root order, for "C", "POSIX" and no locale at all. */
#define COLLATE_TAG_ROOT	"und"

/*
 * Whether tag may name a collation: a letter, then letters, digits and
 * '-' only, shorter than COLLATE_TAG_MAX ("sv-SE", "de", "und"). Only such
 * a tag is ever looked up on the server.
 */
bool		 collate_tag_valid(const char *tag);

/*
 * The tag a locale name stands for, into buf (at least COLLATE_TAG_MAX
 * bytes): "sv_SE.UTF-8" is "sv-SE", "de_DE@euro" "de-DE"; "C", "POSIX",
 * "C.UTF-8", NULL, "" and names that make no valid tag are "und". The
 * locale need not exist on this machine.
 */
void		 collate_tag_from_locale(const char *name, char *buf,
		     size_t size);

/*
 * The locale name the environment asks collation of: LC_ALL, then
 * LC_COLLATE, then LANG, the first set and not empty; NULL if none.
 * Borrowed from the environment.
 */
const char	*collate_locale_asked(void);

/*
 * The person's tag into buf: setting (config.yaml's "collation", valid)
 * when not NULL, else the one collate_locale_asked() stands for.
 */
void		 collate_tag_choose(const char *setting, char *buf,
		     size_t size);

/*
 * setlocale(LC_ALL, "") that survives a locale this machine lacks: glibc
 * then fails the whole call and leaves everything "C", which would draw
 * UTF-8 as escapes. Each category is set on its own instead, and a
 * character type that cannot be had falls back to "C.UTF-8" (unless the
 * name asked for another code set). False when anything fell back.
 */
bool		 collate_set_locale(void);

#endif
