/* Cards from vCard text: properties gathered into names, emails, phones, places. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/util.h"
#include "switchboard/validate.h"
#include "vcard-int.h"

#define VCARD_ITEMS_MAX	64	/* more emails, phones or addresses: ignored */
#define VCARD_GROUPS_MAX 64	/* grouped labels remembered per card */

/* A grouped label ("item1.X-ABLabel") and the items it may name. */
struct vcard_label {
	char	*group;
	char	*label;
};

/* What one card collects while its lines are read. */
struct vcard_state {
	struct vcard		*card;
	char			*item_group[2][VCARD_ITEMS_MAX];
	struct vcard_label	 labels[VCARD_GROUPS_MAX];
	size_t			 nlabels;
	char			*n_parts[5];
	bool			 has_n;
	int			 depth;		/* cards nested in AGENT */
};

struct vcard_reader *
vcard_reader_new(const char *text, size_t len)
{
	struct vcard_reader	*r = xcalloc(1, sizeof *r);

	r->text = text;
	r->len = len;
	return r;
}

void
vcard_reader_free(struct vcard_reader *r)
{
	free(r);
}

static void
vcard_items_clear(struct vcard_item *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(items[i].value);
		free(items[i].type);
	}
	free(items);
}

void
vcard_clear(struct vcard *c)
{
	size_t	i;

	free(c->uid);
	free(c->fn);
	free(c->given);
	free(c->family);
	free(c->additional);
	free(c->prefix);
	free(c->suffix);
	free(c->org);
	free(c->title);
	free(c->role);
	free(c->note);
	vcard_items_clear(c->emails, c->nemails);
	vcard_items_clear(c->phones, c->nphones);
	for (i = 0; i < c->naddrs; i++) {
		free(c->addrs[i].pobox);
		free(c->addrs[i].extended);
		free(c->addrs[i].street);
		free(c->addrs[i].locality);
		free(c->addrs[i].region);
		free(c->addrs[i].postcode);
		free(c->addrs[i].country);
		free(c->addrs[i].type);
		free(c->addrs[i].label);
	}
	free(c->addrs);
	memset(c, 0, sizeof *c);
}

/* Replace *dst with src (taken). */
static void
vcard_set(char **dst, char *src)
{
	free(*dst);
	*dst = src;
}

/*
 * Switchboard's name for a TYPE value of a phone (phone true) or an
 * email, or NULL for words that name none (voice, internet, x-...).
 */
static const char *
vcard_type_word(const char *v, bool phone)
{
	static const char *const words[][2] = {
		{ "cell", "mobile" }, { "mobile", "mobile" },
		{ "iphone", "mobile" }, { "fax", "fax" }, { "pager", "pager" },
		{ "main", "main" }, { "work", "work" }, { "home", "home" },
		{ "other", "other" }, { "x-mobile", "mobile" },
	};
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(words); i++)
		if (strcasecmp(v, words[i][0]) == 0 &&
		    (phone || strcmp(words[i][1], "work") == 0 ||
		    strcmp(words[i][1], "home") == 0 ||
		    strcmp(words[i][1], "other") == 0))
			return words[i][1];
	return NULL;
}

/*
 * The type a property's TYPE words give: the most telling one (a fax or
 * a mobile at work is a fax or a mobile), "other" when none says.
 */
static const char *
vcard_prop_type(const struct vcard_prop *p, bool phone, bool *pref)
{
	static const char *const rank[] = { "fax", "mobile", "pager", "main",
	    "work", "home", "other" };
	const char	*w;
	size_t		 i, k, best = SB_ARRAY_LEN(rank);

	*pref = vcard_param(p, "PREF") != NULL;
	for (i = 0; i < p->nparams; i++) {
		if (strcmp(p->params[i].name, "TYPE") != 0)
			continue;
		if (strcasecmp(p->params[i].value, "pref") == 0)
			*pref = true;
		if ((w = vcard_type_word(p->params[i].value, phone)) == NULL)
			continue;
		for (k = 0; k < best; k++)
			if (strcmp(rank[k], w) == 0)
				best = k;
	}
	return best < SB_ARRAY_LEN(rank) ? rank[best] : "other";
}

