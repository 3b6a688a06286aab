/* Word lists of the bulk generator: international names, places, trades. */
#ifndef SWITCHBOARD_BULK_NAMES_H
#define SWITCHBOARD_BULK_NAMES_H

/* A name as written and an ASCII form for email addresses. */
struct bulk_name {
	const char	*text;
	const char	*ascii;
};

/* A country: ISO code, calling code, cities. */
struct bulk_country {
	const char	*code;
	const char	*cc;
	const char	*cities[4];
};

static const struct bulk_name bulk_first_names[] = {
	{ "James", "james" }, { "Mary", "mary" }, { "Robert", "robert" },
	{ "Patricia", "patricia" }, { "Michael", "michael" },
	{ "Linda", "linda" }, { "David", "david" }, { "Susan", "susan" },
	{ "Zoë", "zoe" }, { "Émile", "emile" }, { "Hélène", "helene" },
	{ "François", "francois" }, { "Jürgen", "jurgen" },
	{ "Lena", "lena" }, { "Søren", "soren" }, { "Åsa", "asa" },
	{ "José", "jose" }, { "María", "maria" }, { "Iñaki", "inaki" },
	{ "João", "joao" }, { "Łukasz", "lukasz" }, { "Małgorzata", "malgo" },
	{ "Şebnem", "sebnem" }, { "Çağrı", "cagri" }, { "Γιώργος", "giorgos" },
	{ "Ελένη", "eleni" }, { "Дмитрий", "dmitry" }, { "Анна", "anna" },
	{ "Олена", "olena" }, { "伟", "wei" }, { "芳", "fang" },
	{ "さくら", "sakura" }, { "翔太", "shota" }, { "민준", "minjun" },
	{ "서연", "seoyeon" }, { "محمد", "mohammed" }, { "فاطمة", "fatima" },
	{ "प्रिया", "priya" }, { "Arjun", "arjun" }, { "Aroha", "aroha" },
	{ "Ngozi", "ngozi" }, { "Kwame", "kwame" }, { "Nguyễn Thị", "thi" },
	{ "Siobhán", "siobhan" }, { "Niamh", "niamh" }, { "Dóra", "dora" },
	{ "Tomáš", "tomas" }, { "Ana-Maria", "anamaria" },
};

static const struct bulk_name bulk_last_names[] = {
	{ "Smith", "smith" }, { "Johnson", "johnson" },
	{ "Williams", "williams" }, { "Brown", "brown" }, { "Jones", "jones" },
	{ "Garcia", "garcia" }, { "Miller", "miller" }, { "Davis", "davis" },
	{ "Martínez", "martinez" }, { "Hernández", "hernandez" },
	{ "López", "lopez" }, { "González", "gonzalez" },
	{ "Müller", "muller" }, { "Schröder", "schroder" },
	{ "Weiß", "weiss" }, { "Dubois", "dubois" }, { "Lefèvre", "lefevre" },
	{ "Girard", "girard" }, { "Rossi", "rossi" }, { "Bianchi", "bianchi" },
	{ "O'Brien", "obrien" }, { "Ó Súilleabháin", "osullivan" },
	{ "MacDonald", "macdonald" }, { "Kowalski", "kowalski" },
	{ "Wiśniewska", "wisniewska" }, { "Novák", "novak" },
	{ "Yılmaz", "yilmaz" }, { "Öztürk", "ozturk" },
	{ "Παπαδόπουλος", "papadopoulos" }, { "Иванов", "ivanov" },
	{ "Смирнова", "smirnova" }, { "Шевченко", "shevchenko" },
	{ "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "佐藤", "sato" },
	{ "鈴木", "suzuki" }, { "김", "kim" }, { "이", "lee" },
	{ "العلي", "alali" }, { "حداد", "haddad" }, { "शर्मा", "sharma" },
	{ "Patel", "patel" }, { "Nguyễn", "nguyen" }, { "Trần", "tran" },
	{ "Okafor", "okafor" }, { "Mensah", "mensah" }, { "Ngata", "ngata" },
	{ "Johansson", "johansson" }, { "Þórsdóttir", "thorsdottir" },
	{ "Andersen", "andersen" }, { "van der Berg", "vanderberg" },
	{ "Da Silva", "dasilva" }, { "Fernandes", "fernandes" },
	{ "Kovač", "kovac" }, { "Horváth", "horvath" },
	{ "Lindqvist", "lindqvist" }, { "Virtanen", "virtanen" },
	{ "Castillo", "castillo" }, { "Delacroix", "delacroix" },
};

static const char *const bulk_titles[] = {
	"Director", "Office Manager", "Head of IT", "Billing Lead",
	"Practice Manager", "Engineer", "Account Manager", "Nurse Lead",
	"Operations", "Chief Executive", NULL,
};

static const char *const bulk_org_first[] = {
	"Riverside", "Northwind", "Harbor", "Summit", "Lakeview", "Oakridge",
	"Meadow", "Granite", "Silverline", "Bluebird", "Crescent", "Pinecrest",
	"Evergreen", "Sunrise", "Maple", "Redwood", "Clearwater", "Highland",
	"Bayside", "Cedar", "Østerbro", "Vallée", "Münster", "São Bento",
	"Sakura", "Ηλιούπολη", "Заречье", "长江", "Al Noor", "Lumière",
};

static const char *const bulk_org_second[] = {
	"Health", "Dental", "Clinic", "Logistics", "Legal", "Pharmacy",
	"Veterinary", "Labs", "Imaging", "Therapy", "Care", "Medical",
	"Systems", "Networks", "Foods", "Partners",
};

static const char *const bulk_org_third[] = {
	"Group", "Associates", "Centre", "Co.", "Services", "Practice",
	"Institute", "Collective", "Ltd", "GmbH", "SA", "Network",
};

static const struct bulk_country bulk_countries[] = {
	{ "US", "1", { "Springfield", "Portland", "Austin", "Denver" } },
	{ "GB", "44", { "Leeds", "Bristol", "Glasgow", "Norwich" } },
	{ "FR", "33", { "Lyon", "Nantes", "Besançon", "Saint-Étienne" } },
	{ "DE", "49", { "Köln", "Düsseldorf", "Leipzig", "Bremen" } },
	{ "ES", "34", { "Sevilla", "Málaga", "Zaragoza", "A Coruña" } },
	{ "PL", "48", { "Łódź", "Kraków", "Gdańsk", "Poznań" } },
	{ "JP", "81", { "東京", "大阪", "札幌", "福岡" } },
	{ "GR", "30", { "Αθήνα", "Πάτρα", "Λάρισα", "Βόλος" } },
	{ "TR", "90", { "İzmir", "Eskişehir", "Bursa", "Konya" } },
	{ "BR", "55", { "São Paulo", "Curitiba", "Recife", "Belém" } },
	{ "IN", "91", { "Pune", "Chennai", "Jaipur", "Kochi" } },
	{ "NZ", "64", { "Auckland", "Rotorua", "Dunedin", "Napier" } },
};

static const char *const bulk_streets[] = {
	"Main Street", "Rue de la République", "Hauptstraße", "Calle Mayor",
	"ulica Długa", "Station Road", "Avenida Paulista", "Church Lane",
	"Kings Road", "Via Roma", "Harbour Parade", "Elm Avenue",
};

static const char *const bulk_roles[] = {
	"billing", "technical", "emergency", "stakeholder", "admin",
};

#endif
