/* Benchmark: switchboard query beside abook and khard on the same people. */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/util.h"
#include "bench.h"

/* Every contact with its emails and phones, as the export writes them. */
static const char bench_peers_sql[] =
    "SELECT c.id, coalesce(c.first_name, ''), coalesce(c.last_name, ''),"
    " coalesce((SELECT string_agg(e.address, ',' ORDER BY e.is_primary"
    "  DESC, e.address) FROM sb.emails e WHERE e.contact_id = c.id), ''),"
    " coalesce((SELECT string_agg(p.number, ',' ORDER BY cp.is_primary"
    "  DESC, p.number) FROM sb.contact_phones cp JOIN sb.phones p"
    "  ON p.id = cp.phone_id WHERE cp.contact_id = c.id"
    "  AND cp.deleted_at IS NULL), '')"
    " FROM sb.contacts c WHERE c.deleted_at IS NULL ORDER BY c.id";

/* vCard text: backslash, comma, semicolon and newline escaped. */
void
bench_peers_vtext(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == ',' || *s == ';')
			fputc('\\', f);
		if (*s == '\n' || *s == '\r')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

/* One contact as a vCard 3.0 file of the vdir. */
static void
bench_peers_vcard(const char *vdir, const PGresult *res, int i)
{
	char	*path, *list, *tok, *save;
	FILE	*f;
	int	 col;

	path = xasprintf("%s/%s.vcf", vdir, PQgetvalue(res, i, 0));
	if ((f = fopen(path, "w")) == NULL)
		bench_die(path, NULL);
	fprintf(f, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%s\r\nN:",
	    PQgetvalue(res, i, 0));
	bench_peers_vtext(f, PQgetvalue(res, i, 2));
	fputc(';', f);
	bench_peers_vtext(f, PQgetvalue(res, i, 1));
	fputs(";;;\r\nFN:", f);
	bench_peers_vtext(f, PQgetvalue(res, i, 1));
	fputc(' ', f);
	bench_peers_vtext(f, PQgetvalue(res, i, 2));
	fputs("\r\n", f);
	for (col = 3; col <= 4; col++) {
		list = xstrdup(PQgetvalue(res, i, col));
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			fputs(col == 3 ? "EMAIL;TYPE=INTERNET:" : "TEL:", f);
			bench_peers_vtext(f, tok);
			fputs("\r\n", f);
		}
		free(list);
	}
	fputs("END:VCARD\r\n", f);
	if (fclose(f) != 0)
		bench_die(path, NULL);
	free(path);
}

/* One contact as an abook entry; abook keeps one mobile number. */
static void
bench_peers_abook(FILE *f, const PGresult *res, int i)
{
	const char	*phones = PQgetvalue(res, i, 4);

	fprintf(f, "\n[%d]\nname=%s %s\n", i, PQgetvalue(res, i, 1),
	    PQgetvalue(res, i, 2));
	if (*PQgetvalue(res, i, 3) != '\0')
		fprintf(f, "email=%s\n", PQgetvalue(res, i, 3));
	if (*phones != '\0')
		fprintf(f, "mobile=%.*s\n", (int)strcspn(phones, ","), phones);
}

/* Write out/abook/addressbook, out/vdir/ and out/khard.conf. */
static void
bench_peers_export(struct db *db, const char *out)
{
	PGresult	*res;
	struct sb_error	 err;
	char		*path, *vdir;
	FILE		*f;
	int		 i;

	if (db_exec(db, bench_peers_sql, 0, NULL, &res, &err) != SB_OK)
		bench_die("export", &err);
	vdir = util_path_join(out, "vdir");
	path = util_path_join(out, "abook");
	if (util_mkdir_p(vdir, 0700) != 0 || util_mkdir_p(path, 0700) != 0)
		bench_die("mkdir", NULL);
	free(path);
	path = xasprintf("%s/abook/addressbook", out);
	if ((f = fopen(path, "w")) == NULL)
		bench_die(path, NULL);
	fputs("[format]\nprogram=abook\nversion=0.6.1\n", f);
	for (i = 0; i < PQntuples(res); i++) {
		bench_peers_abook(f, res, i);
		bench_peers_vcard(vdir, res, i);
	}
	if (fclose(f) != 0)
		bench_die(path, NULL);
	free(path);
	path = xasprintf("%s/khard.conf", out);
	if ((f = fopen(path, "w")) == NULL)
		bench_die(path, NULL);
	fprintf(f, "[addressbooks]\n[[bench]]\npath = %s\n\n[general]\n"
	    "default_action = list\n", vdir);
	fclose(f);
	free(path);
	free(vdir);
	PQclear(res);
}

/* Time one tool on one query, runs times; prints a "peer" line. */
static void
bench_peers_time(const char *tool, const char *what, char *const *argv,
    char *const *env, int runs)
{
	double	*t = xcalloc(runs, sizeof *t);
	int	 i, st, found = 0;

	for (i = 0; i < runs; i++) {
		t[i] = bench_spawn(argv, env, NULL, &st);
		found += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("peer\t%s\t%s\t%d/%d\t%.1f\t%.1f\n", tool, what, found, runs,
	    bench_pct(t, runs, 50), bench_pct(t, runs, 95));
	free(t);
}

/* A surname and a full email of the contact in the middle of the list. */
static void
bench_peers_queries(struct db *db, char **surname, char **email)
{
	PGresult	*res;
	struct sb_error	 err;

	if (db_exec(db, "SELECT c.last_name, e.address FROM sb.contacts c"
	    " JOIN sb.emails e ON e.contact_id = c.id ORDER BY c.id"
	    " OFFSET (SELECT count(*) / 2 FROM sb.contacts) LIMIT 1", 0, NULL,
	    &res, &err) != SB_OK || PQntuples(res) != 1)
		bench_die("queries", &err);
	*surname = xstrdup(PQgetvalue(res, 0, 0));
	*email = xstrdup(PQgetvalue(res, 0, 1));
	PQclear(res);
}

/* peers DIR OUT PROGRAM RUNS */
int
bench_peers(int argc, char **argv)
{
	struct cluster	*c;
	struct db	*db;
	char		*q[2], *conf, *book, **env;
	const char	*names[2] = { "surname", "full email" };
	int		 runs, i;

	if (argc != 5 || (runs = atoi(argv[4])) <= 0)
		return 2;
	c = bench_cluster_up(argv[1], CLUSTER_SUPERUSER, &db);
	bench_peers_export(db, argv[2]);
	bench_peers_queries(db, &q[0], &q[1]);
	conf = xasprintf("%s/khard.conf", argv[2]);
	book = xasprintf("%s/abook/addressbook", argv[2]);
	env = bench_env_create(argv[2], argv[1]);
	for (i = 0; i < 2; i++) {
		char *const	 sb[] = { argv[3], "query", q[i], NULL };
		char *const	 ab[] = { "abook", "--datafile", book,
		    "--mutt-query", q[i], NULL };
		char *const	 kh[] = { "khard", "-c", conf, "email",
		    "--parsable", q[i], NULL };

		printf("peerquery\t%s\t%s\n", names[i], q[i]);
		bench_peers_time("switchboard query", names[i], sb, env, runs);
		bench_peers_time("abook --mutt-query", names[i], ab, env,
		    runs);
		bench_peers_time("khard email --parsable", names[i], kh, env,
		    runs < 3 ? runs : 3);
	}
	free(q[0]);
	free(q[1]);
	free(conf);
	free(book);
	bench_env_free(env);
	db_free(db);
	cluster_free(c);
	return 0;
}
