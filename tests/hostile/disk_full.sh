#!/bin/sh
# A disk that fills up while the index is being written.  On a tiny tmpfs,
# `iana-services build` must exit 4 with the output path and the system's
# reason on stderr, leave the index already there byte for byte as it was,
# and the descriptions file beside it as they were, and leave no temporary
# file behind -- both when the data does not fit and when not even the
# temporary file can be created (no inodes left).
#
#   disk_full.sh TOOL
#
# Mounting needs a private mount namespace (root, or unprivileged user
# namespaces); without one it exits 77, the suite's "skipped", saying why.
set -eu
if [ $# -ne 1 ]; then
	echo "usage: $0 TOOL" >&2
	exit 2
fi
tool=$1

if [ "${NSS_IANA_IN_NAMESPACE:-}" != 1 ]; then
	if [ "$(id -u)" = 0 ]; then
		unshare_flags=--mount
	else
		unshare_flags="--mount --map-root-user"
	fi
	# shellcheck disable=SC2086 # the flags are words on purpose
	if ! unshare $unshare_flags true 2>/dev/null; then
		echo "SKIP: this machine refuses a private mount namespace (unshare $unshare_flags failed)"
		exit 77
	fi
	# shellcheck disable=SC2086
	NSS_IANA_IN_NAMESPACE=1 exec unshare $unshare_flags sh "$0" "$@"
fi

scratch=$(mktemp -d)
disk="$scratch/disk"
cleanup() {
	umount "$disk" 2>/dev/null || true
	rm -rf "$scratch"
}
trap cleanup EXIT
mkdir "$disk"
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# A registry whose index is a few hundred bytes, and one whose index is
# far larger than the disk: 6000 entries, about 25 bytes each.
printf 'Service Name,Port Number,Transport Protocol\nssh,22,tcp\n' >"$scratch/small.csv"
awk 'BEGIN {
	print "Service Name,Port Number,Transport Protocol,Description"
	for (i = 1; i <= 6000; i++)
		printf "service-%d,%d,tcp,Service number %d\n", i, i, i
}' >"$scratch/large.csv"

# Builds REGISTRY onto the full disk and checks the refusal; WHY is the
# system's reason expected on stderr.
expect_refusal() {
	registry=$1 why=$2
	cp "$disk/services.idx" "$scratch/before.idx"
	cp "$disk/services.descriptions" "$scratch/before.descriptions"
	status=0
	"$tool" build --quiet --output "$disk/services.idx" "$registry" \
		>"$scratch/out" 2>"$scratch/err" || status=$?
	[ "$status" = 4 ] || fail "exit status $status, not 4 ($(cat "$scratch/err"))"
	grep -q "$disk/services.idx: .*$why" "$scratch/err" ||
		fail "stderr does not name the index and \"$why\": $(cat "$scratch/err")"
	cmp -s "$scratch/before.idx" "$disk/services.idx" || fail "the previous index changed"
	cmp -s "$scratch/before.descriptions" "$disk/services.descriptions" ||
		fail "the previous descriptions file changed"
	left=$(ls -A "$disk" | tr '\n' ' ')
	[ "$left" = "services.descriptions services.idx " ] || fail "left on the disk: $left"
}

# The data does not fit.
mount -t tmpfs -o size=64k tmpfs "$disk"
"$tool" build --quiet --output "$disk/services.idx" "$scratch/small.csv"
expect_refusal "$scratch/large.csv" "No space left on device"
# Room for the index and its descriptions file but not for another file
# beside them (the directory takes an inode too).
umount "$disk"
mount -t tmpfs -o size=1m,nr_inodes=3 tmpfs "$disk"
"$tool" build --quiet --output "$disk/services.idx" "$scratch/small.csv"
expect_refusal "$scratch/small.csv" "No space left on device"

if [ "$failures" != 0 ]; then
	exit 1
fi
echo "disk full: refused with exit 4, previous index intact, nothing left behind"
