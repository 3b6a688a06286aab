/* Test helper: opens a vault and holds one secret until stdin closes. */
#include "config.h"

#include <sys/prctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/error.h"
#include "switchboard/secret.h"
#include "switchboard/vault.h"

/*
 * usage: vault-holder --passphrase-fd N VAULT NAME
 * Prints "ready dumpable=D len=L" once the secret is held, then waits for
 * end of input on stdin, closes the vault and exits 0.
 */
int
main(int argc, char **argv)
{
	struct sb_error		 err;
	struct vault		*v = NULL;
	const unsigned char	*secret;
	char			*pass = NULL, c;
	size_t			 len;
	int			 fd;

	if (argc != 5 || strcmp(argv[1], "--passphrase-fd") != 0) {
		fputs("usage: vault-holder --passphrase-fd N VAULT NAME\n",
		    stderr);
		return 2;
	}
	if (secret_parse_fd(argv[2], &fd, &err) != SB_OK ||
	    secret_read_passphrase("", fd, &pass, &err) != SB_OK) {
		fprintf(stderr, "vault-holder: %s\n", err.message);
		return 3;
	}
	if (vault_open(argv[3], pass, &v, &err) != SB_OK) {
		fprintf(stderr, "vault-holder: %s\n", err.message);
		secret_free(pass);
		return 4;
	}
	secret_free(pass);
	if ((secret = vault_get(v, argv[4], &len)) == NULL) {
		vault_close(v);
		return 5;
	}
	printf("ready dumpable=%d len=%zu\n", prctl(PR_GET_DUMPABLE, 0, 0, 0,
	    0), len);
	fflush(stdout);
	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	/* Still held: read it once more so the borrow spans the wait. */
	if (secret[len] != '\0')
		return 6;
	vault_close(v);
	return 0;
}
