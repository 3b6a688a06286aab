/* Connection profiles: settings from the config, passwords from the vault. */
#ifndef SWITCHBOARD_PROFILE_H
#define SWITCHBOARD_PROFILE_H

#include "switchboard/error.h"

struct app;
struct config;
struct config_profile;
struct db_pool;
struct vault;

/* Passphrase tries on a terminal; a descriptor gets one. */
#define PROFILE_PASSPHRASE_TRIES	3

/*
 * Open the vault at path (NULL: vault_default_path). Hardens the process
 * (vault_harden_process) before anything is read. The passphrase comes
 * from fd when fd >= 0 (one try: a wrong one is SB_BAD_SECRET), else from
 * the terminal with up to PROFILE_PASSPHRASE_TRIES tries, "wrong
 * passphrase" written to the terminal between them. The passphrase is
 * wiped before returning. On SB_OK the caller closes *out with
 * vault_close.
 */
enum sb_status	 profile_vault_open(const char *path, int fd,
		     struct vault **out, struct sb_error *err);

/*
 * Whether the default vault file exists (true also when that cannot be
 * told: opening it then says why). Without one there are no passwords
 * and no passphrase to ask for.
 */
int		 profile_vault_exists(void);

/*
 * Change the vault's passphrase: the old one as for profile_vault_open,
 * then the new one from newfd when newfd >= 0, else typed twice on the
 * terminal; the vault is saved under the new one. SB_NOT_FOUND when there
 * is no vault yet.
 */
enum sb_status	 profile_vault_passwd(int fd, int newfd,
		     struct sb_error *err);

/*
 * Save the profile called name, already set in cfg (config_profile_set),
 * and its password in v: password is NUL-terminated, empty for none (any
 * old one is removed). Writes profiles.yaml, then the vault; if the vault
 * cannot be saved, both files are put back as they were loaded
 * (config_profiles_revert, vault_revert) and the hint says so. Should
 * that fail too, the profile stays rather than leave a password without
 * it, and the hint says that. cfg and v keep the change in memory.
 */
enum sb_status	 profile_save(struct config *cfg, struct vault *v,
		     const char *name, const char *password,
		     struct sb_error *err);

/*
 * Remove the profile called name, already dropped from cfg
 * (config_profile_remove), and its password from v (NULL: there is no
 * vault). Writes the vault, then profiles.yaml; if either fails, the vault
 * is put back as it was opened (vault_revert), as for profile_save.
 */
enum sb_status	 profile_delete(struct config *cfg, struct vault *v,
		     const char *name, struct sb_error *err);

/*
 * Connect with profile: its hosts (then its standby hosts, for lookups),
 * port, database, user and TLS mode, and the password the vault holds
 * under the profile's name (none if it holds none, or if there is no
 * vault: then no passphrase is asked for). The password reaches
 * libpq only through the parameter array and is wiped with the vault
 * before returning; the process stays hardened. read_standby opens a
 * second, read-only connection on a standby when the profile lists one.
 * fd is as for profile_vault_open. On SB_OK the caller frees *out with
 * db_pool_free.
 */
enum sb_status	 profile_connect(const struct config_profile *profile,
		     int fd, int read_standby, struct db_pool **out,
		     struct sb_error *err);

/*
 * The profile subcommand (argv[0] is "profile"):
 *
 *   profile add NAME [--host H]... [--port N] [--database D] [--user U]
 *       [--sslmode M] [--standby H]... [--password-fd N]
 *       [--passphrase-fd N]
 *   profile list
 *   profile remove NAME [--passphrase-fd N]
 *   profile passwd [--passphrase-fd N] [--new-passphrase-fd N]
 *   profile test NAME [--passphrase-fd N]
 *
 * Settings go to profiles.yaml, the password to the vault. Missing
 * settings and secrets are asked on the terminal when there is one; a
 * secret is never taken from argv. app is the caller's storage; its
 * options may carry the global --passphrase-fd. Returns a CLI_EXIT_*
 * status.
 */
int		 profile_command(struct app *app, int argc, char **argv);

#endif