/* Add an email (list 0) or a phone (list 1) from p with value text. */
static void
vcard_add_item(struct vcard_state *st, int list, const struct vcard_prop *p,
    char *text)
{
	struct vcard		*c = st->card;
	struct vcard_item	**items = list == 0 ? &c->emails : &c->phones;
	size_t			*n = list == 0 ? &c->nemails : &c->nphones;
	struct vcard_item	*it;
	bool			 pref;
	char			*v = text;

	if (*n >= VCARD_ITEMS_MAX || *text == '\0') {
		c->ignored++;
		free(text);
		return;
	}
	/* A tel: URI's number; a text value (VALUE=text) is as written. */
	if (list == 1 && strncasecmp(v, "tel:", 4) == 0 &&
	    !vcard_param_has(p, "VALUE", "text"))
		v += 4;
	*items = xreallocarray(*items, *n + 1, sizeof **items);
	it = &(*items)[*n];
	it->value = xstrdup(v);
	it->type = xstrdup(vcard_prop_type(p, list == 1, &pref));
	it->pref = pref;
	st->item_group[list][*n] = xstrdup(p->group);
	(*n)++;
	free(text);
}

static void
vcard_add_addr(struct vcard_state *st, const struct vcard_prop *p,
    char *text)
{
	struct vcard		*c = st->card;
	struct vcard_addr	*a;
	const char		*label = vcard_param(p, "LABEL");
	char			*part[7];
	bool			 pref;

	if (c->naddrs >= VCARD_ITEMS_MAX) {
		c->ignored++;
		free(text);
		return;
	}
	vcard_split(text, part, 7);
	free(text);
	c->addrs = xreallocarray(c->addrs, c->naddrs + 1, sizeof *c->addrs);
	a = &c->addrs[c->naddrs++];
	a->pobox = part[0];
	a->extended = part[1];
	a->street = part[2];
	a->locality = part[3];
	a->region = part[4];
	a->postcode = part[5];
	a->country = part[6];
	a->type = xstrdup(vcard_prop_type(p, false, &pref));
	a->pref = pref;
	/* Writers escape a label's newline as in a value ("\n"). */
	a->label = label != NULL ? vcard_unescape(label, strlen(label)) :
	    xstrdup("");
}

/* A 3.0 LABEL property: the label of an address of the same type. */
static void
vcard_add_label(struct vcard_state *st, const struct vcard_prop *p,
    char *text)
{
	struct vcard	*c = st->card;
	bool		 pref;
	const char	*type = vcard_prop_type(p, false, &pref);
	size_t		 i;

	/* The nearest address before it: writers put LABEL after its ADR. */
	for (i = c->naddrs; i-- > 0;)
		if (strcmp(c->addrs[i].type, type) == 0 &&
		    *c->addrs[i].label == '\0') {
			vcard_set(&c->addrs[i].label, vcard_unescape(text,
			    strlen(text)));
			free(text);
			return;
		}
	c->ignored++;
	free(text);
}

/* Apple's "_$!<Mobile>!$_" is a type; any other label is kept as said. */
static char *
vcard_ablabel(const char *label)
{
	static const char *const apple[][2] = {
		{ "_$!<Mobile>!$_", "mobile" }, { "_$!<Work>!$_", "work" },
		{ "_$!<Home>!$_", "home" }, { "_$!<HomeFAX>!$_", "fax" },
		{ "_$!<WorkFAX>!$_", "fax" }, { "_$!<OtherFAX>!$_", "fax" },
		{ "_$!<Main>!$_", "main" }, { "_$!<Pager>!$_", "pager" },
		{ "_$!<Other>!$_", "other" },
	};
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(apple); i++)
		if (strcmp(label, apple[i][0]) == 0)
			return xstrdup(apple[i][1]);
	return xstrdup(label);
}

/* Give grouped items the type their group's X-ABLabel names. */
static void
vcard_apply_labels(struct vcard_state *st)
{
	struct vcard		*c = st->card;
	struct vcard_item	*items;
	size_t			 n, i, k;
	int			 list;

	for (list = 0; list < 2; list++) {
		items = list == 0 ? c->emails : c->phones;
		n = list == 0 ? c->nemails : c->nphones;
		for (i = 0; i < n; i++) {
			for (k = 0; k < st->nlabels; k++)
				if (*st->item_group[list][i] != '\0' &&
				    strcasecmp(st->item_group[list][i],
				    st->labels[k].group) == 0)
					vcard_set(&items[i].type, vcard_ablabel(
					    st->labels[k].label));
		}
	}
}

