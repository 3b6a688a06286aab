/* Every SQLSTATE the schema raises or declares has a status and a sentence. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/db.h"
#include "switchboard/util.h"

#define CODES_MAX	64

/* The codes found, each with where it was first seen. */
struct codes {
	char	 code[CODES_MAX][6];
	char	*where[CODES_MAX];
	int	 n;
	int	 errcodes;	/* ERRCODE = '...' literals, repeats too */
	int	 raises;	/* RAISE statements that raise an error */
	int	 constraints;	/* constraint declarations */
};

/* The server's own words, which a person's sentence never holds. */
static const char *const raw_words[] = {
	"violates", "sqlstate", "relation", "policy", "constraint", "error:",
	"sb.", "function", "pkey",
};

static void
codes_add(struct codes *c, const char *code, const char *file)
{
	int	i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->code[i], code) == 0)
			return;
	assert_true(c->n < CODES_MAX);
	snprintf(c->code[c->n], sizeof c->code[c->n], "%s", code);
	c->where[c->n] = xstrdup(file);
	c->n++;
}

static char *
read_text(const char *path)
{
	FILE	*fp = fopen(path, "r");
	char	*buf;
	long	 len;

	if (fp == NULL)
		fail_msg("cannot read %s", path);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	buf = xmalloc(len + 1);
	assert_int_equal(fread(buf, 1, len, fp), (size_t)len);
	buf[len] = '\0';
	fclose(fp);
	return buf;
}

/*
 * Blank what is not SQL code, keeping every offset: comments in both
 * copies, and the insides of string literals in bare too (dollar quotes
 * are kept: function bodies are code).
 */
static void
sql_blank(char *code, char *bare)
{
	size_t	i = 0;

	while (code[i] != '\0') {
		if (code[i] == '-' && code[i + 1] == '-') {
			for (; code[i] != '\0' && code[i] != '\n'; i++)
				code[i] = bare[i] = ' ';
		} else if (code[i] == '/' && code[i + 1] == '*') {
			for (; code[i] != '\0' && !(code[i] == '*' &&
			    code[i + 1] == '/'); i++)
				code[i] = bare[i] = ' ';
			if (code[i] != '\0')
				code[i] = bare[i] = code[i + 1] = bare[i + 1] =
				    ' ';
		} else if (code[i] == '\'') {
			for (i++; code[i] != '\0'; i++) {
				if (code[i] == '\'' && code[i + 1] == '\'') {
					bare[i] = bare[i + 1] = ' ';
					i++;
				} else if (code[i] == '\'')
					break;
				else
					bare[i] = ' ';
			}
			if (code[i] != '\0')
				i++;
		} else
			i++;
	}
}

static bool
is_word(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.';
}

/* Whether word (upper case) stands at s + at as a word of its own. */
static bool
word_at(const char *s, size_t at, const char *word)
{
	size_t	i, n = strlen(word);

	if (at > 0 && is_word(s[at - 1]))
		return false;
	for (i = 0; i < n; i++)
		if (toupper((unsigned char)s[at + i]) != word[i])
			return false;
	return !is_word(s[at + n]);
}

/* The next word of s after at (spaces skipped), upper-cased, into buf. */
static void
word_next(const char *s, size_t at, char *buf, size_t size)
{
	size_t	n = 0;

	while (is_word(s[at]))
		at++;
	while (isspace((unsigned char)s[at]))
		at++;
	while (is_word(s[at]) && n + 1 < size)
		buf[n++] = toupper((unsigned char)s[at++]);
	buf[n] = '\0';
}

