/* Benchmark: a file of vCards imported, then again, beside abook. */
#include "config.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/util.h"
#include "bench.h"

#define BENCH_IMPORT_ORG	"Import benchmark"
/* Cards a file holds at most; a made-up person's number counts on. */
#define BENCH_IMPORT_CARDS_MAX	1000000
/* Cards of the directory's own people asked about by name. */
#define BENCH_IMPORT_KNOWN	10000

/* A file's cards: the directory's people, made-up people, or known. */
enum bench_cards {
	BENCH_CARDS_OWN,
	BENCH_CARDS_MADEUP,
	BENCH_CARDS_KNOWN
};

/* What a kind's emails and UIDs start with. */
static const char *const bench_import_emails[] = { "", "new.", "known." };
static const char *const bench_import_uids[] = { "", "new-", "known-" };

/*
 * Every contact's names and first address, with an email, a mobile
 * number and a UID that no contact has: each card is a new contact.
 * The email keeps the local part of the contact's own (unique by its
 * number); the number keeps its country code in a block of its own.
 */
static const char bench_import_sql[] =
    "SELECT md5('import ' || c.id)::uuid,"
    " coalesce(c.first_name, ''), coalesce(c.last_name, ''),"
    " coalesce((SELECT split_part(min(e.address), '@', 1) FROM sb.emails e"
    "  WHERE e.contact_id = c.id), 'contact.' || row_number() OVER ("
    "  ORDER BY c.id)) || '@import.example',"
    " coalesce((SELECT split_part(min(p.number), ' ', 1)"
    "  FROM sb.contact_phones cp JOIN sb.phones p ON p.id = cp.phone_id"
    "  WHERE cp.contact_id = c.id AND cp.deleted_at IS NULL), '+49'),"
    " a.street1, a.city, a.region, a.postal_code, a.country"
    " FROM sb.contacts c LEFT JOIN LATERAL (SELECT d.* FROM"
    "  sb.contact_addresses l JOIN sb.addresses d ON d.id = l.address_id"
    "  WHERE l.contact_id = c.id AND l.deleted_at IS NULL"
    "  AND d.deleted_at IS NULL ORDER BY d.id LIMIT 1)"
    "  a ON true"
    " WHERE c.deleted_at IS NULL ORDER BY c.id";

/* Field col of row i, vCard-escaped (empty when NULL). */
static void
bench_import_field(FILE *f, const PGresult *res, int i, int col)
{
	bench_peers_vtext(f, PQgetvalue(res, i, col));
}

/*
 * A made-up name of n syllables from x ("Dukema"): names no directory
 * of the generator's has, alike only by chance.
 */
static void
bench_import_madeup(char *out, uint64_t x, int n)
{
	static const char	cons[] = "bdfghjklmnprstvz", vow[] = "aeiou";
	int			k;

	for (k = 0; k < n; k++) {
		*out++ = cons[x % 16];
		x /= 16;
		*out++ = vow[x % 5];
		x /= 5;
	}
	*out = '\0';
}

/*
 * Card i: as a phone or a mail program writes it, vCard 3.0. Of kind
 * BENCH_CARDS_MADEUP, a person the directory does not have: a made-up
 * name; of BENCH_CARDS_KNOWN, the person's own name. Either has an
 * email, number and UID of a series of its own.
 */
static void
bench_import_card(FILE *f, const PGresult *res, int i,
    enum bench_cards kind)
{
	uint64_t	h = (uint64_t)i * 2654435761U + 12345;
	char		first[16], last[16];
	bool		madeup = kind == BENCH_CARDS_MADEUP;
	int		col, n = i + (int)kind * BENCH_IMPORT_CARDS_MAX;

	fputs("BEGIN:VCARD\r\nVERSION:3.0\r\nN:", f);
	if (madeup) {
		bench_import_madeup(first, h % 1000003, 2);
		bench_import_madeup(last, h / 1000003, 3);
		first[0] = (char)(first[0] - 'a' + 'A');
		last[0] = (char)(last[0] - 'a' + 'A');
		fprintf(f, "%s;%s;;;\r\nFN:%s %s", last, first, first, last);
	} else {
		bench_import_field(f, res, i, 2);
		fputc(';', f);
		bench_import_field(f, res, i, 1);
		fputs(";;;\r\nFN:", f);
		bench_import_field(f, res, i, 1);
		fputc(' ', f);
		bench_import_field(f, res, i, 2);
	}
	fprintf(f, "\r\nEMAIL;TYPE=work:%s", bench_import_emails[kind]);
	bench_import_field(f, res, i, 3);
	fprintf(f, "\r\nTEL;TYPE=cell:%s 5%02d %03d %03d\r\n",
	    PQgetvalue(res, i, 4), n / 1000000 % 100, n / 1000 % 1000,
	    n % 1000);
	if (!PQgetisnull(res, i, 5)) {
		fputs("ADR;TYPE=home:;;", f);
		for (col = 5; col <= 9; col++) {
			bench_import_field(f, res, i, col);
			fputs(col < 9 ? ";" : "\r\n", f);
		}
	}
	fprintf(f, "UID:%s%s\r\nEND:VCARD\r\n", bench_import_uids[kind],
	    PQgetvalue(res, i, 0));
}

/*
 * Write every card into paths[0], a card of a made-up person for each
 * into paths[1], and the first BENCH_IMPORT_KNOWN people's names with
 * new items into paths[2]; the number of cards in the first.
 */