/* Whether name is one of the binary properties, skipped and counted. */
static bool
vcard_is_binary(const char *name)
{
	return strcmp(name, "PHOTO") == 0 || strcmp(name, "LOGO") == 0 ||
	    strcmp(name, "SOUND") == 0 || strcmp(name, "KEY") == 0;
}

/* Text properties kept whole, unescaped: where each goes. */
static char **
vcard_text_slot(struct vcard *c, const char *name)
{
	if (strcmp(name, "FN") == 0)
		return &c->fn;
	if (strcmp(name, "TITLE") == 0)
		return &c->title;
	if (strcmp(name, "ROLE") == 0)
		return &c->role;
	if (strcmp(name, "NOTE") == 0)
		return &c->note;
	if (strcmp(name, "UID") == 0)
		return &c->uid;
	return NULL;
}

/* Take one property into the card; false with why when it cannot be read. */
static bool
vcard_take(struct vcard_state *st, const struct vcard_prop *p, char *why,
    size_t size)
{
	struct vcard	*c = st->card;
	char		*text, **slot, *part[5];
	size_t		 i;

	if (vcard_is_binary(p->name)) {
		c->photos++;
		return true;
	}
	for (i = 0; i < p->nparams; i++)
		if (validate_utf8_length(p->params[i].value) < 0) {
			snprintf(why, size, "a parameter of %s is not UTF-8",
			    p->name);
			return false;
		}
	if ((text = vcard_prop_text(p)) == NULL) {
		snprintf(why, size, "%s is not text in %s", p->name,
		    vcard_param(p, "CHARSET") != NULL ?
		    vcard_param(p, "CHARSET") : "UTF-8");
		return false;
	}
	if ((slot = vcard_text_slot(c, p->name)) != NULL) {
		vcard_set(slot, vcard_unescape(text, strlen(text)));
		free(text);
	} else if (strcmp(p->name, "N") == 0) {
		for (i = 0; i < 5; i++)
			free(st->n_parts[i]);
		vcard_split(text, st->n_parts, 5);
		st->has_n = true;
		free(text);
	} else if (strcmp(p->name, "ORG") == 0) {
		vcard_split(text, part, 1);
		vcard_set(&c->org, part[0]);
		free(text);
	} else if (strcmp(p->name, "EMAIL") == 0 ||
	    strcmp(p->name, "TEL") == 0) {
		vcard_add_item(st, strcmp(p->name, "TEL") == 0, p,
		    vcard_unescape(text, strlen(text)));
		free(text);
	} else if (strcmp(p->name, "ADR") == 0)
		vcard_add_addr(st, p, text);
	else if (strcmp(p->name, "LABEL") == 0)
		vcard_add_label(st, p, text);
	else if (strcmp(p->name, "X-ABLABEL") == 0 && *p->group != '\0' &&
	    st->nlabels < VCARD_GROUPS_MAX) {
		st->labels[st->nlabels].group = xstrdup(p->group);
		st->labels[st->nlabels].label = vcard_unescape(text,
		    strlen(text));
		st->nlabels++;
		free(text);
	} else {
		if (strcmp(p->name, "VERSION") == 0)
			c->version = strncmp(text, "2.1", 3) == 0 ? 21 :
			    strncmp(text, "3.0", 3) == 0 ? 30 : 40;
		else
			c->ignored++;
		free(text);
	}
	return true;
}

