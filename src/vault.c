/* The credential vault: Argon2id and XChaCha20-Poly1305 over one file. */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <assert.h>
#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "switchboard/error.h"
#include "switchboard/util.h"
#include "switchboard/vault.h"
#include "vault-int.h"

#define VAULT_MAGIC		"SWBVAULT"
#define VAULT_MAGIC_LEN		8
#define VAULT_VERSION		1
#define VAULT_KDF_ARGON2ID13	1
#define VAULT_HEADER_LEN	64
#define VAULT_SALT_LEN		16
#define VAULT_NONCE_LEN		24
#define VAULT_KEY_LEN		32
#define VAULT_TAG_LEN		16

/*
 * Limits a file may ask for; anything outside is refused before hashing.
 * The caps are in vault.h: libsodium's MODERATE, 0.9 s per try measured
 * on the two-core build machine.
 */
#define VAULT_OPS_MIN		crypto_pwhash_OPSLIMIT_MIN
#define VAULT_MEM_KIB_MIN	(crypto_pwhash_MEMLIMIT_MIN / 1024)

_Static_assert(VAULT_OPS_MAX == crypto_pwhash_OPSLIMIT_MODERATE,
    "the vault's opslimit cap is libsodium's MODERATE");
_Static_assert((size_t)VAULT_MEM_KIB_MAX * 1024 ==
    crypto_pwhash_MEMLIMIT_MODERATE,
    "the vault's memlimit cap is libsodium's MODERATE");

/*
 * Limits for saving: the caps themselves (3 passes, 256 MiB), against
 * 0.2 s for INTERACTIVE (2 passes, 64 MiB).
 */
#define VAULT_OPS_DEFAULT	VAULT_OPS_MAX
#define VAULT_MEM_KIB_DEFAULT	VAULT_MEM_KIB_MAX

#define VAULT_BODY_MAX		(4 + VAULT_ENTRIES_MAX * \
	(2 + VAULT_NAME_MAX + 4 + VAULT_SECRET_MAX))
#define VAULT_FILE_MAX		(VAULT_HEADER_LEN + VAULT_BODY_MAX + \
	VAULT_TAG_LEN)

struct vault_entry {
	char		*name;
	unsigned char	*secret;	/* sodium_malloc, no access when idle */
	size_t		 len;
};

struct vault {
	char			*path;
	char			*passphrase;	/* sodium_malloc, no access */
	size_t			 passlen;
	struct vault_entry	*entries;	/* sorted by name */
	size_t			 count;
	const char		**names;
	struct vault_entry	*exposed;	/* readable since vault_get */
	uint32_t		 opslimit;
	uint32_t		 memlimit_kib;
	unsigned char		*orig;		/* as opened; NULL: no file */
	size_t			 orig_size;
	enum vault_save_step	 fail_step;
	enum vault_save_step	 revert_fail_step;
};

struct vault_header {
	uint16_t		 version;
	uint32_t		 opslimit;
	uint32_t		 memlimit_kib;
	const unsigned char	*salt;
	const unsigned char	*nonce;
	uint32_t		 ctlen;
};

static void
vault_sodium_ready(void)
{
	if (sodium_init() < 0)
		fatal("cannot initialise libsodium");
}

void *
vault_secret_alloc(size_t size)
{
	void	*p;

	vault_sodium_ready();
	if ((p = sodium_malloc(size)) == NULL)
		fatal("out of secure memory (%zu bytes)", size);
	return p;
}

void
vault_secret_free(void *p)
{
	if (p != NULL)
		sodium_free(p);
}

void
vault_secret_wipe(void *p, size_t size)
{
	sodium_memzero(p, size);
}

static uint32_t
vault_get32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

static void
vault_put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* A name is 1..VAULT_NAME_MAX bytes of text without control characters. */
static int
vault_name_valid(const char *name, size_t len)
{
	size_t	i;

	if (len == 0 || len > VAULT_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return 0;
	}
	return 1;
}

