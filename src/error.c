/* Expected failures: status codes and the messages that go with them. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "switchboard/error.h"

static const char *const sb_status_texts[] = {
#define SB_STATUS_TEXT(name, text) text,
	SB_STATUS_LIST(SB_STATUS_TEXT)
#undef SB_STATUS_TEXT
};

const char *
sb_status_text(enum sb_status status)
{
	if ((unsigned)status >= SB_STATUS_COUNT)
		return "unknown error";
	return sb_status_texts[status];
}

void
sb_error_clear(struct sb_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}

enum sb_status
sb_error_set(struct sb_error *err, enum sb_status status, const char *fmt,
    ...)
{
	va_list	ap;

	if (err == NULL)
		return status;
	sb_error_clear(err);
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return status;
}

void
sb_error_hint(struct sb_error *err, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof err->hint, fmt, ap);
	va_end(ap);
}

void
sb_error_field(struct sb_error *err, const char *field)
{
	if (err != NULL)
		snprintf(err->field, sizeof err->field, "%s", field);
}

char *
sb_error_format(const struct sb_error *err, char *buf, size_t size)
{
	const char	*msg;

	msg = err->message[0] != '\0' ? err->message :
	    sb_status_text(err->status);
	if (err->hint[0] != '\0')
		snprintf(buf, size, "%s (%s)", msg, err->hint);
	else
		snprintf(buf, size, "%s", msg);
	return buf;
}
