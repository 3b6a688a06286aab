/* What every pane shares: freeing, list movement, keeping the selection. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/pane.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"

void
pane_free(struct pane *p)
{
	if (p == NULL)
		return;
	if (p->vt->free != NULL)
		p->vt->free(p);
	store_rows_free(&p->rows);
	if (p->win != NULL)
		delwin(p->win);
	free(p);
}

int
pane_list_key(struct pane *p, enum keymap_action action)
{
	int	before = p->lv.selected;

	if (!listview_act(&p->lv, action))
		return PANE_KEY_IGNORED;
	if (p->lv.selected != before)
		return PANE_KEY_REDRAW | PANE_KEY_SELECTED;
	return PANE_KEY_REDRAW;
}

struct pane_match {
	struct pane	 *p;
	const char	 *id;
	const char	*(*id_at)(struct pane *, int);
};

static int
pane_is_record(const void *arg, int row)
{
	const struct pane_match	*m = arg;

	return strcmp(m->id_at(m->p, row), m->id) == 0;
}

void
pane_reselect(struct pane *p, const char *id, int count,
    const char *(*id_at)(struct pane *, int))
{
	struct pane_match	m = { p, id, id_at };

	if (id == NULL || *id == '\0')
		listview_set_count(&p->lv, count);
	else
		listview_reselect(&p->lv, count, pane_is_record, &m);
}

void
pane_draw_empty(struct pane *p, const char *empty_text)
{
	int	w = getmaxx(p->win);

	if (p->loading)
		draw_text(p->win, p->draw, 1, 2, w - 4,
		    (p->draw->safe_flags & TERM_SAFE_UTF8) ? "Loading\u2026" :
		    "Loading...", THEME_DIM);
	else
		draw_text(p->win, p->draw, 1, 2, w - 4, empty_text, THEME_DIM);
}

static bool
pane_link_email_ok(const char *v)
{
	const char	*at = strchr(v, '@');
	size_t		 i;

	if (at == NULL || at == v || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strlen(v) > 254)
		return false;
	for (i = 0; v[i] != '\0'; i++) {
		if (!isalnum((unsigned char)v[i]) &&
		    strchr(".+-_'@", v[i]) == NULL)
			return false;
	}
	return true;
}

char *
pane_link_url(const char *scheme, const char *value)
{
	size_t	n = strlen(value);

	if (strcmp(scheme, "tel:") == 0) {
		if (n < 3 || n > 16 || value[0] != '+' || value[1] == '0' ||
		    strspn(value + 1, "0123456789") != n - 1)
			return NULL;
	} else if (strcmp(scheme, "mailto:") != 0 ||
	    !pane_link_email_ok(value))
		return NULL;
	return xasprintf("%s%s", scheme, value);
}

/* Whether number, as written, has the digits of e164 and a leading +. */
static bool
pane_phone_spells(const char *number, const char *e164)
{
	const char	*n = number, *e = e164;

	if (*n != '+' || *e != '+')
		return false;
	for (n++, e++; *n != '\0'; n++) {
		if (*n < '0' || *n > '9')
			continue;
		if (*n != *e++)
			return false;
	}
	return *e == '\0';
}

/*
 * A national number written in its international form: "+44 " and the
 * number without its trunk prefix ("020 7946 0958" dialled as
 * +442079460958 shows "+44 20 7946 0958"). NULL unless the result spells
 * e164 exactly.
 */
static char *
pane_phone_intl(const char *number, const char *e164)
{
	const char	*rest;
	char		*shown;
	size_t		 code, trunk;

	for (code = 1; code <= 3; code++) {
		for (trunk = 0; trunk <= 1; trunk++) {
			rest = number;
			if (trunk == 1) {
				rest += strspn(rest, " (");
				if (*rest != '0' && *rest != '1')
					continue;
				rest++;
				rest += strspn(rest, " )-./");
			}
			shown = xasprintf("+%.*s %s", (int)code, e164 + 1,
			    rest);
			if (pane_phone_spells(shown, e164))
				return shown;
			free(shown);
		}
	}
	return NULL;
}

char *
pane_phone_text(const char *number, const char *e164, const char *extension)
{
	char	*shown, *v;

	if (pane_phone_spells(number, e164))
		shown = xstrdup(number);
	else if (number[0] == '+' ||
	    (shown = pane_phone_intl(number, e164)) == NULL)
		shown = xasprintf("%s (written %s)", e164, number);
	v = xasprintf("%s%s%s", shown, *extension != '\0' ? " ext. " : "",
	    extension);
	free(shown);
	return v;
}

/* tel:+E164, with ";ext=" and the extension when it has one (RFC 3966). */
char *
pane_link_tel(const char *e164, const char *extension)
{
	char	*url = pane_link_url("tel:", e164), *with;
	size_t	 n = strlen(extension);

	if (url == NULL || n == 0)
		return url;
	if (n > 10 || strspn(extension, "0123456789") != n) {
		free(url);
		return NULL;
	}
	with = xasprintf("%s;ext=%s", url, extension);
	free(url);
	return with;
}
