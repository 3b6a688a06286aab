#!/bin/sh
# The build lists: every file of src/ and include/switchboard/ in exactly
# one module of mk/, every test program's source in its layer's list of
# mk/tests.am, every support file, test data and golden screen once (or
# "make dist" leaves it out), and every shell test among the tests.
set -eu

top=${SB_TOP_SRCDIR:?run by make check}
cd "$top"
status=0

# How often path stands as a word of its own in the build files (or in
# the files given after it), comments left out.
listed() {
	p=$1
	shift
	[ $# -gt 0 ] || set -- Makefile.am mk/*.am
	sed 's/#.*//' "$@" | tr ' \t\\' '\n\n\n' | grep -cx "$p" || true
}

for f in src/*.c src/*.h include/switchboard/*.h; do
	[ -f "$f" ] || continue
	case "$f" in src/migrations.c) continue ;; esac	# generated
	n=$(listed "$f")
	if [ "$n" -ne 1 ]; then
		echo "test-build-lists: $f is listed $n times in mk/*.am"
		status=1
	fi
done
for f in tests/unit/test-*.c tests/db/test-*.c tests/screen/test-*.c; do
	n=$(listed "${f%.c}" mk/tests.am)
	if [ "$n" -ne 1 ]; then
		echo "test-build-lists: ${f%.c} is listed $n times, not once"
		status=1
	fi
done
# Support code, test data and golden screens: in the library or the tarball.
for f in tests/support/*.[ch] tests/fuzz/*.c tests/screen/golden/* \
    $(find tests/unit/data tests/db/data -type f | sort); do
	case "$f" in tests/support/legacy-migrations.c) continue ;; esac
	n=$(listed "$f")
	# A helper program is listed by its name.
	case "$f" in tests/support/*.c) n=$((n + $(listed "${f%.c}"))) ;; esac
	if [ "$n" -ne 1 ]; then
		echo "test-build-lists: $f is listed $n times, not once"
		status=1
	fi
done
for f in tests/unit/test-*.sh; do
	n=$(listed "$f")
	if [ "$n" -ne 1 ]; then
		echo "test-build-lists: $f is listed $n times, not once"
		status=1
	fi
done
if [ "$status" -eq 0 ]; then
	echo "test-build-lists: every source and test listed once"
fi
exit "$status"