/* The index of name, or where it would go (*found = 0). */
static size_t
vault_entry_find(const struct vault *v, const char *name, int *found)
{
	size_t	lo = 0, hi = v->count, mid;
	int	c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(v->entries[mid].name, name);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Take back read access to the secret vault_get handed out. */
static void
vault_unexpose(struct vault *v)
{
	if (v->exposed != NULL) {
		sodium_mprotect_noaccess(v->exposed->secret);
		v->exposed = NULL;
	}
}

/* Copy secret into secure memory under name (already validated). */
static void
vault_entry_put(struct vault *v, const char *name, const void *secret,
    size_t len)
{
	struct vault_entry	*e;
	size_t			 i;
	int			 found;

	i = vault_entry_find(v, name, &found);
	if (found)
		sodium_free(v->entries[i].secret);
	else {
		v->entries = xreallocarray(v->entries, v->count + 1,
		    sizeof *v->entries);
		memmove(&v->entries[i + 1], &v->entries[i],
		    (v->count - i) * sizeof *v->entries);
		v->count++;
		v->entries[i].name = xstrdup(name);
	}
	e = &v->entries[i];
	e->secret = vault_secret_alloc(len + 1);
	memcpy(e->secret, secret, len);
	e->secret[len] = '\0';
	e->len = len;
	sodium_mprotect_noaccess(e->secret);
}

char *
vault_default_path(struct sb_error *err)
{
	const char	*dir;
	struct passwd	*pw;

	dir = getenv("XDG_DATA_HOME");
	if (dir != NULL && dir[0] == '/')
		return util_path_join(dir, "switchboard/vault");
	dir = getenv("HOME");
	if ((dir == NULL || dir[0] != '/') &&
	    (pw = getpwuid(geteuid())) != NULL)
		dir = pw->pw_dir;
	if (dir == NULL || dir[0] != '/') {
		sb_error_set(err, SB_INVALID,
		    "no home directory for the vault");
		sb_error_hint(err, "set XDG_DATA_HOME or HOME to a directory");
		return NULL;
	}
	return util_path_join(dir, ".local/share/switchboard/vault");
}

enum sb_status
vault_harden_process(struct sb_error *err)
{
	struct rlimit	rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		return sb_error_set(err, SB_INTERNAL,
		    "cannot turn core dumps off: %s", strerror(errno));
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return sb_error_set(err, SB_INTERNAL,
		    "cannot make the process non-dumpable: %s",
		    strerror(errno));
	return SB_OK;
}

/*
 * Limits above the caps: refused with what the file asks for, since a
 * damaged or hostile file would otherwise make each try take long.
 */
static enum sb_status
vault_limits_too_big(const struct vault_header *h, const char *path,
    struct sb_error *err)
{
	char	mem[32];

	if (h->memlimit_kib % 1024 == 0)
		snprintf(mem, sizeof mem, "%u MiB", h->memlimit_kib / 1024);
	else
		snprintf(mem, sizeof mem, "%u KiB", h->memlimit_kib);
	if (h->memlimit_kib > VAULT_MEM_KIB_MAX)
		sb_error_set(err, SB_CORRUPT, "the vault asks for %s of memory "
		    "per try, more than the %d MiB this program allows; it "
		    "was not written by switchboard or is damaged", mem,
		    VAULT_MEM_KIB_MAX / 1024);
	else
		sb_error_set(err, SB_CORRUPT, "the vault asks for %u Argon2id "
		    "passes per try, more than the %d this program allows; it "
		    "was not written by switchboard or is damaged",
		    h->opslimit, VAULT_OPS_MAX);
	sb_error_hint(err, "restore %s from a backup, or move it away to "
	    "start an empty vault", path);
	return SB_CORRUPT;
}

/* Check the header before any hashing: the file must be what it says. */
static enum sb_status
vault_header_parse(const unsigned char *buf, size_t size, const char *path,
    struct vault_header *h, struct sb_error *err)
{
	if (size < VAULT_MAGIC_LEN + 2 ||
	    memcmp(buf, VAULT_MAGIC, VAULT_MAGIC_LEN) != 0)
		return vault_damaged(path, err);
	h->version = ((uint16_t)buf[8] << 8) | buf[9];
	if (h->version > VAULT_VERSION) {
		sb_error_set(err, SB_UNSUPPORTED, "the vault %s uses format "
		    "version %u; this switchboard reads version %u", path,
		    h->version, VAULT_VERSION);
		sb_error_hint(err, "open it with a switchboard that reads "
		    "vault format version %u", h->version);
		return SB_UNSUPPORTED;
	}
	if (h->version == 0 || size < VAULT_HEADER_LEN ||
	    buf[10] != VAULT_KDF_ARGON2ID13 || buf[11] != 0)
		return vault_damaged(path, err);
	h->opslimit = vault_get32(buf + 12);
	h->memlimit_kib = vault_get32(buf + 16);
	h->salt = buf + 20;
	h->nonce = buf + 36;
	h->ctlen = vault_get32(buf + 60);
	if (h->opslimit < VAULT_OPS_MIN ||
	    h->memlimit_kib < VAULT_MEM_KIB_MIN ||
	    h->ctlen < VAULT_TAG_LEN + 4 ||
	    h->ctlen != size - VAULT_HEADER_LEN)
		return vault_damaged(path, err);
	if (h->opslimit > VAULT_OPS_MAX || h->memlimit_kib > VAULT_MEM_KIB_MAX)
		return vault_limits_too_big(h, path, err);
	return SB_OK;
}

/* Argon2id of the vault's passphrase into key (VAULT_KEY_LEN bytes). */
static enum sb_status
vault_derive_key(struct vault *v, const unsigned char *salt, uint32_t ops,
    uint32_t mem_kib, unsigned char *key, struct sb_error *err)
{
	int	rc;

	sodium_mprotect_readonly(v->passphrase);
	rc = crypto_pwhash(key, VAULT_KEY_LEN, v->passphrase, v->passlen, salt,
	    ops, (size_t)mem_kib * 1024, crypto_pwhash_ALG_ARGON2ID13);
	sodium_mprotect_noaccess(v->passphrase);
	if (rc != 0)
		return sb_error_set(err, SB_INTERNAL,
		    "not enough memory to derive the vault key (%u KiB)",
		    mem_kib);
	return SB_OK;
}

/* Load the decrypted entries; 0 or -1 when they are malformed. */
static int
vault_entries_parse(struct vault *v, const unsigned char *p, size_t n)
{
	const unsigned char	*end = p + n;
	char			 name[VAULT_NAME_MAX + 1];
	uint32_t		 count, i, slen;
	size_t			 nlen;
	int			 found;

	if (n < 4 || (count = vault_get32(p)) > VAULT_ENTRIES_MAX)
		return -1;
	for (p += 4, i = 0; i < count; i++) {
		if (end - p < 2)
			return -1;
		nlen = ((size_t)p[0] << 8) | p[1];
		p += 2;
		if ((size_t)(end - p) < nlen ||
		    !vault_name_valid((const char *)p, nlen))
			return -1;
		memcpy(name, p, nlen);
		name[nlen] = '\0';
		p += nlen;
		if (end - p < 4)
			return -1;
		slen = vault_get32(p);
		p += 4;
		if (slen == 0 || slen > VAULT_SECRET_MAX ||
		    (size_t)(end - p) < slen)
			return -1;
		vault_entry_find(v, name, &found);
		if (found)
			return -1;
		vault_entry_put(v, name, p, slen);
		p += slen;
	}
	return p == end ? 0 : -1;
}

/* Decrypt a file already read into buf and load its entries. */
static enum sb_status
vault_decrypt(struct vault *v, const unsigned char *buf, size_t size,
    struct sb_error *err)
{
	struct vault_header	 h = { 0 };
	unsigned char		*key = NULL, *pt = NULL;
	unsigned long long	 ptlen;
	enum sb_status		 st;

	if ((st = vault_header_parse(buf, size, v->path, &h, err)) != SB_OK)
		return st;
	key = vault_secret_alloc(VAULT_KEY_LEN);
	st = vault_derive_key(v, h.salt, h.opslimit, h.memlimit_kib, key, err);
	if (st != SB_OK)
		goto out;
	pt = vault_secret_alloc(h.ctlen - VAULT_TAG_LEN);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &ptlen, NULL,
	    buf + VAULT_HEADER_LEN, h.ctlen, buf, VAULT_HEADER_LEN, h.nonce,
	    key) != 0) {
		st = sb_error_set(err, SB_BAD_SECRET,
		    "wrong passphrase, or the vault file was changed");
		sb_error_hint(err, "try the passphrase again; if it is right, "
		    "restore %s from a backup", v->path);
		goto out;
	}
	if (vault_entries_parse(v, pt, ptlen) != 0) {
		st = vault_damaged(v->path, err);
		goto out;
	}
	st = SB_OK;
