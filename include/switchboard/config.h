/* User settings and connection profiles from YAML, plain structs out. */
#ifndef SWITCHBOARD_CONFIG_H
#define SWITCHBOARD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"

struct keymap;

/* Hosts one profile may list (primary hosts and standby hosts each). */
#define CONFIG_HOSTS_MAX	16

/*
 * A named server connection: non-secret settings only (passwords live in
 * the vault). NULL strings and port 0 mean libpq's defaults. Hosts are
 * names, addresses or socket directories, checked to hold no commas,
 * spaces or control characters.
 */
struct config_profile {
	char	 *name;
	char	**hosts;
	size_t	  nhosts;
	int	  port;
	char	 *database;
	char	 *user;
	char	 *sslmode;	/* disable ... verify-full */
	char	**standby_hosts; /* read-only lookups when the primary fails */
	size_t	  nstandby;
	bool	  managed;	/* from profiles.yaml, saved by the program */
};

/* Everything config.yaml and profiles.yaml say. Free with config_free. */
struct config {
	char			*dir;		/* .../switchboard */
	char			*theme;		/* theme name, "default" */
	struct keymap		*keymap;	/* defaults plus keys: */
	char			 country[3];	/* ISO 3166 alpha-2, "US" */
	bool			 clipboard;	/* copy with OSC 52 */
	bool			 hyperlinks;	/* OSC 8 links */
	bool			 mouse;
	char			*collation;	/* BCP 47 tag; NULL: locale */
	char			*default_profile; /* NULL: none */
	struct config_profile	*profiles;
	size_t			 nprofiles;
	/* profiles.yaml as config_load read it; NULL: there was none. */
	char			*profiles_text;
	size_t			 profiles_len;
};

/*
 * The configuration directory: $XDG_CONFIG_HOME/switchboard, else
 * ~/.config/switchboard; NULL when neither is an absolute path. Caller
 * frees.
 */
char			*config_dir_default(void);

/*
 * Read dir/profiles.yaml then dir/config.yaml (dir NULL: the default);
 * missing files mean defaults. Errors name file:line:column. On SB_OK the
 * caller frees *out with config_free.
 */
enum sb_status		 config_load(const char *dir, struct config **out,
			     struct sb_error *err);

void			 config_free(struct config *cfg);

/* The profile called name, or NULL; borrowed from cfg. */
const struct config_profile *config_profile_find(const struct config *cfg,
			     const char *name);

/*
 * Add a program-managed profile, or replace the managed one of that name
 * (cfg keeps a copy). A profile written by hand in config.yaml is not
 * replaced: SB_CONFLICT. Invalid settings give SB_INVALID.
 */
enum sb_status		 config_profile_set(struct config *cfg,
			     const struct config_profile *profile,
			     struct sb_error *err);

/* Drop a managed profile; SB_NOT_FOUND if there is none of that name. */
enum sb_status		 config_profile_remove(struct config *cfg,
			     const char *name, struct sb_error *err);

/*
 * Write the managed profiles to cfg->dir/profiles.yaml atomically: a
 * private temporary file, fsync, rename over the old one, fsync the
 * directory. Readers see the old file or the new one, never a mixture.
 */
enum sb_status		 config_profiles_save(const struct config *cfg,
			     struct sb_error *err);

/*
 * Put profiles.yaml back as config_load found it (cfg->profiles_text),
 * or remove it if there was none, in the same atomic way. It undoes
 * config_profiles_save when a change that belongs with it fails (the
 * password in the vault). The profiles in cfg stay as they are.
 */
enum sb_status		 config_profiles_revert(const struct config *cfg,
			     struct sb_error *err);

#endif
