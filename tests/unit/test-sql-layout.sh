#!/bin/sh
# The SQL layout: each function, view, trigger and policy is defined in one
# module file, and numbered migrations define none of them.
set -eu

top=${SB_TOP_SRCDIR:?run by make check}
cd "$top"
status=0

# "kind name" of every definition in the files given, one a line, with file.
sql_definitions() {
	awk '
	{
		line = tolower($0)
		if (match(line, /create (or replace )?function [a-z0-9_."]+/) ||
		    match(line, /create (or replace )?(view|trigger) [a-z0-9_."]+/)) {
			s = substr(line, RSTART, RLENGTH)
			sub(/create (or replace )?/, "", s)
			print s, FILENAME
		}
		if (match(line, /create policy [a-z0-9_"]+ on [a-z0-9_."]+/)) {
			s = substr(line, RSTART, RLENGTH)
			sub(/create /, "", s)
			sub(/ on /, "@", s)
			print s, FILENAME
		}
	}' "$@"
}

defs=$(sql_definitions sql/modules/*.sql)
if [ -z "$defs" ]; then
	echo "no definitions found in sql/modules/" >&2
	exit 1
fi
dups=$(echo "$defs" | awk '{ print $1, $2 }' | sort | uniq -d)
if [ -n "$dups" ]; then
	echo "defined in more than one place:" >&2
	for d in $(echo "$dups" | tr ' ' '|'); do
		k=$(echo "$d" | tr '|' ' ')
		echo "$defs" | grep "^$k " >&2
	done
	status=1
fi
numbered=$(sql_definitions sql/[0-9][0-9][0-9]-*.sql)
if [ -n "$numbered" ]; then
	echo "a numbered migration defines what belongs in sql/modules/:" >&2
	echo "$numbered" >&2
	status=1
fi
exit $status
