/* The key table: defaults, lookup by context, rebinding from YAML, help. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/keymap.h"
#include "switchboard/util.h"
#include "switchboard/ytree.h"

struct keymap {
	int	keys[KEYMAP_ACTION_COUNT][KEYMAP_KEYS_MAX];
	size_t	nkeys[KEYMAP_ACTION_COUNT];
};

struct keymap_entry {
	const char	*name;
	unsigned int	 contexts;
	const char	*keys;
	const char	*help;
};

static const struct keymap_entry keymap_table[] = {
#define KEYMAP_ACTION_ENTRY(id, name, ctx, keys, help) \
	{ name, ctx, keys, help },
	KEYMAP_ACTION_LIST(KEYMAP_ACTION_ENTRY)
#undef KEYMAP_ACTION_ENTRY
};

/* Names of the special keys; the first spelling of a code is canonical. */
static const struct {
	const char	*name;
	int		 key;
} keymap_names[] = {
	{ "Enter",	KEYMAP_KEY_RETURN },
	{ "Return",	KEYMAP_KEY_RETURN },
	{ "Esc",	KEYMAP_KEY_ESC },
	{ "Escape",	KEYMAP_KEY_ESC },
	{ "Tab",	'\t' },
	{ "S-Tab",	KEYMAP_KEY_BTAB },
	{ "BackTab",	KEYMAP_KEY_BTAB },
	{ "Backspace",	KEYMAP_KEY_BACKSPACE },
	{ "BSpace",	KEYMAP_KEY_BACKSPACE },
	{ "Space",	' ' },
	{ "Up",		KEYMAP_KEY_UP },
	{ "Down",	KEYMAP_KEY_DOWN },
	{ "Left",	KEYMAP_KEY_LEFT },
	{ "Right",	KEYMAP_KEY_RIGHT },
	{ "PgUp",	KEYMAP_KEY_PPAGE },
	{ "PageUp",	KEYMAP_KEY_PPAGE },
	{ "PgDn",	KEYMAP_KEY_NPAGE },
	{ "PageDown",	KEYMAP_KEY_NPAGE },
	{ "Home",	KEYMAP_KEY_HOME },
	{ "End",	KEYMAP_KEY_END },
	{ "Delete",	KEYMAP_KEY_DC },
	{ "Insert",	KEYMAP_KEY_IC },
};

static int
keymap_valid_action(enum keymap_action action)
{
	return action >= 0 && action < KEYMAP_ACTION_COUNT;
}

const char *
keymap_action_name(enum keymap_action action)
{
	return keymap_valid_action(action) ? keymap_table[action].name : "";
}

const char *
keymap_action_help(enum keymap_action action)
{
	return keymap_valid_action(action) ? keymap_table[action].help : "";
}

unsigned int
keymap_action_contexts(enum keymap_action action)
{
	return keymap_valid_action(action) ? keymap_table[action].contexts : 0;
}

enum keymap_action
keymap_action_find(const char *name)
{
	int	i;

	for (i = 0; i < KEYMAP_ACTION_COUNT; i++) {
		if (strcmp(keymap_table[i].name, name) == 0)
			return (enum keymap_action)i;
	}
	return KEYMAP_NONE;
}

int
keymap_key_normalize(int key)
{
	switch (key) {
	case '\n':
	case KEYMAP_KEY_ENTER:
		return KEYMAP_KEY_RETURN;
	case 127:
	case KEYMAP_KEY_CTRL('h'):
		return KEYMAP_KEY_BACKSPACE;
	default:
		return key;
	}
}

int
keymap_key_parse(const char *name, int *key)
{
	size_t		i;
	char		*end;
	long		 n;

	for (i = 0; i < SB_ARRAY_LEN(keymap_names); i++) {
		if (strcasecmp(keymap_names[i].name, name) == 0) {
			*key = keymap_names[i].key;
			return 0;
		}
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' &&
	    isalpha((unsigned char)name[2]) && name[3] == '\0') {
		*key = keymap_key_normalize(KEYMAP_KEY_CTRL(name[2]));
		return 0;
	}
	if ((name[0] == 'F' || name[0] == 'f') &&
	    isdigit((unsigned char)name[1])) {
		n = strtol(name + 1, &end, 10);
		if (*end != '\0' || n < 1 || n > 12)
			return -1;
		*key = KEYMAP_KEY_F(n);
		return 0;
	}
	/* One printable ASCII character stands for itself. */
	if (name[0] > ' ' && name[0] < 127 && name[1] == '\0') {
		*key = name[0];
		return 0;
	}
	return -1;
}

const char *
keymap_key_name(int key, char *buf, size_t size)
{
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(keymap_names); i++) {
		if (keymap_names[i].key == key) {
			snprintf(buf, size, "%s", keymap_names[i].name);
			return buf;
		}
	}
	if (key >= KEYMAP_KEY_F(1) && key <= KEYMAP_KEY_F(12))
		snprintf(buf, size, "F%d", key - KEYMAP_KEY_F0);
	else if (key > 0 && key < ' ')
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	else if (key > ' ' && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "#%d", key);
	return buf;
}

