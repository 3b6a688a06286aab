/* Guarded YAML loading into a small tree, with file:line:column errors. */
#ifndef SWITCHBOARD_YTREE_H
#define SWITCHBOARD_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"

/* Files larger than this are refused before parsing. */
#define YTREE_MAX_BYTES		(1024 * 1024)
/* Collections nested deeper than this are refused while parsing. */
#define YTREE_MAX_DEPTH		16
/* More nodes than this are refused (a 1 MiB flow sequence of "[1,1,...]"). */
#define YTREE_MAX_NODES		200000

enum ytree_type {
	YTREE_SCALAR,
	YTREE_MAP,
	YTREE_SEQ
};

/*
 * One node. A map keeps its keys and values alternately in kids (key at even
 * index, its value after it); keys are always scalars and never repeat.
 * line and column count from 1. Owned by the tree.
 */
struct ytree_node {
	enum ytree_type		  type;
	int			  line;
	int			  column;
	char			 *value;	/* scalars: UTF-8, NUL-free */
	bool			  plain;	/* scalar without quotes */
	struct ytree_node	**kids;
	size_t			  nkids;
};

/* A parsed document; root is NULL for an empty file. */
struct ytree {
	char			*file;		/* name used in messages */
	struct ytree_node	*root;
};

/*
 * Parse the file at path. Refuses files over YTREE_MAX_BYTES, invalid UTF-8,
 * NUL bytes, anchors and aliases, nesting over YTREE_MAX_DEPTH, duplicate or
 * non-scalar map keys, and more than one document. A missing file returns
 * SB_NOT_FOUND. On SB_OK the caller frees *out with ytree_free.
 */
enum sb_status	 ytree_load_file(const char *path, struct ytree **out,
		     struct sb_error *err);

/*
 * The bytes of a regular file of at most YTREE_MAX_BYTES, as
 * ytree_load_file reads them (SB_NOT_FOUND when it is missing); caller
 * frees *buf.
 */
enum sb_status	 ytree_read_file(const char *path, char **buf,
		     size_t *len, struct sb_error *err);

/* The same checks for text in memory; name is used in messages. */
enum sb_status	 ytree_load_string(const char *name, const char *text,
		     size_t len, struct ytree **out, struct sb_error *err);

void		 ytree_free(struct ytree *tree);

/*
 * Set err to "file:line:column: message" for node (or the file alone when
 * node is NULL) and return status.
 */
enum sb_status	 ytree_error(const struct ytree *tree,
		     const struct ytree_node *node, struct sb_error *err,
		     enum sb_status status, const char *fmt, ...)
		     __attribute__((format(printf, 5, 6)));

/* The value for key in map, or NULL (borrowed from the tree). */
const struct ytree_node *ytree_map_get(const struct ytree_node *map,
		     const char *key);

/*
 * Typed accessors: each fails with "expected a ..." at the node's location.
 * Strings are borrowed from the tree.
 */
enum sb_status	 ytree_expect(const struct ytree *tree,
		     const struct ytree_node *node, enum ytree_type type,
		     struct sb_error *err);
enum sb_status	 ytree_get_string(const struct ytree *tree,
		     const struct ytree_node *node, const char **out,
		     struct sb_error *err);
enum sb_status	 ytree_get_bool(const struct ytree *tree,
		     const struct ytree_node *node, bool *out,
		     struct sb_error *err);
enum sb_status	 ytree_get_int(const struct ytree *tree,
		     const struct ytree_node *node, long min, long max,
		     long *out, struct sb_error *err);

/*
 * Check that map has only keys from the NULL-terminated list allowed;
 * the first other key is reported as unknown at its location.
 */
enum sb_status	 ytree_check_keys(const struct ytree *tree,
		     const struct ytree_node *map, const char *const *allowed,
		     struct sb_error *err);

#endif
