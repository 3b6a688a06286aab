/* The credential vault: profile passwords in one encrypted file. */
#ifndef SWITCHBOARD_VAULT_H
#define SWITCHBOARD_VAULT_H

#include <stddef.h>

#include "switchboard/error.h"

/*
 * File format version 1, all integers big-endian:
 *
 *	 0  magic "SWBVAULT"		 8 bytes
 *	 8  format version (1)		 2 bytes
 *	10  KDF algorithm (1 = Argon2id v1.3)
 *	11  reserved, zero
 *	12  Argon2id opslimit		 4 bytes
 *	16  Argon2id memlimit in KiB	 4 bytes
 *	20  salt			16 bytes
 *	36  nonce			24 bytes
 *	60  ciphertext length		 4 bytes
 *	64  ciphertext: XChaCha20-Poly1305 (IETF) of the entries, with the
 *	    64 header bytes as associated data
 *
 * The entries: a 4-byte count, then per entry a 2-byte name length, the
 * name, a 4-byte secret length and the secret.
 *
 * What the user sees when opening fails:
 *   SB_CORRUPT	 "the vault file is damaged or was changed": bad magic,
 *		 wrong length (truncated or extended), KDF limits below
 *		 Argon2id's minimum, a nonzero reserved byte. KDF limits above
 *		 VAULT_OPS_MAX or VAULT_MEM_KIB_MAX are refused with a message
 *		 that says what the file asks for. Checked before any hashing.
 *   SB_UNSUPPORTED	 the file comes from a newer format version; the
 *		 message names the version needed.
 *   SB_BAD_SECRET	 "wrong passphrase, or the vault file was changed":
 *		 authenticated decryption failed. A wrong passphrase and a
 *		 changed salt, nonce, limit or ciphertext byte cannot be told
 *		 apart, so the message says both; the UI may ask again.
 *   SB_DENIED	 the file is readable by group or others (the hint says
 *		 "chmod 600 PATH"), belongs to another user, or is not a
 *		 regular file.
 *   SB_IO	 the file could not be read.
 */
#define VAULT_NAME_MAX		255
#define VAULT_SECRET_MAX	4096
#define VAULT_PASSPHRASE_MAX	1024
#define VAULT_ENTRIES_MAX	1024

/*
 * The most Argon2id work a vault file may ask for per passphrase try:
 * libsodium's MODERATE limits, 0.9 s on a two-core machine. The program
 * writes these limits; a file asking for more could make each try take
 * many seconds and gigabytes, so it is refused unread.
 */
#define VAULT_OPS_MAX		3
#define VAULT_MEM_KIB_MAX	(256 * 1024)

struct vault;

/*
 * The default vault path: $XDG_DATA_HOME/switchboard/vault, or
 * ~/.local/share/switchboard/vault. Caller frees; NULL with err filled when
 * neither XDG_DATA_HOME nor HOME gives an absolute directory.
 */
char		*vault_default_path(struct sb_error *err);

/*
 * Open the vault at path with passphrase (NUL-terminated, not empty). A
 * missing file is an empty vault that vault_save creates. Hardens the
 * process first (see vault_harden_process). On SB_OK *out is the vault;
 * caller closes with vault_close. The passphrase is copied into secure
 * memory; the caller wipes its own copy.
 */
enum sb_status	 vault_open(const char *path, const char *passphrase,
		     struct vault **out, struct sb_error *err);

/*
 * The secret stored under name, or NULL if there is none. *len (may be
 * NULL) gets its length in bytes; a NUL follows the secret so a text
 * password can be used as a C string. Secure, read-only memory, borrowed
 * until the next call on this vault or vault_close: after that it is no
 * longer readable. Never copy it into ordinary memory.
 *
 * To connect with it, pass the pointer only as the "password" value of the
 * keyword/value arrays of PQconnectdbParams (never in a conninfo string,
 * never in the environment as PGPASSWORD), and make no other vault call
 * until PQconnectdbParams (or PQconnectStartParams) has returned.
 */
const unsigned char *vault_get(struct vault *v, const char *name,
		     size_t *len);

/*
 * Store secret (len bytes, 1..VAULT_SECRET_MAX) under name (plain text,
 * 1..VAULT_NAME_MAX bytes, no control characters), replacing any previous
 * one. The secret is copied into secure memory. In memory only until
 * vault_save.
 */
enum sb_status	 vault_set(struct vault *v, const char *name,
		     const void *secret, size_t len, struct sb_error *err);

/* Remove the secret under name; SB_NOT_FOUND if there is none. */
enum sb_status	 vault_remove(struct vault *v, const char *name,
		     struct sb_error *err);

/*
 * The profile names, sorted, as a NULL-terminated array; *count (may be
 * NULL) gets their number. Borrowed until the next call on this vault.
 */
const char *const *vault_list(struct vault *v, size_t *count);

/*
 * Write the vault atomically and durably: a new 0600 file beside the old
 * one, fsync, rename over it, fsync of the directory. Each save uses a fresh
 * salt and nonce and the current passphrase. On failure before the rename
 * the old file is untouched and the temporary file removed.
 */
enum sb_status	 vault_save(struct vault *v, struct sb_error *err);

/*
 * Put the vault file back as vault_open found it: the same bytes, or no
 * file if there was none. It undoes vault_save when a change that belongs
 * with it fails (the profile in profiles.yaml). Nothing is written when the
 * file is already as it was. The entries in memory stay as they are: close
 * the vault after. On failure the file may still hold the last save.
 */
enum sb_status	 vault_revert(struct vault *v, struct sb_error *err);

/* Replace the passphrase; takes effect at the next vault_save. */
enum sb_status	 vault_change_passphrase(struct vault *v,
		     const char *passphrase, struct sb_error *err);

/* Wipe every secret and free the vault. NULL is allowed. */
void		 vault_close(struct vault *v);

/*
 * Turn core dumps off (RLIMIT_CORE 0) and make the process non-dumpable
 * (PR_SET_DUMPABLE 0), so no secret ends up in a core file and other
 * processes of the same user cannot read its memory. Lasts for the life of
 * the process. Call before reading a passphrase.
 */
enum sb_status	 vault_harden_process(struct sb_error *err);

/*
 * Secure memory for callers that must hold a secret before the vault does
 * (a passphrase being read): locked, guarded, never swapped. Never NULL
 * (fatal when out of memory). Free with vault_secret_free, which wipes it.
 */
void		*vault_secret_alloc(size_t size);

/* Wipe and free memory from vault_secret_alloc. NULL is allowed. */
void		 vault_secret_free(void *p);

/* Wipe size bytes of any memory in a way the compiler keeps. */
void		 vault_secret_wipe(void *p, size_t size);

#endif
