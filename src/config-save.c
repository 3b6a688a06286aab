/* Writing profiles.yaml: the managed profiles emitted, or put back. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "switchboard/config.h"
#include "switchboard/util.h"

/* libyaml output handler: write everything to the descriptor. */
static int
config_emit_write(void *data, unsigned char *buf, size_t size)
{
	int	fd = *(int *)data;
	ssize_t	n;

	while (size > 0) {
		n = write(fd, buf, size);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		buf += n;
		size -= (size_t)n;
	}
	return 1;
}

static int
config_emit_scalar(yaml_emitter_t *em, const char *s, int quoted)
{
	yaml_event_t	ev;

	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	    (int)strlen(s), 1, 1, quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
	    YAML_ANY_SCALAR_STYLE);
	return yaml_emitter_emit(em, &ev);
}

static int
config_emit_open(yaml_emitter_t *em, int seq)
{
	yaml_event_t	ev;

	if (seq)
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_FLOW_SEQUENCE_STYLE);
	else
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_MAPPING_STYLE);
	return yaml_emitter_emit(em, &ev);
}

static int
config_emit_close(yaml_emitter_t *em, int seq)
{
	yaml_event_t	ev;

	if (seq)
		yaml_sequence_end_event_initialize(&ev);
	else
		yaml_mapping_end_event_initialize(&ev);
	return yaml_emitter_emit(em, &ev);
}

static int
config_emit_list(yaml_emitter_t *em, const char *key, char *const *v,
    size_t n)
{
	size_t	i;

	if (n == 0)
		return 1;
	if (!config_emit_scalar(em, key, 0) || !config_emit_open(em, 1))
		return 0;
	for (i = 0; i < n; i++) {
		if (!config_emit_scalar(em, v[i], 1))
			return 0;
	}
	return config_emit_close(em, 1);
}

static int
config_emit_field(yaml_emitter_t *em, const char *key, const char *value)
{
	if (value == NULL)
		return 1;
	return config_emit_scalar(em, key, 0) &&
	    config_emit_scalar(em, value, 1);
}

static int
config_emit_profile(yaml_emitter_t *em, const struct config_profile *p)
{
	char	port[16];

	snprintf(port, sizeof port, "%d", p->port);
	return config_emit_scalar(em, p->name, 0) &&
	    config_emit_open(em, 0) &&
	    config_emit_list(em, "hosts", p->hosts, p->nhosts) &&
	    (p->port == 0 || (config_emit_scalar(em, "port", 0) &&
	    config_emit_scalar(em, port, 0))) &&
	    config_emit_field(em, "database", p->database) &&
	    config_emit_field(em, "user", p->user) &&
	    config_emit_field(em, "sslmode", p->sslmode) &&
	    config_emit_list(em, "standby-hosts", p->standby_hosts,
	    p->nstandby) &&
	    config_emit_close(em, 0);
}

/* The whole profiles.yaml document onto fd; 0 on failure. */
static int
config_emit_profiles(const struct config *cfg, int fd)
{
	yaml_emitter_t	em;
	yaml_event_t	ev;
	size_t		i;
	int		ok;

	if (!yaml_emitter_initialize(&em))
		fatal("out of memory");
	yaml_emitter_set_output(&em, config_emit_write, &fd);
	yaml_emitter_set_unicode(&em, 1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = yaml_emitter_emit(&em, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	ok = ok && yaml_emitter_emit(&em, &ev) && config_emit_open(&em, 0) &&
	    config_emit_scalar(&em, "profiles", 0) && config_emit_open(&em, 0);
	for (i = 0; ok && i < cfg->nprofiles; i++) {
		if (cfg->profiles[i].managed)
			ok = config_emit_profile(&em, &cfg->profiles[i]);
	}
	ok = ok && config_emit_close(&em, 0) && config_emit_close(&em, 0);
	if (ok) {
		yaml_document_end_event_initialize(&ev, 1);
		ok = yaml_emitter_emit(&em, &ev);
	}
	if (ok) {
		yaml_stream_end_event_initialize(&ev);
		ok = yaml_emitter_emit(&em, &ev) && yaml_emitter_flush(&em);
	}
	yaml_emitter_delete(&em);
	return ok;
}

/* Make a finished rename durable. */
static void
config_sync_dir(const char *dir)
{
	int	fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	fsync(fd);
	close(fd);
}

/*
 * Write profiles.yaml atomically: a private temporary file, fsync, rename
 * over the old one, fsync the directory. text (len bytes) is written as it
 * is; NULL writes the managed profiles of cfg.
 */
static enum sb_status
config_profiles_write(const struct config *cfg, const char *text,
    size_t len, struct sb_error *err)
{
	static const char	 header[] = "# Connection profiles saved by "
	    "switchboard; it rewrites this file.\n# Write your own in "
	    "config.yaml instead.\n";
	char			*tmp, *path;
	int			 fd, ok;
	enum sb_status		 st = SB_OK;

	if (cfg->dir == NULL)
		return sb_error_set(err, SB_IO, "no configuration directory "
		    "(set HOME or XDG_CONFIG_HOME)");
	if (util_mkdir_p(cfg->dir, 0700) == -1)
		return sb_error_set(err, SB_IO, "%s: %s", cfg->dir,
		    strerror(errno));
	path = util_path_join(cfg->dir, "profiles.yaml");
	tmp = util_path_join(cfg->dir, ".profiles.yaml.XXXXXX");
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		st = sb_error_set(err, SB_IO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	errno = 0;
	if (text != NULL)
		ok = config_emit_write(&fd, (unsigned char *)text, len);
	else
		ok = config_emit_write(&fd, (unsigned char *)header,
		    sizeof header - 1) && config_emit_profiles(cfg, fd);
	ok = ok && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		st = sb_error_set(err, SB_IO, "%s: %s", path,
		    errno != 0 ? strerror(errno) : "write failed");
		unlink(tmp);
		goto out;
	}
	config_sync_dir(cfg->dir);
out:
	free(tmp);
	free(path);
	return st;
}

enum sb_status
config_profiles_save(const struct config *cfg, struct sb_error *err)
{
	return config_profiles_write(cfg, NULL, 0, err);
}

enum sb_status
config_profiles_revert(const struct config *cfg, struct sb_error *err)
{
	char		*path;
	enum sb_status	 st = SB_OK;

	if (cfg->profiles_text != NULL)
		return config_profiles_write(cfg, cfg->profiles_text,
		    cfg->profiles_len, err);
	if (cfg->dir == NULL)
		return SB_OK;
	path = util_path_join(cfg->dir, "profiles.yaml");
	if (unlink(path) == 0)
		config_sync_dir(cfg->dir);
	else if (errno != ENOENT)
		st = sb_error_set(err, SB_IO, "%s: %s", path,
		    strerror(errno));
	free(path);
	return st;
}