out:
	vault_secret_free(pt);
	vault_secret_free(key);
	return st;
}

static void
vault_set_passphrase(struct vault *v, const char *passphrase, size_t len)
{
	vault_secret_free(v->passphrase);
	v->passphrase = vault_secret_alloc(len + 1);
	memcpy(v->passphrase, passphrase, len + 1);
	v->passlen = len;
	sodium_mprotect_noaccess(v->passphrase);
}

static enum sb_status
vault_check_passphrase(const char *passphrase, size_t *len,
    struct sb_error *err)
{
	*len = strnlen(passphrase, VAULT_PASSPHRASE_MAX + 1);
	if (*len == 0)
		return sb_error_set(err, SB_INVALID, "the passphrase is empty");
	if (*len > VAULT_PASSPHRASE_MAX)
		return sb_error_set(err, SB_INVALID,
		    "the passphrase is longer than %d bytes",
		    VAULT_PASSPHRASE_MAX);
	return SB_OK;
}

enum sb_status
vault_open(const char *path, const char *passphrase, struct vault **out,
    struct sb_error *err)
{
	struct vault	*v;
	unsigned char	*buf = NULL;
	size_t		 size = 0, passlen;
	enum sb_status	 st;

	*out = NULL;
	sb_error_clear(err);
	if ((st = vault_check_passphrase(passphrase, &passlen, err)) != SB_OK)
		return st;
	if ((st = vault_harden_process(err)) != SB_OK)
		return st;
	vault_sodium_ready();
	v = xcalloc(1, sizeof *v);
	v->path = xstrdup(path);
	v->opslimit = VAULT_OPS_DEFAULT;
	v->memlimit_kib = VAULT_MEM_KIB_DEFAULT;
	vault_set_passphrase(v, passphrase, passlen);
	st = vault_file_read(path, VAULT_FILE_MAX, &buf, &size, err);
	if (st == SB_OK)
		st = vault_decrypt(v, buf, size, err);
	else if (st == SB_NOT_FOUND)
		st = SB_OK;
	if (st != SB_OK) {
		free(buf);
		vault_close(v);
		return st;
	}
	/* Kept, sealed as it is, for vault_revert. */
	v->orig = buf;
	v->orig_size = size;
	*out = v;
	return SB_OK;
}

