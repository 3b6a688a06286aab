/* User settings and connection profiles: config.yaml and profiles.yaml. */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/collate.h"
#include "switchboard/config.h"
#include "switchboard/keymap.h"
#include "switchboard/util.h"
#include "switchboard/ytree.h"

#define CONFIG_NAME_MAX		64
#define CONFIG_HOST_MAX		255
#define CONFIG_IDENT_MAX	63	/* PostgreSQL's NAMEDATALEN - 1 */

static const char *const config_sslmodes[] = {
	"disable", "allow", "prefer", "require", "verify-ca", "verify-full",
	NULL
};

char *
config_dir_default(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home;

	if (xdg != NULL && xdg[0] == '/')
		return util_path_join(xdg, "switchboard");
	if ((home = getenv("HOME")) != NULL && home[0] == '/')
		return util_path_join(home, ".config/switchboard");
	return NULL;
}

static void
config_strings_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
config_profile_clear(struct config_profile *p)
{
	free(p->name);
	config_strings_free(p->hosts, p->nhosts);
	free(p->database);
	free(p->user);
	free(p->sslmode);
	config_strings_free(p->standby_hosts, p->nstandby);
	memset(p, 0, sizeof *p);
}

void
config_free(struct config *cfg)
{
	size_t	i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->nprofiles; i++)
		config_profile_clear(&cfg->profiles[i]);
	free(cfg->profiles);
	free(cfg->default_profile);
	keymap_free(cfg->keymap);
	free(cfg->theme);
	free(cfg->collation);
	free(cfg->profiles_text);
	free(cfg->dir);
	free(cfg);
}

static char **
config_strings_copy(char *const *v, size_t n)
{
	char	**copy;
	size_t	  i;

	if (n == 0)
		return NULL;
	copy = xcalloc(n, sizeof *copy);
	for (i = 0; i < n; i++)
		copy[i] = xstrdup(v[i]);
	return copy;
}

static char *
config_strdup_null(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
}

static void
config_profile_copy(struct config_profile *dst,
    const struct config_profile *src)
{
	dst->name = xstrdup(src->name);
	dst->hosts = config_strings_copy(src->hosts, src->nhosts);
	dst->nhosts = src->nhosts;
	dst->port = src->port;
	dst->database = config_strdup_null(src->database);
	dst->user = config_strdup_null(src->user);
	dst->sslmode = config_strdup_null(src->sslmode);
	dst->standby_hosts = config_strings_copy(src->standby_hosts,
	    src->nstandby);
	dst->nstandby = src->nstandby;
	dst->managed = src->managed;
}

/* Profile names: letters, digits, '.', '-', '_'. */
static int
config_name_valid(const char *s)
{
	size_t	i;

	if (s[0] == '\0' || strlen(s) > CONFIG_NAME_MAX)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (!isalnum((unsigned char)s[i]) &&
		    strchr("._-", s[i]) == NULL)
			return 0;
	}
	return 1;
}

/*
 * Hosts go into libpq's comma-separated host list: refuse commas, spaces,
 * quotes and anything outside printable ASCII.
 */
static int
config_host_valid(const char *s)
{
	size_t	i;

	if (s[0] == '\0' || strlen(s) > CONFIG_HOST_MAX)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] <= ' ' || s[i] >= 127 || strchr(",'\"\\=", s[i]))
			return 0;
	}
	return 1;
}

static int
config_ident_valid(const char *s)
{
	size_t	i;

	if (s[0] == '\0' || strlen(s) > CONFIG_IDENT_MAX)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] < ' ' || s[i] == 127)
			return 0;
	}
	return 1;
}

static int
config_sslmode_valid(const char *s)
{
	size_t	i;

	for (i = 0; config_sslmodes[i] != NULL; i++) {
		if (strcmp(s, config_sslmodes[i]) == 0)
			return 1;
	}
	return 0;
}

