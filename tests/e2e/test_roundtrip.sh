#!/bin/sh
# Round trip: "iana-services dump" of an index is a services(5) file from
# which glibc's nss_files answers every query exactly as the module answers
# from the index.  Both are asked through glibc itself, each in a private
# mount namespace (tests/e2e/in-namespace.sh): nss_files with "services:
# files" and the dump as /etc/services, the module with "services: iana" and
# an empty /etc/services.  For one index a run,
#     test_roundtrip.sh default|registry|iana-csv
# the build's default one (the registry plus data/traditional-services), the
# full registry alone (IANA's XML beside the project, else the project's
# snapshot of it), or IANA's 2024 CSV alone (skipped without it):
#   1. the dump has one line for each entry of the index;
#   2. every query -- each name and alias of the dump with its line's
#      protocol and with none, each port with its protocol and with none --
#      gets the same answer (name, port, protocol, aliases in order) from
#      getservbyname_r/getservbyport_r both ways;
#   3. "getent services" (getservent) lists the same lines in the same order
#      both ways.
# services(5) has no port ranges: a range is dumped on its first port, so
# only that port is asked.
# First a control shows that the comparison can fail: in a copy of the dump
# one line gains an alias, and the answers to that line's queries must differ.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
python=${PYTHON:-python3}
which=${1:?usage: test_roundtrip.sh default|registry|iana-csv}
csv="$SHARED_REGISTRY_DIR/service-names-port-numbers-2024-06.csv"
if [ "$which" = iana-csv ] && [ ! -r "$csv" ]; then
	echo "SKIP: $csv is not readable: IANA's 2024 CSV is needed beside the project" >&2
	exit 77
fi
if [ ! -r "$BUILD_DIR/services.idx" ]; then
	echo "FAIL: no index $BUILD_DIR/services.idx: the build's 'index' target makes it"
	exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
trap 'exit 1' INT TERM HUP

# Runs COMMAND in a private mount namespace, passing on its exit status but
# leaving the whole test (as skipped) when the machine refuses one.
in_namespace() { # SOURCES COMMAND [ARG]...
	status=0
	sh "$here/in-namespace.sh" "$BUILD_DIR" "$@" || status=$?
	if [ "$status" = 77 ]; then
		exit 77
	fi
	return "$status"
}

# getservbyname_r/getservbyport_r through glibc for each query, one answer
# line each ("-" for none): nss_files reading FILE, or the module reading
# INDEX.
files_answers() { # SERVICES-FILE QUERIES ANSWERS
	ETC_SERVICES="$1" in_namespace files \
		"$python" "$here/netbase_compare.py" --answer-with-libc <"$2" >"$3"
}
module_answers() { # INDEX QUERIES ANSWERS
	NO_ETC_SERVICES=1 NSS_IANA_INDEX="$1" in_namespace iana \
		"$python" "$here/netbase_compare.py" --answer-with-libc <"$2" >"$3"
}

# Whether two answer files for the same queries agree; if not, names the
# first few queries whose answers differ.
same_answers() { # QUERIES FILES-ANSWERS MODULE-ANSWERS
	if cmp -s "$2" "$3" && [ "$(wc -l <"$2")" = "$(wc -l <"$1")" ]; then
		return 0
	fi
	echo "  $(paste "$2" "$3" | awk -F'\t' '$1 != $2' | wc -l) of $(wc -l <"$1") answers differ:"
	paste "$1" "$2" "$3" | awk -F'\t' '$4 != $5 {
		printf "    %s %s%s: nss_files %s; the module %s\n", $1, $2, ($3 == "" ? "" : "/" $3), $4, $5
	}' | head -10
	return 1
}

