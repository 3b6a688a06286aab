/* Profiles: saved to profiles.yaml and the vault together, and connected
 * with the password handed to libpq only through the parameter array. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/config.h"
#include "switchboard/db-pool.h"
#include "switchboard/db.h"
#include "switchboard/profile.h"
#include "switchboard/secret.h"
#include "switchboard/util.h"
#include "switchboard/vault.h"

/* Say something on the terminal during a passphrase prompt. */
static void
profile_tty_say(const char *msg)
{
	int	fd;

	if ((fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
		return;
	(void)!write(fd, msg, strlen(msg));
	close(fd);
}

/*
 * A new vault's passphrase, typed twice on the terminal. From a
 * descriptor it is read once.
 */
static enum sb_status
profile_read_new(int fd, char **out, struct sb_error *err)
{
	char		*again;
	enum sb_status	 st;
	int		 same;

	st = secret_read_passphrase("New vault passphrase: ", fd, out, err);
	if (st != SB_OK || fd >= 0)
		return st;
	st = secret_read_passphrase("Repeat the new passphrase: ", -1,
	    &again, err);
	if (st != SB_OK) {
		secret_free(*out);
		*out = NULL;
		return st;
	}
	same = strcmp(*out, again) == 0;
	secret_free(again);
	if (same)
		return SB_OK;
	secret_free(*out);
	*out = NULL;
	return sb_error_set(err, SB_INVALID, "the passphrases differ");
}

/* One attempt: read the passphrase and open the vault with it. */
static enum sb_status
profile_vault_try(const char *path, int fd, int exists, struct vault **out,
    struct sb_error *err)
{
	char		*pass;
	enum sb_status	 st;

	if (exists)
		st = secret_read_passphrase("Vault passphrase: ", fd, &pass,
		    err);
	else
		st = profile_read_new(fd, &pass, err);
	if (st != SB_OK)
		return st;
	if (*pass == '\0') {
		secret_free(pass);
		return sb_error_set(err, SB_INVALID,
		    "the vault passphrase is empty");
	}
	st = vault_open(path, pass, out, err);
	secret_free(pass);
	return st;
}

enum sb_status
profile_vault_open(const char *path, int fd, struct vault **out,
    struct sb_error *err)
{
	struct stat	 sb;
	char		*own = NULL;
	enum sb_status	 st;
	int		 tries, exists;

	*out = NULL;
	if ((st = vault_harden_process(err)) != SB_OK)
		return st;
	if (path == NULL && (path = own = vault_default_path(err)) == NULL)
		return SB_INVALID;
	exists = stat(path, &sb) == 0 || errno != ENOENT;
	tries = fd >= 0 ? 1 : PROFILE_PASSPHRASE_TRIES;
	for (;;) {
		st = profile_vault_try(path, fd, exists, out, err);
		if (st != SB_BAD_SECRET || --tries == 0)
			break;
		profile_tty_say("wrong passphrase, try again\n");
	}
	if (st == SB_BAD_SECRET && fd >= 0)
		sb_error_hint(err, "check the passphrase given on descriptor "
		    "%d", fd);
	free(own);
	return st;
}

/* Join list into "a,b,c" after prefix (may be NULL). Caller frees. */
static char *
profile_join(const char *prefix, char *const *list, size_t n)
{
	char	*s = xstrdup(prefix != NULL ? prefix : ""), *next;
	size_t	 i;

	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", s, *s != '\0' ? "," : "", list[i]);
		free(s);
		s = next;
	}
	return s;
}

/*
 * The non-secret parameters. Standby hosts follow the primary hosts: the
 * writer asks for read-write and skips them, the reader prefers them.
 * hosts and port are storage the caller frees after connecting.
 */
static void
profile_params(const struct config_profile *prof, int read_standby,
    struct db_params *p, char **hosts, char *port, size_t portsize)
{
	char	*primary;

	memset(p, 0, sizeof *p);
	*hosts = NULL;
	if (prof->nhosts > 0 || prof->nstandby > 0) {
		primary = profile_join(NULL, prof->hosts, prof->nhosts);
		*hosts = read_standby ? profile_join(primary,
		    prof->standby_hosts, prof->nstandby) : xstrdup(primary);
		free(primary);
		db_params_set(p, "host", *hosts);
	}
	if (prof->port != 0) {
		snprintf(port, portsize, "%d", prof->port);
		db_params_set(p, "port", port);
	}
	if (prof->database != NULL)
		db_params_set(p, "dbname", prof->database);
	if (prof->user != NULL)
		db_params_set(p, "user", prof->user);
	if (prof->sslmode != NULL)
		db_params_set(p, "sslmode", prof->sslmode);
}

enum sb_status
profile_connect(const struct config_profile *prof, int fd,
    int read_standby, struct db_pool **out, struct sb_error *err)
{
	struct db_params	 p;
	struct vault		*v = NULL;
	const unsigned char	*password = NULL;
	char			*hosts, port[16];
	enum sb_status		 st;

	*out = NULL;
	read_standby = read_standby && prof->nstandby > 0;
	if (profile_vault_exists() &&
	    (st = profile_vault_open(NULL, fd, &v, err)) != SB_OK)
		return st;
	profile_params(prof, read_standby, &p, &hosts, port, sizeof port);
	/* Borrowed from the vault: no other vault call until connected. */
	if (v != NULL)
		password = vault_get(v, prof->name, NULL);
	if (password != NULL)
		db_params_set(&p, "password", (const char *)password);
	st = db_pool_open(&p, read_standby, out, err);
	vault_close(v);
	free(hosts);
	return st;
}

int
profile_vault_exists(void)
{
	struct stat	 sb;
	char		*path;
	int		 exists;

	if ((path = vault_default_path(NULL)) == NULL)
		return 1;
	exists = stat(path, &sb) == 0 || errno != ENOENT;
	free(path);
	return exists;
}

enum sb_status
profile_vault_passwd(int fd, int newfd, struct sb_error *err)
{
	struct vault	*v = NULL;
	char		*path, *pass = NULL;
	enum sb_status	 st;

	if ((path = vault_default_path(err)) == NULL)
		return SB_INVALID;
	if (!profile_vault_exists()) {
		st = sb_error_set(err, SB_NOT_FOUND, "there is no vault yet");
		sb_error_hint(err, "\"switchboard profile add\" creates it");
		goto out;
	}
	if ((st = profile_vault_open(path, fd, &v, err)) != SB_OK)
		goto out;
	if ((st = profile_read_new(newfd, &pass, err)) != SB_OK)
		goto out;
	if (*pass == '\0')
		st = sb_error_set(err, SB_INVALID,
		    "the vault passphrase is empty");
	if (st == SB_OK)
		st = vault_change_passphrase(v, pass, err);
	if (st == SB_OK)
		st = vault_save(v, err);
out:
	secret_free(pass);
	vault_close(v);
	free(path);
	return st;
}

/*
 * After a failed save: put the vault back, then profiles.yaml if it was
 * saved. A hint says in what state the files were left.
 */
static void
profile_undo(struct config *cfg, struct vault *v, int config_saved,
    const char *name, struct sb_error *err)
{
	struct sb_error	e;

	if (v != NULL && vault_revert(v, &e) != SB_OK) {
		/* The profile stays: no password is left without one. */
		if (config_saved)
			sb_error_hint(err, "the vault cannot be put back (%s), "
			    "so the profile \"%s\" is kept with it; save it "
			    "again", e.message, name);
		else
			sb_error_hint(err, "the vault cannot be put back (%s): "
			    "the profile \"%s\" may have lost its password; "
			    "remove or save it again", e.message, name);
		return;
	}
	if (config_saved && config_profiles_revert(cfg, &e) != SB_OK) {
		sb_error_hint(err, "profiles.yaml cannot be put back (%s): the "
		    "profile \"%s\" may be saved without its password; save "
		    "it again", e.message, name);
		return;
	}
	sb_error_hint(err, "nothing was changed: profiles.yaml and the vault "
	    "are as they were");
}

/*
 * A profile is written before its password (here) and removed after it
 * (profile_delete), so even a crash between the two writes never leaves a
 * password that no profile names.
 */
enum sb_status
profile_save(struct config *cfg, struct vault *v, const char *name,
    const char *password, struct sb_error *err)
{
	enum sb_status	st;
	int		saved = 0;

	if (*password != '\0')
		st = vault_set(v, name, password, strlen(password), err);
	else if ((st = vault_remove(v, name, err)) == SB_NOT_FOUND)
		st = SB_OK;
	if (st != SB_OK)
		return st;
	if ((st = config_profiles_save(cfg, err)) == SB_OK) {
		saved = 1;
		st = vault_save(v, err);
	}
	if (st != SB_OK)
		profile_undo(cfg, v, saved, name, err);
	return st;
}

enum sb_status
profile_delete(struct config *cfg, struct vault *v, const char *name,
    struct sb_error *err)
{
	enum sb_status	st = SB_OK;

	if (v != NULL && (st = vault_remove(v, name, err)) == SB_NOT_FOUND)
		st = SB_OK;
	if (st == SB_OK && v != NULL)
		st = vault_save(v, err);
	if (st == SB_OK)
		st = config_profiles_save(cfg, err);
	if (st != SB_OK)
		profile_undo(cfg, v, 0, name, err);
	return st;
}
