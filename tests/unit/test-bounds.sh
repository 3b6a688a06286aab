#!/bin/sh
# The boundaries of this tree: includes of src/ and include/, calls of src/.
set -eu

top=${SB_TOP_SRCDIR:?run by make check}
build=${SB_TOP_BUILDDIR:?run by make check}
nm=${NM:-nm}

listing=$(mktemp)
trap 'rm -f "$listing"' EXIT
# The program's objects: every file of src/ but main.c is in the library.
"$nm" -A -P "$build/libswitchboard.a" "$build/src/main.o" > "$listing"
sh "$top/build-aux/check-bounds" -d "$top/build-aux/bounds-debt" \
    -n "$listing" "$top"
