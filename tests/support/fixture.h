/* Test support: the demo cluster a screen test program shares, set once. */
#ifndef SWITCHBOARD_FIXTURE_H
#define SWITCHBOARD_FIXTURE_H

#include <stdbool.h>

#include "testdemo.h"

struct screen;

/*
 * The demo cluster of the test program and the id of Riverside Health:
 * set by fixture_setup, released by fixture_teardown, the group set-up
 * and tear-down of cmocka_run_group_tests. The tests read them directly.
 */
extern struct testdemo	 demo;
extern char		*riverside;

/* The screen fixture_assert_sql dumps when a check fails (may be NULL). */
extern struct screen	*shown;

int		 fixture_setup(void **state);
int		 fixture_teardown(void **state);

/* As those, with a scratch directory of the program's, fixture_dir. */
extern char		*fixture_dir;
int		 fixture_setup_dir(void **state);
int		 fixture_teardown_dir(void **state);

/* Riverside Health's contacts as the provider admin at 130x36. */
struct screen	*fixture_start_riverside(void);

/*
 * Riverside Health as the provider admin at 130x40, focus on its contacts
 * if contacts, else on the organizations; the screen becomes shown.
 */
struct screen	*fixture_open_riverside(bool contacts);

/*
 * Riverside Health's contacts as role at 130x36, the contact called name
 * selected (NULL: the first).
 */
struct screen	*fixture_start_at(const char *role, const char *name);

/*
 * Press e on the selected contact of Riverside Health and wait for its
 * form: its id, and its name in *name. Caller frees both.
 */
char		*fixture_open_form(struct screen *s, char **name);

/* A contact's column (an SQL expression) as text. Caller frees. */
char		*fixture_contact_column(const char *id, const char *column);

/* testdemo_value and testdemo_assert_sql on the demo, shown dumped. */
char		*fixture_value(const char *sql, const char *a, const char *b);
void		 fixture_assert_sql(const char *want, const char *sql,
		     const char *a, const char *b);

#endif
