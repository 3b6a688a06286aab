/* The vault's file on disk, shared by vault.c and vault-file.c only. */
#ifndef SWITCHBOARD_VAULT_INT_H
#define SWITCHBOARD_VAULT_INT_H

#include <stddef.h>

#include "switchboard/error.h"
#include "vault-private.h"

/* SB_CORRUPT: the file at path is not a vault or was changed. */
enum sb_status	vault_damaged(const char *path, struct sb_error *err);

/*
 * Read the whole file into *buf (caller frees) after checking that it is
 * a regular file of this user's, private, and at most max bytes. A missing
 * file gives SB_NOT_FOUND without touching err.
 */
enum sb_status	vault_file_read(const char *path, size_t max,
		    unsigned char **buf, size_t *size, struct sb_error *err);

/*
 * Replace path with buf: a temporary file beside it, fsync, rename, fsync
 * of the directory. fail makes that step fail as EIO (tests).
 */
enum sb_status	vault_file_replace(const char *path,
		    const unsigned char *buf, size_t size,
		    enum vault_save_step fail, struct sb_error *err);

/*
 * Remove path (already gone is fine) and fsync its directory. The
 * directory's own errors are not reported: the file is gone either way.
 */
enum sb_status	vault_file_remove(const char *path, struct sb_error *err);

#endif
