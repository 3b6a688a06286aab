/* The demo data set as a stream of records, independent of the database. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/demo-data.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"

/* Generated volume on top of the hand-written situations. */
#define DEMO_GEN_ORGS		300
#define DEMO_GEN_PARTNERS	12
#define DEMO_GEN_CONTACTS	3000
#define DEMO_REFERRED		20	/* providers Northwind referred */

/* A culture keeps first and last names that belong together. */
struct demo_culture {
	const char	*first[8];
	const char	*last[8];
	const char	*country;	/* ISO code: validate.c has its numbers */
};

static const struct demo_culture demo_cultures[] = {
	{ { "James", "Mary", "Robert", "Patricia", "Olivia", "Ethan",
	    "Grace", "Noah" },
	  { "Smith", "Johnson", "Williams", "Brown", "Miller", "Davis",
	    "Walker", "Wright" }, "US" },
	{ { "Jürgen", "Käthe", "Günter", "Lena", "Lukas", "Sophie",
	    "Jörg", "Maximilian" },
	  { "Müller", "Schröder", "Bäcker", "Weiß", "Groß", "Köhler",
	    "Schäfer", "Hoffmann" }, "DE" },
	{ { "François", "Chloé", "Élodie", "Hélène", "Amélie", "Théo",
	    "Léa", "Benoît" },
	  { "Lefèvre", "Gérard", "Dubois", "Moreau", "Bélanger", "Côté",
	    "Lemaître", "Fournier" }, "FR" },
	{ { "José", "María", "Inês", "João", "Lucía", "Sebastián",
	    "Ramón", "Conceição" },
	  { "García", "Martínez", "Núñez", "Peña", "Gonçalves", "Araújo",
	    "Muñoz", "Simões" }, "ES" },
	{ { "Søren", "Åsa", "Björn", "Łukasz", "Małgorzata", "Zoë",
	    "Øystein", "Ágnes" },
	  { "Kowalski", "Wiśniewski", "Ødegård", "Ångström", "Sørensen",
	    "Lindqvist", "Dvořák", "Nowak" }, "SE" },
	{ { "伟", "娜", "静", "强", "敏", "磊", "芳", "洋" },
	  { "王", "李", "张", "刘", "陈", "杨", "黄", "赵" }, "CN" },
	{ { "翔太", "美咲", "健二", "由美", "大輔", "さくら", "陽菜", "蓮" },
	  { "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村" },
	  "JP" },
	{ { "민준", "서연", "지훈", "하은", "도윤", "지우", "서준", "수아" },
	  { "김", "이", "박", "최", "정", "강", "조", "윤" }, "KR" },
	{ { "محمد", "فاطمة", "أحمد", "ليلى", "يوسف", "مريم", "عمر", "نور" },
	  { "حداد", "الحسيني", "منصور", "خليل", "نصار", "عيسى", "سعيد",
	    "جابر" }, "AE" },
	{ { "דוד", "שרה", "יוסף", "רחל", "נועה", "אביגיל", "יונתן", "תמר" },
	  { "כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם", "פרידמן",
	    "שפירא" }, "IL" },
	{ { "Thảo", "Minh", "Dũng", "Hương", "Quốc", "Lan", "Tuấn", "Mai" },
	  { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi" },
	  "VN" },
	{ { "Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Isha",
	    "Aditya" },
	  { "Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Menon",
	    "Rao" }, "IN" },
};

static const char *const demo_titles[] = {
	"Office Manager", "Practice Administrator", "Nurse Lead",
	"Receptionist", "Physician", "IT Coordinator", "Billing Specialist",
	"Operations Director", "Compliance Officer", "Facilities Lead",
	"Medical Assistant", "Chief Executive", "Accounts Payable",
	"Systems Engineer", "Clinic Coordinator", "Pharmacist",
};

static const char *const demo_org_words[][2] = {
	{ "Riverbend", "Family Practice" }, { "Lakeside", "Dental Care" },
	{ "Cedar Hill", "Pediatrics" }, { "Harbor", "Imaging Center" },
	{ "Maple Grove", "Clinic" }, { "Summit", "Orthopedics" },
	{ "Bluewater", "Health Partners" }, { "Northgate", "Urgent Care" },
	{ "Clearview", "Eye Associates" }, { "Oakridge", "Physical Therapy" },
	{ "Sonnenberg", "Praxis" }, { "Bellevue", "Clinique" },
	{ "San Rafael", "Centro Médico" }, { "Fjällsjö", "Vårdcentral" },
	{ "青山", "クリニック" }, { "和平", "诊所" }, { "한빛", "병원" },
	{ "النور", "عيادة" }, { "שלום", "מרפאה" }, { "Sông Hồng", "Phòng khám" },
	{ "Ganga", "Health Clinic" }, { "Pinecrest", "Cardiology" },
	{ "Willow Creek", "Women's Health" }, { "Ironwood", "Labs" },
};

static const char *const demo_cities[][3] = {	/* city, region, country */
	{ "Springfield", "IL", "US" }, { "Portland", "OR", "US" },
	{ "Austin", "TX", "US" }, { "München", "BY", "DE" },
	{ "Lyon", "ARA", "FR" }, { "Sevilla", "AN", "ES" },
	{ "Göteborg", "O", "SE" }, { "上海", "SH", "CN" },
	{ "大阪", "27", "JP" }, { "서울", "11", "KR" },
	{ "دبي", "DU", "AE" }, { "תל אביב", "TA", "IL" },
	{ "Hà Nội", "HN", "VN" }, { "Bengaluru", "KA", "IN" },
};

static const char *const demo_streets[] = {
	"Main Street", "Oak Avenue", "Hauptstraße", "Rue de la Paix",
	"Calle Mayor", "Storgatan", "南京路", "本町通り", "세종대로",
	"شارع الشيخ زايد", "רחוב הרצל", "Phố Huế", "MG Road", "Elm Street",
};

static const char *const demo_roles[] = {
	"billing", "technical", "emergency", "stakeholder", "admin",
};

/* splitmix64: small, fast and the same everywhere. */
static uint64_t
demo_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void
demo_data_uuid(const char *key, char out[DEMO_UUID_LEN + 1])
{
	uint64_t	h = 0xcbf29ce484222325ULL, a, b;
	const char	*p;

	for (p = key; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	a = demo_mix(h);
	b = demo_mix(h ^ 0x5bd1e9955bd1e995ULL);
	/* Version 4 and variant bits, so the result is a valid UUID. */
	a = (a & ~0xf000ULL) | 0x4000ULL;
	b = (b & ~(3ULL << 62)) | (2ULL << 62);
	snprintf(out, DEMO_UUID_LEN + 1, "%08x-%04x-%04x-%04x-%012llx",
	    (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
	    (unsigned)a & 0xffff, (unsigned)(b >> 48),
	    (unsigned long long)(b & 0xffffffffffffULL));
}

/* The walk's state: the sink, a sticky result and the random stream. */
struct demo_walk {
	const struct demo_sink	*sink;
	int			 rc;
	uint64_t		 rng;
};

static unsigned
demo_rand(struct demo_walk *w, unsigned n)
{
	w->rng = demo_mix(w->rng);
	return (unsigned)(w->rng % n);
}

static void
demo_emit_org(struct demo_walk *w, const char *key, const char *name,
    const char *kind, const char *sub, const char *partner_id, char *id)
{
	struct demo_org	o = { .name = name, .kind = kind, .subdomain = sub,
	    .partner_id = partner_id };

	demo_data_uuid(key, o.id);
	memcpy(id, o.id, sizeof o.id);
	if (w->rc == 0)
		w->rc = w->sink->org(w->sink->arg, &o);
}

static void
demo_emit_contact(struct demo_walk *w, const char *key,
    const struct demo_contact *tmpl, char *id)
{
	struct demo_contact	c = *tmpl;

	demo_data_uuid(key, c.id);
	memcpy(id, c.id, sizeof c.id);
	if (w->rc == 0)
		w->rc = w->sink->contact(w->sink->arg, &c);
}

static void
demo_emit_phone(struct demo_walk *w, const char *key,
    const struct demo_phone *tmpl, char *id)
{
	struct demo_phone	p = *tmpl;

	demo_data_uuid(key, p.id);
	if (id != NULL)
		memcpy(id, p.id, sizeof p.id);
	if (w->rc == 0)
		w->rc = w->sink->phone(w->sink->arg, &p);
}

static void
demo_emit_email(struct demo_walk *w, const char *contact_id,
    const char *address, const char *type, bool primary)
{
	struct demo_email	e = { .contact_id = contact_id,
	    .address = address, .type = type, .primary = primary };
	char			key[320];

	snprintf(key, sizeof key, "email/%s/%s", contact_id, address);
	demo_data_uuid(key, e.id);
	if (w->rc == 0)
		w->rc = w->sink->email(w->sink->arg, &e);
}

static void
demo_emit_address(struct demo_walk *w, const char *key,
    const struct demo_address *tmpl, char *id)
{
	struct demo_address	a = *tmpl;

	demo_data_uuid(key, a.id);
	if (id != NULL)
		memcpy(id, a.id, sizeof a.id);
	if (w->rc == 0)
		w->rc = w->sink->address(w->sink->arg, &a);
}

static void
demo_emit_link(struct demo_walk *w, const char *org_id,
    const char *contact_id, const char *role, bool primary,
    const char *starts_on, const char *ends_on)
{
	struct demo_link	l = { org_id, contact_id, role, primary,
	    starts_on, ends_on };

	if (w->rc == 0)
		w->rc = w->sink->link(w->sink->arg, &l);
}

static void
demo_emit_phone_address(struct demo_walk *w, const char *phone_id,
    const char *address_id)
{
	if (w->rc == 0)
		w->rc = w->sink->phone_address(w->sink->arg, phone_id,
		    address_id);
}

static void
demo_emit_share(struct demo_walk *w, const char *what, const char *item_id,
    const char *owner_id, bool owner_is_org)
{
	if (w->rc == 0)
		w->rc = w->sink->share(w->sink->arg, what, item_id, owner_id,
		    owner_is_org);
}

/* Lower-case ASCII for an email's local part; "" when nothing is left. */
static void
demo_ascii_fold(const char *in, char *out, size_t size)
{
	static const char *const map[][2] = {
		{ "ä", "a" }, { "á", "a" }, { "à", "a" }, { "å", "a" },
		{ "ã", "a" }, { "Å", "a" }, { "Á", "a" }, { "ç", "c" },
		{ "é", "e" }, { "è", "e" }, { "ê", "e" }, { "É", "e" },
		{ "í", "i" }, { "ï", "i" }, { "ñ", "n" }, { "ó", "o" },
		{ "ö", "o" }, { "ô", "o" }, { "ø", "o" }, { "Ø", "o" },
		{ "õ", "o" }, { "ú", "u" }, { "ü", "u" }, { "ß", "ss" },
		{ "ł", "l" }, { "Ł", "l" }, { "ś", "s" }, { "ř", "r" },
		{ "ë", "e" }, { "ũ", "u" }, { "ả", "a" }, { "ư", "u" },
		{ "ơ", "o" }, { "ễ", "e" }, { "ầ", "a" }, { "ố", "o" },
		{ "ạ", "a" }, { "Đ", "d" }, { "đ", "d" }, { "Ò", "o" },
	};
	size_t	o = 0, i, len;

	while (*in != '\0' && o + 3 < size) {
		unsigned char	c = (unsigned char)*in;

		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				out[o++] = (char)c;
			else if (c >= 'A' && c <= 'Z')
				out[o++] = (char)(c - 'A' + 'a');
			in++;
			continue;
		}
		for (i = 0; i < SB_ARRAY_LEN(map); i++) {
			len = strlen(map[i][0]);
			if (strncmp(in, map[i][0], len) == 0)
				break;
		}
		if (i == SB_ARRAY_LEN(map)) {
			o = 0;		/* not a Latin name: give up */
			break;
		}
		out[o++] = map[i][1][0];
		if (map[i][1][1] != '\0')
			out[o++] = map[i][1][1];
		in += len;
	}
	out[o] = '\0';
}

/* A person: the contact, a mobile and a work email, all primary. */
struct demo_person {
	const char	*key;
	const char	*first, *last, *title;
	const char	*mobile, *e164;		/* as entered, normalized */
	const char	*domain;		/* for the email */
	const char	*owner_id;
	const char	*preferred;
	bool		 do_not_contact;
};

static void
demo_emit_person(struct demo_walk *w, const struct demo_person *p, char *id)
{
	struct demo_contact	c = { .first_name = p->first,
	    .last_name = p->last, .title = p->title,
	    .preferred = p->preferred != NULL ? p->preferred : "phone",
	    .do_not_contact = p->do_not_contact, .active = true,
	    .owner_id = p->owner_id };
	struct demo_phone	ph = { .owner_is_org = false,
	    .number = p->mobile, .e164 = p->e164, .type = "mobile",
	    .sms = true, .primary = true };
	char			key[160], first[64], last[64], mail[200];

	demo_emit_contact(w, p->key, &c, id);
	ph.owner_id = id;
	snprintf(key, sizeof key, "%s/mobile", p->key);
	if (p->mobile != NULL)
		demo_emit_phone(w, key, &ph, NULL);
	demo_ascii_fold(p->first, first, sizeof first);
	demo_ascii_fold(p->last, last, sizeof last);
	if (first[0] != '\0' && last[0] != '\0')
		snprintf(mail, sizeof mail, "%s.%s@%s", first, last,
		    p->domain);
	else
		snprintf(mail, sizeof mail, "staff.%.8s@%s", id, p->domain);
	demo_emit_email(w, id, mail, "work", true);
}

/* An organization's office: the address, a reception line and a fax. */
struct demo_office {
	const char	*key, *label, *type, *line1, *line2;
	const char	*reception, *reception_e164, *fax, *fax_e164;
};

static void
demo_emit_office(struct demo_walk *w, const char *org_id,
    const struct demo_office *o, char *address_id, char *fax_id)
{
	struct demo_address	a = { .owner_id = org_id, .owner_is_org = true,
	    .label = o->label, .type = o->type, .line1 = o->line1,
	    .line2 = o->line2, .city = "Springfield", .region = "IL",
	    .postal_code = "62701", .country = "US" };
	struct demo_phone	p = { .owner_id = org_id, .owner_is_org = true };
	char			key[128], phone_id[DEMO_UUID_LEN + 1];

	demo_emit_address(w, o->key, &a, address_id);
	if (o->reception != NULL) {
		p.number = o->reception;
		p.e164 = o->reception_e164;
		p.type = "office";
		snprintf(key, sizeof key, "%s/reception", o->key);
		demo_emit_phone(w, key, &p, phone_id);
		demo_emit_phone_address(w, phone_id, address_id);
	}
	p.number = o->fax;
	p.e164 = o->fax_e164;
	p.type = "fax";
	snprintf(key, sizeof key, "%s/fax", o->key);
	demo_emit_phone(w, key, &p, fax_id);
	demo_emit_phone_address(w, fax_id, address_id);
}

/* Riverside Health: three offices of five, and a billing department. */
static const struct demo_office demo_riverside_offices[] = {
	{ "riverside/downtown", "Downtown office", "physical",
	  "100 Main Street", "", "(217) 555-0100", "+12175550100",
	  "(217) 555-0101", "+12175550101" },
	{ "riverside/midtown", "Midtown office", "physical",
	  "455 Oak Avenue", "Suite 300", "(217) 555-0110", "+12175550110",
	  "(217) 555-0111", "+12175550111" },
	{ "riverside/uptown", "Uptown office", "physical",
	  "2300 Elm Street", "", "(217) 555-0120", "+12175550120",
	  "(217) 555-0121", "+12175550121" },
};

static const struct {
	const char	*first, *last, *title, *role;
	bool		 primary;
} demo_riverside_staff[3][5] = {
	{ { "Helen", "Park", "Medical Director", "emergency", true },
	  { "Marcus", "Bell", "Office Manager", "admin", true },
	  { "Aisha", "Rahman", "Nurse Lead", "stakeholder", false },
	  { "Tomás", "Herrera", "Receptionist", "stakeholder", false },
	  { "Yuki", "Tanaka", "Medical Assistant", "stakeholder", false } },
	{ { "Grace", "Liu", "Office Manager", "admin", false },
	  { "Omar", "Haddad", "Physician", "emergency", false },
	  { "Sofia", "Rossi", "Receptionist", "stakeholder", false },
	  { "Liam", "O'Connor", "IT Coordinator", "technical", true },
	  { "Nadia", "Petrova", "Nurse", "stakeholder", false } },
	{ { "Ben", "Carter", "Office Manager", "admin", false },
	  { "Chloé", "Martin", "Physician", "emergency", false },
	  { "Raj", "Patel", "Medical Assistant", "stakeholder", false },
	  { "Emma", "Schulz", "Receptionist", "stakeholder", false },
	  { "Kwame", "Mensah", "Facilities Lead", "stakeholder", true } },
};

static void
demo_walk_riverside(struct demo_walk *w, const char *org)
{
	static const struct demo_office billing = { "riverside/billing",
	    "Billing office", "billing", "455 Oak Avenue", "Suite 1200",
	    NULL, NULL, "(217) 555-0130", "+12175550130" };
	static const char *const biller[3][3] = {
		{ "Rosa", "Delgado", "Billing Manager" },
		{ "Tom", "Becker", "Billing Specialist" },
		{ "Priya", "Sharma", "Accounts Receivable" },
	};
	char	addr[DEMO_UUID_LEN + 1], fax[DEMO_UUID_LEN + 1];
	char	id[DEMO_UUID_LEN + 1], key[64], mobile[32], e164[32];
	int	o, s, n = 30;

	for (o = 0; o < 3; o++) {
		demo_emit_office(w, org, &demo_riverside_offices[o], addr, fax);
		for (s = 0; s < 5; s++, n++) {
			struct demo_person	p = { .key = key,
			    .first = demo_riverside_staff[o][s].first,
			    .last = demo_riverside_staff[o][s].last,
			    .title = demo_riverside_staff[o][s].title,
			    .mobile = mobile, .e164 = e164,
			    .domain = "riverside.example" };

			snprintf(key, sizeof key, "riverside/staff/%d/%d", o, s);
			snprintf(mobile, sizeof mobile, "(217) 555-02%02d", n);
			snprintf(e164, sizeof e164, "+121755502%02d", n);
			demo_emit_person(w, &p, id);
			demo_emit_link(w, org, id,
			    demo_riverside_staff[o][s].role,
			    demo_riverside_staff[o][s].primary, NULL, NULL);
			demo_emit_share(w, "address", addr, id, false);
		}
	}
	/* Three billers share an office and its fax, each with a mobile. */
	demo_emit_office(w, org, &billing, addr, fax);
	for (s = 0; s < 3; s++, n++) {
		struct demo_person	p = { .key = key, .first = biller[s][0],
		    .last = biller[s][1], .title = biller[s][2],
		    .mobile = mobile, .e164 = e164,
		    .domain = "riverside.example", .preferred = "email" };

		snprintf(key, sizeof key, "riverside/billing/%d", s);
		snprintf(mobile, sizeof mobile, "217-555-02%02d", n);
		snprintf(e164, sizeof e164, "+121755502%02d", n);
		demo_emit_person(w, &p, id);
		demo_emit_link(w, org, id, "billing", s == 0, NULL, NULL);
		demo_emit_share(w, "address", addr, id, false);
		demo_emit_share(w, "phone", fax, id, false);
	}
}

/* The partner's three contacts, owned by the partner, shared widely. */
struct demo_partner_staff {
	char	sales[DEMO_UUID_LEN + 1];
	char	support[DEMO_UUID_LEN + 1];
	char	billing[DEMO_UUID_LEN + 1];
};

static void
demo_walk_northwind(struct demo_walk *w, const char *org,
    struct demo_partner_staff *st)
{
	static const struct demo_office office = { "northwind/office",
	    "Head office", "physical", "88 Harbor Road", "Floor 4",
	    "(312) 555-0140", "+13125550140", "(312) 555-0141",
	    "+13125550141" };
	struct demo_person	p[3] = {
		{ "northwind/sales", "Dana", "Whitfield",
		  "Partner Sales Director", "(312) 555-0142", "+13125550142",
		  "northwind.example", org, "email", false },
		{ "northwind/support", "Kenji", "Watanabe",
		  "Partner Support Lead", "+1 312 555 0143", "+13125550143",
		  "northwind.example", org, "phone", false },
		{ "northwind/billing", "Amara", "Okafor",
		  "Partner Billing Manager", "312.555.0144", "+13125550144",
		  "northwind.example", org, "email", false },
	};
	char	addr[DEMO_UUID_LEN + 1], fax[DEMO_UUID_LEN + 1];

	demo_emit_office(w, org, &office, addr, fax);
	demo_emit_person(w, &p[0], st->sales);
	demo_emit_person(w, &p[1], st->support);
	demo_emit_person(w, &p[2], st->billing);
	demo_emit_link(w, org, st->sales, "stakeholder", true, NULL, NULL);
	demo_emit_link(w, org, st->sales, "admin", true, NULL, NULL);
	demo_emit_link(w, org, st->support, "technical", true, NULL, NULL);
	demo_emit_link(w, org, st->support, "emergency", true, NULL, NULL);
	demo_emit_link(w, org, st->billing, "billing", true, NULL, NULL);
}

/* The platform's own on-call people. */
static void
demo_walk_platform(struct demo_walk *w, const char *org)
{
	struct demo_person	p[2] = {
		{ "platform/oncall", "Morgan", "Reyes", "On-call Lead",
		  "(646) 555-0150", "+16465550150", "ops.example", org,
		  "phone", false },
		{ "platform/desk", "Sam", "Okoye", "Service Desk",
		  "(646) 555-0151", "+16465550151", "ops.example", org,
		  "email", false },
	};
	char	id[DEMO_UUID_LEN + 1];

	demo_emit_person(w, &p[0], id);
	demo_emit_link(w, org, id, "emergency", true, NULL, NULL);
	demo_emit_link(w, org, id, "technical", true, NULL, NULL);
	demo_emit_person(w, &p[1], id);
	demo_emit_link(w, org, id, "technical", false, NULL, NULL);
	demo_emit_link(w, org, id, "admin", true, NULL, NULL);
}

/* One IT consultant serves five providers, one engagement already over. */
static void
demo_walk_consultant(struct demo_walk *w, char providers[][DEMO_UUID_LEN + 1])
{
	struct demo_person	p = { "consultant/mateus", "Mateus",
	    "Oliveira", "IT Consultant", "+55 11 91234-5678",
	    "+5511912345678", "oliveira-it.example", NULL, "sms", false };
	static const char *const window[5][2] = {
		{ "2026-01-01", "2027-06-30" }, { NULL, NULL },
		{ "2025-03-01", "2025-12-31" }, { "2026-06-01", NULL },
		{ NULL, "2028-12-31" },
	};
	char	id[DEMO_UUID_LEN + 1];
	int	i;

	demo_emit_person(w, &p, id);
	for (i = 0; i < 5; i++)
		demo_emit_link(w, providers[i], id, "technical", false,
		    window[i][0], window[i][1]);
}

/* Temporary on-call cover at Riverside: one current, one expired. */
static void
demo_walk_locums(struct demo_walk *w, const char *org)
{
	struct demo_person	p[2] = {
		{ "riverside/locum/1", "Jordan", "Blake", "On-call Physician",
		  "(217) 555-0160", "+12175550160", "riverside.example", NULL,
		  "phone", false },
		{ "riverside/locum/2", "Casey", "Morgan", "Locum Physician",
		  "(217) 555-0161", "+12175550161", "riverside.example", NULL,
		  "phone", true },
	};
	char	id[DEMO_UUID_LEN + 1];

	demo_emit_person(w, &p[0], id);
	demo_emit_link(w, org, id, "emergency", false, "2025-01-01",
	    "2030-12-31");
	demo_emit_person(w, &p[1], id);
	demo_emit_link(w, org, id, "emergency", false, "2024-01-01",
	    "2024-06-30");
}

/* Per generated organization: its id and which roles have a primary. */
struct demo_gen_org {
	char		id[DEMO_UUID_LEN + 1];
	char		sub[40];	/* subdomain */
	char		domain[48];	/* for email addresses */
	unsigned	primaries;	/* bit per demo_roles[] index */
	int		partner;	/* index of the referring partner or -1 */
};

static int
demo_role_index(const char *role)
{
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(demo_roles); i++)
		if (strcmp(demo_roles[i], role) == 0)
			return (int)i;
	return 0;
}

/* Link with the primary mark if the role has no primary there yet. */
static void
demo_link_auto(struct demo_walk *w, struct demo_gen_org *o,
    const char *contact_id, const char *role)
{
	unsigned	bit = 1u << demo_role_index(role);

	demo_emit_link(w, o->id, contact_id, role, (o->primaries & bit) == 0,
	    NULL, NULL);
	o->primaries |= bit;
}

static void
demo_gen_phone_text(struct demo_walk *w, const struct demo_culture *cu,
    int n, char *entered, char *e164)
{
	const struct validate_country	*c;
	unsigned			 a = 200 + demo_rand(w, 700);
	unsigned			 b = demo_rand(w, 1000);
	int				 mid;

	c = validate_country_find(cu->country);
	if (strcmp(c->code, "1") == 0) {
		sprintf(entered, "(%03u) 555-%04d", a, 1000 + n % 9000);
		sprintf(e164, "+1%03u555%04d", a, 1000 + n % 9000);
		return;
	}
	/* Two or three digits between area and line: the country's length. */
	mid = (c->max_digits < 10 ? c->max_digits : 10) - 7;
	if (mid < 2 || mid > 3 || 7 + mid < c->min_digits)
		abort();
	b %= mid == 3 ? 1000 : 100;
	sprintf(entered, "+%s %u %0*u %04d", c->code, a, mid, b, n % 10000);
	sprintf(e164, "+%s%u%0*u%04d", c->code, a, mid, b, n % 10000);
}

static void
demo_gen_contact(struct demo_walk *w, struct demo_gen_org *o, int n,
    char *id)
{
	const struct demo_culture *cu =
	    &demo_cultures[demo_rand(w, SB_ARRAY_LEN(demo_cultures))];
	char			 key[64], entered[40], e164[40];
	struct demo_person	 p = { .key = key,
	    .first = cu->first[demo_rand(w, 8)],
	    .last = cu->last[demo_rand(w, 8)],
	    .title = demo_titles[demo_rand(w, SB_ARRAY_LEN(demo_titles))],
	    .mobile = entered, .e164 = e164, .domain = o->domain,
	    .owner_id = o->id, .do_not_contact = demo_rand(w, 50) == 0 };
	struct demo_phone	 office = { .owner_is_org = false,
	    .type = "office" };
	char			 ext[8];

	snprintf(key, sizeof key, "gen/contact/%d", n);
	demo_gen_phone_text(w, cu, n, entered, e164);
	if (demo_rand(w, 5) == 0)
		p.mobile = NULL;	/* reached by email only */
	demo_emit_person(w, &p, id);
	if (demo_rand(w, 3) == 0) {
		office.owner_id = id;
		office.primary = p.mobile == NULL;
		demo_gen_phone_text(w, cu, n + 5000, entered, e164);
		office.number = entered;
		office.e164 = e164;
		snprintf(ext, sizeof ext, "%u", 100 + demo_rand(w, 900));
		office.extension = ext;
		snprintf(key, sizeof key, "gen/contact/%d/office", n);
		demo_emit_phone(w, key, &office, NULL);
	}
}

static void
demo_gen_org(struct demo_walk *w, int i, struct demo_gen_org *orgs,
    const char *partner_id)
{
	struct demo_gen_org	*o = &orgs[i];
	const char		*const *word =
	    demo_org_words[i % SB_ARRAY_LEN(demo_org_words)];
	const char		*const *city =
	    demo_cities[(i / SB_ARRAY_LEN(demo_org_words)) %
	    SB_ARRAY_LEN(demo_cities)];
	struct demo_address	 a = { .owner_is_org = true, .label = "Main",
	    .type = "physical", .line2 = "", .city = city[0],
	    .region = city[1], .country = city[2] };
	struct demo_phone	 ph = { .owner_is_org = true, .type = "office" };
	char			 name[160], key[64], fold[32], line1[96];
	char			 postal[16], num[40], e164[40];
	char			 addr[DEMO_UUID_LEN + 1];

	snprintf(name, sizeof name, "%s %s, %s", word[0], word[1], city[0]);
	demo_ascii_fold(word[0], fold, sizeof fold);
	snprintf(o->sub, sizeof o->sub, "%.24s%d",
	    fold[0] != '\0' ? fold : "clinic", i);
	snprintf(o->domain, sizeof o->domain, "%s.example", o->sub);
	snprintf(key, sizeof key, "gen/org/%d", i);
	demo_emit_org(w, key, name, "provider", o->sub, partner_id, o->id);
	snprintf(line1, sizeof line1, "%u %s", 1 + demo_rand(w, 999),
	    demo_streets[demo_rand(w, SB_ARRAY_LEN(demo_streets))]);
	snprintf(postal, sizeof postal, "%05u", 10000 + demo_rand(w, 89999));
	a.owner_id = o->id;
	a.line1 = line1;
	a.postal_code = postal;
	snprintf(key, sizeof key, "gen/org/%d/address", i);
	demo_emit_address(w, key, &a, addr);
	ph.owner_id = o->id;
	snprintf(num, sizeof num, "(%03d) 555-%04d", 200 + i % 700, 2000 + i);
	snprintf(e164, sizeof e164, "+1%03d555%04d", 200 + i % 700, 2000 + i);
	ph.number = num;
	ph.e164 = e164;
	snprintf(key, sizeof key, "gen/org/%d/phone", i);
	demo_emit_phone(w, key, &ph, NULL);
}

/* Partner organizations own two contacts each, shared by their referrals. */
static void
demo_gen_partner(struct demo_walk *w, int i, struct demo_gen_org *p,
    char ids[2][DEMO_UUID_LEN + 1])
{
	static const char *const names[] = { "Meridian", "Keystone",
	    "Crescent", "Evergreen", "Atlas", "Horizon", "Lumen", "Vanguard",
	    "Silverline", "Beacon", "Cobalt", "Juniper" };
	char			 name[64], key[64];
	struct demo_person	 st = { .key = key, .mobile = NULL,
	    .domain = p->domain, .preferred = "email" };

	snprintf(name, sizeof name, "%s Partners",
	    names[i % SB_ARRAY_LEN(names)]);
	snprintf(p->sub, sizeof p->sub, "partner%d", i);
	snprintf(p->domain, sizeof p->domain, "%s.example", p->sub);
	snprintf(key, sizeof key, "gen/partner/%d", i);
	demo_emit_org(w, key, name, "partner", p->sub, NULL, p->id);
	st.owner_id = p->id;
	st.first = names[i % SB_ARRAY_LEN(names)];
	st.last = "Support";
	st.title = "Partner Support Desk";
	snprintf(key, sizeof key, "gen/partner/%d/support", i);
	demo_emit_person(w, &st, ids[0]);
	demo_link_auto(w, p, ids[0], "technical");
	st.last = "Billing";
	st.title = "Partner Billing Desk";
	snprintf(key, sizeof key, "gen/partner/%d/billing", i);
	demo_emit_person(w, &st, ids[1]);
	demo_link_auto(w, p, ids[1], "billing");
}

static void
demo_walk_generated(struct demo_walk *w, struct demo_gen_org *orgs,
    const char *northwind, const struct demo_partner_staff *nw,
    char consultant_orgs[][DEMO_UUID_LEN + 1])
{
	struct demo_gen_org	 partners[DEMO_GEN_PARTNERS];
	char			 pstaff[DEMO_GEN_PARTNERS][2][DEMO_UUID_LEN + 1];
	char			 id[DEMO_UUID_LEN + 1];
	int			 i, k, n = 0, count, nprov;
	const char		*partner_id;

	memset(partners, 0, sizeof partners);
	for (i = 0; i < DEMO_GEN_PARTNERS; i++)
		demo_gen_partner(w, i, &partners[i], pstaff[i]);
	nprov = DEMO_GEN_ORGS - DEMO_GEN_PARTNERS;
	for (i = 0; i < nprov && w->rc == 0; i++) {
		struct demo_gen_org	*o = &orgs[i];

		/* The first ones are the referrals of Northwind. */
		o->partner = i < DEMO_REFERRED - 1 ? -1 :
		    (int)demo_rand(w, DEMO_GEN_PARTNERS + 4) - 4;
		partner_id = i < DEMO_REFERRED - 1 ? northwind :
		    o->partner >= 0 ? partners[o->partner].id : NULL;
		demo_gen_org(w, i, orgs, partner_id);
		count = 3 + (int)demo_rand(w, 15);
		for (k = 0; k < count && n < DEMO_GEN_CONTACTS; k++, n++) {
			demo_gen_contact(w, o, n, id);
			demo_link_auto(w, o, id, k == 0 ? "admin" :
			    k == 1 ? "emergency" :
			    demo_roles[demo_rand(w, SB_ARRAY_LEN(demo_roles))]);
			/* A tail of people serve a second organization. */
			if (i > 0 && demo_rand(w, 10) == 0)
				demo_link_auto(w, &orgs[demo_rand(w, i)], id,
				    "stakeholder");
		}
		if (i < DEMO_REFERRED - 1) {
			demo_link_auto(w, o, nw->sales, "stakeholder");
			demo_link_auto(w, o, nw->support, "technical");
			demo_link_auto(w, o, nw->billing, "billing");
		} else if (o->partner >= 0) {
			demo_link_auto(w, o, pstaff[o->partner][0], "technical");
			demo_link_auto(w, o, pstaff[o->partner][1], "billing");
		}
		if (i >= 1 && i <= 4)
			memcpy(consultant_orgs[i], o->id, sizeof o->id);
	}
}

int
demo_data_walk(const struct demo_sink *sink)
{
	struct demo_walk		 w = { .sink = sink, .rc = 0,
	    .rng = 0x5357495443484244ULL };
	struct demo_partner_staff	 nw;
	struct demo_gen_org		*orgs;
	char				 platform[DEMO_UUID_LEN + 1];
	char				 northwind[DEMO_UUID_LEN + 1];
	char				 riverside[DEMO_UUID_LEN + 1];
	char				 consultant[5][DEMO_UUID_LEN + 1];

	demo_emit_org(&w, "org/platform", "Switchboard Operations",
	    "platform", "ops", NULL, platform);
	demo_walk_platform(&w, platform);
	demo_emit_org(&w, "org/northwind", "Northwind Health Partners",
	    "partner", "northwind", NULL, northwind);
	demo_walk_northwind(&w, northwind, &nw);
	demo_emit_org(&w, "org/riverside", "Riverside Health", "provider",
	    "riverside", northwind, riverside);
	demo_walk_riverside(&w, riverside);
	demo_walk_locums(&w, riverside);
	demo_emit_link(&w, riverside, nw.sales, "stakeholder", false, NULL,
	    NULL);
	demo_emit_link(&w, riverside, nw.support, "technical", false, NULL,
	    NULL);
	demo_emit_link(&w, riverside, nw.billing, "billing", false, NULL,
	    NULL);
	orgs = xcalloc(DEMO_GEN_ORGS, sizeof *orgs);
	memcpy(consultant[0], riverside, sizeof riverside);
	demo_walk_generated(&w, orgs, northwind, &nw, consultant);
	demo_walk_consultant(&w, consultant);
	free(orgs);
	return w.rc;
}
