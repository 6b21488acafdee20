#!/bin/sh
# getent services through libnss_iana.so.2 in a private mount namespace: by
# name, by alias, by port, the whole enumeration, and the precedence of
# "services: files iana" against "services: iana" and "iana files", on the
# full registry (IANA's XML beside the project, else the project's snapshot).
# With VALGRIND set, every getent runs under memcheck.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
registry=$(full_registry)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export NSS_IANA_INDEX="$scratch/services.idx"
"$TOOL" build --quiet --output "$NSS_IANA_INDEX" "$registry"

getent_in() { # SOURCES ARGS...: getent's output, or "exit N" when it fails
	sources=$1
	shift
	status=0
	sh "$here/in-namespace.sh" "$BUILD_DIR" "$sources" \
		${VALGRIND:+"$VALGRIND" --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite} \
		getent services "$@" >"$scratch/out" || status=$?
	[ "$status" = 77 ] && exit 77
	if [ "$status" = 0 ]; then tr -s ' ' <"$scratch/out"; else echo "exit $status"; fi
}
expect() { # SOURCES QUERY EXPECTED
	got=$(getent_in "$1" "$2")
	if [ "$got" != "$3" ]; then
		echo "FAIL: services: $1: getent services $2: got '$got', expected '$3'"
		failures=$((failures + 1))
	else
		echo "ok: services: $1: $2 -> $3"
	fi
}

expect iana 5162/tcp "snmpssh-trap 5162/tcp"
expect iana interhdl_elmd "interhdl-elmd 1454/tcp interhdl_elmd"
expect iana interhdl_elmd/udp "interhdl-elmd 1454/udp interhdl_elmd"
expect iana https "https 443/tcp"
expect iana 6005/tcp "x11 6005/tcp"
expect iana HTTP/udp "http 80/udp"
expect iana no-such-service "exit 2"
expect iana 4/tcp "exit 2"

# A private /etc/services that disagrees with the registry.
printf 'http\t\t8080/tcp\twww-alt\nmyservice\t9999/tcp\n' >"$scratch/services"
export ETC_SERVICES="$scratch/services"
expect "files iana" http/tcp "http 8080/tcp www-alt"
expect "files iana" interhdl_elmd "interhdl-elmd 1454/tcp interhdl_elmd"
expect "files iana" myservice "myservice 9999/tcp"
expect iana http/tcp "http 80/tcp"
expect iana myservice "exit 2"
expect "iana files" http/tcp "http 80/tcp"
expect "iana files" myservice "myservice 9999/tcp"
unset ETC_SERVICES

if [ -z "${VALGRIND:-}" ]; then
	getent_in iana >"$scratch/enumerated"
	"$TOOL" dump --index "$NSS_IANA_INDEX" | grep -v '^#' | sed 's/ *#.*//' | tr -s ' ' >"$scratch/dumped"
	entries=$(oracle_fact entries "$registry")
	if cmp -s "$scratch/enumerated" "$scratch/dumped" && [ "$(wc -l <"$scratch/enumerated")" = "$entries" ]; then
		echo "ok: getent services lists the $entries entries of the index, in order"
	else
		echo "FAIL: getent services differs from the index's dump:"
		diff "$scratch/dumped" "$scratch/enumerated" | head -5
		failures=$((failures + 1))
	fi
fi
[ "$failures" = 0 ]
