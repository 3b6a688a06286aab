/* Guarded YAML loading: libyaml events into a small tree, hostile input out. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <yaml.h>

#include "switchboard/util.h"
#include "switchboard/ytree.h"

/* Items in one collection; keeps the duplicate-key scan cheap. */
#define YTREE_MAX_ITEMS	4096

/* Parser state while events are turned into nodes. */
struct ytree_build {
	struct ytree		*tree;
	struct ytree_node	*stack[YTREE_MAX_DEPTH];
	int			 depth;
	size_t			 nodes;
	int			 documents;
};

enum sb_status
ytree_error(const struct ytree *tree, const struct ytree_node *node,
    struct sb_error *err, enum sb_status status, const char *fmt, ...)
{
	char	msg[SB_ERROR_MESSAGE_MAX];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (node == NULL)
		return sb_error_set(err, status, "%s: %s", tree->file, msg);
	return sb_error_set(err, status, "%s:%d:%d: %s", tree->file,
	    node->line, node->column, msg);
}

static enum sb_status
ytree_error_at(const char *file, size_t line, size_t column,
    struct sb_error *err, const char *msg)
{
	return sb_error_set(err, SB_INVALID, "%s:%zu:%zu: %s", file, line,
	    column, msg);
}

static void
ytree_node_free(struct ytree_node *node)
{
	size_t	i;

	if (node == NULL)
		return;
	for (i = 0; i < node->nkids; i++)
		ytree_node_free(node->kids[i]);
	free(node->kids);
	free(node->value);
	free(node);
}

void
ytree_free(struct ytree *tree)
{
	if (tree == NULL)
		return;
	ytree_node_free(tree->root);
	free(tree->file);
	free(tree);
}