static int
bench_import_write(struct db *db, const char *const paths[3])
{
	const int	 most[3] = { BENCH_IMPORT_CARDS_MAX,
	    BENCH_IMPORT_CARDS_MAX, BENCH_IMPORT_KNOWN };
	PGresult	*res;
	struct sb_error	 err;
	FILE		*f;
	int		 i, k, n;

	if (db_exec(db, bench_import_sql, 0, NULL, &res, &err) != SB_OK)
		bench_die("cards", &err);
	for (k = 0; k < 3; k++) {
		if ((f = fopen(paths[k], "w")) == NULL)
			bench_die(paths[k], NULL);
		for (i = 0; i < PQntuples(res) && i < most[k]; i++)
			bench_import_card(f, res, i, (enum bench_cards)k);
		if (fclose(f) != 0)
			bench_die(paths[k], NULL);
	}
	n = PQntuples(res);
	PQclear(res);
	return n;
}

/* The first line of the file at path that starts with prefix, or "". */
static char *
bench_import_line(const char *path, const char *prefix)
{
	char	 line[1024];
	FILE	*f;

	if ((f = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			if (strncmp(line, prefix, strlen(prefix)) != 0)
				continue;
			line[strcspn(line, "\r\n")] = '\0';
			fclose(f);
			return xstrdup(line);
		}
		fclose(f);
	}
	return xstrdup("");
}

/*
 * Run argv once, its output into log; prints an "import" line with the
 * first line of the log that starts with summary.
 */
static void
bench_import_time(const char *tool, const char *what, char *const *argv,
    char *const *env, const char *log, const char *summary)
{
	char	*line;
	double	 ms;
	int	 st;

	ms = bench_spawn(argv, env, log, &st);
	line = bench_import_line(log, summary);
	/* Without its summary, the first line says why. */
	if (*line == '\0') {
		free(line);
		line = bench_import_line(log, "");
	}
	printf("import\t%s\t%s\t%.1f\t%d\t%s\n", tool, what, ms / 1e3,
	    WIFEXITED(st) ? WEXITSTATUS(st) : -1, line);
	fflush(stdout);
	free(line);
}

/* The load average now, for the "importload" lines. */
static void
bench_import_load(const char *when)
{
	char	 buf[64] = "";
	FILE	*f;

	if ((f = fopen("/proc/loadavg", "r")) != NULL) {
		if (fgets(buf, sizeof buf, f) == NULL)
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, " ")] = '\0';
	printf("importload\t%s\t%s\n", when, buf);
}

/* import DIR OUT PROGRAM: DIR is written into; give it a copy. */
int
bench_import(int argc, char **argv)
{
	struct cluster	*c;
	struct db	*db;
	struct stat	 sb;
	char		*file, *people, *known, *book, **env, *log[6];
	int		 i, n;

	if (argc != 4 || util_mkdir_p(argv[2], 0700) != 0)
		return 2;
	c = bench_cluster_up(argv[1], CLUSTER_SUPERUSER, &db);
	file = xasprintf("%s/cards.vcf", argv[2]);
	people = xasprintf("%s/people.vcf", argv[2]);
	known = xasprintf("%s/known.vcf", argv[2]);
	book = xasprintf("%s/addressbook", argv[2]);
	env = bench_env_create(argv[2], argv[1]);
	for (i = 0; i < 6; i++)
		log[i] = xasprintf("%s/%d.log", argv[2], i);
	{
		const char *const	 paths[3] = { file, people, known };

		n = bench_import_write(db, paths);
	}
	if (stat(file, &sb) != 0)
		bench_die(file, NULL);
	printf("importfile\t%d\t%.1f\n", n, sb.st_size / 1048576.0);
	{
		char *const	 add[] = { argv[3], "org", "add",
		    BENCH_IMPORT_ORG, NULL };
		/*
		 * The generated names are close to one another's, and an
		 * import asks about such a record by default: create them.
		 */
		char *const	 sb_import[] = { argv[3], "import", file,
		    "--org", BENCH_IMPORT_ORG, "--format", "vcard",
		    "--close-names", "create", "--yes", NULL };
		char *const	 ab[] = { "abook", "--convert", "--informat",
		    "vcard", "--infile", file, "--outformat", "abook",
		    "--outfile", book, NULL };
		/* People the directory does not have, as asked by default. */
		char *const	 sb_people[] = { argv[3], "import", people,
		    "--org", BENCH_IMPORT_ORG, "--format", "vcard", "--yes",
		    NULL };
		/*
		 * People the directory has by name (thousands each), with
		 * new emails and numbers: every one is asked about.
		 */
		char *const	 sb_known[] = { argv[3], "import", known,
		    "--org", BENCH_IMPORT_ORG, "--format", "vcard", "--yes",
		    NULL };

		bench_import_time("switchboard org add", "-", add, env, log[0],
		    "");
		bench_import_load("before");
		/* First, into the 100k database as it was loaded. */
		bench_import_time("switchboard import", "made-up people, "
		    "asking", sb_people, env, log[4], "imported ");
		bench_import_time("switchboard import", "new", sb_import, env,
		    log[1], "imported ");
		bench_import_time("switchboard import", "again", sb_import,
		    env, log[2], "imported ");
		bench_import_time("abook --convert", "new", ab, env, log[3],
		    "");
		bench_import_time("switchboard import", "10,000 known names, "
		    "asking", sb_known, env, log[5], "imported ");
		bench_import_load("after");
	}
	for (i = 0; i < 6; i++)
		free(log[i]);
	free(file);
	free(people);
	free(known);
	free(book);
	bench_env_free(env);
	db_free(db);
	cluster_free(c);
	return 0;
}
