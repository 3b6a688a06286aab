/* Expected failures: a status code plus a message the UI can show. */
#ifndef SWITCHBOARD_ERROR_H
#define SWITCHBOARD_ERROR_H

#include <stddef.h>

/*
 * Status codes, each with the short meaning the user sees. Expected failures
 * return one of these; details go into a caller-provided struct sb_error.
 */
#define SB_STATUS_LIST(X)						\
	X(SB_OK,		"ok")					\
	X(SB_INVALID,		"invalid input")			\
	X(SB_NOT_FOUND,		"not found")				\
	X(SB_CONFLICT,		"changed by someone else")		\
	X(SB_DENIED,		"not allowed")				\
	X(SB_UNAVAILABLE,	"server unavailable")			\
	X(SB_IO,		"file error")				\
	X(SB_CORRUPT,		"damaged or foreign data")		\
	X(SB_BAD_SECRET,	"wrong passphrase")			\
	X(SB_UNSUPPORTED,	"unsupported")				\
	X(SB_INTERNAL,		"internal error")

enum sb_status {
#define SB_STATUS_ENUM(name, text) name,
	SB_STATUS_LIST(SB_STATUS_ENUM)
#undef SB_STATUS_ENUM
	SB_STATUS_COUNT
};

#define SB_ERROR_FIELD_MAX	64
#define SB_ERROR_MESSAGE_MAX	512
#define SB_ERROR_HINT_MAX	512

/*
 * Filled by the function that failed. message says what went wrong, hint
 * what to do about it; field names the input at fault, sqlstate the server's
 * code. All are plain text that may quote untrusted input: sanitize before
 * drawing. Embedded in the caller; no cleanup needed.
 */
struct sb_error {
	enum sb_status	status;
	char		field[SB_ERROR_FIELD_MAX];
	char		sqlstate[6];
	char		message[SB_ERROR_MESSAGE_MAX];
	char		hint[SB_ERROR_HINT_MAX];
};

/* The short meaning of a status ("server unavailable"); static storage. */
const char	*sb_status_text(enum sb_status);

/* Reset to SB_OK with empty strings. err may be NULL. */
void		 sb_error_clear(struct sb_error *err);

/*
 * Record a failure and return status, so callers can write
 * "return sb_error_set(err, SB_INVALID, ...)". err may be NULL.
 */
enum sb_status	 sb_error_set(struct sb_error *err, enum sb_status status,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Add or replace the hint: what the user can do about it. */
void		 sb_error_hint(struct sb_error *err, const char *fmt, ...)
		     __attribute__((format(printf, 2, 3)));

/* Name the input field at fault. */
void		 sb_error_field(struct sb_error *err, const char *field);

/*
 * One line for a log or stderr: "message (hint)". Writes at most size bytes
 * into buf, always terminated; returns buf.
 */
char		*sb_error_format(const struct sb_error *err, char *buf,
		     size_t size);

#endif
