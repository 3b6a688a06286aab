/* Unit tests for the emergency list's model, export table and file write. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "switchboard/emergency-list.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "testcsv.h"
#include "testtext.h"

/* org id digit, org, name, mobile, email, primary, dnc, types */
static const struct {
	char		 org;
	const char	*org_name, *name, *mobile, *email;
	bool		 primary, dnc;
	const char	*types;
} rows_in[] = {
	{ '1', "Müller GmbH", "Anna Schmidt", "+49 30 1234", "anna@m.example",
	  true, false, "mobile, office" },
	{ '1', "Müller GmbH", "Bob Jones", "", "bob@m.example",
	  false, true, "" },
	{ '2', "Riverside Health", "Helen Park", "(217) 555-0230",
	  "helen@r.example", true, false, "mobile" },
	{ '2', "Riverside Health", "=cmd|' /C calc'!A0", "+1 217 555 0241",
	  "x@r.example", false, false, "fax, office" },
	{ '3', "Northwind", "Kenji Watanabe", "+1 312 555 0143",
	  "kenji.watanabe.partner.support.lead@northwind-logistics.example",
	  true, false, "mobile" },
};

static void
fill_rows(struct store_rows *rows)
{
	struct store_emergency	*e;
	size_t			 i, n = SB_ARRAY_LEN(rows_in);

	memset(rows, 0, sizeof *rows);
	rows->type = STORE_ROWS_EMERGENCY;
	e = rows->rows = xcalloc(n, sizeof *e);
	for (i = 0; i < n; i++) {
		memset(e[i].org_id, rows_in[i].org, STORE_UUID_LEN);
		memset(e[i].contact_id, 'a' + (int)i, STORE_UUID_LEN);
		e[i].org_name = xstrdup(rows_in[i].org_name);
		e[i].name = xstrdup(rows_in[i].name);
		e[i].mobile = xstrdup(rows_in[i].mobile);
		e[i].email = xstrdup(rows_in[i].email);
		e[i].primary = rows_in[i].primary;
		e[i].do_not_contact = rows_in[i].dnc;
		e[i].phone_types = xstrdup(rows_in[i].types);
		e[i].updated_at = xstrdup("2025-03-04 05:06");
	}
	rows->count = n;
}

static void
list_load(struct emergency_list *el)
{
	struct store_rows	rows;

	emergency_list_init(el);
	fill_rows(&rows);
	emergency_list_take(el, &rows);
	assert_null(rows.rows);
}

static void
test_match(void **state)
{
	struct store_rows	 rows;
	struct store_emergency	*e;

	(void)state;
	fill_rows(&rows);
	e = rows.rows;
	assert_true(emergency_row_match(&e[0], "", ""));
	assert_true(emergency_row_match(&e[0], "muller", ""));
	assert_true(emergency_row_match(&e[0], "MÜLL", "mob"));
	assert_true(emergency_row_match(&e[0], "", "off"));
	assert_false(emergency_row_match(&e[0], "river", ""));
	assert_false(emergency_row_match(&e[0], "", "fax"));
	/* A type matches from its start, not inside it. */
	assert_false(emergency_row_match(&e[0], "", "bile"));
	assert_false(emergency_row_match(&e[1], "", "m"));
	assert_true(emergency_row_match(&e[1], "gmbh", ""));
	assert_true(emergency_row_match(&e[3], "", "OFFICE"));
	store_rows_free(&rows);
}

