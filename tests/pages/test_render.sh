#!/bin/sh
# The page reader against the XML reader: a registry in IANA's XML,
# rendered as its web page reads when saved as text (render_page.py: plain
# text, a pipe table, a pipe table without the leading pipe), builds into
# an index with the same entries, in the same order, and the same date as
# the XML itself; from the pipe tables, whose cells are known, the rows
# without a name, port or protocol are counted as from the XML.
#     test_render.sh fixture|iana-xml
# renders tests/fixtures/rules.xml, or IANA's XML beside the project
# (skipped without it).  The pages are made afresh and not kept.
# Environment: TOOL, PYTHON, FIXTURE_DIR, SHARED_REGISTRY_DIR.
set -eu
: "${TOOL:?}" "${PYTHON:?}" "${FIXTURE_DIR:?}" "${SHARED_REGISTRY_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
case ${1:?usage: test_render.sh fixture|iana-xml} in
fixture) xml=$FIXTURE_DIR/rules.xml ;;
iana-xml) xml=$SHARED_REGISTRY_DIR/service-names-port-numbers.xml ;;
*) echo "test_render.sh: unknown registry '$1'" >&2; exit 2 ;;
esac
if [ ! -r "$xml" ]; then
	echo "SKIP: $xml is not readable: IANA's XML is needed beside the project" >&2
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

entries() { "$TOOL" dump --index "$1" | grep -v '^#'; }
date_of() { "$TOOL" info --index "$1" | sed -n 's/^Registry: *//p'; }
skips() { grep -E '^ *(no service name|no port number|no protocol) ' "$1"; }

"$TOOL" build --output "$work/xml.idx" "$xml" >"$work/xml.summary" 2>/dev/null
entries "$work/xml.idx" >"$work/xml.dump"
for style in plain pipes bare-pipes; do
	"$PYTHON" "$here/render_page.py" "$xml" "$style" >"$work/$style.txt"
	if ! "$TOOL" build --output "$work/$style.idx" "$work/$style.txt" \
		>"$work/$style.summary" 2>"$work/$style.err"; then
		fail "$style: the page does not build: $(head -3 "$work/$style.err")"
		continue
	fi
	entries "$work/$style.idx" >"$work/$style.dump"
	if cmp -s "$work/xml.dump" "$work/$style.dump"; then
		echo "ok: $style: the same $(wc -l <"$work/xml.dump") entries as the XML, in order"
	else
		fail "$style: the entries differ from the XML's:"
		diff "$work/xml.dump" "$work/$style.dump" | head -10
	fi
	[ "$(date_of "$work/$style.idx")" = "$(date_of "$work/xml.idx")" ] ||
		fail "$style: registry $(date_of "$work/$style.idx"), the XML's $(date_of "$work/xml.idx")"
	if [ "$style" != plain ]; then
		skips "$work/xml.summary" >"$work/xml.skips"
		skips "$work/$style.summary" >"$work/$style.skips"
		cmp -s "$work/xml.skips" "$work/$style.skips" || fail "$style: other skip counts than the XML's"
	fi
done
[ "$failures" = 0 ]