/* Check one profile's values; the field at fault goes into err. */
static enum sb_status
config_profile_check(const struct config_profile *p, struct sb_error *err)
{
	size_t	i;

	if (!config_name_valid(p->name))
		return sb_error_set(err, SB_INVALID, "a profile name is 1 to "
		    "%d letters, digits, '-', '_' or '.'", CONFIG_NAME_MAX);
	for (i = 0; i < p->nhosts; i++) {
		if (!config_host_valid(p->hosts[i]))
			return sb_error_set(err, SB_INVALID, "a host is a "
			    "name, an address or a socket directory in "
			    "plain ASCII, without spaces, commas or quotes");
	}
	for (i = 0; i < p->nstandby; i++) {
		if (!config_host_valid(p->standby_hosts[i]))
			return sb_error_set(err, SB_INVALID, "a standby "
			    "host is a name or an address in plain ASCII, "
			    "without spaces, commas or quotes");
	}
	if (p->nhosts > CONFIG_HOSTS_MAX || p->nstandby > CONFIG_HOSTS_MAX)
		return sb_error_set(err, SB_INVALID, "a profile names at "
		    "most %d hosts and %d standby hosts", CONFIG_HOSTS_MAX,
		    CONFIG_HOSTS_MAX);
	if (p->port < 0 || p->port > 65535)
		return sb_error_set(err, SB_INVALID, "the port is a number "
		    "from 1 to 65535");
	if ((p->database != NULL && !config_ident_valid(p->database)) ||
	    (p->user != NULL && !config_ident_valid(p->user)))
		return sb_error_set(err, SB_INVALID, "a database or user "
		    "name is 1 to %d bytes long, with no control characters",
		    CONFIG_IDENT_MAX);
	if (p->sslmode != NULL && !config_sslmode_valid(p->sslmode))
		return sb_error_set(err, SB_INVALID, "the TLS mode (sslmode) "
		    "is one of disable, allow, prefer, require, verify-ca or "
		    "verify-full");
	return SB_OK;
}

/* A string, or a list of strings, each passing valid(). */
static enum sb_status
config_yaml_hosts(const struct ytree *tree, const struct ytree_node *node,
    char ***out, size_t *n, struct sb_error *err)
{
	const struct ytree_node	*const *items = &node;
	size_t				 count = 1, i;

	if (node->type == YTREE_SEQ) {
		items = (const struct ytree_node *const *)node->kids;
		count = node->nkids;
	}
	if (count == 0 || count > CONFIG_HOSTS_MAX)
		return ytree_error(tree, node, err, SB_INVALID,
		    "expected 1 to %d hosts", CONFIG_HOSTS_MAX);
	for (i = 0; i < count; i++) {
		if (items[i]->type != YTREE_SCALAR ||
		    !config_host_valid(items[i]->value))
			return ytree_error(tree, items[i], err, SB_INVALID,
			    "expected a host name, address or socket "
			    "directory (no spaces or commas)");
	}
	*out = xcalloc(count, sizeof **out);
	for (i = 0; i < count; i++)
		(*out)[i] = xstrdup(items[i]->value);
	*n = count;
	return SB_OK;
}

static enum sb_status
config_yaml_ident(const struct ytree *tree, const struct ytree_node *node,
    char **out, struct sb_error *err)
{
	if (node->type != YTREE_SCALAR || !config_ident_valid(node->value))
		return ytree_error(tree, node, err, SB_INVALID,
		    "expected a name of 1 to %d characters", CONFIG_IDENT_MAX);
	*out = xstrdup(node->value);
	return SB_OK;
}

static enum sb_status
config_yaml_profile_fields(const struct ytree *tree,
    const struct ytree_node *map, struct config_profile *p,
    struct sb_error *err)
{
	const struct ytree_node	*v;
	enum sb_status		 st = SB_OK;
	long			 port;

