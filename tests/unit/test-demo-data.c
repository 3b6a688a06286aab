/* Unit tests for the demo data set: its shape, invariants and stability. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/demo-data.h"
#include "switchboard/pane.h"
#include "switchboard/util.h"

/* Everything the walk produced, with enough detail for the checks. */
struct seen {
	uint64_t	 hash;
	int		 orgs, partners, contacts, phones, emails, addresses;
	int		 links, shares, phone_addresses, windows, dnc;
	char		(*ids)[DEMO_UUID_LEN + 1];	/* orgs, contacts */
	int		 nids;
	char		**primaries;			/* "org/role" */
	int		 nprimaries;
	int		 cjk, rtl, accented;
	int		 riverside_links, northwind_referrals;
	char		 northwind[DEMO_UUID_LEN + 1];
	char		 riverside[DEMO_UUID_LEN + 1];
	regex_t		 e164;
};

static void
seen_hash(struct seen *s, const char *text)
{
	for (; text != NULL && *text != '\0'; text++)
		s->hash = (s->hash ^ (unsigned char)*text) * 0x100000001b3ULL;
	s->hash = (s->hash ^ 0xff) * 0x100000001b3ULL;
}

static bool
seen_has_id(const struct seen *s, const char *id)
{
	int	i;

	for (i = 0; i < s->nids; i++)
		if (strcmp(s->ids[i], id) == 0)
			return true;
	return false;
}

static void
seen_add_id(struct seen *s, const char *id)
{
	assert_false(seen_has_id(s, id));	/* ids are unique */
	s->ids = xreallocarray(s->ids, (size_t)s->nids + 1, sizeof *s->ids);
	memcpy(s->ids[s->nids++], id, DEMO_UUID_LEN + 1);
}

static int
on_org(void *arg, const struct demo_org *o)
{
	struct seen	*s = arg;

	seen_hash(s, o->id);
	seen_hash(s, o->name);
	if (o->partner_id != NULL) {
		assert_true(seen_has_id(s, o->partner_id));
		if (strcmp(o->partner_id, s->northwind) == 0)
			s->northwind_referrals++;
	}
	if (strcmp(o->name, "Northwind Health Partners") == 0)
		memcpy(s->northwind, o->id, sizeof s->northwind);
	if (strcmp(o->name, "Riverside Health") == 0)
		memcpy(s->riverside, o->id, sizeof s->riverside);
	seen_add_id(s, o->id);
	s->orgs++;
	s->partners += strcmp(o->kind, "partner") == 0;
	return 0;
}

static int
on_contact(void *arg, const struct demo_contact *c)
{
	struct seen	*s = arg;
	const char	*n = c->first_name;

	seen_hash(s, c->id);
	seen_hash(s, c->first_name);
	seen_hash(s, c->last_name);
	assert_true(c->first_name[0] != '\0' || c->last_name[0] != '\0');
	if (c->owner_id != NULL)
		assert_true(seen_has_id(s, c->owner_id));
	seen_add_id(s, c->id);
	s->contacts++;
	s->dnc += c->do_not_contact;
	/* CJK ideographs start with E4-E9; Arabic D8-DB; Hebrew D7. */
	if ((unsigned char)n[0] >= 0xe4 && (unsigned char)n[0] <= 0xe9)
		s->cjk++;
	else if ((unsigned char)n[0] >= 0xd7 && (unsigned char)n[0] <= 0xdb)
		s->rtl++;
	else if (strpbrk(n, "\xc3\xc5") != NULL)
		s->accented++;
	return 0;
}

/*
 * What the details pane shows of the phone spells the number its c key
 * copies and its link dials: the digits before any " ext." or
 * " (written" are exactly those of the E.164 form, after a +.
 */
static void
phone_shown_is_dialled(const struct demo_phone *p)
{
	const char	*ext = p->extension != NULL ? p->extension : "";
	char		*shown, *url, *want, *d, *cut;
	const char	*c;

	shown = pane_phone_text(p->number, p->e164, ext);
	if ((cut = strstr(shown, " ext. ")) != NULL)
		*cut = '\0';
	if ((cut = strstr(shown, " (written")) != NULL)
		*cut = '\0';
	assert_true(shown[0] == '+');
	d = xstrdup(p->e164);
	for (c = shown + 1, cut = d + 1; *c != '\0'; c++)
		if (*c >= '0' && *c <= '9')
			assert_true(*cut++ == *c);
	assert_true(*cut == '\0');
	url = pane_link_tel(p->e164, ext);
	want = *ext != '\0' ? xasprintf("tel:%s;ext=%s", p->e164, ext) :
	    xasprintf("tel:%s", p->e164);
	assert_non_null(url);
	assert_string_equal(url, want);
	free(want);
	free(url);
	free(d);
	free(shown);
}

static int
on_phone(void *arg, const struct demo_phone *p)
{
	struct seen	*s = arg;

	seen_hash(s, p->number);
	assert_true(seen_has_id(s, p->owner_id));
	assert_int_equal(regexec(&s->e164, p->e164, 0, NULL, 0), 0);
	phone_shown_is_dialled(p);
	s->phones++;
	return 0;
}

