/* The person's collation from the settings or the locale, and the locale. */
#include "config.h"

#include <ctype.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/collate.h"
#include "switchboard/util.h"

bool
collate_tag_valid(const char *tag)
{
	size_t	n;

	if (tag == NULL || !isalpha((unsigned char)tag[0]))
		return false;
	n = strspn(tag, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
	return tag[n] == '\0' && n < COLLATE_TAG_MAX;
}

/* The first of the variables names that is set and not empty, or NULL. */
static const char *
collate_env_first(const char *const *names, size_t n)
{
	const char	*v;
	size_t		 i;

	for (i = 0; i < n; i++)
		if ((v = getenv(names[i])) != NULL && *v != '\0')
			return v;
	return NULL;
}

void
collate_tag_from_locale(const char *name, char *buf, size_t size)
{
	char	tag[COLLATE_TAG_MAX], *p;
	size_t	n;

	/* language[_territory][.codeset][@modifier]: keep the first two. */
	n = name != NULL ? strcspn(name, ".@") : 0;
	if (n == 0 || n >= sizeof tag) {
		snprintf(buf, size, "%s", COLLATE_TAG_ROOT);
		return;
	}
	memcpy(tag, name, n);
	tag[n] = '\0';
	for (p = tag; *p != '\0'; p++)
		if (*p == '_')
			*p = '-';
	if (strcmp(tag, "C") == 0 || strcmp(tag, "POSIX") == 0 ||
	    !collate_tag_valid(tag))
		snprintf(buf, size, "%s", COLLATE_TAG_ROOT);
	else
		snprintf(buf, size, "%s", tag);
}

const char *
collate_locale_asked(void)
{
	static const char *const names[] = { "LC_ALL", "LC_COLLATE", "LANG" };

	return collate_env_first(names, SB_ARRAY_LEN(names));
}

void
collate_tag_choose(const char *setting, char *buf, size_t size)
{
	if (setting != NULL && collate_tag_valid(setting))
		snprintf(buf, size, "%s", setting);
	else
		collate_tag_from_locale(collate_locale_asked(), buf, size);
}

/* Whether name asks for a code set other than UTF-8 ("de_DE.ISO-8859-1"). */
static bool
collate_other_codeset(const char *name)
{
	const char	*dot = name != NULL ? strchr(name, '.') : NULL;
	size_t		 n;

	if (dot == NULL)
		return false;
	n = strcspn(++dot, "@");
	return !((n == 5 && strncasecmp(dot, "UTF-8", 5) == 0) ||
	    (n == 4 && strncasecmp(dot, "UTF8", 4) == 0));
}

bool
collate_set_locale(void)
{
	static const int	 cats[] = { LC_COLLATE, LC_MESSAGES, LC_NUMERIC,
	    LC_TIME, LC_MONETARY };
	static const char *const ctype[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	bool			 all = true;
	size_t			 i;

	if (setlocale(LC_ALL, "") != NULL)
		return true;
	for (i = 0; i < SB_ARRAY_LEN(cats); i++)
		if (setlocale(cats[i], "") == NULL)
			all = false;
	/* The screen needs the character type most: UTF-8 if no other. */
	if (setlocale(LC_CTYPE, "") == NULL) {
		all = false;
		if (!collate_other_codeset(collate_env_first(ctype,
		    SB_ARRAY_LEN(ctype))))
			(void)setlocale(LC_CTYPE, "C.UTF-8");
	}
	return all;
}