	if ((v = ytree_map_get(map, "hosts")) != NULL &&
	    (st = config_yaml_hosts(tree, v, &p->hosts, &p->nhosts, err)))
		return st;
	if ((v = ytree_map_get(map, "standby-hosts")) != NULL &&
	    (st = config_yaml_hosts(tree, v, &p->standby_hosts, &p->nstandby,
	    err)))
		return st;
	if ((v = ytree_map_get(map, "port")) != NULL) {
		if ((st = ytree_get_int(tree, v, 1, 65535, &port, err)))
			return st;
		p->port = (int)port;
	}
	if ((v = ytree_map_get(map, "database")) != NULL &&
	    (st = config_yaml_ident(tree, v, &p->database, err)))
		return st;
	if ((v = ytree_map_get(map, "user")) != NULL &&
	    (st = config_yaml_ident(tree, v, &p->user, err)))
		return st;
	if ((v = ytree_map_get(map, "sslmode")) != NULL) {
		if (v->type != YTREE_SCALAR || !config_sslmode_valid(v->value))
			return ytree_error(tree, v, err, SB_INVALID,
			    "expected an sslmode: disable, allow, prefer, "
			    "require, verify-ca or verify-full");
		p->sslmode = xstrdup(v->value);
	}
	return SB_OK;
}

static enum sb_status
config_yaml_profile(const struct ytree *tree, const struct ytree_node *key,
    const struct ytree_node *map, struct config_profile *p,
    struct sb_error *err)
{
	static const char *const keys[] = {
		"hosts", "port", "database", "user", "sslmode",
		"standby-hosts", NULL
	};
	enum sb_status		 st;
	size_t			 i;

	if (!config_name_valid(key->value))
		return ytree_error(tree, key, err, SB_INVALID,
		    "expected a profile name of letters, digits, '.', '-' "
		    "and '_'");
	if ((st = ytree_expect(tree, map, YTREE_MAP, err)) != SB_OK)
		return st;
	for (i = 0; i + 1 < map->nkids; i += 2) {
		if (strcmp(map->kids[i]->value, "password") != 0)
			continue;
		st = ytree_error(tree, map->kids[i], err, SB_DENIED,
		    "passwords do not belong in configuration files");
		sb_error_hint(err, "remove the password line; switchboard "
		    "asks for it once and keeps it in its encrypted vault");
		return st;
	}
	if ((st = ytree_check_keys(tree, map, keys, err)) != SB_OK)
		return st;
	p->name = xstrdup(key->value);
	return config_yaml_profile_fields(tree, map, p, err);
}

/* Append the profiles in map to cfg; names must not repeat. */
static enum sb_status
config_yaml_profiles(struct config *cfg, const struct ytree *tree,
    const struct ytree_node *map, bool managed, struct sb_error *err)
{
	const struct ytree_node		*key;
	const struct config_profile	*old;
	struct config_profile		*p;
	enum sb_status			 st;
	size_t				 i;

	if ((st = ytree_expect(tree, map, YTREE_MAP, err)) != SB_OK)
		return st;
	for (i = 0; i + 1 < map->nkids; i += 2) {
		key = map->kids[i];
		if ((old = config_profile_find(cfg, key->value)) != NULL)
			return ytree_error(tree, key, err, SB_CONFLICT,
			    "profile \"%s\" is already defined in %s",
			    key->value, old->managed ? "profiles.yaml" :
			    "this file");
		cfg->profiles = xreallocarray(cfg->profiles,
		    cfg->nprofiles + 1, sizeof *cfg->profiles);
		p = &cfg->profiles[cfg->nprofiles++];
		memset(p, 0, sizeof *p);
		p->managed = managed;
		st = config_yaml_profile(tree, key, map->kids[i + 1], p, err);
		if (st != SB_OK)
			return st;
	}
	return SB_OK;
}

static enum sb_status
config_yaml_country(struct config *cfg, const struct ytree *tree,
    const struct ytree_node *v, struct sb_error *err)
{
	if (v->type != YTREE_SCALAR || strlen(v->value) != 2 ||
	    !isalpha((unsigned char)v->value[0]) ||
	    !isalpha((unsigned char)v->value[1]))
		return ytree_error(tree, v, err, SB_INVALID,
		    "expected a two-letter country code (US, DE, GB)");
	cfg->country[0] = (char)toupper((unsigned char)v->value[0]);
	cfg->country[1] = (char)toupper((unsigned char)v->value[1]);
	cfg->country[2] = '\0';
	return SB_OK;
}