enum sb_status
keymap_bind(struct keymap *km, enum keymap_action action, const int *keys,
    size_t n, struct sb_error *err)
{
	size_t	i;

	if (!keymap_valid_action(action))
		return sb_error_set(err, SB_INVALID, "no such action");
	if (n > KEYMAP_KEYS_MAX)
		return sb_error_set(err, SB_INVALID,
		    "too many keys for %s (at most %d)",
		    keymap_table[action].name, KEYMAP_KEYS_MAX);
	for (i = 0; i < n; i++)
		km->keys[action][i] = keymap_key_normalize(keys[i]);
	km->nkeys[action] = n;
	return SB_OK;
}

/* Parse one action's default key string from the table. */
static void
keymap_bind_default(struct keymap *km, enum keymap_action action)
{
	char	*copy, *word, *last;
	int	 key;

	copy = xstrdup(keymap_table[action].keys);
	km->nkeys[action] = 0;
	for (word = strtok_r(copy, " ", &last); word != NULL;
	    word = strtok_r(NULL, " ", &last)) {
		if (keymap_key_parse(word, &key) != 0 ||
		    km->nkeys[action] == KEYMAP_KEYS_MAX)
			fatal("bad default key %s for %s", word,
			    keymap_table[action].name);
		km->keys[action][km->nkeys[action]++] = key;
	}
	free(copy);
}

struct keymap *
keymap_create(void)
{
	struct keymap	*km;
	int		 i;

	km = xcalloc(1, sizeof *km);
	for (i = 0; i < KEYMAP_ACTION_COUNT; i++)
		keymap_bind_default(km, (enum keymap_action)i);
	return km;
}

void
keymap_free(struct keymap *km)
{
	free(km);
}

size_t
keymap_keys(const struct keymap *km, enum keymap_action action, int *out)
{
	size_t	i;

	if (!keymap_valid_action(action))
		return 0;
	for (i = 0; i < km->nkeys[action]; i++)
		out[i] = km->keys[action][i];
	return km->nkeys[action];
}

static int
keymap_has_key(const struct keymap *km, int action, int key)
{
	size_t	i;

	for (i = 0; i < km->nkeys[action]; i++) {
		if (km->keys[action][i] == key)
			return 1;
	}
	return 0;
}

/*
 * Text entry contexts and the overlay's questions and lists keep their
 * keys; others fall back to global.
 */
int
keymap_falls_back(unsigned int context)
{
	return (context & (KEYMAP_CTX_SEARCH | KEYMAP_CTX_FORM |
	    KEYMAP_CTX_CONFIRM | KEYMAP_CTX_ITEMS | KEYMAP_CTX_ITEM_KIND |
	    KEYMAP_CTX_CONFLICT | KEYMAP_CTX_FIND | KEYMAP_CTX_ACCESS |
	    KEYMAP_CTX_MERGE)) == 0;
}

static enum keymap_action
keymap_find_in(const struct keymap *km, unsigned int mask, int key)
{
	int	i;

	for (i = 0; i < KEYMAP_ACTION_COUNT; i++) {
		if ((keymap_table[i].contexts & mask) != 0 &&
		    keymap_has_key(km, i, key))
			return (enum keymap_action)i;
	}
	return KEYMAP_NONE;
}

enum keymap_action
keymap_lookup(const struct keymap *km, unsigned int context, int key)
{
	enum keymap_action	action;

	key = keymap_key_normalize(key);
	action = keymap_find_in(km, context, key);
	if (action == KEYMAP_NONE && context != KEYMAP_CTX_GLOBAL &&
	    keymap_falls_back(context))
		action = keymap_find_in(km, KEYMAP_CTX_GLOBAL, key);
	return action;
}

int
keymap_action_is_move(enum keymap_action action)
{
	switch (action) {
	case KEYMAP_MOVE_UP:
	case KEYMAP_MOVE_DOWN:
	case KEYMAP_PAGE_UP:
	case KEYMAP_PAGE_DOWN:
	case KEYMAP_FIRST:
	case KEYMAP_LAST:
		return 1;
	default:
		return 0;
	}
}

enum keymap_action
keymap_lookup_move(const struct keymap *km, unsigned int context, int key)
{
	enum keymap_action	action;

	if ((action = keymap_lookup(km, context, key)) != KEYMAP_NONE)
		return action;
	action = keymap_lookup(km, KEYMAP_CTX_GLOBAL, key);
	return keymap_action_is_move(action) ? action : KEYMAP_NONE;
}

/* Whether lookups in some context could reach both a and b. */
static int
keymap_contexts_overlap(unsigned int a, unsigned int b)
{
	unsigned int	ctx;

	for (ctx = 1; ctx <= KEYMAP_CTX_ALL; ctx <<= 1) {
		if ((a & ctx) && (b & ctx))
			return 1;
		if (!keymap_falls_back(ctx))
			continue;
		if (((a & ctx) && (b & KEYMAP_CTX_GLOBAL)) ||
		    ((b & ctx) && (a & KEYMAP_CTX_GLOBAL)))
			return 1;
	}
	return 0;
}