/* Length of the UTF-8 sequence at p (1-4), or 0 if it is invalid. */
static size_t
ytree_utf8_len(const unsigned char *p, size_t left)
{
	unsigned int	c;
	size_t		n, i;

	if (p[0] < 0x80)
		return p[0] == 0 ? 0 : 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	c = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

/* Refuse NUL bytes and bad UTF-8, naming where the first one is. */
static enum sb_status
ytree_check_utf8(const char *name, const char *text, size_t len,
    struct sb_error *err)
{
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 i = 0, n, line = 1, column = 1;

	while (i < len) {
		n = ytree_utf8_len(p + i, len - i);
		if (n == 0)
			return ytree_error_at(name, line, column, err,
			    p[i] == 0 ? "NUL byte in text" :
			    "not valid UTF-8 text");
		if (p[i] == '\n') {
			line++;
			column = 1;
		} else
			column++;
		i += n;
	}
	return SB_OK;
}

static struct ytree_node *
ytree_node_create(const yaml_event_t *ev, enum ytree_type type)
{
	struct ytree_node	*node;

	node = xcalloc(1, sizeof *node);
	node->type = type;
	node->line = (int)ev->start_mark.line + 1;
	node->column = (int)ev->start_mark.column + 1;
	return node;
}

static void
ytree_node_add(struct ytree_node *parent, struct ytree_node *kid)
{
	size_t	n = parent->nkids;

	if ((n & (n - 1)) == 0)
		parent->kids = xreallocarray(parent->kids, n == 0 ? 1 : n * 2,
		    sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
}

/* Hang node under the open collection (or make it the root). */
static enum sb_status
ytree_attach(struct ytree_build *b, struct ytree_node *node,
    struct sb_error *err)
{
	struct ytree_node	*parent;
	size_t			 i;

	if (b->depth == 0) {
		b->tree->root = node;
		return SB_OK;
	}
	parent = b->stack[b->depth - 1];
	if (parent->nkids >= YTREE_MAX_ITEMS * 2) {
		ytree_node_free(node);
		return ytree_error(b->tree, parent, err, SB_INVALID,
		    "too many entries (at most %d)", YTREE_MAX_ITEMS);
	}
	ytree_node_add(parent, node);
	if (parent->type != YTREE_MAP || parent->nkids % 2 == 0)
		return SB_OK;
	if (node->type != YTREE_SCALAR)
		return ytree_error(b->tree, node, err, SB_INVALID,
		    "expected a plain key, found a collection");
	for (i = 0; i + 1 < parent->nkids; i += 2) {
		if (strcmp(parent->kids[i]->value, node->value) == 0)
			return ytree_error(b->tree, node, err, SB_INVALID,
			    "duplicate key \"%s\" (first at line %d)",
			    node->value, parent->kids[i]->line);
	}
	return SB_OK;
}

static enum sb_status
ytree_on_scalar(struct ytree_build *b, const yaml_event_t *ev,
    struct sb_error *err)
{
	struct ytree_node	*node;
	size_t			 len = ev->data.scalar.length;

	if (memchr(ev->data.scalar.value, '\0', len) != NULL)
		return ytree_error_at(b->tree->file, ev->start_mark.line + 1,
		    ev->start_mark.column + 1, err, "NUL character in text");
	node = ytree_node_create(ev, YTREE_SCALAR);
	node->value = xstrndup((const char *)ev->data.scalar.value, len);
	node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return ytree_attach(b, node, err);
}

static enum sb_status
ytree_on_open(struct ytree_build *b, const yaml_event_t *ev,
    enum ytree_type type, struct sb_error *err)
{
	struct ytree_node	*node;
	enum sb_status		 st;

	if (b->depth >= YTREE_MAX_DEPTH)
		return sb_error_set(err, SB_INVALID,
		    "%s:%zu:%zu: nested too deeply (at most %d levels)",
		    b->tree->file, ev->start_mark.line + 1,
		    ev->start_mark.column + 1, YTREE_MAX_DEPTH);
	node = ytree_node_create(ev, type);
	if ((st = ytree_attach(b, node, err)) != SB_OK)
		return st;
	b->stack[b->depth++] = node;
	return SB_OK;
}

static const yaml_char_t *
ytree_event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

/* Handle one event; SB_OK to go on. */
static enum sb_status
ytree_on_event(struct ytree_build *b, const yaml_event_t *ev,
    struct sb_error *err)
{
	if (ev->type == YAML_ALIAS_EVENT || ytree_event_anchor(ev) != NULL)
		return ytree_error_at(b->tree->file, ev->start_mark.line + 1,
		    ev->start_mark.column + 1, err,
		    "anchors and aliases (& and *) are not allowed here");
	if (ev->type == YAML_SCALAR_EVENT ||
	    ev->type == YAML_SEQUENCE_START_EVENT ||
	    ev->type == YAML_MAPPING_START_EVENT) {
		if (++b->nodes > YTREE_MAX_NODES)
			return ytree_error_at(b->tree->file,
			    ev->start_mark.line + 1, ev->start_mark.column + 1,
			    err, "too many values in one file");
	}
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			return ytree_error_at(b->tree->file,
			    ev->start_mark.line + 1, ev->start_mark.column + 1,
			    err, "expected one document, found a second");
		return SB_OK;
	case YAML_SCALAR_EVENT:
		return ytree_on_scalar(b, ev, err);
	case YAML_SEQUENCE_START_EVENT:
		return ytree_on_open(b, ev, YTREE_SEQ, err);
	case YAML_MAPPING_START_EVENT:
		return ytree_on_open(b, ev, YTREE_MAP, err);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return SB_OK;
	default:
		return SB_OK;
	}
}

static enum sb_status
ytree_parser_error(const char *name, const yaml_parser_t *p,
    struct sb_error *err)
{
	const char	*problem = p->problem ? p->problem : "invalid YAML";
	char		 msg[SB_ERROR_MESSAGE_MAX];

	if (p->context != NULL)
		snprintf(msg, sizeof msg, "%s (%s at line %zu, column %zu)",
		    problem, p->context, p->context_mark.line + 1,
		    p->context_mark.column + 1);
	else
		snprintf(msg, sizeof msg, "%s", problem);
	return ytree_error_at(name, p->problem_mark.line + 1,
	    p->problem_mark.column + 1, err, msg);
}

enum sb_status
ytree_load_string(const char *name, const char *text, size_t len,
    struct ytree **out, struct sb_error *err)
{
	struct ytree_build	 b;
	yaml_parser_t		 parser;
	yaml_event_t		 ev;
	enum sb_status		 st;
	int			 done = 0;

	*out = NULL;
	if (len > YTREE_MAX_BYTES)
		return sb_error_set(err, SB_INVALID,
		    "%s: file too large (%zu bytes, at most %d)", name, len,
		    YTREE_MAX_BYTES);
	if ((st = ytree_check_utf8(name, text, len, err)) != SB_OK)
		return st;
	memset(&b, 0, sizeof b);
	b.tree = xcalloc(1, sizeof *b.tree);
	b.tree->file = xstrdup(name);
	if (!yaml_parser_initialize(&parser))
		fatal("out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			st = ytree_parser_error(name, &parser, err);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		st = ytree_on_event(&b, &ev, err);
		yaml_event_delete(&ev);
		if (st != SB_OK)
			break;
	}
	yaml_parser_delete(&parser);
	if (st != SB_OK) {
		ytree_free(b.tree);
		return st;
	}
	*out = b.tree;
	return SB_OK;
}

enum sb_status
ytree_read_file(const char *path, char **buf, size_t *len,
    struct sb_error *err)
{
	struct stat	 sb;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;
	enum sb_status	 st = SB_OK;

	*buf = NULL;
	/* Non-blocking: a FIFO in its place must not wait for a writer. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1) {
		return sb_error_set(err, errno == ENOENT ? SB_NOT_FOUND : SB_IO,
		    "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		st = sb_error_set(err, SB_IO, "%s: not a regular file", path);
		goto out;
	}
	if (sb.st_size > YTREE_MAX_BYTES) {
		st = sb_error_set(err, SB_INVALID,
		    "%s: file too large (%lld bytes, at most %d)", path,
		    (long long)sb.st_size, YTREE_MAX_BYTES);
		goto out;
	}
	*buf = xmalloc(YTREE_MAX_BYTES + 1);
	while ((n = read(fd, *buf + got, YTREE_MAX_BYTES + 1 - got)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			st = sb_error_set(err, SB_IO, "%s: %s", path,
			    strerror(errno));
			goto out;
		}
		got += (size_t)n;
		if (got > YTREE_MAX_BYTES)
			break;
	}
	*len = got;
out:
	close(fd);
	if (st != SB_OK) {
		free(*buf);
		*buf = NULL;
	}
	return st;
}

enum sb_status
ytree_load_file(const char *path, struct ytree **out, struct sb_error *err)
{
	char		*buf;
	size_t		 len = 0;
	enum sb_status	 st;

	*out = NULL;
	if ((st = ytree_read_file(path, &buf, &len, err)) != SB_OK)
		return st;
	st = ytree_load_string(path, buf, len, out, err);
	free(buf);
	return st;
}

const struct ytree_node *
ytree_map_get(const struct ytree_node *map, const char *key)
{
	size_t	i;

	if (map == NULL || map->type != YTREE_MAP)
		return NULL;
	for (i = 0; i + 1 < map->nkids; i += 2) {
		if (strcmp(map->kids[i]->value, key) == 0)
			return map->kids[i + 1];
	}
	return NULL;
}

enum sb_status
ytree_expect(const struct ytree *tree, const struct ytree_node *node,
    enum ytree_type type, struct sb_error *err)
{
	static const char *const names[] = {
		"a single value", "a mapping (key: value lines)", "a list"
	};

	if (node->type == type)
		return SB_OK;
	return ytree_error(tree, node, err, SB_INVALID, "expected %s",
	    names[type]);
}

enum sb_status
ytree_get_string(const struct ytree *tree, const struct ytree_node *node,
    const char **out, struct sb_error *err)
{
	if (node->type != YTREE_SCALAR)
		return ytree_error(tree, node, err, SB_INVALID,
		    "expected a string");
	*out = node->value;
	return SB_OK;
}

enum sb_status
ytree_get_bool(const struct ytree *tree, const struct ytree_node *node,
    bool *out, struct sb_error *err)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };
	size_t			 i;

	if (node->type == YTREE_SCALAR && node->plain) {
		for (i = 0; i < SB_ARRAY_LEN(yes); i++) {
			if (strcasecmp(node->value, yes[i]) == 0) {
				*out = true;
				return SB_OK;
			}
			if (strcasecmp(node->value, no[i]) == 0) {
				*out = false;
				return SB_OK;
			}
		}
	}
	return ytree_error(tree, node, err, SB_INVALID,
	    "expected a boolean (true or false)");
}

enum sb_status
ytree_get_int(const struct ytree *tree, const struct ytree_node *node,
    long min, long max, long *out, struct sb_error *err)
{
	char	*end;
	long	 v;

	if (node->type == YTREE_SCALAR && node->plain &&
	    node->value[0] != '\0') {
		errno = 0;
		v = strtol(node->value, &end, 10);
		if (*end == '\0' && errno == 0 && v >= min && v <= max) {
			*out = v;
			return SB_OK;
		}
	}
	return ytree_error(tree, node, err, SB_INVALID,
	    "expected a whole number from %ld to %ld", min, max);
}

enum sb_status
ytree_check_keys(const struct ytree *tree, const struct ytree_node *map,
    const char *const *allowed, struct sb_error *err)
{
	const char	*key;
	size_t		 i, j;

	for (i = 0; i + 1 < map->nkids; i += 2) {
		key = map->kids[i]->value;
		for (j = 0; allowed[j] != NULL; j++) {
			if (strcmp(key, allowed[j]) == 0)
				break;
		}
		if (allowed[j] == NULL)
			return ytree_error(tree, map->kids[i], err,
			    SB_INVALID, "unknown key \"%s\"", key);
	}
	return SB_OK;
}