/* The code after ERRCODE or SQLSTATE at s + at, as "= 'XXXXX'" gives it. */
static bool
code_after(const char *s, size_t at, char *code)
{
	while (is_word(s[at]))
		at++;
	while (isspace((unsigned char)s[at]) || s[at] == '=')
		at++;
	if (s[at] != '\'' || strspn(s + at + 1,
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 5 || s[at + 6] != '\'')
		return false;
	memcpy(code, s + at + 1, 5);
	code[5] = '\0';
	return true;
}

/* The word of s before at (spaces skipped), upper-cased, into buf. */
static void
word_prev(const char *s, size_t at, char *buf, size_t size)
{
	size_t	end, start, n = 0;

	while (at > 0 && isspace((unsigned char)s[at - 1]))
		at--;
	end = at;
	while (at > 0 && is_word(s[at - 1]))
		at--;
	for (start = at; start < end && n + 1 < size; start++)
		buf[n++] = toupper((unsigned char)s[start]);
	buf[n] = '\0';
}

/* Every ERRCODE = 'XXXXX' of code: none may name its code otherwise. */
static void
scan_errcodes(struct codes *c, const char *code, const char *bare,
    const char *file)
{
	char	found[6];
	size_t	i;

	for (i = 0; code[i] != '\0'; i++) {
		if (!word_at(bare, i, "ERRCODE"))
			continue;
		if (!code_after(code, i, found))
			fail_msg("%s: an ERRCODE that is not a literal code, "
			    "near \"%.40s\"", file, code + i);
		codes_add(c, found, file);
		c->errcodes++;
	}
}

/*
 * The RAISE at code + at that raises an error (not a notice, not a
 * re-raise): its code (P0001 without one) must come with its own words.
 */
static void
scan_raise(struct codes *c, const char *code, const char *bare, size_t at,
    const char *file)
{
	static const char *const levels[] = {
		"DEBUG", "LOG", "INFO", "NOTICE", "WARNING",
	};
	char	 level[16], found[6] = "P0001";
	size_t	 i, end = at + strcspn(bare + at, ";");
	bool	 words = false;

	word_next(code, at, level, sizeof level);
	for (i = 0; i < SB_ARRAY_LEN(levels); i++)
		if (strcmp(level, levels[i]) == 0)
			return;
	if (level[0] == '\0' && code[at + 5 + strspn(code + at + 5,
	    " \t\n")] == ';')
		return;			/* RAISE; passes the error on */
	c->raises++;
	for (i = at; i < end; i++) {
		if (word_at(bare, i, "ERRCODE") || word_at(bare, i, "SQLSTATE"))
			code_after(code, i, found);
		else if (word_at(bare, i, "MESSAGE"))
			words = true;
	}
	/* RAISE EXCEPTION 'format', ...: the format is its message. */
	i = at + 5 + strspn(code + at + 5, " \t\n");
	if (strcmp(level, "EXCEPTION") == 0)
		i += 9 + strspn(code + i + 9, " \t\n");
	if (code[i] == '\'')
		words = true;
	if (!words)
		fail_msg("%s: a RAISE without words for people, near "
		    "\"%.60s\"", file, code + at);
	codes_add(c, found, file);
}

/* The SQLSTATE a constraint declared at bare + at is violated with. */
static const char *
constraint_code(const char *bare, size_t at)
{
	char	prev[16], next[16];

	word_prev(bare, at, prev, sizeof prev);
	word_next(bare, at, next, sizeof next);
	if (word_at(bare, at, "CHECK")) {
		if (strcmp(next, "OPTION") == 0)
			return "44000";		/* a view's check option */
		/* A policy's WITH CHECK: "violates row-level security". */
		return strcmp(prev, "WITH") == 0 ? "42501" : "23514";
	}
	if (word_at(bare, at, "UNIQUE") || (word_at(bare, at, "PRIMARY") &&
	    strcmp(next, "KEY") == 0))
		return "23505";
	if (word_at(bare, at, "REFERENCES") || (word_at(bare, at, "FOREIGN") &&
	    strcmp(next, "KEY") == 0))
		return "23503";
	if (word_at(bare, at, "NOT") && strcmp(next, "NULL") == 0 &&
	    strcmp(prev, "IS") != 0)
		return "23502";
	if (word_at(bare, at, "EXCLUDE"))
		return "23P01";
	if (word_at(bare, at, "POLICY") && strcmp(prev, "CREATE") == 0)
		return "42501";
	return NULL;
}

static void
scan_file(struct codes *c, const char *path)
{
	char		*code = read_text(path), *bare = xstrdup(code);
	const char	*found, *file = strstr(path, "/sql/");
	size_t		 i;

	file = file != NULL ? file + 1 : path;
	sql_blank(code, bare);
	scan_errcodes(c, code, bare, file);
	for (i = 0; bare[i] != '\0'; i++) {
		if (word_at(bare, i, "RAISE"))
			scan_raise(c, code, bare, i, file);
		else if ((found = constraint_code(bare, i)) != NULL) {
			codes_add(c, found, file);
			c->constraints++;
		}
	}
	free(code);
	free(bare);
}

/* The clone's SQL: migrations and modules, found from the source tree. */
static struct codes *
scan_sources(void)
{
	static const char *const patterns[] = {
		"sql/*.sql", "sql/modules/*.sql",
	};
	struct codes	*c = xcalloc(1, sizeof *c);
	const char	*top = getenv("SB_TOP_SRCDIR");
	glob_t		 g;
	char		*pattern;
	size_t		 i, j, files = 0;

	if (top == NULL)
		fail_msg("SB_TOP_SRCDIR is not set: run by make check");
	for (i = 0; i < SB_ARRAY_LEN(patterns); i++) {
		pattern = xasprintf("%s/%s", top, patterns[i]);
		assert_int_equal(glob(pattern, 0, NULL, &g), 0);
		for (j = 0; j < g.gl_pathc; j++)
			scan_file(c, g.gl_pathv[j]);
		files += g.gl_pathc;
		globfree(&g);
		free(pattern);
	}
	assert_true(files >= 10);
	return c;
}

static void
codes_free(struct codes *c)
{
	int	i;

	for (i = 0; i < c->n; i++)
		free(c->where[i]);
	free(c);
}

static bool
codes_have(const struct codes *c, const char *code)
{
	int	i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->code[i], code) == 0)
			return true;
	return false;
}