const unsigned char *
vault_get(struct vault *v, const char *name, size_t *len)
{
	size_t	i;
	int	found;

	vault_unexpose(v);
	i = vault_entry_find(v, name, &found);
	if (!found)
		return NULL;
	v->exposed = &v->entries[i];
	sodium_mprotect_readonly(v->exposed->secret);
	if (len != NULL)
		*len = v->exposed->len;
	return v->exposed->secret;
}

enum sb_status
vault_set(struct vault *v, const char *name, const void *secret, size_t len,
    struct sb_error *err)
{
	int	found;

	vault_unexpose(v);
	if (!vault_name_valid(name, strlen(name))) {
		sb_error_set(err, SB_INVALID, "a profile name must be 1 to %d "
		    "characters without control characters", VAULT_NAME_MAX);
		sb_error_field(err, "name");
		return SB_INVALID;
	}
	if (len == 0 || len > VAULT_SECRET_MAX) {
		sb_error_set(err, SB_INVALID, "a password must be 1 to %d "
		    "bytes long", VAULT_SECRET_MAX);
		sb_error_field(err, "password");
		return SB_INVALID;
	}
	vault_entry_find(v, name, &found);
	if (!found && v->count >= VAULT_ENTRIES_MAX)
		return sb_error_set(err, SB_INVALID,
		    "the vault holds at most %d passwords", VAULT_ENTRIES_MAX);
	vault_entry_put(v, name, secret, len);
	return SB_OK;
}

