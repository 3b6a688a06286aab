/* The seeded bulk generator: organizations and contacts as COPY lines. */
#include "config.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/bulk.h"
#include "switchboard/util.h"
#include "bulk-names.h"

#define BULK_BUF_SIZE	(256 * 1024)
#define BULK_LINE_MAX	4096
#define BULK_UUID_LEN	36
#define BULK_SHARED_MAX	60

struct bulk_gen {
	const struct bulk_spec	*spec;
	uint64_t		 rng;
	bulk_out_fn		 out;
	void			*arg;
	int			 stop;
	char			*buf;
	size_t			 len;
	unsigned long		 idx;		/* events emitted */
	unsigned int		*orgver;	/* stream version per org */
	char			(*orgid)[BULK_UUID_LEN + 1];
	unsigned long		*partners;	/* org indices of partners */
	unsigned long		 npartners;
	struct bulk_counts	 counts;
};

/* splitmix64: small, fast and the same on every platform. */
static uint64_t
bulk_gen_next(struct bulk_gen *g)
{
	uint64_t	z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long
bulk_gen_below(struct bulk_gen *g, unsigned long n)
{
	return n == 0 ? 0 : (unsigned long)(bulk_gen_next(g) % n);
}

/* Percent chance. */
static int
bulk_gen_chance(struct bulk_gen *g, unsigned int pct)
{
	return bulk_gen_below(g, 100) < pct;
}

/* A version 4 UUID from the generator's stream. */
static void
bulk_gen_uuid(struct bulk_gen *g, char out[BULK_UUID_LEN + 1])
{
	uint64_t	hi = bulk_gen_next(g), lo = bulk_gen_next(g);

	hi = (hi & ~0xf000ULL) | 0x4000ULL;
	lo = (lo & ~(3ULL << 62)) | (2ULL << 62);
	snprintf(out, BULK_UUID_LEN + 1, "%08x-%04x-%04x-%04x-%012llx",
	    (unsigned int)(hi >> 32), (unsigned int)(hi >> 16) & 0xffff,
	    (unsigned int)hi & 0xffff, (unsigned int)(lo >> 48),
	    (unsigned long long)(lo & 0xffffffffffffULL));
}

static void
bulk_gen_flush(struct bulk_gen *g)
{
	if (g->len > 0 && !g->stop)
		g->stop = g->out(g->arg, g->buf, g->len);
	g->len = 0;
}

/*
 * One event line. Payloads are built from the word lists, which hold no
 * character JSON or COPY would need escaped. Events are a microsecond
 * apart from a fixed instant, so replay stamps the same times.
 */
static void
bulk_gen_emit(struct bulk_gen *g, const char *type, const char *id,
    unsigned int version, const char *event_type, const char *payload)
{
	char		 eid[BULK_UUID_LEN + 1];
	unsigned long	 us = g->idx % 1000000, s = g->idx / 1000000;
	int		 n;

	if (g->len + BULK_LINE_MAX > BULK_BUF_SIZE)
		bulk_gen_flush(g);
	bulk_gen_uuid(g, eid);
	n = snprintf(g->buf + g->len, BULK_LINE_MAX,
	    "%s\t%s\t%s\t%u\t%s\t%s\t%s\t"
	    "2025-01-01 %02lu:%02lu:%02lu.%06lu+00\n", eid, type, id, version,
	    event_type, payload, BULK_ACTOR, s / 3600, s / 60 % 60, s % 60,
	    us);
	assert(n > 0 && n < BULK_LINE_MAX);
	g->len += (size_t)n;
	g->idx++;
}

#define BULK_PICK(g, arr) \
	((arr)[bulk_gen_below((g), SB_ARRAY_LEN(arr))])

/* A phone, created on its own stream; its id goes into id. */
static void
bulk_gen_phone(struct bulk_gen *g, const struct bulk_country *c,
    const char *type, char id[BULK_UUID_LEN + 1])
{
	char		 p[512];
	unsigned long	 num = 100000000UL + g->counts.phones;

	bulk_gen_uuid(g, id);
	snprintf(p, sizeof p, "{\"after\": {\"number\": \"+%s %03lu %03lu "
	    "%03lu\", \"e164\": \"+%s%09lu\", \"extension\": null, "
	    "\"type\": \"%s\", \"sms_capable\": %s}}", c->cc,
	    num / 1000000 % 1000, num / 1000 % 1000, num % 1000, c->cc, num,
	    type, strcmp(type, "mobile") == 0 ? "true" : "false");
	bulk_gen_emit(g, "phone", id, 1, "phone.created", p);
	g->counts.phones++;
}

static void
bulk_gen_address(struct bulk_gen *g, const struct bulk_country *c,
    const char *type, char id[BULK_UUID_LEN + 1])
{
	char	p[1024];

	bulk_gen_uuid(g, id);
	snprintf(p, sizeof p, "{\"after\": {\"type\": \"%s\", \"country\": "
	    "\"%s\", \"label\": null, \"street1\": \"%lu %s\", \"street2\": "
	    "null, \"city\": \"%s\", \"region\": null, \"postal_code\": "
	    "\"%05lu\"}}", type, c->code, 1 + bulk_gen_below(g, 400),
	    BULK_PICK(g, bulk_streets), c->cities[bulk_gen_below(g, 4)],
	    bulk_gen_below(g, 100000));
	bulk_gen_emit(g, "address", id, 1, "address.created", p);
	g->counts.addresses++;
}

/* Organization i with its office phone and address. */
static void
bulk_gen_org(struct bulk_gen *g, unsigned long i)
{
	const struct bulk_country	*c = &BULK_PICK(g, bulk_countries);
	const char			*kind = "provider";
	char				 p[1024], partner[64] = "null";
	char				 item[BULK_UUID_LEN + 1];
	char				*id = g->orgid[i];

	if (i % 50 == 0) {
		kind = "partner";
		g->partners[g->npartners++] = i;
	} else if (i % 50 == 1)
		kind = "platform";
	else if (i % 5 == 2)
		snprintf(partner, sizeof partner, "\"%s\"",
		    g->orgid[i / 50 * 50]);
	bulk_gen_uuid(g, id);
	snprintf(p, sizeof p, "{\"after\": {\"name\": \"%s %s %s\", \"kind\": "
	    "\"%s\", \"subdomain\": \"org-%lu\", \"referring_partner_id\": %s, "
	    "\"active\": true}}", BULK_PICK(g, bulk_org_first),
	    BULK_PICK(g, bulk_org_second), BULK_PICK(g, bulk_org_third), kind,
	    i, partner);
	bulk_gen_emit(g, "organization", id, 1, "organization.created", p);
	bulk_gen_phone(g, c, "office", item);
	snprintf(p, sizeof p, "{\"phone_id\": \"%s\"}", item);
	bulk_gen_emit(g, "organization", id, 2, "organization.phone.linked",
	    p);
	bulk_gen_address(g, c, "physical", item);
	snprintf(p, sizeof p, "{\"address_id\": \"%s\"}", item);
	bulk_gen_emit(g, "organization", id, 3, "organization.address.linked",
	    p);
	g->orgver[i] = 3;
	g->counts.orgs++;
}

static void
bulk_gen_link(struct bulk_gen *g, unsigned long org, const char *contact,
    const char *role)
{
	char	p[256];

	snprintf(p, sizeof p, "{\"contact_id\": \"%s\", \"role\": \"%s\", "
	    "\"after\": {\"starts_on\": null, \"ends_on\": null}}", contact,
	    role);
	bulk_gen_emit(g, "organization", g->orgid[org], ++g->orgver[org],
	    "organization.contact.linked", p);
	g->counts.links++;
}

/* The organizations a contact links to: home first, all distinct. */
static unsigned long
bulk_gen_orgs_of(struct bulk_gen *g, unsigned long j, unsigned long *out)
{
	unsigned long	 n, want, k, o, tries;
	unsigned long	 norgs = g->spec->orgs;

	if (j % 100 == 0 && g->npartners > 0) {
		out[0] = g->partners[bulk_gen_below(g, g->npartners)];
		want = 20 + bulk_gen_below(g, BULK_SHARED_MAX - 20 + 1);
	} else {
		/* A fifth of the people work at the largest 1%. */
		out[0] = bulk_gen_chance(g, 20) ? bulk_gen_below(g,
		    norgs / 100 + 1) : bulk_gen_below(g, norgs);
		want = j % 100 <= 12 ? 2 + bulk_gen_below(g, 3) : 1;
	}
	if (want > norgs)
		want = norgs;
	for (n = 1, tries = 0; n < want && tries < want * 8; tries++) {
		o = bulk_gen_below(g, norgs);
		for (k = 0; k < n && out[k] != o; k++)
			continue;
		if (k == n)
			out[n++] = o;
	}
	return n;
}

/* Contact j: created, its emails, phones, address, then its links. */
static void
bulk_gen_contact(struct bulk_gen *g, unsigned long j)
{
	const struct bulk_name		*f = &BULK_PICK(g, bulk_first_names);
	const struct bulk_name		*l = &BULK_PICK(g, bulk_last_names);
	const struct bulk_country	*c = &BULK_PICK(g, bulk_countries);
	const char			*title = BULK_PICK(g, bulk_titles);
	unsigned long			 orgs[BULK_SHARED_MAX], n, k;
	char				 id[BULK_UUID_LEN + 1];
	char				 item[BULK_UUID_LEN + 1], p[1024];
	char				 owner[64] = "null", tbuf[128];
	unsigned int			 v = 1;

	n = bulk_gen_orgs_of(g, j, orgs);
	if (j % 100 == 0 || bulk_gen_chance(g, 50))
		snprintf(owner, sizeof owner, "\"%s\"", g->orgid[orgs[0]]);
	snprintf(tbuf, sizeof tbuf, title == NULL ? "null" : "\"%s\"",
	    title);
	bulk_gen_uuid(g, id);
	snprintf(p, sizeof p, "{\"after\": {\"first_name\": \"%s\", "
	    "\"last_name\": \"%s\", \"title\": %s, "
	    "\"preferred_contact_method\": \"%s\", \"do_not_contact\": %s, "
	    "\"active\": true, \"owner_organization_id\": %s}}", f->text,
	    l->text, tbuf, bulk_gen_chance(g, 60) ? "email" : "phone",
	    j % 97 == 0 ? "true" : "false", owner);
	bulk_gen_emit(g, "contact", id, v++, "contact.created", p);
	for (k = 0; k < (bulk_gen_chance(g, 40) ? 2U : 1U); k++) {
		bulk_gen_uuid(g, item);
		snprintf(p, sizeof p, "{\"email_id\": \"%s\", \"before\": null, "
		    "\"after\": {\"address\": \"%s.%s.%lu@%s.example\", "
		    "\"type\": \"%s\", \"is_primary\": %s}}", item, f->ascii,
		    l->ascii, j, k == 0 ? "work" : "home", k == 0 ? "work" :
		    "personal", k == 0 ? "true" : "false");
		bulk_gen_emit(g, "contact", id, v++, "contact.email.added", p);
		g->counts.emails++;
	}
	for (k = 0; k < (bulk_gen_chance(g, 20) ? 2U : 1U); k++) {
		bulk_gen_phone(g, c, k == 0 ? "mobile" : "office", item);
		snprintf(p, sizeof p, "{\"phone_id\": \"%s\"}", item);
		bulk_gen_emit(g, "contact", id, v++, "contact.phone.added", p);
		if (k == 0) {
			snprintf(p, sizeof p, "{\"phone_id\": \"%s\", "
			    "\"before\": {\"is_primary\": false}, "
			    "\"after\": {\"is_primary\": true}}", item);
			bulk_gen_emit(g, "contact", id, v++,
			    "contact.phone.primary_set", p);
		}
	}
	if (bulk_gen_chance(g, 30)) {
		bulk_gen_address(g, c, "mailing", item);
		snprintf(p, sizeof p, "{\"address_id\": \"%s\"}", item);
		bulk_gen_emit(g, "contact", id, v++, "contact.address.linked",
		    p);
	}
	for (k = 0; k < n; k++)
		bulk_gen_link(g, orgs[k], id, k == 0 && j % 100 == 0 ?
		    "stakeholder" : BULK_PICK(g, bulk_roles));
	g->counts.contacts++;
}

int
bulk_generate(const struct bulk_spec *spec, bulk_out_fn out, void *arg,
    struct bulk_counts *counts)
{
	struct bulk_gen	 g;
	unsigned long	 i;

	assert(spec->orgs > 0);
	memset(&g, 0, sizeof g);
	g.spec = spec;
	g.rng = spec->seed;
	g.out = out;
	g.arg = arg;
	g.buf = xmalloc(BULK_BUF_SIZE);
	g.orgver = xcalloc(spec->orgs, sizeof *g.orgver);
	g.orgid = xcalloc(spec->orgs, sizeof *g.orgid);
	g.partners = xcalloc(spec->orgs / 50 + 1, sizeof *g.partners);
	for (i = 0; i < spec->orgs && !g.stop; i++)
		bulk_gen_org(&g, i);
	g.counts.partners = g.npartners;
	for (i = 0; i < spec->contacts && !g.stop; i++)
		bulk_gen_contact(&g, i);
	bulk_gen_flush(&g);
	g.counts.events = g.idx;
	if (counts != NULL)
		*counts = g.counts;
	free(g.buf);
	free(g.orgver);
	free(g.orgid);
	free(g.partners);
	return g.stop;
}

unsigned long
bulk_parse_size(const char *s)
{
	char		*end;
	unsigned long	 n;

	n = strtoul(s, &end, 10);
	if (end == s)
		return 0;
	if (*end == 'k' || *end == 'K')
		n *= 1000, end++;
	else if (*end == 'm' || *end == 'M')
		n *= 1000000, end++;
	return *end == '\0' ? n : 0;
}