/* Fill what a card left out: names from FN or FN from N, "" for NULL. */
static void
vcard_finish(struct vcard_state *st)
{
	struct vcard	*c = st->card;
	char		**all[] = { &c->uid, &c->fn, &c->org, &c->title,
	    &c->role, &c->note };
	const char	*sp;
	size_t		 i;

	if (st->has_n) {
		c->family = st->n_parts[0];
		c->given = st->n_parts[1];
		c->additional = st->n_parts[2];
		c->prefix = st->n_parts[3];
		c->suffix = st->n_parts[4];
		memset(st->n_parts, 0, sizeof st->n_parts);
	}
	for (i = 0; i < SB_ARRAY_LEN(all); i++)
		if (*all[i] == NULL)
			*all[i] = xstrdup("");
	if (!st->has_n || (*c->given == '\0' && *c->family == '\0')) {
		/* "Rosa Delgado": the last word is the family name. */
		sp = strrchr(c->fn, ' ');
		vcard_set(&c->given, sp != NULL ? xstrndup(c->fn,
		    (size_t)(sp - c->fn)) : xstrdup(""));
		vcard_set(&c->family, xstrdup(sp != NULL ? sp + 1 : c->fn));
	}
	if (c->additional == NULL)
		c->additional = xstrdup("");
	if (c->prefix == NULL)
		c->prefix = xstrdup("");
	if (c->suffix == NULL)
		c->suffix = xstrdup("");
	if (*c->fn == '\0')
		vcard_set(&c->fn, xasprintf("%s%s%s", c->given,
		    *c->given != '\0' && *c->family != '\0' ? " " : "",
		    c->family));
	vcard_apply_labels(st);
	if (c->version == 0)
		c->version = 30;
}

static void
vcard_state_free(struct vcard_state *st)
{
	size_t	i;
	int	list;

	for (list = 0; list < 2; list++)
		for (i = 0; i < VCARD_ITEMS_MAX; i++)
			free(st->item_group[list][i]);
	for (i = 0; i < st->nlabels; i++) {
		free(st->labels[i].group);
		free(st->labels[i].label);
	}
	for (i = 0; i < 5; i++)
		free(st->n_parts[i]);
}

/* Skip to the END of the card begun at line, for a problem inside it. */
static int
vcard_skip(struct vcard_reader *r, struct vcard_buf *b, struct vcard *card,
    struct vcard_problem *problem, long line, const char *why)
{
	struct vcard_prop	p;
	long			at;

	vcard_clear(card);
	problem->line = line;
	snprintf(problem->reason, sizeof problem->reason, "%s", why);
	while (vcard_logical(r, b, &at)) {
		if (!vcard_prop_parse(b->data, &p))
			continue;
		if (strcmp(p.name, "END") == 0 &&
		    strcasecmp(p.value, "VCARD") == 0) {
			vcard_prop_clear(&p);
			break;
		}
		vcard_prop_clear(&p);
	}
	return -1;
}

int
vcard_next(struct vcard_reader *r, struct vcard *card,
    struct vcard_problem *problem)
{
	struct vcard_state	 st;
	struct vcard_prop	 p;
	struct vcard_buf	 b = { NULL, 0, 0 };
	char			 why[128];
	long			 at;
	int			 rc = 0;

	memset(card, 0, sizeof *card);
	memset(&st, 0, sizeof st);
	st.card = card;
	if (!vcard_logical(r, &b, &at))
		goto out;
	if (!vcard_prop_parse(b.data, &p) || strcmp(p.name, "BEGIN") != 0 ||
	    strcasecmp(p.value, "VCARD") != 0) {
		vcard_prop_clear(&p);
		problem->line = at;
		snprintf(problem->reason, sizeof problem->reason,
		    "text outside a card (BEGIN:VCARD expected)");
		rc = -1;
		goto out;
	}
	vcard_prop_clear(&p);
	card->line = at;
	for (;;) {
		if (!vcard_logical(r, &b, &at)) {
			problem->line = card->line;
			vcard_clear(card);
			snprintf(problem->reason, sizeof problem->reason,
			    "the card has no END:VCARD");
			rc = -1;
			break;
		}
		if (!vcard_prop_parse(b.data, &p)) {
			snprintf(why, sizeof why, "line %ld is not a vCard "
			    "property (NAME:value)", at);
			rc = vcard_skip(r, &b, card, problem, card->line, why);
			break;
		}
		if (strcmp(p.name, "BEGIN") == 0)
			st.depth++;
		if (strcmp(p.name, "END") == 0 && st.depth-- == 0) {
			vcard_prop_clear(&p);
			vcard_finish(&st);
			rc = 1;
			break;
		}
		if (st.depth > 0 || strcmp(p.name, "END") == 0)
			card->ignored++;
		else if (!vcard_take(&st, &p, why, sizeof why)) {
			vcard_prop_clear(&p);
			rc = vcard_skip(r, &b, card, problem, at, why);
			break;
		}
		vcard_prop_clear(&p);
	}
out:
	vcard_state_free(&st);
	free(b.data);
	return rc;
}