static int
on_email(void *arg, const struct demo_email *e)
{
	struct seen	*s = arg;

	seen_hash(s, e->address);
	assert_true(seen_has_id(s, e->contact_id));
	assert_non_null(strchr(e->address, '@'));
	s->emails++;
	return 0;
}

static int
on_address(void *arg, const struct demo_address *a)
{
	struct seen	*s = arg;

	seen_hash(s, a->line1);
	assert_true(seen_has_id(s, a->owner_id));
	assert_int_equal(strlen(a->country), 2);
	s->addresses++;
	return 0;
}

static int
on_link(void *arg, const struct demo_link *l)
{
	struct seen	*s = arg;
	char		*key;
	int		 i;

	seen_hash(s, l->org_id);
	seen_hash(s, l->contact_id);
	seen_hash(s, l->role);
	assert_true(seen_has_id(s, l->org_id));
	assert_true(seen_has_id(s, l->contact_id));
	s->links++;
	s->windows += l->starts_on != NULL || l->ends_on != NULL;
	if (strcmp(l->org_id, s->riverside) == 0)
		s->riverside_links++;
	if (l->primary) {
		key = xasprintf("%s/%s", l->org_id, l->role);
		for (i = 0; i < s->nprimaries; i++)
			assert_string_not_equal(s->primaries[i], key);
		s->primaries = xreallocarray(s->primaries,
		    (size_t)s->nprimaries + 1, sizeof *s->primaries);
		s->primaries[s->nprimaries++] = key;
	}
	return 0;
}

static int
on_phone_address(void *arg, const char *phone, const char *address)
{
	struct seen	*s = arg;

	seen_hash(s, phone);
	seen_hash(s, address);
	s->phone_addresses++;
	return 0;
}

static int
on_share(void *arg, const char *what, const char *item, const char *owner,
    bool owner_is_org)
{
	struct seen	*s = arg;

	seen_hash(s, what);
	seen_hash(s, item);
	assert_true(seen_has_id(s, owner));
	s->shares++;
	return 0;
}

static void
walk(struct seen *s)
{
	const struct demo_sink	sink = { s, on_org, on_contact, on_phone,
	    on_email, on_address, on_link, on_phone_address, on_share };
	int			i;

	memset(s, 0, sizeof *s);
	s->hash = 0xcbf29ce484222325ULL;
	assert_int_equal(regcomp(&s->e164, "^\\+[1-9][0-9]{6,14}$",
	    REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(demo_data_walk(&sink), 0);
	regfree(&s->e164);
	for (i = 0; i < s->nprimaries; i++)
		free(s->primaries[i]);
	free(s->primaries);
	free(s->ids);
}

static void
test_demo_is_deterministic(void **state)
{
	struct seen	a, b;

	(void)state;
	walk(&a);
	walk(&b);
	assert_true(a.hash == b.hash);
	assert_int_equal(a.links, b.links);
}

static void
test_demo_has_the_situations_and_the_volume(void **state)
{
	struct seen	s;

	(void)state;
	walk(&s);
	/* Platform, Northwind, Riverside, then the generated ones. */
	assert_int_equal(s.orgs, 3 + 300);
	assert_in_range(s.contacts, 2000, 5000);
	assert_in_range(s.partners, 10, 20);
	/* Riverside plus nineteen generated providers came via Northwind. */
	assert_int_equal(s.northwind_referrals, 20);
	/* 15 staff, 3 billers, 2 locums, 3 partner people, 1 consultant. */
	assert_int_equal(s.riverside_links, 15 + 3 + 2 + 3 + 1);
	/* Staff and billers share office addresses; billers share a fax. */
	assert_int_equal(s.shares, 15 + 3 + 3);
	/* Every office's reception and fax, the billing fax, Northwind's. */
	assert_int_equal(s.phone_addresses, 3 * 2 + 1 + 2);
	assert_int_equal(s.windows, 2 + 4);
	assert_true(s.cjk > 50);
	assert_true(s.rtl > 50);
	assert_true(s.accented > 50);
	assert_true(s.dnc > 0);
	assert_true(s.emails >= s.contacts);
	assert_true(s.phones > s.contacts / 2);
}

static void
test_uuid_is_stable_and_valid(void **state)
{
	char	a[DEMO_UUID_LEN + 1], b[DEMO_UUID_LEN + 1];
	regex_t	re;

	(void)state;
	demo_data_uuid("org/riverside", a);
	demo_data_uuid("org/riverside", b);
	assert_string_equal(a, b);
	demo_data_uuid("org/riversidf", b);
	assert_string_not_equal(a, b);
	assert_int_equal(regcomp(&re, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
	    "[89ab][0-9a-f]{3}-[0-9a-f]{12}$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&re, a, 0, NULL, 0), 0);
	regfree(&re);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_is_deterministic),
		cmocka_unit_test(test_demo_has_the_situations_and_the_volume),
		cmocka_unit_test(test_uuid_is_stable_and_valid),
	};

	return cmocka_run_group_tests_name("demo-data", tests, NULL, NULL);
}