static void
test_grouping(void **state)
{
	struct emergency_list	el;

	(void)state;
	list_load(&el);
	assert_int_equal(el.nlines, 8);
	assert_int_equal(el.norgs, 3);
	assert_int_equal(el.ncontacts, 5);
	assert_true(el.lines[0].heading);
	assert_string_equal(emergency_list_row(&el, 0)->org_name,
	    "Müller GmbH");
	assert_false(el.lines[1].heading);
	assert_string_equal(emergency_list_row(&el, 1)->name, "Anna Schmidt");
	assert_string_equal(emergency_list_row(&el, 2)->name, "Bob Jones");
	assert_true(el.lines[3].heading);
	assert_true(el.lines[6].heading);
	assert_null(emergency_list_row(&el, 8));

	/* The do-not-contact contact stays under every name filter. */
	snprintf(el.org_filter, sizeof el.org_filter, "mull");
	emergency_list_refilter(&el);
	assert_int_equal(el.nlines, 3);
	assert_true(emergency_list_row(&el, 2)->do_not_contact);

	snprintf(el.org_filter, sizeof el.org_filter, "%s", "");
	snprintf(el.type_filter, sizeof el.type_filter, "mobile");
	emergency_list_refilter(&el);
	assert_int_equal(el.ncontacts, 3);
	assert_int_equal(el.norgs, 3);
	assert_string_equal(emergency_list_row(&el, 3)->name, "Helen Park");

	snprintf(el.type_filter, sizeof el.type_filter, "nothing");
	emergency_list_refilter(&el);
	assert_int_equal(el.nlines, 0);
	emergency_list_clear(&el);
	assert_null(el.lines);
}

static void
test_find_org(void **state)
{
	struct emergency_list	el;

	(void)state;
	list_load(&el);
	assert_int_equal(emergency_list_find_org(&el, "river", 0), 3);
	assert_int_equal(emergency_list_find_org(&el, "N", 0), 6);
	/* A prefix wins over a match inside a name: "R" is Riverside. */
	assert_int_equal(emergency_list_find_org(&el, "r", 0), 3);
	/* Otherwise inside the name, accents folded. */
	assert_int_equal(emergency_list_find_org(&el, "ULLER", 0), 0);
	/* From a later line it wraps around. */
	assert_int_equal(emergency_list_find_org(&el, "m", 4), 0);
	assert_int_equal(emergency_list_find_org(&el, "zzz", 0), -1);
	assert_int_equal(emergency_list_find_org(&el, "", 0), -1);
	emergency_list_clear(&el);
}