/* A BCP 47 tag, checked before it goes near the server ("sv-SE"). */
static enum sb_status
config_yaml_collation(struct config *cfg, const struct ytree *tree,
    const struct ytree_node *v, struct sb_error *err)
{
	if (v->type != YTREE_SCALAR || !collate_tag_valid(v->value))
		return ytree_error(tree, v, err, SB_INVALID,
		    "expected a language tag (sv-SE, de, und)");
	free(cfg->collation);
	cfg->collation = xstrdup(v->value);
	return SB_OK;
}

static enum sb_status
config_yaml_settings(struct config *cfg, const struct ytree *tree,
    const struct ytree_node *root, struct sb_error *err)
{
	const struct ytree_node	*v;
	enum sb_status		 st = SB_OK;
	const char		*s;

	if ((v = ytree_map_get(root, "theme")) != NULL) {
		if ((st = ytree_get_string(tree, v, &s, err)) != SB_OK)
			return st;
		free(cfg->theme);
		cfg->theme = xstrdup(s);
	}
	if ((v = ytree_map_get(root, "country")) != NULL &&
	    (st = config_yaml_country(cfg, tree, v, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "clipboard")) != NULL &&
	    (st = ytree_get_bool(tree, v, &cfg->clipboard, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "hyperlinks")) != NULL &&
	    (st = ytree_get_bool(tree, v, &cfg->hyperlinks, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "mouse")) != NULL &&
	    (st = ytree_get_bool(tree, v, &cfg->mouse, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "collation")) != NULL &&
	    (st = config_yaml_collation(cfg, tree, v, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "keys")) != NULL &&
	    (st = keymap_load_yaml(cfg->keymap, tree, v, err)) != SB_OK)
		return st;
	return SB_OK;
}

static enum sb_status
config_yaml_main(struct config *cfg, const struct ytree *tree,
    struct sb_error *err)
{
	static const char *const keys[] = {
		"theme", "keys", "country", "clipboard", "hyperlinks",
		"mouse", "collation", "default-profile", "profiles", NULL
	};
	const struct ytree_node	*root = tree->root, *v;
	enum sb_status		 st;

	if (root == NULL)
		return SB_OK;
	if ((st = ytree_expect(tree, root, YTREE_MAP, err)) != SB_OK ||
	    (st = ytree_check_keys(tree, root, keys, err)) != SB_OK ||
	    (st = config_yaml_settings(cfg, tree, root, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "profiles")) != NULL &&
	    (st = config_yaml_profiles(cfg, tree, v, false, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "default-profile")) != NULL) {
		if (v->type != YTREE_SCALAR ||
		    config_profile_find(cfg, v->value) == NULL)
			return ytree_error(tree, v, err, SB_INVALID,
			    "expected the name of a profile");
		cfg->default_profile = xstrdup(v->value);
	}
	return SB_OK;
}

static enum sb_status
config_yaml_managed(struct config *cfg, const struct ytree *tree,
    struct sb_error *err)
{
	static const char *const keys[] = { "profiles", NULL };
	const struct ytree_node	*root = tree->root, *v;
	enum sb_status		 st;

	if (root == NULL)
		return SB_OK;
	if ((st = ytree_expect(tree, root, YTREE_MAP, err)) != SB_OK ||
	    (st = ytree_check_keys(tree, root, keys, err)) != SB_OK)
		return st;
	if ((v = ytree_map_get(root, "profiles")) != NULL)
		return config_yaml_profiles(cfg, tree, v, true, err);
	return SB_OK;
}

/*
 * Parse dir/name with fn; a missing file is not an error. With keep, the
 * file's bytes go there (NULL when it is missing; caller frees).
 */
