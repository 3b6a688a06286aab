/* libFuzzer target: the sanitizer's invariants hold for any input bytes. */
/*
 * Not built by default. By hand, from the top of the source tree:
 *   clang -g -fsanitize=fuzzer,address,undefined -Iinclude -I. \
 *       tests/fuzz/fuzz-term-safe.c src/term-safe.c src/term-safe-cluster.c \
 *       src/util.c -o fuzz-term-safe && ./fuzz-term-safe -max_total_time=60
 */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "switchboard/term-safe.h"
#include "switchboard/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Every byte is printable and every character passes wcwidth. */
static void
fuzz_check(const char *out, int flags)
{
	mbstate_t	 ps;
	wchar_t		 wc;
	size_t		 n;

	memset(&ps, 0, sizeof ps);
	while (*out != '\0') {
		if (!(flags & TERM_SAFE_UTF8)) {
			if ((unsigned char)*out < 0x20 || *out == 0x7f ||
			    (unsigned char)*out >= 0x80)
				abort();
			out++;
			continue;
		}
		n = mbrtowc(&wc, out, strlen(out), &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			abort();
		if (wc < 0x20 || (wc >= 0x7f && wc <= 0x9f) ||
		    (wc >= 0x202a && wc <= 0x202e) ||
		    (wc >= 0x2066 && wc <= 0x2069) || wcwidth(wc) < 0)
			abort();
		out += n;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 ready;
	char		*in, *out, buf[TERM_SAFE_FIT_SIZE(40)];
	int		 flags, width;

	if (!ready) {
		setlocale(LC_ALL, "C.UTF-8");
		ready = 1;
	}
	if (size < 2)
		return (0);
	flags = data[0] & 0x0f;
	width = data[1] % 41;
	in = xstrndup((const char *)data + 2, size - 2);
	out = term_safe_dup(in, flags);
	fuzz_check(out, flags);
	if (strcmp(out, in) != 0 && term_safe_width(out, flags) !=
	    term_safe_width(in, flags))
		abort();
	free(out);
	out = term_safe_fit(in, width, flags);
	fuzz_check(out, flags);
	if (term_safe_width(out, flags) > width)
		abort();
	if (term_safe_fit_buf(buf, sizeof buf, in, width, flags) > width ||
	    strcmp(buf, out) != 0)
		abort();
	fuzz_check(buf, flags);
	free(out);
	free(in);
	return (0);
}
