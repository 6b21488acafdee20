#!/bin/sh
# A saved registry page builds from the page alone (no local files) into
# exactly the entries its rows define, in page order, dated by its "Last
# Updated" line, with its rows without a name, port or protocol and its
# contact rows counted -- as the hand-written expectation says:
#     test_seeds.sh SEED
# reads SHARED_SEEDS_DIR/SEED.txt and seeds/SEED.expected ("# key: value"
# lines, then one "name port/proto aliases" line per entry).
# Environment: TOOL, SHARED_SEEDS_DIR.
set -eu
: "${TOOL:?}" "${SHARED_SEEDS_DIR:?}"
seed=${1:?usage: test_seeds.sh SEED}
here=$(cd "$(dirname "$0")" && pwd)
page=$SHARED_SEEDS_DIR/$seed.txt
expected=$here/seeds/$seed.expected
if [ ! -r "$page" ]; then
	echo "SKIP: $page is not readable: the saved registry pages are needed beside the project" >&2
	exit 77
fi
. "$here/../e2e/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

expected_fact() { sed -n "s/^# $1: //p" "$expected"; }
summary_count() { sed -n "s/^ *$1 *\([0-9]*\).*/\1/p" "$work/summary"; }

"$TOOL" build --output "$work/page.idx" "$page" >"$work/summary"
"$TOOL" dump --index "$work/page.idx" | grep -v '^#' | tr -s ' ' | sed 's/ $//' >"$work/dump"
grep -v '^#' "$expected" >"$work/expected"
if cmp -s "$work/dump" "$work/expected"; then
	echo "ok: the dump is the $(wc -l <"$work/expected") expected entries, in page order"
else
	echo "FAIL: the dump differs from $expected:"
	diff "$work/expected" "$work/dump" | head -20
	failures=$((failures + 1))
fi
check "registry date" "$("$TOOL" info --index "$work/page.idx" | sed -n 's/^Registry: *updated //p')" \
	"$(expected_fact updated)"
check "rows without a name" "$(summary_count 'no service name')" "$(expected_fact no-name)"
check "rows without a port" "$(summary_count 'no port number')" "$(expected_fact no-port)"
check "rows without a protocol" "$(summary_count 'no protocol')" "$(expected_fact no-protocol)"
check "contact rows skipped" "$(summary_count 'contact table rows')" "$(expected_fact contact-rows)"
check "source format" "$(sed -n 's/^ *registry *[^ ]* (\([a-z]*\),.*/\1/p' "$work/summary")" page
[ "$failures" = 0 ]