static enum sb_status
config_load_one(struct config *cfg, const char *name,
    enum sb_status (*fn)(struct config *, const struct ytree *,
    struct sb_error *), char **keep, size_t *keep_len, struct sb_error *err)
{
	struct ytree	*tree = NULL;
	char		*path, *text;
	size_t		 len = 0;
	enum sb_status	 st;

	path = util_path_join(cfg->dir, name);
	st = ytree_read_file(path, &text, &len, err);
	if (st == SB_OK)
		st = ytree_load_string(path, text, len, &tree, err);
	free(path);
	if (st == SB_OK && keep != NULL) {
		/* The reading buffer is YTREE_MAX_BYTES: keep only the text. */
		*keep = xreallocarray(text, len + 1, 1);
		*keep_len = len;
		text = NULL;
	}
	free(text);
	if (st == SB_NOT_FOUND) {
		sb_error_clear(err);
		return SB_OK;
	}
	if (st != SB_OK)
		return st;
	st = fn(cfg, tree, err);
	ytree_free(tree);
	return st;
}

enum sb_status
config_load(const char *dir, struct config **out, struct sb_error *err)
{
	struct config	*cfg;
	enum sb_status	 st;

	*out = NULL;
	cfg = xcalloc(1, sizeof *cfg);
	cfg->dir = dir != NULL ? xstrdup(dir) : config_dir_default();
	cfg->theme = xstrdup("default");
	cfg->keymap = keymap_create();
	memcpy(cfg->country, "US", 3);
	cfg->clipboard = true;
	cfg->hyperlinks = true;
	cfg->mouse = false;
	if (cfg->dir == NULL) {
		*out = cfg;
		return SB_OK;
	}
	st = config_load_one(cfg, "profiles.yaml", config_yaml_managed,
	    &cfg->profiles_text, &cfg->profiles_len, err);
	if (st == SB_OK)
		st = config_load_one(cfg, "config.yaml", config_yaml_main,
		    NULL, NULL, err);
	if (st != SB_OK) {
		config_free(cfg);
		return st;
	}
	*out = cfg;
	return SB_OK;
}

const struct config_profile *
config_profile_find(const struct config *cfg, const char *name)
{
	size_t	i;

	for (i = 0; i < cfg->nprofiles; i++) {
		if (cfg->profiles[i].name != NULL &&
		    strcmp(cfg->profiles[i].name, name) == 0)
			return &cfg->profiles[i];
	}
	return NULL;
}

enum sb_status
config_profile_set(struct config *cfg, const struct config_profile *profile,
    struct sb_error *err)
{
	struct config_profile	*slot;
	enum sb_status		 st;

	if ((st = config_profile_check(profile, err)) != SB_OK)
		return st;
	slot = (struct config_profile *)config_profile_find(cfg,
	    profile->name);
	if (slot != NULL && !slot->managed)
		return sb_error_set(err, SB_CONFLICT, "profile \"%s\" is "
		    "written in config.yaml; change it there", profile->name);
	if (slot != NULL)
		config_profile_clear(slot);
	else {
		cfg->profiles = xreallocarray(cfg->profiles,
		    cfg->nprofiles + 1, sizeof *cfg->profiles);
		slot = &cfg->profiles[cfg->nprofiles++];
	}
	config_profile_copy(slot, profile);
	slot->managed = true;
	return SB_OK;
}

enum sb_status
config_profile_remove(struct config *cfg, const char *name,
    struct sb_error *err)
{
	struct config_profile	*p;
	size_t			 i;

	for (i = 0; i < cfg->nprofiles; i++) {
		p = &cfg->profiles[i];
		if (!p->managed || strcmp(p->name, name) != 0)
			continue;
		config_profile_clear(p);
		memmove(p, p + 1, (cfg->nprofiles - i - 1) * sizeof *p);
		cfg->nprofiles--;
		return SB_OK;
	}
	return sb_error_set(err, SB_NOT_FOUND, "no saved profile \"%s\"",
	    name);
}
