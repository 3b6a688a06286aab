/* Cards written as vCard 4.0 (RFC 6350) or 3.0 (RFC 2426), folded and escaped. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/util.h"
#include "switchboard/vcard.h"

#define VCARD_FOLD	75	/* octets a line holds, without its CRLF */

struct vcard_out {
	char	*data;
	size_t	 len, size;
};

static void
vcard_out_add(struct vcard_out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->size) {
		o->size = (o->len + n + 1) * 2;
		o->data = xreallocarray(o->data, 1, o->size);
	}
	memcpy(o->data + o->len, s, n);
	o->len += n;
	o->data[o->len] = '\0';
}

/*
 * One content line, folded: a line holds at most VCARD_FOLD octets, and
 * a fold never splits a UTF-8 character; continuations start with a
 * space.
 */
static void
vcard_out_line(struct vcard_out *o, const char *line)
{
	size_t	n = strlen(line), room = VCARD_FOLD, take;

	for (;;) {
		take = n < room ? n : room;
		while (take > 0 && take < n &&
		    ((unsigned char)line[take] & 0xc0) == 0x80)
			take--;
		vcard_out_add(o, line, take);
		vcard_out_add(o, "\r\n", 2);
		line += take;
		n -= take;
		if (n == 0)
			break;
		vcard_out_add(o, " ", 1);
		room = VCARD_FOLD - 1;
	}
}

