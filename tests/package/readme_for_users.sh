#!/bin/sh
# The README is for system administrators and packagers: at most 250 lines
# (contributors' documents are in docs/), and it names no path that exists
# only in a development tree, such as the IANA files kept in ../shared.
#   readme_for_users.sh README
set -eu
readme=$1
max_lines=250
lines=$(wc -l <"$readme")
status=0
if [ "$lines" -gt "$max_lines" ]; then
	echo "FAIL: $readme has $lines lines, at most $max_lines (move detail to docs/)"
	status=1
fi
if grep -n -F '../shared' "$readme"; then
	echo "FAIL: $readme names ../shared, which only a development tree has"
	status=1
fi
[ "$status" = 0 ] && echo "ok: $readme: $lines lines, no development-only path"
exit $status
