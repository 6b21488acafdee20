#!/bin/sh
# Each manual page formats with man --warnings and prints nothing on
# standard error, and its NAME section gives the page's own name (what
# mandb and apropos index).
#   man_warnings.sh PAGE...
set -eu
if ! command -v man >/dev/null; then
	echo "SKIP: man (man-db) is not installed" >&2
	exit 77
fi
failures=0
for page in "$@"; do
	name=$(basename "$page" | sed 's/\.[0-9]$//')
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	if [ -n "$warnings" ]; then
		printf 'FAIL: %s:\n%s\n' "$page" "$warnings"
		failures=$((failures + 1))
	elif ! lexgrog "$page" | grep -q -E -- "\"$name( -|,)"; then
		printf 'FAIL: %s: lexgrog finds no NAME entry for %s\n' "$page" "$name"
		failures=$((failures + 1))
	else
		echo "ok: $page formats cleanly"
	fi
done
[ "$failures" = 0 ]
