#!/bin/sh
# Runs a command in a private mount namespace where /etc/nsswitch.conf says
# "services: SOURCES", with the module of BUILD_DIR found first.  With
# ETC_SERVICES=FILE, /etc/services shows FILE; with NO_ETC_SERVICES=1 it is
# empty.  Nothing outside the namespace changes.
#
#   in-namespace.sh BUILD_DIR "SOURCES" COMMAND [ARG]...
#
# Exits 77 (the "skipped" code of the test suite) with the reason on stderr
# when the machine refuses a mount namespace.
set -eu
if [ $# -lt 3 ]; then
	echo "usage: $0 BUILD_DIR SOURCES COMMAND [ARG]..." >&2
	exit 2
fi
build_dir=$1 sources=$2
shift 2

if [ "${NSS_IANA_IN_NAMESPACE:-}" != 1 ]; then
	if [ "$(id -u)" = 0 ]; then
		unshare_flags=--mount
	else
		unshare_flags="--mount --map-root-user"
	fi
	# shellcheck disable=SC2086 # the flags are words on purpose
	if ! unshare $unshare_flags true 2>/dev/null; then
		echo "SKIP: this machine refuses a private mount namespace (unshare $unshare_flags failed)" >&2
		exit 77
	fi
	# shellcheck disable=SC2086
	NSS_IANA_IN_NAMESPACE=1 exec unshare $unshare_flags sh "$0" "$build_dir" "$sources" "$@"
fi

scratch=$(mktemp -d)
printf 'services: %s\n' "$sources" >"$scratch/nsswitch.conf"
grep -v '^services:' /etc/nsswitch.conf >>"$scratch/nsswitch.conf" || true
mount --make-rprivate / 2>/dev/null || true
mount --bind "$scratch/nsswitch.conf" /etc/nsswitch.conf
if [ -n "${ETC_SERVICES:-}" ]; then
	mount --bind "$ETC_SERVICES" /etc/services
elif [ "${NO_ETC_SERVICES:-0}" = 1 ]; then
	: >"$scratch/services"
	mount --bind "$scratch/services" /etc/services
fi
export LD_LIBRARY_PATH="$build_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
status=0
"$@" || status=$?
rm -rf "$scratch"
exit $status