/* A broken scan must not pass for want of codes to check. */
static void
test_scan_finds_codes(void **state)
{
	struct codes	*c = scan_sources();
	static const char *const must[] = {
		"42501", "SB001", "SB002", "SB003", "SB004", "SB005",
		"23514", "23505", "23503", "23502",
	};
	size_t		 i;

	(void)state;
	assert_true(c->errcodes >= 5);
	assert_true(c->raises >= c->errcodes / 2);
	assert_true(c->constraints >= 20);
	for (i = 0; i < SB_ARRAY_LEN(must); i++)
		if (!codes_have(c, must[i]))
			fail_msg("the scan of sql/ did not find %s", must[i]);
	codes_free(c);
}

/* Why code's mapping would leave a person without a rule or a remedy. */
static const char *
code_fault(const char *code)
{
	enum sb_status	 status = db_status_from_sqlstate(code);
	const char	*message, *hint, *other;
	bool		 own = db_sentence_for(code, &message, &hint);
	char		 class[6];
	size_t		 i;

	/* A RAISE without a code guards a fault: unexpected, with details. */
	if (strcmp(code, "P0001") == 0)
		return status != SB_INTERNAL || own || message == NULL ?
		    "is not the unexpected error" : NULL;
	if (status == SB_OK || status == SB_INTERNAL ||
	    status == SB_UNAVAILABLE)
		return "has no status of its own";
	if (!own)
		return "gets only the sentence for an unexpected error";
	/* A class's sentence ("42": a fault of ours) names no rule. */
	snprintf(class, sizeof class, "%.2sZZZ", code);
	db_sentence_for(class, &other, &hint);
	if (message == other)
		return "gets only the sentence of its class";
	db_sentence_for(code, &message, &hint);
	if (message == NULL || *message == '\0' || hint == NULL ||
	    *hint == '\0')
		return "has no sentence and hint";
	for (i = 0; i < SB_ARRAY_LEN(raw_words); i++)
		if (strcasestr(message, raw_words[i]) != NULL ||
		    strcasestr(hint, raw_words[i]) != NULL)
			return "has a sentence in the server's words";
	return NULL;
}

static void
test_every_code_has_a_sentence(void **state)
{
	struct codes	*c = scan_sources();
	const char	*why;
	char		*faults = xstrdup("");
	char		*more;
	int		 i;

	(void)state;
	print_message("%d ERRCODE literals, %d raises, %d constraints:",
	    c->errcodes, c->raises, c->constraints);
	for (i = 0; i < c->n; i++)
		print_message(" %s", c->code[i]);
	print_message("\n");
	for (i = 0; i < c->n; i++) {
		if ((why = code_fault(c->code[i])) == NULL)
			continue;
		more = xasprintf("%s\n  %s (%s) %s", faults, c->code[i],
		    c->where[i], why);
		free(faults);
		faults = more;
	}
	if (*faults != '\0')
		fail_msg("codes of sql/ without a proper mapping:%s", faults);
	free(faults);
	codes_free(c);
}

/* The scanner itself, on a text that holds each case once. */
static void
test_scan_cases(void **state)
{
	static const char text[] =
	    "CREATE TABLE t (a int NOT NULL CHECK (a > 0), b int UNIQUE,\n"
	    "    c int REFERENCES u, d text DEFAULT 'NOT NULL; CHECK');\n"
	    "-- RAISE EXCEPTION USING ERRCODE = 'ZZ999';\n"
	    "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\n"
	    "BEGIN\n"
	    "    IF x IS NOT NULL THEN RAISE NOTICE 'fine'; END IF;\n"
	    "    RAISE EXCEPTION USING ERRCODE = 'SB003',\n"
	    "\tMESSAGE = 'gone; look again', HINT = 'it''s so';\n"
	    "    RAISE;\n"
	    "END $$;\n";
	char		*code = xstrdup(text), *bare = xstrdup(text);
	struct codes	*c = xcalloc(1, sizeof *c);
	size_t		 i;
	const char	*found;

	(void)state;
	sql_blank(code, bare);
	scan_errcodes(c, code, bare, "t.sql");
	for (i = 0; bare[i] != '\0'; i++) {
		if (word_at(bare, i, "RAISE"))
			scan_raise(c, code, bare, i, "t.sql");
		else if ((found = constraint_code(bare, i)) != NULL)
			codes_add(c, found, "t.sql");
	}
	assert_int_equal(c->errcodes, 1);
	assert_int_equal(c->raises, 1);
	assert_int_equal(c->n, 5);
	assert_string_equal(c->code[0], "SB003");
	assert_true(codes_have(c, "23502") && codes_have(c, "23514") &&
	    codes_have(c, "23505") && codes_have(c, "23503"));
	assert_false(codes_have(c, "ZZ999"));
	free(code);
	free(bare);
	codes_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_cases),
		cmocka_unit_test(test_scan_finds_codes),
		cmocka_unit_test(test_every_code_has_a_sentence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