enum sb_status
vault_remove(struct vault *v, const char *name, struct sb_error *err)
{
	size_t	i;
	int	found;

	vault_unexpose(v);
	i = vault_entry_find(v, name, &found);
	if (!found)
		return sb_error_set(err, SB_NOT_FOUND,
		    "no password stored for this profile");
	free(v->entries[i].name);
	sodium_free(v->entries[i].secret);
	memmove(&v->entries[i], &v->entries[i + 1],
	    (v->count - i - 1) * sizeof *v->entries);
	v->count--;
	return SB_OK;
}

const char *const *
vault_list(struct vault *v, size_t *count)
{
	size_t	i;

	vault_unexpose(v);
	v->names = xreallocarray(v->names, v->count + 1, sizeof *v->names);
	for (i = 0; i < v->count; i++)
		v->names[i] = v->entries[i].name;
	v->names[v->count] = NULL;
	if (count != NULL)
		*count = v->count;
	return v->names;
}

enum sb_status
vault_change_passphrase(struct vault *v, const char *passphrase,
    struct sb_error *err)
{
	size_t		passlen;
	enum sb_status	st;

	vault_unexpose(v);
	if ((st = vault_check_passphrase(passphrase, &passlen, err)) != SB_OK)
		return st;
	vault_set_passphrase(v, passphrase, passlen);
	return SB_OK;
}

void
vault_close(struct vault *v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < v->count; i++) {
		free(v->entries[i].name);
		sodium_free(v->entries[i].secret);
	}
	free(v->entries);
	free(v->names);
	vault_secret_free(v->passphrase);
	free(v->orig);
	free(v->path);
	free(v);
}

/* The entries in file form, in secure memory the caller frees. */
static unsigned char *
vault_entries_pack(struct vault *v, size_t *size)
{
	unsigned char	*buf, *p;
	size_t		 i, n = 4, nlen;

	for (i = 0; i < v->count; i++)
		n += 2 + strlen(v->entries[i].name) + 4 + v->entries[i].len;
	buf = p = vault_secret_alloc(n);
	vault_put32(p, v->count);
	p += 4;
	for (i = 0; i < v->count; i++) {
		nlen = strlen(v->entries[i].name);
		*p++ = nlen >> 8;
		*p++ = nlen & 0xff;
		memcpy(p, v->entries[i].name, nlen);
		p += nlen;
		vault_put32(p, v->entries[i].len);
		p += 4;
		sodium_mprotect_readonly(v->entries[i].secret);
		memcpy(p, v->entries[i].secret, v->entries[i].len);
		sodium_mprotect_noaccess(v->entries[i].secret);
		p += v->entries[i].len;
	}
	*size = n;
	return buf;
}