enum sb_status
keymap_check(const struct keymap *km, enum keymap_action *a,
    enum keymap_action *b, struct sb_error *err)
{
	char	name[32];
	int	i, j;
	size_t	k;

	for (i = 0; i < KEYMAP_ACTION_COUNT; i++) {
		for (j = i + 1; j < KEYMAP_ACTION_COUNT; j++) {
			if (!keymap_contexts_overlap(keymap_table[i].contexts,
			    keymap_table[j].contexts))
				continue;
			for (k = 0; k < km->nkeys[i]; k++) {
				if (!keymap_has_key(km, j, km->keys[i][k]))
					continue;
				if (a != NULL)
					*a = (enum keymap_action)i;
				if (b != NULL)
					*b = (enum keymap_action)j;
				return sb_error_set(err, SB_CONFLICT,
				    "key %s is bound to both %s and %s",
				    keymap_key_name(km->keys[i][k], name,
				    sizeof name), keymap_table[i].name,
				    keymap_table[j].name);
			}
		}
	}
	return SB_OK;
}

/* Read one action's keys: a key name or a list of them. */
static enum sb_status
keymap_yaml_keys(const struct ytree *tree, const struct ytree_node *val,
    int *keys, size_t *n, struct sb_error *err)
{
	const struct ytree_node	*const *items = &val;
	size_t				 count = 1, i;

	if (val->type == YTREE_SEQ) {
		items = (const struct ytree_node *const *)val->kids;
		count = val->nkids;
	}
	if (count > KEYMAP_KEYS_MAX)
		return ytree_error(tree, val, err, SB_INVALID,
		    "too many keys (at most %d)", KEYMAP_KEYS_MAX);
	for (i = 0; i < count; i++) {
		if (items[i]->type != YTREE_SCALAR)
			return ytree_error(tree, items[i], err, SB_INVALID,
			    "expected a key name or a list of key names");
		if (keymap_key_parse(items[i]->value, &keys[i]) != 0)
			return ytree_error(tree, items[i], err, SB_INVALID,
			    "unknown key name \"%s\" (expected e.g. j, C-f, "
			    "Enter, PgDn, F5)", items[i]->value);
	}
	*n = count;
	return SB_OK;
}

/* Where a conflict came from: the later of the two rebound actions. */
static const struct ytree_node *
keymap_yaml_culprit(const struct ytree_node *map, enum keymap_action a,
    enum keymap_action b)
{
	const struct ytree_node	*found = NULL;
	size_t			 i;
	enum keymap_action	 act;

	for (i = 0; i + 1 < map->nkids; i += 2) {
		act = keymap_action_find(map->kids[i]->value);
		if (act == a || act == b)
			found = map->kids[i + 1];
	}
	return found;
}

enum sb_status
keymap_load_yaml(struct keymap *km, const struct ytree *tree,
    const struct ytree_node *map, struct sb_error *err)
{
	struct keymap		 next = *km;
	const struct ytree_node	*key, *val;
	enum keymap_action	 action, a, b;
	int			 keys[KEYMAP_KEYS_MAX];
	size_t			 i, n = 0;
	enum sb_status		 st;
	struct sb_error		 conflict;

	if ((st = ytree_expect(tree, map, YTREE_MAP, err)) != SB_OK)
		return st;
	for (i = 0; i + 1 < map->nkids; i += 2) {
		key = map->kids[i];
		val = map->kids[i + 1];
		if ((action = keymap_action_find(key->value)) == KEYMAP_NONE)
			return ytree_error(tree, key, err, SB_INVALID,
			    "unknown action \"%s\"", key->value);
		if ((st = keymap_yaml_keys(tree, val, keys, &n, err)) != SB_OK)
			return st;
		keymap_bind(&next, action, keys, n, NULL);
	}
	if (keymap_check(&next, &a, &b, &conflict) != SB_OK)
		return ytree_error(tree, keymap_yaml_culprit(map, a, b), err,
		    SB_CONFLICT, "%s", conflict.message);
	*km = next;
	return SB_OK;
}

size_t
keymap_help_list(const struct keymap *km, unsigned int mask,
    struct keymap_help *out, size_t max)
{
	struct keymap_help	*h;
	char			 name[32];
	size_t			 n = 0, k, len;
	int			 i;

	for (i = 0; i < KEYMAP_ACTION_COUNT && n < max; i++) {
		if ((keymap_table[i].contexts & mask) == 0 ||
		    km->nkeys[i] == 0)
			continue;
		h = &out[n++];
		h->action = (enum keymap_action)i;
		h->name = keymap_table[i].name;
		h->help = keymap_table[i].help;
		h->keys[0] = '\0';
		for (k = 0; k < km->nkeys[i]; k++) {
			len = strlen(h->keys);
			snprintf(h->keys + len, sizeof h->keys - len, "%s%s",
			    k == 0 ? "" : ", ", keymap_key_name(km->keys[i][k],
			    name, sizeof name));
		}
	}
	return n;
}
