#!/bin/sh
# `cmake --install` puts the index in place by rename, never by writing
# over the file already there: running programs have that file mapped, and
# a mapped file cut short or rewritten under them can kill them with SIGBUS
# or answer them garbage.  Installed twice into a DESTDIR, with another
# file in place and a second name (a hard link) kept for it, standing for a
# program that has it mapped: the second install must leave that file's
# bytes as they were, put the build's index under the path as a new inode,
# with its descriptions file beside it, and leave nothing else there.
#
#   install_renames.sh BUILDDIR DEFAULT_INDEX    (CMAKE: the cmake to run)
set -eu
if [ $# -ne 2 ]; then
	echo "usage: $0 BUILDDIR DEFAULT_INDEX" >&2
	exit 2
fi
build=$1 default_index=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
installed="$scratch/root$default_index"
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

install_once() {
	if ! DESTDIR="$scratch/root" "${CMAKE:-cmake}" --install "$build" >"$scratch/install.log" 2>&1; then
		cat "$scratch/install.log"
		echo "FAIL: cmake --install failed"
		exit 1
	fi
}

install_once
cmp -s "$build/services.idx" "$installed" || fail "the first install did not put the index in place"

# Another index in place (put there by rename, as it would be), held open
# under a second name.
printf 'an older index, mapped by some running program\n' >"$scratch/older"
cp "$scratch/older" "$installed.put"
mv "$installed.put" "$installed"
ln "$installed" "$scratch/held"

install_once
cmp -s "$build/services.idx" "$installed" || fail "the second install did not put the index in place"
cmp -s "$scratch/older" "$scratch/held" || fail "the file in place was written over, not replaced"
[ "$(stat -c %i "$installed")" != "$(stat -c %i "$scratch/held")" ] ||
	fail "the index in place is still the old inode"
descriptions="${installed%.*}.descriptions"
cmp -s "$build/services.descriptions" "$descriptions" ||
	fail "the install did not put the descriptions file beside the index"
left=$(ls -A "$(dirname "$installed")" | tr '\n' ' ')
expected=$(printf '%s\n' "$(basename "$descriptions")" "$(basename "$installed")" | sort | tr '\n' ' ')
[ "$left" = "$expected" ] || fail "beside the index: $left (expected: $expected)"

if [ "$failures" != 0 ]; then
	exit 1
fi
echo "install: the index went in by rename; the file in place before kept its bytes"