/* Text escaped for a value: backslash, newline, comma and semicolon. */
static char *
vcard_escape(const char *s)
{
	char	*out = xmalloc(strlen(s) * 2 + 1), *o = out;

	for (; *s != '\0'; s++) {
		if (*s == '\r')
			continue;
		if (*s == '\\' || *s == ',' || *s == ';')
			*o++ = '\\';
		if (*s == '\n') {
			*o++ = '\\';
			*o++ = 'n';
		} else
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

/*
 * A parameter value quoted, with RFC 6868's ^n, ^' and ^^; a backslash
 * doubled, since readers (this one too) undo value escapes in labels.
 */
static char *
vcard_quote_param(const char *s)
{
	char	*out = xmalloc(strlen(s) * 2 + 3), *o = out;

	*o++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '\r')
			continue;
		if (*s == '\\')
			*o++ = '\\';
		if (*s == '\n' || *s == '"' || *s == '^')
			*o++ = '^';
		*o++ = *s == '\n' ? 'n' : *s == '"' ? '\'' : *s;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

/* NAME[PARAMS]:value, value escaped unless raw; nothing when empty. */
static void
vcard_out_prop(struct vcard_out *o, const char *name, const char *params,
    const char *value, bool raw)
{
	char	*v, *line;

	if (*value == '\0')
		return;
	v = raw ? xstrdup(value) : vcard_escape(value);
	line = xasprintf("%s%s:%s", name, params, v);
	vcard_out_line(o, line);
	free(line);
	free(v);
}

/* Parts joined with ';', each escaped: N and ADR. */
static char *
vcard_structured(const char *const *parts, size_t n)
{
	char	*out = xstrdup(""), *e, *next;
	size_t	 i;

	for (i = 0; i < n; i++) {
		e = vcard_escape(parts[i]);
		next = xasprintf("%s%s%s", out, i > 0 ? ";" : "", e);
		free(out);
		free(e);
		out = next;
	}
	return out;
}

/* The TYPE word a version writes for one of Switchboard's types. */
static const char *
vcard_type_out(const char *type, bool phone, int version)
{
	if (strcmp(type, "mobile") == 0)
		return version == 40 ? "cell" : "CELL";
	if (strcmp(type, "work") == 0)
		return version == 40 ? "work" : "WORK";
	if (strcmp(type, "home") == 0)
		return version == 40 ? "home" : "HOME";
	if (phone && strcmp(type, "fax") == 0)
		return version == 40 ? "fax" : "FAX";
	if (phone && strcmp(type, "pager") == 0)
		return version == 40 ? "pager" : "PAGER";
	if (phone && strcmp(type, "main") == 0)
		return version == 40 ? "main" : "MAIN";
	return NULL;
}

/* ";TYPE=..." (and the preference) for an item, or "". */
static char *
vcard_type_params(const char *type, bool phone, bool pref, int version)
{
	const char	*t = vcard_type_out(type, phone, version);

	if (version == 40)
		return xasprintf("%s%s%s", t != NULL ? ";TYPE=" : "",
		    t != NULL ? t : "", pref ? ";PREF=1" : "");
	if (t == NULL)
		return xstrdup(pref ? ";TYPE=PREF" : "");
	return xasprintf(";TYPE=%s%s", t, pref ? ",PREF" : "");
}

/* A phone as text, or in 4.0 as a tel: URI when it is E.164. */
static void
vcard_out_phone(struct vcard_out *o, const struct vcard_item *it,
    int version)
{
	const char	*value = it->value;
	char		*params, *all, *uri;
	bool		 e164;

	/* A number is written bare: a reader takes "tel:" as a scheme. */
	while (strncasecmp(value, "tel:", 4) == 0)
		value += 4;
	e164 = value[0] == '+' && value[1] != '\0' &&
	    strspn(value + 1, "0123456789") == strlen(value + 1);

	params = vcard_type_params(it->type, true, it->pref, version);
	if (version == 40 && e164) {
		all = xasprintf(";VALUE=uri%s", params);
		uri = xasprintf("tel:%s", value);
		vcard_out_prop(o, "TEL", all, uri, true);
		free(uri);
	} else {
		all = xasprintf("%s%s", version == 40 ? ";VALUE=text" : "",
		    params);
		vcard_out_prop(o, "TEL", all, value, false);
	}
	free(all);
	free(params);
}

static void
vcard_out_addr(struct vcard_out *o, const struct vcard_addr *a, int version)
{
	const char *const	 parts[] = { a->pobox, a->extended, a->street,
	    a->locality, a->region, a->postcode, a->country };
	char			*params, *label = NULL, *all, *v;

	params = vcard_type_params(a->type, false, a->pref, version);
	if (version == 40 && *a->label != '\0')
		label = vcard_quote_param(a->label);
	all = xasprintf("%s%s%s", params, label != NULL ? ";LABEL=" : "",
	    label != NULL ? label : "");
	v = vcard_structured(parts, SB_ARRAY_LEN(parts));
	vcard_out_prop(o, "ADR", all, v, true);
	if (version == 30)
		vcard_out_prop(o, "LABEL", params, a->label, false);
	free(v);
	free(all);
	free(label);
	free(params);
}

char *
vcard_write(const struct vcard *c, int version)
{
	struct vcard_out	 o = { NULL, 0, 0 };
	const char *const	 n[] = { c->family, c->given, c->additional,
	    c->prefix, c->suffix };
	char			*v, *params;
	size_t			 i;

	vcard_out_line(&o, "BEGIN:VCARD");
	vcard_out_line(&o, version == 40 ? "VERSION:4.0" : "VERSION:3.0");
	vcard_out_prop(&o, "UID", "", c->uid, false);
	/* FN and N are required; an empty card still has both. */
	v = vcard_escape(c->fn);
	vcard_out_line(&o, (params = xasprintf("FN:%s", v)));
	free(params);
	free(v);
	v = vcard_structured(n, SB_ARRAY_LEN(n));
	vcard_out_line(&o, (params = xasprintf("N:%s", v)));
	free(params);
	free(v);
	vcard_out_prop(&o, "ORG", "", c->org, false);
	for (i = 0; i < c->norgs; i++)
		vcard_out_prop(&o, "ORG", "", c->orgs[i], false);
	vcard_out_prop(&o, "TITLE", "", c->title, false);
	vcard_out_prop(&o, "ROLE", "", c->role, false);
	for (i = 0; i < c->nemails; i++) {
		params = vcard_type_params(c->emails[i].type, false,
		    c->emails[i].pref, version);
		v = version == 30 ? xasprintf(";TYPE=INTERNET%s", params) :
		    xstrdup(params);
		vcard_out_prop(&o, "EMAIL", v, c->emails[i].value, false);
		free(v);
		free(params);
	}
	for (i = 0; i < c->nphones; i++)
		vcard_out_phone(&o, &c->phones[i], version);
	for (i = 0; i < c->naddrs; i++)
		vcard_out_addr(&o, &c->addrs[i], version);
	vcard_out_prop(&o, "NOTE", "", c->note, false);
	vcard_out_line(&o, "END:VCARD");
	return o.data;
}
