/* Test-only vault controls; not installed, included by tests only. */
#ifndef SWITCHBOARD_VAULT_PRIVATE_H
#define SWITCHBOARD_VAULT_PRIVATE_H

#include <stdint.h>

#include "switchboard/vault.h"

/* The steps of vault_save, in order, for failure injection. */
enum vault_save_step {
	VAULT_SAVE_STEP_NONE = 0,
	VAULT_SAVE_STEP_CREATE,
	VAULT_SAVE_STEP_WRITE,
	VAULT_SAVE_STEP_FSYNC,
	VAULT_SAVE_STEP_RENAME,
	VAULT_SAVE_STEP_DIRSYNC
};

/*
 * Make the next saves of v fail at step as if the system call had failed
 * with EIO (VAULT_SAVE_STEP_NONE turns it off).
 */
void	vault_test_fail_at(struct vault *v, enum vault_save_step step);

/*
 * Make the next vault_revert of v fail at step (when it has to write) as
 * if the system call had failed with EIO.
 */
void	vault_test_fail_revert_at(struct vault *v,
	    enum vault_save_step step);

/*
 * Use these Argon2id limits for the saves of v instead of the defaults, so
 * tests run fast; they must lie within what a vault file may carry (up to
 * VAULT_OPS_MAX and VAULT_MEM_KIB_MAX). Opening always uses the limits in
 * the file.
 */
void	vault_test_set_limits(struct vault *v, uint32_t opslimit,
	    uint32_t memlimit_kib);

#endif