/* Build the whole file: header, then the sealed entries. Caller frees. */
static enum sb_status
vault_seal(struct vault *v, unsigned char **out, size_t *size,
    struct sb_error *err)
{
	unsigned char	*buf, *key, *pt;
	size_t		 ptlen;
	enum sb_status	 st;

	/* The program writes nothing it would refuse to read. */
	assert(v->opslimit >= VAULT_OPS_MIN && v->opslimit <= VAULT_OPS_MAX);
	assert(v->memlimit_kib >= VAULT_MEM_KIB_MIN &&
	    v->memlimit_kib <= VAULT_MEM_KIB_MAX);
	pt = vault_entries_pack(v, &ptlen);
	*size = VAULT_HEADER_LEN + ptlen + VAULT_TAG_LEN;
	buf = xcalloc(1, *size);
	memcpy(buf, VAULT_MAGIC, VAULT_MAGIC_LEN);
	buf[8] = VAULT_VERSION >> 8;
	buf[9] = VAULT_VERSION & 0xff;
	buf[10] = VAULT_KDF_ARGON2ID13;
	vault_put32(buf + 12, v->opslimit);
	vault_put32(buf + 16, v->memlimit_kib);
	randombytes_buf(buf + 20, VAULT_SALT_LEN);
	randombytes_buf(buf + 36, VAULT_NONCE_LEN);
	vault_put32(buf + 60, ptlen + VAULT_TAG_LEN);
	key = vault_secret_alloc(VAULT_KEY_LEN);
	st = vault_derive_key(v, buf + 20, v->opslimit, v->memlimit_kib, key,
	    err);
	if (st == SB_OK)
		crypto_aead_xchacha20poly1305_ietf_encrypt(
		    buf + VAULT_HEADER_LEN, NULL, pt, ptlen, buf,
		    VAULT_HEADER_LEN, NULL, buf + 36, key);
	vault_secret_free(key);
	vault_secret_free(pt);
	if (st != SB_OK) {
		free(buf);
		buf = NULL;
	}
	*out = buf;
	return st;
}

enum sb_status
vault_save(struct vault *v, struct sb_error *err)
{
	unsigned char	*buf;
	size_t		 size;
	enum sb_status	 st;

	vault_unexpose(v);
	if ((st = vault_seal(v, &buf, &size, err)) != SB_OK)
		return st;
	st = vault_file_replace(v->path, buf, size, v->fail_step, err);
	free(buf);
	return st;
}

/* Whether the file holds what vault_open found there (or nothing). */
static int
vault_file_unchanged(const struct vault *v)
{
	unsigned char	*buf;
	size_t		 size;
	enum sb_status	 st;
	int		 same;

	st = vault_file_read(v->path, VAULT_FILE_MAX, &buf, &size, NULL);
	if (st == SB_NOT_FOUND)
		return v->orig == NULL;
	same = st == SB_OK && v->orig != NULL && size == v->orig_size &&
	    memcmp(buf, v->orig, size) == 0;
	free(buf);
	return same;
}

enum sb_status
vault_revert(struct vault *v, struct sb_error *err)
{
	enum sb_status	st;

	vault_unexpose(v);
	if (vault_file_unchanged(v))
		return SB_OK;
	if (v->orig == NULL)
		return vault_file_remove(v->path, err);
	st = vault_file_replace(v->path, v->orig, v->orig_size,
	    v->revert_fail_step, err);
	/* Back in place, only not flushed: as sure as the save it undoes. */
	if (st != SB_OK && vault_file_unchanged(v))
		st = SB_OK;
	return st;
}

void
vault_test_fail_at(struct vault *v, enum vault_save_step step)
{
	v->fail_step = step;
}

void
vault_test_fail_revert_at(struct vault *v, enum vault_save_step step)
{
	v->revert_fail_step = step;
}

void
vault_test_set_limits(struct vault *v, uint32_t opslimit,
    uint32_t memlimit_kib)
{
	v->opslimit = opslimit;
	v->memlimit_kib = memlimit_kib;
}