/* A directory of its own for each file test; removed after. */
static char *
temp_dir(void)
{
	char	*d = xstrdup("/tmp/sb-emergency-XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "rb");
	char	*buf = xcalloc(1, 65536);
	size_t	 n;

	assert_non_null(f);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Entries in dir other than . and .. */
static int
count_entries(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_file_write(void **state)
{
	struct sb_error	 err;
	struct stat	 st;
	char		*dir = temp_dir(), *path, *text, *missing, *narrow;
	mode_t		 mask;

	(void)state;
	umask(022);
	path = util_path_join(dir, "out.txt");
	assert_int_equal(emergency_file_write(path, "one\n", 4, false, &err),
	    SB_OK);
	/* For its owner only, whatever the umask allows; narrower if asked. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	narrow = util_path_join(dir, "narrow.txt");
	mask = umask(0277);
	assert_int_equal(emergency_file_write(narrow, "one\n", 4, false,
	    &err), SB_OK);
	umask(mask);
	assert_int_equal(stat(narrow, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0400);
	unlink(narrow);
	free(narrow);
	/* An existing file is kept without overwrite. */
	assert_int_equal(emergency_file_write(path, "two\n", 4, false, &err),
	    SB_CONFLICT);
	assert_non_null(strstr(err.message, "already exists"));
	text = slurp(path);
	assert_string_equal(text, "one\n");
	free(text);
	assert_int_equal(emergency_file_write(path, "three\n", 6, true, &err),
	    SB_OK);
	text = slurp(path);
	assert_string_equal(text, "three\n");
	free(text);
	/* No temporary file is left behind. */
	assert_int_equal(count_entries(dir), 1);

	missing = util_path_join(dir, "no/such/out.csv");
	assert_int_equal(emergency_file_write(missing, "x", 1, false, &err),
	    SB_IO);
	assert_non_null(strstr(err.message, "No such directory"));
	assert_int_equal(emergency_file_write(dir, "x", 1, true, &err),
	    SB_INVALID);
	if (geteuid() != 0) {
		assert_int_equal(chmod(dir, 0555), 0);
		free(path);
		path = util_path_join(dir, "denied.txt");
		assert_int_equal(emergency_file_write(path, "x", 1, false,
		    &err), SB_IO);
		assert_non_null(strstr(err.message, "Permission denied"));
		assert_int_equal(chmod(dir, 0755), 0);
	}
	assert_int_equal(count_entries(dir), 1);
	free(missing);
	free(path);
	util_rmtree(dir);
	free(dir);
}

/* Longest line of text in display cells. */
static int
widest_line(const char *text)
{
	char	*copy = xstrdup(text), *line, *save = NULL;
	int	 w, widest = 0;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		w = term_safe_width(line, TERM_SAFE_UTF8);
		if (w > widest)
			widest = w;
	}
	free(copy);
	return widest;
}

static void
test_export(void **state)
{
	struct emergency_list	 el;
	struct sb_error		 err;
	enum out_format		 f;
	char			*dir = temp_dir(), *csv, *txt, *text;
	char			*column, *joined;
	const char		*line;

	(void)state;
	list_load(&el);
	snprintf(el.org_filter, sizeof el.org_filter, "a");
	emergency_list_refilter(&el);
	csv = util_path_join(dir, "list.CSV");
	txt = util_path_join(dir, "list.txt");
	assert_int_equal(emergency_export(&el, csv, false, &f, &err), SB_OK);
	assert_int_equal(f, OUT_CSV);
	text = slurp(csv);
	assert_string_equal(text,
	    "organization,name,primary,mobile,email,do_not_contact,"
	    "phone_types,updated_at\r\n"
	    "Riverside Health,Helen Park,true,(217) 555-0230,helen@r.example,"
	    "false,mobile,2025-03-04 05:06\r\n"
	    "Riverside Health,'=cmd|' /C calc'!A0,false,'+1 217 555 0241,"
	    "x@r.example,false,\"fax, office\",2025-03-04 05:06\r\n");
	free(text);
	emergency_list_clear(&el);
	list_load(&el);
	assert_int_equal(emergency_export(&el, txt, false, &f, &err), SB_OK);
	assert_int_equal(f, OUT_TEXT);
	text = slurp(txt);
	assert_true(widest_line(text) <= EMERGENCY_SHEET_WIDTH);
	assert_non_null(strstr(text, "DNC = DO NOT CONTACT"));
	line = strstr(text, "Bob Jones");
	assert_non_null(line);
	assert_true(line - text > 4);
	assert_memory_equal(line - 5, "DNC", 3);
	/* The long email wraps inside its column, whole. */
	assert_non_null(strstr(text, "Kenji Watanabe"));
	line = strstr(text, "\nNorthwind\n");
	assert_non_null(line);
	column = testtext_column(line + strlen("\nNorthwind\n"), 3);
	assert_true(strchr(column, '\n')[1] != '\0');	/* two lines or more */
	joined = testtext_without(column, "\n");
	assert_string_equal(joined,
	    "kenji.watanabe.partner.support.lead@northwind-logistics.example");
	free(joined);
	free(column);
	assert_null(strstr(text, "\xe2\x80\xa6"));
	assert_non_null(strstr(text, "\nMüller GmbH\n"));
	assert_non_null(strstr(text, "2025-03-04\n"));
	free(text);
	emergency_list_clear(&el);
	util_rmtree(dir);
	free(dir);
	free(csv);
	free(txt);
}

#define MANY	50

/* One organization with a long name and MANY contacts with long values. */
static void
many_load(struct emergency_list *el)
{
	struct store_rows	 rows;
	struct store_emergency	*e;
	size_t			 i;

	memset(&rows, 0, sizeof rows);
	rows.type = STORE_ROWS_EMERGENCY;
	e = rows.rows = xcalloc(MANY, sizeof *e);
	for (i = 0; i < MANY; i++) {
		memset(e[i].org_id, '1', STORE_UUID_LEN);
		memset(e[i].contact_id, 'a', STORE_UUID_LEN);
		e[i].contact_id[0] = (char)('A' + i % 26);
		e[i].contact_id[1] = (char)('A' + i / 26);
		e[i].org_name = xstrdup("Regional Emergency Coordination "
		    "Center for the Northern Counties and All Their Associated "
		    "Clinics, Labs and Pharmacies");
		e[i].name = xasprintf("Maximiliane Alexandra %02zu "
		    "Papadopoulou-Vandenberghe", i);
		e[i].mobile = xasprintf("+1 217 555 %04zu ext. 12345", i);
		/* 45 to 94 characters, no spaces: hard breaks. */
		e[i].email = xasprintf("on.call.%02zu.%.*s@emergency-"
		    "coordination.example.org", i, (int)i,
		    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
		e[i].primary = i == 0;
		e[i].do_not_contact = i % 7 == 3;
		e[i].phone_types = xstrdup("mobile");
		e[i].updated_at = xstrdup("2025-03-04 05:06");
	}
	rows.count = MANY;
	emergency_list_init(el);
	emergency_list_take(el, &rows);
}

/* The printed sheet keeps every value whole and stays on the page. */
static void
test_sheet_keeps_every_value(void **state)
{
	struct emergency_list	 el;
	struct sb_error		 err;
	char			*dir = temp_dir(), *path, *text, *col, *got;
	char			*want = xstrdup(""), *next;
	const char		*table;
	size_t			 i;

	(void)state;
	many_load(&el);
	path = util_path_join(dir, "sheet.txt");
	assert_int_equal(emergency_export(&el, path, false, NULL, &err),
	    SB_OK);
	text = slurp(path);
	assert_true(testtext_widest(text) <= EMERGENCY_SHEET_WIDTH);
	assert_null(strstr(text, "\xe2\x80\xa6"));
	assert_null(strstr(text, "..."));
	/* The heading wraps at a space, its words all there. */
	assert_non_null(strstr(text, "\nRegional Emergency Coordination "
	    "Center for the Northern Counties and All Their\n"
	    "Associated Clinics, Labs and Pharmacies\n"));
	table = strstr(text, "Pharmacies\n") + strlen("Pharmacies\n");
	/* Every email, in order, character for character. */
	for (i = 0; i < MANY; i++) {
		next = xasprintf("%s%s", want, emergency_list_row(&el,
		    i + 1)->email);
		free(want);
		want = next;
	}
	col = testtext_column(table, 3);
	got = testtext_without(col, "\n");
	assert_string_equal(got, want);
	assert_true(strlen(want) > 2500);
	free(got);
	free(col);
	free(want);
	/* Every name, spaces at the breaks aside. */
	want = xstrdup("");
	for (i = 0; i < MANY; i++) {
		next = xasprintf("%s%s", want, emergency_list_row(&el,
		    i + 1)->name);
		free(want);
		want = next;
	}
	next = testtext_without(want, " ");
	free(want);
	want = next;
	col = testtext_column(table, 1);
	got = testtext_without(col, "\n ");
	assert_string_equal(got, want);
	free(got);
	free(col);
	free(want);
	/* And every mobile, whole. */
	col = testtext_column(table, 2);
	got = testtext_without(col, "\n ");
	for (i = 0; i < MANY; i++) {
		want = testtext_without(emergency_list_row(&el, i + 1)->mobile,
		    " ");
		assert_non_null(strstr(got, want));
		free(want);
	}
	free(got);
	free(col);
	free(text);
	unlink(path);
	free(path);
	emergency_list_clear(&el);
	util_rmtree(dir);
	free(dir);
}

/* The CSV export holds every value whole too. */
static void
test_csv_keeps_every_value(void **state)
{
	struct emergency_list	 el;
	struct sb_error		 err;
	char			*dir = temp_dir(), *path, *text, **f;
	long			 n, i;

	(void)state;
	many_load(&el);
	path = util_path_join(dir, "list.csv");
	assert_int_equal(emergency_export(&el, path, false, NULL, &err),
	    SB_OK);
	text = slurp(path);
	n = testcsv_read(text, 8, &f);
	assert_int_equal(n, MANY + 1);
	for (i = 1; i < n; i++) {
		assert_string_equal(f[i * 8], emergency_list_row(&el,
		    1)->org_name);
		assert_string_equal(f[i * 8 + 1], emergency_list_row(&el,
		    (size_t)i)->name);
		assert_string_equal(f[i * 8 + 4], emergency_list_row(&el,
		    (size_t)i)->email);
	}
	testcsv_free(f, n, 8);
	free(text);
	free(path);
	emergency_list_clear(&el);
	util_rmtree(dir);
	free(dir);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_find_org),
		cmocka_unit_test(test_file_write),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_sheet_keeps_every_value),
		cmocka_unit_test(test_csv_keeps_every_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