round_trip() { # NAME INDEX
	dump="$scratch/$1.services"
	"$TOOL" dump --index "$2" >"$dump"
	entries=$("$TOOL" info --index "$2" | sed -n 's/^Entries: *\([0-9]*\).*/\1/p')
	lines=$(grep -cv '^#' "$dump" || true)
	if [ "$lines" = "$entries" ] && [ "$entries" -gt 0 ]; then
		echo "ok: $1: the dump has a line for each of the $entries entries"
	else
		echo "FAIL: $1: the dump has $lines lines, the index ${entries:-?} entries"
		failures=$((failures + 1))
	fi

	services_queries "$dump" >"$scratch/$1.queries"
	count=$(wc -l <"$scratch/$1.queries")
	files_answers "$dump" "$scratch/$1.queries" "$scratch/$1.files"
	module_answers "$2" "$scratch/$1.queries" "$scratch/$1.module"
	unanswered=$(grep -c '^-$' "$scratch/$1.files" || true)
	if [ "$unanswered" != 0 ]; then
		echo "FAIL: $1: nss_files leaves $unanswered of the $count queries of the dump unanswered"
		failures=$((failures + 1))
	fi
	if same_answers "$scratch/$1.queries" "$scratch/$1.files" "$scratch/$1.module"; then
		echo "ok: $1: nss_files reading the dump answers each of the $count queries as the module"
	else
		echo "FAIL: $1: nss_files reading the dump and the module reading the index disagree"
		failures=$((failures + 1))
	fi

	ETC_SERVICES="$dump" in_namespace files getent services >"$scratch/$1.files-getent"
	NO_ETC_SERVICES=1 NSS_IANA_INDEX="$2" in_namespace iana getent services \
		>"$scratch/$1.module-getent"
	if cmp -s "$scratch/$1.files-getent" "$scratch/$1.module-getent" &&
		[ "$(wc -l <"$scratch/$1.files-getent")" = "$entries" ]; then
		echo "ok: $1: getent services lists the same $entries lines both ways"
	else
		echo "FAIL: $1: getent services differs (nss_files: $(wc -l <"$scratch/$1.files-getent") lines; the module: $(wc -l <"$scratch/$1.module-getent")):"
		diff "$scratch/$1.files-getent" "$scratch/$1.module-getent" | head -10
		failures=$((failures + 1))
	fi
}

# --- the control: a changed line of the dump is noticed ---------------------
"$TOOL" dump --index "$BUILD_DIR/services.idx" >"$scratch/control.services"
line=$(awk '/^http[ \t]/ { print; exit }' "$scratch/control.services")
check "control: the dump of the default index has an http line" "${line:+yes}" yes
printf '%s\n' "$line" >"$scratch/control.line"
services_queries "$scratch/control.line" >"$scratch/control.queries"
awk '!done && /^http[ \t]/ { $0 = $0 " roundtrip-control"; done = 1 } { print }' \
	"$scratch/control.services" >"$scratch/control-changed.services"
files_answers "$scratch/control-changed.services" "$scratch/control.queries" "$scratch/control.files"
module_answers "$BUILD_DIR/services.idx" "$scratch/control.queries" "$scratch/control.module"
if same_answers "$scratch/control.queries" "$scratch/control.files" "$scratch/control.module" \
	>"$scratch/control.report"; then
	check "control: an alias added to '$line' in the dump is noticed" "not noticed" "noticed"
else
	check "control: an alias added to '$line' in the dump is noticed" "noticed" "noticed"
	cat "$scratch/control.report"
fi

# --- the round trip -----------------------------------------------------------
case $which in
default)
	round_trip default "$BUILD_DIR/services.idx"
	;;
registry)
	"$TOOL" build --quiet --output "$scratch/registry.idx" "$(full_registry)"
	round_trip registry "$scratch/registry.idx"
	;;
iana-csv)
	# (The 2024 CSV has four names with spaces: the build warns, and skips them.)
	if ! "$TOOL" build --quiet --output "$scratch/csv.idx" "$csv" 2>"$scratch/csv.warnings"; then
		cat "$scratch/csv.warnings"
		exit 1
	fi
	round_trip registry-csv-2024-06 "$scratch/csv.idx"
	;;
*)
	echo "test_roundtrip.sh: unknown index '$which'" >&2
	exit 2
	;;
esac
[ "$failures" = 0 ]
