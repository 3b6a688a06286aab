#!/bin/sh
# check-bounds on a small tree that breaks each of its rules: it must fail
# and name every crossing and circle, and nothing the debt list allows.
set -eu

top=${SB_TOP_SRCDIR:?run by make check}
check="$top/build-aux/check-bounds"
data="$top/tests/unit/data/bounds"

out=$(mktemp)
trap 'rm -f "$out"' EXIT

if sh "$check" -d "$data/debt" -n "$data/nm.txt" "$data" > "$out"; then
	echo "test-bounds-self: check-bounds passed a tree that breaks it"
	cat "$out"
	exit 1
fi
diff -u "$data/expected" "$out"

# The call circles, listed in the debt list's form.
sh "$check" -l "$data/nm.txt" > "$out"
diff -u "$data/expected-list" "$out"
echo "test-bounds-self: check-bounds fails where it should"
